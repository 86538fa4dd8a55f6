"""The LLM's reading of a question, checked against the plan before it may change the QuerySpec. Pure.

The rules of bot/understand.py stay the default; this step runs only where they found nothing to answer
from (a casual or unusual phrasing). A draft counts only for what the catalogue confirms: a task name that
links to one of the plan's tasks or rows for sure, units the plan has. Abstention is still decided by the
answerers and the verifier.
"""

from __future__ import annotations

from dataclasses import replace

from bot.catalog import Catalog
from bot.linking import core_of, find_agencies, link_items, linked_rows
from bot.llm import SpecDraft
from bot.spec import QuerySpec

_INTENTS = {"responsible", "reverse", "target", "list", "fact"}
_ROLES = {"牵头", "配合", "参与", "指导"}
SURE = 0.8  # a draft's task must name a plan task this clearly (the linker's strong-match level)


def refine(spec: QuerySpec, draft: SpecDraft, cat: Catalog) -> QuerySpec | None:
    """A QuerySpec with what the draft adds and the plan confirms, or None when it adds nothing sure."""
    links = [lk for lk in link_items(core_of(draft.task), cat, question=draft.task) if lk.score >= SURE]
    if spec.doc:
        links = [lk for lk in links if lk.item.doc_id == spec.doc]
    agencies = [u for a in draft.agencies for u in find_agencies(a, cat) if u not in spec.agencies]
    if not links and not agencies:
        return None
    intent = draft.intent if draft.intent in _INTENTS else spec.intent
    if intent == "reverse" and not (agencies or spec.agencies):
        intent = spec.intent
    new_links = links + [lk for lk in spec.links if lk not in links]
    return replace(
        spec,
        intent=intent,  # type: ignore[arg-type]
        role=draft.role if draft.role in _ROLES else spec.role,
        links=new_links,
        rows=linked_rows(new_links, cat.th.link_min),
        agencies=[*spec.agencies, *agencies],
        source="llm",
    )
