"""The gestores' territories: shapes, assignment by area, workload definitions, evaluation, proposals."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from shapely import Point, Polygon, box

from geo.workspace import Workspace
from models.districting import DistrictingError
from models.events import CODES, Events
from models.territories import (
    TEAM_COLUMNS,
    ProposalSpec,
    TerritoryError,
    TerritoryInputs,
    TerritoryProposal,
    TerritorySpec,
    assign,
    balance_figures,
    barrio_workload,
    diameter,
    evaluate,
    polsby_popper,
    propose,
)

CRS = "EPSG:9377"
X0, Y0 = 4_700_000.0, 1_950_000.0


# -- shapes ----------------------------------------------------------------------------


def test_polsby_popper_of_a_square_a_strip_and_a_disc() -> None:
    shapes = np.array(
        [
            box(0, 0, 1, 1),
            box(X0, Y0, X0 + 1, Y0 + 10),
            Point(0, 0).buffer(1000.0, quad_segs=256),
            Polygon(),
        ],
        dtype=object,
    )
    pp = polsby_popper(shapes)
    assert_allclose(pp[0], math.pi / 4, rtol=1e-12)
    assert_allclose(pp[1], 0.2596, atol=1e-4)
    assert_allclose(pp[1], 4 * math.pi * 10 / 22**2, rtol=1e-9)
    assert_allclose(pp[2], 1.0, atol=1e-4)
    assert math.isnan(pp[3])
    # a multipolygon: its parts' areas and perimeters add up
    two = gpd.GeoSeries([box(0, 0, 1, 1).union(box(5, 5, 6, 6))])
    assert_allclose(polsby_popper(two), [4 * math.pi * 2 / 8**2])


def test_diameter_is_the_longest_distance_across() -> None:
    shapes = np.array(
        [
            box(0, 0, 3, 4),
            box(X0, Y0, X0 + 300, Y0 + 400),
            Point(0, 0).buffer(10.0, quad_segs=64),
            Polygon(),
            box(0, 0, 1, 1).union(box(5, 5, 6, 6)),
        ],
        dtype=object,
    )
    d = diameter(shapes)
    assert_allclose(d[0], 5.0)
    assert_allclose(d[1], 500.0)
    assert_allclose(d[2], 20.0, rtol=1e-3)
    assert math.isnan(d[3])
    assert_allclose(d[4], math.hypot(6, 6))


def test_balance_figures() -> None:
    cv, max_min = balance_figures(np.array([10.0, 20.0, 30.0]))
    assert_allclose(cv, np.std([10, 20, 30]) / 20.0)
    assert max_min == pytest.approx(3.0)
    assert balance_figures(np.array([0.0, 5.0]))[1] is None
    cv0, none = balance_figures(np.zeros(3))
    assert math.isnan(cv0)
    assert none is None


# -- assignment by area ----------------------------------------------------------------


def _row_of_hoods(n: int, side: float = 1000.0) -> gpd.GeoDataFrame:
    ids = [chr(ord("A") + k) for k in range(n)]
    return gpd.GeoDataFrame(
        {"neighborhood_id": ids, "name": ids, "population": [1000] * n},
        geometry=[box(X0 + k * side, Y0, X0 + (k + 1) * side, Y0 + side) for k in range(n)],
        crs=CRS,
    )


def _territories(boxes: list[tuple[float, float]]) -> gpd.GeoDataFrame:
    """Territories spanning ``x`` from ``a`` to ``b`` metres east of X0 (the hoods' full height)."""
    return gpd.GeoDataFrame(
        {"territory_id": [f"T{k + 1}" for k in range(len(boxes))]},
        geometry=[box(X0 + a, Y0, X0 + b, Y0 + 1000.0) for a, b in boxes],
        crs=CRS,
    )


def test_assign_by_largest_area_with_splits_and_uncovered_barrios() -> None:
    hoods = _row_of_hoods(4)  # A B C D, 1 km squares west to east
    # T1 holds A and 60 % of B; T2 40 % of B, all of C and 30 % of D; 70 % of D is outside
    terr = _territories([(0.0, 1600.0), (1600.0, 3300.0)])
    a = assign(hoods, terr)
    assert_array_equal(a.row, [0, 0, 1, -1])
    assert_allclose(a.share, [1.0, 0.6, 1.0, 0.0], atol=1e-9)
    assert_allclose(a.outside, [0.0, 0.0, 0.0, 0.7], atol=1e-9)
    assert a.splits["neighborhood_id"].tolist() == ["B", "B"]
    assert a.splits["territory_id"].tolist() == ["T1", "T2"]
    assert_allclose(a.splits["share"].to_numpy(), [0.6, 0.4], atol=1e-9)


def test_assign_the_largest_part_wins_when_it_beats_the_outside() -> None:
    hoods = _row_of_hoods(2)
    # A: 55 % in T1, 45 % outside -> T1. B: 40 % T2, 35 % T3, 25 % outside -> T2 (a plurality)
    terr = _territories([(0.0, 550.0), (1000.0, 1400.0), (1400.0, 1750.0)])
    a = assign(hoods, terr)
    assert_array_equal(a.row, [0, 1])
    assert_allclose(a.share, [0.55, 0.4], atol=1e-9)
    assert_allclose(a.outside, [0.45, 0.25], atol=1e-9)
    assert a.splits["neighborhood_id"].tolist() == ["B", "B"]
    assert a.splits["territory_id"].tolist() == ["T2", "T3"]
    # a sliver under SPLIT_MIN (5 %) of a second territory is no split
    sliver = _territories([(0.0, 970.0), (970.0, 2000.0)])
    b = assign(hoods, sliver)
    assert_array_equal(b.row, [0, 1])
    assert b.splits.empty


def test_assign_reprojects_territories_and_handles_none() -> None:
    hoods = _row_of_hoods(4)
    terr = _territories([(0.0, 1600.0), (1600.0, 3300.0)])
    a = assign(hoods, terr.to_crs("EPSG:4326"))
    assert_array_equal(a.row, [0, 0, 1, -1])
    assert_allclose(a.share, [1.0, 0.6, 1.0, 0.0], atol=1e-3)
    empty = assign(hoods, None)
    assert_array_equal(empty.row, [-1] * 4)
    assert_allclose(empty.outside, 1.0)
    assert empty.splits.empty
    assert_array_equal(assign(hoods, terr.iloc[0:0]).row, [-1] * 4)


# -- workload definitions --------------------------------------------------------------


def _hoods3() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "neighborhood_id": ["A", "B", "C"],
            "name": ["Alfa", "Beta", "Gama"],
            "population": [12_000, 8_000, 500],
            "youth_population": [3_000, 1_000, 100],
            "vulnerability": [0.9, 0.4, 0.1],
            "comuna": ["1", "1", "2"],
        },
        geometry=[box(X0 + k * 1000, Y0, X0 + (k + 1) * 1000, Y0 + 1000) for k in range(3)],
        crs=CRS,
    )


