"""Property tests: whatever the file says, loading ends in a scenario or a clear message.

Hypothesis writes scenario documents, valid and invalid, two ways: by mutating the text of a
real scenario (deleting, duplicating and changing lines and characters) and by building
documents from the schema's own vocabulary with random values. The loader must never fail
with anything but :class:`ScenarioError`, and whatever it accepts must run.
"""

from __future__ import annotations

import io
import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from sim.analysis.results import run
from sim.scenario.loading import ScenarioError, load
from tests.helpers import SCENARIOS

TEXT = (SCENARIOS / "dify.yaml").read_text().splitlines()
SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _check(path) -> None:
    try:
        loaded = load(path)
    except ScenarioError as e:
        message = str(e)
        assert message and str(path) in message.splitlines()[0]
        return
    s = run(loaded, paths=3, months=2, seed=0).summary()
    assert 0 <= s["p_alive_at_horizon"]["p"] <= 1


@st.composite
def mutated(draw):
    lines = list(TEXT)
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "replace", "char"]))
        if action == "delete":
            del lines[i]
        elif action == "duplicate":
            lines.insert(i, lines[i])
        elif action == "replace":
            lines[i] = draw(st.text(max_size=30))
        elif lines[i]:
            j = draw(st.integers(0, len(lines[i]) - 1))
            lines[i] = lines[i][:j] + draw(st.characters()) + lines[i][j + 1 :]
    return "\n".join(lines)


KEYS = ["company", "name", "horizon_months", "financing", "initial_cash", "revenue", "kind",
        "subscription", "price_per_month", "churn", "demand", "bass", "p", "q", "market_size",
        "costs", "fixed_per_month", "shocks", "at_month", "effects", "price", "mean", "sd",
        "low", "high", "mode", "uniform", "normal", "pert", "use", "price_war", "rounds",
        "amount", "leads_per_month", "seasonality", "segments", "share"]  # fmt: skip
VALUES = st.one_of(
    st.integers(-(10**13), 10**13),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(KEYS + ["", "ten", "yes", "2023-05"]),
    st.none(),
    st.booleans(),
)
DOCS = st.recursive(
    VALUES,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(KEYS), inner, max_size=4)
    ),
    max_leaves=25,
)


@SETTINGS
@given(text=mutated())
def test_mutated_files_load_or_explain(tmp_path, text):
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    _check(path)


@SETTINGS
@given(doc=st.dictionaries(st.sampled_from(KEYS), DOCS, max_size=6))
def test_random_documents_load_or_explain(tmp_path, doc):
    buf = io.StringIO()
    YAML(typ="safe").dump(doc, buf)
    path = tmp_path / "s.yaml"
    path.write_text(buf.getvalue(), encoding="utf-8")
    _check(path)


@SETTINGS
@given(
    cash=st.floats(0, 1e13),
    price=st.sampled_from([0.0, 1.0, 1e12]),
    months=st.sampled_from([1, 2, 600]),
)
def test_edge_values_run(cash, price, months):
    loaded = load(
        SCENARIOS / "dify.yaml",
        [
            f"financing.initial_cash={cash!r}",
            f"revenue.cloud.price_per_month={price!r}",
            f"company.horizon_months={months}",
        ],
    )
    s = run(loaded, paths=2, seed=0).summary()
    assert len(s["survival"]["p"]) == months + 1
    assert all(math.isfinite(x) for x in s["monthly"]["cash"]["p50"])
