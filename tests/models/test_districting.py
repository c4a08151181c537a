"""The districting engine: rook adjacency, islands, balanced contiguous plans, locks, moves, errors."""

from __future__ import annotations

import math

import numpy as np
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from libpysal.weights import Rook
from numpy.testing import assert_allclose, assert_array_equal
from shapely import box

from models.districting import (
    COMPACTNESS_SCALE,
    DEFAULT_COMPACTNESS,
    DistrictingError,
    Link,
    Plan,
    Request,
    UnitGraph,
    match_labels,
    rook_pairs,
    solve,
)
from models.territories import balance_figures, polsby_popper

X0, Y0 = 4_700_000.0, 1_950_000.0  # EPSG:9377-like coordinates, millions of metres from the origin


def _grid(nx: int, ny: int, *, side: float = 1.0, x0: float = 0.0, y0: float = 0.0) -> np.ndarray:
    """``nx`` × ``ny`` squares, row by row from the bottom: cell ``(i, j)`` at position ``j*nx + i``."""
    return np.array(
        [
            box(x0 + i * side, y0 + j * side, x0 + (i + 1) * side, y0 + (j + 1) * side)
            for j in range(ny)
            for i in range(nx)
        ],
        dtype=object,
    )


def _pos(i: int, j: int, nx: int = 12) -> int:
    return j * nx + i


