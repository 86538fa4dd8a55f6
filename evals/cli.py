"""`planbot eval` and `planbot bench`: argument parsing only; the work is in runner, report and bench."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from index.settings import Settings


def eval_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="planbot eval", description="运行评测：planbot 与基线同题比较")
    p.add_argument(
        "--dataset",
        action="append",
        type=Path,
        default=None,
        help="JSONL 评测集，可重复；默认 evals/data/gold.jsonl 和 ../shared/evals/dev.jsonl"
        "（或 $PLANBOT_DEV_SET）",
    )
    p.add_argument("--mode", choices=["grounded", "llm"], default="grounded", help="grounded（默认）或 llm")
    p.add_argument("--out", type=Path, default=None, help="输出目录；默认 evals/out/<时间戳>/")
    p.add_argument("--baseline", action=argparse.BooleanOptionalAction, default=True, help="同时评测基线")
    p.add_argument(
        "--min-accuracy", type=float, default=None, help="planbot 总正确率低于此值（0–1）时退出码为 1"
    )
    p.add_argument(
        "--limit", type=int, default=None, help="最多评测 N 题（按题型轮流抽取；llm 模式较慢时用）"
    )
    p.add_argument("--rescore", type=Path, default=None, help="重新评分已有的 results.jsonl（不再提问）")
    p.add_argument("--quiet", action="store_true", help="不显示进度条")
    return p


def run_eval_cmd(argv: list[str]) -> int:
    from evals.report import text_table, write_report
    from evals.runner import REPO, default_datasets, rescore, run_eval
    from index.errors import PlanbotError

    args = eval_parser().parse_args(argv)
    datasets = args.dataset or default_datasets()
    missing = [str(d) for d in datasets if not d.exists()]
    if not datasets or missing:
        print(f"错误：找不到评测集 {'、'.join(missing) or '（无默认评测集）'}", file=sys.stderr)
        return 2
    out = args.out or REPO / "evals" / "out" / dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    try:
        run = (
            rescore(args.rescore, datasets)
            if args.rescore
            else run_eval(
                datasets,
                Settings.from_env(),
                mode=args.mode,
                baseline=args.baseline,
                progress=not args.quiet,
                limit=args.limit,
            )
        )
    except PlanbotError as e:
        print(f"错误：{e}", file=sys.stderr)
        return 1
    paths = write_report(run, out)
    print(text_table(run))
    print(f"\n报告：{paths['report.md']}")
    if args.min_accuracy is not None:
        acc = run.summary("planbot").accuracy
        if acc < args.min_accuracy:
            print(f"正确率 {acc:.1%} 低于门槛 {args.min_accuracy:.1%}", file=sys.stderr)
            return 1
    return 0


def main(cmd: str, argv: list[str]) -> int:
    if cmd == "eval":
        return run_eval_cmd(argv)
    if cmd == "bench":
        from evals.bench import main as bench_main

        return bench_main(argv)
    print(f"未知命令：{cmd}", file=sys.stderr)
    return 2
