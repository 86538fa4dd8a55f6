"""The answer contract shared by the CLI, the UI, the evals and tests (see DESIGN.md)."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Citation(BaseModel):
    locator: str = Field(description="'附件 第8项', '二、重点任务（四）', ...")
    quote: str = Field(description="Verbatim passage of the document")
    chunk_id: str
    doc: str = Field(description="doc_id of the plan")
    doc_title: str = ""


class Answer(BaseModel):
    answer: str
    abstained: bool = False
    intent: str = "other"
    mode: str = Field("grounded", description="grounded | llm | fallback:<reason>")
    citations: list[Citation] = Field(default_factory=list)
    timings: dict[str, float] = Field(default_factory=dict, description="Milliseconds per stage")
    notes: list[str] = Field(
        default_factory=list, description="Messages for the user (clipped input, fallback)"
    )
    tentative: bool = Field(
        False,
        exclude=True,
        description="A last-resort answer (the plan sets no date for work that goes on): a wider retrieval "
        "may still find the fact itself",
    )
