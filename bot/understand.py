"""Question understanding: reads the question once and returns a frozen QuerySpec. Pure.

What a question asks for (a role, a time, a value, a listing …) comes from the phrasings table
(bot/phrasings.toml); what it is about comes from linking against the plan's catalogue (bot/linking.py).
Follow-ups are condensed with the previous turn only when they are elliptical: a question that names its
own task, metric or agency is a new topic.
"""

from __future__ import annotations

import re

from bot.aliases import (
    CASUAL_WORDS,
    MONEY_WORDS,
    PERSON_TITLES,
    PLACE_NAMES,
    expand_synonyms,
    translate_english,
)
from bot.catalog import (
    Catalog,
    localize,
    romanised_places,
    scope_doc,
    strip_plan_name,
    strip_plan_scope,
    typo_terms_of,
)
from bot.linking import (
    ORG,
    core_of,
    damp_ties,
    find_agencies,
    link_items,
    linked_rows,
    named_in_prose,
    prefer_rows,
    referenced_locators,
    unknown_agencies,
)
from bot.phrasing import first_value, pattern, says, slot_rows
from bot.spec import Asked, Intent, QuerySpec
from bot.text import is_latin, norm
from index.vocab import BODIES, LABEL_WORDS, OFFICE_SEAT, POST, POST_BY_FORM

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


def expand_names(text: str, cat: Catalog) -> str:
    """Institutions called by a short form the plan derives (an abbreviation of a university) are
    matched by their full name."""
    for alias in sorted(cat.name_aliases, key=len, reverse=True):
        full = cat.name_aliases[alias]
        if alias in text and full not in text:
            text = text.replace(alias, full)
    return text


def fix_typos(text: str, cat: Catalog) -> str:
    """A quoted term of the plan typed with one character wrong (先头后股 for a four-character term that
    differs in one place) is read as the term, when the typed form is nowhere in the plan."""
    # NOTE: kept on the catalogue: sorting the plan's terms on every question showed in the profile
    starts: dict[int, int] | None = None
    for term in typo_terms_of(cat):
        n = len(term)
        if term in text:
            continue
        i = text.find(term[0])
        while 0 <= i <= len(text) - n:
            window = text[i : i + n]
            if sum(a != b for a, b in zip(window, term, strict=True)) == 1 and norm(window) not in norm(
                cat.text
            ):
                # a window that cuts a word of the question is no typo: “企业至少” is 企业 + 至少, not 企业码
                starts = _word_starts(text) if starts is None else starts
                if i in starts and (i + n in starts or i + n == len(text)):
                    return text[:i] + term + text[i + n :]
            i = text.find(term[0], i + 1)
    return text


# a year or a five-year-plan period named in a question (the time a target is asked for)
_TIME_NAMED = re.compile(r"20\d\d\s*年|十[一二三四五六七八九]五")
# (“有没有”, “是不是”, “要不要”: a question in the A-not-A form)
_ASKING = re.compile(r"哪|什么|多少|多长|多久|几|时候|时间|怎么|如何|是否|为何|(.)[不没]\1")


_DIRECTION = re.compile(r"(?:上来|上去|下来|下去|进来|进去|出来|出去|过来|过去|回来|回去|起来)$")
_MANNER = re.compile(r"全面|加快|积极|大力|深入|持续|切实|稳步|逐步|进一步|统一|依法")


def absent_terms(core: str, cat: Catalog) -> tuple[str, ...]:
    """Content words (three characters or more) of the question that the plan's text never uses, even as
    a synonym: what a passage cannot answer for. Dictionary words only: the words jieba's HMM guesses
    for characters it does not know straddle real words (专篇(章)可容缺后补 asked as 专篇容缺后补 gave
    “专篇容”; 综保区, 应占区), and a guessed word missing from the plan says nothing about the plan."""
    import jieba  # loaded by the lexical index already

    text = norm(cat.text)
    plain = ""  # (made only for a word the text lacks: it is the whole plan again)
    out = []
    for w in jieba.lcut(core, HMM=False):
        if len(w) < 3 or not re.fullmatch(r"[\u4e00-\u9fa5]+", w) or w in text or _ASKING.search(w):
            continue
        # (“县市政府” for the plan's 县(市)人民政府: a name said without its brackets or 人民; “县政府”
        # for its 县级以上人民政府 or 县（市、区）人民政府: a level said without its qualifier)
        plain = plain or _plain_names(text)
        if w in plain:
            continue
        if any(norm(s) in text for s in expand_synonyms(w, cat.synonyms).split()[1:]):
            continue
        if _reordered_in(w, text) or _split_in(w, cat.text):
            continue
        if w[-1] in "到至于给向在" and w[:-1] in text:
            continue  # a verb with its complement (顺延到 where the plan writes 顺延至): the verb is there
        if _DIRECTION.search(w):
            continue  # spoken, a verb with where it goes (交上来, 报上去, 拿出来): no term of a plan
        if (adv := _MANNER.match(w)) and w[adv.end() :] in text:
            continue  # a verb with its manner (全面实施 where the plan writes 全面推行 and 实施): no term
        out.append(w)
    return tuple(out)


