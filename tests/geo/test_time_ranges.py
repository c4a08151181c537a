"""Incidents whose time is a range or only a date: ``occurred_to`` read, checked and filled."""

from __future__ import annotations

import warnings
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Point

from geo import schema
from geo.importer import import_file
from geo.readers import read_layer
from geo.validation import Problem, ReadResult, column_names
from geo.workspace import Workspace
from tests.geo.fixtures.files import write

DAY_END = pd.Timedelta(hours=23, minutes=59, seconds=59)
T = pd.Timestamp


def read_csv(tmp_path: Path, text: str, name: str = "datos.csv") -> ReadResult:
    result = read_layer(write(tmp_path, name, text), "incidents")
    report = result.report
    assert len(result.layer) + len(report.invalid_rows) == report.n_rows
    for lang in ("en", "es"):
        report.lines(lang)  # every message formats in both languages
    return result


def problems(result: ReadResult, code: str) -> list[Problem]:
    return [p for p in result.report.problems if p.code == code]


def by_row(result: ReadResult) -> pd.DataFrame:
    return pd.DataFrame(result.layer.drop(columns="geometry")).set_index(result.source_rows)


def rows(header: str, *values: str) -> str:
    """A CSV of incidents at Palmira's centre: ``header`` (without the coordinates), then rows."""
    return f"{header};lat;lon\n" + "".join(f"{v};3,54;-76,30\n" for v in values)


# -- the schema ------------------------------------------------------------------------------


def test_occurred_to_is_an_optional_datetime_that_ends_occurred_at() -> None:
    spec = schema.SPECS["incidents"]
    col = spec.column("occurred_to")
    assert (col.kind, col.required, col.ends) == ("datetime", False, "occurred_at")
    assert "occurred_to" in spec.optional
    # only the end of a range ends something
    ends = [(s.name, c.name) for s in schema.SPECS.values() for c in s.columns if c.ends]
    assert ends == [("incidents", "occurred_to")]
    assert schema.DAY_END.total_seconds() == 86_399


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("Fecha hasta", "occurred_to"),
        ("FECHA_FIN", "occurred_to"),
        ("Fecha final", "occurred_to"),
        ("hasta", "occurred_to"),
        ("occurred_until", "occurred_to"),
        ("end", "occurred_to"),
        ("ended_at", "occurred_to"),
        ("occurred_to", "occurred_to"),
        ("Fecha desde", "occurred_at"),
        ("desde", "occurred_at"),
        ("Fecha de inicio", "occurred_at"),
        ("fecha", "occurred_at"),
        ("hora", "time"),
    ],
)
def test_spanish_and_english_names_of_the_range(header: str, role: str) -> None:
    key = " ".join(w for w in schema.normalize_token(header).split() if w not in {"de", "del"})
    assert column_names(schema.SPECS["incidents"])[key] == role


def test_no_alias_of_the_incidents_hides_a_time_or_coordinate_column() -> None:
    from geo.validation.columns import _TIME_NAMES, _WKT_NAMES

    taken = {*schema.LAT_NAMES, *schema.LON_NAMES, *schema.X_NAMES, *schema.Y_NAMES}
    taken |= {*_TIME_NAMES, *_WKT_NAMES}
    assert not taken & set(schema.SPECS["incidents"].aliases)


# -- rows with only a date --------------------------------------------------------------------


def test_rows_with_only_a_date_last_the_whole_day_and_are_said_once(tmp_path: Path) -> None:
    result = read_csv(
        tmp_path,
        rows(
            "id;fecha;categoria",
            "1;04/03/2021;hurto",
            "2;04/03/2021 22:15;hurto",
            "3;2021-03-05;hurto",
            "4;2021-03-05 00:00;hurto",  # written with a time: 00:00 is a time
            "5;06/03/2021;hurto",
        ),
    )
    assert result.report.ok, result.report.lines()
    layer = by_row(result)
    # occurred_at is never moved: a date alone stays at midnight
    assert list(layer["occurred_at"]) == [
        T("2021-03-04"),
        T("2021-03-04 22:15"),
        T("2021-03-05"),
        T("2021-03-05"),
        T("2021-03-06"),
    ]
    assert layer["occurred_to"].dtype == layer["occurred_at"].dtype
    assert layer.loc[1, "occurred_to"] == T("2021-03-04 23:59:59")
    assert layer.loc[3, "occurred_to"] == T("2021-03-05 23:59:59")
    assert layer.loc[5, "occurred_to"] == T("2021-03-06 23:59:59")
    assert layer.loc[[2, 4], "occurred_to"].isna().all()
    [warning] = result.report.problems
    assert (warning.code, warning.severity, warning.row, warning.column) == (
        "date_only",
        "warning",
        None,
        "fecha",
    )
    assert (warning.params["count"], warning.params["total"]) == (3, 5)
    en, es = warning.message("en"), warning.message("es")
    assert en.startswith("datos.csv, column `fecha`: 3 of 5 rows have a date but no time of day")
    assert "monthly series" in en and "hour-of-week" in en and "`occurred_to`" in en
    assert es.startswith("datos.csv, columna `fecha`: 3 de 5 filas tienen fecha pero no hora")
    assert "series mensuales" in es and "hora de la semana" in es


