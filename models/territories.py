"""The gestores teams' territories: how they cover the need today, and a balanced redesign.

In PAZOS each team of young *gestores de convivencia* works a territory of
barrios. A team whose territory holds three times the conflicts of another
burns out or leaves barrios unattended, and a barrio outside every
territory gets no one. This module answers both questions of a territory
designer (ArcGIS Pro's Territory Design; workload-balanced police
districting, Camacho-Collados, Liberatore & Angulo 2015):

**Evaluate** (:func:`evaluate`). Every barrio belongs to the territory that
holds the largest part of its area, if that part is larger than the part
outside every territory (:func:`assign`); a barrio that two territories
share (each at least :data:`SPLIT_MIN` of it) is reported with its shares.
Per team: barrios, residents, young residents, the workload (:data:`BALANCES`;
default the harm-weighted violence and convivencia incidents of the last 12
months: the conflicts a team handles), the workload per gestor, the
workload against the target (the teams' total over the number of teams),
the Polsby–Popper compactness :math:`4\\pi A / P^2` of the territory as
drawn (1 for a disc, :math:`\\pi/4` for a square) and its diameter (the
longest distance across it), both in the workspace's projected CRS, and
whether its barrios are contiguous on the barrios' adjacency
(:class:`models.districting.UnitGraph`). The coverage of the need: the
priority barrios (the neighbourhood ranking's top ``k``, when the caller
gives it) and the top hot spots outside every territory, and the share of
the citywide workload in barrios outside them. The headline: the
coefficient of variation of the workload across teams (population standard
deviation over the mean), the max/min ratio and the need outside.

**Propose** (:func:`propose`). :func:`models.districting.solve` assigns
every barrio to one of ``K`` contiguous territories balancing the chosen
workload against compactness, keeping locked barrios with their team,
from the current plan (moving as few barrios as possible) or from scratch;
its territories are then named after the current ones they overlap most.

Models return facts and codes; the sentences come from the catalogue
(:mod:`models.territories_text`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, cast

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo import schema
from geo.aggregate import containing_rows
from geo.interpolate import area_shares
from geo.workspace import Workspace
from models.districting import (
    DEFAULT_COMPACTNESS,
    DistrictingError,
    Link,
    Plan,
    Request,
    UnitGraph,
    match_labels,
    solve,
)
from models.events import Events, Window, check_located

if TYPE_CHECKING:
    from models.hotspots import Filters as HotspotFilters
    from models.hotspots import HotspotSpec
    from models.recommend.priority import PrioritySpec

#: The workload definitions besides any numeric column of the barrios.
BALANCES: tuple[str, ...] = ("workload", "incidents", "harm", "population", "youth")
#: The category groups of the default workload: the conflicts a team handles.
WORKLOAD_GROUPS: tuple[schema.CategoryGroup, ...] = ("violence", "convivencia")
#: Share of a barrio's area a second territory must hold for the barrio to count as split.
SPLIT_MIN = 0.05
#: Share of a hot spot's area outside every territory from which it counts as outside them.
HOTSPOT_OUTSIDE = 0.5
#: Columns of the per-team table (:func:`team_table`), in order.
TEAM_COLUMNS: tuple[str, ...] = (
    "territory_id",
    "team",
    "barrios",
    "population",
    "youth_population",
    "workload",
    "gestores",
    "workload_per_gestor",
    "target",
    "vs_target",
    "polsby_popper",
    "diameter_m",
    "area_km2",
    "parts",
    "contiguous",
)


class TerritoryError(DistrictingError):
    """The territories' data cannot answer the question asked (a missing column, no territories).

    Like :class:`models.districting.DistrictingError`, it carries a ``code``
    and ``params`` for the catalogue (``territories.error.<code>``).
    """


def workload_categories() -> tuple[str, ...]:
    """The categories of the default workload (:data:`WORKLOAD_GROUPS`)."""
    return tuple(c for g in WORKLOAD_GROUPS for c in schema.GROUPS[g])


@dataclass(frozen=True)
class TerritorySpec:
    """How the territories are measured.

    Attributes
    ----------
    balance
        What a team's workload is: ``workload`` (harm-weighted violence and
        convivencia incidents), ``incidents`` (every incident), ``harm``
        (harm-weighted, every category), ``population``, ``youth`` (young
        residents), or the name of a numeric column of the barrios.
    months
        The incidents' window, ending on the day asked (the last incident's day).
    top_hotspots, top_priority
        How many top hot spots and priority barrios the coverage checks.
    """

    balance: str = "workload"
    months: int = 12
    top_hotspots: int = 10
    top_priority: int = 10

    def __post_init__(self) -> None:
        if not isinstance(self.balance, str) or not self.balance.strip():
            msg = f"`balance` must be one of {', '.join(BALANCES)} or a column name, got {self.balance!r}"
            raise ValueError(msg)
        for name in ("months", "top_hotspots", "top_priority"):
            value = getattr(self, name)
            if (
                isinstance(value, bool)
                or not isinstance(value, int)
                or value < (1 if name == "months" else 0)
            ):
                msg = f"`{name}` must be a whole number of at least {1 if name == 'months' else 0}, got {value!r}"
                raise ValueError(msg)

    @property
    def uses_incidents(self) -> bool:
        """Whether the workload counts incidents (and so has a window)."""
        return self.balance in ("workload", "incidents", "harm")


@dataclass(frozen=True)
class ProposalSpec:
    """A redesign request (``cli.py territories propose``'s options).

    Attributes
    ----------
    teams
        Territories to draw (``K``).
    measure
        How the workload is measured (:class:`TerritorySpec`).
    compactness
        :math:`\\lambda` of :mod:`models.districting`, 0 (balance only) to 1.
    locks
        ``neighborhood_id`` of barrios that keep their current team.
    from_current
        Start from the current plan, so that as few barrios as possible move.
    seed
        Random seed: the same seed gives the same plan.
    max_moves
        At most this many barrios change team (with ``from_current``).
    """

    teams: int
    measure: TerritorySpec = field(default_factory=TerritorySpec)
    compactness: float = DEFAULT_COMPACTNESS
    locks: tuple[str, ...] = ()
    from_current: bool = False
    seed: int = 0
    max_moves: int | None = None

    def __post_init__(self) -> None:
        if isinstance(self.teams, bool) or not isinstance(self.teams, int) or self.teams < 1:
            msg = f"`teams` must be a whole number of at least 1, got {self.teams!r}"
            raise ValueError(msg)
        if not 0.0 <= float(self.compactness) <= 1.0:
            msg = f"`compactness` must be between 0 and 1, got {self.compactness!r}"
            raise ValueError(msg)
        if self.max_moves is not None and self.max_moves < 0:
            msg = f"`max_moves` must be at least 0, got {self.max_moves!r}"
            raise ValueError(msg)
        object.__setattr__(self, "locks", tuple(dict.fromkeys(str(x) for x in self.locks)))


# -- inputs ----------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class TerritoryInputs:
    """The layers the territories' questions read, in the workspace's projected CRS.

    Attributes
    ----------
    hoods
        The ``neighborhoods`` layer.
    territories
        The ``territories`` layer, or ``None`` (a proposal from scratch needs none).
    events
        The incidents (``x``/``y`` projected).
    hood_of
        Each incident's row in ``hoods`` (-1: none).
    hotspots
        The top hot spots (``rank``, ``neighborhood``, ``n_incidents``,
        ``harm``, polygons), or ``None``.
    priority
        The neighbourhood ranking (``neighborhood_id``, ``rank``), or ``None``.
    """

    hoods: gpd.GeoDataFrame
    territories: gpd.GeoDataFrame | None
    events: Events
    hood_of: np.ndarray
    hotspots: gpd.GeoDataFrame | None = None
    priority: pd.DataFrame | None = None

    def __post_init__(self) -> None:
        check_located(self.hoods, self.events, self.hood_of)
        ids = self.hoods["neighborhood_id"].astype(str)
        if ids.duplicated().any():
            twice = sorted(set(ids[ids.duplicated()]))
            msg = f"neighborhoods: `neighborhood_id` {', '.join(twice)} appears more than once"
            raise TerritoryError(msg, "duplicate_ids", layer="neighborhoods", ids=", ".join(twice))
        if self.territories is not None:
            tid = self.territories["territory_id"].astype(str)
            if tid.duplicated().any():
                twice = sorted(set(tid[tid.duplicated()]))
                msg = f"territories: `territory_id` {', '.join(twice)} appears more than once"
                raise TerritoryError(
                    msg, "duplicate_ids", layer="territories", ids=", ".join(twice)
                )

    @classmethod
    def from_workspace(
        cls,
        ws: Workspace,
        *,
        hotspots: gpd.GeoDataFrame | None = None,
        priority: pd.DataFrame | None = None,
    ) -> TerritoryInputs:
        """Read ``ws``'s barrios, territories and incidents (the CLI's way in)."""
        hoods = ws.read("neighborhoods", projected=True)
        events = Events.from_workspace(ws) if ws.has("incidents") else _no_events()
        return cls(
            hoods=hoods,
            territories=ws.read_optional("territories", projected=True),
            events=events,
            hood_of=containing_rows(events.x, events.y, hoods),
            hotspots=hotspots,
            priority=priority,
        )

    @property
    def graph(self) -> UnitGraph:
        """The barrios' adjacency (built once per inputs)."""
        cached = self.__dict__.get("_graph")
        if cached is None:
            cached = UnitGraph.from_polygons(self.hoods.geometry.to_numpy())
            object.__setattr__(self, "_graph", cached)
        return cast(UnitGraph, cached)


