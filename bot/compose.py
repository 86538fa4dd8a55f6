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
from bot.understand import Catalog, Understanding, _weighted_cov, bigrams, build_catalog, norm
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
        return key + rows
    # a pilot row: only that row, plus other rows named just as clearly in the same question
    chosen = [lk for lk in links if lk.item.kind == "pilot" and lk.score >= max(0.8, best.score - 0.02)]
    chosen = chosen or [best]
    # one locator may hold several roles (牵头 + 配合): each is its own item, the row is named once
    locs = list(dict.fromkeys((lk.item.doc_id, lk.item.locator) for lk in chosen))
    return [r for loc in locs for r in resp if (r.doc_id, r.locator) == loc]


def from_retrieval(u: Understanding, ctx: Context, hits: list[Hit]) -> list[Responsibility]:
    """The responsibility of the top passage, when the question describes a task's content rather than
    naming it. Only the first hit counts: a unit from the second-best passage would be a guess; and the
    passage must hold most of the question's words, since a dense-only neighbour is a guess as well."""
    if not hits or hits[0].chunk_id not in ctx.chunks or len(u.core) < 2:
        return []
    chunk = ctx.chunks[hits[0].chunk_id]
    if max(score_text(u.core, chunk.quote, ctx.cat), word_cover(u.core, chunk.quote, ctx.cat)) < FROM_HIT_MIN:
        return []
    return [r for r in ctx.facts.responsibilities if r.chunk_id == hits[0].chunk_id]


def answer_responsible(u: Understanding, ctx: Context, hits: list[Hit]) -> Answer:
    chosen = select_responsibilities(u, ctx) or from_retrieval(u, ctx, hits)
    if not chosen:
        return abstain(u, ctx, hits, None if u.english else "该事项的责任单位")
    lines = []
    for r in chosen:
        if u.english:
            lines.append(f"{r.locator} “{_name(r)}” — {_role(r, True)}: {_units(r)}.")
        elif r.pilot_task:
            lines.append(f"{r.locator}“{r.pilot_task}”的{_role(r, False)}：{_units(r)}。")
        else:
            lines.append(f"{r.locator}“{r.task}”的{_role(r, False)}：{_units(r)}。")
    if len(chosen) > 1 and not chosen[0].pilot_task and any(r.pilot_task for r in chosen):
        head = "Key task and its annex pilot rows:" if u.english else "该重点任务及附件中对应的试点任务："
        lines.insert(0, head)
    return Answer(
        answer="\n".join(lines), intent="responsible", citations=_cites(ctx, [r.chunk_id for r in chosen])
    )


# --- reverse -------------------------------------------------------------------------------------


# “只由市科技局一家负责”: rows where the agency is the only unit
_ALONE = re.compile(r"只由|仅由|单独|独自|独立负责|一家|唯一|only|alone|solely", re.I)


def answer_reverse(u: Understanding, ctx: Context, hits: list[Hit]) -> Answer:
    lines: list[str] = []
    ids: list[str] = []
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
        # NOTE: no count in the text: every number in an answer must stand in a cited quote.
        if u.english:
            lines.append(f"{agency} is responsible for:")
        else:
            kind = "试点任务" if all(r.pilot_task for r in rs) else "任务"
            lines.append(f"{agency}负责的{kind}：")
        lines += [f"- {r.locator}“{_name(r)}”" for r in rs]
        ids += [r.chunk_id for r in rs]
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


def _format_target(t: Target, english: bool) -> str:
    post = t.comparator if t.comparator in _POST_COMPARATORS else ""
    pre = "" if post else t.comparator
    value = f"{pre}{t.value}{t.unit}{post}"
    when = f"（{t.deadline}）" if t.deadline and not english else (f" by {t.deadline}" if t.deadline else "")
    if english:
        return f"- {t.metric}: {value}{when} ({t.locator}: “{t.sentence}”)"
    return f"- {t.metric}：{value}{when}，见{t.locator}：“{t.sentence}”"


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


def answer_target(u: Understanding, ctx: Context, hits: list[Hit]) -> Answer:
    ranked = [(s, t) for s, t in rank_targets(u, ctx) if s >= TARGET_MIN]
    if u.asks == "when":
        ranked = [(s, t) for s, t in ranked if t.deadline or _DATE.search(t.sentence)]
    elif u.asks == "money":
        ranked = [(s, t) for s, t in ranked if _MONEY.search(f"{t.value}{t.unit}")]
    if ranked:
        best = ranked[0][0]
        chosen = [t for s, t in ranked if s >= best - 0.15][:4]
        order = {id(t): i for i, t in enumerate(ctx.facts.targets)}
        chosen.sort(key=lambda t: order[id(t)])  # the document's order reads better than scores
        head = "Targets in the plan:" if u.english else "方案中的相关目标："
        lines = [head] + [_format_target(t, u.english) for t in chosen]
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
                lines = [f"附件中属于“{task.name}”的试点任务："]
            lines += [f"- {r.locator}“{_name(r)}”：{_units(r)}" for r in rows]
            return Answer(
                answer="\n".join(lines), intent="list", citations=_cites(ctx, [r.chunk_id for r in rows])
            )
    doc_ids = {c.doc_id for c in ctx.chunks.values()}
    counting = bool(re.search(r"几|多少|how many|number of", q, re.I))
    if re.search(r"试点|附件|清单", q) and not re.search(r"重点任务", q):
        items = [r for r in ctx.cat.rows if r.pilot_task]
        label = "附件试点任务"
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


def _compose_one(u: Understanding, ctx: Context, hits: list[Hit]) -> Answer:
    """Route by intent. General abstention signals (a year/place/person/money the plan never names) win."""
    if u.abstain_reason:
        ans = abstain(u, ctx, hits, u.abstain_reason)
    elif u.intent == "responsible":
        ans = answer_responsible(u, ctx, hits)
    elif u.intent == "reverse":
        ans = answer_reverse(u, ctx, hits)
    elif u.intent == "target":
        ans = answer_target(u, ctx, hits)
    elif u.intent == "list":
        ans = answer_list(u, ctx, hits)
    else:
        ans = answer_fact(u, ctx, hits)
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
        if first.abstained or not cited:
            ans = first
        elif len(cited) == 1:
            ans = _labelled(first, ctx, cited[0], u.english)
        else:
            ans = _per_plan(u, ctx, hits, [d for d in docs if d in cited])
    ans.intent = u.intent
    return ans