def test_a_file_of_dates_only_is_valid_with_one_warning(tmp_path: Path) -> None:
    """Many police exports give only a date: every row is kept, the report has one line."""
    days = pd.date_range("2021-01-01", periods=600, freq="D")
    text = rows("id;fecha;categoria", *(f"{k};{d:%d/%m/%Y};riña" for k, d in enumerate(days)))
    result = read_csv(tmp_path, text)
    assert result.report.ok and result.report.n_valid == 600
    [warning] = result.report.problems  # one line for the file, not one per row
    assert warning.code == "date_only" and warning.params["count"] == 600
    layer = result.layer
    assert (layer["occurred_at"] == layer["occurred_at"].dt.normalize()).all()
    assert (layer["occurred_to"] - layer["occurred_at"] == DAY_END).all()


def test_rows_with_a_time_add_no_column_and_no_warning(tmp_path: Path) -> None:
    result = read_csv(tmp_path, rows("id;fecha;categoria", "1;04/03/2021 00:00;riña"))
    assert result.report.problems == []
    assert "occurred_to" not in result.layer.columns


def test_the_warning_counts_only_the_rows_kept(tmp_path: Path) -> None:
    result = read_csv(
        tmp_path,
        rows(
            "id;fecha;categoria",
            "1;04/03/2021;riña",
            "2;04/03/2021;extorsión",  # an error: the row is not kept, nor counted
            "3;04/03/2021 10:00;riña",
        ),
    )
    assert result.report.invalid_rows == [2]
    [warning] = problems(result, "date_only")
    assert (warning.params["count"], warning.params["total"]) == (1, 2)


def test_a_file_refused_as_a_whole_says_nothing_about_dates(tmp_path: Path) -> None:
    result = read_csv(tmp_path, "id;fecha;lat;lon\n1;04/03/2021;3,54;-76,30\n")
    assert [p.code for p in result.report.problems] == ["missing_column"]


# -- a separate time column ----------------------------------------------------------------


def test_a_time_column_gives_the_time_and_its_empty_rows_have_only_a_date(
    tmp_path: Path,
) -> None:
    result = read_csv(
        tmp_path,
        rows(
            "id;fecha;hora;categoria",
            "1;04/03/2021;22:15;ruido",
            "2;04/03/2021;;ruido",
            "3;04/03/2021 08:00;;ruido",
            "4;05/03/2021;12:00 a. m.;ruido",  # midnight, given: a time
        ),
    )
    assert result.report.ok, result.report.lines()
    layer = by_row(result)
    assert layer.loc[1, "occurred_at"] == T("2021-03-04 22:15")
    assert layer.loc[2, "occurred_at"] == T("2021-03-04")
    assert layer.loc[2, "occurred_to"] == T("2021-03-04 23:59:59")
    assert layer.loc[4, "occurred_at"] == T("2021-03-05")
    assert layer.loc[[1, 3, 4], "occurred_to"].isna().all()
    assert problems(result, "date_only")[0].params["count"] == 1


def test_the_time_column_completes_the_start_not_the_end(tmp_path: Path) -> None:
    result = read_csv(
        tmp_path,
        rows(
            "id;fecha;hora;fecha hasta;categoria",
            "1;04/03/2021;22:00;05/03/2021 06:00;hurto",
            "2;04/03/2021;22:00;04/03/2021;hurto",  # a date alone: that day's end
            "3;04/03/2021;23:00;04/03/2021 21:00;hurto",
        ),
    )
    layer = by_row(result)
    assert layer.loc[1, "occurred_at"] == T("2021-03-04 22:00")
    assert layer.loc[1, "occurred_to"] == T("2021-03-05 06:00")
    assert layer.loc[2, "occurred_to"] == T("2021-03-04 23:59:59")
    [bad] = problems(result, "range_end_before_start")
    assert (bad.row, bad.column, bad.severity) == (3, "fecha hasta", "error")
    # the start as the file gives it: its date and the time column's time
    assert bad.params["start"] == "04/03/2021 23:00"
    assert "'04/03/2021 21:00' is before its start '04/03/2021 23:00'" in bad.message("en")
    assert problems(result, "date_only") == []  # every start has a time


