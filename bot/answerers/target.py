"""What the target is: extracted Target facts ranked against the question, the asked measure and time."""

from __future__ import annotations

import re
from itertools import permutations

from bot.aliases import expand_synonyms, rival_kind
from bot.answer import Answer
from bot.answerers.base import (
    _DATE,
    _MONEY,
    _POST_COMPARATORS,
    Context,
    _cites,
    _linked_locs,
    _sentences,
    abstain,
    according_to,
    cite,
    deadline_of,
    fits_asked,
    score_text,
    word_cover,
)
from bot.answerers.passage import OPENING_TIME, asked_part, at_time, best_sentence
from bot.catalog import Catalog
from bot.linking import core_of
from bot.retrieve import Hit
from bot.spec import QuerySpec
from bot.text import bigrams, norm, weighted_cov
from index.models import Chunk, Target
from index.vocab import MEASURE, NOT_COUNTS, PEOPLE_MEASURES, same_time


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


_NAMED = 0.5


def rank_targets(spec: QuerySpec, ctx: Context, in_sentence: bool = False) -> list[tuple[float, Target]]:
    """Targets by how well they fit the question; `in_sentence`: each read with the whole sentence its
    clause stands in (“对…移送的违法案件…，结案率达到100％”), for when no clause alone fits."""
    linked = _linked_locs(spec, ctx)
    query = expand_synonyms(spec.match, ctx.cat.synonyms)
    out = []
    qn = norm(query)
    scoped = any(t.scope and len(t.scope) >= 2 and norm(t.scope) in qn for t in ctx.facts.targets)
    asked = [norm(x) for a in spec.asked_time for x in same_time(a)]
    for t in ctx.facts.targets:
        if _asks_the_base(spec.core, t.metric, ctx.cat):
            continue
        said = ctx.whole_sentence(t.chunk_id, t.sentence) if in_sentence else t.sentence
        text = f"{t.scope or ''}{t.metric} {said}"
        s = max(score_text(spec.core, text, ctx.cat), 0.9 * word_cover(spec.core, text, ctx.cat))
        s += 0.3 * weighted_cov(
            bigrams(t.metric), bigrams(expand_synonyms(spec.core, ctx.cat.synonyms)), ctx.cat.idf
        )
        if (t.doc_id, t.locator) in linked:
            s += 0.3
        if t.scope and len(t.scope) >= 2 and norm(t.scope) in qn:
            s += 0.2  # the question names who the target is for (职业院校, 科研院所)
        elif scoped and t.scope:
            s -= 0.2  # ... and this target is for someone else
        if _section_named(t.locator, spec.match):
            s += 0.5
        if spec.counted and _counts(t, spec.counted):
            s += 0.3  # “一共分几个阶段” and “分4个阶段进行”: the target counts what the question counts
        if spec.asked_time:
            # “到2030年…目标” / “‘十四五’期末…多少”: a target set for the time asked, not another horizon
            when = norm(f"{t.deadline or ''}{t.sentence}")
            if any(x in when for x in asked):
                s += 0.3
            elif t.deadline:
                s -= 0.3
            elif (c := ctx.chunks.get(t.chunk_id)) and any(x in norm(c.quote) for x in asked):
                s += 0.3  # an undated value in a passage set for that time (“对2023年四季度…，最高…500万元”)
        out.append((s, t))
    out.sort(key=lambda x: -x[0])
    return out


def _counts(t: Target, thing: str) -> bool:
    """The target's sentence counts that thing: its value and unit (or a measure word) right before it."""
    at = t.sentence.find(f"{t.value}{t.unit}")
    after = t.sentence[at + len(f"{t.value}{t.unit}") :] if at >= 0 else ""
    return bool(re.match(rf"(?:{MEASURE})?{re.escape(thing)}", after))


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


def _time_as_written(t: Target, ctx: Context, deadline: str | None) -> str | None:
    """The target's time as its sentence writes it (“到2027年”, “2025年底前”), where the plan opens the
    sentence with it; else the deadline as extracted."""
    year = re.match(r"\d{4}", deadline or "")
    chunk = ctx.chunks.get(t.chunk_id)
    if not year or chunk is None or (at := chunk.quote.find(t.sentence)) < 0:
        return deadline
    start = max(chunk.quote.rfind(p, 0, at) for p in "。；;\n") + 1
    m = re.search(
        rf"(?:到|至|截至|截止到?|在)?\s*{year.group(0)}\s*年(?:底前|底|末|前|以前)?", chunk.quote[start:at]
    )
    return m.group(0).strip() if m else deadline


