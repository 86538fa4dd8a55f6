"""Answers quoted from passages: the notice's facts, a named passage, a task's content, the
organisations a passage names, and the best sentence for a fact question."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from bot.aliases import expand_synonyms
from bot.answer import Answer
from bot.answerers.base import (
    _PLACE,
    DATE_SAID,
    OFTEN_SAID,
    Context,
    _linked_locs,
    _sentences,
    abstain,
    according_to,
    cite,
    fits_asked,
    score_text,
    titled,
)
from bot.retrieve import Hit
from bot.spec import QuerySpec
from bot.text import bigrams, norm, weighted_cov
from index.facts import NUMBER
from index.models import Chunk
from index.vocab import UNDATED_TIMES, column_kind

_QUALITATIVE = re.compile(r"全覆盖|全面覆盖|全部覆盖|全域覆盖")
# what a heading sentence holds besides its title: numbering and punctuation
_HEADING_REST = re.compile(r"[\s（）()一二三四五六七八九十\d、.．。；;：:*#]")
_NUMBER = re.compile(r"\d+(?:\.\d+)?\s*(?:万人|万|%|％|件|个|项|人|单|名|家|所|条)")


# A time that opens a sentence and governs what follows in its passage: “到2020年，…。…。…”
OPENING_TIME = re.compile(
    r"(?:^|(?<=[。；;\n]))\s*((?:到|至|截至)?\s*\d{4}\s*年(?:\s*\d{1,2}\s*月)?(?:底|末)?(?:前)?)\s*[，,]"
)


def governing_time(quote: str, sentence: str) -> str | None:
    """The time a sentence falls under when it names none itself: the last one that opens a sentence of
    its passage before it (a goals paragraph: “到2020年，A。B。C。”)."""
    at = quote.find(sentence)
    if at < 0:
        return None
    found = [m.group(1) for m in OPENING_TIME.finditer(quote[: at + 1])]
    return found[-1] if found else None


# a phase heading's own time, bracketed at its end: “检查阶段(9月)”, “动员部署阶段（2022年1月）”; or a
# heading that is nothing but its time, a schedule's step: “三、时间节点 （一）2023年4月底前”
_HEADING_TIME = re.compile(
    r"[（(]([^（）()]*?(?:\d{1,2}\s*月|\d{4}\s*年|日前|底前)[^（）()]*)[）)]\s*$"
    r"|^\s*((?:\d{4}\s*年)?\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?(?:上旬|中旬|下旬|底|末|初)?(?:前|以前|之前)?)\s*$"
)


def heading_time(c: Chunk) -> str | None:
    """The time a passage's heading gives the whole passage (“(三)检查阶段(9月)”: “届时，将由区文物局牵头…
    进行统一检查” happens then)."""
    m = _HEADING_TIME.search(c.title)
    return (m.group(1) or m.group(2)).strip() if m else None


# a place where the text names one: a name ending as places do, standing between separators (“在综合保税区
# 开展”, “率先在自贸试验区开展试点”, “以某某市等地为试点”), or outside one (市外, 国（境）外)
_PLACE_NAMED = re.compile(
    r"(?:^|(?<=[、，,在于以和及“（(]))[\u4e00-\u9fa5]{2,4}(?:省|市|区|县|镇|乡|街道|村|园区|开发区|新区|海岛)"
    r"(?=[、，,。；;等为的）)”和及开设]|$)|(?:国|境|海|市|省|区|县)(?:[（(]境[）)])?外"
)


def names_place(text: str, ctx: Context) -> bool:
    """A place named in the text: a word ending as places do (综合保税区, 市外), a place the plan's units are
    named after, written without its 市/区 (某某 of 某某市政府), or a unit (an office “设在县住建局”)."""
    if _PLACE_NAMED.search(text) or any(a in text for a in _places(ctx)):
        return True
    return any(u in text for u in ctx.cat.units if len(u) >= 3)


def _places(ctx: Context) -> list[str]:
    govs = re.compile(r"(?:市|区|县)(?:人民)?政府$")
    return [
        a
        for a, u in ctx.cat.unit_aliases.items()
        if govs.search(u) and not a.endswith("政府") and len(a) >= 2
    ]


def best_sentence(
    spec: QuerySpec,
    ctx: Context,
    hits: list[Hit],
    need_number: bool = False,
    keep: Callable[[str], bool] | None = None,
    headed: bool = False,
    exclude: str | None = None,
) -> tuple[float, str, Chunk] | None:
    """The sentence of the linked passages and top hits that best covers the question and holds what it
    asks (`keep`), with its score and passage. `headed`: a when-question's sentence that says no time may
    stand under a heading that does (“(三)检查阶段(9月)”), read with that heading."""
    linked = _linked_locs(spec, ctx)
    cand: list[tuple[Chunk, float]] = [
        (c, 0.15) for c in ctx.chunks.values() if (c.doc_id, c.locator) in linked
    ]
    cand += [
        (ctx.chunks[h.chunk_id], 0.1 / (i + 1)) for i, h in enumerate(hits[:6]) if h.chunk_id in ctx.chunks
    ]
    best: tuple[float, str, Chunk] | None = None
    best_focus = 0.0
    core_bg = bigrams(spec.core)
    for c, prior in cand:
        if c.id == exclude:  # (the runner-up to a passage: how far it stands ahead of every other)
            continue
        # Within a passage found by its title, the title words no longer tell sentences apart: score
        # on what the question asks beyond them (“这个试点聚焦哪个产业集群” -> 聚焦…产业集群).
        names = [c.title] + [it.name for it in ctx.cat.items if norm(it.name) in norm(c.quote)]
        rest = core_bg - set().union(*(bigrams(x) for x in names))
        # NOTE: where a sentence must hold what is asked (`keep`), the filter tells the sentences apart;
        # each is read under its passage's title (“（一）动员部署阶段（8月31日前）”: 各有关委…)
        want = core_bg if keep is not None else rest if len(rest) >= 2 else core_bg
        # (the headings above it too: “七、实行购房入学政策（一）适用范围：2022年5月16日…至2024年5月15日”)
        under = f"{c.locator} {c.title}" if keep is not None else ""
        sentences = _sentences(c.quote)
        before = dict(zip(sentences[1:], sentences, strict=False))
        record = _record_values(sentences)
        record_said = bigrams(expand_synonyms(record, ctx.cat.synonyms)) if record else set()
        for sent in sentences:
            if _FORM_BLANK.search(sent):
                continue  # a form's field left blank for who fills it in says nothing (“201   年  月  日，…”)
            if spec.intent != "responsible" and not spec.asks_who and _only_units(sent, ctx):
                continue  # a row's units cell says who, not what: “…每月走访至少几次” is not “芷江西路街道”
            if spec.asks == "where" and not names_place(sent, ctx):
                continue  # “在哪里开展”: a sentence that names no place does not say where
            qualitative = _QUALITATIVE.search(sent) and not spec.counting
            if need_number and not (_NUMBER.search(sent) or qualitative or _counted_clause(sent, want, ctx)):
                continue
            # a sentence that says no time may fall under one: its passage's opening time, or (`headed`) its
            # heading's, which is then read with the sentence (the heading says which phase)
            heading_said = ""
            if not fits_asked(spec, sent):
                if spec.asks != "when":
                    continue
                if not governing_time(c.quote, sent):
                    if not (headed and heading_time(c)):
                        continue
                    heading_said = c.title
            if keep is not None and not keep(sent):
                continue
            heading = c.title and not _HEADING_REST.sub("", sent.replace(c.title, ""))
            if heading and norm(c.title) in norm(sent) and keep is None:
                # the heading sentence itself: “（六）构建科教资源服务下沉机制。”, unless it holds
                # what is asked: “（一）动员部署阶段（8月31日前）”
                continue
            # a sentence that points back (“该项工作于2019年4月底前完成”) is read with the one
            # before it
            back = before.get(sent, "") if _POINTS_BACK.search(sent) else ""
            said = bigrams(expand_synonyms((under or heading_said) + back + sent, ctx.cat.synonyms))
            # a labelled line is read with its record: “排查主体：…” answers for the places its sibling
            # “排查对象：…” lists
            label = _LABEL.match(sent) if record else None
            s = weighted_cov(want, said | record_said if label else said, ctx.cat.idf) + prior
            if label and _label_answers(label.group(0)[:-1], spec):
                s += 0.1  # the record's line labelled for what is asked: 排查主体 for who
            if spec.asks == "where" and _PLACE.search(sent):
                s += 0.25  # “面向哪些地方”: the sentence that names places answers it
            # on a tie, the sentence that says least besides what is asked (“2024年底中心城区…” over
            # “2025年底中心城区以外的城镇化地区…”)
            focus = len(want & said) / len(said) if said else 0.0
            if best is None or (round(s, 6), focus) > (round(best[0], 6), best_focus):
                best, best_focus = (s, sent, c), focus
    return best


# a sentence that points back at the one before it: “该项工作于…完成”, “…每年1月底前完成上述工作”
_POINTS_BACK = re.compile(r"(?:该|此|上述|以上|前述)(?:项|类|些)?(?:工作|任务|措施|事项|政策)")


def _clearly_when(spec: QuerySpec, ctx: Context, hits: list[Hit], found: tuple[float, str, Chunk]) -> bool:
    """A when-question worded far from the plan (“县市政府要在什么时候之前把配套设施建好”) whose one sentence
    that states a time stands well ahead of any other passage's, in the passage the question links to
    best: it answers, as plain retrieval would."""
    if spec.asks != "when" or found[0] < 0.25 or not spec.links:
        return False
    top = spec.links[0].item
    if (top.doc_id, top.locator) != (found[2].doc_id, found[2].locator):
        return False
    runner = best_sentence(spec, ctx, hits, exclude=found[2].id)
    return runner is None or found[0] >= 2 * runner[0]


def _counted_clause(sent: str, want: set[str], ctx: Context) -> bool:
    """A clause of the sentence states an amount in any measure (5亿公斤, 3万吨) and is itself about what
    is asked: “积极争取中央补助资金，市级财政安排配套资金不少于3亿元” gives no amount of 中央补助资金."""
    return any(
        NUMBER.search(clause) and weighted_cov(want, bigrams(clause), ctx.cat.idf) >= 0.25
        for clause in re.split(r"[，,；;：:]", sent)
    )


# a line that opens with its label: “排查对象：…”, “计算方法：…”
_LABEL = re.compile(r"^[\u4e00-\u9fa5]{2,6}[：:]")


def _record_values(sentences: list[str]) -> str:
    """The values of a passage's labelled lines, where it is a record of two or more (排查对象 /
    排查主体 / 排查重点; 计算方法 / 指标来源): what each of its lines is about."""
    labelled = [s for s in sentences if _LABEL.match(s)]
    return " ".join(_LABEL.sub("", s) for s in labelled) if len(labelled) >= 2 else ""


def _label_answers(label: str, spec: QuerySpec) -> bool:
    kind = column_kind(label)
    if spec.intent == "responsible" or spec.asks_who:
        return kind == "role" or label.endswith("主体")  # 排查主体, 实施主体: who does it
    return (spec.asks == "when" or spec.wants_when) and kind == "time"


def _only_units(sentence: str, ctx: Context) -> bool:
    parts = [p for p in re.split(r"[\s、，,；;。]+", sentence) if p]
    return bool(parts) and all(p in ctx.cat.units for p in parts)


def answer_content(spec: QuerySpec, ctx: Context) -> Answer | None:
    """“该试点的主要内容是什么”: the linked row's 主要内容 cell (or the task passage), verbatim."""
    links = [lk for lk in spec.links if lk.score >= ctx.cat.th.link_min]
    if not links or not spec.wants_content:
        return None
    item = links[0].item
    chunk = ctx.chunk_at(item.doc_id, item.locator)
    if chunk is None:
        return None
    cells = ctx.cells(item.doc_id, item.locator)
    body = next((v for k, v in cells.items() if "内容" in k or "措施" in k), "") or chunk.quote
    if norm(body) not in norm(chunk.quote):
        body = chunk.quote
    head = f"{item.locator} “{item.name}”:" if spec.english else f"{item.locator}“{item.name}”的主要内容："
    return Answer(answer=f"{head}“{body}”", intent=spec.intent, citations=[cite(chunk)])


