"""UI helpers that users see through: answer bubbles, tables, glossary, highlighting, feedback, export."""

from __future__ import annotations

import html
import json
import re
import threading
from pathlib import Path

import pytest

import ui
from bot.answer import Answer, Citation
from index.models import Facts, Plan, Responsibility
from index.pipeline import ingest
from tests.conftest import CORPUS


@pytest.fixture(scope="module")
def plan() -> Plan:
    return ingest(CORPUS).plan


def _compact(s: str) -> str:
    return re.sub(r"\s+", "", s)


def _answer(**kw) -> Answer:
    base = dict(
        answer="由龙湾区政府、鹿城区政府、市科技局负责。",
        intent="responsible",
        citations=[
            Citation(
                locator="附件 第8项", quote="开展“先投后股”试点 <b>龙湾区政府</b>", chunk_id="a", doc="d"
            ),
            Citation(
                locator="二、重点任务（五）",
                quote="推广科技成果转化“先用后转”“先投后股”",
                chunk_id="b",
                doc="d",
            ),
        ],
    )
    return Answer(**{**base, **kw})


def test_answer_bubble_numbers_citations_and_escapes_quotes() -> None:
    bubble = ui.render_answer(_answer())
    assert "[1]" in bubble and "[2]" in bubble
    assert "<details" in bubble and "附件 第8项" in bubble and "二、重点任务（五）" in bubble
    # a quote is document text, never markup
    assert "<b>龙湾区政府</b>" not in bubble
    assert "&lt;b&gt;龙湾区政府&lt;/b&gt;" in bubble


def test_answer_bubble_keeps_markers_the_bot_already_placed() -> None:
    bubble = ui.render_answer(_answer(answer="龙湾区政府[1]，另见[2]。"))
    assert bubble.count("[1]") == 2  # once in the text, once in the sources list


def test_answer_bubble_says_how_it_was_made() -> None:
    assert "未使用大模型" in ui.render_answer(_answer(mode="grounded"))
    fallback = ui.render_answer(_answer(mode="fallback:timeout"))
    assert "改用原文检索" in fallback and "timeout" in fallback
    abstained = ui.render_answer(Answer(answer="方案中没有提到。", abstained=True))
    assert "未找到依据" in abstained and "<details" not in abstained


def test_partial_answers_show_text_only() -> None:
    partial = ui.render_answer(_answer(), final=False)
    assert "<details" not in partial and partial.startswith("由龙湾区政府")


def test_history_is_the_earlier_user_messages_whatever_their_shape() -> None:
    messages = [
        {"role": "user", "content": "市科技局负责哪些试点？"},
        {"role": "assistant", "content": "……"},
        {"role": "user", "content": [{"type": "text", "text": "其中哪项在龙湾区？"}]},
        {"role": "assistant", "content": [{"type": "text", "text": "……"}]},
    ]
    assert ui.user_history(messages) == ["市科技局负责哪些试点？", "其中哪项在龙湾区？"]


def test_highlight_marks_the_quote_despite_page_breaks(plan: Plan) -> None:
    block = next(b for b in plan.blocks if b.locator == "附件 第8项")
    quote = block.text.replace("先投后股", "先投\n\n后股", 1)  # a PDF page break inside the quote
    page = ui.highlight_html(plan.text, quote)
    marked = re.search(r"<mark[^>]*>(.*?)</mark>", page, re.S)
    assert marked is not None and page.count("<mark") == 1
    assert _compact(html.unescape(marked.group(1))) == _compact(block.text)
    assert "<mark" not in ui.highlight_html(plan.text, "这句话不在方案里")


def test_highlight_escapes_document_text() -> None:
    page = ui.highlight_html("甲<script>乙</script>丙", "乙")
    assert "<script>" not in page and "<mark" in page


def test_glossary_quotes_the_document_for_each_term(plan: Plan) -> None:
    # the terms come from the plan itself (quoted, defined or repeated), not from a list in the code
    entries = {g.term: g for g in ui.glossary(plan)}
    for term in ("5+5+N", "315", "八个一体", "三位一体", "揭榜挂帅", "先投后股", "先用后转", "科技副总"):
        assert term in entries, term
    assert "新型研发机构" in entries  # unquoted, but five passages use it
    assert "数字孪生" not in {g.term for g in ui.glossary(plan, terms=["数字孪生"])}  # no made-up entry
    text = _compact(plan.text)
    locators = {b.locator for b in plan.blocks}
    for g in entries.values():
        assert g.term in g.sentence
        assert _compact(g.sentence) in text
        assert g.locator in locators
    assert entries["揭榜挂帅"].locator == "二、重点任务（四）"


def test_glossary_picks_up_quoted_terms_of_other_plans() -> None:
    plan = Plan(
        doc_id="x",
        path="x.txt",
        sha256="0",
        text="推行“最多跑一次”改革。",
        blocks=[{"locator": "一、", "kind": "paragraph", "text": "推行“最多跑一次”改革。"}],
    )
    assert [(g.term, g.locator) for g in ui.glossary(plan)] == [("最多跑一次", "一、")]


def test_glossary_leaves_out_the_units_the_plan_makes_responsible(plan: Plan) -> None:
    units = ["市科技局", "市教育局", "各在温高校"]
    terms = {g.term for g in ui.glossary(plan, units=units)}
    assert not any(u in t or t in u for t in terms for u in units), terms


