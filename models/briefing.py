"""The mayor's briefing: the facts of one period, all from the engine, and their sentences.

:func:`briefing` gathers, for one :class:`Period` (:func:`parse_period`), what
the mayor's office reads on one screen and in the PDF
(:mod:`reports.briefing_pdf`):

Homicides (:class:`Homicides`)
    Incidents of category ``homicide`` dated in the period and in the same
    period one year earlier, and their rate per 100,000 residents a year::

        rate_annual = count / population * 100_000 * 365.25 / days

    where ``population`` is the sum of the neighbourhoods' ``population`` and
    ``days`` the days of the period (inclusive). The 12-month series
    (:attr:`Briefing.monthly`) ends with the period's last month; each
    month's rate is annualised the same way, by its own days:
    ``count * 365.25 / days_in_month / population * 100_000``.
    The reference line is the epidemic threshold (``settings.epidemic_threshold``,
    10 per 100,000 a year, the figure commonly attributed to the WHO).
Violence and convivencia (:attr:`Briefing.categories`)
    Incidents per category of the ``violence`` and ``convivencia`` groups of
    :data:`geo.schema.GROUPS`, in the period and a year earlier.
Where it concentrates
    The top hot spots of violence (the hot-spot engine's default method,
    Getis-Ord Gi* with its scale chosen from the data,
    :func:`models.hotspots.run_hotspots` then
    :func:`~models.hotspots.top_hotspots`, on the violent incidents of the
    period) and the first priority neighbourhoods
    (:func:`models.recommend.neighborhoods.neighborhood_priority` with the
    default :class:`~models.recommend.priority.PrioritySpec`, its window
    ending on the period's last day).
What is being done (:class:`Doing`)
    Active public spaces, gestores territories and teams, and the programmes
    running in the period by component and by partner type
    (:func:`models.recommend.articulation.articulation`).
What to decide next (:class:`Decision`)
    The portfolio of :func:`models.recommend.activation.recommend_parks` with
    the default :class:`~models.recommend.parks.ParkSpec` (its 12-month
    window ending on the period's last day) and a
    :class:`~models.recommend.parks.PortfolioSpec` of the budget
    (``settings.briefing_budget``).

The module computes nothing of its own beyond counting: every ranking comes
from the engine, called as the CLI calls it. Models return facts and codes;
:func:`briefing_text` says them in Spanish or English from the catalogue
(``briefing.*`` in :mod:`catalog.briefing`).
"""

from __future__ import annotations

import calendar
import math
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

import geopandas as gpd
import numpy as np
import pandas as pd

from catalog.say import metres, number, percent, say
from geo import schema, settings
from geo.errors import CodedError, TooFewIncidents
from geo.snapshots import last_whole_months
from geo.workspace import Workspace
from models.events import CODES, Events, Window
from models.hotspots import (
    Filters,
    GiSpec,
    HotspotInputs,
    describe,
    load_inputs,
    run_hotspots,
    top_hotspots,
)
from models.recommend.activation import ParkInputs, recommend_parks, scenario_record
from models.recommend.articulation import COMPONENTS, UNKNOWN, articulation, running_mask
from models.recommend.neighborhoods import NeighborhoodInputs, neighborhood_priority
from models.recommend.parks import ParkSpec, PortfolioSpec
from models.recommend.priority import PrioritySpec, explain

#: The forms :func:`parse_period` accepts, as the error message lists them.
PERIOD_FORMS = "2025, 2025-Q3, 2025-07, 2025-01..2025-12, last-12-months"
#: The category groups the briefing counts by category.
GROUPS: tuple[schema.CategoryGroup, ...] = ("violence", "convivencia")
#: Days in a year of the annualised rates.
DAYS_PER_YEAR = 365.25
#: The rates are per this many residents.
PER = 100_000

_HOMICIDE = CODES.index("homicide")


class BriefingError(CodedError):
    """A briefing that cannot be made as asked: ``code`` ``bad_period`` or ``period_reversed``."""


# ---------------------------------------------------------------------------
# The period
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """An inclusive period of days and its label.

    Attributes
    ----------
    start, end
        The first and the last day (inclusive).
    label
        The period as :func:`parse_period` reads it (``"2025"``,
        ``"2025-Q3"``, ``"2025-07"``, ``"2025-01..2025-12"``; the months of
        ``last-12-months`` as a range). Language-free: the sentences write
        the months in words (:func:`period_text`).

    Raises
    ------
    BriefingError
        ``period_reversed`` when ``end`` is before ``start``.
    """

    start: date
    end: date
    label: str

    def __post_init__(self) -> None:
        if self.end < self.start:
            msg = (
                f"period {self.label!r}: its end {self.end.isoformat()} is before its start "
                f"{self.start.isoformat()}"
            )
            raise BriefingError(
                msg,
                "period_reversed",
                text=self.label,
                start=self.start.isoformat(),
                end=self.end.isoformat(),
            )

    @property
    def days(self) -> int:
        """Days in the period, both ends included."""
        return (self.end - self.start).days + 1

    def year_before(self) -> Period:
        """The same period one year earlier (29 February becomes the 28th; a month's last day
        stays its last day).

        >>> Period(date(2024, 3, 1), date(2025, 2, 28), "2024-03..2025-02").year_before()
        Period(start=datetime.date(2023, 3, 1), end=datetime.date(2024, 2, 29), label='2023-03..2024-02')
        """
        start = (pd.Timestamp(self.start) - pd.DateOffset(years=1)).date()
        after = pd.Timestamp(self.end) + pd.Timedelta(days=1)
        end = (after - pd.DateOffset(years=1) - pd.Timedelta(days=1)).date()
        label = re.sub(r"\d{4}", lambda m: f"{int(m.group()) - 1:04d}", self.label)
        return Period(start, end, label)

    def mask(self, when: np.ndarray) -> np.ndarray:
        """Which of ``when`` (``datetime64``) fall in the period: ``start <= when < end + 1 day``."""
        a = np.datetime64(self.start, "ns")
        b = np.datetime64(self.end + timedelta(days=1), "ns")
        keep: np.ndarray = (when >= a) & (when < b)
        return keep


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _months(first: tuple[int, int], last: tuple[int, int], label: str) -> Period:
    return Period(date(first[0], first[1], 1), _month_end(*last), label)


