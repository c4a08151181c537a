"""Session state shared by every page: the workspace, the filters, cached loads.

The sidebar widgets are drawn by :func:`sidebar` from ``app.py`` on every
run, so their values hold across pages. Pages read them through
``st.session_state["filters"]``. Loaded layers and results are cached in
:mod:`ui.cache`, keyed on the workspace's content hash, so an import
invalidates every cache that depends on the data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import geopandas as gpd
import streamlit as st

from catalog.app import LANGUAGES
from geo import schema, settings
from geo.errors import WorkspaceError
from geo.stores import is_database, redacted
from geo.workspace import Workspace
from ui.cache import incident_table, load_layer, open_workspace
from ui.i18n import labeler, lang_key, t


@dataclass(frozen=True)
class Filters:
    """What every page analyses: workspace, inclusive dates and categories."""

    workspace: str
    content_hash: str
    start: date | None
    end: date | None
    categories: tuple[str, ...]


def available_workspaces() -> list[Path | str]:
    """The configured workspace plus every ``*.gpkg`` in ``settings.workspaces_dir``."""
    found: list[Path | str] = []
    configured = settings.workspace
    if isinstance(configured, str):  # a PostGIS workspace (geo.stores)
        found.append(configured)
    elif configured.is_file():
        found.append(configured.resolve())
    folder = settings.workspaces_dir
    if folder.is_dir():
        for path in sorted(folder.glob("*.gpkg")):
            if not path.name.startswith(".") and path.resolve() not in found:
                found.append(path.resolve())
    return found


def workspace_name(location: str) -> str:
    """How the picker shows a workspace: a file's name, or a database's address without its password."""
    return redacted(location) if is_database(location) else Path(location).name


def current_workspace() -> Workspace | None:
    """The workspace picked in the sidebar, or ``None`` when there is none."""
    path = st.session_state.get("workspace_path")
    if not path:
        return None
    try:
        return open_workspace(path)
    except (WorkspaceError, FileNotFoundError):
        return None


def _language() -> None:
    if st.session_state.get("lang") not in LANGUAGES:
        st.session_state["lang"] = settings.language
    st.radio(
        t("sidebar.language"),
        options=list(LANGUAGES),
        format_func=LANGUAGES.__getitem__,
        key="lang",
        horizontal=True,
    )


def public_sidebar() -> None:
    """The public's sidebar: the language only (no workspace, no incidents are opened)."""
    with st.sidebar:
        _language()


def sidebar() -> Filters | None:
    """Draw the shared sidebar and return the filters (``None`` without a workspace)."""
    with st.sidebar:
        _language()
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
            format_func=workspace_name,
            key="workspace_path",
            help=t("sidebar.workspace.help", folder=str(settings.workspaces_dir)),
        )
        ws = current_workspace()
        if ws is None:
            st.error(t("sidebar.no_workspace"))
            return None
        if not ws.has("incidents"):
            st.info(t("sidebar.no_incidents"))
            return Filters(ws.location, ws.content_hash, None, None, tuple(schema.CATEGORIES))
        table = incident_table(ws.location, ws.content_hash)
        lo, hi = table.date_bounds()
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
        present = table.present()
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
        return Filters(ws.location, ws.content_hash, start, end, tuple(chosen))


def synthetic_banner(ws: Workspace) -> None:
    """Say, on every screen that shows it, that a workspace's data are synthetic."""
    if ws.synthetic:
        st.warning(t("synthetic.banner", city=ws.city_name), icon="⚠️")


def missing_layer_note(layer: str) -> None:
    """Say what a missing layer would add, instead of failing."""
    st.info(t("missing.layer", layer=t(f"layer.{layer}"), adds=t(f"adds.{layer}")))


def frame_or_none(ws: Workspace, layer: str) -> gpd.GeoDataFrame | None:
    """A cached layer, or ``None`` when the workspace lacks it."""
    return load_layer(ws.location, ws.content_hash, layer) if ws.has(layer) else None
