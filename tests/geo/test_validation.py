"""geo.validation: every rule names file, row, column and value; nothing is dropped silently."""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyogrio
import pytest
from numpy.testing import assert_allclose
from shapely.geometry import LineString, MultiPolygon, Point, Polygon, box

from catalog.validation import LOCATION, PROBLEM_MESSAGES
from geo import schema, settings
from geo.readers import read_layer
from geo.validation import Problem, ReadResult, Report
from tests.geo.fixtures.files import incidents_csv, palmira_neighborhoods, write

ROOT = Path(__file__).resolve().parents[2]
HEADER = "id;fecha;categoria;latitud;longitud\n"


def read_csv(
    tmp_path: Path,
    text: str,
    layer: str = "incidents",
    *,
    reference: Mapping[str, gpd.GeoDataFrame] | None = None,
) -> ReadResult:
    result = read_layer(write(tmp_path, "datos.csv", text), layer, reference=reference)
    report = result.report
    assert len(result.layer) + len(report.invalid_rows) == report.n_rows
    assert list(result.source_rows) == [
        r for r in range(1, report.n_rows + 1) if r not in report.invalid_rows
    ]
    for lang in ("en", "es"):
        report.lines(lang)  # every message formats in both languages
    return result


def problems(result: ReadResult, code: str) -> list[Problem]:
    return [p for p in result.report.problems if p.code == code]


def the(result: ReadResult, code: str) -> Problem:
    found = problems(result, code)
    assert len(found) == 1, [p.code for p in result.report.problems]
    return found[0]


def number(problem: Problem, key: str) -> float:
    """The parameter ``key`` of ``problem``, which must be a number."""
    value = problem.params[key]
    assert isinstance(value, int | float), (key, value)
    return float(value)


def names_row_and_column(problem: Problem, row: int, column: str) -> None:
    assert problem.row == row and problem.column == column
    en, es = problem.message("en"), problem.message("es")
    assert en.startswith(f"datos.csv row {row} (line {row + 1}), column `{column}`: ")
    assert es.startswith(f"datos.csv fila {row} (línea {row + 1}), columna `{column}`: ")


# -- the messages catalogue ------------------------------------------------------------


def placeholders(template: str) -> set[str]:
    return {f[1] for f in string.Formatter().parse(template) if f[1]}


def test_every_message_has_both_languages_with_the_same_placeholders() -> None:
    for code, texts in {**PROBLEM_MESSAGES, **LOCATION}.items():
        assert set(texts) == {"en", "es"}, code
        assert placeholders(texts["en"]) == placeholders(texts["es"]), code
        assert texts["en"] != texts["es"], code


def test_every_code_the_readers_emit_has_a_message_and_no_message_is_unused() -> None:
    modules = [*sorted((ROOT / "geo" / "validation").glob("*.py")), ROOT / "geo" / "readers.py"]
    modules.append(ROOT / "models" / "batch.py")  # the batch's reading of a city's files
    sources = "".join(path.read_text() for path in modules)
    emitted = set(re.findall(r'(?:\.rows|\.file)\(\s*"([a-z0-9_]+)"', sources))
    emitted |= set(re.findall(r'_problem\(\s*name,\s*layer,\s*"([a-z0-9_]+)"', sources))
    emitted |= set(
        re.findall(r'^\s*"([a-z0-9_]+)",\n\s*(?:"warning"|"error"|severity),', sources, re.M)
    )
    emitted |= set(re.findall(r'\(int\(pos\), "([a-z0-9_]+)"', sources))
    emitted |= set(re.findall(r'None, None, "([a-z0-9_]+)", "(?:warning|error)"', sources))
    emitted |= {"more_problems", "unknown_category", "unknown_component"}  # passed as variables
    assert emitted == set(PROBLEM_MESSAGES)


def test_message_numbers_follow_the_language() -> None:
    p = Problem(
        "a.csv",
        "incidents",
        1234,
        "x",
        "outside_city",
        "error",
        {"distance_km": 1234.5, "tolerance_km": 2.0, "line": 1235},
    )
    assert p.message("en").startswith("a.csv row 1,234 (line 1,235), column `x`: ")
    assert "1,234.5 km" in p.message("en")
    assert p.message("es").startswith("a.csv fila 1.234 (línea 1.235), columna `x`: ")
    assert "1.234,5 km" in p.message("es")


# -- dates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2021-03-04", "2021-03-04 00:00"),
        ("2021-03-04T22:15", "2021-03-04 22:15"),
        ("2021-03-04 22:15:07", "2021-03-04 22:15:07"),
        ("2021-03-04T22:15:00.250", "2021-03-04 22:15"),
        ("2021-03-05T03:15:00Z", "2021-03-04 22:15"),  # UTC -> Bogotá (UTC-5)
        ("2021-03-04T22:15:00-05:00", "2021-03-04 22:15"),
        ("2021-03-05T04:15:00+0100", "2021-03-04 22:15"),
        ("04/03/2021", "2021-03-04 00:00"),
        ("4/3/2021", "2021-03-04 00:00"),
        ("04-03-2021 22:15", "2021-03-04 22:15"),
        ("4/3/2021 10:15 p. m.", "2021-03-04 22:15"),
        ("4/3/2021 10:15\u00a0p.\u00a0m.", "2021-03-04 22:15"),
        ("04/03/2021 12:05 a. m.", "2021-03-04 00:05"),
        ("04/03/2021 12:05 PM", "2021-03-04 12:05"),
        ("04/03/2021 9:05:30 am", "2021-03-04 09:05:30"),
        ("2021/03/04", "2021-03-04 00:00"),
    ],
)
def test_accepted_dates_are_day_first_and_local(
    tmp_path: Path, written: str, expected: str
) -> None:
    result = read_csv(tmp_path, HEADER + f"1;{written};ruido;3,54;-76,30\n")
    assert result.report.ok, result.report.lines()
    assert result.layer.loc[0, "occurred_at"] == pd.Timestamp(expected)