def parse_period(text: str, *, today: date | None = None, last_data: date | None = None) -> Period:
    """The period a text names.

    Parameters
    ----------
    text
        ``2025`` (the year), ``2025-Q3`` (a quarter; ``2025-T3`` too),
        ``2025-07`` (one month), ``2025-01..2025-12`` (the months from the
        first to the last, inclusive) or ``last-12-months``.
    today
        For ``last-12-months`` without ``last_data``: the reference day
        (default: today).
    last_data
        For ``last-12-months``: the day of the data's last incident; the
        period is then the 12 whole months ending with the last month the
        data cover to its last day.

    Returns
    -------
    Period

    Raises
    ------
    BriefingError
        ``bad_period`` (naming the text and the accepted forms) for anything
        else, a month outside 1-12 included; ``period_reversed`` when a
        range ends before it starts.

    Examples
    --------
    >>> parse_period("2025-Q3")
    Period(start=datetime.date(2025, 7, 1), end=datetime.date(2025, 9, 30), label='2025-Q3')
    >>> p = parse_period("last-12-months", last_data=date(2025, 12, 15))
    >>> p.start, p.end, p.label
    (datetime.date(2024, 12, 1), datetime.date(2025, 11, 30), '2024-12..2025-11')
    """
    raw = text.strip() if isinstance(text, str) else ""

    def bad() -> BriefingError:
        msg = f"period {text!r} is not one of the accepted forms: {PERIOD_FORMS}"
        return BriefingError(msg, "bad_period", text=str(text), forms=PERIOD_FORMS)

    def month(year: str, mm: str) -> tuple[int, int]:
        m = int(mm)
        if not 1 <= m <= 12:
            raise bad()
        return int(year), m

    if m := re.fullmatch(r"(\d{4})", raw):
        year = int(m.group(1))
        return _months((year, 1), (year, 12), f"{year:04d}")
    if m := re.fullmatch(r"(\d{4})-[QqTt]([1-4])", raw):
        year, q = int(m.group(1)), int(m.group(2))
        return _months((year, 3 * q - 2), (year, 3 * q), f"{year:04d}-Q{q}")
    if m := re.fullmatch(r"(\d{4})-(\d{2})", raw):
        ym = month(m.group(1), m.group(2))
        return _months(ym, ym, f"{ym[0]:04d}-{ym[1]:02d}")
    if m := re.fullmatch(r"(\d{4})-(\d{2})\s*\.\.\s*(\d{4})-(\d{2})", raw):
        first, last = month(m.group(1), m.group(2)), month(m.group(3), m.group(4))
        label = f"{first[0]:04d}-{first[1]:02d}..{last[0]:04d}-{last[1]:02d}"
        return _months(first, last, label)
    if raw.lower() == "last-12-months":
        ref = last_data if last_data is not None else (today or date.today())
        lo, hi = last_whole_months(ref, 12)
        label = f"{lo.year:04d}-{lo.month:02d}..{hi.year:04d}-{hi.month:02d}"
        return _months((lo.year, lo.month), (hi.year, hi.month), label)
    raise bad()


# ---------------------------------------------------------------------------
# Inputs and facts
# ---------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class BriefingInputs:
    """What the briefing reads, in the workspace's projected CRS.

    Attributes
    ----------
    hotspot
        The hot-spot engine's inputs (:func:`models.hotspots.load_inputs`):
        the incidents' columns and projected coordinates.
    events
        The same incidents as arrays (:class:`models.events.Events`).
    crs
        The projected CRS (metres).
    neighborhoods, public_spaces, territories, programs, streets
        The layers, projected; ``None`` when the workspace lacks one.
    city, synthetic, content_hash, provenance
        The workspace's metadata.
    imported
        Layer -> the day (ISO) it was last imported: what "as of" means for
        the layers that describe the present (public spaces, territories).
    """

    hotspot: HotspotInputs
    events: Events
    crs: str
    neighborhoods: gpd.GeoDataFrame | None = None
    public_spaces: gpd.GeoDataFrame | None = None
    territories: gpd.GeoDataFrame | None = None
    programs: gpd.GeoDataFrame | None = None
    streets: gpd.GeoDataFrame | None = None
    city: str = ""
    synthetic: bool = False
    content_hash: str = ""
    provenance: str = ""
    imported: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_workspace(cls, ws: Workspace) -> BriefingInputs:
        """Read the layers of ``ws`` (the incidents once, from their sidecar when it can).

        Raises
        ------
        geo.errors.MissingLayerError
            When ``ws`` has no incidents.
        """
        hotspot = load_inputs(ws)
        if hotspot.xy is not None:
            events = Events.from_frame(hotspot.table, *hotspot.xy)
        else:
            events = Events.from_workspace(ws)
        meta = ws.metadata
        return cls(
            hotspot=hotspot,
            events=events,
            crs=ws.projected_crs,
            neighborhoods=ws.read_optional("neighborhoods", projected=True),
            public_spaces=ws.read_optional("public_spaces", projected=True),
            territories=ws.read_optional("territories", projected=True),
            programs=ws.read_optional("programs", projected=True),
            streets=ws.read_optional("streets", projected=True),
            city=ws.city_name,
            synthetic=ws.synthetic,
            content_hash=ws.content_hash,
            provenance=meta.get("provenance", ""),
            imported={
                str(layer): str(when)[:10]
                for layer, when in ws.layer_info()[["layer", "imported_at"]].itertuples(index=False)
            },
        )


