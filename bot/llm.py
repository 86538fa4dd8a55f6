"""The LLM composer: question + retrieved passages -> structured draft (answer + cited chunk ids).

A LangChain chain: prompt templates from prompts/ -> ChatOpenAI (any OpenAI-compatible endpoint, the
bundled local server included) -> structured output by JSON schema. Every failure becomes LLMError, so
the caller can fall back to the grounded answer; whether to abstain is decided by retrieval and the
verifier, never asked of the model.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, Field, ValidationError

import prompts
from index.errors import PlanbotError
from index.models import Chunk
from index.settings import Settings
from index.tokens import count_tokens

SYSTEM_PROMPT = "compose_system"
USER_PROMPT = "compose_user"
REFERENCE_PROMPT = "compose_reference"
PASSAGE_PROMPT = "compose_passage"

# Chinese labels the model reads in the user message; intent names are the bot's, in English.
INTENT_LABELS = {
    "responsible": "问责任单位",
    "reverse": "问某单位负责哪些任务",
    "target": "问目标指标",
    "list": "列举",
    "fact": "问事实",
    "other": "一般问题",
}
_MIN_PASSAGE_TOKENS = 40
_ALIAS_MARKER = re.compile(r"\s*[\[【]\s*\d+\s*[\]】]")


class LLMError(PlanbotError):
    """Any failure of the LLM: endpoint down, timeout, HTTP error, malformed JSON, refusal, no citation.

    `reason` is a short slug for Answer.mode ("fallback:<reason>"); the message is Chinese for users.
    """

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class LLMDraft(BaseModel):
    answer: str
    cited_ids: list[str] = Field(default_factory=list)


class _Reply(BaseModel):
    """What the model is asked to return; passage numbers are mapped back to chunk ids afterwards."""

    answer: str = Field(description="答案正文")
    cited: list[int] = Field(description="答案所依据的资料编号")


REPLY_SCHEMA: dict[str, Any] = {"title": "reply", **_Reply.model_json_schema()}
UNDERSTAND_SYSTEM = "understand_system"
UNDERSTAND_USER = "understand_user"


class SpecDraft(BaseModel):
    """What the model reads from a question (prompts/understand_*.md); bot/llm_spec.py validates it
    against the plan's catalogue before any of it is used."""

    intent: str = Field("fact", description="responsible | reverse | target | list | fact")
    role: str = Field("", description="牵头 | 配合 | 参与 | 指导 | 空")
    task: str = Field("", description="问题所问的任务或事项的书面说法")
    agencies: list[str] = Field(default_factory=list, description="问题点名的单位")


SPEC_SCHEMA: dict[str, Any] = {"title": "spec_draft", **SpecDraft.model_json_schema()}


@dataclass(frozen=True)
class Context:
    """Passages as the model sees them: numbered 1..n, with the chunk id behind each number."""

    text: str
    ids: list[str]
    tokens: int


def passage_text(chunk: Chunk, budget: int) -> str:
    """The passage as the model reads it: the units it names first, then the quote, within budget.

    # NOTE: responsibility clauses sit at the end of paragraphs and annex rows; listing the units first
    # and clipping the middle of a long quote keeps them when the quote does not fit.
    """
    head = _clip_middle(f"相关单位：{'、'.join(chunk.units)}", budget) + "\n" if chunk.units else ""
    rest = budget - count_tokens(head)
    return head + (_clip_middle(chunk.quote.strip(), rest) if rest > 0 else "")


def _clip_middle(text: str, budget: int) -> str:
    if count_tokens(text) <= budget:
        return text
    lo, hi = 0, len(text) // 2
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if count_tokens(text[:mid] + "…" + text[-mid:]) <= budget:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo] + "…" + text[-lo:] if lo else ""


