"""LISA: local Moran's I with conditional permutation inference.

The statistic and its inference are esda's (``esda.Moran_Local``, computed
here by :func:`local_moran` to the same bits without importing esda): values
are standardised, weights row-standardised, and each feature's pseudo
p-value comes from ``permutations`` conditional permutations (the feature
stays put, its neighbours are drawn at random from the other features),
with a fixed ``seed`` so that the same data always give the same map.
This module adds the weights (distance band or queen contiguity on cells,
queen contiguity on neighbourhood polygons), the labels and the false
discovery rate option.

Labels (GeoDa's and ArcGIS's *Cluster and Outlier Analysis*)
    ``High-High``: a high value among high neighbours (a hot cluster);
    ``Low-Low``: low among low (a cold cluster); ``High-Low``: high among
    low (a high outlier); ``Low-High``: low among high (a low outlier);
    ``Not significant`` when the pseudo p-value exceeds ``alpha`` (or fails
    the Benjamini-Hochberg rule with ``fdr=True``), and for features with
    no neighbour. "High" means above the mean; the neighbours' side is that
    of their (row-standardised) average.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd
import scipy.sparse as sp
import shapely

from models.lattice import (
    XY,
    Lattice,
    MaskSpec,
    WeightSpec,
    neighbor_weights,
    point_coordinates,
    point_weights,
    prepare_points,
    projected_crs,
)
from models.options import LISA_LABELS, NO_DATA, NOT_SIGNIFICANT, Shape, Units
from models.scale import DEFAULT_BANDS, ScaleChoice, analysis_cells
from models.stats import fdr_significant
from models.summary import rate_per_100k

#: Default permutations and seed of the conditional randomisation.
PERMUTATIONS = 999
SEED = 12345


def binary_weights(w: sp.spmatrix | sp.sparray) -> sp.csr_matrix:
    """Binary weights with no self-weight, column indices sorted in each row."""
    csr = sp.csr_matrix(w, dtype=float)
    csr.setdiag(0.0)
    csr.eliminate_zeros()
    csr.data[:] = 1.0
    csr.sort_indices()
    return csr


def local_moran(
    values: npt.ArrayLike, adjacency: sp.csr_matrix, permutations: int, seed: int
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """esda's ``Moran_Local(values, w, transformation="r", permutations, seed)``, its figures.

    Returns ``(Is, q, p_sim)``, the same numbers to the last bit as esda 2.x
    computes them without numba (``tests/models/test_lisa.py`` compares
    them on ties, islands and several seeds), by the same steps:

    * ``z`` is the values less their mean, over their (population) standard
      deviation; the weights are row-standardised (``1 / cardinality``); the
      lag is ``W z``; ``Is = (n - 1) z lag / sum(z**2)``; ``q`` is the
      quadrant (1 HH, 2 LH, 3 LL, 4 HL).
    * Conditional permutations: a ``numpy.random.RandomState(seed)`` (esda
      seeds the global one; same stream) draws, for each of the
      ``permutations``, ``max cardinality`` indices among ``n - 1`` without
      replacement; feature ``i`` with ``c`` neighbours takes the first
      ``c`` of each draw among the other features (a feature with none
      takes one, weighted 0), and its simulated statistic is
      ``z_i (Z_i @ w_i + 0 z_i) (n - 1) / sum(z**2)``.
    * The pseudo p-value is esda's *directed* one: ``larger`` simulated
      values at or above ``Is``, folded to ``permutations - larger`` when
      that is smaller, ``(larger + 1) / (permutations + 1)``, kept in
      single precision as esda keeps it.

    Not importing esda and libpysal saves about 2 s of a command's start-up
    (their packages import most of scikit-learn and scipy.stats).
    """
    y = np.asarray(values, dtype=float).ravel()
    n = y.size
    z = y - y.mean()
    with np.errstate(all="ignore"):
        z /= y.std()
    card = np.diff(adjacency.indptr)
    row_sum = card.astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        data = np.repeat(1.0 / row_sum, card)
    standard = sp.csr_matrix((data, adjacency.indices, adjacency.indptr), shape=(n, n))
    lag = np.asarray(standard @ z, dtype=float)
    den = (z * z).sum()
    local_i = (n - 1) * z * lag / den
    zp, lp = z > 0, lag > 0
    q = np.where(zp, np.where(lp, 1, 4), np.where(lp, 2, 3)).astype(np.int64)
    scaling = (n - 1) / (z * z).sum()
    max_card = int(card.max()) if n else 0
    rng = np.random.RandomState(seed)
    drawn = np.empty((permutations, max_card), dtype=np.int64)
    for k in range(permutations):
        drawn[k] = rng.choice(n - 1, size=max_card, replace=False)
    p_sim = np.zeros(n, dtype=np.float32)
    mask = np.ones(n, dtype=bool)
    flat: dict[int, npt.NDArray[np.int64]] = {}  # the first `width` ids of each draw, flattened
    for i in range(n):
        c = int(card[i])
        if c == 0:  # an island: one "neighbour" weighted 0, as esda does
            weights_i = np.zeros(2)
        else:
            weights_i = np.zeros(c + 1)
            weights_i[1:] = data[adjacency.indptr[i] : adjacency.indptr[i + 1]]
        self_weight, other = weights_i[0], weights_i[1:]
        mask[i] = False
        z_no_i = z[mask]
        mask[i] = True
        width = other.size
        if width not in flat:
            flat[width] = drawn[:, :width].flatten()
        zrand = z_no_i[flat[width]].reshape(-1, width)
        simulated = z[i] * (zrand @ other + self_weight * z[i]) * scaling
        larger = int((simulated >= local_i[i]).sum())
        if permutations - larger < larger:
            larger = permutations - larger
        p_sim[i] = (larger + 1.0) / (permutations + 1.0)
    return local_i, q, p_sim.astype(float)


class LocalMoran:
    """Local Moran's I (LISA) with conditional permutation inference (esda).

    Parameters
    ----------
    distance
        Distance band in metres. ``None`` with a
        :class:`~models.lattice.Lattice` uses queen contiguity.
    permutations
        Conditional permutations per feature.
    seed
        Seed of the permutations (fixed so a map is reproducible).
    alpha
        Significance level of the pseudo p-values.
    fdr
        Control the false discovery rate (Benjamini-Hochberg at ``alpha``)
        instead of testing each feature at ``alpha``.

    Attributes
    ----------
    i_ : numpy.ndarray
        Local Moran's I of each feature (esda's ``Is``).
    q_ : numpy.ndarray
        Quadrant: 1 HH, 2 LH, 3 LL, 4 HL (esda's ``q``).
    p_ : numpy.ndarray
        Pseudo p-values (esda's ``p_sim``).
    significant_ : numpy.ndarray
        Boolean, after ``alpha``/``fdr`` and excluding features with no neighbour.
    label_ : numpy.ndarray
        ``High-High``, ``Low-Low``, ``High-Low``, ``Low-High`` or ``Not significant``.
    n_neighbors_ : numpy.ndarray
        Neighbours of each feature.
    weights_ : scipy.sparse.csr_matrix
        Binary weights used (zero diagonal), before row-standardisation.
    """

    def __init__(
        self,
        distance: float | None = None,
        *,
        permutations: int = PERMUTATIONS,
        seed: int = SEED,
        alpha: float = 0.05,
        fdr: bool = False,
    ) -> None:
        self.distance = distance
        self.permutations = permutations
        self.seed = seed
        self.alpha = alpha
        self.fdr = fdr

    def fit(
        self,
        values: npt.ArrayLike,
        coords: Lattice | npt.ArrayLike | None = None,
        *,
        weights: sp.spmatrix | sp.sparray | None = None,
    ) -> LocalMoran:
        """Compute the LISA of ``values``.

        Parameters
        ----------
        values
            One value per feature.
        coords
            A :class:`~models.lattice.Lattice` or an ``(n, 2)`` array of
            coordinates in metres (then ``distance`` is needed).
        weights
            Binary sparse weights to use instead (e.g. :func:`queen_weights`).

        Returns
        -------
        LocalMoran
            ``self``, fitted.
        """
        y = np.asarray(values, dtype=float).ravel()
        if np.isnan(y).any():
            msg = "`values` has NaN entries; drop those features first"
            raise ValueError(msg)
        if y.size < 4:
            msg = f"local Moran's I needs at least 4 features, got {y.size}"
            raise ValueError(msg)
        if np.ptp(y) == 0:
            msg = "`values` do not vary: local Moran's I is undefined"
            raise ValueError(msg)
        if self.permutations < 1:
            msg = f"`permutations` must be at least 1, got {self.permutations}"
            raise ValueError(msg)
        w = (
            sp.csr_matrix(weights, dtype=float)
            if weights is not None
            else neighbor_weights(coords, y.size, self.distance)
        )
        if w.shape != (y.size, y.size):
            msg = f"weights have shape {w.shape} but there are {y.size} values"
            raise ValueError(msg)
        binary = binary_weights(w)
        local_i, q, p = local_moran(y, binary, self.permutations, self.seed)
        card = np.asarray((w != 0).sum(axis=1)).ravel() - (w.diagonal() != 0)
        sig = fdr_significant(p, self.alpha) if self.fdr else p <= self.alpha
        sig &= card > 0
        labels = np.array([LISA_LABELS.get(int(k), NOT_SIGNIFICANT) for k in q], dtype=object)
        labels[~sig] = NOT_SIGNIFICANT
        self.weights_ = binary
        self.i_ = local_i
        self.q_ = q
        self.p_ = p
        self.significant_ = sig
        self.label_ = labels
        self.n_neighbors_ = card.astype(np.int64)
        return self


# ---------------------------------------------------------------------------
# Polygons: neighbourhoods with contiguity weights and rates per 100,000
# ---------------------------------------------------------------------------


def queen_weights(polygons: gpd.GeoDataFrame) -> sp.csr_matrix:
    """Binary queen-contiguity weights of polygons (shared edge or vertex), libpysal's rule."""
    from libpysal.weights import Queen

    w = Queen.from_dataframe(polygons, use_index=False, silence_warnings=True)
    return sp.csr_matrix(w.sparse, dtype=float)


def count_in_polygons(
    points: pd.DataFrame,
    polygons: gpd.GeoDataFrame,
    *,
    crs: str,
    weights: npt.ArrayLike | None = None,
    xy: XY | None = None,
) -> tuple[np.ndarray, int]:
    """Points (or their weights) in each polygon, in the projected ``crs``.

    A point on a shared border is counted once, in the first polygon in
    row order. ``xy``: the points' coordinates in ``crs`` when known
    (``points`` may then be only their columns).

    Returns
    -------
    (counts per polygon in row order, number of points in no polygon)
    """
    if xy is None:
        geometry = points.geometry.to_crs(crs).to_numpy()
    else:
        geometry = shapely.points(*point_coordinates(points, crs, xy=xy))
    pts = gpd.GeoDataFrame(
        {"_w": np.ones(len(points)) if weights is None else np.asarray(weights, dtype=float)},
        geometry=geometry,
        crs=crs,
    )
    polys = gpd.GeoDataFrame(geometry=polygons.geometry.to_crs(crs).to_numpy(), crs=crs)
    polys["_poly"] = np.arange(len(polys))
    joined = gpd.sjoin(pts, polys, how="inner", predicate="intersects")
    joined = joined.sort_values("_poly", kind="stable")
    joined = joined[~joined.index.duplicated(keep="first")]
    counts = np.bincount(
        joined["_poly"].to_numpy(dtype=np.int64),
        weights=joined["_w"].to_numpy(dtype=float),
        minlength=len(polys),
    )
    return counts.astype(float), int(len(points) - len(joined))


@dataclass(frozen=True)
class LisaParameters:
    """What a LISA analysis used, for the page and the CLI.

    Attributes
    ----------
    units
        ``"cells"`` or ``"neighborhoods"``.
    neighbors
        The neighbourhood rule in words ("queen contiguity", "within 750 m").
    permutations, seed, alpha, fdr
        The inference settings.
    n_features
        Features analysed (neighbourhoods with no population are left out).
    counts
        Features per label.
    crs
        The projected CRS of the result.
    scale
        Cell size and distance (cells only).
    reason
        English sentences for the page.
    """

    units: Units
    neighbors: str
    permutations: int
    seed: int
    alpha: float
    fdr: bool
    n_features: int
    counts: dict[str, int] = field(default_factory=dict)
    crs: str = ""
    scale: ScaleChoice | None = None
    reason: str = ""


def _counts(labels: np.ndarray) -> dict[str, int]:
    order = [*LISA_LABELS.values(), NOT_SIGNIFICANT, NO_DATA]
    return {k: int((labels == k).sum()) for k in order if (labels == k).any()}


def _inference_text(permutations: int, alpha: float, fdr: bool) -> str:
    test = f"false discovery rate at {alpha:g}" if fdr else f"pseudo p <= {alpha:g}"
    return f"{permutations:,} conditional permutations, {test}"


def lisa_cells(
    incidents: pd.DataFrame,
    *,
    mask: MaskSpec = None,
    cell_size: float | None = None,
    distance: float | None = None,
    shape: Shape = "square",
    weight: WeightSpec = "count",
    permutations: int = PERMUTATIONS,
    seed: int = SEED,
    alpha: float = 0.05,
    fdr: bool = False,
    crs: str | None = None,
    n_bands: int = DEFAULT_BANDS,
    xy: XY | None = None,
) -> tuple[gpd.GeoDataFrame, LisaParameters]:
    """LISA of incidents aggregated to cells over the study area.

    Parameters are those of :func:`models.gistar.gi_star_hot_spots` plus
    the inference settings of :class:`LocalMoran`.

    Returns
    -------
    cells : geopandas.GeoDataFrame
        One row per cell, columns ``cell_i``, ``cell_j``, ``value``,
        ``n_neighbors``, ``lisa_i`` (local Moran's I), ``lisa_p`` (pseudo
        p-value), ``lisa_q`` (1 HH, 2 LH, 3 LL, 4 HL), ``lisa_label`` and
        ``geometry``.
    parameters : LisaParameters
    """
    pts = prepare_points(incidents, mask=mask, weight=weight, crs=crs, xy=xy)
    work_crs = pts.crs
    lattice, values, _, choice = analysis_cells(
        pts.x,
        pts.y,
        pts.weights,
        pts.area,
        shape=shape,
        cell_size=cell_size,
        distance=distance,
        n_bands=n_bands,
    )
    lisa = LocalMoran(
        choice.distance, permutations=permutations, seed=seed, alpha=alpha, fdr=fdr
    ).fit(values, lattice)
    cells = lattice.to_frame(
        work_crs,
        {
            "value": values,
            "n_neighbors": lisa.n_neighbors_,
            "lisa_i": lisa.i_,
            "lisa_p": lisa.p_,
            "lisa_q": lisa.q_,
            "lisa_label": lisa.label_.astype(str),
        },
    )
    counts = _counts(lisa.label_)
    summary = ", ".join(f"{v:,} {k}" for k, v in counts.items())
    reason = (
        f"{choice.reason} Local Moran's I with {_inference_text(permutations, alpha, fdr)}: "
        f"{summary}."
    )
    params = LisaParameters(
        units="cells",
        neighbors=f"within {choice.distance:,.0f} m",
        permutations=permutations,
        seed=seed,
        alpha=alpha,
        fdr=fdr,
        n_features=lattice.n,
        counts=counts,
        crs=work_crs,
        scale=choice,
        reason=reason,
    )
    return cells, params


def lisa_neighborhoods(
    incidents: pd.DataFrame,
    neighborhoods: gpd.GeoDataFrame,
    *,
    population_column: str = "population",
    years: float = 1.0,
    weight: WeightSpec = "count",
    permutations: int = PERMUTATIONS,
    seed: int = SEED,
    alpha: float = 0.05,
    fdr: bool = False,
    crs: str | None = None,
    xy: XY | None = None,
) -> tuple[gpd.GeoDataFrame, LisaParameters]:
    """LISA of incidents per 100,000 residents by neighbourhood, queen contiguity.

    Parameters
    ----------
    incidents
        Points, already filtered.
    neighborhoods
        Polygons with a population column.
    population_column
        Residents of each neighbourhood.
    years
        Length of the period in years: rates are per 100,000 residents per
        year (1 gives the rate over the whole period).
    weight
        ``"count"``, ``"harm"`` or a numeric column of the incidents.
    permutations, seed, alpha, fdr
        As :class:`LocalMoran`.
    crs
        Projected CRS; default chosen from the neighbourhoods.
    xy
        The incidents' ``x, y`` in ``crs``, when the caller has them
        already (``incidents`` may then be only their columns).

    Returns
    -------
    neighborhoods : geopandas.GeoDataFrame
        The neighbourhoods (all their columns) in ``crs`` plus ``incidents``
        (count or harm), ``rate_100k``, ``n_neighbors``, ``lisa_i``,
        ``lisa_p``, ``lisa_q`` and ``lisa_label`` (``No data`` where the
        population is missing or below ``settings.min_residents``, so no
        rate is given; those rows are left out of the analysis).
    parameters : LisaParameters
    """
    if population_column not in neighborhoods.columns:
        msg = f"`neighborhoods` has no {population_column!r} column"
        raise ValueError(msg)
    work_crs = projected_crs(neighborhoods, crs)
    w = point_weights(incidents, weight)
    counts, n_outside = count_in_polygons(incidents, neighborhoods, crs=work_crs, weights=w, xy=xy)
    rates = rate_per_100k(counts, neighborhoods[population_column].to_numpy(), years=years)
    out = neighborhoods.to_crs(work_crs).reset_index(drop=True)
    out["incidents"] = counts
    out["rate_100k"] = rates
    ok = np.isfinite(rates)
    sub = out.loc[ok]
    lisa = LocalMoran(permutations=permutations, seed=seed, alpha=alpha, fdr=fdr).fit(
        rates[ok], weights=queen_weights(sub)
    )
    n = len(out)
    labels = np.full(n, NO_DATA, dtype=object)
    labels[ok] = lisa.label_
    for col, vals, fill in (
        ("n_neighbors", lisa.n_neighbors_, 0),
        ("lisa_i", lisa.i_, np.nan),
        ("lisa_p", lisa.p_, np.nan),
        ("lisa_q", lisa.q_, 0),
    ):
        full = np.full(n, fill, dtype=float if isinstance(fill, float) else np.int64)
        full[ok] = vals
        out[col] = full
    out["lisa_label"] = labels.astype(str)
    counts_by = _counts(labels)
    summary = ", ".join(f"{v:,} {k}" for k, v in counts_by.items())
    per = "per year" if years != 1.0 else "over the period"
    reason = (
        f"Incidents per 100,000 residents {per} in {int(ok.sum())} neighbourhoods "
        f"(queen contiguity: neighbourhoods sharing a border or corner); local Moran's I with "
        f"{_inference_text(permutations, alpha, fdr)}: {summary}."
    )
    if n_outside:
        reason += f" {n_outside:,} incidents lie in no neighbourhood and are not counted."
    params = LisaParameters(
        units="neighborhoods",
        neighbors="queen contiguity",
        permutations=permutations,
        seed=seed,
        alpha=alpha,
        fdr=fdr,
        n_features=int(ok.sum()),
        counts=counts_by,
        crs=work_crs,
        scale=None,
        reason=reason,
    )
    return out, params
