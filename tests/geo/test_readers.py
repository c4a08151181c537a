"""geo.readers: every format reads the same records; bad files become file-level problems."""

from __future__ import annotations

import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
from numpy.testing import assert_allclose
from pyproj import Transformer
from shapely.geometry import Point, box

from geo import readers
from geo.readers import read_layer
from geo.validation import Problem
from tests.geo.fixtures.files import INCIDENTS, incidents_csv, palmira_neighborhoods, sha256, write

EXPECTED_TIMES = pd.to_datetime([r[1] for r in INCIDENTS]).astype("datetime64[ms]")
EXPECTED_CATS = [r[4] for r in INCIDENTS]
EXPECTED_LAT = [r[5] for r in INCIDENTS]
EXPECTED_LON = [r[6] for r in INCIDENTS]


def only(result_problems: list[Problem], code: str) -> Problem:
    found = [p for p in result_problems if p.code == code]
    assert len(found) == 1, [p.code for p in result_problems]
    return found[0]


def assert_three_incidents(layer: gpd.GeoDataFrame) -> None:
    assert list(layer["incident_id"]) == ["1", "2", "3"]
    assert list(layer["category"]) == EXPECTED_CATS
    assert list(layer["occurred_at"]) == list(EXPECTED_TIMES)
    assert layer.crs.to_epsg() == 4326
    assert_allclose(layer.geometry.y, EXPECTED_LAT, atol=1e-9)
    assert_allclose(layer.geometry.x, EXPECTED_LON, atol=1e-9)


def incidents_frame() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "id": [r[0] for r in INCIDENTS],
            "fecha": [r[1] for r in INCIDENTS],
            "categoria": [r[3] for r in INCIDENTS],
        },
        geometry=[Point(r[6], r[5]) for r in INCIDENTS],
        crs="EPSG:4326",
    )


# -- every format ------------------------------------------------------------


@pytest.mark.parametrize(
    ("sep", "iso", "encoding"),
    [
        (";", False, "utf-8"),
        (";", False, "cp1252"),
        (";", True, "utf-8-sig"),
        (",", True, "utf-8"),
        (",", False, "latin-1"),
        ("\t", True, "utf-16"),
    ],
)
def test_csv_variants_read_the_same_records(
    tmp_path: Path, sep: str, iso: bool, encoding: str
) -> None:
    path = write(tmp_path, "incidentes.csv", incidents_csv(sep=sep, iso=iso), encoding)
    result = read_layer(path, "incidents")
    assert result.report.ok, result.report.lines()
    assert_three_incidents(result.layer)
    assert list(result.source_rows) == [1, 2, 3]
    if iso:  # every ISO time has a time of day, 00:00:00 included
        assert result.report.problems == []
        assert "occurred_to" not in result.layer.columns
    else:  # the day-first '05/03/2021' has only a date: some time that day
        problem = only(result.report.problems, "date_only")
        assert len(result.report.problems) == 1
        assert (problem.severity, problem.row, problem.column) == ("warning", None, "fecha")
        assert (problem.params["count"], problem.params["total"]) == (1, 3)
        assert list(result.layer["occurred_to"].isna()) == [True, False, True]
        assert result.layer.loc[1, "occurred_to"] == pd.Timestamp("2021-03-05 23:59:59")


def write_format(tmp_path: Path, fmt: str) -> Path:
    frame = incidents_frame()
    if fmt == "geojson":
        path = tmp_path / "incidentes.geojson"
        pyogrio.write_dataframe(frame, path, driver="GeoJSON")
    elif fmt == "gpkg":
        path = tmp_path / "incidentes.gpkg"
        typed = frame.assign(fecha=pd.to_datetime(frame["fecha"]).astype("datetime64[ms]"))
        pyogrio.write_dataframe(typed, path, layer="incidentes", driver="GPKG")
    elif fmt == "zip":
        folder = tmp_path / "shp"
        folder.mkdir()
        pyogrio.write_dataframe(frame, folder / "incidentes.shp", driver="ESRI Shapefile")
        path = tmp_path / "incidentes.zip"
        with zipfile.ZipFile(path, "w") as zf:
            for part in sorted(folder.iterdir()):
                zf.write(part, part.name)
    else:
        path = tmp_path / "incidentes.parquet"
        typed = frame.assign(
            id=frame["id"].astype("int64"),
            fecha=pd.to_datetime(frame["fecha"]).astype("datetime64[ms]"),
        )
        typed.to_parquet(path)
    return path


