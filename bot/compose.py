"""Grounded composer: understanding + facts + retrieved chunks -> Answer. Pure, no LLM.

Rules (DESIGN.md, "The one rule of answers"): every agency and number in the text comes from a cited
quote, quotes are the chunks' verbatim `quote`, and when the plan does not answer we abstain and point
to the closest sections. A wrong responsible unit is worse than none, so responsible answers come only
from extracted Responsibility facts, never from free text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from bot.aliases import expand_synonyms
from bot.answer import Answer, Citation
from bot.retrieve import Hit
from bot.understand import (
    Catalog,
    Understanding,
    _weighted_cov,
    asked_role,
    bigrams,
    build_catalog,
    core_of,
    norm,
)
from index.models import Chunk, Facts, Plan, Responsibility, Target

LINK_MIN = 0.5  # below this a task/row link is a guess, not a match
TARGET_MIN = 0.5
FACT_MIN = 0.34
FROM_HIT_MIN = 0.5  # share of the question a passage must hold to lend its units
_POST_COMPARATORS = ("以上", "左右", "以下", "以内", "以上）")
# targets stated without a number: “争取实现…全覆盖”
_QUALITATIVE = re.compile(r"全覆盖|全面覆盖|全部覆盖|全域覆盖")
_COUNT_ASK = re.compile(r"多少|(?<!哪)几[个项所家名人条件单]|how many", re.I)
_NUMBER = re.compile(r"\d+(?:\.\d+)?\s*(?:万人|万|%|％|件|个|项|人|单|名|家|所|条)")


@dataclass
class Context:
    """Read-only view of the index that composing needs."""

    cat: Catalog
    facts: Facts
    chunks: dict[str, Chunk]
    plans: dict[str, Plan]
    _scoped: dict[str, Context] = field(default_factory=dict, repr=False)
    _cells: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict, repr=False)

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
            cat = build_catalog(facts, list(chunks.values()), list(plans.values()))
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
        for c in self.chunks.values():
            if c.doc_id == doc_id and c.locator == locator:
                return c
        return None


def cite(c: Chunk) -> Citation:
    # NOTE: the page is shown to the user (PDF sources: '附件 第8项 · 第9页') but kept out of the chunk's own
    # locator, which stays stable across re-paginated versions of the same plan.
    locator = f"{c.locator} · 第{c.page}页" if c.page else c.locator
    return Citation(locator=locator, quote=c.quote, chunk_id=c.id, doc=c.doc_id, doc_title=c.doc_title)


def _cites(ctx: Context, ids: list[str]) -> list[Citation]:
    seen: list[str] = []
    for i in ids:
        if i in ctx.chunks and i not in seen:
            seen.append(i)
    return [cite(ctx.chunks[i]) for i in seen]


def _units(r: Responsibility) -> str:
    return "、".join(r.units)


def _role(r: Responsibility, english: bool) -> str:
    if english:
        return {"牵头": "lead units", "配合": "supporting units"}.get(r.role, "responsible units")
    return {"牵头": "牵头单位", "配合": "配合单位"}.get(r.role, "责任单位")


def _name(r: Responsibility) -> str:
    return r.pilot_task or r.task


def abstain(u: Understanding, ctx: Context, hits: list[Hit], what: str | None = None) -> Answer:
    pointers = [h.chunk_id for h in hits[:3] if h.chunk_id in ctx.chunks]
    locs = "、".join(dict.fromkeys(ctx.chunks[i].locator for i in pointers))
    if u.english:
        text = f"The plan does not mention {what or 'this'}."
        text += f" Closest sections: {locs}." if locs else ""
    else:
        text = f"方案中没有提到{what}相关内容。" if what else "方案中没有找到能回答这个问题的内容。"
        text += f"可参考最相关的部分：{locs}。" if locs else ""
    return Answer(answer=text, abstained=True, intent=u.intent, citations=_cites(ctx, pointers))


# --- responsible ---------------------------------------------------------------------------------


def _wanted_kind(text: str) -> str | None:
    if re.search(r"重点任务|主要任务|key task", text, re.I):
        return "key_task"
    if re.search(r"试点|清单|附件|pilot", text, re.I):
        return "pilot"
    return None


def _is_row(r: Responsibility) -> bool:
    return r.pilot_task is not None or r.locator.startswith("附件")


def row_word(ctx: Context, doc: str | None = None) -> str:
    """What the plan calls its annex rows: 试点任务 where the annex is a pilot list (its headers say
    试点), plain 任务 otherwise (分工表, 任务清单)."""
    for (d, _), cells in ((k, v) for k, v in ctx._cells.items() if k != ("", "")):
        if (doc is None or d == doc) and any("试点" in h for h in cells):
            return "试点任务"
    return "任务"


_DEADLINE_HEAD = re.compile(r"完成时[间限]|时间节点|时限|期限|截止时间|完成日期|时间要求|进度安排")


def deadline_of(r: Responsibility, ctx: Context) -> tuple[str, str] | None:
    """(header, value) of the row's 完成时间 as written, when the cited quote holds it. Falls back to the
    row's cells for an index built before `Responsibility.deadline` was extracted."""
    cells = ctx.cells(r.doc_id, r.locator)
    head = next((h for h in cells if _DEADLINE_HEAD.search(h)), None)
    value = r.deadline or (cells.get(head, "").strip() if head else "")
    chunk = ctx.chunks.get(r.chunk_id)
    if not value or chunk is None or norm(value) not in norm(chunk.quote):
        return None
    return (head or "完成时间"), value


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


def select_responsibilities(u: Understanding, ctx: Context, doc: str | None = None) -> list[Responsibility]:
    """The key task (+ its annex rows) or the pilot row(s) the question names; [] when unsure."""
    links = [lk for lk in u.links if lk.score >= LINK_MIN and (doc is None or lk.item.doc_id == doc)]
    # the question says which kind it means: 重点任务 is a main-text task, 试点 an annex row
    wanted = _wanted_kind(u.match or u.query)
    if wanted and any(lk.item.kind == wanted for lk in links):
        top = links[0].score
        preferred = [lk for lk in links if lk.item.kind == wanted and lk.score >= top - 0.25]
        if preferred:
            links = preferred + [lk for lk in links if lk not in preferred]
    if not links:
        return []
    best = links[0]
    resp = ctx.facts.responsibilities
    if best.item.kind == "key_task":
        key = [r for r in resp if r.locator == best.item.locator and r.doc_id == best.item.doc_id]
        rows = [
            r
            for r in ctx.cat.rows
            if r.doc_id == best.item.doc_id and norm(r.task) == norm(best.item.name) and r.pilot_task
        ]
        if not key and not rows:
            # a main-text task that names no unit: its units stand in the annex rows that restate it.
            # A row the question names about as well is the more precise answer.
            near = [lk for lk in links if lk.item.kind == "pilot" and lk.score >= max(0.8, best.score - 0.1)]
            if near:
                locs = list(dict.fromkeys((lk.item.doc_id, lk.item.locator) for lk in near))
                return [r for loc in locs for r in resp if (r.doc_id, r.locator) == loc]
            chunk = ctx.chunk_at(best.item.doc_id, best.item.locator)
            restated = rows_restating(chunk, ctx) if chunk else []
            # else the passages the linker files under this task (Item.rows: annex rows, sub-tasks)
            restated = restated or [
                r
                for loc in getattr(best.item, "rows", ())
                for r in resp
                if (r.doc_id, r.locator) == (best.item.doc_id, loc)
            ]
            return (
                restated if norm(best.item.name) in norm(u.match or u.query) else _closest(u, ctx, restated)
            )
        return key + rows
    # a pilot row: only that row, plus other rows named just as clearly in the same question
    chosen = [lk for lk in links if lk.item.kind == "pilot" and lk.score >= max(0.8, best.score - 0.02)]
    chosen = chosen or [best]
    # one locator may hold several roles (牵头 + 配合): each is its own item, the row is named once
    locs = list(dict.fromkeys((lk.item.doc_id, lk.item.locator) for lk in chosen))
    return [r for loc in locs for r in resp if (r.doc_id, r.locator) == loc]


