"""The study area's cells: which cells, what they hold, who neighbours whom."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import libpysal
import numpy as np
import pandas as pd
import pytest
import shapely
from numpy.testing import assert_allclose, assert_array_equal
from shapely.geometry import Point, Polygon, box

from geo.grid import Grid, Shape
from models import lattice as lattice_module
from models.lattice import (
    Lattice,
    band_weights_xy,
    convex_hull_xy,
    neighbor_lists,
    point_coordinates,
    point_weights,
    study_area,
)

CRS = "EPSG:9377"
# an L: 1000 x 500 m plus 500 x 500 m on top of its left half -> 8 + 4 cells of 250 m
L_SHAPE = Polygon([(0, 0), (1000, 0), (1000, 500), (500, 500), (500, 1000), (0, 1000)])


def test_over_mask_keeps_every_cell_of_the_area_including_empty_ones() -> None:
    lat = Lattice.over_mask(L_SHAPE, size=250)
    assert lat.n == 12
    assert_allclose(lat.area, L_SHAPE.area)
    values, outside = lat.aggregate([100.0], [100.0])
    assert values.sum() == 1 and (values == 0).sum() == 11 and outside == 0
    # ordered by row then column
    assert_array_equal(lat.j, np.sort(lat.j))


def test_keep_rules_on_a_triangle() -> None:
    tri = Polygon([(0, 0), (1000, 0), (0, 1000)])
    centre = Lattice.over_mask(tri, size=250, keep="center")
    overlap = Lattice.over_mask(tri, size=250, keep="intersects")
    # centres strictly below the diagonal x + y < 1000: 4 + 3 + 2 + 1 cells (diagonal ones excluded)
    assert centre.n == 6
    # every cell touching the triangle with positive area: 4 + 3 + 2 + 1
    assert overlap.n == 10
    with pytest.raises(ValueError, match="keep"):
        Lattice.over_mask(tri, size=250, keep="touch")  # type: ignore[arg-type]


@pytest.mark.parametrize("shape", ["square", "hex"])
def test_every_point_inside_the_mask_falls_in_a_cell(shape: str) -> None:
    mask = Point(0, 0).buffer(1200)
    lat = Lattice.over_mask(mask, size=200, shape=shape)  # type: ignore[arg-type]
    rng = np.random.default_rng(0)
    pts = rng.uniform(-1200, 1200, (5000, 2))
    inside = shapely.contains_xy(mask, pts[:, 0], pts[:, 1])
    idx = lat.locate(pts[inside, 0], pts[inside, 1])
    assert (idx >= 0).all()
    # and the cell found does hold the point
    polys = lat.polygons()[idx[:200]]
    assert shapely.intersects(polys, shapely.points(pts[inside][:200])).all()


def test_aggregate_weights_and_points_outside() -> None:
    lat = Lattice.over_mask(box(0, 0, 500, 500), size=250)
    x = np.array([10.0, 20.0, 260.0, 900.0])
    y = np.array([10.0, 20.0, 10.0, 900.0])
    values, outside = lat.aggregate(x, y, weights=[1.0, 2.0, 5.0, 7.0])
    assert outside == 1
    assert values[lat.index_of(0, 0)] == 3.0
    assert values[lat.index_of(1, 0)] == 5.0
    assert values.sum() == 8.0


@pytest.mark.parametrize("shape", ["square", "hex"])
@pytest.mark.parametrize("distance", [100.0, 250.0, 500.0, 707.2, 1000.0])
def test_band_weights_from_offsets_equal_kdtree(shape: str, distance: float) -> None:
    lat = Lattice.over_mask(Point(0, 0).buffer(2000), size=250, shape=shape)  # type: ignore[arg-type]
    for include_self in (False, True):
        a = lat.band_weights(distance, include_self=include_self)
        b = band_weights_xy(lat.x, lat.y, distance, include_self=include_self)
        assert (a != b).nnz == 0
        assert a.diagonal().all() == include_self


@pytest.mark.parametrize("shape", ["square", "hex"])
def test_band_pairs_count_the_band_weights_without_them(shape: str) -> None:
    """``band_pairs`` (the scale choice's mean neighbour count) is the weights' sum, also on a
    lattice with holes and at distances on, just past and between the cells' spacings."""
    full = Lattice.over_mask(Point(0, 0).buffer(2000), size=150, shape=shape)  # type: ignore[arg-type]
    keep = np.random.default_rng(4).random(full.n) > 0.25
    lat = Lattice(full.grid, full.i[keep], full.j[keep])
    for distance in (0.0, 100.0, 150.0, 151.0, 259.9, 450.0, 1234.5):
        assert lat.band_pairs(distance) == lat.band_weights(distance).sum()


@pytest.mark.parametrize("chunk", [3, 7, 64])
def test_the_hull_taken_by_chunks_is_the_hull_vertex_for_vertex(chunk: int) -> None:
    """The study area of a city's incidents (the convex hull of their points), with GEOS
    holding ``chunk`` points at a time: the same polygon, the same vertices in the same order,
    also for points on a few grid lines (duplicates, collinear runs) and far from the origin."""
    rng = np.random.default_rng(chunk)
    cases = [
        (rng.normal(size=500), rng.normal(size=500)),
        (rng.integers(0, 4, 400).astype(float), rng.integers(0, 6, 400).astype(float)),
        (rng.uniform(0, 1, 300) * 1e4 + 4.8e6, rng.uniform(0, 1, 300) * 1e4 + 1.9e6),
    ]
    for x, y in cases:
        whole = shapely.convex_hull(shapely.multipoints(np.column_stack([x, y])))
        chunked = convex_hull_xy(x, y, chunk=chunk)
        assert chunked.geom_type == whole.geom_type == "Polygon"
        assert_array_equal(shapely.get_coordinates(chunked), shapely.get_coordinates(whole))


def test_band_of_exactly_two_cells_includes_the_cell_two_steps_away() -> None:
    lat = Lattice.over_mask(box(0, 0, 1250, 250), size=250)
    w = lat.band_weights(500)
    assert neighbor_lists(w)[0] == [1, 2]


def test_queen_contiguity_matches_libpysal_lattice() -> None:
    lat = Lattice.over_mask(box(0, 0, 1500, 1000), size=250)  # 6 columns x 4 rows
    ref = libpysal.weights.lat2W(4, 6, rook=False)
    assert (lat.contiguity_weights() != ref.sparse).nnz == 0


def test_hex_contiguity_is_the_six_edge_neighbours() -> None:
    lat = Lattice.over_mask(Point(0, 0).buffer(3000), size=300, shape="hex")
    w = lat.contiguity_weights()
    assert (w != lat.band_weights(300)).nnz == 0
    assert np.asarray(w.sum(axis=1)).max() == 6


@pytest.mark.parametrize(
    ("crs", "lon", "lat"),
    [("EPSG:9377", -76.30, 3.54), ("EPSG:32718", -77.03, -12.05), ("EPSG:32721", -56.16, -34.90)],
)
@pytest.mark.parametrize(("shape", "expected"), [("square", 8), ("hex", 6)])
def test_every_interior_cell_has_all_its_neighbours_far_from_the_origin(
    crs: str, lon: float, lat: float, shape: str, expected: int
) -> None:
    from pyproj import Transformer

    x, y = Transformer.from_crs("EPSG:4326", crs, always_xy=True).transform(lon, lat)
    area = Point(x, y).buffer(2000.0)
    lat_ = Lattice.over_mask(area, size=97.3, shape=shape)  # type: ignore[arg-type]
    degree = np.asarray(lat_.contiguity_weights().sum(axis=1)).ravel()
    interior = np.hypot(lat_.x - x, lat_.y - y) < 2000.0 - 2 * 97.3
    assert interior.sum() > 1000
    assert (degree[interior] == expected).all()
    assert degree.max() == expected


def test_sorted_index_fallback_agrees_with_dense(monkeypatch: pytest.MonkeyPatch) -> None:
    cells = (np.array([0, 5, -3, 2]), np.array([0, 1, 7, -4]))
    dense = Lattice(Grid(100.0), *cells)
    monkeypatch.setattr(lattice_module, "_DENSE_INDEX_LIMIT", 0)
    sparse_index = Lattice(Grid(100.0), *cells)
    probe_i = np.array([0, 5, -3, 2, 1, 9])
    probe_j = np.array([0, 1, 7, -4, 1, 9])
    assert_array_equal(dense.index_of(probe_i, probe_j), [0, 1, 2, 3, -1, -1])
    assert_array_equal(sparse_index.index_of(probe_i, probe_j), [0, 1, 2, 3, -1, -1])


def test_from_points_and_repeated_ids() -> None:
    lat = Lattice.from_points([10.0, 20.0, 260.0], [10.0, 20.0, 10.0], grid=Grid(250.0))
    assert lat.n == 2
    with pytest.raises(ValueError, match="repeat"):
        Lattice(Grid(250.0), [0, 0], [1, 1])


def test_to_frame_columns() -> None:
    lat = Lattice.over_mask(box(0, 0, 500, 250), size=250)
    frame = lat.to_frame(CRS, {"value": [1.0, 2.0]})
    assert list(frame.columns) == ["cell_i", "cell_j", "value", "geometry"]
    assert_allclose(frame.area, 62500.0)


def test_point_weights() -> None:
    frame = pd.DataFrame({"category": ["homicide", "noise"], "w": ["2", "x"]})
    assert point_weights(frame, "count") is None
    assert_allclose(point_weights(frame, "harm"), [5475.0, 1.0])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="row 1"):
        point_weights(frame, "w")
    with pytest.raises(ValueError, match="not in the incidents"):
        point_weights(frame, "missing")
    bad = pd.DataFrame({"category": ["homicide", "alien"]})
    with pytest.raises(ValueError, match="row 1.*no harm weight"):
        point_weights(bad, "harm")


