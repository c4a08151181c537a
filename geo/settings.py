"""Every setting of Convivencia, in one place.

Each setting is a plain module global. Functions that use one take ``None``
for it and fall back to the value here at call time, so a notebook can do
``from geo import settings; settings.cell_size_m = 150`` and every later call
sees it. Environment variables named ``CONVIVENCIA_<NAME>`` override the
defaults once, when this module is first imported (see :func:`_from_env`).

Settings
--------
workspace : pathlib.Path or str
    The workspace the app and the CLI open when none is given: a
    GeoPackage's path, or a PostGIS database's address
    ``postgresql://user@host:port/db`` (kept as text; :mod:`geo.stores`).
    Default ``data/demo.gpkg`` beside this repository. Env:
    ``CONVIVENCIA_WORKSPACE``.
public_workspace : str
    The workspace the public Transparency page reads its snapshots from,
    when it must connect otherwise than the rest of the app: in a PostGIS
    deployment, the address of a role that may read the published
    snapshots and nothing else (``python cli.py db public-role``), so the
    public page's connection cannot read an incident even by mistake.
    Default ``""``: the ``workspace``. Env: ``CONVIVENCIA_PUBLIC_WORKSPACE``.
sso_claim : str
    Which claim of the single sign-on's identity names the user in the
    users table: ``"email"`` (the default; refused when the provider says
    it is not verified), or a stable identifier that is never given to
    someone else, such as ``"sub"`` or Microsoft Entra's ``"oid"`` (then
    add each user by that value: ``python cli.py user add <oid> --sso``).
    Env: ``CONVIVENCIA_SSO_CLAIM``.
password_login : bool
    Whether the sign-in page also takes a user name and password. Set it
    to false (``CONVIVENCIA_PASSWORD_LOGIN=false``) when the city's single
    sign-on is configured, so that every sign-in goes through the
    provider and its rules (MFA included); the form is then not shown,
    and a password sent anyway is refused. Ignored (passwords stay on)
    while no provider is configured, so nobody is locked out. Default
    true. Env: ``CONVIVENCIA_PASSWORD_LOGIN``.
workspaces_dir : pathlib.Path
    Folder whose ``*.gpkg`` files the app's workspace picker lists, besides
    ``workspace``. Default ``data/``. Env: ``CONVIVENCIA_WORKSPACES_DIR``.
cache_dir : pathlib.Path
    Folder of the files Convivencia keeps only to go faster (each point
    layer's coordinates, ready to use: :mod:`geo.sidecar`). Never among the
    user's files: by default ``convivencia`` in the user's cache folder
    (``$XDG_CACHE_HOME`` or ``~/.cache`` on Linux, ``~/Library/Caches`` on
    macOS, ``%LOCALAPPDATA%`` on Windows). Deleting it is always safe. Env:
    ``CONVIVENCIA_CACHE_DIR``.
language : str
    Default language of the app and the CLI's messages: ``"es"`` or ``"en"``.
    Default ``"es"``. Env: ``CONVIVENCIA_LANGUAGE``.
timezone : str
    The city's IANA time zone; incident times are stored as naive local
    time, and time-zone-aware inputs are converted to it. Default
    ``"America/Bogota"``. Env: ``CONVIVENCIA_TIMEZONE``.
tile_url : str
    Basemap tile URL template for the maps (``{z}/{x}/{y}``). An empty string
    draws no basemap: the boundaries still give context, which is what a
    city intranet with no internet gets. Default OpenStreetMap's standard
    tiles. Env: ``CONVIVENCIA_TILE_URL``.
tile_attribution : str
    Attribution shown for ``tile_url``. Env: ``CONVIVENCIA_TILE_ATTRIBUTION``.
cell_size_m : float
    Side (squares) or flat-to-flat width (hexagons) in metres of the cells
    the Map page aggregates incidents to. Default 250. Env:
    ``CONVIVENCIA_CELL_SIZE_M``.
max_points_drawn : int
    Individual incidents are drawn on a map only when at most this many pass
    the filters; above it only the aggregated cells are drawn, which keeps
    the page's HTML small. Default 1500. Env: ``CONVIVENCIA_MAX_POINTS_DRAWN``.
outside_tolerance_m : float
    A point farther than this outside the city's extent (the neighbourhoods
    layer, else the other layers) is reported as outside the city.
    Default 2000. Env: ``CONVIVENCIA_OUTSIDE_TOLERANCE_M``.
outlier_distance_m : float
    With no reference layer, a point farther than this from the median of
    the file's points is reported as far from the others. Default 60000.
    Env: ``CONVIVENCIA_OUTLIER_DISTANCE_M``.
max_repair_area_change : float
    ``make_valid`` repairs of an invalid polygon are accepted (and reported)
    when the repaired area differs from the original's by at most this
    fraction; otherwise the row is rejected. Default 0.01. Env:
    ``CONVIVENCIA_MAX_REPAIR_AREA_CHANGE``.
max_problems_listed : int
    A report lists at most this many problems of one kind in full and then
    counts the rest (the counts are always exact). Default 200. Env:
    ``CONVIVENCIA_MAX_PROBLEMS_LISTED``.
hdbscan_max_incidents : int
    The hot-spot analysis refuses HDBSCAN on more incidents than this (it
    takes too long for a page above it); the page asks to narrow the
    filters or use DBSCAN instead. Default 50000. Env:
    ``CONVIVENCIA_HDBSCAN_MAX_INCIDENTS``.
min_residents : float
    A rate per resident is left blank where fewer than this many residents
    live in the area it is for (within the search radius of the kernel
    density per resident; in the neighbourhood, for the neighbourhood rates
    of the Map page and LISA by neighbourhood): a handful of residents would
    give a huge rate that means nothing.
    Default 500. Env: ``CONVIVENCIA_MIN_RESIDENTS``.
publish_min_count : int
    Primary suppression of a published snapshot: a count from 1 to this
    minus one is withheld, so a single incident cannot be located. Default 5.
    Env: ``CONVIVENCIA_PUBLISH_MIN_COUNT``.
publish_cell_m : float
    Side in metres of the square cells a published snapshot aggregates to;
    at least 500. Default 500. Env: ``CONVIVENCIA_PUBLISH_CELL_M``.
session_idle_minutes : float
    A signed-in session with no activity for this long is signed out.
    Default 30. Env: ``CONVIVENCIA_SESSION_IDLE_MINUTES``.
login_backoff_seconds : float
    Seconds a user name and a client are refused after a failed sign-in;
    each further failure in a row doubles it, up to 300 s
    (:class:`geo.users.Throttle`). Default 1. Env:
    ``CONVIVENCIA_LOGIN_BACKOFF_SECONDS``.
epidemic_threshold : float
    Homicides per 100,000 a year drawn as the reference line of the
    briefing (the 10 commonly attributed to the WHO). Default 10. Env:
    ``CONVIVENCIA_EPIDEMIC_THRESHOLD``.
briefing_budget : float
    Budget (in the spaces' ``activation_cost`` unit) of the portfolio the
    briefing recommends. Default 1,000,000,000. Env:
    ``CONVIVENCIA_BRIEFING_BUDGET``.
program_start : str
    ISO date the demo's programme effect begins. Default ``"2020-11-01"``.
demo_seed : int
    Seed of the synthetic demo city. Default 2020. Env:
    ``CONVIVENCIA_DEMO_SEED``.
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT: Path = Path(__file__).resolve().parent.parent


def _location(text: str) -> Path | str:
    """A workspace setting: a ``postgresql://`` address stays text, anything else is a path."""
    scheme = text.split(":", 1)[0].lower()
    return text if scheme in ("postgresql", "postgres", "postgresql+psycopg") else Path(text)


