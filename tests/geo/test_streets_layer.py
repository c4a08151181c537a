"""The ``streets`` layer, ``programs.partner_type`` and ``territories.start``: read and checked."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
from shapely.geometry import LineString, MultiLineString, Point

from geo.importer import import_file
from geo.readers import read_layer
from geo.validation import ReadResult
from geo.workspace import Workspace
from tests.geo.fixtures.files import write

LON, LAT = -76.3036, 3.5394


def lonlat(dx: float, dy: float) -> tuple[float, float]:
    """A point ``dx``, ``dy`` thousandths of a degree (about 110 m) from Palmira's centre."""
    return (LON + dx / 1000, LAT + dy / 1000)


def street(*points: tuple[float, float]) -> LineString:
    return LineString([lonlat(*p) for p in points])


def geojson(tmp_path: Path, geoms: list[object], columns: dict[str, list[object]]) -> Path:
    path = tmp_path / "calles.geojson"
    frame = gpd.GeoDataFrame(columns, geometry=geoms, crs="EPSG:4326")
    pyogrio.write_dataframe(frame, path, driver="GeoJSON")
    return path


def read(path: Path, layer: str = "streets") -> ReadResult:
    result = read_layer(path, layer)
    report = result.report
    assert len(result.layer) + len(report.invalid_rows) == report.n_rows  # nothing lost
    for lang in ("en", "es"):
        report.lines(lang)
    return result


def codes(result: ReadResult) -> list[str]:
    return [p.code for p in result.report.problems]


def only(result: ReadResult, code: str) -> str:
    found = [p for p in result.report.problems if p.code == code]
    assert len(found) == 1, codes(result)
    return found[0].message("en")


# -- streets -----------------------------------------------------------------------


def test_streets_without_ids_are_numbered_and_said_so(tmp_path: Path) -> None:
    two_parts = MultiLineString([[lonlat(0, 1), lonlat(1, 1)], [lonlat(1, 1), lonlat(1, 2)]])
    path = geojson(
        tmp_path,
        [street((0, 0), (1, 0)), street((1, 0), (1, 1), (2, 1)), two_parts],
        {
            "nombre": ["Calle 10", "Carrera 5", None],
            "tipo_via": ["Avenida", "residential", "Sendero"],
        },
    )
    result = read(path)
    assert result.report.ok and result.report.invalid_rows == []
    layer = result.layer
    assert list(layer.columns) == ["street_id", "name", "kind", "geometry"]
    assert list(layer["street_id"]) == ["1", "2", "3"]
    assert list(layer["kind"]) == ["arterial", "local", "path"]
    assert list(layer.geom_type) == ["LineString", "LineString", "MultiLineString"]
    message = only(result, "ids_generated")
    assert "no `street_id` column" in message and "numbered 1, 2, 3" in message
    assert [p.severity for p in result.report.problems] == ["warning"]


def test_street_ids_given_are_kept_and_checked(tmp_path: Path) -> None:
    lines = [street((0, 0), (1, 0)), street((1, 0), (2, 0)), street((2, 0), (3, 0))]
    path = geojson(tmp_path, lines, {"osm_id": ["w1", "w1", None], "highway": ["primary"] * 3})
    result = read(path)
    assert "ids_generated" not in codes(result)
    assert "the id 'w1' is repeated: row 1 already uses it" in only(result, "duplicate_id")
    assert "`street_id` is required" in only(result, "missing_value")
    assert list(result.layer["street_id"]) == ["w1"]


def test_lines_of_no_length_or_invalid_are_reported_row_by_row(tmp_path: Path) -> None:
    x0, y0 = lonlat(0, 0)
    x1, y1 = lonlat(1, 0)
    text = (
        "id;nombre;wkt\n"
        f"A;ok;LINESTRING ({x0} {y0}, {x1} {y1})\n"
        f"B;punto;LINESTRING ({x0} {y0}, {x0} {y0})\n"
        f"C;parte;MULTILINESTRING (({x0} {y0}, {x1} {y1}), ({x1} {y1}, {x1} {y1}))\n"
        "D;vacia;LINESTRING EMPTY\n"
        f"E;cruza;LINESTRING ({x0} {y0}, {x1} {y1}, {x1} {y0}, {x0} {y1})\n"
    )
    result = read(write(tmp_path, "calles.csv", text))
    assert result.report.invalid_rows == [2, 3, 4]
    assert "row 2 (line 3), column `wkt`: the line has no length" in only(
        result, "zero_length_line"
    )
    assert "row 3 (line 4), column `wkt`: the line is invalid (too few points)" in only(
        result, "invalid_line"
    )
    assert "row 4" in only(result, "empty_geometry")
    # a line that crosses itself is a street that loops, not an error
    assert list(result.layer["street_id"]) == ["A", "E"]


def test_a_file_of_points_is_not_a_street_layer(tmp_path: Path) -> None:
    path = geojson(tmp_path, [Point(lonlat(0, 0)), Point(lonlat(1, 1))], {"nombre": ["a", "b"]})
    result = read(path)
    assert result.report.file_errors and result.report.invalid_rows == [1, 2]
    message = only(result, "all_wrong_geometry")
    assert "none of the file's 2 geometries is of the right type: they are Point" in message
    assert "`streets` needs a LineString or MultiLineString" in message
    assert "wrong_geometry_type" not in codes(result)
    assert len(result.layer) == 0