def _plain_names(text: str) -> str:
    """The text with its names as said aloud, two ways joined: brackets dropped (县(市)人民政府 → 县市政府),
    and bracketed asides and level qualifiers dropped (县（市、区）人民政府, 县级以上人民政府 → 县政府)."""
    said = text.replace("人民政府", "政府")
    kept = re.sub(r"[()（）〈〉\[\]【】〔〕]", "", said)
    dropped = re.sub(r"级(?:以上|以下)?(?=政府)", "", re.sub(r"[（(][^（）()]{1,8}[）)]", "", said))
    return kept + "\n" + dropped


def _split_in(word: str, text: str) -> bool:
    """The word's two halves in one clause with a few characters between: a compound the plan writes
    around its object (书面报告 in “1小时内书面将相关情况报告”), or around a list its 等 closes (深化改革 in
    “深化科技成果评价、激励、权益等改革举措”)."""
    return any(
        re.search(f"{re.escape(word[:k])}[^，。；;,、\n]{{1,6}}{re.escape(word[k:])}", text)
        or re.search(f"{re.escape(word[:k])}[^，。；;,\n]{{1,24}}?等{re.escape(word[k:])}", text)
        for k in range(2, len(word) - 1)
    )


def _reordered_in(word: str, text: str) -> bool:
    """The word's characters side by side in another order: a verb and its object asked the other way
    round (签合同 for 合同签订, 退个税 for 个税退还) still name what the plan says."""
    n, want = len(word), sorted(word)
    chars = "".join(re.escape(c) for c in set(word))
    # runs of n characters all from the word, found by the regex engine (a Python loop over a long plan
    # cost tens of milliseconds a question)
    return any(sorted(m.group(1)) == want for m in re.finditer(f"(?=([{chars}]{{{n}}}))", text))


def asked_type(question: str) -> Asked:
    """The kind of value a question wants, when a sentence can only answer it by containing one."""
    return first_value("asks", question)  # type: ignore[return-value]


def classify(question: str, agencies: list[str], best_link: float) -> Intent:
    q = question
    if says("document_meta", q):
        return "fact"
    if is_latin(q):
        if says("en_reverse", q) and agencies:
            return "reverse"
        if says("en_responsible", q):
            return "responsible"
        if says("en_target", q):
            return "target"
        return "fact"
    if agencies and says("reverse", q) and best_link < 0.6:
        return "reverse"
    if says("list", q):
        return "list"
    if says("responsible", q):
        return "responsible"
    # a Chinese task name in an English frame: “Who leads 推进某某工作?”
    frame = says("en_function_words", q)
    if frame and says("en_responsible", q):
        return "responsible"
    if says("target", q) or (frame and says("en_target", q)):
        return "target"
    return "fact"


_FUNCTION_CHARS = re.compile(
    r"[的是在由和与及或哪个些只被对为从向把让给了吗呢么什谁何该这那其各每一全本我此到年去往来赴]"
)


def _unit_starts(text: str, cat: Catalog) -> bool:
    t = norm(text)
    return any(t.startswith(norm(u)) for u in cat.units if len(u) >= 3)


def _word_starts(text: str) -> dict[int, int]:
    """Offset -> length of each dictionary word of `text` (jieba without its guessed words)."""
    import jieba  # loaded by the lexical index already

    out, at = {}, 0
    for w in jieba.lcut(text, HMM=False):
        out[at] = len(w)
        at += len(w)
    return out


