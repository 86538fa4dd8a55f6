"""When a task is due: its own 完成时间 / 时间节点 as written, cited."""

from __future__ import annotations

from bot.answer import Answer
from bot.answerers.base import Context, _cites, _name, deadline_chunk, deadline_of, titled
from bot.answerers.responsible import _closest, choose_responsibilities
from bot.answerers.target import _format_target
from bot.retrieve import Hit
from bot.spec import QuerySpec
from index.models import Responsibility


def answer_when(spec: QuerySpec, ctx: Context, hits: list[Hit]) -> Answer | None:
    """“…什么时候完成？” about an annex row or a task: its 完成时间 as written, cited; with the row's
    target values when the question asks for the value too. None when no named row states a time."""
    if not spec.wants_when:
        return None
    group, rows = choose_responsibilities(spec, ctx, hits)
    if not group:
        rows = _closest(spec, ctx, rows)
    dated: dict[tuple[str, str], tuple[Responsibility, tuple[str, str]]] = {}
    for r in rows:
        dl = deadline_of(r, ctx)
        if dl and (r.doc_id, r.locator) not in dated:
            dated[(r.doc_id, r.locator)] = (r, dl)
    if not dated:
        return None
    wants_value = spec.wants_value
    lines: list[str] = []
    for (doc, loc), (r, (head, value)) in dated.items():
        if spec.english:
            lines.append(f"{titled(loc, _name(r), True)} — {head}: {value}.")
        else:
            lines.append(f"{titled(loc, _name(r))}的{head}：{value}。")
        if wants_value:
            lines += [
                _format_target(t, spec.english, value)
                for t in ctx.facts.targets
                if t.doc_id == doc and t.locator == loc and t.chunk_id == r.chunk_id
            ]
    ids = [r.chunk_id for r, _ in dated.values()]
    ids += [c for r, _ in dated.values() if (c := deadline_chunk(r, ctx)) and c not in ids]
    return Answer(answer="\n".join(lines), intent=spec.intent, citations=_cites(ctx, ids))


def applies(spec: QuerySpec, ctx: Context) -> bool:
    return spec.intent in ("target", "fact") and spec.wants_when


def answer(spec: QuerySpec, ctx: Context, hits: list[Hit]) -> Answer | None:
    return answer_when(spec, ctx, hits)
