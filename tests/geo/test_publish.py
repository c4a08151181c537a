"""The published snapshot on the small demo city: recounted independently, audited, private.

The cell geography is made of cell pieces (a grid cell cut at the neighbourhoods'
boundaries): the tests check that the pieces nest in the neighbourhoods, and attack the
two geographies together as a reviewer did when whole cells did not nest.
"""

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
import scipy.sparse
import shapely
from geopandas.testing import assert_geodataframe_equal
from numpy.testing import assert_allclose, assert_array_equal
from pandas.testing import assert_frame_equal
from scipy.optimize import linprog

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


def _piece_id(i: int, j: int, hood: str) -> str:
    return f"{CELL_M:g}mE{i * CELL_M:.0f}N{j * CELL_M:.0f}-{hood}"


#: A piece's ``area_id``: cell size, lower-left corner, neighbourhood id.
PIECE_ID = re.compile(r"^(\d+)mE(-?\d+)N(-?\d+)-(.+)$")


def _recount(ws: Workspace, layers: Layers) -> dict[str, pd.DataFrame]:
    """Counts by neighbourhood, cell piece and month, written without geo.publish's helpers.

    Neighbourhoods by ``geopandas.sjoin(predicate="within")``; pieces by that
    neighbourhood and the cell of the floored projected coordinates; months by
    ``strftime``. Each frame: area (or period) x category.
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
    in_hood = joined["neighborhood_id"].to_numpy()[inside]
    cell_id = [_piece_id(int(i), int(j), str(h)) for i, j, h in zip(ci, cj, in_hood, strict=True)]
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
    """The tables as the public sees them: true values, withheld where NA.

    The neighbourhood table, one table per neighbourhood of its pieces (grouped by the
    neighbourhood id in their ``area_id``) whose totals row is that neighbourhood's row,
    and the trend. The neighbourhood totals row is published only in the trend's
    ``total`` row; the spatial grand total nowhere, so the attacker has it only when
    every mapped total is published (then it is their sum).
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

    def table(
        areas: pd.DataFrame, truth: pd.DataFrame, ids: list[str]
    ) -> tuple[np.ndarray, np.ndarray]:
        values = np.zeros((len(ids) + 1, len(mapped) + 1), dtype=np.int64)
        withheld = np.zeros_like(values, dtype=bool)
        for i, area_id in enumerate(ids):
            for j, code in enumerate(mapped):
                values[i, j] = _truth(truth, area_id, code)
            withheld[i, : len(mapped)] = areas.loc[area_id, mapped].isna().to_numpy()
            withheld[i, -1] = pd.isna(areas.loc[area_id, "total"])
        values[:, -1] = values[:, :-1].sum(axis=1)
        values[-1, :] = values[:-1, :].sum(axis=0)
        return values, withheld

    hoods = _areas(snapshot, "neighborhood")
    hood_ids = [str(a) for a in hoods.index]
    values, withheld = table(hoods, recount["neighborhood"], hood_ids)
    withheld[-1] = totals_withheld
    results["neighborhood"] = Suppression(values, withheld, np.zeros_like(withheld))
    n_hood = len(hood_ids)
    links: list[Link] = []
    for j, code in enumerate(mapped):
        links.append(
            (("neighborhood", n_hood, j), ("trend", len(periods) - 1, categories.index(code)))
        )
    cells = _areas(snapshot, "cell").drop(index="outside")
    pieces = _pieces_by_hood(cells)
    for h, hood in enumerate(hood_ids):
        if hood not in pieces:
            continue
        values, withheld = table(cells, recount["cell"], pieces[hood])
        withheld[-1] = results["neighborhood"].withheld[h]
        name = f"cell:{hood}"
        results[name] = Suppression(values, withheld, np.zeros_like(withheld))
        for j in range(len(mapped) + 1):
            links.append((("neighborhood", h, j), (name, len(pieces[hood]), j)))
    return results, links


