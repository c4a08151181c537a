"""Time the Trends page's engine at a million incidents against the textbook pandas pipeline.

Usage::

    .venv/bin/python benchmarks/trends.py                  # ~1,064,000 incidents
    .venv/bin/python benchmarks/trends.py --quick          # 100,000
    .venv/bin/python benchmarks/trends.py --n 500000 --repeat 5 --work-dir /tmp/cv

The workspace is ``benchmarks/_million.py``'s: the full demo's incidents in
jittered copies (built once and cached in ``--work-dir``; a workspace built
before the generator gave some incidents a time range has none, and the
script says so: delete it, or pass another ``--work-dir``, to rebuild it).
Its incidents are read once (:func:`models.trends.inputs_from_workspace`)
and each one's barrio found once (:func:`geo.aggregate.containing_rows`, as
the app's incident table does); both times are printed apart. Then, on the
same :class:`models.events.Events` arrays, ``--repeat`` rounds (the median
is printed), ours and the floor interleaved, after one untimed warm-up of
each (imports, the holiday calendar, pandas' first calls):

ours
    :func:`models.trends.run_trends` with ``TrendSpec(knox_max=None)`` (the whole city,
    every category, the last 3 months compared, Knox with 99 permutations)
    and, apart, each of its parts on the incidents it selects for them
    (this script repeats that selection, and checks that the parts give
    what ``run_trends`` gives): :func:`~models.trends.series`,
    :func:`~models.trends.homicide_rate`, :func:`~models.trends.rhythm`,
    :func:`~models.trends.busiest_days`, :func:`~models.trends.compare`,
    :func:`~models.trends.program_starts` and :func:`models.nearrepeat.knox`
    on the current period's incidents with coordinates, with 99
    permutations and with 0 (Poisson p-values). The same for a barrio
    (``--barrio``; by default the one with the most incidents) and a
    territory (``--territory``; by default the first).
pandas floor
    what a crime analyst writes for the same outputs, from a DataFrame of
    the same incidents (``occurred_at``, ``category``, ``group`` and
    ``barrio`` as categoricals, built once, untimed like our Events):
    ``df.groupby([pd.Grouper(key="occurred_at", freq="MS"), "group"]).size().unstack()``
    for the series,
    ``pd.crosstab(df.occurred_at.dt.day_of_week, df.occurred_at.dt.hour)``
    for the weekly grid,
    ``df.groupby(df.occurred_at.dt.date).size().nlargest(15)`` for the
    busiest days and, for the three windows compared, a boolean cut and
    ``groupby(...).size()`` by group, category and barrio. It has no Knox
    test, no aoristic spreading (a time range counts at its start, a
    date-only row at midnight), no harm, rates, moving averages, Poisson
    intervals or simulated reference shares: it is a floor, not a peer
    that does the same work.

The ratio is ours (series + rhythm + busiest days + comparison, the city)
over the floor's total. Where the two compute the same thing the script
checks that they agree, and raises if they do not: the monthly counts per
group, the 7 x 24 grid of the incidents with an exact time (ours then puts
each in one cell, as the floor does) and the totals of the full grid, the
busiest days and their counts, and the counts per group, category and
barrio in each window.

Knox's figures are those of the current period of the city (``n``
incidents, every unordered pair, the close ones within the bands' radius).
In this workspace each demo incident comes in up to 8 copies at the same
time within ±25 m, which adds a few pairs per incident to the first cell;
the time is driven by the close pairs, which the density makes.

The last line is ``trends speed vs pandas floor: R`` with ``R`` = the floor's
time / ours (above 1: ours is faster).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np
import pandas as pd
from _million import FULL_N, QUICK_N, load_average, million_workspace, work_dir
from numpy.testing import assert_allclose, assert_array_equal

from geo.aggregate import containing_rows
from geo.workspace import Workspace
from models.events import CODES, Window
from models.nearrepeat import KnoxResult, knox
from models.trends import (
    GROUP_OF,
    GROUPS,
    MIN_KNOX,
    Area,
    AreaRef,
    BusiestDays,
    NoIncidents,
    Periods,
    Rhythm,
    TrendInputs,
    TrendResult,
    TrendSpec,
    area_mask,
    busiest_days,
    compare,
    homicide_rate,
    inputs_from_workspace,
    program_starts,
    resolve_area,
    rhythm,
    run_trends,
    series,
)

T = TypeVar("T")
#: Knox with 99 permutations above this many seconds is worth the lead's attention.
KNOX_WARN_S = 5.0
#: The parts of ours whose sum is compared with the floor.
RATIO_PARTS = ("series", "rhythm", "busiest_days", "compare")
FLOOR_PARTS = ("series", "rhythm", "busiest_days", "compare")


def timed(fn: Callable[[], T]) -> tuple[T, float]:
    """``fn()`` and its wall time in seconds."""
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


@dataclass
class Times:
    """Every timing of every round, by name."""

    runs: dict[str, list[float]] = field(default_factory=dict)

    def add(self, name: str, seconds: float) -> None:
        self.runs.setdefault(name, []).append(seconds)

    def median(self, name: str) -> float:
        return float(statistics.median(self.runs[name]))

    def line(self, name: str) -> str:
        v = self.runs.get(name)
        if not v:
            return "     not run"
        return f"{statistics.median(v):8.3f} s ({min(v):.3f}-{max(v):.3f}, n={len(v)})"


# -- ours, part by part ----------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Selection:
    """What :func:`models.trends.run_trends` selects before it calls its parts."""

    area: Area
    hood: np.ndarray | None
    start: date
    end: date
    keep: np.ndarray
    in_range: np.ndarray
    periods: Periods
    near: np.ndarray


def select(inputs: TrendInputs, spec: TrendSpec) -> Selection:
    """The area, the kept incidents, the periods and Knox's incidents, as ``run_trends`` has them."""
    ev = inputs.events
    area = resolve_area(
        spec.area,
        neighborhoods=inputs.neighborhoods,
        territories=inputs.territories,
        hotspots=inputs.hotspots,
    )
    hood = inputs.hood
    if hood is None and inputs.neighborhoods is not None:
        hood = containing_rows(ev.x, ev.y, inputs.neighborhoods)
    dated = ~np.isnat(ev.when)
    first = pd.Timestamp(ev.when[dated].min()).date()
    last = pd.Timestamp(ev.when[dated].max()).date()
    start = max(spec.start or first, first)
    end = min(spec.end or last, last)
    keep = area_mask(ev.x, ev.y, area, hood=hood) & dated
    if spec.categories is not None:
        keep &= ev.is_category(spec.categories)
    in_range, _ = Window.between(start, end).masks(ev.when)
    if not (keep & in_range).any():
        msg = f"no incident in {spec.area}"
        raise NoIncidents(msg)
    periods = Periods.ending(end, spec.months, first_day=first)
    now, _ = periods.now.masks(ev.when)
    near = keep & now & np.isfinite(ev.x) & np.isfinite(ev.y)
    return Selection(area, hood, start, end, keep, in_range, periods, near)


