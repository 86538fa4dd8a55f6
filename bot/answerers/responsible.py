"""Who is responsible for a task or row: only from extracted Responsibility facts, never free text."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.answer import Answer
from bot.answerers.base import (
    Context,
    _cites,
    _is_row,
    _name,
    _role,
    _sentences,
    _units,
    _with_deadline,
    abstain,
    according_to,
    cite,
    held_label,
    held_roles,
    row_word,
    rows_restating,
    score_text,
    titled,
    word_cover,
)
from bot.answerers.passage import best_sentence
from bot.retrieve import Hit
from bot.spec import Link, QuerySpec
from bot.text import bigrams, norm, weighted_cov
from index.facts import other_clauses
from index.models import Chunk, Responsibility
from index.roles import heading_unit
from index.vocab import UNITS_LINE


def select_responsibilities(spec: QuerySpec, ctx: Context, doc: str | None = None) -> list[Responsibility]:
    """The key task (+ its annex rows) or the pilot row(s) the question names; [] when unsure."""
    sure = ctx.cat.th.link_min
    links = [lk for lk in spec.links if lk.score >= sure and (doc is None or lk.item.doc_id == doc)]
    # the question says which kind it means: 重点任务 is a main-text task, 试点 an annex row
    wanted = spec.wants_kind
    if wanted and any(lk.item.kind == wanted for lk in links):
        top = links[0].score
        preferred = [lk for lk in links if lk.item.kind == wanted and lk.score >= top - 0.25]
        if preferred:
            links = preferred + [lk for lk in links if lk not in preferred]
    if not links:
        pooled = _pooled(spec, ctx, doc)
        if pooled is None:
            return []
        links = [pooled]
    best = links[0]
    resp = ctx.facts.responsibilities
    if best.item.kind == "key_task" and (tabled := _same_task_in_a_table(best, links, ctx)):
        return tabled
    if best.item.kind == "key_task":
        key = [
            r
            for r in resp
            if r.locator == best.item.locator
            and r.doc_id == best.item.doc_id
            and best.item.chunk_id in ("", r.chunk_id)
            and (not best.item.task or norm(r.task) == norm(best.item.task))
        ]
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
            return restated if norm(best.item.name) in norm(spec.match) else _closest(spec, ctx, restated)
        return key + rows
    # a pilot row: only that row, plus other rows named just as clearly in the same question
    chosen = [lk for lk in links if lk.item.kind == "pilot" and lk.score >= max(0.8, best.score - 0.02)]
    chosen = chosen or [best]
    # one locator may hold several roles (牵头 + 配合): each is its own item, the row is named once
    keys = list(dict.fromkeys((lk.item.doc_id, lk.item.locator, lk.item.chunk_id) for lk in chosen))
    return [
        r
        for d, loc, cid in keys
        for r in resp
        if (r.doc_id, r.locator) == (d, loc) and cid in ("", r.chunk_id)
    ]


def _pooled(spec: QuerySpec, ctx: Context, doc: str | None) -> Link | None:
    """The best link of the items that all answer with the same facts, when together they are sure.

    A question may describe a list whose items share one responsibility line (“（一）…（二）…（三）…
    （四）责任单位：…”): it names the heading in part and the items' content in part, so each item is
    only half a match, but every one of them leads to the same units. Their scores are pooled as
    independent evidence (1 − Π(1 − s), the three best)."""
    groups: dict[tuple[str, tuple[str, ...]], list[Link]] = {}
    for lk in spec.links:
        if lk.item.kind == "key_task" and lk.item.rows and (doc is None or lk.item.doc_id == doc):
            groups.setdefault((lk.item.doc_id, lk.item.rows), []).append(lk)
    best: tuple[float, Link] | None = None
    for same in groups.values():
        if len(same) < 2:
            continue
        miss = 1.0
        for lk in sorted(same, key=lambda x: -x.score)[:3]:
            miss *= 1 - lk.score
        if best is None or 1 - miss > best[0]:
            best = (1 - miss, max(same, key=lambda x: x.score))
    return best[1] if best and best[0] >= ctx.cat.th.link_min else None


def _same_task_in_a_table(best: Link, links: list[Link], ctx: Context) -> list[Responsibility]:
    """The responsibilities of a task-division table row that names the task exactly as the passage
    found does (附件1 describes “严管跨省倾倒” in prose, 附件3's 分工表 gives its 牵头单位 column): the
    table's role columns say who leads where the prose only lists who acts."""
    name = norm(best.item.name)
    locs = [
        (lk.item.doc_id, lk.item.locator)
        for lk in links
        if lk.item.kind == "pilot"
        and lk.score >= best.score - ctx.cat.th.tie
        and lk.item.locator != best.item.locator
        and norm(lk.item.name) == name
        and ctx.cells(lk.item.doc_id, lk.item.locator)
    ]
    locs = list(dict.fromkeys(locs))
    # one 序号 may stand for rows of several tables: only the rows of that name
    return [
        r
        for loc in locs
        for r in ctx.facts.responsibilities
        if (r.doc_id, r.locator) == loc and name in (norm(r.task), norm(r.pilot_task or ""))
    ]


def _closest(spec: QuerySpec, ctx: Context, rows: list[Responsibility]) -> list[Responsibility]:
    """Of the rows found through a passage, those whose own wording the question repeats best."""
    if len({(r.doc_id, r.locator) for r in rows}) <= 1:
        return rows
    score = {id(r): score_text(spec.core, _name(r), ctx.cat) for r in rows}
    top = max(score.values())
    return [r for r in rows if score[id(r)] >= top - 0.1]


def named_group(spec: QuerySpec, ctx: Context) -> tuple[str, list[Responsibility]]:
    """The annex task the question names when several rows are filed under it (加强融资支持 -> rows 8
    and 9): (group name, main-text task facts of that name + every row). A row named more specifically
    (its own 具体措施 in the question) is left to the row linker."""
    q = norm(spec.match)
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
        and (norm(task) in norm(r.task) or weighted_cov(gb, bigrams(r.task), ctx.cat.idf) >= 0.75)
    ]
    return task, key + groups[(doc, task)]