@pytest.mark.parametrize(
    "written",
    [
        "31/02/2021",
        "2021-13-01",
        "2021-02-30",
        "04/03/2021 25:00",
        "04/03/2021 10:61",
        "ayer",
        "04/03/21",
        "13:00 p. m. 04/03/2021",
        "04/03/2021 13:00 a. m.",
    ],
)
def test_impossible_dates_are_errors(tmp_path: Path, written: str) -> None:
    result = read_csv(
        tmp_path, HEADER + "1;2021-01-01;ruido;3,54;-76,30\n" + f"2;{written};ruido;3,54;-76,30\n"
    )
    problem = the(result, "bad_date")
    names_row_and_column(problem, 2, "fecha")
    assert f"'{written}' is not a date (expected YYYY-MM-DD or DD/MM/YYYY" in problem.message("en")
    assert "no es una fecha válida" in problem.message("es")
    assert result.report.invalid_rows == [2] and len(result.layer) == 1


def test_excel_serial_numbers_get_a_hint(tmp_path: Path) -> None:
    result = read_csv(tmp_path, HEADER + "1;44259;ruido;3,54;-76,30\n")
    problem = the(result, "excel_serial_date")
    names_row_and_column(problem, 1, "fecha")
    assert problem.params["date"] == "04/03/2021"
    assert "04/03/2021" in problem.message("en") and "Excel" in problem.message("es")


def test_empty_required_value(tmp_path: Path) -> None:
    result = read_csv(tmp_path, HEADER + "1;;ruido;3,54;-76,30\n")
    problem = the(result, "missing_value")
    names_row_and_column(problem, 1, "fecha")
    assert "`occurred_at` is required" in problem.message("en")


def test_dates_in_the_future_or_too_old(tmp_path: Path) -> None:
    result = read_csv(
        tmp_path, HEADER + "1;01/01/2999;ruido;3,54;-76,30\n2;01/01/1850;ruido;3,54;-76,30\n"
    )
    names_row_and_column(the(result, "future_date"), 1, "fecha")
    names_row_and_column(the(result, "date_too_old"), 2, "fecha")


def test_a_separate_time_column_completes_the_date(tmp_path: Path) -> None:
    text = (
        "id;fecha;hora;categoria;lat;lon\n"
        "1;04/03/2021;22:15;ruido;3,54;-76,30\n"
        "2;04/03/2021 00:00;10:15 p. m.;ruido;3,54;-76,30\n"
        "3;04/03/2021 08:00;;ruido;3,54;-76,30\n"
        "4;04/03/2021;25:70;ruido;3,54;-76,30\n"
        "5;04/03/2021 08:00;09:00;ruido;3,54;-76,30\n"
        "6;04/03/2021 08:00;08:00;ruido;3,54;-76,30\n"
    )
    result = read_csv(tmp_path, text)
    layer = result.layer.set_index(result.source_rows)
    assert layer.loc[1, "occurred_at"] == pd.Timestamp("2021-03-04 22:15")
    assert layer.loc[2, "occurred_at"] == pd.Timestamp("2021-03-04 22:15")
    assert layer.loc[3, "occurred_at"] == pd.Timestamp("2021-03-04 08:00")
    assert layer.loc[6, "occurred_at"] == pd.Timestamp("2021-03-04 08:00")
    names_row_and_column(the(result, "bad_time"), 4, "hora")
    clash = the(result, "conflicting_time")
    names_row_and_column(clash, 5, "fecha")
    assert "08:00" in clash.message("en") and "'09:00'" in clash.message("en")
    assert "hora" not in result.layer.columns


def test_programme_end_before_start(tmp_path: Path) -> None:
    text = "id,nombre,componente,aliado,inicio,fin\nP1,A,prevencion,ONG,01/03/2021,01/02/2021\nP2,B,prevencion,ONG,01/03/2021,\n"
    result = read_csv(tmp_path, text, "programs")
    problem = the(result, "end_before_start")
    names_row_and_column(problem, 1, "fin")
    assert "'01/02/2021'" in problem.message("en") and "'01/03/2021'" in problem.message("en")
    assert "`inicio`" in problem.message("es")
    assert list(result.source_rows) == [2] and pd.isna(result.layer.loc[0, "end"])


# -- categories, components and choices ---------------------------------------------------------


