"""Getis-Ord Gi* hot and cold spots on cells, as ArcGIS's Hot Spot Analysis.

For cell ``i`` with binary neighbourhood weights ``w_ij`` that include the
cell itself (``w_ii = 1``), over ``n`` cells with values ``x``::

    Gi* z = (sum_j w_ij x_j - xbar * W_i) / (S * sqrt((n * W_i - W_i**2) / (n - 1)))

with ``W_i = sum_j w_ij`` (the cell and its neighbours), ``xbar`` the mean
and ``S = sqrt(mean(x**2) - xbar**2)``. This is ArcGIS's formula with binary
weights and exactly esda's ``G_Local(y, w, transform="B", star=True).Zs``
(the tests compare the two to 1e-9). p-values are two-sided under the
normal distribution, as ArcGIS reports them; the confidence bins
(``Gi_Bin``) and the optional false discovery rate correction are those of
:mod:`models.stats`.

The implementation is a sparse matrix-vector product on weights built from
grid offsets (:class:`models.lattice.Lattice`), which is why it runs in
milliseconds on a city of 100,000 cells (see ``benchmarks/hotspots.py``).
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
    neighbor_weights,
    prepare_points,
)
from models.options import Shape
from models.scale import DEFAULT_BANDS, ScaleChoice, analysis_cells
from models.stats import BIN_LABELS, confidence_bins, two_sided_p


def gi_star_z(
    values: npt.ArrayLike, w: sp.spmatrix | sp.sparray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Gi* of every cell under binary weights ``w`` that include self.

    Parameters
    ----------
    values
        One value per cell.
    w
        Binary sparse weights with ones on the diagonal.

    Returns
    -------
    (z, g, expected, variance)
        z-scores, the statistic ``G*_i = sum_j w_ij x_j / sum_j x_j``, its
        expectation ``W_i / n`` and variance under the null (esda's ``Zs``,
        ``Gs``, ``EGs``, ``VGs``). z is NaN where the variance is 0 (a cell
        whose neighbourhood is every cell, or values that do not vary).
    """
    y = np.asarray(values, dtype=float).ravel()
    n = y.size
    csr = sp.csr_matrix(w, dtype=float)
    if csr.shape != (n, n):
        msg = f"weights have shape {csr.shape} but there are {n} values"
        raise ValueError(msg)
    total = y.sum()
    lag = csr @ y
    card = np.asarray(csr.sum(axis=1)).ravel()
    mean = total / n
    var = (y * y).sum() / n - mean * mean
    with np.errstate(divide="ignore", invalid="ignore"):
        g = lag / total
        expected = card / n
        variance = card * (n - card) / (n - 1) / n**2 * var / mean**2
        den = np.sqrt(var * (n * card - card * card) / (n - 1))
        z = np.where(den > 0, (lag - mean * card) / den, np.nan)
    return z, g, expected, variance


def _with_self(w: sp.spmatrix | sp.sparray) -> sp.csr_matrix:
    """Binary copy of ``w`` with ones on the diagonal."""
    csr = sp.csr_matrix(w, dtype=float, copy=True)
    csr.eliminate_zeros()
    missing = csr.diagonal() == 0
    if missing.any():
        csr = sp.csr_matrix(csr + sp.diags(missing.astype(float)))
    csr.data[:] = 1.0
    csr.sort_indices()
    return csr