def _titled_passage(spec: QuerySpec, ctx: Context) -> list[Responsibility]:
    """A main-text task named by its heading (“压缩通关时间由谁负责”) that names no unit itself."""
    q = norm(spec.match)
    for c in ctx.chunks.values():
        if c.kind == "task" and len(norm(c.title)) >= 4 and norm(c.title) in q:
            if any(r.chunk_id == c.id for r in ctx.facts.responsibilities):
                return []  # it names its units: the linker's business
            return rows_restating(c, ctx)
    return []


def from_retrieval(spec: QuerySpec, ctx: Context, hits: list[Hit]) -> list[Responsibility]:
    """The responsibility of the top passage, when the question describes a task's content rather than
    naming it. Only the first hit counts: a unit from the second-best passage would be a guess; and the
    passage must hold most of the question's words, since a dense-only neighbour is a guess as well."""
    if not hits or hits[0].chunk_id not in ctx.chunks or len(spec.core) < 2:
        return []
    chunk = ctx.chunks[hits[0].chunk_id]

    def cover(c: Chunk) -> float:
        return max(score_text(spec.core, c.quote, ctx.cat), word_cover(spec.core, c.quote, ctx.cat))

    if cover(chunk) < ctx.cat.th.from_hit_min:
        return []
    # The passage of a task the linker ranks first, below its sure score, that holds more of the question
    # than the top hit: the ranking of retrieval over many plans (whose word weights are every plan's) is
    # the weaker reading (崇明 建设工程事故: “应急物资…储备和调度” is 区经委's duty, the top hit 区交通委's
    # passage only repeats the plan's 建设工程事故).
    ahead = len(spec.links) < 2 or spec.links[0].score > spec.links[1].score + ctx.cat.th.tie
    top = spec.links[0].item if spec.links and ahead else None
    linked = None
    if top is not None:
        linked = ctx.chunks.get(top.chunk_id) if top.chunk_id else ctx.chunk_at(top.doc_id, top.locator)
    if linked is not None and linked.id != chunk.id and cover(linked) > cover(chunk) + 0.15:
        chunk = linked
    own = [r for r in ctx.facts.responsibilities if r.chunk_id == chunk.id]
    if own:
        return own + _same_duty_elsewhere(spec, ctx, chunk, hits[1:3])
    # a passage of a list closed by its own 责任单位 line: the units of that line (Item.rows)
    filed = next(
        (
            it.rows
            for it in ctx.cat.items
            if it.kind == "key_task" and (it.doc_id, it.locator) == (chunk.doc_id, chunk.locator)
        ),
        (),
    )
    closing = [
        r for loc in filed for r in ctx.facts.responsibilities if (r.doc_id, r.locator) == (chunk.doc_id, loc)
    ]
    return (
        closing or _listed_under(chunk, ctx) or (rows_restating(chunk, ctx) if chunk.kind == "task" else [])
    )


