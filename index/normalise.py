"""Page-break repair (the only change made to quoted text) and keys for matching.

A line that does not end a sentence continues on the next non-empty line ("科研\\n\\n院所研发投入..." is one
sentence). Headings, table rows, dates, titles and signature lines are never joined.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.roles import parse_marker
from index.vocab import LABEL_WORDS, POST, TIME_WORDS, UNIT_END

SENTENCE_END = "。！？；：!?;:…"
CLAUSE_PUNCT = "，。、；：！？,;:!?"
TITLE_END = re.compile(
    r"(通知|方案|意见|办法|规划|计划|清单|纲要|细则|决定|报告|批复|要点|措施|文件|目录|名单|规定)$"
)
CN_NUM = "一二三四五六七八九十"
# Heading numbers, outermost first: 一、 / （一） / 1. / （1）. The parser takes the level from the index.
# (1﹒ with the small full stop U+FE52, as some PDF-to-text copies print it, is 1.)
# Articles (第一条 适用范围) number a plan written as rules as 一、 numbers any other: the outermost level.
LEVELS: list[re.Pattern[str]] = [
    re.compile(rf"^([{CN_NUM}]+、|第[{CN_NUM}百零〇]{{1,4}}条(?=[\s\u3000]|[\u4e00-\u9fff]))\s*"),
    re.compile(rf"^([（(][{CN_NUM}]+[）)])\s*"),
    # “1.9月30日前，…”: an item whose text opens with a date, not the decimal 1.9
    re.compile(
        r"^(\d{1,2}\s*[\.．﹒、])(?:(?!\d)|(?=\d{1,2}\s*月\s*(?:\d{1,2}\s*日|底|份|前|中旬|上旬|下旬)))\s*"
    ),
    re.compile(r"^([（(]\d{1,2}[）)])\s*"),
]
# Decimal numbering (1 总则 / 1.1 编制目的 / 2.1.3 成员单位职责 / （1）…), as emergency plans (预案) and
# some 办法 number their parts. A 1.9 that opens a date (“1.9月30日前”) is an item and a date, not a section.
DECIMAL_LEVELS: list[re.Pattern[str]] = [
    re.compile(r"^(\d{1,2})(?![\d.．、,，%])[\s\u3000]*(?=[\u4e00-\u9fff][^，。；：,;:]{0,20}$)"),
    re.compile(
        r"^(\d{1,2}[.．]\d{1,2})(?![\d.．])(?![\s\u3000]*[月日号时])[\s\u3000]*(?=[\u4e00-\u9fff（(])"
    ),
    re.compile(r"^(\d{1,2}[.．]\d{1,2}[.．]\d{1,2})(?![\d.．])[\s\u3000]*(?=[\u4e00-\u9fff（(])"),
    re.compile(r"^([（(]\d{1,2}[）)])\s*"),
]
HEADING = re.compile("|".join(p.pattern for p in [*LEVELS, *DECIMAL_LEVELS[1:3]]))


def decimal_numbered(texts: list[str]) -> bool:
    """A plan numbered 1 / 1.1 / 1.1.1: several sections of each of the first two depths."""
    return (
        sum(1 for t in texts if DECIMAL_LEVELS[1].match(t)) >= 3
        and sum(1 for t in texts if DECIMAL_LEVELS[0].match(t)) >= 2
    )


DATE_LINE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
PAGE_NUMBER = re.compile(r"^[-—－–\s]*(?:第\s*)?\d{1,4}\s*(?:页)?[-—－–\s]*(?:(?:/|共)\s*\d+\s*(?:页)?\s*)?$")
LEAD_MARKS = re.compile(rf"^(?:抄送|印发|附件|主送|{LABEL_WORDS}|{TIME_WORDS}\s*[:：])")
# a post's line in a list of members (组长：张某某  市长 / 副组长：… / 成员：…) starts anew
POST_LINE = re.compile(rf"^(?:{POST}|成员(?:单位)?)\s*[:：]")
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’]")


# Markdown: '## 一、总体目标' headings, '| a | b |' table rows and their '|---|:--:|' alignment rows.
MD_HEADING = re.compile(r"^#{1,6}\s+")
MD_ROW = re.compile(r"^\|(.*)\|$")
MD_RULE = re.compile(r"^\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?$")
# A thematic break ('---', '***') separates a Markdown notice from its plan; it is not content.
MD_BREAK = re.compile(r"^(?:-\s*){3,}$|^(?:\*\s*){3,}$|^(?:_\s*){3,}$")
# Emphasis marks ('**深化改革。**'): dropped from titles and fact labels, kept in quotes.
MD_EMPHASIS = re.compile(r"\*\*|__")


@dataclass(frozen=True)
class Line:
    text: str
    page: int | None = None
    # The line as written when `text` was rewritten for parsing (a Markdown table row); quotes use it.
    raw: str | None = None


def markdown_line(t: str) -> tuple[str, str | None, bool]:
    """(text for parsing, raw line if rewritten, is a heading). Pipe rows become tab-separated cells.

    NOTE: applied to every text source, not only .md: plans pasted from Markdown editors arrive as .txt.
    The '#' marks are dropped from headings; the heading text itself is kept verbatim, so a quote stays
    a substring of the file (whitespace and markup aside).
    """
    m = MD_ROW.match(t)
    if m and t.count("|") >= 3:
        cells = [c.strip(" \u3000") for c in m.group(1).split("|")]
        return "\t".join(cells), t, False
    if MD_HEADING.match(t):
        return MD_HEADING.sub("", t).strip(), None, True
    return t, None, False


def clean_line(raw: str) -> str:
    # NOTE: strip spaces only; tabs separate table cells and an empty first cell must survive.
    return raw.replace("\ufeff", "").strip(" \u3000\u00a0\r\f\v")


def is_table_row(text: str) -> bool:
    return "\t" in text


def is_standalone(text: str) -> bool:
    """A line that never continues onto the next: heading, title, date, signature, table row, page number."""
    if is_table_row(text) or DATE_LINE.match(text) or PAGE_NUMBER.match(text):
        return True
    if HEADING.match(text) and not any(p in text for p in "。；"):
        return True
    if TITLE_END.search(text) and "。" not in text:
        return True
    if LEAD_MARKS.match(text) and "。" not in text and UNIT_END.search(text.rstrip(" ；;")):
        # a label line closed by a whole name (“责任单位：市住房城乡建设局”): the line after it is not
        # more of its units, a label line cut inside a name (“…市经济和信息” / “化局”) still continues
        return True
    # A short line without clause punctuation: signature, heading, label.
    return len(text) <= 30 and not any(p in text for p in CLAUSE_PUNCT)


def ends_sentence(text: str) -> bool:
    t = text.rstrip()
    if not t:
        return True
    if t[-1] in SENTENCE_END:
        return True
    if t[-1] in "）)" and (len(t) < 2 or t[-2] in SENTENCE_END or _last_group_is_units(t)):
        return True
    return t[-1] in '”’"' and len(t) >= 2 and t[-2] in SENTENCE_END


def _last_group_is_units(t: str) -> bool:
    depth = 0
    for i in range(len(t) - 1, -1, -1):
        c = t[i]
        if c in "）)〉>】]":
            depth += 1
        elif c in "（(〈<【[":
            depth -= 1
            if depth == 0:
                # “（责任单位：…）” or a marker, “（X、Y按职责分工负责）”: who does it closes the task
                return "单位" in t[i : i + 8] or bool(parse_marker(t[i + 1 : -1]))
    return False


def starts_new(text: str) -> bool:
    """A line that always starts something new, whatever came before."""
    if is_table_row(text) or DATE_LINE.match(text) or HEADING.match(text) or LEAD_MARKS.match(text):
        return True
    if POST_LINE.match(text):
        return True
    return bool(text.endswith(("：", ":")) and len(text) <= 40 and "。" not in text)


def _glue(a: str, b: str) -> str:
    if CJK.search(a[-1:]) or CJK.search(b[:1]):
        return a + b
    return a + " " + b


def repair_lines(text: str, line_pages: list[int] | None = None) -> list[Line]:
    """Non-empty lines of `text`, page breaks repaired. Page numbers follow the line a passage starts on."""
    raw = text.split("\n")
    out: list[Line] = []
    pending: Line | None = None
    pending_heading = False
    for i, r in enumerate(raw):
        t = clean_line(r)
        page = line_pages[i] if line_pages and i < len(line_pages) else None
        if not t.strip():
            continue
        if PAGE_NUMBER.match(t) and line_pages is not None:
            continue  # PDF page numbers are furniture
        if MD_RULE.match(t) and "-" in t and "|" in t:
            continue  # Markdown table alignment row
        if MD_BREAK.match(t):
            continue  # Markdown thematic break
        t, source, heading = markdown_line(t)
        if not t:
            continue
        if (
            pending is not None
            and not heading
            and not pending_heading
            and source is None
            and not ends_sentence(pending.text)
            and not is_standalone(pending.text)
            and not starts_new(t)
        ):
            pending = Line(_glue(pending.text, t), pending.page)
            continue
        if pending is not None:
            out.append(pending)
        pending = Line(t, page, source)
        pending_heading = heading
    if pending is not None:
        out.append(pending)
    return out


def normalise(text: str) -> str:
    """The whole text with page breaks repaired, one passage a line."""
    return "\n".join(line.raw or line.text for line in repair_lines(text))


_BRACKETS = str.maketrans(
    {"（": "(", "）": ")", "〈": "(", "〉": ")", "，": ",", "：": ":", "；": ";", "％": "%"}
)


def match_key(s: str) -> str:
    """For matching only: unify （）〈〉() and full-width ，：；％, drop whitespace. Never shown."""
    return re.sub(r"\s+", "", s).translate(_BRACKETS)


def plain(s: str) -> str:
    """A label for display (title, metric): Markdown emphasis marks removed. Never used for quotes."""
    return MD_EMPHASIS.sub("", s).strip(" \u3000")


def squash(s: str) -> str:
    """Whitespace removed: how quotes are compared with the document."""
    return re.sub(r"\s+", "", s)
