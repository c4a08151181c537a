"""Map: incidents aggregated to cells over parks, neighbourhoods and territories.

The page gathers the workspace, the sidebar's filters and the layers into a
:class:`ui.map_view.MapPage` and draws its panels (:mod:`ui.map_view`).
"""

from __future__ import annotations

import streamlit as st

from ui.cache import filtered
from ui.i18n import language, t
from ui.map_view import MapPage, map_panel, summary_panel, tables_panel
from ui.router import ensure_routed
from ui.state import current_workspace, frame_or_none, synthetic_banner

ensure_routed()

ws = current_workspace()
f = st.session_state.get("filters")
st.title(t("map.title"))
if ws is None or f is None:
    st.info(t("sidebar.no_workspace"))
    st.stop()
synthetic_banner(ws)
st.caption(t("map.intro"))

page = MapPage(
    ws=ws,
    filters=f,
    hoods=frame_or_none(ws, "neighborhoods"),
    spaces=frame_or_none(ws, "public_spaces"),
    territories=frame_or_none(ws, "territories"),
    incidents=filtered(f) if ws.has("incidents") else None,
    lang=language(),
)
left, right = st.columns([2.7, 1], gap="medium")
with left:
    map_panel(page)
with right:
    summary_panel(page)
tables_panel(page)
