"""The project's gold eval set (evals/data/gold.jsonl) must agree with the plan text it is about.

A wrong gold answer is worse than none: these checks catch a unit that the cited section does not
name, a `none` trap that a correct quote would trip, or an evidence passage that is not verbatim.
Fast and model-free: only the plan text and the JSONL files are read.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "index" / "corpus" / "wenzhou-2023-86.txt"
GOLD = ROOT / "evals" / "data" / "gold.jsonl"
DEV = ROOT.parent / "shared" / "evals" / "dev.jsonl"

KINDS = {"responsible", "target", "reverse", "list", "fact", "abstain", "english", "multiturn"}
MIN_PER_KIND = {
    "responsible": 40,
    "target": 25,
    "reverse": 15,
    "list": 10,
    "fact": 20,
    "abstain": 20,
    "english": 15,
    "multiturn": 15,
}
CN_NUMERALS = "一二三四五六七八九十"

# SEE: shared/evals/README.md — the held-out scorer's matching rules.
_FOLD = str.maketrans("（〈）〉，：；％", "(()),:;%")


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def normalise(text: str) -> str:
    """Whitespace removed, bracket forms unified, full-width ，：；％ as ASCII."""
    return squash(text).translate(_FOLD)


@cache
def plan_raw() -> str:
    return CORPUS.read_text(encoding="utf-8")


@cache
def plan_norm() -> str:
    return normalise(plan_raw())


def load(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _between(text: str, start: str, end: str | None) -> str:
    i = text.index(start)
    j = text.index(end, i) if end else len(text)
    return text[i:j]


def _numbered(body: str) -> dict[int, str]:
    """Split a section on its （一）（二）… sub-headings."""
    parts = re.split(f"\\(([{CN_NUMERALS}])\\)", body)
    return {CN_NUMERALS.index(parts[k]) + 1: parts[k + 1] for k in range(1, len(parts) - 1, 2)}


@cache
def sections() -> dict[str, str]:
    """Normalised text of each locator the gold set uses, located independently of the bot's parser."""
    text = plan_norm()
    out = {
        "通知": _between(text, "温州市人民政府办公室文件", "为贯彻党的二十大精神"),
        "一、主要目标": _between(text, "一、主要目标", "二、重点任务"),
        "二、重点任务": _between(text, "二、重点任务", "三、保障措施"),
        "三、保障措施": _between(text, "三、保障措施", "附件:"),
        "抄送": _between(text, "抄送:", None),
    }
    out["附件"] = text[text.rindex("温州市教育科技人才一体先行改革试点清单") : text.index("抄送:")]
    for head in ("二、重点任务", "三、保障措施"):
        for n, body in _numbered(out[head]).items():
            out[f"{head}({CN_NUMERALS[n - 1]})"] = body
    for line in plan_raw().splitlines():
        if m := re.match(r"(\d+)\t", line):
            out[f"附件第{m.group(1)}项"] = normalise(line)
    return out


def _rows(spec: str) -> list[int]:
    if m := re.fullmatch(r"(\d+)[—-](\d+)", spec):
        return list(range(int(m.group(1)), int(m.group(2)) + 1))
    return [int(n) for n in spec.split("、")]


def located_text(source: str) -> str | None:
    """Text of the sections a `source` names (joined with ；), or None if one is not understood."""
    found = sections()
    texts = []
    for part in normalise(source).split(";"):
        if m := re.fullmatch(r"附件第(.+)项", part):
            keys = [f"附件第{n}项" for n in _rows(m.group(1))]
        else:
            keys = [part]
        if any(k not in found for k in keys):
            return None
        texts.extend(found[k] for k in keys)
    return "".join(texts)


def item_problems(item: dict[str, Any]) -> list[str]:
    """Problems that make an item unusable in any scored set (gold or dev)."""
    problems = []
    expect = item.get("expect", {})
    if item.get("kind") not in KINDS:
        problems.append(f"kind {item.get('kind')!r}")
    if not str(item.get("question", "")).strip():
        problems.append("empty question")
    for key in expect:
        if key not in {"all", "any", "none", "abstain"}:
            problems.append(f"unknown expect key {key}")
    for s in item.get("evidence", []):
        if squash(s) not in squash(plan_raw()):
            problems.append(f"evidence not verbatim: {s}")
    for s in expect.get("all", []) + expect.get("any", []):
        if normalise(s) not in plan_norm():
            problems.append(f"expected string not in plan: {s}")
    if expect.get("abstain"):
        if item.get("evidence") or expect.get("all") or expect.get("any"):
            problems.append("abstain item with evidence or expected strings")
    else:
        if not item.get("evidence"):
            problems.append("no evidence")
        if not (expect.get("all") or expect.get("any")):
            problems.append("nothing expected")
    clash = {normalise(s) for s in expect.get("none", [])} & {
        normalise(s) for s in expect.get("all", []) + expect.get("any", [])
    }
    if clash:
        problems.append(f"both expected and forbidden: {clash}")
    if item.get("kind") == "multiturn" and not item.get("turns"):
        problems.append("multiturn without turns")
    return problems