@pytest.mark.parametrize("fmt", ["geojson", "gpkg", "zip", "parquet"])
def test_vector_formats_read_the_same_records(tmp_path: Path, fmt: str) -> None:
    path = write_format(tmp_path, fmt)
    result = read_layer(path, "incidents")
    assert result.report.ok, result.report.lines()
    assert_three_incidents(result.layer)


def test_the_users_file_is_never_changed(tmp_path: Path) -> None:
    paths = [write(tmp_path, "incidentes.csv", incidents_csv())]
    for fmt in ("geojson", "gpkg", "zip", "parquet"):
        paths.append(write_format(tmp_path, fmt))
    paths.append(write(tmp_path, "malo.csv", "id;fecha\n1;31/02/2021\n"))
    before = {p: sha256(p) for p in paths}
    listing = sorted(p.name for p in tmp_path.rglob("*"))
    for p in paths:
        read_layer(p, "incidents", reference={"neighborhoods": palmira_neighborhoods()})
    assert {p: sha256(p) for p in paths} == before
    assert sorted(p.name for p in tmp_path.rglob("*")) == listing


def test_projected_vector_files_are_reprojected(tmp_path: Path) -> None:
    frame = incidents_frame().to_crs("EPSG:9377")
    path = tmp_path / "incidentes.gpkg"
    pyogrio.write_dataframe(frame, path, layer="incidents", driver="GPKG")
    result = read_layer(path, "incidents")
    assert result.report.ok, result.report.lines()
    assert_three_incidents(result.layer)


def test_shapefile_without_prj_assumes_wgs84_with_a_warning(tmp_path: Path) -> None:
    write_format(tmp_path, "zip")
    path = tmp_path / "sin_prj.zip"
    with zipfile.ZipFile(path, "w") as zf:
        for part in sorted((tmp_path / "shp").iterdir()):
            if part.suffix != ".prj":
                zf.write(part, part.name)
    result = read_layer(path, "incidents")
    problem = only(result.report.problems, "assumed_wgs84")
    assert problem.severity == "warning"
    assert result.report.ok
    assert_three_incidents(result.layer)
    assert "EPSG:4326" in problem.message("en") and ".prj" in problem.message("es")


def test_shapefile_without_prj_in_metres_is_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "shp"
    folder.mkdir()
    pyogrio.write_dataframe(
        incidents_frame().to_crs("EPSG:9377"), folder / "incidentes.shp", driver="ESRI Shapefile"
    )
    path = tmp_path / "metros.zip"
    with zipfile.ZipFile(path, "w") as zf:
        for part in sorted(folder.iterdir()):
            if part.suffix != ".prj":
                zf.write(part, part.name)
    result = read_layer(path, "incidents")
    only(result.report.problems, "no_crs")
    assert len(result.layer) == 0 and result.report.invalid_rows == [1, 2, 3]
    # saying the CRS fixes it
    fixed = read_layer(path, "incidents", crs="EPSG:9377")
    assert fixed.report.ok, fixed.report.lines()
    assert_three_incidents(fixed.layer)