def _no_events() -> Events:
    empty = np.empty(0)
    return Events(x=empty, y=empty, code=np.empty(0, np.int8), when=np.empty(0, "datetime64[ns]"))


#: The hot-spot analysis whose top zones the coverage checks: Gi* on harm, 250 m cells.
HOTSPOT_OPTIONS: dict[str, object] = {"weight": "harm", "cell_size": 250.0}


def need_window(events: Events, spec: TerritorySpec, until: date | None = None) -> Window | None:
    """The window the workload counts (and the need is judged on), or ``None`` without dated incidents."""
    end = until or events.last_day()
    return None if end is None else Window.ending(end, spec.months)


@dataclass(frozen=True)
class NeedRequests:
    """What the coverage checks ask of the hot-spot engine and the neighbourhood ranking, so
    that the CLI and the app's caches ask the same (:func:`need_requests`)."""

    filters: HotspotFilters
    hotspots: HotspotSpec
    priority: PrioritySpec


def need_requests(spec: TerritorySpec, window: Window) -> NeedRequests:
    """Gi* on harm (:data:`HOTSPOT_OPTIONS`) of the window's violence and convivencia, and the
    ranking's top ``spec.top_priority`` (default weights)."""
    from models.hotspots import Filters as HotspotFilters
    from models.hotspots import spec_for
    from models.recommend.priority import PrioritySpec

    return NeedRequests(
        filters=HotspotFilters.of(workload_categories(), window.start, window.end),
        hotspots=spec_for("gi", **HOTSPOT_OPTIONS),
        priority=PrioritySpec(top_k=max(1, spec.top_priority)),
    )