def test_categories_in_english_or_spanish(tmp_path: Path) -> None:
    names = [
        "Homicidio",
        "LESIONES PERSONALES",
        "delito_sexual",
        "Riña",
        "amenaza",
        "ruido",
        "Grafiti",
        "VIF",
        "hurto",
        "otro",
        "theft",
    ]
    rows = "".join(f"{i};2021-01-01;{n};3,54;-76,30\n" for i, n in enumerate(names))
    result = read_csv(tmp_path, HEADER + rows)
    assert result.report.ok, result.report.lines()
    assert list(result.layer["category"]) == [
        "homicide",
        "injury",
        "sexual",
        "fight",
        "threat",
        "noise",
        "graffiti",
        "domestic",
        "theft",
        "other",
        "theft",
    ]


def test_unknown_category_lists_the_accepted_names(tmp_path: Path) -> None:
    result = read_csv(
        tmp_path, HEADER + "1;2021-01-01;ruido;3,54;-76,30\n2;2021-01-01;Extorsión;3,54;-76,30\n"
    )
    problem = the(result, "unknown_category")
    names_row_and_column(problem, 2, "categoria")
    assert "'Extorsión'" in problem.message("en")
    for code, cat in schema.CATEGORIES.items():
        assert code in problem.message("en")
        assert cat.label_es.split(" (")[0].lower() in problem.message("es")


def test_unknown_component(tmp_path: Path) -> None:
    text = "id,nombre,componente,aliado\nP1,A,Represión,ONG\n"
    problem = the(read_csv(tmp_path, text, "programs"), "unknown_component")
    names_row_and_column(problem, 1, "componente")
    assert "safe_environments" in problem.message("en") and "Entornos seguros" in problem.message(
        "es"
    )


def test_choices_in_spanish_and_unknown_choices(tmp_path: Path) -> None:
    text = (
        "id,nombre,tipo,estado,iluminacion,activacion,lat,lon\n"
        "E1,A,plaza,Regular,Buena,Inactivo,3.54,-76.30\n"
        "E2,B,plaza,excelente,sin,planeada,3.54,-76.30\n"
        "E3,C,plaza,bonito,,,3.54,-76.30\n"
    )
    result = read_csv(tmp_path, text, "public_spaces")
    layer = result.layer
    assert list(layer["condition"]) == ["fair", "good"]
    assert list(layer["lighting"]) == ["good", "none"]
    assert list(layer["activation_status"]) == ["inactive", "planned"]
    problem = the(result, "unknown_choice")
    names_row_and_column(problem, 3, "estado")
    assert "good, fair, poor" in problem.message(
        "en"
    ) and "bueno, regular, malo" in problem.message("es")


# -- numbers -------------------------------------------------------------------------------------


def test_thousands_separators_follow_the_file(tmp_path: Path) -> None:
    semicolon = "id;barrio;poblacion;vulnerabilidad;wkt\nB1;A;12.345;0,35;POLYGON ((0 0, 1 0, 1 1, 0 0))\nB2;B;1.234.567;1.250,5;POLYGON ((0 0, 1 0, 1 1, 0 0))\nB3;C;800;0.4;POLYGON ((0 0, 1 0, 1 1, 0 0))\n"
    result = read_csv(tmp_path, semicolon, "neighborhoods")
    assert result.report.ok, result.report.lines()
    assert list(result.layer["population"]) == [12345, 1234567, 800]
    assert_allclose(result.layer["vulnerability"], [0.35, 1250.5, 0.4])
    comma = 'id,barrio,poblacion,vulnerabilidad,wkt\nB1,A,"12,345",0.35,"POLYGON ((0 0, 1 0, 1 1, 0 0))"\nB2,B,12.345,"0,5","POLYGON ((0 0, 1 0, 1 1, 0 0))"\n'
    result = read_csv(tmp_path, comma, "neighborhoods")
    assert list(result.layer["population"]) == [12345]
    names_row_and_column(the(result, "not_an_integer"), 2, "poblacion")


def test_number_rules(tmp_path: Path) -> None:
    text = (
        "id;barrio;poblacion;estrato;jovenes;wkt\n"
        "B1;A;abc;3;;POLYGON ((0 0, 1 0, 1 1, 0 0))\n"
        "B2;B;12,5;3;;POLYGON ((0 0, 1 0, 1 1, 0 0))\n"
        "B3;C;100;7;;POLYGON ((0 0, 1 0, 1 1, 0 0))\n"
        "B4;D;100;0;-5;POLYGON ((0 0, 1 0, 1 1, 0 0))\n"
        "B5;E;100;6;20;POLYGON ((0 0, 1 0, 1 1, 0 0))\n"
    )
    result = read_csv(tmp_path, text, "neighborhoods")
    not_int = problems(result, "not_an_integer")
    assert [(p.row, p.column) for p in not_int] == [(1, "poblacion"), (2, "poblacion")]
    assert "'abc' is not a whole number" in not_int[0].message("en")
    ranges = problems(result, "out_of_range")
    assert [(p.row, p.column) for p in ranges] == [(3, "estrato"), (4, "estrato")]
    assert "7 is outside the allowed range, 1 to 6" in ranges[0].message("en")
    assert "de 1 a 6" in ranges[0].message("es")
    negative = the(result, "negative_value")
    names_row_and_column(negative, 4, "jovenes")
    assert list(result.layer["youth_population"]) == [20]
    assert result.layer["youth_population"].dtype == "int64"


