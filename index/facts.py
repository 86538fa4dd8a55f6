"""Plan -> Facts: who is responsible for what, and every quantified target. Pure functions.

Responsibilities come from inline clauses （责任单位：…） / 牵头单位：… 配合单位：… and from annex columns.
Targets are found by pattern (a number with a unit, a comparator, a metric phrase), not by a list.
"""

from __future__ import annotations

import hashlib
import re

from index.models import Block, Facts, Plan, Responsibility, Role, Target
from index.normalise import plain
from index.roles import (
    BRACKETS_CLOSE,
    BRACKETS_OPEN,
    SAME_BELOW,
    body_members,
    bracket_groups,
    competent_bodies,
    duty_clauses,
    guided_by,
    heading_unit,
    later_duties,
    lead_sentence,
    led_with,
    markers,
    parse_marker,
    prose_partners,
    shortened_names,
    split_top,
    states_first_is_lead,
    subject_roles,
    without_others,
)
from index.tables import is_units
from index.vocab import (
    AREA_ADMIN,
    FESTIVAL,
    FIRST_IS_LEAD,
    LABEL_WORDS,
    MEASURE,
    NUMBER_PREFIX,
    TIME_COLUMN,
    TIME_VALUE,
    TIME_WORDS,
    UNIT_COLUMNS,
    UNIT_END,
    UNIT_NOTE,
    cell_of,
    column_role,
    label_role,
)

# what a list part that is no unit name does: “…综合窗口收件”, “…负责收件、受理”
_DOES = re.compile(r"负责|承办|办理|受理|收件|出具|审查|审核|发放|设立|开展|实施")
OTHER_LABEL = re.compile(r"[；;。，,]\s*[\u4e00-\u9fa5]{2,6}\s*[:：]")
# any label inside a labelled clause: （负责部门：民航局，适用范围：河南自贸试验区）
GENERIC_LABEL = re.compile(r"(?:^|(?<=[，,；;。\s]))([\u4e00-\u9fa5]{2,6})\s*[:：]")
# A deadline a task sets itself in running text: 2019年6月底前, 2020年上半年, 9月30日前 (a bare year is a
# target's horizon, not a task's deadline).
DEADLINE_IN_TEXT = re.compile(
    r"(?:\d{4}\s*年\s*)?\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?\s*(?:底|末|上旬|中旬|下旬)?(?:前|以前)"
    r"|\d{4}\s*年\s*(?:上半年|下半年|年底|底)(?:前)?"
    rf"|{FESTIVAL}(?:前|以前)"
    r"|“?十[一二三四五六七八九]五”?(?:期)?末"
)
# A label, possibly compound: 责任单位及承办科室（单位）： names the role of its first word; the units
# and the offices that carry the work out are listed together after it.
ANY_LABEL = re.compile(
    rf"({LABEL_WORDS}|{TIME_WORDS})(?:[及和与、][\u4e00-\u9fa5]{{2,6}})?(?:[（(][\u4e00-\u9fa5]{{1,6}}[）)])?\s*[:：]"
)


def chunk_id(doc_id: str, locator: str, ordinal: int = 1) -> str:
    """Stable id: hash of doc id + locator (+ ordinal when a locator holds several passages)."""
    key = f"{doc_id}\x1f{locator}" + (f"\x1f{ordinal}" if ordinal > 1 else "")
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def block_ids(plan: Plan) -> list[str]:
    """The chunk id of each block, in order (shared by facts and chunks)."""
    seen: dict[str, int] = {}
    ids = []
    for b in plan.blocks:
        seen[b.locator] = seen.get(b.locator, 0) + 1
        ids.append(chunk_id(plan.doc_id, b.locator, seen[b.locator]))
    return ids


_NO_UNIT = re.compile(r"[—\-－–/无\s]+")  # a table's “——” or “无”: no unit in that column


def split_units(text: str) -> list[str]:
    """Units exactly as written, split on 、，；,; with bracketed groups kept whole; a part whose
    whitespace separates whole unit names (a table cell wrapped over lines: “各街镇 区绿化市容局”) is
    those names."""
    out = []
    for part in _conjoined(_collective(split_top(text, "、，；,;"))):
        pieces = part.split()
        # (not a space inside brackets: “各县(市、 区)人民政府” as a PDF spaces it is one unit)
        whole = all(sum(c in BRACKETS_OPEN for c in p) == sum(c in BRACKETS_CLOSE for c in p) for p in pieces)
        names = (
            pieces
            if len(pieces) > 1 and whole and all(len(p) >= 2 and is_units(p) for p in pieces)
            else [part]
        )
        for name in names:
            unit = without_others(name.strip(" \u3000\t\n。."))
            if unit and unit not in out and not _NO_UNIT.fullmatch(unit):
                out.append(unit)
    return out


# “各市、县〔区〕人民政府”: the governments of every city and county, one collective unit written with 、
_EACH_LEVEL = re.compile(r"各[省市县区乡镇]")
_LEVEL_GOV = re.compile(r"[市县区乡镇][（〔(【]?[市县区乡镇]?[）〕)】]?(?:人民)?政府")
# “省直相关部门和各市…”, “区公安分局及各街道办事处”: names joined by a conjunction, not one name
# (省工业和信息化厅 is one: 省工业 is no name)
_CONJUNCTION = re.compile(r"以及|及|和|与")
_NAME_OPENS = re.compile(r"各|[省市区县镇乡](?![场级])")


def _collective(parts: list[str]) -> list[str]:
    out: list[str] = []
    for p in parts:
        if out and _EACH_LEVEL.search(out[-1][-2:]) and _LEVEL_GOV.fullmatch(p.strip()):
            out[-1] = f"{out[-1]}、{p.strip()}"
        else:
            out.append(p)
    return out


def _conjoined(parts: list[str]) -> list[str]:
    out: list[str] = []
    for p in parts:
        pieces = [x.strip() for x in _CONJUNCTION.split(p)]
        # each piece a name by itself, the later ones opening as names do (各…, 市…):
        # 十五运会和残特奥会…执委会 is one name
        whole = (
            len(pieces) > 1
            and all(len(x) >= 3 and is_units(_collective_head(x)) for x in pieces)
            and all(_NAME_OPENS.match(x) for x in pieces[1:])
        )
        out += pieces if whole else [p]
    return out


