"""Grounded answers on four plans planbot was not built on (tests/fixtures):
- qingxi .txt (GBK), inline （牵头单位：…；配合单位：…）;
- chengjiang .md, a 分工表 of 责任单位 / 配合单位 / 完成时间;
- linchuan .docx, an annex table with merged cells;
- jiangcheng .pdf, 责任单位： and 配合单位： on their own lines.

Expectations are read here from the fixture text (the .txt/.md sources, the .docx table through python-docx,
the loaded text of the .pdf), never from the code under test. No Chroma: compose() is pure; questions a
passage has to answer get real BM25 hits.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.compose import Context, compose
from bot.retrieve import fuse
from bot.text import norm
from bot.understand import understand
from index.lexical import LexicalIndex
from index.pipeline import Ingested, ingest
from tests.conftest import FIXTURES, grounded_context

QINGXI = FIXTURES / "qingxi-village.txt"
CHENGJIANG = FIXTURES / "chengjiang-annex.md"
LINCHUAN = FIXTURES / "linchuan-merged.docx"
JIANGCHENG = FIXTURES / "jiangcheng-lines.pdf"

QX_RAW = QINGXI.read_bytes().decode("gbk")
CJ_RAW = CHENGJIANG.read_text(encoding="utf-8")


def split_units(cell: str) -> list[str]:
    return [u.strip() for u in re.split(r"[、，,]", cell) if u.strip()]


# --- expectations from the fixtures ------------------------------------------------------------------


def qingxi_tasks() -> list[dict]:
    """Numbered tasks of qingxi: 'N.title。… （牵头单位：A；配合单位：B、C）'."""
    out = []
    for m in re.finditer(
        r"(\d+)\.([^。\n]+)。[^\n]*?（牵头单位：([^；）]+)(?:；配合单位：([^）]+))?）", QX_RAW
    ):
        out.append(
            {
                "n": m.group(1),
                "title": m.group(2),
                "lead": split_units(m.group(3)),
                "coop": split_units(m.group(4) or ""),
            }
        )
    return out


def chengjiang_rows() -> list[dict]:
    """Rows of the md 分工表; an empty 工作任务 cell is the task of the row above."""
    rows, task = [], ""
    for line in CJ_RAW.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 6 and cells[0].isdigit():
            task = cells[1] or task
            rows.append(
                {
                    "n": int(cells[0]),
                    "task": task,
                    "measure": cells[2],
                    "lead": split_units(cells[3]),
                    "coop": split_units(cells[4]),
                    "when": cells[5],
                }
            )
    return rows


def chengjiang_body() -> list[dict]:
    """Main-text tasks of chengjiang: '1. **title。** text' (they name no unit)."""
    body = CJ_RAW[CJ_RAW.index("## 二、重点任务") : CJ_RAW.index("## 三、保障措施")]
    return [
        {"title": m.group(1), "text": m.group(2)}
        for m in re.finditer(r"^\d+\.\s*\*\*([^。*]+)。\*\*\s*(.+)$", body, flags=re.M)
    ]


def linchuan_rows() -> list[dict]:
    from docx import Document

    table = Document(str(LINCHUAN)).tables[0]
    rows, task = [], ""
    for row in table.rows[1:]:
        n, work, measure, units, when = (c.text.strip() for c in row.cells)
        task = work or task
        rows.append({"n": int(n), "task": task, "measure": measure, "lead": split_units(units), "when": when})
    return rows


QX_TASKS = qingxi_tasks()
CJ_ROWS = chengjiang_rows()
CJ_BODY = chengjiang_body()
LC_ROWS = linchuan_rows()


def test_expectations_parsed() -> None:
    assert len(QX_TASKS) == 12 and len(CJ_ROWS) == 10 and len(CJ_BODY) == 9 and len(LC_ROWS) == 10


# --- contexts ----------------------------------------------------------------------------------------

_INGESTED: dict[Path, Ingested] = {}


def _ingest(path: Path) -> Ingested:
    if path not in _INGESTED:
        _INGESTED[path] = ingest(path)
    return _INGESTED[path]


def _context(paths: list[Path]) -> Context:
    return grounded_context([_ingest(p) for p in paths])


@pytest.fixture(scope="module")
def qx() -> Context:
    return _context([QINGXI])


@pytest.fixture(scope="module")
def cj() -> Context:
    return _context([CHENGJIANG])


@pytest.fixture(scope="module")
def lc() -> Context:
    return _context([LINCHUAN])


@pytest.fixture(scope="module")
def jc() -> Context:
    return _context([JIANGCHENG])


@pytest.fixture(scope="module")
def every() -> Context:
    return _context([QINGXI, CHENGJIANG, LINCHUAN, JIANGCHENG])


# the lexical index of each context, kept with the context itself: an id alone may be reused by a new
# context once the old one is freed, and would then search another plan's passages
_LEX: dict[int, tuple[Context, LexicalIndex]] = {}


def ask(ctx: Context, q: str, history: list[str] | None = None):
    if id(ctx) not in _LEX or _LEX[id(ctx)][0] is not ctx:
        _LEX[id(ctx)] = (ctx, LexicalIndex.build((c.id, c.doc_id, c.text) for c in ctx.chunks.values()))
    u = understand(q, history, ctx.cat)
    return compose(u, ctx, fuse([], _LEX[id(ctx)][1].search(u.match, 20), u.query))


def locs(ans) -> set[str]:
    return {c.locator.split(" · ")[0] for c in ans.citations}


def plan_text(ctx: Context) -> str:
    return "\n".join(p.text for p in ctx.plans.values())


def qx_loc(task: dict) -> str:
    return next(r.locator for r in _ingest(QINGXI).facts.responsibilities if r.task == task["title"])


# --- 1. reverse questions honour the role asked ----------------------------------------------------

QX_UNITS = sorted({u for t in QX_TASKS for u in t["lead"] + t["coop"]})


@pytest.mark.parametrize("unit", QX_UNITS)
def test_lead_question_lists_only_the_tasks_the_unit_leads(qx: Context, unit: str) -> None:
    leads = [t for t in QX_TASKS if unit in t["lead"]]
    ans = ask(qx, f"{unit}牵头哪些任务？")
    if leads:
        assert not ans.abstained and locs(ans) == {qx_loc(t) for t in leads}
    else:  # only a supporting unit: the plan names no task it leads
        assert ans.abstained and ans.answer.startswith("方案中没有")
        assert "配合" in ans.answer


@pytest.mark.parametrize("unit", QX_UNITS)
def test_support_question_lists_only_the_tasks_the_unit_supports(qx: Context, unit: str) -> None:
    coops = [t for t in QX_TASKS if unit in t["coop"]]
    ans = ask(qx, f"{unit}配合哪些工作？")
    if coops:
        assert not ans.abstained and locs(ans) == {qx_loc(t) for t in coops}
        for t in QX_TASKS:
            if t not in coops:
                assert t["title"] not in ans.answer
    else:
        assert ans.abstained


def test_support_question_on_an_annex_of_responsible_and_supporting_units(cj: Context) -> None:
    for unit in sorted({u for r in CJ_ROWS for u in r["coop"]} & {u for r in CJ_ROWS for u in r["lead"]}):
        ans = ask(cj, f"{unit}配合哪些任务？")
        want = {f"附件 第{r['n']}项" for r in CJ_ROWS if unit in r["coop"]}
        assert locs(ans) == want, unit
        for r in CJ_ROWS:
            if unit in r["lead"]:
                assert r["measure"] not in ans.answer, unit


def test_neutral_question_lists_every_role_and_says_which(cj: Context) -> None:
    unit = next(u for u in (x for r in CJ_ROWS for x in r["coop"]) if any(u in r["lead"] for r in CJ_ROWS))
    ans = ask(cj, f"{unit}负责哪些任务？")
    assert locs(ans) == {f"附件 第{r['n']}项" for r in CJ_ROWS if unit in r["lead"] + r["coop"]}
    assert "责任单位" in ans.answer and "配合单位" in ans.answer


def test_annex_that_is_no_pilot_list_is_not_called_one(cj: Context, lc: Context) -> None:
    assert "试点" not in CJ_RAW
    for ctx, unit in ((cj, CJ_ROWS[0]["lead"][0]), (lc, LC_ROWS[0]["lead"][0])):
        ans = ask(ctx, f"{unit}负责哪些任务？")
        assert not ans.abstained and "试点" not in ans.answer


# --- 2. a count in a named unit ----------------------------------------------------------------------


def test_target_in_the_unit_the_question_names(jc: Context) -> None:
    text = plan_text(jc)
    count = re.search(r"既有住宅加装电梯(\d+)部", text).group(1)  # type: ignore[union-attr]
    subsidy = re.search(r"每部电梯补助(\d+万元)", text).group(1)  # type: ignore[union-attr]
    ans = ask(jc, "既有住宅加装电梯的目标是多少部？")
    assert not ans.abstained and f"{count}部" in ans.answer and subsidy not in ans.answer
    ans = ask(jc, "每部电梯补助多少钱？")  # asking for money is no sign the plan is silent
    assert not ans.abstained and subsidy in ans.answer


def test_hours_target(cj: Context) -> None:
    hours = re.search(r"进口整体通关时间压缩至(\d+小时)", CJ_RAW).group(1)  # type: ignore[union-attr]
    ans = ask(cj, "进口整体通关时间要压缩到多少？")
    assert not ans.abstained and hours in ans.answer


def test_quantity_the_plan_never_names_abstains(cj: Context) -> None:
    assert "贴息" not in CJ_RAW and "首贷户" in CJ_RAW
    ans = ask(cj, "澄江市对首贷户给予多少贴息？")
    assert ans.abstained and not re.search(r"\d+户", ans.answer)


# --- 4. deadlines ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "row", [r for r in CJ_ROWS if re.search(r"\d+年", r["when"])], ids=lambda r: f"row-{r['n']}"
)
def test_when_follow_up_gives_the_rows_deadline(cj: Context, row: dict) -> None:
    ans = ask(cj, "什么时候完成？", [f"{row['measure']}由谁负责？"])
    assert not ans.abstained and row["when"] in ans.answer
    assert locs(ans) == {f"附件 第{row['n']}项"}
    assert any(row["when"] in c.quote for c in ans.citations)


def test_value_and_time_in_one_question(cj: Context) -> None:
    row = next(r for r in CJ_ROWS if "亿元" in r["measure"])
    value = re.search(r"\d+亿元", row["measure"]).group(0)  # type: ignore[union-attr]
    metric = re.sub(r"不少于.*", "", row["measure"])
    ans = ask(cj, f"{metric}目标是多少，什么时候完成？")
    assert not ans.abstained and value in ans.answer and row["when"] in ans.answer


def test_when_question_names_the_measure_by_its_value(cj: Context) -> None:
    row = next(r for r in CJ_ROWS if "工作日" in r["measure"] and re.search(r"\d+年", r["when"]))
    subject = row["measure"][:4]  # 企业开办
    days = re.search(r"[\d.]+个工作日", row["measure"]).group(0)  # type: ignore[union-attr]
    ans = ask(cj, f"{subject}什么时候要压缩到{days}？")
    assert row["when"] in ans.answer and locs(ans) == {f"附件 第{row['n']}项"}


def test_responsible_and_when_in_one_question(lc: Context) -> None:
    row = next(r for r in LC_ROWS if "“" in r["measure"])
    name = re.sub(r"\d+公里$", "", row["measure"])  # 实施农村道路“白改黑”
    ans = ask(lc, f"{name}由哪个部门负责？什么时候完成？")
    assert all(u in ans.answer for u in row["lead"]) and row["when"] in ans.answer


# --- 5. groups of annex rows and main-text tasks that name no unit ------------------------------------


@pytest.mark.parametrize("task", sorted({r["task"] for r in CJ_ROWS}))
def test_task_with_several_rows_gives_every_row(cj: Context, task: str) -> None:
    rows = [r for r in CJ_ROWS if r["task"] == task]
    ans = ask(cj, f"{task}由哪些单位负责？")
    assert not ans.abstained
    assert {f"附件 第{r['n']}项" for r in rows} <= locs(ans)
    assert all(u in ans.answer for r in rows for u in r["lead"])


def test_group_adds_the_main_text_units(lc: Context) -> None:
    # （三）梯次推进农村生活污水治理 names its own units; the annex files row 6 under 农村生活污水治理
    text = plan_text(lc)
    found = []
    for group in dict.fromkeys(r["task"] for r in LC_ROWS):
        m = re.search(rf"（[一二三四五六七八九十]）[^\n]*{group}\n[^\n]*（责任单位：([^）]+)）", text)
        if m:
            found.append((group, split_units(m.group(1))))
    assert found
    for group, body_units in found:
        ans = ask(lc, f"{group}由谁负责？")
        rows = [r for r in LC_ROWS if r["task"] == group]
        assert all(u in ans.answer for u in body_units + [u for r in rows for u in r["lead"]]), group


@pytest.mark.parametrize(
    "body", [b for b in CJ_BODY if any(r["measure"] in b["text"] for r in CJ_ROWS)], ids=lambda b: b["title"]
)
def test_main_text_task_without_units_gets_them_from_the_annex(cj: Context, body: dict) -> None:
    rows = [r for r in CJ_ROWS if r["measure"] in body["text"]]
    ans = ask(cj, f"{body['title']}由谁负责？")
    assert not ans.abstained
    assert all(u in ans.answer for r in rows for u in r["lead"])


def test_heading_with_numbered_tasks_gives_each_tasks_lead(qx: Context) -> None:
    heading = "提升乡村治理数字化水平"
    section = QX_RAW[QX_RAW.index(heading) : QX_RAW.index("三、实施步骤")]
    tasks = [t for t in QX_TASKS if t["title"] in section]
    ans = ask(qx, f"{heading}这部分任务分别由哪些单位牵头？")
    assert tasks and all(u in ans.answer for t in tasks for u in t["lead"])
    assert not any(
        u in ans.answer for t in tasks for u in t["coop"] if not any(u in s["lead"] for s in tasks)
    )


def test_support_units_question_names_no_lead(qx: Context) -> None:
    task = next(t for t in QX_TASKS if t["coop"] and "“" in t["title"])
    ans = ask(qx, f"{task['title']}的配合单位有哪些？")
    assert all(u in ans.answer for u in task["coop"])
    assert not any(u in ans.answer for u in task["lead"])


def test_row_named_by_its_number(cj: Context) -> None:
    row = CJ_ROWS[5]
    ans = ask(cj, f"附件第{row['n']}项是什么？")
    assert not ans.abstained and row["measure"] in ans.answer and locs(ans) == {f"附件 第{row['n']}项"}


# --- 8. compound and cross-plan questions -------------------------------------------------------------


def test_target_and_responsible_in_one_question(jc: Context) -> None:
    text = plan_text(jc)
    m = re.search(r"推进(雨污分流改造)。.*?改造完成率[^，。]*?(\d+%)", text, flags=re.S)
    assert m
    unit = re.search(rf"{m.group(1)}。[^责]*责任单位：(\S+)", text).group(1)  # type: ignore[union-attr]
    ans = ask(jc, f"{m.group(1)}完成率目标？谁负责？")
    assert m.group(2) in ans.answer and unit in ans.answer


def test_fact_question_naming_no_plan_is_answered_by_every_plan_that_says_it(every: Context) -> None:
    holders = {d for d, p in every.plans.items() if re.search(r"领导小组[^。]*办公室设在", p.text)}
    ans = ask(every, "领导小组办公室设在哪里？")
    assert len(holders) >= 2 and {c.doc for c in ans.citations} == holders
    found = {d: re.search(r"专项资金[^。\d]{0,4}(\d+万元)", p.text) for d, p in every.plans.items()}
    funds = {d: m.group(1) for d, m in found.items() if m}
    ans = ask(every, "专项资金是多少？")
    assert len(funds) >= 2 and {c.doc for c in ans.citations} == set(funds)
    assert all(v in ans.answer for v in funds.values())
    for doc in funds:
        assert every.plans[doc].title in ans.answer


def test_question_about_one_plans_unit_stays_in_that_plan(every: Context) -> None:
    unit = next(
        u
        for r in CJ_ROWS
        for u in r["coop"]
        if u not in QX_RAW and u not in plan_text(_context([JIANGCHENG]))
    )
    ans = ask(every, f"{unit}配合哪些任务？")
    assert {c.doc for c in ans.citations} <= {_ingest(CHENGJIANG).plan.doc_id}


def test_every_number_in_these_answers_stands_in_a_cited_quote(cj: Context, jc: Context) -> None:
    for ctx, q in (
        (cj, "新增普惠小微贷款目标是多少，什么时候完成？"),
        (cj, "加强融资支持的责任单位有哪些？"),
        (jc, "雨污分流改造完成率目标？谁负责？"),
        (jc, "既有住宅加装电梯的目标是多少部？"),
    ):
        ans = ask(ctx, q)
        quotes = norm("".join(c.quote for c in ans.citations))
        text = ans.answer
        for c in ans.citations:
            text = text.replace(c.locator.split(" · ")[0], " ")
        for m in re.findall(r"\d+(?:\.\d+)?(?:万|亿)?(?:%|元|部|个|小时|年|月)", norm(text)):
            assert m in quotes, (q, m)


def test_a_tasks_targets_asked_as_a_whole_are_all_given(qx: Context) -> None:
    # “目标是多少？” after a question about a task asks every target its passage sets: telling targets apart
    # by what the question names (夫妻双方 vs 单方) must not drop the one the task's name does not repeat
    ans = ask(qx, "目标是多少？", ["推广农机北斗导航应用由谁负责？"])
    assert "600台套" in ans.answer and "75%" in ans.answer, ans.answer
