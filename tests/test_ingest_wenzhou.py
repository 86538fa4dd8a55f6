"""The Wenzhou plan end to end: structure, locators, responsibilities and targets as the document says."""

from __future__ import annotations

import re

import pytest

from index.normalise import squash
from index.pipeline import Ingested, ingest
from tests.conftest import CORPUS


@pytest.fixture(scope="module")
def wz() -> Ingested:
    return ingest(CORPUS)


def _annex_rows_from_file() -> dict[str, list[str]]:
    """序号 -> cells, read straight from the file (an oracle independent of the parser)."""
    rows = {}
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if len(cells) == 5 and cells[0].isdigit():
            rows[cells[0]] = cells
    return rows


def _without_top_separators(s: str) -> str:
    """The unit list with its separators removed, separators inside brackets kept."""
    return re.sub(r"[、，；](?![^（〈(]*[）〉)])", "", s)


def test_notice_metadata(wz: Ingested) -> None:
    p = wz.plan
    assert p.doc_number == "温政办〔2023〕86号"
    assert p.title == "温州市打造教育科技人才一体先行试点城市实施方案"
    assert p.recipients == "各县（市、区）人民政府，市各有关单位"
    assert p.date == "2023年11月17日"
    assert p.issuer == "温州市人民政府办公室"
    assert p.cc and p.cc.startswith("省委人才办")
    locators = [b.locator for b in p.blocks]
    for loc in (
        "通知",
        "一、主要目标",
        "二、重点任务（四）",
        "三、保障措施（二）",
        "附件 第8项",
        "抄送",
        "印发",
    ):
        assert loc in locators


def test_eight_key_tasks_with_units_as_written(wz: Ingested) -> None:
    tasks = [r for r in wz.facts.responsibilities if r.locator.startswith("二、重点任务")]
    assert [r.locator[-3:] for r in tasks] == [f"（{n}）" for n in "一二三四五六七八"]
    text = CORPUS.read_text(encoding="utf-8")
    for r in tasks:
        assert r.role == "责任"
        clause = re.search(r"（责任单位：(.*?)）\n", r.quote + "\n")
        assert clause, r.locator
        # Units, re-joined, give back the clause exactly (nothing dropped, nothing rewritten).
        assert "".join(r.units) == _without_top_separators(clause.group(1))
        assert squash(r.quote) in squash(text)
    four = next(r for r in tasks if r.locator == "二、重点任务（四）")
    assert four.units == [
        "市发展改革委",
        "市科技局",
        "市市场监管局",
        "温州海经区管委会",
        "各县〈市、区〉政府",
    ]
    two = next(r for r in tasks if r.locator == "二、重点任务（二）")
    assert "市发展改革委" not in two.units


def test_fifteen_annex_rows_units_and_inherited_task(wz: Ingested) -> None:
    oracle = _annex_rows_from_file()
    rows = [r for r in wz.facts.responsibilities if r.locator.startswith("附件")]
    assert [r.locator for r in rows] == [f"附件 第{n}项" for n in range(1, 16)]
    for r in rows:
        cells = oracle[r.locator[4:-1]]
        assert "".join(r.units) == _without_top_separators(cells[4])
        assert r.pilot_task == cells[2]
        assert squash(r.quote) == squash("".join(cells))  # the row as it stands
    by = {r.locator: r for r in rows}
    for n in (7, 8, 9):
        assert by[f"附件 第{n}项"].task == "优化科技成果转化体制机制"
    assert by["附件 第11项"].units == ["市科技局", "各县（市、区）政府", "各在温高校", "科研院所"]
    assert by["附件 第15项"].units == ["龙湾区政府", "温州医科大学", "瓯江实验室"]


@pytest.mark.parametrize(
    ("locator", "value", "unit", "metric_part", "comparator"),
    [
        ("一、主要目标", "15", "%", "四技服务收入", "达"),
        ("一、主要目标", "15", "%", "高校研发投入", "以上"),
        ("一、主要目标", "20", "%", "科研院所研发投入", "超过"),
        ("一、主要目标", "3.1", "%", "R&D", "左右"),
        ("一、主要目标", "15", "人", "顶尖人才", "以上"),
        ("一、主要目标", "60万", "人", "引进人才", "以上"),
        ("一、主要目标", "42", "%", "高校培养人才留温率", "达到"),
        ("一、主要目标", "1", "个", "特色学科", "至少"),
        ("二、重点任务（一）", "42", "%", "毕业生留温率", "以上"),
        ("二、重点任务（一）", "60", "%", "职业院校留温率", "达"),
        ("二、重点任务（四）", "30000", "件", "发明专利", "达到"),
        ("附件 第5项", "10", "项", "技术攻关", ""),
        ("附件 第10项", "3", "个", "产教融合共同体", ""),
        ("附件 第11项", "10", "个", "技术转移转化机构", ""),
        ("附件 第8项", "1", "单", "改革举措", "以上"),
    ],
)
def test_targets(
    wz: Ingested, locator: str, value: str, unit: str, metric_part: str, comparator: str
) -> None:
    hits = [
        t
        for t in wz.facts.targets
        if t.locator == locator and t.value == value and t.unit == unit and metric_part in t.metric
    ]
    assert len(hits) == 1, [t for t in wz.facts.targets if t.locator == locator]
    t = hits[0]
    assert t.comparator == comparator
    assert squash(t.sentence) in squash(wz.plan.text)
    if locator == "一、主要目标":
        assert t.deadline == "2025年"


def test_no_targets_from_dates_numbers_or_codes(wz: Ingested) -> None:
    values = {t.value for t in wz.facts.targets}
    assert not values & {"2023", "2025", "86", "315", "5", "17", "11"}


def test_page_breaks_repaired(wz: Ingested) -> None:
    goals = "\n".join(b.text for b in wz.plan.blocks if b.kind == "goal")
    assert "科研院所研发投入年均增速超过 20%" in goals
    two = next(b for b in wz.plan.blocks if b.locator == "二、重点任务（二）")
    assert "在温高校重点打造 1 个以上优势特色学科" in two.text


def test_chunks_stable_and_enriched(wz: Ingested) -> None:
    ids = [c.id for c in wz.chunks]
    assert len(ids) == len(set(ids))
    again = ingest(CORPUS)
    assert [c.id for c in again.chunks] == ids
    row7 = next(c for c in wz.chunks if c.locator == "附件 第7项")
    assert "任务名称：优化科技成果转化体制机制" in row7.text
    assert "优化科技成果转化体制机制" not in row7.quote  # the inherited name is context, not quote
    assert row7.units == ["瓯海区政府", "市科技局"]
    assert all(c.tokens > 0 for c in wz.chunks)
    kinds = {c.kind for c in wz.chunks}
    assert {"notice", "preamble", "goal", "task", "safeguard", "annex_row", "cc", "issued"} <= kinds
