"""Walking catchments: straight-line rings, or service areas along a street network.

A public space serves the people who can walk to it. ParkServe (the Trust
for Public Land) draws a park's ten-minute walk as the streets reachable
within half a mile; ArcGIS Network Analyst draws such a *service area* from
the network distance to every street, then turns the reached streets into a
polygon ("service area lines, trimmed": the reached lines buffered by a trim
distance). This module does the same with scipy's sparse graph routines:

:func:`ring_catchments`
    ``buffer(radius)`` of each space (its point, or its polygon, which the
    ring includes): the straight-line catchment, used when there are no
    streets.
:class:`StreetNetwork`
    A street layer as a graph, built once and reused: nodes are the lines'
    vertices (those within ``snap`` metres merged), edges the straight
    segments between consecutive vertices, weighted by their length. The
    lines must be *noded at junctions*: two streets that cross share a
    vertex there, as OpenStreetMap ways do at their shared nodes (a bridge
    crosses without one). Two lines that cross without a shared vertex do
    not meet in the graph.
:func:`network_catchments`
    Each space's network catchment for every radius (the service-area
    method above), falling back to the ring for a space with no street
    node within ``access`` metres.
:func:`catchments`
    Network catchments when a street layer or network is given, rings
    otherwise: the one entry point of the models.

Distances, buffers and lengths are in the layers' projected CRS (metres); a
geographic CRS is refused. Every result has one row per space and radius,
spaces in their order and, within a space, radii in the order given:

=============  ==========================================================
column         meaning
=============  ==========================================================
``space_id``   the space's id (the column named by ``id_column``)
``radius_m``   the radius, metres (float)
``method``     ``"network"`` (along the streets) or ``"ring"`` (straight line)
``reason``     why a network catchment fell back to a ring:
               ``"no_street_within_access"`` (no street node within
               ``access`` metres of the space, so there is no way onto the
               network to measure from); ``None`` otherwise
``geometry``   Polygon or MultiPolygon, in the spaces' CRS
=============  ==========================================================
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeAlias

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely
from scipy.sparse import coo_matrix, csr_matrix
from scipy.sparse.csgraph import connected_components, dijkstra
from scipy.spatial import cKDTree

from geo.errors import ValidationError

FloatArray: TypeAlias = np.ndarray
IntArray: TypeAlias = np.ndarray

#: Most distances (floats) one Dijkstra batch holds: spaces are run in batches of
#: ``max(1, BATCH_CELLS // (nodes + edges))`` so memory stays near 100 MB.
BATCH_CELLS = 2**23
#: Segments per quarter circle of a ring (geopandas' and shapely's ``.buffer`` default: a
#: ring's area is 0.16 % short of the circle's); the trim buffers use shapely's 8.
RING_QUAD_SEGS = 16
#: Why a network catchment fell back to its ring (the ``reason`` column).
NO_ACCESS = "no_street_within_access"


# --------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------


def _check_projected(crs: object, what: str) -> pyproj.CRS:
    if crs is None:
        msg = f"`{what}` has no CRS; catchments are measured in metres, so set its projected CRS (e.g. EPSG:9377) first"
        raise ValidationError(msg)
    crs = pyproj.CRS.from_user_input(crs)
    if crs.is_geographic:
        msg = f"`{what}` is in {crs.to_string()}, a geographic CRS (degrees); catchments are measured in metres: project it first (e.g. `.to_crs('EPSG:9377')`)"
        raise ValidationError(msg)
    return crs


def _check_radii(radii: Sequence[float]) -> FloatArray:
    values = np.asarray(list(radii), dtype=float)
    if values.ndim != 1 or not len(values):
        msg = f"`radii` must be one or more distances in metres, got {list(radii)!r}"
        raise ValidationError(msg)
    if not np.isfinite(values).all() or (values <= 0).any():
        msg = f"`radii` must be positive, finite metres, got {values.tolist()!r}"
        raise ValidationError(msg)
    if len(np.unique(values)) != len(values):
        msg = f"`radii` holds a radius twice: {values.tolist()!r}"
        raise ValidationError(msg)
    return values


def _check_distance(value: float, name: str) -> float:
    number = float(value)
    if not np.isfinite(number) or number < 0:
        msg = f"`{name}` must be a finite, non-negative distance in metres, got {value!r}"
        raise ValidationError(msg)
    return number


def _check_spaces(spaces: gpd.GeoDataFrame, id_column: str) -> np.ndarray:
    """The spaces' geometries, after checking the CRS, the ids and every geometry."""
    if not isinstance(spaces, gpd.GeoDataFrame):
        msg = f"`spaces` must be a GeoDataFrame, got {type(spaces).__name__}"
        raise ValidationError(msg)
    _check_projected(spaces.crs, "spaces")
    if id_column not in spaces.columns:
        msg = f"`spaces` has no `{id_column}` column (`id_column`); its columns are {', '.join(map(str, spaces.columns))}"
        raise ValidationError(msg)
    ids = spaces[id_column]
    repeated = ids[ids.duplicated()]
    if len(repeated):
        msg = f"`spaces` column `{id_column}` repeats the id {repeated.iloc[0]!r}; each space needs its own"
        raise ValidationError(msg)
    geoms = np.asarray(spaces.geometry.array, dtype=object)
    bad = pd.isna(geoms)
    bad[~bad] = shapely.is_empty(geoms[~bad])
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        msg = f"`spaces` row {row} ({id_column} {ids.iloc[row]!r}) has no geometry"
        raise ValidationError(msg)
    return geoms


