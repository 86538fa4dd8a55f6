"""LLM-mode latency: first token and total, prefill and decode, alternated between variants on one CPU.

A variant is a source tree (this one, or a copy of an earlier one), the bundled server's options
(`python -m bot.local_llm --help`) and LLM settings overrides. Each variant gets its own server (started
from this tree, with /metrics) and its own worker process (importing the variant's tree) that answers
through `Service.stream`, as `planbot bench` does. Questions go to the variants in turn (A B, then B A, …),
so load from other processes falls on all of them alike; medians and ratios are reported.

    python -m evals.llm_latency --set bench --variant '{"name": "t2"}' \
        --variant '{"name": "t1", "server": ["--threads", "1"]}' --out /tmp/lat.json

Per question: first_s (first partial answer, as `llm_ask_s.first_token_p50`), total_s, pre_llm_s (the
grounded pipeline before the first LLM call), and from the server's /metrics and /slots: prompt tokens
(all, cached, prefilled), prefill and decode seconds and tokens.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
RESULT = "@@"  # worker lines starting with this carry results; anything else is log


# --- worker (runs inside the variant's tree) --------------------------------------------------------


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as r:
        return r.read().decode()


def server_counters(url: str) -> dict[str, float]:
    """Cumulative prompt/decode tokens and seconds from llama.cpp's /metrics ({} when not served)."""
    try:
        text = _get(url + "/metrics")
    except OSError:
        return {}
    out: dict[str, float] = {}
    for line in text.splitlines():
        if line.startswith("llamacpp:") and " " in line:
            name, value = line.split(" ", 1)
            out[name.removeprefix("llamacpp:")] = float(value)
    return out


def last_prompt(url: str) -> dict[str, int]:
    """Prompt tokens of the slot's last task: all of them and those reused from the cache."""
    try:
        slot = json.loads(_get(url + "/slots"))[0]
    except (OSError, ValueError, IndexError, KeyError):
        return {}
    return {
        "prompt_tokens": int(slot.get("n_prompt_tokens", 0)),
        "cached_tokens": int(slot.get("n_prompt_tokens_cache", 0)),
    }