def with_need(
    base: TerritoryInputs, hotspots: gpd.GeoDataFrame, ranked: pd.DataFrame
) -> TerritoryInputs:
    """``base`` with the need the coverage checks: the top hot spots (any CRS; projected
    here) and the neighbourhood ranking (its ``neighborhood_id`` and ``rank``)."""
    return replace(
        base,
        hotspots=hotspots.to_crs(base.hoods.crs),
        priority=pd.DataFrame(ranked[["neighborhood_id", "rank"]]),
    )


def inputs_from_workspace(
    ws: Workspace, spec: TerritorySpec, until: date | None = None, *, need: bool = True
) -> TerritoryInputs:
    """:class:`TerritoryInputs` from a workspace, with the need the coverage checks (the CLI's way in).

    With ``need``: the top ``spec.top_hotspots`` hot spots (Gi* on harm,
    :data:`HOTSPOT_OPTIONS`) of the violence and convivencia incidents of the
    workload's window, and the neighbourhood ranking
    (:func:`models.recommend.neighborhoods.neighborhood_priority`, default
    weights) on the same last day.
    """
    from models.hotspots import load_inputs, run_hotspots, top_hotspots
    from models.recommend.neighborhoods import NeighborhoodInputs, neighborhood_priority

    base = TerritoryInputs.from_workspace(ws)
    window = need_window(base.events, spec, until)
    if not need or window is None or not len(base.events):
        return base
    asks = need_requests(spec, window)
    hs_inputs = load_inputs(ws)
    result = run_hotspots(hs_inputs, asks.hotspots, filters=asks.filters)
    top = top_hotspots(
        result, hs_inputs.public_spaces, hs_inputs.neighborhoods, n=spec.top_hotspots
    )
    rec = neighborhood_priority(
        NeighborhoodInputs.from_events(
            base.events,
            base.hoods,
            hood_of=base.hood_of,
            public_spaces=ws.read_optional("public_spaces", projected=True),
            territories=base.territories,
            programs=ws.read_optional("programs", projected=True),
        ),
        asks.priority,
        window.end,
    )
    return with_need(base, top, rec.ranked)


# -- the workload ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Workload:
    """What was balanced, for the sentence that defines it.

    ``balance`` is the definition's code (or the column's name, with
    ``column`` true); ``start``/``end`` the incidents' window when it counts
    incidents (else ``None``); ``total`` the citywide sum.
    """

    balance: str
    column: bool
    start: date | None
    end: date | None
    months: int
    total: float


def numeric_columns(hoods: gpd.GeoDataFrame) -> list[str]:
    """The barrios' numeric columns, in the layer's order: what a workload column can be."""
    return [
        c
        for c in hoods.columns
        if c != hoods.geometry.name and pd.api.types.is_numeric_dtype(hoods[c])
    ]


