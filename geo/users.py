"""Users, roles, password hashing, login back-off and single sign-on role mapping.

Who may see what
----------------
Four roles, from least to most trusted (:data:`RANK`): ``public`` (no
login: the transparency page), ``mayor_office`` (the briefing),
``planner`` (every analysis page) and ``admin`` (also user management).
Only :data:`LOGIN_ROLES` are stored for users; :func:`at_least` compares a
session's role with the least a page needs.

Where users live
----------------
In the workspace, in the attribute table ``convivencia_users`` (columns
``name``, ``role``, ``password_hash``, ``created_at``, ``updated_at``; times
in ISO 8601 UTC), written as every other workspace write is: aside, then
renamed over the file. Users are not data: changing them leaves the
workspace's content hash and its layers as they were. Every access to the
table goes through :func:`_read` and :func:`_write`, the two functions a
PostGIS workspace will replace.

A name is stored as given (stripped) and compared case-insensitively (NFKC,
then ``str.casefold``), so ``Ana`` and ``ana`` are one user. Passwords are
hashed with Argon2id (``argon2-cffi``'s defaults: the RFC 9106 low-memory
profile, 64 MiB, 3 passes) and never stored, logged or put in a message.

Single sign-on
--------------
A city that puts its own identity provider in front (Streamlit's
``st.login`` with OIDC) lets it *authenticate*, and this table *authorise*:
:func:`role_for_identity` gives the role of the user named by one claim of
the identity (``email`` by default); an identity not in the table gets
``None``, which is no more than the public view. Such a user is added with
:func:`add_sso_user`: it stores a marker that no password ever matches.

Slowing down guesses
--------------------
:class:`Throttle` keeps, in memory, consecutive failed logins per user name
and per client (an IP address or a session id). After the n-th consecutive
failure a key is blocked for ``base * 2**(n-1)`` seconds, at most ``cap``;
a success clears both keys; a key with no failure for an hour is forgotten.
The login form asks :meth:`Throttle.wait` before it calls :func:`verify`.
Blocking by user name lets anyone delay one user's logins by up to
``cap`` seconds at a time; that is the price of slowing a guesser who
changes clients, and why the cap is five minutes, not a lock-out.
"""

from __future__ import annotations

import logging
import math
import secrets
import threading
import time
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

import pandas as pd
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from geo import schema, settings
from geo.errors import CodedError
from geo.workspace import USERS_TABLE, Workspace

log = logging.getLogger("convivencia.auth")

#: Every role, from no login to user management.
ROLES: tuple[str, ...] = ("public", "planner", "mayor_office", "admin")
#: The roles a user signs in with (``public`` needs no login and is never stored), least to most.
LOGIN_ROLES: tuple[str, ...] = schema.LOGIN_ROLES
#: How much each role may see: a role sees every page whose minimum ranks at or below it.
RANK: Mapping[str, int] = {"public": 0, "mayor_office": 1, "planner": 2, "admin": 3}

_COLUMNS = ["name", "role", "password_hash", "created_at", "updated_at"]
_LISTED = ["name", "role", "created_at", "updated_at"]

#: Fewest characters a password may have (NIST SP 800-63B asks at least 8; a city's
#: incident data deserve a little more).
MIN_PASSWORD_LENGTH = 10
#: Most characters a name may have.
MAX_NAME_LENGTH = 64
#: What :func:`add_sso_user` stores instead of a hash: not an Argon2 string, so no
#: password verifies against it.
SSO_MARKER = "!sso-only"

#: The hasher every function here uses. Tests swap in a cheaper one; production keeps
#: ``argon2-cffi``'s defaults (Argon2id).
hasher: PasswordHasher = PasswordHasher()


class UserError(CodedError):
    """A user cannot be added or changed as asked; said as ``users.error.<code>`` of the catalogue.

    Codes: ``bad_name``, ``bad_role``, ``weak_password``, ``exists``,
    ``no_such_user``, ``last_admin``. ``params`` hold ``name`` (and ``role``,
    ``roles`` or ``min_length`` where they apply), never a password.
    """


