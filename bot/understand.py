"""Question understanding: intent, linked tasks/pilot rows/agencies, follow-up condensing. Pure.

Everything the linker knows comes from a `Catalog` built from the plan's facts and chunks, so aliases
(瓯海区 -> 瓯海区政府, 眼谷 -> 中国眼谷, quoted terms like “先投后股”) are derived from the document
rather than listed by hand. Matching is on character bigrams weighted by rarity, which tolerates a typo.

Tasks form groups: an annex row files under its 工作任务 (inherited from the row above when blank), a body
task under its heading, and an annex group under the body task it names or restates. Every linkable item
carries `rows`, the passages holding its responsibilities, and `Understanding.rows` gives them for the
question, so a question naming a group reaches all of its rows.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from bot.aliases import (
    MONEY_WORDS,
    PERSON_TITLES,
    PLACE_NAMES,
    QUESTION_WORDS,
    expand_synonyms,
    translate_english,
)
from index.models import Block, Chunk, Facts, Plan, Responsibility, Role

Intent = Literal["responsible", "target", "reverse", "list", "fact", "other"]
Asked = Literal["when", "where", "money"] | None

_BRACKETS = str.maketrans({"（": "(", "）": ")", "〈": "(", "〉": ")", "【": "(", "】": ")"})
_PUNCT = re.compile(r"[\s，。、；：？！,.;:?!“”\"'‘’《》()（）〈〉「」]+")
_FOLLOWUP = re.compile(
    r"^(它|其|该|这个|这项|这一|那个|那项|上述|此)|它|这个试点|该试点|该任务|这项任务|这项试点|那个试点"
)
_ASKS_DUTY = re.compile(r"(负责|承担|牵头|参与|分管)(了)?(哪|什么|几)")
_ELLIPTIC = re.compile(r"(?:那么?|那)?(.{2,24}?)(?:的呢|呢)[？?]?")
_PRONOUNS = (
    "这个指标",
    "该指标",
    "这一指标",
    "这个目标",
    "该目标",
    "这个试点",
    "该试点",
    "这项试点",
    "那个试点",
    "这项任务",
    "该任务",
    "这个任务",
    "它们",
    "它",
    "其",
)


@lru_cache(maxsize=16384)
def norm(text: str) -> str:
    """Form used for matching only: no whitespace/punctuation, brackets unified, Latin lower-cased."""
    return _PUNCT.sub("", text.translate(_BRACKETS)).lower()


def bigrams(text: str) -> set[str]:
    t = norm(text)
    return {t[i : i + 2] for i in range(len(t) - 1)} if len(t) > 1 else {t} if t else set()


def longest_common(a: str, b: str, floor: int = 1) -> int:
    """Length of the longest substring of `a` found in `b` (0 when shorter than `floor`).

    Substring search in C beats a Python DP table by far for the short questions seen here.
    """
    a, b = norm(a)[:60], norm(b)
    best = 0
    for i in range(len(a)):
        length = max(best + 1, floor)
        while i + length <= len(a) and a[i : i + length] in b:
            best = length
            length += 1
    return best


def is_latin(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isascii() for c in letters) / len(letters) > 0.6


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


def _strip_city(name: str, cities: set[str]) -> list[str]:
    out = []
    for c in cities:
        if name.startswith(c) and len(name) - len(c) >= 2:
            out.append(name[len(c) :])
    return out


def unit_aliases(unit: str, cities: set[str]) -> list[str]:
    """Short forms users type: 瓯海区政府 -> 瓯海区/瓯海; 温州海经区管委会 -> 海经区; 中国眼谷 -> 眼谷."""
    if unit.startswith("各") or len(unit) < 3:
        return []
    forms = {unit}
    for suffix in ("人民政府", "政府", "管理委员会", "管委会", "委员会"):
        if unit.endswith(suffix) and len(unit) - len(suffix) >= 2:
            forms.add(unit[: -len(suffix)])
    # NOTE: the city prefix is dropped only from place-like bodies (温州海经区管委会 -> 海经区) and brand
    # names (中国眼谷 -> 眼谷); 温州职业技术学院 -> 职业技术学院 would swallow 浙江安防职业技术学院.
    if not re.search(r"(大学|学院|学校|实验室|研究院|中心)$", unit):
        for f in list(forms):
            forms.update(_strip_city(f, cities | {"中国"}))
    for city in cities:
        # the usual abbreviation of an institution: 温州医科大学 -> 温医大, 温州职业技术学院 -> 温职院
        rest = unit[len(city) :] if unit.startswith(city) else ""
        if len(rest) >= 4 and rest.endswith("大学"):
            forms.add(city[0] + rest[0] + "大")
        elif len(rest) >= 4 and rest.endswith("学院"):
            forms.add(city[0] + rest[0] + "院")
    if unit.startswith("市") and len(unit) >= 4:
        forms.add(unit[1:])  # 市科技局 -> 科技局
    for f in list(forms):
        # 乐清市 -> 乐清, only when the rest is still a 2+ character name
        if f[-1] in "市区县" and len(f) >= 3 and f != unit:
            forms.add(f[:-1])
    return sorted((f for f in forms if len(f) >= 2 and f not in ("政府", "市政府", "区政府")), key=len)


def _title(text: str) -> str:
    """A heading as a name: markup, numbering, closing stop removed (**推行某某改革。** -> 推行某某改革)."""
    t = re.sub(r"[*#_`]+", "", text).strip()
    t = re.sub(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[.．、])\s*", "", t)
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


GROUP_SIM = 0.75  # an annex 工作任务 names a body task when this much of the shorter name is in the longer
FILED_COVER = 0.6  # an annex row is filed under the body task whose text states this much of it


def _task_items(facts: Facts, chunks: list[Chunk], plans: list[Plan]) -> list[Item]:
    """Linkable tasks and rows, with the groups they form.

    Plans tie body and annex together in different ways: the annex 工作任务 repeats a body task's name
    (温州: 任务名称 = key task), shortens a body heading (垃圾分类 for （一）全面推进垃圾分类), or the
    body task carries no units at all and its annex row restates its measure (3. 压缩审批时限 ->
    附件 第5项 审批时限压缩至10个工作日). A question may name any of them, so every body task and
    every annex group becomes an item whose `rows` are all the passages holding its responsibilities.
    """
    by_loc = {(c.doc_id, c.locator): c for c in chunks}
    resp = facts.responsibilities
    docs = list(dict.fromkeys([p.doc_id for p in plans] + [r.doc_id for r in resp]))
    blocks_of = {p.doc_id: [b for b in p.blocks if b.kind == "task"] for p in plans}
    items: list[Item] = []
    for doc in docs:
        rs = [r for r in resp if r.doc_id == doc]
        items += _doc_items(doc, rs, blocks_of.get(doc, []), by_loc)
    return items


def _doc_items(
    doc: str, rs: list[Responsibility], blocks: list[Block], by_loc: dict[tuple[str, str], Chunk]
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
        if best[0] >= GROUP_SIM:
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
        if best[0] >= FILED_COVER:
            filed[best[1]].append(loc)
        elif home:
            filed[home].append(loc)
    order = {loc: i for i, loc in enumerate([lo for lo, *_ in body] + row_locs)}

    def rows_of(loc: str) -> tuple[str, ...]:
        out = {loc} if loc in own else set()
        out.update(filed.get(loc, []))
        for c in children(loc):
            out.update(rows_of(c))
        return tuple(sorted(out, key=lambda x: order.get(x, len(order))))

    aliases_of: dict[str, list[str]] = {}
    for g, loc in group_block.items():
        if norm(g) != norm(names[loc]):
            aliases_of.setdefault(loc, []).append(g)
    parent = {c: loc for loc in names for c in children(loc) if paths[c][:-1] == paths[loc]}
    seen_key: set[str] = set()
    for r in key:
        if r.locator in seen_key:
            continue
        seen_key.add(r.locator)
        group = names.get(parent.get(r.locator, ""), "")
        items.append(
            Item(
                "key_task",
                r.task,
                r.locator,
                doc,
                contents.get(r.locator, ""),
                aliases=tuple(aliases_of.get(r.locator, [])),
                group=group,
                rows=rows_of(r.locator) if r.locator in names else (r.locator,),
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
    for r in rows:
        chunk = by_loc.get((r.doc_id, r.locator))
        content = chunk.quote if chunk else r.quote
        # the units cell is not content: a question naming a unit is a reverse question, not this row;
        # nor is the group cell: a question naming the group asks for all its rows, not this one
        g = group_of(r)
        for cell in sorted([*r.units, *([g] if g else [])], key=len, reverse=True):
            content = content.replace(cell, " ")
        items.append(
            Item("pilot", r.pilot_task or r.task, r.locator, r.doc_id, content, group=g, rows=(r.locator,))
        )
    return items


def build_catalog(facts: Facts, chunks: list[Chunk], plans: list[Plan] | None = None) -> Catalog:
    plans = plans or []
    key_tasks = [
        r for r in facts.responsibilities if r.pilot_task is None and not r.locator.startswith("附件")
    ]
    rows = [r for r in facts.responsibilities if r.pilot_task is not None or r.locator.startswith("附件")]
    items = _task_items(facts, chunks, plans)
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
    )


_PLAN_SUFFIX = re.compile(r"(的)?(实施方案|行动方案|工作方案|行动计划|实施意见|方案|计划|意见|通知)$")
_PLACE_HEAD = re.compile(r"^([\u4e00-\u9fa5]{2,4}?)(市|县|区|省|自治州|州|旗)")


def plan_names(plan: Plan) -> list[str]:
    """What a user calls a plan: its title, 文号, the title without its place and kind, and its place
    (温州市 / 温州), longest first."""
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


_CROSS = re.compile(
    r"哪些方案|哪个方案|哪几个方案|各个?方案|每个方案|所有方案|几个方案|各(份|个)?(计划|文件)|哪些文件"
)


def scope_doc(question: str, cat: Catalog) -> str | None:
    """The one plan a question names (title, 文号 or place) when several are indexed; None otherwise."""
    if len(cat.doc_names) < 2 or _CROSS.search(question):
        return None
    q = norm(question)
    hits = {d for d, names in cat.doc_names.items() if any(norm(n) in q for n in names)}
    return next(iter(hits)) if len(hits) == 1 else None


def strip_plan_name(text: str, names: list[str]) -> str:
    """Remove the words that named the plan. A bare place (温州) stays unless a plan word follows it:
    in “温州医科大学负责什么” it is part of a unit."""
    for name in names:
        place = len(name) <= 5 and not name.endswith("号")
        tail = (
            r"[…\.·\s]{0,3}(的)?(方案|计划|文件)(里|中|内)?"
            if place
            else r"》?(的)?(方案|计划|文件)?(里|中|内)?"
        )
        text = re.sub(rf"(在|按照|根据)?《?{re.escape(name)}{tail}", " ", text)
    return text


def asked_type(question: str) -> Asked:
    """The kind of value a question wants, when a sentence can only answer it by containing one."""
    if re.search(
        r"哪一?天|哪一?年|何时|什么时候|什么时间|几月|日期|时限|期限|when\b|what date|what year",
        question,
        re.I,
    ):
        return "when"
    if re.search(
        r"金额|多少钱|(资金|基金|经费|投资)的?(规模|总额|数额|上限)|规模有?多大|额度|万元|亿元", question
    ):
        return "money"
    if re.search(r"哪些?地方|哪里|哪儿|什么地方|哪些地区|哪些区域|where\b", question, re.I):
        return "where"
    return None


def pinyin_places(cat: Catalog) -> dict[str, str]:
    """Romanised names of the places in the units (鹿城区政府 -> lucheng: 鹿城), for English questions.
    pypinyin is optional: without it English questions simply do not match place names."""
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
    """Plan shorthand built from a city name: 留在温州 -> 留温 (留温率), 来到温州 -> 来温."""
    for city in cat.cities:
        text = re.sub(rf"(留|来|回)(在|到)?{city}(市)?", rf"\g<1>{city[0]}", text)
    return text


@dataclass
class Link:
    item: Item
    score: float


@dataclass
class Understanding:
    question: str  # cleaned question as asked
    query: str  # condensed with history, for retrieval and matching
    intent: Intent
    english: bool = False
    links: list[Link] = field(default_factory=list)  # tasks and pilot rows, best first
    agencies: list[str] = field(default_factory=list)  # units as written
    wants_annex: bool = False
    abstain_reason: str | None = None
    followup_of: str | None = None
    core: str = ""  # query without question words, for matching
    match: str = ""  # query as matched: English glossary-translated to Chinese
    asks: Asked = None  # the kind of value wanted: a date, a place, an amount of money
    doc: str | None = None  # the plan the question names (title, 文号, place), when exactly one fits
    cross: bool = False  # asks across plans: 哪些方案…, 各个方案里…
    # (doc_id, locator) of every passage holding the responsibilities of what the question names, in
    # document order: the row itself, all rows of a task group (工作任务 cell, possibly inherited), the
    # annex rows filed under a body task, plus the body passage when it names units. [] when nothing is
    # linked for sure. The composer lists the responsibilities found at these locators.
    rows: list[tuple[str, str]] = field(default_factory=list)
    role: Role | None = None  # the role asked for: 牵头 (牵头单位/谁牵头), 配合 (配合单位/协助); None = any
    content: bool = False  # asks what a linked row/task is (附件第6项是什么？): answer with its passage
    unknown_agencies: list[str] = field(default_factory=list)  # units named that the plan does not have


def core_of(text: str) -> str:
    out = text
    for w in sorted(QUESTION_WORDS, key=len, reverse=True):
        out = out.replace(w, " ")
    return norm(out)


def _weighted_cov(a: set[str], b: set[str], idf: dict[str, float]) -> float:
    """Share of `a`'s weight that `b` covers."""
    total = sum(idf.get(x, 3.0) for x in a)
    return sum(idf.get(x, 3.0) for x in a & b) / total if total else 0.0


