"""Priority neighbourhoods: where to invest first, how firm that ranking is, who already works there.

The page reads its widgets (:func:`ui.priority_view.controls`), runs
:func:`ui.cache.neighborhood_recommendation` (indicators, priority index,
robustness to the weights and the articulation of the programmes, cached on
the workspace's content hash, the spec and the window's last day) and draws
the result with :mod:`ui.priority_view`. The list is for investment, not a
map of danger, and nothing here is public: the page says both first.
"""

from __future__ import annotations

import streamlit as st

from catalog.say import number
from ui import priority_view as view
from ui.cache import incident_table, neighborhood_recommendation, neighborhood_table
from ui.i18n import language, t
from ui.router import ensure_routed
from ui.state import current_workspace, frame_or_none, missing_layer_note, synthetic_banner


def main() -> None:
    ensure_routed()
    lang = language()
    ws = current_workspace()
    st.title(t("priority.page.title"))
    if ws is None:
        st.info(t("sidebar.no_workspace"))
        return
    synthetic_banner(ws)
    st.info(t("priority.page.note"), icon=":material/info:")
    st.caption(t("priority.page.intro"))
    for layer in ("neighborhoods", "incidents"):
        if not ws.has(layer):
            missing_layer_note(layer)
            return
    hoods = frame_or_none(ws, "neighborhoods")
    territories = frame_or_none(ws, "territories")
    assert hoods is not None
    last_day = incident_table(ws.location, ws.content_hash).date_bounds()[1]
    spec, until = view.controls(len(hoods), last_day, lang)
    key = (ws.location, ws.content_hash, spec, until)
    try:
        with st.spinner(t("priority.page.running")):
            rec = neighborhood_recommendation(*key)
            table = neighborhood_table(*key, lang)
    except (ValueError, LookupError) as exc:
        st.error(t("priority.page.failed", error=str(exc)))
        return
    for layer in ("public_spaces", "territories", "programs"):
        if not ws.has(layer):
            missing_layer_note(layer)
    view.figures(rec, lang)
    left, right = st.columns([1.7, 1.3], gap="medium")
    with left:
        view.draw_map(rec, ws, territories, lang)
    with right:
        st.subheader(t("priority.page.robust.title"))
        st.caption(
            t(
                "priority.page.robust.caption",
                draws=number(spec.draws, lang),
                k=number(spec.top_k, lang),
            )
        )
        st.html(view.robustness_html(rec, lang))
    st.subheader(t("priority.page.why.title", k=number(spec.top_k, lang)))
    st.html(view.sentences_html(rec, table))
    st.subheader(t("priority.page.ranking.title"))
    st.caption(t("priority.page.ranking.caption"))
    view.ranking(rec, table, lang)
    view.downloads(key, lang)
    if rec.articulation is not None:
        st.subheader(t("priority.page.art.title"))
        view.articulation(rec, lang)
    with st.expander(t("priority.page.method.title")):
        st.markdown(t("priority.page.method.text"))


main()
