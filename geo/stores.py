"""Where a workspace's tables live: a GeoPackage file, or a PostGIS database.

:class:`geo.workspace.Workspace` keeps its layers and metadata tables (see
its module) in a *store*. Two stores give it the same tables:

:class:`GpkgStore`
    One GeoPackage (SQLite) file, the embedded default. A write goes to a
    temporary copy beside the file, renamed over it once complete
    (``os.replace``): a reader sees the old file or the new one.
:class:`PgStore`
    A PostgreSQL database with PostGIS, for a city office where several
    people use one server (``postgresql://user@host:port/db``). The tables
    are in the schema ``convivencia`` (``?schema=NAME`` in the address
    chooses another), except the published snapshots, which are in
    ``<schema>_public`` so that a read-only role for the public page can be
    given that schema and nothing else (:func:`grant_public`). A write is
    one transaction: a failed import leaves every table as it was, and
    readers see the old layer or the new one, never half (PostgreSQL's DDL
    is transactional; a reader locks the table before it looks up its
    columns). Each layer's rows keep their order in a ``convivencia_row``
    column; a layer with geometries also gets ``geom_m``, its geometries
    in the workspace's projected CRS, and a GiST index on each geometry
    column, for a city's own SQL. A layer reads back as from a
    GeoPackage: the same columns, types, missing values and ``""``,
    times to the millisecond and in the offset they were written in,
    geometries as GDAL stores them (single ones made multi beside multi
    ones); a name PostgreSQL would cut short (over 63 bytes) or that the
    store keeps for itself is refused before anything is written.

Both stores serialise writers with one lock per workspace (:meth:`lock`):
in PostgreSQL the workspace's metadata table locked ``EXCLUSIVE`` (readers'
``ACCESS SHARE`` still pass; a role that may read only the published
snapshots cannot take it, as it could an advisory lock, and so cannot make
the writers wait), or, while the workspace is being created and has no such
table yet, an advisory lock; ``flock`` on the folder that holds a
GeoPackage (the file itself is replaced by each write, so a lock on it would
not carry over; the folder's leaves nothing behind, and serialises the
writes of the workspaces in one folder, which take seconds). A caller that
reads, computes and writes (an append, a new snapshot version, a change of
users) holds it across the three, so two people writing at once lose
nothing: the second waits, then works from what the first wrote. In one
process the lock is held per thread and shared by every store object of
the workspace: the thread holding it re-enters it through any of them (a
write nested in a caller's lock, an import that creates the workspace),
and the other threads wait for it before they take a connection. A write
nested in a caller's PostgreSQL lock is a savepoint of its transaction:
when it fails, it alone is undone, as a GeoPackage's failed copy is thrown
away.

An address is parsed once, as SQLAlchemy parses it to connect; shown, or in
a message, it never holds its password (:func:`redacted`).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import re
import shutil
import sqlite3
import tempfile
import threading
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

from geo.crs import STORAGE_CRS
from geo.errors import WorkspaceError

if TYPE_CHECKING:
    from sqlalchemy.engine import URL, Connection, Engine

#: A workspace's address: a GeoPackage's path, or a ``postgresql://`` URL.
Location = str | Path

#: The row order of a layer stored in PostgreSQL (not a column of the layer).
ROW_COLUMN = "convivencia_row"
#: A layer's geometries in the workspace's projected CRS, stored beside them in PostgreSQL.
PROJECTED_COLUMN = "geom_m"
_HIDDEN = (ROW_COLUMN, PROJECTED_COLUMN)
#: One row: the transaction that last wrote the workspace (:meth:`PgStore.stamp`); beside the
#: snapshots, so the public role sees a new one.
STAMP_TABLE = "convivencia_stamp"
_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")
_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,40}$")


def is_database(location: Location) -> bool:
    """Whether ``location`` is a PostgreSQL address rather than a file."""
    return isinstance(location, str) and location.split(":", 1)[0].lower() in _SCHEMES


def as_location(text: str | Path) -> Location:
    """A workspace given as text (a CLI argument, a setting): a URL stays text, anything else a path."""
    if isinstance(text, Path) or not is_database(text):
        return Path(text)
    return text


def redacted(url: str) -> str:
    """``url`` without its password, fit to show and to log; never raises.

    Everything between the user name's ``:`` and the *last* ``@`` is left
    out, so a password holding an unencoded ``@``, ``/``, ``#`` or ``?``
    (which a URL parser splits elsewhere) is hidden whole too.
    """
    scheme, sep, rest = url.partition("://")
    if not sep or "@" not in rest:
        return url
    userinfo, _, host = rest.rpartition("@")
    user, colon, _ = userinfo.partition(":")
    if not colon:
        return url
    return f"{scheme}://{user}:***@{host}"


def _scrubbed(text: str, url: str) -> str:
    """``text`` (a driver's message) with any piece of ``url``'s password taken out."""
    _, sep, rest = url.partition("://")
    userinfo = rest.rpartition("@")[0] if sep else ""
    secret = userinfo.partition(":")[2]
    pieces = {secret, *re.split(r"[@/#?:]", secret)} if secret else set()
    for piece in sorted(pieces, key=len, reverse=True):
        if len(piece) >= 3:
            text = text.replace(piece, "***")
    return text


class Writer(Protocol):
    """What a store's :meth:`Store.writing` yields: replace layers, replace or extend tables."""

    def layer(self, name: str, frame: pd.DataFrame) -> None: ...

    def table(self, name: str, frame: pd.DataFrame, *, append: bool = False) -> None: ...


class Store(Protocol):
    """The tables of one workspace (see the module's docstring)."""

    #: The address as given (a path's text, or the URL), the UI's cache key.
    location: str
    #: A short name for messages: the file's name, or ``database/schema``.
    label: str

    def exists(self) -> bool: ...

    def stamp(self) -> str: ...

    def tables(self) -> set[str]: ...

    def read_table(
        self,
        name: str,
        *,
        columns: Sequence[str] | None = None,
        where: tuple[str, int] | None = None,
    ) -> pd.DataFrame: ...

    def read_layer(self, name: str) -> pd.DataFrame: ...

    def writing(
        self, *, fresh: bool = False, vacuum: bool = False
    ) -> contextlib.AbstractContextManager[Writer]: ...

    def lock(self) -> contextlib.AbstractContextManager[None]: ...


def open_store(location: Location) -> Store:
    """The store of a workspace at ``location`` (a path or a ``postgresql://`` URL)."""
    if is_database(location):
        return PgStore(str(location))
    return GpkgStore(Path(location))


# -- the write lock ----------------------------------------------------------------


class _Held:
    """One workspace's write lock as this process holds it, shared by every store object of it.

    ``guard`` makes this process's threads wait their turn before they take
    anything from the operating system or the database (so waiting writers
    hold no pooled connection); the thread that holds it re-enters it, through
    any store object of the same workspace, without waiting for itself.
    """

    def __init__(self) -> None:
        self.guard = threading.RLock()
        self.depth = 0
        #: The holding thread (``threading.get_ident``), ``None`` when free.
        self.owner: int | None = None
        #: PostgreSQL: the write transaction's connection and the engine it came from.
        self.conn: Connection | None = None
        self.engine: Engine | None = None


_HELD: dict[str, _Held] = {}
_HELD_LOCK = threading.Lock()


def _held(key: str) -> _Held:
    """The lock state of the workspace (or GeoPackage folder) named ``key`` in this process."""
    with _HELD_LOCK:
        return _HELD.setdefault(key, _Held())


@contextlib.contextmanager
def _holding(
    held: _Held, take: Callable[[], contextlib.AbstractContextManager[Connection | None]]
) -> Iterator[None]:
    """Hold ``held``: re-entered by its owner, else ``take()`` (a flock, a transaction) under its guard.

    Released whatever ends the block, ``KeyboardInterrupt`` included.
    """
    with held.guard:
        if held.depth:
            held.depth += 1
            try:
                yield
            finally:
                held.depth -= 1
            return
        with take() as conn:
            held.conn, held.owner, held.depth = conn, threading.get_ident(), 1
            try:
                yield
            finally:
                held.conn, held.owner, held.depth, held.engine = None, None, 0, None


# -- GeoPackage -----------------------------------------------------------------


@contextlib.contextmanager
def _flock(folder: Path) -> Iterator[None]:
    """``flock`` on ``folder`` (created if missing): nothing is written into it."""
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


class GpkgStore:
    """A workspace in one GeoPackage file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.location = str(path)
        self.label = path.name
        self._held = _held(f"gpkg:{os.path.realpath(path.parent)}")

    def exists(self) -> bool:
        return self.path.is_file()

    def stamp(self) -> str:
        """Changes whenever the file is written: its inode, size and modification time.

        Each write renames a new file over the old one, so the inode changes
        even when two writes fall in one tick of the file system's clock.
        """
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return "0"
        return f"{st.st_ino}-{st.st_size}-{st.st_mtime_ns}"

    def tables(self) -> set[str]:
        try:
            return {str(n) for n, _ in pyogrio.list_layers(self.path)}
        except Exception as exc:  # pyogrio raises DataSourceError and friends
            msg = f"workspace {self.path} is not a GeoPackage: {exc}"
            raise WorkspaceError(msg) from exc

    def read_table(
        self,
        name: str,
        *,
        columns: Sequence[str] | None = None,
        where: tuple[str, int] | None = None,
    ) -> pd.DataFrame:
        sql = f"{where[0]} = {int(where[1])}" if where is not None else None
        frame = pyogrio.read_dataframe(
            self.path,
            layer=name,
            columns=list(columns) if columns is not None else None,
            where=sql,
            read_geometry=False,
        )
        return pd.DataFrame(frame)

    def read_layer(self, name: str) -> pd.DataFrame:
        frame: pd.DataFrame = pyogrio.read_dataframe(self.path, layer=name, use_arrow=True)
        return frame

    def lock(self) -> contextlib.AbstractContextManager[None]:
        """Hold the workspace's write lock (``flock`` on its folder; see the module's docstring)."""
        return _holding(self._held, lambda: _flock(self.path.parent))

    @contextlib.contextmanager
    def writing(self, *, fresh: bool = False, vacuum: bool = False) -> Iterator[Writer]:
        """Write into a copy of the file (a new file when ``fresh``), switched in on success."""
        with self.lock(), atomic_copy(self.path, fresh=fresh) as tmp:
            yield _GpkgWriter(tmp)
            if vacuum and not fresh:
                con = sqlite3.connect(tmp)
                try:
                    con.execute("VACUUM")
                finally:
                    con.close()


class _GpkgWriter:
    def __init__(self, path: Path) -> None:
        self.path = path

    def layer(self, name: str, frame: pd.DataFrame) -> None:
        from geo.workspace import write_gpkg_layer

        write_gpkg_layer(frame, self.path, name)

    def table(self, name: str, frame: pd.DataFrame, *, append: bool = False) -> None:
        if append and name in {str(n) for n, _ in pyogrio.list_layers(self.path)}:
            pyogrio.write_dataframe(frame, self.path, layer=name, driver="GPKG", append=True)
            return
        pyogrio.write_dataframe(
            frame, self.path, layer=name, driver="GPKG", layer_options={"OVERWRITE": "YES"}
        )


@contextlib.contextmanager
def atomic_copy(path: Path, *, fresh: bool = False) -> Iterator[Path]:
    """Yield a temporary copy of ``path`` (a new file when ``fresh``) that replaces it on success."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".tmp.gpkg", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        os.close(fd)
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
        if path.exists() and not fresh:
            shutil.copyfile(path, tmp)
        else:
            tmp.unlink()
        yield tmp
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    finally:
        for leftover in (tmp, Path(f"{tmp}-journal"), Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            if leftover.exists():
                leftover.unlink()


# -- PostGIS ----------------------------------------------------------------------

_ENGINES: dict[str, Engine] = {}
_ENGINES_LOCK = threading.Lock()
#: Schema names a workspace may not take: PostgreSQL's own, and ``public``, where PostGIS lives
#: and where every role may look.
_RESERVED_SCHEMAS = ("public", "information_schema")
#: PostgreSQL keeps names up to this many bytes (it cuts longer ones short, silently).
_MAX_NAME_BYTES = 63
_WHAT_URL = (
    "postgresql://user:password@host:port/database?schema=NAME; write @ / # ? : % in a"
    " user name or password as %40 %2F %23 %3F %3A %25"
)


def _engine(target: URL) -> Engine:
    """One SQLAlchemy engine (a small connection pool) per database address, for the process."""
    from sqlalchemy import create_engine

    key = target.render_as_string(hide_password=False)
    with _ENGINES_LOCK:
        engine = _ENGINES.get(key)
        if engine is None:
            engine = create_engine(target, pool_pre_ping=True, pool_size=4, max_overflow=8)
            _ENGINES[key] = engine
        return engine


def dispose_engines() -> None:
    """Close every pooled connection (tests stopping their cluster; a process about to fork)."""
    with _ENGINES_LOCK:
        for engine in _ENGINES.values():
            engine.dispose()
        _ENGINES.clear()


def _split(location: str) -> tuple[URL, str]:
    """The address to connect to (psycopg 3, ``schema`` taken out of the query) and the schema.

    Parsed as SQLAlchemy parses it, so the address shown, the one connected
    to and the one keyed on are one; a message about it never holds the
    password (``from None``: SQLAlchemy's own message quotes the address).
    """
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    bad = f"workspace address {redacted(location)} is not a PostgreSQL address ({_WHAT_URL})"
    try:
        url = make_url(location)
    except (ArgumentError, ValueError):
        raise WorkspaceError(bad) from None
    if any(c in (url.host or "") for c in "@/#?") or not url.database:
        raise WorkspaceError(bad)  # an unencoded @ in the password moved the host
    given = url.query.get("schema", "convivencia")
    if not isinstance(given, str):
        msg = f"workspace address {redacted(location)}: give `schema` once, not {len(given)} times"
        raise WorkspaceError(msg)
    if (
        not _NAME.fullmatch(given)
        or given.startswith("pg_")
        or given in _RESERVED_SCHEMAS
        or given.endswith("_public")
    ):
        msg = f"workspace address {redacted(location)}: schema {given!r} must be lower-case letters, digits and _ (starting with a letter or _), not start with pg_, not end with _public, and not be {' or '.join(_RESERVED_SCHEMAS)}"
        raise WorkspaceError(msg)
    target = url.set(drivername="postgresql+psycopg").difference_update_query(["schema"])
    return target, given


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _check_names(name: str, columns: Sequence[str]) -> None:
    """Refuse a table or column name PostgreSQL would cut short or that the store keeps for itself."""
    size = len(name.encode())
    if size > _MAX_NAME_BYTES or "\x00" in name:
        msg = f"table `{name}` cannot be stored in PostgreSQL: its name takes {size} bytes (at most {_MAX_NAME_BYTES}); give it a shorter name"
        raise WorkspaceError(msg)
    for column in columns:
        size = len(str(column).encode())
        if size > _MAX_NAME_BYTES or "\x00" in str(column):
            msg = f"table `{name}`: column `{column}` cannot be stored in PostgreSQL: its name takes {size} bytes (at most {_MAX_NAME_BYTES}); rename it"
            raise WorkspaceError(msg)
        if column in _HIDDEN:
            msg = f"table `{name}`: column `{column}` has a name a PostGIS workspace keeps for itself ({', '.join(_HIDDEN)}); rename it"
            raise WorkspaceError(msg)


#: A column comment that keeps the one UTC offset a column's times were written with.
_OFFSET_NOTE = "convivencia:utc_offset_seconds="


def _utc_offset(values: pd.Series) -> int | None:
    """The one UTC offset (seconds) of a time-zone-aware column's times, ``None`` when several or none.

    GDAL writes each time with its own offset and reads a column back in
    the offset its times share, else in UTC; PostgreSQL keeps instants only,
    so the offset is kept beside the column (:data:`_OFFSET_NOTE`).
    """
    times = values.dropna()
    if not len(times):
        return None
    offsets = {t.utcoffset() for t in times}
    if len(offsets) != 1:
        return None
    offset = offsets.pop()
    return int(offset.total_seconds()) if offset is not None else None


#: Integer columns as GDAL reads them back from a GeoPackage, by PostgreSQL type.
_INTEGERS = {"int2": "int16", "int4": "int32", "int8": "int64"}


def _as_gpkg(frame: pd.DataFrame, kinds: Mapping[str, tuple[str, str]]) -> pd.DataFrame:
    """Columns typed as GDAL reads them from a GeoPackage, from each column's PostgreSQL type.

    ``kinds`` maps a column to its type name and comment. Integers keep
    their width, but with a missing value are ``float64``; booleans with a missing value ``object``, text ``str``, times
    in milliseconds (PostgreSQL keeps microseconds), time-zone-aware times
    in the offset they were written in (UTC when they had several), an
    empty layer's times without a zone.
    """
    for column, (kind, note) in kinds.items():
        if column not in frame.columns:
            continue
        values = frame[column]
        empty = not len(values)
        if kind in _INTEGERS:
            if not empty and values.isna().any():
                frame[column] = values.astype("float64")
            else:
                frame[column] = values.astype(_INTEGERS[kind])
        elif kind in ("float4", "float8", "numeric"):
            frame[column] = values.astype("float32" if kind == "float4" else "float64")
        elif kind == "bool":
            if empty or not values.isna().any():
                frame[column] = values.astype(bool)
            else:
                frame[column] = values.astype(object).where(values.notna(), None)
        elif kind in ("text", "varchar", "bpchar"):
            if values.dtype == object:
                frame[column] = values.astype("str")
        elif kind == "timestamp":
            frame[column] = pd.to_datetime(values).astype("datetime64[ms]")
        elif kind == "timestamptz":
            times = pd.to_datetime(values, utc=True).astype("datetime64[ms, UTC]")
            if empty:
                frame[column] = times.dt.tz_localize(None)
                continue
            seconds = note.removeprefix(_OFFSET_NOTE) if note.startswith(_OFFSET_NOTE) else ""
            if seconds:
                times = times.dt.tz_convert(timezone(timedelta(seconds=int(seconds))))
            frame[column] = times
    return frame


def _copy_rows(table: Any, conn: Connection, keys: list[str], rows: Iterable[Sequence[Any]]) -> int:
    """``DataFrame.to_sql``'s ``method``: the rows through ``COPY`` (a missing value is NULL, ``""`` is ``""``).

    GeoPandas' ``to_postgis`` copies CSV, in which an empty text is NULL:
    it would turn every ``""`` of a layer into a missing value.
    """
    import psycopg

    raw = conn.connection.driver_connection
    assert raw is not None
    target = f"{_quote(table.schema)}.{_quote(table.name)}" if table.schema else _quote(table.name)
    columns = ", ".join(_quote(k) for k in keys)
    count = 0
    try:
        with raw.cursor() as cursor, cursor.copy(f"COPY {target} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
    except psycopg.Error as exc:  # a value PostgreSQL cannot store (a NUL in a text, ...)
        msg = f"table `{table.name}` row {count}: PostgreSQL cannot store it: {exc}"
        raise WorkspaceError(msg) from exc
    return count


def _promoted(geoms: gpd.GeoSeries) -> gpd.GeoSeries:
    """Single geometries made multi where a layer mixes one kind with its multi kind, as GDAL stores them in a GeoPackage."""
    kinds = set(geoms.geom_type.dropna())
    for single in ("Point", "LineString", "Polygon"):
        if kinds != {single, f"Multi{single}"}:
            continue
        make = {
            "Point": shapely.multipoints,
            "LineString": shapely.multilinestrings,
            "Polygon": shapely.multipolygons,
        }[single]
        values = np.asarray(geoms.values, dtype=object)
        singles = (geoms.geom_type == single).to_numpy()
        values[singles] = make(np.atleast_2d(values[singles]), axis=0)
        return gpd.GeoSeries(values, index=geoms.index, crs=geoms.crs, name=geoms.name)
    return geoms


class PgStore:
    """A workspace in a PostgreSQL/PostGIS database (see the module's docstring)."""

    def __init__(self, url: str) -> None:
        target, self.schema = _split(url)
        self.public_schema = f"{self.schema}_public"
        self.location = url
        self.label = f"{target.database or target.host}/{self.schema}"
        self._engine = _engine(target)
        # one lock per workspace, whatever the user or the connection's options
        self._held = _held(f"pg:{target.host}:{target.port}/{target.database}#{self.schema}")
        # the advisory lock's key: this database's schema, as a signed 64-bit number
        digest = hashlib.sha256(f"convivencia:{self.schema}".encode()).digest()
        self._key = int.from_bytes(digest[:8], "big", signed=True)

    def _schema_of(self, name: str) -> str:
        from geo.workspace import SNAPSHOTS_TABLE

        return self.public_schema if name in (SNAPSHOTS_TABLE, STAMP_TABLE) else self.schema

    def _qualified(self, name: str) -> str:
        return f"{_quote(self._schema_of(name))}.{_quote(name)}"

    @property
    def _conn(self) -> Connection | None:
        """The write transaction's connection when this thread holds the lock through this engine."""
        held = self._held
        if held.owner == threading.get_ident() and held.engine is self._engine:
            return held.conn
        return None

    def _unreachable(self, exc: Exception) -> WorkspaceError:
        reason = _scrubbed(str(getattr(exc, "orig", exc)), self.location)
        msg = f"cannot reach the workspace database {redacted(self.location)}: {reason}"
        return WorkspaceError(msg)

    @contextlib.contextmanager
    def _connect(self) -> Iterator[Connection]:
        """A connection: the write transaction's own while this thread holds the lock, else a pooled one."""
        own = self._conn
        if own is not None:  # a savepoint: a read that fails leaves the write transaction usable
            with own.begin_nested():
                yield own
            return
        from sqlalchemy.exc import OperationalError, TimeoutError

        try:
            with self._engine.connect() as conn:
                yield conn
        except (OperationalError, TimeoutError) as exc:
            raise self._unreachable(exc) from None

    def exists(self) -> bool:
        from geo.workspace import META_TABLE, SNAPSHOTS_TABLE

        return bool(self.tables() & {META_TABLE, SNAPSHOTS_TABLE})

    def stamp(self) -> str:
        """Changes with every committed write: the id of the transaction that last wrote."""
        from sqlalchemy import text
        from sqlalchemy.exc import DBAPIError

        try:
            with self._connect() as conn:
                row = conn.execute(
                    text(f"SELECT stamp FROM {self._qualified(STAMP_TABLE)}")
                ).first()
        except DBAPIError:
            return "0"
        return str(row[0]) if row is not None else "0"

    def tables(self) -> set[str]:
        from sqlalchemy import text

        with self._connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT table_name FROM information_schema.tables"
                    " WHERE table_schema IN (:s, :p)"
                ),
                {"s": self.schema, "p": self.public_schema},
            )
            return {str(r[0]) for r in rows} - {STAMP_TABLE}

    def _columns(self, conn: Connection, name: str) -> list[tuple[str, str, str]]:
        """Each column's name, type name and comment, in order, the table locked against a writer first.

        With the lock (``ACCESS SHARE``, which only a ``DROP`` or
        ``ALTER`` waits for) the columns read here are those the ``SELECT``
        after it reads, in one transaction: a layer replaced meanwhile is
        read whole, old or new.
        """
        from sqlalchemy import text

        table = self._qualified(name)
        conn.execute(text(f"LOCK TABLE {table} IN ACCESS SHARE MODE"))
        rows = conn.execute(
            text(
                "SELECT a.attname, t.typname, coalesce(col_description(a.attrelid, a.attnum), '')"
                " FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid"
                " WHERE a.attrelid = CAST(:t AS regclass) AND a.attnum > 0"
                " AND NOT a.attisdropped ORDER BY a.attnum"
            ),
            {"t": table},
        )
        return [(str(r[0]), str(r[1]), str(r[2])) for r in rows]

    def _select(
        self,
        conn: Connection,
        name: str,
        columns: Sequence[str] | None,
        where: tuple[str, int] | None,
    ) -> tuple[str, list[str], list[str], dict[str, tuple[str, str]]]:
        found = self._columns(conn, name)
        geoms = [c for c, kind, _ in found if kind == "geometry" and c not in _HIDDEN]
        wanted = [c for c, _, _ in found if c not in _HIDDEN]
        if columns is not None:  # as GDAL reads them: in the table's order, missing ones left out
            wanted = [c for c in wanted if c in columns]
        sql = f"SELECT {', '.join(_quote(c) for c in wanted)} FROM {self._qualified(name)}"
        if where is not None:
            sql += f" WHERE {_quote(where[0])} = {int(where[1])}"
        if any(c == ROW_COLUMN for c, _, _ in found):
            sql += f" ORDER BY {_quote(ROW_COLUMN)}"
        kinds = {c: (kind, note) for c, kind, note in found if c in wanted}
        return sql, wanted, [g for g in geoms if g in wanted], kinds

    def read_table(
        self,
        name: str,
        *,
        columns: Sequence[str] | None = None,
        where: tuple[str, int] | None = None,
    ) -> pd.DataFrame:
        from sqlalchemy import text

        with self._connect() as conn:
            sql, _, geoms, kinds = self._select(conn, name, columns, where)
            frame = _as_gpkg(pd.read_sql(text(sql), conn), kinds)
        return pd.DataFrame(frame.drop(columns=geoms)) if geoms else frame

    def read_layer(self, name: str) -> pd.DataFrame:
        from sqlalchemy import text

        with self._connect() as conn:
            sql, _, geoms, kinds = self._select(conn, name, None, None)
            if not geoms:
                return _as_gpkg(pd.read_sql(text(sql), conn), kinds)
            frame = gpd.read_postgis(text(sql), conn, geom_col=geoms[0], crs=STORAGE_CRS)
        return _as_gpkg(frame, kinds)

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[Connection]:
        """A transaction holding the workspace's write lock (released when it ends, however)."""
        from sqlalchemy.exc import OperationalError, TimeoutError

        try:
            with self._engine.begin() as conn:
                self._lock_writers(conn)
                self._held.engine = self._engine
                yield conn
        except (OperationalError, TimeoutError) as exc:
            raise self._unreachable(exc) from None

    def _lock_writers(self, conn: Connection) -> None:
        """Take the write lock in ``conn``'s transaction (module docstring).

        The metadata table, ``EXCLUSIVE``: only a role that may write it can
        take that. A workspace without one yet is being created: the
        advisory lock then makes the creators wait for each other, and the
        one that waited takes the table's lock too once the first has made it.
        """
        from sqlalchemy import text

        from geo.workspace import META_TABLE

        meta = self._qualified(META_TABLE)
        exists = text("SELECT to_regclass(:t) IS NOT NULL")
        if not conn.execute(exists, {"t": meta}).scalar():
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": self._key})
            if not conn.execute(exists, {"t": meta}).scalar():
                return
        conn.execute(text(f"LOCK TABLE {meta} IN EXCLUSIVE MODE"))

    def lock(self) -> contextlib.AbstractContextManager[None]:
        """Hold the workspace's write lock: one transaction holding it (:meth:`_lock_writers`).

        Writes inside (:meth:`writing`, through any store of this workspace,
        in this thread) join that transaction, which commits when the
        outermost lock is released and rolls back if it ends in an error;
        readers of other connections see the state before it until then.
        """
        held = self._held
        if held.depth and held.owner == threading.get_ident() and held.engine is not self._engine:
            msg = f"workspace {self.label}: this thread already holds its write lock through another address (another user?); write through that one"
            raise WorkspaceError(msg)
        return _holding(held, self._transaction)

    @contextlib.contextmanager
    def writing(self, *, fresh: bool = False, vacuum: bool = False) -> Iterator[Writer]:
        """Write in one transaction (under :meth:`lock`); ``fresh`` first drops every workspace table."""
        from sqlalchemy import text

        with self.lock():
            conn = self._conn
            assert conn is not None
            # a savepoint: a write that fails inside a caller's lock is undone alone, as the
            # GeoPackage throws its copy away, and the caller's transaction goes on
            with conn.begin_nested():
                conn.execute(text(f"CREATE SCHEMA IF NOT EXISTS {_quote(self.schema)}"))
                conn.execute(text(f"CREATE SCHEMA IF NOT EXISTS {_quote(self.public_schema)}"))
                _ensure_postgis(conn)
                if fresh:
                    for name in sorted(self.tables()):
                        conn.execute(text(f"DROP TABLE IF EXISTS {self._qualified(name)} CASCADE"))
                yield _PgWriter(self, conn)
                stamp = self._qualified(STAMP_TABLE)
                conn.execute(
                    text(
                        f"CREATE TABLE IF NOT EXISTS {stamp} (stamp bigint);"
                        f" DELETE FROM {stamp}; INSERT INTO {stamp} VALUES (txid_current())"
                    )
                )