def _listed_under(chunk: Chunk, ctx: Context) -> list[Responsibility]:
    """The units of the heading a list item stands under, named where the list closes: by a line of its own
    (“牵头单位:…” after the last item) or by the last item's marker (“(七)…\n1.…\n6.…〔责任单位:…〕”)."""
    return [
        r
        for r in ctx.facts.responsibilities
        if r.doc_id == chunk.doc_id
        and r.locator != chunk.locator
        and chunk.locator.startswith(r.locator)
        and (held := ctx.chunks.get(r.chunk_id)) is not None
        and (
            held.locator != r.locator or UNITS_LINE.fullmatch(held.quote.strip()) or heading_unit(held.quote)
        )
    ]


def _same_duty_elsewhere(
    spec: QuerySpec, ctx: Context, chunk: Chunk, hits: list[Hit]
) -> list[Responsibility]:
    """The units of the next passages that state the very sentence the question asks about: a task list by
    unit writes a shared duty out under each unit (静安: “研究住宅小区生活垃圾不分类案件物业发现…城管处置流程”
    under both 区房管局 and 区城管执法局), and either unit alone would be half the answer."""
    asked = max(_sentences(chunk.quote), key=lambda x: score_text(spec.core, x, ctx.cat), default="")
    said = bigrams(asked)
    if len(said) < 8:
        return []
    out: list[Responsibility] = []
    for h in hits:
        other = ctx.chunks.get(h.chunk_id)
        if other is None or other.id == chunk.id:
            continue
        if any(len(said & bigrams(x)) >= 0.8 * len(said) for x in _sentences(other.quote)):
            out += [r for r in ctx.facts.responsibilities if r.chunk_id == other.id]
    return out


def choose_responsibilities(
    spec: QuerySpec, ctx: Context, hits: list[Hit]
) -> tuple[str, list[Responsibility]]:
    """(annex group named, facts) for a responsible question: a named group of rows first, then the
    linked task or row, then a task heading whose units stand in the annex, then the top passage."""
    group, rs = named_group(spec, ctx)
    if rs:
        return group, rs
    return "", (
        select_responsibilities(spec, ctx)
        or _titled_passage(spec, ctx)
        or _confirmed_by_retrieval(spec, ctx, hits)
        or from_retrieval(spec, ctx, hits)
        or _far_ahead(spec, ctx, hits)
    )


# A passage whose sentence covers the question this much, and this many times better than any other
# passage's, is the one asked about even when no task name links (measured on the real plans: no
# question the plans leave open passes both).
_AHEAD_MIN = 0.33
_AHEAD_RATIO = 1.5


def _far_ahead(spec: QuerySpec, ctx: Context, hits: list[Hit]) -> list[Responsibility]:
    """The units of the passage that answers a who-question in everyday words (“卖房后一年内再买房退个税”
    for “出售现住房后1年内…重新购买住房的…个人所得税…退税优惠（牵头单位：…）”): its sentence covers the
    question far better than any other passage's, and the passage names its own units."""
    best = best_sentence(spec, ctx, hits)
    if best is None or best[0] < _AHEAD_MIN:
        return []
    chunk = best[2]
    own = [r for r in ctx.facts.responsibilities if r.chunk_id == chunk.id]
    if not own:
        own = _listed_under(chunk, ctx)
    second = best_sentence(spec, ctx, hits, exclude=chunk.id) if own else None
    if not own or (second is not None and best[0] < _AHEAD_RATIO * second[0]):
        return []
    return own


