"""Shared fixtures. Every test runs with its own PLANBOT_HOME and no API keys or LLM configured."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = ROOT / "index" / "corpus" / "wenzhou-2023-86.txt"


@pytest.fixture(autouse=True)
def _isolate_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANBOT_HOME", str(tmp_path_factory.mktemp("planbot-home")))
    for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "PLANBOT_LLM", "PLANBOT_MODEL", "PLANBOT_CHROMA_HOST"):
        monkeypatch.delenv(var, raising=False)