def _pieces_by_hood(cells: pd.DataFrame) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for area_id in cells.index:
        match = PIECE_ID.match(str(area_id))
        assert match is not None, area_id
        out.setdefault(match.group(4), []).append(str(area_id))
    return out


def test_no_withheld_count_is_recoverable(
    snapshot: Snapshot, recount: dict[str, pd.DataFrame]
) -> None:
    results, links = _suppressions(snapshot, recount)
    for name, s in results.items():
        assert not recoverable(s).any(), name
    assert not any(m.any() for m in recoverable_linked(results, links).values())
    assert sum(name.startswith("cell:") for name in results) == len(
        _pieces_by_hood(_areas(snapshot, "cell").drop(index="outside"))
    )
    # the attacker's LP over every table together (the neighbourhoods, every piece table,
    # the trend; withheld counts >= 1, the nesting as links), for a sample of withheld
    # cells: every withheld neighbourhood and trend total, the withheld pieces of the
    # primary counts, and more drawn at random
    rng = np.random.default_rng(0)
    sample: set[tuple[str, int, int]] = set()
    pieces: list[tuple[str, int, int]] = []
    for name, s in results.items():
        cells = [(name, int(i), int(j)) for i, j in np.argwhere(s.withheld)]
        last_row, last_col = s.values.shape[0] - 1, s.values.shape[1] - 1
        if name.startswith("cell:"):
            pieces += [c for c in cells if c[1] < last_row and s.values[c[1], c[2]] < MIN_COUNT]
            continue
        sample |= {c for c in cells if c[1] == last_row or c[2] == last_col}
        picks = rng.choice(len(cells), size=min(10, len(cells)), replace=False)
        sample |= {cells[k] for k in picks}
    picks = rng.choice(len(pieces), size=min(40, len(pieces)), replace=False)
    sample |= {pieces[k] for k in picks}
    ranges = _lp_ranges(results, links, only=sample)
    checked = [ranges[n][i, j] for n, i, j in sample]
    assert len(checked) >= 60
    assert min(checked) >= 1 - 1e-7


# -- the two geographies nest -----------------------------------------------------------


def test_pieces_nest_in_the_neighbourhoods(
    demo: tuple[Workspace, Layers], snapshot: Snapshot
) -> None:
    """Every piece lies in its grid cell and in exactly one neighbourhood (the one its id and
    name give), the pieces of a neighbourhood cover it, and their published counts add up
    to its row: exactly where none is withheld, with room for >= 1 per withheld one."""
    ws, layers = demo
    crs = ws.projected_crs
    hoods = _areas(snapshot, "neighborhood").drop(index="outside")
    hood_geoms = gpd.GeoSeries(hoods.geometry, crs="EPSG:4326").to_crs(crs)
    assert_allclose(
        hood_geoms.area.to_numpy(), layers["neighborhoods"].to_crs(crs).area.to_numpy(), rtol=1e-7
    )
    cells = _areas(snapshot, "cell").drop(index="outside")
    piece_geoms = gpd.GeoSeries(cells.geometry, crs="EPSG:4326").to_crs(crs)
    assert snapshot.meta["cell_pieces"] is True
    assert snapshot.meta["n_areas"] == {"neighborhood": len(hoods), "cell": len(cells)}
    tol = 1e-6 * CELL_M**2  # the round trip through EPSG:4326 moves vertices by < 1 mm
    tree = shapely.STRtree(hood_geoms.to_numpy())
    for (area_id, row), piece in zip(cells.iterrows(), piece_geoms, strict=True):
        match = PIECE_ID.match(str(area_id))
        assert match is not None, area_id
        size, x, y, hood = match.groups()
        assert float(size) == CELL_M
        assert row["name"] == hoods.loc[hood, "name"]
        assert piece.area > 0
        box = shapely.box(float(x), float(y), float(x) + CELL_M, float(y) + CELL_M)
        assert shapely.area(shapely.difference(piece, box)) < tol, area_id
        shared = {
            str(hoods.index[k]): shapely.area(shapely.intersection(piece, hood_geoms.iloc[k]))
            for k in tree.query(piece)
        }
        assert max(shared, key=lambda h: shared[h]) == hood, area_id
        assert all(a < tol for h, a in shared.items() if h != hood), area_id
        assert shapely.area(shapely.difference(piece, hood_geoms.loc[hood])) < tol, area_id
    by_hood = _pieces_by_hood(cells)
    assert set(by_hood) == set(hoods.index)  # every demo neighbourhood has pieces
    corners = {str(a).rsplit("-", 1)[0] for a in cells.index}
    assert len(corners) < len(cells)  # some cells straddle a boundary: cut in two or more
    mapped = mapped_categories()
    exact = 0
    for hood, ids in by_hood.items():
        assert_allclose(piece_geoms.loc[ids].area.sum(), hood_geoms.loc[hood].area, rtol=1e-7)
        for code in [*mapped, "total"]:
            parts = cells.loc[ids, code]
            whole = hoods.loc[hood, code]
            published = int(parts.dropna().sum())
            n_withheld = int(parts.isna().sum())
            if pd.isna(whole):
                continue
            if n_withheld == 0:
                assert published == whole, (hood, code)
                exact += 1
            else:
                assert whole - published >= n_withheld, (hood, code)
    assert exact > 100


