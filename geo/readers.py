"""Reading a layer from the files a city has.

:func:`read_layer` reads one file as one of the workspace's layers and
returns the valid rows and a report of every problem (``geo.validation``).
It never raises on bad data and never writes to, or next to, the user's file:
a missing file, an unknown extension or a file that is not what its
extension says are file-level problems in the report, so that ``cli.py
validate`` can print them.

Formats, detected by extension and checked by content (magic bytes)
--------------------------------------------------------------------
============================ ==========================================================
extension                    read as
============================ ==========================================================
``.csv``, ``.txt``, ``.tsv`` delimited text: comma, semicolon (Excel in Spanish locales),
                             tab or ``|``; UTF-8 with or without BOM, UTF-16 with BOM,
                             else Windows-1252/Latin-1. Coordinates in lat/lon or x/y
                             columns (x/y in metres need ``crs``), or a WKT column.
``.geojson``, ``.json``      GeoJSON
``.gpkg``                    GeoPackage: the layer named like the target (``incidents``,
                             ``incidentes``...), else the only layer
``.zip``                     a zipped shapefile (one ``.shp`` with its ``.shx``, ``.dbf``
                             and ``.prj``), read in place through GDAL's ``/vsizip/``
``.shp``                     a shapefile beside its ``.shx``, ``.dbf`` and ``.prj``
``.parquet``, ``.geoparquet`` GeoParquet (or a plain Parquet table with coordinate columns)
============================ ==========================================================

Every layer is returned in EPSG:4326. A plain CSV file (UTF-8, no quotes, as many
fields in every row as in the header) is read by Arrow's CSV reader into Arrow
strings; any other by Python's ``csv`` module, with the same result.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyogrio
import pyogrio.errors
import pyproj
from pyproj.exceptions import CRSError

from catalog.validation import DETAILS, LOOKS_LIKE
from geo import schema
from geo.crs import STORAGE_CRS
from geo.validation import Problem, RawTable, ReadResult, Severity, validate_table
from geo.validation.scope import mostly_degrees

#: Extensions read, and the format each means.
SUPPORTED: dict[str, str] = {
    ".csv": "csv",
    ".txt": "csv",
    ".tsv": "csv",
    ".geojson": "geojson",
    ".json": "geojson",
    ".gpkg": "gpkg",
    ".zip": "zip",
    ".shp": "shp",
    ".parquet": "parquet",
    ".geoparquet": "parquet",
}

FORMAT_NAMES: dict[str, str] = {
    "csv": "CSV",
    "geojson": "GeoJSON",
    "gpkg": "GeoPackage",
    "zip": "ZIP (zipped shapefile)",
    "shp": "shapefile",
    "parquet": "GeoParquet",
}

_EXPECTED_KINDS: dict[str, set[str]] = {
    "csv": {"csv", "text"},
    "geojson": {"json"},
    "gpkg": {"sqlite"},
    "zip": {"zip"},
    "shp": {"shp"},
    "parquet": {"parquet"},
}

#: Names a GeoPackage layer or a shapefile may have for each target layer (normalised).
LAYER_NAMES: dict[str, tuple[str, ...]] = {
    "incidents": ("incidents", "incidentes", "incidencias", "incidente", "eventos", "delitos"),
    "public_spaces": (
        "public spaces",
        "espacios publicos",
        "espacio publico",
        "parques",
        "espacios",
    ),
    "neighborhoods": ("neighborhoods", "neighbourhoods", "barrios", "barrio", "veredas"),
    "territories": ("territories", "territorios", "territorio"),
    "programs": ("programs", "programmes", "programas", "programa"),
    "streets": (
        "streets",
        "calles",
        "vias",
        "malla vial",
        "red vial",
        "ejes viales",
        "edges",
        "roads",
    ),
}

_READ_ERRORS = (
    pyogrio.errors.DataSourceError,
    pyogrio.errors.DataLayerError,
    pyogrio.errors.FieldError,
    pyogrio.errors.FeatureError,
    pyogrio.errors.GeometryError,
    pyogrio.errors.CRSError,
    CRSError,
    OSError,
    ValueError,
    RuntimeError,
)

_DELIMITERS = (";", ",", "\t", "|")


# --------------------------------------------------------------------------
# Sniffing
# --------------------------------------------------------------------------


def sniff(path: Path) -> str:
    """Say what a file's first bytes look like.

    Returns
    -------
    str
        One of ``"empty"``, ``"zip"``, ``"excel"``, ``"sqlite"``, ``"parquet"``,
        ``"pdf"``, ``"shp"``, ``"binary"``, ``"json"``, ``"html"``, ``"xml"``,
        ``"csv"`` (text with a delimiter in its first line) or ``"text"``.
    """
    with path.open("rb") as fh:
        head = fh.read(8192)
    if not head:
        return "empty"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        try:
            with zipfile.ZipFile(path) as zf:
                names = zf.namelist()
        except (zipfile.BadZipFile, OSError):
            return "zip"
        if any(n.startswith("xl/") for n in names) or "content.xml" in names:
            return "excel"
        return "zip"
    if head.startswith(b"SQLite format 3\x00"):
        return "sqlite"
    if head.startswith(b"PAR1"):
        return "parquet"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "excel"
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"\x00\x00\x27\x0a"):
        return "shp"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", errors="replace")
    elif b"\x00" in head:
        return "binary"
    else:
        text = head.decode("utf-8", errors="replace")
    text = text.lstrip("\ufeff \t\r\n")
    if not text:
        return "empty"
    low = text[:200].lower()
    if text[0] == "{" or (text[0] == "[" and text[1:].lstrip()[:1] in ("{", "]", '"', "")):
        return "json"
    if text[0] == "<":
        return "html" if ("<html" in low or "<!doctype html" in low) else "xml"
    first = text.splitlines()[0]
    if any(d in first for d in _DELIMITERS):
        return "csv"
    return "text"


def _problem(name: str, layer: str, code: str, **params: object) -> Problem:
    warns = code in ("assumed_wgs84", "crs_ignored", "reader_warning")
    severity: Severity = "warning" if warns else "error"
    return Problem(name, layer, None, None, code, severity, params)


# --------------------------------------------------------------------------
# CSV
# --------------------------------------------------------------------------


def decode_text(data: bytes) -> str:
    """Text of a CSV file: UTF-8 (BOM or not), UTF-16 with BOM, else Windows-1252/Latin-1."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _delimiter(text: str) -> str:
    """The delimiter that splits the header line into the most fields."""
    for line in text.splitlines():
        if line.strip():
            break
    else:
        return ","
    best, fields = ",", 1
    for d in _DELIMITERS:
        try:
            n = len(next(csv.reader([line], delimiter=d)))
        except (csv.Error, StopIteration):
            continue
        if n > fields:
            best, fields = d, n
    return best


