"""Statistical building blocks: hand-computed answers and the reference libraries."""

from __future__ import annotations

import libpysal
import numpy as np
import pytest
import scipy.sparse as sp
from esda.moran import Moran
from numpy.testing import assert_allclose, assert_array_equal
from scipy import stats

from models.stats import (
    confidence_bins,
    fdr_significant,
    global_moran,
    mann_kendall,
    moran_moments,
    row_standardize,
    two_sided_p,
)

# ten p-values whose Benjamini-Hochberg decisions are worked out by hand:
# alpha .10: cut-offs k * .01 -> p(6) = .06 <= .06 is the last to pass -> 6 rejected
# alpha .05: cut-offs k * .005 -> p(2) = .008 <= .010 is the last to pass -> 2 rejected
# alpha .01: cut-offs k * .001 -> only p(1) = .001 <= .001 -> 1 rejected
P_HAND = np.array([0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205, 0.212, 0.216])


def test_two_sided_p_known_values() -> None:
    assert_allclose(two_sided_p([0.0, 1.959963984540054, -2.5758293035489004]), [1.0, 0.05, 0.01])
    assert np.isnan(two_sided_p([np.nan])[0])


@pytest.mark.parametrize(("alpha", "n_rejected"), [(0.10, 6), (0.05, 2), (0.01, 1)])
def test_fdr_hand_example(alpha: float, n_rejected: int) -> None:
    got = fdr_significant(P_HAND, alpha)
    expected = np.zeros(10, dtype=bool)
    expected[:n_rejected] = True
    assert_array_equal(got, expected)
    # order does not matter
    perm = np.random.default_rng(0).permutation(10)
    assert_array_equal(fdr_significant(P_HAND[perm], alpha), expected[perm])


@pytest.mark.parametrize("alpha", [0.10, 0.05, 0.01])
def test_fdr_matches_scipy_benjamini_hochberg(alpha: float) -> None:
    rng = np.random.default_rng(42)
    p = np.concatenate([rng.uniform(0, 1, 400), rng.uniform(0, 0.01, 60)])
    adjusted = stats.false_discovery_control(p, method="bh")
    assert_array_equal(fdr_significant(p, alpha), adjusted <= alpha)


def test_fdr_nan_never_rejected_and_none_rejected() -> None:
    got = fdr_significant(np.array([0.001, np.nan, 0.9]), 0.05)
    assert_array_equal(got, [True, False, False])
    assert not fdr_significant(np.array([0.5, 0.6]), 0.05).any()
    with pytest.raises(ValueError, match="alpha"):
        fdr_significant(P_HAND, 1.5)


def test_confidence_bins_without_correction() -> None:
    z = np.array([3.0, -2.2, 1.7, 0.5, -1.0, np.nan])
    bins = confidence_bins(z, two_sided_p(z))
    assert_array_equal(bins, [3, -2, 1, 0, 0, 0])


def test_confidence_bins_with_fdr_hand_example() -> None:
    sign = np.array([1, -1, 1, 1, -1, 1, 1, -1, 1, 1])
    bins = confidence_bins(sign * 2.0, P_HAND, fdr=True)
    assert_array_equal(bins, sign * np.array([3, 2, 1, 1, 1, 1, 0, 0, 0, 0]))
    # uncorrected, the same p-values give more significance
    plain = confidence_bins(sign * 2.0, P_HAND)
    assert_array_equal(plain, sign * np.array([3, 3, 2, 2, 2, 1, 1, 0, 0, 0]))


def test_mann_kendall_hand_computed() -> None:
    # pairs of 1,3,2,5,4: 8 increases, 2 decreases -> S = 6, var = 5*4*15/18
    mk = mann_kendall([1.0, 3.0, 2.0, 5.0, 4.0])
    assert float(mk.s) == 6.0
    assert_allclose(mk.var_s, 300.0 / 18.0)
    assert_allclose(mk.z, 5.0 / np.sqrt(300.0 / 18.0))
    assert_allclose(mk.p, 2 * stats.norm.sf(5.0 / np.sqrt(300.0 / 18.0)))
    assert_allclose(mk.tau, 0.6)


