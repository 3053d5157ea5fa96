"""Uncertain numbers: a parameter is either a plain number or one of these distributions.

Each distribution is sampled once per simulated path from a ``numpy.random.Generator`` handed
in by the caller (see :mod:`sim.engine.rng`); nothing here creates a generator. The common
kinds draw with the generator's own methods, exactly as ``scipy.stats`` does (its ``_rvs``,
then ``x * scale + loc``: the same numbers to the last bit, tests/scenario/test_distributions.py
checks), so that a run need not import scipy.stats, which takes half a second; quantiles,
the normal and lognormal quantiles use scipy.special's ``ndtri``, as scipy.stats does; other
quantiles, means, truncated normals and choices use scipy.stats, imported on first use. Every
kind knows its support, so that the schema can reject a distribution that could produce
impossible values (a negative price, a churn above 1) before any simulation runs.

Kept whole: each kind keeps its schema, its draws, its quantiles and its support in one class,
so that changing a kind is one place to read, and the number types built on them (Param,
Share, ...) stay beside the kinds they accept.
"""

from __future__ import annotations

import math
from typing import Annotated, Literal

import numpy as np
from pydantic import AfterValidator, Discriminator, Field, Tag, model_validator

from sim.scenario.base import Model
from sim.scenario.bounds import Z_REACH, check_number, in_reach, not_tiny

_MADE: dict[tuple, object] = {}  # scipy distributions by kind and parameters


class _Dist(Model):
    def _dist(self):
        """The scipy distribution, made once per kind and parameters: making one costs about
        half a millisecond (scipy writes its docstring), more than drawing a block of paths."""
        key = (type(self), self.model_dump_json())
        if key not in _MADE:
            if len(_MADE) >= 1024:  # a long sweep of distributions: start afresh
                _MADE.clear()
            _MADE[key] = self._frozen()
        return _MADE[key]

    def sample(self, n: int, rng: np.random.Generator) -> np.ndarray:
        """Draw ``n`` independent values (one per path)."""
        return np.asarray(self._dist().rvs(size=n, random_state=rng), dtype=float)

    @staticmethod
    def _scaled(standard: np.ndarray, loc: float, scale: float) -> np.ndarray:
        """scipy's ``rv_continuous.rvs``: standard draws times scale plus loc, in that order."""
        return standard * scale + loc

    def ppf(self, u) -> np.ndarray:
        """Quantile function: the value below which a share ``u`` (in [0, 1]) of draws fall.

        ``ppf(U)`` with ``U`` uniform on (0, 1) has exactly this distribution, which is how
        correlated draws (a Gaussian copula) and sensitivity designs keep every marginal.
        """
        return np.asarray(self._dist().ppf(u), dtype=float)

    def support(self) -> tuple[float, float]:
        """Smallest and largest value the distribution can produce.

        Each kind writes its own out, as scipy computes it (standard support x scale + loc, to
        the last bit: tests/scenario/test_distributions.py checks), so that checking a file
        does not import scipy.stats."""
        lo, hi = self._dist().support()
        return float(lo), float(hi)

    def mean(self) -> float:
        return float(self._dist().mean())

    def reach(self) -> tuple[float, float]:
        """The smallest and largest values a draw can take in practice: the support, narrowed
        for the normal and lognormal to their values at z = +-Z_REACH (8.2 standard normals)."""
        return self.support()

    @model_validator(mode="after")
    def _magnitudes(self):
        """Every parameter within the magnitudes the engine can simulate (MAX_MAGNITUDE), and
        so every value a draw can take."""
        for name in type(self).model_fields:
            value = getattr(self, name)
            for x in value if isinstance(value, list) else [value]:
                if isinstance(x, float | int) and not (name in ("low", "high") and math.isinf(x)):
                    try:
                        check_number(x)
                    except ValueError as e:
                        raise ValueError(f"{name}: {e}") from None
        return self

    def _frozen(self):  # pragma: no cover - every kind overrides it
        raise NotImplementedError


