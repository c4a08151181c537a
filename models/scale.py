"""Choosing the scale of a hot-spot analysis from the data, as ArcGIS does.

When the planner gives neither a cell size nor a neighbourhood distance,
they are chosen the way ArcGIS Pro's *Optimized Hot Spot Analysis*
describes its choices, and the choice is returned with the figures behind
it so that the page can say what was chosen and why.

Cell size (:func:`choose_cell_size`)
    The larger of

    * the average distance from each incident location to its nearest
      neighbouring incident location (coincident incidents count once;
      *locational outliers* — locations whose nearest-neighbour distance
      exceeds the mean by more than three standard deviations — are left
      out, as ArcGIS leaves them out of its distance computations), and
    * one hundredth of the longer side of the study area's bounding box,
      so that a dense city does not get a grid of millions of cells.

    The result is rounded up to a whole 10 m (1 m below 100 m) so the page
    can quote it, and raised if the study area would hold more than
    :data:`MAX_CELLS` cells.

    Above :data:`NN_SAMPLE_ABOVE` incidents the average is first
    estimated from :data:`NN_SAMPLE` of them (seeded, each queried against
    all the locations). When that estimate is below ``1 / NN_SAMPLE_MARGIN``
    of the extent term, the extent decides the size whatever the exact
    average is, and the estimate is reported (with the outliers counted in
    the sample scaled to all the locations); otherwise the full average is
    computed. At a million incidents this saves about 1.3 s.

Neighbourhood distance (:func:`choose_distance`)
    *Incremental Spatial Autocorrelation*: global Moran's I (row-standardised
    binary distance-band weights, randomisation z-score, as ArcGIS's
    *Spatial Autocorrelation* tool reports it) is computed on the cell
    values at ``n_bands`` increasing distances. The first distance starts
    where every cell has at least one neighbour (the largest
    nearest-neighbour distance between cell centres — one cell size on a
    grid) and the increment is the average nearest-neighbour distance
    (again one cell size). A *peak* is a distance whose z-score is higher
    than at the distances just before and after it. The distance used is,
    in order:

    1. the first peak whose z-score is statistically significant
       (two-sided p < ``alpha``, 0.05);
    2. failing that, the peak with the largest z-score (ArcGIS's *max peak*);
    3. failing that (no peak at all, or values that do not vary), the
       average distance at which a cell has ``K`` neighbours, with
       ``K = 0.05 N`` kept between 3 and 30 (``N`` cells), but never more
       than one *standard distance* of the cells (the spread of their
       centres around their mean centre), as ArcGIS's fall-back does.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt
from scipy.spatial import cKDTree
from shapely.geometry.base import BaseGeometry

from geo.grid import Grid, Shape
from models.lattice import Lattice, as_sequence
from models.stats import moran_from_moments

#: At most this many cells in the study area when the cell size is chosen.
MAX_CELLS = 250_000
#: Default number of distance bands tested (ArcGIS's default is 10).
DEFAULT_BANDS = 10
#: Distinct incident locations above which the nearest-neighbour average is sampled first.
NN_SAMPLE_ABOVE = 100_000
#: Locations in that sample (seeded with :data:`NN_SAMPLE_SEED`).
NN_SAMPLE = 50_000
NN_SAMPLE_SEED = 0
#: The sampled average is used only when it is below the extent term divided by this.
NN_SAMPLE_MARGIN = 2.0
#: ArcGIS's bounds on the number of neighbours of the fall-back distance.
MIN_K, MAX_K = 3, 30
#: Centimetres one half of a location's ``int64`` key holds (:func:`distinct_locations`).
_KEY_SPAN = 1 << 31


@dataclass(frozen=True)
class CellSizeChoice:
    """How the cell size was chosen.

    Attributes
    ----------
    size
        Cell size in metres.
    rule
        ``"user"``, ``"nearest_neighbour"``, ``"extent"`` or ``"max_cells"``.
    nearest_neighbour_m
        Average nearest-neighbour distance between incident locations (NaN
        when the size was given).
    extent_m
        One hundredth of the study area's longer side (NaN when given).
    n_outliers
        Locational outliers left out of the nearest-neighbour average.
    reason
        One English sentence with the figures.
    """

    size: float
    rule: str
    nearest_neighbour_m: float
    extent_m: float
    n_outliers: int
    reason: str

    @classmethod
    def given(cls, size: float) -> CellSizeChoice:
        """The size the user gave."""
        if not (size > 0 and math.isfinite(size)):
            msg = f"`cell_size` must be a positive number of metres, got {size!r}"
            raise ValueError(msg)
        return cls(
            float(size), "user", math.nan, math.nan, 0, f"Cells of {_m(size)} (set by the user)."
        )


@dataclass(frozen=True)
class AutocorrelationProfile:
    """Global Moran's I at increasing distance bands (Incremental Spatial Autocorrelation).

    Attributes
    ----------
    distances
        Band distances in metres.
    moran_i, z, p
        Moran's I, its randomisation z-score and two-sided p-value per band.
    mean_neighbors
        Average number of neighbours of a cell per band.
    first_peak, max_peak
        Index (into ``distances``) of the first statistically significant
        peak and of the peak with the largest z, or ``None``.
    """

    distances: tuple[float, ...]
    moran_i: tuple[float, ...]
    z: tuple[float, ...]
    p: tuple[float, ...]
    mean_neighbors: tuple[float, ...]
    first_peak: int | None
    max_peak: int | None


@dataclass(frozen=True)
class ScaleChoice:
    """Cell size and neighbourhood distance of an analysis, and why.

    Attributes
    ----------
    cell
        How the cell size was chosen.
    distance
        Neighbourhood distance band in metres.
    distance_rule
        ``"user"``, ``"first_peak"``, ``"max_peak"``, ``"k_neighbors"`` or
        ``"standard_distance"``.
    profile
        The autocorrelation profile tested (``None`` when not computed).
    k
        ``K`` of the fall-back (0 when not used).
    mean_neighbors
        Average number of neighbours of a cell at ``distance`` (self excluded).
    reason
        Two English sentences with the figures, for the page.
    grid
        The grid of the analysed cells (origin included): an incident's cell
        is the cell of this grid its point lies in. ``None`` until the cells
        are laid (:func:`analysis_cells` sets it).
    """

    cell: CellSizeChoice
    distance: float
    distance_rule: str
    profile: AutocorrelationProfile | None
    k: int
    mean_neighbors: float
    reason: str
    grid: Grid | None = None

    @property
    def cell_size(self) -> float:
        """Cell size in metres."""
        return self.cell.size


def _m(metres: float) -> str:
    """A distance for a sentence: '250 m', '1.2 km'."""
    if metres >= 10_000:
        return f"{metres / 1000:,.0f} km"
    if metres >= 1_000:
        return f"{metres / 1000:,.2f}".rstrip("0").rstrip(".") + " km"
    return f"{metres:,.0f} m"


def _round_up(size: float) -> float:
    step = 10.0 if size >= 100 else 1.0
    return math.ceil(size / step - 1e-9) * step


def distinct_locations(x: npt.ArrayLike, y: npt.ArrayLike) -> np.ndarray:
    """The distinct ``(x, y)`` locations at 1 cm, sorted by ``x`` then ``y``.

    The same rows, in the same order, as ``np.unique(np.round(xy, 2), axis=0)``,
    in a fraction of its time: each location becomes one ``int64`` key (its
    whole centimetres, ``x`` in the high bits), and one sort of the keys
    replaces a sort of row records. ``np.round(v, 2)`` is ``rint(v * 100) /
    100``, so the keys divided by 100 give back exactly the rounded
    coordinates. Coordinates that are not finite, or spread over more than
    about 20,000 km, are sorted as rows instead (same result).
    """
    xa, ya = np.asarray(x, dtype=float).ravel(), np.asarray(y, dtype=float).ravel()
    if xa.size < 2:
        return np.round(np.column_stack([xa, ya]), 2)
    # rint(v * 100) is np.round(v, 2) * 100 exactly (the key), without rounding twice
    cx, cy = np.rint(xa * 100.0), np.rint(ya * 100.0)
    if np.isfinite(cx).all() and np.isfinite(cy).all():
        x0, y0 = float(cx.min()), float(cy.min())
        if cx.max() - x0 < _KEY_SPAN and cy.max() - y0 < _KEY_SPAN:
            keys = (cx - x0).astype(np.int64) << 32 | (cy - y0).astype(np.int64)
            keys.sort()
            keep = np.ones(keys.size, dtype=bool)
            keep[1:] = keys[1:] != keys[:-1]
            keys = keys[keep]
            out = np.empty((keys.size, 2))
            out[:, 0] = ((keys >> 32) + x0) / 100.0
            out[:, 1] = ((keys & (_KEY_SPAN - 1)) + y0) / 100.0
            return out
    xy = np.round(np.column_stack([xa, ya]), 2)
    xy = xy[np.lexsort((xy[:, 1], xy[:, 0]))]
    keep = np.ones(xy.shape[0], dtype=bool)
    keep[1:] = (xy[1:, 0] != xy[:-1, 0]) | (xy[1:, 1] != xy[:-1, 1])
    return xy[keep]


def nearest_neighbour_distance(
    x: npt.ArrayLike, y: npt.ArrayLike, *, sample: int | None = None, seed: int = NN_SAMPLE_SEED
) -> tuple[float, int]:
    """Average distance from each distinct location to its nearest other location.

    Locational outliers (nearest-neighbour distance above mean + 3 SD)
    are left out of the average.

    Parameters
    ----------
    x, y
        Coordinates in metres.
    sample
        ``None``: every distinct location. A number: the average over that
        many distinct locations drawn at random (``seed``), each still
        measured to its nearest neighbour among all of them; the outliers
        are those of the sample, scaled to all the locations.
    seed
        Seed of the sample.

    Returns
    -------
    (mean distance in metres, number of outliers left out)

    Examples
    --------
    Nearest neighbours 50, 50 and 80.6 m apart (a 3-4-5 triangle, then
    sqrt(70² + 40²)):

    >>> d, n_out = nearest_neighbour_distance([0, 30, 100], [0, 40, 0])
    >>> round(d, 1), n_out
    (60.2, 0)
    """
    pts = distinct_locations(x, y)
    if pts.shape[0] < 2:
        msg = "fewer than 2 distinct incident locations: cannot measure their spacing"
        raise ValueError(msg)
    query = pts
    if sample is not None and sample < pts.shape[0]:
        if sample < 2:
            msg = f"`sample` must be at least 2 locations, got {sample}"
            raise ValueError(msg)
        rng = np.random.default_rng(seed)
        query = pts[np.sort(rng.choice(pts.shape[0], size=sample, replace=False))]
    # an unbalanced tree without shrunk nodes builds 3x faster; nearest distances are exact either way
    d, _ = cKDTree(pts, balanced_tree=False, compact_nodes=False).query(query, k=2, workers=-1)
    nn = d[:, 1]
    cut = nn.mean() + 3.0 * nn.std()
    outliers = nn > cut
    n_out = int(outliers.sum())
    if query is not pts:
        n_out = round(n_out * pts.shape[0] / query.shape[0])
    return float(nn[~outliers].mean()), n_out


def choose_cell_size(
    x: npt.ArrayLike, y: npt.ArrayLike, *, mask: BaseGeometry, shape: Shape = "square"
) -> CellSizeChoice:
    """Cell size from the incidents' spacing and the study area (module docstring)."""
    xmin, ymin, xmax, ymax = mask.bounds
    extent = max(xmax - xmin, ymax - ymin) / 100.0
    n_points = np.asarray(x).size
    nn, n_out = math.inf, 0
    if n_points > NN_SAMPLE_ABOVE:
        # a sample first: when the extent decides anyway, the full average is not needed
        nn, n_out = nearest_neighbour_distance(x, y, sample=NN_SAMPLE)
    if not nn * NN_SAMPLE_MARGIN < extent:
        nn, n_out = nearest_neighbour_distance(x, y)
    if nn >= extent:
        rule, size = "nearest_neighbour", _round_up(nn)
        why = (
            f"the average distance between neighbouring incidents ({_m(nn)}) is larger "
            f"than 1/100 of the study area's longest side ({_m(extent)})"
        )
    else:
        rule, size = "extent", _round_up(extent)
        why = (
            f"1/100 of the study area's longest side ({_m(extent)}) is larger than the "
            f"average distance between neighbouring incidents ({_m(nn)})"
        )
    cell_area = size**2 if shape == "square" else size**2 * math.sqrt(3) / 2
    if mask.area / cell_area > MAX_CELLS:
        ratio = 1.0 if shape == "square" else math.sqrt(3) / 2
        size = _round_up(math.sqrt(mask.area / (MAX_CELLS * ratio)))
        rule = "max_cells"
        why += f"; enlarged so that the area holds at most {MAX_CELLS:,} cells"
    reason = f"Cells of {_m(size)}: {why}."
    return CellSizeChoice(size, rule, nn, extent, n_out, reason)


