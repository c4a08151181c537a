"""Did it work? Impact of the programme on the treated barrios, against comparable ones.

A city's before/after says nothing about what would have happened without
the programme. This module estimates it as a difference in differences on
counts, the way the NYC Council's evaluation of Cure Violence and the
Bogotá hot-spot experiment (Blattman et al. 2021) did:

**Treatment** (:func:`treatment`). A barrio is *treated* from a start date:
inside a gestores territory by area (:func:`models.territories.assign`) from
the territory's ``start`` (or, when the layer has none, the earliest start of
the ``interruption`` programmes), or holding a programme of the chosen
components from that programme's ``start``. Starts may differ (staggered
adoption). An untreated barrio that touches a treated one (queen contiguity:
an edge or a corner) is a *neighbour* from the earliest start of the treated
barrios it touches; the others are *controls*.

**Panel** (:func:`panel`). Counts of the outcome (a category, a group or
all) per barrio and period (quarter or month; only whole periods between
``since`` and ``until``), with the barrio's population as exposure.

**Estimates** (:func:`analyse`, on a plain panel so a notebook can use it):

* the primary model: Poisson with barrio and period fixed effects, a
  log-population offset and standard errors clustered by barrio (pyfixest's
  ``fepois``, which matches R's ``fixest``), with two exposures, *treated
  after its start* and *neighbour after its start*; each is reported as a
  proportional change ``exp(b) - 1`` with its 95 % interval;
* an event study: the same model with one indicator per period relative to
  the start (the period before the start the reference, the ends binned),
  and the joint Wald test that the pre-period coefficients are zero;
* cross-checks: Callaway & Sant'Anna (2021) and the imputation estimator of
  Borusyak, Jaravel & Spiess (2024) from ``diff-diff``, robust to
  heterogeneous effects across staggered cohorts but additive on rates per
  100,000 (biased when trends are multiplicative and treated barrios start
  high), turned into proportional changes against the treated barrios'
  counterfactual; and randomisation inference: the Poisson coefficient
  recomputed with the treatment (its start dates) permuted among treated and
  control barrios within strata of their pre-period rate, for a p-value that
  does not lean on the number of clusters;
* displacement: the Weighted Displacement Quotient (Bowers & Johnson 2003)
  and the Weighted Displacement Difference with its standard error (Wheeler
  & Ratcliffe 2018) of the treated barrios and their neighbours against the
  controls, over equal windows before and after each cohort's start;
* the minimum detectable effect at 80 % power and 5 % two-sided for the data
  at hand, and per-barrio estimates (indicative only: wide intervals).

Models return facts and codes; the sentences come from the catalogue
(:mod:`models.evaluation_text`).
"""

from __future__ import annotations

import logging
import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, cast

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from scipy import stats

from geo import schema
from geo.aggregate import containing_rows
from geo.errors import CodedError
from geo.interpolate import area_shares
from geo.workspace import Workspace
from models import options
from models.events import CODES, Events, check_located

#: Where the treatment comes from; the periods (quarters, months); the outcome groups besides
#: single categories and ``all`` (written once in :mod:`models.options`).
TREATMENTS = options.TREATMENTS
STEPS = options.EVALUATION_STEPS
OUTCOME_GROUPS = options.OUTCOME_GROUPS
#: The component whose programmes date the gestores' start when the territories have none.
INTERRUPTION = "interruption"
#: The fewest treated barrios (with a pre-period) and control barrios an estimate needs.
MIN_TREATED = 3
MIN_CONTROLS = 3
#: The fewest periods before its start a treated barrio needs to count.
MIN_PRE = 2
#: Event-study leads and lags before the ends are binned, per step.
EVENT_LEADS: dict[str, int] = {"Q": 8, "M": 12}
EVENT_LAGS: dict[str, int] = {"Q": 8, "M": 24}
#: Permutations of the randomisation inference.
DEFAULT_PERMUTATIONS = options.DEFAULT_PERMUTATIONS
#: Strata of the pre-period rate the permutations keep (above and below the median).
STRATA = 2
#: Power and two-sided level of the minimum detectable effect.
POWER = 0.80
ALPHA = 0.05
#: Fewer treated barrios, or clusters, than this and the clustered errors are fragile.
FEW_TREATED = 10
FEW_CLUSTERS = 30
#: Treated barrios' pre-period rate over the controls' above which selection is flagged.
SELECTION_RATIO = 1.25
#: The lockdown months whose common shock the caveats name.
LOCKDOWN = (pd.Timestamp("2020-03-01"), pd.Timestamp("2020-08-31"))
#: A log rate ratio beyond this (a factor of 22,000) means the model separated: a group with
#: no incident on one side of the start.
MAX_COEF = 10.0
#: Barrios of each kind, as the panel's ``group`` names them.
GROUPS: tuple[str, ...] = ("treated", "neighbour", "control", "excluded")


class EvaluationError(CodedError):
    """The data cannot answer the question as asked (too few barrios, no pre-period); said as
    ``evaluation.error.<code>`` of the catalogue."""


def outcome_categories(outcome: str) -> tuple[str, ...]:
    """The category codes of an outcome: one category, a group's or ``all``."""
    if outcome == "all":
        return tuple(schema.CATEGORIES)
    if outcome in OUTCOME_GROUPS:
        return tuple(schema.GROUPS[cast(schema.CategoryGroup, outcome)])
    if outcome in schema.CATEGORIES:
        return (outcome,)
    choices = ", ".join(("all", *OUTCOME_GROUPS, *schema.CATEGORIES))
    msg = f"`outcome` must be one of {choices}; got {outcome!r}"
    raise EvaluationError(msg, "bad_outcome", outcome=outcome, choices=choices)


@dataclass(frozen=True)
class EvaluationSpec:
    """What is evaluated, on what, by period (frozen: the app's cache key).

    Attributes
    ----------
    treatment
        ``territories`` or ``programs`` (:data:`TREATMENTS`).
    components
        With ``programs``: the components whose programmes treat (empty: all).
    outcome
        A category code, a group (:data:`OUTCOME_GROUPS`) or ``all``.
    step
        ``Q`` (quarters) or ``M`` (months).
    since, until
        The window (whole periods only); ``None``: the data's first and last day.
    permutations
        Permutations of the randomisation inference (0: none).
    seed
        The permutations' seed.
    """

    treatment: str = "territories"
    components: tuple[str, ...] = ()
    outcome: str = "violence"
    step: str = "Q"
    since: date | None = None
    until: date | None = None
    permutations: int = DEFAULT_PERMUTATIONS
    seed: int = 0

    def __post_init__(self) -> None:
        if self.treatment not in TREATMENTS:
            msg = f"`treatment` must be one of {', '.join(TREATMENTS)}; got {self.treatment!r}"
            raise EvaluationError(msg, "bad_treatment", treatment=self.treatment)
        if self.step not in STEPS:
            msg = f"`step` must be one of {', '.join(STEPS)}; got {self.step!r}"
            raise EvaluationError(msg, "bad_step", step=self.step)
        bad = [c for c in self.components if c not in schema.COMPONENTS]
        if bad:
            choices = ", ".join(schema.COMPONENTS)
            msg = f"`components` must be among {choices}; got {', '.join(bad)}"
            raise EvaluationError(msg, "bad_component", component=bad[0], choices=choices)
        if self.components and self.treatment != "programs":
            msg = "`components` only applies to the `programs` treatment"
            raise EvaluationError(msg, "components_without_programs")
        outcome_categories(self.outcome)
        if self.since and self.until and self.since >= self.until:
            msg = f"`since` ({self.since}) must come before `until` ({self.until})"
            raise EvaluationError(msg, "bad_window", since=self.since, until=self.until)
        if self.permutations < 0:
            msg = f"`permutations` must be 0 or more; got {self.permutations}"
            raise EvaluationError(msg, "bad_permutations", n=self.permutations)

    @property
    def categories(self) -> tuple[str, ...]:
        return outcome_categories(self.outcome)


