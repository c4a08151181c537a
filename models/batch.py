"""Hot spots for many cities at once: one analysis per city, serially or on Dask.

A national agency (a statistics office, a planning department, a network of
cities) runs the analysis of ``cli.py hotspots`` for hundreds of
municipalities. :func:`run_batch` does it from GeoParquet incidents and
gives, for every city, exactly what the single-city command would give on
that city's incidents: the same validation, the same projected CRS, the
same automatic scale and the same result columns.

Input (:func:`plan_cities`)
---------------------------
``FILE.parquet``
    One GeoParquet file with a city column (``by``, ``"city"`` by default).
    Each city's rows are read with a filter on that column (row groups of
    other cities are skipped by their statistics); its problems name the
    file and the row of the file. Rows without a city are reported
    (status ``no_city``), never dropped silently.
``DIR/`` partitioned by city
    ``DIR/city=X/*.parquet`` folders (Hive style, as ``pyarrow`` and Spark
    write them; ``X`` URL-decoded), or one file per city,
    ``DIR/X.parquet`` (the city is the file's name). Each part file is
    validated on its own, as ``cli.py import`` would validate it.

The planner reads only the city column (one file) or the files' footers
(a folder): the rows of each city are read by the task that analyses it,
on the worker that runs it, so nothing big travels from the client to the
workers. With ``--scheduler`` the workers must see the same paths.

One city (:func:`run_city`)
---------------------------
1. Read its rows and validate them with the readers' own checks
   (:func:`geo.validation.validate_table`, through
   :func:`geo.readers._vector_table` as ``read_layer`` does for GeoParquet),
   each file separately (a large one in pieces, with the whole file's
   result: "Memory" below); the city column is the partition key and is left
   out. Every problem names file, row and column (``CityOutcome.problems``).
   As ``cli.py import``: a file that cannot be read leaves the city
   ``unreadable``; rows with errors leave it ``invalid`` unless
   ``allow_invalid_rows``, which analyses the valid rows and counts the
   others (``rejected``).
2. The projected CRS is the one a workspace holding these incidents would
   choose (:func:`geo.crs.crs_for_frames`: EPSG:9377 in Colombia, else the
   UTM zone).
3. :func:`models.hotspots.run_hotspots` on ``{"incidents": valid rows}`` with
   the spec and filters: the single-city command's own code path (with no
   neighbourhoods the study area is the incidents' convex hull, as in a
   workspace of incidents only). Methods whose options need another layer
   (LISA by neighbourhood, a density per resident) are refused before
   anything runs (:class:`BatchError` ``needs_layer``).
4. The result is written to ``out_dir/<city>.<ext>``
   (:func:`geo.export.layer_bytes`, the layer named ``hotspots_<method>``
   as ``cli.py hotspots`` names it), beside then renamed; the outcome keeps
   the counts, the scale and the first of :func:`~models.hotspots.top_hotspots`.

A city that fails (too few incidents, invalid rows, an error) is an outcome
with its status and reason; it never stops the others.

Exact Gi* by tiles (:func:`gi_prepare`, :func:`gi_tile`, :func:`gi_assemble`)
-----------------------------------------------------------------------------
A city with more rows than ``tile_incidents`` is analysed by ``k x k``
square tiles of its grid (``k = ceil(sqrt(rows / tile_incidents))``; a tile
is ``s x s`` cells, ``s = ceil(max(width, height) / k)`` in grid ids):

1. *Prepare* (one task): the steps of ``run_hotspots`` and
   :func:`~models.gistar.gi_star_hot_spots` up to the cells: the filtered,
   projected incidents, the lattice over the study area, the cell values and
   the scale, chosen once on the whole city (:func:`models.scale.analysis_cells`),
   and the whole city's ``n``, mean and variance of the cell values.
2. *Tiles* (``k²`` tasks): a tile takes its own cells plus every cell within
   the Gi* distance band of them (the halo: the grid offsets of
   :meth:`~models.lattice.Lattice.offsets_within`, at most ``ri`` and ``rj``
   ids away), builds the band weights of that sub-lattice and computes, for
   its own cells only, the neighbourhood sum ``lag`` and size ``W``, and

   ``z = (lag - mean * W) / sqrt(var * (n * W - W**2) / (n - 1))``

   with the whole city's ``n``, ``mean`` and ``var``, the formula of
   :func:`models.gistar.gi_star_z`. Every neighbour of an own cell is in the
   halo, and the sub-lattice keeps the cells' order, so each ``lag`` sums the
   same values in the same order as the untiled run: the z-scores are
   *equal*, not close.
3. *Assemble* (one task): p-values, then the confidence bins with the false
   discovery rate correction on the whole city's p-values (never per tile),
   the frame, the parameters and the :class:`~models.hotspots.HotspotResult`
   of the untiled run; then the city is finished as any other.

Only ``gi`` is tiled. The tiles' weights are ``k²`` small matrices instead
of one large one, and the tiles of one city run on different workers, so
the largest city no longer bounds the batch's time (``benchmarks/scale.py``).

Memory (:func:`validate_city`, ``benchmarks/batch_memory.py``)
--------------------------------------------------------------
A city's files are read and checked one at a time, each on its own as an
import of it would be; of each, only its valid rows' columns and their
longitude and latitude are kept (no point objects) before the next file is
read, and Arrow gives back the memory it read the file with. The analysis
then takes the columns and the ``x, y`` projected from those coordinates
(:func:`~models.lattice.transform_xy`: ``to_crs``'s numbers), as it takes a
workspace's from its sidecar. A tiled city keeps only the columns Gi* reads
(:data:`GI_COLUMNS`). Nothing else of the analysis holds the whole city's
points at once: the study area's convex hull is taken by chunks
(:func:`~models.lattice.convex_hull_xy`) and the scale choice counts
neighbours offset by offset (:meth:`~models.lattice.Lattice.band_pairs`)
instead of building the band weights of every cell.

A file with more than ``check_rows`` (:data:`CHECK_ROWS`) of the city's
rows, a city that comes in one file or a city of one national file read
with ``--by``, is read by row groups in pieces of about that many rows
(:func:`_read_pieces`; with ``--by``, the row groups whose statistics
exclude the city are skipped) and checked in two passes
(:func:`geo.validation.pieces.validate_pieces`): the first adds up what
the file-level checks need (the located points' coordinates, a hash per
id, a few counts; recorded again in a third pass when a piece decided
whether the file has its own geometries or times otherwise than the file),
the last checks every piece with the whole file's decisions (its middle,
its repeated ids and their first rows, its verdicts), so the rows,
problems and results are the whole file's; only one piece's rows are
checked at a time. A GeoParquet file whose CRS is unknown is taken as
degrees or not from all of the city's geometries (:func:`_file_degrees`). Each piece goes through
``gpd.read_parquet`` (from an uncompressed copy in memory), so its types
are those of the whole file read at once.

So a city's peak is one file's or one piece's as it is checked (about 500
bytes a row) plus about 175 bytes a row of the whole city tiled (250
untiled; a file checked in pieces adds about 25 bytes a row for its first
pass). Measured (``benchmarks/batch_memory.py``) on 2,000,000 incidents,
above the imports: 0.92 GiB for the city in one file checked whole (494
bytes a row), 0.55 GiB for it checked in pieces (293) and 0.44 GiB tiled
(239); from 20 files of 100,000 rows, 0.47 GiB untiled (250) and 0.32 GiB
tiled (174). The extra pass makes a file checked in pieces take about 1.9
times as long as checked whole (16.4 s against 8.8 s, analysis included);
several files that each fit cost nothing more.

Automatic tiling (:func:`automatic_tile_incidents`)
    ``tile_incidents=None`` tiles a city whose rows would take more than
    :data:`MEMORY_SHARE` of the smallest worker's memory limit at
    :data:`BYTES_PER_ROW` bytes a row (the peak resident memory of an
    untiled city's task per row read, for a city in one file checked whole,
    rounded up with room to spare: 494 bytes on a 2,000,000-row city of
    ``benchmarks/batch_memory.py``, read, validated, analysed and written;
    checked in pieces, 293). In-process, the limit is the
    machine's (``distributed.system.MEMORY_LIMIT``, which honours cgroups).
    ``tile_incidents=0`` never tiles.

Distribution (:func:`run_batch`)
--------------------------------
With ``client=None`` the cities run one after the other in this process
(no cluster: the same functions, called directly). With a
``distributed.Client`` (:func:`dask_client`: a ``LocalCluster`` of
single-threaded worker processes, or an existing scheduler) every city is
one task (a tiled city: prepare, its tiles, assemble), submitted at once
with the city's rows as its priority, so the largest cities start first;
results arrive with ``distributed.as_completed`` and ``progress`` is called
after each city. No home-made pool: Dask schedules the tasks and moves their data.
"""