def absent_signal(question: str, cat: Catalog) -> str | None:
    """A reason the plan cannot answer: a year, a place, a person or money the document never mentions."""
    text = norm(cat.text)
    q = question
    for y in re.findall(r"(20\d\d|19\d\d)\s*年", q):
        if y + "年" not in text:
            return f"{y}年"
    words: dict[int, int] | None = None
    for m in re.finditer(r"([\u4e00-\u9fa5]{2,3})([市省])", q):
        name = m.group(1)[-2:]
        # judged by the two characters before 市 (“到2026年东湖市” names 东湖); 城市 is a word, not a place
        if q[m.end() : m.end() + 1] in ("外", "内"):
            continue  # 市外 / 省内: outside or inside the city, no place's name
        if name.endswith("城") or _FUNCTION_CHARS.search(name) or _unit_starts(q[m.end() - 1 :], cat):
            continue  # “试点只由市科技局”: 由市 is no place; 市科技局 is a unit
        words = _word_starts(q) if words is None else words
        if words.get(m.end() - 1, 1) > 1 or words.get(m.end() - 2) == 2:
            # 市 opens a word (开发新市民, 扩大市场), or closes a two-character one (楼市, 股市, 超市):
            # no place ends there
            continue
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


def _focus(u: QuerySpec, cat: Catalog) -> str | None:
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
    org = ORG.search(u.query)
    return org.group() if org else None


def names_own_topic(q: str, cat: Catalog) -> bool:
    """A question that names its own task, metric or agency starts a new topic; only an elliptical one
    (目标是多少？ 什么时候完成？ 配合单位有哪些？) leans on the previous turn. Content words count when
    the plan has them: “就业率目标多少” after a question about another task is about 就业率."""
    if find_agencies(q, cat):
        return True
    # NOTE: linked on what is left without the aspect words: “什么时候完成？” would otherwise link its
    # one word 完成 to any task that says 完成
    rest = pattern("topic_free_words").sub("", core_of(q))
    if any(lk.score >= 0.5 for lk in link_items(rest, cat)[:1]) if rest else False:
        return True
    text = norm(cat.text)
    return any(rest[i : i + 2] in text for i in range(len(rest) - 1))


# What a “…呢？” follow-up may ask about the same task: a role, a deadline, a target, the content. These
# are aspects, not entities: “配合单位呢？” keeps the task of the previous turn and changes what is asked.


def aspect_of(text: str) -> str | None:
    """The template of an aspect follow-up (“配合单位”, “完成时间”), when that is all the text says."""
    t = re.sub(r"^(那么?|那|还有|另外|以及)|(又|分别|各自)?(是|有)?(哪些|什么|谁|多少)?$", "", norm(text))
    for row in slot_rows("aspect"):
        if t and row.pattern.fullmatch(t):
            return row.value
    return None


_CONTRAST_TAIL = re.compile(r"(?:方面|这块|这一块|那块|部分)$")


def _parallel_term(new: str, prev_q: str) -> str | None:
    """The term of the previous question that a “那X呢” sets X against: the same head, another modifier
    (传统专业 against 新兴专业), the last one the question names."""
    term = _CONTRAST_TAIL.sub("", new)
    if not 4 <= len(term) <= 8 or term in prev_q:
        return None
    head, k = term[-2:], len(term) - 2
    found = [m for m in re.findall(rf"(?=([\u4e00-\u9fa5]{{{k}}}{re.escape(head)}))", prev_q) if m != term]
    return found[-1] if found and not _FUNCTION_CHARS.search(found[-1][:k]) else None


def condense(question: str, history: list[str], cat: Catalog) -> tuple[str, str | None]:
    """Rewrite a follow-up with the previous turn's entity; returns (query, entity or None)."""
    if not history:
        return question, None
    elliptic = pattern("elliptic").fullmatch(question.strip())
    aspect = aspect_of(elliptic.group(1)) if elliptic else None
    if aspect:
        # “配合单位呢？” after “X由谁牵头？”: the same task X, asked for another role / its deadline / target
        prev = understand(history[-1], history[:-1], cat)
        entity = _focus(prev, cat)
        if entity:
            return aspect.format(entity), entity
    # “那它的责任单位呢？” names no new entity: it is a pronoun follow-up, not “那X呢”
    if elliptic and not aspect and not pattern("followup_pronoun").search(elliptic.group(1)):
        # “那某某大学呢？”: the previous question, asked about the new entity
        new = elliptic.group(1)
        prev_q = history[-1]
        prev = understand(prev_q, history[:-1], cat)
        # “X负责哪些试点？” then “那Y呢？”: Y takes X's place, whatever rows X's answer named
        old = prev.agencies[0] if prev.intent == "reverse" and prev.agencies else _focus(prev, cat)
        if old and old in prev_q:
            return prev_q.replace(old, new, 1), new
        if parallel := _parallel_term(new, prev_q):
            # “…优先支持哪些新兴专业？” then “那传统专业方面呢？”: the same question of the other kind
            term = _CONTRAST_TAIL.sub("", new)
            return prev_q.replace(parallel, term, 1), term
        return f"{new} {prev_q}", new
    pronoun = pattern("followup_pronoun").search(question)
    if not pronoun and names_own_topic(question, cat):
        return question, None
    prev = understand(history[-1], history[:-1], cat)
    entity = _focus(prev, cat)
    if prev.intent == "reverse" and prev.agencies and says("asks_duty_followup", question):
        # “它还负责哪个试点？” after “X负责哪些…？”: 它 is still X, not the row X's answer named
        entity = prev.agencies[0]
    if not entity:
        return question, None
    for p in _PRONOUNS:
        if p in question:
            return question.replace(p, entity, 1), entity
    return f"{entity} {question}", entity


