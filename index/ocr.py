"""Text of scanned PDF pages, read by Tesseract (Debian: tesseract-ocr, tesseract-ocr-chi-sim).

The interface is small: `needs_ocr(page)` says whether a pdfplumber page is a scan without a text layer,
`Ocr(settings).check()` raises a LoadError naming the Debian package that is missing, and
`Ocr(settings).read_pages(path, numbers, on_page)` returns each page's lines in reading order. Pages are
rendered with pypdfium2 (already a dependency of pdfplumber) and recognised by the `tesseract` program,
one process per page, a few pages at a time.

Tesseract's Chinese output is tidied so it reads like the plan: the spaces it puts between Chinese
characters go, ASCII punctuation next to Chinese text becomes full-width, a dash read as 一 between two
numbers is a dash again, and a label's colon misread as a semicolon (责任单位; …) is a colon. Line breaks and
blank lines are kept, so headings and label lines stay lines of their own for the parser.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import TYPE_CHECKING, Any

from index.errors import LoadError
from index.settings import OcrSettings

if TYPE_CHECKING:
    from index.ocr_tables import Grid
from index.vocab import LABEL_WORDS, TIME_WORDS

log = logging.getLogger("planbot.ocr")

ProgressFn = Callable[[int, int], None]  # (pages done, pages to recognise)

PACKAGE = "tesseract-ocr"
# A page is a scan when it carries (almost) no text of its own and an image covers much of it; a few
# characters (a page number, a scanner app's stamp) do not make a text layer.
MAX_STRAY_CHARS = 20
MIN_IMAGE_SHARE = 0.4

_CJK = r"\u2e80-\u2fff\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’《》〈〉—…·"
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}])[ \t]+|[ \t]+(?=[{_CJK}])")
_FULL_WIDTH = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}
_HALF_PUNCT = re.compile(rf"(?<=[{_CJK}])\s*([,:;?!()])|([,:;?!()])(?=\s*[{_CJK}])")
_DASH_READ_AS_ONE = re.compile(r"(?<=\d)\s*一\s*(?=\d)")
_LABEL_SEMICOLON = re.compile(rf"({LABEL_WORDS}|{TIME_WORDS})\s*[;；]")
# A heading number's opening bracket read as a book-title or angle bracket: 《三） 〈三） <3)
_HEADING_BRACKET = re.compile(r"^[《〈<]\s*([一二三四五六七八九十]{1,3}|\d{1,2})\s*[）)]")
# Units in brackets read as book-title marks: 各县《市、区》 is 各县（市、区）; a title never lists names.
_UNIT_BRACKETS = re.compile(r"(?<=[\u4e00-\u9fff])《((?:[\u4e00-\u9fff]{1,4}、)+[\u4e00-\u9fff]{1,4})》")
# A responsibility clause whose opening bracket was lost: 。责任单位：X、Y） is 。（责任单位：X、Y）
_LOST_OPEN = re.compile(rf"(?<=[。；;])\s*((?:{LABEL_WORDS})\s*[:：][^（）()]*[）)])")
# A block of at most this many characters, none recognised with this confidence, is a speck, a seal or
# a smudge, not text.
SPECK_CHARS = 3
SPECK_CONF = 50.0


def language_package(lang: str) -> str:
    """Debian's package of a Tesseract language: chi_sim -> tesseract-ocr-chi-sim."""
    return f"{PACKAGE}-{lang.lower().replace('_', '-')}"


def install_hint(lang: str) -> str:
    return f"sudo apt-get install {PACKAGE} {language_package(lang)}"


def needs_ocr(page: Any) -> bool:
    """A pdfplumber page that is a scanned image: (almost) no characters, an image over much of the page."""
    text = "".join(c.get("text", "") for c in page.chars)
    if len(re.sub(r"\s+", "", text)) >= MAX_STRAY_CHARS:
        return False
    area = float(page.width) * float(page.height) or 1.0
    for img in page.images:
        w = max(0.0, min(float(img["x1"]), float(page.width)) - max(float(img["x0"]), 0.0))
        h = max(0.0, min(float(img["bottom"]), float(page.height)) - max(float(img["top"]), 0.0))
        if w * h / area >= MIN_IMAGE_SHARE:
            return True
    return False


Line = tuple[int, str]  # (top in pixels, text); "" is a paragraph break


