"""What every answerer shares: the read-only Context over the index, citations, abstention, the
passages' deadlines, text scores and role filtering. Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.aliases import expand_synonyms
from bot.answer import Answer, Citation
from bot.catalog import Catalog, build_catalog
from bot.retrieve import Hit
from bot.spec import QuerySpec
from bot.text import bigrams, norm, weighted_cov
from bot.text import words as jieba_words
from index.models import Chunk, Facts, Plan, Responsibility
from index.roles import standing_units
from index.vocab import (
    FESTIVAL,
    PLAN_PERIOD_END,
    TIME_HEAD,
    TIME_LABEL,
    fitting_roles,
    role_label,
    role_label_en,
    same_time,
)

_POST_COMPARATORS = ("以上", "左右", "以下", "以内", "以上）")


# a plan's note naming units for every later task: its passage, the note, its units, the passage's position
StandingNote = tuple[Chunk, str, tuple[str, ...], int]


@dataclass
class Context:
    """Read-only view of the index that composing needs."""

    cat: Catalog
    facts: Facts
    chunks: dict[str, Chunk]
    plans: dict[str, Plan]
    _scoped: dict[str, Context] = field(default_factory=dict, repr=False)
    _cells: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict, repr=False)
    _at: dict[tuple[str, str], Chunk] = field(default_factory=dict, repr=False)
    _whole: dict[tuple[str, str], str] = field(default_factory=dict, repr=False)
    _notes: dict[str, StandingNote | None] = field(default_factory=dict, repr=False)

    def whole_sentence(self, chunk_id: str, clause: str) -> str:
        """The sentence of a passage that a clause of it stands in, as written (the clause when the
        passage is gone)."""
        key = (chunk_id, clause)
        if key not in self._whole:
            chunk = self.chunks.get(chunk_id)
            sentences = _sentences(chunk.quote) if chunk else []
            self._whole[key] = next((s.strip() for s in sentences if clause in s), clause)
        return self._whole[key]

    def scoped(self, doc: str) -> Context:
        """The same view restricted to one plan (catalog rebuilt once and kept)."""
        if len(self.plans) <= 1 and doc in self.plans:
            return self
        if doc not in self._scoped:
            facts = Facts(
                responsibilities=[r for r in self.facts.responsibilities if r.doc_id == doc],
                targets=[t for t in self.facts.targets if t.doc_id == doc],
            )
            chunks = {i: c for i, c in self.chunks.items() if c.doc_id == doc}
            plans = {d: p for d, p in self.plans.items() if d == doc}
            cat = build_catalog(facts, list(chunks.values()), list(plans.values()), th=self.cat.th)
            self._scoped[doc] = Context(cat=cat, facts=facts, chunks=chunks, plans=plans)
        return self._scoped[doc]

    def cells(self, doc_id: str, locator: str) -> dict[str, str]:
        """An annex row's cells (header -> value), {} for a passage that is not a table row."""
        if not self._cells:
            for d, plan in self.plans.items():
                for b in plan.blocks:
                    if b.cells:
                        self._cells[(d, b.locator)] = b.cells
            self._cells[("", "")] = {}  # built, even for a plan without tables
        return self._cells.get((doc_id, locator), {})

    def chunk_at(self, doc_id: str, locator: str) -> Chunk | None:
        if len(self._at) != len(self.chunks):
            self._at = {}
            for c in self.chunks.values():
                self._at.setdefault((c.doc_id, c.locator), c)  # the first, as a scan in order would
        return self._at.get((doc_id, locator))

    def standing_note(self, doc: str) -> StandingNote | None:
        """The plan's first note that names units for every later task (“以下均需各区政府…负责，不再列出”):
        its passage, the note verbatim, the units it names and where the passage stands in the plan text;
        found once per plan, not on every question."""
        if doc not in self._notes:
            plan = self.plans.get(doc)
            found = [
                (c, *note, plan.text.find(c.quote[:40]))
                for c in self.chunks.values()
                if plan is not None and c.doc_id == doc and (note := standing_units(c.quote))
            ]
            self._notes[doc] = min(found, key=lambda x: x[3]) if found else None
        return self._notes[doc]

    def position(self, chunk_id: str) -> int:
        """Where a passage stands in its plan's text (-1 when either is gone)."""
        c = self.chunks.get(chunk_id)
        plan = self.plans.get(c.doc_id) if c else None
        return plan.text.find(c.quote[:40]) if c and plan else -1


