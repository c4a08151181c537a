"""Grouping hot features into hot spots: peaks by persistence, zones at half prominence.

The rules are :mod:`models.hotspots`' (its docstring, "Top hot spots"):
features that touch (grid cells by their ids, :func:`cell_pairs`;
neighbourhoods by their outlines, :func:`touching_pairs`) are grouped by the
peaks of their statistic (:func:`persistence_groups`, ToMATo), and each
group is cut to the core around its peak (:func:`peak_cores`, the width at
half prominence, :func:`peak_prominence`). :class:`Candidates` is what each
method hands to :func:`models.hotspots.zones.top_hotspots`: its hot features,
their values and heights, already grouped (:func:`group`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
import shapely

from geo.grid import Grid, Shape
from models.lattice import Lattice

#: A peak stays a hot spot of its own when it rises this far above where it meets a higher one.
PROMINENCE_Z = 1.0
#: A zone keeps the cells around its peak down to this share of the peak's prominence (half:
#: the width at half prominence, ``models.hotspots``' docstring).
CORE_DEPTH = 0.5


def touching_pairs(geoms: npt.ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs ``(a, b)``, ``a != b``, of geometries that intersect (share an edge or corner).

    For irregular polygons (neighbourhoods) only: grid cells are neighbours
    by their ids (:func:`cell_pairs`).
    """
    arr = np.asarray(geoms)
    if arr.size == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    a, b = shapely.STRtree(arr).query(arr, predicate="intersects")
    keep = a != b
    return a[keep].astype(np.int64), b[keep].astype(np.int64)


def cell_pairs(
    i: npt.ArrayLike, j: npt.ArrayLike, *, shape: Shape, size: float = 1.0
) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs ``(a, b)``, ``a < b``, of grid cells that are queen neighbours by their ids.

    Parameters
    ----------
    i, j
        Grid ids of the cells (:mod:`geo.grid`), one pair per cell.
    shape
        ``"square"`` (8 neighbours) or ``"hex"`` (6).
    size
        Cell size in metres (does not change who neighbours whom).
    """
    lattice = Lattice(Grid(size=size, shape=shape), i, j)
    w = sp.triu(lattice.contiguity_weights(), k=1).tocoo()
    return w.row.astype(np.int64), w.col.astype(np.int64)


def _union_find_peaks(
    h: np.ndarray, adj: sp.csr_matrix, prominence: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Visit features from the highest down and merge groups (ToMATo).

    Returns the root of each feature (its group's peak); whether each
    feature is a peak (no neighbour visited before it); and, for each peak
    that met higher ground, the height where it met it (NaN otherwise).
    """
    n = h.size
    parent = np.full(n, -1, dtype=np.int64)
    col = np.full(n, math.nan)
    peak = np.zeros(n, dtype=bool)

    def find(i: int) -> int:
        root = i
        while parent[root] != root:
            root = int(parent[root])
        while parent[i] != root:
            parent[i], i = root, int(parent[i])
        return root

    for i in np.argsort(-h, kind="stable"):
        nbrs = adj.indices[adj.indptr[i] : adj.indptr[i + 1]]
        roots = {find(int(j)) for j in nbrs if parent[j] >= 0}
        if not roots:
            parent[i] = i
            peak[i] = True
            continue
        top = max(roots, key=lambda r: (h[r], -r))
        parent[i] = top
        for r in roots:
            if r == top:
                continue
            if math.isnan(col[r]):
                col[r] = h[i]
            if h[r] - h[i] < prominence:
                parent[r] = top
    return np.array([find(i) for i in range(n)], dtype=np.int64), peak, col


def _adjacency(n: int, a: npt.ArrayLike, b: npt.ArrayLike) -> sp.csr_matrix:
    ia, ib = np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64)
    return sp.csr_matrix((np.ones(2 * ia.size), (np.r_[ia, ib], np.r_[ib, ia])), shape=(n, n))


def components(n: int, a: npt.ArrayLike, b: npt.ArrayLike) -> np.ndarray:
    """The connected component of each of ``n`` nodes joined by the edges ``a[k]-b[k]``.

    Each node is labelled by the smallest node of its component: the same
    partition as ``scipy.sparse.csgraph.connected_components`` (the tests
    compare them), for the few thousand hot features of a run, without
    importing ``scipy.sparse.csgraph`` (~0.2 s at start-up, with the
    ``scipy.sparse.linalg`` it loads).
    """
    label = np.arange(n, dtype=np.int64)
    ia, ib = np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64)
    while True:
        # hook: each node takes the smallest label across its edges, then follow labels to roots
        low = np.minimum(label[ia], label[ib])
        new = label.copy()
        np.minimum.at(new, ia, low)
        np.minimum.at(new, ib, low)
        while True:
            jumped = new[new]
            if np.array_equal(jumped, new):
                break
            new = jumped
        if np.array_equal(new, label):
            return label
        label = new


def persistence_groups(
    height: npt.ArrayLike, a: npt.ArrayLike, b: npt.ArrayLike, *, prominence: float
) -> np.ndarray:
    """Group features by the peaks of ``height`` (ToMATo; ``models.hotspots``' docstring).

    Parameters
    ----------
    height
        The statistic of each feature.
    a, b
        Pairs of touching features (both directions or one).
    prominence
        How far a peak must rise above where it meets a higher peak to stay
        a group of its own; ``math.inf`` gives the connected components.

    Returns
    -------
    numpy.ndarray
        For each feature, the index of its group's peak (the feature with
        the highest ``height`` of the group).
    """
    h = np.asarray(height, dtype=float)
    groups, _, _ = _union_find_peaks(h, _adjacency(h.size, a, b), prominence)
    return groups