def _closest(u: Understanding, ctx: Context, rows: list[Responsibility]) -> list[Responsibility]:
    """Of the rows found through a passage, those whose own wording the question repeats best."""
    if len({(r.doc_id, r.locator) for r in rows}) <= 1:
        return rows
    score = {id(r): score_text(u.core, _name(r), ctx.cat) for r in rows}
    top = max(score.values())
    return [r for r in rows if score[id(r)] >= top - 0.1]


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
        if norm(text) in quote or _weighted_cov(bigrams(text), qb, ctx.cat.idf) >= 0.7:
            out.append(r)
    return out


def named_group(u: Understanding, ctx: Context) -> tuple[str, list[Responsibility]]:
    """The annex task the question names when several rows are filed under it (加强融资支持 -> rows 8
    and 9): (group name, main-text task facts of that name + every row). A row named more specifically
    (its own 具体措施 in the question) is left to the row linker."""
    q = norm(u.match or u.query)
    groups: dict[tuple[str, str], list[Responsibility]] = {}
    for r in ctx.cat.rows:
        if r.pilot_task and norm(r.task) != norm(r.pilot_task):
            groups.setdefault((r.doc_id, r.task), []).append(r)
    named = [k for k in groups if len(norm(k[1])) >= 4 and norm(k[1]) in q]
    if not named:
        return "", []
    doc, task = max(named, key=lambda k: len(norm(k[1])))
    if any(
        len(norm(r.pilot_task or "")) > len(norm(task)) and norm(r.pilot_task or "") in q
        for r in ctx.cat.rows
    ):
        return "", []
    gb = bigrams(task)
    key = [
        r
        for r in ctx.cat.key_tasks
        if r.doc_id == doc
        and (norm(task) in norm(r.task) or _weighted_cov(gb, bigrams(r.task), ctx.cat.idf) >= 0.75)
    ]
    return task, key + groups[(doc, task)]


def _titled_passage(u: Understanding, ctx: Context) -> list[Responsibility]:
    """A main-text task named by its heading (“压缩通关时间由谁负责”) that names no unit itself."""
    q = norm(u.match or u.query)
    for c in ctx.chunks.values():
        if c.kind == "task" and len(norm(c.title)) >= 4 and norm(c.title) in q:
            if any(r.chunk_id == c.id for r in ctx.facts.responsibilities):
                return []  # it names its units: the linker's business
            return rows_restating(c, ctx)
    return []


def from_retrieval(u: Understanding, ctx: Context, hits: list[Hit]) -> list[Responsibility]:
    """The responsibility of the top passage, when the question describes a task's content rather than
    naming it. Only the first hit counts: a unit from the second-best passage would be a guess; and the
    passage must hold most of the question's words, since a dense-only neighbour is a guess as well."""
    if not hits or hits[0].chunk_id not in ctx.chunks or len(u.core) < 2:
        return []
    chunk = ctx.chunks[hits[0].chunk_id]
    if max(score_text(u.core, chunk.quote, ctx.cat), word_cover(u.core, chunk.quote, ctx.cat)) < FROM_HIT_MIN:
        return []
    own = [r for r in ctx.facts.responsibilities if r.chunk_id == hits[0].chunk_id]
    return own or (rows_restating(chunk, ctx) if chunk.kind == "task" else [])


def choose_responsibilities(
    u: Understanding, ctx: Context, hits: list[Hit]
) -> tuple[str, list[Responsibility]]:
    """(annex group named, facts) for a responsible question: a named group of rows first, then the
    linked task or row, then a task heading whose units stand in the annex, then the top passage."""
    group, rs = named_group(u, ctx)
    if rs:
        return group, rs
    return "", select_responsibilities(u, ctx) or _titled_passage(u, ctx) or from_retrieval(u, ctx, hits)


def _order_roles(rs: list[Responsibility]) -> list[Responsibility]:
    """Each row once, its roles together, lead before supporting; rows in the order chosen."""
    locs = list(dict.fromkeys((r.doc_id, r.locator) for r in rs))
    rank = {"牵头": 0, "责任": 0, "配合": 1}
    out: list[Responsibility] = []
    for loc in locs:
        same = [r for r in rs if (r.doc_id, r.locator) == loc]
        out += sorted(same, key=lambda r: rank.get(r.role, 0))
    return out


def answer_responsible(u: Understanding, ctx: Context, hits: list[Hit]) -> Answer:
    group, chosen = choose_responsibilities(u, ctx, hits)
    if not chosen:
        return abstain(u, ctx, hits, None if u.english else "该事项的责任单位")
    chosen = _order_roles(chosen)
    # “…的配合单位有哪些” / “…由谁牵头”: the units of that role, when the passage names roles at all
    role = asked_role(u.question or u.query)
    if role and any(r.role != "责任" for r in chosen):
        held = [r for r in chosen if (r.role in _LEAD_ROLES) == (role == "牵头")]
        chosen = held or chosen
    lines = []
    for r in chosen:
        if u.english:
            lines.append(f"{r.locator} “{_name(r)}” — {_role(r, True)}: {_units(r)}.")
        elif r.pilot_task:
            lines.append(f"{r.locator}“{r.pilot_task}”的{_role(r, False)}：{_units(r)}。")
        else:
            lines.append(f"{r.locator}“{r.task}”的{_role(r, False)}：{_units(r)}。")
    lines = _with_deadline(lines, chosen, ctx, u.english)
    word = row_word(ctx, chosen[0].doc_id)
    rows = [r for r in chosen if _is_row(r)]
    if len(chosen) > 1 and not _is_row(chosen[0]) and rows:
        head = "Key task and its annex rows:" if u.english else f"该重点任务及附件中对应的{word}："
        lines.insert(0, head)
    elif group and len({r.locator for r in rows}) > 1:
        head = f"Annex rows under “{group}”:" if u.english else f"附件中“{group}”下的{word}："
        lines.insert(0, head)
    return Answer(
        answer="\n".join(lines), intent="responsible", citations=_cites(ctx, [r.chunk_id for r in chosen])
    )


# --- reverse -------------------------------------------------------------------------------------


# “只由市科技局一家负责”: rows where the agency is the only unit
_ALONE = re.compile(r"只由|仅由|单独|独自|独立负责|一家|唯一|only|alone|solely", re.I)
_LEAD_ROLES = ("牵头", "责任")


