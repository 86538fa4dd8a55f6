"""Scoring of answers against eval items. Pure functions: no I/O, no models.

# SEE: ../shared/evals/README.md for the rules (normalisation, correct, citation hit, quote fidelity).
"""

from __future__ import annotations

import json
import re
import statistics
from collections.abc import Iterable, Sequence
from pathlib import Path

from pydantic import BaseModel, Field

from bot.answer import Answer

_WS = re.compile(r"\s+")
_FOLD = str.maketrans(
    {"（": "(", "〈": "(", "）": ")", "〉": ")", "，": ",", "：": ":", "；": ";", "％": "%"}
)


def normalize(text: str) -> str:
    """Form used for every match: whitespace removed, bracket forms unified, full-width ，：；％ as ASCII."""
    return _WS.sub("", text).translate(_FOLD)


def strip_ws(text: str) -> str:
    return _WS.sub("", text)


class Expect(BaseModel):
    all: list[str] = Field(default_factory=list, description="Every string must appear")
    any: list[str] = Field(default_factory=list, description="At least one must appear")
    none: list[str] = Field(default_factory=list, description="None may appear (units of a neighbouring row)")
    abstain: bool = Field(False, description="The plan does not say: the answer must abstain")


class Item(BaseModel):
    id: str
    question: str
    kind: str = "other"
    turns: list[str] = Field(default_factory=list, description="Earlier user messages, oldest first")
    expect: Expect = Field(default_factory=Expect)
    evidence: list[str] = Field(default_factory=list, description="Verbatim passages a correct answer cites")
    source: str = Field("", description="Locator(s) of the answer in the plan")
    note: str = ""
    doc: str | None = Field(None, description="doc_id or path of the plan; None = the built-in plan")
    plan: str | None = Field(None, description="Plan file the item is about (tests/fixtures/ or a path)")
    dataset: str = Field("", description="Set by the loader: the file the item came from")
    features: list[str] = Field(default_factory=list, description="Format traits the item exercises")
    split: str = Field("", description="dev (rules written on it) or holdout (scored before any fix)")


def load_items(path: Path) -> list[Item]:
    """Read a JSONL eval set; unknown keys are kept out, a bad line names its line number."""
    items = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as e:
            raise ValueError(f"{path}:{n}: 不是合法的 JSON 行（{e.msg}）") from e
        known = {k: v for k, v in raw.items() if k in Item.model_fields}
        items.append(Item(**known, dataset=known.get("dataset") or path.stem))
    return items


# --- units -------------------------------------------------------------------------------------------

# NOTE: a unit is recognised by how Chinese agency names end; the list covers 政府/局/委/办 and the
# universities, labs and "各…" collectives that plans name as responsible.
_UNIT_END = re.compile(
    r"(政府|管委会|委员会|局|委|办|厅|署|院|所|校|大学|学院|学校|实验室|中心|科协|总工会|团市委|妇联|集团|公司|银行|协会|联合会)$"
)
_UNIT_SPLIT = re.compile(r"[、,;，；。:：\s]+")


def looks_like_unit(s: str) -> bool:
    s = normalize(s)
    return 2 <= len(s) <= 20 and bool(_UNIT_END.search(s)) and not re.search(r"\d", s)


def units_in_text(text: str) -> set[str]:
    """Unit-like pieces of a passage such as '鹿城区政府、市科技局，各在温高校、科研院所'."""
    norm = normalize(text)
    # keep bracket groups whole: 各县(市、区)政府 must not split at its inner 、
    norm = re.sub(r"\(([^()]*)\)", lambda m: "(" + m.group(1).replace("、", "\0") + ")", norm)
    out = set()
    for piece in _UNIT_SPLIT.split(norm):
        piece = piece.replace("\0", "、").strip("()")
        piece = re.sub(r"^(责任单位|牵头单位|配合单位|主要责任单位)", "", piece)
        if looks_like_unit(piece):
            out.add(piece)
    return out


_RESP_LABEL = re.compile(r"(?:责任单位|牵头单位|配合单位|责任部门|牵头部门|配合部门)[:：]")
_QUOTED = re.compile(r"“[^”]*”|「[^」]*」|《[^》]*》")


def _clause_body(rest: str) -> str:
    """Text up to the bracket that closes the clause; inner groups such as 各县（市、区）政府 stay."""
    depth = 0
    for i, ch in enumerate(rest):
        if ch in "（(〈":
            depth += 1
        elif ch in "）)〉":
            if depth == 0:
                return rest[:i]
            depth -= 1
        elif ch in "。；;\n" and depth == 0:
            return rest[:i]
    return rest


