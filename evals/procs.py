"""Child servers for benchmarks (`chroma run`, `ui.py`): a free loopback port, waiting until one answers
over HTTP, and stopping it."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request
from collections.abc import Callable


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_http(
    url: str, proc: subprocess.Popen, timeout_s: float, name: str, log: Callable[[], str] = lambda: ""
) -> None:
    """Return once `url` answers; raise if `proc` exits first or nothing answers within `timeout_s`."""
    deadline = time.monotonic() + timeout_s
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"{name} exited with {proc.returncode}:\n{log()}")
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{name} did not answer within {timeout_s:.0f} s") from None
            time.sleep(0.3)


def stop(proc: subprocess.Popen, timeout_s: float = 15) -> None:
    """Terminate, then kill what does not stop in time."""
    proc.terminate()
    try:
        proc.wait(timeout_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)
