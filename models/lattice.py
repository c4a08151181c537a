"""The cells of a study area, their values and their neighbours.

A hot-spot analysis must look at every cell where an incident *could* have
happened, not only at the cells where one did: a block with no incident
next to a block with many is information. :class:`Lattice` is that set of
cells — every cell of a :class:`geo.grid.Grid` that overlaps the city's
boundary (the mask), empty or not — with fast look-ups from points to cells
and from cells to their neighbours. Everything is in metres in the
workspace's projected CRS.

Typical use::

    lat = Lattice.over_mask(city_polygon, size=250)        # all cells in the city
    values, outside = lat.aggregate(x, y)                   # incidents per cell
    w = lat.band_weights(750, include_self=True)            # Gi* neighbourhoods

Neighbours
    *Distance band*: two cells are neighbours when their centres are at
    most ``distance`` metres apart (plus a micrometre, so that a band of
    exactly two cell sizes includes the cell two steps away despite
    floating-point rounding). On a grid the neighbours are found from
    integer offsets, with no distance computation per pair; for arbitrary
    points (:func:`band_weights_xy`) a k-d tree is used.
    *Contiguity*: cells that share an edge or a corner (queen), the
    offsets of :meth:`geo.grid.Grid.neighbor_offsets`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, TypeAlias

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd
import scipy.sparse as sp
import shapely
from scipy.spatial import cKDTree
from shapely.geometry.base import BaseGeometry

from geo import schema
from geo.crs import crs_for_frames
from geo.grid import SQRT3, Grid, Shape, pack_ids, unpack_ids
from geo.sidecar import paused_gc

#: Added to a distance band so that centres exactly ``distance`` apart are
#: neighbours despite rounding, in metres.
BAND_TOLERANCE_M = 1e-6

#: Above this many slots the dense cell index gives way to a sorted search.
_DENSE_INDEX_LIMIT = 20_000_000
#: Above this many slots :meth:`Lattice.offset_index` keeps no padded copy of the dense index.
_PADDED_INDEX_LIMIT = 4_000_000

KeepRule = Literal["intersects", "center"]


class Lattice:
    """Cells of one grid that make up a study area.

    Parameters
    ----------
    grid
        The grid the cells belong to.
    i, j
        Integer ids of the cells (see :mod:`geo.grid`), one entry per cell,
        no duplicates. The order is kept: values and results are aligned
        with it.

    Attributes
    ----------
    grid : geo.grid.Grid
    i, j : numpy.ndarray
        Cell ids (``int64``).
    x, y : numpy.ndarray
        Cell centres in metres.
    """

    def __init__(self, grid: Grid, i: npt.ArrayLike, j: npt.ArrayLike) -> None:
        ia = np.asarray(i, dtype=np.int64).ravel()
        ja = np.asarray(j, dtype=np.int64).ravel()
        if ia.shape != ja.shape:
            msg = f"cell ids `i` ({ia.size}) and `j` ({ja.size}) differ in length"
            raise ValueError(msg)
        keys = pack_ids(ia, ja)
        if np.unique(keys).size != keys.size:
            msg = "cell ids repeat: each cell may appear only once in a lattice"
            raise ValueError(msg)
        self.grid = grid
        self.i = ia
        self.j = ja
        self.x, self.y = grid.centers(ia, ja)
        self._build_index(keys)

    # -- construction ------------------------------------------------------

    @classmethod
    def over_mask(
        cls,
        mask: BaseGeometry,
        *,
        size: float | None = None,
        shape: Shape = "square",
        grid: Grid | None = None,
        keep: KeepRule = "intersects",
    ) -> Lattice:
        """Every cell of a grid inside a study area, including empty ones.

        Parameters
        ----------
        mask
            The study area (the city's boundary), a (Multi)Polygon in the
            projected CRS.
        size, shape
            Cell size in metres and shape, for a grid snapped to the mask
            (:meth:`geo.grid.Grid.covering`). Ignored when ``grid`` is given.
        grid
            Use this grid instead (to share cells with another layer).
        keep
            ``"intersects"`` (default): keep each cell that overlaps the
            mask with a positive area, so that every point inside the mask
            falls in a kept cell. ``"center"``: keep the cells whose centre
            lies inside the mask (fewer slivers along the boundary; points
            near the boundary may then fall outside every cell).

        Returns
        -------
        Lattice
            Cells ordered by row then column (``j``, then ``i``).
        """
        if mask is None or mask.is_empty:
            msg = "`mask` is empty: give the study area as a polygon in the projected CRS"
            raise ValueError(msg)
        if mask.geom_type not in ("Polygon", "MultiPolygon", "GeometryCollection"):
            msg = f"`mask` must be a polygon, got a {mask.geom_type}"
            raise ValueError(msg)
        if grid is None:
            if size is None:
                msg = "give the cell `size` in metres, or a `grid`"
                raise ValueError(msg)
            grid = Grid.covering(tuple(mask.bounds), size, shape)
        if keep not in ("intersects", "center"):
            msg = f"`keep` must be 'intersects' or 'center', got {keep!r}"
            raise ValueError(msg)
        ci, cj = grid.cells_covering(tuple(mask.bounds))
        cx, cy = grid.centers(ci, cj)
        shapely.prepare(mask)
        inside = shapely.contains_xy(mask, cx, cy)
        if keep == "intersects":
            # a cell whose centre is outside can still overlap the mask if the
            # boundary passes within one circumradius of the centre
            radius = grid.size / math.sqrt(2.0) if grid.shape == "square" else grid.size / SQRT3
            near = ~inside & shapely.dwithin(mask, shapely.points(cx, cy), radius * (1 + 1e-9))
            idx = np.flatnonzero(near)
            if idx.size:
                polys = grid.polygons(ci[idx], cj[idx])
                area = shapely.area(shapely.intersection(mask, polys))
                inside[idx[area > grid.cell_area * 1e-9]] = True
        ci, cj = ci[inside], cj[inside]
        order = np.lexsort((ci, cj))
        return cls(grid, ci[order], cj[order])

    @classmethod
    def from_points(cls, x: npt.ArrayLike, y: npt.ArrayLike, *, grid: Grid) -> Lattice:
        """Only the cells that hold at least one of the points.

        This is what ArcGIS analyses when no boundary is given; prefer
        :meth:`over_mask`, which keeps the empty cells.
        """
        ci, cj = grid.cell_of(x, y)
        i, j = unpack_ids(np.unique(pack_ids(ci, cj)))
        order = np.lexsort((i, j))
        return cls(grid, i[order], j[order])

    # -- look-ups ------------------------------------------------------------

    def __len__(self) -> int:
        return int(self.i.size)

    @property
    def n(self) -> int:
        """Number of cells."""
        return int(self.i.size)

    @property
    def keys(self) -> np.ndarray:
        """One ``int64`` key per cell (:func:`geo.grid.pack_ids`)."""
        return pack_ids(self.i, self.j)

    @property
    def area(self) -> float:
        """Total area of the cells in square metres."""
        return self.n * self.grid.cell_area

    def _build_index(self, keys: np.ndarray) -> None:
        if self.i.size == 0:
            self._dense = None
            self._sorted_keys = keys
            self._sorted_pos = np.zeros(0, dtype=np.int64)
            self._origin = (0, 0)
            return
        i0, i1 = int(self.i.min()), int(self.i.max())
        j0, j1 = int(self.j.min()), int(self.j.max())
        slots = (i1 - i0 + 1) * (j1 - j0 + 1)
        self._origin = (i0, j0)
        if slots <= _DENSE_INDEX_LIMIT:
            dense = np.full((i1 - i0 + 1, j1 - j0 + 1), -1, dtype=np.int64)
            dense[self.i - i0, self.j - j0] = np.arange(self.i.size)
            self._dense = dense
        else:
            self._dense = None
        order = np.argsort(keys)
        self._sorted_keys = keys[order]
        self._sorted_pos = order

    def index_of(self, i: npt.ArrayLike, j: npt.ArrayLike) -> np.ndarray:
        """Position in the lattice of cells ``(i, j)``, or -1 for cells not in it."""
        ia = np.asarray(i, dtype=np.int64)
        ja = np.asarray(j, dtype=np.int64)
        if self.i.size == 0:
            return np.full(np.broadcast(ia, ja).shape, -1, dtype=np.int64)
        if self._dense is not None:
            di = ia - self._origin[0]
            dj = ja - self._origin[1]
            ok = (di >= 0) & (di < self._dense.shape[0]) & (dj >= 0) & (dj < self._dense.shape[1])
            out = np.full(np.broadcast(di, dj).shape, -1, dtype=np.int64)
            out[ok] = self._dense[di[ok], dj[ok]]
            return out
        keys = pack_ids(ia, ja)
        pos = np.searchsorted(self._sorted_keys, keys)
        pos = np.minimum(pos, self._sorted_keys.size - 1)
        found = self._sorted_keys[pos] == keys
        return np.where(found, self._sorted_pos[pos], -1)

    def offset_index(self, di: int, dj: int) -> np.ndarray:
        """Position of the cell at offset ``(di, dj)`` of each cell, or -1 where it is not in the lattice.

        The same as ``index_of(i + di, j + dj)``, faster for the many offsets
        of a distance band: the cells' positions in a copy of the dense index
        padded with -1 on every side are computed once, and each offset is
        then one addition and one look-up (no bounds checks). Lattices too
        sparse for a dense index use :meth:`index_of`.
        """
        pad = max(abs(int(di)), abs(int(dj)))
        base = self._padded_base(pad)
        if base is None:
            return self.index_of(self.i + di, self.j + dj)
        flat, width = self._padded
        out: np.ndarray = flat[base + (int(di) * width + int(dj))]
        return out

    def _padded_base(self, pad: int) -> np.ndarray | None:
        """The cells' positions in the dense index padded by at least ``pad`` (``None``: no dense index)."""
        if self._dense is None or self.i.size == 0:
            return None
        have = getattr(self, "_pad", -1)
        if have < pad:
            rows, cols = self._dense.shape
            pad = max(pad, 2 * have, 4)
            if (rows + 2 * pad) * (cols + 2 * pad) > _PADDED_INDEX_LIMIT:
                return None  # a second copy of a large index is not worth its memory
            padded = np.full((rows + 2 * pad, cols + 2 * pad), -1, dtype=np.int64)
            padded[pad : pad + rows, pad : pad + cols] = self._dense
            width = cols + 2 * pad
            self._padded = (padded.ravel(), width)
            self._padded_cells = (self.i - self._origin[0] + pad) * width + (
                self.j - self._origin[1] + pad
            )
            self._pad = pad
        base: np.ndarray = self._padded_cells
        return base

    def locate(self, x: npt.ArrayLike, y: npt.ArrayLike) -> np.ndarray:
        """Position of the cell holding each point, or -1 outside the lattice."""
        ci, cj = self.grid.cell_of(x, y)
        return self.index_of(ci, cj)

    def aggregate(
        self, x: npt.ArrayLike, y: npt.ArrayLike, weights: npt.ArrayLike | None = None
    ) -> tuple[np.ndarray, int]:
        """Sum of ``weights`` (or the count) of the points in each cell.

        Returns
        -------
        values : numpy.ndarray
            ``float64``, one per cell, 0 for empty cells.
        n_outside : int
            How many points fell outside every cell (they are not counted);
            a page should say so when it is not 0.
        """
        idx = self.locate(x, y)
        inside = idx >= 0
        w = None if weights is None else np.asarray(weights, dtype=float)[inside]
        values = np.bincount(idx[inside], weights=w, minlength=self.n).astype(float)
        return values, int((~inside).sum())

    # -- neighbours ----------------------------------------------------------

    def offsets_within(self, distance: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Grid offsets ``(di, dj)`` of the cells whose centres lie within ``distance``.

        The zero offset is excluded. Returned sorted by distance, with the
        distance of each offset in metres.
        """
        if not (distance >= 0 and math.isfinite(distance)):
            msg = f"`distance` must be a non-negative number of metres, got {distance!r}"
            raise ValueError(msg)
        g = self.grid
        reach = int(math.ceil(distance / g.size)) + 1
        if g.shape == "hex":  # axial ids: |dj| <= 2d/(sqrt3 size), |di| <= d/size + |dj|/2
            reach = int(math.ceil(2.0 * distance / g.size)) + 1
        r = np.arange(-reach, reach + 1)
        di, dj = (a.ravel() for a in np.meshgrid(r, r, indexing="ij"))
        x0, y0 = g.centers(0, 0)
        cx, cy = g.centers(di, dj)
        d = np.hypot(cx - x0, cy - y0)
        keep = (d <= distance + BAND_TOLERANCE_M) & ((di != 0) | (dj != 0))
        di, dj, d = di[keep], dj[keep], d[keep]
        order = np.lexsort((dj, di, d))
        return di[order], dj[order], d[order]

    def _weights_from_offsets(
        self, di: np.ndarray, dj: np.ndarray, *, include_self: bool
    ) -> sp.csr_matrix:
        rows: list[np.ndarray] = []
        cols: list[np.ndarray] = []
        ids = np.arange(self.n, dtype=np.int64)
        if include_self:
            rows.append(ids)
            cols.append(ids)
        for a, b in zip(di.tolist(), dj.tolist(), strict=True):
            nb = self.offset_index(a, b)
            ok = nb >= 0
            rows.append(ids[ok])
            cols.append(nb[ok])
        r = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
        c = np.concatenate(cols) if cols else np.zeros(0, dtype=np.int64)
        w = sp.csr_matrix((np.ones(r.size), (r, c)), shape=(self.n, self.n))
        w.sort_indices()
        return w

    def band_weights(self, distance: float, *, include_self: bool = False) -> sp.csr_matrix:
        """Binary distance-band weights between the cells.

        Parameters
        ----------
        distance
            Band in metres between cell centres.
        include_self
            Put 1 on the diagonal (Gi*'s neighbourhoods include the cell).
        """
        di, dj, _ = self.offsets_within(distance)
        return self._weights_from_offsets(di, dj, include_self=include_self)

    def band_pairs(self, distance: float) -> int:
        """How many ``(cell, neighbour)`` pairs lie within ``distance``: the sum of
        :meth:`band_weights`, counted offset by offset without building the matrix (its
        memory grows with the neighbours of every cell, this one's with the cells)."""
        di, dj, _ = self.offsets_within(distance)
        return sum(
            int(np.count_nonzero(self.offset_index(a, b) >= 0))
            for a, b in zip(di.tolist(), dj.tolist(), strict=True)
        )

    def contiguity_weights(self, *, include_self: bool = False) -> sp.csr_matrix:
        """Binary queen-contiguity weights (shared edge or corner)."""
        offs = self.grid.neighbor_offsets()
        di = np.array([o[0] for o in offs], dtype=np.int64)
        dj = np.array([o[1] for o in offs], dtype=np.int64)
        return self._weights_from_offsets(di, dj, include_self=include_self)

    # -- output --------------------------------------------------------------

    def polygons(self) -> np.ndarray:
        """Shapely polygons of the cells, in lattice order."""
        return np.asarray(self.grid.polygons(self.i, self.j))

    def to_frame(
        self, crs: str, columns: dict[str, npt.ArrayLike] | None = None
    ) -> gpd.GeoDataFrame:
        """A GeoDataFrame of the cells with ``cell_i``, ``cell_j`` and ``columns``."""
        data: dict[str, npt.ArrayLike] = {"cell_i": self.i, "cell_j": self.j}
        data.update(columns or {})
        return gpd.GeoDataFrame(data, geometry=self.polygons(), crs=crs)


def band_weights_xy(
    x: npt.ArrayLike, y: npt.ArrayLike, distance: float, *, include_self: bool = False
) -> sp.csr_matrix:
    """Binary distance-band weights between arbitrary points (k-d tree).

    Points at most ``distance`` (+ :data:`BAND_TOLERANCE_M`) metres apart
    are neighbours.
    """
    pts = np.column_stack([np.asarray(x, dtype=float), np.asarray(y, dtype=float)])
    n = pts.shape[0]
    tree = cKDTree(pts)
    pairs = tree.query_pairs(distance + BAND_TOLERANCE_M, output_type="ndarray")
    rows = [pairs[:, 0], pairs[:, 1]]
    cols = [pairs[:, 1], pairs[:, 0]]
    if include_self:
        rows.append(np.arange(n))
        cols.append(np.arange(n))
    r = np.concatenate(rows)
    c = np.concatenate(cols)
    w = sp.csr_matrix((np.ones(r.size), (r, c)), shape=(n, n))
    w.sort_indices()
    return w


def neighbor_lists(w: sp.spmatrix | sp.sparray) -> dict[int, list[int]]:
    """``{row: [columns]}`` of a sparse weights matrix (to build a libpysal ``W``)."""
    csr = sp.csr_matrix(w)
    return {r: csr.indices[csr.indptr[r] : csr.indptr[r + 1]].tolist() for r in range(csr.shape[0])}


# ---------------------------------------------------------------------------
# Inputs of the entry functions: points, their weights, the study area
# ---------------------------------------------------------------------------


def projected_crs(frame: pd.DataFrame, crs: str | None = None) -> str:
    """The projected CRS to work in: ``crs``, the frame's own if projected, else chosen.

    Without ``crs`` the frame must be a GeoDataFrame (a table of columns
    has no CRS to start from).
    """
    if crs is not None:
        return str(crs)
    if not isinstance(frame, gpd.GeoDataFrame):
        msg = "the incidents have no geometries: give the projected `crs` of their coordinates"
        raise TypeError(msg)
    if frame.crs is not None and frame.crs.is_projected:
        return str(frame.crs)
    return crs_for_frames(frame)


#: The ``x, y`` coordinates of points, two arrays in metres.
XY: TypeAlias = tuple[np.ndarray, np.ndarray]


def point_coordinates(
    points: pd.DataFrame, crs: str, *, xy: XY | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """``x, y`` arrays in metres of a point layer, projected to ``crs``.

    Parameters
    ----------
    points
        The points (a GeoDataFrame), or only their columns when ``xy`` is given.
    crs
        The CRS of the coordinates.
    xy
        The coordinates already known (read once by the caller, in ``crs``
        and in the order of ``points``): returned as they are, after a
        check of their length, without reading a million geometries again.

    Raises
    ------
    ValueError
        When a geometry is missing, empty or not a point, naming the row;
        when ``xy`` does not hold one coordinate per point.
    """
    if xy is not None:
        return _known_coordinates(xy, len(points))
    if not isinstance(points, gpd.GeoDataFrame):
        msg = "the incidents have no geometries: give their coordinates (`xy`)"
        raise TypeError(msg)
    if points.crs is None:
        msg = "the points have no CRS; set it (EPSG:4326 for longitude/latitude)"
        raise ValueError(msg)
    geoms = np.asarray(points.geometry.array)
    bad = (shapely.get_type_id(geoms) != 0) | shapely.is_empty(geoms)
    if bad.any():
        row = points.index[np.flatnonzero(bad)[0]]
        msg = f"points row {row!r}: geometry is missing or not a point"
        raise ValueError(msg)
    if points.crs.equals(crs):
        return shapely.get_x(geoms), shapely.get_y(geoms)
    if shapely.has_z(geoms).any():
        geoms = np.asarray(points.geometry.to_crs(crs).array)
        return shapely.get_x(geoms), shapely.get_y(geoms)
    return transform_xy(shapely.get_x(geoms), shapely.get_y(geoms), points.crs, crs)


def transform_xy(x: np.ndarray, y: np.ndarray, source: object, crs: object) -> XY:
    """``x, y`` (2-D points in ``source``) in ``crs``: ``to_crs``'s numbers, without points.

    The same pyproj transformation :meth:`geopandas.GeoDataFrame.to_crs`
    applies, so :func:`point_coordinates` of a layer equals this of its
    coordinates (``models.batch`` projects a city's longitudes and latitudes
    so, kept without their points).
    """
    from pyproj import Transformer

    transformer = Transformer.from_crs(source, crs, always_xy=True)
    tx, ty = transformer.transform(x, y)
    return np.asarray(tx, dtype=float), np.asarray(ty, dtype=float)


def _known_coordinates(xy: XY, n: int) -> XY:
    x, y = (np.asarray(v, dtype=float) for v in xy)
    if x.shape != (n,) or y.shape != (n,):
        msg = (
            f"`xy` must hold {n} x and {n} y coordinates (one per point), got {x.shape}, {y.shape}"
        )
        raise ValueError(msg)
    return x, y


def project_points(points: gpd.GeoDataFrame, crs: str) -> gpd.GeoDataFrame:
    """``points`` in ``crs``: ``to_crs``, faster for a layer of 2-D points.

    The coordinates are those of :meth:`geopandas.GeoDataFrame.to_crs` (the
    same pyproj transformation of the same numbers); the points are built
    anew instead of copied and rewritten, which halves the time at a million
    incidents. Any other layer (a missing, empty, 3-D or non-point
    geometry, no CRS) goes through ``to_crs`` itself.
    """
    from pyproj import CRS, Transformer

    target = CRS.from_user_input(crs)
    if points.crs is None or points.crs.is_exact_same(target):
        return points.to_crs(target) if points.crs is not None else points
    geoms = np.asarray(points.geometry.array)
    if (
        not len(geoms)
        or (shapely.get_type_id(geoms) != 0).any()
        or shapely.is_empty(geoms).any()
        or shapely.has_z(geoms).any()
    ):
        return points.to_crs(target)
    transformer = Transformer.from_crs(points.crs, target, always_xy=True)
    x, y = transformer.transform(shapely.get_x(geoms), shapely.get_y(geoms))
    out = points.copy()
    name = points.geometry.name
    with paused_gc():  # a million tracked objects: see geo.sidecar.paused_gc
        projected = shapely.points(x, y)
    out[name] = gpd.GeoSeries(projected, index=points.index, crs=target)
    return out


WeightSpec: TypeAlias = Literal["count", "harm"] | str | None


def point_weights(points: pd.DataFrame, weight: WeightSpec) -> np.ndarray | None:
    """Per-point weights: ``None``/``"count"`` counts, ``"harm"`` uses the harm weights.

    ``"harm"`` maps ``category`` through :data:`geo.schema.HARM_WEIGHTS`;
    any other string names a numeric column.
    """
    if weight is None or weight == "count":
        return None
    if weight == "harm":
        if "category" not in points.columns:
            msg = "weight 'harm' needs a `category` column in the incidents"
            raise ValueError(msg)
        cats = points["category"].astype("string")
        unknown = ~cats.isin(list(schema.HARM_WEIGHTS))
        if unknown.any():
            row = points.index[np.flatnonzero(unknown.to_numpy())[0]]
            msg = (
                f"incidents row {row!r}: `category` {points['category'].loc[row]!r} "
                "has no harm weight"
            )
            raise ValueError(msg)
        return np.asarray(cats.map(schema.HARM_WEIGHTS), dtype=float)
    if weight not in points.columns:
        msg = f"weight column {weight!r} is not in the incidents (columns: {list(points.columns)})"
        raise ValueError(msg)
    values = pd.to_numeric(points[weight], errors="coerce")
    if values.isna().any():
        row = points.index[np.flatnonzero(values.isna().to_numpy())[0]]
        msg = f"incidents row {row!r}: weight column {weight!r} is not a number"
        raise ValueError(msg)
    return np.asarray(values, dtype=float)


MaskSpec: TypeAlias = BaseGeometry | gpd.GeoDataFrame | gpd.GeoSeries | None


#: Points whose convex hull is taken at once (:func:`convex_hull_xy`): about 50 MB of GEOS points.
HULL_CHUNK = 250_000


def convex_hull_xy(x: np.ndarray, y: np.ndarray, *, chunk: int = HULL_CHUNK) -> BaseGeometry:
    """The convex hull of the points ``x, y``: ``shapely.convex_hull`` of their multipoint,
    taken ``chunk`` points at a time.

    Every vertex of the hull of all the points is a vertex of the hull of the
    chunk it is in, so the hull of the chunks' hull vertices is the hull of
    all the points, while GEOS never holds more than ``chunk`` points (a
    million points at once take about 250 MB): the same polygon, vertex for
    vertex, on ordinary data (see the tests; a review's fuzzing found no
    difference in 6,400 sets of projected coordinates). On points in nearly
    collinear runs a float apart GEOS's hull is not exact, taken whole or by
    chunks, and the two can differ (the review's fuzzing of such sets found
    the whole one wrong: a ring that doubles back along a run); a hull of
    the chunks' vertices that comes out not convex is replaced by the whole
    one.
    """
    pts = np.column_stack([x, y])
    if len(pts) <= chunk:
        return shapely.convex_hull(shapely.multipoints(pts))
    vertices = [
        shapely.get_coordinates(shapely.convex_hull(shapely.multipoints(pts[i : i + chunk])))
        for i in range(0, len(pts), chunk)
    ]
    hull = shapely.convex_hull(shapely.multipoints(np.unique(np.vstack(vertices), axis=0)))
    again = shapely.convex_hull(hull)
    same = hull.geom_type == again.geom_type and np.array_equal(
        shapely.get_coordinates(hull), shapely.get_coordinates(again)
    )
    return hull if same else shapely.convex_hull(shapely.multipoints(pts))


def study_area(
    mask: MaskSpec, crs: str, *, x: np.ndarray | None = None, y: np.ndarray | None = None
) -> tuple[BaseGeometry, str]:
    """The study area as one polygon in ``crs``, and how it was obtained.

    Parameters
    ----------
    mask
        A shapely polygon already in ``crs``, or a GeoDataFrame/GeoSeries
        of polygons (e.g. the neighbourhoods) in any CRS, dissolved.
        ``None``: the convex hull of the points ``x, y`` (a study area
        that keeps the empty cells between incidents).

    Returns
    -------
    (polygon, description)
        ``description`` is a short English phrase for the page.
    """
    if mask is None:
        if x is None or y is None or len(x) < 3:
            msg = "no `mask` and fewer than 3 points: cannot tell the study area"
            raise ValueError(msg)
        hull = convex_hull_xy(x, y)
        if hull.geom_type != "Polygon":
            msg = "no `mask` and the points are collinear: give the study area"
            raise ValueError(msg)
        return hull, "the convex hull of the incidents (no boundary given)"
    if isinstance(mask, gpd.GeoDataFrame | gpd.GeoSeries):
        if mask.crs is None:
            msg = "the `mask` layer has no CRS"
            raise ValueError(msg)
        geom = (
            mask.to_crs(crs).geometry.union_all()
            if isinstance(mask, gpd.GeoDataFrame)
            else mask.to_crs(crs).union_all()
        )
        return geom, "the boundary given"
    return mask, "the boundary given"


@dataclass(frozen=True)
class PointInput:
    """Incidents made ready for an analysis (:func:`prepare_points`).

    Attributes
    ----------
    crs
        The projected CRS everything is in.
    x, y
        Coordinates of the incidents in metres.
    weights
        Per-incident weights (``None``: each counts 1).
    area
        The study area, a polygon in ``crs``.
    area_text
        How the study area was obtained (a short English phrase).
    """

    crs: str
    x: np.ndarray
    y: np.ndarray
    weights: np.ndarray | None
    area: BaseGeometry
    area_text: str


def prepare_points(
    incidents: pd.DataFrame,
    *,
    mask: MaskSpec = None,
    weight: WeightSpec = "count",
    crs: str | None = None,
    xy: XY | None = None,
) -> PointInput:
    """Project the incidents, weigh them and find the study area: the entry functions' first step.

    Parameters
    ----------
    incidents
        Points, already filtered (or only their columns, with ``crs`` and ``xy``).
    mask
        The study area (see :func:`study_area`).
    weight
        ``"count"``, ``"harm"`` or a numeric column (see :func:`point_weights`).
    crs
        Projected CRS; ``None``: see :func:`projected_crs`.
    xy
        The incidents' coordinates in that CRS, when known (:func:`point_coordinates`).

    Returns
    -------
    PointInput
    """
    work_crs = projected_crs(incidents, crs)
    x, y = point_coordinates(incidents, work_crs, xy=xy)
    w = point_weights(incidents, weight)
    area, area_text = study_area(mask, work_crs, x=x, y=y)
    return PointInput(work_crs, x, y, w, area, area_text)


def neighbor_weights(
    coords: Lattice | npt.ArrayLike | None,
    n: int,
    distance: float | None,
    *,
    include_self: bool = False,
) -> sp.csr_matrix:
    """Binary weights of ``n`` features from a lattice or from their coordinates.

    Parameters
    ----------
    coords
        A :class:`Lattice` (contiguity when ``distance`` is ``None``, else a
        distance band) or an ``(n, 2)`` array of coordinates in metres (a
        distance band; ``distance`` is needed).
    n
        Number of features (values).
    distance
        Band distance in metres, or ``None``.
    include_self
        Whether each feature is its own neighbour (Gi*).

    Returns
    -------
    scipy.sparse.csr_matrix

    Raises
    ------
    ValueError
        When ``coords`` is missing or has the wrong shape, or plain
        coordinates come without ``distance``.
    """
    if isinstance(coords, Lattice):
        return (
            coords.contiguity_weights(include_self=include_self)
            if distance is None
            else coords.band_weights(distance, include_self=include_self)
        )
    if coords is None:
        msg = "give `coords` (a Lattice or an (n, 2) array) or `weights`"
        raise ValueError(msg)
    pts = np.asarray(coords, dtype=float)
    if pts.shape != (n, 2):
        msg = f"`coords` must have shape ({n}, 2), got {pts.shape}"
        raise ValueError(msg)
    if distance is None:
        msg = "`distance` is needed to find neighbours among plain coordinates"
        raise ValueError(msg)
    return band_weights_xy(pts[:, 0], pts[:, 1], distance, include_self=include_self)


def as_sequence(values: Sequence[float] | np.ndarray) -> tuple[float, ...]:
    """A tuple of plain floats (for frozen dataclasses of results)."""
    return tuple(float(v) for v in np.asarray(values, dtype=float).ravel())
