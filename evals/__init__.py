"""Eval engine: datasets, scorer, runner, baseline, reports and the benchmark."""
