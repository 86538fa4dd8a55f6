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
from bot.citations import key_sentences
from index.models import Facts, Plan

# The id of the <mark> around a cited passage in the plan text, so the page can scroll to it.
MARK_ID = "planbot-cited"


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
            short = key_sentences(ans.answer, c.quote)
            whole = (
                f"<details><summary>全文</summary><blockquote>{html.escape(c.quote)}</blockquote></details>"
                if short != c.quote
                else ""
            )
            items.append(
                f"<p><b>[{n}] {html.escape(c.locator)}</b>{title}</p>"
                f"<blockquote>{html.escape(short)}</blockquote>{whole}"
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
# "（以下简称X）", "统称为X": the plan names something and then uses the short name.
_DEFINED = re.compile(r"(?:以下简称|简称为?|统称为?|俗称)[“\"]?([\u4e00-\u9fa5A-Za-z0-9+]{2,12})")
_CJK_RUN = re.compile(r"[\u4e00-\u9fa5]+")
# NOTE: jieba part-of-speech flags of words that cannot start a name (verbs, prepositions, adverbs,
# conjunctions, pronouns, particles); a repeated phrase starting with one is an action, not a term.
_NOT_A_NAME_START = frozenset("vpdcru")
REPEATED_TERMS_MAX = 12  # the glossary is for orientation; more repeated phrases drown the quoted terms
REPEATED_MIN_PASSAGES = 3  # a phrase in three passages is something the plan keeps coming back to


def _repeated_phrases(plan: Plan, exclude: set[str]) -> list[str]:
    """Noun phrases of 4-8 characters (2-3 jieba words) that at least three passages of the plan use,
    most passages first; a phrase inside a longer one that is used about as often gives way to it."""
    import jieba.posseg as pseg  # NOTE: imported here: jieba loads its dictionary on first use

    passages: dict[str, set[str]] = {}
    for block in plan.blocks:
        for run in _CJK_RUN.findall(block.text):
            words = [(w.word, w.flag) for w in pseg.cut(run)]
            for n in (2, 3):
                for i in range(len(words) - n + 1):
                    part = words[i : i + n]
                    phrase = "".join(w for w, _ in part)
                    if not 4 <= len(phrase) <= 8 or any(len(w) < 2 for w, _ in part):
                        continue
                    head, last = part[0][1], part[-1][1]
                    if not (last.startswith("n") or last == "vn"):
                        continue
                    if head[:1] in _NOT_A_NAME_START and head != "vn":
                        continue
                    passages.setdefault(phrase, set()).add(block.locator)
    counts = {
        p: len(locs)
        for p, locs in passages.items()
        if len(locs) >= REPEATED_MIN_PASSAGES and not any(x in p or p in x for x in exclude)
    }
    kept = [p for p in counts if not any(p != q and p in q and counts[q] >= 0.7 * counts[p] for q in counts)]
    kept.sort(key=lambda p: (-counts[p], -len(p)))
    return kept[:REPEATED_TERMS_MAX]


_TERMS_CACHE: dict[tuple[str, str, frozenset[str]], tuple[str, ...]] = {}


def plan_terms(plan: Plan, units: Iterable[str] = ()) -> list[str]:
    """The plan's own vocabulary, derived from its text: quoted terms “…”, names it defines (以下简称…),
    then noun phrases it keeps repeating, leaving out the `units` (they have the 责任分工 tab).
    Nothing here is written for one plan. Cached per plan version: jieba tagging takes a moment."""
    key = (plan.doc_id, plan.sha256, frozenset(units))
    if key not in _TERMS_CACHE:
        quoted = _QUOTED.findall(plan.text)
        defined = _DEFINED.findall(plan.text)
        exclude = {*quoted, *defined, "单位", *key[2]}
        found = tuple(dict.fromkeys([*quoted, *defined, *_repeated_phrases(plan, exclude)]))
        if len(_TERMS_CACHE) > 64:
            _TERMS_CACHE.clear()
        _TERMS_CACHE[key] = found
    return list(_TERMS_CACHE[key])


def glossary(
    plan: Plan, terms: Iterable[str] | None = None, units: Iterable[str] = ()
) -> list[GlossaryEntry]:
    """Each term with the first sentence of the plan that uses it, and where that sentence is.

    `terms` defaults to `plan_terms(plan, units)`. Terms the document does not use are left out: the glossary
    only quotes, it never defines.
    """
    candidates = list(dict.fromkeys(plan_terms(plan, units) if terms is None else terms))
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


# --------------------------------------------------------------------------------------------------
# 时间节点: every deadline the facts carry, earliest first
# --------------------------------------------------------------------------------------------------

DEADLINE_HEADERS = ["时限", "事项", "类型", "角色", "单位", "位置", "原文"]
_YEAR = re.compile(r"(\d{4})\s*年")
_MONTH = re.compile(r"(\d{1,2})\s*月")
_QUARTER = re.compile(r"第?([一二三四1-4])季度")
_QUARTER_END = {"一": 3, "二": 6, "三": 9, "四": 12, "1": 3, "2": 6, "3": 9, "4": 12}


def deadline_key(text: str | None) -> tuple[int, int, int]:
    """Sort key of a deadline as plans write it: (year, month, 0) for a date, read as the end of the
    period it names (2025年 and 2025年底前 -> December 2025, 上半年 -> June); what names no year
    (长期坚持, 每年, 持续推进) sorts last, in the order first seen."""
    text = text or ""
    years = _YEAR.findall(text)
    if not years:
        return (9999, 99, 1)
    year = int(years[-1])  # NOTE: '2024—2025年' is due at the end of the range
    months = _MONTH.findall(text)
    quarter = _QUARTER.search(text)
    if months:
        month = int(months[-1])
    elif quarter:
        month = _QUARTER_END[quarter.group(1)]
    elif "上半年" in text or "年中" in text:
        month = 6
    else:
        month = 12
    return (year, month, 0)


@dataclass(frozen=True)
class DeadlineItem:
    """One thing due: a responsibility with a 完成时限 / 时间节点, or a target with its 期限."""

    deadline: str
    what: str
    kind: str  # 任务 / 目标
    role: str
    units: tuple[str, ...]
    locator: str
    quote: str
    doc_id: str


def deadline_items(facts: Facts) -> list[DeadlineItem]:
    """Tasks and targets that say when, earliest first. A target's units are those of the responsibility
    at the same passage, so the view says who is due, not only what."""
    by_passage: dict[tuple[str, str], list[Any]] = {}
    for r in facts.responsibilities:
        by_passage.setdefault((r.doc_id, r.locator), []).append(r)
    items = []
    for r in facts.responsibilities:
        if r.deadline:
            task = f"{r.task} / {r.pilot_task}" if r.pilot_task else r.task
            items.append(
                DeadlineItem(r.deadline, task, "任务", r.role, tuple(r.units), r.locator, r.quote, r.doc_id)
            )
    for t in facts.targets:
        if t.deadline:
            owners = by_passage.get((t.doc_id, t.locator), [])
            items.append(
                DeadlineItem(
                    t.deadline,
                    f"{t.metric}：{t.comparator}{t.value}{t.unit}",
                    "目标",
                    "、".join(dict.fromkeys(o.role for o in owners)),
                    tuple(dict.fromkeys(u for o in owners for u in o.units)),
                    t.locator,
                    t.sentence,
                    t.doc_id,
                )
            )
    order = {id(item): n for n, item in enumerate(items)}
    return sorted(items, key=lambda i: (deadline_key(i.deadline), order[id(i)]))


def deadline_table(facts: Facts, titles: dict[str, str] | None = None) -> list[list[str]]:
    return [
        [*([titles.get(d.doc_id, d.doc_id)] if titles else []), d.deadline, d.what, d.kind, d.role,
         "、".join(d.units), d.locator, d.quote]
        for d in deadline_items(facts)
    ]  # fmt: skip


# --------------------------------------------------------------------------------------------------
# Example questions, made from the facts of the plan(s) in scope
# --------------------------------------------------------------------------------------------------

EXAMPLE_TASK_MAX_CHARS = 18  # a longer task name makes an example nobody would type
EXAMPLE_METRIC_MIN_CHARS = 5


def example_questions(facts: Facts, several_plans: bool = False) -> list[tuple[str, str]]:
    """(label, question) pairs a new user can click, built from the facts in scope: who is responsible
    for one of its tasks, what one of its targets is, what its busiest unit does. Empty when the plan
    has no facts; each question names only what the facts name."""
    out: list[tuple[str, str]] = []
    tasks = [r for r in facts.responsibilities if not r.units[0].startswith("各")]
    short = sorted(
        (r for r in tasks if len(r.pilot_task or r.task) <= EXAMPLE_TASK_MAX_CHARS),
        key=lambda r: (r.role != "牵头", r.pilot_task is None),
    )
    if short:
        r = short[0]
        task = r.pilot_task or r.task
        verb = "牵头" if r.role == "牵头" else "负责"
        named = task if "“" in task else f"“{task}”"
        out.append((f"谁{verb}：{_clip(task)}", f"谁{verb}{named}？"))
    # NOTE: a metric of a few characters (特色学科) reads as a category, not as a target a user asks about
    named_targets = [t for t in facts.targets if len(t.metric) >= EXAMPLE_METRIC_MIN_CHARS]
    target = next((t for t in named_targets if t.deadline), None) or next(iter(named_targets), None)
    if target is not None:
        when = f"到{target.deadline}，" if target.deadline else ""
        out.append((f"目标：{_clip(target.metric)}", f"{when}{target.metric}的目标是多少？"))
    counts: dict[str, int] = {}
    for r in facts.responsibilities:
        for u in dict.fromkeys(r.units):
            if not u.startswith("各"):
                counts[u] = counts.get(u, 0) + 1
    if counts:
        unit = max(counts, key=lambda u: counts[u])  # ties: first named
        question = f"{unit}在各方案中负责哪些任务？" if several_plans else f"{unit}负责哪些任务？"
        out.append((f"单位任务：{unit}", question))
    dated = next((d for d in deadline_items(facts) if d.kind == "任务"), None)
    if dated is not None:
        task = dated.what.split(" / ")[-1]
        named = task if "“" in task else f"“{task}”"
        out.append((f"时限：{_clip(task)}", f"{named}什么时候完成？"))
    return out


def _clip(text: str, n: int = 10) -> str:
    return text if len(text) <= n else text[:n] + "…"
