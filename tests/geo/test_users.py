"""Users in the workspace: hashed passwords, roles, back-off of failed logins, SSO role mapping."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Literal

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from argon2 import PasswordHasher

import geo.users as users
from geo import settings
from geo.users import Throttle, UserError
from geo.workspace import USERS_TABLE, Workspace

PASSWORD = "correct horse battery"
OTHER = "another long secret"


class CountingHasher(PasswordHasher):
    """A cheap hasher that counts its verifications (the timing guard of unknown names)."""

    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=8, parallelism=1)
        self.verified = 0

    def verify(self, hash: str | bytes, password: str | bytes) -> Literal[True]:
        self.verified += 1
        return super().verify(hash, password)


@pytest.fixture(autouse=True)
def cheap_hasher(monkeypatch: pytest.MonkeyPatch) -> Iterator[CountingHasher]:
    """Argon2 with the lowest cost: the tests check behaviour, not the cost (restored after)."""
    fast = CountingHasher()
    monkeypatch.setattr(users, "hasher", fast)
    yield fast


@pytest.fixture
def ws(new_location: Callable[[str], str | Path]) -> Workspace:
    """An empty workspace, in a GeoPackage and in PostGIS (each test runs on both)."""
    return Workspace.create(new_location("w"), city_name="T", provenance="test")


def _raw(ws: Workspace) -> bytes:
    """Everything stored: the file's bytes, or every table of the database schema as text."""
    if not ws.is_database:
        return ws.path.read_bytes()
    tables = sorted(ws._store.tables())
    return "".join(ws._store.read_table(t).to_csv() for t in tables).encode()


def _stored(ws: Workspace) -> pd.DataFrame:
    """The users table as it is stored, read directly."""
    return ws._store.read_table(USERS_TABLE)


def _codes(exc: pytest.ExceptionInfo[UserError]) -> str:
    return exc.value.code


# -- roles and sessions ------------------------------------------------------------


def test_roles_rank_public_below_mayor_office_below_planner_below_admin() -> None:
    assert users.LOGIN_ROLES == ("mayor_office", "planner", "admin")
    ladder = ["public", "mayor_office", "planner", "admin"]
    for i, role in enumerate(ladder):
        for j, minimum in enumerate(ladder):
            assert users.at_least(role, minimum) is (i >= j), (role, minimum)
    assert not users.at_least("", "public")
    with pytest.raises(ValueError, match="`minimum` must be one of"):
        users.at_least("admin", "superuser")


def test_a_session_expires_after_the_idle_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "session_idle_minutes", 10.0)
    assert not users.expired(100.0, 100.0 + 599.0)
    assert users.expired(100.0, 100.0 + 600.0)
    assert not users.expired(100.0, 100.0 + 600.0, idle_minutes=11)
    for bad in (0.0, -1.0, float("nan"), float("inf")):
        with pytest.raises(ValueError, match="`idle_minutes`"):
            users.expired(0.0, 1.0, idle_minutes=bad)


# -- managing users ------------------------------------------------------------------


def test_add_list_passwd_set_role_remove_round_trip(ws: Workspace) -> None:
    assert list(users.list_users(ws).columns) == ["name", "role", "created_at", "updated_at"]
    assert users.list_users(ws).empty
    users.add_user(ws, "  Zoe ", "admin", PASSWORD)
    users.add_user(ws, "ana", "planner", OTHER)
    listed = users.list_users(ws)
    assert list(listed.columns) == ["name", "role", "created_at", "updated_at"]
    assert listed[["name", "role"]].values.tolist() == [["ana", "planner"], ["Zoe", "admin"]]
    assert (listed["created_at"] == listed["updated_at"]).all()

    assert (
        users.verify(Workspace(ws.location), "zoe", PASSWORD) == "admin"
    )  # any case, a new handle
    assert users.verify(ws, "ANA", OTHER) == "planner"

    users.set_password(ws, "Ana", "a brand new secret")
    assert users.verify(ws, "ana", OTHER) is None
    assert users.verify(ws, "ana", "a brand new secret") == "planner"

    users.set_role(ws, "ana", "mayor_office")
    assert users.verify(ws, "ana", "a brand new secret") == "mayor_office"
    assert users.list_users(ws).set_index("name").at["ana", "role"] == "mayor_office"

    users.remove_user(ws, "ANA")
    assert users.list_users(ws)["name"].tolist() == ["Zoe"]
    assert users.verify(ws, "ana", "a brand new secret") is None


