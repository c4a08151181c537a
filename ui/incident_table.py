"""The incidents as plain arrays: what the sidebar's filters and the Map page's figures need.

A workspace of a million incidents read as a GeoDataFrame holds a million
shapely points, and every ``st.cache_data`` hit on it unpickles the whole
frame again (seconds). The Map page needs none of that: the filters read
dates and categories, the cells need projected coordinates and category
codes, the neighbourhood table needs each incident's neighbourhood. An
:class:`IncidentTable` holds exactly those, once per workspace content
(``ui.cache.incident_table`` keeps one in ``st.cache_resource``), and a
filter is a boolean mask over it.

Typical use::

    table = IncidentTable.build(incidents, hoods, crs=ws.projected_crs)
    keep = table.select(start, end, ["homicide", "theft"])
    cells = table.cells(keep, size=250, shape="square", weight="harm", mask=city_mask(hoods))
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyogrio
import pyproj
import shapely
from pyproj import Transformer
from shapely.geometry.base import BaseGeometry

from geo import schema
from geo.aggregate import CellIndex, Weight
from geo.crs import STORAGE_CRS
from geo.grid import Shape
from geo.stores import is_database
from geo.workspace import Workspace
from models.summary import category_table, neighborhood_totals

#: Bytes of a 2D point in WKB: byte order, geometry type, x, y.
_WKB_POINT_BYTES = 21
#: The category codes, in the order of :data:`geo.schema.CATEGORIES` (a code's position).
CODES: tuple[str, ...] = tuple(schema.CATEGORIES)
#: The column that ends an incident's time range (``geo.schema``), read when the layer has it.
UNTIL = "occurred_to"


@dataclass(frozen=True, eq=False)
class IncidentTable:
    """Every incident of a workspace as arrays of one row per incident, in the layer's order.

    Attributes
    ----------
    x, y
        Coordinates in metres in :attr:`crs` (NaN where the incident has no geometry).
    lon, lat
        Coordinates in EPSG:4326 (NaN where the incident has no geometry).
    codes
        The category as its position in :data:`CODES` (-1 outside the taxonomy).
    when
        ``occurred_at`` (``datetime64[ns]``; NaT when missing).
    until
        ``occurred_to``, the end of the incident's time range when its exact
        time is not known (``datetime64[ns]``; NaT for an exact time, and
        everywhere when the layer has no such column). A row with only a
        date runs from midnight to 23:59:59 (``geo.schema.DAY_END``).
    hood
        The row of the ``neighborhoods`` layer the incident lies within (the
        first one, as :func:`models.summary.neighborhood_table` joins), -1
        for none or without that layer.
    crs
        The projected CRS of ``x`` and ``y``.
    """

    x: np.ndarray
    y: np.ndarray
    lon: np.ndarray
    lat: np.ndarray
    codes: np.ndarray
    when: np.ndarray
    until: np.ndarray
    hood: np.ndarray
    crs: str

    @classmethod
    def build(
        cls, incidents: gpd.GeoDataFrame, neighborhoods: gpd.GeoDataFrame | None, *, crs: str
    ) -> IncidentTable:
        """The table of the ``incidents`` layer (EPSG:4326 or any CRS set on the frame).

        ``occurred_to`` is read when the frame has it (:attr:`until`).
        """
        n = len(incidents)
        geoms = incidents.geometry.to_crs(STORAGE_CRS).to_numpy()
        located = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
        lon = np.full(n, np.nan)
        lat = np.full(n, np.nan)
        lon[located] = shapely.get_x(geoms[located])
        lat[located] = shapely.get_y(geoms[located])
        return cls.from_arrays(
            lon,
            lat,
            incidents["category"],
            incidents["occurred_at"],
            neighborhoods,
            crs=crs,
            until=incidents["occurred_to"] if UNTIL in incidents.columns else None,
        )

    @classmethod
    def read(
        cls, path: str | Path, neighborhoods: gpd.GeoDataFrame | None, *, crs: str
    ) -> IncidentTable:
        """The table of a workspace's ``incidents`` layer, read without making shapely points.

        Only the category, the time (and the end of its range,
        ``occurred_to``, when the layer has that column) and the points' WKB
        are read (Arrow); the coordinates come straight out of the WKB when
        every row is a 2D point in EPSG:4326, as the importer stores them.
        Anything else, and a PostGIS workspace's layer, is read as
        :meth:`geo.workspace.Workspace.read` reads it.
        """
        if is_database(
            path
        ):  # a PostGIS workspace: the frame, from its sidecar after the first read
            return cls.build(Workspace(path).read("incidents"), neighborhoods, crs=crs)
        fields = pyogrio.read_info(path, layer="incidents")["fields"]
        columns = ["category", "occurred_at", *([UNTIL] if UNTIL in fields else [])]
        meta, data = pyogrio.read_arrow(path, layer="incidents", columns=columns)
        xy = _points_xy(data.column(meta["geometry_name"]).combine_chunks())
        stored = meta.get("crs")
        if xy is None or not stored or pyproj.CRS(stored) != pyproj.CRS(STORAGE_CRS):
            return cls.build(Workspace(path).read("incidents"), neighborhoods, crs=crs)
        when = _wall_time(data.column("occurred_at"))
        until = _wall_time(data.column(UNTIL)) if UNTIL in columns else None
        category = pd.Series(data.column("category").to_pandas())
        return cls.from_arrays(xy[0], xy[1], category, when, neighborhoods, crs=crs, until=until)

    @classmethod
    def from_arrays(
        cls,
        lon: np.ndarray,
        lat: np.ndarray,
        category: pd.Series,
        when: pd.Series,
        neighborhoods: gpd.GeoDataFrame | None,
        *,
        crs: str,
        until: pd.Series | None = None,
    ) -> IncidentTable:
        """The table from EPSG:4326 coordinates (NaN: no geometry), categories and times.

        ``until``: each incident's ``occurred_to`` (missing: an exact time);
        ``None`` when the layer has no such column (:attr:`until` is then all NaT).
        """
        to_metres = Transformer.from_crs(STORAGE_CRS, crs, always_xy=True)
        x, y = (np.asarray(v, dtype=float) for v in to_metres.transform(lon, lat))
        cats = pd.Categorical(category, categories=list(CODES))
        n = len(x)
        if until is None:
            ends = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
        else:
            ends = pd.to_datetime(until).to_numpy(dtype="datetime64[ns]")
        if len(ends) != n:
            msg = f"`until` holds {len(ends):,} times; the table {n:,} incidents"
            raise ValueError(msg)
        return cls(
            x=x,
            y=y,
            lon=lon,
            lat=lat,
            codes=np.asarray(cats.codes, dtype=np.int8),
            when=pd.to_datetime(when).to_numpy(dtype="datetime64[ns]"),
            until=ends,
            hood=_hood_rows(x, y, neighborhoods, crs),
            crs=crs,
        )

    def __len__(self) -> int:
        return len(self.x)

    def select(
        self, start: date | None, end: date | None, categories: Sequence[str] | None
    ) -> np.ndarray:
        """Which incidents pass the filters, as :func:`models.summary.filter_incidents` keeps them."""
        keep = np.ones(len(self), dtype=bool)
        if start is not None:
            keep &= self.when >= np.datetime64(pd.Timestamp(start).to_datetime64(), "ns")
        if end is not None:
            after = pd.Timestamp(end) + pd.Timedelta(days=1)
            keep &= self.when < np.datetime64(after.to_datetime64(), "ns")
        if categories is not None:
            wanted = np.zeros(len(CODES) + 1, dtype=bool)  # the last slot is code -1
            for code in categories:
                if code in CODES:
                    wanted[CODES.index(code)] = True
            keep &= wanted[self.codes]
        return keep

    # the sidebar asks for the next two at every rerun of every page: each is found once per
    # table (its arrays never change)

    def date_bounds(self) -> tuple[date, date]:
        """First and last date with an incident (as :func:`models.summary.date_bounds`)."""
        return self._date_bounds

    def present(self) -> list[str]:
        """The categories with at least one incident, in :data:`CODES` order."""
        return list(self._present)

    @functools.cached_property
    def _date_bounds(self) -> tuple[date, date]:
        when = self.when[~np.isnat(self.when)]
        if len(when) == 0:
            today = datetime.now().date()
            return today - timedelta(days=365), today
        return pd.Timestamp(when.min()).date(), pd.Timestamp(when.max()).date()

    @functools.cached_property
    def _present(self) -> tuple[str, ...]:
        counts = np.bincount(self.codes[self.codes >= 0], minlength=len(CODES))
        return tuple(code for code, k in zip(CODES, counts, strict=True) if k)

    def categories(self, keep: np.ndarray) -> pd.DataFrame:
        """A one-column frame (``category``) of the kept incidents, for the summaries."""
        codes = self.codes[keep]
        counts = np.bincount(codes[codes >= 0], minlength=len(CODES))
        present = np.flatnonzero(counts)
        renumber = np.full(len(CODES) + 1, -1, dtype=np.int8)  # the last slot is code -1
        renumber[present] = np.arange(len(present))
        cats = pd.Categorical.from_codes(
            renumber[codes], categories=[CODES[k] for k in present], validate=False
        )
        return pd.DataFrame({"category": cats})

    def category_table(self, keep: np.ndarray) -> pd.DataFrame:
        """:func:`models.summary.category_table` of the kept incidents."""
        return category_table(self.categories(keep))

    def cell_index(self, *, size: float, shape: Shape, mask: BaseGeometry | None) -> CellIndex:
        """The cell of every incident (:class:`geo.aggregate.CellIndex`), laid over them all."""
        return CellIndex.covering(self.x, self.y, size=size, shape=shape, crs=self.crs, mask=mask)

    def cells(
        self,
        keep: np.ndarray,
        *,
        size: float,
        shape: Shape,
        weight: Weight,
        mask: BaseGeometry | None,
    ) -> gpd.GeoDataFrame:
        """The kept incidents in cells (:func:`geo.aggregate.aggregate_points`).

        The grid is laid over every incident of the table, so the cells stay
        where they are whatever ``keep`` selects. A caller that counts many
        filters keeps the :meth:`cell_index` and calls :meth:`count`.
        """
        return self.count(keep, self.cell_index(size=size, shape=shape, mask=mask), weight=weight)

    def count(self, keep: np.ndarray, index: CellIndex, *, weight: Weight) -> gpd.GeoDataFrame:
        """The kept incidents counted in the cells of ``index`` (this table's :meth:`cell_index`)."""
        if len(index.cell) != len(self):
            msg = f"`index` holds {len(index.cell):,} points; the table {len(self):,} incidents"
            raise ValueError(msg)
        return index.count(self.codes, keep, weight=weight, n_points=int(keep.sum()))

    def neighborhood_table(
        self, keep: np.ndarray, neighborhoods: pd.DataFrame, *, years: float
    ) -> pd.DataFrame:
        """:func:`models.summary.neighborhood_table` of the kept incidents, without a join.

        One count of the kept incidents by (neighbourhood, category) gives
        both the incidents and the harm of each neighbourhood.
        """
        slots = len(CODES) + 1  # the last slot: a category outside the taxonomy (no harm)
        picked = self._hood_category[keep]
        k = len(neighborhoods)
        tally = np.bincount(picked[picked >= 0], minlength=k * slots)[: k * slots]
        by_hood = tally.reshape(k, slots)
        harm_of = np.array([schema.HARM_WEIGHTS[c] for c in CODES] + [0.0])
        return neighborhood_totals(
            neighborhoods, by_hood.sum(axis=1), by_hood @ harm_of, years=years
        )

    @functools.cached_property
    def _hood_category(self) -> np.ndarray:
        # each incident's neighbourhood row and category as one number (-1: in none)
        slots = len(CODES) + 1
        code = np.where(self.codes >= 0, self.codes, len(CODES)).astype(np.int64)
        return np.where(self.hood >= 0, self.hood.astype(np.int64) * slots + code, -1)

    def bounds(self, keep: np.ndarray | None = None) -> tuple[float, float, float, float] | None:
        """``(west, south, east, north)`` of the kept incidents (``None``: all of them), ``None``
        when none is located."""
        lon, lat = (self.lon, self.lat) if keep is None else (self.lon[keep], self.lat[keep])
        ok = np.isfinite(lon) & np.isfinite(lat)
        if not ok.any():
            return None
        return (
            float(lon[ok].min()),
            float(lat[ok].min()),
            float(lon[ok].max()),
            float(lat[ok].max()),
        )


def _wall_time(column: pa.ChunkedArray) -> pd.Series:
    """An Arrow column of times as naive local times (GDAL reports naive times as UTC: the same
    wall time)."""
    times = pd.Series(column.to_pandas())
    if not pd.api.types.is_datetime64_any_dtype(times):
        times = pd.to_datetime(times)
    if times.dt.tz is not None:
        times = times.dt.tz_localize(None)
    return times


def _points_xy(wkb: pa.Array) -> tuple[np.ndarray, np.ndarray] | None:
    """Longitudes and latitudes of an Arrow array of 2D little-endian WKB points, else ``None``."""
    if len(wkb) == 0 or wkb.null_count or not pa.types.is_binary(wkb.type):
        return None
    _, offsets, payload = wkb.buffers()
    ends = np.frombuffer(offsets, dtype=np.int32, count=len(wkb) + 1, offset=wkb.offset * 4)
    if not np.all(np.diff(ends) == _WKB_POINT_BYTES):
        return None
    raw = np.frombuffer(payload, dtype=np.uint8)[ends[0] : ends[-1]].reshape(-1, _WKB_POINT_BYTES)
    if np.any(raw[:, 0] != 1) or np.any(raw[:, 1:5].copy().view("<u4") != 1):
        return None  # not little-endian, or not a 2D Point
    return raw[:, 5:13].copy().view("<f8").ravel(), raw[:, 13:21].copy().view("<f8").ravel()


def _hood_rows(
    x: np.ndarray, y: np.ndarray, neighborhoods: gpd.GeoDataFrame | None, crs: str
) -> np.ndarray:
    """Each point's first neighbourhood row (lowest row it lies within), -1 for none."""
    rows = np.full(len(x), -1, dtype=np.int32)
    if neighborhoods is None or len(neighborhoods) == 0 or len(x) == 0:
        return rows
    polys = neighborhoods.geometry.to_crs(crs).to_numpy()
    located = np.isfinite(x) & np.isfinite(y)
    # lowest row first, and a point once placed is not tested again: the first match wins
    for row, poly in enumerate(polys):
        if poly is None or shapely.is_empty(poly):
            continue
        x0, y0, x1, y1 = shapely.bounds(poly)
        near = np.flatnonzero(located & (rows < 0) & (x >= x0) & (x <= x1) & (y >= y0) & (y <= y1))
        if len(near):
            shapely.prepare(poly)
            inside = shapely.contains_xy(poly, x[near], y[near])
            rows[near[inside]] = row
    return rows
