"""CI gate: the grounded eval over the project's gold set, the shared dev set and the other plans' sets.

Thresholds were set from measurement (2026-11-25, grounded, 2-core machine): gold 195/195, dev 40/40,
other plans 161/162, citation hit 99.7%, quote fidelity 100%. They sit a little below so a real regression
fails CI while one new hard item does not; quotes must always be verbatim.
"""

from __future__ import annotations

import pytest

from evals.runner import default_datasets, run_eval
from evals.score import summarize, summarize_by
from index.settings import Settings

pytestmark = pytest.mark.slow

# open: the open, listing, topic-switch and trap questions of evals/data/open.jsonl, measured 2026-12-04
# at 0.871 (81/93); its floor sits below that like the others.
MIN_ACCURACY = {"gold": 0.97, "dev": 0.97, "open": 0.82}
MIN_ACCURACY_OTHER_PLANS = 0.90
MIN_RESPONSIBLE_AND_TARGET = 0.98  # who/what questions are what civil servants come for
# Real public plans (evals/data/plans/real/, 2,245 items): measured 2026-12-07 at 0.891 overall and 0.953 on
# their dev split (the full eval at 25acb1d). A blind round joins before its fixes (holdout38 at 0.52), so the
# overall figure drops by design when one lands; its floor stops a broad regression without pretending the gap
# is closed (it was 0.72 at 269 items), and the dev split, where the rules are written, keeps its own.
MIN_ACCURACY_REAL_PLANS = 0.87
MIN_ACCURACY_REAL_DEV = 0.94


@pytest.fixture(scope="module")
def grounded_run(tmp_path_factory: pytest.TempPathFactory):
    datasets = default_datasets()
    names = {p.stem for p in datasets}
    assert "gold" in names, "the project's own gold set must be part of the default run"
    # NOTE: a home of its own, built by this code: module fixtures run before the autouse isolation,
    # and a developer's home may hold an index built by older code.
    settings = Settings(home=tmp_path_factory.mktemp("gate-home"))
    return run_eval(datasets, settings, mode="grounded", baseline=False, progress=False)


def _real(run) -> set[str]:
    return {r.score.dataset for r in run.results if r.score.split}


def test_accuracy_per_dataset_stays_above_the_measured_floor(grounded_run):
    by_set = grounded_run.by("planbot", "dataset")
    for name, floor in MIN_ACCURACY.items():
        if name in by_set:
            assert by_set[name].accuracy >= floor, (name, by_set[name].accuracy)
    real = _real(grounded_run)
    others = [s for n, s in by_set.items() if n not in MIN_ACCURACY and n not in real]
    assert others, "the other plans' eval sets are missing"
    for s in others:
        assert s.accuracy >= MIN_ACCURACY_OTHER_PLANS, s


def test_real_public_plans_stay_above_their_measured_floor(grounded_run):
    real = [r.score for r in grounded_run.results if r.system == "planbot" and r.score.split]
    assert len(real) >= 200, "the real plans' eval sets are missing"
    assert sum(s.correct for s in real) / len(real) >= MIN_ACCURACY_REAL_PLANS
    dev = [s for s in real if s.split == "dev"]
    assert len(dev) >= 100, "the real plans' dev split is missing"
    assert sum(s.correct for s in dev) / len(dev) >= MIN_ACCURACY_REAL_DEV


def test_responsible_and_target_questions(grounded_run):
    fixtures = [r for r in grounded_run.results if not r.score.split]
    by_kind = summarize_by([r.score for r in fixtures if r.system == "planbot"], "kind")
    for kind in ("responsible", "target"):
        assert by_kind[kind].accuracy >= MIN_RESPONSIBLE_AND_TARGET, (kind, by_kind[kind].accuracy)


def test_citations_hit_the_evidence_and_quotes_are_verbatim(grounded_run):
    assert grounded_run.summary("planbot").quote_fidelity == 1.0  # every plan, real ones included
    fixtures = [r.score for r in grounded_run.results if r.system == "planbot" and not r.score.split]
    total = summarize(fixtures)
    assert total.citation_hit is not None and total.citation_hit >= 0.97
    assert total.abstain_precision is not None and total.abstain_precision >= 0.9
    assert total.abstain_recall is not None and total.abstain_recall >= 0.9
