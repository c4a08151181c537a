"""Problems, reports and the tables a reader hands to the checks."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

import geopandas as gpd
import numpy as np
import pandas as pd

from catalog.say import number
from catalog.validation import LOCATION, PROBLEM_MESSAGES

Severity = Literal["error", "warning", "repaired"]

_LANGS = ("en", "es")


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
        local ``datetime64``, ``occurred_to`` too (present when the file has
        it or a row has only a date; NaT for an exact time),
        ``start``/``end`` are dates at midnight, categories and components
        are codes.
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


def _shorten(value: str, limit: int = 80) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _plain(value: object) -> object:
    """A message parameter as plain Python: numpy scalars unwrapped, long text shortened."""
    if isinstance(value, np.generic):
        value = value.item()
    return _shorten(value) if isinstance(value, str) else value


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
                rest_rows = raw.rows[positions[rest]]
                out.append(
                    more_problems(
                        raw.file,
                        raw.layer,
                        code,
                        count=len(rest),
                        rows=(int(rest_rows.min()), int(rest_rows.max())),
                        columns={chunks[int(chunk_ids[k])][1] for k in rest},
                        severities={chunks[int(chunk_ids[k])][2] for k in rest},
                    )
                )
        return out


def more_problems(
    file: str,
    layer: str,
    code: str,
    *,
    count: int,
    rows: tuple[int, int],
    columns: set[str | None],
    severities: set[Severity],
) -> Problem:
    """The entry that counts the ``count`` problems ``code`` of a file not listed in full.

    ``rows`` are the first and last of their rows; the entry names their
    column if they have one, and takes the worst of their ``severities``.
    """
    worst: Severity = (
        "error" if "error" in severities else "warning" if "warning" in severities else "repaired"
    )
    first, last = rows
    return Problem(
        file,
        layer,
        first,
        next(iter(columns)) if len(columns) == 1 else None,
        "more_problems",
        worst,
        {"count": count, "first_row": first, "last_row": last, "problem": code},
    )
