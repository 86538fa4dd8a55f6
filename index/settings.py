"""One settings object, read from the environment.

Nested by concern. Every field is described. Nothing here touches the disk: directories are created by
the code that writes into them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_CORPUS = Path(__file__).parent / "corpus" / "wenzhou-2023-86.txt"


class ChromaSettings(BaseModel):
    host: str | None = Field(None, description="Chroma server host; embedded PersistentClient when unset")
    port: int = Field(8000, description="Chroma server port")
    collection: str = Field("planbot", description="Collection name prefix")
    timeout_s: float = Field(30.0, description="Chroma server: longest wait for one request (connect: 5 s)")
    max_connections: int = Field(16, description="Chroma server: HTTP connections kept by the client pool")


class RetrievalSettings(BaseModel):
    k: int = Field(8, description="Passages handed to the composer")
    dense_k: int = Field(20, description="Candidates from the dense (Chroma) side")
    lexical_k: int = Field(20, description="Candidates from the lexical (jieba BM25) side")
    all_plans_up_to: int = Field(
        50,
        description="Up to this many plans indexed, a question that names no plan is answered over all of"
        " them; beyond, over the plans of its retrieved passages (at most `max_plans`)",
    )
    max_plans: int = Field(8, description="Plans a question is answered over when the index holds many")


class LLMSettings(BaseModel):
    mode: Literal["none", "local", "openai"] = Field("none", description="none = grounded only")
    base_url: str | None = Field(None, description="OpenAI-compatible endpoint (OPENAI_BASE_URL)")
    api_key: str | None = Field(None, description="API key (OPENAI_API_KEY); never logged", repr=False)
    model: str = Field("qwen2.5-1.5b-instruct", description="Model name sent to the endpoint (PLANBOT_MODEL)")
    timeout_s: float = Field(60.0, description="Per-request timeout in seconds")
    context_tokens: int = Field(450, description="Token budget for retrieved context (tiktoken)")
    max_tokens: int = Field(300, description="Max tokens the LLM may generate")
    local_port: int = Field(8089, description="Port of the bundled local server on 127.0.0.1")
    local_threads: int = Field(2, description="CPU threads for the bundled local server")


class AnsweringSettings(BaseModel):
    """Thresholds of linking and answering. Each was chosen by a sweep of the grounded eval (gold, dev,
    fixture plans and the real plans' dev split; 2026-12-04, evals/reports/thresholds.md): the value
    kept is the best one, or the most conservative of several equal ones."""

    link_min: float = Field(
        0.5,
        description="A task/row link at or above this is a match; below it a guess (linker and answerers)",
    )
    target_min: float = Field(0.5, description="A target (or a numbered clause) must score this to answer")
    fact_min: float = Field(0.34, description="The best sentence must cover this share of a fact question")
    supported_min: float = Field(
        0.5,
        description="Where no parsed fact answers a who/when/how-many question, the passage sentence that "
        "holds a unit/date/number must cover this share of it",
    )
    from_hit_min: float = Field(
        0.5, description="Share of the question the top passage must hold to lend its units to a who-question"
    )
    tie: float = Field(0.02, description="Link scores closer than this are a tie")
    group_sim: float = Field(
        0.75,
        description="An annex 工作任务 names a body task when this much of the shorter name is in the longer",
    )
    filed_cover: float = Field(
        0.6, description="An annex row is filed under the body task whose text states this much of it"
    )


class OcrSettings(BaseModel):
    """Text recognition of scanned PDF pages (pages without a text layer), by the Tesseract program."""

    command: str = Field(
        "tesseract", description="Tesseract program, a name on PATH or a path (PLANBOT_TESSERACT)"
    )
    lang: str = Field("chi_sim", description="Tesseract language data (Debian: tesseract-ocr-chi-sim)")
    dpi: int = Field(300, description="Resolution scanned pages are rendered at before recognition")
    workers: int = Field(2, description="Pages recognised at the same time (one Tesseract process each)")
    timeout_s: float = Field(180.0, description="Longest time one page may take")


class UISettings(BaseModel):
    host: str = Field("127.0.0.1", description="Bind address of the UI")
    port: int = Field(7860, description="Port of the UI")
    auth: str | None = Field(None, description="user:pass to require a login", repr=False)
    concurrency: int = Field(4, description="Gradio queue concurrency for chat")
    max_upload_mb: int = Field(20, description="Largest plan file accepted for upload")


class Settings(BaseSettings):
    """planbot settings. Environment: PLANBOT_HOME, PLANBOT_LLM, PLANBOT_MODEL, OPENAI_BASE_URL, ..."""

    # NOTE: the documented flat names (PLANBOT_HOME, PLANBOT_LLM, OPENAI_BASE_URL...) are mapped in
    # from_env(); the prefixed nested form (PLANBOT_CFG_RETRIEVAL__K=5) reaches any other field.
    model_config = SettingsConfigDict(extra="forbid", env_prefix="PLANBOT_CFG_", env_nested_delimiter="__")

    home: Path = Field(Path(".planbot"), description="Data dir: index versions, feedback, model cache")
    max_question_chars: int = Field(2000, description="Questions longer than this are clipped")
    max_file_mb: int = Field(20, description="Files larger than this are refused by the indexer")
    chroma: ChromaSettings = Field(default_factory=ChromaSettings)
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings)
    llm: LLMSettings = Field(default_factory=LLMSettings)
    ui: UISettings = Field(default_factory=UISettings)
    answering: AnsweringSettings = Field(default_factory=AnsweringSettings)
    ocr: OcrSettings = Field(default_factory=OcrSettings)

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        """Settings from the documented flat variables, on top of any PLANBOT_CFG_* nested overrides."""
        import os

        env = dict(os.environ if environ is None else environ)
        base = cls() if environ is None else cls.model_validate({})
        flat: dict[tuple[str, ...], tuple[str, Callable[[str], Any]]] = {
            ("home",): ("PLANBOT_HOME", lambda v: Path(v).expanduser()),
            ("chroma", "host"): ("PLANBOT_CHROMA_HOST", str),
            ("chroma", "port"): ("PLANBOT_CHROMA_PORT", int),
            ("llm", "mode"): ("PLANBOT_LLM", str.lower),
            ("llm", "base_url"): ("OPENAI_BASE_URL", str),
            ("llm", "api_key"): ("OPENAI_API_KEY", str),
            ("llm", "model"): ("PLANBOT_MODEL", str),
            ("llm", "timeout_s"): ("PLANBOT_LLM_TIMEOUT", float),
            ("llm", "local_port"): ("PLANBOT_LLM_PORT", int),
            ("ui", "host"): ("PLANBOT_UI_HOST", str),
            ("ui", "port"): ("PLANBOT_UI_PORT", int),
            ("ui", "auth"): ("PLANBOT_UI_AUTH", str),
            ("ocr", "command"): ("PLANBOT_TESSERACT", str),
        }
        data = base.model_dump()
        for path, (var, conv) in flat.items():
            raw = (env.get(var) or "").strip()
            if not raw:
                continue
            target = data
            for key in path[:-1]:
                target = target[key]
            try:
                target[path[-1]] = conv(raw)
            except ValueError as e:  # name the variable: int("abc") alone does not say which one
                raise ValueError(f"环境变量 {var} 的值“{raw}”无效：{e}") from e
        return cls.model_validate(data)