_ROW_REF = re.compile(r"(?:附件|清单)?第\s*(\d+)\s*项")
_TASK_REF = re.compile(r"([一二三四五六七八九十])[、]?[（(]([一二三四五六七八九十]+)[）)]")


_NAMED_REF = re.compile(r"(重点任务|主要任务|保障措施)[(]([一二三四五六七八九十]+)[)]")


def referenced_locators(question: str, cat: Catalog) -> set[str]:
    """Locators the question names the way the document numbers them: 附件第8项, 二（五）."""
    q = question.translate(_BRACKETS)
    out = {f"附件 第{m}项" for m in _ROW_REF.findall(q)}
    for name, sub in _NAMED_REF.findall(q):
        out |= {
            it.locator
            for it in cat.items
            if name in it.locator and it.locator.translate(_BRACKETS).endswith(f"({sub})")
        }
    for part, sub in _TASK_REF.findall(q):
        out |= {
            it.locator
            for it in cat.items
            if it.locator.startswith(part + "、") and it.locator.translate(_BRACKETS).endswith(f"({sub})")
        }
    return out


def _abbreviated(core: str, name: str) -> tuple[set[str], set[str]]:
    """Bigrams a Chinese abbreviation stands for: 环保 in the question covers 环境保护 in the name
    (first characters of two words). Returns (question bigrams explained, name bigrams covered)."""
    q, n = norm(core), norm(name)
    nb = {n[i : i + 2] for i in range(len(n) - 1)}
    q_hit: set[str] = set()
    n_hit: set[str] = set()
    for i in range(len(q) - 1):
        pair = q[i : i + 2]
        if pair in nb:
            continue
        for j in range(len(n) - 3):
            # the usual contraction: first character of each of two two-character words
            if n[j] == pair[0] and n[j + 2] == pair[1]:
                q_hit.add(pair)
                n_hit |= {n[j : j + 2], n[j + 1 : j + 3], n[j + 2 : j + 4]}
    return q_hit, n_hit


