"""Matching keys shared by understanding and answering: normalised text, character bigrams. Pure."""

from __future__ import annotations

import re
from functools import lru_cache

_BRACKETS = str.maketrans({"（": "(", "）": ")", "〈": "(", "〉": ")", "【": "(", "】": ")"})
_PUNCT = re.compile(r"[\s，。、；：？！,.;:?!“”\"'‘’《》()（）〈〉「」]+")


@lru_cache(maxsize=16384)
def norm(text: str) -> str:
    """Form used for matching only: no whitespace/punctuation, brackets unified, Latin lower-cased."""
    return _PUNCT.sub("", text.translate(_BRACKETS)).lower()


def bigrams(text: str) -> set[str]:
    t = norm(text)
    return {t[i : i + 2] for i in range(len(t) - 1)} if len(t) > 1 else {t} if t else set()


def longest_common(a: str, b: str, floor: int = 1) -> int:
    """Length of the longest substring of `a` found in `b` (0 when shorter than `floor`).

    Substring search in C beats a Python DP table by far for the short questions seen here.
    """
    a, b = norm(a)[:60], norm(b)
    best = 0
    for i in range(len(a)):
        length = max(best + 1, floor)
        while i + length <= len(a) and a[i : i + length] in b:
            best = length
            length += 1
    return best


def is_latin(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isascii() for c in letters) / len(letters) > 0.6


def weighted_cov(a: set[str], b: set[str], idf: dict[str, float]) -> float:
    """Share of `a`'s weight that `b` covers."""
    total = sum(idf.get(x, 3.0) for x in a)
    return sum(idf.get(x, 3.0) for x in a & b) / total if total else 0.0


@lru_cache(maxsize=4096)
def words(text: str) -> tuple[str, ...]:
    """jieba's words of the text (default dictionary, to which nothing is added), remembered: answerers
    split the same question core once per target or passage they score."""
    import jieba  # the lexical index has it loaded already; imported here to keep import time light

    return tuple(jieba.lcut(text))
