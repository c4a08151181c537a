"""Every ``st.cache_data`` and ``st.cache_resource`` of the app, in one place.

Each cached function is keyed on the workspace's path and content hash
(an import changes the hash and so invalidates every entry that depends on
the data), then on the sidebar's filters and the page's options. The
helpers that take a :class:`ui.state.Filters` unpack it into those keys.
The heavy modules (the hot-spot models, the importer) are imported inside
the functions that use them, so a page that never runs them does not load
them.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Hashable
from datetime import date
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd
import streamlit as st
from shapely.geometry.base import BaseGeometry

from geo.aggregate import CellIndex, Weight, city_mask
from geo.grid import Shape
from geo.stores import Location, open_store
from geo.workspace import Workspace
from models.summary import category_table, territory_coverage
from ui.incident_table import IncidentTable

if TYPE_CHECKING:
    from geo.export import Format
    from geo.importer import ImportPlan
    from geo.publish import Snapshot
    from geo.validation import Report
    from models.briefing import Briefing, BriefingInputs, Period
    from models.evaluation import (
        EvaluationInputs,
        EvaluationResult,
        EvaluationSpec,
        Randomisation,
        Treatment,
    )
    from models.events import Events
    from models.hotspots import Filters as HotspotFilters
    from models.hotspots import HotspotResult, HotspotSpec
    from models.recommend.activation import ParkRecommendation
    from models.recommend.neighborhoods import NeighborhoodRecommendation
    from models.recommend.parks import ParkSpec, PortfolioSpec
    from models.recommend.priority import PrioritySpec
    from models.territories import (
        ProposalSpec,
        TerritoryEvaluation,
        TerritoryInputs,
        TerritoryProposal,
        TerritorySpec,
    )
    from models.trends import TrendResult, TrendSpec
    from ui.state import Filters

#: How many top hot spots the Hot spots page finds.
TOP_N = 10


# -- the workspace and its layers ----------------------------------------------------


@st.cache_resource(max_entries=8)
def _open(path: str, stamp: str) -> Workspace:
    return Workspace(path)


def open_workspace(path: Location) -> Workspace:
    """Open a workspace, cached by its address and its last write (:meth:`geo.stores.Store.stamp`)."""
    location = str(path)
    return _open(location, open_store(location).stamp())


@st.cache_resource(max_entries=8, show_spinner=False)
def load_layer(path: str, content_hash: str, layer: str) -> gpd.GeoDataFrame:
    """A workspace layer, cached on the workspace's content hash.

    One frame per layer and content, shared by every session and page
    (``st.cache_resource``: no pickled copy, no copy per call): callers
    must not change it in place.
    """
    return Workspace(path).read(layer)


@st.cache_resource(max_entries=2, show_spinner=False)
def incident_table(path: str, content_hash: str) -> IncidentTable:
    """The incidents as arrays (:class:`ui.incident_table.IncidentTable`), one per content."""
    ws = open_workspace(path)
    hoods = load_layer(path, content_hash, "neighborhoods") if ws.has("neighborhoods") else None
    return IncidentTable.read(path, hoods, crs=ws.projected_crs)


@st.cache_resource(max_entries=16, show_spinner=False)
def _selection(
    path: str, content_hash: str, start: date | None, end: date | None, categories: tuple[str, ...]
) -> np.ndarray:
    return incident_table(path, content_hash).select(start, end, categories)


def selection(f: Filters) -> tuple[IncidentTable, np.ndarray]:
    """The incident table of ``f``'s workspace and which incidents pass ``f`` (cached)."""
    table = incident_table(str(f.workspace), f.content_hash)
    return table, _selection(str(f.workspace), f.content_hash, f.start, f.end, f.categories)


def filter_key(f: Filters) -> tuple[str, str, date | None, date | None, tuple[str, ...]]:
    """``f`` as the plain values a cache key holds: path, content hash, dates, categories."""
    return (str(f.workspace), f.content_hash, f.start, f.end, f.categories)


@st.cache_resource(max_entries=8, show_spinner=False)
def _categories(
    path: str, content_hash: str, start: date | None, end: date | None, categories: tuple[str, ...]
) -> pd.DataFrame:
    table = incident_table(path, content_hash)
    return table.categories(_selection(path, content_hash, start, end, categories))


def filtered(f: Filters) -> pd.DataFrame:
    """The categories of the incidents passing ``f`` (a shared one-column frame; see ``len``)."""
    return _categories(*filter_key(f))