_MEASURE = re.compile(r"\d+(?:\.\d+)?[%％]?[\u4e00-\u9fa5]?")


def _title_score(name: str, qb: set[str], qcore: set[str], core: str, cat: Catalog) -> float:
    """Half: how much of the name the question says; half: how much of the question the name explains.
    The number of a measure (60座, 95%) is not part of what a user calls the task."""
    plain = _MEASURE.sub("", name) or name
    q_abbr, n_abbr = _abbreviated(core, name)
    said = _weighted_cov(bigrams(plain), qb | n_abbr, cat.idf)
    return 0.5 * said + 0.5 * _weighted_cov(qcore, bigrams(name) | q_abbr, cat.idf)


def link_items(
    core: str, cat: Catalog, kinds: tuple[str, ...] = ("key_task", "pilot"), question: str = ""
) -> list[Link]:
    """Score every task/row name (and row content) against the question core; best first."""
    refs = referenced_locators(question, cat) if question else set()
    qb = bigrams(expand_synonyms(core))
    qcore = bigrams(core)
    terms = [norm(t) for t in cat.terms if len(t) >= 3]
    # a unit named in the question is who, not what: it must not match a passage that merely mentions it
    what = norm(core)
    for key in sorted(
        {norm(u) for u in cat.units} | {norm(a) for a in cat.unit_aliases}, key=len, reverse=True
    ):
        if len(key) >= 3 and key in what:
            what = what.replace(key, "\u0001")
    # a body paragraph names many organisations in passing (“…大学聚焦…”); naming one does not name the task
    what_body = _ORG.sub("\u0001", what)
    scored: list[tuple[Item, float, float]] = []
    for it in cat.items:
        if it.kind not in kinds:
            continue
        title = max(_title_score(name, qb, qcore, core, cat) for name in (it.name, *it.aliases))
        content = 0.0
        if it.content and len(core) >= 4:
            lcs = longest_common(what_body if it.kind == "key_task" else what, it.content, floor=5)
            if lcs >= 5:
                content = min(1.0, lcs / max(len(core), 1)) * 0.95
        scored.append((it, title, content))
    # A phrase that several unrelated passages contain (a policy term repeated in many paragraphs) does
    # not name one of them: such content matches count for half, and the names decide.
    strong = [(it, c) for it, _, c in scored if c > 0]
    out = []
    for it, title, content in scored:
        if content > title and any(
            c >= content - 0.02
            and (o.doc_id, o.locator) != (it.doc_id, it.locator)
            and not (o.doc_id == it.doc_id and (o.locator in it.rows or it.locator in o.rows))
            for o, c in strong
        ):
            content *= 0.5
        score = max(title, content)
        # quoted terms of the document (“先投后股” “揭榜挂帅”) are names users reuse verbatim
        if any(t in core and norm(t) in norm(it.name) for t in terms):
            score = min(1.0, score + 0.3)
        if it.locator in refs:
            score = 1.0
        out.append(Link(it, score))
    out.sort(key=lambda lk: -lk.score)
    return out