def barrio_workload(
    inputs: TerritoryInputs, spec: TerritorySpec, until: date | None = None
) -> tuple[np.ndarray, Workload]:
    """Each barrio's workload as ``spec.balance`` defines it, and the definition.

    Raises
    ------
    TerritoryError
        A column that the barrios lack, or that is not numeric or has
        blanks or negative values (the message names the barrios).
    """
    hoods = inputs.hoods
    n = len(hoods)
    if spec.uses_incidents:
        ev = inputs.events
        window = need_window(ev, spec, until)
        if window is None:
            values = np.zeros(n)
        else:
            now, _ = window.masks(ev.when)
            keep = now & (inputs.hood_of >= 0)
            if spec.balance == "workload":
                keep &= ev.is_category(workload_categories())
            weights = None if spec.balance == "incidents" else ev.harm[keep]
            values = np.bincount(inputs.hood_of[keep], weights=weights, minlength=n).astype(float)
        return values, Workload(
            balance=spec.balance,
            column=False,
            start=None if window is None else window.start,
            end=None if window is None else window.end,
            months=spec.months,
            total=float(values.sum()),
        )
    column = {"population": "population", "youth": "youth_population"}.get(
        spec.balance, spec.balance
    )
    if column not in hoods.columns or column == hoods.geometry.name:
        numeric = numeric_columns(hoods)
        msg = (
            f"neighborhoods has no column `{column}` to balance; use one of "
            f"{', '.join(BALANCES)} or a numeric column ({', '.join(numeric) or 'none'})"
        )
        raise TerritoryError(msg, "no_column", column=column, options=", ".join(numeric))
    values_s = pd.to_numeric(hoods[column], errors="coerce")
    bad = values_s.isna() | (values_s < 0)
    if bad.any():
        ids = hoods.loc[bad, "neighborhood_id"].astype(str).tolist()
        msg = (
            f"neighborhoods column `{column}` is blank, not a number or negative for "
            f"{len(ids)} barrios ({', '.join(ids[:5])}{'…' if len(ids) > 5 else ''}); "
            "every barrio needs a value to balance on it"
        )
        raise TerritoryError(msg, "bad_column", column=column, n=len(ids), ids=", ".join(ids[:5]))
    values = values_s.to_numpy(dtype=float)
    return values, Workload(
        balance=spec.balance,
        column=spec.balance not in BALANCES,
        start=None,
        end=None,
        months=spec.months,
        total=float(values.sum()),
    )


# -- assignment by area ------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Assignment:
    """Each barrio's territory by area.

    Attributes
    ----------
    row
        Each barrio's territory (row of the territories layer; -1: none).
    share
        The share of the barrio's area in that territory (0 for none).
    outside
        The share of the barrio's area outside every territory.
    splits
        One row per (barrio, territory) of a barrio that two or more
        territories share (each at least :data:`SPLIT_MIN`): ``neighborhood_id``,
        ``territory_id``, ``share``.
    """

    row: np.ndarray
    share: np.ndarray
    outside: np.ndarray
    splits: pd.DataFrame


def assign(hoods: gpd.GeoDataFrame, territories: gpd.GeoDataFrame | None) -> Assignment:
    """Assign every barrio to the territory holding most of its area (module docstring)."""
    n = len(hoods)
    empty = pd.DataFrame({"neighborhood_id": [], "territory_id": [], "share": []})
    if territories is None or not len(territories):
        return Assignment(
            row=np.full(n, -1, dtype=np.int64), share=np.zeros(n), outside=np.ones(n), splits=empty
        )
    terr = territories.to_crs(hoods.crs) if territories.crs != hoods.crs else territories
    pairs = area_shares(hoods.geometry, terr.geometry)
    covered = np.bincount(pairs["source"], weights=pairs["share"], minlength=n)
    outside = np.clip(1.0 - covered, 0.0, 1.0)
    order = pairs.sort_values(["source", "share", "target"], ascending=[True, False, True])
    top = order.drop_duplicates("source")
    row = np.full(n, -1, dtype=np.int64)
    share = np.zeros(n)
    main = top["share"].to_numpy() > outside[top["source"].to_numpy()]
    row[top["source"].to_numpy()[main]] = top["target"].to_numpy()[main]
    share[top["source"].to_numpy()[main]] = top["share"].to_numpy()[main]
    big = pairs[pairs["share"] >= SPLIT_MIN]
    many = big.groupby("source")["target"].transform("size") > 1
    split = big[many].sort_values(["source", "share"], ascending=[True, False])
    splits = pd.DataFrame(
        {
            "neighborhood_id": hoods["neighborhood_id"].astype(str).to_numpy()[split["source"]],
            "territory_id": terr["territory_id"].astype(str).to_numpy()[split["target"]],
            "share": split["share"].to_numpy(),
        }
    )
    return Assignment(row=row, share=share, outside=outside, splits=splits.reset_index(drop=True))


# -- shapes ------------------------------------------------------------------------------------


def polsby_popper(geoms: gpd.GeoSeries | np.ndarray) -> np.ndarray:
    """:math:`4\\pi A / P^2` of each polygon (1: a disc; :math:`\\pi/4` a square), in its CRS's units.

    A multipolygon's area and perimeter are its parts' sums; an empty
    geometry gives NaN.
    """
    g = np.asarray(geoms, dtype=object)
    area = shapely.area(g)
    perimeter = shapely.length(g)
    out: np.ndarray = np.divide(
        4 * math.pi * area, perimeter**2, out=np.full(len(g), np.nan), where=perimeter > 0
    )
    return out


def diameter(geoms: gpd.GeoSeries | np.ndarray) -> np.ndarray:
    """The longest distance between two points of each geometry (across its convex hull)."""
    out = np.full(len(geoms), np.nan)
    for k, geom in enumerate(np.asarray(geoms, dtype=object)):
        if geom is None or shapely.is_empty(geom):
            continue
        pts = shapely.get_coordinates(shapely.convex_hull(geom))
        if len(pts) < 2:
            out[k] = 0.0
            continue
        d = np.hypot(pts[:, None, 0] - pts[None, :, 0], pts[:, None, 1] - pts[None, :, 1])
        out[k] = float(d.max())
    return out


