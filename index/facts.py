"""Plan -> Facts: who is responsible for what, and every quantified target. Pure functions.

Responsibilities come from inline clauses （责任单位：…） / 牵头单位：… 配合单位：… and from annex columns.
Targets are found by pattern (a number with a unit, a comparator, a metric phrase), not by a list.
"""

from __future__ import annotations

import hashlib
import re

from index.models import Block, Facts, Plan, Responsibility, Role, Target

OPEN, CLOSE = "（(〈<【[《", "）)〉>】]》"
UNIT_ROLES: dict[str, Role] = {
    "责任单位": "责任", "责任部门": "责任", "主办单位": "牵头",
    "牵头单位": "牵头", "牵头部门": "牵头", "配合单位": "配合", "配合部门": "配合", "协办单位": "配合",
}  # fmt: skip
ROLE_LABEL = re.compile(r"(责任单位|责任部门|牵头单位|牵头部门|配合单位|配合部门|主办单位|协办单位)\s*[:：]")
PILOT_COLUMNS = (
    "试点任务", "具体措施", "具体举措", "具体任务", "改革事项", "工作举措", "主要举措", "主要任务",
    "主要内容", "工作内容",
)  # fmt: skip
TASK_COLUMNS = ("任务名称", "重点任务", "重点工作", "主要任务", "工作任务", "类别", "领域")


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


def split_top(text: str, seps: str) -> list[str]:
    """Split on any of `seps` outside brackets: 各县〈市、区〉政府 stays whole."""
    parts: list[str] = []
    depth = 0
    cur: list[str] = []
    for c in text:
        if c in OPEN:
            depth += 1
        elif c in CLOSE:
            depth = max(0, depth - 1)
        if c in seps and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(c)
    parts.append("".join(cur))
    return parts


def split_units(text: str) -> list[str]:
    """Units exactly as written, split on 、，；,; with bracketed groups kept whole."""
    out = []
    for part in split_top(text, "、，；,;"):
        unit = part.strip(" \u3000\t\n。.")
        if unit and unit not in out:
            out.append(unit)
    return out


def _bracket_groups(text: str) -> list[tuple[int, int]]:
    """(start, end) of each top-level bracket group."""
    groups = []
    depth = 0
    start = 0
    for i, c in enumerate(text):
        if c in OPEN:
            if depth == 0:
                start = i
            depth += 1
        elif c in CLOSE and depth:
            depth -= 1
            if depth == 0:
                groups.append((start, i + 1))
    return groups


def unit_clauses(text: str) -> list[tuple[Role, list[str]]]:
    """Role -> units from （责任单位：…）, （牵头单位：…；配合单位：…） or bare 牵头单位：… lines."""
    found: list[tuple[Role, list[str]]] = []
    spans: list[str] = []
    for s, e in _bracket_groups(text):
        inner = text[s + 1 : e - 1]
        if ROLE_LABEL.match(inner.strip()):
            spans.append(inner)
    if not spans:
        for line in text.split("\n"):
            m = ROLE_LABEL.search(line)
            if m and (m.start() == 0 or line[: m.start()].strip() in ("", "（", "(")):
                spans.append(line[m.start() :])
    for span in spans:
        labels = list(ROLE_LABEL.finditer(span))
        for k, m in enumerate(labels):
            end = labels[k + 1].start() if k + 1 < len(labels) else len(span)
            units = split_units(span[m.end() : end])
            if units:
                found.append((UNIT_ROLES[m.group(1)], units))
    return found


def _block_responsibilities(block: Block, cid: str, doc_id: str) -> list[Responsibility]:
    out: list[Responsibility] = []
    if block.kind == "annex_row" and block.cells:
        cells = block.cells
        pilot = next((cells[k] for k in PILOT_COLUMNS if cells.get(k)), None)
        task = next((cells[k] for k in TASK_COLUMNS if cells.get(k) and cells[k] != pilot), None)
        for column, value in cells.items():
            role = UNIT_ROLES.get(column)
            units = split_units(value) if role and value else []
            if units:
                out.append(
                    Responsibility(
                        doc_id=doc_id,
                        task=task or pilot or block.title,
                        pilot_task=pilot if task else None,
                        units=units,
                        role=role,  # type: ignore[arg-type]
                        locator=block.locator,
                        quote=block.text,
                        chunk_id=cid,
                    )
                )
        if out:
            return out
    for role, units in unit_clauses(block.text):
        out.append(
            Responsibility(
                doc_id=doc_id,
                task=block.title or block.locator,
                units=units,
                role=role,
                locator=block.locator,
                quote=block.text,
                chunk_id=cid,
            )
        )
    return out


# --- targets ---------------------------------------------------------------------------------------

