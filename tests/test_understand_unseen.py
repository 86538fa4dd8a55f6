"""Understanding on plans written apart from the first corpus: body tasks linked to the annex rows filed
under them, task groups, paraphrases, “…呢？” follow-ups that change only what is asked, agencies the plan
does not have, and English questions. Expectations come from the fixture text."""

from __future__ import annotations

import re

import pytest

from bot.catalog import Catalog, build_catalog
from bot.understand import understand
from index.pipeline import Ingested, ingest
from tests.conftest import FIXTURES

PLANS = ("qingxi-village.txt", "chengjiang-annex.md", "linchuan-merged.docx", "jiangcheng-lines.pdf")


@pytest.fixture(scope="module")
def ings() -> dict[str, Ingested]:
    return {name.split(".")[0]: ingest(FIXTURES / name) for name in PLANS}


@pytest.fixture(scope="module")
def cats(ings: dict[str, Ingested]) -> dict[str, Catalog]:
    return {k: build_catalog(i.facts, i.chunks, [i.plan]) for k, i in ings.items()}


def _annex(ing: Ingested) -> list[tuple[str, str, str]]:
    """(locator, 工作任务 as inherited, row text) of each annex row, from the parsed table."""
    out = []
    for b in ing.plan.blocks:
        if b.kind == "annex_row" and b.cells:
            # the column after 序号 names the group (工作任务, 重点工作), inherited from the row above
            task = next(v for k, v in b.cells.items() if k != "序号")
            out.append((b.locator, task, b.text))
    return out


def _locs(rows: list[tuple[str, str]]) -> set[str]:
    return {loc for _, loc in rows}


# --- body tasks and task groups ------------------------------------------------------------------


def test_body_task_without_units_links_to_the_row_that_restates_it(
    ings: dict[str, Ingested], cats: dict[str, Catalog]
) -> None:
    text = (FIXTURES / "chengjiang-annex.md").read_text(encoding="utf-8")
    body = re.findall(r"^\d+\. \*\*(.+?)。\*\* (.+)$", text, flags=re.M)
    measures = re.findall(r"^\| (\d+) \|[^|]*\| ([^|]+?) \|", text, flags=re.M)
    assert body and measures
    checked = 0
    for name, paragraph in body:
        filed = {f"附件 第{n}项" for n, m in measures if m.strip() in paragraph}
        if not filed:
            continue
        u = understand(f"{name}由谁负责？", None, cats["chengjiang-annex"])
        assert filed <= _locs(u.rows), (name, u.rows)
        assert all(loc.startswith("附件") for loc in _locs(u.rows))
        checked += 1
    assert checked >= 5  # 压缩通关时间, 扩大普惠金融供给, 推行“综合查一次”, 强化企业诉求响应 …


@pytest.mark.parametrize("plan", ["chengjiang-annex", "linchuan-merged"])
def test_a_question_naming_a_group_links_every_row_of_it(
    plan: str, ings: dict[str, Ingested], cats: dict[str, Catalog]
) -> None:
    groups: dict[str, set[str]] = {}
    for loc, task, _ in _annex(ings[plan]):
        groups.setdefault(task, set()).add(loc)
    several = {t: locs for t, locs in groups.items() if len(locs) > 1}
    assert several
    for task, locs in several.items():
        u = understand(f"{task}由哪些单位负责？", None, cats[plan])
        assert locs <= _locs(u.rows), (task, u.rows)


def test_group_named_by_the_body_heading_includes_the_body_units(
    ings: dict[str, Ingested], cats: dict[str, Catalog]
) -> None:
    # body （三） names its own units; the annex files row 6 under the shorter group name
    heading = next(b for b in ings["linchuan-merged"].plan.blocks if b.kind == "task" and "污水" in b.title)
    row = next(loc for loc, task, _ in _annex(ings["linchuan-merged"]) if "污水" in task)
    u = understand("农村生活污水治理由谁负责？", None, cats["linchuan-merged"])
    assert {heading.locator, row} <= _locs(u.rows)


def test_a_heading_stands_for_its_sub_tasks(ings: dict[str, Ingested], cats: dict[str, Catalog]) -> None:
    plan = ings["qingxi-village"].plan
    head = next(b for b in plan.blocks if b.kind == "task" and b.title == "发展智慧农业")
    subs = {b.locator for b in plan.blocks if b.kind == "task" and b.heading_path[:-1] == head.heading_path}
    assert len(subs) >= 2
    u = understand("发展智慧农业由哪些单位负责？", None, cats["qingxi-village"])
    assert subs <= _locs(u.rows)


def test_paraphrase_with_an_abbreviation_links_to_the_row(
    ings: dict[str, Ingested], cats: dict[str, Catalog]
) -> None:
    row = next(loc for loc, _, text in _annex(ings["linchuan-merged"]) if "公共厕所" in text)
    u = understand("农村公厕建设谁牵头？", None, cats["linchuan-merged"])
    assert u.links[0].item.locator == row and u.links[0].score >= 0.5
    assert u.role == "牵头"


def test_annex_item_by_number_asks_for_its_content(cats: dict[str, Catalog]) -> None:
    u = understand("附件第6项是什么？", None, cats["chengjiang-annex"])
    assert u.content and u.links[0].item.locator == "附件 第6项"
    assert not understand("附件第6项由谁负责？", None, cats["chengjiang-annex"]).content


