"""Which neighbourhoods to prioritise for investment: a composite index and its robustness.

A priority list says **where to invest first, not which barrios are
dangerous**. The seed programme's lesson is that maps marking whole
neighbourhoods as dangerous deepen the stigma their residents already carry;
so the index mixes violence with vulnerability and with the gaps in what the
city already does there, every sentence it makes starts with "investment
priority", and nothing here is published.

The index follows the OECD/JRC *Handbook on Constructing Composite
Indicators* (Nardo et al., OECD 2008): choose indicators with a stated
direction, **normalise** them to a common scale, **weight and aggregate**
them, then test how much the ranks depend on the weights (**sensitivity**,
:func:`robustness`). :func:`indicators` measures, :func:`priority` normalises
and weights, :func:`robustness` perturbs the weights, :func:`explain` says
each barrio's rank in one sentence from the catalogue.

Indicators (:func:`indicators`, one row per barrio)
----------------------------------------------------
Windows: the last ``months`` months of data, the days ``(end - months, end]``,
and the ``months`` before them (:class:`models.events.Window`); ``end``
defaults to the day of the last incident. Rates are per 100,000 residents
per year (the window's days / 365.25). Every indicator is oriented so that
**higher means more priority**.

==================== ============= =================================================================
column               pillar        definition (unit)
==================== ============= =================================================================
harm_rate            violence      harm-weighted incidents of the violence and convivencia groups
                                   (``geo.schema.HARM_WEIGHTS``) per 100,000 residents per year,
                                   last window (harm units / 100,000 / year)
homicide_rate        violence      homicides per 100,000 residents per year, last window
harm_trend           trend         ``(h1 + c) / (h0 + c)``: annual harm of the last window
                                   (``h1``) over the window before (``h0``), smoothed by ``c`` =
                                   the average barrio's annual harm in the window before (at least
                                   1), so 0 -> 1 homicide is not infinite and an event moves a
                                   quiet barrio's ratio by its harm against a typical barrio's, not
                                   against the quiet barrio's own near-zero harm; 1 = no change
conflict_rise        early_warning fights, threats and territorial graffiti (counts) per 100,000
                                   residents per year, last window minus the window before: the
                                   conflicts gestores defuse before they turn into homicides,
                                   counted as events (each one is a conflict to defuse; their harm
                                   is in the violence pillar); a fall is negative
low_stratum          vulnerability ``(6 - stratum) / 5``: 1 for stratum 1, 0 for stratum 6 (0-1)
youth_share          vulnerability ``youth_population / population`` (0-1)
vulnerability_index  vulnerability the layer's ``vulnerability`` column, as given (higher = more
                                   vulnerable)
far_from_space       gaps          share of the barrio's area farther than ``walk_m`` (straight
                                   line) from every active public space (``activation_status ==
                                   "active"``); residents are taken as spread evenly over the
                                   area, so it is also the share of its residents (0-1)
outside_territories  gaps          share of the barrio's area outside every gestores territory
                                   whose team had begun by ``end`` (``territories.start``; no
                                   start: working) (0-1)
n_missing_components gaps          how many of the five PAZOS components have no programme running
                                   in the barrio at ``end``; citywide programmes (no
                                   ``neighborhood_id``) count for every barrio
                                   (:mod:`models.recommend.articulation`) (0-5)
==================== ============= =================================================================

Also in the result: ``neighborhood_id``, ``name``, ``comuna`` (when the
layer has it), ``population``, ``small_population`` (fewer residents than
``geo.settings.min_residents``), ``harm``, ``harm_before``, ``homicides``,
``conflicts``, ``conflicts_before`` (the counts behind the rates),
``harm_ratio`` (``harm_rate`` over the city's), ``stratum`` (when present),
``missing_components`` (comma-separated codes) and ``walk_m``.

An indicator whose data is missing (no ``stratum`` column, no territories
layer, no programmes layer, public spaces without ``activation_status``) is
**left out, never invented**: its column is absent and
``attrs["left_out"]`` maps it to the reason code (``no_column``,
``no_layer``, ``no_status``).

Few residents
    A barrio with fewer residents than ``geo.settings.min_residents`` gets a
    blank ``harm_rate``, ``homicide_rate`` and ``conflict_rise`` (a handful
    of residents gives a huge rate that means nothing), is flagged
    ``small_population``, and is scored on the pillars it has: its violence
    and early-warning pillars are blank and its priority is the weighted
    mean of its other pillars (the weights renormalised over them). Its
    counts are still shown.

Normalisation and weights (:func:`priority`)
---------------------------------------------
Each indicator is normalised over the barrios that have it: ``"rank"``
(default) is the percentile rank ``(r - 1) / (n - 1)`` with ties averaged,
robust to one barrio's huge rate (however far ahead it is, it scores 1 and
the others keep their spacing); ``"minmax"`` is
``(x - min) / (max - min)``. An indicator equal everywhere scores 0.5. A
pillar's score is the mean of its indicators' scores (equal weights within a
pillar; 0-1, higher = more priority); ``priority`` is the weighted mean of
the pillars a barrio has, 0-1. Both normalisations are monotone, so more
violence in a barrio never lowers its violence pillar, its priority or its
rank (tested with hypothesis).

============== ======= ===========================================================================
pillar         weight  why this default
============== ======= ===========================================================================
violence       0.35    the outcome the strategy exists to reduce, harm-weighted so a homicide
                       counts far more than a noise complaint; the largest weight but not a
                       majority, so that no barrio is prioritised on violence alone (that would
                       make the list a map of danger)
trend          0.10    separates worsening barrios from improving ones at the same level; low
                       because a year-on-year change in one barrio rests on a few events
early_warning  0.15    PAZOS interrupts conflicts before they turn into homicides: rising fights,
                       threats and graffiti point where a team is needed next; more events than
                       homicides, so steadier than the violence trend
vulnerability  0.20    the conditions that make violence likely and recovery hard (low stratum,
                       many young residents); ParkScore gives low income and children half of a
                       park's need
gaps           0.20    the question is where to invest: a barrio already covered by a team, an
                       active public space and all five components needs less new investment
============== ======= ===========================================================================

Robustness (:func:`robustness`)
--------------------------------
The weights are a judgement, so the Handbook asks how ranks move when they
change. Weights are drawn ``draws`` times from a Dirichlet distribution
centred on the chosen weights, ``Dirichlet(concentration * w)`` (mean ``w``;
larger ``concentration``, smaller spread: at 50 a weight of 0.2 varies with
a standard deviation of about 0.056), every draw ranks the barrios, and
``p_top_k`` is the share of draws in which a barrio is in the top ``top_k``.
A barrio with ``p_top_k`` near 1 is a priority whatever reasonable weights
are chosen; one near 0.5 hangs on the weights.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal, get_args

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from catalog.say import metres, number, say
from geo import schema, settings
from geo.errors import ValidationError
from models.events import Window
from models.recommend.articulation import articulation
from models.summary import DAYS_PER_YEAR, rate_per_100k

Normalise = Literal["rank", "minmax"]
#: The normalisations :class:`PrioritySpec` accepts.
NORMALISE: tuple[str, ...] = get_args(Normalise)

#: Each pillar's indicator columns (of :func:`indicators`), in order.
PILLARS: dict[str, tuple[str, ...]] = {
    "violence": ("harm_rate", "homicide_rate"),
    "trend": ("harm_trend",),
    "early_warning": ("conflict_rise",),
    "vulnerability": ("low_stratum", "youth_share", "vulnerability_index"),
    "gaps": ("far_from_space", "outside_territories", "n_missing_components"),
}

#: The default weight of each pillar (reasons in the module docstring).
DEFAULT_WEIGHTS: tuple[tuple[str, float], ...] = (
    ("violence", 0.35),
    ("trend", 0.10),
    ("early_warning", 0.15),
    ("vulnerability", 0.20),
    ("gaps", 0.20),
)

#: The categories whose harm the violence and trend pillars count.
HARM_CATEGORIES: tuple[str, ...] = (*schema.GROUPS["violence"], *schema.GROUPS["convivencia"])
#: The conflicts of the early-warning pillar.
CONFLICTS: tuple[str, ...] = ("fight", "threat", "graffiti")

_CODES: tuple[str, ...] = tuple(schema.CATEGORIES)
#: Decimals the area shares are rounded to (a millionth of a barrio's area).
SHARE_DIGITS = 6


def _whole(name: str, value: object, low: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < low:
        msg = f"`{name}` must be a whole number of at least {low}, got {value!r}"
        raise ValueError(msg)


def _real(value: object) -> float | None:
    """``value`` as a float when it is a real number (not a bool), else ``None``."""
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        return None
    return float(value)


def _positive(name: str, value: object) -> None:
    real = _real(value)
    if real is None or not (math.isfinite(real) and real > 0):
        msg = f"`{name}` must be a positive number, got {value!r}"
        raise ValueError(msg)


def _canonical_weights(weights: object) -> tuple[tuple[str, float], ...]:
    """Every pillar's weight, in :data:`PILLARS` order, summing to 1 (unnamed pillars 0)."""
    if isinstance(weights, Mapping):
        pairs: list[object] = list(weights.items())
    elif isinstance(weights, Iterable) and not isinstance(weights, str):
        pairs = list(weights)
    else:
        msg = f"`weights` must be (pillar, weight) pairs, got {weights!r}"
        raise ValueError(msg)
    given: dict[str, float] = {}
    for pair in pairs:
        if not (isinstance(pair, tuple | list) and len(pair) == 2):
            msg = f"`weights` must be (pillar, weight) pairs, got {pair!r}"
            raise ValueError(msg)
        pillar, weight = pair[0], pair[1]
        if pillar not in PILLARS:
            msg = f"`weights`: unknown pillar {pillar!r} (the pillars: {', '.join(PILLARS)})"
            raise ValueError(msg)
        if pillar in given:
            msg = f"`weights`: pillar {pillar!r} is given twice"
            raise ValueError(msg)
        value = _real(weight)
        if value is None or not math.isfinite(value) or value < 0:
            msg = (
                f"`weights`: the weight of {pillar!r} must be a non-negative number, got {weight!r}"
            )
            raise ValueError(msg)
        given[pillar] = value
    total = sum(given.values())
    if total <= 0:
        msg = "`weights`: at least one pillar needs a positive weight"
        raise ValueError(msg)
    return tuple((p, given.get(p, 0.0) / total) for p in PILLARS)


