"""Incidents aggregated to grid cells: counts, harm and counts by category.

Cells are built in metres in the workspace's projected CRS (a
:class:`geo.grid.Grid` snapped by :meth:`geo.grid.Grid.covering`) and the
result is then reprojected to EPSG:4326, the CRS every layer is stored and
drawn in. So a 250 m cell is 250 m on the ground wherever the city lies.

Typical use::

    cells = aggregate_points(incidents, crs=ws.projected_crs, mask=city_mask(hoods))
    cells.attrs["outside_mask"]   # incidents outside the city's boundary, never lost

The work is vectorised: points are projected with one ``pyproj``
transformation, binned with integer arithmetic, and counted with
``np.unique`` on packed cell ids and one ``np.bincount`` over
(cell, category) pairs; only the non-empty cells get a polygon, and only the
cells that straddle the mask's boundary are clipped and have their points
tested one by one. A million incidents aggregate in well under a second.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer
from shapely.geometry.base import BaseGeometry

from geo import schema, settings
from geo.crs import STORAGE_CRS
from geo.grid import Grid, Shape, pack_ids, unpack_ids

Weight = Literal["harm", "count"]

#: Columns of :func:`aggregate_points`'s result before the ``n_<category>`` ones.
BASE_COLUMNS = ("cell_i", "cell_j", "n", "harm")


def category_columns() -> list[str]:
    """The ``n_<category>`` column names, in :data:`geo.schema.CATEGORIES` order."""
    return [f"n_{code}" for code in schema.CATEGORIES]


def result_columns() -> list[str]:
    """Every column of :func:`aggregate_points`'s result, in order."""
    return [*BASE_COLUMNS, *category_columns(), "value", "geometry"]


def aggregate_points(
    points: gpd.GeoDataFrame,
    *,
    size: float | None = None,
    shape: Shape = "square",
    crs: str,
    weight: Weight = "harm",
    mask: BaseGeometry | None = None,
    category_column: str = "category",
    grid: Grid | None = None,
) -> gpd.GeoDataFrame:
    """Count incidents and their harm in the cells of a grid.

    Parameters
    ----------
    points
        Incidents: Point geometries (any CRS set on the frame; normally
        EPSG:4326) and a column of category codes from
        :data:`geo.schema.CATEGORIES`.
    size
        Cell size in metres: the side of a square, or the flat-to-flat width
        of a hexagon (see :mod:`geo.grid`). ``None`` uses
        ``geo.settings.cell_size_m``.
    shape
        ``"square"`` or ``"hex"``.
    crs
        The projected CRS (metres) the grid is built in, normally the
        workspace's (see :mod:`geo.crs`).
    weight
        What the ``value`` column holds: ``"harm"`` (the sum of the
        incidents' harm weights, :data:`geo.schema.HARM_WEIGHTS`) or
        ``"count"`` (the number of incidents).
    mask
        Optional area in EPSG:4326 (e.g. :func:`city_mask`) to keep: cells
        are clipped to it, cells entirely outside it are dropped, and the
        incidents outside it are counted in ``attrs["outside_mask"]``
        instead of in any cell. A point on the mask's boundary is inside.
    category_column
        Name of the column of category codes.
    grid
        The grid to count in, of this ``size`` and ``shape`` (e.g. one laid
        over a larger layer, so that its cells do not move with a filter);
        by default :meth:`geo.grid.Grid.covering` the points.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per cell holding at least one incident, in EPSG:4326, with
        columns

        ``cell_i``, ``cell_j`` (int64)
            The cell's id in the grid (see :mod:`geo.grid`).
        ``n`` (int64)
            Number of incidents in the cell.
        ``harm`` (float64)
            Sum of the incidents' harm weights.
        ``n_<category>`` (int64)
            Number of incidents of each category, one column for every
            category of :data:`geo.schema.CATEGORIES`, in that order (zeros
            included), so that ``n`` is their sum.
        ``value`` (float64)
            ``harm`` or ``n``, as ``weight`` says: the value to map.
        ``geometry``
            The cell's polygon (clipped to ``mask`` when given), built in
            metres in ``crs`` and reprojected to EPSG:4326.

        ``attrs`` records ``size``, ``shape``, ``crs``, ``weight``, the grid
        origin ``x0``/``y0`` (metres), ``n_points`` (rows of ``points``),
        ``outside_mask`` (incidents outside ``mask``; 0 without a mask) and
        ``no_geometry`` (rows with a missing or empty geometry), so that
        ``result["n"].sum() + outside_mask + no_geometry == n_points``.

    Raises
    ------
    ValueError
        When ``weight`` or ``shape`` is unknown, the category column is
        missing, a category is not in the taxonomy, ``points`` has no CRS,
        or a geometry is not a point.
    """
    cell = _checked_size(size, shape, weight)
    if category_column not in points.columns:
        msg = f"`points` has no column `{category_column}` of incident categories"
        raise ValueError(msg)
    if points.crs is None:
        msg = "`points` has no CRS; set it (incidents are stored in EPSG:4326)"
        raise ValueError(msg)

    codes = _category_codes(points[category_column], category_column)
    geoms = points.geometry.to_numpy()
    has_geom = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    kinds = shapely.get_type_id(geoms[has_geom])
    if np.any(kinds != shapely.GeometryType.POINT):
        bad = int(np.flatnonzero(has_geom)[np.flatnonzero(kinds != 0)[0]])
        msg = f"`points` row {bad}: geometry is a {geoms[bad].geom_type}, not a Point"
        raise ValueError(msg)
    codes = codes[has_geom]
    xy = shapely.get_coordinates(geoms[has_geom])
    to_metres = Transformer.from_crs(points.crs, crs, always_xy=True)
    x, y = to_metres.transform(xy[:, 0], xy[:, 1])
    return aggregate_xy(
        np.asarray(x, dtype=float),
        np.asarray(y, dtype=float),
        codes,
        size=cell,
        shape=shape,
        crs=crs,
        weight=weight,
        mask=mask,
        n_points=len(points),
        grid=grid,
    )