def test_the_stored_password_is_an_argon2id_hash_and_never_listed(ws: Workspace) -> None:
    users.add_user(ws, "ana", "planner", PASSWORD)
    stored = _stored(ws)
    assert list(stored.columns) == ["name", "role", "password_hash", "created_at", "updated_at"]
    digest = stored.at[0, "password_hash"]
    assert digest.startswith("$argon2id$")
    assert PASSWORD not in digest
    assert PASSWORD.encode() not in _raw(ws)
    assert "password_hash" not in users.list_users(ws).columns
    users.set_password(ws, "ana", OTHER)
    again = _stored(ws).at[0, "password_hash"]
    assert again.startswith("$argon2id$") and again != digest
    assert OTHER.encode() not in _raw(ws)


def test_wrong_passwords_and_unknown_users_get_none(ws: Workspace) -> None:
    users.add_user(ws, "ana", "planner", PASSWORD)
    assert users.verify(ws, "ana", PASSWORD + "x") is None
    assert users.verify(ws, "ana", "") is None
    assert users.verify(ws, "luis", PASSWORD) is None
    assert users.verify(ws, "", PASSWORD) is None


def test_an_unknown_name_costs_a_hash_verification_like_a_known_one(
    ws: Workspace, cheap_hasher: CountingHasher
) -> None:
    users.add_user(ws, "ana", "planner", PASSWORD)
    users.add_sso_user(ws, "sso@city.gov", "planner")
    for name in ("ana", "nobody", "sso@city.gov"):
        before = cheap_hasher.verified
        assert users.verify(ws, name, "a wrong password") is None
        assert cheap_hasher.verified == before + 1, name


