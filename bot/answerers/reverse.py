"""An agency's tasks: every task where it appears, in the asked role."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.answer import Answer
from bot.answerers.base import (
    Context,
    _cites,
    _name,
    _sentences,
    abstain,
    effective_role,
    held_roles,
    plan_roles,
    row_word,
    titled,
)
from bot.linking import roles_at
from bot.retrieve import Hit
from bot.spec import QuerySpec
from bot.text import norm
from index.models import Chunk, Responsibility
from index.roles import heading_unit, lead_sentence
from index.vocab import (
    LABEL_WORDS,
    LEAD_ROLES,
    NUMBER_PREFIX,
    UNIT_END,
    UNITS_LINE,
    fitting_roles,
    role_label,
    role_label_en,
)

_PLACE_END = re.compile(r"(?:区|县|市|镇|乡|新区)$")


def same_unit(asked: str, unit: str) -> bool:
    """The unit asked for, as a plan lists it: a place and its government are one party where lists share
    the suffix (“浦东新区、闵行区、嘉定区政府” names 闵行区政府 as 闵行区), a unit and its level where lists
    share the prefix (“省住房城乡建设厅、自然资源厅” names 省自然资源厅 as 自然资源厅)."""
    a, u = norm(asked), norm(unit)
    if a == u:
        return True
    short, long_ = sorted((a, u), key=len)
    if long_.endswith(short) and _LEVEL_PREFIX.fullmatch(long_[: -len(short)]):
        return len(short) >= 3 and bool(UNIT_END.search(short))
    return bool(_PLACE_END.search(short)) and long_ in (short + "政府", short + "人民政府")


# the level a list names once for all its units: 省, 市, “各地(市)”, “各县(市、区)”
_LEVEL_PREFIX = re.compile(r"[省市区县]|各(?:地|市|县|区|州|盟)(?:[（(]?[市县区、]{1,5}[）)]?)?")
_MARKER_ONLY = re.compile(r"\s*[（(][^（）()]*[）)]\s*[。；;]?\s*")
_MARKER_AT_END = re.compile(r"[（(][^（）()]*[）)][。；;]?\s*$")
_LABEL_LINE = re.compile(rf"^[（(]?\s*(?:{LABEL_WORDS})\s*[:：]")


def _whole_name(r: Responsibility, ctx: Context) -> str:
    """The task's name, completed where it was cut inside a word (“…按相关规定划拨建设” of “…划拨建设用地。”):
    up to the end of its clause in the passage, verbatim."""
    name = _name(r)
    chunk = ctx.chunks.get(r.chunk_id)
    at = chunk.quote.find(name) if chunk is not None and len(name) >= 40 else -1
    if at < 0 or chunk is None:
        return name
    rest = chunk.quote[at + len(name) :]
    if not re.match(r"[\u4e00-\u9fa5A-Za-z0-9]", rest):
        return name
    return name + re.split(r"[，,。；;：:\n（(]", rest, maxsplit=1)[0][:20]


def _gist(r: Responsibility, ctx: Context, name: str, limit: int = 100) -> str:
    """What the task is about beyond its name (as shown, `_whole_name`): the opening of its passage after
    the name, verbatim (a heading names a task in a few words; a duty list's first clause is only one of
    its duties)."""
    chunk = ctx.chunks.get(r.chunk_id)
    if chunk is not None and (UNITS_LINE.fullmatch(chunk.quote.strip()) or heading_unit(chunk.quote)):
        # a units line closing a list (“牵头单位:市人社局,责任单位:…” after its last item), or a heading that
        # is the unit's name over the list of its duties (“（一）区交通委”): the list's items
        item_at = re.compile(rf"{re.escape(r.locator)}\s*[（(]?[一二三四五六七八九十\d]+[）).、．]?")
        listed = [
            c.title or lead_sentence(c.quote)
            for c in ctx.chunks.values()
            if c.doc_id == r.doc_id and item_at.fullmatch(c.locator)
        ]
        if heading_unit(chunk.quote):
            limit = max(limit, 400)  # (all the unit's duties, as a duty list's paragraph)
        gist = "、".join(dict.fromkeys(x for x in listed if x))
        return gist if len(gist) <= limit else gist[:limit] + "…"
    if chunk is not None and chunk.title in r.units:
        limit = max(limit, 400)  # a duty list's paragraph (“3.服务办。…”) is all this unit's duties
    body = NUMBER_PREFIX.sub("", chunk.quote if chunk else r.quote)
    at = body.find(name)
    if at >= 0:
        body = body[at + len(name) :]
        if body[:1] in "；;" and any(
            o.chunk_id == r.chunk_id and o.task != r.task for o in ctx.facts.responsibilities
        ):  # the next of a unit's listed duties is a fact of its own
            return ""
        body = body.lstrip("。：:，,；; ")
    elif len(name) > 16:
        return ""
    # a heading on a line of its own (“3.持续数字设施建设，…”): what it is about opens the next paragraph
    # (a label line, “责任单位：…”, says who, not what)
    first, *rest = body.split("\n")
    later = (ln.strip(" \u3000") for ln in rest)
    body = first if first.strip() else next((ln for ln in later if ln and not _LABEL_LINE.match(ln)), "")
    if _MARKER_ONLY.fullmatch(body):
        return ""  # what is left after the name is only who does it: the line already says that
    body = _MARKER_AT_END.sub("", body)
    if len(body) <= limit:
        return body.rstrip("。；;")
    cut = max(body.rfind(p, 0, limit) for p in "，；。、")
    head = body[: cut if cut > 20 else limit]
    # a long first sentence says what is done in its last clause (“…，按购房款总额的2%给予一次性购房
    # 补助”): shown after its opening, so the task is known by what it does, not only by whom it concerns
    first = re.split(r"[。；;]", body, maxsplit=1)[0]
    last = re.split(r"[，,]", first)[-1].strip()
    if len(first) > len(head) + len(last) and 4 <= len(last) <= 40:
        return f"{head}……{last}"
    return head + "…"


def _held(role: str | None, rs: list[Responsibility], ctx: Context) -> list[Responsibility]:
    """The responsibilities in which a unit holds the asked role. A key task or annex row is read on its
    own (a unit that alone 负责 one task leads it, while 负责 beside a 牵头 unit supports); other passages
    (a phase, a safeguard) as before, under the roles the unit holds across the plan."""
    if not rs:
        return rs
    across = held_roles(role, rs, plan_roles(ctx, rs[0].doc_id))

    def holds(r: Responsibility) -> bool:
        chunk = ctx.chunks.get(r.chunk_id)
        if chunk is None or chunk.kind not in ("task", "annex_row"):
            return r in across
        return role is None or r.role in fitting_roles(
            role, roles_at(ctx.cat).get((r.doc_id, r.locator), set())
        )

    return [r for r in rs if holds(r)]


def answer_reverse(spec: QuerySpec, ctx: Context, hits: list[Hit]) -> Answer:
    lines: list[str] = []
    ids: list[str] = []
    missed: list[str] = []  # agencies that hold the asked role nowhere
    other: list[Responsibility] = []  # ... and the rows where they hold another
    role: str | None = None
    for agency in spec.agencies:
        rs = [r for r in ctx.facts.responsibilities if any(same_unit(agency, x) for x in r.units)]
        if spec.names_key_task and any(not r.pilot_task for r in rs):
            rs = [r for r in rs if not r.pilot_task]
        if spec.wants_annex and any(r.pilot_task for r in rs):
            rs = [r for r in rs if r.pilot_task]
        if spec.alone:
            rs = [r for r in rs if len(r.units) == 1]
        if not rs:
            continue
        role = effective_role(spec.role, plan_roles(ctx, rs[0].doc_id))
        held = _held(role, rs, ctx)
        if role and not held:
            missed.append(agency)
            other += rs
        rs = held
        if not rs:
            continue
        pilot = all(r.pilot_task for r in rs)
        word = row_word(ctx, rs[0].doc_id) if pilot else "任务"
        roles = {r.role for r in rs}
        labelled = role is None and roles != {"责任"}  # a plan that names roles: each line says which
        # NOTE: no count in the text: every number in an answer must stand in a cited quote.
        if spec.english:
            verb = {"牵头": "leads", "配合": "supports", "参与": "takes part in", "指导": "guides"}
            lines.append(f"{agency} {verb.get(role or '', 'is responsible for')}:")
        elif role == "牵头":
            lines.append(f"{agency}牵头负责的{word}：")
        elif role:
            lines.append(f"{agency}{role}的{word}：")
        elif roles <= LEAD_ROLES:
            lines.append(f"{agency}负责的{word}：")
        elif roles == {"配合"}:
            lines.append(f"{agency}作为配合单位参与的{word}：")
        else:
            lines.append(f"{agency}负责或参与的{word}：")
        # a unit with few tasks is asked what it does: each is shown at more length
        limit = 400 if len(rs) <= 2 else 200 if len(rs) <= 4 else 100
        for r in rs:
            tag = ""
            if labelled:
                tag = f" ({role_label_en(r.role)})" if spec.english else f"（{role_label(r.role)}）"
            name = _name(r) if spec.english else _whole_name(r, ctx)
            gist = "" if spec.english else _gist(r, ctx, name, limit)
            lines.append(f"- {titled(r.locator, name)}{tag}" + (f"：{gist}" if gist else ""))
        ids += [r.chunk_id for r in rs]
    # “…，各区市场监管局…为实施单位，下同”: a unit the plan names once for every later task does them all
    noted = [] if spec.english else _noted_for(spec.agencies, ctx)
    if not ids and missed:
        # “X牵头哪些任务？” of a unit that only supports: the plan names none; say where it does appear
        held_as = "或".join(dict.fromkeys(role_label(r.role) for r in other))
        who = "、".join(missed)
        if spec.english:
            text = f"The plan names no task where {who} has that role. It appears in:"
        else:
            text = f"方案中没有{who}{role}的任务。{who}在以下任务中是{held_as}："
        text += "".join(f"\n- {titled(r.locator, _name(r))}" for r in other)
        return Answer(
            answer=text, abstained=True, intent="reverse", citations=_cites(ctx, [r.chunk_id for r in other])
        )
    if not ids and not noted:
        who = "、".join(spec.agencies)
        return abstain(spec, ctx, hits, f"{who}负责的任务" if not spec.english else None)
    if role is None and not spec.english:
        # prose that opens a clause with the unit and its duty (“…。请财政部在相关项目经费使用管理规定中…”)
        # where no marker or table names it: said too, quoted, after the tasks
        more = [(c, sent) for agency in spec.agencies for c, sent in _acts_in_prose(agency, ctx, set(ids))]
        if more:
            lines.append("方案中还写到：")
            lines += [f"- {c.locator}：“{sent}”" for c, sent in more[:4]]
            ids += [c.id for c, _ in more[:4]]
    for chunk, said in noted:
        lines.append(f"此外，方案在{chunk.locator}写明：“{said}”")
        ids.append(chunk.id)
    return Answer(answer="\n".join(lines), intent="reverse", citations=_cites(ctx, ids))


def _noted_for(agencies: list[str], ctx: Context) -> list[tuple[Chunk, str]]:
    """The plans' notes that name one of the agencies for every task after them: the passage and the note."""
    out = []
    for doc in ctx.plans:
        note = ctx.standing_note(doc)
        if note and any(same_unit(a, u) for a in agencies for u in note[2]):
            out.append((note[0], note[1]))
    return out