class GetisOrdGiStar:
    """Getis-Ord Gi* with binary distance-band (or contiguity) neighbourhoods.

    Parameters
    ----------
    distance
        Neighbourhood distance band in metres. ``None`` with a
        :class:`~models.lattice.Lattice` uses queen contiguity (the cells
        touching each cell); ``None`` with plain coordinates is an error.
    fdr
        Apply the false discovery rate correction to the confidence bins
        (ArcGIS's option; the z-scores and p-values are never corrected).

    Attributes
    ----------
    z_, p_ : numpy.ndarray
        z-scores and two-sided p-values.
    bin_ : numpy.ndarray
        Confidence bins -3..+3 (``int8``).
    g_, expected_, variance_ : numpy.ndarray
        The statistic, its expectation and variance (as esda).
    n_neighbors_ : numpy.ndarray
        Neighbours of each cell, the cell itself not counted (ArcGIS's
        ``NNeighbors``).
    weights_ : scipy.sparse.csr_matrix
        The binary weights used, diagonal included.

    Examples
    --------
    Seven by seven cells of 250 m; 12 incidents in the centre cell and one
    in each of its four neighbours:

    >>> import shapely
    >>> lat = Lattice.over_mask(shapely.box(0, 0, 1750, 1750), size=250)
    >>> x = np.r_[np.full(12, 870.0), 880, 1100, 640, 875]
    >>> y = np.r_[np.full(12, 880.0), 1100, 870, 880, 640]
    >>> values, n_outside = lat.aggregate(x, y)
    >>> gi = GetisOrdGiStar(distance=260, fdr=False).fit(values, lat)
    >>> gi.bin_.reshape(7, 7)[1:6, 1:6]  # the inner 5 x 5 cells, rows south to north
    array([[0, 0, 0, 0, 0],
           [0, 0, 3, 0, 0],
           [0, 3, 3, 3, 0],
           [0, 0, 3, 0, 0],
           [0, 0, 0, 0, 0]], dtype=int8)

    The centre cell by hand: n = 49, mean 16/49, S = 1.707; its band holds
    itself and 4 neighbours (W = 5), whose sum is 16, so
    z = (16 - 5 * 16/49) / (S * sqrt((49 * 5 - 25) / 48)) = 3.93:

    >>> centre = lat.index_of([3], [3])[0]
    >>> round(float(gi.z_[centre]), 2), int(gi.n_neighbors_[centre])
    (3.93, 4)
    """

    def __init__(self, distance: float | None = None, *, fdr: bool = True) -> None:
        self.distance = distance
        self.fdr = fdr

    def fit(
        self,
        values: npt.ArrayLike,
        coords: Lattice | npt.ArrayLike | None = None,
        *,
        weights: sp.spmatrix | sp.sparray | None = None,
    ) -> GetisOrdGiStar:
        """Compute Gi* for ``values``.

        Parameters
        ----------
        values
            One value per feature (cell).
        coords
            A :class:`~models.lattice.Lattice` (neighbours from grid
            offsets) or an ``(n, 2)`` array of coordinates in metres
            (neighbours from a k-d tree).
        weights
            Binary sparse weights to use instead of ``coords``; the diagonal
            is set to 1.

        Returns
        -------
        GetisOrdGiStar
            ``self``, fitted.
        """
        y = np.asarray(values, dtype=float).ravel()
        if np.isnan(y).any():
            msg = "`values` has NaN entries; Gi* needs a value for every cell"
            raise ValueError(msg)
        if y.size < 3:
            msg = f"Gi* needs at least 3 features, got {y.size}"
            raise ValueError(msg)
        if weights is not None:
            w = _with_self(weights)
        else:
            if isinstance(coords, Lattice) and coords.n != y.size:
                msg = f"`values` has {y.size} entries but the lattice has {coords.n} cells"
                raise ValueError(msg)
            w = neighbor_weights(coords, y.size, self.distance, include_self=True)
        z, g, expected, variance = gi_star_z(y, w)
        self.weights_ = w
        self.z_ = z
        self.g_ = g
        self.expected_ = expected
        self.variance_ = variance
        self.p_ = two_sided_p(z)
        self.bin_ = confidence_bins(z, self.p_, fdr=self.fdr)
        self.n_neighbors_ = np.diff(w.indptr) - 1
        return self


@dataclass(frozen=True)
class GiParameters:
    """What a Gi* analysis used, for the page and the CLI.

    Attributes
    ----------
    scale
        Cell size and distance, and why (:class:`models.scale.ScaleChoice`).
    shape
        ``"square"`` or ``"hex"``.
    crs
        The projected CRS of the cells.
    weight
        ``"count"``, ``"harm"`` or the weight column.
    fdr
        Whether the bins carry the false discovery rate correction.
    study_area
        How the study area was obtained.
    n_cells, n_incidents, n_outside
        Cells analysed (empty ones included), incidents given, incidents
        outside every cell (not counted).
    n_hot, n_cold
        Cells in a hot / cold bin.
    reason
        The scale's reason plus one sentence on significance.
    """

    scale: ScaleChoice
    shape: Shape
    crs: str
    weight: str
    fdr: bool
    study_area: str
    n_cells: int
    n_incidents: int
    n_outside: int
    n_hot: int
    n_cold: int
    reason: str

    @property
    def cell_size(self) -> float:
        """Cell size in metres."""
        return self.scale.cell_size

    @property
    def distance(self) -> float:
        """Neighbourhood distance in metres."""
        return self.scale.distance


