"""Checking a layer's records against its schema, row by row.

The readers (``geo.readers``) turn a file into a :class:`RawTable`: the
file's records as they are, with their record and line numbers. This module
parses and checks every value of it and returns a :class:`ReadResult`: the
valid rows as a layer in the canonical schema, and a :class:`Report` that
names every problem by file, row and column. Nothing disappears silently:
``len(result.layer) + len(result.report.invalid_rows) == result.report.n_rows``.

The checks are vectorised with pandas, numpy and shapely: only the rows with
a problem are visited one by one, to write their messages, and a report
lists at most ``settings.max_problems_listed`` problems of one kind in full
(then counts the rest; :attr:`Report.invalid_rows` is always complete).

What is checked
---------------
- columns: the file's column names are matched to the layer's columns
  through ``LayerSpec.aliases`` (accents, case and separators ignored); two
  columns that mean the same one, or a missing required column, are
  file-level errors.
- dates and times: ISO 8601 (``2021-03-04``, ``2021-03-04T22:15``, with an
  optional UTC offset, converted to ``settings.timezone`` and made naive) and
  Colombian day-first dates (``04/03/2021``, ``4-3-2021 10:15 p. m.``);
  impossible dates, Excel serial numbers and a programme's ``end`` before its
  ``start`` are errors. A separate ``hora`` column completes a date-only
  ``fecha``.
- categories and components through ``schema.parse_category`` and
  ``schema.parse_component``; choices (``condition``, ``lighting``,
  ``activation_status``) in English or Spanish (:data:`CHOICE_ALIASES`).
- numbers: decimal commas and thousands separators as a Spanish-locale
  Excel writes them; whole numbers, minimums and maximums from the schema.
- ids: present and unique.
- geometries: present when required, of the layer's type, not empty;
  invalid polygons repaired with ``shapely.make_valid`` when that changes the
  area by at most ``settings.max_repair_area_change``.
- locations: degrees in range, latitude and longitude not swapped, within
  ``settings.outside_tolerance_m`` of the city (the reference layers), or,
  with no reference, within ``settings.outlier_distance_m`` of the middle of
  the file's own points. Distances are measured in the projected CRS of
  ``geo.crs``, never in degrees.
- a whole file with latitude and longitude swapped, even with no other
  layer to compare with: when (nearly) every point, as given, lies south of
  :data:`NO_CITY_SOUTH_OF` (Antarctica and the Southern Ocean, where no city
  is) or outside the country of ``geo.crs.COLOMBIA_BOUNDS``, while with the
  two exchanged it lies north of that latitude or inside the country, the
  file is rejected with a message that says to exchange the two columns.
  (A Colombian city swapped always lands between 67° and 82° south.)
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from catalog.say import number
from catalog.validation import LOCATION, PROBLEM_MESSAGES
from geo import schema, settings
from geo.crs import COLOMBIA_BOUNDS, STORAGE_CRS, choose_projected_crs, crs_for_frames

Severity = Literal["error", "warning", "repaired"]

#: Latitude (degrees) south of which no city lies: Antarctica and the Southern Ocean.
NO_CITY_SOUTH_OF = -60.0

_LANGS = ("en", "es")


# ==========================================================================
# Problems and reports
# ==========================================================================


def _format_value(value: object, lang: str) -> str:
    """Format one message parameter in ``lang`` (numbers with its separators)."""
    if isinstance(value, Mapping):
        return str(value.get(lang, value.get("en", "")))
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, np.integer)):
        return number(int(value), lang)
    if isinstance(value, (float, np.floating)):
        return number(float(value), lang, None)
    if isinstance(value, (list, tuple)):
        return ", ".join(_format_value(v, lang) for v in value)
    return str(value)


@dataclass(frozen=True)
class Problem:
    """One problem found in a file.

    Attributes
    ----------
    file
        The file's name as the user knows it (its basename).
    layer
        The layer the file was read as.
    row
        1-based record number (the header is not counted); ``None`` for a
        problem of the whole file.
    column
        The column as named in the user's file (``fecha``), or ``None``.
    code
        Stable key of the problem (a key of ``catalog.validation.PROBLEM_MESSAGES``).
    severity
        ``"error"`` (the row, or the whole file, is rejected), ``"warning"``
        (kept, but worth a look) or ``"repaired"`` (kept after a repair).
    params
        The values the message quotes (``value``, ``expected``, ...). A value
        that is a mapping ``{"en": ..., "es": ...}`` is said in each language.
        ``line`` is the file's line number, for text files.
    """

    file: str
    layer: str
    row: int | None
    column: str | None
    code: str
    severity: Severity
    params: Mapping[str, object] = field(default_factory=dict, hash=False)

    @property
    def detail(self) -> str:
        """The reading library's own message (GDAL's, pyproj's), as it said it; often empty.

        Our sentence never depends on it: :meth:`message` adds it at the end
        for the CLI and the stored problems, and the app shows it apart, as a
        technical detail.
        """
        value = self.params.get("detail", "")
        if isinstance(value, Mapping):
            return str(value.get("en", ""))
        return str(value)

    def message(self, lang: str = "en", *, with_detail: bool = True) -> str:
        """The full sentence, naming file, row and column.

        Parameters
        ----------
        lang
            ``"en"`` or ``"es"`` (anything else falls back to English).
        with_detail
            Add the reading library's own message (:attr:`detail`), when
            there is one, in brackets after ours.

        Examples
        --------
        >>> p = Problem("incidents.csv", "incidents", 17, "fecha", "bad_date", "error",
        ...             {"value": "31/02/2021", "line": 18})
        >>> p.message("en")  # doctest: +NORMALIZE_WHITESPACE
        "incidents.csv row 17 (line 18), column `fecha`: '31/02/2021' is not a date
        (expected YYYY-MM-DD or DD/MM/YYYY, optionally with a time HH:MM)"
        """
        lang = lang if lang in _LANGS else "en"
        fields = {key: _format_value(value, lang) for key, value in self.params.items()}
        line = self.params.get("line")
        fields.update(
            file=self.file,
            layer=self.layer,
            row=_format_value(self.row, lang) if self.row is not None else "",
            line=_format_value(line, lang) if line is not None else "",
            column=self.column or "",
        )
        where = self.file
        if self.row is not None and self.code != "more_problems":
            where += " " + LOCATION["row"][lang].format(row=fields["row"])
            if line is not None:
                where += " (" + LOCATION["line"][lang].format(line=fields["line"]) + ")"
        if self.column:
            where += ", " + LOCATION["column"][lang].format(column=self.column)
        body = PROBLEM_MESSAGES[self.code][lang].format(**fields)
        if with_detail and self.params.get("detail"):
            body += LOCATION["detail"][lang].format(detail=fields["detail"])
        return f"{where}: {body}"


@dataclass
class Report:
    """Everything found wrong in one file.

    Attributes
    ----------
    file
        The file's name as the user knows it.
    layer
        The layer it was read as.
    n_rows
        Records read from the file (blank lines and the header not counted).
    problems
        The problems, at most ``settings.max_problems_listed`` of one kind in
        full and then one ``more_problems`` entry counting the rest.
    error_rows
        Every row with an error, even those a ``more_problems`` entry counts.
    """

    file: str
    layer: str
    n_rows: int
    problems: list[Problem] = field(default_factory=list)
    error_rows: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether no problem is an error."""
        return not any(p.severity == "error" for p in self.problems)

    @property
    def file_errors(self) -> list[Problem]:
        """The errors about the whole file (``row is None``): the file cannot be imported."""
        return [p for p in self.problems if p.row is None and p.severity == "error"]

    @property
    def invalid_rows(self) -> list[int]:
        """Sorted record numbers of the rows with an error (complete, never capped)."""
        rows = set(self.error_rows)
        rows.update(
            p.row
            for p in self.problems
            if p.severity == "error" and p.row is not None and p.code != "more_problems"
        )
        return sorted(rows)

    @property
    def n_valid(self) -> int:
        """Rows without an error."""
        return self.n_rows - len(self.invalid_rows)

    def _ordered(self) -> list[Problem]:
        file_level = [p for p in self.problems if p.row is None]
        by_row = sorted((p for p in self.problems if p.row is not None), key=lambda p: p.row or 0)
        return file_level + by_row

    def lines(self, lang: str = "en") -> list[str]:
        """One message per problem: the whole file's first, then by row."""
        return [p.message(lang) for p in self._ordered()]

    def to_frame(self, lang: str = "en", *, with_detail: bool = True) -> pd.DataFrame:
        """The problems as a table.

        Parameters
        ----------
        lang
            Language of ``message``.
        with_detail
            End each message with the reading library's own words (see
            :meth:`Problem.message`); they are in ``detail`` either way.

        Returns
        -------
        pandas.DataFrame
            Columns ``row`` (nullable int; empty for the whole file), ``column``,
            ``severity``, ``code``, ``message`` and ``detail`` (the library's
            message, often empty), in the order of :meth:`lines`.
        """
        ordered = self._ordered()
        return pd.DataFrame(
            {
                "row": pd.array([p.row for p in ordered], dtype="Int64"),
                "column": pd.Series([p.column for p in ordered], dtype=object),
                "severity": pd.Series([p.severity for p in ordered], dtype=object),
                "code": pd.Series([p.code for p in ordered], dtype=object),
                "message": pd.Series(
                    [p.message(lang, with_detail=with_detail) for p in ordered], dtype=object
                ),
                "detail": pd.Series([p.detail for p in ordered], dtype=object),
            }
        )