@dataclass(frozen=True, eq=False)
class EvaluationInputs:
    """The layers the evaluation reads, in the workspace's projected CRS.

    ``hood_of`` is each incident's row in ``hoods`` (-1: none).
    """

    hoods: gpd.GeoDataFrame
    territories: gpd.GeoDataFrame | None
    programs: pd.DataFrame | None
    events: Events
    hood_of: np.ndarray

    def __post_init__(self) -> None:
        check_located(self.hoods, self.events, self.hood_of)

    @classmethod
    def from_workspace(cls, ws: Workspace) -> EvaluationInputs:
        """Read ``ws``'s barrios, territories, programmes and incidents (the CLI's way in)."""
        hoods = ws.read("neighborhoods", projected=True)
        events = Events.from_workspace(ws)
        return cls(
            hoods=hoods,
            territories=ws.read_optional("territories", projected=True),
            programs=ws.read_optional("programs", projected=True),
            events=events,
            hood_of=containing_rows(events.x, events.y, hoods),
        )


# -- treatment ---------------------------------------------------------------------------------


def queen_pairs(geoms: gpd.GeoSeries | np.ndarray) -> np.ndarray:
    """Pairs ``(i, j)``, ``i < j``, of polygons that share an edge or a corner.

    Digitising gaps up to 0.1 % of the median polygon's side are forgiven (as
    :class:`models.districting.UnitGraph` does for rook adjacency).
    """
    arr = np.asarray(geoms)
    if len(arr) < 2:
        return np.empty((0, 2), dtype=np.int64)
    side = float(np.median(np.sqrt(shapely.area(arr))))
    tree = shapely.STRtree(arr)
    left, right = tree.query(arr, predicate="dwithin", distance=max(side * 1e-3, 1e-9))
    keep = left < right
    return np.column_stack([left[keep], right[keep]]).astype(np.int64)


@dataclass(frozen=True, eq=False)
class Treatment:
    """Who was treated and from when.

    Attributes
    ----------
    barrios
        One row per barrio, in the layer's order: ``neighborhood_id``,
        ``name``, ``population``, ``group`` (:data:`GROUPS`; ``excluded``:
        no population), ``start`` (a treated barrio's start, a neighbour's
        earliest adjacent start; NaT for controls), ``source`` (the territory
        or programmes that treat it; for a neighbour, the treated barrios it
        touches).
    origin
        Where the starts come from: ``column`` (the territories' ``start``),
        ``programs`` (the interruption programmes) or ``programs_by_barrio``.
    unplaced
        Programmes of the chosen components with no barrio (no
        ``neighborhood_id`` matching and no polygon).
    undated
        Territories or programmes with no start (they treat nothing).
    """

    barrios: pd.DataFrame
    origin: str
    unplaced: tuple[str, ...] = ()
    undated: tuple[str, ...] = ()

    def count(self, group: str) -> int:
        return int((self.barrios["group"] == group).sum())


def _start_column(frame: pd.DataFrame | None) -> pd.Series:
    if frame is None or "start" not in frame.columns:
        return pd.Series(pd.NaT, index=[] if frame is None else frame.index, dtype="datetime64[s]")
    return pd.to_datetime(frame["start"], errors="coerce").dt.tz_localize(None)


def _programme_barrios(
    hoods: gpd.GeoDataFrame, programs: pd.DataFrame
) -> tuple[list[list[int]], list[str]]:
    """Each programme's barrio rows: its ``neighborhood_id``, else the barrios its polygon
    holds most of (over half their area), else (a site, a point) the barrio holding a point on
    its surface; the ids of programmes placed nowhere."""
    ids = hoods["neighborhood_id"].astype(str).to_numpy()
    position = {h: k for k, h in enumerate(ids)}
    rows: list[list[int]] = [[] for _ in range(len(programs))]
    by_id = (
        programs["neighborhood_id"].astype("string").fillna("").to_numpy()
        if "neighborhood_id" in programs.columns
        else np.full(len(programs), "")
    )
    geometry = programs.geometry if isinstance(programs, gpd.GeoDataFrame) else None
    shaped: list[int] = []
    for k, hood in enumerate(by_id):
        if hood in position:
            rows[k] = [position[hood]]
        elif (
            geometry is not None and geometry.iloc[k] is not None and not geometry.iloc[k].is_empty
        ):
            shaped.append(k)
    if shaped and geometry is not None:
        polys = (
            geometry.iloc[shaped].to_crs(hoods.crs)
            if geometry.crs != hoods.crs
            else geometry.iloc[shaped]
        )
        pairs = area_shares(hoods.geometry, polys.reset_index(drop=True))
        held = pairs[pairs["share"] > 0.5]
        for source, target in zip(held["source"], held["target"], strict=True):
            rows[shaped[int(target)]].append(int(source))
        # a site smaller than half of every barrio it touches (a park, a school, a point):
        # the barrio that holds a point on its surface
        small = [k for k in range(len(shaped)) if not rows[shaped[k]]]
        if small:
            spots = shapely.point_on_surface(polys.iloc[small].to_numpy())
            holder = containing_rows(shapely.get_x(spots), shapely.get_y(spots), hoods)
            for k, h in zip(small, holder, strict=True):
                if h >= 0:
                    rows[shaped[k]].append(int(h))
    unplaced = [str(p) for p, r in zip(programs["program_id"], rows, strict=True) if not r]
    return rows, unplaced


