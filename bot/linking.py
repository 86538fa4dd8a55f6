"""Linking a question to the plan: tasks and rows by name or content, agencies by name, short form or
contraction. Pure; scores are bigram coverage weighted by rarity, which tolerates a typo."""

from __future__ import annotations

import re
from itertools import groupby

from bot.aliases import QUESTION_WORDS, expand_synonyms
from bot.catalog import Catalog, Item, ItemIndex, quoted_terms
from bot.spec import Link
from bot.text import _BRACKETS, bigrams, longest_common, norm, weighted_cov
from index.vocab import fitting_roles

# An organisation a question is about, even when it is not a responsible unit (a university, a college).
ORG = re.compile(r"[\u4e00-\u9fa5]{2,12}?(?:大学|学院|实验室|研究院|管委会|政府|局|委员会|中心)")


_WHICH_COUNT = re.compile(r"哪[一两二三四五六七八九十几]*[个种项类条所家名位批]")


_QUOTED = re.compile(r"(“[^“”]{2,20}”)")


def core_of(text: str) -> str:
    # a term the question quotes is the plan's own and kept whole: “一路一方案” is no question about a 方案
    parts = _QUOTED.split(_WHICH_COUNT.sub(" ", text))  # “哪两种模式”: the count asked about is no content
    for k in range(0, len(parts), 2):
        for w in sorted(QUESTION_WORDS, key=len, reverse=True):
            parts[k] = parts[k].replace(w, " ")
    return norm("".join(parts))


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
    said = weighted_cov(bigrams(plain), qb | n_abbr, cat.idf)
    return 0.5 * said + 0.5 * weighted_cov(qcore, bigrams(name) | q_abbr, cat.idf)


def _skips(name: str) -> set[str]:
    n = norm(name)
    return {n[j] + n[j + 2] for j in range(len(n) - 3)}


def unit_keys(cat: Catalog) -> tuple[list[tuple[str, str]], tuple[str, ...]]:
    """The units and their short forms as matching keys, longest first, made once per catalogue:
    (normalised key, unit) pairs, and the distinct keys."""
    root = cat.base or cat
    if root.unit_keys is None:
        pairs = [(norm(u), u) for u in root.units] + [(norm(a), u) for a, u in root.unit_aliases.items()]
        keys = sorted({k for k, _ in pairs}, key=len, reverse=True)
        # units are a set: name ties (各县（市、区）/各县〈市、区〉) in a fixed order, not hash order
        root.unit_keys = (sorted(pairs, key=lambda x: (-len(x[0]), x[0], x[1])), tuple(keys))
    return root.unit_keys


def _index_of(root: Catalog, key: str, items: list[Item]) -> ItemIndex:
    if key not in root.item_indexes:
        grams: dict[str, list[int]] = {}
        skips: dict[str, list[int]] = {}
        locators: dict[str, list[int]] = {}
        for i, it in enumerate(items):
            keys: set[str] = bigrams(it.content) if it.content else set()
            abbr: set[str] = set()
            for name in (it.name, *it.aliases):
                keys |= bigrams(name) | bigrams(_MEASURE.sub("", name) or name)
                abbr |= _skips(name)
            for k in keys:
                grams.setdefault(k, []).append(i)
            for k in abbr:
                skips.setdefault(k, []).append(i)
            locators.setdefault(it.locator, []).append(i)
        root.item_indexes[key] = ItemIndex(items, grams, skips, locators)
    return root.item_indexes[key]


def item_indexes(cat: Catalog) -> list[ItemIndex]:
    """The linker's indexes over the catalogue's items, in catalogue order, made on first use: one over
    all items, or for a view one per plan, kept on the whole catalogue (once per index version)."""
    if cat.base is None:
        return [_index_of(cat, "", cat.items)]
    parts = cat.base.plan_parts()
    return [_index_of(cat.base, d, parts[d][2]) for d in cat.view_docs]


def _candidates(cat: Catalog, core: str, qb: set[str], qcore: set[str], refs: set[str]) -> list[Item] | None:
    """The items that can score above 0 in link_items, in catalogue order; None when every item can.

    A title score needs a shared bigram (of the name, or of the name without its measure) or an
    abbreviation (a question pair that is a name's first and third character); a content score a common
    run of 5 characters, so a shared bigram; the quoted-term bonus a term in both; a reference the
    locator. Links at 0 are dropped: every reader of links asks for a score of at least 0.5.
    """
    th = cat.th
    if th.link_min <= th.tie or any(len(t) < 2 and t in core for t in quoted_terms(cat)):
        return None
    q = norm(core)
    pairs = {q[i : i + 2] for i in range(len(q) - 1)}
    out: list[Item] = []
    for idx in item_indexes(cat):
        hit: set[int] = set()
        for g in qb | qcore:
            hit.update(idx.grams.get(g, ()))
        for g in pairs:
            hit.update(idx.skips.get(g, ()))
        for loc in refs:
            hit.update(idx.locators.get(loc, ()))
        out += [idx.items[i] for i in sorted(hit)]
    return out


