"""The workspace store: layers, metadata, atomic writes, content hash."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
from shapely.geometry import Point, box

from geo.errors import MissingLayerError, WorkspaceError
from geo.stores import open_store
from geo.workspace import (
    HISTORY_TABLE,
    ImportRecord,
    LayerSource,
    Workspace,
    frame_hash,
    write_workspace,
)
from tests.pgcluster import Cluster

#: A new workspace's address by name (``tests/conftest.py``: a test taking it runs on both stores).
Location = Callable[[str], str | Path]


def _incidents(n: int = 3) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "incident_id": [f"i{k}" for k in range(n)],
            "occurred_at": pd.to_datetime(["2021-03-04 22:15"] * n),
            "category": ["homicide", "noise", "fight"][:n],
        },
        geometry=[Point(-76.30 + k * 0.001, 3.54) for k in range(n)],
        crs="EPSG:4326",
    )


def _hoods() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"neighborhood_id": ["b1"], "name": ["Uno"], "population": [1000]},
        geometry=[box(-76.31, 3.53, -76.29, 3.55)],
        crs="EPSG:4326",
    )


def test_write_and_read_round_trip(new_location: Location) -> None:
    ws = write_workspace(
        new_location("w"),
        {"incidents": _incidents()},
        city_name="X",
        provenance="t",
        synthetic=True,
    )
    back = ws.read("incidents")
    assert list(back["incident_id"]) == ["i0", "i1", "i2"]
    assert back.crs.to_epsg() == 4326
    assert pd.api.types.is_datetime64_any_dtype(back["occurred_at"])
    assert back["occurred_at"].iloc[0] == pd.Timestamp("2021-03-04 22:15")
    assert ws.projected_crs == "EPSG:9377"  # inside Colombia
    assert ws.read("incidents", projected=True).crs.to_string() == "EPSG:9377"
    assert ws.synthetic is True
    assert ws.layers == ["incidents"]


def test_content_hash_depends_on_content_only(new_location: Location) -> None:
    a = write_workspace(
        new_location("a"),
        {"incidents": _incidents()},
        city_name="X",
        provenance="t",
        synthetic=False,
    )
    b = write_workspace(
        new_location("b"),
        {"incidents": _incidents()},
        city_name="Y",
        provenance="u",
        synthetic=False,
    )
    c = write_workspace(
        new_location("c"),
        {"incidents": _incidents(2)},
        city_name="X",
        provenance="t",
        synthetic=False,
    )
    assert a.content_hash == b.content_hash
    assert a.content_hash != c.content_hash
    moved = _incidents()
    moved.loc[0, "geometry"] = Point(-76.2, 3.5)
    assert frame_hash(moved) != frame_hash(_incidents())


def test_write_layers_adds_and_records_source_and_problems(new_location: Location) -> None:
    ws = write_workspace(
        new_location("w"),
        {"incidents": _incidents()},
        city_name="X",
        provenance="t",
        synthetic=False,
    )
    before = ws.content_hash
    problems = pd.DataFrame(
        {
            "row": [4],
            "column": ["poblacion"],
            "severity": ["error"],
            "code": ["bad_number"],
            "message": ["row 4: bad"],
        }
    )
    ws.write_layers(
        {"neighborhoods": _hoods()},
        sources={"neighborhoods": LayerSource("barrios.csv", "abc", problems)},
    )
    assert ws.layers == ["incidents", "neighborhoods"]
    assert ws.content_hash != before
    info = ws.layer_info().set_index("layer")
    assert info.loc["neighborhoods", "source_file"] == "barrios.csv"
    assert info.loc["neighborhoods", "problems"] == 1
    assert info.loc["incidents", "rows"] == 3
    stored = ws.problems("neighborhoods")
    assert stored.loc[0, "row"] == 4 and stored.loc[0, "column"] == "poblacion"
    # replacing a layer replaces its problems
    ws.write_layers({"neighborhoods": _hoods()})
    assert ws.problems("neighborhoods").empty


def test_missing_layer_says_what_it_adds(new_location: Location) -> None:
    ws = write_workspace(
        new_location("w"),
        {"incidents": _incidents()},
        city_name="X",
        provenance="t",
        synthetic=False,
    )
    with pytest.raises(MissingLayerError, match="territories.*gestores"):
        ws.read("territories")


def test_open_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceError, match="does not exist"):
        Workspace(tmp_path / "nope.gpkg")
    bad = tmp_path / "bad.gpkg"
    bad.write_text("not sqlite")
    with pytest.raises(WorkspaceError, match="bad.gpkg"):
        Workspace(bad)
    plain = tmp_path / "plain.gpkg"
    _incidents().to_file(plain, layer="x", driver="GPKG")
    with pytest.raises(WorkspaceError, match="not a Convivencia workspace"):
        Workspace(plain)


def test_unknown_layer_name_is_refused(new_location: Location) -> None:
    with pytest.raises(WorkspaceError, match="not a workspace layer"):
        write_workspace(
            new_location("w"),
            {"crimes": _incidents()},
            city_name="X",
            provenance="t",
            synthetic=False,
        )


def test_a_failed_write_leaves_the_workspace_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "w.gpkg"
    ws = write_workspace(
        path, {"incidents": _incidents()}, city_name="X", provenance="t", synthetic=False
    )
    before = path.read_bytes()
    calls = {"n": 0}
    real = pyogrio.write_dataframe  # geo.workspace calls it through the pyogrio module

    def crash_midway(*args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("disk full (simulated)")
        return real(*args, **kwargs)

    monkeypatch.setattr(pyogrio, "write_dataframe", crash_midway)
    with pytest.raises(OSError, match="simulated"):
        ws.write_layers({"neighborhoods": _hoods(), "incidents": _incidents(1)})
    assert path.read_bytes() == before
    assert Workspace(path).layers == ["incidents"]
    assert [p for p in os.listdir(tmp_path) if p != "w.gpkg"] == []


def test_a_failed_write_leaves_the_database_workspace_intact(
    pg_cluster: Cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostGIS: one transaction; a crash between two layers leaves every table as it was."""
    url = f"{pg_cluster.url()}?schema=failed_write"
    ws = write_workspace(
        url, {"incidents": _incidents()}, city_name="X", provenance="t", synthetic=False
    )
    before = (ws.content_hash, ws.history(), ws.read("incidents"), open_store(url).stamp())
    real = gpd.GeoDataFrame.to_postgis
    calls = {"n": 0}

    def crash_midway(self: gpd.GeoDataFrame, *args: object, **kwargs: object) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("connection lost (simulated)")
        real(self, *args, **kwargs)

    monkeypatch.setattr(gpd.GeoDataFrame, "to_postgis", crash_midway)
    with pytest.raises(OSError, match="simulated"):
        ws.write_layers({"neighborhoods": _hoods(), "incidents": _incidents(1)})
    again = Workspace(url)
    assert again.layers == ["incidents"]
    assert again.content_hash == before[0]
    pd.testing.assert_frame_equal(again.history(), before[1])
    pd.testing.assert_frame_equal(pd.DataFrame(again.read("incidents")), pd.DataFrame(before[2]))
    assert open_store(url).stamp() == before[3]  # nothing was committed