def _frame(
    ids: pd.Series,
    radii: FloatArray,
    method: np.ndarray,
    reason: np.ndarray,
    geoms: np.ndarray,
    crs: object,
) -> gpd.GeoDataFrame:
    """The result table: one row per space and radius (space-major)."""
    k = len(radii)
    return gpd.GeoDataFrame(
        {
            str(ids.name): ids.repeat(k).reset_index(drop=True),  # the ids keep their dtype
            "radius_m": np.tile(radii, len(ids)),
            "method": pd.Series(method, dtype="str"),
            "reason": pd.Series(reason, dtype=object),  # None, not NaN, where there is none
        },
        geometry=gpd.GeoSeries(geoms, crs=crs),
        crs=crs,
    )


# --------------------------------------------------------------------------
# Rings
# --------------------------------------------------------------------------


def ring_catchments(
    spaces: gpd.GeoDataFrame, radii: Sequence[float], *, id_column: str = "space_id"
) -> gpd.GeoDataFrame:
    """Each space's straight-line catchment for every radius: ``buffer(radius)``.

    A point's ring is the disc around it; a polygon's is the polygon grown by
    ``radius`` (the area within ``radius`` of its boundary, and the polygon
    itself), as ParkServe measures from a park's edge.

    Parameters
    ----------
    spaces
        Public spaces (Point, Polygon or MultiPolygon) in a projected CRS.
    radii
        Distances in metres, positive and distinct.
    id_column
        The column that names each space (unique).

    Returns
    -------
    geopandas.GeoDataFrame
        ``id_column``, ``radius_m``, ``method`` (``"ring"``), ``reason``
        (``None``) and ``geometry``, one row per space and radius (see the
        module docstring), in the spaces' CRS.

    Raises
    ------
    ValidationError
        A geographic CRS or none, a missing or repeated id, a space without
        geometry, or a radius that is not a positive number.
    """
    geoms = _check_spaces(spaces, id_column)
    values = _check_radii(radii)
    rings = shapely.buffer(
        np.repeat(geoms, len(values)), np.tile(values, len(geoms)), quad_segs=RING_QUAD_SEGS
    )
    n = len(rings)
    return _frame(
        spaces[id_column],
        values,
        np.full(n, "ring", dtype=object),
        np.full(n, None, dtype=object),
        rings,
        spaces.crs,
    )


# --------------------------------------------------------------------------
# The network
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Search:
    """One Dijkstra run: the nodes searched, their distances and the edges among them.

    ``nodes`` are the network's node numbers searched (all of them, or a
    subgraph's), ``distance`` the ``(origins, len(nodes))`` distances, ``u``
    and ``v`` each edge's ends as positions in ``nodes``, and ``edge_ids``
    the network's number of each edge (``None``: all edges, in order).
    """

    nodes: IntArray
    distance: FloatArray
    u: IntArray
    v: IntArray
    edge_ids: IntArray | None = None