def _role_word(role: str, english: bool) -> str:
    if english:
        return {"牵头": "lead", "配合": "supporting"}.get(role, "responsible")
    return {"牵头": "牵头单位", "配合": "配合单位"}.get(role, "责任单位")


def answer_reverse(u: Understanding, ctx: Context, hits: list[Hit]) -> Answer:
    lines: list[str] = []
    ids: list[str] = []
    role = asked_role(u.question if u.question and not u.followup_of else u.query)
    missed: list[str] = []  # agencies that hold the asked role nowhere
    other: list[Responsibility] = []  # ... and the rows where they hold another
    for agency in u.agencies:
        rs = [r for r in ctx.facts.responsibilities if norm(agency) in {norm(x) for x in r.units}]
        if re.search(r"重点任务", u.query) and any(not r.pilot_task for r in rs):
            rs = [r for r in rs if not r.pilot_task]
        if u.wants_annex and any(r.pilot_task for r in rs):
            rs = [r for r in rs if r.pilot_task]
        if _ALONE.search(u.query):
            rs = [r for r in rs if len(r.units) == 1]
        if not rs:
            continue
        # a plan whose units are all 责任单位 draws no line between leading and supporting
        if role and any(r.role != "责任" for r in ctx.facts.responsibilities if r.doc_id == rs[0].doc_id):
            held = [r for r in rs if (r.role in _LEAD_ROLES) == (role == "牵头")]
            if rs and not held:
                missed.append(agency)
                other += rs
            rs = held
        if not rs:
            continue
        pilot = all(r.pilot_task for r in rs)
        word = row_word(ctx, rs[0].doc_id) if pilot else "任务"
        roles = {r.role for r in rs}
        labelled = role is None and roles != {"责任"}  # a plan that says 牵头/配合: each line says which
        # NOTE: no count in the text: every number in an answer must stand in a cited quote.
        if u.english:
            verb = {"牵头": "leads", "配合": "supports"}.get(role or "", "is responsible for")
            lines.append(f"{agency} {verb}:")
        elif role == "牵头":
            lines.append(f"{agency}牵头负责的{word}：")
        elif role == "配合":
            lines.append(f"{agency}配合的{word}：")
        elif roles <= set(_LEAD_ROLES):
            lines.append(f"{agency}负责的{word}：")
        elif roles == {"配合"}:
            lines.append(f"{agency}作为配合单位参与的{word}：")
        else:
            lines.append(f"{agency}负责或参与的{word}：")
        for r in rs:
            tag = ""
            if labelled:
                tag = f" ({_role_word(r.role, True)})" if u.english else f"（{_role_word(r.role, False)}）"
            lines.append(f"- {r.locator}“{_name(r)}”{tag}")
        ids += [r.chunk_id for r in rs]
    if not ids and missed:
        # “县公安局牵头哪些任务？” of a unit that only supports: the plan names none; say where it does appear
        held_as = "配合单位" if role == "牵头" else "牵头或责任单位"
        who = "、".join(missed)
        if u.english:
            verb, other_role = ("leads", "a supporting") if role == "牵头" else ("supports", "a lead")
            text = f"The plan names no task that {who} {verb}. It appears as {other_role} unit in:"
        else:
            text = f"方案中没有{who}{role}的任务。{who}在以下任务中是{held_as}："
        text += "".join(f"\n- {r.locator}“{_name(r)}”" for r in other)
        return Answer(
            answer=text, abstained=True, intent="reverse", citations=_cites(ctx, [r.chunk_id for r in other])
        )
    if not ids:
        who = "、".join(u.agencies)
        return abstain(u, ctx, hits, f"{who}负责的任务" if not u.english else None)
    return Answer(answer="\n".join(lines), intent="reverse", citations=_cites(ctx, ids))


# --- target --------------------------------------------------------------------------------------


def score_text(core: str, text: str, cat: Catalog) -> float:
    """How much of the question core the text covers (synonyms of the text count)."""
    return _weighted_cov(bigrams(core), bigrams(expand_synonyms(text)), cat.idf)


def word_cover(core: str, text: str, cat: Catalog) -> float:
    """Share of the question's words (jieba) found in the text, weighted by rarity. Unlike bigrams it
    ignores word order: “人才培育引进” is covered by “累计培育、新引进人才”."""
    import jieba  # the lexical index has it loaded already; imported here to keep import time light

    words = [w for w in jieba.lcut(norm(core)) if len(w) >= 2]
    if not words:
        return 0.0
    target = norm(expand_synonyms(text))

    def weight(w: str) -> float:
        return max((cat.idf.get(b, 3.0) for b in bigrams(w)), default=3.0)

    total = sum(weight(w) for w in words)
    return sum(weight(w) for w in words if w in target) / total


def _linked_locs(u: Understanding) -> set[tuple[str, str]]:
    return {(lk.item.doc_id, lk.item.locator) for lk in u.links if lk.score >= LINK_MIN}


def _section_named(locator: str, query: str) -> bool:
    """The question names the target's section by its heading: 主要目标 -> 一、主要目标."""
    head = re.sub(r"^[一二三四五六七八九十]+、", "", locator.split("（")[0]).strip()
    return len(head) >= 3 and head in query


_RATIO = re.compile(r"(.+?)占(.+?)(?:的)?(?:比重|比例)")
_RATIO_WORDS = re.compile(r"占|比重|比例|强度|率")


def _asks_the_base(core: str, metric: str, cat: Catalog) -> bool:
    """“GDP目标” asks for GDP itself, not for “R&D 经费支出占 GDP 比重”: the question names only the
    ratio's base, and no ratio word."""
    m = _RATIO.search(metric)
    if not m or _RATIO_WORDS.search(core):
        return False
    return score_text(core, m.group(1), cat) == 0 and word_cover(core, m.group(1), cat) == 0


def rank_targets(u: Understanding, ctx: Context) -> list[tuple[float, Target]]:
    linked = _linked_locs(u)
    query = expand_synonyms(u.match or u.query)
    out = []
    qn = norm(query)
    scoped = any(t.scope and len(t.scope) >= 2 and norm(t.scope) in qn for t in ctx.facts.targets)
    for t in ctx.facts.targets:
        if _asks_the_base(u.core, t.metric, ctx.cat):
            continue
        text = f"{t.scope or ''}{t.metric} {t.sentence}"
        s = max(score_text(u.core, text, ctx.cat), 0.9 * word_cover(u.core, text, ctx.cat))
        s += 0.3 * _weighted_cov(bigrams(t.metric), bigrams(expand_synonyms(u.core)), ctx.cat.idf)
        if (t.doc_id, t.locator) in linked:
            s += 0.3
        if t.scope and len(t.scope) >= 2 and norm(t.scope) in qn:
            s += 0.2  # the question names who the target is for (职业院校, 科研院所)
        elif scoped and t.scope:
            s -= 0.2  # ... and this target is for someone else
        if _section_named(t.locator, u.query):
            s += 0.5
        out.append((s, t))
    out.sort(key=lambda x: -x[0])
    return out


def _sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[。；;！？])|\n+", text)
    return [p.strip() for p in parts if p and p.strip()]


_MONEY = re.compile(r"元")
_DATE = re.compile(r"(19|20)\d\d\s*年|\d{1,2}\s*月|\d{1,2}\s*日")
_PLACE = re.compile(r"[\u4e00-\u9fa5]{1,5}(?:县|区|市|镇|乡|村|岛)")