# -- roles -------------------------------------------------------------------


def at_least(role: str, minimum: str) -> bool:
    """Whether ``role`` may see what needs ``minimum`` (:data:`RANK`); an unknown role may see nothing.

    Examples
    --------
    >>> at_least("planner", "mayor_office"), at_least("mayor_office", "planner")
    (True, False)
    >>> at_least("admin", "admin"), at_least("intruder", "public")
    (True, False)

    Raises
    ------
    ValueError
        When ``minimum`` is not a role.
    """
    if minimum not in RANK:
        msg = f"`minimum` must be one of {', '.join(ROLES)}; got {minimum!r}"
        raise ValueError(msg)
    return role in RANK and RANK[role] >= RANK[minimum]


# -- sessions ------------------------------------------------------------------


def expired(last_seen: float, now: float, *, idle_minutes: float | None = None) -> bool:
    """Whether a session last active at ``last_seen`` has been idle too long at ``now``.

    Expired when ``now - last_seen >= 60 * idle_minutes`` (both times in
    seconds on one clock, e.g. ``time.monotonic()``).

    Parameters
    ----------
    last_seen, now
        Seconds.
    idle_minutes
        Minutes of inactivity after which a session is signed out; ``None``:
        :data:`geo.settings.session_idle_minutes`.

    Examples
    --------
    >>> expired(0.0, 29 * 60, idle_minutes=30), expired(0.0, 30 * 60, idle_minutes=30)
    (False, True)

    Raises
    ------
    ValueError
        When ``idle_minutes`` is not a positive finite number.
    """
    idle = settings.session_idle_minutes if idle_minutes is None else idle_minutes
    if not (math.isfinite(idle) and idle > 0):
        msg = f"`idle_minutes` must be a positive number of minutes; got {idle!r}"
        raise ValueError(msg)
    return now - last_seen >= idle * 60.0


# -- the table -----------------------------------------------------------------


def _read(ws: Workspace) -> pd.DataFrame:
    """The users table as stored, every column text (empty, with its columns, when there is none).

    The workspace is reloaded first, so a table another process created since
    ``ws`` was opened is seen.
    """
    ws._load()
    frame = ws._read_table(USERS_TABLE).reindex(columns=_COLUMNS)
    return frame.astype(object).where(frame.notna(), "").astype(str).reset_index(drop=True)


def _write(ws: Workspace, frame: pd.DataFrame) -> None:
    """Replace the users table with ``frame`` (in one write: the old table or the new one, never half)."""
    ws.write_tables({USERS_TABLE: frame[_COLUMNS].astype(object)})


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _key(name: str) -> str:
    """The form names are compared in: stripped, NFKC-normalised, case-folded."""
    return unicodedata.normalize("NFKC", name.strip()).casefold()


def _row(frame: pd.DataFrame, name: str) -> int | None:
    """Position of the user called ``name`` (case-insensitively) in ``frame``, or ``None``."""
    key = _key(name)
    hits = [i for i, stored in enumerate(frame["name"]) if _key(stored) == key]
    return hits[0] if hits else None


def _check_name(name: str) -> str:
    """``name`` stripped, or :class:`UserError` ``bad_name``."""
    if not isinstance(name, str):
        msg = f"a user name must be text; got {type(name).__name__}"
        raise UserError(msg, "bad_name", name=str(name), max_length=MAX_NAME_LENGTH)
    stripped = name.strip()
    if not 1 <= len(stripped) <= MAX_NAME_LENGTH:
        msg = f"user name {stripped!r} must have 1 to {MAX_NAME_LENGTH} characters; it has {len(stripped)}"
        raise UserError(msg, "bad_name", name=stripped, max_length=MAX_NAME_LENGTH)
    # control, format (zero-width, direction marks), surrogate, private and unassigned characters
    if any(unicodedata.category(ch).startswith("C") for ch in stripped):
        msg = f"user name {stripped!r} holds a control or invisible character"
        raise UserError(msg, "bad_name", name=stripped, max_length=MAX_NAME_LENGTH)
    return stripped


