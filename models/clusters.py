"""Density-based clusters of incidents (DBSCAN, HDBSCAN) drawn as hulls.

The incidents' projected coordinates are clustered with DBSCAN
(:func:`dbscan_labels`: scikit-learn's ``DBSCAN`` labels, computed from
one k-d tree) or scikit-learn's ``HDBSCAN``; each cluster becomes one polygon (its convex
hull, or a concave hull) with what a planner asks first: how many
incidents, how much harm, of which kinds, over which dates, and which
public space is nearest.

Parameters chosen from the data
    A city's incidents are dense almost everywhere people live, so a
    cluster must be dense *relative to the city's background*, or the
    densest half of the city chains into one cluster (on the full demo the
    former default, eps = the mean distance to the 10th neighbour, 27 m,
    put 65,999 of 133,062 incidents in one hull of 15 km²).

    DBSCAN (Ester, Kriegel, Sander and Xu, 1996, KDD-96) reads ``eps`` off
    the k-distance curve (each incident's distance to its ``k``-th nearest
    neighbour, ``k = min_samples``), as the authors propose, but at a
    density fixed relative to the background: ``k / (pi d_k**2)`` is the
    k-nearest-neighbour estimate of the density around an incident
    (Loftsgaarden and Quesenberry, 1965), the *background* is its median
    over the incidents (the density around the typical incident) and a
    core incident must be at least :data:`DENSITY_MULTIPLE` (2) times as
    dense, so ``eps = median(d_k) / sqrt(2)``. ``min_samples`` defaults to
    :data:`DBSCAN_MIN_SAMPLES` (20 incidents: Schubert, Sander, Ester,
    Kriegel and Xu, 2017, "DBSCAN revisited, revisited", ACM TODS 42(3),
    advise values well above the minimum of 2 x dimensions for large,
    noisy data). The same paper advises to check the result: when one
    cluster holds a large share of the data, eps is too large. So when a
    cluster holds more than :data:`MAX_CLUSTER_SHARE` (15 %) of the
    incidents, eps shrinks by sqrt(2) (the density multiple doubles) until
    none does, at most :data:`MAX_EPS_SHRINKS` times. An ``eps`` you give
    is used as given.

    HDBSCAN (Campello, Moulavi and Sander, 2013) needs no distance; its
    clusters are chosen by excess of mass, with ``min_cluster_size``
    (default :data:`HDBSCAN_MIN_CLUSTER_SIZE`, 20 incidents) and
    ``min_samples`` (default the same), and no cluster may hold more than
    :data:`MAX_CLUSTER_SHARE` of the incidents (scikit-learn's
    ``max_cluster_size``): a larger one is replaced by its sub-clusters, or
    left out when it has none (at that size it is the background).

    On the full demo each planted hot spot is its own cluster with both
    methods and the largest cluster holds about 5 % of the incidents
    (``tests/models/test_hotspots_demo.py``).

Scale
    DBSCAN clusters 100,000 incidents in well under a second here; at a
    million, the pairs within eps (``cKDTree.query_pairs``) take most of the
    time, well under scikit-learn's ``DBSCAN.fit`` alone on the same points
    (``benchmarks/cli_latency.py`` prints it). Above
    :data:`BACKGROUND_SAMPLE_ABOVE` incidents (more than the full demo's
    133,062) the background distance is the median over
    :data:`BACKGROUND_SAMPLE` incidents drawn with a fixed seed, each still
    measured against all of them (a 20-nearest-neighbour query of every
    incident costs 2 s at a million): the median of 50,000 draws lies
    within a fraction of a percent of the full one
    (``tests/models/test_clusters.py``), so the chosen eps may move by as
    much at that size, the same on every run; below it (the demo included)
    nothing is sampled and eps is the full median's. The clusters' hulls
    and figures are computed for all clusters at once (one
    ``shapely.multipoints`` call, one sort of the members), not one cluster
    at a time.
    scikit-learn's HDBSCAN grows much faster than linearly (about 2 s for
    20,000 incidents, 9 s for 50,000 and 50 s for 100,000 on the
    development machine): filter by category or period first, or use
    DBSCAN, for larger sets.
"""

from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from scipy.sparse import csr_matrix
from scipy.spatial import cKDTree

from geo import schema
from models.lattice import XY, point_coordinates, projected_crs
from models.options import ClusterMethod

#: Defaults of the cluster sizes (incidents).
DBSCAN_MIN_SAMPLES = 20
HDBSCAN_MIN_CLUSTER_SIZE = 20
#: A DBSCAN core incident is at least this many times as dense as the typical incident's
#: surroundings (the median k-nearest-neighbour density; module docstring).
DENSITY_MULTIPLE = 2.0
#: No cluster found with the default eps (DBSCAN) or by HDBSCAN holds more than this share
#: of the incidents.
MAX_CLUSTER_SHARE = 0.15
#: How many times the default eps may shrink by sqrt(2) to keep every cluster under
#: MAX_CLUSTER_SHARE.
MAX_EPS_SHRINKS = 6
#: Hulls of clusters with fewer than 3 distinct locations are buffered by this (metres).
DEGENERATE_BUFFER_M = 10.0
#: Incidents above which the background distance is the median over a sample (module docstring).
BACKGROUND_SAMPLE_ABOVE = 200_000
#: Incidents in that sample, drawn with :data:`BACKGROUND_SAMPLE_SEED`.
BACKGROUND_SAMPLE = 50_000
BACKGROUND_SAMPLE_SEED = 0
#: Points above which :class:`PointIndex` splits them in two halves searched in two threads.
SPLIT_ABOVE = 200_000


