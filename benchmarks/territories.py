"""Balance and time the territory redesign against spopt's max-p and SKATER on the same barrios.

Usage::

    .venv/bin/python benchmarks/territories.py
    .venv/bin/python benchmarks/territories.py --barrios 1000 --teams 12 --maxp-timeout 600

The instance: ``--barrios`` barrio-like polygons, the Voronoi cells of as
many seeded random points clipped to a ``--side`` x ``--side`` metre square
(coordinates in the range of EPSG:9377's metres), each with a workload
drawn from a gamma distribution of shape 2 times a smooth bump (two
Gaussian hot areas over a floor), so that neighbouring barrios tend to
carry alike workloads, as incidents do. The task: ``--teams`` (``K``)
contiguous territories with the workload as balanced as possible. Three
solvers work on the same adjacency:

ours
    :meth:`models.districting.UnitGraph.from_polygons` (rook adjacency of
    the polygons) and :func:`models.districting.solve` with
    ``Request(k=K, compactness=--compactness, seed=--seed)``; the graph
    build and the solve are timed apart, and the time compared is their
    sum.
max-p
    ``spopt.region.MaxPHeuristic`` (spopt 0.7.0) with the workload as both
    the attribute and the threshold variable and ``threshold = 0.9 x total
    / K`` (each region must hold at least 90 % of an equal share, so it
    draws about ``K`` regions: the max-p way of asking for balance),
    ``top_n=2``, ``max_iterations_construction=99``. It picks its own
    number of regions ``p``, reported with the CV over those ``p``. In this
    spopt version its simulated annealing can fail to end (it stops only
    after ``n`` non-improving moves in a row, and every improving move
    starts that count again), so it runs in a forked child process
    killed after ``--maxp-timeout`` seconds ("timed out"). The child also
    reports the regions of max-p's construction phase (the first of the
    partitions with the largest ``p``, which the annealing then reshapes
    towards homogeneity within the same threshold, not towards balance),
    printed as "max-p construction". Its random draws come from NumPy's
    global generator, seeded with ``--seed`` in the child.
skater
    ``spopt.region.Skater`` with ``n_clusters=K`` and the workload as the
    attribute it clusters on. SKATER cuts a minimum spanning tree into
    homogeneous regions and does not balance anything: it is the
    regionalisation an analyst reaches for first, and shows what ignoring
    balance costs.

The peers get a ``libpysal.weights.W`` built from our graph's neighbour
lists, so all three solve the same contiguity; building it is not timed
(ours pays for its adjacency, the peers do not). A peer's time is its
model's construction and ``solve()``.

For each solver the script prints the regions, the time, the coefficient
of variation of the workload across regions (population standard
deviation over the mean: the headline of
:func:`models.territories.evaluate`), the max/min ratio, the mean
Polsby-Popper compactness of the dissolved regions
(:func:`models.territories.polsby_popper`) and whether every region is
contiguous (:meth:`~models.districting.UnitGraph.parts`). The target: a
lower CV than both peers in less time than max-p. The last line is
``territories: cv vs max-p R1, cv vs skater R2, speed vs max-p R3`` with
``R1`` = max-p's CV / ours, ``R2`` = SKATER's CV / ours and ``R3`` =
max-p's time / ours (above 1: ours is better). When max-p times out, R3
is the lower bound ``--maxp-timeout`` / ours and R1 is taken against its
construction phase (``nan`` if even that did not end).
"""

from __future__ import annotations

import argparse
import math
import multiprocessing as mp
import sys
import time
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import geopandas as gpd
import numpy as np
import shapely

from models.districting import DEFAULT_COMPACTNESS, Request, UnitGraph, solve
from models.territories import polsby_popper

#: Lower-left corner of the square, in metres (the range of EPSG:9377's coordinates).
ORIGIN = (4_600_000.0, 1_950_000.0)
#: Share of an equal workload each max-p region must reach (issue text).
MAXP_SHARE = 0.9


@dataclass(frozen=True, eq=False)
class Outcome:
    """One solver's regions and the figures printed for them."""

    name: str
    status: str  # "ok", "timed out" or "failed: ..."
    seconds: float
    labels: np.ndarray | None = None
    regions: int = 0
    cv: float = math.nan
    max_min: float = math.nan
    polsby_popper: float = math.nan
    contiguous: bool = False


