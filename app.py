"""Convivencia: the Streamlit entry point, a router.

On every run it first works out the session's role (:mod:`ui.auth`:
``public`` until someone signs in), then builds the navigation
(``st.navigation``) with the pages that role may open, in the session's
language, draws the shared sidebar and runs the chosen page. Pages live in
``pages/`` and are never auto-discovered: only the pages listed here exist.

Every page's address is registered for every role, so typing it never
reaches its content: a page the role may not open is replaced, at the same
address, by the sign-in form (the public) or a "not for your role" notice
(a signed-in user), hidden from the menu. After signing in, the same
address shows the page.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from geo.users import at_least
from ui import auth
from ui.i18n import t
from ui.offline import ensure_static_assets
from ui.router import HOME, PAGES, run_routed
from ui.state import public_sidebar, sidebar


def _stand_in(address: str, draw: Callable[[], None]) -> Callable[[], None]:
    """The page shown at ``address`` to a role that may not open it."""

    def page() -> None:
        st.session_state["_asked_page"] = address
        draw()

    page.__name__ = f"blocked_{address}"
    return page


def navigation(role: str) -> dict[str, list[st.Page]]:
    """The pages ``role`` may open, by section, plus the hidden stand-ins at the other addresses."""
    sections: dict[str, list[st.Page]] = {}
    hidden: list[st.Page] = []
    home = HOME.get(role, "public")
    stand_in = (lambda: auth.denied_page(role)) if role != "public" else auth.login_page
    for section, path, address, title, least in PAGES:
        if at_least(role, least):
            page = st.Page(path, title=t(title), url_path=address, default=address == home)
            sections.setdefault(t(section), []).append(page)
        else:
            hidden.append(
                st.Page(
                    _stand_in(address, stand_in),
                    title=t(title),
                    url_path=address,
                    visibility="hidden",
                )
            )
    if role == "public":
        sections[t("nav.section.public")].append(
            st.Page("pages/login.py", title=t("nav.login"), url_path="login")
        )
    else:  # signed in at the sign-in page's address: on to the role's first page
        first = next(path for _, path, address, _, _ in PAGES if address == home)
        hidden.append(
            st.Page(
                _stand_in("login", lambda: st.switch_page(first)),
                title=t("nav.login"),
                url_path="login",
                visibility="hidden",
            )
        )
    if hidden:
        sections.setdefault(t("nav.section.public"), []).extend(hidden)
    return sections


role = auth.role()
page = st.navigation(navigation(role))
st.set_page_config(page_title=f"{page.title} · Convivencia", page_icon="🕊️", layout="wide")

ensure_static_assets()
# words, not only Streamlit's fade, while a run loads data or computes (shown after 0.5 s)
with st.spinner(t("app.working")):
    if role == "public":
        st.session_state["filters"] = None
        public_sidebar()
    else:
        st.session_state["filters"] = sidebar()
        with st.sidebar:
            auth.account_box(role)
    run_routed(page)