from __future__ import annotations

import contextlib
import json
import math
import operator
import re
import sys
import time
import urllib.parse
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeAlias, cast

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import scipy.sparse as sp
import shapely
from dask.sizeof import sizeof

from geo.crs import STORAGE_CRS, choose_projected_crs
from geo.errors import CodedError, TooFewIncidents, TooManyIncidents
from geo.export import FORMAT_CODES, FORMATS, Format, layer_bytes, write_file
from geo.grid import Grid
from geo.readers import _degree_counts, _vector_table
from geo.validation import Problem, RawTable, ReadResult, validate_table
from geo.validation.pieces import validate_pieces
from geo.validation.scope import mostly_degrees
from models.gistar import GiParameters
from models.hotspots import (
    MIN_INCIDENTS,
    Filters,
    GiSpec,
    HotspotResult,
    HotspotSpec,
    load_inputs,
    method_of,
    run_hotspots,
    spec_for,
    top_hotspots,
)
from models.hotspots.methods import Prepared
from models.hotspots.result import HotspotInputs
from models.hotspots.run import kept_incidents, passing
from models.lattice import Lattice, prepare_points, transform_xy
from models.options import METHODS
from models.scale import DEFAULT_BANDS, ScaleChoice, analysis_cells
from models.stats import BIN_LABELS, confidence_bins, two_sided_p
from models.summary import date_bounds

if TYPE_CHECKING:
    from distributed import Client, Future

#: Rows of a file checked at once: a file with more of a city's rows is checked in pieces.
CHECK_ROWS = 250_000
#: What became of a city.
Status: TypeAlias = Literal[
    "ok", "unreadable", "invalid", "too_few", "too_many", "failed", "no_city"
]
#: Peak resident bytes per row of an untiled city's task (module docstring, "Automatic tiling").
BYTES_PER_ROW = 1_000
#: The incidents' columns a tiled Gi* reads besides their points: the filters' and the top hot
#: spots' (a Gi* weight is ``count`` or ``harm``, which the category gives).
GI_COLUMNS = ("category", "occurred_at")
#: A city whose rows would take more than this share of a worker's memory is tiled.
MEMORY_SHARE = 0.5
#: At most this many rows without a city are listed by number (all are counted).
ROWS_LISTED = 10
#: The columns of :attr:`BatchResult.summary`, in order.
SUMMARY_COLUMNS = (
    "city",
    "status",
    "rows",
    "rejected",
    "incidents",
    "cells",
    "hot",
    "tiles",
    "crs",
    "cell_size",
    "distance",
    "top_incidents",
    "top_lon",
    "top_lat",
    "file",
    "seconds",
)

Progress: TypeAlias = Callable[[int, int, "CityOutcome"], None]


class BatchError(CodedError):
    """A batch that cannot start: its input, or a method it cannot run.

    ``code`` is one of ``no_input``, ``not_parquet``, ``unreadable``,
    ``no_by_column``, ``no_cities``, ``needs_layer``; the catalogue's
    ``batch.error.<code>`` says it with ``params``.
    """


# ---------------------------------------------------------------------------
# What to read
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CitySource:
    """Where one city's incidents are.

    Attributes
    ----------
    city
        The city as text (its summary row).
    stem
        Its output file's name without extension (:func:`file_stem`, unique in the batch).
    paths
        The files to read.
    names
        How the problems name each file (relative to the input folder).
    by
        The city column.
    value
        The city's value in that column, as stored (to filter one file holding every city).
    filtered
        Whether ``paths`` is one file of every city, read with a filter on ``by``.
    n_rows
        Rows of the city (from the files' footers or the city column): its priority,
        and whether it is tiled.
    """

    city: str
    stem: str
    paths: tuple[str, ...]
    names: tuple[str, ...]
    by: str
    value: object
    filtered: bool
    n_rows: int


@dataclass(frozen=True)
class Plan:
    """The cities of an input, and the rows of none.

    Attributes
    ----------
    cities
        One source per city, most rows first (ties by name).
    layout
        ``"file"``, ``"hive"`` or ``"files"`` (module docstring).
    unassigned
        1-based rows of a one-file input whose city is missing.
    file
        The input file's name (one file) or ``""``.
    """

    cities: tuple[CitySource, ...]
    layout: Literal["file", "hive", "files"]
    unassigned: tuple[int, ...] = ()
    file: str = ""

    @property
    def n_rows(self) -> int:
        """Rows of every city (and the rows without one)."""
        return sum(c.n_rows for c in self.cities) + len(self.unassigned)


_UNSAFE = re.compile(r"[^\w\-. ]+")


def file_stem(city: str) -> str:
    """A file name for ``city``: letters (any script), digits, ``-``, ``_``, ``.`` and spaces kept.

    >>> file_stem("Santiago de Cali"), file_stem("Bogotá D.C."), file_stem("a/b"), file_stem("..")
    ('Santiago de Cali', 'Bogotá D.C.', 'a_b', '_')
    """
    stem = _UNSAFE.sub("_", city).strip().lstrip(".")
    return stem or "_"


def _unique_stems(cities: Sequence[str]) -> list[str]:
    """:func:`file_stem` of each city, ``~2``, ``~3``... after a name taken (case-insensitively)."""
    taken: set[str] = set()
    out = []
    for city in cities:
        base = stem = file_stem(city)
        k = 1
        while stem.casefold() in taken:
            k += 1
            stem = f"{base}~{k}"
        taken.add(stem.casefold())
        out.append(stem)
    return out


def _rows_in(path: Path) -> int:
    try:
        return int(pq.read_metadata(path).num_rows)
    except (OSError, pa.ArrowException):
        return 0  # unreadable: its task says so, in the city's problems


def _no_rows(path: str | Path) -> bool:
    """Whether the Parquet file at ``path`` says it holds no rows (``False`` if it cannot be read:
    its reading says why)."""
    try:
        return int(pq.read_metadata(path).num_rows) == 0
    except (OSError, pa.ArrowException):
        return False


def _is_part(path: Path) -> bool:
    return path.is_file() and not path.name.startswith((".", "_"))


def plan_cities(source: str | Path, *, by: str = "city") -> Plan:
    """The cities of a GeoParquet input and where each one's rows are (module docstring).

    Parameters
    ----------
    source
        A ``.parquet`` (or ``.geoparquet``) file with a ``by`` column, or a
        folder of ``by=X/`` folders or of one file per city.
    by
        The city column (or the key of the folders).

    Raises
    ------
    BatchError
        ``no_input``, ``not_parquet``, ``unreadable``, ``no_by_column`` or ``no_cities``.
    """
    path = Path(source)
    if not path.exists():
        msg = f"{path} does not exist"
        raise BatchError(msg, "no_input", input=str(path))
    if path.is_dir():
        return _plan_folder(path, by)
    if path.suffix.lower() not in (".parquet", ".geoparquet"):
        msg = f"{path} is not a GeoParquet file (.parquet) nor a folder"
        raise BatchError(msg, "not_parquet", input=str(path))
    try:
        schema = pq.read_schema(path)
        if by not in schema.names:
            columns = ", ".join(n for n in schema.names if n != "geometry")
            msg = f"{path} has no `{by}` column (its columns: {columns})"
            raise BatchError(msg, "no_by_column", input=str(path), by=by, columns=columns)
        column = pq.read_table(path, columns=[by]).column(by)
    except (OSError, pa.ArrowException) as exc:
        msg = f"{path} cannot be read as Parquet: {exc}"
        raise BatchError(msg, "unreadable", input=str(path), detail=str(exc)) from exc
    missing = pc.is_null(column, nan_is_null=True).to_numpy(zero_copy_only=False)
    unassigned = tuple(int(r) + 1 for r in np.flatnonzero(missing))
    counts = pc.value_counts(pc.drop_null(column)).to_pylist()
    found = sorted(((c["values"], int(c["counts"])) for c in counts), key=lambda vc: str(vc[0]))
    if not found and not unassigned:
        msg = f"{path} holds no city"
        raise BatchError(msg, "no_cities", input=str(path), by=by)
    names = [str(value) for value, _ in found]
    cities = [
        CitySource(
            city=name,
            stem=stem,
            paths=(str(path),),
            names=(path.name,),
            by=by,
            value=value,
            filtered=True,
            n_rows=n,
        )
        for (value, n), name, stem in zip(found, names, _unique_stems(names), strict=True)
    ]
    return Plan(_largest_first(cities), "file", unassigned, path.name)


