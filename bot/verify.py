"""Check an LLM answer against the passages it cites. Pure functions, no I/O.

# SEE: DESIGN.md "The one rule of answers": every agency name and every number in an answer comes from a
# passage the answer cites. A wrong responsible unit is worse than no answer, so this errs on rejecting.
"""

from __future__ import annotations

import re

from index.models import Chunk
from index.vocab import MEASURE

_BRACKETS = str.maketrans(
    {"（": "(", "〈": "(", "<": "(", "）": ")", "〉": ")", ">": ")", "％": "%", "，": ","}
)
_WS = re.compile(r"\s+")
# Alias markers such as [1] or 【2】 that a model may leave in its text are not claims about the plan.
_MARKER = re.compile(r"[\[【]\s*\d+\s*[\]】]")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*\s*(?:%|万)?")
_CJK = r"\u4e00-\u9fff"
# 市…局/委/办: anchored on 市/省 so 办法、委托 and the like are not read as agencies.
_CITY_AGENCY = re.compile(rf"[市省][{_CJK}]{{1,8}}?(?:委员会|办公室|局|委|办|厅)")
# Names that end in a keyword and start anywhere: their start is found against the quotes (see _name_at).
_SUFFIX_AGENCY = re.compile(r"政府|管委会|大学|学院|实验室|研究院")
# Characters that end a name on its left: function words and punctuation.
_LEFT_BOUNDARY = set("由是为和与及或的有含括等向对在按请即同、,，。：:；;“”\"'")


def normalise(text: str) -> str:
    """Form used for matching only: no whitespace, one bracket form, ASCII % and comma."""
    return _WS.sub("", text.translate(_BRACKETS))


def _numbers(text: str) -> set[tuple[str, str]]:
    """(value, suffix) pairs; thousands commas dropped so 30,000 and 30000 agree."""
    out = set()
    for m in _NUMBER.finditer(text):
        raw = m.group().replace(" ", "")
        suffix = raw[-1] if raw[-1] in "%万" else ""
        value = raw.rstrip("%万")
        if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", value):
            value = value.replace(",", "")
        out.add((value, suffix))
    return out


def _is_name_char(ch: str) -> bool:
    return ("\u4e00" <= ch <= "\u9fff" or ch in "()") and ch not in _LEFT_BOUNDARY


def _starts_a_name(quotes: str, name: str) -> bool:
    """True when name occurs in the quotes as a whole name, not as the tail of a longer one."""
    i = quotes.find(name)
    while i != -1:
        if i == 0 or not _is_name_char(quotes[i - 1]):
            return True
        i = quotes.find(name, i + 1)
    return False


def _name_at(answer: str, start: int, keyword: str, quotes: str, window: int = 12) -> str | None:
    """None when the name ending in keyword at start is grounded, else the name as the answer writes it.

    The written name runs left to the nearest boundary (punctuation, 由/是/和...). Grounded: the whole
    written name is in a quote, or its longest part found there is a whole name in that quote, so a
    verb before a true name passes (支持宁波大学) while an invented prefix on a true tail does not
    (浙江医科大学 where the quote has 宁波医科大学).
    """
    left = answer[max(0, start - window) : start]
    k = 0
    while k < len(left) and _is_name_char(left[-1 - k]):
        k += 1
    if k < 2:
        return None  # a bare keyword (“政府”、“学院”) names no one in particular
    written = left[len(left) - k :] + keyword
    for n in range(k, 1, -1):
        candidate = left[-n:] + keyword
        if candidate in quotes:
            return None if n == k or _starts_a_name(quotes, candidate) else written
    return written


def _locator_numbers(cited: list[Chunk]) -> set[tuple[str, str]]:
    nums: set[tuple[str, str]] = set()
    for c in cited:
        nums |= _numbers(normalise(c.locator))
    return nums


def verify(answer: str, cited: list[Chunk], retrieved_ids: set[str], known_units: set[str]) -> list[str]:
    """Problems found in answer (Chinese, one per line of a user note); [] means it may be shown."""
    problems: list[str] = []
    text = normalise(_MARKER.sub("", answer))
    if not text:
        return ["答案为空"]
    if not cited:
        return ["答案没有引用任何原文"]
    for c in cited:
        if c.id not in retrieved_ids:
            problems.append(f"引用的段落（{c.locator or c.id}）不在检索结果中")
    quotes = "\n".join(normalise(c.quote) for c in cited)

    names: list[str] = []
    for unit in sorted(known_units, key=len, reverse=True):
        u = normalise(unit)
        if u and u in text and u not in quotes and not any(u in n for n in names):
            names.append(u)
    for m in _CITY_AGENCY.finditer(text):
        name = m.group()
        if name not in quotes and not any(name in n or n in name for n in names):
            names.append(name)
    for m in _SUFFIX_AGENCY.finditer(text):
        bad = _name_at(text, m.start(), m.group(), quotes)
        if bad and not any(bad in n or n in bad for n in names):
            names.append(bad)
    problems.extend(f"答案中的单位“{n}”不在所引用的原文中" for n in names)

    quote_nums = _numbers(quotes)
    quote_values = {v for v, _ in quote_nums}
    allowed_locator = _locator_numbers(cited)
    for value, suffix in sorted(_numbers(text)):
        ok = (value, suffix) in quote_nums or (not suffix and value in quote_values)
        if not ok and (value, suffix) not in allowed_locator:
            problems.append(f"答案中的数字“{value}{suffix}”不在所引用的原文中")
    return problems


_STATED = re.compile(rf"\d+(?:[.,]\d+)*\s*(?:[万亿千]?(?:{MEASURE}))?")


def dropped(reference: str, answer: str, known_units: set[str]) -> list[str]:
    """What the grounded answer states and a model's retelling of it leaves out: its agencies and its
    numbers with their measure (42%, 1.5亿, 5000元). A retelling may reword, not lose a fact; locators
    (第8项, （一）) are no facts of their own. [] when nothing is lost."""
    ref = normalise(re.sub(r"(?:第\s*\d+\s*[项条])|(?:见[^：:]{0,40}[：:])", "", reference))
    text = normalise(answer)
    named = [u for u in sorted(known_units, key=len, reverse=True) if normalise(u) in ref]
    named = [u for i, u in enumerate(named) if not any(u in v for v in named[:i])]  # 市科技局, not 科技局
    lost = sorted((u for u in named if normalise(u) not in text), key=lambda u: ref.find(normalise(u)))
    for m in _STATED.finditer(ref):
        said = m.group().replace(",", "")
        if re.fullmatch(r"\d{4}", said) and ref[m.end() : m.end() + 1] == "年":
            continue  # a year: the deadline of a target, often said in the question already
        if said not in text.replace(",", "") and said not in lost:
            lost.append(said)
    return lost
