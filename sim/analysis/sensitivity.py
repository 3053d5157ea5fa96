"""Which assumption decides survival, and when: a tornado and Sobol indices (no plotting).

Two complementary analyses of the uncertain parameters (the distributions of a scenario):

* :func:`tornado`, one at a time: each parameter in turn is fixed at its 10th and then its
  90th percentile for every path, everything else drawn as usual, on the *same* seed. The
  two runs share the other parameters' draws path by path, and mostly the engine's luck too
  (common random numbers, see below), so the effect on P(alive at the horizon) is a paired
  difference with a small standard error.
* :func:`sobol`, global: Sobol' indices from SALib (Saltelli 2002, 2010; Sobol' 2001) over
  the joint uncertainty of all parameters. ``S1`` is the share of the variance of an output
  explained by a parameter alone, ``ST`` the share it takes part in, interactions included.
  The outputs are alive at the horizon (0/1), the financing gap, and alive at the end of
  each month t, which shows which assumption kills the company early and which late.

The engine is itself random per path (whether a round closes, how many customers join), so
an output varies even with every parameter fixed. That randomness, *luck*, is treated as one
more input factor (Hart, Alexanderian & Gremaud 2017): the Saltelli design is simulated as
``k + 3`` runs of ``base`` paths each, path ``i`` of every run being row ``i`` of one block of
the design. The runs of matrix A and of "A with parameter j from B" share a seed, hence the
same luck path by path (common random numbers); B and "A with luck from B" share another.
The indices then decompose the variance *including* luck, which gets its own ``S1`` and
``ST`` (``luck``), and a parameter's ``ST`` is not inflated by it. The sharing is exact for
uniforms drawn once per path (round outcomes) and approximate for counts, whose draws consume
the stream unevenly; what is not shared inflates every ``ST`` a little.

Both analyses move the parameters independently of each other: rank correlations declared
in ``scenario.correlations`` are ignored (Sobol' indices assume independent inputs; the
tornado moves one parameter without moving its correlated partners). The result says so in
``correlations_ignored``.

References
----------
Saltelli, A. (2002). Making best use of model evaluations to compute sensitivity indices.
Computer Physics Communications 145(2), 280-297.
Saltelli, A. et al. (2010). Variance based sensitivity analysis of model output. Computer
Physics Communications 181(2), 259-270.
Hart, J. L., Alexanderian, A. & Gremaud, P. A. (2017). Efficient computation of Sobol'
indices for stochastic models. SIAM Journal on Scientific Computing 39(4), A1514-A1530.
Herman, J. & Usher, W. (2017). SALib: an open-source Python library for sensitivity
analysis. Journal of Open Source Software 2(9), 97.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from sim.analysis import stats
from sim.analysis.objectives import DEFAULT, parse
from sim.analysis.results import Results, _version, run
from sim.engine.rng import root_sequence, stream
from sim.formatting import number

if TYPE_CHECKING:  # the scenario language (pydantic) is imported when an analysis runs
    from sim.scenario import Scenario
    from sim.scenario.distributions import _Dist
    from sim.scenario.loading import LoadedScenario

SCHEMA_VERSION = 1
PATHS = 4000
"""Default paths per tornado run: effects on survival to about +-1 point (95%)."""
BASE = 4096
"""Default Sobol' base sample: total indices to about +-0.05 (95%) for a 0/1 outcome."""
LOW_Q, HIGH_Q = 0.1, 0.9
"""The tornado moves each parameter to these quantiles of its distribution."""
CONF_LEVEL = 0.95
RESAMPLES = 100
"""Bootstrap resamples for SALib's confidence intervals."""
LUCK = "luck"
"""The engine's own randomness (rounds closing or not, customer counts), a factor of its own."""
_KEYS = ("S1", "S1_conf", "ST", "ST_conf")
_EPS = 1e-9  # design quantiles are kept inside (0, 1): ppf(0) of a normal is -inf

Progress = Callable[[int, int], None] | None
"""Called with (steps done, steps in all)."""


class SensitivityError(ValueError):
    """A sensitivity analysis that cannot be made (e.g. nothing is uncertain)."""


def parameters(scenario: Scenario | LoadedScenario) -> dict[str, _Dist]:
    """Path -> distribution of every parameter that can vary (a ``fixed`` one cannot)."""
    from sim.scenario.loading import LoadedScenario
    from sim.scenario.parameters import uncertain_parameters

    sc = scenario.scenario if isinstance(scenario, LoadedScenario) else scenario
    found = {p: d for p, d in uncertain_parameters(sc).items() if np.ptp(d.ppf([_EPS, 1 - _EPS]))}
    if not found:
        raise SensitivityError(
            f"{sc.company.name}: no uncertain parameter to analyse. Sensitivity needs at least "
            "one distribution, e.g. `initial_cash: {kind: uniform, low: 1e5, high: 1e6}`"
        )
    return found


