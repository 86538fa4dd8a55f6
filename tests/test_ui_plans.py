"""Bring your own plan: upload through the 方案管理 handlers, ask scoped to it, refuse bad files, remove."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import ui
from bot.answer import Answer, Citation
from index.settings import Settings
from index.store import current_version
from tests.conftest import FIXTURES

QINGSHAN = FIXTURES / "qingshan-gbk.txt"


# ---------------------------------------------------------------- pure: names, staging, lists


@pytest.mark.parametrize(
    "name",
    ["../../etc/cron.d/evil.txt", "..\\..\\windows\\evil.txt", "/abs/path/evil.txt", "evil .txt", "evil.txt"],
)
def test_client_file_names_never_escape_the_uploads_dir(name: str, tmp_path: Path) -> None:
    src = tmp_path / "src.bin"
    src.write_text("一、工作目标\n到2026年完成。", encoding="utf-8")
    home = tmp_path / "home"
    staged = ui.stage_upload(src, name, home, max_mb=1)
    uploads = (home / "uploads").resolve()
    assert staged.resolve().is_relative_to(uploads)
    assert staged.suffix == ".txt" and staged.read_bytes() == src.read_bytes()
    assert "/" not in ui.safe_filename(name) and "\\" not in ui.safe_filename(name)


def test_same_name_different_content_do_not_overwrite_each_other(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.write_text("甲方案", encoding="utf-8")
    b.write_text("乙方案", encoding="utf-8")
    pa = ui.stage_upload(a, "方案.txt", tmp_path / "home", max_mb=1)
    pb = ui.stage_upload(b, "方案.txt", tmp_path / "home", max_mb=1)
    assert pa != pb and pa.name == pb.name == "方案.txt"  # the doc_id follows the name
    assert pa.read_text(encoding="utf-8") == "甲方案"


@pytest.mark.parametrize(
    ("name", "size", "message"),
    [("setup.exe", 10, "不支持的文件类型"), ("plan.txt.exe", 10, "不支持"), ("plan.txt", 0, "文件为空"),
     ("big.txt", 1024 * 1024 + 1, "文件过大")],
)  # fmt: skip
def test_wrong_type_empty_or_oversized_files_are_refused(
    name: str, size: int, message: str, tmp_path: Path
) -> None:
    src = tmp_path / "upload"
    src.write_bytes(b"a" * size)
    with pytest.raises(ui.LoadError, match=message):
        ui.stage_upload(src, name, tmp_path / "home", max_mb=1)
    assert not (tmp_path / "home" / "uploads").exists() or not any(
        (tmp_path / "home" / "uploads").rglob("*.*")
    )


def test_sources_name_their_plan_only_when_several_are_indexed() -> None:
    ans = Answer(
        answer="由县经信局牵头。",
        citations=[
            Citation(locator="二、主要任务 1.", quote="…", chunk_id="c", doc="qs", doc_title="青山县方案")
        ],
    )
    assert "青山县方案" in ui.render_answer(ans, show_doc=True)
    assert "青山县方案" not in ui.render_answer(ans, show_doc=False)


def test_scope_choices_offer_all_plans_then_each() -> None:
    from index.models import Plan

    plans = [
        Plan(doc_id="a", path="a.txt", sha256="0", text="", title="甲方案", doc_number="甲〔2024〕1号"),
        Plan(doc_id="b", path="b.txt", sha256="0", text=""),
    ]
    assert ui.plan_choices(plans) == [("全部方案", ""), ("甲方案（甲〔2024〕1号）", "a"), ("b", "b")]
    assert ui.plan_rows(plans, ["a", "a", "b"]) == [
        ["甲方案", "甲〔2024〕1号", "a", 2],
        ["（无标题）", "", "b", 1],
    ]


# ---------------------------------------------------------------- the app's handlers on a real index


@pytest.fixture
def app_manager(built_index_copy: Settings) -> Iterator[tuple[ui.PlanManager, Settings]]:
    settings = built_index_copy
    app = ui.build_app(lambda: ui.open_service(settings), settings, preload=True)
    manager: ui.PlanManager = app.planbot_plans
    manager.holder.get(timeout=120)
    yield manager, settings
    manager.wait(120)


def _plans(manager: ui.PlanManager) -> dict:
    return ui._index(manager.holder.get()).plans


@pytest.mark.slow
def test_upload_ask_scoped_and_remove(app_manager: tuple[ui.PlanManager, Settings]) -> None:
    manager, _ = app_manager
    before = set(_plans(manager))
    status = manager.add(str(QINGSHAN), name="qingshan-gbk.txt")
    assert "qingshan" in status
    assert manager.wait(120)
    assert manager.status().startswith("【完成】"), manager.status()

    # the new plan is listed, with its 文号, next to the one already there
    idx = ui._index(manager.holder.get())
    rows = ui.plan_rows(idx.plans.values(), (c.doc_id for c in idx.chunks.values()))
    new = [r for r in rows if r[2] not in before]
    assert len(new) == 1 and new[0][1] == "青政办发〔2024〕12号" and new[0][3] > 0
    assert before <= {r[2] for r in rows}
    doc = str(new[0][2])

    # a who question scoped to it gets its units, cited from it
    ans = manager.holder.get().ask("完善乡村数字基础设施由哪个单位牵头？", doc=doc)
    assert "县经信局" in ans.answer and not ans.abstained
    assert ans.citations and all(c.doc == doc for c in ans.citations)
    assert "青山县数字乡村建设行动计划" in ui.render_answer(ans, show_doc=True)
    # the first plan still answers when scoped to it
    old = manager.holder.get().ask("谁负责开展“先投后股”科技成果转化试点？", doc=next(iter(before)))
    assert "龙湾区政府" in old.answer and "县经信局" not in old.answer

    manager.remove(doc)
    assert manager.wait(120) and manager.status().startswith("【完成】"), manager.status()
    assert set(_plans(manager)) == before


@pytest.mark.slow
def test_refused_uploads_leave_the_index_unchanged(
    app_manager: tuple[ui.PlanManager, Settings], tmp_path: Path
) -> None:
    manager, settings = app_manager
    version, plans = current_version(settings), set(_plans(manager))

    exe = tmp_path / "tool.exe"
    exe.write_bytes(b"MZ\x90\x00" * 100)
    assert "不支持的文件类型" in manager.add(str(exe))

    big = tmp_path / "big.txt"
    big.write_bytes("一".encode() * (settings.ui.max_upload_mb * 1024 * 1024 // 3 + 10))
    assert "文件过大" in manager.add(str(big))

    # passes the upload checks, fails in the parser: reported from the background job
    binary = tmp_path / "looks-like-text.txt"
    binary.write_bytes(bytes(range(256)) * 40)
    manager.add(str(binary))
    assert manager.wait(120)
    assert manager.status().startswith("【失败】") and "现有索引未改变" in manager.status()

    assert current_version(settings) == version and set(_plans(manager)) == plans


@pytest.mark.slow
def test_the_last_plan_cannot_be_removed(app_manager: tuple[ui.PlanManager, Settings]) -> None:
    manager, _ = app_manager
    (only,) = _plans(manager)
    assert "至少保留一个" in manager.remove(only)
    assert not manager.busy and set(_plans(manager)) == {only}