def treatment(inputs: EvaluationInputs, spec: EvaluationSpec) -> Treatment:
    """Who was treated and from when, and their neighbours (module docstring)."""
    from models.territories import assign

    hoods = inputs.hoods
    n = len(hoods)
    start = np.full(n, np.datetime64("NaT"), dtype="datetime64[s]")
    source = np.full(n, "", dtype=object)
    unknown = np.zeros(n, dtype=bool)
    undated: list[str] = []
    unplaced: list[str] = []
    programs = inputs.programs
    if spec.treatment == "territories":
        terr = inputs.territories
        if terr is None or not len(terr):
            msg = "the workspace has no `territories` layer to take the treatment from"
            raise EvaluationError(msg, "no_territories")
        starts = _start_column(terr)
        origin = "column"
        if starts.isna().all():
            origin = "programs"
            fallback = pd.NaT
            if programs is not None and len(programs):
                inter = programs[programs["component"].astype(str) == INTERRUPTION]
                fallback = _start_column(inter).min()
            if pd.isna(fallback):
                msg = (
                    "the territories have no `start` and there is no dated interruption "
                    "programme to take it from"
                )
                raise EvaluationError(msg, "no_start")
            starts = pd.Series(fallback, index=terr.index)
        undated = [str(t) for t, s in zip(terr["territory_id"], starts, strict=True) if pd.isna(s)]
        a = assign(hoods, terr)
        inside = a.row >= 0
        stamp = starts.to_numpy(dtype="datetime64[s]")
        start[inside] = stamp[a.row[inside]]
        source[inside] = terr["territory_id"].astype(str).to_numpy()[a.row[inside]]
        # inside a territory with no start: treated from an unknown date, neither a control
        unknown[inside] = np.isnat(start[inside])
    else:
        origin = "programs_by_barrio"
        if programs is None or not len(programs):
            msg = "the workspace has no `programs` layer to take the treatment from"
            raise EvaluationError(msg, "no_programs")
        chosen = programs
        if spec.components:
            chosen = programs[programs["component"].astype(str).isin(spec.components)]
        if not len(chosen):
            msg = f"no programme has the components {', '.join(spec.components)}"
            raise EvaluationError(msg, "no_component", components=", ".join(spec.components))
        chosen = chosen.reset_index(drop=True)
        starts = _start_column(chosen)
        rows, unplaced = _programme_barrios(hoods, chosen)
        for k, (hit, s) in enumerate(zip(rows, starts, strict=True)):
            if pd.isna(s):
                undated.append(str(chosen["program_id"].iloc[k]))
                unknown[hit] = True
                continue
            stamp = np.datetime64(pd.Timestamp(s).to_datetime64(), "s")
            for r in hit:
                if np.isnat(start[r]) or stamp < start[r]:
                    start[r] = stamp
                source[r] = ", ".join(filter(None, [source[r], str(chosen["program_id"].iloc[k])]))
    treated = ~np.isnat(start)
    unknown &= ~treated
    group = np.where(treated, "treated", "control").astype(object)
    nstart = np.full(n, np.datetime64("NaT"), dtype="datetime64[s]")
    touching: list[list[str]] = [[] for _ in range(n)]
    ids = hoods["neighborhood_id"].astype(str).to_numpy()
    for i, j in queen_pairs(hoods.geometry.to_numpy()):
        for a_, b_ in ((i, j), (j, i)):
            if treated[b_] and not treated[a_]:
                touching[a_].append(str(ids[b_]))
                if np.isnat(nstart[a_]) or start[b_] < nstart[a_]:
                    nstart[a_] = start[b_]
    neighbour = ~treated & ~np.isnat(nstart)
    group[neighbour] = "neighbour"
    start[neighbour] = nstart[neighbour]
    source[neighbour] = [", ".join(sorted(touching[k])) for k in np.flatnonzero(neighbour)]
    population = pd.to_numeric(hoods["population"], errors="coerce").to_numpy(float)
    group[~(population > 0) | unknown] = "excluded"
    barrios = pd.DataFrame(
        {
            "neighborhood_id": ids,
            "name": hoods["name"].astype(str).to_numpy() if "name" in hoods else ids,
            "population": population,
            "group": group,
            "start": pd.to_datetime(start),
            "source": source,
        }
    )
    return Treatment(
        barrios=barrios, origin=origin, unplaced=tuple(unplaced), undated=tuple(undated)
    )


# -- the panel ---------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Panel:
    """Counts per barrio and period, with each barrio's exposure.

    Attributes
    ----------
    frame
        One row per (barrio, period): ``unit`` (the barrio's id), ``period``
        (0, 1, …), ``y`` (the count), ``population``, ``group``
        (``treated``, ``neighbour``, ``control``), ``first`` (the period of a
        treated barrio's start, NaN otherwise) and ``neighbour_first`` (a
        neighbour's).
    periods
        The periods, in order (``period`` indexes it).
    step
        ``Q`` or ``M``.
    early
        Treated barrios, and neighbours, dropped because they started (were
        exposed) fewer than :data:`MIN_PRE` periods into the window.
    late
        Treated barrios whose start is after the window (kept as not treated
        within it: they count as controls).
    outside
        Incidents of the outcome in the window outside every barrio.
    """

    frame: pd.DataFrame
    periods: pd.PeriodIndex
    step: str
    early: tuple[str, ...] = ()
    late: tuple[str, ...] = ()
    outside: int = 0

    @property
    def n_periods(self) -> int:
        return len(self.periods)

    def units(self, group: str) -> list[str]:
        return sorted(self.frame.loc[self.frame["group"] == group, "unit"].unique().tolist())


def _whole_periods(first: date, last: date, step: str) -> pd.PeriodIndex:
    """The periods of ``step`` that lie wholly between ``first`` and ``last``."""
    start = pd.Period(first, freq=step)
    if start.start_time.date() < first:
        start += 1
    end = pd.Period(last, freq=step)
    if end.end_time.date() > last:
        end -= 1
    if end < start:
        return pd.period_range(start=start, periods=0, freq=step)
    return pd.period_range(start=start, end=end, freq=step)


def panel(inputs: EvaluationInputs, spec: EvaluationSpec, treat: Treatment) -> Panel:
    """The outcome's counts per barrio and whole period (module docstring)."""
    ev = inputs.events
    when = ev.when
    dated = ~np.isnat(when)
    if not dated.any():
        msg = "the incidents have no dates to count by period"
        raise EvaluationError(msg, "no_incidents")
    # never beyond the data: a period with no record is no evidence of no incident
    data_first = pd.Timestamp(when[dated].min()).date()
    data_last = pd.Timestamp(when[dated].max()).date()
    first = max(spec.since, data_first) if spec.since else data_first
    last = min(spec.until, data_last) if spec.until else data_last
    periods = _whole_periods(first, last, spec.step)
    if len(periods) < MIN_PRE + 2:
        msg = (
            f"the window {first} to {last} holds {len(periods)} whole periods of {spec.step}; "
            f"at least {MIN_PRE + 2} are needed"
        )
        raise EvaluationError(msg, "short_window", periods=len(periods), since=first, until=last)
    lo = periods[0].start_time.to_datetime64()
    hi = periods[-1].end_time.to_datetime64()
    wanted = np.isin(ev.code, [CODES.index(c) for c in spec.categories])
    inside = dated & wanted & (when >= lo) & (when <= hi)
    outside = int((inside & (inputs.hood_of < 0)).sum())
    keep = inside & (inputs.hood_of >= 0)
    # period positions from the periods' ordinals (no offset object per incident)
    p_idx = pd.DatetimeIndex(when[keep]).to_period(spec.step).asi8 - periods[0].ordinal
    n_h, n_p = len(inputs.hoods), len(periods)
    counts = np.bincount(
        inputs.hood_of[keep] * n_p + p_idx.astype(np.int64), minlength=n_h * n_p
    ).reshape(n_h, n_p)

    b = treat.barrios
    start_period = np.full(len(b), np.nan)
    has = b["start"].notna().to_numpy()
    if has.any():
        sp = pd.DatetimeIndex(b.loc[has, "start"]).to_period(spec.step)
        start_period[has] = sp.asi8 - periods[0].ordinal
    group = b["group"].to_numpy(object).copy()
    ids = b["neighborhood_id"].to_numpy()
    is_treated = group == "treated"
    if is_treated.any() and (start_period[is_treated] >= n_p).all():
        msg = (
            f"every treated barrio starts after the window ({periods[-1]}): there is no after "
            "to compare"
        )
        raise EvaluationError(msg, "no_post", last=str(periods[-1]))
    late = is_treated & (start_period >= n_p)
    early = is_treated & (start_period < MIN_PRE)
    group[late] = "control"
    # a neighbour exposed from (nearly) the window's start has no before either
    early |= (group == "neighbour") & (start_period < MIN_PRE)
    group[early] = "excluded"
    # a neighbour only of barrios treated after the window is a control within it
    group[(group == "neighbour") & (start_period >= n_p)] = "control"
    use = np.isin(group, ("treated", "neighbour", "control"))
    rows = np.flatnonzero(use)
    frame = pd.DataFrame(
        {
            "unit": np.repeat(ids[rows], n_p),
            "period": np.tile(np.arange(n_p), len(rows)),
            "y": counts[rows].ravel().astype(float),
            "population": np.repeat(b["population"].to_numpy(float)[rows], n_p),
            "group": np.repeat(group[rows], n_p),
            "first": np.repeat(np.where(group[rows] == "treated", start_period[rows], np.nan), n_p),
            "neighbour_first": np.repeat(
                np.where(group[rows] == "neighbour", np.maximum(start_period[rows], 0), np.nan),
                n_p,
            ),
        }
    )
    return Panel(
        frame=frame,
        periods=periods,
        step=spec.step,
        early=tuple(ids[early]),
        late=tuple(ids[late]),
        outside=outside,
    )