def _collective_head(name: str) -> str:
    """A collective unit read as its last level's name (各市、县〔区〕人民政府 -> 县〔区〕人民政府)."""
    return name.split("、")[-1] if _EACH_LEVEL.match(name) else name


# a labelled group may open with its time, unlabelled: （6月底完成，牵头考核单位：市工信局）
_TIME_THEN_LABEL = re.compile(rf"^([^，,；;：:（）()]{{2,16}})[，,；;]\s*(?={LABEL_WORDS})")


def _label_spans(text: str) -> list[str]:
    """The labelled clauses of a passage: （责任单位：…；完成时限：…） groups, else 牵头单位：… lines."""
    spans: list[str] = []
    for s, e in bracket_groups(text):
        inner = text[s + 1 : e - 1]
        if ANY_LABEL.match(inner.strip()) or _TIME_THEN_LABEL.match(inner.strip()):
            spans.append(inner)
    if not spans:
        for line in text.split("\n"):
            m = ANY_LABEL.search(line)
            # a label line may carry the item number of a list it closes: “（四）责任单位：…”
            before = line[: m.start()] if m else ""
            if m and (not before or NUMBER_PREFIX.fullmatch(before) or before.strip() in ("（", "(")):
                spans.append(line[m.start() :])
    return spans


def _labelled(text: str) -> list[tuple[str, str]]:
    """(label, value) pairs of the labelled clauses, in order."""
    out: list[tuple[str, str]] = []
    for span in _label_spans(text):
        if (lead := _TIME_THEN_LABEL.match(span.strip())) and TIME_VALUE.search(lead.group(1)):
            out.append(("时间", lead.group(1)))  # （6月底完成，牵头单位：…）: the time needs no label
        labels = list(ANY_LABEL.finditer(span))
        for k, m in enumerate(labels):
            end = labels[k + 1].start() if k + 1 < len(labels) else len(span)
            value = span[m.end() : end]
            # a label this grammar does not read (“；适用范围：…”) ends the value before it
            other = OTHER_LABEL.search(value)
            out.append((m.group(1), value[: other.start()] if other else value))
    return out


def label_units(value: str) -> list[str]:
    """The units a label lists, as written. Where the list runs on into prose (“市政务服务中心…综合窗口收件、
    受理、初审”), the units before it are kept and the rest of that clause is not read as units."""
    out: list[str] = []
    # an editor's note after the units says how later measures are marked (“…市科技局,以下措施均需江北新区
    # 管委会、各区政府落实,不再单独列出”): its units are not this measure's list
    # (or after a full stop: “…人民政府。各项措施责任单位均包括…,以下不再列出”)
    value = re.split(r"[，,；;。]\s*(?:以下|各项)[^，,；;。]{0,8}均", value, maxsplit=1)[0]
    # ... or how the lists are read (“…,逗号前为牵头单位,下同”)
    value = re.split(rf"[，,；;。]\s*(?:{FIRST_IS_LEAD.pattern})", value, maxsplit=1)[0]
    # ... or names the units of every task with their role (“，各区市场监管局…为实施单位，下同”)
    value = SAME_BELOW.split(value, maxsplit=1)[0]
    for clause in split_top(value, "；;"):
        for unit in split_units(clause):
            name = UNIT_NOTE.sub("", unit)
            if not (UNIT_END.search(name) or name.startswith("各")) and (len(unit) > 8 or _DOES.search(unit)):
                break
            if unit not in out:
                out.append(unit)
    return out


def other_clauses(text: str) -> list[tuple[str, str]]:
    """(label, value) of the clauses of a passage's labelled marker that name neither units nor a time,
    as written: （负责部门：民航局，适用范围：河南自贸试验区） -> [("适用范围", "河南自贸试验区")]."""
    out: list[tuple[str, str]] = []
    for span in _label_spans(text):
        found = list(GENERIC_LABEL.finditer(span))
        for k, m in enumerate(found):
            if ANY_LABEL.match(span[m.start() :]):
                continue
            end = found[k + 1].start() if k + 1 < len(found) else len(span)
            value = span[m.end() : end].strip(" \u3000，,；;。")
            if value:
                out.append((m.group(1), value))
    return out


def unit_clauses(text: str) -> list[tuple[Role, list[str]]]:
    """Role -> units from （责任单位：…）, （牵头单位：…；配合单位：…） or bare 牵头单位：… lines. A clause of
    the value that is itself a marker (“…审批科牵头承办，…协办”) gives its own roles."""
    found: list[tuple[Role, list[str]]] = []
    for label, value in _labelled(text):
        if (named := label_role(label)) is None:
            continue
        plain_part: list[str] = []
        for clause in split_top(value, "；;"):
            roles = parse_marker(clause)
            if roles:
                found += [(role, list(units)) for role, units in roles]
            else:
                plain_part.append(clause)
        if units := label_units("；".join(plain_part)):
            found.append((named, units))
    return found


def clause_deadline(text: str) -> str | None:
    """完成时限 / 时间节点 of a passage's labelled clause, as written (2025年底前), if it has one."""
    for label, value in _labelled(text):
        if label_role(label) is None and (v := value.strip(" \u3000；;，,。.）)")):
            return v
    return None


def inline_deadline(text: str) -> str | None:
    """A task's own time in running text: “2019年6月底前完成…”, “…于2020年上半年…”, as written."""
    found: list[str] = []
    for m in DEADLINE_IN_TEXT.finditer(text):
        # “对2000年底前建成的小区”: a time that qualifies a thing (…前建成的) is not the task's deadline
        before = text[m.start() - 1] if m.start() else ""
        if re.match(r"[^，,。；;]{0,6}的", text[m.end() :]) or (before and before in "以对"):
            continue
        if m.group(0) not in found:
            found.append(m.group(0))
    # a recurring time is one too (“此后，请于每季度最后一个周五前…报送”)
    found += [m.group(0) for m in _RECURRING.finditer(text)]
    # several times in one passage belong to several steps: none of them is the task's own deadline
    return found[0] if len(found) == 1 else None


# a heading line names units where each is an administration's or a body's (not a task heading that ends in a
# word of names: “（八）建强微型消防站（志愿消防队）”)
_HEADING_NAME = re.compile(rf"^(?:[区市县省镇乡]|街道|各|相关)|(?:部门|委员会|管委会|局|委|办|{AREA_ADMIN})$")

_RECURRING = re.compile(r"每(?:个)?(?:季度|月|年|半年|周)[^，,。；;]{0,12}?前后?")