@dataclass(frozen=True)
class ClusterParameters:
    """What a clustering used, for the page and the CLI.

    Attributes
    ----------
    method
        ``"dbscan"`` or ``"hdbscan"``.
    eps
        DBSCAN's search distance in metres (NaN for HDBSCAN).
    min_samples
        Neighbours a core incident needs.
    min_cluster_size
        HDBSCAN's smallest cluster (0 for DBSCAN).
    hull
        ``"convex"`` or ``"concave"``.
    crs
        The projected CRS.
    n_clusters, n_noise
        Clusters found; incidents in none.
    reason
        English sentences for the page.
    eps_rule
        How eps was set: ``"background_density"`` (chosen, module
        docstring), ``"user"``, or ``""`` (HDBSCAN).
    background_m
        The median distance from an incident to its ``min_samples``-th
        nearest neighbour, metres (NaN unless eps was chosen); above
        :data:`BACKGROUND_SAMPLE_ABOVE` incidents, the median over a fixed
        sample of :data:`BACKGROUND_SAMPLE` of them (module docstring).
    density_multiple
        How many times the background density a core incident needs
        (2, or more when eps had to shrink; NaN unless eps was chosen).
    max_cluster_share
        The largest share of the incidents a cluster may hold (NaN when
        you set eps, or with no limit).
    largest_share
        The share of the incidents in the largest cluster (0 when none).
    """

    method: ClusterMethod
    eps: float
    min_samples: int
    min_cluster_size: int
    hull: str
    crs: str
    n_clusters: int
    n_noise: int
    reason: str
    eps_rule: str = ""
    background_m: float = math.nan
    density_multiple: float = math.nan
    max_cluster_share: float = math.nan
    largest_share: float = 0.0


def background_distance(
    x: np.ndarray,
    y: np.ndarray,
    k: int,
    *,
    sample: int | None = None,
    seed: int = BACKGROUND_SAMPLE_SEED,
) -> float:
    """Median distance from each point to its ``k``-th nearest other point, metres.

    ``k / (pi d**2)`` at this distance ``d`` is the median k-nearest-neighbour
    density of the points: the density around the typical point. When more
    than half the points share their location with ``k`` others (the
    median is 0), the mean distance is used instead.

    Parameters
    ----------
    x, y
        Coordinates in metres.
    k
        Which neighbour.
    sample
        ``None``: the median over every point. A number: over that many
        points drawn at random (``seed``), each still measured to its
        ``k``-th nearest neighbour among all the points.
    seed
        Seed of the sample.
    """
    pts = np.column_stack([x, y])
    return _background_distance(PointIndex(pts), pts, k, sample=sample, seed=seed)


def _tree(pts: np.ndarray) -> cKDTree:
    """A k-d tree of ``pts``: unbalanced, without shrunk nodes (built 2x faster; queries exact)."""
    return cKDTree(pts, balanced_tree=False, compact_nodes=False)


class PointIndex:
    """The points of a DBSCAN run and their k-d trees: every pair within a distance, k-th neighbours.

    Above ``split_above`` points the index holds two trees, over the points
    west of the median x and the others, built and searched in two threads
    (``cKDTree`` releases the GIL): the pairs are each half's own plus those
    across the cut, found between the two strips within ``2 eps`` of it
    (``sparse_distance_matrix``; a pair across the cut is within ``eps`` in
    x, the strips' double width a margin over rounding). The pairs are the
    same as one tree's ``query_pairs`` (in another order) and so are the
    k-th neighbour distances (each half's nearest merged):
    ``tests/models/test_clusters.py`` compares them. At a million incidents
    the two halves take about half the time of one tree.

    Attributes
    ----------
    data
        The points, ``(n, 2)`` metres.
    n
        How many.
    """

    def __init__(self, pts: np.ndarray, *, split_above: int = SPLIT_ABOVE) -> None:
        self.data = np.ascontiguousarray(pts, dtype=float)
        self.n = int(self.data.shape[0])
        self._cut = 0.0
        self._halves: tuple[np.ndarray, ...] = ()
        if self.n > split_above:  # the median and the halves only where they are used
            self._cut = float(np.median(self.data[:, 0]))
            west = self.data[:, 0] < self._cut
            if 0 < int(west.sum()) < self.n:
                self._halves = (np.flatnonzero(west), np.flatnonzero(~west))
        if self._halves:
            with ThreadPoolExecutor(2) as pool:
                self._trees = list(pool.map(lambda ids: _tree(self.data[ids]), self._halves))
        else:
            self._trees = [_tree(self.data)]

    def pairs(self, eps: float) -> np.ndarray:
        """Every pair of points within ``eps`` (distance at most ``eps``), ``(m, 2)`` indices."""
        if len(self._trees) == 1:
            return np.asarray(self._trees[0].query_pairs(eps, output_type="ndarray"))
        with ThreadPoolExecutor(2) as pool:
            own = list(pool.map(lambda t: t.query_pairs(eps, output_type="ndarray"), self._trees))
        west, east = self._halves
        near_w = west[self.data[west, 0] >= self._cut - 2 * eps]
        near_e = east[self.data[east, 0] < self._cut + 2 * eps]
        found = [west[own[0]], east[own[1]]]
        if near_w.size and near_e.size:
            across = _tree(self.data[near_w]).sparse_distance_matrix(
                _tree(self.data[near_e]), eps, output_type="ndarray"
            )
            found.append(np.column_stack([near_w[across["i"]], near_e[across["j"]]]))
        return np.concatenate(found).reshape(-1, 2)

    def kth_distance(self, query: np.ndarray, k: int) -> np.ndarray:
        """The distance from each of ``query`` to its ``k``-th nearest point (1: the nearest)."""
        if len(self._trees) == 1:
            d, _ = self._trees[0].query(query, k=[k], workers=-1)
            return np.asarray(d[:, 0])
        # the k nearest of all are among each half's k nearest (a half with fewer gives inf)
        near = [t.query(query, k=list(range(1, k + 1)), workers=-1)[0] for t in self._trees]
        return np.asarray(np.sort(np.concatenate(near, axis=1), axis=1)[:, k - 1])


