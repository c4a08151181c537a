"""Colombia's special days: the holidays equal the ``holidays`` package's, the observances
hand-checked dates, the catalogue names every code, and a user's day list is read or refused
with the file, row and column."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import holidays
import numpy as np
import pandas as pd
import pytest

from catalog.app import LANGUAGES
from catalog.say import CATALOG, say
from geo.errors import ValidationError
from models.calendar import (
    CODES,
    HOLIDAY,
    KINDS,
    OBSERVANCE,
    PROBLEMS,
    RULES,
    DayListError,
    day_codes,
    is_holiday,
    read_day_list,
    special_days,
)

# -- holidays: the reference ---------------------------------------------------------


def _reference(years: range) -> Counter[date]:
    """How many holidays the ``holidays`` package files on each date (names joined by "; ")."""
    reference = holidays.country_holidays("CO", years=years)
    return Counter({day: len(name.split("; ")) for day, name in reference.items()})


def _ours(years: range) -> Counter[date]:
    days = special_days(date(years[0], 1, 1), date(years[-1], 12, 31))
    held = days.loc[days["kind"] == HOLIDAY, "date"]
    return Counter(ts.date() for ts in held)


@pytest.mark.parametrize("year", range(2015, 2031))
def test_the_holidays_of_each_year_equal_the_holidays_package(year: int) -> None:
    ours, reference = _ours(range(year, year + 1)), _reference(range(year, year + 1))
    assert sorted(ours.elements()) == sorted(reference.elements())


def test_the_holidays_equal_the_reference_before_and_after_ley_emiliani() -> None:
    """1951-1983 kept every holiday on its day; 1984 on, Ley 51 moved them; 2026 adds one."""
    years = range(1951, 2101)
    assert _ours(years) == _reference(years)


def test_the_holidays_of_a_known_year_by_hand() -> None:
    """2026 as the government published it (Ley 2578 de 2026 adds 13 July)."""
    days = special_days(date(2026, 1, 1), date(2026, 12, 31))
    held = days[days["kind"] == HOLIDAY]
    got = dict(zip(held["code"], (str(d.date()) for d in held["date"]), strict=True))
    assert got == {
        "new_year": "2026-01-01",
        "epiphany": "2026-01-12",
        "saint_joseph": "2026-03-23",
        "maundy_thursday": "2026-04-02",
        "good_friday": "2026-04-03",
        "labour_day": "2026-05-01",
        "ascension": "2026-05-18",
        "corpus_christi": "2026-06-08",
        "sacred_heart": "2026-06-15",
        "saints_peter_paul": "2026-06-29",
        "chiquinquira": "2026-07-13",
        "independence": "2026-07-20",
        "boyaca": "2026-08-07",
        "assumption": "2026-08-17",
        "columbus_day": "2026-10-12",
        "all_saints": "2026-11-02",
        "cartagena_independence": "2026-11-16",
        "immaculate_conception": "2026-12-08",
        "christmas": "2026-12-25",
    }


# -- observances -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "day"),
    [
        ("mothers_day", date(2024, 5, 12)),
        ("mothers_day", date(2025, 5, 11)),
        ("mothers_day", date(2026, 5, 10)),
        ("fathers_day", date(2024, 6, 16)),
        ("fathers_day", date(2025, 6, 15)),
        ("fathers_day", date(2018, 6, 24)),  # put off a week for the presidential run-off
        ("fathers_day", date(2022, 6, 26)),  # likewise
        ("amor_y_amistad", date(2024, 9, 21)),
        ("amor_y_amistad", date(2025, 9, 20)),
        ("amor_y_amistad", date(2023, 9, 16)),
        ("halloween", date(2025, 10, 31)),
        ("velitas", date(2025, 12, 7)),
        ("christmas_eve", date(2025, 12, 24)),
        ("new_years_eve", date(2025, 12, 31)),
    ],
)
def test_observances_fall_on_their_days(code: str, day: date) -> None:
    year = special_days(date(day.year, 1, 1), date(day.year, 12, 31))
    row = year[year["code"] == code]
    assert [d.date() for d in row["date"]] == [day]
    assert (row["kind"] == OBSERVANCE).all()


# -- the frame -------------------------------------------------------------------------


def test_special_days_columns_order_and_bounds() -> None:
    days = special_days(date(2025, 6, 15), date(2025, 6, 30))
    assert list(days.columns) == ["date", "code", "kind"]
    assert days["date"].dtype == "datetime64[ns]"
    assert (days["date"] == days["date"].dt.normalize()).all()
    assert days["code"].tolist() == [
        "fathers_day",
        "corpus_christi",
        "sacred_heart",
        "saints_peter_paul",
    ]
    assert days["date"].is_monotonic_increasing
    # both bounds are included, and one day works
    one = special_days(date(2025, 6, 30), date(2025, 6, 30))
    assert one["code"].tolist() == ["sacred_heart", "saints_peter_paul"]
    assert special_days(date(2025, 7, 1), date(2025, 7, 1)).empty


def test_holidays_come_before_observances_on_one_date() -> None:
    order = {code: k for k, code in enumerate(CODES)}
    days = special_days(date(2015, 1, 1), date(2030, 12, 31))
    for _, group in days.groupby("date"):
        ranks = [order[c] for c in group["code"]]
        assert ranks == sorted(ranks)
    assert [r.kind for r in RULES] == sorted((r.kind for r in RULES), key=KINDS.index)


def test_start_after_end_names_both_dates() -> None:
    with pytest.raises(ValueError, match=r"`start` \(2025-02-01\) is after `end` \(2025-01-31\)"):
        special_days(date(2025, 2, 1), date(2025, 1, 31))


def test_years_outside_the_rules_are_refused() -> None:
    with pytest.raises(ValueError, match="1950-12-31"):
        special_days(date(1950, 12, 31), date(2025, 1, 1))


def test_a_timestamp_counts_by_its_date() -> None:
    days = special_days(pd.Timestamp("2025-12-24 18:00"), pd.Timestamp("2025-12-25 06:00"))
    assert days["code"].tolist() == ["christmas_eve", "christmas"]


# -- lookups ---------------------------------------------------------------------------


def test_is_holiday_and_day_codes_agree_with_special_days() -> None:
    days = pd.date_range("2019-01-01", "2026-12-31", freq="D").to_numpy()
    table = special_days(date(2019, 1, 1), date(2026, 12, 31))
    expected = np.isin(days, table.loc[table["kind"] == HOLIDAY, "date"].to_numpy())
    np.testing.assert_array_equal(is_holiday(days), expected)
    codes = day_codes(days)
    assert sum(len(c) for c in codes) == len(table)
    by_day = table.groupby("date")["code"].apply(tuple).to_dict()
    assert {pd.Timestamp(d): c for d, c in zip(days, codes, strict=True) if c} == by_day
    holiday_codes = day_codes(days, kind=HOLIDAY)
    assert [bool(c) for c in holiday_codes] == expected.tolist()


def test_lookups_take_times_any_unit_and_nat() -> None:
    days = np.array(["2025-12-25T23:30", "NaT", "2025-12-26T00:00"], dtype="datetime64[m]")
    np.testing.assert_array_equal(is_holiday(days), [True, False, False])
    assert day_codes(days) == [("christmas",), (), ()]
    assert day_codes(days, kind=OBSERVANCE) == [(), (), ()]
    everything_missing = np.array(["NaT", "NaT"], dtype="datetime64[ns]")
    np.testing.assert_array_equal(is_holiday(everything_missing), [False, False])
    assert day_codes(np.array([], dtype="datetime64[D]")) == []


def test_lookups_refuse_what_is_not_days() -> None:
    with pytest.raises(ValueError, match="`kind`"):
        day_codes(np.array(["2025-01-01"], dtype="datetime64[D]"), kind="festivo")
    with pytest.raises(ValueError, match="one-dimensional"):
        is_holiday(np.zeros((2, 2), dtype="datetime64[D]"))
    with pytest.raises(ValueError, match="dates"):
        is_holiday(np.array([1.5, 2.5]))


# -- the catalogue ---------------------------------------------------------------------


def test_every_code_kind_and_problem_has_both_languages() -> None:
    produced = set(special_days(date(2026, 1, 1), date(2026, 12, 31))["code"])
    assert produced == set(CODES)  # 2026 has every day
    for key in (
        *(f"calendar.day.{c}" for c in CODES),
        *(f"calendar.kind.{k}" for k in KINDS),
        *(f"calendar.problem.{p}" for p in PROBLEMS),
    ):
        assert set(CATALOG[key]) == set(LANGUAGES), key
    assert say("calendar.day.new_year", "es") == "Año Nuevo"
    assert say("calendar.day.mothers_day", "en") == "Mother's Day"
    assert say("calendar.kind.holiday", "es") == "festivo"
    names = [CATALOG[f"calendar.day.{c}"]["es"] for c in CODES]
    assert len(set(names)) == len(names)


# -- a user's list of days -------------------------------------------------------------


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_read_day_list_reads_a_comma_separated_iso_file(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "partidos.csv",
        "date,label,estadio\n2025-03-09,Deportivo Cali vs América,Pascual\n2025-01-20,Feria\n",
    )
    before = path.read_bytes()
    days = read_day_list(path)
    assert list(days.columns) == ["date", "label"]
    assert days["date"].dtype == "datetime64[ns]"
    assert [str(d.date()) for d in days["date"]] == ["2025-01-20", "2025-03-09"]
    assert days["label"].tolist() == ["Feria", "Deportivo Cali vs América"]
    assert path.read_bytes() == before


def test_read_day_list_reads_semicolons_latin1_and_day_first_dates(tmp_path: Path) -> None:
    text = "Día;Evento\n12/05/2024;Día de la Madre en Palmira\n\n3/8/2024; Festival  \n;\n"
    path = _write(tmp_path / "fiestas.csv", text, encoding="latin-1")
    days = read_day_list(path)
    assert [str(d.date()) for d in days["date"]] == ["2024-05-12", "2024-08-03"]
    assert days["label"].tolist() == ["Día de la Madre en Palmira", "Festival"]


def test_a_bad_date_names_the_file_row_and_column(tmp_path: Path) -> None:
    path = _write(tmp_path / "dias.csv", "fecha;nombre\n01/02/2024;uno\n31/02/2024;dos\n")
    with pytest.raises(ValidationError) as caught:
        read_day_list(path, display_name="mis_dias.csv")
    message = str(caught.value)
    assert "`mis_dias.csv` row 3: `fecha` '31/02/2024' is not a date" in message
    assert isinstance(caught.value, DayListError)
    assert caught.value.text("es").startswith("`mis_dias.csv` fila 3: `fecha`")


def test_row_numbers_count_blank_lines_as_a_spreadsheet_does(tmp_path: Path) -> None:
    path = _write(tmp_path / "dias.csv", "fecha,partido\n2024-01-01,a\n\n2024-13-01,b\n")
    with pytest.raises(ValidationError, match="row 4: `fecha` '2024-13-01'"):
        read_day_list(path)


def test_a_blank_label_names_its_row_and_column(tmp_path: Path) -> None:
    path = _write(tmp_path / "dias.csv", "date,label\n2024-01-01,a\n2024-01-02\n")
    with pytest.raises(ValidationError, match=r"`dias.csv` row 3: `label` is empty"):
        read_day_list(path)


def test_a_missing_column_says_what_was_expected_and_found(tmp_path: Path) -> None:
    path = _write(tmp_path / "dias.csv", "fecha,equipo\n2024-01-01,a\n")
    with pytest.raises(ValidationError, match="no label column") as caught:
        read_day_list(path)
    assert "label, nombre, evento, partido" in str(caught.value)
    assert "fecha, equipo" in str(caught.value)
    path = _write(tmp_path / "otra.csv", "when,label\n2024-01-01,a\n")
    with pytest.raises(ValidationError, match="`otra.csv` has no date column"):
        read_day_list(path)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "empty"),
        (b" \n\r\n", "empty"),
        (b"fecha,evento\n\n", "no_rows"),
        (b"PK\x00\x01", "not_text"),
    ],
)
def test_files_without_days_are_refused(tmp_path: Path, content: bytes, problem: str) -> None:
    path = tmp_path / "dias.csv"
    path.write_bytes(content)
    with pytest.raises(DayListError) as caught:
        read_day_list(path)
    assert caught.value.problem == problem
    assert "`dias.csv`" in str(caught.value)