@dataclass(frozen=True)
class Homicides:
    """Homicides in the period and a year earlier.

    Attributes
    ----------
    count, count_before
        Incidents of category ``homicide`` dated in the period / a year earlier.
    rate_annual, rate_annual_before
        Per 100,000 residents a year: ``count / population * 1e5 * 365.25 / days``
        (NaN without a population).
    days, days_before
        Days of each period.
    change
        ``count - count_before``.
    change_share
        ``change / count_before``; NaN when ``count_before`` is 0.
    """

    count: int
    count_before: int
    rate_annual: float
    rate_annual_before: float
    days: int
    days_before: int
    change: int
    change_share: float


@dataclass(frozen=True, eq=False)
class Doing:
    """What is being done.

    Attributes
    ----------
    active_spaces
        Names of the public spaces whose ``activation_status`` is ``active``, in the layer's order.
    n_spaces
        Public spaces in the layer (0 without it).
    n_territories, n_teams, n_gestores
        Gestores territories, distinct teams, and the sum of ``gestores``
        (``None`` without the layer, or without that column). No names.
    n_programs
        Programmes running in the period (``None`` without the layer): started
        on or before its last day and not ended before its first
        (:func:`models.recommend.articulation.running_mask` at each end).
    by_component
        ``component`` (every code of :data:`geo.schema.COMPONENTS`, in order),
        ``programs``: programmes running in the period.
    by_partner_type
        ``partner_type`` (the codes of :data:`geo.schema.PARTNER_TYPES`, then
        ``unknown``), ``programs``.
    spaces_as_of, territories_as_of
        The day (ISO) the public spaces and the territories were last
        imported: their statuses and teams are as of then, not of the
        briefing's period (``""`` when the workspace does not say).
    """

    active_spaces: tuple[str, ...]
    n_spaces: int
    n_territories: int | None
    n_teams: int | None
    n_gestores: int | None
    n_programs: int | None
    by_component: pd.DataFrame
    by_partner_type: pd.DataFrame
    spaces_as_of: str = ""
    territories_as_of: str = ""


@dataclass(frozen=True, eq=False)
class Decision:
    """The portfolio of public spaces to activate within the budget.

    Attributes
    ----------
    chosen
        One row per chosen space, largest marginal gain first (the engine's
        order): ``space_id``, ``name``, ``activation_cost``, ``marginal_gain``
        (harm lost if it alone were dropped), ``rank`` (the space's place in
        the score; ``None`` when unranked).
    cost, budget
        Total cost of the chosen spaces, and the budget.
    covered, total, served
        Harm of the demand cells of the window: newly covered by the
        portfolio, in all, and already within an active space's catchment.
    window
        The 12 months of harm the portfolio covers (ending on the period's end).
    park_spec, portfolio_spec
        What :func:`~models.recommend.activation.recommend_parks` was asked.
    network
        Whether the catchments followed the streets (else rings).
    uncosted
        Candidate space ids without an ``activation_cost`` (left out).
    """

    chosen: pd.DataFrame
    cost: float
    budget: float
    covered: float
    total: float
    served: float
    window: Window
    park_spec: ParkSpec
    portfolio_spec: PortfolioSpec
    network: bool
    uncosted: tuple[str, ...] = ()

    @property
    def covered_share(self) -> float:
        """``covered / total`` (0 without harm), as the Public spaces page shows it."""
        return self.covered / self.total if self.total > 0 else 0.0

    @property
    def served_share(self) -> float:
        """``served / total`` (0 without harm)."""
        return self.served / self.total if self.total > 0 else 0.0