def _background_distance(
    index: PointIndex,
    pts: np.ndarray,
    k: int,
    *,
    sample: int | None = None,
    seed: int = BACKGROUND_SAMPLE_SEED,
) -> float:
    """:func:`background_distance` on the index of ``pts`` built once for DBSCAN too."""
    k = min(k, len(pts) - 1)
    if k < 1:
        msg = "at least 2 incidents are needed to measure their spacing"
        raise ValueError(msg)
    query = pts
    if sample is not None and sample < len(pts):
        if sample < 1:
            msg = f"`sample` must be at least 1 incident, got {sample}"
            raise ValueError(msg)
        rng = np.random.default_rng(seed)
        query = pts[np.sort(rng.choice(len(pts), size=sample, replace=False))]
    # only the (k+1)-th distance (the point itself is the 1st), on every core
    dk = index.kth_distance(query, k + 1)
    median = float(np.median(dk))
    return median if median > 0 else float(dk.mean())


def dbscan_labels(index: PointIndex, eps: float, min_samples: int) -> np.ndarray:
    """scikit-learn's ``DBSCAN(eps, min_samples).fit(pts).labels_``, from the index of ``pts``.

    The same labels, numbers included (``tests/models/test_clusters.py``
    compares them), by the same definitions (Ester et al. 1996; scikit-learn's
    ``_dbscan_inner``): a point is *core* when at least ``min_samples`` points
    (itself included) lie within ``eps`` (distance at most ``eps``); the
    clusters are the connected components of the core points, two core points
    within ``eps`` being connected, numbered 0, 1, ... in the order of their
    first core point; a non-core point within ``eps`` of core points takes the
    smallest of their clusters' numbers (scikit-learn's search reaches it from
    that cluster first), any other point is noise (-1).

    All the pairs within ``eps`` are found at once (:meth:`PointIndex.pairs`:
    ``cKDTree.query_pairs``, arrays, no Python list per point), instead of
    scikit-learn's neighbourhood array of one object per point: at a million
    incidents the difference is most of the method's time.

    The components are those of a smaller graph, of grid cells instead of
    core points (:func:`_grid_cells`): the cells' sides are a little under
    ``eps / sqrt(2)``, so any two points of one cell are within ``eps`` of
    each other and all the core points of a cell lie in one component; two
    cells are joined when core points of theirs are within ``eps``. Those
    cells are at most two columns and two rows apart, so each cell's joins
    are kept in 25 slots, one per offset, which drops the repeated ones
    without a sort (:func:`_cell_graph`). When the grid would be too fine
    for the coordinates (:func:`_grid_cells` returns ``None``), each core
    point is its own node and every pair of core points within ``eps`` an
    edge.
    """
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    n = index.n
    labels = np.full(n, -1, dtype=np.int64)
    pairs = index.pairs(eps)
    # one count over the contiguous pairs (two over the strided columns take 5-10x longer)
    core = np.bincount(pairs.ravel(), minlength=n) >= min_samples - 1  # itself uncounted
    core_idx = np.flatnonzero(core)
    if core_idx.size == 0:
        return labels
    # each pair's two core flags read as one 16-bit number: one gather, one test per kind
    kind = core.view(np.uint8)[pairs].view(np.uint16).ravel()
    both_core, first_core, second_core = (
        np.array([[1, 1], [1, 0], [0, 1]], dtype=np.uint8).view(np.uint16).ravel()
    )
    core_pairs = np.take(pairs, np.flatnonzero(kind == both_core), axis=0)
    grid = _grid_cells(index.data[core_idx], eps)
    if grid is None:
        node = np.full(n, -1, dtype=np.int64)
        node[core_idx] = np.arange(core_idx.size)
        ends = np.take(node, core_pairs)
        graph = coo_matrix(
            (np.ones(ends.shape[0]), (ends[:, 0], ends[:, 1])),
            shape=(core_idx.size, core_idx.size),
        ).tocsr()
        n_components, component = connected_components(graph, directed=False)
    else:
        cell, code, n_cells = grid
        # each core point's cell and its column and row modulo 8, in one number
        packed = np.full(n, -1, dtype=np.int32 if n_cells < 2**24 else np.int64)
        packed[core_idx] = cell << 6 | code
        graph = _cell_graph(np.take(packed, core_pairs), n_cells)
        n_components, of_cell = connected_components(graph, directed=False)
        component = of_cell[cell]
    # number the components in the order of their first core point (core_idx is ascending)
    first = np.full(n_components, core_idx.size, dtype=np.int64)
    np.minimum.at(first, component, np.arange(core_idx.size))
    rank = np.empty(n_components, dtype=np.int64)
    rank[np.argsort(first)] = np.arange(n_components)
    labels[core_idx] = rank[component]
    nearest = np.full(n, n_components, dtype=np.int64)
    for border_kind, border, source in ((first_core, 1, 0), (second_core, 0, 1)):
        one = np.take(pairs, np.flatnonzero(kind == border_kind), axis=0)
        np.minimum.at(nearest, one[:, border], labels[one[:, source]])
    reached = nearest < n_components
    labels[reached] = nearest[reached]
    return labels