def test_refuses_to_overwrite_when_asked(new_location: Location) -> None:
    path = new_location("w")
    write_workspace(
        path, {"incidents": _incidents()}, city_name="X", provenance="t", synthetic=False
    )
    with pytest.raises(WorkspaceError, match="already exists"):
        write_workspace(path, {}, city_name="X", provenance="t", synthetic=False, overwrite=False)


def test_truth_tables_are_not_data_layers(new_location: Location) -> None:
    truth = pd.DataFrame({"neighborhood_id": ["b1"], "multiplier": [0.6]})
    ws = write_workspace(
        new_location("w"),
        {"incidents": _incidents(), "truth_effect": truth},
        city_name="X",
        provenance="t",
        synthetic=True,
    )
    assert ws.layers == ["incidents"]
    assert ws.truth_tables == ["truth_effect"]
    assert ws.read("truth_effect")["multiplier"].iloc[0] == pytest.approx(0.6)


def test_the_history_keeps_every_import(new_location: Location) -> None:
    ws = write_workspace(
        new_location("w"),
        {"incidents": _incidents(2)},
        city_name="X",
        provenance="t",
        synthetic=False,
        sources={"incidents": LayerSource("enero.csv", "aaa")},
    )
    ws.write_layers(
        {"incidents": _incidents(3)},
        sources={"incidents": LayerSource("febrero.csv", "bbb", mode="append", added=1, skipped=1)},
    )
    ws.write_layers(
        {"incidents": _incidents(1)},
        sources={"incidents": LayerSource("marzo.csv", "ccc", rejected=4)},
    )
    ws.write_layers({"neighborhoods": _hoods()}, sources={"neighborhoods": LayerSource("b.csv")})
    history = Workspace(ws.location).history()
    assert list(history["source_file"]) == ["enero.csv", "febrero.csv", "marzo.csv", "b.csv"]
    assert list(history["mode"]) == ["new", "append", "replace", "new"]
    assert list(history["source_sha256"]) == ["aaa", "bbb", "ccc", ""]
    assert list(history["rows_added"]) == [2, 1, 1, 1]
    assert list(history["rows_replaced"]) == [0, 0, 3, 0]
    assert list(history["rows_rejected"]) == [0, 0, 4, 0]
    assert list(history["rows_skipped"]) == [0, 1, 0, 0]
    assert list(history["rows_after"]) == [2, 3, 1, 1]
    assert (history["imported_at"].str.len() > 0).all()
    assert list(ws.history("neighborhoods")["source_file"]) == ["b.csv"]
    # the layer table still says where each layer now comes from
    assert ws.layer_info().set_index("layer").loc["incidents", "source_file"] == "marzo.csv"


