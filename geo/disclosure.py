r"""Statistical disclosure control of count tables: primary and secondary cell suppression.

A published count table must not let anyone locate a single incident. National
statistics offices do this with *cell suppression* (Hundepool et al. 2012,
*Statistical Disclosure Control*, Wiley, ch. 4; the tau-Argus manual): small
counts are withheld (*primary*), then enough other cells are withheld
(*secondary*, the *complements*) that no withheld count can be worked out from
the published ones.

Tables
------
A table is an ``R x C`` array of non-negative integer counts (the *interior*).
Its *extended* form (:func:`extend`) is ``(R + 1) x (C + 1)``: row ``R`` holds
the column totals, column ``C`` the row totals and ``[R, C]`` the grand total.
Every extended row and every extended column is a linear relation (the total
is the sum of its parts); margins are cells like any other, so they can be
withheld and can serve as complements.

Rules
-----
Primary
    Every extended cell (interior, margin or the grand total) whose count is
    from 1 to ``min_count - 1`` is withheld. Zeros are published: a published
    zero tells that nothing happened there, which locates nobody.
Secondary
    No withheld cell may be recoverable, exactly, from the published cells,
    the relations and non-negativity.

Why no bridge means nothing is recoverable
------------------------------------------
Draw the withheld cells as the edges of a bipartite graph whose nodes are the
``R + 1`` extended rows and the ``C + 1`` extended columns: cell ``(i, j)`` is
the edge between row ``i`` and column ``j``. Give each cell the sign
``s = -1`` when exactly one of ``i == R``, ``j == C`` holds (a margin) and
``s = +1`` otherwise (interior cells and the grand total), and write
``y = s x``. Then every relation reads "the ``y`` of the cells at this node sum
to zero": for an interior row ``i``, ``sum_j x[i, j] - x[i, C] = 0``; for the
totals row, ``-sum_j x[R, j] + x[R, C] = 0``; columns alike. With the published
cells fixed, the changes ``u`` of the withheld cells that keep every relation
are therefore exactly the zero-sum edge weightings of the withheld graph — its
cycle space, spanned by the cycles with weights ``+1, -1, +1, ...`` around
them (the graph is bipartite, so every cycle is even and the signs alternate
consistently).

* A withheld cell is *linearly determined* (the same in every solution of the
  relations) iff every vector of that space is zero on its edge, iff its edge
  lies on no cycle: iff it is a *bridge*.
* If no withheld edge is a bridge and every withheld count is at least 1, each
  withheld cell lies on a cycle; adding ``+1, -1, ...`` (in ``y``, hence
  ``+-1`` in ``x``) around that cycle keeps every relation balanced and, since
  every count on it is ``>= 1``, every count a non-negative integer, in both
  directions. So every withheld cell has at least three feasible integer
  values (its own and ``+-1``): none can be recovered, not even with
  non-negativity (which is why complements must be positive: a withheld zero
  could only move up, and two of them on a cycle with opposite signs would pin
  it).

Algorithm (:func:`suppress`)
----------------------------
Start from the primary cells (and any ``forced`` ones). Keep the 2-edge-connected
components of the withheld graph up to date as edges are added (the online
bridge algorithm: union-find of components and of trees, a spanning forest
re-rooted on the smaller side, paths merged up to their lowest common ancestor;
each edge costs amortised ``O(log n)``), so "is this cell still a bridge?" is
two look-ups. For each withheld cell ``(i, j)`` that is still a bridge, withhold
the cheapest 2 x 2 rectangle ``(i, j2), (i2, j), (i2, j2)`` (``i2 != i``,
``j2 != j``; margins allowed): its cost is the sum of the counts it newly
withholds; a cell already withheld costs nothing and a published zero cannot be
used (infinite cost); among rectangles of equal cost, fewer new cells win.
The rectangle closes the cycle ``i - j - i2 - j2``, so ``(i, j)`` is no longer a
bridge, and adding edges never turns another edge into a bridge, so one pass
over the withheld cells suffices.

When no rectangle exists (a table of one row, or zeros all around), the
positive cells of the whole extended row ``i`` and column ``j`` are withheld
(and checked in turn); if ``(i, j)`` is still a bridge, every positive cell of
the table is withheld. That last step always succeeds: with every positive
cell withheld and every published cell zero, the true ``y`` is itself a
zero-sum weighting that is non-zero on every withheld edge, and an edge that
carries a non-zero value of a zero-sum weighting is on a cycle (summing the
relations over one side of a bridge leaves only the bridge's value, which
must then be zero). The smallest table shows it: a ``1 x 1`` table holding 3
with ``min_count = 5`` withholds the count and its three totals, a 4-cycle —
the table publishes nothing, and nothing is recoverable. A cell forced to be
withheld while its count is zero is refused (``forced_zero``): the guarantee
above needs every withheld count ``>= 1``.

Linked tables (:func:`suppress_linked`)
---------------------------------------
Several tables may publish the same quantity (the citywide total of a
category in the totals row of the neighbourhood table and of the monthly
table). Linked cells must end with the same status, else the table that
publishes it gives it back to the one that withholds it. Each table is
suppressed with the withheld linked cells of the others forced, until nothing
changes.

That per-table guarantee plus equal status covers a withheld cell whose
cycles avoid every shared cell: moving it around such a cycle changes nothing
the other tables see. A cycle through shared cells moves them too, and the
other tables must follow with their own cycles; when they can, the union of
the moves is a change of every table that keeps all relations, and nothing is
recovered. They cannot always: a table's cycles through its totals row pair
its shared cells by the connected pieces of the rest of its withheld graph,
and two tables can each be bridgeless yet pair them so that one shared cell can
move in neither (table A pairs ``{a, b}`` and ``{c, d, e}``, table B pairs
``{a, b, c}`` and ``{d, e}``: the sums over A's pieces and over B's pieces are
all fixed, so ``c`` is too). So :func:`suppress_linked` then audits the union
exactly (:func:`recoverable_linked`) and, while any withheld cell is
determined over the union, withholds one more rectangle through it (in the
table where that is cheapest), re-suppresses and audits again; with every
positive cell of every linked table withheld the union is protected by the
argument above, so this ends.

The exact audit of the union. Within one table, call *private* the withheld
cells linked to no other and *shared* the others. Contract each connected
piece ``K`` of the private graph to a node: summing the relations of ``K``'s
rows minus those of its columns cancels every private cell inside it and
leaves one relation on shared cells only, ``sum over shared cells of
+-s x = 0`` (``+`` where the cell's row is in ``K``, ``-`` where its column
is). The shared values the union allows are exactly the null space ``N`` of
those relations from every table (given them, the private cells of each
piece can be solved for, because a connected graph carries any flow whose
demands sum to zero). So a shared cell is determined iff ``N`` is zero on it;
a private cell on a cycle of the private graph moves alone, so it is free; and
a private bridge carries exactly the net shared flow of the piece on one side
of it (the relations summed over that side), so it is determined iff that
linear form vanishes on ``N``. One DFS per table (Tarjan's bridges with
subtree sums) and one small singular value decomposition (one column per
shared quantity) decide every cell.

What "not determined" buys over the union: a null vector ``u`` moving the cell,
and since every withheld count is ``>= 1``, ``x + t u`` stays feasible for
``|t| <= 1 / max|u|``, so the cell's feasible range is positive. When the links
join the totals rows of two tables, the contracted relations are those of a
bipartite graph of the two tables' pieces, whose cycles move every cell by
``+-1``: each withheld cell again has at least three integer values. For
other link patterns (three tables sharing one total, as
:mod:`geo.publish` links them) this is checked, not proved: the tests run an
attacker's LP over the union.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.linalg
from threadpoolctl import threadpool_limits

from geo import settings
from geo.errors import CodedError

#: A linked cell: table name, extended row, extended column.
Cell = tuple[str, int, int]
#: Two cells that publish the same quantity.
Link = tuple[Cell, Cell]

#: Numerical tolerance of the union audit's null-space tests (the forms tested are
#: small integer vectors against an orthonormal basis: a true zero is ~1e-14).
_TOL = 1e-8
#: What one more newly withheld cell adds to a rectangle's cost: less than any
#: difference of counts, so it only breaks ties (fewer new cells win).
_PER_CELL = 1e-3
#: What a newly withheld *linked* cell adds in the union repairs: it would spread to
#: the other tables, so a private one of nearly the same count is preferred.
_LINKED_PENALTY = 0.5


class DisclosureError(CodedError):
    """A table cannot be suppressed or published as asked.

    Codes: ``bad_min_count``, ``bad_table``, ``negative_count``, ``bad_forced``,
    ``forced_zero``, ``unknown_table``, ``bad_link``, ``link_mismatch``,
    ``unprotectable``, and those of :mod:`geo.publish`.
    """


# -- tables ---------------------------------------------------------------------------


def extend(counts: npt.ArrayLike) -> np.ndarray:
    """The extended table: the interior with its row totals, column totals and grand total.

    Parameters
    ----------
    counts
        ``R x C`` non-negative integer counts (``R, C >= 1``).

    Returns
    -------
    numpy.ndarray
        ``int64``, shape ``(R + 1, C + 1)``: ``out[:R, :C] = counts``,
        ``out[i, C] = counts[i].sum()``, ``out[R, j] = counts[:, j].sum()``,
        ``out[R, C] = counts.sum()``.

    Raises
    ------
    DisclosureError
        ``bad_table`` when ``counts`` is not a 2-D table of whole numbers with at
        least one row and one column; ``negative_count`` naming the first
        negative cell.

    Examples
    --------
    >>> extend([[1, 2], [3, 4]]).tolist()
    [[1, 2, 3], [3, 4, 7], [4, 6, 10]]
    """
    arr = np.asarray(counts)
    if arr.ndim != 2 or arr.shape[0] < 1 or arr.shape[1] < 1:
        msg = (
            f"`counts` must be a 2-D table with at least one row and column, got shape {arr.shape}"
        )
        raise DisclosureError(msg, "bad_table", shape=str(arr.shape))
    if arr.dtype.kind not in "iub":
        as_float = arr.astype(float)
        if not (np.isfinite(as_float).all() and (as_float == np.round(as_float)).all()):
            msg = "`counts` must hold whole numbers (no NaN, no fractions)"
            raise DisclosureError(msg, "bad_table", shape=str(arr.shape))
    interior = arr.astype(np.int64)
    negative = np.argwhere(interior < 0)
    if len(negative):
        i, j = (int(v) for v in negative[0])
        msg = f"`counts` cell ({i}, {j}) is {interior[i, j]}: counts cannot be negative"
        raise DisclosureError(msg, "negative_count", row=i, column=j, value=int(interior[i, j]))
    rows, cols = interior.shape
    out = np.zeros((rows + 1, cols + 1), dtype=np.int64)
    out[:rows, :cols] = interior
    out[:rows, cols] = interior.sum(axis=1)
    out[rows, :cols] = interior.sum(axis=0)
    out[rows, cols] = interior.sum()
    return out


@dataclass(frozen=True, eq=False)
class Suppression:
    """One suppressed table.

    Attributes
    ----------
    values
        The extended table (``int64``, ``(R + 1) x (C + 1)``; see :func:`extend`).
    withheld
        ``bool``, same shape: the cells not published.
    primary
        ``bool``, same shape: the cells withheld because their count is from 1
        to ``min_count - 1``.
    """

    values: np.ndarray
    withheld: np.ndarray
    primary: np.ndarray

    @property
    def secondary(self) -> np.ndarray:
        """The complements: cells withheld only so that the primary ones stay unknown."""
        out: np.ndarray = self.withheld & ~self.primary
        return out

    def published(self) -> np.ndarray:
        """The extended table as published: ``float``, NaN where withheld.

        Examples
        --------
        >>> suppress([[1, 9], [8, 9]], min_count=3).published().tolist()
        [[nan, nan, 10.0], [nan, nan, 17.0], [9.0, 18.0, 27.0]]
        """
        out = self.values.astype(float)
        out[self.withheld] = np.nan
        return out


def _min_count(min_count: int | None) -> int:
    value = settings.publish_min_count if min_count is None else min_count
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
        msg = f"`min_count` must be a whole number >= 1, got {value!r}"
        raise DisclosureError(msg, "bad_min_count", value=str(value))
    return int(value)


def _primary(values: np.ndarray, min_count: int) -> np.ndarray:
    out: np.ndarray = (values >= 1) & (values < min_count)
    return out


def _checked_forced(forced: npt.ArrayLike | None, values: np.ndarray, name: str) -> np.ndarray:
    if forced is None:
        return np.zeros(values.shape, dtype=bool)
    mask = np.asarray(forced)
    if mask.shape != values.shape or mask.dtype != bool:
        msg = (
            f"`forced` of {name} must be a bool mask of the extended shape {values.shape}, "
            f"got {mask.dtype} {mask.shape}"
        )
        raise DisclosureError(msg, "bad_forced", table=name)
    zero = np.argwhere(mask & (values == 0))
    if len(zero):
        i, j = (int(v) for v in zero[0])
        msg = (
            f"{name} cell ({i}, {j}) is forced to be withheld but its count is 0: zeros are "
            "published (a withheld zero would weaken the protection of the cells around it)"
        )
        raise DisclosureError(msg, "forced_zero", table=name, row=i, column=j)
    return mask.copy()


# -- bridges ---------------------------------------------------------------------------


class _TwoEdgeComponents:
    """The 2-edge-connected components of a graph that only grows (online bridges).

    Union-find of 2-edge-connected components (``two``), union-find of
    connected components (``cc``, with sizes), and a spanning forest of the
    component tree (``par``) re-rooted on the smaller side when two trees join.
    An edge is a bridge iff its ends are in different 2-edge-connected
    components. (The algorithm of cp-algorithms.com, "Finding bridges online".)
    """

    def __init__(self, n: int) -> None:
        self.two = list(range(n))
        self.cc = list(range(n))
        self.size = [1] * n
        self.par = [-1] * n
        self.seen = [0] * n
        self.stamp = 0

    def find(self, v: int) -> int:
        if v == -1:
            return -1
        two = self.two
        root = v
        while two[root] != root:
            root = two[root]
        while two[v] != root:
            two[v], v = root, two[v]
        return root

    def _find_cc(self, v: int) -> int:
        v = self.find(v)
        cc = self.cc
        root = v
        while cc[root] != root:
            root = cc[root]
        while cc[v] != root:
            cc[v], v = root, cc[v]
        return root

    def _make_root(self, v: int) -> None:
        v = self.find(v)
        root = v
        child = -1
        while v != -1:
            p = self.find(self.par[v])
            self.par[v] = child
            self.cc[v] = root
            child = v
            v = p
        self.size[root] = self.size[child]

    def _merge_path(self, a: int, b: int) -> None:
        self.stamp += 1
        path_a: list[int] = []
        path_b: list[int] = []
        lca = -1
        while lca == -1:
            if a != -1:
                a = self.find(a)
                path_a.append(a)
                if self.seen[a] == self.stamp:
                    lca = a
                    break
                self.seen[a] = self.stamp
                a = self.par[a]
            if b != -1:
                b = self.find(b)
                path_b.append(b)
                if self.seen[b] == self.stamp:
                    lca = b
                    break
                self.seen[b] = self.stamp
                b = self.par[b]
        for path in (path_a, path_b):
            for v in path:
                self.two[v] = lca
                if v == lca:
                    break

    def add(self, a: int, b: int) -> None:
        """Add the edge ``a - b``."""
        a = self.find(a)
        b = self.find(b)
        if a == b:
            return
        ca = self._find_cc(a)
        cb = self._find_cc(b)
        if ca != cb:
            if self.size[ca] > self.size[cb]:
                a, b, ca, cb = b, a, cb, ca
            self._make_root(a)
            self.par[a] = b
            self.cc[a] = b
            self.size[cb] += self.size[a]
        else:
            self._merge_path(a, b)

    def is_bridge(self, a: int, b: int) -> bool:
        """Whether the edge ``a - b`` (already added) is a bridge."""
        return self.find(a) != self.find(b)


@dataclass(frozen=True)
class _Dfs:
    """Tarjan's bridges over one graph: which edges are bridges, and the DFS tree."""

    bridge: np.ndarray  # bool per edge
    parent: list[int]  # DFS parent node, -1 for a root or an isolated node
    parent_edge: list[int]  # edge to the parent, -1 for a root
    preorder: list[int]  # nodes in discovery order (only nodes with an edge)