def _ensure_postgis(conn: Connection) -> None:
    """Create the ``postgis`` extension when it is missing and the role may; else say what to ask for."""
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    if conn.execute(text("SELECT 1 FROM pg_extension WHERE extname = 'postgis'")).first():
        return
    try:
        with conn.begin_nested():
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS postgis"))
    except DBAPIError as exc:
        msg = f"the workspace database has no PostGIS and this role may not add it ({exc.orig}); ask its administrator to run `CREATE EXTENSION postgis;` in it"
        raise WorkspaceError(msg) from exc


class _PgWriter:
    def __init__(self, store: PgStore, conn: Connection) -> None:
        self.store = store
        self.conn = conn

    def _drop(self, name: str) -> None:
        from sqlalchemy import text

        self.conn.execute(text(f"DROP TABLE IF EXISTS {self.store._qualified(name)} CASCADE"))

    def layer(self, name: str, frame: pd.DataFrame) -> None:
        """Replace layer ``name`` with ``frame``: its rows in order, geometries in EPSG:4326 and projected.

        Stored as GDAL stores it in a GeoPackage, so that both read back
        alike: a layer without any geometry as a plain table, the geometry
        column named ``geometry``, single geometries made multi where the
        layer mixes them with multi ones.
        """
        from sqlalchemy import text

        _check_names(name, [str(c) for c in frame.columns])
        self._drop(name)
        data = frame.copy()
        if isinstance(data, gpd.GeoDataFrame) and data.geometry.name in data.columns:
            if not data.geometry.notna().any():
                data = pd.DataFrame(data.drop(columns=data.geometry.name))
            else:
                if data.geometry.name != "geometry" and "geometry" not in data.columns:
                    data = data.rename_geometry("geometry")
                data[data.geometry.name] = _promoted(data.geometry)
        data.insert(len(data.columns), ROW_COLUMN, range(len(data)))
        if isinstance(data, gpd.GeoDataFrame) and data.geometry.name in data.columns:
            _write_geo(data, name, self.conn, self.store._schema_of(name), self._projected_srid())
        else:
            self._rows(name, pd.DataFrame(data))
        self.conn.execute(
            text(f"CREATE INDEX ON {self.store._qualified(name)} ({_quote(ROW_COLUMN)})")
        )

    def _rows(self, name: str, frame: pd.DataFrame, *, append: bool = False) -> None:
        schema = self.store._schema_of(name)
        frame.to_sql(
            name,
            self.conn,
            schema=schema,
            index=False,
            if_exists="append" if append else "fail",
            dtype=_sql_types(frame),
            method=_copy_rows,
        )
        _note_offsets(self.conn, self.store._qualified(name), frame)

    def table(self, name: str, frame: pd.DataFrame, *, append: bool = False) -> None:
        _check_names(name, [str(c) for c in frame.columns])
        if not append:
            self._drop(name)
        self._rows(name, pd.DataFrame(frame), append=True)

    def _projected_srid(self) -> int | None:
        """The projected CRS's SRID, registered in ``spatial_ref_sys`` when missing and the role may; else ``None``."""
        from pyproj import CRS
        from sqlalchemy import text
        from sqlalchemy.exc import DBAPIError

        from geo.workspace import META_TABLE

        if META_TABLE not in self.store.tables():
            return None
        meta = pd.read_sql(
            text(f"SELECT key, value FROM {self.store._qualified(META_TABLE)}"), self.conn
        )
        crs_text = dict(zip(meta["key"], meta["value"], strict=True)).get("crs", "")
        if not crs_text:
            return None
        crs = CRS.from_user_input(crs_text)
        epsg = crs.to_epsg()
        if epsg is None:
            return None
        if self.conn.execute(
            text("SELECT 1 FROM spatial_ref_sys WHERE srid = :s"), {"s": epsg}
        ).first():
            return epsg
        with (
            warnings.catch_warnings()
        ):  # a PROJ string loses detail; srtext is what PostGIS reads first
            warnings.simplefilter("ignore", UserWarning)
            proj4 = crs.to_proj4()
        try:
            with self.conn.begin_nested():
                self.conn.execute(
                    text(
                        "INSERT INTO spatial_ref_sys (srid, auth_name, auth_srid, srtext, proj4text)"
                        " VALUES (:s, 'EPSG', :s, :w, :p)"
                    ),
                    {"s": epsg, "w": crs.to_wkt("WKT1_GDAL"), "p": proj4},
                )
        except DBAPIError:
            return None
        return epsg


