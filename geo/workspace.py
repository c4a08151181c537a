"""The workspace store: one GeoPackage holding a city's layers and their metadata.

A workspace is a single GeoPackage (SQLite) file. Data layers (see
``geo.schema.LAYERS``) and the demo's ground-truth tables (``truth_*``) are
stored in EPSG:4326. Three small attribute tables hold the metadata:

``convivencia_meta``
    ``key``/``value`` pairs: ``crs`` (the projected CRS chosen once for the
    workspace), ``city_name``, ``provenance``, ``synthetic`` (``"true"`` or
    ``"false"``), ``created_at``, ``updated_at``, ``content_hash``,
    ``schema_version``.
``convivencia_layers``
    One row per stored layer: ``layer``, ``rows``, ``imported_at``,
    ``source_file``, ``source_sha256``, ``problems`` (how many problems the
    import reported), ``layer_hash``.
``convivencia_problems``
    Every problem reported when a layer was imported: ``layer``, ``row``,
    ``column``, ``severity``, ``code``, ``message`` (English) and
    ``message_es`` (Spanish; empty in workspaces written before it was kept).
    An append keeps the layer's earlier problems; a replace drops them.
``convivencia_history``
    Every import, oldest first, never rewritten (see :class:`ImportRecord`):
    ``imported_at``, ``layer``, ``source_file``, ``source_sha256``, ``mode``
    (``generated``, ``new``, ``replace`` or ``append``), ``rows_added``,
    ``rows_replaced`` (rows the import removed), ``rows_rejected`` (rows of
    the file with errors, not imported), ``rows_skipped`` (rows whose id was
    already in the layer, on append), ``rows_after``. A workspace written
    before this table existed opens with an empty history; its next write
    starts one.
``convivencia_scenarios``
    Saved scenarios (a portfolio of public spaces, a territory plan): ``name``,
    ``kind`` (``"parks"``, ...), ``saved_at``, and three JSON texts: ``spec``
    (what was asked: budget, weights, constraints), ``summary`` (the headline
    figures) and ``result`` (the rows that matter, e.g. the chosen spaces).
    A scenario is the user's own work: saving one under a name that exists
    needs ``replace=True``. Scenarios are not data, so saving one leaves the
    content hash unchanged.

Writes are atomic: the new state is written to a temporary copy beside the
workspace and then renamed over it (``os.replace``), so a crash in the
middle of an import never leaves a broken workspace. The content hash is a
SHA-256 over the layers' canonical content (column names, values and
geometries' WKB), not over the file's bytes, so equal content has an equal
hash whatever SQLite does with pages; the UI keys its caches on it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sys
import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeAlias

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyogrio
import shapely

from geo import schema, sidecar
from geo.crs import STORAGE_CRS, crs_for_frames
from geo.errors import MissingLayerError, WorkspaceError
from geo.stores import Location, Store, open_store, redacted

SCHEMA_VERSION = "1"
META_TABLE = "convivencia_meta"
LAYERS_TABLE = "convivencia_layers"
PROBLEMS_TABLE = "convivencia_problems"
HISTORY_TABLE = "convivencia_history"
SCENARIOS_TABLE = "convivencia_scenarios"
SNAPSHOTS_TABLE = "convivencia_snapshots"
USERS_TABLE = "convivencia_users"
_INTERNAL = (
    META_TABLE,
    LAYERS_TABLE,
    PROBLEMS_TABLE,
    HISTORY_TABLE,
    SCENARIOS_TABLE,
    SNAPSHOTS_TABLE,
    USERS_TABLE,
)
#: The columns of ``convivencia_snapshots`` a listing reads (the rest are the aggregates' JSON).
SNAPSHOT_COLUMNS = [
    "version",
    "published_at",
    "published_by",
    "start",
    "end",
    "step",
    "min_count",
    "cell_m",
    "content_hash",
]
_SCENARIO_COLUMNS = ["name", "kind", "saved_at", "spec", "summary", "result"]
_LAYER_COLUMNS = [
    "layer",
    "rows",
    "imported_at",
    "source_file",
    "source_sha256",
    "problems",
    "layer_hash",
]
#: How many times :meth:`Workspace._load` reads again when a write came in between.
_LOAD_TRIES = 5
#: Rows converted at a time when a layer is hashed (bounds the memory it takes).
_BATCH = 131_072
_PROBLEM_COLUMNS = ["layer", "row", "column", "severity", "code", "message", "message_es"]
_HISTORY_COUNTS = ["rows_added", "rows_replaced", "rows_rejected", "rows_skipped", "rows_after"]
_HISTORY_COLUMNS = [
    "imported_at",
    "layer",
    "source_file",
    "source_sha256",
    "mode",
    *_HISTORY_COUNTS,
]

Frame: TypeAlias = gpd.GeoDataFrame | pd.DataFrame


@dataclass(frozen=True)
class _State:
    """What :class:`Workspace` reads of its store when opened or written (:meth:`Workspace._load`)."""

    tables: set[str]
    meta: pd.DataFrame
    info: pd.DataFrame
    #: The store's stamp when this was read (:meth:`geo.stores.Store.stamp`).
    stamp: str
    public_only: bool


@dataclass(frozen=True)
class LayerSource:
    """Where a layer came from, recorded in ``convivencia_layers``.

    Attributes
    ----------
    file
        The file's name as the user knows it (or ``"generator"``).
    sha256
        SHA-256 of the source file's bytes, empty when not a file.
    problems
        The import's problems as a frame with columns ``row, column,
        severity, code, message`` and optionally ``message_es`` (may be empty).
    mode
        ``"replace"`` (the frame is the whole new layer; recorded as
        ``"new"`` when the layer did not exist), ``"append"`` (the frame is
        the old layer plus ``added`` new rows; the old problems are kept) or
        ``"generated"`` (made by the demo generator).
    added
        Rows the import added (default: every row of the frame).
    rejected
        Rows of the file left out because they had errors.
    skipped
        Rows of the file left out because their id was already in the layer.
    """

    file: str
    sha256: str = ""
    problems: pd.DataFrame | None = None
    mode: str = "replace"
    added: int | None = None
    rejected: int = 0
    skipped: int = 0


@dataclass(frozen=True)
class ImportRecord:
    """One row of the import history (``convivencia_history``).

    Attributes
    ----------
    layer, source_file, source_sha256
        Which layer, from which file (its name as the user knows it, and the
        SHA-256 of its bytes).
    mode
        ``"generated"``, ``"new"``, ``"replace"`` or ``"append"``.
    rows_added, rows_replaced, rows_rejected, rows_skipped, rows_after
        Rows added; rows of the layer removed (a replace); rows of the file
        with errors; rows of the file whose id was already there (an
        append); rows of the layer afterwards.
    imported_at
        ISO 8601 UTC time; filled in when written when empty.
    """

    layer: str
    source_file: str
    source_sha256: str
    mode: str
    rows_added: int
    rows_replaced: int
    rows_rejected: int
    rows_skipped: int
    rows_after: int
    imported_at: str = ""


def file_sha256(path: str | Path) -> str:
    """SHA-256 of a file's bytes, read in chunks."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def frame_hash(frame: Frame) -> str:
    """SHA-256 of a frame's canonical content: column names, values, geometry WKB.

    Row order counts (layers are stored in a defined order); column order does not.
    """
    h = hashlib.sha256()
    geom_name = frame.geometry.name if isinstance(frame, gpd.GeoDataFrame) else None
    cols = sorted(c for c in frame.columns if c != geom_name)
    h.update(repr(cols).encode())
    h.update(str(len(frame)).encode())
    for c in cols:
        h.update(c.encode())
        column = frame[c]
        for start in range(0, len(frame), _BATCH):  # the same bytes as one batch, less memory
            h.update(_values_hash(column.iloc[start : start + _BATCH]))
    if geom_name is not None:
        geoms = np.asarray(frame.geometry.values)
        for start in range(0, len(geoms), _BATCH):  # as one update per geometry, in batches
            h.update(_wkb(geoms[start : start + _BATCH]))
    return h.hexdigest()


