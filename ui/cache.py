"""Every ``st.cache_data`` and ``st.cache_resource`` of the app, in one place.

Each cached function is keyed on the workspace's path and content hash
(an import changes the hash and so invalidates every entry that depends on
the data), then on the sidebar's filters and the page's options. The
helpers that take a :class:`ui.state.Filters` unpack it into those keys.
The heavy modules (the hot-spot models, the importer) are imported inside
the functions that use them, so a page that never runs them does not load
them.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import pandas as pd
import streamlit as st

from geo.aggregate import aggregate_points, city_mask
from geo.workspace import Workspace
from models.summary import filter_incidents, neighborhood_table, territory_coverage

if TYPE_CHECKING:
    from geo.export import Format
    from geo.importer import ImportPlan
    from geo.validation import Report
    from models.hotspots import Filters as HotspotFilters
    from models.hotspots import HotspotResult, HotspotSpec
    from ui.state import Filters

#: How many top hot spots the Hot spots page finds.
TOP_N = 10


# -- the workspace and its layers ----------------------------------------------------


@st.cache_resource(max_entries=8)
def _open(path: str, mtime_ns: int) -> Workspace:
    return Workspace(path)


def open_workspace(path: Path) -> Workspace:
    """Open (cached by path and modification time) a workspace."""
    return _open(str(path), path.stat().st_mtime_ns)


@st.cache_data(max_entries=32, show_spinner=False)
def load_layer(path: str, content_hash: str, layer: str) -> gpd.GeoDataFrame:
    """A workspace layer, cached on the workspace's content hash."""
    return Workspace(path).read(layer)


@st.cache_data(max_entries=16, show_spinner=False)
def filtered_incidents(
    path: str, content_hash: str, start: date | None, end: date | None, categories: tuple[str, ...]
) -> gpd.GeoDataFrame:
    """The incidents passing the sidebar's filters (cached)."""
    incidents = load_layer(path, content_hash, "incidents")
    return filter_incidents(incidents, start=start, end=end, categories=list(categories))


def filtered(f: Filters) -> gpd.GeoDataFrame:
    """Shortcut: the incidents passing ``f``."""
    return filtered_incidents(str(f.workspace), f.content_hash, f.start, f.end, f.categories)


# -- the Map page --------------------------------------------------------------------


@st.cache_data(max_entries=32, show_spinner=False)
def _cells(
    path: str,
    content_hash: str,
    start: date | None,
    end: date | None,
    categories: tuple[str, ...],
    size: float,
    shape: str,
    weight: str,
) -> gpd.GeoDataFrame:
    ws = open_workspace(Path(path))
    incidents = filtered_incidents(path, content_hash, start, end, categories)
    hoods = load_layer(path, content_hash, "neighborhoods") if ws.has("neighborhoods") else None
    return aggregate_points(
        incidents,
        size=size,
        shape=shape,
        crs=ws.projected_crs,
        weight=weight,
        mask=city_mask(hoods),  # type: ignore[arg-type]
    )


def cached_cells(f: Filters, *, size: float, shape: str, weight: str) -> gpd.GeoDataFrame:
    """Incidents passing ``f`` aggregated to cells (cached; see ``geo.aggregate``)."""
    return _cells(
        str(f.workspace), f.content_hash, f.start, f.end, f.categories, size, shape, weight
    )


@st.cache_data(max_entries=16, show_spinner=False)
def _hood_table(
    path: str,
    content_hash: str,
    start: date | None,
    end: date | None,
    categories: tuple[str, ...],
    years: float,
) -> pd.DataFrame:
    ws = open_workspace(Path(path))
    incidents = filtered_incidents(path, content_hash, start, end, categories)
    hoods = load_layer(path, content_hash, "neighborhoods")
    return neighborhood_table(incidents, hoods, crs=ws.projected_crs, years=years)


def cached_neighborhood_table(f: Filters, *, years: float) -> pd.DataFrame:
    """Incidents, harm and rate per neighbourhood for ``f`` (cached)."""
    return _hood_table(str(f.workspace), f.content_hash, f.start, f.end, f.categories, years)


@st.cache_data(max_entries=8, show_spinner=False)
def _coverage(path: str, content_hash: str) -> float:
    ws = open_workspace(Path(path))
    return territory_coverage(
        load_layer(path, content_hash, "neighborhoods"),
        load_layer(path, content_hash, "territories"),
        crs=ws.projected_crs,
    )


def cached_coverage(f: Filters) -> float:
    """Share of the population inside the gestores' territories (cached)."""
    return _coverage(str(f.workspace), f.content_hash)


# -- the Hot spots page --------------------------------------------------------------


@st.cache_data(max_entries=24, show_spinner=False)
def hotspot_analysis(
    path: str, content_hash: str, filters: HotspotFilters, spec: HotspotSpec
) -> tuple[HotspotResult, gpd.GeoDataFrame]:
    """Run one method and find its top hot spots.

    Cached on the workspace's content hash, the filters and the spec (frozen
    dataclasses: every option of the method is part of the key).
    """
    from models.hotspots import run_hotspots, top_hotspots

    ws = open_workspace(Path(path))
    layers = {
        name: load_layer(path, content_hash, name) if ws.has(name) else None
        for name in ("incidents", "neighborhoods", "public_spaces")
    }
    result = run_hotspots(layers, spec, filters=filters, crs=ws.projected_crs)
    top = top_hotspots(result, layers["public_spaces"], layers["neighborhoods"], n=TOP_N)
    return result, top


@st.cache_data(max_entries=16, show_spinner=False)
def hotspot_file_bytes(
    path: str,
    content_hash: str,
    filters: HotspotFilters,
    spec: HotspotSpec,
    which: str,
    fmt: Format,
    lang: str,
) -> bytes:
    """The result or the top hot spots as a file (built when the download is clicked)."""
    from ui.hotspot_downloads import hotspot_file

    result, top = hotspot_analysis(path, content_hash, filters, spec)
    return hotspot_file(result.frame, top, method=spec.method, which=which, fmt=fmt, lang=lang)


# -- the Data page -------------------------------------------------------------------


@st.cache_data(max_entries=8, show_spinner=False)
def checked_upload(
    saved: str, name: str, layer: str, crs: str, ws_path: str, ws_hash: str
) -> tuple[Report, ImportPlan]:
    """Validate an upload (saved under its content digest) and plan it; cached on content."""
    from geo.importer import check_file

    ws = Workspace(ws_path) if ws_path else None
    return check_file(saved, layer, ws, crs=crs or None, display_name=name)
