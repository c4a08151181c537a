"""Peak memory of one large city in the batch: in one file, in several, and by tiles.

Usage::

    .venv/bin/python benchmarks/batch_memory.py                       # 2,000,000 incidents
    .venv/bin/python benchmarks/batch_memory.py --incidents 300000 --parts 6

One synthetic city of ``--incidents`` incidents (``benchmarks/scale.py``'s
``city_table``: a disc of background incidents and five dense clusters) is
written twice as GeoParquet into a temporary folder: as one file, and as
``--parts`` files of equal rows (``city=C001/part-K.parquet``, as Dask,
Spark or ``pyarrow.dataset.write_dataset(max_rows_per_file=...)`` write a
large partition). Each run is a fresh Python process (started
by this one, which never holds the city) that imports everything, notes its
resident memory, runs one city's task of
:mod:`models.batch` and reports its peak resident memory
(``getrusage``'s ``ru_maxrss``) above that baseline, per incident:

* ``one file, untiled``: :func:`models.batch.run_city` on the single file
  (the peer: what a city costs that arrives in one piece);
* ``parts, untiled``: :func:`~models.batch.run_city` on the parts (the files
  are read and checked one at a time, and each keeps only its rows' columns
  and coordinates, no point objects);
* ``parts, tiled``: :func:`~models.batch.prepare_tiled`, its tiles and
  :func:`~models.batch.finish_tiled` on the parts (4 x 4 tiles; only the
  columns Gi* reads are kept).

The three results must be the same file (``identical: yes``). The last
line is ``memory: R``, the one-file peak over the tiled parts' peak.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

#: What each run does in its own process (argv: mode, folder, out).
_CHILD = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
from models.batch import BatchJob, finish_tiled, gi_tile, plan_cities, prepare_tiled, run_city
from models.hotspots import Filters, spec_for
mode, folder, out = sys.argv[1:4]
src = plan_cities(folder).cities[0]
job = BatchJob(spec_for("gi"), Filters(), out, fmt="parquet")
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t0 = time.perf_counter()
if mode == "tiled":
    first = prepare_tiled(src, job, 4)
    tiles = [gi_tile(first[1], a, b) for a in range(4) for b in range(4)]
    outcome = finish_tiled(first, tiles, job)
else:
    outcome = run_city(src, job)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"status": outcome.status, "file": outcome.file, "base": base * 1024,
                  "peak": peak * 1024, "seconds": time.perf_counter() - t0}}))
"""


def _write(folder: Path, n: int, parts: int, seed: int) -> tuple[Path, Path]:
    """The city as one file and as ``parts`` files; the two folders.

    Written by a process of its own: a process forked from one that held the
    city would start with that one's peak (``ru_maxrss`` is inherited), and
    so would hide the smaller peaks measured after it.
    """
    code = f"""
import sys
sys.path.insert(0, {str(ROOT)!r})
import numpy as np
import pyarrow.parquet as pq
from benchmarks.scale import city_table
n, parts, seed, one, many = {n}, {parts}, {seed}, {str(folder / "one")!r}, {str(folder / "parts")!r}
table = city_table("C001", n, np.random.default_rng(seed))
pq.write_table(table, one + "/city=C001/part-0.parquet")
bounds = np.linspace(0, n, parts + 1).astype(int)  # no empty part (--parts above n: n parts)
for k, (lo, hi) in enumerate(zip(bounds[:-1], bounds[1:])):
    if hi > lo:
        pq.write_table(table.slice(lo, hi - lo), many + f"/city=C001/part-{{k}}.parquet")
"""
    one, many = folder / "one", folder / "parts"
    (one / "city=C001").mkdir(parents=True)
    (many / "city=C001").mkdir(parents=True)
    subprocess.run([sys.executable, "-c", code], check=True)
    return one, many


def _run(mode: str, source: Path, out: Path) -> dict[str, float | str]:
    code = _CHILD.format(root=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-c", code, mode, str(source), str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, float | str] = json.loads(done.stdout.strip().splitlines()[-1])
    if result["status"] != "ok":
        msg = f"{mode} on {source}: the city ended {result['status']!r}"
        raise SystemExit(msg)
    data = (out / str(result["file"])).read_bytes()
    result["sha"] = hashlib.sha256(data).hexdigest()
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--incidents", type=int, default=2_000_000, help="incidents of the city")
    parser.add_argument("--parts", type=int, default=20, help="files the city is split into")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    n = args.incidents
    with tempfile.TemporaryDirectory(prefix="convivencia-batch-memory-") as tmp:
        folder = Path(tmp)
        one, many = _write(folder, n, args.parts, args.seed)
        print(
            f"one city of {n:,} synthetic incidents; {args.parts} parts of {-(-n // args.parts):,}"
        )
        runs = {
            "one file, untiled": _run("untiled", one, folder / "out1"),
            "parts, untiled": _run("untiled", many, folder / "out2"),
            "parts, tiled": _run("tiled", many, folder / "out3"),
        }
    for name, r in runs.items():
        extra = float(r["peak"]) - float(r["base"])
        print(
            f"{name:18s} peak {float(r['peak']) / 2**20:6.0f} MiB, "
            f"{extra / 2**20:6.0f} MiB above the imports ({extra / n:5.0f} bytes/incident), "
            f"{float(r['seconds']):5.1f} s"
        )
    same = len({r["sha"] for r in runs.values()}) == 1
    print(f"identical: {'yes' if same else 'NO'}")
    one_peak = float(runs["one file, untiled"]["peak"]) - float(runs["one file, untiled"]["base"])
    tiled = float(runs["parts, tiled"]["peak"]) - float(runs["parts, tiled"]["base"])
    print(f"memory: {one_peak / tiled:.2f}")


if __name__ == "__main__":
    main()
