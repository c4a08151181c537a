"""Square and hexagonal grids: points to cells, cells to polygons, ids."""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
import pytest
import shapely
from numpy.testing import assert_allclose, assert_array_equal

from geo.grid import SQRT3, Grid, Shape, pack_ids, unpack_ids


def _random_xy(
    n: int, seed: int, lo: float = -1000.0, hi: float = 1000.0
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    rng = np.random.default_rng(seed)
    return rng.uniform(lo, hi, n), rng.uniform(lo, hi, n)


def test_square_cells_of_hand_made_points() -> None:
    grid = Grid(size=100.0, x0=1000.0, y0=2000.0)
    x = np.array([1050.0, 1150.0, 999.0, 1000.0, 1099.999, 1100.0])
    y = np.array([2050.0, 1950.0, 2000.0, 2000.0, 2099.999, 2300.0])
    i, j = grid.cell_of(x, y)
    assert_array_equal(i, [0, 1, -1, 0, 0, 1])
    assert_array_equal(j, [0, -1, 0, 0, 0, 3])
    cx, cy = grid.centers(i, j)
    assert_allclose(cx, [1050, 1150, 950, 1050, 1050, 1150])
    assert_allclose(cy, [2050, 1950, 2050, 2050, 2050, 2350])


def test_hex_cells_of_hand_made_points() -> None:
    size = 100.0
    r = size / SQRT3  # circumradius: hexagon (0, 0)'s top vertex is (0, r)
    grid = Grid(size=size, shape="hex")
    # centres, then points either side of the upper-right edge of hexagon (0, 0),
    # which runs from (0, r) to (50, r/2): at x = 40 it is at y = 0.6 r
    x = np.array([0.0, 100.0, 50.0, -50.0, 49.0, 40.0, 40.0, 10.0])
    y = np.array([0.0, 0.0, 1.5 * r, -1.5 * r, 0.0, 0.55 * r, 0.65 * r, r + 1.0])
    i, j = grid.cell_of(x, y)
    assert_array_equal(i, [0, 1, 0, 0, 0, 0, 0, 0])
    assert_array_equal(j, [0, 0, 1, -1, 0, 0, 1, 1])
    cx, cy = grid.centers(np.array([1, 0, -1]), np.array([0, 1, 1]))
    assert_allclose(cx, [100.0, 50.0, -50.0])
    assert_allclose(cy, [0.0, 1.5 * r, 1.5 * r])


@pytest.mark.parametrize("shape", ["square", "hex"])
def test_every_point_lies_in_its_cell_polygon(shape: Shape) -> None:
    grid = Grid(size=137.0, shape=shape, x0=-11.0, y0=23.0)
    x, y = _random_xy(3000, seed=1)
    i, j = grid.cell_of(x, y)
    polys = grid.polygons(i, j)
    assert shapely.covers(polys, shapely.points(x, y)).all()
    # and it is the cell with the nearest centre (true of both tessellations)
    cx, cy = grid.centers(i, j)
    d_own = np.hypot(x - cx, y - cy)
    for di, dj in grid.neighbor_offsets():
        nx, ny = grid.centers(i + di, j + dj)
        assert (d_own <= np.hypot(x - nx, y - ny) + 1e-9).all()


@pytest.mark.parametrize("shape", ["square", "hex"])
def test_centres_round_trip(shape: Shape) -> None:
    grid = Grid(size=250.0, shape=shape, x0=500.0, y0=-250.0)
    ii, jj = np.meshgrid(np.arange(-7, 8), np.arange(-5, 6))
    i, j = ii.ravel(), jj.ravel()
    back_i, back_j = grid.cell_of(*grid.centers(i, j))
    assert_array_equal(back_i, i)
    assert_array_equal(back_j, j)


@pytest.mark.parametrize("shape", ["square", "hex"])
def test_polygon_area_is_the_cell_area(shape: Shape) -> None:
    grid = Grid(size=200.0, shape=shape)
    polys = grid.polygons(np.array([0, 3, -2]), np.array([0, -1, 5]))
    assert_allclose(shapely.area(polys), grid.cell_area)
    expected = 40_000.0 if shape == "square" else 200.0**2 * math.sqrt(3) / 2
    assert_allclose(grid.cell_area, expected)


def test_neighbour_offsets_count_and_touch() -> None:
    square = Grid(size=100.0)
    hexagon = Grid(size=100.0, shape="hex")
    assert len(square.neighbor_offsets()) == 8
    assert len(hexagon.neighbor_offsets()) == 6
    assert len(set(square.neighbor_offsets())) == 8
    # every hexagon neighbour is one size away and shares a whole edge
    di, dj = np.array(hexagon.neighbor_offsets()).T
    cx, cy = hexagon.centers(di, dj)
    assert_allclose(np.hypot(cx, cy), 100.0)
    mine = shapely.get_coordinates(hexagon.polygons(np.array([0]), np.array([0])))[:-1]
    for poly in hexagon.polygons(di, dj):
        theirs = shapely.get_coordinates(poly)[:-1]
        gaps = np.hypot(*(mine[:, None, :] - theirs[None, :, :]).transpose(2, 0, 1))
        assert (gaps.min(axis=1) < 1e-9).sum() == 2  # the two ends of one shared edge
    # square neighbours touch the cell (edge or corner), the next ring does not
    me = square.polygons(np.array([0]), np.array([0]))[0]
    di, dj = np.array(square.neighbor_offsets()).T
    assert shapely.touches(me, square.polygons(di, dj)).all()
    assert not shapely.intersects(me, square.polygons(np.array([2]), np.array([0])))[0]


#: Where real cities' cells lie: millions of metres from the projection's origin.
FAR_FROM_ORIGIN = [
    ("EPSG:9377", -76.30, 3.54),  # Palmira, MAGNA-SIRGAS Origen-Nacional
    ("EPSG:32718", -77.03, -12.05),  # Lima, UTM 18 South (northing ~8.7 million m)
    ("EPSG:32721", -56.16, -34.90),  # Montevideo, UTM 21 South
]


def _far_point(crs: str, lon: float, lat: float) -> tuple[float, float]:
    from pyproj import Transformer

    x, y = Transformer.from_crs("EPSG:4326", crs, always_xy=True).transform(lon, lat)
    return float(x), float(y)


@pytest.mark.parametrize(("crs", "lon", "lat"), FAR_FROM_ORIGIN)
@pytest.mark.parametrize("shape", ["square", "hex"])
@pytest.mark.parametrize("size", [80.0, 137.3])
def test_neighbouring_cells_share_bit_identical_vertices_far_from_the_origin(
    crs: str, lon: float, lat: float, shape: Shape, size: float
) -> None:
    x, y = _far_point(crs, lon, lat)
    bounds = (x, y, x + 2500.0, y + 2500.0)
    grid = Grid.covering(bounds, size, shape)
    i, j = grid.cells_covering(bounds)
    polys = grid.polygons(i, j)
    # the cells tile the plane: their union is one polygon with no hole or sliver
    union = shapely.union_all(polys)
    assert union.geom_type == "Polygon"
    assert shapely.get_num_interior_rings(union) == 0
    assert_allclose(union.area, polys.size * grid.cell_area, rtol=1e-9)
    # each neighbour by id has exactly the shared vertices of the cell (no tolerance)
    mid = len(i) // 2
    mine = {tuple(c) for c in shapely.get_coordinates(polys[mid])}
    for di, dj in grid.neighbor_offsets():
        other = grid.polygons(np.array([i[mid] + di]), np.array([j[mid] + dj]))[0]
        shared = mine & {tuple(c) for c in shapely.get_coordinates(other)}
        corner = shape == "square" and di != 0 and dj != 0
        assert len(shared) == (1 if corner else 2), (di, dj)
        assert shapely.intersects(polys[mid], other)


def test_covering_snaps_the_origin_to_multiples_of_the_size() -> None:
    grid = Grid.covering((1234.5, -567.0, 9999.0, 8888.0), 100.0, "square")
    assert (grid.x0, grid.y0) == (1200.0, -600.0)
    hexgrid = Grid.covering((1234.5, -567.0, 9999.0, 8888.0), 250.0, "hex")
    assert (hexgrid.x0, hexgrid.y0, hexgrid.shape) == (1000.0, -750.0, "hex")
    # two extents of one city share the grid when they start in the same cell
    other = Grid.covering((1201.0, -599.0, 5.0, 5.0), 100.0, "square")
    assert other == grid


@pytest.mark.parametrize("shape", ["square", "hex"])
def test_cells_covering_contains_every_cell_of_the_bounds(shape: Shape) -> None:
    grid = Grid(size=90.0, shape=shape, x0=5.0, y0=-3.0)
    bounds = (-400.0, -250.0, 600.0, 300.0)
    ci, cj = grid.cells_covering(bounds)
    have = set(pack_ids(ci, cj).tolist())
    assert len(have) == len(ci)  # no duplicates
    x, y = _random_xy(5000, seed=3, lo=-250.0, hi=300.0)
    x = x * (1000.0 / 550.0) + 54.5454  # stretch to [-400, 600]
    i, j = grid.cell_of(x, y)
    assert set(pack_ids(i, j).tolist()) <= have


def test_pack_and_unpack_round_trip() -> None:
    big = 2**31 - 1
    i = np.array([0, 1, -1, 5, -5, big, -big - 1, 123456, -7])
    j = np.array([0, -1, 1, -5, 5, -big - 1, big, -654321, -7])
    keys = pack_ids(i, j)
    assert keys.dtype == np.int64
    assert len(set(keys.tolist())) == len(keys)
    back_i, back_j = unpack_ids(keys)
    assert_array_equal(back_i, i)
    assert_array_equal(back_j, j)


def test_bad_grids_are_refused() -> None:
    with pytest.raises(ValueError, match="size"):
        Grid(size=0.0)
    with pytest.raises(ValueError, match="size"):
        Grid(size=float("nan"))
    with pytest.raises(ValueError, match="shape"):
        Grid(size=10.0, shape="triangle")  # type: ignore[arg-type]
