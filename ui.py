"""planbot web UI (Gradio 6). A thin layer over `bot.service.Service`: no retrieval or answer logic here.

`python ui.py` or `planbot ui` serves on 127.0.0.1:7860 (PLANBOT_UI_HOST / PLANBOT_UI_PORT), optional
login with PLANBOT_UI_AUTH=user:pass. Tabs: 对话, 责任分工 (table, task × unit matrix, Excel download),
时间节点, 单位任务, 目标指标, 原文, 入门, 方案管理 (upload or remove plans, indexed in a background thread).
A 方案范围 selector scopes every tab to one plan. API endpoint `/ask`.

The pure helpers (rendering, tables, glossary, highlighting, feedback log) are module functions so tests
call them directly; `build_app()` only wires them to components.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import json
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import gradio as gr
from starlette.middleware import Middleware

from bot.agency import (
    AGENCY_HEADERS,
    agency_choices,
    agency_summary,
    agency_table,
    agency_tasks,
    resolve_agency,
)
from bot.answer import Answer
from bot.feedback import FeedbackLog
from bot.views import (
    DEADLINE_HEADERS,
    MARK_ID,
    PLAN_HEADER,
    PLAN_TABLE_HEADERS,
    TABLE_HEADERS,
    TARGET_HEADERS,
    _content_text,
    _find_span,
    conversation_markdown,
    deadline_table,
    example_questions,
    glossary,
    highlight_html,
    mode_label,
    plan_choices,
    plan_rows,
    render_answer,
    responsibility_matrix,
    responsibility_table,
    structure_markdown,
    target_table,
    unit_choices,
    user_history,
)
from index.errors import LoadError, PlanbotError
from index.models import Facts, Plan
from index.settings import DEFAULT_CORPUS, Settings

if TYPE_CHECKING:
    from bot.service import Service

__all__ = [
    "UPLOAD_TYPES",
    "ChineseLocale",
    "FeedbackLog",
    "PlanManager",
    "ServiceHolder",
    "build_app",
    "conversation_markdown",
    "examples_for",
    "glossary",
    "highlight_html",
    "launch_kwargs",
    "main",
    "mode_label",
    "open_service",
    "parse_auth",
    "plan_choices",
    "plan_rows",
    "render_answer",
    "responsibility_matrix",
    "responsibility_table",
    "safe_filename",
    "stage_upload",
    "structure_markdown",
    "target_table",
    "unit_choices",
    "user_history",
]

# Gradio picks its own words (upload box, table menus, chat buttons) from the browser's language, so an
# en-US browser shows "Drop File Here". The page is for Chinese civil servants: it says the browser
# speaks zh-CN before Gradio's scripts read navigator.language. SEE: gradio/templates/frontend/index.html
# (the scripts load in <head>) and svelte-i18n's getLocaleFromNavigator.
_ZH_LOCALE_SCRIPT = (
    b"<script>(() => { for (const [k, v] of [['language', 'zh-CN'], ['languages', ['zh-CN', 'zh']]])"
    b" Object.defineProperty(navigator, k, { get: () => v, configurable: true }); })();</script>"
)


class ChineseLocale:
    """ASGI middleware: puts `_ZH_LOCALE_SCRIPT` first in the <head> of the page (GET /)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope.get("type") != "http" or scope.get("method") != "GET" or scope.get("path") not in ("/", ""):
            await self.app(scope, receive, send)
            return
        start: dict[str, Any] = {}
        parts: list[bytes] = []

        async def inject(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
                return
            if message["type"] != "http.response.body":
                await send(message)
                return
            parts.append(message.get("body", b""))
            if message.get("more_body"):
                return
            body = b"".join(parts)
            headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
            if dict(headers).get(b"content-type", b"").startswith(b"text/html"):
                body = body.replace(b"<head>", b"<head>" + _ZH_LOCALE_SCRIPT, 1)
            await send({**start, "headers": [*headers, (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, inject)


ServiceFactory = Callable[[], "Service"]
CSS = """
/* table cells wrap instead of cutting long unit lists and source sentences off */
.planbot-table td, .planbot-table td span, .planbot-table .cell-wrap span { white-space: pre-wrap !important;
  word-break: break-all; overflow-wrap: anywhere; }
.plan-text { white-space: pre-wrap; line-height: 1.8; max-height: 640px; overflow-y: auto;
             padding: 12px; border: 1px solid var(--border-color-primary); border-radius: 8px; }
.plan-text mark { background: #ffe58f; padding: 2px 0; }
.planbot-sources blockquote { margin: 4px 0 8px 0; padding-left: 8px; border-left: 3px solid #d9d9d9; }
"""


def parse_auth(value: str | None) -> list[tuple[str, str]] | None:
    """PLANBOT_UI_AUTH: 'user:pass', or several separated by commas."""
    if not value:
        return None
    pairs = []
    for item in value.split(","):
        user, sep, password = item.strip().partition(":")
        if not sep or not user or not password:
            raise ValueError("PLANBOT_UI_AUTH 的格式应为 用户名:密码（多个用逗号分隔）")
        pairs.append((user, password))
    return pairs


# --------------------------------------------------------------------------------------------------
# Service lifecycle
# --------------------------------------------------------------------------------------------------


def open_service(settings: Settings, report: Callable[[str], None] = print) -> Service:
    """Open the index; on first start with none, build it for the default corpus first."""
    from bot.service import Service
    from index.errors import IndexMissing
    from index.store import build_index

    try:
        return Service.from_settings(settings)
    except IndexMissing:
        report("首次启动：未找到索引，正在为默认方案建立索引……")
        build = build_index([DEFAULT_CORPUS], settings, progress=True)
        report(build.summary())
        return Service.from_settings(settings)


class ServiceHolder:
    """Loads the service once, in the background, so the page is up while the index is being built."""

    def __init__(self, factory: ServiceFactory) -> None:
        self._factory = factory
        self._lock = threading.Lock()
        self._ready = threading.Event()
        self._thread: threading.Thread | None = None
        self._service: Service | None = None
        self._error: BaseException | None = None
        self._started = 0.0
        self.message = "正在加载索引……"

    def report(self, message: str) -> None:
        self.message = message
        print(message, flush=True)

    def start(self) -> None:
        with self._lock:
            if self._thread is None:
                self._started = time.monotonic()
                self._thread = threading.Thread(target=self._load, name="planbot-load", daemon=True)
                self._thread.start()

    def _load(self) -> None:
        try:
            service = self._factory()
            warm = getattr(service, "warm", None)
            if warm is not None:
                # the catalogue, the embedding model and the store, loaded before the first user asks
                self.report("索引已加载，正在预热……")
                with contextlib.suppress(Exception):  # only an optimisation: the first answer loads them
                    warm()
            self._service = service
        except BaseException as e:  # NOTE: shown in the status line instead of dying in a thread
            self._error = e
        finally:
            self._ready.set()

    @property
    def ready(self) -> bool:
        return self._ready.is_set()

    def status(self) -> str:
        if not self._ready.is_set():
            waited = int(time.monotonic() - self._started) if self._thread else 0
            return f"**索引状态：** {self.message}（已用 {waited} 秒）"
        if self._error is not None:
            return f"**索引状态：** 加载失败：{self._error}"
        return "**索引状态：** 已就绪"

    def get(self, timeout: float | None = None) -> Service:
        self.start()
        if not self._ready.wait(timeout):
            raise gr.Error("索引正在建立，请稍候再试。")
        if self._error is not None:
            raise gr.Error(f"加载失败：{self._error}")
        assert self._service is not None
        return self._service


# --------------------------------------------------------------------------------------------------
# Bring your own plan
# --------------------------------------------------------------------------------------------------

UPLOAD_TYPES = (".txt", ".md", ".docx", ".pdf")


def safe_filename(name: str) -> str:
    """A name that can only ever be a file inside the uploads dir: the client's directories, dots,
    separators and odd characters are dropped; Chinese is kept because the doc_id is made from it."""
    base = re.split(r"[\\/]", name or "")[-1]
    stem, dot, ext = base.rpartition(".")
    if not dot:
        stem, ext = base, ""
    stem = re.sub(r"[^\w\-]+", "-", stem).strip("-_")[:80] or "plan"
    ext = re.sub(r"[^A-Za-z0-9]", "", ext).lower()[:8]
    return f"{stem}.{ext}" if ext else stem


def stage_upload(src: Path, name: str, home: Path, max_mb: int) -> Path:
    """Check an uploaded file and copy it to `home/uploads/<content hash>/<safe name>`.

    Raises LoadError (Chinese, names the file) for a type other than UPLOAD_TYPES, an empty file or one over
    `max_mb`. The hash directory keeps two uploads with the same name apart; the file name stays the
    client's (sanitised) so the doc_id, and replacing a plan by re-uploading it, follow the name.
    """
    shown = Path(safe_filename(name)).name
    suffix = Path(shown).suffix.lower()
    if suffix not in UPLOAD_TYPES:
        raise LoadError(f"不支持的文件类型：{shown}（支持 {'、'.join(UPLOAD_TYPES)}）")
    size = Path(src).stat().st_size
    if size > max_mb * 1024 * 1024:
        raise LoadError(f"文件过大：{shown}（{size / 1024 / 1024:.1f} MB，上限 {max_mb} MB）")
    if size == 0:
        raise LoadError(f"文件为空：{shown}")
    digest = hashlib.sha256()
    with open(src, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    dest = Path(home) / "uploads" / digest.hexdigest()[:16] / shown
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dest)
    return dest


class PlanManager:
    """Adds and removes plans in a background thread, one job at a time, and tells the UI how it went.

    build_index parses the new file before it writes anything, so a file that fails leaves the serving
    index as it was; on success the service switches to the new version before the job reports done.
    """

    def __init__(self, settings: Settings, holder: ServiceHolder) -> None:
        self.settings = settings
        self.holder = holder
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._started = 0.0
        self._label = ""
        self.message = ""
        self.generation = 0  # bumped after every finished job: the UI refreshes its plan lists on change

    @property
    def busy(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def status(self) -> str:
        if self.busy:
            return f"【处理中】{self._label}（已用 {int(time.monotonic() - self._started)} 秒）"
        return self.message

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the current job is done (tests, scripts); True when nothing is running."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
        return not self.busy

    def add(self, upload: str | Path | None, name: str | None = None) -> str:
        """Stage an uploaded file and index it in the background. Returns the status line to show."""
        if not upload:
            return "请先选择方案文件。"
        name = name or Path(upload).name
        try:
            staged = stage_upload(Path(upload), name, self.settings.home, self.settings.ui.max_upload_mb)
        except (LoadError, OSError) as e:
            self.message = f"【未加入】{e}。现有索引未改变。"
            return self.message
        return self._start(f"正在为 {staged.name} 建立索引……", lambda: self._build(staged))

    def remove(self, doc_id: str | None) -> str:
        if not doc_id:
            return "请先选择要移除的方案。"
        plans = self._plans()
        if doc_id in plans and len(plans) == 1:
            return "【未移除】这是唯一的方案，至少保留一个；可先上传新方案再移除它。"
        return self._start(f"正在移除 {doc_id}……", lambda: self._remove(doc_id))

    def _plans(self) -> dict[str, Plan]:
        return _index(self.holder.get()).plans if self.holder.ready else {}

    def _start(self, label: str, work: Callable[[], str]) -> str:
        with self._lock:
            if self.busy:
                return "【请稍候】上一个文件仍在处理，请稍候再试。"
            self._label, self._started = label, time.monotonic()
            self._thread = threading.Thread(target=self._run, args=(work,), name="planbot-plans", daemon=True)
            self._thread.start()
        return self.status()

    def _run(self, work: Callable[[], str]) -> None:
        try:
            self.message = work()
        except PlanbotError as e:
            self.message = f"【失败】{e}。现有索引未改变。"
        except Exception as e:  # NOTE: shown in the page; the thread must not die silently
            self.message = f"【失败】{type(e).__name__}：{e}。现有索引未改变。"
        finally:
            self.generation += 1

    def _embedder(self) -> Any:
        # NOTE: reuse the serving index's embedder so an upload does not load a second model copy
        return getattr(_index(self.holder.get()), "_embedder", None) if self.holder.ready else None

    def _build(self, path: Path) -> str:
        from index.store import build_index

        report = build_index([path], self.settings, embedder=self._embedder())
        self._reload()
        return "【完成】" + report.summary()

    def _remove(self, doc_id: str) -> str:
        from index.store import remove_document

        remove_document(doc_id, self.settings, embedder=self._embedder())
        self._reload()
        return f"【完成】已移除方案 {doc_id}。"

    def _reload(self) -> None:
        if self.holder.ready:
            self.holder.get().reload_if_changed()


# --------------------------------------------------------------------------------------------------
# App
# --------------------------------------------------------------------------------------------------


def _index(svc: Service) -> Any:
    """The service's loaded PlanIndex (`Service.index`; older services keep it in `_loaded`)."""
    index = getattr(svc, "index", None)
    return index if index is not None else svc._loaded.index  # NOTE: until Service.index lands


def _doc_plan(svc: Service, doc: str | None) -> Plan | None:
    plans = _index(svc).plans
    if doc and doc in plans:
        return plans[doc]
    return next(iter(plans.values()), None)


@dataclass(frozen=True)
class _Scope:
    """What the 方案范围 selector means for the tables: one plan, or all of them with a plan column."""

    doc: str | None  # None: all plans
    plan: Plan | None  # the plan the 原文/入门 tabs show
    facts: Facts
    titles: dict[str, str] | None  # set when rows of several plans are shown together


def _scope(svc: Service, doc: str | None) -> _Scope:
    idx = _index(svc)
    doc = doc if doc and doc in idx.plans else None
    plan = _doc_plan(svc, doc)
    titles = {d: p.title or d for d, p in idx.plans.items()} if doc is None and len(idx.plans) > 1 else None
    return _Scope(doc, plan, idx.facts_for(doc), titles)


def _headers(base: list[str], scope: _Scope) -> list[str]:
    return [PLAN_HEADER, *base] if scope.titles else base


# Column shares of the wide tables (percent): the unit lists and source sentences get the room, so they
# wrap in a few lines instead of running off the table.
DUTY_WIDTHS = [12, 22, 26, 6, 34]
TARGET_WIDTHS = [20, 10, 8, 10, 12, 40]
DEADLINE_WIDTHS = [10, 22, 6, 8, 18, 10, 26]
AGENCY_WIDTHS = [10, 5, 15, 15, 7, 12, 8, 28]
AGENCY_WIDTHS_ONE_PLAN = [6, 17, 17, 8, 13, 9, 30]  # the same without the 方案 column
PLAN_WIDTH = 12


def _table_box(headers: list[str], label: str, widths: list[int], elem_id: str) -> gr.Dataframe:
    """A read-only table whose long cells wrap (no cut-off 责任单位 or 原文 columns)."""
    return gr.Dataframe(
        headers=headers,
        label=label,
        wrap=True,
        interactive=False,
        column_widths=_widths(widths),
        elem_id=elem_id,
        elem_classes=["planbot-table"],
    )


def _widths(base: list[int], scope: _Scope | None = None) -> list[str | int]:
    if scope is None or not scope.titles:
        return [f"{w}%" for w in base]
    rest = 100 - PLAN_WIDTH
    return [f"{PLAN_WIDTH}%", *(f"{w * rest / 100:.1f}%" for w in base)]


def _table(rows: list[list[str]], headers: list[str], widths: list[int], scope: _Scope) -> gr.Dataframe:
    return gr.Dataframe(value=rows, headers=_headers(headers, scope), column_widths=_widths(widths, scope))


def examples_for(sc: _Scope) -> gr.Dataset:
    """Example questions made from the facts in scope (several plans: the cross-plan phrasing)."""
    pairs = example_questions(sc.facts, several_plans=sc.titles is not None)
    return gr.Dataset(
        samples=[[q] for _, q in pairs], sample_labels=[label for label, _ in pairs], visible=bool(pairs)
    )


def _agency_view(facts: Facts, titles: dict[str, str], query: str | None) -> tuple[str, gr.Dataframe]:
    """The 单位任务 tab for `query`: a summary line and one row per task, each with its citation. The 方案
    column is shown only when the tasks come from more than one plan."""
    empty = gr.Dataframe(value=[], headers=AGENCY_HEADERS[1:], column_widths=_widths(AGENCY_WIDTHS_ONE_PLAN))
    if not query or not query.strip():
        return "选择或输入一个单位，查看它在各方案中牵头、负责、配合的任务。", empty
    units = resolve_agency(query, {u for r in facts.responsibilities for u in r.units})
    if not units:
        return f"方案中没有名为“{html.escape(query.strip())}”的责任单位。", empty
    tasks = agency_tasks(facts, units)
    head = f"**{html.escape('、'.join(units))}**：{html.escape(agency_summary(tasks, titles))}"
    rows = agency_table(tasks, titles)
    if len({t.doc_id for t in tasks}) > 1:
        return head, gr.Dataframe(value=rows, headers=AGENCY_HEADERS, column_widths=_widths(AGENCY_WIDTHS))
    return head, gr.Dataframe(
        value=[r[1:] for r in rows], headers=AGENCY_HEADERS[1:], column_widths=_widths(AGENCY_WIDTHS_ONE_PLAN)
    )


def _locator_choices(plan: Plan | None, answer: dict[str, Any] | None) -> list[tuple[str, str]]:
    choices = []
    for n, c in enumerate((answer or {}).get("citations", []), 1):
        choices.append((f"[{n}] {c['locator']}（上次回答引用）", f"cite:{n - 1}"))
    if plan is not None:
        choices += [(b.locator, f"loc:{b.locator}") for b in plan.blocks]
    return choices


def build_app(
    service_factory: ServiceFactory | None = None,
    settings: Settings | None = None,
    *,
    preload: bool = False,
) -> gr.Blocks:
    """The whole UI. `service_factory` returns a ready `Service` (default: open or build the index)."""
    settings = settings or Settings.from_env()
    holder: ServiceHolder
    if service_factory is None:

        def service_factory() -> Service:
            return open_service(settings, report=holder.report)

    holder = ServiceHolder(service_factory)
    manager = PlanManager(settings, holder)
    feedback = FeedbackLog(settings.home / "feedback.jsonl")
    if preload:
        holder.start()

    def chat_fn(message: str, messages: list[dict[str, Any]], doc: str | None) -> Iterator[tuple]:
        skip3 = (gr.skip(), gr.skip(), gr.skip())
        if not message or not message.strip():
            yield "请输入问题。", *skip3
            return
        if not holder.ready:
            yield "索引正在建立，完成后会自动作答……", *skip3
        svc = holder.get()
        last: Answer | None = None
        try:
            for last in svc.stream(message, history=user_history(messages) or None, doc=doc or None):
                yield render_answer(last, final=False), *skip3
            show_doc = len(_index(svc).plans) > 1
        except Exception as e:  # NOTE: the user sees why, the server keeps serving
            yield f"出错了：{html.escape(str(e))}", *skip3
            return
        if last is None:
            yield "没有得到回答。", *skip3
            return
        dump = last.model_dump()
        cites = [(f"[{n}] {c.locator}", f"cite:{n - 1}") for n, c in enumerate(last.citations, 1)]
        yield (
            render_answer(last, show_doc=show_doc),
            dump,
            gr.Dropdown(choices=cites, value=None, interactive=bool(cites)),
            f"**当前模式：** {mode_label(last.mode)}",
        )

    def status_tick() -> tuple:
        return holder.status(), gr.Timer(active=not holder.ready)

    def fill_tabs(doc: str | None, answer: dict[str, Any] | None) -> tuple:
        svc = holder.get()
        svc.reload_if_changed()  # NOTE: a page load is a cheap moment to pick up a rebuilt index
        sc = _scope(svc, doc)
        plan, facts = sc.plan, sc.facts
        headers, matrix = responsibility_matrix(facts)
        units = {u for r in facts.responsibilities for u in r.units}
        terms = [[g.term, g.locator, g.sentence] for g in glossary(plan, units=units)] if plan else []
        titles = {d: p.title or d for d, p in _index(svc).plans.items()}
        return (
            gr.Dropdown(choices=plan_choices(_index(svc).plans.values()), value=sc.doc or ""),
            gr.Dropdown(choices=[("全部单位", ""), *unit_choices(facts)], value=""),
            _table(responsibility_table(facts, titles=sc.titles), TABLE_HEADERS, DUTY_WIDTHS, sc),
            gr.Dataframe(value=matrix, headers=headers),
            _table(target_table(facts, sc.titles), TARGET_HEADERS, TARGET_WIDTHS, sc),
            gr.Dropdown(choices=_locator_choices(plan, answer), value=None),
            highlight_html(plan.text, None) if plan else "",
            structure_markdown(plan) if plan else "",
            terms,
            holder.status(),
            _table(deadline_table(facts, sc.titles), DEADLINE_HEADERS, DEADLINE_WIDTHS, sc),
            gr.Dropdown(choices=agency_choices(facts), value=None),
            *_agency_view(facts, titles, None),
            examples_for(sc),
        )

    def filter_units(doc: str | None, unit: str | None) -> tuple:
        sc = _scope(holder.get(), doc)
        headers, matrix = responsibility_matrix(sc.facts, unit or None)
        return (
            _table(responsibility_table(sc.facts, unit or None, sc.titles), TABLE_HEADERS, DUTY_WIDTHS, sc),
            gr.Dataframe(value=matrix, headers=headers),
        )

    def show_agency(doc: str | None, query: str | None) -> tuple:
        svc = holder.get()
        sc = _scope(svc, doc)
        return _agency_view(sc.facts, {d: p.title or d for d, p in _index(svc).plans.items()}, query)

    def export_xlsx_fn(doc: str | None) -> gr.File:
        from bot.export import export_xlsx

        svc = holder.get()
        sc = _scope(svc, doc)
        plans = [sc.plan] if sc.doc and sc.plan else list(_index(svc).plans.values())
        if not sc.facts.responsibilities and not sc.facts.targets:
            raise gr.Error("所选方案中没有可导出的责任分工或目标指标。")
        # NOTE: Gradio serves returned files only from the temp dir or cwd, not from PLANBOT_HOME.
        name = f"planbot-责任分工-{sc.doc or '全部方案'}-{datetime.now().strftime('%Y%m%d-%H%M%S')}.xlsx"
        out = export_xlsx(sc.facts, plans, Path(tempfile.mkdtemp(prefix="planbot-export-")) / name)
        return gr.File(value=str(out), visible=True)

    def plans_view() -> tuple:
        """The 方案管理 table and the remove picker, from the serving index."""
        if not holder.ready:
            return gr.skip(), gr.skip()
        idx = _index(holder.get())
        rows = plan_rows(idx.plans.values(), (c.doc_id for c in idx.chunks.values()))
        picks = [(f"{r[0]}（{r[2]}）", str(r[2])) for r in rows]
        return rows, gr.Dropdown(choices=picks, value=None)

    def start_add(upload: str | None) -> tuple:
        # NOTE: the picker is emptied so the next file can be chosen; the copy lives in home/uploads
        return manager.add(upload), gr.Timer(active=True), None

    def start_remove(doc_id: str | None) -> tuple:
        return manager.remove(doc_id), gr.Timer(active=True)

    def job_tick(seen: int, doc: str | None, answer: dict[str, Any] | None) -> tuple:
        """Job status while one runs; once it is done, every plan list and tab shows the new index."""
        head = (manager.status(), manager.generation, gr.Timer(active=manager.busy))
        if manager.generation == seen or not holder.ready:
            return head + (gr.skip(),) * (len(tab_outputs) + 2)
        return head + fill_tabs(doc, answer) + plans_view()

    def show_source(choice: str | None, doc: str | None, answer: dict[str, Any] | None) -> tuple:
        svc = holder.get()
        plan = _doc_plan(svc, doc)
        quote, caption = None, ""
        if choice and choice.startswith("cite:") and answer:
            cites = answer.get("citations", [])
            n = int(choice[5:])
            if n < len(cites):
                c = cites[n]
                plan = _index(svc).plans.get(c["doc"], plan)
                quote, caption = c["quote"], f"[{n + 1}] {c['locator']}"
        elif choice and choice.startswith("loc:"):
            block = _index(svc).find_block(choice[4:], doc=plan.doc_id if plan else None)
            if block is not None:
                quote, caption = block.text, block.locator
        if plan is None:
            return "", "尚无已索引的方案。"
        found = quote is not None and _find_span(plan.text, quote) is not None
        note = f"已高亮：{caption}" if found else ("原文中未找到该段落。" if quote else "")
        return highlight_html(plan.text, quote), note

    def jump_to_source(choice: str | None, doc: str | None, answer: dict[str, Any] | None) -> tuple:
        if not choice:
            return gr.skip(), gr.skip()
        plan = _doc_plan(holder.get(), doc)
        return gr.Tabs(selected="source"), gr.Dropdown(choices=_locator_choices(plan, answer), value=choice)

    def on_like(messages: list[dict[str, Any]], comment: str, data: gr.LikeData) -> tuple:
        idx = data.index if isinstance(data.index, int) else data.index[0]
        question = next(
            (
                _content_text(m.get("content"))
                for m in reversed(messages[:idx])
                if isinstance(m, dict) and m.get("role") == "user"
            ),
            "",
        )
        liked = data.liked
        rating = "up" if liked is True else "down" if liked is False else str(liked)
        feedback.append(
            {
                "ts": datetime.now(UTC).isoformat(),
                "rating": rating,
                "question": question,
                "answer": _content_text(data.value),
                "comment": (comment or "").strip(),
            }
        )
        return "已记录反馈，谢谢！", ""

    def on_comment(messages: list[dict[str, Any]], comment: str) -> tuple:
        if not (comment or "").strip():
            return "请先填写意见。", comment
        answers = [m for m in messages if m.get("role") == "assistant"]
        feedback.append(
            {
                "ts": datetime.now(UTC).isoformat(),
                "rating": None,
                "question": (user_history(messages) or [""])[-1],
                "answer": _content_text(answers[-1].get("content")) if answers else "",
                "comment": comment.strip(),
            }
        )
        return "已记录意见，谢谢！", ""

    def export(messages: list[dict[str, Any]]) -> str:
        if not messages:
            raise gr.Error("还没有对话可导出。")
        # NOTE: Gradio serves returned files only from the temp dir or cwd, not from PLANBOT_HOME.
        out = Path(tempfile.mkdtemp(prefix="planbot-export-")) / (
            f"planbot-对话-{datetime.now().strftime('%Y%m%d-%H%M%S')}.md"
        )
        out.write_text(conversation_markdown(messages), encoding="utf-8")
        return str(out)

    def api_ask(question: str, history: str = "[]", doc: str = "") -> dict[str, Any]:
        """向 planbot 提问，返回 Answer（answer, abstained, intent, mode, citations, timings, notes）。

        Parameters:
            question: 问题，如 “谁负责某项任务？”“某项指标的目标是多少？”
            history: 此前用户提问的 JSON 数组，最早的在前，如 ["市科技局负责哪些试点？"]；无则 "[]"
            doc: 只在该方案内检索（doc_id），空为全部方案
        """
        try:
            turns = json.loads(history) if history and history.strip() else []
        except json.JSONDecodeError as e:
            raise gr.Error(f"history 须为 JSON 数组（{e.msg}）") from e
        if not isinstance(turns, list) or not all(isinstance(t, str) for t in turns):
            raise gr.Error('history 须为字符串组成的 JSON 数组，如 ["上一个问题"]')
        return holder.get().ask(question, history=turns or None, doc=doc or None).model_dump()

    theme = gr.themes.Soft(
        font=["PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", "sans-serif"],
        font_mono=["ui-monospace", "monospace"],
    )
    with gr.Blocks(title="planbot · 规划方案问答", analytics_enabled=False) as app:
        app.planbot_theme = theme  # type: ignore[attr-defined]
        app.planbot_holder = holder  # type: ignore[attr-defined]
        app.planbot_plans = manager  # type: ignore[attr-defined]
        last_answer = gr.State(None)
        gr.Markdown("## planbot · 规划方案问答\n每个单位名称和数字都附原文出处；方案未提及的会直接说明。")
        with gr.Row():
            with gr.Column():  # NOTE: status and mode share the height of the scope picker beside them
                status = gr.Markdown(holder.status(), elem_id="planbot-status")
                mode_md = gr.Markdown(
                    f"**当前模式：** {mode_label(_configured_mode(settings))}", elem_id="planbot-mode"
                )
            doc = gr.Dropdown(
                label="方案范围",
                info="每个标签页都只看所选方案；“全部方案”时表格加一列方案名",
                choices=[("全部方案", "")],
                value="",
                scale=0,
                min_width=300,
                elem_id="planbot-doc",
            )
        cite_pick = gr.Dropdown(
            label="在原文中查看上次回答的引用",
            choices=[],
            interactive=False,
            render=False,
            elem_id="planbot-cite",
        )
        with gr.Tabs() as tabs:
            with gr.Tab("对话", id="chat"):
                chatbot = gr.Chatbot(
                    label="对话",
                    height=520,
                    feedback_options=("Like", "Dislike"),
                    placeholder="可以问：谁负责某项任务、某项指标的目标是多少、某单位负责哪些工作。",
                    elem_id="planbot-chatbot",
                )
                chat_box = gr.Textbox(
                    placeholder="输入问题，回车发送",
                    submit_btn="发送",
                    stop_btn="停止",
                    elem_id="planbot-input",
                )
                chat = gr.ChatInterface(
                    chat_fn,
                    chatbot=chatbot,
                    textbox=chat_box,
                    additional_inputs=[doc],
                    additional_outputs=[last_answer, cite_pick, mode_md],
                    api_name="chat",
                    api_visibility="undocumented",
                    analytics_enabled=False,
                    fill_height=False,
                )
                # NOTE: examples are made from the index in scope, so they change with 方案范围 and uploads;
                # ChatInterface's own examples are fixed when the page is built.
                examples = gr.Dataset(
                    components=[gr.Textbox(visible=False)],
                    samples=[],
                    label="示例问题（点击填入输入框，回车发送）",
                    elem_id="planbot-examples",
                )
                cite_pick.render()
                with gr.Accordion("反馈与导出", open=False):
                    comment = gr.Textbox(
                        label="意见（可选）：填写后点回答下方的“赞”或“踩”按钮，或直接提交",
                        lines=2,
                        elem_id="planbot-comment",
                    )
                    with gr.Row():
                        send_comment = gr.Button("提交意见", size="sm")
                        export_btn = gr.Button("导出对话（Markdown）", size="sm")
                    feedback_note = gr.Markdown("")
                    export_file = gr.File(label="下载", interactive=False)
            with gr.Tab("责任分工", id="duties"):
                unit = gr.Dropdown(
                    label="按单位筛选", choices=[("全部单位", "")], value="", elem_id="planbot-unit"
                )
                with gr.Row():
                    xlsx_btn = gr.Button(
                        "导出 Excel（责任分工、按单位、目标指标、时间节点）",
                        scale=0,
                        elem_id="planbot-xlsx-btn",
                    )
                    # NOTE: hidden until there is a file: an empty File box is a large blank drop area
                    xlsx_file = gr.File(
                        label="Excel 下载", interactive=False, visible=False, elem_id="planbot-xlsx"
                    )
                duty_table = gr.Dataframe(
                    headers=TABLE_HEADERS,
                    label="责任分工",
                    wrap=True,
                    interactive=False,
                    column_widths=_widths(DUTY_WIDTHS),
                    elem_id="planbot-duties",
                    elem_classes=["planbot-table"],
                )
                duty_matrix = gr.Dataframe(
                    label="矩阵视图：任务 × 单位（格内为该单位的角色）",
                    interactive=False,
                    wrap=True,
                    elem_id="planbot-matrix",
                    elem_classes=["planbot-table"],
                )
            with gr.Tab("时间节点", id="deadlines"):
                gr.Markdown("按时限从早到晚排列的任务和目标（完成时限、时间节点、期限），含角色和责任单位。")
                deadlines = _table_box(DEADLINE_HEADERS, "时间节点", DEADLINE_WIDTHS, "planbot-deadlines")
            with gr.Tab("单位任务", id="agency"):
                agency_pick = gr.Dropdown(
                    label="单位",
                    info="可输入简称（如 科技局、某某区）；方案范围为“全部方案”时列出该单位在各方案中的任务",
                    choices=[],
                    allow_custom_value=True,
                    elem_id="planbot-agency",
                )
                agency_md = gr.Markdown(elem_id="planbot-agency-summary")
                agency_rows = _table_box(
                    AGENCY_HEADERS[1:],
                    "该单位的任务（牵头、负责、配合），每行附原文",
                    AGENCY_WIDTHS_ONE_PLAN,
                    "planbot-agency-tasks",
                )
            with gr.Tab("目标指标", id="targets"):
                targets = _table_box(TARGET_HEADERS, "目标指标", TARGET_WIDTHS, "planbot-targets")
            with gr.Tab("原文", id="source"):
                loc_pick = gr.Dropdown(label="定位段落或引用", choices=[], elem_id="planbot-locator")
                source_note = gr.Markdown("")
                source_html = gr.HTML(elem_id="planbot-source")
            with gr.Tab("入门", id="intro"):
                gr.Markdown("新同事可先看方案结构，再看常用术语（每条均引自原文）。")
                outline = gr.Markdown()
                terms = gr.Dataframe(
                    headers=["术语", "位置", "原文句子"],
                    label="术语表（方案中加引号、定义或反复出现的说法）",
                    wrap=True,
                    interactive=False,
                    column_widths=["16%", "16%", "68%"],
                    elem_id="planbot-terms",
                    elem_classes=["planbot-table"],
                )
            with gr.Tab("方案管理", id="plans"):
                gr.Markdown(
                    f"上传其他方案（{'、'.join(UPLOAD_TYPES)}，不超过 {settings.ui.max_upload_mb} MB）。"
                    "建立索引在后台进行，期间可继续提问；文件无法读取时现有索引不变。同名文件会替换原有方案。"
                )
                upload = gr.File(
                    label="上传方案文件",
                    file_types=list(UPLOAD_TYPES),
                    file_count="single",
                    type="filepath",
                    elem_id="planbot-upload",
                )
                job_md = gr.Markdown(manager.status(), elem_id="planbot-job")
                plan_table = gr.Dataframe(
                    headers=PLAN_TABLE_HEADERS,
                    label="已索引的方案",
                    interactive=False,
                    wrap=True,
                    elem_id="planbot-plans",
                )
                with gr.Row():
                    remove_pick = gr.Dropdown(label="选择要移除的方案", choices=[], elem_id="planbot-remove")
                    remove_btn = gr.Button("移除所选方案", variant="stop", scale=0)

        timer = gr.Timer(1.0)
        timer.tick(status_tick, None, [status, timer], api_visibility="private", queue=False)
        tab_outputs = [
            doc,
            unit,
            duty_table,
            duty_matrix,
            targets,
            loc_pick,
            source_html,
            outline,
            terms,
            status,
            deadlines,
            agency_pick,
            agency_md,
            agency_rows,
            examples,
        ]
        app.load(fill_tabs, [doc, last_answer], tab_outputs, api_visibility="private").then(
            plans_view, None, [plan_table, remove_pick], api_visibility="private"
        )
        generation = gr.State(manager.generation)
        job_timer = gr.Timer(1.0, active=False)
        job_timer.tick(
            job_tick,
            [generation, doc, last_answer],
            [job_md, generation, job_timer, *tab_outputs, plan_table, remove_pick],
            api_visibility="private",
        )
        # NOTE: uploads start a thread and return at once, so they never hold a chat worker
        upload.upload(start_add, [upload], [job_md, job_timer, upload], api_visibility="private", queue=False)
        remove_btn.click(
            start_remove, [remove_pick], [job_md, job_timer], api_visibility="private", queue=False
        )
        doc.input(fill_tabs, [doc, last_answer], tab_outputs, api_visibility="private")
        unit.change(filter_units, [doc, unit], [duty_table, duty_matrix], api_visibility="private")
        loc_pick.change(
            show_source, [loc_pick, doc, last_answer], [source_html, source_note], api_visibility="private"
        ).then(
            None,
            js=f"() => document.getElementById('{MARK_ID}')?.scrollIntoView({{block: 'center'}})",
        )
        cite_pick.input(
            jump_to_source, [cite_pick, doc, last_answer], [tabs, loc_pick], api_visibility="private"
        )
        chatbot.like(on_like, [chatbot, comment], [feedback_note, comment], api_visibility="private")
        send_comment.click(on_comment, [chatbot, comment], [feedback_note, comment], api_visibility="private")
        export_btn.click(export, [chatbot], [export_file], api_visibility="private")
        xlsx_btn.click(export_xlsx_fn, [doc], [xlsx_file], api_visibility="private")
        agency_pick.change(
            show_agency, [doc, agency_pick], [agency_md, agency_rows], api_visibility="private"
        )
        examples.click(lambda sample: sample[0], [examples], [chat_box], api_visibility="private")
        gr.api(api_ask, api_name="ask")
        del chat
    return app


def _configured_mode(settings: Settings) -> str:
    return "grounded" if settings.llm.mode == "none" else "llm"


def main(argv: list[str] | None = None) -> None:
    """Serve the UI; blocks until interrupted."""
    settings = Settings.from_env()
    app = build_app(settings=settings, preload=True)
    app.queue(default_concurrency_limit=settings.ui.concurrency)
    app.launch(**launch_kwargs(settings, app), prevent_thread_lock=True)
    # NOTE: Gradio's own start-up lines are silenced (quiet) because they suggest share=True, which
    # planbot never enables; this line says where the page is instead.
    where = "仅本机可访问" if settings.ui.host in ("127.0.0.1", "localhost") else f"监听 {settings.ui.host}"
    print(f"planbot 网页界面：{app.local_url}（{where}，不生成公网分享链接；Ctrl-C 退出）", flush=True)
    app.block_thread()


def launch_kwargs(settings: Settings, app: Any = None) -> dict[str, Any]:
    """What `main` passes to Blocks.launch: loopback unless PLANBOT_UI_HOST says otherwise, login when
    PLANBOT_UI_AUTH is set, never a public share link. A function so tests check the real values."""
    kwargs: dict[str, Any] = {
        "server_name": settings.ui.host,
        "server_port": settings.ui.port,
        "auth": parse_auth(settings.ui.auth),
        "auth_message": "planbot：请登录",
        "share": False,  # NOTE: never tunnel government documents through a public share link
        "show_error": True,
        "footer_links": ["api", "settings"],
        "css": CSS,
        "max_file_size": f"{settings.ui.max_upload_mb}mb",
        "app_kwargs": {"middleware": [Middleware(ChineseLocale)]},
        "quiet": True,
    }
    if app is not None:
        kwargs["theme"] = app.planbot_theme
    return kwargs


if __name__ == "__main__":
    main()