@dataclass
class ReadResult:
    """What reading a file gives.

    Attributes
    ----------
    layer
        The valid rows only: the layer's columns under their canonical names
        (those the file has), then the file's other columns unchanged, then
        ``geometry``, in EPSG:4326. Ids are text, ``occurred_at`` is a naive
        local ``datetime64``, ``start``/``end`` are dates at midnight,
        categories and components are codes.
    report
        Every problem found.
    source_rows
        For each row of ``layer`` (same index), its 1-based record number in
        the file.
    """

    layer: gpd.GeoDataFrame
    report: Report
    source_rows: pd.Series


@dataclass
class RawTable:
    """A file's records as read, before any check (made by ``geo.readers``).

    Attributes
    ----------
    file, layer
        The file's name as the user knows it and the target layer.
    data
        The file's attribute columns under the file's own names, index
        ``0..n-1``. Text (``str``) for CSV files; typed for vector files.
    rows
        1-based record number of each record.
    lines
        1-based line number where each record starts (text files), else ``None``.
    geometry
        Geometries read from a vector file, in EPSG:4326, or ``None`` for a
        table (the geometry then comes from coordinate or WKT columns).
    decimal
        The decimal mark the file's separator implies (``","`` for
        semicolon-separated files, ``"."`` for comma-separated ones), or ``None``.
    problems
        File-level problems found while reading.
    row_problems
        Row problems found while reading: ``(position, code, column, params)``.
    geometry_usable
        ``False`` when the geometries' CRS is unknown (the location checks are skipped).
    shapefile
        Whether column names may be truncated to 10 characters (DBF).
    """

    file: str
    layer: str
    data: pd.DataFrame
    rows: np.ndarray
    lines: np.ndarray | None = None
    geometry: gpd.GeoSeries | None = None
    decimal: str | None = None
    problems: list[Problem] = field(default_factory=list)
    row_problems: list[tuple[int, str, str | None, dict[str, object]]] = field(default_factory=list)
    geometry_usable: bool = True
    shapefile: bool = False


# ==========================================================================
# Names: columns and choices
# ==========================================================================

#: Spanish (and other) names accepted for the layers' choice columns, by code.
CHOICE_ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "condition": {
        "good": ("bueno", "buena", "bien", "optimo", "excelente"),
        "fair": ("regular", "aceptable", "medio", "media"),
        "poor": ("malo", "mala", "deficiente", "deteriorado", "deteriorada"),
    },
    "lighting": {
        "good": ("buena", "bueno", "completa", "adecuada", "suficiente"),
        "partial": ("parcial", "regular", "media", "insuficiente"),
        "none": ("ninguna", "ninguno", "sin", "sin iluminacion", "no", "nula", "no tiene"),
    },
    "activation_status": {
        "active": ("activo", "activa", "activado", "activada"),
        "planned": (
            "planeado",
            "planeada",
            "planificado",
            "planificada",
            "programado",
            "programada",
            "en planeacion",
        ),
        "inactive": ("inactivo", "inactiva", "sin activar", "no activo", "no activado"),
    },
}

#: Spanish names of the public-space kinds, mapped to ``schema.KINDS`` codes
#: (other kinds are kept as written).
KIND_ALIASES: dict[str, tuple[str, ...]] = {
    "park": ("parque", "parques", "zona verde", "parque barrial", "parque lineal"),
    "plaza": ("plaza", "plazoleta", "parque principal"),
    "sports_field": (
        "cancha",
        "cancha deportiva",
        "canchas",
        "polideportivo",
        "unidad deportiva",
        "sports field",
    ),
    "playground": ("parque infantil", "juegos infantiles", "zona de juegos"),
    "community_center": (
        "salon comunal",
        "caseta comunal",
        "centro comunitario",
        "community center",
    ),
    "other": ("otro", "otra", "otros"),
}

_CHOICE_LABELS_ES: dict[str, dict[str, str]] = {
    "condition": {"good": "bueno", "fair": "regular", "poor": "malo"},
    "lighting": {"good": "buena", "partial": "parcial", "none": "ninguna"},
    "activation_status": {"active": "activo", "planned": "planeado", "inactive": "inactivo"},
}

_WKT_NAMES = ("wkt", "geometry", "geom", "the geom", "geometria", "wkt geom", "geometry wkt")
_TIME_NAMES = ("hora", "time", "hora hecho", "hora del hecho", "hora incidente", "hora evento")
_STOPWORDS = {"de", "del", "la", "el", "los", "las"}
_NULL_MARKERS = {"null", "nan", "n/a", "#n/a", "-", "s/d", "sin dato", "sin datos"}

_COORD_ROLES = ("lat", "lon", "x", "y", "wkt", "time")


def _column_key(name: object) -> str:
    """Normalised name for matching: no accents, case, separators or articles."""
    tokens = schema.normalize_token(str(name)).split()
    return " ".join(t for t in tokens if t not in _STOPWORDS)