#: Cells of :func:`_grid_cells` along an axis above which the grid is not used (their
#: columns and rows, computed in floating point, could then be off by more than the
#: cells' margin allows).
MAX_GRID_CELLS = 2**26


def _grid_cells(xy: np.ndarray, eps: float) -> tuple[np.ndarray, np.ndarray, int] | None:
    """The cells of a square grid holding ``xy``, of side ``eps / sqrt(2)`` less a margin.

    Any two points of one cell are within ``eps`` of each other: the side is
    ``(1 - 1e-6) eps / sqrt(2)``, so a cell's diagonal is shorter than
    ``eps`` by far more than rounding can make up (of the points' columns
    and rows, at most :data:`MAX_GRID_CELLS` along an axis, each off by less
    than 1e-7 of a cell; of their distances, by 1e-15 of it). Two points
    within ``eps`` lie in cells at most 2 columns and 2 rows apart.

    Returns
    -------
    tuple or None
        The cell of each point (numbers 0, 1, ...), its column and row
        modulo 8 as ``8 * (column % 8) + row % 8`` (enough to tell the
        offset between two cells at most 2 apart), and how many cells;
        ``None`` when there would be more than :data:`MAX_GRID_CELLS` cells
        along an axis.
    """
    side = eps / math.sqrt(2.0) * (1.0 - 1e-6)
    grid = np.floor((xy - xy.min(axis=0)) / side)
    top = grid.max(axis=0)
    if not top.max() < MAX_GRID_CELLS:
        return None
    column, row = grid.astype(np.int64).T
    key = column * (int(top[1]) + 1) + row
    order = np.argsort(key)
    ordered = key[order]
    starts = np.empty(key.size, dtype=bool)
    starts[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=starts[1:])
    cell = np.empty(key.size, dtype=np.int64)
    cell[order] = np.cumsum(starts) - 1
    return cell, (column & 7) << 3 | (row & 7), int(cell[order[-1]]) + 1


def _offset_slots() -> np.ndarray:
    """Slot (0-24) of the offset from a cell to another (columns and rows -2 to 2).

    Indexed by ``64 * code + other_code`` (codes of :func:`_grid_cells`).
    A difference of codes no such offset gives (3 to 5 columns or rows
    modulo 8) has slot 2**30, past the end of any graph's slots.
    """
    slots = np.full(64 * 64, 2**30, dtype=np.int32)
    offset = np.arange(-2, 3)
    for code in range(64):
        column, row = code >> 3, code & 7
        other = ((column + offset[:, None]) & 7) << 3 | ((row + offset[None, :]) & 7)
        slots[64 * code + other.ravel()] = np.arange(25)
    return slots


_OFFSET_SLOTS = _offset_slots()


def _cell_graph(ends: np.ndarray, n_cells: int) -> csr_matrix:
    """The graph of the grid cells joined by ``ends``, pairs of ``cell << 6 | code``.

    Each cell's joins go to 25 slots, one per offset of the other cell
    (:func:`_offset_slots`), so the CSR graph has each join once and its rows
    in order, from one scatter instead of a sort of the pairs. An offset
    beyond 2 columns or rows cannot occur (:func:`_grid_cells`); it would
    raise an ``IndexError``.
    """
    a, b = ends[:, 0], ends[:, 1]
    slot = np.take(_OFFSET_SLOTS, (a & 63) << 6 | (b & 63))
    target = np.full(25 * n_cells, -1, dtype=ends.dtype)
    target[(a >> 6) * 25 + slot] = b >> 6
    joined = np.flatnonzero(target >= 0)
    indptr = np.searchsorted(joined, 25 * np.arange(n_cells + 1)).astype(target.dtype)
    return csr_matrix((np.ones(joined.size), target[joined], indptr), shape=(n_cells, n_cells))


