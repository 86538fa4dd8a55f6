"""Which task group an annex row is filed under: its 任务名称 / 重点任务 cell, as the table writes it."""

from __future__ import annotations

from bot.answer import Answer
from bot.answerers.base import Context, _cites, _name
from bot.retrieve import Hit
from bot.spec import QuerySpec
from bot.text import norm


def applies(spec: QuerySpec, ctx: Context) -> bool:
    return spec.asks_group


def answer(spec: QuerySpec, ctx: Context, hits: list[Hit]) -> Answer | None:
    sure = [lk for lk in spec.links if lk.score >= ctx.cat.th.link_min and lk.item.kind == "pilot"]
    if not sure or not sure[0].item.group:
        return None
    row = sure[0].item
    rows = [r for r in ctx.cat.rows if r.doc_id == row.doc_id and r.locator == row.locator]
    # the group cell is written once for merged rows: cite the row where it stands, and this row
    written = next(
        (
            r
            for r in ctx.cat.rows
            if r.doc_id == row.doc_id
            and r.chunk_id in ctx.chunks
            and norm(row.group) in norm(ctx.chunks[r.chunk_id].quote)
        ),
        None,
    )
    name = _name(rows[0]) if rows else row.name
    if spec.english:
        text = f"{row.locator} “{name}” is filed under “{row.group}”."
    else:
        text = f"{row.locator}“{name}”属于任务“{row.group}”。"
    ids = [r.chunk_id for r in rows] + ([written.chunk_id] if written else [])
    return Answer(answer=text, intent=spec.intent, citations=_cites(ctx, ids))