def incremental_spatial_autocorrelation(
    values: npt.ArrayLike,
    lattice: Lattice,
    *,
    start: float | None = None,
    increment: float | None = None,
    n_bands: int = DEFAULT_BANDS,
    transform: str = "r",
    alpha: float = 0.05,
) -> AutocorrelationProfile:
    """Global Moran's I of ``values`` on ``lattice`` at ``n_bands`` distances.

    Parameters
    ----------
    values
        One value per cell of ``lattice``.
    lattice
        The cells.
    start, increment
        First distance and step in metres; default one cell size each
        (every cell then has a neighbour at the first distance).
    n_bands
        Number of distances tested.
    transform
        ``"r"`` row-standardised weights (ArcGIS's default) or ``"b"`` binary.
    alpha
        Significance level of a peak.

    Notes
    -----
    The sums Moran's I needs are accumulated from grid offsets, without
    building a sparse matrix per band; the result equals
    :func:`models.stats.global_moran` on :meth:`Lattice.band_weights`
    (see the tests).
    """
    y = np.asarray(values, dtype=float).ravel()
    if y.size != lattice.n:
        msg = f"`values` has {y.size} entries but the lattice has {lattice.n} cells"
        raise ValueError(msg)
    if lattice.n < 4:
        msg = f"Moran's I needs at least 4 cells, got {lattice.n}"
        raise ValueError(msg)
    z = y - y.mean()
    if not np.any(z):
        msg = "the cell values do not vary: spatial autocorrelation is undefined"
        raise ValueError(msg)
    if n_bands < 1:
        msg = f"`n_bands` must be at least 1, got {n_bands}"
        raise ValueError(msg)
    size = lattice.grid.size
    start = size if start is None else float(start)
    increment = size if increment is None else float(increment)
    distances = start + increment * np.arange(n_bands)
    di_all, dj_all, d_all = lattice.offsets_within(float(distances[-1]))
    n = lattice.n
    # each offset's neighbours once; offsets come nearest first, so a band is a prefix of them
    # and the counts and lags of a band add the new offsets to the last band's, in the same order
    neighbours = [
        lattice.offset_index(a, b) for a, b in zip(di_all.tolist(), dj_all.tolist(), strict=True)
    ]
    valid = [nb >= 0 for nb in neighbours]
    found = [nb[ok] for nb, ok in zip(neighbours, valid, strict=True)]
    out_i, out_z, out_p, out_k = [], [], [], []
    c = np.zeros(n)
    lag = np.zeros(n)
    done = 0
    for d in distances:
        upto = int(np.count_nonzero(d_all <= d + 1e-6))
        for ok, nb in zip(valid[done:upto], found[done:upto], strict=True):
            c[ok] += 1.0
            lag[ok] += z[nb]
        done = upto
        if transform.lower() == "b":
            s0 = float(c.sum())
            s1 = 2.0 * s0
            s2 = float(((2.0 * c) ** 2).sum())
            lag_sum = float((z * lag).sum())
        elif transform.lower() == "r":
            inv = np.divide(1.0, c, out=np.zeros(n), where=c > 0)
            a_sum = np.zeros(n)
            b_sum = np.zeros(n)
            for ok, nb in zip(valid[:upto], found[:upto], strict=True):
                a_sum[ok] += inv[nb]
                b_sum[ok] += inv[nb] ** 2
            s0 = float((c > 0).sum())
            s1 = 0.5 * float((inv + 2.0 * inv * a_sum + b_sum).sum())
            s2 = float((((c > 0).astype(float) + a_sum) ** 2).sum())
            lag_sum = float((z * lag * inv).sum())
        else:
            msg = f"`transform` must be 'r' or 'b', got {transform!r}"
            raise ValueError(msg)
        if s0 == 0:
            out_i.append(math.nan)
            out_z.append(math.nan)
            out_p.append(math.nan)
        else:
            res = moran_from_moments(z, lag_sum, s0, s1, s2)
            out_i.append(res.i)
            out_z.append(res.z_rand)
            out_p.append(res.p_rand)
        out_k.append(float(c.mean()))
    zs = np.array(out_z)
    ps = np.array(out_p)
    peaks = [
        k
        for k in range(1, n_bands - 1)
        if np.isfinite(zs[k - 1 : k + 2]).all() and zs[k] > zs[k - 1] and zs[k] > zs[k + 1]
    ]
    significant = [k for k in peaks if ps[k] < alpha and zs[k] > 0]
    first = significant[0] if significant else None
    best = max(peaks, key=lambda k: zs[k]) if peaks else None
    return AutocorrelationProfile(
        distances=as_sequence(distances),
        moran_i=as_sequence(out_i),
        z=as_sequence(out_z),
        p=as_sequence(out_p),
        mean_neighbors=as_sequence(out_k),
        first_peak=first,
        max_peak=best,
    )