@dataclass(frozen=True)
class Labels:
    """The clusters of :func:`cluster_labels` and the parameters that made them.

    Attributes
    ----------
    labels
        Cluster of each point (-1 for noise).
    eps
        DBSCAN's search distance in metres (NaN for HDBSCAN).
    min_samples, min_cluster_size
        As used (``min_cluster_size`` 0 for DBSCAN).
    eps_rule, background_m, density_multiple, max_cluster_share
        See :class:`ClusterParameters`.
    """

    labels: np.ndarray
    eps: float
    min_samples: int
    min_cluster_size: int
    eps_rule: str = ""
    background_m: float = math.nan
    density_multiple: float = math.nan
    max_cluster_share: float = math.nan

    @property
    def largest_share(self) -> float:
        """Share of the points in the largest cluster (0 when there is none)."""
        clustered = self.labels[self.labels >= 0]
        if clustered.size == 0:
            return 0.0
        return float(np.bincount(clustered).max() / self.labels.size)


def cluster_labels(
    x: np.ndarray,
    y: np.ndarray,
    *,
    method: ClusterMethod = "dbscan",
    eps: float | None = None,
    min_samples: int | None = None,
    min_cluster_size: int | None = None,
    max_cluster_share: float | None = MAX_CLUSTER_SHARE,
) -> Labels:
    """Cluster label of each point (-1 for noise), with the parameters chosen (module docstring).

    Parameters
    ----------
    x, y
        Coordinates in metres.
    method
        ``"dbscan"`` or ``"hdbscan"``.
    eps
        DBSCAN's search distance in metres; ``None``: chosen relative to
        the background density.
    min_samples
        Neighbours (itself included) a core point needs; ``None``:
        :data:`DBSCAN_MIN_SAMPLES`, or HDBSCAN's ``min_cluster_size``.
    min_cluster_size
        HDBSCAN's smallest cluster; ``None``: :data:`HDBSCAN_MIN_CLUSTER_SIZE`.
    max_cluster_share
        The largest share of the points a cluster may hold, with a chosen
        eps (DBSCAN) or with HDBSCAN; ``None``: no limit. An HDBSCAN
        cluster above it with no sub-cluster is left out (noise): at that
        size it is the city's background, not a hot spot.

    Returns
    -------
    Labels
    """
    if max_cluster_share is not None and not 0.0 < max_cluster_share <= 1.0:
        msg = f"`max_cluster_share` must lie in (0, 1], got {max_cluster_share!r}"
        raise ValueError(msg)
    limit = 1.0 if max_cluster_share is None else float(max_cluster_share)
    share = math.nan if max_cluster_share is None else limit
    pts = np.column_stack([np.asarray(x, dtype=float), np.asarray(y, dtype=float)])
    n = pts.shape[0]
    if method == "dbscan":
        ms = DBSCAN_MIN_SAMPLES if min_samples is None else int(min_samples)
        if ms < 1:
            msg = f"`min_samples` must be at least 1, got {ms}"
            raise ValueError(msg)
        index = PointIndex(pts)
        if eps is not None:
            e = float(eps)
            if not (e > 0 and math.isfinite(e)):
                msg = f"`eps` must be a positive number of metres, got {e!r}"
                raise ValueError(msg)
            return Labels(dbscan_labels(index, e, ms), e, ms, 0, "user")
        sample = BACKGROUND_SAMPLE if n > BACKGROUND_SAMPLE_ABOVE else None
        background = _background_distance(index, pts, ms, sample=sample)
        if not (background > 0 and math.isfinite(background)):
            msg = "the incidents all lie at the same place: give `eps` in metres"
            raise ValueError(msg)
        multiple = DENSITY_MULTIPLE
        for _ in range(MAX_EPS_SHRINKS + 1 if max_cluster_share is not None else 1):
            e = background / math.sqrt(multiple)
            found = Labels(
                dbscan_labels(index, e, ms),
                e,
                ms,
                0,
                "background_density",
                background,
                multiple,
                share,
            )
            if found.largest_share <= limit:
                break
            multiple *= 2.0
        return found
    if method == "hdbscan":
        from sklearn.cluster import HDBSCAN  # lazily: ~2 s of import, HDBSCAN only

        mcs = HDBSCAN_MIN_CLUSTER_SIZE if min_cluster_size is None else int(min_cluster_size)
        ms = mcs if min_samples is None else int(min_samples)
        if mcs < 2 or ms < 1:
            msg = f"`min_cluster_size` must be at least 2 and `min_samples` at least 1, got {mcs}, {ms}"
            raise ValueError(msg)
        cap = None if max_cluster_share is None else max(int(limit * n), mcs)
        model = HDBSCAN(min_cluster_size=mcs, min_samples=ms, max_cluster_size=cap, copy=True)
        labels = model.fit(pts).labels_
        return Labels(
            np.asarray(labels, dtype=np.int64),
            math.nan,
            ms,
            mcs,
            max_cluster_share=share,
        )
    msg = f"`method` must be 'dbscan' or 'hdbscan', got {method!r}"
    raise ValueError(msg)


