"""Parsing values: text, dates, times and numbers, vectorised over a column."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

_NULL_MARKERS = {"null", "nan", "n/a", "#n/a", "-", "s/d", "sin dato", "sin datos"}

_OK, _EMPTY, _BAD, _SERIAL = 0, 1, 2, 3


#: Every character ``str.strip`` removes (Python's whitespace).
_WHITESPACE = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())
_SPACES = "\u00a0\u202f\u2007\ufeff"


def _re2_class(chars: str) -> str:
    """A character class of ``chars`` in RE2's syntax (``[\\x{a0}...]``)."""
    return "[" + "".join(f"\\x{{{ord(c):x}}}" for c in chars) + "]"


#: Arrow (RE2) pattern of a value :func:`_text` may change: a superset (marker
#: case folding is wider in RE2); every other value is its own text.
_MAYBE_CHANGED = (
    f"^{_re2_class(_WHITESPACE)}|{_re2_class(_WHITESPACE)}$|{_re2_class(_SPACES)}"
    "|(?i:^(?:null|nan|n/a|#n/a|-|s/d|sin dato|sin datos)$)"
)
#: Arrow (RE2) pattern of a coordinate Arrow reads as Python would (``-76.30``).
_PLAIN_NUMBER = r"^-?[0-9]+(?:\.[0-9]+)?$"
#: Rows from which a column's values are taken as mostly repeated (cleaned once each).
_SAMPLE = 10_000


def _is_arrow_text(values: pd.Series) -> bool:
    """Whether ``values`` are Arrow strings (a plain CSV file's columns, see ``geo.readers``)."""
    dtype = values.dtype
    return isinstance(dtype, pd.ArrowDtype) and (
        pa.types.is_string(dtype.pyarrow_dtype) or pa.types.is_large_string(dtype.pyarrow_dtype)
    )


def _chunks(values: pd.Series) -> pa.ChunkedArray:
    chunked: pa.ChunkedArray = pa.chunked_array(values.array.__arrow_array__())
    return chunked


def _arrow_text(values: pd.Series) -> pd.Series:
    """:func:`_text` of Arrow strings, each distinct or unusual value cleaned once in Python."""
    chunked = _chunks(values)
    sample = chunked.slice(0, _SAMPLE)
    repeated = len(values) > 2 * _SAMPLE and pc.count_distinct(sample).as_py() * 2 <= len(sample)
    if repeated:
        codes, uniques = pd.factorize(values)
        clean = _plain_text(pd.Series(np.asarray(uniques, dtype=object), dtype=object))
        lookup = np.append(clean.to_numpy(dtype=object), "")
        return pd.Series(lookup[codes], index=values.index, dtype=object)
    raw = chunked.to_numpy(zero_copy_only=False)
    odd = pc.fill_null(pc.match_substring_regex(chunked, _MAYBE_CHANGED), True)
    pick = odd.to_numpy(zero_copy_only=False)
    if pick.any():
        raw[pick] = _plain_text(pd.Series(raw[pick], dtype=object)).to_numpy(dtype=object)
    return pd.Series(raw, index=values.index, dtype=object)


def _text(values: pd.Series) -> pd.Series:
    """Values as stripped text (object dtype); missing values and null markers as ``""``.

    Arrow strings (a CSV file's), and pandas' ``str`` columns or Python
    strings (a Parquet or vector file's text columns, as pandas reads them)
    turned into Arrow strings, are cleaned by :func:`_arrow_text`; a categorical column (a Parquet
    dictionary column) cleans each category once. The result is the same as
    :func:`_plain_text`'s, value by value (tests compare them).
    """
    if _is_arrow_text(values):
        return _arrow_text(values)
    if isinstance(values.dtype, pd.CategoricalDtype):
        categories = values.cat.categories.to_numpy(dtype=object)
        clean = _text(pd.Series(categories, dtype=object)).to_numpy(dtype=object)
        lookup = np.append(clean, "")  # code -1: missing
        return pd.Series(lookup[values.cat.codes.to_numpy()], index=values.index, dtype=object)
    arrow = _as_arrow_text(values)
    if arrow is not None:
        return _arrow_text(arrow)
    return _plain_text(values)


