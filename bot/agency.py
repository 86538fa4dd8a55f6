"""One agency's tasks across every indexed plan, as 牵头, 责任 and 配合, each with its citation.

Pure functions of Facts: the UI's 单位任务 tab, `planbot facts --agency` and the export use them. A user
types an agency the way they say it (科技局, 某某区, 某某区人民政府); `resolve_agency` maps that to the
units as the plans write them, using only forms derived from those names (no list of any plan's words).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from index.models import Facts, Responsibility

__all__ = [
    "AGENCY_HEADERS",
    "AgencyTask",
    "agency_choices",
    "agency_table",
    "agency_tasks",
    "name_forms",
    "resolve_agency",
]

# Order in which roles are listed: what the agency leads first, then what it shares, then supports.
ROLE_ORDER = {"牵头": 0, "责任": 1, "配合": 2}
# Endings an agency's name is also said without (某某区人民政府 -> 某某区). Generic Chinese, not any plan's.
_NAME_ENDINGS = ("人民政府", "政府", "管理委员会", "管委会")
_LEVELS = "市县区"
_BRACKETS = str.maketrans({"（": "(", "）": ")", "〈": "(", "〉": ")", "【": "(", "】": ")"})


def _norm(name: str) -> str:
    return re.sub(r"\s+", "", name).translate(_BRACKETS).replace("人民政府", "政府")


def name_forms(unit: str) -> set[str]:
    """Normalised forms a user may type for `unit`: itself, without 人民政府/政府/管委会, and a 市/县/区
    body without its level prefix (市科技局 -> 科技局). Collective units (各…) only match themselves."""
    base = _norm(unit)
    forms = {base}
    if unit.startswith("各"):
        return forms
    for ending in _NAME_ENDINGS:
        norm_ending = _norm(ending)
        if base.endswith(norm_ending) and len(base) - len(norm_ending) >= 2:
            forms.add(base[: -len(norm_ending)])
    if base[0] in _LEVELS and len(base) >= 4:
        forms.add(base[1:])
    return {f for f in forms if len(f) >= 2}


def resolve_agency(query: str, units: Iterable[str]) -> list[str]:
    """The units (as written in the plans) that `query` names, best match first.

    Exact name or a derived form wins; otherwise units that contain the query (科技 -> 市科技局) or that
    the query contains (某市科技局 -> 市科技局). Several units come back when the query fits several.
    """
    q = _norm(query).strip("？?。，, ")
    if not q:
        return []
    units = list(dict.fromkeys(units))
    exact = [u for u in units if _norm(u) == q]
    if exact:
        return exact
    by_form = [u for u in units if q in name_forms(u)]
    if by_form:
        return by_form
    contains = [u for u in units if q in _norm(u)]
    if contains:
        return sorted(contains, key=len)
    inside = [u for u in units if any(f in q for f in name_forms(u) if len(f) >= 3)]
    return sorted(inside, key=len, reverse=True)


def agency_choices(facts: Facts) -> list[tuple[str, str]]:
    """(label, unit) for the agency picker: every unit the facts name, most tasks first, with how many
    plans name it when that is more than one."""
    tasks: dict[str, int] = {}
    docs: dict[str, set[str]] = {}
    for r in facts.responsibilities:
        for u in dict.fromkeys(r.units):
            tasks[u] = tasks.get(u, 0) + 1
            docs.setdefault(u, set()).add(r.doc_id)
    ordered = sorted(tasks, key=lambda u: -tasks[u])  # stable: ties keep document order
    return [
        (f"{u}（{tasks[u]} 项" + (f"，{len(docs[u])} 个方案" if len(docs[u]) > 1 else "") + "）", u)
        for u in ordered
    ]


@dataclass(frozen=True)
class AgencyTask:
    """One responsibility of the agency: what, in which role, with whom, by when, and the citation."""

    doc_id: str
    role: str
    task: str
    pilot_task: str
    deadline: str
    unit: str  # the agency as this plan writes it
    others: tuple[str, ...]  # the other units named in the same clause or cell
    locator: str
    quote: str
    chunk_id: str


def agency_tasks(facts: Facts, units: Iterable[str]) -> list[AgencyTask]:
    """Every responsibility naming one of `units`, grouped by plan (index order), 牵头 before 责任 before
    配合, then in document order."""
    wanted = set(units)
    doc_order: dict[str, int] = {}
    rows: list[tuple[tuple[int, int, int], AgencyTask]] = []
    for n, r in enumerate(facts.responsibilities):
        doc_order.setdefault(r.doc_id, len(doc_order))
        hit = next((u for u in r.units if u in wanted), None)
        if hit is None:
            continue
        rows.append(((doc_order[r.doc_id], ROLE_ORDER.get(r.role, 9), n), _task(r, hit)))
    return [t for _, t in sorted(rows, key=lambda x: x[0])]


def _task(r: Responsibility, unit: str) -> AgencyTask:
    return AgencyTask(
        doc_id=r.doc_id,
        role=r.role,
        task=r.task,
        pilot_task=r.pilot_task or "",
        deadline=r.deadline or "",
        unit=unit,
        others=tuple(u for u in r.units if u != unit),
        locator=r.locator,
        quote=r.quote,
        chunk_id=r.chunk_id,
    )


AGENCY_HEADERS = ["方案", "角色", "任务", "试点任务", "时限", "同列单位", "位置", "原文"]


def agency_table(tasks: Iterable[AgencyTask], titles: dict[str, str]) -> list[list[str]]:
    return [
        [titles.get(t.doc_id, t.doc_id), t.role, t.task, t.pilot_task, t.deadline, "、".join(t.others),
         t.locator, t.quote]
        for t in tasks
    ]  # fmt: skip


def agency_summary(tasks: list[AgencyTask], titles: dict[str, str]) -> str:
    """One line per plan and role: 《方案》牵头 3 项、配合 2 项."""
    counts: dict[str, dict[str, int]] = {}
    for t in tasks:
        per = counts.setdefault(t.doc_id, {})
        per[t.role] = per.get(t.role, 0) + 1
    parts = []
    for doc, per in counts.items():
        roles = "、".join(
            f"{role} {n} 项" for role, n in sorted(per.items(), key=lambda x: ROLE_ORDER.get(x[0], 9))
        )
        parts.append(f"《{titles.get(doc, doc)}》{roles}")
    return "；".join(parts)
