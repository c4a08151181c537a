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
    is transactional). Each layer's rows keep their order in a
    ``convivencia_row`` column; a layer with geometries also gets
    ``geom_m``, its geometries in the workspace's projected CRS, and a
    GiST index on each geometry column, for a city's own SQL.

Both stores serialise writers with one lock per workspace (:meth:`lock`):
an advisory lock in PostgreSQL, ``flock`` on the folder that holds a
GeoPackage (the file itself is replaced by each write, so a lock on it would
not carry over; the folder's leaves nothing behind, and serialises the
writes of the workspaces in one folder, which take seconds). A caller that reads, computes and writes (an append, a new
snapshot version, a change of users) holds it across the three, so two
people writing at once lose nothing: the second waits, then works from what
the first wrote.
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
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import geopandas as gpd
import pandas as pd
import pyogrio

from geo.crs import STORAGE_CRS
from geo.errors import WorkspaceError

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

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
    """``url`` without its password, fit to show and to log."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    user = f"{parts.username}:***@" if parts.username else ""
    return urlunsplit(parts._replace(netloc=f"{user}{host}"))


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


# -- GeoPackage -----------------------------------------------------------------


class _Reentrant:
    """A lock held by one store object at a time, re-entered by its own nested writes."""

    def __init__(self) -> None:
        self.depth = 0
        self.guard = threading.RLock()


class GpkgStore:
    """A workspace in one GeoPackage file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.location = str(path)
        self.label = path.name
        self._held = _Reentrant()

    def exists(self) -> bool:
        return self.path.is_file()

    def stamp(self) -> str:
        """Changes whenever the file is written (its modification time, in nanoseconds)."""
        return str(self.path.stat().st_mtime_ns)

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

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the workspace's write lock (``flock`` on its folder)."""
        with self._held.guard:
            if self._held.depth:
                self._held.depth += 1
                try:
                    yield
                finally:
                    self._held.depth -= 1
                return
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path.parent, os.O_RDONLY)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
                self._held.depth = 1
                try:
                    yield
                finally:
                    self._held.depth = 0
                    fcntl.flock(fd, fcntl.LOCK_UN)
            finally:
                os.close(fd)

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
    os.close(fd)
    tmp = Path(tmp_name)
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    try:
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


def _engine(url: str) -> Engine:
    """One SQLAlchemy engine (a small connection pool) per database address, for the process."""
    from sqlalchemy import create_engine

    with _ENGINES_LOCK:
        engine = _ENGINES.get(url)
        if engine is None:
            driver = re.sub(r"^(postgresql|postgres)(\+psycopg)?://", "postgresql+psycopg://", url)
            engine = create_engine(driver, pool_pre_ping=True, pool_size=4, max_overflow=8)
            _ENGINES[url] = engine
        return engine


def dispose_engines() -> None:
    """Close every pooled connection (tests stopping their cluster; a process about to fork)."""
    with _ENGINES_LOCK:
        for engine in _ENGINES.values():
            engine.dispose()
        _ENGINES.clear()