def test_a_history_row_alone_leaves_the_content_hash(new_location: Location) -> None:
    ws = write_workspace(
        new_location("w"),
        {"incidents": _incidents()},
        city_name="X",
        provenance="t",
        synthetic=False,
    )
    before = ws.content_hash
    record = ImportRecord("incidents", "again.csv", "ddd", "append", 0, 0, 0, 3, 3)
    ws.write_layers({}, history=[record])
    assert ws.content_hash == before
    assert list(ws.history()["rows_skipped"]) == [0, 3]


def test_a_workspace_without_history_still_opens_and_starts_one(tmp_path: Path) -> None:
    ws = write_workspace(
        tmp_path / "old.gpkg",
        {"incidents": _incidents()},
        city_name="X",
        provenance="t",
        synthetic=False,
    )
    con = sqlite3.connect(ws.path)  # make it look like one written before the history existed
    with con:
        con.execute(f"DROP TABLE {HISTORY_TABLE}")
        for table in ("gpkg_contents", "gpkg_ogr_contents"):
            con.execute(f"DELETE FROM {table} WHERE table_name = ?", (HISTORY_TABLE,))
    con.close()
    old = Workspace(ws.path)
    assert old.history().empty and list(old.history().columns)[:2] == ["imported_at", "layer"]
    assert len(old.read("incidents")) == 3
    old.write_layers({"neighborhoods": _hoods()}, sources={"neighborhoods": LayerSource("b.csv")})
    assert list(Workspace(ws.path).history()["source_file"]) == ["b.csv"]


def test_the_demo_writes_the_first_history_rows(small_workspace: Path) -> None:
    history = Workspace(small_workspace).history()
    assert set(history["mode"]) == {"generated"}
    assert list(history["layer"]) == [
        "incidents",
        "public_spaces",
        "neighborhoods",
        "territories",
        "programs",
        "streets",
    ]
    assert (history["rows_added"] == history["rows_after"]).all()


def test_a_layer_is_hashed_in_batches_as_in_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import geo.workspace as workspace

    frame = _incidents(3)
    frame = pd.concat([frame] * 3, ignore_index=True)
    frame["incident_id"] = [f"i{k}" for k in range(len(frame))]
    whole = write_workspace(
        tmp_path / "whole.gpkg", {"incidents": frame}, city_name="X", provenance="t", synthetic=True
    )
    monkeypatch.setattr(workspace, "_BATCH", 2)
    batched = write_workspace(
        tmp_path / "batched.gpkg",
        {"incidents": frame},
        city_name="X",
        provenance="t",
        synthetic=True,
    )
    assert batched.content_hash == whole.content_hash
    assert frame_hash(frame) == whole.layer_info().set_index("layer")["layer_hash"]["incidents"]
    back, expected = batched.read("incidents"), whole.read("incidents")
    assert len(back) == 9 and list(back.columns) == list(expected.columns)
    pd.testing.assert_frame_equal(pd.DataFrame(back), pd.DataFrame(expected))