def _dfs_bridges(n: int, eu: np.ndarray, ev: np.ndarray) -> _Dfs:
    """Tarjan's bridge finder (iterative): ``low[v] > disc[parent]`` marks a bridge.

    Parameters
    ----------
    n
        Number of nodes.
    eu, ev
        The edges' ends (``int`` arrays of equal length, no self-loops).
    """
    m = len(eu)
    ends = np.concatenate([eu, ev]).astype(np.int64)
    others = np.concatenate([ev, eu]).astype(np.int64)
    ids = np.concatenate([np.arange(m), np.arange(m)])
    order = np.argsort(ends, kind="stable")
    start = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(ends, minlength=n), out=start[1:])
    nbr = others[order].tolist()
    eid = ids[order].tolist()
    first = start.tolist()
    ptr = first[:-1]
    disc = [-1] * n
    low = [0] * n
    parent = [-1] * n
    parent_edge = [-1] * n
    bridge = [False] * m
    preorder: list[int] = []
    clock = 0
    for root in range(n):
        if disc[root] != -1 or first[root] == first[root + 1]:
            continue
        disc[root] = low[root] = clock
        clock += 1
        preorder.append(root)
        stack = [root]
        while stack:
            v = stack[-1]
            k = ptr[v]
            if k < first[v + 1]:
                ptr[v] = k + 1
                e = eid[k]
                if e == parent_edge[v]:
                    continue
                w = nbr[k]
                if disc[w] == -1:
                    disc[w] = low[w] = clock
                    clock += 1
                    parent[w] = v
                    parent_edge[w] = e
                    preorder.append(w)
                    stack.append(w)
                elif disc[w] < low[v]:
                    low[v] = disc[w]
            else:
                stack.pop()
                if stack:
                    p = stack[-1]
                    if low[v] < low[p]:
                        low[p] = low[v]
                    if low[v] > disc[p]:
                        bridge[parent_edge[v]] = True
    return _Dfs(np.array(bridge, dtype=bool), parent, parent_edge, preorder)


