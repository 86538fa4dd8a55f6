"""Prompt templates live here as files and are loaded by name."""

from __future__ import annotations

import string
from functools import cache
from pathlib import Path

_DIR = Path(__file__).parent


@cache
def load(name: str) -> str:
    """Return the template `prompts/<name>.md` (or .txt)."""
    for ext in (".md", ".txt"):
        path = _DIR / f"{name}{ext}"
        if path.exists():
            return path.read_text(encoding="utf-8")
    raise FileNotFoundError(f"no prompt named {name!r} in {_DIR}")


def variables(name: str) -> set[str]:
    """The {placeholders} a template expects; a test checks the code passes exactly these."""
    return {f for _, f, _, _ in string.Formatter().parse(load(name)) if f}
