"""LLM mode answers what the grounded composer cannot, still verified; traps never reach the LLM.

The real Service over the real index, talking to a small OpenAI-compatible stub on loopback."""

from __future__ import annotations

import pytest

from bot.service import Service
from index.settings import Settings
from tests.stub_openai import StubOpenAI

# The plan says nothing the structure can use for this (no task, unit or target named), but retrieval
# finds passages: grounded abstains, the LLM may answer from those passages.
OPEN = "方案对营造创新氛围有什么考虑？"
TRAP = "2030年高校培养人才留温率目标是多少？"  # a year the plan never mentions


def service(settings: Settings, base_url: str) -> Service:
    llm = settings.llm.model_copy(update={"mode": "openai", "base_url": base_url, "api_key": "sk-test"})
    return Service.from_settings(settings.model_copy(update={"llm": llm}))


@pytest.fixture
def grounded(built_index: Settings) -> Service:
    return Service.from_settings(built_index)


def test_an_open_question_grounded_abstains_on_is_answered_by_the_llm_and_verified(
    built_index: Settings, grounded: Service
) -> None:
    assert grounded.ask(OPEN).abstained, "the grounded composer must abstain for this test to mean anything"
    with StubOpenAI("restate") as stub:
        a = service(built_index, stub.base_url).ask(OPEN)
        # the understanding step reads the question first; its empty reading changes nothing
        assert len(stub.requests) == 2
    assert a.mode == "llm" and not a.abstained and a.citations
    assert all(c.quote for c in a.citations)


def test_an_llm_answer_that_is_mostly_not_in_its_passages_leaves_the_abstention(
    built_index: Settings,
) -> None:
    # “由X负责。” is not what the cited passage says in its words: where the structure found nothing, the
    # LLM may only restate what it cites
    with StubOpenAI("ok") as stub:
        a = service(built_index, stub.base_url).ask(OPEN)
    assert a.abstained and a.mode == "fallback:verify"


def test_an_llm_that_finds_nothing_either_leaves_the_abstention(built_index: Settings) -> None:
    with StubOpenAI("not_found") as stub:
        a = service(built_index, stub.base_url).ask(OPEN)
    assert a.abstained and a.mode == "fallback:verify"


def test_an_invented_unit_on_an_open_question_leaves_the_abstention(built_index: Settings) -> None:
    with StubOpenAI("invent_unit") as stub:
        a = service(built_index, stub.base_url).ask(OPEN)
    assert a.abstained and "市农业农村局" not in a.answer


def test_a_trap_never_reaches_the_llm(built_index: Settings) -> None:
    with StubOpenAI("ok") as stub:
        a = service(built_index, stub.base_url).ask(TRAP)
        assert stub.requests == []
    assert a.abstained and a.mode == "grounded"


# A casual phrasing the rules do not link (no task name, a nickname for the pilot): the LLM's reading
# names the pilot in the plan's words, the catalogue confirms it, and the answer comes from the facts.
CASUAL = "搞那个投了再说股份的事归谁管"


def test_the_llm_reading_of_a_casual_question_is_checked_against_the_plan(
    built_index: Settings, grounded: Service
) -> None:
    assert grounded.ask(CASUAL).abstained
    with StubOpenAI("ok") as stub:
        stub.spec_reply = {
            "intent": "responsible",
            "role": "",
            "task": "开展先投后股科技成果转化试点",
            "agencies": [],
        }
        a = service(built_index, stub.base_url).ask(CASUAL)
    assert not a.abstained and a.mode == "grounded"
    assert "龙湾区政府" in a.answer and any(c.locator == "附件 第8项" for c in a.citations)
    assert any("大模型理解" in n for n in a.notes)


def test_a_reading_that_names_nothing_the_plan_has_changes_nothing(built_index: Settings) -> None:
    with StubOpenAI("not_found") as stub:
        stub.spec_reply = {
            "intent": "responsible",
            "role": "",
            "task": "建设火星基地",
            "agencies": ["火星局"],
        }
        a = service(built_index, stub.base_url).ask(CASUAL)
    assert a.abstained and "火星" not in a.answer