@dataclass
class _Records:
    """A CSV file's records as text: header, one column of ``str`` per field, line numbers."""

    delimiter: str
    header: list[str]
    columns: list[np.ndarray] | list[pd.Series]
    starts: np.ndarray
    blank_lines: list[int]
    row_problems: list[tuple[int, str, str | None, dict[str, object]]] = field(default_factory=list)


#: Every character ``str.strip`` removes (Python's whitespace).
WHITESPACE = "".join(chr(c) for c in range(0x3000 + 1) if chr(c).isspace())
_EMPTY_LINE = re.compile(rb"(?:^|\n)(?=\r?\n)")


def _empty_lines(body: bytes) -> list[int]:
    """1-based numbers of the lines of ``body`` that hold nothing at all."""
    numbers: list[int] = []
    line, pos = 1, 0
    for match in _EMPTY_LINE.finditer(body):
        at = match.start()
        line += body.count(b"\n", pos, at)
        pos = at
        numbers.append(line + (1 if body[at : at + 1] == b"\n" else 0))
    return numbers


def _fast_records(data: bytes) -> _Records | None:
    """The records of a plain CSV file read by Arrow's CSV reader, or ``None`` to read it slowly.

    Plain: UTF-8 (with or without BOM), no quote characters, ``\n`` or
    ``\r\n`` line ends, the header on the first line and every record
    with as many fields as the header. The columns are Arrow strings (no
    Python object per value). The records, line numbers and blank lines are
    those :func:`_slow_records` finds in the same file (a test compares them).
    """
    offset = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    body = memoryview(data)[offset:]
    if b'"' in data or b"\x00" in data or data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    if b"\r" in data and data.count(b"\r") != data.count(b"\r\n"):
        return None
    first_end = data.find(b"\n", offset)
    first = bytes(body[: first_end - offset if first_end >= 0 else len(body)])
    try:
        header_line = first.decode("utf-8").rstrip("\r")
    except UnicodeDecodeError:
        return None
    if not header_line.strip() or len(header_line.splitlines()) != 1:
        return None
    delimiter = _delimiter(header_line)
    header = header_line.split(delimiter)
    if not "".join(header).strip():
        return None
    empty = _empty_lines(bytes(body)) if b"\n\n" in data or b"\n\r\n" in data else []
    names = [str(i) for i in range(len(header))]
    try:
        table = pacsv.read_csv(
            pa.BufferReader(pa.py_buffer(data).slice(offset)),
            read_options=pacsv.ReadOptions(skip_rows=1, column_names=names, use_threads=False),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter, quote_char=False, double_quote=False, escape_char=False
            ),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, UnicodeDecodeError):
        return None
    total = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    lines = np.arange(2, total + 1, dtype=np.int64)
    if empty:
        lines = np.setdiff1d(lines, np.asarray(empty, dtype=np.int64), assume_unique=True)
    if len(lines) != table.num_rows:
        return None
    blank = np.zeros(table.num_rows, dtype=bool)
    for k, column in enumerate(table.columns):
        if k and not blank.any():
            break
        values = column if not k else column.filter(pa.array(blank))
        trimmed = pc.utf8_trim(values, characters=WHITESPACE)
        nothing = pc.equal(pc.utf8_length(trimmed), 0).to_numpy(zero_copy_only=False)
        if k:
            blank[blank] = nothing
        else:
            blank = nothing.copy()
    if blank.any():
        table = table.filter(pa.array(~blank))
    blank_lines = sorted([*empty, *(int(k) for k in lines[blank])])
    return _Records(
        delimiter=delimiter,
        header=header,
        columns=[pd.Series(pd.arrays.ArrowExtensionArray(column)) for column in table.columns],
        starts=lines[~blank],
        blank_lines=[k for k in blank_lines if k > 1],
    )


