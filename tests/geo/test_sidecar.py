"""geo.sidecar: a point layer is read from the GeoPackage once, then from its sidecar, the same frame."""

from __future__ import annotations

import gc
import threading
from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest
from geopandas.testing import assert_geodataframe_equal

from geo import settings, sidecar
from geo.workspace import Workspace


@pytest.fixture
def cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """An empty cache folder of this test's own."""
    folder = tmp_path / "cache"
    monkeypatch.setattr(settings, "cache_dir", folder)
    return folder


def _from_geopackage(path: Path, layer: str, *, projected: bool) -> gpd.GeoDataFrame:
    """The layer as ``Workspace.read`` returned it before sidecars existed."""
    import pandas as pd

    frame = pyogrio.read_dataframe(path, layer=layer, use_arrow=True)
    if "occurred_at" in frame.columns:
        frame["occurred_at"] = pd.to_datetime(frame["occurred_at"])
    return frame.to_crs(Workspace(path).projected_crs) if projected else frame


def _no_geopackage_reads(monkeypatch: pytest.MonkeyPatch, layer: str) -> None:
    """Reading ``layer`` from the GeoPackage fails (the metadata tables still read)."""
    real = pyogrio.read_dataframe

    def refuse(path: Path, **kwargs: object) -> object:
        if kwargs.get("layer") == layer:
            msg = f"read `{layer}` from the GeoPackage again"
            raise AssertionError(msg)
        return real(path, **kwargs)

    monkeypatch.setattr(pyogrio, "read_dataframe", refuse)


@pytest.mark.parametrize("first_projected", [True, False])
def test_the_second_read_comes_from_the_sidecar_and_equals_the_geopackage(
    small_workspace: Path, cache: Path, monkeypatch: pytest.MonkeyPatch, first_projected: bool
) -> None:
    expected = {
        p: _from_geopackage(small_workspace, "incidents", projected=p) for p in (True, False)
    }
    ws = Workspace(small_workspace)
    first = ws.read("incidents", projected=first_projected)
    assert_geodataframe_equal(first, expected[first_projected])
    path = ws._sidecar_path("incidents")
    assert path is not None and path.is_file() and path.parent == cache
    assert list(cache.iterdir()) == [path]  # no temporary file left behind
    _no_geopackage_reads(monkeypatch, "incidents")
    for projected in (True, False):
        again = Workspace(small_workspace).read("incidents", projected=projected)
        assert_geodataframe_equal(again, expected[projected])
        assert list(again.columns) == list(expected[projected].columns)
        assert again.crs == expected[projected].crs
        assert again.index.equals(expected[projected].index)