def _confirmed_by_retrieval(spec: QuerySpec, ctx: Context, hits: list[Hit]) -> list[Responsibility]:
    """A task linked just under the sure score, clearly ahead of the next link, that retrieval also ranks
    among its three best passages: two independent readings of the question agree on it."""
    if not spec.links:
        return []
    best = spec.links[0]
    runner_up = spec.links[1].score if len(spec.links) > 1 else 0.0
    if best.score < ctx.cat.th.link_min - 0.1 or best.score - runner_up < 0.15:
        return []
    top = [ctx.chunks[h.chunk_id] for h in hits[:3] if h.chunk_id in ctx.chunks]
    if not any((c.doc_id, c.locator) == (best.item.doc_id, best.item.locator) for c in top):
        return []
    sure = replace(spec, links=[Link(best.item, ctx.cat.th.link_min), *spec.links[1:]])
    return select_responsibilities(sure, ctx)


def _order_roles(rs: list[Responsibility]) -> list[Responsibility]:
    """Each row once, its roles together, lead before supporting; rows in the order chosen."""
    locs = list(dict.fromkeys((r.doc_id, r.locator) for r in rs))
    rank = {"牵头": 0, "负责": 0, "责任": 0, "配合": 1, "参与": 1, "指导": 2}
    out: list[Responsibility] = []
    for loc in locs:
        same = [r for r in rs if (r.doc_id, r.locator) == loc]
        out += sorted(same, key=lambda r: rank.get(r.role, 0))
    return out


# a clause whose actor is named with what it does: “由建设单位负责…建设”, “由市水务局进行统一采购”,
# “镇行政执法队负责文明施工、噪音等处置”, “培训评价组织应…，负责实施职业技能考核”
# (a unit, or a post within one: 消防安全管理人, 消防安全责任人; a level written out in brackets:
# 县（市、区）人民政府确定的审核机构; no placeholder, 由相关主管部门, and no verb inside:
# “全力配合区级部门做好…” names the unit helped, “并指定专门机构具体负责…” the unit yet to be named)
ACTOR_NAME = (
    r"(?!相关|有关|其他)(?:(?!配合|协助|协同|会同|负责|牵头|参与|指定|全力|并|要|对)[\u4e00-\u9fa5]"
    r"|[（(][\u4e00-\u9fa5、]{1,8}[）)]){2,14}?"
    r"(?:单位|部门|政府|管委会|委员会|局|委|办|厅|中心|总队|支队|大队|执法队|队|所|站|组织|企业"
    r"|公司|集团|机构|机关|责任人|管理人|负责人)"
)
_ACTOR = re.compile(
    rf"(?:^|[，,；;：:。]|由)\s*(?:\d+\s*[.．、]\s*)?(?:由)?{ACTOR_NAME}(?:[、和]{ACTOR_NAME})*"
    # (“区交通建设管理中心是本区农村公路的行业管理机构，承担…”: the subject goes on past its comma)
    # (“…教育行政部门依照职业标准牵头组织开发…”: the basis it acts on may stand before the verb)
    r"(?:是[^，,。；;]{2,30}[，,])?(?:要|应当?|须|将)?(?:(?:依照|按照|根据)[^，,。；;]{1,12}?)?(?:具体|统一|牵头)?"
    # (“供水供气服务企业对…水表、燃气表进行验收登记”: what it acts on may stand before the verb too)
    r"(?:对[^，,。；;]{2,30}?(?=进行))?"
    # (“…由供水供电企业承担的部分”: a verb before 的 qualifies a thing, it assigns nothing; 实施方案 is a
    # thing)
    r"(?:负责|承担|进行|组织|实施(?!方案|细则|办法|意见)|做好|会同)(?!的)"
    # (“出让项目，由区规划资源局在招拍挂征询阶段征询…”: after 由 the name does what follows, whatever the
    # verb; again no verb before 的, and no name cut inside another, 由赛事主办方或组委会)
    rf"|由{ACTOR_NAME}(?=[在对向于就从按依根负承进组实做统具牵]|会同)(?![\u4e00-\u9fa5]{{1,3}}的)"
    # (the treasury of a level pays: “区级财政支持示范区建设…”, “…费用由各级财政予以保障”)
    r"|(?:^|[，,；;：:。]|由)\s*[\u4e00-\u9fa5]{1,4}财政(?:要|应当?|将)?(?:支持|保障|予以)"
)