def _plan_folder(folder: Path, by: str) -> Plan:
    prefix = f"{by}="
    parts = sorted(p for p in folder.iterdir() if p.is_dir() and p.name.startswith(prefix))
    if parts:
        names = [urllib.parse.unquote(p.name[len(prefix) :]) for p in parts]
        files = [sorted(f for f in p.rglob("*") if _is_part(f)) for p in parts]
        layout: Literal["hive", "files"] = "hive"
    else:
        singles = sorted(
            p
            for p in folder.iterdir()
            if _is_part(p) and p.suffix.lower() in (".parquet", ".geoparquet")
        )
        names = [p.stem for p in singles]
        files = [[p] for p in singles]
        layout = "files"
    if not names:
        msg = f"{folder} holds no city: no {by}=X/ folders and no .parquet files"
        raise BatchError(msg, "no_cities", input=str(folder), by=by)
    cities = [
        CitySource(
            city=name,
            stem=stem,
            paths=tuple(str(f) for f in fs),
            names=tuple(f.relative_to(folder).as_posix() for f in fs),
            by=by,
            value=name,
            filtered=False,
            n_rows=sum(_rows_in(f) for f in fs),
        )
        for name, stem, fs in zip(names, _unique_stems(names), files, strict=True)
    ]
    return Plan(_largest_first(cities), layout)


def _largest_first(cities: Sequence[CitySource]) -> tuple[CitySource, ...]:
    return tuple(sorted(cities, key=lambda c: (-c.n_rows, c.city)))


# ---------------------------------------------------------------------------
# What a city gives
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class BatchJob:
    """What every city runs: the analysis, the filters and where the results go.

    Attributes
    ----------
    spec
        The hot-spot method and its options (:func:`models.hotspots.spec_for`).
    filters
        Categories and dates.
    out_dir
        The folder of the results.
    fmt
        The results' format (:data:`geo.export.FORMAT_CODES`).
    allow_invalid_rows
        Analyse the valid rows of a city with invalid rows.
    check_rows
        A file with more of the city's rows than this is read and checked in
        pieces of about as many rows (:func:`validate_city`).
    """

    spec: HotspotSpec
    filters: Filters
    out_dir: str
    fmt: Format = "geojson"
    allow_invalid_rows: bool = False
    check_rows: int = CHECK_ROWS


@dataclass(frozen=True)
class CityOutcome:
    """What became of one city: facts and codes (the CLI says them).

    Attributes
    ----------
    city, stem
        The city, and its output file's name without extension.
    status
        ``ok``, ``unreadable`` (a file cannot be read), ``invalid`` (rows with
        errors, not allowed), ``too_few``, ``too_many``, ``failed`` (any other
        error; ``params["error"]`` holds its message) or ``no_city`` (rows of a
        one-file input without a city).
    n_rows, n_rejected
        Rows read, and rows with an error (left out when allowed).
    n_incidents
        Incidents analysed (after the filters).
    n_cells, n_hot
        Rows of the result (cells, areas or clusters) and the hot ones (the
        features :func:`~models.hotspots.top_hotspots` groups).
    tiles
        Tiles of a tiled Gi* (``k²``, empty tiles included); 0 untiled.
    crs
        The projected CRS the city was analysed in.
    cell_size, distance
        The scale in metres (cell methods), NaN otherwise.
    top
        The first row of :func:`~models.hotspots.top_hotspots` (plain values,
        no geometry; ``lon``/``lat`` of a point inside its outline), or ``None``.
    file
        The result's file name in the output folder, ``""`` when none was written.
    params
        The reason's figures (``n``/``need``, ``invalid``/``rows``/``valid``,
        ``n``/``limit``, ``error``...).
    problems
        Every validation problem (file, row, column, code), in file order.
    seconds
        Time the city's tasks took (summed over a tiled city's tasks).
    workers
        Addresses of the Dask workers that ran them (``""``: this process).
    """

    city: str
    stem: str
    status: Status
    n_rows: int = 0
    n_rejected: int = 0
    n_incidents: int = 0
    n_cells: int = 0
    n_hot: int = 0
    tiles: int = 0
    crs: str = ""
    cell_size: float = math.nan
    distance: float = math.nan
    top: Mapping[str, object] | None = None
    file: str = ""
    params: Mapping[str, object] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()
    seconds: float = 0.0
    workers: tuple[str, ...] = ()

    def summary_row(self) -> dict[str, object]:
        """The city's row of :attr:`BatchResult.summary`."""
        top = self.top or {}
        return {
            "city": self.city,
            "status": self.status,
            "rows": self.n_rows,
            "rejected": self.n_rejected,
            "incidents": self.n_incidents,
            "cells": self.n_cells,
            "hot": self.n_hot,
            "tiles": self.tiles,
            "crs": self.crs,
            "cell_size": self.cell_size,
            "distance": self.distance,
            "top_incidents": top.get("n_incidents", math.nan),
            "top_lon": top.get("lon", math.nan),
            "top_lat": top.get("lat", math.nan),
            "file": self.file,
            "seconds": self.seconds,
        }


@dataclass(frozen=True)
class BatchResult:
    """Every city's outcome, and the input's plan.

    Attributes
    ----------
    outcomes
        One per city (and one ``no_city`` entry for rows without a city), by city name.
    plan
        What was read.
    seconds
        Wall time of the whole batch.
    """

    outcomes: tuple[CityOutcome, ...]
    plan: Plan
    seconds: float

    @property
    def summary(self) -> pd.DataFrame:
        """One row per city, columns :data:`SUMMARY_COLUMNS` (codes; the CLI adds words)."""
        return pd.DataFrame([o.summary_row() for o in self.outcomes], columns=list(SUMMARY_COLUMNS))

    @property
    def n_ok(self) -> int:
        """Cities analysed."""
        return sum(o.status == "ok" for o in self.outcomes)


# ---------------------------------------------------------------------------
# Reading and validating one city
# ---------------------------------------------------------------------------


def _read_error(name: str, detail: str) -> RawTable:
    problem = Problem(
        name,
        "incidents",
        None,
        None,
        "unreadable",
        "error",
        {"expected": "GeoParquet", "detail": detail},
    )
    return RawTable(
        file=name,
        layer="incidents",
        data=pd.DataFrame(),
        rows=np.zeros(0, dtype=np.int64),
        problems=[problem],
    )


def _read_part(src: CitySource, path: str, name: str) -> RawTable:
    """One file's rows of the city as the readers hand them to the checks (``_read_parquet``)."""
    filters = [(src.by, "==", src.value)] if src.filtered else None
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                frame: pd.DataFrame = gpd.read_parquet(path, filters=filters)
            except ValueError as exc:
                if "geo metadata" not in str(exc):
                    raise
                frame = pd.read_parquet(path, filters=filters)  # coordinate columns
        rows = None
        if src.filtered:
            column = pq.read_table(path, columns=[src.by]).column(src.by)
            rows = np.flatnonzero(_is_city(column, src.value)).astype(np.int64) + 1
    except (OSError, ValueError, pa.ArrowException) as exc:
        return _read_error(name, str(exc))
    return _raw_table(src, frame, name, caught, rows)


def _raw_table(
    src: CitySource,
    frame: pd.DataFrame,
    name: str,
    caught: Sequence[warnings.WarningMessage],
    rows: np.ndarray | None,
    *,
    degrees: bool | None = None,
) -> RawTable:
    """The city's rows read from file ``name`` as a :class:`RawTable` (``rows``: their rows in
    the file, ``None`` for ``1..n``), the reader's warnings its problems (``degrees``: whether
    the file's geometries of unknown CRS look like degrees, when read in pieces)."""
    problems = [
        Problem(
            name, "incidents", None, None, "reader_warning", "warning", {"detail": str(w.message)}
        )
        for w in caught
    ]
    if src.by in frame.columns:  # the partition key, not an incident's attribute
        frame = frame.drop(columns=src.by)
    raw = _vector_table(frame, name, "incidents", crs=None, problems=problems, degrees=degrees)
    if rows is not None and len(rows) == len(raw.rows):
        raw.rows = rows  # the rows of the file, not of the city
    return raw


