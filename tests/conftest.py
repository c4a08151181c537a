"""Shared fixtures: one small synthetic workspace for the whole session.

The tests never reach the internet: the basemap tile URL is emptied before
any project module reads the settings. Nor do they write to the user's
cache folder: the sidecars (``geo.sidecar``) go to a folder of their own,
removed at the end.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

os.environ["CONVIVENCIA_TILE_URL"] = ""
_CACHE = tempfile.mkdtemp(prefix="convivencia-test-cache-")
os.environ["CONVIVENCIA_CACHE_DIR"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)


@pytest.fixture(scope="session")
def small_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo city at ``--scale small``, built once per session (read-only: copy it to change it)."""
    from data.generator import write_demo

    path = tmp_path_factory.mktemp("workspace") / "demo-small.gpkg"
    write_demo(path, scale="small")
    return path


@pytest.fixture
def workspace_copy(small_workspace: Path, tmp_path: Path) -> Path:
    """A private, writable copy of the small demo workspace."""
    target = tmp_path / "copy.gpkg"
    shutil.copyfile(small_workspace, target)
    return target


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every browser test in one group: with pytest-xdist (``make test`` runs two workers,
    ``--dist loadgroup``) they all run in one worker, in file order, so the session still
    starts one app server and one Chromium, and ``test_access.py`` is its first request."""
    for item in items:
        if item.get_closest_marker("browser") is not None:
            item.add_marker(pytest.mark.xdist_group("browser"))