@dataclass(frozen=True)
class PrioritySpec:
    """The options of the priority index: frozen, hashable, checked when made.

    Attributes
    ----------
    weights
        ``(pillar, weight)`` pairs; stored for every pillar of :data:`PILLARS`,
        in its order, renormalised to sum 1 (a pillar not named weighs 0).
    normalise
        ``"rank"`` (percentile rank) or ``"minmax"``.
    months
        Length of the last window and of the one before it.
    walk_m
        Walking distance to an active public space, metres.
    top_k
        The top of the list :func:`robustness` counts.
    draws
        Weight draws of :func:`robustness`.
    concentration
        Dirichlet concentration around the weights (larger: less spread).
    seed
        Seed of the weight draws.

    Raises
    ------
    ValueError
        An unknown pillar, a negative or non-finite weight, all weights 0, or
        an option out of range (the message names it).

    Examples
    --------
    >>> PrioritySpec(weights=(("violence", 3.0), ("gaps", 1.0))).weight_of()["violence"]
    0.75
    >>> PrioritySpec(weights=(("danger", 1.0),))
    Traceback (most recent call last):
    ...
    ValueError: `weights`: unknown pillar 'danger' (the pillars: violence, trend, early_warning, vulnerability, gaps)
    """

    weights: tuple[tuple[str, float], ...] = DEFAULT_WEIGHTS
    normalise: Normalise = "rank"
    months: int = 12
    walk_m: float = 800.0
    top_k: int = 10
    draws: int = 1000
    concentration: float = 50.0
    seed: int = 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "weights", _canonical_weights(self.weights))
        if self.normalise not in NORMALISE:
            msg = f"`normalise` must be one of {', '.join(NORMALISE)}, got {self.normalise!r}"
            raise ValueError(msg)
        _whole("months", self.months, 1)
        _positive("walk_m", self.walk_m)
        _whole("top_k", self.top_k, 1)
        _whole("draws", self.draws, 1)
        _positive("concentration", self.concentration)
        _whole("seed", self.seed, 0)

    @classmethod
    def of(cls, weights: Mapping[str, float] | None = None, **options: Any) -> PrioritySpec:
        """A spec from a ``{pillar: weight}`` mapping (a page's sliders) and the other options.

        >>> PrioritySpec.of({"violence": 1, "gaps": 1}, top_k=5).weight_of()["gaps"]
        0.5
        """
        pairs = DEFAULT_WEIGHTS if weights is None else tuple(weights.items())
        return replace(cls(weights=pairs), **options)

    def weight_of(self) -> dict[str, float]:
        """``{pillar: weight}``, summing to 1."""
        return dict(self.weights)