#: (barrio row or -1, category, when)
_INCIDENTS: list[tuple[int, str, str]] = [
    (0, "homicide", "2025-06-01 02:00"),
    (0, "fight", "2025-01-01 00:30"),  # the window's first day
    (0, "fight", "2025-12-31 23:00"),  # the last incident: the window ends this day
    (0, "theft", "2025-03-01 12:00"),  # property: counted by incidents and harm only
    (0, "homicide", "2024-12-31 22:00"),  # the day before the window
    (1, "noise", "2025-05-01 21:00"),
    (1, "other", "2025-05-02 21:00"),
    (1, "injury", "2024-06-01 21:00"),  # a year and a half before the end
    (-1, "homicide", "2025-07-01 03:00"),  # in no barrio
]


def _inputs(hoods: gpd.GeoDataFrame | None = None, *, events: bool = True) -> TerritoryInputs:
    hoods = _hoods3() if hoods is None else hoods
    rows = _INCIDENTS if events else []
    hood_of = np.array([r for r, _, _ in rows], dtype=np.int64)
    x = np.array([X0 + 500.0 + 1000.0 * r if r >= 0 else X0 - 5000.0 for r, _, _ in rows])
    ev = Events(
        x=x,
        y=np.full(len(rows), Y0 + 500.0),
        code=np.array([CODES.index(c) for _, c, _ in rows], dtype=np.int8),
        when=pd.to_datetime([t for _, _, t in rows]).to_numpy(dtype="datetime64[ns]"),
    )
    return TerritoryInputs(hoods=hoods, territories=None, events=ev, hood_of=hood_of)


H_HOMICIDE, H_FIGHT, H_THEFT, H_NOISE, H_OTHER, H_INJURY = 5475.0, 10.0, 7.0, 1.0, 1.0, 365.0