def test_negative_cost(tmp_path: Path) -> None:
    text = "id,nombre,tipo,costo,lat,lon\nE1,A,parque,-500,3.54,-76.30\nE2,B,parque,$ 1.500.000,3.54,-76.30\n"
    result = read_csv(tmp_path, text, "public_spaces")
    problem = the(result, "negative_value")
    names_row_and_column(problem, 1, "costo")
    assert "-500 is negative" in problem.message(
        "en"
    ) and "no puede ser negativo" in problem.message("es")
    assert list(result.layer["activation_cost"]) == [1_500_000.0]


# -- ids ----------------------------------------------------------------------------------------


def test_missing_and_duplicate_ids(tmp_path: Path) -> None:
    rows = "1;2021-01-01;ruido;3,54;-76,30\n;2021-01-01;ruido;3,54;-76,30\n2;2021-01-01;ruido;3,54;-76,30\n1;2021-01-01;ruido;3,54;-76,30\n1;2021-01-01;ruido;3,54;-76,30\n"
    result = read_csv(tmp_path, HEADER + rows)
    names_row_and_column(the(result, "missing_value"), 2, "id")
    dups = problems(result, "duplicate_id")
    assert [p.row for p in dups] == [4, 5]
    assert all(p.params["first_row"] == 1 for p in dups)
    assert "the id '1' is repeated: row 1 already uses it" in dups[0].message("en")
    assert "la fila 1 ya lo usa" in dups[0].message("es")
    assert result.report.invalid_rows == [2, 4, 5]
    assert list(result.layer["incident_id"]) == ["1", "2"]


def test_ids_repeated_only_once_cleaned_are_duplicates(tmp_path: Path) -> None:
    rows = "1;2021-01-01;ruido;3,54;-76,30\n 1 ;2021-01-01;ruido;3,54;-76,30\n"
    dups = problems(read_csv(tmp_path, HEADER + rows), "duplicate_id")
    assert [(p.row, p.params["first_row"]) for p in dups] == [(2, 1)]


def test_a_duplicate_id_far_apart_in_a_large_file(tmp_path: Path) -> None:
    n = 30_000
    ids = [f"INC-{k}" for k in range(n)] + ["INC-0"]
    rows = "".join(f"{i};2021-01-01 10:{k % 60:02d};ruido;3,54;-76,30\n" for k, i in enumerate(ids))
    result = read_csv(tmp_path, HEADER + rows)
    dups = problems(result, "duplicate_id")
    assert [(p.row, p.params["first_row"]) for p in dups] == [(n + 1, 1)]
    assert len(result.layer) == n


# -- geometries -----------------------------------------------------------------------------------


def test_missing_coordinates_per_row(tmp_path: Path) -> None:
    rows = "1;2021-01-01;ruido;;\n2;2021-01-01;ruido;3,54;\n3;2021-01-01;ruido;norte;-76,30\n"
    result = read_csv(tmp_path, HEADER + rows)
    missing = the(result, "missing_geometry")
    assert missing.row == 1 and missing.column == "latitud/longitud"
    names_row_and_column(the(result, "missing_coordinate"), 2, "longitud")
    nan = the(result, "not_a_number")
    names_row_and_column(nan, 3, "latitud")
    assert "'norte' is not a number" in nan.message("en")
    assert result.report.invalid_rows == [1, 2, 3]


def write_geojson(
    tmp_path: Path, geoms: list[object], layer: str, columns: dict[str, list[object]]
) -> Path:
    path = tmp_path / "datos.geojson"
    frame = gpd.GeoDataFrame(columns, geometry=geoms, crs="EPSG:4326")
    pyogrio.write_dataframe(frame, path, driver="GeoJSON")
    return path


def neighborhoods_file(tmp_path: Path, geoms: list[object]) -> ReadResult:
    n = len(geoms)
    path = write_geojson(
        tmp_path,
        geoms,
        "neighborhoods",
        {"id": [f"B{i}" for i in range(n)], "nombre": ["x"] * n, "poblacion": [10] * n},
    )
    result = read_layer(path, "neighborhoods")
    assert len(result.layer) + len(result.report.invalid_rows) == result.report.n_rows == n
    return result


def test_wrong_geometry_types(tmp_path: Path) -> None:
    square = box(-76.31, 3.53, -76.30, 3.54)
    multi = MultiPolygon([square, box(-76.29, 3.53, -76.28, 3.54)])
    line = LineString([(-76.31, 3.53), (-76.30, 3.54)])
    result = neighborhoods_file(tmp_path, [square, multi, line, Point(-76.3, 3.54)])
    wrong = problems(result, "wrong_geometry_type")
    assert [(p.row, p.column) for p in wrong] == [(3, "geometry"), (4, "geometry")]
    assert (
        wrong[0].message("en")
        == "datos.geojson row 3, column `geometry`: the geometry is a LineString, but `neighborhoods` needs a Polygon or MultiPolygon"
    )
    assert "necesita un polígono" in wrong[1].message("es")
    assert list(result.layer.geom_type) == ["Polygon", "MultiPolygon"]


