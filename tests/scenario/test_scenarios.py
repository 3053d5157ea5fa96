"""Every scenario in scenarios/ loads, runs briefly, and cites facts that exist."""

from __future__ import annotations

import pytest
from ruamel.yaml import YAML

from sim.analysis.results import run
from sim.scenario.distributions import DIST_KINDS
from sim.scenario.loading import load
from tests.helpers import ROOT, SCENARIOS

FILES = sorted(SCENARIOS.glob("*.yaml"))
FACTS = {
    fact["id"]
    for sheet in (ROOT / "seeds").glob("*.yaml")
    for fact in YAML(typ="safe").load(sheet.read_text())["facts"]
}


@pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])
def test_scenario_runs(path):
    s = run(load(path), paths=300, seed=1).summary()
    assert 0 <= s["p_alive_at_horizon"]["p"] <= 1


@pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])
def test_sources_cite_existing_facts(path):
    sc = load(path).scenario
    cited = [i for ids in sc.sources.values() for i in ([ids] if isinstance(ids, str) else ids)]
    assert cited, "a library scenario cites its sources"
    assert set(cited) <= FACTS, set(cited) - FACTS


FIXED_SECTIONS = {"company", "engine", "sources", "assumptions", "strategies", "policies",
                  "correlations"}  # fmt: skip


def _uncertain(node, top=True):
    """Every positive number of a scenario document as uniform(0.95 x, x): the same model with
    each parameter a distribution (<= x keeps shares valid, > 0 keeps positives positive)."""
    if isinstance(node, dict):
        if node.get("kind") in DIST_KINDS:
            return node  # already a distribution
        return {
            k: v if top and k in FIXED_SECTIONS else _uncertain(v, top=False)
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_uncertain(v, top=False) for v in node]
    if isinstance(node, int | float) and not isinstance(node, bool) and node > 0:
        return {"kind": "uniform", "low": 0.95 * node, "high": float(node)}
    return node


@pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])
def test_every_number_may_be_uncertain(path):
    """Processes must work with per-path arrays wherever a scenario gives numbers."""
    from sim.scenario.loading import _plain, parse_yaml, validate

    doc = _uncertain(_plain(parse_yaml(path.read_text(), str(path))))
    s = run(validate(doc, str(path)), paths=200, seed=1).summary()
    assert 0 <= s["p_alive_at_horizon"]["p"] <= 1
