"""Flattened tables: a table copied from a web page or a PDF arrives one cell per line. Pure.

    序号
    工作任务
    具体内容
    牵头部门
    配合部门
    时间节点
    1
    推进垃圾分类
    建成…
    区绿化市容局
    各街镇
    2024年底前
    2
    …

`unflatten` finds such a run (a header of column names, then rows each opened by its running number) and
rewrites it as tab-separated rows, which the parser reads as any other table. Cells that vanished from the
copy (a merged 工作任务 cell given only on its first row, an empty 配合部门) are told apart by what they
hold: a units cell holds unit names, a time cell a date; columns are filled from the right, where the
responsibility and time columns sit. Only whitespace changes, so quotes stay verbatim; the number of lines
is kept (a row's later lines become empty), so PDF page numbers per line still line up.
"""

from __future__ import annotations

import itertools
import re

from index.roles import split_top
from index.vocab import (
    AND_OTHERS,
    DUTY_COLUMNS,
    TIME_HEAD,
    TIME_VALUE,
    UNIT_COLUMNS,
    UNIT_END,
    UNIT_NOTE,
    column_kind,
)

# Pieces a column name is split into by the copy (“牵头” / “部门”, “任务” / “分类”).
_NAME_TAILS = {
    "部门",
    "单位",
    "分类",
    "主体",
    "时间",
    "时限",
    "节点",
    "内容",
    "措施",
    "任务",
    "名称",
    "类型",
    "事项",
}
_HEADER_WORD = re.compile(
    r"序号|任务|工作|措施|举措|内容|单位|部门|时限|时间|节点|进度|计划|项目|方向|分类|类型|主体|名称|位置|面积|备注|文件"
    r"|牵头|配合|责任|完成|指标|目标|事项|领域|类别"
)
_TIME = TIME_VALUE
_NUMBER = re.compile(r"^\d{1,3}$")
_AND_OTHERS = re.compile(rf"{AND_OTHERS}$")
_LINES_PER_CELL = 4


# a table's own title above its header (“重点任务清单”, “任务分工表”) names the table, not a column
_TABLE_TITLE = re.compile(r"(?:清单|一览表|分工表|任务表)$")


# a column name's bracketed unit or span: 重点任务（2024-2026）, 十四五装机计划（MW）
BRACKETED = re.compile(r"[（(][^（）()]{1,12}[）)]")


def _is_header_token(t: str) -> bool:
    return (
        len(BRACKETED.sub("", t)) <= 12
        and not re.search(r"[。，；：,;]", t)
        and not _TABLE_TITLE.search(t)
        and bool(_HEADER_WORD.search(t) or t in _NAME_TAILS)
    )


def _header_at(lines: list[str], idx: list[int], k: int, first: int = 1) -> tuple[list[str], int] | None:
    """(column names, position after the header) when a header starting with 序号 begins at idx[k] and
    the row numbered `first` follows it."""
    if lines[idx[k]].strip() != "序号":
        return None
    names, j = _header_names(lines, idx, k)
    if len(names) < 3 or j >= len(idx):
        return None
    if lines[idx[j]].strip() != str(first) and not _group_row_at(lines, idx, j, first):
        return None  # (the first row may be a group's own: “一、科学编制…规划 / 1 / …”)
    return names, j


def _header_names(lines: list[str], idx: list[int], k: int) -> tuple[list[str], int]:
    """The column names from the 序号 at idx[k] on, and the position after them. Between 序号 and the
    first row's number every short line is a column name, whatever it says (“交通子行业”, “设定依据”),
    where one of them reads as a column name; elsewhere only lines that read as column names are."""
    names: list[str] = ["序号"]
    j = k + 1
    run = j
    while run < len(idx) and run - j < _MAX_HEADER and _name_like(lines[idx[run]].strip()):
        run += 1
    # (not where a column stands before 序号: the first row then opens with its cell, “消防安全责任14分”)
    free = (
        not (k > 0 and _is_header_token(lines[idx[k - 1]].strip()))
        and run < len(idx)
        and lines[idx[run]].strip() == "1"
        and run - j >= 2
        and any(_is_header_token(lines[idx[p]].strip()) for p in range(j, run))
    )
    while j < len(idx) and (j < run if free else _is_header_token(lines[idx[j]].strip())):
        names.append(lines[idx[j]].strip())
        j += 1
    return _joined(names), j


