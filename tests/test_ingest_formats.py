"""Plans in styles the parser was not first written for: Markdown with pipe tables, standalone
责任单位 lines under （一）/1. items, a .docx with a two-row header, a .pdf table over two pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.load import load
from index.normalise import repair_lines, squash
from index.parse import parse
from index.pipeline import Ingested, ingest
from tests.conftest import FIXTURES

NEW = ["donghu-lowalt.md", "xiling-lines.txt", "beitang-2row.docx", "nanxi-pages.pdf"]


@pytest.fixture(scope="module")
def plans() -> dict[str, Ingested]:
    return {n: ingest(FIXTURES / n) for n in NEW}


def _by(got: Ingested) -> dict[tuple[str, str], list[str]]:
    return {(r.locator, r.role): r.units for r in got.facts.responsibilities}


def _target(got: Ingested, locator: str, value: str, unit: str):  # type: ignore[no-untyped-def]
    hits = [t for t in got.facts.targets if (t.locator, t.value, t.unit) == (locator, value, unit)]
    assert len(hits) == 1, [t for t in got.facts.targets if t.locator == locator]
    return hits[0]


@pytest.mark.parametrize("name", NEW)
def test_quotes_are_verbatim_in_the_file(name: str, plans: dict[str, Ingested]) -> None:
    path = FIXTURES / name
    raw = path.read_text(encoding="utf-8") if path.suffix in (".md", ".txt") else load(path).text
    original = squash(raw)
    got = plans[name]
    for c in got.chunks:
        assert squash(c.quote) in original, c.locator
    for t in got.facts.targets:
        assert squash(t.sentence) in original


def test_markdown_headings_and_pipe_table(plans: dict[str, Ingested]) -> None:
    got = plans["donghu-lowalt.md"]
    assert got.plan.title == "东湖市加快低空经济发展行动方案（2024—2026年）"
    assert not got.plan.warnings
    kinds = {b.locator: b.kind for b in got.plan.blocks}
    assert kinds["一、总体目标"] == "goal"
    assert kinds["二、重点任务（三）"] == "task"
    assert kinds["三、保障措施（二）"] == "safeguard"
    by = _by(got)
    assert by[("二、重点任务（二）", "牵头")] == ["市经信局"]
    assert by[("二、重点任务（二）", "配合")] == ["市发展改革委", "市投资促进局"]
    rows = sorted({r.locator for r in got.facts.responsibilities if r.locator.startswith("附件")})
    assert len(rows) == 6  # the |---| alignment row is not a task
    assert by[("附件 第3项", "配合")] == ["市经信局", "各区〈县〉人民政府"]
    row = next(b for b in got.plan.blocks if b.locator == "附件 第5项")
    assert row.cells and row.cells["牵头单位"] == "市数据局" and row.cells["完成时间"] == "2025年6月"
    assert "|" in row.text  # the row as written, cell separators included
    _target(got, "一、总体目标", "150", "个")
    assert _target(got, "一、总体目标", "200亿", "元").comparator == "突破"
    assert _target(got, "一、总体目标", "150", "个").metric == "垂直起降点"
    assert _target(got, "二、重点任务（四）", "1", "个工作日").comparator == "以内"


def test_standalone_unit_lines_under_numbered_items(plans: dict[str, Ingested]) -> None:
    got = plans["xiling-lines.txt"]
    assert got.plan.doc_number == "西政办发〔2025〕7号"
    by = _by(got)
    assert by[("二、重点任务（一）1.", "责任")] == ["市科技局", "各区（县、市）政府"]
    assert by[("二、重点任务（一）2.", "牵头")] == ["市科技局"]  # two labels on one line
    assert by[("二、重点任务（一）2.", "配合")] == ["市发展改革委", "市财政局"]
    assert by[("二、重点任务（三）2.", "配合")] == ["人行西陵分行", "西陵金融监管分局"]  # own line each
    assert by[("三、保障措施（二）", "责任")] == ["市财政局", "市科技局"]
    # A unit line belongs to the item above it, not to the next one.
    assert ("二、重点任务（二）", "责任") not in by
    assert _target(got, "一、发展目标", "100", "家").comparator == "突破"
    assert _target(got, "一、发展目标", "2.6", "%").comparator == "不低于"
    growth = _target(got, "一、发展目标", "10", "%")
    assert growth.metric == "高新技术产业增加值年均增长" and growth.deadline == "2027年"
    assert _target(got, "二、重点任务（二）1.", "75", "%").metric == "高企申报通过率"


def test_docx_two_row_header_and_merged_cells(plans: dict[str, Ingested]) -> None:
    got = plans["beitang-2row.docx"]
    by = _by(got)
    assert by[("附件 第1项", "牵头")] == ["区行政审批局"]
    assert by[("附件 第1项", "配合")] == ["区数据局", "各街道（镇）"]
    assert by[("二、攻坚任务（二）", "责任")] == ["区发展改革局", "区自然资源分局", "区人力社保局"]
    rows = {r.locator: r for r in got.facts.responsibilities if r.locator.startswith("附件")}
    assert sorted(rows, key=lambda s: int(s[4:-1])) == [f"附件 第{n}项" for n in range(1, 6)]
    assert rows["附件 第4项"].task == "优化要素保障"  # vertically merged 重点工作
    assert rows["附件 第4项"].pilot_task == "新增人才公寓房源2000套"
    kinds = {b.locator: b.kind for b in got.plan.blocks}
    assert kinds["二、攻坚任务（二）"] == "task"  # '保障' in a task title does not make it a safeguard


def test_pdf_table_over_two_pages(plans: dict[str, Ingested]) -> None:
    got = plans["nanxi-pages.pdf"]
    rows = [b for b in got.plan.blocks if b.kind == "annex_row"]
    assert [b.locator for b in rows] == [f"附件 第{n}项" for n in range(1, 13)]  # header repeat dropped
    pages = {b.locator: b.page for b in rows}
    assert pages["附件 第1项"] == 1 and pages["附件 第12项"] == 2
    assert not any("— 1 —" in b.text or "— 2 —" in b.text for b in got.plan.blocks)
    by = {r.locator: r for r in got.facts.responsibilities if r.role == "牵头"}
    assert by["附件 第7项"].task == "城市绿道建设"  # first row on page 2 inherits across the break
    assert by["附件 第7项"].units == ["市体育局"]
    lead = _by(got)
    assert lead[("二、重点任务（一）", "配合")] == ["市财政局", "市民政局", "各县〈市、区〉人民政府"]
    assert _target(got, "一、主要目标", "200", "公顷").deadline == "2027年"
    # '以2000年底前建成的小区' describes the housing, it is no deadline.
    assert _target(got, "二、重点任务（一）", "150", "个").deadline is None


def test_page_footer_forms_are_dropped_from_pdf_text() -> None:
    text = "一、目标\n到2026年，绿地率达到40%。\n第 1 页 共 2 页\n- 2 -\n1/2\n"
    lines = [ln.text for ln in repair_lines(text, [1, 1, 1, 2, 2, 2])]
    assert lines == ["一、目标", "到2026年，绿地率达到40%。"]


def test_markdown_table_in_body_without_annex(tmp_path: Path) -> None:
    text = (
        "某区行动方案\n\n一、重点任务\n\n| 序号 | 工作任务 | 责任单位 |\n|:--:|---|---|\n"
        "| 1 | 建设口袋公园10个 | 区住建局、区城管局 |\n| 2 | 新建绿道20公里 | 区城管局 |\n"
    )
    plan = parse(text, doc_id="x", path="x.md", sha256="0")
    rows = [b for b in plan.blocks if b.kind == "annex_row"]
    assert [b.cells["责任单位"] for b in rows if b.cells] == ["区住建局、区城管局", "区城管局"]
    assert all(squash(b.text) in squash(text) for b in rows)
