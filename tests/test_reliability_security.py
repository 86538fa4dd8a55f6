"""Security: loopback by default, login enforced, no secrets in answers/logs/files, safe upload names."""

from __future__ import annotations

import logging
import socket
import urllib.error
import urllib.request
from pathlib import Path

import pytest

import ui
from bot.service import Service
from index.settings import LLMSettings, Settings
from index.store import open_index
from tests.stub_openai import StubOpenAI

SECRET = "sk-test-SECRET-77e1"
Q = "谁负责开展“先投后股”科技成果转化试点？"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_ui_listens_on_loopback_without_login_or_share_by_default() -> None:
    kw = ui.launch_kwargs(Settings.from_env({}))
    assert kw["server_name"] == "127.0.0.1" and kw["share"] is False and kw["auth"] is None
    kw = ui.launch_kwargs(Settings.from_env({"PLANBOT_UI_AUTH": "staff:pw1", "PLANBOT_UI_HOST": "0.0.0.0"}))
    assert kw["auth"] == [("staff", "pw1")] and kw["server_name"] == "0.0.0.0"
    assert "pw1" not in repr(Settings.from_env({"PLANBOT_UI_AUTH": "staff:pw1"}))


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


@pytest.mark.slow
def test_with_login_configured_an_unauthenticated_request_is_refused(built_index: Settings) -> None:
    settings = Settings.from_env({"PLANBOT_HOME": str(built_index.home), "PLANBOT_UI_AUTH": "staff:pw1"})
    app = ui.build_app(lambda: ui.open_service(settings), settings, preload=False)
    kw = ui.launch_kwargs(settings, app)
    kw.update(server_port=free_port(), prevent_thread_lock=True, quiet=True)
    app.launch(**kw)
    try:
        base = f"http://127.0.0.1:{kw['server_port']}"
        assert _get(base + "/config") in (401, 403)
        assert _get(base + "/gradio_api/info") in (401, 403)
        from gradio_client import Client

        with pytest.raises(Exception):  # noqa: B017 - any refusal will do; an answer would be the bug
            Client(base + "/", verbose=False).predict(question=Q, history="[]", api_name="/ask")
        client = Client(base + "/", auth=("staff", "pw1"), verbose=False)
        out = client.predict(question=Q, history="[]", api_name="/ask")
        assert "龙湾区政府" in out["answer"]
    finally:
        app.close()


def test_api_key_never_reaches_answers_logs_or_files(
    built_index_copy: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with StubOpenAI(mode="http500") as stub:
        llm = LLMSettings(mode="openai", base_url=stub.base_url, api_key=SECRET, timeout_s=5)
        settings = built_index_copy.model_copy(update={"llm": llm})
        svc = Service(settings, open_index(settings))
        answers = [svc.ask(Q), *svc.stream(Q)]
    assert stub.requests, "the LLM was asked"
    for ans in answers:
        assert ans.mode.startswith("fallback:") and "龙湾区政府" in ans.answer
        assert SECRET not in ans.model_dump_json()
    assert SECRET not in caplog.text
    assert SECRET not in repr(settings) and SECRET not in str(settings)
    for f in settings.home.rglob("*"):
        if f.is_file():
            assert SECRET.encode() not in f.read_bytes(), f


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd.txt",
        "..",
        "....//....//etc/x.md",
        "%2e%2e%2fetc%2fpasswd.txt",
        "a\x00b.txt",
        "C:\\Windows\\system32\\evil.docx",
        "." * 300 + ".pdf",
        "方案" * 200 + ".txt",
        "\u202etxt.exe",
    ],
)
def test_upload_names_stay_inside_the_uploads_dir(name: str, tmp_path: Path) -> None:
    src = tmp_path / "upload.bin"
    src.write_text("一、工作目标\n到2026年完成。", encoding="utf-8")
    home = tmp_path / "home"
    try:
        staged = ui.stage_upload(src, name, home, max_mb=1)
    except ui.LoadError:
        assert not (home / "uploads").exists() or not any((home / "uploads").rglob("*.*"))
        return
    assert staged.resolve().is_relative_to((home / "uploads").resolve())
    assert staged.suffix in ui.UPLOAD_TYPES and len(staged.name.encode()) < 255
    assert {p for p in tmp_path.rglob("*") if p.is_file()} == {src, staged}, "nothing written elsewhere"