def _note_offsets(conn: Connection, table: str, frame: pd.DataFrame) -> None:
    """Keep each time-zone-aware column's one UTC offset in its comment (:func:`_utc_offset`)."""
    from sqlalchemy import text

    for column in frame.columns:
        if not isinstance(frame[column].dtype, pd.DatetimeTZDtype):
            continue
        offset = _utc_offset(frame[column])
        if offset is not None:
            note = f"{_OFFSET_NOTE}{offset}"
            conn.execute(text(f"COMMENT ON COLUMN {table}.{_quote(str(column))} IS '{note}'"))


def _sql_types(frame: pd.DataFrame) -> dict[str, Any]:
    """Each column's SQL type, from its dtype (and, for ``object`` columns, from its values).

    As pandas' ``to_sql`` chooses them from the data, but decided here so
    that a table created empty (:func:`_write_geo`) gets the types its rows
    need, and each integer keeps its width as in a GeoPackage.
    """
    from sqlalchemy import types

    chosen: dict[str, Any] = {}
    for column in frame.columns:
        values = frame[column]
        dtype = values.dtype
        kind: Any
        if isinstance(dtype, gpd.array.GeometryDtype):
            continue
        if isinstance(dtype, pd.DatetimeTZDtype):
            kind = types.DateTime(timezone=True)
        elif pd.api.types.is_datetime64_dtype(dtype):
            kind = types.DateTime()
        elif pd.api.types.is_bool_dtype(dtype):
            kind = types.Boolean()
        elif pd.api.types.is_integer_dtype(dtype):
            size = np.dtype(dtype.numpy_dtype if hasattr(dtype, "numpy_dtype") else dtype).itemsize
            kind = (
                types.SmallInteger()
                if size <= 2
                else types.Integer()
                if size == 4
                else types.BigInteger()
            )
        elif pd.api.types.is_float_dtype(dtype):
            kind = types.REAL() if np.dtype(dtype).itemsize == 4 else types.Float(precision=53)
        else:
            inferred = pd.api.types.infer_dtype(values, skipna=True)
            kind = {
                "boolean": types.Boolean(),
                "integer": types.BigInteger(),
                "floating": types.Float(precision=53),
                "mixed-integer-float": types.Float(precision=53),
                "date": types.Date(),
                "datetime": types.DateTime(timezone=_zoned(values)),
                "time": types.Time(),
                "bytes": types.LargeBinary(),
            }.get(inferred, types.Text())
        chosen[str(column)] = kind
    return chosen