def fits_asked(u: Understanding, text: str) -> bool:
    """A date question needs a date, a money question an amount in 元, a place question a place."""
    if u.asks == "when":
        return bool(_DATE.search(text))
    if u.asks == "money":
        return bool(_MONEY.search(text)) and bool(re.search(r"\d", text))
    return True


def target_deadline(t: Target, ctx: Context) -> str | None:
    """The target's deadline: its own (“到2027年”), else the 完成时间 of the annex row it stands in."""
    if t.deadline:
        return t.deadline
    for r in ctx.facts.responsibilities:
        if r.doc_id == t.doc_id and r.locator == t.locator and r.chunk_id == t.chunk_id:
            dl = deadline_of(r, ctx)
            if dl:
                return dl[1]
    return None


def _format_target(t: Target, english: bool, deadline: str | None = None) -> str:
    post = t.comparator if t.comparator in _POST_COMPARATORS else ""
    pre = "" if post else t.comparator
    value = f"{pre}{t.value}{t.unit}{post}"
    deadline = deadline or t.deadline
    when = f"（{deadline}）" if deadline and not english else (f" by {deadline}" if deadline else "")
    if english:
        return f"- {t.metric}: {value}{when} ({t.locator}: “{t.sentence}”)"
    return f"- {t.metric}：{value}{when}，见{t.locator}：“{t.sentence}”"


# “目标是多少部？” asks for a count of 部: a target in 元 per 部 does not answer it. Measure words as
# Chinese writes them after a number (longest first, so 台套 is not read as 台).
_MEASURES = (
    *("个工作日", "个百分点", "平方公里", "平方米", "立方米", "工作日", "百分点", "人次", "台套"),
    *("公里", "千米", "小时", "万元", "亿元", "部", "处", "个", "座", "台", "套", "辆", "名", "家", "户"),
    *("人", "项", "次", "所", "条", "件", "张", "吨", "亩", "元", "天", "倍", "间", "栋", "幢", "批", "场"),
    *("支", "株", "棵", "只", "位", "床", "米"),
)
_MEASURE_ASK = re.compile(r"(?:多少|几)(?:万|亿)?(" + "|".join(_MEASURES) + ")")
_MONEY_ASK = re.compile(r"多少钱|多少资金|多少经费|多少补助|多少补贴|how much money", re.I)


def asked_measure(question: str) -> str | None:
    """The unit a count question names (多少部 -> 部, 多少钱 -> 元); None when it names none."""
    if _MONEY_ASK.search(question):
        return "元"
    m = _MEASURE_ASK.search(question)
    if not m or m.group(1) in ("百分点", "个百分点"):
        return None  # a change in percentage points is stated as %, 个百分点 or 百分点 alike
    return m.group(1)[-1] if m.group(1) in ("万元", "亿元") else m.group(1)


# words that count the same things: people (名/人/位), and 个, which counts anything countable
_PEOPLE = {"名", "人", "位"}
_NOT_COUNTS = {
    "元",
    "%",
    "％",
    "小时",
    "天",
    "个工作日",
    "工作日",
    "公里",
    "千米",
    "米",
    "平方米",
    "平方公里",
    "立方米",
    "吨",
    "亩",
    "倍",
}


def fits_measure(t: Target, measure: str) -> bool:
    unit = t.unit.lstrip("万亿")
    if unit == measure or unit.startswith(measure) or (len(unit) > 1 and unit.endswith(measure)):
        return True
    if {unit, measure} <= _PEOPLE or (measure == "个" and unit and unit not in _NOT_COUNTS):
        return True
    # the extracted unit may be cut short (台套 -> 台): the sentence says it as written
    return norm(f"{t.value}{measure}") in norm(t.sentence)


def _measure_clause(u: Understanding, ctx: Context, hits: list[Hit], measure: str) -> Answer | None:
    """A clause that states a number in the asked unit (“既有住宅加装电梯500部”), when no extracted
    target has that unit: from the linked passages and the top hits, best covering the question."""
    pattern = re.compile(rf"\d+(?:\.\d+)?\s*[万亿]?\s*{re.escape(measure)}")
    linked = _linked_locs(u)
    cands = [c for c in ctx.chunks.values() if (c.doc_id, c.locator) in linked]
    cands += [ctx.chunks[h.chunk_id] for h in hits[:6] if h.chunk_id in ctx.chunks]
    best: tuple[float, str, Chunk] | None = None
    for c in cands:
        for sent in _sentences(c.quote):
            for clause in re.split(r"(?<=[，,；;])", sent):
                if not pattern.search(clause):
                    continue
                s = max(score_text(u.core, clause, ctx.cat), word_cover(u.core, clause, ctx.cat))
                if best is None or s > best[0]:
                    best = (s, clause.strip("，,；; "), c)
    if best is None or best[0] < TARGET_MIN:
        return None
    _, clause, c = best
    text = f"According to {c.locator}: “{clause}”" if u.english else f"根据{c.locator}：“{clause}”"
    return Answer(answer=text, intent="target", citations=[cite(c)])


def _targets_of_task(u: Understanding, ctx: Context) -> list[Target]:
    """“（加强消防安全设施改造）目标是多少？”: a question that names a task and nothing more asks for
    every target the task's passage sets."""
    links = [lk for lk in u.links if lk.score >= 0.8]
    if not links:
        return []
    item = links[0].item
    name = norm(item.name)
    if name in u.core:  # “加强消防安全设施改造的目标是多少”
        rest = norm(core_of(u.core.replace(name, " ")))
    elif u.followup_of and norm(u.followup_of) == name:  # “目标是多少？” after a question about the task
        rest = core_of(u.question)
    else:
        return []
    if re.sub(r"[的目标任务指标要求完成达到这该项是]", "", rest):
        return []
    return [t for t in ctx.facts.targets if t.doc_id == item.doc_id and t.locator == item.locator]


_VALUE_ASK = re.compile(
    r"多少|目标|指标|(?<!哪)几[个项家名人所条座户部处台]|要达到|how (many|much)|target", re.I
)
_WHEN_ASK = re.compile(
    r"什么时候|什么时间|何时|哪一?年|几月|完成时间|时间节点|时限|期限|截止|多久|when\b|deadline|by when", re.I
)


def unknown_quantity(u: Understanding, ctx: Context) -> str | None:
    """The thing a count question asks for (“给予多少贴息” -> 贴息) when the plan never names it:
    a target about something else (首贷户) must not stand in for it."""
    m = re.search(r"(?:多少|几)(?:万|亿)?(?:" + "|".join(_MEASURES) + r")?([\u4e00-\u9fa5]{2,})", u.question)
    if not m:
        return None
    import jieba  # loaded by the lexical index already

    word = next((w for w in jieba.lcut(m.group(1)) if len(w) >= 2), None)
    if not word or word in ("时间", "时候"):
        return None
    text = norm(ctx.cat.text)
    forms = [word, *expand_synonyms(word).split()[1:]]
    return None if any(norm(f) in text for f in forms) else word


