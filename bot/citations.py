"""Compact citations: the sentence(s) of a quoted passage that carry the answer. Pure.

A cited passage can be a long paragraph; a reader wants the sentence that holds the unit or the number.
The full passage stays one click (UI) or `--full` (CLI) away. What is shown is still verbatim text of the
passage, with “…” where sentences are left out.
"""

from __future__ import annotations

import re

from bot.text import bigrams

SHORT = 90  # a passage this short is shown whole
_SENTENCE = re.compile(r"[^。；;！？\n]+[。；;！？]?")


def key_sentences(answer: str, quote: str, limit: int = 2) -> str:
    """The `limit` sentences of `quote` sharing most with `answer`, in document order, “…” between gaps."""
    if len(quote) <= SHORT:
        return quote
    sentences = [m.group(0) for m in _SENTENCE.finditer(quote) if m.group(0).strip()]
    if len(sentences) <= limit:
        return quote
    want = bigrams(answer)
    scored = sorted(range(len(sentences)), key=lambda i: -len(bigrams(sentences[i]) & want))
    keep = sorted(scored[:limit])
    if not want or not bigrams(sentences[keep[0]]) & want:
        keep = [0]  # nothing in common: the passage's opening says what it is
    out = []
    for k, i in enumerate(keep):
        if (k == 0 and i > 0) or (k > 0 and i != keep[k - 1] + 1):
            out.append("…")
        out.append(sentences[i].strip())
    if keep[-1] < len(sentences) - 1:
        out.append("…")
    return "".join(out)
