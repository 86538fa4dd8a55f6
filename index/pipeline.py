"""Source file -> Plan -> facts + chunks, in one call. Pure apart from reading the file."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from index.chunks import chunk
from index.facts import extract_facts
from index.load import load
from index.models import Chunk, Facts, Lexicon, Plan
from index.ocr import ProgressFn
from index.parse import parse
from index.settings import OcrSettings


@dataclass(frozen=True)
class Ingested:
    plan: Plan
    facts: Facts
    chunks: list[Chunk]


def doc_id_for(path: Path) -> str:
    """Stable short id: the file name's stem, lower-cased, with anything odd turned into '-'."""
    slug = re.sub(r"[^\w\-]+", "-", path.stem.lower()).strip("-")
    return slug or "plan"


def lexicon_path(path: Path) -> Path:
    return path.with_name(path.stem + ".lexicon.toml")


def read_lexicon(path: Path) -> Lexicon:
    """The plan's lexicon file beside it (`plan.lexicon.toml`), or an empty one. A broken file is an
    error the user must see, not a silently weaker index."""
    import tomllib

    file = lexicon_path(path)
    if not file.exists():
        return Lexicon()
    raw = tomllib.loads(file.read_text(encoding="utf-8"))
    return Lexicon(synonyms=raw.get("synonyms", []), english=raw.get("english", {}))


def ingest(
    path: Path,
    *,
    max_mb: int = 20,
    ocr: OcrSettings | None = None,
    on_ocr_page: ProgressFn | None = None,
) -> Ingested:
    """Read, parse and extract. Raises index.errors.LoadError (Chinese message naming the file).

    Scanned PDF pages are recognised as `ocr` says; `on_ocr_page(done, total)` reports each page."""
    path = Path(path)
    loaded = load(path, max_mb=max_mb, ocr=ocr, on_ocr_page=on_ocr_page)
    plan = parse(
        loaded.text,
        doc_id=doc_id_for(path),
        path=str(path),
        sha256=loaded.sha256,
        encoding=loaded.encoding,
        pages=loaded.line_pages,
    )
    plan.lexicon = read_lexicon(path)
    facts = extract_facts(plan)
    return Ingested(plan=plan, facts=facts, chunks=chunk(plan, facts))
