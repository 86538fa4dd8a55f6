"""Composing an answer over one or several plans. Pure, no LLM.

Rules (DESIGN.md, "The one rule of answers"): every agency and number in the text comes from a cited
quote, quotes are the chunks' verbatim `quote`, and when the plan does not answer we abstain and point to
the closest sections. One plan: the answerers (bot/answerers/) in order. Several plans: answer within the
plan the question names, or per plan, naming each plan, so a unit of one plan is never another plan's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from bot.aliases import expand_synonyms
from bot.answer import Answer
from bot.answerers import answer_one
from bot.answerers.base import Context, _cites, _sentences, abstain, cite
from bot.answerers.passage import best_sentence
from bot.answerers.target import rank_targets
from bot.retrieve import Hit
from bot.spec import QuerySpec
from bot.text import norm
from index.models import Chunk, Facts, Plan

__all__ = ["Context", "PlansView", "cite", "compose", "plans_view"]


@dataclass
class PlansView(Context):
    """A Context over some of the indexed plans (those retrieval found for a question), with the whole
    index's catalogue weights (Catalog.view). One plan's own context is the one a question scoped to that
    plan gets (`plan_context`, built once per plan and version), and answers still name their plan: the
    index holds `indexed` plans, not only these."""

    plan_context: Callable[[str], Context] | None = None
    indexed: int = 0

    def scoped(self, doc: str) -> Context:
        return self.plan_context(doc) if self.plan_context is not None else super().scoped(doc)


def plans_view(
    full: Context, docs: list[str], records: dict[str, Any], plan_context: Callable[[str], Context]
) -> PlansView:
    """The view of `full` (the whole index's Context) over the plans `docs`, in the index's order.
    `records`: doc_id -> that plan's chunks, responsibilities and targets (PlanIndex.by_plan())."""
    cat = full.cat.view(docs)
    keep = cat.view_docs
    chunks: dict[str, Chunk] = {}
    facts = Facts()
    for d in keep:
        rec = records.get(d)
        if rec is not None:
            chunks.update(rec.chunks)
            facts.responsibilities += rec.responsibilities
            facts.targets += rec.targets
    plans = {d: full.plans[d] for d in keep if d in full.plans}
    return PlansView(
        cat=cat, facts=facts, chunks=chunks, plans=plans, plan_context=plan_context, indexed=len(full.plans)
    )


def plan_label(plan: Plan | None, doc: str) -> str:
    """How an answer names a plan: 《title》（文号）."""
    if plan is None:
        return doc
    title = f"《{plan.title}》" if plan.title else doc
    return f"{title}（{plan.doc_number}）" if plan.doc_number else title


def _scope(spec: QuerySpec, doc: str) -> QuerySpec:
    return replace(spec, links=[lk for lk in spec.links if lk.item.doc_id == doc], doc=doc)


def _hits_in(hits: list[Hit], ctx: Context, doc: str) -> list[Hit]:
    return [h for h in hits if h.chunk_id in ctx.chunks and ctx.chunks[h.chunk_id].doc_id == doc]


def _in_doc(spec: QuerySpec, ctx: Context, hits: list[Hit], doc: str) -> Answer:
    return answer_one(_scope(spec, doc), ctx.scoped(doc), _hits_in(hits, ctx, doc))


def _labelled(ans: Answer, ctx: Context, doc: str, english: bool) -> Answer:
    if not ans.abstained:
        label = plan_label(ctx.plans.get(doc), doc)
        sep = "\n" if "\n" in ans.answer else ""
        ans.answer = f"In {label}:{sep or ' '}{ans.answer}" if english else f"{label}：{sep}{ans.answer}"
    return ans


def answer_mentions(spec: QuerySpec, ctx: Context, hits: list[Hit]) -> Answer | None:
    """“哪些方案提到就业率？”: every plan whose text holds the term, each with the passage."""
    term = spec.mention_term
    if len(term) < 2:
        return None
    forms = {norm(term)} | {
        norm(w) for w in expand_synonyms(term, ctx.cat.synonyms).split()[1:] if len(w) >= 2
    }
    lines: list[str] = []
    ids: list[str] = []
    for doc, plan in ctx.plans.items():
        for c in (c for c in ctx.chunks.values() if c.doc_id == doc):
            sent = next((x for x in _sentences(c.quote) if any(f in norm(x) for f in forms)), None)
            if sent:
                lines.append(f"- {plan_label(plan, doc)} {c.locator}：“{sent}”")
                ids.append(c.id)
                break
    if not lines:
        return abstain(spec, ctx, hits, term)
    head = "Plans that mention it:" if spec.english else f"提到“{term}”的方案："
    return Answer(answer="\n".join([head, *lines]), intent=spec.intent, citations=_cites(ctx, ids))


def _per_plan(spec: QuerySpec, ctx: Context, hits: list[Hit], docs: list[str]) -> Answer:
    parts = [(d, _in_doc(spec, ctx, hits, d)) for d in docs]
    found = [(d, a) for d, a in parts if not a.abstained]
    if not found:
        return answer_one(spec, ctx, hits)
    label = (
        (lambda d: f"In {plan_label(ctx.plans.get(d), d)}:")
        if spec.english
        else (lambda d: f"{plan_label(ctx.plans.get(d), d)}：")
    )
    text = "\n\n".join(f"{label(d)}\n{a.answer}" for d, a in found)
    cites = [c for _, a in found for c in a.citations]
    return Answer(answer=text, intent=spec.intent, citations=cites)


def _strength(spec: QuerySpec, ctx: Context, hits: list[Hit], doc: str) -> float:
    """How well one plan answers a fact or target question on its own (0 when it does not)."""
    su, sctx, shits = _scope(spec, doc), ctx.scoped(doc), _hits_in(hits, ctx, doc)
    if spec.intent == "target":
        ranked = rank_targets(su, sctx)
        return ranked[0][0] if ranked else 0.0
    found = best_sentence(su, sctx, shits)
    return found[0] if found else 0.0


def _also_answering(spec: QuerySpec, ctx: Context, hits: list[Hit], cited: list[str]) -> list[str]:
    """Other plans that answer a fact or target question which names no plan (“领导小组办公室设在
    哪里？”) about as well as the plan first found: each is given with its own citation. A question
    about a unit or a named task stays with the plan that has it."""
    if spec.intent not in ("fact", "target") or spec.agencies or any(lk.score >= 0.8 for lk in spec.links):
        return []
    strength = {d: _strength(spec, ctx, hits, d) for d in ctx.plans}
    floor = ctx.cat.th.target_min if spec.intent == "target" else ctx.cat.th.fact_min
    top = max(strength[d] for d in cited)
    return [d for d in ctx.plans if d not in cited and strength[d] >= max(floor, 0.8 * top)]


def compose(spec: QuerySpec, ctx: Context, hits: list[Hit]) -> Answer:
    """One plan: route by intent. Several plans: answer within the plan the question names, or per plan,
    naming each plan, so that a unit of one plan is never presented as another plan's."""
    several = len(ctx.plans) > 1 or (isinstance(ctx, PlansView) and ctx.indexed > 1)
    if not several:
        return answer_one(spec, ctx, hits)
    docs = list(ctx.plans)
    if spec.doc in ctx.plans:
        ans = _labelled(_in_doc(spec, ctx, hits, spec.doc), ctx, spec.doc, spec.english)
    elif spec.cross and spec.mention and not spec.agencies:
        ans = answer_mentions(spec, ctx, hits) or _per_plan(spec, ctx, hits, docs)
    elif spec.cross or spec.intent in ("reverse", "list"):
        ans = _per_plan(spec, ctx, hits, docs)
    else:
        first = answer_one(spec, ctx, hits)
        cited = list(dict.fromkeys(c.doc for c in first.citations))
        if not first.abstained and cited:
            cited += _also_answering(spec, ctx, hits, cited)
        if first.abstained or not cited:
            ans = first
        elif len(cited) == 1:
            ans = _labelled(first, ctx, cited[0], spec.english)
        else:
            ans = _per_plan(spec, ctx, hits, [d for d in docs if d in cited])
    ans.intent = spec.intent
    return ans
