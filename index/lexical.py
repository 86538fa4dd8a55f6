"""BM25 over jieba tokens plus CJK character bigrams, serialisable to JSON.

jieba splits names it does not know (鄞州区政府, 揭榜挂帅) unpredictably, so every CJK run also contributes
its character bigrams: a query matches a passage even when the two were segmented differently. The plan's
own terms (task titles, unit names) are added to jieba as user words so they also match whole.
"""

from __future__ import annotations

import logging
import math
import re
import threading
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
_WORD = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]|[a-z0-9]+(?:\.[0-9]+)?")
# Question words and glue that carry no topic; BM25's idf would mostly mute them, but short queries
# are dominated by them otherwise.
_STOP_WORDS = (
    "的 了 和 与 及 是 在 有 为 对 等 由 谁 哪些 哪个 哪 什么 多少 吗 呢 啊 吧 请问 请 这个 这项 那个"
    " 其 之 中 上 要 把 被 个 该 或 并 以 将 向 从"
    " the a an of to and or is are what who which how"
)
_STOP = frozenset(_STOP_WORDS.split())
_BRACKETS = str.maketrans({"(": "（", ")": "）", "〈": "（", "〉": "）", "<": "（", ">": "）"})

_lock = threading.Lock()
_tokenizer: Any = None
_user_words: set[str] = set()

FORMAT = 1


def _jieba() -> Any:
    """The process-wide jieba tokenizer, initialised once and quietly (jieba logs to stderr by default)."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                tok = jieba.Tokenizer()
                tok.initialize()
                _tokenizer = tok
    return _tokenizer


def add_user_words(words: Iterable[str]) -> None:
    """Teach jieba the plan's own terms so they tokenize whole. Idempotent."""
    new = {w.strip() for w in words if w and 2 <= len(w.strip()) <= 24} - _user_words
    if not new:
        return
    tok = _jieba()
    with _lock:
        for w in sorted(new):
            # NOTE: jieba's HMM would otherwise split a term containing a space or punctuation oddly;
            # only plain CJK/alnum terms are useful as whole words.
            if re.fullmatch(r"[\w\u3400-\u9fff（）]+", w):
                tok.add_word(w)
        _user_words.update(new)


def normalise(text: str) -> str:
    return text.lower().translate(_BRACKETS)


def tokenize(text: str) -> list[str]:
    """jieba search-mode tokens (stopwords and punctuation dropped) followed by CJK bigrams ('2:' prefix)."""
    text = normalise(text)
    words = [w for w in _jieba().cut_for_search(text) if _WORD.match(w) and w not in _STOP]
    grams = [f"2:{run[i : i + 2]}" for run in _CJK_RUN.findall(text) for i in range(len(run) - 1)]
    singles = [f"2:{run}" for run in _CJK_RUN.findall(text) if len(run) == 1 and run not in _STOP]
    return words + grams + singles


class LexicalIndex:
    """BM25 (k1, b) over tokenized passages; ids are chunk ids, docs their plan ids for filtering."""

    def __init__(
        self,
        ids: list[str],
        docs: list[str],
        lengths: list[int],
        postings: dict[str, list[list[int]]],
        user_words: list[str],
        k1: float = 1.2,
        b: float = 0.75,
    ) -> None:
        self.ids, self.docs, self.lengths = ids, docs, lengths
        self.postings = postings
        self.user_words = user_words
        self.k1, self.b = k1, b
        n = len(ids)
        self._avg = (sum(lengths) / n) if n else 1.0
        self._idf = {t: math.log(1 + (n - len(p) + 0.5) / (len(p) + 0.5)) for t, p in postings.items()}
        add_user_words(user_words)

    @classmethod
    def build(cls, items: Iterable[tuple[str, str, str]], user_words: Iterable[str] = ()) -> LexicalIndex:
        """items: (chunk_id, doc_id, text). User words are registered before tokenizing."""
        words = sorted({w.strip() for w in user_words if w and w.strip()})
        add_user_words(words)
        ids: list[str] = []
        docs: list[str] = []
        lengths: list[int] = []
        postings: dict[str, list[list[int]]] = defaultdict(list)
        for i, (cid, doc, text) in enumerate(items):
            toks = tokenize(text)
            ids.append(cid)
            docs.append(doc)
            lengths.append(len(toks))
            for term, tf in Counter(toks).items():
                postings[term].append([i, tf])
        return cls(ids, docs, lengths, dict(postings), words)

    def search(self, query: str, k: int, doc: str | None = None) -> list[tuple[str, float]]:
        """Best k chunk ids with BM25 scores (higher is better); only positive scores are returned."""
        scores: dict[int, float] = defaultdict(float)
        k1, b, avg = self.k1, self.b, self._avg
        for term, qtf in Counter(tokenize(query)).items():
            plist = self.postings.get(term)
            if not plist:
                continue
            idf = self._idf[term]
            for i, tf in plist:
                if doc is not None and self.docs[i] != doc:
                    continue
                norm = tf + k1 * (1 - b + b * self.lengths[i] / avg)
                scores[i] += qtf * idf * tf * (k1 + 1) / norm
        best = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[: max(k, 0)]
        return [(self.ids[i], s) for i, s in best if s > 0]

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "k1": self.k1,
            "b": self.b,
            "ids": self.ids,
            "docs": self.docs,
            "lengths": self.lengths,
            "user_words": self.user_words,
            "postings": self.postings,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LexicalIndex:
        if data.get("format") != FORMAT:
            raise ValueError(f"lexical index format {data.get('format')!r}, expected {FORMAT}")
        return cls(
            data["ids"],
            data["docs"],
            data["lengths"],
            data["postings"],
            data["user_words"],
            data["k1"],
            data["b"],
        )