def _lookup(pairs: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for code, names in pairs.items():
        for name in (code, *names):
            out[schema.normalize_token(name)] = code
    return out


_CHOICE_LOOKUP = {col: _lookup(table) for col, table in CHOICE_ALIASES.items()}
_KIND_LOOKUP = _lookup(KIND_ALIASES)


def column_names(spec: schema.LayerSpec) -> dict[str, str]:
    """Every accepted (normalised) column name of ``spec``, mapped to its role.

    Roles are the layer's column names plus ``lat``, ``lon``, ``x``, ``y``,
    ``wkt`` and, for incidents, ``time``.
    """
    names: dict[str, str] = {}
    for role, accepted in (
        ("lat", schema.LAT_NAMES),
        ("lon", schema.LON_NAMES),
        ("x", schema.X_NAMES),
        ("y", schema.Y_NAMES),
        ("wkt", _WKT_NAMES),
    ):
        for name in accepted:
            names[_column_key(name)] = role
    if any(c.kind == "datetime" for c in spec.columns):
        for name in _TIME_NAMES:
            names[_column_key(name)] = "time"
    for alias, canonical in spec.aliases.items():
        names[_column_key(alias)] = canonical
    for col in spec.columns:
        names[_column_key(col.name)] = col.name
    return names


def accepted_names(spec: schema.LayerSpec, column: str) -> list[str]:
    """The names accepted for ``column`` of ``spec``: its own, then its aliases."""
    return [column, *(a for a, c in spec.aliases.items() if c == column)]


# ==========================================================================
# Parsing values
# ==========================================================================

_OK, _EMPTY, _BAD, _SERIAL = 0, 1, 2, 3


def _text(values: pd.Series) -> pd.Series:
    """Values as stripped text (object dtype); missing values and null markers as ``""``."""
    if pd.api.types.is_bool_dtype(values.dtype):
        out = values.astype(object).where(values.notna(), "").astype(str)
    elif pd.api.types.is_numeric_dtype(values.dtype):
        floats = values.astype("float64")
        integral = floats.notna() & np.isfinite(floats) & (floats == np.round(floats))
        integral &= floats.abs() < 2**53
        out = floats.astype(object).map(repr).astype(object)
        out = out.where(~integral, floats.where(integral, 0).astype("int64").astype(str))
        out = out.where(floats.notna(), "")
    elif pd.api.types.is_datetime64_any_dtype(values.dtype):
        out = values.dt.strftime("%Y-%m-%dT%H:%M:%S").astype(object).where(values.notna(), "")
    else:
        obj = values.astype(object)
        out = obj.where(obj.notna(), "").map(lambda v: v if isinstance(v, str) else str(v))
    out = out.astype(object)
    out = out.str.replace("[\u00a0\u202f\u2007\ufeff]", " ", regex=True).str.strip()
    marker = out.str.lower().isin(_NULL_MARKERS)
    return out.where(~marker, "").astype(object)


def _shorten(value: str, limit: int = 80) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _plain(value: object) -> object:
    """A message parameter as plain Python: numpy scalars unwrapped, long text shortened."""
    if isinstance(value, np.generic):
        value = value.item()
    return _shorten(value) if isinstance(value, str) else value


_AMPM = r"(?P<ap>[aApP]\.?\s?[mM]\.?)"
_TZ = r"(?P<tz>[zZ]|[+-]\d{2}(?::?\d{2})?)"
_DATETIME_RE = (
    r"^(?:(?P<y1>\d{4})-(?P<m1>\d{1,2})-(?P<d1>\d{1,2})"
    r"|(?P<d2>\d{1,2})[/.-](?P<m2>\d{1,2})[/.-](?P<y2>\d{4})"
    r"|(?P<y3>\d{4})/(?P<m3>\d{1,2})/(?P<d3>\d{1,2}))"
    r"(?:(?:[tT]|\s+)(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,]\d{1,9})?)?"
    rf"\s*{_AMPM}?\s*{_TZ}?)?$"
)
_TIME_RE = rf"^(?P<H>\d{{1,2}}):(?P<M>\d{{2}})(?::(?P<S>\d{{2}})(?:[.,]\d{{1,9}})?)?\s*{_AMPM}?$"
_SERIAL_RE = r"^\d{5}(?:[.,]\d+)?$"
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")


@dataclass
class _Parsed:
    """Parsed values of a column: values, status per row and extra facts."""

    values: np.ndarray
    status: np.ndarray
    has_time: np.ndarray | None = None
    hint: np.ndarray | None = None


def _numbers(frame: pd.DataFrame, names: Sequence[str]) -> pd.Series:
    """The first non-missing of ``names`` in ``frame``, as float."""
    out = pd.Series(np.nan, index=frame.index)
    for name in names:
        out = out.fillna(pd.to_numeric(frame[name], errors="coerce"))
    return out


def _apply_ampm(hour: pd.Series, ap: pd.Series) -> tuple[pd.Series, pd.Series]:
    """24-hour clock from an ``a. m.``/``p. m.`` marker; second value: the hour is impossible."""
    marker = ap.fillna("").str.lower().str.replace(r"[^ap]", "", regex=True)
    pm = marker == "p"
    am = marker == "a"
    with_marker = pm | am
    bad = with_marker & ((hour > 12) & am | (hour == 0) & pm)
    hour = hour.where(~(pm & (hour < 12)), hour + 12)
    hour = hour.where(~(am & (hour == 12)), 0)
    return hour, bad


def _parse_datetimes(values: pd.Series, *, tz: str, text: pd.Series | None = None) -> _Parsed:
    """Parse ISO and day-first dates and times; status ``_OK``, ``_EMPTY``, ``_BAD`` or ``_SERIAL``.

    Times with a UTC offset are converted to ``tz`` and made naive. The
    ``hint`` of a ``_SERIAL`` value is the date an Excel serial number would be.
    """
    n = len(values)
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        series = values
        if isinstance(series.dtype, pd.DatetimeTZDtype):
            series = series.dt.tz_convert(tz).dt.tz_localize(None)
        series = series.astype("datetime64[ms]")
        status = np.where(series.isna().to_numpy(), _EMPTY, _OK).astype(np.int8)
        has_time = (series != series.dt.normalize()).fillna(False).to_numpy(dtype=bool)
        return _Parsed(series.to_numpy(), status, has_time)
    text = _text(values) if text is None else text
    codes, uniques = pd.factorize(text)
    u = pd.Series(np.asarray(uniques, dtype=object), dtype=object)
    parts = u.str.extract(_DATETIME_RE)
    year = _numbers(parts, ["y1", "y2", "y3"])
    month = _numbers(parts, ["m1", "m2", "m3"])
    day = _numbers(parts, ["d1", "d2", "d3"])
    matched = year.notna().to_numpy()
    hour = pd.to_numeric(parts["H"], errors="coerce").fillna(0)
    minute = pd.to_numeric(parts["M"], errors="coerce").fillna(0)
    second = pd.to_numeric(parts["S"], errors="coerce").fillna(0)
    hour, bad_ampm = _apply_ampm(hour, parts["ap"])
    time_ok = (hour <= 23) & (minute <= 59) & (second <= 59) & ~bad_ampm
    date = pd.to_datetime(
        pd.DataFrame(
            {
                "year": year.where(matched, 2000),
                "month": month.where(matched, 1),
                "day": day.where(matched, 1),
            }
        ),
        errors="coerce",
    )
    stamp = date + pd.to_timedelta(hour * 3600 + minute * 60 + second, unit="s")
    good = matched & date.notna().to_numpy() & time_ok.to_numpy()
    stamp = stamp.where(good)
    tz_text = parts["tz"].fillna("")
    has_tz = (tz_text != "").to_numpy() & good
    if has_tz.any():
        offset = tz_text[has_tz].str.extract(r"^(?P<s>[+-])?(?P<h>\d{2})?:?(?P<m>\d{2})?$")
        minutes = pd.to_numeric(offset["h"], errors="coerce").fillna(0) * 60
        minutes += pd.to_numeric(offset["m"], errors="coerce").fillna(0)
        minutes = minutes.where(offset["s"] != "-", -minutes)
        utc = stamp[has_tz] - pd.to_timedelta(minutes, unit="min")
        local = utc.dt.tz_localize("UTC").dt.tz_convert(tz).dt.tz_localize(None)
        stamp = stamp.astype("datetime64[ms]")
        stamp[has_tz] = local.astype("datetime64[ms]")
    stamp = stamp.astype("datetime64[ms]")
    u_status = np.where(good, _OK, _BAD).astype(np.int8)
    u_status[(u == "").to_numpy()] = _EMPTY
    serial = u.str.fullmatch(_SERIAL_RE).fillna(False).to_numpy(dtype=bool)
    hint = np.full(len(u), "", dtype=object)
    if serial.any():
        days = pd.to_numeric(u[serial].str.replace(",", ".", regex=False), errors="coerce")
        plausible = (days >= 10000) & (days <= 80000)
        idx = np.flatnonzero(serial)[plausible.to_numpy()]
        dates = _EXCEL_EPOCH + pd.to_timedelta(days[plausible].astype("int64"), unit="D")
        hint[idx] = dates.dt.strftime("%d/%m/%Y").to_numpy()
        u_status[idx] = _SERIAL
    has_time_u = (parts["H"].notna()).to_numpy()
    if n == 0:
        return _Parsed(
            np.array([], dtype="datetime64[ms]"),
            np.array([], dtype=np.int8),
            np.array([], dtype=bool),
            np.array([], dtype=object),
        )
    return _Parsed(
        stamp.to_numpy()[codes],
        u_status[codes],
        has_time_u[codes],
        hint[codes],
    )


def _parse_times(values: pd.Series, *, text: pd.Series | None = None) -> _Parsed:
    """Parse times of day (``22:15``, ``10:15 p. m.``) to seconds since midnight."""
    text = _text(values) if text is None else text
    parts = text.str.extract(_TIME_RE)
    hour = pd.to_numeric(parts["H"], errors="coerce")
    minute = pd.to_numeric(parts["M"], errors="coerce")
    second = pd.to_numeric(parts["S"], errors="coerce").fillna(0)
    hour, bad_ampm = _apply_ampm(hour, parts["ap"])
    good = hour.notna() & (hour <= 23) & (minute <= 59) & (second <= 59) & ~bad_ampm
    seconds = (hour * 3600 + minute * 60 + second).where(good)
    status = np.where(good.to_numpy(), _OK, _BAD).astype(np.int8)
    status[(text == "").to_numpy()] = _EMPTY
    return _Parsed(seconds.to_numpy(dtype=float, na_value=np.nan), status)


def _grouped(text: pd.Series, mark: str) -> pd.Series:
    """Whether each value is a whole number grouped in thousands by ``mark`` (``12.345``)."""
    m = re.escape(mark)
    return text.str.fullmatch(rf"[+-]?[1-9]\d{{0,2}}(?:{m}\d{{3}})+").fillna(False)


def _parse_numbers(
    values: pd.Series,
    *,
    decimal: str | None,
    mode: Literal["int", "float", "coordinate"],
    text: pd.Series | None = None,
) -> _Parsed:
    """Parse numbers written with decimal commas or points and thousands separators.

    Parameters
    ----------
    values
        The column (text, or already numeric).
    decimal
        The decimal mark the file's separator implies, used when a column's
        own values do not settle it (``"12.345"`` is twelve thousand in a
        semicolon-separated file, twelve point three in a comma-separated one).
    mode
        ``"coordinate"`` reads one ``,`` or ``.`` as the decimal mark always;
        ``"int"`` and ``"float"`` read grouped thousands.

    Returns
    -------
    _Parsed
        Floats (``NaN`` unless ``_OK``) and the status of each value.
    """
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        floats = values.astype("float64").to_numpy()
        finite = np.isfinite(floats)
        status = np.where(finite, _OK, np.where(np.isnan(floats), _EMPTY, _BAD)).astype(np.int8)
        return _Parsed(np.where(finite, floats, np.nan), status)
    text = (_text(values) if text is None else text).str.replace(r"\s+", "", regex=True)
    if mode != "coordinate":
        text = text.str.replace(r"^(?:\$|COP\$?)", "", regex=True)
    empty = (text == "").to_numpy()
    if mode == "coordinate":
        marks = text.str.count(r"[.,]")
        normal = text.str.replace(",", ".", regex=False).where(marks <= 1, "x")
    else:
        n_comma = text.str.count(",")
        n_dot = text.str.count(r"\.")
        single_comma = (n_comma == 1) & (n_dot == 0)
        single_dot = (n_dot == 1) & (n_comma == 0)
        comma_decimal = int((single_comma & ~_grouped(text, ",")).sum())
        dot_decimal = int((single_dot & ~_grouped(text, ".")).sum())
        if dot_decimal and not comma_decimal:
            column_decimal = "."
        elif comma_decimal and not dot_decimal:
            column_decimal = ","
        else:
            column_decimal = decimal or "."
        # the decimal mark of each value
        last_comma = text.str.rfind(",")
        last_dot = text.str.rfind(".")
        dec = pd.Series(".", index=text.index, dtype=object)
        both = (n_comma > 0) & (n_dot > 0)
        dec[both & (last_comma > last_dot)] = ","
        dec[(n_comma >= 2) & (n_dot == 0)] = "."
        dec[(n_dot >= 2) & (n_comma == 0)] = ","
        if column_decimal == ",":
            dec[single_comma] = ","
            dec[single_dot & ~_grouped(text, ".")] = "."
            dec[single_dot & _grouped(text, ".")] = ","
        else:
            dec[single_dot] = "."
            dec[single_comma & ~_grouped(text, ",")] = ","
            dec[single_comma & _grouped(text, ",")] = "."
        normal = pd.Series("x", index=text.index, dtype=object)
        for d, t in ((",", "."), (".", ",")):
            pick = dec == d
            sub = text[pick]
            ok = sub.str.fullmatch(
                rf"[+-]?(?:\d+|\d{{1,3}}(?:{re.escape(t)}\d{{3}})+)?(?:{re.escape(d)}\d+)?"
                r"(?:[eE][+-]?\d+)?"
            ).fillna(False) & sub.str.contains(r"\d", regex=True)
            cleaned = sub.str.replace(t, "", regex=False).str.replace(d, ".", regex=False)
            normal[pick] = cleaned.where(ok, "x")
    floats = pd.to_numeric(normal, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    finite = np.isfinite(floats)
    status = np.where(finite, _OK, _BAD).astype(np.int8)
    status[empty] = _EMPTY
    return _Parsed(np.where(finite, floats, np.nan), status)


# ==========================================================================
# Collecting problems
# ==========================================================================


class _Collector:
    """Gather problems, cap each kind and keep the complete set of error rows."""

    def __init__(self, raw: RawTable, cap: int) -> None:
        self.raw = raw
        self.n = len(raw.rows)
        self.cap = max(int(cap), 1)
        self.file_problems: list[Problem] = []
        self.chunks: dict[
            str, list[tuple[np.ndarray, str | None, Severity, dict[str, object]]]
        ] = {}
        self.error = np.zeros(self.n, dtype=bool)

    def file(
        self,
        code: str,
        *,
        severity: Severity = "error",
        column: str | None = None,
        **params: object,
    ) -> None:
        self.file_problems.append(
            Problem(self.raw.file, self.raw.layer, None, column, code, severity, params)
        )

    @property
    def file_failed(self) -> bool:
        return any(p.severity == "error" for p in self.file_problems)

    def rows(
        self,
        code: str,
        mask: np.ndarray,
        *,
        column: str | None,
        severity: Severity = "error",
        **params: object,
    ) -> None:
        """Add ``code`` for every row where ``mask`` holds.

        A parameter is a scalar (the same for every row) or an array/Series
        of length ``n`` (one value per row).
        """
        self.add(code, mask, column, severity, params)

    def add(
        self,
        code: str,
        mask: np.ndarray,
        column: str | None,
        severity: Severity,
        params: Mapping[str, object],
    ) -> None:
        """Like :meth:`rows`, with the parameters as a mapping."""
        pos = np.flatnonzero(np.asarray(mask, dtype=bool))
        if not len(pos):
            return
        if severity == "error":
            self.error[pos] = True
        arrays = {
            k: (np.asarray(v, dtype=object) if isinstance(v, (np.ndarray, pd.Series)) else v)
            for k, v in params.items()
        }
        self.chunks.setdefault(code, []).append((pos, column, severity, arrays))

    def finalize(self) -> list[Problem]:
        raw = self.raw
        out = list(self.file_problems)
        for code, chunks in self.chunks.items():
            positions = np.concatenate([c[0] for c in chunks])
            chunk_ids = np.concatenate(
                [np.full(len(c[0]), i, dtype=np.int64) for i, c in enumerate(chunks)]
            )
            order = np.lexsort((chunk_ids, positions))
            for k in order[: self.cap]:
                pos, cid = int(positions[k]), int(chunk_ids[k])
                _, column, severity, arrays = chunks[cid]
                params = {
                    key: (value[pos] if isinstance(value, np.ndarray) else value)
                    for key, value in arrays.items()
                }
                params = {key: _plain(value) for key, value in params.items()}
                if raw.lines is not None:
                    params["line"] = int(raw.lines[pos])
                out.append(
                    Problem(raw.file, raw.layer, int(raw.rows[pos]), column, code, severity, params)
                )
            rest = order[self.cap :]
            if len(rest):
                columns = {chunks[int(chunk_ids[k])][1] for k in rest}
                severities = {chunks[int(chunk_ids[k])][2] for k in rest}
                worst: Severity = (
                    "error"
                    if "error" in severities
                    else "warning"
                    if "warning" in severities
                    else "repaired"
                )
                rest_rows = raw.rows[positions[rest]]
                out.append(
                    Problem(
                        raw.file,
                        raw.layer,
                        int(rest_rows.min()),
                        columns.pop() if len(columns) == 1 else None,
                        "more_problems",
                        worst,
                        {
                            "count": len(rest),
                            "first_row": int(rest_rows.min()),
                            "last_row": int(rest_rows.max()),
                            "problem": code,
                        },
                    )
                )
        return out


# ==========================================================================
# The checks
# ==========================================================================

_TYPE_NAMES = (
    "Point",
    "LineString",
    "LinearRing",
    "Polygon",
    "MultiPoint",
    "MultiLineString",
    "MultiPolygon",
    "GeometryCollection",
)
_POINT, _POLYGON, _MULTIPOINT, _MULTIPOLYGON = 0, 3, 4, 6

_EXPECTED_GEOMETRY = {
    ("Point",): {"en": "a Point", "es": "un punto (Point)"},
    ("Polygon",): {
        "en": "a Polygon or MultiPolygon",
        "es": "un polígono (Polygon o MultiPolygon)",
    },
    ("Polygon", "Point"): {
        "en": "a Point, Polygon or MultiPolygon",
        "es": "un punto o un polígono (Point, Polygon o MultiPolygon)",
    },
}

_VALIDITY_REASONS: tuple[tuple[str, dict[str, str]], ...] = (
    (
        "ring self-intersection",
        {"en": "a ring touches itself", "es": "un anillo se toca a sí mismo"},
    ),
    (
        "self-intersection",
        {"en": "its outline crosses itself", "es": "su contorno se cruza consigo mismo"},
    ),
    ("too few points", {"en": "too few points", "es": "tiene muy pocos puntos"}),
    ("hole lies outside shell", {"en": "a hole lies outside it", "es": "un hueco queda por fuera"}),
    ("nested holes", {"en": "holes inside holes", "es": "huecos dentro de huecos"}),
    ("nested shells", {"en": "parts inside parts", "es": "partes dentro de otras partes"}),
    (
        "interior is disconnected",
        {"en": "holes cut it in pieces", "es": "los huecos lo parten en pedazos"},
    ),
    ("duplicate rings", {"en": "repeated rings", "es": "anillos repetidos"}),
    ("invalid coordinate", {"en": "an invalid coordinate", "es": "una coordenada no válida"}),
    ("ring is not closed", {"en": "a ring is not closed", "es": "un anillo no está cerrado"}),
)


def _reason(text: str) -> dict[str, str]:
    low = text.lower()
    for key, words in _VALIDITY_REASONS:
        if low.startswith(key):
            return words
    plain = re.sub(r"\[.*\]$", "", text)
    return {"en": plain, "es": plain}


def _accepted_categories() -> dict[str, str]:
    codes = list(schema.CATEGORIES)
    en = ", ".join(codes)
    es_names = ", ".join(
        re.sub(r"\s*\(.*\)$", "", c.label_es).lower() for c in schema.CATEGORIES.values()
    )
    return {"en": f"{en} (in Spanish: {es_names})", "es": f"{es_names} (en inglés: {en})"}


def _accepted_components() -> dict[str, str]:
    en = ", ".join(schema.COMPONENTS)
    es_names = ", ".join(v[0] for v in schema.COMPONENTS.values())
    return {"en": f"{en} (in Spanish: {es_names})", "es": f"{es_names} (en inglés: {en})"}


def _accepted_choices(column: str) -> dict[str, str]:
    codes = list(CHOICE_ALIASES[column])
    es_names = ", ".join(_CHOICE_LABELS_ES[column][c] for c in codes)
    en = ", ".join(codes)
    return {"en": f"{en} (in Spanish: {es_names})", "es": f"{es_names} (en inglés: {en})"}


class _Validator:
    """Validate one :class:`RawTable` (one use)."""

    def __init__(
        self,
        raw: RawTable,
        *,
        reference: Mapping[str, gpd.GeoDataFrame] | None,
        crs: str | None,
    ) -> None:
        self.raw = raw
        self.spec = schema.SPECS[raw.layer]
        self.reference = {
            name: frame
            for name, frame in (reference or {}).items()
            if name != raw.layer and frame is not None
        }
        self.crs = crs
        self.n = len(raw.rows)
        self.out = _Collector(raw, settings.max_problems_listed)
        for p in raw.problems:
            self.out.file_problems.append(p)
        self.values: dict[str, pd.Series] = {}
        self.roles: dict[str, str] = {}
        self.extras: list[str] = []
        self.geometry: np.ndarray = np.full(self.n, None, dtype=object)
        self.geo_column = "geometry"
        self.probe_text: tuple[np.ndarray, np.ndarray] | None = None
        self.located = np.zeros(self.n, dtype=bool)
        self.geo_source = False
        self.geo_blocked = False
        self.geo_reported = np.zeros(self.n, dtype=bool)
        self._used_coords: tuple[str, ...] = ()
        self._texts: dict[str, pd.Series] = {}

    # -- columns ---------------------------------------------------------------

    def map_columns(self) -> None:
        names = column_names(self.spec)
        canon = {c.name for c in self.spec.columns}
        by_role: dict[str, list[str]] = {}
        for col in self.raw.data.columns:
            key = _column_key(col)
            role = names.get(key)
            if role is None and self.raw.shapefile and len(str(col)) == 10:
                prefix = str(col).lower()
                hits = [c for c in canon if c.lower().startswith(prefix)]
                role = hits[0] if len(hits) == 1 else None
            if role is None:
                self.extras.append(col)
            else:
                by_role.setdefault(role, []).append(col)
        for role, cols in by_role.items():
            if len(cols) == 1:
                self.roles[role] = cols[0]
                continue
            self.out.file(
                "ambiguous_columns",
                name=role,
                columns=", ".join(f"`{c}`" for c in cols),
            )
        found = ", ".join(f"`{c}`" for c in self.raw.data.columns) or "-"
        for col in self.spec.columns:
            if col.required and col.name not in self.roles and col.name not in by_role:
                accepted = ", ".join(f"`{a}`" for a in accepted_names(self.spec, col.name))
                self.out.file("missing_column", name=col.name, accepted=accepted, found=found)

    def user(self, name: str) -> str:
        return str(self.roles[name])

    def text(self, column: str) -> pd.Series:
        """The file's column ``column`` as clean text (computed once)."""
        if column not in self._texts:
            self._texts[column] = _text(self.raw.data[column])
        return self._texts[column]

    # -- attribute columns ---------------------------------------------------

    def check_columns(self) -> None:
        for col in self.spec.columns:
            if col.name not in self.roles:
                continue
            source = self.raw.data[self.roles[col.name]]
            user = self.user(col.name)
            if col.kind in ("id", "text"):
                self.values[col.name] = self._text_column(col, source, user)
            elif col.kind in ("datetime", "date"):
                self.values[col.name] = self._date_column(col, source, user)
            elif col.kind == "category":
                self.values[col.name] = self._coded(
                    col, source, user, schema.parse_category, "unknown_category"
                )
            elif col.kind == "component":
                self.values[col.name] = self._coded(
                    col, source, user, schema.parse_component, "unknown_component"
                )
            else:
                self.values[col.name] = self._number_column(col, source, user)

    def _missing(self, col: schema.Column, empty: np.ndarray, user: str) -> None:
        if col.required:
            self.out.rows("missing_value", empty, column=user, name=col.name)

    def _text_column(self, col: schema.Column, source: pd.Series, user: str) -> pd.Series:
        text = self.text(user)
        empty = (text == "").to_numpy()
        self._missing(col, empty, user)
        if col.choices is not None:
            lookup = _CHOICE_LOOKUP.get(col.name, {c: c for c in col.choices})
            codes, uniques = pd.factorize(text)
            mapped = np.array(
                [lookup.get(schema.normalize_token(u)) for u in uniques] + [None], dtype=object
            )[codes]
            unknown = ~empty & pd.isna(mapped)
            self.out.rows(
                "unknown_choice",
                unknown,
                column=user,
                value=text,
                name=col.name,
                accepted=_accepted_choices(col.name),
            )
            return pd.Series(mapped, index=text.index, dtype=object).where(~empty, None)
        if col.name == "kind":
            codes, uniques = pd.factorize(text)
            mapped = np.array(
                [_KIND_LOOKUP.get(schema.normalize_token(u), u) for u in uniques] + [""],
                dtype=object,
            )[codes]
            text = pd.Series(mapped, index=text.index, dtype=object)
        return text.where(~empty, None)

    def _coded(
        self,
        col: schema.Column,
        source: pd.Series,
        user: str,
        parse: object,
        code: str,
    ) -> pd.Series:
        text = self.text(user)
        empty = (text == "").to_numpy()
        self._missing(col, empty, user)
        codes, uniques = pd.factorize(text)
        assert callable(parse)
        mapped = np.array([parse(u) for u in uniques] + [None], dtype=object)[codes]
        unknown = ~empty & pd.isna(mapped)
        accepted = _accepted_categories() if col.kind == "category" else _accepted_components()
        self.out.rows(code, unknown, column=user, value=text, accepted=accepted)
        return pd.Series(mapped, index=text.index, dtype=object)

    def _date_column(self, col: schema.Column, source: pd.Series, user: str) -> pd.Series:
        text = self.text(user)
        parsed = _parse_datetimes(source, tz=settings.timezone, text=text)
        self._missing(col, parsed.status == _EMPTY, user)
        self.out.rows("bad_date", parsed.status == _BAD, column=user, value=text)
        self.out.rows(
            "excel_serial_date",
            parsed.status == _SERIAL,
            column=user,
            value=text,
            date=parsed.hint,
        )
        stamps = pd.Series(parsed.values, index=source.index).astype("datetime64[ms]")
        if col.kind == "datetime":
            stamps = self._combine_time(stamps, parsed, text, user)
        else:
            stamps = stamps.dt.normalize()
        ok = (parsed.status == _OK) & stamps.notna().to_numpy()
        earliest = pd.Timestamp("1900-01-01")
        old = ok & (stamps < earliest).to_numpy()
        self.out.rows("date_too_old", old, column=user, value=text, earliest="1900-01-01")
        if col.kind == "datetime":
            now = pd.Timestamp.now(tz=settings.timezone).tz_localize(None)
            future = ok & (stamps > now + pd.Timedelta(days=1)).to_numpy()
            self.out.rows("future_date", future, column=user, value=text)
        return stamps

    def _combine_time(
        self, stamps: pd.Series, parsed: _Parsed, text: pd.Series, user: str
    ) -> pd.Series:
        if "time" not in self.roles:
            return stamps
        time_col = self.user("time")
        time_text = self.text(time_col)
        times = _parse_times(self.raw.data[time_col], text=time_text)
        self.out.rows("bad_time", times.status == _BAD, column=time_col, value=time_text)
        given = times.status == _OK
        seconds = pd.to_timedelta(np.nan_to_num(times.values), unit="s")
        day = stamps.dt.normalize()
        own = (stamps - day).to_numpy()
        assert parsed.has_time is not None
        clash = (
            given
            & (parsed.status == _OK)
            & parsed.has_time
            & (own != np.timedelta64(0, "ns"))
            & (own != seconds.to_numpy())
        )
        self.out.rows(
            "conflicting_time",
            clash,
            column=user,
            value=text,
            time=stamps.dt.strftime("%H:%M").to_numpy(dtype=object, na_value=""),
            other=time_text,
            other_column=time_col,
        )
        combined = day + pd.Series(seconds, index=stamps.index)
        return stamps.where(~given, combined).astype("datetime64[ms]")

    def _number_column(self, col: schema.Column, source: pd.Series, user: str) -> pd.Series:
        integer = col.kind == "int"
        text = self.text(user)
        parsed = _parse_numbers(
            source, decimal=self.raw.decimal, mode="int" if integer else "float", text=text
        )
        self._missing(col, parsed.status == _EMPTY, user)
        values = parsed.values
        self.out.rows(
            "not_an_integer" if integer else "not_a_number",
            parsed.status == _BAD,
            column=user,
            value=text,
        )
        ok = parsed.status == _OK
        if integer:
            fraction = ok & (np.abs(values - np.round(np.nan_to_num(values))) > 1e-9)
            fraction |= ok & (np.abs(np.nan_to_num(values)) >= 2**53)
            self.out.rows("not_an_integer", fraction, column=user, value=text)
            ok &= ~fraction
        lo, hi = col.minimum, col.maximum
        low = ok & (values < lo) if lo is not None else np.zeros(self.n, dtype=bool)
        high = ok & (values > hi) if hi is not None else np.zeros(self.n, dtype=bool)
        if lo is not None and hi is not None:
            self.out.rows(
                "out_of_range",
                low | high,
                column=user,
                value=text,
                minimum=_number(lo),
                maximum=_number(hi),
            )
        elif lo == 0:
            self.out.rows("negative_value", low, column=user, value=text, name=col.name)
        elif lo is not None:
            self.out.rows("below_minimum", low, column=user, value=text, minimum=_number(lo))
        elif hi is not None:
            self.out.rows(
                "out_of_range",
                high,
                column=user,
                value=text,
                minimum="-∞",
                maximum=_number(hi),
            )
        clean = np.where(ok, values, np.nan)
        if integer:
            return pd.Series(pd.array(np.round(clean), dtype="Int64"), index=source.index)
        return pd.Series(clean, index=source.index, dtype="float64")

    # -- relations between columns --------------------------------------------

    def check_ids(self) -> None:
        name = self.spec.id_column
        if name not in self.values:
            return
        ids = self.values[name]
        present = ids.notna().to_numpy()
        keys = ids.where(ids.notna(), "")
        dup = keys.duplicated(keep="first").to_numpy() & present
        if not dup.any():
            return
        first = pd.Series(np.arange(self.n)).groupby(keys.to_numpy()).transform("min").to_numpy()
        self.out.rows(
            "duplicate_id",
            dup,
            column=self.user(name),
            value=ids.astype(object),
            first_row=self.raw.rows[first],
        )

    def check_periods(self) -> None:
        if "start" not in self.values or "end" not in self.values:
            return
        start, end = self.values["start"], self.values["end"]
        bad = (end < start).fillna(False).to_numpy(dtype=bool)
        self.out.rows(
            "end_before_start",
            bad,
            column=self.user("end"),
            value=self.text(self.user("end")),
            start=self.text(self.user("start")),
            start_column=self.user("start"),
        )

    def check_neighborhood_ids(self) -> None:
        if "neighborhood_id" not in self.values or self.raw.layer == "neighborhoods":
            return
        frame = self.reference.get("neighborhoods")
        if frame is None or "neighborhood_id" not in frame.columns:
            return
        known = set(_text(frame["neighborhood_id"]))
        ids = self.values["neighborhood_id"]
        unknown = ids.notna().to_numpy() & ~ids.isin(known).to_numpy()
        self.out.rows(
            "unknown_neighborhood",
            unknown,
            column=self.user("neighborhood_id"),
            severity="warning",
            value=ids.astype(object),
        )

    # -- geometry --------------------------------------------------------------

    def build_geometry(self) -> None:
        raw = self.raw
        coord_cols = [self.roles[r] for r in ("lat", "lon", "x", "y") if r in self.roles]
        wkt_cols = [self.roles["wkt"]] if "wkt" in self.roles else []
        if raw.geometry is not None and bool(raw.geometry.notna().any()):
            self.geometry = np.asarray(raw.geometry.array, dtype=object)
            self.extras += coord_cols + wkt_cols
            self.geo_source = True
            return
        if wkt_cols:
            self._from_wkt()
            self.geo_source = True
        pairs = ("lat" in self.roles and "lon" in self.roles) or (
            "x" in self.roles and "y" in self.roles
        )
        if coord_cols and "Point" not in self.spec.geometry:
            if not self.spec.geometry_required:
                self.out.file(
                    "coordinates_ignored",
                    severity="warning",
                    columns=", ".join(f"`{c}`" for c in coord_cols),
                )
            self.extras += coord_cols
        elif pairs:
            self._from_coordinates()
            self.geo_source = True
            self.extras += [c for c in coord_cols if c not in self._used_coords]
        else:
            self.extras += coord_cols
        if self.spec.geometry_required and not self.geo_source:
            found = ", ".join(f"`{c}`" for c in raw.data.columns) or "-"
            if "Point" in self.spec.geometry:
                self.out.file("missing_coordinates", found=found)
            else:
                self.out.file("missing_polygons", found=found)

    def _from_wkt(self) -> None:
        col = self.roles["wkt"]
        text = self.text(col)
        geoms = shapely.from_wkt(text.where(text != "", None).to_numpy(), on_invalid="ignore")
        bad = (text != "").to_numpy() & pd.isna(geoms)
        self.out.rows("bad_wkt", bad, column=col, value=text)
        if self.crs is not None:
            ok = ~pd.isna(geoms)
            if ok.any():
                series = gpd.GeoSeries(geoms[ok], crs=self.crs)
                bounds = series.total_bounds
                if not _looks_like_degrees(bounds[[0, 2]], bounds[[1, 3]]):
                    geoms[ok] = np.asarray(series.to_crs(STORAGE_CRS).array, dtype=object)
        self.geometry = np.asarray(geoms, dtype=object)
        self.geo_column = col
        self.geo_reported |= bad

    def _from_coordinates(self) -> None:
        roles, data = self.roles, self.raw.data
        if "lat" in roles and "lon" in roles:
            lat_col, lon_col = roles["lat"], roles["lon"]
            degrees = True
        else:
            lat_col, lon_col = roles["y"], roles["x"]
            degrees = False
        self._used_coords = (lat_col, lon_col)
        lat_text, lon_text = self.text(lat_col), self.text(lon_col)
        lat = _parse_numbers(
            data[lat_col], decimal=self.raw.decimal, mode="coordinate", text=lat_text
        )
        lon = _parse_numbers(
            data[lon_col], decimal=self.raw.decimal, mode="coordinate", text=lon_text
        )
        # rows with a WKT geometry (or a bad one, already reported) need no coordinates
        need = pd.isna(self.geometry) & ~self.geo_reported
        for parsed, col, text in ((lat, lat_col, lat_text), (lon, lon_col, lon_text)):
            self.out.rows("not_a_number", need & (parsed.status == _BAD), column=col, value=text)
        self.out.rows(
            "missing_coordinate",
            need & (lat.status == _EMPTY) & (lon.status != _EMPTY),
            column=lat_col,
        )
        self.out.rows(
            "missing_coordinate",
            need & (lon.status == _EMPTY) & (lat.status != _EMPTY),
            column=lon_col,
        )
        ok = need & (lat.status == _OK) & (lon.status == _OK)
        both_empty = (lat.status == _EMPTY) & (lon.status == _EMPTY)
        self.geo_reported |= need & ~ok & ~both_empty
        xs, ys = lon.values.copy(), lat.values.copy()
        if not degrees and ok.any():
            if _looks_like_degrees(xs[ok], ys[ok]):
                degrees = True
            elif self.crs is None:
                self.out.file("needs_crs", columns=f"`{lon_col}`, `{lat_col}`")
                self.geo_blocked = True
                ok[:] = False
            else:
                pts = gpd.GeoSeries(gpd.points_from_xy(xs[ok], ys[ok]), crs=self.crs)
                pts = pts.to_crs(STORAGE_CRS)
                xs[ok], ys[ok] = pts.x.to_numpy(), pts.y.to_numpy()
        if degrees and self.crs is not None and ok.any():
            self.out.file("crs_ignored", severity="warning", crs=self.crs, used="EPSG:4326")
        points = np.asarray(
            gpd.points_from_xy(np.where(ok, xs, 0), np.where(ok, ys, 0)), dtype=object
        )
        self.geometry = np.where(ok, points, self.geometry)
        self.geo_column = f"{lat_col}/{lon_col}"
        self.probe_text = (np.asarray(lat_text, dtype=object), np.asarray(lon_text, dtype=object))

    def check_geometry(self) -> None:
        spec = self.spec
        geoms = self.geometry
        missing = pd.isna(geoms)
        col = self.geo_column
        if spec.geometry_required and self.geo_source and not self.geo_blocked:
            self.out.rows("missing_geometry", missing & ~self.geo_reported, column=col)
        present = ~missing
        if not present.any():
            return
        types = np.full(self.n, -1, dtype=np.int64)
        types[present] = shapely.get_type_id(geoms[present])
        # a one-point MultiPoint is a Point
        multi = types == _MULTIPOINT
        if multi.any():
            single = multi.copy()
            single[multi] = shapely.get_num_geometries(geoms[multi]) == 1
            geoms[single] = shapely.get_geometry(geoms[single], 0)
            types[single] = _POINT
        has_z = present.copy()
        has_z[present] = shapely.has_z(geoms[present])
        if has_z.any():
            geoms[has_z] = shapely.force_2d(geoms[has_z])
        allowed_ids = set()
        if "Point" in spec.geometry:
            allowed_ids.add(_POINT)
        if "Polygon" in spec.geometry:
            allowed_ids.update({_POLYGON, _MULTIPOLYGON})
        wrong = present & ~np.isin(types, list(allowed_ids))
        names = np.asarray((*_TYPE_NAMES, ""), dtype=object)[types]  # -1 (missing) -> ""
        self.out.rows(
            "wrong_geometry_type",
            wrong,
            column=col,
            got=names,
            expected=_EXPECTED_GEOMETRY[spec.geometry],
        )
        empty = present & ~wrong
        empty[empty] = shapely.is_empty(geoms[empty])
        self.out.rows("empty_geometry", empty, column=col)
        usable = present & ~wrong & ~empty
        polygons = usable & np.isin(types, [_POLYGON, _MULTIPOLYGON])
        if polygons.any():
            self._repair(geoms, polygons, col)
        self.geometry = geoms
        self.located = usable & ~pd.isna(geoms)

    def _repair(self, geoms: np.ndarray, polygons: np.ndarray, col: str) -> None:
        invalid = polygons.copy()
        invalid[polygons] = ~shapely.is_valid(geoms[polygons])
        if not invalid.any():
            return
        idx = np.flatnonzero(invalid)
        originals = geoms[idx]
        reasons = np.array([_reason(r) for r in shapely.is_valid_reason(originals)], dtype=object)
        repaired = shapely.make_valid(originals)
        polys = np.array([_polygonal(g) for g in repaired], dtype=object)
        metric = _metric_crs_for(originals)
        area_before = gpd.GeoSeries(originals, crs=STORAGE_CRS).to_crs(metric).area.to_numpy()
        fixed = ~pd.isna(polys)
        area_after = np.zeros(len(idx))
        if fixed.any():
            area_after[fixed] = (
                gpd.GeoSeries(polys[fixed], crs=STORAGE_CRS).to_crs(metric).area.to_numpy()
            )
        with np.errstate(divide="ignore", invalid="ignore"):
            change = np.abs(area_after - area_before) / area_before
        change = np.where(np.isfinite(change), change, np.inf)
        limit = settings.max_repair_area_change
        accept = fixed & (change <= limit)
        pct = np.array(
            [round(float(c) * 100, 2) if math.isfinite(c) else 100.0 for c in change], dtype=object
        )
        mask_ok = np.zeros(self.n, dtype=bool)
        mask_ok[idx[accept]] = True
        mask_bad = np.zeros(self.n, dtype=bool)
        mask_bad[idx[~accept]] = True
        full_reason = np.full(self.n, None, dtype=object)
        full_reason[idx] = reasons
        full_pct = np.full(self.n, None, dtype=object)
        full_pct[idx] = pct
        self.out.rows(
            "repaired_geometry",
            mask_ok,
            column=col,
            severity="repaired",
            reason=full_reason,
            change_pct=full_pct,
        )
        self.out.rows(
            "invalid_geometry",
            mask_bad,
            column=col,
            reason=full_reason,
            change_pct=full_pct,
            limit_pct=round(limit * 100, 2),
        )
        geoms[idx[accept]] = polys[accept]

    # -- locations -------------------------------------------------------------

    def check_locations(self) -> None:
        if not self.raw.geometry_usable or not self.located.any():
            return
        geoms = self.geometry
        loc = self.located
        probes = np.full(self.n, None, dtype=object)
        probes[loc] = shapely.point_on_surface(geoms[loc])
        lon = np.full(self.n, np.nan)
        lat = np.full(self.n, np.nan)
        lon[loc] = shapely.get_x(probes[loc])
        lat[loc] = shapely.get_y(probes[loc])
        col = self.geo_column
        if self.probe_text is not None:
            lat_txt, lon_txt = self.probe_text
        else:
            lat_txt, lon_txt = np.round(lat, 6), np.round(lon, 6)
        in_range = loc & (np.abs(lat) <= 90) & (np.abs(lon) <= 180)
        out_range = loc & ~in_range
        metres = out_range & ((np.abs(lat) > 1000) | (np.abs(lon) > 1000))
        swapped_range = out_range & ~metres & (np.abs(lon) <= 90) & (np.abs(lat) <= 180)
        other_range = out_range & ~metres & ~swapped_range
        total = int(loc.sum())
        if metres.sum() * 2 > total:
            self.out.file("coordinates_look_projected", count=int(metres.sum()), total=total)
            self.out.error[:] = True
            return
        self.out.rows("projected_as_degrees", metres, column=col, lat=lat_txt, lon=lon_txt)
        self.out.rows("swapped_latlon", swapped_range, column=col, lat=lat_txt, lon=lon_txt)
        self.out.rows("coordinate_out_of_range", other_range, column=col, lat=lat_txt, lon=lon_txt)
        if not in_range.any():
            return
        area, metric = self._reference_area()
        if area is not None:
            self._against_reference(area, metric, in_range, lat, lon, lat_txt, lon_txt)
        elif not self._whole_file_swapped(in_range, lat, lon):
            self._against_median(in_range, lat, lon, lat_txt, lon_txt)

    def _whole_file_swapped(self, in_range: np.ndarray, lat: np.ndarray, lon: np.ndarray) -> bool:
        """Reject a file whose every point needs latitude and longitude exchanged.

        With no other layer there is no city to compare with, and no
        majority either when every row is swapped: a point is taken as
        swapped when, as given, it lies where no city is (south of
        :data:`NO_CITY_SOUTH_OF`) or outside the country's bounds, while
        exchanged it lies north of that latitude or inside the country. At
        least 90 % of the located rows (and every one of them must be a valid
        longitude/latitude both ways) make it a file-level error.
        """
        idx = np.flatnonzero(in_range)
        if not len(idx):
            return False
        la, lo = lat[idx], lon[idx]
        x0, y0, x1, y1 = COLOMBIA_BOUNDS
        in_country = (lo >= x0) & (lo <= x1) & (la >= y0) & (la <= y1)
        swapped_in_country = (la >= x0) & (la <= x1) & (lo >= y0) & (lo <= y1)
        south = la < NO_CITY_SOUTH_OF
        swapped_south = lo < NO_CITY_SOUTH_OF
        can_swap = np.abs(lo) <= 90
        suspect = can_swap & ((south & ~swapped_south) | (~in_country & swapped_in_country))
        total = len(idx)
        if not can_swap.all() or suspect.sum() < max(1, math.ceil(0.9 * total)):
            return False
        mlat, mlon = float(np.median(la)), float(np.median(lo))
        place = (
            {
                "en": "in Antarctica or the Southern Ocean",
                "es": "en la Antártida o el océano Austral",
            }
            if south.mean() >= 0.5
            else {"en": "outside Colombia", "es": "fuera de Colombia"}
        )
        country = (
            {"en": ", in Colombia", "es": ", en Colombia"}
            if swapped_in_country.mean() >= 0.5
            else {"en": "", "es": ""}
        )
        facts: dict[str, Any] = {
            "count": int(suspect.sum()),
            "total": total,
            "lat": round(mlat, 2),
            "lon": round(mlon, 2),
            "swapped_lat": round(mlon, 2),
            "swapped_lon": round(mlat, 2),
            "place": place,
            "country": country,
        }
        col = self.geo_column
        if self.probe_text is not None and "/" in col:
            lat_col, lon_col = col.split("/", 1)
            self.out.file("all_columns_swapped", lat_col=lat_col, lon_col=lon_col, **facts)
        else:
            self.out.file("all_axes_swapped", **facts)
        self.out.error[:] = True
        return True

    def _reference_area(self) -> tuple[shapely.Geometry | None, str]:
        frames = [
            f
            for f in self.reference.values()
            if isinstance(f, gpd.GeoDataFrame)
            and len(f)
            and f.crs is not None
            and f.geometry.notna().any()
            and not f.geometry.is_empty.all()
        ]
        if not frames:
            return None, ""
        try:
            metric = crs_for_frames(*frames)
        except ValueError:
            return None, ""
        hoods = self.reference.get("neighborhoods")
        if hoods is not None and any(f is hoods for f in frames):
            geoms = hoods.geometry.to_crs(metric)
            geoms = geoms[geoms.notna() & ~geoms.is_empty]
            area = shapely.union_all(shapely.make_valid(np.asarray(geoms.array, dtype=object)))
        else:
            boxes = [shapely.box(*f.to_crs(STORAGE_CRS).total_bounds) for f in frames]
            extent = gpd.GeoSeries(boxes, crs=STORAGE_CRS).to_crs(metric)
            area = shapely.union_all(np.asarray(extent.array, dtype=object))
        shapely.prepare(area)
        return area, metric

    def _against_reference(
        self,
        area: shapely.Geometry,
        metric: str,
        in_range: np.ndarray,
        lat: np.ndarray,
        lon: np.ndarray,
        lat_txt: np.ndarray,
        lon_txt: np.ndarray,
    ) -> None:
        tol = settings.outside_tolerance_m
        idx = np.flatnonzero(in_range)
        geoms = gpd.GeoSeries(self.geometry[idx], crs=STORAGE_CRS).to_crs(metric)
        projected = np.asarray(geoms.array, dtype=object)
        finite = _finite(projected)
        near = np.zeros(len(idx), dtype=bool)
        near[finite] = shapely.dwithin(area, projected[finite], tol)
        far = idx[~near]
        if not len(far):
            return
        distance = np.full(len(far), np.inf)
        far_proj = projected[~near]
        far_finite = finite[~near]
        distance[far_finite] = shapely.distance(area, far_proj[far_finite])
        can_swap = np.abs(lon[far]) <= 90
        swapped = np.zeros(len(far), dtype=bool)
        if can_swap.any():
            pts = gpd.GeoSeries(
                gpd.points_from_xy(lat[far][can_swap], lon[far][can_swap]), crs=STORAGE_CRS
            ).to_crs(metric)
            sw = np.asarray(pts.array, dtype=object)
            ok = _finite(sw)
            hit = np.zeros(len(sw), dtype=bool)
            hit[ok] = shapely.dwithin(area, sw[ok], tol)
            swapped[can_swap] = hit
        self._report_far(far, swapped, distance, in_range, lat_txt, lon_txt, outside=True)

    def _against_median(
        self,
        in_range: np.ndarray,
        lat: np.ndarray,
        lon: np.ndarray,
        lat_txt: np.ndarray,
        lon_txt: np.ndarray,
    ) -> None:
        idx = np.flatnonzero(in_range)
        if len(idx) < 3:
            return
        mlon, mlat = float(np.median(lon[idx])), float(np.median(lat[idx]))
        metric = choose_projected_crs(mlon, mlat)
        limit = settings.outlier_distance_m
        pts = gpd.GeoSeries(gpd.points_from_xy(lon[idx], lat[idx]), crs=STORAGE_CRS).to_crs(metric)
        centre = gpd.GeoSeries(gpd.points_from_xy([mlon], [mlat]), crs=STORAGE_CRS).to_crs(metric)
        cx, cy = float(centre.x.iloc[0]), float(centre.y.iloc[0])
        with np.errstate(invalid="ignore", over="ignore"):
            d = np.hypot(pts.x.to_numpy() - cx, pts.y.to_numpy() - cy)
        d = np.where(np.isfinite(d), d, np.inf)
        far_mask = d > limit
        far = idx[far_mask]
        if not len(far):
            return
        can_swap = np.abs(lon[far]) <= 90
        swapped = np.zeros(len(far), dtype=bool)
        if can_swap.any():
            sw = gpd.GeoSeries(
                gpd.points_from_xy(lat[far][can_swap], lon[far][can_swap]), crs=STORAGE_CRS
            ).to_crs(metric)
            with np.errstate(invalid="ignore", over="ignore"):
                ds = np.hypot(sw.x.to_numpy() - cx, sw.y.to_numpy() - cy)
            swapped[can_swap] = np.isfinite(ds) & (ds <= limit)
        self._report_far(far, swapped, d[far_mask], in_range, lat_txt, lon_txt, outside=False)

    def _report_far(
        self,
        far: np.ndarray,
        swapped: np.ndarray,
        distance: np.ndarray,
        in_range: np.ndarray,
        lat_txt: np.ndarray,
        lon_txt: np.ndarray,
        *,
        outside: bool,
    ) -> None:
        col = self.geo_column
        total = int(in_range.sum())
        if swapped.sum() >= max(2, math.ceil(0.9 * total)):
            if self.probe_text is not None and "/" in col:
                lat_col, lon_col = col.split("/", 1)
                self.out.file(
                    "columns_swapped",
                    lat=lat_col,
                    lon=lon_col,
                    count=int(swapped.sum()),
                    total=total,
                )
            else:
                self.out.file("axes_swapped", count=int(swapped.sum()), total=total)
            self.out.error[:] = True
            return
        mask = np.zeros(self.n, dtype=bool)
        mask[far[swapped]] = True
        self.out.rows("swapped_latlon", mask, column=col, lat=lat_txt, lon=lon_txt)
        rest = far[~swapped]
        km = np.full(self.n, None, dtype=object)
        km[rest] = [
            round(float(v) / 1000, 1) if math.isfinite(v) else "∞" for v in distance[~swapped]
        ]
        mask = np.zeros(self.n, dtype=bool)
        mask[rest] = True
        if outside:
            self.out.rows(
                "outside_city",
                mask,
                column=col,
                distance_km=km,
                tolerance_km=round(settings.outside_tolerance_m / 1000, 1),
            )
        else:
            self.out.rows(
                "far_from_others",
                mask,
                column=col,
                distance_km=km,
                limit_km=round(settings.outlier_distance_m / 1000, 1),
            )

    # -- the result ----------------------------------------------------------------

    def run(self) -> ReadResult:
        raw = self.raw
        groups: dict[tuple[str, str | None], list[tuple[int, dict[str, object]]]] = {}
        for pos, code, column, params in raw.row_problems:
            groups.setdefault((code, column), []).append((pos, params))
        for (code, column), entries in groups.items():
            mask = np.zeros(self.n, dtype=bool)
            arrays: dict[str, np.ndarray] = {}
            for pos, params in entries:
                mask[pos] = True
                for key, value in params.items():
                    if key not in arrays:
                        arrays[key] = np.full(self.n, None, dtype=object)
                    arrays[key][pos] = value
            self.out.add(code, mask, column, "error", arrays)
        if self.n:
            self.map_columns()
            self.check_columns()
            self.check_ids()
            self.check_periods()
            self.check_neighborhood_ids()
            self.build_geometry()
            self.check_geometry()
            self.check_locations()
        if self.out.file_failed:
            self.out.error[:] = True
        problems = self.out.finalize()
        valid = ~self.out.error
        report = Report(
            file=raw.file,
            layer=raw.layer,
            n_rows=self.n,
            problems=problems,
            error_rows=[int(r) for r in raw.rows[self.out.error]],
        )
        layer = self._assemble(valid)
        source_rows = pd.Series(raw.rows[valid].astype("int64"), name="row")
        return ReadResult(layer=layer, report=report, source_rows=source_rows)

    def _assemble(self, valid: np.ndarray) -> gpd.GeoDataFrame:
        columns: dict[str, object] = {}
        for col in self.spec.columns:
            if col.name not in self.values:
                continue
            values = self.values[col.name][valid].reset_index(drop=True)
            if col.kind in ("id", "text", "category", "component"):
                values = values.astype(object)
            elif col.kind == "int" and not values.isna().any():
                values = values.astype("int64")
            columns[col.name] = values
        used = set(self.roles.values()) - set(self.extras)
        taken = set(columns)
        for name in self.raw.data.columns:
            if name in used or name not in self.extras:
                continue
            label = str(name)
            while label in taken or label == "geometry":
                label += "_"
            taken.add(label)
            columns[label] = self.raw.data[name][valid].reset_index(drop=True)
        geometry = gpd.GeoSeries(self.geometry[valid], crs=STORAGE_CRS)
        frame = pd.DataFrame(columns, index=pd.RangeIndex(int(valid.sum())))
        return gpd.GeoDataFrame(frame, geometry=geometry.reset_index(drop=True), crs=STORAGE_CRS)


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else float(value)


def _looks_like_degrees(xs: np.ndarray, ys: np.ndarray) -> bool:
    """Whether most (x, y) pairs fit longitude/latitude ranges."""
    xs, ys = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
    if not len(xs):
        return True
    fits = (np.abs(xs) <= 180) & (np.abs(ys) <= 90)
    return bool(fits.mean() >= 0.5)


def _finite(geoms: np.ndarray) -> np.ndarray:
    """Whether each geometry's coordinates are all finite (far points may project to inf)."""
    if not len(geoms):
        return np.zeros(0, dtype=bool)
    bounds = shapely.bounds(geoms)
    return np.isfinite(bounds).all(axis=1)


def _polygonal(geom: shapely.Geometry | None) -> shapely.Geometry | None:
    """The polygonal parts of ``geom`` as a Polygon or MultiPolygon, or ``None``."""
    if geom is None or geom.is_empty:
        return None
    parts = [
        p
        for p in shapely.get_parts(geom)
        if shapely.get_type_id(p) in (_POLYGON, _MULTIPOLYGON) and not p.is_empty
    ]
    if not parts:
        return None
    flat = shapely.get_parts(np.asarray(parts, dtype=object))
    if len(flat) == 1:
        return flat[0]
    return shapely.MultiPolygon(list(flat))


def _metric_crs_for(geoms: np.ndarray) -> str:
    """A projected CRS around ``geoms`` (EPSG:4326) for measuring their areas."""
    bounds = shapely.bounds(geoms)
    ok = np.isfinite(bounds).all(axis=1)
    if not ok.any():
        return "EPSG:3857"
    lon = float(np.median((bounds[ok, 0] + bounds[ok, 2]) / 2))
    lat = float(np.median((bounds[ok, 1] + bounds[ok, 3]) / 2))
    if abs(lon) > 180 or abs(lat) > 90:
        return "EPSG:3857"
    return choose_projected_crs(lon, lat)


def validate_table(
    raw: RawTable,
    *,
    reference: Mapping[str, gpd.GeoDataFrame] | None = None,
    crs: str | None = None,
) -> ReadResult:
    """Check every record of ``raw`` against its layer's schema.

    Parameters
    ----------
    raw
        The file's records, from a reader of ``geo.readers``.
    reference
        Other layers of the workspace (EPSG:4326) that say where the city is:
        the ``neighborhoods`` layer's union if present, else the union of the
        other layers' extents. A layer named like ``raw.layer`` is ignored.
    crs
        CRS of projected x/y (or WKT) columns of a table.

    Returns
    -------
    ReadResult
        The valid rows as a layer, the report, and each row's record number.
    """
    if raw.layer not in schema.SPECS:
        msg = f"`layer` must be one of {', '.join(schema.LAYERS)}, got {raw.layer!r}"
        raise ValueError(msg)
    return _Validator(raw, reference=reference, crs=crs).run()
