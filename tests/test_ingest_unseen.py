"""Four plans planbot had never seen (a QA engineer's set): targets with any measure word, metrics
that name what is measured, deadlines from annex time columns and inline 完成时限 clauses, and a
Markdown notice's 文号.

Expectations are read from the fixture text itself (regexes over the source), not from planbot's output.
"""

from __future__ import annotations

import re

import pytest

from index.load import load
from index.models import Target
from index.normalise import squash
from index.parse import parse
from index.pipeline import Ingested, ingest
from tests.conftest import FIXTURES

UNSEEN = ["qingxi-village.txt", "chengjiang-annex.md", "linchuan-merged.docx", "jiangcheng-lines.pdf"]
TIME_HEADER = re.compile(r"^(?:完成时间|完成时限|时间节点|时间要求)$")


@pytest.fixture(scope="module")
def plans() -> dict[str, Ingested]:
    return {n: ingest(FIXTURES / n) for n in UNSEEN}


@pytest.fixture(scope="module")
def raw() -> dict[str, str]:
    return {n: load(FIXTURES / n).text for n in UNSEEN}


@pytest.fixture(scope="module")
def sources(raw: dict[str, str]) -> dict[str, str]:
    """The text with whitespace removed: a PDF line wrap does not split what a regex looks for."""
    return {n: squash(t) for n, t in raw.items()}


def _targets(got: Ingested, value: str, unit: str) -> list[Target]:
    return [t for t in got.facts.targets if (t.value, t.unit) == (value, unit)]


def _table(text: str) -> tuple[list[str], list[list[str]]]:
    """The annex table of a source as written: header cells and row cells ('|' rows or tab rows)."""
    rows = []
    for line in text.splitlines():
        if line.startswith("|") and not re.match(r"^\|[\s\-:|]+\|$", line):
            rows.append([c.strip() for c in line.strip("|").split("|")])
        elif "\t" in line:
            rows.append([c.strip() for c in line.split("\t")])
    header = next(r for r in rows if "序号" in r)
    return header, [r for r in rows if r is not header and r[0].isdigit()]


@pytest.mark.parametrize("name", UNSEEN)
def test_quotes_and_sentences_stay_verbatim(name: str, plans: dict[str, Ingested]) -> None:
    original = squash(load(FIXTURES / name).text)
    got = plans[name]
    for c in got.chunks:
        assert squash(c.quote) in original, c.locator
    for t in got.facts.targets:
        assert squash(t.sentence) in original, t


# Measure words these plans use after a number, longest first as a reader takes them (台套 before 台).
MEASURES = r"(台套|个工作日|小时|部|处|座|公里|平方米)"


@pytest.mark.parametrize("name", UNSEEN)
def test_every_measure_word_makes_a_target(
    name: str, plans: dict[str, Ingested], sources: dict[str, str]
) -> None:
    got = plans[name]
    found = re.findall(rf"(?<![\d.])(\d+(?:\.\d+)?)(万)?{MEASURES}", sources[name])
    assert found, name
    for value, mult, unit in found:
        assert _targets(got, value + mult, unit), (value, mult, unit)


def test_unit_taken_as_written_and_comparators_after_the_number(
    plans: dict[str, Ingested], sources: dict[str, str]
) -> None:
    m = re.search(r"农机达到(\d+)(台套)", sources["qingxi-village.txt"])
    assert m
    assert _targets(plans["qingxi-village.txt"], m.group(1), "台套")
    assert not _targets(plans["qingxi-village.txt"], m.group(1), "台")
    cj = plans["chengjiang-annex.md"]
    for what, value in re.findall(
        r"([进出]口)整体通关时间压缩至([\d.]+)小时以内", sources["chengjiang-annex.md"]
    ):
        hits = [t for t in _targets(cj, value, "小时") if what in t.metric]
        assert hits and all(t.comparator == "以内" for t in hits), (what, value)