def _read_pieces(src: CitySource, path: str, name: str, size: int) -> Iterator[RawTable]:
    """The city's rows of the file at ``path`` in pieces of about ``size`` rows, in the file's
    order, each as :func:`_read_part` reads a whole file (its rows numbered in the file).

    The file is read by row groups, in batches of ``size`` rows; with a filter
    on the city, the row groups whose statistics exclude it are skipped and
    the city's rows of several batches make one piece. A GeoParquet file
    whose CRS is unknown (``null``) is taken as degrees or not from all of
    the city's geometries, as the reader takes a whole file
    (:func:`_file_degrees`). A file that cannot be read ends the pieces with
    a piece that says so.
    """
    try:
        parquet = pq.ParquetFile(path)
        geo = b"geo" in (parquet.schema_arrow.metadata or {})
        degrees = _file_degrees(parquet, src, size) if geo and _unknown_crs(parquet) else None
        held: list[pa.Table] = []
        held_rows: list[np.ndarray] = []
        for table, rows in _city_batches(parquet, src, size):
            held.append(table)
            held_rows.append(rows)
            if sum(t.num_rows for t in held) >= size:
                yield _piece(src, name, held, held_rows, geo, degrees)
                held, held_rows = [], []
        if held:
            yield _piece(src, name, held, held_rows, geo, degrees)
    except (OSError, ValueError, pa.ArrowException) as exc:
        yield _read_error(name, str(exc))


def _city_batches(
    parquet: pq.ParquetFile, src: CitySource, size: int, columns: Sequence[str] | None = None
) -> Iterator[tuple[pa.Table, np.ndarray]]:
    """The city's rows of a Parquet file in batches of at most ``size`` rows of the file, in
    its order, with their 1-based rows in the file (``columns``: these only, and the city's)."""
    schema = parquet.schema_arrow
    if columns is not None:
        names = [*columns, *([src.by] if src.filtered and src.by not in columns else [])]
        schema = pa.schema([schema.field(c) for c in names], metadata=schema.metadata)
    column = parquet.schema_arrow.get_field_index(src.by) if src.filtered else -1
    start = 0
    for group in range(parquet.num_row_groups):
        meta = parquet.metadata.row_group(group)
        if column >= 0 and _excludes(meta.column(column).statistics, src.value):
            start += meta.num_rows
            continue
        for batch in parquet.iter_batches(
            batch_size=size, row_groups=[group], columns=schema.names
        ):
            table = pa.Table.from_batches([batch], schema=schema)
            rows = np.arange(start + 1, start + 1 + batch.num_rows, dtype=np.int64)
            start += batch.num_rows
            if src.filtered:
                hit = _is_city(table[src.by], src.value)
                table = table.filter(hit)
                rows = rows[hit]
            if table.num_rows:
                yield table, rows


def _is_city(column: pa.ChunkedArray, value: object) -> np.ndarray:
    """Where the city column holds ``value`` (a missing city is no city)."""
    hit = pc.fill_null(pc.equal(column, pa.scalar(value, type=column.type)), False)
    mask: np.ndarray = hit.to_numpy(zero_copy_only=False)
    return mask


def _unknown_crs(parquet: pq.ParquetFile) -> bool:
    """Whether a GeoParquet file says its geometries' CRS is unknown (``"crs": null``)."""
    try:
        meta = json.loads(parquet.schema_arrow.metadata[b"geo"])
        column = meta["columns"][meta["primary_column"]]
    except (KeyError, TypeError, ValueError):
        return False
    return isinstance(column, dict) and "crs" in column and column["crs"] is None


def _file_degrees(parquet: pq.ParquetFile, src: CitySource, size: int) -> bool:
    """Whether the city's geometries in the file look like degrees, all of them together
    (``geo.readers._looks_like_degrees``'s test): their geometry column is read alone."""
    meta = json.loads(parquet.schema_arrow.metadata[b"geo"])
    primary = str(meta["primary_column"])
    fits = total = 0
    for table, _ in _city_batches(parquet, src, size, columns=[primary]):
        plain = table.select([primary]).replace_schema_metadata(
            {b"geo": parquet.schema_arrow.metadata[b"geo"]}
        )
        frame = _geo_frame(plain)
        f, t = _degree_counts(frame.geometry)
        fits, total = fits + f, total + t
    return mostly_degrees(fits, total)


def _excludes(statistics: pq.Statistics | None, value: object) -> bool:
    """Whether a row group's statistics of the city column prove ``value`` absent."""
    if statistics is None or not statistics.has_min_max:
        return False
    city: Any = value
    try:
        return bool(city < statistics.min or city > statistics.max)
    except TypeError:
        return False


def _piece(
    src: CitySource,
    name: str,
    tables: list[pa.Table],
    rows: list[np.ndarray],
    geo: bool,
    degrees: bool | None,
) -> RawTable:
    """One piece of a file: its Arrow tables as ``gpd.read_parquet`` would hand them over."""
    table = tables[0] if len(tables) == 1 else pa.concat_tables(tables)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        frame = _geo_frame(table) if geo else table.to_pandas()
    return _raw_table(src, frame, name, caught, np.concatenate(rows), degrees=degrees)


def _geo_frame(table: pa.Table) -> gpd.GeoDataFrame:
    """A GeoParquet table as ``gpd.read_parquet`` reads it (its geometry and pandas types, as
    a whole file's): through geopandas' own reader, from an uncompressed copy in memory."""
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="none")
    frame: gpd.GeoDataFrame = gpd.read_parquet(pa.BufferReader(sink.getvalue()))
    return frame


@dataclass(frozen=True)
class _Validated:
    """A city's valid rows, kept without their points, and what its files' reports say.

    Attributes
    ----------
    table
        The valid rows' columns (all but the geometry, or those asked for),
        the files' valid rows one after the other, as ``pd.concat`` of the
        layers would hold them.
    lon, lat
        Their points' coordinates (EPSG:4326, the layers' CRS), in the same order.
    n_rows, n_invalid, file_errors, problems
        Rows read, rows rejected, whether a file could not be read at all,
        and every file's problems.
    """

    table: pd.DataFrame
    lon: np.ndarray
    lat: np.ndarray
    n_rows: int
    n_invalid: int
    file_errors: bool
    problems: tuple[Problem, ...]

    @property
    def n_valid(self) -> int:
        """Valid rows of the city."""
        return int(self.lon.size)

    def crs(self) -> str:
        """The projected CRS a workspace of these rows would choose: ``crs_for_frames``'s,
        from the centre of their combined extent."""
        if not self.lon.size:
            msg = "no layer has geometries to choose the workspace's projected CRS from"
            raise ValueError(msg)
        lon = (float(self.lon.min()) + float(self.lon.max())) / 2
        lat = (float(self.lat.min()) + float(self.lat.max())) / 2
        return choose_projected_crs(lon, lat)

    def inputs(self, crs: str) -> HotspotInputs:
        """The rows as an analysis reads them: their columns and their ``x, y`` in ``crs``
        (:func:`~models.lattice.transform_xy`: ``to_crs``'s numbers), as from a workspace."""
        xy = transform_xy(self.lon, self.lat, STORAGE_CRS, crs)
        return HotspotInputs(self.table, None, None, crs, xy)

    def light(self) -> _Validated:
        """The counts and problems only (what a finished city reports)."""
        empty = np.zeros(0)
        return replace(self, table=self.table.iloc[:0], lon=empty, lat=empty)


def _kept(layer: gpd.GeoDataFrame, columns: Sequence[str] | None) -> pd.DataFrame:
    """``layer``'s ``columns`` (``None``: all but the geometry), without its points."""
    names = [c for c in layer.columns if c != layer.geometry.name]
    if columns is not None:
        names = [c for c in names if c in columns]
    return pd.DataFrame(layer[names])