def answer_target(u: Understanding, ctx: Context, hits: list[Hit]) -> Answer:
    unknown = None if u.english else unknown_quantity(u, ctx)
    if unknown:
        return abstain(u, ctx, hits, unknown)
    ranked = [(s, t) for s, t in rank_targets(u, ctx) if s >= TARGET_MIN]
    own = _targets_of_task(u, ctx)
    if own:
        ranked = [(1.0, t) for t in own]
    measure = asked_measure(u.question or u.query) if not u.english else None
    if measure:
        ranked = [(s, t) for s, t in ranked if fits_measure(t, measure)]
        if not ranked:  # no target counted in that unit: a clause that states it, or nothing
            clause = _measure_clause(u, ctx, hits, measure)
            return clause or abstain(u, ctx, hits, None if u.english else "与该问题对应的数量目标")
    deadlines = {id(t): target_deadline(t, ctx) for _, t in ranked}
    no_time = False
    if u.asks == "when" or _WHEN_ASK.search(u.query):
        dated = [(s, t) for s, t in ranked if deadlines[id(t)] or _DATE.search(t.sentence)]
        # “目标是多少，什么时候完成？”: the value still answers when the plan sets no time for it
        no_time = bool(ranked) and not dated and bool(_VALUE_ASK.search(u.question or u.query))
        ranked = dated or (ranked if no_time else [])
    elif u.asks == "money":
        ranked = [(s, t) for s, t in ranked if _MONEY.search(f"{t.value}{t.unit}")]
    if ranked:
        best = ranked[0][0]
        chosen = [t for s, t in ranked if s >= best - 0.15][:4]
        order = {id(t): i for i, t in enumerate(ctx.facts.targets)}
        chosen.sort(key=lambda t: order[id(t)])  # the document's order reads better than scores
        head = "Targets in the plan:" if u.english else "方案中的相关目标："
        lines = [head] + [_format_target(t, u.english, deadlines.get(id(t))) for t in chosen]
        if no_time:
            lines.append("The plan sets no date for it." if u.english else "方案中没有写明完成时间。")
        return Answer(
            answer="\n".join(lines), intent="target", citations=_cites(ctx, [t.chunk_id for t in chosen])
        )
    ratios = [
        t
        for t in ctx.facts.targets
        if _asks_the_base(u.core, t.metric, ctx.cat) and score_text(u.core, t.metric, ctx.cat) > 0
    ]
    if ratios:  # say what the plan does set, but do not pass a ratio off as the base's own target
        base = "、".join(dict.fromkeys(_RATIO.search(t.metric).group(2).strip() for t in ratios))  # type: ignore[union-attr]
        if u.english:
            head = f"The plan sets no target for {base} itself. Related ratio targets:"
        else:
            head = f"方案中没有提出{base}本身的目标。相关的比例目标："
        lines = [head] + [_format_target(t, u.english) for t in ratios]
        cites = _cites(ctx, [t.chunk_id for t in ratios])
        return Answer(answer="\n".join(lines), abstained=True, intent=u.intent, citations=cites)
    # No extracted Target fits: a numbered sentence of a linked row or a top passage may still say it.
    found = best_sentence(u, ctx, hits, need_number=True)
    if found and found[0] >= TARGET_MIN:
        _, sent, c = found
        text = f"According to {c.locator}: “{sent}”" if u.english else f"根据{c.locator}：“{sent}”"
        return Answer(answer=text, intent="target", citations=[cite(c)])
    return abstain(u, ctx, hits, None if u.english else "与该问题对应的数量目标")


# --- list ----------------------------------------------------------------------------------------


def answer_list(u: Understanding, ctx: Context, hits: list[Hit]) -> Answer:
    q = u.query
    links = [lk for lk in u.links if lk.score >= LINK_MIN and lk.item.kind == "key_task"]
    if links and re.search(r"属于|下的|之下|名下|下面|下属|对应|包括|包含|哪些试点|哪些改革试点", q):
        task = links[0].item
        rows = [r for r in ctx.cat.rows if r.doc_id == task.doc_id and norm(r.task) == norm(task.name)]
        if rows:
            if u.english:
                lines = [f"Annex pilot tasks under “{task.name}”:"]
            else:
                lines = [f"附件中属于“{task.name}”的{row_word(ctx, task.doc_id)}："]
            lines += [f"- {r.locator}“{_name(r)}”：{_units(r)}" for r in rows]
            return Answer(
                answer="\n".join(lines), intent="list", citations=_cites(ctx, [r.chunk_id for r in rows])
            )
    doc_ids = {c.doc_id for c in ctx.chunks.values()}
    counting = bool(re.search(r"几|多少|how many|number of", q, re.I))
    if re.search(r"试点|附件|清单", q) and not re.search(r"重点任务", q):
        items = [r for r in ctx.cat.rows if r.pilot_task]
        label = f"附件{row_word(ctx)}"
    elif re.search(r"保障措施", q):
        chunks = [c for c in ctx.chunks.values() if c.kind == "safeguard"]  # document order
        head = f"保障措施共{len(chunks)}项：" if counting else "保障措施："
        lines = [head] + [f"- {c.locator}“{c.title}”" for c in chunks]
        return Answer(answer="\n".join(lines), intent="list", citations=_cites(ctx, [c.id for c in chunks]))
    else:
        # safeguards may carry a 牵头单位 too; they are not tasks
        items = [r for r in ctx.cat.key_tasks if "保障" not in r.locator]
        label = "重点任务"
    # one line per task: a task with 牵头 and 配合 units is two facts at one locator
    items = list({(r.doc_id, r.locator): r for r in items[::-1]}.values())[::-1]
    if not items:
        return abstain(u, ctx, hits)
    per_doc = len(doc_ids) > 1
    # NOTE: a count appears only when asked for: it is the one number not quoted from the plan.
    if u.english:
        head = f"The plan lists {len(items)} item(s):" if counting else "The plan lists:"
    else:
        head = f"方案共有{len(items)}项{label}：" if counting else f"方案的{label}："
    lines = [head]
    lines += [f"- {r.locator}“{_name(r)}”" + (f"（{r.doc_id}）" if per_doc else "") for r in items]
    return Answer(answer="\n".join(lines), intent="list", citations=_cites(ctx, [r.chunk_id for r in items]))


# --- fact ----------------------------------------------------------------------------------------

_ISSUER = re.compile(
    r"哪个单位印发|谁印发|印发单位|发文机关|发文单位|发布单位|文号|发文字号|document number|issued by"
)
_META = (
    (re.compile(r"抄送"), "cc"),
    (re.compile(r"印发给|发给|主送|印发对象|下发给"), "recipients"),
    (re.compile(r"全称|标题|名称是|叫什么"), "title"),
    (
        re.compile(
            r"落款|(印发|发文|发布|出台|签发|issued|published)[^？?]{0,6}(日期|时间|哪天|何时|什么时候|date)"
            r"|(何时|什么时候|哪天|哪一天|when|what date)[^？?]{0,24}(印发|发文|发布|出台|issued|published)",
            re.I,
        ),
        "date",
    ),
)
# “已经市政府同意”: who approved the plan, as the notice says it
_APPROVAL_ASK = re.compile(r"同意|批准|审定|审议|approv", re.I)
_APPROVAL = re.compile(r"已经?[^，。；]{2,16}?(同意|批准|审定|审议通过)")


