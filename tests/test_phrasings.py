"""The question phrasings table (bot/phrasings.toml) and the vocabulary (index/vocab.py) are data: each row
says what it matches, and these tests hold every row to its own examples."""

from __future__ import annotations

import re

import pytest

from bot.phrasing import phrases, slot_rows
from bot.spec import QuerySpec
from tests.conftest import ROOT

ROWS = list(phrases().values())


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.name)
def test_every_example_matches_its_own_row_and_no_counter_example_does(row) -> None:
    assert row.examples, f"{row.name}: a row without examples cannot be checked"
    for ex in row.examples:
        assert row.pattern.search(ex) is not None or row.pattern.fullmatch(ex) is not None, (row.name, ex)
    for ex in row.counter:
        assert row.pattern.search(ex) is None, (row.name, ex)


def test_every_slot_is_a_query_spec_field_or_a_decision_understanding_makes() -> None:
    decisions = {"intent", "english_frame", "role_any", "role_both", "not_role", "part_split", "followup"}
    decisions |= {"elliptic"}
    decisions |= {"aspect", "asks_duty_followup", "counted", "names_ask", "mention_frame", "topic_free_words"}
    fields = set(QuerySpec.__dataclass_fields__)
    for row in ROWS:
        assert row.slot in fields | decisions, row.name


def test_aspect_templates_keep_a_place_for_the_entity() -> None:
    for row in slot_rows("aspect"):
        assert row.value and "{}" in row.value, row.name


def test_only_understanding_reads_the_question_wording() -> None:
    """After understanding, answerers decide from QuerySpec fields: none of them runs a phrasing regex
    over the question or looks at its raw text."""
    files = [*sorted((ROOT / "bot" / "answerers").glob("*.py")), ROOT / "bot" / "compose.py"]
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"spec\.(question|query)\b", text), path.name
        assert "phrasing" not in text, path.name
