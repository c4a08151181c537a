"""Who is signed in, with which role, and the sign-in form.

A session starts as ``public`` (no login): it sees only the transparency
page, which reads published snapshots and never raw incidents. Signing in
with a name and a password checks them against the users of the configured
workspace (``settings.workspace``; :mod:`geo.users`, Argon2 hashes); the
session then holds the user's name, role and the time it was last active,
and is signed out after ``settings.session_idle_minutes`` without activity.
Failed attempts are slowed down per user and per client (:class:`geo.users.Throttle`,
shared by every session of the server process) and logged without the
password.

A city that runs its own single sign-on instead configures Streamlit's
``st.login`` (OIDC, an ``[auth]`` section in ``.streamlit/secrets.toml``):
the identity provider authenticates and the workspace's users table
authorises, by the ``email`` claim (:func:`geo.users.role_for_identity`).
See the README, "Single sign-on".

The session is tied to the browser tab's connection: reloading the page
signs out, which is also what a shared computer in a city office needs.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Mapping
from typing import Any

import streamlit as st

from geo import settings, users
from geo.errors import WorkspaceError
from geo.stores import as_location
from geo.workspace import Workspace
from ui.cache import open_workspace
from ui.i18n import t

_AUTH = "auth"
_NOTICE = "auth_notice"
_SSO_SEEN = "auth_sso_seen"

#: Failed sign-ins of this server process, per user and per client.
THROTTLE = users.Throttle(base=settings.login_backoff_seconds)


def home_workspace() -> Workspace | None:
    """The configured workspace: where the users and the published snapshots live."""
    try:
        configured = settings.workspace
        return open_workspace(configured if isinstance(configured, str) else configured.resolve())
    except (WorkspaceError, FileNotFoundError):
        return None


def public_workspace() -> Workspace | None:
    """Where the Transparency page reads the published snapshots: ``settings.public_workspace``
    (a read-only role's connection in a PostGIS deployment) or else the configured workspace."""
    if not settings.public_workspace:
        return home_workspace()
    try:
        return open_workspace(as_location(settings.public_workspace))
    except (WorkspaceError, FileNotFoundError):
        return None


def _sso_claims() -> Mapping[str, Any] | None:
    """The identity provider's claims when the session signed in with ``st.login``."""
    try:
        user = st.user
        if not user.get("is_logged_in", False):
            return None
        return dict(user.to_dict())
    except Exception:  # no [auth] configured: st.user has no identity
        return None


def sso_configured() -> bool:
    """Whether ``.streamlit/secrets.toml`` configures an identity provider for ``st.login``."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all
        return False


def passwords_allowed() -> bool:
    """Whether the sign-in takes a password: always, unless ``settings.password_login`` is off
    and a single sign-on provider is configured (so that nobody is ever locked out)."""
    return settings.password_login or not sso_configured()


def role() -> str:
    """The session's role: ``public`` unless signed in (and not idle for too long)."""
    claims = _sso_claims()
    if claims is not None:
        now = time.time()
        seen = st.session_state.get(_SSO_SEEN)
        if seen is not None and users.expired(float(seen), now):
            # idle too long: the provider's sign-in ends too, as a password's does
            st.session_state.pop(_SSO_SEEN, None)
            st.session_state[_NOTICE] = "auth.expired"
            st.logout()
            return "public"
        st.session_state[_SSO_SEEN] = now
        ws = home_workspace()
        found = (
            users.role_for_identity(ws, claims, claim=settings.sso_claim)
            if ws is not None
            else None
        )
        return found or "public"
    auth = st.session_state.get(_AUTH)
    if not auth:
        return "public"
    now = time.time()
    if users.expired(float(auth["seen"]), now):
        del st.session_state[_AUTH]
        st.session_state[_NOTICE] = "auth.expired"
        return "public"
    # the users table decides on every run: a user removed or demoted loses it at once
    # (a session signed in before the configured workspace went away keeps its role:
    # there is no table to ask, and no workspace to protect)
    ws = home_workspace()
    stored = users.role_of(ws, str(auth["user"])) if ws is not None else str(auth["role"])
    if stored is None:
        del st.session_state[_AUTH]
        st.session_state[_NOTICE] = "auth.revoked"
        return "public"
    auth["seen"] = now
    auth["role"] = stored
    return stored


def require(least: str) -> bool:
    """Whether the session (checked again: idle time, the users table) may do what needs
    ``least``. Form callbacks and fragments run without ``app.py``: each calls this first."""
    return users.at_least(role(), least)


def user_name() -> str:
    """The signed-in user's name ("" for the public)."""
    claims = _sso_claims()
    if claims is not None:
        return str(claims.get("email") or claims.get(settings.sso_claim, ""))
    auth = st.session_state.get(_AUTH)
    return str(auth["user"]) if auth else ""


def _client() -> str:
    """The client's address as Streamlit sees it (a proxy's when behind one), else the
    session's own id: never one key shared by every visitor, which would let anyone's
    failures slow down everyone's sign-in."""
    try:
        address = st.context.ip_address
    except Exception:  # AppTest has no connection
        address = None
    if address:
        return str(address)
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return f"session:{ctx.session_id}" if ctx is not None else "unknown"


def _sign_in() -> None:
    """The form's callback: check the name and password, or say why not."""
    name = str(st.session_state.get("login_name", "")).strip()
    password = str(st.session_state.get("login_password", ""))
    st.session_state["login_password"] = ""
    client = _client()
    if not passwords_allowed():  # the form is not shown; a password sent anyway is refused
        st.session_state[_NOTICE] = "auth.sso_only"
        return
    wait = THROTTLE.begin(name, client)  # checks and takes the turn at once: see Throttle.begin
    if wait > 0:
        st.session_state[_NOTICE] = ("auth.wait", wait)
        return
    try:
        ws = home_workspace()
        found = users.verify(ws, name, password) if ws is not None and name else None
    except BaseException:
        THROTTLE.release(name, client)
        raise
    if found is None or found == "public":
        known = ws is not None and users.role_of(ws, name) is not None
        # a name that is no user may be a password typed in the wrong field: log a digest
        shown = name if known else "sha256:" + hashlib.sha256(name.encode()).hexdigest()[:12]
        THROTTLE.failed(name, client, shown=shown)
        st.session_state[_NOTICE] = ("auth.failed", THROTTLE.wait(name, client))
        return
    THROTTLE.succeeded(name, client, clear_client=False)
    st.session_state[_AUTH] = {"user": name, "role": found, "seen": time.time()}
    st.session_state.pop(_NOTICE, None)


def sign_out() -> None:
    """Forget the session's login (the button's callback)."""
    st.session_state.pop(_AUTH, None)
    st.session_state[_NOTICE] = "auth.signed_out"
    if _sso_claims() is not None:
        st.logout()


def _notice() -> None:
    notice = st.session_state.pop(_NOTICE, None)
    if notice == "auth.expired":
        st.info(t("auth.expired", minutes=settings.session_idle_minutes))
    elif notice == "auth.revoked":
        st.info(t("auth.revoked"))
    elif notice == "auth.signed_out":
        st.info(t("auth.signed_out"))
    elif notice == "auth.sso_only":
        st.error(t("auth.sso_only"))
    elif isinstance(notice, tuple):
        key, wait = notice
        st.error(t(key, seconds=max(1, round(float(wait)))))


def login_page() -> None:
    """The sign-in form (also shown at the address of every page the public may not open)."""
    st.title(t("auth.title"))
    _notice()
    if st.session_state.get("_asked_page"):
        st.info(t("auth.needed"))
    if sso_configured():
        st.button(t("auth.sso"), on_click=st.login, type="primary")
        if not passwords_allowed():
            st.caption(t("auth.public_hint"))
            return
        st.caption(t("auth.sso.or"))
    with st.form("login", clear_on_submit=False):
        st.text_input(t("auth.name"), key="login_name", autocomplete="username")
        st.text_input(
            t("auth.password"),
            key="login_password",
            type="password",
            autocomplete="current-password",
        )
        st.form_submit_button(t("auth.submit"), on_click=_sign_in, type="primary")
    st.caption(t("auth.public_hint"))


def denied_page(session_role: str) -> None:
    """What a signed-in user of ``session_role`` sees at the address of a page it may not open."""
    st.title(t("auth.denied.title"))
    st.warning(t("auth.denied", role=t(f"role.{session_role}")))


def account_box(session_role: str) -> None:
    """In the sidebar: who is signed in, as ``session_role`` (the run's :func:`role`: the
    users table is read once a run), and a sign-out button."""
    name = user_name()
    if not name:
        return
    st.caption(t("auth.signed_in_as", user=name, role=t(f"role.{session_role}")))
    st.button(t("auth.sign_out"), on_click=sign_out, key="sign_out")