def aggregate_xy(
    x: np.ndarray,
    y: np.ndarray,
    codes: np.ndarray,
    *,
    size: float | None = None,
    shape: Shape = "square",
    crs: str,
    weight: Weight = "harm",
    mask: BaseGeometry | None = None,
    n_points: int | None = None,
    grid: Grid | None = None,
) -> gpd.GeoDataFrame:
    """:func:`aggregate_points` on points already projected to ``crs``.

    Parameters
    ----------
    x, y
        The points' coordinates in metres in ``crs`` (finite).
    codes
        Each point's category as its position in :data:`geo.schema.CATEGORIES`.
    size, shape, crs, weight, mask
        As for :func:`aggregate_points`.
    n_points
        The rows the caller started from (``attrs["n_points"]``); by default
        ``len(x)``, so ``attrs["no_geometry"]`` is the difference.
    grid
        The grid to count in (its ``size`` and ``shape`` must be those
        given); by default :meth:`geo.grid.Grid.covering` the points.

    Returns
    -------
    geopandas.GeoDataFrame
        As :func:`aggregate_points`.
    """
    cell = _checked_size(size, shape, weight)
    if not (len(x) == len(y) == len(codes)):
        msg = f"`x`, `y` and `codes` differ in length: {len(x)}, {len(y)}, {len(codes)}"
        raise ValueError(msg)
    total = len(x) if n_points is None else int(n_points)
    if len(x) == 0:
        return _empty(_attrs(cell, shape, crs, weight, total, total, 0))
    if grid is None:
        index = CellIndex.covering(x, y, size=cell, shape=shape, crs=crs, mask=mask)
    else:
        index = CellIndex.build(x, y, grid=_checked_grid(grid, cell, shape), crs=crs, mask=mask)
    return index.count(codes, np.ones(len(x), dtype=bool), weight=weight, n_points=total)


