"""Sweep the answering thresholds (Settings.answering) one at a time on the grounded eval.

    python -m evals.sweep --out evals/reports/thresholds.md

Uses an existing index home (PLANBOT_HOME) that holds every plan the datasets name, so each point costs
only the questions. Real plans' holdout items (every holdout split) are left out: thresholds are
chosen on what fixes may see.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from evals.runner import default_datasets, load_datasets, run_eval
from index.settings import Settings

GRID: dict[str, tuple[float, ...]] = {
    "link_min": (0.4, 0.5, 0.6),
    "fact_min": (0.25, 0.34, 0.45),
    "target_min": (0.4, 0.5, 0.6),
    "from_hit_min": (0.4, 0.5, 0.6),
    "supported_min": (0.4, 0.5, 0.6, 0.7),
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", type=Path, default=Path("evals/reports/thresholds.md"))
    ap.add_argument("--only", default=None, help="sweep this one threshold (a name of GRID)")
    args = ap.parse_args()
    base = Settings.from_env()
    paths = default_datasets()
    items = [it for it in load_datasets(paths) if not (it.split or "").startswith("holdout")]
    rows = []
    default_run = None  # every threshold at its default: run once, reported under each threshold
    for name, values in GRID.items():
        if args.only and name != args.only:
            continue
        for v in values:
            is_default = getattr(base.answering, name) == v
            if is_default and default_run is not None:
                s = default_run
            else:
                answering = base.answering.model_copy(update={name: v})
                settings = base.model_copy(update={"answering": answering})
                run = run_eval(paths, settings, mode="grounded", baseline=False, progress=False, items=items)
                s = run.summary("planbot")
                default_run = s if is_default else default_run
            rows.append((name, v, s.accuracy, s.abstain_precision, s.abstain_recall, s.n))
            print(name, v, f"{s.accuracy:.4f}", flush=True)
    lines = [
        "# Answering thresholds: one-at-a-time sweep (grounded)",
        "",
        f"Items: gold, open, dev, fixture plans and the real plans' dev split ({rows[0][5]} items); the"
        " real plans' holdout split is left out. Other thresholds at their defaults.",
        "",
        "| threshold | value | accuracy | abstain precision | abstain recall |",
        "|---|---|---|---|---|",
    ]
    for name, v, acc, ap_, ar, _ in rows:
        lines.append(f"| {name} | {v} | {acc:.1%} | {ap_ or 0:.1%} | {ar or 0:.1%} |")
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"写入 {args.out}")


if __name__ == "__main__":
    main()
