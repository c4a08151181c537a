"""Time walking catchments over a 50,000-edge street network against networkx.

Usage::

    .venv/bin/python benchmarks/catchments.py
    .venv/bin/python benchmarks/catchments.py --edges 200000 --spaces 300 --repeat 5

The street network is a synthetic perturbed grid (blocks of about 110 m,
corners jittered by a few metres, 8 % of the segments missing) with at least
``--edges`` edges, in EPSG:9377; the ``--spaces`` public spaces are parks
(rectangles of 40-200 m) and community centres (points) scattered over it.

ours
    :meth:`geo.network.StreetNetwork.from_lines` once, then
    :func:`geo.network.network_catchments` for radii 400 and 800 m: the
    network distances (every space's sources in one
    ``scipy.sparse.csgraph.dijkstra`` call) and the catchment polygons
    (reached streets trimmed by 50 m, as ArcGIS Network Analyst's service
    areas). Its time is the median of ``--repeat`` runs; the target is the
    issue's "60 spaces over a 50,000-edge network take seconds": under
    10 s.
peer (networkx)
    The same network distances (distances only, no polygons) with
    ``networkx.multi_source_dijkstra_path_length`` with ``cutoff`` 800 m,
    one call per space from a virtual start joined to the space's source
    nodes by their straight-line offsets, on an ``nx.Graph`` of the same
    edges. Both start from the same sources (``StreetNetwork.access``, not
    timed) and the script checks that both give the same distances (1e-9).

The last line is ``speedup: S``, networkx's distance time over ours.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import geopandas as gpd
import networkx as nx
import numpy as np
import shapely
from numpy.testing import assert_allclose

from geo.network import StreetNetwork, network_catchments

CRS = "EPSG:9377"
X0, Y0 = 4_630_000.0, 1_950_000.0  # Palmira, EPSG:9377 metres
BLOCK = 110.0
MISSING = 0.08
RADII = (400.0, 800.0)
TARGET_S = 10.0


def grid_streets(min_edges: int, seed: int) -> gpd.GeoDataFrame:
    """A perturbed grid of street segments with at least ``min_edges`` of them."""
    rng = np.random.default_rng(seed)
    n = int(np.ceil(np.sqrt(min_edges / (2 * (1 - MISSING))))) + 2
    while True:
        xy = np.stack(np.meshgrid(np.arange(n) * BLOCK, np.arange(n) * BLOCK, indexing="ij"), -1)
        xy = xy + np.clip(rng.normal(0, 3.0, xy.shape), -6, 6) + (X0, Y0)
        node = np.arange(n * n).reshape(n, n)
        a = np.concatenate([node[:-1, :].ravel(), node[:, :-1].ravel()])
        b = np.concatenate([node[1:, :].ravel(), node[:, 1:].ravel()])
        keep = rng.uniform(size=len(a)) >= MISSING
        if keep.sum() >= min_edges:
            break
        n += 1
    flat = xy.reshape(-1, 2)
    lines = shapely.linestrings(np.stack([flat[a[keep]], flat[b[keep]]], axis=1))
    return gpd.GeoDataFrame({"street_id": np.arange(len(lines))}, geometry=lines, crs=CRS)


def scattered_spaces(n: int, streets: gpd.GeoDataFrame, seed: int) -> gpd.GeoDataFrame:
    """``n`` parks and community centres over the middle of the network."""
    rng = np.random.default_rng(seed + 1)
    xmin, ymin, xmax, ymax = streets.total_bounds
    pad = 0.1 * (xmax - xmin)
    x = rng.uniform(xmin + pad, xmax - pad, n)
    y = rng.uniform(ymin + pad, ymax - pad, n)
    w, h = rng.uniform(40, 200, n), rng.uniform(40, 200, n)
    parks = shapely.box(x - w / 2, y - h / 2, x + w / 2, y + h / 2)
    points = shapely.points(x, y)
    geoms = np.where(rng.uniform(size=n) < 0.8, parks, points)
    ids = [f"E{k + 1:03d}" for k in range(n)]
    return gpd.GeoDataFrame({"space_id": ids}, geometry=geoms, crs=CRS)


def networkx_distances(
    graph: nx.Graph, sources: list[tuple[np.ndarray, np.ndarray]], n_nodes: int, cutoff: float
) -> np.ndarray:
    """Each space's distances by networkx: a virtual start joined to its sources by their offsets."""
    out = np.full((len(sources), n_nodes), np.inf)
    for k, (nodes, offsets) in enumerate(sources):
        start = ("space", k)
        graph.add_weighted_edges_from(
            (start, int(n), float(o)) for n, o in zip(nodes, offsets, strict=True)
        )
        found = nx.multi_source_dijkstra_path_length(graph, {start}, cutoff=cutoff)
        graph.remove_node(start)
        del found[start]
        out[k, list(found)] = list(found.values())
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--edges", type=int, default=50_000, help="edges at least (default 50,000)")
    parser.add_argument("--spaces", type=int, default=60, help="public spaces (default 60)")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each; the median is kept")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    streets = grid_streets(args.edges, args.seed)
    spaces = scattered_spaces(args.spaces, streets, args.seed)
    t0 = time.perf_counter()
    network = StreetNetwork.from_lines(streets)
    build = time.perf_counter() - t0
    print(
        f"network: {network.n_edges:,} edges, {network.n_nodes:,} nodes (perturbed grid of "
        f"{BLOCK:.0f} m blocks, {MISSING:.0%} of segments missing); {len(spaces)} spaces; "
        f"radii {', '.join(f'{r:.0f}' for r in RADII)} m"
    )
    print(f"build: StreetNetwork.from_lines {build:.3f} s (once per streets layer)")

    geoms = np.asarray(spaces.geometry.array, dtype=object)
    origin, node, offset = network.access(geoms, access=150.0)
    sources = [(node[origin == k], offset[origin == k]) for k in range(len(spaces))]
    cutoff = max(RADII)

    ours_d, theirs_d, ours_c = [], [], []
    distances = theirs = np.zeros(0)
    graph = nx.Graph()
    graph.add_weighted_edges_from(
        zip(
            network.edges[:, 0].tolist(),
            network.edges[:, 1].tolist(),
            network.lengths.tolist(),
            strict=True,
        )
    )
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        distances = network.distances(sources, limit=cutoff)
        ours_d.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        theirs = networkx_distances(graph, sources, network.n_nodes, cutoff)
        theirs_d.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        zones = network_catchments(spaces, network, RADII)
        ours_c.append(time.perf_counter() - t0)
    assert_allclose(distances, theirs, rtol=0, atol=1e-9)
    assert (zones["method"] == "network").all() and len(zones) == len(spaces) * len(RADII)
    ours_dist, peer, ours_all = (statistics.median(t) for t in (ours_d, theirs_d, ours_c))
    reached = np.isfinite(distances).sum(axis=1)
    print(
        f"distances ({len(spaces)} spaces, cutoff {cutoff:.0f} m, {reached.mean():,.0f} nodes "
        f"reached on average): ours {ours_dist:.3f} s, networkx {peer:.3f} s; "
        "equal to 1e-9: yes"
    )
    print(
        f"catchments (distances + polygons, network_catchments, median of {args.repeat}): "
        f"ours {ours_all:.3f} s"
    )
    verdict = "PASS" if ours_all < TARGET_S else "FAIL"
    print(
        f"{len(spaces)} spaces over {network.n_edges:,} edges in {ours_all:.2f} s: "
        f"{verdict} against the target of {TARGET_S:.0f} s"
    )
    print(f"speedup: {peer / ours_dist:.1f}")


if __name__ == "__main__":
    main()
