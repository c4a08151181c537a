"""Public spaces: which to activate, why, and which set covers the most need within a budget.

The page reads its widgets (:func:`ui.parks_view.controls`), runs
:func:`ui.cache.park_recommendation` (catchments, indicators, score and the
exact and greedy portfolios, cached on the workspace's content hash and both
specs) and draws the result with :mod:`ui.parks_view`.
"""

from __future__ import annotations

import streamlit as st

from models.recommend.portfolio import InfeasiblePortfolio
from ui import parks_view as view
from ui.cache import incident_table, park_recommendation
from ui.i18n import language, t
from ui.router import ensure_routed
from ui.state import current_workspace, frame_or_none, missing_layer_note, synthetic_banner


def main() -> None:
    ensure_routed()
    lang = language()
    ws = current_workspace()
    st.title(t("parks.title"))
    if ws is None:
        st.info(t("sidebar.no_workspace"))
        return
    synthetic_banner(ws)
    st.caption(t("parks.intro"))
    for layer in ("public_spaces", "incidents"):
        if not ws.has(layer):
            missing_layer_note(layer)
            return
    spaces = frame_or_none(ws, "public_spaces")
    hoods = frame_or_none(ws, "neighborhoods")
    territories = frame_or_none(ws, "territories")
    assert spaces is not None
    last_day = incident_table(ws.location, ws.content_hash).date_bounds()[1]
    has_comuna = hoods is not None and "comuna" in hoods.columns
    spec, portfolio = view.controls(
        spaces, has_streets=ws.has("streets"), has_comuna=has_comuna, last_day=last_day, lang=lang
    )
    key = (ws.location, ws.content_hash, spec, portfolio)
    try:
        with st.spinner(t("parks.running")):
            rec = park_recommendation(*key)
    except InfeasiblePortfolio as exc:
        st.warning(t("parks.infeasible", error=str(exc)))
        return
    except ValueError as exc:
        st.error(t("parks.failed", error=str(exc)))
        return
    if not ws.has("streets"):
        missing_layer_note("streets")
    view.figures(rec, lang)
    sentences = view.explanations(rec, lang)
    left, right = st.columns([2.2, 1], gap="medium")
    with left:
        view.draw_map(rec, ws, hoods, territories, lang)
    with right:
        st.html(view.portfolio_table(rec, sentences, lang, reasons=False))
    st.html(view.portfolio_table(rec, sentences, lang, reasons=True))
    st.html(view.comparison_table(rec, lang))
    st.subheader(t("parks.ranking.title"))
    st.caption(t("parks.ranking.caption"))
    view.ranking(rec, sentences)
    view.downloads(key, lang)
    with st.expander(t("parks.scenario.title")):
        view.scenarios(ws, key, lang)
    with st.expander(t("parks.method.title")):
        st.markdown(t("parks.method.text"))


main()