def best_sentence(
    u: Understanding, ctx: Context, hits: list[Hit], need_number: bool = False
) -> tuple[float, str, Chunk] | None:
    linked = _linked_locs(u)
    cand: list[tuple[Chunk, float]] = [
        (c, 0.15) for c in ctx.chunks.values() if (c.doc_id, c.locator) in linked
    ]
    cand += [
        (ctx.chunks[h.chunk_id], 0.1 / (i + 1)) for i, h in enumerate(hits[:6]) if h.chunk_id in ctx.chunks
    ]
    best: tuple[float, str, Chunk] | None = None
    core_bg = bigrams(u.core)
    for c, prior in cand:
        # Within a passage found by its title, the title words no longer tell sentences apart: score
        # on what the question asks beyond them (“这个试点聚焦哪个产业集群” -> 聚焦…产业集群).
        names = [c.title] + [it.name for it in ctx.cat.items if norm(it.name) in norm(c.quote)]
        rest = core_bg - set().union(*(bigrams(x) for x in names))
        want = rest if len(rest) >= 2 else core_bg
        for sent in _sentences(c.quote):
            qualitative = _QUALITATIVE.search(sent) and not _COUNT_ASK.search(u.query)
            if need_number and not (_NUMBER.search(sent) or qualitative):
                continue
            if not fits_asked(u, sent):
                continue
            if c.title and norm(c.title) in norm(sent) and len(norm(sent)) <= len(norm(c.title)) + 6:
                continue  # the heading sentence itself: “（六）构建科教资源服务下沉机制。”
            s = _weighted_cov(want, bigrams(expand_synonyms(sent)), ctx.cat.idf) + prior
            if u.asks == "where" and _PLACE.search(sent):
                s += 0.25  # “面向哪些地方”: the sentence that names places answers it
            if best is None or s > best[0]:
                best = (s, sent, c)
    return best


def answer_meta(u: Understanding, ctx: Context) -> Answer | None:
    """抄送 / 印发对象 / 全称 of a single plan, quoted from the notice or 抄送 passage."""
    if len(ctx.plans) != 1:
        return None
    plan = next(iter(ctx.plans.values()))
    for pattern, attr in _META:
        value = getattr(plan, attr)
        if value and pattern.search(u.query):
            quoted = [c for c in ctx.chunks.values() if norm(value) in norm(c.quote)]
            if quoted:
                text = value if u.english else (f"《{value}》。" if attr == "title" else f"{value}。")
                return Answer(answer=text, intent="fact", citations=[cite(quoted[0])])
    if _APPROVAL_ASK.search(u.query):
        for c in ctx.chunks.values():
            m = _APPROVAL.search(c.quote) if c.kind in ("notice", "preamble") else None
            if m:
                return Answer(answer=f"根据{c.locator}：“{m.group(0)}”", intent="fact", citations=[cite(c)])
    return None


_CONTENT = re.compile(r"主要内容|具体内容|内容是什么|做什么|干什么|要做哪些|具体要求|怎么做|有哪些举措")


def answer_content(u: Understanding, ctx: Context) -> Answer | None:
    """“该试点的主要内容是什么”: the linked row's 主要内容 cell (or the task passage), verbatim."""
    links = [lk for lk in u.links if lk.score >= LINK_MIN]
    if not links or not _CONTENT.search(u.query):
        return None
    item = links[0].item
    chunk = ctx.chunk_at(item.doc_id, item.locator)
    if chunk is None:
        return None
    plan = ctx.plans.get(item.doc_id)
    block = next((b for b in plan.blocks if b.locator == item.locator), None) if plan else None
    cells = block.cells or {} if block else {}
    body = next((v for k, v in cells.items() if "内容" in k or "措施" in k), "") or chunk.quote
    if norm(body) not in norm(chunk.quote):
        body = chunk.quote
    head = f"{item.locator} “{item.name}”:" if u.english else f"{item.locator}“{item.name}”的主要内容："
    return Answer(answer=f"{head}“{body}”", intent=u.intent, citations=[cite(chunk)])


# “（二）点名了哪些院校”: the kind of organisation asked for -> how such names end
_ORG_KINDS = (
    (re.compile(r"院校|高校|大学|学院|学校|colleges?|universit"), r"(?:大学|学院|学校)"),
    (re.compile(r"实验室|研究院|科研院所"), r"(?:实验室|研究院|研究所)"),
)
_NAMES_ASK = re.compile(r"哪些|哪几|哪几所|哪几家|点名|列出|which|list", re.I)


def answer_named(u: Understanding, ctx: Context) -> Answer | None:
    """Organisations of a kind named in the passage the question points at, in document order. A name is
    taken only where it opens a clause (“；温州大学聚焦…”), so a phrase like 建设未来产业学院 is not one."""
    links = [lk for lk in u.links if lk.score >= 0.8]
    if not links or not _NAMES_ASK.search(u.query):
        return None
    suffix = next((sfx for pat, sfx in _ORG_KINDS if pat.search(u.query)), None)
    chunk = ctx.chunk_at(links[0].item.doc_id, links[0].item.locator) if suffix else None
    if chunk is None or suffix is None:
        return None
    pattern = re.compile(rf"^[\u4e00-\u9fa5]{{2,10}}?{suffix}(?=[\u4e00-\u9fa5（(])")
    names: list[str] = []
    for clause in re.split(r"[，。；、,;：:\s]+", chunk.quote):
        m = pattern.match(clause)
        if m and m.group(0) not in names and not re.match(r"(各|在|建设|支持|推动|打造|加强)", m.group(0)):
            names.append(m.group(0))
    if len(names) < 2:
        return None
    head = f"{chunk.locator} names:" if u.english else f"{chunk.locator}点名的有："
    return Answer(
        answer=head + "、".join(names) + ("" if u.english else "。"), intent=u.intent, citations=[cite(chunk)]
    )


def answer_fact(u: Understanding, ctx: Context, hits: list[Hit]) -> Answer:
    meta = answer_meta(u, ctx) or answer_named(u, ctx) or answer_content(u, ctx)
    if meta:
        return meta
    if _ISSUER.search(u.query) and ctx.plans:
        notice = [c for c in ctx.chunks.values() if c.kind in ("notice", "issued")]
        plan = next(iter(ctx.plans.values())) if len(ctx.plans) == 1 else None
        if notice and plan and plan.issuer:
            quoted = [c for c in notice if norm(plan.issuer) in norm(c.quote)]
            parts = [plan.issuer]
            if plan.doc_number and any(norm(plan.doc_number) in norm(c.quote) for c in quoted):
                parts.append(plan.doc_number)
            if plan.date and any(norm(plan.date) in norm(c.quote) for c in quoted):
                parts.append(plan.date)
            title = f"《{plan.title}》" if plan.title else "本方案"
            if u.english:
                text = f"{title} was issued by {parts[0]}" + (
                    f" ({', '.join(parts[1:])})." if parts[1:] else "."
                )
            else:
                text = f"{title}由{parts[0]}印发" + (f"（{'，'.join(parts[1:])}）。" if parts[1:] else "。")
            return Answer(answer=text, intent="fact", citations=_cites(ctx, [c.id for c in quoted[:2]]))
    found = best_sentence(u, ctx, hits)
    if not found or found[0] < FACT_MIN:
        return abstain(u, ctx, hits)
    _, sent, c = found
    text = f"According to {c.locator}: “{sent}”" if u.english else f"根据{c.locator}：“{sent}”"
    return Answer(answer=text, intent=u.intent, citations=[cite(c)])


