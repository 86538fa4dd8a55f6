"""Grounded answers from real facts (real ingest of the default plan), checked against the document text.

Expectations are parsed here from the raw plan text (annex table lines, （责任单位：…） clauses), not taken
from the code under test. No Chroma: compose() is pure and responsible/target/list answers need no hits.
"""

from __future__ import annotations

import re

import pytest

from bot.catalog import build_catalog
from bot.compose import Context, compose
from bot.retrieve import fuse
from bot.text import norm
from bot.understand import understand
from index.lexical import LexicalIndex
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


def ask(ctx: Context, q: str, history: list[str] | None = None, lexical: bool = False):
    """Compose without retrieval (facts answer most questions); `lexical` adds real BM25 hits for the
    questions a passage has to answer."""
    u = understand(q, history, ctx.cat)
    hits = fuse([], _lexical(ctx).search(u.match, 20), u.query) if lexical else []
    return compose(u, ctx, hits)


# the lexical index of each context, kept with the context itself: an id alone may be reused by a new
# context once the old one is freed, and would then search another plan's passages
_LEX: dict[int, tuple[Context, LexicalIndex]] = {}


def _lexical(ctx: Context) -> LexicalIndex:
    if id(ctx) not in _LEX or _LEX[id(ctx)][0] is not ctx:
        _LEX[id(ctx)] = (ctx, LexicalIndex.build((c.id, c.doc_id, c.text) for c in ctx.chunks.values()))
    return _LEX[id(ctx)][1]


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


# --- value kinds, qualitative targets, meta facts, precision guards ---------------------------------

GOALS = RAW[RAW.index("一、主要目标") : RAW.index("二、重点任务")]


def test_target_words_in_another_order(ctx: Context) -> None:
    value = re.search(r"新引进人才\s*(\d+\s*万)", RAW).group(1)  # type: ignore[union-attr]
    ans = ask(ctx, "新引进和培育的人才累计目标？")
    assert not ans.abstained and norm(value) in norm(ans.answer)


def test_target_for_the_group_the_question_names(ctx: Context) -> None:
    vocational = re.search(r"职业院校留温率达\s*(\d+%)", RAW).group(1)  # type: ignore[union-attr]
    ans = ask(ctx, "职业学校学生留在温州的比例要达到多少？")
    assert vocational in norm(ans.answer)


def test_deadline_question_gets_the_year_of_the_section(ctx: Context) -> None:
    year = re.search(r"到\s*(20\d\d)\s*年", GOALS).group(1)  # type: ignore[union-attr]
    ans = ask(ctx, "主要目标要在哪年之前实现？")
    assert not ans.abstained and year in ans.answer


def test_qualitative_target_is_answered_but_not_as_a_count(ctx: Context) -> None:
    ans = ask(ctx, "重点领域实验室要实现怎样的覆盖？", lexical=True)
    assert not ans.abstained and "全覆盖" in ans.answer
    assert ask(ctx, "产业学院一共要建几所？", lexical=True).abstained


@pytest.mark.parametrize(
    "q",
    [
        "科创基金的资金规模是多少？",
        "世界青年科学家峰会什么时候召开？",
        "“先投后股”每个项目投资金额上限多少？",
    ],
)
def test_value_the_plan_never_gives_abstains(ctx: Context, q: str) -> None:
    assert ask(ctx, q, lexical=True).abstained


def test_a_ratio_target_is_not_passed_off_as_a_target_for_its_base(ctx: Context) -> None:
    ratio = re.search(r"占\s*GDP\s*比重达到\s*([\d.]+%)", RAW).group(1)  # type: ignore[union-attr]
    ans = ask(ctx, "温州市的GDP目标是多少？")
    assert ans.abstained and ans.answer.startswith("方案中没有")
    assert ratio in ans.answer and [c.locator for c in ans.citations] == ["一、主要目标"]  # shown as related
    ans = ask(ctx, "GDP占比目标是多少？")  # asks for the ratio itself
    assert not ans.abstained and ratio in ans.answer


def test_issue_date_and_approval_come_from_the_notice(ctx: Context) -> None:
    date = re.findall(r"(20\d\d年\d+月\d+日)", RAW)[0]
    ans = ask(ctx, "这份文件是什么时候印发的？")
    assert date in ans.answer and ans.citations
    ans = ask(ctx, "方案印发前经过谁批准同意？")
    approver = re.search(r"已经(\S+?)同意", RAW).group(1)  # type: ignore[union-attr]
    assert approver in ans.answer and ans.citations[0].locator == "通知"


def test_rows_an_agency_holds_alone(ctx: Context) -> None:
    alone = {f"附件 第{r['n']}项" for r in ROWS if r["units"] == ["市科技局"]}
    ans = ask(ctx, "有哪些试点仅由市科技局单独承担？")
    assert alone and {c.locator for c in ans.citations} == alone


def test_key_task_wording_prefers_the_key_task(ctx: Context) -> None:
    task = next(t for t in TASKS if t["title"] == "优化科技成果转化体制机制")
    ans = ask(
        ctx, "Which units are responsible for the key task on optimising sci-tech achievement transfer?"
    )
    assert ans.citations[0].locator == f"二、重点任务（{task['num']}）"
    assert named_units(ans.answer, set(task["units"])) >= {norm(u) for u in task["units"]}


def test_colleges_named_in_a_section(ctx: Context) -> None:
    body = re.sub(r"\s+", "", RAW[RAW.index("（二）围绕优势专业") : RAW.index("（三）推动科创平台")])
    colleges = re.findall(r"[；。]([\u4e00-\u9fa5]+?(?:大学|学院))聚焦", body)  # “；温州大学聚焦…”
    ans = ask(ctx, "重点任务（二）里提到了哪几所高校？")
    assert len(colleges) >= 8 and all(c in ans.answer for c in colleges)


