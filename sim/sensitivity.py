"""Which assumption decides survival, and when: a tornado and Sobol indices (no plotting).

Two complementary analyses of the uncertain parameters (the distributions of a scenario):

* :func:`tornado`, one at a time: each parameter in turn is fixed at its 10th and then its
  90th percentile for every path, everything else drawn as usual, on the *same* seed. The
  two runs share every other draw path by path (common random numbers), so the effect on
  P(alive at the horizon) is a paired difference with a small standard error.
* :func:`sobol`, global: Sobol' indices from SALib (Saltelli 2002, 2010; Sobol' 2001) over
  the joint uncertainty of all parameters. ``S1`` is the share of the variance of an output
  explained by a parameter alone, ``ST`` the share it takes part in, interactions included.
  The outputs are alive at the horizon (0/1), the financing gap, and alive at the end of
  each month t, which shows which assumption kills the company early and which late.

The engine is itself random per path (customers, deals, rounds are drawn), so an output
varies even with every parameter fixed. The indices decompose the total variance, this noise
included: it is the part no parameter explains (``1 - sum S1`` minus interactions). To show
its size, the design's base rows are simulated twice on different random streams;
``noise_share = E[Var(Y | parameters)] / Var(Y)`` is estimated from the pairs,
``mean((y - y')^2) / 2`` over the variance of ``y``.

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
Herman, J. & Usher, W. (2017). SALib: an open-source Python library for sensitivity
analysis. Journal of Open Source Software 2(9), 97.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from . import stats
from .distributions import _Dist
from .loading import LoadedScenario
from .results import Results, _version
from .rng import root_sequence, stream
from .runner import run
from .sampling import uncertain_parameters
from .scenario import Scenario

SCHEMA_VERSION = 1
LOW_Q, HIGH_Q = 0.1, 0.9
"""The tornado moves each parameter to these quantiles of its distribution."""
CONF_LEVEL = 0.95
RESAMPLES = 100
"""Bootstrap resamples for SALib's confidence intervals."""
_EPS = 1e-9  # design quantiles are kept inside (0, 1): ppf(0) of a normal is -inf

Progress = Callable[[int, int], None] | None
"""Called with (steps done, steps in all)."""


class SensitivityError(ValueError):
    """A sensitivity analysis that cannot be made (e.g. nothing is uncertain)."""


def parameters(scenario: Scenario | LoadedScenario) -> dict[str, _Dist]:
    """Path -> distribution of every parameter that can vary (a ``fixed`` one cannot)."""
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
    paths: int = 4000,
    base: int = 512,
    seed: int | None = 1,
    months: int | None = None,
    workers: int | None = None,
    progress: Progress = None,
) -> dict:
    """The tornado and the Sobol' indices of ``scenario``, as the JSON of ``sim sensitivity``.

    ``paths`` per tornado run (``2 k + 1`` runs for ``k`` parameters); ``base`` is Sobol's
    base sample N (a power of 2), for ``N (k + 3)`` simulated paths in one run.
    """
    params = parameters(scenario)
    if seed is None:
        seed = int(root_sequence(None).entropy)
    steps = steps_for(len(params))
    done = [0]

    def step(k: int = 1) -> None:
        done[0] += k
        if progress is not None:
            progress(done[0], steps)

    torn, baseline = _tornado(scenario, params, paths, seed, months, workers, step)
    sob = _sobol(scenario, params, base, seed, months, workers, step)
    sc = baseline.scenario
    ranked = sorted(params, key=lambda p: -(sob["p_alive"]["indices"][p]["ST"] or 0.0))
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
        "ranking_p_alive": ranked,
        "tornado": torn,
        "sobol": sob,
        "correlations_ignored": [g.parameters for g in sc.correlations],
        "run": baseline.run_record()
        | {"tornado_paths": paths, "sobol_base": base, "salib_version": _version("SALib")},
    }


def steps_for(k: int) -> int:
    """Progress steps of :func:`analyse` for ``k`` parameters: runs, then the analysis."""
    return 2 * k + 3


def tornado(
    scenario: Scenario | LoadedScenario,
    paths: int = 4000,
    seed: int = 1,
    months: int | None = None,
    workers: int | None = None,
) -> dict:
    """One-at-a-time effects of each parameter at its 10th and 90th percentile (see module)."""
    return _tornado(scenario, parameters(scenario), paths, seed, months, workers, None)[0]


