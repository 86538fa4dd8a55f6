"""`planbot` command line. Thin: parses arguments and calls the library; no logic of its own."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from index.settings import DEFAULT_CORPUS, Settings


def _cmd_index(args: argparse.Namespace, settings: Settings) -> int:
    from index.store import build_index

    paths = [Path(p) for p in args.files] or [DEFAULT_CORPUS]
    report = build_index(paths, settings, progress=not args.quiet, force=args.force)
    print(report.summary())
    return 0


def _cmd_facts(args: argparse.Namespace, settings: Settings) -> int:
    from index.store import open_index

    idx = open_index(settings)
    facts = idx.facts_for(args.doc)
    if args.agency:
        return _print_agency(args.agency, facts, {d: p.title or d for d, p in idx.plans.items()})
    if args.deadlines:
        from bot.views import deadline_items

        several = len({r.doc_id for r in facts.responsibilities} | {t.doc_id for t in facts.targets}) > 1
        for d in deadline_items(facts):
            who = f"（{d.role}）{'、'.join(d.units)}" if d.units else ""
            plan = f"《{idx.plans[d.doc_id].title or d.doc_id}》" if several and d.doc_id in idx.plans else ""
            print(f"{d.deadline}\t{plan}[{d.locator}] {d.what}{who}")
        return 0
    if args.json:
        print(facts.model_dump_json(indent=2))
        return 0
    for r in facts.responsibilities:
        what = f"{r.task} / {r.pilot_task}" if r.pilot_task else r.task
        print(f"[{r.locator}] {what}（{r.role}）: {'、'.join(r.units)}")
    for t in facts.targets:
        print(f"[{t.locator}] {t.metric}: {t.comparator}{t.value}{t.unit} {t.deadline or ''}".rstrip())
    return 0


def _print_agency(name: str, facts, titles: dict[str, str]) -> int:  # type: ignore[no-untyped-def]
    from bot.agency import agency_summary, agency_tasks, resolve_agency

    units = resolve_agency(name, {u for r in facts.responsibilities for u in r.units})
    if not units:
        print(f"方案中没有名为“{name}”的责任单位。可用的单位见 `planbot facts`。", file=sys.stderr)
        return 1
    tasks = agency_tasks(facts, units)
    print(f"{'、'.join(units)}：{agency_summary(tasks, titles)}")
    for t in tasks:
        what = f"{t.task} / {t.pilot_task}" if t.pilot_task else t.task
        when = f"，时限 {t.deadline}" if t.deadline else ""
        print(f"《{titles.get(t.doc_id, t.doc_id)}》[{t.locator}] {t.role}：{what}{when}")
    return 0


def _cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    from bot.export import export_xlsx
    from index.store import open_index

    idx = open_index(settings)
    if args.doc and args.doc not in idx.plans:
        print(f"没有 doc_id 为“{args.doc}”的方案。已索引的方案见 `planbot docs`。", file=sys.stderr)
        return 1
    plans = [idx.plans[args.doc]] if args.doc else list(idx.plans.values())
    out = export_xlsx(idx.facts_for(args.doc), plans, args.xlsx)
    print(f"已导出：{out}")
    return 0


def _cmd_show(args: argparse.Namespace, settings: Settings) -> int:
    from index.store import open_index

    idx = open_index(settings)
    block = idx.find_block(args.locator, doc=args.doc)
    if block is None:
        print(f"找不到位置“{args.locator}”。可用的位置见 `planbot facts`。", file=sys.stderr)
        return 1
    print(block.text)
    return 0


def _read_jsonl(path: str):
    """Rows of a batch file; a bad row stops the batch with its line number (rows before it are out)."""
    try:
        src = sys.stdin.buffer if path == "-" else open(path, "rb")  # noqa: SIM115 - closed below
    except OSError as e:
        raise SystemExit(f"错误：无法读取 {path}（{e.strerror or type(e).__name__}）") from e
    with src:
        for n, raw in enumerate(src, 1):
            try:
                line = raw.decode("utf-8-sig" if n == 1 else "utf-8")
            except UnicodeDecodeError as e:
                raise SystemExit(f"{path}:{n}: 不是 UTF-8 编码的文本") from e
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as e:
                raise SystemExit(f"{path}:{n}: 不是合法的 JSON 行（{e.msg}）") from e
            if not isinstance(item, dict):
                raise SystemExit(f"{path}:{n}: 每行应是一个对象 {{id, question, turns}}")
            yield item


def _batch_fields(item: dict) -> tuple[str, list[str] | None]:
    """question and turns as the Service expects them, whatever types the row used."""
    question = item.get("question")
    turns = item.get("turns")
    q = question if isinstance(question, str) else ""
    history = [t for t in turns if isinstance(t, str)] if isinstance(turns, list) else None
    return q, history or None


def _cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    from bot.service import Service

    service = Service.from_settings(settings)
    if args.jsonl:
        for item in _read_jsonl(args.jsonl):
            question, history = _batch_fields(item)
            ans = service.ask(question, history=history, doc=args.doc)
            row = {"id": item.get("id"), **ans.model_dump()}
            print(json.dumps(row, ensure_ascii=False), flush=True)
        return 0
    if not args.question:
        print('请给出问题，例如：planbot ask "某项任务由哪个单位牵头？"', file=sys.stderr)
        return 2
    ans = service.ask(" ".join(args.question), doc=args.doc)
    if args.json:
        print(ans.model_dump_json(indent=2))
    else:
        print(format_answer(ans, full=args.full))
    return 0


def format_answer(ans, full: bool = False) -> str:
    """The answer, then each citation: the sentence(s) that carry the answer, or the whole passage."""
    from bot.citations import key_sentences

    lines = [ans.answer]
    for n, c in enumerate(ans.citations, 1):
        quote = c.quote if full else key_sentences(ans.answer, c.quote)
        lines.append(f"  [{n}] {c.locator}：{quote}")
    lines.extend(f"  （{note}）" for note in ans.notes)
    return "\n".join(lines)


def _cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    from bot.service import Service

    service = Service.from_settings(settings)
    history: list[str] = []
    print("planbot 对话（输入空行或 Ctrl-D 退出）")
    while True:
        try:
            q = input("问> ").strip()
        except EOFError:
            break
        if not q:
            break
        ans = service.ask(q, history=history, doc=args.doc)
        print(format_answer(ans))
        history.append(q)
    return 0


def _cmd_llm(args: argparse.Namespace, settings: Settings) -> int:
    from bot.local_llm import serve_forever

    return serve_forever(settings)


def _cmd_ui(args: argparse.Namespace, settings: Settings) -> int:
    import ui

    ui.main()
    return 0


def _cmd_docs(args: argparse.Namespace, settings: Settings) -> int:
    from index.store import open_index, remove_document

    if args.action == "remove":
        remove_document(args.doc_id, settings)
        print(f"已移除 {args.doc_id}")
        return 0
    for p in open_index(settings).plans.values():
        print(f"{p.doc_id}\t{p.title}\t{p.doc_number or ''}\t{p.path}")
    return 0


# The documented variables, so a bad value is reported under the name the user set.
_ENV_NAMES = {
    "home": "PLANBOT_HOME",
    "chroma.host": "PLANBOT_CHROMA_HOST",
    "chroma.port": "PLANBOT_CHROMA_PORT",
    "llm.mode": "PLANBOT_LLM",
    "llm.base_url": "OPENAI_BASE_URL",
    "llm.model": "PLANBOT_MODEL",
    "llm.timeout_s": "PLANBOT_LLM_TIMEOUT",
    "llm.local_port": "PLANBOT_LLM_PORT",
    "ui.host": "PLANBOT_UI_HOST",
    "ui.port": "PLANBOT_UI_PORT",
}


def settings_error_text(e: ValueError) -> str:
    """One Chinese line per bad setting. Values are echoed only for fields that cannot hold a secret."""
    errors = getattr(e, "errors", None)
    if not callable(errors):
        return f"{e}（请检查 PLANBOT_* 环境变量）"
    lines = []
    for err in errors():
        loc = ".".join(str(part) for part in err.get("loc", ()))
        name = _ENV_NAMES.get(loc, f"PLANBOT_CFG_{loc.upper().replace('.', '__')}")
        value = f"“{err.get('input')}”" if loc in _ENV_NAMES else ""
        hint = "，可选 none、local、openai" if loc == "llm.mode" else ""
        lines.append(f"环境变量 {name} 的值{value}无效（{err.get('msg', '')}{hint}）。")
    return "".join(lines)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="planbot", description="政府规划方案问答（带原文引用）")
    sub = p.add_subparsers(dest="cmd", required=True)

    s = sub.add_parser("index", help="解析并索引方案文件（默认：内置方案）")
    s.add_argument("files", nargs="*")
    s.add_argument("--force", action="store_true", help="即使文件未变也重建")
    s.add_argument("--quiet", action="store_true")
    s.set_defaults(fn=_cmd_index)

    s = sub.add_parser("facts", help="列出责任分工和目标指标")
    s.add_argument("--json", action="store_true")
    s.add_argument("--doc", default=None)
    s.add_argument("--deadlines", action="store_true", help="按时限排列的时间节点（任务和目标）")
    s.add_argument("--agency", default=None, metavar="单位", help="该单位在各方案中牵头、负责、配合的任务")
    s.set_defaults(fn=_cmd_facts)

    s = sub.add_parser("export", help="导出责任分工、目标指标、时间节点为 Excel")
    s.add_argument("--xlsx", required=True, metavar="FILE", help="输出文件，如 督办.xlsx")
    s.add_argument("--doc", default=None, help="只导出该方案（doc_id），默认全部方案")
    s.set_defaults(fn=_cmd_export)

    s = sub.add_parser("show", help="按位置显示原文，如 “附件 第8项”")
    s.add_argument("locator")
    s.add_argument("--doc", default=None)
    s.set_defaults(fn=_cmd_show)

    s = sub.add_parser("ask", help="提问")
    s.add_argument("question", nargs="*")
    s.add_argument("--json", action="store_true")
    s.add_argument("--jsonl", default=None, help="批量：每行 {id, question, turns}")
    s.add_argument("--doc", default=None, help="只在该方案内检索（doc_id）")
    s.add_argument("--full", action="store_true", help="引用显示整段原文（默认只显示承载答案的句子）")
    s.set_defaults(fn=_cmd_ask)

    s = sub.add_parser("chat", help="终端对话")
    s.add_argument("--doc", default=None)
    s.set_defaults(fn=_cmd_chat)

    s = sub.add_parser("llm", help="本地大模型服务")
    s.add_argument("action", choices=["serve"])
    s.set_defaults(fn=_cmd_llm)

    s = sub.add_parser("ui", help="启动网页界面")
    s.set_defaults(fn=_cmd_ui)

    s = sub.add_parser("docs", help="列出或移除已索引的方案")
    s.add_argument("action", choices=["list", "remove"], nargs="?", default="list")
    s.add_argument("doc_id", nargs="?")
    s.set_defaults(fn=_cmd_docs)

    for name, help_ in (("eval", "运行评测"), ("bench", "运行性能基准")):
        s = sub.add_parser(name, help=help_, add_help=False)
        s.add_argument("rest", nargs=argparse.REMAINDER)
        s.set_defaults(fn=None)
    return p


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # evals owns its own flags; hand them over untouched.
    if argv and argv[0] in ("eval", "bench"):
        from evals import cli as evals_cli

        return evals_cli.main(argv[0], argv[1:])
    args = build_parser().parse_args(argv)
    try:
        settings = Settings.from_env()
    except ValueError as e:  # pydantic's ValidationError is a ValueError too
        print(f"错误：配置无效。{settings_error_text(e)}", file=sys.stderr)
        return 1
    from index.errors import PlanbotError

    try:
        return args.fn(args, settings)
    except PlanbotError as e:
        print(f"错误：{e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