# A government body as users write it: an administrative prefix, a few characters, an agency suffix.
# It must open the question or follow a function word: a word ending in 办 inside a phrase is no agency.
_AGENCY_MENTION = re.compile(
    r"(?:^|(?<=[由和与及、是的在让请问那中里对跟向给]))"
    r"([县市区省州][\u4e00-\u9fa5]{1,10}?(?:分局|局|委|办|厅|中心|支队|大队|分行|集团|公司))"
)


def _is_contraction(short: str, full: str) -> bool:
    """市卫健委 of 市卫生健康委员会, 县人社局 of 县人力资源和社会保障局: same first and last character,
    the short form's characters in order within the full name."""
    full = re.sub(r"委员会$", "委", full)  # 卫健委 is short for 卫生健康委员会
    if len(short) >= len(full) or len(short) < 3 or short[0] != full[0] or short[-1] != full[-1]:
        return False
    it = iter(full)
    return all(ch in it for ch in short)


def _mentions(text: str) -> list[tuple[int, int, str]]:
    t = norm(text)
    return [(m.start(1), m.end(1), m.group(1)) for m in _AGENCY_MENTION.finditer(t)]


def _contracted_unit(mention: str, cat: Catalog) -> list[str]:
    """Plan units the mention is a contraction (or the full name) of."""
    return sorted(
        u for u in cat.units if _is_contraction(mention, norm(u)) or _is_contraction(norm(u), mention)
    )