def test_public_spaces_may_be_points_or_polygons(tmp_path: Path) -> None:
    path = write_geojson(
        tmp_path,
        [Point(-76.3, 3.54), box(-76.31, 3.53, -76.30, 3.54), LineString([(0, 0), (1, 1)])],
        "public_spaces",
        {"id": ["E1", "E2", "E3"], "nombre": ["a", "b", "c"], "tipo": ["parque"] * 3},
    )
    result = read_layer(path, "public_spaces")
    assert result.report.invalid_rows == [3]
    assert "a Point, Polygon or MultiPolygon" in the(result, "wrong_geometry_type").message("en")


def test_empty_and_missing_geometries(tmp_path: Path) -> None:
    text = "id;barrio;poblacion;wkt\nB1;A;1;POLYGON EMPTY\nB2;B;1;\nB3;C;1;POLYGON ((0 0, 1 1))\nB4;D;1;POLYGON ((0 0, 1 0, 1 1, 0 0))\n"
    result = read_csv(tmp_path, text, "neighborhoods")
    names_row_and_column(the(result, "empty_geometry"), 1, "wkt")
    names_row_and_column(the(result, "missing_geometry"), 2, "wkt")
    bad = the(result, "bad_wkt")
    names_row_and_column(bad, 3, "wkt")
    assert "'POLYGON ((0 0, 1 1))' is not a WKT geometry" in bad.message("en")
    assert list(result.source_rows) == [4]


def test_invalid_polygons_are_repaired_or_rejected(tmp_path: Path) -> None:
    # a 1 km square whose last corner folds over by a few metres: repairable
    d = 0.0001
    slight = Polygon(
        [
            (-76.31, 3.53),
            (-76.30, 3.53),
            (-76.30, 3.54),
            (-76.31 - d, 3.53 + d),
            (-76.31, 3.53 + 2 * d),
        ]
    )
    bowtie = Polygon([(-76.31, 3.53), (-76.30, 3.54), (-76.30, 3.53), (-76.31, 3.54)])
    assert not slight.is_valid and not bowtie.is_valid
    result = neighborhoods_file(tmp_path, [slight, bowtie])
    repaired = the(result, "repaired_geometry")
    assert repaired.severity == "repaired" and repaired.row == 1 and repaired.column == "geometry"
    assert "was repaired" in repaired.message("en") and "se reparó" in repaired.message("es")
    assert number(repaired, "change_pct") <= settings.max_repair_area_change * 100
    rejected = the(result, "invalid_geometry")
    assert rejected.row == 2 and rejected.severity == "error"
    assert "its outline crosses itself" in rejected.message("en")
    assert "su contorno se cruza" in rejected.message("es")
    assert result.report.ok is False and result.report.invalid_rows == [2]
    assert result.layer.geometry.is_valid.all()
    kept = result.layer.geometry.to_crs("EPSG:9377").area
    assert_allclose(
        kept, gpd.GeoSeries([slight.buffer(0)], crs=4326).to_crs("EPSG:9377").area, rtol=0.02
    )


# -- locations -------------------------------------------------------------------------------------


REFERENCE = {"neighborhoods": palmira_neighborhoods()}


def test_points_in_the_city_are_fine(tmp_path: Path) -> None:
    result = read_csv(tmp_path, incidents_csv(), reference=REFERENCE)
    # no location problem; the one row with only a date (05/03/2021) is said for the file
    assert result.report.ok and [p.code for p in result.report.problems] == ["date_only"]


def test_a_swapped_row_against_the_reference(tmp_path: Path) -> None:
    rows = "1;2021-01-01;ruido;3,54;-76,30\n2;2021-01-01;ruido;-76,30;3,54\n"
    result = read_csv(tmp_path, HEADER + rows, reference=REFERENCE)
    problem = the(result, "swapped_latlon")
    names_row_and_column(problem, 2, "latitud/longitud")
    assert "latitude -76,30 and longitude 3,54 look swapped" in problem.message("en")
    assert "parecen intercambiadas" in problem.message("es")


def test_swapped_columns_are_one_file_error(tmp_path: Path) -> None:
    rows = "".join(f"{i};2021-01-01;ruido;-76,30{i};3,54{i}\n" for i in range(1, 6))
    result = read_csv(tmp_path, HEADER + rows, reference=REFERENCE)
    problem = the(result, "columns_swapped")
    assert problem.row is None and problem.params["count"] == 5
    assert "`latitud` and `longitud` look swapped" in problem.message("en")
    assert problems(result, "swapped_latlon") == [] and len(result.layer) == 0


def test_swapped_rows_without_reference_use_the_files_majority(tmp_path: Path) -> None:
    rows = "".join(f"{i};2021-01-01;ruido;3,54{i};-76,30{i}\n" for i in range(1, 6))
    rows += "6;2021-01-01;ruido;-76,301;3,541\n"
    result = read_csv(tmp_path, HEADER + rows)
    names_row_and_column(the(result, "swapped_latlon"), 6, "latitud/longitud")


