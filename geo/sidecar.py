"""A point layer's coordinates, kept ready beside the workspace: read a million points fast.

Reading a point layer from the GeoPackage decodes one WKB geometry per row,
and every analysis then projects the points to the workspace's projected
CRS: at a million incidents that is seconds of work repeated on every
run. The first read of a point layer writes its attribute columns and each
point's longitude/latitude (EPSG:4326, as stored) and ``x``/``y`` (in the
projected CRS) to an Arrow IPC (Feather) file, the *sidecar*; later reads
memory-map it and build the points straight from the coordinates of the
CRS asked for, with no WKB and no projection.

Where and under which name
    In :data:`geo.settings.cache_dir` (the user's cache folder, never
    beside the user's files), named after the layer, the layer's content
    hash (``layer_hash`` of ``convivencia_layers``; the workspace's
    ``content_hash`` when an old workspace has none) and the projected CRS:
    ``incidents-<hash>-EPSG_9377-v1.arrow``. A layer whose content changes
    gets a new hash, hence a new name: a sidecar of other content is never
    read. Old sidecars are not removed; deleting the folder is always safe.
Safe when processes race
    A sidecar is written under a temporary name in the same folder and
    renamed (``os.replace``) once complete, so a reader sees a whole file
    or none; two processes writing the same sidecar write the same bytes.
    A file that cannot be read (cut short, written by another version) is
    treated as missing, and a cache folder that cannot be written only
    means no sidecar.
Which layers
    Layers whose every row is one non-empty 2-D point, in a workspace with
    a projected CRS and a content hash. Other layers are read from the
    GeoPackage every time, as before.

The frame read from a sidecar equals the one read from the GeoPackage
(same columns, types, values, point coordinates and CRS; the tests compare
them).
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo import settings
from geo.crs import STORAGE_CRS

#: Format version, part of each sidecar's name: a change of layout gets new files.
VERSION = "1"
SUFFIX = ".arrow"
#: Coordinate columns of a sidecar: (lon, lat) as stored, (x, y) in the projected CRS.
LON, LAT, X, Y = "__convivencia_lon", "__convivencia_lat", "__convivencia_x", "__convivencia_y"
_COORDS = (LON, LAT, X, Y)
#: Key of the schema metadata naming the geometry column.
_GEOMETRY_KEY = b"convivencia_geometry"


def sidecar_path(layer: str, content_hash: str, crs: str, folder: Path | None = None) -> Path:
    """Where the sidecar of ``layer`` with this content hash and projected CRS lives.

    Parameters
    ----------
    layer
        The layer's name.
    content_hash
        The layer's content hash (hex).
    crs
        The workspace's projected CRS (``"EPSG:9377"``; any other
        spelling is named by a digest of it).
    folder
        The cache folder; default :data:`geo.settings.cache_dir`.
    """
    folder = settings.cache_dir if folder is None else Path(folder)
    if re.fullmatch(r"[A-Za-z]+:\d+", crs):
        crs_key = crs.replace(":", "_")
    else:
        crs_key = "crs" + hashlib.sha256(crs.encode()).hexdigest()[:16]
    return folder / f"{layer}-{content_hash[:32]}-{crs_key}-v{VERSION}{SUFFIX}"


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """The cyclic garbage collector paused: a million new shapely points would wake it ~1,500 times.

    Shapely geometries are tracked by the collector, whose passes over the
    growing heap make building a million points 3-4x slower; they hold no
    references, so pausing it while they are built frees nothing later.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def points_frame(
    attributes: pd.DataFrame, x: np.ndarray, y: np.ndarray, crs: str, geometry: str = "geometry"
) -> gpd.GeoDataFrame:
    """A GeoDataFrame of ``attributes`` with the points ``(x, y)`` as its last column ``geometry``.

    The points go in as a ``GeometryArray`` that already carries the CRS, and
    the frame is not copied again: at a million rows a ``GeoSeries`` plus
    ``GeoDataFrame(..., crs=crs)`` spend ~0.1 s re-checking and copying them.
    """
    from geopandas.array import GeometryArray

    with paused_gc():
        points = shapely.points(np.asarray(x, dtype=float), np.asarray(y, dtype=float))
    frame = attributes.copy(deep=False)
    frame[geometry] = GeometryArray(points, crs=crs)
    return gpd.GeoDataFrame(frame, geometry=geometry, copy=False)


def read(path: Path, *, projected: bool) -> gpd.GeoDataFrame | None:
    """The layer kept in the sidecar ``path``, in the projected CRS or as stored; ``None`` if absent.

    A file that is missing or cannot be read as a sidecar gives ``None``
    (the caller reads the GeoPackage instead).
    """
    found = read_coordinates(path, projected=projected)
    return None if found is None else found.frame()