def tsv_lines(tsv: str) -> dict[int, list[Line]]:
    """Tesseract's TSV output, per image (page_num), as its plain-text layout: a line per line, a blank
    line after each paragraph, each with its top; blocks that are only a speck of low-confidence
    characters are left out."""
    images: dict[int, dict[int, dict[tuple[int, int], list[tuple[str, float, int]]]]] = {}
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
            continue
        image, block, par, line = int(cols[1]), int(cols[2]), int(cols[3]), int(cols[4])
        word = (cols[11].strip(), float(cols[10]), int(cols[7]))
        images.setdefault(image, {}).setdefault(block, {}).setdefault((par, line), []).append(word)
    out: dict[int, list[Line]] = {}
    for image, blocks in images.items():
        lines = out.setdefault(image, [])
        for block_lines in blocks.values():
            words = [w for ws in block_lines.values() for w in ws]
            if sum(len(w) for w, _, _ in words) <= SPECK_CHARS and max(c for _, c, _ in words) < SPECK_CONF:
                continue
            last_par = None
            for (par, _), ws in block_lines.items():
                if last_par is not None and par != last_par:
                    lines.append((lines[-1][0], ""))
                lines.append((min(t for _, _, t in ws), " ".join(w for w, _, _ in ws)))
                last_par = par
            lines.append((lines[-1][0], ""))
    return out


def tidy_line(line: str) -> str:
    """One line of Tesseract's Chinese as the plan writes it."""
    line = line.strip()
    line = _HALF_PUNCT.sub(lambda m: _FULL_WIDTH[m.group(1) or m.group(2)], line)
    line = _DASH_READ_AS_ONE.sub("—", line)
    line = _SPACE_NEAR_CJK.sub("", line)
    line = _LABEL_SEMICOLON.sub(r"\1：", line)
    line = _HEADING_BRACKET.sub(r"（\1）", line)
    line = _UNIT_BRACKETS.sub(r"（\1）", line)
    return _LOST_OPEN.sub(r"（\1", line)


def tidy(text: str) -> list[str]:
    """Tesseract's text as the plan's lines: no spaces inside Chinese, full-width punctuation next to it,
    at most one blank line between paragraphs."""
    return _collapse([tidy_line(raw) for raw in text.replace("\f", "\n").splitlines()])


def page_lines(text: list[Line], rows: list[Line]) -> list[str]:
    """The page's text lines in Tesseract's reading order, with each table row (tab-separated cells)
    put before the first text line below it, and a blank line around each table."""
    text = [(top, tidy_line(line)) for top, line in text]
    out: list[str] = []
    pending = sorted(rows, key=lambda r: r[0])
    for top, line in text:
        if pending and pending[0][0] <= top:
            out.append("")
            while pending and pending[0][0] <= top:
                out.append(pending.pop(0)[1])
            out.append("")
        out.append(line)
    if pending:
        out += ["", *(row for _, row in pending)]
    return _collapse(out)


def _collapse(lines: list[str]) -> list[str]:
    """At most one blank line in a row, none at the end."""
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return out