def _actor_sentence(
    spec: QuerySpec, ctx: Context, hits: list[Hit], chosen: list[Responsibility]
) -> Answer | None:
    """A sentence that names who does exactly what is asked (“居民住宅区消火栓，由建设单位负责按照…标准
    建设”) where the facts found name others, for a passage they close (“（责任单位：各区政府）”): the
    sentence answers when it covers the question clearly better than any sentence naming those units."""
    if spec.role not in (None, "牵头") or spec.english:
        return None  # “谁配合” asks the plan's own roles: the facts say them
    if chosen and spec.names_label:
        return None  # “责任部门是哪些？” asks what the passage's own label lists, not who acts in its prose
    units = {u for r in chosen for u in r.units}
    actor = best_sentence(spec, ctx, hits, keep=lambda s: _acts(s, units))
    # (with no fact found, the sentence that names a doer answers at the bar of any quoted sentence: the
    # passage answer that would follow quotes the best sentence, doer or not)
    if actor is None or actor[0] < (ctx.cat.th.supported_min if chosen else ctx.cat.th.fact_min):
        return None
    named = best_sentence(spec, ctx, hits, keep=lambda s: s != actor[1] and any(u in s for u in units))
    if units and named is not None and actor[0] < named[0] + _CLEARLY:
        return None
    _, sent, c = actor
    said = _actor_clause(sent, units, spec, ctx)
    return Answer(answer=according_to(c, said, spec.english), intent="responsible", citations=[cite(c)])


def _acts(text: str, units: set[str]) -> bool:
    """The text names an actor with what it does, and the actor is none of the units found."""
    return any(not any(u in m.group(0) for u in units) for m in _ACTOR.finditer(text))


def _actor_clause(sentence: str, units: set[str], spec: QuerySpec, ctx: Context) -> str:
    """The clause that names the actor of what is asked (of several, the one the question covers best),
    with the clauses before it that set its topic (“单位消火栓、居民住宅区消火栓，由建设单位负责…建设”) but
    not those naming the units found (“以下均需区市场监管局落实，”): the quote says who, and nobody else."""
    parts = re.split(r"(?<=[，,；;])", sentence)
    spans = [(i, i) for i, x in enumerate(parts) if _acts(x, units)]
    # (“区交通建设管理中心是…机构，承担…”: a subject whose verb is in the next clause)
    spans += [
        (i, i + 1)
        for i in range(len(parts) - 1)
        if _acts(parts[i] + parts[i + 1], units)
        and not _acts(parts[i], units)
        and not _acts(parts[i + 1], units)
    ]
    if not spans:
        return sentence
    first, last = max(
        spans, key=lambda s: (score_text(spec.core, "".join(parts[s[0] : s[1] + 1]), ctx.cat), -s[0])
    )
    while first > 0 and not _ACTOR.search(parts[first - 1]) and not any(u in parts[first - 1] for u in units):
        first -= 1
    # (“由区级林业主管部门牵头，定期组织…召开推进会”: a clause that ends on its verb has its work in the next)
    if last + 1 < len(parts) and re.search(r"(?:牵头|负责|组织|会同)[，,；;]?$", parts[last].strip()):
        last += 1
    return "".join(parts[first : last + 1]).strip("，,；; ")


_CLEARLY = 0.15


