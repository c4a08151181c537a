"""Sign in: the form of :func:`ui.auth.login_page` (listed for the public only).

The same form stands in, at their own addresses, for every page the public
may not open (see ``app.py``).
"""

from __future__ import annotations

import streamlit as st

from ui.auth import login_page
from ui.router import ensure_routed


def main() -> None:
    ensure_routed()
    st.session_state.pop("_asked_page", None)
    login_page()


main()
