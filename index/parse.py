"""Text -> Plan: notice, title, preamble, headings, paragraphs, annex tables, 抄送 and 印发 lines.

Pure: takes the loaded text, returns a Plan. Locators read like the document (DESIGN.md):
'通知', '一、主要目标', '二、重点任务（四）', '附件 第8项' ('附件1 第3项' with several annexes),
'抄送', '印发'.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from index.models import Block, BlockKind, Plan
from index.normalise import (
    CLAUSE_PUNCT,
    DATE_LINE,
    DECIMAL_LEVELS,
    LEVELS,
    MD_ROW,
    TITLE_END,
    Line,
    decimal_numbered,
    is_table_row,
    markdown_line,
    plain,
    repair_lines,
    squash,
)
from index.roles import actor_segments, lead_sentence, markers, part_locator, segments, states_first_is_lead
from index.tables import BRACKETED, unflatten
from index.vocab import (
    HEADER_NAMES,
    HEADER_WORD,
    LABEL_WORDS,
    SHORT_ROLE_LABELS,
    TIME_WORDS,
    cell_of,
    column_kind,
)

DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}[〔\[［【(（]\s*\d{4}\s*[〕\]］】)）]\s*\d+\s*号")
ANNEX_START = re.compile(r"^附\s*件\s*(\d*)\s*[:：]?\s*(.*)$")
ISSUED = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印\s*发\s*$")
CC = re.compile(r"^抄\s*送\s*[:：]")
# A label line that belongs to the item above it: 责任单位：… / 配合单位：… / 完成时限：…
UNIT_LINE = re.compile(rf"^(?:[（(]\s*)?(?:{LABEL_WORDS}|{TIME_WORDS})\s*[:：]")
NOTICE_HINT = re.compile(r"(印发给你们|现印发|现将|请认真贯彻|请结合实际|经.{0,8}同意)")


def _is_header_name(name: str) -> bool:
    # a column of one year's work (2024年工作项目, 2025年计划) or with its span (重点任务（2024-2026）)
    name = re.sub(r"^\d{4}\s*年", "", BRACKETED.sub("", name))
    return name in HEADER_NAMES or bool(HEADER_WORD.match(name) and not re.search(r"\d", name))


def is_header_row(cells: list[str]) -> bool:
    names = [squash(c) for c in cells if c.strip()]
    hits = sum(1 for n in names if _is_header_name(n))
    return hits >= 2 and hits >= len(names) // 2


def is_sub_header(header: list[str], cells: list[str]) -> bool:
    """The second row of a two-row header: only short labels such as 牵头部门 | 配合部门 (or 牵头 | 配合)."""
    names = [squash(c) for c in cells if c.strip()]
    if not names or len(names) >= len([h for h in header if h.strip()]):
        return False
    return all(len(n) <= 6 and (_is_header_name(n) or n in SHORT_ROLE_LABELS) for n in names)


def merge_header(header: list[str], sub: list[str]) -> list[str]:
    """One name per column from a two-row header: the lower label where there is one (a role word takes
    the upper label's 单位/部门), else the upper label."""
    width = max(len(header), len(sub))
    top = (header + [""] * width)[:width]
    low = (sub + [""] * width)[:width]
    for i in range(1, width):
        if not top[i].strip() and low[i].strip():
            top[i] = top[i - 1]  # a horizontally merged upper cell spans this column
    out = []
    for upper, lower in zip(top, low, strict=True):
        u, lo = squash(upper), squash(lower)
        if not lo:
            out.append(upper)
        elif lo in SHORT_ROLE_LABELS:
            out.append(lo + (u[-2:] if u.endswith(("单位", "部门")) else "单位"))
        else:
            out.append(lower)
    return out


def split_cells(text: str) -> list[str]:
    return [c.strip(" \u3000") for c in text.split("\t")]


def cjk_title(s: str) -> str:
    """A title for display: spaces between Chinese characters (left by line wrapping) removed."""
    s = re.sub(r"(?<=[\u4e00-\u9fff）》”])\s+(?=[\u4e00-\u9fff（《“])", "", s.strip())
    return s


@dataclass
class _Acc:
    """A block being collected."""

    locator: str
    kind: BlockKind
    heading_path: list[str]
    number: str | None
    title: str
    lines: list[str] = field(default_factory=list)
    page: int | None = None

    def block(self) -> Block:
        return Block(
            locator=self.locator,
            kind=self.kind,
            heading_path=self.heading_path,
            number=self.number,
            title=self.title,
            text="\n".join(self.lines),
            page=self.page,
        )


_TITLE_LABEL = re.compile(rf"\s*[（(]\s*(?:{LABEL_WORDS})\s*[:：][^（）()]*[）)]\s*$")


def _lead_phrase(body: str) -> str:
    """Task title: the text after the number up to the first full stop (or the whole heading line).
    Markdown emphasis ('**深化改革。**') is not part of a title."""
    m = re.match(r"^(.*?)[。；]", body)
    lead = plain(m.group(1) if m else body)
    return lead if len(lead) <= 60 else ""


def _kind_for(headings: list[str], numbered: bool) -> BlockKind:
    # NOTE: only the top-level heading decides: a task titled 优化要素保障 is still a task.
    joined = headings[0] if headings else ""
    if re.search(r"保障|组织实施|工作要求", joined):
        return "safeguard"
    # A sub-heading that is only a section name (一、总体要求 （二）主要目标) says what its passage is.
    named = [h for h in headings[1:] if re.fullmatch(r"[\u4e00-\u9fff]{2,8}", h)]
    if "目标" in joined or any(
        re.fullmatch(r"(?:主要|总体|发展|工作|行动|预期|改革)?(?:工作)?目标(?:任务)?", h) for h in named
    ):
        return "goal"
    principles = r"指导思想|基本原则|工作原则|总体思路"
    # Phases (三、实施步骤（一）启动部署阶段) are when things happen, not key tasks.
    if (
        numbered
        and not re.search(principles + r"|实施步骤|工作步骤|进度安排|时间安排", joined)
        and not any(re.fullmatch(principles, h) for h in named)
    ):
        return "task"
    return "paragraph"


class _Body:
    """Heading machinery shared by the plan body and text annexes."""

    def __init__(self, prefix: str = "", levels: list[re.Pattern[str]] = LEVELS) -> None:
        self.prefix = prefix
        self.levels = levels
        self.decimal = levels is DECIMAL_LEVELS
        self.stack: list[tuple[str, str] | None] = [None, None, None, None]  # (number, heading text)
        self.blocks: list[Block] = []
        self.acc: _Acc | None = None
        self.saw_heading = False

    def flush(self) -> None:
        if self.acc is not None and self.acc.lines:
            self.blocks.append(self.acc.block())
        self.acc = None

    def _path(self) -> list[str]:
        return [h for (_, h) in (s for s in self.stack if s)]

    def _locator(self) -> str:
        parts: list[str] = []
        for level, s in enumerate(self.stack):
            if s is None:
                continue
            if self.decimal and level < 2 and self.stack[level + 1] is not None:
                continue  # 2.1.3 says 2.1 and 2 already
            parts.append(s[1] if level == 0 and not (self.decimal and parts) else s[0])
        loc = "".join(parts)
        if self.prefix:
            return f"{self.prefix} {loc}".strip() if loc else self.prefix
        return loc

    def _closes_list(self) -> bool:
        """Whether a units line now closes the list the current item belongs to: the item is numbered below
        the top level, items of the same list came before it, and none of them (nor it) has a units line."""
        acc = self.acc
        if acc is None or acc.number is None or len(acc.heading_path) < 2 or len(acc.lines) != 1:
            return False
        parent = acc.heading_path[:-1]
        sibs = [b for b in self.blocks if b.number is not None and b.heading_path[:-1] == parent]
        return len(sibs) >= 1 and not any(UNIT_LINE.search(b.text) or UNIT_LABEL.search(b.text) for b in sibs)

    def feed(self, line: Line) -> None:
        t = line.raw or line.text  # a Markdown row outside an annex stays as written (re-read later)
        if UNIT_LINE.match(t) and self.acc is not None:
            if self._closes_list():
                # the units line after the last item of a list none of whose items has its own (“(三)…。/
                # 牵头单位:市商务局,责任单位:…” closing 一、's three measures): the list's, under its heading
                self.flush()
                depth = max(i for i, x in enumerate(self.stack) if x is not None)
                keep, self.stack[depth] = self.stack[depth], None
                self.acc = _Acc(self._locator(), "paragraph", self._path(), None, "", [t], line.page)
                self.flush()
                self.stack[depth] = keep
                return
            self.acc.lines.append(t)
            return
        for level, pat in enumerate(self.levels):
            m = pat.match(t)
            if not m:
                continue
            self.saw_heading = True
            self.flush()
            number = m.group(1).replace(" ", "")
            body = t[m.end() :]
            own_text = "。" in body or (len(body) > 30 and any(p in body for p in CLAUSE_PUNCT))
            # an article (第十三条　区住房城乡建设委…) whose text follows its number is named by the number:
            # that text is its content, not a heading over it
            article = number.startswith("第") and (own_text or any(p in body for p in CLAUSE_PUNCT))
            own_text = own_text or article
            title = "" if article else _lead_phrase(body) if own_text else plain(body)
            # a heading closed by its units (“十、加快…配套建设(责任单位:县自然资源局、…)”) is named
            # without them
            title = _TITLE_LABEL.sub("", title)
            if level == 0:
                self.stack = [(number, number + title), None, None, None]
            else:
                self.stack[level] = (number, title)
                for deeper in range(level + 1, 4):
                    self.stack[deeper] = None
            path = self._path()
            kind = _kind_for(path, numbered=level > 0)
            self.acc = _Acc(self._locator(), kind, path, number, title, page=line.page)
            if own_text or level > 0:
                # A numbered heading line is part of its item's passage; a bare top-level heading is not.
                self.acc.lines.append(t)
            if level == 0 and not own_text:
                self.acc = None
            return
        # An unnumbered paragraph. A table row is never part of the numbered item above it: it stands
        # alone, and consecutive rows are read as a table (_body_tables).
        if (
            self.acc is not None
            and self.acc.number is not None
            and self.stack[0] is not None
            and "\t" not in t
        ):
            if (
                self.acc.lines
                and self.acc.lines[-1] == self.acc.lines[0]
                and not _has_body(self.acc.lines[0])
            ):
                self.acc.lines.append(t)  # heading-only item: its first paragraph belongs to it
                return
            if (
                self.acc.number
                and not self.levels[0].match(self.acc.lines[0])
                and not _closed(self.acc.lines[-1])
            ):
                self.acc.lines.append(t)
                return
        self.flush()
        path = self._path()
        self.acc = _Acc(
            self._locator() or self.prefix, _kind_for(path, False), path, None, "", [t], line.page
        )
        self.flush()


def _closed(line: str) -> bool:
    """A line that closes its task with who does it (“…。(责任单位:市商务局、市财政局)”, “…（X牵头）”):
    a paragraph after it is no longer that task's (a closing remark, “市发改局要加强…统筹跟踪协调”)."""
    end = line.rstrip(" \u3000。；;")
    if _TITLE_LABEL.search(end) or re.search(
        rf"[〔［][^〔〕［］]*(?:{LABEL_WORDS})\s*[:：][^〔〕［］]*[〕］]$", end
    ):
        return True
    found = markers(end)
    return bool(found) and found[-1].end >= len(end)


def _has_body(t: str) -> bool:
    return "。" in t


@dataclass
class _Table:
    label: str  # '附件', '附件1'
    title: str = ""
    header: list[str] | None = None
    rows: list[tuple[list[str], int | None]] = field(default_factory=list)
    first_header: list[str] | None = None  # the header's first row as written (repeated per page)
    sep: str = " "  # how a row's cells are joined in its quote: ' | ' for Markdown rows, as written


def _row_cells(line: Line) -> list[str]:
    return split_cells(line.text)


def _table_blocks(table: _Table) -> list[Block]:
    if table.header is None:
        return []
    header = table.header
    numcol = next((i for i, h in enumerate(header) if squash(h) in {"序号", "编号"}), None)
    if numcol is not None and not any(
        numcol < len(cells) and cells[numcol].strip() for cells, _ in table.rows
    ):
        numcol = None  # a 序号 column no row fills: rows are numbered by their order
    merged: list[tuple[list[str], int | None]] = []
    # the rows as written, per merged row: the quote keeps document order (sub-rows one after another)
    written: list[list[list[str]]] = []
    # which merged rows are sub-rows of the one above (their number: 第（二）项之二)
    sub_of: dict[int, tuple[int, int]] = {}
    for cells, page in table.rows:
        cells = (cells + [""] * len(header))[: max(len(header), len(cells))]
        unnumbered = numcol is not None and not cells[numcol].strip() and bool(merged)
        if unnumbered and _own_row(header, merged[-1][0], cells):
            # a row of its own under a merged number cell: its own measure and its own units
            parent = sub_of.get(len(merged) - 1, (len(merged) - 1, 1))
            sub_of[len(merged)] = (parent[0], parent[1] + 1)
        elif unnumbered:
            # A row split across a page, or a sub-row under merged cells: no number of its own, it
            # continues the row above.
            prev, ppage = merged[-1]
            merged[-1] = ([a + b for a, b in zip(prev, cells, strict=False)], ppage)
            written[-1].append(cells)
            continue
        merged.append((cells, page))
        written.append([cells])
    blocks: list[Block] = []
    previous: dict[str, str] = {}
    donor = 0  # the row whose unit cells the rows below it share
    for n, ((cells, page), rows) in enumerate(zip(merged, written, strict=True), 1):
        values: dict[str, str] = {}
        spanned = False  # the row sits under a merged group cell of the row above
        for i, name in enumerate(header):
            key = squash(name) or f"列{i + 1}"
            value = cells[i].strip() if i < len(cells) else ""
            if not value and column_kind(key) == "group" and previous.get(key):
                value = previous[key]  # merged cell: inherits the row above
                spanned = True
            values[key] = value
        roles = [k for k in values if column_kind(k) == "role"]
        units_quote = None
        if spanned and roles and not any(values[k] for k in roles) and any(previous.get(k) for k in roles):
            # No unit of its own under a merged group: the unit cells were merged down the group as well
            # (a copy gives a merged cell once, on its first row), so the row has the units above, quoted
            # from the row that names them.
            values.update({k: previous.get(k, "") for k in roles})
            units_quote = "\n".join(_row_text(r, table.sep) for rows_ in written[donor:n] for r in rows_)
        else:
            donor = n - 1
        previous = values
        number = squash(cells[numcol]) if numcol is not None and cells[numcol].strip() else str(n)
        locator = f"{table.label} 第{number}项"
        if n - 1 in sub_of:
            head, k = sub_of[n - 1]
            number = blocks[head].number or str(head + 1)
            locator = part_locator(blocks[head].locator, k)
        title = cell_of(values, "title") or cell_of(values, "group") or ""
        blocks.append(
            Block(
                locator=locator,
                kind="annex_row",
                heading_path=[table.label, table.title] if table.title else [table.label],
                number=number,
                title=title,
                text="\n".join(_row_text(r, table.sep) for r in rows),
                cells=values,
                page=page,
                units_quote=units_quote,
            )
        )
    return blocks


def _colophon(lines: list[Line]) -> tuple[Block | None, str | None, Block | None, tuple[int, int]]:
    """The 抄送 and 印发 lines (with the issuing office's line just above 印发): their blocks, the 抄送
    value, and the span [first, after) of lines they take. They close the document, except where a plan
    follows them (a notice printed with its colophon above the plan it issues)."""
    issued_idx = next((i for i in range(len(lines) - 1, -1, -1) if ISSUED.search(lines[i].text)), None)
    after = len(lines)
    if issued_idx is not None and _plan_follows(lines[issued_idx + 1 :]):
        after = issued_idx + 1
    end = after
    issued_block: Block | None = None
    if issued_idx is not None:
        start = issued_idx
        prev = lines[issued_idx - 1].text if issued_idx > 0 else ""
        if (
            prev
            and not CC.match(prev)
            and not is_table_row(prev)
            and len(prev) <= 30
            and not any(p in prev for p in CLAUSE_PUNCT)
        ):
            start -= 1
        issued_block = Block(
            locator="印发",
            kind="issued",
            text="\n".join(ln.text for ln in lines[start : issued_idx + 1]),
            page=lines[start].page,
        )
        end = start
    cc_idx = next((i for i in range(end) if CC.match(lines[i].text)), None)
    if cc_idx is None:
        return None, None, issued_block, (end, after)
    cc_lines = [lines[cc_idx].text]
    # 抄送 may wrap onto a second line until the full stop.
    j = cc_idx + 1
    while not cc_lines[-1].rstrip().endswith(("。", ".")) and j < end and len(lines[j].text) < 80:
        cc_lines.append(lines[j].text)
        j += 1
    cc_block = Block(locator="抄送", kind="cc", text="\n".join(cc_lines), page=lines[cc_idx].page)
    cc_value = re.sub(r"^抄\s*送\s*[:：]\s*", "", "".join(cc_lines)).rstrip("。.")
    return cc_block, cc_value, issued_block, (cc_idx, after)


def _plan_follows(lines: list[Line]) -> bool:
    """Lines after a 印发 line that are a plan of their own: top-level headings and some length."""
    return sum(len(ln.text) for ln in lines) >= 300 and any(LEVELS[0].match(ln.text) for ln in lines)


def _own_row(header: list[str], above: list[str], cells: list[str]) -> bool:
    """A row without a number is a row of its own (a sub-row under merged cells), not the rest of the row
    above split by a page: it states its own measure and names complete units where the row above did."""
    kinds = [column_kind(squash(h)) for h in header[: len(cells)]]
    said = [
        i
        for i, k in enumerate(kinds)
        if k in ("title", "other") and squash(header[i]) not in ("序号", "编号")
    ]
    units = [i for i, k in enumerate(kinds) if k == "role"]
    if not any(cells[i].strip() for i in said):
        return False
    return any(
        cells[i].strip() and above[i].strip() and not re.search(r"[、，,；;和及]$", above[i].strip())
        for i in units
    )


def _row_text(cells: list[str], sep: str) -> str:
    """A row's cells as they stand: a Markdown row keeps its empty cells ('2 |  | 企业开办…'), so the
    quote is still the line as written; other rows are joined by whitespace, where empties vanish."""
    if sep.strip():
        kept = [c.strip() for c in cells]
        while kept and not kept[-1]:
            kept.pop()
        return sep.join(kept)
    return sep.join(c.strip() for c in cells if c.strip())


def _annex_starts(lines: list[Line]) -> list[int]:
    """Indexes of lines that open an annex ('附件', '附件2', '附件1：名称' not merely listed in the body)."""
    starts: list[int] = []
    candidates = [i for i, ln in enumerate(lines) if ANNEX_START.match(ln.text) and len(ln.text) <= 60]
    for i in candidates:
        m = ANNEX_START.match(lines[i].text)
        assert m
        if not m.group(2):
            starts.append(i)
            continue
        # '附件：X' is only a list entry when a bare '附件' line or X itself appears again further down.
        later = [lines[j].text for j in range(i + 1, len(lines))]
        name = squash(m.group(2))
        if any(ANNEX_START.match(t) and not ANNEX_START.match(t).group(2) for t in later):  # type: ignore[union-attr]
            continue
        if any(squash(t) == name for t in later):
            continue
        starts.append(i)
    return starts


def parse(
    text: str,
    *,
    doc_id: str,
    path: str,
    sha256: str,
    encoding: str = "utf-8",
    pages: list[int] | None = None,
) -> Plan:
    """Parse a plan's text (tables as tab-separated rows) into a Plan with addressable blocks."""
    lines = repair_lines(unflatten(text), pages)
    plan_text = "\n".join(ln.raw or ln.text for ln in lines)
    warnings: list[str] = []

    cc_block, cc_value, issued_block, (first, after) = _colophon(lines)
    # the colophon ends the document, or (a ministry's web page) stands between the notice and the plan
    # it issues: then the plan after it is the body
    if after < len(lines):
        lines = lines[:first] + lines[after:]
        end = len(lines)
    else:
        end = first

    annex_starts = [i for i in _annex_starts(lines[:end])]
    body_end = annex_starts[0] if annex_starts else end

    # Front matter: everything before the first top-level heading of the body.
    levels = DECIMAL_LEVELS if decimal_numbered([ln.text for ln in lines[:end]]) else LEVELS
    first_heading = next((i for i in range(body_end) if levels[0].match(lines[i].text)), None)
    if first_heading is None:
        first_heading = next(
            (i for i in range(body_end) if any(p.match(lines[i].text) for p in levels[1:])), body_end
        )
    front = lines[:first_heading]
    blocks: list[Block] = []
    meta = _front_matter(front, blocks)

    body = _Body(levels=levels)
    for ln in lines[first_heading:body_end]:
        m = ANNEX_START.match(ln.text)
        if m and m.group(2) and len(ln.text) <= 60:
            body.flush()  # the lines after it (signature, date) are no part of the last task's quote
            continue  # '附件：名称' list at the end of the body: the annex itself follows
        body.feed(ln)
    body.flush()
    blocks.extend(_without_contents(body.blocks))

    # Annexes: tables (and any text around them).
    several = len(annex_starts) > 1
    bounds = [*annex_starts, end]
    for k, start in enumerate(annex_starts):
        m = ANNEX_START.match(lines[start].text)
        assert m
        label = f"附件{m.group(1) or (k + 1)}" if several else "附件"
        blocks.extend(_parse_annex(lines[start + 1 : bounds[k + 1]], label))
    # Tables inside the body (no 附件 heading): rows were fed as paragraphs; re-read them as a table.
    blocks = _body_tables(blocks)

    blocks = split_marked(blocks, states_first_is_lead(plan_text))
    if cc_block:
        blocks.append(cc_block)
    if issued_block:
        blocks.append(issued_block)
    # (a notice whose plan stands in its 附件 has its headings there: “附件1 三、整治计划安排（三）”)
    if not body.saw_heading and not any(b.kind == "annex_row" or b.heading_path for b in blocks):
        warnings.append("未识别到标题层级或表格，已按普通段落处理；责任单位和目标可能不完整。")
    return Plan(
        doc_id=doc_id,
        path=path,
        sha256=sha256,
        encoding=encoding,
        title=meta.get("title", ""),
        doc_number=meta.get("doc_number"),
        issuer=meta.get("issuer"),
        date=meta.get("date"),
        recipients=meta.get("recipients"),
        cc=cc_value,
        text=plan_text,
        blocks=blocks,
        warnings=warnings,
    )


# the notice's note on publication, after its date: “（此件公开发布）”, “（此件主动公开）”
_PUBLICATION = re.compile(r"^[（(]\s*此件[^（）()]{2,8}[）)]$")


def _front_matter(front: list[Line], blocks: list[Block]) -> dict[str, str]:
    """Notice (文号, 印发对象, date, issuer), plan title and preamble from the lines before the body."""
    meta: dict[str, str] = {}
    texts = [ln.text for ln in front]
    # A 文号 standing on its own line near the top: the plan was issued by a notice even when the notice's
    # own title line is missing (a Markdown copy that starts with the plan's title).
    number_line = next((k for k, t in enumerate(texts[:12]) if DOC_NUMBER.fullmatch(squash(t))), None)
    is_notice = any(DOC_NUMBER.search(t) or NOTICE_HINT.search(t) for t in texts[:12]) and (
        any(t.endswith("通知") for t in texts[:8])
        or (number_line is not None and any(NOTICE_HINT.search(t) for t in texts[:12]))
    )
    i = 0
    if is_notice:
        date_idx = next((k for k, t in enumerate(texts) if DATE_LINE.match(t)), None)
        notice_end = date_idx + 1 if date_idx is not None else 0
        if date_idx is None:
            sentence = next((k for k, t in enumerate(texts) if NOTICE_HINT.search(t)), None)
            notice_end = (sentence + 1) if sentence is not None else 0
        notice = texts[:notice_end]
        for t in notice:
            if "doc_number" not in meta and (m := DOC_NUMBER.search(t)):
                meta["doc_number"] = m.group(0).replace(" ", "")
            if "recipients" not in meta and t.endswith(("：", ":")) and "。" not in t:
                meta["recipients"] = t.rstrip("：:")
        if date_idx is not None:
            meta["date"] = texts[date_idx]
            sig = texts[date_idx - 1] if date_idx > 0 else ""
            if sig and not any(p in sig for p in CLAUSE_PUNCT) and len(sig) <= 30:
                meta["issuer"] = cjk_title(sig)
        if "issuer" not in meta and notice and notice[0].endswith("文件"):
            meta["issuer"] = notice[0][: -len("文件")]
        title = next((t for t in notice if t.endswith("通知")), "")
        if notice:
            blocks.append(
                Block(
                    locator="通知",
                    kind="notice",
                    title=cjk_title(title),
                    text="\n".join(notice),
                    page=front[0].page,
                )
            )
        i = notice_end
    # Plan title: the first punctuation-free line(s) after the notice, joined when wrapped.
    title_parts: list[str] = []
    while i < len(texts) and not any(p in texts[i] for p in "。；，") and len(texts[i]) <= 60:
        if DATE_LINE.match(texts[i]) or DOC_NUMBER.search(texts[i]) or _PUBLICATION.match(texts[i]):
            i += 1
            continue
        title_parts.append(texts[i])
        i += 1
        if TITLE_END.search(texts[i - 1]):
            break
    if title_parts:
        meta["title"] = cjk_title("".join(title_parts))
    elif is_notice:
        # No title after the notice: the plan's title heads the notice itself.
        own = [
            t
            for t in texts[: max(i, 1)]
            if TITLE_END.search(t)
            and not t.endswith("通知")
            and not DOC_NUMBER.search(t)
            and not any(p in t for p in "。；，")
            and len(t) <= 60
        ]
        if own:
            meta["title"] = cjk_title(own[0])
    if "doc_number" not in meta and number_line is not None:
        meta["doc_number"] = squash(texts[number_line])
    for t, ln in zip(texts[i:], front[i:], strict=False):
        if "recipients" not in meta and t.endswith(("：", ":")) and "。" not in t and len(t) <= 60:
            meta["recipients"] = t.rstrip("：:")  # 主送 of a plan issued without a covering notice
        blocks.append(
            Block(
                locator="前言",
                kind="preamble",
                heading_path=[],
                text=t,
                page=ln.page,
            )
        )
    return meta


def _parse_annex(lines: list[Line], label: str) -> list[Block]:
    table = _Table(label)
    tables: list[_Table] = []
    text_lines: list[Line] = []
    title_seen = False
    annex_title = ""
    last_was_header = False
    for ln in lines:
        if is_table_row(ln.text):
            cells = _row_cells(ln)
            if ln.raw is not None:
                table.sep = " | "
            if last_was_header and table.header is not None and is_sub_header(table.header, cells):
                last_was_header = False
                if not table.rows:
                    table.header = merge_header(table.header, cells)
                continue  # after rows: the two-row header repeated on a new page
            last_was_header = is_header_row(cells)
            if last_was_header:
                if table.header is not None and table.first_header == [squash(c) for c in cells]:
                    continue  # the header repeated on each page is not content
                if table.header is not None:
                    tables.append(table)
                    table = _Table(label, annex_title, sep=table.sep)
                table.header = cells
                table.first_header = [squash(c) for c in cells]
                continue
            if table.header is None:
                table.header = [f"列{i + 1}" for i in range(len(cells))]
            table.rows.append((cells, ln.page))
        elif not title_seen and table.header is None:
            title_seen = True  # the annex's own title
            annex_title = table.title = cjk_title(ln.text)
        else:
            text_lines.append(ln)
    tables.append(table)
    blocks: list[Block] = []
    # several tables under one annex (基础任务清单, then 品牌创建清单) each number their rows from 1: the
    # second and later are told apart by their place (附件 表2 第2项)
    filled = [t for t in tables if t.rows]
    for n, t in enumerate(filled, 1):
        if n > 1:
            t.label = f"{t.label} 表{n}"
        blocks.extend(_table_blocks(t))
    if text_lines:
        body = _Body(prefix=label)
        for ln in text_lines:
            body.feed(ln)
        body.flush()
        blocks.extend(body.blocks)
    return blocks


def _row_like(text: str) -> bool:
    return "\t" in text or bool(MD_ROW.match(text) and text.count("|") >= 3)


def _body_tables(blocks: list[Block]) -> list[Block]:
    """Tab-separated rows that ended up as body paragraphs (a table inside the body) become table rows."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        b = blocks[i]
        if b.kind != "annex_row" and _row_like(b.text) and "\n" not in b.text:
            j = i
            rows: list[Line] = []
            while j < len(blocks) and blocks[j].kind != "annex_row" and _row_like(blocks[j].text):
                text, raw, _ = markdown_line(blocks[j].text)
                rows.append(Line(text, blocks[j].page, raw))
                j += 1
            label = b.locator or "表格"
            table_blocks = _parse_annex([Line("", None), *rows], label) if rows else []
            out.extend(table_blocks or blocks[i:j])
            i = j
            continue
        out.append(b)
        i += 1
    return out


_ACTOR_KINDS = ("task", "paragraph", "safeguard")
UNIT_LABEL = re.compile(rf"(?:{LABEL_WORDS}|{TIME_WORDS})\s*[:：]")


def split_marked(blocks: list[Block], first_is_lead: bool) -> list[Block]:
    """A paragraph holding several tasks, each closed by its own responsibility marker (index/roles.py),
    becomes one block per task: 三、（十）, 三、（十）之二, … each quoting its own sentences verbatim."""
    out: list[Block] = []
    for b in blocks:
        parts = segments(b.text, first_is_lead) if b.kind != "annex_row" else [(b.text, None)]
        plain = parts[0][1] is None and not UNIT_LABEL.search(b.text)
        if len(parts) == 1 and plain and b.kind in _ACTOR_KINDS:
            # no marker and no label: each sentence that names its own actors is a task of its own
            parts = [(text, None) for text in actor_segments(b.text)]
        elif len(parts) == 1 and b.kind in _ACTOR_KINDS:
            parts = [(text, None) for text in _labelled_paragraphs(b.text)]
        if len(parts) < 2:
            out.append(b)
            continue
        for k, (text, _) in enumerate(parts, 1):
            title = b.title if k == 1 else lead_sentence(text)
            locator = part_locator(b.locator, k)
            out.append(b.model_copy(update={"locator": locator, "text": text.strip(), "title": title}))
    return out


_LABEL_GROUP = re.compile(rf"[（(]\s*(?:{LABEL_WORDS})\s*[:：][^（）()]*[）)]\s*[。；;]?")


def _labelled_paragraphs(text: str) -> list[str]:
    """A measure whose paragraphs or sentences each close with their own label holds one task per label, as
    a paragraph closed by several （X牵头） markers does: “…人才住房。（牵头单位：区住房城乡建设局）” /
    “为…提供一次免费体检服务。（牵头单位：区卫生健康局）”, or in one line “…等工作。(牵头单位:省自然资源厅,
    责任单位:省住房城乡建设厅)规范相关费用的核算…。(牵头单位:省税务局…)”. Text after the last label stays
    with the last task; a label right after another (“（牵头单位：X）/（配合单位：Y）”) closes the same
    task."""
    found = list(_LABEL_GROUP.finditer(text))
    ends = [
        m.end()
        for m, nxt in itertools.pairwise(found)
        if len(re.sub(r"\s", "", text[m.end() : nxt.start()])) >= 4
    ]
    if not ends:
        return [text]
    cuts = [0, *ends, len(text)]
    return [text[a:b] for a, b in itertools.pairwise(cuts)]


def _without_contents(blocks: list[Block]) -> list[Block]:
    """The body less its table of contents (目录: “1.1编制目的 / 1.2编制依据 / …” before the sections
    themselves): a heading alone whose locator a later block has again."""
    later: set[str] = set()
    keep: list[Block] = []
    for b in reversed(blocks):
        alone = b.number is not None and "\n" not in b.text.strip()
        if not (alone and b.locator in later and len(b.text) <= 40):
            keep.append(b)
        if b.number is not None:  # (the signature after a closing 附件 line keeps the last item's locator)
            later.add(b.locator)
    return keep[::-1]