def _slow_records(text: str) -> _Records | str | None:
    """The records of any CSV text, with Python's ``csv`` module; an error's detail if it
    fails; ``None`` when no line holds anything but separators (no header)."""
    delim = _delimiter(text)
    header: list[str] | None = None
    records: list[list[str]] = []
    starts: list[int] = []
    blank_lines: list[int] = []
    limit = csv.field_size_limit()
    csv.field_size_limit(2**31 - 1)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
        end = 0
        for record in reader:
            start, end = end + 1, reader.line_num
            if not "".join(record).strip():
                if header is not None:
                    blank_lines.append(start)
                continue
            if header is None:
                header = record
                continue
            records.append(record)
            starts.append(start)
    except csv.Error as exc:
        return f"line {end + 1}: {exc}"
    finally:
        csv.field_size_limit(limit)
    if header is None:  # nothing but separators and blank lines
        return None
    ncols = len(header)
    row_problems: list[tuple[int, str, str | None, dict[str, object]]] = []
    lengths = np.fromiter((len(r) for r in records), dtype=np.int64, count=len(records))
    for pos in np.flatnonzero(lengths != ncols):
        record = records[pos]
        if len(record) > ncols:
            if "".join(record[ncols:]).strip():
                row_problems.append(
                    (int(pos), "too_many_fields", None, {"count": len(record), "expected": ncols})
                )
            records[pos] = record[:ncols]
        else:
            records[pos] = record + [""] * (ncols - len(record))
    columns = list(zip(*records, strict=True)) if records else [()] * ncols
    return _Records(
        delimiter=delim,
        header=header,
        columns=[np.asarray(col, dtype=object) for col in columns],
        starts=np.asarray(starts, dtype=np.int64),
        blank_lines=blank_lines,
        row_problems=row_problems,
    )