def _zoned(values: pd.Series) -> bool:
    """Whether an ``object`` column of times holds zone-aware ones."""
    first = values.dropna()
    return bool(len(first)) and getattr(first.iloc[0], "tzinfo", None) is not None


def _write_geo(
    frame: gpd.GeoDataFrame, name: str, conn: Connection, schema: str, srid: int | None
) -> None:
    """A layer with geometries: the table made by GeoPandas, its rows by ``COPY``, GiST indices.

    ``to_postgis`` makes the table (GeoAlchemy2 registers the geometry
    column and indexes it) from no rows, with the column types of all of
    them (:func:`_sql_types`) and the geometry type they share; the rows
    then go by :func:`_copy_rows` (``to_postgis`` copies CSV, which makes
    every ``""`` a NULL), geometries as EWKB in EPSG:4326. With ``srid``
    (the projected CRS) a column :data:`PROJECTED_COLUMN` is computed from
    them by PostgreSQL as each row is stored (a generated column: no
    second pass over the table), with a GiST index of its own.
    """
    from sqlalchemy import text

    geom = frame.geometry.name
    table = f"{_quote(schema)}.{_quote(name)}"
    data = pd.DataFrame(frame.drop(columns=geom))
    frame.iloc[:0].to_postgis(
        name, conn, schema=schema, index=False, if_exists="fail", dtype=_sql_types(data)
    )
    present = set(frame.geometry.geom_type.dropna())
    kind = present.pop().upper() if len(present) == 1 else "GEOMETRY"
    dims = "Z" if frame.geometry.has_z.any() else ""
    kind += dims
    conn.execute(
        text(f"ALTER TABLE {table} ALTER COLUMN {_quote(geom)} TYPE geometry({kind}, 4326)")
    )
    if srid is not None:
        conn.execute(
            text(
                f"ALTER TABLE {table} ADD COLUMN {PROJECTED_COLUMN} geometry(Geometry{dims}, {int(srid)})"
                f" GENERATED ALWAYS AS (ST_Transform({_quote(geom)}, {int(srid)})) STORED"
            )
        )
    values = shapely.set_srid(np.asarray(frame.geometry.values, dtype=object), 4326)
    data.insert(
        list(frame.columns).index(geom), geom, shapely.to_wkb(values, hex=True, include_srid=True)
    )
    if len(data):
        data.to_sql(name, conn, schema=schema, index=False, if_exists="append", method=_copy_rows)
    _note_offsets(conn, table, data)
    if srid is not None:
        conn.execute(text(f"CREATE INDEX ON {table} USING GIST ({PROJECTED_COLUMN})"))