def asked_role(question: str) -> str | None:
    """The role word asked for: 指导, 参与, 牵头, 配合; None for every role (each line then says which)."""
    q = pattern("document_section").sub("", question)
    if says("role_besides_lead", q):
        return "配合"
    if says("role_both", q):
        return None
    if says("role_guide", q):
        return "指导"
    lead, coop = says("role_lead", q), says("role_coop", q)
    if says("role_participate", q) and not lead and not coop:
        return "参与"
    if says("role_participate", q) and lead and not coop and "参与牵头" not in q:
        return None  # “牵头或参与哪些事”: both (“参与牵头” still leads)
    lead = lead or (coop and says("role_any", q))  # “谁负责？配合单位有哪些？”: both
    if lead == coop:
        return None
    return "牵头" if lead else "配合"


def asks_content(question: str, cat: Catalog) -> bool:
    """“附件第6项是什么？”: the question names a passage by its number and asks what it says."""
    return bool(referenced_locators(question, cat)) and says("what_is", question)


_NUMBER_REF = re.compile(
    r"(?:附件|清单)?第\s*\d+\s*项|[一二三四五六七八九十]+、?[（(][一二三四五六七八九十]+[）)]"
)


def part_kinds(question: str) -> tuple[str, ...]:
    """The kinds of answer a question of several parts asks for, one per part, in order
    (“完成率目标？谁负责？” -> target, responsible)."""
    parts = [p for p in pattern("part_split").split(question) if p and p.strip()]
    if len(parts) < 2:
        return ()
    kinds: list[str] = []
    for p in parts:
        if says("part_responsible", p):
            kind = "responsible"
        elif says("wants_when", p):
            kind = "when"
        elif says("wants_value", p):
            kind = "target"
        else:
            continue
        if kind not in kinds:
            kinds.append(kind)
    return tuple(kinds)


def separate_questions(question: str) -> list[str]:
    """Two questions in one message, each closed by its own question mark and each naming its own subject
    (“促消费一共统筹多少钱？汽车购新补贴每辆最高补多少？”), one per item; [] for one question, or when a part
    is elliptical (“目标是多少？什么时候完成？” reads as one question of two parts)."""
    if says("part_responsible", question):
        return []  # who and how much/when: the compound answer keeps the parts together
    if parallel := _parallel_parts(question):
        return parallel
    parts = [p.strip() for p in re.findall(r"[^？?]+[？?]", question) if p.strip("？? ")]
    if not 2 <= len(parts) <= 4 or "".join(parts) != question.strip():
        return []  # (a message of many questions is read as one: each part would cost a whole answer)
    if any(len(core_of(p)) < 5 for p in parts):
        return []
    return parts


# the question words a message may ask twice over, one thing each (“哪段时间免征、哪段时间减半”)
_PARALLEL_WORD = re.compile(r"哪段时间|什么时候|什么时间|何时|哪一?年|多少|哪些|哪个")


def _parallel_parts(question: str) -> list[str]:
    """One question asking the same question word of two to four things, the later ones sharing the first
    one's subject: “新能源车购置税哪段时间免征、哪段时间减半？” -> “…购置税哪段时间免征？”, “…购置税哪段时间
    减半？”. [] otherwise."""
    body = question.strip().rstrip("？?")
    pieces = [p for p in re.split(r"[、，,]", body) if p]
    if not 2 <= len(pieces) <= 4 or re.search(r"[？?。；;]", body):
        return []
    first = _PARALLEL_WORD.search(pieces[0])
    if not first or first.start() == 0:
        return []
    word, subject = first.group(0), pieces[0][: first.start()]
    if not all(p.startswith(word) and p.count(word) == 1 for p in pieces[1:]) or pieces[0].count(word) != 1:
        return []
    if any(len(p) <= len(word) for p in pieces):
        return []  # “多少、多少” asks nothing of its own
    return [f"{pieces[0]}？", *(f"{subject}{p}？" for p in pieces[1:])]


