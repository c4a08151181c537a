"""Portfolio within a budget: the spaces whose catchments cover the most need, each need counted once.

The problem is the maximal covering location problem (Church & ReVelle 1974)
with a budget in place of a number of facilities: the *budgeted maximum
coverage* problem. Candidates ``j = 0..m-1`` (public spaces) cost
``c_j >= 0``; demands ``i = 0..n-1`` (cells, with their harm-weighted need)
weigh ``w_i >= 0``; ``a_ij = 1`` when candidate ``j``'s catchment covers
demand ``i``. With ``x_j = 1`` for a chosen candidate and ``y_i`` the share of
demand ``i`` covered::

    maximise    sum_i w_i y_i
    subject to  y_i <= sum_j a_ij x_j              (covered once, however many cover it)
                sum_j c_j x_j <= budget
                x_j = 1 for j in must,   x_j = 0 for j in exclude
                sum_{j in g} x_j >= 1 for every group g            (per_group=True)
                x_j in {0, 1},   0 <= y_i <= 1

At an optimum ``y_i = min(1, sum_j a_ij x_j)``, so the objective is the
weight of the demand that at least one chosen candidate covers.

Options
-------
must, exclude
    Candidate indices that must be chosen / must not be. A candidate that
    costs more than the whole budget is treated as excluded.
groups, per_group
    One label per candidate (the comuna, say); a missing label (``None``,
    NaN) puts the candidate in no group. With ``per_group=True`` the
    portfolio holds at least one candidate of every group that has a
    candidate not in ``exclude``. A group whose candidates are all excluded
    is skipped (the planner took them out on purpose) and listed in
    :attr:`Portfolio.skipped_groups`; a group whose remaining candidates all
    cost more than the budget, or a set of cheapest picks that does not fit
    beside the musts, is an :class:`InfeasiblePortfolio`.
already_covered
    Demand already served (within reach of a space that is already active):
    it contributes nothing, so the objective is the need *newly* covered.

The budget holds to a relative ``1e-9`` (the rounding error of summing
floating-point costs): ``sum_j c_j x_j <= budget * (1 + 1e-9)``.

Exact solution
--------------
:func:`solve_exact` solves the integer programme with HiGHS through
:func:`scipy.optimize.milp`. CONVENTIONS.md names PuLP for integer
programmes and issue 8 allows HiGHS; this module uses HiGHS because the
model is a sparse matrix built in numpy, with no Python object per term
(PuLP, and spopt's ``MCLP`` on it, build a Python expression per demand
and candidate: at 300 candidates and 20,000 cells that is about 55 of
spopt's 60 seconds, against a third of a second for the whole solve here;
see ``benchmarks/portfolio.py``), because HiGHS is a modern MIP solver that
proves these models optimal in well under a second after the reduction
below, and because scipy is already a runtime dependency while PuLP is not. The relative
gap is set to 0 (HiGHS stops at 0.01 % by default), so ``"optimal"`` means
proved optimal up to HiGHS's absolute gap of ``1e-6`` on an objective scaled
so that the heaviest demand weighs 1. HiGHS accepts a row to its feasibility
tolerance (``1e-6``), looser than the budget's ``1e-9``: its answer is
checked exactly, and a portfolio over the budget (possible only when a
subset's cost is within HiGHS's tolerance of the budget) is cut off with a no-good
cut ``sum_{j in S} x_j <= |S| - 1`` and the model solved again, which keeps
the answer exact.

HiGHS is indifferent to a free candidate whose demand others already
cover; such a candidate (marginal gain 0, not a must, not its group's only
pick) is dropped from the answer, costliest first, so the portfolio holds no
space that adds nothing, at the same objective.

A ``time_limit`` stops HiGHS; the solution then says ``status =
"time_limit"`` and carries the best portfolio found (or none, with a NaN
objective, when HiGHS found none in time) and the upper bound HiGHS proved
(the weight of all coverable demand when it proved none). The time is never
raised silently: :func:`solve_portfolio` recommends the greedy portfolio
instead when it is better, and says so.

Before solving, the instance is reduced, without changing the objective of
any portfolio: demand with zero weight, already covered, or covered by no
allowed candidate is dropped (it contributes the same, nothing, to every
portfolio); demands with the same set of allowed covering candidates are
merged into one with their summed weight (they are covered by exactly the
same portfolios). :func:`solve_exact` then also counts the demand covered
by a must-include candidate as a constant and moves demand covered by a
single candidate into that candidate's objective coefficient (``y_i = x_j``
at the optimum), so the integer programme keeps one ``y`` per coverage set
with two or more candidates.

Greedy solution
---------------
:func:`solve_greedy` takes the musts first (in index order); then, with
``per_group=True``, one candidate for each group still without one: the best
gain per cost among the groups' candidates whose cost leaves room for the
cheapest candidate of every other group still without one (so a feasible
instance always gets a feasible portfolio), until every group has one;
then, repeatedly, the affordable candidate with the best marginal gain per
cost (a candidate that costs 0 and gains something has an infinite ratio),
until no affordable candidate gains anything. Ties go to the larger gain,
then (for group picks) the lower cost, then the lower index. As Khuller,
Moss & Naor (1999, "The budgeted maximum coverage problem", *Information
Processing Letters* 70, 39-45) prescribe, this is compared with the best
single affordable candidate (after the musts and group picks); the second
run then keeps filling greedily, which can only add to it. The better run
is returned; without musts and groups it covers at least
``(1 - 1/e) / 2`` (about 0.316) of the optimum.

Marginal and order gains
------------------------
For a chosen candidate, ``marginal_gain`` is the objective lost if it alone
were dropped: the weight that no other chosen candidate covers. The greedy
``order_gain`` is the gain when the candidate was added. For the exact
solution, ``chosen`` is sorted by marginal gain (largest first, ties by
index) and ``order_gain`` is each candidate's gain when the portfolio is
built in that order, so the order gains add up to the objective and the
candidate the portfolio can least do without comes first.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd
import scipy.sparse as sp
import shapely
from scipy.optimize import Bounds, LinearConstraint, milp

from geo.errors import ConvivenciaError

__all__ = [
    "InfeasiblePortfolio",
    "Portfolio",
    "Solution",
    "SolverFailed",
    "coverage_matrix",
    "solve_exact",
    "solve_greedy",
    "solve_portfolio",
]

#: Relative tolerance of the budget: the rounding error of a floating-point sum of costs.
BUDGET_RTOL = 1e-9

#: Status codes of a :class:`Solution`.
STATUSES = ("optimal", "time_limit", "greedy")


class InfeasiblePortfolio(ConvivenciaError, ValueError):
    """The constraints cannot all hold within the budget.

    Attributes
    ----------
    constraint
        ``"must"`` (the must-include candidates cost more than the budget) or
        ``"per_group"`` (one candidate per group does not fit beside them).
    need
        The least the constraint costs (the musts, plus the cheapest
        candidate of each group without a must for ``"per_group"``).
    budget
        The budget.
    groups
        For ``"per_group"``: the labels of the groups whose candidates all
        cost more than the budget, or else of every group that needs a pick.
    """

    def __init__(
        self,
        message: str,
        *,
        constraint: str,
        need: float,
        budget: float,
        groups: tuple[object, ...] = (),
    ) -> None:
        super().__init__(message)
        self.constraint = constraint
        self.need = need
        self.budget = budget
        self.groups = groups


class SolverFailed(ConvivenciaError, RuntimeError):
    """HiGHS stopped for a reason other than optimality or the time limit (a numerical failure)."""


@dataclass(frozen=True)
class Solution:
    """One portfolio and how it was found.

    Attributes
    ----------
    chosen
        Candidate indices: in the order they were added (greedy), or by
        marginal gain, largest first (exact).
    objective
        Covered weight (demand already covered not counted); NaN when the
        time limit stopped HiGHS before it found any portfolio.
    cost
        Total cost of ``chosen``.
    marginal_gain
        Per candidate (length ``m``): for a chosen one, the objective lost if
        it alone were dropped; 0 for the others.
    order_gain
        Per candidate: the gain when it was added (greedy), or when added in
        the order of ``chosen`` (exact); 0 for the others. They add up to
        ``objective``.
    status
        ``"optimal"``, ``"time_limit"`` or ``"greedy"``.
    bound
        Upper bound on the optimum proved by HiGHS (exact; when HiGHS stopped
        before proving one, the weight of all the demand any allowed
        candidate covers); ``None`` for greedy.
    seconds
        Time this solver took, from the reduced instance to the answer.
    mip_gap
        ``(bound - objective) / objective`` as proved by HiGHS (0 when both
        are 0; NaN without a portfolio); ``None`` for greedy.
    """

    chosen: tuple[int, ...]
    objective: float
    cost: float
    marginal_gain: np.ndarray
    order_gain: np.ndarray
    status: str
    bound: float | None
    seconds: float
    mip_gap: float | None = None


@dataclass(frozen=True)
class Portfolio:
    """The exact and the greedy portfolio of one instance, and which to recommend.

    Attributes
    ----------
    exact, greedy
        The two solutions.
    gap
        ``(exact.objective - greedy.objective) / exact.objective``; 0 when
        both are 0; NaN when the exact objective is NaN or 0 and the greedy
        one is not (only possible when the time limit stopped HiGHS).
    recommended
        ``exact``, unless the exact solve hit its time limit and the greedy
        portfolio is better (or HiGHS found none): then ``greedy``.
    n_demand
        Demands given.
    n_demand_reduced
        Demands left after the exact reduction (dropping and merging).
    total_weight
        Weight of every demand given, already covered included.
    covered_before
        Weight of the demand already covered.
    recommended_greedy
        True when ``recommended`` is the greedy solution.
    skipped_groups
        With ``per_group``: labels of the groups whose candidates are all
        excluded, so no pick was required there.
    reduce_seconds
        Time to validate and reduce the instance (shared by both solvers).
    """

    exact: Solution
    greedy: Solution
    gap: float
    recommended: Solution
    n_demand: int
    n_demand_reduced: int
    total_weight: float
    covered_before: float
    recommended_greedy: bool = False
    skipped_groups: tuple[object, ...] = ()
    reduce_seconds: float = 0.0


@dataclass(frozen=True)
class _Instance:
    """A validated and reduced instance."""

    m: int
    cost: np.ndarray  # (m,) float
    budget: float
    allowed: np.ndarray  # (m,) bool: not excluded, cost within the budget
    must: np.ndarray  # sorted unique indices
    group_code: np.ndarray  # (m,) int, -1 for no group
    group_labels: tuple[object, ...]
    required: tuple[int, ...]  # group codes that need a pick (per_group)
    skipped: tuple[object, ...]  # group labels skipped (all candidates excluded)
    rows: sp.csr_array  # (r, m) 0/1 float, allowed columns only, distinct rows
    weight: np.ndarray  # (r,) merged weights, all > 0
    n_demand: int
    total_weight: float
    covered_before: float


def coverage_matrix(
    demand_xy: npt.ArrayLike, catchments: Sequence[shapely.Geometry | None]
) -> sp.csr_array:
    """Which catchment covers which demand point: ``a_ij = 1`` when point ``i`` is in catchment ``j``.

    A point on a catchment's boundary is covered (``intersects``: a cell at
    exactly the walking distance is within reach). Vectorised with a
    :class:`shapely.STRtree` of the catchments queried by every point at once.

    Parameters
    ----------
    demand_xy
        ``(n, 2)`` coordinates of the demand points (cell centres), in the
        catchments' projected CRS.
    catchments
        ``m`` polygons (one per candidate); ``None`` or an empty geometry
        covers nothing.

    Returns
    -------
    scipy.sparse.csr_array
        ``(n, m)`` boolean, sorted indices.

    Examples
    --------
    >>> a = coverage_matrix([[0, 0], [5, 0], [20, 0]], [shapely.box(-1, -1, 5, 1), None])
    >>> a.toarray()
    array([[ True, False],
           [ True, False],
           [False, False]])
    """
    xy = np.asarray(demand_xy, dtype=float)
    if xy.ndim != 2 or xy.shape[1] != 2:
        msg = f"`demand_xy` must have shape (n, 2), not {xy.shape}"
        raise ValueError(msg)
    bad = np.flatnonzero(~np.isfinite(xy).all(axis=1))
    if bad.size:
        msg = f"`demand_xy` row {bad[0]}: coordinates {xy[bad[0]].tolist()} are not finite"
        raise ValueError(msg)
    geoms = np.empty(len(catchments), dtype=object)
    geoms[:] = list(catchments)
    tree = shapely.STRtree(geoms)
    pairs = tree.query(shapely.points(xy), predicate="intersects")
    data = np.ones(pairs.shape[1], dtype=bool)
    out = sp.csr_array((data, (pairs[0], pairs[1])), shape=(xy.shape[0], geoms.size))
    out.sort_indices()
    return out


def _indices(values: Iterable[int] | npt.ArrayLike, m: int, name: str) -> np.ndarray:
    """Sorted unique candidate indices from ``values``, checked against ``0..m-1``."""
    if isinstance(values, np.ndarray):
        arr = values
    elif isinstance(values, Iterable) and not isinstance(values, str | bytes):
        arr = np.asarray(list(values))
    else:
        arr = np.asarray(values)
    if arr.size == 0:
        return np.zeros(0, dtype=np.int64)
    if arr.dtype == bool or not np.issubdtype(arr.dtype, np.integer):
        msg = f"`{name}` must hold candidate indices (integers), not {arr.dtype} values"
        raise ValueError(msg)
    arr = arr.ravel().astype(np.int64)
    out = arr[(arr < 0) | (arr >= m)]
    if out.size:
        msg = f"`{name}`: candidate index {out[0]} is out of range 0..{m - 1}"
        raise ValueError(msg)
    return np.unique(arr)


def _fits(total: float | np.ndarray, budget: float) -> np.ndarray:
    """Whether a total cost is within the budget (to :data:`BUDGET_RTOL`)."""
    return np.asarray(total) <= budget + BUDGET_RTOL * budget


def _prepare(
    coverage: sp.sparray | sp.spmatrix | npt.ArrayLike,
    weight: npt.ArrayLike,
    cost: npt.ArrayLike,
    budget: float,
    must: Iterable[int] | npt.ArrayLike,
    exclude: Iterable[int] | npt.ArrayLike,
    groups: npt.ArrayLike | None,
    per_group: bool,
    already_covered: npt.ArrayLike | None,
) -> _Instance:
    """Validate the inputs once, check that the constraints can hold, and reduce the demand."""
    a = sp.csr_array(coverage, copy=True)  # never change the caller's matrix
    if a.ndim != 2:
        msg = f"`coverage` must be a 2-D (demand x candidate) matrix, not {a.ndim}-D"
        raise ValueError(msg)
    n, m = a.shape
    a.sum_duplicates()
    data = np.asarray(a.data, dtype=float)
    odd = np.flatnonzero((data != 0) & (data != 1))
    if odd.size:
        row = int(np.searchsorted(a.indptr, odd[0], side="right") - 1)
        msg = (
            f"`coverage` row {row}, column {a.indices[odd[0]]}: entry {data[odd[0]]} is not 0 or 1"
        )
        raise ValueError(msg)

    w = np.asarray(weight, dtype=float)
    if w.shape != (n,):
        msg = f"`weight` has shape {w.shape} but `coverage` has {n} demand rows"
        raise ValueError(msg)
    bad = np.flatnonzero(~np.isfinite(w) | (w < 0))
    if bad.size:
        msg = f"`weight` of demand {bad[0]} is {w[bad[0]]}; weights must be finite and >= 0"
        raise ValueError(msg)

    c = np.asarray(cost, dtype=float)
    if c.shape != (m,):
        msg = f"`cost` has shape {c.shape} but `coverage` has {m} candidate columns"
        raise ValueError(msg)
    bad = np.flatnonzero(np.isnan(c))
    if bad.size:
        msg = f"`cost` of candidate {bad[0]} is NaN ({bad.size} candidates without a cost)"
        raise ValueError(msg)
    bad = np.flatnonzero(~np.isfinite(c) | (c < 0))
    if bad.size:
        msg = f"`cost` of candidate {bad[0]} is {c[bad[0]]}; costs must be finite and >= 0"
        raise ValueError(msg)

    b = float(budget)
    if not (math.isfinite(b) and b >= 0):
        msg = f"`budget` must be finite and >= 0, not {budget}"
        raise ValueError(msg)

    must_idx = _indices(must, m, "must")
    excl_idx = _indices(exclude, m, "exclude")
    both = np.intersect1d(must_idx, excl_idx)
    if both.size:
        msg = f"candidates {both.tolist()} are in both `must` and `exclude`"
        raise ValueError(msg)

    if already_covered is None:
        done = np.zeros(n, dtype=bool)
    else:
        done = np.asarray(already_covered)
        if done.shape != (n,) or done.dtype != bool:
            msg = (
                f"`already_covered` must be {n} booleans (one per demand), "
                f"not shape {done.shape} of {done.dtype}"
            )
            raise ValueError(msg)

    if groups is None:
        if per_group:
            msg = "`per_group=True` needs `groups` (one label per candidate)"
            raise ValueError(msg)
        code = np.full(m, -1, dtype=np.int64)
        labels: tuple[object, ...] = ()
    else:
        g = np.asarray(groups, dtype=object)
        if g.shape != (m,):
            msg = f"`groups` has shape {g.shape} but there are {m} candidates"
            raise ValueError(msg)
        codes, uniques = pd.factorize(g, use_na_sentinel=True)
        code = np.asarray(codes, dtype=np.int64)
        labels = tuple(np.asarray(uniques, dtype=object).tolist())

    # feasibility of the constraints: musts, then one candidate per group
    must_cost = math.fsum(c[must_idx].tolist())
    if not _fits(must_cost, b):
        msg = (
            f"constraint `must`: the must-include candidates {must_idx.tolist()} cost "
            f"{must_cost:g}, more than the budget {b:g}"
        )
        raise InfeasiblePortfolio(msg, constraint="must", need=must_cost, budget=b)
    allowed = np.ones(m, dtype=bool)
    allowed[excl_idx] = False
    allowed &= _fits(c, b)
    allowed[must_idx] = True

    required: list[int] = []
    skipped: list[object] = []
    if per_group:
        not_excluded = np.ones(m, dtype=bool)
        not_excluded[excl_idx] = False
        has_must = set(code[must_idx].tolist())
        unaffordable: list[object] = []
        cheapest: list[float] = []
        for k, label in enumerate(labels):
            members = code == k
            if not (members & not_excluded).any():
                skipped.append(label)
                continue
            if k in has_must:
                continue
            required.append(k)
            if (members & allowed).any():
                cheapest.append(float(c[members & allowed].min()))
            else:
                unaffordable.append(label)
        if unaffordable:
            msg = (
                f"constraint `per_group`: every candidate of group(s) {unaffordable} "
                f"costs more than the budget {b:g}"
            )
            raise InfeasiblePortfolio(
                msg, constraint="per_group", need=math.inf, budget=b, groups=tuple(unaffordable)
            )
        need = math.fsum([must_cost, *cheapest])
        if not _fits(need, b):
            names = tuple(labels[k] for k in required)
            msg = (
                f"constraint `per_group`: the must-include candidates and the cheapest "
                f"candidate of each of the groups {list(names)} cost {need:g}, "
                f"more than the budget {b:g}"
            )
            raise InfeasiblePortfolio(
                msg, constraint="per_group", need=need, budget=b, groups=names
            )

    # the exact reduction of the demand
    a.eliminate_zeros()  # explicitly stored zeros cover nothing
    rows = sp.csr_array(a, dtype=float)
    rows.data[:] = 1.0
    rows = sp.csr_array(rows @ sp.diags_array(allowed.astype(float)))
    rows.eliminate_zeros()
    rows.sort_indices()
    keep = (w > 0) & ~done & (np.diff(rows.indptr) > 0)
    rows = sp.csr_array(rows[np.flatnonzero(keep)])
    wk = w[keep]
    seen: dict[bytes, int] = {}
    inverse = np.empty(rows.shape[0], dtype=np.int64)
    indptr, indices = rows.indptr, rows.indices
    for i in range(rows.shape[0]):
        inverse[i] = seen.setdefault(indices[indptr[i] : indptr[i + 1]].tobytes(), len(seen))
    first = np.unique(inverse, return_index=True)[1]
    merged = sp.csr_array(rows[first])
    merged_w = np.bincount(inverse, weights=wk, minlength=first.size)

    return _Instance(
        m=m,
        cost=c,
        budget=b,
        allowed=allowed,
        must=must_idx,
        group_code=code,
        group_labels=labels,
        required=tuple(required),
        skipped=tuple(skipped),
        rows=merged,
        weight=merged_w,
        n_demand=n,
        total_weight=math.fsum(w.tolist()),
        covered_before=math.fsum(w[done].tolist()),
    )


def _covered(inst: _Instance, x: np.ndarray) -> float:
    """Weight covered by the candidates with ``x`` true."""
    hit = (inst.rows @ x.astype(float)) > 0
    return math.fsum(inst.weight[hit].tolist())


def _marginal(inst: _Instance, x: np.ndarray) -> np.ndarray:
    """For each chosen candidate, the weight no other chosen candidate covers; 0 for the others."""
    count = inst.rows @ x.astype(float)
    only = inst.weight * (count == 1)
    return np.where(x, inst.rows.T @ only, 0.0)


def _cost(inst: _Instance, chosen: Sequence[int]) -> float:
    return math.fsum(inst.cost[list(chosen)].tolist())


def _prune(inst: _Instance, x: np.ndarray) -> np.ndarray:
    """Drop chosen candidates that add nothing, costliest first (the objective is unchanged).

    A candidate is dropped when its marginal gain is 0, it is not a must and
    it is not the only pick of a group that needs one; marginal gains are
    recomputed after each drop (two candidates covering the same demand each
    have a marginal gain of 0, but not both can go).
    """
    x = x.copy()
    protected = np.zeros(inst.m, dtype=bool)
    protected[inst.must] = True
    n_groups = len(inst.group_labels)
    required = np.zeros(n_groups, dtype=bool)
    required[list(inst.required)] = True
    in_group = inst.group_code >= 0
    while True:
        picks = np.bincount(inst.group_code[x & in_group], minlength=n_groups)
        sole = np.zeros(inst.m, dtype=bool)
        sole[in_group] = (required & (picks == 1))[inst.group_code[in_group]]
        droppable = np.flatnonzero(x & ~protected & ~sole & (_marginal(inst, x) == 0))
        if not droppable.size:
            return x
        x[droppable[np.lexsort((-droppable, -inst.cost[droppable]))][0]] = False


def _exact(inst: _Instance, time_limit: float) -> Solution:
    """Solve the reduced instance with HiGHS (see the module docstring)."""
    start = time.perf_counter()
    m = inst.m
    x_must = np.zeros(m, dtype=bool)
    x_must[inst.must] = True
    by_must = (inst.rows @ x_must.astype(float)) > 0
    constant = math.fsum(inst.weight[by_must].tolist())
    free = sp.csr_array(inst.rows[np.flatnonzero(~by_must)])
    wf = inst.weight[~by_must]
    single = np.diff(free.indptr) == 1
    own = np.bincount(free.indices[free.indptr[:-1][single]], weights=wf[single], minlength=m)
    multi = sp.csr_array(free[np.flatnonzero(~single)])
    wm = wf[~single]
    k = multi.shape[0]
    scale = max(float(own.max(initial=0.0)), float(wm.max(initial=0.0))) or 1.0

    objective = -np.concatenate([own, wm]) / scale
    lower = np.zeros(m + k)
    upper = np.ones(m + k)
    upper[:m] = inst.allowed
    lower[inst.must] = 1.0
    integrality = np.r_[np.ones(m), np.zeros(k)]
    constraints: list[LinearConstraint] = []
    if k:
        cover = sp.hstack([-multi, sp.eye_array(k)], format="csr")
        constraints.append(LinearConstraint(cover, -np.inf, 0.0))
    paid = inst.allowed & (inst.cost > 0)
    if paid.any():
        row = np.zeros(m + k)
        row[:m] = np.where(paid, inst.cost / inst.budget, 0.0)
        constraints.append(LinearConstraint(sp.csr_array(row[None, :]), -np.inf, 1.0))
    hit = set(inst.group_code[inst.must].tolist())
    for g in inst.required:
        if g in hit:
            continue
        row = np.zeros(m + k)
        row[:m] = (inst.group_code == g) & inst.allowed
        constraints.append(LinearConstraint(sp.csr_array(row[None, :]), 1.0, np.inf))

    x: np.ndarray | None = None
    status = "optimal"
    dual: float | None = None
    if m == 0:
        x = np.zeros(0, dtype=bool)
        dual = 0.0
    while m:
        remaining = time_limit - (time.perf_counter() - start)
        if remaining <= 0:
            status = "time_limit"
            break
        res = milp(
            objective,
            integrality=integrality,
            bounds=Bounds(lower, upper),
            constraints=constraints,
            options={"time_limit": remaining, "mip_rel_gap": 0.0, "presolve": True},
        )
        if res.status not in (0, 1):
            msg = f"HiGHS failed on the portfolio model: {res.message} (status {res.status})"
            raise SolverFailed(msg)
        status = "optimal" if res.status == 0 else "time_limit"
        dual = None if res.mip_dual_bound is None else float(res.mip_dual_bound)
        if res.x is None:
            x = None
            break
        x = np.asarray(res.x[:m]) > 0.5
        if _fits(_cost(inst, np.flatnonzero(x).tolist()), inst.budget):
            break
        # over the budget only within HiGHS's tolerance: cut this portfolio off, solve again
        cut = np.zeros(m + k)
        cut[:m] = x
        constraints.append(LinearConstraint(sp.csr_array(cut[None, :]), -np.inf, x.sum() - 1.0))
        x = None

    # every coverable demand covered is a bound too, when HiGHS stopped before proving one
    coverable = math.fsum(inst.weight.tolist())
    bound = coverable
    if dual is not None and math.isfinite(dual):
        bound = min(coverable, -dual * scale + constant)
    seconds = time.perf_counter() - start
    if x is None:
        zeros = np.zeros(m)
        return Solution(
            chosen=(),
            objective=math.nan,
            cost=0.0,
            marginal_gain=zeros,
            order_gain=zeros.copy(),
            status="time_limit",
            bound=bound,
            seconds=seconds,
            mip_gap=math.nan,
        )
    x = _prune(inst, x)
    value = _covered(inst, x)
    marginal = _marginal(inst, x)
    chosen = np.flatnonzero(x)
    chosen = chosen[np.lexsort((chosen, -marginal[chosen]))]
    order_gain = np.zeros(m)
    built = np.zeros(m, dtype=bool)
    before = 0.0
    for j in chosen:
        built[j] = True
        now = _covered(inst, built)
        order_gain[j] = now - before
        before = now
    bound = max(bound, value)
    if value > 0:
        gap = (bound - value) / value
    elif bound > 0:
        gap = math.inf
    else:
        gap = 0.0
    return Solution(
        chosen=tuple(int(j) for j in chosen),
        objective=value,
        cost=_cost(inst, chosen.tolist()),
        marginal_gain=marginal,
        order_gain=order_gain,
        status=status,
        bound=bound,
        seconds=time.perf_counter() - start,
        mip_gap=gap,
    )


def _greedy_run(inst: _Instance, *, single_first: bool) -> tuple[list[int], np.ndarray]:
    """One greedy run; returns the candidates in the order added and their gains when added."""
    m, cost, budget = inst.m, inst.cost, inst.budget
    by_column = inst.rows.tocsc()
    by_column.sort_indices()
    transposed = inst.rows.T
    uncovered = inst.weight.copy()
    in_solution = np.zeros(m, dtype=bool)
    order: list[int] = []
    order_gain = np.zeros(m)
    index = np.arange(m)

    def gains() -> np.ndarray:
        return np.asarray(transposed @ uncovered, dtype=float)

    def spent() -> float:
        return math.fsum(cost[order].tolist())

    def add(j: int, gain: float) -> None:
        order.append(j)
        order_gain[j] = gain
        in_solution[j] = True
        uncovered[by_column.indices[by_column.indptr[j] : by_column.indptr[j + 1]]] = 0.0

    def ratio(gain: np.ndarray) -> np.ndarray:
        with np.errstate(all="ignore"):
            return np.where(cost > 0, gain / np.where(cost > 0, cost, 1.0), np.inf * (gain > 0))

    for j in inst.must.tolist():
        add(j, float(gains()[j]))

    open_groups = set(inst.required) - set(inst.group_code[order].tolist())
    cheapest = {g: float(cost[(inst.group_code == g) & inst.allowed].min()) for g in inst.required}
    while open_groups:
        gain = gains()
        reserve = math.fsum(cheapest[g] for g in open_groups)
        in_open = np.isin(inst.group_code, list(open_groups))
        own_reserve = np.array([cheapest.get(int(g), 0.0) for g in inst.group_code])
        # room for the other open groups' cheapest; a group's cheapest always fits (the
        # feasibility check and the picks so far keep spent + reserve within the budget)
        room = _fits(spent() + cost + reserve - own_reserve, budget) | (cost <= own_reserve)
        eligible = np.flatnonzero(inst.allowed & ~in_solution & in_open & room)
        best = eligible[
            np.lexsort((index[eligible], cost[eligible], -gain[eligible], -ratio(gain)[eligible]))
        ][0]
        add(int(best), float(gain[best]))
        open_groups.discard(int(inst.group_code[best]))

    if single_first:
        gain = gains()
        eligible = inst.allowed & ~in_solution & _fits(spent() + cost, budget) & (gain > 0)
        if eligible.any():
            j = int(np.argmax(np.where(eligible, gain, -np.inf)))
            add(j, float(gain[j]))

    while True:
        gain = gains()
        eligible = np.flatnonzero(
            inst.allowed & ~in_solution & _fits(spent() + cost, budget) & (gain > 0)
        )
        if not eligible.size:
            break
        best = eligible[np.lexsort((index[eligible], -gain[eligible], -ratio(gain)[eligible]))][0]
        add(int(best), float(gain[best]))
    return order, order_gain


def _greedy(inst: _Instance) -> Solution:
    """Greedy by gain per cost, against the best single candidate (see the module docstring)."""
    start = time.perf_counter()
    runs = [_greedy_run(inst, single_first=single_first) for single_first in (False, True)]
    chosen = [np.isin(np.arange(inst.m), order) for order, _ in runs]
    values = [_covered(inst, x) for x in chosen]
    pick = 1 if values[1] > values[0] else 0
    (order, order_gain), x, value = runs[pick], chosen[pick], values[pick]
    return Solution(
        chosen=tuple(order),
        objective=value,
        cost=_cost(inst, order),
        marginal_gain=_marginal(inst, x),
        order_gain=order_gain,
        status="greedy",
        bound=None,
        seconds=time.perf_counter() - start,
        mip_gap=None,
    )


def _check_time_limit(time_limit: float) -> float:
    t = float(time_limit)
    if not t > 0:
        msg = f"`time_limit` must be > 0 seconds, not {time_limit}"
        raise ValueError(msg)
    return t


def solve_exact(
    coverage: sp.sparray | sp.spmatrix | npt.ArrayLike,
    weight: npt.ArrayLike,
    cost: npt.ArrayLike,
    budget: float,
    *,
    must: Iterable[int] | npt.ArrayLike = (),
    exclude: Iterable[int] | npt.ArrayLike = (),
    groups: npt.ArrayLike | None = None,
    per_group: bool = False,
    already_covered: npt.ArrayLike | None = None,
    time_limit: float = 60.0,
) -> Solution:
    """The optimal portfolio, solved as an integer programme with HiGHS.

    Parameters
    ----------
    coverage
        ``(n, m)`` 0/1 matrix (sparse or dense): demand ``i`` is covered by
        candidate ``j`` (see :func:`coverage_matrix`).
    weight
        ``n`` non-negative demand weights (harm-weighted need, residents).
    cost
        ``m`` non-negative candidate costs; NaN is an error naming the candidate.
    budget
        Non-negative budget, in the units of ``cost``.
    must, exclude
        Candidate indices that must / must not be chosen.
    groups, per_group
        One label per candidate; with ``per_group``, at least one chosen
        candidate per group (see the module docstring for empty groups).
    already_covered
        ``n`` booleans: demand already served, which counts for nothing.
    time_limit
        Seconds HiGHS may take; when it stops there, ``status`` is
        ``"time_limit"`` and ``bound`` the best bound it proved.

    Returns
    -------
    Solution

    Raises
    ------
    InfeasiblePortfolio
        The musts, or one candidate per group, do not fit in the budget.
    ValueError
        Inputs of the wrong shape, negative or NaN weights or costs, a
        candidate in both ``must`` and ``exclude``.
    """
    limit = _check_time_limit(time_limit)
    inst = _prepare(
        coverage, weight, cost, budget, must, exclude, groups, per_group, already_covered
    )
    return _exact(inst, limit)


def solve_greedy(
    coverage: sp.sparray | sp.spmatrix | npt.ArrayLike,
    weight: npt.ArrayLike,
    cost: npt.ArrayLike,
    budget: float,
    *,
    must: Iterable[int] | npt.ArrayLike = (),
    exclude: Iterable[int] | npt.ArrayLike = (),
    groups: npt.ArrayLike | None = None,
    per_group: bool = False,
    already_covered: npt.ArrayLike | None = None,
) -> Solution:
    """The greedy portfolio (best gain per cost, against the best single candidate).

    Parameters and errors as :func:`solve_exact` (without a time limit: the
    greedy solution takes at most ``m`` sparse products per run).

    Returns
    -------
    Solution
        ``status`` ``"greedy"``, ``chosen`` in the order added.
    """
    inst = _prepare(
        coverage, weight, cost, budget, must, exclude, groups, per_group, already_covered
    )
    return _greedy(inst)


def solve_portfolio(
    coverage: sp.sparray | sp.spmatrix | npt.ArrayLike,
    weight: npt.ArrayLike,
    cost: npt.ArrayLike,
    budget: float,
    *,
    must: Iterable[int] | npt.ArrayLike = (),
    exclude: Iterable[int] | npt.ArrayLike = (),
    groups: npt.ArrayLike | None = None,
    per_group: bool = False,
    already_covered: npt.ArrayLike | None = None,
    time_limit: float = 60.0,
) -> Portfolio:
    """Both portfolios of one instance, the gap between them and the one to recommend.

    Parameters, errors: as :func:`solve_exact`; the instance is validated
    and reduced once for both solvers.

    Returns
    -------
    Portfolio

    Examples
    --------
    Three spaces: a cheap one with the best ratio and two that, together,
    cover more. Greedy takes the cheap one first and then cannot afford
    both others:

    >>> coverage = np.eye(3, dtype=bool)
    >>> p = solve_portfolio(coverage, weight=[3, 5, 5], cost=[1, 2, 2], budget=4)
    >>> p.exact.chosen, p.exact.objective, p.exact.status
    ((1, 2), 10.0, 'optimal')
    >>> p.greedy.chosen, p.greedy.objective
    ((0, 1), 8.0)
    >>> round(p.gap, 3), p.recommended is p.exact
    (0.2, True)
    """
    limit = _check_time_limit(time_limit)
    start = time.perf_counter()
    inst = _prepare(
        coverage, weight, cost, budget, must, exclude, groups, per_group, already_covered
    )
    reduce_seconds = time.perf_counter() - start
    exact = _exact(inst, limit)
    greedy = _greedy(inst)
    if exact.objective == 0 and greedy.objective == 0:
        gap = 0.0
    elif exact.objective > 0:
        gap = (exact.objective - greedy.objective) / exact.objective
    else:
        gap = math.nan
    use_greedy = exact.status == "time_limit" and not exact.objective >= greedy.objective
    return Portfolio(
        exact=exact,
        greedy=greedy,
        gap=gap,
        recommended=greedy if use_greedy else exact,
        n_demand=inst.n_demand,
        n_demand_reduced=inst.rows.shape[0],
        total_weight=inst.total_weight,
        covered_before=inst.covered_before,
        recommended_greedy=use_greedy,
        skipped_groups=inst.skipped,
        reduce_seconds=reduce_seconds,
    )
