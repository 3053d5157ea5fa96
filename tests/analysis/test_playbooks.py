"""The playbook set: strategies in the scenario files and in strategies/, and what comparing
them on common random numbers guarantees."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from ruamel.yaml import YAML

from sim.analysis.compare import compare, outcomes, paired
from sim.analysis.results import run
from sim.engine.state import COST, Event
from sim.scenario.distributions import _Dist
from sim.scenario.loading import load, load_strategies
from sim.scenario.strategy import Strategy
from tests.helpers import ROOT, SCENARIOS

STRATEGIES = ROOT / "strategies"
SCENARIO_FILES = sorted(SCENARIOS.glob("*.yaml"))
STRATEGY_FILES = sorted(STRATEGIES.glob("*.yaml"))
MODEL_LAB = SCENARIOS / "model_lab.yaml"

REQUIRED = {
    "model_lab": {"lean", "burn", "follow", "charge-early", "charge-late", "cut-on-runway"},
    "dify": {"lean", "burn", "charge-early", "charge-late", "overseas-first", "cut-on-runway"},
    "faceswap_shop": {"lean", "burn", "cut-on-runway"},
    "private_deployment": {"first-meeting-sale", "cut-on-runway"},
}
FACTS = {
    fact["id"]
    for sheet in (ROOT / "seeds").glob("*.yaml")
    for fact in YAML(typ="safe").load(sheet.read_text())["facts"]
}


def offered(path) -> list[str]:
    return [s.name for s in load(path).scenario.strategies]


OFFERED = [(path, name) for path in SCENARIO_FILES for name in offered(path)]
FROM_FILES = [(f, s) for f in STRATEGY_FILES for s in load_strategies(f)]


def alive(r) -> np.ndarray:
    return outcomes(r)["alive_at_horizon"]


# --------------------------------------------------------------------------- the set


@pytest.mark.parametrize(("path", "name"), OFFERED, ids=[f"{p.stem}-{n}" for p, n in OFFERED])
def test_offered_playbooks_load_and_run(path, name):
    loaded = load(path, strategy=name)
    assert loaded.strategy == name
    assert loaded.scenario.strategies == []  # applied one at a time
    s = run(loaded, paths=200, seed=1, months=6).summary()
    assert 0 <= s["p_alive_at_horizon"]["p"] <= 1


@pytest.mark.parametrize(
    ("file", "strategy"), FROM_FILES, ids=[f"{f.stem}-{s.name}" for f, s in FROM_FILES]
)
@pytest.mark.parametrize("path", SCENARIO_FILES, ids=[p.stem for p in SCENARIO_FILES])
def test_strategy_files_run_on_every_scenario(file, strategy, path):
    loaded = load(path, strategy=strategy)
    assert [p.name for p in loaded.scenario.policies][-len(strategy.policies) :] == [
        p.name for p in strategy.policies
    ]
    s = run(loaded, paths=200, seed=1, months=6).summary()
    assert 0 <= s["p_alive_at_horizon"]["p"] <= 1


def test_cut_on_runway_file_is_there_and_generic():
    (cut,) = load_strategies(STRATEGIES / "cut-on-runway.yaml")
    assert cut.name == "cut-on-runway" and not cut.set
    (policy,) = cut.policies
    assert policy.when["runway_months"].below == 6
    assert policy.scale["costs.team.cost_per_head_per_month"] == 0.7


@pytest.mark.parametrize("stem", sorted(REQUIRED))
def test_required_playbooks_are_offered(stem):
    assert REQUIRED[stem] <= set(offered(SCENARIOS / f"{stem}.yaml"))


def test_every_playbook_says_what_it_follows():
    every = [s for path in SCENARIO_FILES for s in load(path).scenario.strategies]
    every += [s for _, s in FROM_FILES]
    for s in every:
        cited = set(re.findall(r"f\d{3}_\d{2}", s.description))
        assert len(s.description) > 80 and cited, s.name
        assert cited <= FACTS, (s.name, cited - FACTS)


def test_readme_table_matches_the_scenarios():
    lines = (STRATEGIES / "README.md").read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| playbook |"))
    stems = [c.strip() for c in lines[start].strip("|").split("|")[1:]]
    assert set(stems) == set(REQUIRED)
    end = next(i for i in range(start, len(lines)) if not lines[i].startswith("|"))
    rows = lines[start + 2 : end]
    table = {}
    for line in rows:
        cells = [c.strip() for c in line.strip("|").split("|")]
        table[cells[0].strip("`")] = dict(zip(stems, cells[1:], strict=True))
    for stem in stems:
        ticked = {name for name, cells in table.items() if cells[stem].startswith("✓")}
        assert ticked == set(offered(SCENARIOS / f"{stem}.yaml")), stem
        # a playbook left out says why
        assert all(len(cells[stem]) > 10 for name, cells in table.items() if name not in ticked)


# --------------------------------------------------------------------------- guarantees


def _cash_ceiling(path) -> float | None:
    cash = load(path).scenario.financing.initial_cash
    high = cash.support()[1] if isinstance(cash, _Dist) else float(cash)
    return high if math.isfinite(high) else None


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=[p.stem for p in SCENARIO_FILES])
def test_a_strategy_that_only_adds_cash_is_never_worse_on_any_path(path):
    high = _cash_ceiling(path)
    if high is None:
        pytest.skip("initial cash is unbounded: no constant is above every path's draw")
    richer = Strategy(name="richer", set={"financing.initial_cash": 1.5 * high + 1})
    base = run(load(path), paths=1000, seed=3)
    more = run(load(path, strategy=richer), paths=1000, seed=3)
    b, m = base.batch.death_month, more.batch.death_month
    # 0 means alive at the horizon: alive under the baseline => alive with more cash
    assert np.all(m[b == 0] == 0)
    dead_both = (b > 0) & (m > 0)
    assert np.all(m[dead_both] >= b[dead_both])


def test_compare_of_a_strategy_with_itself_gives_zero_differences():
    one = run(load(MODEL_LAB, strategy="lean"), paths=1500, seed=7)
    two = run(load(MODEL_LAB, strategy="lean"), paths=1500, seed=7)
    s = compare({"baseline": one, "lean": two}).summary()
    assert [r["place"] for r in s["ranking"]] == [1, 1]
    assert "tied" in s["explanation"]
    diffs = s["strategies"][1]["vs_baseline"]
    assert set(diffs) >= {"alive_at_horizon", "default_alive", "financing_gap"}
    for d in diffs.values():
        assert d["diff"] == 0 and d["se"] == 0 and d["lo"] == 0 and d["hi"] == 0


def test_pairing_makes_the_interval_of_a_difference_narrower():
    deployer = SCENARIOS / "private_deployment.yaml"
    n = 3000
    base = alive(run(load(deployer), paths=n, seed=11))
    cut = alive(run(load(deployer, strategy="cut-on-runway"), paths=n, seed=11))
    cut_other_seed = alive(run(load(deployer, strategy="cut-on-runway"), paths=n, seed=12))

    d = cut - base
    # Cutting costs never kills: on the same world, a path alive under the baseline is alive
    # with the cut, so each paired difference D is 0 or 1.
    assert np.all(d >= 0)
    pair = paired(cut, base)
    delta = pair["diff"]
    assert delta > 0
    # With D in {0, 1}, Var(D) = delta (1 - delta) exactly (sample variance: times n / (n - 1)).
    assert math.isclose(pair["se"] ** 2, delta * (1 - delta) / (n - 1), rel_tol=1e-9)

    # Unpaired: separate seeds, se = sqrt(p_a (1 - p_a) / n + p_b (1 - p_b) / n).
    pa, pb = cut_other_seed.mean(), base.mean()
    unpaired_se = math.sqrt(pa * (1 - pa) / n + pb * (1 - pb) / n)
    # paired / unpaired = sqrt(delta (1 - delta) / (pa (1 - pa) + pb (1 - pb))): a difference of
    # a few points between survival rates near 2/3 gives about 0.35, far below 0.8. (The ratio
    # nears 1 only when the strategy moves most paths, e.g. 10% -> 90%.)
    predicted = math.sqrt(delta * (1 - delta) / (pa * (1 - pa) + pb * (1 - pb)))
    assert pair["se"] < 0.8 * unpaired_se
    assert pair["se"] / unpaired_se == pytest.approx(predicted, rel=0.1)


# --------------------------------------------------------------------------- the articles


@pytest.fixture(scope="module")
def model_lab_runs():
    n = 3000
    return {
        name: run(load(MODEL_LAB, strategy=name), paths=n, seed=5)
        for name in ("lean", "burn", "follow", "cut-on-runway", "hibernate")
    } | {"baseline": run(load(MODEL_LAB), paths=n, seed=5)}


def test_on_the_model_lab_lean_and_follow_outlive_burn(model_lab_runs):
    # "Don't burn money" (f004_17) and "following costs a tenth" (f004_28): both survive more
    # often than the lab that trains its own model and hires ahead, beyond Monte Carlo error.
    burn = alive(model_lab_runs["burn"])
    for name in ("lean", "follow"):
        d = paired(alive(model_lab_runs[name]), burn)
        assert d["lo"] > 0, (name, d)


def test_on_the_model_lab_burning_buys_a_chance_of_a_large_outcome(model_lab_runs):
    # issue 14 pt 7: burn's own models carry a premium price while its lead lasts, so it ends
    # worth more than 300M yuan to its founders more often than lean, and dies more often;
    # paired differences on the same worlds, beyond 4 standard errors
    lean, burn = model_lab_runs["lean"].batch, model_lab_runs["burn"].batch
    big = (burn.founder_value > 3e8).astype(float) - (lean.founder_value > 3e8)
    died = _died(burn) - _died(lean)
    for d in (big, died):
        assert d.mean() > 4 * d.std(ddof=1) / np.sqrt(lean.n), d.mean()


def _died(b) -> np.ndarray:
    """1 on the paths that ran out of cash (not an exit, not a shutdown), else 0."""
    return ((b.death_month > 0) & (b.exit_kind == 0)).astype(float)


def test_on_the_model_lab_hibernating_survives_with_nothing_and_does_not_win(model_lab_runs):
    # issue 13: one person, nothing shipped; it never runs out of cash, but the raise is the
    # investors' (a 1x preference), so the founders get nothing and it ranks below lean and burn
    h = model_lab_runs["hibernate"].batch
    assert not np.any((h.death_month > 0) & (h.exit_kind == 0))
    np.testing.assert_array_equal(h.founder_value, 0.0)
    s = compare(model_lab_runs).summary()
    ranked = [r["name"] for r in s["ranking"]]
    assert ranked.index("hibernate") > max(ranked.index("lean"), ranked.index("burn"))


def test_cut_on_runway_stops_the_training_and_follow_pays_a_tenth(model_lab_runs):
    gpu = COST["gpu"]
    base = model_lab_runs["baseline"].batch.cost_sums[gpu]
    runs = model_lab_runs["cut-on-runway"]
    cut = runs.batch.cost_sums[gpu]
    # the rule fires once per path, in the first month its runway (cash over operating burn,
    # the card purchase excluded) is below 6 months; from then on that path trains no more
    fired = runs.batch.events[runs.batch.events["kind"] == Event.POLICY]
    assert np.unique(fired["path"]).size == runs.paths  # every path cuts at some point
    last = int(fired["month"].max())
    assert last < runs.months and np.all(cut[last - 1 :] == 0)
    assert base[last - 1 :].sum() > 0 and cut[1:].sum() < base[1:].sum()
    assert cut[0] == pytest.approx(base[0])
    # month 1 is the card purchase: the follower buys a tenth of each path's cards
    follow = model_lab_runs["follow"].batch.cost_sums[gpu]
    assert follow[0] == pytest.approx(0.1 * base[0])
