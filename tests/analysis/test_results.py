"""Results and the JSON contract: keys, invariants, reproducibility."""

from __future__ import annotations

import json

import numpy as np

from sim.analysis.results import run
from sim.scenario.loading import load
from tests.helpers import SCENARIOS


def _summary(seed=1, paths=2000, **kw):
    return run(load(SCENARIOS / "dify.yaml", kw.get("sets")), paths=paths, seed=seed).summary()


def test_contract_keys_and_shapes():
    s = _summary()
    T = s["months"]
    for key in (
        "scenario", "paths", "months", "seed", "survival", "p_alive", "breakeven",
        "default_alive", "financing_gap", "monthly", "cost_breakdown", "causes_of_death", "run",
    ):  # fmt: skip
        assert key in s
    assert len(s["survival"]["p"]) == T + 1 == len(s["survival"]["lo"])
    assert set(s["p_alive"]) == {"12", "24", "36"}
    for est in s["p_alive"].values():
        assert est["lo"] <= est["p"] <= est["hi"] and est["se"] >= 0
    for series in ("cash", "revenue", "costs", "users"):
        assert set(s["monthly"][series]) == {"month", "p5", "p25", "p50", "p75", "p95"}
    assert s["monthly"]["cash"]["month"] == list(range(T + 1)) == s["survival"]["month"]
    assert s["monthly"]["revenue"]["month"] == list(range(1, T + 1))
    assert len(s["monthly"]["revenue"]["p50"]) == T
    assert {"p50", "p90"} <= set(s["financing_gap"])
    assert {"scenario_sha256", "seed", "package_version", "numpy_version", "created"} <= set(
        s["run"]
    )
    json.dumps(s, allow_nan=False)


def test_survival_is_a_non_increasing_share_and_matches_the_headlines():
    s = _summary(sets=["financing.initial_cash=120000"])
    p = np.array(s["survival"]["p"])
    assert p[0] == 1 and np.all(np.diff(p) <= 0) and np.all((p >= 0) & (p <= 1))
    assert s["p_alive"]["24"]["p"] == p[24]
    died = sum(c["deaths"] for c in s["causes_of_death"])
    assert died == round((1 - p[-1]) * s["paths"])


def test_same_seed_same_numbers_other_seed_other_numbers(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    a, b, c = _summary(seed=3), _summary(seed=3), _summary(seed=4)
    assert json.dumps(a) == json.dumps(b)
    assert a["monthly"]["users"]["p50"] != c["monthly"]["users"]["p50"]