def _joined(tokens: list[str]) -> list[str]:
    """Header lines as column names, a name broken over two lines (牵头 / 部门) joined."""
    names: list[str] = []
    for t in tokens:
        if names and t in _NAME_TAILS and len(names[-1]) <= 3 and names[-1] != "序号":
            names[-1] += t
        else:
            names.append(t)
    return names


def _name_like(t: str) -> bool:
    """A line that may name a column: short, no sentence punctuation, no running number."""
    return 0 < len(t) <= 12 and not re.search(r"[。，；：,;\d]", t) and not _GROUP_NUMBER.match(t)


def is_units(cell: str) -> bool:
    # the last name of a list may close it with 等 (“…科技经济委等”, “区建设管理委等部门”)
    # (a unit with its office in brackets: 市交通委（计划财务处）)
    parts = [_AND_OTHERS.sub("", UNIT_NOTE.sub("", p)) for p in split_top(cell, "、，,；;") if p.strip()]
    return bool(parts) and all(len(p) <= 25 and (UNIT_END.search(p) or p.startswith("各")) for p in parts)


_AMOUNT = re.compile(r"^[\d.,，]+\s*(?:万|亿|千)?[\u4e00-\u9fa5㎡%％]{0,3}$")
_AMOUNT_HEAD = re.compile(r"面积|数量|金额|万元|亿元|公顷|㎡|平方|规模|个数|投资|长度|公里")


def _short(cell: str) -> bool:
    return len(cell) <= 6 and not re.search(r"[。，；：,;:、\d]", cell)


def _kind(name: str) -> str:
    if _AMOUNT_HEAD.search(name):
        return "amount"
    if name == "备注":
        return "note"
    if re.match(r"\d{4}\s*年", name):
        return "other"  # “2024年工作任务”, “2025年工作计划”: a year's work, written as text
    return column_kind(name)


def _fit(kind: str, cell: str) -> float:
    """How well a cell fits a column of this kind: typed columns must hold their type."""
    if kind == "role":
        # (“—”, “无”: the table's way of leaving a units column empty)
        return 3.0 if is_units(cell) else 2.0 if _NO_UNITS.fullmatch(cell) else -4.0
    if kind == "time":
        return 3.0 if _TIME.search(cell) and len(cell) <= 30 else -4.0
    if kind == "amount":
        return 3.0 if _AMOUNT.match(cell) else -4.0
    return 1.0


# What leaving a column empty costs: a merged group cell is often absent, a note or a second units
# column (配合) may be empty, a row's own text hardly ever is.
_SKIP = {"note": 0.0, "group": -0.5, "role": -1.0, "time": -1.0, "amount": -1.0}