_LEVEL_CHARS = "省市县区镇乡"


def _level_clash(before: str, key: str, unit: str) -> bool:
    """“县科技局” is not 市科技局: a short form made by dropping the unit's level (市科技局 -> 科技局) does
    not stand for it when the question puts another level in front."""
    u, level = norm(unit), before[-1:]
    return (
        bool(level)
        and level in _LEVEL_CHARS
        and level != u[0]
        and len(u) == len(key) + 1
        and u.endswith(key)
        and u[0] in _LEVEL_CHARS
    )


def unknown_agencies(text: str, cat: Catalog) -> list[str]:
    """Agencies the question names that the plan has under no name: 县人社局 in a plan without any
    人力资源和社会保障 unit. A contraction of a unit the plan has (县人社局 for 县人力资源和社会保障局)
    is not unknown."""
    if not cat.units:
        return []
    plan_text = norm(cat.text)
    known = [(norm(u), u) for u in cat.units] + [(norm(a), u) for a, u in cat.unit_aliases.items()]
    out = []
    for _, _, m in _mentions(text):
        if m in plan_text or _contracted_unit(m, cat):
            continue
        if any(k in m and not _level_clash(m[: m.find(k)], k, u) for k, u in known if len(k) >= 3):
            continue
        out.append(m)
    return out


def find_agencies(text: str, cat: Catalog) -> list[str]:
    """Units named in the text, by full name, a document-derived short form or a contraction that fits
    exactly one unit (县人社局 -> 县人力资源和社会保障局); longest match wins."""
    t = norm(text)
    found: list[str] = []
    taken: list[tuple[int, int]] = []
    cands = [(norm(u), u) for u in cat.units] + [(norm(a), u) for a, u in cat.unit_aliases.items()]
    for key, unit in sorted(cands, key=lambda x: -len(x[0])):
        start = t.find(key)
        while start >= 0:
            end = start + len(key)
            if not any(s < end and start < e for s, e in taken) and not _level_clash(t[:start], key, unit):
                taken.append((start, end))
                if unit not in found:
                    found.append(unit)
            start = t.find(key, end)
    for start, end, m in _mentions(text):
        units = _contracted_unit(m, cat)
        if len(units) == 1 and not any(s < end and start < e for s, e in taken):
            taken.append((start, end))
            if units[0] not in found:
                found.append(units[0])
    return found


_REVERSE = re.compile(
    r"(负责|承担|牵头|参与|涉及)(了)?(哪些|哪个|哪项|哪几|什么|几项|多少)"
    r"|(哪些|哪个|哪项|哪几|什么)(项)?(改革)?(重点任务|试点|任务|工作)"
    r"|(负责|承担)的(改革)?(试点|任务|重点任务|工作)"
    r"|(试点|任务)中哪些"
)
_RESPONSIBLE = re.compile(
    r"谁|责任单位|牵头单位|配合单位|负责单位|(牵头|配合|责任|负责|主管|承办|协办)(部门|单位|机关)|哪个单位|哪些单位|哪个部门|哪些部门|哪个区|哪个县|哪个市|哪家|由哪"
)
_LIST = re.compile(
    r"(名下|下面|下属|对应|之下)(的)?(有)?(哪些|什么)?(改革)?(试点|任务)|^(方案的?|本方案)?(保障措施|重点任务|主要任务|试点任务|改革试点)(都|分别)?(有哪些|是什么|包括哪些)|(几|多少)(项|个|条)(重点任务|试点任务|试点|任务|保障措施)|(重点任务|试点任务|试点|保障措施)[^，。？]{0,4}(几|多少)(项|个|条)[？?]?$|哪些(试点任务|试点|重点任务|任务)属于|属于.{0,12}的(试点|任务)|列出|列举|有哪些重点任务|有哪些试点"
)
_TARGET = re.compile(
    r"多快|多高|增幅|多少|(?<!哪)几[个项家名单件人所条万]|目标|指标|达到|比重|增速|百分之|%|强度|率"
)
# An organisation a question is about, even when it is not a responsible unit (温州大学, 某某学院).
_ORG = re.compile(r"[\u4e00-\u9fa5]{2,12}?(?:大学|学院|实验室|研究院|管委会|政府|局|委员会|中心)")
_ISSUER = re.compile(
    r"印发|发文机关|发文单位|发布单位|文号|发文字号|抄送|全称|哪天发|何时发|issued|issuer|document number"
)
_EN_RESP = re.compile(r"\b(who|in charge|responsible|runs?|leads?)\b", re.I)
_EN_TARGET = re.compile(r"\b(target|how many|how much|number of|goal|rate)\b", re.I)
_EN_REVERSE = re.compile(r"\b(which|what) (pilots?|tasks?)\b.*\b(does|is|are)\b", re.I)