# -- the per-team table -----------------------------------------------------------------------


def team_table(
    inputs: TerritoryInputs,
    labels: np.ndarray,
    workload: np.ndarray,
    teams: pd.DataFrame,
    geoms: np.ndarray | None = None,
) -> gpd.GeoDataFrame:
    """One row per team (:data:`TEAM_COLUMNS` and the geometry), in ``teams``' order.

    Parameters
    ----------
    labels
        Each barrio's team (row of ``teams``; -1: none).
    workload
        Each barrio's workload.
    teams
        ``territory_id``, ``team`` and ``gestores`` (NaN: unknown), one row per team.
    geoms
        The territories as drawn (projected), or ``None`` to dissolve their barrios.
    """
    hoods = inputs.hoods
    k = len(teams)
    inside = labels >= 0
    lab = labels[inside]

    def total(values: np.ndarray) -> np.ndarray:
        return np.bincount(lab, weights=np.asarray(values, dtype=float)[inside], minlength=k)

    pop = pd.to_numeric(hoods["population"], errors="coerce").fillna(0).to_numpy(float)
    youth = (
        total(pd.to_numeric(hoods["youth_population"], errors="coerce").fillna(0).to_numpy(float))
        if "youth_population" in hoods.columns
        else np.full(k, np.nan)
    )
    load = total(workload)
    target = load.sum() / k if k else np.nan
    gestores = pd.to_numeric(teams["gestores"], errors="coerce").to_numpy(float)
    if geoms is None:
        hg = hoods.geometry.to_numpy()
        geoms = np.array(
            [
                shapely.union_all(hg[labels == r]) if (labels == r).any() else shapely.Polygon()
                for r in range(k)
            ],
            dtype=object,
        )
    graph = inputs.graph
    parts = np.array([graph.parts(np.flatnonzero(labels == r), links=False) for r in range(k)])
    with np.errstate(divide="ignore", invalid="ignore"):
        per_gestor = np.where(gestores > 0, load / gestores, np.nan)
        vs = load / target - 1.0 if target > 0 else np.full(k, np.nan)
    out = gpd.GeoDataFrame(
        {
            "territory_id": teams["territory_id"].astype(str).to_numpy(),
            "team": teams["team"].astype(str).to_numpy(),
            "barrios": np.bincount(lab, minlength=k),
            "population": total(pop),
            "youth_population": youth,
            "workload": load,
            "gestores": gestores,
            "workload_per_gestor": per_gestor,
            "target": np.full(k, target),
            "vs_target": vs,
            "polsby_popper": polsby_popper(geoms),
            "diameter_m": diameter(geoms),
            "area_km2": shapely.area(geoms) / 1e6,
            "parts": parts,
            "contiguous": parts == 1,
        },
        geometry=list(geoms),
        crs=hoods.crs,
    )
    return out


@dataclass(frozen=True)
class Headline:
    """The figures the page leads with.

    ``cv`` (population standard deviation over the mean of the teams'
    workload) and ``max_min`` (``None`` when a team has none) describe the
    balance; ``outside_share`` is the share of the citywide workload in
    barrios outside every territory, ``outside_barrios`` how many such
    barrios; ``priority_outside``/``priority_checked`` and
    ``hotspots_outside``/``hotspots_checked`` the need outside (``None``
    when it was not checked).
    """

    teams: int
    cv: float
    max_min: float | None
    outside_share: float
    outside_barrios: int
    priority_outside: int | None = None
    priority_checked: int | None = None
    hotspots_outside: int | None = None
    hotspots_checked: int | None = None


def balance_figures(load: np.ndarray) -> tuple[float, float | None]:
    """The coefficient of variation (population s.d. over the mean) and the max/min ratio."""
    load = np.asarray(load, dtype=float)
    if not len(load) or load.mean() <= 0:
        return float("nan"), None
    cv = float(load.std() / load.mean())
    return cv, (float(load.max() / load.min()) if load.min() > 0 else None)


# -- evaluation --------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class TerritoryEvaluation:
    """How today's territories cover the need.

    Attributes
    ----------
    barrios
        One row per barrio: ``neighborhood_id``, ``name``, ``comuna``,
        ``population``, ``workload``, ``territory_id`` (blank: none),
        ``team``, ``share`` (of its area in that territory), ``outside``
        (share outside every territory), ``split`` (two territories share
        it), ``priority_rank`` (NaN without a ranking), the geometry.
    teams
        :func:`team_table` of the territories as drawn.
    splits
        :attr:`Assignment.splits`.
    hotspots
        The top hot spots with ``outside`` (share of area outside every
        territory) and ``covered`` (bool), or ``None``.
    workload
        The definition balanced.
    headline
        :class:`Headline`.
    links
        The links the adjacency needed (islands and cut-off groups).
    """

    barrios: gpd.GeoDataFrame
    teams: gpd.GeoDataFrame
    splits: pd.DataFrame
    hotspots: gpd.GeoDataFrame | None
    workload: Workload
    headline: Headline
    links: tuple[Link, ...]

    @property
    def priority_outside(self) -> pd.DataFrame:
        """The top priority barrios outside every territory, by rank."""
        b = self.barrios
        if "priority_rank" not in b.columns or b["priority_rank"].isna().all():
            return pd.DataFrame(b.iloc[0:0])
        top = b[b["priority_top"] & (b["territory_id"] == "")]
        return pd.DataFrame(top.sort_values("priority_rank"))


