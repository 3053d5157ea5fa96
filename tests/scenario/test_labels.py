"""Parameter labels: a key's name, unit and currency in English and Chinese."""

from __future__ import annotations

import pytest
from pydantic import BaseModel

from sim.scenario import labels
from sim.scenario.assumptions import parameter_table
from sim.scenario.distributions import _Dist
from sim.scenario.glossary import UNITS, inner_models, key_unit
from sim.scenario.loading import load
from sim.scenario.schema import Scenario
from tests.helpers import SCENARIOS

CJK = "\u4e00-\u9fff"


@pytest.mark.parametrize(
    ("path", "en", "zh"),
    [
        ("financing.initial_cash", "initial cash (USD)", "启动资金（USD）"),
        ("demand.bass.q", "Bass word-of-mouth rate q (per month)", "Bass 口碑系数 q（每月）"),
        (
            "revenue.cloud.price_per_month",
            "cloud: monthly price (USD per customer per month)",
            "cloud：月费价格（USD/客户/月）",
        ),
        ("financing.rounds.seed.amount", "seed round: amount (USD)", "融资轮 seed：金额（USD）"),
        (
            "financing.rounds.seed.probability",
            "seed round: chance of closing (share, 0 to 1)",
            "融资轮 seed：融资成功的概率（比例，0 到 1）",
        ),
        (
            "shocks.price_war.effects.price",
            "price_war shock: price factor (multiplier, 1 = unchanged)",
            "冲击 price_war：价格系数（倍数，1 = 不变）",
        ),
        ("costs.team.headcount", "team size (people)", "团队人数（人）"),
    ],
)
def test_labels_name_the_unit_and_the_currency(path, en, zh):
    assert labels.label(path, "USD") == en
    assert labels.label(path, "USD", "zh") == zh


def test_items_by_index_are_named_from_the_scenario():
    sc = load(SCENARIOS / "dify.yaml").scenario
    assert labels.short("revenue.0.price_per_month", "en", sc) == "cloud: monthly price"
    assert labels.short("revenue.0.price_per_month") == "revenue stream 1: monthly price"
    assert labels.short("costs.gpu.purchases.0.gpus") == "GPU purchase 1: number bought"


def test_unknown_keys_are_shown_as_written():
    assert labels.label("financing.intial_cash", "USD") == "financing.intial_cash"
    with pytest.raises(KeyError, match="intial_cash"):
        labels.resolve("financing.intial_cash")


def test_values_read_by_their_unit():
    assert labels.value("financing.initial_cash", 400_000, "USD") == "400k USD"
    assert labels.value("revenue.cloud.churn", 0.0294, "USD") == "2.94%"
    assert labels.value("demand.bass.p", 0.00127386, "USD", digits=3) == "0.00127"
    assert labels.value("shocks.price_war.effects.price", 0.8, "USD") == "0.8"  # a factor
    assert labels.value("revenue.cloud.price_per_month", 46.5, "USD") == "46.5 USD"


def _numeric_fields():
    """(model, key) of every number a scenario can set, over the whole schema."""
    seen, out = set(), []

    def walk(model):
        if model in seen:
            return
        seen.add(model)
        for key, field in model.model_fields.items():
            subs = [m for m in inner_models(field.annotation) if not issubclass(m, _Dist)]
            numeric = any(w in str(field.annotation) for w in ("float", "int"))
            if numeric and model.__name__ not in ("Correlation", "Bound", "Policy"):
                out.append((model, key))
            for sub in subs:
                walk(sub)

    walk(Scenario)
    return out


def test_every_number_of_the_schema_has_a_name_in_both_languages():
    fields = _numeric_fields()
    assert len(fields) > 60
    for model, key in fields:
        if model.__name__ == "Effects":
            assert f"effect.{key}" in labels.TEXT, key
        else:
            assert f"name.{key}" in labels.TEXT, f"{model.__name__}.{key}"
        # the Chinese unit is there whenever the English one is
        if key_unit(model, key, "USD") and key in UNITS:
            assert f"unit.{key}" in labels.TEXT, key


def _names(node) -> set[str]:
    """Every ``name`` of a list item in a scenario."""
    found = set()
    if isinstance(node, BaseModel):
        if isinstance(getattr(node, "name", None), str):
            found.add(node.name)
        for key in type(node).model_fields:
            found |= _names(getattr(node, key))
    elif isinstance(node, list):
        for x in node:
            found |= _names(x)
    return found


@pytest.mark.parametrize("file", sorted(SCENARIOS.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_assumption_of_the_library_has_a_chinese_label(file):
    sc = load(file).scenario
    for row in parameter_table(sc, {}):
        zh = labels.label(row["path"], sc.company.currency, "zh", sc)
        assert zh != row["path"], row["path"]
        names = _names(sc)  # the scenario's own names stay as written
        stripped = zh
        for name in sorted(names, key=len, reverse=True):
            stripped = stripped.replace(name, "")
        assert not any(
            w.isascii() and w.isalpha() and len(w) > 3 and w not in ("Bass", "alpha", "beta")
            for w in stripped.replace("（", " ").replace("）", " ").replace("：", " ").split()
        ), zh
