"""The verifier: an answer may only name units and numbers that its cited passages contain."""

from __future__ import annotations

import pytest

from bot.verify import verify
from index.models import Chunk
from index.pipeline import ingest
from tests.conftest import CORPUS


@pytest.fixture(scope="module")
def plan_chunks() -> dict[str, Chunk]:
    return {c.locator: c for c in ingest(CORPUS).chunks}


@pytest.fixture(scope="module")
def known_units(plan_chunks: dict[str, Chunk]) -> set[str]:
    return {u for c in plan_chunks.values() for u in c.units}


def check(
    answer: str, cited: list[Chunk], known: set[str], retrieved: list[Chunk] | None = None
) -> list[str]:
    ids = {c.id for c in (retrieved if retrieved is not None else cited)}
    return verify(answer, cited, ids, known)


def test_accepts_units_copied_from_the_cited_row(plan_chunks, known_units):
    row = plan_chunks["附件 第8项"]
    assert check("“先投后股”试点由龙湾区政府、鹿城区政府、市科技局负责。", [row], known_units) == []


def test_rejects_a_unit_of_a_neighbouring_row(plan_chunks, known_units):
    row = plan_chunks["附件 第8项"]
    problems = check("由龙湾区政府、瓯海区政府负责。", [row], known_units)
    assert len(problems) == 1 and "瓯海区政府" in problems[0]


@pytest.mark.parametrize("invented", ["市农业农村局", "浙江医科大学", "宁波市政府", "杭州湾新区管委会"])
def test_rejects_an_agency_the_plan_never_names(plan_chunks, known_units, invented):
    row = plan_chunks["附件 第15项"]
    problems = check(f"由龙湾区政府、{invented}负责。", [row], known_units)
    assert any(invented in p for p in problems), problems


def test_accepts_a_full_name_when_the_quote_has_it(plan_chunks, known_units):
    row = plan_chunks["附件 第15项"]
    assert check("是温州医科大学和瓯江实验室，另有龙湾区政府。", [row], known_units) == []


def test_brackets_and_spaces_do_not_matter(plan_chunks, known_units):
    task = plan_chunks["二、重点任务（四）"]
    answer = "责任单位包括市科技局、温州海经区管委会和各县(市、区)政府。"
    assert check(answer, [task], known_units) == []


def test_accepts_numbers_from_the_cited_quote(plan_chunks, known_units):
    goal = plan_chunks["一、主要目标"]
    answer = "到2025年高校培养人才留温率达到42%，全社会累计培育、新引进人才60万人以上，R&D占比3.1%左右。"
    assert check(answer, [goal], known_units) == []


@pytest.mark.parametrize("wrong", ["45%", "50万", "2030年"])
def test_rejects_an_invented_number(plan_chunks, known_units, wrong):
    goal = plan_chunks["一、主要目标"]
    problems = check(f"目标是{wrong}。", [goal], known_units)
    assert any(wrong.rstrip("年") in p for p in problems), problems


def test_a_number_must_keep_its_percent_sign_meaning(plan_chunks, known_units):
    row = plan_chunks["附件 第8项"]  # says 1单, no percentage
    assert check("开展改革举措1%以上。", [row], known_units)


def test_a_number_is_checked_against_cited_passages_only(plan_chunks, known_units):
    goal, row = plan_chunks["一、主要目标"], plan_chunks["附件 第8项"]
    problems = check("留温率达到42%。", [row], known_units, retrieved=[goal, row])
    assert problems and "42" in problems[0]


def test_naming_the_cited_locator_is_not_an_invented_number(plan_chunks, known_units):
    row = plan_chunks["附件 第10项"]
    assert check("见附件第10项：共同组建行业产教融合共同体3个。", [row], known_units) == []


def test_rejects_a_citation_that_was_not_retrieved(plan_chunks, known_units):
    row8, row9 = plan_chunks["附件 第8项"], plan_chunks["附件 第9项"]
    problems = check("由龙湾区政府、鹿城区政府、市科技局负责。", [row8], known_units, retrieved=[row9])
    assert any("检索结果" in p for p in problems)


def test_an_answer_without_citations_fails(known_units):
    assert verify("由市科技局负责。", [], set(), known_units)


def test_alias_markers_are_not_numbers(plan_chunks, known_units):
    row = plan_chunks["附件 第4项"]
    assert check("由市科技局负责[1]。", [row], known_units) == []


def test_a_retelling_that_loses_a_unit_or_a_number_of_the_grounded_answer_is_caught() -> None:
    from bot.verify import dropped

    units = {"市科技局", "市财政局", "龙湾区政府"}
    grounded = "附件 第8项“先投后股”的责任单位：龙湾区政府、市科技局、市财政局。"
    assert dropped(grounded, "由龙湾区政府、市科技局和市财政局负责。", units) == []
    assert dropped(grounded, "由龙湾区政府负责。", units) == ["市科技局", "市财政局"]
    target = "- 留温率：42%以上（2025年），见二、重点任务（一）：“留温率达 42%以上”"
    assert dropped(target, "到2025年留温率要达到42%以上。", units) == []
    assert dropped(target, "留温率要提高。", units) == ["42%"]
