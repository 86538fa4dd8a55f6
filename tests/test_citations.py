"""Compact citations show the sentence that carries the answer, verbatim; the whole passage stays near."""

from __future__ import annotations

import re

from bot.citations import key_sentences
from bot.cli import format_answer
from bot.service import Service
from index.settings import Settings


def _plain(s: str) -> str:
    return re.sub(r"\s+", "", s)


def test_the_sentence_with_the_answer_is_kept_and_is_verbatim(built_index: Settings) -> None:
    ans = Service.from_settings(built_index).ask("温州大学聚焦哪些领域？")
    c = ans.citations[0]
    short = key_sentences(ans.answer, c.quote)
    assert len(short) < len(c.quote)
    assert "化学与材料" in short
    for piece in short.split("…"):
        assert _plain(piece) in _plain(c.quote)


def test_the_cli_shows_compact_quotes_unless_asked_for_the_full_passage(built_index: Settings) -> None:
    ans = Service.from_settings(built_index).ask("温州大学聚焦哪些领域？")
    compact, full = format_answer(ans), format_answer(ans, full=True)
    assert len(compact) < len(full)
    assert ans.citations[0].quote in full


def test_short_passages_are_shown_whole() -> None:
    quote = "（责任单位：市科技局）"
    assert key_sentences("市科技局", quote) == quote