def _format_target(t: Target, english: bool, deadline: str | None = None, sentence: str | None = None) -> str:
    post = t.comparator if t.comparator in _POST_COMPARATORS else ""
    pre = "" if post else t.comparator
    value = f"{pre}{t.value}{t.unit}{post}"
    deadline = deadline or t.deadline
    when = f"（{deadline}）" if deadline and not english else (f" by {deadline}" if deadline else "")
    sentence = sentence or t.sentence
    if english:
        return f"- {t.metric}: {value}{when} ({t.locator}: “{sentence}”)"
    return f"- {t.metric}：{value}{when}，见{t.locator}：“{sentence}”"


# “目标是多少部？” asks for a count of 部: a target in 元 per 部 does not answer it. Measure words as


def fits_measure(t: Target, measure: str) -> bool:
    unit = t.unit.lstrip("万亿")
    if unit == measure or unit.startswith(measure) or (len(unit) > 1 and unit.endswith(measure)):
        return True
    if {unit, measure} <= PEOPLE_MEASURES or (measure == "个" and unit and unit not in NOT_COUNTS):
        return True
    # the extracted unit may be cut short (台套 -> 台): the sentence says it as written
    return norm(f"{t.value}{measure}") in norm(t.sentence)


_PART_GAIN = 0.1  # what the rest of a clause's part must add to the score for the part to be quoted
_AMOUNT = re.compile(rf"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百千]+)\s*[万亿]?\s*(?:{MEASURE})")


def _measure_clause(spec: QuerySpec, ctx: Context, hits: list[Hit], measure: str) -> Answer | None:
    """A clause that states a number in the asked unit (“既有住宅加装电梯500部”), when no extracted
    target has that unit: from the linked passages and the top hits, best covering the question."""
    # (a number may be written in characters: “面积不足五十平方米”)
    pattern = re.compile(rf"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百千]+)\s*[万亿]?\s*{re.escape(measure)}")
    linked = _linked_locs(spec, ctx)
    cands = [c for c in ctx.chunks.values() if (c.doc_id, c.locator) in linked]
    cands += [ctx.chunks[h.chunk_id] for h in hits[:6] if h.chunk_id in ctx.chunks]
    best: tuple[float, str, Chunk] | None = None
    for c in cands:
        for sent in _sentences(c.quote):
            if not fits_asked(spec, sent):
                continue
            # a clause is read with the rest of its “；” part: “出现超过“二十五厘米”的积水，水位得不到有效控制
            # 时，…应果断采取封交措施”: the condition that tells one threshold from the next stands after it
            for part in re.split(r"(?<=[；;])", sent):
                if not pattern.search(part):
                    continue
                whole = max(score_text(spec.core, part, ctx.cat), word_cover(spec.core, part, ctx.cat))
                # (no other amount the part may be about; “一个领域” is a phrase, no count)
                amounts = _AMOUNT.findall(part)
                alone = len(amounts) == 1 and not re.match(r"一(?![十百千万])", amounts[0])
                for clause in re.split(r"(?<=[，,；;])", part):
                    if not pattern.search(clause):
                        continue
                    s = max(score_text(spec.core, clause, ctx.cat), word_cover(spec.core, clause, ctx.cat))
                    said = clause
                    if alone and whole > s + _PART_GAIN:
                        s, said = whole, part
                    if best is None or s > best[0]:
                        best = (s, said.strip("，,；; "), c)
    if best is None or best[0] < ctx.cat.th.target_min:
        return None
    _, clause, c = best
    text = f"According to {c.locator}: “{clause}”" if spec.english else f"根据{c.locator}：“{clause}”"
    return Answer(answer=text, intent="target", citations=[cite(c)])


def _targets_of_task(spec: QuerySpec, ctx: Context) -> list[Target]:
    """“（加强消防安全设施改造）目标是多少？”: a question that names a task and nothing more asks for
    every target the task's passage sets."""
    links = [lk for lk in spec.links if lk.score >= 0.8]
    if not links:
        return []
    item = links[0].item
    name = norm(item.name)
    if name in spec.core:  # “加强消防安全设施改造的目标是多少”
        rest = norm(core_of(spec.core.replace(name, " ")))
    elif (
        spec.followup_of and norm(spec.followup_of) == name
    ):  # “目标是多少？” after a question about the task
        rest = spec.question_core
    else:
        return []
    if re.sub(r"[的目标任务指标要求完成达到这该项是]", "", rest):
        return []
    return [t for t in ctx.facts.targets if t.doc_id == item.doc_id and t.locator == item.locator]