@dataclass(frozen=True, eq=False)
class CellIndex:
    """The cell of each point of a layer, for one grid and mask: found once, counted per filter.

    :func:`aggregate_xy` is ``CellIndex.build(...).count(...)``. A page that
    counts the same incidents under many filters builds the index once per
    cell size and shape (finding the cells and clipping them to the mask is
    most of the work) and only counts at each filter change. The grid is
    laid over all the points, so the cells stay where they are whatever the
    filter keeps.

    Attributes
    ----------
    grid, crs
        The grid, in metres in ``crs``.
    cell
        For each point, the row of its cell in :attr:`keys` and
        :attr:`polygons`; :data:`OUTSIDE` for a point outside the mask,
        :data:`NOT_LOCATED` for one without coordinates (NaN).
    keys
        Packed ids (:func:`geo.grid.pack_ids`) of the cells holding points
        inside the mask, ascending.
    polygons
        Their outlines in EPSG:4326, clipped to the mask.
    """

    grid: Grid
    crs: str
    cell: np.ndarray
    keys: np.ndarray
    polygons: np.ndarray

    #: :attr:`cell` of a point outside the mask.
    OUTSIDE: ClassVar[int] = -1
    #: :attr:`cell` of a point without coordinates.
    NOT_LOCATED: ClassVar[int] = -2

    @classmethod
    def covering(
        cls,
        x: np.ndarray,
        y: np.ndarray,
        *,
        size: float | None = None,
        shape: Shape = "square",
        crs: str,
        mask: BaseGeometry | None = None,
    ) -> CellIndex:
        """:meth:`build` on a grid of ``size`` and ``shape`` laid over the located points."""
        cell = _checked_size(size, shape, "harm")
        x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        located = np.isfinite(x) & np.isfinite(y)
        if located.any():
            lx, ly = x[located], y[located]
            bounds = (float(lx.min()), float(ly.min()), float(lx.max()), float(ly.max()))
            grid = Grid.covering(bounds, cell, shape)
        else:
            grid = Grid(cell, shape)
        return cls.build(x, y, grid=grid, crs=crs, mask=mask)

    @classmethod
    def build(
        cls,
        x: np.ndarray,
        y: np.ndarray,
        *,
        grid: Grid,
        crs: str,
        mask: BaseGeometry | None = None,
    ) -> CellIndex:
        """The cells of the points ``(x, y)`` (metres in ``crs``; NaN: not located) in ``grid``."""
        x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        located = np.isfinite(x) & np.isfinite(y)
        cell = np.full(len(x), cls.NOT_LOCATED, dtype=np.int64)
        if not located.any():
            return cls(grid, crs, cell, np.array([], dtype=np.int64), np.array([], dtype=object))
        lx, ly = x[located], y[located]
        ci, cj = grid.cell_of(lx, ly)
        keys, inverse = _unique_cells(ci, cj)
        polys = grid.polygons(*unpack_ids(keys))
        if mask is not None:
            inverse, keys, polys, _ = _apply_mask(mask, crs, lx, ly, inverse, keys, polys)
        cell[located] = inverse  # -1 (OUTSIDE) where the mask left a point out
        outlines = gpd.GeoSeries(polys, crs=crs).to_crs(STORAGE_CRS).to_numpy()
        return cls(grid, crs, cell, keys, outlines)

    def count(
        self,
        codes: np.ndarray,
        keep: np.ndarray,
        *,
        weight: Weight = "harm",
        n_points: int | None = None,
    ) -> gpd.GeoDataFrame:
        """The points ``keep`` selects (a boolean array) counted in their cells.

        Parameters
        ----------
        codes
            Each point's category as its position in
            :data:`geo.schema.CATEGORIES` (checked only for the points kept
            that are located).
        keep
            Which points to count.
        weight
            As for :func:`aggregate_points`.
        n_points
            ``attrs["n_points"]``: by default the points kept.

        Returns
        -------
        geopandas.GeoDataFrame
            As :func:`aggregate_points`: the cells holding a kept point.
        """
        size, shape = self.grid.size, self.grid.shape
        _checked_size(size, shape, weight)
        cell = self.cell[keep]
        located = cell != self.NOT_LOCATED
        total = len(cell) if n_points is None else int(n_points)
        no_geometry = total - int(located.sum())
        inside = cell >= 0
        attrs = _attrs(
            size, shape, self.crs, weight, total, no_geometry, int((cell == self.OUTSIDE).sum())
        )
        kept_codes = np.asarray(codes)[keep]
        if np.any(kept_codes[located] < 0):
            msg = "incidents hold categories outside the taxonomy"
            raise ValueError(msg)
        if not located.any():
            return _empty(attrs)
        attrs["x0"], attrs["y0"] = self.grid.x0, self.grid.y0
        n_cat = len(schema.CATEGORIES)
        k = len(self.keys)
        counts = np.bincount(
            cell[inside] * n_cat + kept_codes[inside].astype(np.int64), minlength=k * n_cat
        ).reshape(k, n_cat)
        n = counts.sum(axis=1)
        nonempty = np.flatnonzero(n > 0)
        counts, n = counts[nonempty], n[nonempty]
        weights = np.array([schema.HARM_WEIGHTS[c] for c in schema.CATEGORIES], dtype=float)
        harm = counts @ weights
        i, j = unpack_ids(self.keys[nonempty])
        data: dict[str, np.ndarray] = {
            "cell_i": i,
            "cell_j": j,
            "n": n.astype(np.int64),
            "harm": harm,
        }
        for c, name in enumerate(category_columns()):
            data[name] = counts[:, c].astype(np.int64)
        data["value"] = harm if weight == "harm" else n.astype(float)
        out = gpd.GeoDataFrame(data, geometry=self.polygons[nonempty], crs=STORAGE_CRS)
        out.attrs.update(attrs)
        return out