FRAGMENT = re.compile(
    r"^(?:到|至|在)?\d{4}|\d{4}年(?:底|末)?(?:前)?$|^(?:实现|累计|完成|新增|全县|全市)?$|[每按照]$"
)


@pytest.mark.parametrize("name", UNSEEN)
def test_metrics_name_what_is_measured(name: str, plans: dict[str, Ingested]) -> None:
    for t in plans[name].facts.targets:
        assert len(t.metric) >= 2 and not FRAGMENT.search(t.metric), t
        assert "*" not in t.metric and "*" not in (t.scope or ""), t
        assert t.metric.count("“") == t.metric.count("”"), t


def test_year_next_to_a_metric_is_its_deadline(plans: dict[str, Ingested], sources: dict[str, str]) -> None:
    for name, pattern in (
        ("qingxi-village.txt", r"([\u4e00-\u9fff]{2,}率)(\d{4})年达到(\d+)%"),
        ("jiangcheng-lines.pdf", r"([\u4e00-\u9fff]{2,}率)(\d{4})年底达到(\d+)%"),
    ):
        m = re.search(pattern, sources[name])
        assert m, name
        metric, year, value = m.groups()
        hits = _targets(plans[name], value, "%")
        assert [(t.metric, t.deadline) for t in hits] == [(metric, f"{year}年")], hits


def test_a_period_leading_the_sentence_ends_at_its_deadline(
    plans: dict[str, Ingested], sources: dict[str, str]
) -> None:
    m = re.search(r"\d{4}—(\d{4})年，[\u4e00-\u9fff]*?(\d+)(个)", sources["jiangcheng-lines.pdf"])
    assert m
    hits = _targets(plans["jiangcheng-lines.pdf"], m.group(2), m.group(3))
    assert hits and all(t.deadline == f"{m.group(1)}年" for t in hits), hits


def test_attributes_ordinals_and_ratio_bases_are_no_targets(
    plans: dict[str, Ingested], sources: dict[str, str]
) -> None:
    qx = re.search(r"实现(\d+)(户)以上[\u4e00-\u9fff]", sources["qingxi-village.txt"])
    assert qx and not _targets(plans["qingxi-village.txt"], qx.group(1), qx.group(2))
    lc = sources["linchuan-merged.docx"]
    rank = re.search(r"排名后(\d+)位", lc)
    assert rank and not _targets(plans["linchuan-merged.docx"], rank.group(1), "位")
    base = re.search(r"每(\d+)人口配备(\d+)名(保洁员)", lc)
    assert base
    assert not _targets(plans["linchuan-merged.docx"], base.group(1), "人")
    staff = _targets(plans["linchuan-merged.docx"], base.group(2), "名")
    assert staff and all(t.metric.startswith("每") and base.group(3) in t.metric for t in staff)


def test_per_unit_amount_says_per_unit_and_the_count_does_not(
    plans: dict[str, Ingested], sources: dict[str, str]
) -> None:
    src = sources["jiangcheng-lines.pdf"]
    per = re.search(r"每部电梯补助(\d+)(万)元", src)
    count = re.search(r"到(\d{4})年底[^。]*?加装电梯(\d+)部", src)
    assert per and count
    got = plans["jiangcheng-lines.pdf"]
    amounts = _targets(got, per.group(1) + per.group(2), "元")
    assert amounts and all(t.metric.startswith("每部") for t in amounts)
    elevators = _targets(got, count.group(2), "部")
    assert elevators and not any(t.metric.startswith("每") for t in elevators)
    assert f"{count.group(1)}年" in {t.deadline for t in elevators}


def test_running_total_keeps_what_it_counts(plans: dict[str, Ingested], sources: dict[str, str]) -> None:
    m = re.search(
        r"认定([\u4e00-\u9fff]+?)(\d+)个，到(\d{4})年累计不少于(\d+)个", sources["qingxi-village.txt"]
    )
    assert m
    thing, _, year, total = m.groups()
    hits = [t for t in _targets(plans["qingxi-village.txt"], total, "个") if t.comparator == "不少于"]
    assert any(thing in t.metric and t.deadline == f"{year}年" and "累计" in t.metric for t in hits), hits