def row_deadline(cells: dict[str, str]) -> str | None:
    """The row's 完成时间 / 完成时限 / 时间节点 / 时间要求 cell as written."""
    return next((v.strip() for k, v in cells.items() if TIME_COLUMN.match(k) and v.strip()), None)


def _task_name(block: Block) -> str:
    """The block's heading, or its first sentence when the heading is only a number (一、对…（X负责）)."""
    title = (block.title or "").strip()
    if re.sub(r"[\s一二三四五六七八九十\d、.．（）()]", "", title):
        return title
    return lead_sentence(block.text) or block.locator


# the actor of a later sentence must say what it is to do: 要 / 应 / 负责 / 牵头 right after its name
_MODAL_AFTER = re.compile(r"^\s*[^，。；]{2,20}?(?:要|应|须|负责|牵头)")


def _label_only(block: Block) -> bool:
    """A passage that is nothing but labelled clauses: “（四）责任单位：X、Y。”, “责任单位：X”."""
    body = NUMBER_PREFIX.sub("", block.text, count=1)
    return bool(ANY_LABEL.match(body)) and "\n" not in body.strip() and len(_sentences_of(body)) <= 2


def _sentences_of(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[。！？])", text) if s.strip()]


def _heading_name(heading: str) -> str:
    """A heading as a task name: without its number and a closing colon (“（一） 供水配套设施完善：”)."""
    return NUMBER_PREFIX.sub("", heading, count=1).strip(" \u3000：:。")


def _leads_in_prose(text: str, labelled: list[tuple[Role, list[str]]]) -> list[tuple[Role, list[str]]]:
    """The lead a labelled passage names in its prose: “市住房城乡建设管理委牵头负责统筹协调…（责任单位：
    市住房城乡建设管理委、市发展改革委…）”. Only units of the label, only where a sentence says 牵头."""
    listed = {u for _, units in labelled for u in units}
    leads: list[str] = []
    for sentence in re.split(r"(?<=[。；;\n])", text):
        for role, units in subject_roles(sentence.strip()):
            if role == "牵头" and set(units) <= listed:
                leads += [u for u in units if u not in leads]
    return [("牵头", leads)] if leads else []


def _unit_fact(block: Block, cid: str, doc_id: str, unit: str, task: str) -> Responsibility:
    """One unit responsible for `task`, quoted from the whole block that names it."""
    return Responsibility(
        doc_id=doc_id,
        task=task,
        units=[unit],
        role="负责",
        locator=block.locator,
        quote=block.text,
        chunk_id=cid,
    )


_HOLDS_POST = re.compile(r"由[^，,。；;\n]{2,40}?(?:担任|兼任)(?=[，,。；;\n]|$)")


