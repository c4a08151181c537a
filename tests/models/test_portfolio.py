"""Portfolio within a budget: exact against brute force and spopt's MCLP, greedy, constraints."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from itertools import combinations
from typing import Any, TypeVar

import numpy as np
import pytest
import scipy.sparse as sp
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal

from models.recommend.portfolio import (
    BUDGET_RTOL,
    InfeasiblePortfolio,
    Solution,
    coverage_matrix,
    solve_exact,
    solve_greedy,
    solve_portfolio,
)

T = TypeVar("T")


@dataclass
class Instance:
    coverage: np.ndarray  # (n, m) bool
    weight: np.ndarray
    cost: np.ndarray
    budget: float
    must: list[int]
    exclude: list[int]
    groups: list[str | None] | None
    per_group: bool
    done: np.ndarray | None

    def run(self, solver: Callable[..., T]) -> T:
        """``solver`` (solve_portfolio, solve_exact, solve_greedy) on this instance."""
        return solver(
            self.coverage,
            self.weight,
            self.cost,
            self.budget,
            must=self.must,
            exclude=self.exclude,
            groups=self.groups,
            per_group=self.per_group,
            already_covered=self.done,
        )

    def covered(self, chosen: set[int] | list[int] | tuple[int, ...]) -> float:
        """Objective of a set of candidates, straight from the definition."""
        cols = sorted(set(chosen))
        if not cols:
            return 0.0
        hit = self.coverage[:, cols].any(axis=1)
        if self.done is not None:
            hit &= ~self.done
        return math.fsum(self.weight[hit].tolist())

    def required_groups(self) -> set[str]:
        if not self.per_group or self.groups is None:
            return set()
        return {g for j, g in enumerate(self.groups) if g is not None and j not in self.exclude}

    def feasible(self, chosen: set[int]) -> bool:
        if not set(self.must) <= chosen or chosen & set(self.exclude):
            return False
        if math.fsum(self.cost[sorted(chosen)].tolist()) > self.budget * (1 + BUDGET_RTOL):
            return False
        groups = self.groups or []
        return all(any(groups[j] == g for j in chosen) for g in self.required_groups())

    def brute_force(self) -> float | None:
        """The best objective over every feasible subset; None when no subset is feasible."""
        m = self.coverage.shape[1]
        best: float | None = None
        for size in range(m + 1):
            for subset in combinations(range(m), size):
                if self.feasible(set(subset)):
                    value = self.covered(subset)
                    best = value if best is None else max(best, value)
        return best


@st.composite
def instances(draw: st.DrawFn, *, floats: bool = False) -> Instance:
    m = draw(st.integers(1, 8))
    n = draw(st.integers(1, 12))
    cells = draw(st.lists(st.booleans(), min_size=n * m, max_size=n * m))
    coverage = np.array(cells, dtype=bool).reshape(n, m)
    if floats:
        value = st.floats(0, 100, allow_subnormal=False)
        weight = np.array(draw(st.lists(value, min_size=n, max_size=n)))
        cost = np.array(
            draw(st.lists(st.floats(0, 50, allow_subnormal=False), min_size=m, max_size=m))
        )
    else:
        weight = np.array(draw(st.lists(st.integers(0, 20), min_size=n, max_size=n)), dtype=float)
        cost = np.array(draw(st.lists(st.integers(0, 10), min_size=m, max_size=m)), dtype=float)
    # a budget at random, or exactly the cost of a subset (a tie with the budget)
    subset = draw(st.lists(st.integers(0, m - 1), unique=True, max_size=m))
    budget = draw(
        st.one_of(
            st.just(math.fsum(cost[subset].tolist())),
            st.floats(0, 60, allow_subnormal=False) if floats else st.integers(0, 40).map(float),
        )
    )
    must = draw(st.lists(st.integers(0, m - 1), unique=True, max_size=2))
    exclude = draw(
        st.lists(st.sampled_from([j for j in range(m) if j not in must] or [-1]), unique=True)
    )
    exclude = [j for j in exclude if j >= 0]
    groups = draw(
        st.none() | st.lists(st.sampled_from([None, "a", "b", "c"]), min_size=m, max_size=m)
    )
    per_group = groups is not None and draw(st.booleans())
    done = draw(st.none() | st.lists(st.booleans(), min_size=n, max_size=n).map(np.array))
    return Instance(coverage, weight, cost, budget, must, exclude, groups, per_group, done)


def check_solution(inst: Instance, sol: Solution) -> None:
    """Constraints, objective, cost, marginal and order gains, recomputed from the definition."""
    chosen = list(sol.chosen)
    assert len(set(chosen)) == len(chosen)
    assert inst.feasible(set(chosen))
    assert sol.cost <= inst.budget * (1 + BUDGET_RTOL)
    assert sol.cost == pytest.approx(math.fsum(inst.cost[chosen].tolist()), rel=1e-12, abs=0)
    value = inst.covered(chosen)
    assert sol.objective == pytest.approx(value, rel=1e-9, abs=1e-9)
    m = inst.coverage.shape[1]
    assert sol.marginal_gain.shape == sol.order_gain.shape == (m,)
    expected = np.zeros(m)
    for j in chosen:
        expected[j] = value - inst.covered([k for k in chosen if k != j])
    assert_allclose(sol.marginal_gain, expected, atol=1e-9)
    order = np.zeros(m)
    for i, j in enumerate(chosen):
        order[j] = inst.covered(chosen[: i + 1]) - inst.covered(chosen[:i])
    assert_allclose(sol.order_gain, order, atol=1e-9)
    assert sol.order_gain.sum() == pytest.approx(sol.objective, abs=1e-9)


def check_against_brute_force(inst: Instance, *, atol: float) -> None:
    expected = inst.brute_force()
    if expected is None:
        with pytest.raises(InfeasiblePortfolio) as exact_error:
            inst.run(solve_portfolio)
        with pytest.raises(InfeasiblePortfolio):
            inst.run(solve_greedy)
        assert exact_error.value.constraint in ("must", "per_group")
        assert f"`{exact_error.value.constraint}`" in str(exact_error.value)
        return
    p = inst.run(solve_portfolio)
    assert p.exact.status == "optimal"
    assert p.greedy.status == "greedy"
    assert p.exact.objective == pytest.approx(expected, rel=1e-9, abs=atol)
    assert p.exact.bound is not None
    assert p.exact.bound >= p.exact.objective
    assert p.greedy.objective <= p.exact.objective + atol
    check_solution(inst, p.exact)
    check_solution(inst, p.greedy)
    # the exact portfolio is listed by marginal gain, largest first
    marginal = p.exact.marginal_gain[list(p.exact.chosen)]
    assert (np.diff(marginal) <= 1e-12).all()
    assert p.recommended is p.exact and not p.recommended_greedy
    if not inst.must and not inst.per_group:
        # Khuller, Moss & Naor's guarantee for greedy against the best single candidate
        assert p.greedy.objective >= (1 - 1 / math.e) / 2 * p.exact.objective - atol
    assert p.n_demand == inst.coverage.shape[0]
    assert p.total_weight == pytest.approx(inst.weight.sum())
    before = 0.0 if inst.done is None else inst.weight[inst.done].sum()
    assert p.covered_before == pytest.approx(before)


@given(instances())
@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_exact_equals_brute_force_with_integer_data(inst: Instance) -> None:
    check_against_brute_force(inst, atol=0.0)


@given(instances(floats=True))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_exact_equals_brute_force_with_float_data(inst: Instance) -> None:
    # HiGHS proves optimality to an absolute 1e-6 of the heaviest weight
    check_against_brute_force(inst, atol=1e-6 * max(1.0, float(inst.weight.max())))


@given(instances(), st.data())
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_merging_identical_coverage_changes_no_objective(
    inst: Instance, data: st.DataObject
) -> None:
    """Split every demand into copies with the same coverage (and shuffle): same answer."""
    n = inst.coverage.shape[0]
    copies = np.array(data.draw(st.lists(st.integers(1, 3), min_size=n, max_size=n)))
    rows = np.repeat(np.arange(n), copies)
    order = np.array(data.draw(st.permutations(list(range(rows.size)))))
    rows = rows[order]
    split = Instance(
        inst.coverage[rows],
        inst.weight[rows] / copies[rows],
        inst.cost,
        inst.budget,
        inst.must,
        inst.exclude,
        inst.groups,
        inst.per_group,
        None if inst.done is None else inst.done[rows],
    )
    try:
        original = inst.run(solve_portfolio)
    except InfeasiblePortfolio:
        with pytest.raises(InfeasiblePortfolio):
            split.run(solve_portfolio)
        return
    again = split.run(solve_portfolio)
    assert again.exact.objective == pytest.approx(original.exact.objective, rel=1e-12, abs=1e-12)
    assert again.greedy.objective == pytest.approx(original.greedy.objective, rel=1e-12, abs=1e-12)
    assert again.n_demand_reduced == original.n_demand_reduced
    assert again.n_demand == rows.size
    # the reduced instance has one demand per distinct set of covering candidates
    distinct = {tuple(np.flatnonzero(r)) for r in inst.coverage if r.any()}
    assert original.n_demand_reduced <= len(distinct)


def test_greedy_misses_what_the_exact_solution_finds() -> None:
    # the cheap space has the best ratio; the two others together cover more
    p = solve_portfolio(np.eye(3, dtype=bool), [3, 5, 5], [1, 2, 2], budget=4)
    assert p.exact.chosen == (1, 2) and p.exact.objective == 10.0 and p.exact.cost == 4.0
    assert p.greedy.chosen == (0, 1) and p.greedy.objective == 8.0
    assert p.gap == pytest.approx(0.2)
    assert_array_equal(p.exact.marginal_gain, [0, 5, 5])
    assert_array_equal(p.greedy.order_gain, [3, 5, 0])
    assert p.recommended is p.exact
    assert p.exact.mip_gap == pytest.approx(0.0, abs=1e-9)


def test_greedy_compares_with_the_best_single_candidate() -> None:
    # by ratio greedy takes the small space and then cannot afford the big one
    p = solve_portfolio(np.eye(2, dtype=bool), [2, 10], [1, 10], budget=10)
    assert p.greedy.chosen == (1,) and p.greedy.objective == 10.0
    assert p.exact.chosen == (1,)


@pytest.mark.parametrize(
    ("cost", "objective"), [([1.0, 5e-9], 1.0), ([1.0, 3e-7, 4e-7], 2.0), ([0.5, 0.5 + 1e-8], 1.0)]
)
def test_a_portfolio_over_the_budget_within_highs_tolerance_is_cut_off(
    cost: list[float], objective: float
) -> None:
    # HiGHS accepts rows to 1e-6 and first answers with every candidate
    s = solve_exact(np.eye(len(cost), dtype=bool), np.ones(len(cost)), cost, budget=1.0)
    assert s.status == "optimal"
    assert s.objective == objective
    assert s.cost <= 1.0


def test_explicit_zeros_cover_nothing_and_the_input_is_left_alone() -> None:
    coverage = sp.csr_array(([1.0, 0.0], ([0, 1], [0, 1])), shape=(2, 2))
    assert coverage.nnz == 2  # the zero is stored
    p = solve_portfolio(coverage, [1.0, 5.0], [1.0, 1.0], budget=1.0)
    assert p.exact.objective == 1.0 and p.greedy.objective == 1.0
    assert_array_equal(coverage.data, [1.0, 0.0])


def test_free_candidates_are_taken_when_they_gain_something() -> None:
    coverage = np.array([[1, 0, 0], [0, 0, 1], [0, 1, 0]], dtype=bool)
    coverage[:, 1] = coverage[:, 0]  # candidate 1 covers what 0 covers
    p = solve_portfolio(coverage, [3, 10, 0], [0, 0, 5], budget=0)
    assert p.greedy.chosen == (0,)  # 1 gains nothing once 0 is in; 2 costs too much
    assert p.exact.objective == 3.0 and len(p.exact.chosen) == 1  # no candidate that adds nothing
    assert p.exact.cost == 0.0


def test_must_exclude_groups_and_already_covered() -> None:
    coverage = np.array(
        [[1, 1, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 1, 1], [0, 0, 0, 1]], dtype=bool
    )
    weight = [10, 4, 1, 1, 8]
    cost = [1, 1, 1, 1]
    # no constraint: 0 and 3 (or 1 and 3)
    free = solve_exact(coverage, weight, cost, 2)
    assert free.chosen == (1, 3) and free.objective == 23.0
    # demand 0 already covered: 1 and 3 now
    done = np.array([True, False, False, False, False])
    assert solve_exact(coverage, weight, cost, 2, already_covered=done).chosen == (3, 1)
    # must include 2, exclude 3
    s = solve_exact(coverage, weight, cost, 2, must=[2], exclude=[3])
    assert set(s.chosen) == {1, 2} and s.objective == 16.0
    # one per group: "x" = {0, 1}, "y" = {2}, "z" = {3} excluded, so skipped
    p = solve_portfolio(
        coverage, weight, cost, 2, groups=["x", "x", "y", "z"], per_group=True, exclude=[3]
    )
    assert p.skipped_groups == ("z",)
    assert set(p.exact.chosen) == {1, 2} and p.exact.objective == 16.0
    assert 2 in p.greedy.chosen


def test_infeasible_constraints_name_the_constraint() -> None:
    coverage = np.ones((2, 3), dtype=bool)
    with pytest.raises(InfeasiblePortfolio, match="`must`") as error:
        solve_portfolio(coverage, [1, 1], [5, 5, 1], 8, must=[0, 1])
    assert error.value.constraint == "must" and error.value.need == 10
    with pytest.raises(InfeasiblePortfolio, match="`per_group`.*'b'") as error:
        solve_exact(coverage, [1, 1], [1, 1, 10], 5, groups=["a", "a", "b"], per_group=True)
    assert error.value.groups == ("b",)
    with pytest.raises(InfeasiblePortfolio, match="`per_group`") as error:
        solve_greedy(coverage, [1, 1], [3, 3, 3], 8, groups=["a", "b", "c"], per_group=True)
    assert error.value.need == 9 and error.value.budget == 8


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"cost": [1.0, math.nan, 2.0]}, "candidate 1 is NaN"),
        ({"cost": [1.0, -1.0, 2.0]}, "candidate 1 is -1"),
        ({"cost": [1.0, 2.0]}, "`cost` has shape"),
        ({"weight": [1.0, -2.0]}, "demand 1"),
        ({"weight": [1.0, math.inf]}, "demand 1"),
        ({"budget": -1.0}, "`budget`"),
        ({"must": [0], "exclude": [0, 2]}, r"\[0\] are in both"),
        ({"must": [3]}, "index 3 is out of range"),
        ({"exclude": [True]}, "indices"),
        ({"per_group": True}, "needs `groups`"),
        ({"groups": ["a"]}, "`groups` has shape"),
        ({"already_covered": [1, 0]}, "`already_covered`"),
        ({"coverage": np.array([[1, 0, 2], [0, 1, 0]])}, "row 0, column 2"),
        ({"time_limit": 0.0}, "`time_limit`"),
    ],
)
def test_bad_inputs_are_named(change: dict[str, Any], message: str) -> None:
    args: dict[str, Any] = {
        "coverage": np.array([[1, 0, 1], [0, 1, 0]], dtype=bool),
        "weight": [1.0, 2.0],
        "cost": [1.0, 1.0, 2.0],
        "budget": 3.0,
    }
    args.update(change)
    with pytest.raises(ValueError, match=message):
        solve_portfolio(**args)


def _random_city(m: int, n: int, seed: int) -> tuple[sp.csr_array, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    sites = rng.uniform(0, 5000, (m, 2))
    catchments = shapely.buffer(shapely.points(sites), rng.uniform(300, 700, m))
    coverage = coverage_matrix(rng.uniform(0, 5000, (n, 2)), list(catchments))
    return coverage, rng.lognormal(0, 1, n), rng.integers(50, 900, m).astype(float)


def test_a_time_limit_hit_is_reported() -> None:
    # this instance takes HiGHS about a second to prove optimal; 5 ms is far too little
    coverage, weight, cost = _random_city(150, 5000, seed=3)
    p = solve_portfolio(coverage, weight, cost, 12 * cost.mean(), time_limit=0.005)
    assert p.exact.status == "time_limit"
    assert p.exact.bound is not None
    # the bound is proved: no portfolio, the greedy one included, beats it
    assert p.exact.bound >= p.greedy.objective
    if math.isnan(p.exact.objective) or p.exact.objective < p.greedy.objective:
        assert p.recommended is p.greedy and p.recommended_greedy
    else:
        assert p.recommended is p.exact and not p.recommended_greedy
        assert p.exact.bound >= p.exact.objective


def test_coverage_matrix_is_points_in_polygons() -> None:
    rng = np.random.default_rng(0)
    xy = np.r_[rng.uniform(0, 1000, (300, 2)), [[100.0, 100.0], [200.0, 150.0]]]
    catchments = [
        shapely.Point(300, 300).buffer(250),
        shapely.box(0, 0, 100, 100),  # (100, 100) is on its boundary: covered
        None,
        shapely.Polygon(),
        shapely.box(150, 150, 900, 600),  # (200, 150) on its boundary
    ]
    a = coverage_matrix(xy, catchments)
    assert a.shape == (302, 5) and a.dtype == bool
    expected = np.array(
        [
            [g is not None and g.intersects(shapely.Point(p)) for g in catchments]
            for p in xy.tolist()
        ]
    )
    assert_array_equal(a.toarray(), expected)
    assert a[300, 1] and a[301, 4]
    with pytest.raises(ValueError, match="row 1"):
        coverage_matrix(np.array([[0.0, 0.0], [math.nan, 0.0]]), catchments)


# PuLP 3.3 deprecates what spopt 0.7 calls, and the CBC command the brief asks for
@pytest.mark.filterwarnings(
    r"ignore:Constructing LpVariable\(name, \.\.\.\) directly is deprecated:DeprecationWarning"
)
@pytest.mark.filterwarnings(r"ignore:PULP_CBC_CMD is deprecated:DeprecationWarning")
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_without_costs_equals_spopt_mclp(seed: int) -> None:
    """Unit costs and budget p: the same optimum as spopt's MCLP with p facilities (CBC)."""
    pulp = pytest.importorskip("pulp")
    locate = pytest.importorskip("spopt.locate")
    rng = np.random.default_rng(seed)
    m, n, p = 10, 80, 3
    sites = shapely.points(rng.uniform(0, 3000, (m, 2)))
    catchments = shapely.buffer(sites, rng.uniform(400, 800, m))
    demand = rng.uniform(0, 3000, (n, 2))
    weight = rng.gamma(0.8, 10.0, n)
    coverage = coverage_matrix(demand, list(catchments))
    # distance to each catchment, covered within 0 m: the same coverage as ours
    distance = shapely.distance(shapely.points(demand)[:, None], catchments[None, :])
    assert_array_equal(distance <= 0, coverage.toarray())
    mclp = locate.MCLP.from_cost_matrix(distance, weight, service_radius=0.0, p_facilities=p)
    mclp = mclp.solve(pulp.PULP_CBC_CMD(msg=False))
    ours = solve_exact(coverage, weight, np.ones(m), float(p))
    assert ours.objective == pytest.approx(pulp.value(mclp.problem.objective), rel=1e-9)
    assert len(ours.chosen) <= p