def test_a_csv_of_coordinates_cannot_be_streets(tmp_path: Path) -> None:
    text = f"nombre;lat;lon\nCalle 1;{LAT};{LON}\n"
    result = read(write(tmp_path, "calles.csv", text))
    message = only(result, "missing_lines")
    assert "`streets` needs lines" in message and "LINESTRING" in message
    assert result.report.invalid_rows == [1]


def test_a_stray_point_among_lines_is_a_row_error(tmp_path: Path) -> None:
    path = geojson(tmp_path, [street((0, 0), (1, 0)), Point(lonlat(0, 0))], {"nombre": ["a", "b"]})
    result = read(path)
    assert (
        "row 2, column `geometry`: the geometry is a Point, but `streets` needs a LineString"
        in (only(result, "wrong_geometry_type"))
    )
    assert "all_wrong_geometry" not in codes(result)


def test_an_unknown_street_kind_lists_the_accepted_ones(tmp_path: Path) -> None:
    path = geojson(tmp_path, [street((0, 0), (1, 0))], {"tipo": ["autopista elevada"]})
    result = read(path)
    problem = next(p for p in result.report.problems if p.code == "unknown_choice")
    assert "arterial, local, path (in Spanish: arteria, local, peatonal)" in problem.message("en")
    assert "arteria, local, peatonal (en inglés: arterial, local, path)" in problem.message("es")


def test_a_one_part_multiline_is_a_line(tmp_path: Path) -> None:
    one = MultiLineString([[lonlat(0, 0), lonlat(1, 0)]])
    result = read(geojson(tmp_path, [one, street((1, 0), (2, 0))], {"nombre": ["a", "b"]}))
    assert list(result.layer.geom_type) == ["LineString", "LineString"]


def test_streets_go_into_a_workspace_and_come_back(tmp_path: Path) -> None:
    lines = [
        street((0, 0), (1, 0)),
        MultiLineString([[lonlat(1, 0), lonlat(2, 0)], [lonlat(2, 0), lonlat(2, 1)]]),
    ]
    path = geojson(tmp_path, lines, {"nombre": ["a", "b"], "clase": ["local", "peatonal"]})
    result = import_file(path, "streets", tmp_path / "ws.gpkg")
    assert result.imported and result.added == 2
    back = Workspace(tmp_path / "ws.gpkg").read("streets")
    assert list(back["street_id"]) == ["1", "2"] and list(back["kind"]) == ["local", "path"]
    # a GeoPackage layer has one geometry type: lines mixed with multilines are stored as
    # multilines (as polygons mixed with multipolygons are), with the same lines
    assert list(back.geom_type) == ["MultiLineString", "MultiLineString"]
    assert back.geometry.iloc[0].equals_exact(MultiLineString([lines[0]]), 1e-12)
    assert back.geometry.iloc[1].equals_exact(lines[1], 1e-12)
    # an append of a file numbered the same way skips the numbers already there, and says so
    more = geojson(tmp_path, [*lines, street((3, 0), (4, 0))], {"nombre": ["a", "b", "c"]})
    again = import_file(more, "streets", tmp_path / "ws.gpkg", mode="append")
    assert (again.added, again.skipped, again.skipped_ids) == (1, 2, ("1", "2"))


# -- programmes' partner types and territories' start ------------------------------


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Alcaldía", "city"),
        ("SECRETARÍA", "city"),
        ("municipio", "city"),
        ("ciudad", "city"),
        ("city", "city"),
        ("ONG", "ngo"),
        ("Fundación", "ngo"),
        ("Iglesia", "church"),
        ("parroquia", "church"),
        ("Diócesis", "church"),
        ("Empresa privada", "private"),
        ("privado", "private"),
        ("empresa", "private"),
        ("Universidad", "academia"),
        ("academia", "academia"),
        ("Junta de Acción Comunal", "community"),
        ("JAC", "community"),
        ("comunitario", "community"),
        ("Comunidad", "community"),
    ],
)
def test_partner_types_are_read_in_spanish(tmp_path: Path, written: str, code: str) -> None:
    text = (
        f"id;nombre;componente;aliado;tipo de aliado\nP1;Mediación;prevención;Aliado X;{written}\n"
    )
    result = read(write(tmp_path, "programas.csv", text), "programs")
    assert result.report.ok, result.report.lines()
    assert list(result.layer["partner_type"]) == [code]


def test_an_unknown_partner_type_is_a_row_error(tmp_path: Path) -> None:
    text = (
        "id;nombre;componente;aliado;tipo_aliado\n"
        "P1;A;prevención;X;Cooperación internacional\n"
        "P2;B;prevención;Y;\n"
    )
    result = read(write(tmp_path, "programas.csv", text), "programs")
    message = only(result, "unknown_choice")
    assert "row 1 (line 2), column `tipo_aliado`: 'Cooperación internacional'" in message
    assert "city, ngo, church, private, academia, community" in message
    # the column is optional: an empty value is no error
    assert list(result.layer["program_id"]) == ["P2"]
    assert result.layer["partner_type"].isna().all()


def test_territories_read_their_start(tmp_path: Path) -> None:
    square = f"POLYGON (({LON} {LAT}, {LON + 0.01} {LAT}, {LON + 0.01} {LAT + 0.01}, {LON} {LAT}))"
    text = f"id;equipo;fecha de inicio;wkt\nT1;Equipo A;01/10/2020;{square}\n"
    result = read(write(tmp_path, "territorios.csv", text), "territories")
    assert result.report.ok, result.report.lines()
    assert list(result.layer["start"]) == [pd.Timestamp("2020-10-01")]