def answer_when(u: Understanding, ctx: Context, hits: list[Hit]) -> Answer | None:
    """“…什么时候完成？” about an annex row or a task: its 完成时间 as written, cited; with the row's
    target values when the question asks for the value too. None when no named row states a time."""
    if not _WHEN_ASK.search(u.question or u.query):
        return None
    group, rows = choose_responsibilities(u, ctx, hits)
    if not group:
        rows = _closest(u, ctx, rows)
    dated: dict[tuple[str, str], tuple[Responsibility, tuple[str, str]]] = {}
    for r in rows:
        dl = deadline_of(r, ctx)
        if dl and (r.doc_id, r.locator) not in dated:
            dated[(r.doc_id, r.locator)] = (r, dl)
    if not dated:
        return None
    wants_value = bool(_VALUE_ASK.search(u.question or u.query))
    lines: list[str] = []
    for (doc, loc), (r, (head, value)) in dated.items():
        if u.english:
            lines.append(f"{loc} “{_name(r)}” — {head}: {value}.")
        else:
            lines.append(f"{loc}“{_name(r)}”的{head}：{value}。")
        if wants_value:
            lines += [
                _format_target(t, u.english, value)
                for t in ctx.facts.targets
                if t.doc_id == doc and t.locator == loc and t.chunk_id == r.chunk_id
            ]
    ids = [r.chunk_id for r, _ in dated.values()]
    return Answer(answer="\n".join(lines), intent=u.intent, citations=_cites(ctx, ids))


# --- compound questions ----------------------------------------------------------------------------

_PART_KINDS = (
    (
        "responsible",
        re.compile(r"谁|责任单位|牵头单位|配合单位|哪个部门|哪些部门|哪个单位|哪些单位|由哪|who\b", re.I),
    ),
    ("when", _WHEN_ASK),
    ("target", _VALUE_ASK),
)


def _part_kinds(question: str) -> list[str]:
    """The kinds of answer a question of several parts asks for, one per part, in order
    (“雨污分流改造完成率目标？谁负责？” -> target, responsible)."""
    parts = [
        p
        for p in re.split(
            r"[？?；;]+|[，,](?=[^，,]{0,4}(?:谁|由哪|什么时候|何时|多少|目标|完成时间))", question
        )
        if p.strip()
    ]
    kinds: list[str] = []
    for p in parts:
        kind = next((k for k, pat in _PART_KINDS if pat.search(p)), None)
        if kind and kind not in kinds:
            kinds.append(kind)
    return kinds if len(parts) > 1 else []


def answer_compound(u: Understanding, ctx: Context, hits: list[Hit]) -> Answer | None:
    """A question that asks who and how much (and/or when) gets every part answered, in the order asked.
    The target part keeps its deadline; a responsible part shows the row's 完成时间 itself."""
    kinds = _part_kinds(u.question)
    if "responsible" not in kinds or len(kinds) < 2:
        return None
    answers: list[Answer] = []
    for kind in kinds:
        if kind == "responsible":
            answers.append(answer_responsible(replace(u, intent="responsible"), ctx, hits))
        elif kind == "target":
            answers.append(answer_target(replace(u, intent="target"), ctx, hits))
        elif "target" not in kinds:  # when: the responsible lines carry the row's 完成时间 already
            resp = answers[0] if answers else None
            if (
                resp
                and resp.citations
                and any(
                    deadline_of(r, ctx)
                    for r in ctx.facts.responsibilities
                    if r.chunk_id == resp.citations[0].chunk_id
                )
            ):
                continue
            when = answer_when(u, ctx, hits) or answer_target(replace(u, intent="target"), ctx, hits)
            answers.append(when)
    found = [a for a in answers if not a.abstained]
    if not found:
        return None
    lines = [a.answer for a in found]
    lines += [a.answer.split("可参考")[0] for a in answers if a.abstained]  # the part the plan leaves open
    cites = [c for a in found for c in a.citations]
    seen: set[str] = set()
    cites = [c for c in cites if not (c.chunk_id in seen or seen.add(c.chunk_id))]  # type: ignore[func-returns-value]
    return Answer(answer="\n".join(lines), intent=u.intent, citations=cites)


# --- sections and rows named by number ---------------------------------------------------------------


_WHAT_IS = re.compile(
    r"^(是什么|是啥|讲什么|说什么|写了什么|内容是什么|有什么内容|什么内容|具体是什么)?[？?]?$"
)


def answer_locator(u: Understanding, ctx: Context) -> Answer | None:
    """“附件第6项是什么？”: the passage the question names by its number, quoted whole."""
    refs = [lk for lk in u.links if lk.score >= 0.99]
    if not refs:
        return None
    rest = re.sub(
        r"(?:附件|清单)?第\s*\d+\s*项|[一二三四五六七八九十]+、?[（(][一二三四五六七八九十]+[）)]",
        "",
        u.question,
    )
    if not _WHAT_IS.match(rest.strip()):
        return None
    item = refs[0].item
    chunk = ctx.chunk_at(item.doc_id, item.locator)
    if chunk is None:
        return None
    text = f"{chunk.locator}: “{chunk.quote}”" if u.english else f"{chunk.locator}：“{chunk.quote}”"
    return Answer(answer=text, intent=u.intent, citations=[cite(chunk)])


_RESP_ASK = re.compile(r"谁|哪些单位|哪个单位|哪些部门|哪个部门|责任单位|牵头单位")


def answer_section(u: Understanding, ctx: Context, hits: list[Hit]) -> Answer | None:
    """“提升乡村治理数字化水平这部分任务分别由哪些单位牵头？”: a heading whose numbered tasks carry
    the units: each task's units, in document order (the asked role only, when the plan names roles)."""
    if not _RESP_ASK.search(u.question):
        return None
    q = norm(u.match or u.query)
    for c in ctx.chunks.values():
        if c.kind != "task" or len(norm(c.title)) < 4 or norm(c.title) not in q:
            continue
        below = [
            r
            for r in ctx.cat.key_tasks
            if r.doc_id == c.doc_id and r.locator != c.locator and r.locator.startswith(c.locator)
        ]
        if not below or any(r.chunk_id == c.id for r in ctx.facts.responsibilities):
            continue
        chosen = _order_roles(below)
        role = asked_role(u.question)
        if role and any(r.role != "责任" for r in chosen):
            chosen = [r for r in chosen if (r.role in _LEAD_ROLES) == (role == "牵头")] or chosen
        head = f"Tasks under {c.locator} “{c.title}”:" if u.english else f"{c.locator}“{c.title}”下的任务："
        lines = [head]
        for r in chosen:
            if u.english:
                lines.append(f"- {r.locator} “{r.task}” — {_role(r, True)}: {_units(r)}.")
            else:
                lines.append(f"- {r.locator}“{r.task}”的{_role(r, False)}：{_units(r)}。")
        return Answer(
            answer="\n".join(lines), intent="responsible", citations=_cites(ctx, [r.chunk_id for r in chosen])
        )
    return None


_DUTY_ASK = re.compile(
    r"(负责|承担|牵头|配合|参与|协助)(了)?(哪些|哪几|哪项|什么)(任务|工作|事项|试点)?[？?]?$"
)