def filtered_points(f: Filters) -> gpd.GeoDataFrame:
    """The incidents passing ``f`` as a GeoDataFrame (to draw them one by one; not cached)."""
    _, keep = selection(f)
    return load_layer(str(f.workspace), f.content_hash, "incidents").loc[keep]


# -- the Map page --------------------------------------------------------------------


@st.cache_resource(max_entries=4, show_spinner=False)
def _mask(path: str, content_hash: str) -> BaseGeometry | None:
    ws = open_workspace(path)
    return city_mask(
        load_layer(path, content_hash, "neighborhoods") if ws.has("neighborhoods") else None
    )


@st.cache_resource(max_entries=4, show_spinner=False)
def _cell_index(path: str, content_hash: str, size: float, shape: Shape) -> CellIndex:
    # every incident's cell for one size and shape (int64 per incident, the outlines of the
    # cells holding any): a filter change then only counts (geo.aggregate.CellIndex)
    mask = _mask(path, content_hash)
    return incident_table(path, content_hash).cell_index(size=size, shape=shape, mask=mask)


@st.cache_data(max_entries=32, show_spinner=False)
def _cells(
    path: str,
    content_hash: str,
    start: date | None,
    end: date | None,
    categories: tuple[str, ...],
    size: float,
    shape: Shape,
    weight: Weight,
) -> gpd.GeoDataFrame:
    table = incident_table(path, content_hash)
    keep = _selection(path, content_hash, start, end, categories)
    return table.count(keep, _cell_index(path, content_hash, size, shape), weight=weight)


def cached_cells(f: Filters, *, size: float, shape: Shape, weight: Weight) -> gpd.GeoDataFrame:
    """Incidents passing ``f`` aggregated to cells (cached; see ``geo.aggregate``)."""
    return _cells(
        str(f.workspace), f.content_hash, f.start, f.end, f.categories, size, shape, weight
    )


@st.cache_data(max_entries=16, show_spinner=False)
def _hood_table(
    path: str,
    content_hash: str,
    start: date | None,
    end: date | None,
    categories: tuple[str, ...],
    years: float,
) -> pd.DataFrame:
    table = incident_table(path, content_hash)
    keep = _selection(path, content_hash, start, end, categories)
    hoods = load_layer(path, content_hash, "neighborhoods")
    return table.neighborhood_table(keep, hoods, years=years)


def cached_neighborhood_table(f: Filters, *, years: float) -> pd.DataFrame:
    """Incidents, harm and rate per neighbourhood for ``f`` (cached)."""
    return _hood_table(str(f.workspace), f.content_hash, f.start, f.end, f.categories, years)


@st.cache_data(max_entries=16, show_spinner=False)
def _category_table(
    path: str, content_hash: str, start: date | None, end: date | None, categories: tuple[str, ...]
) -> pd.DataFrame:
    return category_table(_categories(path, content_hash, start, end, categories))


def cached_category_table(f: Filters) -> pd.DataFrame:
    """Incidents and harm per category for ``f`` (cached)."""
    return _category_table(str(f.workspace), f.content_hash, f.start, f.end, f.categories)


@st.cache_data(max_entries=8, show_spinner=False)
def _coverage(path: str, content_hash: str) -> float:
    ws = open_workspace(path)
    return territory_coverage(
        load_layer(path, content_hash, "neighborhoods"),
        load_layer(path, content_hash, "territories"),
        crs=ws.projected_crs,
    )


def cached_coverage(f: Filters) -> float:
    """Share of the population inside the gestores' territories (cached)."""
    return _coverage(str(f.workspace), f.content_hash)


# -- maps (ui.panels.show_map) ---------------------------------------------------------


@st.cache_resource(max_entries=24, show_spinner=False)
def built(
    key: Hashable, _build: Callable[[], object], _owners: tuple[object, ...]
) -> tuple[object, tuple[weakref.ref[object], ...]]:
    """What ``_build`` makes for ``key`` (a map, an overlay's layers), and weak references to
    the objects whose ids are in the key.

    ``_build`` and ``_owners`` are not part of the key (Streamlit skips ``_`` names).
    """
    return _build(), tuple(weakref.ref(o) for o in _owners)


# -- the Hot spots page --------------------------------------------------------------