def _bridge_mask(withheld: np.ndarray) -> np.ndarray:
    rows, cols = withheld.shape
    ei, ej = np.nonzero(withheld)
    dfs = _dfs_bridges(rows + cols, ei, ej + rows)
    out = np.zeros(withheld.shape, dtype=bool)
    out[ei[dfs.bridge], ej[dfs.bridge]] = True
    return out


def recoverable(s: Suppression) -> np.ndarray:
    """The audit: withheld cells that the published ones determine exactly.

    A withheld cell is determined by the relations of its table iff it is a
    bridge of the withheld graph (module docstring); found here by Tarjan's
    algorithm, independently of the online structure :func:`suppress` builds
    with.

    Parameters
    ----------
    s
        A suppressed table.

    Returns
    -------
    numpy.ndarray
        ``bool``, the extended shape: ``True`` where a withheld cell can be
        recovered. All ``False`` for every result of :func:`suppress`.

    Examples
    --------
    >>> values = extend([[2, 9], [8, 9]])
    >>> only_primary = Suppression(values, values == 2, values == 2)
    >>> bool(recoverable(only_primary)[0, 0])  # row 0's total minus the 9 gives it back
    True
    >>> bool(recoverable(suppress([[2, 9], [8, 9]], min_count=3)).any())
    False
    """
    return _bridge_mask(s.withheld)


