"""`planbot bench`: indexing and answering speed, memory, and (with --scale) how they grow with the corpus.

Cold numbers are taken in fresh subprocesses with a fresh PLANBOT_HOME, so interpreter start, imports and
model loads are included, as a user running `planbot index` / `planbot ask` would see them.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from evals.procs import free_port, stop, wait_http
from evals.runner import REPO, default_datasets, load_datasets, machine_info
from evals.score import percentile
from index.settings import DEFAULT_CORPUS

SCALE_SIZES = (1, 10, 100)
N_ASKS = 60
N_LLM_ASKS = 6
N_SCALE_ASKS = 20

# Child programs: each prints one JSON line last. They import the library, never the other way round.
_CHILD_INDEX = """
import json, resource, sys, time
from pathlib import Path
from index.settings import Settings
from index.store import build_index
t = time.perf_counter()
r = build_index([Path(p) for p in json.loads(sys.argv[1])], Settings.from_env())
print(json.dumps({"build_s": time.perf_counter() - t, "chunks": r.chunks, "unchanged": r.unchanged,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""
_CHILD_FIRST_ANSWER = """
import json, resource, sys, time
t = time.perf_counter()
from bot.service import Service
from index.settings import Settings
s = Service.from_settings(Settings.from_env())
a = s.ask(sys.argv[1])
print(json.dumps({"in_process_s": time.perf_counter() - t, "abstained": a.abstained,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""
_CHILD_ASKS = """
import json, resource, sys, time
from bot.service import Service
from index.settings import Settings
t = time.perf_counter()
s = Service.from_settings(Settings.from_env())
open_s = time.perf_counter() - t
# steady state: what a server loads at start (catalogues, model, store) is loaded before timing
warm = s.warm() if hasattr(s, "warm") else {}
qs = json.loads(sys.argv[1])
s.ask(qs[0])
ms, stages = [], {}
for q in qs:
    t = time.perf_counter(); a = s.ask(q); ms.append((time.perf_counter() - t) * 1000)
    for k in ("understand", "retrieve", "compose"):
        stages.setdefault(k, []).append(a.timings.get(k, 0.0))
print(json.dumps({"ms": ms, "stages": stages, "open_s": open_s, "warm": warm,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run_child(
    code: str, args: Sequence[str], env: dict[str, str], timeout: float = 3600
) -> tuple[dict, float]:
    """Run a child program; returns its JSON result and the wall time the parent saw."""
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", code, *args],
        env=env,
        cwd=str(REPO),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"bench child failed ({proc.returncode}): {proc.stderr[-2000:]}")
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    return json.loads(lines[-1]), wall


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PLANBOT_CHROMA_HOST", "PLANBOT_CHROMA_PORT")}
    env.update({"PLANBOT_HOME": str(home), "PLANBOT_LLM": "none", "ANONYMIZED_TELEMETRY": "False", **extra})
    return env


def questions(count: int = N_ASKS) -> list[str]:
    """`count` single-turn questions of the gold and dev sets, spread over the kinds, repeated if short."""
    items = [it for it in load_datasets(default_datasets()) if not it.turns]
    # NOTE: round-robin over kinds, so a cap does not keep only the first kind of the gold file
    by_kind: dict[str, list[str]] = {}
    for it in items:
        by_kind.setdefault(it.kind, []).append(it.question)
    qs: list[str] = []
    while any(by_kind.values()):
        qs += [v.pop(0) for v in by_kind.values() if v]
    qs = qs or ["谁负责开展“先投后股”科技成果转化试点？"]
    out = list(qs)
    while len(out) < count:
        out += qs
    return out[:count]


def _p(values: Sequence[float], digits: int = 1) -> dict[str, float | None]:
    p50, p95 = percentile(values, 50), percentile(values, 95)
    return {
        "p50": round(p50, digits) if p50 is not None else None,
        "p95": round(p95, digits) if p95 is not None else None,
    }


# A real plan of ~11,000 characters (issue 11: index time for a 10,000-character plan)
TEN_K_PLAN = REPO / "evals" / "data" / "plans" / "real" / "pv-shanghai-ranqi.txt"


def bench_index_10k(home: Path, plan: Path = TEN_K_PLAN) -> dict[str, Any]:
    """Cold index of one real plan of about 10,000 characters in a fresh home (model load included)."""
    built, wall = run_child(_CHILD_INDEX, [json.dumps([str(plan)])], _env(home))
    return {
        "plan": plan.name,
        "chars": len(plan.read_text(encoding="utf-8")),
        "chunks": built["chunks"],
        "cold_s": round(wall, 2),
        "build_in_process_s": round(built["build_s"], 2),
    }


REAL_PLANS = REPO / "evals" / "data" / "plans" / "real"


def bench_ingest_real(plans: Sequence[Path] | None = None) -> dict[str, Any]:
    """Read, parse and extract facts (no embedding) for every real plan, in process: per plan ms, and
    the slowest plan named. A parsing rule that backtracks without end on one plan's wording shows here
    as one plan far above the rest (a membership pattern once took 5 minutes on one plan)."""
    from index.pipeline import ingest  # (the bench module imports no index code at start)

    paths = plans if plans is not None else [p for p in sorted(REAL_PLANS.iterdir()) if p.suffix != ".jsonl"]
    timed: list[tuple[float, str]] = []
    for path in paths:
        t = time.perf_counter()
        ingest(path)
        timed.append(((time.perf_counter() - t) * 1000, path.name))
    ms = [x for x, _ in timed]
    slowest = max(timed, default=(0.0, ""))
    return {"plans": len(timed), "ms": _p(ms), "max_ms": round(slowest[0], 1), "slowest": slowest[1]}


def bench_core(home: Path, corpus: Sequence[Path] = (DEFAULT_CORPUS,)) -> dict[str, Any]:
    """index_cold_s, index_warm_s, cold_start_first_answer_s, grounded_ask_ms, rss per phase."""
    env = _env(home)
    paths = json.dumps([str(p) for p in corpus])
    cold, cold_wall = run_child(_CHILD_INDEX, [paths], env)
    warm, warm_wall = run_child(_CHILD_INDEX, [paths], env)
    qs = questions()
    first, first_wall = run_child(_CHILD_FIRST_ANSWER, [qs[0]], env)
    asks, _ = run_child(_CHILD_ASKS, [json.dumps(qs)], env)
    return {
        "index_cold_s": round(cold_wall, 2),
        "index_warm_s": round(warm_wall, 2),
        "cold_start_first_answer_s": round(first_wall, 2),
        "grounded_ask_ms": {**_p(asks["ms"], 2), "n": len(asks["ms"])},
        "chunks": cold["chunks"],
        "index_build_in_process_s": round(cold["build_s"], 2),
        "index_warm_unchanged": warm["unchanged"],
        "rss_mb": {
            "index_cold": round(cold["rss_mb"]),
            "index_warm": round(warm["rss_mb"]),
            "first_answer": round(first["rss_mb"]),
            "asks": round(asks["rss_mb"]),
        },
    }


def bench_llm(home: Path, n: int = N_LLM_ASKS) -> dict[str, Any] | None:
    """llm_ask_s {p50, p95, first_token_p50} through Service.stream, only when PLANBOT_LLM asks for one."""
    from bot.service import Service
    from index.settings import Settings

    settings = Settings.from_env()
    if settings.llm.mode == "none":
        return None
    settings = settings.model_copy(update={"home": home})
    service = Service.from_settings(settings)
    items = [it for it in load_datasets(default_datasets()) if it.kind in ("responsible", "target")]
    qs = [it.question for it in items][: n + 1] or questions(n + 1)
    service.ask(qs[0])  # starts (or reuses) the server; not timed
    total, first, modes = [], [], []
    for q in qs[1:]:
        t0 = time.perf_counter()
        t_first = None
        last = None
        for part in service.stream(q):
            if t_first is None:
                t_first = time.perf_counter() - t0
            last = part
        total.append(time.perf_counter() - t0)
        first.append(t_first or total[-1])
        modes.append(last.mode if last else "none")
    return {
        "p50": _p(total, 2)["p50"],
        "p95": _p(total, 2)["p95"],
        "first_token_p50": _p(first, 2)["p50"],
        "n": len(total),
        "modes": {m: modes.count(m) for m in set(modes)},
        "llm_mode": settings.llm.mode,
    }


# --- scale -------------------------------------------------------------------------------------------


@contextmanager
def chroma_server(path: Path):
    """A `chroma run` server on 127.0.0.1 for the length of the block; yields its port."""
    port = free_port()
    exe = Path(sys.executable).with_name("chroma")
    log = (path.parent / "chroma-server.log").open("wb")
    proc = subprocess.Popen(
        [str(exe), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
    )
    try:
        heartbeat = f"http://127.0.0.1:{port}/api/v2/heartbeat"
        wait_http(heartbeat, proc, 60, "chroma run", lambda: f"see {log.name}")
        yield port
    finally:
        stop(proc)
        log.close()


def bench_scale_point(
    n: int, work: Path, extra_env: dict[str, str], seed_cache: Path | None = None
) -> dict[str, Any]:
    """One corpus size. `seed_cache`: an embedding cache to start from, so a second store (the server
    run) measures storing and asking rather than embedding the same texts again."""
    from evals.synth import write_corpus

    paths = write_corpus(DEFAULT_CORPUS, n, work / f"corpus-{n}")
    home = work / f"home-{n}-{'server' if extra_env else 'embedded'}"
    if seed_cache is not None and seed_cache.is_dir():
        shutil.copytree(seed_cache, home / "cache", dirs_exist_ok=True)
    env = _env(home, **extra_env)
    # NOTE: 0.2-0.4 s a passage on 2 busy cores: 1,000 plans (27k passages) took more than 100 minutes
    timeout = max(3600.0, 30.0 * n)
    built, wall = run_child(_CHILD_INDEX, [json.dumps([str(p) for p in paths])], env, timeout)
    asks, _ = run_child(_CHILD_ASKS, [json.dumps(questions(N_SCALE_ASKS))], env)
    return {
        "n_plans": n,
        "chunks": built["chunks"],
        "index_s": round(wall, 2),
        "embedding_cache_seeded": seed_cache is not None,
        "chunks_per_s": round(built["chunks"] / built["build_s"], 1) if built["build_s"] else None,
        "ask_ms": _p(asks["ms"], 2),
        # NOTE: where a question's time goes, so growth with the corpus can be pinned on one stage
        "ask_stage_ms_p50": {k: _p(v, 2)["p50"] for k, v in asks["stages"].items()},
        "index_open_s": round(asks["open_s"], 2),
        "warm_s": asks.get("warm", {}),
        "rss_mb": round(max(built["rss_mb"], asks["rss_mb"])),
    }


def bench_scale(sizes: Sequence[int], work: Path, server: bool) -> dict[str, Any]:
    """Index throughput and query latency per corpus size, embedded Chroma and optionally a server."""
    out: dict[str, Any] = {"sizes": list(sizes), "embedded": []}
    for n in sizes:
        print(f"[bench] scale N={n} embedded …", file=sys.stderr, flush=True)
        out["embedded"].append(bench_scale_point(n, work, {}))
    if server:
        out["server"] = []
        for n in sizes:
            print(f"[bench] scale N={n} chroma server …", file=sys.stderr, flush=True)
            with chroma_server(work / f"chroma-{n}") as port:
                env = {"PLANBOT_CHROMA_HOST": "127.0.0.1", "PLANBOT_CHROMA_PORT": str(port)}
                seed = work / f"home-{n}-embedded" / "cache"
                out["server"].append(bench_scale_point(n, work, env, seed if seed.is_dir() else None))
    pts = out["embedded"]
    if pts:
        last = pts[-1]
        per_plan_s = last["index_s"] / last["n_plans"]
        out["estimate_index_s"] = {str(n): round(per_plan_s * n) for n in (100, 1000) if n not in sizes}
    return out


def plot_scale(scale: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (a, b) = plt.subplots(1, 2, figsize=(10, 4))
    for backend in ("embedded", "server"):
        pts = scale.get(backend) or []
        if not pts:
            continue
        ns = [p["n_plans"] for p in pts]
        a.plot(ns, [p["chunks_per_s"] for p in pts], marker="o", label=backend)
        b.plot(ns, [p["ask_ms"]["p50"] for p in pts], marker="o", label=f"{backend} p50")
        b.plot(ns, [p["ask_ms"]["p95"] for p in pts], marker="x", linestyle="--", label=f"{backend} p95")
    for ax in (a, b):
        ax.set_xscale("log")
        ax.set_xlabel("synthetic plans (N)")
        ax.legend()
    a.set_ylabel("index throughput (chunks/s)")
    b.set_ylabel("grounded ask latency (ms)")
    a.set_title("Indexing")
    b.set_title("Query latency")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def bench_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="planbot bench", description="性能基准：索引、首答、问答延迟、内存")
    p.add_argument("--json", action="store_true", help="只输出一个 JSON 对象")
    p.add_argument("--scale", action="store_true", help="合成语料规模测试（N = 1, 10, 100）")
    p.add_argument("--scale-sizes", default=None, help="自定义规模，如 1,10")
    p.add_argument("--scale-1000", action="store_true", help="规模测试加上 N=1000（双核上约需一小时以上）")
    p.add_argument("--chroma-server", action="store_true", help="规模测试同时对 `chroma run` 服务端测量")
    p.add_argument(
        "--work",
        type=Path,
        default=None,
        help="工作目录（索引、嵌入缓存）保留在此处；中断后重跑可续用已嵌入的段落。默认临时目录",
    )
    p.add_argument(
        "--out", type=Path, default=None, help="图表和 bench.json 的目录；默认 evals/out/bench-<时间戳>/"
    )
    return p


def run_bench(args: argparse.Namespace) -> dict[str, Any]:
    with contextlib.ExitStack() as stack:
        if args.work is not None:
            work = args.work
            work.mkdir(parents=True, exist_ok=True)
        else:
            work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="planbot-bench-")))
        result: dict[str, Any] = bench_core(work / "home-core")
        result["index_10k"] = bench_index_10k(work / "home-10k")
        result["ingest_real"] = bench_ingest_real()
        llm = bench_llm(work / "home-core")
        if llm is not None:
            result["llm_ask_s"] = llm
        if args.scale:
            sizes = [int(x) for x in args.scale_sizes.split(",")] if args.scale_sizes else list(SCALE_SIZES)
            if args.scale_1000:
                sizes.append(1000)
            result["scale"] = bench_scale(sizes, work, args.chroma_server)
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        result["peak_rss_mb"] = round(max(children, own))
    result["machine"] = machine_info()
    result["started"] = dt.datetime.now().isoformat(timespec="seconds")
    return result


def main(argv: list[str]) -> int:
    args = bench_parser().parse_args(argv)
    result = run_bench(args)
    out = args.out or REPO / "evals" / "out" / dt.datetime.now().strftime("bench-%Y%m%d-%H%M%S")
    out.mkdir(parents=True, exist_ok=True)
    (out / "bench.json").write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    if "scale" in result:
        plot_scale(result["scale"], out / "scale.png")
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    for key in (
        "index_cold_s",
        "index_warm_s",
        "cold_start_first_answer_s",
        "grounded_ask_ms",
        "peak_rss_mb",
    ):
        print(f"{key:28} {result[key]}")
    print(f"{'index_10k':28} {result['index_10k']}")
    print(f"{'ingest_real':28} {result['ingest_real']}")
    if "llm_ask_s" in result:
        print(f"{'llm_ask_s':28} {result['llm_ask_s']}")
    for backend in ("embedded", "server"):
        for pt in result.get("scale", {}).get(backend, []):
            print(f"scale {backend:8} N={pt['n_plans']:<5} {pt['chunks_per_s']} chunks/s, ask {pt['ask_ms']}")
    print(f"\n结果：{out / 'bench.json'}")
    return 0