def test_point_coordinates_and_study_area() -> None:
    pts = gpd.GeoDataFrame(
        geometry=[Point(-76.3, 3.54), Point(-76.29, 3.55), Point(-76.3, 3.56)], crs="EPSG:4326"
    )
    x, y = point_coordinates(pts, CRS)
    assert x.shape == (3,) and (np.abs(np.diff(x)) > 500).any()
    hull, text = study_area(None, CRS, x=x, y=y)
    assert hull.geom_type == "Polygon" and "convex hull" in text
    hoods = gpd.GeoDataFrame(geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1)], crs=CRS)
    area, text = study_area(hoods, CRS)
    assert_allclose(area.area, 2.0)
    with_line = gpd.GeoDataFrame(geometry=[Point(0, 0), None], crs="EPSG:4326")
    with pytest.raises(ValueError, match="row 1"):
        point_coordinates(with_line, CRS)


def test_project_points_equals_to_crs(small_workspace: Path) -> None:
    """Issue 7: the fast projection of a point layer is ``to_crs``, number for number."""
    from geo.workspace import Workspace
    from models.lattice import project_points

    ws = Workspace(small_workspace)
    incidents = ws.read("incidents")
    crs = ws.projected_crs
    fast, slow = project_points(incidents, crs), incidents.to_crs(crs)
    assert fast.crs.is_exact_same(slow.crs) and list(fast.columns) == list(slow.columns)
    np.testing.assert_array_equal(
        shapely.get_coordinates(fast.geometry.array), shapely.get_coordinates(slow.geometry.array)
    )
    assert fast.drop(columns="geometry").equals(slow.drop(columns="geometry"))
    assert incidents.crs.equals("EPSG:4326")  # the input is left as it was
    with_a_line = incidents.head(3).copy()
    with_a_line.loc[with_a_line.index[0], "geometry"] = shapely.LineString([(0, 0), (1, 1)])
    assert (
        project_points(with_a_line, crs)
        .geometry.geom_equals(with_a_line.to_crs(crs).geometry)
        .all()
    )