def cite(c: Chunk) -> Citation:
    # NOTE: the page is shown to the user (PDF sources: '附件 第8项 · 第9页') but kept out of the chunk's own
    # locator, which stays stable across re-paginated versions of the same plan.
    locator = f"{c.locator} · 第{c.page}页" if c.page else c.locator
    return Citation(locator=locator, quote=c.quote, chunk_id=c.id, doc=c.doc_id, doc_title=c.doc_title)


def according_to(c: Chunk, sentence: str, english: bool) -> str:
    """A sentence quoted with where it stands: 根据二、重点任务（一）：“…”."""
    return f"According to {c.locator}: “{sentence}”" if english else f"根据{c.locator}：“{sentence}”"


def _cites(ctx: Context, ids: list[str]) -> list[Citation]:
    seen: list[str] = []
    for i in ids:
        if i in ctx.chunks and i not in seen:
            seen.append(i)
    return [cite(ctx.chunks[i]) for i in seen]


def _units(r: Responsibility) -> str:
    return "、".join(r.units)


def _role(r: Responsibility, english: bool) -> str:
    """How an answer names the role: the plan's own label (支撑单位, 主责单位) where it has one."""
    if english:
        return role_label_en(r.role)
    own = r.label if r.label and r.label.endswith(("单位", "部门", "处室", "主体")) else None
    return own or role_label(r.role)


def _name(r: Responsibility) -> str:
    # a row whose measure cell (主要内容) is a paragraph, filed under a short 工作事项: named by the latter
    if r.pilot_task and len(r.pilot_task) > 60 and 0 < len(r.task) <= 20:
        return r.task
    return r.pilot_task or r.task


def titled(locator: str, name: str, english: bool = False) -> str:
    """A task as an answer names it: its locator and its name in quotes, or the locator alone where it ends
    with the name already (“十二、支持自有住房换购”, a measure named by its heading)."""
    if name and norm(locator).endswith(norm(name)):
        return locator
    return f"{locator} “{name}”" if english else f"{locator}“{name}”"


def abstain(spec: QuerySpec, ctx: Context, hits: list[Hit], what: str | None = None) -> Answer:
    pointers = [h.chunk_id for h in hits[:3] if h.chunk_id in ctx.chunks]
    locs = "、".join(dict.fromkeys(ctx.chunks[i].locator for i in pointers))
    if spec.english:
        text = f"The plan does not mention {what or 'this'}."
        text += f" Closest sections: {locs}." if locs else ""
    else:
        text = f"方案中没有提到{what}相关内容。" if what else "方案中没有找到能回答这个问题的内容。"
        text += f"可参考最相关的部分：{locs}。" if locs else ""
    return Answer(answer=text, abstained=True, intent=spec.intent, citations=_cites(ctx, pointers))


def _is_row(r: Responsibility) -> bool:
    return r.pilot_task is not None or r.locator.startswith("附件")


def row_word(ctx: Context, doc: str | None = None) -> str:
    """What the plan calls its annex rows: 试点任务 where the annex is a pilot list (its headers say
    试点), plain 任务 otherwise (分工表, 任务清单)."""
    for (d, _), cells in ((k, v) for k, v in ctx._cells.items() if k != ("", "")):
        if (doc is None or d == doc) and any("试点" in h for h in cells):
            return "试点任务"
    return "任务"


def deadline_of(r: Responsibility, ctx: Context) -> tuple[str, str] | None:
    """(header, value) of the row's 完成时间 as written, when the cited quote holds it. Falls back to the
    row's cells for an index built before `Responsibility.deadline` was extracted."""
    cells = ctx.cells(r.doc_id, r.locator)
    head = next((h for h in cells if TIME_HEAD.search(h)), None)
    value = r.deadline or (cells.get(head, "").strip() if head else "")
    chunk = ctx.chunks.get(r.chunk_id)
    if not value or chunk is None:
        return None
    held = r.chunk_id if norm(value) in norm(chunk.quote) else deadline_chunk(r, ctx)
    if held is None:
        return None
    if head is None and (label := TIME_LABEL.search(ctx.chunks[held].quote)):
        head = label.group(1)  # the document's own word: 办理时限, 时间节点
    return (head or "完成时间"), value


_OWN_NUMBER = re.compile(r"(?:[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}\s*[.．、])$")