# -- deployment ---------------------------------------------------------------------


def _check_read_only(conn: Connection, role: str, store: PgStore) -> None:
    """Refuse (rolling the grant back) when ``role`` may still read the workspace or write its snapshots.

    The role's effective rights, however it came by them (a group it
    belongs to, ``pg_read_all_data``, a grant to ``PUBLIC`` by hand).
    """
    from sqlalchemy import text

    leaks = conn.execute(
        text(
            "SELECT n.nspname || '.' || c.relname FROM pg_class c"
            " JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE c.relkind IN ('r', 'v', 'm', 'p', 'f') AND ("
            "  (n.nspname = :s AND (has_schema_privilege(:r, n.oid, 'USAGE')"
            "   OR has_table_privilege(:r, c.oid, 'SELECT')))"
            "  OR (n.nspname = :p AND (has_schema_privilege(:r, n.oid, 'CREATE')"
            "   OR has_table_privilege(:r, c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER'))))"
            " UNION ALL SELECT :s WHERE has_schema_privilege(:r, :s, 'USAGE')"
            " ORDER BY 1"
        ),
        {"r": role, "s": store.schema, "p": store.public_schema},
    ).scalars()
    found = list(leaks)
    if found:
        msg = f"role {role!r} would still be able to read the workspace or change its snapshots ({', '.join(found[:5])}): it belongs to a role that may, or the tables were granted to PUBLIC; choose a new role, or revoke those rights first"
        raise WorkspaceError(msg)