def unknown_quantity(spec: QuerySpec, ctx: Context) -> str | None:
    """The thing a count question asks for (“给予多少贴息” -> 贴息) when the plan never names it:
    a target about something else must not stand in for it."""
    word = spec.counted
    if not word:
        return None
    text = norm(ctx.cat.text)
    forms = [word, *expand_synonyms(word, ctx.cat.synonyms).split()[1:]]
    return None if any(norm(f) in text for f in forms) else word


# “黑珍珠、必吃榜和米其林大厨餐厅分别定了什么目标”, “微更新和专项更新各要做几个”: the things listed
# before 分别 / 各 (各 as “each”, not 各区, 各类)
_EACH = re.compile(r"([^，,。？?；;]{4,40}?)(?:分别|各自|各(?=要|需|应|是|有|为|达到|完成|建|做|定))")


def _each_target(spec: QuerySpec, ctx: Context) -> list[Target]:
    """A question that asks the target of two to four things at once: for each, the best-fitting target
    whose sentence names it; [] unless every one of them has one."""
    m = _EACH.search(spec.match)
    items = [norm(x) for x in re.split(r"[和与及、]", m.group(1)) if len(x) >= 2] if m else []
    if not 2 <= len(items) <= 4:
        return []
    ranked = rank_targets(spec, ctx)
    chosen: list[Target] = []
    for item in items:
        # the target that names the thing in its own words first, else in the sentence it stands in
        named = [t for _, t in ranked if item in norm(f"{t.scope or ''}{t.metric}")]
        named = named or [t for _, t in ranked if item in norm(t.sentence)]
        if not named:
            return []
        if named[0] not in chosen:
            chosen.append(named[0])
    return chosen


def _words(text: str) -> set[str]:
    """The bigrams of a text read piece by piece: none across punctuation (“公积金，最高” says no 金最)."""
    return set().union(*(bigrams(p) for p in re.split(r"[，,；;。、：:（）()“”\s]+", text) if p))


def _by_qualifier(chosen: list[Target], spec: QuerySpec, ctx: Context) -> list[Target]:
    """Targets of one passage that differ by whom or what they are for (“夫妻双方均…缴存…，最高贷款额度为
    60万元；单方…，50万元”, “县道不低于13%、乡、村道不低于8%”): where the question names what sets one
    of them apart, the others are not its answer. Each is read with its own clause where the clauses
    differ, else with its metric."""
    by_chunk: dict[str, list[Target]] = {}
    for t in chosen:
        by_chunk.setdefault(t.chunk_id, []).append(t)
    asked = bigrams(expand_synonyms(spec.core, ctx.cat.synonyms))
    drop: set[int] = set()
    for group in by_chunk.values():
        names = [norm(f"{t.scope or ''}{t.metric}") for t in group]
        clauses = {id(t): ctx.whole_sentence(t.chunk_id, t.sentence) for t in group}
        own_clause = len(set(clauses.values())) == len(group)
        nested = any(a != b and a in b for a, b in permutations(names, 2))
        if len({t.value for t in group}) < 2 or (nested and not own_clause):
            # one clause's values (“由50万元调整为60万元”), not targets for different things; each in a
            # sentence of its own (“对…晋升为特级的…,给予50万元…;对晋升为…综合资质的…,给予30万元…”) are
            continue
        # what the group's names share (“…用于乡道、村道日常养护经费…不得低于”) tells none of them apart
        shared = next(
            (i for i, cs in enumerate(zip(*names, strict=False)) if len(set(cs)) > 1), min(map(len, names))
        )
        said = {
            id(t): _words(f"{name[shared:]}，" + (clauses[id(t)] if own_clause else ""))
            for t, name in zip(group, names, strict=True)
        }
        named = {}
        for t in group:
            others = set().union(*(said[id(o)] for o in group if o is not t))
            named[id(t)] = len((said[id(t)] - others) & asked)
        if max(named.values()) > 0:
            drop |= {i for i, n in named.items() if n == 0}
    return [t for t in chosen if id(t) not in drop]


def _told_apart(t: Target, clause: str, ctx: Context) -> bool:
    """The passage sets the same measure at another value elsewhere (“单方…，最高贷款额度为50万元”), and
    the target's own clause says which case it is for: the clause is what to quote."""
    metric = norm(t.metric)
    return any(
        o.chunk_id == t.chunk_id
        and o.value != t.value
        and norm(o.metric) == metric
        and o.sentence not in clause
        for o in ctx.facts.targets
    )


