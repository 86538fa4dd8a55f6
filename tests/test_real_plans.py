"""The development corpus of real public plans (evals/data/plans/real/) must agree with its texts.

Model-free: the plan files are read through the loader, and each gold item is checked against them the
way the scorer normalises text. A wrong item is caught here before it scores the bot.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from index.load import load
from index.pipeline import doc_id_for
from tests.conftest import ROOT
from tests.test_ingest_evalset import items, norm

REAL = ROOT / "evals" / "data" / "plans" / "real"
SOURCES = ROOT / "evals" / "data" / "plans" / "SOURCES.md"
FILES = sorted(REAL.glob("*.jsonl"))
KINDS = {"responsible", "target", "reverse", "deadline", "abstain"}


@cache
def plan_text(name: str) -> str:
    return norm(load(REAL / name).text)


def test_the_corpus_has_fifteen_plans_or_more_with_their_sources() -> None:
    assert len(FILES) >= 15
    sources = SOURCES.read_text(encoding="utf-8")
    for f in FILES:
        line = next((ln for ln in sources.splitlines() if ln.startswith(f.stem + " ")), "")
        assert re.search(r"https?://", line), f"{f.stem}: no source address in SOURCES.md"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_items_are_complete_and_name_their_plan(path: Path) -> None:
    got = items(path)
    assert len(got) >= 12
    for it in got:
        assert it["doc"] == path.stem == doc_id_for(REAL / it["plan"]), it["id"]
        assert it["kind"] in KINDS, it["id"]
        assert it["split"] == "dev" or it["split"].startswith("holdout"), it["id"]
        assert it["features"], it["id"]
    assert len({it["split"] for it in got}) == 1, "a plan is wholly dev or wholly holdout"
    kinds = Counter(it["kind"] for it in got)
    assert kinds["responsible"] >= 4 and kinds["abstain"] >= 2 and kinds["reverse"] >= 1


def test_ids_are_unique_across_plans() -> None:
    ids = [it["id"] for f in FILES for it in items(f)]
    assert [i for i, n in Counter(ids).items() if n > 1] == []


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_expected_strings_and_evidence_are_verbatim(path: Path) -> None:
    bad: dict[str, list[str]] = {}
    for it in items(path):
        text = plan_text(it["plan"])
        expect = it["expect"]
        problems = []
        if expect.get("abstain"):
            if it["evidence"] or expect.get("all") or expect.get("any"):
                problems.append("abstain item with evidence or expected strings")
        else:
            if not it["evidence"] or not (expect.get("all") or expect.get("any")):
                problems.append("nothing expected or no evidence")
            problems += [f"evidence: {e}" for e in it["evidence"] if norm(e) not in text]
            problems += [f"all: {s}" for s in expect.get("all", []) if norm(s) not in text]
            if expect.get("any") and not any(norm(s) in text for s in expect["any"]):
                problems.append("no `any` string in the plan")
            if {norm(s) for s in expect.get("none", [])} & {norm(s) for s in expect.get("all", [])}:
                problems.append("both expected and forbidden")
        if problems:
            bad[it["id"]] = problems
    assert bad == {}