def _check_role(role: str, name: str) -> str:
    if role not in LOGIN_ROLES:
        roles = ", ".join(LOGIN_ROLES)
        msg = f"the role of user {name!r} must be one of {roles}; got {role!r}"
        raise UserError(msg, "bad_role", name=name, role=str(role), roles=roles)
    return role


def _check_password(password: str, name: str) -> None:
    """:class:`UserError` ``weak_password`` unless ``password`` is long enough and not the name."""
    if not isinstance(password, str):
        msg = f"the password of user {name!r} must be text"
        raise UserError(msg, "weak_password", name=name, min_length=MIN_PASSWORD_LENGTH)
    if len(password) < MIN_PASSWORD_LENGTH:
        msg = f"the password of user {name!r} must have at least {MIN_PASSWORD_LENGTH} characters"
        raise UserError(msg, "weak_password", name=name, min_length=MIN_PASSWORD_LENGTH)
    if _key(password) == _key(name):
        msg = f"the password of user {name!r} must not be the user's name"
        raise UserError(msg, "weak_password", name=name, min_length=MIN_PASSWORD_LENGTH)


def _find(frame: pd.DataFrame, name: str) -> int:
    """Position of ``name`` in ``frame``, or :class:`UserError` ``no_such_user``."""
    at = _row(frame, name)
    if at is None:
        shown = name.strip() if isinstance(name, str) else str(name)
        msg = f"there is no user named {shown!r}"
        raise UserError(msg, "no_such_user", name=shown)
    return at


def _keep_an_admin(frame: pd.DataFrame, at: int, *, action: str) -> None:
    """:class:`UserError` ``last_admin`` when row ``at`` is the only admin (``action``: what was asked)."""
    if frame.at[at, "role"] == "admin" and int((frame["role"] == "admin").sum()) == 1:
        name = str(frame.at[at, "name"])
        msg = f"cannot {action} user {name!r}: it is the last admin; make another admin first"
        raise UserError(msg, "last_admin", name=name)


# -- managing users ----------------------------------------------------------------


def _add(ws: Workspace, name: str, role: str, password_hash: str) -> None:
    now = _now()
    row = {"name": name, "role": role, "password_hash": password_hash}
    row |= {"created_at": now, "updated_at": now}
    with ws.lock():  # every thread and process writing this workspace waits its turn
        frame = _read(ws)
        at = _row(frame, name)
        if at is not None:
            msg = f"user {name!r} already exists (as {frame.at[at, 'name']!r})"
            raise UserError(msg, "exists", name=name)
        _write(ws, pd.concat([frame, pd.DataFrame([row])], ignore_index=True))


def add_user(ws: Workspace, name: str, role: str, password: str) -> None:
    """Add a user who signs in with a password.

    Parameters
    ----------
    ws
        The workspace that keeps the users.
    name
        1 to :data:`MAX_NAME_LENGTH` characters once stripped, no control or
        invisible character; unique whatever its case.
    role
        One of :data:`LOGIN_ROLES`.
    password
        At least :data:`MIN_PASSWORD_LENGTH` characters, not the name; only
        its Argon2id hash is stored.

    Raises
    ------
    UserError
        ``bad_name``, ``bad_role``, ``weak_password`` or ``exists``.
    """
    name = _check_name(name)
    _check_role(role, name)
    _check_password(password, name)
    _add(ws, name, role, hasher.hash(password))


def add_sso_user(ws: Workspace, name: str, role: str) -> None:
    """Add a user who signs in only through the city's single sign-on.

    ``name`` is the value of the identity's claim :func:`role_for_identity`
    reads (an e-mail address by default). The stored hash is
    :data:`SSO_MARKER`, so :func:`verify` never accepts a password for this
    user (until :func:`set_password` gives them one).

    Raises
    ------
    UserError
        ``bad_name``, ``bad_role`` or ``exists``.
    """
    name = _check_name(name)
    _check_role(role, name)
    _add(ws, name, role, SSO_MARKER)