def gi_star_hot_spots(
    incidents: pd.DataFrame,
    *,
    mask: MaskSpec = None,
    cell_size: float | None = None,
    distance: float | None = None,
    shape: Shape = "square",
    weight: WeightSpec = "count",
    fdr: bool = True,
    crs: str | None = None,
    n_bands: int = DEFAULT_BANDS,
    xy: XY | None = None,
) -> tuple[gpd.GeoDataFrame, GiParameters]:
    """Hot and cold spots of incidents on cells (ArcGIS's Optimized Hot Spot Analysis).

    Parameters
    ----------
    incidents
        Points (any CRS), already filtered by category and date; with a
        ``category`` column when ``weight="harm"``. Or only their
        columns, with ``crs`` and ``xy``.
    mask
        The study area: a polygon layer (dissolved) or a shapely polygon in
        ``crs``. ``None``: the convex hull of the incidents.
    cell_size, distance
        Metres; ``None`` chooses them from the data (:mod:`models.scale`).
    shape
        ``"square"`` or ``"hex"`` cells.
    weight
        ``"count"``, ``"harm"`` (:data:`geo.schema.HARM_WEIGHTS`) or a
        numeric column.
    fdr
        False discovery rate correction of the bins (default on, as
        Optimized Hot Spot Analysis).
    crs
        Projected CRS to work in; default the incidents' own if projected,
        else the workspace rule (:func:`geo.crs.crs_for_frames`).
    n_bands
        Distances tested when ``distance`` is chosen.
    xy
        The incidents' ``x, y`` in ``crs`` (metres), in their order, when
        the caller has them already (:func:`models.hotspots.run_hotspots`
        computes them once per run); ``None`` reads them from the geometries.

    Returns
    -------
    cells : geopandas.GeoDataFrame
        One row per cell of the study area, in ``crs``, columns:

        ``cell_i``, ``cell_j``
            Grid ids of the cell.
        ``value``
            Incidents (or harm) in the cell.
        ``n_neighbors``
            Cells within the distance, the cell itself not counted.
        ``gi_z``, ``gi_p``
            Gi* z-score and two-sided p-value (not corrected).
        ``gi_bin``
            -3..+3 confidence bin (corrected when ``fdr``).
        ``gi_label``
            English text of the bin ("Hot spot, 99% confidence", ...).
        ``geometry``
            The cell polygon.
    parameters : GiParameters
        What was used, and why.
    """
    pts = prepare_points(incidents, mask=mask, weight=weight, crs=crs, xy=xy)
    work_crs = pts.crs
    lattice, values, n_outside, choice = analysis_cells(
        pts.x,
        pts.y,
        pts.weights,
        pts.area,
        shape=shape,
        cell_size=cell_size,
        distance=distance,
        n_bands=n_bands,
    )
    gi = GetisOrdGiStar(choice.distance, fdr=fdr).fit(values, lattice)
    cells = lattice.to_frame(
        work_crs,
        {
            "value": values,
            "n_neighbors": gi.n_neighbors_,
            "gi_z": gi.z_,
            "gi_p": gi.p_,
            "gi_bin": gi.bin_,
            "gi_label": [BIN_LABELS[int(b)] for b in gi.bin_],
        },
    )
    n_hot = int((gi.bin_ > 0).sum())
    n_cold = int((gi.bin_ < 0).sum())
    corrected = "with" if fdr else "without"
    reason = (
        f"{choice.reason} Significance from Gi* z-scores, {corrected} the false discovery "
        f"rate correction: {n_hot:,} hot and {n_cold:,} cold cells of {lattice.n:,}."
    )
    params = GiParameters(
        scale=choice,
        shape=shape,
        crs=work_crs,
        weight=str(weight or "count"),
        fdr=fdr,
        study_area=pts.area_text,
        n_cells=lattice.n,
        n_incidents=len(incidents),
        n_outside=n_outside,
        n_hot=n_hot,
        n_cold=n_cold,
        reason=reason,
    )
    return cells, params
