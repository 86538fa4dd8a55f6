"""Scorer rules on hand-made answers: what counts as correct, cited, faithful and retrieved."""

from __future__ import annotations

import pytest

from bot.answer import Answer, Citation
from evals.score import (
    Item,
    item_set_units,
    normalize,
    parse_locator,
    responsible_units_in_quote,
    retrieval_rank,
    score_item,
    summarize,
    units_in_text,
)

DOC = (
    "序号\t任务名称\t试点任务\t主要内容\t责任单位\n"
    "11\t\t建立山区海岛县科技服务下沉机制\t在温高校、高能级平台要在县（市、区）特别是山区五县设点"
    "或建设技术转移转化机构10个。\t市科技局、各县（市、区）政府，各在温高校、科研院所\n"
    "高校培养人才留温率达到 42%。科研\n\n院所研发投入年均增速超过 20%。\n"
)
ROW11 = "11\t\t建立山区海岛县科技服务下沉机制\t在温高校、高能级平台要在县（市、区）特别是山区五县设点"


def cite(quote: str, locator: str = "附件 第11项") -> Citation:
    return Citation(locator=locator, quote=quote, chunk_id="c", doc="d")


RESP = Item(
    id="R1",
    question="山区海岛县科技服务下沉这项试点，哪些单位负责？",
    kind="responsible",
    expect={"all": ["市科技局", "各县（市、区）政府"], "none": ["温州海经区管委会"]},
    evidence=["建立山区海岛县科技服务下沉机制"],
    source="附件 第11项",
)
ABSTAIN = Item(id="A1", question="局长是谁？", kind="abstain", expect={"abstain": True})


def test_normalize_unifies_brackets_punctuation_and_whitespace() -> None:
    assert normalize("各县〈市、区〉政府") == normalize("各县（市、区）政府") == normalize("各县(市、区)政府")
    assert normalize("达到 42％，其中：") == "达到42%,其中:"


def test_correct_answer_with_other_bracket_form() -> None:
    ans = Answer(answer="由市科技局、各县〈市、区〉政府负责。", citations=[cite(ROW11)])
    s = score_item(RESP, ans, DOC)
    assert s.correct and s.failures == []
    assert s.citation_hit and s.quote_fidelity
    assert s.agency_precision == 1.0 and s.agency_recall == 1.0


def test_missing_unit_is_incorrect_and_lowers_recall() -> None:
    s = score_item(RESP, Answer(answer="由市科技局负责。"), DOC)
    assert not s.correct
    assert s.agency_recall == 0.5


def test_forbidden_neighbour_unit_makes_answer_wrong_and_lowers_precision() -> None:
    ans = Answer(answer="市科技局、各县（市、区）政府、温州海经区管委会")
    s = score_item(RESP, ans, DOC, known_units=item_set_units([RESP]))
    assert not s.correct
    assert any("温州海经区管委会" in f for f in s.failures)
    assert s.agency_precision == pytest.approx(2 / 3)


def test_units_named_in_citations_count_against_precision() -> None:
    # 各在温高校 is not in the item set, but the cited row names it, so the scorer knows it is a unit
    ans = Answer(answer="市科技局、各县（市、区）政府，各在温高校", citations=[cite(DOC.splitlines()[1])])
    s = score_item(RESP, ans, DOC)
    assert s.correct
    assert s.agency_precision == pytest.approx(2 / 3)


def test_abstain_rules() -> None:
    assert score_item(ABSTAIN, Answer(answer="方案未提及。", abstained=True), DOC).correct
    assert not score_item(ABSTAIN, Answer(answer="张三"), DOC).correct
    wrong_abstain = score_item(RESP, Answer(answer="市科技局、各县（市、区）政府", abstained=True), DOC)
    assert not wrong_abstain.correct


def test_abstention_precision_and_recall() -> None:
    scores = [
        score_item(ABSTAIN, Answer(answer="未提及", abstained=True), DOC),
        score_item(ABSTAIN, Answer(answer="张三"), DOC),
        score_item(RESP, Answer(answer="未提及", abstained=True), DOC),
    ]
    sm = summarize(scores)
    assert sm.abstain_precision == 0.5
    assert sm.abstain_recall == 0.5


def test_any_rule() -> None:
    item = Item(id="L", question="几项？", kind="list", expect={"any": ["8", "八"]})
    assert score_item(item, Answer(answer="共八项重点任务"), DOC).correct
    assert not score_item(item, Answer(answer="共七项"), DOC).correct


def test_quote_fidelity_ignores_page_breaks_but_catches_paraphrase() -> None:
    item = Item(id="T", question="增速", kind="target", expect={"all": ["20%"]}, evidence=["超过 20%"])
    faithful = score_item(
        item, Answer(answer="超过 20%", citations=[cite("科研院所研发投入年均增速超过20%")]), DOC
    )
    assert faithful.quote_fidelity is True
    paraphrase = Answer(answer="超过 20%", citations=[cite("科研院所的研发投入每年增长超过20%")])
    s = score_item(item, paraphrase, DOC)
    assert s.quote_fidelity is False
    assert s.bad_quotes == ["科研院所的研发投入每年增长超过20%"]


