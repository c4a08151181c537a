"""The mayor's briefing (the mayor's office and up): one screen, and the same as a PDF.

The page reads its own period (the last 12 whole months, a year, a quarter,
or one written in as ``cli.py briefing --period`` takes it) and the
portfolio's budget, runs :func:`models.briefing.briefing` through
:func:`ui.cache.briefing_result` (it computes nothing of its own: the hot
spots, the priority list and the portfolio are the engine's) and draws it
with :mod:`ui.briefing_view`. The PDF button gives the same figures,
sentences and map (:func:`reports.briefing_pdf.render_pdf`).
"""

from __future__ import annotations

import streamlit as st

from geo import settings
from models.briefing import briefing_text
from ui import briefing_view as view
from ui.cache import briefing_map, briefing_pdf, briefing_result, incident_table
from ui.i18n import language, t
from ui.router import ensure_routed
from ui.state import current_workspace, missing_layer_note, synthetic_banner


def main() -> None:
    ensure_routed()
    lang = language()
    ws = current_workspace()
    if ws is None:
        st.title(t("nav.briefing"))
        st.info(t("sidebar.no_workspace"))
        return
    st.title(t("briefing.title", city=ws.city_name))
    synthetic_banner(ws)
    if not ws.has("incidents"):
        missing_layer_note("incidents")
        return
    first, last = incident_table(ws.location, ws.content_hash).date_bounds()
    picked = view.controls(first, last, lang)
    if picked is None:
        return
    period, budget = picked
    key = (ws.location, ws.content_hash, period, budget, float(settings.epidemic_threshold))
    with st.spinner(t("briefing.page.running")):
        b = briefing_result(*key)
    bt = briefing_text(b, lang)
    st.caption(t("briefing.page.sidebar_note"))
    view.head(b, bt, lang)
    left, right = st.columns([3, 2])
    with left:
        view.chart(b, lang)
    with right:
        view.categories(b, bt, lang)
    view.where(bt, briefing_map(*key, lang), lang)
    view.doing(b, bt, lang)
    view.decide(b, bt, lang)
    view.method(bt, lang)
    st.download_button(
        t("briefing.page.pdf"),
        briefing_pdf(*key, lang),
        file_name=f"briefing-{period.label}-{lang}.pdf",
        mime="application/pdf",
        type="primary",
        key="briefing_pdf",
    )


main()
