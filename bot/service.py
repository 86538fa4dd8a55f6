"""The Service: one loaded index, answering questions (grounded, or LLM with grounded fallback).

`Service.from_settings` opens the index; `ask` and `stream` answer; `reload_if_changed` picks up a
re-index between questions (the old index keeps answering until the switch).
"""

from __future__ import annotations

import re
import threading
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from bot.aliases import translate_english
from bot.answer import Answer
from bot.catalog import Catalog, build_catalog, romanised_places, scope_doc
from bot.compose import Context, PlansView, compose, plans_view
from bot.retrieve import Hit, HybridRetriever
from bot.spec import QuerySpec
from bot.text import is_latin
from bot.understand import clean, separate_questions, understand
from index.models import Chunk
from index.settings import Settings

EMPTY_QUESTION = "请输入问题，例如：“某项任务由哪个单位牵头？”“某项指标的目标是多少？”"


# Markup pasted into a question (from a web page, or an attack) carries no meaning for a plan question.
_SCRIPT = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"</?[A-Za-z!][^<>]{0,300}>")


def plain_question(text: str) -> str:
    """The question without HTML tags, script bodies and invisible format characters (zero-width,
    bidi overrides, lone surrogates, private use): they cannot help and they confuse language detection
    and printing. Control characters and clipping are left to understand.clean()."""
    text = _TAG.sub(" ", _SCRIPT.sub(" ", text))
    return "".join(ch for ch in text if unicodedata.category(ch) not in ("Cf", "Cs", "Co"))


# Any 10 characters in a row from the instructions we give the LLM: a real answer about a plan never
# repeats them, an answer that does was talked into echoing its prompt (prompt injection).
_LEAK_WINDOW = 10


@cache
def _prompt_windows() -> frozenset[str]:
    import string

    import prompts
    from bot.llm import REFERENCE_PROMPT, SYSTEM_PROMPT, USER_PROMPT

    out: set[str] = set()
    for name in (SYSTEM_PROMPT, USER_PROMPT, REFERENCE_PROMPT):
        for literal, *_ in string.Formatter().parse(prompts.load(name)):
            t = re.sub(r"\s+", "", literal)
            out.update(t[i : i + _LEAK_WINDOW] for i in range(len(t) - _LEAK_WINDOW + 1))
    return frozenset(out)


def leaks_prompt(answer: str) -> bool:
    """True when the answer repeats a stretch of the LLM's instructions."""
    t = re.sub(r"\s+", "", answer)
    windows = _prompt_windows()
    return any(t[i : i + _LEAK_WINDOW] in windows for i in range(len(t) - _LEAK_WINDOW + 1))


@dataclass
class _Loaded:
    """Everything derived from one index version; swapped as a whole so a question sees one version."""

    index: Any
    version: str | None
    retriever: HybridRetriever
    contexts: dict[str | None, Context]


# An LLM answer that says the passages do not answer is an abstention, whatever else it says.
_SAYS_NOT_FOUND = re.compile(
    r"没有提到|未提及|没有找到|未找到|无法回答|没有相关|不包含|未涉及|not mention", re.I
)


_MIN_SUPPORT = 0.8  # share of an LLM answer's character pairs that must stand in its cited passages


def support(answer: str, cited: list[Chunk]) -> float:
    """Share of the answer's Chinese character pairs found in the cited passages."""
    pairs = [answer[i : i + 2] for i in range(len(answer) - 1)]
    pairs = [p for p in pairs if re.fullmatch(r"[\u4e00-\u9fff]{2}", p)]
    if not pairs:
        return 0.0
    text = "".join(re.sub(r"\s+", "", c.quote) for c in cited)
    return sum(p in text for p in pairs) / len(pairs)


def _ms(t0: float) -> float:
    return round((time.perf_counter() - t0) * 1000, 2)