def test_a_whole_file_swapped_with_nothing_to_compare_is_one_file_error(tmp_path: Path) -> None:
    # every row swapped, no other layer: as given the points are in Antarctica
    rows = "".join(f"{i};2021-01-01;ruido;-76,30{i};3,54{i}\n" for i in range(1, 6))
    result = read_csv(tmp_path, HEADER + rows)
    problem = the(result, "all_columns_swapped")
    assert problem.row is None and problem.severity == "error"
    assert problem.params["count"] == 5 and problem.params["total"] == 5
    assert len(result.layer) == 0 and result.report.invalid_rows == [1, 2, 3, 4, 5]
    en, es = problem.message("en"), problem.message("es")
    assert "Antarctica" in en and "in Colombia" in en
    assert "Exchange the names of the columns `latitud` and `longitud`" in en
    assert (
        "Antártida" in es and "Intercambie los nombres de las columnas `latitud` y `longitud`" in es
    )
    assert "latitud -76,3" in es  # the numbers follow the language
    assert problems(result, "far_from_others") == []


def test_a_single_swapped_row_is_a_whole_file_too(tmp_path: Path) -> None:
    result = read_csv(tmp_path, HEADER + "1;2021-01-01;ruido;-76,30;3,54\n")
    assert the(result, "all_columns_swapped").params["total"] == 1


def test_a_swapped_geojson_says_the_axis_order_is_wrong(tmp_path: Path) -> None:
    frame = gpd.GeoDataFrame(
        {"id": ["1", "2"], "fecha": ["2021-01-01"] * 2, "categoria": ["ruido"] * 2},
        geometry=[Point(3.541, -76.301), Point(3.542, -76.302)],  # x = latitude: swapped
        crs="EPSG:4326",
    )
    path = tmp_path / "incidentes.geojson"
    frame.to_file(path, driver="GeoJSON")
    problem = the(read_layer(path, "incidents"), "all_axes_swapped")
    assert "wrong axis order" in problem.message("en") and "orden de ejes" in problem.message("es")


@pytest.mark.parametrize(
    ("lat", "lon"),
    [("3,54", "-76,30"), ("-34,60", "-58,38"), ("-54,80", "-68,30"), ("40,42", "-3,70")],
    ids=["Palmira", "Buenos Aires", "Ushuaia", "Madrid"],
)
def test_real_cities_as_given_are_not_called_swapped(tmp_path: Path, lat: str, lon: str) -> None:
    rows = "".join(f"{i};2021-01-01;ruido;{lat}{i};{lon}{i}\n" for i in range(1, 4))
    result = read_csv(tmp_path, HEADER + rows)
    assert problems(result, "all_columns_swapped") == [] and len(result.layer) == 3


def test_the_readers_own_words_are_a_detail_after_ours(tmp_path: Path) -> None:
    path = write(tmp_path, "incidentes.geojson", '{"type": "FeatureCollection", "features": [')
    problem = the(read_layer(path, "incidents"), "unreadable")
    assert problem.detail and problem.detail.isascii()  # GDAL's English, kept as it is
    for lang, ours in (("en", "the file is damaged"), ("es", "el archivo está dañado")):
        short = problem.message(lang, with_detail=False)
        assert ours in short and problem.detail not in short
        assert problem.message(lang).endswith(f"{problem.detail})")
    frame = read_layer(path, "incidents").report.to_frame("es", with_detail=False)
    assert frame["detail"].iloc[0] == problem.detail
    assert problem.detail not in frame["message"].iloc[0]


def test_a_longitude_beyond_90_in_the_latitude_column_is_swapped(tmp_path: Path) -> None:
    rows = "1;2021-01-01;ruido;-99,13;19,43\n"
    result = read_csv(tmp_path, HEADER + rows)
    names_row_and_column(the(result, "swapped_latlon"), 1, "latitud/longitud")


def test_points_outside_the_city_say_how_far(tmp_path: Path) -> None:
    rows = "1;2021-01-01;ruido;3,54;-76,30\n2;2021-01-01;ruido;3,4516;-76,5320\n"  # row 2: Cali
    result = read_csv(tmp_path, HEADER + rows, reference=REFERENCE)
    problem = the(result, "outside_city")
    names_row_and_column(problem, 2, "latitud/longitud")
    assert 20 < number(problem, "distance_km") < 25
    assert re.search(r"is 2\d\.\d km outside the city", problem.message("en"))
    assert re.search(r"a 2\d,\d km por fuera de la ciudad", problem.message("es"))