# -- explicit ranges ------------------------------------------------------------------------------


def test_explicit_ranges_are_kept_and_a_date_alone_ends_its_day(tmp_path: Path) -> None:
    result = read_csv(
        tmp_path,
        rows(
            "id;fecha;hasta;categoria",
            "1;04/03/2021 18:00;05/03/2021 07:30;hurto",  # overnight
            "2;04/03/2021 18:00;;hurto",  # an exact time
            "3;04/03/2021;06/03/2021;hurto",  # three days
            "4;04/03/2021;04/03/2021;hurto",  # one whole day, written out
            "5;04/03/2021 10:00;04/03/2021;hurto",  # until that day's end
            "6;04/03/2021 10:00;04/03/2021 10:00;hurto",  # a range of no length
            "7;04/03/2021;;hurto",  # a date alone, the end left empty
        ),
    )
    assert result.report.ok, result.report.lines()
    layer = by_row(result)
    assert pd.isna(layer.loc[2, "occurred_to"])
    assert list(layer["occurred_to"].drop(index=2)) == [
        T("2021-03-05 07:30"),
        T("2021-03-06 23:59:59"),
        T("2021-03-04 23:59:59"),
        T("2021-03-04 23:59:59"),
        T("2021-03-04 10:00"),
        T("2021-03-04 23:59:59"),
    ]
    assert layer.loc[3, "occurred_at"] == T("2021-03-04")
    # whole days: row 4 (written out) and row 7 (filled); row 3 spans three days
    assert problems(result, "date_only")[0].params["count"] == 2


def test_an_end_before_its_start_is_an_error_row_that_names_both(tmp_path: Path) -> None:
    result = read_csv(
        tmp_path,
        rows(
            "id;fecha;fecha fin;categoria",
            "1;04/03/2021 22:00;04/03/2021 23:00;hurto",
            "2;04/03/2021 22:00;04/03/2021 21:59;hurto",
            "3;05/03/2021;04/03/2021;hurto",
        ),
    )
    assert result.report.invalid_rows == [2, 3] and list(result.source_rows) == [1]
    first, second = problems(result, "range_end_before_start")
    assert (first.row, first.column, first.severity) == (2, "fecha fin", "error")
    assert first.params["value"] == "04/03/2021 21:59"
    assert first.params["start"] == "04/03/2021 22:00"
    assert first.params["start_column"] == "fecha"
    assert first.message("en") == (
        "datos.csv row 2 (line 3), column `fecha fin`: the end of the time range "
        "'04/03/2021 21:59' is before its start '04/03/2021 22:00' (column `fecha`); "
        "the incident happened between the two, so the end cannot come first"
    )
    assert first.message("es").startswith(
        "datos.csv fila 2 (línea 3), columna `fecha fin`: el fin del rango de tiempo "
        "'04/03/2021 21:59' es anterior a su inicio '04/03/2021 22:00' (columna `fecha`)"
    )
    # a date alone ends its day, and that day is still before the start's
    assert (second.row, second.params["value"], second.params["start"]) == (
        3,
        "04/03/2021",
        "05/03/2021",
    )


def test_a_bad_end_is_a_bad_date(tmp_path: Path) -> None:
    result = read_csv(tmp_path, rows("id;fecha;hasta;categoria", "1;04/03/2021;ayer;hurto"))
    [bad] = problems(result, "bad_date")
    assert (bad.row, bad.column) == (1, "hasta")
    assert problems(result, "range_end_before_start") == []
    assert result.report.invalid_rows == [1]


# -- typed files ---------------------------------------------------------------------------------


def _points(n: int) -> list[Point]:
    return [Point(-76.3036 + 0.001 * k, 3.5394) for k in range(n)]


def test_a_geopackage_date_field_has_only_dates_and_a_datetime_field_times(
    tmp_path: Path,
) -> None:
    frame = gpd.GeoDataFrame(
        {
            "id": ["1", "2"],
            "fecha": pd.to_datetime(["2021-03-04", "2021-03-05"]).date,  # a DATE field
            "momento": pd.to_datetime(["2021-03-04 00:00", "2021-03-05 10:00"]),  # DATETIME
            "categoria": ["hurto", "hurto"],
        },
        geometry=_points(2),
        crs="EPSG:4326",
    )
    dates = tmp_path / "dates.gpkg"
    frame.drop(columns="momento").to_file(dates, driver="GPKG")
    result = read_layer(dates, "incidents")
    assert result.report.ok, result.report.lines()
    assert problems(result, "date_only")[0].params["count"] == 2
    assert list(result.layer["occurred_to"]) == [T("2021-03-04 23:59:59"), T("2021-03-05 23:59:59")]
    times = tmp_path / "times.gpkg"
    frame.drop(columns="fecha").rename(columns={"momento": "fecha"}).to_file(times, driver="GPKG")
    result = read_layer(times, "incidents")
    assert result.report.problems == [] and "occurred_to" not in result.layer.columns