MEASURE = (
    r"个工作日|工作日|个月|亿元|万元|千元|元|%|％|个百分点|百分点|人次|万人|人|名|件|个|项|单|家|所|座|条|台|套|篇|门|种|批|户|亩|吨|"
    r"平方米|平方公里|公顷|公里|千米|倍|架次|次|场|期|支|团队|床|张|辆|kW|MW|GW"
)
NUMBER = re.compile(rf"(?<![\d.〔\[第+])(\d+(?:\.\d+)?)\s*(万|亿|千)?\s*({MEASURE})(?![\d+])")
PREFIX_CMP = re.compile(
    r"(力争达到|达到|不低于|不少于|不超过|超过|突破|高于|至少|达|力争|保持在|控制在|提高到|提升到|增长到|"
    r"压缩至|压缩到|缩短至|缩短到|降至|降低到)\s*$"
)
NEAR_CMP = re.compile(r"(至少|不少于|超过|突破)(?=[\u4e00-\u9fff]{1,3}\s*$)")
SUFFIX_CMP = re.compile(r"^\s*(及以上|以上|左右|以内|以下|以上的|内)")
DEADLINE = re.compile(r"(?:到|至|在)\s*(\d{4})\s*年(?:底|末|前)?|(\d{4})\s*年\s*(?:底|末|前)")
LEAD_VERBS = re.compile(
    r"^(?:推动|带动|实现|争取|力争|确保|其中|推进|促进|完成|开展|使|让|全面|累计达|进一步|每年|年均)+"
)
MID_VERBS = re.compile(
    r"(集聚|聚焦|打造|建设|组建|设立|开展|建成|培育|引进|新增|创建|招引|举办|实施|形成|认定|培养)"
)
RATE_END = re.compile(r"(率|比重|增速|比例|占比|收入|投入|总量|规模|指数|增长)$")
SCOPE = re.compile(
    r"^(全社会|全市|全省|全国|全区|全县|各地|在温高校|职业院校|高职院校|高校|科研院所|企业|规上企业|规模以上工业企业)"
)
CLAUSE_SPLIT = "，。；！？;!?\n"


def _clauses(text: str) -> list[tuple[int, str]]:
    out = []
    start = 0
    for i, part in enumerate([*split_top(text, CLAUSE_SPLIT)]):
        del i
        out.append((start, part))
        start += len(part) + 1
    return out


def _metric_and_scope(before: str, after: str) -> tuple[str, str | None]:
    head = LEAD_VERBS.sub("", before.strip(" 　“”"))
    m = SCOPE.match(head)
    scope = m.group(1) if m else None
    if scope and scope.startswith("全") and len(head) > len(scope) + 1:
        return head[len(scope) :].strip(), scope  # 全社会累计培育、新引进人才
    verbs = list(MID_VERBS.finditer(head))
    verb = verbs[-1] if verbs else None
    if verb is not None and verb.end() == len(head):
        # '开展10项技术攻关': the measured thing follows the number.
        noun = re.split(r"[，。；、]|助力|用于|为|以|并|和|通过", after, maxsplit=1)[0].strip()
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


def _block_targets(block: Block, cid: str, doc_id: str) -> list[Target]:
    if block.kind in ("notice", "cc", "issued"):
        return []
    if block.kind == "annex_row" and block.cells:
        sources = [v for k, v in block.cells.items() if k not in ("序号", "编号") and v]
        sources = list(dict.fromkeys(sources))
    else:
        sources = [block.text]
    out: list[Target] = []
    for text in sources:
        deadline_at: list[tuple[int, str]] = [
            (m.start(), f"{m.group(1) or m.group(2)}年")
            for m in DEADLINE.finditer(text)
            # NOTE: '以2000年底前建成的小区' describes what is targeted, it is not a deadline.
            if not re.match(r"[^，。；]{0,4}的", text[m.end() :])
        ]
        for pos, clause in _clauses(text):
            prev_end: int | None = None
            prev_metric = ""
            for m in NUMBER.finditer(clause):
                value, mult, unit = m.group(1), m.group(2) or "", m.group(3)
                before, after = clause[: m.start()], clause[m.end() :]
                if re.search(r"\d{4}\s*$", before) or re.match(r"\s*年", after):
                    continue
                pcmp = PREFIX_CMP.search(before)
                if pcmp is None and (near := NEAR_CMP.search(before)):
                    # '至少聚焦1个': a comparator just before the verb.
                    pcmp = near
                scmp = SUFFIX_CMP.match(after)
                comparator = (scmp.group(1) if scmp else "") or (pcmp.group(1) if pcmp else "")
                head = before[: pcmp.start()] + before[pcmp.end() :] if pcmp else before
                tail = after[scmp.end() :] if scmp else after
                if prev_end is not None and head[prev_end : prev_end + 1] in ("、", "和", "及"):
                    # '建成通用机场2个、垂直起降点150个': each listed item is measured on its own.
                    head = head[prev_end + 1 :]
                metric, scope = _metric_and_scope(head, tail)
                if not metric:
                    continue
                unit_out = "%" if unit == "％" else unit
                if prev_end is not None and re.match(r"^\s*(?:年均|同比|增长|增速)", head):
                    # '增加值达到1200亿元、年均增长10%': the growth is of the metric just named.
                    metric = prev_metric + head.strip()
                prev_end, prev_metric = m.end(), metric
                earlier = [d for p, d in deadline_at if p <= pos + m.start()]
                out.append(
                    Target(
                        doc_id=doc_id,
                        metric=metric,
                        value=value + mult,
                        unit=unit_out,
                        comparator=comparator,
                        deadline=earlier[-1].replace(" ", "") if earlier else None,
                        scope=scope,
                        locator=block.locator,
                        sentence=clause.strip(),
                        chunk_id=cid,
                    )
                )
    return out


def extract_facts(plan: Plan) -> Facts:
    """Every responsibility (inline clauses and annex rows) and every quantified target of the plan."""
    ids = block_ids(plan)
    responsibilities: list[Responsibility] = []
    targets: list[Target] = []
    for block, cid in zip(plan.blocks, ids, strict=True):
        responsibilities.extend(_block_responsibilities(block, cid, plan.doc_id))
        targets.extend(_block_targets(block, cid, plan.doc_id))
    return Facts(responsibilities=responsibilities, targets=targets)
