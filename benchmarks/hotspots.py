"""Time the whole Gi* pipeline against the one an analyst would write with the textbook tools.

Usage::

    .venv/bin/python benchmarks/hotspots.py --n 1000000
    .venv/bin/python benchmarks/hotspots.py --n 100000 --cell-size 150 --distance 400

Both pipelines start from the same GeoDataFrame of ``N`` synthetic,
clustered incidents over a metro-sized area (about 40 x 30 km: a large
city joined to a smaller one, like Cali and Palmira) in EPSG:9377, and the
same study-area polygon, and end with Gi* z-scores, p-values and
FDR-corrected confidence bins for every cell of the study area (empty
cells included):

ours
    :class:`models.lattice.Lattice` over the mask, binning with
    :meth:`~models.lattice.Lattice.aggregate`, weights from grid offsets,
    :class:`models.gistar.GetisOrdGiStar` (sparse product) and the
    Benjamini-Hochberg bins of :mod:`models.stats`.
baseline
    a fishnet GeoDataFrame of the same cells kept where they intersect the
    mask, ``geopandas.sjoin`` of the points into it and a count per cell,
    ``libpysal.weights.DistanceBand`` on the cell centroids,
    ``esda.G_Local(star=True, transform="B", permutations=0)``, and
    ``scipy.stats.false_discovery_control`` for the FDR bins.

The script checks that the two give the same cells, counts and z-scores
(``assert_allclose``), prints both times, the peak memory of a separate
process that generates the data and runs ours (``ru_maxrss``) and the
tracemalloc peak of ours alone; its last line is ``speedup: R`` with
``R`` = baseline time / our time.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
import tracemalloc
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import geopandas as gpd
import numpy as np
import shapely
import shapely.affinity
from numpy.testing import assert_allclose, assert_array_equal
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from geo.grid import Grid, pack_ids
from models.gistar import GetisOrdGiStar
from models.lattice import Lattice
from models.stats import CONFIDENCE_LEVELS, confidence_bins

CRS = "EPSG:9377"
# a point in Cali in EPSG:9377 (Origen-Nacional), metres
X0, Y0 = 4_600_000.0, 1_930_000.0


def metro_area() -> BaseGeometry:
    """A ~40 x 30 km metro area: a big city, a smaller one, and the road between them."""
    big = shapely.affinity.scale(Point(X0 + 11_000, Y0 + 15_000).buffer(1.0, 64), 11_000, 14_000)
    small = shapely.affinity.scale(Point(X0 + 33_000, Y0 + 17_000).buffer(1.0, 64), 6_500, 5_500)
    road = shapely.geometry.box(X0 + 20_000, Y0 + 14_500, X0 + 28_000, Y0 + 18_500)
    return shapely.union_all([big, small, road]).simplify(5.0)


def synthetic_incidents(n: int, seed: int, area: BaseGeometry) -> gpd.GeoDataFrame:
    """``n`` incidents inside ``area``: 60 % in 60 Gaussian hot spots, 40 % spread out."""
    rng = np.random.default_rng(seed)
    xmin, ymin, xmax, ymax = area.bounds
    shapely.prepare(area)
    centres: list[tuple[float, float]] = []
    while len(centres) < 60:
        cx, cy = rng.uniform(xmin, xmax), rng.uniform(ymin, ymax)
        if shapely.contains_xy(area, cx, cy):
            centres.append((cx, cy))
    c = np.array(centres)
    sigma = rng.uniform(150, 900, len(c))
    weight = rng.gamma(1.5, 1.0, len(c))
    out_x: list[np.ndarray] = []
    out_y: list[np.ndarray] = []
    need = n
    while need > 0:
        m = int(need * 1.4) + 1000
        k_cluster = rng.uniform(size=m) < 0.6
        which = rng.choice(len(c), size=m, p=weight / weight.sum())
        x = np.where(
            k_cluster, c[which, 0] + rng.normal(0, 1, m) * sigma[which], rng.uniform(xmin, xmax, m)
        )
        y = np.where(
            k_cluster, c[which, 1] + rng.normal(0, 1, m) * sigma[which], rng.uniform(ymin, ymax, m)
        )
        keep = shapely.contains_xy(area, x, y)
        out_x.append(x[keep][:need])
        out_y.append(y[keep][:need])
        need -= int(min(keep.sum(), need))
    x, y = np.concatenate(out_x), np.concatenate(out_y)
    return gpd.GeoDataFrame(geometry=gpd.points_from_xy(x, y), crs=CRS)


def ours(
    points: gpd.GeoDataFrame, area: BaseGeometry, cell: float, distance: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, dict[str, float]]:
    """Our pipeline; returns cell keys, counts, z, bins and a time per step."""
    steps: dict[str, float] = {}
    t = time.perf_counter()
    x = shapely.get_x(points.geometry.array)
    y = shapely.get_y(points.geometry.array)
    grid = Grid.covering(area.bounds, cell)
    lattice = Lattice.over_mask(area, grid=grid)
    values, _ = lattice.aggregate(x, y)
    steps["bin"] = time.perf_counter() - t
    t = time.perf_counter()
    w = lattice.band_weights(distance, include_self=True)
    steps["weights"] = time.perf_counter() - t
    t = time.perf_counter()
    gi = GetisOrdGiStar(fdr=False).fit(values, weights=w)
    steps["statistic"] = time.perf_counter() - t
    t = time.perf_counter()
    bins = confidence_bins(gi.z_, gi.p_, fdr=True)
    steps["fdr"] = time.perf_counter() - t
    return lattice.keys, values, gi.z_, bins, steps


def baseline(
    points: gpd.GeoDataFrame, area: BaseGeometry, cell: float, distance: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, dict[str, float]]:
    """The textbook pipeline: fishnet + sjoin + DistanceBand + esda G_Local + FDR."""
    import libpysal
    from esda.getisord import G_Local
    from scipy import stats

    steps: dict[str, float] = {}
    t = time.perf_counter()
    xmin, ymin, xmax, ymax = area.bounds
    x0, y0 = np.floor(xmin / cell) * cell, np.floor(ymin / cell) * cell
    mesh_i, mesh_j = np.meshgrid(
        np.arange(0, int(np.ceil((xmax - x0) / cell)) + 1),
        np.arange(0, int(np.ceil((ymax - y0) / cell)) + 1),
    )
    ii, jj = mesh_i.ravel(), mesh_j.ravel()
    boxes = shapely.box(x0 + ii * cell, y0 + jj * cell, x0 + (ii + 1) * cell, y0 + (jj + 1) * cell)
    fishnet = gpd.GeoDataFrame({"i": ii, "j": jj}, geometry=boxes, crs=CRS)
    mask = gpd.GeoDataFrame(geometry=[area], crs=CRS)
    inside = gpd.sjoin(fishnet, mask, predicate="intersects").index.unique()
    fishnet = fishnet.loc[inside].sort_index().reset_index(drop=True)
    # drop cells that only touch the boundary (no area in common), as a careful analyst would
    fishnet = fishnet[fishnet.intersection(area).area > 0].reset_index(drop=True)
    joined = gpd.sjoin(points, fishnet, predicate="within")
    counts = joined.groupby("index_right").size()
    fishnet["count"] = counts.reindex(fishnet.index, fill_value=0).to_numpy(dtype=float)
    steps["bin"] = time.perf_counter() - t
    t = time.perf_counter()
    centroids = fishnet.copy()
    centroids["geometry"] = fishnet.centroid
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        w = libpysal.weights.DistanceBand.from_dataframe(
            centroids, threshold=distance, binary=True, silence_warnings=True
        )
    steps["weights"] = time.perf_counter() - t
    t = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        g = G_Local(fishnet["count"].to_numpy(), w, transform="B", star=True, permutations=0)
    steps["statistic"] = time.perf_counter() - t
    t = time.perf_counter()
    p = 2 * g.p_norm
    adjusted = stats.false_discovery_control(p, method="bh")
    level = np.zeros(len(p), dtype=np.int8)
    for alpha, magnitude in CONFIDENCE_LEVELS:
        level[adjusted <= alpha] = magnitude
    bins = (level * np.sign(g.Zs)).astype(np.int8)
    steps["fdr"] = time.perf_counter() - t
    # the fishnet's origin is our grid's (Grid.covering snaps the same way), so ids match
    keys = pack_ids(fishnet["i"].to_numpy(), fishnet["j"].to_numpy())
    return keys, fishnet["count"].to_numpy(), g.Zs, bins, steps


def _child(args: argparse.Namespace) -> None:
    """Generate the data and run ours only; the parent reads this process's peak RSS."""
    area = metro_area()
    pts = synthetic_incidents(args.n, args.seed, area)
    ours(pts, area, args.cell_size, args.distance)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="incidents (default 1,000,000)")
    parser.add_argument("--cell-size", type=float, default=150.0, help="metres (default 150)")
    parser.add_argument(
        "--distance", type=float, default=400.0, help="band in metres (default 400)"
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3, help="runs of ours; the best is kept")
    parser.add_argument("--skip-baseline", action="store_true", help="time ours only")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args)
        return

    area = metro_area()
    t = time.perf_counter()
    pts = synthetic_incidents(args.n, args.seed, area)
    xmin, ymin, xmax, ymax = area.bounds
    print(
        f"{args.n:,} incidents over {(xmax - xmin) / 1000:.0f} x {(ymax - ymin) / 1000:.0f} km "
        f"({area.area / 1e6:,.0f} km²), cells {args.cell_size:g} m, band {args.distance:g} m "
        f"(generated in {time.perf_counter() - t:.1f} s)"
    )

    best = float("inf")
    for _ in range(max(1, args.repeat)):
        t = time.perf_counter()
        keys, counts, z, bins, steps = ours(pts, area, args.cell_size, args.distance)
        elapsed = time.perf_counter() - t
        if elapsed < best:
            best, best_steps = elapsed, steps
    tracemalloc.start()
    ours(pts, area, args.cell_size, args.distance)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    child = subprocess.run(
        [
            sys.executable,
            __file__,
            "--child",
            "--n",
            str(args.n),
            "--cell-size",
            str(args.cell_size),
            "--distance",
            str(args.distance),
            "--seed",
            str(args.seed),
        ],
        check=True,
    )
    del child
    rss_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    detail = ", ".join(f"{k} {v:.3f}" for k, v in best_steps.items())
    print(
        f"ours:     {best:8.3f} s  ({detail}); {len(keys):,} cells, {int((bins > 0).sum()):,} hot"
    )
    print(
        f"ours peak memory: {rss_kib / 1024:,.0f} MiB RSS for a process that generates the data "
        f"and runs the pipeline; {traced_peak / 2**20:,.0f} MiB traced during the pipeline"
    )
    if args.skip_baseline:
        print("baseline: skipped")
        return

    t = time.perf_counter()
    bkeys, bcounts, bz, bbins, bsteps = baseline(pts, area, args.cell_size, args.distance)
    base = time.perf_counter() - t
    detail = ", ".join(f"{k} {v:.3f}" for k, v in bsteps.items())
    print(f"baseline: {base:8.3f} s  ({detail})")

    order_ours = np.argsort(keys)
    order_base = np.argsort(bkeys)
    assert_array_equal(
        keys[order_ours], bkeys[order_base], err_msg="the two pipelines' cells differ"
    )
    assert_array_equal(counts[order_ours], bcounts[order_base])
    assert_allclose(z[order_ours], bz[order_base], atol=1e-9, rtol=0)
    assert_array_equal(bins[order_ours], bbins[order_base])
    print("same cells, counts, z-scores (1e-9) and FDR bins: yes")
    print(f"speedup: {base / best:.1f}")


if __name__ == "__main__":
    main()
