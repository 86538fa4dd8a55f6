"""The question path over many plans (issue 14): what replaced per-question scans must answer as the scans
did. Linking looks items up instead of scoring all of them; a catalogue view scores a plan's items as
the whole catalogue does; over many plans a question is answered from the plans retrieval finds; the
embedding cache survives a killed build."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from bot.catalog import Catalog
from bot.linking import core_of, link_items
from bot.understand import understand
from index.embed import DIM, embed_cached, text_key
from index.pipeline import ingest
from index.settings import AnsweringSettings, Settings
from tests.conftest import CORPUS, FIXTURES, ROOT, grounded_context

PLAN_FILES = [
    CORPUS,
    FIXTURES / "qingshan-gbk.txt",
    FIXTURES / "jiangbei-table.txt",
    FIXTURES / "nanhu-table.docx",
]


def _questions(limit: int = 120) -> list[str]:
    lines = (ROOT / "evals" / "data" / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    qs = [json.loads(ln)["question"] for ln in lines if ln.strip()]
    extra = ["环保", "先头后股", "附件第8项是什么？", "二（五）由谁负责？", "Who leads the pilot?"]
    return [*qs[:limit], *extra]


@pytest.fixture(scope="module")
def multi():  # type: ignore[no-untyped-def]
    return grounded_context([ingest(p) for p in PLAN_FILES])


def _full_scan(cat: Catalog) -> Catalog:
    # thresholds at or under a tie make link_items score every item, as it did before its index
    return replace(cat, th=AnsweringSettings(link_min=0.01, tie=0.02), item_indexes={})


def _scored(links: list) -> list[tuple[str, str, str, float]]:  # type: ignore[type-arg]
    return [(lk.item.doc_id, lk.item.locator, lk.item.name, lk.score) for lk in links if lk.score > 0]


def test_linking_by_index_scores_what_a_full_scan_scores(multi) -> None:  # type: ignore[no-untyped-def]
    full = _full_scan(multi.cat)
    for q in _questions():
        core = core_of(q)
        indexed, scanned = link_items(core, multi.cat, question=q), link_items(core, full, question=q)
        assert _scored(indexed) == _scored(scanned), q


def test_a_view_scores_its_plans_items_with_the_whole_catalogues_weights(multi) -> None:  # type: ignore[no-untyped-def]
    docs = ["qingshan-gbk", "nanhu-table"]
    view = multi.cat.view(docs)
    assert {it.doc_id for it in view.items} == set(docs) and view.idf is multi.cat.idf
    # the same as scanning those plans' items with the whole catalogue's weights, units and terms
    only = _full_scan(replace(multi.cat, items=[it for it in multi.cat.items if it.doc_id in docs]))
    for q in _questions(60):
        core = core_of(q)
        assert _scored(link_items(core, view, question=q)) == _scored(link_items(core, only, question=q)), q


def test_understanding_in_a_view_names_the_same_plan(multi) -> None:  # type: ignore[no-untyped-def]
    view = multi.cat.view(["qingshan-gbk", "wenzhou-2023-86"])
    u = understand("青山县的计划中谁牵头发展智慧农业？", None, view)
    assert u.doc == "qingshan-gbk" and u.links and u.links[0].item.doc_id == "qingshan-gbk"


class HashEmbedder:
    """Deterministic stand-in vectors: builds an index in seconds; dense results are meaningless."""

    name = "test-hash-embedder"

    def __init__(self, fail_after: int | None = None) -> None:
        self.calls = 0
        self.fail_after = fail_after

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        self.calls += 1
        if self.fail_after is not None and self.calls > self.fail_after:
            raise KeyboardInterrupt  # the build is killed
        out = np.stack([np.random.default_rng(int(text_key(t)[:8], 16)).normal(size=DIM) for t in texts])
        return (out / np.linalg.norm(out, axis=1, keepdims=True)).astype(np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_passages([text])[0]


def test_a_killed_embedding_run_resumes_from_its_cache(tmp_path: Path) -> None:
    texts = [f"第{i}项任务由市科技局负责" for i in range(40)]
    path = tmp_path / "cache" / "e.npz"
    with pytest.raises(KeyboardInterrupt):
        embed_cached(HashEmbedder(fail_after=3), texts, path, save_every_s=0)
    emb = HashEmbedder()
    vecs, new = embed_cached(emb, texts, path)
    assert new <= 40 - 8 and vecs.shape == (40, DIM)  # what was embedded before the kill was kept
    assert embed_cached(HashEmbedder(), texts, path)[1] == 0


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Four plans indexed (stand-in vectors), and settings that treat four plans as many."""
    from index.store import build_index

    settings = Settings(home=tmp_path_factory.mktemp("many-plans"))
    build_index(PLAN_FILES, settings, embedder=HashEmbedder())  # type: ignore[arg-type]
    retrieval = settings.retrieval.model_copy(update={"all_plans_up_to": 1, "max_plans": 2})
    return settings.model_copy(update={"retrieval": retrieval})


def test_over_many_plans_a_question_is_answered_from_the_plans_retrieval_finds(many: Settings) -> None:
    from bot.service import Service

    svc = Service.from_settings(many)
    assert svc.warm()["catalogue_s"] >= 0
    ans = svc.ask("谁负责新建公共充电桩？")
    assert {c.doc for c in ans.citations} == {"nanhu-table"} and "市住建局" in ans.answer
    assert "《" in ans.answer  # still names its plan: the index holds several
    ans = svc.ask("在青山县的计划里，谁负责繁荣农村电子商务？")
    assert not ans.abstained and "县商务局" in ans.answer
    assert {c.doc_title for c in ans.citations} == {"青山县数字乡村建设行动计划"}


def test_a_plan_found_by_retrieval_is_answered_as_when_all_plans_are_read(many: Settings) -> None:
    from bot.service import Service

    narrow = Service.from_settings(many)
    wide = Service.from_settings(many.model_copy(update={"retrieval": Settings().retrieval}))
    for q in ("谁负责新建公共充电桩？", "谁负责开展“先投后股”科技成果转化试点？", "留温率目标是多少？"):
        a, b = narrow.ask(q), wide.ask(q)
        assert a.answer == b.answer, q
        assert [c.chunk_id for c in a.citations] == [c.chunk_id for c in b.citations], q