@dataclass(frozen=True, eq=False)
class Briefing:
    """The facts of the mayor's briefing for one period (see the module docstring).

    Attributes
    ----------
    city, synthetic, content_hash, provenance
        The workspace's metadata (the provenance as stored).
    crs
        The projected CRS of the map layers.
    period, before
        The period and the same period a year earlier.
    data_start, data_end
        The first and last days with an incident (``None`` without dates).
    threshold
        The epidemic threshold, homicides per 100,000 a year.
    population
        Residents: the sum of the neighbourhoods' ``population`` (NaN without them).
    homicides
        :class:`Homicides`.
    monthly
        12 rows, the months ending with the period's last: ``month`` (the
        first day, a Timestamp), ``count`` (homicides), ``rate_annual``
        (``count * 365.25 / days_in_month / population * 1e5``).
    categories
        One row per category of the violence and convivencia groups, in
        :data:`geo.schema.GROUPS` order: ``category``, ``group``, ``count``,
        ``count_before``, ``change``, ``change_share`` (NaN from 0).
    hotspots
        :func:`models.hotspots.top_hotspots` of the violence of the period
        (EPSG:4326, its columns), at most ``top`` rows.
    hotspot_spec, hotspot_incidents, hotspot_status
        The spec run, the violent incidents analysed, and ``"ok"``,
        ``"none"`` (no hot spot) or ``"too_few"`` (too few incidents to run).
    priority
        The first ``top`` rows of the priority ranking (projected, every
        column :func:`models.recommend.priority.explain` reads); ``None``
        without neighbourhoods.
    priority_window
        The priority index's window (12 months to the period's end).
    doing
        :class:`Doing`.
    decision
        :class:`Decision`; ``None`` without public spaces.
    neighborhoods
        For the map: ``neighborhood_id``, ``name``, geometry (projected); ``None`` without them.
    spaces
        For the map: ``space_id``, ``name``, ``activation_status``,
        ``recommended`` (in the portfolio), geometry (projected); ``None`` without them.
    top
        How many hot spots and neighbourhoods were asked for.
    """

    city: str
    synthetic: bool
    content_hash: str
    provenance: str
    crs: str
    period: Period
    before: Period
    data_start: date | None
    data_end: date | None
    threshold: float
    population: float
    homicides: Homicides
    monthly: pd.DataFrame
    categories: pd.DataFrame
    hotspots: gpd.GeoDataFrame
    hotspot_spec: GiSpec
    hotspot_incidents: int
    hotspot_status: str
    priority: gpd.GeoDataFrame | None
    priority_window: Window | None
    doing: Doing
    decision: Decision | None
    neighborhoods: gpd.GeoDataFrame | None
    spaces: gpd.GeoDataFrame | None
    top: int = 5

    @property
    def past_data(self) -> bool:
        """Whether the period (or the year before) reaches past the days the data cover."""
        if self.data_start is None or self.data_end is None:
            return True
        return self.period.end > self.data_end or self.before.start < self.data_start


def _rate(count: float, population: float, days: int) -> float:
    if not (population > 0) or days <= 0:
        return math.nan
    return count / population * PER * DAYS_PER_YEAR / days


def _population(hoods: gpd.GeoDataFrame | None) -> float:
    if hoods is None or "population" not in hoods.columns:
        return math.nan
    values = pd.to_numeric(hoods["population"], errors="coerce").to_numpy(dtype=float)
    return float(np.nansum(values)) if np.isfinite(values).any() else math.nan


def _homicides(events: Events, period: Period, before: Period, population: float) -> Homicides:
    homicide = events.code == _HOMICIDE
    n = int((homicide & period.mask(events.when)).sum())
    n0 = int((homicide & before.mask(events.when)).sum())
    return Homicides(
        count=n,
        count_before=n0,
        rate_annual=_rate(n, population, period.days),
        rate_annual_before=_rate(n0, population, before.days),
        days=period.days,
        days_before=before.days,
        change=n - n0,
        change_share=(n - n0) / n0 if n0 > 0 else math.nan,
    )


def _monthly(events: Events, period: Period, population: float) -> pd.DataFrame:
    last = pd.Period(period.end, freq="M")
    months = pd.period_range(end=last, periods=12, freq="M")
    homicide = (events.code == _HOMICIDE) & ~np.isnat(events.when)
    when = pd.DatetimeIndex(events.when[homicide]).to_period("M")
    offset = np.asarray(when.asi8, dtype=np.int64) - months[0].ordinal
    inside = (offset >= 0) & (offset < 12)
    counts = np.bincount(offset[inside], minlength=12)
    # each month scaled to a year by its own days, as the headline scales the period
    days = np.asarray(months.days_in_month, dtype=float)
    rate = (
        counts * DAYS_PER_YEAR / days / population * PER
        if population > 0
        else np.full(12, math.nan, dtype=float)
    )
    return pd.DataFrame(
        {
            "month": months.to_timestamp(),
            "count": counts.astype(np.int64),
            "rate_annual": np.asarray(rate, dtype=float),
        }
    )


def _categories(events: Events, period: Period, before: Period) -> pd.DataFrame:
    known = events.code >= 0
    codes = np.clip(events.code, 0, None)
    now = np.bincount(codes[known & period.mask(events.when)], minlength=len(CODES))
    then = np.bincount(codes[known & before.mask(events.when)], minlength=len(CODES))
    rows = []
    for group in GROUPS:
        for category in schema.GROUPS[group]:
            k = CODES.index(category)
            n, n0 = int(now[k]), int(then[k])
            rows.append(
                {
                    "category": category,
                    "group": group,
                    "count": n,
                    "count_before": n0,
                    "change": n - n0,
                    "change_share": (n - n0) / n0 if n0 > 0 else math.nan,
                }
            )
    return pd.DataFrame(rows)


def _running(programs: pd.DataFrame, period: Period) -> np.ndarray:
    """Programmes running at some day of the period: :func:`running_mask`'s rule at each end
    (started on or before the last day, not ended before the first; a missing date does not
    stop one)."""
    started = running_mask(
        programs.drop(columns=["end"], errors="ignore"), pd.Timestamp(period.end)
    )
    not_ended = running_mask(
        programs.drop(columns=["start"], errors="ignore"), pd.Timestamp(period.start)
    )
    keep: np.ndarray = started & not_ended
    return keep