def answer_target(spec: QuerySpec, ctx: Context, hits: list[Hit]) -> Answer:
    unknown = None if spec.english else unknown_quantity(spec, ctx)
    if unknown:
        return abstain(spec, ctx, hits, unknown)
    each = _each_target(spec, ctx)
    if each:
        return _listed(
            spec, ctx, each, [_format_target(t, spec.english, target_deadline(t, ctx)) for t in each]
        )
    ranked = [(s, t) for s, t in rank_targets(spec, ctx) if s >= ctx.cat.th.target_min]
    if not ranked:
        # no clause alone fits: one read in its sentence may, where the question names its measure
        # (“…移送的违法案件，结案率…多少”), not only its neighbour's (“中央补助资金” beside 配套资金)
        core = bigrams(expand_synonyms(spec.core, ctx.cat.synonyms))
        ranked = [
            (s, t)
            for s, t in rank_targets(spec, ctx, True)
            if s >= ctx.cat.th.target_min and weighted_cov(bigrams(t.metric), core, ctx.cat.idf) >= _NAMED
        ]
    own = _targets_of_task(spec, ctx)
    if own:
        ranked = [(1.0, t) for t in own]
    measure = spec.measure
    if measure:
        measures = spec.measures if len(spec.measures) > 1 else (measure,)
        ranked = [(s, t) for s, t in ranked if any(fits_measure(t, m) for m in measures)]
        if not ranked:  # no target counted in that unit: a clause that states it, or nothing
            clause = _measure_clause(spec, ctx, hits, measure)
            return clause or abstain(spec, ctx, hits, None if spec.english else "与该问题对应的数量目标")
    rival = {id(t): rival_kind(spec.match, ctx.whole_sentence(t.chunk_id, t.sentence)) for _, t in ranked}
    if ranked and all(rival.values()):  # every target is for another kind than the one asked
        return abstain(spec, ctx, hits, None if spec.english else f"{rival[id(ranked[0][1])]}的该项目标")
    ranked = [(s, t) for s, t in ranked if not rival[id(t)]]
    deadlines = {id(t): target_deadline(t, ctx) for _, t in ranked}
    if spec.asked_time and ranked:
        # a target set for another year does not answer for the year asked (2022年度 for “2023年…”)
        def for_asked(t: Target) -> bool:
            when = norm(f"{deadlines[id(t)] or ''}{t.sentence}")
            return not deadlines[id(t)] or any(norm(x) in when for a in spec.asked_time for x in same_time(a))

        if not any(for_asked(t) for _, t in ranked):
            asked = "、".join(spec.asked_time)
            return abstain(spec, ctx, hits, None if spec.english else f"{asked}的该项目标")
        ranked = [(s, t) for s, t in ranked if for_asked(t)]
    no_time = False
    if spec.asks == "when" or spec.wants_when:
        dated = [(s, t) for s, t in ranked if deadlines[id(t)] or _DATE.search(t.sentence)]
        # “目标是多少，什么时候完成？”: the value still answers when the plan sets no time for it
        no_time = bool(ranked) and not dated and spec.wants_value
        ranked = dated or (ranked if no_time else [])
    elif spec.asks == "money":
        ranked = [(s, t) for s, t in ranked if _MONEY.search(f"{t.value}{t.unit}")]
    elif spec.asks == "often":
        ranked = [(s, t) for s, t in ranked if fits_asked(spec, t.sentence)]
    if ranked:
        best = ranked[0][0]
        chosen = [t for s, t in ranked if s >= best - 0.15][:4]
        if not own:  # (a task's targets asked as a whole are all its answer)
            chosen = _by_qualifier(chosen, spec, ctx)
        order = {id(t): i for i, t in enumerate(ctx.facts.targets)}
        chosen.sort(key=lambda t: order[id(t)])  # the document's order reads better than scores
        lines: list[str] = []
        shown: set[str] = set()
        for t in chosen:
            # a question of two counts (“新增多少座？累计多少个？”): the sentence that states both
            whole = ctx.whole_sentence(t.chunk_id, t.sentence)
            if spec.counts < 2 and not _told_apart(t, whole, ctx):
                whole = _own_item(t, spec.match) if len(chosen) == 1 else t.sentence
            if whole not in shown:
                when = _time_as_written(t, ctx, deadlines.get(id(t)) or t.deadline)
                lines.append(_format_target(t, spec.english, when, whole))
                shown.add(whole)
        if no_time:
            lines.append("The plan sets no date for it." if spec.english else "方案中没有写明完成时间。")
        return _listed(spec, ctx, chosen, lines)
    ratios = [
        t
        for t in ctx.facts.targets
        if _asks_the_base(spec.core, t.metric, ctx.cat) and score_text(spec.core, t.metric, ctx.cat) > 0
    ]
    if ratios:  # say what the plan does set, but do not pass a ratio off as the base's own target
        base = "、".join(dict.fromkeys(_RATIO.search(t.metric).group(2).strip() for t in ratios))  # type: ignore[union-attr]
        if spec.english:
            head = f"The plan sets no target for {base} itself. Related ratio targets:"
        else:
            head = f"方案中没有提出{base}本身的目标。相关的比例目标："
        lines = [head] + [_format_target(t, spec.english) for t in ratios]
        cites = _cites(ctx, [t.chunk_id for t in ratios])
        return Answer(answer="\n".join(lines), abstained=True, intent=spec.intent, citations=cites)
    # No extracted Target fits: a numbered sentence of a linked row or a top passage may still say it;
    # a question that asks no count nor time (“要达到什么状态”, “有什么要求”) may be answered by a state
    # the plan writes in words (基本形成, 只增不减).
    asks_state = not (spec.counting or spec.measure or spec.asks == "when" or spec.wants_when)
    found = best_sentence(spec, ctx, hits, need_number=not asks_state)
    if found and spec.counting and not _says_more(found[1], spec.match):
        found = None  # “营业额5万元以上的，各档分别奖多少”: “…5万元(含)以上的,…分档给予奖励” gives no amount
    if found and found[0] >= ctx.cat.th.target_min:
        _, sent, c = found
        sent = asked_part(sent, spec)
        return Answer(answer=according_to(c, sent, spec.english), intent="target", citations=[cite(c)])
    return _goals_time(spec, ctx, hits) or abstain(
        spec, ctx, hits, None if spec.english else "与该问题对应的数量目标"
    )