def _blocks(nx: int = 12, ny: int = 12) -> np.ndarray:
    """Eight current territories of 3 columns × 6 rows on the 12 × 12 grid."""
    i, j = np.meshgrid(np.arange(nx), np.arange(ny))
    out: np.ndarray = ((j.ravel() // 6) * 4 + i.ravel() // 3).astype(np.int64)
    return out


def _gamma(n: int, seed: int = 7) -> np.ndarray:
    out: np.ndarray = np.random.default_rng(seed).gamma(2.0, 5.0, n)
    return out


def _all_contiguous(graph: UnitGraph, labels: np.ndarray, k: int) -> list[int]:
    return [graph.parts(np.flatnonzero(labels == r)) for r in range(k)]


def _same_partition(a: np.ndarray, b: np.ndarray) -> bool:
    """Whether two labellings are the same partition (up to renumbering)."""
    pairs = set(zip(a.tolist(), b.tolist(), strict=True))
    return len(pairs) == len(set(a.tolist())) == len(set(b.tolist()))


def _moves(labels: np.ndarray, current: np.ndarray) -> int:
    return int(((current >= 0) & (labels != current)).sum())


@pytest.fixture(scope="module")
def grid12() -> tuple[np.ndarray, UnitGraph]:
    g = _grid(12, 12)
    return g, UnitGraph.from_polygons(g)


# -- adjacency -------------------------------------------------------------------------


def test_rook_neighbours_of_a_grid_and_no_corner_neighbours() -> None:
    graph = UnitGraph.from_polygons(_grid(3, 3))
    assert len(graph) == 9
    assert graph.links == ()
    assert graph.islands == ()
    assert_array_equal(graph.neighbors[4], [1, 3, 5, 7])  # the centre: four edges
    assert_array_equal(graph.neighbors[0], [1, 3])  # a corner cell: not the diagonal 4
    assert_array_equal(graph.neighbors[8], [5, 7])
    assert_array_equal(graph.neighbors[1], [0, 2, 4])
    assert_allclose(graph.area, 1.0)
    assert_allclose(graph.x, np.tile([-1.0, 0.0, 1.0], 3))  # centroids about the mean
    assert_allclose(graph.y, np.repeat([-1.0, 0.0, 1.0], 3))


def test_two_squares_meeting_at_a_corner_are_not_neighbours() -> None:
    geoms = np.array([box(0, 0, 1, 1), box(1, 1, 2, 2)], dtype=object)
    assert rook_pairs(geoms, 1e-3).shape == (0, 2)
    graph = UnitGraph.from_polygons(geoms)
    # they are joined only by a reported link (distance 0), never as rook neighbours
    assert len(graph.links) == 1
    assert graph.links[0].distance_m == pytest.approx(0.0)
    assert graph.parts(np.array([0, 1])) == 1
    assert graph.parts(np.array([0, 1]), links=False) == 2


def test_a_small_digitising_gap_still_counts_and_a_wide_one_does_not() -> None:
    small = 0.0005  # under the default tolerance, 1e-3 of a 1-unit side
    geoms = np.array(
        [box(0, 0, 1, 1), box(1 + small, 0, 2 + small, 1), box(0, 1 + small, 1, 2 + small)],
        dtype=object,
    )
    graph = UnitGraph.from_polygons(geoms)
    assert graph.links == ()
    assert_array_equal(graph.neighbors[0], [1, 2])
    wide = np.array([box(0, 0, 1, 1), box(1.01, 0, 2.01, 1)], dtype=object)
    assert rook_pairs(wide, 1e-3).shape == (0, 2)
    assert UnitGraph.from_polygons(wide).links[0].distance_m == pytest.approx(0.01)


def test_rook_pairs_match_libpysal_far_from_the_origin() -> None:
    """100 m squares at EPSG:9377 magnitudes: the same pairs as libpysal's Rook weights."""
    geoms = _grid(9, 7, side=100.0, x0=X0 + 0.3, y0=Y0 + 0.7)
    ours = {tuple(p) for p in rook_pairs(geoms, 0.1).tolist()}
    w = Rook.from_iterable(list(geoms))
    ref = {(i, j) for i, nb in w.neighbors.items() for j in nb if i < j}
    assert ours == ref
    assert len(ours) == 8 * 7 + 9 * 6


def test_parts_counts_connected_pieces() -> None:
    graph = UnitGraph.from_polygons(_grid(3, 3))
    assert graph.parts(np.array([], dtype=np.int64)) == 0
    assert graph.parts(np.array([0, 1, 2])) == 1
    assert graph.parts(np.array([0, 2])) == 2
    assert graph.parts(np.array([0, 4])) == 2  # diagonal: no rook contact
    assert graph.parts(np.array([0, 4, 8])) == 3
    assert graph.parts(np.array([0, 1, 4, 7, 8])) == 1
    assert graph.parts(np.array([0, 2, 6, 8, 4])) == 5


def test_a_polygon_without_area_is_refused_by_row() -> None:
    geoms = np.array([box(0, 0, 1, 1), shapely.Polygon()], dtype=object)
    with pytest.raises(DistrictingError, match="row 2"):
        UnitGraph.from_polygons(geoms)
    with pytest.raises(DistrictingError, match="no barrios"):
        UnitGraph.from_polygons(np.array([], dtype=object))


def test_from_lists_refuses_disconnected_units() -> None:
    with pytest.raises(DistrictingError, match="do not connect"):
        UnitGraph.from_lists(np.arange(4.0), np.zeros(4), np.ones(4), [[1], [0], [3], [2]])
    graph = UnitGraph.from_lists(np.arange(3.0), np.zeros(3), np.ones(3), [[1], [2], []])
    assert_array_equal(graph.neighbors[1], [0, 2])


# -- islands and cut-off groups --------------------------------------------------------


def test_an_island_is_linked_reported_and_kept_whole() -> None:
    geoms = np.append(_grid(4, 4), box(20, 20, 21, 21))
    graph = UnitGraph.from_polygons(geoms)
    island = 16
    assert graph.islands == (island,)
    assert len(graph.links) == 1
    link = graph.links[0]
    assert (link.a, link.b, link.island) == (island, 15, True)  # nearest: the cell (3, 3)
    assert link.distance_m == pytest.approx(math.hypot(16.0, 16.0))
    assert island in graph.neighbors[15].tolist()
    assert graph.parts(np.arange(17)) == 1
    assert graph.parts(np.arange(17), links=False) == 2
    for k in (2, 3, 5):
        plan = solve(graph, _gamma(17, seed=k), Request(k=k, seed=3))
        assert _all_contiguous(graph, plan.labels, k) == [1] * k
        mine = np.flatnonzero(plan.labels == plan.labels[island])
        # the island shares a territory only through its link: with its partner, or alone
        assert len(mine) == 1 or 15 in mine.tolist()


def test_a_cut_off_group_is_linked_but_is_not_an_island() -> None:
    geoms = np.concatenate([_grid(3, 3), _grid(2, 1, x0=10.0, y0=0.0)])
    graph = UnitGraph.from_polygons(geoms)
    assert graph.islands == ()
    assert len(graph.links) == 1
    link = graph.links[0]
    assert isinstance(link, Link)
    assert link.island is False
    assert (link.a, link.b) == (9, 2)  # box(10, 0, 11, 1) to box(2, 0, 3, 1)
    assert link.distance_m == pytest.approx(7.0)
    assert graph.parts(np.arange(11), links=False) == 2
    assert graph.parts(np.arange(11)) == 1


# -- balanced, contiguous, compact plans -----------------------------------------------


def test_twelve_by_twelve_gamma_workload_in_eight_balanced_contiguous_territories(
    grid12: tuple[np.ndarray, UnitGraph],
) -> None:
    _, graph = grid12
    w = _gamma(144)
    plan = solve(graph, w, Request(k=8, seed=1))
    assert isinstance(plan, Plan)
    assert plan.labels.shape == (144,)
    assert sorted(set(plan.labels.tolist())) == list(range(8))
    assert plan.k == 8
    assert _all_contiguous(graph, plan.labels, 8) == [1] * 8
    load = np.bincount(plan.labels, weights=w, minlength=8)
    assert_allclose(load.sum(), w.sum())
    cv, max_min = balance_figures(load)
    assert cv <= 0.10
    assert max_min is not None
    assert max_min <= 1.35
    # the reported balance term is the squared CV with equal targets
    assert_allclose(plan.balance, cv**2, rtol=1e-9)
    assert plan.starts == 4
    assert plan.iterations > 0


def _mean_polsby_popper(geoms: np.ndarray, labels: np.ndarray, k: int) -> float:
    shapes = np.array([shapely.union_all(geoms[labels == r]) for r in range(k)], dtype=object)
    return float(np.mean(polsby_popper(shapes)))


def test_compactness_weight_makes_rounder_territories(
    grid12: tuple[np.ndarray, UnitGraph],
) -> None:
    geoms, graph = grid12
    w = _gamma(144)
    loose = solve(graph, w, Request(k=8, compactness=0.0, seed=1))
    tight = solve(graph, w, Request(k=8, compactness=0.5, seed=1))
    pp_loose = _mean_polsby_popper(geoms, loose.labels, 8)
    pp_tight = _mean_polsby_popper(geoms, tight.labels, 8)
    assert pp_tight > pp_loose
    assert tight.compactness < loose.compactness
    assert _all_contiguous(graph, tight.labels, 8) == [1] * 8


def test_the_same_seed_gives_the_same_plan(grid12: tuple[np.ndarray, UnitGraph]) -> None:
    _, graph = grid12
    w = _gamma(144)
    a = solve(graph, w, Request(k=8, seed=11))
    b = solve(graph, w, Request(k=8, seed=11))
    c = solve(graph, w.copy(), Request(k=8, seed=11))
    assert_array_equal(a.labels, b.labels)
    assert_array_equal(a.labels, c.labels)
    assert a.objective == b.objective


def test_an_eight_by_eight_uniform_grid_in_four_is_the_quadrants() -> None:
    graph = UnitGraph.from_polygons(_grid(8, 8))
    i, j = np.meshgrid(np.arange(8), np.arange(8))
    quadrants = (j.ravel() // 4) * 2 + i.ravel() // 4
    for seed in (0, 1, 2):
        plan = solve(graph, np.ones(64), Request(k=4, seed=seed))
        assert _same_partition(plan.labels, quadrants)
        assert plan.balance == pytest.approx(0.0, abs=1e-12)


def test_one_team_takes_every_barrio() -> None:
    graph = UnitGraph.from_polygons(_grid(3, 2))
    plan = solve(graph, np.arange(6.0), Request(k=1))
    assert_array_equal(plan.labels, np.zeros(6))
    assert plan.balance == pytest.approx(0.0)


def test_as_many_teams_as_barrios_gives_one_each() -> None:
    graph = UnitGraph.from_polygons(_grid(3, 2))
    plan = solve(graph, np.ones(6), Request(k=6))
    assert sorted(plan.labels.tolist()) == list(range(6))


# -- locks -----------------------------------------------------------------------------


def test_locked_barrios_never_move_from_the_current_plan(
    grid12: tuple[np.ndarray, UnitGraph],
) -> None:
    _, graph = grid12
    w = _gamma(144)
    current = _blocks()
    # on block boundaries, where the search would like to trade barrios
    locked = tuple(
        _pos(i, j) for i, j in [(2, 0), (3, 0), (5, 5), (6, 6), (8, 5), (9, 6), (11, 11), (0, 6)]
    )
    plan = solve(
        graph,
        w,
        Request(k=8, current=tuple(current.tolist()), locked=locked, from_current=True, seed=2),
    )
    idx = np.array(locked)
    assert_array_equal(plan.labels[idx], current[idx])
    assert _all_contiguous(graph, plan.labels, 8) == [1] * 8
    assert sorted(set(plan.labels.tolist())) == list(range(8))
    assert plan.fixed == {int(r): int(r) for r in set(current[idx].tolist())}
    before, _ = balance_figures(np.bincount(current, weights=w, minlength=8))
    after, _ = balance_figures(np.bincount(plan.labels, weights=w, minlength=8))
    assert after < before  # the unlocked barrios did move to balance the work
    assert _moves(plan.labels, current) > 0


def test_locked_barrios_keep_their_territory_from_scratch(
    grid12: tuple[np.ndarray, UnitGraph],
) -> None:
    _, graph = grid12
    w = _gamma(144)
    current = _blocks()
    # block 0 locked at two barrios that do not touch, block 6 at one
    locked = (_pos(0, 0), _pos(2, 5), _pos(7, 8))
    plan = solve(graph, w, Request(k=8, current=tuple(current.tolist()), locked=locked, seed=4))
    idx = np.array(locked)
    assert current[idx].tolist() == [0, 0, 6]
    assert plan.fixed is not None
    for i in locked:
        assert plan.fixed[int(plan.labels[i])] == current[i]
    assert plan.labels[idx[0]] == plan.labels[idx[1]]
    assert plan.labels[idx[0]] != plan.labels[idx[2]]
    assert _all_contiguous(graph, plan.labels, 8) == [1] * 8
    assert sorted(set(plan.labels.tolist())) == list(range(8))
    # the renumbering keeps the locked territories' numbers
    order = match_labels(plan.labels, current, 8, plan.fixed)
    assert_array_equal(order[plan.labels[idx]], current[idx])
    assert sorted(order.tolist()) == list(range(8))
    cv, _ = balance_figures(np.bincount(plan.labels, weights=w, minlength=8))
    assert cv <= 0.10


def test_match_labels_renames_to_the_most_overlapping_current_territory() -> None:
    labels = np.array([0, 0, 1, 1, 2, 2])
    current = np.array([2, 2, 0, 0, 1, -1])
    assert_array_equal(match_labels(labels, current, 3), [2, 0, 1])
    # a territory more than the current ones gets none
    assert_array_equal(match_labels(labels, current, 2), [-1, 0, 1])
    # fixed numbers win over the overlap
    assert_array_equal(match_labels(labels, current, 3, {0: 1}), [1, 0, 2])


# -- moves from the current plan -------------------------------------------------------


def _current_with_gaps() -> np.ndarray:
    current = _blocks()
    i = np.arange(144) % 12
    current[i == 11] = -1  # the last column lies in no territory today
    return current


def test_max_moves_zero_keeps_the_current_plan_and_only_fills_the_gaps(
    grid12: tuple[np.ndarray, UnitGraph],
) -> None:
    _, graph = grid12
    w = _gamma(144)
    current = _current_with_gaps()
    plan = solve(
        graph,
        w,
        Request(k=8, current=tuple(current.tolist()), from_current=True, max_moves=0, seed=5),
    )
    held = current >= 0
    assert_array_equal(plan.labels[held], current[held])
    assert (plan.labels[~held] >= 0).all()
    assert _all_contiguous(graph, plan.labels, 8) == [1] * 8


def test_max_moves_caps_the_barrios_that_change_team(
    grid12: tuple[np.ndarray, UnitGraph],
) -> None:
    _, graph = grid12
    w = _gamma(144)
    current = _current_with_gaps()
    cur = tuple(current.tolist())
    free = solve(graph, w, Request(k=8, current=cur, from_current=True, seed=5))
    assert _moves(free.labels, current) > 3  # so the cap below binds
    for cap in (1, 3):
        plan = solve(graph, w, Request(k=8, current=cur, from_current=True, max_moves=cap, seed=5))
        assert _moves(plan.labels, current) <= cap
        assert _all_contiguous(graph, plan.labels, 8) == [1] * 8
        assert (plan.labels >= 0).all()


def test_max_moves_holds_when_a_current_territory_is_in_pieces() -> None:
    """A territory cut in pieces today: freeing its small piece is a move too.

    The plan must either keep within ``max_moves`` or refuse the request; it
    must not report a plan that moves more barrios than allowed.
    """
    graph = UnitGraph.from_polygons(_grid(6, 1))
    current = np.array([0, 1, 0, 1, -1, -1])  # territory 0 in two pieces (0 and 2)
    try:
        plan = solve(
            graph,
            np.ones(6),
            Request(k=2, current=tuple(current.tolist()), from_current=True, max_moves=0),
        )
    except DistrictingError:
        return
    assert _moves(plan.labels, current) == 0


# -- infeasible requests ---------------------------------------------------------------


def test_more_teams_than_barrios() -> None:
    graph = UnitGraph.from_polygons(_grid(2, 2))
    with pytest.raises(DistrictingError, match="5 teams for 4 barrios"):
        solve(graph, np.ones(4), Request(k=5))


def test_locks_split_by_another_teams_locks() -> None:
    graph = UnitGraph.from_polygons(_grid(5, 1))
    # from scratch: team 0 locked at both ends, team 1 locked in the middle
    with pytest.raises(DistrictingError, match="cannot be joined"):
        solve(graph, np.ones(5), Request(k=2, current=(0, 1, 1, 1, 0), locked=(0, 2, 4)))
    # from the current plan: the same, with territory 0 in two pieces today
    with pytest.raises(DistrictingError, match="cannot be joined"):
        solve(
            graph,
            np.ones(5),
            Request(k=2, current=(0, 0, 1, 0, 0), locked=(0, 2, 4), from_current=True),
        )


def test_max_moves_needs_from_current() -> None:
    graph = UnitGraph.from_polygons(_grid(4, 1))
    with pytest.raises(DistrictingError, match="from-current"):
        solve(graph, np.ones(4), Request(k=2, current=(0, 0, 1, 1), max_moves=1))


def test_from_current_needs_the_current_number_of_teams(
    grid12: tuple[np.ndarray, UnitGraph],
) -> None:
    _, graph = grid12
    cur = tuple(_blocks().tolist())
    with pytest.raises(DistrictingError, match=r"8 current territories: ask for 8 teams"):
        solve(graph, _gamma(144), Request(k=6, current=cur, from_current=True))


def test_options_that_need_a_current_plan_without_one() -> None:
    graph = UnitGraph.from_polygons(_grid(4, 1))
    with pytest.raises(DistrictingError, match="need the current territories"):
        solve(graph, np.ones(4), Request(k=2, from_current=True))
    with pytest.raises(DistrictingError, match="need the current territories"):
        solve(graph, np.ones(4), Request(k=2, locked=(0,)))
    with pytest.raises(DistrictingError, match="need the current territories"):
        solve(graph, np.ones(4), Request(k=2, current=(-1, -1, -1, -1), locked=(0,)))


@pytest.mark.parametrize(
    ("row", "value"),
    [(5, -1.0), (3, float("nan")), (0, float("inf"))],
)
def test_negative_or_missing_workload_is_refused_by_row(row: int, value: float) -> None:
    graph = UnitGraph.from_polygons(_grid(3, 3))
    w = np.ones(9)
    w[row] = value
    with pytest.raises(DistrictingError, match=f"row {row + 1} "):
        solve(graph, w, Request(k=2))


def test_no_workload_at_all() -> None:
    graph = UnitGraph.from_polygons(_grid(3, 3))
    with pytest.raises(DistrictingError, match="zero in every barrio"):
        solve(graph, np.zeros(9), Request(k=2))


@pytest.mark.parametrize(
    ("request_", "weights", "match"),
    [
        (Request(k=0), np.ones(4), "at least 1"),
        (Request(k=2, compactness=1.5), np.ones(4), "compactness"),
        (Request(k=2), np.ones(3), "one value per barrio"),
        (Request(k=2, current=(0, 1)), np.ones(4), "one territory per barrio"),
        (Request(k=2, current=(0, 0, 1, 1), locked=(7,)), np.ones(4), "position 7"),
        (Request(k=2, current=(0, -1, 1, 1), locked=(1,)), np.ones(4), "row 2 is locked"),
        (
            Request(k=2, current=(0, 0, 1, 1), from_current=True, max_moves=-1),
            np.ones(4),
            "at least 0",
        ),
        (
            Request(k=2, current=(0, 0, 1, 1), from_current=True, targets=(1.0,)),
            np.ones(4),
            "targets",
        ),
        (Request(k=1, current=(0, 1, 2, 2), locked=(0, 1)), np.ones(4), "more than the 1"),
    ],
)
def test_other_bad_requests(request_: Request, weights: np.ndarray, match: str) -> None:
    graph = UnitGraph.from_polygons(_grid(4, 1))
    with pytest.raises(DistrictingError, match=match):
        solve(graph, weights, request_)


def test_targets_set_unequal_shares() -> None:
    graph = UnitGraph.from_polygons(_grid(6, 1))
    plan = solve(
        graph,
        np.ones(6),
        Request(k=2, current=(0, 0, 0, 1, 1, 1), from_current=True, targets=(2.0, 1.0)),
    )
    assert_array_equal(np.bincount(plan.labels, minlength=2), [4, 2])
    assert plan.balance == pytest.approx(0.0, abs=1e-12)


# -- property: any rectangle, any workload ---------------------------------------------


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    nx=st.integers(1, 6),
    ny=st.integers(1, 6),
    k=st.integers(1, 5),
    seed=st.integers(0, 2**16),
)
def test_every_plan_covers_every_barrio_with_contiguous_territories(
    nx: int, ny: int, k: int, seed: int
) -> None:
    n = nx * ny
    graph = UnitGraph.from_polygons(_grid(nx, ny, side=50.0, x0=X0, y0=Y0))
    w = np.random.default_rng(seed).gamma(1.5, 2.0, n)
    if k > n:
        with pytest.raises(DistrictingError):
            solve(graph, w, Request(k=k, seed=seed))
        return
    plan = solve(graph, w, Request(k=k, seed=seed, starts=2))
    assert plan.labels.shape == (n,)
    assert sorted(set(plan.labels.tolist())) == list(range(k))
    assert _all_contiguous(graph, plan.labels, k) == [1] * k
    assert plan.objective == pytest.approx(
        plan.balance + DEFAULT_COMPACTNESS * COMPACTNESS_SCALE * plan.compactness
    )