def category_counts(codes: np.ndarray, names: object) -> tuple[list[str], np.ndarray]:
    """``pd.Series(categories).value_counts()`` from the categories' codes (``pd.factorize``).

    The same categories and counts in the same order, ties included: as
    pandas (3.x) does, the categories are counted in the order they first
    appear (missing ones, code -1, left out), then stably sorted by count,
    largest first (``Series.sort_values(ascending=False, kind="stable")``:
    ties keep their order). One factorisation of all the incidents instead
    of a Series per cluster (``tests/models/test_clusters.py`` compares).
    """
    present = codes[codes >= 0]
    found, first = np.unique(present, return_index=True)
    in_order = found[np.argsort(first, kind="stable")]
    counts = np.bincount(present)[in_order].astype(np.int64)
    ranked = np.argsort(-counts, kind="stable")
    labels = np.asarray(names, dtype=object)[in_order[ranked]]
    return [str(k) for k in labels], counts[ranked]


def _hulls(
    x: np.ndarray, y: np.ndarray, cluster: np.ndarray, kind: str, ratio: float
) -> np.ndarray:
    """The hull of each cluster's points (``cluster``: 0, 1, ... of each point, ascending).

    One ``multipoints`` call for all the clusters; a hull that is not a
    polygon (fewer than 3 distinct locations) is buffered by
    :data:`DEGENERATE_BUFFER_M`.
    """
    n = int(cluster[-1]) + 1 if cluster.size else 0
    if kind != "concave" and cluster.size:
        # a point strictly inside a quadrilateral of its cluster's points is no vertex of the hull
        keep = ~_inside_extremes(x, y, cluster)
        x, y, cluster = x[keep], y[keep], cluster[keep]
    mp = shapely.multipoints(
        np.column_stack([x, y]), indices=cluster, out=np.empty(n, dtype=object)
    )
    hulls = shapely.concave_hull(mp, ratio=ratio) if kind == "concave" else shapely.convex_hull(mp)
    flat = shapely.get_type_id(hulls) != shapely.GeometryType.POLYGON
    hulls[flat] = shapely.buffer(hulls[flat], DEGENERATE_BUFFER_M, quad_segs=16)  # as `.buffer`
    out: np.ndarray = np.asarray(hulls, dtype=object)
    return out


def _inside_extremes(x: np.ndarray, y: np.ndarray, cluster: np.ndarray) -> np.ndarray:
    """Whether each point lies strictly inside the quadrilateral of its cluster's extreme points.

    The quadrilateral joins a leftmost, a lowest, a rightmost and a highest
    point of the cluster (Akl and Toussaint, 1978): the points strictly
    inside it cannot be vertices of the cluster's convex hull, nor lie on
    its outline, so leaving them out changes no hull. ``cluster`` is
    ascending (0, 1, ..., every cluster present).
    """
    starts = np.r_[0, np.flatnonzero(np.diff(cluster)) + 1]

    def first_where(values: np.ndarray, extreme: np.ndarray) -> np.ndarray:
        hit = np.flatnonzero(values == extreme[cluster])
        found: np.ndarray = hit[np.unique(cluster[hit], return_index=True)[1]]
        return found

    corners = [
        first_where(x, np.minimum.reduceat(x, starts)),  # left
        first_where(y, np.minimum.reduceat(y, starts)),  # bottom
        first_where(x, np.maximum.reduceat(x, starts)),  # right
        first_where(y, np.maximum.reduceat(y, starts)),  # top
    ]
    inside = np.ones(x.size, dtype=bool)
    for a, b in zip(corners, corners[1:] + corners[:1], strict=True):
        ax, ay = x[a][cluster], y[a][cluster]
        ex, ey = x[b][cluster] - ax, y[b][cluster] - ay
        # counter-clockwise corners: inside is strictly left of every edge
        inside &= ex * (y - ay) - ey * (x - ax) > 0
    return inside