def _values_hash(values: pd.Series) -> bytes:
    """The bytes of ``hash_pandas_object`` of one column's values, as :func:`frame_hash` hashes them.

    Text without missing values is hashed as it is: converting it to ``str``
    first changes no value and no hash, and is slow. Times with a time zone
    are hashed as the UTC instants they are (pandas will not drop a zone in
    ``astype``), so the same instant in two zones hashes alike.
    """
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        values = values.dt.tz_convert("UTC").dt.tz_localize(None)
    if pd.api.types.is_datetime64_any_dtype(values):
        values = values.astype("datetime64[ms]").astype("int64")
    elif values.dtype == object or pd.api.types.is_string_dtype(values):
        text = values.to_numpy(dtype=object)
        if pd.api.types.infer_dtype(text, skipna=False) == "string":
            repeated = len(pd.unique(text[:1000])) * 2 <= min(len(text), 1000)
            hashed: np.ndarray = pd.util.hash_array(text, categorize=repeated)
            return hashed.tobytes()
        values = values.astype(object).where(values.notna(), None).astype(str)
    hashes: bytes = pd.util.hash_pandas_object(values, index=False).to_numpy().tobytes()
    return hashes


#: The WKB of 2D points, little-endian: byte order, geometry type, x, y (21 bytes).
_POINT_WKB = np.dtype([("order", "u1"), ("kind", "<u4"), ("x", "<f8"), ("y", "<f8")])


def _point_wkb(geoms: np.ndarray) -> np.ndarray | None:
    """The WKB of plain 2D points, packed with numpy (``shapely.to_wkb``'s bytes); else ``None``."""
    if sys.byteorder != "little" or not len(geoms):
        return None
    kinds = shapely.get_type_id(geoms)
    if not (kinds == 0).all() or shapely.is_empty(geoms).any() or shapely.has_z(geoms).any():
        return None
    x, y = shapely.get_x(geoms), shapely.get_y(geoms)
    if np.isnan(x).any() or np.isnan(y).any():
        return None
    packed = np.empty(len(geoms), dtype=_POINT_WKB)
    packed["order"], packed["kind"], packed["x"], packed["y"] = 1, 1, x, y
    return packed


def _wkb(geoms: np.ndarray) -> bytes:
    """The geometries' 2D WKB, joined (``None`` adds nothing), as ``shapely.to_wkb`` writes it.

    Plain 2D points are packed with numpy (the same bytes, no object per point).
    """
    packed = _point_wkb(geoms)
    if packed is not None:
        return packed.tobytes()
    wkb = shapely.to_wkb(geoms, hex=False, output_dimension=2)
    return b"".join(item for item in wkb if item is not None)


