"""Keep every page behind the router (``app.py``).

Streamlit still discovers a ``pages/`` folder beside the entry point when
the first request of a server process asks for a page by its URL (its
"v1" multipage mode): it then runs ``pages/<name>.py`` directly, without
``app.py``, so without the router's navigation, sidebar and role checks.
Each page therefore calls :func:`ensure_routed` first: when the run did not
come through ``app.py``, it switches Streamlit to ``st.navigation`` mode for
the rest of the process and reruns, and the rerun goes through ``app.py``.
``tests/browser/test_map.py`` opens ``/map`` as the first request of a fresh
server to prove it.
"""

from __future__ import annotations

import streamlit as st
from streamlit.navigation.page import StreamlitPage
from streamlit.runtime.pages_manager import PagesManager

_ROUTED = "_convivencia_routed"

#: Every page: (its section, file, address, title, the least role that may open it).
PAGES: tuple[tuple[str, str, str, str, str], ...] = (
    ("nav.section.analysis", "pages/map.py", "map", "nav.map", "mayor_office"),
    ("nav.section.analysis", "pages/hotspots.py", "hotspots", "nav.hotspots", "mayor_office"),
    ("nav.section.analysis", "pages/trends.py", "trends", "nav.trends", "mayor_office"),
    ("nav.section.recommend", "pages/parks.py", "parks", "nav.parks", "planner"),
    ("nav.section.recommend", "pages/priority.py", "priority", "nav.priority", "planner"),
    ("nav.section.recommend", "pages/territories.py", "territories", "nav.territories", "planner"),
    ("nav.section.results", "pages/briefing.py", "briefing", "nav.briefing", "mayor_office"),
    ("nav.section.results", "pages/evaluation.py", "evaluation", "nav.evaluation", "mayor_office"),
    ("nav.section.public", "pages/public.py", "public", "nav.public", "public"),
    ("nav.section.data", "pages/data.py", "data", "nav.data", "planner"),
    ("nav.section.data", "pages/publish.py", "publish", "nav.publish", "planner"),
    ("nav.section.data", "pages/users.py", "users", "nav.users", "admin"),
)

#: Each role's first page.
HOME = {"public": "public", "mayor_office": "briefing", "planner": "map", "admin": "map"}


def mark_routed() -> None:
    """Called by ``app.py`` just before it runs the chosen page."""
    st.session_state[_ROUTED] = True


def run_routed(page: StreamlitPage) -> None:
    """Run ``page`` marked as routed, and drop the mark however the run ends: a page that
    never calls :func:`ensure_routed` (the sign-in stand-ins) must not leave it for a later
    run of a page file without ``app.py``."""
    mark_routed()
    try:
        page.run()
    finally:
        st.session_state.pop(_ROUTED, None)


def ensure_routed() -> None:
    """Rerun through ``app.py`` when a page was run without it."""
    if st.session_state.pop(_ROUTED, False):
        return
    PagesManager.uses_pages_directory = False
    st.rerun()