@dataclass(frozen=True, eq=False)
class Parts:
    """Our parts' results (the last round's)."""

    series: pd.DataFrame
    homicide: pd.DataFrame
    rhythm: Rhythm
    days: BusiestDays
    comparison: pd.DataFrame
    programs: pd.DataFrame
    knox: KnoxResult | None
    knox0: KnoxResult | None


def ours_parts(inputs: TrendInputs, spec: TrendSpec, times: Times, prefix: str) -> Parts:
    """Each part of ``run_trends`` timed on its own (names ``prefix`` + part)."""
    ev = inputs.events
    sel, seconds = timed(lambda: select(inputs, spec))
    times.add(prefix + "select", seconds)
    keep = sel.keep
    pop = sel.area.population
    wants_homicide = spec.categories is None or "homicide" in spec.categories
    weight = ev.harm if spec.measure == "harm" else None
    near = sel.near
    steps: dict[str, Callable[[], object]] = {
        "series": lambda: series(
            ev,
            keep,
            start=sel.start,
            end=sel.end,
            step=spec.step,
            population=pop,
            moving=spec.moving,
        ),
        "homicide_rate": lambda: homicide_rate(
            ev,
            keep if wants_homicide else np.zeros(len(ev), dtype=bool),
            start=sel.start,
            end=sel.end,
            population=pop if wants_homicide else None,
        ),
        "rhythm": lambda: rhythm(
            ev.when, ev.until, keep & sel.in_range, weight=weight, measure=spec.measure
        ),
        "busiest_days": lambda: busiest_days(
            ev,
            keep,
            start=sel.start,
            end=sel.end,
            measure=spec.measure,
            top=spec.top_days,
            busiest=spec.busiest,
            own_days=inputs.own_days,
        ),
        "compare": lambda: compare(
            ev,
            keep,
            sel.periods,
            population=pop,
            hood=sel.hood,
            neighborhoods=inputs.neighborhoods,
            hood_rows=sel.area.hoods,
        ),
        "programs": lambda: program_starts(inputs.programs, sel.area, inputs.neighborhoods),
    }
    if near.sum() >= MIN_KNOX:  # run_trends runs no Knox test on fewer
        steps["knox 99"] = lambda: knox(ev.x[near], ev.y[near], ev.when[near], spec=spec.knox)
        steps["knox 0"] = lambda: knox(
            ev.x[near], ev.y[near], ev.when[near], spec=replace(spec.knox, permutations=0)
        )
    got: dict[str, object] = {}
    for name, fn in steps.items():
        got[name], seconds = timed(fn)
        times.add(prefix + name, seconds)
    return Parts(
        series=_as(got["series"], pd.DataFrame),
        homicide=_as(got["homicide_rate"], pd.DataFrame),
        rhythm=_as(got["rhythm"], Rhythm),
        days=_as(got["busiest_days"], BusiestDays),
        comparison=_as(got["compare"], pd.DataFrame),
        programs=_as(got["programs"], pd.DataFrame),
        knox=_as(got["knox 99"], KnoxResult) if "knox 99" in got else None,
        knox0=_as(got["knox 0"], KnoxResult) if "knox 0" in got else None,
    )