def _point_table(frame: Frame) -> pa.Table | None:
    """A layer of plain 2D points in EPSG:4326 as the Arrow table ``pyogrio`` would write.

    ``None`` for any other layer, or one with a column ``pyogrio`` would first
    convert (text mixed with other values, time zones, all-empty columns).
    """
    if not isinstance(frame, gpd.GeoDataFrame) or frame.crs is None or not len(frame):
        return None
    if frame.crs.to_epsg() != 4326 or len(frame) >= 2**31 // _POINT_WKB.itemsize:
        return None
    geom = frame.geometry.name
    data = pd.DataFrame(frame.drop(columns=geom))
    infer = pd.api.types.infer_dtype
    for column in data.columns:
        dtype = data[column].dtype
        if isinstance(dtype, pd.DatetimeTZDtype):
            return None
        if pd.api.types.is_object_dtype(dtype) and infer(data[column], skipna=True) != "string":
            return None
    packed = _point_wkb(np.asarray(frame.geometry.values))
    if packed is None:
        return None
    table = pa.Table.from_pandas(data, preserve_index=False)
    if any(pa.types.is_null(f.type) or pa.types.is_dictionary(f.type) for f in table.schema):
        return None
    offsets = np.arange(0, (len(frame) + 1) * packed.itemsize, packed.itemsize, dtype=np.int32)
    wkb = pa.Array.from_buffers(
        pa.binary(), len(frame), [None, pa.py_buffer(offsets), pa.py_buffer(packed)]
    )
    return table.append_column(geom, wkb)


def write_gpkg_layer(frame: Frame, path: Path, name: str) -> None:
    """Write ``frame`` as layer ``name`` of ``path`` (replacing it) through pyogrio's Arrow path.

    The columns and geometries go to GDAL as buffers, not row by row; a
    layer of points is handed over as an Arrow table whose WKB numpy packed
    (what ``write_dataframe`` would hand over, without a WKB object per point).
    """
    opts = {"OVERWRITE": "YES"}
    table = _point_table(frame)
    if table is None:
        pyogrio.write_dataframe(
            frame, path, layer=name, driver="GPKG", layer_options=opts, use_arrow=True
        )
        return
    assert isinstance(frame, gpd.GeoDataFrame)
    pyogrio.write_arrow(
        table,
        path,
        layer=name,
        driver="GPKG",
        geometry_name=frame.geometry.name,
        geometry_type="Point",
        crs="EPSG:4326",
        layer_options=opts,
    )


def _combine_hashes(layer_hashes: Mapping[str, str]) -> str:
    h = hashlib.sha256()
    for name in sorted(layer_hashes):
        h.update(f"{name}={layer_hashes[name]};".encode())
    return h.hexdigest()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _to_storage(name: str, frame: Frame) -> Frame:
    """Check and prepare one layer for writing (EPSG:4326, no index)."""
    frame = frame.reset_index(drop=True)
    for column in frame.columns:  # GDAL cuts such a text short; PostgreSQL refuses it
        values = frame[column]
        if values.dtype == object or pd.api.types.is_string_dtype(values):
            try:
                nul = values.str.contains("\x00", regex=False, na=False).to_numpy(dtype=bool)
            except (AttributeError, TypeError):  # text mixed with other values
                nul = values.map(lambda v: isinstance(v, str) and "\x00" in v).to_numpy(dtype=bool)
            if nul.any():
                row = int(np.flatnonzero(nul)[0])
                msg = f"layer `{name}` row {row}: column `{column}` holds a NUL character (\\0), which no workspace can store; remove it"
                raise WorkspaceError(msg)
    if isinstance(frame, gpd.GeoDataFrame) and frame.geometry.name in frame.columns:
        if frame.crs is None:
            msg = f"layer `{name}` has no CRS; set it before writing it to a workspace"
            raise WorkspaceError(msg)
        present = frame.geometry[frame.geometry.notna() & ~frame.geometry.is_empty]
        if present.has_z.any() and not present.has_z.all():  # GDAL refuses them in a GeoPackage
            msg = f"layer `{name}` mixes 2-D and 3-D geometries; make them all one or the other"
            raise WorkspaceError(msg)
        if frame.geometry.notna().any():
            return frame.to_crs(STORAGE_CRS)
        return frame.set_crs(STORAGE_CRS, allow_override=True)
    return pd.DataFrame(frame)