def k_neighbor_distance(lattice: Lattice) -> tuple[float, int, float]:
    """ArcGIS's fall-back: average distance to the K-th nearest cell, and the standard distance.

    Returns
    -------
    (distance, K, standard distance) in metres.
    """
    n = lattice.n
    k = int(min(MAX_K, max(MIN_K, round(0.05 * n))))
    k = min(k, n - 1)
    pts = np.column_stack([lattice.x, lattice.y])
    d, _ = cKDTree(pts).query(pts, k=k + 1)
    mean_k = float(d[:, k].mean())
    sd = float(
        np.sqrt(((lattice.x - lattice.x.mean()) ** 2 + (lattice.y - lattice.y.mean()) ** 2).mean())
    )
    return mean_k, k, sd


def choose_distance(
    values: npt.ArrayLike,
    lattice: Lattice,
    *,
    cell: CellSizeChoice | None = None,
    n_bands: int = DEFAULT_BANDS,
    alpha: float = 0.05,
) -> ScaleChoice:
    """Neighbourhood distance by Incremental Spatial Autocorrelation (module docstring)."""
    if cell is None:
        cell = CellSizeChoice.given(lattice.grid.size)
    if lattice.n < 30:
        msg = (
            f"the study area holds only {lattice.n} cells; a hot-spot analysis needs "
            "at least 30 (use a smaller cell size)"
        )
        raise ValueError(msg)
    y = np.asarray(values, dtype=float)
    profile: AutocorrelationProfile | None = None
    tested = ""
    varies = bool(np.ptp(y) > 0)
    if varies:
        profile = incremental_spatial_autocorrelation(y, lattice, n_bands=n_bands, alpha=alpha)
        tested = (
            f"tested {_m(profile.distances[0])} to {_m(profile.distances[-1])} "
            f"in {len(profile.distances)} steps"
        )
    k = 0
    if profile is not None and profile.first_peak is not None:
        idx = profile.first_peak
        rule = "first_peak"
        distance = profile.distances[idx]
        why = (
            f"the first distance at which clustering peaks (Moran's I z = "
            f"{profile.z[idx]:.1f} at {_m(distance)}; {tested})"
        )
    elif profile is not None and profile.max_peak is not None:
        idx = profile.max_peak
        rule = "max_peak"
        distance = profile.distances[idx]
        why = (
            f"no peak of clustering is statistically significant, so the highest peak "
            f"(Moran's I z = {profile.z[idx]:.1f} at {_m(distance)}; {tested})"
        )
    else:
        mean_k, k, sd = k_neighbor_distance(lattice)
        lead = (
            f"clustering shows no peak ({tested})"
            if profile is not None
            else "the cell values do not vary (clustering cannot be measured)"
        )
        if mean_k <= sd:
            rule, distance = "k_neighbors", mean_k
            why = f"{lead}, so the average distance at which a cell has {k} neighbours"
        else:
            rule, distance = "standard_distance", sd
            why = (
                f"{lead}; the distance giving each cell {k} neighbours ({_m(mean_k)}) "
                f"exceeds one standard distance of the cells, so that ({_m(sd)})"
            )
    mean_neighbors = float(lattice.band_pairs(distance) / lattice.n)
    reason = (
        f"{cell.reason} Neighbourhood of {_m(distance)}: {why}; a cell has "
        f"{mean_neighbors:.0f} neighbours on average."
    )
    return ScaleChoice(cell, float(distance), rule, profile, k, mean_neighbors, reason)


