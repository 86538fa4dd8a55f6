"""What the bot knows about the indexed plans, derived once per index version: linkable tasks, rows and
agencies with the names users call them by. Pure.

Everything comes from the plan's facts and chunks, so short forms of units (a district government by its
district's name, an institution by its usual abbreviation) and quoted terms are derived from the document
rather than listed by hand.

Tasks form groups: an annex row files under its 工作任务 (inherited from the row above when blank), a body
task under its heading, and an annex group under the body task it names or restates. Every linkable item
carries `rows`, the passages holding its responsibilities, so a question naming a group reaches all of its
rows.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Literal

from bot.text import bigrams, norm
from index.models import Block, Chunk, Facts, Plan, Responsibility
from index.settings import AnsweringSettings
from index.vocab import HEAD_OFFICES, UNITS_LINE


@dataclass(frozen=True)
class Item:
    """A linkable thing of the plan: a key task, an annex row, or an agency."""

    kind: Literal["key_task", "pilot", "agency"]
    name: str
    locator: str = ""
    doc_id: str = ""
    content: str = ""  # annex row 主要内容 or similar, for matching a question that quotes the content
    aliases: tuple[str, ...] = ()  # other names the plan gives it (an annex 工作任务 matching a body task)
    group: str = ""  # the task group it is filed under: annex 工作任务 (inherited) or the body heading
    # Locators (same doc) of every passage holding this item's responsibilities: its own, the annex rows
    # filed under a body task, all rows of a task group, the sub-tasks of a heading. Document order.
    rows: tuple[str, ...] = ()
    # the one passage of its facts where several passages share the locator; "" otherwise
    chunk_id: str = ""
    # the task of its facts where one passage holds several (a unit's list of duties, each its own task);
    # the same duty of several units (“负责制定…规划” / “参与制定…规划”) is one item
    task: str = ""


@dataclass
class Catalog:
    """What the linker knows about the plan(s), derived once per index version."""

    key_tasks: list[Responsibility]
    rows: list[Responsibility]
    items: list[Item]
    units: set[str]
    unit_aliases: dict[str, str]  # alias -> unit as written
    terms: dict[str, list[str]]  # quoted term -> locators whose quote holds it
    idf: dict[str, float]
    text: str  # all plan text, for "is this mentioned at all" checks
    titles: dict[str, str] = field(default_factory=dict)  # doc_id -> title
    doc_names: dict[str, list[str]] = field(default_factory=dict)  # doc_id -> names a user may use
    cities: set[str] = field(default_factory=set)
    pinyin: dict[str, str] | None = None  # romanised place name -> place, made on the first English question
    synonyms: tuple[tuple[str, ...], ...] = ()  # the plans' own synonym groups (their lexicon files)
    english: dict[str, str] = field(default_factory=dict)  # the plans' own English terms
    # short forms of the institutions a plan names in its text (not only its units): alias -> full name
    name_aliases: dict[str, str] = field(default_factory=dict)
    th: AnsweringSettings = field(default_factory=AnsweringSettings)  # thresholds (Settings.answering)
    typo_terms: list[str] | None = None  # quoted terms checked for one-character typos, made on first use
    # A view of some plans (view()): the whole index's catalogue, and the plans it keeps
    base: Catalog | None = None
    view_docs: tuple[str, ...] = ()
    # made on first use, once per index version: key_tasks, rows and items per plan (for views); the item
    # indexes of the linker ("" for all items, a doc_id for one plan's); the normalised quoted terms
    by_doc: dict[str, tuple[list[Responsibility], list[Responsibility], list[Item]]] | None = None
    item_indexes: dict[str, ItemIndex] = field(default_factory=dict)
    quoted: tuple[str, ...] | None = None
    unit_keys: tuple[list[tuple[str, str]], tuple[str, ...]] | None = None  # see bot.linking.unit_keys

    def view(self, docs: Iterable[str]) -> Catalog:
        """The catalogue with the tasks, rows and items of the given plans only. Every other part (units,
        names, terms, weights, text) stays the whole index's, so an item's name scores as it does over
        all plans (a content match is weighed against these plans' items only); plans keep the index's
        order. Costs the size of those plans, not of the index."""
        root = self.base or self
        groups = root.plan_parts()
        want = set(docs)
        keep = tuple(d for d in groups if d in want)
        parts = [groups[d] for d in keep]
        return replace(
            root,
            key_tasks=[r for g in parts for r in g[0]],
            rows=[r for g in parts for r in g[1]],
            items=[it for g in parts for it in g[2]],
            base=root,
            view_docs=keep,
            by_doc=None,
            item_indexes={},
        )

    def plan_parts(self) -> dict[str, tuple[list[Responsibility], list[Responsibility], list[Item]]]:
        """(key tasks, rows, items) of each plan, in the catalogue's order; made once."""
        if self.by_doc is None:
            groups: dict[str, tuple[list[Responsibility], list[Responsibility], list[Item]]] = {}
            for doc in self.titles:
                groups[doc] = ([], [], [])
            for r in self.key_tasks:
                groups.setdefault(r.doc_id, ([], [], []))[0].append(r)
            for r in self.rows:
                groups.setdefault(r.doc_id, ([], [], []))[1].append(r)
            for it in self.items:
                groups.setdefault(it.doc_id, ([], [], []))[2].append(it)
            self.by_doc = groups
        return self.by_doc


@dataclass
class ItemIndex:
    """Where to look for the items a question can link to (bot.linking.link_items): an item that shares
    no character pair with the question, no abbreviation pattern and no locator scores 0 there."""

    items: list[Item]
    grams: dict[str, list[int]]  # a bigram of an item's names (with and without measures) or content
    skips: dict[str, list[int]]  # first + third character of a 4-character window of a name
    locators: dict[str, list[int]]


def typo_terms_of(cat: Catalog) -> list[str]:
    """The quoted terms checked for one-character typos, longest first (kept on the whole catalogue)."""
    root = cat.base or cat
    if root.typo_terms is None:
        root.typo_terms = sorted((t for t in root.terms if 3 <= len(t) <= 8), key=len, reverse=True)
    return root.typo_terms


def quoted_terms(cat: Catalog) -> tuple[str, ...]:
    """The plan's quoted terms of three characters or more, normalised (kept on the whole catalogue)."""
    root = cat.base or cat
    if root.quoted is None:
        root.quoted = tuple(norm(t) for t in root.terms if len(t) >= 3)
    return root.quoted


def _strip_city(name: str, cities: set[str]) -> list[str]:
    out = []
    for c in cities:
        if name.startswith(c) and len(name) - len(c) >= 2:
            out.append(name[len(c) :])
    return out


def unit_aliases(unit: str, cities: set[str]) -> list[str]:
    """Short forms users type: 鄞州区政府 -> 鄞州区/鄞州; 宁波某新区管委会 -> 某新区; 中国某谷 -> 某谷."""
    if unit.startswith("各") or len(unit) < 3:
        return []
    forms = {unit}
    for suffix in ("人民政府", "政府", "管理委员会", "管委会", "委员会"):
        if unit.endswith(suffix) and len(unit) - len(suffix) >= 2:
            forms.add(unit[: -len(suffix)])
    # NOTE: the city prefix is dropped only from place-like bodies (宁波某新区管委会 -> 某新区) and brand
    # names (中国某谷 -> 某谷); 宁波职业技术学院 -> 职业技术学院 would swallow 浙江安防职业技术学院.
    if not re.search(r"(大学|学院|学校|实验室|研究院|中心)$", unit):
        for f in list(forms):
            forms.update(_strip_city(f, cities | {"中国"}))
    for city in cities:
        # the usual abbreviation of an institution: 宁波医科大学 -> 宁医大, 宁波职业技术学院 -> 宁职院
        rest = unit[len(city) :] if unit.startswith(city) else ""
        if rest == "大学":
            forms.add(city[0] + "大")  # a city's own university by the city's first character
        elif len(rest) >= 4 and rest.endswith("大学"):
            forms.add(city[0] + rest[0] + "大")
        elif len(rest) >= 4 and rest.endswith("学院"):
            forms.add(city[0] + rest[0] + "院")
    if unit.startswith("市") and len(unit) >= 4:
        forms.add(unit[1:])  # 市科技局 -> 科技局
    for head, short in HEAD_OFFICES.items():
        # a head office's local branch by its own name: 国家税务总局泸州市税务局 -> 泸州市税务局
        if unit.startswith(head) and len(unit) - len(head) >= 4:
            forms.add(short + unit[len(head) :])
    for f in list(forms):
        # 余姚市 -> 余姚, only when the rest is still a 2+ character name
        if f[-1] in "市区县" and len(f) >= 3 and f != unit:
            forms.add(f[:-1])
    return sorted((f for f in forms if len(f) >= 2 and f not in ("政府", "市政府", "区政府")), key=len)


def _title(text: str) -> str:
    """A heading as a name: markup, numbering, closing stop removed (**推行某某改革。** -> 推行某某改革)."""
    t = re.sub(r"[*#_`]+", "", text).strip()
    t = re.sub(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[.．﹒、])\s*", "", t)
    return t.strip(" 。；;：:")


def _name_sim(a: str, b: str) -> float:
    """How far the shorter name is contained in the longer (垃圾分类 in 全面推进垃圾分类: 1.0;
    村容村貌提升 vs 提升村容村貌: 0.8)."""
    short, long_ = sorted((bigrams(a), bigrams(b)), key=len)
    return len(short & long_) / len(short) if len(short) >= 2 else 0.0


def _cover(part: str, whole: str) -> float:
    """Share of `part`'s bigrams found in `whole`: how much of an annex row's measure a body task states."""
    pb = bigrams(re.sub(r"[*]", "", part))
    return len(pb & bigrams(whole)) / len(pb) if pb else 0.0


def _task_items(facts: Facts, chunks: list[Chunk], plans: list[Plan], th: AnsweringSettings) -> list[Item]:
    """Linkable tasks and rows, with the groups they form.

    Plans tie body and annex together in different ways: the annex 工作任务 repeats a body task's name
    (任务名称 = key task), shortens a body heading (垃圾分类 for （一）全面推进垃圾分类), or the
    body task carries no units at all and its annex row restates its measure (3. 压缩审批时限 ->
    附件 第5项 审批时限压缩至10个工作日). A question may name any of them, so every body task and
    every annex group becomes an item whose `rows` are all the passages holding its responsibilities.
    """
    by_loc: dict[tuple[str, str], Chunk] = {(c.doc_id, c.locator): c for c in chunks}
    by_loc.update({(c.doc_id, c.id): c for c in chunks})
    resp = facts.responsibilities
    docs = list(dict.fromkeys([p.doc_id for p in plans] + [r.doc_id for r in resp]))
    blocks_of = {p.doc_id: [b for b in p.blocks if b.kind == "task"] for p in plans}
    items: list[Item] = []
    for doc in docs:
        rs = [r for r in resp if r.doc_id == doc]
        items += _doc_items(doc, rs, blocks_of.get(doc, []), by_loc, th)
    return items


def _shared_locators(rs: list[Responsibility]) -> set[str]:
    """Locators that several passages share (a duty list of unnumbered paragraphs under one heading)."""
    passages: dict[str, set[str]] = {}
    for r in rs:
        passages.setdefault(r.locator, set()).add(r.chunk_id)
    return {loc for loc, ids in passages.items() if len(ids) > 1}


def _duty_passages(rs: list[Responsibility]) -> set[str]:
    """Passages holding several tasks: a unit's duties listed one after another (index/facts.py)."""
    tasks: dict[str, set[str]] = {}
    for r in rs:
        tasks.setdefault(r.chunk_id, set()).add(norm(r.task))
    return {cid for cid, ts in tasks.items() if len(ts) > 1}


def _doc_items(
    doc: str,
    rs: list[Responsibility],
    blocks: list[Block],
    by_loc: dict[tuple[str, str], Chunk],
    th: AnsweringSettings,
) -> list[Item]:
    """The items of one plan (see _task_items)."""
    items: list[Item] = []
    own = {r.locator for r in rs}
    key = [r for r in rs if r.pilot_task is None and not r.locator.startswith("附件")]
    rows = [r for r in rs if r.pilot_task is not None or r.locator.startswith("附件")]
    row_locs = list(dict.fromkeys(r.locator for r in rows))
    first = {loc: next(r for r in rows if r.locator == loc) for loc in row_locs}

    def group_of(r: Responsibility) -> str:
        # an annex row names its group only when it has a 工作任务 cell besides its own measure
        return _title(r.task) if r.pilot_task and norm(r.task) != norm(r.pilot_task) else ""

    groups: dict[str, list[str]] = {}
    for loc in row_locs:
        g = group_of(first[loc])
        if g:
            groups.setdefault(g, []).append(loc)
    # body task blocks; key-task facts from a plan without blocks (tests) stand in for them
    body = [(b.locator, _title(b.title or b.text[:40]), b.heading_path, b.text) for b in blocks]
    if not body:
        body = [(r.locator, r.task, [r.task], r.quote) for r in {r.locator: r for r in key}.values()]
    paths = {loc: tuple(path) for loc, _, path, _ in body}

    def children(loc: str) -> list[str]:
        p = paths[loc]
        return [lo for lo, pp in paths.items() if len(pp) > len(p) and pp[: len(p)] == p and lo != loc]

    names = {loc: name for loc, name, _, _ in body}
    texts = {loc: text for loc, _, _, text in body}
    # what a body task says, for a question that describes it (“开展技能培训” under another title):
    # without its units (a question naming a unit is a reverse question) and its heading
    units_at = {r.locator: r.units for r in key}
    contents = {}
    for loc, text in texts.items():
        c = text
        for unit in sorted(units_at.get(loc, []), key=len, reverse=True):
            c = c.replace(unit, " ")
        contents[loc] = c.replace(names[loc], " ") if names[loc] else c
    # annex group -> the body task it names
    group_block: dict[str, str] = {}
    for g in groups:
        scored = [(_name_sim(g, names[loc]), loc) for loc in names if names[loc]]
        best = max(scored, default=(0.0, ""))
        if best[0] >= th.group_sim:
            group_block[g] = best[1]
    # annex row -> the body task it is filed under (the leaf that states its measure)
    filed: dict[str, list[str]] = {loc: [] for loc in names}
    for loc in row_locs:
        g = group_of(first[loc])
        home = group_block.get(g, "")
        leaves = [c for c in children(home) if not children(c)] if home else []
        if home and not leaves:
            filed[home].append(loc)
            continue
        cands = leaves or ([] if home or groups else [lo for lo in names if not children(lo)])
        measure = first[loc].pilot_task or ""
        scored = [(_cover(measure, texts[c]), c) for c in cands]
        best = max(scored, default=(0.0, ""))
        if best[0] >= th.filed_cover:
            filed[best[1]].append(loc)
        elif home:
            filed[home].append(loc)
    order = {loc: i for i, loc in enumerate([lo for lo, *_ in body] + row_locs)}
    # A list closed by its own responsibility line (“（四）责任单位：…” under 五、…): the fact names the
    # heading as its task (index/facts.py), so every item of the list answers with it, and a question
    # describing any of them finds the fact.
    closing: dict[str, str] = {}
    closed_text: dict[str, str] = {}
    closing_lines = {
        r.chunk_id
        for r in key
        if (line := by_loc.get((doc, r.chunk_id))) and UNITS_LINE.fullmatch(line.quote.strip())
    }
    for r in key:
        p = paths.get(r.locator)
        if p and len(p) >= 2 and norm(_title(p[-2])) == norm(_title(r.task)):
            sibs = [lo for lo, pp in paths.items() if pp[: len(p) - 1] == p[:-1] and lo != r.locator]
        elif r.chunk_id in closing_lines:
            # a units line after a list's last item, under the list's heading: every item of the list
            sibs = [
                lo
                for lo, pp in paths.items()
                if len(pp) >= 2 and norm(_title(pp[-2])) == norm(_title(r.task))
            ]
        else:
            continue
        for lo in sibs:
            closing.setdefault(lo, r.locator)
        closed_text[r.locator] = " ".join(f"{names[lo]} {contents[lo]}" for lo in sibs)

    def rows_of(loc: str) -> tuple[str, ...]:
        out = {loc} if loc in own else set()
        out.update(filed.get(loc, []))
        for c in children(loc):
            out.update(rows_of(c))
        if not out and loc in closing:
            out.add(closing[loc])
        return tuple(sorted(out, key=lambda x: order.get(x, len(order))))

    def content_of(r: Responsibility) -> str:
        if r.locator in closed_text:
            return closed_text[r.locator]
        if r.locator in contents:
            return contents[r.locator]
        # a fact of a passage that is no task block (a 责任单位 line under a heading): its passage's text
        chunk = by_loc.get((r.doc_id, r.chunk_id)) or by_loc.get((r.doc_id, r.locator))
        text = chunk.quote if chunk else ""
        for unit in sorted(r.units, key=len, reverse=True):
            text = text.replace(unit, " ")
        return text

    aliases_of: dict[str, list[str]] = {}
    for g, loc in group_block.items():
        if norm(g) != norm(names[loc]):
            aliases_of.setdefault(loc, []).append(g)
    parent = {c: loc for loc in names for c in children(loc) if paths[c][:-1] == paths[loc]}
    seen_key: set[str] = set()
    # several passages may share a locator (a duty list of unnumbered paragraphs “X负责…” under 附件):
    # each is an item of its own, told apart by its passage
    shared = _shared_locators(key)
    seen_chunks: set[str] = set()
    duties = _duty_passages(key)
    seen_duties: set[tuple[str, str]] = set()
    for r in key:
        if r.chunk_id in duties:
            if (r.locator, norm(r.task)) not in seen_duties:
                seen_duties.add((r.locator, norm(r.task)))
                group = names.get(r.locator, "")
                items.append(Item("key_task", r.task, r.locator, doc, r.task, group=group, task=r.task))
            if r.locator not in shared:
                seen_key.add(r.locator)
            continue
        if r.locator in seen_key or r.chunk_id in seen_chunks:
            continue
        if r.locator not in shared:
            seen_key.add(r.locator)
        seen_chunks.add(r.chunk_id)
        group = names.get(parent.get(r.locator, ""), "")
        items.append(
            Item(
                "key_task",
                r.task,
                r.locator,
                doc,
                content_of(r),
                aliases=tuple(aliases_of.get(r.locator, [])),
                group=group,
                rows=rows_of(r.locator) if r.locator in names else (r.locator,),
                chunk_id=r.chunk_id if r.locator in shared else "",
            )
        )
    for loc, name, _, _ in body:
        # a body task without units of its own is still a name users ask by, when rows carry its units
        if loc in seen_key or not name:
            continue
        rws = rows_of(loc)
        if rws:
            group = names.get(parent.get(loc, ""), "")
            items.append(
                Item(
                    "key_task",
                    name,
                    loc,
                    doc,
                    contents.get(loc, ""),
                    aliases=tuple(aliases_of.get(loc, [])),
                    group=group,
                    rows=rws,
                )
            )
    for g, locs in groups.items():
        if g not in group_block:  # an annex group no body heading names: an item of its own
            items.append(Item("key_task", g, locs[0], doc, group=g, rows=tuple(locs)))
    shared_rows = _shared_locators(rows)
    for r in rows:
        chunk = by_loc.get((r.doc_id, r.chunk_id)) or by_loc.get((r.doc_id, r.locator))
        content = chunk.quote if chunk else r.quote
        # the units cell is not content: a question naming a unit is a reverse question, not this row;
        # nor is the group cell: a question naming the group asks for all its rows, not this one
        g = group_of(r)
        for cell in sorted([*r.units, *([g] if g else [])], key=len, reverse=True):
            content = content.replace(cell, " ")
        items.append(
            Item(
                "pilot",
                r.pilot_task or r.task,
                r.locator,
                r.doc_id,
                content,
                group=g,
                rows=(r.locator,),
                chunk_id=r.chunk_id if r.locator in shared_rows else "",
            )
        )
    return items


def build_catalog(
    facts: Facts, chunks: list[Chunk], plans: list[Plan] | None = None, th: AnsweringSettings | None = None
) -> Catalog:
    plans = plans or []
    key_tasks = [
        r for r in facts.responsibilities if r.pilot_task is None and not r.locator.startswith("附件")
    ]
    rows = [r for r in facts.responsibilities if r.pilot_task is not None or r.locator.startswith("附件")]
    th = th or AnsweringSettings()
    items = _task_items(facts, chunks, plans, th)
    text = "\n".join(p.text for p in plans) or "\n".join(c.quote for c in chunks)
    cities = set(re.findall(r"^([\u4e00-\u9fa5]{2})[市省州]", "\n".join(p.title for p in plans), flags=re.M))
    cities |= {m for m in re.findall(r"([\u4e00-\u9fa5]{2})市人民政府", text)}
    units = {u for r in facts.responsibilities for u in r.units}
    aliases: dict[str, str] = {}
    for u in sorted(units, key=len, reverse=True):
        for a in unit_aliases(u, cities):
            aliases.setdefault(a, u)
    terms: dict[str, list[str]] = {}
    for c in chunks:
        for t in re.findall(r"“([^”]{2,12})”", c.quote):
            terms.setdefault(t, []).append(c.locator)
    docs = [bigrams(c.text) for c in chunks] + [bigrams(i.name) for i in items]
    df = Counter(b for d in docs for b in d)
    n = len(docs) or 1
    idf = {b: math.log(1 + n / (1 + f)) for b, f in df.items()}
    return Catalog(
        key_tasks,
        rows,
        items,
        units,
        aliases,
        terms,
        idf,
        text,
        {p.doc_id: p.title for p in plans},
        {p.doc_id: plan_names(p) for p in plans},
        cities,
        synonyms=tuple(tuple(g) for p in plans for g in p.lexicon.synonyms),
        english={en: zh for p in plans for en, zh in p.lexicon.english.items()},
        name_aliases={
            **_name_aliases(text, cities, units),
            # a unit that is an institution is asked about as a subject too (“某医大聚焦哪些领域”)
            **{
                a: u
                for a, u in aliases.items()
                if _INSTITUTION_END.search(u) and a != u and norm(a) not in norm(text)
            },
        },
        th=th,
    )


_INSTITUTION_END = re.compile(r"(?:大学|学院|研究院|实验室)$")
# An institution's name where a clause starts with it: “；某某大学聚焦…”, “支持某某学院…”.
_INSTITUTION = re.compile(r"(?:^|(?<=[，。；、：\s“（(]))([\u4e00-\u9fa5]{2,10}?(?:大学|学院|研究院|实验室))")


def _name_aliases(text: str, cities: set[str], units: set[str]) -> dict[str, str]:
    """Short forms of the institutions the text names (a city university by its usual abbreviation), for
    questions that use them. A short form that is itself plan text, or fits two names, is left alone."""
    plain = norm(text)
    names = {m for m in _INSTITUTION.findall(text) if not m.startswith(("各", "在", "支持", "推动", "建设"))}
    out: dict[str, str] = {}
    clash: set[str] = set()
    for name in sorted(names - units):
        for alias in unit_aliases(name, cities):
            if alias == name or norm(alias) in plain:
                continue
            if alias in out and out[alias] != name:
                clash.add(alias)
            out[alias] = name
    return {a: n for a, n in out.items() if a not in clash}


_PLAN_SUFFIX = re.compile(r"(的)?(实施方案|行动方案|工作方案|行动计划|实施意见|方案|计划|意见|通知)$")
_PLACE_HEAD = re.compile(r"^([\u4e00-\u9fa5]{2,4}?)(市|县|区|省|自治州|州|旗|街道|镇|乡)")


def plan_names(plan: Plan) -> list[str]:
    """What a user calls a plan: its title, 文号, the title without its place and kind, and its place
    (宁波市 / 宁波), longest first."""
    names = {plan.title, plan.doc_number or ""}
    title = plan.title
    head = _PLACE_HEAD.match(title)
    if head:
        names |= {head.group(0), head.group(1)}
        title = title[head.end() :]
    core = _PLAN_SUFFIX.sub("", title)
    if len(core) >= 4:
        names.add(core)
    return sorted((n for n in names if len(n) >= 2), key=len, reverse=True)


def scope_doc(question: str, cat: Catalog) -> str | None:
    """The one plan a question names (title, 文号 or place) when several are indexed; None otherwise."""
    if len(cat.doc_names) < 2:
        return None
    q = norm(question)
    hits = {d for d, names in cat.doc_names.items() if any(norm(n) in q for n in names)}
    return next(iter(hits)) if len(hits) == 1 else None


def strip_plan_name(text: str, names: list[str], units: Iterable[str] = ()) -> str:
    """Remove the words that named the plan. A bare place (宁波) stays where it begins a unit (“宁波大学
    负责什么”, 宁波市科技局); before anything else (“古美路街道独居老人关爱工作由谁牵头”) it only says
    whose plan is meant, and left in it would match the passages whose titles repeat the place."""
    for name in names:
        place = len(name) <= 5 and not name.endswith("号")
        tail = (
            r"[…\.·\s]{0,3}(的)?(方案|计划|文件)(里|中|内)?"
            if place
            else r"》?(的)?(方案|计划|文件)?(里|中|内)?"
        )
        text = re.sub(rf"(在|按照|根据)?《?{re.escape(name)}{tail}", " ", text)
        if place and _PLACE_HEAD.match(name):
            text = _strip_bare_place(text, name, units)
    return text


_SCOPE = re.compile(
    r"^\s*(?:在|按照|根据)?(?:这份|这个|这项|本|该|此)?([\u4e00-\u9fa5“”《》]{0,32}?)"
    # the title may carry its edition in brackets: “…若干措施（修订）里，”
    r"(?:方案|计划|文件|措施|意见|政策|办法|通知)(?:[（(][\u4e00-\u9fa5]{1,6}[）)])?(?P<in>里|中|内|当中|里面)?[，,\s]"
)
# words that point at the plan rather than name it: “哈尔滨那份…措施里”
_POINTING = re.compile(r"那份|这份|那个|这个|那项|这项|[“”《》]")


def strip_plan_scope(text: str, names: list[str]) -> str:
    """Remove an opening clause that only says which plan is asked (“河南生育支持措施里，…”, “这份房地产
    措施中，…”): its words are the plan's own title words, and left in they would be matched as content."""
    m = _SCOPE.match(text)
    if not m or not names:
        return text
    if not m.group("in") and not _POINTING.search(m.group(0)):
        return text  # (“余江区那份…实施意见，…”: without 里, only a plan pointed at is set aside)
    said = norm(_POINTING.sub("", m.group(1)))
    title = set().union(*(bigrams(n) for n in names))
    pairs = [said[i : i + 2] for i in range(len(said) - 1)]
    if pairs and sum(p in title for p in pairs) < 0.6 * len(pairs):
        return text  # “社区托育服务中…”: a subject of its own, not the plan's name
    return text[m.end() :]


def _strip_bare_place(text: str, place: str, units: Iterable[str]) -> str:
    at = text.find(place)
    if at < 0:
        return text
    rest = text[at + len(place) :]
    # (or inside one: 人民银行宝鸡市分行, 国家金融监管总局宝鸡监管分局)
    starts_unit = any(
        u and (text[at:].startswith(u) or rest.startswith(u) or (place in u and u in text)) for u in units
    )
    if starts_unit or re.match(r"[市区县省镇乡]?[\u4e00-\u9fa5]{0,8}?(?:局|委|办|政府|中心|大学|学院)", rest):
        return text
    return text[:at] + " " + rest


def pinyin_places(cat: Catalog) -> dict[str, str]:
    """Romanised names of the places in the units (鹿城区政府 -> lucheng: 鹿城), for English questions.
    pypinyin is optional: without it English questions simply do not match place names."""
    if cat.base is not None:
        return pinyin_places(cat.base)
    if cat.pinyin is None:
        places = {m.group(1) for u in cat.units if (m := re.match(r"^([\u4e00-\u9fa5]{2})[区县市]", u))}
        places |= cat.cities
        try:
            from pypinyin import lazy_pinyin
        except ImportError:
            cat.pinyin = {}
        else:
            cat.pinyin = {"".join(lazy_pinyin(p)): p for p in places}
    return cat.pinyin


def romanised_places(text: str, cat: Catalog) -> str:
    """“Lucheng District government” -> “鹿城 District government” before the glossary runs."""
    table = pinyin_places(cat)
    if not table:
        return text

    def sub(m: re.Match[str]) -> str:
        return table.get(m.group(0).lower().replace("-", "").replace("'", ""), m.group(0))

    return re.sub(r"[A-Za-z][A-Za-z'\-]+", sub, text)


def localize(text: str, cat: Catalog) -> str:
    """Plan shorthand built from a city name: 留在X市 -> 留 + its first character (the 留X率 of talent
    plans), 来到X -> 来 + its first character."""
    for city in cat.cities:
        text = re.sub(rf"(留|来|回)(在|到)?{city}(市)?", rf"\g<1>{city[0]}", text)
    return text