def _split(url: str) -> tuple[str, str]:
    """The connection address (``schema`` taken out of the query) and the schema."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    schema = next((v for k, v in query if k == "schema"), "convivencia")
    if not _NAME.match(schema):
        msg = f"workspace address {redacted(url)}: schema {schema!r} must be lower-case letters, digits and _ (starting with a letter or _)"
        raise WorkspaceError(msg)
    rest = urlencode([(k, v) for k, v in query if k != "schema"])
    return urlunsplit(parts._replace(query=rest)), schema


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _as_gpkg(frame: pd.DataFrame) -> pd.DataFrame:
    """Times in milliseconds, as GDAL reads them from a GeoPackage (PostgreSQL keeps microseconds)."""
    for column in frame.columns:
        dtype = frame[column].dtype
        if pd.api.types.is_datetime64_any_dtype(dtype) and not isinstance(
            dtype, pd.DatetimeTZDtype
        ):
            frame[column] = frame[column].astype("datetime64[ms]")
    return frame


class PgStore:
    """A workspace in a PostgreSQL/PostGIS database (see the module's docstring)."""

    def __init__(self, url: str) -> None:
        self.url, self.schema = _split(url)
        self.public_schema = f"{self.schema}_public"
        self.location = url
        parts = urlsplit(self.url)
        self.label = f"{parts.path.lstrip('/') or parts.hostname}/{self.schema}"
        self._engine = _engine(self.url)
        self._held = _Reentrant()
        self._conn: Connection | None = None
        # the advisory lock's key: this database's schema, as a signed 64-bit number
        digest = hashlib.sha256(f"convivencia:{self.schema}".encode()).digest()
        self._key = int.from_bytes(digest[:8], "big", signed=True)

    def _schema_of(self, name: str) -> str:
        from geo.workspace import SNAPSHOTS_TABLE

        return self.public_schema if name in (SNAPSHOTS_TABLE, STAMP_TABLE) else self.schema

    def _qualified(self, name: str) -> str:
        return f"{_quote(self._schema_of(name))}.{_quote(name)}"

    @contextlib.contextmanager
    def _connect(self) -> Iterator[Connection]:
        """A connection: the write transaction's own while this store holds the lock, else a pooled one."""
        if self._conn is not None:
            yield self._conn
            return
        from sqlalchemy.exc import OperationalError

        try:
            with self._engine.connect() as conn:
                yield conn
        except OperationalError as exc:
            msg = f"cannot reach the workspace database {redacted(self.location)}: {exc.orig}"
            raise WorkspaceError(msg) from exc

    def exists(self) -> bool:
        from geo.workspace import META_TABLE, SNAPSHOTS_TABLE

        return bool(self.tables() & {META_TABLE, SNAPSHOTS_TABLE})

    def stamp(self) -> str:
        """Changes with every committed write: the id of the transaction that last wrote."""
        from sqlalchemy import text
        from sqlalchemy.exc import DBAPIError

        try:
            with (
                self._connect() as conn,
                conn.begin_nested() if self._conn is not None else contextlib.nullcontext(),
            ):
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

    def _columns(self, conn: Connection, name: str) -> list[tuple[str, str]]:
        from sqlalchemy import text

        rows = conn.execute(
            text(
                "SELECT column_name, udt_name FROM information_schema.columns"
                " WHERE table_schema = :s AND table_name = :t ORDER BY ordinal_position"
            ),
            {"s": self._schema_of(name), "t": name},
        )
        return [(str(r[0]), str(r[1])) for r in rows]

    def _select(
        self,
        conn: Connection,
        name: str,
        columns: Sequence[str] | None,
        where: tuple[str, int] | None,
    ) -> tuple[str, list[str], list[str]]:
        found = self._columns(conn, name)
        geoms = [c for c, kind in found if kind == "geometry" and c not in _HIDDEN]
        wanted = [c for c, _ in found if c not in _HIDDEN]
        if columns is not None:
            missing = [c for c in columns if c not in wanted]
            if missing:
                msg = f"workspace {self.label}: table `{name}` has no column {', '.join(missing)}"
                raise WorkspaceError(msg)
            wanted = list(columns)
        sql = f"SELECT {', '.join(_quote(c) for c in wanted)} FROM {self._qualified(name)}"
        if where is not None:
            sql += f" WHERE {_quote(where[0])} = {int(where[1])}"
        if any(c == ROW_COLUMN for c, _ in found):
            sql += f" ORDER BY {_quote(ROW_COLUMN)}"
        return sql, wanted, [g for g in geoms if g in wanted]

    def read_table(
        self,
        name: str,
        *,
        columns: Sequence[str] | None = None,
        where: tuple[str, int] | None = None,
    ) -> pd.DataFrame:
        from sqlalchemy import text

        with self._connect() as conn:
            sql, wanted, geoms = self._select(conn, name, columns, where)
            frame = _as_gpkg(pd.read_sql(text(sql), conn))
        return pd.DataFrame(frame.drop(columns=geoms)) if geoms else frame

    def read_layer(self, name: str) -> pd.DataFrame:
        from sqlalchemy import text

        with self._connect() as conn:
            sql, _, geoms = self._select(conn, name, None, None)
            if not geoms:
                return _as_gpkg(pd.read_sql(text(sql), conn))
            frame = gpd.read_postgis(text(sql), conn, geom_col=geoms[0], crs=STORAGE_CRS)
        return _as_gpkg(frame)

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the workspace's write lock: one transaction holding an advisory lock.

        Writes inside (this store's :meth:`writing`) join that transaction,
        which commits when the outermost lock is released; readers of other
        connections see the state before it until then.
        """
        from sqlalchemy import text
        from sqlalchemy.exc import OperationalError

        with self._held.guard:
            if self._held.depth:
                self._held.depth += 1
                try:
                    yield
                finally:
                    self._held.depth -= 1
                return
            try:
                with self._engine.begin() as conn:
                    conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": self._key})
                    self._conn = conn
                    self._held.depth = 1
                    try:
                        yield
                    finally:
                        self._held.depth = 0
                        self._conn = None
            except OperationalError as exc:
                msg = f"cannot reach the workspace database {redacted(self.location)}: {exc.orig}"
                raise WorkspaceError(msg) from exc

    @contextlib.contextmanager
    def writing(self, *, fresh: bool = False, vacuum: bool = False) -> Iterator[Writer]:
        """Write in one transaction (under :meth:`lock`); ``fresh`` first drops every workspace table."""
        from sqlalchemy import text

        with self.lock():
            assert self._conn is not None
            conn = self._conn
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
        from sqlalchemy import text

        self._drop(name)
        schema = self.store._schema_of(name)
        data = frame.copy()
        data.insert(len(data.columns), ROW_COLUMN, range(len(data)))
        if (
            isinstance(data, gpd.GeoDataFrame)
            and data.geometry.name in data.columns
            and not data.geometry.notna().any()
        ):
            data = pd.DataFrame(
                data.drop(columns=data.geometry.name)
            )  # no geometry: a plain table, as GDAL reads it
        if isinstance(data, gpd.GeoDataFrame) and data.geometry.name in data.columns:
            geom = data.geometry.name
            _write_geo(data, name, self.conn, schema)
            crs = self._projected_srid()
            table = self.store._qualified(name)
            if crs is not None:
                self.conn.execute(
                    text(
                        f"ALTER TABLE {table} ADD COLUMN {PROJECTED_COLUMN} geometry(Geometry, {crs});"
                        f" UPDATE {table} SET {PROJECTED_COLUMN} = ST_Transform({_quote(geom)}, {crs});"
                        f" CREATE INDEX ON {table} USING GIST ({PROJECTED_COLUMN})"
                    )
                )
        else:
            pd.DataFrame(data).to_sql(name, self.conn, schema=schema, index=False)
        self.conn.execute(
            text(f"CREATE INDEX ON {self.store._qualified(name)} ({_quote(ROW_COLUMN)})")
        )

    def table(self, name: str, frame: pd.DataFrame, *, append: bool = False) -> None:
        schema = self.store._schema_of(name)
        if not append:
            self._drop(name)
        pd.DataFrame(frame).to_sql(name, self.conn, schema=schema, index=False, if_exists="append")

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


def _write_geo(frame: gpd.GeoDataFrame, name: str, conn: Connection, schema: str) -> None:
    """``GeoDataFrame.to_postgis`` with a GiST index, geometries typed as GeoAlchemy2 infers them."""
    kwargs: dict[str, Any] = {"schema": schema, "index": False, "if_exists": "fail"}
    frame.to_postgis(name, conn, **kwargs)
    from sqlalchemy import text

    table = f"{_quote(schema)}.{_quote(name)}"
    conn.execute(text(f"CREATE INDEX ON {table} USING GIST ({_quote(frame.geometry.name)})"))


# -- deployment ---------------------------------------------------------------------


def grant_public(location: str, role: str, *, password: str | None = None) -> None:
    """Give ``role`` read access to the published snapshots and nothing else.

    Creates the role (``LOGIN``, with ``password`` when given) if it does
    not exist, revokes anything it had on the workspace's schema, and grants
    it ``USAGE`` on ``<schema>_public`` and ``SELECT`` on its snapshot
    table (also on tables created there later). The public page connects as
    that role (``CONVIVENCIA_PUBLIC_WORKSPACE``): its query on the incidents
    fails with "permission denied".

    Raises
    ------
    WorkspaceError
        When ``location`` is not a PostgreSQL address, ``role`` is not a plain
        name, or the database refuses (the connecting role may not create roles).
    """
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    if not is_database(location):
        msg = f"{location} is not a PostgreSQL address: database roles exist only in a PostGIS workspace"
        raise WorkspaceError(msg)
    if not _NAME.match(role):
        msg = f"role name {role!r} must be lower-case letters, digits and _ (starting with a letter or _)"
        raise WorkspaceError(msg)
    store = PgStore(location)
    q, pub = _quote(store.schema), _quote(store.public_schema)
    try:
        with store.writing() as _, store._connect() as conn:
            exists = conn.execute(
                text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}
            ).first()
            if not exists:
                conn.execute(text(f"CREATE ROLE {_quote(role)} LOGIN"))
            if password is not None:
                from psycopg import sql

                statement = sql.SQL("ALTER ROLE {} PASSWORD {}").format(
                    sql.Identifier(role), sql.Literal(password)
                )
                raw = conn.connection.driver_connection
                assert raw is not None
                with raw.cursor() as cursor:
                    cursor.execute(statement)
            conn.execute(text(f"REVOKE ALL ON SCHEMA {q} FROM {_quote(role)}"))
            conn.execute(text(f"REVOKE ALL ON ALL TABLES IN SCHEMA {q} FROM {_quote(role)}"))
            conn.execute(text(f"REVOKE ALL ON SCHEMA {q} FROM PUBLIC"))
            conn.execute(text(f"GRANT USAGE ON SCHEMA {pub} TO {_quote(role)}"))
            conn.execute(text(f"GRANT SELECT ON ALL TABLES IN SCHEMA {pub} TO {_quote(role)}"))
            conn.execute(
                text(
                    f"ALTER DEFAULT PRIVILEGES IN SCHEMA {pub} GRANT SELECT ON TABLES TO {_quote(role)}"
                )
            )
    except DBAPIError as exc:
        msg = f"the database {redacted(location)} refused to set up role {role!r}: {exc.orig}"
        raise WorkspaceError(msg) from exc