def classify(question: str, agencies: list[str], best_link: float) -> Intent:
    q = question
    if _ISSUER.search(q):
        return "fact"
    if is_latin(q):
        if _EN_REVERSE.search(q) and agencies:
            return "reverse"
        if _EN_RESP.search(q):
            return "responsible"
        if _EN_TARGET.search(q):
            return "target"
        return "fact"
    if agencies and _REVERSE.search(q) and best_link < 0.6:
        return "reverse"
    if _LIST.search(q):
        return "list"
    if _RESPONSIBLE.search(q) or re.search(r"负责[？?]?$", q):
        return "responsible"
    # a Chinese task name in an English frame: “Who leads 推进某某工作?”
    if _EN_MIXED.search(q) and _EN_RESP.search(q):
        return "responsible"
    if _TARGET.search(q) or (_EN_MIXED.search(q) and _EN_TARGET.search(q)):
        return "target"
    return "fact"


# English question words around Chinese plan wording; removed before matching the Chinese
_EN_MIXED = re.compile(
    r"\b(who|whom|what|which|how many|how much|how|is|are|was|the|of|for|by|in|does|do|"
    r"leads?|runs?|responsible|in charge|target|goal)\b",
    re.I,
)


_FUNCTION_CHARS = re.compile(
    r"[的是在由和与及或哪个些只被对为从向把让给了吗呢么什谁何该这那其各每一全本我此到年]"
)


def _unit_starts(text: str, cat: Catalog) -> bool:
    t = norm(text)
    return any(t.startswith(norm(u)) for u in cat.units if len(u) >= 3)


def absent_signal(question: str, cat: Catalog) -> str | None:
    """A reason the plan cannot answer: a year, a place, a person or money the document never mentions."""
    text = norm(cat.text)
    q = question
    for y in re.findall(r"(20\d\d|19\d\d)\s*年", q):
        if y + "年" not in text:
            return f"{y}年"
    for m in re.finditer(r"([\u4e00-\u9fa5]{2,3})([市省])", q):
        name = m.group(1)[-2:]
        # judged by the two characters before 市 (“到2026年东湖市” names 东湖); 城市 is a word, not a place
        if name.endswith("城") or _FUNCTION_CHARS.search(name) or _unit_starts(q[m.end() - 1 :], cat):
            continue  # “试点只由市科技局”: 由市 is no place; 市科技局 is a unit
        if name in text or norm(m.group(0)) in text or m.group(0) in cat.units:
            continue
        return name + m.group(2)
    for place in PLACE_NAMES:
        if place in q and place not in text:
            return place
    for title in PERSON_TITLES:
        if title in q and title not in text:
            return title
    for w in MONEY_WORDS:
        if w in q and w not in text:
            return w
    return None


def clean(question: str, max_chars: int) -> tuple[str, list[str]]:
    """Strip control characters and clip; notes say what happened."""
    notes = []
    q = "".join(ch for ch in question if ch in "\n\t" or (ord(ch) >= 32 and ord(ch) != 127))
    q = re.sub(r"\s+", " ", q).strip()
    if len(q) > max_chars:
        q = q[:max_chars]
        notes.append(f"问题过长，已截取前 {max_chars} 个字。")
    return q, notes


def _focus(u: Understanding, cat: Catalog) -> str | None:
    """The entity a later turn's pronoun refers to: the row a reverse question found, the task a
    responsible question named, else the agency the question was about."""
    linked = u.links[0].item.name if u.links and u.links[0].score >= 0.5 else None
    if u.agencies and u.intent == "reverse":
        rows = [r for r in cat.rows if u.agencies[0] in r.units]
        if len(rows) == 1:
            return rows[0].pilot_task or rows[0].task
        # several tasks: “它” is the agency the question was about, not a task its words happen to touch
        return u.agencies[0]
    if linked and (u.intent == "responsible" or u.links[0].score >= 0.8):
        return linked
    if u.intent == "target" and not linked and len(u.core) >= 2:
        # a target question's subject (“科研院所研发投入增速”) is what “该指标” points back to
        return u.core
    if u.agencies:
        return u.agencies[0]
    if linked:
        return linked
    org = _ORG.search(u.query)
    return org.group() if org else None