def align(names: list[str], cells: list[str]) -> list[str]:
    """Cells of one row (its number excluded) placed under the columns after 序号, in order, each column
    holding one cell or none; a text cell broken over lines may join the cell before it. The best
    placement by how cells fit their columns' kinds (units, time, amount, text)."""
    kinds = [_kind(n) for n in names[1:]]
    n, m = len(kinds), len(cells)
    neg = float("-inf")
    # best[i][j]: best score with the first i cells placed among the first j columns, cell i-1 in column
    # j-1 (or j == 0 when i == 0); back[i][j] remembers the move
    best = [[neg] * (n + 1) for _ in range(m + 1)]
    back: dict[tuple[int, int], tuple[int, int]] = {}
    best[0][0] = 0.0
    for j in range(1, n + 1):  # columns left empty before the first cell
        best[0][j] = best[0][j - 1] + _SKIP.get(kinds[j - 1], -2.0)
    for i in range(1, m + 1):
        for j in range(1, n + 1):
            # cell i-1 opens column j-1, after column jj-1 held cell i-2 (columns between stay empty)
            for jj in range(0, j):
                prev = best[i - 1][jj] if i > 1 else (best[0][jj] if jj == j - 1 else neg)
                if i > 1 and jj == 0:
                    continue
                if prev == neg:
                    continue
                gap = sum(_SKIP.get(kinds[k], -2.0) for k in range(jj, j - 1)) if i > 1 else 0.0
                score = prev + gap + _fit(kinds[j - 1], cells[i - 1])
                if score > best[i][j]:
                    best[i][j], back[(i, j)] = score, (i - 1, jj)
            # cell i-1 continues the text cell of column j-1, or a list of units broken after its 、
            # (or one unit a line: “设施运行处 / 综合规划处 / 设施养护处” under 配合部门)
            broken_list = (
                i > 1
                and kinds[j - 1] == "role"
                and is_units(cells[i - 1])
                and (bool(re.search(r"[、，,]$", cells[i - 2])) or is_units(cells[i - 2]))
            )
            # “海绵城市” / “系统方案”: a short name cell wrapped over two lines
            wrapped_name = (
                i > 1 and kinds[j - 1] in ("group", "title") and _short(cells[i - 2]) and _short(cells[i - 1])
            )
            # “1.继续完善… / 2.编制… / 3.…”: a cell's numbered items one per line
            next_item = i > 1 and _next_item(cells[i - 2], cells[i - 1])
            goes_on = broken_list or kinds[j - 1] not in ("role", "time", "amount")
            if i > 1 and goes_on and best[i - 1][j] != neg:
                # (a list broken after its 、 surely goes on; a unit a line may also open the next units
                # column, which then wins: 配合部门 / 实施主体)
                after_comma = bool(re.search(r"[、，,]$", cells[i - 2])) if i > 1 else False
                joins = (
                    (3.0 if after_comma else 2.0)
                    if broken_list
                    else 1.5
                    if wrapped_name or next_item
                    else -0.5
                )
                score = best[i - 1][j] + joins
                if score >= best[i][j]:  # a tie goes to the later column: the row's own text is the longer
                    best[i][j], back[(i, j)] = score, (i - 1, j)
    end = max(range(1, n + 1), key=lambda j: best[m][j] + sum(_SKIP.get(k, -2.0) for k in kinds[j:]))
    out = [""] * n
    i, j = m, end
    sep = ""
    while i > 0:
        pi, pj = back[(i, j)]
        out[j - 1] = cells[i - 1] + sep + out[j - 1]
        # units one a line are a list: the cell before, in the same column, joins it with a space (the text
        # has no 、 there, and a quote is the text as published; split_units reads the names apart)
        same = pj == j and pi > 0 and kinds[j - 1] == "role"
        sep = " " if same and is_units(cells[pi - 1]) and not re.search(r"[、，,]$", cells[pi - 1]) else ""
        i, j = pi, pj
    return out


def _unit_tail(names: list[str]) -> int:
    """How many of the last columns hold units or times (牵头单位 / 配合单位 / 完成时限)."""
    kinds = [_kind(n) for n in names[1:]]
    tail = 0
    while tail < len(kinds) and kinds[-1 - tail] in ("role", "time"):
        tail += 1
    return tail


def _sub_rows(names: list[str], cells: list[str]) -> list[int]:
    """Where the sub-rows of a numbered row begin after the first, [] for a row of one: a row whose 序号 and
    task cells are merged over several sub-rows, each with its own text and its own units (“1 / 有序扩大… /
    现阶段… / 各区政府 / 市卫生健康委 / 基层处 / 医政处 / 根据服务人口… / 各区政府 / …”). Every sub-row ends
    with exactly one cell for each units column; the first of them may open with the task cells."""
    tail = _unit_tail(names)
    if tail < 2 or tail >= len(names) - 2:
        return []
    runs: list[tuple[int, int]] = []  # (start, end) of each run of unit cells
    at = 0
    for unitish, run in itertools.groupby(is_units(c) or bool(_NO_UNITS.fullmatch(c)) for c in cells):
        n = len(list(run))
        if unitish:
            runs.append((at, at + n))
        at += n
    if len(runs) < 2 or runs[-1][1] != len(cells) or any(b - a != tail for a, b in runs) or runs[0][0] == 0:
        return []
    return [b for _, b in runs[:-1]]


