"""Turn a scenario into per-path parameter values.

:func:`sample` mirrors the scenario tree as plain namespaces: a distribution becomes an
array of shape ``(n,)`` (one draw per path), a number stays a Python float, anything else
(names, sub-sections, lists) keeps its shape. Processes read the result with ordinary
attribute access: ``params.revenue[0].price_per_month``.

Each distribution draws from its own stream named by its path in the file, with list items
named by their ``name`` (``revenue.cloud.price_per_month``), so draws survive reordering.

The parameters of a correlation group (``scenario.correlations``) are drawn together, from
one stream named after the group (``correlation:a|b|c``), with a Gaussian copula:

1. the target Spearman rank correlations ``rho`` become the Pearson correlations of normals
   that produce them, ``R = 2 sin(pi rho / 6)`` (Pearson 1907; Kruskal 1958);
2. ``Z ~ N(0, R)``, ``U = Phi(Z)`` (uniform marginals, rank correlation ``rho``);
3. each parameter is ``dist.ppf(U_i)``: its own distribution exactly, only the pairing of
   draws across paths changes.

The transform can make a valid (positive semi-definite) ``rho`` slightly indefinite. We then
use a nearby valid correlation matrix, by eigenvalue clipping (Rebonato & Jaeckel 1999), rather
than refuse a matrix the schema accepted; the rank correlations achieved then differ from the
target by about the size of the clipped eigenvalues (tiny for any matrix a person writes).
Parameters in no group keep their own streams, so declaring a correlation changes no other
parameter's draws. Rank correlation is exact only for continuous distributions: ties of a
``choice`` (or a ``fixed``) parameter lower it.

References
----------
Kruskal, W. H. (1958). Ordinal measures of association. Journal of the American Statistical
Association 53(284), 814-861 (the sine relation between Spearman's and Pearson's correlations
of a bivariate normal).
Rebonato, R. & Jaeckel, P. (1999). The most general methodology for creating a valid
correlation matrix for risk management and option pricing purposes. J. of Risk 2(2), 17-27.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import BaseModel

from sim.engine.draws import Draws
from sim.scenario.distributions import _Dist
from sim.scenario.parameters import map_parameters, uncertain_parameters


def sample(
    model: BaseModel, draws: Draws, given: dict[str, np.ndarray] | None = None
) -> tuple[Any, dict[str, np.ndarray]]:
    """Sample every distribution in ``model`` for the ``draws.n`` paths of a chunk.

    ``given`` maps parameter paths to per-path values used instead of drawing (a design for
    sensitivity analysis); each must be an uncertain parameter of ``model``. A given member of
    a correlation group takes its given values; the other members are drawn as usual (the same
    draws as without ``given``), so they keep their marginals and their correlations with each
    other, but not with the given one.
    Returns the mirrored tree and a ``{path: values}`` dict of the uncertain parameters.
    """
    given, n = given or {}, draws.n
    unknown = set(given) - set(uncertain_parameters(model)) if given else set()
    if unknown:
        raise ValueError(f"not uncertain parameters of this scenario: {', '.join(sorted(unknown))}")
    values: dict[str, np.ndarray] = {}
    joint = _correlated(model, draws)

    def leaf(dist: _Dist, path: str) -> np.ndarray:
        if path in given:
            values[path] = np.asarray(given[path], dtype=float).reshape(n)
        elif path in joint:
            values[path] = dist.ppf(joint[path])
        else:
            values[path] = draws.per_path("param:" + path, lambda gen, size: dist.sample(size, gen))
        return values[path]

    return map_parameters(model, "", leaf), values


_EPS = np.finfo(float).eps / 2


def copula_correlation(rank_matrix) -> np.ndarray:
    """The correlation matrix of normals whose ranks have Spearman correlations ``rank_matrix``.

    ``R = 2 sin(pi rho / 6)`` elementwise, made positive semi-definite if it is not (clip the
    negative eigenvalues to zero, then rescale to a unit diagonal).
    """
    rho = np.asarray(rank_matrix, dtype=float)
    r = 2 * np.sin(np.pi * rho / 6)
    np.fill_diagonal(r, 1.0)
    w, v = np.linalg.eigh(r)
    if w.min() < 0:
        r = (v * np.clip(w, 0, None)) @ v.T
        d = np.sqrt(np.diag(r))
        r = r / np.outer(d, d)
        np.fill_diagonal(r, 1.0)
    return (r + r.T) / 2


def correlation_stream_name(parameters: list[str]) -> str:
    """The stream a correlation group draws from (named by its members, in order)."""
    return "correlation:" + "|".join(parameters)


def _correlated(model: Any, draws: Draws) -> dict:
    """Path -> one uniform per path of the chunk, with the group's rank correlations, for
    every grouped parameter."""
    out: dict[str, np.ndarray] = {}
    for group in getattr(model, "correlations", None) or []:
        twice = set(group.parameters) & set(out)
        if twice:
            raise ValueError(
                f"{', '.join(sorted(twice))} appear(s) in two correlation groups; put all the "
                "parameters correlated with each other in one group"
            )
        from scipy import stats  # only scenarios with correlations need it

        k = len(group.parameters)
        mvn = stats.multivariate_normal(
            mean=np.zeros(k), cov=copula_correlation(group.rank_matrix), allow_singular=True
        )
        z = draws.per_path(
            correlation_stream_name(group.parameters),
            lambda gen, size, mvn=mvn, k=k: np.reshape(
                mvn.rvs(size=size, random_state=gen), (size, k)
            ),
        )
        u = stats.norm.cdf(z)
        u = np.clip(u, _EPS, 1 - _EPS)  # Phi(z) rounds to 1 for z > 8.3: keep ppf finite
        out |= {path: u[:, i] for i, path in enumerate(group.parameters)}
    return out