def _doing(inputs: BriefingInputs, period: Period) -> Doing:
    spaces = inputs.public_spaces
    active: tuple[str, ...] = ()
    if spaces is not None and "activation_status" in spaces.columns:
        is_active = (spaces["activation_status"].astype(str) == "active").to_numpy()
        active = tuple(spaces.loc[is_active, "name"].astype(str))
    terr = inputs.territories
    n_terr = n_teams = n_gestores = None
    if terr is not None:
        n_terr = len(terr)
        n_teams = int(terr["team"].nunique()) if "team" in terr.columns else None
        if "gestores" in terr.columns:
            gestores = pd.to_numeric(terr["gestores"], errors="coerce")
            n_gestores = int(gestores.sum()) if gestores.notna().any() else None
    components = list(COMPONENTS)
    partner_types = [*schema.PARTNER_TYPES, UNKNOWN]
    by_component = pd.Series(0, index=components, dtype=np.int64)
    by_partner = pd.Series(0, index=partner_types, dtype=np.int64)
    n_programs = None
    programs = inputs.programs
    if programs is not None:
        running = pd.DataFrame(programs.loc[_running(programs, period)])
        n_programs = len(running)
        hoods = inputs.neighborhoods
        ids = pd.DataFrame(
            {"neighborhood_id": [] if hoods is None else hoods["neighborhood_id"].astype(str)}
        )
        # ``long`` lists each running programme once (citywide ones under one id)
        long = articulation(running, ids, at=None).long
        by_component = by_component.add(long.groupby("component")["programs"].sum(), fill_value=0)
        by_partner = by_partner.add(long.groupby("partner_type")["programs"].sum(), fill_value=0)
    return Doing(
        spaces_as_of=inputs.imported.get("public_spaces", ""),
        territories_as_of=inputs.imported.get("territories", ""),
        active_spaces=active,
        n_spaces=0 if spaces is None else len(spaces),
        n_territories=n_terr,
        n_teams=n_teams,
        n_gestores=n_gestores,
        n_programs=n_programs,
        by_component=pd.DataFrame(
            {"component": components, "programs": by_component[components].astype(np.int64)}
        ).reset_index(drop=True),
        by_partner_type=pd.DataFrame(
            {"partner_type": partner_types, "programs": by_partner[partner_types].astype(np.int64)}
        ).reset_index(drop=True),
    )


def _decision(inputs: BriefingInputs, period: Period, budget: float) -> Decision | None:
    spaces = inputs.public_spaces
    if spaces is None or not len(spaces):
        return None
    spec = ParkSpec(end=period.end)
    pspec = PortfolioSpec(budget=budget)
    parks = ParkInputs(
        spaces=spaces,
        events=inputs.events,
        hoods=inputs.neighborhoods,
        territories=inputs.territories,
        streets=inputs.streets,
    )
    rec = recommend_parks(parks, spec, pspec)
    assert rec.portfolio is not None  # a portfolio spec was given
    p = rec.portfolio
    chosen = pd.DataFrame(  # the chosen spaces as a saved scenario keeps them
        scenario_record(rec).result,
        columns=["space_id", "name", "activation_cost", "marginal_gain", "rank"],
    )
    return Decision(
        chosen=chosen,
        cost=float(p.recommended.cost),
        budget=float(budget),
        covered=float(p.recommended.objective),
        total=float(p.total_weight),
        served=float(p.covered_before),
        window=rec.indicators.window,
        park_spec=spec,
        portfolio_spec=pspec,
        network=rec.indicators.method == "network",
        uncosted=tuple(rec.uncosted),
    )


def _empty_hotspots() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"rank": pd.Series([], dtype=np.int64)}, geometry=[], crs="EPSG:4326")


def briefing(
    inputs: BriefingInputs,
    period: Period,
    *,
    threshold: float | None = None,
    budget: float | None = None,
    top: int = 5,
) -> Briefing:
    """The facts of the briefing for ``period`` (the module docstring says which and how).

    Parameters
    ----------
    inputs
        :meth:`BriefingInputs.from_workspace`.
    period
        :func:`parse_period`.
    threshold
        Epidemic threshold, homicides per 100,000 a year; ``None``:
        ``settings.epidemic_threshold``.
    budget
        Budget of the portfolio (the spaces' ``activation_cost`` unit);
        ``None``: ``settings.briefing_budget``.
    top
        How many hot spots and priority neighbourhoods.

    Returns
    -------
    Briefing

    Raises
    ------
    ValueError
        ``top`` below 1, or a negative ``threshold`` or ``budget``.
    geo.errors.ValidationError
        As the priority index and the articulation raise it (a layer without
        a required column, a repeated id, an unknown component).
    """
    threshold = settings.epidemic_threshold if threshold is None else float(threshold)
    budget = settings.briefing_budget if budget is None else float(budget)
    if not isinstance(top, int) or isinstance(top, bool) or top < 1:
        msg = f"`top` must be a whole number, at least 1, got {top!r}"
        raise ValueError(msg)
    for name, value in (("threshold", threshold), ("budget", budget)):
        if not math.isfinite(value) or value < 0:
            msg = f"`{name}` must be a number not below 0, got {value!r}"
            raise ValueError(msg)
    ev = inputs.events
    dated = ev.when[~np.isnat(ev.when)]
    data_start = pd.Timestamp(dated.min()).date() if dated.size else None
    data_end = pd.Timestamp(dated.max()).date() if dated.size else None
    if data_end is not None and period.start <= data_end < period.end:
        # a period the data do not reach to its end (the year so far): its days with data,
        # against the same days a year earlier; the period's words then say those dates
        period = Period(period.start, data_end, period.label)
    before = period.year_before()
    population = _population(inputs.neighborhoods)

    spec = GiSpec()  # the hot-spot engine's default: the first method, its scale from the data
    try:
        result = run_hotspots(
            inputs.hotspot,
            spec,
            filters=Filters.of(schema.GROUPS["violence"], period.start, period.end),
        )
    except TooFewIncidents as exc:
        hotspots, n_violent, status = _empty_hotspots(), exc.n, "too_few"
    else:
        hot = inputs.hotspot
        hotspots = top_hotspots(result, hot.public_spaces, hot.neighborhoods, n=top)
        n_violent, status = result.n_incidents, "ok" if len(hotspots) else "none"

    hoods = inputs.neighborhoods
    priority = window = None
    if hoods is not None and len(hoods):
        ranked = neighborhood_priority(
            NeighborhoodInputs.from_events(
                ev,
                hoods,
                public_spaces=inputs.public_spaces,
                territories=inputs.territories,
                programs=inputs.programs,
            ),
            PrioritySpec(),
            period.end,
        )
        priority = gpd.GeoDataFrame(ranked.ranked.head(top))
        window = ranked.window

    decision = _decision(inputs, period, budget)
    map_hoods = None
    if hoods is not None:
        keep = [c for c in ("neighborhood_id", "name") if c in hoods.columns]
        map_hoods = gpd.GeoDataFrame(hoods[keep], geometry=hoods.geometry, crs=hoods.crs)
    map_spaces = None
    spaces = inputs.public_spaces
    if spaces is not None:
        keep = [c for c in ("space_id", "name", "activation_status") if c in spaces.columns]
        map_spaces = gpd.GeoDataFrame(spaces[keep], geometry=spaces.geometry, crs=spaces.crs)
        chosen = set() if decision is None else set(decision.chosen["space_id"].astype(str))
        map_spaces["recommended"] = map_spaces["space_id"].astype(str).isin(chosen).to_numpy()
    return Briefing(
        city=inputs.city,
        synthetic=inputs.synthetic,
        content_hash=inputs.content_hash,
        provenance=inputs.provenance,
        crs=inputs.crs,
        period=period,
        before=before,
        data_start=data_start,
        data_end=data_end,
        threshold=threshold,
        population=population,
        homicides=_homicides(ev, period, before, population),
        monthly=_monthly(ev, period, population),
        categories=_categories(ev, period, before),
        hotspots=hotspots,
        hotspot_spec=spec,
        hotspot_incidents=int(n_violent),
        hotspot_status=status,
        priority=priority,
        priority_window=window,
        doing=_doing(inputs, period),
        decision=decision,
        neighborhoods=map_hoods,
        spaces=map_spaces,
        top=top,
    )