def test_a_changed_layer_never_reads_the_old_sidecar(
    workspace_copy: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = Workspace(workspace_copy)
    before = ws.read("incidents", projected=True)
    old = ws._sidecar_path("incidents")
    assert old is not None and old.is_file()
    hoods_old = ws._sidecar_path("neighborhoods")
    old_hash = ws.content_hash
    ws.write_layers({"incidents": ws.read("incidents").iloc[: len(before) // 2]})
    changed = Workspace(workspace_copy)
    new = changed._sidecar_path("incidents")
    assert new is not None and new != old
    assert changed.content_hash != old_hash
    # the name holds the layer's content hash: the old file is never opened again
    opened: list[Path] = []
    real_read = sidecar.read

    def spy(path: Path, *, projected: bool) -> gpd.GeoDataFrame | None:
        opened.append(path)
        return real_read(path, projected=projected)

    monkeypatch.setattr(sidecar, "read", spy)
    for _ in range(2):  # from the GeoPackage, then from the new sidecar
        after = Workspace(workspace_copy).read("incidents", projected=True)
        assert len(after) == len(before) // 2
        assert_geodataframe_equal(after, before.iloc[: len(before) // 2])
    assert old not in opened and opened == [new, new]
    assert new.is_file() and old.is_file()
    # an untouched layer keeps its sidecar's name
    assert changed._sidecar_path("neighborhoods") == hoods_old


def test_the_name_holds_the_layer_the_hash_and_the_crs(tmp_path: Path) -> None:
    a = sidecar.sidecar_path("incidents", "ab" * 32, "EPSG:9377", tmp_path)
    assert a.parent == tmp_path
    assert a.name.startswith("incidents-" + "ab" * 16) and "EPSG_9377" in a.name
    assert a != sidecar.sidecar_path("incidents", "cd" * 32, "EPSG:9377", tmp_path)
    assert a != sidecar.sidecar_path("incidents", "ab" * 32, "EPSG:32618", tmp_path)
    assert a != sidecar.sidecar_path("public_spaces", "ab" * 32, "EPSG:9377", tmp_path)
    wkt = sidecar.sidecar_path("incidents", "ab" * 32, 'PROJCS["a/b", ...]', tmp_path)
    assert wkt.parent == tmp_path and "/" not in wkt.name and '"' not in wkt.name


def test_the_default_cache_is_the_users_not_the_workspaces_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr("sys.platform", "linux")
    monkeypatch.setattr(Path, "home", lambda: tmp_path / "home")
    assert settings._user_cache_dir({"XDG_CACHE_HOME": "/xdg"}) == Path("/xdg/convivencia")
    assert settings._user_cache_dir({}) == tmp_path / "home" / ".cache" / "convivencia"
    monkeypatch.setattr("sys.platform", "win32")
    assert settings._user_cache_dir({"LOCALAPPDATA": "C:/L"}) == Path("C:/L/convivencia/Cache")


def test_layers_that_are_not_points_are_read_from_the_geopackage(
    small_workspace: Path, cache: Path
) -> None:
    ws = Workspace(small_workspace)
    for layer in ("neighborhoods", "programs"):
        if ws.has(layer):
            first = ws.read(layer, projected=layer != "programs")
            assert_geodataframe_equal(
                first, _from_geopackage(small_workspace, layer, projected=layer != "programs")
            )
    assert not cache.exists() or not list(cache.iterdir())


def test_a_broken_sidecar_is_read_as_missing_and_replaced(
    small_workspace: Path, cache: Path
) -> None:
    ws = Workspace(small_workspace)
    path = ws._sidecar_path("incidents")
    assert path is not None
    path.parent.mkdir(parents=True)
    path.write_bytes(b"ARROW1 cut short")
    assert sidecar.read(path, projected=True) is None
    frame = ws.read("incidents", projected=True)
    assert_geodataframe_equal(frame, _from_geopackage(small_workspace, "incidents", projected=True))
    assert sidecar.read(path, projected=True) is not None  # written anew


def test_a_cache_folder_that_cannot_be_written_only_means_no_sidecar(
    small_workspace: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setattr(settings, "cache_dir", blocker / "cache")
    frame = Workspace(small_workspace).read("incidents")
    assert_geodataframe_equal(
        frame, _from_geopackage(small_workspace, "incidents", projected=False)
    )
    assert blocker.read_text() == "not a folder"


def test_readers_racing_to_write_the_same_sidecar_all_get_the_layer(
    small_workspace: Path, cache: Path
) -> None:
    expected = _from_geopackage(small_workspace, "incidents", projected=True)
    frames: list[gpd.GeoDataFrame] = []
    errors: list[BaseException] = []

    def read() -> None:
        try:
            frames.append(Workspace(small_workspace).read("incidents", projected=True))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=read) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(frames) == 4
    for frame in frames:
        assert_geodataframe_equal(frame, expected)
    assert [p.suffix for p in cache.iterdir()] == [sidecar.SUFFIX]  # one file, no leftovers


def test_points_are_built_with_the_collector_paused_and_it_resumes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import numpy as np
    import pandas as pd
    import shapely

    during: list[bool] = []
    real_points = shapely.points

    def spy(*args: object, **kwargs: object) -> object:
        during.append(gc.isenabled())
        return real_points(*args, **kwargs)

    monkeypatch.setattr(shapely, "points", spy)
    assert gc.isenabled()
    frame = sidecar.points_frame(
        pd.DataFrame({"a": [1, 2]}), np.array([0.0, 1.0]), np.array([2.0, 3.0]), "EPSG:9377"
    )
    assert gc.isenabled() and during == [False]
    assert list(frame.columns) == ["a", "geometry"] and frame.crs == "EPSG:9377"
    assert frame.geometry.x.tolist() == [0.0, 1.0] and frame.geometry.y.tolist() == [2.0, 3.0]
    gc.disable()
    try:
        sidecar.points_frame(pd.DataFrame(index=range(1)), np.zeros(1), np.zeros(1), "EPSG:4326")
        assert not gc.isenabled()  # left as it was found
    finally:
        gc.enable()


def test_hot_spots_are_the_same_with_and_without_the_sidecar(
    small_workspace: Path, cache: Path
) -> None:
    from models.hotspots import run_hotspots

    ws = Workspace(small_workspace)
    layers = {
        name: _from_geopackage(small_workspace, name, projected=False)
        for name in ("incidents", "neighborhoods", "public_spaces")
    }
    without = run_hotspots(layers, "gi", crs=ws.projected_crs)
    assert not cache.exists() or not list(cache.iterdir())
    cold = run_hotspots(ws, "gi")  # reads the GeoPackage, writes the sidecar
    assert ws._sidecar_path("incidents") in list(cache.iterdir())
    warm = run_hotspots(Workspace(small_workspace), "gi")  # from the sidecar
    for result in (cold, warm):
        assert_geodataframe_equal(result.frame, without.frame)
        assert result.scale == without.scale
        assert_geodataframe_equal(result.incidents, without.incidents)


def test_the_end_of_each_range_survives_the_sidecar(
    small_workspace: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pandas as pd

    first = Workspace(small_workspace).read("incidents")  # from the GeoPackage; writes the sidecar
    ends = first["occurred_to"]
    assert pd.api.types.is_datetime64_any_dtype(ends)
    assert ends.notna().any() and ends.isna().any()
    _no_geopackage_reads(monkeypatch, "incidents")
    again = Workspace(small_workspace).read("incidents")
    pd.testing.assert_series_equal(again["occurred_to"], ends)
    coords = Workspace(small_workspace).read_coordinates("incidents")
    assert coords is not None
    pd.testing.assert_series_equal(coords.attributes["occurred_to"], ends)