def _block_responsibilities(
    block: Block, cid: str, doc_id: str, first_is_lead: bool = False, shortened: dict[str, str] | None = None
) -> list[Responsibility]:
    """`shortened`: the names the plan shortens (以下简称), short to full."""
    shortened = shortened or {}
    out: list[Responsibility] = []
    prose = block.kind in ("task", "paragraph", "safeguard")  # (a passage of text, not a table row)
    if block.kind == "annex_row" and block.cells:
        cells = block.cells
        deadline = row_deadline(cells)
        pilot = cell_of(cells, "title")
        task = cell_of(cells, "group")
        task = task if task != pilot else None
        for column, value in cells.items():
            role = column_role(column)
            units = split_units(value) if role and value else []
            if units:
                out.append(
                    Responsibility(
                        doc_id=doc_id,
                        task=task or pilot or block.title,
                        pilot_task=pilot if task else None,
                        units=units,
                        role=role,  # type: ignore[arg-type]
                        label=None
                        if column in UNIT_COLUMNS and not column.endswith("主体")
                        else column,  # 单位 names no role
                        deadline=deadline,
                        locator=block.locator,
                        quote=block.units_quote or block.text,
                        chunk_id=cid,
                    )
                )
        if out:
            return out
    deadline = clause_deadline(block.text) or inline_deadline(block.text)
    clauses: list[tuple[Role, list[str]]] = unit_clauses(block.text)
    if first_is_lead and len(clauses) == 1 and clauses[0][0] == "责任" and len(clauses[0][1]) >= 2:
        # “各项举措中排序第一的责任单位为该项牵头单位”: the first of each 责任单位 list leads
        clauses = [("牵头", clauses[0][1][:1]), ("责任", clauses[0][1][1:])]
    if clauses and not any(role == "牵头" for role, _ in clauses):
        clauses = _leads_in_prose(block.text, clauses) + clauses
    if not clauses:  # （X牵头，Y参与）-style markers (index/roles.py); the last closes this passage's task
        found = markers(block.text, first_is_lead)
        clauses = [(role, list(units)) for role, units in found[-1].roles] if found else []
    if clauses and not any(role in ("配合", "参与") for role, _ in clauses):
        listed = {u for _, units in clauses for u in units}
        if partners := [u for u in prose_partners(block.text) if u not in listed]:
            clauses.append(("配合", partners))
    body = ""
    if not clauses and prose:
        # “联席会议由教育部、发展改革委…组成，教育部为牵头单位”: a body's members take part in it, and the
        # task is the body
        body, clauses = body_members(block.text)
        body = (shortened.get(body, body) + "成员单位") if body else ""
    if not clauses and prose and (unit := heading_unit(block.text)):
        # “（一）区交通委” over the numbered list of its duties: the unit answers for the list
        path = _list_path(block)
        return [_unit_fact(block, cid, doc_id, unit, _heading_name(path[-1]) if path else unit)]
    if not clauses and prose:
        units, duties = duty_clauses(block.text)
        if duties:
            # each duty of a unit's list is a task of its own, in its own role: “…;负责全区应急避难场所启用”
            # answers who opens the shelters, and a reverse question lists every duty
            return [
                Responsibility(
                    doc_id=doc_id,
                    task=duty,
                    units=units,
                    role=role,
                    deadline=clause_deadline(duty) or inline_deadline(duty),
                    locator=block.locator,
                    quote=block.text,
                    chunk_id=cid,
                )
                for role, duty in duties
            ]
    led_task, led = led_with(block.text) if prose else ("", ())
    if not clauses and led and not led_task:
        # “成立由市交通委牵头，市发展改革委…等部门共同参与的推进机制”: the passage's own lead and partners
        clauses = [(role, list(units)) for role, units in led]
        led = ()
    named_by_heading = ""
    if not clauses and prose:
        # the units as the subject of the task's sentence (“区建设管理委会同区公安分局…”), in its heading
        # sentence or the one after it
        rest = re.split(r"(?<=[。；\n])", block.text, maxsplit=1)
        # or after the clause that opens its sentence: “对无行业主管部门的高层建筑，乡镇政府要…”
        opened = re.split(r"(?<=[，,])", rest[0], maxsplit=1)
        for part in (block.text, opened[1] if len(opened) > 1 else "", rest[1] if len(rest) > 1 else ""):
            found_roles = subject_roles(part)
            if found_roles:
                clauses = [(role, list(units)) for role, units in found_roles]
                break
        heading = block.text.split("\n", 1)
        if (
            not clauses
            and len(heading) > 1
            and (unit := heading_unit(heading[0]))
            and all(_HEADING_NAME.search(UNIT_NOTE.sub("", u)) for u in unit.split("、"))
        ):
            # a heading line that is only the units, their duties in the paragraph under it: “（四）城管执法
            # 部门 / 依法严查…”, “（五）各街镇、经开区 / 落实属地管理责任…”; the task is the paragraph's
            clauses, named_by_heading = [("负责", unit.split("、"))], heading[1]
        if not clauses:
            # a sentence that says who leads after its conditions: “按照…的原则，在区政府的统一领导下，
            # 区民防办、应急管理局牵头，区发展改革委…等部门履行相应职责”: only a clause that is all “X牵头”
            for clause in re.findall(r"[^，,。；;\n]+牵头(?=[，,])", rest[0])[:1]:
                said = subject_roles(clause.strip() + "，")
                if said and all(role == "牵头" for role, _ in said):
                    clauses = [(role, list(units)) for role, units in said]
    step = named_by_heading
    if not clauses and prose:
        # a later sentence, the only one that names who acts, with a modal (“…。市住建局要及时向市自然资源局
        # 反馈商品住房去化周期，…。”): that step is the unit's, not the whole task's
        actors = [
            (sent, said)
            for sent in re.split(r"(?<=[。；;])", block.text)[1:]
            if (said := subject_roles(sent.strip())) and _MODAL_AFTER.search(sent)
        ]
        if len(actors) == 1:
            step, said = actors[0]
            clauses = [(role, list(units)) for role, units in said]
    if not clauses and prose:
        # the agent of a clause inside the task's heading sentence or the one after it, when it is the only
        # one: “1.完成成本绩效分析。2025年5月底完成…绩效分析，由区建管委（区水务局）会同区财政局审核后上报”
        # (a 由 further on names who does one step: “其中2支…由市防汛部门调配”)
        first_two = "".join([p for p in re.split(r"(?<=[。；;\n])", block.text) if p.strip()][:2])
        # (not who holds a post: “设副召集人2人，由教育部主要负责同志…担任” names a person, not a unit's task)
        agents = {
            said
            for m in re.finditer(r"(?:^|(?<=[，,。；;\n]))\s*(?:应当|应|须|要)?(?:分别)?[由请]", first_two)
            if not _HOLDS_POST.match(first_two, m.end() - 1)
            and (said := subject_roles(first_two[m.end() - 1 :]))
        }
        # ... and a later sentence of its own that opens with 由 (“…。由上海市医药集中招标采购事务管理所
        # 承担联合采购办公室日常工作并负责具体实施。”)
        agents |= {
            said
            for m in re.finditer(r"(?<=[。；;\n])\s*[由请]", block.text)
            if (said := subject_roles(block.text[m.end() - 1 :]))
        }
        if len(agents) == 1:
            clauses = [(role, list(units)) for role, units in agents.pop()]
    if prose:
        guides = guided_by(step or block.text, alone=not clauses)
        clauses += [("指导", units) for units in guides if ("指导", units) not in clauses]
    task = body or (lead_sentence(step) if step else _task_name(block))
    if clauses and _label_only(block):
        # “（四）责任单位：…” closing a list, or a 责任单位 line under a heading: the units answer for the
        # whole heading, not for a task of their own
        path = _list_path(block)
        task = _heading_name(path[-1]) if path else task
    if any(task in units for _, units in clauses):
        # a duty list names the unit first (“1.街道消委办。牵头开展…”): the task is what follows it
        duty = block.text[block.text.find(task) + len(task) :].lstrip("。：:，, ")
        task = lead_sentence(duty) or task
    labels = {r: k for k, _ in reversed(_labelled(block.text)) if (r := label_role(k))}
    if prose:
        named = {u for _, units in clauses for u in units}
        out += [
            _unit_fact(block, cid, doc_id, unit, field)
            for unit, field in competent_bodies(block.text)
            if unit not in named
        ]
    for role, units in clauses:
        out.append(
            Responsibility(
                doc_id=doc_id,
                task=task,
                units=units,
                role=role,
                label=labels.get(role),
                deadline=deadline,
                locator=block.locator,
                quote=block.text,
                chunk_id=cid,
            )
        )
    named = {u for _, units in clauses for u in units}
    if led and not named & {u for _, units in led for u in units}:
        # “…。将市政消火栓建设列为区政府实事项目，由区交通委牵头，区发改委…配合。属地政府要…”: one sentence's
        # lead and partners, for the work that sentence names
        out += [
            Responsibility(
                doc_id=doc_id,
                task=led_task,
                units=list(units),
                role=role,
                locator=block.locator,
                quote=block.text,
                chunk_id=cid,
            )
            for role, units in led
        ]
    if len(clauses) == 1 and not labels and prose:
        # “消防救援部门负责指导…；配合民政部门及属地政府对养老机构开展综合治理；…”: the subject's later duty
        # in another role is a task of its own in that role
        out += [
            Responsibility(
                doc_id=doc_id,
                task=duty,
                units=clauses[0][1],
                role=role,
                locator=block.locator,
                quote=block.text,
                chunk_id=cid,
            )
            for role, duty in later_duties(block.text)
            if role != clauses[0][0]
        ]
    return out


# --- targets ---------------------------------------------------------------------------------------