def _next_item(before: str, cell: str) -> bool:
    """The cell opens the item numbered after the one the cell before opens (“1.…” then “2.…”)."""
    a, b = re.match(r"(\d{1,2})[.．、]", before), re.match(r"(\d{1,2})[.．、]", cell)
    return bool(a and b) and int(b.group(1)) == int(a.group(1)) + 1  # type: ignore[union-attr]


_GROUP_NUMBER = re.compile(r"^[一二三四五六七八九十]{1,3}$")
_GROUP_HEADING = re.compile(r"^[一二三四五六七八九十]{1,3}、\S")


def _lead_names(lines: list[str], idx: list[int], k: int) -> list[str]:
    """Column names written before 序号 (“改革领域 / 序号 / 改革事项 / …”): at most two header tokens."""
    lead: list[str] = []
    p = k - 1
    while p >= 0 and len(lead) < 2 and _is_header_token(lines[idx[p]].strip()):
        lead.insert(0, lines[idx[p]].strip())
        p -= 1
    return lead


def _group_row_at(lines: list[str], idx: list[int], j: int, number: int) -> int:
    """How many lines a group's own row takes before the row numbered `number` (0: none there): “一 /
    推进碳达峰碳中和综合管理 / 1 …”, a Chinese numeral and its name (2), or “一、科学编制并实施…规划 / 1”,
    a heading on one line (1)."""
    if (
        j + 2 < len(idx)
        and _GROUP_NUMBER.match(lines[idx[j]].strip())
        and not _NUMBER.match(lines[idx[j + 1]].strip())
        and lines[idx[j + 2]].strip() == str(number)
    ):
        return 2
    heading = _GROUP_HEADING.match(lines[idx[j]].strip()) if j < len(idx) else None
    if heading and j + 1 < len(idx) and lines[idx[j + 1]].strip() == str(number):
        return 1
    return 0


def _group_row(lines: list[str], idx: list[int], j: int, span: int, width: int, gcol: int) -> None:
    """The group's row written as a row numbered by its numeral, its name in the group column."""
    first = lines[idx[j]].strip()
    # (a heading on one line keeps its 、 with its numeral: the row's quote is the line as published)
    numeral, name = (first, lines[idx[j + 1]].strip()) if span == 2 else first.split("、", 1)
    numeral = numeral if span == 2 else f"{numeral}、"
    group = [""] * (width - 1)
    group[gcol - 1] = name
    lines[idx[j]] = "\t".join([numeral, *group])
    if span == 2:
        lines[idx[j + 1]] = ""


# a row numbered inside its task cell: “（1）建设精品道路300条。”
_CELL_NUMBER = re.compile(r"^[（(](\d{1,3})[）)]\s*\S")
# the column such a number opens (a task's own column, not the 任务分类 before it)
_TASK_COLUMN = re.compile(r"重点任务|主要任务|工作任务|任务(?!分类|类别)|措施|事项")


# how a table's row opens, not a column name: its group “（一）”, “1、…”, “一、…”
_ROW_OPENS = re.compile(
    r"[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[、.．]|[一二三四五六七八九十]{1,3}、"
)


def _header_piece(t: str) -> bool:
    return 0 < len(t) <= 16 and not re.search(r"[。，；：,;:]", t) and not _ROW_OPENS.match(t)