def _read_csv(path: Path, name: str, layer: str) -> RawTable | list[Problem]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        return [_problem(name, layer, "unreadable", expected="CSV", detail=str(exc))]
    read = _fast_records(data)
    if read is None:
        text = decode_text(data)
        del data
        if not text.strip():
            return [_problem(name, layer, "empty_file")]
        slow = _slow_records(text)
        if slow is None:
            return [_problem(name, layer, "empty_file")]
        if isinstance(slow, str):
            return [_problem(name, layer, "unreadable", expected="CSV", detail=slow)]
        read = slow
    else:
        del data
    return _csv_table(read, name, layer)


def _csv_table(read: _Records, name: str, layer: str) -> RawTable:
    """The :class:`RawTable` of a CSV file's records."""
    problems: list[Problem] = []
    names = _header_names(read.header, name, layer, problems)
    n = len(read.starts)
    frame = pd.DataFrame(
        {
            i: np.asarray(col) if isinstance(col, list) else col
            for i, col in enumerate(read.columns)
        },
        index=pd.RangeIndex(n),
        copy=False,
    )
    keep = [
        i
        for i, label in enumerate(names)
        if label is not None or (n and frame[i].str.strip().ne("").any())
    ]
    frame = frame[keep]
    frame.columns = [names[i] or f"column_{i + 1}" for i in keep]
    last = int(read.starts[-1]) if n else 0
    blank_lines = [k for k in read.blank_lines if k < last]
    if blank_lines:
        shown = ", ".join(str(k) for k in blank_lines[:20]) + (
            " …" if len(blank_lines) > 20 else ""
        )
        problems.append(
            Problem(
                name,
                layer,
                None,
                None,
                "blank_rows",
                "warning",
                {"count": len(blank_lines), "lines": shown},
            )
        )
    if not n:
        problems.append(_problem(name, layer, "no_records"))
    delim = read.delimiter
    return RawTable(
        file=name,
        layer=layer,
        data=frame,
        rows=np.arange(1, n + 1, dtype=np.int64),
        lines=read.starts,
        decimal="," if delim == ";" else "." if delim == "," else None,
        problems=problems,
        row_problems=read.row_problems,
    )


def _header_names(
    header: list[str], name: str, layer: str, problems: list[Problem]
) -> list[str | None]:
    """Clean header names; blank ones are ``None``, repeated ones get a suffix (and a warning)."""
    out: list[str | None] = []
    seen: set[str] = set()
    for raw in header:
        label = raw.replace("\ufeff", "").strip()
        if not label:
            out.append(None)
            continue
        if label in seen:
            k = 2
            while f"{label}_{k}" in seen:
                k += 1
            renamed = f"{label}_{k}"
            problems.append(
                Problem(
                    name,
                    layer,
                    None,
                    label,
                    "duplicate_column",
                    "warning",
                    {"name": label, "renamed": renamed},
                )
            )
            label = renamed
        seen.add(label)
        out.append(label)
    return out


# --------------------------------------------------------------------------
# Vector files (GDAL through pyogrio) and GeoParquet
# --------------------------------------------------------------------------


def _looks_like_degrees(geometry: gpd.GeoSeries) -> bool:
    """Whether most geometries' middles fit longitude/latitude ranges (none: yes)."""
    return mostly_degrees(*_degree_counts(geometry))


def _degree_counts(geometry: gpd.GeoSeries) -> tuple[int, int]:
    """Of the present geometries, how many have a middle that fits longitude/latitude
    ranges, and how many there are."""
    present = geometry[geometry.notna() & ~geometry.is_empty]
    b = present.bounds
    cx = ((b["minx"] + b["maxx"]) / 2).abs()
    cy = ((b["miny"] + b["maxy"]) / 2).abs()
    return int(((cx <= 180) & (cy <= 90)).sum()), len(present)


