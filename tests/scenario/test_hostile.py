"""Hostile and careless input (issue 15): a clean error or a valid scenario, in bounded time.

A property-based fuzz test: library scenarios with values replaced by extreme numbers, wrong
types, alias bombs and deep nesting, and random YAML text. Every outcome must be a scenario or
a :class:`ScenarioError`, each within a time bound. ``benchmarks/fuzz_load.py`` runs the same
idea over 10,000 documents in worker processes (hangs and memory measured too).
"""

from __future__ import annotations

import json
import math
import time
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim import ScenarioError, load, load_strategies
from sim.analysis.results import run
from sim.scenario.loading import _plain, parse_yaml
from sim.scenario.reading import MAX_BYTES
from tests.helpers import SCENARIOS

LIBRARY = sorted(SCENARIOS.glob("*.yaml"))
SECONDS = 2.0  # per document; a library scenario validates in about 0.05 s
EXTREMES = [
    "true", "false", "1e308", "-1e308", "9223372036854775808", "1e30", "5e-324", ".nan",
    ".inf", "-1", "0", "'12'", "[1, 2]", "{a: 1}", "null", "!!binary aGVsbG8=", "x",
    "9" * 5000, "{kind: lognormal, mean: 1, sd: 1e300}", "{kind: normal, mean: 0, sd: 1e200}",
    "[" * 2000, "&a [*a]",
]  # fmt: skip
BOMB = "&a0 [x, x, x, x, x, x, x, x, x, x]"


def _keys(node, prefix=""):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _keys(v, f"{prefix}.{k}".lstrip("."))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _keys(v, f"{prefix}.{getattr(v, 'get', lambda _: None)('name') or i}")
    else:
        yield prefix


KEYS = {p: [k for k in _keys(_plain(parse_yaml(p.read_text(), p.name))) if k] for p in LIBRARY}


def _outcome(call):
    start = time.perf_counter()
    try:
        result = call()
    except ScenarioError as e:
        assert str(e).strip() and "Traceback" not in str(e)
        result = None
    assert time.perf_counter() - start < SECONDS
    return result


FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@FUZZ
@given(data=st.data())
def test_mutated_library_scenarios_fail_cleanly(data):
    path = data.draw(st.sampled_from(LIBRARY))
    sets = [
        f"{data.draw(st.sampled_from(KEYS[path]))}={data.draw(st.sampled_from(EXTREMES))}"
        for _ in range(data.draw(st.integers(1, 3)))
    ]
    loaded = _outcome(lambda: load(path, sets))
    if loaded is not None:  # accepted: it must simulate to finite figures
        summary = run(loaded, paths=16, seed=0, months=min(loaded.scenario.months, 24)).summary()
        json.dumps(summary, allow_nan=False)


yaml_scalars = st.one_of(
    st.sampled_from(EXTREMES), st.text(max_size=12).map(json.dumps), st.integers().map(str)
)
yaml_text = st.recursive(
    yaml_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]"),
        st.dictionaries(st.sampled_from(["company", "revenue", "name", "kind", "6", "true"]),
                        inner, max_size=4).map(
            lambda d: "{" + ", ".join(f"{k}: {v}" for k, v in d.items()) + "}"
        ),
    ),
    max_leaves=12,
)  # fmt: skip


@FUZZ
@given(body=yaml_text, top=st.sampled_from(["", "company: ", "revenue: ", "shocks: ", "set: "]))
def test_random_yaml_fails_cleanly(tmp_path_factory, body, top):
    path = tmp_path_factory.mktemp("fuzz") / "s.yaml"
    path.write_text(top + body + "\n", encoding="utf-8")
    _outcome(lambda: load(path))
    _outcome(lambda: load_strategies(path))


@pytest.mark.parametrize("levels", [3, 6, 9])
def test_alias_bombs_are_refused_quickly(tmp_path, levels):
    lines = [f"a0: {BOMB}"] + [
        f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, levels + 1)
    ]
    text = "sources:\n" + "\n".join("  " + line for line in lines) + "\n"
    text = "company: {name: x}\nfinancing: {initial_cash: 1}\n" + text
    path = tmp_path / "bomb.yaml"
    path.write_text(text)
    start = time.perf_counter()
    with pytest.raises(ScenarioError) as err:
        load(path)
    assert time.perf_counter() - start < 1.0
    if levels >= 6:  # 10^6 values and more: refused before validation
        assert "aliases are expanded" in str(err.value)