# a resource, not data: a result holds its incidents (up to a million points), which
# st.cache_data would unpickle again at every rerun of the page (seconds); callers only read it
@st.cache_resource(max_entries=8, show_spinner=False)
def hotspot_analysis(
    path: str, content_hash: str, filters: HotspotFilters, spec: HotspotSpec
) -> tuple[HotspotResult, gpd.GeoDataFrame]:
    """Run one method and find its top hot spots.

    Cached on the workspace's content hash, the filters and the spec (frozen
    dataclasses: every option of the method is part of the key).
    """
    from models.hotspots import load_inputs, run_hotspots, top_hotspots

    # the workspace's own layers: its incidents come projected from their sidecar (no second
    # projection of a million points, no second full frame kept beside load_layer's)
    inputs = load_inputs(open_workspace(path))
    result = run_hotspots(inputs, spec, filters=filters)
    top = top_hotspots(result, inputs.public_spaces, inputs.neighborhoods, n=TOP_N)
    return result, top


@st.cache_data(max_entries=16, show_spinner=False)
def hotspot_file_bytes(
    path: str,
    content_hash: str,
    filters: HotspotFilters,
    spec: HotspotSpec,
    which: str,
    fmt: Format,
    lang: str,
) -> bytes:
    """The result or the top hot spots as a file (built when the download is clicked)."""
    from ui.hotspot_downloads import hotspot_file

    result, top = hotspot_analysis(path, content_hash, filters, spec)
    return hotspot_file(result.frame, top, method=spec.method, which=which, fmt=fmt, lang=lang)


# -- the recommendation pages ---------------------------------------------------------


def _events(path: str, content_hash: str) -> tuple[IncidentTable, Events]:
    """The incident table the other pages share (:func:`incident_table`) and its events."""
    from models.events import Events

    table = incident_table(path, content_hash)
    return table, Events(x=table.x, y=table.y, code=table.codes, when=table.when, until=table.until)


def _optional_layer(
    path: str, content_hash: str, name: str, *, projected: bool = True
) -> gpd.GeoDataFrame | None:
    """A layer from :func:`load_layer` (in the workspace's projected CRS unless not
    ``projected``), or ``None`` when the workspace does not have it."""
    ws = open_workspace(path)
    if not ws.has(name):
        return None
    frame = load_layer(path, content_hash, name)
    return frame.to_crs(ws.projected_crs) if projected else frame


# -- the Public spaces page ------------------------------------------------------------


@st.cache_resource(max_entries=8, show_spinner=False)
def park_recommendation(
    path: str, content_hash: str, spec: ParkSpec, portfolio: PortfolioSpec
) -> ParkRecommendation:
    """Score the public spaces and choose the portfolio (cached on the content and both specs).

    The incidents come from the table the other pages share
    (:func:`incident_table`), the layers from :func:`load_layer`, projected.
    """
    from models.recommend.activation import ParkInputs, recommend_parks

    table, events = _events(path, content_hash)

    def layer(name: str) -> gpd.GeoDataFrame | None:
        return _optional_layer(path, content_hash, name)

    spaces = layer("public_spaces")
    assert spaces is not None  # the page checks the layer first
    inputs = ParkInputs(
        spaces=spaces,
        events=events,
        hoods=layer("neighborhoods"),
        territories=layer("territories"),
        streets=layer("streets"),
    )
    return recommend_parks(inputs, spec, portfolio)


@st.cache_data(max_entries=16, show_spinner=False)
def park_file_bytes(
    path: str, content_hash: str, spec: ParkSpec, portfolio: PortfolioSpec, fmt: Format, lang: str
) -> bytes:
    """The ranking with the portfolio as a file (``cli.py recommend parks``'s table)."""
    from geo.export import layer_bytes
    from models.recommend.activation import result_table

    rec = park_recommendation(path, content_hash, spec, portfolio)
    return layer_bytes(result_table(rec, lang), fmt, layer="recommend_parks")


# -- the Data page -------------------------------------------------------------------


@st.cache_data(max_entries=8, show_spinner=False)
def checked_upload(
    saved: str, name: str, layer: str, crs: str, ws_path: str, ws_hash: str
) -> tuple[Report, ImportPlan]:
    """Validate an upload (saved under its content digest) and plan it; cached on content."""
    from geo.importer import check_file

    ws = Workspace(ws_path) if ws_path else None
    return check_file(saved, layer, ws, crs=crs or None, display_name=name)


# -- the Priority neighbourhoods page ----------------------------------------------------