def build_context(passages: Sequence[Chunk], budget: int) -> Context:
    """Number passages in retrieval order until the token budget is spent; none takes over half."""
    template = prompts.load(PASSAGE_PROMPT)
    blocks: list[str] = []
    ids: list[str] = []
    for chunk in passages:
        n = len(ids) + 1
        used = count_tokens("\n".join(blocks)) + 1 if blocks else 0
        overhead = count_tokens(template.format(n=n, locator=chunk.locator, text="")) + 2
        cap = min(budget - used - overhead, max(_MIN_PASSAGE_TOKENS, budget // 2))
        while cap >= _MIN_PASSAGE_TOKENS:
            block = template.format(n=n, locator=chunk.locator, text=passage_text(chunk, cap)).strip()
            over = count_tokens("\n".join([*blocks, block])) - budget
            if over <= 0:
                blocks.append(block)
                ids.append(chunk.id)
                break
            cap -= over
        else:
            break
    text = "\n".join(blocks)
    return Context(text=text, ids=ids, tokens=count_tokens(text) if text else 0)


def prompt_inputs(question: str, context: Context, *, intent: str, grounded: str | None) -> dict[str, str]:
    """Values for the user template (a test checks they match the template's variables)."""
    reference = prompts.load(REFERENCE_PROMPT).format(grounded=grounded.strip()) if grounded else ""
    return {
        "passages": context.text,
        "reference": reference,
        "intent": INTENT_LABELS.get(intent, INTENT_LABELS["other"]),
        "question": question.strip(),
    }


def _draft(raw: Any, ids: list[str], *, final: bool) -> LLMDraft:
    """Turn the model's (possibly partial) reply into a draft; on the final one, enforce the contract."""
    if raw is None or not isinstance(raw, dict):
        if final:
            raise LLMError("empty", "大模型没有返回结构化结果")
        return LLMDraft(answer="", cited_ids=[])
    if final:
        try:
            reply = _Reply.model_validate(raw)
        except ValidationError as e:
            raise LLMError("bad_schema", "大模型返回的结构不符合要求") from e
        answer, cited = reply.answer, reply.cited
    else:
        text = raw.get("answer")
        answer = text if isinstance(text, str) else ""
        cited = [c for c in raw.get("cited") or [] if isinstance(c, int)]
    answer = _ALIAS_MARKER.sub("", answer).strip()
    mapped: list[str] = []
    for n in cited:
        if 1 <= n <= len(ids):
            if ids[n - 1] not in mapped:
                mapped.append(ids[n - 1])
        elif final:
            raise LLMError("unknown_citation", f"大模型引用了不存在的资料编号 [{n}]")
    if final:
        if not answer:
            raise LLMError("empty", "大模型返回的答案为空")
        if not mapped:
            raise LLMError("no_citation", "大模型的答案没有引用资料")
    return LLMDraft(answer=answer, cited_ids=mapped)


def _as_llm_error(e: BaseException) -> LLMError:
    """Map client and parser exceptions to a short reason; never include request headers or keys."""
    if isinstance(e, LLMError):
        return e
    import openai
    from langchain_core.exceptions import OutputParserException

    if isinstance(e, openai.APITimeoutError):
        return LLMError("timeout", "大模型响应超时")
    if isinstance(e, openai.APIConnectionError):
        return LLMError("unreachable", "无法连接大模型服务")
    if isinstance(e, openai.APIStatusError):
        return LLMError(f"http_{e.status_code}", f"大模型服务返回错误（HTTP {e.status_code}）")
    if isinstance(e, OutputParserException | json.JSONDecodeError | ValueError):
        return LLMError("bad_json", "大模型返回的不是合法 JSON")
    if type(e).__name__ == "OpenAIRefusalError":
        return LLMError("refusal", "大模型拒绝回答")
    return LLMError("error", f"大模型调用失败（{type(e).__name__}）")


class LLMComposer:
    """Composes a draft answer from passages with an OpenAI-compatible chat model."""

    def __init__(self, settings: Settings, base_url: str | None) -> None:
        from langchain_core.prompts import ChatPromptTemplate
        from langchain_openai import ChatOpenAI

        self.settings = settings
        # NOTE: llama.cpp ignores the key, but the client insists on one; a real key comes only from
        # settings (OPENAI_API_KEY) and the client keeps it out of reprs and logs.
        self.model = ChatOpenAI(
            base_url=base_url,
            api_key=settings.llm.api_key or "not-needed",  # type: ignore[arg-type]
            model=settings.llm.model,
            timeout=settings.llm.timeout_s,
            max_retries=0,
            max_tokens=settings.llm.max_tokens,  # type: ignore[call-arg]
            temperature=0,
        )
        # NOTE: method="json_schema" is what worked against the local server (function_calling returned
        # None); a dict schema gives a JSON parser that yields partial objects while streaming.
        structured = self.model.with_structured_output(REPLY_SCHEMA, method="json_schema")
        self.prompt = ChatPromptTemplate.from_messages(
            [("system", prompts.load(SYSTEM_PROMPT)), ("human", prompts.load(USER_PROMPT))]
        )
        self.chain = self.prompt | structured
        self.spec_chain = ChatPromptTemplate.from_messages(
            [("system", prompts.load(UNDERSTAND_SYSTEM)), ("human", prompts.load(UNDERSTAND_USER))]
        ) | self.model.with_structured_output(SPEC_SCHEMA, method="json_schema")

    def understand(self, question: str) -> SpecDraft:
        """The model's reading of a question, unvalidated: intent, role, the task in plain words, units."""
        try:
            raw = self.spec_chain.invoke({"question": question})
            return SpecDraft.model_validate(raw)
        except Exception as e:
            raise _as_llm_error(e) from e

    def _prepare(
        self, question: str, passages: list[Chunk], intent: str, grounded: str | None
    ) -> tuple[dict[str, str], list[str]]:
        if not passages:
            raise LLMError("no_passages", "没有可供大模型引用的资料")
        context = build_context(passages, self.settings.llm.context_tokens)
        if not context.ids:
            raise LLMError("no_passages", "资料超出了大模型的上下文预算")
        return prompt_inputs(question, context, intent=intent, grounded=grounded), context.ids

    def compose(
        self, question: str, passages: list[Chunk], *, intent: str, grounded: str | None = None
    ) -> LLMDraft:
        inputs, ids = self._prepare(question, passages, intent, grounded)
        try:
            raw = self.chain.invoke(inputs)
        except Exception as e:
            raise _as_llm_error(e) from e
        return _draft(raw, ids, final=True)

    def stream(
        self, question: str, passages: list[Chunk], *, intent: str, grounded: str | None = None
    ) -> Iterator[LLMDraft]:
        """Partial drafts while tokens arrive; the last one is final and checked like compose()."""
        inputs, ids = self._prepare(question, passages, intent, grounded)
        last: Any = None
        try:
            for part in self.chain.stream(inputs):
                last = part
                draft = _draft(part, ids, final=False)
                if draft.answer:
                    yield draft
        except Exception as e:
            raise _as_llm_error(e) from e
        if last is None:
            # NOTE: the streaming JSON parser yields nothing for text that never parses.
            raise LLMError("bad_json", "大模型返回的不是合法 JSON")
        yield _draft(last, ids, final=True)


def make_composer(settings: Settings) -> LLMComposer | None:
    """None when no LLM is configured; mode "local" starts or reuses the bundled server first."""
    mode = settings.llm.mode
    if mode == "none":
        return None
    if mode == "local":
        from bot.local_llm import ensure_local_server

        try:
            url = ensure_local_server(settings) + "/v1"
        except PlanbotError as e:
            raise LLMError("local_unavailable", str(e)) from e
        return LLMComposer(settings, url)
    return LLMComposer(settings, settings.llm.base_url)
