"""BM25 over jieba tokens plus CJK character bigrams, scored and persisted by the `bm25s` library.

jieba splits names it does not know (鄞州区政府, 揭榜挂帅) unpredictably, so every CJK run also contributes
its character bigrams: a query matches a passage even when the two were segmented differently. The plan's
own terms (task titles, unit names) are added to jieba as user words so they also match whole.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

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

# 1: hand-written BM25 in lexical.json; 2: bm25s arrays in lexical/bm25s/ with lexical/meta.json.
FORMAT = 2
META = "meta.json"


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
    """BM25 (Lucene idf, k1, b) over tokenized passages, scored by `bm25s` on a sparse matrix.

    ids are chunk ids, docs their plan ids for filtering. A query costs the postings of its own terms
    (numpy over the CSC columns) plus one pass over a score vector, not a Python loop over every passage.
    """

    def __init__(
        self, model: Any, ids: list[str], docs: list[str], user_words: list[str], k1: float, b: float
    ) -> None:
        self._model = model
        self.ids, self.docs, self.user_words = ids, docs, user_words
        self.k1, self.b = k1, b
        by_doc: dict[str, list[int]] = {}
        for i, d in enumerate(docs):
            by_doc.setdefault(d, []).append(i)
        self._by_doc = {d: np.asarray(v, dtype=np.int64) for d, v in by_doc.items()}
        add_user_words(user_words)

    @classmethod
    def build(
        cls,
        items: Iterable[tuple[str, str, str]],
        user_words: Iterable[str] = (),
        k1: float = 1.2,
        b: float = 0.75,
    ) -> LexicalIndex:
        """items: (chunk_id, doc_id, text). User words are registered before tokenizing."""
        import bm25s

        words = sorted({w.strip() for w in user_words if w and w.strip()})
        add_user_words(words)
        ids: list[str] = []
        docs: list[str] = []
        corpus: list[list[str]] = []
        for cid, doc, text in items:
            ids.append(cid)
            docs.append(doc)
            corpus.append(tokenize(text))
        # NOTE: method "lucene" is the BM25 the hand-written index used (idf log(1 + (N-df+.5)/(df+.5)));
        # its tf part lacks the constant (k1+1) factor, which changes scores but not the order.
        model = bm25s.BM25(k1=k1, b=b, method="lucene", csc_backend="numpy")
        # NOTE: bm25s cannot index an empty corpus; an empty index answers every query with nothing.
        if corpus:
            model.index(corpus, show_progress=False)
        return cls(model if corpus else None, ids, docs, words, k1, b)

    def search(self, query: str, k: int, doc: str | None = None) -> list[tuple[str, float]]:
        """Best k chunk ids with BM25 scores (higher is better); only positive scores are returned.
        Ties keep passage order, so results are deterministic."""
        if self._model is None or k <= 0:
            return []
        vocab = self._model.vocab_dict
        # NOTE: a repeated query term counts once per occurrence (bm25s sums repeated ids).
        tids = [vocab[t] for t in tokenize(query) if t in vocab]
        if not tids:
            return []
        scores = self._model.get_scores_from_ids(tids)
        if doc is None:
            cand = np.flatnonzero(scores > 0)
        else:
            rows = self._by_doc.get(doc)
            if rows is None:
                return []
            cand = rows[scores[rows] > 0]
        if len(cand) > k:
            # the k-th best score; every passage at or above it, ties included, is then ordered exactly
            kth = np.partition(scores[cand], len(cand) - k)[len(cand) - k]
            cand = cand[scores[cand] >= kth]
        order = cand[np.lexsort((cand, -scores[cand]))][:k]
        return [(self.ids[i], float(scores[i])) for i in order]

    # ------------------------------------------------------------ persistence

    def save(self, path: Path) -> None:
        """Write the index into the directory `path` (created): bm25s's arrays plus meta.json last."""
        path.mkdir(parents=True, exist_ok=True)
        if self._model is not None:
            self._model.save(str(path / "bm25s"), show_progress=False)
        meta = {
            "format": FORMAT,
            "k1": self.k1,
            "b": self.b,
            "ids": self.ids,
            "docs": self.docs,
            "user_words": self.user_words,
        }
        (path / META).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> LexicalIndex:
        """Read what save() wrote. ValueError for another format, OSError for missing files."""
        import bm25s

        meta = json.loads((path / META).read_text(encoding="utf-8"))
        if not isinstance(meta, dict) or meta.get("format") != FORMAT:
            fmt = meta.get("format") if isinstance(meta, dict) else None
            raise ValueError(f"lexical index format {fmt!r}, expected {FORMAT}")
        try:
            ids, docs, words, k1, b = (meta[k] for k in ("ids", "docs", "user_words", "k1", "b"))
        except KeyError as e:
            raise ValueError(f"lexical index: {META} lacks {e}") from e
        model = None
        if ids:
            # NOTE: read into memory, not mmap: garbage collection may delete a version still being read.
            model = bm25s.BM25.load(str(path / "bm25s"), mmap=False, show_progress=False, verbosity=0)
            if model.scores["num_docs"] != len(ids) or len(docs) != len(ids):
                raise ValueError("lexical index: bm25s matrix, ids and docs disagree")
        return cls(model, ids, docs, words, k1, b)