def _numbers_in_cells(lines: list[str]) -> list[str]:
    """A table with no 序号 whose rows are numbered inside their task cell (上海 交通精细化 清单: “任务分类
    / 主要方向 / 重点任务 / 2024年工作项目 / … / 牵头部门 / 配合部门 / 实施主体”, rows “（1）…”): a 序号
    column is put before the task column and each row's number written as a cell of its own, so the
    numbered reader takes the table, the columns before it as its lead columns."""
    idx = [i for i, ln in enumerate(lines) if ln.strip()]
    for k in range(len(idx)):
        if k > 0 and _is_header_token(lines[idx[k - 1]].strip()):
            continue
        if not _is_header_token(lines[idx[k]].strip()):
            continue
        # the header: short lines up to the first row's opening (its group “（一）”, “1、…” or “（1）…”)
        tokens: list[str] = []
        j = k
        while j < len(idx) and len(tokens) < 2 * _MAX_HEADER and _header_piece(lines[idx[j]].strip()):
            tokens.append(lines[idx[j]].strip())
            j += 1
        names = _joined(tokens)
        if len(names) < 4 or "序号" in names or "role" not in [column_kind(n) for n in names]:
            continue
        task = next((c for c, n in enumerate(names) if 0 < c <= 2 and _TASK_COLUMN.search(n)), None)
        numbered = [p for p in range(j, len(idx)) if _CELL_NUMBER.match(lines[idx[p]].strip())]
        first = next((p for p in numbered if p - j <= 4), None)
        if task is None or first is None or _CELL_NUMBER.match(lines[idx[first]].strip()).group(1) != "1":  # type: ignore[union-attr]
            continue
        rows, expected = [], 1
        for p in numbered:
            if _CELL_NUMBER.match(lines[idx[p]].strip()).group(1) == str(expected):  # type: ignore[union-attr]
                rows.append(p)
                expected += 1
        if len(rows) < 3:
            continue
        header = [*names[:task], "序号", *names[task:]]
        for n, p in enumerate(range(k, j)):
            lines[idx[p]] = header[n] if n < len(header) else ""
        if len(header) > j - k:  # the header, one name a line, takes one line more than its tokens did
            lines[idx[j - 1]] = "\n".join(header[j - k - 1 :])
        for n, p in enumerate(rows, 1):
            lines[idx[p]] = f"{n}\n{lines[idx[p]]}"
        return "\n".join(lines).split("\n")
    return lines


