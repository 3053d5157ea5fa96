"""Tournaments: invalid files skipped, places with ties, secret seeds, the command."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest
from typer.testing import CliRunner

from sim.analysis.export import csv_text
from sim.analysis.objectives import parse
from sim.analysis.tournament import (
    Entry,
    Tournament,
    changes_world,
    commitment,
    play,
)
from sim.cli.main import app
from sim.report.tournament import render
from sim.story.debrief import tell
from tests.helpers import ROOT, SCENARIOS

DIFY = SCENARIOS / "dify.yaml"
EXAMPLES = ROOT / "examples" / "tournament"
PATHS = 600
LEAN = (EXAMPLES / "lean.yaml").read_text()


def sim(*args):
    return CliRunner().invoke(app, [str(a) for a in args], env={"COLUMNS": "200"})


@pytest.fixture(scope="module")
def examples():
    """The example teams on Dify (lean and copycat are identical, broken is invalid), ranked on
    survival, as these tests of the placing rule were written for."""
    return play(DIFY, EXAMPLES, seed=3, paths=PATHS, teller=tell, objective="p_alive")


def test_invalid_file_is_reported_and_skipped(tmp_path):
    folder = tmp_path / "teams"
    shutil.copytree(EXAMPLES, folder)
    (folder / "bad_path.yaml").write_text(
        "name: bad_path\nset:\n  costs.team.no_such_key: 3\n"  # valid file, fails when applied
    )
    (folder / "bad_policy.yaml").write_text(
        "name: p\npolicies:\n  - {name: x, when: {cash: {below: 1}}, scale: {revenue.nope: 2}}\n"
    )
    (folder / "two.yaml").write_text("strategies:\n  - {name: a}\n  - {name: b}\n")
    (folder / "yaml_error.yaml").write_text("name: [unclosed\n")
    (folder / "baseline.yaml").write_text(LEAN)
    seen = []
    t = play(DIFY, folder, seed=3, paths=PATHS, on_invalid=seen.append)
    errors = {x.team: x.error for x in t.invalid}
    assert [x.team for x in seen] == list(errors)
    assert set(errors) == {"baseline", "bad_path", "bad_policy", "broken", "two", "yaml_error"}
    assert "broken.yaml:5" in errors["broken"] and "polices: unknown key" in errors["broken"]
    assert "cannot be applied" in errors["bad_path"] and "no_such_key" in errors["bad_path"]
    assert "revenue.nope" in errors["bad_policy"]
    assert "holds 2 strategies" in errors["two"]
    assert "yaml_error.yaml:2: YAML syntax error" in errors["yaml_error"]
    assert "kept for the scenario as written" in errors["baseline"]
    # the others still play and are ranked
    s = t.summary(reveal=True)
    ranked = [r["team"] for r in s["leaderboard"] if not r["baseline"]]
    assert sorted(ranked) == ["copycat", "lean", "premium", "small_team"]
    page = render(s)
    assert "Invalid entries" in page and "polices: unknown key" in page


def test_identical_files_share_a_place(examples):
    rows = {r["team"]: r for r in examples.ranking()}
    assert rows["lean"]["place"] == rows["copycat"]["place"] == 1
    assert np.array_equal(examples.teams[0].alive, examples.teams[1].alive)  # copycat, lean
    tied = rows["lean"] if rows["lean"]["tied"] else rows["copycat"]
    assert tied["vs_holder"]["diff"] == 0 and "shares place 1" in tied["note"]
    teams = [r for r in examples.ranking() if not r["baseline"]]
    for i, r in enumerate(teams):  # a place not shared is numbered by its row: 1, 1, 3, ...
        assert r["place"] == (teams[i - 1]["place"] if r["tied"] else i + 1)


def _entry(team: str, alive) -> Entry:
    alive = np.asarray(alive, dtype=bool)
    share = {"p": alive.mean(), "se": 0.0, "lo": alive.mean(), "hi": alive.mean()}
    figures = {
        "p_alive_at_horizon": share,
        "financing_gap": {"p50": {"value": 0.0}},
        "breakeven": {"share": share},
        "default_alive": share,
        "causes_of_death": [],
        "founder_value": {},
    }
    return Entry(team, None, alive, figures, values=alive.astype(float))


def test_a_place_is_judged_against_its_holder_not_a_chain():
    # a-b and b-c differ on 3 paths of 2000 (tied); a-c on 6 (not tied); d is c again
    n = 2000
    a = np.ones(n)
    b = a.copy()
    b[:3] = 0
    c = b.copy()
    c[3:6] = 0
    d = c.copy()
    t = Tournament(DIFY, 1, n, 36, _entry("baseline", np.zeros(n)), [], [])
    t.objective = parse("p_alive")
    t.teams = [_entry(x, v) for x, v in (("c", c), ("a", a), ("b", b), ("d", d))]
    rows = [r for r in t.ranking() if not r["baseline"]]
    assert [(r["team"], r["place"]) for r in rows] == [("a", 1), ("b", 1), ("c", 3), ("d", 3)]
    assert rows[2]["judged_against"] == "a" and not rows[2]["tied"]
    assert rows[3]["judged_against"] == "c" and rows[3]["tied"]
    assert t.ranking()[-1]["baseline"] and t.ranking()[-1]["place"] is None  # all dead: last


def test_a_team_that_only_adds_cash_is_never_below_the_baseline(tmp_path):
    folder = tmp_path / "teams"
    folder.mkdir()
    # far more than the baseline draws on any path (250k-600k USD when this was written)
    (folder / "rich.yaml").write_text("name: rich\nset:\n  financing.initial_cash: 5.0e7\n")
    t = play(DIFY, folder, seed=5, paths=2000)
    (rich,) = t.teams
    assert np.all(rich.alive >= t.baseline.alive)
    assert rich.p_alive > t.baseline.p_alive
    assert "changes the world: financing.initial_cash" in t.ranking()[0]["note"]
    strict = play(DIFY, folder, seed=5, paths=200, strict=True)
    assert not strict.teams and "changes the world" in strict.invalid[0].error


def test_same_seed_same_csv_other_seed_differs(tmp_path):
    def csv(seed, out):
        result = sim("tournament", DIFY, EXAMPLES, "--seed", seed, "--paths", PATHS, "--out", out)
        assert result.exit_code == 0, result.output
        return (out / "dify_tournament.csv").read_text()

    first, again, other = csv(8, tmp_path / "a"), csv(8, tmp_path / "b"), csv(9, tmp_path / "c")
    assert first == again and first != other
    head, *rows = first.splitlines()
    assert head == "place,team,p_alive,lo,hi,financing_gap_p50,breakeven_share,default_alive,note"
    assert len(rows) == 5 and any(r.startswith(",baseline,") for r in rows)


def test_seed_is_sealed_unless_revealed(tmp_path):
    result = sim("tournament", DIFY, EXAMPLES, "--paths", PATHS, "--out", tmp_path)
    assert result.exit_code == 0, result.output
    s = json.loads((tmp_path / "dify_tournament.json").read_text())
    page = (tmp_path / "dify_tournament.html").read_text()
    seed = s["seed"]
    assert not s["seed_revealed"] and str(seed) not in page and str(seed) not in result.output
    assert s["seed_commitment"] == commitment(seed) and commitment(seed)[:16] in page
    assert "skipped team broken" in result.output and "broken.yaml:5" in result.output
    # the debrief: replaying the JSON's seed reproduces the sealed leaderboard, now revealed
    sealed_csv = (tmp_path / "dify_tournament.csv").read_text()
    out = tmp_path / "replay"
    args = ("--seed", seed, "--paths", PATHS, "--out", out, "--reveal")
    assert sim("tournament", DIFY, EXAMPLES, *args).exit_code == 0
    assert (out / "dify_tournament.csv").read_text() == sealed_csv
    assert f"Seed {seed}" in (out / "dify_tournament.html").read_text()
    # a seed given on the command line is shown unless sealed
    shown = sim("tournament", DIFY, EXAMPLES, "--seed", 4, "--paths", 200, "--out", out)
    assert "seed 4" in shown.output
    sealed = sim("tournament", DIFY, EXAMPLES, "--seed", 4, "--seal", "--paths", 200, "--out", out)
    assert "seed 4" not in sealed.output and "sealed" in sealed.output


def test_debrief_compares_winner_and_last(examples):
    d = examples.debrief()
    order = examples.order()
    assert (d["winner"], d["last"]) == (order[0].team, order[-1].team)
    for c in d["causes"]:
        assert 0 <= c["winner"] <= 1 and 0 <= c["last"] <= 1
        assert c["difference"]["lo"] <= c["winner"] - c["last"] <= c["difference"]["hi"]
    assert d["stories_available"]
    assert set(d["stories"]) == {d["winner"], d["last"]}
    for story in d["stories"].values():
        assert story["how"] in ("typical-death", "typical-survivor") and story["lines"]
        assert story["same_world"].startswith("In the same simulated world")


def test_page_escapes_team_names(tmp_path):
    folder = tmp_path / "teams"
    folder.mkdir()
    (folder / "<script>x.yaml").write_text(LEAN)
    (folder / "ok.yaml").write_text("name: ok\ndescription: <img src=x onerror=alert(1)>\n")
    page = render(play(DIFY, folder, seed=1, paths=200).summary(reveal=False))
    assert "<script>x" not in page and "&lt;script&gt;x" in page
    assert "<img src=x" not in page


def test_csv_has_no_date_or_seed():
    s = play(DIFY, EXAMPLES, seed=987_654_321_987, paths=200).summary(reveal=False)
    text = csv_text(s)
    assert "987654321987" not in text and s["run"]["created"][:10] not in text


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda p: p / "missing", "no such folder"),
        (lambda p: p, "holds no team file"),
        (lambda p: (p / "f.yaml").write_text("name: [") and p, "no team file could play"),
    ],
)
def test_user_errors_exit_2(tmp_path, make, says):
    result = sim("tournament", DIFY, make(tmp_path), "--paths", 100, "--out", tmp_path / "out")
    assert result.exit_code == 2 and says in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_missing_scenario_exits_2(tmp_path):
    result = sim("tournament", tmp_path / "nope.yaml", EXAMPLES, "--paths", 100)
    assert result.exit_code == 2 and "no such file" in result.output


def test_help():
    result = sim("tournament", "--help")
    assert result.exit_code == 0 and "--reveal" in result.output and "--seal" in result.output


def test_debrief_without_teller_and_with_one_team(tmp_path):
    folder = tmp_path / "teams"
    folder.mkdir()
    (folder / "lean.yaml").write_text(LEAN)
    s = play(DIFY, folder, seed=2, paths=300).summary(reveal=True)
    d = s["debrief"]
    assert d["winner"] == "lean" and d["last"] == "baseline" and d["last_is_baseline"]
    assert not d["stories_available"] and d["stories"] == {}
    page = render(s)
    assert "only one team played" in page and "Stories need" in page


@pytest.mark.parametrize(
    ("key", "world"),
    [
        ("financing.initial_cash", True),
        ("financing.rounds.seed.probability", True),
        ("demand.bass.market_size", True),
        ("demand", True),
        ("company.horizon_months", True),
        ("shocks", True),
        ("financing.rounds.seed.amount", False),
        ("costs.team.headcount", False),
        ("revenue.0.price_per_month", False),
        ("demand.bass.q", False),
    ],
)
def test_what_changes_the_world(key, world):
    assert changes_world(key) is world


def test_the_default_objective_is_the_founders_value_and_the_debrief_says_so(tmp_path):
    folder = tmp_path / "teams"
    folder.mkdir()
    # hibernate: nobody, nothing shipped; it lives on its starting cash and builds nothing
    (folder / "hibernate.yaml").write_text(
        "name: hibernate\nset:\n  costs.team.headcount: 1\n"
        "  costs.team.cost_per_head_per_month: 100\n"
        "  costs.fixed_per_month: 0\n  revenue.cloud.conversion: 0\n"
    )
    (folder / "lean.yaml").write_text(LEAN)
    t = play(DIFY, folder, seed=2, paths=1000)
    s = t.summary(reveal=True)
    assert s["objective"] == "founder_value_mean" and "founders" in s["objective_note"]
    rows = {r["team"]: r for r in s["leaderboard"]}
    assert rows["hibernate"]["p_alive"]["p"] >= rows["lean"]["p_alive"]["p"]  # it survives ...
    assert rows["lean"]["place"] == 1 and rows["hibernate"]["place"] == 2  # ... and loses
    hib = t.teams[[e.team for e in t.teams].index("hibernate")]
    assert hib.values.max() <= 1e6  # worth no more than the cash it sits on
