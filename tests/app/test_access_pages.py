"""Signing in and roles, through ``app.py`` (AppTest): the form, the back-off, idle expiry, SSO."""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

import pytest
import streamlit
from argon2 import PasswordHasher
from streamlit.testing.v1 import AppTest

from geo import settings, users
from geo.workspace import Workspace
from tests.app import pagetest
from ui import auth

PASSWORD = "correct horse battery"


@pytest.fixture
def city(small_workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    """A copy of the small demo with a planner and an administrator, as the configured workspace,
    a fresh back-off and cheap hashes."""
    path = tmp_path / "city.gpkg"
    shutil.copyfile(small_workspace, path)
    monkeypatch.setattr(users, "hasher", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    monkeypatch.setattr(auth, "THROTTLE", users.Throttle())
    monkeypatch.setattr(settings, "workspace", path)
    monkeypatch.setattr(settings, "workspaces_dir", tmp_path)
    ws = Workspace(path)
    users.add_user(ws, "Ana", "planner", PASSWORD)
    users.add_user(ws, "Root", "admin", PASSWORD)
    return ws


def _login_form(lang: str = "en") -> AppTest:
    at = pagetest.app_as("public")
    at.session_state["lang"] = lang
    at.switch_page("pages/login.py").run()
    assert not at.exception, at.exception
    return at


def _submit(at: AppTest, name: str, password: str) -> AppTest:
    at.text_input(key="login_name").set_value(name)
    at.text_input(key="login_password").set_value(password)
    at.button[0].click().run()
    assert not at.exception, at.exception
    return at


def _said(at: AppTest) -> str:
    return "\n".join(e.value for e in (*at.error, *at.info, *at.caption, *at.sidebar.caption))


def test_the_public_lands_on_the_transparency_page_without_a_workspace_or_incidents(
    city: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    read: list[str] = []
    original = Workspace.read

    def spy(self: Workspace, layer: str, **kw: Any) -> Any:
        read.append(layer)
        return original(self, layer, **kw)

    monkeypatch.setattr(Workspace, "read", spy)
    at = pagetest.app_as("public")
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Transparency: convivencia and safety"
    assert not at.sidebar.selectbox  # no workspace picker, no period, no categories
    assert read == []  # nothing read from any layer, incidents included


def test_a_wrong_password_fails_is_slowed_and_a_right_one_opens_the_role(city: Workspace) -> None:
    at = _login_form()
    _submit(at, "ana", "not the password")
    assert "Wrong user name or password" in _said(at)
    assert "auth" not in at.session_state
    _submit(at, "ana", PASSWORD)  # at once: refused, not checked
    assert "Too many failed attempts" in _said(at)
    assert "auth" not in at.session_state
    auth.THROTTLE.succeeded("ana", "unknown")  # as if the back-off had passed
    _submit(at, "ana", PASSWORD)
    assert at.session_state["auth"]["role"] == "planner"
    assert "Signed in as ana (planner)" in _said(at)
    assert at.title[0].value == "Incident map"  # the planner's first page


def test_an_unknown_user_gets_the_same_answer_as_a_wrong_password(city: Workspace) -> None:
    at = _submit(_login_form("es"), "nadie", PASSWORD)
    assert "Usuario o contraseña incorrectos" in _said(at)


def test_a_planner_cannot_open_user_management(
    city: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = pagetest.open_page(city.path, "en", monkeypatch, "pages/users.py", role="planner")
    assert not at.exception, at.exception
    assert all(t.value != "Users" for t in at.title)
    assert not [b for b in at.button if b.label == "Add"]
    admin = pagetest.open_page(city.path, "en", monkeypatch, "pages/users.py", role="admin")
    assert admin.title[0].value == "Users"
    shown = admin.dataframe[0].value
    assert list(shown.columns) == ["User", "Role", "Created", "Changed"]
    assert "password_hash" not in shown.columns


def test_an_administrator_adds_and_removes_a_user(
    city: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = pagetest.open_page(city.path, "en", monkeypatch, "pages/users.py", role="admin")
    at.text_input(key="users_add_name").set_value("Bea")
    at.selectbox(key="users_add_role").set_value("mayor_office")
    at.text_input(key="users_add_password").set_value("short")
    at.button(key="FormSubmitter:users_add-Add").click().run()
    assert any("weak" in e.value for e in at.error)
    at.text_input(key="users_add_password").set_value("long enough password")
    at.button(key="FormSubmitter:users_add-Add").click().run()
    assert any("Bea (mayor's office) was added" in s.value for s in at.success)
    assert users.verify(Workspace(city.path), "bea", "long enough password") == "mayor_office"
    at.selectbox(key="users_pick").set_value("Bea").run()
    at.checkbox(key="users_confirm").check()
    at.button(key="FormSubmitter:users_remove-Remove this user").click().run()
    assert any("Bea was removed" in s.value for s in at.success)
    assert "Bea" not in set(users.list_users(Workspace(city.path))["name"])


def test_an_idle_session_is_signed_out(city: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    at = pagetest.open_page(city.path, "en", monkeypatch, "pages/map.py")
    assert at.title[0].value == "Incident map"
    at.session_state["auth"]["seen"] = time.time() - 60 * settings.session_idle_minutes - 1
    at.run()
    assert "auth" not in at.session_state
    assert at.title[0].value == "Sign in"  # at the map's address: the sign-in, not the map
    assert any("without activity" in i.value for i in at.info)


def test_single_sign_on_maps_the_identity_to_its_role(
    city: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With ``st.login`` (OIDC) mocked: the provider's e-mail claim is looked up in the users
    table; a known one gets its role, an unknown one stays public."""
    users.add_sso_user(city, "alcaldesa@palmira.example", "planner")
    claims = {"is_logged_in": True, "email": "Alcaldesa@Palmira.example", "email_verified": True}
    monkeypatch.setattr(auth, "_sso_claims", lambda: claims)
    at = pagetest.app_as("public")
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Incident map"  # the planner's first page
    monkeypatch.setattr(auth, "_sso_claims", lambda: {**claims, "email": "someone@else.example"})
    at = pagetest.app_as("public")
    at.session_state["lang"] = "en"
    at.run()
    assert at.title[0].value == "Transparency: convivencia and safety"


def test_a_callback_after_the_idle_time_does_nothing(
    city: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A form's callback runs before ``app.py``: an admin idle past the limit who submits the
    add-user form adds nobody, and gets the sign-in."""
    at = pagetest.open_page(city.path, "en", monkeypatch, "pages/users.py", role="admin")
    monkeypatch.setattr(auth, "_sso_claims", lambda: None)
    at.session_state["auth"] = {"user": "Root", "role": "admin", "seen": time.time()}
    at.run()
    at.text_input(key="users_add_name").set_value("mallory")
    at.selectbox(key="users_add_role").set_value("admin")
    at.text_input(key="users_add_password").set_value("a long enough password")
    at.session_state["auth"]["seen"] = time.time() - 60 * settings.session_idle_minutes - 1
    at.button(key="FormSubmitter:users_add-Add").click().run()
    assert not at.exception, at.exception
    assert "mallory" not in set(users.list_users(Workspace(city.path))["name"])
    assert at.title[0].value == "Sign in"


def test_a_removed_or_demoted_user_loses_the_session_at_once(
    city: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = pagetest.open_page(city.path, "en", monkeypatch, "pages/users.py", role="admin")
    at.session_state["auth"] = {"user": "Root", "role": "admin", "seen": time.time()}
    at.run()
    assert at.title[0].value == "Users"
    users.add_user(city, "Other", "admin", PASSWORD)
    users.set_role(Workspace(city.path), "Root", "planner")  # demoted elsewhere
    at.run()
    assert at.title[0].value == "Page not available"  # a planner does not manage users
    assert "Signed in as Root (planner)" in _said(at)
    users.remove_user(Workspace(city.path), "Root")
    at.run()
    assert at.title[0].value == "Sign in"
    assert any("no longer has access" in i.value for i in at.info)


def test_a_single_sign_on_session_idle_too_long_is_signed_out(
    city: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    users.add_sso_user(city, "ana.sso@palmira.example", "planner")
    claims = {"is_logged_in": True, "email": "ana.sso@palmira.example", "email_verified": True}
    monkeypatch.setattr(auth, "_sso_claims", lambda: claims)
    logged_out: list[bool] = []
    monkeypatch.setattr(streamlit, "logout", lambda: logged_out.append(True))
    at = pagetest.app_as("public")
    at.session_state["lang"] = "en"
    at.run()
    assert at.title[0].value == "Incident map"
    at.session_state["auth_sso_seen"] = time.time() - 60 * settings.session_idle_minutes - 1
    at.run()
    assert not at.exception, at.exception
    assert logged_out == [True]
    assert at.title[0].value == "Sign in"  # at the map's address: the sign-in, not the map
    assert any("without activity" in i.value for i in at.info)


def test_single_sign_on_can_name_users_by_a_stable_identifier(
    city: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``settings.sso_claim = "oid"``: the provider's object id, never reassigned, names the user
    (an e-mail address can be given to someone else later)."""
    oid = "0f3c6a2e-5b1d-4c8e-9a7f-2d4b6e8c0a1f"
    users.add_sso_user(city, oid, "planner")
    claims = {"is_logged_in": True, "oid": oid, "email": "new.person@palmira.example"}
    monkeypatch.setattr(auth, "_sso_claims", lambda: claims)
    at = pagetest.app_as("public")
    at.session_state["lang"] = "en"
    at.run()
    assert at.title[0].value == "Transparency: convivencia and safety"  # by e-mail: unknown
    monkeypatch.setattr(settings, "sso_claim", "oid")
    at = pagetest.app_as("public")
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Incident map"


def test_passwords_can_be_turned_off_once_single_sign_on_is_configured(
    city: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(settings, "password_login", False)
    # no provider configured: the setting is ignored, nobody is locked out
    monkeypatch.setattr(auth, "sso_configured", lambda: False)
    at = _login_form()
    assert [w.key for w in at.text_input] == ["login_name", "login_password"]
    _submit(at, "Ana", PASSWORD)
    assert at.session_state["auth"]["role"] == "planner"
    # a provider configured: only its button, and a password sent anyway is refused
    monkeypatch.setattr(auth, "sso_configured", lambda: True)
    at = _login_form()
    assert not at.text_input
    assert [b.label for b in at.button] == ["Sign in with the city's account"]

    def forged() -> None:
        import streamlit as st

        from ui import auth

        st.session_state["login_name"] = "Ana"
        st.session_state["login_password"] = "correct horse battery"  # the right one
        auth._sign_in()
        st.write("signed in" if "auth" in st.session_state else "refused")

    sent = AppTest.from_function(forged)
    sent.run()
    assert not sent.exception, sent.exception
    assert [m.value for m in sent.markdown] == ["refused"]
