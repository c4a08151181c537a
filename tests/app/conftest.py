"""AppTest sessions signed in without a users table.

``pagetest.app_as(role)`` puts a session signed in as ``test-<role>`` in the session
state. The app checks the users table on every run (``ui.auth.role``); these sessions'
users are not in the read-only demo workspace, so their stored role is their name's
suffix. Every other name goes to the real table (``tests/app/test_access_pages.py``).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from geo import users
from geo.schema import LOGIN_ROLES
from geo.workspace import Workspace


@pytest.fixture(autouse=True)
def test_users(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    real = users.role_of

    def role_of(ws: Workspace, name: str) -> str | None:
        suffix = name.removeprefix("test-")
        if name.startswith("test-") and suffix in LOGIN_ROLES:
            return suffix
        return real(ws, name)

    monkeypatch.setattr(users, "role_of", role_of)
    yield
