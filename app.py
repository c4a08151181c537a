"""Convivencia: the Streamlit entry point, a router.

On every run it first builds the navigation (``st.navigation``) with the
pages in the session's language, then draws the shared sidebar (language,
workspace, period, categories) and runs the chosen page. Pages live in
``pages/`` and are never auto-discovered: only the pages listed here exist.
"""

from __future__ import annotations

import streamlit as st

from ui.i18n import t
from ui.offline import ensure_static_assets
from ui.router import mark_routed
from ui.state import sidebar

pages = {
    t("nav.section.analysis"): [
        st.Page("pages/map.py", title=t("nav.map"), url_path="map", default=True),
        st.Page(
            "pages/hotspots.py",
            title=t("nav.hotspots"),
            url_path="hotspots",
        ),
        st.Page("pages/trends.py", title=t("nav.trends"), url_path="trends"),
    ],
    t("nav.section.recommend"): [
        st.Page("pages/parks.py", title=t("nav.parks"), url_path="parks"),
        st.Page("pages/priority.py", title=t("nav.priority"), url_path="priority"),
        st.Page("pages/territories.py", title=t("nav.territories"), url_path="territories"),
    ],
    t("nav.section.results"): [
        st.Page("pages/evaluation.py", title=t("nav.evaluation"), url_path="evaluation"),
    ],
    t("nav.section.data"): [
        st.Page("pages/data.py", title=t("nav.data"), url_path="data"),
    ],
}
page = st.navigation(pages)
st.set_page_config(page_title=f"{page.title} · Convivencia", page_icon="🕊️", layout="wide")

ensure_static_assets()
# words, not only Streamlit's fade, while a run loads data or computes (shown after 0.5 s)
with st.spinner(t("app.working")):
    st.session_state["filters"] = sidebar()
    mark_routed()
    page.run()