# -- one table -------------------------------------------------------------------------


def _rectangle(
    cost: np.ndarray, i: int, j: int, *, new_only: bool = False
) -> tuple[int, int] | None:
    """The cheapest ``(i2, j2)`` closing a rectangle with ``(i, j)``, or ``None``."""
    total = cost[:, j][:, None] + cost[i, :][None, :] + cost
    total[i, :] = np.inf
    total[:, j] = np.inf
    if new_only:
        total[total == 0] = np.inf
    k = int(np.argmin(total))
    i2, j2 = divmod(k, total.shape[1])
    if not np.isfinite(total[i2, j2]):
        return None
    return i2, j2


def _costs(values: np.ndarray, withheld: np.ndarray) -> np.ndarray:
    return np.where(withheld, 0.0, np.where(values > 0, values + _PER_CELL, np.inf))


def _bounded_rectangle(
    values: np.ndarray,
    withheld: np.ndarray,
    sign: np.ndarray,
    i: int,
    j: int,
    avoid: np.ndarray | None,
) -> tuple[float, int, int] | None:
    """The cheapest rectangle through withheld ``(i, j)`` that moves it by one while every
    withheld cell stays at least 1: ``(cost, i2, j2)``, or ``None`` when there is none.

    Zeros are published, so an attacker knows every withheld count is at least 1,
    not 0. Around the rectangle ``(i, j), (i, j2), (i2, j), (i2, j2)`` the move
    changes the four cells by ``+d, -d, -d, +d`` times their sign (``-1`` on a
    margin, :func:`_signs`) and keeps every total; for ``d = +1`` or ``d = -1``
    the cells it lowers must hold at least 2. The cost is the count newly
    withheld (a published cell must be positive to become a complement; a
    linked cell costs more, so a move leaves the linked tables alone when it can).
    """
    cost = np.where(withheld, 0.0, np.where(values > 0, values + _PER_CELL, np.inf))
    if avoid is not None:
        cost = np.where(avoid & ~withheld, cost + _LINKED_PENALTY, cost)
    # the four corners as grids over (i2, j2): their counts and their change for d = +1
    corners = (
        (values[i, j], sign[i, j]),
        (values[i, :][None, :], -sign[i, :][None, :]),
        (values[:, j][:, None], -sign[:, j][:, None]),
        (values, sign),
    )
    up = np.ones(values.shape, dtype=bool)
    down = np.ones(values.shape, dtype=bool)
    for v, change in corners:
        up &= (change >= 0) | (v >= 2)
        down &= (change <= 0) | (v >= 2)
    total = cost[i, :][None, :] + cost[:, j][:, None] + cost
    total = np.where(up | down, total, np.inf)
    total[i, :] = np.inf
    total[:, j] = np.inf
    k = int(np.argmin(total))
    i2, j2 = divmod(k, total.shape[1])
    if not np.isfinite(total[i2, j2]):
        return None
    return float(total[i2, j2]), i2, j2