class Workspace:
    """An open workspace file.

    Parameters
    ----------
    path
        Path of an existing workspace GeoPackage.

    Raises
    ------
    WorkspaceError
        When the file does not exist or is not a Convivencia workspace.

    Examples
    --------
    >>> ws = Workspace("data/demo.gpkg")            # doctest: +SKIP
    >>> ws.layers                                   # doctest: +SKIP
    ['incidents', 'public_spaces', 'neighborhoods', 'territories', 'programs']
    >>> incidents = ws.read("incidents", projected=True)  # doctest: +SKIP
    """

    def __init__(self, path: Location) -> None:
        self._store: Store = open_store(path)
        #: The address as given (a file's path, or a ``postgresql://`` URL): the UI's cache key.
        self.location: str = self._store.location
        #: The address fit to show (a URL's password left out).
        self.shown: str = redacted(self.location)
        #: A short name for messages: the file's name, or ``database/schema``.
        self.label: str = self._store.label
        #: The threads holding :meth:`lock` through this object, each with what it read under it.
        self._mine: dict[int, _State | None] = {}
        self._load()

    @property
    def path(self) -> Path:
        """The GeoPackage's path.

        Raises
        ------
        WorkspaceError
            For a PostGIS workspace, which has no file (use :attr:`location`).
        """
        if self.is_database:
            msg = f"workspace {self.shown} is a PostGIS database, not a file"
            raise WorkspaceError(msg)
        return Path(self.location)

    @property
    def is_database(self) -> bool:
        """Whether the workspace is a PostGIS database (else a GeoPackage file)."""
        return not hasattr(self._store, "path")

    def _load(self) -> None:
        """Read the table list, metadata and layer list, all as of one write.

        Each is read on its own, so a write committed in between would mix
        two states: the store's :meth:`~geo.stores.Store.stamp` is read
        before and after, and the reading repeated (a few times) until they
        agree. :meth:`read` keeps a layer's sidecar only while the stamp is
        still this one.

        Read by a thread that holds this object's :meth:`lock`, the state is
        that thread's alone until the lock is released: in PostGIS it may
        hold writes not yet committed, which the other threads sharing this
        object (the app caches one per workspace for every session) must
        not see.
        """
        for _ in range(_LOAD_TRIES):
            stamp = self._store.stamp()
            state = self._read_state(stamp)
            if self._store.stamp() == stamp:
                break
        me = threading.get_ident()
        if me in self._mine:
            self._mine[me] = state
        else:
            self._state = state

    def _read_state(self, stamp: str) -> _State:
        if not self._store.exists():
            where = self.shown
            msg = f"workspace {where} does not exist; create it with `python cli.py demo --out {where}` or `python cli.py import FILE --layer LAYER --workspace {where}`"
            raise WorkspaceError(msg)
        tables = self._store.tables()
        if META_TABLE not in tables and tables == {SNAPSHOTS_TABLE}:
            return _State(tables, pd.DataFrame(), pd.DataFrame(), stamp, public_only=True)
        if META_TABLE not in tables:
            msg = f"{self.shown} is a GeoPackage but not a Convivencia workspace (it has no `{META_TABLE}` table)"
            raise WorkspaceError(msg)
        meta = self._store.read_table(META_TABLE)
        info = self._store.read_table(LAYERS_TABLE) if LAYERS_TABLE in tables else pd.DataFrame()
        return _State(tables, meta, info, stamp, public_only=False)

    def _view(self) -> _State:
        """The state this thread sees: its own inside its :meth:`lock`, else the shared one."""
        return self._mine.get(threading.get_ident()) or self._state

    @property
    def public_only(self) -> bool:
        """Opened by a role that may read the published snapshots and nothing else
        (:func:`geo.stores.grant_public`): no metadata, no layer, only :meth:`snapshots`."""
        return self._view().public_only

    @property
    def _tables(self) -> set[str]:
        return self._view().tables

    @property
    def _meta(self) -> pd.DataFrame:
        return self._view().meta

    @property
    def _info(self) -> pd.DataFrame:
        return self._view().info

    # -- creation -----------------------------------------------------------

    @classmethod
    def create(
        cls,
        path: str | Path,
        *,
        city_name: str,
        provenance: str,
        synthetic: bool = False,
        crs: str | None = None,
        overwrite: bool = False,
    ) -> Workspace:
        """Create an empty workspace (metadata only).

        ``crs`` may be left ``None``: it is then chosen from the first layer
        imported (see :func:`geo.crs.choose_projected_crs`).
        """
        return write_workspace(
            path,
            {},
            city_name=city_name,
            provenance=provenance,
            synthetic=synthetic,
            crs=crs,
            overwrite=overwrite,
        )

    # -- reading ------------------------------------------------------------

    def _read_table(self, table: str) -> pd.DataFrame:
        if table not in self._tables:
            return pd.DataFrame()
        return self._store.read_table(table)

    @property
    def metadata(self) -> dict[str, str]:
        """The ``convivencia_meta`` key/value pairs."""
        if self._meta.empty:
            return {}
        return dict(
            zip(self._meta["key"].astype(str), self._meta["value"].astype(str), strict=True)
        )

    @property
    def projected_crs(self) -> str:
        """The projected CRS all metric work in this workspace uses."""
        crs = self.metadata.get("crs", "")
        if not crs:
            msg = f"workspace {self.shown} has no projected CRS yet: import a layer with geometries first"
            raise WorkspaceError(msg)
        return crs

    @property
    def content_hash(self) -> str:
        """SHA-256 over the stored layers' content; equal content, equal hash."""
        return self.metadata.get("content_hash", "")

    @property
    def synthetic(self) -> bool:
        """Whether the workspace holds synthetic (demo) data."""
        return self.metadata.get("synthetic", "false") == "true"

    @property
    def city_name(self) -> str:
        return self.metadata.get("city_name", Path(self.label).stem)

    @property
    def layers(self) -> list[str]:
        """Data layers present, in ``schema.LAYERS`` order (truth tables excluded)."""
        return [name for name in schema.LAYERS if name in self._tables]

    @property
    def truth_tables(self) -> list[str]:
        """Ground-truth tables of a synthetic workspace (never shown as data)."""
        return sorted(t for t in self._tables if t.startswith(schema.TRUTH_PREFIX))

    def has(self, layer: str) -> bool:
        """Whether ``layer`` is stored."""
        return layer in self._tables

    def read(self, layer: str, *, projected: bool = False) -> gpd.GeoDataFrame:
        """Read a layer.

        A point layer is read from the GeoPackage once; its attributes and
        coordinates (as stored and projected) are then kept in a sidecar
        file in :data:`geo.settings.cache_dir`, keyed by the layer's content
        hash and the projected CRS (:mod:`geo.sidecar`), and later reads
        build the points from it, with no WKB to decode and nothing to
        project. The frame is the same either way.

        Parameters
        ----------
        layer
            A data layer or truth table name.
        projected
            Return geometries in :attr:`projected_crs` (metres) instead of EPSG:4326.

        Raises
        ------
        MissingLayerError
            When the layer is not stored; the message says what it would add.
        """
        if not self.has(layer):
            spec = schema.SPECS.get(layer)
            adds = f": it would add {spec.adds}" if spec is not None else ""
            msg = f"workspace {self.label} has no `{layer}` layer{adds}. Import it on the Data page or with `python cli.py import FILE --layer {layer} --workspace {self.shown}`."
            raise MissingLayerError(msg)
        side = self._sidecar_path(layer)
        if side is not None:
            cached = sidecar.read(side, projected=projected)
            if cached is not None:
                return cached
        with sidecar.paused_gc():  # one shapely geometry per row: see geo.sidecar.paused_gc
            frame = self._store.read_layer(layer)
        if not isinstance(frame, gpd.GeoDataFrame):
            frame = gpd.GeoDataFrame(
                frame, geometry=gpd.GeoSeries([None] * len(frame), crs=STORAGE_CRS)
            )
        if frame.crs is None:
            frame = frame.set_crs(STORAGE_CRS)
        for col in ("occurred_at",):
            if col in frame.columns and not pd.api.types.is_datetime64_any_dtype(frame[col]):
                frame[col] = pd.to_datetime(frame[col])
        if (
            side is not None
            and sidecar.cacheable(frame)
            and self._store.stamp() == self._view().stamp
        ):
            # only while no write came after this object was read: else the frame may be a
            # newer layer than the hash the sidecar is named by
            metric = frame.to_crs(self.projected_crs)
            sidecar.write(side, frame, metric, self.projected_crs)
            return metric if projected else frame
        if projected:
            frame = frame.to_crs(self.projected_crs)
        return frame

    def read_column(self, layer: str, column: str) -> pd.Series:
        """One attribute column of a stored layer, read alone (no geometries, no other column)."""
        return self._store.read_table(layer, columns=[column])[column]

    def read_optional(self, layer: str, *, projected: bool = False) -> gpd.GeoDataFrame | None:
        """:meth:`read` a layer the caller can do without: ``None`` when it is not stored.

        For the optional inputs of an analysis (a missing one leaves its
        indicators empty, which the analysis says), so no
        :class:`MissingLayerError` is raised for them.
        """
        return self.read(layer, projected=projected) if self.has(layer) else None

    def read_coordinates(self, layer: str) -> sidecar.Coordinates | None:
        """A point layer's attributes and projected coordinates, without point objects.

        What an analysis needs of the incidents (it reads their ``x``/``y``
        in :attr:`projected_crs`, never their geometries), from the layer's
        sidecar (:mod:`geo.sidecar`), written first if missing.
        ``Coordinates.frame()`` gives :meth:`read`'s frame (projected).

        Returns
        -------
        geo.sidecar.Coordinates or None
            ``None`` when the layer has no sidecar and cannot have one (not
            a layer of 2-D points, no projected CRS or content hash, a cache
            folder that cannot be written): read it with :meth:`read`.

        Raises
        ------
        MissingLayerError
            As :meth:`read`.
        """
        side = self._sidecar_path(layer)
        if side is None:
            return None
        found = sidecar.read_coordinates(side)
        if found is None:
            self.read(layer)  # reads the GeoPackage and writes the sidecar (if it can)
            found = sidecar.read_coordinates(side)
        return found

    def _sidecar_path(self, layer: str) -> Path | None:
        """Where a sidecar of ``layer`` would be (:mod:`geo.sidecar`); ``None``: never cached."""
        crs = self.metadata.get("crs", "")
        key = self.content_hash
        if not self._info.empty and "layer_hash" in self._info.columns:
            row = self._info.loc[self._info["layer"] == layer, "layer_hash"]
            if len(row) and isinstance(row.iloc[0], str) and row.iloc[0]:
                key = row.iloc[0]
        if not crs or not key:
            return None
        return sidecar.sidecar_path(layer, key, crs)

    def layer_info(self) -> pd.DataFrame:
        """One row per stored layer: rows, when and from which file it was imported, problems."""
        if self._info.empty:
            return pd.DataFrame(columns=_LAYER_COLUMNS)
        return self._info.copy()

    def history(self, layer: str | None = None) -> pd.DataFrame:
        """Every import, oldest first (all layers, or one layer's).

        Returns
        -------
        pandas.DataFrame
            The columns of :class:`ImportRecord`, counts as ``int64``; empty
            (with those columns) for a workspace written before the history
            was kept.
        """
        frame = _history_frame(self._read_table(HISTORY_TABLE))
        if layer is not None:
            frame = frame[frame["layer"] == layer].reset_index(drop=True)
        return frame

    def problems(self, layer: str | None = None) -> pd.DataFrame:
        """Problems reported when layers were imported (all, or one layer's).

        Columns as in ``convivencia_problems``; ``message_es`` is ``""``
        where an older workspace kept only the English message.
        """
        frame = self._read_table(PROBLEMS_TABLE)
        if frame.empty:
            return pd.DataFrame(columns=_PROBLEM_COLUMNS)
        frame = frame.reindex(columns=_PROBLEM_COLUMNS)
        frame["message_es"] = (
            frame["message_es"].astype(object).where(frame["message_es"].notna(), "")
        )
        if layer is not None:
            frame = frame[frame["layer"] == layer].reset_index(drop=True)
        return frame

    def scenarios(self, kind: str | None = None) -> pd.DataFrame:
        """Saved scenarios, oldest first (all, or one ``kind``'s): the columns of ``convivencia_scenarios``."""
        frame = self._read_table(SCENARIOS_TABLE)
        frame = frame.reindex(columns=_SCENARIO_COLUMNS).fillna("").astype(str)
        if kind is not None:
            frame = frame[frame["kind"] == kind]
        return frame.reset_index(drop=True)

    def scenario(self, name: str, kind: str) -> dict[str, object]:
        """One saved scenario: ``name``, ``kind``, ``saved_at`` and its decoded ``spec``, ``summary``, ``result``.

        Raises
        ------
        KeyError
            When no scenario of that kind has that name.
        """
        frame = self.scenarios(kind)
        row = frame[frame["name"] == name]
        if not len(row):
            msg = f"workspace {self.label} has no {kind} scenario named {name!r}"
            raise KeyError(msg)
        r = row.iloc[-1]
        return {
            "name": r["name"],
            "kind": r["kind"],
            "saved_at": r["saved_at"],
            "spec": json.loads(r["spec"] or "{}"),
            "summary": json.loads(r["summary"] or "{}"),
            "result": json.loads(r["result"] or "[]"),
        }

    # -- writing ------------------------------------------------------------

    @contextlib.contextmanager
    def lock(self) -> Iterator[Workspace]:
        """Hold the workspace's write lock, this object re-read under it (:mod:`geo.stores`).

        Every write below takes it; a caller that reads, decides and writes
        (an append, a new user) holds it across the three, so a writer in
        another session or process waits and then starts from what this one
        wrote: nothing either wrote is lost.
        """
        me = threading.get_ident()
        outer = me not in self._mine
        try:
            with self._store.lock():
                if outer:
                    self._mine[me] = None
                try:
                    self._load()
                    yield self
                finally:
                    if outer:
                        del self._mine[me]
        except BaseException:
            # a write that failed was undone (rolled back, or its copy thrown away): what this
            # thread read under the lock is dropped, and the shared state read again
            if outer:
                with contextlib.suppress(Exception):
                    self._load()
            raise
        if outer:  # committed: every thread sees it now
            self._load()

    def write_tables(self, tables: Mapping[str, pd.DataFrame]) -> None:
        """Replace attribute tables that are not data (users, scenarios), in one write.

        The content hash is unchanged: these are not layers.
        """
        with self.lock(), self._store.writing() as out:
            for name, frame in tables.items():
                out.table(name, frame)
        self._load()

    def save_scenario(
        self,
        name: str,
        kind: str,
        *,
        spec: Mapping[str, object],
        summary: Mapping[str, object],
        result: Sequence[Mapping[str, object]],
        replace: bool = False,
    ) -> None:
        """Save a scenario (atomically: write aside, then rename).

        Raises
        ------
        ValueError
            When ``name`` is blank.
        FileExistsError
            When a ``kind`` scenario named ``name`` exists and ``replace`` is false.
        """
        name = name.strip()
        if not name:
            msg = "a scenario needs a name"
            raise ValueError(msg)
        with self.lock():  # the scenarios as they are now: one saved meanwhile is kept
            frame = self.scenarios()
            clash = (frame["name"] == name) & (frame["kind"] == kind)
            if clash.any() and not replace:
                msg = f"workspace {self.label} already has a {kind} scenario named {name!r}; save it under another name or replace it explicitly"
                raise FileExistsError(msg)
            row = {
                "name": name,
                "kind": kind,
                "saved_at": _now(),
                "spec": json.dumps(spec, ensure_ascii=False, sort_keys=True, default=str),
                "summary": json.dumps(summary, ensure_ascii=False, sort_keys=True, default=str),
                "result": json.dumps(list(result), ensure_ascii=False, default=str),
            }
            frame = pd.concat([frame[~clash], pd.DataFrame([row])], ignore_index=True)
            with self._store.writing() as out:
                out.table(SCENARIOS_TABLE, frame[_SCENARIO_COLUMNS])
        self._load()

    def snapshots(self) -> pd.DataFrame:
        """Published snapshots, oldest first: the columns of :data:`SNAPSHOT_COLUMNS` (no aggregates)."""
        if SNAPSHOTS_TABLE not in self._tables:
            return pd.DataFrame(columns=SNAPSHOT_COLUMNS)
        frame = self._store.read_table(SNAPSHOTS_TABLE, columns=SNAPSHOT_COLUMNS)
        frame["version"] = frame["version"].astype("int64")
        return frame.sort_values("version").reset_index(drop=True)

    def snapshot_record(self, version: int | None = None) -> dict[str, str]:
        """One published snapshot's stored row (the latest when ``version`` is ``None``).

        Raises
        ------
        KeyError
            When nothing was published yet, or no snapshot has that version.
        """
        listing = self.snapshots()
        if not len(listing):
            msg = f"workspace {self.label} has no published snapshot yet"
            raise KeyError(msg)
        wanted = int(listing["version"].iloc[-1]) if version is None else int(version)
        frame = self._store.read_table(SNAPSHOTS_TABLE, where=("version", wanted))
        if not len(frame):
            known = ", ".join(str(v) for v in listing["version"])
            msg = f"workspace {self.label} has no snapshot version {wanted} (it has {known})"
            raise KeyError(msg)
        row = frame.iloc[-1]
        return {str(k): "" if pd.isna(v) else str(v) for k, v in row.items()}

    def save_snapshot(self, record: Mapping[str, object], *, published_by: str) -> int:
        """Keep a new snapshot version (written aside, then switched in) and return its number.

        ``record`` holds the snapshot's ``start``, ``end``, ``step``,
        ``min_count``, ``cell_m`` and its aggregates as texts
        (:meth:`geo.publish.Snapshot.to_record`). Earlier versions are kept.
        A failure anywhere leaves the workspace as it was, the last good
        snapshot included. The version is numbered under the write lock, so
        two people publishing at once get two versions.
        """
        with self.lock():
            version = self._save_snapshot(record, published_by=published_by)
        self._load()
        return version

    def _save_snapshot(self, record: Mapping[str, object], *, published_by: str) -> int:
        listing = self.snapshots()
        version = int(listing["version"].max()) + 1 if len(listing) else 1
        row: dict[str, object] = {str(k): str(v) for k, v in record.items()}
        row.update(
            version=version,
            published_at=_now(),
            published_by=str(published_by),
            content_hash=self.content_hash,
        )
        frame = pd.DataFrame([row])
        frame["version"] = frame["version"].astype("int64")
        with self._store.writing() as out:
            out.table(SNAPSHOTS_TABLE, frame, append=SNAPSHOTS_TABLE in self._tables)
        return version

    def write_layers(
        self,
        layers: Mapping[str, Frame],
        *,
        sources: Mapping[str, LayerSource] | None = None,
        history: Sequence[ImportRecord] = (),
    ) -> None:
        """Add, replace or extend layers, atomically.

        Parameters
        ----------
        layers
            Layer name -> frame (any CRS; stored in EPSG:4326). Data layers
            must be named as in ``geo.schema.LAYERS``; ground-truth tables
            start with ``truth_``. Each frame is the layer's whole new content.
        sources
            Where each layer came from, recorded in ``convivencia_layers``
            and as one row of the import history per data layer; missing
            entries are recorded as ``"python"``.
        history
            Further history rows to record (an append that added nothing
            still records what it skipped, without rewriting the layer).
        """
        with self.lock():  # the metadata, layers' list, problems and history as they are now
            _write(
                self._store,
                layers,
                sources=sources,
                meta=self.metadata,
                info=self._info,
                problems=self.problems(),
                history=self.history(),
                extra_history=history,
            )
        self._load()