def _as_arrow_text(values: pd.Series) -> pd.Series | None:
    """Text ``values`` (pandas' ``str`` dtype, or Python strings) as Arrow strings; else ``None``."""
    dtype = values.dtype
    strings: pa.Array | pa.ChunkedArray
    if isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow":
        strings = pa.chunked_array(values.array.__arrow_array__())
    elif isinstance(dtype, pd.StringDtype) or (
        pd.api.types.is_object_dtype(dtype)
        and pd.api.types.infer_dtype(values, skipna=True) == "string"
    ):
        objects = values.to_numpy(dtype=object, na_value=None)
        strings = pa.array(objects, type=pa.large_string(), from_pandas=True)
    else:
        return None
    return pd.Series(pd.arrays.ArrowExtensionArray(strings), index=values.index)


def _plain_text(values: pd.Series) -> pd.Series:
    """:func:`_text` value by value, in Python (any dtype but Arrow strings)."""
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
#: Dates and times the general pattern reads as pandas' ISO parser does (a fast path).
_PLAIN_ISO = (
    r"(?:19|20)[0-9]{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"
    r"(?:[ T](?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9])?)?"
)
_SERIAL_RE = r"^\d{5}(?:[.,]\d+)?$"
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")


@dataclass
class _Parsed:
    """Parsed values of a column: values, status per row and extra facts.

    ``has_time`` (dates): whether each value gives a time of day. Text does
    when it is written with one (``04/03/2021 00:00`` does, ``04/03/2021``
    does not). A typed column (``datetime64``: Parquet, or a reader's own
    types) says nothing per value, so the column decides: it gives times
    when any of its values is not at midnight; a column of midnights only is
    a column of dates (a Parquet or DBF date) and gives none.
    """

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


def _parse_datetimes(
    values: pd.Series,
    *,
    tz: str,
    text: pd.Series | None = None,
    timed: Callable[[bool], bool] | None = None,
) -> _Parsed:
    """Parse ISO and day-first dates and times; status ``_OK``, ``_EMPTY``, ``_BAD`` or ``_SERIAL``.

    Times with a UTC offset are converted to ``tz`` and made naive. The
    ``hint`` of a ``_SERIAL`` value is the date an Excel serial number would be.
    ``timed`` turns whether these values of a typed column are off midnight
    into whether the whole file's are (``FileScope.timed``; default: the same).
    """
    n = len(values)
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        series = values
        if isinstance(series.dtype, pd.DatetimeTZDtype):
            series = series.dt.tz_convert(tz).dt.tz_localize(None)
        series = series.astype("datetime64[ms]")
        status = np.where(series.isna().to_numpy(), _EMPTY, _OK).astype(np.int8)
        # a typed column has times when any value is off midnight (see _Parsed)
        off = bool(((series != series.dt.normalize()) & series.notna()).any())
        if timed is not None:
            off = timed(off)
        return _Parsed(series.to_numpy(), status, np.full(n, off, dtype=bool))
    text = _text(values) if text is None else text
    codes, uniques = pd.factorize(text)
    u = pd.Series(np.asarray(uniques, dtype=object), dtype=object)
    if n == 0:
        return _Parsed(
            np.array([], dtype="datetime64[ms]"),
            np.array([], dtype=np.int8),
            np.array([], dtype=bool),
            np.array([], dtype=object),
        )
    stamp = np.full(len(u), np.datetime64("NaT"), dtype="datetime64[ms]")
    status = np.full(len(u), _BAD, dtype=np.int8)
    has_time = np.zeros(len(u), dtype=bool)
    hint = np.full(len(u), "", dtype=object)
    iso = u.str.fullmatch(_PLAIN_ISO).to_numpy(dtype=bool)
    if iso.any():  # plain ISO dates and times, read by pandas' own parser
        parsed = pd.to_datetime(u[iso], format="ISO8601", errors="coerce")
        stamp[iso] = parsed.astype("datetime64[ms]").to_numpy()
        status[iso] = np.where(parsed.notna().to_numpy(), _OK, _BAD)
        has_time[iso] = (u[iso].str.len() > 10).to_numpy()
    if not iso.all():
        other = _parse_unique_datetimes(u[~iso].reset_index(drop=True), tz=tz)
        stamp[~iso], status[~iso] = other.values, other.status
        assert other.has_time is not None and other.hint is not None
        has_time[~iso], hint[~iso] = other.has_time, other.hint
    return _Parsed(stamp[codes], status[codes], has_time[codes], hint[codes])