def _compose_one(u: Understanding, ctx: Context, hits: list[Hit]) -> Answer:
    """Route by intent. General abstention signals (a year/place/person/money the plan never names) win."""
    if u.abstain_reason:
        ans = abstain(u, ctx, hits, u.abstain_reason)
    elif found := (
        answer_compound(u, ctx, hits)
        or (answer_section(u, ctx, hits) if u.intent in ("responsible", "list") else None)
        or (answer_when(u, ctx, hits) if u.intent in ("target", "fact") else None)
    ):
        ans = found
    elif u.intent == "responsible":
        ans = answer_responsible(u, ctx, hits)
    elif u.intent == "reverse" or (u.intent == "fact" and u.agencies and _DUTY_ASK.search(u.question)):
        # “市政务服务管理局负责哪些任务”: a unit's duties, even where the unit's name echoes a task's words
        ans = answer_reverse(replace(u, intent="reverse"), ctx, hits)
    elif u.intent == "target":
        ans = answer_target(u, ctx, hits)
    elif u.intent == "list":
        ans = answer_list(u, ctx, hits)
    else:
        ans = answer_locator(u, ctx) or answer_fact(u, ctx, hits)
    ans.intent = u.intent
    return ans


# --- several plans -------------------------------------------------------------------------------


def plan_label(plan: Plan | None, doc: str) -> str:
    """How an answer names a plan: 《title》（文号）."""
    if plan is None:
        return doc
    title = f"《{plan.title}》" if plan.title else doc
    return f"{title}（{plan.doc_number}）" if plan.doc_number else title


def _scope(u: Understanding, doc: str) -> Understanding:
    return replace(u, links=[lk for lk in u.links if lk.item.doc_id == doc], doc=doc)


def _hits_in(hits: list[Hit], ctx: Context, doc: str) -> list[Hit]:
    return [h for h in hits if h.chunk_id in ctx.chunks and ctx.chunks[h.chunk_id].doc_id == doc]


def _in_doc(u: Understanding, ctx: Context, hits: list[Hit], doc: str) -> Answer:
    return _compose_one(_scope(u, doc), ctx.scoped(doc), _hits_in(hits, ctx, doc))


def _labelled(ans: Answer, ctx: Context, doc: str, english: bool) -> Answer:
    if not ans.abstained:
        label = plan_label(ctx.plans.get(doc), doc)
        sep = "\n" if "\n" in ans.answer else ""
        ans.answer = f"In {label}:{sep or ' '}{ans.answer}" if english else f"{label}：{sep}{ans.answer}"
    return ans


_MENTION = re.compile(r"提到|提及|涉及|谈到|讲到|写到|包含|mention", re.I)
_MENTION_WORDS = re.compile(
    r"哪些|哪个|哪几个|各个?|每个|所有|方案|计划|文件|提到|提及|涉及|谈到|讲到|写到|包含|了|过|的|[？?。，,\s]"
)


def answer_mentions(u: Understanding, ctx: Context, hits: list[Hit]) -> Answer | None:
    """“哪些方案提到留温率？”: every plan whose text holds the term, each with the passage."""
    term = _MENTION_WORDS.sub("", u.match or u.query)
    if len(term) < 2:
        return None
    forms = {norm(term)} | {norm(w) for w in expand_synonyms(term).split()[1:] if len(w) >= 2}
    lines: list[str] = []
    ids: list[str] = []
    for doc, plan in ctx.plans.items():
        for c in (c for c in ctx.chunks.values() if c.doc_id == doc):
            sent = next((x for x in _sentences(c.quote) if any(f in norm(x) for f in forms)), None)
            if sent:
                lines.append(f"- {plan_label(plan, doc)} {c.locator}：“{sent}”")
                ids.append(c.id)
                break
    if not lines:
        return abstain(u, ctx, hits, term)
    head = "Plans that mention it:" if u.english else f"提到“{term}”的方案："
    return Answer(answer="\n".join([head, *lines]), intent=u.intent, citations=_cites(ctx, ids))


def _per_plan(u: Understanding, ctx: Context, hits: list[Hit], docs: list[str]) -> Answer:
    parts = [(d, _in_doc(u, ctx, hits, d)) for d in docs]
    found = [(d, a) for d, a in parts if not a.abstained]
    if not found:
        return _compose_one(u, ctx, hits)
    label = (
        (lambda d: f"In {plan_label(ctx.plans.get(d), d)}:")
        if u.english
        else (lambda d: f"{plan_label(ctx.plans.get(d), d)}：")
    )
    text = "\n\n".join(f"{label(d)}\n{a.answer}" for d, a in found)
    cites = [c for _, a in found for c in a.citations]
    return Answer(answer=text, intent=u.intent, citations=cites)


def _strength(u: Understanding, ctx: Context, hits: list[Hit], doc: str) -> float:
    """How well one plan answers a fact or target question on its own (0 when it does not)."""
    su, sctx, shits = _scope(u, doc), ctx.scoped(doc), _hits_in(hits, ctx, doc)
    if u.intent == "target":
        ranked = rank_targets(su, sctx)
        return ranked[0][0] if ranked else 0.0
    found = best_sentence(su, sctx, shits)
    return found[0] if found else 0.0


def _also_answering(u: Understanding, ctx: Context, hits: list[Hit], cited: list[str]) -> list[str]:
    """Other plans that answer a fact or target question which names no plan (“领导小组办公室设在
    哪里？”) about as well as the plan first found: each is given with its own citation. A question
    about a unit or a named task stays with the plan that has it."""
    if u.intent not in ("fact", "target") or u.agencies or any(lk.score >= 0.8 for lk in u.links):
        return []
    strength = {d: _strength(u, ctx, hits, d) for d in ctx.plans}
    floor = TARGET_MIN if u.intent == "target" else FACT_MIN
    top = max(strength[d] for d in cited)
    return [d for d in ctx.plans if d not in cited and strength[d] >= max(floor, 0.8 * top)]


def compose(u: Understanding, ctx: Context, hits: list[Hit]) -> Answer:
    """One plan: route by intent. Several plans: answer within the plan the question names, or per plan,
    naming each plan, so that a unit of one plan is never presented as another plan's."""
    if len(ctx.plans) <= 1:
        return _compose_one(u, ctx, hits)
    docs = list(ctx.plans)
    if u.doc in ctx.plans:
        ans = _labelled(_in_doc(u, ctx, hits, u.doc), ctx, u.doc, u.english)
    elif u.cross and _MENTION.search(u.query) and not u.agencies:
        ans = answer_mentions(u, ctx, hits) or _per_plan(u, ctx, hits, docs)
    elif u.cross or u.intent in ("reverse", "list"):
        ans = _per_plan(u, ctx, hits, docs)
    else:
        first = _compose_one(u, ctx, hits)
        cited = list(dict.fromkeys(c.doc for c in first.citations))
        if not first.abstained and cited:
            cited += _also_answering(u, ctx, hits, cited)
        if first.abstained or not cited:
            ans = first
        elif len(cited) == 1:
            ans = _labelled(first, ctx, cited[0], u.english)
        else:
            ans = _per_plan(u, ctx, hits, [d for d in docs if d in cited])
    ans.intent = u.intent
    return ans