# --------------------------------------------------------------------------
# Indicators
# --------------------------------------------------------------------------


def _require(frame: pd.DataFrame, columns: tuple[str, ...], name: str) -> None:
    absent = [c for c in columns if c not in frame.columns]
    if absent:
        msg = f"`{name}` has no column {', '.join(f'`{c}`' for c in absent)}"
        raise ValidationError(msg)


def _check_projected(frame: gpd.GeoDataFrame, name: str) -> None:
    if frame.crs is None or not frame.crs.is_projected:
        msg = (
            f"`{name}` must be in a projected CRS (metres), got {frame.crs}; "
            "reproject it to the workspace's projected CRS first"
        )
        raise ValueError(msg)


def _area_share_outside(geoms: np.ndarray, cover: shapely.Geometry | None) -> np.ndarray:
    """Share (0-1) of each polygon's area outside ``cover`` (1 with no cover; NaN: no area)."""
    area = shapely.area(geoms)
    inside = (
        np.zeros(len(geoms))
        if cover is None or shapely.is_empty(cover)
        else shapely.area(shapely.intersection(geoms, cover))
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(area > 0, 1.0 - inside / area, np.nan)
    # to a millionth: overlay round-off (4e-16 outside a territory that covers the barrio)
    # must not order barrios that are equally covered
    return np.clip(np.round(share, SHARE_DIGITS), 0.0, 1.0)


def _same_crs(frame: gpd.GeoDataFrame, hoods: gpd.GeoDataFrame) -> np.ndarray:
    geoms = frame.geometry
    if frame.crs is not None and hoods.crs is not None and frame.crs != hoods.crs:
        geoms = geoms.to_crs(hoods.crs)
    keep = ~(geoms.isna() | geoms.is_empty).to_numpy()
    return np.asarray(geoms.to_numpy()[keep])


def _end_day(when: np.ndarray, end: pd.Timestamp | None) -> pd.Timestamp:
    if end is not None:
        return pd.Timestamp(end).normalize()
    dated = when[~np.isnat(when)]
    if not len(dated):
        msg = "`incidents` has no dated incident: give `end`"
        raise ValidationError(msg)
    return pd.Timestamp(dated.max()).normalize()


def indicators(
    hoods: gpd.GeoDataFrame,
    incidents: pd.DataFrame,
    *,
    end: pd.Timestamp | None = None,
    active_spaces: gpd.GeoDataFrame | None = None,
    territories: gpd.GeoDataFrame | None = None,
    programs: pd.DataFrame | None = None,
    months: int = 12,
    walk_m: float = 800.0,
) -> pd.DataFrame:
    """Every raw indicator of the priority index, one row per barrio.

    Parameters
    ----------
    hoods
        The neighbourhoods in the workspace's projected CRS:
        ``neighborhood_id``, ``name``, ``population``; optional ``comuna``,
        ``youth_population``, ``stratum``, ``vulnerability``.
    incidents
        ``occurred_at``, ``category`` (codes) and ``neighborhood_id`` (the
        barrio each incident lies in, assigned by the caller; blank or an id
        not in ``hoods``: counted in ``attrs["outside"]`` and nowhere else).
    end
        Last day of the last window; default the day of the last incident.
    active_spaces
        The ``public_spaces`` layer (any CRS; only rows with
        ``activation_status == "active"`` count). ``None``: no
        ``far_from_space``.
    territories
        The gestores territories (any CRS; optional ``start``, the day the
        team began: a team that begins after ``end`` does not count yet).
        ``None``: no ``outside_territories``.
    programs
        The ``programs`` layer. ``None``: no ``n_missing_components``.
    months
        Length of each window.
    walk_m
        Walking distance to an active public space, metres (straight line
        from the space's edge).

    Returns
    -------
    pandas.DataFrame
        One row per barrio, in ``hoods``' order, with the columns of the
        module docstring. ``attrs``: ``window`` (:class:`models.events.Window`),
        ``months``, ``walk_m``, ``left_out`` (``{indicator: reason code}``),
        ``outside`` (incidents of the two windows in no barrio of
        ``hoods``), ``city_harm_rate`` (harm per 100,000 per year of the
        whole city, last window) and ``smoothing`` (``c`` of ``harm_trend``).

    Raises
    ------
    geo.errors.ValidationError
        A required column is missing, a barrio id is repeated, or no
        incident is dated and ``end`` is not given.
    ValueError
        ``hoods`` is not in a projected CRS, or ``months``/``walk_m`` is out of range.
    """
    _require(hoods, ("neighborhood_id", "name", "population"), "hoods")
    _require(incidents, ("occurred_at", "category", "neighborhood_id"), "incidents")
    _check_projected(hoods, "hoods")
    _whole("months", months, 1)
    _positive("walk_m", walk_m)
    ids = pd.Index(hoods["neighborhood_id"].astype(str))
    if ids.has_duplicates:
        twice = sorted(set(ids[ids.duplicated()]))
        msg = f"`hoods`: `neighborhood_id` {', '.join(twice)} appears more than once"
        raise ValidationError(msg)
    n = len(ids)

    when = pd.to_datetime(incidents["occurred_at"]).to_numpy(dtype="datetime64[ns]")
    end_day = _end_day(when, end)
    window = Window.ending(end_day.date(), months)
    now, before = window.masks(when)
    years_now = ((window.end - window.start).days + 1) / DAYS_PER_YEAR
    years_before = ((window.before_end - window.before_start).days + 1) / DAYS_PER_YEAR

    hood_of = incidents["neighborhood_id"]
    row = ids.get_indexer(hood_of.astype(object).where(hood_of.notna(), "").astype(str))
    code = np.asarray(pd.Categorical(incidents["category"], categories=list(_CODES)).codes)
    harm_of = np.array(
        [schema.HARM_WEIGHTS[c] if c in HARM_CATEGORIES else 0.0 for c in _CODES] + [0.0]
    )
    weight = harm_of[np.where(code >= 0, code, len(_CODES))]
    located = row >= 0
    conflict = np.isin(code, [_CODES.index(c) for c in CONFLICTS])
    homicide = code == _CODES.index("homicide")

    def tally(mask: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
        keep = mask & located
        w = None if weights is None else weights[keep]
        return np.bincount(row[keep], weights=w, minlength=n).astype(float)

    harm_now, harm_before = tally(now, weight), tally(before, weight)
    homicides = tally(now & homicide)
    conflicts_now, conflicts_before = tally(now & conflict), tally(before & conflict)

    pop = np.asarray(pd.to_numeric(hoods["population"], errors="coerce"), dtype=float)
    least = float(settings.min_residents)
    small = ~((pop > 0) & (pop >= least))

    out = pd.DataFrame({"neighborhood_id": list(ids), "name": hoods["name"].to_numpy()})
    if "comuna" in hoods.columns:
        out["comuna"] = hoods["comuna"].to_numpy()
    out["population"] = hoods["population"].to_numpy()
    out["small_population"] = small
    out["harm"] = harm_now
    out["harm_before"] = harm_before
    out["homicides"] = homicides.astype(np.int64)
    out["conflicts"] = conflicts_now.astype(np.int64)
    out["conflicts_before"] = conflicts_before.astype(np.int64)
    out["harm_rate"] = rate_per_100k(harm_now, pop, years=years_now, min_residents=least)
    out["homicide_rate"] = rate_per_100k(homicides, pop, years=years_now, min_residents=least)
    city_pop = float(np.nansum(pop))
    city_rate = harm_now.sum() / city_pop * 100_000 / years_now if city_pop > 0 else math.nan
    with np.errstate(divide="ignore", invalid="ignore"):
        out["harm_ratio"] = (
            out["harm_rate"].to_numpy() / city_rate if city_rate > 0 else np.full(n, np.nan)
        )
    smoothing = max(float(harm_before.mean()) / years_before if n else 0.0, 1.0)
    out["harm_trend"] = (harm_now / years_now + smoothing) / (
        harm_before / years_before + smoothing
    )
    out["conflict_rise"] = rate_per_100k(
        conflicts_now, pop, years=years_now, min_residents=least
    ) - rate_per_100k(conflicts_before, pop, years=years_before, min_residents=least)

    left_out: dict[str, str] = {}
    if "stratum" in hoods.columns:
        stratum = np.asarray(pd.to_numeric(hoods["stratum"], errors="coerce"), dtype=float)
        out["stratum"] = stratum
        out["low_stratum"] = (6.0 - stratum) / 5.0
    else:
        left_out["low_stratum"] = "no_column"
    if "youth_population" in hoods.columns:
        youth = np.asarray(pd.to_numeric(hoods["youth_population"], errors="coerce"), dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            out["youth_share"] = np.where(pop > 0, youth / pop, np.nan)
    else:
        left_out["youth_share"] = "no_column"
    if "vulnerability" in hoods.columns:
        out["vulnerability_index"] = pd.to_numeric(hoods["vulnerability"], errors="coerce")
    else:
        left_out["vulnerability_index"] = "no_column"

    geoms = np.asarray(hoods.geometry.to_numpy())
    if active_spaces is None:
        left_out["far_from_space"] = "no_layer"
    elif "activation_status" not in active_spaces.columns:
        left_out["far_from_space"] = "no_status"
    else:
        active = active_spaces[(active_spaces["activation_status"] == "active").to_numpy()]
        reach = shapely.buffer(_same_crs(active, hoods), walk_m) if len(active) else None
        cover = None if reach is None or not len(reach) else shapely.union_all(reach)
        out["far_from_space"] = _area_share_outside(geoms, cover)
        out["walk_m"] = float(walk_m)
    if territories is None:
        left_out["outside_territories"] = "no_layer"
    else:
        working = territories
        if "start" in territories.columns:  # a team that starts after `end` covers nothing yet
            began = pd.to_datetime(territories["start"], errors="coerce")
            working = territories[(began.isna() | (began.dt.normalize() <= end_day)).to_numpy()]
        teams = _same_crs(working, hoods)
        cover = shapely.union_all(teams) if len(teams) else None
        out["outside_territories"] = _area_share_outside(geoms, cover)
    if programs is None:
        left_out["n_missing_components"] = "no_layer"
    else:
        art = articulation(programs, hoods, at=end_day)
        missing = art.missing.reindex(list(ids))
        out["n_missing_components"] = np.array([len(m) for m in missing], dtype=np.int64)
        out["missing_components"] = [",".join(m) for m in missing]

    out.attrs.update(
        {
            "window": window,
            "months": int(months),
            "walk_m": float(walk_m),
            "left_out": left_out,
            "outside": int(((now | before) & ~located).sum()),
            "city_harm_rate": float(city_rate),
            "smoothing": float(smoothing),
        }
    )
    return out


# --------------------------------------------------------------------------
# Normalisation, weighting, ranking
# --------------------------------------------------------------------------


def normalise(values: np.ndarray | pd.Series, method: Normalise = "rank") -> np.ndarray:
    """Scores 0-1 of ``values`` (higher value, higher score); NaN stays NaN.

    ``"rank"``: percentile rank ``(r - 1) / (n - 1)`` over the finite
    values, ties averaged. ``"minmax"``: ``(x - min) / (max - min)``. Equal
    values everywhere (or a single value) score 0.5.

    Examples
    --------
    >>> normalise(np.array([1.0, 1000.0, 2.0, np.nan])).tolist()
    [0.0, 1.0, 0.5, nan]
    >>> normalise(np.array([1.0, 1000.0, 2.0]), "minmax").round(4).tolist()
    [0.0, 1.0, 0.001]
    """
    x = np.asarray(values, dtype=float)
    out = np.full(x.shape, np.nan)
    ok = np.isfinite(x)
    if not ok.any():
        return out
    v = x[ok]
    low, high = v.min(), v.max()
    if high == low:
        out[ok] = 0.5
    elif method == "rank":
        out[ok] = (pd.Series(v).rank(method="average").to_numpy() - 1.0) / (len(v) - 1.0)
    elif method == "minmax":
        out[ok] = (v - low) / (high - low)
    else:
        msg = f"`method` must be one of {', '.join(NORMALISE)}, got {method!r}"
        raise ValueError(msg)
    return out


def pillar_scores(ind: pd.DataFrame, method: Normalise = "rank") -> pd.DataFrame:
    """Each pillar's score 0-1 per barrio: the mean of its normalised indicators.

    Returns
    -------
    pandas.DataFrame
        One column per pillar of :data:`PILLARS`, ``ind``'s rows; NaN where
        a barrio has none of the pillar's indicators (or the pillar has none
        at all: ``attrs["pillars_left_out"]``).
    """
    scores: dict[str, np.ndarray] = {}
    empty: list[str] = []
    for pillar, columns in PILLARS.items():
        present = [c for c in columns if c in ind.columns]
        total = np.zeros(len(ind))
        count = np.zeros(len(ind))
        for column in present:
            s = normalise(pd.to_numeric(ind[column], errors="coerce").to_numpy(float), method)
            ok = np.isfinite(s)
            total[ok] += s[ok]
            count[ok] += 1
        with np.errstate(divide="ignore", invalid="ignore"):
            scores[pillar] = np.where(count > 0, total / count, np.nan)
        if not (count > 0).any():
            empty.append(pillar)
    out = pd.DataFrame(scores, index=ind.index)
    out.attrs["pillars_left_out"] = empty
    return out


def _order(priority: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Row positions from first to last: higher priority first, ties by ``neighborhood_id``, NaN last."""
    key = np.where(np.isfinite(priority), -priority, np.inf)
    return np.lexsort((ids, key))


def priority(ind: pd.DataFrame, spec: PrioritySpec) -> pd.DataFrame:
    """The priority index: pillar scores, their weighted mean and the rank.

    Parameters
    ----------
    ind
        :func:`indicators`' result.
    spec
        Weights, normalisation and ``top_k``.

    Returns
    -------
    pandas.DataFrame
        ``ind``'s columns plus one column per pillar (``violence``,
        ``trend``, ``early_warning``, ``vulnerability``, ``gaps``: 0-1,
        higher = more priority; NaN where the barrio lacks it), ``priority``
        (the weighted mean of the barrio's pillars, weights renormalised over
        those it has, 0-1), ``rank`` (1 = first to invest in; ties by
        ``neighborhood_id``), ``top_k`` (``spec.top_k``, for
        :func:`explain`) and ``missing_components`` (comma-separated codes;
        blank without programmes), sorted by ``rank``. ``attrs`` keeps
        ``ind``'s and adds ``weights`` (``{pillar: weight}``), ``normalise``
        and ``pillars_left_out``.
    """
    _require(ind, ("neighborhood_id",), "ind")
    scores = pillar_scores(ind, spec.normalise)
    w = np.array([weight for _, weight in spec.weights])
    s = scores.to_numpy(dtype=float)
    have = np.isfinite(s)
    num = np.where(have, s, 0.0) @ w
    den = have.astype(float) @ w
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.where(den > 0, num / den, np.nan)
    out = ind.copy()
    for pillar in PILLARS:
        out[pillar] = scores[pillar].to_numpy()
    out["priority"] = value
    ids = out["neighborhood_id"].astype(str).to_numpy()
    rank = np.empty(len(out), dtype=np.int64)
    rank[_order(value, ids)] = np.arange(1, len(out) + 1)
    out["rank"] = rank
    out["top_k"] = int(spec.top_k)
    if "missing_components" not in out.columns:
        out["missing_components"] = ""
    out.attrs.update(
        {
            **ind.attrs,
            "weights": spec.weight_of(),
            "normalise": spec.normalise,
            "pillars_left_out": scores.attrs["pillars_left_out"],
        }
    )
    return out.sort_values("rank").reset_index(drop=True)


def robustness(ind: pd.DataFrame, spec: PrioritySpec) -> pd.Series:
    """Each barrio's share of weight draws in which it ranks in the top ``spec.top_k``.

    Weights are drawn ``spec.draws`` times from
    ``Dirichlet(spec.concentration * w)`` over the pillars with a positive
    weight ``w`` (a zero weight stays zero), seeded with ``spec.seed``; each
    draw ranks the barrios as :func:`priority` does (ties by
    ``neighborhood_id``). All draws are ranked at once: one matrix product
    and one sort along the barrios.

    Returns
    -------
    pandas.Series
        ``p_top_k`` (0-1) indexed by ``neighborhood_id``, in ``ind``'s order.
        Over the barrios it sums to ``min(top_k, n)``.
    """
    _require(ind, ("neighborhood_id",), "ind")
    ids = ind["neighborhood_id"].astype(str).to_numpy()
    n = len(ids)
    scores = pillar_scores(ind, spec.normalise).to_numpy(dtype=float)
    have = np.isfinite(scores)
    w = np.array([weight for _, weight in spec.weights])
    positive = w > 0
    rng = np.random.default_rng(spec.seed)
    draws = np.zeros((spec.draws, len(w)))
    if positive.sum() == 1:
        draws[:, positive] = 1.0
    else:
        draws[:, positive] = rng.dirichlet(spec.concentration * w[positive], size=spec.draws)
    num = np.where(have, scores, 0.0) @ draws.T  # barrios x draws
    den = have.astype(float) @ draws.T
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.where(den > 0, num / den, -np.inf)
    by_id = np.argsort(ids, kind="stable")
    k = min(int(spec.top_k), n)
    top = np.argsort(-value[by_id], axis=0, kind="stable")[:k]  # positions in by_id, per draw
    hits = np.bincount(top.ravel(), minlength=n) / spec.draws
    p = np.empty(n)
    p[by_id] = hits
    return pd.Series(p, index=pd.Index(ids, name="neighborhood_id"), name="p_top_k")


# --------------------------------------------------------------------------
# The sentence
# --------------------------------------------------------------------------


def _value(row: pd.Series | Mapping[str, object], key: str) -> float | None:
    value = row.get(key, None)
    real = _real(value)
    return None if real is None or not math.isfinite(real) else real


def _pct(share: float, lang: str) -> str:
    return number(round(100 * share), lang)


def _either(words: list[str], lang: str) -> str:
    """``a, b or c`` (Spanish ``a, b ni c``): the components a barrio has no programme of."""
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {say('priority.sentence.nor', lang)} {words[-1]}"


def _facts(row: pd.Series | Mapping[str, object], lang: str) -> list[str]:
    facts: list[str] = []
    ratio = _value(row, "harm_ratio")
    if ratio is not None:
        facts.append(say("priority.sentence.harm_ratio", lang, ratio=number(ratio, lang, 1)))
    elif bool(row.get("small_population", False)):
        least = number(settings.min_residents, lang)
        facts.append(say("priority.sentence.few_residents", lang, min=least))
    homicide_rate = _value(row, "homicide_rate")
    if homicide_rate is not None and homicide_rate > 0:
        facts.append(say("priority.sentence.homicides", lang, rate=number(homicide_rate, lang)))
    # the trend pillar's own smoothed ratio: a barrio with one noise complaint the year
    # before would otherwise read "harm up 10,000 %"
    trend = _value(row, "harm_trend")
    harm, harm_before = _value(row, "harm"), _value(row, "harm_before")
    if trend is not None and harm is not None and harm_before is not None:
        change = trend - 1.0
        if harm_before <= 0 and harm > 0:
            facts.append(say("priority.sentence.trend_new", lang))
        elif change >= 0.1:
            facts.append(say("priority.sentence.trend_up", lang, pct=_pct(change, lang)))
        elif change <= -0.1:
            facts.append(say("priority.sentence.trend_down", lang, pct=_pct(-change, lang)))
    c1, c0 = _value(row, "conflicts"), _value(row, "conflicts_before")
    if c1 is not None and c0 is not None and c1 > c0:
        if c0 > 0:
            pct = _pct(c1 / c0 - 1.0, lang)
            facts.append(say("priority.sentence.conflicts_up", lang, pct=pct))
        else:
            facts.append(say("priority.sentence.conflicts_new", lang, n=number(int(c1), lang)))
    stratum = _value(row, "stratum")
    if stratum is not None:
        facts.append(say("priority.sentence.stratum", lang, stratum=number(int(stratum), lang)))
    youth = _value(row, "youth_share")
    if youth is not None:
        facts.append(say("priority.sentence.youth", lang, pct=_pct(youth, lang)))
    vulnerability = _value(row, "vulnerability_index")
    if vulnerability is not None:
        facts.append(
            say("priority.sentence.vulnerability", lang, value=number(vulnerability, lang, 2))
        )
    far, walk = _value(row, "far_from_space"), _value(row, "walk_m")
    if far is not None and walk is not None:
        if far >= 0.995:
            facts.append(say("priority.sentence.no_space", lang, distance=metres(walk, lang)))
        elif far >= 0.005:
            facts.append(
                say(
                    "priority.sentence.far_space",
                    lang,
                    pct=_pct(far, lang),
                    distance=metres(walk, lang),
                )
            )
    outside = _value(row, "outside_territories")
    if outside is not None:
        if outside >= 0.995:
            facts.append(say("priority.sentence.outside", lang))
        elif outside >= 0.005:
            facts.append(say("priority.sentence.partly_outside", lang, pct=_pct(outside, lang)))
    codes = [c for c in str(row.get("missing_components", "") or "").split(",") if c]
    if len(codes) == len(schema.COMPONENTS):
        facts.append(say("priority.sentence.no_program_at_all", lang))
    elif codes:
        labels = [say(f"component.{c}", lang) for c in codes]
        names = _either([label[:1].lower() + label[1:] for label in labels], lang)
        facts.append(say("priority.sentence.no_program", lang, components=names))
    return facts


def explain(row: pd.Series, lang: str) -> str:
    """One sentence on a barrio's priority, from the catalogue, with only its true facts.

    Reads a row of :func:`priority` (with ``p_top_k`` from
    :func:`robustness` when joined to it): the rank, the harm against the
    city's rate, the homicide rate, the change in harm and in conflicts,
    stratum, youth share, vulnerability, the coverage gaps and the missing
    components, then how robust the rank is. A fact whose data is missing is
    not said. The sentence opens with "investment priority": a priority is
    where to invest, not a label of danger.

    Examples
    --------
    >>> row = pd.Series({"rank": 2, "harm_ratio": 3.14, "homicide_rate": 48.2, "stratum": 1,
    ...                  "missing_components": "prevention,access_to_justice",
    ...                  "p_top_k": 0.871, "top_k": 10})
    >>> explain(row, "en")
    'Investment priority 2: harm 3.1 times the city rate, homicides 48 per 100,000 a year, stratum 1, no programme of prevention or access to justice; in the top 10 in 87 % of weight draws.'
    """
    rank = _value(row, "rank")
    head = say("priority.sentence.rank", lang, rank=number(int(rank or 0), lang))
    facts = _facts(row, lang)
    text = f"{head}: {', '.join(facts)}" if facts else head
    p, k = _value(row, "p_top_k"), _value(row, "top_k")
    if p is not None and k is not None:
        robust = say("priority.sentence.robust", lang, k=number(int(k), lang), pct=_pct(p, lang))
        text = f"{text}; {robust}"
    return f"{text}."