def answer_cell(spec: QuerySpec, ctx: Context) -> Answer | None:
    """“科技创新专板这项举措在什么范围推广”: the linked row's cell under the column the question names
    (推广范围, 位置, 参考文件), verbatim. A column is named when two thirds of its name's character pairs
    are in the question as matched; who / when / title columns have their own answerers. The column's
    words dilute the link to the row (0.44 for 科技创新专板 above), so a link that stands out (1.5 times
    the next) is taken a little under the usual bar."""
    links = spec.links
    if not links or links[0].score < ctx.cat.th.link_min * 0.8:
        return None
    runner_up = links[1].score if len(links) > 1 else 0.0
    if links[0].score < ctx.cat.th.link_min and links[0].score < 1.5 * runner_up:
        return None
    item = links[0].item
    cells = ctx.cells(item.doc_id, item.locator)
    chunk = ctx.chunk_at(item.doc_id, item.locator)
    if not cells or chunk is None:
        return None
    asked = bigrams(norm(spec.match))
    best: tuple[float, str, str] | None = None
    for head, value in cells.items():
        name = re.sub(r"[（(][^）)]*[）)]", "", head)  # 面积（公顷）: the unit is no part of the name
        pairs = bigrams(norm(name)) - bigrams(norm(item.name))
        if not value or not pairs or column_kind(head) != "other" or norm(value) not in norm(chunk.quote):
            continue
        cover = len(pairs & asked) / len(pairs)
        if cover >= 2 / 3 and (best is None or cover > best[0]):
            best = (cover, head, value)
    if best is None:
        return None
    _, head, value = best
    if spec.english:
        text = f"{item.locator} “{item.name}”, {head}: {value}"
    else:
        text = f"{item.locator}“{item.name}”的{head}：{value}"
    return Answer(answer=text, intent=spec.intent, citations=[cite(chunk)])


