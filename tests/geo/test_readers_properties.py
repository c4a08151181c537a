"""Property tests: the CSV reader never crashes and never loses a row without saying so."""

from __future__ import annotations

import csv
import datetime as dt
import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.readers import read_layer
from geo.validation import Problem
from tests.geo.fixtures.files import palmira_neighborhoods

ENCODINGS = ["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"]
SEPARATORS = [",", ";", "\t"]

_chars = st.characters(exclude_categories=["Cs"], exclude_characters="\x00")
_latin = st.characters(codec="latin-1", exclude_categories=["Cc"]) | st.sampled_from("\n\r\t")


def _number(value: float, comma: bool) -> str:
    text = f"{value}"
    return text.replace(".", ",") if comma else text


def cells(alphabet: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Any cell: free text, numbers, dates right and wrong, categories, coordinates."""
    text = st.text(alphabet=alphabet | st.sampled_from(';,"\n '), max_size=12)
    numbers = st.builds(
        _number,
        st.floats(allow_nan=True, allow_infinity=True, width=32)
        | st.integers(-(10**7), 10**7).map(float),
        st.booleans(),
    )
    grouped = st.integers(0, 10**9).map(lambda v: f"{v:,}") | st.integers(0, 10**9).map(
        lambda v: f"{v:,}".replace(",", ".")
    )
    day_first = st.builds(
        lambda d, m, y, t: f"{d}/{m:02d}/{y}" + t,
        st.integers(0, 32),
        st.integers(0, 13),
        st.integers(1800, 2100),
        st.sampled_from(["", " 22:15", " 10:15 p. m.", " 25:00", " 12:00 a.m."]),
    )
    iso = st.datetimes().map(lambda d: d.isoformat()) | st.dates().map(str)
    serial = st.integers(20000, 60000).map(str)
    categories = st.sampled_from(["Homicidio", "riña", "hurto", "theft", "VIF", "otro", "xx", ""])
    return st.one_of(text, numbers, grouped, day_first, iso, serial, categories)


def coordinates() -> st.SearchStrategy[str]:
    lat = st.floats(3.50, 3.58).map(lambda v: f"{v:.5f}")
    lon = st.floats(-76.34, -76.26).map(lambda v: f"{v:.5f}")
    wild = st.floats(-2e7, 2e7, allow_nan=False).map(lambda v: f"{v:.3f}")
    return st.one_of(lat, lon, wild, lat.map(lambda s: s.replace(".", ",")))


@st.composite
def csv_files(draw: st.DrawFn) -> tuple[bytes, int, int]:
    """A random incidents CSV: its bytes, the rows with data, and the blank rows among them."""
    encoding = draw(st.sampled_from(ENCODINGS))
    sep = draw(st.sampled_from(SEPARATORS))
    alphabet = _chars if encoding.startswith("utf") else _latin
    header = ["id", "fecha", "categoria", "latitud", "longitud", "nota"]
    any_cell = cells(alphabet)
    row = st.tuples(
        any_cell | st.integers(0, 30).map(str),
        any_cell,
        any_cell,
        coordinates() | any_cell,
        coordinates() | any_cell,
        any_cell,
    ).map(list)
    blank = st.just(["", "", "", "", "", ""])
    rows = draw(st.lists(row | blank, max_size=25))
    buffer = io.StringIO()
    # RFC 4180 line ends, so that the writer quotes every cell holding \r or \n
    writer = csv.writer(buffer, delimiter=sep, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    with_data = [i for i, r in enumerate(rows) if "".join(r).strip()]
    blank_inside = sum(
        1 for i, r in enumerate(rows) if i < max(with_data, default=-1) and i not in with_data
    )
    return buffer.getvalue().encode(encoding), len(with_data), blank_inside


def _count(problem: Problem) -> int:
    """The number of rows a problem counts (a whole number)."""
    value = problem.params["count"]
    assert isinstance(value, int), value
    return value


def check(data: bytes, expected_rows: int, blank_inside: int, *, reference: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "aleatorio.csv"
        path.write_bytes(data)
        result = read_layer(
            path,
            "incidents",
            reference={"neighborhoods": palmira_neighborhoods()} if reference else None,
        )
        assert path.read_bytes() == data
    report = result.report
    assert report.n_rows == expected_rows
    assert len(result.layer) + len(report.invalid_rows) == report.n_rows
    assert len(result.source_rows) == len(result.layer)
    assert set(result.source_rows).isdisjoint(report.invalid_rows)
    assert set(result.source_rows) | set(report.invalid_rows) == set(range(1, expected_rows + 1))
    blank = [p for p in report.problems if p.code == "blank_rows"]
    assert sum(_count(p) for p in blank) == blank_inside
    for lang in ("en", "es"):
        assert len(report.lines(lang)) == len(report.problems)
    if expected_rows == 0:
        assert not report.ok
    if len(result.layer):
        assert result.layer.crs.to_epsg() == 4326
        assert result.layer.geometry.notna().all()
        assert result.layer["occurred_at"].notna().all()


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(csv_files(), st.booleans())
def test_csv_reader_never_crashes_nor_loses_rows(
    file: tuple[bytes, int, int], reference: bool
) -> None:
    data, expected_rows, blank_inside = file
    check(data, expected_rows, blank_inside, reference=reference)


@st.composite
def good_rows(draw: st.DrawFn) -> tuple[bytes, int, int]:
    """Well-formed incidents in random spellings: every row must be valid."""
    encoding = draw(st.sampled_from(ENCODINGS))
    sep = draw(st.sampled_from(SEPARATORS))
    n = draw(st.integers(1, 15))
    rows = []
    for i in range(n):
        lat = draw(st.floats(3.52, 3.56))
        lon = draw(st.floats(-76.32, -76.28))
        comma = sep != "," and draw(st.booleans())
        when = draw(
            st.datetimes(min_value=dt.datetime(2015, 1, 1), max_value=dt.datetime(2024, 12, 31))
        )
        fmt = draw(
            st.sampled_from(["%Y-%m-%d %H:%M:%S", "%d/%m/%Y %H:%M", "%Y-%m-%dT%H:%M", "%d-%m-%Y"])
        )
        cat = draw(
            st.sampled_from(
                [
                    "Homicidio",
                    "Riña",
                    "hurto",
                    "THEFT",
                    "lesiones personales",
                    "Violencia intrafamiliar",
                ]
            )
        )
        rows.append(
            [
                str(i),
                when.strftime(fmt),
                cat,
                _number(round(lat, 6), comma),
                _number(round(lon, 6), comma),
            ]
        )
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=sep, lineterminator="\r\n")
    writer.writerow(["ID", "Fecha", "Categoría", "Latitud", "Longitud"])
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding), n, 0


@settings(max_examples=50, deadline=None)
@given(good_rows(), st.booleans())
def test_good_rows_in_any_spelling_are_all_valid(
    file: tuple[bytes, int, int], reference: bool
) -> None:
    data, n, _ = file
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bueno.csv"
        path.write_bytes(data)
        ref = {"neighborhoods": palmira_neighborhoods()} if reference else None
        result = read_layer(path, "incidents", reference=ref)
    assert result.report.ok, result.report.lines()
    assert len(result.layer) == n
    assert list(result.source_rows) == list(range(1, n + 1))