# ---------------------------------------------------------------------------
# Words: every sentence from the catalogue (``briefing.*``)
# ---------------------------------------------------------------------------

#: The minus sign of a fall in the briefing's sentences and tables (U+2212, not a hyphen).
MINUS = "\u2212"


def signed(text: str) -> str:
    """A signed figure with a true minus sign: ``"-16 %"`` -> ``"−16 %"``.

    >>> signed("-16 %"), signed("+3"), signed("0 %")
    ('−16 %', '+3', '0 %')
    """
    return MINUS + text[1:] if text.startswith("-") else text


def change_text(change: int, lang: str) -> str:
    """A change of a count with its sign: ``"+3"``, ``"−8"``, ``"0"``."""
    return signed(("+" if change > 0 else "") + number(change, lang))


def share_text(share: float, lang: str) -> str:
    """A change as a signed percentage (``"−16 %"``); :data:`catalog.say.MISSING` from 0."""
    return signed(percent(share, lang, signed=True))


def span_text(start: date, end: date, lang: str) -> str:
    """Days in words: ``"Jan–Dec 2025"``, ``"jul 2025"``, ``"Dec 2024–Nov 2025"``; days that are
    not whole months as ISO dates (``"2025-03-05 – 2025-04-10"``).

    >>> span_text(date(2025, 1, 1), date(2025, 12, 31), "en")
    'Jan–Dec 2025'
    >>> span_text(date(2024, 12, 1), date(2025, 11, 30), "es")
    'dic 2024–nov 2025'
    """
    if start.day != 1 or end != _month_end(end.year, end.month):
        return say("briefing.period.days", lang, start=start.isoformat(), end=end.isoformat())
    first = say(f"month.short.{start.month}", lang)
    last = say(f"month.short.{end.month}", lang)
    if (start.year, start.month) == (end.year, end.month):
        return say("briefing.period.month", lang, month=first, year=str(end.year))
    if start.year == end.year:
        return say("briefing.period.months", lang, first=first, last=last, year=str(end.year))
    return say(
        "briefing.period.span",
        lang,
        first=first,
        first_year=str(start.year),
        last=last,
        last_year=str(end.year),
    )


def period_text(period: Period, lang: str) -> str:
    """The period in words (:func:`span_text`)."""
    return span_text(period.start, period.end, lang)


def window_text(window: Window, lang: str) -> str:
    """A window of the engine (its current months) in words."""
    return span_text(window.start, window.end, lang)


def threshold_number(value: float, lang: str) -> str:
    """The threshold as written: whole when it is (``"10"``), else with one decimal."""
    return number(value, lang, 0 if float(value).is_integer() else 1)


def rate_text(rate: float, lang: str) -> str:
    """A rate per 100,000 with one decimal, as the screen and the PDF write it."""
    return number(rate, lang, 1)


