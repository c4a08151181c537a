"""What validating an import costs: ``cli.py import`` of a 1M-row CSV against a bare write.

Usage::

    .venv/bin/python benchmarks/import.py                  # ~1,064,000 rows
    .venv/bin/python benchmarks/import.py --quick          # 100,000 rows, 2 runs
    .venv/bin/python benchmarks/import.py --repeat 5 --work-dir /tmp/cv

The CSV holds the incidents of the benchmark workspace (the full demo's
incidents in jittered copies, built once and cached by
``benchmarks/_million.py``): ``incident_id, occurred_at, category,
severity, source, lat, lon``. Each figure is the wall time of a separate
process (start-up included) and its own peak resident memory (``wait4``'s
``ru_maxrss``); the two run interleaved, ``--repeat`` times each:

ours
    ``cli.py import CSV --layer incidents --workspace NEW.gpkg``: reading,
    validating every row and writing a new workspace (always a fresh path,
    so no existing layer is replaced).
floor
    ``benchmarks/_pandas_gpkg.py``: ``pandas.read_csv`` + ``points_from_xy``
    + ``to_file`` with pyogrio into a new GeoPackage, no validation.

Both outputs are checked to hold every row. Targets: ours at most 1.5x the
floor's time, and a peak under 1 GiB. The last line is ``ratio: R`` with R =
our median time / the floor's.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _million import (
    FULL_N,
    GIB,
    QUICK_N,
    ROOT,
    Run,
    load_average,
    million_csv,
    run_child,
    spread,
    verdict,
    work_dir,
)

PY = sys.executable
TIME_TARGET = 1.5
MEMORY_TARGET = 1.0 * GIB


def _rows(path: Path) -> int:
    import pyogrio

    return int(pyogrio.read_info(path, layer="incidents")["features"])


def _fresh(path: Path) -> Path:
    for leftover in path.parent.glob(f"{path.name}*"):
        leftover.unlink()
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=FULL_N, help=f"rows (default {FULL_N:,})")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each (default 3)")
    parser.add_argument("--work-dir", type=Path, default=None, help="cache folder")
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_N:,} rows, 2 runs")
    args = parser.parse_args()
    if args.quick:
        args.n, args.repeat = QUICK_N, 2
    folder = work_dir(args.work_dir)
    csv = million_csv(folder, args.n)
    out = folder / "out"
    out.mkdir(exist_ok=True)
    print(f"CSV: {csv} ({args.n:,} rows, {csv.stat().st_size / 1e6:.0f} MB)")
    print(f"load average at the start: {load_average()}")

    ours: list[Run] = []
    floor: list[Run] = []
    for r in range(args.repeat):
        target = _fresh(out / f"import-{r}.gpkg")
        run = run_child(
            [
                PY,
                str(ROOT / "cli.py"),
                "--lang",
                "en",
                "import",
                str(csv),
                "--layer",
                "incidents",
                "--workspace",
                str(target),
            ]
        )
        if run.returncode != 0:
            raise SystemExit(f"cli.py import failed (exit {run.returncode}):\n{run.stderr[-3000:]}")
        if _rows(target) != args.n:
            raise SystemExit(f"cli.py import wrote {_rows(target):,} rows, not {args.n:,}")
        ours.append(run)
        print(f"    ours   {run.seconds:6.2f} s  peak {run.max_rss / GIB:.2f} GiB", flush=True)
        target.unlink()
        bare = _fresh(out / f"floor-{r}.gpkg")
        run = run_child([PY, str(Path(__file__).with_name("_pandas_gpkg.py")), str(csv), str(bare)])
        if run.returncode != 0:
            raise SystemExit(f"the floor script failed:\n{run.stderr[-3000:]}")
        if _rows(bare) != args.n:
            raise SystemExit(f"the floor script wrote {_rows(bare):,} rows, not {args.n:,}")
        floor.append(run)
        print(f"    floor  {run.seconds:6.2f} s  peak {run.max_rss / GIB:.2f} GiB", flush=True)
        bare.unlink()

    ratio = statistics.median(r.seconds for r in ours) / statistics.median(r.seconds for r in floor)
    peak = max(r.max_rss for r in ours)
    print()
    print(f"ours   {spread([r.seconds for r in ours])}  peak {peak / GIB:.2f} GiB")
    print(
        f"floor  {spread([r.seconds for r in floor])}  "
        f"peak {max(r.max_rss for r in floor) / GIB:.2f} GiB"
    )
    print(
        f"time: ours/floor {ratio:.2f} (target <= {TIME_TARGET:g}x {verdict(ratio, TIME_TARGET)})"
    )
    print(
        f"memory: our peak {peak / GIB:.2f} GiB "
        f"(target < {MEMORY_TARGET / GIB:g} GiB {verdict(peak, MEMORY_TARGET)})"
    )
    print(f"load average at the end: {load_average()}")
    print(f"ratio: {ratio:.2f}")


if __name__ == "__main__":
    main()