def barrios(n: int, seed: int, side: float) -> tuple[np.ndarray, np.ndarray]:
    """``n`` Voronoi cells clipped to a ``side`` metre square and their workloads.

    The cells come in the order of their generating points (one each). The
    workload is ``10 x Gamma(2, 1) x bump``, the bump ``0.4`` plus two
    Gaussian hot areas (peaks 1.6 and 1.0, spreads of a quarter and a
    fifth of the side) at seeded places.
    """
    rng = np.random.default_rng(seed)
    x0, y0 = ORIGIN
    pts = rng.uniform(0.0, side, (n, 2))
    square = shapely.box(x0, y0, x0 + side, y0 + side)
    cells = shapely.get_parts(
        shapely.voronoi_polygons(
            shapely.multipoints(pts + [x0, y0]), extend_to=square.buffer(side), ordered=True
        )
    )
    cells = shapely.intersection(cells, square)
    if len(cells) != n or not shapely.contains(cells, shapely.points(pts + [x0, y0])).all():
        msg = f"the Voronoi tessellation gave {len(cells)} cells for {n} points"
        raise RuntimeError(msg)
    bump = np.full(n, 0.4)
    for peak, spread in ((1.6, side / 4), (1.0, side / 5)):
        cx, cy = rng.uniform(0.2 * side, 0.8 * side, 2)
        d2 = (pts[:, 0] - cx) ** 2 + (pts[:, 1] - cy) ** 2
        bump += peak * np.exp(-d2 / (2 * spread**2))
    workload = 10.0 * rng.gamma(2.0, 1.0, n) * bump
    return cells, workload


def outcome(
    name: str,
    labels: np.ndarray,
    seconds: float,
    graph: UnitGraph,
    cells: np.ndarray,
    workload: np.ndarray,
) -> Outcome:
    """The figures of one solver's regions (any labels; each distinct label is a region)."""
    labels = np.asarray(labels)
    codes, label = np.unique(labels, return_inverse=True)
    loads = np.bincount(label, weights=workload, minlength=len(codes))
    shapes = np.array([shapely.union_all(cells[label == r]) for r in range(len(codes))])
    contiguous = all(graph.parts(np.flatnonzero(label == r)) == 1 for r in range(len(codes)))
    return Outcome(
        name=name,
        status="ok",
        seconds=seconds,
        labels=label,
        regions=len(codes),
        cv=float(loads.std() / loads.mean()),
        max_min=float(loads.max() / loads.min()) if loads.min() > 0 else math.inf,
        polsby_popper=float(np.mean(polsby_popper(shapes))),
        contiguous=contiguous,
    )


def _maxp_child(
    conn: Connection, frame: gpd.GeoDataFrame, w: Any, threshold: float, seed: int
) -> None:
    """Run max-p in the forked child; send its construction phase, then its result.

    Each message is ``(status, labels, p, seconds)``. The construction phase
    is observed by wrapping ``spopt.region.maxp._construction_phase`` (in
    this child only): it runs unchanged and its result goes on to the
    annealing as before.
    """
    import spopt.region.maxp as maxp_module
    from spopt.region import MaxPHeuristic

    construct = maxp_module._construction_phase
    t = time.perf_counter()

    def observed(*a: Any, **kw: Any) -> Any:
        result = construct(*a, **kw)
        p, partitions = result
        conn.send(("construction", np.asarray(partitions[0][0]), int(p), time.perf_counter() - t))
        return result

    try:
        maxp_module._construction_phase = observed
        # spopt 0.7.0 calls GeoDataFrame.drop(inplace=True), deprecated by pandas: not ours
        warnings.filterwarnings("ignore", message="The inplace keyword", module="spopt")
        np.random.seed(seed)  # noqa: NPY002 - spopt draws from NumPy's global generator
        t = time.perf_counter()
        model = MaxPHeuristic(
            frame,
            w,
            attrs_name=["workload"],
            threshold_name="workload",
            threshold=threshold,
            top_n=2,
            max_iterations_construction=99,
        )
        model.solve()
        seconds = time.perf_counter() - t
        conn.send(("ok", np.asarray(model.labels_), int(model.p), seconds))
    except Exception as exc:  # reported by the parent, which carries on with the others
        first = str(exc).splitlines()[0] if str(exc) else ""
        conn.send((f"failed: {type(exc).__name__}: {first}", None, 0, math.nan))
    finally:
        conn.close()


Message = tuple[str, np.ndarray | None, int, float]


def run_maxp(
    frame: gpd.GeoDataFrame, w: Any, threshold: float, seed: int, timeout: float
) -> tuple[Message, Message | None]:
    """Max-p in a forked child process, killed after ``timeout`` seconds.

    Returns the final message (status ``"ok"``, ``"timed out"`` or
    ``"failed: ..."``) and the construction phase's, if it came.
    """
    ctx = mp.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_maxp_child, args=(send, frame, w, threshold, seed), daemon=True)
    deadline = time.perf_counter() + timeout
    child.start()
    send.close()
    construction: Message | None = None
    try:
        while receive.poll(max(0.0, deadline - time.perf_counter())):
            status, labels, p, seconds = receive.recv()
            message: Message = (str(status), labels, int(p), float(seconds))
            if status != "construction":
                child.join()
                return message, construction
            construction = message
        child.kill()
        child.join()
        return ("timed out", None, 0, float(timeout)), construction
    except EOFError:
        child.join()
        failed = f"failed: the child process ended with code {child.exitcode}"
        return (failed, None, 0, math.nan), construction
    finally:
        receive.close()


def run_skater(frame: gpd.GeoDataFrame, w: Any, k: int) -> tuple[np.ndarray, float]:
    """SKATER's regions and time."""
    from spopt.region import Skater

    t = time.perf_counter()
    model = Skater(frame, w, attrs_name=["workload"], n_clusters=k)
    model.solve()
    return np.asarray(model.labels_), time.perf_counter() - t