def answer_named(spec: QuerySpec, ctx: Context) -> Answer | None:
    """Organisations of a kind named in the passage the question points at, in document order. A name is
    taken only where it opens a clause (“；某某大学聚焦…”), so a phrase like 建设未来产业学院 is not one."""
    links = [lk for lk in spec.links if lk.score >= 0.8]
    suffix = spec.names_kind  # “（二）点名了哪些院校”: how names of the kind asked for end
    if not links or not suffix:
        return None
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
    head = f"{chunk.locator} names:" if spec.english else f"{chunk.locator}点名的有："
    return Answer(
        answer=head + "、".join(names) + ("" if spec.english else "。"),
        intent=spec.intent,
        citations=[cite(chunk)],
    )


def answer_fact(spec: QuerySpec, ctx: Context, hits: list[Hit]) -> Answer:
    found_named = answer_named(spec, ctx) or answer_content(spec, ctx) or answer_cell(spec, ctx)
    if found_named:
        return found_named
    if spec.absent_terms and not spec.english:
        return abstain(spec, ctx, hits, "、".join(spec.absent_terms))
    each = _each_of(spec, ctx, hits)
    if each:
        return each
    found = best_sentence(spec, ctx, hits)
    term = spec.contrast
    if found and term and norm(term) not in norm(found[1]):
        # “那传统专业方面呢？”: a follow-up asked of another thing is answered by the sentence that names it
        named = best_sentence(spec, ctx, hits, keep=lambda s: norm(term) in norm(s))
        found = named if named and named[0] >= ctx.cat.th.fact_min else found
    if not found or (found[0] < ctx.cat.th.fact_min and not _clearly_when(spec, ctx, hits, found)):
        return abstain(spec, ctx, hits)
    _, sent, c = found
    if spec.asks == "when" and (_time_of_another(sent, spec, ctx) or _asked_untimed(sent, c, spec, ctx)):
        return abstain(spec, ctx, hits)
    when = governing_time(c.quote, sent) if spec.asks == "when" and not fits_asked(spec, sent) else None
    if when:  # the date stands at the head of the passage: say it, and where
        when = when.strip()
        return at_time(spec, c, sent, when, f"该段以“{when}，……”开头", f"the passage opens “{when}，…”")
    if spec.asks_section and c.title and not spec.english:
        # where in the plan it stands: the section by its number and its name
        text = f"见{titled(c.locator, c.title)}：“{sent}”"
        return Answer(answer=text, intent=spec.intent, citations=[cite(c)])
    sent = asked_part(sent, spec)
    return Answer(answer=according_to(c, sent, spec.english), intent=spec.intent, citations=[cite(c)])