def responsible_units_in_quote(quote: str) -> set[str]:
    """Units a cited passage names as responsible: its （责任单位：…） clauses, or an annex row's last cell.

    # NOTE: only these count, so a pilot title like '在高校、科研院所试点…' adds no units.
    """
    out: set[str] = set()
    for m in _RESP_LABEL.finditer(quote):
        out |= units_in_text(_clause_body(quote[m.end() :]))
    if not out and "\t" in quote:
        out |= units_in_text(quote.rstrip().rsplit("\t", 1)[-1])
    return out


def mentioned_units(answer_text: str, known: Iterable[str]) -> set[str]:
    """Known units the answer names, longest first so '区政府' does not match inside '龙湾区政府'.

    Quoted titles (“…”, 《…》) are skipped: an answer that repeats a task title is not naming its units.
    """
    text = normalize(_QUOTED.sub("", answer_text))
    found = set()
    for unit in sorted({normalize(u) for u in known}, key=len, reverse=True):
        if unit and unit in text:
            found.add(unit)
            text = text.replace(unit, "\0")
    return found


def item_set_units(items: Iterable[Item]) -> set[str]:
    """All unit-like strings an item set expects or forbids: the vocabulary for agency P/R."""
    out: set[str] = set()
    for it in items:
        for s in (*it.expect.all, *it.expect.any, *it.expect.none):
            if looks_like_unit(s):
                out.add(normalize(s))
    return out


# --- numbers -----------------------------------------------------------------------------------------

_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def expected_numbers(item: Item) -> list[str]:
    """Expected strings that carry a number ('42%', '60万', '10个'), normalised."""
    return [normalize(s) for s in (*item.expect.all,) if _NUMBER.search(s)]


def number_present(expected: str, text: str) -> bool:
    """`expected` occurs in `text` and is not part of a longer number ('15' is not in '150' or '1.5')."""
    for m in re.finditer(re.escape(expected), text):
        before = text[m.start() - 1] if m.start() else ""
        after = text[m.end()] if m.end() < len(text) else ""
        starts_digit = expected[:1].isdigit()
        ends_digit = expected[-1:].isdigit()
        if starts_digit and (before.isdigit() or before == "."):
            continue
        if ends_digit and (after.isdigit() or (after == "." and text[m.end() + 1 : m.end() + 2].isdigit())):
            continue
        return True
    return False


# --- locators ----------------------------------------------------------------------------------------

_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def cn_to_int(s: str) -> int | None:
    """'十二' -> 12, '二十' -> 20, '7' -> 7; None when it is not a number."""
    if s.isdigit():
        return int(s)
    if not s or any(c not in _CN_DIGITS and c not in "十百" for c in s):
        return None
    total, cur = 0, 0
    for c in s:
        if c == "百":
            total += (cur or 1) * 100
            cur = 0
        elif c == "十":
            total += (cur or 1) * 10
            cur = 0
        else:
            cur = _CN_DIGITS[c]
    return total + cur


_ANNEX = re.compile(r"附件\s*(\d*)\s*(?:第)?\s*([\d、,，\-—–~～至到\s]+)\s*(?:项|行|条)?")
_PATH_PART = re.compile(
    r"([一二三四五六七八九十百]+)、|[（(]([一二三四五六七八九十百\d]+)[）)]|(\d+)[.．、](?!\d)"
)


def _expand_numbers(spec: str) -> list[int]:
    out: list[int] = []
    for part in re.split(r"[、,，\s]+", spec.strip()):
        rng = re.split(r"[\-—–~～至到]+", part)
        nums = [int(x) for x in rng if x.isdigit()]
        if len(nums) == 2 and nums[0] <= nums[1] and nums[1] - nums[0] < 500:
            out.extend(range(nums[0], nums[1] + 1))
        elif nums:
            out.extend(nums)
    return out


_PAGE = re.compile(r"[·・]第\d+页$")