def unflatten(text: str) -> str:
    """The text with every flattened table rewritten as tab-separated rows (see the module doc).

    Two more layouts are read: columns written before 序号 (“改革领域 / 序号 / …”, each row then opens with
    those cells before its number), and group rows of their own between the numbered ones (“一 /
    推进碳达峰碳中和综合管理 / 1 / …”), kept as a row numbered 一 whose name the rows under it inherit."""
    lines = _numbers_in_cells(text.split("\n"))
    idx = [i for i, ln in enumerate(lines) if ln.strip()]
    k = 0
    while k < len(idx):
        if lines[idx[k]].strip() != "序号":
            k += 1
            continue
        lead: list[str] = []
        found = _header_at(lines, idx, k)
        if not found:
            lead = _lead_names(lines, idx, k)
            found, lead = _header_after_lead(lines, idx, k, lead)
        if not found:
            k += 1
            continue
        names, j = found
        width = len(names)
        gcol = next((c for c, nm in enumerate(names[1:], 1) if _kind(nm) == "group"), 1)
        # where the first row's cells before its number start: right after the header
        lead_from = _header_names(lines, idx, k)[1] if lead else j
        lines[idx[k - len(lead)]] = "\t".join([*lead, *names])
        for p in idx[k - len(lead) + 1 : lead_from]:
            lines[p] = ""
        expected = 1
        # the columns after 序号 that hold the row's text, before its first units column
        text_cols = next((c for c, nm in enumerate(names[1:]) if _kind(nm) == "role"), len(names) - 1)
        while j < len(idx):
            if not lead and (span := _group_row_at(lines, idx, j, expected)):
                _group_row(lines, idx, j, span, width, gcol)
                j = lead_from = j + span
            if j >= len(idx) or lines[idx[j]].strip() != str(expected):
                break
            nxt = j + 1
            # the row's cells: up to the next running number (or a repeated header, or a group row), at
            # most a few lines more than the columns, so the text after the table is left alone
            # (a PDF wraps long cells over several lines: a row may run to a few lines per column)
            while (
                nxt < len(idx)
                and nxt - j <= _LINES_PER_CELL * width
                and lines[idx[nxt]].strip() not in (str(expected + 1), "序号")
                and not (not lead and _group_row_at(lines, idx, nxt, expected + 1))
            ):
                nxt += 1
            stop = lines[idx[nxt]].strip() if nxt < len(idx) else ""
            repeated = stop == "序号" and _header_at(lines, idx, nxt, expected + 1) is not None
            grouped = not lead and nxt < len(idx) and _group_row_at(lines, idx, nxt, expected + 1)
            last_row = stop != str(expected + 1) and not repeated and not grouped
            following = 0
            if stop == str(expected + 1):
                following = _next_leads(lines, idx, j, nxt, len(lead), text_cols)
            end = nxt - following  # the next row's own lead cells
            cells = [lines[idx[p]].strip() for p in range(j + 1, end)]
            if last_row:
                cells = cells[: width - 1]
                end = nxt = j + 1 + len(cells)
            parts = _sub_rows(names, cells)
            row = align(names, cells[: parts[0]] if parts else cells)
            leads = _lead_cells([lines[idx[p]].strip() for p in range(lead_from, j)], len(lead))
            # a number the row's task cell writes itself (“（7）推进…”) is not written twice: the row's quote
            # stays the text as published, and the rows are numbered by their order
            own = any(c.startswith((f"（{expected}）", f"({expected})")) for c in row)
            lines[idx[lead_from]] = "\t".join([*leads, "" if own else str(expected), *row])
            for p in idx[lead_from + 1 : end]:
                lines[p] = ""
            tail = _unit_tail(names) if parts else 0
            for a, b in itertools.pairwise([*parts, len(cells)] if parts else []):
                # a sub-row: no number, no lead cells, its own text and units under the last columns
                sub = align(["序号", *names[-tail - 1 :]], cells[a:b])
                lines[idx[j + 1 + a]] = "\t".join(
                    [*[""] * len(leads), "", *[""] * (len(names) - tail - 2), *sub]
                )
            j, lead_from = (nxt, end) if stop == str(expected + 1) else (end, end)
            if j < len(idx) and lines[idx[j]].strip() == "序号":  # the header repeated after a page break
                again = _header_at(lines, idx, j, expected + 1)
                if again:
                    for p in idx[j : again[1]]:
                        lines[p] = ""
                    j = lead_from = again[1]
            expected += 1
        k = j
    return _unit_duty_pairs(_unnumbered_tables(lines))


# a group's line between rows: “行动三：智创和谐新境行动（…）”, “二、…”
_GROUP_LINE = re.compile(r"^(?:行动|任务|专项|领域)?[一二三四五六七八九十]{1,3}[：:、]")


def _next_leads(lines: list[str], idx: list[int], j: int, nxt: int, n_lead: int, text_cols: int) -> int:
    """How many of the lines before the next row's number are that row's cells before 序号. A column
    before 序号 is often merged over several rows (“旧区改造” written once for rows 4 and 5), and a
    group line may stand there too (“行动二：…”): the next row's lead cells are those after this row's
    units cell; where the row names no units, at most the lead columns' count, leaving the row its task."""
    if not n_lead:
        return 0
    cells = [lines[idx[p]].strip() for p in range(j + 1, nxt)]
    units = [i for i, c in enumerate(cells) if is_units(c)]
    if units:
        return len(cells) - 1 - units[-1]
    # no units (merged with the row above): what the row's text columns cannot hold opens the next row
    n = max(0, min(n_lead, len(cells) - max(text_cols, 1)))
    while n < len(cells) - 1 and _GROUP_LINE.match(cells[-n - 1]):
        n += 1
    return n


def _lead_cells(cells: list[str], n_lead: int) -> list[str]:
    """A row's cells before its number, as many as the lead columns: a merged (unwritten) cell is empty,
    a group line before it is read with it."""
    if len(cells) <= n_lead:
        return [""] * (n_lead - len(cells)) + cells
    return [" ".join(cells[: len(cells) - n_lead + 1]), *cells[len(cells) - n_lead + 1 :]]


