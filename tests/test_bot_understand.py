"""Understanding: intents, document-derived aliases, typo tolerance, English, follow-ups, input cleaning."""

from __future__ import annotations

import pytest

from bot.catalog import Catalog, build_catalog, unit_aliases
from bot.understand import clean, condense, understand
from index.pipeline import ingest
from tests.conftest import CORPUS


@pytest.fixture(scope="module")
def cat() -> Catalog:
    ing = ingest(CORPUS)
    return build_catalog(ing.facts, ing.chunks, [ing.plan])


@pytest.mark.parametrize(
    ("q", "intent"),
    [
        ("谁负责建立高校专业动态调整机制？", "responsible"),
        ("科技保险试点的牵头单位是哪个？", "responsible"),
        ("龙湾区政府负责哪些试点？", "reverse"),
        ("留温率的目标是多少？", "target"),
        ("附件有几项试点任务？", "list"),
        ("温州大学聚焦哪些学科？", "fact"),
        ("这个方案是哪个单位印发的？", "fact"),
        ("Who is responsible for the technology insurance pilot?", "responsible"),
        ("What is the target for invention patents?", "target"),
    ],
)
def test_intent(cat: Catalog, q: str, intent: str) -> None:
    assert understand(q, None, cat).intent == intent


@pytest.mark.parametrize(
    ("said", "unit"),
    [
        ("瓯海区", "瓯海区政府"),
        ("乐清", "乐清市政府"),
        ("瑞安市", "瑞安市政府"),
        ("海经区", "温州海经区管委会"),
        ("眼谷", "中国眼谷"),
    ],
)
def test_short_forms_link_to_units_as_written(cat: Catalog, said: str, unit: str) -> None:
    assert understand(f"{said}负责哪些任务？", None, cat).agencies == [unit]


def test_aliases_are_not_generic_words() -> None:
    assert "职业技术学院" not in unit_aliases("温州职业技术学院", {"温州"})
    assert "政府" not in unit_aliases("龙湾区政府", {"温州"})
    assert unit_aliases("各县（市、区）政府", {"温州"}) == []


def test_other_institution_is_not_mistaken_for_a_unit(cat: Catalog) -> None:
    assert understand("浙江安防职业技术学院聚焦什么？", None, cat).agencies == []


@pytest.mark.parametrize(
    ("q", "locator"),
    [
        ("山区海岛县科技服务下沉这项试点谁负责", "附件 第11项"),
        ("山区海岛县科技服务下成机制谁负责", "附件 第11项"),  # one typo
        ("乐清开展科技副总科技服务，谁负责", "附件 第13项"),  # row content, not title
        ("谁负责“先投后股”试点", "附件 第8项"),
        ("围绕优势专业培育壮大产业的责任单位", "二、重点任务（二）"),
        ("Who runs the Sci-Tech Vice President pilot?", "附件 第13项"),
    ],
)
def test_links_to_task_or_row(cat: Catalog, q: str, locator: str) -> None:
    u = understand(q, None, cat)
    assert u.links[0].item.locator == locator and u.links[0].score >= 0.5


def test_follow_up_takes_the_entity_of_the_previous_turn(cat: Catalog) -> None:
    query, entity = condense("这个试点要开展几项技术攻关？", ["瑞安市负责哪个试点？"], cat)
    assert entity == "推行产学研联合攻关体制机制" and entity in query
    query, entity = condense("它要做大做强哪些产业平台？", ["温州医科大学聚焦哪些领域？"], cat)
    assert entity == "温州医科大学" and query.startswith("温州医科大学")


def test_question_with_its_own_entity_is_not_rewritten(cat: Catalog) -> None:
    q = "龙湾区政府负责哪些试点？"
    assert condense(q, ["瑞安市负责哪个试点？"], cat) == (q, None)


def test_clean_strips_control_characters_and_clips() -> None:
    q, notes = clean("谁负责\x00\x07科技\u200b保险？", 100)
    assert "\x00" not in q and "\x07" not in q and notes == []
    q, notes = clean("长" * 50, 10)
    assert len(q) == 10 and notes and "10" in notes[0]


# --- asked value kinds, place-name false alarms, plan scoping ---------------------------------------


@pytest.mark.parametrize(
    ("q", "asks"),
    [
        ("峰会一般在哪天召开？", "when"),
        ("这些目标的期限是什么时候？", "when"),
        ("产业基金的资金规模有多大？", "money"),
        ("技术转移机构要设在哪些地方？", "where"),
        ("谁负责科技保险试点？", None),
    ],
)
def test_asked_value_kind(cat: Catalog, q: str, asks: str | None) -> None:
    assert understand(q, None, cat).asks == asks