def _vector_table(
    frame: pd.DataFrame,
    name: str,
    layer: str,
    *,
    crs: str | None,
    problems: list[Problem],
    shapefile: bool = False,
    degrees: bool | None = None,
) -> RawTable:
    """A :class:`RawTable` from a frame read from a vector file; geometry in EPSG:4326.

    ``degrees``: whether the file's geometries of unknown CRS look like
    degrees, when the frame is a piece of the file (default: these do).
    """
    geometry: gpd.GeoSeries | None = None
    usable = True
    if isinstance(frame, gpd.GeoDataFrame) and frame.geometry.name in frame.columns:
        geometry = frame.geometry.reset_index(drop=True)
        data = pd.DataFrame(frame.drop(columns=frame.geometry.name)).reset_index(drop=True)
        present = bool((geometry.notna() & ~geometry.is_empty).any())
        if geometry.crs is None:
            if crs is not None:
                geometry = geometry.set_crs(crs)
            elif _looks_like_degrees(geometry) if degrees is None else degrees:
                geometry = geometry.set_crs(STORAGE_CRS)
                if present:
                    problems.append(_problem(name, layer, "assumed_wgs84"))
            else:
                problems.append(_problem(name, layer, "no_crs"))
                usable = False
        elif crs is not None:
            given = pyproj.CRS.from_user_input(crs)
            if geometry.crs.is_geographic and not _looks_like_degrees(geometry):
                geometry = geometry.set_crs(given, allow_override=True)
            elif not geometry.crs.equals(given):
                used = geometry.crs.to_string()
                problems.append(_problem(name, layer, "crs_ignored", crs=crs, used=used))
        if usable and geometry.crs is not None:
            if present and not geometry.crs.equals(pyproj.CRS.from_user_input(STORAGE_CRS)):
                geometry = geometry.to_crs(STORAGE_CRS)
            else:
                geometry = geometry.set_crs(STORAGE_CRS, allow_override=True)
    else:
        data = pd.DataFrame(frame).reset_index(drop=True)
    n = len(data)
    if n == 0:
        problems.append(_problem(name, layer, "no_records"))
    return RawTable(
        file=name,
        layer=layer,
        data=data,
        rows=np.arange(1, n + 1, dtype=np.int64),
        geometry=geometry,
        problems=problems,
        geometry_usable=usable,
        shapefile=shapefile,
    )


def _read_ogr(
    source: str,
    name: str,
    layer: str,
    *,
    expected: str,
    crs: str | None,
    gdal_layer: str | None = None,
    problems: list[Problem] | None = None,
    shapefile: bool = False,
) -> RawTable | list[Problem]:
    problems = list(problems or [])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            frame = pyogrio.read_dataframe(
                source, layer=gdal_layer, datetime_as_string=True, on_invalid="ignore"
            )
        except _READ_ERRORS as exc:
            return [
                *problems,
                _problem(name, layer, "unreadable", expected=expected, detail=str(exc)),
            ]
    problems += [_problem(name, layer, "reader_warning", detail=str(w.message)) for w in caught]
    return _vector_table(frame, name, layer, crs=crs, problems=problems, shapefile=shapefile)


def _matches(candidate: str, layer: str) -> bool:
    key = schema.normalize_token(Path(candidate).stem)
    return key in LAYER_NAMES[layer] or key == schema.normalize_token(layer)


