"""Plain typed records that flow through ingestion: Plan -> facts + chunks.

These are the contract between parsing, the stores and the bot. Pure data, no I/O.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from index import vocab

BlockKind = Literal[
    "notice",  # 文号, title of the notice, 印发对象, the notice sentence, issuer/date
    "preamble",  # paragraph(s) before the first heading of the plan body
    "goal",  # paragraph under a goals heading (一、主要目标)
    "task",  # a key-task paragraph （一）... or 1. ... under 重点任务 / any task heading
    "safeguard",  # paragraph under 保障措施
    "paragraph",  # any other paragraph
    "annex_row",  # one row of an annex table
    "cc",  # 抄送 line
    "issued",  # 印发 line at the end
]


class Block(BaseModel):
    """One addressable passage of a plan."""

    locator: str = Field(
        description="Reads like the document: '二、重点任务（四）', '附件 第8项', '通知', '抄送'"
    )
    kind: BlockKind
    heading_path: list[str] = Field(default_factory=list, description="Enclosing headings, outermost first")
    number: str | None = Field(None, description="Own number as written: '（四）', '1.', '8' for annex rows")
    title: str = Field("", description="Lead phrase: task title '构建科教产联动的技术攻关机制', row 试点任务")
    text: str = Field(
        description="Verbatim passage (page breaks repaired); for annex rows the cells as they stand"
    )
    cells: dict[str, str] | None = Field(
        None, description="Annex rows: header -> cell value, merged cells inherited from the row above"
    )
    page: int | None = Field(None, description="1-based page for PDF sources")
    units_quote: str | None = Field(
        None,
        description="Annex rows whose unit cells were merged down from a row above: the verbatim rows from "
        "that one through this one, the quote that names the units",
    )


class Lexicon(BaseModel):
    """A plan's own wording that no grammar derives: synonyms users type and English renderings. Read at
    index time from `<plan file stem>.lexicon.toml` beside the plan, when there is one."""

    synonyms: list[list[str]] = Field(default_factory=list, description="Groups of words meaning the same")
    english: dict[str, str] = Field(default_factory=dict, description="English phrase -> the plan's Chinese")


class Plan(BaseModel):
    doc_id: str = Field(description="Stable short id (slug of the file name)")
    path: str = Field(description="Source file path as indexed")
    sha256: str = Field(description="Hash of the source bytes")
    encoding: str = Field("utf-8", description="Detected encoding of text sources")
    title: str = Field("", description="Plan title, e.g. 某市推进某某工作实施方案")
    doc_number: str | None = Field(None, description="文号, e.g. 某政办〔2023〕1号")
    issuer: str | None = Field(None, description="发文机关")
    date: str | None = Field(None, description="发文日期 as written")
    recipients: str | None = Field(None, description="印发对象 / 主送")
    cc: str | None = Field(None, description="抄送 units as written")
    text: str = Field(description="Whole normalised text (page breaks repaired); quotes are substrings of it")
    blocks: list[Block] = Field(default_factory=list)
    lexicon: Lexicon = Field(default_factory=Lexicon)
    warnings: list[str] = Field(default_factory=list, description="Things a user should know, in Chinese")


Role = vocab.Role


class Responsibility(BaseModel):
    doc_id: str
    task: str = Field(description="Key task or 任务名称 (inherited for merged annex cells)")
    pilot_task: str | None = Field(None, description="Annex 试点任务 / 具体措施 when the row has one")
    units: list[str] = Field(
        description="Units exactly as written, split on 、，；, bracket groups kept whole"
    )
    role: Role = "责任"
    label: str | None = Field(
        None, description="The document's own label for the role (支撑单位, 主责单位, 协办单位), if any"
    )
    deadline: str | None = Field(
        None, description="完成时间 / 时间节点 as written, when the row or clause says"
    )
    locator: str
    quote: str = Field(description="Verbatim passage that names these units")
    chunk_id: str


class Target(BaseModel):
    doc_id: str
    metric: str = Field(description="What is measured, e.g. 高校毕业生本地就业率")
    value: str = Field(description="Number as written, e.g. '42', '3.1', '30000', '60万'")
    unit: str = Field("", description="'%', '件', '人', '个', '项', '单', '万人'")
    comparator: str = Field("", description="达到 / 超过 / 以上 / 左右 / 至少 ... as written")
    deadline: str | None = Field(None, description="e.g. '2025年' when the sentence or its paragraph says so")
    scope: str | None = Field(None, description="Who or where, e.g. 全社会, 职业院校, 高校")
    locator: str
    sentence: str = Field(description="Verbatim sentence (clause) holding the target")
    chunk_id: str


class Facts(BaseModel):
    responsibilities: list[Responsibility] = Field(default_factory=list)
    targets: list[Target] = Field(default_factory=list)


ChunkKind = Literal[
    "notice", "preamble", "goal", "task", "safeguard", "paragraph", "annex_row", "cc", "issued"
]


class Chunk(BaseModel):
    id: str = Field(description="Stable: hash of doc_id + locator")
    doc_id: str
    doc_title: str = ""
    locator: str
    kind: str
    title: str = ""
    quote: str = Field(
        description="Verbatim text shown to users; a substring of Plan.text (whitespace aside)"
    )
    text: str = Field(description="Text for retrieval: heading path + header key-values + quote")
    units: list[str] = Field(default_factory=list)
    tokens: int = 0
    page: int | None = None
