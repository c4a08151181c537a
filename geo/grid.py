"""Square and hexagonal grids in a projected CRS, and binning points into them.

All coordinates here are metres in the workspace's projected CRS (see
``geo.crs``); never pass degrees. A grid is defined by its shape, its cell
size and an origin, so the same points always fall in the same cells.

Cell size
    squares: the side; hexagons (pointy-top): the distance between opposite
    flat sides, so both shapes with the same ``size`` have comparable area
    (a hexagon's area is ``size**2 * sqrt(3)/2``, 0.87 of the square's).

Cell ids are integer pairs ``(i, j)``: column and row for squares, axial
coordinates ``(q, r)`` for hexagons.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
import shapely

Shape = Literal["square", "hex"]
SQRT3 = math.sqrt(3.0)


@dataclass(frozen=True)
class Grid:
    """A regular tessellation of the plane.

    Parameters
    ----------
    size
        Cell size in metres (square side, or hexagon flat-to-flat width).
    shape
        ``"square"`` or ``"hex"``.
    x0, y0
        Origin in metres: the lower-left corner of square cell (0, 0), or the
        centre of hexagon (0, 0).
    """

    size: float
    shape: Shape = "square"
    x0: float = 0.0
    y0: float = 0.0

    def __post_init__(self) -> None:
        if not (self.size > 0 and math.isfinite(self.size)):
            msg = f"grid `size` must be a positive number of metres, got {self.size!r}"
            raise ValueError(msg)
        if self.shape not in ("square", "hex"):
            msg = f"grid `shape` must be 'square' or 'hex', got {self.shape!r}"
            raise ValueError(msg)

    @classmethod
    def covering(
        cls, bounds: tuple[float, float, float, float], size: float, shape: Shape = "square"
    ) -> Grid:
        """A grid whose origin is snapped to a multiple of ``size`` below ``bounds``.

        Snapping makes the grid depend only on the size and roughly on where
        the data are, so two layers of one city share cells.
        """
        xmin, ymin = bounds[0], bounds[1]
        return cls(
            size=size,
            shape=shape,
            x0=math.floor(xmin / size) * size,
            y0=math.floor(ymin / size) * size,
        )

    @property
    def cell_area(self) -> float:
        """Area of one cell in square metres."""
        return self.size**2 if self.shape == "square" else self.size**2 * SQRT3 / 2

    # -- points -> cells -----------------------------------------------------

    def cell_of(self, x: npt.ArrayLike, y: npt.ArrayLike) -> tuple[np.ndarray, np.ndarray]:
        """Return the integer cell ids ``(i, j)`` of points ``(x, y)``.

        Vectorised; NaN coordinates are not allowed. A square cell holds its
        western and southern edges.

        Examples
        --------
        >>> grid = Grid(250.0, x0=1000.0, y0=2000.0)
        >>> i, j = grid.cell_of([1000.0, 1249.9, 1250.0, 999.0], [2000.0, 2499.0, 2500.0, 1999.0])
        >>> i.tolist(), j.tolist()
        ([0, 0, 1, -1], [0, 1, 2, -1])
        >>> [c.tolist() for c in grid.centers([0, 2], [0, -1])]
        [[1125.0, 1625.0], [2125.0, 1875.0]]
        """
        xa = np.asarray(x, dtype=float) - self.x0
        ya = np.asarray(y, dtype=float) - self.y0
        if self.shape == "square":
            return (
                np.floor(xa / self.size).astype(np.int64),
                np.floor(ya / self.size).astype(np.int64),
            )
        return _hex_round(xa, ya, self.size)

    def centers(self, i: npt.ArrayLike, j: npt.ArrayLike) -> tuple[np.ndarray, np.ndarray]:
        """Return the centres ``(x, y)`` in metres of cells ``(i, j)``."""
        ia = np.asarray(i, dtype=float)
        ja = np.asarray(j, dtype=float)
        if self.shape == "square":
            return self.x0 + (ia + 0.5) * self.size, self.y0 + (ja + 0.5) * self.size
        r = self.size / SQRT3  # circumradius
        return self.x0 + self.size * (ia + ja / 2.0), self.y0 + 1.5 * r * ja

    def polygons(self, i: npt.ArrayLike, j: npt.ArrayLike) -> np.ndarray:
        """Return shapely polygons for cells ``(i, j)`` (vectorised).

        Every vertex is computed from integer vertex indices as
        ``origin + step * index``, never as ``centre + offset``, so the
        vertex two cells share has bit-identical coordinates in both, even
        millions of metres from the origin (EPSG:9377, UTM northings in the
        southern hemisphere): the union of adjacent cells has no slivers or
        gaps. Adjacency itself comes from the ids
        (:meth:`neighbor_offsets`), never from these floats.
        """
        ia = np.atleast_1d(np.asarray(i, dtype=np.int64))
        ja = np.atleast_1d(np.asarray(j, dtype=np.int64))
        if self.shape == "square":
            # corners (i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1), counter-clockwise
            vx = ia[:, None] + np.array([0, 1, 1, 0, 0])[None, :]
            vy = ja[:, None] + np.array([0, 0, 1, 1, 0])[None, :]
            xs = self.x0 + self.size * vx.astype(float)
            ys = self.y0 + self.size * vy.astype(float)
        else:
            # pointy-top: vertex x in half widths (centre at 2i + j), y in half
            # circumradii (centre at 3j); vertices at 30, 90, ..., 330 degrees
            half_w = self.size / 2.0
            half_r = self.size / SQRT3 / 2.0
            vx = (2 * ia + ja)[:, None] + np.array([1, 0, -1, -1, 0, 1, 1])[None, :]
            vy = (3 * ja)[:, None] + np.array([1, 2, 1, -1, -2, -1, 1])[None, :]
            xs = self.x0 + half_w * vx.astype(float)
            ys = self.y0 + half_r * vy.astype(float)
        cells: np.ndarray = shapely.polygons(np.stack([xs, ys], axis=-1))
        return cells

    def cells_covering(
        self, bounds: tuple[float, float, float, float]
    ) -> tuple[np.ndarray, np.ndarray]:
        """Return ids of every cell whose centre lies within ``bounds`` grown by one cell."""
        xmin, ymin, xmax, ymax = bounds
        pad = self.size
        if self.shape == "square":
            i0, j0 = self.cell_of(xmin - pad, ymin - pad)
            i1, j1 = self.cell_of(xmax + pad, ymax + pad)
            gi, gj = np.meshgrid(np.arange(int(i0), int(i1) + 1), np.arange(int(j0), int(j1) + 1))
            return gi.ravel(), gj.ravel()
        r = self.size / SQRT3
        row0 = math.floor((ymin - pad - self.y0) / (1.5 * r))
        row1 = math.ceil((ymax + pad - self.y0) / (1.5 * r))
        jj = np.arange(row0, row1 + 1)
        ids_i: list[np.ndarray] = []
        ids_j: list[np.ndarray] = []
        for j in jj:
            q0 = math.floor((xmin - pad - self.x0) / self.size - j / 2.0)
            q1 = math.ceil((xmax + pad - self.x0) / self.size - j / 2.0)
            q = np.arange(q0, q1 + 1)
            ids_i.append(q)
            ids_j.append(np.full(q.shape, j))
        return np.concatenate(ids_i).astype(np.int64), np.concatenate(ids_j).astype(np.int64)

    def neighbor_offsets(self) -> list[tuple[int, int]]:
        """Offsets of the cells that share an edge or corner (queen) with a cell.

        Squares have 8 (queen contiguity), hexagons 6 (every neighbour shares an edge).
        """
        if self.shape == "square":
            return [(di, dj) for di in (-1, 0, 1) for dj in (-1, 0, 1) if (di, dj) != (0, 0)]
        return [(1, 0), (-1, 0), (0, 1), (0, -1), (1, -1), (-1, 1)]


def _hex_round(x: np.ndarray, y: np.ndarray, size: float) -> tuple[np.ndarray, np.ndarray]:
    """Axial coordinates of the pointy-top hexagon containing each point."""
    r = size / SQRT3
    qf = (SQRT3 / 3.0 * x - y / 3.0) / r
    rf = (2.0 / 3.0 * y) / r
    sf = -qf - rf
    q = np.round(qf)
    rr = np.round(rf)
    s = np.round(sf)
    dq = np.abs(q - qf)
    dr = np.abs(rr - rf)
    ds = np.abs(s - sf)
    fix_q = (dq > dr) & (dq > ds)
    fix_r = ~fix_q & (dr > ds)
    q = np.where(fix_q, -rr - s, q)
    rr = np.where(fix_r, -q - s, rr)
    return q.astype(np.int64), rr.astype(np.int64)


def pack_ids(i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Pack cell ids into one int64 key per cell (for ``np.unique`` and joins)."""
    return (np.asarray(i, dtype=np.int64) << 32) ^ (np.asarray(j, dtype=np.int64) & 0xFFFFFFFF)


def unpack_ids(key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Inverse of :func:`pack_ids`.

    Examples
    --------
    >>> i, j = unpack_ids(pack_ids(np.array([-3, 0, 5]), np.array([7, -1, -(2**31)])))
    >>> i.tolist(), j.tolist()
    ([-3, 0, 5], [7, -1, -2147483648])
    """
    key = np.asarray(key, dtype=np.int64)
    j = (key & 0xFFFFFFFF).astype(np.int64)
    j = np.where(j >= 2**31, j - 2**32, j)
    i = (key ^ (j & 0xFFFFFFFF)) >> 32
    return i.astype(np.int64), j.astype(np.int64)
