"""What a 督办 clerk and an agency use: the Excel export, the 时间节点 view, one agency's tasks across plans,
and example questions made from the plan in scope. Real ingest, the real CLI, openpyxl reading the file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.agency import agency_tasks, resolve_agency
from bot.cli import main as planbot
from bot.export import export_xlsx
from bot.views import deadline_items, deadline_key, example_questions
from index.models import Facts
from index.pipeline import ingest
from index.settings import Settings
from tests.conftest import CORPUS, FIXTURES

CHENGJIANG = FIXTURES / "chengjiang-annex.md"  # annex with a 完成时限 column
NANXI = FIXTURES / "nanxi-pages.pdf"  # 牵头/配合 columns and 时间节点


@pytest.fixture(scope="module")
def wenzhou():
    return ingest(CORPUS)


@pytest.fixture(scope="module")
def two_plans():
    return [ingest(CHENGJIANG), ingest(NANXI)]


def _facts(ingested) -> Facts:
    return Facts(
        responsibilities=[r for i in ingested for r in i.facts.responsibilities],
        targets=[t for i in ingested for t in i.facts.targets],
    )


def _sheet(path: Path, name: str) -> list[dict[str, str]]:
    ws = load_workbook(path, read_only=True)[name]
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], (c or "" for c in row), strict=True)) for row in rows[1:]]


def _compact(s: str) -> str:
    return re.sub(r"\s+", "", s)


# ---------------------------------------------------------------- export


def test_cli_export_has_every_annex_row_and_key_task_with_its_units(
    built_index: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys, wenzhou
) -> None:
    monkeypatch.setenv("PLANBOT_HOME", str(built_index.home))
    out = tmp_path / "督办.xlsx"
    assert planbot(["export", "--xlsx", str(out)]) == 0
    assert "已导出" in capsys.readouterr().out
    wb = load_workbook(out, read_only=True)
    assert {"责任分工", "按单位", "目标指标", "说明"} <= set(wb.sheetnames)

    duties = _sheet(out, "责任分工")
    assert list(duties[0]) == ["位置", "任务", "试点任务", "角色", "单位", "时限", "原文"]
    by_locator = {d["位置"]: d for d in duties}
    for n in range(1, 16):  # the annex's 15 pilot tasks
        assert f"附件 第{n}项" in by_locator, n
    for r in wenzhou.facts.responsibilities:  # every key task and annex row, with all of its units
        row = by_locator[r.locator]
        assert row["单位"] == "、".join(r.units) and row["任务"] == r.task
    text = _compact(wenzhou.plan.text)
    assert all(_compact(d["原文"]) in text for d in duties)  # 原文 is the document's own text

    by_unit = _sheet(out, "按单位")
    # one unit per row, for the filter (a bracketed group such as 各县（市、区）政府 is one unit)
    assert [(d["位置"], d["单位"]) for d in by_unit] == [
        (r.locator, u) for r in wenzhou.facts.responsibilities for u in r.units
    ]
    science = {d["位置"] for d in by_unit if d["单位"] == "市科技局"}
    assert science == {r.locator for r in wenzhou.facts.responsibilities if "市科技局" in r.units}

    targets = _sheet(out, "目标指标")
    assert list(targets[0]) == ["指标", "目标值", "期限", "范围", "位置", "原文"]
    assert len(targets) == len(wenzhou.facts.targets)
    assert any(t["目标值"].endswith("42%") for t in targets)


def test_export_of_several_plans_names_the_plan_and_lists_deadlines_in_order(two_plans, tmp_path) -> None:
    out = export_xlsx(_facts(two_plans), [i.plan for i in two_plans], tmp_path / "out.xlsx")
    duties = _sheet(out, "责任分工")
    assert duties[0]["方案"] and {d["方案"] for d in duties} == {i.plan.title for i in two_plans}
    due = _sheet(out, "时间节点")
    assert due, "both plans give deadlines"
    keys = [deadline_key(d["时限"]) for d in due]
    assert keys == sorted(keys)
    assert {"2025年6月底前", "2027年底"} <= {d["时限"] for d in due}


def test_export_keeps_formula_like_text_as_text(wenzhou, tmp_path) -> None:
    r = wenzhou.facts.responsibilities[0].model_copy(
        update={"task": '=HYPERLINK("http://x")', "quote": "a\x07b"}
    )
    out = export_xlsx(Facts(responsibilities=[r]), [wenzhou.plan], tmp_path / "x.xlsx")
    ws = load_workbook(out)["责任分工"]
    assert ws["B2"].value == '=HYPERLINK("http://x")' and ws["B2"].data_type == "s"
    assert ws["G2"].value == "ab"  # a control character from a PDF cannot break the file


def test_cli_export_of_an_unknown_plan_says_so(built_index, tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("PLANBOT_HOME", str(built_index.home))
    assert planbot(["export", "--xlsx", str(tmp_path / "x.xlsx"), "--doc", "nope"]) == 1
    assert "没有 doc_id 为“nope”的方案" in capsys.readouterr().err
    assert not (tmp_path / "x.xlsx").exists()


# ---------------------------------------------------------------- 时间节点


def test_deadline_keys_read_dates_as_plans_write_them() -> None:
    order = [
        "2025年6月底前",
        "2025年第三季度",
        "2025年",
        "2025年底前",
        "2026年上半年",
        "2024—2026年",
        "长期坚持",
    ]
    assert sorted(order, key=deadline_key) == [
        "2025年6月底前", "2025年第三季度", "2025年", "2025年底前", "2026年上半年", "2024—2026年", "长期坚持",
    ]  # fmt: skip
    assert deadline_key("2025年12月") == deadline_key("2025年底前")


def test_deadline_view_orders_tasks_and_targets_with_their_units(two_plans, wenzhou) -> None:
    items = deadline_items(_facts(two_plans))
    assert [deadline_key(i.deadline) for i in items] == sorted(deadline_key(i.deadline) for i in items)
    first = next(i for i in items if i.kind == "任务")  # NOTE: “以2000年底前建成的小区” is no deadline
    assert first.deadline == "2025年6月底前" and first.units and first.role
    # a target with a 期限 says who is due, from the responsibility at the same passage
    wz = deadline_items(wenzhou.facts)
    assert any(i.kind == "目标" and i.deadline == "2025年" and "市教育局" in i.units for i in wz)


def test_cli_facts_deadlines(built_index, monkeypatch, capsys) -> None:
    monkeypatch.setenv("PLANBOT_HOME", str(built_index.home))
    assert planbot(["facts", "--deadlines"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines and all(line.startswith("2025年") for line in lines)
    assert any("42%" in line and "市教育局" in line for line in lines)


# ---------------------------------------------------------------- one agency across plans


def test_agency_is_found_by_the_names_people_use(wenzhou) -> None:
    units = {u for r in wenzhou.facts.responsibilities for u in r.units}
    district = next(u for u in units if u.endswith("区政府"))
    place = district.removesuffix("政府")
    assert resolve_agency("科技局", units) == ["市科技局"]
    assert resolve_agency(place, units) == [district]
    assert resolve_agency(place + "人民政府", units) == [district]
    assert resolve_agency("某地" + "市科技局", units) == ["市科技局"]
    assert resolve_agency("国家航天局", units) == []


def test_agency_tasks_across_plans_lead_before_support_each_with_its_citation(two_plans) -> None:
    facts = _facts(two_plans)
    units = resolve_agency("住建局", {u for r in facts.responsibilities for u in r.units})
    assert units == ["市住建局"]
    tasks = agency_tasks(facts, units)
    assert {t.doc_id for t in tasks} == {i.plan.doc_id for i in two_plans}
    nanxi = [t for t in tasks if t.doc_id == two_plans[1].plan.doc_id]
    roles = [t.role for t in nanxi]
    assert roles == sorted(roles, key=["牵头", "责任", "配合"].index) and {"牵头", "配合"} <= set(roles)
    texts = {i.plan.doc_id: _compact(i.plan.text) for i in two_plans}
    assert all("市住建局" in t.quote and _compact(t.quote) in texts[t.doc_id] for t in tasks)


def test_cli_facts_agency(built_index, monkeypatch, capsys) -> None:
    monkeypatch.setenv("PLANBOT_HOME", str(built_index.home))
    assert planbot(["facts", "--agency", "科技局"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("市科技局：") and "附件 第8项" in out
    assert planbot(["facts", "--agency", "国家航天局"]) == 1
    assert "没有名为“国家航天局”的责任单位" in capsys.readouterr().err


# ---------------------------------------------------------------- example questions


def test_example_questions_come_from_the_plan_in_scope(wenzhou, two_plans) -> None:
    own = example_questions(two_plans[0].facts)
    assert own and all("温州" not in q and "市科技局" not in q for _, q in own)
    units = {u for r in two_plans[0].facts.responsibilities for u in r.units}
    assert any(u in q for _, q in own for u in units)
    several = example_questions(_facts(two_plans), several_plans=True)
    assert any("各方案" in q for _, q in several)


def test_example_questions_are_answered_from_the_plan(built_index: Settings, wenzhou) -> None:
    from bot.service import Service

    svc = Service.from_settings(built_index)
    examples = example_questions(wenzhou.facts)
    assert len(examples) >= 3
    for _, question in examples:
        ans = svc.ask(question)
        assert not ans.abstained and ans.citations, (question, ans.answer)


def test_chat_lists_the_same_tasks_as_the_agency_view(tmp_path, two_plans) -> None:
    """“X在各方案中负责哪些任务？” in chat names every task the 单位任务 view lists, in each plan."""
    from bot.service import Service
    from index.store import build_index

    settings = Settings(home=tmp_path / "home")
    build_index([CHENGJIANG, NANXI], settings)
    ans = Service.from_settings(settings).ask("市住建局在各方案中负责哪些任务？")
    assert not ans.abstained
    assert {c.doc for c in ans.citations} == {i.plan.doc_id for i in two_plans}
    for t in agency_tasks(_facts(two_plans), ["市住建局"]):
        assert t.locator in ans.answer, t.locator