def asked_part(sent: str, spec: QuerySpec) -> str:
    """How often, how much or by when, of parallel clauses that each say it (“热熔漆复划每两年不少于1次，冷漆
    复划每年不少于2次”, “单闸0.8万元/座•年、套闸1.1万元/座•年、…”, “2024年底前基本消除…存量，2025年底前
    有效遏制…增量”): the one the question alone names, with the clauses right before it that say none (“对已
    施划标线的道路，”); else the sentence. A time counts only where it opens its clause: within one it may be
    a condition (“对年底未竣工验收的…项目”, “完成2030年达标区域系统方案编制”)."""
    if spec.asks == "often":
        says: Callable[[str], object] = OFTEN_SAID.search
    elif spec.asks == "when" or spec.wants_when:
        says = _OPENS_WITH_TIME.match
    elif spec.counting or spec.wants_value:
        says = NUMBER.search
    else:
        return sent
    clauses: list[str] = []
    for part in re.findall(r"[^，,；;、]+[，,；;、]?", sent):
        # (a bare value goes with the one before it: “可上浮10%、5%” gives two values for two things)
        bare = len(re.findall(r"[\u4e00-\u9fa5]", NUMBER.sub("", part))) < 2
        if clauses and bare:
            clauses[-1] += part
        else:
            clauses.append(part)
    valued = [k for k, x in enumerate(clauses) if says(x)]
    if len(valued) < 2:
        return sent
    asked = bigrams(spec.core)
    own = {k: asked & bigrams(clauses[k]) for k in valued}
    named = [k for k in valued if own[k] - set().union(*(own[j] for j in valued if j != k))]
    if len(named) != 1:
        return sent
    k = start = named[0]
    while start > 0 and start - 1 not in valued:
        start -= 1
    return "".join(clauses[start : k + 1]).rstrip("，,；;、")