class _Kept:
    """The valid rows of a city's files, without their points: columns and coordinates."""

    def __init__(self, columns: Sequence[str] | None) -> None:
        self.columns = columns
        self.tables: list[pd.DataFrame] = []
        self.lons: list[np.ndarray] = []
        self.lats: list[np.ndarray] = []
        self.file: list[tuple[pd.DataFrame, np.ndarray, np.ndarray]] = []
        self.empty: pd.DataFrame | None = None

    def add(self, result: ReadResult) -> None:
        """Keep the valid rows of a file, or of a piece of it, until :meth:`end_file`."""
        layer = result.layer
        table = _kept(layer, self.columns)
        if self.empty is None:
            self.empty = table.iloc[:0]
        if len(layer):
            points = layer.geometry.to_numpy()
            self.file.append((table, shapely.get_x(points), shapely.get_y(points)))

    def end_file(self, *, keep: bool) -> None:
        """The file is read: keep its rows, or drop them (a file with a file-level error)."""
        if keep:
            for table, lon, lat in self.file:
                self.tables.append(table)
                self.lons.append(lon)
                self.lats.append(lat)
        self.file = []

    def whole(self) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
        """Every file's kept rows, one after the other, and their longitudes and latitudes."""
        if len(self.tables) == 1:
            table = self.tables[0]
        elif self.tables:
            table = pd.concat(self.tables, ignore_index=True)
        else:
            table = self.empty if self.empty is not None else pd.DataFrame()
        lon = np.concatenate(self.lons) if self.lons else np.zeros(0)
        lat = np.concatenate(self.lats) if self.lats else np.zeros(0)
        return table, lon, lat


def validate_city(
    src: CitySource, *, columns: Sequence[str] | None = None, check_rows: int = CHECK_ROWS
) -> _Validated:
    """Read and check every file of ``src`` as ``cli.py import`` would check it.

    The files are read one at a time, each checked on its own (as an import
    of it would be; an empty part beside others, as Dask or Spark may write
    one, is skipped with the warning ``empty_part``), and only its valid
    rows' ``columns`` (``None``: every column) and coordinates are kept
    before the next one is read. A file with more than ``check_rows`` of the
    city's rows is read and checked in pieces of about that many rows, with
    the whole file's result (:func:`geo.validation.pieces.validate_pieces`):
    the memory a city takes is one piece's as it is checked, plus a few
    numbers per row (module docstring, "Memory").
    """
    kept = _Kept(columns)
    problems: list[Problem] = []
    n_rows = n_invalid = 0
    file_errors = False
    parts = list(zip(src.paths, src.names, strict=True))
    empty = [not src.filtered and _no_rows(path) for path, _ in parts]
    for (path, name), skip in zip(parts, empty, strict=True):
        if skip and not all(empty):  # an empty part beside others: nothing of the city in it
            problems.append(Problem(name, "incidents", None, None, "empty_part", "warning", {}))
            continue
        rows = src.n_rows if src.filtered else _rows_in(Path(path))
        if rows > check_rows > 0:
            report = validate_pieces(partial(_read_pieces, src, path, name, check_rows), kept.add)
        else:
            result = validate_table(_read_part(src, path, name))
            kept.add(result)
            report = result.report
            del result  # the next file is read without this one's rows or points
        kept.end_file(keep=not report.file_errors)  # a file that fails keeps none of its rows
        n_rows += report.n_rows
        n_invalid += len(report.invalid_rows)
        file_errors = file_errors or bool(report.file_errors)
        problems += report.problems
        del report
        pa.default_memory_pool().release_unused()  # and Arrow gives back what it read them with
    table, lon, lat = kept.whole()
    return _Validated(
        table=table,
        lon=lon,
        lat=lat,
        n_rows=n_rows,
        n_invalid=n_invalid,
        file_errors=file_errors,
        problems=tuple(problems),
    )


def _worker() -> str:
    """The address of the Dask worker running this, ``""`` outside one."""
    if "distributed" not in sys.modules:
        return ""
    from distributed import get_worker

    try:
        return str(get_worker().address)
    except ValueError:
        return ""


def _ended(
    src: CitySource,
    checked: _Validated,
    status: Status,
    params: Mapping[str, object] | None = None,
) -> CityOutcome:
    """The outcome of a city that ends with ``status`` after its validation."""
    return CityOutcome(
        city=src.city,
        stem=src.stem,
        status=status,
        n_rows=checked.n_rows,
        n_rejected=checked.n_invalid,
        params=dict(params or {}),
        problems=checked.problems,
    )


def _checked(
    src: CitySource, job: BatchJob, *, columns: Sequence[str] | None = None
) -> tuple[_Validated, CityOutcome | None]:
    """Validate the city; the outcome that ends it when it cannot be analysed (as ``import``)."""
    checked = validate_city(src, columns=columns, check_rows=job.check_rows)
    valid = checked.n_valid
    if checked.file_errors:
        return checked, _ended(src, checked, "unreadable")
    if checked.n_invalid and not job.allow_invalid_rows:
        params = {"invalid": checked.n_invalid, "rows": checked.n_rows, "valid": valid}
        return checked, _ended(src, checked, "invalid", params)
    if valid == 0:
        return checked, _ended(src, checked, "too_few", {"n": 0, "need": MIN_INCIDENTS})
    return checked, None


def _plain(value: object) -> object:
    """A cell of a frame as plain Python (numpy scalars unwrapped)."""
    return value.item() if isinstance(value, np.generic) else value


def _top_facts(top: gpd.GeoDataFrame) -> dict[str, object] | None:
    """The first top hot spot's columns, and ``lon``/``lat`` of a point inside its outline."""
    if not len(top):
        return None
    row = top.iloc[0]
    facts = {str(k): _plain(v) for k, v in row.items() if k != top.geometry.name}
    inside = row[top.geometry.name].representative_point()
    facts["lon"], facts["lat"] = float(inside.x), float(inside.y)
    return facts


def _failure(src: CitySource, checked: _Validated, exc: Exception) -> CityOutcome:
    """The outcome of an analysis that raised ``exc``."""
    if isinstance(exc, TooFewIncidents):
        return _ended(src, checked, "too_few", {"n": exc.n, "need": exc.need})
    if isinstance(exc, TooManyIncidents):
        return _ended(src, checked, "too_many", {"n": exc.n, "limit": exc.limit})
    return _ended(src, checked, "failed", {"error": str(exc)})


def _finish(
    src: CitySource, job: BatchJob, checked: _Validated, result: HotspotResult, *, tiles: int = 0
) -> CityOutcome:
    """Write a city's result and say what it found."""
    n_hot = int(method_of(result.spec).candidates(result).index.size)
    top = _top_facts(top_hotspots(result, n=1))
    name = f"{src.stem}{FORMATS[job.fmt][0]}"
    data = layer_bytes(result.frame, job.fmt, layer=f"hotspots_{result.method}")
    write_file(Path(job.out_dir) / name, data)
    scale = result.scale
    params = {"invalid": checked.n_invalid} if checked.n_invalid else {}
    ok = _ended(src, checked, "ok", params)
    return CityOutcome(
        city=ok.city,
        stem=ok.stem,
        status="ok",
        n_rows=ok.n_rows,
        n_rejected=ok.n_rejected,
        n_incidents=result.n_incidents,
        n_cells=len(result.frame),
        n_hot=n_hot,
        tiles=tiles,
        crs=result.crs,
        cell_size=scale.cell_size if scale is not None else math.nan,
        distance=scale.distance if scale is not None else math.nan,
        top=top,
        file=name,
        params=ok.params,
        problems=ok.problems,
    )


def _stamped(outcome: CityOutcome, seconds: float, workers: Sequence[str]) -> CityOutcome:
    """``outcome`` with the time and the workers of its tasks."""
    return replace(outcome, seconds=seconds, workers=tuple(sorted(set(workers))))


def run_city(src: CitySource, job: BatchJob) -> CityOutcome:
    """One city, untiled: read, validate, :func:`~models.hotspots.run_hotspots`, write (module docstring).

    Never raises for the city's data: a city that cannot be analysed is an
    outcome with its status and reason.
    """
    t0 = time.perf_counter()
    checked, outcome = _checked(src, job)
    if outcome is None:
        try:
            crs = checked.crs()
            result = run_hotspots(checked.inputs(crs), job.spec, filters=job.filters, crs=crs)
            outcome = _finish(src, job, checked, result)
        except ValueError as exc:  # TooFewIncidents, TooManyIncidents, any bad input
            outcome = _failure(src, checked, exc)
    return _stamped(outcome, time.perf_counter() - t0, [_worker()])