def _has_own_entity(q: str, cat: Catalog) -> bool:
    return bool(find_agencies(q, cat)) or any(lk.score >= 0.5 for lk in link_items(core_of(q), cat)[:1])


# What a “…呢？” follow-up may ask about the same task: a role, a deadline, a target, the content. These
# are aspects, not entities: “配合单位呢？” keeps the task of the previous turn and changes what is asked.
_ASPECTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(配合|协办|协助)(单位|部门)"), "{}的配合单位有哪些？"),
    (re.compile(r"(牵头|主办)(单位|部门)"), "{}的牵头单位是谁？"),
    (re.compile(r"(责任|负责|承办)(单位|部门)|谁负责|由谁负责"), "{}的责任单位是谁？"),
    (
        re.compile(r"完成时间|完成时限|时间节点|时限|期限|截止时间|什么时候(完成)?|何时(完成)?|完成日期"),
        "{}什么时候完成？",
    ),
    (re.compile(r"(具体|量化|数量)?(目标|指标)(值|数)?|要达到多少|达到多少"), "{}的目标是多少？"),
    (re.compile(r"(主要|具体)?内容|具体措施|具体要求"), "{}的主要内容是什么？"),
)


def aspect_of(text: str) -> str | None:
    """The template of an aspect follow-up (“配合单位”, “完成时间”), when that is all the text says."""
    t = re.sub(r"^(那么?|那|还有|另外|以及)|(又|分别|各自)?(是|有)?(哪些|什么|谁|多少)?$", "", norm(text))
    for pattern, template in _ASPECTS:
        if t and pattern.fullmatch(t):
            return template
    return None


def condense(question: str, history: list[str], cat: Catalog) -> tuple[str, str | None]:
    """Rewrite a follow-up with the previous turn's entity; returns (query, entity or None)."""
    if not history:
        return question, None
    elliptic = _ELLIPTIC.fullmatch(question.strip())
    aspect = aspect_of(elliptic.group(1)) if elliptic else None
    if aspect:
        # “配合单位呢？” after “X由谁牵头？”: the same task X, asked for another role / its deadline / target
        prev = understand(history[-1], history[:-1], cat)
        entity = _focus(prev, cat)
        if entity:
            return aspect.format(entity), entity
    # “那它的责任单位呢？” names no new entity: it is a pronoun follow-up, not “那X呢”
    if elliptic and not aspect and not _FOLLOWUP.search(elliptic.group(1)):
        # “那温州肯恩大学呢？”: the previous question, asked about the new entity
        new = elliptic.group(1)
        prev_q = history[-1]
        prev = understand(prev_q, history[:-1], cat)
        # “X负责哪些试点？” then “那Y呢？”: Y takes X's place, whatever rows X's answer named
        old = prev.agencies[0] if prev.intent == "reverse" and prev.agencies else _focus(prev, cat)
        if old and old in prev_q:
            return prev_q.replace(old, new, 1), new
        return f"{new} {prev_q}", new
    pronoun = _FOLLOWUP.search(question)
    if not pronoun and _has_own_entity(question, cat):
        return question, None
    prev = understand(history[-1], history[:-1], cat)
    entity = _focus(prev, cat)
    if prev.intent == "reverse" and prev.agencies and _ASKS_DUTY.search(question):
        # “它还负责哪个试点？” after “X负责哪些…？”: 它 is still X, not the row X's answer named
        entity = prev.agencies[0]
    if not entity:
        return question, None
    for p in _PRONOUNS:
        if p in question:
            return question.replace(p, entity, 1), entity
    return f"{entity} {question}", entity


LINK_SURE = 0.5  # the composer's LINK_MIN: below it a link is a guess
TIE = 0.02


def prefer_rows(links: list[Link]) -> list[Link]:
    """A body task and an annex row filed under it, matched equally (the question quotes the row's
    measure, which the body paragraph repeats): the row is what the question names."""
    if not links:
        return links
    top = links[0].score
    near = [lk for lk in links if lk.score >= top - TIE]
    named_rows = {(lk.item.doc_id, lk.item.locator) for lk in near if lk.item.kind == "pilot"}
    out = []
    for lk in links:
        covers = any((lk.item.doc_id, loc) in named_rows for loc in lk.item.rows if loc != lk.item.locator)
        out.append(Link(lk.item, lk.score - 2 * TIE) if lk in near and covers else lk)
    return sorted(out, key=lambda lk: -lk.score)


