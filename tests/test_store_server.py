"""Client/server mode: the same index built into a real `chroma run` on loopback."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from index.settings import Settings
from index.store import build_index, current_version, open_index
from tests.conftest import CORPUS

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[tuple[str, int]]:
    # NOTE: `make test` runs .venv/bin/python without activating the venv, so look beside it first.
    beside = Path(sys.executable).with_name("chroma")
    exe = str(beside) if beside.exists() else shutil.which("chroma")
    assert exe is not None, "the chroma CLI comes with chromadb and must be installed"
    port = _free_port()
    log = open(tmp_path / "chroma.log", "wb")  # noqa: SIM115 - held for the server's lifetime
    proc = subprocess.Popen(
        [exe, "run", "--path", str(tmp_path / "server-data"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"chroma run did not come up: {(tmp_path / 'chroma.log').read_text()[-500:]}")
                time.sleep(0.2)
        yield "127.0.0.1", port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def test_index_served_by_a_chroma_server(
    chroma_server: tuple[str, int], built_index: Settings, tmp_path: Path
) -> None:
    host, port = chroma_server
    home = tmp_path / "home"
    shutil.copytree(built_index.home / "cache", home / "cache")  # vectors are cached: no re-embedding
    settings = built_index.model_copy(
        update={"home": home, "chroma": built_index.chroma.model_copy(update={"host": host, "port": port})}
    )
    first = build_index([CORPUS], settings)
    assert not first.unchanged and first.embedded == 0
    assert not (home / "index" / first.version / "chroma").exists(), "vectors live on the server"

    idx = open_index(settings)
    assert [idx.chunks[c].locator for c, _ in idx.dense("先投后股", 3)].count("附件 第8项") == 1

    import chromadb

    client = chromadb.HttpClient(host=host, port=port)
    second = build_index([CORPUS], settings, force=True)
    third = build_index([CORPUS], settings, force=True)
    names = {c.name for c in client.list_collections()}
    # The serving and the previous version's collections stay; the oldest was dropped from the server.
    assert any(third.version in n for n in names) and any(second.version in n for n in names)
    assert not any(first.version in n for n in names)
    assert current_version(settings) == third.version
    assert open_index(settings).dense("先投后股", 1)