class _Timed:
    """The composer with the moment of its first call recorded (the end of the grounded pipeline)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.first_call: float | None = None

    def _mark(self) -> None:
        if self.first_call is None:
            self.first_call = time.perf_counter()

    def understand(self, question: str) -> Any:
        self._mark()
        return self.inner.understand(question)

    def compose(self, *a: Any, **kw: Any) -> Any:
        self._mark()
        return self.inner.compose(*a, **kw)

    def stream(self, *a: Any, **kw: Any) -> Any:
        self._mark()
        yield from self.inner.stream(*a, **kw)


def worker(url: str, llm_overrides: dict[str, Any]) -> int:
    from bot.llm import LLMComposer
    from bot.service import Service
    from index.settings import Settings
    from index.store import open_index

    settings = Settings.from_env()
    llm = settings.llm.model_copy(update={"mode": "local", **llm_overrides})
    settings = settings.model_copy(update={"llm": llm})
    timed = _Timed(LLMComposer(settings, url + "/v1"))
    service = Service(settings, open_index(settings), composer=timed)
    print(RESULT + json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        item = json.loads(line)
        before = server_counters(url)
        timed.first_call = None
        t0 = time.perf_counter()
        first = None
        last = None
        for part in service.stream(item["question"], history=item.get("turns") or None):
            if first is None:
                first = time.perf_counter() - t0
            last = part
        total = time.perf_counter() - t0
        after = server_counters(url)
        row: dict[str, Any] = {
            "id": item["id"],
            "first_s": round(first if first is not None else total, 3),
            "total_s": round(total, 3),
            "pre_llm_s": round(timed.first_call - t0, 3) if timed.first_call else None,
            "called_llm": timed.first_call is not None,
            "mode": last.mode if last else "none",
            "answer": last.answer if last else "",
        }
        if after:
            d = {k: after.get(k, 0.0) - before.get(k, 0.0) for k in after}
            row.update(
                prefilled_tokens=int(d.get("prompt_tokens_total", 0)),
                prefill_s=round(d.get("prompt_seconds_total", 0.0), 3),
                decoded_tokens=int(d.get("tokens_predicted_total", 0)),
                decode_s=round(d.get("tokens_predicted_seconds_total", 0.0), 3),
            )
        row.update(last_prompt(url) if timed.first_call else {})
        print(RESULT + json.dumps(row, ensure_ascii=False), flush=True)
    return 0


# --- driver -------------------------------------------------------------------------------------------


def question_set(name: str, limit: int | None) -> list[dict[str, Any]]:
    """bench: the items `planbot bench` times (gold responsible/target, the first one a warm-up);
    dev: the shared dev set (all kinds); both: bench then dev."""
    from evals.runner import default_datasets, dev_set_path, load_datasets

    out: list[dict[str, Any]] = []
    if name in ("bench", "both"):
        items = [it for it in load_datasets(default_datasets()) if it.kind in ("responsible", "target")]
        out += [{"id": it.id, "question": it.question, "set": "bench"} for it in items[:7]]
    if name in ("dev", "both"):
        dev = dev_set_path()
        if dev is None:
            raise SystemExit("dev set not found (../shared/evals/dev.jsonl)")
        for line in dev.read_text(encoding="utf-8").splitlines():
            if line.strip():
                it = json.loads(line)
                out.append(
                    {"id": it["id"], "question": it["question"], "turns": it.get("turns"), "set": "dev"}
                )
    return out[:limit] if limit else out


def ensure_home(home: Path) -> None:
    from evals.runner import ensure_index, load_datasets
    from index.settings import Settings

    os.environ["PLANBOT_HOME"] = str(home)
    ensure_index(load_datasets([]), Settings.from_env())


def wait_ready(url: str, proc: subprocess.Popen, timeout: float = 300.0) -> None:
    from bot.local_llm import server_ready

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server for {url} exited with {proc.returncode}")
        if server_ready(url):
            return
        time.sleep(0.5)
    raise SystemExit(f"server for {url} not ready in {timeout:.0f} s")


class Variant:
    def __init__(self, spec: dict[str, Any], port: int, home: Path, logs: Path) -> None:
        self.name: str = spec["name"]
        self.spec = spec
        self.url = f"http://127.0.0.1:{port}"
        tree = Path(spec.get("tree") or REPO).resolve()
        env = {**os.environ, "PLANBOT_HOME": str(home), "PLANBOT_LLM_PORT": str(port)}
        server_env = {**env, **spec.get("server_env", {})}
        server_args = ["--port", str(port), "--metrics", *spec.get("server", [])]
        self.server = subprocess.Popen(
            [sys.executable, "-m", "bot.local_llm", *server_args],
            cwd=REPO,
            env=server_env,
            stdin=subprocess.DEVNULL,
            stdout=(logs / f"server-{self.name}.log").open("wb"),
            stderr=subprocess.STDOUT,
        )
        wait_ready(self.url, self.server)
        wenv = {**env, "PYTHONPATH": str(tree)}
        llm = json.dumps(spec.get("llm", {}))
        self.worker = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "worker", self.url, llm],
            cwd=tree,
            env=wenv,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=(logs / f"worker-{self.name}.log").open("wb"),
            text=True,
        )
        self._read()  # ready

    def _read(self) -> dict[str, Any]:
        assert self.worker.stdout is not None
        for line in self.worker.stdout:
            if line.startswith(RESULT):
                return json.loads(line[len(RESULT) :])
        raise SystemExit(f"worker {self.name} ended early (see its log)")

    def ask(self, item: dict[str, Any]) -> dict[str, Any]:
        assert self.worker.stdin is not None
        self.worker.stdin.write(json.dumps(item, ensure_ascii=False) + "\n")
        self.worker.stdin.flush()
        return self._read()

    def close(self) -> None:
        from evals.procs import stop

        for proc in (self.worker, self.server):
            if proc.poll() is None:
                stop(proc)


def _pct(xs: list[float], q: float) -> float | None:
    if not xs:
        return None
    s = sorted(xs)
    return round(s[min(len(s) - 1, max(0, round(q * (len(s) - 1))))], 3)


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    llm = [r for r in rows if r["called_llm"]]

    def col(key: str, rs: list[dict[str, Any]] = llm) -> list[float]:
        return [float(r[key]) for r in rs if r.get(key) is not None]

    rate = [r["prefilled_tokens"] / r["prefill_s"] for r in llm if r.get("prefill_s")]
    drate = [r["decoded_tokens"] / r["decode_s"] for r in llm if r.get("decode_s")]
    modes: dict[str, int] = {}
    for r in rows:
        modes[r["mode"]] = modes.get(r["mode"], 0) + 1
    return {
        "n": len(rows),
        "n_llm": len(llm),
        "first_token_s": {"p50": _pct(col("first_s"), 0.5), "p95": _pct(col("first_s"), 0.95)},
        "total_s": {"p50": _pct(col("total_s"), 0.5), "p95": _pct(col("total_s"), 0.95)},
        "pre_llm_s_p50": _pct(col("pre_llm_s"), 0.5),
        "prompt_tokens_p50": _pct(col("prompt_tokens"), 0.5),
        "cached_tokens_p50": _pct(col("cached_tokens"), 0.5),
        "prefilled_tokens_p50": _pct(col("prefilled_tokens"), 0.5),
        "prefill_s_p50": _pct(col("prefill_s"), 0.5),
        "prefill_tok_s_p50": _pct(rate, 0.5),
        "decoded_tokens_p50": _pct(col("decoded_tokens"), 0.5),
        "decode_s_p50": _pct(col("decode_s"), 0.5),
        "decode_tok_s_p50": _pct(drate, 0.5),
        "modes": modes,
        "verified_llm": modes.get("llm", 0),
    }


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 3) if a and b else None


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["worker"]:
        return worker(argv[1], json.loads(argv[2]))
    ap = argparse.ArgumentParser(prog="python -m evals.llm_latency", description=__doc__.split("\n")[0])
    ap.add_argument(
        "--variant", action="append", required=True, help="JSON: name, server, server_env, tree, llm"
    )
    ap.add_argument("--set", default="bench", choices=["bench", "dev", "both"])
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--rounds", type=int, default=1, help="passes over the questions")
    ap.add_argument("--home", type=Path, default=Path("/tmp/planbot-llm-latency/home"))
    ap.add_argument("--port", type=int, default=8290, help="first server port; one per variant")
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args(argv)

    specs = [json.loads(v) for v in args.variant]
    items = question_set(args.set, args.limit)
    ensure_home(args.home)
    logs = args.home.parent / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    variants: list[Variant] = []
    rows: dict[str, list[dict[str, Any]]] = {s["name"]: [] for s in specs}
    load: list[float] = []
    try:
        for i, spec in enumerate(specs):
            variants.append(Variant(spec, args.port + i, args.home, logs))
        for v in variants:  # warm-up: the system prefix enters each server's cache; not timed
            v.ask({"id": "warmup", "question": items[0]["question"]})
        timed = items[1:] if items[0].get("set") == "bench" else items
        n = 0
        for _ in range(args.rounds):
            for item in timed:
                order = variants[n % len(variants) :] + variants[: n % len(variants)]
                n += 1
                for v in order:
                    row = v.ask(item)
                    row["set"] = item.get("set")
                    rows[v.name].append(row)
                    load.append(os.getloadavg()[0])
                    print(
                        f"{v.name:>12} {item['id']:>6} first {row['first_s']:6.2f}"
                        f" total {row['total_s']:6.2f}"
                        f" prompt {row.get('prompt_tokens', '-')}/{row.get('cached_tokens', '-')}"
                        f" dec {row.get('decoded_tokens', '-')} {row['mode']}",
                        file=sys.stderr,
                        flush=True,
                    )
    finally:
        for v in variants:
            v.close()
    summary = {name: summarise(rs) for name, rs in rows.items()}
    base = specs[0]["name"]
    for s in summary.values():
        s["ratio_to_" + base] = {
            "first_token_p50": _ratio(s["first_token_s"]["p50"], summary[base]["first_token_s"]["p50"]),
            "total_p50": _ratio(s["total_s"]["p50"], summary[base]["total_s"]["p50"]),
        }
    result = {
        "started": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "set": args.set,
        "rounds": args.rounds,
        "variants": specs,
        "load_avg_1m": {"median": round(statistics.median(load), 2), "max": round(max(load), 2)}
        if load
        else None,
        "cpu_count": os.cpu_count(),
        "summary": summary,
        "rows": rows,
    }
    text = json.dumps(result, ensure_ascii=False, indent=1)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
    print(
        json.dumps({"load_avg_1m": result["load_avg_1m"], "summary": summary}, ensure_ascii=False, indent=1)
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
