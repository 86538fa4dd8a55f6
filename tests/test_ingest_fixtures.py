"""Other plans: GBK text with 牵头/配合 and 1. numbering, a 重点任务/具体措施 table, .docx and .pdf tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.load import load
from index.normalise import match_key, squash
from index.pipeline import Ingested, ingest
from tests.conftest import CORPUS, FIXTURES

ALL = [
    CORPUS,
    *(
        FIXTURES / n
        for n in ("qingshan-gbk.txt", "jiangbei-table.txt", "nanhu-table.docx", "nanhu-table.pdf")
    ),
]


@pytest.fixture(scope="module")
def plans() -> dict[str, Ingested]:
    return {p.name: ingest(p) for p in ALL}


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_every_quote_is_in_the_original_text(path: Path, plans: dict[str, Ingested]) -> None:
    original = squash(load(path).text)
    got = plans[path.name]
    assert got.plan.blocks
    for b in got.plan.blocks:
        assert squash(b.text) in original, b.locator
    for c in got.chunks:
        assert squash(c.quote) in original, c.locator
    for r in got.facts.responsibilities:
        assert squash(r.quote) in original
    for t in got.facts.targets:
        assert squash(t.sentence) in original


def test_gbk_plan_lead_and_support_roles(plans: dict[str, Ingested]) -> None:
    got = plans["qingshan-gbk.txt"]
    assert got.plan.encoding == "gb18030"
    assert got.plan.doc_number == "青政办发〔2024〕12号"
    assert got.plan.title == "青山县数字乡村建设行动计划"
    by = {(r.locator, r.role): r.units for r in got.facts.responsibilities}
    assert by[("二、主要任务1.", "牵头")] == ["县经信局"]
    assert by[("二、主要任务1.", "配合")] == ["县农业农村局", "各乡镇人民政府〈街道办事处〉"]
    assert by[("二、主要任务4.", "牵头")] == ["县委组织部", "县民政局"]
    assert by[("二、主要任务3.", "配合")] == ["县邮政管理局", "县供销社", "各乡镇人民政府〈街道办事处〉"]
    kinds = {b.locator: b.kind for b in got.plan.blocks}
    assert kinds["二、主要任务2."] == "task"
    assert kinds["三、保障措施2."] == "safeguard"
    goal = next(t for t in got.facts.targets if t.metric == "乡村数字人才")
    # The goal sentence was broken across lines; it is one passage again.
    assert (goal.value, goal.unit, goal.comparator, goal.deadline) == ("500", "名", "以上", "2026年")


def test_table_with_measures_and_lead_units(plans: dict[str, Ingested]) -> None:
    got = plans["jiangbei-table.txt"]
    rows = [r for r in got.facts.responsibilities if r.locator.startswith("附件")]
    assert [r.locator for r in rows] == [f"附件 第{n}项" for n in range(1, 6)]  # repeated header dropped
    assert all(r.role == "牵头" for r in rows)
    by = {r.locator: r for r in rows}
    assert by["附件 第2项"].task == "强化创新策源"  # merged cell inherits the row above
    assert by["附件 第4项"].task == "加快项目招引"
    assert by["附件 第4项"].units == ["区发展改革局", "各街道（镇）"]
    assert by["附件 第4项"].pilot_task == "建立重点项目“一企一专班”服务机制"
    assert not any(t.value in ("2025", "2026", "12", "6") for t in got.facts.targets)


@pytest.mark.parametrize("name", ["nanhu-table.docx", "nanhu-table.pdf"])
def test_docx_and_pdf_tables(name: str, plans: dict[str, Ingested]) -> None:
    got = plans[name]
    by = {(r.locator, r.role): r for r in got.facts.responsibilities}
    assert by[("附件 第2项", "牵头")].task == "壮大整车产业"  # vertically merged cell
    assert by[("附件 第2项", "配合")].units == ["各区（县）政府"]
    assert by[("附件 第1项", "配合")].units == ["市商务局", "市投资促进局"]
    assert by[("二、重点任务（二）", "责任")].units == ["市住建局", "国网南湖供电公司", "各区〈县〉政府"]
    assert got.plan.cc == "市委办公室，市人大常委会办公室"
    assert any(t.value == "20万" and t.unit == "辆" and t.deadline == "2026年" for t in got.facts.targets)


def test_pdf_blocks_carry_pages(plans: dict[str, Ingested]) -> None:
    blocks = plans["nanhu-table.pdf"].plan.blocks
    assert next(b for b in blocks if b.locator == "一、主要目标").page == 1
    assert next(b for b in blocks if b.locator == "附件 第3项").page == 2


def test_unstructured_text_is_paragraphs_with_warning(tmp_path: Path) -> None:
    f = tmp_path / "memo.txt"
    f.write_text("关于近期工作的说明\n\n请各单位按时报送材料。\n\n联系人：张三。\n", encoding="utf-8")
    got = ingest(f)
    assert got.plan.warnings and "普通段落" in got.plan.warnings[0]
    assert any("按时报送材料" in b.text for b in got.plan.blocks)


def test_a_notice_whose_plan_is_its_annex_is_not_called_unstructured() -> None:
    # 嘉定 违法用地: the notice has no headings of its own; the plan stands in 附件1 with 一、/（一） headings
    got = ingest(Path(__file__).parent.parent / "evals/data/plans/real/ds-jiading-weifayongdi.txt")
    assert not any("普通段落" in w for w in got.plan.warnings)
    assert any(b.locator.startswith("附件1 三、") for b in got.plan.blocks)


def test_match_key_unifies_brackets_and_punctuation() -> None:
    assert (
        match_key("各县〈市、区〉政府") == match_key("各县（市、区） 政府") == match_key("各县(市、区)政府")
    )
    assert match_key("3.1％，超过") == match_key("3.1%,超过")