def _acts_in_prose(agency: str, ctx: Context, shown: set[str]) -> list[tuple[Chunk, str]]:
    """Sentences of passages not yet shown in which a clause opens with the unit and what it does."""
    name = re.escape(agency)
    acts = re.compile(
        rf"(?:^|[，,；;。：:])\s*(?:请{name}|由?{name}[^，,；;。]{{0,4}}?"
        r"(?:要|应|须|将|负责|牵头|会同|承担|组织|指导|做好|加强))"
    )
    out: list[tuple[Chunk, str]] = []
    for c in ctx.chunks.values():
        if c.id in shown or c.kind in ("notice", "cc", "issued"):
            continue
        out += [(c, sent) for sent in _sentences(c.quote) if acts.search(sent)]
    return out


# what an agency does in a clause that names it: “设在市消防救援总队，负责定期统计…”, “X承担县道的…”
_DUTY = re.compile(r"负责|承担|牵头|配合|参与|协助|组织|落实|设在|担任|兼任|会同|进行|督导|督促|指导")


def _in_prose(spec: QuerySpec, ctx: Context) -> Answer | None:
    """An agency the plan assigns no task in its markers or tables, whose duties its prose states: the
    sentences where it stands beside a duty verb, quoted (never “没有找到” for what the plan says)."""
    lines: list[str] = []
    ids: list[str] = []
    for agency in spec.prose_agencies:
        for c in ctx.chunks.values():
            for sent in _sentences(c.quote):
                clauses = re.split(r"[，,；;。]", sent)
                at = next((i for i, x in enumerate(clauses) if agency in x), None)
                if at is None or not any(_DUTY.search(x) for x in clauses[at : at + 2]):
                    continue
                lines.append(f"- {c.locator}：“{sent}”")
                ids.append(c.id)
    if not lines:
        return None
    who = "、".join(spec.prose_agencies)
    head = f"The plan states {who}'s part in:" if spec.english else f"方案中写到{who}职责的句子："
    return Answer(answer="\n".join([head, *lines[:6]]), intent="reverse", citations=_cites(ctx, ids[:6]))


def applies(spec: QuerySpec, ctx: Context) -> bool:
    # “某局负责哪些任务”: a unit's duties, even where the unit's name echoes a task's words
    named = spec.agencies or spec.prose_agencies
    return spec.intent == "reverse" or (spec.intent == "fact" and bool(named) and spec.asks_duty)


def answer(spec: QuerySpec, ctx: Context, hits: list[Hit]) -> Answer | None:
    if not spec.agencies:  # only an agency of the prose: its sentences, or the next answerer's turn
        return _in_prose(spec, ctx)
    return answer_reverse(replace(spec, intent="reverse"), ctx, hits)
