"""Time the batch over many cities on one and on two Dask workers, and the cost per city.

Usage::

    .venv/bin/python benchmarks/scale.py                                  # 10,000,000 incidents, 200 cities
    .venv/bin/python benchmarks/scale.py --incidents 200000 --cities 20   # about a minute

The input is ``--incidents`` synthetic incidents over ``--cities`` synthetic
cities placed across Colombia, with Zipf-like sizes (city ``r`` holds a
share proportional to ``r**-s``, ``s`` chosen so that the largest holds
``--largest``, 10 %), each a disc of background incidents with a few dense
clusters, over three years. It is generated with numpy (the points written
as WKB straight from a structured array) and written once, as GeoParquet
partitioned by city (``DIR/city=C001/part-0.parquet``), into a temporary
folder.

Every run is :func:`models.batch.run_batch` with ``gi`` (automatic scale,
FDR) and untiled cities (``tile_incidents=0``), writing GeoParquet results,
on a ``LocalCluster`` of one single-threaded worker process or on one of two
(:func:`models.batch.dask_client`). Both clusters are started and warmed
first (a small batch that imports and runs everything once on every
worker); then the batch runs ``--repeat`` times on each, the two clusters
taking turns, and the best time of each is kept. Every city is one
task that reads its own partition on its worker (nothing but paths travels
from the client), submitted with its rows as priority, so the largest
cities start first.

The script prints each time; ``identical: yes`` when every run's summary
(all but the seconds) and every city's result file (SHA-256) equal those of
the first one-worker run; the CPU time the workers used in each run and the
machine's load average after it (the machine is shared: a run whose workers
got fewer cores than there are workers was slowed by other work); the cost
model of the measured per-city times (the largest city's time, the sum over
all cities and the highest speed-up any number of workers can reach without
tiling, sum / largest: Amdahl's bound when one city is one task); and last
``scaling: R``, the best one-worker time over the best two-worker time.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pyproj

from models.batch import BatchResult, dask_client, run_batch

if TYPE_CHECKING:
    from distributed import Client

#: Where the synthetic cities lie: inside Colombia (every one analysed in EPSG:9377).
LON, LAT = (-77.0, -72.5), (2.0, 10.0)
#: Categories and their shares.
CATEGORIES = ("fight", "theft", "threat", "injury", "noise", "domestic", "graffiti", "homicide")
SHARES = (0.26, 0.24, 0.14, 0.12, 0.10, 0.08, 0.04, 0.02)
START = np.datetime64("2022-01-01T00:00:00", "s")
SECONDS = 3 * 365 * 86_400
METRES_PER_DEGREE = 111_320.0
_WKB_POINT = np.dtype([("order", "u1"), ("kind", "<u4"), ("x", "<f8"), ("y", "<f8")])


def zipf_sizes(n: int, cities: int, largest: float) -> np.ndarray:
    """Rows of each city, largest first, summing to ``n``: shares ``r**-s / sum``, ``s`` such
    that the largest share is ``largest`` (bisection; ``s = 0`` if even that is too much)."""
    ranks = np.arange(1, cities + 1, dtype=float)

    def top(s: float) -> float:
        w = ranks**-s
        return float(w[0] / w.sum())

    lo, hi = 0.0, 4.0
    if top(lo) >= largest:
        hi = 0.0
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if top(mid) < largest else (lo, mid)
    w = ranks**-hi
    sizes: np.ndarray = np.floor(n * w / w.sum()).astype(np.int64)
    sizes[0] += n - int(sizes.sum())
    return sizes


def _wkb_points(lon: np.ndarray, lat: np.ndarray) -> pa.Array:
    """Little-endian WKB points, 21 bytes each, from a structured array (no shapely objects)."""
    rec = np.empty(lon.size, dtype=_WKB_POINT)
    rec["order"], rec["kind"], rec["x"], rec["y"] = 1, 1, lon, lat
    offsets = np.arange(lon.size + 1, dtype=np.int32) * _WKB_POINT.itemsize
    return pa.BinaryArray.from_buffers(
        pa.binary(), lon.size, [None, pa.py_buffer(offsets), pa.py_buffer(rec.tobytes())]
    )


def _geo_metadata() -> bytes:
    """GeoParquet 1.0 metadata of a WKB point column in EPSG:4326."""
    crs = pyproj.CRS("EPSG:4326").to_json_dict()
    column = {"encoding": "WKB", "geometry_types": ["Point"], "crs": crs}
    meta = {"version": "1.0.0", "primary_column": "geometry", "columns": {"geometry": column}}
    return json.dumps(meta).encode()


def city_table(code: str, n: int, rng: np.random.Generator) -> pa.Table:
    """``n`` incidents of one city: 60 % spread over a disc, 40 % in five dense clusters."""
    lon0, lat0 = rng.uniform(*LON), rng.uniform(*LAT)
    radius = float(np.clip(3_000.0 * math.sqrt(max(n, 1) / 50_000), 1_500.0, 25_000.0))
    spread = rng.uniform(size=n) < 0.6
    angle = rng.uniform(0, 2 * math.pi, n)
    r = radius * np.sqrt(rng.uniform(size=n))
    centres = rng.uniform(-0.6, 0.6, (5, 2)) * radius
    which = rng.integers(0, 5, n)
    dx = np.where(spread, r * np.cos(angle), centres[which, 0] + rng.normal(0, radius / 15, n))
    dy = np.where(spread, r * np.sin(angle), centres[which, 1] + rng.normal(0, radius / 15, n))
    lat = lat0 + dy / METRES_PER_DEGREE
    lon = lon0 + dx / (METRES_PER_DEGREE * math.cos(math.radians(lat0)))
    ids = pa.compute.binary_join_element_wise(
        pa.scalar(code), pa.array(np.arange(n)).cast(pa.string()), "-"
    )
    when = START + rng.integers(0, SECONDS, n).astype("timedelta64[s]")
    category = pa.DictionaryArray.from_arrays(
        pa.array(rng.choice(len(CATEGORIES), size=n, p=SHARES).astype(np.int8)),
        pa.array(CATEGORIES),
    )
    table = pa.table(
        {
            "incident_id": ids,
            "occurred_at": pa.array(when),
            "category": category,
            "geometry": _wkb_points(lon, lat),
        }
    )
    return table.replace_schema_metadata({b"geo": _geo_metadata()})


def write_cities(folder: Path, sizes: np.ndarray, seed: int) -> None:
    """One partition per city: ``folder/city=C001/part-0.parquet``..."""
    rng = np.random.default_rng(seed)
    for k, n in enumerate(sizes, start=1):
        code = f"C{k:03d}"
        part = folder / f"city={code}"
        part.mkdir(parents=True)
        pq.write_table(city_table(code, int(n), rng), part / "part-0.parquet")


def _digest(result: BatchResult, out: Path) -> tuple[pd.DataFrame, dict[str, str]]:
    """The summary without times, and each city's result file's SHA-256."""
    summary = result.summary.drop(columns=["seconds"])
    hashes = {
        o.city: hashlib.sha256((out / o.file).read_bytes()).hexdigest()
        for o in result.outcomes
        if o.file
    }
    return summary, hashes


def _cpu_seconds(client: Client) -> float:
    """CPU time the workers' processes have used so far (every thread of each)."""
    clock: Callable[[], float] = time.process_time
    return float(sum(client.run(clock).values()))


