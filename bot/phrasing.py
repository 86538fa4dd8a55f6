"""The question phrasings table (bot/phrasings.toml), compiled once.

Understanding is the only caller: it reads the question through these rows and fills the QuerySpec.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from index.vocab import BODIES, MEASURE

TABLE = Path(__file__).with_name("phrasings.toml")


@dataclass(frozen=True)
class Phrase:
    name: str
    slot: str
    value: str | None
    pattern: re.Pattern[str]
    examples: tuple[str, ...]
    counter: tuple[str, ...]


@cache
def phrases() -> dict[str, Phrase]:
    raw = tomllib.loads(TABLE.read_text(encoding="utf-8"))
    out: dict[str, Phrase] = {}
    for name, row in raw.items():
        flags = re.I if row.get("ignore_case") else 0
        source = row["pattern"].replace("{measures}", MEASURE).replace("{bodies}", "|".join(BODIES))
        out[name] = Phrase(
            name=name,
            slot=row["slot"],
            value=row.get("value"),
            pattern=re.compile(source, flags),
            examples=tuple(row.get("examples", ())),
            counter=tuple(row.get("not", ())),
        )
    return out


def pattern(name: str) -> re.Pattern[str]:
    return phrases()[name].pattern


def says(name: str, text: str) -> bool:
    """The text uses the phrasing `name` somewhere."""
    return bool(phrases()[name].pattern.search(text))


def slot_rows(slot: str) -> list[Phrase]:
    """Rows feeding one slot, in table order."""
    return [p for p in phrases().values() if p.slot == slot]


def first_value(slot: str, text: str) -> str | None:
    """The value of the first row of `slot` whose pattern the text matches."""
    return next((p.value for p in slot_rows(slot) if p.pattern.search(text)), None)