_GROUP_ROW = re.compile(r"^[一二三四五六七八九十]+、")
_MAX_HEADER = 8


def _plain_header(lines: list[str], idx: list[int], k: int) -> list[str]:
    """The column names of a header without 序号 that starts at idx[k]: three to eight names, text columns
    first and units columns after them (a header line before it makes this no header's start)."""
    if k > 0 and _is_header_token(lines[idx[k - 1]].strip()):
        return []
    names: list[str] = []
    j = k
    while j < len(idx) and len(names) < _MAX_HEADER and _is_header_token(t := lines[idx[j]].strip()):
        names.append(t)
        j += 1
    kinds = [column_kind(n) for n in names]
    # a 序号 header whose rows carry their numbers is the numbered reader's; one whose rows carry none
    # (静安 全程分类: “序号 / 任务名称 / …” and no number cell under it) is read here
    ahead = [lines[p].strip() for p in idx[j : j + 2 * len(names)]]
    numbered = any(_NUMBER.match(t) for t in ahead)
    if len(names) < 3 or "role" not in kinds or (numbered and ("序号" in names or "编号" in names)):
        return []
    first_role = kinds.index("role")
    if first_role == 0 or any(
        kd != "role" and not TIME_HEAD.search(n)
        for n, kd in zip(names[first_role:], kinds[first_role:], strict=True)
    ):
        return []
    return names


_NO_UNITS = re.compile(r"^[/／—\-－–无]+$")  # an empty units cell as a table writes it


def _units_cell(cell: str) -> bool:
    return is_units(cell) or bool(_NO_UNITS.match(cell))


def _is_text(line: str) -> bool:
    """A task's own text, not a name or a heading wrapped over lines: a sentence or a long phrase."""
    t = line.strip()
    return len(t) >= 12 or bool(re.search(r"[。，；,;]", t))


def _place_text(cells: list[str], n: int) -> list[str]:
    """Text cells of one row under n text columns: the last is the row's own text (the last column), a
    group row's “一、…” the first, the rest joined in the columns between."""
    out = [""] * n
    if not cells or not n:
        return out
    out[-1] = cells[-1]
    rest = cells[:-1]
    if rest and n >= 3 and _GROUP_ROW.match(rest[0]):
        out[0] = rest.pop(0)
    if rest:
        out[max(n - 2, 0)] = "".join(rest) if n >= 2 else out[-1]
    return out


def _place_units(cells: list[str], n: int) -> list[str]:
    """Units cells under n units columns, in order; a cell broken after its 、 joins the next; more cells
    than columns join the last, by a space: the row's quote stays the text as written."""
    merged: list[str] = []
    for c in cells:
        if merged and merged[-1].endswith(("、", "，", ",")):
            merged[-1] += c
        else:
            merged.append(c)
    out = (merged + [""] * n)[:n]
    if len(merged) > n:
        out[-1] = " ".join(merged[n - 1 :])
    return out


