"""Render an EvalRun: a terminal table, report.md, results.jsonl, summary.json and PNG charts."""

from __future__ import annotations

import json
from pathlib import Path

from evals.runner import EvalRun
from evals.score import Summary

# (label, Summary field, how to show it: "rate" as %, "score" 0-1, "ms")
METRICS: list[tuple[str, str, str]] = [
    ("正确率 accuracy", "accuracy", "rate"),
    ("引用命中 citation hit", "citation_hit", "rate"),
    ("引文忠实 quote fidelity", "quote_fidelity", "rate"),
    ("单位 precision", "agency_precision", "rate"),
    ("单位 recall", "agency_recall", "rate"),
    ("单位 F1", "agency_f1", "rate"),
    ("数字准确 numbers", "numbers_exact", "rate"),
    ("拒答 precision", "abstain_precision", "rate"),
    ("拒答 recall", "abstain_recall", "rate"),
    ("检索 hit@1 (locator)", "hit1", "rate"),
    ("检索 hit@3 (locator)", "hit3", "rate"),
    ("检索 MRR (locator)", "mrr", "score"),
    ("证据 hit@1 (quote)", "ev_hit1", "rate"),
    ("证据 hit@3 (quote)", "ev_hit3", "rate"),
    ("证据 MRR (quote)", "ev_mrr", "score"),
    ("延迟 p50 ms", "latency_p50_ms", "ms"),
    ("延迟 p95 ms", "latency_p95_ms", "ms"),
]


def fmt(value: float | None, how: str) -> str:
    if value is None:
        return "–"
    if how == "rate":
        return f"{value * 100:.1f}%"
    return f"{value:.3f}" if how == "score" else f"{value:.1f}"


def ratio(a: float | None, b: float | None) -> str:
    if a is None or b is None or b == 0:
        return "–"
    return f"{a / b:.2f}×"


def _md_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def overall_rows(run: EvalRun) -> tuple[list[str], list[list[str]]]:
    systems = run.systems()
    sums = {s: run.summary(s) for s in systems}
    header = ["指标", *systems]
    if "baseline" in sums and "planbot" in sums:
        header.append("planbot / baseline")
    rows = []
    for label, key, how in METRICS:
        vals = [getattr(sums[s], key) for s in systems]
        row = [label, *(fmt(v, how) for v in vals)]
        if len(header) > len(systems) + 1:
            row.append(ratio(getattr(sums["planbot"], key), getattr(sums["baseline"], key)))
        rows.append(row)
    return header, rows


def group_rows(run: EvalRun, key: str) -> tuple[list[str], list[list[str]]]:
    systems = run.systems()
    groups: dict[str, dict[str, Summary]] = {s: run.by(s, key) for s in systems}
    names = list(dict.fromkeys(g for s in systems for g in groups[s]))
    header = [key, "n"]
    for s in systems:
        header += [f"{s} 正确率", f"{s} 引用命中"]
    rows = []
    for g in names:
        first = next(groups[s][g] for s in systems if g in groups[s])
        label = (Path(g).name if key == "doc" and g else g) or ("（内置方案）" if key == "doc" else "（无）")
        row = [label, str(first.n)]
        for s in systems:
            sm = groups[s].get(g)
            row += [fmt(sm.accuracy if sm else None, "rate"), fmt(sm.citation_hit if sm else None, "rate")]
        rows.append(row)
    return header, rows


def text_table(run: EvalRun) -> str:
    """The overall table for the terminal (fixed-width, CJK counted double)."""

    def width(s: str) -> int:
        return sum(2 if ord(c) > 0x2E80 else 1 for c in s)

    header, rows = overall_rows(run)
    widths = [max(width(r[i]) for r in [header, *rows]) for i in range(len(header))]
    out = []
    for r in [header, *rows]:
        out.append("  ".join(c + " " * (w - width(c)) for c, w in zip(r, widths, strict=True)))
    return "\n".join(out)


def failures_section(run: EvalRun, limit: int = 40) -> str:
    wrong = [r for r in run.results if r.system == "planbot" and not r.score.correct]
    if not wrong:
        return "planbot 全部正确。"
    lines = []
    for r in wrong[:limit]:
        ans = r.answer.answer.replace("\n", " ")[:120]
        lines.append(f"- **{r.item.id}** ({r.item.kind}) {r.item.question} — {'；'.join(r.score.failures)}")
        lines.append(f"  - 答：{ans}")
    if len(wrong) > limit:
        lines.append(f"- ……另有 {len(wrong) - limit} 题")
    return "\n".join(lines)


def _modes(run: EvalRun, system: str) -> str:
    """How answers were made (grounded / llm / fallback:<why>): an LLM run that fell back says so here."""
    counts: dict[str, int] = {}
    for r in run.results:
        if r.system == system:
            counts[r.answer.mode] = counts.get(r.answer.mode, 0) + 1
    return "，".join(f"{m} {n}" for m, n in sorted(counts.items(), key=lambda kv: -kv[1]))