def sobol(
    scenario: Scenario | LoadedScenario,
    base: int = 512,
    seed: int = 1,
    months: int | None = None,
    workers: int | None = None,
) -> dict:
    """Sobol' indices S1 and ST (with 95% intervals) of survival and the financing gap."""
    return _sobol(scenario, parameters(scenario), base, seed, months, workers, None)


def _tornado(scenario, params, paths, seed, months, workers, step) -> tuple[dict, Results]:
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
        },
        "rows": rows,
    }
    return out, baseline


def _paired(high: np.ndarray, low: np.ndarray) -> dict:
    """Mean of the path-by-path difference, with its standard error (paths are paired)."""
    d = np.asarray(high, dtype=float) - np.asarray(low, dtype=float)
    se = float(d.std(ddof=1) / math.sqrt(d.size)) if d.size > 1 else None
    return {"value": float(d.mean()), "se": se}


def _sobol(scenario, params, base, seed, months, workers, step) -> dict:
    from SALib.analyze import sobol as salib_analyze  # SALib imports pandas: only when needed
    from SALib.sample import sobol as salib_sample

    if base < 2 or base & (base - 1):
        raise SensitivityError(f"the Sobol base sample must be a power of 2 (e.g. 512), got {base}")
    names = list(params)
    k = len(names)
    problem = {"num_vars": k, "names": names, "bounds": [[0.0, 1.0]] * k}
    root = root_sequence(seed)
    u = salib_sample.sample(
        problem, base, calc_second_order=False, seed=stream(root, 0, "sensitivity:design")
    )
    rows = u.shape[0]  # base * (k + 2): for each base row, A, then A with column j from B, B
    u = np.clip(np.vstack([u, u[:: k + 2]]), _EPS, 1 - _EPS)  # A again: the noise estimate
    given = {p: params[p].ppf(u[:, j]) for j, p in enumerate(names)}
    r = run(scenario, paths=u.shape[0], seed=seed, months=months, workers=workers, given=given)
    if step:
        step()
    boot = int(stream(root, 0, "sensitivity:bootstrap").integers(1, 2**31))

    def indices(y: np.ndarray) -> dict:
        design, again = y[:rows], y[rows:]
        a, b = design[:: k + 2], design[k + 1 :: k + 2]
        var = float(np.var(np.r_[a, b]))
        half_sq = (a - again) ** 2 / 2
        noise = {
            "value": float(half_sq.mean() / var) if var > 0 else None,
            "se": float(half_sq.std(ddof=1) / math.sqrt(base) / var) if var > 0 else None,
        }
        if np.ptp(design) == 0:
            none = {"S1": None, "S1_conf": None, "ST": None, "ST_conf": None}
            return {"indices": {p: dict(none) for p in names}, "noise_share": noise}
        si = salib_analyze.analyze(
            problem,
            design,
            calc_second_order=False,
            num_resamples=RESAMPLES,
            conf_level=CONF_LEVEL,
            seed=boot,
        )
        table = {
            p: {key: _finite(si[key][j]) for key in ("S1", "S1_conf", "ST", "ST_conf")}
            for j, p in enumerate(names)
        }
        return {"indices": table, "noise_share": noise}

    death = r.batch.death_month
    alive = (death == 0).astype(float)
    horizon = r.months
    monthly = [indices(((death == 0) | (death > t)).astype(float)) for t in range(1, horizon + 1)]
    out = {
        "base": base,
        "rows": int(u.shape[0]),
        "conf_level": CONF_LEVEL,
        "p_alive": indices(alive) | {"mean": float(alive[:rows].mean())},
        "financing_gap": indices(r.batch.gap) | {"mean": float(r.batch.gap[:rows].mean())},
        "monthly_alive": {
            "month": list(range(1, horizon + 1)),
            "p_alive": [
                float(((death[:rows] == 0) | (death[:rows] > t)).mean())
                for t in range(1, horizon + 1)
            ],
            **{
                key: {p: [m["indices"][p][key] for m in monthly] for p in names}
                for key in ("S1", "S1_conf", "ST", "ST_conf")
            },
            "noise_share": [m["noise_share"]["value"] for m in monthly],
        },
    }
    if step:
        step()
    return out


def _finite(x) -> float | None:
    x = float(x)
    return x if math.isfinite(x) else None