@st.cache_resource(max_entries=8, show_spinner=False)
def neighborhood_recommendation(
    path: str, content_hash: str, spec: PrioritySpec, until: date | None
) -> NeighborhoodRecommendation:
    """Rank the barrios, their robustness and the articulation (cached on the content, the
    spec and the window's last day).

    The incidents and each one's barrio come from the table the other pages
    share (:func:`incident_table`: no second point-in-polygon join), the
    layers from :func:`load_layer`, projected.
    """
    from models.recommend.neighborhoods import NeighborhoodInputs, neighborhood_priority

    table, events = _events(path, content_hash)

    def layer(name: str) -> gpd.GeoDataFrame | None:
        return _optional_layer(path, content_hash, name)

    hoods = layer("neighborhoods")
    assert hoods is not None  # the page checks the layer first
    inputs = NeighborhoodInputs.from_events(
        events,
        hoods,
        hood_of=table.hood,
        public_spaces=layer("public_spaces"),
        territories=layer("territories"),
        programs=_optional_layer(path, content_hash, "programs", projected=False),
    )
    return neighborhood_priority(inputs, spec, until)


@st.cache_resource(max_entries=8, show_spinner=False)
def neighborhood_table(
    path: str, content_hash: str, spec: PrioritySpec, until: date | None, lang: str
) -> gpd.GeoDataFrame:
    """The CLI's table of :func:`neighborhood_recommendation`, sentences in ``lang`` (shared:
    callers must not change it)."""
    from models.recommend.neighborhoods import result_table

    return result_table(neighborhood_recommendation(path, content_hash, spec, until), lang)


@st.cache_data(max_entries=16, show_spinner=False)
def neighborhood_file_bytes(
    path: str, content_hash: str, spec: PrioritySpec, until: date | None, fmt: Format, lang: str
) -> bytes:
    """The priority by barrio as a file (``cli.py recommend neighborhoods``'s table)."""
    from geo.export import layer_bytes

    table = neighborhood_table(path, content_hash, spec, until, lang)
    return layer_bytes(table, fmt, layer="recommend_neighborhoods")


# -- the Trends page -------------------------------------------------------------------

#: The hot-spot analysis whose top zones the Trends page offers as areas (Gi*, harm, 250 m).
TREND_HOTSPOTS = {"weight": "harm", "cell_size": 250.0}


def trend_hotspots(path: str, content_hash: str, spec: TrendSpec) -> gpd.GeoDataFrame:
    """The top hot spots (Gi*, :data:`TREND_HOTSPOTS`) of the trends' dates and categories."""
    from models.hotspots import Filters as HotspotFilters
    from models.hotspots import spec_for

    filters = HotspotFilters.of(spec.categories, spec.start, spec.end)
    return hotspot_analysis(path, content_hash, filters, spec_for("gi", **TREND_HOTSPOTS))[1]


@st.cache_resource(max_entries=8, show_spinner=False)
def trend_result(
    path: str, content_hash: str, spec: TrendSpec, own_days: tuple[tuple[date, str], ...]
) -> TrendResult:
    """The trends of ``spec`` (cached on the content, the spec and the user's own dates).

    The incidents and each one's barrio come from the shared table
    (:func:`incident_table`), the layers from :func:`load_layer`, projected.
    """
    from models.trends import TrendInputs, run_trends

    table, events = _events(path, content_hash)
    hotspots = None
    if spec.area.kind == "hotspot":
        hotspots = trend_hotspots(path, content_hash, spec).to_crs(table.crs)
    inputs = TrendInputs(
        events=events,
        neighborhoods=_optional_layer(path, content_hash, "neighborhoods"),
        territories=_optional_layer(path, content_hash, "territories"),
        programs=_optional_layer(path, content_hash, "programs"),
        hotspots=hotspots,
        hood=table.hood,
        own_days=pd.DataFrame(list(own_days), columns=["date", "label"]) if own_days else None,
    )
    return run_trends(inputs, spec)


@st.cache_data(max_entries=16, show_spinner=False)
def trend_file_bytes(
    path: str,
    content_hash: str,
    spec: TrendSpec,
    own_days: tuple[tuple[date, str], ...],
    which: str,
    lang: str,
) -> bytes:
    """One of the trends' tables as CSV, or all of them (``which`` = ``zip`` or ``gpkg``)."""
    from geo.export import tables_bytes
    from models.trends_text import tables

    every = tables(trend_result(path, content_hash, spec, own_days), lang)
    if which in ("zip", "gpkg"):
        return tables_bytes(every, which)
    text: str = every[which].to_csv(index=False)
    return text.encode("utf-8")