def test_numbers_must_match_exactly() -> None:
    item = Item(id="N", question="顶尖人才", kind="target", expect={"all": ["15"]})
    assert score_item(item, Answer(answer="15 人以上"), DOC).numbers_exact is True
    assert score_item(item, Answer(answer="150 人以上"), DOC).numbers_exact is False


def test_citation_hit_needs_evidence_in_a_quote() -> None:
    miss = score_item(RESP, Answer(answer="市科技局", citations=[cite("高校培养人才留温率达到 42%")]), DOC)
    assert miss.citation_hit is False
    assert score_item(ABSTAIN, Answer(answer="未提及", abstained=True), DOC).citation_hit is None


@pytest.mark.parametrize(
    ("gold", "cited", "rank"),
    [
        ("二（二）", ["附件 第3项", "二、重点任务（二）"], 2),
        ("二（二）", ["二、重点任务（三）"], None),
        ("附件 第6—9项", ["二、重点任务（五）", "附件 第8项"], 2),
        ("附件 第3、8、9、15项", ["附件 第15项"], 1),
        ("附件 第3、8、9、15项", ["附件 第4项", "附件 第5项"], None),
        ("二、重点任务", ["二、重点任务（八）"], 1),
        ("一、主要目标", ["一、主要目标"], 1),
        ("通知", ["抄送", "通知"], 2),
        ("附件 第1项", ["附件 第11项"], None),
    ],
)
def test_locator_matching(gold: str, cited: list[str], rank: int | None) -> None:
    assert retrieval_rank(gold, cited) == rank


def test_locator_forms_parse_alike() -> None:
    assert parse_locator("二（二）") == parse_locator("二、重点任务（二）")
    assert (
        parse_locator("附件 第6—9项") == parse_locator("附件 第6-9项") == parse_locator("附件第6、7、8、9项")
    )


def test_retrieval_metrics_aggregate() -> None:
    item = RESP
    hit_first = score_item(item, Answer(answer="x", citations=[cite(ROW11, "附件 第11项")]), DOC)
    hit_second = score_item(
        item, Answer(answer="x", citations=[cite(ROW11, "附件 第1项"), cite(ROW11, "附件 第11项")]), DOC
    )
    sm = summarize([hit_first, hit_second])
    assert sm.hit1 == 0.5 and sm.hit3 == 1.0 and sm.mrr == pytest.approx(0.75)


def test_units_in_text_keeps_bracket_groups_whole() -> None:
    units = units_in_text(
        "（责任单位：市发展改革委、温州海经区管委会，各县〈市、区〉政府，各在温高校、科研院所）"
    )
    assert normalize("各县（市、区）政府") in units
    assert {"市发展改革委", "温州海经区管委会", "各在温高校", "科研院所"} <= units


def test_joined_gold_sources_match_any_part() -> None:
    gold = "二、重点任务（七）；附件 第12项"
    assert retrieval_rank(gold, ["附件 第12项"]) == 1
    assert retrieval_rank(gold, ["二、重点任务（七）"]) == 1
    assert retrieval_rank(gold, ["附件 第7项"]) is None


def test_units_from_citations_are_only_the_responsible_ones() -> None:
    clause = "（二）围绕。（责任单位：市教育局，各县〈市、区〉政府，各在温高校）其他内容。"
    assert responsible_units_in_quote(clause) == {"市教育局", normalize("各县（市、区）政府"), "各在温高校"}
    row = "7\t\t在高校、科研院所试点推行科技保险机制\t在高校、科研院所试点开展。\t瓯海区政府、市科技局"
    assert responsible_units_in_quote(row) == {"瓯海区政府", "市科技局"}


def test_repeating_a_quoted_title_does_not_count_as_naming_units() -> None:
    item = Item(
        id="S", question="科技保险谁负责", kind="responsible", expect={"all": ["瓯海区政府", "市科技局"]}
    )
    row = "7\t\t在高校、科研院所试点推行科技保险机制\t在高校、科研院所试点开展。\t瓯海区政府、市科技局"
    ans = Answer(
        answer="“在高校、科研院所试点推行科技保险机制”的责任单位：瓯海区政府、市科技局。",
        citations=[cite(row)],
    )
    s = score_item(item, ans, row, known_units={"科研院所"})
    assert s.agency_precision == 1.0
    loose = Answer(answer="瓯海区政府、市科技局、科研院所", citations=[cite(row)])
    assert score_item(item, loose, row, known_units={"科研院所"}).agency_precision == pytest.approx(2 / 3)