def check_panel(frame: pd.DataFrame) -> None:
    """Enough treated barrios with a pre-period and enough controls, or an :class:`EvaluationError`."""
    treated = frame.loc[frame["group"] == "treated", "unit"].nunique()
    controls = frame.loc[frame["group"] == "control", "unit"].nunique()
    if treated < MIN_TREATED:
        msg = (
            f"{treated} treated barrios with at least {MIN_PRE} periods before their start; "
            f"at least {MIN_TREATED} are needed"
        )
        raise EvaluationError(msg, "few_treated", n=treated, minimum=MIN_TREATED, pre=MIN_PRE)
    if controls < MIN_CONTROLS:
        msg = (
            f"{controls} control barrios (neither treated nor next to a treated one); "
            f"at least {MIN_CONTROLS} are needed"
        )
        raise EvaluationError(msg, "few_controls", n=controls, minimum=MIN_CONTROLS)


# -- estimates ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Estimate:
    """A proportional change (``-0.30`` for -30 %) with its 95 % interval and p-value.

    ``coef`` and ``se`` are on the model's scale (log for Poisson, rate per
    100,000 for the levels estimators).
    """

    estimate: float
    ci_low: float
    ci_high: float
    p: float
    coef: float = math.nan
    se: float = math.nan

    def as_dict(self) -> dict[str, float | None]:
        return {
            "estimate": _clean(self.estimate),
            "ci_low": _clean(self.ci_low),
            "ci_high": _clean(self.ci_high),
            "p": _clean(self.p),
        }

    @property
    def significant(self) -> bool:
        return math.isfinite(self.p) and self.p < ALPHA


def _design(frame: pd.DataFrame) -> pd.DataFrame:
    d = frame.copy()
    d["log_pop"] = np.log(d["population"])
    d["treat"] = (d["period"] >= d["first"]).astype(float)
    d["neigh"] = (d["period"] >= d["neighbour_first"]).astype(float)
    return d


def _clusters(frame: pd.DataFrame) -> tuple[tuple[str, ...], int]:
    """The barrios with no incident in the panel (the model drops them), and the number of
    barrios left: the clusters ``G`` of the clustered errors."""
    totals = frame.groupby("unit")["y"].sum()
    return tuple(sorted(totals.index[totals <= 0].astype(str))), int((totals > 0).sum())


def _varies(d: pd.DataFrame, column: str) -> bool:
    """Whether ``column`` changes within some barrio: an exposure constant within every barrio
    (a neighbour exposed over the whole window) is absorbed by the barrio effects."""
    return bool(d.groupby("unit")[column].nunique().gt(1).any())


def _fepois(formula: str, data: pd.DataFrame, vcov: object = None) -> Any:
    """pyfixest's ``fepois`` with the log-population offset, quietly (its notices are facts we
    report ourselves: the barrios dropped for having no incident).

    A barrio or a period with no count at all has a fixed effect of minus infinity (the
    separation pyfixest's ``"fe"`` check finds): its rows are left out here, which is what
    that check does, in one pass (dropping all-zero barrios leaves every period's total as it
    was, and the other way round), and a third of the fit's time cheaper.
    """
    import pyfixest as pf

    keep = (data.groupby("unit")["y"].transform("sum").to_numpy() > 0) & (
        data.groupby("period")["y"].transform("sum").to_numpy() > 0
    )
    if not keep.all():
        data = data[keep]

    # pyfixest 0.60 runs logging.basicConfig(level=INFO) when it first loads one of its modules
    # (estimation/models/feols_compressed_.py), after which every library's INFO lines reach
    # stderr: the root logger is put back as it was
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return pf.fepois(
                formula,
                data=data,
                offset="log_pop",
                vcov=vcov if vcov is not None else {"CRV1": "unit"},
                separation_check=[],
            )
    finally:
        for handler in root.handlers[:]:
            if handler not in handlers:
                root.removeHandler(handler)
        root.setLevel(level)


def _estimates(fit: Any, df: int | None = None) -> dict[str, Estimate]:
    """Every coefficient of a fit as a proportional change with its 95 % interval and p-value:
    Student's t with ``df`` degrees of freedom (``G - 1`` for errors clustered in ``G``
    barrios, as R's fixest does; pyfixest 0.60's ``fepois`` uses the normal), or the normal
    when ``df`` is ``None``. A coefficient without a finite standard error, or so large that
    the model has separated (a rate of zero), is left out."""
    out: dict[str, Estimate] = {}
    crit = stats.t.ppf(0.975, df) if df else stats.norm.ppf(0.975)
    tail = stats.t(df) if df else stats.norm()
    for name, coef, se in zip(fit.coef().index, fit.coef(), fit.se(), strict=True):
        coef, se = float(coef), float(se)
        if not (math.isfinite(se) and se > 0 and abs(coef) < MAX_COEF):
            continue
        out[str(name)] = Estimate(
            estimate=math.expm1(coef),
            ci_low=math.expm1(coef - crit * se),
            ci_high=math.expm1(coef + crit * se),
            p=float(2 * tail.sf(abs(coef / se))),
            coef=coef,
            se=se,
        )
    return out


@dataclass(frozen=True)
class Primary:
    """The primary model's treated and neighbour effects, and its sample."""

    treated: Estimate
    neighbours: Estimate | None
    n_obs: int
    n_clusters: int
    dropped: tuple[str, ...]


def fit_primary(frame: pd.DataFrame) -> Primary:
    """Poisson with barrio and period effects, log-population offset, errors clustered by
    barrio: ``y ~ treat + neigh | unit + period``."""
    d = _design(frame)
    has_neigh = _varies(d, "neigh")
    fit = _fepois(
        "y ~ treat + neigh | unit + period" if has_neigh else "y ~ treat | unit + period", d
    )
    dropped, clusters = _clusters(d)
    said = _estimates(fit, clusters - 1)
    if "treat" not in said:
        msg = "the model separated: the treated barrios' rate is zero on one side of the start"
        raise EvaluationError(msg, "model_failed", error=msg)
    return Primary(
        treated=said["treat"],
        neighbours=said.get("neigh") if has_neigh else None,
        n_obs=int(fit._N),
        n_clusters=clusters,
        dropped=dropped,
    )


def mde(se: float, power: float = POWER, alpha: float = ALPHA) -> float:
    """The smallest reduction (a positive share) a test at ``alpha`` detects with ``power``,
    for a log-scale standard error ``se``: ``1 - exp(-(z(1-α/2) + z(power))·se)``."""
    z = stats.norm.ppf(1 - alpha / 2) + stats.norm.ppf(power)
    return float(-math.expm1(-z * se))


def _rel_name(k: int) -> str:
    return f"lead{-k}" if k < 0 else f"lag{k}"