# a clause that opens with its time: “2025年底前有效遏制…”, “于2024年6月前完成…”
_OPENS_WITH_TIME = re.compile(r"\s*(?:于|在|到)?(?:(?:19|20)\d\d\s*年|\d{1,2}\s*月)")


# a span within which work is done: “1个月内”, “14天内”, “3个工作日”, “两年内”
_SPAN = re.compile(
    r"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十]{1,3})\s*个?(?:工作日|小时|日|天|周|月|年|季度)(?:内|以内|之内)|\d+\s*个工作日"
)

# a form's blanks: a date with its numbers left out, a number masked (“201   年  月  日”, “201*0000”)
_FORM_BLANK = re.compile(r"年\s+月\s+日|\d\*+\d")


def _time_of_another(sent: str, spec: QuerySpec, ctx: Context) -> bool:
    """The sentence's time is another clause's, with work of its own: “年内开工建设山阳消防救援站，加快推进
    兴塔消防救援站建设” gives no year for 兴塔. The question's words that only a clause without a time holds
    say which clause is asked; a clause that is only its time (“2025年底前，”) times the rest."""
    asked = bigrams(spec.core)
    # (of a sentence of several “；” parts, each with its own time, the part the question is about)
    parts = [x for x in re.split(r"[；;]", sent) if x.strip()]
    part = max(parts, key=lambda x: len(bigrams(x) & asked)) if parts else sent
    clauses = [x for x in re.split(r"[，,]", part if DATE_SAID.search(part) else sent) if x.strip()]
    timed = [x for x in clauses if DATE_SAID.search(x)]
    if not timed or len(timed) == len(clauses):
        return False
    if any(len(re.findall(r"[\u4e00-\u9fa5]", DATE_SAID.sub("", x))) < 4 for x in timed):
        return False
    in_timed = set().union(*(bigrams(x) for x in timed))
    untimed = set().union(*(bigrams(x) for x in clauses if x not in timed))
    untimed_only = untimed & asked - in_timed
    # (a name the question and an untimed clause share, and no timed one: 兴塔; and nothing asked that only
    # a timed clause says)
    rare = _RARE * max(ctx.cat.idf.values(), default=0.0)
    named = [b for b in untimed_only if ctx.cat.idf.get(b, 0.0) >= rare]
    # (the clauses run parallel, the same thing asked of another name: 山阳…消防救援站 / 兴塔消防救援站; not
    # a topic and its time: “对于需要回收、置换、购置的，原则上于2019年9月底前完成”)
    own = [b for b in in_timed - asked - untimed if ctx.cat.idf.get(b, 0.0) >= rare and b.isalpha()]
    shared = in_timed & untimed & asked
    return bool(named and own and shared) and not (asked & in_timed) - untimed