# -- the Territories page ----------------------------------------------------------------


@st.cache_resource(max_entries=4, show_spinner=False)
def territory_inputs(
    path: str, content_hash: str, spec: TerritorySpec, until: date | None
) -> TerritoryInputs:
    """The barrios, territories and incidents, with the need the coverage checks: the top hot
    spots (Gi* on harm of the workload's window, :func:`hotspot_analysis`) and the priority
    ranking (:func:`neighborhood_recommendation`), both shared with their own pages' caches."""
    from models.territories import TerritoryInputs, need_requests, need_window, with_need

    table, events = _events(path, content_hash)
    hoods = _optional_layer(path, content_hash, "neighborhoods")
    assert hoods is not None  # the page checks the layer first
    base = TerritoryInputs(
        hoods=hoods,
        territories=_optional_layer(path, content_hash, "territories"),
        events=events,
        hood_of=table.hood,
    )
    window = need_window(events, spec, until)
    if window is None or not len(events):
        return base
    asks = need_requests(spec, window)
    top = hotspot_analysis(path, content_hash, asks.filters, asks.hotspots)[1]
    rec = neighborhood_recommendation(path, content_hash, asks.priority, window.end)
    return with_need(base, top, rec.ranked)


@st.cache_resource(max_entries=8, show_spinner=False)
def territory_evaluation(
    path: str, content_hash: str, spec: TerritorySpec, until: date | None
) -> TerritoryEvaluation:
    """How today's territories cover the need (cached on the content, the spec and the day)."""
    from models.territories import evaluate

    return evaluate(territory_inputs(path, content_hash, spec, until), spec, until)


@st.cache_resource(max_entries=8, show_spinner=False)
def territory_proposal(
    path: str, content_hash: str, spec: ProposalSpec, until: date | None
) -> TerritoryProposal:
    """A redesign (cached on the content, the request and the day)."""
    from models.territories import propose

    return propose(territory_inputs(path, content_hash, spec.measure, until), spec, until)


@st.cache_data(max_entries=16, show_spinner=False)
def territory_file_bytes(
    path: str,
    content_hash: str,
    spec: TerritorySpec | ProposalSpec,
    until: date | None,
    which: str,
    fmt: Format,
    lang: str,
) -> bytes:
    """A table as a file: ``teams`` or ``barrios`` of the evaluation (``spec`` a
    :class:`TerritorySpec`), or ``proposal`` (one row per barrio) or ``proposal_teams`` of a
    redesign (a :class:`ProposalSpec`)."""
    from geo.export import layer_bytes
    from models.territories import ProposalSpec
    from models.territories_text import team_sentences

    if isinstance(spec, ProposalSpec):
        proposal = territory_proposal(path, content_hash, spec, until)
        if which == "proposal":
            return layer_bytes(proposal.barrios, fmt, layer="territories_proposal")
        teams = proposal.teams.copy()
    else:
        ev = territory_evaluation(path, content_hash, spec, until)
        if which == "barrios":
            return layer_bytes(ev.barrios, fmt, layer="territories_barrios")
        teams = ev.teams.copy()
    teams["explanation"] = team_sentences(teams, lang)
    return layer_bytes(teams, fmt, layer=f"territories_{which}")


# -- the Evaluation page ------------------------------------------------------------------------


@st.cache_resource(max_entries=2, show_spinner=False)
def evaluation_inputs(path: str, content_hash: str) -> EvaluationInputs:
    """The barrios, territories, programmes and incidents the evaluation reads (the incident
    table the other pages share)."""
    from models.evaluation import EvaluationInputs

    table, events = _events(path, content_hash)
    hoods = _optional_layer(path, content_hash, "neighborhoods")
    assert hoods is not None  # the page checks the layer first
    return EvaluationInputs(
        hoods=hoods,
        territories=_optional_layer(path, content_hash, "territories"),
        programs=_optional_layer(path, content_hash, "programs"),
        events=events,
        hood_of=table.hood,
    )


@st.cache_resource(max_entries=8, show_spinner=False)
def evaluation_treatment(path: str, content_hash: str, spec: EvaluationSpec) -> Treatment:
    """Who was treated and from when (cached on the treatment's part of the spec)."""
    from models.evaluation import treatment

    return treatment(evaluation_inputs(path, content_hash), spec)


