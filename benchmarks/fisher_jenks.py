"""Time our Fisher-Jenks natural breaks against mapclassify's, and check how well each fits.

Usage::

    .venv/bin/python benchmarks/fisher_jenks.py [--n 300 2000 10000 100000] [--k 5]
        [--exact-max 2000]

Inputs are what the map classifies: the values of its cells, a few hundred
to about 10,000 of them (and 100,000 for a fine grid over a metro area), in
two kinds, both heavy-tailed and seeded:

counts
    incidents per cell, ``floor(20 * Pareto(1.2))``: integers, few distinct
    values, many ties;
rates
    harm-weighted values or rates per cell, ``LogNormal(2, 1.2)``: every
    value distinct.

Methods, each on the same values with ``k`` classes:

ours
    :func:`models.classify.fisher_jenks_breaks`: Fisher's exact programme
    over the distinct values, each row by vectorised divide and conquer.
before
    the version ``ui/maps.py`` had before it: the dense ``O(m^2)`` programme
    over at most 1,000 groups of values (exact up to 1,000 distinct values,
    thinned candidate breaks above), kept here as the before figure.
FisherJenks
    ``mapclassify.FisherJenks`` (exact). Without numba it runs its
    ``O(k n^2)`` loops in pure Python, so it is only run up to
    ``--exact-max`` values; above, its time is extrapolated as ``n^2`` from
    the largest measured run (marked ``~``).
FisherJenksSampled
    ``mapclassify.FisherJenksSampled`` (its defaults: the exact method on a
    random sample of 10 % of the values, at most 1,000; ``np.random`` seeded
    with 0).

For each, the time (best of 3 for ours and before, one run for mapclassify),
the goodness of variance fit (GVF, 1 - within-class over total squared
deviations, :func:`models.classify.goodness_of_variance_fit`) and whether
its breaks are identical to ours. The last line is
``speedup vs FisherJenksSampled at N=...: R``: its time over ours on the
rates (every value distinct) at the largest ``N``.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
import warnings
from collections.abc import Callable
from functools import partial
from pathlib import Path

import mapclassify
import numpy as np
import numpy.typing as npt

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from models.classify import fisher_jenks_breaks, goodness_of_variance_fit

#: What ``ui/maps.py`` bounded the dense programme by before (``JENKS_MAX_GROUPS``).
BEFORE_MAX_GROUPS = 1000


def before_breaks(values: npt.ArrayLike, k: int) -> np.ndarray:
    """The Fisher-Jenks ``ui/maps.py`` had before ``models/classify.py`` (unchanged)."""
    y = np.asarray(values, dtype=float).ravel()
    y = y[np.isfinite(y)]
    u, w = np.unique(y, return_counts=True)
    m = len(u)
    if m <= k:
        return u
    if m > BEFORE_MAX_GROUPS:
        cum = np.concatenate([[0], np.cumsum(w)])
        targets = np.linspace(0, cum[-1], BEFORE_MAX_GROUPS + 1)
        ends = np.unique(np.searchsorted(cum, targets, side="left").clip(0, m))
        ends = np.unique(np.concatenate([[0], ends, [m]]))
    else:
        ends = np.arange(m + 1)
    wf = w.astype(float)
    cw = np.concatenate([[0.0], np.cumsum(wf)])[ends]
    cs = np.concatenate([[0.0], np.cumsum(wf * u)])[ends]
    cq = np.concatenate([[0.0], np.cumsum(wf * u * u)])[ends]
    g = len(ends) - 1
    if g <= k:
        return u[ends[1:] - 1]
    valid = np.arange(g + 1)[:, None] < np.arange(g + 1)[None, :]
    dw = cw[None, :] - cw[:, None]
    ds = cs[None, :] - cs[:, None]
    cost = np.full((g + 1, g + 1), np.inf)
    between = np.divide(ds * ds, dw, out=np.zeros_like(dw), where=valid)
    np.subtract(cq[None, :] - cq[:, None], between, out=cost, where=valid)
    np.maximum(cost, 0.0, out=cost, where=valid)
    best = cost[0].copy()
    back: list[np.ndarray] = []
    cols = np.arange(g + 1)
    for _ in range(1, k):
        total = best[:, None] + cost
        arg = np.argmin(total, axis=0)
        best = total[arg, cols]
        back.append(arg)
    stops = [g]
    for arg in reversed(back):
        stops.append(int(arg[stops[-1]]))
    stops.reverse()
    breaks: np.ndarray = u[ends[np.array(stops)] - 1]
    return breaks


def inputs(n: int, seed: int = 0) -> dict[str, np.ndarray]:
    """The two kinds of cell values, ``n`` of each."""
    rng = np.random.default_rng(seed + n)
    return {
        "counts": np.floor(20 * rng.pareto(1.2, n)),
        "rates": rng.lognormal(2.0, 1.2, n),
    }


def timed(fn: Callable[[], np.ndarray], repeat: int) -> tuple[float, np.ndarray]:
    best, out = np.inf, np.array([])
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, nargs="+", default=[300, 2_000, 10_000, 100_000])
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--exact-max", type=int, default=2_000)
    args = parser.parse_args()
    k = args.k
    numba = importlib.util.find_spec("numba") is not None
    print(
        f"mapclassify {mapclassify.__version__}; numba installed: {numba}"
        f"{'' if numba else ' (mapclassify.FisherJenks runs in pure Python)'}; k={k}"
    )
    warnings.filterwarnings("ignore", "Numba not installed", UserWarning)
    head = f"{'values':>7} {'N':>8} {'distinct':>8}  {'method':<19}{'time s':>9}  {'GVF':>10}  same as ours"
    print(head)
    fj_rate: dict[str, float] = {}  # seconds per n^2 of the largest exact run, per kind
    last_ratio = (0, float("nan"))  # at the largest N, on the rates (all values distinct)
    for n in args.n:
        for kind, y in inputs(n).items():
            distinct = len(np.unique(y))
            t_ours, ours = timed(partial(fisher_jenks_breaks, y, k), 3)
            gvf_ours = goodness_of_variance_fit(y, ours)
            rows: list[tuple[str, str, np.ndarray | None]] = [("ours", f"{t_ours:9.4f}", ours)]
            t_before, before = timed(partial(before_breaks, y, k), 3)
            rows.append(("before (ui/maps.py)", f"{t_before:9.4f}", before))
            if n <= args.exact_max:
                t = time.perf_counter()
                exact = np.asarray(mapclassify.FisherJenks(y, k=k).bins, dtype=float)
                t_fj = time.perf_counter() - t
                fj_rate[kind] = t_fj / n**2
                rows.append(("FisherJenks", f"{t_fj:9.2f}", exact))
            elif kind in fj_rate:
                rows.append(("FisherJenks", f"~{fj_rate[kind] * n**2:8.0f}", None))
            np.random.seed(0)  # noqa: NPY002 - FisherJenksSampled draws from the legacy global RNG
            t = time.perf_counter()
            sampled = np.asarray(mapclassify.FisherJenksSampled(y, k=k).bins, dtype=float)
            t_fjs = time.perf_counter() - t
            rows.append(("FisherJenksSampled", f"{t_fjs:9.2f}", sampled))
            if kind == "rates":
                last_ratio = (n, t_fjs / t_ours)
            for name, secs, bins in rows:
                if bins is None:
                    fit, same = f"{'':>10}", "(not run: extrapolated time)"
                else:
                    gvf = gvf_ours if bins is ours else goodness_of_variance_fit(y, bins)
                    fit = f"{gvf:10.6f}"
                    same = (
                        "-"
                        if bins is ours
                        else (
                            "yes"
                            if np.array_equal(bins, ours)
                            else f"no (GVF {gvf - gvf_ours:+.2e})"
                        )
                    )
                print(f"{kind:>7} {n:>8,} {distinct:>8,}  {name:<19}{secs}  {fit}  {same}")
    n, ratio = last_ratio
    print(f"speedup vs FisherJenksSampled at N={n:,}: {ratio:.0f}")


if __name__ == "__main__":
    main()
