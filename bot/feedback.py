"""Feedback from users (thumbs up/down with an optional comment), appended to a JSON-lines file."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Any, ClassVar

try:  # NOTE: POSIX only; on other systems the in-process lock alone guards the feedback file.
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]


class FeedbackLog:
    """Append-only JSON lines. Every record is flushed and fsynced before returning, under a lock that
    holds across threads (Gradio workers) and processes (flock), so concurrent users never lose lines."""

    _locks: ClassVar[dict[Path, threading.Lock]] = {}
    _locks_guard = threading.Lock()

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        with self._locks_guard:
            self._lock = self._locks.setdefault(self.path.resolve(), threading.Lock())

    def append(self, record: dict[str, Any]) -> None:
        line = json.dumps(record, ensure_ascii=False) + "\n"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock, open(self.path, "a", encoding="utf-8") as f:
            if fcntl is not None:
                fcntl.flock(f, fcntl.LOCK_EX)
            f.write(line)
            f.flush()
            os.fsync(f.fileno())