def _row(o: Outcome) -> str:
    if o.status != "ok":
        return f"  {o.name:<18} {o.status} ({o.seconds:.1f} s)"
    return (
        f"  {o.name:<18} {o.regions:>7} {o.seconds:>9.2f} {o.cv:>7.4f} {o.max_min:>7.2f} "
        f"{o.polsby_popper:>8.3f}  {'yes' if o.contiguous else 'no'}"
    )


def main(argv: Sequence[str] | None = None) -> dict[str, Outcome]:
    """Run the comparison, print it, and return each solver's outcome by name."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--barrios", type=int, default=400, help="polygons (default 400)")
    parser.add_argument("--teams", type=int, default=8, help="territories K (default 8)")
    parser.add_argument("--side", type=float, default=8_000.0, help="metres (default 8,000)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--compactness",
        type=float,
        default=DEFAULT_COMPACTNESS,
        help=f"ours' lambda, 0-1 (default {DEFAULT_COMPACTNESS})",
    )
    parser.add_argument(
        "--maxp-timeout",
        type=float,
        default=300.0,
        help="seconds before max-p is stopped (default 300)",
    )
    args = parser.parse_args(argv)
    k = args.teams

    cells, workload = barrios(args.barrios, args.seed, args.side)
    total = float(workload.sum())

    t = time.perf_counter()
    graph = UnitGraph.from_polygons(cells)
    t_graph = time.perf_counter() - t
    t = time.perf_counter()
    plan = solve(graph, workload, Request(k=k, compactness=args.compactness, seed=args.seed))
    t_solve = time.perf_counter() - t
    ours = outcome("ours", plan.labels, t_graph + t_solve, graph, cells, workload)

    from libpysal.weights import W

    w = W(
        {i: [int(j) for j in nb] for i, nb in enumerate(graph.neighbors)},
        silence_warnings=True,
    )
    frame = gpd.GeoDataFrame({"workload": workload}, geometry=cells, crs="EPSG:9377")
    threshold = MAXP_SHARE * total / k

    (status, labels, p, seconds), built = run_maxp(
        frame, w, threshold, args.seed, args.maxp_timeout
    )
    maxp = (
        Outcome("max-p", status, seconds)
        if labels is None
        else outcome("max-p", labels, seconds, graph, cells, workload)
    )
    phase = (
        None
        if built is None or built[1] is None
        else outcome("max-p construction", built[1], built[3], graph, cells, workload)
    )
    for o, reported in ((maxp, p), (phase, None if built is None else built[2])):
        if o is not None and o.status == "ok" and o.regions != reported:
            msg = f"{o.name} reported p = {reported} but its labels hold {o.regions} regions"
            raise RuntimeError(msg)
    labels_sk, t_sk = run_skater(frame, w, k)
    skater = outcome("skater", labels_sk, t_sk, graph, cells, workload)

    pairs = sum(len(nb) for nb in graph.neighbors) // 2
    print(
        f"{args.barrios} barrios (Voronoi cells over {args.side / 1000:g} x "
        f"{args.side / 1000:g} km, {pairs} adjacent pairs, {len(graph.links)} links), "
        f"workload total {total:,.0f} (Gamma(2) x smooth bump), K = {k}, seed {args.seed}"
    )
    print(
        f"ours: graph {t_graph:.3f} s + solve {t_solve:.3f} s "
        f"(compactness {args.compactness:g}, {plan.starts} starts, {plan.iterations} iterations)"
    )
    print(
        f"max-p: threshold {MAXP_SHARE:g} x total / K = {threshold:,.1f}, top_n 2, "
        f"99 construction iterations, timeout {args.maxp_timeout:g} s"
    )
    print(f"  {'solver':<18} regions  time (s)      CV max/min  mean PP  contiguous")
    shown = [ours, maxp] + ([phase] if phase is not None else []) + [skater]
    for o in shown:
        print(_row(o))

    # max-p's CV: its final regions or, when its annealing did not end, its construction's
    compared = maxp if maxp.status == "ok" or phase is None else phase
    r_maxp = compared.cv / ours.cv
    r_skater = skater.cv / ours.cv
    r_speed = maxp.seconds / ours.seconds
    if maxp.status == "timed out":
        print(
            "max-p timed out: the speed ratio is a lower bound; the CV ratio is "
            + (
                "against its construction phase (the regions its annealing started from)"
                if phase is not None
                else "undefined (no regions)"
            )
        )
    elif maxp.status != "ok":
        print(f"max-p {maxp.status}")
    target = r_maxp > 1 and r_skater > 1 and r_speed > 1
    print(
        "target (lower CV than max-p and SKATER, faster than max-p): "
        f"{'met' if target else 'missed'}"
    )
    print(
        f"territories: cv vs max-p {r_maxp:.2f}, cv vs skater {r_skater:.2f}, "
        f"speed vs max-p {r_speed:.2f}"
    )
    return {o.name: o for o in shown}


if __name__ == "__main__":
    main()
