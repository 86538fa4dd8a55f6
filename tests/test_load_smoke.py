"""A tiny run of the UI load benchmark: ui.py on loopback, 3 gradio_client users × 2 questions each."""

from __future__ import annotations

import pytest

from evals.load import run_load, serve, warm_up
from index.settings import Settings

pytestmark = pytest.mark.slow


def test_concurrent_users_all_get_answers(built_index_copy: Settings) -> None:
    with serve(built_index_copy.home, startup_s=240) as (url, concurrency):
        warm_up(url, timeout_s=240)
        out = run_load(url, users=3, per_user=2, timeout_s=120, request_timeout_s=60)
    assert concurrency >= 1
    assert out["errors"] == 0, out["error_samples"]
    assert out["completed"] == 6 and out["not_run"] == 0
    assert 0 < out["latency_s"]["p50"] <= out["latency_s"]["p95"] <= out["latency_s"]["max"]
    assert out["throughput_per_s"] > 0
