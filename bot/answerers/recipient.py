"""To whom something goes: the unit a sentence sends, reports or hands work over to (“要及时移送市场监管部门”,
“报至区养老机构管理中心”, “及时移送各级纪检监察部门”), quoted. The task's own responsible unit is no answer to
“移交给谁”."""

from __future__ import annotations

import re

from bot.answer import Answer
from bot.answerers.base import Context, according_to, cite
from bot.answerers.passage import best_sentence
from bot.answerers.responsible import ACTOR_NAME
from bot.retrieve import Hit
from bot.spec import QuerySpec

# a verb of sending or reporting, then the unit it goes to
_TO = re.compile(
    r"(?:(?:报送|上报|报至|报请|移交|移送|提交|报告|反馈|抄送|交由|交给|转交|转送|通知|通报|告知|报)(?:给|至|到)?|向)\s*"
    rf"(?P<unit>{ACTOR_NAME})"
)


_PART_MAX = 80


def answer_recipient(spec: QuerySpec, ctx: Context, hits: list[Hit]) -> Answer | None:
    """The clause that names where the asked thing goes, from the sentence that best covers the question
    and names a receiving unit; None when no such sentence is close enough."""
    found = best_sentence(spec, ctx, hits, keep=lambda s: bool(_TO.search(s)))
    if not found or found[0] < ctx.cat.th.fact_min:
        return None
    _, sent, c = found
    # the “；” part that sends it, where short enough to quote whole (its condition stands before it:
    # “出现超过“二十厘米”的积水，且无有效手段…时，…并通知公安部门”), else the clause that sends it with
    # the one before, which says what is sent (“…进展情况，报至…”). (A unit's name holds no punctuation:
    # some part, and some clause, holds the match.)
    said = next(p for p in re.split(r"(?<=[；;])", sent) if _TO.search(p))
    if len(said) > _PART_MAX:
        parts = re.split(r"(?<=[，,；;])", sent)
        at = next(i for i, x in enumerate(parts) if _TO.search(x))
        said = "".join(parts[max(at - 1, 0) : at + 1])
    return Answer(
        answer=according_to(c, said.strip("，,；; "), spec.english), intent=spec.intent, citations=[cite(c)]
    )


def applies(spec: QuerySpec, ctx: Context) -> bool:
    return spec.asks == "whom" and not spec.english


def answer(spec: QuerySpec, ctx: Context, hits: list[Hit]) -> Answer | None:
    return answer_recipient(spec, ctx, hits)
