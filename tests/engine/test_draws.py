"""Draws: a path's numbers depend on the seed and the path only, not on the chunk it is in."""

from __future__ import annotations

import numpy as np
import pytest

from sim.engine.draws import MONTHS_PER_DRAW, Draws, uniforms
from sim.engine.rng import BLOCK_PATHS, root_sequence

N = 3 * BLOCK_PATHS - 100  # the last block cut short


def _chunks(size):
    return [Draws(root_sequence(4), a, min(size, N - a)) for a in range(0, N, size)]


@pytest.mark.parametrize("size", [BLOCK_PATHS, 2 * BLOCK_PATHS])
def test_chunks_side_by_side_draw_what_one_chunk_draws(size):
    whole, parts = Draws(root_sequence(4), 0, N), _chunks(size)
    for t in (1, 2, MONTHS_PER_DRAW + 1):
        joined = np.concatenate([d.normal("demand:bass", t) for d in parts])
        assert np.array_equal(whole.normal("demand:bass", t), joined)
    trials = np.arange(N, dtype=float) % 30  # small variances: exact, by inversion
    got = whole.binomial("churn", 1, trials, 0.1)
    joined = np.concatenate(
        [d.binomial("churn", 1, trials[d.first : d.first + d.n], 0.1) for d in parts]
    )
    assert np.array_equal(got, joined)
    uniform = whole.per_path("answer", lambda gen, size: gen.random(size))
    assert np.array_equal(
        uniform, np.concatenate([d.per_path("answer", lambda g, s: g.random(s)) for d in parts])
    )


def test_a_month_not_asked_for_does_not_move_the_next():
    a, b = Draws(root_sequence(4), 0, 10), Draws(root_sequence(4), 0, 10)
    first = [a.normal("x", t).copy() for t in range(1, 2 * MONTHS_PER_DRAW + 2)]
    assert np.array_equal(b.normal("x", 2 * MONTHS_PER_DRAW + 1), first[-1])
    assert not np.array_equal(first[0], first[1])


def test_sites_and_consumers_have_their_own_numbers():
    d = Draws(root_sequence(4), 0, 10)
    x = d.named("process:demand").normal("bass", 1)
    assert not np.array_equal(x, d.named("process:demand").normal("leads", 1))
    assert not np.array_equal(x, d.named("process:costs").normal("bass", 1))
    assert np.array_equal(
        x, Draws(root_sequence(4), 0, 10).named("process:demand").normal("bass", 1)
    )


def test_months_are_asked_for_in_order_and_chunks_start_at_a_block():
    d = Draws(root_sequence(4), 0, 10)
    d.normal("x", 2 * MONTHS_PER_DRAW + 1)
    with pytest.raises(ValueError, match="after a later month"):
        d.normal("x", 1)
    with pytest.raises(ValueError, match="block boundary"):
        Draws(root_sequence(4), 10, 10)


def test_uniforms_are_numpys_float32_uniforms():
    a, b = (np.random.Generator(np.random.PCG64(5)) for _ in range(2))
    for size in (2, BLOCK_PATHS, MONTHS_PER_DRAW * BLOCK_PATHS):
        x, y = uniforms(a, size), b.random(size, dtype=np.float32)
        assert x.dtype == np.float32 and np.array_equal(x, y)
    assert a.random() == b.random()  # and the generators are left in the same state