@st.cache_resource(max_entries=8, show_spinner=False)
def evaluation_result(path: str, content_hash: str, spec: EvaluationSpec) -> EvaluationResult:
    """The evaluation of ``spec``: the estimates (a second or two), then, when ``spec`` asks
    for permutations, the randomisation inference on the same panel (about 25 ms a
    permutation), each cached apart so the page can show the estimates while it runs."""
    from dataclasses import replace

    from models.evaluation import evaluate, with_randomisation

    if spec.permutations == 0:
        return evaluate(evaluation_inputs(path, content_hash), spec)
    quick = evaluation_result(path, content_hash, replace(spec, permutations=0))
    return with_randomisation(quick, evaluation_randomisation(path, content_hash, spec), spec)


@st.cache_resource(max_entries=8, show_spinner=False)
def evaluation_randomisation(path: str, content_hash: str, spec: EvaluationSpec) -> Randomisation:
    """The randomisation inference of ``spec`` on its panel (cached on the whole spec)."""
    from dataclasses import replace

    from models.evaluation import randomisation

    quick = evaluation_result(path, content_hash, replace(spec, permutations=0))
    return randomisation(quick.panel.frame, spec.permutations, spec.seed)


@st.cache_data(max_entries=16, show_spinner=False)
def evaluation_file_bytes(
    path: str, content_hash: str, spec: EvaluationSpec, which: str, fmt: Format
) -> bytes:
    """A download: ``event`` (the event study, CSV), ``headline`` (JSON, as ``cli.py evaluate
    --json``) or ``barrios`` (one row per barrio, in ``fmt``)."""
    import json

    from geo.export import layer_bytes
    from models.evaluation import barrio_layer, event_table

    result = evaluation_result(path, content_hash, spec)
    if which == "event":
        csv: str = event_table(result).to_csv(index=False)
        return csv.encode("utf-8")
    if which == "headline":
        text = json.dumps(result.headline(), indent=2, ensure_ascii=False) + "\n"
        return text.encode("utf-8")
    layer = barrio_layer(result, evaluation_inputs(path, content_hash).hoods)
    return layer_bytes(layer, fmt, layer="evaluation_barrios")


# -- publishing and the public page -----------------------------------------------------


@st.cache_data(max_entries=16, show_spinner=False)
def published_snapshot(path: str, version: int, published_at: str) -> Snapshot:
    """A published snapshot version (never changes once kept: ``published_at`` guards against a
    workspace replaced at the same path)."""
    from geo.snapshots import load

    return load(Workspace(path), version)


@st.cache_data(max_entries=8, show_spinner=False)
def snapshot_preview(
    path: str,
    content_hash: str,
    start: date,
    end: date,
    step: str,
    min_count: int,
    cell_m: float,
) -> Snapshot:
    """The snapshot the Publish page would keep, built but not stored."""
    from geo.snapshots import build

    return build(
        Workspace(path),
        start=start,
        end=end,
        step=step,
        min_count=min_count,
        cell_m=cell_m,
    )


# -- the mayor's briefing -------------------------------------------------------------


@st.cache_resource(max_entries=4, show_spinner=False)
def briefing_inputs(path: str, content_hash: str) -> BriefingInputs:
    """What the briefing reads from the workspace, once per content."""
    from models.briefing import BriefingInputs

    return BriefingInputs.from_workspace(Workspace(path))


@st.cache_resource(max_entries=8, show_spinner=False)
def briefing_result(
    path: str, content_hash: str, period: Period, budget: float, threshold: float
) -> Briefing:
    """The briefing of ``period``: counts, then the engine's hot spots, priority list and
    portfolio (two or three seconds on the full demo)."""
    from models.briefing import briefing

    return briefing(briefing_inputs(path, content_hash), period, budget=budget, threshold=threshold)


@st.cache_data(max_entries=8, show_spinner=False)
def briefing_pdf(
    path: str, content_hash: str, period: Period, budget: float, threshold: float, lang: str
) -> bytes:
    """The briefing's PDF in ``lang``: the same figures as the page."""
    from reports.briefing_pdf import render_pdf

    return render_pdf(briefing_result(path, content_hash, period, budget, threshold), lang)


@st.cache_data(max_entries=8, show_spinner=False)
def briefing_map(
    path: str, content_hash: str, period: Period, budget: float, threshold: float, lang: str
) -> bytes:
    """The briefing's map as a PNG (the PDF's own picture: no tiles)."""
    from reports.briefing_pdf import map_png

    return map_png(briefing_result(path, content_hash, period, budget, threshold), lang)