def damp_ties(links: list[Link]) -> list[Link]:
    """A weak best link shared with a different task at the same score is no link: the question's
    words (often one generic word, 安全) fit several tasks, and picking the first would be a guess.
    The scores are scaled below LINK_SURE, keeping their order for the composer's ranking."""
    if not links or links[0].score >= 0.8 or links[0].score < LINK_SURE:
        return links
    top = links[0].item
    mine = {top.locator, *top.rows}

    def related(it: Item) -> bool:
        return it.doc_id == top.doc_id and (it.locator in mine or top.locator in it.rows)

    if not any(lk.score >= links[0].score - TIE and not related(lk.item) for lk in links[1:]):
        return links
    scale = (LINK_SURE - 0.01) / links[0].score
    return [Link(lk.item, lk.score * scale) for lk in links]


def linked_rows(links: list[Link]) -> list[tuple[str, str]]:
    """Every passage holding the responsibilities of what the question names: the best link, and links
    named just as clearly (two rows quoted in one question), each with all rows filed under it."""
    if not links or links[0].score < LINK_SURE:
        return []
    top = links[0].score
    chosen = [lk for lk in links if lk.score >= max(0.8, top - 0.02)] or links[:1]
    out: list[tuple[str, str]] = []
    for lk in chosen:
        for loc in lk.item.rows or (lk.item.locator,):
            if (lk.item.doc_id, loc) not in out:
                out.append((lk.item.doc_id, loc))
    return out


_LEAD_ASK = re.compile(r"牵头|主抓|主责|主导|\blead", re.I)
# NOTE: 参与/涉及 cover every role (a 责任单位 takes part too); 配合/协助 ask for the supporting role.
_COOP_ASK = re.compile(r"配合|协助|协同|协办|\bsupport|\bassist|cooperat", re.I)
_RESP_TOO = re.compile(r"谁负责|责任单位|负责单位|由谁|是谁负责|who is responsible", re.I)


def asked_role(question: str) -> Role | None:
    """牵头 (牵头/主抓), 配合 (配合/协助), or None: every role, each line saying which."""
    lead, coop = bool(_LEAD_ASK.search(question)), bool(_COOP_ASK.search(question))
    lead = lead or (coop and bool(_RESP_TOO.search(question)))  # “谁负责？配合单位有哪些？”: both
    if lead == coop:
        return None
    return "牵头" if lead else "配合"


_CONTENT_ASK = re.compile(
    r"是什么|是啥|什么内容|主要内容|具体内容|讲(的|了)?什么|写(的|了)?什么|做什么|干什么|指什么"
    r"|what is|what does|what's",
    re.I,
)


def asks_content(question: str, cat: Catalog) -> bool:
    """“附件第6项是什么？”: the question names a passage by its number and asks what it says."""
    return bool(referenced_locators(question, cat)) and bool(_CONTENT_ASK.search(question))


def understand(question: str, history: list[str] | None, cat: Catalog) -> Understanding:
    query, entity = condense(question, history or [], cat)
    english = is_latin(query)
    # English: glossary words become Chinese; what the glossary does not know is dropped for matching
    # (the dense side of retrieval still sees the original question).
    if english:
        match_text = re.sub(r"[A-Za-z][A-Za-z'\-]*", " ", translate_english(romanised_places(query, cat)))
    elif len(_EN_MIXED.findall(query)) >= 2:
        match_text = _EN_MIXED.sub(" ", query)
    else:
        match_text = query
    doc = scope_doc(match_text, cat)
    if doc:
        # the plan's name chose the plan; left in, it would be matched as content (温州 -> 温州医科大学)
        match_text = strip_plan_name(match_text, cat.doc_names.get(doc, []))
    match_text = localize(match_text, cat)
    core = core_of(match_text)
    links = link_items(core, cat, question=match_text) if core else []
    if doc:
        links = [lk for lk in links if lk.item.doc_id == doc]
    links = damp_ties(prefer_rows(links))
    agencies = find_agencies(match_text, cat)
    unknown = unknown_agencies(match_text, cat)
    best = links[0].score if links else 0.0
    # a question that named its plan is classified without the plan's name (“青山…方案中重点任务有哪些”)
    intent = classify(match_text.strip() if doc and not english else query, agencies, best)
    wants_annex = bool(re.search(r"附件|试点|清单|pilot", query, re.I))
    return Understanding(
        question=question,
        query=query,
        intent=intent,
        english=english,
        links=links,
        agencies=agencies,
        wants_annex=wants_annex,
        abstain_reason=absent_signal(match_text, cat) or (unknown[0] if unknown else None),
        followup_of=entity,
        core=core,
        match=match_text,
        asks=asked_type(query),
        doc=doc,
        cross=bool(_CROSS.search(match_text))
        or bool(re.search(r"\b(which|each|all) (plans?|documents?)\b", query, re.I)),
        rows=linked_rows(links),
        role=asked_role(query),
        content=asks_content(match_text, cat) and not agencies,
        unknown_agencies=unknown,
    )