def _own_item(t: Target, asked: str) -> str:
    """The item of a 、-list that states the target whole (“二孩及以上家庭最高贷款额度上浮30%、引进高层次人才
    最高贷款额度上浮50%”: the second item for 高层次人才), else the target's clause: also where the
    question names another item too (“外环主干绿道要建多长，绿道驿站建多少个”)."""
    items = re.split(r"(?<=[%％\w])、(?=[\u4e00-\u9fa5])|[，,]\s*或者?(?=[\u4e00-\u9fa5])", t.sentence)
    valued = [i for i in items if re.search(r"\d", i)]
    if len(valued) < 2:
        return t.sentence
    said = norm(f"{t.value}{t.unit}")
    own = [i for i in valued if said in norm(i) and norm(t.metric)[-4:] in norm(i)]
    if len(own) != 1:
        return t.sentence
    question = bigrams(asked)
    others = [bigrams(i) - bigrams(own[0]) for i in valued if i != own[0]]
    return t.sentence if any(o & question for o in others) else own[0]


def _amounts(text: str) -> set[str]:
    """The figures of a text that are no dates (2023年, 3月, 15日)."""
    return {
        m.group(0)
        for m in re.finditer(r"\d+(?:\.\d+)?", text)
        if not re.match(r"\s*[年月日]", text[m.end() :])
    }


def _says_more(sentence: str, question: str) -> bool:
    """The sentence states an amount the question does not already give."""
    return bool(_amounts(sentence) - _amounts(question))


def _listed(spec: QuerySpec, ctx: Context, targets: list[Target], lines: list[str]) -> Answer:
    head = "Targets in the plan:" if spec.english else "方案中的相关目标："
    return Answer(
        answer="\n".join([head, *lines]),
        intent="target",
        citations=_cites(ctx, [t.chunk_id for t in targets]),
    )


def _goals_time(spec: QuerySpec, ctx: Context, hits: list[Hit]) -> Answer | None:
    """“发展目标定在哪一年完成？”: asked of the plan's goals as a whole (no one target fits), the time its
    goals passage opens with. The passage retrieval finds first, else the plan's only one."""
    if not (spec.asks == "when" or spec.wants_when) or not spec.asks_goals:
        return None
    goals = {c.id: c for c in ctx.chunks.values() if c.kind == "goal" and OPENING_TIME.search(c.quote)}
    found = next((goals[h.chunk_id] for h in hits[:6] if h.chunk_id in goals), None)
    c = found or (next(iter(goals.values())) if len(goals) == 1 else None)
    if c is None:
        return None
    m = OPENING_TIME.search(c.quote)
    assert m is not None
    when = m.group(1).strip()
    sent = next(s for s in _sentences(c.quote[m.start(1) :]) if s.strip())
    return at_time(spec, c, sent, when, f"目标一段以“{when}，……”开头", f"the goals passage opens “{when}，…”")


def applies(spec: QuerySpec, ctx: Context) -> bool:
    return spec.intent == "target"


def answer(spec: QuerySpec, ctx: Context, hits: list[Hit]) -> Answer | None:
    return answer_target(spec, ctx, hits)