@dataclass(frozen=True, eq=False)
class EventStudy:
    """Coefficients by period relative to the start.

    ``table`` has one row per relative period from ``-leads`` to ``lags``
    (``-1`` the reference, 0 by definition): ``rel``, ``binned`` (the end
    bins hold every period beyond), ``estimate``, ``ci_low``, ``ci_high``
    (proportional), ``coef``, ``se``, ``p``. ``pre_trend_p`` is the joint
    Wald test that the leads are all zero, as ``F(q, G - 1)`` (``pre_trend_stat``
    its statistic, ``pre_trend_df`` its ``q``); with few clusters a joint
    test of many leads still rejects too often, so ``pre_mean`` (the average
    lead, proportional) and ``pre_mean_p`` (its t test with ``G - 1`` degrees
    of freedom) give the one-degree-of-freedom test the caveats rest on.
    """

    table: pd.DataFrame
    pre_trend_p: float
    pre_trend_stat: float
    pre_trend_df: int
    pre_mean: float = math.nan
    pre_mean_p: float = math.nan


def fit_event_study(frame: pd.DataFrame, step: str) -> EventStudy:
    """The event study (module docstring), neighbours' exposure as one post indicator."""
    d = _design(frame)
    n_p = int(d["period"].max()) + 1
    firsts = d.loc[d["group"] == "treated", "first"].dropna()
    leads = int(min(EVENT_LEADS[step], firsts.max()))
    lags = int(min(EVENT_LAGS[step], n_p - 1 - firsts.min()))
    rel = d["period"] - d["first"]
    names: list[str] = []
    ks = [k for k in range(-leads, lags + 1) if k != -1]
    for k in ks:
        col = _rel_name(k)
        if k == -leads:
            hit = rel <= k
        elif k == lags:
            hit = rel >= k
        else:
            hit = rel == k
        d[col] = hit.fillna(False).astype(float)
        if d[col].any():
            names.append(col)
    has_neigh = _varies(d, "neigh")
    rhs = " + ".join(names + (["neigh"] if has_neigh else []))
    fit = _fepois(f"y ~ {rhs} | unit + period", d)
    coefs = fit.coef()
    clusters = _clusters(d)[1]
    said = _estimates(fit, clusters - 1)
    rows = []
    for k in range(-leads, lags + 1):
        col = _rel_name(k)
        binned = k in (-leads, lags) and k not in (-1, 0)
        if k == -1:
            rows.append((k, False, 0.0, 0.0, 0.0, 0.0, 0.0, math.nan))
        elif col in said:
            e = said[col]
            rows.append((k, binned, e.estimate, e.ci_low, e.ci_high, e.coef, e.se, e.p))
        else:
            rows.append((k, binned, *(math.nan,) * 6))
    table = pd.DataFrame(
        rows, columns=["rel", "binned", "estimate", "ci_low", "ci_high", "coef", "se", "p"]
    )
    pre = [c for c in coefs.index if c.startswith("lead") and c in said]
    stat, df, p, mean, mean_p = math.nan, 0, math.nan, math.nan, math.nan
    if pre:
        idx = [list(coefs.index).index(c) for c in pre]
        b = coefs.to_numpy()[idx]
        v = np.asarray(fit._vcov)[np.ix_(idx, idx)]
        df = len(pre)
        # F(q, G - 1): the small-sample form of the clustered Wald test (chi-squared over q
        # rejects far too often with some fifty barrios)
        stat = float(b @ np.linalg.pinv(v) @ b) / df
        p = float(stats.f.sf(stat, df, max(clusters - 1, 1)))
        # the average lead, one degree of freedom: calibrated where the joint test is not
        ones = np.ones(df) / df
        se = math.sqrt(max(float(ones @ v @ ones), 0.0))
        mean = float(b.mean())
        if se > 0:
            mean_p = float(2 * stats.t.sf(abs(mean / se), max(clusters - 1, 1)))
        mean = math.expm1(mean)
    return EventStudy(
        table=table,
        pre_trend_p=p,
        pre_trend_stat=stat,
        pre_trend_df=df,
        pre_mean=mean,
        pre_mean_p=mean_p,
    )


# -- cross-checks ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    """One estimator's answer for the agreement table.

    ``method``: ``poisson`` (the primary), ``callaway_santanna``,
    ``imputation`` or ``randomisation``; ``scale``: ``multiplicative`` or
    ``levels``; ``att_rate`` the levels estimators' average effect in
    incidents per 100,000 residents per period; ``agrees`` whether its
    interval overlaps the primary's (``None`` for the primary itself).
    """

    method: str
    scale: str
    estimate: Estimate
    att_rate: float = math.nan
    agrees: bool | None = None


def _levels(frame: pd.DataFrame) -> tuple[pd.DataFrame, float]:
    """The treated and control barrios as diff-diff wants them (rate per 100,000, periods from
    1, never treated 0), and the treated barrios' mean rate after their start."""
    d = frame[frame["group"].isin(("treated", "control"))].copy()
    d["rate"] = d["y"] / d["population"] * 1e5
    d["time"] = d["period"] + 1
    d["first_treat"] = (d["first"].fillna(-1) + 1).astype(int)
    post = d["first_treat"].gt(0) & d["time"].ge(d["first_treat"])
    return d, float(d.loc[post, "rate"].mean())


def _proportional(
    att: float, se: float, ci: tuple[float, float], p: float, post_rate: float
) -> Estimate:
    """A levels ATT as a change against the treated barrios' counterfactual (the post-start
    rate without the effect); the interval scales by the same denominator."""
    base = post_rate - att
    if not base > 0:
        return Estimate(math.nan, math.nan, math.nan, p, att, se)
    return Estimate(att / base, ci[0] / base, ci[1] / base, p, att, se)


def fit_levels(frame: pd.DataFrame) -> list[Check]:
    """Callaway & Sant'Anna and the imputation estimator on rates (never-treated controls,
    neighbours left out), clustered by barrio."""
    from diff_diff import CallawaySantAnna, ImputationDiD

    d, post_rate = _levels(frame)
    out: list[Check] = []
    estimators: list[tuple[str, Callable[[], object]]] = [
        (
            "callaway_santanna",
            lambda: CallawaySantAnna(control_group="never_treated", cluster="unit").fit(
                d, outcome="rate", unit="unit", time="time", first_treat="first_treat"
            ),
        ),
        (
            "imputation",
            lambda: ImputationDiD(cluster="unit").fit(
                d, outcome="rate", unit="unit", time="time", first_treat="first_treat"
            ),
        ),
    ]
    for method, run in estimators:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                r: Any = run()
            except (ValueError, np.linalg.LinAlgError):
                continue
        att = float(r.overall_att)
        se = float(r.overall_se)
        lo, hi = (float(v) for v in r.overall_conf_int)
        p = float(r.overall_p_value)
        out.append(Check(method, "levels", _proportional(att, se, (lo, hi), p, post_rate), att))
    return out


@dataclass(frozen=True, eq=False)
class Randomisation:
    """Randomisation inference: the observed coefficient, the permuted ones, the p-value."""

    observed: float
    permuted: np.ndarray
    p: float
    strata: int


def _strata(frame: pd.DataFrame, k: int) -> pd.Series:
    """Each unit's stratum of pre-period rate (the periods before the earliest start)."""
    pre = _before(frame)
    rate = pre.groupby("unit")["y"].sum() / pre.groupby("unit")["population"].first()
    ranks = rate.rank(method="first")
    strata = (np.ceil(ranks / len(rate) * k) - 1).clip(0, k - 1).astype(int)
    # a stratum without treated or without control barrios permutes nothing: one stratum then
    treated = frame.groupby("unit")["first"].first().notna().reindex(strata.index)
    for s in range(k):
        members = treated[strata == s]
        if len(members) and (members.all() or not members.any()):
            return pd.Series(0, index=strata.index)
    return strata