# a value may be a range as plans write them: 3—5年一遇, 10～15个
NUMBER = re.compile(
    rf"(?<![\d.〔\[第+\-—–～~])(\d+(?:\.\d+)?(?:\s*[-—–～~]\s*\d+(?:\.\d+)?)?)\s*(万|亿|千)?\s*({MEASURE})(?![+]|\d(?![A-Za-z]))"
)
# the later values of a list that names its noun once, after them: '、2万元的' (of '给予1.5万元、2万元的补贴')
_VALUES_THEN_NOUN = re.compile(rf"(?:\s*[、和及或]\s*{NUMBER.pattern})+\s*的")
# A measure word that is really the start of another word: '3部门联合', '5所在地', '2条例'.
NOT_A_UNIT = {
    "部": "门署委", "所": "在属有得以", "条": "例件款", "架": "构", "类": "型别", "片": "区",
    "对": "于接口外象应照比策称",  # 38对 trains a day, not 1对口 / 2对于
    "分": "级钟机别配析类解担管期批区局行工享布散支红成数之摊段",  # 80分 points, not 5.3分级响应 / 2666分机
}  # fmt: skip
PREFIX_CMP = re.compile(
    r"(力争达到|达到|不低于|不少于|不超过|不高于|超过|突破|高于|低于|至少|达|力争|保持在|保持|控制在|提高到|"
    r"提升到|增长到|压缩至|压缩到|缩短至|缩短到|降至|降低到|减少到|减至)\s*$"
)
NEAR_CMP = re.compile(r"(至少|不少于|超过|突破)(?=[\u4e00-\u9fff]{1,3}\s*$)")
STANDARD_MET = re.compile(r"(?:的[\u4e00-\u9fff]{1,4})?(?:达到|达|满足|符合)")
SUFFIX_CMP = re.compile(r"^\s*(?:[（(]含[^（）()]{0,8}[）)])?\s*(及以上|以上|左右|以内|以下|以上的|内)")
DEADLINE = re.compile(
    r"(?:到|至|在)\s*(\d{4})\s*年(?:底|末|前)?|(\d{4})\s*年\s*(?:底|末|前)|"
    r"(\d{4})\s*年\s*\d{1,2}\s*月\s*(?:底|末|前|以前)|"
    r"\d{4}\s*[—–\-~至到]\s*(\d{4})\s*年(?![^，。；（(]{0,20}[）)])"  # '2025—2026年，全市计划改造…'
)
# A time expression at either end of the words before a number: '到2027年', '2025年底前', '2026年底',
# '2025—2026年', '2025年12月底前'. It says when, not what: it goes to the deadline, not the metric.
TIME_EXPR = (
    r"(?:到|至|在|于|截至|截止到?)?\s*(?:\d{4}\s*[—–\-~至到]\s*)?(\d{4})\s*年度?(?:\s*\d{1,2}\s*月)?份?"
    r"(?:底前|底|末|前|以前|内|上半年|下半年)?"
)
LEAD_TIME = re.compile(rf"^\s*{TIME_EXPR}\s*")
TRAIL_TIME = re.compile(rf"(?<![比较同])\s*{TIME_EXPR}\s*$")
LEAD_VERBS = re.compile(
    r"^(?:推动|带动|实现|争取|力争|确保|其中|推进|促进|完成|开展|使|让|全面|累计达|进一步|每年|年均|推出)+"
)
MID_VERBS = re.compile(
    r"(集聚|聚焦|打造|建设|组建|设立|开展|建成|培育|引进|新增|创建|招引|举办|实施|形成|认定|培养)"
)
# a metric that ends in the verb of what is counted after the number: 连接10片楔形绿地, 建成5个中心
# (共计/合计/总计: a total counts the noun after it, “…范围内的共计58处优秀历史建筑”)
_TOTALS = "共计|合计|总计"
_TOTAL = re.compile(rf"(?:{_TOTALS})$")
COUNTING_VERB = re.compile(
    rf"(?:{MID_VERBS.pattern}|连接|新建|改造|建立|设置|配备|新开|开通|开行|{_TOTALS})$"
)
FUND_VERB = re.compile(r"(?:统筹安排|安排|投入|筹集)(?=[\u4e00-\u9fff]*(?:资金|经费|基金)$)")
RATE_END = re.compile(r"(率|比重|增速|比例|占比|收入|投入|总量|规模|指数|增长)$")
SCOPE = re.compile(
    r"^(全社会|全市|全省|全国|全区|全县|各地|在[\u4e00-\u9fa5]高校|职业院校|高职院校|高校|科研院所|企业|规上企业|规模以上工业企业)"
)
# Words that qualify a measured thing but do not name one: a metric made only of these is a fragment.
QUALIFIERS = re.compile(
    r"^(?:累计|新增|全年|每年|年均|共|总计|合计|其中|力争|实现|完成|达到|达|建成|新建|培育|开展|推动|确保|争取|"
    r"基本|全部|全面|再|另|以上|以下|和|及|与|或|等|的|实施|建设|改造|按照|按)*$"
)
# A rank (进入全省前5名): the comparator is the phrase before the number, the metric what is ranked.
RANK = re.compile(r"(?:力争)?((?:进入|位居|位列|跻身|保持|稳居)[\u4e00-\u9fff]{0,6}前)\s*$")
# A per-unit amount (每部电梯补助20万元, 按照每300人口配备1名保洁员): its metric keeps the 每.
PER_UNIT_LEAD = re.compile(r"^.{0,12}?(?:按照|按)(?=每)")
# A bare rate ('覆盖率达到80%') is of the thing the sentence just acted on: '全面推行“拿地即开工”，覆盖率…'.
BARE_RATE = re.compile(r"^[\u4e00-\u9fff]{1,3}率$")
OBJECT_VERB = re.compile(r"(?:推行|实施|推进|开展|推广|落实|实行|建立|完善|打造|建设|推动)")
CLAUSE_SPLIT = "，,。；！？;!?\n"  # (half-width too: plans copied from some databases write , and ;)
SENTENCE_END = "。！？!?\n"


def _clauses(text: str) -> list[tuple[int, str]]:
    out = []
    start = 0
    for part in split_top(text, CLAUSE_SPLIT):
        out.append((start, part))
        start += len(part) + 1
    return out


def _balance_quotes(s: str) -> str:
    """Every “ closed and every ” opened: a cut at a number must not leave half a quotation."""
    out: list[str] = []
    depth = 0
    for c in s:
        if c == "“":
            depth += 1
        elif c == "”":
            if depth == 0:
                continue  # closes a quotation that began before the metric
            depth -= 1
        out.append(c)
    text = "".join(out)
    while text.startswith("“") and depth:
        text, depth = text[1:], depth - 1
    return text + "”" * depth


