"""Sensitivity: the tornado and the Sobol' indices find the assumption a scenario hinges on."""

from __future__ import annotations

import json
import math

import pytest
from typer.testing import CliRunner

from sim.analysis.sensitivity import LUCK, SensitivityError, analyse, parameters, short
from sim.cli.main import app
from tests.helpers import scenario

CASH = "financing.initial_cash"
FIXED = "costs.fixed_per_month"
HEAD = "costs.team.cost_per_head_per_month"
Z4 = 4.0  # margins in standard errors; for Sobol' indices, SALib's 95% half-widths are used

# burns about 30k a month: alive after 12 months iff the cash covers about 360k, which the wide
# initial cash decides; the burn itself varies by only +-4%
HINGE = {
    "costs": {
        "fixed_per_month": {"kind": "uniform", "low": 19_500, "high": 20_500},
        "team": {
            "headcount": 2,
            "cost_per_head_per_month": {"kind": "uniform", "low": 4_900, "high": 5_100},
        },
    },
    "financing": {"initial_cash": {"kind": "uniform", "low": 50_000, "high": 650_000}},
}
# cash for 4 months; a round of 1M closes in month 2 with probability one half: survival is luck
LUCKY = {
    "costs": {"fixed_per_month": {"kind": "uniform", "low": 29_000, "high": 31_000}},
    "financing": {
        "initial_cash": {"kind": "uniform", "low": 100_000, "high": 120_000},
        "rounds": [{"name": "seed", "amount": 1_000_000, "months_to_close": 1, "probability": 0.5}],
    },
}


@pytest.fixture(scope="module")
def hinge():
    return analyse(scenario(**HINGE), paths=2_000, base=256, seed=3)


@pytest.fixture(scope="module")
def lucky():
    return analyse(scenario(**LUCKY), paths=2_000, base=256, seed=3)


def _separated(ix: dict, top: str, others) -> bool:
    """``top``'s total index is above every other's, beyond both 95% intervals."""
    low = ix[top]["ST"] - ix[top]["ST_conf"]
    return all(low > ix[p]["ST"] + ix[p]["ST_conf"] for p in others)


def test_the_tornado_ranks_first_the_parameter_the_scenario_hinges_on(hinge):
    rows = hinge["tornado"]["rows"]
    assert rows[0]["parameter"] == CASH
    top = rows[0]["p_alive_effect"]
    assert top["value"] > 0  # more cash, more survivors
    for r in rows[1:]:
        e = r["p_alive_effect"]
        assert abs(top["value"]) - Z4 * top["se"] > abs(e["value"]) + Z4 * e["se"]
    assert rows[0]["gap_mean_effect"]["value"] < 0  # and less money missing


def test_sobol_ranks_first_the_parameter_the_scenario_hinges_on(hinge):
    for key in ("p_alive", "financing_gap"):
        ix = hinge["sobol"][key]["indices"]
        assert hinge["ranking"][key][0] == CASH
        assert _separated(ix, CASH, [FIXED, HEAD]), key
        # a deterministic engine: luck explains nothing, exactly
        assert hinge["sobol"][key]["luck"]["ST"] == 0


def test_first_order_indices_sum_to_at_most_one(hinge, lucky):
    for result in (hinge, lucky):
        for key in ("p_alive", "financing_gap"):
            out = result["sobol"][key]
            table = [*out["indices"].values(), out["luck"]]
            total = sum(t["S1"] for t in table)
            slack = math.sqrt(sum(t["S1_conf"] ** 2 for t in table))
            assert total <= 1 + slack, key
            assert all(t["ST"] >= -t["ST_conf"] for t in table)


def test_luck_is_a_factor_of_its_own_and_inflates_no_parameter(lucky):
    ix = lucky["sobol"]["p_alive"]["indices"] | {LUCK: lucky["sobol"]["p_alive"]["luck"]}
    assert _separated(ix, LUCK, [CASH, FIXED])
    for p in (CASH, FIXED):
        assert ix[p]["ST"] <= 0.05 + ix[p]["ST_conf"]  # near zero: luck is paired, not noise
    assert abs(lucky["sobol"]["p_alive"]["mean"] - 0.5) <= Z4 * math.sqrt(0.25 / (2 * 256))


def test_monthly_indices_follow_the_deaths(lucky):
    m = lucky["sobol"]["monthly_alive"]
    assert m["month"] == list(range(1, 13))
    assert all(len(v) == 12 for v in [m["p_alive"], *m["ST"].values(), m["luck"]["ST"]])
    assert all(a >= b for a, b in zip(m["p_alive"], m["p_alive"][1:], strict=False))
    # nobody dies in month 1 (four months of cash): nothing to explain yet
    assert m["p_alive"][0] == 1 and m["ST"][CASH][0] is None and m["luck"]["ST"][0] is None
    late = m["luck"]["ST"][-1]
    assert late is not None and late - m["luck"]["ST_conf"][-1] > 0.5


