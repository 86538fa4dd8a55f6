"""The `/ask` API of the running UI, called with gradio_client against a real index on loopback."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from gradio_client import Client

import ui
from index.settings import Settings

pytestmark = pytest.mark.slow

QUESTION = "谁负责开展“先投后股”科技成果转化试点？"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    home = tmp_path_factory.mktemp("ui-home")
    settings = Settings.from_env({"PLANBOT_HOME": str(home)})
    app = ui.build_app(lambda: ui.open_service(settings), settings, preload=True)
    app.queue()
    port = free_port()
    app.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True)
    try:
        yield Client(f"http://127.0.0.1:{port}/", verbose=False)
    finally:
        app.close()


def _norm(s: str) -> str:
    return "".join(s.split())


def test_ask_returns_the_answer_contract_with_verbatim_quotes(client: Client) -> None:
    out = client.predict(question=QUESTION, history="[]", api_name="/ask")
    assert set(out) >= {"answer", "abstained", "intent", "mode", "citations", "timings", "notes"}
    assert "龙湾区政府" in out["answer"] and not out["abstained"]
    corpus = _norm(Path(ui.DEFAULT_CORPUS).read_text(encoding="utf-8"))
    assert out["citations"], "an answer naming an agency must cite its source"
    assert any("先投后股" in c["quote"] for c in out["citations"])
    for c in out["citations"]:
        assert _norm(c["quote"]) in corpus


def test_follow_up_uses_history(client: Client) -> None:
    alone = client.predict(question="那这项试点的主要内容是什么？", history="[]", api_name="/ask")
    follow = client.predict(
        question="那这项试点的主要内容是什么？", history=json.dumps([QUESTION], ensure_ascii=False),
        api_name="/ask",
    )  # fmt: skip
    assert any(c["locator"] == "附件 第8项" for c in follow["citations"])
    assert follow["citations"] != alone["citations"]


def test_bad_history_is_refused_with_a_reason(client: Client) -> None:
    with pytest.raises(Exception, match="JSON"):
        client.predict(question=QUESTION, history="not json", api_name="/ask")


def test_api_is_documented(client: Client) -> None:
    info = client.view_api(print_info=False, return_format="dict")
    named = info["named_endpoints"]
    assert "/ask" in named
    params = {p["parameter_name"] for p in named["/ask"]["parameters"]}
    assert {"question", "history"} <= params