def _read_gpkg(path: Path, name: str, layer: str, crs: str | None) -> RawTable | list[Problem]:
    try:
        listed = pyogrio.list_layers(path)
    except _READ_ERRORS as exc:
        return [_problem(name, layer, "unreadable", expected="GeoPackage", detail=str(exc))]
    names = [str(n) for n in listed[:, 0]] if len(listed) else []
    if not names:
        return [_problem(name, layer, "gpkg_no_layers")]
    exact = [n for n in names if n == layer]
    similar = [n for n in names if _matches(n, layer)]
    if exact:
        chosen = exact[0]
    elif len(similar) == 1:
        chosen = similar[0]
    elif len(names) == 1:
        chosen = names[0]
    else:
        shown = ", ".join(f"`{n}`" for n in names)
        return [_problem(name, layer, "gpkg_several_layers", layers=shown)]
    return _read_ogr(str(path), name, layer, expected="GeoPackage", crs=crs, gdal_layer=chosen)


def _shapefile_parts(shp: str, members: list[str], name: str, layer: str) -> list[Problem]:
    lower = {m.lower() for m in members}
    base = shp[:-4]
    missing = [ext for ext in (".shx", ".dbf") if (base + ext).lower() not in lower]
    if missing:
        return [
            _problem(
                name,
                layer,
                "shapefile_incomplete",
                shapefile=Path(shp).name,
                missing=", ".join(missing),
            )
        ]
    return []


def _read_zip(path: Path, name: str, layer: str, crs: str | None) -> RawTable | list[Problem]:
    try:
        with zipfile.ZipFile(path) as zf:
            members = [
                m for m in zf.namelist() if not m.startswith("__MACOSX/") and not m.endswith("/")
            ]
    except (zipfile.BadZipFile, OSError) as exc:
        return [_problem(name, layer, "unreadable", expected="ZIP", detail=str(exc))]
    shps = [m for m in members if m.lower().endswith(".shp")]
    if not shps:
        contents = ", ".join(f"`{m}`" for m in members[:15]) or "-"
        if len(members) > 15:
            contents += f" … (+{len(members) - 15})"
        return [_problem(name, layer, "zip_no_shapefile", contents=contents)]
    if len(shps) > 1:
        similar = [m for m in shps if _matches(m, layer)]
        if len(similar) != 1:
            shown = ", ".join(f"`{m}`" for m in shps)
            return [_problem(name, layer, "zip_several_shapefiles", shapefiles=shown)]
        shps = similar
    shp = shps[0]
    incomplete = _shapefile_parts(shp, members, name, layer)
    if incomplete:
        return incomplete
    source = f"/vsizip/{path.resolve().as_posix()}/{shp}"
    return _read_ogr(source, name, layer, expected="shapefile", crs=crs, shapefile=True)


def _read_shp(path: Path, name: str, layer: str, crs: str | None) -> RawTable | list[Problem]:
    members = [p.name for p in path.parent.iterdir() if p.stem == path.stem]
    incomplete = _shapefile_parts(path.name, members, name, layer)
    if incomplete:
        return incomplete
    return _read_ogr(str(path), name, layer, expected="shapefile", crs=crs, shapefile=True)


def _read_parquet(path: Path, name: str, layer: str, crs: str | None) -> RawTable | list[Problem]:
    with path.open("rb") as fh:
        fh.seek(-4, 2)
        tail = fh.read(4)
    if tail != b"PAR1":
        truncated = DETAILS["parquet_truncated"]
        return [_problem(name, layer, "unreadable", expected="GeoParquet", detail=truncated)]
    problems: list[Problem] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            frame: pd.DataFrame = gpd.read_parquet(path)
        except ValueError as exc:
            if "geo metadata" not in str(exc):
                return [_problem(name, layer, "unreadable", expected="GeoParquet", detail=str(exc))]
            try:
                frame = pd.read_parquet(path)
            except _READ_ERRORS as inner:
                detail = str(inner)
                return [_problem(name, layer, "unreadable", expected="Parquet", detail=detail)]
        except _READ_ERRORS as exc:
            return [_problem(name, layer, "unreadable", expected="GeoParquet", detail=str(exc))]
    problems += [_problem(name, layer, "reader_warning", detail=str(w.message)) for w in caught]
    return _vector_table(frame, name, layer, crs=crs, problems=problems)


# --------------------------------------------------------------------------
# The entry point
# --------------------------------------------------------------------------


