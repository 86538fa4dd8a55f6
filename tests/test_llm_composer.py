"""The LLM composer against a fault-injecting OpenAI-compatible stub on loopback."""

from __future__ import annotations

import socket

import pytest

import prompts
from bot.llm import (
    PASSAGE_PROMPT,
    REFERENCE_PROMPT,
    SYSTEM_PROMPT,
    USER_PROMPT,
    LLMComposer,
    LLMError,
    build_context,
    make_composer,
    parse_reply,
    prompt_inputs,
)
from bot.verify import verify
from index.models import Chunk
from index.pipeline import ingest
from index.settings import Settings
from tests.conftest import CORPUS
from tests.stub_openai import StubOpenAI

QUESTION = "谁负责开展“先投后股”科技成果转化试点？"


@pytest.fixture(scope="module")
def plan_chunks() -> dict[str, Chunk]:
    return {c.locator: c for c in ingest(CORPUS).chunks}


@pytest.fixture(scope="module")
def passages(plan_chunks) -> list[Chunk]:
    return [plan_chunks["附件 第8项"], plan_chunks["附件 第9项"], plan_chunks["附件 第5项"]]


@pytest.fixture
def stub():
    with StubOpenAI(delay_s=3.0) as s:
        yield s


def composer_for(url: str, *, timeout_s: float = 5.0, api_key: str | None = None) -> LLMComposer:
    settings = Settings.from_env()
    settings.llm.mode = "openai"
    settings.llm.base_url = url
    settings.llm.timeout_s = timeout_s
    settings.llm.api_key = api_key
    composer = make_composer(settings)
    assert composer is not None
    return composer


def test_no_llm_configured_means_no_composer():
    assert make_composer(Settings.from_env()) is None


def test_ok_reply_maps_passage_numbers_to_chunk_ids(stub, passages):
    draft = composer_for(stub.base_url).compose(QUESTION, passages, intent="responsible")
    assert draft.cited_ids == [passages[0].id]
    assert all(u in draft.answer for u in passages[0].units)
    assert "[1]" not in draft.answer, "citation markers are taken out of the answer text"
    sent = stub.requests[-1]
    # plain text under no grammar: the first answer token follows the prompt at once
    assert "response_format" not in sent
    assert QUESTION in sent["messages"][-1]["content"]


def test_a_marker_still_being_streamed_is_held_back():
    assert parse_reply("由市科技局负责。[1][") == ("由市科技局负责。", [1])
    assert parse_reply("由市科技局负责。【1、2】") == ("由市科技局负责。", [1, 2])
    assert parse_reply("由市科技局负责。") == ("由市科技局负责。", [])


def test_stream_yields_growing_partials_then_the_final_draft(stub, passages):
    composer = composer_for(stub.base_url)
    drafts = list(composer.stream(QUESTION, passages, intent="responsible"))
    assert len(drafts) >= 2
    assert len(drafts[0].answer) < len(drafts[-1].answer)
    assert drafts[-1] == composer.compose(QUESTION, passages, intent="responsible")


def test_system_prompt_is_the_same_for_every_question(stub, passages, plan_chunks):
    composer = composer_for(stub.base_url)
    composer.compose(QUESTION, passages, intent="responsible")
    composer.compose("留温率目标是多少？", [plan_chunks["一、主要目标"]], intent="target", grounded="42%")
    first, second = (r["messages"][0] for r in stub.requests[-2:])
    assert first == second and first["role"] == "system"


@pytest.mark.parametrize(
    ("mode", "reason"),
    [
        ("slow", "timeout"),
        ("http500", "http_500"),
        ("unformatted", "no_citation"),
        ("unknown_cite", "unknown_citation"),
        ("no_cite", "no_citation"),
    ],
)
@pytest.mark.parametrize("call", ["compose", "stream"])
def test_faults_raise_llm_error_quickly(stub, passages, mode, reason, call):
    stub.mode = mode
    composer = composer_for(stub.base_url, timeout_s=0.5, api_key="sk-secret-key-123")
    with pytest.raises(LLMError) as err:
        if call == "compose":
            composer.compose(QUESTION, passages, intent="responsible")
        else:
            list(composer.stream(QUESTION, passages, intent="responsible"))
    assert err.value.reason == reason
    assert len(stub.requests) == 1, "a fault is reported at once, not retried"
    assert "sk-secret" not in str(err.value)


def test_endpoint_down_is_an_llm_error():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    composer = composer_for(f"http://127.0.0.1:{port}/v1", timeout_s=1.0)
    with pytest.raises(LLMError) as err:
        composer.compose(
            QUESTION,
            [Chunk(id="x", doc_id="d", locator="l", kind="task", quote="q", text="q")],
            intent="other",
        )
    assert err.value.reason == "unreachable"


def test_an_invented_unit_passes_the_composer_but_not_the_verifier(stub, passages):
    stub.mode = "invent_unit"
    draft = composer_for(stub.base_url).compose(QUESTION, passages, intent="responsible")
    cited = [p for p in passages if p.id in draft.cited_ids]
    problems = verify(draft.answer, cited, {p.id for p in passages}, {u for p in passages for u in p.units})
    assert any("市农业农村局" in p for p in problems)


def test_no_passages_never_calls_the_model(stub):
    with pytest.raises(LLMError) as err:
        composer_for(stub.base_url).compose(QUESTION, [], intent="responsible")
    assert err.value.reason == "no_passages" and not stub.requests


def test_prompt_templates_get_exactly_their_variables(plan_chunks):
    context = build_context([plan_chunks["一、主要目标"]], 300)
    with_ref = prompt_inputs("问题", context, intent="target", grounded="42%")
    assert prompts.variables(USER_PROMPT) == set(with_ref)
    assert prompts.variables(REFERENCE_PROMPT) == {"grounded"}
    assert prompts.variables(PASSAGE_PROMPT) == {"n", "locator", "text"}
    # A stable system prompt (no variables) lets the server reuse its prefill for every question.
    assert prompts.variables(SYSTEM_PROMPT) == set()
    assert "未提及" not in prompts.load(SYSTEM_PROMPT)
    assert "42%" in prompt_inputs("问题", context, intent="target", grounded="42%")["reference"]
    assert prompt_inputs("问题", context, intent="target", grounded=None)["reference"] == ""


@pytest.mark.parametrize("budget", [150, 400, 900])
def test_context_stays_in_budget_and_keeps_the_units(plan_chunks, budget):
    passages = [plan_chunks[f"二、重点任务（{n}）"] for n in "五六三"]
    context = build_context(passages, budget)
    assert 1 <= len(context.ids) <= 3 and context.tokens <= budget
    assert context.ids == [p.id for p in passages[: len(context.ids)]]
    assert all(u in context.text for u in passages[0].units)