@pytest.mark.parametrize(
    ("balance", "expected"),
    [
        # violence + convivencia, harm-weighted, last 12 months, in a barrio
        ("workload", [H_HOMICIDE + 2 * H_FIGHT, H_NOISE, 0.0]),
        # every incident of the window, counted
        ("incidents", [4.0, 2.0, 0.0]),
        # every incident of the window, harm-weighted
        ("harm", [H_HOMICIDE + 2 * H_FIGHT + H_THEFT, H_NOISE + H_OTHER, 0.0]),
    ],
)
def test_incident_workloads_over_the_last_twelve_months(
    balance: str, expected: list[float]
) -> None:
    values, definition = barrio_workload(_inputs(), TerritorySpec(balance=balance))
    assert_allclose(values, expected)
    assert definition.balance == balance
    assert definition.column is False
    assert definition.start == date(2025, 1, 1)
    assert definition.end == date(2025, 12, 31)
    assert definition.months == 12
    assert definition.total == pytest.approx(sum(expected))


def test_the_window_follows_until_and_months() -> None:
    inputs = _inputs()
    values, definition = barrio_workload(inputs, TerritorySpec(), until=date(2025, 6, 30))
    # 2024-07-01 .. 2025-06-30: both homicides and the January fight; B's injury is too old
    assert_allclose(values, [2 * H_HOMICIDE + H_FIGHT, H_NOISE, 0.0])
    assert definition.start == date(2024, 7, 1)
    values6, def6 = barrio_workload(inputs, TerritorySpec(months=6))
    assert_allclose(values6, [H_FIGHT, 0.0, 0.0])  # 2025-07-01 .. 2025-12-31
    assert def6.start == date(2025, 7, 1)


def test_no_incidents_gives_no_workload_and_no_window() -> None:
    values, definition = barrio_workload(_inputs(events=False), TerritorySpec())
    assert_allclose(values, 0.0)
    assert definition.start is None
    assert definition.end is None
    assert definition.total == 0.0


@pytest.mark.parametrize(
    ("balance", "column", "expected", "is_column"),
    [
        ("population", "population", [12_000, 8_000, 500], False),
        ("youth", "youth_population", [3_000, 1_000, 100], False),
        ("vulnerability", "vulnerability", [0.9, 0.4, 0.1], True),
    ],
)
def test_column_workloads(
    balance: str, column: str, expected: list[float], is_column: bool
) -> None:
    values, definition = barrio_workload(_inputs(), TerritorySpec(balance=balance))
    assert_allclose(values, expected)
    assert definition.column is is_column
    assert definition.start is None
    assert definition.total == pytest.approx(sum(expected))
    assert column in _hoods3().columns


def test_a_missing_column_is_named() -> None:
    with pytest.raises(TerritoryError, match="no column `budget`") as info:
        barrio_workload(_inputs(), TerritorySpec(balance="budget"))
    assert "vulnerability" in str(info.value)  # it lists the numeric columns there are
    with pytest.raises(TerritoryError, match="`geometry`"):
        barrio_workload(_inputs(), TerritorySpec(balance="geometry"))


def test_a_column_with_blanks_names_the_barrios() -> None:
    hoods = _hoods3()
    hoods["population"] = [12_000, None, None]
    with pytest.raises(TerritoryError, match=r"`population`.*2 barrios \(B, C\)"):
        barrio_workload(_inputs(hoods), TerritorySpec(balance="population"))
    hoods = _hoods3()
    hoods["vulnerability"] = [0.9, -0.4, 0.1]
    with pytest.raises(TerritoryError, match=r"1 barrios \(B\)"):
        barrio_workload(_inputs(hoods), TerritorySpec(balance="vulnerability"))
    hoods = _hoods3()
    hoods["youth_population"] = ["3000", "n/a", "100"]
    with pytest.raises(TerritoryError, match=r"`youth_population`.*\(B\)"):
        barrio_workload(_inputs(hoods), TerritorySpec(balance="youth"))


def test_specs_refuse_bad_options() -> None:
    with pytest.raises(ValueError, match="balance"):
        TerritorySpec(balance=" ")
    with pytest.raises(ValueError, match="months"):
        TerritorySpec(months=0)
    with pytest.raises(ValueError, match="top_hotspots"):
        TerritorySpec(top_hotspots=-1)
    with pytest.raises(ValueError, match="teams"):
        ProposalSpec(teams=0)
    with pytest.raises(ValueError, match="compactness"):
        ProposalSpec(teams=2, compactness=1.5)
    with pytest.raises(ValueError, match="max_moves"):
        ProposalSpec(teams=2, max_moves=-1)
    assert ProposalSpec(teams=2, locks=("a", "b", "a")).locks == ("a", "b")


