"""Near repeats: the Knox test by distance and time bands, as Ratcliffe's Near Repeat Calculator.

A *near repeat* is an incident that follows another one close by, soon
after, more often than chance would have it (a burglary or a shooting that
is followed by another one down the street within days). The test counts,
for every unordered pair of incidents ``(i, j)``, the band of their
distance and the band of the time between them, and compares each cell of
that table with what it would hold if the times were shuffled among the
incidents: space and time independent, the places and the calendar as
they are.

Bands
    With ``d`` metres per distance band and ``K`` bands, a pair at distance
    ``r`` falls in band 0 when ``0 <= r <= d``, in band ``k`` when
    ``k d < r <= (k + 1) d`` and in the *beyond* band ``K`` when
    ``r > K d``. Time works the same way on ``|t_i - t_j|`` in days,
    fractional days included (the timestamps are compared to the
    nanosecond), with ``w`` days per band and ``T`` bands: band 0 is
    ``[0, w]``, band ``k`` is ``(k w, (k + 1) w]`` and band ``T`` is beyond.
    The Near Repeat Calculator writes the same bands in whole days as
    0-7, 8-14, 15-21, ... days.

Observed
    ``O[d, t]`` is the number of pairs in distance band ``d`` and time band
    ``t``; the table holds all ``P = n (n - 1) / 2`` pairs.

Expected
    Under the null hypothesis the times are a random permutation of the
    observed times over the incidents' places. A pair of places ``(i, j)``
    then receives the times of a uniformly random unordered pair of
    distinct incidents, so the chance that its time gap falls in band ``t``
    is ``A[t] / P``, with ``A[t]`` the number of *all* pairs whose gap is in
    band ``t``. Summing over the ``N[d]`` pairs of distance band ``d``
    (linearity of expectation) gives the exact expectation::

        E[d, t] = N[d] * A[t] / P

    The Near Repeat Calculator reports the mean of its Monte Carlo
    permutations instead, which tends to ``E`` as the permutations grow;
    for a single cell (one distance band ``delta`` and one time band
    ``tau``) ``E`` is the classical Knox expectation ``NS * NT / P``
    (pointpats' ``Knox.expected[0, 0]``). Both margins of ``O`` and ``E``
    agree, and each table sums to ``P``. The Knox ratio is ``O / E``
    (NaN where ``E = 0``).

Significance
    With ``permutations = m > 0`` the times are permuted ``m`` times
    (``numpy.random.default_rng(seed).permutation``, one draw per
    permutation, applied to the incidents in the order given after the
    excluded rows are dropped), the pairs recounted, and::

        p[d, t] = (1 + #{permutations with count >= O[d, t]}) / (m + 1)

    one-sided (more pairs than chance), as the Near Repeat Calculator. The
    beyond row's counts under a permutation follow from the invariant
    column totals ``A[t]``, so it gets a p-value too. With
    ``permutations = 0`` the p-value is the Poisson upper tail
    ``P(X >= O)`` for ``X ~ Poisson(E)`` (``scipy.stats.poisson.sf(O - 1,
    E)``; pointpats' ``p_poisson`` is ``P(X > O)`` instead). A cell is
    significant when ``p < 0.05``.

How it is computed
    Only the pairs closer than ``K d`` (the *close* pairs) are listed, with
    :meth:`scipy.spatial.cKDTree.query_pairs` on horizontal strips of the
    study area, so the search itself needs memory for a strip, not the
    city; the close pairs are then kept as two index arrays (16 bytes a
    pair: 25 million pairs, 400 MB, for 50,000 incidents a year in a
    6 x 6 km square with the default 500 m). The pairs of every time band
    (``A``) come from the sorted times with :func:`numpy.searchsorted`,
    without listing pairs; the beyond row is ``A`` minus the close rows.
    The permutation loop is vectorised over the close pairs in chunks of
    about a million, one permutation at a time, so its memory does not grow
    with the number of permutations; times go in the coarsest unit that
    keeps every comparison exact (seconds for records kept to the second),
    in 32 bits when they fit.

References
----------
Knox, E. G. (1964). The detection of space-time interactions. *Journal of
the Royal Statistical Society, Series C (Applied Statistics)*, 13(1), 25-30.

Ratcliffe, J. H. (2009). *Near Repeat Calculator* (version 1.3). Temple
University, Philadelphia, PA, and the National Institute of Justice,
Washington, DC.

Johnson, S. D., Bernasco, W., Bowers, K. J., Elffers, H., Ratcliffe, J.,
Rengert, G. and Townsley, M. (2007). Space-time patterns of risk: a cross
national assessment of residential burglary victimization. *Journal of
Quantitative Criminology*, 23(3), 201-219.

Examples
--------
Four incidents: two 50 m and two days apart, a third 150 m from the first
ten days later, and a fourth a kilometre away forty days after the first:

>>> x = np.array([0.0, 50.0, 0.0, 1000.0])
>>> y = np.array([0.0, 0.0, 150.0, 0.0])
>>> when = np.datetime64("2024-01-01") + np.array([0, 2, 10, 40]).astype("timedelta64[D]")
>>> res = knox(x, y, when, spec=KnoxSpec(permutations=0))
>>> res.n, res.pairs, res.method
(4, 6, 'poisson')

One pair within 100 m and 7 days, where 1 * 1 / 6 was expected:

>>> cell = res.table.iloc[0]
>>> int(cell.observed), round(float(cell.expected), 4), round(float(cell.ratio), 1)
(1, 0.1667, 6.0)
>>> res.matrix("observed")  # doctest: +NORMALIZE_WHITESPACE
time_band      0  1  2  3  4
distance_band
0              1  0  0  0  0
1              0  2  0  0  0
2              0  0  0  0  0
3              0  0  0  0  0
4              0  0  0  0  0
5              0  0  0  0  3
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal, TypeAlias

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import special
from scipy.spatial import cKDTree

from geo.errors import TooFewIncidents

#: Nanoseconds in a day: times are compared as whole nanoseconds.
NS_PER_DAY = 86_400 * 10**9
#: A cell is significant when its p-value is below this.
ALPHA = 0.05
#: Most permutations a spec accepts (p-values down to 1 / 10,000).
MAX_PERMUTATIONS = 9999
#: Most distance or time bands a spec accepts.
MAX_BANDS = 100
#: Column names of :attr:`KnoxResult.table`, in order.
TABLE_COLUMNS: tuple[str, ...] = (
    "distance_band",
    "distance_from",
    "distance_to",
    "time_band",
    "days_from",
    "days_to",
    "observed",
    "expected",
    "ratio",
    "p",
    "significant",
)

# Pairs per chunk of the counting loop: each temporary is about 8 MB.
_CHUNK = 1 << 20
# Pairs a strip of the study area should hold (query_pairs' output: 16 bytes a pair).
_STRIP_PAIRS = 1 << 22
# Time edges past this catch every pair (time spans are checked to be shorter).
_TIME_CAP = 1 << 62
# Up to this many time bands the counts are cumulative comparisons, past it a division.
_COMPARE_BANDS = 8

#: How the p-values were found.
KnoxMethod: TypeAlias = Literal["permutation", "poisson"]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


def _whole(name: str, value: object, low: int, high: int | None = None) -> None:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | np.integer)
        or int(value) < low
        or (high is not None and int(value) > high)
    ):
        span = f"from {low} to {high:,}" if high is not None else f"of at least {low}"
        msg = f"`{name}` must be a whole number {span}, got {value!r}"
        raise ValueError(msg)


@dataclass(frozen=True)
class KnoxSpec:
    """The bands and the inference of a Knox near-repeat test.

    Attributes
    ----------
    distance_band
        Metres per distance band (positive).
    distance_bands
        Distance bands before the *beyond* band (1 to 100): with the
        defaults, 0-100, 100-200, ..., 400-500 m and beyond 500 m.
    time_band
        Whole days per time band (at least 1).
    time_bands
        Time bands before the *beyond* band (1 to 100): with the defaults,
        0-7, 7-14, 14-21 and 21-28 days, and beyond 28 days.
    permutations
        Monte Carlo permutations of the times (0 to 9,999); 0 uses the
        Poisson approximation instead.
    seed
        Seed of :func:`numpy.random.default_rng` for the permutations.

    Examples
    --------
    >>> KnoxSpec(distance_band=150, time_bands=2)
    KnoxSpec(distance_band=150, distance_bands=5, time_band=7, time_bands=2, permutations=99, seed=0)
    >>> KnoxSpec(permutations=10_000)
    Traceback (most recent call last):
    ...
    ValueError: `permutations` must be a whole number from 0 to 9,999, got 10000
    """

    distance_band: float = 100.0
    distance_bands: int = 5
    time_band: int = 7
    time_bands: int = 4
    permutations: int = 99
    seed: int = 0

    def __post_init__(self) -> None:
        d = self.distance_band
        if (
            isinstance(d, bool)
            or not isinstance(d, int | float | np.integer | np.floating)
            or not (math.isfinite(float(d)) and float(d) > 0)
        ):
            msg = f"`distance_band` must be a positive number of metres, got {d!r}"
            raise ValueError(msg)
        _whole("distance_bands", self.distance_bands, 1, MAX_BANDS)
        _whole("time_band", self.time_band, 1)
        _whole("time_bands", self.time_bands, 1, MAX_BANDS)
        _whole("permutations", self.permutations, 0, MAX_PERMUTATIONS)
        _whole("seed", self.seed, 0)

    @property
    def radius(self) -> float:
        """The farthest distance that is not *beyond*: ``distance_band * distance_bands``."""
        return float(self.distance_band) * int(self.distance_bands)


@dataclass(frozen=True)
class NearRepeat:
    """The cell a near-repeat finding is stated from (see :meth:`KnoxResult.near_repeat`).

    Attributes
    ----------
    distance_band, time_band
        The cell's band indices.
    distance_to
        Its outer distance in metres ("within ``distance_to`` metres").
    days_to
        Its outer time gap in days ("within ``days_to`` days").
    ratio
        Knox ratio, observed / expected.
    p
        Its p-value.
    observed
        Pairs observed in the cell.
    expected
        Pairs expected in the cell.
    """

    distance_band: int
    time_band: int
    distance_to: float
    days_to: float
    ratio: float
    p: float
    observed: int
    expected: float


@dataclass(frozen=True, eq=False)
class KnoxResult:
    """The Knox table of a set of incidents.

    Attributes
    ----------
    spec
        The spec used.
    n
        Incidents used.
    excluded
        Rows left out for a missing (NaN or infinite) coordinate or a
        missing (NaT) time.
    pairs
        Unordered pairs of incidents used, ``n (n - 1) / 2``; the sum of the
        ``observed`` and of the ``expected`` columns.
    table
        One row per cell, distance bands outer, time bands inner:

        ``distance_band`` (int)
            0 to ``distance_bands``; the last one is *beyond*.
        ``distance_from``, ``distance_to`` (float)
            Metres; a pair is in the band when ``from < r <= to`` (band 0
            includes 0); ``distance_to`` is NaN for beyond.
        ``time_band`` (int)
            0 to ``time_bands``; the last one is *beyond*.
        ``days_from``, ``days_to`` (float)
            Days, with the same convention; ``days_to`` is NaN for beyond.
        ``observed`` (int)
            Pairs in the cell.
        ``expected`` (float)
            Exact expectation under random permutation of the times,
            ``N[d] * A[t] / pairs``.
        ``ratio`` (float)
            ``observed / expected``; NaN where nothing is expected.
        ``p`` (float)
            One-sided p-value of observing at least this many pairs.
        ``significant`` (bool)
            ``p < 0.05``.
    method
        ``"permutation"`` (Monte Carlo p-values) or ``"poisson"``.
    """

    spec: KnoxSpec
    n: int
    excluded: int
    pairs: int
    table: pd.DataFrame
    method: KnoxMethod

    def near_repeat(self, *, within: int | None = None) -> NearRepeat | None:
        """The cell to state a near-repeat finding from, or None when there is none.

        The rule: among the cells that are not *beyond* in distance or in
        time and are significant, take those of the earliest time band
        that has any (a near repeat within the first ``time_band`` days is
        preferred to one weeks later); among them the highest Knox ratio,
        the nearer distance band on a tie.

        Parameters
        ----------
        within
            Look only at the first ``within`` time bands (``1``: a repeat
            soon after, as a sentence states it; a lone significant cell
            weeks later, among a table of many cells, is what multiple
            testing gives); ``None``: every band before *beyond*.

        Returns
        -------
        NearRepeat or None
            The cell's facts; None when no such cell is significant.
        """
        t = self.table
        near = t[
            (t["distance_band"] < self.spec.distance_bands)
            & (t["time_band"] < min(self.spec.time_bands, within or self.spec.time_bands))
            & t["significant"]
        ]
        if near.empty:
            return None
        first = near[near["time_band"] == near["time_band"].min()]
        best = first.sort_values(["ratio", "distance_band"], ascending=[False, True]).iloc[0]
        return NearRepeat(
            distance_band=int(best["distance_band"]),
            time_band=int(best["time_band"]),
            distance_to=float(best["distance_to"]),
            days_to=float(best["days_to"]),
            ratio=float(best["ratio"]),
            p=float(best["p"]),
            observed=int(best["observed"]),
            expected=float(best["expected"]),
        )

    def matrix(self, value: str = "ratio") -> pd.DataFrame:
        """One column of the table as distance bands (rows) by time bands (columns).

        Parameters
        ----------
        value
            A column of :attr:`table`: ``observed``, ``expected``,
            ``ratio``, ``p`` or ``significant``.

        Returns
        -------
        pandas.DataFrame
            Indexed by ``distance_band``, columns ``time_band``; the last
            row and column are *beyond*.
        """
        allowed = ("observed", "expected", "ratio", "p", "significant")
        if value not in allowed:
            msg = f"`value` must be one of {', '.join(allowed)}, got {value!r}"
            raise ValueError(msg)
        return self.table.pivot(index="distance_band", columns="time_band", values=value)


def _inputs(
    x: npt.ArrayLike, y: npt.ArrayLike, when: npt.ArrayLike
) -> tuple[FloatArray, FloatArray, IntArray, int]:
    """Valid coordinates and times (ns since the earliest), and the rows excluded."""
    xa = np.asarray(x, dtype=float)
    ya = np.asarray(y, dtype=float)
    wa = np.asarray(when)
    for name, arr in (("x", xa), ("y", ya), ("when", wa)):
        if arr.ndim != 1:
            msg = f"`{name}` must be one-dimensional, got shape {arr.shape}"
            raise ValueError(msg)
    if not (xa.size == ya.size == wa.size):
        msg = (
            f"`x`, `y` and `when` must have the same length, got {xa.size}, {ya.size} and {wa.size}"
        )
        raise ValueError(msg)
    if wa.dtype.kind != "M":
        msg = f"`when` must hold numpy datetime64 values, got dtype {wa.dtype}"
        raise ValueError(msg)
    wa = wa.astype("datetime64[ns]")
    keep = np.isfinite(xa) & np.isfinite(ya) & ~np.isnat(wa)
    t = wa[keep].view(np.int64)
    if t.size:
        lo, hi = int(t.min()), int(t.max())
        if hi - lo >= _TIME_CAP:
            msg = f"`when` spans {(hi - lo) / NS_PER_DAY / 365.25:,.0f} years; at most 146 are supported"
            raise ValueError(msg)
        t = t - lo
    return xa[keep], ya[keep], t, int(keep.size - keep.sum())


def _time_edges(spec: KnoxSpec) -> IntArray:
    """Upper edges of the time bands in ns (capped where they catch every pair)."""
    w = int(spec.time_band) * NS_PER_DAY
    return np.array([min(k * w, _TIME_CAP) for k in range(1, int(spec.time_bands) + 1)], np.int64)


def _compact_times(t: IntArray, spec: KnoxSpec) -> tuple[npt.NDArray[np.integer], IntArray]:
    """Times and time edges in the coarsest exact unit, as int32 when they fit.

    The unit ``g`` is the greatest common divisor of the times (ns since
    the earliest) and of the band width in ns, so ``dt <= e`` holds in
    units exactly when it holds in ns. Records kept to the second or the
    minute fit in 32 bits over decades, which halves the memory the
    permutation loop reads.
    """
    w = int(spec.time_band) * NS_PER_DAY
    g = math.gcd(int(np.gcd.reduce(t)), w) if t.size else w
    units = t // g
    span = int(units.max()) if units.size else 0
    small = span < np.iinfo(np.int32).max
    cap = int(np.iinfo(np.int32).max) if small else _TIME_CAP
    edges = np.array([min(k * (w // g), cap) for k in range(1, int(spec.time_bands) + 1)], np.int64)
    return (units.astype(np.int32) if small else units), edges


def _all_pairs_by_time(t: IntArray, edges: IntArray, pairs: int) -> IntArray:
    """Pairs of all incidents per time band, the last one beyond, without listing pairs.

    For each ``i`` of the sorted times the pairs ``j > i`` with
    ``t[j] - t[i] <= e`` are ``searchsorted(t, t[i] + e, "right") - i - 1``.
    """
    ts = np.sort(t)
    rank = np.arange(1, ts.size + 1)
    within = np.array(
        [int((np.searchsorted(ts, ts + e, side="right") - rank).sum()) for e in edges], np.int64
    )
    bounds = np.concatenate([[0], within, [pairs]]).astype(np.int64)
    per: IntArray = np.diff(bounds)
    return per


def _strip_pairs(
    x: FloatArray, y: FloatArray, radius: float
) -> Iterator[tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]]:
    """Every unordered pair closer than ``radius``, strip by strip, as index arrays ``(i, j)``.

    ``x`` and ``y`` must be sorted by rows of height ``radius``
    (``floor((y - y.min()) / radius)``). A strip is a run of whole rows
    holding about ``_STRIP_PAIRS`` pairs; its tree also holds the points of
    the next two rows (a neighbour lies at most one row up, two with
    rounding) that are within ``radius`` of the strip's top, and a pair is
    kept when one of its points is in the strip, so each pair comes once.
    """
    n = x.size
    rows = np.floor((y - y.min()) / radius)
    width = max(float(x.max() - x.min()), radius)
    height = max(float(y.max() - y.min()), radius)
    # first guess of the pairs per point, from the mean density; then measured
    per_point = max(n * math.pi * radius * radius / (2.0 * width * height), 1e-3)
    reach = radius * (1.0 + 1e-9)
    start = 0
    while start < n:
        take = int(min(n - start, max(1.0, _STRIP_PAIRS / per_point)))  # then whole rows
        end = int(np.searchsorted(rows, rows[start + take - 1], side="right"))
        stop = int(np.searchsorted(rows, rows[end - 1] + 2, side="right"))
        top = float(y[start:end].max())
        halo = end + np.flatnonzero(y[end:stop] - top <= reach)
        idx = np.concatenate([np.arange(start, end), halo])
        tree = cKDTree(np.column_stack([x[idx], y[idx]]))
        found = tree.query_pairs(radius, output_type="ndarray")  # rows (i, j) with i < j
        keep = found[:, 0] < end - start  # the strip's points come first
        i = found[:, 0][keep]
        j = found[:, 1][keep]
        del found, keep
        per_point = max(i.size / (end - start), 1e-3)
        i += start
        yield i, idx[j]
        start = end


@dataclass(frozen=True)
class _Chunk:
    """Close pairs ordered by distance band: ``i``, ``j`` and each band's slice bounds."""

    i: npt.NDArray[np.intp]
    j: npt.NDArray[np.intp]
    bounds: IntArray