def _protect(values: np.ndarray, start: np.ndarray, avoid: np.ndarray | None = None) -> np.ndarray:
    """Grow ``start`` (every cell positive) until no withheld cell is a bridge, then until
    every withheld cell can move by one with every withheld count at least 1
    (:func:`_bounded_rectangle`): what zeros being published tells an attacker."""
    withheld = _unbridged(values, start)
    sign = _signs(values.shape)
    pending = deque((int(a), int(b)) for a, b in np.argwhere(withheld))
    while pending:
        i, j = pending.popleft()
        found = _bounded_rectangle(values, withheld, sign, i, j, avoid)
        if found is None:
            # none: withhold the positive cells of its row and column, then look again
            line = np.zeros(values.shape, dtype=bool)
            line[i, :] = line[:, j] = True
            fresh = line & (values > 0) & ~withheld
            if not fresh.any():
                fresh = (values > 0) & ~withheld
            if not fresh.any():
                msg = f"cell ({i}, {j}) cannot move although every positive cell is withheld"
                raise DisclosureError(msg, "unprotectable", row=i, column=j)
            withheld |= fresh
            pending.append((i, j))
            continue
        cost, i2, j2 = found
        if cost > 0:  # the rectangle moves all four corners: each is protected by it
            withheld[i, j2] = withheld[i2, j] = withheld[i2, j2] = True
    return withheld