_ROLES_AT: dict[int, tuple[Catalog, dict[tuple[str, str], set[str]]]] = {}


def roles_at(cat: Catalog) -> dict[tuple[str, str], set[str]]:
    """(doc, locator) -> the role words its responsibilities carry; made once per catalogue."""
    got = _ROLES_AT.get(id(cat))
    if got is None or got[0] is not cat:
        found: dict[tuple[str, str], set[str]] = {}
        for r in [*cat.key_tasks, *cat.rows]:
            found.setdefault((r.doc_id, r.locator), set()).add(r.role)
        got = _ROLES_AT[id(cat)] = (cat, found)
    return got[1]


def link_items(
    core: str,
    cat: Catalog,
    kinds: tuple[str, ...] = ("key_task", "pilot"),
    question: str = "",
    role: str | None = None,
) -> list[Link]:
    """Score the task/row names (and row content) against the question core; best first. Only items
    that can score above 0 are scored and returned (see _candidates). `role`, the role asked for, tells
    apart passages that say the same thing of different units (“牵头开展…工作” / “配合开展…工作”)."""
    refs = referenced_locators(question, cat) if question else set()
    qb = bigrams(expand_synonyms(core, cat.synonyms))
    qcore = bigrams(core)
    # the quoted terms the question holds (only these can add to a name's score)
    terms = [t for t in quoted_terms(cat) if t in core]
    cands = _candidates(cat, core, qb, qcore, refs)
    # a unit named in the question is who, not what: it must not match a passage that merely mentions it
    what = norm(core)
    for key in unit_keys(cat)[1]:
        if len(key) >= 3 and key in what:
            what = what.replace(key, "\u0001")
    # a body paragraph names many organisations in passing (“…大学聚焦…”); naming one does not name the task
    what_body = ORG.sub("\u0001", what)
    scored: list[tuple[Item, float, float]] = []
    for it in cat.items if cands is None else cands:
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
    held = roles_at(cat) if role else {}

    def fits(item: Item) -> bool:
        return not role or bool(fitting_roles(role, held.get((item.doc_id, item.locator), set())))

    out = []
    for it, title, content in scored:
        if content > title and any(
            c >= content - 0.02
            and (o.doc_id, o.locator) != (it.doc_id, it.locator)
            and not (o.doc_id == it.doc_id and (o.locator in it.rows or it.locator in o.rows))
            and (fits(o) or not fits(it))  # a passage in the asked role is not rivalled by one in another
            for o, c in strong
        ):
            content *= 0.5
        score = max(title, content)
        # quoted terms of the document (“揭榜挂帅”) are names users reuse verbatim
        if any(norm(t) in norm(it.name) for t in terms):
            score = min(1.0, score + 0.3)
        if it.locator in refs:
            score = 1.0
        out.append(Link(it, score))
    if role and any(lk.score >= cat.th.link_min and fits(lk.item) for lk in out):
        # “加强装修垃圾监督管理需要哪些单位配合？”: the table row that names 配合 units answers it, not
        # the body passage on the same task that names only who is responsible
        out = [lk if fits(lk.item) else Link(lk.item, lk.score * _OTHER_ROLE) for lk in out]
    out.sort(key=lambda lk: -lk.score)
    return out


_OTHER_ROLE = 0.8  # a passage without the asked role, where another passage has it