def test_zip_problems(tmp_path: Path) -> None:
    write_format(tmp_path, "zip")
    parts = sorted((tmp_path / "shp").iterdir())
    empty = tmp_path / "nada.zip"
    with zipfile.ZipFile(empty, "w") as zf:
        zf.writestr("leame.txt", "hola")
    problem = only(read_layer(empty, "incidents").report.problems, "zip_no_shapefile")
    assert "leame.txt" in problem.message("en")

    several = tmp_path / "varios.zip"
    with zipfile.ZipFile(several, "w") as zf:
        for part in parts:
            zf.write(part, "a" + part.suffix)
            zf.write(part, "b" + part.suffix)
    problem = only(read_layer(several, "incidents").report.problems, "zip_several_shapefiles")
    assert "`a.shp`" in problem.message("en") and "`b.shp`" in problem.message("en")

    named = tmp_path / "nombrado.zip"
    with zipfile.ZipFile(named, "w") as zf:
        for part in parts:
            zf.write(part, "barrios" + part.suffix)
            zf.write(part, "incidentes" + part.suffix)
    result = read_layer(named, "incidents")
    assert result.report.ok and len(result.layer) == 3

    incomplete = tmp_path / "incompleto.zip"
    with zipfile.ZipFile(incomplete, "w") as zf:
        for part in parts:
            if part.suffix not in (".dbf", ".shx"):
                zf.write(part, part.name)
    problem = only(read_layer(incomplete, "incidents").report.problems, "shapefile_incomplete")
    assert ".shx" in problem.message("en") and ".dbf" in problem.message("en")


def test_geopackage_layer_choice(tmp_path: Path) -> None:
    frame = incidents_frame()
    path = tmp_path / "varias.gpkg"
    pyogrio.write_dataframe(frame, path, layer="uno", driver="GPKG")
    pyogrio.write_dataframe(frame, path, layer="dos", driver="GPKG", append=False)
    problem = only(read_layer(path, "incidents").report.problems, "gpkg_several_layers")
    assert "`uno`" in problem.message("en") and "`dos`" in problem.message("en")
    assert "incidents" in problem.message("es")
    pyogrio.write_dataframe(frame, path, layer="Incidentes", driver="GPKG")
    result = read_layer(path, "incidents")
    assert result.report.ok and len(result.layer) == 3


def test_geopackage_attribute_table_for_programs(tmp_path: Path) -> None:
    table = pd.DataFrame(
        {
            "id_programa": ["P1", "P2"],
            "nombre": ["Escuela de paz", "Parche seguro"],
            "componente": ["Prevención", "entornos seguros"],
            "aliado": ["ONG Semillas", "Alcaldía"],
            "inicio": ["2021-01-15", "01/02/2021"],
            "fin": ["2021-12-15", "30/06/2021"],
        }
    )
    path = tmp_path / "programas.gpkg"
    pyogrio.write_dataframe(table, path, layer="programas", driver="GPKG")
    result = read_layer(path, "programs")
    assert result.report.ok, result.report.lines()
    assert list(result.layer["component"]) == ["prevention", "safe_environments"]
    assert list(result.layer["start"]) == list(pd.to_datetime(["2021-01-15", "2021-02-01"]))
    assert result.layer.geometry.isna().all()


def test_geoparquet_without_geo_metadata_reads_coordinate_columns(tmp_path: Path) -> None:
    table = pd.DataFrame(
        {
            "id": [r[0] for r in INCIDENTS],
            "fecha": [r[1] for r in INCIDENTS],
            "categoria": [r[3] for r in INCIDENTS],
            "lat": [r[5] for r in INCIDENTS],
            "lon": [r[6] for r in INCIDENTS],
        }
    )
    path = tmp_path / "tabla.parquet"
    table.to_parquet(path)
    result = read_layer(path, "incidents")
    assert result.report.ok, result.report.lines()
    assert_three_incidents(result.layer)


def test_xy_columns_in_metres_need_the_crs(tmp_path: Path) -> None:
    to_9377 = Transformer.from_crs("EPSG:4326", "EPSG:9377", always_xy=True)
    lines = ["id,fecha,categoria,x,y"]
    for r in INCIDENTS:
        x, y = to_9377.transform(r[6], r[5])
        lines.append(f"{r[0]},{r[1]},{r[4]},{x:.3f},{y:.3f}")
    path = write(tmp_path, "metros.csv", "\n".join(lines) + "\n")
    result = read_layer(path, "incidents")
    problem = only(result.report.problems, "needs_crs")
    assert problem.row is None and "EPSG:9377" in problem.message("en")
    assert "`x`" in problem.message("es") and len(result.layer) == 0
    result = read_layer(path, "incidents", crs="EPSG:9377")
    assert result.report.ok, result.report.lines()
    assert_allclose(result.layer.geometry.y, EXPECTED_LAT, atol=1e-7)
    assert_allclose(result.layer.geometry.x, EXPECTED_LON, atol=1e-7)