def _unbridged(values: np.ndarray, start: np.ndarray) -> np.ndarray:
    """Grow ``start`` (every cell positive) until no withheld cell is a bridge."""
    rows, cols = values.shape
    withheld = start.copy()
    cost = _costs(values, withheld)
    graph = _TwoEdgeComponents(rows + cols)
    ei, ej = np.nonzero(withheld)
    for i, j in zip(ei.tolist(), ej.tolist(), strict=True):
        graph.add(i, rows + j)
    queue: deque[tuple[int, int]] = deque(zip(ei.tolist(), ej.tolist(), strict=True))

    def withhold(cells: list[tuple[int, int]], *, check: bool) -> None:
        for a, b in cells:
            if not withheld[a, b]:
                withheld[a, b] = True
                cost[a, b] = 0.0
                graph.add(a, rows + b)
                if check:
                    queue.append((a, b))

    while queue:
        i, j = queue.popleft()
        if not graph.is_bridge(i, rows + j):
            continue
        found = _rectangle(cost, i, j)
        if found is not None:
            i2, j2 = found
            withhold([(i, j2), (i2, j), (i2, j2)], check=False)
            continue
        # no rectangle: the positive cells of row i and column j, then of the whole table
        line = [(i, b) for b in range(cols)] + [(a, j) for a in range(rows)]
        fresh = [(a, b) for a, b in line if values[a, b] > 0 and not withheld[a, b]]
        if not fresh:
            fresh = [(int(a), int(b)) for a, b in np.argwhere((values > 0) & ~withheld)]
        if not fresh:
            msg = (
                f"cell ({i}, {j}) cannot be protected although every positive cell is "
                "withheld; the table's totals do not add up"
            )
            raise DisclosureError(msg, "unprotectable", row=i, column=j)
        withhold(fresh, check=True)
        queue.append((i, j))
    return withheld


def suppress(
    counts: npt.ArrayLike,
    *,
    min_count: int | None = None,
    forced: npt.ArrayLike | None = None,
) -> Suppression:
    """Primary and secondary suppression of one table with its margins.

    Parameters
    ----------
    counts
        The interior, ``R x C`` non-negative integer counts.
    min_count
        Counts from 1 to ``min_count - 1`` are withheld (primary). ``None``:
        ``geo.settings.publish_min_count`` (5).
    forced
        Optional ``bool`` mask of the extended shape: cells that must be
        withheld too (a linked table withholds them). Each must hold a
        positive count.

    Returns
    -------
    Suppression
        ``withheld`` holds the primary cells, the forced cells and the
        complements; no withheld cell is a bridge, so none can be recovered
        (module docstring).

    Raises
    ------
    DisclosureError
        ``bad_min_count``, ``bad_table``, ``negative_count``, ``bad_forced``,
        ``forced_zero``.

    Examples
    --------
    One small count: a complement in its row and in its column, and the
    rectangle's fourth corner (the cheapest: 7 + 8 + 6).

    >>> s = suppress([[2, 9, 7], [8, 9, 6], [9, 9, 9]], min_count=3)
    >>> s.withheld[:3, :3].astype(int).tolist()
    [[1, 0, 1], [1, 0, 1], [0, 0, 0]]
    >>> int(s.secondary.sum())
    3
    """
    mc = _min_count(min_count)
    values = extend(counts)
    primary = _primary(values, mc)
    start = primary | _checked_forced(forced, values, "the table")
    return Suppression(values, _protect(values, start), primary)


# -- linked tables ---------------------------------------------------------------------


class _Links:
    """The linked cells of several tables, merged into groups (union-find)."""

    def __init__(self, values: Mapping[str, np.ndarray], links: Sequence[Link]) -> None:
        parent: dict[Cell, Cell] = {}

        def find(c: Cell) -> Cell:
            while parent[c] != c:
                parent[c] = parent[parent[c]]
                c = parent[c]
            return c

        for number, link in enumerate(links):
            if len(link) != 2:
                msg = f"link {number} must be a pair of cells, got {link!r}"
                raise DisclosureError(msg, "bad_link", link=number)
            cells = tuple(_checked_cell(c, values, number) for c in link)
            a, b = cells[0], cells[1]
            va, vb = values[a[0]][a[1], a[2]], values[b[0]][b[1], b[2]]
            if va != vb:
                msg = (
                    f"link {number}: {a[0]} cell ({a[1]}, {a[2]}) holds {va} but {b[0]} cell "
                    f"({b[1]}, {b[2]}) holds {vb}; linked cells must publish the same count"
                )
                raise DisclosureError(msg, "link_mismatch", link=number, first=a[0], second=b[0])
            for c in (a, b):
                parent.setdefault(c, c)
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[ra] = rb
        members: dict[Cell, list[Cell]] = {}
        for c in parent:
            members.setdefault(find(c), []).append(c)
        self.groups: list[list[Cell]] = [g for g in members.values() if len(g) > 1]
        self.group_of: dict[Cell, int] = {c: k for k, g in enumerate(self.groups) for c in g}


def _checked_cell(cell: object, values: Mapping[str, np.ndarray], number: int) -> Cell:
    if not (isinstance(cell, tuple) and len(cell) == 3):
        msg = f"link {number}: a cell must be (table, row, column), got {cell!r}"
        raise DisclosureError(msg, "bad_link", link=number)
    name, i, j = cell
    if name not in values:
        msg = f"link {number} names table {name!r}, which is not among {sorted(values)}"
        raise DisclosureError(msg, "unknown_table", link=number, table=str(name))
    rows, cols = values[name].shape
    if not (isinstance(i, int | np.integer) and isinstance(j, int | np.integer)) or not (
        0 <= i < rows and 0 <= j < cols
    ):
        msg = (
            f"link {number}: cell ({i}, {j}) is outside {name}'s extended table "
            f"({rows} x {cols}, margins included)"
        )
        raise DisclosureError(msg, "bad_link", link=number, table=str(name))
    return (str(name), int(i), int(j))