def test_a_hash_made_with_other_parameters_is_rehashed_on_login(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    users.add_user(ws, "ana", "planner", PASSWORD)
    old = _stored(ws).at[0, "password_hash"]
    assert "t=1," in old
    stronger = PasswordHasher(time_cost=2, memory_cost=16, parallelism=1)
    monkeypatch.setattr(users, "hasher", stronger)
    before = users.list_users(ws)
    assert users.verify(ws, "ana", PASSWORD) == "planner"
    new = _stored(ws).at[0, "password_hash"]
    assert new != old and "t=2," in new and not stronger.check_needs_rehash(new)
    pd.testing.assert_frame_equal(users.list_users(ws), before)  # the user changed nothing
    assert users.verify(ws, "ana", PASSWORD) == "planner"
    assert _stored(ws).at[0, "password_hash"] == new  # no second rehash


def test_weak_passwords_are_refused_without_saying_them(ws: Workspace) -> None:
    short = "x" * (users.MIN_PASSWORD_LENGTH - 1)
    for name, password in [("ana", short), ("anabelle_c", "ANABELLE_C"), ("ana", "")]:
        with pytest.raises(UserError, match=f"user '{name}'") as exc:
            users.add_user(ws, name, "planner", password)
        assert _codes(exc) == "weak_password"
        assert password not in str(exc.value) or not password
        assert password not in map(str, exc.value.params.values()) or not password
    users.add_user(ws, "ana", "planner", "x" * users.MIN_PASSWORD_LENGTH)
    with pytest.raises(UserError, match="at least 10 characters") as exc:
        users.set_password(ws, "ana", short)
    assert _codes(exc) == "weak_password"
    assert users.verify(ws, "ana", "x" * users.MIN_PASSWORD_LENGTH) == "planner"


def test_names_are_unique_whatever_their_case(ws: Workspace) -> None:
    users.add_user(ws, "Ana", "planner", PASSWORD)
    for twin in ("ana", " ANA ", "Ａｎａ"):  # the last in full-width letters (NFKC)
        with pytest.raises(UserError, match="already exists") as exc:
            users.add_user(ws, twin, "admin", OTHER)
        assert _codes(exc) == "exists"
        with pytest.raises(UserError) as exc:
            users.add_sso_user(ws, twin, "admin")
        assert _codes(exc) == "exists"
    assert users.list_users(ws)["name"].tolist() == ["Ana"]
    assert users.verify(ws, "ana", PASSWORD) == "planner"


def test_bad_names_and_roles_are_refused(ws: Workspace) -> None:
    for name in ("", "   ", "a" * 65, "ana\nadmin", "ana\x00", "a\u200bna"):
        with pytest.raises(UserError) as exc:
            users.add_user(ws, name, "planner", PASSWORD)
        assert _codes(exc) == "bad_name", repr(name)
    users.add_user(ws, "a" * 64, "planner", PASSWORD)
    for role in ("public", "Admin", "root", ""):
        with pytest.raises(UserError, match="must be one of mayor_office, planner, admin") as exc:
            users.add_user(ws, "luis", role, PASSWORD)
        assert _codes(exc) == "bad_role"
        assert exc.value.params["name"] == "luis"
    with pytest.raises(UserError) as exc:
        users.set_role(ws, "a" * 64, "public")
    assert _codes(exc) == "bad_role"
    assert users.list_users(ws)["name"].tolist() == ["a" * 64]


def test_changing_a_user_who_does_not_exist_is_an_error(ws: Workspace) -> None:
    users.add_user(ws, "ana", "admin", PASSWORD)
    changes: list[Callable[[], None]] = [
        lambda: users.remove_user(ws, "luis"),
        lambda: users.set_password(ws, "luis", OTHER),
        lambda: users.set_role(ws, "luis", "planner"),
    ]
    for change in changes:
        with pytest.raises(UserError, match="no user named 'luis'") as exc:
            change()
        assert _codes(exc) == "no_such_user"


def test_the_last_admin_can_be_neither_removed_nor_demoted(ws: Workspace) -> None:
    users.add_user(ws, "ana", "admin", PASSWORD)
    users.add_user(ws, "luis", "planner", OTHER)
    with pytest.raises(UserError, match="'ana': it is the last admin") as exc:
        users.remove_user(ws, "ana")
    assert _codes(exc) == "last_admin"
    with pytest.raises(UserError, match="cannot demote user 'ana'") as exc:
        users.set_role(ws, "ANA", "planner")
    assert _codes(exc) == "last_admin"
    users.set_role(ws, "ana", "admin")  # staying admin is fine
    assert users.verify(ws, "ana", PASSWORD) == "admin"

    users.set_role(ws, "luis", "admin")
    users.set_role(ws, "ana", "planner")  # another admin remains
    with pytest.raises(UserError) as exc:
        users.remove_user(ws, "luis")
    assert _codes(exc) == "last_admin"
    users.remove_user(ws, "ana")
    assert users.list_users(ws)[["name", "role"]].values.tolist() == [["luis", "admin"]]


def test_users_are_not_data_the_content_hash_and_layers_stay(ws: Workspace) -> None:
    square = shapely.box(-76.31, 3.52, -76.29, 3.54)
    hoods = gpd.GeoDataFrame(
        {"neighborhood_id": ["B1"], "name": ["Centro"], "population": [1200]},
        geometry=[square],
        crs="EPSG:4326",
    )
    ws.write_layers({"neighborhoods": hoods})
    content, info, meta = ws.content_hash, ws.layer_info(), ws.metadata
    layer = ws.read("neighborhoods")

    users.add_user(ws, "ana", "admin", PASSWORD)
    users.add_sso_user(ws, "luis@city.gov", "planner")
    users.set_password(ws, "ana", OTHER)
    users.set_role(ws, "luis@city.gov", "mayor_office")
    users.remove_user(ws, "luis@city.gov")

    again = Workspace(ws.location)
    assert again.content_hash == content
    assert again.layers == ["neighborhoods"]
    assert again.metadata == meta
    pd.testing.assert_frame_equal(again.layer_info(), info)
    pd.testing.assert_frame_equal(again.read("neighborhoods"), layer)

    again.write_layers({"neighborhoods": hoods.assign(population=[1300])})  # a later import
    assert users.verify(Workspace(ws.location), "ana", OTHER) == "admin"  # keeps the users


def test_a_handle_opened_before_the_table_existed_sees_the_users(ws: Workspace) -> None:
    early = Workspace(ws.location)
    users.add_user(ws, "ana", "admin", PASSWORD)
    assert users.verify(early, "ana", PASSWORD) == "admin"
    users.add_user(early, "luis", "planner", OTHER)  # does not clobber ana
    assert users.list_users(ws)["name"].tolist() == ["ana", "luis"]


def test_users_added_from_several_threads_are_all_kept(ws: Workspace) -> None:
    names = [f"user{i}" for i in range(6)]
    errors: list[BaseException] = []

    def add(name: str) -> None:
        try:
            users.add_user(Workspace(ws.location), name, "planner", PASSWORD)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=add, args=(n,)) for n in names]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert users.list_users(ws)["name"].tolist() == names


