"""Understanding: intents, document-derived aliases, typo tolerance, English, follow-ups, input cleaning."""

from __future__ import annotations

import pytest

from bot.understand import Catalog, build_catalog, clean, condense, understand, unit_aliases
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