def list_users(ws: Workspace) -> pd.DataFrame:
    """The users, sorted by name (case-insensitively), without their password hashes.

    Returns
    -------
    pandas.DataFrame
        Columns ``name``, ``role``, ``created_at``, ``updated_at`` (ISO 8601
        UTC text); empty, with those columns, when there are none.
    """
    frame = _read(ws)
    order = sorted(range(len(frame)), key=lambda i: (_key(frame.at[i, "name"]), i))
    return frame.loc[order, _LISTED].reset_index(drop=True)


def remove_user(ws: Workspace, name: str) -> None:
    """Remove a user.

    Raises
    ------
    UserError
        ``no_such_user``, or ``last_admin`` when it is the only admin.
    """
    with ws.lock():  # every thread and process writing this workspace waits its turn
        frame = _read(ws)
        at = _find(frame, name)
        _keep_an_admin(frame, at, action="remove")
        _write(ws, frame.drop(index=at).reset_index(drop=True))


def set_password(ws: Workspace, name: str, password: str) -> None:
    """Give a user a new password (an SSO-only user then may also sign in with it).

    Raises
    ------
    UserError
        ``no_such_user`` or ``weak_password``.
    """
    with ws.lock():  # every thread and process writing this workspace waits its turn
        frame = _read(ws)
        at = _find(frame, name)
        stored = str(frame.at[at, "name"])
        _check_password(password, stored)
        frame.at[at, "password_hash"] = hasher.hash(password)
        frame.at[at, "updated_at"] = _now()
        _write(ws, frame)


def set_role(ws: Workspace, name: str, role: str) -> None:
    """Change a user's role.

    Raises
    ------
    UserError
        ``no_such_user``, ``bad_role``, or ``last_admin`` when it would leave no admin.
    """
    with ws.lock():  # every thread and process writing this workspace waits its turn
        frame = _read(ws)
        at = _find(frame, name)
        stored = str(frame.at[at, "name"])
        _check_role(role, stored)
        if role != "admin":
            _keep_an_admin(frame, at, action="demote")
        frame.at[at, "role"] = role
        frame.at[at, "updated_at"] = _now()
        _write(ws, frame)


# -- signing in ------------------------------------------------------------------


@dataclass
class _Dummy:
    """A hash of a random password made by the current :data:`hasher` (same cost, same time)."""

    owner: PasswordHasher
    hash: str


_dummy: _Dummy | None = None


def _dummy_hash() -> str:
    global _dummy
    current = _dummy
    if current is None or current.owner is not hasher:
        current = _Dummy(hasher, hasher.hash(secrets.token_urlsafe(24)))
        _dummy = current
    return current.hash


def _matches(stored: str, password: str) -> bool:
    """Whether ``password`` verifies against ``stored``; a marker or a broken hash never does."""
    try:
        return hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def verify(ws: Workspace, name: str, password: str) -> str | None:
    """Check a password: the user's role when it is right, else ``None``.

    An unknown user, an SSO-only user or a damaged hash cost one Argon2
    verification all the same (against a hash of a random password), so the
    time taken does not tell which names exist. A right password whose hash
    was made with other parameters than :data:`hasher`'s is re-hashed and
    stored (``updated_at`` unchanged: the user changed nothing); when the
    workspace cannot be written the login still succeeds.

    Returns
    -------
    str or None
        One of :data:`LOGIN_ROLES`, or ``None``.
    """
    frame = _read(ws)
    at = _row(frame, name) if isinstance(name, str) else None
    stored = str(frame.at[at, "password_hash"]) if at is not None else ""
    if at is None or not stored.startswith("$argon2"):
        _matches(_dummy_hash(), password if isinstance(password, str) else "")
        return None
    if not isinstance(password, str) or not _matches(stored, password):
        return None
    role = str(frame.at[at, "role"])
    if role not in LOGIN_ROLES:  # a table edited by hand
        return None
    if hasher.check_needs_rehash(stored):
        _rehash(ws, str(frame.at[at, "name"]), stored, password)
    return role