def test_overlapping_neighbourhoods_are_cut_where_their_incidents_count() -> None:
    """Where two neighbourhoods overlap, the overlap's incidents count in the first (the
    join's rule), so the pieces are cut from the first only; a neighbourhood without a
    geometry has no piece. Every piece's count adds up to its neighbourhood's."""
    x0, y0 = 4_600_000.0, 1_900_000.0  # cell-aligned, as the grid is
    crs = "EPSG:9377"
    hoods = gpd.GeoDataFrame(
        {"neighborhood_id": ["A", "B", "C"], "name": ["a", "b", "c"], "population": 1e4},
        geometry=gpd.GeoSeries(
            [
                shapely.box(x0, y0, x0 + 1000, y0 + 1000),
                shapely.box(x0 + 750, y0, x0 + 1750, y0 + 1000),
                None,
            ],
            crs=crs,
        ),
        crs=crs,
    )
    # 5 thefts at each spot: in A only (two), in the overlap (two), in B only (two)
    spots = [(250, 250), (600, 750), (900, 250), (900, 750), (1200, 250), (1600, 750)]
    xy = np.repeat(np.array(spots, dtype=float), 5, axis=0) + [x0, y0]
    incidents = gpd.GeoDataFrame(
        {"occurred_at": [pd.Timestamp("2025-03-10")] * len(xy), "category": "theft"},
        geometry=gpd.GeoSeries.from_xy(xy[:, 0], xy[:, 1], crs=crs),
        crs=crs,
    )
    snap = build_snapshot(
        incidents,
        hoods,
        spaces=None,
        programs=None,
        territories=None,
        start=date(2025, 3, 1),
        end=date(2025, 3, 31),
        min_count=2,
        cell_m=CELL_M,
        crs=crs,
        city="t",
        synthetic=True,
        source="test",
        content_hash="x",
    )
    cells = _areas(snap, "cell").drop(index="outside")
    theft = {str(k): int(v) for k, v in cells["theft"].items()}
    e, n = int(x0), int(y0)
    assert theft == {
        f"500mE{e}N{n + 500}-A": 0,
        f"500mE{e + 500}N{n + 500}-A": 10,  # (600, 750) and (900, 750), the overlap's
        f"500mE{e}N{n}-A": 5,
        f"500mE{e + 500}N{n}-A": 5,
        f"500mE{e + 1000}N{n + 500}-B": 0,
        f"500mE{e + 1500}N{n + 500}-B": 5,
        f"500mE{e + 1000}N{n}-B": 5,
        f"500mE{e + 1500}N{n}-B": 0,
    }
    hoods_out = _areas(snap, "neighborhood")
    assert hoods_out.loc["A", "theft"] == 20 and hoods_out.loc["B", "theft"] == 10
    assert hoods_out.loc["C", "theft"] == 0
    pieces = gpd.GeoSeries(cells.geometry, crs="EPSG:4326").to_crs(crs)
    assert_allclose(pieces.area.to_numpy(), [CELL_M**2] * 4 + [CELL_M**2, CELL_M**2 / 2] * 2)
    assert snap.meta["n_areas"] == {"neighborhood": 3, "cell": 8}
    assert snap.meta["n_piece_tables"] == 2