def _check_name(name: str) -> None:
    if name in schema.LAYERS or name.startswith(schema.TRUTH_PREFIX):
        return
    msg = f"`{name}` is not a workspace layer; expected one of {', '.join(schema.LAYERS)} or a `truth_` table"
    raise WorkspaceError(msg)


def _write(
    store: Store,
    layers: Mapping[str, Frame],
    *,
    sources: Mapping[str, LayerSource] | None,
    meta: dict[str, str],
    info: pd.DataFrame,
    problems: pd.DataFrame,
    history: pd.DataFrame,
    extra_history: Sequence[ImportRecord] = (),
    fresh: bool = False,
) -> None:
    sources = dict(sources or {})
    prepared = {}
    for name, frame in layers.items():
        _check_name(name)
        prepared[name] = _to_storage(name, frame)
    meta = dict(meta)
    if not meta.get("crs"):
        geo_frames = [f for f in prepared.values() if isinstance(f, gpd.GeoDataFrame) and len(f)]
        if geo_frames:
            meta["crs"] = crs_for_frames(*geo_frames)
    info = info.copy() if not info.empty else pd.DataFrame(columns=_LAYER_COLUMNS)
    problems = problems.copy() if not problems.empty else pd.DataFrame(columns=_PROBLEM_COLUMNS)
    now = _now()
    records = []
    for name, frame in prepared.items():
        src = sources.get(name, LayerSource(file="python"))
        layer_problems = (
            src.problems if src.problems is not None else pd.DataFrame(columns=_PROBLEM_COLUMNS)
        )
        if name in schema.LAYERS:
            records.append(_record(name, frame, src, info))
        row = {
            "layer": name,
            "rows": len(frame),
            "imported_at": now,
            "source_file": src.file,
            "source_sha256": src.sha256,
            "problems": len(layer_problems),
            "layer_hash": frame_hash(frame),
        }
        info = pd.concat([info[info["layer"] != name], pd.DataFrame([row])], ignore_index=True)
        if src.mode != "append":
            problems = problems[problems["layer"] != name]
        if len(layer_problems):
            lp = layer_problems.reindex(
                columns=[c for c in _PROBLEM_COLUMNS if c != "layer"]
            ).copy()
            lp.insert(0, "layer", name)
            problems = pd.concat([problems, lp], ignore_index=True)
    order = {n: i for i, n in enumerate((*schema.LAYERS,))}
    info = info.sort_values("layer", key=lambda s: s.map(lambda n: order.get(n, 99))).reset_index(
        drop=True
    )
    info["rows"] = info["rows"].astype("int64")
    info["problems"] = info["problems"].astype("int64")
    meta["content_hash"] = _combine_hashes(
        dict(zip(info["layer"], info["layer_hash"], strict=True))
    )
    meta["updated_at"] = now
    meta.setdefault("created_at", now)
    meta["schema_version"] = SCHEMA_VERSION
    problems = problems.reindex(columns=_PROBLEM_COLUMNS)
    problems["message_es"] = (
        problems["message_es"].astype(object).where(problems["message_es"].notna(), "")
    )
    problems = problems.astype(
        {
            "layer": str,
            "column": object,
            "severity": str,
            "code": str,
            "message": str,
            "message_es": str,
        }
    )
    problems["row"] = pd.to_numeric(problems["row"], errors="coerce").astype("Int64")
    problems["column"] = (
        problems["column"].astype(object).where(problems["column"].notna(), "").astype(str)
    )
    records += [asdict(r) for r in extra_history]
    for r in records:
        r["imported_at"] = r["imported_at"] or now
    parts = [f for f in (history, pd.DataFrame(records)) if len(f)]
    history = _history_frame(pd.concat(parts, ignore_index=True) if parts else pd.DataFrame())
    # a new file has no replaced layers to compact
    with store.writing(fresh=fresh, vacuum=not fresh) as out:
        meta_frame = pd.DataFrame({"key": list(meta), "value": [str(v) for v in meta.values()]})
        out.table(META_TABLE, meta_frame)  # first: a PostGIS layer's projected copy needs its CRS
        for name, frame in prepared.items():
            out.layer(name, frame)
        out.table(LAYERS_TABLE, info)
        out.table(PROBLEMS_TABLE, problems)
        out.table(HISTORY_TABLE, history)


