"""Grounded answers from real facts (real ingest of the default plan), checked against the document text.

Expectations are parsed here from the raw plan text (annex table lines, （责任单位：…） clauses), not taken
from the code under test. No Chroma: compose() is pure and responsible/target/list answers need no hits.
"""

from __future__ import annotations

import re

import pytest

from bot.compose import Context, compose
from bot.understand import build_catalog, norm, understand
from index.pipeline import ingest
from tests.conftest import CORPUS

RAW = CORPUS.read_text(encoding="utf-8")


def split_units(cell: str) -> list[str]:
    """Split a units cell on 、，; bracket groups like 各县〈市、区〉政府 stay whole."""
    out, depth, cur = [], 0, ""
    for ch in cell:
        depth += ch in "（〈("
        depth -= ch in "）〉)"
        if ch in "、，," and depth == 0:
            out.append(cur.strip())
            cur = ""
        else:
            cur += ch
    out.append(cur.strip())
    return [u for u in out if u]


def annex_rows() -> list[dict[str, object]]:
    rows, task = [], ""
    for line in RAW.splitlines():
        cells = line.split("\t")
        if len(cells) == 5 and cells[0].strip().isdigit():
            task = cells[1].strip() or task  # merged 任务名称 cell: inherit the row above
            rows.append(
                {"n": int(cells[0]), "task": task, "pilot": cells[2].strip(), "units": split_units(cells[4])}
            )
    return rows


def key_tasks() -> list[dict[str, object]]:
    body = RAW[RAW.index("二、重点任务") : RAW.index("三、保障措施")]
    body = re.sub(r"\n\s*\n", "", body)  # page breaks split sentences
    found = re.findall(r"（([一二三四五六七八九十])）([^。]+)。.*?（责任单位：([^）]*(?:〉[^）]*)*)）", body)
    return [{"num": n, "title": t, "units": split_units(u)} for n, t, u in found]


ROWS = annex_rows()
TASKS = key_tasks()
ALL_UNITS = {u for r in ROWS + TASKS for u in r["units"]}  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def ctx() -> Context:
    ing = ingest(CORPUS)
    chunks = {c.id: c for c in ing.chunks}
    cat = build_catalog(ing.facts, ing.chunks, [ing.plan])
    return Context(cat=cat, facts=ing.facts, chunks=chunks, plans={ing.plan.doc_id: ing.plan})


def ask(ctx: Context, q: str, history: list[str] | None = None):
    return compose(understand(q, history, ctx.cat), ctx, [])


def named_units(text: str, expected: set[str]) -> set[str]:
    """Units of the plan named in the text (outside quoted titles), ignoring parts of an expected one."""
    t = norm(re.sub(r"“[^”]*”", " ", text))
    want = {norm(e) for e in expected}
    return {
        norm(u) for u in ALL_UNITS if norm(u) in t and not any(norm(u) != e and norm(u) in e for e in want)
    }


def test_parsed_expectations_are_complete() -> None:
    assert len(ROWS) == 15 and len(TASKS) == 8


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"annex-{r['n']}")
def test_every_annex_row_gives_exactly_its_units(ctx: Context, row: dict) -> None:
    ans = ask(ctx, f"{row['pilot']}由谁负责？")
    assert not ans.abstained and ans.intent == "responsible"
    assert named_units(ans.answer, set(row["units"])) == {norm(u) for u in row["units"]}
    assert [c.locator for c in ans.citations] == [f"附件 第{row['n']}项"]
    for c in ans.citations:
        assert norm(c.quote) in norm(RAW)


@pytest.mark.parametrize("task", TASKS, ids=lambda t: f"task-{t['num']}")
def test_every_key_task_gives_its_units_and_its_annex_rows(ctx: Context, task: dict) -> None:
    ans = ask(ctx, f"{task['title']}的责任单位有哪些？")
    rows = [r for r in ROWS if r["task"] == task["title"]]
    expected = set(task["units"]) | {u for r in rows for u in r["units"]}
    assert named_units(ans.answer, expected) == {norm(u) for u in expected}
    locs = {c.locator for c in ans.citations}
    assert f"二、重点任务（{task['num']}）" in locs
    assert {f"附件 第{r['n']}项" for r in rows} <= locs