def _parse_unique_datetimes(u: pd.Series, *, tz: str) -> _Parsed:
    """:func:`_parse_datetimes` of distinct clean text values, by the general pattern."""
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
    return _Parsed(stamp.to_numpy(), u_status, has_time_u, hint)


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
    marks: Callable[[bool, bool], tuple[bool, bool]] | None = None,
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
    marks
        Turns whether these values have a lone decimal comma, and a lone
        decimal dot, into whether the whole file's column has
        (``FileScope.marks``; default: the same).

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
    if mode == "coordinate" and _is_arrow_text(values):
        # plain decimals (nearly every coordinate) are read by Arrow; the rest as below
        chunked = _chunks(values)
        plain = pc.fill_null(pc.match_substring_regex(chunked, _PLAIN_NUMBER), False)
        easy = plain.to_numpy(zero_copy_only=False)
        floats = np.full(len(values), np.nan)
        status = np.full(len(values), _OK, dtype=np.int8)
        if easy.any():
            floats[easy] = pc.cast(chunked.filter(plain), pa.float64()).to_numpy()
        if not easy.all():
            odd = text[~easy] if text is not None else _text(values[~easy])
            rest = _parse_text_numbers(odd, decimal=decimal, mode=mode)
            floats[~easy], status[~easy] = rest.values, rest.status
        return _Parsed(floats, status)
    text = _text(values) if text is None else text
    if mode == "coordinate":
        return _parse_text_numbers(text, decimal=decimal, mode=mode)
    # the decimal mark is chosen from the set of values, so each distinct value is parsed once
    codes, uniques = pd.factorize(text)
    parsed = _parse_text_numbers(
        pd.Series(np.asarray(uniques, dtype=object), dtype=object),
        decimal=decimal,
        mode=mode,
        marks=marks,
    )
    return _Parsed(parsed.values[codes], parsed.status[codes])


def _parse_text_numbers(
    text: pd.Series,
    *,
    decimal: str | None,
    mode: Literal["int", "float", "coordinate"],
    marks: Callable[[bool, bool], tuple[bool, bool]] | None = None,
) -> _Parsed:
    """:func:`_parse_numbers` of clean text (:func:`_text`)."""
    text = text.str.replace(r"\s+", "", regex=True)
    if mode != "coordinate":
        text = text.str.replace(r"^(?:\$|COP\$?)", "", regex=True)
    empty = (text == "").to_numpy()
    if mode == "coordinate":
        n_marks = text.str.count(r"[.,]")
        normal = text.str.replace(",", ".", regex=False).where(n_marks <= 1, "x")
    else:
        n_comma = text.str.count(",")
        n_dot = text.str.count(r"\.")
        single_comma = (n_comma == 1) & (n_dot == 0)
        single_dot = (n_dot == 1) & (n_comma == 0)
        comma_decimal = bool((single_comma & ~_grouped(text, ",")).any())
        dot_decimal = bool((single_dot & ~_grouped(text, ".")).any())
        if marks is not None:
            comma_decimal, dot_decimal = marks(comma_decimal, dot_decimal)
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


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else float(value)