def given_scale(cell: CellSizeChoice | float, distance: float, lattice: Lattice) -> ScaleChoice:
    """A :class:`ScaleChoice` for a distance the user set (and a given or chosen cell size)."""
    if not (distance > 0 and math.isfinite(distance)):
        msg = f"`distance` must be a positive number of metres, got {distance!r}"
        raise ValueError(msg)
    if not isinstance(cell, CellSizeChoice):
        cell = CellSizeChoice.given(cell)
    mean_neighbors = float(lattice.band_pairs(distance) / max(lattice.n, 1))
    reason = (
        f"{cell.reason} Neighbourhood of {_m(distance)} (set by the user); a cell has "
        f"{mean_neighbors:.0f} neighbours on average."
    )
    return ScaleChoice(cell, float(distance), "user", None, 0, mean_neighbors, reason)


def analysis_cells(
    x: np.ndarray,
    y: np.ndarray,
    weights: np.ndarray | None,
    area: BaseGeometry,
    *,
    shape: Shape = "square",
    cell_size: float | None = None,
    distance: float | None = None,
    n_bands: int = DEFAULT_BANDS,
) -> tuple[Lattice, np.ndarray, int, ScaleChoice]:
    """Cells over the study area, their values, and the scale, chosen where not given.

    Parameters
    ----------
    x, y
        Incident coordinates in metres.
    weights
        Per-incident weights (harm), or ``None`` to count.
    area
        The study area polygon.
    shape
        ``"square"`` or ``"hex"``.
    cell_size, distance
        Set by the user, or ``None`` to choose them (module docstring).
    n_bands
        Distances tested when the distance is chosen.

    Returns
    -------
    (lattice, values, n_outside, choice)
    """
    if shape not in ("square", "hex"):
        msg = f"`shape` must be 'square' or 'hex', got {shape!r}"
        raise ValueError(msg)
    cell = (
        choose_cell_size(x, y, mask=area, shape=shape)
        if cell_size is None
        else CellSizeChoice.given(cell_size)
    )
    lattice = Lattice.over_mask(area, size=cell.size, shape=shape)
    values, n_outside = lattice.aggregate(x, y, weights)
    if distance is None:
        choice = choose_distance(values, lattice, cell=cell, n_bands=n_bands)
    else:
        choice = given_scale(cell, distance, lattice)
    return lattice, values, n_outside, replace(choice, grid=lattice.grid)