def _rehash(ws: Workspace, name: str, old: str, password: str) -> None:
    """Store a fresh hash of ``password`` for ``name`` if its hash is still ``old``."""
    new = hasher.hash(password)
    try:
        with ws.lock():  # every thread and process writing this workspace waits its turn
            frame = _read(ws)
            at = _row(frame, name)
            if at is None or frame.at[at, "password_hash"] != old:
                return  # changed meanwhile: keep what is there
            frame.at[at, "password_hash"] = new
            _write(ws, frame)
    except OSError as exc:  # WorkspaceError is an OSError too
        log.warning("could not store a re-hashed password for user %r: %s", name, exc)


def role_of(ws: Workspace, name: str) -> str | None:
    """The stored role of the user named ``name`` (compared as sign-in compares names), or
    ``None`` when there is no such user: what a signed-in session is checked against on
    every run, so that removing or demoting a user takes effect at once."""
    frame = _read(ws)
    at = _row(frame, name)
    if at is None:
        return None
    role = str(frame["role"].iloc[at])
    return role if role in LOGIN_ROLES else None


def role_for_identity(
    ws: Workspace, claims: Mapping[str, object], *, claim: str = "email"
) -> str | None:
    """The role of a user the city's single sign-on authenticated, or ``None``.

    The identity provider says who the visitor is (``claims``: the ID
    token's claims, e.g. Streamlit's ``st.user`` after ``st.login``); the
    users table says what they may see: the user named as the value of
    ``claims[claim]``, compared case-insensitively, gives the role. No
    password is involved.

    Parameters
    ----------
    ws
        The workspace that keeps the users.
    claims
        The identity's claims.
    claim
        Which claim names the user: ``"email"`` (default), ``"preferred_username"``, ``"sub"``...

    Returns
    -------
    str or None
        One of :data:`LOGIN_ROLES`; ``None`` (no more than the public view)
        when the claim is missing or empty, the identity is not in the table,
        or ``claim`` is ``"email"`` and the provider says the address is not
        verified (``email_verified`` false): anyone can type an address.
    """
    value = claims.get(claim)
    if not isinstance(value, str) or not value.strip():
        return None
    if claim == "email" and "email_verified" in claims:
        verified = claims["email_verified"]
        if verified is not True and str(verified).strip().lower() != "true":
            return None
    return role_of(ws, value)


# -- slowing down guesses ------------------------------------------------------------


@dataclass
class _Failures:
    count: int
    last: float