def _unnumbered_tables(lines: list[str]) -> list[str]:
    """Flattened tables with no 序号 column (“类别 / 项目 / 主要任务 / 牵头单位 / 配合单位”): nothing numbers
    the rows, so a row is read as its text cells closed by its units cells. The table ends where text runs
    on with no units to close it: those lines stay as they are."""
    idx = [i for i, ln in enumerate(lines) if ln.strip() and "\t" not in ln]
    k = 0
    while k < len(idx):
        names = _plain_header(lines, idx, k)
        if not names:
            k += 1
            continue
        first_role = next(c for c, nm in enumerate(names) if column_kind(nm) == "role")
        rows: list[tuple[int, int]] = []  # (first, last) positions in idx of each row
        j = start = k + len(names)
        seen_text = in_units = False
        while j < len(idx):
            cell = lines[idx[j]].strip()
            goes_on = in_units and lines[idx[j - 1]].strip().endswith(("、", "，", ","))
            if goes_on or (seen_text and _units_cell(cell)):
                in_units = True
            elif in_units:  # the row closed by its units; this cell opens the next
                rows.append((start, j - 1))
                start, seen_text, in_units = j, False, False
                continue
            elif j - start >= _LINES_PER_CELL * len(names) or _plain_header(lines, idx, j):
                break
            else:
                seen_text = seen_text or _is_text(cell)
            j += 1
        if in_units:
            rows.append((start, j - 1))
        if not rows:
            k += 1
            continue
        lines[idx[k]] = "\t".join(names)
        for p in idx[k + 1 : k + len(names)]:
            lines[p] = ""
        for a, b in rows:
            cells = [lines[idx[p]].strip() for p in range(a, b + 1)]
            n_text = next(
                c
                for c, cell in enumerate(cells)
                if c > 0 and is_units(cell) and any(_is_text(x) for x in cells[:c])
            )
            row = _place_text(cells[:n_text], first_role) + _place_units(
                cells[n_text:], len(names) - first_role
            )
            lines[idx[a]] = "\t".join(row)
            for p in idx[a + 1 : b + 1]:
                lines[p] = ""
        k = rows[-1][1] + 1
    return lines


def _unit_duty_pairs(lines: list[str]) -> str:
    """A two-column table of units and their duties with no 序号 (“单位 / 职责分工 / 区规划资源局 / 拟定… /
    区纪委监委 / 对于…”), one cell per line: rewritten as tab-separated rows, each unit with its duty. A row
    is a line of unit names and the text lines up to the next such line; the table ends at a line that is
    neither, or at a unit line with no duty after it."""
    idx = [i for i, ln in enumerate(lines) if ln.strip()]
    k = 0
    while k + 3 < len(idx):
        head, duty = lines[idx[k]].strip(), lines[idx[k + 1]].strip()
        if head not in UNIT_COLUMNS or duty not in DUTY_COLUMNS or not _unit_line(lines[idx[k + 2]]):
            k += 1
            continue
        lines[idx[k]], lines[idx[k + 1]] = f"{head}\t{duty}", ""
        j = k + 2
        while j + 1 < len(idx) and _unit_line(lines[idx[j]]) and not _unit_line(lines[idx[j + 1]]):
            end = j + 2
            while end < len(idx) and not _unit_line(lines[idx[end]]) and _duty_goes_on(lines[idx[end - 1]]):
                end += 1
            text = "".join(lines[idx[p]].strip() for p in range(j + 1, end))
            lines[idx[j]] = f"{lines[idx[j]].strip()}\t{text}"
            for p in idx[j + 1 : end]:
                lines[p] = ""
            j = end
        k = j
    return "\n".join(lines)


def _unit_line(line: str) -> bool:
    t = line.strip()
    return len(t) <= 25 and not re.search(r"[。；;：:]", t) and is_units(t)


def _duty_goes_on(line: str) -> bool:
    """A duty broken over lines (a PDF copy) goes on after a line that does not end a sentence."""
    return not re.search(r"[。；;！!]$", line.strip())


def _header_after_lead(
    lines: list[str], idx: list[int], k: int, lead: list[str]
) -> tuple[tuple[list[str], int] | None, list[str]]:
    """A header whose rows open with the cells of its columns before 序号, or whose first row is a group
    row: ((column names from 序号, position of the first row's number or group row), lead names used)."""
    names, j = _header_names(lines, idx, k)
    if len(names) < 3:
        return None, []
    for n in range(len(lead), 0, -1):  # the table's title may itself read like a column name
        if j + n < len(idx) and lines[idx[j + n]].strip() == "1":
            return (names, j + n), lead[-n:]
    if _group_row_at(lines, idx, j, 1):
        return (names, j), []
    # the first row opens with more lines than lead columns: a group's line and merged cells
    # (“（一） / 提升交通设施环境品质 / 1、改善城市道路环境 / 1 / …”)
    for n in range(len(lead) + 1, len(lead) + 4):
        if lead and j + n < len(idx) and lines[idx[j + n]].strip() == "1":
            return (names, j + n), lead
    return None, []
