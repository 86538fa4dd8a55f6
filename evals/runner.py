"""Run eval sets through planbot (and the baseline) and score every answer.

The runner is the only part of evals/ that touches the index, the bot and the disk; scoring stays in
score.py and rendering in report.py.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

from bot.answer import Answer
from evals.score import (
    Item,
    ItemScore,
    Summary,
    item_set_units,
    load_items,
    score_item,
    summarize,
    summarize_by,
)
from index.settings import DEFAULT_CORPUS, Settings

REPO = Path(__file__).resolve().parent.parent
GOLD = REPO / "evals" / "data" / "gold.jsonl"
# Open, listing, topic-switch and trap questions about the shipped plan (issue: conversations and open
# questions); scored like the gold set.
OPEN = REPO / "evals" / "data" / "open.jsonl"
PLAN_SETS = REPO / "evals" / "data" / "plans"
FIXTURES = REPO / "tests" / "fixtures"
Mode = Literal["grounded", "llm"]
DEFAULT_DOC = ""  # key of the built-in plan in the documents map: items without a `doc`


class Asker(Protocol):
    def ask(self, question: str, history: Sequence[str] | None = None, doc: str | None = None) -> Answer: ...


def dev_set_path(environ: dict[str, str] | None = None) -> Path | None:
    """The shared public dev set: $PLANBOT_DEV_SET, else ../shared/evals/dev.jsonl next to the repo."""
    env = os.environ if environ is None else environ
    if env.get("PLANBOT_DEV_SET"):
        return Path(env["PLANBOT_DEV_SET"]).expanduser()
    path = REPO.parent / "shared" / "evals" / "dev.jsonl"
    return path if path.exists() else None


# Real plans whose text came from fetched repository snapshots are kept beside the shared dev set, not in
# this repository (../shared/evals/plans/<set>/: the plan files and their gold items together).
SHARED_PLAN_SETS = REPO.parent / "shared" / "evals" / "plans"


def default_datasets() -> list[Path]:
    """The project's gold set, the shared dev set, one set per fixture plan, and one per real public plan
    (evals/data/plans/real/, split into dev and holdout; ../shared/evals/plans/*/ when present): accuracy
    per plan."""
    sets = [p for p in (GOLD, OPEN, dev_set_path()) if p is not None and p.exists()]
    real = sorted((PLAN_SETS / "real").glob("*.jsonl")) + sorted(SHARED_PLAN_SETS.glob("*/*.jsonl"))
    return sets + sorted(PLAN_SETS.glob("*.jsonl")) + real


def load_datasets(paths: Sequence[Path]) -> list[Item]:
    """Items of all sets; ids are prefixed by the set name when two sets share one."""
    items: list[Item] = []
    seen: set[str] = set()
    for path in paths:
        for it in load_items(path):
            if it.id in seen:
                it = it.model_copy(update={"id": f"{it.dataset}:{it.id}"})
            seen.add(it.id)
            if it.plan:
                # NOTE: `plan` names the file; the runner indexes it and scopes questions to its doc_id.
                it = it.model_copy(update={"doc": str(_resolve_doc_path(it.plan, path))})
            if it.doc and _is_path(it.doc):
                it = it.model_copy(update={"doc": str(_resolve_doc_path(it.doc, path))})
            items.append(it)
    return items


def spread(items: Sequence[Item], limit: int | None) -> list[Item]:
    """At most `limit` items, taken round-robin over kinds so a small run still covers every kind."""
    if limit is None or limit >= len(items):
        return list(items)
    by_kind: dict[str, list[Item]] = {}
    for it in items:
        by_kind.setdefault(it.kind, []).append(it)
    out: list[Item] = []
    while len(out) < limit:
        out += [v.pop(0) for v in by_kind.values() if v][: limit - len(out)]
    return out


def _is_path(doc: str) -> bool:
    return Path(doc).suffix.lower() in {".txt", ".md", ".docx", ".pdf"} or "/" in doc


def _resolve_doc_path(doc: str, dataset: Path) -> Path:
    for base in (dataset.parent, REPO, FIXTURES, Path.cwd()):
        cand = (base / doc).resolve()
        if cand.exists():
            return cand
    return Path(doc)


def settings_for_mode(settings: Settings, mode: Mode) -> Settings:
    """grounded forces the LLM off; llm turns it on (openai when an endpoint is set, else local)."""
    llm = settings.llm
    if mode == "grounded":
        llm = llm.model_copy(update={"mode": "none"})
    elif llm.mode == "none":
        llm = llm.model_copy(update={"mode": "openai" if llm.base_url else "local"})
    return settings.model_copy(update={"llm": llm})


def settings_hash(settings: Settings) -> str:
    """Hash of what changes answers (retrieval, LLM, store): not the home dir, UI or secrets."""
    data = settings.model_dump(mode="json", exclude={"home": True, "ui": True, "llm": {"api_key"}})
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:12]