# --- “…呢？” follow-ups ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("plan", "first"),
    [
        ("qingxi-village", "建设数字农业示范基地由谁牵头？"),
        ("qingxi-village", "谁牵头建设数字农业示范基地？"),
        ("jiangcheng-lines", "推进既有住宅加装电梯的责任单位是谁？"),
    ],
)
def test_role_follow_up_keeps_the_task(plan: str, first: str, cats: dict[str, Catalog]) -> None:
    prev = understand(first, None, cats[plan])
    task = prev.links[0].item
    for follow in ("配合单位呢？", "那配合单位呢？"):
        u = understand(follow, [first], cats[plan])
        assert u.intent == "responsible" and u.role == "配合"
        assert u.links[0].item.locator == task.locator and u.links[0].score >= 0.5
        assert "配合单位" not in (u.followup_of or "")


def test_deadline_and_target_follow_ups_keep_the_task(cats: dict[str, Catalog]) -> None:
    first = "推广农机北斗导航应用由谁负责？"
    cat = cats["qingxi-village"]
    when = understand("完成时间呢？", [first], cat)
    assert when.asks == "when" and when.links[0].item.name == "推广农机北斗导航应用"
    target = understand("目标呢？", [first], cat)
    assert target.intent == "target" and target.links[0].item.name == "推广农机北斗导航应用"


def test_na_ne_with_a_new_task_still_swaps_the_task(cats: dict[str, Catalog]) -> None:
    cat = cats["qingxi-village"]
    u = understand("那发展乡村直播经济呢？", ["建设数字农业示范基地由谁牵头？"], cat)
    assert u.links[0].item.name == "发展乡村直播经济"


# --- agencies the plan does not have -------------------------------------------------------------


def test_unknown_agency_is_marked_for_abstention(ings: dict[str, Ingested], cats: dict[str, Catalog]) -> None:
    assert (
        "卫生健康" not in ings["qingxi-village"].plan.text and "卫健" not in ings["qingxi-village"].plan.text
    )
    u = understand("县卫健局在数字乡村建设中负责什么？", None, cats["qingxi-village"])
    assert u.unknown_agencies == ["县卫健局"] and u.abstain_reason == "县卫健局"


def test_contraction_of_a_unit_the_plan_has_links_to_it(
    ings: dict[str, Ingested], cats: dict[str, Catalog]
) -> None:
    assert "县卫生健康局" in ings["linchuan-merged"].plan.text
    u = understand("县卫健局负责什么？", None, cats["linchuan-merged"])
    assert u.agencies == ["县卫生健康局"] and not u.unknown_agencies and u.abstain_reason is None


def test_unit_words_inside_a_plan_phrase_are_not_an_unknown_agency(cats: dict[str, Catalog]) -> None:
    u = understand("优化营商环境工作专班办公室设在哪里？", None, cats["chengjiang-annex"])
    assert not u.unknown_agencies and u.abstain_reason is None


# --- English -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("plan", "question", "words"),
    [
        ("linchuan-merged", "Who is responsible for building rural public toilets?", "公共厕所"),
        (
            "chengjiang-annex",
            "Who is responsible for reducing the customs clearance time for imports?",
            "通关",
        ),
        (
            "jiangcheng-lines",
            "Who is responsible for installing elevators in existing residential buildings?",
            "电梯",
        ),
        ("jiangcheng-lines", "Who is responsible for the property management task?", "物业管理"),
        ("qingxi-village", "Which agency leads the rural e-commerce training program?", "电商"),
    ],
)
def test_english_question_links_to_the_plans_own_task(
    plan: str, question: str, words: str, ings: dict[str, Ingested], cats: dict[str, Catalog]
) -> None:
    u = understand(question, None, cats[plan])
    assert u.english and u.intent == "responsible"
    holders = {r.locator for r in ings[plan].facts.responsibilities if words in r.quote}
    assert holders and holders & _locs(u.rows), (u.match, u.rows)


@pytest.mark.parametrize(
    ("plan", "question", "metric"),
    [
        (
            "qingxi-village",
            "What is the target for the online retail sales of agricultural products?",
            "网络零售额",
        ),
        ("jiangcheng-lines", "What is the target for residents' satisfaction?", "满意度"),
        ("jiangcheng-lines", "What is the target for parking spaces?", "停车位"),
    ],
)
def test_english_target_question_speaks_the_plans_words(
    plan: str, question: str, metric: str, ings: dict[str, Ingested], cats: dict[str, Catalog]
) -> None:
    assert metric in ings[plan].plan.text
    u = understand(question, None, cats[plan])
    assert u.intent == "target" and metric in u.match


def test_english_topic_the_plan_lacks_links_nothing(cats: dict[str, Catalog]) -> None:
    # only a generic word could match, and it fits several tasks at once
    u = understand("Who is responsible for nuclear power plant safety?", None, cats["qingxi-village"])
    assert not u.rows and all(lk.score < 0.5 for lk in u.links)


def test_english_frame_around_a_chinese_task_name(cats: dict[str, Catalog]) -> None:
    u = understand("Who leads 推进既有住宅加装电梯?", None, cats["jiangcheng-lines"])
    assert u.intent == "responsible" and u.links[0].item.name == "推进既有住宅加装电梯"


def test_contractions_follow_the_full_name() -> None:
    from bot.linking import _is_contraction

    assert _is_contraction("县人社局", "县人力资源和社会保障局")
    assert _is_contraction("市卫健委", "市卫生健康委员会")
    assert not _is_contraction("县水利局", "县水务局")
    assert not _is_contraction("市卫健委", "县卫生健康委员会")  # another level of government
