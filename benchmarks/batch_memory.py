"""Peak memory of one large city in the batch: in one file, checked whole or in pieces, in
several files, and by tiles.

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

* ``one file, checked whole``: :func:`models.batch.run_city` on the single
  file, read and checked at once (``check_rows=0``; the peer: what a city
  in one file cost before it was checked in pieces);
* ``one file, in pieces``: the same file read and checked in pieces of
  :data:`models.batch.CHECK_ROWS` rows, with the whole file's result
  (:func:`geo.validation.pieces.validate_pieces`: two passes over the file);
* ``one file, pieces, tiled``: that, and Gi* by tiles:
  :func:`~models.batch.prepare_tiled`, its tiles and
  :func:`~models.batch.finish_tiled` (4 x 4 tiles; only the columns Gi*
  reads are kept);
* ``parts, untiled`` and ``parts, tiled``: the same on the parts (the files
  are read and checked one at a time, each keeps only its rows' columns and
  coordinates, no point objects).

The five results must be the same file (``identical: yes``). Then
``time: R``, the time of the file checked in pieces over the time of the
file checked whole (the cost of the second pass), and last ``memory: R``,
the peak of the file checked whole over the peak of the file in pieces,
tiled.
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

#: What each run does in its own process (argv: mode, folder, out, check_rows).
_CHILD = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
from models.batch import BatchJob, finish_tiled, gi_tile, plan_cities, prepare_tiled, run_city
from models.hotspots import Filters, spec_for
mode, folder, out, check_rows = sys.argv[1:5]
src = plan_cities(folder).cities[0]
job = BatchJob(spec_for("gi"), Filters(), out, fmt="parquet", check_rows=int(check_rows))
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


def _run(mode: str, source: Path, out: Path, check_rows: int) -> dict[str, float | str]:
    code = _CHILD.format(root=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-c", code, mode, str(source), str(out), str(check_rows)],
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
    from models.batch import CHECK_ROWS  # after ROOT is on the path

    n = args.incidents
    with tempfile.TemporaryDirectory(prefix="convivencia-batch-memory-") as tmp:
        folder = Path(tmp)
        one, many = _write(folder, n, args.parts, args.seed)
        print(
            f"one city of {n:,} synthetic incidents; {args.parts} parts of {-(-n // args.parts):,}"
        )
        runs = {
            "one file, checked whole": _run("untiled", one, folder / "out1", 0),
            "one file, in pieces": _run("untiled", one, folder / "out2", CHECK_ROWS),
            "one file, pieces, tiled": _run("tiled", one, folder / "out3", CHECK_ROWS),
            "parts, untiled": _run("untiled", many, folder / "out4", CHECK_ROWS),
            "parts, tiled": _run("tiled", many, folder / "out5", CHECK_ROWS),
        }
    for name, r in runs.items():
        extra = float(r["peak"]) - float(r["base"])
        print(
            f"{name:24s} peak {float(r['peak']) / 2**20:6.0f} MiB, "
            f"{extra / 2**20:6.0f} MiB above the imports ({extra / n:5.0f} bytes/incident), "
            f"{float(r['seconds']):5.1f} s"
        )
    same = len({r["sha"] for r in runs.values()}) == 1
    print(f"identical: {'yes' if same else 'NO'}")
    whole, pieces = runs["one file, checked whole"], runs["one file, in pieces"]
    print(f"time: {float(pieces['seconds']) / float(whole['seconds']):.2f}")
    tiled = runs["one file, pieces, tiled"]
    one_peak = float(whole["peak"]) - float(whole["base"])
    print(f"memory: {one_peak / (float(tiled['peak']) - float(tiled['base'])):.2f}")


if __name__ == "__main__":
    main()