def test_pilot_named_by_its_content_gives_only_that_row(ctx: Context) -> None:
    ans = ask(ctx, "谁负责推动乐清开展科技副总科技服务？")
    assert [c.locator for c in ans.citations] == ["附件 第13项"]
    assert "乐清市政府" in ans.answer and "市人力社保局" not in ans.answer


def test_reverse_lists_every_row_of_an_agency(ctx: Context) -> None:
    for agency in ("龙湾区政府", "鹿城区政府", "瓯海区政府"):
        ans = ask(ctx, f"{agency}负责哪些试点？")
        want = {f"附件 第{r['n']}项" for r in ROWS if agency in r["units"]}
        assert ans.intent == "reverse"
        assert {c.locator for c in ans.citations} == want
        assert all(loc in ans.answer for loc in want)


def test_reverse_by_short_form_of_agency(ctx: Context) -> None:
    ans = ask(ctx, "瓯海区负责哪些试点？")
    assert {c.locator for c in ans.citations} == {
        f"附件 第{r['n']}项" for r in ROWS if "瓯海区政府" in r["units"]
    }


def test_list_rows_under_a_key_task(ctx: Context) -> None:
    title = "构建科教资源服务下沉机制"
    ans = ask(ctx, f"附件中哪些试点属于“{title}”？")
    want = {f"附件 第{r['n']}项" for r in ROWS if r["task"] == title}
    assert ans.intent == "list" and {c.locator for c in ans.citations} == want


def test_count_of_key_tasks(ctx: Context) -> None:
    ans = ask(ctx, "重点任务一共有几项？")
    assert str(len(TASKS)) in ans.answer
    assert all(t["title"] in ans.answer for t in TASKS)


def test_targets_quote_value_and_unit_contiguously(ctx: Context) -> None:
    ans = ask(ctx, "累计授权发明专利要达到多少件？")
    assert "30000件" in norm(ans.answer)
    assert any("30000" in c.quote for c in ans.citations)


def test_several_matching_targets_are_all_given(ctx: Context) -> None:
    ans = ask(ctx, "留温率的目标是多少？")
    text = norm(ans.answer)
    assert "42%" in text and "60%" in text
    assert {"一、主要目标", "二、重点任务（一）"} <= {c.locator for c in ans.citations}


@pytest.mark.parametrize(
    "q",
    [
        "方案对2030年的专利目标是什么？",
        "杭州市的留温率目标是多少？",
        "市科技局局长是谁？",
        "方案安排多少亿元专项资金？",
    ],
)
def test_abstains_when_the_plan_does_not_say(ctx: Context, q: str) -> None:
    ans = ask(ctx, q)
    assert ans.abstained and ans.answer.startswith("方案中没有")
    assert not re.search(r"\d+\s*[%件个项人]", ans.answer)


def test_every_number_and_unit_in_an_answer_is_in_a_cited_quote(ctx: Context) -> None:
    for q in ("顶尖人才目标多少？", "瑞安市政府负责什么试点？", "全社会研发经费投入强度要达到多少"):
        ans = ask(ctx, q)
        quotes = norm("".join(c.quote for c in ans.citations))
        text = ans.answer
        for c in ans.citations:  # locators (附件 第5项) say where, they are not claims
            text = text.replace(c.locator, " ")
        for m in re.findall(r"\d+(?:\.\d+)?(?:万)?[%件个项人]", norm(text)):
            assert m in quotes, (q, m)
        for u in named_units(ans.answer, set()):
            assert u in quotes, (q, u)


def test_question_may_name_a_section_by_its_number(ctx: Context) -> None:
    ans = ask(ctx, "二（五）的责任单位是哪些？")
    assert ans.citations[0].locator == "二、重点任务（五）"
    ans = ask(ctx, "附件第8项谁负责？")
    assert [c.locator for c in ans.citations] == ["附件 第8项"]


def test_lists_come_in_document_order_without_invented_counts(ctx: Context) -> None:
    ans = ask(ctx, "保障措施有哪些？")
    locs = [c.locator for c in ans.citations]
    assert locs == sorted(locs, key=lambda loc: "一二三四五六七八九十".index(loc[-2]))
    assert not re.search(r"\d", ans.answer.replace("保障措施", ""))
