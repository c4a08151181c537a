"""The published snapshot: aggregates only, suppressed, for the public view and open data.

:func:`build_snapshot` turns the workspace's layers into a :class:`Snapshot`:
counts of incidents by neighbourhood and by coarse square cell (cut at the
neighbourhoods' boundaries) over a window,
a citywide series by month, quarter or year, the active public spaces, the
programmes counted by component and partner type, and the territories' names.
Nothing in it is an incident row, a coordinate of an incident, an id, a time
stamp or a person's name. :func:`write_open_data` writes its files.

Tables and their suppression
----------------------------
``neighborhood``
    Rows: the neighbourhoods, in the layer's order, then ``outside``: the
    incidents that fall in no neighbourhood or have no location (always
    present, withheld or published like any other row, no geometry).
    Columns: the *mapped* categories, every category of
    :data:`geo.schema.CATEGORIES` except :data:`SENSITIVE`, in schema order.
    Each incident counts in the neighbourhood its point lies within, joined
    in the projected CRS (:func:`geo.aggregate.containing_rows`), never from
    its own ``neighborhood_id``.
``cell``
    Rows: the *cell pieces*, then the same ``outside`` row. The square cells
    of ``cell_m`` metres, aligned to multiples of ``cell_m`` in the projected
    CRS, are cut at the neighbourhoods' boundaries: a piece is the part of one
    cell inside one neighbourhood (a cell straddling a boundary gives one
    piece per neighbourhood it meets), listed when that part has a positive
    area, neighbourhood by neighbourhood in the layer's order, and within one
    north to south, west to east. Every piece is kept however small (a
    sliver's count is small or zero and suppression handles it; merging it
    into another piece would give a shape that is no cell). Where
    neighbourhoods overlap, a piece is cut from the part of the neighbourhood
    that its incidents count in (the first in the layer's order wins, as in
    the join). An incident counts in the piece of the neighbourhood it lies
    within and of the cell holding its point, so the pieces of a
    neighbourhood add up to its row in every column: the two geographies
    *nest*. Which pieces are listed depends only on the neighbourhoods, never
    on where incidents (least of all sensitive ones) happened.

    Why cut them. Whole cells and neighbourhoods do not nest: a neighbourhood's
    count minus the published counts of the cells that overlap it, with its
    neighbours' shares of those cells known (zero, say), leaves the withheld
    cells' sum, and with every withheld count at least 1 that can pin them
    (17 - 5 - 10 = 2 over two withheld cells: both are 1), and no table's
    suppression sees that relation. With pieces every relation between the
    geographies is "a neighbourhood's pieces add up to its row", which is
    exactly the totals row of its own piece table, linked to it: the
    suppression and the audit of the linked tables see every relation, so no
    subtraction between the two geographies gives a withheld count back (the
    audit is exact for linear determination; the tests also attack with every
    withheld count at least 1, by linear programming).
``trend``
    Rows: the periods of ``step`` in the window; columns: every category,
    sensitive ones included. Sensitive categories appear nowhere else.

Each table is extended with its totals (:mod:`geo.disclosure`). The tables
suppressed together: the neighbourhood table (with its ``outside`` row), one
*piece table* per neighbourhood that has pieces (rows: its pieces; columns:
the mapped categories), and the trend. Linked cells: each piece table's
totals row with its neighbourhood's row of the neighbourhood table, column by
column, the row total included (the nesting), and the neighbourhood table's
totals row with the trend's totals row for each mapped category.
:func:`geo.disclosure.suppress_linked` withholds counts from 1 to
``min_count - 1`` and enough complements that no withheld count can be worked
out, in any table or across them; the result is audited
(:func:`geo.disclosure.recoverable`, :func:`geo.disclosure.recoverable_linked`)
before it is returned. The ``cell`` geography's ``outside`` row is the
neighbourhood table's, repeated with the same statuses (incidents in no
neighbourhood count in no piece), so the ``cell`` rows still add up to the
citywide totals.

Rates
-----
``rate_per_100k`` is a neighbourhood's incidents of the mapped categories
over the whole window per 100,000 residents (not annualised), given only
where that count is published and at least ``geo.settings.min_residents``
live there; never where the count is withheld, since the rate times the
published population would give it back.

The window
----------
``start`` must be the first day of a month and ``end`` the last day of a
month. With quarters or years, only the whole periods inside are kept (the
window is clipped; ``meta`` gives the requested and the used window and says
``clipped``), so every row of the trend is a whole period and the spatial
tables cover exactly the same days.

Revisions
---------
A version of the same window as earlier ones (``earlier``: a revision, say
after the data were corrected) is suppressed against them too: a count it
would publish that one of them published and that changed by 1 to
``min_count - 1`` is withheld (forced into :func:`geo.disclosure.suppress_linked`,
which protects it as any withheld count), so subtracting one version from the
other gives no small count back: no late report in a cell shows. Counts
are compared by area id (neighbourhood, or piece of a cell of the same
size), category and period label; the counts of two versions of one window
are related by the corrections alone, which may go either way, so nothing
else ties them. Versions of other, overlapping windows, of another period
step or cell size are not protected so (a window that grew by a month
differs from the other by that month's counts): publishing over them needs
an explicit word (:func:`geo.snapshots.unprotected_overlaps`).
"""

from __future__ import annotations

import json
import math
import os
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Literal

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely

from geo import settings
from geo.aggregate import containing_rows
from geo.crs import STORAGE_CRS
from geo.disclosure import (
    DisclosureError,
    Link,
    Suppression,
    extend,
    recoverable,
    recoverable_linked,
    suppress_linked,
)
from geo.export import to_csv_frame
from geo.grid import Grid
from geo.schema import CATEGORIES

Step = Literal["M", "Q", "Y"]
Geography = Literal["neighborhood", "cell"]