def _sync(withheld: dict[str, np.ndarray], links: _Links) -> set[str]:
    """Withhold every cell of a group with a withheld member; the tables that changed."""
    changed: set[str] = set()
    for group in links.groups:
        if any(withheld[n][i, j] for n, i, j in group):
            for n, i, j in group:
                if not withheld[n][i, j]:
                    withheld[n][i, j] = True
                    changed.add(n)
    return changed


def _signs(shape: tuple[int, int]) -> np.ndarray:
    """``s`` of the module docstring: -1 on the margins, +1 inside and on the grand total."""
    rows, cols = shape
    s = np.ones(shape, dtype=float)
    s[rows - 1, :] *= -1
    s[:, cols - 1] *= -1
    return s


def _union_audit(
    values: Mapping[str, np.ndarray], withheld: Mapping[str, np.ndarray], links: _Links
) -> dict[str, np.ndarray]:
    """Withheld cells determined over the union of the linked tables (module docstring)."""
    groups = links.groups
    shared = [k for k, g in enumerate(groups) if withheld[g[0][0]][g[0][1], g[0][2]]]
    column = {k: n for n, k in enumerate(shared)}
    n_shared = len(shared)
    constraints: list[np.ndarray] = []
    bridges: list[tuple[str, int, int, np.ndarray]] = []
    for name, mask in withheld.items():
        rows, cols = mask.shape
        sign = _signs(mask.shape)
        ei, ej = np.nonzero(mask)
        is_shared = np.array(
            [(name, int(a), int(b)) in links.group_of for a, b in zip(ei, ej, strict=True)],
            dtype=bool,
        )
        a_vec = np.zeros((rows + cols, n_shared))
        for a, b in zip(ei[is_shared].tolist(), ej[is_shared].tolist(), strict=True):
            k = column[links.group_of[(name, a, b)]]
            a_vec[a, k] += sign[a, b]
            a_vec[rows + b, k] -= sign[a, b]
        pi, pj = ei[~is_shared], ej[~is_shared]
        dfs = _dfs_bridges(rows + cols, pi, pj + rows)
        sub = a_vec.copy()
        for v in reversed(dfs.preorder):
            p = dfs.parent[v]
            if p != -1:
                sub[p] += sub[v]
        # one relation per connected piece of the private graph (isolated nodes included)
        for v in range(rows + cols):
            if dfs.parent[v] == -1 and np.any(sub[v]):
                constraints.append(sub[v])
        child_of_edge = {e: v for v, e in enumerate(dfs.parent_edge) if e != -1}
        for e in np.flatnonzero(dfs.bridge).tolist():
            bridges.append((name, int(pi[e]), int(pj[e]), sub[child_of_edge[e]]))
    # no relation on the shared quantities: each moves freely
    if constraints:
        # a small SVD: BLAS threads only fight the server's other work for the cores
        with threadpool_limits(limits=1):
            basis = scipy.linalg.null_space(np.vstack(constraints))
    else:
        basis = np.eye(n_shared)
    out = {name: np.zeros(mask.shape, dtype=bool) for name, mask in withheld.items()}
    for k in shared:
        if np.linalg.norm(basis[column[k]]) < _TOL:
            for n, i, j in groups[k]:
                out[n][i, j] = True
    for name, i, j, form in bridges:
        if np.linalg.norm(form @ basis) < _TOL:
            out[name][i, j] = True
    return out


def recoverable_linked(
    results: Mapping[str, Suppression],
    links: Sequence[Link],
) -> dict[str, np.ndarray]:
    """The audit over the union of linked tables: withheld cells the published ones determine.

    Exact for linear determination over every table's relations together,
    linked cells being one quantity (module docstring: private pieces
    contracted, one null space over the shared quantities).

    Parameters
    ----------
    results
        Suppressed tables by name.
    links
        Pairs of linked cells ``((name, row, column), (name, row, column))`` in
        extended indices.

    Returns
    -------
    dict of str to numpy.ndarray
        A ``bool`` mask per table, ``True`` where a withheld cell is
        determined. A linked cell withheld in one table and published in
        another is determined (the other gives it).

    Raises
    ------
    DisclosureError
        For a bad link (as :func:`suppress_linked`).
    """
    values = {name: s.values for name, s in results.items()}
    linked = _Links(values, links)
    withheld = {name: s.withheld.copy() for name, s in results.items()}
    out = _union_audit(values, withheld, linked)
    for group in linked.groups:
        status = {bool(results[n].withheld[i, j]) for n, i, j in group}
        if len(status) > 1:
            for n, i, j in group:
                out[n][i, j] |= bool(results[n].withheld[i, j])
    return out


