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