#: Categories never mapped: only their citywide counts per period are published.
SENSITIVE: tuple[str, ...] = ("domestic", "sexual")
#: Version of the rules a snapshot was made with (``meta["rules"]``).
RULES_VERSION = "1"
#: ``area_id`` of the row of incidents in no neighbourhood or without a location.
OUTSIDE = "outside"
#: Label of the totals: the trend's whole-window row and every table's total column.
TOTAL = "total"
#: Smallest cell side a snapshot accepts, in metres.
MIN_CELL_M = 500.0
#: The open-data files :func:`write_open_data` writes, README.md last.
OPEN_DATA_FILES: tuple[str, ...] = (
    "neighborhoods.csv",
    "neighborhoods.geojson",
    "cells.csv",
    "cells.geojson",
    "trend.csv",
    "README.md",
)


def mapped_categories() -> list[str]:
    """The categories the spatial tables count: every category but the sensitive ones."""
    return [code for code in CATEGORIES if code not in SENSITIVE]


def area_columns(mapped: list[str]) -> list[str]:
    """Columns of :attr:`Snapshot.areas`, in order."""
    return [
        "geography",
        "area_id",
        "name",
        "population",
        *mapped,
        TOTAL,
        "rate_per_100k",
        "geometry",
    ]


TREND_COLUMNS = ["period", "category", "count", "withheld"]
SPACE_COLUMNS = ["name", "kind", "geometry"]
PROGRAM_COLUMNS = ["component", "partner_type", "programs"]


@dataclass(frozen=True, eq=False)
class Snapshot:
    """What the public view shows: aggregates only.

    Attributes
    ----------
    meta
        JSON values: ``city``, ``synthetic``, ``source``, ``content_hash``,
        ``requested_start``/``requested_end`` and ``start``/``end`` (ISO dates;
        the used window), ``clipped``, ``step``, ``periods``, ``min_count``,
        ``cell_m``, ``crs``, ``categories`` (the trend's, in order),
        ``mapped_categories`` (the spatial tables'), ``sensitive``,
        ``outside_area`` (``"outside"``), ``n_incidents_window`` (every
        incident of the window, the trend's grand total; ``None`` if that were
        withheld), ``n_withheld`` (withheld counts per table: ``neighborhood``
        and ``trend`` with their totals, ``cell`` the pieces' rows, whose
        totals are the neighbourhood rows), ``n_areas`` (per geography; for
        ``cell`` the number of pieces), ``cell_pieces`` (``True``: the cells
        are cut at the neighbourhoods' boundaries), ``n_piece_tables``,
        ``rate_min_residents``, ``rules`` (``"1"``). ``created_at`` is set by
        whoever stores it.
    areas
        One row per area and geography, EPSG:4326: ``geography``
        (``"neighborhood"`` or ``"cell"``: a cell piece, the part of one cell
        inside one neighbourhood), ``area_id`` (the neighbourhood's id;
        ``"500mE<x>N<y>-<neighborhood_id>"`` for a piece: the cell's size and
        lower-left corner in metres in ``meta["crs"]``, then its
        neighbourhood; ``"outside"``), ``name`` (the neighbourhood's, for a
        piece its neighbourhood's; none for ``outside``), ``population``
        (float, neighbourhoods only), one nullable
        ``Int64`` column per mapped category and ``total`` (NA where withheld),
        ``rate_per_100k`` (float, NaN where not published), ``geometry``
        (none for ``outside``).
    trend
        Long: ``period`` (``"2025-01"``, ``"2025-Q1"`` or ``"2025"``;
        ``"total"`` for the whole window), ``category`` (a code or
        ``"total"``), ``count`` (``Int64``, NA where withheld), ``withheld``.
    spaces
        The active public spaces: ``name``, ``kind`` and a point inside each
        (EPSG:4326).
    programs
        Programmes running in the window, counted: ``component``,
        ``partner_type`` (NaN when not given), ``programs``.
    territories
        The territories' names (the layer's ``name`` when it has one, else
        its ``territory_id``); never teams or their members.
    """

    meta: dict[str, object]
    areas: gpd.GeoDataFrame
    trend: pd.DataFrame
    spaces: gpd.GeoDataFrame
    programs: pd.DataFrame
    territories: list[str]

    # -- typed views of ``meta`` ----------------------------------------------------

    @property
    def city(self) -> str:
        return str(self.meta.get("city", ""))

    @property
    def synthetic(self) -> bool:
        return bool(self.meta.get("synthetic", False))

    @property
    def start(self) -> str:
        """The window's first day (ISO), after clipping to whole periods."""
        return str(self.meta["start"])

    @property
    def end(self) -> str:
        """The window's last day (ISO)."""
        return str(self.meta["end"])

    @property
    def min_count(self) -> int:
        return int(str(self.meta["min_count"]))

    @property
    def cell_m(self) -> float:
        return float(str(self.meta["cell_m"]))

    @property
    def mapped(self) -> list[str]:
        """The categories of the spatial tables (never the sensitive ones)."""
        value = self.meta.get("mapped_categories", [])
        return [str(c) for c in value] if isinstance(value, list) else []

    @property
    def sensitive(self) -> list[str]:
        value = self.meta.get("sensitive", [])
        return [str(c) for c in value] if isinstance(value, list) else []

    def count(self, category: str = "total", period: str = "total") -> int | None:
        """A published citywide count from :attr:`trend` (``None`` where withheld or absent)."""
        rows = self.trend[(self.trend["category"] == category) & (self.trend["period"] == period)]
        if not len(rows) or pd.isna(rows["count"].iloc[0]):
            return None
        return int(rows["count"].iloc[0])

    def tally(self) -> dict[str, tuple[int, int, int]]:
        """Per table (``neighborhood``, ``cell``, ``trend``): its rows, the counts it
        publishes and the counts it withholds (the categories' and the totals')."""
        columns = [c for c in (TOTAL, *self.mapped) if c in self.areas.columns]
        out: dict[str, tuple[int, int, int]] = {}
        for geography in ("neighborhood", "cell"):
            block = self.areas.loc[self.areas["geography"] == geography, columns]
            withheld = int(block.isna().to_numpy().sum())
            out[geography] = (len(block), block.size - withheld, withheld)
        withheld = int(self.trend["count"].isna().sum())
        out["trend"] = (self.trend["period"].nunique(), len(self.trend) - withheld, withheld)
        return out

    def methodology(self, lang: str) -> str:
        """The methodology stored with the snapshot in ``lang`` (``""`` when it has none)."""
        return str(self.meta.get(f"methodology_{lang}", ""))

    def to_record(self) -> dict[str, str]:
        """The snapshot as JSON strings (GeoJSON for the spatial frames), one per field."""
        return {
            "meta": json.dumps(self.meta, ensure_ascii=False, sort_keys=True),
            "areas": self.areas.to_json(na="null", drop_id=True, ensure_ascii=False),
            "trend": _frame_json(self.trend),
            "spaces": self.spaces.to_json(na="null", drop_id=True, ensure_ascii=False),
            "programs": _frame_json(self.programs),
            "territories": json.dumps(self.territories, ensure_ascii=False),
        }

    @classmethod
    def from_record(cls, record: Mapping[str, str]) -> Snapshot:
        """Read back what :meth:`to_record` wrote (exactly: dtypes, NA and coordinates).

        Raises
        ------
        DisclosureError
            ``bad_record`` naming the first field missing.
        """
        for key in ("meta", "areas", "trend", "spaces", "programs", "territories"):
            if key not in record:
                msg = f"snapshot record has no `{key}` field"
                raise DisclosureError(msg, "bad_record", field=key)
        meta = json.loads(record["meta"])
        mapped = [str(c) for c in meta["mapped_categories"]]
        areas = _areas_frame(_features(record["areas"], area_columns(mapped)), mapped)
        trend = _trend_frame(pd.DataFrame(**json.loads(record["trend"])))
        spaces = _spaces_frame(_features(record["spaces"], SPACE_COLUMNS))
        programs = _programs_frame(pd.DataFrame(**json.loads(record["programs"])))
        territories = [str(t) for t in json.loads(record["territories"])]
        return cls(meta, areas, trend, spaces, programs, territories)


