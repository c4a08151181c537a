"""Trends: when incidents happen, whether they changed, and whether one brings another.

The page reads the sidebar's dates and categories and its own widgets
(:func:`ui.trends_view.controls`: the area, the series' step, count or
harm, the period compared, the near-repeat bands, the city's own dates),
runs :func:`ui.cache.trend_result` (cached on the workspace's content hash,
the spec and the own dates) and draws the result with :mod:`ui.trends_view`
in five tabs: series, weekly rhythm, days, comparison, near repeats.
"""

from __future__ import annotations

import streamlit as st

from models.trends import NoIncidents, UnknownArea
from models.trends_text import sentences
from ui import trends_view as view
from ui.cache import trend_result
from ui.i18n import language, t
from ui.router import ensure_routed
from ui.state import Filters, current_workspace, frame_or_none, missing_layer_note, synthetic_banner


def main() -> None:
    ensure_routed()
    lang = language()
    ws = current_workspace()
    st.title(t("trends.page.title"))
    if ws is None:
        st.info(t("sidebar.no_workspace"))
        return
    synthetic_banner(ws)
    st.caption(t("trends.page.intro"))
    if not ws.has("incidents"):
        missing_layer_note("incidents")
        return
    filters = st.session_state.get("filters")
    if not isinstance(filters, Filters):
        return
    if not filters.categories:
        st.info(t("trends.page.no_categories"))
        return
    hoods = frame_or_none(ws, "neighborhoods")
    territories = frame_or_none(ws, "territories")
    base = (ws.location, ws.content_hash)
    spec, own = view.controls(
        base, filters.start, filters.end, filters.categories, hoods, territories, lang
    )
    key = (*base, spec, own)
    try:
        with st.spinner(t("trends.page.running")):
            result = trend_result(*key)
    except (NoIncidents, UnknownArea, ValueError) as exc:
        st.error(t("trends.page.failed", error=str(exc)))
        return
    for layer in ("neighborhoods", "programs"):
        if not ws.has(layer):
            missing_layer_note(layer)
    said = sentences(result, lang)
    view.figures(result, lang, said)
    tabs = st.tabs(
        [t(f"trends.tab.{name}") for name in ("series", "rhythm", "days", "compare", "knox")]
    )
    with tabs[0]:
        view.series_section(result, lang, said)
    with tabs[1]:
        view.rhythm_section(result, lang, said)
    with tabs[2]:
        view.days_section(result, lang, said)
    with tabs[3]:
        view.compare_section(result, lang, said)
    with tabs[4]:
        view.knox_section(result, lang, said)
    view.downloads(key, lang)
    with st.expander(t("trends.method.title")):
        st.markdown(t("trends.method.text"))


main()
