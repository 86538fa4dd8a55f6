"""A question of several parts (who and how much, and/or when): every part answered, in order."""

from __future__ import annotations

from dataclasses import replace

from bot.answer import Answer
from bot.answerers.base import Context, deadline_of
from bot.answerers.deadline import answer_when
from bot.answerers.responsible import answer_responsible
from bot.answerers.target import answer_target
from bot.retrieve import Hit
from bot.spec import QuerySpec


def answer_compound(spec: QuerySpec, ctx: Context, hits: list[Hit]) -> Answer | None:
    """A question that asks who and how much (and/or when) gets every part answered, in the order asked.
    The target part keeps its deadline; a responsible part shows the row's 完成时间 itself."""
    kinds = spec.parts
    if "responsible" not in kinds or len(kinds) < 2:
        return None
    answers: list[Answer] = []
    for kind in kinds:
        if kind == "responsible":
            answers.append(answer_responsible(replace(spec, intent="responsible"), ctx, hits))
        elif kind == "target":
            answers.append(answer_target(replace(spec, intent="target"), ctx, hits))
        elif "target" not in kinds:  # when: the responsible lines carry the row's 完成时间 already
            resp = answers[0] if answers else None
            if (
                resp
                and resp.citations
                and any(
                    deadline_of(r, ctx)
                    for r in ctx.facts.responsibilities
                    if r.chunk_id == resp.citations[0].chunk_id
                )
            ):
                continue
            when = answer_when(spec, ctx, hits) or answer_target(replace(spec, intent="target"), ctx, hits)
            answers.append(when)
    found = [a for a in answers if not a.abstained]
    if not found:
        return None
    lines = [a.answer for a in found]
    lines += [a.answer.split("可参考")[0] for a in answers if a.abstained]  # the part the plan leaves open
    cites = [c for a in found for c in a.citations]
    seen: set[str] = set()
    cites = [c for c in cites if not (c.chunk_id in seen or seen.add(c.chunk_id))]  # type: ignore[func-returns-value]
    return Answer(answer="\n".join(lines), intent=spec.intent, citations=cites)


def applies(spec: QuerySpec, ctx: Context) -> bool:
    return "responsible" in spec.parts and len(spec.parts) >= 2


def answer(spec: QuerySpec, ctx: Context, hits: list[Hit]) -> Answer | None:
    return answer_compound(spec, ctx, hits)