def test_the_result_is_json_with_the_documented_keys(hinge):
    text = json.dumps(hinge, allow_nan=False)
    data = json.loads(text)
    assert {"schema_version", "scenario", "months", "seed", "parameters", "ranking"} <= set(data)
    assert {"tornado", "sobol", "correlations_ignored", "run"} <= set(data)
    assert {"p_alive", "financing_gap", "monthly_alive", "base", "paths"} <= set(data["sobol"])
    assert data["sobol"]["paths"] == 256 * (3 + 3)
    assert {"seed", "tornado_paths", "sobol_base", "salib_version"} <= set(data["run"])
    row = data["tornado"]["rows"][0]
    assert {"low_value", "high_value", "p_alive_low", "p_alive_high", "p_alive_effect"} <= set(row)
    cash = next(p for p in data["parameters"] if p["parameter"] == CASH)
    assert cash["low"] == pytest.approx(110_000) and cash["high"] == pytest.approx(590_000)


def test_same_seed_same_numbers():
    sc = scenario(**LUCKY)
    one = analyse(sc, paths=300, base=16, seed=5, months=6)
    two = analyse(sc, paths=300, base=16, seed=5, months=6)
    other = analyse(sc, paths=300, base=16, seed=6, months=6)
    for d in (one, two, other):
        d["run"].pop("created")
    assert one == two
    assert one["sobol"] != other["sobol"]


def test_correlations_are_reported_as_ignored():
    corr = [{"parameters": [CASH, FIXED], "rank_matrix": [[1, 0.5], [0.5, 1]]}]
    result = analyse(scenario(**LUCKY, correlations=corr), paths=100, base=4, seed=1, months=3)
    assert result["correlations_ignored"] == [[CASH, FIXED]]


def test_nothing_uncertain_or_a_bad_base_is_refused():
    with pytest.raises(SensitivityError, match="no uncertain parameter"):
        parameters(scenario(financing={"initial_cash": {"kind": "fixed", "value": 5}}))
    with pytest.raises(SensitivityError, match="power of 2"):
        analyse(scenario(**HINGE), paths=10, base=100)


def test_short_numbers():
    assert [short(x) for x in (0.00127386, 3.2, 939.4, 1_880_000)] == [
        "0.00127",
        "3.2",
        "939",
        "1.88M",
    ]


# --------------------------------------------------------------------------- command line

cli = CliRunner()


def _sim(*args):
    return cli.invoke(app, [str(a) for a in args], env={"COLUMNS": "200"})


def _write(tmp_path, doc: dict):
    path = tmp_path / "hinge.yaml"
    path.write_text(json.dumps(doc))  # JSON is YAML
    return path


def test_cli_writes_report_and_json(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    doc = {"company": {"name": "Hinge <b>", "horizon_months": 12}, **HINGE}
    src = _write(tmp_path, doc)
    args = ("sensitivity", src, "--paths", 500, "--base", 32, "--months", 6, "--out", tmp_path)
    result = _sim(*args)
    assert result.exit_code == 0, result.output
    assert CASH in result.output and "report:" in result.output
    data = json.loads((tmp_path / "hinge_sensitivity.json").read_text())
    html = (tmp_path / "hinge_sensitivity.html").read_text()
    assert data["months"] == 6 and data["run"]["scenario_sha256"] is not None
    assert data["tornado"]["paths"] == 500 and data["sobol"]["base"] == 32
    assert "Hinge &lt;b&gt;" in html and "Hinge <b>" not in html
    assert html.count("Read:") >= 6 and not list(tmp_path.glob(".*.tmp"))
    quiet = _sim(*args, "--quiet")
    assert quiet.exit_code == 0 and quiet.output == ""
    assert json.loads((tmp_path / "hinge_sensitivity.json").read_text()) == data


def test_cli_user_errors_exit_2(tmp_path):
    doc = {"company": {"name": "Sure", "horizon_months": 6}, "financing": {"initial_cash": 1e5}}
    result = _sim("sensitivity", _write(tmp_path, doc), "--out", tmp_path)
    assert result.exit_code == 2 and "no uncertain parameter" in result.output
    src = _write(tmp_path, {"company": {"name": "H", "horizon_months": 6}, **HINGE})
    result = _sim("sensitivity", src, "--base", 100, "--out", tmp_path)
    assert result.exit_code == 2 and "power of 2" in result.output
    assert not (tmp_path / "hinge_sensitivity.json").exists()
    result = _sim("sensitivity", tmp_path / "missing.yaml")
    assert result.exit_code == 2


def test_cli_help():
    result = _sim("sensitivity", "--help")
    assert result.exit_code == 0 and "--base" in result.output and "--paths" in result.output