class Ocr:
    """Tesseract, as configured in `settings.ocr` (PLANBOT_TESSERACT names the program)."""

    def __init__(self, settings: OcrSettings | None = None) -> None:
        self.settings = settings or OcrSettings()
        self._program: str | None = None

    def check(self, name: str = "") -> str:
        """The program's path when it and the language data are installed; else a LoadError that names
        the missing Debian package and how to install it."""
        if self._program:
            return self._program
        lang = self.settings.lang
        what = f"扫描件 {name} 没有文字层，需要文字识别，但" if name else "文字识别需要 Tesseract，但"
        program = shutil.which(self.settings.command)
        if program is None:
            raise LoadError(
                f"{what}未找到文字识别程序 {self.settings.command}（Debian 软件包 {PACKAGE}）。"
                f"请安装：{install_hint(lang)}（或运行 make ocr），然后重新索引；"
                "程序不在 PATH 上时可用环境变量 PLANBOT_TESSERACT 指定其路径"
            )
        try:
            out = subprocess.run(
                [program, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
            )
        except (OSError, subprocess.SubprocessError) as e:
            raise LoadError(f"{what}文字识别程序 {program} 无法运行（{type(e).__name__}）") from e
        langs = set((out.stdout + "\n" + out.stderr).split())
        if lang not in langs:
            raise LoadError(
                f"{what}Tesseract 缺少识别语言 {lang}（Debian 软件包 {language_package(lang)}）。"
                f"请安装：sudo apt-get install {language_package(lang)}（或运行 make ocr），然后重新索引"
            )
        self._program = program
        return program

    def read_pages(
        self, path: Path, numbers: list[int], on_page: ProgressFn | None = None
    ) -> dict[int, list[str]]:
        """Lines of each listed page (1-based numbers) of the PDF at `path`, recognised by Tesseract;
        ruled tables come out as rows of tab-separated cells."""
        import pypdfium2 as pdfium

        program = self.check(Path(path).name)
        cfg = self.settings
        total, done = len(numbers), 0
        out: dict[int, list[str]] = {}
        log.info("文字识别 %s：共 %d 页", Path(path).name, total)
        if on_page is not None:
            on_page(0, total)
        with (
            tempfile.TemporaryDirectory(prefix="planbot-ocr-") as tmp,
            ThreadPoolExecutor(max_workers=max(1, cfg.workers)) as pool,
        ):
            futures: dict[Future[list[str]], int] = {}
            pdf = pdfium.PdfDocument(str(path))
            try:
                for n in numbers:
                    # NOTE: pdfium is not thread-safe; pages are rendered here, recognised in the pool.
                    image = Path(tmp) / f"page-{n}.png"
                    bitmap = pdf[n - 1].render(scale=cfg.dpi / 72, grayscale=True)
                    bitmap.to_pil().convert("L").save(image, compress_level=1)
                    futures[pool.submit(self._read_page, program, image)] = n
            finally:
                pdf.close()
            for fut in as_completed(futures):
                out[futures[fut]] = fut.result()
                done += 1
                log.info("文字识别 %s：%d/%d 页", Path(path).name, done, total)
                if on_page is not None:
                    on_page(done, total)
        return out

    def _read_page(self, program: str, image: Path) -> list[str]:
        """One page: its ruled tables cell by cell, then the rest of the page with the tables blanked."""
        import numpy as np
        from PIL import Image

        from index.ocr_tables import blank_tables, find_grids, ink_mask

        with Image.open(image) as opened:
            page = opened.convert("L")
        ink = ink_mask(page)
        grids = find_grids(ink)
        rows: list[Line] = []
        if grids:
            rows = self._read_tables(program, image, ink, grids)
            px = np.array(page)
            blank_tables(px, grids)
            Image.fromarray(px, "L").save(image, compress_level=1)
        return page_lines(tsv_lines(self._tesseract(program, image)).get(1, []), rows)

    def _read_tables(self, program: str, image: Path, ink: Any, grids: list[Grid]) -> list[Line]:
        """Each table row as tab-separated cells, at the top of its row; all cells in one Tesseract run."""
        from index.ocr_tables import cell_image

        files: list[Path] = []
        where: list[tuple[int, int, int]] = []  # (table, row, column) of each file
        for t, grid in enumerate(grids):
            for cell in (c for row in grid.cells for c in row if c.anchor):
                img = cell_image(ink, cell.box, grid.inset)
                if img is not None:
                    files.append(image.with_name(f"{image.stem}-{t}-{cell.row}-{cell.col}.png"))
                    img.save(files[-1], compress_level=1)
                    where.append((t, cell.row, cell.col))
        texts: dict[tuple[int, int, int], str] = {}
        if files:
            listing = image.with_suffix(".cells.txt")
            listing.write_text("".join(f"{f}\n" for f in files), encoding="utf-8")
            # NOTE: psm 6, one block: a cell holds a few short lines, which page layout analysis drops.
            read = tsv_lines(self._tesseract(program, listing, psm=6))
            for i, key in enumerate(where, 1):
                texts[key] = "".join(tidy_line(line) for _, line in read.get(i, []) if line)
        return [
            (top + 1, "\t".join(texts.get((t, r, c), "") for c in range(len(grid.cols) - 1)))
            for t, grid in enumerate(grids)
            for r, top in enumerate(grid.rows[:-1])
        ]

    def _tesseract(self, program: str, image: Path, psm: int | None = None) -> str:
        """Tesseract's TSV for an image (or a list file of images)."""
        cfg = self.settings
        cmd = [program, str(image), "stdout", "-l", cfg.lang, "--dpi", str(cfg.dpi)]
        cmd += ["--psm", str(psm), "tsv"] if psm is not None else ["tsv"]
        # NOTE: one thread per process; the pool decides how many pages run at once.
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        try:
            done = subprocess.run(cmd, capture_output=True, timeout=cfg.timeout_s, env=env, check=False)
        except subprocess.TimeoutExpired as e:
            raise LoadError(f"文字识别超时：一页超过 {cfg.timeout_s:.0f} 秒") from e
        if done.returncode != 0:
            err = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise LoadError(f"文字识别失败：{err[-1] if err else f'tesseract 退出码 {done.returncode}'}")
        return done.stdout.decode("utf-8", "replace")