class StreetNetwork:
    """A street layer as a weighted, undirected graph (built once, reused).

    Nodes are the lines' vertices, those within ``snap`` metres of each
    other merged into one (single linkage: vertices chained by gaps under
    ``snap`` merge too, so ``snap`` must stay below the shortest segment
    meant to be kept; the merged node sits at their mean). Edges are the
    straight segments between consecutive vertices of a line, weighted by
    their length; a segment whose two ends merged is dropped, and two
    segments between the same nodes are one edge. Lines must be noded at
    junctions (see the module docstring).

    Build it with :meth:`from_lines`; the constructor takes the graph as
    arrays.

    Parameters
    ----------
    nodes
        ``(n, 2)`` coordinates, metres.
    edges
        ``(m, 2)`` node numbers of each edge's ends, the smaller first, no
        edge twice, no loop.
    crs
        The CRS of the coordinates (projected), or ``None`` when unknown.

    Attributes
    ----------
    nodes, edges
        As given.
    lengths
        ``(m,)`` each edge's length, metres.
    crs
        As given (a ``pyproj.CRS``), or ``None``.
    """

    def __init__(self, nodes: FloatArray, edges: IntArray, *, crs: object = None) -> None:
        nodes = np.asarray(nodes, dtype=float).reshape(-1, 2)
        edges = np.asarray(edges, dtype=np.int64).reshape(-1, 2)
        if len(edges) and (edges.min() < 0 or edges.max() >= len(nodes)):
            msg = f"`edges` name nodes outside 0..{len(nodes) - 1}"
            raise ValidationError(msg)
        if (edges[:, 0] >= edges[:, 1]).any():
            msg = "`edges` must list each edge's smaller node first, with no loop"
            raise ValidationError(msg)
        if len(edges) and len(np.unique(edges, axis=0)) != len(edges):
            msg = "`edges` lists an edge twice (a sparse graph would add their lengths)"
            raise ValidationError(msg)
        self.crs = None if crs is None else _check_projected(crs, "lines")
        self.nodes = nodes
        self.edges = edges
        self.lengths = np.hypot(*(nodes[edges[:, 1]] - nodes[edges[:, 0]]).T)
        u, v = edges[:, 0], edges[:, 1]
        n = len(nodes)
        # both directions stored: Dijkstra then runs as directed, with no symmetrising per call
        self._graph = csr_matrix(
            (
                np.concatenate([self.lengths, self.lengths]),
                (np.concatenate([u, v]), np.concatenate([v, u])),
            ),
            shape=(n, n),
        )
        self._graph.sort_indices()
        self._points = shapely.points(nodes)
        self._tree = shapely.STRtree(self._points)
        self._kdtree = cKDTree(nodes if len(nodes) else np.zeros((0, 2)))

    @classmethod
    def from_lines(
        cls,
        lines: gpd.GeoDataFrame | gpd.GeoSeries | np.ndarray,
        *,
        snap: float = 0.5,
        max_edge: float | None = None,
    ) -> StreetNetwork:
        """Build the network of a street layer.

        Parameters
        ----------
        lines
            LineStrings or MultiLineStrings (their parts are used) in a
            projected CRS: a GeoDataFrame or GeoSeries (its CRS is kept and
            checked), or an array of shapely geometries (CRS unknown).
            Missing and empty geometries are skipped.
        snap
            Vertices closer than this, metres, become one node (0: only
            identical ones). The default, half a metre, joins lines whose
            shared vertex was rounded differently, and no street is shorter.
        max_edge
            When given, segments longer than this, metres, are split
            (``shapely.segmentize``) so that a space beside a long straight
            street finds a node within its ``access`` distance.

        Raises
        ------
        ValidationError
            A geographic CRS, a geometry that is not a line, or a bad ``snap``.

        Examples
        --------
        >>> from shapely import LineString
        >>> net = StreetNetwork.from_lines(np.array([
        ...     LineString([(0, 0), (100, 0)]), LineString([(100, 0.2), (100, 50)])]))
        >>> net.n_nodes, net.n_edges  # (100, 0) and (100, 0.2) are one node, at (100, 0.1)
        (3, 2)
        >>> net.nodes.tolist()
        [[0.0, 0.0], [100.0, 0.1], [100.0, 50.0]]
        """
        snap = _check_distance(snap, "snap")
        crs: object = None
        if isinstance(lines, gpd.GeoDataFrame):
            crs = _check_projected(lines.crs, "lines")
            geoms = np.asarray(lines.geometry.array, dtype=object)
        elif isinstance(lines, gpd.GeoSeries):
            crs = _check_projected(lines.crs, "lines")
            geoms = np.asarray(lines.array, dtype=object)
        else:
            geoms = np.asarray(lines, dtype=object).ravel()
        present = ~pd.isna(geoms)
        present[present] = ~shapely.is_empty(geoms[present])
        geoms = geoms[present]
        types = shapely.get_type_id(geoms)
        wrong = ~np.isin(types, (1, 2, 5))  # LineString, LinearRing, MultiLineString
        if wrong.any():
            row = int(np.flatnonzero(present)[np.flatnonzero(wrong)[0]])
            got = geoms[np.flatnonzero(wrong)[0]].geom_type
            msg = f"`lines` row {row} is a {got}, not a LineString or MultiLineString"
            raise ValidationError(msg)
        if max_edge is not None:
            limit = _check_distance(max_edge, "max_edge")
            if limit > 0:
                geoms = shapely.segmentize(geoms, limit)
        parts = shapely.get_parts(geoms)
        coords, part = shapely.get_coordinates(parts, return_index=True)
        keep = np.isfinite(coords).all(axis=1)
        coords, part = coords[keep], part[keep]
        if not len(coords):
            return cls(np.zeros((0, 2)), np.zeros((0, 2), dtype=np.int64), crs=crs)
        unique, vertex = np.unique(coords, axis=0, return_inverse=True)
        vertex = vertex.ravel()
        label = np.arange(len(unique))
        if snap > 0:
            pairs = cKDTree(unique).query_pairs(snap, output_type="ndarray")
            if len(pairs):
                links = coo_matrix(
                    (np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])),
                    shape=(len(unique), len(unique)),
                )
                _, label = connected_components(links, directed=False)
        count = np.bincount(label)
        nodes = np.column_stack(
            [
                np.bincount(label, weights=unique[:, 0]) / count,
                np.bincount(label, weights=unique[:, 1]) / count,
            ]
        )
        node_of = label[vertex]
        same_part = part[:-1] == part[1:]
        a, b = node_of[:-1][same_part], node_of[1:][same_part]
        pairs_ = np.column_stack([np.minimum(a, b), np.maximum(a, b)])
        pairs_ = pairs_[pairs_[:, 0] != pairs_[:, 1]]
        edges = np.unique(pairs_, axis=0) if len(pairs_) else pairs_.reshape(0, 2)
        return cls(nodes, edges, crs=crs)

    @property
    def n_nodes(self) -> int:
        """Number of nodes."""
        return int(len(self.nodes))

    @property
    def n_edges(self) -> int:
        """Number of edges."""
        return int(len(self.edges))

    def __repr__(self) -> str:
        crs = self.crs.to_string() if self.crs is not None else "no CRS"
        return f"StreetNetwork({self.n_nodes} nodes, {self.n_edges} edges, {crs})"

    # -- sources and distances ------------------------------------------------

    def access(
        self, geometries: np.ndarray, *, access: float
    ) -> tuple[IntArray, IntArray, FloatArray]:
        """The nodes within ``access`` metres of each geometry, and how far each is.

        Parameters
        ----------
        geometries
            Shapely geometries (a space's point or polygon), in the network's CRS.
        access
            Metres.

        Returns
        -------
        origin, node, offset
            One entry per (geometry, node) pair within ``access``, sorted by
            geometry then node: the geometry's position, the node, and the
            straight-line distance between them (0 for a node inside a polygon).
        """
        access = _check_distance(access, "access")
        geoms = np.asarray(geometries, dtype=object)
        if not self.n_nodes or not len(geoms):
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, np.zeros(0)
        origin, node = self._tree.query(geoms, predicate="dwithin", distance=access)
        order = np.lexsort((node, origin))
        origin, node = origin[order], node[order]
        offset = shapely.distance(geoms[origin], self._points[node])
        return origin.astype(np.int64), node.astype(np.int64), np.asarray(offset, dtype=float)

    def distances(
        self,
        sources: Sequence[tuple[IntArray, FloatArray]],
        *,
        limit: float = np.inf,
    ) -> FloatArray:
        """Network distance from each origin to every node (multi-source Dijkstra).

        Each origin starts at several nodes at once, each with its own
        starting distance (the walk from the space to that node): the
        distance to node ``j`` is ``min_i (offset_i + d(node_i, j))``. Each
        origin is a virtual node with an edge to each of its nodes, weighted
        by the offset (one way only, so no walk passes through another
        origin), and ``scipy.sparse.csgraph.dijkstra`` runs from all the
        origins of a batch in one call.

        Parameters
        ----------
        sources
            Per origin, its nodes and their starting distances (metres,
            non-negative); an origin with no node reaches nothing.
        limit
            Distances above this are not searched and come back as ``inf``.

        Returns
        -------
        numpy.ndarray
            ``(len(sources), n_nodes)`` distances, metres; ``inf`` where a
            node is beyond ``limit`` or not connected.
        """
        origin = np.concatenate(
            [
                np.full(len(np.atleast_1d(nodes)), k, dtype=np.int64)
                for k, (nodes, _) in enumerate(sources)
            ]
            or [np.zeros(0, dtype=np.int64)]
        )
        node = np.concatenate(
            [np.atleast_1d(np.asarray(n, dtype=np.int64)) for n, _ in sources]
            or [np.zeros(0, dtype=np.int64)]
        )
        offset = np.concatenate(
            [np.atleast_1d(np.asarray(o, dtype=float)) for _, o in sources] or [np.zeros(0)]
        )
        if len(node) != len(offset):
            msg = "each source needs as many starting distances as nodes"
            raise ValidationError(msg)
        if len(node) and (node.min() < 0 or node.max() >= self.n_nodes):
            msg = f"a source names a node outside 0..{self.n_nodes - 1}"
            raise ValidationError(msg)
        if len(offset) and (~np.isfinite(offset) | (offset < 0)).any():
            msg = "starting distances must be finite and non-negative"
            raise ValidationError(msg)
        order = np.argsort(origin, kind="stable")
        origin, node, offset = origin[order], node[order], offset[order]
        bounds = np.searchsorted(origin, np.arange(len(sources) + 1))
        out = np.full((len(sources), self.n_nodes), np.inf)
        step = self._batch()
        for first in range(0, len(sources), step):
            last = min(first + step, len(sources))
            lo, hi = bounds[first], bounds[last]
            found = self._search(
                origin[lo:hi] - first, node[lo:hi], offset[lo:hi], last - first, float(limit)
            )
            out[first:last, found.nodes] = found.distance
        return out

    def _batch(self) -> int:
        """How many origins one Dijkstra call takes (see :data:`BATCH_CELLS`)."""
        return max(1, BATCH_CELLS // (self.n_nodes + self.n_edges + 1))

    def _search(
        self, origin: IntArray, node: IntArray, offset: FloatArray, n_origins: int, limit: float
    ) -> _Search:
        """Distances from ``n_origins`` virtual nodes in one Dijkstra call (see :meth:`distances`).

        ``origin`` (sorted) numbers each source's origin ``0..n_origins-1``.
        With a finite ``limit`` the search runs on the subgraph of the nodes
        within reach of a source (straight line; one disc per origin, round
        its first source, holding every source's ``limit - offset``), and of
        the edges with an end in a disc, when they are under half the
        network: a node outside every disc cannot be reached within
        ``limit``, as a path is never shorter than the straight line, so no
        path within ``limit`` leaves the discs (an edge leaving them may be
        reached in part, from its inner end). scipy's Dijkstra sets up arrays
        over the whole graph for each origin, and the distances are a dense
        (origins x nodes) array, so a city's catchments must not pay for a
        country's network.
        """
        n = self.n_nodes
        u, v = self.edges[:, 0], self.edges[:, 1]
        if not n or not n_origins:
            return _Search(np.arange(n), np.full((n_origins, n), np.inf), u, v)
        graph = self._graph
        keep: IntArray | None = None
        if np.isfinite(limit) and len(node):
            first = np.searchsorted(origin, np.arange(n_origins))
            has = np.bincount(origin, minlength=n_origins) > 0
            centre = self.nodes[node[np.minimum(first, len(node) - 1)]][origin]
            spread = np.hypot(*(self.nodes[node] - centre).T) + np.maximum(limit - offset, 0.0)
            radius = np.zeros(n_origins)
            np.maximum.at(radius, origin, spread)
            mask = np.zeros(n, dtype=bool)
            centres = self.nodes[node[first[has]]]
            for near in self._kdtree.query_ball_point(centres, radius[has], return_sorted=False):
                mask[near] = True
            # the edges leaving the discs stay (their inner end may reach part of them)
            inside = mask[self.edges[:, 0]] | mask[self.edges[:, 1]]
            mask[self.edges[inside].ravel()] = True
            if 2 * int(mask.sum()) < n:
                keep = np.flatnonzero(mask)
                local = np.full(n, -1, dtype=np.int64)
                local[keep] = np.arange(len(keep))
                a, b = local[self.edges[inside, 0]], local[self.edges[inside, 1]]
                w = self.lengths[inside]
                graph = csr_matrix(
                    (np.concatenate([w, w]), (np.concatenate([a, b]), np.concatenate([b, a]))),
                    shape=(len(keep), len(keep)),
                )
                node = local[node]
        m = graph.shape[0]
        counts = np.bincount(origin, minlength=n_origins)
        indptr = np.concatenate([graph.indptr, graph.indptr[-1] + np.cumsum(counts)])
        full = csr_matrix(
            (np.concatenate([graph.data, offset]), np.concatenate([graph.indices, node]), indptr),
            shape=(m + n_origins, m + n_origins),
        )
        found = dijkstra(full, directed=True, indices=np.arange(m, m + n_origins), limit=limit)
        distance = np.ascontiguousarray(found[:, :m])
        if keep is None:
            return _Search(np.arange(n), distance, u, v)
        return _Search(keep, distance, a, b, np.flatnonzero(inside))

    # -- catchments -----------------------------------------------------------

    def reached_lines(self, distance: FloatArray, radius: float) -> tuple[IntArray, np.ndarray]:
        """The street parts within ``radius`` of each origin, as 2-point lines.

        A point at ``x`` metres along edge ``(u, v)`` of length ``w`` is at
        ``min(d_u + x, d_v + w - x)``: the edge is reached for ``x <= r - d_u``
        from ``u`` and ``x >= w - (r - d_v)`` from ``v``; the whole edge when
        the two meet. Computed for every (origin, edge) pair at once.

        Parameters
        ----------
        distance
            ``(k, n_nodes)`` node distances (:meth:`distances`).
        radius
            Metres.

        Returns
        -------
        origin, lines
            For each reached part, its origin's row in ``distance`` and the
            part as a LineString.
        """
        search = _Search(np.arange(self.n_nodes), distance, self.edges[:, 0], self.edges[:, 1])
        return self._reached(search, radius)

    def _reached(self, search: _Search, radius: float) -> tuple[IntArray, np.ndarray]:
        """:meth:`reached_lines` on a search's nodes and edges."""
        u, v = search.u, search.v
        from_u = radius - search.distance[:, u]
        from_v = radius - search.distance[:, v]
        row, edge = np.nonzero((from_u > 0) | (from_v > 0))
        edge_id = edge if search.edge_ids is None else search.edge_ids[edge]
        length = self.lengths[edge_id]
        a = np.clip(from_u[row, edge], 0.0, length)
        b = np.clip(from_v[row, edge], 0.0, length)
        whole = a + b >= length
        pu, pv = self.nodes[self.edges[edge_id, 0]], self.nodes[self.edges[edge_id, 1]]
        # a part from u (the whole edge when the two parts meet), and one from v
        part_u = whole | (a > 0)
        part_v = ~whole & (b > 0)
        reach_u = np.divide(a, length, out=np.ones_like(a), where=~whole)[:, None]
        reach_v = np.divide(b, length, out=np.zeros_like(b), where=~whole)[:, None]
        start = np.concatenate([pu[part_u], pv[part_v]])
        # a whole edge ends exactly on its node (pu + (pv - pu) * 1 may miss pv by an ulp)
        end_u = np.where(whole[:, None], pv, pu + (pv - pu) * reach_u)
        end = np.concatenate([end_u[part_u], (pv + (pu - pv) * reach_v)[part_v]])
        lines = (
            shapely.linestrings(np.stack([start, end], axis=1))
            if len(start)
            else np.zeros(0, dtype=object)
        )
        rows = np.concatenate([row[part_u], row[part_v]]).astype(np.int64)
        return rows, np.asarray(lines, dtype=object)


def _matching_crs(spaces: gpd.GeoDataFrame, network: StreetNetwork) -> None:
    if network.crs is not None and not network.crs.equals(pyproj.CRS.from_user_input(spaces.crs)):
        msg = f"`spaces` are in {pyproj.CRS.from_user_input(spaces.crs).to_string()} but the street network is in {network.crs.to_string()}; build the network from the streets in the spaces' CRS"
        raise ValidationError(msg)


def network_catchments(
    spaces: gpd.GeoDataFrame,
    network: StreetNetwork,
    radii: Sequence[float],
    *,
    id_column: str = "space_id",
    access: float = 150.0,
    trim: float = 50.0,
) -> gpd.GeoDataFrame:
    """Each space's walking catchment along the streets, for every radius.

    ArcGIS Network Analyst's service area as "lines, trimmed": the network
    distance from the space to every street is found, the street parts
    within ``r`` are kept (whole edges, and the part of an edge reached from
    one end, cut at ``r``), and the catchment is those parts, the walks from
    the space onto the streets, and the space itself, all buffered by
    ``trim`` metres (the homes along a street reached) and unioned.

    The walk starts at every street node within ``access`` metres of the
    space (of its boundary, or inside it), each at its straight-line
    distance from the space, so the network distance to a node is
    ``min over those nodes of (straight-line distance + path length)``:
    never less than the straight-line distance, so a catchment lies within
    the ring of ``r + trim``. A space with no node within ``access`` cannot
    be put on the network: its rows are its rings, with ``method`` ``"ring"``
    and ``reason`` ``"no_street_within_access"``.

    Parameters
    ----------
    spaces
        Public spaces (Point, Polygon or MultiPolygon) in a projected CRS.
    network
        The streets (:meth:`StreetNetwork.from_lines`), in the same CRS.
    radii
        Walking distances, metres (400 and 800: ParkServe's five- and
        ten-minute walks).
    id_column
        The column that names each space (unique).
    access
        How far from a space, metres, a street node may be to start the walk.
    trim
        How far either side of a reached street the catchment reaches, metres.

    Returns
    -------
    geopandas.GeoDataFrame
        ``id_column``, ``radius_m``, ``method``, ``reason``, ``geometry``:
        one row per space and radius (see the module docstring).

    Raises
    ------
    ValidationError
        A geographic CRS or none, CRSs that differ, a missing or repeated id,
        a space without geometry, a bad radius, ``access`` or ``trim``.
    """
    geoms = _check_spaces(spaces, id_column)
    values = _check_radii(radii)
    access = _check_distance(access, "access")
    trim = _check_distance(trim, "trim")
    if trim <= 0:
        msg = f"`trim` must be positive (the streets are drawn as areas that wide each side), got {trim!r}"
        raise ValidationError(msg)
    _matching_crs(spaces, network)
    n, k = len(geoms), len(values)
    origin, node, offset = network.access(geoms, access=access)
    on_network = np.bincount(origin, minlength=n) > 0
    out = np.empty(n * k, dtype=object)
    method = np.where(np.repeat(on_network, k), "network", "ring").astype(object)
    reason = np.full(n * k, None, dtype=object)
    reason[method == "ring"] = NO_ACCESS
    # the walks from each space to its source nodes (used for the radii they fit in)
    connector = shapely.shortest_line(geoms[origin], network._points[node])
    bounds = np.searchsorted(origin, np.arange(n + 1))  # access() sorts by origin
    batch = network._batch()
    for first in range(0, n, batch):
        last = min(first + batch, n)
        lo, hi = bounds[first], bounds[last]
        search = network._search(
            origin[lo:hi] - first, node[lo:hi], offset[lo:hi], last - first, float(values.max())
        )
        for j, radius in enumerate(values):
            row, lines = network._reached(search, float(radius))
            order = np.argsort(row, kind="stable")
            row, lines = row[order], lines[order]
            cut = np.searchsorted(row, np.arange(last - first + 1))
            walks = (offset > 0) & (offset <= radius)
            for i in range(first, last):
                if not on_network[i]:
                    continue
                mine = slice(bounds[i], bounds[i + 1])
                extras = np.append(connector[mine][walks[mine]], geoms[i])
                reached = lines[cut[i - first] : cut[i - first + 1]]
                out[i * k + j] = _trimmed(reached, extras, trim)
    rings = shapely.buffer(np.repeat(geoms, k), np.tile(values, n), quad_segs=RING_QUAD_SEGS)
    fallback = method == "ring"
    out[fallback] = rings[fallback]
    return _frame(spaces[id_column], values, method, reason, out, spaces.crs)


def _trimmed(lines: np.ndarray, extras: np.ndarray, trim: float) -> shapely.Geometry:
    """The union of ``lines`` and ``extras`` buffered by ``trim``, computed through the blocks.

    Buffering a few hundred overlapping street parts at once is slow (the
    offset curves of neighbouring streets intersect each other). The reached
    parts are instead polygonised into the blocks they enclose
    (``shapely.polygonize_full``; the network is noded, so the blocks tile
    without overlap): a point of an enclosed block is within ``trim`` of a
    reached street exactly when it is not in the block shrunk by ``trim``.
    So the result is the blocks' union grown by ``trim``, minus the shrunk
    blocks, plus the buffers of the parts that enclose nothing (dangles, cut
    edges, the frontier's partial edges) and of ``extras``. It equals the
    plain buffer of everything up to the buffers' polygon approximation (a
    test compares them). Should the blocks overlap (lines that cross with
    no shared vertex), the plain buffer is used.
    """
    polygons, cuts, dangles, rings = shapely.polygonize_full(lines)
    faces = shapely.get_parts(polygons)
    loose = np.concatenate(
        [shapely.get_parts(cuts), shapely.get_parts(dangles), shapely.get_parts(rings), extras]
    )
    if len(faces):
        blocks = shapely.coverage_union_all(faces)
        tiled = shapely.is_valid(blocks) and bool(
            np.isclose(shapely.area(blocks), shapely.area(faces).sum(), rtol=1e-9, atol=1e-6)
        )
        if not tiled:  # overlapping blocks: buffer everything
            loose = np.concatenate([lines, extras])
        else:
            shrunk = shapely.buffer(faces, -trim)
            shrunk = shapely.get_parts(shrunk[~shapely.is_empty(shrunk)])
            grown = shapely.buffer(blocks, trim)
            core = (
                shapely.difference(grown, shapely.multipolygons(shrunk)) if len(shrunk) else grown
            )
            # the loose parts buffered together, then one union with the blocks' rims
            outline = shapely.buffer(shapely.geometrycollections(loose), trim)
            return shapely.union(core, outline)
    return shapely.buffer(shapely.geometrycollections(loose), trim)


def catchments(
    spaces: gpd.GeoDataFrame,
    radii: Sequence[float],
    *,
    streets: gpd.GeoDataFrame | StreetNetwork | None = None,
    id_column: str = "space_id",
    access: float = 150.0,
    trim: float = 50.0,
    snap: float = 0.5,
) -> gpd.GeoDataFrame:
    """Walking catchments: along the streets when given, straight-line rings otherwise.

    Parameters
    ----------
    spaces
        Public spaces in a projected CRS.
    radii
        Distances, metres.
    streets
        A ``streets`` layer (projected to the spaces' CRS here when its CRS
        differs) or a :class:`StreetNetwork` built from one; ``None`` for rings.
    id_column, access, trim
        As in :func:`network_catchments`.
    snap
        As in :meth:`StreetNetwork.from_lines`, when ``streets`` is a layer.

    Returns
    -------
    geopandas.GeoDataFrame
        As :func:`network_catchments` (or :func:`ring_catchments`).
    """
    if streets is None:
        return ring_catchments(spaces, radii, id_column=id_column)
    if isinstance(streets, StreetNetwork):
        network = streets
    else:
        _check_projected(spaces.crs, "spaces")
        if streets.crs is not None and not streets.crs.equals(spaces.crs):
            streets = streets.to_crs(spaces.crs)
        network = StreetNetwork.from_lines(streets, snap=snap)
    return network_catchments(spaces, network, radii, id_column=id_column, access=access, trim=trim)