# ---------------------------------------------------------------------------
# Exact Gi* by tiles with a halo
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class GiCells:
    """What a tile reads: the city's cells, their values and the whole city's moments.

    Attributes
    ----------
    i, j, values
        The cells' grid ids and values, in the order of the city's lattice.
    grid
        Their grid.
    distance
        The Gi* distance band in metres (chosen on the whole city).
    n, mean, var
        Cells, mean and variance of the values over the whole city
        (:func:`models.gistar.gi_star_z`'s ``n``, ``mean`` and ``var``).
    reach
        The most grid ids a neighbour within ``distance`` is away, in ``i`` and ``j``.
    origin
        The smallest ``i`` and ``j``: the corner of tile ``(0, 0)``.
    side, k
        Cells on a tile's side, and tiles on the grid's side (``k x k`` tiles).
    """

    i: np.ndarray
    j: np.ndarray
    values: np.ndarray
    grid: Grid
    distance: float
    n: int
    mean: float
    var: float
    reach: tuple[int, int]
    origin: tuple[int, int]
    side: int
    k: int


@dataclass(frozen=True)
class GiTile:
    """Gi* of one tile's own cells.

    Attributes
    ----------
    index
        Positions of its own cells in the city's lattice.
    z, n_neighbors
        Their z-scores and neighbours (the cell itself not counted).
    halo
        Cells read around them (within the distance band).
    seconds, worker
        Time it took, and the Dask worker that ran it (``""``: this process).
    """

    index: np.ndarray
    z: np.ndarray
    n_neighbors: np.ndarray
    halo: int
    seconds: float
    worker: str


@dataclass(frozen=True)
class GiPrep:
    """A city made ready for its tiles (:func:`gi_prepare`).

    Attributes
    ----------
    spec, data
        The analysis and its filtered, projected incidents (as ``run_hotspots`` prepares them).
    area_text
        How the study area was obtained.
    n_outside
        Incidents outside every cell.
    choice
        The scale, chosen on the whole city.
    cells
        What the tiles read.
    """

    spec: HotspotSpec
    data: Prepared
    area_text: str
    n_outside: int
    choice: ScaleChoice
    cells: GiCells


def tileable(spec: HotspotSpec) -> bool:
    """Whether ``spec``'s analysis can run by tiles (Gi*: :class:`~models.hotspots.GiSpec`)."""
    return isinstance(spec, GiSpec)


def tiles_per_side(n_rows: int, tile_incidents: int) -> int:
    """``k`` of a city's ``k x k`` tiles: ``ceil(sqrt(n_rows / tile_incidents))``, at least 1.

    >>> tiles_per_side(1_000, 400), tiles_per_side(10_000_000, 1_000_000), tiles_per_side(5, 10)
    (2, 4, 1)
    """
    if tile_incidents <= 0 or n_rows <= tile_incidents:
        return 1
    return max(1, math.ceil(math.sqrt(n_rows / tile_incidents)))


def _prepared(
    incidents: gpd.GeoDataFrame | HotspotInputs, spec: HotspotSpec, filters: Filters, crs: str
) -> Prepared:
    """The incidents a method runs on: the steps of :func:`~models.hotspots.run_hotspots`
    before ``method.run``, for incidents alone (points, or columns with their ``x, y``)."""
    source = incidents if isinstance(incidents, HotspotInputs) else {"incidents": incidents}
    inputs = load_inputs(source, crs=crs)
    keep = passing(inputs, spec, filters)  # run_hotspots' own check
    chosen, x, y = kept_incidents(inputs, keep)  # and its own choice
    first, last = date_bounds(chosen)
    return Prepared(
        incidents=chosen,
        neighborhoods=None,
        public_spaces=None,
        crs=inputs.crs,
        filters=filters,
        start=filters.since or first,
        end=filters.until or last,
        x=x,
        y=y,
    )


def gi_prepare(
    incidents: gpd.GeoDataFrame | HotspotInputs,
    spec: HotspotSpec,
    *,
    filters: Filters | None = None,
    crs: str,
    tiles: int,
) -> GiPrep:
    """The cells, values, scale and moments of a whole city, for ``tiles x tiles`` tiles.

    Parameters
    ----------
    incidents
        The city's valid incidents: points (any CRS), or their columns
        (:data:`GI_COLUMNS` at least) with their ``x, y`` in ``crs``.
    spec
        A Gi* spec (``spec.method == "gi"``).
    filters
        Categories and dates.
    crs
        The projected CRS to work in.
    tiles
        Tiles on the grid's side (``k``).

    Raises
    ------
    ValueError
        As :func:`~models.hotspots.run_hotspots` and
        :func:`~models.gistar.gi_star_hot_spots` raise (too few incidents or cells, ...).
    """
    if not tileable(spec):
        msg = f"only Gi* is computed by tiles, not {spec.method!r}"
        raise ValueError(msg)
    if tiles < 1:
        msg = f"`tiles` must be at least 1, got {tiles}"
        raise ValueError(msg)
    assert isinstance(spec, GiSpec)
    data = _prepared(incidents, spec, filters or Filters(), crs)
    pts = prepare_points(
        data.incidents, mask=data.mask, weight=spec.weight, crs=data.crs, xy=(data.x, data.y)
    )
    lattice, values, n_outside, choice = analysis_cells(
        pts.x,
        pts.y,
        pts.weights,
        pts.area,
        shape=spec.shape,
        cell_size=spec.cell_size,
        distance=spec.distance,
        n_bands=DEFAULT_BANDS,
    )
    y = np.asarray(values, dtype=float).ravel()
    if np.isnan(y).any():  # GetisOrdGiStar.fit's checks
        msg = "`values` has NaN entries; Gi* needs a value for every cell"
        raise ValueError(msg)
    if y.size < 3:
        msg = f"Gi* needs at least 3 features, got {y.size}"
        raise ValueError(msg)
    n = y.size
    mean = y.sum() / n  # gi_star_z's moments, in its order of operations
    var = (y * y).sum() / n - mean * mean
    di, dj, _ = lattice.offsets_within(choice.distance)
    reach = (int(np.abs(di).max(initial=0)), int(np.abs(dj).max(initial=0)))
    origin = (int(lattice.i.min()), int(lattice.j.min()))
    width = int(lattice.i.max()) - origin[0] + 1
    height = int(lattice.j.max()) - origin[1] + 1
    cells = GiCells(
        i=lattice.i,
        j=lattice.j,
        values=y,
        grid=lattice.grid,
        distance=choice.distance,
        n=n,
        mean=float(mean),
        var=float(var),
        reach=reach,
        origin=origin,
        side=max(1, math.ceil(max(width, height) / tiles)),
        k=tiles,
    )
    return GiPrep(spec, data, pts.area_text, n_outside, choice, cells)


def gi_tile(cells: GiCells | None, a: int, b: int) -> GiTile | None:
    """Gi* z of the cells of tile ``(a, b)`` from them and their halo (module docstring).

    ``None`` when ``cells`` is (a city that ended before its tiles).
    """
    if cells is None:
        return None
    t0 = time.perf_counter()
    i, j = cells.i, cells.j
    lo_i, lo_j = cells.origin[0] + a * cells.side, cells.origin[1] + b * cells.side
    hi_i, hi_j = lo_i + cells.side, lo_j + cells.side
    own = (i >= lo_i) & (i < hi_i) & (j >= lo_j) & (j < hi_j)
    if not own.any():
        empty = np.zeros(0, dtype=np.int64)
        return GiTile(empty, np.zeros(0), empty, 0, time.perf_counter() - t0, _worker())
    ri, rj = cells.reach
    near = (i >= lo_i - ri) & (i < hi_i + ri) & (j >= lo_j - rj) & (j < hi_j + rj)
    sub = np.flatnonzero(near)  # ascending: the sub-lattice keeps the city's order
    w = Lattice(cells.grid, i[sub], j[sub]).band_weights(cells.distance, include_self=True)
    mine = own[sub]
    w_own = sp.csr_matrix(w[mine], dtype=float)
    lag = w_own @ cells.values[sub]
    card = np.asarray(w_own.sum(axis=1)).ravel()
    n, mean, var = cells.n, cells.mean, cells.var
    with np.errstate(divide="ignore", invalid="ignore"):
        den = np.sqrt(var * (n * card - card * card) / (n - 1))
        z = np.where(den > 0, (lag - mean * card) / den, np.nan)
    return GiTile(
        index=sub[mine],
        z=z,
        n_neighbors=np.diff(w_own.indptr) - 1,
        halo=int(sub.size - mine.sum()),
        seconds=time.perf_counter() - t0,
        worker=_worker(),
    )


