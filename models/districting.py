"""Contiguous, balanced and compact territories of barrios: the redesign engine.

A *districting* (ArcGIS Pro's Territory Design, police-beat design,
PySAL's ``spopt`` regionalisation) assigns every areal unit to exactly one
of ``K`` territories such that each territory is contiguous, the workload is
balanced and the shapes are reasonable. This module solves it with the
classic two-phase heuristic of the districting literature:

1. **A contiguous start.** Either the current plan (each barrio with the
   territory that holds most of its area; a territory cut in pieces keeps
   its largest connected piece, the rest is freed), or seeds spread over the
   city (farthest-point: a random first barrio, then each next the barrio
   farthest from the seeds chosen, as k-means++ spreads its centres). Free
   barrios then join, one at a time, the territory furthest below its
   target that touches them, nearest to its centre first (balanced region
   growing).
2. **Local search.** A tabu search over single moves of a boundary barrio
   to a neighbouring territory (Openshaw & Rao 1995's AZP-tabu; Bozkaya,
   Erkut & Laporte 2003 for districting): every iteration takes the best
   move that keeps the donor territory connected (the barrio is not a cut
   vertex of its territory's graph), is not tabu (moving a barrio back
   where it came from within ``tenure`` iterations) unless it beats the best
   plan found, and keeps within the moves allowed; it stops after
   ``patience`` iterations without a better plan.

The objective, minimised, is

.. math::

    f = \\underbrace{\\frac{1}{K}\\sum_r \\left(\\frac{W_r - T_r}{T_r}\\right)^2}_{B}
        + \\lambda \\, s \\, \\underbrace{\\frac{1}{K}\\sum_r
        \\left(\\frac{2\\pi I_r}{A_r^2} - 1\\right)}_{C}

where :math:`W_r` is territory ``r``'s workload and :math:`T_r` its target
(the total over ``K`` unless given), so :math:`B` is the squared
coefficient of variation of the workload when every target is equal;
:math:`I_r` is the territory's polar moment of inertia about its centroid
and :math:`A_r` its area, so :math:`2\\pi I_r / A_r^2` is 1 for a disc and
grows as the shape stretches (the moment-of-inertia compactness of Hess et
al. 1965, used for districts since). :math:`\\lambda` (``compactness``,
0-1) trades balance for shape and :math:`s` (:data:`COMPACTNESS_SCALE`)
puts the two terms on comparable scales. Each unit's own moment about its
centroid is taken as a disc's of its area (:math:`a^2/2\\pi`); the moves
change only the part from the centroids' spread, which is exact. Both terms
update in constant time per move from running sums of each territory.

*Contiguity* is judged on the barrios' adjacency (:class:`UnitGraph`): two
barrios are neighbours when their boundaries run together for more than a
corner (rook contiguity, with a small snapping tolerance for digitising
gaps). A barrio with no neighbour (an island) or a group of barrios cut
off from the rest is joined to the nearest barrio outside it by a *link*,
and every link is reported: no territory is ever left in pieces silently.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from scipy.optimize import linear_sum_assignment
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from geo.errors import CodedError
from models.options import DEFAULT_COMPACTNESS

#: The factor :math:`s` on the compactness term (module docstring): with it,
#: ``compactness=0.5`` costs a territory's shape about as much as a few per
#: cent of workload imbalance.
COMPACTNESS_SCALE = 0.05
#: Snapping tolerance of the adjacency, as a share of the median barrio's side.
TOLERANCE_SHARE = 1e-3
#: Boundary two barrios must share, in tolerances, to count as neighbours
#: (a shared corner gives about 2.8).
SHARED_TOLERANCES = 4.0


class DistrictingError(CodedError):
    """A redesign that cannot be done as asked (more teams than barrios, locks that
    make contiguity impossible, nothing to balance).

    Its ``code`` and ``params`` are said as ``territories.error.<code>`` of
    the catalogue. A ``unit`` parameter is a barrio's position, which
    :func:`models.territories.propose` turns into its id and name.
    """


@dataclass(frozen=True)
class Link:
    """Two barrios joined although they do not touch, so that every territory can be contiguous.

    ``a`` lies in a group of barrios cut off from the rest (``island`` when
    it touches no barrio at all), ``b`` is the nearest barrio outside that
    group, ``distance_m`` apart.
    """

    a: int
    b: int
    distance_m: float
    island: bool


@dataclass(frozen=True, eq=False)
class UnitGraph:
    """The barrios as the search sees them (positions in the barrio layer's order).

    Attributes
    ----------
    x, y
        Each barrio's area centroid, in metres, relative to the mean centroid.
    area
        Each barrio's area in square metres.
    neighbors
        Each barrio's neighbours (rook contiguity, plus :attr:`links`).
    links
        The links added to join islands and cut-off groups (reported).
    """

    x: np.ndarray
    y: np.ndarray
    area: np.ndarray
    neighbors: tuple[np.ndarray, ...]
    links: tuple[Link, ...] = ()

    def __len__(self) -> int:
        return len(self.x)

    @classmethod
    def from_polygons(
        cls, geoms: Sequence[shapely.Geometry] | np.ndarray, *, tolerance: float | None = None
    ) -> UnitGraph:
        """The graph of polygons in a projected CRS (metres).

        Parameters
        ----------
        geoms
            One polygon (or multipolygon) per barrio.
        tolerance
            Snapping distance in metres; ``None``: :data:`TOLERANCE_SHARE`
            of the median barrio's side.

        Raises
        ------
        DistrictingError
            No polygon, or a polygon that is empty or has no area.
        """
        g = np.asarray(geoms, dtype=object)
        n = len(g)
        if n == 0:
            raise DistrictingError("there are no barrios to assign")
        area = shapely.area(g).astype(float)
        bad = np.flatnonzero(~(area > 0))
        if len(bad):
            msg = f"barrio at row {int(bad[0]) + 1} has no area; every barrio needs a polygon"
            raise DistrictingError(msg)
        if tolerance is None:
            tolerance = TOLERANCE_SHARE * float(np.median(np.sqrt(area)))
        cent = shapely.centroid(g)
        cx, cy = shapely.get_x(cent), shapely.get_y(cent)
        adjacency = rook_pairs(g, tolerance)
        x, y = cx - cx.mean(), cy - cy.mean()
        neighbors = _lists(n, adjacency)
        links = _links(g, neighbors)
        if links:
            extra = np.array([(k.a, k.b) for k in links], dtype=np.int64)
            neighbors = _lists(n, np.vstack([adjacency, extra]))
        return cls(x=x, y=y, area=area, neighbors=neighbors, links=tuple(links))

    @classmethod
    def from_lists(
        cls,
        x: np.ndarray,
        y: np.ndarray,
        area: np.ndarray,
        neighbors: Sequence[Sequence[int]],
    ) -> UnitGraph:
        """A graph from centroids, areas and neighbour lists (tests, lattices); must be connected."""
        n = len(x)
        pairs = np.array([(i, j) for i in range(n) for j in neighbors[i]], dtype=np.int64)
        lists = _lists(n, pairs.reshape(-1, 2))
        if n and _components(n, lists)[0] > 1:
            raise DistrictingError("the units' neighbour lists do not connect them all")
        xs, ys = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        return cls(
            x=xs - xs.mean(),
            y=ys - ys.mean(),
            area=np.asarray(area, dtype=float),
            neighbors=lists,
        )

    @property
    def islands(self) -> tuple[int, ...]:
        """Barrios that touch no other barrio."""
        return tuple(sorted({k.a for k in self.links if k.island}))

    def pieces(self, members: np.ndarray, *, links: bool = True) -> list[list[int]]:
        """The connected pieces the barrios ``members`` (positions) form, each in search order.

        With ``links=False`` only true adjacency counts.
        """
        inside = np.zeros(len(self), dtype=bool)
        inside[np.asarray(members, dtype=np.int64)] = True
        skip = set() if links else {(k.a, k.b) for k in self.links}
        skip |= {(b, a) for a, b in skip}
        seen = np.zeros(len(self), dtype=bool)
        out: list[list[int]] = []
        for start in members:
            if seen[start]:
                continue
            piece = [int(start)]
            seen[start] = True
            stack = [int(start)]
            while stack:
                i = stack.pop()
                for j in self.neighbors[i]:
                    j = int(j)
                    if inside[j] and not seen[j] and (i, j) not in skip:
                        seen[j] = True
                        piece.append(j)
                        stack.append(j)
            out.append(piece)
        return out

    def parts(self, members: np.ndarray, *, links: bool = True) -> int:
        """How many connected pieces the barrios ``members`` (positions) form (:meth:`pieces`)."""
        return len(self.pieces(members, links=links))


def rook_pairs(geoms: np.ndarray, tolerance: float) -> np.ndarray:
    """Pairs ``(i, j)``, ``i < j``, of polygons whose boundaries run together (rook contiguity).

    Two polygons are neighbours when the length of one's boundary within
    ``tolerance`` of the other's exceeds :data:`SHARED_TOLERANCES` tolerances:
    a shared edge, not a shared corner, and small digitising gaps forgiven.
    """
    tree = shapely.STRtree(geoms)
    i, j = tree.query(geoms, predicate="dwithin", distance=tolerance)
    keep = i < j
    i, j = i[keep], j[keep]
    if not len(i):
        return np.empty((0, 2), dtype=np.int64)
    edges = shapely.boundary(geoms)
    near = shapely.intersection(edges[i], shapely.buffer(edges[j], tolerance))
    shared = shapely.length(near)
    ok = shared > SHARED_TOLERANCES * tolerance
    return np.column_stack([i[ok], j[ok]]).astype(np.int64)


def _lists(n: int, pairs: np.ndarray) -> tuple[np.ndarray, ...]:
    out: list[set[int]] = [set() for _ in range(n)]
    for a, b in pairs:
        if a != b:
            out[int(a)].add(int(b))
            out[int(b)].add(int(a))
    return tuple(np.array(sorted(s), dtype=np.int64) for s in out)


def _components(n: int, neighbors: Sequence[np.ndarray]) -> tuple[int, np.ndarray]:
    rows = np.repeat(np.arange(n), [len(nb) for nb in neighbors])
    cols = np.concatenate(neighbors) if n else np.empty(0, dtype=np.int64)
    m = coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))
    count, label = connected_components(m, directed=False)
    return int(count), label


def _links(geoms: np.ndarray, neighbors: tuple[np.ndarray, ...]) -> list[Link]:
    """Join every cut-off group to the nearest barrio outside it, smallest group first."""
    n = len(geoms)
    lists = [set(map(int, nb)) for nb in neighbors]
    links: list[Link] = []
    lonely = {i for i in range(n) if not lists[i]}
    while True:
        count, label = _components(n, tuple(np.array(sorted(s), dtype=np.int64) for s in lists))
        if count <= 1:
            return links
        sizes = np.bincount(label)
        group = int(np.argmin(sizes))
        inside = np.flatnonzero(label == group)
        outside = np.flatnonzero(label != group)
        best = (math.inf, -1, -1)
        for unit in inside:
            d = shapely.distance(geoms[unit], geoms[outside])
            k = int(np.argmin(d))
            if d[k] < best[0]:
                best = (float(d[k]), int(unit), int(outside[k]))
        dist, a, b = best
        links.append(Link(a=a, b=b, distance_m=dist, island=a in lonely))
        lists[a].add(b)
        lists[b].add(a)


# -- the plan and its objective ----------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Plan:
    """A solved districting.

    Attributes
    ----------
    labels
        Each barrio's territory, ``0 .. K-1``.
    balance
        :math:`B` of the module docstring (the squared CV with equal targets).
    compactness
        :math:`C`, the mean excess moment of inertia over a disc's.
    objective
        :math:`f = B + \\lambda s C`.
    iterations
        Tabu iterations run (all starts).
    starts
        Starting plans tried.
    fixed
        ``{territory: current territory}`` of the territories that hold
        locked barrios (from scratch they are numbered first).
    """

    labels: np.ndarray
    balance: float
    compactness: float
    objective: float
    iterations: int
    starts: int
    fixed: Mapping[int, int] | None = None

    @property
    def k(self) -> int:
        """The number of territories."""
        return int(self.labels.max()) + 1 if len(self.labels) else 0


@dataclass
class _Sums:
    """Running sums of each territory: workload, area, area-weighted x, y and x²+y² (+ own moments)."""

    w: np.ndarray
    a: np.ndarray
    sx: np.ndarray
    sy: np.ndarray
    sq: np.ndarray
    size: np.ndarray

    @classmethod
    def of(cls, labels: np.ndarray, k: int, unit: _Units) -> _Sums:
        def s(v: np.ndarray) -> np.ndarray:
            return np.bincount(labels, weights=v, minlength=k).astype(float)

        return cls(
            w=s(unit.w),
            a=s(unit.a),
            sx=s(unit.ax),
            sy=s(unit.ay),
            sq=s(unit.aq),
            size=np.bincount(labels, minlength=k),
        )

    def move(self, i: int, src: int, dst: int, unit: _Units) -> None:
        for arr, v in (
            (self.w, unit.w),
            (self.a, unit.a),
            (self.sx, unit.ax),
            (self.sy, unit.ay),
            (self.sq, unit.aq),
        ):
            arr[src] -= v[i]
            arr[dst] += v[i]
        self.size[src] -= 1
        self.size[dst] += 1


@dataclass(frozen=True, eq=False)
class _Units:
    """Per-barrio terms of the sums (scaled so that the median barrio has area 1)."""

    w: np.ndarray
    a: np.ndarray
    ax: np.ndarray
    ay: np.ndarray
    aq: np.ndarray

    @classmethod
    def of(cls, graph: UnitGraph, weights: np.ndarray) -> _Units:
        scale = float(np.median(graph.area))
        a = graph.area / scale
        x, y = graph.x / math.sqrt(scale), graph.y / math.sqrt(scale)
        return cls(
            w=np.asarray(weights, dtype=float),
            a=a,
            ax=a * x,
            ay=a * y,
            aq=a * (x * x + y * y) + a * a / (2 * math.pi),
        )


def _shape(a: np.ndarray, sx: np.ndarray, sy: np.ndarray, sq: np.ndarray) -> np.ndarray:
    """:math:`2\\pi I / A^2 - 1` of territories from their sums (0 for a disc)."""
    inertia = sq - (sx * sx + sy * sy) / a
    out: np.ndarray = 2 * math.pi * inertia / (a * a) - 1.0
    return out


def _terms(s: _Sums, target: np.ndarray) -> tuple[float, float]:
    b = float(np.mean(((s.w - target) / target) ** 2))
    c = float(np.mean(_shape(s.a, s.sx, s.sy, s.sq)))
    return b, c


# -- cut vertices --------------------------------------------------------------------------


def _cut_vertices(
    members: np.ndarray, neighbors: tuple[np.ndarray, ...], inside: np.ndarray
) -> set[int]:
    """The articulation points of the subgraph of ``members`` (iterative Tarjan)."""
    cut: set[int] = set()
    if len(members) < 3:
        return cut
    disc: dict[int, int] = {}
    low: dict[int, int] = {}
    root = int(members[0])
    disc[root] = low[root] = 0
    counter = 1
    root_children = 0
    stack: list[tuple[int, int, int]] = [(root, -1, 0)]
    while stack:
        v, parent, k = stack[-1]
        nb = neighbors[v]
        if k < len(nb):
            stack[-1] = (v, parent, k + 1)
            u = int(nb[k])
            if not inside[u] or u == parent:
                continue
            if u in disc:
                low[v] = min(low[v], disc[u])
            else:
                disc[u] = low[u] = counter
                counter += 1
                stack.append((u, v, 0))
                if v == root:
                    root_children += 1
        else:
            stack.pop()
            if parent >= 0:
                low[parent] = min(low[parent], low[v])
                if parent != root and low[v] >= disc[parent]:
                    cut.add(parent)
    if root_children > 1:
        cut.add(root)
    return cut


class _Search:
    """One tabu search from a contiguous start (module docstring, phase 2)."""

    def __init__(
        self,
        graph: UnitGraph,
        unit: _Units,
        labels: np.ndarray,
        k: int,
        target: np.ndarray,
        lam: float,
        locked: np.ndarray,
        current: np.ndarray | None,
        max_moves: int | None,
    ) -> None:
        self.graph, self.unit, self.k, self.target = graph, unit, k, target
        self.lam = lam * COMPACTNESS_SCALE
        self.labels = labels.copy()
        self.locked = locked
        self.current = current
        self.max_moves = max_moves
        self.sums = _Sums.of(self.labels, k, unit)
        n = len(graph)
        rows = np.repeat(np.arange(n), [len(nb) for nb in graph.neighbors])
        self.eu = rows.astype(np.int64)
        self.ev = np.concatenate(graph.neighbors).astype(np.int64) if n else rows
        self.cut = np.zeros(n, dtype=bool)
        for r in range(k):
            self._refresh(r)

    def _refresh(self, r: int) -> None:
        members = np.flatnonzero(self.labels == r)
        inside = self.labels == r
        self.cut[members] = False
        for v in _cut_vertices(members, self.graph.neighbors, inside):
            self.cut[v] = True

    def value(self) -> tuple[float, float, float]:
        b, c = _terms(self.sums, self.target)
        return b, c, b + self.lam * c

    def moved(self) -> int:
        if self.current is None:
            return 0
        return int(((self.current >= 0) & (self.labels != self.current)).sum())

    def candidates(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every allowed move (barrio, to) with its change of the objective."""
        lab = self.labels
        lu, lv = lab[self.eu], lab[self.ev]
        m = lu != lv
        code = np.unique(self.eu[m] * self.k + lv[m])
        u, dst = code // self.k, code % self.k
        src = lab[u]
        s = self.sums
        ok = ~self.locked[u] & ~self.cut[u] & (s.size[src] > 1)
        u, src, dst = u[ok], src[ok], dst[ok]
        if self.max_moves is not None and self.current is not None and len(u):
            cur = self.current[u]
            change = (cur >= 0).astype(np.int64) * ((dst != cur).astype(np.int64) - (src != cur))
            room = self.max_moves - self.moved()
            fine = change <= room
            u, src, dst = u[fine], src[fine], dst[fine]
        un = self.unit
        t = self.target
        w = un.w[u]
        before = ((s.w[src] - t[src]) / t[src]) ** 2 + ((s.w[dst] - t[dst]) / t[dst]) ** 2
        after = ((s.w[src] - w - t[src]) / t[src]) ** 2 + ((s.w[dst] + w - t[dst]) / t[dst]) ** 2
        delta = (after - before) / self.k
        if self.lam > 0:
            a, ax, ay, aq = un.a[u], un.ax[u], un.ay[u], un.aq[u]
            c0 = _shape(s.a[src], s.sx[src], s.sy[src], s.sq[src]) + _shape(
                s.a[dst], s.sx[dst], s.sy[dst], s.sq[dst]
            )
            c1 = _shape(s.a[src] - a, s.sx[src] - ax, s.sy[src] - ay, s.sq[src] - aq) + _shape(
                s.a[dst] + a, s.sx[dst] + ax, s.sy[dst] + ay, s.sq[dst] + aq
            )
            delta = delta + self.lam * (c1 - c0) / self.k
        return u, dst, delta

    def move(self, i: int, dst: int) -> None:
        src = int(self.labels[i])
        self.sums.move(i, src, dst, self.unit)
        self.labels[i] = dst
        self._refresh(src)
        self._refresh(dst)

    def run(
        self, *, tenure: int, patience: int, max_iter: int, rng: np.random.Generator
    ) -> tuple[np.ndarray, float, int]:
        best = self.labels.copy()
        best_f = self.value()[2]
        f = best_f
        tabu_until = np.zeros((len(self.graph), self.k), dtype=np.int64)
        stall = 0
        it = 0
        while it < max_iter and stall < patience:
            it += 1
            u, dst, delta = self.candidates()
            if not len(u):
                break
            allowed = (tabu_until[u, dst] < it) | (f + delta < best_f - 1e-12)
            if not allowed.any():
                break
            # ties broken at random (seeded), so equal moves do not always favour low rows
            noise = rng.random(len(u)) * 1e-12
            score = np.where(allowed, delta + noise, np.inf)
            pick = int(np.argmin(score))
            i, to = int(u[pick]), int(dst[pick])
            src = int(self.labels[i])
            self.move(i, to)
            f += float(delta[pick])
            tabu_until[i, src] = it + tenure
            if f < best_f - 1e-12:
                best_f, best = f, self.labels.copy()
                stall = 0
            else:
                stall += 1
        self.labels = best
        self.sums = _Sums.of(best, self.k, self.unit)
        return best, best_f, it


# -- starts ---------------------------------------------------------------------------------


def _grow(
    graph: UnitGraph,
    unit: _Units,
    labels: np.ndarray,
    k: int,
    target: np.ndarray,
) -> np.ndarray:
    """Give every free barrio (-1) to a touching territory, the one furthest below target first."""
    labels = labels.copy()
    sums = _Sums.of(np.where(labels >= 0, labels, k), k + 1, unit)
    frontier: list[set[int]] = [set() for _ in range(k)]
    for i in np.flatnonzero(labels >= 0):
        for j in graph.neighbors[i]:
            if labels[j] < 0:
                frontier[int(labels[i])].add(int(j))
    free = int((labels < 0).sum())
    while free:
        order = np.argsort(sums.w[:k] / target, kind="stable")
        for r in order:
            r = int(r)
            cand = [j for j in frontier[r] if labels[j] < 0]
            frontier[r] = set(cand)
            if not cand:
                continue
            cx, cy = sums.sx[r] / sums.a[r], sums.sy[r] / sums.a[r]
            arr = np.array(sorted(cand), dtype=np.int64)
            pos_x = unit.ax[arr] / unit.a[arr]
            pos_y = unit.ay[arr] / unit.a[arr]
            j = int(arr[int(np.argmin((pos_x - cx) ** 2 + (pos_y - cy) ** 2))])
            labels[j] = r
            sums.move(j, k, r, unit)
            free -= 1
            for m in graph.neighbors[j]:
                if labels[m] < 0:
                    frontier[r].add(int(m))
            break
        else:
            msg = f"{free} barrios cannot be reached from any territory without crossing another's locked barrios"
            raise DistrictingError(msg, "unreachable", n=free)
    return labels


def _seeds(graph: UnitGraph, k: int, taken: np.ndarray, rng: np.random.Generator) -> list[int]:
    """Farthest-point seeds: spread ``k`` barrios over the city, away from barrios already taken."""
    n = len(graph)
    free = np.flatnonzero(taken < 0)
    if len(free) < k:
        msg = f"only {len(free)} barrios are free for {k} more territories"
        raise DistrictingError(msg)
    chosen_xy = [(graph.x[i], graph.y[i]) for i in np.flatnonzero(taken >= 0)]
    seeds: list[int] = []
    dmin = np.full(n, np.inf)
    for cx, cy in chosen_xy:
        dmin = np.minimum(dmin, np.hypot(graph.x - cx, graph.y - cy))
    for _ in range(k):
        options = free[~np.isin(free, seeds)]
        if not np.isfinite(dmin[options]).any():
            pick = int(rng.choice(options))
        else:
            top = options[np.argsort(-dmin[options], kind="stable")[: min(3, len(options))]]
            pick = int(rng.choice(top))
        seeds.append(pick)
        dmin = np.minimum(dmin, np.hypot(graph.x - graph.x[pick], graph.y - graph.y[pick]))
    return seeds


def _connect_locks(
    graph: UnitGraph, labels: np.ndarray, groups: Mapping[int, np.ndarray]
) -> np.ndarray:
    """Join each territory's locked barrios by shortest paths through free barrios."""
    labels = labels.copy()
    for r, group in groups.items():
        members = [int(m) for m in group]
        joined = {members[0]}
        for m in members[1:]:
            if m in joined:
                continue
            path = _path(graph, joined, m, labels, r)
            if path is None:
                msg = (
                    f"the locked barrios of one territory cannot be joined without crossing "
                    f"barrios locked to another (barrio at row {m + 1})"
                )
                raise DistrictingError(msg, "locks_apart", unit=m)
            for p in path:
                labels[p] = r
                joined.add(p)
    return labels


def _path(
    graph: UnitGraph, sources: set[int], goal: int, labels: np.ndarray, r: int
) -> list[int] | None:
    prev: dict[int, int] = {s: -1 for s in sources}
    queue = list(sources)
    head = 0
    while head < len(queue):
        v = queue[head]
        head += 1
        if v == goal:
            out = []
            while v >= 0 and v not in sources:
                out.append(v)
                v = prev[v]
            return out
        for u in graph.neighbors[v]:
            u = int(u)
            if u not in prev and (labels[u] < 0 or labels[u] == r):
                prev[u] = v
                queue.append(u)
    return None


def _largest_pieces(graph: UnitGraph, labels: np.ndarray, k: int, locked: np.ndarray) -> np.ndarray:
    """Keep each territory's connected piece holding its locks (or its largest); free the rest."""
    labels = labels.copy()
    for r in range(k):
        pieces = graph.pieces(np.flatnonzero(labels == r))
        if len(pieces) <= 1:
            continue
        keep = max(
            range(len(pieces)), key=lambda p: (sum(locked[q] for q in pieces[p]), len(pieces[p]))
        )
        for p, piece in enumerate(pieces):
            if p != keep:
                labels[piece] = -1
    return labels


# -- the public entry --------------------------------------------------------------------


@dataclass(frozen=True)
class Request:
    """What to solve (validated by :func:`solve`).

    Attributes
    ----------
    k
        Territories.
    compactness
        :math:`\\lambda`, 0 (balance only) to 1.
    current
        Each barrio's current territory (``0 .. K-1``; -1: none), or ``None``.
    from_current
        Start from ``current`` (move as few barrios as possible) rather than from scratch.
    locked
        Barrios (positions) that keep their current territory.
    max_moves
        At most this many barrios of a current territory end in another one
        (barrios outside every territory do not count); needs ``from_current``.
    targets
        Each territory's target workload as shares of the total (e.g. by team
        size), or ``None`` for equal targets; needs ``from_current``.
    seed
        Random seed (the same seed gives the same plan).
    starts
        Starting plans tried from scratch (the best is kept).
    """

    k: int
    compactness: float = DEFAULT_COMPACTNESS
    current: tuple[int, ...] | None = None
    from_current: bool = False
    locked: tuple[int, ...] = ()
    max_moves: int | None = None
    targets: tuple[float, ...] | None = None
    seed: int = 0
    starts: int = 4
    tenure: int | None = None
    patience: int | None = None
    max_iter: int = 20_000


def solve(graph: UnitGraph, weights: np.ndarray, request: Request) -> Plan:
    """Assign every barrio to one of ``request.k`` contiguous territories (module docstring).

    Parameters
    ----------
    graph
        The barrios (:class:`UnitGraph`).
    weights
        Each barrio's workload (non-negative; what is balanced).
    request
        The options (:class:`Request`).

    Returns
    -------
    Plan

    Raises
    ------
    DistrictingError
        More territories than barrios, fewer than the territories with
        locks, locks that make contiguity impossible, options that need a
        current plan without one, or no workload at all.
    """
    n = len(graph)
    k = int(request.k)
    w = np.asarray(weights, dtype=float)
    if w.shape != (n,):
        msg = f"`weights` must hold one value per barrio: {w.shape[0] if w.ndim else 0} for {n}"
        raise DistrictingError(msg)
    if not np.isfinite(w).all() or (w < 0).any():
        bad = int(np.flatnonzero(~np.isfinite(w) | (w < 0))[0])
        msg = f"the workload of the barrio at row {bad + 1} is {w[bad]!r}; it must be a number of at least 0"
        raise DistrictingError(msg)
    if k < 1:
        msg = f"the number of teams must be at least 1, got {k}"
        raise DistrictingError(msg)
    if k > n:
        msg = f"{k} teams for {n} barrios: each territory needs at least one barrio"
        raise DistrictingError(msg, "too_many_teams", k=k, n=n)
    if w.sum() <= 0:
        raise DistrictingError(
            "the workload is zero in every barrio: there is nothing to balance", "zero_workload"
        )
    if not 0.0 <= request.compactness <= 1.0:
        msg = f"`compactness` must be between 0 and 1, got {request.compactness!r}"
        raise DistrictingError(msg)
    current = None if request.current is None else np.asarray(request.current, dtype=np.int64)
    if current is not None and current.shape != (n,):
        msg = f"`current` must hold one territory per barrio: {len(current)} for {n}"
        raise DistrictingError(msg)
    needs_current = [
        name
        for name, given in (
            ("--from-current", request.from_current),
            ("locks", bool(request.locked)),
            ("--max-moves", request.max_moves is not None),
        )
        if given
    ]
    if needs_current and (current is None or not (current >= 0).any()):
        msg = f"{', '.join(needs_current)} need the current territories, and there are none"
        raise DistrictingError(msg, "no_current", what=", ".join(needs_current))
    if request.max_moves is not None and not request.from_current:
        raise DistrictingError(
            "--max-moves counts moves from the current plan: use it with --from-current",
            "max_moves_alone",
        )
    if request.max_moves is not None and request.max_moves < 0:
        msg = f"--max-moves must be at least 0, got {request.max_moves}"
        raise DistrictingError(msg)
    if request.from_current:
        assert current is not None
        have = int(current.max()) + 1
        if have != k:
            msg = (
                f"--from-current keeps the {have} current territories: ask for {have} teams, "
                f"or start from scratch to draw {k}"
            )
            raise DistrictingError(msg, "from_current_k", have=have, k=k)
    targets = np.full(k, w.sum() / k)
    if request.targets is not None:
        shares = np.asarray(request.targets, dtype=float)
        if shares.shape != (k,) or not (shares > 0).all():
            msg = f"`targets` must hold one positive share per territory ({k})"
            raise DistrictingError(msg)
        targets = w.sum() * shares / shares.sum()
    locked = np.zeros(n, dtype=bool)
    for i in request.locked:
        if not 0 <= i < n:
            msg = f"locked barrio position {i} is outside the {n} barrios"
            raise DistrictingError(msg)
        assert current is not None
        if current[i] < 0:
            msg = f"the barrio at row {i + 1} is locked but lies in no current territory"
            raise DistrictingError(msg, "lock_outside", unit=i)
        locked[i] = True
    unit = _Units.of(graph, w)
    rng = np.random.default_rng(request.seed)
    tenure = request.tenure if request.tenure is not None else max(5, min(25, n // (2 * k) + 3))
    patience = (
        request.patience if request.patience is not None else max(60, 3 * n // max(1, k) + 40)
    )

    starts: list[np.ndarray] = []
    locked_groups: dict[int, np.ndarray] = {}
    if locked.any():
        assert current is not None
        for r in sorted(set(current[locked].tolist())):
            locked_groups[int(r)] = np.flatnonzero(locked & (current == r))
    if request.from_current:
        assert current is not None
        start = _largest_pieces(graph, np.where(current >= 0, current, -1), k, locked)
        start = _connect_locks(graph, start, locked_groups)
        empty = [r for r in range(k) if not (start == r).any()]
        if empty:
            msg = f"{len(empty)} current territories hold no barrio; start from scratch instead"
            raise DistrictingError(msg, "empty_territory", n=len(empty))
        start = _grow(graph, unit, start, k, targets)
        forced = int(((current >= 0) & (start != current)).sum())
        if request.max_moves is not None and forced > request.max_moves:
            msg = (
                f"a current territory is in pieces: making every territory contiguous moves "
                f"{forced} barrios, more than the {request.max_moves} allowed"
            )
            raise DistrictingError(msg, "max_moves_forced", n=forced, m=request.max_moves)
        starts.append(start)
    else:
        if len(locked_groups) > k:
            msg = f"the locks keep {len(locked_groups)} current territories, more than the {k} teams asked for"
            raise DistrictingError(msg, "locks_exceed", n=len(locked_groups), k=k)
        # regions 0.. hold the locked territories first (relabelled later by the caller)
        base = np.full(n, -1, dtype=np.int64)
        for slot, (_r, members) in enumerate(locked_groups.items()):
            base[members] = slot
        base = _connect_locks(
            graph, base, {s: g for s, (_r, g) in enumerate(locked_groups.items())}
        )
        for _ in range(max(1, request.starts)):
            labels = base.copy()
            for slot, seed in enumerate(_seeds(graph, k - len(locked_groups), labels, rng)):
                labels[seed] = len(locked_groups) + slot
            starts.append(_grow(graph, unit, labels, k, targets))

    best: Plan | None = None
    iterations = 0
    for start in starts:
        search = _Search(
            graph,
            unit,
            start,
            k,
            targets,
            request.compactness,
            locked,
            current,
            request.max_moves,
        )
        labels, _f, its = search.run(
            tenure=tenure, patience=patience, max_iter=request.max_iter, rng=rng
        )
        iterations += its
        b, c, f = search.value()
        if best is None or f < best.objective - 1e-12:
            best = Plan(
                labels=labels, balance=b, compactness=c, objective=f, iterations=0, starts=0
            )
    assert best is not None
    for r in range(k):
        if graph.parts(np.flatnonzero(best.labels == r)) != 1:  # pragma: no cover - a bug guard
            msg = f"internal error: territory {r} came out in pieces"
            raise AssertionError(msg)
    return Plan(
        labels=best.labels,
        balance=best.balance,
        compactness=best.compactness,
        objective=best.objective,
        iterations=iterations,
        starts=len(starts),
        fixed=(
            {r: r for r in locked_groups}
            if request.from_current
            else {slot: r for slot, r in enumerate(locked_groups)}
        ),
    )


def match_labels(
    labels: np.ndarray, current: np.ndarray, k_current: int, fixed: Mapping[int, int] | None = None
) -> np.ndarray:
    """Renumber a plan's territories to the current ones they overlap most (Hungarian matching).

    Returns ``order`` with ``order[r]`` the current territory (``0 ..
    k_current-1``) given to new territory ``r``, or ``-1`` when none is left
    (more new territories than current ones). ``fixed`` maps new territories
    that must keep a current number (the locked ones).
    """
    k = int(labels.max()) + 1 if len(labels) else 0
    order = np.full(k, -1, dtype=np.int64)
    fixed = dict(fixed or {})
    for r, c in fixed.items():
        order[r] = c
    free_new = [r for r in range(k) if r not in fixed]
    free_cur = [c for c in range(k_current) if c not in fixed.values()]
    if free_new and free_cur:
        overlap = np.zeros((len(free_new), len(free_cur)))
        for a, r in enumerate(free_new):
            for b, c in enumerate(free_cur):
                overlap[a, b] = float(((labels == r) & (current == c)).sum())
        rows, cols = linear_sum_assignment(-overlap)
        for a, b in zip(rows, cols, strict=True):
            order[free_new[a]] = free_cur[b]
    return order


__all__ = [
    "COMPACTNESS_SCALE",
    "DEFAULT_COMPACTNESS",
    "DistrictingError",
    "Link",
    "Plan",
    "Request",
    "UnitGraph",
    "match_labels",
    "rook_pairs",
    "solve",
]