def _as(value: object, kind: type[T]) -> T:
    assert isinstance(value, kind)
    return value


def check_parts(parts: Parts, result: TrendResult, sel: Selection) -> None:
    """The parts, timed apart, give what ``run_trends`` gives (else the timings would lie)."""
    pd.testing.assert_frame_equal(parts.series, result.series)
    pd.testing.assert_frame_equal(parts.homicide, result.homicide)
    assert_array_equal(parts.rhythm.grid, result.rhythm.grid)
    pd.testing.assert_frame_equal(parts.days.table, result.days.table)
    pd.testing.assert_frame_equal(parts.comparison, result.comparison)
    pd.testing.assert_frame_equal(parts.programs, result.programs)
    assert (parts.knox is None) == (result.knox is None)
    if parts.knox is not None and result.knox is not None:
        pd.testing.assert_frame_equal(parts.knox.table, result.knox.table)
    assert int(sel.near.sum()) == result.knox_n


# -- the pandas floor -----------------------------------------------------------------


def floor_frame(inputs: TrendInputs, hood: np.ndarray) -> tuple[pd.DataFrame, np.ndarray]:
    """The analyst's table of the dated incidents, and which rows of ``Events`` it holds."""
    ev = inputs.events
    rows = np.flatnonzero(~np.isnat(ev.when) & (ev.code >= 0))
    code = ev.code[rows].astype(np.int64)
    hoods = inputs.neighborhoods
    ids = [] if hoods is None else hoods["neighborhood_id"].astype(str).tolist()
    frame = pd.DataFrame(
        {
            "occurred_at": ev.when[rows],
            "category": pd.Categorical.from_codes(code, categories=list(CODES)),
            "group": pd.Categorical.from_codes(GROUP_OF[code], categories=list(GROUPS)),
            # -1 (no barrio) becomes NaN
            "barrio": pd.Categorical.from_codes(hood[rows], categories=ids),
        }
    )
    return frame, rows


@dataclass(frozen=True, eq=False)
class FloorResult:
    """The floor's outputs."""

    monthly: pd.DataFrame
    grid: pd.DataFrame
    days: pd.Series
    windows: dict[str, dict[str, pd.Series]]


