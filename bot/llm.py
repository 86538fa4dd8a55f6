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

from pydantic import BaseModel, Field

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
# NOTE: where the grounded composer answered, the model restates its answer (given as reference) from
# the passages it cites, so the context is cut to this many tokens: prefill is the first token's cost on
# a CPU (≈ 50-90 prompt tokens/s on 2 cores; evals/reports/bench/llm-latency.md), and the verifier checks
# the answer against the whole cited chunks, not against what the model saw.
REFERENCE_CONTEXT_TOKENS = 100
_NAMED_PASSAGE_TOKENS = 45  # per passage the grounded answer names by its locator
_LEAD_TOKENS = 24
_CLAUSE = re.compile(r"[^。；;！？!?，,\n]+[。；;！？!?，,]?")
_GRAM_DROP = re.compile(r"[\s\W_]+")


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


# NOTE: the reply is plain text with [n] after each sentence, not JSON under a grammar: the first answer
# token then follows the prefill at once (the grammar and the `{"answer": "` prefix cost ≈ 0.8 s on this
# CPU; evals/reports/bench/llm-latency.md), and a reply without any [n] is refused like one citing nothing.
_MARK = re.compile(r"[\[【]\s*(\d+(?:\s*[,，、]\s*\d+)*)\s*[\]】]")
_OPEN_MARK = re.compile(r"[\[【][\d,，、\s]*$")


def parse_reply(text: str) -> tuple[str, list[int]]:
    """The answer without its [n] markers, and the numbers they cite in order; a marker still being
    streamed at the end is held back."""
    cited = [int(n) for m in _MARK.finditer(text) for n in re.split(r"[,，、\s]+", m.group(1)) if n]
    return _OPEN_MARK.sub("", _MARK.sub("", text)).strip(), cited


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


def passage_text(chunk: Chunk, budget: int, focus: str = "") -> str:
    """The passage as the model reads it: the units it names first, then the quote, within budget.

    With a focus (the question and the grounded answer), a quote over budget is cut to its sentences
    that share most with the focus, in their order, gaps marked “…”; the units line is then left out
    when the sentences kept name every unit.

    # NOTE: responsibility clauses sit at the end of paragraphs and annex rows; listing the units first
    # and clipping the middle of a long quote keeps them when the quote does not fit.
    """
    quote = chunk.quote.strip()
    if focus and count_tokens(quote) > budget:
        head_full = f"相关单位：{'、'.join(chunk.units)}\n" if chunk.units else ""
        text = excerpt(quote, focus, budget)
        if not head_full or all(u in text for u in chunk.units):
            return text
        head = _clip_middle(head_full.strip(), budget) + "\n"
        rest = budget - count_tokens(head)
        return head + (excerpt(quote, focus, rest) if rest > 0 else "")
    head = _clip_middle(f"相关单位：{'、'.join(chunk.units)}", budget) + "\n" if chunk.units else ""
    rest = budget - count_tokens(head)
    return head + (_clip_middle(quote, rest) if rest > 0 else "")


def _grams(text: str) -> set[str]:
    t = _GRAM_DROP.sub("", text)
    return {t[i : i + 2] for i in range(len(t) - 1)}


def excerpt(quote: str, focus: str, budget: int) -> str:
    """The passage's first clause (a row's number and task, a paragraph's heading) and then the clauses
    sharing the most character pairs with focus, kept in their order within budget; “…” marks what was
    left out. The best clause is clipped when even it does not fit."""
    if count_tokens(quote) <= budget:
        return quote
    parts = [x for x in (m.group(0).strip() for m in _CLAUSE.finditer(quote)) if x]
    if not parts:
        return ""
    want = _grams(focus)
    score = [len(_grams(x) & want) for x in parts]
    ranked = sorted(range(len(parts)), key=lambda i: (-score[i], i))
    lead = _clip_end(parts[0], min(_LEAD_TOKENS, budget // 3))
    if lead != parts[0]:  # a long first clause: its start names the row or the paragraph
        parts[0] = lead
    keep: set[int] = set()
    for i in [0, *ranked]:
        if i in keep or (not score[i] and keep and i != 0):
            continue
        if count_tokens(_join(parts, keep | {i})) <= budget:
            keep.add(i)
    if not keep or (keep == {0} and score[ranked[0]] and ranked[0] != 0):
        return _clip_middle(parts[ranked[0]], budget)
    return _join(parts, keep)


def _clip_end(text: str, budget: int) -> str:
    """The start of text within budget, “…” after it."""
    if count_tokens(text) <= budget:
        return text
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if count_tokens(text[:mid] + "…") <= budget:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo] + "…" if lo else ""


def _join(parts: list[str], keep: set[int]) -> str:
    out: list[str] = []
    last = -1
    for i in sorted(keep):
        if i != last + 1 and not (out and out[-1].endswith("…")):
            out.append("…")
        out.append(parts[i])
        last = i
    if last != len(parts) - 1:
        out.append("…")
    return "".join(out)


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


def build_context(
    passages: Sequence[Chunk], budget: int, focus: str = "", share: int | None = None
) -> Context:
    """Number passages in retrieval order until the token budget is spent; none takes over half (or over
    `share`). With a focus, long passages are cut to their sentences closest to it (see passage_text)."""
    template = prompts.load(PASSAGE_PROMPT)
    blocks: list[str] = []
    ids: list[str] = []
    for chunk in passages:
        n = len(ids) + 1
        used = count_tokens("\n".join(blocks)) + 1 if blocks else 0
        overhead = count_tokens(template.format(n=n, locator=chunk.locator, text="")) + 2
        cap = min(budget - used - overhead, max(_MIN_PASSAGE_TOKENS, share or budget // 2))
        while cap >= _MIN_PASSAGE_TOKENS:
            block = template.format(n=n, locator=chunk.locator, text=passage_text(chunk, cap, focus)).strip()
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


def _draft(text: str, ids: list[str], *, final: bool) -> LLMDraft:
    """Turn the model's (possibly partial) reply into a draft; on the final one, enforce the contract."""
    answer, cited = parse_reply(text)
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
        from langchain_core.output_parsers import StrOutputParser

        self.prompt = ChatPromptTemplate.from_messages(
            [("system", prompts.load(SYSTEM_PROMPT)), ("human", prompts.load(USER_PROMPT))]
        )
        self.chain = self.prompt | self.model | StrOutputParser()
        # NOTE: method="json_schema" is what worked against the local server (function_calling returned
        # None) for the understanding step, whose reading must come back as fields.
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
        budget, share = self.settings.llm.context_tokens, None
        if grounded:
            # every passage the grounded answer names goes in (else the model cites numbers it was not
            # given), each cut short; the others only while the reference budget lasts
            named = [p for p in passages if p.locator and p.locator in grounded]
            passages = named + [p for p in passages if p not in named]
            budget = min(budget, max(REFERENCE_CONTEXT_TOKENS, _NAMED_PASSAGE_TOKENS * len(named)))
            share = max(budget // max(len(named), 1), _MIN_PASSAGE_TOKENS) if len(named) > 2 else None
        # NOTE: without a reference (the structure found nothing) the passages are clipped as before: the
        # model answers from them alone, and a cut to the question's words made it cite the wrong one
        focus = f"{question}\n{grounded}" if grounded else ""
        context = build_context(passages, budget, focus=focus, share=share)
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
        text = ""
        try:
            for part in self.chain.stream(inputs):
                text += part
                draft = _draft(text, ids, final=False)
                if draft.answer:
                    yield draft
        except Exception as e:
            raise _as_llm_error(e) from e
        yield _draft(text, ids, final=True)


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