def _tidy(s: str) -> str:
    return _balance_quotes(plain(s).strip(" \u3000\t")).strip(" \u3000\t")


def _strip_time(head: str) -> tuple[str, str | None]:
    """The words before a number without a leading or trailing time expression, and that time's year."""
    year = None
    # '力争2023年新建': a leading verb of aim before the time
    verb = re.match(r"^(?:力争|争取|确保|计划|预计)(?=\s*(?:到|至|在|于)?\s*\d{4})", head)
    if verb and (m := LEAD_TIME.match(head[verb.end() :])) and m.end() > 0:
        year, head = m.group(1), head[verb.end() + m.end() :]
    elif (m := LEAD_TIME.match(head)) and m.end() > 0:
        year, head = m.group(1), head[m.end() :]
    if (m := TRAIL_TIME.search(head)) and m.start() > 0:
        year, head = m.group(1), head[: m.start()]
    return head, (f"{year}年" if year else None)


def _metric_and_scope(before: str, after: str) -> tuple[str, str | None]:
    head = LEAD_VERBS.sub("", _tidy(before))
    m = SCOPE.match(head)
    scope = m.group(1) if m else None
    if scope and scope.startswith("全") and len(head) > len(scope) + 1:
        return head[len(scope) :].strip(), scope  # 全社会累计培育、新引进人才
    fund = FUND_VERB.search(head)
    if fund and len(head[fund.end() :]) >= 4 and (lead := _short_scope(head[: fund.start()])):
        # '县财政每年安排数字乡村建设专项资金': the funds are what is measured (建设 is part of their
        # name), the payer is who.
        return head[fund.end() :].strip(), scope or lead
    verbs = list(MID_VERBS.finditer(head))
    verb = verbs[-1] if verbs else None
    if verb is not None and verb.end() == len(head):
        # '开展10项技术攻关': the measured thing follows the number.
        # '建成230座以上的公园': the thing follows the 的 of the comparator
        noun = re.split(r"[，。；、]|助力|用于|为|以|并|和|通过", re.sub(r"^\s*的", "", after), maxsplit=1)[
            0
        ].strip()
        lead = head[: verb.start()].strip()
        return noun or head, scope or _short_scope(lead)
    if verb is not None and len(head[verb.end() :].strip()) > 2 and not RATE_END.search(head):
        # '企业集聚顶尖人才 15 人': the metric is what follows the verb, the lead says who.
        return head[verb.end() :].strip(), _short_scope(head[: verb.start()]) or scope
    return head.strip(), scope


def _short_scope(lead: str) -> str | None:
    lead = lead.strip()
    if not lead or len(lead) > 12 or lead[-1] in "或和及与、等" or MID_VERBS.search(lead):
        return None
    return lead


def _noun_after(tail: str) -> str:
    """The thing a number counts when it stands before it: '146个行政村全覆盖', '1名保洁员的标准'."""
    t = re.sub(r"^的?(?:标准|规模|水平)?", "", plain(tail).strip())
    t = re.sub(r"^(?:安排|配备|用于|补助|奖励|支持|建设|新建|设立)", "", t)
    if not re.match(r"[\u4e00-\u9fff“]|[0-9A-Za-z]{1,4}[\u4e00-\u9fff]", t):  # '4万个5G基站'
        return ""
    return _tidy(re.split(r"[，。；、：:（(]|的|并|和|及|用于|助力|通过", t, maxsplit=1)[0])


def _object_of(clause: str) -> str:
    """What a clause acts on, when short: '对具备条件的工业项目全面推行“拿地即开工”' -> '“拿地即开工”'."""
    verbs = list(OBJECT_VERB.finditer(clause))
    if not verbs:
        return ""
    obj = _tidy(clause[verbs[-1].end() :])
    return obj if 2 <= len(obj) <= 10 and not re.search(r"\d", obj) else ""


def _is_fragment(metric: str, scope: str | None) -> bool:
    """Words that do not say what is measured: '', '累计', '全县', '实现', '按照每'."""
    core = metric.strip()
    if scope and SCOPE.match(scope) and core.startswith(scope):
        core = core[len(scope) :]
    return len(core) < 2 or bool(QUALIFIERS.match(core)) or core.endswith(("每", "按照", "按"))


def _parallel(metric: str, before: str) -> str:
    """An item of a list said once (“不得低于县道每年每公里1万元，乡道每年每公里5000元”): the later item
    (乡道每年每公里) is measured in the frame the first was (用于…日常养护的总额不得低于), which the clause
    no longer repeats. Items differ in a short head before a shared ending, the frame ends in the
    comparator that opened the list; otherwise `metric` as is."""
    k = 0
    while k < min(len(metric), len(before)) and metric[-1 - k] == before[-1 - k]:
        k += 1
    head = metric[: len(metric) - k]
    cut = len(before) - k - len(head)
    if k < 3 or not 1 <= len(head) <= 4 or cut < 2 or before[cut : len(before) - k] == head:
        return metric
    if not PREFIX_CMP.search(before[:cut]):
        return metric  # only a list opened by its comparator: 不得低于A…，B…
    return before[:cut] + metric


# a value changed from an old one: “从50万元提高至60万元”, “由4.3%下调至4.0%”
_CHANGE = r"(?:提高|调整|调|增加|上调|下调|降低|放宽|提升|扩大|减少|缩短|延长)(?:至|为|到)"
_CHANGED_TO = re.compile(rf"\s*{_CHANGE}")
# (the verb may have been read as the new value's comparator already: “比例上限由7%提高到15%”)
_CHANGED_FROM = re.compile(
    r"(?:从|由)\s*\d+(?:\.\d+)?\s*(?:万|亿|千)?\s*[^\d\s，,。；;]{0,3}?"
    rf"(?:{_CHANGE})?\s*$"
)
_LIST_SEP = re.compile(r"[、和及]|[，,]?\s*或者?")
_YEAR_COLUMN = re.compile(r"^\d{4}\s*年(?!\d)")
_VALUE_LINE = re.compile(r"[≥≤>＜<]?\s*\d")
_NAME_LINE = re.compile(r"[\u4e00-\u9fa5（）()A-Za-z“”]{3,24}")