def _asked_untimed(sent: str, c: Chunk, spec: QuerySpec, ctx: Context) -> bool:
    """The thing asked stands in another sentence of the passage that states no time: “2025年完成码头…岸带
    接收设施的配置…。鼓励设置智能型船舶生活垃圾接收设施。” gives no year for the 智能型 ones. The names of
    the question that the timed sentence lacks say which sentence is asked."""
    rare = _RARE * max(ctx.cat.idf.values(), default=0.0)
    named = {b for b in bigrams(spec.core) - bigrams(sent) if ctx.cat.idf.get(b, 0.0) >= rare and b.isalpha()}
    if not named:
        return False
    # (most of them: the question adds words of its own, 建成; and that sentence says more of the question
    # than the timed one: a paraphrase of it elsewhere is no other work, “出境参展” / “赴境外参加展会”)
    asked = bigrams(spec.core)
    return any(
        2 * len(named & bigrams(other)) > len(named) >= 3
        and len(asked & bigrams(other)) > len(asked & bigrams(sent))
        and not DATE_SAID.search(other)
        and not governing_time(c.quote, other)
        for other in _sentences(c.quote)
        if other != sent
    )


_RARE = 0.8  # a bigram this close to the rarest in the plan names something: 兴塔, 山阳

_UNDATED = {kind: re.compile(p) for kind, p in UNDATED_TIMES.items()}
# the kinds that answer how often, how long, and by when (a point in time)
_UNDATED_ANSWER = {
    "often": ("ongoing", "often"),
    "length": ("ongoing",),
    "point": ("ongoing", "event"),
    "day": ("event",),
}


def answer_undated(spec: QuerySpec, ctx: Context, hits: list[Hit]) -> Answer | None:
    """A when-question about work the plan times without a date (“持续…”, “及时报司法部”, “同步建成”,
    “定期更新发布”, “项目开始运营前，…”): how it is timed, quoted, rather than nothing; a how-often question
    by the periodic and ongoing words alone. The last resort, after every reading that finds a date."""
    if (
        spec.asks not in ("when", "often")
        or spec.english
        or spec.abstain_reason
        or spec.absent_terms
        or spec.unknown_agencies
    ):
        return None
    # (a span asked is not given by a timing word, nor a year or deadline by how soon or how often)
    kinds = _UNDATED_ANSWER.get(spec.when_kind or spec.asks, tuple(_UNDATED))
    found = best_sentence(
        replace(spec, asks=None), ctx, hits, keep=lambda s: any(_UNDATED[k].search(s) for k in kinds)
    )
    if not found or found[0] < ctx.cat.th.fact_min:
        return None
    _, sent, c = found
    said = {k: m for k in kinds if (m := _UNDATED[k].search(sent))}
    # the work goes on, else the timing the sentence says first
    kind = "ongoing" if "ongoing" in said else min(said, key=lambda k: said[k].start())
    if kind == "ongoing":
        text = f"方案没有写明完成时限，写的是持续开展。根据{c.locator}：“{sent}”"
    else:
        what = "频次" if spec.asks == "often" else "日期"
        text = f"方案没有写明具体{what}，写的是“{said[kind].group(0).strip()}”。根据{c.locator}：“{sent}”"
    return Answer(answer=text, intent=spec.intent, citations=[cite(c)], tentative=True)


# “第一灭火力量和第二灭火力量分别要在几分钟内形成”: the things listed before 分别
_RESPECTIVELY = re.compile(r"([^，,。？?；;]{4,40}?)分别")