def test_no_plan_words_in_the_ui_code() -> None:
    # The glossary and the example questions are derived from the index; the shipped plan's own words
    # (its place names, slogans, metrics) must not sit in the UI or view code.
    root = Path(__file__).resolve().parent.parent
    code = "".join((root / f).read_text(encoding="utf-8") for f in ("ui.py", "bot/views.py", "bot/agency.py"))
    for word in ("温州", "先投后股", "留温", "眼谷", "乐清", "龙湾", "揭榜挂帅", "科技副总", "5+5+N"):
        assert word not in code, word


def test_structure_lists_every_task_and_annex_item(plan: Plan) -> None:
    outline = ui.structure_markdown(plan)
    for b in plan.blocks:
        if b.kind in ("task", "safeguard", "annex_row"):
            assert b.locator in outline and b.title in outline


FACTS = Facts(
    responsibilities=[
        Responsibility(
            doc_id="d", task="优化科技成果转化体制机制", pilot_task="开展“先投后股”科技成果转化试点",
            units=["龙湾区政府", "鹿城区政府", "市科技局"], locator="附件 第8项", quote="…", chunk_id="8",
        ),
        Responsibility(
            doc_id="d", task="构建科教产联动的技术攻关机制", pilot_task="推行产学研联合攻关体制机制",
            units=["瑞安市政府", "市科技局"], locator="附件 第5项", quote="…", chunk_id="5",
        ),
        Responsibility(
            doc_id="d", task="打造链接全球开放创新机制", units=["市教育局", "市科协"], role="牵头",
            locator="二、重点任务（七）", quote="…", chunk_id="7",
        ),
    ]
)  # fmt: skip


def test_agency_filter_keeps_only_that_agencys_tasks() -> None:
    rows = ui.responsibility_table(FACTS, "龙湾区政府")
    assert [r[0] for r in rows] == ["附件 第8项"]
    assert len(ui.responsibility_table(FACTS, "市科技局")) == 2
    assert len(ui.responsibility_table(FACTS)) == 3


def test_matrix_is_tasks_by_units_with_roles() -> None:
    headers, rows = ui.responsibility_matrix(FACTS)
    assert headers[:2] == ["位置", "任务"] and set(headers[2:]) == {
        "龙湾区政府", "鹿城区政府", "市科技局", "瑞安市政府", "市教育局", "市科协",
    }  # fmt: skip
    row7 = next(r for r in rows if r[0] == "二、重点任务（七）")
    assert row7[headers.index("市科协")] == "牵头" and row7[headers.index("市科技局")] == ""
    headers, rows = ui.responsibility_matrix(FACTS, "瑞安市政府")
    assert len(rows) == 1 and set(headers[2:]) == {"瑞安市政府", "市科技局"}


def test_unit_dropdown_lists_every_unit_busiest_first() -> None:
    choices = ui.unit_choices(FACTS)
    assert choices[0] == ("市科技局（2 项）", "市科技局")
    assert {v for _, v in choices} == {u for r in FACTS.responsibilities for u in r.units}


def test_feedback_survives_concurrent_users(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "feedback.jsonl"

    def user(n: int) -> None:
        log = ui.FeedbackLog(path)  # each session its own object, same file
        for i in range(25):
            log.append({"user": n, "i": i, "comment": "引用很准确" * 20})

    threads = [threading.Thread(target=user, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 200
    assert {(r["user"], r["i"]) for r in records} == {(n, i) for n in range(8) for i in range(25)}


def test_export_is_readable_markdown() -> None:
    md = ui.conversation_markdown(
        [{"role": "user", "content": "谁负责？"}, {"role": "assistant", "content": "龙湾区政府。[1]"}]
    )
    assert md.startswith("# ") and "## 问：谁负责？" in md and "龙湾区政府。[1]" in md


def test_login_setting() -> None:
    assert ui.parse_auth(None) is None
    assert ui.parse_auth("staff:s3:cret") == [("staff", "s3:cret")]
    assert ui.parse_auth("a:1, b:2") == [("a", "1"), ("b", "2")]
    with pytest.raises(ValueError):
        ui.parse_auth("nopassword")


def test_bot_and_index_never_import_gradio() -> None:
    root = Path(ui.__file__).parent
    for pkg in ("bot", "index"):
        for py in (root / pkg).rglob("*.py"):
            assert "import gradio" not in py.read_text(encoding="utf-8"), py


class _Loaded:
    def __init__(self, fail: bool) -> None:
        self.fail, self.warmed = fail, False

    def warm(self) -> dict[str, float]:
        if self.fail:
            raise RuntimeError("model cache unreadable")
        self.warmed = True
        return {}


@pytest.mark.parametrize("fail", [False, True])
def test_the_service_is_warmed_before_the_first_question_and_a_failed_warm_still_loads(fail: bool) -> None:
    holder = ui.ServiceHolder(lambda: _Loaded(fail))  # type: ignore[arg-type,return-value]
    svc = holder.get(timeout=10)
    assert holder.ready and "已就绪" in holder.status()
    assert svc.warmed is not fail  # type: ignore[attr-defined]