def test_xy_columns_in_degrees_are_longitude_latitude(tmp_path: Path) -> None:
    lines = ["id,fecha,categoria,x,y"] + [f"{r[0]},{r[1]},{r[4]},{r[6]},{r[5]}" for r in INCIDENTS]
    result = read_layer(write(tmp_path, "grados.csv", "\n".join(lines)), "incidents")
    assert result.report.ok, result.report.lines()
    assert_three_incidents(result.layer)


def test_a_crs_for_degree_columns_is_ignored_with_a_warning(tmp_path: Path) -> None:
    path = write(tmp_path, "incidentes.csv", incidents_csv())
    result = read_layer(path, "incidents", crs="EPSG:9377")
    assert only(result.report.problems, "crs_ignored").severity == "warning"
    assert_three_incidents(result.layer)


def test_a_bad_crs_is_reported_not_raised(tmp_path: Path) -> None:
    path = write(tmp_path, "incidentes.csv", incidents_csv())
    result = read_layer(path, "incidents", crs="EPSG:999999")
    problem = only(result.report.problems, "bad_crs")
    assert "EPSG:999999" in problem.message("en") and not result.report.ok


def test_wkt_polygons_in_a_csv(tmp_path: Path) -> None:
    text = (
        "codigo;barrio;poblacion;estrato;wkt\n"
        'B1;Centro;12.345;3;"POLYGON ((-76.31 3.53, -76.30 3.53, -76.30 3.54, -76.31 3.54, -76.31 3.53))"\n'
        'B2;Zamorano;8.000;2;"MULTIPOLYGON (((-76.30 3.53, -76.29 3.53, -76.29 3.54, -76.30 3.53)))"\n'
    )
    result = read_layer(write(tmp_path, "barrios.csv", text), "neighborhoods")
    assert result.report.ok, result.report.lines()
    assert list(result.layer["population"]) == [12345, 8000]
    assert list(result.layer["stratum"]) == [3, 2]
    assert list(result.layer.geom_type) == ["Polygon", "MultiPolygon"]


def test_spanish_column_names_of_every_layer(tmp_path: Path) -> None:
    spaces = (
        "id_espacio,nombre,tipo,estado,iluminación,estado_activacion,costo_activacion,lat,lon,notas\n"
        "E1,Parque Obrero,parque,bueno,ninguna,activo,1500000,3.5394,-76.3036,cerca al colegio\n"
        "E2,Cancha El Prado,cancha,malo,parcial,planeado,,3.5410,-76.3010,\n"
    )
    result = read_layer(write(tmp_path, "espacios.csv", spaces), "public_spaces")
    assert result.report.ok, result.report.lines()
    layer = result.layer
    assert list(layer["kind"]) == ["park", "sports_field"]
    assert list(layer["condition"]) == ["good", "poor"]
    assert list(layer["lighting"]) == ["none", "partial"]
    assert list(layer["activation_status"]) == ["active", "planned"]
    assert_allclose(layer["activation_cost"], [1_500_000, np.nan])
    assert list(layer["notas"]) == ["cerca al colegio", ""]  # extra column kept as written

    territories = (
        "id_territorio;equipo;numero_gestores;wkt\nT1;Equipo 1;8;POLYGON ((0 0, 1 0, 1 1, 0 0))\n"
    )
    result = read_layer(write(tmp_path, "territorios.csv", territories), "territories")
    assert result.report.ok, result.report.lines()
    assert list(result.layer.columns) == ["territory_id", "team", "gestores", "geometry"]

    programs = "id,nombre,componente,entidad,fecha_inicio,fecha_fin\nP1,Escuela,Interrupción,ONG,1/2/2021,30/11/2021\n"
    result = read_layer(write(tmp_path, "programas.csv", programs), "programs")
    assert result.report.ok, result.report.lines()
    assert result.layer.loc[0, "component"] == "interruption"
    assert result.layer.loc[0, "end"] == pd.Timestamp("2021-11-30")