def headline(b: Briefing, lang: str) -> str:
    """The homicides in one sentence.

    "Homicides Jan–Dec 2025: 41, 11.7 per 100,000 a year; 8 fewer than
    Jan–Dec 2024 (−16 %)."
    """
    h = b.homicides
    before = period_text(b.before, lang)
    if math.isfinite(h.rate_annual):
        rate = say("briefing.rate", lang, rate=rate_text(h.rate_annual, lang))
    else:
        rate = say("briefing.rate.none", lang)
    if h.count_before == 0:
        change = say(
            f"briefing.change.{'same' if h.count == 0 else 'from_zero'}", lang, before=before
        )
    elif h.change == 0:
        change = say("briefing.change.same", lang, before=before)
    else:
        change = say(
            f"briefing.change.{'fewer' if h.change < 0 else 'more'}",
            lang,
            diff=number(abs(h.change), lang),
            before=before,
            pct=share_text(h.change_share, lang),
        )
    return say(
        "briefing.headline",
        lang,
        period=period_text(b.period, lang),
        n=number(h.count, lang),
        rate=rate,
        change=change,
    )


def threshold_text(b: Briefing, lang: str) -> str:
    """The rate against the epidemic threshold; ``""`` without a rate."""
    rate = b.homicides.rate_annual
    if not math.isfinite(rate):
        return ""
    shown, limit = round(rate, 1), round(b.threshold, 1)
    side = "above" if shown > limit else "at" if shown == limit else "below"
    return say(
        f"briefing.threshold.{side}",
        lang,
        period=period_text(b.period, lang),
        rate=rate_text(rate, lang),
        threshold=threshold_number(b.threshold, lang),
    )


def group_texts(b: Briefing, lang: str) -> list[str]:
    """One sentence per category group: the period's incidents against a year earlier."""
    out = []
    for group in GROUPS:
        rows = b.categories[b.categories["group"] == group]
        n, n0 = int(rows["count"].sum()), int(rows["count_before"].sum())
        out.append(
            say(
                "briefing.group",
                lang,
                group=say(f"briefing.group.{group}", lang),
                n=number(n, lang),
                n0=number(n0, lang),
                period=period_text(b.period, lang),
                before=period_text(b.before, lang),
                pct=share_text((n - n0) / n0 if n0 else math.nan, lang),
            )
        )
    return out


def hotspots_intro(b: Briefing, lang: str) -> str:
    """What the hot-spot list is: which method, which incidents, which period."""
    return say(
        f"briefing.hotspots.{b.hotspot_status}",
        lang,
        k=number(len(b.hotspots), lang),
        period=period_text(b.period, lang),
        method=say(f"hotspots.method.{b.hotspot_spec.method}", lang),
        n=number(b.hotspot_incidents, lang),
    )


def hotspot_reasons(b: Briefing, lang: str) -> list[str]:
    """The engine's sentence of each top hot spot (:func:`models.hotspots.describe`)."""
    return [describe(row, lang) for _, row in b.hotspots.iterrows()]


def priority_intro(b: Briefing, lang: str) -> str:
    """What the priority list is, and its window."""
    if b.priority is None or b.priority_window is None:
        return say("briefing.priority.none", lang)
    return say(
        "briefing.priority.intro",
        lang,
        k=number(len(b.priority), lang),
        window=window_text(b.priority_window, lang),
    )


def priority_reasons(b: Briefing, lang: str) -> list[tuple[str, str]]:
    """``(name, sentence)`` of each priority neighbourhood
    (:func:`models.recommend.priority.explain`)."""
    if b.priority is None:
        return []
    return [(str(row["name"]), explain(row, lang)) for _, row in b.priority.iterrows()]


def as_of_text(day: str, lang: str) -> str:
    """When a layer describing the present was recorded: its last import's day."""
    return say("briefing.as_of", lang, day=day) if day else say("briefing.as_of.latest", lang)


def doing_texts(b: Briefing, lang: str) -> list[str]:
    """Active spaces and gestores teams (as of their layers' last import), programmes running
    in the period."""
    d = b.doing
    out = []
    if b.spaces is None:
        out.append(say("briefing.doing.no_space_layer", lang))
    elif d.active_spaces:
        out.append(
            say(
                "briefing.doing.spaces",
                lang,
                n=number(len(d.active_spaces), lang),
                total=number(d.n_spaces, lang),
                names=", ".join(d.active_spaces),
                as_of=as_of_text(d.spaces_as_of, lang),
            )
        )
    else:
        out.append(
            say(
                "briefing.doing.no_active",
                lang,
                total=number(d.n_spaces, lang),
                as_of=as_of_text(d.spaces_as_of, lang),
            )
        )
    if d.n_territories is None:
        out.append(say("briefing.doing.no_teams", lang))
    else:
        teams = d.n_teams if d.n_teams is not None else d.n_territories
        key = "briefing.doing.teams" if d.n_gestores is not None else "briefing.doing.teams_only"
        out.append(
            say(
                key,
                lang,
                teams=number(teams, lang),
                territories=number(d.n_territories, lang),
                gestores=number(d.n_gestores or 0, lang),
                as_of=as_of_text(d.territories_as_of, lang),
            )
        )
    if d.n_programs is None:
        out.append(say("briefing.doing.no_programs", lang))
    else:
        parts = [
            f"{say(f'component.{c}', lang)} {number(int(n), lang)}"
            for c, n in zip(d.by_component["component"], d.by_component["programs"], strict=True)
            if n
        ]
        out.append(
            say(
                "briefing.doing.programs",
                lang,
                n=number(d.n_programs, lang),
                period=period_text(b.period, lang),
                components=", ".join(parts) or "–",
            )
        )
    return out


def money(value: float, lang: str) -> str:
    """An amount in the spaces' cost unit, whole."""
    return number(value, lang)


