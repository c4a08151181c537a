"""A file checked in pieces (``geo.validation.pieces``) gets the whole file's result."""

from __future__ import annotations

from collections.abc import Iterator

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import Point, Polygon

from geo import settings
from geo.readers import _vector_table
from geo.validation import Problem, RawTable, ReadResult, Report, validate_table
from geo.validation.pieces import validate_pieces

#: an empty point is a geometry (the checks report it): geopandas' warning about it is no news
pytestmark = pytest.mark.filterwarnings("ignore:GeoSeries.notna:UserWarning")

PALMIRA = (-76.30, 3.53)
#: about 70 km east of Palmira: beyond ``outlier_distance_m`` (60 km) from it
FAR_EAST = (-75.67, 3.53)


def piece(raw: RawTable, a: int, b: int) -> RawTable:
    """Records ``a`` to ``b`` of ``raw``, as a reader of that stretch of the file gives them."""
    return RawTable(
        file=raw.file,
        layer=raw.layer,
        data=raw.data.iloc[a:b].reset_index(drop=True),
        rows=raw.rows[a:b],
        lines=None if raw.lines is None else raw.lines[a:b],
        geometry=None if raw.geometry is None else raw.geometry.iloc[a:b].reset_index(drop=True),
        decimal=raw.decimal,
        problems=list(raw.problems),
        row_problems=[(p - a, c, col, x) for p, c, col, x in raw.row_problems if a <= p < b],
        geometry_usable=raw.geometry_usable,
        shapefile=raw.shapefile,
    )


def in_pieces(raw: RawTable, size: int) -> tuple[Report, list[ReadResult]]:
    kept: list[ReadResult] = []

    def pieces() -> Iterator[RawTable]:
        for a in range(0, len(raw.rows), size):
            yield piece(raw, a, a + size)

    report = validate_pieces(pieces, kept.append)
    return report, kept


def problems(report: Report) -> pd.DataFrame:
    """The problems in a canonical order (the kinds of one row may come in another order)."""
    frame = report.to_frame("en")
    return frame.sort_values(["row", "code", "column", "message"], na_position="first").reset_index(
        drop=True
    )


def assert_same(raw: RawTable, size: int) -> None:
    whole = validate_table(raw)
    report, kept = in_pieces(raw, size)
    assert report.n_rows == whole.report.n_rows
    assert report.invalid_rows == whole.report.invalid_rows
    pd.testing.assert_frame_equal(problems(report), problems(whole.report))
    if report.file_errors:
        return
    layers = [r.layer for r in kept if len(r.layer)]
    layer = pd.concat(layers, ignore_index=True) if layers else whole.layer.iloc[:0]
    pd.testing.assert_frame_equal(
        pd.DataFrame(layer.drop(columns="geometry")),
        pd.DataFrame(whole.layer.drop(columns="geometry")),
        check_dtype=False,
    )
    assert list(layer.geometry.to_wkt()) == list(whole.layer.geometry.to_wkt())
    rows = np.concatenate([r.source_rows.to_numpy() for r in kept])
    assert list(rows) == list(whole.source_rows)