def parse_locator(locator: str) -> set[tuple]:
    """Canonical keys of a locator; a gold range or list yields several keys.

    '二（二）' and '二、重点任务（二）' both give {(2, 2)}; '一、主要目标' gives {(1,)};
    '附件 第6—9项' gives {('附件', 6), ..., ('附件', 9)}; '通知' gives {('通知',)}.
    """
    loc = _PAGE.sub("", strip_ws(locator))  # a PDF page ('· 第9页') does not change the place
    if not loc:
        return set()
    if re.search(r"[；;]", loc):  # several locators joined: the union of their keys
        return set().union(*(parse_locator(p) for p in re.split(r"[；;]", loc)))
    if "附件" in loc:
        m = _ANNEX.search(loc)
        nums = _expand_numbers(m.group(2)) if m else []
        return {("附件", n) for n in nums} or {("附件",)}
    # the short gold form '二（二）' omits the 、 of the section heading
    loc = re.sub(r"^([一二三四五六七八九十百]+)(?=[（(]|$)", r"\1、", loc)
    parts: list[int] = []
    pos = 0
    for m in _PATH_PART.finditer(loc):
        # only count numbers that are headings, not digits inside a title such as '“315”'
        head = m.group(1) or m.group(2) or m.group(3)
        n = cn_to_int(head)
        if n is None:
            continue
        if m.group(1) and m.start() != pos and parts:
            continue
        parts.append(n)
        pos = m.end()
    if parts:
        return {tuple(parts)}
    return {(re.sub(r"[（(].*", "", loc),)}


def locator_matches(gold: set[tuple], cited: set[tuple]) -> bool:
    """A cited key matches when it equals a gold key or sits inside it (gold '二' is hit by '二（三）')."""
    return any(c[: len(g)] == g for g in gold for c in cited)


def retrieval_rank(source: str, locators: Sequence[str]) -> int | None:
    """1-based rank of the first cited locator that matches the gold source; None when none does."""
    gold = parse_locator(source)
    if not gold:
        return None
    for rank, loc in enumerate(locators, 1):
        if locator_matches(gold, parse_locator(loc)):
            return rank
    return None


def evidence_rank(evidence: Sequence[str], quotes: Sequence[str]) -> int | None:
    """1-based rank of the first quote that contains an evidence string (locator-free, fair to baselines)."""
    ev = [normalize(e) for e in evidence if e.strip()]
    for rank, q in enumerate(quotes, 1):
        nq = normalize(q)
        if any(e in nq for e in ev):
            return rank
    return None


# --- per item ----------------------------------------------------------------------------------------


class ItemScore(BaseModel):
    id: str
    kind: str
    dataset: str
    doc: str
    system: str
    features: list[str] = Field(default_factory=list)
    split: str = ""
    correct: bool
    failures: list[str] = Field(default_factory=list, description="Why it is not correct, in words")
    abstain_expected: bool
    abstained: bool
    agency_precision: float | None = None
    agency_recall: float | None = None
    agency_f1: float | None = None
    numbers_exact: bool | None = None
    citation_hit: bool | None = None
    quote_fidelity: bool | None = Field(None, description="Every cited quote occurs in the document")
    bad_quotes: list[str] = Field(default_factory=list)
    retrieval_rank: int | None = None
    retrieval_scored: bool = False
    evidence_rank: int | None = None
    evidence_scored: bool = False
    latency_ms: float | None = None


def answer_latency_ms(answer: Answer, wall_ms: float | None) -> float | None:
    """The wall time the runner measured (it includes an LLM call), else the bot's own total."""
    if wall_ms is not None:
        return wall_ms
    total = answer.timings.get("total", answer.timings.get("total_ms"))
    return float(total) if total is not None else None


def score_item(
    item: Item,
    answer: Answer,
    document: str,
    *,
    known_units: Iterable[str] = (),
    system: str = "planbot",
    wall_ms: float | None = None,
) -> ItemScore:
    """Score one answer. `document` is the plan text the item is about; `known_units` the item-set units."""
    text = normalize(answer.answer)
    failures = []
    missing = [s for s in item.expect.all if normalize(s) not in text]
    if missing:
        failures.append("缺少：" + "、".join(missing))
    if item.expect.any and not any(normalize(s) in text for s in item.expect.any):
        failures.append("一个也没有：" + "、".join(item.expect.any))
    present = [s for s in item.expect.none if normalize(s) in text]
    if present:
        failures.append("不应出现：" + "、".join(present))
    if answer.abstained != item.expect.abstain:
        failures.append("应拒答" if item.expect.abstain else "不应拒答")

    score = ItemScore(
        id=item.id,
        kind=item.kind,
        dataset=item.dataset,
        doc=item.doc or "",
        system=system,
        features=item.features,
        split=item.split,
        correct=not failures,
        failures=failures,
        abstain_expected=item.expect.abstain,
        abstained=answer.abstained,
        latency_ms=answer_latency_ms(answer, wall_ms),
    )

    expected_units = {normalize(s) for s in item.expect.all if looks_like_unit(s)}
    if expected_units and not item.expect.abstain:
        known = set(known_units) | expected_units
        for c in answer.citations:
            known |= responsible_units_in_quote(c.quote)
        said = mentioned_units(answer.answer, known)
        tp = len(said & expected_units)
        p = tp / len(said) if said else 0.0
        r = tp / len(expected_units)
        score.agency_precision, score.agency_recall = p, r
        score.agency_f1 = 2 * p * r / (p + r) if p + r else 0.0

    numbers = expected_numbers(item)
    if numbers and not item.expect.abstain:
        score.numbers_exact = all(number_present(n, text) for n in numbers)

    quotes = [c.quote for c in answer.citations]
    if item.evidence:
        score.evidence_scored = True
        score.evidence_rank = evidence_rank(item.evidence, quotes)
        score.citation_hit = score.evidence_rank is not None

    if answer.citations:
        doc_text = strip_ws(document)
        score.bad_quotes = [q for q in quotes if strip_ws(q) not in doc_text]
        score.quote_fidelity = not score.bad_quotes

    if item.source.strip():
        score.retrieval_scored = True
        score.retrieval_rank = retrieval_rank(item.source, [c.locator for c in answer.citations])
    return score