def test_tolerance_around_the_city(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = "1;2021-01-01;ruido;3,575;-76,30\n"  # about 550 m north of the reference
    assert read_csv(tmp_path, HEADER + rows, reference=REFERENCE).report.ok
    monkeypatch.setattr(settings, "outside_tolerance_m", 100.0)
    result = read_csv(tmp_path, HEADER + rows, reference=REFERENCE)
    assert the(result, "outside_city").params["distance_km"] == 0.6


def test_the_reference_falls_back_to_the_other_layers_extents(tmp_path: Path) -> None:
    spaces = gpd.GeoDataFrame(
        {"space_id": ["E1", "E2"]},
        geometry=[Point(-76.32, 3.52), Point(-76.28, 3.56)],
        crs="EPSG:4326",
    )
    rows = "1;2021-01-01;ruido;3,54;-76,30\n2;2021-01-01;ruido;3,4516;-76,5320\n"
    result = read_csv(
        tmp_path, HEADER + rows, reference={"public_spaces": spaces, "incidents": spaces.iloc[:0]}
    )
    assert the(result, "outside_city").row == 2


def test_far_from_the_other_rows_without_reference(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = "".join(f"{i};2021-01-01;ruido;3,54{i};-76,30{i}\n" for i in range(1, 6))
    rows += "6;2021-01-01;ruido;6,2442;-75,5812\n"  # Medellín, ~300 km away
    result = read_csv(tmp_path, HEADER + rows)
    problem = the(result, "far_from_others")
    names_row_and_column(problem, 6, "latitud/longitud")
    assert 250 < number(problem, "distance_km") < 350
    assert "from the middle of the file's other locations" in problem.message("en")


def test_metres_given_as_degrees(tmp_path: Path) -> None:
    rows = "".join(f"{i};2021-01-01;ruido;3,54{i};-76,30{i}\n" for i in range(1, 4))
    rows += "4;2021-01-01;ruido;1950123,5;4612345,2\n"
    result = read_csv(tmp_path, HEADER + rows)
    problem = the(result, "projected_as_degrees")
    names_row_and_column(problem, 4, "latitud/longitud")
    assert "look like projected metres" in problem.message("en") and "x/y" in problem.message("es")
    rows = "".join(f"{i};2021-01-01;ruido;195012{i},5;461234{i},2\n" for i in range(1, 4))
    result = read_csv(tmp_path, HEADER + rows)
    problem = the(result, "coordinates_look_projected")
    assert problem.row is None and problem.params["count"] == 3 and len(result.layer) == 0


def test_latitude_out_of_range(tmp_path: Path) -> None:
    rows = "1;2021-01-01;ruido;95;-176\n"
    names_row_and_column(
        the(read_csv(tmp_path, HEADER + rows), "coordinate_out_of_range"), 1, "latitud/longitud"
    )


def test_unknown_neighborhood_ids_are_warnings(tmp_path: Path) -> None:
    text = "id,nombre,componente,aliado,id_barrio\nP1,A,prevencion,ONG,B1\nP2,B,prevencion,ONG,B9\n"
    result = read_csv(tmp_path, text, "programs", reference=REFERENCE)
    problem = the(result, "unknown_neighborhood")
    assert problem.severity == "warning" and problem.row == 2 and result.report.ok


# -- reports --------------------------------------------------------------------------------------


def test_problems_of_one_kind_are_capped_but_rows_are_all_counted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(settings, "max_problems_listed", 3)
    rows = "".join(f"{i};31/02/2021;ruido;3,54;-76,30\n" for i in range(1, 11))
    rows += "11;2021-01-01;pelea de gallos;3,54;-76,30\n"
    result = read_csv(tmp_path, HEADER + rows)
    bad = problems(result, "bad_date")
    assert [p.row for p in bad] == [1, 2, 3]
    more = the(result, "more_problems")
    assert more.params == {"count": 7, "first_row": 4, "last_row": 10, "problem": "bad_date"}
    assert more.column == "fecha" and more.severity == "error"
    assert more.message("en") == (
        "datos.csv, column `fecha`: more rows with the same problem (`bad_date`), "
        "not listed one by one: 7, from row 4 to row 10"
    )
    assert result.report.invalid_rows == list(range(1, 12))
    assert result.report.n_valid == 0


def test_report_frame_and_lines_put_the_whole_file_first() -> None:
    problems_ = [
        Problem("f.csv", "incidents", 5, "fecha", "bad_date", "error", {"value": "x"}),
        Problem(
            "f.csv",
            "incidents",
            2,
            "categoria",
            "unknown_category",
            "error",
            {"value": "y", "accepted": "z"},
        ),
        Problem(
            "f.csv", "incidents", None, None, "blank_rows", "warning", {"count": 1, "lines": "3"}
        ),
        Problem(
            "f.csv",
            "incidents",
            7,
            "wkt",
            "repaired_geometry",
            "repaired",
            {"reason": "r", "change_pct": 0.5},
        ),
    ]
    report = Report("f.csv", "incidents", n_rows=8, problems=problems_)
    assert report.invalid_rows == [2, 5] and report.n_valid == 6 and not report.ok
    frame = report.to_frame("es")
    assert list(frame.columns) == ["row", "column", "severity", "code", "message", "detail"]
    assert list(frame["code"]) == [
        "blank_rows",
        "unknown_category",
        "bad_date",
        "repaired_geometry",
    ]
    assert frame["row"].isna().tolist() == [True, False, False, False]
    assert frame["message"].iloc[2].startswith("f.csv fila 5, columna `fecha`: 'x' no es una fecha")
    assert report.lines("en")[0] == "f.csv: blank rows skipped: 1 (lines 3)"
    assert Report("f.csv", "incidents", 2, problems_[2:]).ok


def test_results_keep_the_records_number(tmp_path: Path) -> None:
    rows = "1;2021-01-01;ruido;3,54;-76,30\n2;x;ruido;3,54;-76,30\n3;2021-01-01;ruido;3,54;-76,30\n"
    result = read_csv(tmp_path, HEADER + rows)
    assert list(result.source_rows) == [1, 3]
    assert list(result.layer["incident_id"]) == ["1", "3"]
    assert list(result.layer.index) == [0, 1]


def test_a_large_file_lists_exactly_its_bad_rows(tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    n = 20_000
    stamps = pd.Timestamp("2019-01-01") + pd.to_timedelta(rng.integers(0, 10**6, n), unit="min")
    frame = pd.DataFrame(
        {
            "id": np.arange(n),
            "fecha": stamps.strftime("%d/%m/%Y %H:%M"),
            "categoria": rng.choice(["Hurto", "riña", "ruido"], n),
            "latitud": (3.54 + rng.normal(0, 0.005, n)).round(6),
            "longitud": (-76.30 + rng.normal(0, 0.005, n)).round(6),
        }
    )
    frame.loc[[10, 500, 19_999], "fecha"] = "31/02/2021"
    path = tmp_path / "grande.csv"
    frame.to_csv(path, sep=";", decimal=",", index=False)
    result = read_layer(path, "incidents", reference=REFERENCE)
    assert result.report.invalid_rows == [11, 501, 20_000]
    assert len(result.layer) == n - 3


_ODD_TEXT = [
    "a",
    " b",
    "null",
    "NULL",
    "x\u00a0y",
    "",
    None,
    "sin datos",
    "-",
    "ok\t",
    "\u2003z",
    "\u017fin dato",
    "3,54",
    " -76.30 ",
    "1.234.567",
    "7e3",
    "+3.5",
    "n/a",
]


def _arrow(values: list[str | None]) -> pd.Series:
    return pd.Series(pd.arrays.ArrowExtensionArray(pa.chunked_array([values], pa.string())))


@pytest.mark.parametrize("repeat", [1, 3000])
def test_arrow_strings_give_the_text_and_numbers_python_strings_give(repeat: int) -> None:
    from geo.validation.parsing import _parse_numbers, _plain_text, _text

    values = _ODD_TEXT * repeat
    fast, slow = _arrow(values), pd.Series(values, dtype=object)
    expected = _plain_text(slow).tolist()
    assert _text(fast).tolist() == expected
    assert _text(slow).tolist() == expected  # Python strings go the Arrow way too
    assert _text(slow.astype("category")).tolist() == expected  # a Parquet dictionary column
    for storage in ("pyarrow", "python"):  # pandas' own text columns
        assert _text(slow.astype(pd.StringDtype(storage))).tolist() == expected
    mixed = pd.Series([*values, 7, 2.5, True], dtype=object)  # not all text: value by value
    assert _text(mixed).tolist() == [*expected, "7", "2.5", "True"]
    for mode in ("coordinate", "int", "float"):
        for decimal in (",", ".", None):
            a = _parse_numbers(fast, decimal=decimal, mode=mode)
            b = _parse_numbers(slow, decimal=decimal, mode=mode)
            np.testing.assert_array_equal(a.status, b.status)
            np.testing.assert_array_equal(a.values, b.values)


def test_plain_iso_dates_read_fast_as_the_general_pattern_reads_them() -> None:
    from geo.validation.parsing import _parse_datetimes, _parse_unique_datetimes

    values = [
        "2021-03-04",
        "2021-03-04 22:15",
        "2021-03-04T22:15:07",
        "2021-02-29 10:00",
        "2020-02-29",
        "2021-13-01",
        "2021-04-31 00:00:00",
        "1999-12-31 23:59:59",
        "2000-01-01T00:00",
        "1900-01-01",
        "2099-12-31 23:59",
    ]
    fast = _parse_datetimes(pd.Series(values, dtype=object), tz=settings.timezone)
    general = _parse_unique_datetimes(pd.Series(values, dtype=object), tz=settings.timezone)
    np.testing.assert_array_equal(fast.status, general.status)
    np.testing.assert_array_equal(fast.values, general.values)
    np.testing.assert_array_equal(fast.has_time, general.has_time)
    assert fast.hint is not None and general.hint is not None
    assert list(fast.hint) == list(general.hint)


@pytest.mark.parametrize("centre", [(-76.30, 3.54), (-74.08, 4.61), (-70.0, 12.4), (10.0, -45.0)])
def test_points_taken_as_near_without_projection_are_well_inside_the_limit(
    centre: tuple[float, float],
) -> None:
    from geo.crs import choose_projected_crs
    from geo.validation.location import _project, _surely_near

    mlon, mlat = centre
    limit = settings.outlier_distance_m
    rng = np.random.default_rng(7)
    lon = mlon + rng.uniform(-1.5, 1.5, 20_000)
    lat = mlat + rng.uniform(-1.5, 1.5, 20_000)
    near = _surely_near(lon, lat, mlon, mlat, limit)
    assert 0 < near.sum() < len(lon)
    metric = choose_projected_crs(mlon, mlat)
    x, y = _project(lon[near], lat[near], metric)
    (cx,), (cy,) = _project(np.array([mlon]), np.array([mlat]), metric)
    assert np.hypot(x - cx, y - cy).max() < limit / 4
