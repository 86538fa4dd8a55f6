"""The 督办 workbook: responsibilities, targets and deadlines of the indexed plans as an .xlsx file.

`planbot export --xlsx FILE [--doc ID]` and the UI's 责任分工 tab both call `export_xlsx`. Sheets:
责任分工 (one row per responsibility), 按单位 (one row per unit, for filtering by agency), 目标指标,
时间节点 (only when the plans give deadlines) and 说明 (which plans, when exported). Every row carries its
位置 and the verbatim 原文, so a clerk can check a row against the document. Written with openpyxl.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from bot.views import deadline_items
from index.models import Facts, Plan

__all__ = ["SHEETS", "export_xlsx", "workbook_rows"]

SHEETS = ("责任分工", "按单位", "目标指标", "时间节点", "说明")

# Column widths in characters; 原文 and 任务 wrap inside them so the sheet prints and scrolls sideways less.
_WIDTHS = {
    "方案": 24, "位置": 16, "任务": 30, "试点任务": 30, "角色": 6, "单位": 36, "时限": 14, "原文": 80,
    "指标": 28, "目标值": 14, "期限": 10, "范围": 14, "事项": 36, "类型": 6,
}  # fmt: skip
# Characters XML 1.0 cannot hold; openpyxl refuses them, and a plan file may carry one from a PDF.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def workbook_rows(
    facts: Facts, titles: dict[str, str] | None = None
) -> dict[str, tuple[list[str], list[list[str]]]]:
    """Sheet name -> (headers, rows), without the 说明 sheet. `titles` (doc_id -> title) adds a 方案
    column, for exports of several plans. 时间节点 is left out when nothing has a deadline."""

    def plan(doc_id: str) -> list[str]:
        return [titles.get(doc_id, doc_id)] if titles else []

    lead = ["方案"] if titles else []
    duties = [
        [*plan(r.doc_id), r.locator, r.task, r.pilot_task or "", r.role, "、".join(r.units), r.deadline or "",
         r.quote]
        for r in facts.responsibilities
    ]  # fmt: skip
    by_unit = [
        [*plan(r.doc_id), u, r.role, r.task, r.pilot_task or "", r.deadline or "", r.locator, r.quote]
        for r in facts.responsibilities
        for u in r.units
    ]
    targets = [
        [*plan(t.doc_id), t.metric, f"{t.comparator}{t.value}{t.unit}", t.deadline or "", t.scope or "",
         t.locator, t.sentence]
        for t in facts.targets
    ]  # fmt: skip
    sheets = {
        "责任分工": ([*lead, "位置", "任务", "试点任务", "角色", "单位", "时限", "原文"], duties),
        "按单位": ([*lead, "单位", "角色", "任务", "试点任务", "时限", "位置", "原文"], by_unit),
        "目标指标": ([*lead, "指标", "目标值", "期限", "范围", "位置", "原文"], targets),
    }
    due = deadline_items(facts)
    if due:
        sheets["时间节点"] = (
            [*lead, "时限", "事项", "类型", "角色", "单位", "位置", "原文"],
            [[*plan(d.doc_id), d.deadline, d.what, d.kind, d.role, "、".join(d.units), d.locator, d.quote]
             for d in due],
        )  # fmt: skip
    return sheets


def export_xlsx(facts: Facts, plans: Iterable[Plan], path: str | Path) -> Path:
    """Write the workbook for `facts` (already scoped to the plans wanted) to `path`; returns the path.

    The 方案 column appears when the facts come from more than one plan."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    plans = list(plans)
    docs = {r.doc_id for r in facts.responsibilities} | {t.doc_id for t in facts.targets}
    shown = [p for p in plans if p.doc_id in docs] or plans
    titles = {p.doc_id: p.title or p.doc_id for p in shown} if len(shown) > 1 else None
    wb = Workbook()
    wb.remove(wb.active)
    head_font = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="DDEBF7")
    wrap = Alignment(wrap_text=True, vertical="top")
    for name, (headers, rows) in workbook_rows(facts, titles).items():
        ws = wb.create_sheet(name)
        ws.append(headers)
        for row in rows:
            ws.append([_cell_text(v) for v in row])
        for col, header in enumerate(headers, 1):
            letter = ws.cell(row=1, column=col).column_letter
            ws.column_dimensions[letter].width = _WIDTHS.get(header, 16)
            top = ws.cell(row=1, column=col)
            top.font, top.fill = head_font, head_fill
        for cells in ws.iter_rows(min_row=2):
            for cell in cells:
                cell.alignment = wrap
                # NOTE: text only; a cell starting with '=' stays text, never becomes a formula
                cell.data_type = "s"
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = ws.dimensions
    about = wb.create_sheet("说明")
    about.append(["方案", "文号", "doc_id"])
    for p in shown:
        about.append([_cell_text(p.title), _cell_text(p.doc_number or ""), p.doc_id])
    about.append([])
    about.append([f"导出时间：{datetime.now().strftime('%Y-%m-%d %H:%M')}（planbot export）"])
    about.append(["“原文”列为方案原文（仅修复分页断行），“位置”可用 planbot show 查看。"])
    about.column_dimensions["A"].width = 60
    about.column_dimensions["B"].width = 24
    for cell in about[1]:
        cell.font = head_font
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out


def _cell_text(value: str) -> str:
    return _ILLEGAL.sub("", value or "")
