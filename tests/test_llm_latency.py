"""What keeps the LLM's first token early: a fixed prompt prefix, a short context, the server's settings."""

from __future__ import annotations

import pytest

from bot import local_llm
from bot.llm import REFERENCE_CONTEXT_TOKENS, LLMComposer, build_context, excerpt
from evals import llm_latency
from index.models import Chunk
from index.pipeline import ingest
from index.settings import Settings
from index.tokens import count_tokens
from tests.conftest import CORPUS
from tests.stub_openai import StubOpenAI


@pytest.fixture(scope="module")
def plan_chunks() -> dict[str, Chunk]:
    return {c.locator: c for c in ingest(CORPUS).chunks}


def test_excerpt_keeps_the_clause_the_question_is_about(plan_chunks):
    quote = plan_chunks["一、主要目标"].quote
    text = excerpt(quote, "科研院所研发投入年均增速的目标", 80)
    assert count_tokens(text) <= 80 < count_tokens(quote)
    assert "科研院所研发投入年均增速超过 20%" in text
    assert text.startswith(quote[:4]) and "…" in text  # its first clause, and the gaps marked


def test_a_grounded_answer_gets_a_short_context_with_its_units(plan_chunks):
    row = plan_chunks["附件 第8项"]
    passages = [row, plan_chunks["附件 第9项"], plan_chunks["附件 第5项"]]
    focus = "谁负责开展“先投后股”科技成果转化试点？\n责任单位：" + "、".join(row.units)
    context = build_context(passages, REFERENCE_CONTEXT_TOKENS, focus=focus)
    assert context.ids[0] == row.id and context.tokens <= REFERENCE_CONTEXT_TOKENS
    assert all(u in context.text.split("[2]")[0] for u in row.units)


def test_system_prompt_is_a_fixed_prefix_and_the_user_part_is_short(plan_chunks):
    passages = [plan_chunks["附件 第8项"], plan_chunks["附件 第9项"], plan_chunks["附件 第5项"]]
    with StubOpenAI() as stub:
        settings = Settings.from_env()
        settings.llm.mode = "openai"
        composer = LLMComposer(settings, stub.base_url)
        for q in ("谁负责开展“先投后股”科技成果转化试点？", "先投后股试点归谁管？"):
            composer.compose(q, passages, intent="responsible", grounded="龙湾区政府、鹿城区政府、市科技局")
        first, second = (r["messages"] for r in stub.requests[-2:])
    assert first[0] == second[0] and first[0]["role"] == "system"  # same bytes: the server's cache reuses it
    assert (
        first[1]["content"].rstrip().endswith("谁负责开展“先投后股”科技成果转化试点？")
    )  # the variable part last
    assert count_tokens(first[1]["content"]) <= REFERENCE_CONTEXT_TOKENS + 80


def test_server_options_default_to_passive_waiting(monkeypatch):
    opts = local_llm.ServerOptions()
    assert opts.omp_wait == "passive" and opts.cache_prompt and opts.threads == 2
    args = local_llm.options_parser().parse_args([])
    assert (args.batch, args.ubatch, args.ctx, args.flash_attn) == (
        opts.batch,
        opts.ubatch,
        opts.ctx,
        opts.flash_attn,
    )
    monkeypatch.delenv("OMP_WAIT_POLICY", raising=False)
    local_llm._set_omp_wait("passive")
    assert local_llm.os.environ["OMP_WAIT_POLICY"] == "PASSIVE"
    monkeypatch.setenv("OMP_WAIT_POLICY", "ACTIVE")  # a setting in the environment wins
    local_llm._set_omp_wait("passive")
    assert local_llm.os.environ["OMP_WAIT_POLICY"] == "ACTIVE"


def test_latency_script_reads_the_servers_counters(monkeypatch):
    text = "# HELP x\nllamacpp:prompt_tokens_total 120\nllamacpp:prompt_seconds_total 2.5\n"
    monkeypatch.setattr(llm_latency, "_get", lambda url: text)
    assert llm_latency.server_counters("http://x") == {
        "prompt_tokens_total": 120.0,
        "prompt_seconds_total": 2.5,
    }
    rows = [
        {
            "called_llm": True,
            "first_s": 1.0,
            "total_s": 3.0,
            "mode": "llm",
            "prefilled_tokens": 100,
            "prefill_s": 2,
        },
        {"called_llm": False, "first_s": 0.1, "total_s": 0.1, "mode": "grounded"},
    ]
    s = llm_latency.summarise(rows)
    assert s["n_llm"] == 1 and s["first_token_s"]["p50"] == 1.0 and s["prefill_tok_s_p50"] == 50.0
    assert s["verified_llm"] == 1
