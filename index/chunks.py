"""Plan + Facts -> retrieval chunks: one per passage, quote verbatim, text enriched for search."""

from __future__ import annotations

from index.facts import block_ids
from index.models import Block, Chunk, Facts, Plan
from index.tokens import count_tokens


def retrieval_text(plan: Plan, block: Block) -> str:
    """Heading path + locator + the passage; annex rows as header key-value text instead of the raw row.

    NOTE: the plan title is left out on purpose: it is the same for every chunk, so it adds nothing to
    ranking inside a plan, and embedding cost grows with length (cold indexing is dominated by it).
    Plans are told apart by the `doc` metadata filter instead.
    """
    parts = [h for h in block.heading_path if h]
    if block.kind == "annex_row" and block.cells:
        # NOTE: the inherited 任务名称 appears here (for retrieval) and never in the quote; the key-value
        # text carries every cell, so the raw row would only repeat them.
        parts.append(block.locator)
        parts.append(
            "；".join(f"{k}：{v}" for k, v in block.cells.items() if v and k not in ("序号", "编号"))
        )
        return "\n".join(parts)
    locator = block.locator
    for h in parts:
        # NOTE: a locator often starts with its heading's text (“五、综合施策…（六）43.”), already the line
        # above; said twice it was 10% of the tokens embedded, the floor of cold indexing.
        locator = locator.removeprefix(h)
    if locator and block.locator not in block.heading_path:
        parts.append(locator)
    parts.append(block.text)
    return "\n".join(parts)


def chunk(plan: Plan, facts: Facts) -> list[Chunk]:
    """One chunk per block (task paragraph, annex row, notice, goal, safeguard, preamble, 抄送, 印发)."""
    units_by_id: dict[str, list[str]] = {}
    for r in facts.responsibilities:
        bucket = units_by_id.setdefault(r.chunk_id, [])
        bucket.extend(u for u in r.units if u not in bucket)
    out: list[Chunk] = []
    for block, cid in zip(plan.blocks, block_ids(plan), strict=True):
        text = retrieval_text(plan, block)
        out.append(
            Chunk(
                id=cid,
                doc_id=plan.doc_id,
                doc_title=plan.title,
                locator=block.locator,
                kind=block.kind,
                title=block.title,
                quote=block.units_quote
                or block.text,  # a row under merged unit cells: from the row naming them
                text=text,
                units=units_by_id.get(cid, []),
                tokens=count_tokens(text),
                page=block.page,
            )
        )
    return out