def analyse(
    scenario: Scenario | LoadedScenario,
    paths: int = PATHS,
    base: int = BASE,
    seed: int | None = 1,
    months: int | None = None,
    workers: int | None = None,
    progress: Progress = None,
    objective: str = DEFAULT,
) -> dict:
    """The tornado and the Sobol' indices of ``scenario``, as the JSON of ``sim sensitivity``.

    Survival and the financing gap are always analysed; ``objective`` (see
    :mod:`sim.analysis.objectives`) adds its tornado effect and Sobol' indices (a per-path
    value: the founders' proceeds for both founders' value objectives, an indicator for
    ``p_founder_value_above:X``, the multiple for ``investor_multiple_mean`` with 0 where
    nobody invested).

    ``paths`` per tornado run (``2 k + 1`` runs for ``k`` parameters); ``base`` is Sobol's
    base sample N (a power of 2), for ``k + 3`` runs of N paths.
    """
    params = parameters(scenario)
    _check_base(base)
    if seed is None:
        seed = int(root_sequence(None).entropy)
    steps = steps_for(len(params))
    done = [0]

    def step(k: int = 1) -> None:
        done[0] += k
        if progress is not None:
            progress(done[0], steps)

    goal = parse(objective)
    torn, baseline = _tornado(scenario, params, paths, seed, months, workers, step, goal)
    sob = _sobol(scenario, params, base, seed, months, workers, step, goal)
    sc = baseline.scenario
    return {
        "schema_version": SCHEMA_VERSION,
        "scenario": sc.company.name,
        "currency": sc.company.currency,
        "start": sc.company.start,
        "months": baseline.months,
        "seed": seed,
        "parameters": [
            {
                "parameter": p,
                "kind": d.kind,
                "mean": d.mean(),
                "low": float(d.ppf(LOW_Q)),
                "high": float(d.ppf(HIGH_Q)),
            }
            for p, d in params.items()
        ],
        "objective": goal.name,
        "objective_label": goal.label,
        "ranking": {
            key: _ranked(sob[key]["indices"]) for key in ("p_alive", "financing_gap", "objective")
        },
        "tornado": torn,
        "sobol": sob,
        "correlations_ignored": [g.parameters for g in sc.correlations],
        "run": baseline.run_record()
        | {"tornado_paths": paths, "sobol_base": base, "salib_version": _version("SALib")},
    }


def steps_for(k: int) -> int:
    """Progress steps of :func:`analyse` for ``k`` parameters: runs, then the analysis."""
    return (2 * k + 1) + (k + 3) + 1


def tornado(
    scenario: Scenario | LoadedScenario,
    paths: int = PATHS,
    seed: int = 1,
    months: int | None = None,
    workers: int | None = None,
) -> dict:
    """One-at-a-time effects of each parameter at its 10th and 90th percentile (see module)."""
    return _tornado(scenario, parameters(scenario), paths, seed, months, workers, None)[0]


def sobol(
    scenario: Scenario | LoadedScenario,
    base: int = BASE,
    seed: int = 1,
    months: int | None = None,
    workers: int | None = None,
) -> dict:
    """Sobol' indices S1 and ST (with 95% intervals) of survival and the financing gap."""
    return _sobol(scenario, parameters(scenario), base, seed, months, workers, None)


def _tornado(scenario, params, paths, seed, months, workers, step, goal) -> tuple[dict, Results]:
    def once(given=None) -> Results:
        r = run(scenario, paths=paths, seed=seed, months=months, workers=workers, given=given)
        if step:
            step()
        return r

    baseline = once()
    rows = []
    for path, dist in params.items():
        lo, hi = float(dist.ppf(LOW_Q)), float(dist.ppf(HIGH_Q))
        low, high = once({path: np.full(paths, lo)}), once({path: np.full(paths, hi)})
        rows.append(
            {
                "parameter": path,
                "low_value": lo,
                "high_value": hi,
                "p_alive_low": stats.share(int(low.alive.sum()), paths),
                "p_alive_high": stats.share(int(high.alive.sum()), paths),
                "p_alive_effect": _paired(high.alive, low.alive),
                "gap_mean_low": stats.mean(low.batch.gap),
                "gap_mean_high": stats.mean(high.batch.gap),
                "gap_mean_effect": _paired(high.batch.gap, low.batch.gap),
                "gap_median_low": float(np.median(low.batch.gap)),
                "gap_median_high": float(np.median(high.batch.gap)),
                "objective_low": goal.estimate(goal.per_path(low)),
                "objective_high": goal.estimate(goal.per_path(high)),
                "objective_effect": goal.paired(goal.per_path(high), goal.per_path(low)),
            }
        )
    rows.sort(
        key=lambda r: (-abs(r["p_alive_effect"]["value"]), -abs(r["gap_mean_effect"]["value"]))
    )
    out = {
        "low_quantile": LOW_Q,
        "high_quantile": HIGH_Q,
        "paths": paths,
        "baseline": {
            "p_alive": stats.share(int(baseline.alive.sum()), paths),
            "gap_mean": stats.mean(baseline.batch.gap),
            "gap_median": float(np.median(baseline.batch.gap)),
            "objective": goal.estimate(goal.per_path(baseline)),
        },
        "rows": rows,
    }
    return out, baseline


