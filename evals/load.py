"""UI load benchmark: concurrent gradio_client users asking through the `/ask` endpoint of ui.py.

    python -m evals.load --users 20 --questions 10          # starts ui.py on a free loopback port
    python -m evals.load --url http://127.0.0.1:7860/       # an already running UI

Without --url, ui.py runs as a child process in grounded mode (PLANBOT_LLM=none) with a temporary
PLANBOT_HOME (or --home, e.g. one with an index already built), and is stopped at the end. Each user is its
own Client and asks its questions one after another; the run is bounded by --timeout overall and
--request-timeout per question. Prints one JSON object: errors, latency p50/p95/max (s), throughput (asks/s).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evals.procs import free_port, stop, wait_http
from evals.score import percentile
from index.settings import Settings

REPO = Path(__file__).resolve().parent.parent
GOLD = Path(__file__).parent / "data" / "gold.jsonl"


@dataclass
class UserResult:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    not_run: int = 0


def load_questions(path: Path = GOLD) -> list[str]:
    """Single-turn questions of the eval set, in file order (multi-turn items need their history)."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            if not item.get("turns"):
                out.append(item["question"])
    return out


def assign(questions: Sequence[str], users: int, per_user: int) -> list[list[str]]:
    """Each user gets a different slice (wrapping round), not all the same question."""
    n = len(questions)
    return [[questions[(u * per_user + i) % n] for i in range(per_user)] for u in range(users)]


@contextmanager
def serve(home: Path | None, startup_s: float) -> Iterator[tuple[str, int]]:
    """ui.py in a child process on a free loopback port; yields (url, queue concurrency it configures)."""
    with tempfile.TemporaryDirectory(prefix="planbot-load-") as tmp:
        port = free_port()
        env = {
            **os.environ,
            "PLANBOT_HOME": str(home or Path(tmp) / "home"),
            "PLANBOT_UI_HOST": "127.0.0.1",
            "PLANBOT_UI_PORT": str(port),
            "PLANBOT_LLM": "none",
        }
        env.pop("PLANBOT_UI_AUTH", None)
        concurrency = Settings.from_env(env).ui.concurrency
        log_path = Path(tmp) / "ui.log"
        with open(log_path, "w") as log:
            proc = subprocess.Popen(
                [sys.executable, str(REPO / "ui.py")], cwd=REPO, env=env, stdout=log, stderr=log
            )
            url = f"http://127.0.0.1:{port}/"
            try:
                wait_http(url, proc, startup_s, "ui.py", lambda: log_path.read_text()[-2000:])
                yield url, concurrency
            finally:
                stop(proc)


def _client(url: str) -> Any:
    from gradio_client import Client

    return Client(url, verbose=False)


def warm_up(url: str, timeout_s: float) -> float:
    """One question, so the index build (first start) and model loads are not measured as latency."""
    t0 = time.perf_counter()
    job = _client(url).submit(
        question="谁负责开展“先投后股”科技成果转化试点？", history="[]", api_name="/ask"
    )
    job.result(timeout=timeout_s)
    return time.perf_counter() - t0


def run_user(client: Any, questions: list[str], deadline: float, request_timeout: float) -> UserResult:
    """Ask one question after another, as a person would; every failure is counted, none stops the run."""
    res = UserResult()
    for i, q in enumerate(questions):
        left = deadline - time.monotonic()
        if left <= 0:
            res.not_run = len(questions) - i
            break
        t0 = time.perf_counter()
        try:
            job = client.submit(question=q, history="[]", api_name="/ask")
            out = job.result(timeout=min(left, request_timeout))
            if not isinstance(out, dict) or "answer" not in out:
                raise ValueError(f"not an Answer: {str(out)[:80]}")
            res.latencies.append(time.perf_counter() - t0)
        except Exception as e:
            res.errors.append(f"{type(e).__name__}: {str(e)[:160]}")
    return res


def run_load(
    url: str, users: int, per_user: int, *, timeout_s: float = 300, request_timeout_s: float = 120
) -> dict[str, Any]:
    plan = assign(load_questions(), users, per_user)
    deadline = time.monotonic() + timeout_s
    start = threading.Barrier(users, timeout=60)

    def user(qs: list[str]) -> UserResult:
        try:
            client = _client(url)
        except Exception as e:
            start.abort()
            return UserResult(errors=[f"connect: {type(e).__name__}: {e}"], not_run=len(qs))
        # NOTE: clients connect first and then all fire together, so the first asks are truly concurrent
        with contextlib.suppress(threading.BrokenBarrierError):
            start.wait()
        return run_user(client, qs, deadline, request_timeout_s)

    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=users) as pool:
        results = list(pool.map(user, plan))
    wall = time.perf_counter() - t0
    lat = sorted(x for r in results for x in r.latencies)
    errors = [e for r in results for e in r.errors]
    return {
        "users": users,
        "questions_per_user": per_user,
        "requested": users * per_user,
        "completed": len(lat),
        "errors": len(errors),
        "error_samples": sorted(set(errors))[:5],
        "not_run": sum(r.not_run for r in results),
        "latency_s": {
            "p50": round(percentile(lat, 50) or 0.0, 3) if lat else None,
            "p95": round(percentile(lat, 95) or 0.0, 3) if lat else None,
            "max": round(lat[-1], 3) if lat else None,
            "mean": round(sum(lat) / len(lat), 3) if lat else None,
        },
        "wall_s": round(wall, 2),
        "throughput_per_s": round(len(lat) / wall, 2) if wall > 0 else None,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m evals.load", description=__doc__.split("\n")[0])
    ap.add_argument("--users", type=int, default=20, help="concurrent gradio_client users")
    ap.add_argument(
        "--questions", type=int, default=10, help="questions per user (from evals/data/gold.jsonl)"
    )
    ap.add_argument("--url", help="a running UI; default: start ui.py on a free loopback port")
    ap.add_argument("--home", type=Path, help="PLANBOT_HOME for the started UI (default: a temp dir)")
    ap.add_argument("--timeout", type=float, default=300, help="bound on the whole run, seconds")
    ap.add_argument("--request-timeout", type=float, default=120, help="bound on one question, seconds")
    ap.add_argument("--startup-timeout", type=float, default=600, help="bound on start + first answer")
    args = ap.parse_args(argv)
    if args.users < 1 or args.questions < 1:
        ap.error("--users and --questions must be at least 1")

    def measure(url: str, concurrency: int | None) -> dict[str, Any]:
        warm = warm_up(url, args.startup_timeout)
        out = run_load(
            url, args.users, args.questions, timeout_s=args.timeout, request_timeout_s=args.request_timeout
        )
        return {**out, "warm_up_s": round(warm, 2), "server_concurrency": concurrency, "url": url}

    if args.url:
        result = measure(args.url, None)
    else:
        with serve(args.home, args.startup_timeout) as (url, concurrency):
            result = measure(url, concurrency)
    result["cpu_count"] = os.cpu_count()
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0 if result["errors"] == 0 and result["not_run"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