def _attrs(
    size: float,
    shape: Shape,
    crs: str,
    weight: Weight,
    n_points: int,
    no_geometry: int,
    outside: int,
) -> dict[str, object]:
    """The ``attrs`` of :func:`aggregate_points`'s result (``x0``/``y0`` added when cells exist)."""
    return {
        "size": size,
        "shape": shape,
        "crs": crs,
        "weight": weight,
        "n_points": n_points,
        "no_geometry": no_geometry,
        "outside_mask": outside,
    }


def _checked_grid(grid: Grid, size: float, shape: Shape) -> Grid:
    """``grid``, once its size and shape are checked against those asked for."""
    if grid.size != size or grid.shape != shape:
        msg = f"`grid` is {grid.shape} {grid.size} m; {shape} {size} m was asked for"
        raise ValueError(msg)
    return grid


def city_mask(neighborhoods: gpd.GeoDataFrame | None) -> BaseGeometry | None:
    """The city's area: the union of its neighbourhoods, in EPSG:4326.

    Parameters
    ----------
    neighborhoods
        The ``neighborhoods`` layer, or ``None``.

    Returns
    -------
    shapely.geometry.base.BaseGeometry or None
        The union of the polygons, or ``None`` when there is no layer or no
        geometry in it.
    """
    if neighborhoods is None or len(neighborhoods) == 0:
        return None
    geoms = neighborhoods.geometry
    if geoms.crs is not None:
        geoms = geoms.to_crs(STORAGE_CRS)
    arr = geoms.to_numpy()
    arr = arr[~(shapely.is_missing(arr) | shapely.is_empty(arr))]
    if len(arr) == 0:
        return None
    return shapely.union_all(shapely.make_valid(arr))


# -- helpers -------------------------------------------------------------------