def city(n: int = 120) -> gpd.GeoDataFrame:
    """Incidents whose every whole-file decision differs from some piece's own.

    - ids repeat across pieces (row 4's at rows 51, 90 and 118), one is missing;
    - the typed time stamps are midnights only in the first 60 rows;
    - ``severity`` is text: ``1,5`` early (a lone decimal comma, so the file's
      ``2.500`` 20 rows from the end is two thousand five hundred, not two
      and a half);
    - 70 points around Palmira and 50 about 70 km east: far from the file's
      middle, not from their own pieces'; one swapped, one empty, one a
      polygon, one missing, one 3-D.
    """
    rng = np.random.default_rng(7)
    ids = [f"I{i:04d}" for i in range(n)]
    for i in (89, 117, 50):
        if i < n:
            ids[i] = ids[3]
    ids[40] = ids[39]
    ids[10] = None  # type: ignore[call-overload]
    day = pd.Timestamp("2024-03-01")
    stamps = [day + pd.Timedelta(days=int(i)) for i in range(n)]
    for i in range(60, n, 3):
        stamps[i] += pd.Timedelta(hours=21, minutes=15)
    severity = ["3"] * n
    severity[5] = "1,5"
    severity[n - 20] = "2.500"
    categories = ["homicidio", "riña", "hurto"] * (n // 3)
    categories[20] = "nonsense"
    geoms: list[object] = []
    for i in range(n):
        lon, lat = PALMIRA if i < 70 else FAR_EAST
        geoms.append(Point(lon + rng.normal(0, 0.01), lat + rng.normal(0, 0.01)))
    geoms[12] = Point(PALMIRA[1], PALMIRA[0])  # swapped
    geoms[13] = Point()
    geoms[14] = Polygon([(-76.3, 3.5), (-76.29, 3.5), (-76.29, 3.51)])
    geoms[15] = None
    geoms[16] = Point(-76.3, 3.53, 1000.0)
    return gpd.GeoDataFrame(
        {
            "incident_id": ids,
            "occurred_at": pd.Series(stamps, dtype="datetime64[ms]"),
            "category": categories,
            "severity": severity,
        },
        geometry=gpd.GeoSeries(geoms, crs="EPSG:4326"),
    )


def raw_of(frame: pd.DataFrame, layer: str = "incidents") -> RawTable:
    return _vector_table(frame, "city.parquet", layer, crs=None, problems=[])


@pytest.mark.parametrize("size", [2, 7, 13, 50, 119, 120])
def test_pieces_give_the_whole_files_result(size: int) -> None:
    assert_same(raw_of(city()), size)


@pytest.mark.parametrize("size", [7, 60])
def test_the_listed_problems_and_the_rest_are_the_whole_files(
    size: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(settings, "max_problems_listed", 3)
    frame = city()
    frame.loc[frame.index % 4 == 0, "category"] = "nonsense"
    frame.loc[frame.index % 9 == 0, "severity"] = "9"
    raw = raw_of(frame)
    assert_same(raw, size)
    report, _ = in_pieces(raw, size)
    more = [p for p in report.problems if p.code == "more_problems"]
    assert {p.params["problem"] for p in more} >= {"unknown_category", "out_of_range"}


def test_a_piece_decides_nothing_alone() -> None:
    """The decisions the pieces must share do differ when a piece decides alone."""
    raw = raw_of(city())
    whole = validate_table(raw).report
    alone = validate_table(piece(raw, 70, 120)).report
    far = {p.row for p in whole.problems if p.code == "far_from_others"}
    assert far >= set(range(71, 121)) - {90, 118}
    assert not any(p.code == "far_from_others" for p in alone.problems)
    assert any(p.code == "duplicate_id" and p.row == 90 for p in whole.problems)
    assert not any(p.code == "duplicate_id" and p.row == 90 for p in alone.problems)
    early = validate_table(piece(raw, 0, 60)).report
    assert any(p.code == "date_only" for p in early.problems)
    assert not any(p.code == "date_only" for p in whole.problems)
    late = validate_table(piece(raw, 100, 101)).report
    assert any(p.code == "not_an_integer" for p in late.problems)  # 2.5 alone
    assert any(p.code == "out_of_range" and p.row == 101 for p in whole.problems)  # 2,500


@pytest.mark.parametrize("dated", ["all", "some pieces"])
def test_date_only_counts_the_whole_file(dated: str) -> None:
    """Text dates: a row without a time of day is counted over the file, whichever pieces
    have such rows."""
    frame = city()
    stamps = frame["occurred_at"].dt.strftime("%Y-%m-%d %H:%M")
    if dated == "all":
        stamps = frame["occurred_at"].dt.strftime("%Y-%m-%d")
    else:  # only rows 30 to 44 are dates alone: most pieces have none
        stamps[30:45] = frame["occurred_at"][30:45].dt.strftime("%Y-%m-%d")
    frame["occurred_at"] = stamps
    raw = raw_of(frame)
    assert_same(raw, 17)
    report, _ = in_pieces(raw, 17)
    (said,) = [p for p in report.problems if p.code == "date_only"]
    assert said.params["total"] == report.n_valid


@pytest.mark.parametrize(
    "case", ["swapped", "metres", "wrong_type", "far_swapped", "no_geometry_early"]
)
def test_whole_file_verdicts(case: str) -> None:
    frame = city(60)
    ok = (frame.geometry.geom_type == "Point") & ~frame.geometry.is_empty
    points = frame.geometry.to_numpy()[ok.to_numpy()]
    xs, ys = shapely.get_x(points), shapely.get_y(points)
    if case == "swapped":
        frame.loc[ok, "geometry"] = gpd.points_from_xy(ys, xs)
        code = "all_axes_swapped"
    elif case == "metres":
        frame.loc[ok, "geometry"] = gpd.points_from_xy(xs * 1e5, ys * 1e5)
        code = "coordinates_look_projected"
    elif case == "wrong_type":
        frame["geometry"] = gpd.GeoSeries(
            [None if g is None else g.buffer(0.001) for g in frame.geometry], crs="EPSG:4326"
        )
        code = "all_wrong_geometry"
    elif case == "far_swapped":
        # the city in Palmira, every point exchanged but two in its own place
        near = [Point(PALMIRA[0] + 0.001 * i, PALMIRA[1]) for i in range(2)]
        swapped = [Point(PALMIRA[1] + 0.001 * i, PALMIRA[0]) for i in range(40)]
        frame = frame.iloc[:42].copy()
        frame["geometry"] = gpd.GeoSeries(near + swapped, crs="EPSG:4326")
        code = "all_axes_swapped"
    else:  # the first pieces have no geometry at all: the file still has its own, and
        # their latitude and longitude columns (70 km east) are only columns of the file
        frame.loc[frame.index < 35, "geometry"] = None
        frame["lat"], frame["lon"] = FAR_EAST[1], FAR_EAST[0]
        code = "missing_geometry"
    raw = raw_of(frame)
    whole = validate_table(raw).report
    assert any(p.code == code for p in whole.problems), [p.code for p in whole.problems]
    for size in (1, 9, 35):
        assert_same(raw, size)


def test_text_coordinates_in_pieces() -> None:
    """A table without geometries: its latitude and longitude columns, and x/y in degrees."""
    frame = city(60)
    table = pd.DataFrame(frame.drop(columns="geometry"))
    point = (frame.geometry.geom_type == "Point") & ~frame.geometry.is_empty
    table["lat"] = [str(g.y) if p else "" for g, p in zip(frame.geometry, point, strict=True)]
    table["lon"] = [str(g.x) if p else "" for g, p in zip(frame.geometry, point, strict=True)]
    table.loc[3, "lat"] = "no"
    assert_same(raw_of(table), 11)
    table = table.rename(columns={"lat": "y", "lon": "x"})
    table.loc[0:20, ["x", "y"]] = "1000000"  # the first pieces alone look projected
    assert_same(raw_of(table), 11)
    # metres with no CRS: the whole file needs one, also a piece whose rows have no pair
    table[["x", "y"]] = "1000000"
    table.loc[[3, 40, 41], ["x", "y"]] = ""
    raw = raw_of(table)
    assert {p.code for p in validate_table(raw).report.problems} >= {"needs_crs"}
    for size in (1, 11):
        assert_same(raw, size)


def test_wkt_and_coordinates_in_pieces() -> None:
    """A piece whose every row has its point from the latitude and longitude still counts
    them as geometries of the layer's type (a polygon elsewhere is wrong, not the file)."""
    table = pd.DataFrame(
        {
            "incident_id": ["a", "b", "c"],
            "occurred_at": ["2024-03-01 10:00"] * 3,
            "category": ["riña"] * 3,
            "wkt": ["", "POLYGON ((-76.3 3.5, -76.29 3.5, -76.29 3.51, -76.3 3.5))", ""],
            "lat": ["3.53", "", "3.54"],
            "lon": ["-76.30", "", "-76.31"],
        }
    )
    raw = raw_of(table)
    assert [p.code for p in validate_table(raw).report.problems] == ["wrong_geometry_type"]
    for size in (1, 2):
        assert_same(raw, size)


def test_polygon_repairs_are_measured_in_the_files_crs() -> None:
    """Invalid polygons far apart: each piece measures its repair in the CRS of the whole
    file's invalid polygons, so the area change it quotes is the whole file's."""
    bow = [(0, 0), (0.01, 0.01), (0.01, 0), (0, 0.01), (0, 0)]  # a bow tie: invalid
    polygons = [Polygon([(x + lon, y + 3.53) for x, y in bow]) for lon in (-76.3, -70.1, -64.0)]
    frame = gpd.GeoDataFrame(
        {"space_id": ["p1", "p2", "p3"], "name": ["a", "b", "c"], "kind": ["park"] * 3},
        geometry=gpd.GeoSeries(polygons, crs="EPSG:4326"),
    )
    raw = raw_of(frame, "public_spaces")
    assert any(p.code == "invalid_geometry" for p in validate_table(raw).report.problems)
    assert_same(raw, 1)


def test_a_failing_file_in_pieces_gets_no_warning_its_checks_skip() -> None:
    """Streets with no id column and no line: the whole file fails, and numbers no ids."""
    frame = gpd.GeoDataFrame(
        {"name": ["a", "b"]}, geometry=gpd.GeoSeries([None, Point(-76.3, 3.5)], crs="EPSG:4326")
    )
    raw = raw_of(frame, "streets")
    codes = [p.code for p in validate_table(raw).report.problems]
    assert "all_wrong_geometry" in codes and "ids_generated" not in codes
    assert_same(raw, 1)


def test_a_repeated_problem_of_the_file_is_listed_as_often_as_whole() -> None:
    raw = raw_of(city(60))
    warning = Problem(raw.file, raw.layer, None, None, "reader_warning", "warning", {"detail": "x"})
    raw.problems = [warning, warning]
    assert_same(raw, 7)
    report, _ = in_pieces(raw, 7)
    assert [p.code for p in report.problems].count("reader_warning") == 2
