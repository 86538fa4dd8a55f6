"""Listings: the key tasks, the annex rows, the safeguards, the rows under one task."""

from __future__ import annotations

from bot.answer import Answer
from bot.answerers.base import Context, _cites, _name, _units, abstain, row_word
from bot.retrieve import Hit
from bot.spec import QuerySpec
from bot.text import norm


def answer_list(spec: QuerySpec, ctx: Context, hits: list[Hit]) -> Answer:
    links = [lk for lk in spec.links if lk.score >= ctx.cat.th.link_min and lk.item.kind == "key_task"]
    if links and spec.list_under:
        task = links[0].item
        rows = [r for r in ctx.cat.rows if r.doc_id == task.doc_id and norm(r.task) == norm(task.name)]
        if rows:
            if spec.english:
                lines = [f"Annex pilot tasks under “{task.name}”:"]
            else:
                lines = [f"附件中属于“{task.name}”的{row_word(ctx, task.doc_id)}："]
            lines += [f"- {r.locator}“{_name(r)}”：{_units(r)}" for r in rows]
            return Answer(
                answer="\n".join(lines), intent="list", citations=_cites(ctx, [r.chunk_id for r in rows])
            )
    doc_ids = {c.doc_id for c in ctx.chunks.values()}
    counting = spec.counting
    if spec.list_of == "rows":
        items = [r for r in ctx.cat.rows if r.pilot_task]
        label = f"附件{row_word(ctx)}"
    elif spec.list_of == "safeguards":
        chunks = [c for c in ctx.chunks.values() if c.kind == "safeguard"]  # document order
        head = f"保障措施共{len(chunks)}项：" if counting else "保障措施："
        lines = [head] + [f"- {c.locator}“{c.title}”" for c in chunks]
        return Answer(answer="\n".join(lines), intent="list", citations=_cites(ctx, [c.id for c in chunks]))
    else:
        # safeguards may carry a 牵头单位 too; they are not tasks
        items = [r for r in ctx.cat.key_tasks if "保障" not in r.locator]
        label = "重点任务"
    # one line per task: a task with 牵头 and 配合 units is two facts at one locator
    items = list({(r.doc_id, r.locator): r for r in items[::-1]}.values())[::-1]
    if not items:
        return abstain(spec, ctx, hits)
    per_doc = len(doc_ids) > 1
    # NOTE: a count appears only when asked for: it is the one number not quoted from the plan.
    if spec.english:
        head = f"The plan lists {len(items)} item(s):" if counting else "The plan lists:"
    else:
        head = f"方案共有{len(items)}项{label}：" if counting else f"方案的{label}："
    lines = [head]
    lines += [f"- {r.locator}“{_name(r)}”" + (f"（{r.doc_id}）" if per_doc else "") for r in items]
    return Answer(answer="\n".join(lines), intent="list", citations=_cites(ctx, [r.chunk_id for r in items]))


def applies(spec: QuerySpec, ctx: Context) -> bool:
    return spec.intent == "list"


def answer(spec: QuerySpec, ctx: Context, hits: list[Hit]) -> Answer | None:
    return answer_list(spec, ctx, hits)