# A government body as users write it: an administrative prefix, a few characters, an agency suffix.
# It must open the question or follow a function word: a word ending in 办 inside a phrase is no agency.
_AGENCY_MENTION = re.compile(
    r"(?:^|(?<=[由和与及、是的在让请问那中里对跟向给]))"
    # 办 after 举/开/创/承/主/兴 is a verb (区级技能大赛…举办), no 办公室
    r"((?:[县市区省州镇乡]|地区)[\u4e00-\u9fa5]{1,10}?(?:分局|局|委|(?<![举开创承主兴])办|厅|中心|总队|支队|大队|分行|集团|公司))"
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
    said = plan_text.replace("人民政府", "政府")  # (市政府办公厅 for the plan's 市人民政府办公厅)
    known = unit_keys(cat)[0]
    out = []
    # (“乡镇政府、街道办事处” names two bodies: a mention read across the list's mark is no name)
    written = re.sub(r"\s+", "", text.translate(_BRACKETS)).lower()
    for _, _, m in _mentions(text):
        if m in said or _contracted_unit(m, cat) or m not in written:
            continue
        if any(k in m and not _level_clash(m[: m.find(k)], k, u) for k, u in known if len(k) >= 3):
            continue
        out.append(m)
    out += [n for n in _longer_names(text, cat) if n not in plan_text and not any(n in o for o in out)]
    return out


# an office's own name going on after a unit's: 市局 + 食品生产安全监督管理处 (no verb or particle in it)
_NAME_GOES_ON = re.compile(
    r"(?:(?!会同|协同|配合|牵头|负责|参与|指导|联合|组织|哪)[^的了等在和与及、，,。？?：:是把对将由要向])"
    r"{2,10}?(?:处室|科室|处|总队|支队|大队|中心|办公室)(?=[在负牵参配是和与、，,。？?：:]|$)"
)


def _longer_name(t: str, start: int, end: int) -> str:
    """The longer agency name a unit's key opens (“市局” in 市局食品生产安全监督管理处): the question names
    that office, not the unit."""
    m = _NAME_GOES_ON.match(t, end)
    return t[start : m.end()] if m else ""


def _longer_names(text: str, cat: Catalog) -> list[str]:
    t = norm(text)
    out: list[str] = []
    for key in unit_keys(cat)[1]:
        start = t.find(key)
        longer = _longer_name(t, start, start + len(key)) if start >= 0 else ""
        if longer and not any(longer in o for o in out):
            out.append(longer)
    return out


def named_in_prose(text: str, cat: Catalog) -> list[str]:
    """Agencies the question names that the plan writes only in its prose, with no task assigned
    (“工作专班下设办公室，设在市消防救援总队，负责…”)."""
    plan_text = norm(cat.text)
    units = {norm(u) for u in cat.units}
    named = [m for _, _, m in _mentions(text)] + _longer_names(text, cat)
    return [
        m for m in dict.fromkeys(named) if m in plan_text and m not in units and not _contracted_unit(m, cat)
    ]


def find_agencies(text: str, cat: Catalog) -> list[str]:
    """Units named in the text, by full name, a document-derived short form or a contraction that fits
    exactly one unit (县人社局 -> 县人力资源和社会保障局); longest match wins."""
    t = norm(text)
    found: list[str] = []
    taken: list[tuple[int, int]] = []
    for key, group in groupby(unit_keys(cat)[0], key=lambda p: p[0]):
        start = t.find(key)
        # one key for several spellings of a unit: the spelling the user typed, if one is
        same = [u for _, u in group]
        unit = next((u for u in same if u in text), same[0])
        while start >= 0:
            end = start + len(key)
            if _longer_name(t, start, end):  # 市局食品生产安全监督管理处 is not 市局
                start = t.find(key, end)
                continue
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


def prefer_rows(links: list[Link], tie: float) -> list[Link]:
    """A body task and an annex row filed under it, matched equally (the question quotes the row's
    measure, which the body paragraph repeats): the row is what the question names."""
    if not links:
        return links
    top = links[0].score
    near = [lk for lk in links if lk.score >= top - tie]
    near_ids = {id(lk) for lk in near}  # identity: comparing Links field by field grows with the plans
    named_rows = {(lk.item.doc_id, lk.item.locator) for lk in near if lk.item.kind == "pilot"}
    out = []
    for lk in links:
        if id(lk) not in near_ids:
            out.append(lk)
            continue
        covers = any((lk.item.doc_id, loc) in named_rows for loc in lk.item.rows if loc != lk.item.locator)
        out.append(Link(lk.item, lk.score - 2 * tie) if covers else lk)
    return sorted(out, key=lambda lk: -lk.score)


def damp_ties(links: list[Link], sure: float, tie: float) -> list[Link]:
    """A weak best link shared with a different task at the same score is no link: the question's
    words (often one generic word, 安全) fit several tasks, and picking the first would be a guess.
    The scores are scaled below `sure` (the link threshold), keeping their order for the answerers."""
    if not links or links[0].score >= 0.8 or links[0].score < sure:
        return links
    top = links[0].item
    mine = {top.locator, *top.rows}

    def related(it: Item) -> bool:
        return it.doc_id == top.doc_id and (it.locator in mine or top.locator in it.rows)

    if not any(lk.score >= links[0].score - tie and not related(lk.item) for lk in links[1:]):
        return links
    scale = (sure - 0.01) / links[0].score
    return [Link(lk.item, lk.score * scale) for lk in links]


def linked_rows(links: list[Link], sure: float) -> list[tuple[str, str]]:
    """Every passage holding the responsibilities of what the question names: the best link, and links
    named just as clearly (two rows quoted in one question), each with all rows filed under it."""
    if not links or links[0].score < sure:
        return []
    top = links[0].score
    chosen = [lk for lk in links if lk.score >= max(0.8, top - 0.02)] or links[:1]
    out: list[tuple[str, str]] = []
    for lk in chosen:
        for loc in lk.item.rows or (lk.item.locator,):
            if (lk.item.doc_id, loc) not in out:
                out.append((lk.item.doc_id, loc))
    return out