def floor_windows(periods: Periods) -> dict[str, tuple[pd.Timestamp, pd.Timestamp]]:
    """The three windows compared, as ``[from, to)`` timestamps."""
    now = periods.now
    one = timedelta(days=1)
    return {
        "now": (pd.Timestamp(now.start), pd.Timestamp(now.end + one)),
        "before": (pd.Timestamp(now.before_start), pd.Timestamp(now.before_end + one)),
        "year_before": (pd.Timestamp(periods.year_start), pd.Timestamp(periods.year_end + one)),
    }


def pandas_floor(
    df: pd.DataFrame,
    windows: dict[str, tuple[pd.Timestamp, pd.Timestamp]],
    times: Times,
    *,
    top: int = 15,
) -> FloorResult:
    """The textbook pipeline, each step timed (names ``floor `` + step)."""

    def monthly() -> pd.DataFrame:
        return (
            df.groupby([pd.Grouper(key="occurred_at", freq="MS"), "group"], observed=True)
            .size()
            .unstack(fill_value=0)
        )

    def grid() -> pd.DataFrame:
        return pd.crosstab(df.occurred_at.dt.day_of_week, df.occurred_at.dt.hour)

    def days() -> pd.Series:
        return df.groupby(df.occurred_at.dt.date).size().nlargest(top)

    def comparison() -> dict[str, dict[str, pd.Series]]:
        out: dict[str, dict[str, pd.Series]] = {}
        for name, (a, b) in windows.items():
            inside = df[(df.occurred_at >= a) & (df.occurred_at < b)]
            out[name] = {
                col: inside.groupby(col, observed=True).size()
                for col in ("group", "category", "barrio")
            }
        return out

    m, seconds = timed(monthly)
    times.add("floor series", seconds)
    g, seconds = timed(grid)
    times.add("floor rhythm", seconds)
    d, seconds = timed(days)
    times.add("floor busiest_days", seconds)
    c, seconds = timed(comparison)
    times.add("floor compare", seconds)
    return FloorResult(m, g, d, c)


# -- where the two compute the same thing ---------------------------------------------


def check_agree(
    parts: Parts,
    floor: FloorResult,
    inputs: TrendInputs,
    sel: Selection,
    df: pd.DataFrame,
    rows: np.ndarray,
) -> list[str]:
    """Assert that ours and the floor agree where they count the same; what was compared."""
    ev = inputs.events
    said: list[str] = []
    assert_array_equal(sel.keep & sel.in_range, ~np.isnat(ev.when), "the city keeps every row")
    assert len(rows) == len(ev), "every incident has a date and a category"

    # monthly counts per group (ours lists every month, the floor the months with incidents)
    ours = parts.series.pivot(index="period", columns="group", values="count")
    theirs = floor.monthly.reindex(columns=list(GROUPS), fill_value=0)
    theirs["all"] = theirs.sum(axis=1)
    assert set(theirs.index) <= set(ours.index), "the floor has months ours has not"
    theirs = theirs.reindex(ours.index, fill_value=0)
    assert_array_equal(
        ours[[*GROUPS, "all"]].to_numpy(),
        theirs[[*GROUPS, "all"]].to_numpy(),
        err_msg="monthly counts per group differ",
    )
    said.append(f"monthly counts per group ({len(ours)} months x {len(GROUPS)} groups + all)")

    # the 7 x 24 grid of the incidents with an exact time: one cell each on both sides
    until = ev.until
    exact = (
        np.ones(len(ev), dtype=bool) if until is None else ~(~np.isnat(until) & (until > ev.when))
    )
    ours_exact = rhythm(ev.when, until, sel.keep & sel.in_range & exact).grid
    sub = df[exact[rows]]
    theirs_exact = (
        pd.crosstab(sub.occurred_at.dt.day_of_week, sub.occurred_at.dt.hour)
        .reindex(index=range(7), columns=range(24), fill_value=0)
        .to_numpy()
    )
    assert_array_equal(ours_exact, theirs_exact, err_msg="the 7 x 24 grids of exact times differ")
    rh = parts.rhythm
    n = int((sel.keep & sel.in_range).sum())
    assert rh.timed + rh.spread + rh.apart == n, "ours' rhythm loses incidents"
    assert_allclose(rh.total, rh.timed + rh.spread, rtol=1e-9)
    assert int(floor.grid.to_numpy().sum()) == n, "the floor's grid loses incidents"
    said.append(
        f"7 x 24 grid of the {int(exact.sum()):,} exact-time incidents; totals: ours "
        f"{rh.total:,.0f} in the grid (timed {rh.timed:,}, spread {rh.spread:,}) + "
        f"{rh.apart:,} apart = floor's {n:,}"
    )

    # the busiest days and their counts
    table = parts.days.table
    ours_days = [pd.Timestamp(d).date() for d in table["date"]]
    assert_array_equal(
        np.array(ours_days, dtype=object),
        np.array(list(floor.days.index), dtype=object),
        err_msg="the busiest days differ",
    )
    assert_array_equal(
        table["count"].to_numpy(), floor.days.to_numpy(), err_msg="the busiest days' counts differ"
    )
    said.append(f"the {len(table)} busiest days and their counts")

    # counts per group, category and barrio in the three windows
    cmp = parts.comparison
    names = {"group": "group", "category": "category", "neighborhood": "barrio"}
    for level, col in names.items():
        mine = cmp[cmp["level"] == level].set_index("code")
        for window, counts in floor.windows.items():
            theirs_w = counts[col]
            theirs_w = theirs_w[theirs_w > 0]
            theirs_w.index = theirs_w.index.astype(str)
            missing = set(theirs_w.index) - set(mine.index)
            assert not missing, f"{level} {sorted(missing)} counted by the floor only ({window})"
            got = mine[window].to_numpy()
            want = theirs_w.reindex(mine.index, fill_value=0).to_numpy(dtype=float)
            assert_array_equal(got, want, err_msg=f"{level} counts differ in {window}")
        total = cmp[cmp["level"] == "total"]
        for window, counts in floor.windows.items():
            assert float(total[window].iloc[0]) == float(counts["group"].sum())
    said.append("counts per group, category and barrio in the three windows, and their totals")
    return said