def randomisation(
    frame: pd.DataFrame,
    permutations: int,
    seed: int = 0,
    progress: Callable[[float], None] | None = None,
) -> Randomisation:
    """Permute the treated barrios' starts among treated and control barrios (neighbours left
    out) within :data:`STRATA` strata of pre-period rate (one stratum when one of them lacks
    treated or control barrios); two-sided p-value of the Poisson coefficient,
    ``(1 + #{|b*| >= |b|}) / (1 + permutations)``, never below ``1 / (1 + permutations)``."""
    d = _design(frame[frame["group"].isin(("treated", "control"))])
    d["neighbour_first"] = np.nan
    firsts = d.groupby("unit")["first"].first()
    strata = _strata(d, STRATA).reindex(firsts.index).fillna(0).astype(int)
    observed = float(_fepois("y ~ treat | unit + period", d, "iid").coef()["treat"])
    rng = np.random.default_rng(seed)
    out = np.full(permutations, np.nan)
    units = d["unit"].to_numpy()
    for i in range(permutations):
        shuffled = firsts.copy()
        for s in np.unique(strata.to_numpy()):
            members = strata.index[strata.to_numpy() == s]
            shuffled[members] = rng.permutation(firsts[members].to_numpy())
        first = shuffled.reindex(units).to_numpy()
        d["treat"] = (d["period"].to_numpy() >= first).astype(float)
        if d["treat"].any():
            try:
                out[i] = float(_fepois("y ~ treat | unit + period", d, "iid").coef()["treat"])
            except (ValueError, KeyError):  # an assignment the model cannot fit: not counted
                out[i] = math.nan
        if progress is not None:
            progress((i + 1) / permutations)
    valid = out[np.isfinite(out)]
    p = float((1 + np.sum(np.abs(valid) >= abs(observed) - 1e-12)) / (1 + len(valid)))
    return Randomisation(observed=observed, permuted=out, p=p, strata=int(strata.nunique()))


# -- displacement ------------------------------------------------------------------------------


@dataclass(frozen=True)
class WDD:
    """Wheeler & Ratcliffe's Weighted Displacement Difference: ``estimate`` (incidents; negative:
    fewer than expected), its standard error, ``z`` and two-sided ``p``."""

    estimate: float
    se: float
    z: float
    p: float


def wdq(
    t_before: float,
    t_after: float,
    c_before: float,
    c_after: float,
    d_before: float,
    d_after: float,
) -> float:
    """Bowers & Johnson's Weighted Displacement Quotient,
    ``(Da/Ca - Db/Cb) / (Ta/Ca - Tb/Cb)``: positive, a diffusion of benefits to the
    buffer; negative, displacement (below -1, more displaced than prevented). NaN when the
    treated area did not improve against the control (the quotient means nothing)."""
    if min(c_before, c_after) <= 0:
        return math.nan
    success = t_after / c_after - t_before / c_before
    if not success < 0:
        return math.nan
    return (d_after / c_after - d_before / c_before) / success


def wdd(
    t_before: float,
    t_after: float,
    c_before: float,
    c_after: float,
    d_before: float = 0.0,
    d_after: float = 0.0,
    dc_before: float | None = None,
    dc_after: float | None = None,
) -> WDD:
    """The Weighted Displacement Difference of Wheeler & Ratcliffe (2018):
    ``(Ta - Tb) - (Ca - Cb) + (Da - Db) - (DCa - DCb)``, its variance the sum of the
    eight counts (each a Poisson count). ``dc`` is the displacement area's own control
    (none: the displacement area is compared with nothing)."""
    dcb = 0.0 if dc_before is None else dc_before
    dca = 0.0 if dc_after is None else dc_after
    est = (t_after - t_before) - (c_after - c_before) + (d_after - d_before) - (dca - dcb)
    var = t_before + t_after + c_before + c_after + d_before + d_after + dcb + dca
    return _wdd(est, var)


def _wdd(est: float, var: float) -> WDD:
    se = math.sqrt(var) if var > 0 else math.nan
    z = est / se if se > 0 else math.nan
    p = float(2 * stats.norm.sf(abs(z))) if math.isfinite(z) else math.nan
    return WDD(estimate=est, se=se, z=z, p=p)


def weighted_wdd(
    t_before: float,
    t_after: float,
    c_before: float,
    c_after: float,
    d_before: float,
    d_after: float,
) -> WDD:
    """The WDD with one control area much larger than the treated and buffer areas: the
    control's change is scaled to each area's before count (``w_t = Tb/Cb``, ``w_d = Db/Cb``),
    ``(Ta - Tb) + (Da - Db) - (w_t + w_d)(Ca - Cb)``, variance
    ``Ta + Tb + Da + Db + (w_t + w_d)²(Ca + Cb)``: the same control serves both areas, so its
    variance counts ``(w_t + w_d)²`` times (with ``w = 1`` the estimate is :func:`wdd`'s with
    the control as both areas' control, the variance ``4(Ca + Cb)`` instead of ``2(Ca + Cb)``,
    which would treat the two uses as independent)."""
    if c_before <= 0:
        return WDD(math.nan, math.nan, math.nan, math.nan)
    w = t_before / c_before + d_before / c_before
    est = (t_after - t_before) + (d_after - d_before) - w * (c_after - c_before)
    var = t_before + t_after + d_before + d_after + w * w * (c_before + c_after)
    return _wdd(est, var)


@dataclass(frozen=True)
class Displacement:
    """The treated barrios (``t``), their neighbours (``d``) and the controls (``c``) before
    and after, over ``periods`` periods each side of every cohort's start; the WDQ and the
    WDD (:func:`weighted_wdd`)."""

    periods: int
    t_before: float
    t_after: float
    c_before: float
    c_after: float
    d_before: float
    d_after: float
    wdq: float
    wdd: WDD


def displacement(frame: pd.DataFrame) -> Displacement | None:
    """WDQ and WDD over each cohort's equal windows (``None`` without neighbours exposed from a
    treated cohort's start). The WDQ is of the counts summed over cohorts; the WDD is the sum
    of each cohort's :func:`weighted_wdd`, and its variance counts each control incident once
    (a control period inside several cohorts' windows carries its net weight), so overlapping
    windows do not shrink the standard error. With one cohort it is :func:`weighted_wdd`."""
    cohorts = sorted(frame.loc[frame["group"] == "treated", "first"].dropna().unique())
    if not frame["neighbour_first"].isin(cohorts).any():
        return None
    n_p = int(frame["period"].max()) + 1
    span = int(min(min(c, n_p - c) for c in cohorts))
    sums = dict.fromkeys(("tb", "ta", "cb", "ca", "db", "da"), 0.0)
    period = frame["period"]
    control = frame[frame["group"] == "control"].groupby("period")["y"].sum()
    control = control.reindex(range(n_p), fill_value=0.0).to_numpy(float)
    # each control period's weight in the WDD summed over cohorts: a period in one cohort's
    # after and another's before counts once, with its net weight, in the variance
    weight = np.zeros(n_p)
    est = var = 0.0
    for c in cohorts:
        before = (period >= c - span) & (period < c)
        after = (period >= c) & (period < c + span)
        one: dict[str, float] = {}
        for key, mask in (("t", frame["first"] == c), ("d", frame["neighbour_first"] == c)):
            one[f"{key}b"] = float(frame.loc[mask & before, "y"].sum())
            one[f"{key}a"] = float(frame.loc[mask & after, "y"].sum())
        lo, mid, hi = int(c) - span, int(c), int(c) + span
        one["cb"], one["ca"] = float(control[lo:mid].sum()), float(control[mid:hi].sum())
        for key, value in one.items():
            sums[key] += value
        if one["cb"] > 0:
            w = (one["tb"] + one["db"]) / one["cb"]
            est += (one["ta"] - one["tb"]) + (one["da"] - one["db"]) - w * (one["ca"] - one["cb"])
            var += one["ta"] + one["tb"] + one["da"] + one["db"]
            weight[lo:mid] -= w
            weight[mid:hi] += w
    var += float(np.sum(weight**2 * control))
    args = (sums["tb"], sums["ta"], sums["cb"], sums["ca"], sums["db"], sums["da"])
    return Displacement(span, *args, wdq=wdq(*args), wdd=_wdd(est, var))


