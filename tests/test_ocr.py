"""Scanned PDFs: pages without a text layer are read by Tesseract (real program, no mocks).

The fixture evals/data/plans/scanned/jiangcheng-scanned.pdf is tests/fixtures/jiangcheng-lines.pdf printed
and scanned (evals/make_scanned.py): two image-only pages. Its eval items are the text version's; the scan
must answer them as well as the text does. Where Tesseract or its Chinese data is missing, indexing a scan
fails with a message naming the Debian package, and nothing is indexed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from index.errors import LoadError
from index.load import load
from index.ocr import Ocr, tidy
from index.settings import OcrSettings, Settings
from tests.conftest import FIXTURES, ROOT

PLANS = ROOT / "evals" / "data" / "plans"
SCANNED = PLANS / "scanned" / "jiangcheng-scanned.pdf"
SCANNED_ITEMS = PLANS / "scanned" / "jiangcheng-scanned.jsonl"
TEXT = FIXTURES / "jiangcheng-lines.pdf"
TEXT_ITEMS = PLANS / "jiangcheng-lines.jsonl"


def _ocr_missing() -> str | None:
    try:
        Ocr().check()
    except LoadError as e:
        return str(e)
    return None


needs_tesseract = pytest.mark.skipif(
    _ocr_missing() is not None,
    reason=f"Tesseract with chi_sim is not installed (make ocr): {_ocr_missing()}",
)


def test_fixture_is_a_scan_without_a_text_layer() -> None:
    import pdfplumber

    assert SCANNED.stat().st_size < 2 * 1024 * 1024
    with pdfplumber.open(str(SCANNED)) as pdf:
        assert len(pdf.pages) == 2
        assert all(not p.chars and p.images for p in pdf.pages)
    assert len(SCANNED_ITEMS.read_text(encoding="utf-8").splitlines()) == len(
        TEXT_ITEMS.read_text(encoding="utf-8").splitlines()
    )


def test_tidy_makes_tesseract_chinese_read_like_the_plan() -> None:
    raw = (
        "二 、 主要 任务\n\n\n"
        "(一 ) 科学 编制 改造 计划\n"
        "责任单位; 市住建局\n"
        "2025一2026年 ， 新增 停车位 1.2万个 , 加装 电梯 500 部\n"
        "《三） 强化 质量\n"
        "支持 Wi Fi 与 5G 网络 ， 共 1,000 个 , 10:30 开始\n"
    )
    assert tidy(raw) == [
        "二、主要任务",
        "",
        "（一）科学编制改造计划",
        "责任单位：市住建局",
        "2025—2026年，新增停车位1.2万个，加装电梯500部",
        "（三）强化质量",
        "支持Wi Fi与5G网络，共1,000个，10:30开始",
    ]


def test_a_text_pdf_never_needs_tesseract(tmp_path: Path) -> None:
    nowhere = OcrSettings(command=str(tmp_path / "nowhere" / "tesseract"))
    assert "责任单位：市住建局" in load(TEXT, ocr=nowhere).text


def test_missing_tesseract_names_the_package_and_indexes_nothing(tmp_path: Path) -> None:
    """PLANBOT_TESSERACT pointing nowhere stands for a machine without the Debian package."""
    home = tmp_path / "home"
    env = {
        **os.environ,
        "PLANBOT_HOME": str(home),
        "PLANBOT_TESSERACT": str(tmp_path / "nowhere" / "tesseract"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "index", str(TEXT), str(SCANNED)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 1, done.stderr
    err = done.stderr.strip()
    assert err.startswith("错误：扫描件 jiangcheng-scanned.pdf 没有文字层"), err
    assert "Debian 软件包 tesseract-ocr）" in err
    assert "sudo apt-get install tesseract-ocr tesseract-ocr-chi-sim" in err
    assert "Traceback" not in done.stderr
    # Nothing half-indexed: not even the text plan given beside the scan.
    assert not (home / "index" / "CURRENT").exists()


@needs_tesseract
def test_missing_chinese_data_names_its_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tesseract installed without tesseract-ocr-chi-sim: an empty TESSDATA_PREFIX has no languages."""
    from index.store import build_index, current_version

    empty = tmp_path / "tessdata"
    empty.mkdir()
    monkeypatch.setenv("TESSDATA_PREFIX", str(empty))
    settings = Settings(home=tmp_path / "home")
    with pytest.raises(LoadError) as e:
        build_index([TEXT, SCANNED], settings)
    assert "缺少识别语言 chi_sim（Debian 软件包 tesseract-ocr-chi-sim）" in str(e.value)
    assert "sudo apt-get install tesseract-ocr-chi-sim" in str(e.value)
    assert current_version(settings) is None


@needs_tesseract
def test_scanned_plan_answers_its_eval_items_as_well_as_the_text(
    built_index_copy: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    from evals.runner import run_eval
    from index.store import build_index, open_index

    build_index([TEXT, SCANNED], built_index_copy, progress=True)
    err = capsys.readouterr().err
    assert "文字识别 jiangcheng-scanned.pdf" in err and "2/2" in err, err  # pages done / total

    plans = open_index(built_index_copy).plans
    scanned, text = plans["jiangcheng-scanned"], plans["jiangcheng-lines"]
    assert scanned.encoding == "pdf"
    assert [b.locator for b in scanned.blocks] == [b.locator for b in text.blocks]  # headings, in order

    run = run_eval([TEXT_ITEMS, SCANNED_ITEMS], built_index_copy, baseline=False, progress=False)
    by_set = run.by("planbot", "dataset")
    assert by_set["jiangcheng-scanned"].n == by_set["jiangcheng-lines"].n == 22
    assert by_set["jiangcheng-scanned"].accuracy >= by_set["jiangcheng-lines"].accuracy, by_set
    assert run.summary("planbot").quote_fidelity == 1.0
