"""Ruled tables in a scanned page: the grid of lines, and the cells it makes, found with numpy alone.

A scanned annex (任务清单) is a table drawn with lines. Read as running text its cells run together, so the
parser would see no rows. Here the page's long horizontal and vertical strokes are found, grouped into
tables (at least two lines each way, crossing), and each table cut into cells. A cell whose top (or left)
line is missing continues the cell above (or to its left), as a merged cell does: it is read once, at its
first row, and the later rows get an empty cell, which the parser fills from the row above — the same rule
the .docx and text-PDF loaders follow.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from PIL import Image

# A stroke is a line when it runs this share of the page width (or height) without a break: longer than
# any character's stroke, shorter than the narrowest column (序号) of an A4 table.
MIN_LINE_SHARE = 1 / 22
# A line is present on a cell's edge when it covers this much of that edge.
EDGE_COVER = 0.5
# A cell with less ink than this share of its area (inside its lines) is empty.
BLANK_CELL_INK = 0.003
# Tesseract's Chinese model reads short lines best when characters are about this many pixels high
# (measured on the scanned fixtures: 28-32 px read every cell, 44 px, 10.5 pt at 300 dpi, misread some).
CELL_TEXT_PX = 30
CELL_MARGIN = 20  # white border around a cell image: text touching the edge is read poorly


@dataclass(frozen=True)
class Band:
    """One ruled line: its position across (y of a horizontal line, x of a vertical one), the span of its
    thickness (skew included), and which pixels along it are covered."""

    pos: int
    lo: int
    hi: int
    cover: np.ndarray = field(repr=False, compare=False)  # bool along the line

    def covers(self, a: int, b: int) -> bool:
        a, b = max(a, 0), min(b, len(self.cover))
        return b > a and float(self.cover[a:b].mean()) >= EDGE_COVER


@dataclass
class Cell:
    row: int
    col: int
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 of the (merged) region, in pixels
    anchor: bool = True  # False: the continuation of a merged cell above or to the left


@dataclass
class Grid:
    box: tuple[int, int, int, int]
    rows: list[int]  # y of each horizontal line, top to bottom
    cols: list[int]  # x of each vertical line, left to right
    cells: list[list[Cell]]  # [row][col]
    inset: int  # pixels to keep clear of the lines (their thickness and skew) when reading a cell
    ruling: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), bool), repr=False)  # line pixels
    pool: int = 1  # `ruling` is this many times smaller than the page


def ink_mask(gray: Any) -> np.ndarray:
    """Dark pixels of a greyscale page (Otsu's threshold, so paper tone and scanner gain do not matter)."""
    px = np.asarray(gray, dtype=np.uint8)
    hist = np.bincount(px.ravel(), minlength=256).astype(np.float64)
    total = hist.sum()
    levels = np.arange(256)
    w0 = np.cumsum(hist)
    m0 = np.cumsum(hist * levels)
    w1 = total - w0
    mean0 = np.divide(m0, w0, out=np.zeros(256), where=w0 > 0)
    mean1 = np.divide(m0[-1] - m0, w1, out=np.zeros(256), where=w1 > 0)
    between = w0 * w1 * (mean0 - mean1) ** 2
    return px <= int(np.argmax(between))


def _runs(ink: np.ndarray, length: int) -> np.ndarray:
    """Pixels that lie on a horizontal run of at least `length` ink pixels (a 1-D opening, row by row)."""
    h, w = ink.shape
    if w < length:
        return np.zeros_like(ink)
    cs = np.zeros((h, w + 1), dtype=np.int32)
    np.cumsum(ink, axis=1, out=cs[:, 1:])
    full = (cs[:, length:] - cs[:, :-length]) == length  # a run starts at j
    cf = np.zeros((h, full.shape[1] + 1), dtype=np.int32)
    np.cumsum(full, axis=1, out=cf[:, 1:])
    j = np.arange(w)
    hi = np.minimum(j, full.shape[1] - 1) + 1
    lo = np.clip(j - length + 1, 0, full.shape[1])
    return (cf[:, hi] - cf[:, lo]) > 0


def _bands(lines: np.ndarray, gap: int) -> list[Band]:
    """Group the rows holding line pixels into bands (one per ruled line), each with its coverage."""
    rows = np.flatnonzero(lines.any(axis=1))
    bands: list[Band] = []
    if rows.size == 0:
        return bands
    start = prev = int(rows[0])
    for r in [*rows[1:].tolist(), None]:
        if r is not None and r - prev <= gap:
            prev = r
            continue
        cover = np.asarray(lines[start : prev + 1].any(axis=0))
        bands.append(Band(pos=(start + prev) // 2, lo=start, hi=prev, cover=cover))
        if r is not None:
            start = prev = r
    return bands


def line_bands(ink: np.ndarray) -> tuple[list[Band], list[Band], np.ndarray]:
    """Horizontal and vertical ruled lines of a page, and the mask of their pixels."""
    h, w = ink.shape
    # NOTE: thicken across the line by a pixel each way first: a scan's lines are a little skewed and
    # broken by noise, and a skewed line moves from one pixel row to the next along its length.
    thick_v = ink.copy()
    thick_v[1:] |= ink[:-1]
    thick_v[:-1] |= ink[1:]
    thick_h = ink.copy()
    thick_h[:, 1:] |= ink[:, :-1]
    thick_h[:, :-1] |= ink[:, 1:]
    runs_h = _runs(thick_v, max(20, int(w * MIN_LINE_SHARE)))
    runs_v = _runs(thick_h.T, max(20, int(h * MIN_LINE_SHARE))).T
    return _bands(runs_h, gap=3), _bands(runs_v.T.copy(), gap=3), runs_h | runs_v


def _crosses(hb: Band, vb: Band, tol: int) -> bool:
    return bool(
        hb.cover[max(vb.pos - tol, 0) : vb.pos + tol + 1].any()
        and vb.cover[max(hb.pos - tol, 0) : hb.pos + tol + 1].any()
    )


def find_grids(ink: np.ndarray, pool: int = 2) -> list[Grid]:
    """The ruled tables of a page, top to bottom, each cut into cells (merged cells marked); in the
    page's pixels. Lines are looked for on a `pool`-times smaller copy (a pixel is ink when any pixel
    of its square is), which keeps one-pixel lines and takes a quarter of the time."""
    h, w = (ink.shape[0] // pool) * pool, (ink.shape[1] // pool) * pool
    small = np.asarray(ink[:h, :w].reshape(h // pool, pool, w // pool, pool).any(axis=(1, 3)))
    horizontal, vertical, ruling = line_bands(small)
    tol = max(3, small.shape[1] // 300)
    # Tables are the connected groups of crossing lines.
    parent = list(range(len(horizontal) + len(vertical)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, hb in enumerate(horizontal):
        for j, vb in enumerate(vertical):
            if _crosses(hb, vb, tol):
                parent[find(i)] = find(len(horizontal) + j)
    groups: dict[int, tuple[list[Band], list[Band]]] = {}
    for i, hb in enumerate(horizontal):
        groups.setdefault(find(i), ([], []))[0].append(hb)
    for j, vb in enumerate(vertical):
        groups.setdefault(find(len(horizontal) + j), ([], []))[1].append(vb)
    grids = [_grid(hs, vs, tol, pool) for hs, vs in groups.values() if len(hs) >= 2 and len(vs) >= 2]
    for g in grids:
        g.ruling, g.pool = ruling, pool
    return sorted(grids, key=lambda g: g.box[1])


def _grid(hs: list[Band], vs: list[Band], tol: int, k: int) -> Grid:
    hs = sorted(hs, key=lambda b: b.pos)
    vs = sorted(vs, key=lambda b: b.pos)
    cells: list[list[Cell]] = []
    owner: dict[tuple[int, int], Cell] = {}  # (row, col) -> the anchor cell it belongs to
    for r in range(len(hs) - 1):
        row: list[Cell] = []
        for c in range(len(vs) - 1):
            x0, x1, y0, y1 = vs[c].pos, vs[c + 1].pos, hs[r].pos, hs[r + 1].pos
            cell = Cell(r, c, (x0 * k, y0 * k, x1 * k, y1 * k))
            if c > 0 and not vs[c].covers(y0 + tol, y1 - tol):
                owner[r, c] = owner[r, c - 1]  # no line on its left: part of the cell to its left
            elif r > 0 and not hs[r].covers(x0 + tol, x1 - tol):
                owner[r, c] = owner[r - 1, c]  # no line on top: part of the cell above
            else:
                owner[r, c] = cell
            if owner[r, c] is not cell:
                cell.anchor = False
                _extend(owner[r, c], cell.box)
            row.append(cell)
        cells.append(row)
    box = (vs[0].pos * k, hs[0].pos * k, vs[-1].pos * k, hs[-1].pos * k)
    inset = k * (max(b.hi - b.lo for b in [*hs, *vs]) // 2 + 2)
    return Grid(box=box, rows=[b.pos * k for b in hs], cols=[b.pos * k for b in vs], cells=cells, inset=inset)


def _extend(anchor: Cell, box: tuple[int, int, int, int]) -> None:
    x0, y0, x1, y1 = anchor.box
    anchor.box = (min(x0, box[0]), min(y0, box[1]), max(x1, box[2]), max(y1, box[3]))


def blank_tables(px: np.ndarray, grids: list[Grid]) -> None:
    """Whiten the tables of a page's pixels, in place, for reading the text around them: everything
    between the outer lines, and the outer lines' own pixels (text just outside a table stays whole)."""
    for g in grids:
        x0, y0, x1, y1 = g.box
        px[y0:y1, x0:x1] = 255
        k, m = g.pool, g.inset
        sy0, sx0 = max(y0 - m, 0) // k, max(x0 - m, 0) // k
        sy1, sx1 = (y1 + m) // k + 1, (x1 + m) // k + 1
        near = g.ruling[sy0:sy1, sx0:sx1]
        grown = near.copy()  # one pooled pixel more each way: a line's blurred edge
        grown[1:] |= near[:-1]
        grown[:-1] |= near[1:]
        grown[:, 1:] |= near[:, :-1]
        grown[:, :-1] |= near[:, 1:]
        full = grown.repeat(k, axis=0).repeat(k, axis=1)
        region = px[sy0 * k : sy0 * k + full.shape[0], sx0 * k : sx0 * k + full.shape[1]]
        region[full[: region.shape[0], : region.shape[1]]] = 255


def text_height(ink: np.ndarray) -> float:
    """Median height of the runs of inked pixel rows (a cell's text lines), 0 when there are none."""
    rows = ink.any(axis=1).astype(np.int8)
    edges = np.diff(np.concatenate([[0], rows, [0]]))
    runs = np.flatnonzero(edges == -1) - np.flatnonzero(edges == 1)
    runs = runs[runs > 3]
    return float(np.median(runs)) if runs.size else 0.0


def cell_image(ink: np.ndarray, box: tuple[int, int, int, int], inset: int) -> Image.Image | None:
    """A cell's content for Tesseract: black on white, characters about CELL_TEXT_PX high, with a white
    border; None for an empty cell."""
    x0, y0, x1, y1 = box
    sub = ink[y0 + inset : y1 - inset, x0 + inset : x1 - inset]
    if min(sub.shape) < 4 or float(sub.mean()) < BLANK_CELL_INK:
        return None
    img = Image.fromarray(np.where(sub, 0, 255).astype(np.uint8), "L")
    height = text_height(sub)
    if height > CELL_TEXT_PX:
        scale = CELL_TEXT_PX / height
        size = (max(1, round(img.width * scale)), max(1, round(img.height * scale)))
        img = img.resize(size, Image.Resampling.LANCZOS)
    out = Image.new("L", (img.width + 2 * CELL_MARGIN, img.height + 2 * CELL_MARGIN), 255)
    out.paste(img, (CELL_MARGIN, CELL_MARGIN))
    return out
