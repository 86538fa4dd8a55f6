"""Make the scanned-PDF fixture: an existing text plan printed and scanned, pages as images only.

Run: python -m evals.make_scanned   (needs pypdfium2 and Pillow, both installed with planbot)

The source is tests/fixtures/jiangcheng-lines.pdf (two pages, 责任单位：/配合单位： lines, page numbers in
the footer). Each page is rendered at 200 dpi in greyscale, turned by a fraction of a degree, given a little
paper noise, as an office scanner would, and stored as a JPEG image: the output has no text layer at all.
Its eval items (evals/data/plans/scanned/jiangcheng-scanned.jsonl) are the text version's items with the
scanned file's doc id, so `planbot eval --dataset` scores both the same way.

The output is committed; tests never regenerate it. Seeded, so a rerun gives the same pixels.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SOURCE = REPO / "tests" / "fixtures" / "jiangcheng-lines.pdf"
SOURCE_ITEMS = REPO / "evals" / "data" / "plans" / "jiangcheng-lines.jsonl"
OUT_DIR = REPO / "evals" / "data" / "plans" / "scanned"
OUT = OUT_DIR / "jiangcheng-scanned.pdf"
OUT_ITEMS = OUT_DIR / "jiangcheng-scanned.jsonl"
DPI = 200
SKEW_DEG = (0.35, -0.25)  # per page: scanners feed paper slightly askew
NOISE = 4  # grey levels of paper noise
QUALITY = 50  # JPEG quality, as office scanners store greyscale pages


def scan_pages(source: Path = SOURCE, dpi: int = DPI, seed: int = 2025) -> list:  # list[PIL.Image.Image]
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image, ImageFilter

    rng = np.random.default_rng(seed)
    pages = []
    pdf = pdfium.PdfDocument(str(source))
    try:
        for i in range(len(pdf)):
            img = pdf[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            img = img.rotate(SKEW_DEG[i % len(SKEW_DEG)], resample=Image.Resampling.BICUBIC, fillcolor=255)
            img = img.filter(ImageFilter.GaussianBlur(0.6))  # optics: edges are never crisp
            px = np.asarray(img, dtype=np.int16) - 8 + rng.normal(0, NOISE, (img.height, img.width))
            pages.append(Image.fromarray(np.clip(px, 0, 255).astype(np.uint8), "L"))
    finally:
        pdf.close()
    return pages


def write_pdf(pages: list, out: Path = OUT, dpi: int = DPI) -> None:
    fixed = time.gmtime(1737334800)  # 2025-01-20: reproducible bytes, no 'now' in the metadata
    out.parent.mkdir(parents=True, exist_ok=True)
    pages[0].save(
        out,
        "PDF",
        save_all=True,
        append_images=pages[1:],
        resolution=float(dpi),
        quality=QUALITY,
        title="江城市城镇老旧小区改造提升行动计划（扫描件）",
        creationDate=fixed,
        modDate=fixed,
    )


def write_items(src: Path = SOURCE_ITEMS, out: Path = OUT_ITEMS) -> int:
    """The text version's items, renamed JC.. -> JS.., about the scanned file."""
    lines = []
    for raw in src.read_text(encoding="utf-8").splitlines():
        if not raw.strip():
            continue
        item = json.loads(raw)
        item["id"] = item["id"].replace("JC", "JS", 1)
        item["doc"] = OUT.stem
        item["plan"] = OUT.name
        item["note"] = (item.get("note", "") + " Scanned copy of jiangcheng-lines.pdf (OCR).").strip()
        lines.append(json.dumps(item, ensure_ascii=False))
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def main() -> None:
    pages = scan_pages()
    write_pdf(pages)
    n = write_items()
    print(f"{OUT.relative_to(REPO)}: {len(pages)} pages, {OUT.stat().st_size / 1024:.0f} KB; {n} eval items")


if __name__ == "__main__":
    main()
