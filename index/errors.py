"""Errors that reach users. Messages are Chinese and say what to do next."""


class PlanbotError(Exception):
    """Base of errors shown to users as they are."""


class LoadError(PlanbotError):
    """A source file cannot be read as a plan (unknown type, empty, binary, too large, bad encoding)."""


class IndexMissing(PlanbotError):
    def __init__(self, detail: str = "") -> None:
        super().__init__("尚未建立索引，请先运行 `planbot index`。" + (f"（{detail}）" if detail else ""))


class StoreUnavailable(PlanbotError):
    """The vector store (e.g. a Chroma server) cannot be reached."""