def test_place_question_prefers_the_sentence_naming_places(ctx: Context) -> None:
    ans = ask(ctx, "高校和科研院所要到哪些地区设点提供成果转化服务？", lexical=True)
    assert not ans.abstained and "洞头区" in ans.answer


def test_unit_is_not_borrowed_from_an_unrelated_passage(ctx: Context) -> None:
    from bot.retrieve import Hit

    u = understand("谁负责量子计算机的研制？", None, ctx.cat)
    top = next(c for c in ctx.chunks.values() if c.locator == "附件 第6项")
    ans = compose(u, ctx, [Hit(top.id, 1.0, 0.9, None)])
    assert ans.abstained and not named_units(ans.answer, set())


# --- several plans in one index ----------------------------------------------------------------------

from tests.conftest import FIXTURES, grounded_context  # noqa: E402

PLAN_FILES = [
    CORPUS,
    FIXTURES / "qingshan-gbk.txt",
    FIXTURES / "jiangbei-table.txt",
    FIXTURES / "nanhu-table.docx",
]


@pytest.fixture(scope="module")
def multi() -> Context:
    return grounded_context([ingest(p) for p in PLAN_FILES])


def _names_plan(text: str, ctx: Context, doc: str) -> bool:
    plan = ctx.plans[doc]
    return plan.title in text or bool(plan.doc_number and plan.doc_number in text)


def test_answer_names_its_plan_when_several_are_indexed(multi: Context) -> None:
    ans = ask(multi, "谁负责新建公共充电桩？")
    assert {c.doc for c in ans.citations} == {"nanhu-table"}
    assert _names_plan(ans.answer, multi, "nanhu-table") and all(c.doc_title for c in ans.citations)
    assert "市住建局" in ans.answer


def test_question_scoped_by_plan_place_or_number(multi: Context) -> None:
    ans = ask(multi, "青山县的计划中谁牵头发展智慧农业？")
    assert {c.doc for c in ans.citations} == {"qingshan-gbk"} and "县农业农村局" in ans.answer
    assert _names_plan(ans.answer, multi, "qingshan-gbk")
    ans = ask(multi, "温政办〔2023〕86号里市经信局负责哪些任务？")
    assert ans.citations and {c.doc for c in ans.citations} == {"wenzhou-2023-86"}


def test_unit_of_another_plan_is_not_answered_inside_a_scoped_plan(multi: Context) -> None:
    # 青山 has a 县科技局, not a 市科技局
    assert ask(multi, "青山县的行动计划里市科技局负责什么？").abstained


def test_cross_plan_question_lists_each_plan_with_its_citation(multi: Context) -> None:
    holders = {r.doc_id for r in multi.facts.responsibilities if "市经信局" in r.units}
    ans = ask(multi, "各个方案中市经信局分别负责哪些任务？")
    assert len(holders) >= 2 and {c.doc for c in ans.citations} == holders
    assert all(_names_plan(ans.answer, multi, d) for d in holders)


def test_which_plans_mention_a_term(multi: Context) -> None:
    term = "生物医药"
    holders = {p.doc_id for p in multi.plans.values() if term in p.text}
    ans = ask(multi, f"哪些方案提到了{term}？", lexical=True)
    assert holders and {c.doc for c in ans.citations} == holders
    assert all(term in c.quote for c in ans.citations)


@pytest.mark.slow
def test_service_over_a_multi_plan_index(tmp_path) -> None:
    from bot.service import Service
    from index.settings import Settings
    from index.store import build_index

    settings = Settings(home=tmp_path / "home")
    build_index(PLAN_FILES, settings)
    svc = Service.from_settings(settings)
    ans = svc.ask("在青山县的计划里，谁负责繁荣农村电子商务？")
    assert not ans.abstained and "县商务局" in ans.answer
    assert {c.doc_title for c in ans.citations} == {"青山县数字乡村建设行动计划"}
    ans = svc.ask("哪些方案提到留温率？")
    assert {c.doc for c in ans.citations} == {"wenzhou-2023-86"}


def test_an_agency_of_another_level_is_not_taken_for_the_plans_unit(ctx: Context) -> None:
    assert "县科技局" not in RAW and "市科技局" in RAW
    ans = ask(ctx, "县科技局牵头哪些试点任务？")  # a county bureau, not the city's 市科技局
    assert ans.abstained and "县科技局" in ans.answer and "市科技局" not in ans.answer
    ans = ask(ctx, "科技局负责哪些试点？")  # the short form without a level still means the plan's unit
    assert not ans.abstained and "市科技局" in ans.answer


def test_a_goal_sentence_falls_under_the_time_that_opens_its_paragraph() -> None:
    from bot.answerers.passage import governing_time

    goals = "到2020年，农机装备科技创新能力持续提升。全国农作物综合机械化率达到70%，小麦基本实现全程机械化。"
    assert governing_time(goals, "全国农作物综合机械化率达到70%，小麦基本实现全程机械化。") == "到2020年"
    # a date inside a sentence (not opening one) governs nothing after it
    assert governing_time("对2000年底前建成的小区进行改造。推进加装电梯。", "推进加装电梯。") is None


def test_na_ne_of_another_kind_is_answered_by_the_sentence_that_names_it(ctx: Context) -> None:
    # “那传统专业方面呢？” after the 新兴专业 of the same row: the same question of the other kind
    first = ask(ctx, "高校专业动态调整机制优先支持哪些新兴专业？", lexical=True)
    assert "新能源" in first.answer
    ans = ask(ctx, "那传统专业方面呢？", ["高校专业动态调整机制优先支持哪些新兴专业？"], lexical=True)
    assert not ans.abstained
    assert "泵阀" in ans.answer and "新能源" not in ans.answer
