"""The Map page's panels: the cells map with its own controls, the figures and the tables.

The page (``pages/map.py``) gathers what it shows into a :class:`MapPage`
(the workspace, the sidebar's filters, the layers and the filtered
incidents) and hands it to :func:`map_panel`, :func:`summary_panel` and
:func:`tables_panel`, which draw.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import folium
import geopandas as gpd
import pandas as pd
import shapely
import streamlit as st

from catalog.app import Language
from catalog.say import number
from geo import schema, settings
from geo.aggregate import Weight
from geo.crs import STORAGE_CRS
from geo.grid import Shape
from geo.workspace import Workspace
from models.summary import homicide_rate, period_years, status_counts
from ui import context_layers, maps
from ui.auth import require
from ui.cache import (
    cached_category_table,
    cached_cells,
    cached_coverage,
    cached_neighborhood_table,
    filter_key,
    filtered_points,
    incident_table,
)
from ui.figures import Figure, show_figures
from ui.i18n import category_label, labeler, language, t, translate_table
from ui.maps import number_locale
from ui.offline import offline_map
from ui.panels import Overlay, show_map
from ui.state import Filters, missing_layer_note
from ui.tables import html_table
from ui.widgets import coded_selectbox

#: Headers (catalogue keys) of the table by category, column -> key.
CATEGORY_HEADERS: dict[str, str] = {
    "category": "summary.col.category",
    "group": "summary.col.group",
    "n": "summary.col.n",
    "harm": "summary.col.harm",
    "share": "summary.col.share",
}
#: Headers (catalogue keys) of the table of neighbourhoods with most harm.
NEIGHBORHOOD_HEADERS: dict[str, str] = {
    "name": "summary.col.name",
    "population": "summary.col.population",
    "n": "summary.col.n",
    "harm": "summary.col.harm",
    "rate_per_100k": "summary.col.rate",
}


@dataclass(frozen=True)
class MapPage:
    """What the Map page shows: the workspace, the filters, its layers (``None`` when missing)."""

    ws: Workspace
    filters: Filters
    hoods: gpd.GeoDataFrame | None
    spaces: gpd.GeoDataFrame | None
    territories: gpd.GeoDataFrame | None
    #: the categories of the incidents passing the filters (``None`` without an incidents layer)
    incidents: pd.DataFrame | None
    lang: Language


@st.fragment
def map_panel(page: MapPage) -> None:
    """The map and its own controls (they change nothing else on the page).

    The controls sit in a popover whose button says what they are set to:
    the map gets the width, and the browser mounts the four widgets only
    when the planner opens it (about a tenth of the page's drawing time).
    """
    if not require("mayor_office"):  # a fragment's rerun does not go through app.py
        st.rerun()
    ws, incidents = page.ws, page.incidents
    n = 0 if incidents is None else len(incidents)
    can_draw_points = 0 < n <= settings.max_points_drawn
    with st.popover(_options_label(can_draw_points), icon=":material/tune:", key="map_options"):
        shape = _coded("shape", ["square", "hex"])
        size = st.number_input(
            t("map.size"),
            min_value=50,
            max_value=2000,
            value=int(settings.cell_size_m),
            step=50,
            key="map_size",
            help=t("map.size.help", crs=ws.metadata.get("crs", "")),
        )
        weight = _coded(
            "weight",
            ["harm", "count"],
            help=t("map.weight.help", homicide=schema.HARM_WEIGHTS["homicide"]),
        )
        show_points = st.toggle(
            t("map.points"),
            value=False,
            disabled=not can_draw_points,
            key="map_points",
            help=t("map.points.help", max=settings.max_points_drawn),
        )

    with st.spinner(t("map.drawing")):
        _draw(
            page,
            shape=cast("Shape", shape),
            size=float(size),
            weight=cast("Weight", weight),
            show_points=show_points,
        )


def _coded(name: str, codes: list[str], help: str | None = None) -> str:
    """The select box ``map_<name>`` over ``codes``, labelled ``map.<name>`` and ``map.<name>.<code>``."""
    return coded_selectbox(
        st,
        t(f"map.{name}"),
        codes,
        format_func=labeler(f"map.{name}."),
        key=f"map_{name}",
        help=help,
    )


def _options_label(can_draw_points: bool) -> str:
    """The controls' button: the cells' shape, size and measure, and the points when shown."""
    state = st.session_state
    shape = state.get("map_shape", "square")
    size = state.get("map_size", int(settings.cell_size_m))
    weight = state.get("map_weight", "harm")
    label = t(
        "map.options",
        shape=t(f"map.shape.{shape}"),
        size=number(size, language()),
        weight=t(f"map.weight.{weight}"),
    )
    if can_draw_points and state.get("map_points"):
        label += " · " + t("map.options.points")
    return label


def _draw(page: MapPage, *, shape: Shape, size: float, weight: Weight, show_points: bool) -> None:
    """Send the map with the chosen cells and layers (built once per content, filters, options)."""
    f, incidents = page.filters, page.incidents
    n = 0 if incidents is None else len(incidents)
    points = show_points and 0 < n <= settings.max_points_drawn
    if incidents is not None and n:
        outside = int(cached_cells(f, size=size, shape=shape, weight=weight).attrs["outside_mask"])
        if outside:
            st.caption(t("map.outside", n=outside))
    if n > settings.max_points_drawn:
        st.caption(t("map.points.too_many", n=n, max=settings.max_points_drawn))
    base_key = ("map", page.ws.location, page.ws.content_hash, page.ws.synthetic, page.lang)
    show_map(
        base_key,
        lambda: _base(page),
        widget_key="map",
        overlay=Overlay(
            (*filter_key(f), shape, size, weight, points),
            lambda m: _overlay(m, page, shape=shape, size=size, weight=weight, points=points),
        ),
    )


def _base(page: MapPage) -> folium.Map:
    """What the Map page's map shows whatever the filters: neighbourhoods, territories, framing.

    The map is framed on the layers and on every located incident, so it
    stays put while the filters change.
    """
    ws, lang, incidents = page.ws, page.lang, page.incidents
    hoods, spaces, territories = page.hoods, page.spaces, page.territories
    frames = [x.geometry for x in (hoods, territories, spaces) if x is not None and len(x)]
    m = offline_map(prefer_canvas=True)  # one canvas, not a DOM path per shape
    if hoods is not None:
        context_layers.add_neighborhoods(m, hoods, lang)
    if territories is not None:
        context_layers.add_territories(m, territories, lang)
    if incidents is not None:
        table = incident_table(ws.location, ws.content_hash)
        extent = table.bounds()
        if extent is not None:
            frames.append(gpd.GeoSeries([shapely.box(*extent)], crs=STORAGE_CRS))
    if ws.synthetic:
        maps.add_synthetic_banner(m, t("synthetic.map"))
    if frames:
        maps.fit_to(m, pd.concat([fr.to_crs(STORAGE_CRS) for fr in frames]))
    return m


def _overlay(
    m: folium.Map, page: MapPage, *, shape: Shape, size: float, weight: Weight, points: bool
) -> None:
    """The layers that change with the filters and options: cells, public spaces, points.

    The public spaces come after the cells so that they are drawn over them.
    """
    f, lang, incidents, spaces = page.filters, page.lang, page.incidents, page.spaces
    if incidents is not None and len(incidents):
        maps.add_cells(
            m,
            cached_cells(f, size=size, shape=shape, weight=weight),
            value="value",
            name=t("map.layer.cells"),
            legend_title=t(f"map.legend.{weight}"),
            tooltip_fields=["n", "harm", *[f"n_{c}" for c in f.categories]],
            tooltip_aliases=[
                t("map.tooltip.n"),
                t("map.tooltip.harm"),
                *[category_label(c) for c in f.categories],
            ],
            number_locale=number_locale(lang),
        )
    if spaces is not None:
        maps.add_public_spaces(
            m,
            spaces,
            name=t("layer.public_spaces"),
            status_labels={s: t(f"status.{s}") for s in (*schema.ACTIVATION, "unknown")},
            legend_title=t("map.legend.status"),
            aliases={
                "name": t("field.name"),
                "kind": t("field.kind"),
                "condition": t("field.condition"),
                "lighting": t("field.lighting"),
                "activation_status": t("field.activation_status"),
                "activation_cost": t("field.activation_cost"),
            },
            value_labels={
                "kind": {k: t(f"kind.{k}") for k in schema.KINDS},
                "condition": {c: t(f"condition.{c}") for c in schema.CONDITIONS},
                "lighting": {v: t(f"lighting.{v}") for v in schema.LIGHTING},
            },
            number_locale=number_locale(lang),
        )
    if points:
        labels = {c: category_label(c) for c in schema.CATEGORIES}
        maps.add_points(
            m,
            filtered_points(f),
            name=t("map.layer.points"),
            labels=labels,
            time_label=t("field.occurred_at"),
        )


def summary_panel(page: MapPage) -> None:
    """Figures for the filtered period, beside the map: one :mod:`ui.figures` block.

    The heading, the period, the four figures and the layers' notes are one
    element for the browser to draw; a missing layer adds its own note.
    """
    f, incidents, lang = page.filters, page.incidents, page.lang
    hoods, spaces, territories = page.hoods, page.spaces, page.territories
    title = t("summary.title")
    if incidents is None:
        st.subheader(title)
        missing_layer_note("incidents")
        return
    period = None
    if f.start is not None and f.end is not None:
        period = t(
            "summary.period",
            start=f.start.strftime("%d/%m/%Y"),
            end=f.end.strftime("%d/%m/%Y"),
            days=(f.end - f.start).days + 1,
        )
    if len(incidents) == 0:
        show_figures([], title=title, lead=period)
        st.info(t("map.empty"))
        return
    cats = cached_category_table(f)
    figures = [
        Figure(t("summary.incidents"), number(len(incidents), lang)),
        Figure(t("summary.harm"), number(cats["harm"].sum(), lang)),
    ]
    if hoods is not None and f.start is not None and f.end is not None:
        rate = homicide_rate(incidents, hoods, f.start, f.end)
        figures += [
            Figure(t("summary.homicides"), number(rate.events, lang)),
            Figure(
                t("summary.rate"),
                number(rate.per_100k, lang, 1),
                help=t("summary.rate.help", population=rate.population, years=rate.years),
            ),
        ]
    notes = []
    if spaces is not None:
        counts = status_counts(spaces)
        notes.append(
            t(
                "summary.spaces",
                n=len(spaces),
                active=counts.get("active", 0),
                planned=counts.get("planned", 0),
                inactive=counts.get("inactive", 0),
            )
        )
    if territories is not None and hoods is not None:
        notes.append(t("summary.territories", n=len(territories), share=cached_coverage(f)))
    show_figures(figures, title=title, lead=period, notes=notes)
    if hoods is None or f.start is None or f.end is None:
        missing_layer_note("neighborhoods")
    if spaces is None:
        missing_layer_note("public_spaces")
    if territories is None:
        missing_layer_note("territories")


def tables_panel(page: MapPage) -> None:
    """The tables by category and by neighbourhood, under the map at the page's full width.

    Plain HTML tables (:func:`ui.tables.html_table`), both in one element: a
    dozen rows each to read beside the map; the Data page and the downloads
    hold the full data.
    """
    f, lang, incidents, hoods = page.filters, page.lang, page.incidents, page.hoods
    if incidents is None or len(incidents) == 0:
        return
    cats = cached_category_table(f)
    shown = cats.assign(
        category=cats["category"].map(category_label),
        group=cats["group"].map(lambda g: t(f"sidebar.group.{g}")),
        share=(cats["share"] * 100).round(1),
    )
    parts = [_summary_table(t("summary.by_category"), shown, CATEGORY_HEADERS, "share", lang)]
    if hoods is not None and f.start is not None and f.end is not None:
        table = cached_neighborhood_table(f, years=period_years(f.start, f.end))
        parts.append(
            _summary_table(
                t("summary.top_hoods"), table.head(8), NEIGHBORHOOD_HEADERS, "rate_per_100k", lang
            )
        )
    st.html("".join(parts))


def _summary_table(
    title: str, frame: pd.DataFrame, headers: dict[str, str], one_decimal: str, lang: str
) -> str:
    """``frame``'s ``headers`` columns under their words, numbers in ``lang``, one column to 0.1."""
    words = translate_table(headers, lang)
    shown = frame[list(headers)].rename(columns=words)
    return html_table(shown, lang, decimals={words[one_decimal]: 1}, title=title)