def test_mann_kendall_with_ties() -> None:
    # 1,2,2,3: S = 5, one pair of ties: var = (4*3*13 - 2*1*9) / 18
    mk = mann_kendall([1.0, 2.0, 2.0, 3.0])
    assert float(mk.s) == 5.0
    assert_allclose(mk.var_s, (156.0 - 18.0) / 18.0)
    assert_allclose(mk.z, 4.0 / np.sqrt(138.0 / 18.0))
    assert_allclose(mk.tau, stats.kendalltau(np.arange(4), [1, 2, 2, 3]).statistic)


def test_mann_kendall_tau_matches_scipy_rowwise() -> None:
    rng = np.random.default_rng(7)
    x = rng.normal(size=(25, 12)) + np.linspace(0, 1, 12)
    mk = mann_kendall(x)
    ref = [stats.kendalltau(np.arange(12), row).statistic for row in x]
    assert_allclose(mk.tau, ref, atol=1e-12)
    assert mk.s.shape == (25,)
    constant = mann_kendall(np.ones((1, 5)))
    assert float(constant.z[0]) == 0.0 and float(constant.p[0]) == 1.0


def test_mann_kendall_rejects_nan_and_short_series() -> None:
    with pytest.raises(ValueError, match="NaN"):
        mann_kendall([1.0, np.nan, 2.0])
    with pytest.raises(ValueError, match="at least 2"):
        mann_kendall([1.0])


def _random_w(n: int, seed: int) -> sp.csr_matrix:
    rng = np.random.default_rng(seed)
    pts = rng.uniform(0, 100, (n, 2))
    d = np.hypot(*(pts[:, None, :] - pts[None, :, :]).transpose(2, 0, 1))
    a = ((d < 22) & (d > 0)).astype(float)
    return sp.csr_matrix(a)


@pytest.mark.parametrize("transform", ["r", "b"])
def test_global_moran_matches_esda(transform: str) -> None:
    w = _random_w(60, 3)
    y = np.random.default_rng(4).gamma(2.0, 1.0, 60)
    wl = libpysal.weights.W(
        {i: w.indices[w.indptr[i] : w.indptr[i + 1]].tolist() for i in range(60)},
        silence_warnings=True,
    )
    ref = Moran(y, wl, transformation=transform, permutations=0)
    got = global_moran(y, w, transform=transform)
    assert_allclose(got.i, ref.I, atol=1e-12)
    assert_allclose(got.expected, ref.EI)
    assert_allclose(got.variance_norm, ref.VI_norm, rtol=1e-10)
    assert_allclose(got.variance_rand, ref.VI_rand, rtol=1e-10)
    assert_allclose([got.z_norm, got.z_rand], [ref.z_norm, ref.z_rand], atol=1e-9)
    assert_allclose([got.p_norm, got.p_rand], [ref.p_norm, ref.p_rand], atol=1e-12)


def test_moran_moments_match_libpysal() -> None:
    w = _random_w(40, 9)
    wl = libpysal.weights.WSP(w).to_W(silence_warnings=True)
    wl.transform = "r"
    assert_allclose(moran_moments(row_standardize(w)), (wl.s0, wl.s1, wl.s2))


def test_global_moran_rejects_constant_values() -> None:
    with pytest.raises(ValueError, match="constant"):
        global_moran(np.ones(10), _random_w(10, 1))


def test_a_negative_randomisation_variance_gives_no_z_and_no_warning() -> None:
    """Four values, one far from the rest: the small-sample randomisation variance is
    negative (-2/9 here), so there is no z (NaN), and no ``invalid value in sqrt`` warning
    (which pytest turns into an error)."""
    from models.stats import moran_from_moments

    z = np.array([3.0, -1.0, -1.0, -1.0])
    res = moran_from_moments(z, 1.0, 4.0, 2.0, 8.0)
    assert res.variance_rand == pytest.approx(-2 / 9)
    assert np.isnan(res.z_rand) and np.isnan(res.p_rand)
    assert np.isfinite(res.z_norm)