def render_markdown(run: EvalRun, charts: list[str] | None = None) -> str:
    m = run.machine
    n_items = len(run.scores(run.systems()[0])) if run.results else 0
    parts = [
        "# planbot 评测报告",
        "",
        f"- 时间：{run.started}　模式：{run.mode}　设置哈希：`{run.settings_hash}`",
        f"- 数据集：{', '.join(Path(d).name for d in run.datasets)}（共 {n_items} 题）",
        f"- 机器：{m.get('platform')}，{m.get('cpu_count')} 核（{m.get('cpu', '')}），"
        f"内存 {m.get('mem_gb', '?')} GB，Python {m.get('python')}",
        "",
        "## 总体",
        "",
        *(f"- {s} 回答模式：{_modes(run, s)}" for s in run.systems()),
        "",
        _md_table(*overall_rows(run)),
        "",
        "检索 hit@k/MRR (locator) 比较引用位置与金标 `source`，baseline 的位置是 `chunk N`，不可比；"
        "证据 hit@k (quote) 比较引文是否含证据原文，两者可比。"
        "延迟为每题墙钟时间（含 LLM 调用；先跑一题热身，不计分）。",
        "",
        "## 按题型",
        "",
        _md_table(*group_rows(run, "kind")),
        "",
        "## 按数据集",
        "",
        _md_table(*group_rows(run, "dataset")),
        "",
    ]
    docs = {r.score.doc for r in run.results}
    if len(docs) > 1:
        parts += ["## 按方案", "", _md_table(*group_rows(run, "doc")), ""]
    if any(r.score.features for r in run.results):
        parts += ["## 按格式特征", "", _md_table(*group_rows(run, "features")), ""]
    if len({r.score.split for r in run.results}) > 1:
        parts += [
            "## 按划分",
            "",
            "dev：规则在其上编写和修正；holdout：写好金标后、任何修正前评分，修正时不看；"
            "holdout2 及以后（holdout3、holdout4…）：后来加入的方案，同样在写好金标后、修正前评分。",
            "",
            _md_table(*group_rows(run, "split")),
            "",
        ]
    for c in charts or []:
        parts += [f"![{c}]({c})", ""]
    parts += ["## planbot 答错的题", "", failures_section(run), ""]
    return "\n".join(parts)


def plot_charts(run: EvalRun, out: Path) -> list[str]:
    """accuracy_by_kind.png and latency.png; returns the file names written."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    systems = run.systems()
    if not systems:
        return []
    kinds = list(dict.fromkeys(r.item.kind for r in run.results))
    fig, ax = plt.subplots(figsize=(max(6, len(kinds) * 1.1), 4))
    width = 0.8 / len(systems)
    for i, s in enumerate(systems):
        by = run.by(s, "kind")
        vals = [by[k].accuracy * 100 if k in by else 0 for k in kinds]
        ax.bar([x + i * width for x in range(len(kinds))], vals, width, label=s)
    ax.set_xticks([x + width * (len(systems) - 1) / 2 for x in range(len(kinds))], kinds, rotation=20)
    ax.set_ylabel("accuracy (%)")
    ax.set_ylim(0, 105)
    ax.set_title(f"Accuracy per kind ({run.mode})")
    ax.legend()
    fig.tight_layout()
    fig.savefig(out / "accuracy_by_kind.png", dpi=110)
    plt.close(fig)

    fig, ax = plt.subplots(figsize=(6, 4))
    data = [[sc.latency_ms for sc in run.scores(s) if sc.latency_ms is not None] or [0.0] for s in systems]
    ax.boxplot(data, showfliers=True)
    ax.set_xticks(range(1, len(systems) + 1), systems)
    ax.set_yscale("log")
    ax.set_ylabel("latency per question (ms, log)")
    ax.set_title("Latency distribution")
    fig.tight_layout()
    fig.savefig(out / "latency.png", dpi=110)
    plt.close(fig)
    return ["accuracy_by_kind.png", "latency.png"]


def write_report(run: EvalRun, out: Path) -> dict[str, Path]:
    """Write report.md, results.jsonl, summary.json and the charts into `out`."""
    out.mkdir(parents=True, exist_ok=True)
    with (out / "results.jsonl").open("w", encoding="utf-8") as f:
        for r in run.results:
            f.write(json.dumps(r.row(), ensure_ascii=False) + "\n")
    (out / "summary.json").write_text(
        json.dumps(run.to_json(), ensure_ascii=False, indent=2), encoding="utf-8"
    )
    charts = plot_charts(run, out)
    (out / "report.md").write_text(render_markdown(run, charts), encoding="utf-8")
    paths = {name: out / name for name in ("report.md", "results.jsonl", "summary.json", *charts)}
    return paths