class Fixed(_Dist):
    """A known number, written as a distribution (same as writing the number)."""

    kind: Literal["fixed"]
    value: float

    def sample(self, n, rng):
        return np.full(n, self.value)

    def ppf(self, u):
        return np.full(np.shape(u), self.value)

    def support(self):
        return self.value, self.value

    def mean(self):
        return self.value


class Normal(_Dist):
    """Normal(mean, sd), optionally truncated to [low, high] (scipy ``truncnorm``)."""

    kind: Literal["normal"]
    mean_: float = Field(alias="mean")
    sd: float = Field(gt=0)
    low: float = -math.inf
    high: float = math.inf

    # low/high may be infinite (no truncation); nothing may be NaN, mean and sd are finite
    model_config = {"allow_inf_nan": True, "populate_by_name": True}

    @model_validator(mode="after")
    def _bounds(self):
        if not all(math.isfinite(x) for x in (self.mean_, self.sd)):
            raise ValueError("mean and sd must be finite numbers")
        if math.isnan(self.low) or math.isnan(self.high):
            raise ValueError("low and high must be numbers (.inf is allowed, .nan is not)")
        if not self.low < self.high:
            raise ValueError(f"low ({self.low}) must be below high ({self.high})")
        return self

    def _frozen(self):
        from scipy import stats  # on first use: importing scipy.stats takes half a second

        if math.isinf(self.low) and math.isinf(self.high):
            return stats.norm(self.mean_, self.sd)
        a, b = (self.low - self.mean_) / self.sd, (self.high - self.mean_) / self.sd
        return stats.truncnorm(a, b, loc=self.mean_, scale=self.sd)

    def sample(self, n, rng):
        if math.isinf(self.low) and math.isinf(self.high):  # scipy's norm._rvs
            return self._scaled(rng.standard_normal(n), self.mean_, self.sd)
        return super().sample(n, rng)  # truncnorm: scipy's own algorithm

    def ppf(self, u):
        if math.isinf(self.low) and math.isinf(self.high):  # scipy's norm._ppf
            from scipy.special import ndtri

            return self._scaled(ndtri(np.asarray(u, dtype=float)), self.mean_, self.sd)
        return super().ppf(u)

    def reach(self):
        lo, hi = self.support()
        return max(lo, self.mean_ - Z_REACH * self.sd), min(hi, self.mean_ + Z_REACH * self.sd)

    def support(self):
        if math.isinf(self.low) and math.isinf(self.high):
            return -math.inf, math.inf
        a, b = (self.low - self.mean_) / self.sd, (self.high - self.mean_) / self.sd
        return _scaled(a, b, self.mean_, self.sd)


class LogNormal(_Dist):
    """Lognormal given by its own mean and standard deviation (not those of the log).

    With ``s² = ln(1 + sd²/mean²)`` and ``mu = ln(mean) - s²/2``, ``X = exp(mu + s Z)``.
    """

    kind: Literal["lognormal"]
    mean_: float = Field(alias="mean", gt=0)
    sd: float = Field(gt=0)

    model_config = {"populate_by_name": True}

    @model_validator(mode="after")
    def _spread(self):
        """sd/mean so small that its square underflows gives a lognormal of no spread, which
        cannot be drawn from (scipy needs s > 0); so large that its square overflows (sd above
        1e150 x the mean: a tiny mean), one whose spread cannot be computed."""
        ratio = self.sd / self.mean_
        if ratio > 1e150:
            raise ValueError(
                f"sd {self.sd:g} is too large against mean {self.mean_:g} (more than 1e150 "
                "times it): such a lognormal cannot be simulated; narrow it"
            )
        if math.log1p(ratio**2) <= 0.0:
            raise ValueError(
                f"sd {self.sd:g} is too small against mean {self.mean_:g} to draw from; "
                "for a value without uncertainty give the number itself"
            )
        return self

    def _frozen(self):
        from scipy import stats

        return stats.lognorm(s=self._s(), scale=self._scale())

    def _s(self) -> float:
        return math.sqrt(math.log1p((self.sd / self.mean_) ** 2))

    def _scale(self) -> float:
        return self.mean_ * math.exp(-math.log1p((self.sd / self.mean_) ** 2) / 2)

    def sample(self, n, rng):  # scipy's lognorm._rvs, loc 0
        return self._scaled(np.exp(self._s() * rng.standard_normal(n)), 0, self._scale())

    def ppf(self, u):  # scipy's lognorm._ppf
        from scipy.special import ndtri

        z = ndtri(np.asarray(u, dtype=float))
        return self._scaled(np.exp(self._s() * z), 0, self._scale())

    def support(self):
        return 0.0, math.inf

    def reach(self):
        s = math.sqrt(math.log1p((self.sd / self.mean_) ** 2))
        scale = self.mean_ * math.exp(-(s**2) / 2)
        return scale * math.exp(-Z_REACH * s), scale * math.exp(Z_REACH * s)


