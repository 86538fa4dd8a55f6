"""A heading whose numbered sub-tasks carry the units (“这部分任务分别由哪些单位牵头？”): each
sub-task's units in document order, in the asked role."""

from __future__ import annotations

from bot.answer import Answer
from bot.answerers.base import Context, _cites, _role, _units, held_roles
from bot.answerers.responsible import _order_roles
from bot.retrieve import Hit
from bot.spec import QuerySpec
from bot.text import norm


def answer_section(spec: QuerySpec, ctx: Context, hits: list[Hit]) -> Answer | None:
    """“提升乡村治理数字化水平这部分任务分别由哪些单位牵头？”: a heading whose numbered tasks carry
    the units: each task's units, in document order (the asked role only, when the plan names roles)."""
    if not spec.asks_who:
        return None
    q = norm(spec.match)
    for c in ctx.chunks.values():
        if c.kind != "task" or len(norm(c.title)) < 4 or norm(c.title) not in q:
            continue
        below = [
            r
            for r in ctx.cat.key_tasks
            if r.doc_id == c.doc_id and r.locator != c.locator and r.locator.startswith(c.locator)
        ]
        if not below or any(r.chunk_id == c.id for r in ctx.facts.responsibilities):
            continue
        chosen = _order_roles(below)
        chosen = held_roles(spec.role, chosen, {r.role for r in chosen}) or chosen
        head = (
            f"Tasks under {c.locator} “{c.title}”:" if spec.english else f"{c.locator}“{c.title}”下的任务："
        )
        lines = [head]
        for r in chosen:
            if spec.english:
                lines.append(f"- {r.locator} “{r.task}” — {_role(r, True)}: {_units(r)}.")
            else:
                lines.append(f"- {r.locator}“{r.task}”的{_role(r, False)}：{_units(r)}。")
        return Answer(
            answer="\n".join(lines), intent="responsible", citations=_cites(ctx, [r.chunk_id for r in chosen])
        )
    return None


def applies(spec: QuerySpec, ctx: Context) -> bool:
    return spec.intent in ("responsible", "list") and spec.asks_who


def answer(spec: QuerySpec, ctx: Context, hits: list[Hit]) -> Answer | None:
    return answer_section(spec, ctx, hits)
