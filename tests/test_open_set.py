"""The open-question set (evals/data/open.jsonl) must agree with the shipped plan, like the gold set."""

from __future__ import annotations

from collections import Counter

from index.settings import DEFAULT_CORPUS
from tests.conftest import ROOT
from tests.test_ingest_evalset import items, norm

OPEN = ROOT / "evals" / "data" / "open.jsonl"


def test_every_kind_is_there_in_the_numbers_it_promises() -> None:
    got = items(OPEN)
    kinds = Counter(it["kind"] for it in got)
    assert kinds["open"] >= 18 and kinds["list"] >= 8 and kinds["abstain"] >= 15
    switches = [it for it in got if it["kind"] == "multiturn" and it["expect"].get("none")]
    assert kinds["multiturn"] >= 20 and len(switches) >= 15
    assert len({it["id"] for it in got}) == len(got)


def test_expected_strings_and_evidence_are_the_plans_own_words() -> None:
    text = norm(DEFAULT_CORPUS.read_text(encoding="utf-8"))
    bad = {}
    for it in items(OPEN):
        e = it["expect"]
        if e.get("abstain"):
            problems = (
                ["abstain item with evidence"] if it["evidence"] or e.get("all") or e.get("any") else []
            )
        else:
            problems = [
                s for s in [*it["evidence"], *e.get("all", []), *e.get("none", [])] if norm(s) not in text
            ]
            if e.get("any") and not any(norm(s) in text for s in e["any"]):
                problems.append("no `any` string in the plan")
        if problems:
            bad[it["id"]] = problems
    assert bad == {}
