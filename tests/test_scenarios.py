"""Every scenario in scenarios/ loads, runs briefly, and cites facts that exist."""

from __future__ import annotations

import pytest
from ruamel.yaml import YAML

from sim.loading import load
from sim.runner import run

from .helpers import ROOT, SCENARIOS

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
