"""Emerging hot spots: Gi* in a space-time cube, Mann-Kendall trends, 17 patterns.

After ArcGIS Pro's *Emerging Hot Spot Analysis*. The incidents are counted
in a **space-time cube**: the cells of the study area (empty ones included)
times regular time steps (months by default). Each bin of the cube gets a
**Gi\\*** z-score computed over a *space-time neighbourhood*: the cells
within the neighbourhood distance in the same time step and in the
``time_step_window`` previous steps (0: the same step only). By default
(``reference="cube"``) the global mean and variance of the statistic are
those of every bin of the cube, so a cell that grows hotter than the
city's history becomes a hot spot; with ``reference="step"`` each bin is
compared only with the bins of its own window of time steps (what sfdep
does), which ignores a city-wide rise or fall. Bins get ArcGIS's confidence
bins, with the false discovery rate correction over all the bins of the
cube by default. A bin is a *significant hot spot* when its bin is at
least the level of ``confidence`` (1 for 90 %, 2 for 95 %, 3 for 99 %) and
a *significant cold spot* when it is at most minus that level.

The **Mann-Kendall** test then measures the trend of each cell's series of
Gi* z-scores (``trend_*``; and, for the page, of its counts:
``count_trend_*``). A trend is significant when its two-sided p-value is
below ``trend_alpha``.

Patterns
--------
With ``T`` time steps, a cell is classified by these rules, which are
ArcGIS's definitions; where two definitions could both apply the
precedence is stated ("90 %" means at least ``0.9 T`` time steps):

``new_hot`` — New hot spot
    A statistically significant hot spot for the final time step that has
    never been a statistically significant hot spot before (and, since a
    prior cold spot makes it oscillating, never a cold spot either).
``consecutive_hot`` — Consecutive hot spot
    A single uninterrupted run of at least two statistically significant
    hot spot bins in the final time steps; never a significant hot spot
    before that final run; less than 90 % of all bins are hot spots (and
    never a cold spot).
``intensifying_hot`` — Intensifying hot spot
    A significant hot spot for 90 % of the time steps, including the final
    one; the intensity of clustering (the Gi* z-score) is increasing
    overall and the increase is statistically significant (Mann-Kendall).
``persistent_hot`` — Persistent hot spot
    A significant hot spot for 90 % of the time steps (including the final
    one; otherwise it is historical) with no significant trend in the
    intensity of clustering.
``diminishing_hot`` — Diminishing hot spot
    A significant hot spot for 90 % of the time steps, including the final
    one; the intensity of clustering is decreasing overall and the
    decrease is statistically significant.
``sporadic_hot`` — Sporadic hot spot
    A significant hot spot for the final time step with a history of being
    an on-again then off-again hot spot (a hot bin before the final run of
    hot bins); less than 90 % of the time steps have been hot spots and none
    has been a significant cold spot.
``oscillating_hot`` — Oscillating hot spot
    A significant hot spot for the final time step that has been a
    significant cold spot during a prior time step; less than 90 % of the
    time steps have been significant hot spots.
``historical_hot`` — Historical hot spot
    The final time step is not hot (nor cold), but at least 90 % of the
    time steps have been significant hot spots.
``new_cold`` ... ``historical_cold``
    The eight mirrors: swap hot and cold, and for the trend read
    "intensifying" as z-scores decreasing (getting colder) and
    "diminishing" as z-scores increasing.
``no_pattern`` — No pattern detected
    None of the above.

The rules form a partition: a final hot bin leads to one of the hot
patterns, a final cold bin to one of the cold ones (so a cell hot for 90 %
of the steps but cold at the last one is an oscillating cold spot, not a
historical hot spot), and a final bin that is neither leaves only the
historical patterns or no pattern.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd
import scipy.sparse as sp

from models.lattice import (
    XY,
    Lattice,
    MaskSpec,
    WeightSpec,
    prepare_points,
)
from models.options import Shape, TimeStep
from models.scale import DEFAULT_BANDS, ScaleChoice, analysis_cells
from models.stats import confidence_bins, mann_kendall, two_sided_p

#: Pattern codes in ArcGIS's order, with their English names.
CATEGORY_LABELS: dict[str, str] = {
    "new_hot": "New hot spot",
    "consecutive_hot": "Consecutive hot spot",
    "intensifying_hot": "Intensifying hot spot",
    "persistent_hot": "Persistent hot spot",
    "diminishing_hot": "Diminishing hot spot",
    "sporadic_hot": "Sporadic hot spot",
    "oscillating_hot": "Oscillating hot spot",
    "historical_hot": "Historical hot spot",
    "new_cold": "New cold spot",
    "consecutive_cold": "Consecutive cold spot",
    "intensifying_cold": "Intensifying cold spot",
    "persistent_cold": "Persistent cold spot",
    "diminishing_cold": "Diminishing cold spot",
    "sporadic_cold": "Sporadic cold spot",
    "oscillating_cold": "Oscillating cold spot",
    "historical_cold": "Historical cold spot",
    "no_pattern": "No pattern detected",
}

_LEVELS = {0.90: 1, 0.95: 2, 0.99: 3}


class CubeTooSmall(ValueError):
    """A space-time cube too small for emerging hot spots (a code for the UI's words).

    Attributes
    ----------
    code
        ``"steps"`` (fewer than 2 time steps) or ``"cells"`` (fewer than 3 cells).
    n, need
        What the cube has and the least it needs.
    """

    def __init__(self, msg: str, *, code: str, n: int, need: int) -> None:
        super().__init__(msg)
        self.code = code
        self.n = n
        self.need = need


@dataclass(frozen=True)
class SpaceTimeCube:
    """Values of cells by time step.

    Attributes
    ----------
    lattice
        The cells (rows of ``values``).
    periods
        The time steps (columns of ``values``), a ``pandas.PeriodIndex``.
    values
        ``(n_cells, n_periods)`` counts (or harm) per bin.
    n_outside
        Incidents not counted: outside every cell or outside the periods.
    """

    lattice: Lattice
    periods: pd.PeriodIndex
    values: np.ndarray
    n_outside: int


def space_time_cube(
    x: npt.ArrayLike,
    y: npt.ArrayLike,
    when: npt.ArrayLike,
    *,
    lattice: Lattice,
    freq: TimeStep = "M",
    start: object = None,
    end: object = None,
    weights: npt.ArrayLike | None = None,
) -> SpaceTimeCube:
    """Count (or sum ``weights`` of) points per cell and time step.

    Parameters
    ----------
    x, y
        Coordinates in metres.
    when
        Date-times of the points (naive local time).
    lattice
        The cells.
    freq
        pandas period frequency of the time steps: ``"M"`` months,
        ``"W"`` weeks, ``"Q"`` quarters, ``"Y"`` years.
    start, end
        First and last period (anything ``pandas.Period`` reads); default
        those of the data. Points outside are not counted.
    weights
        Per-point weights, or ``None`` to count.
    """
    stamps = pd.to_datetime(pd.Series(np.asarray(when)))
    if stamps.isna().any():
        row = int(np.flatnonzero(stamps.isna().to_numpy())[0])
        msg = f"point {row}: date-time is missing"
        raise ValueError(msg)
    if len(stamps) == 0:
        msg = "no points to build a space-time cube from"
        raise ValueError(msg)
    per = stamps.dt.to_period(freq)
    first = pd.Period(start, freq=freq) if start is not None else per.min()
    last = pd.Period(end, freq=freq) if end is not None else per.max()
    periods = pd.period_range(first, last, freq=freq)
    t_idx = np.asarray(per.array.asi8, dtype=np.int64) - first.ordinal
    cell = lattice.locate(x, y)
    ok = (cell >= 0) & (t_idx >= 0) & (t_idx < len(periods))
    w = None if weights is None else np.asarray(weights, dtype=float)[ok]
    flat = cell[ok] * len(periods) + t_idx[ok]
    values = np.bincount(flat, weights=w, minlength=lattice.n * len(periods)).astype(float)
    return SpaceTimeCube(
        lattice=lattice,
        periods=periods,
        values=values.reshape(lattice.n, len(periods)),
        n_outside=int((~ok).sum()),
    )


def space_time_gi_star(
    values: npt.ArrayLike,
    w: sp.spmatrix | sp.sparray,
    *,
    time_step_window: int = 1,
    reference: str = "cube",
) -> np.ndarray:
    """Gi* z-score of every bin of a cube with space-time neighbourhoods.

    Parameters
    ----------
    values
        ``(n_cells, T)`` values.
    w
        Binary spatial weights with ones on the diagonal.
    time_step_window
        Previous time steps in the neighbourhood (0: same step only).
    reference
        ``"cube"``: mean and variance over all ``n T`` bins; ``"step"``:
        over the bins of the steps ``t - window .. t`` only.

    Returns
    -------
    numpy.ndarray
        ``(n_cells, T)`` z-scores; equal to :func:`models.gistar.gi_star_z`
        on the explicit space-time weights (see the tests).
    """
    yv = np.asarray(values, dtype=float)
    if yv.ndim != 2:
        msg = f"`values` must be (cells, time steps), got shape {yv.shape}"
        raise ValueError(msg)
    n, t = yv.shape
    if time_step_window < 0:
        msg = f"`time_step_window` must be 0 or more, got {time_step_window}"
        raise ValueError(msg)
    csr = sp.csr_matrix(w, dtype=float)
    if csr.shape != (n, n):
        msg = f"weights have shape {csr.shape} but the cube has {n} cells"
        raise ValueError(msg)
    k = time_step_window
    spatial = np.asarray(csr @ yv)
    cum = np.cumsum(spatial, axis=1)
    lag = cum.copy()
    if k + 1 < t:
        lag[:, k + 1 :] -= cum[:, : t - k - 1]
    steps = np.minimum(np.arange(t), k) + 1
    card = np.asarray(csr.sum(axis=1)).ravel()[:, None] * steps[None, :]
    if reference == "cube":
        big_n = np.full(t, float(n * t))
        mean = np.full(t, yv.mean())
        var = np.full(t, (yv * yv).mean()) - mean**2
    elif reference == "step":
        csum = np.concatenate([[0.0], np.cumsum(yv.sum(axis=0))])
        csq = np.concatenate([[0.0], np.cumsum((yv * yv).sum(axis=0))])
        lo = np.maximum(np.arange(t) - k, 0)
        hi = np.arange(t) + 1
        big_n = n * (hi - lo).astype(float)
        mean = (csum[hi] - csum[lo]) / big_n
        var = (csq[hi] - csq[lo]) / big_n - mean**2
    else:
        msg = f"`reference` must be 'cube' or 'step', got {reference!r}"
        raise ValueError(msg)
    with np.errstate(divide="ignore", invalid="ignore"):
        den = np.sqrt(var[None, :] * (big_n[None, :] * card - card**2) / (big_n[None, :] - 1))
        return np.where(den > 0, (lag - mean[None, :] * card) / den, np.nan)


def classify_trends(
    bins: npt.ArrayLike,
    trend_z: npt.ArrayLike,
    trend_p: npt.ArrayLike,
    *,
    level: int = 1,
    trend_alpha: float = 0.05,
) -> np.ndarray:
    """The pattern of each cell from its confidence bins and trend (module docstring).

    Parameters
    ----------
    bins
        ``(n_cells, T)`` confidence bins -3..+3, in time order.
    trend_z, trend_p
        Mann-Kendall z-score and p-value of each cell's Gi* z-scores.
    level
        Smallest bin magnitude that counts as significant (1: 90 %).
    trend_alpha
        Significance level of the trend.

    Returns
    -------
    numpy.ndarray
        Pattern codes (keys of :data:`CATEGORY_LABELS`), ``object`` dtype.
    """
    b = np.asarray(bins)
    if b.ndim != 2 or b.shape[1] < 1:
        msg = f"`bins` must be (cells, time steps), got shape {b.shape}"
        raise ValueError(msg)
    t = b.shape[1]
    tz = np.asarray(trend_z, dtype=float)
    tp = np.asarray(trend_p, dtype=float)
    up = (tp < trend_alpha) & (tz > 0)
    down = (tp < trend_alpha) & (tz < 0)
    out = np.full(b.shape[0], "no_pattern", dtype=object)
    hot = b >= level
    cold = b <= -level
    for side, sig, other, grows, fades in (
        ("hot", hot, cold, up, down),
        ("cold", cold, hot, down, up),
    ):
        count = sig.sum(axis=1)
        mostly = count >= 0.9 * t - 1e-9
        final = sig[:, -1]
        run = np.cumprod(sig[:, ::-1], axis=1).sum(axis=1)
        before_run = count - run > 0
        ever_other = other.any(axis=1)
        fresh = final & ~mostly & ~ever_other & ~before_run
        rules = [
            (final & mostly & grows, f"intensifying_{side}"),
            (final & mostly & fades, f"diminishing_{side}"),
            (final & mostly & ~grows & ~fades, f"persistent_{side}"),
            (final & ~mostly & ever_other, f"oscillating_{side}"),
            (fresh & (run == 1), f"new_{side}"),
            (fresh & (run >= 2), f"consecutive_{side}"),
            (final & ~mostly & ~ever_other & before_run, f"sporadic_{side}"),
            (~final & ~other[:, -1] & mostly, f"historical_{side}"),
        ]
        for cond, code in rules:
            out[cond] = code
    return out


class EmergingHotSpots:
    """Emerging Hot Spot Analysis of a :class:`SpaceTimeCube`.

    Parameters
    ----------
    distance
        Neighbourhood distance in metres; ``None`` uses queen contiguity.
    time_step_window
        Previous time steps in each bin's neighbourhood (0: same step only).
    fdr
        False discovery rate correction of the bins, over the whole cube.
    confidence
        0.90, 0.95 or 0.99: the confidence a bin needs to count as a hot
        or cold spot in the pattern rules.
    trend_alpha
        Significance level of the Mann-Kendall trends.
    reference
        ``"cube"`` or ``"step"`` (module docstring).

    Attributes
    ----------
    z_, p_ : numpy.ndarray
        ``(n_cells, T)`` Gi* z-scores and two-sided p-values.
    bin_ : numpy.ndarray
        ``(n_cells, T)`` confidence bins -3..+3.
    trend_z_, trend_p_, trend_tau_ : numpy.ndarray
        Mann-Kendall trend of each cell's Gi* z-scores.
    count_trend_z_, count_trend_p_, count_trend_tau_ : numpy.ndarray
        Mann-Kendall trend of each cell's counts.
    category_ : numpy.ndarray
        Pattern code of each cell (:data:`CATEGORY_LABELS`).
    n_hot_, n_cold_ : numpy.ndarray
        Time steps in which each cell is a significant hot / cold spot.
    hot_since_, cold_since_ : numpy.ndarray
        Index of the first step of the final run of hot / cold bins, -1 if
        the final step is not hot / cold.
    """

    def __init__(
        self,
        distance: float | None = None,
        *,
        time_step_window: int = 1,
        fdr: bool = True,
        confidence: float = 0.90,
        trend_alpha: float = 0.05,
        reference: str = "cube",
    ) -> None:
        self.distance = distance
        self.time_step_window = time_step_window
        self.fdr = fdr
        self.confidence = confidence
        self.trend_alpha = trend_alpha
        self.reference = reference

    def fit(self, cube: SpaceTimeCube) -> EmergingHotSpots:
        """Compute the bins, trends and patterns of ``cube``; returns ``self``."""
        if self.confidence not in _LEVELS:
            msg = f"`confidence` must be 0.90, 0.95 or 0.99, got {self.confidence!r}"
            raise ValueError(msg)
        n, t = cube.values.shape
        if t < 2:
            msg = f"emerging hot spots need at least 2 time steps, the cube has {t}"
            raise CubeTooSmall(msg, code="steps", n=t, need=2)
        if n < 3:
            msg = f"emerging hot spots need at least 3 cells, the cube has {n}"
            raise CubeTooSmall(msg, code="cells", n=n, need=3)
        lat = cube.lattice
        w = (
            lat.contiguity_weights(include_self=True)
            if self.distance is None
            else lat.band_weights(self.distance, include_self=True)
        )
        z = space_time_gi_star(
            cube.values, w, time_step_window=self.time_step_window, reference=self.reference
        )
        p = two_sided_p(z)
        bins = confidence_bins(z, p, fdr=self.fdr)
        trend = mann_kendall(np.nan_to_num(z))
        counts = mann_kendall(cube.values)
        level = _LEVELS[self.confidence]
        self.z_ = z
        self.p_ = p
        self.bin_ = bins
        self.trend_z_ = np.asarray(trend.z)
        self.trend_p_ = np.asarray(trend.p)
        self.trend_tau_ = np.asarray(trend.tau)
        self.count_trend_z_ = np.asarray(counts.z)
        self.count_trend_p_ = np.asarray(counts.p)
        self.count_trend_tau_ = np.asarray(counts.tau)
        self.category_ = classify_trends(
            bins, self.trend_z_, self.trend_p_, level=level, trend_alpha=self.trend_alpha
        )
        hot = bins >= level
        cold = bins <= -level
        self.n_hot_ = hot.sum(axis=1)
        self.n_cold_ = cold.sum(axis=1)
        self.hot_since_ = _run_start(hot)
        self.cold_since_ = _run_start(cold)
        return self


def _run_start(sig: np.ndarray) -> np.ndarray:
    t = sig.shape[1]
    run = np.cumprod(sig[:, ::-1], axis=1).sum(axis=1)
    return np.where(run > 0, t - run, -1)


@dataclass(frozen=True)
class EmergingParameters:
    """What an emerging hot spot analysis used, for the page and the CLI.

    Attributes
    ----------
    scale
        Cell size and distance, chosen on the totals over the whole period.
    periods
        The time steps, as ISO strings (``"2024-03"`` for months).
    freq, time_step_window, fdr, confidence, trend_alpha, reference
        The settings.
    crs
        The projected CRS of the cells.
    n_cells, n_incidents, n_outside
        Cells, incidents given, incidents not counted.
    counts
        Cells per pattern code.
    reason
        English sentences for the page.
    """

    scale: ScaleChoice
    periods: tuple[str, ...]
    freq: TimeStep
    time_step_window: int
    fdr: bool
    confidence: float
    trend_alpha: float
    reference: str
    crs: str
    n_cells: int
    n_incidents: int
    n_outside: int
    counts: dict[str, int]
    reason: str


def emerging_hot_spots(
    incidents: pd.DataFrame,
    *,
    mask: MaskSpec = None,
    cell_size: float | None = None,
    distance: float | None = None,
    shape: Shape = "square",
    weight: WeightSpec = "count",
    freq: TimeStep = "M",
    start: object = None,
    end: object = None,
    time_step_window: int = 1,
    fdr: bool = True,
    confidence: float = 0.90,
    trend_alpha: float = 0.05,
    reference: str = "cube",
    crs: str | None = None,
    n_bands: int = DEFAULT_BANDS,
    xy: XY | None = None,
) -> tuple[gpd.GeoDataFrame, EmergingParameters]:
    """Emerging hot spots of incidents (ArcGIS's Emerging Hot Spot Analysis).

    Parameters
    ----------
    incidents
        Points with an ``occurred_at`` column, already filtered (or only
        their columns, with ``crs`` and ``xy``).
    mask, cell_size, distance, shape, weight, crs, n_bands, xy
        As :func:`models.gistar.gi_star_hot_spots`; a chosen scale is
        chosen on the totals over the whole period.
    freq, start, end
        Time steps (:func:`space_time_cube`).
    time_step_window, fdr, confidence, trend_alpha, reference
        As :class:`EmergingHotSpots`.

    Returns
    -------
    cells : geopandas.GeoDataFrame
        One row per cell, columns:

        ``cell_i``, ``cell_j``
            Grid ids.
        ``total``
            Incidents (or harm) over the whole period.
        ``category``, ``category_label``
            Pattern code and English name.
        ``trend_z``, ``trend_p``, ``trend_tau``
            Mann-Kendall trend of the cell's Gi* z-scores.
        ``count_trend_z``, ``count_trend_p``
            Mann-Kendall trend of the cell's counts.
        ``n_hot_steps``, ``n_cold_steps``
            Time steps as a significant hot / cold spot.
        ``final_bin``
            Confidence bin of the last time step.
        ``hot_since``, ``cold_since``
            First period of the final run of hot / cold steps (``""`` when
            the last step is not hot / cold).
        ``geometry``
            The cell polygon.
    parameters : EmergingParameters
    """
    if "occurred_at" not in incidents.columns:
        msg = "`incidents` has no `occurred_at` column: emerging hot spots need dates"
        raise ValueError(msg)
    pts = prepare_points(incidents, mask=mask, weight=weight, crs=crs, xy=xy)
    work_crs, x, y, w = pts.crs, pts.x, pts.y, pts.weights
    lattice, _, _, choice = analysis_cells(
        x, y, w, pts.area, shape=shape, cell_size=cell_size, distance=distance, n_bands=n_bands
    )
    cube = space_time_cube(
        x,
        y,
        incidents["occurred_at"].to_numpy(),
        lattice=lattice,
        freq=freq,
        start=start,
        end=end,
        weights=w,
    )
    ehs = EmergingHotSpots(
        choice.distance,
        time_step_window=time_step_window,
        fdr=fdr,
        confidence=confidence,
        trend_alpha=trend_alpha,
        reference=reference,
    ).fit(cube)
    labels = [str(p) for p in cube.periods]
    cells = lattice.to_frame(
        work_crs,
        {
            "total": cube.values.sum(axis=1),
            "category": ehs.category_.astype(str),
            "category_label": [CATEGORY_LABELS[c] for c in ehs.category_],
            "trend_z": ehs.trend_z_,
            "trend_p": ehs.trend_p_,
            "trend_tau": ehs.trend_tau_,
            "count_trend_z": ehs.count_trend_z_,
            "count_trend_p": ehs.count_trend_p_,
            "n_hot_steps": ehs.n_hot_,
            "n_cold_steps": ehs.n_cold_,
            "final_bin": ehs.bin_[:, -1],
            "hot_since": [labels[k] if k >= 0 else "" for k in ehs.hot_since_],
            "cold_since": [labels[k] if k >= 0 else "" for k in ehs.cold_since_],
        },
    )
    counts = {
        code: int((ehs.category_ == code).sum())
        for code in CATEGORY_LABELS
        if (ehs.category_ == code).any()
    }
    found = ", ".join(
        f"{v:,} {CATEGORY_LABELS[k].lower()}{'' if v == 1 else 's'}"
        for k, v in counts.items()
        if k != "no_pattern"
    )
    window = (
        "the same time step"
        if time_step_window == 0
        else f"the same and {time_step_window} previous time step{'s' if time_step_window > 1 else ''}"
    )
    reason = (
        f"{choice.reason} {len(labels)} time steps from {labels[0]} to {labels[-1]}; each cell "
        f"is compared with its neighbours in {window}, against the "
        f"{'whole cube' if reference == 'cube' else 'same time steps'}; a hot or cold spot "
        f"needs {confidence:.0%} confidence{' after the false discovery rate correction' if fdr else ''}, "
        f"a trend p < {trend_alpha:g} (Mann-Kendall). Found: {found or 'no pattern'}."
    )
    params = EmergingParameters(
        scale=choice,
        periods=tuple(labels),
        freq=freq,
        time_step_window=time_step_window,
        fdr=fdr,
        confidence=confidence,
        trend_alpha=trend_alpha,
        reference=reference,
        crs=work_crs,
        n_cells=lattice.n,
        n_incidents=len(incidents),
        n_outside=cube.n_outside,
        counts=counts,
        reason=reason,
    )
    return cells, params