@pytest.mark.parametrize("name", ["chengjiang-annex.md", "linchuan-merged.docx"])
def test_annex_time_column_is_the_rows_deadline(
    name: str, plans: dict[str, Ingested], raw: dict[str, str]
) -> None:
    header, rows = _table(raw[name])
    col = next(i for i, h in enumerate(header) if TIME_HEADER.match(h))
    got = plans[name]
    for row in rows:
        locator, due = f"附件 第{row[0]}项", row[col]
        duties = [r for r in got.facts.responsibilities if r.locator == locator]
        assert duties and all(r.deadline == due for r in duties), (locator, due)
        targets = [t for t in got.facts.targets if t.locator == locator]
        if re.search(r"\d", due):
            assert all(t.deadline == due for t in targets), (locator, due)


def test_inline_and_line_time_clauses_fill_deadlines() -> None:
    text = (
        "某县行动方案\n一、重点任务\n"
        "1.建设示范基地。建成示范基地10个。（牵头单位：县农业局；配合单位：县财政局；完成时限：2025年12月底前）\n"
        "2.推进道路改造。改造农村道路50公里。\n责任单位：县交通局\n完成时间：2026年6月底前\n"
    )
    plan = parse(text, doc_id="t", path="t.txt", sha256="0")
    from index.facts import extract_facts

    facts = extract_facts(plan)
    by = {(r.locator, r.role): r for r in facts.responsibilities}
    lead = by[("一、重点任务1.", "牵头")]
    assert lead.units == ["县农业局"] and lead.deadline == "2025年12月底前"
    assert by[("一、重点任务1.", "配合")].units == ["县财政局"]
    assert by[("一、重点任务2.", "责任")].units == ["县交通局"]
    assert by[("一、重点任务2.", "责任")].deadline == "2026年6月底前"
    base = next(t for t in facts.targets if (t.value, t.unit) == ("10", "个"))
    assert base.deadline == "2025年12月底前"
    road = next(t for t in facts.targets if (t.value, t.unit) == ("50", "公里"))
    assert road.deadline == "2026年6月底前"


def test_markdown_notice_number_title_and_emphasis(plans: dict[str, Ingested], raw: dict[str, str]) -> None:
    src = raw["chengjiang-annex.md"]
    number = next(ln.strip() for ln in src.splitlines() if re.fullmatch(r".{2,12}〔\d{4}〕\d+号", ln.strip()))
    title = src.splitlines()[0].lstrip("# ").strip()
    got = plans["chengjiang-annex.md"]
    assert got.plan.doc_number == number
    assert got.plan.title == title
    assert not any("*" in b.title for b in got.plan.blocks)
    assert not any(b.text.strip() == "---" for b in got.plan.blocks)


@pytest.mark.parametrize("name", UNSEEN)
def test_responsibilities_are_units_only(name: str, plans: dict[str, Ingested]) -> None:
    got = plans[name]
    assert got.facts.responsibilities
    for r in got.facts.responsibilities:
        assert r.units and r.task
        assert not any(re.search(r"[:：]|\d{4}年", u) for u in r.units), r


def test_targets_found_in_each_annex_row_that_states_one(
    plans: dict[str, Ingested], raw: dict[str, str]
) -> None:
    for name in ("chengjiang-annex.md", "linchuan-merged.docx"):
        _, rows = _table(raw[name])
        got = plans[name]
        for row in rows:
            stated = re.findall(
                rf"(?<![\d.每])(\d+(?:\.\d+)?)(亿|万)?(%|{MEASURES[1:-1]}|个|户|项|倍|元|名)",
                " ".join(row[1:3]),
            )
            locator = f"附件 第{row[0]}项"
            for value, mult, unit in stated:
                assert _targets(got, value + mult, unit), (name, locator, value, unit)
                assert any(t.locator == locator for t in _targets(got, value + mult, unit))