def _reference_hash(frame: gpd.GeoDataFrame) -> str:
    """``frame_hash`` as first written: every value converted, every geometry to WKB by shapely."""
    import hashlib

    import numpy as np
    import shapely

    h = hashlib.sha256()
    geom_name = frame.geometry.name
    cols = sorted(c for c in frame.columns if c != geom_name)
    h.update(repr(cols).encode())
    h.update(str(len(frame)).encode())
    for c in cols:
        values = frame[c]
        if pd.api.types.is_datetime64_any_dtype(values):
            values = values.astype("datetime64[ms]").astype("int64")
        elif values.dtype == object or pd.api.types.is_string_dtype(values):
            values = values.astype(object).where(values.notna(), None).astype(str)
        h.update(c.encode())
        h.update(pd.util.hash_pandas_object(values, index=False).to_numpy().tobytes())
    wkb = shapely.to_wkb(np.asarray(frame.geometry.values), hex=False, output_dimension=2)
    for item in wkb:
        h.update(b"" if item is None else item)
    return h.hexdigest()


@pytest.mark.parametrize("n", [3, 2500])
def test_the_fast_hash_is_the_hash_as_first_written(n: int) -> None:
    from shapely.geometry import Point as P

    frame = _incidents(3)
    frame = pd.concat([frame] * (n // 3 + 1), ignore_index=True).iloc[:n]
    frame["incident_id"] = [f"i{k}" for k in range(n)]
    frame["note"] = pd.Series(["a", None, "ñandú"] * n, dtype=object).iloc[:n].to_numpy()
    frame["mixed"] = pd.Series([1, "b", 2.5] * n, dtype=object).iloc[:n].to_numpy()
    frame["kind"] = pd.Series(["x", "y", "x"] * n, dtype="str").iloc[:n].to_numpy()
    frame["count"] = pd.array([1, None, 3] * n, dtype="Int64")[:n]
    assert frame_hash(frame) == _reference_hash(frame)
    shapes = [box(0, 0, 1, 1), None, P(1, 2, 3)] * n
    assert frame_hash(frame.set_geometry(shapes[:n])) == _reference_hash(
        frame.set_geometry(shapes[:n])
    )
    points = [P(-76.3, 3.5), P(), P(1, 2)] * n
    assert frame_hash(frame.set_geometry(points[:n])) == _reference_hash(
        frame.set_geometry(points[:n])
    )


def test_points_written_from_packed_wkb_read_back_as_pyogrio_writes_them(tmp_path: Path) -> None:
    import pyogrio

    import geo.workspace as workspace

    n = 5
    frame = gpd.GeoDataFrame(
        {
            "incident_id": [f"i{k}" for k in range(n)],
            "note": ["a", None, "ñandú", "b", "c"],
            "kind": pd.Series(["x", "y", "x", "y", "x"], dtype="str"),
            "occurred_at": pd.to_datetime(["2021-03-04 22:15"] * n).astype("datetime64[ms]"),
            "severity": pd.array([1, None, 3, 4, 5], dtype="Int64"),
            "count": [1, 2, 3, 4, 5],
            "share": [0.5, None, 1.5, 2.0, 3.0],
            "flag": [True, False, True, True, False],
        },
        geometry=[Point(-76.30 + k * 0.001, 3.54) for k in range(n)],
        crs="EPSG:4326",
    )
    assert workspace._point_table(frame) is not None
    ours, theirs = tmp_path / "ours.gpkg", tmp_path / "theirs.gpkg"
    workspace.write_gpkg_layer(frame, ours, "incidents")
    pyogrio.write_dataframe(frame, theirs, layer="incidents", driver="GPKG", use_arrow=True)
    info, expected = pyogrio.read_info(ours), pyogrio.read_info(theirs)
    for key in ("fields", "dtypes", "geometry_type", "crs", "features"):
        assert list(np.atleast_1d(info[key])) == list(np.atleast_1d(expected[key])), key
    back = pyogrio.read_dataframe(ours)
    pd.testing.assert_frame_equal(back, pyogrio.read_dataframe(theirs))
    # anything else goes through pyogrio's own conversion
    assert workspace._point_table(frame.set_geometry([box(0, 0, 1, 1)] * n)) is None
    assert workspace._point_table(frame.assign(mixed=[1, "a", 2, 3, 4])) is None