def answer_responsible(spec: QuerySpec, ctx: Context, hits: list[Hit]) -> Answer:
    group, chosen = choose_responsibilities(spec, ctx, hits)
    if said := _actor_sentence(spec, ctx, hits, chosen):
        return said
    if not chosen:
        return abstain(spec, ctx, hits, None if spec.english else "该事项的责任单位")
    chosen = _order_roles(chosen)
    if spec.wants_kind == "pilot" and any(_is_row(r) for r in chosen):
        # “任务清单里由哪个部门负责”: the question says where to look (a key task keeps its rows beside it)
        chosen = [r for r in chosen if _is_row(r)]
    # “…的配合单位有哪些” / “…由谁牵头”: the units of that role, when the passage names roles at all
    chosen = held_roles(spec.role, held_label(spec.core, chosen), {r.role for r in chosen}) or chosen
    if _only_the_asker(spec, chosen):
        # “…，街镇消防安全委员会要会同谁？”: the unit the question names as doer is no answer to whom it
        # works with; the sentence that says so may be (the passage reader's turn)
        return abstain(spec, ctx, hits, None if spec.english else "该事项的责任单位")
    lines = []
    for r in chosen:
        if spec.english:
            lines.append(f"{titled(r.locator, _name(r), True)} — {_role(r, True)}: {_units(r)}.")
        else:
            name = _item_asked(r.pilot_task or r.task, spec, ctx)
            lines.append(f"{titled(r.locator, name)}的{_role(r, False)}：{_units(r)}。")
    lines = _with_scope(lines, chosen, ctx)
    lines = _with_deadline(lines, chosen, ctx, spec.english)
    word = row_word(ctx, chosen[0].doc_id)
    rows = [r for r in chosen if _is_row(r)]
    if len(chosen) > 1 and not _is_row(chosen[0]) and rows:
        head = "Key task and its annex rows:" if spec.english else f"该重点任务及附件中对应的{word}："
        lines.insert(0, head)
    elif group and len({r.locator for r in rows}) > 1:
        head = f"Annex rows under “{group}”:" if spec.english else f"附件中“{group}”下的{word}："
        lines.insert(0, head)
    ids = [r.chunk_id for r in chosen]
    if spec.role is None and (note := _standing_note(chosen, ctx)):
        # “以下均需各区政府…负责，不再列出”: the units the plan names once for every later task answer too
        chunk, note_text = note
        lines.append(
            f"The plan adds, at {chunk.locator}: “{note_text}”"
            if spec.english
            else f"此外，方案在{chunk.locator}写明：“{note_text}”"
        )
        ids.append(chunk.id)
    return Answer(answer="\n".join(lines), intent="responsible", citations=_cites(ctx, ids))


def _bare(name: str) -> str:
    return norm(re.sub(r"[（(][^（）()]{1,8}[）)]", "", name))


def _only_the_asker(spec: QuerySpec, chosen: list[Responsibility]) -> bool:
    """The question names one unit as the doer and asks whom it works with, and the facts chosen name
    that unit alone."""
    if len(spec.agencies) != 1 or spec.role not in ("配合", "参与"):
        return False
    asker = _bare(spec.agencies[0])
    return all(_bare(u) == asker for r in chosen for u in r.units)


def _standing_note(chosen: list[Responsibility], ctx: Context) -> tuple[Chunk, str] | None:
    """The plan's note that names units for every task after it, where the chosen tasks stand at or after
    it and their own lists leave those units out: the passage and the note, verbatim."""
    note = ctx.standing_note(chosen[0].doc_id)
    if note is None:
        return None
    chunk, said, units, at = note
    if set(units) <= {u for r in chosen for u in r.units}:
        return None
    if any(ctx.position(r.chunk_id) < at for r in chosen):
        return None
    return chunk, said


_ITEM = re.compile(r"(?:^|(?<=[。；;]))\s*\d{1,2}\s*[.．、]\s*")


def _item_asked(name: str, spec: QuerySpec, ctx: Context) -> str:
    """A row whose task cell is a numbered list of measures (“1. …。2. …。”) is named by the measure the
    question asks about, verbatim; the whole list is the passage cited."""
    items = [x.strip() for x in _ITEM.split(name) if x.strip()]
    if len(name) <= 80 or len(items) < 2:
        return name
    return max(items, key=lambda x: score_text(spec.core, x, ctx.cat))


def _with_scope(lines: list[str], rs: list[Responsibility], ctx: Context) -> list[str]:
    """Each line with the other clauses of its marker (适用范围：河南自贸试验区), as the passage says them,
    once per passage, after its last role line."""
    out: list[str] = []
    for i, (line, r) in enumerate(zip(lines, rs, strict=True)):
        nxt = rs[i + 1] if i + 1 < len(rs) else None
        chunk = ctx.chunks.get(r.chunk_id)
        extra = other_clauses(chunk.quote) if chunk and not (nxt and nxt.chunk_id == r.chunk_id) else []
        if extra:
            line = line.rstrip("。.") + "；" + "；".join(f"{k}：{v}" for k, v in extra) + "。"
        out.append(line)
    return out


def applies(spec: QuerySpec, ctx: Context) -> bool:
    return spec.intent == "responsible"


def answer(spec: QuerySpec, ctx: Context, hits: list[Hit]) -> Answer | None:
    return answer_responsible(spec, ctx, hits)