class _Interval(_Dist):
    """A distribution on [low, high] with low < high."""

    @model_validator(mode="after")
    def _order(self):
        if not self.low < self.high:
            raise ValueError(f"low ({self.low}) must be below high ({self.high})")
        return self


class Uniform(_Interval):
    """Uniform on [low, high]."""

    kind: Literal["uniform"]
    low: float
    high: float

    def _frozen(self):
        from scipy import stats

        return stats.uniform(self.low, self.high - self.low)

    def sample(self, n, rng):  # scipy's uniform._rvs
        return self._scaled(rng.uniform(0.0, 1.0, n), self.low, self.high - self.low)

    def support(self):
        return _scaled(0.0, 1.0, self.low, self.high - self.low)


class _ThreePoint(_Dist):
    low: float
    mode: float
    high: float

    @model_validator(mode="after")
    def _order(self):
        if not (self.low <= self.mode <= self.high and self.low < self.high):
            raise ValueError(
                f"need low <= mode <= high with low < high, got {self.low}, {self.mode}, "
                f"{self.high}"
            )
        return self

    def support(self):  # triangular and PERT: standard support [0, 1], scaled
        return _scaled(0.0, 1.0, self.low, self.high - self.low)


class Triangular(_ThreePoint):
    """Triangular(low, mode, high)."""

    kind: Literal["triangular"]

    def _frozen(self):
        from scipy import stats

        width = self.high - self.low
        return stats.triang((self.mode - self.low) / width, loc=self.low, scale=width)

    def sample(self, n, rng):  # scipy's triang._rvs
        width = self.high - self.low
        c = (self.mode - self.low) / width
        return self._scaled(rng.triangular(0, c, 1, n), self.low, width)


class Pert(_ThreePoint):
    """PERT(low, mode, high): a beta on [low, high] with shape 4 around the mode.

    ``alpha = 1 + 4 (mode - low) / (high - low)``, ``beta = 1 + 4 (high - mode) / (high - low)``;
    the mean is ``(low + 4 mode + high) / 6``.
    """

    kind: Literal["pert"]

    def _frozen(self):
        from scipy import stats

        a, b = self._shapes()
        return stats.beta(a, b, loc=self.low, scale=self.high - self.low)

    def _shapes(self) -> tuple[float, float]:
        width = self.high - self.low
        return 1 + 4 * (self.mode - self.low) / width, 1 + 4 * (self.high - self.mode) / width

    def sample(self, n, rng):  # scipy's beta._rvs
        a, b = self._shapes()
        return self._scaled(rng.beta(a, b, n), self.low, self.high - self.low)


class Beta(_Interval):
    """Beta(alpha, beta) scaled to [low, high] (default [0, 1]): natural for shares."""

    kind: Literal["beta"]
    alpha: float = Field(gt=0)
    beta: float = Field(gt=0)
    low: float = 0.0
    high: float = 1.0

    def _frozen(self):
        from scipy import stats

        return stats.beta(self.alpha, self.beta, loc=self.low, scale=self.high - self.low)

    def sample(self, n, rng):  # scipy's beta._rvs
        return self._scaled(rng.beta(self.alpha, self.beta, n), self.low, self.high - self.low)

    def support(self):
        return _scaled(0.0, 1.0, self.low, self.high - self.low)