def read_coordinates(path: Path, *, projected: bool = True) -> Coordinates | None:
    """The layer kept in the sidecar ``path`` as its attributes and ``x``/``y`` arrays.

    No point geometry is built (:func:`read` builds them from these): at a
    million incidents that costs ~0.3 s, and the garbage collector walks the
    million objects again later, while an analysis only reads their
    coordinates. ``projected``: the coordinates in the projected CRS, else
    as stored (EPSG:4326). ``None`` as for :func:`read`.
    """
    import pyarrow as pa
    import pyarrow.feather as feather

    if not path.is_file():
        return None
    try:
        table = feather.read_table(path, memory_map=True)
    except (OSError, pa.ArrowException):
        return None
    meta = table.schema.metadata or {}
    geometry = meta.get(_GEOMETRY_KEY, b"").decode()
    crs_bytes = meta.get(b"convivencia_crs", b"")
    if not geometry or not crs_bytes or not set(_COORDS) <= set(table.column_names):
        return None
    xname, yname = (X, Y) if projected else (LON, LAT)
    return Coordinates(
        attributes=table.drop_columns(list(_COORDS)).to_pandas(),
        x=table.column(xname).to_numpy(),
        y=table.column(yname).to_numpy(),
        crs=crs_bytes.decode() if projected else STORAGE_CRS,
        geometry=geometry,
    )


@dataclass(frozen=True)
class Coordinates:
    """A point layer without its point objects: its attribute columns and its coordinates.

    Attributes
    ----------
    attributes
        The layer's columns but its geometry, one row per point.
    x, y
        Each point's coordinates in :attr:`crs`, in row order.
    crs
        The workspace's projected CRS (metres), or EPSG:4326 as stored.
    geometry
        The name of the layer's geometry column.
    """

    attributes: pd.DataFrame
    x: np.ndarray
    y: np.ndarray
    crs: str
    geometry: str = "geometry"

    def frame(self) -> gpd.GeoDataFrame:
        """The layer as a GeoDataFrame of points in :attr:`crs` (what :func:`read` returns)."""
        return points_frame(self.attributes, self.x, self.y, self.crs, self.geometry)


def cacheable(frame: gpd.GeoDataFrame) -> bool:
    """Whether a layer can be kept in a sidecar: rows of non-empty 2-D points, no reserved name."""
    if not len(frame) or frame.geometry.name not in frame.columns:
        return False
    if any(c in frame.columns for c in _COORDS):
        return False
    geoms = np.asarray(frame.geometry.array)
    return not bool(
        (shapely.get_type_id(geoms) != 0).any()
        or shapely.is_empty(geoms).any()
        or shapely.has_z(geoms).any()
    )


def write(path: Path, stored: gpd.GeoDataFrame, projected: gpd.GeoDataFrame, crs: str) -> bool:
    """Write the sidecar of a layer read as ``stored`` (EPSG:4326) and ``projected`` (``crs``).

    Both frames hold the same rows (``projected`` is ``stored.to_crs(crs)``).
    Returns whether a sidecar was written: not for a layer that
    :func:`cacheable` refuses, nor when the cache folder cannot be written
    (the layer is then simply read from the GeoPackage next time).
    """
    import pyarrow as pa
    import pyarrow.feather as feather

    if not cacheable(stored) or len(projected) != len(stored):
        return False
    name = stored.geometry.name
    lonlat = np.asarray(stored.geometry.array)
    xy = np.asarray(projected.geometry.array)
    try:
        table = pa.Table.from_pandas(pd.DataFrame(stored.drop(columns=name)), preserve_index=False)
    except (pa.ArrowException, TypeError, ValueError):
        return False
    for col, values in (
        (LON, shapely.get_x(lonlat)),
        (LAT, shapely.get_y(lonlat)),
        (X, shapely.get_x(xy)),
        (Y, shapely.get_y(xy)),
    ):
        table = table.append_column(col, pa.array(values, type=pa.float64()))
    meta = dict(table.schema.metadata or {})
    meta[_GEOMETRY_KEY] = name.encode()
    meta[b"convivencia_crs"] = crs.encode()
    table = table.replace_schema_metadata(meta)
    tmp: Path | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".tmp", dir=path.parent)
        os.close(fd)
        tmp = Path(tmp_name)
        feather.write_feather(table, tmp, compression="uncompressed")
        os.replace(tmp, path)
        tmp = None
    except OSError:
        return False
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
    return True
