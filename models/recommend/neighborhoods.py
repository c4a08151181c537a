"""The priority neighbourhoods end to end: inputs, index, robustness, articulation, table.

:func:`neighborhood_priority` is what the Priority neighbourhoods page and
``cli.py recommend neighborhoods`` both run: the indicators, the priority
index and its robustness to the weights (:mod:`models.recommend.priority`)
and the articulation of the programmes running at the window's end
(:mod:`models.recommend.articulation`). :func:`result_table` is the one
table both write, one row per barrio with its sentence in a language;
:func:`recommend_neighborhoods` is the two in one call.

Incidents and barrios
---------------------
Each incident is assigned to the barrio it lies within by one vectorised
point-in-polygon join in the workspace's projected CRS (:func:`geo.aggregate.containing_rows`,
predicate ``within``): where barrios overlap, a point goes to the first of
them in the layer's order (the lowest row), as
:func:`models.summary.neighborhood_table` and ``ui.incident_table`` assign
it; a point outside every barrio (or exactly on a boundary) is in none. Incidents in no barrio (and those with no
location) are not dropped silently: the index does not count them, and the
result says how many there are (``outside`` in the two windows,
``outside_total`` in the whole layer). The app, which already keeps each
incident's barrio row (``ui.incident_table.IncidentTable.hood``), passes it
to :meth:`NeighborhoodInputs.from_events` and no second join is made.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import cast

import geopandas as gpd
import numpy as np
import pandas as pd

from geo import schema
from geo.aggregate import containing_rows
from geo.errors import ValidationError
from geo.workspace import Workspace
from models.events import CODES, Events, Window
from models.recommend.articulation import CITYWIDE, UNKNOWN, Articulation, articulation
from models.recommend.priority import (
    PILLARS,
    PrioritySpec,
    explain,
    indicators,
    priority,
    robustness,
)

#: ``p_top_k`` at or above which a barrio is in the top whatever reasonable weights are chosen.
ROBUST = 0.8
#: ``p_top_k`` below which a barrio's place in the top hangs on the weights.
FRAGILE = 0.5
#: Share of a barrio's area outside every territory from which it counts as outside them all
#: (the indicator's own rounding is a millionth; :func:`models.recommend.priority.explain`
#: says "outside every team territory" from the same share).
OUTSIDE_ALL = 0.995

#: The indicator columns of :func:`result_table`, after the pillars and the sentence.
INDICATOR_COLUMNS: tuple[str, ...] = (
    "comuna",
    "population",
    "small_population",
    "harm",
    "harm_before",
    "homicides",
    "conflicts",
    "conflicts_before",
    "harm_rate",
    "homicide_rate",
    "harm_ratio",
    "harm_trend",
    "conflict_rise",
    "stratum",
    "low_stratum",
    "youth_share",
    "vulnerability_index",
    "far_from_space",
    "walk_m",
    "outside_territories",
    "n_missing_components",
    "top_k",
)


@dataclass(frozen=True, eq=False)
class NeighborhoodInputs:
    """The layers the priority index reads, in the workspace's projected CRS.

    Attributes
    ----------
    hoods
        The ``neighborhoods`` layer, projected.
    incidents
        One row per incident: ``occurred_at``, ``category`` (codes; blank
        outside the taxonomy) and ``neighborhood_id`` (blank: in no barrio).
    public_spaces
        The ``public_spaces`` layer (only ``activation_status == "active"``
        rows count), or ``None``.
    territories
        The gestores territories, or ``None``.
    programs
        The ``programs`` layer, or ``None``.
    """

    hoods: gpd.GeoDataFrame
    incidents: pd.DataFrame
    public_spaces: gpd.GeoDataFrame | None = None
    territories: gpd.GeoDataFrame | None = None
    programs: pd.DataFrame | None = None

    @classmethod
    def from_events(
        cls,
        events: Events,
        hoods: gpd.GeoDataFrame,
        *,
        hood_of: np.ndarray | None = None,
        public_spaces: gpd.GeoDataFrame | None = None,
        territories: gpd.GeoDataFrame | None = None,
        programs: pd.DataFrame | None = None,
    ) -> NeighborhoodInputs:
        """The inputs from incidents as arrays (:class:`models.events.Events`).

        Parameters
        ----------
        events
            The incidents, ``x``/``y`` in ``hoods``' projected CRS.
        hoods
            The ``neighborhoods`` layer in the workspace's projected CRS.
        hood_of
            Each incident's row in ``hoods`` (-1: none), when the caller
            already has it (the app's ``IncidentTable.hood``); ``None``
            joins them here (:func:`geo.aggregate.containing_rows`).
        public_spaces, territories, programs
            The other layers, or ``None`` when the workspace lacks them.

        Raises
        ------
        ValueError
            ``hoods`` is not in a projected CRS, or ``hood_of`` does not
            hold one row of ``hoods`` (or -1) per incident.
        geo.errors.ValidationError
            A ``neighborhood_id`` of ``hoods`` appears more than once.
        """
        if hoods.crs is None or not hoods.crs.is_projected:
            msg = (
                f"`hoods` must be in the workspace's projected CRS (metres), got {hoods.crs}; "
                "read it with `projected=True`"
            )
            raise ValueError(msg)
        if hood_of is None:
            rows = containing_rows(events.x, events.y, hoods)
        else:
            rows = np.asarray(hood_of, dtype=np.int64)
            if rows.shape != (len(events),):
                msg = f"`hood_of` must hold one row per incident: {len(rows)} rows for {len(events)} incidents"
                raise ValueError(msg)
            if len(rows) and (rows.min() < -1 or rows.max() >= len(hoods)):
                msg = f"`hood_of` holds a row outside the {len(hoods)} barrios of `hoods` (or -1)"
                raise ValueError(msg)
        ids = pd.Index(hoods["neighborhood_id"].astype(str))
        if ids.has_duplicates:
            twice = sorted(set(ids[ids.duplicated()]))
            msg = f"`hoods`: `neighborhood_id` {', '.join(twice)} appears more than once"
            raise ValidationError(msg)
        code = np.asarray(events.code, dtype=np.int64)
        code = np.where((code >= 0) & (code < len(CODES)), code, -1)
        # categoricals: a million incidents hold two small codes each, not two strings
        incidents = pd.DataFrame(
            {
                "occurred_at": events.when,
                "category": pd.Categorical.from_codes(code, categories=list(CODES)),
                "neighborhood_id": pd.Categorical.from_codes(rows, categories=ids),
            }
        )
        return cls(
            hoods=hoods,
            incidents=incidents,
            public_spaces=public_spaces,
            territories=territories,
            programs=programs,
        )

    @classmethod
    def from_workspace(cls, ws: Workspace, events: Events | None = None) -> NeighborhoodInputs:
        """Read the layers of ``ws`` (the incidents too, unless given) and join the incidents.

        Raises
        ------
        geo.errors.MissingLayerError
            When ``ws`` has no ``neighborhoods`` or ``incidents`` layer.
        """
        hoods = ws.read("neighborhoods", projected=True)
        return cls.from_events(
            events if events is not None else Events.from_workspace(ws),
            hoods,
            public_spaces=ws.read_optional("public_spaces", projected=True),
            territories=ws.read_optional("territories", projected=True),
            programs=ws.read_optional("programs", projected=True),
        )

    @property
    def outside_total(self) -> int:
        """Incidents in no barrio (or with no location), whatever their date."""
        hood = self.incidents["neighborhood_id"]
        blank = hood.isna().to_numpy() | (hood.astype(object) == "").to_numpy()
        return int(blank.sum())


@dataclass(frozen=True)
class Headline:
    """The facts the page's headline figures show (counts of barrios).

    ``outside_territories`` and ``missing_components`` are ``None`` when the
    workspace lacks the layer that would tell (territories, programmes).
    """

    ranked: int
    top_k: int
    robust: int
    fragile: int
    outside_territories: int | None
    missing_components: int | None


@dataclass(frozen=True, eq=False)
class NeighborhoodRecommendation:
    """Everything the page and the CLI show.

    Attributes
    ----------
    ranked
        :func:`models.recommend.priority.priority`'s table (indicators,
        pillars, ``priority``, ``rank``, ``top_k``, ``missing_components``)
        with ``p_top_k`` (:func:`models.recommend.priority.robustness`) and
        each barrio's geometry (projected), sorted by rank. ``attrs`` as
        ``priority`` gives them.
    articulation
        The programmes running on the window's last day
        (:func:`models.recommend.articulation.articulation`), or ``None``
        without a programmes layer.
    spec
        The options the index was built with.
    window
        The last window and the one before it.
    outside
        Incidents of the two windows in no barrio (not counted by the index).
    outside_total
        Incidents of the whole layer in no barrio or with no location.
    """

    ranked: gpd.GeoDataFrame
    articulation: Articulation | None
    spec: PrioritySpec
    window: Window
    outside: int
    outside_total: int

    @property
    def left_out(self) -> dict[str, str]:
        """``{indicator: reason code}`` of the indicators the data could not give."""
        return dict(self.ranked.attrs.get("left_out", {}))

    @property
    def pillars_left_out(self) -> tuple[str, ...]:
        """The pillars none of whose indicators the data could give."""
        return tuple(self.ranked.attrs.get("pillars_left_out", ()))

    @property
    def top(self) -> gpd.GeoDataFrame:
        """The first ``spec.top_k`` barrios, by rank."""
        return cast(gpd.GeoDataFrame, self.ranked.head(self.spec.top_k))

    def headline(self) -> Headline:
        """How many barrios are ranked, and of the top ``k``: how many are robust
        (``p_top_k >= ROBUST``), hang on the weights (``p_top_k < FRAGILE``),
        lie outside every territory (``outside_territories >= OUTSIDE_ALL``)
        and miss a programme component."""
        top = self.top
        p = top["p_top_k"].to_numpy(dtype=float)
        outside = None
        if "outside_territories" in top.columns:
            share = pd.to_numeric(top["outside_territories"], errors="coerce").to_numpy(float)
            outside = int((share >= OUTSIDE_ALL).sum())
        missing = None
        if "n_missing_components" in top.columns:
            missing = int((top["n_missing_components"].to_numpy() > 0).sum())
        return Headline(
            ranked=len(self.ranked),
            top_k=len(top),
            robust=int((p >= ROBUST).sum()),
            fragile=int((p < FRAGILE).sum()),
            outside_territories=outside,
            missing_components=missing,
        )

    def partner_types(self) -> pd.Series:
        """The known partner types running programmes in each barrio, citywide ones included.

        Returns
        -------
        pandas.Series
            ``neighborhood_id`` -> tuple of partner type codes
            (:data:`geo.schema.PARTNER_TYPES` order; ``unknown`` is left
            out, as :attr:`Articulation.partners` counts them), every barrio
            of the ranking, in rank order; empty tuples without programmes.
        """
        ids = self.ranked["neighborhood_id"].astype(str)
        if self.articulation is None:
            return pd.Series([()] * len(ids), index=pd.Index(ids), dtype=object)
        long = self.articulation.long
        long = long[long["partner_type"] != UNKNOWN]
        citywide = set(long.loc[long["neighborhood_id"] == CITYWIDE, "partner_type"])
        local = long.groupby("neighborhood_id")["partner_type"].agg(set)
        return pd.Series(
            [
                tuple(p for p in schema.PARTNER_TYPES if p in citywide | local.get(h, set()))
                for h in ids
            ],
            index=pd.Index(ids, name="neighborhood_id"),
            dtype=object,
        )

    def local_overlaps(self) -> pd.DataFrame:
        """The overlaps (:attr:`Articulation.overlaps`) in which a programme of the barrio itself
        takes part, in rank order.

        A citywide programme counts in every barrio, so two citywide partners
        in one component make every barrio an overlap; the overlaps a planner
        can coordinate on the ground are those with a local programme. Empty
        (with the same columns) without programmes.
        """
        columns = ["neighborhood_id", "component", "programs", "partners", "partner_types"]
        if self.articulation is None:
            return pd.DataFrame(columns=columns)
        long = self.articulation.long
        local = long[long["neighborhood_id"] != CITYWIDE]
        pairs = set(zip(local["neighborhood_id"], local["component"], strict=True))
        found = self.articulation.overlaps
        keep = [
            (h, c) in pairs
            for h, c in zip(found["neighborhood_id"], found["component"], strict=True)
        ]
        out = found[np.asarray(keep, dtype=bool)] if len(found) else found
        order = {h: k for k, h in enumerate(self.ranked["neighborhood_id"].astype(str))}
        out = out.assign(_r=out["neighborhood_id"].map(order)).sort_values("_r", kind="stable")
        return pd.DataFrame(out[columns]).reset_index(drop=True)

    def citywide(self) -> pd.DataFrame:
        """The programmes running in the whole city (no ``neighborhood_id``), by component and
        partner type: ``component``, ``partner_type``, ``programs``, ``partners``."""
        columns = ["component", "partner_type", "programs", "partners"]
        if self.articulation is None:
            return pd.DataFrame(columns=columns)
        long = self.articulation.long
        return pd.DataFrame(long.loc[long["neighborhood_id"] == CITYWIDE, columns]).reset_index(
            drop=True
        )


def neighborhood_priority(
    inputs: NeighborhoodInputs, spec: PrioritySpec, until: date | None = None
) -> NeighborhoodRecommendation:
    """Rank every barrio by investment priority, with its robustness and the articulation.

    Parameters
    ----------
    inputs
        The layers (:class:`NeighborhoodInputs`).
    spec
        Weights, normalisation, window length, walking distance, top ``k``
        and the weight draws.
    until
        Last day of the last window; ``None``: the day of the last incident.

    Returns
    -------
    NeighborhoodRecommendation

    Raises
    ------
    geo.errors.ValidationError
        A layer lacks a required column, a barrio id is repeated, a
        programme's component is unknown, or no incident is dated.
    """
    end = None if until is None else pd.Timestamp(until)
    ind = indicators(
        inputs.hoods,
        inputs.incidents,
        end=end,
        active_spaces=inputs.public_spaces,
        territories=inputs.territories,
        programs=inputs.programs,
        months=spec.months,
        walk_m=spec.walk_m,
    )
    window = cast(Window, ind.attrs["window"])
    table = priority(ind, spec)
    p = robustness(ind, spec)
    table["p_top_k"] = table["neighborhood_id"].map(p).to_numpy(dtype=float)
    geoms = inputs.hoods.geometry.set_axis(inputs.hoods["neighborhood_id"].astype(str))
    ranked = gpd.GeoDataFrame(
        table,
        geometry=geoms.reindex(table["neighborhood_id"]).to_numpy(),
        crs=inputs.hoods.crs,
    )
    ranked.attrs = dict(table.attrs)
    art = None
    if inputs.programs is not None:
        art = articulation(inputs.programs, inputs.hoods, at=pd.Timestamp(window.end))
    return NeighborhoodRecommendation(
        ranked=ranked,
        articulation=art,
        spec=spec,
        window=window,
        outside=int(ind.attrs.get("outside", 0)),
        outside_total=inputs.outside_total,
    )


def result_table(rec: NeighborhoodRecommendation, lang: str) -> gpd.GeoDataFrame:
    """One row per barrio: what ``cli.py recommend neighborhoods`` writes and the page downloads.

    Columns: ``neighborhood_id``, ``name``, ``rank`` (1 = first to invest
    in), ``priority`` (0-1), every pillar (``violence``, ``trend``,
    ``early_warning``, ``vulnerability``, ``gaps``: 0-1, blank where the
    barrio lacks it), ``p_top_k`` (share of weight draws that put the barrio
    in the top ``top_k``), ``missing_components`` (comma-separated
    component codes with no programme running at the window's end),
    ``explanation`` (:func:`models.recommend.priority.explain` in
    ``lang``), then :data:`INDICATOR_COLUMNS` that the data could give and
    the barrio's geometry; sorted by rank. ``attrs`` (plain values, so any
    writer keeps them): ``start``, ``end`` (the window, ISO dates),
    ``months``, ``walk_m``, ``top_k``, ``normalise``, ``weights``,
    ``left_out``, ``outside`` and ``outside_total``.
    """
    ranked = rec.ranked
    explanation = [explain(row, lang) for _, row in ranked.iterrows()]
    cols = [
        "neighborhood_id",
        "name",
        "rank",
        "priority",
        *PILLARS,
        "p_top_k",
        "missing_components",
    ]
    out = pd.DataFrame(ranked[cols]).copy()
    out["explanation"] = explanation
    for column in INDICATOR_COLUMNS:
        if column in ranked.columns:
            out[column] = ranked[column].to_numpy()
    frame = gpd.GeoDataFrame(out, geometry=ranked.geometry.to_numpy(), crs=ranked.crs)
    frame = frame.reset_index(drop=True)
    w = rec.window
    frame.attrs = {
        "start": w.start.isoformat(),
        "end": w.end.isoformat(),
        "months": int(rec.spec.months),
        "walk_m": float(rec.spec.walk_m),
        "top_k": int(rec.spec.top_k),
        "normalise": rec.spec.normalise,
        "weights": rec.spec.weight_of(),
        "left_out": rec.left_out,
        "outside": rec.outside,
        "outside_total": rec.outside_total,
    }
    return frame


def recommend_neighborhoods(
    inputs: NeighborhoodInputs, spec: PrioritySpec, until: date | None = None, lang: str = "en"
) -> gpd.GeoDataFrame:
    """:func:`neighborhood_priority` then :func:`result_table` in ``lang``: the CLI's one call.

    Raises
    ------
    geo.errors.ValidationError
        As :func:`neighborhood_priority`.
    """
    return result_table(neighborhood_priority(inputs, spec, until), lang)


__all__ = [
    "FRAGILE",
    "INDICATOR_COLUMNS",
    "OUTSIDE_ALL",
    "ROBUST",
    "Headline",
    "NeighborhoodInputs",
    "NeighborhoodRecommendation",
    "neighborhood_priority",
    "recommend_neighborhoods",
    "result_table",
]