def split_units(cell: str) -> list[str]:
    """Split a normalised 责任单位 list on 、 and , keeping 各县(市、区)政府 whole."""
    shielded = re.sub(r"\([^)]*\)", lambda m: m.group().replace("、", "|"), cell)
    return [u.replace("|", "、") for u in re.split(r"[、,]", shielded) if u]


def gold() -> list[dict[str, Any]]:
    return load(GOLD)


def test_gold_lines_parse_and_ids_are_unique() -> None:
    items = gold()
    ids = [it["id"] for it in items]
    assert all(re.fullmatch(r"G\d{3}", i) for i in ids)
    assert [i for i, n in Counter(ids).items() if n > 1] == []


def test_gold_items_are_consistent_with_the_plan() -> None:
    bad = {it["id"]: p for it in gold() if (p := item_problems(it))}
    assert bad == {}


def test_gold_covers_every_kind_in_the_required_numbers() -> None:
    counts = Counter(it["kind"] for it in gold())
    short = {k: (counts[k], n) for k, n in MIN_PER_KIND.items() if counts[k] < n}
    assert short == {}
    assert len(gold()) >= 160


def test_gold_sources_name_sections_that_hold_the_answer() -> None:
    """The cited section itself contains every evidence and `all` string, and no `none` trap."""
    bad = {}
    for it in gold():
        if it["expect"].get("abstain"):
            continue
        text = located_text(it["source"])
        if text is None:
            bad[it["id"]] = f"source not understood: {it['source']}"
            continue
        missing = [s for s in it["evidence"] if normalise(s) not in text]
        missing += [s for s in it["expect"].get("all", []) if normalise(s) not in text]
        if it["expect"].get("any") and not any(normalise(s) in text for s in it["expect"]["any"]):
            missing.append("no `any` string")
        trapped = [s for s in it["expect"].get("none", []) if normalise(s) in text]
        if missing or trapped:
            bad[it["id"]] = {"missing": missing, "none found in section": trapped}
    assert bad == {}


def test_every_annex_row_and_key_task_has_a_responsible_item() -> None:
    covered = {it["source"] for it in gold() if it["kind"] == "responsible"}
    rows = {f"附件 第{n}项" for n in range(1, 16)}
    tasks = {f"二、重点任务（{c}）" for c in CN_NUMERALS[:8]}
    assert (rows | tasks) - covered == set()


def test_responsible_items_list_every_unit_of_their_row_or_task() -> None:
    """A row's whole 责任单位 cell is expected, so a half answer cannot pass."""
    bad = {}
    for it in gold():
        if it["kind"] != "responsible":
            continue
        text = located_text(it["source"])
        assert text is not None
        cell = re.search(r"责任单位:(.*)\)", text) or re.search(r"[。；;]([^。]*?)$", text)
        assert cell, it["id"]
        units = split_units(cell.group(1))
        expected = {normalise(s) for s in it["expect"]["all"]}
        missing = [u for u in units if u not in expected]
        if missing:
            bad[it["id"]] = missing
    assert bad == {}


def test_dev_set_passes_the_same_validation() -> None:
    if not DEV.exists():
        pytest.skip("shared dev set not present")
    items = load(DEV)
    assert len({it["id"] for it in items}) == len(items)
    bad = {it["id"]: p for it in items if (p := item_problems(it))}
    assert bad == {}


def test_normalise_follows_the_scoring_rules() -> None:
    assert normalise("各县〈市、区〉政府") == normalise("各县（市、区）政府")
    assert normalise("30000 件") == "30000件"
    assert normalise("达 42％以上，其中") == "达42%以上,其中"
    assert split_units("市科技局,各县(市、区)政府、科研院所") == ["市科技局", "各县(市、区)政府", "科研院所"]
