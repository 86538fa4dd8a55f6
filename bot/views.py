"""What the UI shows, as plain functions of Answer, Facts and Plan: HTML for answers with their sources,
tables of responsibilities and targets, the plan text with a cited passage marked, the glossary and the
structure for new staff. No gradio here, so the CLI, exports and tests use the same rendering.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.answer import Answer
from index.models import Facts, Plan

# The id of the <mark> around a cited passage in the plan text, so the page can scroll to it.
MARK_ID = "planbot-cited"

# Terms new staff meet in plans like this one; entries are only shown when the document uses them,
# and always with the sentence that does. Quoted “…” phrases of the document are added to these.
GLOSSARY_TERMS = (
    "5+5+N",
    "315",
    "八大抓手",
    "八个一体",
    "三位一体",
    "揭榜挂帅",
    "先投后股",
    "先用后转",
    "科技副总",
    "周末工程师",
    "十个一批",
    "一县一产业学院",
    "产教融合",
    "新型研发机构",
    "技术经纪人",
    "科技特派员",
    "研发飞地",
    "山区五县",
)


def mode_label(mode: str) -> str:
    """How the answer was made, in words a civil servant understands."""
    if mode == "grounded":
        return "依据原文检索作答（未使用大模型）"
    if mode == "llm":
        return "大模型作答（引用已逐条核对）"
    if mode.startswith("fallback"):
        reason = mode.partition(":")[2].strip()
        return "大模型不可用，已改用原文检索作答" + (f"：{reason}" if reason else "")
    return mode


_MARKER = re.compile(r"\[\d+\]")


def render_answer(ans: Answer, *, final: bool = True, show_doc: bool = False) -> str:
    """Chat bubble: answer with [n] markers, the mode, notes and a collapsible sources block.

    `show_doc` (set when several plans are indexed) names each source's plan beside its locator, since
    "附件 第3项" alone is ambiguous then. Everything that comes from the model or the document is
    HTML-escaped: the bubble renders HTML.
    """
    text = html.escape(ans.answer, quote=False)
    if final and ans.citations and not _MARKER.search(ans.answer):
        text += " " + "".join(f"[{n}]" for n in range(1, len(ans.citations) + 1))
    parts = [text]
    if final:
        meta = mode_label(ans.mode)
        if ans.abstained:
            meta = "方案中未找到依据 · " + meta
        parts.append(f"<sub>{html.escape(meta)}</sub>")
        parts.extend(f"<sub>（{html.escape(note)}）</sub>" for note in ans.notes)
    if final and ans.citations:
        items = []
        for n, c in enumerate(ans.citations, 1):
            name = c.doc_title or c.doc
            title = f" · 《{html.escape(name)}》" if show_doc and name else ""
            items.append(
                f"<p><b>[{n}] {html.escape(c.locator)}</b>{title}</p>"
                f"<blockquote>{html.escape(c.quote)}</blockquote>"
            )
        parts.append(
            f'<details class="planbot-sources"><summary>原文出处（{len(ans.citations)} 处）</summary>'
            + "".join(items)
            + "</details>"
        )
    return "\n\n".join(parts)


def _content_text(content: Any) -> str:
    """Text of a chat message's content, whatever shape Gradio normalised it to."""
    if isinstance(content, str):
        return content
    if isinstance(content, dict):
        return str(content.get("text") or content.get("value") or "")
    if isinstance(content, list):
        return "".join(_content_text(c) for c in content)
    return ""


def user_history(messages: Iterable[dict[str, Any]]) -> list[str]:
    """Earlier user questions, oldest first: what `Service.ask(history=...)` expects."""
    return [t for m in messages if m.get("role") == "user" and (t := _content_text(m.get("content")).strip())]


def conversation_markdown(messages: Iterable[dict[str, Any]], title: str = "planbot 对话记录") -> str:
    lines = [f"# {title}", "", f"导出时间：{datetime.now().strftime('%Y-%m-%d %H:%M')}", ""]
    for m in messages:
        text = _content_text(m.get("content")).strip()
        if m.get("role") == "user":
            lines += [f"## 问：{text}", ""]
        else:
            lines += [text, ""]
    return "\n".join(lines)


def unit_choices(facts: Facts) -> list[tuple[str, str]]:
    """(label, unit) for every unit named in the facts, most tasks first, then as first seen."""
    counts: dict[str, int] = {}
    for r in facts.responsibilities:
        for u in dict.fromkeys(r.units):
            counts[u] = counts.get(u, 0) + 1
    ordered = sorted(counts, key=lambda u: -counts[u])  # stable: ties keep document order
    return [(f"{u}（{counts[u]} 项）", u) for u in ordered]


TABLE_HEADERS = ["位置", "任务", "试点任务", "角色", "责任单位"]
PLAN_HEADER = "方案"


def responsibility_table(
    facts: Facts, unit: str | None = None, titles: dict[str, str] | None = None
) -> list[list[str]]:
    """One row per responsibility; with `unit`, only the rows that name it.

    With `titles` (doc_id -> plan title; several plans shown at once) each row starts with its plan."""
    return [
        [*([titles.get(r.doc_id, r.doc_id)] if titles else []), r.locator, r.task, r.pilot_task or "", r.role,
         "、".join(r.units)]
        for r in facts.responsibilities
        if not unit or unit in r.units
    ]  # fmt: skip


