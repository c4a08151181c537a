"""The incident table gives the figures the GeoDataFrame functions give, without shapely points."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
import shapely

from geo import schema
from geo.aggregate import Weight, _unique_cells, aggregate_points, aggregate_xy, city_mask
from geo.grid import Shape, pack_ids
from geo.workspace import Workspace
from models.summary import category_table, date_bounds, filter_incidents, neighborhood_table
from ui.incident_table import IncidentTable, _points_xy

Layers = tuple[Workspace, gpd.GeoDataFrame, gpd.GeoDataFrame]
Filter = tuple[date | None, date | None, list[str] | None]
OPTIONS: tuple[tuple[Shape, Weight], ...] = (("square", "harm"), ("hex", "count"))


@pytest.fixture(scope="module")
def layers(small_workspace: Path) -> Layers:
    ws = Workspace(small_workspace)
    return ws, ws.read("incidents"), ws.read("neighborhoods")


@pytest.fixture(scope="module")
def table(layers: Layers) -> IncidentTable:
    ws, incidents, hoods = layers
    return IncidentTable.build(incidents, hoods, crs=ws.projected_crs)


def _filters(incidents: gpd.GeoDataFrame) -> list[Filter]:
    lo, hi = date_bounds(incidents)
    middle = lo + (hi - lo) / 2
    present = sorted(set(incidents["category"]))
    return [
        (None, None, None),
        (lo, hi, present),
        (middle, hi, present[1:]),
        (lo, middle - timedelta(days=1), present[:3]),
        (hi, hi, ["homicide"]),
        (lo, hi, []),
    ]


def test_select_keeps_what_filter_incidents_keeps(layers: Layers, table: IncidentTable) -> None:
    _, incidents, _ = layers
    for start, end, cats in _filters(incidents):
        keep = table.select(start, end, cats)
        expected = filter_incidents(incidents, start=start, end=end, categories=cats)
        assert np.array_equal(np.flatnonzero(keep), incidents.index.get_indexer(expected.index))


def test_date_bounds_and_present_categories(layers: Layers, table: IncidentTable) -> None:
    _, incidents, _ = layers
    assert table.date_bounds() == date_bounds(incidents)
    expected = [c for c in schema.CATEGORIES if (incidents["category"] == c).any()]
    assert table.present() == expected
    assert len(table) == len(incidents)


def test_cells_equal_aggregate_points(layers: Layers, table: IncidentTable) -> None:
    ws, incidents, hoods = layers
    mask = city_mask(hoods)
    for shape, weight in OPTIONS:
        index = table.cell_index(size=300, shape=shape, mask=mask)
        for start, end, cats in _filters(incidents)[:4]:
            keep = table.select(start, end, cats)
            ours = table.cells(keep, size=300, shape=shape, weight=weight, mask=mask)
            theirs = aggregate_points(
                incidents.loc[keep],
                size=300,
                shape=shape,
                crs=ws.projected_crs,
                weight=weight,
                mask=mask,
                grid=index.grid,  # the table lays its grid over every incident
            )
            pd.testing.assert_frame_equal(
                pd.DataFrame(ours.drop(columns="geometry")),
                pd.DataFrame(theirs.drop(columns="geometry")),
            )
            assert ours.attrs == theirs.attrs
            assert shapely.equals(ours.geometry.to_numpy(), theirs.geometry.to_numpy()).all()
            # counted in a kept index: the same frame
            again = table.count(keep, index, weight=weight)
            pd.testing.assert_frame_equal(again, ours)
            assert again.attrs == ours.attrs


def test_cells_stay_put_whatever_the_filter(layers: Layers, table: IncidentTable) -> None:
    """A filter changes the counts, never where a cell lies (hexagons included)."""
    ws, incidents, hoods = layers
    mask = city_mask(hoods)
    index = table.cell_index(size=300, shape="hex", mask=mask)
    everything = table.count(table.select(None, None, None), index, weight="count")
    ids = zip(everything["cell_i"], everything["cell_j"], strict=True)
    outline = dict(zip(ids, everything.geometry, strict=True))
    assert len(outline) == len(everything)
    for start, end, cats in _filters(incidents)[2:4]:
        some = table.count(table.select(start, end, cats), index, weight="count")
        assert 0 < len(some) < len(everything)
        assert (some.attrs["x0"], some.attrs["y0"]) == (
            everything.attrs["x0"],
            everything.attrs["y0"],
        )
        for i, j, geom in zip(some["cell_i"], some["cell_j"], some.geometry, strict=True):
            assert geom.equals_exact(outline[(i, j)], 0.0)
    # the whole layer counted in its own index is aggregate_points of the whole layer
    whole = aggregate_points(
        incidents, size=300, shape="hex", crs=ws.projected_crs, weight="count", mask=mask
    )
    pd.testing.assert_frame_equal(
        pd.DataFrame(everything.drop(columns="geometry")),
        pd.DataFrame(whole.drop(columns="geometry")),
    )


def test_count_refuses_another_tables_index(layers: Layers, table: IncidentTable) -> None:
    ws, incidents, hoods = layers
    other = IncidentTable.build(incidents.head(10), hoods, crs=ws.projected_crs)
    index = other.cell_index(size=300, shape="square", mask=None)
    with pytest.raises(ValueError, match="10 points"):
        table.count(table.select(None, None, None), index, weight="harm")


def test_neighborhood_and_category_tables(layers: Layers, table: IncidentTable) -> None:
    ws, incidents, hoods = layers
    for start, end, cats in _filters(incidents):
        keep = table.select(start, end, cats)
        chosen = incidents.loc[keep]
        pd.testing.assert_frame_equal(
            table.neighborhood_table(keep, hoods, years=2.5),
            neighborhood_table(chosen, hoods, crs=ws.projected_crs, years=2.5),
        )
        pd.testing.assert_frame_equal(table.category_table(keep), category_table(chosen))
        assert len(table.categories(keep)) == len(chosen)


def test_incidents_without_geometry_are_counted_not_placed(layers: Layers) -> None:
    ws, incidents, hoods = layers
    some = incidents.head(50).copy()
    some.loc[some.index[:5], "geometry"] = None
    table = IncidentTable.build(some, hoods, crs=ws.projected_crs)
    keep = table.select(None, None, None)
    cells = table.cells(keep, size=250, shape="square", weight="count", mask=None)
    assert cells.attrs["no_geometry"] == 5
    assert cells["n"].sum() == 45
    assert (table.hood[:5] == -1).all()
    bounds = table.bounds(keep)
    assert bounds is not None
    assert bounds == pytest.approx(tuple(some.geometry.dropna().total_bounds))
    assert table.bounds(np.zeros(len(some), dtype=bool)) is None


def test_aggregate_xy_checks_its_arrays() -> None:
    with pytest.raises(ValueError, match="differ in length"):
        aggregate_xy(np.zeros(3), np.zeros(3), np.zeros(2, dtype=np.int64), crs="EPSG:3116")
    with pytest.raises(ValueError, match="size"):
        aggregate_xy(np.zeros(1), np.zeros(1), np.zeros(1, dtype=np.int64), crs="x", size=-1.0)


def test_read_from_the_file_equals_build_from_the_frame(
    small_workspace: Path, layers: Layers, table: IncidentTable
) -> None:
    ws, _, hoods = layers
    read = IncidentTable.read(small_workspace, hoods, crs=ws.projected_crs)
    for name in ("x", "y", "lon", "lat", "codes", "when", "until", "hood"):
        assert np.array_equal(getattr(read, name), getattr(table, name), equal_nan=True), name
    assert read.crs == table.crs


def test_until_is_the_end_of_each_range(layers: Layers, table: IncidentTable) -> None:
    _, incidents, _ = layers
    assert table.until.dtype == np.dtype("datetime64[ns]") and len(table.until) == len(table)
    ends = incidents["occurred_to"]
    assert ends.notna().any() and ends.isna().any()  # the demo has both
    assert np.array_equal(np.isnat(table.until), ends.isna().to_numpy())
    given = ~np.isnat(table.until)
    assert (table.until[given] >= table.when[given]).all()
    expected = pd.to_datetime(ends[given.tolist()]).to_numpy(dtype="datetime64[ns]")
    assert np.array_equal(table.until[given], expected)


def _incidents_file(path: Path, *, until: list[str | None] | None) -> gpd.GeoDataFrame:
    frame = gpd.GeoDataFrame(
        {
            "incident_id": ["1", "2", "3"],
            "occurred_at": pd.to_datetime(
                ["2024-05-01 10:00", "2024-05-02 00:00", "2024-05-03 21:00"]
            ),
            "category": ["theft", "theft", "noise"],
        },
        geometry=gpd.points_from_xy([-76.30, -76.31, -76.32], [3.54, 3.53, 3.52]),
        crs="EPSG:4326",
    )
    if until is not None:
        frame.insert(2, "occurred_to", pd.to_datetime(until))
    ws = Workspace.create(path, city_name="Prueba", provenance="test", crs="EPSG:9377")
    ws.write_layers({"incidents": frame})
    return frame


@pytest.mark.parametrize("with_column", [True, False])
def test_read_takes_until_only_when_the_layer_has_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, with_column: bool
) -> None:
    path = tmp_path / "w.gpkg"
    ends = [None, "2024-05-02 23:59:59", "2024-05-04 02:30:00"] if with_column else None
    frame = _incidents_file(path, until=ends)

    def refuse(*args: object, **kwargs: object) -> None:
        msg = "the Arrow read must not fall back to Workspace.read"
        raise AssertionError(msg)

    with monkeypatch.context() as m:
        m.setattr(Workspace, "read", refuse)
        read = IncidentTable.read(path, None, crs="EPSG:9377")
    built = IncidentTable.build(frame, None, crs="EPSG:9377")
    expected = np.array(
        ["NaT", "2024-05-02T23:59:59", "2024-05-04T02:30"] if with_column else ["NaT"] * 3,
        dtype="datetime64[ns]",
    )
    for table in (read, built):
        assert np.array_equal(table.until, expected, equal_nan=True)
        assert table.when[1] == np.datetime64("2024-05-02T00:00", "ns")  # midnight, as stored


def test_from_arrays_checks_the_length_of_until() -> None:
    lon, lat = np.array([-76.30, -76.31]), np.array([3.54, 3.53])
    cats = pd.Series(["theft", "noise"])
    when = pd.Series(pd.to_datetime(["2024-05-01", "2024-05-02"]))
    with pytest.raises(ValueError, match="`until` holds 1 times; the table 2 incidents"):
        IncidentTable.from_arrays(
            lon, lat, cats, when, None, crs="EPSG:9377", until=pd.Series([pd.NaT])
        )
    table = IncidentTable.from_arrays(lon, lat, cats, when, None, crs="EPSG:9377")
    assert np.isnat(table.until).all() and len(table.until) == 2


def test_points_xy_refuses_what_is_not_a_2d_point() -> None:
    points = pa.array(shapely.to_wkb(shapely.points([1.0, 2.0], [3.0, 4.0])))
    xy = _points_xy(points)
    assert xy is not None
    assert xy[0].tolist() == [1.0, 2.0]
    assert xy[1].tolist() == [3.0, 4.0]
    line = shapely.to_wkb(shapely.linestrings([[0, 0], [1, 1]]))
    assert _points_xy(pa.array([line])) is None
    assert _points_xy(pa.array(shapely.to_wkb(shapely.points([[1.0, 2.0, 3.0]])))) is None
    assert _points_xy(pa.array([points[0].as_py(), None])) is None
    big_endian = shapely.to_wkb(shapely.points([1.0], [3.0]), byte_order=0)
    assert _points_xy(pa.array(big_endian)) is None


def test_unique_cells_equals_np_unique() -> None:
    rng = np.random.default_rng(3)
    for n, span in ((50_000, 40), (7, 3), (500, 10**7), (1, 1), (0, 1)):
        ci = rng.integers(-span, span, n)
        cj = rng.integers(-span // 2 - 1, span, n)
        keys, inverse = np.unique(pack_ids(ci, cj), return_inverse=True)
        ours_keys, ours_inverse = _unique_cells(ci, cj)
        assert np.array_equal(ours_keys, keys)
        assert np.array_equal(ours_inverse, inverse.ravel())