def _record(name: str, frame: Frame, src: LayerSource, info: pd.DataFrame) -> dict[str, object]:
    """The history row of writing ``frame`` as layer ``name`` (``info``: the layers before)."""
    before = info.loc[info["layer"] == name, "rows"] if not info.empty else pd.Series([])
    rows_before = int(before.iloc[0]) if len(before) else 0
    mode = src.mode
    if mode == "replace" and not len(before):
        mode = "new"
    added = src.added if src.added is not None else len(frame)
    return asdict(
        ImportRecord(
            layer=name,
            source_file=src.file,
            source_sha256=src.sha256,
            mode=mode,
            rows_added=int(added),
            rows_replaced=rows_before if mode == "replace" else 0,
            rows_rejected=int(src.rejected),
            rows_skipped=int(src.skipped),
            rows_after=len(frame),
        )
    )


def _history_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The history with its columns and types (an empty one for an old workspace)."""
    frame = frame.reindex(columns=_HISTORY_COLUMNS)
    for col in _HISTORY_COLUMNS:
        if col in _HISTORY_COUNTS:
            frame[col] = pd.to_numeric(frame[col], errors="coerce").fillna(0).astype("int64")
        else:
            frame[col] = frame[col].astype(object).where(frame[col].notna(), "").astype(str)
    return frame.reset_index(drop=True)


def write_workspace(
    path: Location,
    layers: Mapping[str, Frame],
    *,
    city_name: str,
    provenance: str,
    synthetic: bool,
    crs: str | None = None,
    sources: Mapping[str, LayerSource] | None = None,
    overwrite: bool = True,
) -> Workspace:
    """Write a new workspace holding ``layers`` in one atomic write.

    Parameters
    ----------
    path
        Where to write the GeoPackage.
    layers
        Layer name -> frame (see :meth:`Workspace.write_layers`).
    city_name, provenance
        Stored in the metadata and shown on every page.
    synthetic
        ``True`` for demo data: every screen then says the data are synthetic.
    crs
        Projected CRS; ``None`` chooses it from the layers' extent.
    overwrite
        Replace an existing file at ``path``; when ``False`` an existing file is an error.
    """
    store = open_store(path)
    meta = {
        "city_name": city_name,
        "provenance": provenance,
        "synthetic": "true" if synthetic else "false",
        "crs": crs or "",
        "created_at": _now(),
    }
    with store.lock():  # the check and the write together: two creating it at once make one
        if store.exists() and not overwrite:
            msg = f"{redacted(store.location)} already exists; refusing to overwrite it"
            raise WorkspaceError(msg)
        _write(
            store,
            layers,
            sources=sources,
            meta=meta,
            info=pd.DataFrame(),
            problems=pd.DataFrame(),
            history=pd.DataFrame(),
            fresh=True,
        )
    return Workspace(store.location)