def _top_categories(
    codes: np.ndarray, starts: np.ndarray, names: object, top: int
) -> tuple[list[str], list[str]]:
    """Each cluster's ``top`` categories with their shares, and its most frequent category.

    ``codes`` are the members' category codes (``pd.factorize``, -1
    missing), cluster after cluster from ``starts``, each cluster's members
    in index order. The categories of a cluster come in the order of
    :func:`category_counts` (by count, ties in order of first appearance),
    for all clusters at once: one sort of (cluster, category) keys.
    """
    k = int(codes.max()) + 1 if codes.size and codes.max() >= 0 else 1
    n = starts.size
    cluster = np.repeat(np.arange(n), np.diff(np.r_[starts, codes.size]))
    ok = codes >= 0
    keys = cluster[ok] * k + codes[ok]
    pos = np.flatnonzero(ok)
    found, first, counts = np.unique(keys, return_index=True, return_counts=True)
    of = found // k
    # per cluster: most members first, ties by first appearance
    order = np.lexsort((pos[first], -counts, of))
    of, cats, counts = of[order], (found % k)[order], counts[order]
    totals = np.bincount(of, weights=counts, minlength=n)
    labels = np.asarray(names, dtype=object)
    bounds = np.searchsorted(of, np.arange(n + 1))
    tops, dominant = [], []
    for c in range(n):
        lo, hi = int(bounds[c]), int(bounds[c + 1])
        shown = range(lo, min(hi, lo + top))
        tops.append(", ".join(f"{labels[cats[i]]} {counts[i] / totals[c]:.0%}" for i in shown))
        dominant.append(str(labels[cats[lo]]) if hi > lo else "")
    return tops, dominant


