"""Scanned PDFs: pages without a text layer are read by Tesseract (real program, no mocks).

The fixtures in evals/data/plans/scanned/ are tests/fixtures/jiangcheng-lines.pdf (headings, label lines)
and nanxi-pages.pdf (a ruled annex table over two pages) printed and scanned (evals/make_scanned.py): two
image-only pages each. Their eval items are the text versions'; a scan must answer them as well as its text
does. Where Tesseract or its Chinese data is missing, indexing a scan fails with a message naming the
Debian package, and nothing is indexed.
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
TEXT = FIXTURES / "jiangcheng-lines.pdf"
TABLE_SCANNED = PLANS / "scanned" / "nanxi-scanned.pdf"
TABLE_TEXT = FIXTURES / "nanxi-pages.pdf"
# scanned doc id -> (text doc id, text plan, scanned plan)
PAIRS = {
    "jiangcheng-scanned": ("jiangcheng-lines", TEXT, SCANNED),
    "nanxi-scanned": ("nanxi-pages", TABLE_TEXT, TABLE_SCANNED),
}


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


@pytest.mark.parametrize("scanned", sorted(PAIRS))
def test_fixture_is_a_scan_without_a_text_layer(scanned: str) -> None:
    import pdfplumber

    text_id, _, pdf_path = PAIRS[scanned]
    assert pdf_path.stat().st_size < 1024 * 1024
    with pdfplumber.open(str(pdf_path)) as pdf:
        assert len(pdf.pages) == 2
        assert all(not p.chars and p.images for p in pdf.pages)
    items = pdf_path.with_suffix(".jsonl").read_text(encoding="utf-8").splitlines()
    assert len(items) == len((PLANS / f"{text_id}.jsonl").read_text(encoding="utf-8").splitlines())


def test_tidy_makes_tesseract_chinese_read_like_the_plan() -> None:
    raw = (
        "二 、 主要 任务\n\n\n"
        "(一 ) 科学 编制 改造 计划\n"
        "责任单位; 市住建局\n"
        "2025一2026年 ， 新增 停车位 1.2万个 , 加装 电梯 500 部\n"
        "《三） 强化 质量\n"
        "支持 Wi Fi 与 5G 网络 ， 共 1,000 个 , 10:30 开始\n"
        "各县 《市、区》 人民政府 ， 见 《南溪市规划》\n"
        "不少于10亿元 。 责任单位 : 市财政局 、 市发展改革委 )\n"
    )
    assert tidy(raw) == [
        "二、主要任务",
        "",
        "（一）科学编制改造计划",
        "责任单位：市住建局",
        "2025—2026年，新增停车位1.2万个，加装电梯500部",
        "（三）强化质量",
        "支持Wi Fi与5G网络，共1,000个，10:30开始",
        "各县（市、区）人民政府，见《南溪市规划》",
        "不少于10亿元。（责任单位：市财政局、市发展改革委）",
    ]


def test_ruled_table_grid_with_a_merged_cell() -> None:
    """A drawn 3 x 3 table whose first column merges rows 2 and 3 (no line between them)."""
    import numpy as np
    from PIL import Image, ImageDraw

    from index.ocr_tables import find_grids, ink_mask

    img = Image.new("L", (1200, 900), 250)
    draw = ImageDraw.Draw(img)
    xs, ys = [100, 400, 800, 1100], [100, 300, 500, 700]
    for x in xs:
        draw.line([(x, ys[0]), (x, ys[-1])], fill=20, width=3)
    for i, y in enumerate(ys):
        draw.line([(xs[1] if i == 2 else xs[0], y), (xs[-1], y)], fill=20, width=3)
    draw.rectangle([150, 180, 300, 220], fill=30)  # some "text" in a cell
    (grid,) = find_grids(ink_mask(img))
    assert [abs(a - b) <= 3 for a, b in zip(grid.rows, ys, strict=True)] == [True] * 4
    assert [abs(a - b) <= 3 for a, b in zip(grid.cols, xs, strict=True)] == [True] * 4
    anchors = ["".join("A" if c.anchor else "." for c in row) for row in grid.cells]
    assert anchors == ["AAA", "AAA", ".AA"]
    merged = grid.cells[1][0].box
    assert abs(merged[1] - ys[1]) <= 3 and abs(merged[3] - ys[3]) <= 3  # spans rows 2 and 3
    assert np.asarray(img).shape == (900, 1200)


def test_a_text_pdf_never_needs_tesseract(tmp_path: Path) -> None:
    nowhere = OcrSettings(command=str(tmp_path / "nowhere" / "tesseract"))
    assert "责任单位：市住建局" in load(TEXT, ocr=nowhere).text


@needs_tesseract
def test_a_blank_scan_says_nothing_was_read(tmp_path: Path) -> None:
    from PIL import Image

    blank = tmp_path / "blank-scan.pdf"
    Image.new("L", (827, 1169), 250).save(blank, "PDF", resolution=100.0)
    with pytest.raises(LoadError, match="扫描页经文字识别也未读出文字"):
        load(blank)


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
def test_scanned_plans_answer_their_eval_items_as_well_as_the_text(
    built_index_copy: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    from evals.runner import run_eval
    from index.store import build_index, open_index

    sources = [p for _, text, scan in PAIRS.values() for p in (text, scan)]
    build_index(sources, built_index_copy, progress=True)
    err = capsys.readouterr().err
    for _, _, scan in PAIRS.values():
        assert f"文字识别 {scan.name}" in err, err  # pages done / total, per file
    assert "2/2" in err

    index = open_index(built_index_copy)
    for scanned, (text_id, _, _) in PAIRS.items():
        scan, text = index.plans[scanned], index.plans[text_id]
        assert scan.encoding == "pdf"
        assert [b.locator for b in scan.blocks] == [b.locator for b in text.blocks]  # headings, in order
    # The scanned annex table is read as rows: every row's lead units, as in the text PDF.
    facts = index.facts_for(None)

    def annex(doc: str) -> dict[str, list[str]]:
        rows = [r for r in facts.responsibilities if r.doc_id == doc and r.locator.startswith("附件")]
        return {f"{r.locator} {r.role}": r.units for r in rows}

    assert len(annex("nanxi-pages")) >= 20
    assert annex("nanxi-scanned") == annex("nanxi-pages")

    datasets = [PLANS / f"{text_id}.jsonl" for text_id, _, _ in PAIRS.values()]
    datasets += [scan.with_suffix(".jsonl") for _, _, scan in PAIRS.values()]
    run = run_eval(datasets, built_index_copy, baseline=False, progress=False)
    by_set = run.by("planbot", "dataset")
    for scanned, (text_id, _, _) in PAIRS.items():
        assert by_set[scanned].n == by_set[text_id].n > 0
        assert by_set[scanned].accuracy >= by_set[text_id].accuracy, (scanned, by_set)
    assert run.summary("planbot").quote_fidelity == 1.0