def _block_targets(block: Block, cid: str, doc_id: str, named: str = "") -> list[Target]:
    """`named`: what the block's values measure where the block is a bare value (a table's name line
    above it says)."""
    if block.kind in ("notice", "cc", "issued"):
        return []
    row_due: str | None = None
    # a cell under a column named for a year: that column's name (“2026年计划”), the time as the table says it
    year_of: dict[str, str] = {}
    clause_due = clause_deadline(block.text)
    if block.kind == "annex_row" and block.cells:
        sources = [
            v
            for k, v in block.cells.items()
            if k not in ("序号", "编号") and column_role(k) is None and not TIME_COLUMN.match(k) and v
        ]
        sources = list(dict.fromkeys(sources))
        year_of = {v: k for k, v in block.cells.items() if _YEAR_COLUMN.match(k) and v}
        due = row_deadline(block.cells)
        # The row's 完成时间 is the deadline of what the row measures, when it is a date (not 持续推进).
        row_due = due if due and re.search(r"\d", due) else None
    else:
        sources = [block.text]
    out: list[Target] = []
    for text in sources:
        deadline_at: list[tuple[int, str]] = [
            (m.start(), f"{m.group(1) or m.group(2) or m.group(3) or m.group(4)}年")
            for m in DEADLINE.finditer(text)
            # NOTE: '以2000年底前建成的小区' describes what is targeted, it is not a deadline.
            if not re.match(r"[^，。；]{0,4}的", text[m.end() :])
        ]
        sentence_start = 0
        sentence_due: str | None = None  # '2023年新增A 8000家，B 3000家': the year governs the list
        sentence_metric = named
        sentence_clauses: list[str] = []
        for pos, clause in _clauses(text):
            prev_end: int | None = None
            prev_metric = ""
            for m in NUMBER.finditer(clause):
                value, mult, unit = m.group(1), m.group(2) or "", m.group(3)
                before, after = clause[: m.start()], clause[m.end() :]
                if re.search(r"\d{4}\s*$", before) or re.match(r"\s*年", after):
                    continue
                if after[:1] and after[0] in NOT_A_UNIT.get(unit, ""):
                    continue
                if before.count("“") > before.count("”") or before.count("《") > before.count("》"):
                    continue  # '城市“15分钟健身圈”': a number inside a name
                if re.search(r"每\s*$", before):
                    continue  # '每300人口配备1名': the base of a ratio, not an amount
                pcmp = PREFIX_CMP.search(before)
                if pcmp is None and (near := NEAR_CMP.search(before)):
                    # '至少聚焦1个': a comparator just before the verb.
                    pcmp = near
                rank = RANK.search(before) if pcmp is None else None
                if rank is None and re.search(r"[前后]\s*$", before):
                    continue  # '排名后3位的乡镇', '前3季度': an ordinal, not an amount
                if rank is not None:
                    pcmp = rank
                scmp = SUFFIX_CMP.match(after)
                tail = after[scmp.end() :] if scmp else after
                if (
                    scmp
                    and scmp.group(1).startswith(("以上", "以下", "及以上"))
                    and re.match(r"[\u4e00-\u9fff“]", tail)
                    and not re.search(MID_VERBS.pattern + r"\s*$", before)
                    # '面积60%以上达到…要求', '40%以上的面积达到…': the share is the target
                    and not STANDARD_MET.match(tail)
                ):
                    # '实现20户以上自然村光纤全覆盖': the number describes what is meant, it is no target
                    # ('打造1个以上优势特色学科' counts what is made and is one).
                    continue
                if re.search(r"(?:从|由)\s*$", before) and _CHANGED_TO.match(tail):
                    continue  # '贷款最高额度从50万元提高至60万元': the old value, no target
                comparator = (scmp.group(1) if scmp else "") or (pcmp.group(1) if pcmp else "")
                head = before[: pcmp.start()] + before[pcmp.end() :] if pcmp else before
                # ... and the new value measures the thing named before 从 (“贷款最高额度”)
                head = _CHANGED_FROM.sub("", head)
                if prev_end is not None and (sep := _LIST_SEP.match(head, prev_end)):
                    # '建成通用机场2个、垂直起降点150个', '总高度…超过4.5米，或者总宽度超过3.75米': each
                    # listed item is measured on its own.
                    head = head[sep.end() :]
                head, own_due = _strip_time(_tidy(head))
                if own_due is None and (year := re.search(r"(\d{4})\s*年度", head)):
                    own_due = f"{year.group(1)}年"  # '确定全市2022年度…控制目标为7%': the year it is set for
                per_unit = PER_UNIT_LEAD.match(head)
                if per_unit:
                    head = head[per_unit.end() :]  # '县财政按照每村每年' -> '每村每年'
                metric, scope = _metric_and_scope(head, tail)
                if metric.startswith("每") and (noun := _noun_after(tail)):
                    metric += noun  # '每300人口配备' + '保洁员'
                elif (
                    (who := re.sub(r"(?:按照|按)$", "", metric)) != metric
                    and len(who) >= 2
                    and (rate := re.match(r"(?:/[\u4e00-\u9fff]{1,2})?的?(标准|比例|额度)", tail))
                ):
                    # '对建档的深度困难职工按照1000元/户的标准实施补助': the standard set for whom
                    metric = who + rate.group(1)
                elif _is_fragment(metric, scope):
                    # The clause names no measured thing: the thing the number stands before, else the
                    # one the sentence measured last ('每年认定基地4个，到2027年累计不少于12个'), else none.
                    qualifier = metric if scope is None or not metric.startswith(scope) else ""
                    qualifier = qualifier if QUALIFIERS.match(qualifier) else ""
                    base = _noun_after(tail) or sentence_metric
                    if not base:
                        continue
                    metric = base if base.startswith(qualifier) else qualifier + base
                elif COUNTING_VERB.search(metric) and (noun := _noun_after(tail)):
                    # '向内连接10片楔形绿地': the thing counted stands after the number; after a total
                    # ('…范围内的共计58处优秀历史建筑') it is the whole metric
                    metric = noun if _TOTAL.search(metric) else metric + noun
                listed = _VALUES_THEN_NOUN.match(after)
                if listed and (noun := _noun_after(after[listed.end() :])):
                    # '分别给予1.5万元、2万元的一次性购房补贴': the values listed before 的 all measure
                    # the noun after it
                    metric = noun
                metric = _tidy(metric)
                if not metric:
                    continue
                if sentence_metric and prev_end is None:
                    metric = _parallel(metric, sentence_metric)
                if BARE_RATE.match(metric) and sentence_clauses:
                    metric = _object_of(sentence_clauses[-1]) + metric
                unit_out = "%" if unit == "％" else unit
                if prev_end is not None and re.match(r"^\s*(?:年均|同比|增长|增速)", head):
                    # '增加值达到1200亿元、年均增长10%': the growth is of the metric just named.
                    metric = prev_metric + head.strip()
                prev_end, prev_metric = m.end(), metric
                sentence_metric = metric
                at = pos + m.start()
                earlier = [(p, d) for p, d in deadline_at if p <= at]
                in_sentence = [d for p, d in earlier if p >= sentence_start]
                sentence_due = own_due or sentence_due
                deadline = (
                    row_due
                    or year_of.get(text)
                    or own_due
                    or (in_sentence[-1] if in_sentence else None)
                    or sentence_due
                    or clause_due
                    or (earlier[-1][1] if earlier else None)
                )
                out.append(
                    Target(
                        doc_id=doc_id,
                        metric=metric,
                        value=value + mult,
                        unit=unit_out,
                        comparator=comparator,
                        deadline=deadline.replace(" ", "") if deadline else None,
                        scope=_tidy(scope) if scope else None,
                        locator=block.locator,
                        sentence=clause.strip(" \u3000\t*_"),
                        chunk_id=cid,
                    )
                )
            end = pos + len(clause)
            sentence_clauses.append(clause)
            if end >= len(text) or text[end] in SENTENCE_END:
                sentence_start, sentence_metric, sentence_clauses = end + 1, "", []
                sentence_due = None
    return out