class Service:
    def __init__(self, settings: Settings, index: Any, composer: Any = None) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._loaded = self._load(index)
        self._composer = composer
        self._composer_made = composer is not None
        self._composer_retry_at = 0.0

    @classmethod
    def from_settings(cls, settings: Settings) -> Service:
        """Open the serving index; raises index.errors.IndexMissing (says to run `planbot index`)."""
        from index.store import open_index

        return cls(settings, open_index(settings))

    # ---------------------------------------------------------------- index versions

    @property
    def index(self) -> Any:
        """The PlanIndex now serving (plans, chunks, facts); changes after a re-index is picked up."""
        return self._loaded.index

    @property
    def version(self) -> str | None:
        return self._loaded.version

    def _load(self, index: Any) -> _Loaded:
        r = self.settings.retrieval
        retriever = HybridRetriever(index=index, k=r.k, dense_k=r.dense_k, lexical_k=r.lexical_k)
        return _Loaded(index, getattr(index, "version", None), retriever, {})

    def reload_if_changed(self) -> bool:
        """Switch to a newer index version if one was built; True when it switched."""
        from index.store import current_version, open_index

        current = current_version(self.settings)
        if current is None or current == self._loaded.version:
            return False
        with self._lock:
            if current == self._loaded.version:
                return False
            fresh = open_index(self.settings, embedder=getattr(self._loaded.index, "_embedder", None))
            self._loaded = self._load(fresh)
        return True

    def context(self, doc: str | None = None, loaded: _Loaded | None = None) -> Context:
        loaded = loaded or self._loaded
        ctx = loaded.contexts.get(doc)
        if ctx is None:
            idx = loaded.index
            facts = idx.facts_for(doc)
            if doc is None:
                chunks, plans = dict(idx.chunks), dict(idx.plans)
            else:  # one plan's records, grouped once per version: no scan of the others
                rec = idx.by_plan().get(doc)
                chunks = dict(rec.chunks) if rec else {}
                plans = {doc: idx.plans[doc]} if doc in idx.plans else {}
            cat: Catalog = build_catalog(
                facts, list(chunks.values()), list(plans.values()), th=self.settings.answering
            )
            ctx = Context(cat=cat, facts=facts, chunks=chunks, plans=plans)
            loaded.contexts[doc] = ctx
        return ctx

    def warm(self) -> dict[str, float]:
        """Load now what the first questions would load on their way, so a server's first users (and a
        benchmark) see steady-state latency: the whole catalogue; over many plans each plan's own context
        and link index; the romanisation table; the embedding model and the vector store. Seconds each."""
        from bot.catalog import pinyin_places
        from bot.linking import item_indexes

        loaded = self._loaded
        out: dict[str, float] = {}
        t0 = time.perf_counter()
        full = self.context(None, loaded)
        if len(full.plans) > self.settings.retrieval.all_plans_up_to:
            for d in full.plans:
                self.context(d, loaded)
            item_indexes(full.cat.view(full.plans))
        else:
            item_indexes(full.cat)
        out["catalogue_s"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        pinyin_places(full.cat)
        out["pinyin_s"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        if loaded.index.chunks:
            loaded.index.dense("预热", 1)
        out["dense_s"] = time.perf_counter() - t0
        return {k: round(v, 2) for k, v in out.items()}

    # ---------------------------------------------------------------- many plans

    @staticmethod
    def _plans_of(loaded: _Loaded, hits: list[Hit] | list[tuple[str, float]]) -> list[str]:
        """The plans of retrieved passages, best first."""
        chunks = loaded.index.chunks
        ids = [h.chunk_id if isinstance(h, Hit) else h[0] for h in hits]
        return list(dict.fromkeys(chunks[i].doc_id for i in ids if i in chunks))

    def _candidate_plans(self, full: Context, loaded: _Loaded, q: str, hist: list[str]) -> Context:
        """The plans a question over many plans is answered from: those it (or the turn it follows up)
        names, then those of its best lexical passages (for English, through the glossary, and the dense
        ones), at most `retrieval.max_plans`. A view of the whole catalogue, so links score as before."""
        r = self.settings.retrieval
        cat = full.cat
        turns = [q, *hist[-1:]]
        docs = [d for t in turns if (d := scope_doc(t, cat))]
        for t in turns:
            if is_latin(t):
                docs += self._plans_of(loaded, loaded.retriever.dense(t, None))
                zh = translate_english(romanised_places(t, cat), cat.english)
                t = re.sub(r"[A-Za-z][A-Za-z'\-]*", " ", zh)  # as understand() reads it
            docs += self._plans_of(loaded, loaded.index.lexical(t, r.lexical_k))
        return self._view(loaded, list(dict.fromkeys(docs))[: r.max_plans])

    def _with_plans(self, ctx: Context, loaded: _Loaded, docs: list[str]) -> Context:
        """The view widened by `docs` (the plans of the passages retrieval handed over, or the one named)."""
        if not isinstance(ctx, PlansView) or all(d in ctx.plans for d in docs):
            return ctx
        return self._view(loaded, [*ctx.plans, *docs])

    def _view(self, loaded: _Loaded, docs: list[str]) -> PlansView:
        full = self.context(None, loaded)
        return plans_view(full, docs, loaded.index.by_plan(), lambda d: self.context(d, loaded))

    # ---------------------------------------------------------------- grounded

    def _grounded(
        self, question: str, history: list[str] | None, doc: str | None
    ) -> tuple[Answer, QuerySpec | None, list[Hit], Context | None]:
        t_all = time.perf_counter()
        timings: dict[str, float] = {}
        q, notes = clean(plain_question(question or ""), self.settings.max_question_chars)
        if not q:
            return Answer(answer=EMPTY_QUESTION, abstained=True, intent="other", notes=notes), None, [], None
        try:
            self.reload_if_changed()
        except Exception as e:  # a broken new version must not stop answers from the old one
            notes.append(f"新索引暂不可用，继续使用旧索引（{type(e).__name__}）。")
        if len(parts := separate_questions(q)) >= 2:
            return self._separately(q, parts, history, doc, notes)
        loaded = self._loaded
        t0 = time.perf_counter()
        ctx = self.context(doc, loaded)
        hist = self._history(history)
        # NOTE: over many plans, the per-plan work (linking, targets, one answer per plan) is done for the
        # plans retrieval finds, not for every plan indexed (issue 14: 463 ms at 100 plans, growing).
        narrow = doc is None and len(ctx.plans) > self.settings.retrieval.all_plans_up_to
        if narrow:
            ctx = self._candidate_plans(ctx, loaded, q, hist)
        u = understand(q, hist, ctx.cat)
        if narrow and u.doc and u.doc not in ctx.plans:  # named in a way retrieval did not see
            ctx = self._with_plans(ctx, loaded, [u.doc])
            u = understand(q, hist, ctx.cat)
        timings["understand"] = _ms(t0)
        t0 = time.perf_counter()
        # NOTE: lexical first. Embedding a query costs 0.1-2 s on 2 busy cores, and linked facts answer
        # most Chinese questions; the dense side joins for English and before abstaining (measured on
        # the gold+dev sets: same accuracy, dense needed on 34/193 first asks instead of 71).
        need_dense = u.english
        hits = self._hits(loaded, u, doc, need_dense, notes)
        if narrow:
            ctx = self._with_plans(ctx, loaded, self._plans_of(loaded, hits))
        timings["retrieve"] = _ms(t0)
        t0 = time.perf_counter()
        ans = compose(u, ctx, hits)
        timings["compose"] = _ms(t0)
        if (ans.abstained or ans.tentative) and not need_dense and not u.abstain_reason:
            t0 = time.perf_counter()
            dense_hits = self._hits(loaded, u, doc, True, notes)
            if dense_hits is not hits:
                hits = dense_hits
                if narrow:
                    ctx = self._with_plans(ctx, loaded, self._plans_of(loaded, hits))
                wider = compose(u, ctx, hits)
                ans = ans if wider.abstained and ans.tentative else wider
            timings["retrieve_dense"] = _ms(t0)
        if u.followup_of:
            notes.append(f"结合上文理解为：{u.query}")
        ans.notes = notes + ans.notes
        ans.mode = "grounded"
        timings["total"] = _ms(t_all)
        ans.timings = timings
        return ans, u, hits, ctx

    def _history(self, history: list[str] | None) -> list[str]:
        """Earlier turns read as a question is: plain text, clipped, empty ones dropped."""
        cleaned = (clean(plain_question(h), self.settings.max_question_chars)[0] for h in history or [])
        return [h for h in cleaned if h]

    def _separately(
        self, question: str, parts: list[str], history: list[str] | None, doc: str | None, notes: list[str]
    ) -> tuple[Answer, QuerySpec | None, list[Hit], Context | None]:
        """Two questions in one message: each answered on its own, in the order asked; a part the plan
        leaves open says so in its line. The spec of the whole message goes on to the LLM step."""
        answered = [self._grounded(p, history, doc) for p in parts]
        found = [a for a, *_ in answered if not a.abstained]
        if not found:
            return answered[0]
        # both parts may be answered by one sentence, or open with the same heading line: said once
        lines: list[str] = []
        for text in dict.fromkeys(
            a.answer if not a.abstained else a.answer.split("可参考")[0] for a, *_ in answered
        ):
            head, *rest = text.split("\n")
            lines += rest if head.endswith("：") and head in lines else [head, *rest]
        cites = list({c.chunk_id: c for a in found for c in a.citations}.values())
        hits = list({h.chunk_id: h for _, _, hs, _ in answered for h in hs}.values())
        _, _, _, ctx = answered[0]
        u = understand(question, self._history(history), ctx.cat) if ctx is not None else None
        extra = [n for a, *_ in answered for n in a.notes if n not in notes]
        merged = Answer(
            answer="\n".join(lines),
            intent=found[0].intent,
            citations=cites,
            notes=notes + list(dict.fromkeys(extra)),
            mode="grounded",
        )
        return merged, u, hits, ctx

    @staticmethod
    def _hits(loaded: _Loaded, u: QuerySpec, doc: str | None, dense: bool, notes: list[str]) -> list[Hit]:
        """Fused hits; where the vector store fails (a store being rebuilt, a file it cannot open, a server
        that went away) the lexical hits alone, said in the notes, rather than no answer."""
        try:
            return loaded.retriever.hits(u.query, doc=doc, dense=dense, lexical_query=u.match)
        except Exception as e:
            if not dense:
                raise
            notes.append(f"向量检索暂不可用（{type(e).__name__}），本次只用关键词检索。")
            return loaded.retriever.hits(u.query, doc=doc, dense=False, lexical_query=u.match)

    # ---------------------------------------------------------------- LLM

    def composer(self) -> Any:
        """The LLM composer, made on first use; a failed start is retried only after a pause."""
        if not self._composer_made:
            if time.monotonic() < self._composer_retry_at:
                raise RuntimeError("上次启动失败，稍后重试")
            from bot.llm import make_composer

            try:
                self._composer = make_composer(self.settings)
            except Exception:
                self._composer_retry_at = time.monotonic() + 60
                raise
            self._composer_made = True
        return self._composer

    def _passages(self, grounded: Answer, hits: list[Hit], ctx: Context) -> list[Chunk]:
        ids = [c.chunk_id for c in grounded.citations] + [h.chunk_id for h in hits]
        out: list[Chunk] = []
        for i in ids:
            if i in ctx.chunks and ctx.chunks[i] not in out:
                out.append(ctx.chunks[i])
        return out[: max(self.settings.retrieval.k, len(grounded.citations))]

    def _llm_answer(self, draft: Any, grounded: Answer, passages: list[Chunk], ctx: Context) -> Answer:
        from bot.compose import cite
        from bot.verify import dropped, verify

        by_id = {c.id: c for c in passages}
        cited = [by_id[i] for i in draft.cited_ids if i in by_id]
        problems = verify(draft.answer, cited, set(by_id), ctx.cat.units)
        if not grounded.abstained and (lost := dropped(grounded.answer, draft.answer, ctx.cat.units)):
            problems.append("答案漏掉了原文答案中的" + "、".join(lost[:3]))
        if leaks_prompt(draft.answer):
            problems.append("答案复述了系统指令")
        if grounded.abstained and (not cited or _SAYS_NOT_FOUND.search(draft.answer)):
            problems.append("大模型也没有找到依据")
        elif grounded.abstained and support(draft.answer, cited) < _MIN_SUPPORT:
            # where the structure found nothing, the LLM may only restate the passages: a name or a pairing
            # of number and thing that is not in them (a person, “引进1名外籍教师”) is not an answer
            problems.append("答案的大部分内容不在所引原文中")
        if problems:
            return self._fallback(grounded, "verify", "大模型回答未通过核对：" + "；".join(problems))
        return grounded.model_copy(
            update={
                "answer": draft.answer,
                "mode": "llm",
                "abstained": False,
                "citations": [cite(c) for c in cited],
            }
        )

    @staticmethod
    def _fallback(grounded: Answer, reason: str, why: str) -> Answer:
        notes = [*grounded.notes, f"{why}，已改用基于原文的回答。"]
        return grounded.model_copy(update={"mode": f"fallback:{reason}", "notes": notes})

    # ---------------------------------------------------------------- public

    def ask(self, question: str, history: list[str] | None = None, doc: str | None = None) -> Answer:
        return list(self._answer(question, history, doc, streaming=False))[-1]

    def stream(
        self, question: str, history: list[str] | None = None, doc: str | None = None
    ) -> Iterator[Answer]:
        """Grounded: yields the final Answer once. LLM mode: partial Answers, then the verified final one."""
        yield from self._answer(question, history, doc, streaming=True)

    def _answer(
        self, question: str, history: list[str] | None, doc: str | None, *, streaming: bool
    ) -> Iterator[Answer] | list[Answer]:
        grounded, u, hits, ctx = self._grounded(question, history, doc)
        # NOTE: abstention is decided by retrieval and facts; the LLM is never asked to confirm it. A
        # question the structure cannot answer still goes to the LLM with the passages retrieval found,
        # unless the question names something the plan does not have (a trap); its answer must then
        # pass the same verification, or the abstention stands.
        if u is None or ctx is None or self.settings.llm.mode == "none":
            return [grounded]
        if grounded.abstained and (u.abstain_reason or u.unknown_agencies or not hits):
            return [grounded]
        if not grounded.abstained and u.intent in ("reverse", "list"):
            # NOTE: a list is the plan's own items; retold by the local model it lost items (2 of 9 reverse
            # answers on holdout7/8 named fewer tasks than the grounded list)
            return [grounded]
        try:
            composer = self.composer()
        except Exception as e:  # e.g. the local server cannot start: answer grounded, say why
            return [self._fallback(grounded, getattr(e, "reason", "unavailable"), f"大模型不可用（{e}）")]
        if composer is None:
            return [grounded]
        if grounded.abstained:
            understood = self._answer_as_understood(composer, grounded, u, hits, ctx)
            if understood is not None:
                return [understood]
            if u.absent_terms:  # it asks about something the plan never names: no free composition
                return [grounded]
        if streaming:
            return self._llm_stream(composer, grounded, u, hits, ctx)
        return list(self._llm_stream(composer, grounded, u, hits, ctx, partials=False))

    def _answer_as_understood(
        self, composer: Any, grounded: Answer, u: QuerySpec, hits: list[Hit], ctx: Context
    ) -> Answer | None:
        """The grounded answer to the question as the LLM reads it (bot/llm_spec.py), when the rules found
        nothing and the LLM's reading names a task or unit the plan has; None otherwise."""
        from bot.llm_spec import refine

        if not hasattr(composer, "understand"):
            return None
        try:
            draft = composer.understand(u.query)
        except Exception:  # a configured LLM that fails never fails the question
            return None
        spec = refine(u, draft, ctx.cat)
        if spec is None:
            return None
        ans = compose(spec, ctx, hits)
        if ans.abstained:
            return None
        note = f"问题经大模型理解为：{draft.task or '、'.join(spec.agencies)}（答案仍依据原文）"
        return ans.model_copy(update={"mode": "grounded", "notes": [*grounded.notes, note]})

    def _llm_stream(
        self,
        composer: Any,
        grounded: Answer,
        u: QuerySpec,
        hits: list[Hit],
        ctx: Context,
        partials: bool = True,
    ) -> Iterator[Answer]:
        from bot.llm import LLMError

        t0 = time.perf_counter()
        passages = self._passages(grounded, hits, ctx)
        reference = None if grounded.abstained else grounded.answer
        try:
            if partials:
                draft = None
                for draft in composer.stream(u.query, passages, intent=u.intent, grounded=reference):
                    yield grounded.model_copy(update={"answer": draft.answer, "mode": "llm", "citations": []})
                if draft is None:
                    raise LLMError("empty", "大模型没有返回内容")
            else:
                draft = composer.compose(u.query, passages, intent=u.intent, grounded=reference)
            final = self._llm_answer(draft, grounded, passages, ctx)
        except LLMError as e:
            final = self._fallback(grounded, getattr(e, "reason", "error"), f"大模型不可用（{e}）")
        except Exception as e:  # a configured LLM that fails never fails the question
            final = self._fallback(grounded, "error", f"大模型出错（{type(e).__name__}）")
        final.timings = {**grounded.timings, "llm": _ms(t0)}
        yield final


@cache
def default_service() -> Service:
    """The process-wide Service for bot.ask(), with settings from the environment."""
    return Service.from_settings(Settings.from_env())