def _paired(high: np.ndarray, low: np.ndarray) -> dict:
    """Mean of the path-by-path difference, with its standard error (paths are paired)."""
    d = np.asarray(high, dtype=float) - np.asarray(low, dtype=float)
    se = float(d.std(ddof=1) / math.sqrt(d.size)) if d.size > 1 else None
    return {"value": float(d.mean()), "se": se}


def _sobol(scenario, params, base, seed, months, workers, step, goal) -> dict:
    from SALib.analyze import sobol as salib_analyze  # SALib imports pandas: only when needed
    from SALib.sample import sobol as salib_sample

    _check_base(base)
    names = list(params)
    k = len(names)
    # luck is the last factor: its column of the design is unused, the run's seed carries it
    problem = {"num_vars": k + 1, "names": [*names, LUCK], "bounds": [[0.0, 1.0]] * (k + 1)}
    root = root_sequence(seed)
    design = salib_sample.sample(
        problem, base, calc_second_order=False, seed=stream(root, 0, "sensitivity:design")
    )
    design = np.clip(design, _EPS, 1 - _EPS)
    seed_b = int(stream(root, 0, "sensitivity:luck").integers(2**63))
    step_rows = k + 3  # per base row: A, A with column j from B (j = 1..k, luck), B
    runs = []
    for t in range(step_rows):
        x = design[t::step_rows]
        given = {p: params[p].ppf(x[:, j]) for j, p in enumerate(names)}
        luck = seed if t <= k else seed_b  # A and A-with-x_j-from-B share A's luck
        runs.append(run(scenario, base, luck, months, workers=workers, given=given))
        if step:
            step()
    horizon = runs[0].months
    death = np.empty(base * step_rows, dtype=np.int64)
    gap = np.empty(base * step_rows)
    value = np.empty(base * step_rows)
    for t, r in enumerate(runs):
        death[t::step_rows], gap[t::step_rows] = r.batch.death_month, r.batch.gap
        value[t::step_rows] = np.nan_to_num(goal.per_path(r), nan=0.0)
    boot = int(stream(root, 0, "sensitivity:bootstrap").integers(1, 2**31))

    def indices(y: np.ndarray) -> dict:
        a_and_b = np.r_[y[::step_rows], y[step_rows - 1 :: step_rows]]
        out = {"mean": float(a_and_b.mean()), "variance": float(a_and_b.var())}
        if np.ptp(y) == 0:  # nothing varies: nothing to apportion
            none = dict.fromkeys(_KEYS)
            return out | {"indices": {p: dict(none) for p in names}, "luck": dict(none)}
        with warnings.catch_warnings():
            # raised when a bootstrap resample happens to hold one value only (rare deaths);
            # SALib then counts that resample's index as 0, which is what we want
            warnings.filterwarnings("ignore", "Constant values encountered", UserWarning)
            si = salib_analyze.analyze(
                problem,
                y,
                calc_second_order=False,
                num_resamples=RESAMPLES,
                conf_level=CONF_LEVEL,
                seed=boot,
            )
        table = [{key: _finite(si[key][j]) for key in _KEYS} for j in range(k + 1)]
        return out | {"indices": dict(zip(names, table, strict=False)), "luck": table[k]}

    month = list(range(1, horizon + 1))
    monthly, last = [], None
    for t in month:
        alive = ((death == 0) | (death > t)).astype(float)
        if last is None or not np.array_equal(alive, last[0]):  # no death this month: same
            last = alive, indices(alive)
        monthly.append(last[1])
    out = {
        "base": base,
        "paths": base * step_rows,
        "conf_level": CONF_LEVEL,
        "p_alive": indices((death == 0).astype(float)),
        "financing_gap": indices(gap),
        "objective": indices(value),
        "monthly_alive": {
            "month": month,
            "p_alive": [m["mean"] for m in monthly],
            **{key: {p: [m["indices"][p][key] for m in monthly] for p in names} for key in _KEYS},
            "luck": {key: [m["luck"][key] for m in monthly] for key in _KEYS},
        },
    }
    if step:
        step()
    return out


def short(x: float) -> str:
    """A parameter value in at most 3 significant digits: 0.00127, 3.2, 939, 1.88M."""
    if abs(x) >= 1e4:
        return number(x)
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:.3g}"


def _check_base(base: int) -> None:
    if base < 2 or base & (base - 1):
        raise SensitivityError(f"the Sobol base sample must be a power of 2 (e.g. 512), got {base}")


def _ranked(indices: dict) -> list[str]:
    """Parameters by decreasing total index (those without one last, in scenario order)."""

    def key(p: str) -> float:
        st = indices[p]["ST"]
        return math.inf if st is None else -st

    return sorted(indices, key=key)


def _finite(x) -> float | None:
    x = float(x)
    return x if math.isfinite(x) else None