def gi_assemble(prep: GiPrep, tiles: Sequence[GiTile | None]) -> HotspotResult:
    """The whole city's Gi* result from its tiles: FDR over the whole city's p-values.

    The same :class:`~models.hotspots.HotspotResult` (frame, parameters,
    incidents) as :func:`~models.hotspots.run_hotspots` gives untiled.

    Raises
    ------
    ValueError
        When the tiles do not cover every cell exactly once.
    """
    cells, data, spec = prep.cells, prep.data, prep.spec
    assert isinstance(spec, GiSpec)
    n = cells.n
    z = np.full(n, np.nan)
    seen = np.zeros(n, dtype=np.int64)
    parts = [t for t in tiles if t is not None and t.index.size]
    dtype = np.result_type(*(t.n_neighbors.dtype for t in parts)) if parts else np.int32
    n_neighbors = np.zeros(n, dtype=dtype)
    for t in parts:
        z[t.index] = t.z
        n_neighbors[t.index] = t.n_neighbors
        np.add.at(seen, t.index, 1)
    if not (seen == 1).all():
        msg = f"the tiles cover {int((seen > 0).sum())} of {n} cells, {int((seen > 1).sum())} twice"
        raise ValueError(msg)
    fdr = spec.fdr
    p = two_sided_p(z)
    bins = confidence_bins(z, p, fdr=fdr)
    lattice = Lattice(cells.grid, cells.i, cells.j)
    work_crs = data.crs
    frame = lattice.to_frame(
        work_crs,
        {
            "value": cells.values,
            "n_neighbors": n_neighbors,
            "gi_z": z,
            "gi_p": p,
            "gi_bin": bins,
            "gi_label": [BIN_LABELS[int(b)] for b in bins],
        },
    )
    n_hot = int((bins > 0).sum())
    n_cold = int((bins < 0).sum())
    corrected = "with" if fdr else "without"
    choice = prep.choice
    reason = (
        f"{choice.reason} Significance from Gi* z-scores, {corrected} the false discovery "
        f"rate correction: {n_hot:,} hot and {n_cold:,} cold cells of {lattice.n:,}."
    )
    params = GiParameters(
        scale=choice,
        shape=spec.shape,
        crs=work_crs,
        weight=str(spec.weight or "count"),
        fdr=fdr,
        study_area=prep.area_text,
        n_cells=lattice.n,
        n_incidents=len(data.incidents),
        n_outside=prep.n_outside,
        n_hot=n_hot,
        n_cold=n_cold,
        reason=reason,
    )
    projected = frame.to_crs(data.crs) if str(frame.crs) != data.crs else frame
    return HotspotResult(
        spec=spec,
        filters=data.filters,
        frame=projected.to_crs(STORAGE_CRS),
        projected=projected,
        parameters=params,
        crs=data.crs,
        units="cells",
        table=data.incidents,
        surface=None,
        start=data.start,
        end=data.end,
        labels=None,
        xy=(data.x, data.y),
    )


def gi_tiled(
    incidents: gpd.GeoDataFrame,
    spec: HotspotSpec,
    *,
    filters: Filters | None = None,
    crs: str,
    tiles: int,
) -> tuple[HotspotResult, list[GiTile]]:
    """Gi* of a city by ``tiles x tiles`` tiles, in this process; and the tiles.

    The result equals ``run_hotspots({"incidents": incidents}, spec, filters=filters, crs=crs)``
    (``tests/models/test_batch.py``).
    """
    prep = gi_prepare(incidents, spec, filters=filters, crs=crs, tiles=tiles)
    parts = [gi_tile(prep.cells, a, b) for a in range(tiles) for b in range(tiles)]
    done = [t for t in parts if t is not None]
    return gi_assemble(prep, done), done


@dataclass(frozen=True)
class _TiledCity:
    """A tiled city between its first task and its last: its prepared cells and its counts."""

    src: CitySource
    checked: _Validated
    prep: GiPrep
    seconds: float
    worker: str


def _sizeof_tiled(city: _TiledCity) -> int:
    """What a prepared city weighs (its incidents), so that Dask assembles it where it lies
    rather than moving it to the worker of a tile."""
    data = city.prep.data
    return int(sizeof(data.incidents)) + 2 * data.x.nbytes + 3 * int(sizeof(city.prep.cells.values))


_register: Callable[[type], Callable[[Callable[[_TiledCity], int]], object]] = sizeof.register
_register(_TiledCity)(_sizeof_tiled)


def prepare_tiled(
    src: CitySource, job: BatchJob, tiles: int
) -> tuple[_TiledCity | CityOutcome, GiCells | None]:
    """A tiled city's first task: validate and :func:`gi_prepare`; or its outcome if it ends here."""
    t0 = time.perf_counter()
    checked, outcome = _checked(src, job, columns=GI_COLUMNS)
    if outcome is None:
        try:
            crs = checked.crs()
            prep = gi_prepare(
                checked.inputs(crs), job.spec, filters=job.filters, crs=crs, tiles=tiles
            )
        except ValueError as exc:
            outcome = _failure(src, checked, exc)
    if outcome is not None:
        return _stamped(outcome, time.perf_counter() - t0, [_worker()]), None
    light = checked.light()
    city = _TiledCity(src, light, prep, time.perf_counter() - t0, _worker())
    return city, prep.cells


def finish_tiled(
    first: tuple[_TiledCity | CityOutcome, GiCells | None],
    tiles: Sequence[GiTile | None],
    job: BatchJob,
) -> CityOutcome:
    """A tiled city's last task: :func:`gi_assemble` its tiles, then write it as any city."""
    city = first[0]
    if isinstance(city, CityOutcome):
        return city
    t0 = time.perf_counter()
    k = city.prep.cells.k
    try:
        result = gi_assemble(city.prep, tiles)
        outcome = _finish(city.src, job, city.checked, result, tiles=k * k)
    except ValueError as exc:
        outcome = _failure(city.src, city.checked, exc)
    parts = [t for t in tiles if t is not None]
    seconds = city.seconds + sum(t.seconds for t in parts) + time.perf_counter() - t0
    return _stamped(outcome, seconds, [city.worker, *(t.worker for t in parts), _worker()])


def _run_tiled_here(src: CitySource, job: BatchJob, tiles: int) -> CityOutcome:
    first = prepare_tiled(src, job, tiles)
    parts = [gi_tile(first[1], a, b) for a in range(tiles) for b in range(tiles)]
    return finish_tiled(first, parts, job)


# ---------------------------------------------------------------------------
# The batch
# ---------------------------------------------------------------------------


def check_spec(spec: HotspotSpec) -> None:
    """Refuse a method whose options need a layer other than the incidents.

    Raises
    ------
    BatchError
        ``needs_layer``, with ``method``, ``layer`` and ``methods`` (those that need none).
    """
    others = [layer for layer in spec.required_layers() if layer != "incidents"]
    if others:
        fine = ", ".join(m for m in METHODS if spec_for(m).required_layers() == ("incidents",))
        msg = (
            f"{spec.method} with these options needs the `{others[0]}` layer; the batch reads "
            f"incidents only (methods with no other layer: {fine})"
        )
        raise BatchError(msg, "needs_layer", method=spec.method, layer=others[0], methods=fine)


def automatic_tile_incidents(memory_limit: float) -> int:
    """Rows above which a city is tiled on a worker with ``memory_limit`` bytes (module docstring).

    >>> automatic_tile_incidents(8 * 2**30)
    4294967
    """
    return max(1, int(memory_limit * MEMORY_SHARE / BYTES_PER_ROW))


def resolve_tile_incidents(tile_incidents: int | None, client: Client | None = None) -> int:
    """The rows above which a city is tiled: ``tile_incidents`` as given (0: never), or, for
    ``None``, :func:`automatic_tile_incidents` of the smallest worker's memory limit (this
    machine's without a client)."""
    if tile_incidents is not None:
        if tile_incidents < 0:
            msg = f"`tile_incidents` must be 0 (never) or a number of rows, got {tile_incidents}"
            raise ValueError(msg)
        return int(tile_incidents)
    from distributed.system import MEMORY_LIMIT

    limits: list[float] = []
    if client is not None:
        workers = client.scheduler_info(n_workers=-1).get("workers", {})
        limits = [float(w.get("memory_limit") or 0) for w in workers.values()]
        limits = [m for m in limits if m > 0]
    return automatic_tile_incidents(min(limits) if limits else float(MEMORY_LIMIT))


