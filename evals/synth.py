"""Synthetic plans for the scale benchmark, recombined from the real plan's structure.

Each plan keeps the shape of the source (notice, 一、/（一） headings, task paragraphs with inline
（责任单位：…）, an annex table with merged 任务名称 cells) but draws its paragraphs and rows from the
source in another order and count, with another city, other agencies and other numbers. Every file is
labelled 【合成测试数据】 in its title so it can never be mistaken for a real plan.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from pathlib import Path

LABEL = "【合成测试数据】"
CITIES = ["嘉禾", "青川", "云阳", "南浦", "东陵", "西岭", "北岸", "临江", "安澜", "清源", "望海", "明溪"]
DISTRICT_SUFFIX = ["区", "县", "市"]
AGENCY_SWAP = {
    "市教育局": ["市教育局", "市教育委员会"],
    "市科技局": ["市科技局", "市科学技术局"],
    "市人力社保局": ["市人力社保局", "市人社局"],
    "市发展改革委": ["市发展改革委", "市发改委"],
    "市经信局": ["市经信局", "市工信局"],
    "市市场监管局": ["市市场监管局", "市市场监督管理局"],
    "市科协": ["市科协", "市科学技术协会"],
}
_SECTION = re.compile(r"^[一二三四五六七八九十]+、")
_TASK = re.compile(r"^（[一二三四五六七八九十]+）")
_ROW = re.compile(r"^(\d+)\t")
_CN = "一二三四五六七八九十"
_NUM = re.compile(r"(?<![\d.〔])(\d+(?:\.\d+)?)(?=\s*(?:%|％|个|项|人|件|单|万))")


def cn_number(n: int) -> str:
    if n <= 10:
        return _CN[n - 1]
    if n < 20:
        return "十" + (_CN[n - 11] if n > 10 else "")
    return _CN[n // 10 - 1] + "十" + (_CN[n % 10 - 1] if n % 10 else "")


@dataclass
class Skeleton:
    """The source plan cut into parts that can be recombined."""

    head: list[str] = field(default_factory=list)  # notice and preamble lines, up to the first section
    sections: list[tuple[str, list[list[str]]]] = field(default_factory=list)  # heading, paragraph groups
    annex_head: list[str] = field(default_factory=list)  # lines from 附件 up to the first table header
    table_header: str = ""
    row_groups: list[list[str]] = field(default_factory=list)  # a row with a 任务名称 + rows that inherit it
    tail: list[str] = field(default_factory=list)  # 抄送 and the 印发 line


def skeleton(text: str) -> Skeleton:
    """Cut a plan's text into head, sections of task paragraphs, annex row groups and tail."""
    sk = Skeleton()
    lines = [ln for ln in text.splitlines() if ln.strip()]
    i = 0
    while i < len(lines) and not _SECTION.match(lines[i]):
        sk.head.append(lines[i])
        i += 1
    while i < len(lines) and not lines[i].startswith("附件"):
        if _SECTION.match(lines[i]):
            sk.sections.append((lines[i], []))
        elif _TASK.match(lines[i]) or not sk.sections[-1][1]:
            sk.sections[-1][1].append([lines[i]])
        else:  # continuation after a page break belongs to the paragraph above
            sk.sections[-1][1][-1].append(lines[i])
        i += 1
    while i < len(lines) and not lines[i].startswith("序号"):
        sk.annex_head.append(lines[i])
        i += 1
    for ln in lines[i:]:
        if ln.startswith("序号"):
            sk.table_header = sk.table_header or ln
        elif m := _ROW.match(ln):
            cells = ln.split("\t")
            if (len(cells) > 1 and cells[1].strip()) or not sk.row_groups:
                sk.row_groups.append([ln[m.end() :]])
            else:
                sk.row_groups[-1].append(ln[m.end() :])
        elif sk.row_groups and not ln.startswith(("抄送", "温州市人民政府办公室")) and not sk.tail:
            sk.row_groups[-1][-1] += ln
        else:
            sk.tail.append(ln)
    return sk


def _rewrite(
    text: str, city: str, districts: dict[str, str], agencies: dict[str, str], rng: random.Random
) -> str:
    for old, new in {**districts, **agencies}.items():
        text = text.replace(old, new)
    text = text.replace("温州", city).replace("在温", "在" + city[0]).replace("留温", "留" + city[0])
    text = text.replace("温籍", city[0] + "籍").replace("温政办", city[0] + "政办")

    def jitter(m: re.Match[str]) -> str:
        v = float(m.group(1))
        new = v * rng.uniform(0.6, 1.6)
        return f"{new:.1f}" if "." in m.group(1) else str(max(1, round(new)))

    return _NUM.sub(jitter, text)


def _renumber_task(paragraph: list[str], n: int) -> list[str]:
    return [_TASK.sub(f"（{cn_number(n)}）", paragraph[0], count=1), *paragraph[1:]]


def synth_plan(sk: Skeleton, seed: int) -> str:
    """One synthetic plan: shuffled and subsampled paragraphs and row groups, renamed, renumbered."""
    rng = random.Random(seed)
    city = CITIES[seed % len(CITIES)] + ("" if seed < len(CITIES) else str(seed // len(CITIES)))
    districts = {
        d: rng.choice(CITIES) + rng.choice(["东", "西", "南", "北", "新"]) + d[-1]
        for d in ("鹿城区", "龙湾区", "瓯海区", "瑞安市", "乐清市", "洞头区", "龙港市")
    }
    agencies = {k: rng.choice(v) for k, v in AGENCY_SWAP.items()}
    out = []
    for ln in sk.head:
        # both title lines (notice and plan) carry the label; the quoted 《…》 mention does not
        if "实施方案" in ln and "《" not in ln:
            ln = LABEL + ln
        out.append(ln)
    for heading, paras in sk.sections:
        out.append(heading)
        tasks = [p for p in paras if _TASK.match(p[0])]
        if len(tasks) >= 2:
            keep = rng.sample(tasks, k=rng.randint(max(1, len(tasks) - 3), len(tasks)))
            out += [ln for n, p in enumerate(keep, 1) for ln in _renumber_task(p, n)]
        else:
            out += [ln for p in paras for ln in p]
    out += sk.annex_head
    if sk.row_groups:
        out.append(sk.table_header)
        groups = rng.sample(sk.row_groups, k=rng.randint(max(1, len(sk.row_groups) - 3), len(sk.row_groups)))
        n = 0
        for g in groups:
            for row in g:
                n += 1
                out.append(f"{n}\t{row}")
    out += sk.tail
    return "\n\n".join(_rewrite(ln, city, districts, agencies, rng) for ln in out) + "\n"


def write_corpus(source: Path, n: int, out_dir: Path, seed: int = 0) -> list[Path]:
    """Write n synthetic plans (synth-0000.txt, ...) derived from `source` into out_dir."""
    sk = skeleton(source.read_text(encoding="utf-8"))
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = out_dir / f"synth-{i:04d}.txt"
        path.write_text(synth_plan(sk, seed * 100_003 + i), encoding="utf-8")
        paths.append(path)
    return paths