def extract_facts(plan: Plan) -> Facts:
    """Every responsibility (inline clauses and annex rows) and every quantified target of the plan."""
    ids = block_ids(plan)
    first_is_lead = states_first_is_lead(plan.text)
    shortened = shortened_names(plan.text)
    responsibilities: list[Responsibility] = []
    targets: list[Target] = []
    # a list closed by label items (“（三）办理时限：1.5个工作日。（四）责任单位：…”): the time item is
    # the deadline of the units the list names
    list_due: dict[tuple[str, ...], str] = {}
    for block in plan.blocks:
        if _label_only(block) and (due := clause_deadline(block.text)) and len(due) <= 20:
            list_due.setdefault(tuple(_list_path(block)), due)
    prev: Block | None = None
    for block, cid in zip(plan.blocks, ids, strict=True):
        found = _block_responsibilities(block, cid, plan.doc_id, first_is_lead, shortened)
        due = list_due.get(tuple(_list_path(block))) if _label_only(block) else None
        if due:
            found = [r if r.deadline else r.model_copy(update={"deadline": due}) for r in found]
        responsibilities += found
        # a two-column indicator table read line by line (“管道养护抽查合格率” / “95%（含）以上”): a line that
        # opens with its value measures what the name line above it names
        named = (
            prev.text
            if prev is not None
            and prev.locator == block.locator
            and _VALUE_LINE.match(block.text)
            and _NAME_LINE.fullmatch(prev.text)
            else ""
        )
        targets.extend(_block_targets(block, cid, plan.doc_id, named))
        prev = block
    responsibilities = _list_marker_names_heading(plan, ids, responsibilities)
    return Facts(responsibilities=_named_by_heading(plan, responsibilities), targets=targets)


def _list_marker_names_heading(plan: Plan, ids: list[str], rs: list[Responsibility]) -> list[Responsibility]:
    """A marker that closes the last item of a numbered list under a heading (“(二)对生育家庭实施差异化购房
    补助。…\n1.…\n2.…。〔责任单位:区财政局、区卫健委、区住建局〕”) is the whole heading's, where neither
    the heading nor any other item names units: the heading's task, quoted from the item that holds it."""
    by_chunk = dict(zip(ids, plan.blocks, strict=True))
    holders = {r.chunk_id for r in rs}
    out = []
    for r in rs:
        b = by_chunk.get(r.chunk_id)
        marked = any(r.units[0] in r.quote[i:j] for i, j in bracket_groups(r.quote)) if r.units else False
        if b is None or not marked or not re.fullmatch(r"\d{1,2}\s*[.．、]", b.number or ""):
            out.append(r)
            continue
        parent = b.heading_path[:-1]
        family = [
            (blk, cid)
            for blk, cid in zip(plan.blocks, ids, strict=True)
            if blk.heading_path[: len(parent)] == parent and blk.heading_path != parent[:-1]
        ]
        head = next((blk for blk, _ in family if blk.heading_path == parent and blk.number), None)
        items = [i for i, (blk, _) in enumerate(family) if blk.number and blk.heading_path[:-1] == parent]
        last = items[-1]
        if (
            head is None
            or len(items) < 2  # (a heading over one item: the item is the task)
            or family[last][1] != r.chunk_id
            or any(cid in holders for blk, cid in family if cid != r.chunk_id)
        ):
            out.append(r)
            continue
        out.append(r.model_copy(update={"locator": head.locator, "task": head.title or r.task}))
    return out


def _named_by_heading(plan: Plan, rs: list[Responsibility]) -> list[Responsibility]:
    """A measure written as a heading line and a paragraph under it (“十二、支持自有住房换购” / “自2022年…
    退税优惠。（责任部门：市税务局）”) is named by its heading, not by the paragraph's first sentence: users
    ask by the heading, and the paragraph's opening is often a date or a condition. Only where one untitled
    paragraph of the heading holds facts (a heading over many marked paragraphs names none of them)."""
    by_chunk = {cid: b for b, cid in zip(plan.blocks, block_ids(plan), strict=True)}
    holders: dict[str, set[str]] = {}
    for r in rs:
        holders.setdefault(r.locator, set()).add(r.chunk_id)
    out = []
    for r in rs:
        b = by_chunk.get(r.chunk_id)
        heading = b.heading_path[-1] if b and b.heading_path else ""
        if (
            b is not None
            and b.kind == "paragraph"
            and not (b.title or "").strip()
            and heading == r.locator
            and len(holders[r.locator]) == 1
            and r.task == _task_name(b)
            and (name := _heading_name(heading))
            and len(name) <= 30
            and not re.search(r"[。；;，,：:]", name)
        ):
            r = r.model_copy(update={"task": name})
        out.append(r)
    return out


def _list_path(block: Block) -> list[str]:
    """The headings of the list a numbered item belongs to (its own heading left out)."""
    return block.heading_path[:-1] if block.number else block.heading_path