Atom = tuple[str, int, int]


def _subtraction_attack(
    atoms: list[Atom],
    rows: dict[str, list[int]],
    published: pd.DataFrame,
    *,
    only: set[tuple[str, str]] | None = None,
) -> list[tuple[str, str, float, float]]:
    """The reviewer's differencing attack, one column at a time, as a linear programme.

    The unknowns are the true counts (``>= 0``) of the *atoms*: the parts of the grid
    cells inside each neighbourhood, which anyone can draw from the published polygons.
    Each published row (``rows``: its atoms) fixes the sum of its atoms; each withheld
    row's sum is at least 1, since zeros are published. Returns the withheld rows the
    LP pins to a range narrower than 1, ``(area_id, column, low, high)``; of those in
    ``only`` (``(area_id, column)``), if given.
    """
    found: list[tuple[str, str, float, float]] = []
    ids = list(rows)
    r_of = [r for r, area_id in enumerate(ids) for _ in rows[area_id]]
    a_of = [a for area_id in ids for a in rows[area_id]]
    matrix = scipy.sparse.csr_matrix(
        (np.ones(len(r_of)), (r_of, a_of)), shape=(len(ids), len(atoms))
    )
    for column in published.columns:
        values = published.loc[ids, column].to_numpy(dtype=float)
        known = ~np.isnan(values)
        a_eq, b_eq = matrix[known], values[known]
        a_ub, b_ub = -matrix[~known], -np.ones(int((~known).sum()))
        for r in np.flatnonzero(~known):
            if only is not None and (ids[r], str(column)) not in only:
                continue
            objective = matrix[[r]].toarray().ravel()
            low = linprog(objective, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq)
            high = linprog(-objective, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq)
            assert low.status == 0, (ids[r], column, low.message)  # the truth is feasible
            top = np.inf if high.status == 3 else -high.fun
            if top - low.fun < 1 - 1e-7:
                found.append((ids[r], str(column), round(low.fun, 6), round(top, 6)))
    return found


def test_the_attack_pins_counts_of_cells_that_do_not_nest() -> None:
    """The review's example: whole cells over two neighbourhoods. N publishes 17, its
    neighbour M 0; of N's four cells two publish 5 and 10 and two (shared with M) are
    withheld: 17 - 5 - 10 = 2 over two withheld counts >= 1 pins both at 1."""
    atoms: list[Atom] = [
        ("N", 0, 0),
        ("N", 1, 0),
        ("N", 2, 0),
        ("N", 3, 0),
        ("M", 2, 0),
        ("M", 3, 0),
    ]
    rows = {"N": [0, 1, 2, 3], "M": [4, 5], "c0": [0], "c1": [1], "c2": [2, 4], "c3": [3, 5]}
    published = pd.DataFrame(
        {"total": [17, 0, 5, 10, np.nan, np.nan]}, index=["N", "M", "c0", "c1", "c2", "c3"]
    )
    assert sorted(_subtraction_attack(atoms, rows, published)) == [
        ("c2", "total", 1.0, 1.0),
        ("c3", "total", 1.0, 1.0),
    ]
    # the same counts by piece, with N's withheld pieces given room (15 published of 17
    # and three withheld pieces): nothing is pinned
    rows = {"N": [0, 1, 2, 3], "M": [4, 5], "p0": [0], "p1": [1], "p2": [2], "p3": [3]}
    published = pd.DataFrame(
        {"total": [17, 0, 5, np.nan, np.nan, np.nan]}, index=["N", "M", "p0", "p1", "p2", "p3"]
    )
    assert _subtraction_attack(atoms, rows, published) == []


