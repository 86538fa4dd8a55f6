"""Make the scanned-PDF fixtures: existing text plans printed and scanned, pages as images only.

Run: python -m evals.make_scanned   (needs pypdfium2 and Pillow, both installed with planbot)

Sources (tests/fixtures/, two pages each, page numbers in the footer):
- jiangcheng-lines.pdf: headings and 责任单位：/配合单位： lines under each task;
- nanxi-pages.pdf: inline （牵头单位：…；配合单位：…） and a ruled annex table over both pages, its
  header repeated.
Each page is rendered at 200 dpi in greyscale, turned by a fraction of a degree, given a little paper
noise, as an office scanner would, and stored as a JPEG image: the output has no text layer at all. Its
eval items (evals/data/plans/scanned/<name>-scanned.jsonl) are the text version's items with the scanned
file's doc id, so `planbot eval --dataset` scores both the same way.

The output is committed; tests never regenerate it. Seeded, so a rerun gives the same pixels.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
PLAN_SETS = REPO / "evals" / "data" / "plans"
OUT_DIR = PLAN_SETS / "scanned"
# (text plan, its eval set, scanned name, id prefix of the text items -> of the scanned ones)
SCANS = [
    ("jiangcheng-lines.pdf", "jiangcheng-lines.jsonl", "jiangcheng-scanned", ("JC", "JS")),
    ("nanxi-pages.pdf", "nanxi-pages.jsonl", "nanxi-scanned", ("NX", "NS")),
]
DPI = 200
SKEW_DEG = (0.35, -0.25)  # per page: scanners feed paper slightly askew
NOISE = 4  # grey levels of paper noise
QUALITY = 50  # JPEG quality, as office scanners store greyscale pages


def scan_pages(source: Path, dpi: int = DPI, seed: int = 2025) -> list:  # list[PIL.Image.Image]
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


def write_pdf(pages: list, out: Path, title: str, dpi: int = DPI) -> None:
    fixed = time.gmtime(1737334800)  # 2025-01-20: reproducible bytes, no 'now' in the metadata
    out.parent.mkdir(parents=True, exist_ok=True)
    pages[0].save(
        out,
        "PDF",
        save_all=True,
        append_images=pages[1:],
        resolution=float(dpi),
        quality=QUALITY,
        title=title,
        creationDate=fixed,
        modDate=fixed,
    )


def write_items(src: Path, out: Path, prefixes: tuple[str, str], source_name: str) -> int:
    """The text version's items, renamed (JC.. -> JS..), about the scanned file beside them."""
    lines = []
    for raw in src.read_text(encoding="utf-8").splitlines():
        if not raw.strip():
            continue
        item = json.loads(raw)
        item["id"] = item["id"].replace(prefixes[0], prefixes[1], 1)
        item["doc"] = out.stem
        item["plan"] = out.with_suffix(".pdf").name
        item["note"] = (item.get("note", "") + f" Scanned copy of {source_name} (OCR).").strip()
        lines.append(json.dumps(item, ensure_ascii=False))
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def main() -> None:
    for source, items, name, prefixes in SCANS:
        pages = scan_pages(FIXTURES / source)
        pdf = OUT_DIR / f"{name}.pdf"
        write_pdf(pages, pdf, title=f"{Path(source).stem}（扫描件）")
        n = write_items(PLAN_SETS / items, OUT_DIR / f"{name}.jsonl", prefixes, source)
        size = pdf.stat().st_size / 1024
        print(f"{pdf.relative_to(REPO)}: {len(pages)} pages, {size:.0f} KB; {n} eval items")


if __name__ == "__main__":
    main()