def _no_city(plan: Plan) -> CityOutcome:
    rows = plan.unassigned
    shown = ", ".join(str(r) for r in rows[:ROWS_LISTED]) + (
        ", …" if len(rows) > ROWS_LISTED else ""
    )
    by = plan.cities[0].by if plan.cities else "city"
    return CityOutcome(
        city="",
        stem="",
        status="no_city",
        n_rows=len(rows),
        n_rejected=len(rows),
        params={"n": len(rows), "rows": shown, "file": plan.file, "by": by},
    )


def _submit_tiled(
    client: Client, src: CitySource, job: BatchJob, tiles: int, priority: int
) -> Future[CityOutcome]:
    """A tiled city's tasks: prepare, its tiles (each reading only the small cells), assemble."""
    first = client.submit(prepare_tiled, src, job, tiles, priority=priority, pure=False)
    cells = client.submit(operator.itemgetter(1), first, priority=priority, pure=False)
    parts = [
        client.submit(gi_tile, cells, a, b, priority=priority, pure=False)
        for a in range(tiles)
        for b in range(tiles)
    ]
    return client.submit(finish_tiled, first, parts, job, priority=priority, pure=False)


def _crashed(src: CitySource, error: BaseException | None) -> CityOutcome:
    """A city whose task raised (a bug, a lost worker): failed, with the error's words."""
    return CityOutcome(
        city=src.city,
        stem=src.stem,
        status="failed",
        n_rows=src.n_rows,
        params={"error": f"{type(error).__name__}: {error}"},
    )


def run_batch(
    source: str | Path,
    spec: HotspotSpec | str,
    out_dir: str | Path,
    *,
    by: str = "city",
    fmt: Format = "geojson",
    filters: Filters | None = None,
    client: Client | None = None,
    tile_incidents: int | None = 0,
    allow_invalid_rows: bool = False,
    progress: Progress | None = None,
    plan: Plan | None = None,
    check_rows: int = CHECK_ROWS,
) -> BatchResult:
    """Run one hot-spot analysis for every city of ``source`` (module docstring).

    Parameters
    ----------
    source
        A GeoParquet file with a ``by`` column, or a folder partitioned by city.
    spec
        The method and its options, or a method code (default options).
    out_dir
        Where each city's result goes (``<city>.<ext>``); created if missing.
    by
        The city column.
    fmt
        ``"geojson"``, ``"parquet"``, ``"gpkg"`` or ``"csv"``.
    filters
        Categories and dates, for every city.
    client
        A ``distributed.Client`` (:func:`dask_client`); ``None`` runs the
        cities one after the other in this process.
    tile_incidents
        ``gi``: tile the cities with more rows than this; 0 never (the
        default); ``None`` from the workers' memory (:func:`resolve_tile_incidents`).
    allow_invalid_rows
        Analyse the valid rows of a city whose rows have errors.
    progress
        Called as ``progress(done, total, outcome)`` after each city.
    plan
        ``plan_cities(source, by=by)`` when the caller has it already.
    check_rows
        Check a file with more of a city's rows than this in pieces of about
        as many rows (the same result; :func:`validate_city`); 0 never.

    Returns
    -------
    BatchResult
        Its :attr:`~BatchResult.summary` has one row per city, columns
        :data:`SUMMARY_COLUMNS`: ``city``, ``status``, ``rows``, ``rejected``,
        ``incidents``, ``cells`` (rows of the result), ``hot``, ``tiles``,
        ``crs``, ``cell_size`` and ``distance`` (metres), ``top_incidents``,
        ``top_lon``, ``top_lat`` (the first top hot spot), ``file`` and ``seconds``.

    Raises
    ------
    BatchError
        For an input with no cities, or a method that needs another layer.
    ValueError
        For an unknown format or method.
    """
    t0 = time.perf_counter()
    if isinstance(spec, str):
        spec = spec_for(spec)
    check_spec(spec)
    if fmt not in FORMAT_CODES:
        msg = f"`fmt` must be one of {', '.join(FORMAT_CODES)}, got {fmt!r}"
        raise ValueError(msg)
    plan = plan or plan_cities(source, by=by)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    job = BatchJob(
        spec, filters or Filters(), str(out.resolve()), fmt, allow_invalid_rows, check_rows
    )
    limit = resolve_tile_incidents(tile_incidents, client)

    def tiles_of(src: CitySource) -> int:
        tiled = tileable(spec) and limit > 0 and src.n_rows > limit
        return tiles_per_side(src.n_rows, limit) if tiled else 0

    total = len(plan.cities)
    outcomes: list[CityOutcome] = []

    def done(outcome: CityOutcome) -> None:
        outcomes.append(outcome)
        if progress is not None:
            progress(len(outcomes), total, outcome)

    if client is None:
        for src in plan.cities:  # largest first, as on a cluster
            k = tiles_of(src)
            try:
                done(_run_tiled_here(src, job, k) if k else run_city(src, job))
            except Exception as exc:  # a bug in one city must not cost the others (as on Dask)
                done(_crashed(src, exc))
    else:
        from distributed import as_completed

        arrived = cast(
            "Callable[[list[Future[CityOutcome]]], Iterator[Future[CityOutcome]]]", as_completed
        )
        futures: dict[Future[CityOutcome], CitySource] = {}
        for src in plan.cities:
            k = tiles_of(src)
            if k:
                fut = _submit_tiled(client, src, job, k, src.n_rows)
            else:
                fut = client.submit(run_city, src, job, priority=src.n_rows, pure=False)
            futures[fut] = src
        for fut in arrived(list(futures)):
            src = futures.pop(fut)  # the client's last reference: Dask frees the task's memory
            try:
                outcome = fut.result()
            except Exception as exc:  # a bug, a lost worker: that city failed, the others go on
                outcome = _crashed(src, exc)
            done(outcome)
    if plan.unassigned:
        outcomes.append(_no_city(plan))
    outcomes.sort(key=lambda o: (o.city == "", o.city))
    return BatchResult(tuple(outcomes), plan, time.perf_counter() - t0)


@contextlib.contextmanager
def dask_client(
    *, workers: int | None = None, scheduler: str | None = None
) -> Iterator[Client | None]:
    """A Dask client for :func:`run_batch`, closed on exit; ``None`` for neither option.

    Parameters
    ----------
    workers
        Start a ``LocalCluster`` of this many single-threaded worker
        processes (on the loopback interface, ports chosen by the system).
    scheduler
        Join the scheduler at this address instead (``tcp://host:8786``).
    """
    from distributed import Client, LocalCluster

    connect: Callable[..., Client] = Client
    if scheduler is not None:
        with connect(scheduler) as client:
            yield client
        return
    if workers is None:
        yield None
        return
    if workers < 1:
        msg = f"`workers` must be at least 1, got {workers}"
        raise ValueError(msg)
    start: Callable[..., LocalCluster] = LocalCluster
    with (
        start(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            # the scheduler's HTTP server (its dashboard when bokeh is installed) on a free
            # loopback port: `None` still listens, on 8787, and warns when a second cluster
            # (another batch, a test running beside) holds it
            dashboard_address="127.0.0.1:0",
            scheduler_port=0,
        ) as cluster,
        connect(cluster) as client,
    ):
        yield client


__all__ = [
    "BYTES_PER_ROW",
    "GI_COLUMNS",
    "MEMORY_SHARE",
    "SUMMARY_COLUMNS",
    "BatchError",
    "BatchJob",
    "BatchResult",
    "CityOutcome",
    "CitySource",
    "GiCells",
    "GiPrep",
    "GiTile",
    "Plan",
    "automatic_tile_incidents",
    "check_spec",
    "dask_client",
    "file_stem",
    "finish_tiled",
    "gi_assemble",
    "gi_prepare",
    "gi_tile",
    "gi_tiled",
    "plan_cities",
    "prepare_tiled",
    "resolve_tile_incidents",
    "run_batch",
    "run_city",
    "tileable",
    "tiles_per_side",
    "validate_city",
]
