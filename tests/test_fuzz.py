"""Property tests (hypothesis): the parser and Service.ask never crash and never misquote.

Examples are built from plan-like pieces (headings of every numbering style, responsibility clauses,
annex rows with tabs, brackets, blank lines, random CJK), so the parser's real branches are reached.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.answer import Answer
from bot.service import Service
from index.chunks import chunk
from index.errors import LoadError
from index.facts import extract_facts
from index.load import decode_text
from index.parse import parse
from index.settings import Settings

CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
PLAN_WORDS = [
    "一、", "二、", "（一）", "（二）", "1.", "2．", "（1）", "附件", "改革试点清单", "责任单位", "牵头单位",
    "配合单位", "：", "，", "、", "。", "；", "（责任单位：市教育局、市科技局）",
    "（牵头单位：市发改委；配合单位：各县〈市、区〉政府）",
    "序号\t任务名称\t试点任务\t责任单位", "1\t高校改革\t建立机制\t市教育局", "\t\t", "到2025年", "达到15%",
    "42%", "60万人以上", "温政办〔2023〕86号", "抄送：", "各县（市、区）人民政府", "〈", "〉", "(", ")",
    "【", "】", "“", "”", "\n", "\n\n", "\t", " ", "\u3000", "\r\n", "市人力社保局", "龙湾区政府",
    "主要目标", "重点任务", "保障措施", "先投后股", "谁负责", "目标是多少", "？",
]  # fmt: skip
PIECE = st.one_of(st.sampled_from(PLAN_WORDS), st.text(CJK, min_size=1, max_size=12))
PLANLIKE = st.lists(PIECE, max_size=80).map("".join)
QUESTION = st.one_of(
    st.text(max_size=200),  # anything, control characters and surrogates included
    st.lists(st.one_of(PIECE, st.characters(max_codepoint=0x1F), st.sampled_from(["<b>", "</script>"])),
             max_size=30).map("".join),
    st.builds(lambda w, n: w * n, st.sampled_from(["谁负责", "a", "先投后股", " "]), st.integers(500, 3000)),
)  # fmt: skip


def squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


@settings(max_examples=200, deadline=None, database=None)
@given(st.binary(max_size=400) | PLANLIKE.map(lambda t: t.encode(("utf-8", "gbk")[len(t) % 2], "ignore")))
def test_decoding_any_bytes_gives_text_or_a_named_load_error(data: bytes) -> None:
    try:
        text, encoding = decode_text(data, "x.txt")
    except LoadError as e:
        assert "x.txt" in str(e)
        return
    assert encoding in ("utf-8", "utf-8-sig", "gb18030") and text.strip()


@settings(max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(PLANLIKE | st.text(max_size=300))
def test_parser_never_raises_and_blocks_quote_the_input(text: str) -> None:
    plan = parse(text, doc_id="fuzz", path="fuzz.txt", sha256="0" * 64)
    facts = extract_facts(plan)
    chunks = chunk(plan, facts)
    source = squash(text)
    for b in plan.blocks:
        assert squash(b.text) in source, b.text
    for r in facts.responsibilities:
        assert squash(r.quote) in source
        assert all(squash(u) in source for u in r.units)
    assert len({c.id for c in chunks}) == len(chunks), "chunk ids are unique"


@pytest.fixture(scope="module")
def fuzz_service(built_index: Settings) -> Service:
    return Service.from_settings(built_index)


@settings(
    max_examples=25, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(QUESTION, st.lists(st.text(max_size=40), max_size=2))
def test_any_question_gets_an_answer_whose_quotes_are_verbatim(
    fuzz_service: Service, question: str, history: list[str]
) -> None:
    ans = fuzz_service.ask(question, history=history)
    assert isinstance(ans, Answer) and ans.answer
    ans.model_dump_json()  # serialisable for the CLI and the API
    plans = fuzz_service.index.plans
    for c in ans.citations:
        assert squash(c.quote) in squash(plans[c.doc].text), c
