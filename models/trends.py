"""When: the monthly series, the weekly rhythm, the busiest days and the period comparison.

What a crime analyst reads before deciding *when* gestores and park
activations should be out (ArcGIS Dashboards' serial charts, CrimeStat's
and every analyst's temporal heat map, Ratcliffe's near-repeat
calculator), for one area and the incidents the filters keep:

:func:`series`
    Counts, harm and the rate per 100,000 residents per month (or ISO
    week) by category group, with a trailing moving average;
    :func:`homicide_rate` gives the trailing twelve-month homicide rate
    that is read against the epidemic threshold
    (:data:`EPIDEMIC_RATE`, 10 per 100,000 a year).
:func:`rhythm`
    The day-of-week x hour grid (7 x 24). An incident with an exact time
    adds its weight to one cell; one whose time is a range shorter than a
    day (``occurred_to``) is spread *aoristically* (Ratcliffe and
    McCullagh 1998): each of the ``k`` hour blocks the range touches gets
    ``1/k`` of it. Incidents with only a date, or a range of a day or more,
    say nothing about the hour: they are counted apart (by weekday when
    the date is one day), never spread over the night.
:func:`busiest_days`
    The days with most incidents, with the holidays and observances that
    fall on them (:mod:`models.calendar`) and any list of the city's own
    (match days), and the share of the incidents on the busiest 10 % of
    days, against the share the weekly and seasonal rhythm alone would
    give (Poisson days around each month's weekday means).
:func:`compare`
    This period against the one before of the same length and against
    the same dates a year earlier: counts, rates per 100,000 a year and the
    ratio with its exact conditional Poisson interval and p-value
    (:func:`models.stats.poisson_rate_ratio`), by category group, category
    and barrio, least likely to be chance first.
:func:`run_trends`
    All of the above and the near-repeat test (:func:`models.nearrepeat.knox`)
    for a :class:`TrendSpec`, as one :class:`TrendResult`.

Everything here returns numbers and codes; the words are in
``catalog.trends``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from typing import Literal, cast, get_args

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from geo import schema
from geo.aggregate import containing_rows
from geo.interpolate import area_weighted_sum
from geo.workspace import Workspace
from models.events import CODES, HARM, Events, Window
from models.nearrepeat import KnoxResult, KnoxSpec, knox
from models.stats import poisson_rate_ratio

Step = Literal["month", "week"]
Measure = Literal["count", "harm"]
AreaKind = Literal["city", "comuna", "neighborhood", "territory", "hotspot"]

STEPS: tuple[str, ...] = get_args(Step)
MEASURES: tuple[str, ...] = get_args(Measure)
AREA_KINDS: tuple[str, ...] = get_args(AreaKind)
#: The category groups, in the order the series and the comparison list them.
GROUPS: tuple[str, ...] = tuple(schema.GROUPS)
#: Each code's group, by position in :data:`CODES`.
GROUP_OF: np.ndarray = np.array(
    [GROUPS.index(schema.CATEGORIES[c].group) for c in CODES], dtype=np.int64
)
#: Homicides per 100,000 residents a year above which the WHO calls violence an epidemic.
EPIDEMIC_RATE = 10.0
#: Days in a year, for annual rates.
YEAR_DAYS = 365.25
#: Ranges of this many hour blocks or more say nothing about the hour: counted apart.
APART_HOURS = 24
#: Fewer incidents in the period compared than this: no Knox test (``TrendResult.knox`` is None).
MIN_KNOX = 3
#: More than this many: the Knox test waits to be asked (``TrendSpec.knox_max``).
KNOX_MAX = 10_000
#: Simulated series behind the busiest days' reference share.
REFERENCE_DRAWS = 200
#: Monday 1970-01-05 as a day number (weeks start on Monday, as ISO weeks do).
_MONDAY = 4

_NS_DAY = np.timedelta64(1, "D")


# -- what is analysed -------------------------------------------------------------------


@dataclass(frozen=True)
class AreaRef:
    """Which area the trends are for: ``kind`` and, except for the city, an ``id``.

    ``comuna`` ids are the ``comuna`` values of ``neighborhoods``;
    ``neighborhood`` ids its ``neighborhood_id``; ``territory`` ids the
    ``territory_id`` of ``territories``; ``hotspot`` ids the rank (1, 2, ...)
    of a top hot spot.
    """

    kind: AreaKind = "city"
    id: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in AREA_KINDS:
            msg = f"`area` kind must be one of {', '.join(AREA_KINDS)}; got {self.kind!r}"
            raise ValueError(msg)
        if (self.kind == "city") != (self.id is None):
            msg = (
                "`area` city takes no id"
                if self.kind == "city"
                else f"`area` {self.kind} needs an id, e.g. {self.kind}:1"
            )
            raise ValueError(msg)

    @classmethod
    def parse(cls, text: str) -> AreaRef:
        """``city`` or ``KIND:ID`` (``comuna:3``, ``neighborhood:B27``, ``hotspot:1``)."""
        kind, _, ident = text.strip().partition(":")
        kind = kind.strip().lower()
        ident = ident.strip()
        if kind not in AREA_KINDS:
            msg = f"`--area` must be city or KIND:ID with KIND one of {', '.join(AREA_KINDS[1:])}; got {text!r}"
            raise ValueError(msg)
        return cls(cast(AreaKind, kind), ident or None)


@dataclass(frozen=True)
class TrendSpec:
    """The options of a trends analysis (frozen: the cache key).

    Attributes
    ----------
    area
        The area (:class:`AreaRef`); the whole city by default.
    start, end
        The incidents' dates, inclusive (``None``: from the first, to the last).
    categories
        The categories kept (``None``: all).
    step
        ``month`` or ``week`` (ISO weeks, from Monday) for the series.
    measure
        ``count`` or ``harm`` (each incident's harm weight) in the weekly rhythm
        and the busiest days.
    months
        Length of the period compared: the last ``months`` months up to ``end``
        (three by default: a quarter against the quarter before and the same
        quarter a year earlier; with twelve, the two references coincide).
    moving
        Months of the series' trailing moving average (weeks: ``moving * 52 / 12``).
    top_days
        How many of the busiest days are listed.
    busiest
        The share of the days whose incidents are summed (0.10: the busiest 10 %).
    knox
        The near-repeat test's bands and permutations.
    knox_max
        Most incidents in the period compared the Knox test runs on without
        being asked (it compares every pair: at a million incidents a year
        a city-wide quarter is about 37,000 incidents and 20 s with 99
        permutations, ``benchmarks/trends.py``); ``None``: no limit.
    """

    area: AreaRef = AreaRef()
    start: date | None = None
    end: date | None = None
    categories: tuple[str, ...] | None = None
    step: Step = "month"
    measure: Measure = "count"
    months: int = 3
    moving: int = 12
    top_days: int = 15
    busiest: float = 0.10
    knox: KnoxSpec = field(default_factory=KnoxSpec)
    knox_max: int | None = KNOX_MAX

    def __post_init__(self) -> None:
        if self.step not in STEPS:
            msg = f"`step` must be one of {', '.join(STEPS)}; got {self.step!r}"
            raise ValueError(msg)
        if self.measure not in MEASURES:
            msg = f"`measure` must be one of {', '.join(MEASURES)}; got {self.measure!r}"
            raise ValueError(msg)
        for name, value, low in (("months", self.months, 1), ("moving", self.moving, 1)):
            if not isinstance(value, int) or value < low:
                msg = f"`{name}` must be a whole number of at least {low}; got {value!r}"
                raise ValueError(msg)
        if not isinstance(self.top_days, int) or self.top_days < 1:
            msg = f"`top_days` must be a whole number of at least 1; got {self.top_days!r}"
            raise ValueError(msg)
        if not 0 < self.busiest < 1:
            msg = f"`busiest` must be a share between 0 and 1; got {self.busiest!r}"
            raise ValueError(msg)
        if self.start is not None and self.end is not None and self.start > self.end:
            msg = f"the start {self.start.isoformat()} is after the end {self.end.isoformat()}"
            raise ValueError(msg)
        if self.categories is not None:
            unknown = [c for c in self.categories if c not in CODES]
            if unknown:
                msg = f"unknown categories {', '.join(map(repr, unknown))}; the codes are {', '.join(CODES)}"
                raise ValueError(msg)


@dataclass(frozen=True, eq=False)
class Area:
    """A resolved area: its polygon (projected), its barrios and its residents.

    Attributes
    ----------
    ref
        What was asked.
    name
        The area's own name (the barrio's or territory's name, the comuna), if any.
    geometry
        Its polygon in the projected CRS; ``None`` for the city.
    hoods
        Rows of ``neighborhoods`` in the area (all for the city, the
        comuna's, the barrio; for a territory or a hot spot the barrios
        whose interior point is inside it); empty without neighbourhoods.
    population
        Residents (the barrios' sum; areal interpolation for a territory or
        a hot spot); ``None`` without neighbourhoods or populations.
    """

    ref: AreaRef
    name: str | None
    geometry: BaseGeometry | None
    hoods: np.ndarray
    population: float | None


class UnknownArea(LookupError):
    """The area asked for is not in the workspace (its kind or its id)."""


def _population(hoods: gpd.GeoDataFrame | None, rows: np.ndarray) -> float | None:
    if hoods is None or "population" not in hoods or not len(rows):
        return None
    values = pd.to_numeric(hoods["population"].iloc[rows], errors="coerce")
    total = float(values.sum(skipna=True))
    return total if total > 0 else None


def resolve_area(
    ref: AreaRef,
    *,
    neighborhoods: gpd.GeoDataFrame | None = None,
    territories: gpd.GeoDataFrame | None = None,
    hotspots: gpd.GeoDataFrame | None = None,
) -> Area:
    """The area of ``ref`` from the layers (all in one projected CRS).

    Raises
    ------
    UnknownArea
        When the layer the kind needs is missing or has no such id (the
        message names both).
    """
    hoods = neighborhoods
    all_rows = np.arange(0 if hoods is None else len(hoods))
    if ref.kind == "city":
        return Area(ref, None, None, all_rows, _population(hoods, all_rows))
    if ref.kind in ("comuna", "neighborhood"):
        column = "comuna" if ref.kind == "comuna" else "neighborhood_id"
        if hoods is None or column not in hoods:
            msg = (
                f"area {ref.kind}:{ref.id} needs the `neighborhoods` layer with a `{column}` column"
            )
            raise UnknownArea(msg)
        values = hoods[column].astype(str).str.strip().to_numpy()
        rows = np.flatnonzero(values == ref.id)
        if not len(rows) and ref.kind == "comuna" and str(ref.id).isdigit():
            # "comuna:1" for a comuna written "Comuna 1"
            number_of = pd.Series(values).str.extract(r"(\d+)\s*$")[0].to_numpy()
            rows = np.flatnonzero(number_of == str(int(str(ref.id))))
        if not len(rows):
            msg = f"no {ref.kind} {ref.id!r} in `neighborhoods` (column `{column}`)"
            raise UnknownArea(msg)
        geometry = shapely.union_all(hoods.geometry.iloc[rows].to_numpy())
        label_text = str(hoods["name" if ref.kind == "neighborhood" else "comuna"].iloc[rows[0]])
        return Area(ref, label_text, geometry, rows, _population(hoods, rows))
    if ref.kind == "territory":
        layer, column, label = territories, "territory_id", "territories"
    else:
        layer, column, label = hotspots, "rank", "top hot spots"
    if layer is None or column not in layer:
        msg = f"area {ref.kind}:{ref.id} needs the {label}"
        raise UnknownArea(msg)
    ids = layer[column].astype(str).str.strip().to_numpy()
    match = np.flatnonzero(ids == ref.id)
    if not len(match):
        msg = f"no {ref.kind} {ref.id!r} among the {label} (ids: {', '.join(ids[:12])})"
        raise UnknownArea(msg)
    shape = layer.geometry.iloc[match[0]]
    if hoods is not None and layer.crs is not None and hoods.crs is not None:
        shape = gpd.GeoSeries([shape], crs=layer.crs).to_crs(hoods.crs).iloc[0]
    name: str | None = None
    for col in ("team", "neighborhood", "name"):
        if col in layer and pd.notna(layer[col].iloc[match[0]]):
            name = str(layer[col].iloc[match[0]])
            break
    rows = np.zeros(0, dtype=np.int64)
    population = None
    if hoods is not None and len(hoods):
        inner = hoods.geometry.representative_point()
        rows = np.flatnonzero(shapely.contains_xy(shape, inner.x.to_numpy(), inner.y.to_numpy()))
        if "population" in hoods:
            target = gpd.GeoSeries([shape], crs=hoods.crs)
            got = float(area_weighted_sum(hoods, target, ["population"])["population"].iloc[0])
            population = got if got > 0 else None
    return Area(ref, name, shape, rows, population)


def area_mask(
    x: np.ndarray, y: np.ndarray, area: Area, *, hood: np.ndarray | None = None
) -> np.ndarray:
    """Which points lie in ``area``.

    A comuna's or barrio's incidents are those whose barrio (``hood``, rows
    of ``neighborhoods`` as :func:`geo.aggregate.containing_rows` gives) is
    one of the area's, the same join every other page uses; otherwise the
    points within the area's polygon (a bounding-box cut first).
    """
    n = len(x)
    if area.ref.kind == "city" or area.geometry is None:
        return np.ones(n, dtype=bool)
    if area.ref.kind in ("comuna", "neighborhood") and hood is not None:
        return np.isin(hood, area.hoods)
    x0, y0, x1, y1 = area.geometry.bounds
    near = np.flatnonzero((x >= x0) & (x <= x1) & (y >= y0) & (y <= y1))
    keep = np.zeros(n, dtype=bool)
    if len(near):
        shapely.prepare(area.geometry)
        keep[near] = shapely.contains_xy(area.geometry, x[near], y[near])
    return keep


# -- the monthly series ---------------------------------------------------------------


def _day_numbers(when: np.ndarray) -> np.ndarray:
    """Days since 1970-01-01 (int64; NaT gives a huge negative number, mask it first)."""
    return when.astype("datetime64[D]").astype(np.int64)


def _day_span(start: date, end: date) -> tuple[int, int]:
    """The day numbers (:func:`_day_numbers`) of ``start`` and ``end``."""
    lo, hi = _day_numbers(np.array([start, end], dtype="datetime64[D]"))
    return int(lo), int(hi)


def _periods(start: date, end: date, step: Step) -> pd.DataFrame:
    """The periods (months or Monday weeks) meeting ``[start, end]``, with their days inside."""
    first = pd.Timestamp(start)
    last = pd.Timestamp(end)
    if step == "month":
        begins = pd.date_range(first.to_period("M").start_time, last, freq="MS")
        ends = begins + pd.offsets.MonthEnd(0)
    else:
        monday = first - pd.Timedelta(days=first.day_of_week)
        begins = pd.date_range(monday, last, freq="7D")
        ends = begins + pd.Timedelta(days=6)
    lo = np.maximum(begins.to_numpy(), first.to_datetime64())
    hi = np.minimum(ends.to_numpy(), last.to_datetime64())
    inside = ((hi - lo) / _NS_DAY).astype(np.int64) + 1
    length = ((ends - begins) / pd.Timedelta(days=1)).to_numpy().astype(np.int64) + 1
    return pd.DataFrame(
        {"period": begins, "period_end": ends, "days": inside, "complete": inside == length}
    )


def _period_index(days: np.ndarray, periods: pd.DataFrame) -> np.ndarray:
    """Each day number's period row (``periods`` sorted, contiguous)."""
    starts = _day_numbers(periods["period"].to_numpy(dtype="datetime64[ns]"))
    return np.searchsorted(starts, days, side="right") - 1


def series(
    events: Events,
    keep: np.ndarray,
    *,
    start: date,
    end: date,
    step: Step = "month",
    population: float | None = None,
    moving: int = 12,
) -> pd.DataFrame:
    """Incidents per period and category group.

    Parameters
    ----------
    events
        The incidents.
    keep
        Which of them count (area, categories); dates outside ``[start, end]``
        are dropped here.
    start, end
        The days covered, inclusive.
    step
        ``month`` or ``week``.
    population
        Residents of the area, for the rates (``None``: rates left blank).
    moving
        Months of the trailing moving average (for weeks, ``round(moving * 52 / 12)`` weeks).

    Returns
    -------
    pandas.DataFrame
        One row per period and group (:data:`GROUPS`, then ``all``):
        ``period`` (first day), ``period_end`` (last day), ``days`` (days of
        the period inside ``[start, end]``), ``complete`` (all its days
        inside), ``group``, ``count``, ``harm``, ``rate`` (per 100,000
        residents a year: ``count / days * 365.25 / population * 1e5``),
        ``moving`` (the trailing mean of ``count`` over the last ``moving``
        complete periods; blank until there are that many).
    """
    periods = _periods(start, end, step)
    span = moving if step == "month" else max(1, round(moving * 52 / 12))
    sel = keep & ~np.isnat(events.when) & (events.code >= 0)
    days = _day_numbers(events.when[sel])
    lo, hi = _day_span(start, end)
    inside = (days >= lo) & (days <= hi)
    row = _period_index(days[inside], periods)
    code = events.code[sel][inside].astype(np.int64)
    group = GROUP_OF[code]
    n_p, n_g = len(periods), len(GROUPS)
    counts = np.bincount(row * n_g + group, minlength=n_p * n_g).reshape(n_p, n_g)
    harm = np.bincount(row * n_g + group, weights=HARM[code], minlength=n_p * n_g).reshape(n_p, n_g)
    counts = np.column_stack([counts, counts.sum(axis=1)])
    harm = np.column_stack([harm, harm.sum(axis=1)])
    names = [*GROUPS, "all"]
    frames = []
    for k, name in enumerate(names):
        part = periods.copy()
        part["group"] = name
        part["count"] = counts[:, k]
        part["harm"] = harm[:, k]
        part["rate"] = (
            counts[:, k] / part["days"].to_numpy() * YEAR_DAYS / population * 1e5
            if population
            else np.nan
        )
        full = pd.Series(np.where(part["complete"], counts[:, k], np.nan))
        part["moving"] = full.rolling(span, min_periods=span).mean().to_numpy()
        frames.append(part)
    return pd.concat(frames, ignore_index=True)


def homicide_rate(
    events: Events, keep: np.ndarray, *, start: date, end: date, population: float | None
) -> pd.DataFrame:
    """The trailing twelve-month homicide rate per 100,000 residents, at each month's end.

    Returns
    -------
    pandas.DataFrame
        ``month`` (first day), ``homicides`` (in the month), ``last_12``
        (homicides in the twelve months ending with it), ``rate`` (per
        100,000 a year over those months; blank until twelve whole months
        are covered or without a population), ``epidemic`` (rate at or above
        :data:`EPIDEMIC_RATE`).
    """
    periods = _periods(start, end, "month")
    sel = keep & (events.code == CODES.index("homicide")) & ~np.isnat(events.when)
    days = _day_numbers(events.when[sel])
    lo, hi = _day_span(start, end)
    row = _period_index(days[(days >= lo) & (days <= hi)], periods)
    per_month = np.bincount(row, minlength=len(periods)).astype(float)
    full = pd.Series(np.where(periods["complete"], per_month, np.nan))
    last = full.rolling(12, min_periods=12).sum().to_numpy()
    covered = (
        pd.Series(periods["days"].to_numpy(dtype=float))
        .where(periods["complete"].to_numpy())
        .rolling(12, min_periods=12)
        .sum()
        .to_numpy()
    )
    rate = (
        last / covered * YEAR_DAYS / population * 1e5 if population else np.full_like(last, np.nan)
    )
    return pd.DataFrame(
        {
            "month": periods["period"],
            "homicides": per_month.astype(np.int64),
            "last_12": last,
            "rate": rate,
            "epidemic": np.nan_to_num(rate, nan=-1.0) >= EPIDEMIC_RATE,
        }
    )


# -- the weekly rhythm ----------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Rhythm:
    """The day-of-week x hour grid and what it leaves out.

    Attributes
    ----------
    grid
        7 x 24 (Monday first, hours 0-23): each cell's count or harm.
    timed
        Incidents with an exact time (one cell each).
    spread
        Incidents with a range of under :data:`APART_HOURS` hour blocks,
        spread aoristically.
    apart
        Incidents counted apart: only a date, or a range of a day or more.
    apart_by_day
        Of ``apart``, those whose range lies within one day, by weekday (7).
    measure
        ``count`` or ``harm``.
    """

    grid: np.ndarray
    timed: int
    spread: int
    apart: int
    apart_by_day: np.ndarray
    measure: str

    @property
    def total(self) -> float:
        """The grid's sum: the incidents with a time (count) or their harm."""
        return float(self.grid.sum())

    def busiest(self, n: int = 3) -> list[tuple[int, int, float]]:
        """The ``n`` busiest cells as (weekday 0 = Monday, hour, value), busiest first."""
        flat = self.grid.ravel()
        order = np.argsort(-flat, kind="stable")[:n]
        return [(int(k // 24), int(k % 24), float(flat[k])) for k in order if flat[k] > 0]

    def weekend_nights(self) -> tuple[float, float]:
        """The share of the grid from Friday 18:00 to Sunday 06:00, and that window's share of the week's hours."""
        mask = np.zeros((7, 24), dtype=bool)
        mask[4, 18:] = True
        mask[5, :] = True
        mask[6, :6] = True
        total = self.total
        return (float(self.grid[mask].sum() / total) if total else math.nan, mask.sum() / 168)


def rhythm(
    when: np.ndarray,
    until: np.ndarray | None,
    keep: np.ndarray,
    *,
    weight: np.ndarray | None = None,
    measure: Measure = "count",
) -> Rhythm:
    """The day-of-week x hour grid of the kept incidents (module docstring).

    Parameters
    ----------
    when
        ``occurred_at`` (``datetime64``; NaT: not counted).
    until
        ``occurred_to`` (NaT or equal to ``when``: an exact time), or ``None``.
    keep
        Which incidents count.
    weight
        Each incident's weight (harm); ``None`` counts them.
    measure
        Recorded on the result.

    Returns
    -------
    Rhythm
        Its grid sums to the number (or weight) of the incidents with a
        time; each spread incident's shares sum to its weight.
    """
    sel = keep & ~np.isnat(when)
    w = np.ones(int(sel.sum())) if weight is None else np.asarray(weight, dtype=float)[sel]
    start = when[sel].astype("datetime64[h]").astype(np.int64)
    if until is None:
        blocks = np.ones(len(start), dtype=np.int64)
        ranged = np.zeros(len(start), dtype=bool)
    else:
        stop = until[sel]
        has = ~np.isnat(stop) & (stop > when[sel])
        last = np.where(has, stop.astype("datetime64[h]").astype(np.int64), start)
        blocks = np.maximum(last - start, 0) + 1
        ranged = has
    apart = ranged & (blocks >= APART_HOURS)
    # hour 0 of 1970-01-01 was a Thursday (weekday 3, Monday = 0)
    grid = np.zeros(7 * 24)
    exact = ~ranged
    hour_of_week = (start + 3 * 24) % (7 * 24)
    grid += np.bincount(hour_of_week[exact], weights=w[exact], minlength=7 * 24)
    spread = ranged & ~apart
    if spread.any():
        s0, k, ws = start[spread], blocks[spread], w[spread] / blocks[spread]
        for step in range(int(k.max())):
            on = step < k
            grid += np.bincount(
                (s0[on] + step + 3 * 24) % (7 * 24), weights=ws[on], minlength=7 * 24
            )
    by_day = np.zeros(7, dtype=np.int64)
    if apart.any():
        assert until is not None  # only ranges are apart
        first_day = when[sel][apart].astype("datetime64[D]")
        one = first_day == until[sel][apart].astype("datetime64[D]")
        weekday = (first_day[one].astype(np.int64) + 3) % 7
        by_day = np.bincount(weekday, minlength=7)
    return Rhythm(
        grid=grid.reshape(7, 24),
        timed=int(exact.sum()),
        spread=int(spread.sum()),
        apart=int(apart.sum()),
        apart_by_day=by_day,
        measure=measure,
    )


# -- the busiest days ----------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class BusiestDays:
    """The busiest days of a period and the share they hold.

    Attributes
    ----------
    table
        The ``top`` busiest days: ``date``, ``weekday`` (0 = Monday),
        ``count``, ``harm``, ``value`` (count or harm, as measured),
        ``usual`` (the mean value of that weekday in that month and year),
        ``times_usual`` (``value / usual``), ``special`` (the codes of
        :mod:`models.calendar` on that day, ``;``-joined), ``own`` (the
        labels of the user's own list, ``;``-joined).
    days
        Days in the period.
    top_days
        How many days make the busiest share (``ceil(busiest * days)``).
    busy_days
        Days with any incident (when no more than ``top_days``, the share is 1
        and says nothing).
    share
        The share of the value on those days.
    reference
        The mean share on the same number of busiest days of
        :data:`REFERENCE_DRAWS` simulated periods in which each day is
        Poisson around its month's mean for its weekday: what the weekly and
        seasonal rhythm alone give (counts only; ``nan`` for harm).
    violence_share, violence_reference
        The same share and reference for the violence group (homicide,
        injury, sexual) among the kept incidents (``nan`` when none is
        kept): with a few violent incidents a day, most days have none and
        the busiest days hold most of them by chance alone, which the
        reference shows.
    special_share
        The share of the value on holidays and observances, and
        ``special_days_share`` their share of the days.
    """

    table: pd.DataFrame
    days: int
    top_days: int
    busy_days: int
    share: float
    reference: float
    violence_share: float
    violence_reference: float
    special_share: float
    special_days_share: float


def _usual(daily: np.ndarray, cell: np.ndarray) -> np.ndarray:
    """Each day's usual value: the mean of its ``cell`` (its weekday in its month)."""
    sums = np.bincount(cell, weights=daily)
    sizes = np.bincount(cell)
    return np.asarray((sums / np.maximum(sizes, 1))[cell])


def _reference(usual: np.ndarray, top: int, rng: np.random.Generator) -> float:
    """The mean share of the ``top`` busiest days when each day is Poisson around ``usual``."""
    if usual.sum() <= 0:
        return math.nan
    draws = rng.poisson(usual, size=(REFERENCE_DRAWS, len(usual)))
    top_sum = -np.sort(-draws, axis=1)[:, :top].sum(axis=1)
    return float(np.mean(top_sum / np.maximum(draws.sum(axis=1), 1)))


def _busiest_share(daily: np.ndarray, top: int) -> float:
    total = daily.sum()
    return float(np.sort(daily)[::-1][:top].sum() / total) if total > 0 else math.nan


def busiest_days(
    events: Events,
    keep: np.ndarray,
    *,
    start: date,
    end: date,
    measure: Measure = "count",
    top: int = 15,
    busiest: float = 0.10,
    own_days: pd.DataFrame | None = None,
    seed: int = 0,
) -> BusiestDays:
    """The busiest days of ``[start, end]`` and the share of the busiest ``busiest`` of them.

    ``own_days`` is a frame with ``date`` and ``label`` (the city's match
    days, festivals), as :func:`models.calendar.read_day_list` reads.
    """
    from models.calendar import special_days

    lo, hi = _day_span(start, end)
    n_days = hi - lo + 1
    sel = keep & ~np.isnat(events.when) & (events.code >= 0)
    day = _day_numbers(events.when[sel]) - lo
    inside = (day >= 0) & (day < n_days)
    day = day[inside]
    code = events.code[sel][inside].astype(np.int64)
    counts = np.bincount(day, minlength=n_days).astype(float)
    harm = np.bincount(day, weights=HARM[code], minlength=n_days)
    value = counts if measure == "count" else harm
    dates = pd.date_range(pd.Timestamp(start), pd.Timestamp(end), freq="D")
    weekday = dates.day_of_week.to_numpy()
    # the usual value of a day: the mean of its weekday in its month
    month = (dates.year.to_numpy() - dates.year.min()) * 12 + dates.month.to_numpy() - 1
    cell = month * 7 + weekday
    usual = _usual(value, cell)
    top_n = max(1, math.ceil(busiest * n_days))
    share = _busiest_share(value, top_n)
    rng = np.random.default_rng(seed)
    reference = _reference(_usual(counts, cell), top_n, rng) if measure == "count" else math.nan
    violent = np.isin(code, [CODES.index(c) for c in schema.GROUPS["violence"]])
    v_counts = np.bincount(day[violent], minlength=n_days).astype(float)
    v_value = (
        v_counts
        if measure == "count"
        else np.bincount(day[violent], weights=HARM[code[violent]], minlength=n_days)
    )
    violence_share = _busiest_share(v_value, top_n) if violent.any() else math.nan
    violence_reference = (
        _reference(_usual(v_counts, cell), top_n, rng)
        if measure == "count" and violent.any()
        else math.nan
    )
    special = special_days(start, end)
    special_codes: dict[int, list[str]] = {}
    for when_, code_ in zip(special["date"], special["code"], strict=True):
        special_codes.setdefault((pd.Timestamp(when_) - dates[0]).days, []).append(str(code_))
    own: dict[int, list[str]] = {}
    if own_days is not None and len(own_days):
        for when_, label in zip(own_days["date"], own_days["label"], strict=True):
            k = (pd.Timestamp(when_) - dates[0]).days
            if 0 <= k < n_days:
                own.setdefault(k, []).append(str(label))
    is_special = np.zeros(n_days, dtype=bool)
    is_special[list(special_codes)] = True
    total = value.sum()
    order = np.argsort(-value, kind="stable")[: min(top, n_days)]
    order = order[value[order] > 0]
    table = pd.DataFrame(
        {
            "date": dates[order],
            "weekday": weekday[order],
            "count": counts[order].astype(np.int64),
            "harm": harm[order],
            "value": value[order],
            "usual": usual[order],
            "times_usual": np.divide(
                value[order], usual[order], out=np.full(len(order), np.nan), where=usual[order] > 0
            ),
            "special": [";".join(special_codes.get(int(k), [])) for k in order],
            "own": [";".join(own.get(int(k), [])) for k in order],
        }
    )
    return BusiestDays(
        table=table,
        days=n_days,
        top_days=top_n,
        busy_days=int((value > 0).sum()),
        share=share,
        reference=reference,
        violence_share=violence_share,
        violence_reference=violence_reference,
        special_share=float(value[is_special].sum() / total) if total > 0 else math.nan,
        special_days_share=float(is_special.mean()),
    )


# -- the period comparison ------------------------------------------------------------


@dataclass(frozen=True)
class Periods:
    """This period, the one before of the same length and the same dates a year earlier.

    ``*_covered`` says whether the data reach back to the period's start
    (a period before the first incident is not compared).
    """

    now: Window
    year_start: date
    year_end: date
    before_covered: bool
    year_covered: bool

    @classmethod
    def ending(cls, end: date, months: int, *, first_day: date | None) -> Periods:
        """The last ``months`` months up to ``end``, and the two to compare it with."""
        now = Window.ending(end, months)
        year_start = (pd.Timestamp(now.start) - pd.DateOffset(years=1)).date()
        year_end = (pd.Timestamp(now.end) - pd.DateOffset(years=1)).date()
        first = first_day if first_day is not None else now.before_start
        return cls(
            now=now,
            year_start=year_start,
            year_end=year_end,
            before_covered=now.before_start >= first,
            year_covered=year_start >= first,
        )

    @property
    def year_days(self) -> int:
        """Days of the period a year earlier."""
        return (self.year_end - self.year_start).days + 1


def _counts_in(
    days: np.ndarray, start: date, end: date, labels: np.ndarray, n_labels: int
) -> np.ndarray:
    lo, hi = _day_span(start, end)
    inside = (days >= lo) & (days <= hi)
    return np.bincount(labels[inside], minlength=n_labels)


def compare(
    events: Events,
    keep: np.ndarray,
    periods: Periods,
    *,
    population: float | None = None,
    hood: np.ndarray | None = None,
    neighborhoods: gpd.GeoDataFrame | None = None,
    hood_rows: np.ndarray | None = None,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Counts and rates in the three periods, and the two ratios with their exact intervals.

    Parameters
    ----------
    events, keep
        The incidents and which count (area, categories).
    periods
        From :meth:`Periods.ending`.
    population
        The area's residents (the rates of the ``total``, ``group`` and
        ``category`` rows).
    hood
        Each incident's barrio row (``-1``: none), for the ``neighborhood`` rows.
    neighborhoods
        The barrios (``neighborhood_id``, ``name``, ``population``).
    hood_rows
        Which barrios are listed (the area's).

    Returns
    -------
    pandas.DataFrame
        One row per ``level`` (``total``, ``group``, ``category``,
        ``neighborhood``) and ``code`` (``all``, the group or category code,
        the ``neighborhood_id``), with ``name`` (the barrio's), ``now``,
        ``before``, ``year_before`` (counts; blank where the data do not
        reach), ``rate_now``, ``rate_before``, ``rate_year_before`` (per
        100,000 a year), ``ratio_before``, ``low_before``, ``high_before``,
        ``p_before``, ``chance_before`` (the interval holds 1) and the same
        four ``*_year`` against a year earlier; within a level, rows with
        any incident come first, sorted by the smaller p-value (the change
        least likely to be chance first). Categories and barrios with no
        incident in any period are left out.
    """
    sel = keep & ~np.isnat(events.when) & (events.code >= 0)
    days = _day_numbers(events.when[sel])
    code = events.code[sel].astype(np.int64)
    now = periods.now
    windows = (
        (now.start, now.end, True),
        (now.before_start, now.before_end, periods.before_covered),
        (periods.year_start, periods.year_end, periods.year_covered),
    )
    lengths = np.array([now.days, (now.before_end - now.before_start).days + 1, periods.year_days])
    blocks: list[pd.DataFrame] = []

    def block(level: str, codes: list[str], labels: np.ndarray, pops: np.ndarray) -> None:
        n = len(codes)
        got = [
            _counts_in(days[labels >= 0], a, b, labels[labels >= 0], n).astype(float)
            if covered
            else np.full(n, np.nan)
            for a, b, covered in windows
        ]
        frame = pd.DataFrame({"level": level, "code": codes})
        for name, values, length in zip(
            ("now", "before", "year_before"), got, lengths, strict=True
        ):
            frame[name] = values
            with np.errstate(divide="ignore", invalid="ignore"):
                frame[f"rate_{name}"] = values / length * YEAR_DAYS / pops * 1e5
        for suffix, ref, length in (("before", got[1], lengths[1]), ("year", got[2], lengths[2])):
            ok = ~np.isnan(ref)
            cols = {f"{k}_{suffix}": np.full(n, np.nan) for k in ("ratio", "low", "high", "p")}
            chance = np.ones(n, dtype=bool)
            if ok.any():
                rr = poisson_rate_ratio(
                    got[0][ok], lengths[0], ref[ok], length, confidence=confidence
                )
                cols[f"ratio_{suffix}"][ok] = rr.ratio
                cols[f"low_{suffix}"][ok] = rr.low
                cols[f"high_{suffix}"][ok] = rr.high
                cols[f"p_{suffix}"][ok] = rr.p
                chance[ok] = rr.within_chance
            for k, v in cols.items():
                frame[k] = v
            frame[f"chance_{suffix}"] = chance
        any_seen = np.nansum(np.column_stack(got), axis=1) > 0
        frame = frame[any_seen | (level == "total")]
        order = np.fmin(frame["p_before"].to_numpy(), frame["p_year"].to_numpy())
        frame = frame.assign(_p=np.nan_to_num(order, nan=2.0)).sort_values("_p", kind="stable")
        blocks.append(frame.drop(columns="_p"))

    pop = np.nan if not population else float(population)
    block("total", ["all"], np.zeros(len(code), dtype=np.int64), np.array([pop]))
    block("group", list(GROUPS), GROUP_OF[code], np.full(len(GROUPS), pop))
    block("category", list(CODES), code, np.full(len(CODES), pop))
    if hood is not None and neighborhoods is not None and len(neighborhoods):
        rows = np.arange(len(neighborhoods)) if hood_rows is None else np.asarray(hood_rows)
        relabel = np.full(len(neighborhoods) + 1, -1, dtype=np.int64)  # the last slot: -1
        relabel[rows] = np.arange(len(rows))
        labels = relabel[np.asarray(hood)[sel]]
        ids = neighborhoods["neighborhood_id"].astype(str).to_numpy()[rows]
        pops = (
            pd.to_numeric(neighborhoods["population"], errors="coerce").to_numpy(dtype=float)[rows]
            if "population" in neighborhoods
            else np.full(len(rows), np.nan)
        )
        pops = np.where(pops > 0, pops, np.nan)
        block("neighborhood", list(ids), labels, pops)
        names = dict(
            zip(
                neighborhoods["neighborhood_id"].astype(str),
                neighborhoods["name"].astype(str),
                strict=True,
            )
        )
    else:
        names = {}
    out = pd.concat(blocks, ignore_index=True)
    out.insert(
        2,
        "name",
        [
            names.get(c, "") if lv == "neighborhood" else ""
            for lv, c in zip(out["level"], out["code"], strict=True)
        ],
    )
    return out


# -- programmes ------------------------------------------------------------------------


def program_starts(
    programs: pd.DataFrame | None, area: Area, hoods: gpd.GeoDataFrame | None
) -> pd.DataFrame:
    """The programmes that started in the area: ``start``, ``program_id``, ``name``, ``component``.

    A programme belongs to the area when its ``neighborhood_id`` is one of
    the area's barrios, or, without one, when its polygon meets the area
    or, with neither, when the area is the whole city. Sorted by start.
    """
    cols = ["start", "program_id", "name", "component"]
    if programs is None or "start" not in programs or not len(programs):
        return pd.DataFrame(columns=cols)
    frame = pd.DataFrame(programs.drop(columns="geometry", errors="ignore"))
    start = pd.to_datetime(frame["start"], errors="coerce")
    inside = np.zeros(len(frame), dtype=bool)
    ids = (
        frame["neighborhood_id"].astype("string").str.strip()
        if "neighborhood_id" in frame
        else pd.Series(pd.NA, index=frame.index, dtype="string")
    )
    named = ids.notna().to_numpy() & (ids.fillna("").to_numpy() != "")
    if area.ref.kind == "city":
        inside[:] = True
    else:
        if hoods is not None and len(area.hoods):
            wanted = set(hoods["neighborhood_id"].astype(str).to_numpy()[area.hoods])
            inside |= named & ids.fillna("").isin(wanted).to_numpy()
        if isinstance(programs, gpd.GeoDataFrame) and area.geometry is not None:
            geoms = programs.geometry.to_numpy()
            has = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
            hit = np.zeros(len(frame), dtype=bool)
            hit[has] = shapely.intersects(geoms[has], area.geometry)
            inside |= ~named & hit
    keep = inside & start.notna().to_numpy()
    out = frame.loc[keep, [c for c in cols[1:] if c in frame]].copy()
    out.insert(0, "start", start[keep])
    return out.sort_values("start", kind="stable").reset_index(drop=True)


# -- all of it ----------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class TrendInputs:
    """What :func:`run_trends` reads (layers in one projected CRS, or ``None``).

    ``hood`` is each incident's ``neighborhoods`` row
    (:func:`geo.aggregate.containing_rows`); it is computed when ``None``
    and the neighbourhoods are given.
    """

    events: Events
    neighborhoods: gpd.GeoDataFrame | None = None
    territories: gpd.GeoDataFrame | None = None
    programs: pd.DataFrame | None = None
    hotspots: gpd.GeoDataFrame | None = None
    hood: np.ndarray | None = None
    own_days: pd.DataFrame | None = None


@dataclass(frozen=True, eq=False)
class TrendResult:
    """Everything the Trends page and ``cli.py trends`` show (module docstring)."""

    spec: TrendSpec
    area: Area
    start: date
    end: date
    n: int
    series: pd.DataFrame
    homicide: pd.DataFrame
    rhythm: Rhythm
    days: BusiestDays
    periods: Periods
    comparison: pd.DataFrame
    knox: KnoxResult | None
    knox_n: int
    knox_skipped: bool
    programs: pd.DataFrame


class NoIncidents(ValueError):
    """No incident passes the filters in the area."""


def run_trends(inputs: TrendInputs, spec: TrendSpec) -> TrendResult:
    """The series, the rhythm, the busiest days, the comparison and the near repeats.

    Raises
    ------
    UnknownArea
        The area is not in the workspace.
    NoIncidents
        No dated incident passes the filters in the area.
    """
    ev = inputs.events
    hoods = inputs.neighborhoods
    area = resolve_area(
        spec.area, neighborhoods=hoods, territories=inputs.territories, hotspots=inputs.hotspots
    )
    hood = inputs.hood
    if hood is None and hoods is not None:
        hood = containing_rows(ev.x, ev.y, hoods)
    dated = ~np.isnat(ev.when)
    if not dated.any():
        msg = "no incident has a date"
        raise NoIncidents(msg)
    first = pd.Timestamp(ev.when[dated].min()).date()
    last = pd.Timestamp(ev.when[dated].max()).date()
    start = max(spec.start or first, first)
    end = min(spec.end or last, last)
    if start > end:
        msg = f"no incident between {spec.start} and {spec.end}"
        raise NoIncidents(msg)
    keep = area_mask(ev.x, ev.y, area, hood=hood) & dated
    if spec.categories is not None:
        keep &= ev.is_category(spec.categories)
    window = Window.between(start, end)
    in_range, _ = window.masks(ev.when)
    n = int((keep & in_range).sum())
    if n == 0:
        msg = f"no incident in {spec.area.kind} {spec.area.id or ''} between {start} and {end}"
        raise NoIncidents(msg.replace("  ", " "))
    periods = Periods.ending(end, spec.months, first_day=first)
    weight = ev.harm if spec.measure == "harm" else None
    rh = rhythm(ev.when, ev.until, keep & in_range, weight=weight, measure=spec.measure)
    now, _ = periods.now.masks(ev.when)
    near = keep & now & np.isfinite(ev.x) & np.isfinite(ev.y)
    wants_homicide = spec.categories is None or "homicide" in spec.categories
    n_near = int(near.sum())
    run_knox = n_near >= MIN_KNOX and (spec.knox_max is None or n_near <= spec.knox_max)
    return TrendResult(
        spec=spec,
        area=area,
        start=start,
        end=end,
        n=n,
        series=series(
            ev,
            keep,
            start=start,
            end=end,
            step=spec.step,
            population=area.population,
            moving=spec.moving,
        ),
        homicide=homicide_rate(
            ev,
            keep if wants_homicide else np.zeros(len(ev), dtype=bool),
            start=start,
            end=end,
            population=area.population if wants_homicide else None,
        ),
        rhythm=rh,
        days=busiest_days(
            ev,
            keep,
            start=start,
            end=end,
            measure=spec.measure,
            top=spec.top_days,
            busiest=spec.busiest,
            own_days=inputs.own_days,
        ),
        periods=periods,
        comparison=compare(
            ev,
            keep,
            periods,
            population=area.population,
            hood=hood,
            neighborhoods=hoods,
            hood_rows=area.hoods,
        ),
        knox=knox(ev.x[near], ev.y[near], ev.when[near], spec=spec.knox) if run_knox else None,
        knox_n=n_near,
        knox_skipped=n_near >= MIN_KNOX and not run_knox,
        programs=program_starts(inputs.programs, area, hoods),
    )


#: The hot-spot analysis whose top zones are the ``hotspot`` areas: Gi* on harm, 250 m cells.
HOTSPOT_OPTIONS: dict[str, object] = {"weight": "harm", "cell_size": 250.0}
#: How many top hot spots are offered as areas.
HOTSPOT_AREAS = 10


def inputs_from_workspace(
    ws: Workspace, spec: TrendSpec, *, own_days: pd.DataFrame | None = None
) -> TrendInputs:
    """What :func:`run_trends` needs, read from a workspace (the CLI's way in).

    The incidents come from the sidecar (:meth:`Events.from_workspace`), the
    layers projected; the ``hotspot`` areas run Gi* (:data:`HOTSPOT_OPTIONS`)
    over the spec's dates and categories only when the area is one.
    """
    from models.hotspots import Filters as HotspotFilters
    from models.hotspots import load_inputs, run_hotspots, spec_for, top_hotspots

    def layer(name: str) -> gpd.GeoDataFrame | None:
        return ws.read(name, projected=True) if ws.has(name) else None

    hotspots = None
    if spec.area.kind == "hotspot":
        hs_inputs = load_inputs(ws)
        filters = HotspotFilters.of(spec.categories, spec.start, spec.end)
        result = run_hotspots(hs_inputs, spec_for("gi", **HOTSPOT_OPTIONS), filters=filters)
        top = top_hotspots(
            result, hs_inputs.public_spaces, hs_inputs.neighborhoods, n=HOTSPOT_AREAS
        )
        hotspots = top.to_crs(ws.projected_crs)
    return TrendInputs(
        events=Events.from_workspace(ws),
        neighborhoods=layer("neighborhoods"),
        territories=layer("territories"),
        programs=layer("programs"),
        hotspots=hotspots,
        own_days=own_days,
    )