def _flag(text: str) -> bool:
    """A yes/no setting: ``true``/``false``, ``1``/``0``, ``yes``/``no``, ``on``/``off``."""
    value = text.strip().lower()
    if value in ("true", "1", "yes", "on"):
        return True
    if value in ("false", "0", "no", "off"):
        return False
    msg = f"{text!r} is not true or false"
    raise ValueError(msg)


def _user_cache_dir(environ: os._Environ[str] | dict[str, str] | None = None) -> Path:
    """The user's cache folder for Convivencia (see ``cache_dir``)."""
    env = os.environ if environ is None else environ
    if sys.platform == "win32":
        base = env.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "convivencia" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "convivencia"
    return Path(env.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "convivencia"


workspace: Path | str = ROOT / "data" / "demo.gpkg"
public_workspace: str = ""
sso_claim: str = "email"
password_login: bool = True
workspaces_dir: Path = ROOT / "data"
cache_dir: Path = _user_cache_dir()
language: str = "es"
timezone: str = "America/Bogota"
tile_url: str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
tile_attribution: str = "&copy; OpenStreetMap contributors"
cell_size_m: float = 250.0
max_points_drawn: int = 1500
outside_tolerance_m: float = 2000.0
outlier_distance_m: float = 60000.0
max_repair_area_change: float = 0.01
max_problems_listed: int = 200
hdbscan_max_incidents: int = 50_000
min_residents: float = 500.0
publish_min_count: int = 5
publish_cell_m: float = 500.0
session_idle_minutes: float = 30.0
login_backoff_seconds: float = 1.0
epidemic_threshold: float = 10.0
briefing_budget: float = 1_000_000_000.0
program_start: str = "2020-11-01"
demo_seed: int = 2020

_CASTS: dict[str, Callable[[str], Any]] = {
    "workspace": _location,
    "public_workspace": str,
    "sso_claim": str,
    "password_login": _flag,
    "workspaces_dir": Path,
    "cache_dir": Path,
    "language": str,
    "timezone": str,
    "tile_url": str,
    "tile_attribution": str,
    "cell_size_m": float,
    "max_points_drawn": int,
    "outside_tolerance_m": float,
    "outlier_distance_m": float,
    "max_repair_area_change": float,
    "max_problems_listed": int,
    "hdbscan_max_incidents": int,
    "min_residents": float,
    "publish_min_count": int,
    "publish_cell_m": float,
    "session_idle_minutes": float,
    "login_backoff_seconds": float,
    "epidemic_threshold": float,
    "briefing_budget": float,
    "demo_seed": int,
}

#: Smallest value each numeric setting accepts from the environment, and whether
#: that value itself is allowed (a cell, or an outlier distance, of 0 m means nothing).
_MINIMUM: dict[str, tuple[float, bool]] = {
    "cell_size_m": (0.0, False),
    "max_points_drawn": (0, True),
    "outside_tolerance_m": (0.0, True),
    "outlier_distance_m": (0.0, False),
    "max_repair_area_change": (0.0, True),
    "max_problems_listed": (0, True),
    "hdbscan_max_incidents": (0, True),
    "min_residents": (0.0, True),
    "publish_min_count": (1, True),
    "publish_cell_m": (500.0, True),
    "session_idle_minutes": (0.0, False),
    "login_backoff_seconds": (0.0, False),
    "epidemic_threshold": (0.0, False),
    "briefing_budget": (0.0, True),
    "demo_seed": (0, True),
}


def _from_env(environ: os._Environ[str] | dict[str, str] | None = None) -> None:
    """Override the defaults above from ``CONVIVENCIA_<NAME>`` variables.

    Raises
    ------
    ValueError
        When a variable cannot be read as its setting's type, a number is
        not finite or is below its minimum; the message
        names the variable and the value.
    """
    env = os.environ if environ is None else environ
    g = globals()
    for name, cast in _CASTS.items():
        var = f"CONVIVENCIA_{name.upper()}"
        if var in env:
            raw = env[var]
            try:
                g[name] = cast(raw)
            except ValueError as exc:
                msg = f"environment variable {var}={raw!r} is not a valid {getattr(cast, '__name__', 'value').lstrip('_')}"
                raise ValueError(msg) from exc
            if name in _MINIMUM:
                low, inclusive = _MINIMUM[name]
                value = g[name]
                if not (math.isfinite(value) and (value >= low if inclusive else value > low)):
                    sign = ">=" if inclusive else ">"
                    msg = (
                        f"environment variable {var}={raw!r} must be a finite number {sign} {low:g}"
                    )
                    raise ValueError(msg)
    if g["language"] not in ("es", "en"):
        msg = f"environment variable CONVIVENCIA_LANGUAGE={g['language']!r} must be 'es' or 'en'"
        raise ValueError(msg)


_from_env()