def _unique_cells(ci: np.ndarray, cj: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(pack_ids(ci, cj), return_inverse=True)``, without sorting every point.

    The cells of a city's points fill a small box of ids: counting the
    points per id of that box (linear) finds the few distinct cells, and
    only those are sorted. A box much larger than the points falls back to
    ``np.unique``.
    """
    if len(ci) == 0:
        return np.unique(pack_ids(ci, cj), return_inverse=True)
    i0, j0 = int(ci.min()), int(cj.min())
    rows, cols = int(ci.max()) - i0 + 1, int(cj.max()) - j0 + 1
    if rows * cols > 4 * len(ci) + 1_000_000:
        return np.unique(pack_ids(ci, cj), return_inverse=True)
    box = (ci - i0) * cols + (cj - j0)
    present = np.flatnonzero(np.bincount(box, minlength=rows * cols))
    packed = pack_ids(present // cols + i0, present % cols + j0)
    order = np.argsort(packed, kind="stable")
    rank = np.empty(len(present), dtype=np.int64)
    rank[order] = np.arange(len(present))
    position = np.zeros(rows * cols, dtype=np.int64)
    position[present] = rank
    return packed[order], position[box]


def _checked_size(size: float | None, shape: str, weight: str) -> float:
    """The cell size in metres, once ``size``, ``shape`` and ``weight`` are checked."""
    if weight not in ("harm", "count"):
        msg = f"`weight` must be 'harm' or 'count', got {weight!r}"
        raise ValueError(msg)
    cell = float(settings.cell_size_m if size is None else size)
    if not (np.isfinite(cell) and cell > 0):
        msg = f"`size` must be a positive number of metres, got {size!r}"
        raise ValueError(msg)
    if shape not in ("square", "hex"):
        msg = f"`shape` must be 'square' or 'hex', got {shape!r}"
        raise ValueError(msg)
    return cell


def _category_codes(values: pd.Series, column: str) -> np.ndarray:
    """Integer positions of category codes in :data:`geo.schema.CATEGORIES`."""
    # factorize first (fast on Arrow strings), then map the few distinct values
    local, uniques = pd.factorize(values, use_na_sentinel=True)
    position = {code: k for k, code in enumerate(schema.CATEGORIES)}
    lookup = np.array([position.get(u, -1) for u in uniques] + [-1], dtype=np.int64)
    codes = lookup[np.asarray(local, dtype=np.int64)]  # a missing value (-1) maps to -1
    if np.any(codes < 0):
        bad_rows = np.flatnonzero(codes < 0)
        unknown = sorted({str(v) for v in values.iloc[bad_rows[:1000]]})[:5]
        msg = (
            f"`points` column `{column}`: {len(bad_rows)} row(s) hold categories outside the "
            f"taxonomy (first row {int(bad_rows[0])}; values {unknown}); "
            f"expected one of {list(schema.CATEGORIES)}"
        )
        raise ValueError(msg)
    return codes


def _apply_mask(
    mask: BaseGeometry,
    crs: str,
    x: np.ndarray,
    y: np.ndarray,
    inverse: np.ndarray,
    keys: np.ndarray,
    polys: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """Clip cells to ``mask`` and unassign the points outside it.

    Returns the new point -> cell index (``-1`` for points outside), the kept
    keys and (clipped) polygons, and the number of points outside.
    """
    area = gpd.GeoSeries([mask], crs=STORAGE_CRS).to_crs(crs).iloc[0]
    shapely.prepare(area)
    inside = shapely.contains(area, polys)
    touching = shapely.intersects(area, polys)
    edge = touching & ~inside

    point_in = touching[inverse]
    on_edge = edge[inverse]
    if on_edge.any():
        point_in[on_edge] = shapely.intersects_xy(area, x[on_edge], y[on_edge])
    outside = int((~point_in).sum())

    clipped = polys.copy()
    if edge.any():
        cut = shapely.intersection(polys[edge], area)
        cut = np.array([_polygonal(g) for g in cut], dtype=object)
        # a point on the boundary can leave a cell whose overlap has no area:
        # keep the whole cell then rather than an empty or linear shape
        degenerate = shapely.is_empty(cut) | (shapely.area(cut) <= 0)
        clipped[edge] = np.where(degenerate, polys[edge], cut)

    kept = np.flatnonzero(touching)
    remap = np.full(len(keys), -1, dtype=np.int64)
    remap[kept] = np.arange(len(kept))
    new_inverse = np.where(point_in, remap[inverse], -1)
    return new_inverse, keys[kept], clipped[kept], outside


def _polygonal(geom: BaseGeometry) -> BaseGeometry:
    """The polygonal part of an intersection (drops stray lines and points)."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def _empty(attrs: dict[str, object]) -> gpd.GeoDataFrame:
    data: dict[str, np.ndarray] = {
        "cell_i": np.array([], dtype=np.int64),
        "cell_j": np.array([], dtype=np.int64),
        "n": np.array([], dtype=np.int64),
        "harm": np.array([], dtype=float),
    }
    for name in category_columns():
        data[name] = np.array([], dtype=np.int64)
    data["value"] = np.array([], dtype=float)
    out = gpd.GeoDataFrame(data, geometry=gpd.GeoSeries([], crs=STORAGE_CRS), crs=STORAGE_CRS)
    out.attrs.update(attrs)
    return out


def containing_rows(
    x: np.ndarray, y: np.ndarray, hoods: gpd.GeoDataFrame | gpd.GeoSeries
) -> np.ndarray:
    """Each point's polygon row (the lowest row whose polygon it lies within), -1 for none.

    The join the recommendations use to place incidents in barrios and public
    spaces in barrios and territories.

    One :class:`shapely.STRtree` query over every located point (predicate
    ``within``: a point on a polygon's boundary is not within it); of the
    barrios a point lies within (more than one only where polygons
    overlap), the first in ``hoods``' order wins.

    Parameters
    ----------
    x, y
        Coordinates in ``hoods``' CRS (NaN: no location, row -1).
    hoods
        The barrios' polygons (missing or empty geometries match nothing).

    Returns
    -------
    numpy.ndarray
        ``int64``, one row position of ``hoods`` per point, -1 for none.

    Examples
    --------
    >>> sq = [shapely.box(0, 0, 10, 10), shapely.box(5, 0, 15, 10)]
    >>> containing_rows(np.array([1.0, 7.0, 14.0, 30.0, np.nan]), np.full(5, 5.0),
    ...           gpd.GeoDataFrame(geometry=sq)).tolist()
    [0, 0, 1, -1, -1]
    """
    xs = np.asarray(x, dtype=float)
    ys = np.asarray(y, dtype=float)
    if xs.shape != ys.shape:
        msg = f"`x` and `y` must have one value per point; got lengths {len(xs)} and {len(ys)}"
        raise ValueError(msg)
    rows = np.full(len(xs), -1, dtype=np.int64)
    located = np.flatnonzero(np.isfinite(xs) & np.isfinite(ys))
    if not len(located) or not len(hoods):
        return rows
    geoms = hoods.geometry if isinstance(hoods, gpd.GeoDataFrame) else hoods
    tree = shapely.STRtree(np.asarray(geoms.to_numpy()))
    point, hood = tree.query(shapely.points(xs[located], ys[located]), predicate="within")
    order = np.lexsort((hood, point))  # by point, then lowest barrio row first
    point, hood = point[order], hood[order]
    first = np.ones(len(point), dtype=bool)
    first[1:] = point[1:] != point[:-1]
    rows[located[point[first]]] = hood[first]
    return rows
