"""Named shocks from the articles, defined once and used from any scenario.

In a scenario, ``shocks: [{use: price_war}]`` takes the preset; any field written next to
``use`` replaces the preset's (``effects`` key by key; giving ``at_month`` replaces a preset
``probability_per_month`` and the other way round). Impacts are distributions drawn once per
path. ``sources`` are fact ids in ``seeds/``; numbers without one are our assumptions, said in
the note.

With ``market.appeal`` (:mod:`sim.scenario.market`), a ``price`` or ``deal_size`` effect on a
stream that has a reference price lowers the market's reference price instead of the company's
own: ``price_war`` and ``open_source_catch_up`` then cost share, not list price, unless a
policy cuts the price. With ``market.quality``, name ``open_source_catch_up`` in
``market.quality.catch_up_on`` so that it also closes the company's quality lead.
"""

from __future__ import annotations

from typing import Any


def _u(low: float, high: float) -> dict:
    return {"kind": "uniform", "low": low, "high": high}


SHOCKS: dict[str, dict[str, Any]] = {
    "price_war": {
        "note": (
            "Rivals undercut: private-deployment prices fell from 10M to 5M to under 1M yuan "
            "within 2023. Deal sizes x0.1-0.5, other prices x0.3-0.7, for good; about one "
            "chance in 20 each month (our assumption)."
        ),
        "sources": ["f004_18", "f004_19", "f004_20"],
        "shock": {
            "probability_per_month": 0.05,
            "effects": {"deal_size": _u(0.1, 0.5), "price": _u(0.3, 0.7)},
        },
    },
    "model_maker_copies": {
        "note": (
            "The maker of the model an app is built on ships the same feature: new users "
            "x0.2-0.6 and churn x1.5-3 for good; 3% a month once the app works (our assumption)."
        ),
        "sources": ["f004_01", "f001_06"],
        "shock": {
            "probability_per_month": 0.03,
            "effects": {"demand": _u(0.2, 0.6), "churn": _u(1.5, 3.0)},
        },
    },
    "open_source_catch_up": {
        "note": (
            "An open-source model reaches the closed model a company sells or trains: what it "
            "can charge falls to x0.3-0.7; 4% a month (our assumption, open source lags by "
            "about a generation)."
        ),
        "sources": ["f004_24", "f004_17", "f003_09"],
        "shock": {"probability_per_month": 0.04, "effects": {"price": _u(0.3, 0.7)}},
    },
    "policy_stop": {
        "note": (
            "A regulation or platform policy stops a line of business (name it in `stops`); "
            "1% a month (our assumption). Policy ended the face-swap founder's earlier ventures."
        ),
        "sources": ["f000_18", "f003_21"],
        "shock": {"probability_per_month": 0.01},
    },
    "gpu_price_rise": {
        "note": (
            "GPU rent, purchases and inference cost x1.2-2 for 12 months; 3% a month (our "
            "assumption)."
        ),
        "sources": [],
        "shock": {
            "probability_per_month": 0.03,
            "duration_months": 12,
            "effects": {"gpu_cost": _u(1.2, 2.0), "inference_cost": _u(1.2, 2.0)},
        },
    },
    "gpu_price_fall": {
        "note": "GPU and inference costs x0.5-0.8 for good; 3% a month (our assumption).",
        "sources": [],
        "shock": {
            "probability_per_month": 0.03,
            "effects": {"gpu_cost": _u(0.5, 0.8), "inference_cost": _u(0.5, 0.8)},
        },
    },
    "upstream_price_rise": {
        "note": (
            "Platform dependency: the maker of the model an app calls raises its API price, or "
            "the app must move to a dearer model: inference cost x1.5-3 for 6-12 months; 2% a "
            "month (our assumption). The article's advice is never to build on another's model."
        ),
        "sources": ["f004_01", "f000_22"],
        "shock": {
            "probability_per_month": 0.02,
            "duration_months": _u(6.0, 12.0),
            "effects": {"inference_cost": _u(1.5, 3.0)},
        },
    },
    "api_access_cut": {
        "note": (
            "Platform dependency: the upstream model's provider cuts the app's access (a ban, "
            "a policy change): the streams named in `stops` sell nothing for 1-3 months; 1% a "
            "month (our assumption)."
        ),
        "sources": ["f004_01", "f000_22"],
        "shock": {"probability_per_month": 0.01, "duration_months": _u(1.0, 3.0)},
    },
    "hype_ends": {
        "note": (
            "The hype wave ends (mid-2023 for generative AI): AI events at the founders' café "
            "fell from 8-10 to 3-5 a month, so new users x0.3-0.6 for good. Set `at_month` to "
            "the scenario's month of July-August 2023."
        ),
        "sources": ["f001_12", "f001_13", "f001_19"],
        "shock": {"at_month": 3, "effects": {"demand": _u(0.3, 0.6)}},
    },
}

ARRIVAL = ("at_month", "probability_per_month")


def expand(data: Any) -> Any:
    """A shock entry with ``use: NAME`` merged over its preset; other entries unchanged."""
    if not isinstance(data, dict) or "use" not in data:
        return data
    name = data["use"]
    if not isinstance(name, str) or name not in SHOCKS:
        raise ValueError(f"unknown shock {name!r}; the library has: {', '.join(SHOCKS)}")
    preset = dict(SHOCKS[name]["shock"])
    own = {k: v for k, v in data.items() if k != "use"}
    if any(k in own for k in ARRIVAL):
        for k in ARRIVAL:
            preset.pop(k, None)
    own_effects = own.pop("effects", None) or {}
    if not isinstance(own_effects, dict):
        raise ValueError(
            f"effects: expected a mapping of multipliers (e.g. {{price: 0.5}}), got {own_effects!r}"
        )
    effects = {**preset.pop("effects", {}), **own_effects}
    merged = {"name": name, **preset, **own}
    if effects:
        merged["effects"] = effects
    return merged
