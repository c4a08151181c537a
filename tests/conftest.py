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
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.pgcluster import Cluster

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


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """A throwaway PostgreSQL + PostGIS cluster for the session (:mod:`tests.pgcluster`).

    Skipped, with the reason, on a machine without PostgreSQL or PostGIS;
    under ``CI=true`` (``.ci/run``, which installs them) that fails instead.
    """
    from geo.stores import dispose_engines
    from tests import pgcluster

    why = pgcluster.missing()
    if why is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI runs the PostGIS tests: {why}")
        pytest.skip(why)
    cluster = pgcluster.start()
    yield cluster
    dispose_engines()
    cluster.stop()


@pytest.fixture(scope="session")
def pg_demo(pg_cluster: Cluster, small_workspace: Path) -> str:
    """The small demo copied into PostGIS once (read-only: copy it to change it); its address."""
    from geo.workspace import Workspace, write_workspace

    src = Workspace(small_workspace)
    url = f"{pg_cluster.url()}?schema=demo_small"
    meta = src.metadata
    write_workspace(
        url,
        {name: src.read(name) for name in src.layers + src.truth_tables},
        city_name=meta["city_name"],
        provenance=meta["provenance"],
        synthetic=src.synthetic,
        crs=meta["crs"],
    )
    return url


@pytest.fixture(params=["gpkg", "postgis"])
def new_location(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[str], str | Path]:
    """Where to put a new workspace named ``name``, once in a GeoPackage, once in PostGIS.

    A test taking it runs on both stores (:mod:`geo.stores`); in PostGIS each
    name is a schema of its own in the session's throwaway cluster.
    """
    if request.param == "gpkg":
        return lambda name: tmp_path / f"{name}.gpkg"
    cluster = request.getfixturevalue("pg_cluster")
    run = uuid.uuid4().hex[:8]
    return lambda name: f"{cluster.url()}?schema=t{run}_{name}"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every browser test in one group: with pytest-xdist (``make test`` runs three workers,
    ``--dist loadgroup``) they all run in one worker, in file order, so the session still
    starts one app server and one Chromium, and ``test_access.py`` is its first request.
    The PostGIS tests are not grouped: each worker that runs one starts its own throwaway
    cluster (about 1.5 s), so they spread over the workers."""
    for item in items:
        if item.get_closest_marker("browser") is not None:
            item.add_marker(pytest.mark.xdist_group("browser"))