def _repair(
    values: Mapping[str, np.ndarray],
    withheld: dict[str, np.ndarray],
    links: _Links,
    name: str,
    i: int,
    j: int,
) -> bool:
    """Withhold the cheapest rectangle through a determined cell that adds a cell; False if none."""
    best: tuple[float, str, int, int, int, int] | None = None
    candidates = [(name, i, j)]
    group = links.group_of.get((name, i, j))
    if group is not None:
        candidates = links.groups[group]
    for n, a, b in candidates:
        cost = _costs(values[n], withheld[n])
        for c in links.group_of:
            if c[0] == n and not withheld[n][c[1], c[2]] and np.isfinite(cost[c[1], c[2]]):
                cost[c[1], c[2]] += _LINKED_PENALTY
        found = _rectangle(cost, a, b, new_only=True)
        if found is None:
            continue
        a2, b2 = found
        total = float(cost[a, b2] + cost[a2, b] + cost[a2, b2])
        if best is None or total < best[0]:
            best = (total, n, a, b, a2, b2)
    if best is None:
        return False
    _, n, a, b, a2, b2 = best
    for row, col in ((a, b2), (a2, b), (a2, b2)):
        withheld[n][row, col] = True
    return True


def suppress_linked(
    tables: Mapping[str, npt.ArrayLike],
    links: Sequence[Link],
    *,
    min_count: int | None = None,
    forced: Mapping[str, npt.ArrayLike] | None = None,
) -> dict[str, Suppression]:
    """Suppress several tables that publish some quantities twice, so that the union is safe.

    Parameters
    ----------
    tables
        Interiors (``R x C`` counts) by table name.
    links
        Pairs of cells publishing the same quantity,
        ``((name, row, column), (name, row, column))``, in extended indices
        (row ``R`` is a table's totals row, column ``C`` its totals column).
        Linked cells must hold the same count; links chain (a cell linked to
        two others links all three).
    min_count
        As :func:`suppress`. ``None``: ``geo.settings.publish_min_count``.
    forced
        Optional ``bool`` masks of the extended shapes by table name (as
        :func:`suppress`'s): cells that must be withheld too, each with a
        positive count; a forced cell withholds the cells linked to it.

    Returns
    -------
    dict of str to Suppression
        One per table, in the order given. Linked cells share their status;
        no withheld cell is a bridge of its table (:func:`recoverable`) nor
        determined over the union (:func:`recoverable_linked`).

    Raises
    ------
    DisclosureError
        ``bad_min_count``, ``bad_table``, ``negative_count`` (naming the
        table), ``unknown_table``, ``bad_link``, ``link_mismatch`` (naming both
        cells and their counts).

    Examples
    --------
    Two tables of the same three categories sharing their totals row: the
    category whose citywide total is small is withheld in both.

    >>> out = suppress_linked(
    ...     {"areas": [[1, 5, 9], [1, 7, 8]], "months": [[0, 6, 9], [2, 6, 8]]},
    ...     [(("areas", 2, j), ("months", 2, j)) for j in range(4)],
    ...     min_count=3,
    ... )
    >>> bool(out["areas"].withheld[2, 0]), bool(out["months"].withheld[2, 0])
    (True, True)
    """
    mc = _min_count(min_count)
    values: dict[str, np.ndarray] = {}
    for name, counts in tables.items():
        try:
            values[name] = extend(counts)
        except DisclosureError as exc:
            msg = f"table {name!r}: {exc}"
            raise DisclosureError(msg, exc.code, table=name, **exc.params) from exc
    linked = _Links(values, links)
    primary = {name: _primary(v, mc) for name, v in values.items()}
    unknown = sorted(set(forced or {}) - set(values))
    if unknown:
        msg = f"`forced` names a table that is not given: {unknown[0]!r}"
        raise DisclosureError(msg, "unknown_table", table=unknown[0])
    withheld = {
        name: p | _checked_forced((forced or {}).get(name), values[name], name)
        for name, p in primary.items()
    }
    avoid = {name: np.zeros(v.shape, dtype=bool) for name, v in values.items()}
    for n, i, j in linked.group_of:
        avoid[n][i, j] = True
    dirty = set(values)
    while True:
        while dirty:
            for name in dirty:
                withheld[name] = _protect(values[name], withheld[name], avoid[name])
            dirty = _sync(withheld, linked)
        determined = _union_audit(values, withheld, linked)
        cells = [(n, int(i), int(j)) for n, m in determined.items() for i, j in np.argwhere(m)]
        if not cells:
            break
        name, i, j = cells[0]
        if _repair(values, withheld, linked, name, i, j):
            dirty = set(values)
            continue
        # no rectangle adds a cell: every positive cell of that table, then of every table
        grown = [n for n in values if ((values[n] > 0) & ~withheld[n]).any()]
        target = [name] if ((values[name] > 0) & ~withheld[name]).any() else grown
        if not target:
            msg = (
                f"{name} cell ({i}, {j}) stays determined with every positive cell of every "
                "linked table withheld; the tables' totals do not add up"
            )
            raise DisclosureError(msg, "unprotectable", table=name, row=i, column=j)
        for n in target:
            withheld[n] |= values[n] > 0
        dirty = set(values)
    return {name: Suppression(values[name], withheld[name], primary[name]) for name in values}