# -- single sign-on --------------------------------------------------------------------


def test_a_user_change_inside_a_held_lock_does_not_deadlock_with_another_thread(
    ws: Workspace,
) -> None:
    """One thread changes users while it holds the workspace's lock, another at the same
    time through its own handle: both finish (one lock, taken in one order)."""
    done: list[str] = []

    def holding() -> None:
        with ws.lock():
            time.sleep(0.3)
            users.add_user(ws, "held", "planner", PASSWORD)
        done.append("held")

    def other() -> None:
        time.sleep(0.1)
        users.add_user(Workspace(ws.location), "other", "planner", PASSWORD)
        done.append("other")

    threads = [threading.Thread(target=holding), threading.Thread(target=other)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=30)
    assert sorted(done) == ["held", "other"]
    assert set(users.list_users(Workspace(ws.location))["name"]) == {"held", "other"}


def test_sso_claims_map_to_the_tables_role_and_unknown_identities_get_none(
    ws: Workspace,
) -> None:
    users.add_sso_user(ws, "Maria.Lopez@Palmira.gov.co", "mayor_office")
    users.add_user(ws, "jperez", "planner", PASSWORD)
    claims: dict[str, object] = {
        "email": "maria.lopez@palmira.gov.co",
        "email_verified": True,
        "preferred_username": "jperez",
        "is_logged_in": True,
    }
    assert users.role_for_identity(ws, claims) == "mayor_office"
    assert users.role_for_identity(ws, claims, claim="preferred_username") == "planner"
    assert users.role_for_identity(ws, {"email": "intruder@example.com"}) is None
    assert users.role_for_identity(ws, {"is_logged_in": True}) is None
    assert users.role_for_identity(ws, {"email": ""}) is None
    assert users.role_for_identity(ws, {"email": 42}) is None
    unverified = {**claims, "email_verified": False}
    assert users.role_for_identity(ws, unverified) is None
    assert users.role_for_identity(ws, {**claims, "email_verified": "true"}) == "mayor_office"
    users.set_role(ws, "maria.lopez@palmira.gov.co", "admin")
    assert users.role_for_identity(ws, claims) == "admin"
    users.add_user(ws, "root", "admin", OTHER)
    users.remove_user(ws, "maria.lopez@palmira.gov.co")
    assert users.role_for_identity(ws, claims) is None


def test_sso_users_cannot_sign_in_with_a_password(ws: Workspace) -> None:
    users.add_sso_user(ws, "maria@city.gov", "admin")
    assert _stored(ws).at[0, "password_hash"] == users.SSO_MARKER
    assert users.list_users(ws)["role"].tolist() == ["admin"]
    for guess in ("", users.SSO_MARKER, "maria@city.gov", PASSWORD):
        assert users.verify(ws, "maria@city.gov", guess) is None
    users.set_password(ws, "maria@city.gov", PASSWORD)  # an admin gives her a password
    assert users.verify(ws, "maria@city.gov", PASSWORD) == "admin"


# -- back-off ---------------------------------------------------------------------------


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_failures_back_off_exponentially_to_the_cap() -> None:
    clock = FakeClock()
    t = Throttle(clock=clock)
    assert t.wait("ana", "10.0.0.1") == 0.0
    expected = [1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300]
    for want in expected:
        t.failed("ana", "10.0.0.1")
        assert t.wait("ana", "10.0.0.1") == want
        clock.now += want
        assert t.wait("ana", "10.0.0.1") == 0.0
    clock.now -= 0.5
    assert t.wait("ana", "10.0.0.1") == pytest.approx(0.5)


def test_users_and_clients_are_throttled_independently_and_cleared_on_success() -> None:
    clock = FakeClock()
    t = Throttle(clock=clock)
    for _ in range(3):
        t.failed("ana", "10.0.0.1")  # ana: 3 failures, client 1: 3 failures
    t.failed("luis", "10.0.0.2")  # luis: 1, client 2: 1
    assert t.wait("ana", "10.0.0.9") == 4.0  # the user is blocked from any client
    assert t.wait("ANA ", "10.0.0.9") == 4.0  # names compare case-insensitively
    assert t.wait("pedro", "10.0.0.1") == 4.0  # the client is blocked for any user
    assert t.wait("luis", "10.0.0.2") == 1.0
    assert t.wait("pedro", "10.0.0.9") == 0.0
    assert t.wait("luis", "10.0.0.1") == 4.0  # the larger of the two

    t.succeeded("ana", "10.0.0.1")
    assert t.wait("ana", "10.0.0.1") == 0.0
    assert t.wait("luis", "10.0.0.2") == 1.0  # others keep theirs
    t.failed("ana", "10.0.0.1")
    assert t.wait("ana", "10.0.0.1") == 1.0  # counting starts again