def _close_chunks(x: FloatArray, y: FloatArray, spec: KnoxSpec) -> list[_Chunk]:
    """The close pairs (distance band below ``distance_bands``) in chunks of at most ``_CHUNK``."""
    k = int(spec.distance_bands)
    edges = float(spec.distance_band) * np.arange(1, k + 1)
    chunks: list[_Chunk] = []
    for strip_i, strip_j in _strip_pairs(x, y, spec.radius):
        for a in range(0, strip_i.size, _CHUNK):
            i = strip_i[a : a + _CHUNK]
            j = strip_j[a : a + _CHUNK]
            dx = x[i] - x[j]
            dy = y[i] - y[j]
            band = np.searchsorted(edges, np.sqrt(dx * dx + dy * dy), side="left").astype(np.int16)
            order = np.argsort(band, kind="stable")
            band = band[order]
            close = int(np.searchsorted(band, k, side="left"))
            order = order[:close]
            bounds = np.searchsorted(band[:close], np.arange(k + 1), side="left").astype(np.int64)
            chunks.append(
                _Chunk(np.ascontiguousarray(i[order]), np.ascontiguousarray(j[order]), bounds)
            )
    return chunks


def _count(tp: npt.NDArray[np.integer], chunks: list[_Chunk], edges: IntArray, k: int) -> IntArray:
    """Close pairs within each time edge, cumulative: ``(k, len(edges))``.

    ``tp`` holds the incidents' times (permuted, or as observed) in the
    order of the chunks' indices.
    """
    nt = edges.size
    out = np.zeros((k, nt), np.int64)
    # Python ints compare with int32 times without promoting them to int64
    limits = [int(e) for e in edges]
    w = limits[0]
    for ch in chunks:
        dt = tp[ch.i] - tp[ch.j]
        np.abs(dt, out=dt)
        for d in range(k):
            lo, hi = int(ch.bounds[d]), int(ch.bounds[d + 1])
            if hi == lo:
                continue
            seg = dt[lo:hi]
            if nt <= _COMPARE_BANDS:
                for e, limit in enumerate(limits):
                    out[d, e] += np.count_nonzero(seg <= limit)
            else:
                # band = ceil(dt / w) - 1 (0 for dt = 0), capped at the beyond band
                band = np.clip((seg - 1) // w, 0, nt)
                out[d] += np.cumsum(np.bincount(band, minlength=nt + 1)[:nt])
    return out


def _cells(cum: IntArray, n_close: IntArray, by_time: IntArray) -> IntArray:
    """Full tables ``(..., k + 1, nt + 1)`` from cumulative close counts ``(..., k, nt)``.

    The beyond-time column is each band's close pairs minus those within
    the last edge; the beyond-distance row is all pairs of each time band
    minus the close ones.
    """
    per = np.diff(cum, axis=-1, prepend=0)
    close = np.concatenate([per, (n_close - cum[..., -1])[..., None]], axis=-1)
    beyond = by_time - close.sum(axis=-2)
    return np.concatenate([close, beyond[..., None, :]], axis=-2)


def knox(
    x: npt.ArrayLike,
    y: npt.ArrayLike,
    when: npt.ArrayLike,
    *,
    spec: KnoxSpec | None = None,
) -> KnoxResult:
    """Knox near-repeat test of incidents by distance and time bands.

    Parameters
    ----------
    x, y
        Projected coordinates in metres, one per incident.
    when
        Times, numpy ``datetime64`` (any unit; compared in nanoseconds).
    spec
        Bands and inference; the defaults of :class:`KnoxSpec` when None.

    Returns
    -------
    KnoxResult
        The table of observed and expected pairs, Knox ratios and p-values
        per cell (the formulas are in the module's docstring).

    Raises
    ------
    ValueError
        Arrays of different lengths or shapes, ``when`` not datetime64, or
        times spread over more than 146 years.
    geo.errors.TooFewIncidents
        Fewer than two incidents with coordinates and a time.
    """
    spec = KnoxSpec() if spec is None else spec
    xs, ys, t, excluded = _inputs(x, y, when)
    n = int(xs.size)
    if n < 2:
        msg = f"the Knox test needs at least 2 incidents with coordinates and a time, got {n}"
        raise TooFewIncidents(msg, n=n, need=2)
    pairs = n * (n - 1) // 2
    k, nt = int(spec.distance_bands), int(spec.time_bands)
    edges = _time_edges(spec)
    by_time = _all_pairs_by_time(t, edges, pairs)

    # rows of height `radius`, then columns: pairs come strip by strip, and
    # indices of neighbours are close, so the gathers below stay in cache
    radius = spec.radius
    order = np.lexsort((np.floor((xs - xs.min()) / radius), np.floor((ys - ys.min()) / radius)))
    xo, yo = xs[order], ys[order]
    chunks = _close_chunks(xo, yo, spec)
    n_close = np.zeros(k, np.int64)
    for ch in chunks:
        n_close += np.diff(ch.bounds)
    tu, edges_u = _compact_times(t, spec)
    cum = _count(tu[order], chunks, edges_u, k)
    observed = _cells(cum, n_close, by_time)

    n_dist = observed.sum(axis=1)
    expected = np.outer(n_dist, by_time) / pairs
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(expected > 0, observed / expected, np.nan)

    m = int(spec.permutations)
    method: KnoxMethod
    if m > 0:
        method = "permutation"
        rng = np.random.default_rng(int(spec.seed))
        exceed = np.zeros_like(observed)
        for _ in range(m):
            # a permutation of the incidents in input order, read in the sorted order
            tp = tu[rng.permutation(n)[order]]
            exceed += _cells(_count(tp, chunks, edges_u, k), n_close, by_time) >= observed
        p = (1.0 + exceed) / (m + 1.0)
    else:
        method = "poisson"
        p = np.ones(observed.shape)
        some = observed > 0
        # P(X >= O) = P(X > O - 1) for X ~ Poisson(E); pdtrc is scipy.stats.poisson.sf
        p[some] = special.pdtrc(observed[some] - 1, expected[some])

    d_band = np.repeat(np.arange(k + 1), nt + 1)
    t_band = np.tile(np.arange(nt + 1), k + 1)
    dist = float(spec.distance_band)
    days = float(spec.time_band)
    table = pd.DataFrame(
        {
            "distance_band": d_band,
            "distance_from": d_band * dist,
            "distance_to": np.where(d_band < k, (d_band + 1) * dist, np.nan),
            "time_band": t_band,
            "days_from": t_band * days,
            "days_to": np.where(t_band < nt, (t_band + 1) * days, np.nan),
            "observed": observed.ravel().astype(np.int64),
            "expected": expected.ravel(),
            "ratio": ratio.ravel(),
            "p": p.ravel(),
            "significant": p.ravel() < ALPHA,
        },
        columns=list(TABLE_COLUMNS),
    )
    return KnoxResult(spec=spec, n=n, excluded=excluded, pairs=pairs, table=table, method=method)