def grant_public(location: str, role: str, *, password: str | None = None) -> None:
    """Give ``role`` read access to the published snapshots and nothing else.

    Creates the role (``LOGIN``, with ``password`` when given) if it does
    not exist, revokes anything it had on the workspace's schema and on the
    snapshots' schema, and grants it ``USAGE`` on ``<schema>_public`` and
    ``SELECT`` on its tables (also on tables this role creates there
    later); its sessions are read-only by default. The public page
    connects as that role (``CONVIVENCIA_PUBLIC_WORKSPACE``): its query on
    the incidents fails with "permission denied".

    The password goes to the server as a SCRAM-SHA-256 verifier computed
    here (as ``psql``'s ``\\password`` does), so it never appears in the
    server's statement log. An existing role that can do more than log in
    (a superuser, one that creates roles or databases, replicates or
    bypasses row security, one that is or belongs to the role connecting,
    or owns a workspace schema) is refused: revoking would not make it
    read-only.

    Raises
    ------
    WorkspaceError
        When ``location`` is not a PostgreSQL address, ``role`` is not a plain
        name or is a role that can do more, or the database refuses (the
        connecting role may not create roles).
    """
    import psycopg
    from psycopg import sql
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    if not is_database(location):
        msg = f"{location} is not a PostgreSQL address: database roles exist only in a PostGIS workspace"
        raise WorkspaceError(msg)
    if not _NAME.fullmatch(role) or role.startswith("pg_"):
        msg = f"role name {role!r} must be lower-case letters, digits and _ (starting with a letter or _, not with pg_)"
        raise WorkspaceError(msg)
    store = PgStore(location)
    q, pub, who = _quote(store.schema), _quote(store.public_schema), _quote(role)
    try:
        with store.writing() as _, store._connect() as conn:
            found = conn.execute(
                text(
                    "SELECT r.rolsuper OR r.rolcreaterole OR r.rolcreatedb OR r.rolreplication"
                    " OR r.rolbypassrls OR r.rolname = current_user"
                    " OR pg_has_role(r.oid, current_user, 'MEMBER')"
                    " OR EXISTS (SELECT 1 FROM pg_namespace n WHERE n.nspowner = r.oid"
                    "            AND n.nspname IN (:s, :p))"
                    " FROM pg_roles r WHERE r.rolname = :r"
                ),
                {"r": role, "s": store.schema, "p": store.public_schema},
            ).first()
            if found is not None and found[0]:
                msg = f"role {role!r} already exists and can do more than read the published snapshots (it is a superuser, creates roles or databases, replicates, bypasses row security, is or belongs to the role connecting, or owns the workspace's schema): choose the name of a new role"
                raise WorkspaceError(msg)
            if found is None:
                conn.execute(text(f"CREATE ROLE {who} LOGIN"))
            if password is not None:
                raw = conn.connection.driver_connection
                assert isinstance(raw, psycopg.Connection)
                verifier = raw.pgconn.encrypt_password(
                    password.encode(), role.encode(), b"scram-sha-256"
                )
                statement = sql.SQL("ALTER ROLE {} PASSWORD {}").format(
                    sql.Identifier(role), sql.Literal(verifier.decode())
                )
                with raw.cursor() as cursor:
                    cursor.execute(statement)
            for schema in (q, pub):
                conn.execute(text(f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {who}"))
                conn.execute(text(f"REVOKE ALL ON SCHEMA {schema} FROM {who}"))
            conn.execute(text(f"REVOKE ALL ON SCHEMA {q} FROM PUBLIC"))
            conn.execute(text(f"GRANT USAGE ON SCHEMA {pub} TO {who}"))
            conn.execute(text(f"GRANT SELECT ON ALL TABLES IN SCHEMA {pub} TO {who}"))
            conn.execute(
                text(f"ALTER DEFAULT PRIVILEGES IN SCHEMA {pub} GRANT SELECT ON TABLES TO {who}")
            )
            conn.execute(text(f"ALTER ROLE {who} SET default_transaction_read_only = on"))
            _check_read_only(conn, role, store)
    except (DBAPIError, psycopg.Error) as exc:
        reason = _scrubbed(str(getattr(exc, "orig", None) or exc), location)
        if password:
            reason = reason.replace(password, "***")
        msg = f"the database {redacted(location)} refused to set up role {role!r}: {reason}"
        raise WorkspaceError(msg) from None
