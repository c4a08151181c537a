"""Hot spots: where violence concentrates, whether it is chance, and where it is getting worse.

The page reads its widgets (:func:`ui.hotspot_controls.controls`) and the
sidebar's filters, runs :func:`ui.cache.hotspot_analysis` (the method and its
top hot spots, cached on the workspace's content hash and every parameter)
and draws the result with :mod:`ui.hotspot_view`.
"""

from __future__ import annotations

import streamlit as st

from models.hotspots import Filters, TooManyIncidents, describe, explain, method_of, ranked_by
from ui.cache import filtered, hotspot_analysis
from ui.hotspot_controls import controls
from ui.hotspot_details import show_failure, technical_table
from ui.hotspot_view import downloads, draw_map, metrics, top_table
from ui.i18n import language, t
from ui.router import ensure_routed
from ui.state import current_workspace, frame_or_none, missing_layer_note, synthetic_banner
from ui.tables import show_table


def main() -> None:
    ensure_routed()
    lang = language()
    ws = current_workspace()
    f = st.session_state.get("filters")
    st.title(t("hotspots.title"))
    if ws is None or f is None:
        st.info(t("sidebar.no_workspace"))
        return
    synthetic_banner(ws)
    st.caption(t("hotspots.intro"))
    if not ws.has("incidents"):
        missing_layer_note("incidents")
        return
    hoods = frame_or_none(ws, "neighborhoods")
    spaces = frame_or_none(ws, "public_spaces")
    territories = frame_or_none(ws, "territories")
    spec = controls(hoods is not None, lang)
    n = len(filtered(f))
    filters = Filters(tuple(f.categories), f.start, f.end)
    key = (ws.location, ws.content_hash, filters, spec)
    try:
        method_of(spec).check(spec, n)  # refuse before reading (HDBSCAN is slow)
        # no show_time: Streamlit writes its "(4.1 seconds)" in English only
        with st.spinner(t("hotspots.running", method=t(f"hotspots.method.{spec.method}"))):
            result, top = hotspot_analysis(*key)
    except TooManyIncidents as exc:
        st.warning(t("hotspots.hdbscan.too_many", n=exc.n, max=exc.limit))
        return
    except ValueError as exc:
        show_failure(exc, n, lang)
        return
    descriptions = [describe(row, lang) for _, row in top.iterrows()]
    st.caption(t("hotspots.reason", text=explain(result, lang)))
    with st.expander(t("hotspots.details")):
        show_table(technical_table(result, lang), lang)
    left, right = st.columns([3.4, 1], gap="medium")
    with left:
        draw_map(result, top, descriptions, hoods, territories, spaces, ws.synthetic, lang)
    with right:
        metrics(result, lang)
        for layer, frame in (
            ("neighborhoods", hoods),
            ("public_spaces", spaces),
            ("territories", territories),
        ):
            if frame is None:
                missing_layer_note(layer)
    top_table(top, descriptions, ranked_by(result), lang)
    downloads(key, lang)


main()