@dataclass
class _Runs:
    """The runs on one cluster: the best time, its result, and every run's digest."""

    workers: int
    client: Client
    best: float = math.inf
    result: BatchResult | None = None
    digests: list[tuple[pd.DataFrame, dict[str, str]]] = field(default_factory=list)


def _run_once(runs: _Runs, source: Path, out: Path, r: int) -> None:
    """One timed batch on ``runs``' cluster, printed and digested (its outputs then removed)."""
    workers, client = runs.workers, runs.client
    target = out / f"w{workers}-r{r}"
    cpu = _cpu_seconds(client)
    t = time.perf_counter()
    result = run_batch(source, "gi", target, fmt="parquet", client=client, tile_incidents=0)
    elapsed = time.perf_counter() - t
    cpu = _cpu_seconds(client) - cpu
    load = os.getloadavg()[0]  # the machine's, ours included: above `workers`, others ran
    print(
        f"{workers} worker{'s' if workers > 1 else ''}, run {r}: {elapsed:7.2f} s "
        f"({result.n_ok} of {len(result.outcomes)} cities analysed; the workers used "
        f"{cpu:.1f} s of CPU, {cpu / elapsed:.2f} cores on average; "
        f"load average {load:.1f})",
        flush=True,
    )
    runs.digests.append(_digest(result, target))
    shutil.rmtree(target)
    if elapsed < runs.best:
        runs.best, runs.result = elapsed, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--incidents", type=int, default=10_000_000, help="default 10,000,000")
    parser.add_argument("--cities", type=int, default=200, help="default 200")
    parser.add_argument(
        "--largest", type=float, default=0.10, help="the largest city's share (default 0.10)"
    )
    parser.add_argument("--repeat", type=int, default=2, help="runs per cluster; the best is kept")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    sizes = zipf_sizes(args.incidents, args.cities, args.largest)
    with tempfile.TemporaryDirectory(prefix="convivencia-scale-") as tmp:
        folder = Path(tmp)
        t = time.perf_counter()
        write_cities(folder / "incidents", sizes, args.seed)
        write_cities(folder / "warm", np.full(4, 20_000), args.seed + 1)
        print(
            f"{int(sizes.sum()):,} incidents in {args.cities} cities (largest {sizes[0]:,}, "
            f"{sizes[0] / sizes.sum():.1%}; smallest {sizes[-1]:,}), GeoParquet partitioned "
            f"by city, written in {time.perf_counter() - t:.1f} s",
            flush=True,
        )
        # both clusters up and warmed, then their runs alternate (1, 2, 1, 2...): on a shared
        # machine, both see the same spells of other work
        with dask_client(workers=1) as c1, dask_client(workers=2) as c2:
            assert c1 is not None and c2 is not None
            clusters = [_Runs(1, c1), _Runs(2, c2)]
            for runs in clusters:
                warm = folder / f"warm-{runs.workers}"
                run_batch(folder / "warm", "gi", warm, fmt="parquet", client=runs.client)
            for r in range(1, args.repeat + 1):
                for runs in clusters:
                    _run_once(runs, folder / "incidents", folder, r)
    one, two = clusters[0].best, clusters[1].best
    one_result = clusters[0].result
    assert one_result is not None
    reference_summary, reference_files = clusters[0].digests[0]
    same = all(
        summary.equals(reference_summary) and files == reference_files
        for runs in clusters
        for summary, files in runs.digests
    )
    print(f"best: 1 worker {one:.2f} s, 2 workers {two:.2f} s")
    print(f"identical: {'yes' if same else 'no'}")
    times = one_result.summary.set_index("city")
    largest = times["rows"].idxmax()
    t_largest = float(times.loc[largest, "seconds"])
    total = float(times["seconds"].sum())
    print(
        f"cost model (1-worker run): largest city {largest} ({int(times.loc[largest, 'rows']):,} "
        f"rows) {t_largest:.2f} s alone; all cities {total:.2f} s of tasks "
        f"({one - total:+.2f} s of scheduling and reading the plan around them); "
        f"predicted max speed-up without tiling = total / largest = {total / t_largest:.1f}"
    )
    print(f"scaling: {one / two:.2f}")


if __name__ == "__main__":
    main()