def _each_of(spec: QuerySpec, ctx: Context, hits: list[Hit]) -> Answer | None:
    """A question that asks the same of two or three things (“A和B分别…”) that the plan says in different
    sentences: the best sentence for each, asked of it alone; None when one sentence says them all."""
    m = _RESPECTIVELY.search(spec.match)
    items = [x for x in re.split(r"[和与及、]", m.group(1)) if len(x) >= 2] if m else []
    if not 2 <= len(items) <= 3:
        return None
    found: list[tuple[str, Chunk]] = []
    for item in items:
        others = [x for x in items if x != item]
        core = spec.core
        for x in others:
            core = core.replace(x, "")
        one = best_sentence(replace(spec, core=core), ctx, hits)
        if one is None or one[0] < ctx.cat.th.fact_min:
            return None
        if (one[1], one[2]) not in found:
            found.append((one[1], one[2]))
    if len(found) < 2:
        return None
    return Answer(
        answer="\n".join(according_to(c, s, spec.english) for s, c in found),
        intent=spec.intent,
        citations=[cite(c) for c in {c.id: c for _, c in found}.values()],
    )


# An organisation named in a sentence: what a who-question needs the sentence to hold when no parsed
# responsibility answers it (乡镇政府, 区公安消防支队, 居委会, 街道消委办).
_ORG = re.compile(
    r"[\u4e00-\u9fa5]{1,12}?(?:政府|管委会|委员会|局|委|办|厅|署|中心|支队|大队|街道|乡镇|居委会?|村委会?"
    r"|公司|集团|银行|大学|学院|学校|医院|协会|联合会|科协|总工会|妇联|残联|部门|单位)"
)

# a name ending in a word of other uses too (院, 站, 企业, 力量, 区) is a doer only where it acts: after a
# word that hands work over (由, 鼓励, 引入…) or before a duty verb (“电网企业应…”, “青浦区重点推进…”)
_SUFFIX_OF_DOER = r"(?:院|所|站|企业|机构|组织|力量|区|县)"
_DOER = re.compile(
    rf"(?:由|鼓励|引导|引入|依托|支持|委托)[\u4e00-\u9fa5]{{1,12}}?{_SUFFIX_OF_DOER}"
    rf"|[\u4e00-\u9fa5]{{1,12}}?{_SUFFIX_OF_DOER}(?=要|应|负责|牵头|参与|承担|加快|重点|积极|开展|推进|配合|$)"
)


def _carries(spec: QuerySpec, ctx: Context) -> Callable[[str], bool] | None:
    """What a sentence must hold to answer in place of a parsed fact: a unit for who, a date for when,
    a number for a value. None for a question that asks none of these."""
    if spec.asks == "often":
        return lambda s: fits_asked(spec, s)
    if spec.wants_when or spec.asks == "when":
        return lambda s: bool(DATE_SAID.search(s))
    if spec.intent == "responsible" or spec.asks_who:
        units = sorted((u for u in ctx.cat.units if len(u) >= 3), key=len, reverse=True)
        return lambda s: bool(_ORG.search(s) or _DOER.search(s)) or any(u in s for u in units)
    if (spec.intent == "target" or spec.counting or spec.wants_value) and spec.measure:
        # a count in the measure asked (多少家 -> 23家): a sentence with other numbers answers another
        # question (the plan's 一个领域 does not say how many laboratories)
        measure = spec.measure

        def counts(s: str) -> bool:
            units = (m.group(3) for m in NUMBER.finditer(s))
            return any(u == measure or u.startswith(measure) or u.endswith(measure) for u in units)

        return counts
    return None


