"""Users (administrators only): who may sign in, with which role.

The list never shows a password or its hash. Adding a user, changing a
password or a role, and removing a user go through :mod:`geo.users`, which
keeps the users in the configured workspace, hashed with Argon2id, and
refuses to remove or demote the last administrator. ``app.py`` lists this
page for the ``admin`` role only; at its address any other role sees the
sign-in form or a notice.
"""

from __future__ import annotations

import streamlit as st

from catalog.say import error_text
from geo import users
from ui.auth import home_workspace, require, user_name
from ui.i18n import labeler, language, t
from ui.router import ensure_routed
from ui.widgets import coded_selectbox

ROLES = users.LOGIN_ROLES


def _run(action: str) -> None:
    """A form's callback: do ``action`` and keep what to say for the next run."""
    if not require("admin"):  # a callback runs before app.py checks the session
        return
    ws = home_workspace()
    state = st.session_state
    lang = language()
    if ws is None:
        state["users_said"] = ("error", t("sidebar.no_workspace"))
        return
    try:
        if action == "add":
            name, role = state["users_add_name"], state["users_add_role"]
            users.add_user(ws, name, role, state["users_add_password"])
            said = t("users.added", user=name.strip(), role=t(f"role.{role}"))
            state["users_add_name"] = ""
        elif action == "passwd":
            name = state["users_pick"]
            users.set_password(ws, name, state["users_new_password"])
            said = t("users.passwd.done", user=name)
        elif action == "role":
            name, role = state["users_pick"], state["users_new_role"]
            users.set_role(ws, name, role)
            said = t("users.role.done", user=name, role=t(f"role.{role}"))
        else:
            name = state["users_pick"]
            if not state.get("users_confirm"):
                return
            users.remove_user(ws, name)
            said = t("users.removed", user=name)
        state["users_said"] = ("success", said)
    except users.UserError as exc:
        state["users_said"] = ("error", error_text(exc, "users", lang))
    finally:
        for key in ("users_add_password", "users_new_password"):
            state[key] = ""
        state["users_confirm"] = False


def _new_password(key: str) -> None:
    st.text_input(
        t("users.password.new"),
        type="password",
        key=key,
        help=t("users.password.help"),
        autocomplete="new-password",
    )


def main() -> None:
    ensure_routed()
    st.title(t("users.title"))
    st.caption(t("users.intro"))
    st.markdown(t("users.roles"))
    ws = home_workspace()
    if ws is None:
        st.info(t("sidebar.no_workspace"))
        return
    said = st.session_state.pop("users_said", None)
    if said:
        getattr(st, said[0])(said[1])
    table = users.list_users(ws)
    if len(table):
        shown = table.assign(role=table["role"].map(labeler("role.")))
        shown.columns = [t(f"users.col.{c}") for c in shown.columns]
        st.dataframe(shown, hide_index=True, width="stretch")
    else:
        st.info(t("users.none"))
    role_label = labeler("role.")
    left, right = st.columns(2)
    with left, st.form("users_add"):
        st.subheader(t("users.add"))
        st.text_input(t("users.col.name"), key="users_add_name")
        coded_selectbox(st, t("users.role"), ROLES, format_func=role_label, key="users_add_role")
        _new_password("users_add_password")
        st.form_submit_button(t("users.add.button"), on_click=_run, args=("add",))
    if not len(table):
        return
    with right:
        st.subheader(t("users.change"))
        st.selectbox(t("users.pick"), list(table["name"]), key="users_pick")
        with st.form("users_passwd"):
            _new_password("users_new_password")
            st.form_submit_button(t("users.passwd.button"), on_click=_run, args=("passwd",))
        with st.form("users_role"):
            coded_selectbox(
                st, t("users.role"), ROLES, format_func=role_label, key="users_new_role"
            )
            st.form_submit_button(t("users.role.button"), on_click=_run, args=("role",))
        picked = str(st.session_state.get("users_pick", ""))
        with st.form("users_remove"):
            st.checkbox(t("users.remove.confirm", user=picked), key="users_confirm")
            st.form_submit_button(
                t("users.remove.button"),
                on_click=_run,
                args=("remove",),
                disabled=picked.casefold() == user_name().casefold(),
            )


main()
