"""Colombia's public holidays and notable observances, day by day.

A trends page labels the busiest days of a period ("Mother's Day", "New
Year's Day"): :func:`special_days` lists the special days of a date range,
:func:`is_holiday` and :func:`day_codes` look days up by the thousand, and
:func:`read_day_list` reads a user's own list (the local football clubs'
matches, the city's festivals). Models return codes; their names, in Spanish
and English, are the catalogue's ``calendar.day.<code>`` and
``calendar.kind.<kind>`` (:mod:`catalog.calendar`).

Public holidays (``kind == "holiday"``)
---------------------------------------
Colombia's *festivos* are the Código Sustantivo del Trabajo's list (art. 177,
Ley 35 de 1939 and Decreto 2663 de 1950) as Ley 51 de 1983 (*Ley Emiliani*)
amended it: from 1984 the holidays marked "Monday" below are moved to the
following Monday when they do not fall on one (a Tuesday's moves six days
on, a Sunday's one). Ley 51 also added the Sacred Heart (from 1984) and Ley
2578 de 2026 Our Lady of Chiquinquirá (from 2026, moved like the others).
Easter-based days are offsets from Easter Sunday (``dateutil.easter``,
Gregorian Western Easter). From 1951 to 1983 every holiday stayed on its own
day and there was no Sacred Heart; years before 1951 are refused.

====================== ================================= ========== ==========
code                   date                              moved      since
====================== ================================= ========== ==========
new_year               1 January                         no         1951
epiphany               6 January                         Monday     1951
saint_joseph           19 March                          Monday     1951
maundy_thursday        Easter - 3 days (Thursday)        no         1951
good_friday            Easter - 2 days (Friday)          no         1951
labour_day             1 May                             no         1951
ascension              Easter + 39 (Thursday): + 43      Monday     1951
corpus_christi         Easter + 60 (Thursday): + 64      Monday     1951
sacred_heart           Easter + 68 (Friday): + 71        Monday     1984
saints_peter_paul      29 June                           Monday     1951
chiquinquira           9 July                            Monday     2026
independence           20 July                           no         1951
boyaca                 7 August                          no         1951
assumption             15 August                         Monday     1951
columbus_day           12 October (Día de la Raza)       Monday     1951
all_saints             1 November                        Monday     1951
cartagena_independence 11 November                      Monday     1951
immaculate_conception  8 December                        no         1951
christmas              25 December                       no         1951
====================== ================================= ========== ==========

Observances (``kind == "observance"``)
--------------------------------------
Days no law makes a holiday, on which Colombian cities see unusual crowds,
drinking and (the reason a trends page names them) violence:

============== ================================================================
code           date
============== ================================================================
mothers_day    2nd Sunday of May (Ley 28 de 1925)
fathers_day    3rd Sunday of June, by custom; moved a week by the national
               government when it fell on a presidential run-off: 22 June 2014
               (Decreto 1023 de 2014), 24 June 2018, 26 June 2022 (see
               :data:`MOVED`)
amor_y_amistad 3rd Saturday of September (Día del Amor y la Amistad, by custom)
halloween      31 October
velitas        7 December (Noche de velitas, the eve of the Immaculate
               Conception)
christmas_eve  24 December (Nochebuena)
new_years_eve  31 December
============== ================================================================

A decree that moves an observance in a year not listed in :data:`MOVED`, or
a city's own days, belong in a user's list (:func:`read_day_list`).

Two special days can share a date (the Sacred Heart and Saints Peter and
Paul both fell on Monday 30 June 2025); each keeps its own row. Rows are
sorted by date and, within a date, in the order of :data:`RULES` (holidays
in calendar order, then observances).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd
from dateutil.easter import easter

from catalog.say import say
from geo.errors import ValidationError
from geo.readers import decode_text

HOLIDAY = "holiday"
OBSERVANCE = "observance"
#: The kinds of special day (``calendar.kind.<kind>`` in the catalogue).
KINDS: tuple[str, ...] = (HOLIDAY, OBSERVANCE)

#: The first year whose holidays are known here (Decreto 2663 de 1950's list).
FIRST_YEAR = 1951
#: The last whole year ``datetime64[ns]`` can hold.
LAST_YEAR = 2261
#: The first year Ley 51 de 1983 moved holidays to Monday.
EMILIANI_SINCE = 1984


@dataclass(frozen=True)
class DayRule:
    """How one special day falls in a year.

    Exactly one anchor is used: ``easter`` (days after Easter Sunday, may be
    negative), else ``nth`` and ``weekday`` (the ``nth`` ``weekday`` of
    ``month``, Monday = 0), else ``month`` and ``day``.

    Attributes
    ----------
    code, kind
        The day's code and :data:`KINDS` entry.
    month, day
        A fixed date.
    easter
        Offset in days from Easter Sunday.
    nth, weekday
        The ``nth`` (1-based) ``weekday`` of ``month``.
    to_monday
        Moved to the following Monday from :data:`EMILIANI_SINCE` on (Ley 51 de 1983).
    since
        The first year the day exists.
    """

    code: str
    kind: str
    month: int = 0
    day: int = 0
    easter: int | None = None
    nth: int = 0
    weekday: int = 0
    to_monday: bool = False
    since: int = FIRST_YEAR

    def on(self, year: int, easter_sunday: date) -> date | None:
        """The day in ``year`` (``easter_sunday`` is that year's), ``None`` before :attr:`since`."""
        if year < self.since:
            return None
        if (self.code, year) in MOVED:
            return MOVED[self.code, year]
        if self.easter is not None:
            day = easter_sunday + timedelta(days=self.easter)
        elif self.nth:
            first = date(year, self.month, 1)
            day = first + timedelta(days=(self.weekday - first.weekday()) % 7 + 7 * (self.nth - 1))
        else:
            day = date(year, self.month, self.day)
        if self.to_monday and year >= EMILIANI_SINCE:
            day += timedelta(days=(7 - day.weekday()) % 7)  # a Monday stays
        return day


_SUNDAY, _SATURDAY = 6, 5

#: Every special day, holidays in calendar order, then observances (the order of rows on one date).
RULES: tuple[DayRule, ...] = (
    DayRule("new_year", HOLIDAY, 1, 1),
    DayRule("epiphany", HOLIDAY, 1, 6, to_monday=True),
    DayRule("saint_joseph", HOLIDAY, 3, 19, to_monday=True),
    DayRule("maundy_thursday", HOLIDAY, easter=-3),
    DayRule("good_friday", HOLIDAY, easter=-2),
    DayRule("labour_day", HOLIDAY, 5, 1),
    DayRule("ascension", HOLIDAY, easter=39, to_monday=True),
    DayRule("corpus_christi", HOLIDAY, easter=60, to_monday=True),
    DayRule("sacred_heart", HOLIDAY, easter=68, to_monday=True, since=1984),
    DayRule("saints_peter_paul", HOLIDAY, 6, 29, to_monday=True),
    DayRule("chiquinquira", HOLIDAY, 7, 9, to_monday=True, since=2026),
    DayRule("independence", HOLIDAY, 7, 20),
    DayRule("boyaca", HOLIDAY, 8, 7),
    DayRule("assumption", HOLIDAY, 8, 15, to_monday=True),
    DayRule("columbus_day", HOLIDAY, 10, 12, to_monday=True),
    DayRule("all_saints", HOLIDAY, 11, 1, to_monday=True),
    DayRule("cartagena_independence", HOLIDAY, 11, 11, to_monday=True),
    DayRule("immaculate_conception", HOLIDAY, 12, 8),
    DayRule("christmas", HOLIDAY, 12, 25),
    DayRule("mothers_day", OBSERVANCE, 5, nth=2, weekday=_SUNDAY),
    DayRule("fathers_day", OBSERVANCE, 6, nth=3, weekday=_SUNDAY),
    DayRule("amor_y_amistad", OBSERVANCE, 9, nth=3, weekday=_SATURDAY),
    DayRule("halloween", OBSERVANCE, 10, 31),
    DayRule("velitas", OBSERVANCE, 12, 7),
    DayRule("christmas_eve", OBSERVANCE, 12, 24),
    DayRule("new_years_eve", OBSERVANCE, 12, 31),
)

#: Every code, in the order of :data:`RULES`.
CODES: tuple[str, ...] = tuple(rule.code for rule in RULES)

#: Dates the national government moved an observance to, by (code, year).
MOVED: dict[tuple[str, int], date] = {
    # Father's Day on a presidential run-off Sunday, put off a week
    ("fathers_day", 2014): date(2014, 6, 22),  # Decreto 1023 de 2014 (28 May)
    ("fathers_day", 2018): date(2018, 6, 24),  # decree announced 28 May 2018
    ("fathers_day", 2022): date(2022, 6, 26),  # MinComercio, at Fenalco's request
}


def _as_date(value: date, name: str) -> date:
    if isinstance(value, datetime):  # pandas.Timestamp too
        return value.date()
    if isinstance(value, date):
        return value
    msg = f"`{name}` must be a datetime.date, got {value!r}"
    raise TypeError(msg)


def special_days(start: date, end: date) -> pd.DataFrame:
    """The special days of Colombia from ``start`` to ``end``, both included.

    Parameters
    ----------
    start, end
        The first and last day (``datetime.date``; a ``datetime`` or
        ``pandas.Timestamp`` counts by its date). Years from
        :data:`FIRST_YEAR` to :data:`LAST_YEAR`.

    Returns
    -------
    pandas.DataFrame
        One row per special day (see the module docstring for the rules),
        sorted by date, then in the order of :data:`RULES`; a date with two
        special days has two rows.

        ``date``
            ``datetime64[ns]``, midnight.
        ``code``
            One of :data:`CODES`; its name is ``calendar.day.<code>``.
        ``kind``
            ``"holiday"`` (a public holiday) or ``"observance"``.

    Raises
    ------
    ValueError
        When ``start`` is after ``end``, or a year is outside the range above.

    Examples
    --------
    >>> days = special_days(date(2025, 6, 10), date(2025, 6, 30))
    >>> [(str(d.date()), c) for d, c in zip(days["date"], days["code"])]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('2025-06-15', 'fathers_day'), ('2025-06-23', 'corpus_christi'),
     ('2025-06-30', 'sacred_heart'), ('2025-06-30', 'saints_peter_paul')]
    """
    first, last = _as_date(start, "start"), _as_date(end, "end")
    if first > last:
        msg = f"`start` ({first.isoformat()}) is after `end` ({last.isoformat()})"
        raise ValueError(msg)
    if first.year < FIRST_YEAR or last.year > LAST_YEAR:
        msg = f"`start` ({first.isoformat()}) and `end` ({last.isoformat()}) must lie in the years {FIRST_YEAR} to {LAST_YEAR}"
        raise ValueError(msg)
    found: list[tuple[date, int]] = []
    for year in range(first.year, last.year + 1):
        sunday = easter(year)
        for rank, rule in enumerate(RULES):
            day = rule.on(year, sunday)
            if day is not None and first <= day <= last:
                found.append((day, rank))
    found.sort()
    return pd.DataFrame(
        {
            "date": np.array([d for d, _ in found], dtype="datetime64[D]").astype("datetime64[ns]"),
            "code": pd.Series([RULES[r].code for _, r in found], dtype=str),
            "kind": pd.Series([RULES[r].kind for _, r in found], dtype=str),
        }
    )


def _days(days: npt.ArrayLike) -> np.ndarray:
    """``days`` as a 1-D ``datetime64[D]`` array (a time of day is dropped)."""
    values = np.asarray(days)
    if values.ndim != 1:
        msg = f"`days` must be one-dimensional, got shape {values.shape}"
        raise ValueError(msg)
    if values.dtype.kind in "biufc":
        msg = f"`days` must be dates (numpy datetime64), got dtype {values.dtype}"
        raise ValueError(msg)
    if values.dtype.kind != "M":
        try:
            values = values.astype("datetime64[D]")
        except (TypeError, ValueError) as exc:
            msg = f"`days` must be dates (numpy datetime64), got dtype {values.dtype}"
            raise ValueError(msg) from exc
    return values.astype("datetime64[D]")


def _table(days: np.ndarray) -> pd.DataFrame:
    """:func:`special_days` over the span of ``days`` (empty when every day is NaT)."""
    known = days[~np.isnat(days)]
    if not len(known):
        return special_days(date(FIRST_YEAR, 1, 1), date(FIRST_YEAR, 1, 1)).iloc[:0]
    first, last = known.min().astype(object), known.max().astype(object)
    return special_days(first, last)


def is_holiday(days: npt.ArrayLike) -> np.ndarray:
    """Whether each day is a Colombian public holiday.

    Parameters
    ----------
    days
        A 1-D array of dates (``datetime64`` of any unit, or anything
        ``numpy`` turns into one); a time of day is ignored, NaT is ``False``.

    Returns
    -------
    numpy.ndarray
        ``bool``, one per day.

    Examples
    --------
    >>> is_holiday(np.array(["2025-06-30", "2025-07-01", "NaT"], dtype="datetime64[D]"))
    array([ True, False, False])
    """
    d = _days(days)
    table = _table(d)
    holidays = table.loc[table["kind"] == HOLIDAY, "date"].to_numpy(dtype="datetime64[D]")
    found: np.ndarray = np.isin(d.view(np.int64), holidays.view(np.int64))
    return found


def day_codes(days: npt.ArrayLike, *, kind: str | None = None) -> list[tuple[str, ...]]:
    """The special days' codes on each day, in the order of :func:`special_days`.

    Parameters
    ----------
    days
        As :func:`is_holiday` takes them.
    kind
        Only the codes of this kind (``"holiday"`` or ``"observance"``);
        ``None``, both.

    Returns
    -------
    list of tuple of str
        One tuple per day: empty on an ordinary day (and NaT), usually one
        code, two when two special days share the date.

    Examples
    --------
    >>> day_codes(np.array(["2024-05-12", "2025-06-30", "2025-07-01"], dtype="datetime64[D]"))
    [('mothers_day',), ('sacred_heart', 'saints_peter_paul'), ()]
    """
    if kind is not None and kind not in KINDS:
        msg = f"`kind` must be one of {', '.join(KINDS)} or None, got {kind!r}"
        raise ValueError(msg)
    d = _days(days)
    table = _table(d)
    if kind is not None:
        table = table[table["kind"] == kind]
    codes: dict[int, tuple[str, ...]] = {}
    numbers = table["date"].to_numpy(dtype="datetime64[D]").view(np.int64).tolist()
    for number, code in zip(numbers, table["code"].tolist(), strict=True):
        codes[number] = (*codes.get(number, ()), code)
    return [codes.get(n, ()) for n in d.view(np.int64).tolist()]


# --------------------------------------------------------------------------
# A user's own list of special days
# --------------------------------------------------------------------------

#: Accepted names of the date column and of the label column, by priority (accents and case ignored).
DATE_COLUMNS: tuple[str, ...] = ("date", "fecha", "dia")
LABEL_COLUMNS: tuple[str, ...] = ("label", "nombre", "evento", "partido")

#: What :class:`DayListError` can say (``calendar.problem.<problem>`` in the catalogue).
PROBLEMS: tuple[str, ...] = (
    "not_text",
    "empty",
    "no_date_column",
    "no_label_column",
    "no_rows",
    "empty_cell",
    "bad_date",
)

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_DELIMITERS = (",", ";")


class DayListError(ValidationError):
    """A list of special days that cannot be read.

    The message is English; :meth:`text` says it in another language.

    Parameters
    ----------
    problem
        One of :data:`PROBLEMS`.
    **params
        The catalogue entry's placeholders: ``file`` always, and ``row``
        (as a spreadsheet numbers it, the header being row 1), ``column``,
        ``value``, ``columns`` or ``expected`` as the problem needs.

    Attributes
    ----------
    problem, params
        As given.
    """

    def __init__(self, problem: str, **params: object) -> None:
        super().__init__(say(f"calendar.problem.{problem}", "en", **params))
        self.problem = problem
        self.params = params

    def text(self, lang: str) -> str:
        """The message in ``lang``."""
        return say(f"calendar.problem.{self.problem}", lang, **self.params)


def _delimiter(text: str) -> str:
    """The delimiter, comma or semicolon, that splits the first non-blank line into more fields."""
    line = next((ln for ln in text.splitlines() if ln.strip()), "")
    counts = {d: len(next(csv.reader([line], delimiter=d))) for d in _DELIMITERS}
    return max(_DELIMITERS, key=lambda d: counts[d])  # a tie keeps the comma


def _key(name: str) -> str:
    """A header cell compared without case, accents or surrounding spaces (``"Día "`` -> ``dia``)."""
    text = unicodedata.normalize("NFKD", name.strip())
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    keys = [_key(cell) for cell in header]
    return next((keys.index(n) for n in names if n in keys), None)


def _parse_date(text: str) -> date | None:
    """``2024-05-12`` or ``12/05/2024`` (day first; one-digit day and month too)."""
    if match := _ISO.fullmatch(text):
        year, month, day = match.groups()
    elif match := _DMY.fullmatch(text):
        day, month, year = match.groups()
    else:
        return None
    try:
        parsed = date(int(year), int(month), int(day))
    except ValueError:
        return None
    if not pd.Timestamp.min.date() < parsed < pd.Timestamp.max.date():
        return None
    return parsed


def read_day_list(path: str | Path, *, display_name: str | None = None) -> pd.DataFrame:
    """A user's own special days from a CSV file: match days, festivals, local holidays.

    The file has a header row, a date column (``date``, ``fecha`` or
    ``dia``/``día``) and a label column (``label``, ``nombre``, ``evento`` or
    ``partido``), case and accents ignored; when two columns match, the
    first name in those lists wins. Other columns are ignored. Comma or
    semicolon separated (whichever splits the header into more fields),
    UTF-8 or Latin-1 (Windows-1252). Dates are ISO (``2024-05-12``) or day
    first (``12/05/2024``). A row whose every cell is blank is skipped;
    every other row must have a date and a label. The file is only read.

    Parameters
    ----------
    path
        The CSV file.
    display_name
        The file's name in messages (the app saves an upload to a temporary
        file; messages name the user's original). Default: ``path``'s name.

    Returns
    -------
    pandas.DataFrame
        ``date`` (``datetime64[ns]``, midnight) and ``label`` (``str``,
        stripped), sorted by date; rows of the same date keep the file's order.

    Raises
    ------
    DayListError
        (a :class:`geo.errors.ValidationError`) when the file is not text,
        is empty, lacks a date or label column, has no rows, or a row has a
        blank or impossible date or a blank label; the message names the
        file and, for a row, its number as a spreadsheet shows it (the
        header is row 1) and the column.
    """
    source = Path(path)
    name = display_name or source.name
    data = source.read_bytes()
    if b"\x00" in data:
        raise DayListError("not_text", file=name)
    text = decode_text(data)
    if not text.strip():
        raise DayListError("empty", file=name)
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text)))
    top = next(k for k, record in enumerate(records) if any(cell.strip() for cell in record))
    header = [cell.strip() for cell in records[top]]
    columns = {}
    for what, names in (("date", DATE_COLUMNS), ("label", LABEL_COLUMNS)):
        found = _column(header, names)
        if found is None:
            raise DayListError(
                f"no_{what}_column", file=name, expected=", ".join(names), columns=", ".join(header)
            )
        columns[what] = found
    dates: list[date] = []
    labels: list[str] = []
    for row, record in enumerate(records[top + 1 :], start=top + 2):
        if not any(cell.strip() for cell in record):
            continue
        cells = {}
        for what, at in columns.items():
            cells[what] = record[at].strip() if at < len(record) else ""
            if not cells[what]:
                raise DayListError("empty_cell", file=name, row=row, column=header[at])
        day = _parse_date(cells["date"])
        if day is None:
            raise DayListError(
                "bad_date", file=name, row=row, column=header[columns["date"]], value=cells["date"]
            )
        dates.append(day)
        labels.append(cells["label"])
    if not dates:
        raise DayListError("no_rows", file=name)
    frame = pd.DataFrame(
        {
            "date": np.array(dates, dtype="datetime64[D]").astype("datetime64[ns]"),
            "label": pd.Series(labels, dtype=str),
        }
    )
    return frame.sort_values("date", kind="stable", ignore_index=True)