class Throttle:
    """Exponential back-off of failed logins, per user name and per client, in memory.

    After the n-th consecutive failure of a key (a user name, compared
    case-insensitively, or a client: an IP address or a session id) the key
    is blocked for ``min(cap, base * 2**(n-1))`` seconds from that failure:
    1, 2, 4, ... 256, then 300 s with the defaults. A success clears the
    user's and the client's counts; a key with no failure for
    ``forget_after`` seconds is forgotten. Thread-safe (one lock).

    :meth:`begin` checks and takes a turn in one step: while one attempt of
    a user or a client is being checked, another for the same user or
    client (from a parallel session, say) is refused, so parallel sessions
    cannot each get a guess in the same window. The turn ends with
    :meth:`failed`, :meth:`succeeded` or :meth:`release`, or by itself
    after ``turn_timeout`` seconds.

    Parameters
    ----------
    base
        Seconds blocked after the first failure.
    cap
        Most seconds blocked after one failure.
    forget_after
        Seconds after its last failure that a key's count is dropped.
    clock
        Seconds, monotonic; injectable for tests.
    turn_timeout
        Seconds after which an attempt's turn (:meth:`begin`) lapses if it was never ended.

    Examples
    --------
    >>> now = [0.0]
    >>> t = Throttle(clock=lambda: now[0])
    >>> t.failed("ana", "10.0.0.7"); t.failed("ana", "10.0.0.7")
    >>> t.wait("ana", "10.0.0.9"), t.wait("luis", "10.0.0.7"), t.wait("luis", "10.0.0.9")
    (2.0, 2.0, 0.0)
    """

    def __init__(
        self,
        *,
        base: float = 1.0,
        cap: float = 300.0,
        forget_after: float = 3600.0,
        clock: Callable[[], float] = time.monotonic,
        turn_timeout: float = 30.0,
    ) -> None:
        self.turn_timeout = turn_timeout
        self._turns: dict[tuple[str, str], float] = {}
        self.base = base
        self.cap = cap
        self.forget_after = forget_after
        self.clock = clock
        self._failures: dict[tuple[str, str], _Failures] = {}
        self._swept = -math.inf
        self._lock = threading.Lock()

    def _keys(self, user: str, client: str) -> tuple[tuple[str, str], tuple[str, str]]:
        return ("user", _key(user)), ("client", client)

    def _delay(self, count: int) -> float:
        """Seconds blocked after ``count`` consecutive failures."""
        return min(self.cap, self.base * 2.0 ** min(count - 1, 64)) if count > 0 else 0.0

    def _remaining(self, key: tuple[str, str], now: float) -> float:
        entry = self._failures.get(key)
        if entry is None:
            return 0.0
        if now - entry.last >= self.forget_after:
            del self._failures[key]
            return 0.0
        return max(0.0, entry.last + self._delay(entry.count) - now)

    def _sweep(self, now: float) -> None:
        """Forget every key idle for ``forget_after`` (at most once a minute)."""
        if now - self._swept < 60.0:
            return
        self._swept = now
        stale = [k for k, e in self._failures.items() if now - e.last >= self.forget_after]
        for k in stale:
            del self._failures[k]

    def wait(self, user: str, client: str) -> float:
        """Seconds before another attempt for ``user`` from ``client`` is allowed (0: now)."""
        with self._lock:
            now = self.clock()
            return max(self._remaining(k, now) for k in self._keys(user, client))

    def begin(self, user: str, client: str) -> float:
        """Take the turn to check one attempt of ``user`` from ``client``: 0 when taken, else
        the seconds to wait (a back-off still running, or another attempt of the same user or
        client being checked right now)."""
        with self._lock:
            now = self.clock()
            keys = self._keys(user, client)
            wait = max(self._remaining(k, now) for k in keys)
            if wait > 0:
                return wait
            busy = [k for k in keys if now - self._turns.get(k, -math.inf) < self.turn_timeout]
            if busy:
                return self.base
            for k in keys:
                self._turns[k] = now
            return 0.0

    def release(self, user: str, client: str) -> None:
        """End the turn :meth:`begin` took without a verdict (the check itself failed)."""
        with self._lock:
            for k in self._keys(user, client):
                self._turns.pop(k, None)

    def failed(self, user: str, client: str, *, shown: str | None = None) -> None:
        """Record a failed login of ``user`` from ``client`` and log it, never with the password.

        ``shown`` is what the log says for the user (default ``user``): the app passes a
        digest for a name that is no user, since people type their password in the name
        field.
        """
        with self._lock:
            now = self.clock()
            self._sweep(now)
            counts = []
            for k in self._keys(user, client):
                self._turns.pop(k, None)
                self._remaining(k, now)  # drops a forgotten entry
                entry = self._failures.setdefault(k, _Failures(0, now))
                entry.count += 1
                entry.last = now
                counts.append(entry.count)
            n = max(counts)
            wait = self._delay(n)
        log.warning(
            "login failed for user %r from %s (failure %d, next attempt in %.0f s)",
            user if shown is None else shown,
            client,
            n,
            wait,
        )

    def succeeded(self, user: str, client: str, *, clear_client: bool = True) -> None:
        """Clear the failures of ``user`` and (unless ``clear_client`` is false) of ``client``.

        The app keeps the client's count (``clear_client=False``): otherwise whoever has
        one valid account could sign in between guesses at other users' passwords and
        never be slowed down.
        """
        with self._lock:
            keys = self._keys(user, client)
            for k in keys:
                self._turns.pop(k, None)
            for k in keys if clear_client else keys[:1]:
                self._failures.pop(k, None)