def test_function_words_before_shi_are_not_a_place(cat: Catalog) -> None:
    # “仅由市教育局”: 由市 is no city the plan fails to mention
    u = understand("哪个试点仅由市教育局一家承担？", None, cat)
    assert u.abstain_reason is None and u.agencies == ["市教育局"]
    assert understand("宁波市的专利目标是多少？", None, cat).abstain_reason == "宁波市"


def test_city_shorthand_of_the_plan(cat: Catalog) -> None:
    u = understand("毕业后留在温州工作的比例目标是多少？", None, cat)
    assert "留温" in u.match


def test_follow_up_asking_about_duties_keeps_the_agency(cat: Catalog) -> None:
    # the previous answer named one annex row, but “它还承担哪个” asks about the same agency again
    _, entity = condense("它在附件清单中还承担了什么试点？", ["温州海经区管委会参与哪些重点任务？"], cat)
    assert entity == "温州海经区管委会"


def test_follow_up_with_a_pronoun_inside_na_ne_asks_about_the_same_row(cat: Catalog) -> None:
    query, entity = condense("那它的牵头单位呢？", ["乐清市政府承担哪一项试点？"], cat)
    assert entity is not None and entity in query and "乐清市政府承担" not in query


def test_na_ne_after_a_reverse_question_swaps_the_agency(cat: Catalog) -> None:
    query, entity = condense("那中国眼谷呢？", ["温州职业技术学院负责哪些试点？"], cat)
    assert entity == "中国眼谷" and "温州职业技术学院" not in query


def test_follow_up_on_a_target_keeps_the_metric(cat: Catalog) -> None:
    query, entity = condense("该指标哪年前要完成？", ["科研院所研发投入增速目标是多少？"], cat)
    assert entity and "科研院所" in query and "研发" in query


def test_section_named_by_heading_and_number(cat: Catalog) -> None:
    u = understand("重点任务（七）由哪些单位负责？", None, cat)
    assert u.links[0].item.locator == "二、重点任务（七）" and u.links[0].score == 1.0


def test_english_place_names_are_romanised_units(cat: Catalog) -> None:
    pytest.importorskip("pypinyin")
    u = understand("Which pilots does the Ouhai District government lead?", None, cat)
    assert u.agencies == ["瓯海区政府"] and u.intent == "reverse"


@pytest.fixture(scope="module")
def multi_cat(cat: Catalog) -> Catalog:
    from tests.conftest import FIXTURES

    ings = [ingest(p) for p in (CORPUS, FIXTURES / "qingshan-gbk.txt", FIXTURES / "nanhu-table.docx")]
    from index.models import Facts

    facts = Facts(
        responsibilities=[r for i in ings for r in i.facts.responsibilities],
        targets=[t for i in ings for t in i.facts.targets],
    )
    return build_catalog(facts, [c for i in ings for c in i.chunks], [i.plan for i in ings])


@pytest.mark.parametrize(
    ("q", "doc"),
    [
        ("青山县的计划中谁牵头发展智慧农业？", "qingshan-gbk"),
        ("青山…行动计划里有哪些任务？", "qingshan-gbk"),
        ("温政办〔2023〕86号里市科技局负责哪些试点？", "wenzhou-2023-86"),
        ("按照数字乡村建设行动计划，谁负责电商？", "qingshan-gbk"),
        ("市经信局负责哪些任务？", None),  # in two plans: not scoped
        ("各个方案里市经信局负责什么？", None),
    ],
)
def test_question_naming_a_plan_is_scoped_to_it(multi_cat: Catalog, q: str, doc: str | None) -> None:
    u = understand(q, None, multi_cat)
    assert u.doc == doc
    assert all(lk.item.doc_id == doc for lk in u.links) if doc else True


def test_plan_place_inside_a_unit_name_is_kept(multi_cat: Catalog) -> None:
    u = understand("温州医科大学负责哪些试点？", None, multi_cat)
    assert u.agencies == ["温州医科大学"] and u.intent == "reverse"


def test_cross_plan_question_is_marked(multi_cat: Catalog) -> None:
    assert understand("哪些方案提到了充电桩？", None, multi_cat).cross
    assert not understand("谁负责新建公共充电桩？", None, multi_cat).cross