def responsibility_matrix(facts: Facts, unit: str | None = None) -> tuple[list[str], list[list[str]]]:
    """Tasks × units: a cell holds the unit's role (责任/牵头/配合) for that task.

    With `unit`, only tasks that name it, and only the units that share those tasks.
    """
    rows = [r for r in facts.responsibilities if not unit or unit in r.units]
    units = list(dict.fromkeys(u for r in rows for u in r.units))
    headers = ["位置", "任务", *units]
    matrix = []
    for r in rows:
        task = f"{r.task} / {r.pilot_task}" if r.pilot_task else r.task
        matrix.append([r.locator, task, *(r.role if u in r.units else "" for u in units)])
    return headers, matrix


TARGET_HEADERS = ["指标", "目标值", "期限", "范围", "位置", "原文"]


def target_table(facts: Facts, titles: dict[str, str] | None = None) -> list[list[str]]:
    return [
        [*([titles.get(t.doc_id, t.doc_id)] if titles else []), t.metric, f"{t.comparator}{t.value}{t.unit}",
         t.deadline or "", t.scope or "", t.locator, t.sentence]
        for t in facts.targets
    ]  # fmt: skip


def plan_choices(plans: Iterable[Plan]) -> list[tuple[str, str]]:
    """方案范围 options: 全部 first (value ""), then each plan by title and 文号."""
    return [("全部方案", "")] + [
        (f"{p.title or p.doc_id}" + (f"（{p.doc_number}）" if p.doc_number else ""), p.doc_id) for p in plans
    ]


PLAN_TABLE_HEADERS = ["标题", "文号", "doc_id", "片段数"]


def plan_rows(plans: Iterable[Plan], chunk_docs: Iterable[str]) -> list[list[str | int]]:
    """The 方案管理 table: one row per indexed plan; `chunk_docs` is the doc_id of every chunk."""
    counts: dict[str, int] = {}
    for d in chunk_docs:
        counts[d] = counts.get(d, 0) + 1
    return [[p.title or "（无标题）", p.doc_number or "", p.doc_id, counts.get(p.doc_id, 0)] for p in plans]


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def highlight_html(text: str, quote: str | None) -> str:
    """The plan text as HTML with `quote` wrapped in <mark>; whitespace is ignored when matching
    because quotes have their page breaks repaired."""
    spans = _find_span(text, quote) if quote else None
    if spans is None:
        body = html.escape(text)
    else:
        a, b = spans
        body = (
            html.escape(text[:a])
            + f'<mark id="{MARK_ID}">'
            + html.escape(text[a:b])
            + "</mark>"
            + html.escape(text[b:])
        )
    return f'<div class="plan-text">{body}</div>'


def _find_span(text: str, quote: str) -> tuple[int, int] | None:
    positions = [i for i, ch in enumerate(text) if not ch.isspace()]
    compact = "".join(text[i] for i in positions)
    needle = _compact(quote)
    at = compact.find(needle) if needle else -1
    if at < 0:
        return None
    return positions[at], positions[at + len(needle) - 1] + 1


_SENTENCE = re.compile(r"[^。；！？\n\t]*(?:[。；！？]|$)")


def _sentence_with(text: str, term: str) -> str | None:
    target = _compact(term)
    for s in _SENTENCE.findall(text):
        if target in _compact(s):
            return s.strip()
    return None


@dataclass(frozen=True)
class GlossaryEntry:
    term: str
    locator: str
    sentence: str


_QUOTED = re.compile(r"“([^”\n]{2,12})”")


def glossary(plan: Plan, terms: Iterable[str] = GLOSSARY_TERMS) -> list[GlossaryEntry]:
    """Each term with the first sentence of the plan that uses it, and where that sentence is.

    Terms the document does not use are left out: the glossary only quotes, it never defines.
    """
    candidates = list(dict.fromkeys([*terms, *_QUOTED.findall(plan.text)]))
    entries = []
    for term in candidates:
        for block in plan.blocks:
            sentence = _sentence_with(block.text, term)
            if sentence:
                entries.append(GlossaryEntry(term, block.locator, sentence))
                break
    return entries


_OUTLINE_KINDS = {"goal", "task", "safeguard", "annex_row", "paragraph"}


def structure_markdown(plan: Plan) -> str:
    """The plan at a glance: its headings, and under each the numbered tasks by title."""
    lines = [f"### {plan.title or plan.doc_id}"]
    meta = "，".join(x for x in (plan.doc_number, plan.issuer, plan.date) if x)
    if meta:
        lines.append(meta)
    kinds = [b.kind for b in plan.blocks]
    counts = [
        f"{name} {kinds.count(k)} 项"
        for k, name in (("task", "重点任务"), ("safeguard", "保障措施"), ("annex_row", "附件试点"))
        if k in kinds
    ]
    if counts:
        lines.append("共 " + "，".join(counts) + "。")
    section = None
    for b in plan.blocks:
        if b.kind not in _OUTLINE_KINDS:
            continue
        head = b.heading_path[0] if b.heading_path else ("附件" if b.kind == "annex_row" else "")
        if head != section:
            section = head
            lines += ["", f"**{html.escape(head)}**" if head else "**正文**", ""]
        label = b.title or (b.text[:40] + ("…" if len(b.text) > 40 else ""))
        lines.append(f"- `{html.escape(b.locator)}` {html.escape(label)}")
    return "\n".join(lines)
