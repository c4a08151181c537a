"""Small statistical building blocks shared by the hot-spot methods.

Everything here is vectorised NumPy/SciPy over arrays; nothing knows about
geometry. Each published statistic is checked against a reference
implementation in ``tests/models/test_stats.py`` (esda for Moran's I, SciPy
for the false discovery rate and Kendall's tau).

Confidence bins (ArcGIS's ``Gi_Bin``)
    ``+3``/``+2``/``+1``: hot at 99/95/90 % confidence, ``-3``/``-2``/``-1``
    the cold mirror, ``0`` not significant. Without correction a feature is
    in bin ``k`` when its two-sided p-value is at most ``0.01``/``0.05``/
    ``0.10``. With the false discovery rate correction (ArcGIS's *Apply
    False Discovery Rate (FDR) Correction*) the critical p-value of each
    confidence level is lowered separately by the Benjamini-Hochberg
    step-up rule: the p-values are sorted, ``p_(1) <= ... <= p_(n)``, and the
    level's critical value is the largest ``p_(k)`` with
    ``p_(k) <= k / n * alpha``. This is what ArcGIS's ``fdrTransform``
    (``SSUtilities.py``) sets up: one column of cut-offs ``k / n * alpha``
    per level ``alpha`` in ``(0.10, 0.05, 0.01)``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy import special

#: Confidence levels of the bins, weakest first: (alpha, bin magnitude).
CONFIDENCE_LEVELS: tuple[tuple[float, int], ...] = ((0.10, 1), (0.05, 2), (0.01, 3))

#: Text for each confidence bin, as ArcGIS labels them.
BIN_LABELS: dict[int, str] = {
    3: "Hot spot, 99% confidence",
    2: "Hot spot, 95% confidence",
    1: "Hot spot, 90% confidence",
    0: "Not significant",
    -1: "Cold spot, 90% confidence",
    -2: "Cold spot, 95% confidence",
    -3: "Cold spot, 99% confidence",
}


def two_sided_p(z: npt.ArrayLike) -> np.ndarray:
    """Two-sided p-values of standard normal z-scores (NaN stays NaN).

    Examples
    --------
    >>> [round(float(p), 3) for p in two_sided_p([1.959964, -2.575829, 0.0])]
    [0.05, 0.01, 1.0]
    """
    za = np.abs(np.asarray(z, dtype=float))
    # scipy.stats.norm.sf(x) is special.ndtr(-x); scipy.stats alone costs ~1 s of import
    p: np.ndarray = 2.0 * special.ndtr(-za)
    return p


def fdr_significant(p: npt.ArrayLike, alpha: float) -> np.ndarray:
    """Which tests the Benjamini-Hochberg procedure rejects at level ``alpha``.

    Parameters
    ----------
    p
        p-values; NaN counts as a test that is never rejected (it still
        counts in ``n``, as a feature with no value would in ArcGIS).
    alpha
        The false discovery rate to control, in (0, 1).

    Returns
    -------
    numpy.ndarray
        Boolean array, True where ``p <= p_(k*)`` with ``k*`` the largest
        ``k`` such that ``p_(k) <= k / n * alpha``.

    Examples
    --------
    Five tests at 5 %: the sorted p-values are compared with 0.01, 0.02,
    0.03, 0.04 and 0.05; the largest that passes is the second.

    >>> fdr_significant([0.001, 0.008, 0.039, 0.041, 0.60], 0.05).tolist()
    [True, True, False, False, False]
    """
    if not 0.0 < alpha < 1.0:
        msg = f"`alpha` must lie in (0, 1), got {alpha!r}"
        raise ValueError(msg)
    pa = np.asarray(p, dtype=float).ravel()
    n = pa.size
    if n == 0:
        return np.zeros(0, dtype=bool)
    filled = np.where(np.isnan(pa), np.inf, pa)
    ordered = np.sort(filled)
    passing = ordered <= np.arange(1, n + 1) / n * alpha
    if not passing.any():
        return np.zeros(np.shape(p), dtype=bool)
    critical = ordered[np.flatnonzero(passing)[-1]]
    rejected: np.ndarray = (filled <= critical).reshape(np.shape(p))
    return rejected


def confidence_bins(z: npt.ArrayLike, p: npt.ArrayLike, *, fdr: bool = False) -> np.ndarray:
    """ArcGIS's ``Gi_Bin``: -3..+3 from z-scores and two-sided p-values.

    Parameters
    ----------
    z
        z-scores (their sign says hot or cold).
    p
        Two-sided p-values of ``z``.
    fdr
        Lower each level's critical p-value with the Benjamini-Hochberg
        rule over all the values given (see the module docstring).

    Returns
    -------
    numpy.ndarray
        ``int8`` bins, same shape as ``z``; 0 where ``z`` or ``p`` is NaN.

    Examples
    --------
    >>> z = [3.1, 2.1, -1.8, 0.4]
    >>> confidence_bins(z, two_sided_p(z)).tolist()
    [3, 2, -1, 0]

    With the FDR rule, z = 2.1 (p = 0.036) no longer passes 5 % among four
    tests (its threshold is 2/4 * 0.05 = 0.025), only 10 %:

    >>> confidence_bins(z, two_sided_p(z), fdr=True).tolist()
    [3, 1, -1, 0]
    """
    za = np.asarray(z, dtype=np.float64)
    pa = np.asarray(p, dtype=np.float64)
    if za.shape != pa.shape:
        msg = f"`z` has shape {za.shape} but `p` has shape {pa.shape}"
        raise ValueError(msg)
    level = np.zeros(za.shape, dtype=np.int8)
    for alpha, magnitude in CONFIDENCE_LEVELS:
        significant = fdr_significant(pa, alpha) if fdr else (pa <= alpha)
        level[significant] = magnitude
    sign = np.sign(np.nan_to_num(za)).astype(np.int8)
    return (level * sign).astype(np.int8)


# ---------------------------------------------------------------------------
# Mann-Kendall trend test
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class MannKendall:
    """Result of the Mann-Kendall trend test, one entry per series.

    Attributes
    ----------
    s
        The statistic ``S = sum_{i<j} sign(x_j - x_i)``.
    var_s
        Its variance under no trend, corrected for ties.
    z
        ``(S - 1) / sqrt(var_s)`` for ``S > 0``, ``(S + 1) / sqrt(var_s)``
        for ``S < 0``, 0 for ``S = 0`` (continuity correction).
    p
        Two-sided p-value of ``z``.
    tau
        Kendall's tau-b between the series and time (tau-a when there are
        no ties), in [-1, 1]; NaN for a constant series.
    """

    s: np.ndarray
    var_s: np.ndarray
    z: np.ndarray
    p: np.ndarray
    tau: np.ndarray


def mann_kendall(x: npt.ArrayLike) -> MannKendall:
    """Mann-Kendall test for a monotonic trend in each row of ``x``.

    Parameters
    ----------
    x
        A series of shape ``(T,)`` or many series of shape ``(n, T)``, in
        time order, with no NaN.

    Returns
    -------
    MannKendall
        Arrays of shape ``(n,)`` (or scalars' 0-d arrays for one series).

    Notes
    -----
    ``var_s = [T(T-1)(2T+5) - sum_g t_g(t_g-1)(2t_g+5)] / 18`` where
    ``t_g`` are the sizes of the groups of tied values (Kendall 1975). This
    is the form ArcGIS's *Create Space Time Cube* and *Emerging Hot Spot
    Analysis* use for their trend z-scores.
    """
    xa = np.asarray(x, dtype=float)
    one = xa.ndim == 1
    if one:
        xa = xa[None, :]
    if xa.ndim != 2:
        msg = f"`x` must have 1 or 2 dimensions, got shape {xa.shape}"
        raise ValueError(msg)
    if np.isnan(xa).any():
        msg = "`x` has NaN values; the Mann-Kendall test needs complete series"
        raise ValueError(msg)
    n_series, t = xa.shape
    if t < 2:
        msg = f"the Mann-Kendall test needs at least 2 time steps, got {t}"
        raise ValueError(msg)
    s = np.zeros(n_series)
    for lag in range(1, t):
        s += np.sign(xa[:, lag:] - xa[:, :-lag]).sum(axis=1)
    # tie groups, per row
    ordered = np.sort(xa, axis=1)
    new_group = np.ones((n_series, t), dtype=bool)
    new_group[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
    group = np.cumsum(new_group, axis=1) - 1
    flat = (np.arange(n_series)[:, None] * t + group).ravel()
    sizes = np.bincount(flat, minlength=n_series * t).reshape(n_series, t).astype(float)
    tie_term = (sizes * (sizes - 1) * (2 * sizes + 5)).sum(axis=1)
    tie_pairs = (sizes * (sizes - 1) / 2).sum(axis=1)
    var_s = (t * (t - 1) * (2 * t + 5) - tie_term) / 18.0
    with np.errstate(divide="ignore", invalid="ignore"):
        sd = np.sqrt(var_s)
        z = np.where(s > 0, (s - 1) / sd, np.where(s < 0, (s + 1) / sd, 0.0))
        z = np.where(var_s > 0, z, 0.0)
        n0 = t * (t - 1) / 2.0
        tau = s / np.sqrt(n0 * (n0 - tie_pairs))
    p = two_sided_p(z)
    if one:
        return MannKendall(s[0], var_s[0], z[0], p[0], tau[0])
    return MannKendall(s, var_s, z, p, tau)


# ---------------------------------------------------------------------------
# Global Moran's I
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class GlobalMoran:
    """Global Moran's I with its analytic inference.

    Attributes mirror ``esda.Moran``: ``i`` (``I``), ``expected`` (``EI``),
    ``variance_norm``/``variance_rand`` (``VI_norm``/``VI_rand``),
    ``z_norm``/``z_rand`` and the two-sided ``p_norm``/``p_rand``. ArcGIS's
    *Spatial Autocorrelation (Global Moran's I)* reports the randomisation
    z-score (its variance carries the kurtosis term), so ``z_rand`` is the
    one :mod:`models.scale` uses.
    """

    i: float
    expected: float
    variance_norm: float
    variance_rand: float
    z_norm: float
    z_rand: float
    p_norm: float
    p_rand: float
    n: int
    s0: float


def row_standardize(w: sp.spmatrix | sp.sparray) -> sp.csr_matrix:
    """Divide each row of ``w`` by its sum (rows summing to 0 stay 0)."""
    csr = sp.csr_matrix(w, dtype=float)
    sums = np.asarray(csr.sum(axis=1)).ravel()
    inv = np.divide(1.0, sums, out=np.zeros_like(sums), where=sums != 0)
    return sp.csr_matrix(sp.diags(inv) @ csr)


def moran_moments(w: sp.spmatrix | sp.sparray) -> tuple[float, float, float]:
    """The sums ``S0``, ``S1``, ``S2`` of a weights matrix (as libpysal's ``W``).

    ``S0 = sum w_ij``, ``S1 = 1/2 sum (w_ij + w_ji)^2``,
    ``S2 = sum_i (w_i. + w_.i)^2``.
    """
    csr = sp.csr_matrix(w, dtype=float)
    sym = csr + csr.T
    s0 = float(csr.sum())
    s1 = 0.5 * float(sym.multiply(sym).sum())
    s2 = float(
        ((np.asarray(csr.sum(axis=1)).ravel() + np.asarray(csr.sum(axis=0)).ravel()) ** 2).sum()
    )
    return s0, s1, s2


def moran_from_moments(
    z: np.ndarray, lag_sum: float, s0: float, s1: float, s2: float
) -> GlobalMoran:
    """Moran's I and its moments from the centred values and ``z' W z``.

    Split out so that :mod:`models.scale` can feed sums it accumulates
    itself without building a sparse matrix per distance band.
    """
    n = z.size
    z2 = float((z * z).sum())
    i = n / s0 * lag_sum / z2
    ei = -1.0 / (n - 1)
    n2 = n * n
    s02 = s0 * s0
    v_norm = (n2 * s1 - n * s2 + 3 * s02) / ((n - 1) * (n + 1) * s02) - ei * ei
    k = (float((z**4).sum()) / n) / (z2 / n) ** 2
    a = n * ((n2 - 3 * n + 3) * s1 - n * s2 + 3 * s02)
    b = k * ((n2 - n) * s1 - 2 * n * s2 + 6 * s02)
    v_rand = (a - b) / ((n - 1) * (n - 2) * (n - 3) * s02) - ei * ei
    # with few values and a heavy tail (kurtosis k), the randomisation variance's
    # small-sample formula can go negative: then there is no z, not a warning and a NaN
    z_norm = (i - ei) / math.sqrt(v_norm) if v_norm > 0 else math.nan
    z_rand = (i - ei) / math.sqrt(v_rand) if v_rand > 0 else math.nan
    return GlobalMoran(
        i=float(i),
        expected=float(ei),
        variance_norm=float(v_norm),
        variance_rand=float(v_rand),
        z_norm=float(z_norm),
        z_rand=float(z_rand),
        p_norm=float(two_sided_p(z_norm)),
        p_rand=float(two_sided_p(z_rand)),
        n=int(n),
        s0=float(s0),
    )


def global_moran(
    y: npt.ArrayLike, w: sp.spmatrix | sp.sparray, *, transform: str = "r"
) -> GlobalMoran:
    """Global Moran's I of ``y`` under weights ``w``.

    Parameters
    ----------
    y
        Values, one per feature.
    w
        Sparse weights, zero diagonal; rows of features with no neighbour
        (islands) are all zero.
    transform
        ``"r"`` to row-standardise ``w`` first (esda's and ArcGIS's
        default), ``"b"`` to use it as given (binary).

    Returns
    -------
    GlobalMoran
        Equal to ``esda.Moran(y, w, transformation=transform)`` on the same
        weights (see the tests).
    """
    ya = np.asarray(y, dtype=float).ravel()
    if transform.lower() == "r":
        wm = row_standardize(w)
    elif transform.lower() == "b":
        wm = sp.csr_matrix(w, dtype=float)
    else:
        msg = f"`transform` must be 'r' or 'b', got {transform!r}"
        raise ValueError(msg)
    if wm.shape != (ya.size, ya.size):
        msg = f"`w` has shape {wm.shape} but `y` has {ya.size} values"
        raise ValueError(msg)
    if ya.size < 4:
        msg = f"Moran's I needs at least 4 features, got {ya.size}"
        raise ValueError(msg)
    z = ya - ya.mean()
    if not np.any(z):
        msg = "`y` is constant: Moran's I is undefined"
        raise ValueError(msg)
    s0, s1, s2 = moran_moments(wm)
    return moran_from_moments(z, float(z @ (wm @ z)), s0, s1, s2)


# ---------------------------------------------------------------------------
# The ratio of two Poisson rates (period comparisons)
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RateRatio:
    """The ratio of two Poisson rates with its exact conditional interval, one entry per pair.

    Attributes
    ----------
    ratio
        ``(n1 / e1) / (n2 / e2)``: ``inf`` when ``n2 = 0 < n1``, NaN when both are 0.
    low, high
        The exact (Clopper-Pearson, conditional on ``n1 + n2``) confidence
        interval of the ratio; ``high`` is ``inf`` when ``n2 = 0``, ``low`` is 0
        when ``n1 = 0``; both NaN when ``n1 + n2 = 0``.
    p
        The two-sided exact conditional p-value of "the rates are equal"
        (the binomial test, ``minlike``: the sum of the probabilities of every
        split no likelier than the one observed); 1 when ``n1 + n2 = 0``.
    """

    ratio: np.ndarray
    low: np.ndarray
    high: np.ndarray
    p: np.ndarray

    @property
    def within_chance(self) -> np.ndarray:
        """Whether the interval holds 1 (the change could be noise), or there are no events."""
        return ~((self.low > 1) | (self.high < 1))


def poisson_rate_ratio(
    n1: npt.ArrayLike,
    e1: npt.ArrayLike,
    n2: npt.ArrayLike,
    e2: npt.ArrayLike,
    *,
    confidence: float = 0.95,
) -> RateRatio:
    """Compare two Poisson counts over their exposures, exactly.

    Given ``N = n1 + n2`` events, ``n1`` is binomial with
    ``pi = R e1 / (R e1 + e2)`` where ``R`` is the ratio of the rates; the
    Clopper-Pearson interval ``(pi_low, pi_high)`` of ``pi`` maps to the
    interval of ``R`` by ``R = pi e2 / ((1 - pi) e1)`` (Ulm 1990; the "exact
    conditional" method of statsmodels' ``test_poisson_2indep``, whose
    p-value this equals). So "+11 %" on 9 -> 10 homicides gets an interval
    from about 0.41 to 3.09: noise.

    Parameters
    ----------
    n1, n2
        Counts (whole, non-negative) of the period compared and of the reference.
    e1, e2
        Their exposures (e.g. days, or days times residents), positive.
    confidence
        The interval's coverage, in (0, 1).

    Returns
    -------
    RateRatio

    Examples
    --------
    >>> r = poisson_rate_ratio([10], [365], [9], [365])
    >>> round(float(r.ratio[0]), 3), bool(r.within_chance[0])
    (1.111, True)
    """
    from scipy import stats

    a1, a2 = np.atleast_1d(np.asarray(n1, dtype=float)), np.atleast_1d(np.asarray(n2, dtype=float))
    x1, x2 = np.atleast_1d(np.asarray(e1, dtype=float)), np.atleast_1d(np.asarray(e2, dtype=float))
    a1, a2, x1, x2 = np.broadcast_arrays(a1, a2, x1, x2)
    if not 0 < confidence < 1:
        msg = f"`confidence` must be between 0 and 1, got {confidence!r}"
        raise ValueError(msg)
    if (a1 < 0).any() or (a2 < 0).any() or (a1 % 1 != 0).any() or (a2 % 1 != 0).any():
        msg = "the counts `n1` and `n2` must be whole numbers of at least 0"
        raise ValueError(msg)
    if not ((x1 > 0).all() and (x2 > 0).all()):
        msg = "the exposures `e1` and `e2` must be positive"
        raise ValueError(msg)
    total = a1 + a2
    alpha = 1 - confidence
    with np.errstate(divide="ignore", invalid="ignore"):
        pi_low = np.where(a1 > 0, special.betaincinv(a1, total - a1 + 1, alpha / 2), 0.0)
        pi_high = np.where(a2 > 0, special.betaincinv(a1 + 1, total - a1, 1 - alpha / 2), 1.0)
        scale = x2 / x1
        low = np.where(pi_low < 1, pi_low / (1 - pi_low), np.inf) * scale
        high = np.where(pi_high < 1, pi_high / (1 - pi_high), np.inf) * scale
        ratio = (a1 / x1) / (a2 / x2)
    empty = total == 0
    low[empty] = np.nan
    high[empty] = np.nan
    ratio = np.where(empty, np.nan, ratio)
    p = np.ones(len(a1))
    for k in np.flatnonzero(~empty):
        share = x1[k] / (x1[k] + x2[k])
        p[k] = stats.binomtest(int(a1[k]), int(total[k]), share).pvalue
    return RateRatio(ratio=ratio, low=low, high=high, p=np.clip(p, 0.0, 1.0))