class Choice(_Dist):
    """One of a few values with given weights (weights are normalised)."""

    kind: Literal["choice"]
    values: list[float] = Field(min_length=1)
    weights: list[float] | None = None

    @model_validator(mode="after")
    def _weights(self):
        if self.weights is not None:
            if len(self.weights) != len(self.values):
                raise ValueError("weights must have one entry per value")
            if any(w < 0 for w in self.weights) or sum(self.weights) <= 0:
                raise ValueError("weights must be >= 0 and not all zero")
        return self

    def _probs(self) -> np.ndarray:
        w = np.ones(len(self.values)) if self.weights is None else np.asarray(self.weights)
        return w / w.sum()

    def _frozen(self):
        from scipy import stats

        return stats.rv_discrete(values=(np.arange(len(self.values)), self._probs()))

    def sample(self, n, rng):
        idx = self._dist().rvs(size=n, random_state=rng)
        return np.asarray(self.values, dtype=float)[idx]

    def ppf(self, u):
        """The smallest value whose cumulative weight reaches ``u``, values taken in increasing
        order (so that a higher ``u`` never gives a lower value: rank correlations carry over).
        """
        order = np.argsort(self.values, kind="stable")
        cum = np.cumsum(self._probs()[order])
        idx = np.searchsorted(cum, np.asarray(u, dtype=float), side="left")
        return np.asarray(self.values, dtype=float)[order][np.minimum(idx, len(cum) - 1)]

    def support(self):
        return min(self.values), max(self.values)

    def mean(self):
        return float(np.dot(self._probs(), self.values))


Distribution = Annotated[
    Fixed | Normal | LogNormal | Uniform | Triangular | Pert | Beta | Choice,
    Field(discriminator="kind"),
]
DIST_KINDS = ("fixed", "normal", "lognormal", "uniform", "triangular", "pert", "beta", "choice")


def _scaled(a: float, b: float, loc: float, scale: float) -> tuple[float, float]:
    """scipy's support of a location-scale family: (a scale + loc, b scale + loc)."""
    return float(a * scale + loc), float(b * scale + loc)


def _param_tag(value) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, dict | _Dist):
        return "distribution"
    return None


def _bounded(lo: float, hi: float, *, lo_open: bool = False, what: str):
    def check(value):
        vlo, vhi = (value, value) if isinstance(value, int | float) else value.support()
        bad_lo = vlo <= lo if lo_open else vlo < lo
        if bad_lo or vhi > hi:
            if isinstance(value, int | float):
                raise ValueError(f"expected {what}, got {value:g}")
            raise ValueError(
                f"expected {what}, got a {value.kind} distribution with values in "
                f"[{vlo:g}, {vhi:g}] (narrow it, e.g. with low/high)"
            )
        return value

    return AfterValidator(check)


Param = Annotated[
    Annotated[float, Tag("number")] | Annotated[Distribution, Tag("distribution")],
    Discriminator(
        _param_tag,
        custom_error_type="number_or_distribution",
        custom_error_message="expected a number or a distribution (a mapping with `kind:`)",
    ),
    AfterValidator(in_reach),
]
"""Any number or distribution (sampled once per path), of magnitude at most MAX_MAGNITUDE
(1e15), and so every value it can draw."""
NonNeg = Annotated[Param, _bounded(0, math.inf, what="a number >= 0")]


Positive = Annotated[
    Param, _bounded(0, math.inf, lo_open=True, what="a number > 0"), AfterValidator(not_tiny)
]
Share = Annotated[Param, _bounded(0, 1, what="a share between 0 and 1")]
Coefficient = Annotated[Param, _bounded(0, 10, what="a rate per month between 0 and 10")]
"""A rate per month such as a Bass coefficient (e^(p+q) must not overflow)."""
Factor = NonNeg
"""A multiplier (1 = unchanged)."""
Growth = Annotated[Param, _bounded(-1, 10, what="a monthly rate between -1 and 10")]
"""A rate of change per month: -0.2 is a 20% fall each month, 0.1 a 10% rise."""