def _teams_frame(territories: gpd.GeoDataFrame) -> pd.DataFrame:
    gestores = (
        pd.to_numeric(territories["gestores"], errors="coerce")
        if "gestores" in territories.columns
        else pd.Series(np.nan, index=territories.index)
    )
    team = territories["team"] if "team" in territories.columns else territories["territory_id"]
    return pd.DataFrame(
        {
            "territory_id": territories["territory_id"].astype(str).to_numpy(),
            "team": team.fillna("").astype(str).to_numpy(),
            "gestores": gestores.to_numpy(float),
        }
    )


def _hotspot_coverage(
    hotspots: gpd.GeoDataFrame | None, territories: gpd.GeoDataFrame | None, crs: object
) -> gpd.GeoDataFrame | None:
    if hotspots is None:
        return None
    hs = hotspots.to_crs(crs) if hotspots.crs != crs else hotspots.copy()
    hs = hs.copy()
    if territories is None or not len(territories):
        hs["outside"] = 1.0
    else:
        union = shapely.union_all(territories.to_crs(crs).geometry.to_numpy())
        area = shapely.area(hs.geometry.to_numpy())
        inside = shapely.area(shapely.intersection(hs.geometry.to_numpy(), union))
        hs["outside"] = np.clip(
            1.0 - np.divide(inside, area, out=np.zeros_like(area), where=area > 0), 0, 1
        )
    hs["covered"] = hs["outside"] < HOTSPOT_OUTSIDE
    return cast(gpd.GeoDataFrame, hs)


def evaluate(
    inputs: TerritoryInputs, spec: TerritorySpec | None = None, until: date | None = None
) -> TerritoryEvaluation:
    """How today's territories balance the workload and cover the need (module docstring).

    Raises
    ------
    TerritoryError
        No territories layer, or a workload column the barrios lack.
    """
    spec = spec or TerritorySpec()
    if inputs.territories is None or not len(inputs.territories):
        raise TerritoryError(
            "the workspace has no territories to evaluate; import the territories layer",
            "no_territories",
        )
    values, definition = barrio_workload(inputs, spec, until)
    return _evaluate(inputs, spec, values, definition, assign(inputs.hoods, inputs.territories))


def _evaluate(
    inputs: TerritoryInputs,
    spec: TerritorySpec,
    values: np.ndarray,
    definition: Workload,
    a: Assignment,
) -> TerritoryEvaluation:
    """:func:`evaluate` from the barrios' workload and their assignment (:func:`propose` has both)."""
    hoods = inputs.hoods
    terr = inputs.territories
    assert terr is not None  # evaluate checks it; propose calls this only with territories
    teams = _teams_frame(terr)
    table = team_table(inputs, a.row, values, teams, terr.to_crs(hoods.crs).geometry.to_numpy())
    barrios = _barrio_frame(inputs, values, a.row, teams, spec)
    barrios["share"] = a.share
    barrios["outside"] = a.outside
    barrios["split"] = barrios["neighborhood_id"].isin(set(a.splits["neighborhood_id"]))
    hs = _hotspot_coverage(
        None if inputs.hotspots is None else inputs.hotspots.head(spec.top_hotspots),
        terr,
        hoods.crs,
    )
    headline = _headline(table["workload"].to_numpy(float), barrios, values, hs)
    return TerritoryEvaluation(
        barrios=barrios,
        teams=table,
        splits=a.splits,
        hotspots=hs,
        workload=definition,
        headline=headline,
        links=inputs.graph.links,
    )


def _barrio_frame(
    inputs: TerritoryInputs,
    values: np.ndarray,
    labels: np.ndarray,
    teams: pd.DataFrame,
    spec: TerritorySpec,
) -> gpd.GeoDataFrame:
    hoods = inputs.hoods
    ids = np.append(teams["territory_id"].astype(str).to_numpy(), "")
    names = np.append(teams["team"].astype(str).to_numpy(), "")
    out = gpd.GeoDataFrame(
        {
            "neighborhood_id": hoods["neighborhood_id"].astype(str).to_numpy(),
            "name": hoods["name"].astype(str).to_numpy() if "name" in hoods.columns else "",
            "comuna": hoods["comuna"].astype(str).to_numpy() if "comuna" in hoods.columns else "",
            "population": pd.to_numeric(hoods["population"], errors="coerce").to_numpy(float),
            "workload": values,
            "territory_id": ids[labels],
            "team": names[labels],
        },
        geometry=hoods.geometry.to_numpy(),
        crs=hoods.crs,
    )
    rank = np.full(len(hoods), np.nan)
    if inputs.priority is not None and len(inputs.priority):
        by_id = inputs.priority.set_index(inputs.priority["neighborhood_id"].astype(str))["rank"]
        rank = out["neighborhood_id"].map(by_id).to_numpy(dtype=float)
    out["priority_rank"] = rank
    out["priority_top"] = rank <= spec.top_priority
    return out