def _atoms(ws: Workspace, layers: Layers) -> list[Atom]:
    """The parts of the grid cells inside each neighbourhood, by ``geopandas.overlay``."""
    crs = ws.projected_crs
    hoods = layers["neighborhoods"].to_crs(crs)[["neighborhood_id", "geometry"]]
    xmin, ymin, xmax, ymax = hoods.total_bounds
    gi, gj = np.meshgrid(
        np.arange(np.floor(xmin / CELL_M), np.ceil(xmax / CELL_M)),
        np.arange(np.floor(ymin / CELL_M), np.ceil(ymax / CELL_M)),
    )
    i, j = gi.ravel().astype(int), gj.ravel().astype(int)
    grid = gpd.GeoDataFrame(
        {"i": i, "j": j},
        geometry=shapely.box(i * CELL_M, j * CELL_M, (i + 1) * CELL_M, (j + 1) * CELL_M),
        crs=crs,
    )
    parts = gpd.overlay(hoods, grid, how="intersection", keep_geom_type=True)
    parts = parts[parts.area > 0]
    return [
        (str(h), int(a), int(b))
        for h, a, b in zip(parts["neighborhood_id"], parts["i"], parts["j"], strict=True)
    ]


def test_the_reviewers_subtraction_pins_no_withheld_count(
    demo: tuple[Workspace, Layers], snapshot: Snapshot
) -> None:
    """The review's attack on the published snapshot: every neighbourhood row and every
    piece row over the atoms, column by column; no withheld count is pinned (checked for
    a sample of 60 withheld neighbourhood counts and 120 withheld piece counts, to keep
    the test short; the whole attack, every withheld count, takes about 10 s and finds
    nothing either, where on whole cells it pins three)."""
    atoms = _atoms(*demo)
    index = {atom: k for k, atom in enumerate(atoms)}
    rows: dict[str, list[int]] = {}
    hoods = _areas(snapshot, "neighborhood").drop(index="outside")
    for hood in hoods.index:
        rows[str(hood)] = [k for (h, _, _), k in index.items() if h == hood]
    cells = _areas(snapshot, "cell").drop(index="outside")
    for area_id in cells.index:
        match = PIECE_ID.match(str(area_id))
        assert match is not None, area_id
        _, x, y, hood = match.groups()
        atom = (hood, round(float(x) / CELL_M), round(float(y) / CELL_M))
        rows[str(area_id)] = [index[atom]]  # a piece is one atom: the geographies nest
    assert len(rows) == len(hoods) + len(cells) == len(hoods) + len(atoms)
    columns = [*mapped_categories(), "total"]
    published = pd.concat([hoods[columns], cells[columns]]).astype("Float64").astype(float)
    rr, cc = np.nonzero(published.isna().to_numpy())
    withheld = [(str(published.index[r]), columns[c]) for r, c in zip(rr, cc, strict=True)]
    in_hoods = [w for w in withheld if w[0] in hoods.index]
    in_pieces = [w for w in withheld if w[0] in cells.index]
    assert len(in_pieces) > 500  # many pieces hold small counts: the attack has targets
    rng = np.random.default_rng(0)
    only = {in_pieces[k] for k in rng.choice(len(in_pieces), size=120, replace=False)}
    only |= {in_hoods[k] for k in rng.choice(len(in_hoods), size=60, replace=False)}
    assert _subtraction_attack(atoms, rows, published, only=only) == []


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
