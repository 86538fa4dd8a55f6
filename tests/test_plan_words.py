"""The shipped plan's own words live in its data files (corpus, lexicon), tests and docs, not in code."""

from __future__ import annotations

import subprocess

from tests.conftest import ROOT


def test_the_shipped_plan_words_stay_out_of_code() -> None:
    """The shipped plan's own words live in its data files (corpus, lexicon), tests and docs only."""
    words = "留温|眼谷|先投后股|在温|温州|乐清|龙湾"
    out = subprocess.run(
        [
            "grep",
            "-rnE",
            words,
            "bot",
            "index",
            "ui.py",
            "--include=*.py",
            "--include=*.toml",
            "--exclude-dir=corpus",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout
    assert out == "", out