def deadline_chunk(r: Responsibility, ctx: Context) -> str | None:
    """The passage that states the deadline: the fact's own, or the time item of the list its units
    close (“（三）办理时限：1.5个工作日。（四）责任单位：…”). None when no passage of that list states it."""
    if not r.deadline:
        return None
    chunk = ctx.chunks.get(r.chunk_id)
    if chunk is not None and norm(r.deadline) in norm(chunk.quote):
        return r.chunk_id
    parent = _OWN_NUMBER.sub("", r.locator)
    if parent == r.locator:
        return None
    for c in ctx.chunks.values():
        if c.doc_id == r.doc_id and c.locator.startswith(parent) and norm(r.deadline) in norm(c.quote):
            return c.id
    return None


def _with_deadline(lines: list[str], rs: list[Responsibility], ctx: Context, english: bool) -> list[str]:
    """Responsible lines, the row's 完成时间 said once after the row's last role line."""
    out: list[str] = []
    for i, (line, r) in enumerate(zip(lines, rs, strict=True)):
        nxt = rs[i + 1] if i + 1 < len(rs) else None
        dl = deadline_of(r, ctx)
        out.append(line)
        if dl and not (nxt and (nxt.doc_id, nxt.locator) == (r.doc_id, r.locator)):
            out.append(f"{r.locator} deadline: {dl[1]}." if english else f"{r.locator}{dl[0]}：{dl[1]}。")
    return out


def _numbers(text: str) -> set[str]:
    return set(re.findall(r"\d+(?:\.\d+)?", text))


def rows_restating(chunk: Chunk, ctx: Context) -> list[Responsibility]:
    """Annex rows whose measure the passage states (“进口整体通关时间压缩至30小时以内” is both the
    row's 具体措施 and a clause of 二（三）6.): the units of a main-text task that names none. A row
    counts when its numbers all stand in the passage and most of its wording does."""
    quote = norm(chunk.quote)
    qb = bigrams(chunk.quote)
    numbers = _numbers(chunk.quote)
    out = []
    for r in ctx.cat.rows:
        text = r.pilot_task or ""
        if r.doc_id != chunk.doc_id or len(norm(text)) < 4:
            continue
        if not _numbers(text) <= numbers:
            continue
        if norm(text) in quote or weighted_cov(bigrams(text), qb, ctx.cat.idf) >= 0.7:
            out.append(r)
    return out


def score_text(core: str, text: str, cat: Catalog) -> float:
    """How much of the question core the text covers (synonyms of the text count)."""
    return weighted_cov(bigrams(core), bigrams(expand_synonyms(text, cat.synonyms)), cat.idf)


def word_cover(core: str, text: str, cat: Catalog) -> float:
    """Share of the question's words (jieba) found in the text, weighted by rarity. Unlike bigrams it
    ignores word order: “人才培育引进” is covered by “累计培育、新引进人才”."""
    words = [w for w in jieba_words(norm(core)) if len(w) >= 2]
    if not words:
        return 0.0
    target = norm(expand_synonyms(text, cat.synonyms))

    def weight(w: str) -> float:
        return max((cat.idf.get(b, 3.0) for b in bigrams(w)), default=3.0)

    total = sum(weight(w) for w in words)
    return sum(weight(w) for w in words if w in target) / total


def _linked_locs(spec: QuerySpec, ctx: Context) -> set[tuple[str, str]]:
    return {(lk.item.doc_id, lk.item.locator) for lk in spec.links if lk.score >= ctx.cat.th.link_min}


def _sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[。；;！？])|\n+", text)
    return [p.strip() for p in parts if p and p.strip()]


_MONEY = re.compile(r"元")
_DATE = re.compile(r"(19|20)\d\d\s*年|\d{1,2}\s*月|\d{1,2}\s*日")
# a time a sentence states: a date, a part of a year, or a time limit (“年内开展”, “15个工作日内”)
DATE_SAID = re.compile(
    r"(19|20)\d\d\s*年|\d{1,2}\s*月|\d{1,2}\s*日|年底|年末|年终|上半年|下半年|季度|年内|当年"
    r"|(?:\d+(?:\.\d+)?|[一二两三四五六七八九十]{1,3})\s*个?(?:工作日|小时|日|天|周|月)内?"
    # a span of years or months, written in figures or words: “有效期为5年”, “原则上不超过二年”
    # (not the name of a programme: “三年行动”)
    r"|(?<![\d年])(?:\d{1,2}|[一二两三四五六七八九十]{1,2})\s*个?(?:年|月)(?:内|以内)?(?!行动|计划|规划|攻坚|专项|[度级])"
    # an event's day: “自国务院批准设立…之日起”, “在国家扶贫日前后”
    r"|之日起|[\u4e00-\u9fa5]{1,6}(?:日|节)(?:前后|期间)"
    rf"|{FESTIVAL}前|[上中下]旬"
    # an event's time: “应在项目交房前限时完成”, “于项目开始运营前” (not “在…的前提下”)
    r"|(?:在|于)[\u4e00-\u9fa5]{2,10}?(?:之前|前)(?![提期端沿列景身往后])"
    # a five-year plan's period: “‘十四五’期间”, “十四五末”, “在‘十四五’规划…”
    rf"|(?:{'|'.join(PLAN_PERIOD_END)})[”’\"']?(?:期间|时期|期末|末)"
    rf"|在[“‘\"']?(?:{'|'.join(PLAN_PERIOD_END)})[”’\"']?规划"
)
# how often something is done: 每年, 每半年, 每季度, 每两周, 一年两次 (定期 says not how often)
OFTEN_SAID = re.compile(
    r"每[半一二两三四五六\d]*个?(?:年|月|季度?|周|日|天|旬|学期|小时)|[一每](?:年|月|季度?|周)[一二两三四五六\d]+次"
)
_PLACE = re.compile(r"[\u4e00-\u9fa5]{1,5}(?:县|区|市|镇|乡|村|岛)")


