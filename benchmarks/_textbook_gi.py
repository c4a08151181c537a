"""The textbook Gi* script an analyst would write: the floor of ``benchmarks/cli_latency.py``.

Usage::

    .venv/bin/python benchmarks/_textbook_gi.py WORKSPACE.gpkg --crs EPSG:9377 \\
        --cell-size 80 --distance 258 --out textbook.geojson

Reads the incidents and the neighbourhoods with ``geopandas.read_file``
(``use_arrow=True``, the faster of pyogrio's two paths and the one the
workspace reader uses, so the floor is not slowed by its reader), projects them with ``to_crs``, builds a fishnet of square cells snapped to
multiples of the cell size (as the app's grid is) and keeps the cells that
intersect the union of the neighbourhoods, ``geopandas.sjoin`` of the points
into it and a count per cell, ``libpysal.weights.DistanceBand`` on the cell
centroids, ``esda.G_Local(star=True, transform="B", permutations=0)``,
``scipy.stats.false_discovery_control`` for the FDR-corrected 99/95/90 %
bins, and writes the cells with ``to_file`` as GeoJSON in EPSG:4326. It
imports nothing from this project, so its wall time (start-up included) is
what the textbook pipeline costs. Its last line says how many cells,
incidents counted and hot cells it found.
"""

from __future__ import annotations

import argparse
import warnings

import esda
import geopandas as gpd
import libpysal
import numpy as np
import shapely
from scipy import stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("workspace")
    parser.add_argument("--crs", required=True, help="projected CRS, e.g. EPSG:9377")
    parser.add_argument("--cell-size", type=float, required=True, help="metres")
    parser.add_argument("--distance", type=float, required=True, help="metres")
    parser.add_argument("--out", required=True, help="GeoJSON to write")
    args = parser.parse_args()
    size = args.cell_size

    points = gpd.read_file(args.workspace, layer="incidents", use_arrow=True).to_crs(args.crs)
    hoods = gpd.read_file(args.workspace, layer="neighborhoods", use_arrow=True).to_crs(args.crs)
    area = hoods.union_all()
    xmin, ymin, xmax, ymax = area.bounds
    x0, y0 = np.floor(xmin / size) * size, np.floor(ymin / size) * size
    xs = np.arange(x0, xmax, size)
    ys = np.arange(y0, ymax, size)
    gx, gy = np.meshgrid(xs, ys)
    boxes = shapely.box(gx.ravel(), gy.ravel(), gx.ravel() + size, gy.ravel() + size)
    grid = gpd.GeoDataFrame(geometry=boxes, crs=args.crs)
    grid = grid[grid.intersects(area)].reset_index(drop=True)
    grid["cell_i"] = np.round((grid.geometry.bounds["minx"] - x0) / size).astype(int)
    grid["cell_j"] = np.round((grid.geometry.bounds["miny"] - y0) / size).astype(int)

    joined = gpd.sjoin(points, grid, how="inner", predicate="within")
    counts = joined.groupby("index_right").size()
    grid["value"] = counts.reindex(grid.index, fill_value=0).to_numpy(dtype=float)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # libpysal warns about islands and disconnected parts
        w = libpysal.weights.DistanceBand(
            np.column_stack([grid.centroid.x, grid.centroid.y]),
            threshold=args.distance,
            binary=True,
            silence_warnings=True,
        )
        g = esda.G_Local(grid["value"].to_numpy(), w, transform="B", permutations=0, star=True)
    z = np.asarray(g.Zs, dtype=float)
    p = 2 * stats.norm.sf(np.abs(z))
    q = stats.false_discovery_control(p)
    level = np.select([q <= 0.01, q <= 0.05, q <= 0.10], [3, 2, 1], 0)
    grid["gi_z"] = z
    grid["gi_p"] = p
    grid["gi_bin"] = np.sign(z).astype(int) * level
    grid.to_crs("EPSG:4326").to_file(args.out, driver="GeoJSON")
    print(
        f"textbook: {len(grid):,} cells, {int(grid['value'].sum()):,} incidents counted, "
        f"{int((grid['gi_bin'] > 0).sum()):,} hot cells"
    )


if __name__ == "__main__":
    main()