def test_display_name_is_used_in_messages(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "3f9a2c.csv",
        "id;fecha;categoria;latitud;longitud\n1;31/02/2021;ruido;3,54;-76,30\n",
    )
    result = read_layer(path, "incidents", display_name="mis_incidentes.csv")
    assert result.report.file == "mis_incidentes.csv"
    assert all(line.startswith("mis_incidentes.csv") for line in result.report.lines("es"))


def test_unknown_layer_is_a_programming_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="crimes"):
        read_layer(tmp_path / "x.csv", "crimes")


# -- file-level problems ---------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    result = read_layer(tmp_path / "no_existe.csv", "incidents")
    problem = only(result.report.problems, "file_not_found")
    assert problem.row is None and problem.severity == "error"
    assert problem.message("en").startswith("no_existe.csv: ")
    assert result.report.n_rows == 0 and not result.report.ok and len(result.layer) == 0


def test_unsupported_extension(tmp_path: Path) -> None:
    path = write(tmp_path, "incidentes.xlsx", "whatever")
    problem = only(read_layer(path, "incidents").report.problems, "unsupported_format")
    assert "`.xlsx`" in problem.message("en") and ".geojson" in problem.message("es")


@pytest.mark.parametrize(
    ("name", "content", "expected", "looks_like"),
    [
        ("incidentes.geojson", b"id;fecha;categoria\n1;2021-01-01;ruido\n", "GeoJSON", "CSV text"),
        ("incidentes.zip", b"id,fecha\n1,2021-01-01\n", "ZIP", "CSV text"),
        ("incidentes.gpkg", b'{"type": "FeatureCollection"}', "GeoPackage", "JSON text"),
        ("incidentes.parquet", b"<!DOCTYPE html><html></html>", "GeoParquet", "a web page"),
        ("incidentes.csv", b"PK\x05\x06" + b"\x00" * 18, "CSV", "a ZIP archive"),
        ("incidentes.csv", b"SQLite format 3\x00" + b"\x00" * 100, "CSV", "SQLite"),
    ],
)
def test_content_that_is_not_what_the_extension_says(
    tmp_path: Path, name: str, content: bytes, expected: str, looks_like: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = read_layer(path, "incidents")
    problem = only(result.report.problems, "wrong_format")
    text = problem.message("en")
    assert f"is not a {expected}" in text and looks_like in text
    assert "no es un archivo" in problem.message("es")
    assert result.report.file_errors == [problem]


def test_an_excel_workbook_saved_as_csv(tmp_path: Path) -> None:
    path = tmp_path / "incidentes.csv"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
    problem = only(read_layer(path, "incidents").report.problems, "wrong_format")
    assert "save it as CSV" in problem.message("en") and "guárdelo" in problem.message("es")


def test_truncated_parquet(tmp_path: Path) -> None:
    path = tmp_path / "incidentes.parquet"
    path.write_bytes(b"PAR1" + b"\x00" * 64)
    problem = only(read_layer(path, "incidents").report.problems, "unreadable")
    assert "truncated" in problem.message("en")


def test_broken_geojson_is_unreadable_not_raised(tmp_path: Path) -> None:
    path = write(tmp_path, "incidentes.geojson", '{"type": "FeatureCollection", "features": [')
    result = read_layer(path, "incidents")
    only(result.report.problems, "unreadable")
    assert not result.report.ok


@pytest.mark.parametrize("text", ["", "   \n\n", ",,,\n", ";;\n \n;;;\n"])
def test_empty_file(tmp_path: Path, text: str) -> None:
    result = read_layer(write(tmp_path, "vacio.csv", text), "incidents")
    only(result.report.problems, "empty_file")


def test_header_without_records(tmp_path: Path) -> None:
    result = read_layer(write(tmp_path, "solo.csv", "id;fecha;categoria;lat;lon\n"), "incidents")
    problem = only(result.report.problems, "no_records")
    assert problem.row is None and result.report.n_rows == 0


def test_geojson_without_features(tmp_path: Path) -> None:
    path = write(tmp_path, "vacio.geojson", '{"type": "FeatureCollection", "features": []}')
    only(read_layer(path, "incidents").report.problems, "no_records")


def test_missing_required_column_lists_found_and_accepted_names(tmp_path: Path) -> None:
    result = read_layer(
        write(tmp_path, "i.csv", "id;categoria;lat;lon\n1;ruido;3,54;-76,30\n"), "incidents"
    )
    problem = only(result.report.problems, "missing_column")
    assert problem.row is None and problem.params["name"] == "occurred_at"
    text = problem.message("en")
    assert "`occurred_at`" in text and "`fecha`" in text and "`categoria`" in text
    assert "falta la columna obligatoria `occurred_at`" in problem.message("es")
    assert result.report.invalid_rows == [1] and len(result.layer) == 0


def test_two_columns_that_mean_the_same_one(tmp_path: Path) -> None:
    text = "id;incident_id;fecha;categoria;lat;lon\n1;1;2021-01-01;ruido;3,54;-76,30\n"
    problem = only(
        read_layer(write(tmp_path, "i.csv", text), "incidents").report.problems, "ambiguous_columns"
    )
    assert "`id`" in problem.message("en") and "`incident_id`" in problem.message("en")


def test_no_coordinates(tmp_path: Path) -> None:
    text = "id;fecha;categoria;barrio\n1;2021-01-01;ruido;Centro\n"
    problem = only(
        read_layer(write(tmp_path, "i.csv", text), "incidents").report.problems,
        "missing_coordinates",
    )
    assert "`barrio`" in problem.message("en") and "latitud" in problem.message("es")


def test_programs_keep_coordinate_columns_as_plain_columns(tmp_path: Path) -> None:
    text = "id,nombre,componente,aliado,lat,lon\nP1,Escuela,prevencion,ONG,3.54,-76.30\n"
    result = read_layer(write(tmp_path, "p.csv", text), "programs")
    assert only(result.report.problems, "coordinates_ignored").severity == "warning"
    assert result.report.ok and list(result.layer["lat"]) == ["3.54"]


def test_repeated_and_blank_header_names(tmp_path: Path) -> None:
    text = "id;fecha;categoria;lat;lon;nota;nota;\n1;2021-01-01;ruido;3,54;-76,30;a;b;\n"
    result = read_layer(write(tmp_path, "i.csv", text), "incidents")
    problem = only(result.report.problems, "duplicate_column")
    assert problem.severity == "warning" and problem.params["renamed"] == "nota_2"
    assert list(result.layer.columns) == [
        "incident_id",
        "occurred_at",
        "occurred_to",  # the date has no time: some time that day
        "category",
        "nota",
        "nota_2",
        "geometry",
    ]


def test_blank_rows_inside_the_file_are_reported(tmp_path: Path) -> None:
    text = incidents_csv().replace("\n2;", "\n;;;;\n\n2;")
    result = read_layer(write(tmp_path, "i.csv", text), "incidents")
    problem = only(result.report.problems, "blank_rows")
    assert problem.params["count"] == 2 and problem.params["lines"] == "3, 4"
    assert result.report.ok and result.report.n_rows == 3
    # and the one row with only a date (05/03/2021) is said once, for the whole file
    assert list(result.report.to_frame()["code"]) == ["blank_rows", "date_only"]
    # line numbers after the blank lines still point at the right lines
    bad = text.replace("Hurto", "Nada")
    problem = only(
        read_layer(write(tmp_path, "j.csv", bad), "incidents").report.problems, "unknown_category"
    )
    assert problem.row == 3 and problem.params["line"] == 6


def test_a_row_with_too_many_values(tmp_path: Path) -> None:
    text = "id,fecha,categoria,lat,lon\n1,2021-01-01,ruido,3.54,-76.30\n2,2021-01-01,ruido,3,54,-76,30\n"
    result = read_layer(write(tmp_path, "i.csv", text), "incidents")
    problem = only(result.report.problems, "too_many_fields")
    assert problem.row == 2 and problem.params["count"] == 7 and problem.params["expected"] == 5
    assert "decimal comma" in problem.message("en")
    assert result.report.invalid_rows == [2] and len(result.layer) == 1


def test_a_quoted_newline_keeps_row_and_line_numbers_apart(tmp_path: Path) -> None:
    text = 'id,fecha,categoria,lat,lon,nota\n1,2021-01-01,ruido,3.54,-76.30,"dos\nlineas"\n2,2021-13-01,ruido,3.54,-76.30,x\n'
    problem = only(
        read_layer(write(tmp_path, "i.csv", text), "incidents").report.problems, "bad_date"
    )
    assert (problem.row, problem.params["line"]) == (2, 4)
    assert "row 2 (line 4)" in problem.message("en") and "fila 2 (línea 4)" in problem.message("es")


def test_reference_may_be_a_layer_with_points_only(tmp_path: Path) -> None:
    reference = {
        "public_spaces": gpd.GeoDataFrame(
            {"space_id": ["E1"]},
            geometry=[box(-76.32, 3.52, -76.28, 3.56).centroid],
            crs="EPSG:4326",
        )
    }
    path = write(tmp_path, "i.csv", incidents_csv())
    result = read_layer(path, "incidents", reference=reference)
    assert result.report.ok, result.report.lines()


def test_polygon_layers_from_a_csv_need_a_wkt_column(tmp_path: Path) -> None:
    text = "id;barrio;poblacion;lat;lon\nB1;Centro;10;3,54;-76,30\n"
    result = read_layer(write(tmp_path, "barrios.csv", text), "neighborhoods")
    problem = only(result.report.problems, "missing_polygons")
    assert "WKT" in problem.message("en") and "`lat`" in problem.message("es")
    assert result.report.invalid_rows == [1]


def test_public_spaces_mix_wkt_polygons_and_points(tmp_path: Path) -> None:
    text = (
        "id,nombre,tipo,wkt,lat,lon\n"
        'E1,a,parque,"POLYGON ((-76.31 3.53, -76.30 3.53, -76.30 3.54, -76.31 3.53))",,\n'
        "E2,b,plaza,,3.54,-76.30\n"
        "E3,c,plaza,,,\n"
    )
    result = read_layer(write(tmp_path, "espacios.csv", text), "public_spaces")
    assert list(result.layer.geom_type) == ["Polygon", "Point"]
    problem = only(result.report.problems, "missing_geometry")
    assert problem.row == 3
    assert list(result.layer.columns) == ["space_id", "name", "kind", "geometry"]


def test_geojson_in_metres_without_crs(tmp_path: Path) -> None:
    frame = incidents_frame().to_crs("EPSG:9377")
    path = tmp_path / "metros.geojson"
    # GeoJSON says WGS 84 unless told otherwise; an old file in metres has no `crs` member
    path.write_text(frame.to_json(drop_id=True).replace('"crs"', '"_crs"'))
    result = read_layer(path, "incidents")
    problem = only(result.report.problems, "coordinates_look_projected")
    assert problem.params == {"count": 3, "total": 3}
    assert len(result.layer) == 0
    fixed = read_layer(path, "incidents", crs="EPSG:9377")
    assert fixed.report.ok, fixed.report.lines()
    assert_three_incidents(fixed.layer)


def test_geojson_with_swapped_axes(tmp_path: Path) -> None:
    frame = incidents_frame()
    frame.geometry = [Point(p.y, p.x) for p in frame.geometry]
    path = tmp_path / "ejes.geojson"
    pyogrio.write_dataframe(frame, path, driver="GeoJSON")
    result = read_layer(path, "incidents", reference={"neighborhoods": palmira_neighborhoods()})
    problem = only(result.report.problems, "axes_swapped")
    assert problem.row is None and "3 of 3" in problem.message("en")


def test_shapefile_column_names_cut_to_ten_characters(tmp_path: Path) -> None:
    frame = gpd.GeoDataFrame(
        {
            "incident_i": [r[0] for r in INCIDENTS],
            "occurred_a": [r[1] for r in INCIDENTS],
            "category": [r[4] for r in INCIDENTS],
        },
        geometry=[Point(r[6], r[5]) for r in INCIDENTS],
        crs="EPSG:4326",
    )
    pyogrio.write_dataframe(frame, tmp_path / "incidents.shp", driver="ESRI Shapefile")
    result = read_layer(tmp_path / "incidents.shp", "incidents")
    assert result.report.ok, result.report.lines()
    assert_three_incidents(result.layer)


def test_time_zone_aware_parquet_times_become_local(tmp_path: Path) -> None:
    frame = incidents_frame().assign(
        fecha=pd.to_datetime([r[1] for r in INCIDENTS])
        .tz_localize("America/Bogota")
        .tz_convert("UTC")
    )
    path = tmp_path / "utc.parquet"
    frame.to_parquet(path)
    result = read_layer(path, "incidents")
    assert result.report.ok, result.report.lines()
    assert_three_incidents(result.layer)


_PLAIN_CSVS = [
    "id,fecha,lat\n1,2021-01-01,3.5\n2,2021-01-02,3.6\n",
    "id;fecha;lat\r\n1;04/03/2021;3,5\r\n\r\n2;05/03/2021;3,6\r\n",
    "\ufeffid,categoría\n1,ruido\n,\n  ,\t\n\n2, riña \n\n\n",
    "id\tnota\n1\t  \n\t\n2\tx",
    "id|nota\n1|a\n\n",
    "id,nota,\n1,a,\n2,b,\n",
]


@pytest.mark.parametrize("text", _PLAIN_CSVS)
def test_the_fast_csv_reader_finds_what_the_slow_one_finds(text: str) -> None:
    data = text.encode("utf-8")
    fast = readers._fast_records(data)
    slow = readers._slow_records(readers.decode_text(data))
    assert fast is not None and slow is not None and not isinstance(slow, str)
    assert (fast.delimiter, fast.header) == (slow.delimiter, slow.header)
    assert [list(c) for c in fast.columns] == [list(c) for c in slow.columns]
    assert list(fast.starts) == list(slow.starts)
    assert fast.blank_lines == slow.blank_lines
    assert fast.row_problems == slow.row_problems == []


@pytest.mark.parametrize(
    "data",
    [
        b'id,nota\n1,"a,b"\n',  # quotes
        b"id,nota\n1,a,b\n",  # a row with too many values
        b"id,nota\n1\n",  # a short row
        "id,nota\n1,señal\n".encode("cp1252"),  # not UTF-8
        b"id,nota\r1,a\r",  # old Mac line ends
        b"\nid,nota\n1,a\n",  # the header is not on the first line
    ],
)
def test_files_the_fast_csv_reader_leaves_to_the_slow_one(data: bytes) -> None:
    assert readers._fast_records(data) is None


def test_a_file_read_by_either_csv_reader_gives_the_same_layer_and_report(tmp_path: Path) -> None:
    rows = [
        "id,fecha,categoria,lat,lon,nota",
        "1,04/03/2021 10:15 p. m.,ruido, 3.54 ,-76.30,hola",
        "2,2021-13-01,riña,3.54,-76.30,x",
        "2,2021-03-04T22:15:00-05:00,RUIDO,3.55,-76.31,y",
        "3,2021-03-04,hurto,91.0,-76.30,",
        "4,2021-03-04,null,3.54,abc, ",
        ",2021-03-04 22:15,ruido,-76.30,3.54,z",
        "5,44197,ruido,3.54,-76.30,w",
    ]
    plain = "\n".join(rows) + "\n"
    quoted = plain.replace(",hola", ',"hola"')  # one quote: read by the csv module
    assert readers._fast_records(plain.encode()) is not None
    assert readers._fast_records(quoted.encode()) is None
    fast = read_layer(write(tmp_path, "a.csv", plain), "incidents")
    slow = read_layer(write(tmp_path, "b.csv", quoted), "incidents", display_name="a.csv")
    assert fast.report.lines("en") == slow.report.lines("en")
    assert fast.report.invalid_rows == slow.report.invalid_rows
    pd.testing.assert_frame_equal(pd.DataFrame(fast.layer), pd.DataFrame(slow.layer))