def answer_supported(spec: QuerySpec, ctx: Context, hits: list[Hit]) -> Answer | None:
    """Where the parsed facts hold nothing for a who / when / how-many question, the passage sentence
    that covers the question and holds what it asks, quoted: never worse than plain retrieval. Not for a
    question that names what the plan lacks (that abstains)."""
    if spec.abstain_reason or spec.absent_terms or spec.unknown_agencies:
        return None
    keep = _carries(spec, ctx)
    if keep is None:
        return None
    found = best_sentence(spec, ctx, hits, keep=keep)
    # (a span within which work is done is rare in a plan: the sentence that holds one needs to cover no
    # more of the question than a fact's sentence does)
    spans = found and spec.when_kind == "length" and _SPAN.search(found[1])
    if not found or found[0] < (ctx.cat.th.fact_min if spans else ctx.cat.th.supported_min):
        return _under_timed_heading(spec, ctx, hits) or _in_year_column(spec, ctx, hits)
    _, sent, c = found
    return Answer(answer=according_to(c, sent, spec.english), intent=spec.intent, citations=[cite(c)])


def _under_timed_heading(spec: QuerySpec, ctx: Context, hits: list[Hit]) -> Answer | None:
    """A when-question answered by a sentence that states no time, in a passage whose heading does
    (“(三)检查阶段(9月)”: “届时，将由区文物局牵头…进行统一检查”): the heading's time, and where."""
    if spec.asks != "when":
        return None
    found = best_sentence(spec, ctx, hits, headed=True)
    if not found or found[0] < ctx.cat.th.supported_min or not (when := heading_time(found[2])):
        return None
    _, sent, c = found
    return at_time(spec, c, sent, when, f"见该段标题“{c.title}”", f"the heading “{c.title}”")


# a table row's cell under a column named for a year (“2024年工作任务”, “2025年计划”), as the row's indexed
# text labels it: “2024年工作任务：完成西藏南路隧道数字孪生平台试点。；”
_YEAR_CELL = re.compile(r"(?:^|[；;\n])\s*((\d{4})\s*年[^：:；;\n]{0,8})[：:]([^；;\n]+)")


def _in_year_column(spec: QuerySpec, ctx: Context, hits: list[Hit]) -> Answer | None:
    """A when-question answered by a table whose columns are years (上海 综合交通 任务分解表: 2024年工作任务 /
    2025年工作计划): the year of the column whose cell covers the question best, and the cell quoted."""
    if not (spec.asks == "when" or spec.wants_when):
        return None
    best: tuple[float, str, str, str, Chunk] | None = None
    for h in hits[:6]:
        c = ctx.chunks.get(h.chunk_id)
        if c is None:
            continue
        for m in _YEAR_CELL.finditer(c.text):
            value = m.group(3).strip()
            if len(value) < 4 or value not in c.quote:
                continue
            s = score_text(spec.core, value, ctx.cat)
            if best is None or s > best[0]:
                best = (s, m.group(1).strip(), m.group(2), value, c)
    if best is None or best[0] < ctx.cat.th.supported_min:
        return None
    _, column, year, value, c = best
    return at_time(spec, c, value, f"{year}年", f"见该行“{column}”一栏", f"the row's “{column}” column")


def at_time(spec: QuerySpec, c: Chunk, sent: str, when: str, why: str, why_en: str) -> Answer:
    """A time the sentence falls under, why it does, and the sentence quoted."""
    if spec.english:
        text = f"{when} ({why_en}), according to {c.locator}: “{sent}”"
    else:
        text = f"{when}（{why}）。根据{c.locator}：“{sent}”"
    return Answer(answer=text, intent=spec.intent, citations=[cite(c)])


def answer_locator(spec: QuerySpec, ctx: Context) -> Answer | None:
    """“附件第6项是什么？”: the passage the question names by its number, quoted whole."""
    refs = [lk for lk in spec.links if lk.score >= 0.99]
    if not refs:
        return None
    if not spec.only_what_is:
        return None
    item = refs[0].item
    chunk = ctx.chunk_at(item.doc_id, item.locator)
    if chunk is None:
        return None
    text = f"{chunk.locator}: “{chunk.quote}”" if spec.english else f"{chunk.locator}：“{chunk.quote}”"
    return Answer(answer=text, intent=spec.intent, citations=[cite(chunk)])


def applies(spec: QuerySpec, ctx: Context) -> bool:
    return True  # the last answerer: the best sentence, or an abstention with pointers


def answer(spec: QuerySpec, ctx: Context, hits: list[Hit]) -> Answer | None:
    return answer_locator(spec, ctx) or answer_fact(spec, ctx, hits)
