"""What each key of a scenario means, and its unit: the words a scaffold's comments, the JSON
Schema's descriptions and the reports' labels share.

A key's meaning is its schema field's own docstring (:mod:`sim.scenario.schema` and its
sections), or :data:`TEXT` where the schema has none; its unit comes from the range the schema
allows (a share, a multiplier) or from :data:`UNITS`, with ``{cur}`` standing for the
scenario's currency.
"""

from __future__ import annotations

import inspect
from typing import Annotated, Union, get_args, get_origin

from pydantic import AfterValidator, BaseModel

from sim import scenario as S

TEXT = {
    # descriptions the schema cannot carry (a preset key it does not know, names in general)
    "name": "Name used in reports, causes of death and `--set` paths (letters, digits, _ or -).",
    "Shock.use": (
        "Start from a preset of the shock library; keys written next to it replace the preset's."
    ),
}

MONTH = "month number (1 = the first month)"
UNITS = {
    "horizon_months": "months",
    "market_size": "users",
    "p": "per month",
    "q": "per month",
    "leads_per_month": "new users per month",
    "leads_growth_per_month": "fraction per month (0.1 = +10% a month)",
    "price_factor": "multiplier (1 = list price)",
    "from_month": MONTH,
    "after_users": "users",
    "price_per_month": "{cur} per customer per month",
    "serving_cost_per_customer_per_month": "{cur} per paying customer per month",
    "units_per_customer_per_month": "units per customer per month",
    "price_per_unit": "{cur} per unit",
    "unit_cost": "{cur} per unit",
    "price_per_sale": "{cur} per sale",
    "sales_cycle_months": "months",
    "deal_size": "{cur} per deal",
    "deal_size_change_per_month": "fraction per month (-0.2 = -20% a month)",
    "delivery_cost_per_deal": "{cur} per deal",
    "amount_per_month": "{cur} per month",
    "sd_per_month": "{cur} per month",
    "headcount": "people",
    "max_headcount": "people",
    "cost_per_head_per_month": "{cur} per person per month",
    "revenue_per_head": "{cur} of monthly revenue per person",
    "month": MONTH,
    "gpus": "GPUs",
    "price_per_gpu": "{cur} per GPU",
    "depreciation_months": "months",
    "start_month": MONTH,
    "months": "months",
    "cost": "{cur} for the whole run",
    "rented_gpus": "GPUs",
    "rent_per_gpu_month": "{cur} per GPU per month",
    "per_month": "{cur} per month",
    "per_new_customer": "{cur} per new customer",
    "fixed_per_month": "{cur} per month",
    "amount": "{cur}",
    "earliest_month": MONTH,
    "min_monthly_revenue": "{cur} per month",
    "min_users": "users",
    "months_to_close": "months",
    "initial_cash": "{cur}",
    "at_month": MONTH,
    "until_month": MONTH,
    "duration_months": "months",
    "probability_per_month": "chance per month",
    "extra_months_to_close": "months",
}
SHARE = "share, 0 to 1 (0.05 = 5%)"
FACTOR = "multiplier (1 = unchanged)"


def key_description(model: type[BaseModel], key: str) -> str:
    field = model.model_fields[key]
    for owner in model.__mro__:
        text = TEXT.get(f"{getattr(owner, '__name__', '')}.{key}")
        if text:
            break
    else:
        text = None
    text = field.description or text or TEXT.get(key)
    if not text:
        sub = inner_models(field.annotation)
        text = inspect.cleandoc(sub[0].__doc__ or "") if len(sub) == 1 else ""
    return " ".join(text.replace("``", "`").split())


def key_unit(model: type[BaseModel], key: str, currency: str) -> str:
    field = model.model_fields[key]
    bounds = allowed_range(field.annotation, field.metadata)
    if bounds and bounds[:2] == (0, 1):
        return SHARE
    if model is S.Effects or key.endswith("_factor"):
        return FACTOR
    return UNITS.get(key, "").format(cur=currency)


def inner_models(tp) -> list[type[BaseModel]]:
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return [tp]
    return [m for arg in get_args(tp) for m in inner_models(arg)]


def allowed_range(annotation, metadata=()) -> tuple[float, float, bool, str] | None:
    """``(low, high, low_open, words)`` of a bounded number parameter (see distributions)."""
    for item in [*metadata, *annotated_metadata(annotation)]:
        if isinstance(item, AfterValidator):
            free = inspect.getclosurevars(item.func).nonlocals
            if {"lo", "hi", "what"} <= set(free):
                return free["lo"], free["hi"], free.get("lo_open", False), free["what"]
    return None


def annotated_metadata(tp) -> list:
    out = []
    if get_origin(tp) is Annotated:
        out += list(tp.__metadata__)
        tp = get_args(tp)[0]
    for arg in get_args(tp) if get_origin(tp) in (Union, type(int | None)) else ():
        out += annotated_metadata(arg)
    return out