# --- documents and index -----------------------------------------------------------------------------


def _read_plan_text(path: Path) -> str | None:
    if path.suffix.lower() in {".txt", ".md"} and path.exists():
        raw = path.read_bytes()
        for enc in ("utf-8", "gb18030"):
            try:
                return raw.decode(enc)
            except UnicodeDecodeError:
                continue
    return None


def ensure_index(items: Sequence[Item], settings: Settings, progress: bool = False) -> dict[str, str]:
    """Index the built-in plan and every plan file the items name, when not indexed yet.

    Returns the documents map: item doc key -> plan text (the document quotes are checked against).
    """
    from index.store import build_index, open_index

    extra = {Path(it.doc).resolve() for it in items if it.doc and _is_path(it.doc)}
    needed = [DEFAULT_CORPUS.resolve(), *sorted(extra - {DEFAULT_CORPUS.resolve()})]
    # NOTE: always through build_index, which costs a few file hashes when nothing changed: an index made
    # by older parsing code is re-read there, where skipping plans already indexed scored stale facts.
    build_index(needed, settings, progress=progress)
    plans = open_index(settings).plans

    docs: dict[str, str] = {}
    by_path = {str(Path(p.path).resolve()): p for p in plans.values()}
    default = by_path.get(str(DEFAULT_CORPUS.resolve()))
    docs[DEFAULT_DOC] = _read_plan_text(DEFAULT_CORPUS) or (default.text if default else "")
    for it in items:
        key = it.doc or DEFAULT_DOC
        if key in docs:
            continue
        plan = by_path.get(key) if _is_path(key) else plans.get(key)
        text = _read_plan_text(Path(plan.path)) if plan else _read_plan_text(Path(key))
        docs[key] = text or (plan.text if plan else "")
    return docs


def doc_ids_for_items(items: Sequence[Item], settings: Settings) -> dict[str, str | None]:
    """The plan the bot is told to search, per item id: each item is scoped to the plan it is about.

    NOTE: the eval index holds every fixture plan beside the built-in one; an item is scored against
    its own plan's text, so it is asked within that plan (as a user picks 方案范围). How unscoped
    questions behave with several plans is covered by tests, not by this score.
    """
    from index.store import open_index

    # the index is read once: opening it per item read every plan, fact and passage again each time
    by_path = {str(Path(p.path).resolve()): p.doc_id for p in open_index(settings).plans.values()}
    default = str(DEFAULT_CORPUS.resolve())
    return {
        it.id: it.doc if it.doc and not _is_path(it.doc) else by_path.get(it.doc or default) for it in items
    }


# --- running -----------------------------------------------------------------------------------------


@dataclass
class Result:
    item: Item
    system: str
    answer: Answer
    wall_ms: float
    score: ItemScore

    def row(self) -> dict:
        return {
            "system": self.system,
            "id": self.item.id,
            "kind": self.item.kind,
            "dataset": self.item.dataset,
            "question": self.item.question,
            "turns": self.item.turns,
            "wall_ms": round(self.wall_ms, 1),
            "answer": self.answer.model_dump(),
            "score": self.score.model_dump(),
        }


def run_system(
    name: str,
    ask: Callable[[Item], Answer],
    items: Sequence[Item],
    docs: dict[str, str],
    *,
    known_units: set[str] | None = None,
    progress: bool = True,
    warmup: bool = True,
) -> list[Result]:
    """Ask every item, time it, score it. An exception becomes an empty wrong answer, not a crash."""
    from tqdm import tqdm

    units = known_units if known_units is not None else item_set_units(items)
    results = []
    if warmup and items:
        # NOTE: one unscored question first, so lazy model loads do not land in the first item's latency
        with contextlib.suppress(Exception):
            ask(items[0])
    for it in tqdm(items, desc=name, unit="题", file=sys.stderr, disable=not progress, dynamic_ncols=True):
        t0 = time.perf_counter()
        try:
            ans = ask(it)
        except Exception as e:  # one failing question must not end the run
            ans = Answer(answer="", mode=f"error:{type(e).__name__}", notes=[str(e)[:300]])
        wall = (time.perf_counter() - t0) * 1000
        doc_text = docs.get(it.doc or DEFAULT_DOC, "")
        sc = score_item(it, ans, doc_text, known_units=units, system=name, wall_ms=wall)
        results.append(Result(it, name, ans, wall, sc))
    return results


