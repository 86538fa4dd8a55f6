"""Eval items for the fixture plans (evals/data/plans/<doc_id>.jsonl) must agree with the plan they are about.

Model-free and parser-free: only the files are read (PDF/.docx text through the loader), so a wrong item is
caught before it scores the bot. Same scoring rules as shared/evals/README.md.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from index.load import load
from index.pipeline import doc_id_for
from tests.conftest import FIXTURES, ROOT

PLANS_DIR = ROOT / "evals" / "data" / "plans"
FILES = sorted(PLANS_DIR.glob("*.jsonl"))
KINDS = {"responsible", "target", "reverse", "list", "fact", "abstain", "english", "multiturn"}
_FOLD = str.maketrans("（〈）〉，：；％", "(()),:;%")


def norm(text: str) -> str:
    """Whitespace removed, bracket forms unified, full-width ，：；％ as ASCII (the scorer's rule)."""
    return re.sub(r"\s+", "", text).translate(_FOLD)


def items(path: Path) -> list[dict[str, Any]]:
    return [json.loads(s) for s in path.read_text(encoding="utf-8").splitlines() if s.strip()]


@cache
def plan_text(name: str) -> str:
    path = FIXTURES / name
    if path.suffix in (".txt", ".md"):
        data = path.read_bytes()
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return data.decode("gb18030")
    return load(path).text


def test_there_is_an_item_file_for_every_fixture_plan() -> None:
    plans = {p for p in FIXTURES.iterdir() if p.suffix in (".txt", ".md", ".docx", ".pdf")}
    covered = {doc_id_for(p) for p in plans}
    assert {f.stem for f in FILES} == covered


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_items_name_their_plan_and_cover_each_kind(path: Path) -> None:
    got = items(path)
    assert len(got) >= 8
    for it in got:
        assert it["doc"] == path.stem == doc_id_for(FIXTURES / it["plan"]), it["id"]
        assert (FIXTURES / it["plan"]).is_file()
        assert it["kind"] in KINDS
    kinds = Counter(it["kind"] for it in got)
    assert kinds["responsible"] >= 3 and kinds["target"] >= 2 and kinds["reverse"] >= 1
    assert kinds["abstain"] >= 1


def test_ids_are_unique_across_plans() -> None:
    ids = [it["id"] for f in FILES for it in items(f)]
    assert [i for i, n in Counter(ids).items() if n > 1] == []


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_items_are_verbatim_and_local_to_their_evidence(path: Path) -> None:
    bad: dict[str, list[str]] = {}
    for it in items(path):
        text = norm(plan_text(it["plan"]))
        expect = it["expect"]
        problems = [k for k in expect if k not in {"all", "any", "none", "abstain"}]
        if expect.get("abstain"):
            if it["evidence"] or expect.get("all") or expect.get("any"):
                problems.append("abstain item with evidence or expected strings")
            bad.update({it["id"]: problems} if problems else {})
            continue
        if not it["evidence"] or not (expect.get("all") or expect.get("any")):
            problems.append("nothing expected or no evidence")
        spots = []
        for ev in it["evidence"]:
            if norm(ev) not in text:
                problems.append(f"evidence not verbatim: {ev}")
            spots += [m.start() for m in re.finditer(re.escape(norm(ev)), text)]
        # The answer sits next to its evidence (same paragraph, row, or the unit line after it).
        near = "".join(text[max(0, p - 120) : p + 260] for p in spots)
        for s in expect.get("all", []):
            if norm(s) not in near:
                problems.append(f"expected string not near its evidence: {s}")
        if expect.get("any") and not any(norm(s) in near for s in expect["any"]):
            problems.append("no `any` string near the evidence")
        if {norm(s) for s in expect.get("none", [])} & {norm(s) for s in expect.get("all", [])}:
            problems.append("both expected and forbidden")
        if problems:
            bad[it["id"]] = problems
    assert bad == {}