# a day: “每月5日前”, “10日”, “自印发之日起”, “即日起”
_DAY = re.compile(r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[日号]|之日|即日")


def fits_asked(spec: QuerySpec, text: str) -> bool:
    """A date question needs a date, a money question an amount in 元, a place question a place; a
    question for one year is not answered by a sentence set for other years only (“到2025年底…多少” by
    “到2027年，累计培育…”)."""
    years = re.findall(r"\d{4}\s*年", text)
    if spec.asked_time and years:
        asked = {norm(x) for a in spec.asked_time for x in same_time(a)}
        if not any(norm(y) in asked for y in years):
            return False
    if spec.asks == "when":
        # (a time inside a quoted rule is the rule's, not the task's: “…计入当年本单位绩效工资总量…”)
        said = re.sub(r"“[^“”]{4,}”", "", text)
        return bool(DATE_SAID.search(said)) and (spec.when_kind != "day" or bool(_DAY.search(said)))
    if spec.asks == "money":
        return bool(_MONEY.search(text)) and bool(re.search(r"\d", text))
    if spec.asks == "often":
        return bool(OFTEN_SAID.search(text))
    return True


def effective_role(asked: str | None, roles: set[str]) -> str | None:
    """The role a question asks for, where the plan draws that line. A plan that names no roles (every
    unit a 责任单位) draws none, and in a plan without 参与 a “参与” question asks who takes part at all."""
    if not asked or roles <= {"责任"}:
        return None
    if asked == "参与" and "参与" not in roles:
        return None  # a plan that does not say 参与: every unit named takes part, whatever its role
    return asked


def held_roles(asked: str | None, rs: list[Responsibility], roles: set[str]) -> list[Responsibility]:
    """The responsibilities that answer a question asking for role `asked` (None: all of them): the
    document's own word first (指导 answers 谁指导), else its nearest class (负责 answers 谁牵头);
    [] when no unit holds it. `roles` are the roles the plan (or passage) uses at all."""
    role = effective_role(asked, roles)
    if not role:
        return rs
    # a plan that names a lead makes every other unit a supporting one, for this passage too
    fits = fitting_roles(role, {r.role for r in rs} | ({"牵头"} & roles))
    return [r for r in rs if r.role in fits]


# words every label shares (the role, the kind of unit): they tell no label apart
_LABEL_COMMON = re.compile(r"牵头|配合|负责|责任|参与|单位|部门")


def held_label(core: str, rs: list[Responsibility]) -> list[Responsibility]:
    """The responsibilities under the one label the question (its content words) names by its own word,
    when a row's labels differ by more than their role (“实施主体” beside 牵头部门 answers “由哪个单位具体
    实施”, “市卫健委内牵头处室” beside 牵头单位 answers “市卫健委内部哪个处室牵头”); rs unchanged otherwise.
    A word of the task's own text tells no label apart (“牵头考核单位” and a question about 考核)."""
    labels = {r.label for r in rs if r.label}
    if len(labels) < 2:
        return rs
    q = norm(core)
    said = " ".join(norm(r.quote) for r in rs)
    asked = {
        w
        for label in labels
        for w in bigrams(label)
        if w in q and w not in said and not _LABEL_COMMON.search(w)
    }
    named = {label for label in labels if any(w in label for w in asked)}
    return [r for r in rs if r.label in named] if named and named != labels else rs


def plan_roles(ctx: Context, doc: str) -> set[str]:
    return {r.role for r in ctx.facts.responsibilities if r.doc_id == doc}