def test_inputs_refuse_degrees_and_duplicated_ids() -> None:
    with pytest.raises(ValueError, match="projected"):
        _inputs(_hoods3().to_crs("EPSG:4326"))
    hoods = _hoods3()
    hoods["neighborhood_id"] = ["A", "B", "A"]
    with pytest.raises(TerritoryError, match="`neighborhood_id` A"):
        _inputs(hoods)


# -- the demo city ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(small_workspace: Path) -> TerritoryInputs:
    return TerritoryInputs.from_workspace(Workspace(small_workspace))


def test_evaluate_the_demos_territories(demo: TerritoryInputs) -> None:
    assert demo.territories is not None
    ev = evaluate(demo)
    teams = ev.teams
    k = len(demo.territories)
    assert list(teams.columns) == [*TEAM_COLUMNS, "geometry"]
    assert teams["territory_id"].tolist() == demo.territories["territory_id"].astype(str).tolist()
    load = teams["workload"].to_numpy(float)
    assert_allclose(teams["target"], load.sum() / k)
    assert_allclose(teams["vs_target"].sum(), 0.0, atol=1e-9)
    assert_allclose(teams["vs_target"], load / (load.sum() / k) - 1.0)
    cv, max_min = balance_figures(load)
    assert ev.headline.cv == pytest.approx(cv)
    assert ev.headline.cv == pytest.approx(np.std(load) / np.mean(load))
    assert ev.headline.max_min == pytest.approx(max_min)
    assert ev.headline.teams == k
    # each team's workload is the sum over its barrios
    b = ev.barrios
    assert len(b) == len(demo.hoods)
    assert b["neighborhood_id"].is_unique
    by_team = b[b["territory_id"] != ""].groupby("territory_id")["workload"].sum()
    assert_allclose(by_team.reindex(teams["territory_id"]).fillna(0.0).to_numpy(), load)
    assert_array_equal(
        teams["barrios"].to_numpy(),
        b.groupby("territory_id").size().reindex(teams["territory_id"]).fillna(0).to_numpy(),
    )
    outside = b["territory_id"] == ""
    assert ev.headline.outside_barrios == int(outside.sum())
    assert ev.headline.outside_share == pytest.approx(
        b.loc[outside, "workload"].sum() / b["workload"].sum()
    )
    assert ev.workload.total == pytest.approx(b["workload"].sum())
    assert ev.workload.balance == "workload"
    assert ((teams["polsby_popper"] > 0) & (teams["polsby_popper"] <= 1)).all()
    assert (teams["diameter_m"] > 0).all()
    assert (teams["contiguous"] == (teams["parts"] == 1)).all()
    # the demo's territories are grown contiguous
    assert teams["contiguous"].all()


def test_evaluate_without_territories_says_so(demo: TerritoryInputs) -> None:
    bare = TerritoryInputs(
        hoods=demo.hoods, territories=None, events=demo.events, hood_of=demo.hood_of
    )
    with pytest.raises(TerritoryError, match="no territories"):
        evaluate(bare)


def _check_proposal(demo: TerritoryInputs, prop: TerritoryProposal, teams: int) -> None:
    b = prop.barrios
    n = len(demo.hoods)
    assert len(b) == n
    assert b["neighborhood_id"].tolist() == demo.hoods["neighborhood_id"].astype(str).tolist()
    assert (b["territory_id"] != "").all()
    assert set(b["territory_id"]) == set(prop.teams["territory_id"])
    assert len(prop.teams) == teams
    assert prop.teams["territory_id"].is_unique
    assert int(prop.teams["barrios"].sum()) == n
    assert prop.teams["contiguous"].all()
    assert (prop.teams["parts"] == 1).all()
    graph = demo.graph
    for r in range(teams):
        assert graph.parts(np.flatnonzero(prop.plan.labels == r)) == 1
    assert prop.headline.outside_barrios == 0
    assert prop.headline.outside_share == 0.0
    # moved and change agree with the current and proposed territories
    cur, new = b["current_territory"], b["territory_id"]
    moved = (cur != "") & (new != cur)
    assert_array_equal(b["moved"].to_numpy(), moved.to_numpy())
    assert prop.moved == int(moved.sum())
    expected = np.where(cur == "", "added", np.where(moved, "moved", "same"))
    assert_array_equal(b["change"].to_numpy(), expected)
    assert prop.before is not None
    assert cur.tolist() == prop.before.barrios["territory_id"].tolist()


