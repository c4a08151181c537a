"""The published snapshot on the small demo city: recounted independently, audited, private."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from geopandas.testing import assert_geodataframe_equal
from numpy.testing import assert_allclose, assert_array_equal
from pandas.testing import assert_frame_equal

import geo.publish
from data import names
from geo import settings
from geo.disclosure import (
    DisclosureError,
    Link,
    Suppression,
    recoverable,
    recoverable_linked,
)
from geo.publish import (
    OPEN_DATA_FILES,
    SENSITIVE,
    Snapshot,
    build_snapshot,
    mapped_categories,
    write_open_data,
)
from geo.schema import CATEGORIES
from geo.workspace import Workspace
from tests.geo.test_disclosure import _lp_ranges

START = date(2024, 1, 1)
END = date(2025, 12, 31)
MIN_COUNT = 5
CELL_M = 500.0

Layers = dict[str, gpd.GeoDataFrame]


@pytest.fixture(scope="module")
def demo(small_workspace: Path) -> tuple[Workspace, Layers]:
    ws = Workspace(small_workspace)
    return ws, {layer: ws.read(layer) for layer in ws.layers}


def _build(ws: Workspace, layers: Layers, **options: Any) -> Snapshot:
    kwargs: dict[str, Any] = {
        "spaces": layers.get("public_spaces"),
        "programs": layers.get("programs"),
        "territories": layers.get("territories"),
        "start": START,
        "end": END,
        "step": "M",
        "min_count": MIN_COUNT,
        "cell_m": CELL_M,
        "crs": ws.projected_crs,
        "city": ws.city_name,
        "synthetic": ws.synthetic,
        "source": "test",
        "content_hash": ws.content_hash,
    }
    kwargs.update(options)
    incidents = kwargs.pop("incidents", layers["incidents"])
    return build_snapshot(incidents, layers["neighborhoods"], **kwargs)


@pytest.fixture(scope="module")
def snapshot(demo: tuple[Workspace, Layers]) -> Snapshot:
    return _build(*demo)


# -- an independent recount --------------------------------------------------------------


def _window(incidents: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    day = pd.to_datetime(incidents["occurred_at"]).dt.normalize()
    keep = (day >= pd.Timestamp(START)) & (day <= pd.Timestamp(END))
    return incidents.loc[keep.to_numpy()]


def _recount(ws: Workspace, layers: Layers) -> dict[str, pd.DataFrame]:
    """Counts by neighbourhood, cell and month, written without geo.publish's helpers.

    Neighbourhoods by ``geopandas.sjoin(predicate="within")``; cells by flooring the
    projected coordinates; months by ``strftime``. Each frame: area (or period) x category.
    """
    crs = ws.projected_crs
    window = _window(layers["incidents"])
    mapped = window.loc[~window["category"].isin(SENSITIVE).to_numpy()].to_crs(crs)
    hoods = layers["neighborhoods"].to_crs(crs)[["neighborhood_id", "geometry"]]
    joined = gpd.sjoin(mapped[["category", "geometry"]], hoods, predicate="within", how="left")
    joined = joined[~joined.index.duplicated(keep="first")]
    hood = (
        joined["neighborhood_id"].astype(object).where(joined["neighborhood_id"].notna(), "outside")
    )
    by_hood = pd.crosstab(hood, joined["category"])
    inside = joined["neighborhood_id"].notna().to_numpy()
    pts = mapped.loc[inside]
    ci = np.floor(pts.geometry.x / CELL_M).astype(int)
    cj = np.floor(pts.geometry.y / CELL_M).astype(int)
    cell_id = [
        f"{CELL_M:g}mE{i * CELL_M:.0f}N{j * CELL_M:.0f}" for i, j in zip(ci, cj, strict=True)
    ]
    by_cell = pd.crosstab(pd.Series(cell_id, name="cell"), pts["category"].to_numpy())
    by_cell.loc["outside"] = by_hood.loc["outside"] if "outside" in by_hood.index else 0
    by_cell = by_cell.fillna(0).astype(int)
    month = pd.to_datetime(window["occurred_at"]).dt.strftime("%Y-%m")
    by_month = pd.crosstab(month, window["category"])
    return {"neighborhood": by_hood, "cell": by_cell, "trend": by_month}


@pytest.fixture(scope="module")
def recount(demo: tuple[Workspace, Layers]) -> dict[str, pd.DataFrame]:
    return _recount(*demo)


def _truth(table: pd.DataFrame, row: str, category: str) -> int:
    if row in table.index and category in table.columns:
        return int(table.loc[row, category])
    return 0


def _row_total(table: pd.DataFrame, row: str, categories: list[str]) -> int:
    return sum(_truth(table, row, c) for c in categories)


def _areas(snapshot: Snapshot, geography: str) -> pd.DataFrame:
    frame = snapshot.areas.loc[(snapshot.areas["geography"] == geography).to_numpy()]
    return frame.set_index("area_id")


# -- what the tables hold ----------------------------------------------------------------


def test_no_spatial_table_holds_a_sensitive_category(snapshot: Snapshot) -> None:
    for code in SENSITIVE:
        assert code not in snapshot.areas.columns
        assert code in set(snapshot.trend["category"])
    assert snapshot.meta["mapped_categories"] == mapped_categories()
    assert set(mapped_categories()) | set(SENSITIVE) == set(CATEGORIES)


def test_sensitive_incidents_change_no_spatial_count(
    demo: tuple[Workspace, Layers], snapshot: Snapshot
) -> None:
    ws, layers = demo
    incidents = layers["incidents"]
    without = incidents.loc[~incidents["category"].isin(SENSITIVE).to_numpy()]
    other = _build(ws, layers, incidents=without)
    assert_geodataframe_equal(other.areas, snapshot.areas)


def test_published_counts_equal_an_independent_recount(
    snapshot: Snapshot, recount: dict[str, pd.DataFrame]
) -> None:
    mapped = mapped_categories()
    for geography in ("neighborhood", "cell"):
        areas = _areas(snapshot, geography)
        truth = recount[geography]
        assert set(truth.index) - {"outside"} <= set(areas.index)  # every incident counted
        published = 0
        for area_id, row in areas.iterrows():
            for code in mapped:
                if not pd.isna(row[code]):
                    assert row[code] == _truth(truth, str(area_id), code), (area_id, code)
                    published += 1
            if not pd.isna(row["total"]):
                assert row["total"] == _row_total(truth, str(area_id), mapped)
        assert published > 0.5 * len(areas) * len(mapped)
    trend = snapshot.trend
    labelled = trend[(trend["period"] != "total") & (trend["category"] != "total")]
    for row in labelled.itertuples():
        if not row.withheld:
            assert row.count == _truth(recount["trend"], row.period, row.category)
    window_total = int(recount["trend"].to_numpy().sum())
    assert snapshot.meta["n_incidents_window"] == window_total
    assert trend["count"].iloc[-1] == window_total


def test_every_primary_count_is_withheld(
    snapshot: Snapshot, recount: dict[str, pd.DataFrame]
) -> None:
    mapped = mapped_categories()
    seen = 0
    for geography in ("neighborhood", "cell"):
        areas = _areas(snapshot, geography)
        truth = recount[geography]
        for area_id, row in areas.iterrows():
            for code in mapped:
                if 1 <= _truth(truth, str(area_id), code) < MIN_COUNT:
                    assert pd.isna(row[code])
                    seen += 1
            if 1 <= _row_total(truth, str(area_id), mapped) < MIN_COUNT:
                assert pd.isna(row["total"])
    trend = snapshot.trend
    for row in trend[(trend["period"] != "total") & (trend["category"] != "total")].itertuples():
        if 1 <= _truth(recount["trend"], row.period, row.category) < MIN_COUNT:
            assert row.withheld and pd.isna(row.count)
            seen += 1
    assert seen > 100  # the demo has many small counts: the test is not vacuous
    assert (snapshot.trend["withheld"] == snapshot.trend["count"].isna()).all()


def _suppressions(
    snapshot: Snapshot, recount: dict[str, pd.DataFrame]
) -> tuple[dict[str, Suppression], list[Link]]:
    """The three tables as the public sees them: true values, withheld where NA.

    The spatial totals rows are published only in the trend's ``total`` row; the
    spatial grand total nowhere, so the attacker has it only when every mapped total is
    published (then it is their sum).
    """
    mapped = mapped_categories()
    categories = list(CATEGORIES)
    trend = snapshot.trend
    periods = list(dict.fromkeys(trend["period"]))
    trend_values = np.zeros((len(periods), len(categories) + 1), dtype=np.int64)
    trend_withheld = np.zeros_like(trend_values, dtype=bool)
    for row in trend.itertuples():
        i = periods.index(row.period)
        j = len(categories) if row.category == "total" else categories.index(row.category)
        trend_withheld[i, j] = row.withheld
        if row.period == "total" or row.category == "total":
            continue
        trend_values[i, j] = _truth(recount["trend"], row.period, row.category)
    trend_values[:, -1] = trend_values[:, :-1].sum(axis=1)
    trend_values[-1, :] = trend_values[:-1, :].sum(axis=0)
    results = {"trend": Suppression(trend_values, trend_withheld, np.zeros_like(trend_withheld))}
    totals_withheld = np.array([trend_withheld[-1, categories.index(c)] for c in mapped] + [False])
    totals_withheld[-1] = totals_withheld[:-1].any()
    links: list[Link] = []
    for geography in ("neighborhood", "cell"):
        areas = _areas(snapshot, geography)
        truth = recount[geography]
        ids = [str(a) for a in areas.index]
        values = np.zeros((len(ids) + 1, len(mapped) + 1), dtype=np.int64)
        withheld = np.zeros_like(values, dtype=bool)
        for i, area_id in enumerate(ids):
            for j, code in enumerate(mapped):
                values[i, j] = _truth(truth, area_id, code)
            withheld[i, : len(mapped)] = areas.loc[area_id, mapped].isna().to_numpy()
            withheld[i, -1] = pd.isna(areas.loc[area_id, "total"])
        values[:, -1] = values[:, :-1].sum(axis=1)
        values[-1, :] = values[:-1, :].sum(axis=0)
        withheld[-1] = totals_withheld
        results[geography] = Suppression(values, withheld, np.zeros_like(withheld))
    n_hood = len(results["neighborhood"].values) - 1
    n_cell = len(results["cell"].values) - 1
    for j in range(len(mapped) + 1):
        links.append((("neighborhood", n_hood, j), ("cell", n_cell, j)))
        links.append((("neighborhood", n_hood - 1, j), ("cell", n_cell - 1, j)))
    for j, code in enumerate(mapped):
        links.append(
            (("neighborhood", n_hood, j), ("trend", len(periods) - 1, categories.index(code)))
        )
    return results, links


def test_no_withheld_count_is_recoverable(
    snapshot: Snapshot, recount: dict[str, pd.DataFrame]
) -> None:
    results, links = _suppressions(snapshot, recount)
    for name, s in results.items():
        assert not recoverable(s).any(), name
    assert not any(m.any() for m in recoverable_linked(results, links).values())
    # the attacker's LP over the three tables together, for a sample of withheld cells
    # (every withheld total, and 25 more drawn at random)
    rng = np.random.default_rng(0)
    sample: set[tuple[str, int, int]] = set()
    for name, s in results.items():
        cells = [(name, int(i), int(j)) for i, j in np.argwhere(s.withheld)]
        last_row, last_col = s.values.shape[0] - 1, s.values.shape[1] - 1
        sample |= {c for c in cells if c[1] == last_row or c[2] == last_col}
        picks = rng.choice(len(cells), size=min(10, len(cells)), replace=False)
        sample |= {cells[k] for k in picks}
    ranges = _lp_ranges(results, links, only=sample)
    checked = [ranges[n][i, j] for n, i, j in sample]
    assert len(checked) >= 25
    assert min(checked) >= 1 - 1e-7


# -- privacy of the record ---------------------------------------------------------------


def test_record_round_trips_exactly(snapshot: Snapshot) -> None:
    record = snapshot.to_record()
    assert all(isinstance(v, str) for v in record.values())
    back = Snapshot.from_record(json.loads(json.dumps(record)))
    assert back.meta == snapshot.meta
    assert_geodataframe_equal(back.areas, snapshot.areas, check_less_precise=False)
    assert_frame_equal(back.trend, snapshot.trend)
    assert_geodataframe_equal(back.spaces, snapshot.spaces)
    assert_frame_equal(back.programs, snapshot.programs)
    assert back.territories == snapshot.territories
    assert back.to_record() == record


def test_record_holds_no_incident_coordinate_id_or_time(
    demo: tuple[Workspace, Layers], snapshot: Snapshot
) -> None:
    _, layers = demo
    text = json.dumps(snapshot.to_record(), ensure_ascii=False)
    incidents = layers["incidents"]
    points = {
        (f"{x:.5f}", f"{y:.5f}")
        for x, y in zip(incidents.geometry.x, incidents.geometry.y, strict=True)
    }
    pairs = re.findall(r"\[(-?\d+\.\d+), (-?\d+\.\d+)\]", text.replace('\\"', '"'))
    assert len(pairs) > 1000  # the polygons and points are there, as numbers
    rounded = {(f"{float(x):.5f}", f"{float(y):.5f}") for x, y in pairs}
    assert not rounded & points
    assert "INC-" not in text
    assert not re.search(r"\d{2}:\d{2}", text)  # no time of day
    record = snapshot.to_record()
    for field in ("meta", "trend", "programs", "territories"):
        assert not re.search(r"\d+\.\d{4,}", record[field]), field  # no coordinate-like number


def test_record_holds_no_gestor_team_or_partner_name(
    demo: tuple[Workspace, Layers], snapshot: Snapshot
) -> None:
    _, layers = demo
    text = json.dumps(snapshot.to_record(), ensure_ascii=False)
    teams = set(layers["territories"]["team"].astype(str))
    assert teams  # the demo names its teams: "Equipo ..."
    for team in teams:
        assert team not in text
    for noun in names.TEAM_NOUNS:
        assert f"Equipo {noun}" not in text
    for partner in set(layers["programs"]["partner"].astype(str)):
        assert partner not in text
    for programme in set(layers["programs"]["name"].astype(str)):
        assert programme not in text
    assert snapshot.territories == sorted(layers["territories"]["territory_id"].astype(str))


def test_spaces_programs_and_territories(
    demo: tuple[Workspace, Layers], snapshot: Snapshot
) -> None:
    _, layers = demo
    spaces = layers["public_spaces"]
    active = spaces[spaces["activation_status"] == "active"]
    assert sorted(snapshot.spaces["name"]) == sorted(active["name"])
    assert (snapshot.spaces.geom_type == "Point").all()
    assert snapshot.spaces.crs == "EPSG:4326"
    assert list(snapshot.spaces.columns) == ["name", "kind", "geometry"]
    programs = layers["programs"]
    begin, finish = pd.to_datetime(programs["start"]), pd.to_datetime(programs["end"])
    running = (begin.isna() | (begin <= pd.Timestamp(END))) & (
        finish.isna() | (finish >= pd.Timestamp(START))
    )
    assert snapshot.programs["programs"].sum() == running.sum()
    assert list(snapshot.programs.columns) == ["component", "partner_type", "programs"]


def test_missing_optional_layers_give_empty_tables_that_round_trip(
    demo: tuple[Workspace, Layers],
) -> None:
    snap = _build(*demo, spaces=None, programs=None, territories=None)
    assert len(snap.spaces) == 0 and list(snap.spaces.columns) == ["name", "kind", "geometry"]
    assert len(snap.programs) == 0
    assert list(snap.programs.columns) == ["component", "partner_type", "programs"]
    assert snap.territories == []
    back = Snapshot.from_record(snap.to_record())
    assert_geodataframe_equal(back.spaces, snap.spaces)
    assert_frame_equal(back.programs, snap.programs)
    assert back.to_record() == snap.to_record()


# -- rates -------------------------------------------------------------------------------


def test_rates_only_where_the_count_is_published(
    demo: tuple[Workspace, Layers], monkeypatch: pytest.MonkeyPatch
) -> None:
    ws, layers = demo
    populations = layers["neighborhoods"]["population"]
    threshold = float(populations.median())
    monkeypatch.setattr(settings, "min_residents", threshold)
    snap = _build(ws, layers)
    areas = _areas(snap, "neighborhood")
    hoods = areas.drop(index="outside")
    expected = hoods["total"].astype(float) / hoods["population"] * 1e5
    ok = hoods["total"].notna() & (hoods["population"] >= threshold)
    assert ok.any() and (~ok).any()
    assert_allclose(hoods.loc[ok, "rate_per_100k"], expected[ok])
    assert hoods.loc[~ok, "rate_per_100k"].isna().all()
    assert hoods.loc[hoods["total"].isna(), "rate_per_100k"].isna().all()
    assert _areas(snap, "cell")["rate_per_100k"].isna().all()
    assert _areas(snap, "cell")["population"].isna().all()


def test_withheld_totals_have_no_rate(
    demo: tuple[Workspace, Layers], monkeypatch: pytest.MonkeyPatch
) -> None:
    ws, layers = demo
    monkeypatch.setattr(settings, "min_residents", 0.0)
    snap = _build(ws, layers, min_count=60)  # many neighbourhood totals withheld
    hoods = _areas(snap, "neighborhood").drop(index="outside")
    assert hoods["total"].isna().any()
    assert hoods.loc[hoods["total"].isna(), "rate_per_100k"].isna().all()
    assert hoods.loc[hoods["total"].notna(), "rate_per_100k"].notna().all()


# -- the outside row, the window, the refusals ----------------------------------------------


def test_incidents_outside_every_neighbourhood_are_counted_once_in_each_geography(
    demo: tuple[Workspace, Layers],
) -> None:
    ws, layers = demo
    incidents = layers["incidents"].copy()
    thefts = np.flatnonzero(
        (incidents["category"] == "theft").to_numpy()
        & (pd.to_datetime(incidents["occurred_at"]) >= pd.Timestamp(START)).to_numpy()
    )[:7]
    far = gpd.GeoSeries.from_xy(np.full(7, -76.0), np.linspace(3.0, 3.1, 7), crs="EPSG:4326")
    geoms = incidents.geometry.to_numpy().copy()
    geoms[thefts] = far.to_numpy()
    incidents = incidents.set_geometry(gpd.GeoSeries(geoms, crs="EPSG:4326"))
    snap = _build(ws, layers, incidents=incidents)
    for geography in ("neighborhood", "cell"):
        outside = _areas(snap, geography).loc["outside"]
        assert outside["theft"] == 7
        assert outside["geometry"] is None
    assert snap.meta["n_incidents_window"] == _build(ws, layers).meta["n_incidents_window"]


def test_quarters_are_labelled_and_partial_years_clipped(
    demo: tuple[Workspace, Layers],
) -> None:
    ws, layers = demo
    quarters = _build(ws, layers, step="Q")
    periods = quarters.meta["periods"]
    assert isinstance(periods, list)
    assert periods == [f"{y}-Q{q}" for y in (2024, 2025) for q in (1, 2, 3, 4)]
    assert set(quarters.trend["period"]) == {*periods, "total"}
    years = _build(ws, layers, step="Y", start=date(2024, 2, 1))
    assert years.meta["periods"] == ["2025"]
    assert years.meta["clipped"] is True
    assert (years.meta["start"], years.meta["end"]) == ("2025-01-01", "2025-12-31")


@pytest.mark.parametrize(
    ("options", "code"),
    [
        ({"cell_m": 499.0}, "cell_too_small"),
        ({"start": date(2024, 1, 2)}, "partial_month"),
        ({"end": date(2025, 12, 30)}, "partial_month"),
        ({"start": date(2026, 1, 1)}, "bad_window"),
        ({"step": "Y", "start": date(2025, 2, 1)}, "empty_window"),
        ({"crs": "EPSG:4326"}, "crs_not_projected"),
        ({"min_count": 0}, "bad_min_count"),
        ({"min_count": 1}, "bad_min_count"),
    ],
)
def test_refusals(demo: tuple[Workspace, Layers], options: dict[str, Any], code: str) -> None:
    with pytest.raises(DisclosureError) as info:
        _build(*demo, **options)
    assert info.value.code == code


def test_default_cell_size_comes_from_the_settings(
    demo: tuple[Workspace, Layers], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(settings, "publish_cell_m", 1000.0)
    snap = _build(*demo, cell_m=None)
    assert snap.meta["cell_m"] == 1000.0
    assert _areas(snap, "cell").index[0].startswith("1000mE")


# -- open data ---------------------------------------------------------------------------


def test_open_data_files(snapshot: Snapshot, tmp_path: Path) -> None:
    folder = tmp_path / "export"
    written = write_open_data(snapshot, folder, readme="# Rules\n")
    assert [p.name for p in written] == list(OPEN_DATA_FILES)
    assert sorted(p.name for p in folder.iterdir()) == sorted(OPEN_DATA_FILES)
    assert (folder / "README.md").read_text(encoding="utf-8") == "# Rules\n"
    mapped = mapped_categories()
    for geography, stem in (("neighborhood", "neighborhoods"), ("cell", "cells")):
        areas = _areas(snapshot, geography)
        table = pd.read_csv(folder / f"{stem}.csv", dtype=str, keep_default_na=False)
        assert list(table.columns) == [
            "area_id",
            "name",
            "population",
            *mapped,
            "total",
            "rate_per_100k",
            "wkt",
        ]
        assert list(table["area_id"]) == list(areas.index)
        for code in [*mapped, "total"]:
            withheld = areas[code].isna().to_numpy()
            assert (table[code].to_numpy()[withheld] == "").all()
            assert (table[code].to_numpy()[~withheld] != "").all()
        features = json.loads((folder / f"{stem}.geojson").read_text(encoding="utf-8"))["features"]
        assert len(features) == len(areas)
        for feature, (_, row) in zip(features, areas.iterrows(), strict=True):
            for code in [*mapped, "total"]:
                value = feature["properties"][code]
                assert (value is None) == pd.isna(row[code])
                if value is not None:
                    assert value == row[code]
    trend = pd.read_csv(folder / "trend.csv", dtype=str, keep_default_na=False)
    assert list(trend.columns) == ["period", "category", "count", "withheld"]
    assert_array_equal(trend["count"] == "", snapshot.trend["withheld"])


def test_open_data_replaces_a_previous_export_and_refuses_other_folders(
    snapshot: Snapshot, tmp_path: Path
) -> None:
    folder = tmp_path / "export"
    write_open_data(snapshot, folder, readme="first")
    write_open_data(snapshot, folder, readme="second")
    assert (folder / "README.md").read_text(encoding="utf-8") == "second"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export"]  # nothing left aside
    other = tmp_path / "mine"
    other.mkdir()
    (other / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(DisclosureError) as info:
        write_open_data(snapshot, other, readme="x")
    assert info.value.code == "out_not_export"
    assert sorted(p.name for p in other.iterdir()) == ["notes.txt"]
    empty = tmp_path / "empty"
    empty.mkdir()
    write_open_data(snapshot, empty, readme="x")
    assert (empty / "trend.csv").is_file()


def test_a_crash_while_writing_leaves_the_previous_export(
    snapshot: Snapshot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "export"
    write_open_data(snapshot, folder, readme="good")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}

    def crash(frame: gpd.GeoDataFrame) -> pd.DataFrame:
        raise OSError("disk full")

    monkeypatch.setattr(geo.publish, "to_csv_frame", crash)
    with pytest.raises(OSError, match="disk full"):
        write_open_data(snapshot, folder, readme="bad")
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export"]
