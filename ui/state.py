"""Session state shared by every page: the workspace, the filters, cached loads.

The sidebar widgets are drawn by :func:`sidebar` from ``app.py`` on every
run, so their values hold across pages. Pages read them through
:func:`filters`. Loaded layers and results are cached with
``st.cache_data`` keyed on the workspace's content hash, so an import
invalidates every cache that depends on the data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import geopandas as gpd
import pandas as pd
import streamlit as st

from geo import schema, settings
from geo.aggregate import aggregate_points, city_mask
from geo.errors import WorkspaceError
from geo.workspace import Workspace
from models.summary import date_bounds, filter_incidents, neighborhood_table, territory_coverage
from ui.i18n import LANGUAGES, labeler, lang_key, t


@dataclass(frozen=True)
class Filters:
    """What every page analyses: workspace, inclusive dates and categories."""

    workspace: Path
    content_hash: str
    start: date | None
    end: date | None
    categories: tuple[str, ...]


def available_workspaces() -> list[Path]:
    """The configured workspace plus every ``*.gpkg`` in ``settings.workspaces_dir``."""
    found: list[Path] = []
    if settings.workspace.is_file():
        found.append(settings.workspace.resolve())
    folder = settings.workspaces_dir
    if folder.is_dir():
        for path in sorted(folder.glob("*.gpkg")):
            if not path.name.startswith(".") and path.resolve() not in found:
                found.append(path.resolve())
    return found


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


def current_workspace() -> Workspace | None:
    """The workspace picked in the sidebar, or ``None`` when there is none."""
    path = st.session_state.get("workspace_path")
    if not path:
        return None
    try:
        return open_workspace(Path(path))
    except (WorkspaceError, FileNotFoundError):
        return None


def sidebar() -> Filters | None:
    """Draw the shared sidebar and return the filters (``None`` without a workspace)."""
    with st.sidebar:
        if st.session_state.get("lang") not in LANGUAGES:
            st.session_state["lang"] = settings.language
        st.radio(
            t("sidebar.language"),
            options=list(LANGUAGES),
            format_func=LANGUAGES.__getitem__,
            key="lang",
            horizontal=True,
        )
        options = available_workspaces()
        if not options:
            st.warning(t("sidebar.no_workspace"))
            st.session_state["workspace_path"] = None
            return None
        pending = st.session_state.pop("pending_workspace", None)
        if pending:
            st.session_state["workspace_path"] = pending
        current = st.session_state.get("workspace_path")
        if current not in [str(p) for p in options]:
            st.session_state["workspace_path"] = str(options[0])
        st.selectbox(
            t("sidebar.workspace"),
            options=[str(p) for p in options],
            format_func=lambda p: Path(p).name,
            key="workspace_path",
            help=t("sidebar.workspace.help", folder=str(settings.workspaces_dir)),
        )
        ws = current_workspace()
        if ws is None:
            st.error(t("sidebar.no_workspace"))
            return None
        if not ws.has("incidents"):
            st.info(t("sidebar.no_incidents"))
            return Filters(ws.path, ws.content_hash, None, None, tuple(schema.CATEGORIES))
        incidents = load_layer(str(ws.path), ws.content_hash, "incidents")
        lo, hi = date_bounds(incidents)
        key = f"dates-{ws.content_hash[:12]}"
        picked = st.date_input(
            t("sidebar.dates"),
            value=(lo, hi),
            min_value=lo,
            max_value=hi,
            key=key,
            help=t("sidebar.dates.help"),
            format="DD/MM/YYYY",
        )
        start, end = picked if isinstance(picked, tuple) and len(picked) == 2 else (lo, hi)
        present = [c for c in schema.CATEGORIES if (incidents["category"] == c).any()]
        # the codes chosen survive a language switch (the widget is keyed per language)
        codes_key = f"cats-codes-{ws.content_hash[:12]}"
        kept = [c for c in st.session_state.get(codes_key, present) if c in present]
        chosen = st.multiselect(
            t("sidebar.categories"),
            options=present,
            default=kept,
            format_func=labeler("category."),
            key=lang_key(f"cats-{ws.content_hash[:12]}"),
            help=t("sidebar.categories.help"),
        )
        st.session_state[codes_key] = list(chosen)
        return Filters(ws.path, ws.content_hash, start, end, tuple(chosen))


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


def synthetic_banner(ws: Workspace) -> None:
    """Say, on every screen that shows it, that a workspace's data are synthetic."""
    if ws.synthetic:
        st.warning(t("synthetic.banner", city=ws.city_name), icon="⚠️")


def missing_layer_note(layer: str) -> None:
    """Say what a missing layer would add, instead of failing."""
    st.info(t("missing.layer", layer=t(f"layer.{layer}"), adds=t(f"adds.{layer}")))


def frame_or_none(ws: Workspace, layer: str) -> gpd.GeoDataFrame | None:
    """A cached layer, or ``None`` when the workspace lacks it."""
    return load_layer(str(ws.path), ws.content_hash, layer) if ws.has(layer) else None


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