def peak_prominence(height: npt.ArrayLike, a: npt.ArrayLike, b: npt.ArrayLike) -> np.ndarray:
    """Topographic prominence of every peak of ``height`` (NaN for features that are not peaks).

    A peak's prominence is how far it rises above the highest col (the
    lowest point of the best path) that leads to a higher peak; the
    highest peak of a connected set of features rises above the set's
    lowest feature. Features are peaks when no neighbour is higher (of
    equal neighbours, the one listed first).

    Parameters
    ----------
    height
        The statistic of each feature.
    a, b
        Pairs of neighbouring features.
    """
    h = np.asarray(height, dtype=float)
    roots, peaks, col = _union_find_peaks(h, _adjacency(h.size, a, b), math.inf)
    lowest = np.full(h.size, math.inf)
    np.minimum.at(lowest, roots, h)
    base = np.where(np.isnan(col), lowest[roots], col)
    return np.where(peaks, h - base, math.nan)


def peak_cores(
    height: npt.ArrayLike,
    a: npt.ArrayLike,
    b: npt.ArrayLike,
    groups: npt.ArrayLike,
    *,
    depth: float = CORE_DEPTH,
) -> np.ndarray:
    """Which features make up the zone of their group's peak (``models.hotspots``' docstring).

    Parameters
    ----------
    height
        The statistic of each feature.
    a, b
        Pairs of neighbouring features.
    groups
        The peak of each feature's group (:func:`persistence_groups`).
    depth
        Share of the peak's prominence (:func:`peak_prominence`) the zone
        reaches down: 0.5 keeps the features at or above half prominence,
        1 the whole group.

    Returns
    -------
    numpy.ndarray
        ``True`` for the features connected to their peak through features
        of the same group at or above ``peak - depth * prominence``.
    """
    if not 0.0 < depth <= 1.0:
        msg = f"`depth` must lie in (0, 1], got {depth!r}"
        raise ValueError(msg)
    h = np.asarray(height, dtype=float)
    g = np.asarray(groups, dtype=np.int64)
    if h.size == 0:
        return np.zeros(0, dtype=bool)
    prom = peak_prominence(h, a, b)
    peak_prom = np.nan_to_num(prom[g], nan=0.0)
    level = h[g] - depth * peak_prom
    high = h >= level - 1e-12 * np.maximum(np.abs(level), 1.0)
    ia, ib = np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64)
    keep = high[ia] & high[ib] & (g[ia] == g[ib])
    labels = components(h.size, ia[keep], ib[keep])
    core: np.ndarray = high & (labels == labels[g])
    return core


def confidence_from_bin(bins: npt.ArrayLike) -> np.ndarray:
    """Confidence in % of Gi* bins (+-3, +-2, +-1: 99, 95, 90; NaN for 0)."""
    lookup = {3: 99.0, 2: 95.0, 1: 90.0}
    return np.array([lookup.get(abs(int(v)), math.nan) for v in np.asarray(bins)], dtype=float)


def confidence_from_p(p: npt.ArrayLike) -> np.ndarray:
    """Confidence in % of p-values (at or below 0.01, 0.05, 0.10: 99, 95, 90; NaN above)."""
    pa = np.asarray(p, dtype=float)
    return np.select([pa <= 0.01, pa <= 0.05, pa <= 0.10], [99.0, 95.0, 90.0], default=math.nan)


@dataclass(frozen=True)
class Candidates:
    """The hot features of a result, grouped into zones.

    Attributes
    ----------
    index
        Rows of ``HotspotResult.projected`` that are in a zone.
    value, height, confidence, pattern, since
        Of each of those rows: what it holds (incidents or harm), its
        statistic, its confidence in %, its pattern code, when it turned hot.
    groups
        The peak (an index into these rows) of each row's zone.
    unit
        ``"cell"``, ``"neighborhood"``, ``"area"`` or ``"cluster"``.
    """

    index: np.ndarray
    value: np.ndarray
    height: np.ndarray
    confidence: np.ndarray
    pattern: np.ndarray
    since: np.ndarray
    groups: np.ndarray
    unit: str


def group(
    keep: np.ndarray,
    *,
    value: np.ndarray,
    height: np.ndarray,
    confidence: np.ndarray,
    pattern: np.ndarray,
    since: np.ndarray,
    unit: str,
    pairs: tuple[np.ndarray, np.ndarray] | None,
    prominence: float = PROMINENCE_Z,
) -> Candidates:
    """Group the features where ``keep`` holds into zones.

    Parameters
    ----------
    keep
        Which rows are hot.
    value, height, confidence, pattern, since
        One per row (all rows, not only the hot ones).
    unit
        What a row is (:attr:`Candidates.unit`).
    pairs
        Neighbouring hot features as index pairs into ``np.flatnonzero(keep)``;
        ``None``: every hot feature is a zone of its own (density areas, clusters).
    prominence
        :func:`persistence_groups`' prominence; ``math.inf`` keeps connected
        groups whole (no core is cut).
    """
    idx = np.flatnonzero(keep)
    if pairs is None:
        groups = np.arange(idx.size, dtype=np.int64)
    else:
        a, b = pairs
        groups = persistence_groups(height[idx], a, b, prominence=prominence)
        if math.isfinite(prominence):  # a zone is the core of its peak
            core = peak_cores(height[idx], a, b, groups)
            old_to_new = np.cumsum(core) - 1
            idx, groups = idx[core], old_to_new[groups[core]]
    return Candidates(
        index=idx,
        value=value[idx],
        height=height[idx],
        confidence=confidence[idx],
        pattern=pattern[idx],
        since=since[idx],
        groups=groups,
        unit=unit,
    )
