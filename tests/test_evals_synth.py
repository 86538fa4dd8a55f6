"""Synthetic plans for the scale benchmark: labelled, different from the source, still parseable."""

from __future__ import annotations

import re
from pathlib import Path

from evals.synth import LABEL, write_corpus
from index.pipeline import ingest
from index.settings import DEFAULT_CORPUS


def test_synthetic_plans_are_labelled_renamed_and_parse(tmp_path: Path) -> None:
    paths = write_corpus(DEFAULT_CORPUS, 3, tmp_path)
    texts = [p.read_text(encoding="utf-8") for p in paths]
    assert len(set(texts)) == 3
    source = DEFAULT_CORPUS.read_text(encoding="utf-8")
    for text in texts:
        assert text != source
        assert "温州" not in text
        title_lines = [ln for ln in text.splitlines() if "实施方案" in ln and "《" not in ln]
        assert title_lines and all(LABEL in ln for ln in title_lines)
        rows = [int(m.group(1)) for m in re.finditer(r"^(\d+)\t", text, re.M)]
        assert rows == list(range(1, len(rows) + 1)) and len(rows) >= 5
    got = ingest(paths[0])
    assert LABEL in got.plan.title
    assert any(b.kind == "annex_row" for b in got.plan.blocks)
    assert got.facts.responsibilities


def test_same_seed_same_corpus(tmp_path: Path) -> None:
    a = write_corpus(DEFAULT_CORPUS, 2, tmp_path / "a", seed=7)
    b = write_corpus(DEFAULT_CORPUS, 2, tmp_path / "b", seed=7)
    assert [p.read_text(encoding="utf-8") for p in a] == [p.read_text(encoding="utf-8") for p in b]
