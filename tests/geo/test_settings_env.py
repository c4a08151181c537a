"""geo.settings: the defaults, and every ``CONVIVENCIA_*`` override read once, typed and checked."""

from __future__ import annotations

import importlib
import math
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from geo import settings

NAMES = tuple(settings._CASTS)


@pytest.fixture
def restored(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """Every setting is put back as it was after the test (``_from_env`` writes the module)."""
    for name in NAMES:
        monkeypatch.setattr(settings, name, getattr(settings, name))
    yield monkeypatch


def test_every_setting_is_documented_with_its_type_and_variable() -> None:
    doc = settings.__doc__
    assert doc is not None
    types = {
        Path: "pathlib.Path",
        str: "str",
        float: "float",
        int: "int",
        settings._location: "pathlib.Path or str",
        settings._flag: "bool",
    }
    for name, cast in settings._CASTS.items():
        assert f"{name} : {types[cast]}" in doc, name
        assert f"``CONVIVENCIA_{name.upper()}``" in doc, name
    # and every variable the docstring names is one that is read
    documented = set(re.findall(r"CONVIVENCIA_([A-Z_]+[A-Z])", doc))
    assert documented == {n.upper() for n in NAMES}


def test_the_defaults_with_no_variable_set(restored: pytest.MonkeyPatch) -> None:
    for var in [v for v in os.environ if v.startswith("CONVIVENCIA_")]:
        restored.delenv(var)
    importlib.reload(settings)
    root = Path(settings.__file__).resolve().parent.parent
    assert settings.workspace == root / "data" / "demo.gpkg"
    assert settings.workspaces_dir == root / "data"
    assert settings.language == "es"
    assert settings.timezone == "America/Bogota"
    assert settings.tile_url == "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    assert settings.tile_attribution == "&copy; OpenStreetMap contributors"
    expected = {
        "cell_size_m": 250.0,
        "max_points_drawn": 1500,
        "outside_tolerance_m": 2000.0,
        "outlier_distance_m": 60000.0,
        "max_repair_area_change": 0.01,
        "max_problems_listed": 200,
        "hdbscan_max_incidents": 50_000,
        "min_residents": 500.0,
        "demo_seed": 2020,
    }
    for name, value in expected.items():
        got = getattr(settings, name)
        assert got == value and type(got) is settings._CASTS[name], name
    assert settings.program_start == "2020-11-01"
    # each default is the one the docstring states
    doc = settings.__doc__ or ""
    for name, value in expected.items():
        text = f"{value:g}" if isinstance(value, float) else str(value)
        section = doc[doc.index(f"{name} :") :].split("Env:")[0]
        digits = re.sub(r"[_,]", "", section)
        assert f"Default {text}." in digits, name


def test_the_test_session_runs_without_a_basemap() -> None:
    # tests/conftest.py empties the tile URL before geo.settings is first imported
    assert settings.tile_url == ""


@pytest.mark.parametrize(
    ("name", "raw", "value"),
    [
        ("workspace", "/srv/ciudad/palmira.gpkg", Path("/srv/ciudad/palmira.gpkg")),
        ("workspaces_dir", "espacios", Path("espacios")),
        ("language", "en", "en"),
        ("timezone", "America/Lima", "America/Lima"),
        ("tile_url", "", ""),
        (
            "tile_url",
            "http://intranet/tiles/{z}/{x}/{y}.png",
            "http://intranet/tiles/{z}/{x}/{y}.png",
        ),
        ("tile_attribution", "Alcaldía", "Alcaldía"),
        ("cell_size_m", "150", 150.0),
        ("cell_size_m", " 187.5 ", 187.5),
        ("max_points_drawn", "0", 0),
        ("max_points_drawn", "2500", 2500),
        ("outside_tolerance_m", "0", 0.0),
        ("outlier_distance_m", "1e5", 100000.0),
        ("max_repair_area_change", "0.05", 0.05),
        ("max_problems_listed", "10", 10),
        ("hdbscan_max_incidents", "100_000", 100000),
        ("min_residents", "0", 0.0),
        ("demo_seed", "7", 7),
    ],
)
def test_each_variable_sets_its_setting_with_its_type(
    restored: pytest.MonkeyPatch, name: str, raw: str, value: object
) -> None:
    settings._from_env({f"CONVIVENCIA_{name.upper()}": raw})
    got = getattr(settings, name)
    assert got == value and type(got) is type(value)


def test_variables_override_only_their_own_setting(restored: pytest.MonkeyPatch) -> None:
    before = {n: getattr(settings, n) for n in NAMES}
    settings._from_env(
        {"CONVIVENCIA_CELL_SIZE_M": "100", "CONVIVENCIA_LANGUAGE": "en", "OTHER": "x"}
    )
    after = {n: getattr(settings, n) for n in NAMES}
    changed = {n for n in NAMES if after[n] != before[n]}
    assert changed <= {"cell_size_m", "language"}
    assert (settings.cell_size_m, settings.language) == (100.0, "en")
    # names are upper case, as the docstring writes them
    settings._from_env({"convivencia_cell_size_m": "300"})
    assert settings.cell_size_m == 100.0


@pytest.mark.parametrize(
    ("var", "raw", "why"),
    [
        ("CONVIVENCIA_CELL_SIZE_M", "250m", "is not a valid float"),
        ("CONVIVENCIA_CELL_SIZE_M", "", "is not a valid float"),
        ("CONVIVENCIA_CELL_SIZE_M", "250,5", "is not a valid float"),
        ("CONVIVENCIA_MAX_POINTS_DRAWN", "1.5", "is not a valid int"),
        ("CONVIVENCIA_MAX_POINTS_DRAWN", "1e3", "is not a valid int"),
        ("CONVIVENCIA_DEMO_SEED", "semilla", "is not a valid int"),
        ("CONVIVENCIA_MIN_RESIDENTS", "many", "is not a valid float"),
        ("CONVIVENCIA_CELL_SIZE_M", "0", "must be a finite number > 0"),
        ("CONVIVENCIA_CELL_SIZE_M", "-250", "must be a finite number > 0"),
        ("CONVIVENCIA_CELL_SIZE_M", "nan", "must be a finite number > 0"),
        ("CONVIVENCIA_CELL_SIZE_M", "inf", "must be a finite number > 0"),
        ("CONVIVENCIA_OUTLIER_DISTANCE_M", "0", "must be a finite number > 0"),
        ("CONVIVENCIA_OUTSIDE_TOLERANCE_M", "-1", "must be a finite number >= 0"),
        ("CONVIVENCIA_MAX_REPAIR_AREA_CHANGE", "-0.01", "must be a finite number >= 0"),
        ("CONVIVENCIA_MIN_RESIDENTS", "NaN", "must be a finite number >= 0"),
        ("CONVIVENCIA_MAX_POINTS_DRAWN", "-1", "must be a finite number >= 0"),
        ("CONVIVENCIA_MAX_PROBLEMS_LISTED", "-5", "must be a finite number >= 0"),
        ("CONVIVENCIA_HDBSCAN_MAX_INCIDENTS", "-1", "must be a finite number >= 0"),
        ("CONVIVENCIA_DEMO_SEED", "-3", "must be a finite number >= 0"),
        ("CONVIVENCIA_LANGUAGE", "fr", "must be 'es' or 'en'"),
        ("CONVIVENCIA_LANGUAGE", "ES", "must be 'es' or 'en'"),
        ("CONVIVENCIA_LANGUAGE", "", "must be 'es' or 'en'"),
    ],
)
def test_a_bad_value_names_the_variable_and_the_value(
    restored: pytest.MonkeyPatch, var: str, raw: str, why: str
) -> None:
    with pytest.raises(ValueError) as info:
        settings._from_env({var: raw})
    message = str(info.value)
    assert f"environment variable {var}={raw!r}" in message
    assert why in message


def test_every_numeric_setting_has_a_minimum_its_default_meets() -> None:
    numeric = {n for n, cast in settings._CASTS.items() if cast in (int, float)}
    assert numeric == set(settings._MINIMUM)
    for name, (low, inclusive) in settings._MINIMUM.items():
        default = getattr(settings, name)
        assert math.isfinite(default) and (default >= low if inclusive else default > low), name