def knox_facts(k: KnoxResult | None) -> str:
    """Incidents, pairs and close pairs of a Knox result."""
    if k is None:
        return f"not run (fewer than {MIN_KNOX} incidents)"
    close = int(k.table.loc[k.table["distance_band"] < k.spec.distance_bands, "observed"].sum())
    return (
        f"{k.n:,} incidents, {k.pairs:,} pairs, {close:,} close pairs (within {k.spec.radius:g} m)"
    )


# -- the run ---------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=FULL_N, help=f"incidents (default {FULL_N:,})")
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_N:,} incidents")
    parser.add_argument("--repeat", type=int, default=3, help="rounds; medians (default 3)")
    parser.add_argument("--work-dir", type=Path, default=None, help="cache folder")
    parser.add_argument("--barrio", default=None, help="neighborhood_id (default: most incidents)")
    parser.add_argument("--territory", default=None, help="territory_id (default: the first)")
    args = parser.parse_args()
    if args.quick:
        args.n = QUICK_N
    repeat = max(1, args.repeat)
    path = million_workspace(work_dir(args.work_dir), args.n)
    print(f"workspace: {path.resolve()}")
    print(f"load average at the start: {load_average()}")

    city = TrendSpec(knox_max=None)  # as cli.py trends: the page asks first above KNOX_MAX
    ws = Workspace(path)
    base, read_s = timed(lambda: inputs_from_workspace(ws, city))
    ev = base.events
    hoods = base.neighborhoods
    assert hoods is not None and base.territories is not None
    hood, hood_s = timed(lambda: containing_rows(ev.x, ev.y, hoods))
    inputs = replace(base, hood=hood)
    (df, rows), frame_s = timed(lambda: floor_frame(inputs, hood))
    ranged = 0 if ev.until is None else int((~np.isnat(ev.until) & (ev.until > ev.when)).sum())
    date_only = int(ev.date_only.sum())
    print(
        f"{len(ev):,} incidents, {pd.Timestamp(ev.when.min()).date()} to "
        f"{pd.Timestamp(ev.when.max()).date()}; with a time range {ranged:,} "
        f"({ranged / len(ev):.1%}), of them date-only {date_only:,} ({date_only / len(ev):.1%})"
    )
    if ev.until is None:
        print(
            "  this workspace has no `occurred_to` (built before the demo had time ranges): "
            "no aoristic spreading is timed; delete it or pass another --work-dir to rebuild"
        )
    print("inputs, built once:")
    print(f"    read (inputs_from_workspace)        {read_s:8.3f} s")
    print(f"    barrio of each incident             {hood_s:8.3f} s  (containing_rows)")
    print(f"    the floor's DataFrame               {frame_s:8.3f} s  (untimed below)")

    counts = np.bincount(hood[hood >= 0], minlength=len(hoods))
    ids = hoods["neighborhood_id"].astype(str).to_numpy()
    barrio = args.barrio or str(ids[int(np.argmax(counts))])
    territory = args.territory or str(base.territories["territory_id"].astype(str).iloc[0])
    specs = {
        "city": city,
        f"barrio {barrio}": TrendSpec(area=AreaRef("neighborhood", barrio), knox_max=None),
        f"territory {territory}": TrendSpec(area=AreaRef("territory", territory), knox_max=None),
    }
    windows = floor_windows(select(inputs, city).periods)

    # warm-up, untimed: first calls (imports, the holiday calendar, pandas' paths)
    run_trends(inputs, specs[f"barrio {barrio}"])
    pandas_floor(df.iloc[:50_000], windows, Times())

    times = Times()
    results: dict[str, TrendResult] = {}
    parts: dict[str, Parts] = {}
    floor: FloorResult | None = None
    for r in range(repeat):
        print(f"round {r + 1} of {repeat} ...", flush=True)
        for label, spec in specs.items():
            results[label], seconds = timed(partial(run_trends, inputs, spec))
            times.add(f"{label}: run_trends", seconds)
            parts[label] = ours_parts(inputs, spec, times, f"{label}: ")
            if label == "city":
                floor = pandas_floor(df, windows, times, top=spec.top_days)
    assert floor is not None

    for label, spec in specs.items():
        check_parts(parts[label], results[label], select(inputs, spec))
    print("each part timed apart gives what run_trends gives: yes")
    said = check_agree(parts["city"], floor, inputs, select(inputs, city), df, rows)
    for line in said:
        print(f"  agree: {line}")
    print("agree")

    print()
    print(f"medians of {repeat} round(s), seconds (min-max):")
    for label in specs:
        res = results[label]
        pop = "unknown" if res.area.population is None else f"{res.area.population:,.0f}"
        print(f"{label}: {res.n:,} incidents, population {pop}; knox: {knox_facts(res.knox)}")
        for name in (
            "run_trends",
            "select",
            "series",
            "homicide_rate",
            "rhythm",
            "busiest_days",
            "compare",
            "programs",
            "knox 99",
            "knox 0",
        ):
            print(f"    {name:<34}{times.line(f'{label}: {name}')}")
    print("pandas floor (city; no Knox, no aoristic spreading, no harm/rates/intervals):")
    for name in FLOOR_PARTS:
        print(f"    {name:<34}{times.line(f'floor {name}')}")

    res = results["city"]
    print(f"knox (city, last {city.months} months to {res.end}): {knox_facts(res.knox)}")
    if res.knox is not None:
        k99 = times.median("city: knox 99")
        k0 = times.median("city: knox 0")
        print(f"    99 permutations {k99:.2f} s, 0 permutations (Poisson) {k0:.2f} s")
        if k99 > KNOX_WARN_S:
            share = k99 / times.median("city: run_trends")
            print(
                f"    knox with 99 permutations takes {k99:.1f} s at this size, over "
                f"{KNOX_WARN_S:g} s: {share:.0%} of run_trends"
            )

    ours = sum(times.median(f"city: {p}") for p in RATIO_PARTS)
    base_s = sum(times.median(f"floor {p}") for p in FLOOR_PARTS)
    print(f"ours without knox (series + rhythm + busiest days + compare): {ours:.3f} s")
    print(f"pandas floor (series + grid + busiest days + compare):        {base_s:.3f} s")
    print(f"load average at the end: {load_average()}")
    print(f"trends (without knox) / pandas floor: {ours / base_s:.2f}")
    print(f"trends speed vs pandas floor: {base_s / ours:.2f} (floor time / ours; >1: ours faster)")


if __name__ == "__main__":
    main()