def test_size_depth_and_self_reference_are_capped(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_text("company: {name: x}\n#" + "x" * MAX_BYTES + "\n")
    with pytest.raises(ScenarioError, match="larger than"):
        load(path)
    path.write_text("company: " + "[" * 500 + "]" * 500 + "\n")
    with pytest.raises(ScenarioError, match="nested too deeply"):
        load(path)
    path.write_text("company: &a [*a]\n")
    with pytest.raises(ScenarioError):
        load(path)


def test_what_the_parser_only_warns_about_is_refused_with_its_line(tmp_path):
    """ruamel.yaml warns (a Python warning on stderr, with its own source path) where a reused
    anchor or a YAML 1.1 float without a dot is read one way or the other; both are refused."""
    path = tmp_path / "s.yaml"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing may escape as a Python warning
        path.write_text("company: {name: x}\nrevenue: [&a [1], &a [2], *a]\n")
        with pytest.raises(ScenarioError, match=r"s\.yaml:2: YAML anchor &a is defined again"):
            load(path)
        path.write_text("%YAML 1.1\n---\ncompany: {name: x}\nfinancing: {initial_cash: 1e6}\n")
        with pytest.raises(ScenarioError, match=r"s\.yaml:4: a YAML 1.1 float needs a dot: '1e6'"):
            load(path)
        with pytest.raises(ScenarioError, match=r"^--set x=\[&a 1, &a 2\]: YAML anchor &a"):
            load(SCENARIOS / "dify.yaml", ["x=[&a 1, &a 2]"])  # a --set value has no lines
        path.write_text("company: {name: x}\nrevenue: [&a [1], *a]\n")  # one anchor: no such error
        with pytest.raises(ScenarioError) as err:
            load(path)
        assert "anchor" not in str(err.value)


@pytest.mark.parametrize(
    ("override", "says"),
    [
        ("company.horizon_months=true", "company.horizon_months: Input should be a valid integer"),
        ("demand.seasonality={true: 2}", "valid integer"),
        ('demand.seasonality={"6": 2}', "valid integer"),
        ("demand.bass.p=9223372036854775808", "demand.bass.p: expected a number of magnitude"),
        ("costs.fixed_per_month=1e308", "at most 1e15"),
        ("shocks=[{name: s, at_month: 1e30}]", "shocks[0].at_month"),
        ("costs.fixed_per_month={kind: lognormal, mean: 1, sd: 1e300}", "sd: expected"),
        ("costs.fixed_per_month={kind: lognormal, mean: 1000000, sd: 1e9}", "beyond 1e15"),
        ("shocks=[{use: [price_war]}]", "unknown shock"),
        ("shocks=[{use: price_war, effects: 5}]", "effects: expected a mapping"),
        # fuzz_load: (sd / mean)^2 raised OverflowError instead of a clean error
        ("costs.team.headcount={kind: lognormal, mean: 1e-300, sd: 1}", "too large against mean"),
        # entrants raising prices: their product over many entrants overflowed
        ("market.entrants.price_factor=2", "price_factor: expected a multiplier between 0 and 1"),
        # an explicit climate's factors were unbounded: a round's amount x 1e308 is infinite
        ("financing.climate={size_factor: 1e308}", "size_factor: expected a number of magnitude"),
        (
            "financing.climate_switch={to: {extra_months_to_close: 1e30}, "
            "probability_per_month: 0.1}",
            "to.extra_months_to_close: expected a number of magnitude",
        ),
        ("costs.team=" + "[" * 300 + "]" * 300, "nested too deeply"),
        ("financing.intial_cash=100", "--set financing.intial_cash=100: financing.intial_cash"),
    ],
)
def test_absurd_values_are_refused_naming_the_key(override, says):
    with pytest.raises(ScenarioError) as err:
        load(SCENARIOS / "dify.yaml", [override])
    assert says in str(err.value) and str(err.value).startswith(f"--set {override[:20]}")


@pytest.mark.parametrize(
    "sets",
    [
        ["shocks=[{name: free, at_month: 2, effects: {price: 0}}]"],
        ["market.entrants.price_factor=0", "market.entrants.base_per_month=1"],
        [
            "market.entrants.price_factor=0",
            "market.entrants.base_per_month=1",
            "revenue.cloud.price_per_month=0",
        ],
        ["market.appeal.rivals=1e15", "market.appeal.price_sensitivity=1e15"],
    ],
    ids=["price-shock-0", "entrants-factor-0", "free-product-free-market", "rivals-1e15"],
)
def test_a_market_price_of_zero_or_a_crowd_of_rivals_runs_without_overflow(sets):
    """A market price taken to 0 (a shock's price 0, entrants with price factor 0) divided the
    list price by 0 (0 / 0 = NaN for a free product: the run failed); 1e15 rivals overflowed
    N e^{-v}. The run writes finite figures and numpy warns of nothing."""
    loaded = load(SCENARIOS / "dify.yaml", sets)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        summary = run(loaded, paths=16, seed=0, months=24).summary()
    json.dumps(summary, allow_nan=False)


def test_logit_share_saturates_without_overflow():
    """s = 1 / (1 + N e^{-v}): 1/4 at v = 0 with N = 3; about 1 / (1 + N e^{-v}) = 0 where
    N e^{-v} is beyond e^700, 1 at v = 800; no overflow on the way."""
    from sim.engine.processes.market import logit_share

    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        s = logit_share(np.array([0.0, -800.0, 800.0, -700.0]), np.array([3.0, 1e18, 3.0, 1e18]))
    assert s[0] == 0.25 and s[2] == 1.0
    assert 0.0 <= s[1] < 1e-300 and 0.0 <= s[3] < 1e-300


@pytest.mark.parametrize(
    ("override", "says"),
    [
        # the engine reads the switch undrawn: month_of(Uniform) raised TypeError in the run
        (
            "financing.climate_switch={to: winter, probability_per_month: 0.1, "
            "from_month: {kind: uniform, low: 1, high: 5}}",
            "climate_switch.from_month: expected a number",
        ),
        (
            "financing.climate_switch={to: winter, "
            "probability_per_month: {kind: uniform, low: 0, high: 0.5}}",
            "climate_switch.probability_per_month: expected a number",
        ),
        # the waterfall divides the preference by the shares: 1e-320 overflowed
        ("financing.initial_round.investors_share=1e-320", "at least 1e-9"),
    ],
)
def test_what_a_run_cannot_take_is_refused_before_it(override, says):
    """Found by running fuzz_load's accepted documents: each failed or overflowed in the run."""
    with pytest.raises(ScenarioError, match=says):
        load(SCENARIOS / "model_lab.yaml", [override])


def test_policy_on_a_section_left_out_is_refused(tmp_path):
    """fuzz_load's reproducer: a policy on demand.bass.p without demand.bass (vars(None))."""
    path = tmp_path / "s.yaml"
    path.write_text(
        "company: {name: x}\nfinancing: {initial_cash: 1}\n"
        "policies: [{name: p, when: {month: {below: 2}}, set: {demand.bass.p: -1}}]\n"
    )
    with pytest.raises(ScenarioError, match="demand.bass.p: no such parameter .* not given"):
        load(path)
    # a path below a plain number (vars(float))
    below = "policies=[{name: p, when: {month: {below: 2}}, set: {costs.fixed_per_month.x: 1}}]"
    with pytest.raises(ScenarioError, match=r"fixed_per_month.x: no such parameter \(no key 'x'"):
        load(SCENARIOS / "dify.yaml", [below])


def test_growth_that_compounds_beyond_the_bound_is_refused():
    # without Bass, dify's copycats (market.entrants) have no market size: drop the market
    leads = ["demand={leads_per_month: 1000, leads_growth_per_month: 10}", "market=null"]
    with pytest.raises(ScenarioError, match="demand.leads_growth_per_month: leads per month would"):
        load(SCENARIOS / "dify.yaml", leads)
    # the same growth over 3 months stays within the bound
    load(SCENARIOS / "dify.yaml", [*leads, "company.horizon_months=3"])


def test_policies_cannot_set_what_the_parameter_refuses(tmp_path):
    with pytest.raises(ScenarioError, match="churn to 5, which it does not accept"):
        load(
            SCENARIOS / "dify.yaml",
            ["policies=[{name: p, when: {month: {above: 2}}, set: {revenue.cloud.churn: 5}}]"],
        )


@pytest.mark.parametrize("path", LIBRARY, ids=lambda p: p.stem)
def test_library_at_extreme_values_writes_only_finite_numbers(path):
    """Every plain number of a library scenario pushed as far as the schema allows (x 1e6,
    or to its bound), all at once where accepted: the figures stay finite."""
    sets, loaded = [], load(path)
    for key in KEYS[path]:
        for value in ("1e15", "1e9", "1000"):
            trial = [*sets, f"{key}={value}"]
            try:
                loaded = load(path, trial)
            except ScenarioError:
                continue
            sets = trial
            break
    assert sets  # something was pushed
    summary = run(loaded, paths=64, seed=0, months=min(loaded.scenario.months, 60)).summary()
    text = json.dumps(summary, allow_nan=False)
    assert all(math.isfinite(x) for x in json.loads(text)["survival"]["p"])


def test_reach_of_unbounded_distributions_matches_their_quantiles():
    """The reach checked without scipy is scipy's quantile at 2^-53 and 1 - 2^-53."""
    from scipy.stats import norm

    from sim.scenario.bounds import Z_REACH
    from sim.scenario.distributions import LogNormal, Normal

    assert Z_REACH == pytest.approx(norm.isf(2**-53), rel=1e-12)
    for dist in (
        Normal(kind="normal", mean=3, sd=2),
        Normal(kind="normal", mean=3, sd=2, low=0),
        LogNormal(kind="lognormal", mean=1000, sd=300),
        LogNormal(kind="lognormal", mean=1, sd=1e6),
    ):
        lo, hi = dist.reach()
        qlo, qhi = dist.ppf([2**-53, 1 - 2**-53])
        assert lo == pytest.approx(max(qlo, dist.support()[0]), rel=1e-6, abs=1e-12)
        assert hi == pytest.approx(qhi, rel=1e-6)
