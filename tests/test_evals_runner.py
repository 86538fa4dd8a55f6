"""End to end: `planbot eval` on a tiny set writes a report a person can read and a CI gate can use."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main as planbot

ITEMS = [
    {
        "id": "M1",
        "question": "建立以服务产业为核心的平台评价机制，由谁来做？",
        "kind": "responsible",
        "expect": {"all": ["市科技局"]},
        "evidence": ["建立以服务产业为核心的平台评价机制"],
        "source": "附件 第4项",
    },
    {
        "id": "M2",
        "question": "全社会研发经费投入强度要达到多少？",
        "kind": "target",
        "expect": {"all": ["3.1%"]},
        "evidence": ["GDP 比重达到 3.1%左右"],
        "source": "一、主要目标",
    },
    {
        "id": "M3",
        "question": "温州市科技局局长是谁？",
        "kind": "abstain",
        "expect": {"abstain": True},
        "evidence": [],
        "source": "",
    },
]


@pytest.mark.slow
def test_eval_writes_report_results_and_charts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dataset = tmp_path / "mini.jsonl"
    dataset.write_text("\n".join(json.dumps(i, ensure_ascii=False) for i in ITEMS) + "\n", encoding="utf-8")
    out = tmp_path / "out"

    assert planbot(["eval", "--dataset", str(dataset), "--out", str(out), "--quiet"]) == 0

    table = capsys.readouterr().out
    assert "planbot" in table and "baseline" in table and "正确率" in table

    rows = [json.loads(line) for line in (out / "results.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted((r["system"], r["id"]) for r in rows) == sorted(
        (s, i["id"]) for s in ("planbot", "baseline") for i in ITEMS
    )
    for r in rows:
        assert set(r["score"]) >= {
            "correct",
            "citation_hit",
            "quote_fidelity",
            "retrieval_rank",
            "latency_ms",
        }
        assert r["answer"]["answer"] is not None
    baseline = {r["id"]: r for r in rows if r["system"] == "baseline"}
    # the tutorial pipeline cites its raw chunks: verbatim, four of them, and it never abstains
    assert all(r["score"]["quote_fidelity"] for r in baseline.values())
    assert len(baseline["M1"]["answer"]["citations"]) == 4
    assert not baseline["M3"]["answer"]["abstained"] and not baseline["M3"]["score"]["correct"]

    report = (out / "report.md").read_text(encoding="utf-8")
    for needle in ("设置哈希", "核", "abstain", "responsible", "target", "planbot / baseline"):
        assert needle in report
    for png in ("accuracy_by_kind.png", "latency.png"):
        assert (out / png).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert set(summary["systems"]) == {"planbot", "baseline"}
    assert summary["systems"]["planbot"]["by_kind"]["abstain"]["n"] == 1

    # the CI gate: an unreachable threshold fails the run; the index built above is reused
    gate = ["eval", "--dataset", str(dataset), "--out", str(tmp_path / "gate"), "--no-baseline", "--quiet"]
    assert planbot([*gate, "--min-accuracy", "1.01"]) == 1
    assert planbot([*gate, "--min-accuracy", "0"]) == 0
    gate_rows = (tmp_path / "gate" / "results.jsonl").read_text(encoding="utf-8").splitlines()
    assert {json.loads(r)["system"] for r in gate_rows} == {"planbot"}


def test_missing_dataset_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert planbot(["eval", "--dataset", str(tmp_path / "nope.jsonl"), "--out", str(tmp_path)]) == 2
    assert "nope.jsonl" in capsys.readouterr().err


def test_dev_set_found_from_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from evals.runner import dev_set_path

    dev = tmp_path / "dev.jsonl"
    monkeypatch.setenv("PLANBOT_DEV_SET", str(dev))
    assert dev_set_path() == dev


def test_limit_keeps_every_kind() -> None:
    from evals.runner import spread
    from evals.score import Item

    items = [Item(id=f"{k}{n}", question="q", kind=k) for k in ("a", "b", "c") for n in range(5)]
    picked = spread(items, 4)
    assert len(picked) == 4
    assert {it.kind for it in picked} == {"a", "b", "c"}
    assert spread(items, None) == items


def test_mode_switches_the_llm() -> None:
    from evals.runner import settings_for_mode
    from index.settings import Settings

    env = {"PLANBOT_LLM": "local"}
    assert settings_for_mode(Settings.from_env(env), "grounded").llm.mode == "none"
    assert settings_for_mode(Settings.from_env({}), "llm").llm.mode == "local"
    remote = Settings.from_env({"OPENAI_BASE_URL": "http://127.0.0.1:9/v1"})
    assert settings_for_mode(remote, "llm").llm.mode == "openai"
