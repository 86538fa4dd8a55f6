"""Answerers: one module per kind of answer, tried in order by `answer_one`.

Each module has `applies(spec, ctx)` (does this kind of answer fit the question?) and
`answer(spec, ctx, hits)` (an Answer, possibly an abstention that says why, or None to let the next one
try). The order encodes precedence: an abstention signal first, then who holds a post (组长由谁担任 is
not a task's responsibility), then answers that need a special shape of
question (several parts, a heading's sub-tasks, a deadline), then one per intent, then the notice's facts,
and last the best passage or an abstention with pointers. The notice's facts come before the intents:
“方案抄送了哪些单位” reads like a who-question but asks the notice.
"""

from __future__ import annotations

from types import ModuleType

from bot.answer import Answer
from bot.answerers import (
    compound,
    deadline,
    group,
    listing,
    meta,
    passage,
    post,
    recipient,
    responsible,
    reverse,
    section,
    target,
)
from bot.answerers.base import Context, abstain, cite
from bot.retrieve import Hit
from bot.spec import QuerySpec

REGISTRY: tuple[ModuleType, ...] = (
    post,
    recipient,
    compound,
    group,
    section,
    deadline,
    meta,
    responsible,
    reverse,
    target,
    listing,
    passage,
)


def answer_one(spec: QuerySpec, ctx: Context, hits: list[Hit]) -> Answer:
    """The first answer an applicable answerer gives. A general abstention signal (a year, place, person
    or amount the plan never names) wins over all of them."""
    if spec.abstain_reason:
        ans = abstain(spec, ctx, hits, spec.abstain_reason)
    else:
        found = (a.answer(spec, ctx, hits) for a in REGISTRY if a.applies(spec, ctx))
        ans = next((x for x in found if x is not None), None) or abstain(spec, ctx, hits)
        if ans.abstained and spec.intent in ("responsible", "target", "fact"):
            ans = passage.answer_supported(spec, ctx, hits) or passage.answer_undated(spec, ctx, hits) or ans
    ans.intent = spec.intent
    return ans


__all__ = ["REGISTRY", "Context", "answer_one", "cite"]