@dataclass
class EvalRun:
    mode: str
    datasets: list[str]
    settings_hash: str
    machine: dict
    started: str
    results: list[Result] = field(default_factory=list)

    def systems(self) -> list[str]:
        return list(dict.fromkeys(r.system for r in self.results))

    def scores(self, system: str) -> list[ItemScore]:
        return [r.score for r in self.results if r.system == system]

    def summary(self, system: str) -> Summary:
        return summarize(self.scores(system))

    def by(self, system: str, key: str) -> dict[str, Summary]:
        return summarize_by(self.scores(system), key)

    def to_json(self) -> dict:
        return {
            "mode": self.mode,
            "datasets": self.datasets,
            "settings_hash": self.settings_hash,
            "machine": self.machine,
            "started": self.started,
            "systems": {
                s: {
                    "overall": self.summary(s).model_dump(),
                    "by_kind": {k: v.model_dump() for k, v in self.by(s, "kind").items()},
                    "by_dataset": {k: v.model_dump() for k, v in self.by(s, "dataset").items()},
                    "by_doc": {k: v.model_dump() for k, v in self.by(s, "doc").items()},
                }
                for s in self.systems()
            },
        }


def machine_info() -> dict:
    import platform

    info: dict[str, Any] = {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpu_count": os.cpu_count(),
        "cpu": platform.processor() or "",
    }
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        mem = Path("/proc/meminfo").read_text().split()
        info["mem_gb"] = round(int(mem[1]) / 1024 / 1024, 1)
    except (OSError, IndexError, ValueError):
        pass
    return info


def run_eval(
    datasets: Sequence[Path],
    settings: Settings,
    *,
    mode: Mode = "grounded",
    baseline: bool = True,
    progress: bool = True,
    limit: int | None = None,
    items: Sequence[Item] | None = None,
) -> EvalRun:
    """Index if needed, then run planbot and (optionally) the baseline over every item (or over `items`,
    already loaded from `datasets`, e.g. a split)."""
    from bot.service import Service

    settings = settings_for_mode(settings, mode)
    items = spread(list(items) if items is not None else load_datasets(datasets), limit)
    docs = ensure_index(items, settings, progress=progress)
    run = EvalRun(
        mode=mode,
        datasets=[str(p) for p in datasets],
        settings_hash=settings_hash(settings),
        machine=machine_info(),
        started=dt.datetime.now().isoformat(timespec="seconds"),
    )
    units = item_set_units(items)
    service = Service.from_settings(settings)
    doc_ids = doc_ids_for_items(items, settings)
    run.results += run_system(
        "planbot",
        lambda it: service.ask(it.question, history=it.turns or None, doc=doc_ids[it.id]),
        items,
        docs,
        known_units=units,
        progress=progress,
    )
    if baseline:
        from evals.baseline import Baseline

        base = Baseline(settings, docs, mode=mode)
        try:
            run.results += run_system(
                "baseline",
                lambda it: base.ask(it.question, history=it.turns or None, doc=it.doc or DEFAULT_DOC),
                items,
                docs,
                known_units=units,
                progress=progress,
            )
        finally:
            base.close()
    return run


def rescore(results: Path, datasets: Sequence[Path]) -> EvalRun:
    """Score the answers of an earlier results.jsonl again (after a scorer change), without asking."""
    items = {it.id: it for it in load_datasets(datasets)}
    rows = [json.loads(ln) for ln in results.read_text(encoding="utf-8").splitlines() if ln.strip()]
    docs = {DEFAULT_DOC: _read_plan_text(DEFAULT_CORPUS) or ""}
    for it in items.values():
        if it.doc and it.doc not in docs:
            docs[it.doc] = _read_plan_text(Path(it.doc)) or ""
    units = item_set_units(items.values())
    old = results.parent / "summary.json"
    meta = json.loads(old.read_text(encoding="utf-8")) if old.exists() else {}
    run = EvalRun(
        mode=f"{meta.get('mode', '?')} (rescored)",
        datasets=[str(p) for p in datasets],
        settings_hash=meta.get("settings_hash", "-"),
        machine=machine_info(),
        started=dt.datetime.now().isoformat(timespec="seconds"),
    )
    for row in rows:
        found = items.get(row["id"])
        if found is None:
            continue
        it = found
        ans = Answer.model_validate(row["answer"])
        doc_text = docs.get(it.doc or DEFAULT_DOC, "")
        sc = score_item(it, ans, doc_text, known_units=units, system=row["system"], wall_ms=row["wall_ms"])
        run.results.append(Result(it, row["system"], ans, row["wall_ms"], sc))
    return run