@pytest.mark.parametrize("shape", ["square", "hex"])
@pytest.mark.parametrize("index", ["padded", "dense", "sorted"])
def test_offset_index_is_index_of_the_shifted_ids(
    shape: Shape, index: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The padded look-up of a band's offsets finds the cells index_of finds."""
    dense = index != "sorted"
    if index == "dense":  # no padded copy: index_of on the dense index
        monkeypatch.setattr(lattice_module, "_PADDED_INDEX_LIMIT", 10)
    if index == "sorted":  # too many slots for a dense index: the sorted search
        monkeypatch.setattr(lattice_module, "_DENSE_INDEX_LIMIT", 10)
    rng = np.random.default_rng(3)
    grid = Grid(size=100.0, shape=shape)
    keys = np.unique(rng.integers(-30, 30, (900, 2)), axis=0)
    lat = Lattice(grid, keys[:, 0] + 1_000, keys[:, 1] - 500)
    assert (lat._dense is not None) == dense
    offsets = [(0, 1), (1, -1), (-3, 2), (7, 0), (0, -20), (25, 25), (-61, 3), (2, 2)]
    for a, b in offsets:  # the padding grows as the offsets reach further
        expected = lat.index_of(lat.i + a, lat.j + b)
        assert (expected >= 0).any() or max(abs(a), abs(b)) > 59
        assert_array_equal(lat.offset_index(a, b), expected)
    assert (getattr(lat, "_pad", -1) >= 61) == (index == "padded")