# -- per barrio --------------------------------------------------------------------------------


def per_barrio(frame: pd.DataFrame) -> pd.DataFrame:
    """Each treated barrio's own effect (indicative only: one barrio's counts are few), from one
    Poisson model with a post indicator per treated barrio; in the barrios' id order, never
    ranked. Columns ``unit``, ``estimate``, ``ci_low``, ``ci_high``, ``p``."""
    d = _design(frame)
    units = sorted(d.loc[d["group"] == "treated", "unit"].unique())
    names = []
    for k, u in enumerate(units):
        col = f"b{k}"
        d[col] = ((d["unit"] == u) & (d["treat"] > 0)).astype(float)
        names.append(col)
    has_neigh = _varies(d, "neigh")
    # heteroskedasticity-robust errors: clustered by barrio, the one barrio that identifies its
    # own coefficient would have a score of exactly zero and its noise would never count
    fit = _fepois(
        f"y ~ {' + '.join(names + (['neigh'] if has_neigh else []))} | unit + period", d, "hetero"
    )
    said = _estimates(fit)
    rows = []
    for col, u in zip(names, units, strict=True):
        if col in said:
            e = said[col]
            rows.append((u, e.estimate, e.ci_low, e.ci_high, e.p))
        else:
            rows.append((u, math.nan, math.nan, math.nan, math.nan))
    return pd.DataFrame(rows, columns=["unit", "estimate", "ci_low", "ci_high", "p"])


# -- the whole analysis ------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Analysis:
    """Every estimate of a panel (:func:`analyse`)."""

    primary: Primary
    event: EventStudy
    checks: list[Check]
    randomisation: Randomisation | None
    displacement: Displacement | None
    mde: float
    barrios: pd.DataFrame
    pre_ratio: float = math.nan
    neighbours_sparse: bool = False