def _read(path: Path, name: str, layer: str, crs: str | None) -> RawTable | list[Problem]:
    if not path.is_file():
        return [_problem(name, layer, "file_not_found")]
    ext = path.suffix.lower()
    if ext not in SUPPORTED:
        ext = Path(name).suffix.lower()
    fmt = SUPPORTED.get(ext)
    if fmt is None:
        supported = ", ".join(SUPPORTED)
        return [
            _problem(
                name,
                layer,
                "unsupported_format",
                ext=ext or path.suffix or "-",
                supported=supported,
            )
        ]
    try:
        kind = sniff(path)
    except OSError as exc:
        return [_problem(name, layer, "unreadable", expected=FORMAT_NAMES[fmt], detail=str(exc))]
    if kind == "empty":
        return [_problem(name, layer, "empty_file")]
    if kind not in _EXPECTED_KINDS[fmt]:
        looks = LOOKS_LIKE.get(kind, LOOKS_LIKE["binary"])
        return [_problem(name, layer, "wrong_format", expected=FORMAT_NAMES[fmt], looks_like=looks)]
    if fmt == "csv":
        return _read_csv(path, name, layer)
    if fmt == "geojson":
        return _read_ogr(str(path), name, layer, expected="GeoJSON", crs=crs)
    if fmt == "gpkg":
        return _read_gpkg(path, name, layer, crs)
    if fmt == "zip":
        return _read_zip(path, name, layer, crs)
    if fmt == "shp":
        return _read_shp(path, name, layer, crs)
    return _read_parquet(path, name, layer, crs)


def read_layer(
    path: str | Path,
    layer: str,
    *,
    reference: Mapping[str, gpd.GeoDataFrame] | None = None,
    crs: str | None = None,
    display_name: str | None = None,
) -> ReadResult:
    """Read ``path`` as the workspace layer ``layer`` and check every record.

    Parameters
    ----------
    path
        The user's file (see the module docstring for the formats). It is only
        read, never written.
    layer
        Target layer, one of ``geo.schema.LAYERS``.
    reference
        Layers already in the workspace (EPSG:4326) that say where the city
        is, for the "outside the city" check: the ``neighborhoods`` layer's
        union if present, else the union of the other layers' extents.
        Without it, points far from the middle of the file's own points are
        reported instead.
    crs
        CRS of x/y (or WKT) columns of a CSV that are in metres, or of a
        vector file that does not declare its own (e.g. ``"EPSG:9377"``).
    display_name
        The file's name in messages (the app saves uploads to a temporary
        file; messages name the user's original file). Default: ``path``'s name.

    Returns
    -------
    ReadResult
        ``layer``: the valid rows; ``report``: every problem, naming file,
        row and column; ``source_rows``: each valid row's record number.

    Raises
    ------
    ValueError
        When ``layer`` is not a layer name (a programming error; problems
        with the file itself are always in the report).

    Examples
    --------
    >>> result = read_layer("incidentes.csv", "incidents")      # doctest: +SKIP
    >>> result.report.ok, len(result.layer)                     # doctest: +SKIP
    (True, 3)
    >>> print("\\n".join(result.report.lines("es")))             # doctest: +SKIP
    """
    if layer not in schema.SPECS:
        msg = f"`layer` must be one of {', '.join(schema.LAYERS)}, got {layer!r}"
        raise ValueError(msg)
    path = Path(path)
    name = display_name or path.name
    problems: list[Problem] = []
    crs = crs.strip() if isinstance(crs, str) and crs.strip() else None
    if crs is not None:
        try:
            pyproj.CRS.from_user_input(crs)
        except CRSError as exc:
            problems.append(_problem(name, layer, "bad_crs", crs=crs, detail=str(exc)))
            crs = None
    raw = _read(path, name, layer, crs)
    if isinstance(raw, list):
        problems += raw
        raw = RawTable(
            file=name,
            layer=layer,
            data=pd.DataFrame(),
            rows=np.zeros(0, dtype=np.int64),
        )
    raw.problems = problems + raw.problems
    return validate_table(raw, reference=reference, crs=crs)
