"""Time the Knox near-repeat test against pointpats' Knox on the same incidents.

Usage::

    .venv/bin/python benchmarks/nearrepeat.py
    .venv/bin/python benchmarks/nearrepeat.py --sizes 5000 20000 --large 0

For each size ``N`` the script draws ``N`` incidents uniform over a
``--side`` x ``--side`` metre square and over ``--days`` days (times to the
second, as incident records are kept) and times:

ours, table
    :func:`models.nearrepeat.knox` with the Near Repeat Calculator's
    default bands (5 distance bands of 100 m, 4 time bands of 7 days, each
    plus *beyond*: 30 cells), with ``--permutations`` permutations and with
    0 (Poisson p-values);
ours, one cell
    the same function with one distance band of ``--delta`` metres and one
    time band of ``--tau`` days: the single Knox statistic pointpats
    computes, with ``--permutations`` permutations and with 0;
pointpats
    ``pointpats.spacetime.Knox(coords, seconds, delta, tau_seconds,
    permutations)`` with ``--permutations`` permutations and with 0 (times
    in whole seconds, exact in floating point, so both count a pair exactly
    ``tau`` apart as inside).

It checks that both give the same statistic (pairs within ``delta`` and
``tau``), the same 2 x 2 observed table and the same expected count
(to 1e-9). ``--large`` times ours alone (the full table with
``--permutations``) on that many incidents. The last line is
``nearrepeat speedup vs pointpats: R`` with ``R`` = pointpats' time / ours
for the same statistic and the same number of permutations, at the largest
of ``--sizes``.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np
from numpy.testing import assert_allclose, assert_array_equal

from models.nearrepeat import KnoxResult, KnoxSpec, knox


def incidents(
    n: int, seed: int, side: float, days: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``n`` incidents uniform over a square and a period, times to the second."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(0, side, n)
    y = rng.uniform(0, side, n)
    seconds = np.floor(rng.uniform(0, days * 86_400, n)).astype(np.int64)
    when = np.datetime64("2024-01-01T00:00:00", "ns") + seconds.astype("timedelta64[s]")
    return x, y, when


def timed_knox(
    x: np.ndarray, y: np.ndarray, when: np.ndarray, spec: KnoxSpec, repeat: int
) -> tuple[KnoxResult, float]:
    """The best of ``repeat`` runs of ours."""
    best = float("inf")
    for _ in range(max(1, repeat)):
        t = time.perf_counter()
        res = knox(x, y, when, spec=spec)
        best = min(best, time.perf_counter() - t)
    return res, best


def timed_pointpats(
    x: np.ndarray, y: np.ndarray, when: np.ndarray, delta: float, tau: float, permutations: int
) -> tuple[Any, float]:
    """pointpats' Knox on the same incidents (untyped: Any).

    Times go in as seconds since the first and ``tau`` in seconds: whole
    numbers, exact in floating point, so a pair exactly ``tau`` apart is
    inside for pointpats as for us (in fractional days it could fall either
    side).
    """
    from pointpats.spacetime import Knox

    ns = (when - when.min()).astype(np.int64)
    assert (ns % 10**9 == 0).all(), "times must be whole seconds"
    seconds = (ns // 10**9).astype(float)
    t = time.perf_counter()
    ref = Knox(
        np.column_stack([x, y]), seconds[:, None], delta, tau * 86_400.0, permutations=permutations
    )
    return ref, time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=[5_000, 15_000],
        help="incidents compared with pointpats (default 5000 15000; 20000 takes pointpats ~25 s)",
    )
    parser.add_argument(
        "--large",
        type=int,
        default=50_000,
        help="incidents timed for ours alone, full table (default 50,000; 0 skips)",
    )
    parser.add_argument("--side", type=float, default=6_000.0, help="metres (default 6,000)")
    parser.add_argument("--days", type=float, default=365.0, help="period (default 365 days)")
    parser.add_argument("--delta", type=float, default=100.0, help="metres (default 100)")
    parser.add_argument("--tau", type=int, default=7, help="whole days (default 7)")
    parser.add_argument("--permutations", type=int, default=99, help="(default 99)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=1, help="runs of ours; the best is kept")
    args = parser.parse_args()

    m = args.permutations
    table = KnoxSpec(permutations=m, seed=args.seed)
    cell = KnoxSpec(
        distance_band=args.delta,
        distance_bands=1,
        time_band=args.tau,
        time_bands=1,
        permutations=m,
        seed=args.seed,
    )
    print(
        f"incidents uniform over {args.side / 1000:g} x {args.side / 1000:g} km and "
        f"{args.days:g} days; one cell = pairs within {args.delta:g} m and {args.tau} days; "
        f"table = {table.distance_bands} x {table.time_bands} bands of "
        f"{table.distance_band:g} m and {table.time_band} days (+ beyond)"
    )
    ratio = float("nan")
    for n in args.sizes:
        x, y, when = incidents(n, args.seed, args.side, args.days)
        full, t_full = timed_knox(x, y, when, table, args.repeat)
        _, t_full0 = timed_knox(x, y, when, KnoxSpec(permutations=0), args.repeat)
        one, t_one = timed_knox(x, y, when, cell, args.repeat)
        one0, t_one0 = timed_knox(
            x, y, when, dataclasses.replace(cell, permutations=0), args.repeat
        )
        ref, t_ref = timed_pointpats(x, y, when, args.delta, args.tau, m)
        ref0, t_ref0 = timed_pointpats(x, y, when, args.delta, args.tau, 0)

        observed = one.matrix("observed").to_numpy()
        expected = one.matrix("expected").to_numpy()
        for r in (ref, ref0):
            assert observed[0, 0] == r.statistic_
            assert_array_equal(observed, r.observed)
            assert_allclose(expected, r.expected, rtol=1e-9)
        assert_array_equal(one0.table["observed"], one.table["observed"])
        if args.delta == table.distance_band and args.tau == table.time_band:
            assert full.table["observed"].iloc[0] == observed[0, 0]
        stat = int(observed[0, 0])
        print(
            f"N = {n:,}: statistic {stat:,} (expected {expected[0, 0]:,.1f}), "
            f"ours = pointpats: yes; p ours {one.table['p'].iloc[0]:.2f}, "
            f"pointpats {ref.p_sim:.2f}"
        )
        print(f"  ours, table, {m} permutations:    {t_full:8.3f} s")
        print(f"  ours, table, 0 permutations:     {t_full0:8.3f} s")
        print(f"  ours, one cell, {m} permutations: {t_one:8.3f} s")
        print(f"  ours, one cell, 0 permutations:  {t_one0:8.3f} s")
        print(f"  pointpats, {m} permutations:      {t_ref:8.3f} s  ({t_ref / t_one:.1f} x ours)")
        print(f"  pointpats, 0 permutations:       {t_ref0:8.3f} s  ({t_ref0 / t_one0:.1f} x ours)")
        print(f"  pointpats one cell / ours whole table, {m} permutations: {t_ref / t_full:.1f}")
        ratio = t_ref / t_one

    if args.large > 0:
        x, y, when = incidents(args.large, args.seed, args.side, args.days)
        full, t_full = timed_knox(x, y, when, table, 1)
        close = int(
            full.table.loc[full.table["distance_band"] < table.distance_bands, "observed"].sum()
        )
        print(
            f"ours, N = {args.large:,}, table, {m} permutations: {t_full:.3f} s "
            f"({close:,} pairs within {table.radius:g} m of {full.pairs:,})"
        )
    print(f"nearrepeat speedup vs pointpats: {ratio:.1f}")


if __name__ == "__main__":
    main()