def _before(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows before the earliest start."""
    return frame[frame["period"] < frame["first"].min()]


def _rate(rows: pd.DataFrame) -> float:
    """Incidents per resident-period of some barrio-period rows."""
    exposure = float(rows.groupby("unit")["population"].first().sum()) * rows["period"].nunique()
    return float(rows["y"].sum()) / exposure if exposure > 0 else math.nan


def check_counts(frame: pd.DataFrame) -> tuple[pd.DataFrame, bool]:
    """The treated and control barrios must have incidents both before and after the start (a
    side with none is a rate of zero: the model separates and says -100 %), or an
    :class:`EvaluationError` (``too_few_incidents``); neighbours with none before or after
    theirs are left out (the frame without them, and ``True``)."""
    period = frame["period"]
    after_t = period >= frame["first"]
    after_n = period >= frame["neighbour_first"]
    after_c = period >= frame["first"].min()
    cells = {
        "treated_before": frame.loc[(frame["group"] == "treated") & ~after_t, "y"].sum(),
        "treated_after": frame.loc[(frame["group"] == "treated") & after_t, "y"].sum(),
        "control_before": frame.loc[(frame["group"] == "control") & ~after_c, "y"].sum(),
        "control_after": frame.loc[(frame["group"] == "control") & after_c, "y"].sum(),
    }
    empty = [k for k, v in cells.items() if not v > 0]
    if empty:
        msg = (
            "too few incidents to compare: "
            + ", ".join(f"{k} {int(v)}" for k, v in cells.items())
            + " (each must be above zero)"
        )
        params = {k: int(v) for k, v in cells.items()}
        raise EvaluationError(msg, "too_few_incidents", **params)
    neighbour = frame["group"] == "neighbour"
    if neighbour.any():
        before = frame.loc[neighbour & ~after_n, "y"].sum()
        after = frame.loc[neighbour & after_n, "y"].sum()
        if not (before > 0 and after > 0):
            return frame[~neighbour].reset_index(drop=True), True
    return frame, False


def _overlap(a: Estimate, b: Estimate) -> bool:
    return bool(a.ci_low <= b.ci_high and b.ci_low <= a.ci_high)


def analyse(
    frame: pd.DataFrame,
    step: str,
    permutations: int = DEFAULT_PERMUTATIONS,
    seed: int = 0,
    progress: Callable[[float], None] | None = None,
) -> Analysis:
    """Every estimate of a panel frame (:class:`Panel`'s columns), after :func:`check_panel`
    and :func:`check_counts` (neighbours with no incident before or after their start are left
    out: ``Analysis.neighbours_sparse``). A model pyfixest cannot fit is an
    :class:`EvaluationError` (``model_failed``)."""
    check_panel(frame)
    frame, sparse = check_counts(frame)
    try:
        primary = fit_primary(frame)
        event = fit_event_study(frame, step)
        levels = fit_levels(frame)
        barrios = per_barrio(frame)
    except (ValueError, OverflowError, FloatingPointError, np.linalg.LinAlgError) as exc:
        if isinstance(exc, EvaluationError):
            raise
        msg = f"the Poisson model could not be fitted: {exc}"
        raise EvaluationError(msg, "model_failed", error=str(exc)) from exc
    checks = [Check("poisson", "multiplicative", primary.treated)]
    for c in levels:
        agrees = (
            _overlap(c.estimate, primary.treated) if math.isfinite(c.estimate.estimate) else None
        )
        checks.append(Check(c.method, c.scale, c.estimate, c.att_rate, agrees))
    before = _before(frame)
    treated_rate = _rate(before[before["group"] == "treated"])
    control_rate = _rate(before[before["group"] == "control"])
    out = Analysis(
        primary=primary,
        event=event,
        checks=checks,
        randomisation=None,
        displacement=displacement(frame),
        mde=mde(primary.treated.se),
        barrios=barrios,
        pre_ratio=treated_rate / control_rate if control_rate > 0 else math.nan,
        neighbours_sparse=sparse,
    )
    if permutations > 0:
        out = _randomised(out, randomisation(frame, permutations, seed, progress))
    return out


def _randomised(a: Analysis, ri: Randomisation) -> Analysis:
    """``a`` with the randomisation inference: its p-value and its row of the agreement table."""
    t = a.primary.treated
    row = Check("randomisation", "multiplicative", Estimate(t.estimate, math.nan, math.nan, ri.p))
    return replace(a, randomisation=ri, checks=[*a.checks, row])


def with_randomisation(
    result: EvaluationResult, ri: Randomisation, spec: EvaluationSpec
) -> EvaluationResult:
    """A result computed without permutations, completed with a randomisation inference run
    on its panel (:func:`randomisation` with ``spec``'s permutations and seed): the same as
    :func:`evaluate` with ``spec``, in two steps, so the app can show the estimates first."""
    return replace(result, spec=spec, analysis=_randomised(result.analysis, ri))


@dataclass(frozen=True, eq=False)
class EvaluationResult:
    """The evaluation of one spec: the treatment, the panel, the analysis and the caveats.

    ``caveats`` are codes (``evaluation.caveat.<code>`` of the catalogue) with
    their parameters, in the order they are said.
    """

    spec: EvaluationSpec
    treatment: Treatment
    panel: Panel
    analysis: Analysis
    caveats: list[tuple[str, dict[str, object]]] = field(default_factory=list)

    @property
    def n_treated(self) -> int:
        return len(self.panel.units("treated"))

    @property
    def n_neighbours(self) -> int:
        return len(self.panel.units("neighbour"))

    @property
    def n_controls(self) -> int:
        return len(self.panel.units("control"))

    def headline(self) -> dict[str, object]:
        """The headline results as the CLI's ``--json`` writes them."""
        a = self.analysis
        p = self.panel
        out: dict[str, object] = {
            "treated": a.primary.treated.as_dict(),
            "neighbours": None if a.primary.neighbours is None else a.primary.neighbours.as_dict(),
            "pre_trend_p": _clean(a.event.pre_trend_p),
            "pre_trend_mean": _clean(a.event.pre_mean),
            "pre_trend_mean_p": _clean(a.event.pre_mean_p),
            "n_treated": self.n_treated,
            "n_neighbours": self.n_neighbours,
            "n_controls": self.n_controls,
            "step": self.spec.step,
            "outcome": self.spec.outcome,
            "treatment": self.spec.treatment,
            "components": list(self.spec.components),
            "first_period": str(p.periods[0]),
            "last_period": str(p.periods[-1]),
            "periods": p.n_periods,
            "incidents": int(p.frame["y"].sum()),
            "mde": _clean(a.mde),
            "randomisation_p": None if a.randomisation is None else _clean(a.randomisation.p),
            "permutations": self.spec.permutations,
            "cross_checks": {
                c.method: c.estimate.as_dict() for c in a.checks if c.method != "poisson"
            },
            "caveats": [code for code, _ in self.caveats],
        }
        d = a.displacement
        if d is not None:
            out["displacement"] = {
                "wdq": _clean(d.wdq),
                "wdd": _clean(d.wdd.estimate),
                "wdd_se": _clean(d.wdd.se),
                "wdd_p": _clean(d.wdd.p),
                "periods": d.periods,
            }
        return out


def _clean(v: float) -> float | None:
    """A figure for JSON: six decimals, ``None`` when missing or infinite."""
    return None if not math.isfinite(v) else round(float(v), 6)


def _caveats(
    inputs: EvaluationInputs, spec: EvaluationSpec, p: Panel, a: Analysis
) -> list[tuple[str, dict[str, object]]]:
    out: list[tuple[str, dict[str, object]]] = []
    lo, hi = p.periods[0].start_time, p.periods[-1].end_time
    if lo <= LOCKDOWN[1] and hi >= LOCKDOWN[0]:
        out.append(("lockdown", {}))
    else:
        out.append(("common_shocks", {}))
    if math.isfinite(a.pre_ratio) and a.pre_ratio > SELECTION_RATIO:
        out.append(("selection", {"ratio": round(a.pre_ratio, 1)}))
    out.append(("reporting", {}))
    others = _other_programmes(inputs, spec, p)
    if others:
        out.append(("other_programmes", {"n": others}))
    n_t = len(p.units("treated"))
    if n_t < FEW_TREATED or a.primary.n_clusters < FEW_CLUSTERS:
        code = "few_treated" if spec.permutations > 0 else "few_treated_no_ri"
        out.append((code, {"n": n_t, "clusters": a.primary.n_clusters}))
    e = a.event
    if math.isfinite(e.pre_mean_p) and e.pre_mean_p < ALPHA:
        out.append(("pretrend_fail", {"p": e.pre_mean_p, "mean": e.pre_mean}))
    else:
        out.append(("pretrend_weak", {}))
    if a.neighbours_sparse:
        out.append(("neighbours_sparse", {}))
    if any(c.agrees is False for c in a.checks):
        out.append(("levels_disagree", {}))
    if p.early:
        out.append(("early", {"n": len(p.early)}))
    return out


def _other_programmes(inputs: EvaluationInputs, spec: EvaluationSpec, p: Panel) -> int:
    """Programmes not part of the treatment that started in treated barrios within the window."""
    programs = inputs.programs
    if programs is None or not len(programs):
        return 0
    if spec.treatment == "territories":
        others = programs[programs["component"].astype(str) != INTERRUPTION]
    else:
        chosen = spec.components or tuple(schema.COMPONENTS)
        others = programs[~programs["component"].astype(str).isin(chosen)]
    if not len(others):
        return 0
    others = others.reset_index(drop=True)
    rows, _ = _programme_barrios(inputs.hoods, others)
    treated = set(p.units("treated"))
    ids = inputs.hoods["neighborhood_id"].astype(str).to_numpy()
    starts = _start_column(others)
    lo, hi = p.periods[0].start_time, p.periods[-1].end_time
    n = 0
    for hit, s in zip(rows, starts, strict=True):
        if pd.notna(s) and lo <= s <= hi and any(ids[r] in treated for r in hit):
            n += 1
    return n


def evaluate(
    inputs: EvaluationInputs,
    spec: EvaluationSpec,
    progress: Callable[[float], None] | None = None,
) -> EvaluationResult:
    """The whole evaluation: treatment, panel, estimates, caveats (module docstring)."""
    treat = treatment(inputs, spec)
    p = panel(inputs, spec, treat)
    a = analyse(p.frame, spec.step, spec.permutations, spec.seed, progress)
    return EvaluationResult(
        spec=spec, treatment=treat, panel=p, analysis=a, caveats=_caveats(inputs, spec, p, a)
    )


def event_table(result: EvaluationResult) -> pd.DataFrame:
    """The event study as the CLI's ``--out`` and the page's download write it: ``rel``,
    ``reference`` (the period before the start), ``binned``, ``estimate``, ``ci_low``,
    ``ci_high``, ``coef``, ``se``, ``p``."""
    table = result.analysis.event.table.copy()
    table.insert(1, "reference", table["rel"] == -1)
    return table


def barrio_layer(result: EvaluationResult, hoods: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """One row per barrio: ``neighborhood_id``, ``name``, ``population``, ``group`` (as
    evaluated: a treated barrio left out for lack of a pre-period is ``excluded``), ``start``,
    ``source`` and, for treated barrios, the indicative ``estimate``, ``ci_low``, ``ci_high``,
    ``p`` (:func:`per_barrio`), with the barrio's polygon."""
    b = result.treatment.barrios.copy()
    used = result.panel.frame.drop_duplicates("unit").set_index("unit")["group"]
    b["group"] = b["neighborhood_id"].map(used).fillna("excluded")
    own = result.analysis.barrios.rename(columns={"unit": "neighborhood_id"})
    out = b.merge(own, on="neighborhood_id", how="left")
    return gpd.GeoDataFrame(out, geometry=hoods.geometry.to_numpy(), crs=hoods.crs)


__all__ = [
    "Analysis",
    "Check",
    "Displacement",
    "Estimate",
    "EvaluationError",
    "EvaluationInputs",
    "EvaluationResult",
    "EvaluationSpec",
    "EventStudy",
    "Panel",
    "Primary",
    "Randomisation",
    "Treatment",
    "WDD",
    "analyse",
    "barrio_layer",
    "event_table",
    "check_panel",
    "displacement",
    "evaluate",
    "fit_event_study",
    "fit_levels",
    "fit_primary",
    "mde",
    "outcome_categories",
    "panel",
    "per_barrio",
    "queen_pairs",
    "randomisation",
    "treatment",
    "wdd",
    "wdq",
    "weighted_wdd",
    "with_randomisation",
]