# --- aggregates --------------------------------------------------------------------------------------


class Summary(BaseModel):
    n: int
    accuracy: float
    citation_hit: float | None = None
    quote_fidelity: float | None = None
    agency_precision: float | None = None
    agency_recall: float | None = None
    agency_f1: float | None = None
    numbers_exact: float | None = None
    abstain_precision: float | None = None
    abstain_recall: float | None = None
    hit1: float | None = None
    hit3: float | None = None
    mrr: float | None = None
    ev_hit1: float | None = None
    ev_hit3: float | None = None
    ev_mrr: float | None = None
    latency_p50_ms: float | None = None
    latency_p95_ms: float | None = None


def _mean(values: Iterable[float | bool | None]) -> float | None:
    vals = [float(v) for v in values if v is not None]
    return sum(vals) / len(vals) if vals else None


def percentile(values: Sequence[float], q: float) -> float | None:
    """Linear-interpolated percentile, q in [0, 100]."""
    vals = sorted(values)
    if not vals:
        return None
    if len(vals) == 1:
        return vals[0]
    return statistics.quantiles(vals, n=100, method="inclusive")[max(0, min(98, round(q) - 1))]


def _ranks(scored: list[tuple[bool, int | None]]) -> tuple[float | None, ...]:
    ranks = [r for ok, r in scored if ok]
    if not ranks:
        return None, None, None
    hit1 = sum(1 for r in ranks if r == 1) / len(ranks)
    hit3 = sum(1 for r in ranks if r is not None and r <= 3) / len(ranks)
    mrr = sum(1 / r for r in ranks if r) / len(ranks)
    return hit1, hit3, mrr


def summarize(scores: Sequence[ItemScore]) -> Summary:
    abstained = [s for s in scores if s.abstained]
    expected = [s for s in scores if s.abstain_expected]
    tp = sum(1 for s in abstained if s.abstain_expected)
    hit1, hit3, mrr = _ranks([(s.retrieval_scored, s.retrieval_rank) for s in scores])
    ev1, ev3, evm = _ranks([(s.evidence_scored, s.evidence_rank) for s in scores])
    lat = [s.latency_ms for s in scores if s.latency_ms is not None]
    return Summary(
        n=len(scores),
        accuracy=_mean(s.correct for s in scores) or 0.0,
        citation_hit=_mean(s.citation_hit for s in scores),
        quote_fidelity=_mean(s.quote_fidelity for s in scores),
        agency_precision=_mean(s.agency_precision for s in scores),
        agency_recall=_mean(s.agency_recall for s in scores),
        agency_f1=_mean(s.agency_f1 for s in scores),
        numbers_exact=_mean(s.numbers_exact for s in scores),
        abstain_precision=tp / len(abstained) if abstained else None,
        abstain_recall=tp / len(expected) if expected else None,
        hit1=hit1,
        hit3=hit3,
        mrr=mrr,
        ev_hit1=ev1,
        ev_hit3=ev3,
        ev_mrr=evm,
        latency_p50_ms=percentile(lat, 50),
        latency_p95_ms=percentile(lat, 95),
    )


def summarize_by(scores: Sequence[ItemScore], key: str) -> dict[str, Summary]:
    """Summaries grouped by an ItemScore field: 'kind', 'dataset', 'doc', 'system', 'split', or
    'features' (an item counts once under each of its features)."""
    groups: dict[str, list[ItemScore]] = {}
    for s in scores:
        value = getattr(s, key)
        # an item counts under each of its features
        for g in value if isinstance(value, list) else [value]:
            groups.setdefault(str(g), []).append(s)
    return {k: summarize(v) for k, v in sorted(groups.items())}