_A_COUNT = re.compile(r"[一二两三四五六七八九十百千\d]+[\u4e00-\u9fa5]")
_ADVERB = re.compile(r"[不没未可应须要能会再还才都也就]")


def counted_thing(question: str) -> str | None:
    """The thing a count question counts (“给予多少贴息” -> 贴息), as a word."""
    m = pattern("counted_thing").search(question)
    if not m:
        return None
    import jieba  # loaded by the lexical index already

    # (a count of its own is the rate, not the thing: “多少户配一名保洁员” counts 保洁员; nor is an adverb a
    # thing: “低于多少的不再核准”)
    words = [w for w in jieba.lcut(m.group(1)) if len(w) >= 2]
    word = next((w for w in words if not _A_COUNT.fullmatch(w) and not _ADVERB.match(w)), None)
    # (“控制在多少以内”: a bound on the number, not a thing counted)
    # (“多少比例”: the kind of value asked, a percentage, not a thing counted)
    # (“用了多少年以后”: a time after the count, no thing)
    kinds = {"时间", "时候", "以内", "以上", "以下", "左右", "之间", "比例", "比重", "百分比", "幅度"}
    kinds |= {"以后", "之后", "以前", "之前"}
    return None if not word or word in kinds else word


# a change in percentage points is stated as %, 个百分点 or 百分点 alike: no measure to hold answers to
_NO_MEASURE = ("百分点", "个百分点")


def _measure_of(word: str) -> str:
    return word[-1] if word in ("万元", "亿元") else word


def asked_measures(question: str) -> tuple[str, ...]:
    """Every measure a question asks for, when it asks several counts (向内连接多少片…、向外连接多少条…)."""
    found = [
        _measure_of(m.group(1))
        for m in pattern("asks_measure").finditer(question)
        if m.group(1) not in _NO_MEASURE
    ]
    return tuple(dict.fromkeys(found))


def asked_measure(question: str) -> str | None:
    """The unit a count question names (多少部 -> 部, 多少钱 -> 元); None when it names none."""
    if says("asks_money_measure", question):
        return "元"
    if says("asks_age_measure", question):
        return "岁"
    m = pattern("asks_measure").search(question)
    if not m or m.group(1) in _NO_MEASURE:
        return None
    return _measure_of(m.group(1))


def _written(question: str) -> str:
    for spoken, written in CASUAL_WORDS.items():
        question = question.replace(spoken, written)
    return question


_ASIDE = re.compile(r"除了?[^，,。？?]{1,30}?(?:以外|之外)?[，,](?=[^，,。？?]{4,})")


