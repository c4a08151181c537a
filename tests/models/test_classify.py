"""Classes of map values: Fisher-Jenks against mapclassify and an exhaustive search."""

from __future__ import annotations

import mapclassify
import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from models.classify import (
    cell_classes,
    classify,
    fisher_jenks_breaks,
    goodness_of_variance_fit,
)

NUMBA = "ignore:Numba not installed:UserWarning"


def _sse(y: np.ndarray, bins: np.ndarray) -> float:
    cls = classify(y, bins)
    return float(sum(((y[cls == c] - y[cls == c].mean()) ** 2).sum() for c in np.unique(cls)))


def _exhaustive(y: np.ndarray, k: int) -> np.ndarray:
    """Best breaks for k = 2 or 3 by trying every split of the distinct values."""
    u, w = np.unique(y, return_counts=True)
    cw = np.concatenate([[0.0], np.cumsum(w)])
    cs = np.concatenate([[0.0], np.cumsum(w * u)])
    cq = np.concatenate([[0.0], np.cumsum(w * u * u)])

    def cost(i: np.ndarray, j: np.ndarray) -> np.ndarray:
        within: np.ndarray = cq[j] - cq[i] - (cs[j] - cs[i]) ** 2 / (cw[j] - cw[i])
        return within

    m = len(u)
    if k == 2:
        a = np.arange(1, m)
        total = cost(np.zeros_like(a), a) + cost(a, np.full_like(a, m))
        return u[[a[np.argmin(total)] - 1, m - 1]]
    a, b = np.triu_indices(m, 1)  # first class ends at a, second at b
    keep = (a >= 1) & (b < m)
    a, b = a[keep], b[keep]
    total = cost(np.zeros_like(a), a) + cost(a, b) + cost(b, np.full_like(b, m))
    best = np.argmin(total)
    return u[[a[best] - 1, b[best] - 1, m - 1]]


@pytest.mark.filterwarnings(NUMBA)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_fisher_jenks_matches_mapclassify(seed: int) -> None:
    rng = np.random.default_rng(seed)
    y = rng.lognormal(2.0, 1.0, 70)
    assert_allclose(fisher_jenks_breaks(y, 5), mapclassify.FisherJenks(y, k=5).bins)
    ties = rng.integers(1, 30, 90).astype(float)
    ours = fisher_jenks_breaks(ties, 4)
    ref = mapclassify.FisherJenks(ties, k=4)
    assert _sse(ties, ours) <= _sse(ties, np.asarray(ref.bins)) + 1e-9


@pytest.mark.filterwarnings(NUMBA)
@pytest.mark.parametrize(("n", "k"), [(40, 2), (120, 3), (150, 7), (200, 9)])
def test_fisher_jenks_equals_mapclassify_for_more_classes(n: int, k: int) -> None:
    y = np.random.default_rng(n).pareto(1.5, n) * 10
    assert_allclose(fisher_jenks_breaks(y, k), mapclassify.FisherJenks(y, k=k).bins)


@pytest.mark.parametrize("k", [2, 3])
def test_fisher_jenks_is_exact_far_above_a_thousand_distinct_values(k: int) -> None:
    # The version in ui/maps.py before this module optimised over at most
    # 1,000 groups of values (JENKS_MAX_GROUPS) and only approximated above;
    # this one is exact at every size: it equals an exhaustive search.
    rng = np.random.default_rng(k)
    y = np.concatenate([rng.lognormal(3.0, 1.2, 2500), rng.integers(1, 50, 500)])
    assert len(np.unique(y)) > 2000
    assert_array_equal(fisher_jenks_breaks(y, k), _exhaustive(y, k))


def test_fisher_jenks_keeps_the_heavy_tail_of_many_tied_counts() -> None:
    # 100,000 cell counts with about 1,700 distinct values: the old version's
    # groups of equal count lumped the whole tail (the hottest cells) into
    # one candidate and fitted with GVF 0.40 where the optimum is 0.93
    # (benchmarks/fisher_jenks.py); the exact breaks keep the tail apart.
    y = np.floor(20 * np.random.default_rng(100_000).pareto(1.2, 100_000))
    assert len(np.unique(y)) > 1000
    breaks = fisher_jenks_breaks(y, 3)
    assert_array_equal(breaks, _exhaustive(y, 3))
    assert (y > breaks[0]).sum() < 100  # the upper classes hold only the tail


def test_fisher_jenks_many_distinct_values() -> None:
    y = np.random.default_rng(5).lognormal(3.0, 1.2, 5000)
    breaks = fisher_jenks_breaks(y, 5)
    assert len(breaks) == 5 and breaks[-1] == y.max()
    assert np.all(np.diff(breaks) > 0)


@pytest.mark.filterwarnings(NUMBA)
def test_fisher_jenks_fits_at_least_as_well_as_the_sampled_and_quantile_classes() -> None:
    y = np.floor(np.random.default_rng(7).pareto(1.2, 5000) * 20)
    ours = goodness_of_variance_fit(y, fisher_jenks_breaks(y, 5))
    sampled = mapclassify.FisherJenksSampled(y, k=5, pct=0.1)
    assert ours >= goodness_of_variance_fit(y, sampled.bins) - 1e-12
    assert ours >= goodness_of_variance_fit(y, mapclassify.Quantiles(y, k=5).bins)
    assert ours > 0.9


def test_fisher_jenks_is_shift_invariant_for_large_values() -> None:
    y = np.random.default_rng(3).lognormal(2.0, 1.0, 3000)
    shifted = fisher_jenks_breaks(y + 1e7, 5)
    assert_allclose(shifted - 1e7, fisher_jenks_breaks(y, 5), atol=1e-6)


def test_fisher_jenks_edge_cases() -> None:
    assert_array_equal(fisher_jenks_breaks([5.0, 1.0, 3.0, 3.0], 7), [1.0, 3.0, 5.0])
    assert_array_equal(fisher_jenks_breaks([5.0, 1.0, np.nan, 3.0], 1), [5.0])
    assert_array_equal(fisher_jenks_breaks([1, 2, 3, 10, 11, 12, 30], 3), [3.0, 12.0, 30.0])
    assert len(fisher_jenks_breaks([np.nan, np.inf], 3)) == 0
    with pytest.raises(ValueError, match="`k` must be at least 1, got 0"):
        fisher_jenks_breaks([1.0, 2.0], 0)


def test_goodness_of_variance_fit_matches_mapclassify() -> None:
    y = np.random.default_rng(11).lognormal(1.0, 1.0, 500)
    q = mapclassify.Quantiles(y, k=5)
    sdam = float(((y - y.mean()) ** 2).sum())
    assert goodness_of_variance_fit(y, q.bins) == pytest.approx(1 - q.get_tss() / sdam, rel=1e-12)
    assert goodness_of_variance_fit([2.0, 2.0], [2.0]) == 1.0


def test_cell_classes_fall_back_sanely() -> None:
    assert_array_equal(cell_classes([3.0, 1.0, 3.0], k=5), [1.0, 3.0])
    assert len(cell_classes([np.nan], k=5)) == 0
    assert_array_equal(cell_classes([7.0], k=5), [7.0])
    y = np.arange(1.0, 101.0)
    for scheme in ("fisher_jenks", "quantiles", "equal_interval"):
        b = cell_classes(y, k=4, scheme=scheme)
        assert len(b) == 4 and b[-1] == 100.0
    with pytest.raises(ValueError, match="scheme"):
        cell_classes(y, k=4, scheme="jenks")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="`k`"):
        cell_classes(y, k=0)