# -- canonical frames (built and read back the same way) -------------------------------


def _frame_json(frame: pd.DataFrame) -> str:
    data = [
        [None if _missing(v) else (v.item() if isinstance(v, np.generic) else v) for v in row]
        for row in frame.itertuples(index=False, name=None)
    ]
    return json.dumps({"columns": list(frame.columns), "data": data}, ensure_ascii=False)


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _features(text: str, columns: list[str]) -> gpd.GeoDataFrame:
    features = json.loads(text)["features"]
    if not features:
        return gpd.GeoDataFrame(
            {c: [] for c in columns if c != "geometry"},
            geometry=gpd.GeoSeries([], crs=STORAGE_CRS),
            crs=STORAGE_CRS,
        )
    return gpd.GeoDataFrame.from_features(features, crs=STORAGE_CRS, columns=columns)


def _text(values: pd.Series) -> pd.Series:
    return pd.Series(
        [None if _missing(v) else str(v) for v in values], index=values.index, dtype="str"
    )


def _areas_frame(frame: pd.DataFrame, mapped: list[str]) -> gpd.GeoDataFrame:
    out = pd.DataFrame(index=pd.RangeIndex(len(frame)))
    frame = frame.reset_index(drop=True)
    out["geography"] = _text(frame["geography"])
    out["area_id"] = _text(frame["area_id"])
    out["name"] = _text(frame["name"])
    out["population"] = pd.to_numeric(frame["population"]).astype(float)
    for column in [*mapped, TOTAL]:
        out[column] = _counts(frame[column])
    out["rate_per_100k"] = pd.to_numeric(frame["rate_per_100k"]).astype(float)
    geoms = gpd.GeoSeries(np.asarray(frame["geometry"], dtype=object), crs=STORAGE_CRS)
    return gpd.GeoDataFrame(out, geometry=geoms, crs=STORAGE_CRS)


def _counts(values: pd.Series) -> pd.arrays.IntegerArray:
    """Stored counts back as nullable integers (missing where withheld)."""
    return pd.array([pd.NA if _missing(v) else int(v) for v in values], dtype="Int64")