@pytest.mark.parametrize(
    "q",
    ["到2025年温州市高校留温率目标是多少？", "统筹安排城市更新的资金有多少？", "哪个试点仅由市科技局承担？"],
)
def test_year_or_common_word_before_shi_is_not_an_unknown_place(cat: Catalog, q: str) -> None:
    assert understand(q, None, cat).abstain_reason is None


@pytest.mark.parametrize("q", ["科技保险试点的配合部门有哪些？", "技术攻关机制的主管部门是哪个？"])
def test_department_wording_asks_who_is_responsible(cat: Catalog, q: str) -> None:
    assert understand(q, None, cat).intent == "responsible"


def test_naming_the_plan_does_not_swallow_the_unit_after_it(multi_cat: Catalog) -> None:
    u = understand("南湖市市经信局在新能源汽车的实施意见中负责什么？", None, multi_cat)
    assert u.doc == "nanhu-table" and u.agencies == ["市经信局"] and u.intent == "reverse"


def test_a_question_naming_its_own_metric_starts_a_new_topic(cat: Catalog) -> None:
    # it names a metric the plan has: it is not read as a follow-up of the pilot asked about before
    q = "留温率目标多少"
    assert condense(q, ["谁负责开展“先投后股”科技成果转化试点？"], cat) == (q, None)


def test_an_elliptical_question_still_inherits_the_topic(cat: Catalog) -> None:
    query, entity = condense("目标是多少？", ["谁负责开展“先投后股”科技成果转化试点？"], cat)
    assert entity is not None and entity in query


def test_the_asked_role_tells_apart_passages_that_say_the_same_thing() -> None:
    # a duty list (街道 plan): three units each “…开展独居老人消防安全关爱工作”, in different roles
    from bot.catalog import Catalog, Item
    from bot.linking import link_items
    from index.models import Responsibility

    def resp(loc: str, role: str, unit: str) -> Responsibility:
        return Responsibility(
            doc_id="d", task=loc, units=[unit], role=role, locator=loc, quote=loc, chunk_id=loc
        )  # type: ignore[arg-type]

    content = {"1.": "牵头开展独居老人消防安全关爱工作", "2.": "配合开展独居老人消防安全关爱工作"}
    items = [Item("key_task", f"职责{loc}", loc, "d", content=c) for loc, c in content.items()]
    cat = Catalog(
        key_tasks=[resp("1.", "牵头", "街道消委办"), resp("2.", "配合", "派出所")],
        rows=[],
        items=items,
        units={"街道消委办", "派出所"},
        unit_aliases={},
        terms={},
        idf={},
        text="",
    )
    core = "独居老人消防安全关爱工作由部门"
    for role, want in (("牵头", "1."), ("配合", "2.")):
        links = link_items(core, cat, role=role)
        assert links[0].item.locator == want and links[0].score > links[1].score
    plain = link_items(core, cat)
    assert plain[0].score == plain[1].score  # without a role asked, neither is preferred


def test_a_passage_in_the_asked_role_comes_before_one_without_it() -> None:
    # the body names who is responsible; the annex row on the same measure names the 配合 units
    from bot.catalog import Catalog, Item
    from bot.linking import link_items
    from index.models import Responsibility

    body = Item("key_task", "加强装修垃圾监督管理", "三、（二）4.", "d")
    row = Item("pilot", "加强源头监管", "附件 第（二）项之四", "d", content="加强装修垃圾监督管理。")
    resp = [
        Responsibility(doc_id="d", task="t", units=[u], role=role, locator=loc, quote="q", chunk_id=loc)  # type: ignore[arg-type]
        for loc, role, u in (
            ("三、（二）4.", "负责", "区绿化市容局"),
            ("附件 第（二）项之四", "配合", "区房管局"),
        )
    ]
    cat = Catalog(
        key_tasks=resp[:1],
        rows=resp[1:],
        items=[body, row],
        units=set(),
        unit_aliases={},
        terms={},
        idf={},
        text="",
    )
    core = "加强装修垃圾监督管理需配合"
    assert link_items(core, cat)[0].item is body
    assert link_items(core, cat, role="配合")[0].item is row
    assert link_items(core, cat, role="牵头")[0].item is body  # 负责 answers 谁牵头 where nothing leads


def test_a_verb_and_its_noun_around_a_list_closed_by_deng_are_no_term_the_plan_lacks(cat: Catalog) -> None:
    # the plan writes “深化科技成果评价、激励、权益等改革举措”: 深化改革 is in it, around the list 等 closes
    assert "深化改革" not in understand("成果转化方面要深化改革，具体哪些？", None, cat).absent_terms
