"""Which public spaces to activate: catchment indicators, an activation score and a portfolio.

A public space (park, plaza, sports field, playground, community centre) is
a candidate for activation when it is not active already. For each space
the model measures, in its walking catchment (``radius`` metres from its
boundary, along the streets when the workspace has a ``streets`` layer:
:func:`geo.network.catchments`), the need it could serve, and combines the
measures into one activation score with weights the planner sets. Then it
chooses, within a budget, the set of spaces that together cover the most
need (:mod:`models.recommend.portfolio`).

Indicators (one row per space: :func:`park_indicators`)
--------------------------------------------------------
``harm``, ``harm_before``
    Harm-weighted incidents (``geo.schema`` harm weights, every category)
    in the catchment in the last ``months`` months of data and in the same
    length before (:class:`models.events.Window`).
``trend``
    ``(harm + 1) / (harm_before + 1) - 1``: the change, e.g. ``0.35`` for
    +35 % (the 1 keeps a space with no harm before finite).
``conflicts``
    Fights, threats and territorial graffiti in the catchment in the last
    window: the convivencia conflicts gestores defuse before they turn
    into violence. Also ``fights``, ``threats``, ``graffiti``,
    ``homicides`` (counts) and ``incidents`` (all categories).
``residents``, ``young``
    Residents and young residents in the catchment (areal interpolation from
    the neighbourhoods: :func:`geo.interpolate.area_weighted_sum`).
``stratum``, ``comuna``, ``neighborhood_id``
    Of the neighbourhood holding the space's representative point.
``condition``, ``lighting``, ``activation_status``, ``activation_cost``
    From the ``public_spaces`` layer (blank when the layer lacks them).
``nearest_active``, ``nearest_active_name``, ``nearest_active_m``
    The nearest space that is already active (id and name) and the
    straight-line distance between the two spaces' edges (NaN when none is
    active).
``territory_id``, ``team``
    The gestores territory holding the space (blank: none).

Activation score (:func:`park_scores`)
--------------------------------------
Each component is a measure where higher means more reason to activate,
normalised over the candidates (spaces not yet active) to 0-1 and weighted
(OECD/JRC *Handbook on Constructing Composite Indicators*, 2008: normalise,
weight, aggregate, then test the ranks' sensitivity to the weights):

========== ================================================ ======= ==========================================================
component  measure                                          weight  why this default
========== ================================================ ======= ==========================================================
harm       harm in the catchment, last window               0.30    the outcome the programme exists to reduce; harm-weighted
                                                                    so a homicide counts far more than a noise complaint
conflicts  fights + threats + graffiti, last window         0.20    the early conflicts an active space and its gestores
                                                                    defuse before they escalate (PAZOS's interruption)
youth      young residents in the catchment                 0.15    activation's audience; ParkScore gives children 25 %
                                                                    of park need
poverty    ``(6 - stratum) / 5`` of the space's barrio      0.10    ParkScore gives low income 25 % of need; stratum is
                                                                    Colombia's socio-economic band (1 lowest)
gap        ``min(nearest_active_m, reach) / reach``         0.10    no active space within a walk (ParkServe's 10-minute
                                                                    walk): the space would serve people nobody serves
trend      ``trend`` (rising harm)                          0.10    where violence is emerging, before it settles
neglect    condition (poor 1, fair ½, good 0) and lighting  0.05    a dark, broken space is itself a risk and is what
           (none 1, partial ½, good 0), averaged                    activation repairs; low because its cost is counted
========== ================================================ ======= ==========================================================

Normalisation ``"rank"`` (default) is the percentile rank among the
candidates, ``(r - 1) / (n - 1)`` with ties averaged, robust to one
catchment with a homicide swamping every other; ``"minmax"`` is
``(x - min) / (max - min)``. Equal values everywhere give 0.5. A component
whose data the workspace lacks altogether (no stratum column, no active
space, no lighting) is left out and the other weights renormalised (listed
in ``ParkScores.dropped``); a single missing value scores 0. Both
normalisations are monotone: more harm in a space's catchment never lowers
its score (tested with hypothesis).

Active spaces are measured and shown, never ranked or recommended again.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal, cast

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from catalog.say import metres, number, percent, say
from geo.aggregate import containing_rows
from geo.interpolate import area_weighted_sum
from geo.network import StreetNetwork, catchments
from models.events import CODES, Events, Window
from models.recommend.priority import normalise

Normalise = Literal["rank", "minmax"]
Demand = Literal["harm", "residents", "youth"]
NORMALISATIONS: tuple[Normalise, ...] = ("rank", "minmax")
DEMANDS: tuple[Demand, ...] = ("harm", "residents", "youth")

#: The components of the activation score, in the order they are shown.
COMPONENTS: tuple[str, ...] = (
    "harm",
    "conflicts",
    "youth",
    "poverty",
    "gap",
    "trend",
    "neglect",
)
#: The default weights (see the module docstring for the reason of each).
DEFAULT_WEIGHTS: tuple[tuple[str, float], ...] = (
    ("harm", 0.30),
    ("conflicts", 0.20),
    ("youth", 0.15),
    ("poverty", 0.10),
    ("gap", 0.10),
    ("trend", 0.10),
    ("neglect", 0.05),
)
#: The convivencia conflicts counted in ``conflicts``.
CONFLICTS: tuple[str, ...] = ("fight", "threat", "graffiti")
_CONDITION_SCORE = {"poor": 1.0, "fair": 0.5, "good": 0.0}
_LIGHTING_SCORE = {"none": 1.0, "partial": 0.5, "good": 0.0}


def _positive(name: str, value: float) -> None:
    if not (isinstance(value, int | float) and math.isfinite(value) and value > 0):
        msg = f"`{name}` must be a positive number, got {value!r}"
        raise ValueError(msg)


def checked_weights(
    weights: Sequence[tuple[str, float]] | Mapping[str, float], names: Sequence[str]
) -> tuple[tuple[str, float], ...]:
    """Weights by component, every name known, none negative, summing to 1 (renormalised).

    Examples
    --------
    >>> checked_weights({"a": 2, "b": 2}, ("a", "b", "c"))
    (('a', 0.5), ('b', 0.5), ('c', 0.0))
    """
    given = dict(weights.items() if isinstance(weights, Mapping) else weights)
    unknown = sorted(set(given) - set(names))
    if unknown:
        msg = (
            f"unknown weight {', '.join(map(repr, unknown))}; the components are {', '.join(names)}"
        )
        raise ValueError(msg)
    for name, w in given.items():
        if not (isinstance(w, int | float) and math.isfinite(w) and w >= 0):
            msg = f"weight of `{name}` must be a non-negative number, got {w!r}"
            raise ValueError(msg)
    total = float(sum(given.values()))
    if total <= 0:
        msg = "at least one weight must be positive"
        raise ValueError(msg)
    return tuple((n, float(given.get(n, 0.0)) / total) for n in names)


@dataclass(frozen=True)
class ParkSpec:
    """What the public-spaces recommendation is asked to do (frozen, hashable: a cache key).

    Attributes
    ----------
    radius
        Catchment radius in metres for the indicators and the coverage (400:
        a five-minute walk).
    reach
        An active space farther than this (metres) is "not within a walk";
        the outer catchment drawn (800: ParkServe's ten-minute walk).
    network
        Follow the ``streets`` layer when the workspace has one (else rings).
    months
        Length of the current window (and of the window before it).
    end
        Last day of the current window; ``None``: the last incident's day.
    start
        First day of the current window; ``None``: ``months`` before ``end``.
        Given, the window before it has the same number of days.
    weights
        Component -> weight (renormalised to sum 1): :data:`DEFAULT_WEIGHTS`.
    normalise
        ``"rank"`` or ``"minmax"``.
    """

    radius: float = 400.0
    reach: float = 800.0
    network: bool = True
    months: int = 12
    end: date | None = None
    weights: tuple[tuple[str, float], ...] = DEFAULT_WEIGHTS
    normalise: Normalise = "rank"
    start: date | None = None

    def __post_init__(self) -> None:
        _positive("radius", self.radius)
        _positive("reach", self.reach)
        if self.reach < self.radius:
            msg = (
                f"`reach` ({self.reach:g} m) must not be shorter than `radius` ({self.radius:g} m)"
            )
            raise ValueError(msg)
        if not isinstance(self.months, int) or self.months < 1:
            msg = f"`months` must be a whole number of months, at least 1, got {self.months!r}"
            raise ValueError(msg)
        if self.normalise not in NORMALISATIONS:
            msg = f"`normalise` must be one of {', '.join(NORMALISATIONS)}, got {self.normalise!r}"
            raise ValueError(msg)
        if self.start is not None and self.end is not None and self.start > self.end:
            msg = f"`start` {self.start.isoformat()} is after `end` {self.end.isoformat()}"
            raise ValueError(msg)
        object.__setattr__(self, "weights", checked_weights(self.weights, COMPONENTS))

    def window(self, last_day: date | None) -> Window:
        """The current window and the one before, ``last_day`` being the data's last day.

        Raises
        ------
        ValueError
            When no end is given and the data have no date.
        """
        end = self.end or last_day
        if end is None:
            msg = "no incident has a date: the last months cannot be placed"
            raise ValueError(msg)
        if self.start is not None:
            return Window.between(self.start, end)
        return Window.ending(end, self.months)

    @property
    def radii(self) -> tuple[float, ...]:
        """The catchments drawn: ``radius`` and ``reach`` (one when equal)."""
        return (self.radius,) if self.reach == self.radius else (self.radius, self.reach)


@dataclass(frozen=True)
class PortfolioSpec:
    """What to choose within a budget (frozen, hashable).

    Attributes
    ----------
    budget
        Money available (the ``activation_cost`` unit, COP in the demo).
    demand
        What a covered demand cell counts: ``"harm"`` (harm-weighted
        incidents in the last window, in cells of ``cell`` metres),
        ``"residents"`` or ``"youth"`` (residents in each cell, from the
        neighbourhoods by area).
    per_comuna
        At least one chosen space in every comuna that has a candidate.
    must, exclude
        Space ids that must be / must not be chosen.
    served_by_active
        Demand within ``radius`` of an active space is already served and
        counts nothing (the usual covering model with existing facilities).
    cell
        Side in metres of the demand cells.
    """

    budget: float
    demand: Demand = "harm"
    per_comuna: bool = False
    must: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    served_by_active: bool = True
    cell: float = 100.0

    def __post_init__(self) -> None:
        if not (isinstance(self.budget, int | float) and math.isfinite(self.budget)):
            msg = f"`budget` must be a number, got {self.budget!r}"
            raise ValueError(msg)
        if self.budget < 0:
            msg = f"`budget` must not be negative, got {self.budget:g}"
            raise ValueError(msg)
        if self.demand not in DEMANDS:
            msg = f"`demand` must be one of {', '.join(DEMANDS)}, got {self.demand!r}"
            raise ValueError(msg)
        _positive("cell", self.cell)
        both = sorted(set(self.must) & set(self.exclude))
        if both:
            msg = f"space {', '.join(both)} is both a must and excluded"
            raise ValueError(msg)
        object.__setattr__(self, "must", tuple(sorted(set(self.must))))
        object.__setattr__(self, "exclude", tuple(sorted(set(self.exclude))))


# -- indicators ----------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class ParkIndicators:
    """The indicators of every space and the catchments they were measured in.

    Attributes
    ----------
    table
        One row per space (the module docstring lists the columns), in the
        layer's order, with its ``geometry`` (projected).
    catchments
        ``space_id``, ``radius_m``, ``method`` (``"network"``/``"ring"``), geometry.
    window
        The two windows compared.
    method
        ``"network"`` when the streets were followed, else ``"ring"``.
    """

    table: gpd.GeoDataFrame
    catchments: gpd.GeoDataFrame
    window: Window
    method: str


def park_indicators(
    spaces: gpd.GeoDataFrame,
    events: Events,
    *,
    spec: ParkSpec,
    hoods: gpd.GeoDataFrame | None = None,
    territories: gpd.GeoDataFrame | None = None,
    streets: gpd.GeoDataFrame | StreetNetwork | None = None,
) -> ParkIndicators:
    """Measure every public space's catchment (see the module docstring).

    Parameters
    ----------
    spaces
        The ``public_spaces`` layer in the workspace's projected CRS.
    events
        The incidents (projected coordinates, the same CRS).
    spec
        The radius, reach, window and whether to follow the streets.
    hoods, territories, streets
        The other layers (projected), when the workspace has them.

    Raises
    ------
    ValueError
        When ``spaces`` is empty or in a geographic CRS, or no incident has a date.
    """
    if not len(spaces):
        msg = "the `public_spaces` layer has no rows"
        raise ValueError(msg)
    if spaces.crs is None or spaces.crs.is_geographic:
        msg = "`spaces` must be in the workspace's projected CRS (metres)"
        raise ValueError(msg)
    window = spec.window(events.last_day())
    spaces = spaces.reset_index(drop=True)
    use_streets = streets if spec.network else None
    zones = catchments(spaces, spec.radii, streets=use_streets)
    inner = zones[zones["radius_m"] == spec.radius].set_index("space_id").loc[spaces["space_id"]]
    method = "network" if (inner["method"] == "network").any() else "ring"
    table = spaces.copy()
    for col in ("condition", "lighting", "activation_status", "activation_cost"):
        if col not in table.columns:
            table[col] = np.nan
    table = cast(gpd.GeoDataFrame, table)
    _incident_measures(table, inner.geometry.to_numpy(), events, window)
    _people(table, inner.geometry, hoods)
    _places(table, hoods, territories)
    _nearest_active(table)
    return ParkIndicators(table=table, catchments=zones, window=window, method=method)


def _incident_measures(
    table: pd.DataFrame, zones: np.ndarray, events: Events, window: Window
) -> None:
    now, before = window.masks(events.when)
    located = ~(np.isnan(events.x) | np.isnan(events.y))
    keep = (now | before) & located
    x, y = events.x[keep], events.y[keep]
    harm = events.harm[keep]
    code = events.code[keep]
    is_now = now[keep]
    wanted = {
        "fights": CODES.index("fight"),
        "threats": CODES.index("threat"),
        "graffiti": CODES.index("graffiti"),
        "homicides": CODES.index("homicide"),
    }
    cols: dict[str, np.ndarray] = {
        name: np.zeros(len(zones)) for name in ("harm", "harm_before", "incidents", *wanted)
    }
    for i, zone in enumerate(zones):
        xmin, ymin, xmax, ymax = shapely.bounds(zone)
        box = (x >= xmin) & (x <= xmax) & (y >= ymin) & (y <= ymax)
        idx = np.flatnonzero(box)
        if not len(idx):
            continue
        inside = idx[shapely.contains_xy(zone, x[idx], y[idx])]
        cur = inside[is_now[inside]]
        cols["harm"][i] = harm[cur].sum()
        cols["harm_before"][i] = harm[inside[~is_now[inside]]].sum()
        cols["incidents"][i] = len(cur)
        for name, k in wanted.items():
            cols[name][i] = int((code[cur] == k).sum())
    for name, values in cols.items():
        table[name] = values
    for name in ("incidents", *wanted):
        table[name] = table[name].astype(np.int64)
    table["conflicts"] = table["fights"] + table["threats"] + table["graffiti"]
    table["trend"] = (table["harm"] + 1.0) / (table["harm_before"] + 1.0) - 1.0


def _people(table: pd.DataFrame, zones: gpd.GeoSeries, hoods: gpd.GeoDataFrame | None) -> None:
    if hoods is None or not len(hoods):
        table["residents"] = np.nan
        table["young"] = np.nan
        return
    cols = ["population"]
    if "youth_population" in hoods.columns:
        cols.append("youth_population")
    est = area_weighted_sum(hoods, zones.reset_index(drop=True), cols)
    table["residents"] = est["population"].to_numpy()
    table["young"] = est["youth_population"].to_numpy() if "youth_population" in est else np.nan


def _places(
    table: gpd.GeoDataFrame,
    hoods: gpd.GeoDataFrame | None,
    territories: gpd.GeoDataFrame | None,
) -> None:
    points = shapely.point_on_surface(table.geometry.to_numpy())
    px, py = shapely.get_x(points), shapely.get_y(points)
    for col in ("neighborhood_id", "neighborhood", "comuna", "territory_id", "team"):
        table[col] = ""
    table["stratum"] = np.nan
    if hoods is not None and len(hoods):
        row = containing_rows(px, py, hoods)
        found = row >= 0
        for col, src in (("neighborhood_id", "neighborhood_id"), ("neighborhood", "name")):
            values = hoods[src].astype(str).to_numpy()
            table.loc[found, col] = values[row[found]]
        if "comuna" in hoods.columns:
            comuna = hoods["comuna"].astype(object).where(hoods["comuna"].notna(), "")
            table.loc[found, "comuna"] = comuna.astype(str).to_numpy()[row[found]]
        if "stratum" in hoods.columns:
            stratum = pd.to_numeric(hoods["stratum"], errors="coerce").to_numpy(dtype=float)
            table.loc[found, "stratum"] = stratum[row[found]]
    if territories is not None and len(territories):
        row = containing_rows(px, py, territories)
        found = row >= 0
        table.loc[found, "territory_id"] = (
            territories["territory_id"].astype(str).to_numpy()[row[found]]
        )
        if "team" in territories.columns:
            table.loc[found, "team"] = territories["team"].astype(str).to_numpy()[row[found]]


def _nearest_active(table: gpd.GeoDataFrame) -> None:
    active = (table["activation_status"] == "active").to_numpy()
    table["nearest_active"] = ""
    table["nearest_active_name"] = ""
    table["nearest_active_m"] = np.nan
    if not active.any():
        return
    geoms = table.geometry.to_numpy()
    targets = geoms[active]
    ids = table["space_id"].astype(str).to_numpy()[active]
    names = table["name"].astype(str).to_numpy()[active]
    # the nearest other active space (an active space's own nearest is another one)
    dist = shapely.distance(geoms[:, None], targets[None, :])
    own = np.flatnonzero(active)
    dist[own, np.arange(len(own))] = np.inf
    best = np.argmin(dist, axis=1)
    d = dist[np.arange(len(geoms)), best]
    has = np.isfinite(d)
    table.loc[has, "nearest_active"] = ids[best[has]]
    table.loc[has, "nearest_active_name"] = names[best[has]]
    table.loc[has, "nearest_active_m"] = d[has]


# -- the score -----------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class ParkScores:
    """The indicators with each component, the score and the rank.

    Attributes
    ----------
    table
        :attr:`ParkIndicators.table` plus ``candidate`` (not active),
        ``c_<component>`` (0-1, NaN for active spaces), ``score`` (0-1) and
        ``rank`` (1 = first to activate; ``<NA>`` for active spaces).
    weights
        The weights used (after leaving out ``dropped`` and renormalising).
    dropped
        Components left out because the workspace has no data for them.
    """

    table: gpd.GeoDataFrame
    weights: tuple[tuple[str, float], ...]
    dropped: tuple[str, ...] = field(default=())


def raw_components(table: pd.DataFrame, *, reach: float) -> pd.DataFrame:
    """Each component's measure before normalisation (higher: more reason to activate)."""
    stratum = pd.to_numeric(table["stratum"], errors="coerce")
    gap = np.minimum(pd.to_numeric(table["nearest_active_m"], errors="coerce"), reach) / reach
    cond = table["condition"].map(_CONDITION_SCORE)
    light = table["lighting"].map(_LIGHTING_SCORE)
    neglect = pd.concat([cond, light], axis=1).mean(axis=1, skipna=True)
    return pd.DataFrame(
        {
            "harm": table["harm"].astype(float),
            "conflicts": table["conflicts"].astype(float),
            "youth": pd.to_numeric(table["young"], errors="coerce"),
            "poverty": (6.0 - stratum) / 5.0,
            "gap": gap.where(
                pd.to_numeric(table["nearest_active_m"], errors="coerce").notna(), 1.0
            ),
            "trend": table["trend"].astype(float),
            "neglect": neglect,
        },
        index=table.index,
    )


def normalised(values: pd.Series, how: Normalise) -> pd.Series:
    """A measure on 0-1 over the rows given (NaN stays NaN; all equal: 0.5), keeping the index.

    The priority index's :func:`models.recommend.priority.normalise`, as a Series.

    Examples
    --------
    >>> normalised(pd.Series([1.0, 5.0, 5.0, 100.0]), "rank").tolist()
    [0.0, 0.5, 0.5, 1.0]
    >>> normalised(pd.Series([0.0, 5.0, 10.0]), "minmax").tolist()
    [0.0, 0.5, 1.0]
    """
    return pd.Series(normalise(values.to_numpy(dtype=float), how), index=values.index)


def park_scores(ind: ParkIndicators, spec: ParkSpec) -> ParkScores:
    """Score and rank the candidates (spaces not yet active); see the module docstring."""
    table = ind.table.copy()
    candidate = (table["activation_status"] != "active").to_numpy()
    table["candidate"] = candidate
    raw = raw_components(table, reach=spec.reach)
    dropped = [name for name in COMPONENTS if raw[name].isna().all()]
    if not (table["activation_status"] == "active").any():
        dropped.append("gap")  # nothing is active: every space is equally far from one
    weights = dict(spec.weights)
    for name in dropped:
        weights[name] = 0.0
    if sum(weights.values()) <= 0:
        weights = {n: (0.0 if n in dropped else 1.0) for n in COMPONENTS}
    used = checked_weights(weights, COMPONENTS)
    score = np.zeros(len(table))
    for name, w in used:
        comp = pd.Series(np.nan, index=table.index, dtype=float)
        if candidate.any():
            comp[candidate] = normalised(raw.loc[candidate, name], spec.normalise)
        table[f"c_{name}"] = comp
        score += w * comp.fillna(0.0).to_numpy()
    table["score"] = np.where(candidate, score, np.nan)
    order = table[candidate].sort_values(["score", "space_id"], ascending=[False, True]).index
    table["rank"] = pd.array([pd.NA] * len(table), dtype="Int64")
    table.loc[order, "rank"] = np.arange(1, len(order) + 1)
    return ParkScores(
        table=cast(gpd.GeoDataFrame, table), weights=used, dropped=tuple(sorted(set(dropped)))
    )


# -- the sentence --------------------------------------------------------------------------


def _metres(value: float, lang: str) -> str:
    """:func:`catalog.say.metres`, to the nearest 10 m below a kilometre ("490 m")."""
    return metres(value if value >= 1000 else round(value, -1), lang)


def explain_space(row: Mapping[str, object] | pd.Series, spec: ParkSpec, lang: str) -> str:
    """One sentence of the facts behind a space's place in the ranking.

    Example (English): "Cancha Los Balsos: 140 fights, 12 threats and 3
    homicides within 400 m in the last 12 months (harm +35 % on the 12
    before), 2,300 young residents, no active space within 800 m, poor
    condition, no lighting."
    """
    r = dict(row)
    parts: list[str] = []
    counts = []
    for key, col in (
        ("fights", "fights"),
        ("threats", "threats"),
        ("graffiti", "graffiti"),
        ("homicides", "homicides"),
    ):
        n = int(cast(int, r.get(col, 0)) or 0)
        if n:
            one = ".one" if n == 1 else ""
            counts.append(say(f"parks.count.{key}{one}", lang, n=n, n_text=number(n, lang)))
    what = (
        say("parks.sentence.join", lang, items=", ".join(counts[:-1]), last=counts[-1])
        if len(counts) > 1
        else (counts[0] if counts else say("parks.sentence.no_conflicts", lang))
    )
    trend = float(cast(float, r.get("trend", 0.0)))
    period = (
        say("parks.sentence.period.months", lang, months=spec.months)
        if spec.start is None
        else say(
            "parks.sentence.period.dates",
            lang,
            start=spec.start.isoformat(),
            end=spec.end.isoformat() if spec.end else "",
        )
    )
    parts.append(
        say(
            "parks.sentence.incidents",
            lang,
            what=what,
            radius=_metres(spec.radius, lang),
            period=period,
            change=_percent(trend, lang),
        )
    )
    young = r.get("young")
    if isinstance(young, int | float) and math.isfinite(young):
        parts.append(say("parks.sentence.young", lang, young=number(round(young, -1), lang)))
    dist = r.get("nearest_active_m")
    if isinstance(dist, int | float) and math.isfinite(dist) and dist <= spec.reach:
        parts.append(
            say(
                "parks.sentence.active_near",
                lang,
                distance=_metres(float(dist), lang),
                name=str(r.get("nearest_active_name", "")),
            )
        )
    else:
        parts.append(say("parks.sentence.no_active", lang, reach=_metres(spec.reach, lang)))
    for col in ("condition", "lighting"):
        value = r.get(col)
        if isinstance(value, str) and value in ("poor", "fair", "none", "partial"):
            parts.append(say(f"parks.sentence.{col}.{value}", lang))
    head = say(
        "parks.sentence.active"
        if r.get("activation_status") == "active"
        else "parks.sentence.name",
        lang,
        name=str(r.get("name", r.get("space_id", ""))),
    )
    return f"{head} {', '.join(parts)}."


def _percent(change: float, lang: str) -> str:
    if not math.isfinite(change):
        return say("parks.sentence.trend_none", lang)
    return say("parks.sentence.trend", lang, pct=percent(change, lang, signed=True))
