"""The workspace store: layers, metadata, atomic writes, content hash."""

from __future__ import annotations

import os

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point, box

from geo.errors import MissingLayerError, WorkspaceError
from geo.workspace import LayerSource, Workspace, frame_hash, write_workspace


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


def test_write_and_read_round_trip(tmp_path):
    ws = write_workspace(
        tmp_path / "w.gpkg",
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


def test_content_hash_depends_on_content_only(tmp_path):
    a = write_workspace(
        tmp_path / "a.gpkg",
        {"incidents": _incidents()},
        city_name="X",
        provenance="t",
        synthetic=False,
    )
    b = write_workspace(
        tmp_path / "b.gpkg",
        {"incidents": _incidents()},
        city_name="Y",
        provenance="u",
        synthetic=False,
    )
    c = write_workspace(
        tmp_path / "c.gpkg",
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


def test_write_layers_adds_and_records_source_and_problems(tmp_path):
    ws = write_workspace(
        tmp_path / "w.gpkg",
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


def test_missing_layer_says_what_it_adds(tmp_path):
    ws = write_workspace(
        tmp_path / "w.gpkg",
        {"incidents": _incidents()},
        city_name="X",
        provenance="t",
        synthetic=False,
    )
    with pytest.raises(MissingLayerError, match="territories.*gestores"):
        ws.read("territories")


def test_open_errors_name_the_file(tmp_path):
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


def test_unknown_layer_name_is_refused(tmp_path):
    with pytest.raises(WorkspaceError, match="not a workspace layer"):
        write_workspace(
            tmp_path / "w.gpkg",
            {"crimes": _incidents()},
            city_name="X",
            provenance="t",
            synthetic=False,
        )


def test_a_failed_write_leaves_the_workspace_intact(tmp_path, monkeypatch):
    path = tmp_path / "w.gpkg"
    ws = write_workspace(
        path, {"incidents": _incidents()}, city_name="X", provenance="t", synthetic=False
    )
    before = path.read_bytes()
    import geo.workspace as module

    calls = {"n": 0}
    real = module.pyogrio.write_dataframe

    def crash_midway(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("disk full (simulated)")
        return real(*args, **kwargs)

    monkeypatch.setattr(module.pyogrio, "write_dataframe", crash_midway)
    with pytest.raises(OSError, match="simulated"):
        ws.write_layers({"neighborhoods": _hoods(), "incidents": _incidents(1)})
    assert path.read_bytes() == before
    assert Workspace(path).layers == ["incidents"]
    assert [p for p in os.listdir(tmp_path) if p != "w.gpkg"] == []


def test_refuses_to_overwrite_when_asked(tmp_path):
    path = tmp_path / "w.gpkg"
    write_workspace(
        path, {"incidents": _incidents()}, city_name="X", provenance="t", synthetic=False
    )
    with pytest.raises(WorkspaceError, match="already exists"):
        write_workspace(path, {}, city_name="X", provenance="t", synthetic=False, overwrite=False)


def test_truth_tables_are_not_data_layers(tmp_path):
    truth = pd.DataFrame({"neighborhood_id": ["b1"], "multiplier": [0.6]})
    ws = write_workspace(
        tmp_path / "w.gpkg",
        {"incidents": _incidents(), "truth_effect": truth},
        city_name="X",
        provenance="t",
        synthetic=True,
    )
    assert ws.layers == ["incidents"]
    assert ws.truth_tables == ["truth_effect"]
    assert ws.read("truth_effect")["multiplier"].iloc[0] == pytest.approx(0.6)