def _headline(
    load: np.ndarray, barrios: gpd.GeoDataFrame, values: np.ndarray, hs: gpd.GeoDataFrame | None
) -> Headline:
    cv, max_min = balance_figures(load)
    none = (barrios["territory_id"] == "").to_numpy()
    total = float(values.sum())
    ranked = barrios["priority_rank"].notna().any()
    top = barrios["priority_top"].to_numpy(bool)
    return Headline(
        teams=len(load),
        cv=cv,
        max_min=max_min,
        outside_share=float(values[none].sum() / total) if total > 0 else 0.0,
        outside_barrios=int(none.sum()),
        priority_outside=int((top & none).sum()) if ranked else None,
        priority_checked=int(top.sum()) if ranked else None,
        hotspots_outside=None if hs is None else int((~hs["covered"]).sum()),
        hotspots_checked=None if hs is None else len(hs),
    )


# -- the proposal ------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class TerritoryProposal:
    """A redesign and its figures before and after.

    Attributes
    ----------
    barrios
        One row per barrio: ``neighborhood_id``, ``name``, ``territory_id``
        (proposed), ``team``, ``current_territory`` (blank: none), ``moved``
        (it leaves a current territory for another), ``change`` (``same``,
        ``moved``, ``added``: it was in none), ``locked``, ``workload``, the geometry.
    teams
        :func:`team_table` of the proposed territories (dissolved barrios).
    headline
        :class:`Headline` of the proposal.
    before
        :func:`evaluate` of the current plan, or ``None`` without one.
    plan
        The solver's :class:`models.districting.Plan`.
    spec
        The request.
    workload
        The definition balanced.
    links
        Links the adjacency needed (reported with the plan).
    """

    barrios: gpd.GeoDataFrame
    teams: gpd.GeoDataFrame
    headline: Headline
    before: TerritoryEvaluation | None
    plan: Plan
    spec: ProposalSpec
    workload: Workload
    links: tuple[Link, ...]

    @property
    def moved(self) -> int:
        """Barrios that change team."""
        return int(self.barrios["moved"].sum())

    @property
    def added(self) -> int:
        """Barrios outside every territory today that the proposal gives to a team."""
        return int((self.barrios["change"] == "added").sum())


def _named(exc: DistrictingError, hoods: gpd.GeoDataFrame) -> DistrictingError:
    """The error with its barrio (a position) said as its id and name."""
    unit = exc.params.get("unit")
    if not isinstance(unit, int):
        return exc
    hood_id = str(hoods["neighborhood_id"].iloc[unit])
    name = str(hoods["name"].iloc[unit]) if "name" in hoods.columns else ""
    message = f"{exc} (barrio {hood_id} {name})".rstrip()
    return DistrictingError(message, exc.code, **{**exc.params, "id": hood_id, "name": name})


def propose(
    inputs: TerritoryInputs, spec: ProposalSpec, until: date | None = None
) -> TerritoryProposal:
    """Draw ``spec.teams`` contiguous territories over every barrio (module docstring).

    Raises
    ------
    models.districting.DistrictingError
        An infeasible request (more teams than barrios, unknown or
        uncoverable locks, locks that make contiguity impossible, options
        that need a current plan without one).
    TerritoryError
        A workload column the barrios lack.
    """
    hoods = inputs.hoods
    ids = hoods["neighborhood_id"].astype(str).to_numpy()
    values, definition = barrio_workload(inputs, spec.measure, until)
    terr = inputs.territories
    have = terr is not None and len(terr) > 0
    a = assign(hoods, terr)
    position = {v: i for i, v in enumerate(ids)}
    unknown = [x for x in spec.locks if x not in position]
    if unknown:
        msg = f"locked barrio {', '.join(unknown)} is not a neighborhood_id of the barrios layer"
        raise DistrictingError(msg, "lock_unknown", ids=", ".join(unknown))
    request = Request(
        k=spec.teams,
        compactness=float(spec.compactness),
        current=tuple(int(r) for r in a.row) if have else None,
        from_current=spec.from_current,
        locked=tuple(position[x] for x in spec.locks),
        max_moves=spec.max_moves,
        seed=spec.seed,
    )
    try:
        plan = solve(inputs.graph, values, request)
    except DistrictingError as exc:
        raise _named(exc, hoods) from exc
    current_teams = (
        _teams_frame(terr)
        if have
        else pd.DataFrame({"territory_id": [], "team": [], "gestores": []})
    )
    k_cur = len(current_teams)
    if spec.from_current:
        order = np.arange(spec.teams)
    else:
        order = match_labels(plan.labels, a.row, k_cur, plan.fixed)
    rows = []
    fresh = 0
    for r in range(spec.teams):
        c = int(order[r])
        if c >= 0:
            rows.append(current_teams.iloc[c].to_dict())
        else:
            fresh += 1
            rows.append({"territory_id": f"N{fresh}", "team": "", "gestores": np.nan})
    teams = pd.DataFrame(rows, columns=["territory_id", "team", "gestores"])
    table = team_table(inputs, plan.labels, values, teams)
    cur_ids = np.append(current_teams["territory_id"].astype(str).to_numpy(), "")[a.row]
    new_ids = teams["territory_id"].astype(str).to_numpy()[plan.labels]
    moved = (cur_ids != "") & (new_ids != cur_ids)
    change = np.where(cur_ids == "", "added", np.where(moved, "moved", "same"))
    locked = np.isin(ids, list(spec.locks))
    barrios = gpd.GeoDataFrame(
        {
            "neighborhood_id": ids,
            "name": hoods["name"].astype(str).to_numpy() if "name" in hoods.columns else "",
            "territory_id": new_ids,
            "team": teams["team"].astype(str).to_numpy()[plan.labels],
            "current_territory": cur_ids,
            "moved": moved,
            "change": change,
            "locked": locked,
            "workload": values,
        },
        geometry=hoods.geometry.to_numpy(),
        crs=hoods.crs,
    )
    before = _evaluate(inputs, spec.measure, values, definition, a) if have else None
    everyone = _barrio_frame(inputs, values, plan.labels, teams, spec.measure)
    headline = _headline(table["workload"].to_numpy(float), everyone, values, None)
    return TerritoryProposal(
        barrios=barrios,
        teams=table,
        headline=headline,
        before=before,
        plan=plan,
        spec=spec,
        workload=definition,
        links=inputs.graph.links,
    )