@pytest.mark.parametrize(
    ("stamps", "date_only"),
    [
        (["2021-03-04 00:00", "2021-03-05 00:00", None], 2),  # all midnights: a date column
        (["2021-03-04 00:00", "2021-03-05 10:00", None], 0),  # 00:00 among times is a time
    ],
)
def test_a_typed_column_is_dates_only_when_every_value_is_midnight(
    tmp_path: Path, stamps: list[str | None], date_only: int
) -> None:
    frame = gpd.GeoDataFrame(
        {
            "id": ["1", "2", "3"],
            "occurred_at": pd.to_datetime(stamps),
            "category": ["theft"] * 3,
        },
        geometry=_points(3),
        crs="EPSG:4326",
    )
    path = tmp_path / "typed.parquet"
    frame.to_parquet(path)
    result = read_layer(path, "incidents")
    assert result.report.invalid_rows == [3]  # the missing time
    found = problems(result, "date_only")
    assert (found[0].params["count"] if found else 0) == date_only
    if date_only:
        assert list(result.layer["occurred_to"]) == [
            T("2021-03-04 23:59:59"),
            T("2021-03-05 23:59:59"),
        ]
    else:
        assert "occurred_to" not in result.layer.columns


def test_a_shapefiles_truncated_name_finds_occurred_to(tmp_path: Path) -> None:
    frame = gpd.GeoDataFrame(
        {
            "incident_id": ["1"],
            "occurred_at": ["2021-03-04 18:00"],
            "occurred_to": ["2021-03-05 07:00"],
            "category": ["theft"],
        },
        geometry=_points(1),
        crs="EPSG:4326",
    )
    folder = tmp_path / "shp"
    folder.mkdir()
    with warnings.catch_warnings():  # the truncation is the point: GDAL and geopandas say it
        warnings.simplefilter("ignore")
        frame.to_file(folder / "incidents.shp")
    archive = tmp_path / "incidents.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for part in folder.iterdir():
            z.write(part, part.name)
    result = read_layer(archive, "incidents")
    assert result.report.ok, result.report.lines()
    assert result.layer.loc[0, "occurred_to"] == T("2021-03-05 07:00")


# -- stored in a workspace -----------------------------------------------------------------------


def test_importing_dates_into_a_workspace_stores_the_range(tmp_path: Path) -> None:
    src = write(
        tmp_path,
        "enero.csv",
        rows("id;fecha;categoria", "E1;04/01/2022;riña", "E2;05/01/2022 21:30;riña"),
    )
    ws_path = tmp_path / "ciudad.gpkg"
    assert import_file(src, "incidents", ws_path, new_workspace=True).imported
    stored = Workspace(ws_path).read("incidents").set_index("incident_id")
    assert stored.loc["E1", "occurred_at"] == T("2022-01-04")
    assert stored.loc["E1", "occurred_to"] == T("2022-01-04 23:59:59")
    assert pd.isna(stored.loc["E2", "occurred_to"])
    # a later file with times only appends rows with no end; the earlier rows keep theirs
    later = write(tmp_path, "febrero.csv", rows("id;fecha;categoria", "F1;01/02/2022 08:00;riña"))
    assert import_file(later, "incidents", ws_path, mode="append").imported
    stored = Workspace(ws_path).read("incidents").set_index("incident_id")
    assert stored.loc["E1", "occurred_to"] == T("2022-01-04 23:59:59")
    assert stored.loc[["E2", "F1"], "occurred_to"].isna().all()
    assert np.issubdtype(stored["occurred_to"].dtype, np.datetime64)


def test_appending_dates_to_a_layer_without_the_column_adds_it(tmp_path: Path) -> None:
    first = write(tmp_path, "a.csv", rows("id;fecha;categoria", "A1;01/02/2022 08:00;riña"))
    ws_path = tmp_path / "ciudad.gpkg"
    assert import_file(first, "incidents", ws_path, new_workspace=True).imported
    assert "occurred_to" not in Workspace(ws_path).read("incidents").columns
    second = write(tmp_path, "b.csv", rows("id;fecha;categoria", "B1;02/02/2022;riña"))
    assert import_file(second, "incidents", ws_path, mode="append").imported
    stored = Workspace(ws_path).read("incidents").set_index("incident_id")
    assert pd.isna(stored.loc["A1", "occurred_to"])
    assert stored.loc["B1", "occurred_to"] == T("2022-02-02 23:59:59")