def density_clusters(
    incidents: pd.DataFrame,
    *,
    method: ClusterMethod = "dbscan",
    eps: float | None = None,
    min_samples: int | None = None,
    min_cluster_size: int | None = None,
    max_cluster_share: float | None = MAX_CLUSTER_SHARE,
    hull: str = "convex",
    concave_ratio: float = 0.3,
    spaces: gpd.GeoDataFrame | None = None,
    crs: str | None = None,
    top_categories: int = 3,
    xy: XY | None = None,
) -> tuple[gpd.GeoDataFrame, pd.Series, ClusterParameters]:
    """Density-based clusters of incidents as hulls with their figures.

    Parameters
    ----------
    incidents
        Points, already filtered (or only their columns, with ``crs`` and
        ``xy``); optional columns ``category`` (for harm
        and the dominant categories) and ``occurred_at`` (for the time span).
    method
        ``"dbscan"`` or ``"hdbscan"``.
    eps, min_samples, min_cluster_size
        See :func:`cluster_labels`; ``None`` chooses them (module docstring).
    max_cluster_share
        See :func:`cluster_labels`.
    hull
        ``"convex"`` or ``"concave"`` (``shapely.concave_hull`` with
        ``concave_ratio``, 0 tightest, 1 convex).
    concave_ratio
        Concavity of the concave hull.
    spaces
        Public spaces (with a ``name`` column) to find the nearest of each
        cluster; ``None`` leaves those columns empty.
    crs
        Projected CRS; default the incidents' own if projected, else chosen.
    top_categories
        How many categories to list per cluster.
    xy
        The incidents' ``x, y`` in ``crs``, when the caller has them
        already (:func:`models.lattice.point_coordinates`).

    Returns
    -------
    clusters : geopandas.GeoDataFrame
        One row per cluster, largest first, in ``crs``, columns:

        ``cluster``
            Cluster id (as in ``labels``).
        ``n_incidents``
            Incidents in the cluster.
        ``harm``
            Sum of the harm weights (:data:`geo.schema.HARM_WEIGHTS`); NaN
            without a ``category`` column.
        ``top_categories``
            e.g. ``"fight 45%, theft 30%, noise 10%"``.
        ``dominant_category``
            The most frequent category code.
        ``first_date``, ``last_date``
            Time span (NaT without ``occurred_at``).
        ``area_km2``
            Area of the hull.
        ``nearest_space``, ``nearest_space_m``
            Name of the nearest public space and its distance from the
            hull (0 when they touch); empty/NaN without ``spaces``.
        ``geometry``
            The hull.
    labels : pandas.Series
        Cluster of each incident (-1 noise), on the incidents' index.
    parameters : ClusterParameters
    """
    if hull not in ("convex", "concave"):
        msg = f"`hull` must be 'convex' or 'concave', got {hull!r}"
        raise ValueError(msg)
    work_crs = projected_crs(incidents, crs)
    x, y = point_coordinates(incidents, work_crs, xy=xy)
    if len(x) < 2:
        msg = f"clustering needs at least 2 incidents, got {len(x)}"
        raise ValueError(msg)
    found = cluster_labels(
        x,
        y,
        method=method,
        eps=eps,
        min_samples=min_samples,
        min_cluster_size=min_cluster_size,
        max_cluster_share=max_cluster_share,
    )
    labels, e, ms, mcs = found.labels, found.eps, found.min_samples, found.min_cluster_size
    has_cat = "category" in incidents.columns
    has_when = "occurred_at" in incidents.columns
    codes: np.ndarray | None = None
    names: np.ndarray | None = None
    harm: np.ndarray | None = None
    if has_cat:
        # one factorisation of the string column (missing: -1), then the harm of each code:
        # a tenth of the time of factorising an object array and mapping every incident
        codes, uniques = pd.factorize(incidents["category"].astype("string"))
        names = np.asarray(uniques, dtype=object)
        harm_of = [schema.HARM_WEIGHTS.get(str(c), math.nan) for c in names]
        harm = np.asarray([*harm_of, math.nan], dtype=float)[codes]
    when = pd.to_datetime(incidents["occurred_at"]).to_numpy() if has_when else None
    # each cluster's members in index order, from one stable sort of the clustered points' labels
    # (not one pass per cluster; a radix sort when the labels fit in 16 bits)
    clustered = np.flatnonzero(labels >= 0)
    lab = labels[clustered]
    small = lab.size > 0 and int(lab.max()) < np.iinfo(np.int16).max
    order = np.argsort(lab.astype(np.int16) if small else lab, kind="stable")
    members = clustered[order]
    lab = lab[order]
    starts = np.flatnonzero(np.r_[True, lab[1:] != lab[:-1]]) if lab.size else lab[:0]
    ids = lab[starts]
    sizes = np.diff(np.r_[starts, members.size]).astype(np.int64)
    geoms = _hulls(
        x[members], y[members], np.repeat(np.arange(ids.size), sizes), hull, concave_ratio
    )
    n_clusters = int(ids.size)
    if harm is not None and n_clusters:
        harm_sum = np.add.reduceat(np.nan_to_num(harm[members]), starts)
    else:
        harm_sum = np.full(n_clusters, math.nan)
    tops, dominant = [""] * n_clusters, [""] * n_clusters
    if codes is not None and n_clusters:
        tops, dominant = _top_categories(codes[members], starts, names, top_categories)
    if when is not None and n_clusters:
        first_date = pd.to_datetime(np.minimum.reduceat(when[members], starts))
        last_date = pd.to_datetime(np.maximum.reduceat(when[members], starts))
    else:
        first_date = last_date = pd.to_datetime(np.full(n_clusters, np.datetime64("NaT", "ns")))
    clusters = gpd.GeoDataFrame(
        {
            "cluster": ids.astype(np.int64),
            "n_incidents": sizes,
            "harm": np.asarray(harm_sum, dtype=float),
            "top_categories": pd.Series(tops, dtype=object),
            "dominant_category": pd.Series(dominant, dtype=object),
            "first_date": first_date,
            "last_date": last_date,
            "area_km2": shapely.area(geoms) / 1e6,
            "geometry": geoms,
        },
        geometry="geometry",
        crs=work_crs,
    )
    clusters["nearest_space"] = ""
    clusters["nearest_space_m"] = np.nan
    if spaces is not None and len(spaces) and len(clusters):
        sgeom = spaces.geometry.to_crs(work_crs).to_numpy()
        names = (
            spaces["name"].astype(str).to_numpy()
            if "name" in spaces.columns
            else spaces.index.astype(str).to_numpy()
        )
        tree = shapely.STRtree(sgeom)
        (hull_idx, space_idx), dist = tree.query_nearest(
            clusters.geometry.to_numpy(), return_distance=True, all_matches=False
        )
        clusters.loc[clusters.index[hull_idx], "nearest_space"] = names[space_idx]
        clusters.loc[clusters.index[hull_idx], "nearest_space_m"] = dist
    clusters = clusters.sort_values(["n_incidents", "cluster"], ascending=[False, True])
    clusters = clusters.reset_index(drop=True)
    n_noise = int((labels < 0).sum())
    if method == "dbscan":
        how = (
            f"DBSCAN: an incident with at least {ms} incidents (itself included) within "
            f"{e:,.0f} m starts or extends a cluster"
        )
        if found.eps_rule == "background_density":
            how += (
                f" ({e:,.0f} m: the median distance to the {ms}th nearest incident, "
                f"{found.background_m:,.0f} m, divided by the square root of "
                f"{found.density_multiple:g}, so that a cluster's core is at least "
                f"{found.density_multiple:g} times as dense as the surroundings of the typical "
                "incident: the k-distance rule of Ester et al. 1996 read against the city's "
                "background density"
            )
            if found.density_multiple > DENSITY_MULTIPLE:
                how += (
                    f", raised from {DENSITY_MULTIPLE:g} so that no cluster holds more than "
                    f"{found.max_cluster_share:.0%} of the incidents (Schubert et al. 2017)"
                )
            how += ")"
    else:
        how = (
            f"HDBSCAN: clusters of at least {mcs} incidents that stay dense across scales, "
            "chosen by excess of mass (Campello et al. 2013)"
        )
        if math.isfinite(found.max_cluster_share):
            how += (
                f", none holding more than {found.max_cluster_share:.0%} of the incidents "
                "(a larger one is replaced by its sub-clusters, or left out)"
            )
    reason = (
        f"{how}; {len(clusters):,} clusters, {n_noise:,} of {len(x):,} incidents in none; "
        f"the largest holds {found.largest_share:.1%} of them. "
        f"Each cluster is drawn as its {hull} hull."
    )
    params = ClusterParameters(
        method=method,
        eps=e,
        min_samples=ms,
        min_cluster_size=mcs,
        hull=hull,
        crs=work_crs,
        n_clusters=len(clusters),
        n_noise=n_noise,
        reason=reason,
        eps_rule=found.eps_rule,
        background_m=found.background_m,
        density_multiple=found.density_multiple,
        max_cluster_share=found.max_cluster_share,
        largest_share=found.largest_share,
    )
    return clusters, pd.Series(labels, index=incidents.index, name="cluster"), params
