"""Read a plan file into text. Tables become tab-separated rows so one parser handles every format."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from index.errors import LoadError
from index.ocr import Ocr, ProgressFn, needs_ocr
from index.settings import OcrSettings

TEXT_SUFFIXES = {".txt", ".md"}
SUFFIXES = TEXT_SUFFIXES | {".docx", ".pdf"}


@dataclass(frozen=True)
class Loaded:
    text: str  # the document's own text; table rows as tab-separated cells, one per line
    encoding: str  # 'utf-8', 'utf-8-sig', 'gb18030', 'docx', 'pdf'
    sha256: str
    line_pages: list[int] | None = None  # 1-based page of each line of `text` (PDF only)


def load(
    path: Path,
    *,
    max_mb: int = 20,
    ocr: OcrSettings | None = None,
    on_ocr_page: ProgressFn | None = None,
) -> Loaded:
    """Read `path`. Raises LoadError for unknown types, empty, binary, unreadable or too-large files.

    PDF pages without a text layer (scans) are recognised by Tesseract as `ocr` configures it;
    `on_ocr_page(done, total)` is called after each recognised page."""
    path = Path(path)
    name = path.name
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise LoadError(f"不支持的文件类型：{name}（支持 .txt、.md、.docx、.pdf）")
    if not path.is_file():
        raise LoadError(f"找不到文件：{name}")
    size = path.stat().st_size
    if size > max_mb * 1024 * 1024:
        raise LoadError(f"文件过大：{name}（{size / 1024 / 1024:.1f} MB，上限 {max_mb} MB）")
    data = path.read_bytes()
    if not data.strip():
        raise LoadError(f"文件为空：{name}")
    sha = hashlib.sha256(data).hexdigest()
    if suffix in TEXT_SUFFIXES:
        text, enc = decode_text(data, name)
        return Loaded(text=text, encoding=enc, sha256=sha)
    if suffix == ".docx":
        return Loaded(text=_require_text(read_docx(path), name), encoding="docx", sha256=sha)
    text, pages = read_pdf(path, ocr=ocr, on_ocr_page=on_ocr_page)
    return Loaded(text=_require_text(text, name), encoding="pdf", sha256=sha, line_pages=pages)


def _require_text(text: str, name: str) -> str:
    if not text.strip():
        raise LoadError(f"文件中没有可读取的文字：{name}（扫描件需先做文字识别）")
    return text


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """UTF-8 (with or without BOM) strictly, else GB18030 (a superset of GBK); refuse binary data."""
    if b"\x00" in data:
        raise LoadError(f"文件不是文本（含二进制内容）：{name}")
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text.replace("\r\n", "\n").replace("\r", "\n"), (
                "utf-8" if enc == "utf-8-sig" and not data.startswith(b"\xef\xbb\xbf") else enc
            )
    raise LoadError(f"无法识别文件编码或文件不是文本：{name}（支持 UTF-8、GBK/GB18030）")


def _looks_like_text(text: str) -> bool:
    if not text.strip():
        return False
    bad = sum(1 for c in text if c == "\ufffd" or (ord(c) < 32 and c not in "\t\n\r\f"))
    # NOTE: gb18030 decodes almost any byte string; random bytes give control and private-use chars.
    odd = sum(1 for c in text if 0xE000 <= ord(c) <= 0xF8FF)
    return (bad + odd) / len(text) < 0.05


def _cells_text(cells: list[str]) -> str:
    return "\t".join(c.replace("\t", " ").replace("\n", "") for c in cells)


def read_docx(path: Path) -> str:
    """Body in document order, paragraphs and tables interleaved; one tab-separated line per table row."""
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph
    except ImportError as e:  # pragma: no cover - python-docx is a dependency
        raise LoadError("缺少 python-docx，无法读取 .docx") from e
    try:
        document = docx.Document(str(path))
    except Exception as e:
        raise LoadError(f"无法读取 Word 文件：{path.name}（{type(e).__name__}）") from e
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text)
        elif tag == "tbl":
            lines.append("")
            for tr in Table(child, document)._tbl.tr_lst:
                lines.append(_cells_text(_docx_row(tr, document)))
            lines.append("")
    return "\n".join(lines)


def _docx_row(tr: Any, document: Any) -> list[str]:
    from docx.table import _Cell

    cells: list[str] = []
    for tc in tr.tc_lst:
        # NOTE: a vertically merged continuation cell is empty in the document; leave it empty so the
        # parser's inheritance rule (merged 任务名称) applies exactly as for text sources.
        text = "" if tc.vMerge == "continue" else "\n".join(p.text for p in _Cell(tc, document).paragraphs)
        cells.append(text)
        cells.extend([""] * (int(tc.grid_span or 1) - 1))
    return cells


def read_pdf(
    path: Path, *, ocr: OcrSettings | None = None, on_ocr_page: ProgressFn | None = None
) -> tuple[str, list[int]]:
    """Text per page with tables as tab-separated rows, in reading order; returns the page of each line.

    A page that is a scanned image (no text layer) is read by OCR (index/ocr.py); every scanned page is
    recognised before anything is returned, so a missing Tesseract fails the whole file, not half of it."""
    try:
        import pdfplumber
    except ImportError as e:  # pragma: no cover
        raise LoadError("缺少 pdfplumber，无法读取 .pdf") from e
    per_page: list[list[str] | None] = []  # None: a scan, recognised below
    try:
        with pdfplumber.open(str(path)) as pdf:
            for page in pdf.pages:
                per_page.append(None if needs_ocr(page) else _pdf_page_lines(page))
                page.close()
    except LoadError:
        raise
    except Exception as e:
        raise LoadError(f"无法读取 PDF 文件：{path.name}（{type(e).__name__}）") from e
    scans = [n for n, page_lines in enumerate(per_page, 1) if page_lines is None]
    if scans:
        try:
            recognised = Ocr(ocr).read_pages(path, scans, on_ocr_page)
        except LoadError:
            raise
        except Exception as e:  # rendering a page pdfplumber could open
            raise LoadError(f"无法读取扫描件：{path.name}（{type(e).__name__}）") from e
        per_page = [recognised[n] if got is None else got for n, got in enumerate(per_page, 1)]
        if not any(line.strip() for page_lines in per_page for line in page_lines or []):
            raise LoadError(
                f"文件中没有可读取的文字：{path.name}（扫描页经文字识别也未读出文字，请检查扫描件是否清晰）"
            )
    lines: list[str] = []
    pages: list[int] = []
    for number, page_lines in enumerate(per_page, 1):
        for line in page_lines or []:
            lines.append(line)
            pages.append(number)
        lines.append("")  # page break
        pages.append(number)
    return "\n".join(lines), pages


def _pdf_page_lines(page: Any) -> list[str]:
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]

    def outside(obj: dict[str, Any]) -> bool:
        cx = (obj["x0"] + obj["x1"]) / 2
        cy = (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

    items: list[tuple[float, str]] = []
    rest = page.filter(outside) if boxes else page
    for ln in rest.extract_text_lines(layout=False, strip=True):
        items.append((ln["top"], ln["text"]))
    for table in tables:
        for row_cells, row in zip(table.extract(), table.rows, strict=False):
            top = row.bbox[1] if row.bbox else table.bbox[1]
            items.append((top, _cells_text([c or "" for c in row_cells])))
    items.sort(key=lambda it: it[0])
    return [text for _, text in items]