@pytest.mark.parametrize("from_current", [False, True])
def test_propose_eight_balanced_territories_over_the_demo(
    demo: TerritoryInputs, from_current: bool
) -> None:
    prop = propose(demo, ProposalSpec(teams=8, from_current=from_current))
    _check_proposal(demo, prop, 8)
    assert prop.before is not None
    # the demo target: the workload's CV at most a quarter of today's
    assert prop.headline.cv <= prop.before.headline.cv / 4
    assert prop.headline.cv == pytest.approx(balance_figures(prop.teams["workload"])[0])
    assert set(prop.teams["territory_id"]) == set(prop.before.teams["territory_id"])
    if from_current:
        assert prop.teams["territory_id"].tolist() == prop.before.teams["territory_id"].tolist()
        assert prop.teams["team"].tolist() == prop.before.teams["team"].tolist()


def test_propose_keeps_locked_barrios_with_their_team(demo: TerritoryInputs) -> None:
    current = evaluate(demo).barrios
    held = current[current["territory_id"] != ""]
    locks = tuple(held.groupby("territory_id")["neighborhood_id"].first().iloc[[0, 3, 5]])
    for from_current in (True, False):
        prop = propose(demo, ProposalSpec(teams=8, locks=locks, from_current=from_current))
        _check_proposal(demo, prop, 8)
        mine = prop.barrios.set_index("neighborhood_id").loc[list(locks)]
        assert mine["locked"].all()
        assert (mine["territory_id"] == mine["current_territory"]).all()
        assert int(prop.barrios["locked"].sum()) == len(locks)


def test_propose_with_max_moves(demo: TerritoryInputs) -> None:
    prop = propose(demo, ProposalSpec(teams=8, from_current=True, max_moves=2))
    _check_proposal(demo, prop, 8)
    assert prop.moved <= 2


def test_propose_is_repeatable_and_balances_other_measures(demo: TerritoryInputs) -> None:
    a = propose(demo, ProposalSpec(teams=6, seed=3))
    b = propose(demo, ProposalSpec(teams=6, seed=3))
    assert a.barrios["territory_id"].tolist() == b.barrios["territory_id"].tolist()
    _check_proposal(demo, a, 6)
    pop = propose(demo, ProposalSpec(teams=5, measure=TerritorySpec(balance="population")))
    assert_allclose(pop.barrios["workload"], demo.hoods["population"].to_numpy(float))
    assert pop.workload.balance == "population"
    _check_proposal(demo, pop, 5)


def test_propose_more_teams_than_today_names_the_new_ones(demo: TerritoryInputs) -> None:
    prop = propose(demo, ProposalSpec(teams=10))
    _check_proposal(demo, prop, 10)
    ids = prop.teams["territory_id"].tolist()
    assert sorted(i for i in ids if i.startswith("N")) == ["N1", "N2"]


def test_propose_refuses_unknown_locks_and_infeasible_requests(demo: TerritoryInputs) -> None:
    with pytest.raises(DistrictingError, match="locked barrio NOPE-99 is not a neighborhood_id"):
        propose(demo, ProposalSpec(teams=8, locks=("NOPE-99",)))
    n = len(demo.hoods)
    with pytest.raises(DistrictingError, match=f"{n + 1} teams for {n} barrios"):
        propose(demo, ProposalSpec(teams=n + 1))
    with pytest.raises(DistrictingError, match="ask for 8 teams"):
        propose(demo, ProposalSpec(teams=6, from_current=True))
    bare = TerritoryInputs(
        hoods=demo.hoods, territories=None, events=demo.events, hood_of=demo.hood_of
    )
    with pytest.raises(DistrictingError, match="need the current territories"):
        propose(bare, ProposalSpec(teams=4, from_current=True))
    scratch = propose(bare, ProposalSpec(teams=4))
    assert scratch.before is None
    assert scratch.teams["territory_id"].tolist() == ["N1", "N2", "N3", "N4"]
    assert (scratch.barrios["change"] == "added").all()
