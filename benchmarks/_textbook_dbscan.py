"""The textbook DBSCAN script an analyst would write: the floor of ``benchmarks/cli_latency.py``.

Usage::

    .venv/bin/python benchmarks/_textbook_dbscan.py WORKSPACE.gpkg --crs EPSG:9377 \\
        --min-samples 20 --density-multiple 2

Reads the incidents with ``geopandas.read_file`` (``use_arrow=True``) and
projects them with ``to_crs``; reads ``eps`` off the k-distance curve as
``models/clusters.py`` does (the median distance to the ``min_samples``-th
nearest other incident, scikit-learn's ``NearestNeighbors``, divided by the
square root of ``--density-multiple``); runs scikit-learn's
``DBSCAN(eps, min_samples).fit``. It imports nothing from this project.
Its last line gives the time of each step (``sklearn DBSCAN alone`` is the
clustering by itself, on points already in memory), ``eps`` and the
clusters found, so that the caller can check both did the same work.
"""

from __future__ import annotations

import argparse
import math
import time

import geopandas as gpd
import numpy as np
from sklearn.cluster import DBSCAN
from sklearn.neighbors import NearestNeighbors


def main() -> None:
    """Read, project, choose eps, cluster; print the times and the clusters."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("workspace")
    parser.add_argument("--crs", required=True, help="projected CRS, e.g. EPSG:9377")
    parser.add_argument("--min-samples", type=int, default=20)
    parser.add_argument("--density-multiple", type=float, default=2.0)
    args = parser.parse_args()
    k = args.min_samples

    t0 = time.perf_counter()
    points = gpd.read_file(args.workspace, layer="incidents", use_arrow=True).to_crs(args.crs)
    xy = np.column_stack([points.geometry.x.to_numpy(), points.geometry.y.to_numpy()])
    t1 = time.perf_counter()
    d, _ = NearestNeighbors(n_neighbors=k + 1).fit(xy).kneighbors(xy)
    eps = float(np.median(d[:, k])) / math.sqrt(args.density_multiple)
    t2 = time.perf_counter()
    labels = DBSCAN(eps=eps, min_samples=k).fit(xy).labels_
    t3 = time.perf_counter()
    sizes = np.bincount(labels[labels >= 0])
    print(
        f"read + to_crs {t1 - t0:.2f} s, k-distance {t2 - t1:.2f} s, "
        f"sklearn DBSCAN alone {t3 - t2:.2f} s; eps {eps!r} m; "
        f"{sizes.size} clusters, {int((labels < 0).sum())} of {labels.size} incidents in none, "
        f"largest {int(sizes.max()) if sizes.size else 0}"
    )


if __name__ == "__main__":
    main()