def understand(question: str, history: list[str] | None, cat: Catalog) -> QuerySpec:
    query, entity = condense(_written(question), history or [], cat)
    english = is_latin(query)
    # English: glossary words become Chinese; what the glossary does not know is dropped for matching
    # (the dense side of retrieval still sees the original question).
    frame = pattern("en_function_words")
    if english:
        match_text = re.sub(
            r"[A-Za-z][A-Za-z'\-]*", " ", translate_english(romanised_places(query, cat), cat.english)
        )
    elif len(frame.findall(query)) >= 2:
        match_text = frame.sub(" ", query)
    else:
        match_text = query
    doc = scope_doc(match_text, cat) if not says("cross_plan", match_text) else None
    named = doc or (next(iter(cat.doc_names)) if len(cat.doc_names) == 1 else None)
    as_asked = match_text
    if named:
        # the plan's name chose the plan (or there is one plan); left in, it would be matched as content
        # (a city name would match a university named after the city). An opening clause that only says
        # which plan is asked (“…实施意见里，”) is not read again below: the question is about what follows.
        names = cat.doc_names.get(named, [])
        as_asked = strip_plan_scope(match_text, names)
        match_text = strip_plan_name(as_asked, names, cat.units)

    def prepared(text: str) -> str:
        return fix_typos(expand_names(localize(text, cat), cat), cat)

    # “除了省住建厅这些省直单位，地方上哪些政府…”: what the question sets aside is not what it is about
    match_text = prepared(_ASIDE.sub("", match_text))
    core = core_of(match_text)
    links = link_items(core, cat, question=match_text, role=asked_role(query)) if core else []
    best_here = links[0].score if links else 0.0
    if named and match_text != as_asked and best_here < cat.th.link_min:
        # the plan's subject may be what is asked (“城镇房屋安全管理三项制度整体由哪个部门牵头”, the plan
        # titled for it): read with its name, where that finds the task better
        kept = prepared(as_asked)
        found = link_items(core_of(kept), cat, question=kept, role=asked_role(query))
        if found and found[0].score > best_here + cat.th.tie:
            match_text, core, links = kept, core_of(kept), found
    if doc:
        links = [lk for lk in links if lk.item.doc_id == doc]
    th = cat.th
    links = damp_ties(prefer_rows(links, th.tie), th.link_min, th.tie)
    agencies = find_agencies(match_text, cat)
    unknown = unknown_agencies(match_text, cat)
    best = links[0].score if links else 0.0
    # a question that named its plan is classified without the plan's name (“青山…方案中重点任务有哪些”)
    intent = classify(match_text.strip() if doc and not english else query, agencies, best)
    rest = _NUMBER_REF.sub("", question).strip()
    mention_term = pattern("mention_frame").sub("", match_text)
    return QuerySpec(
        question=question,
        query=query,
        intent=intent,
        english=english,
        links=links,
        agencies=agencies,
        wants_annex=says("wants_annex", query),
        abstain_reason=absent_signal(match_text, cat) or (unknown[0] if unknown else None),
        followup_of=entity,
        asks_section=says("asks_section", query),
        contrast=entity if entity and history and _parallel_term(entity, history[-1]) else None,
        core=core,
        match=match_text,
        question_core=core_of(question),
        asks=asked_type(query),
        doc=doc,
        cross=says("cross_plan", match_text) or says("cross_plan", query),
        rows=linked_rows(links, th.link_min),
        role=asked_role(query),
        names_label=bool(re.search(LABEL_WORDS, query)),
        content=asks_content(match_text, cat) and not agencies,
        unknown_agencies=unknown,
        prose_agencies=named_in_prose(match_text, cat) if says("asks_duty", query) and not agencies else [],
        wants_kind=first_value("wants_kind", match_text),
        names_key_task=says("names_key_task", query),
        alone=says("alone", query),
        counting=says("counting", query),
        counts=len(pattern("counting").findall(query)),
        measure=None if english else asked_measure(question),
        measures=() if english else asked_measures(question),
        counted=None if english else counted_thing(question),
        wants_when=says("wants_when", query),
        when_kind=first_value("when_kind", query),
        wants_value=says("wants_value", question),
        wants_content=says("content", query),
        only_what_is=says("only_what_is", rest),
        asks_who=says("asks_who", question),
        posts=asked_posts(question) if says("asks_post", question) else (),
        asks_duty=says("asks_duty", question),
        list_under=says("list_under", query),
        list_of=(
            "rows"
            if says("list_rows", query) and not says("names_key_task", query)
            else "safeguards"
            if says("list_safeguards", query)
            else None
        ),
        names_kind=first_value("names_kind", query) if says("names_ask", query) else None,
        meta=tuple(str(r.value) for r in slot_rows("meta") if r.pattern.search(query)),
        mention=says("mention", query),
        mention_term=mention_term,
        parts=part_kinds(question),
        asks_group=says("asks_group", query),
        asks_goals=says("asks_goals", query),
        asked_time=tuple(dict.fromkeys(_TIME_NAMED.findall(match_text))),
        absent_terms=absent_terms(core, cat),
    )


def asked_posts(question: str) -> tuple[str, ...]:
    """The posts a question asks who holds, as the plan writes them (办公室主任 stays whole), and 设在 when
    it asks where an office sits."""
    posts = re.findall(POST, question)
    if not posts:  # a post the vocabulary lacks, named by its form: “区级路长由谁担任”
        posts = re.findall(rf"{POST_BY_FORM}(?=由谁|是谁|由哪|谁来)", question)
    # a body's head: “工作专班由谁牵头”, “联席会议由谁来主持”
    posts += [
        b for b in BODIES if re.search(rf"{b}(?:由谁|谁来|由哪[个位])[来]?(?:牵头|主持|召集)", question)
    ][:1]
    if re.search(r"(?:设在|放在)(?:哪|什么)", question):
        posts.append(OFFICE_SEAT)
    return tuple(dict.fromkeys(posts))
