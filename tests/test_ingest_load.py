"""Loading: encodings and the files a user may hand us by mistake."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.errors import LoadError
from index.load import load
from index.pipeline import ingest

PLAN = "某市行动方案\n\n一、主要目标\n\n到2025年，全市绿地率达到40%。\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_encodings_detected(tmp_path: Path, encoding: str) -> None:
    f = tmp_path / "plan.txt"
    f.write_bytes(PLAN.encode(encoding))
    got = ingest(f)
    assert got.plan.title == "某市行动方案"
    assert got.facts.targets[0].value == "40"


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("plan.xls", b"anything", "不支持"),
        ("plan.txt", b"", "为空"),
        ("plan.txt", b"  \n\n", "为空"),
        ("plan.txt", b"\x00\x01\x02binary\x00" * 20, "不是文本"),
        ("plan.md", bytes(range(128, 256)) * 8, "编码"),
        ("plan.docx", b"PK\x03\x04 not really a zip", "Word"),
        ("plan.pdf", b"%PDF-1.4 broken", "PDF"),
    ],
)
def test_bad_files_name_the_file(tmp_path: Path, name: str, content: bytes, says: str) -> None:
    f = tmp_path / name
    f.write_bytes(content)
    with pytest.raises(LoadError) as e:
        load(f)
    assert name in str(e.value) and says in str(e.value)


def test_oversized_file_names_the_limit(tmp_path: Path) -> None:
    f = tmp_path / "big.txt"
    f.write_bytes(("一" * 1000 + "\n").encode() * 400)  # ~1.2 MB
    with pytest.raises(LoadError) as e:
        ingest(f, max_mb=1)
    assert "big.txt" in str(e.value) and "1 MB" in str(e.value)