def proposal_layer(
    proposal: TerritoryProposal, current: gpd.GeoDataFrame | None = None
) -> gpd.GeoDataFrame:
    """The proposal as a ``territories`` layer (what adopting it writes).

    One row per proposed territory: ``territory_id``, ``team`` (blank for a
    new one), ``gestores``, the barrios dissolved; a territory that keeps a
    current id keeps that territory's ``start`` and other columns.
    """
    teams = proposal.teams
    layer = gpd.GeoDataFrame(
        {
            "territory_id": teams["territory_id"].astype(str).to_numpy(),
            "team": teams["team"].astype(str).to_numpy(),
            "gestores": teams["gestores"].to_numpy(float),
        },
        geometry=teams.geometry.to_numpy(),
        crs=teams.crs,
    )
    if current is not None and len(current):
        extra = [
            c for c in current.columns if c not in layer.columns and c != current.geometry.name
        ]
        if extra:
            by_id = pd.DataFrame(current[["territory_id", *extra]]).astype({"territory_id": str})
            layer = layer.merge(by_id, on="territory_id", how="left")
    if layer["gestores"].isna().all():
        layer = layer.drop(columns="gestores")
    return cast(gpd.GeoDataFrame, layer)


def scenario_record(proposal: TerritoryProposal) -> dict[str, object]:
    """What a saved ``territories`` scenario holds: the request, the figures before and after,
    and each barrio's territory (``Workspace.save_scenario``'s ``spec``, ``summary``, ``result``)."""
    spec = proposal.spec
    after = proposal.headline
    before = proposal.before.headline if proposal.before is not None else None
    return {
        "spec": {
            "teams": spec.teams,
            "balance": spec.measure.balance,
            "months": spec.measure.months,
            "compactness": spec.compactness,
            "locks": list(spec.locks),
            "from_current": spec.from_current,
            "seed": spec.seed,
            "max_moves": spec.max_moves,
            "window": [
                None if proposal.workload.start is None else proposal.workload.start.isoformat(),
                None if proposal.workload.end is None else proposal.workload.end.isoformat(),
            ],
        },
        "summary": {
            "cv_before": None if before is None else before.cv,
            "cv_after": after.cv,
            "max_min_before": None if before is None else before.max_min,
            "max_min_after": after.max_min,
            "moved": proposal.moved,
            "added": proposal.added,
        },
        "result": [
            {
                "neighborhood_id": r.neighborhood_id,
                "territory_id": r.territory_id,
                "current_territory": r.current_territory,
                "moved": bool(r.moved),
            }
            for r in proposal.barrios.itertuples()
        ],
    }


__all__ = [
    "BALANCES",
    "HOTSPOT_OPTIONS",
    "HOTSPOT_OUTSIDE",
    "SPLIT_MIN",
    "TEAM_COLUMNS",
    "WORKLOAD_GROUPS",
    "Assignment",
    "Headline",
    "ProposalSpec",
    "TerritoryError",
    "TerritoryEvaluation",
    "TerritoryInputs",
    "TerritoryProposal",
    "TerritorySpec",
    "Workload",
    "assign",
    "balance_figures",
    "barrio_workload",
    "diameter",
    "evaluate",
    "inputs_from_workspace",
    "numeric_columns",
    "NeedRequests",
    "need_requests",
    "with_need",
    "workload_categories",
    "need_window",
    "polsby_popper",
    "propose",
    "proposal_layer",
    "scenario_record",
    "team_table",
]