def test_failures_older_than_an_hour_are_forgotten() -> None:
    clock = FakeClock()
    t = Throttle(clock=clock)
    for _ in range(12):
        t.failed("ana", "10.0.0.1")
    assert t.wait("ana", "10.0.0.1") == 300.0
    clock.now += 3599.0
    t.failed("ana", "10.0.0.1")  # within the hour: the count goes on
    assert t.wait("ana", "10.0.0.1") == 300.0
    clock.now += 3600.0
    assert t.wait("ana", "10.0.0.1") == 0.0
    t.failed("ana", "10.0.0.1")
    assert t.wait("ana", "10.0.0.1") == 1.0
    t.failed("luis", "10.0.0.2")
    clock.now += 3600.0
    t.failed("pedro", "10.0.0.3")  # sweeps the stale keys
    assert set(t._failures) == {("user", "pedro"), ("client", "10.0.0.3")}


def test_the_throttle_is_thread_safe() -> None:
    t = Throttle(clock=FakeClock())

    def hammer() -> None:
        for _ in range(200):
            t.failed("ana", "10.0.0.1")

    threads = [threading.Thread(target=hammer) for _ in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert t._failures[("user", "ana")].count == 800
    assert t._failures[("client", "10.0.0.1")].count == 800


def test_parallel_attempts_get_one_turn_per_window() -> None:
    """Sessions trying the same user (or from the same client) at once: one is checked, the
    others wait, so parallel sessions cannot each get a guess in the same window."""
    clock = FakeClock()
    t = Throttle(clock=clock, turn_timeout=30.0)
    barrier = threading.Barrier(8)
    got: list[float] = []

    def attempt(k: int) -> None:
        barrier.wait()
        got.append(t.begin("ana", f"10.0.0.{k}"))

    threads = [threading.Thread(target=attempt, args=(k,)) for k in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert sorted(got) == [0.0] + [1.0] * 7  # one turn; the rest told to wait
    assert t.begin("luis", "10.0.0.99") == 0.0  # another user from another client is not held up
    assert t.begin("pedro", "10.0.0.99") == 1.0  # ... but that client is, while it is checked
    t.failed("ana", "10.0.0.0")  # the turn's verdict: a failure, so the back-off starts
    assert t.begin("ana", "10.0.0.5") == 1.0
    clock.now += 1.0
    assert t.begin("ana", "10.0.0.5") == 0.0
    t.release("ana", "10.0.0.5")  # a check that itself failed gives the turn back
    assert t.begin("ana", "10.0.0.6") == 0.0
    clock.now += 31.0  # a turn never ended lapses
    assert t.begin("ana", "10.0.0.7") == 0.0


def test_a_failed_login_is_logged_without_the_password(
    ws: Workspace, caplog: pytest.LogCaptureFixture
) -> None:
    users.add_user(ws, "ana", "planner", PASSWORD)
    clock = FakeClock()
    t = Throttle(clock=clock)
    caplog.set_level(logging.DEBUG)
    for attempt in (1, 2):
        guess = f"{PASSWORD}{attempt}"
        assert t.wait("ana", "10.0.0.1") == 0.0
        assert users.verify(ws, "ana", guess) is None
        t.failed("ana", "10.0.0.1")
        clock.now += 10
    records = [r for r in caplog.records if r.name == "convivencia.auth"]
    assert [r.getMessage() for r in records] == [
        "login failed for user 'ana' from 10.0.0.1 (failure 1, next attempt in 1 s)",
        "login failed for user 'ana' from 10.0.0.1 (failure 2, next attempt in 2 s)",
    ]
    assert all(r.levelno == logging.WARNING for r in records)
    assert PASSWORD not in caplog.text
    assert users.verify(ws, "ana", PASSWORD) == "planner"
    t.succeeded("ana", "10.0.0.1")
    assert PASSWORD not in caplog.text