def decision_text(b: Briefing, lang: str) -> str:
    """The portfolio in one sentence."""
    d = b.decision
    if d is None:
        return say("briefing.decision.no_spaces", lang)
    if not len(d.chosen):
        return say("briefing.decision.none_chosen", lang, budget=money(d.budget, lang))
    text = say(
        "briefing.decision",
        lang,
        n=number(len(d.chosen), lang),
        cost=money(d.cost, lang),
        budget=money(d.budget, lang),
        share=percent(d.covered_share, lang),
        window=window_text(d.window, lang),
        radius=metres(d.park_spec.radius, lang),
        route=say(f"briefing.route.{'network' if d.network else 'ring'}", lang),
        served=percent(d.served_share, lang),
    )
    if d.uncosted:
        text += " " + say("briefing.decision.uncosted", lang, n=number(len(d.uncosted), lang))
    return text


def _labels(codes: tuple[str, ...], lang: str) -> str:
    labels = [say(f"category.{c}", lang) for c in codes]
    return ", ".join(label[:1].lower() + label[1:] for label in labels)


def footnote(b: Briefing, lang: str) -> list[str]:
    """The methodology: the data and their period, what each figure means, the threshold's
    origin, and the synthetic warning when the data are the demo's."""
    first = b.data_start.isoformat() if b.data_start else "–"
    last = b.data_end.isoformat() if b.data_end else "–"
    out = []
    if b.synthetic:
        out.append(say("briefing.synthetic", lang))
    out.append(
        say(
            "briefing.note.source",
            lang,
            city=b.city,
            first=first,
            last=last,
            provenance=b.provenance.strip().rstrip(".") or "–",
            hash=b.content_hash[:12] or "–",
        )
    )
    if b.past_data:
        out.append(say("briefing.note.past_data", lang, first=first, last=last))
    if math.isfinite(b.population) and b.population > 0:
        out.append(
            say(
                "briefing.note.homicides",
                lang,
                period=period_text(b.period, lang),
                before=period_text(b.before, lang),
                days=number(b.homicides.days, lang),
                population=number(round(b.population), lang),
            )
        )
    else:
        out.append(say("briefing.note.no_population", lang))
    out.append(say("briefing.note.threshold", lang, threshold=threshold_number(b.threshold, lang)))
    out.append(
        say(
            "briefing.note.categories",
            lang,
            period=period_text(b.period, lang),
            before=period_text(b.before, lang),
            violence=_labels(schema.GROUPS["violence"], lang),
            convivencia=_labels(schema.GROUPS["convivencia"], lang),
        )
    )
    out.append(
        say(
            "briefing.note.hotspots",
            lang,
            method=say(f"hotspots.method.{b.hotspot_spec.method}", lang),
            period=period_text(b.period, lang),
        )
    )
    if b.priority_window is not None:
        out.append(say("briefing.note.priority", lang, window=window_text(b.priority_window, lang)))
    if b.decision is not None:
        d = b.decision
        out.append(
            say(
                "briefing.note.portfolio",
                lang,
                budget=money(d.budget, lang),
                radius=metres(d.park_spec.radius, lang),
                window=window_text(d.window, lang),
            )
        )
    return out


@dataclass(frozen=True)
class BriefingText:
    """The briefing's words in one language: what the page and the PDF both show.

    Attributes
    ----------
    title
        "Mayor's briefing: <city>".
    period, before, label
        The period and the year before in words, and the period's label.
    synthetic
        The synthetic-data warning; ``""`` for a city's own data.
    headline
        :func:`headline`.
    count, rate, count_before, rate_before, change, change_pct
        The headline figures as written (``rate`` with one decimal; ``rate``
        is :data:`catalog.say.MISSING` without a population).
    threshold
        :func:`threshold_text`.
    groups
        :func:`group_texts`.
    hotspots_intro, hotspots
        :func:`hotspots_intro`, :func:`hotspot_reasons`.
    priority_intro, priority
        :func:`priority_intro`, :func:`priority_reasons`.
    doing
        :func:`doing_texts`.
    decision
        :func:`decision_text`.
    footnote
        :func:`footnote`.
    """

    title: str
    period: str
    before: str
    label: str
    synthetic: str
    headline: str
    count: str
    rate: str
    count_before: str
    rate_before: str
    change: str
    change_pct: str
    threshold: str
    groups: tuple[str, ...]
    hotspots_intro: str
    hotspots: tuple[str, ...]
    priority_intro: str
    priority: tuple[tuple[str, str], ...]
    doing: tuple[str, ...]
    decision: str
    footnote: tuple[str, ...]


def briefing_text(b: Briefing, lang: str) -> BriefingText:
    """Every sentence and figure of the briefing in ``lang`` (``"es"`` or ``"en"``)."""
    h = b.homicides
    return BriefingText(
        title=say("briefing.title", lang, city=b.city),
        period=period_text(b.period, lang),
        before=period_text(b.before, lang),
        label=b.period.label,
        synthetic=say("briefing.synthetic", lang) if b.synthetic else "",
        headline=headline(b, lang),
        count=number(h.count, lang),
        rate=rate_text(h.rate_annual, lang),
        count_before=number(h.count_before, lang),
        rate_before=rate_text(h.rate_annual_before, lang),
        change=change_text(h.change, lang),
        change_pct=share_text(h.change_share, lang),
        threshold=threshold_text(b, lang),
        groups=tuple(group_texts(b, lang)),
        hotspots_intro=hotspots_intro(b, lang),
        hotspots=tuple(hotspot_reasons(b, lang)),
        priority_intro=priority_intro(b, lang),
        priority=tuple(priority_reasons(b, lang)),
        doing=tuple(doing_texts(b, lang)),
        decision=decision_text(b, lang),
        footnote=tuple(footnote(b, lang)),
    )
