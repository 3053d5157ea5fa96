"""Startup: `import sim`, `sim --help` and `sim validate` import only what they need.

Each check runs in a fresh interpreter (subprocess), since this test process has long imported
everything; timings are in benchmarks/startup.py, not here.
"""

from __future__ import annotations

import json
import subprocess
import sys

from tests.helpers import SCENARIOS

HEAVY = ("scipy.stats", "plotly", "SALib", "numba", "pandas", "simpy")


def _loaded(code: str) -> set[str]:
    """The modules of HEAVY (and numpy, pydantic) that ``code`` leaves in sys.modules."""
    probe = (
        f"{code}\nimport json, sys\n"
        f"print(json.dumps([m for m in {[*HEAVY, 'numpy', 'pydantic']!r} if m in sys.modules]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    return set(json.loads(out.stdout.splitlines()[-1]))


def test_import_sim_loads_no_scipy_stats_plotly_or_salib():
    assert _loaded("import sim") == set()
    # the public API is imported on first use, and is light too until a run starts
    names = "sim.run, sim.load, sim.Results, sim.compare, sim.Scenario, sim.Strategy"
    assert not _loaded(f"import sim; {names}") & {"scipy.stats", "plotly", "SALib", "numba"}
    ran = _loaded(f"import sim; sim.run(sim.load({str(SCENARIOS / 'dify.yaml')!r}), paths=50)")
    assert {"numba", "simpy"} <= ran and not ran & {"plotly", "SALib"}


def test_help_imports_neither_numpy_nor_the_scenario_language():
    code = "from sim.cli.main import app\ntry:\n    app(['--help'])\nexcept SystemExit:\n    pass"
    assert _loaded(code) == set()


def test_validate_imports_no_engine_scipy_stats_or_plotly():
    code = (
        "from sim.cli.main import app\n"
        f"try:\n    app(['validate', {str(SCENARIOS / 'dify.yaml')!r}])\n"
        "except SystemExit as e:\n    assert e.code in (0, None), e.code"
    )
    assert _loaded(code) == {"numpy", "pydantic"}


def test_written_out_constants_agree_with_the_library():
    from sim.analysis import sensitivity, solve, tournament
    from sim.cli import sensitivity as cli_sensitivity
    from sim.cli import solve as cli_solve
    from sim.cli import story as cli_story
    from sim.cli import tournament as cli_tournament
    from sim.story.pick import PICKS

    assert cli_solve.METRIC_NAMES == tuple(solve.METRICS)
    assert (cli_sensitivity.PATHS, cli_sensitivity.BASE) == (sensitivity.PATHS, sensitivity.BASE)
    assert cli_tournament.DEFAULT_PATHS == tournament.DEFAULT_PATHS
    assert cli_story.PICK_NAMES == tuple(PICKS)


def test_z95_is_scipys_to_the_last_bit():
    from scipy import stats as scipy_stats

    from sim.analysis import stats

    assert stats.Z95 == float(scipy_stats.norm.ppf(0.975))


def test_a_slow_engine_load_is_explained_while_it_happens(capsys):
    import time

    from sim.cli.main import _hint_if_slow

    with _hint_if_slow(0.05, "compiling"):
        time.sleep(0.5)  # the timer fires at 0.05 s, long before the body ends
    assert capsys.readouterr().err == "compiling\n"
    with _hint_if_slow(5.0, "compiling"):
        pass  # a fast load says nothing
    time.sleep(0.01)
    assert capsys.readouterr().err == ""


def test_only_commands_that_simulate_load_the_engine_first():
    code = (
        "from sim.cli.main import _load_engine\n"
        "_load_engine(['validate', 'x.yaml'])\n_load_engine(['run', '--help'])\n"
    )
    assert _loaded(code) == set()
    assert "numba" in _loaded("from sim.cli.main import _load_engine\n_load_engine(['run', 'x'])")