def _trend_frame(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.reset_index(drop=True)
    return pd.DataFrame(
        {
            "period": _text(frame["period"]),
            "category": _text(frame["category"]),
            "count": _counts(frame["count"]),
            "withheld": np.asarray(frame["withheld"], dtype=bool),
        }
    )


def _spaces_frame(frame: pd.DataFrame) -> gpd.GeoDataFrame:
    frame = frame.reset_index(drop=True)
    out = pd.DataFrame({"name": _text(frame["name"]), "kind": _text(frame["kind"])})
    geoms = gpd.GeoSeries(np.asarray(frame["geometry"], dtype=object), crs=STORAGE_CRS)
    return gpd.GeoDataFrame(out, geometry=geoms, crs=STORAGE_CRS)


def _programs_frame(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.reset_index(drop=True)
    return pd.DataFrame(
        {
            "component": _text(frame["component"]),
            "partner_type": _text(frame["partner_type"]),
            "programs": np.asarray(frame["programs"], dtype=np.int64),
        }
    )


# -- the window ------------------------------------------------------------------------


def _periods(start: date, end: date, step: Step) -> tuple[pd.PeriodIndex, bool]:
    """The whole periods of ``step`` inside ``[start, end]``, and whether any was cut off."""
    if step not in ("M", "Q", "Y"):
        msg = f"`step` must be 'M', 'Q' or 'Y', got {step!r}"
        raise DisclosureError(msg, "bad_step", step=str(step))
    if start > end:
        msg = f"`start` {start.isoformat()} is after `end` {end.isoformat()}"
        raise DisclosureError(msg, "bad_window", start=start.isoformat(), end=end.isoformat())
    if start.day != 1 or (end + timedelta(days=1)).day != 1:
        msg = (
            f"the window {start.isoformat()}..{end.isoformat()} must run from the first day of "
            "a month to the last day of a month"
        )
        raise DisclosureError(msg, "partial_month", start=start.isoformat(), end=end.isoformat())
    periods = pd.period_range(pd.Timestamp(start), pd.Timestamp(end), freq=step)
    whole = [
        p for p in periods if p.start_time.date() >= start and p.end_time.normalize().date() <= end
    ]
    if not whole:
        msg = (
            f"the window {start.isoformat()}..{end.isoformat()} holds no whole period of "
            f"step {step!r}"
        )
        raise DisclosureError(msg, "empty_window", start=start.isoformat(), end=end.isoformat())
    return pd.PeriodIndex(whole), len(whole) != len(periods)


def used_window(start: date, end: date, step: Step) -> tuple[date, date]:
    """The window a snapshot of ``start``..``end`` by ``step`` covers: its whole periods
    (module docstring, "The window"); ``meta``'s ``start`` and ``end``.

    Raises
    ------
    DisclosureError
        ``bad_step``, ``bad_window``, ``partial_month``, ``empty_window``.
    """
    periods, _ = _periods(start, end, step)
    return periods[0].start_time.date(), periods[-1].end_time.normalize().date()


def _period_label(period: pd.Period, step: Step) -> str:
    if step == "M":
        return f"{period.year:04d}-{period.month:02d}"
    if step == "Q":
        return f"{period.year:04d}-Q{period.quarter}"
    return f"{period.year:04d}"


# -- building --------------------------------------------------------------------------


def _projected(frame: gpd.GeoDataFrame, crs: str, layer: str) -> gpd.GeoDataFrame:
    if frame.crs is None:
        msg = f"layer `{layer}` has no CRS"
        raise DisclosureError(msg, "no_crs", layer=layer)
    return frame.to_crs(crs)


def _xy(frame: gpd.GeoDataFrame) -> tuple[np.ndarray, np.ndarray]:
    geoms = np.asarray(frame.geometry.to_numpy(), dtype=object)
    usable = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    x = np.full(len(geoms), np.nan)
    y = np.full(len(geoms), np.nan)
    if usable.any():
        x[usable] = shapely.get_x(geoms[usable])
        y[usable] = shapely.get_y(geoms[usable])
    return x, y


@dataclass(frozen=True, eq=False)
class _Pieces:
    """The cell pieces, in the projected CRS: one per (neighbourhood, cell) with positive area.

    Attributes
    ----------
    hood
        ``int64``: the neighbourhood's row in the layer; non-decreasing, so the
        pieces of one neighbourhood are consecutive.
    ci, cj
        ``int64``: the grid cell's ids.
    geometry
        The pieces' polygons (``Polygon`` or ``MultiPolygon``).
    """

    hood: np.ndarray
    ci: np.ndarray
    cj: np.ndarray
    geometry: np.ndarray

    def of(self, hood: np.ndarray, ci: np.ndarray, cj: np.ndarray) -> np.ndarray:
        """The piece of each ``(hood, ci, cj)``, -1 where there is none."""
        known = pd.MultiIndex.from_arrays([self.hood, self.ci, self.cj])
        found: np.ndarray = known.get_indexer(pd.MultiIndex.from_arrays([hood, ci, cj]))
        return found


def _polygonal(geoms: np.ndarray) -> np.ndarray:
    """The polygonal part of each geometry: a collection (what ``make_valid`` or an
    intersection gives where shapes touch) keeps only its polygons."""
    out = geoms.copy()
    for k in np.flatnonzero(shapely.get_type_id(geoms) == 7):
        parts = shapely.get_parts(shapely.get_parts(geoms[k]))
        polys = parts[shapely.get_type_id(parts) == 3]
        out[k] = shapely.union_all(polys) if len(polys) else shapely.Polygon()
    return out


def _pieces(hoods: gpd.GeoDataFrame, cell_m: float) -> tuple[Grid, _Pieces]:
    """The grid cells cut at the neighbourhoods' boundaries (module docstring, ``cell``).

    A piece is ``region(h) & cell`` with a positive area, where ``region(h)``
    is neighbourhood ``h`` (made valid) minus the neighbourhoods before it
    whose interiors meet it: :func:`geo.aggregate.containing_rows` gives a
    point within two of them to the first, so ``region(h)`` is where the
    incidents counted in ``h`` lie. Each point within ``h`` (in the interior)
    and in the half-open square of cell ``c`` has a small half-disc in both,
    so its piece ``(h, c)`` has a positive area and is listed.
    """
    grid = Grid(cell_m, "square", 0.0, 0.0)
    geoms = np.asarray(hoods.geometry.to_numpy(), dtype=object)
    usable = np.flatnonzero(~(shapely.is_missing(geoms) | shapely.is_empty(geoms)))
    regions = np.array([shapely.Polygon()] * len(geoms), dtype=object)
    regions[usable] = _polygonal(shapely.make_valid(geoms[usable]))
    whole = regions.copy()
    tree = shapely.STRtree(whole)
    later, earlier = tree.query(whole, predicate="intersects")
    pair = earlier < later
    later, earlier = later[pair], earlier[pair]
    meets = shapely.relate_pattern(whole[later], whole[earlier], "T********")
    for h in np.unique(later[meets]).tolist():
        before = earlier[meets & (later == h)]
        regions[h] = _polygonal(
            np.array([shapely.difference(whole[h], shapely.union_all(whole[before]))])
        )[0]
    hood: list[np.ndarray] = []
    ci: list[np.ndarray] = []
    cj: list[np.ndarray] = []
    cut: list[np.ndarray] = []
    for h in usable.tolist():
        region = regions[h]
        if shapely.is_empty(region):
            continue
        i, j = grid.cells_covering(tuple(shapely.bounds(region).tolist()))
        shapely.prepare(region)
        near = shapely.intersects(region, grid.polygons(i, j))
        i, j = i[near], j[near]
        parts = _polygonal(shapely.intersection(region, grid.polygons(i, j)))
        keep = shapely.area(parts) > 0
        order = np.lexsort((i[keep], -j[keep]))  # north to south, west to east
        hood.append(np.full(len(order), h, dtype=np.int64))
        ci.append(i[keep][order])
        cj.append(j[keep][order])
        cut.append(parts[keep][order])
    if not hood:
        empty = np.array([], dtype=np.int64)
        return grid, _Pieces(empty, empty, empty, np.array([], dtype=object))
    return grid, _Pieces(
        np.concatenate(hood), np.concatenate(ci), np.concatenate(cj), np.concatenate(cut)
    )


def _count_table(rows: np.ndarray, cols: np.ndarray, n_rows: int, n_cols: int) -> np.ndarray:
    out = np.zeros((n_rows, n_cols), dtype=np.int64)
    np.add.at(out, (rows, cols), 1)
    return out


def build_snapshot(
    incidents: gpd.GeoDataFrame,
    neighborhoods: gpd.GeoDataFrame,
    *,
    spaces: gpd.GeoDataFrame | None,
    programs: pd.DataFrame | None,
    territories: gpd.GeoDataFrame | None,
    start: date,
    end: date,
    step: Step = "M",
    min_count: int | None = None,
    cell_m: float | None = None,
    crs: str,
    city: str,
    synthetic: bool,
    source: str,
    content_hash: str,
    earlier: Sequence[Snapshot] = (),
) -> Snapshot:
    """Aggregate, suppress and audit the workspace's layers into a publishable snapshot.

    Parameters
    ----------
    incidents
        The ``incidents`` layer (``occurred_at``, ``category``, points; any CRS).
    neighborhoods
        The ``neighborhoods`` layer (``neighborhood_id``, ``name``,
        ``population``, polygons).
    spaces, programs, territories
        The ``public_spaces``, ``programs`` and ``territories`` layers, or
        ``None`` when the workspace has none.
    start, end
        The window, both inclusive: the first day of a month and the last day
        of a month (module docstring).
    step
        The trend's period: ``"M"``, ``"Q"`` or ``"Y"``.
    min_count
        Counts from 1 to ``min_count - 1`` are withheld. ``None``:
        ``geo.settings.publish_min_count``.
    cell_m
        Side of the square cells in metres, at least 500, before they are cut
        into pieces at the neighbourhoods' boundaries. ``None``:
        ``geo.settings.publish_cell_m``.
    crs
        The workspace's projected CRS (metres), where points are joined and
        cells drawn.
    city, synthetic, source, content_hash
        Provenance, copied to ``meta``.
    earlier
        Published versions of the same window (revisions): a count published
        in one of them that this one would publish changed by 1 to
        ``min_count - 1`` is withheld too (module docstring, "Revisions").

    Returns
    -------
    Snapshot
        See :class:`Snapshot` for its columns.

    Raises
    ------
    DisclosureError
        ``cell_too_small``, ``crs_not_projected``, ``partial_month``,
        ``bad_window``, ``empty_window``, ``bad_step``, ``unknown_category``,
        ``no_crs``, ``bad_min_count`` (below 2); ``unprotected`` if the audit found a
        recoverable cell, or an incident within a neighbourhood fell in none of its
        pieces (bugs: they never should).
    """
    size = float(settings.publish_cell_m if cell_m is None else cell_m)
    if not (math.isfinite(size) and size >= MIN_CELL_M):
        msg = f"`cell_m` must be at least {MIN_CELL_M:g} m, got {size:g}"
        raise DisclosureError(msg, "cell_too_small", cell_m=size, minimum=MIN_CELL_M)
    if not pyproj.CRS.from_user_input(crs).is_projected:
        msg = f"`crs` {crs!r} is not a projected CRS in metres"
        raise DisclosureError(msg, "crs_not_projected", crs=crs)
    mc = settings.publish_min_count if min_count is None else min_count
    if isinstance(mc, bool) or not isinstance(mc, int | np.integer) or mc < 2:
        msg = (
            f"`min_count` must be a whole number >= 2 to publish (1 would withhold nothing), "
            f"got {mc!r}"
        )
        raise DisclosureError(msg, "bad_min_count", value=str(mc))
    periods, clipped = _periods(start, end, step)
    first = periods[0].start_time
    last = periods[-1].end_time

    # incidents of the window
    when = pd.to_datetime(incidents["occurred_at"])
    in_window = (when >= first) & (when <= last)
    window = incidents.loc[in_window.to_numpy()]
    categories = list(CATEGORIES)
    codes = window["category"].astype("str").to_numpy()
    unknown = sorted(set(codes) - set(categories))
    if unknown:
        msg = f"`incidents` column `category` holds codes outside the taxonomy: {unknown[:5]}"
        raise DisclosureError(msg, "unknown_category", codes=", ".join(unknown[:5]))
    cat_index = pd.Index(categories).get_indexer(codes)

    # trend: periods x every category
    ordinals = pd.PeriodIndex(pd.to_datetime(window["occurred_at"]), freq=step).asi8
    period_row = pd.Index(periods.asi8).get_indexer(ordinals)
    trend_counts = _count_table(period_row, cat_index, len(periods), len(categories))

    # spatial tables: mapped categories, in a neighbourhood (or outside) and in a cell
    mapped = mapped_categories()
    is_mapped = np.isin(codes, mapped)
    located = _projected(window.loc[is_mapped], crs, "incidents")
    mapped_col = pd.Index(mapped).get_indexer(codes[is_mapped])
    hoods = _projected(neighborhoods, crs, "neighborhoods").reset_index(drop=True)
    x, y = _xy(located)
    hood_row = containing_rows(x, y, hoods)
    n_hoods = len(hoods)
    nb_row = np.where(hood_row >= 0, hood_row, n_hoods)
    nb_counts = _count_table(nb_row, mapped_col, n_hoods + 1, len(mapped))

    grid, pieces = _pieces(hoods, size)
    inside = hood_row >= 0
    pi, pj = grid.cell_of(x[inside], y[inside])
    piece_row = pieces.of(hood_row[inside], pi, pj)
    if (piece_row < 0).any():  # a point within a neighbourhood lies in one of its pieces
        msg = "an incident within a neighbourhood fell outside every piece of it"
        raise DisclosureError(msg, "unprotected")
    n_pieces = len(pieces.hood)
    piece_counts = _count_table(piece_row, mapped_col[inside], n_pieces, len(mapped))

    # suppression, linked, audited: the neighbourhoods, one piece table per
    # neighbourhood (its totals row is the neighbourhood's row), the trend
    tables = {"neighborhood": nb_counts, "trend": trend_counts}
    n_mapped = len(mapped)
    links: list[Link] = []
    for j, code in enumerate(mapped):
        links.append(
            (("neighborhood", n_hoods + 1, j), ("trend", len(periods), categories.index(code)))
        )
    bounds = np.searchsorted(pieces.hood, np.arange(n_hoods + 1))
    piece_tables: list[tuple[str, int, int]] = []
    for h in range(n_hoods):
        first_piece, stop = int(bounds[h]), int(bounds[h + 1])
        if stop == first_piece:
            continue
        name = f"cell:{h}"
        tables[name] = piece_counts[first_piece:stop]
        piece_tables.append((name, first_piece, stop))
        for j in range(n_mapped + 1):
            links.append((("neighborhood", h, j), (name, stop - first_piece, j)))
    # revisions: what changed little since an earlier version of the window is withheld, so
    # that the two versions' difference gives no small count back
    hood_ids = [*hoods["neighborhood_id"].astype("str"), OUTSIDE]
    piece_ids = _piece_ids(grid, pieces, np.asarray(hood_ids[:n_hoods]), size)
    forced = _revision_forced(
        tables,
        earlier,
        areas={"neighborhood": hood_ids, "cell": piece_ids},
        piece_rows={name: (first_piece, stop) for name, first_piece, stop in piece_tables},
        columns=[*mapped, TOTAL],
        trend=([_period_label(p, step) for p in periods] + [TOTAL], [*categories, TOTAL]),
        min_count=mc,
    )
    results = suppress_linked(tables, links, min_count=mc, forced=forced)
    union = recoverable_linked(results, links)
    for name, s in results.items():
        if recoverable(s).any() or union[name].any():
            msg = f"table {name}: a withheld count could be recovered; nothing was published"
            raise DisclosureError(msg, "unprotected", table=name)

    # the cell geography: every piece table's rows, then the neighbourhoods' outside row
    nb = results["neighborhood"]
    cell_values = np.zeros((n_pieces + 1, n_mapped + 1), dtype=np.int64)
    cell_withheld = np.zeros(cell_values.shape, dtype=bool)
    for name, first_piece, stop in piece_tables:
        cell_values[first_piece:stop] = results[name].values[: stop - first_piece]
        cell_withheld[first_piece:stop] = results[name].withheld[: stop - first_piece]
    cell_values[n_pieces] = nb.values[n_hoods]
    cell_withheld[n_pieces] = nb.withheld[n_hoods]
    areas = _areas(
        {
            "neighborhood": (nb.values[: n_hoods + 1], nb.withheld[: n_hoods + 1]),
            "cell": (cell_values, cell_withheld),
        },
        hoods,
        pieces,
        piece_ids,
        crs=crs,
        mapped=mapped,
    )
    trend = _trend(results["trend"], periods, step, categories)
    total = results["trend"]
    n_window = None if total.withheld[-1, -1] else int(total.values[-1, -1])
    meta: dict[str, object] = {
        "city": city,
        "synthetic": bool(synthetic),
        "source": source,
        "content_hash": content_hash,
        "requested_start": start.isoformat(),
        "requested_end": end.isoformat(),
        "start": first.date().isoformat(),
        "end": last.normalize().date().isoformat(),
        "clipped": bool(clipped),
        "step": step,
        "periods": [_period_label(p, step) for p in periods],
        "min_count": int(mc),
        "cell_m": size,
        "crs": crs,
        "categories": categories,
        "mapped_categories": mapped,
        "sensitive": list(SENSITIVE),
        "outside_area": OUTSIDE,
        "n_incidents_window": n_window,
        "n_withheld": {
            "neighborhood": int(nb.withheld.sum()),
            "cell": int(cell_withheld[:n_pieces].sum()),
            "trend": int(results["trend"].withheld.sum()),
        },
        "n_areas": {"neighborhood": n_hoods, "cell": n_pieces},
        "cell_pieces": True,
        "n_piece_tables": len(piece_tables),
        "rate_min_residents": float(settings.min_residents),
        "rules": RULES_VERSION,
        "revised_withheld": int(sum(int(m.sum()) for m in forced.values())),
    }
    return Snapshot(
        meta=meta,
        areas=areas,
        trend=trend,
        spaces=_active_spaces(spaces, crs),
        programs=_running_programs(programs, first, last),
        territories=_territory_names(territories),
    )


def _published_column(values: np.ndarray, withheld: np.ndarray) -> list[object]:
    return [pd.NA if w else int(v) for v, w in zip(values, withheld, strict=True)]


def _piece_ids(grid: Grid, pieces: _Pieces, hood_ids: np.ndarray, size: float) -> list[str]:
    """Each piece's ``area_id``: its cell's size and lower-left corner, then its neighbourhood."""
    x0 = grid.x0 + grid.size * pieces.ci.astype(float)
    y0 = grid.y0 + grid.size * pieces.cj.astype(float)
    return [
        f"{size:g}mE{x:.0f}N{y:.0f}-{hood_ids[h]}"
        for x, y, h in zip(x0, y0, pieces.hood.tolist(), strict=True)
    ]


def _earlier_values(
    earlier: Snapshot, geography: Geography, ids: Sequence[str], columns: Sequence[str]
) -> np.ndarray:
    """``earlier``'s published counts of ``geography``'s areas ``ids`` in ``columns``
    (NaN where withheld, or not published there)."""
    frame = earlier.areas.loc[earlier.areas["geography"] == geography]
    frame = frame.drop_duplicates("area_id").set_index("area_id")
    out = np.full((len(ids), len(columns)), np.nan)
    rows = frame.index.get_indexer(list(ids))
    found = rows >= 0
    for j, column in enumerate(columns):
        if column in frame.columns:
            values = pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float)
            out[found, j] = values[rows[found]]
    return out


def _earlier_trend(earlier: Snapshot, labels: Sequence[str], columns: Sequence[str]) -> np.ndarray:
    """``earlier``'s published trend counts by period label and category (NaN where not)."""
    trend = earlier.trend
    out = np.full((len(labels), len(columns)), np.nan)
    row = {label: i for i, label in enumerate(labels)}
    col = {code: j for j, code in enumerate(columns)}
    counts = pd.to_numeric(trend["count"], errors="coerce").to_numpy(dtype=float)
    for period, category, count in zip(trend["period"], trend["category"], counts, strict=True):
        i, j = row.get(str(period)), col.get(str(category))
        if i is not None and j is not None:
            out[i, j] = count
    return out


def _revision_forced(
    tables: Mapping[str, np.ndarray],
    earlier: Sequence[Snapshot],
    *,
    areas: Mapping[Geography, Sequence[str]],
    piece_rows: Mapping[str, tuple[int, int]],
    columns: Sequence[str],
    trend: tuple[Sequence[str], Sequence[str]],
    min_count: int,
) -> dict[str, np.ndarray]:
    """The cells of ``tables`` (extended) that changed by 1 to ``min_count - 1`` since a count
    ``earlier`` versions published (module docstring, "Revisions"), by table; none without.

    ``areas`` gives the rows' area ids by geography (the neighbourhood table's, then every
    piece's), ``piece_rows`` each piece table's slice of the pieces, ``columns`` the spatial
    tables' columns and ``trend`` the trend's period labels and categories (totals included).
    """
    if not earlier:
        return {}
    values = {name: extend(t) for name, t in tables.items()}
    masks = {name: np.zeros(v.shape, dtype=bool) for name, v in values.items()}
    for before in earlier:
        hoods = _earlier_values(before, "neighborhood", areas["neighborhood"], columns)
        pieces = _earlier_values(before, "cell", areas["cell"], columns)
        for name, ext in values.items():
            if name == "trend":
                old = _earlier_trend(before, *trend)
            elif name == "neighborhood":
                old = hoods
            else:
                first_piece, stop = piece_rows[name]
                old = pieces[first_piece:stop]
            rows = old.shape[0]  # a table's totals row was published as another table's row
            masks[name][:rows] |= _changed_little(ext[:rows], old, min_count)
    return {name: mask for name, mask in masks.items() if mask.any()}


def _changed_little(values: np.ndarray, before: np.ndarray, min_count: int) -> np.ndarray:
    """Cells whose published count ``before`` differs from ``values`` by 1 to ``min_count - 1``."""
    with np.errstate(invalid="ignore"):
        step = np.abs(values - before)
    out: np.ndarray = np.isfinite(before) & (step >= 1) & (step < min_count) & (values > 0)
    return out


def _areas(
    published: Mapping[Geography, tuple[np.ndarray, np.ndarray]],
    hoods: gpd.GeoDataFrame,
    pieces: _Pieces,
    piece_ids: Sequence[str],
    *,
    crs: str,
    mapped: list[str],
) -> gpd.GeoDataFrame:
    """The ``areas`` frame from each geography's rows ``(counts, withheld)``: one row per
    area then ``outside``, the mapped categories then the total (extended columns)."""
    n_mapped = len(mapped)
    parts: list[pd.DataFrame] = []
    hood_geoms = gpd.GeoSeries(hoods.geometry.to_numpy(), crs=crs).to_crs(STORAGE_CRS)
    piece_geoms = gpd.GeoSeries(pieces.geometry, crs=crs).to_crs(STORAGE_CRS)
    hood_ids = hoods["neighborhood_id"].astype("str").to_numpy()
    hood_names = hoods["name"].astype("str").to_numpy()
    population = pd.to_numeric(hoods["population"], errors="coerce").to_numpy(dtype=float)
    n_pieces = len(pieces.hood)
    specs: list[tuple[Geography, list[str], list[object], np.ndarray, list[object]]] = [
        (
            "neighborhood",
            [*hood_ids, OUTSIDE],
            [*hood_names, None],
            np.append(population, np.nan),
            [*hood_geoms.to_numpy(), None],
        ),
        (
            "cell",
            [*piece_ids, OUTSIDE],
            [*hood_names[pieces.hood], None],
            np.full(n_pieces + 1, np.nan),
            [*piece_geoms.to_numpy(), None],
        ),
    ]
    for geography, ids, names, pop, geoms in specs:
        values, withheld = published[geography]
        frame = pd.DataFrame(
            {"geography": geography, "area_id": ids, "name": names, "population": pop}
        )
        for j, code in enumerate(mapped):
            frame[code] = _published_column(values[:, j], withheld[:, j])
        frame[TOTAL] = _published_column(values[:, n_mapped], withheld[:, n_mapped])
        counts = values[:, n_mapped].astype(float)
        ok = ~withheld[:, n_mapped] & (pop >= settings.min_residents) & (pop > 0)
        with np.errstate(divide="ignore", invalid="ignore"):
            frame["rate_per_100k"] = np.where(ok, counts / pop * 1e5, np.nan)
        frame["geometry"] = geoms
        parts.append(frame)
    return _areas_frame(pd.concat(parts, ignore_index=True), mapped)


def _trend(
    s: Suppression, periods: pd.PeriodIndex, step: Step, categories: list[str]
) -> pd.DataFrame:
    labels = [_period_label(p, step) for p in periods] + [TOTAL]
    columns = [*categories, TOTAL]
    rows, cols = s.values.shape
    withheld = s.withheld.ravel()
    frame = pd.DataFrame(
        {
            "period": [labels[i] for i in range(rows) for _ in range(cols)],
            "category": [columns[j] for _ in range(rows) for j in range(cols)],
            "count": [
                pd.NA if w else int(v) for v, w in zip(s.values.ravel(), withheld, strict=True)
            ],
            "withheld": withheld,
        }
    )
    return _trend_frame(frame)


def _active_spaces(spaces: gpd.GeoDataFrame | None, crs: str) -> gpd.GeoDataFrame:
    empty = pd.DataFrame({"name": [], "kind": [], "geometry": []})
    if spaces is None or "activation_status" not in spaces.columns or not len(spaces):
        return _spaces_frame(empty)
    active = spaces.loc[(spaces["activation_status"].astype("str") == "active").to_numpy()]
    if not len(active):
        return _spaces_frame(empty)
    projected = _projected(active, crs, "public_spaces")
    points = gpd.GeoSeries(projected.geometry.representative_point(), crs=crs).to_crs(STORAGE_CRS)
    frame = pd.DataFrame(
        {
            "name": active["name"].to_numpy(),
            "kind": active["kind"].to_numpy(),
            "geometry": points.to_numpy(),
        }
    )
    return _spaces_frame(frame)


def _running_programs(
    programs: pd.DataFrame | None, first: pd.Timestamp, last: pd.Timestamp
) -> pd.DataFrame:
    empty = pd.DataFrame({"component": [], "partner_type": [], "programs": []})
    if programs is None or not len(programs):
        return _programs_frame(empty)
    begin = (
        pd.to_datetime(programs["start"])
        if "start" in programs
        else pd.Series(pd.NaT, index=programs.index)
    )
    finish = (
        pd.to_datetime(programs["end"])
        if "end" in programs
        else pd.Series(pd.NaT, index=programs.index)
    )
    running = (begin.isna() | (begin <= last)) & (finish.isna() | (finish >= first))
    chosen = pd.DataFrame(
        {
            "component": _text(programs["component"]),
            "partner_type": _text(programs["partner_type"])
            if "partner_type" in programs
            else pd.Series(None, index=programs.index, dtype="str"),
        }
    ).loc[running.to_numpy()]
    counted = (
        chosen.groupby(["component", "partner_type"], dropna=False, sort=True)
        .size()
        .rename("programs")
        .reset_index()
    )
    return _programs_frame(counted)


def _territory_names(territories: gpd.GeoDataFrame | None) -> list[str]:
    if territories is None or not len(territories):
        return []
    column = "name" if "name" in territories.columns else "territory_id"
    return sorted({str(v) for v in territories[column] if not _missing(v)})


# -- open data -------------------------------------------------------------------------


def is_export(folder: Path) -> bool:
    """Whether ``folder`` may be replaced by an export: an empty folder, or one holding only
    the open-data files (:data:`OPEN_DATA_FILES`) and ``README.md``, no sub-folder."""
    if not folder.is_dir():
        return False
    allowed = {*OPEN_DATA_FILES, "README.md"}
    return all(p.is_file() and p.name in allowed for p in folder.iterdir())


def write_open_data(snapshot: Snapshot, folder: Path, *, readme: str) -> list[Path]:
    """Write the snapshot's open-data files to ``folder``, atomically.

    Files: ``neighborhoods.csv``/``.geojson`` and ``cells.csv``/``.geojson``
    (``area_id``, ``name``, ``population``, one column per mapped category,
    ``total``, ``rate_per_100k``; the CSV carries the geometry as WKT), ``trend.csv``
    (``period``, ``category``, ``count``, ``withheld``) and ``README.md`` (``readme``).
    A withheld count is an empty field in CSV and ``null`` in GeoJSON, never 0.

    The files are written to a new folder beside ``folder`` and renamed into
    place, so a crash leaves either the previous export or the new one, never
    half of one.

    Parameters
    ----------
    snapshot
        What to write.
    folder
        The export folder: new, empty, or a previous export (it holds a
        ``README.md``), which is replaced.
    readme
        The text of ``README.md`` (the rules and the methodology, in the
        reader's language).

    Returns
    -------
    list of pathlib.Path
        The files written, in :data:`OPEN_DATA_FILES` order.

    Raises
    ------
    DisclosureError
        ``out_not_export`` when ``folder`` is a file, or a folder holding anything
        but an earlier export's files (:func:`is_export`): it is never replaced.
    """
    folder = Path(folder)
    if folder.exists() and not is_export(folder):
        msg = (
            f"`{folder}` exists and is not a previous open-data export (it holds other "
            "files): choose a new or empty folder"
        )
        raise DisclosureError(msg, "out_not_export", folder=str(folder))
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", suffix=".tmp", dir=folder.parent))
    try:
        for geography, stem in (("neighborhood", "neighborhoods"), ("cell", "cells")):
            frame = snapshot.areas.loc[(snapshot.areas["geography"] == geography).to_numpy()]
            frame = frame.drop(columns="geography").reset_index(drop=True)
            to_csv_frame(frame).to_csv(tmp / f"{stem}.csv", index=False)
            (tmp / f"{stem}.geojson").write_text(
                frame.to_json(na="null", drop_id=True, ensure_ascii=False), encoding="utf-8"
            )
        snapshot.trend.to_csv(tmp / "trend.csv", index=False)
        (tmp / "README.md").write_text(readme, encoding="utf-8")
        if folder.exists():
            old = Path(
                tempfile.mkdtemp(prefix=f".{folder.name}-", suffix=".old", dir=folder.parent)
            )
            os.replace(folder, old / folder.name)
            os.replace(tmp, folder)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, folder)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return [folder / name for name in OPEN_DATA_FILES]
