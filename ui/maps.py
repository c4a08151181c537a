"""Composable folium layers for the map pages, drawn with no internet.

Each ``add_*`` builder works like ``geopandas.explore``: it takes a map (or
``None`` for a new :func:`ui.offline.offline_map`), adds ONE named
:class:`folium.FeatureGroup` (the entry in the layer control) and returns
the map. Every text shown is passed in already translated (labels, legend
titles, tooltip field names); this module never picks a language.

What keeps the maps offline and small:

* no plugin and no branca colormap (they load CDN scripts); legends and the
  synthetic-data banner are Leaflet controls created by the map's own
  script (:class:`Legend`, :class:`Banner`), which streamlit-folium keeps,
  styled by the ``cv-*`` rules of :data:`ui.offline.MAP_CSS`;
* each layer is one :class:`folium.GeoJson` whose ``style`` is a one-line
  JavaScript function reading precomputed properties (``_fill``...), so the
  page carries no per-feature style table; points are Leaflet circle
  markers created by that GeoJson (no awesome-markers icons);
* coordinates are rounded to 5 decimals (about a metre), polygons are
  simplified by a few metres in a projected CRS, and features carry only the
  properties their tooltip shows, already formatted as text.

Every drawn shape carries a class (``cv-cell``, ``cv-point``, ``cv-space``,
``cv-hood``, ``cv-territory``) in its Leaflet options (the ``class`` of its
SVG path, when not drawn on a canvas) that the browser tests count.
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Mapping, Sequence
from typing import Any, Literal, cast

import folium
import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd
import shapely
from branca.element import MacroElement
from folium.template import Template
from folium.utilities import JsCode

from catalog.say import MISSING, number, say
from geo import schema, settings
from geo.crs import STORAGE_CRS, choose_projected_crs
from models.classify import Scheme, cell_classes, classify, fisher_jenks_breaks
from ui.offline import offline_map

NumberLocale = Literal["es", "en"]

#: ColorBrewer's YlOrRd, by number of classes.
YLORRD: dict[int, tuple[str, ...]] = {
    3: ("#ffeda0", "#feb24c", "#f03b20"),
    4: ("#ffffb2", "#fecc5c", "#fd8d3c", "#e31a1c"),
    5: ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"),
    6: ("#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026"),
    7: ("#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#b10026"),
    8: ("#ffffcc", "#ffeda0", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#b10026"),
    9: (
        "#ffffcc",
        "#ffeda0",
        "#fed976",
        "#feb24c",
        "#fd8d3c",
        "#fc4e2a",
        "#e31a1c",
        "#bd0026",
        "#800026",
    ),
}
#: Colour of each activation status of a public space.
STATUS_COLORS: dict[str, str] = {
    "active": "#1a9850",
    "planned": "#f0a202",
    "inactive": "#d73027",
    "unknown": "#8c8c8c",
}
#: Colour of each incident category (violence dark, convivencia warm/cool, property green).
CATEGORY_COLORS: dict[str, str] = {
    "homicide": "#67000d",
    "sexual": "#ae017e",
    "injury": "#e31a1c",
    "threat": "#fd8d3c",
    "fight": "#fec44f",
    "domestic": "#6a51a3",
    "noise": "#4292c6",
    "graffiti": "#41ae76",
    "theft": "#005a32",
    "other": "#737373",
}
#: Qualitative palette (ColorBrewer Dark2 then Paired's dark tones) for teams.
QUALITATIVE: tuple[str, ...] = (
    "#1b9e77",
    "#d95f02",
    "#7570b3",
    "#e7298a",
    "#66a61e",
    "#e6ab02",
    "#a6761d",
    "#666666",
    "#1f78b4",
    "#b15928",
    "#6a3d9a",
    "#33a02c",
)
#: Rounding of coordinates sent to the browser, in decimal degrees (about 1.1 m).
COORD_DECIMALS = 5
MISSING_TEXT = MISSING


# -- numbers -------------------------------------------------------------------


def number_locale(lang: str) -> NumberLocale:
    """The number formatting of a language code (``"en"``, else Spanish's)."""
    return "en" if lang == "en" else "es"


def format_cop(x: float | None, *, number_locale: NumberLocale = "es") -> str:
    """Format an amount of Colombian pesos: ``$ 12.500.000`` (es) or ``COP 12,500,000`` (en)."""
    if x is None or pd.isna(x):
        return MISSING_TEXT
    return say("money.cop", number_locale, amount=number(x, number_locale))


# -- classes -------------------------------------------------------------------


def class_labels(
    breaks: npt.ArrayLike,
    *,
    lowest: float,
    integers: bool,
    number_locale: NumberLocale = "es",
) -> list[str]:
    """Legend labels of the classes ``(lowest..breaks[0]], (breaks[0]..breaks[1]], ...``.

    With ``integers`` (counts, harm with whole weights), class ``c`` reads
    ``"a–b"`` with ``a`` the first whole number above the previous break,
    or just ``"b"`` when it holds one value.
    """
    b = np.asarray(breaks, dtype=float)
    labels: list[str] = []
    spread = float(b[-1] - lowest) if len(b) else 0.0
    decimals = 0 if integers or spread >= 100 else (1 if spread >= 1 else 3)
    for c, hi in enumerate(b):
        if integers:
            lo = lowest if c == 0 else math.floor(b[c - 1]) + 1
            lo_t = number(lo, number_locale)
            hi_t = number(hi, number_locale)
            labels.append(hi_t if lo >= hi else f"{lo_t}–{hi_t}")
        else:
            lo = lowest if c == 0 else float(b[c - 1])
            lo_t = number(lo, number_locale, decimals)
            labels.append(f"{lo_t} – {number(float(hi), number_locale, decimals)}")
    return labels


def palette_for(k: int, palette: Sequence[str] | None = None) -> list[str]:
    """``k`` colours, light to dark: YlOrRd by default, else spread over ``palette``."""
    if palette is None:
        if k >= 3:
            return list(YLORRD[min(k, 9)]) if k <= 9 else _spread(YLORRD[9], k)
        return list(YLORRD[3][-k:]) if k else []
    return _spread(palette, k)


def _spread(colors: Sequence[str], k: int) -> list[str]:
    if k <= len(colors):
        return [colors[int(round(i))] for i in np.linspace(0, len(colors) - 1, k)] if k else []
    return [colors[i % len(colors)] for i in range(k)]


# -- map elements ----------------------------------------------------------------


class Legend(MacroElement):
    """A legend: a Leaflet control drawn by the map's script.

    Parameters
    ----------
    title
        Heading (plain text; escaped).
    rows
        ``(colour, label, kind)`` per row; ``kind`` is ``"box"`` (a filled
        square), ``"dot"`` (a circle), ``"line"`` (a dashed stroke) or
        ``"outline"`` (an empty square with a coloured border).
    layer
        The layer the legend describes: the legend shows while the layer is
        on the map (it hides while the layer is switched off in the layer
        control). The legend may then be the layer's child or the map's.
    position
        Leaflet control corner.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var legend = L.control({position: {{ this.position|tojson }}});
            legend.onAdd = function() {
                var div = L.DomUtil.create("div", "cv-legend");
                div.innerHTML = {{ this.html|tojson }};
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                return div;
            };
            {%- if this.layer is none %}
            legend.addTo({{ this._parent.get_name() }});
            {%- else %}
            // shown while its layer is on the map: switched in the layer control, or
            // swapped for a new one (ui.panels.Overlay)
            var layer = {{ this.layer.get_name() }};
            var show = function() { if (layer._map) { legend.addTo(layer._map); } };
            layer.on("add", show);
            layer.on("remove", function() { legend.remove(); });
            show();
            {%- endif %}
        })();
        {% endmacro %}
        """
    )

    def __init__(
        self,
        title: str,
        rows: Sequence[tuple[str, str, str]],
        *,
        layer: folium.FeatureGroup | None = None,
        position: str = "bottomright",
    ) -> None:
        cast("Any", super()).__init__()  # branca is untyped
        self._name = "Legend"
        self.title = title
        self.rows = list(rows)
        self.layer = layer
        self.position = position
        self.html = legend_html(title, self.rows)


def legend_html(title: str, rows: Sequence[tuple[str, str, str]]) -> str:
    """The inner HTML of a legend (see :class:`Legend`); every text is escaped."""
    parts = [f'<div class="cv-legend-title">{html.escape(title)}</div>'] if title else []
    for color, label, kind in rows:
        cls = {
            "dot": "cv-swatch cv-dot",
            "line": "cv-swatch cv-line",
            "outline": "cv-swatch cv-outline",
        }.get(kind, "cv-swatch")
        style = {
            "line": f"border-top-color:{color}",
            "outline": f"border-color:{color}",
        }.get(kind, f"background:{color}")
        parts.append(
            f'<div class="cv-legend-row"><span class="{cls}" style="{style}"></span>'
            f"<span>{html.escape(label)}</span></div>"
        )
    return "".join(parts)


class Banner(MacroElement):
    """A short notice on the map (a Leaflet control), e.g. that the data are synthetic."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var banner = L.control({position: {{ this.position|tojson }}});
            banner.onAdd = function() {
                var div = L.DomUtil.create("div", "cv-banner");
                div.textContent = {{ this.text|tojson }};
                return div;
            };
            banner.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, text: str, *, position: str = "bottomleft") -> None:
        cast("Any", super()).__init__()  # branca is untyped
        self._name = "Banner"
        self.text = text
        self.position = position


def style_function(**fixed: Any) -> JsCode:
    """A Leaflet style function: ``fixed`` options plus each feature's own colours.

    Parameters
    ----------
    **fixed
        Leaflet path options shared by every feature (``className``,
        ``weight``, ``fillOpacity``...).

    Returns
    -------
    folium.utilities.JsCode
        A one-line function that returns ``fixed`` with ``fillColor`` and
        ``color`` taken from the feature's ``_fill`` and ``_line``
        properties when it has them, so the page carries no style table.
    """
    base = json.dumps(fixed, separators=(",", ":"))
    return JsCode(
        "function(f){var p=f.properties,s=" + base + ";"
        "if(p._fill){s.fillColor=p._fill;}if(p._line){s.color=p._line;}return s;}"
    )


def feature_collection(
    geoms: gpd.GeoSeries, properties: Mapping[str, Sequence[Any]], *, simplify_m: float = 0.0
) -> dict[str, Any]:
    """A GeoJSON FeatureCollection with rounded coordinates and only ``properties``.

    Parameters
    ----------
    geoms
        The geometries, in any CRS (one is needed).
    properties
        One list of values per property, in the order of ``geoms``.
    simplify_m
        Polygons are simplified by this many metres in a projected CRS
        (topology kept); 0 keeps them as they are.

    Returns
    -------
    dict
        The FeatureCollection, in EPSG:4326 with coordinates rounded to
        :data:`COORD_DECIMALS`; missing or empty geometries are skipped
        with their properties.

    Raises
    ------
    ValueError
        When ``geoms`` has no CRS.
    """
    if geoms.crs is None:
        msg = "layer has no CRS; layers are stored in EPSG:4326"
        raise ValueError(msg)
    g = geoms.to_crs(STORAGE_CRS)
    arr = g.to_numpy()
    keep = ~(shapely.is_missing(arr) | shapely.is_empty(arr))
    arr = arr[keep]
    if simplify_m > 0 and len(arr):
        polygonal = np.isin(
            shapely.get_type_id(arr),
            [shapely.GeometryType.POLYGON, shapely.GeometryType.MULTIPOLYGON],
        )
        if polygonal.any():
            x0, y0, x1, y1 = shapely.total_bounds(arr)
            crs = choose_projected_crs(float((x0 + x1) / 2), float((y0 + y1) / 2))
            metric = gpd.GeoSeries(arr[polygonal], crs=STORAGE_CRS).to_crs(crs)
            simple = shapely.simplify(metric.to_numpy(), simplify_m, preserve_topology=True)
            arr = arr.copy()
            arr[polygonal] = gpd.GeoSeries(simple, crs=crs).to_crs(STORAGE_CRS).to_numpy()
    arr = shapely.transform(arr, lambda c: np.round(c, COORD_DECIMALS))
    texts = shapely.to_geojson(arr)
    columns = {
        k: [v for v, ok in zip(vals, keep, strict=True) if ok] for k, vals in properties.items()
    }
    geometries = json.loads("[" + ",".join(texts) + "]")  # one parse, not one per shape
    features = []
    for n, geometry in enumerate(geometries):
        props = {k: columns[k][n] for k in columns}
        features.append({"type": "Feature", "geometry": geometry, "properties": props})
    return {"type": "FeatureCollection", "features": features}


def _text_values(
    series: pd.Series,
    *,
    number_locale: NumberLocale,
    labels: Mapping[str, str] | None = None,
    money: bool = False,
) -> list[str]:
    """A column as the text its tooltip shows (numbers formatted, codes translated)."""
    numeric = pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)
    is_time = pd.api.types.is_datetime64_any_dtype(series)

    def text_of(v: Any) -> str:
        if v is None or (not isinstance(v, str) and pd.isna(v)):
            return MISSING_TEXT
        if money:
            return format_cop(float(v), number_locale=number_locale)
        if is_time:
            return str(pd.Timestamp(v).strftime("%d/%m/%Y %H:%M"))
        if numeric:
            fv = float(v)
            return number(fv, number_locale, 0 if fv == round(fv) else 1)
        text = str(v)
        return labels.get(text, text) if labels else text

    # each distinct value written once: cell counts repeat (most are 0, 1, 2...)
    # (keyed with the type: 1, 1.0 and True are one dict key)
    seen: dict[tuple[type, Any], str] = {}
    out: list[str] = []
    for v in series.tolist():
        try:
            found = seen.get((type(v), v))
        except TypeError:  # an unhashable value: written each time
            out.append(text_of(v))
            continue
        if found is None:
            found = seen[(type(v), v)] = text_of(v)
        out.append(found)
    return out


def tooltip_props(
    frame: pd.DataFrame,
    fields: Sequence[str],
    *,
    number_locale: NumberLocale,
    value_labels: Mapping[str, Mapping[str, str]] | None = None,
    money: Sequence[str] = (),
) -> dict[str, list[str]]:
    """Tooltip properties ``t0, t1, ...`` of ``fields``, as the text the tooltip shows.

    Parameters
    ----------
    frame
        The layer.
    fields
        Its columns shown in the tooltip, in order (short keys keep the
        payload small).
    number_locale
        Number formatting (``"es"`` or ``"en"``).
    value_labels
        Translated text of coded values, per column.
    money
        Columns formatted as Colombian pesos.

    Returns
    -------
    dict
        ``{"t0": [...], "t1": [...], ...}``, one text per row.
    """
    props: dict[str, list[str]] = {}
    for n, field in enumerate(fields):
        labels = (value_labels or {}).get(field)
        props[f"t{n}"] = _text_values(
            frame[field], number_locale=number_locale, labels=labels, money=field in money
        )
    return props


def geojson_tooltip(
    fields: Sequence[str], aliases: Sequence[str], *, labels: bool = True, sticky: bool = True
) -> folium.GeoJsonTooltip:
    """The tooltip of properties ``t0, t1, ...`` (see :func:`tooltip_props`).

    Parameters
    ----------
    fields
        The columns shown (only their number matters here).
    aliases
        Their translated labels.
    labels
        Whether the labels are shown.
    sticky
        Whether the tooltip follows the mouse.

    Returns
    -------
    folium.GeoJsonTooltip
        Styled by the ``cv-tooltip`` rules.
    """
    return folium.GeoJsonTooltip(
        fields=[f"t{n}" for n in range(len(fields))],
        aliases=list(aliases),
        labels=labels,
        class_name="cv-tooltip",
        sticky=sticky,
    )


def check_columns(frame: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    """Check that ``frame`` has ``columns``.

    Parameters
    ----------
    frame
        The layer.
    columns
        The columns a builder needs.
    what
        The builder's name, for the message.

    Raises
    ------
    KeyError
        Naming the missing columns and those the layer has.
    """
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        msg = f"{what}: columns {missing} are not in the layer (it has {list(frame.columns)})"
        raise KeyError(msg)


def layer_group(
    m: folium.Map | None, name: str, show: bool
) -> tuple[folium.Map, folium.FeatureGroup]:
    """The map (a new :func:`ui.offline.offline_map` when ``None``) and a new feature group.

    Parameters
    ----------
    m
        The map, or ``None``.
    name
        The group's name in the layer control (translated).
    show
        Whether the group is switched on at first.

    Returns
    -------
    (folium.Map, folium.FeatureGroup)
        The group is not on the map yet: add it once it is filled.
    """
    m = offline_map() if m is None else m
    group = folium.FeatureGroup(name=name, show=show)
    return m, group


def geojson(
    geoms: gpd.GeoSeries,
    properties: Mapping[str, Sequence[Any]],
    *,
    style: JsCode,
    tooltip_fields: Sequence[str] = (),
    tooltip_aliases: Sequence[str] = (),
    tooltip_labels: bool = True,
    simplify_m: float = 0.0,
    marker: folium.CircleMarker | None = None,
    interactive: bool = True,
    hover: tuple[Mapping[str, Any], Mapping[str, Any]] | None = None,
) -> folium.GeoJson:
    """One :class:`folium.GeoJson` of precomputed properties, styled by ``style``.

    Parameters
    ----------
    geoms, properties, simplify_m
        As for :func:`feature_collection`; ``properties`` holds the
        ``_fill``/``_line`` colours and the tooltip texts ``t0, t1, ...``.
    style
        From :func:`style_function` (it names the paths' ``className``).
    tooltip_fields, tooltip_aliases, tooltip_labels
        The tooltip (:func:`geojson_tooltip`); none when there are no
        fields or no features.
    marker
        How points are drawn (e.g. a :class:`folium.CircleMarker`).
    interactive
        ``False``: the shapes catch no mouse events.
    hover
        ``(over, out)``: path options set when the mouse enters a shape and
        when it leaves (a CSS ``:hover`` rule cannot reach a shape drawn on
        a canvas).

    Returns
    -------
    folium.GeoJson
        Not in the layer control; add it to a feature group.
    """
    data = feature_collection(geoms, properties, simplify_m=simplify_m)
    tooltip = (
        geojson_tooltip(tooltip_fields, tooltip_aliases, labels=tooltip_labels)
        if data["features"] and tooltip_fields
        else None
    )
    options: dict[str, Any] = {} if interactive else {"interactive": False}
    if hover is not None:
        over, out = (json.dumps(dict(h), separators=(",", ":")) for h in hover)
        options["on_each_feature"] = JsCode(
            "function(f,l){l.on('mouseover',function(){l.setStyle(" + over + ")});"
            "l.on('mouseout',function(){l.setStyle(" + out + ")});}"
        )
    return _GeoJson(
        GeoJsonData(data), control=False, marker=marker, tooltip=tooltip, **options, style=style
    )


class GeoJsonData(dict[str, Any]):
    """A FeatureCollection that writes its JSON text and bounds once.

    folium writes a layer's data as JSON at every render, and
    ``streamlit_folium.st_folium`` renders a map two or three times per
    rerun (the page, the map's script) and measures its bounds in pure
    Python: seconds per rerun for a few thousand cells. A map built once
    (:func:`ui.panels.show_map`) and rendered as copies sharing this object
    pays for both once. It must not change once rendered.
    """

    def __init__(self, data: Mapping[str, Any]) -> None:
        super().__init__(data)
        self.texts: dict[str, str] = {}
        self.bounds: list[list[float | None]] | None = None

    def text(self, **kwargs: Any) -> str:
        """``json.dumps(self, **kwargs)``, written once per ``kwargs``."""
        key = repr(sorted(kwargs.items()))
        found = self.texts.get(key)
        if found is None:
            found = self.texts[key] = json.dumps(dict(self), **kwargs)
        return found


def _dumps(obj: Any, **kwargs: Any) -> str:
    """JSON for folium's templates: a :class:`GeoJsonData`'s own text, else ``json.dumps``."""
    return obj.text(**kwargs) if isinstance(obj, GeoJsonData) else json.dumps(obj, **kwargs)


class _GeoJson(folium.GeoJson):
    """A :class:`folium.GeoJson` whose bounds are measured once per :class:`GeoJsonData`."""

    def _get_self_bounds(self) -> list[list[float | None]]:
        data = self.data
        if not isinstance(data, GeoJsonData):
            return list(super()._get_self_bounds())
        if data.bounds is None:
            data.bounds = list(super()._get_self_bounds())
        return data.bounds


# folium's templates share one Jinja environment: its ``tojson`` filter dumps through ``_dumps``
folium.GeoJson._template.environment.policies["json.dumps_function"] = _dumps


def add_geojson_layer(
    m: folium.Map | None,
    geoms: gpd.GeoSeries,
    properties: Mapping[str, Sequence[Any]],
    *,
    name: str,
    style: JsCode,
    tooltip_fields: Sequence[str] = (),
    tooltip_aliases: Sequence[str] = (),
    tooltip_labels: bool = True,
    simplify_m: float = 0.0,
    marker: folium.CircleMarker | None = None,
    legend_title: str | None = None,
    legend_rows: Sequence[tuple[str, str, str]] = (),
    show: bool = True,
    hover: tuple[Mapping[str, Any], Mapping[str, Any]] | None = None,
) -> tuple[folium.Map, folium.FeatureGroup]:
    """Add one named layer: a :func:`geojson` in a feature group, and its legend.

    Parameters
    ----------
    m
        The map, or ``None`` for a new :func:`ui.offline.offline_map`.
    geoms, properties, style, tooltip_fields, tooltip_aliases, tooltip_labels, simplify_m, marker
    hover
        As for :func:`geojson`.
    name, show
        The layer's name in the layer control (translated), and whether it
        is on at first.
    legend_title, legend_rows
        A :class:`Legend` of ``(colour, label, "box" | "dot")`` rows;
        ``None``: no legend.

    Returns
    -------
    (folium.Map, folium.FeatureGroup)
        The map and the layer's group (already on the map), to which a
        builder can still add labels.
    """
    m, group = layer_group(m, name, show)
    geojson(
        geoms,
        properties,
        style=style,
        tooltip_fields=tooltip_fields,
        tooltip_aliases=tooltip_aliases,
        tooltip_labels=tooltip_labels,
        simplify_m=simplify_m,
        marker=marker,
        hover=hover,
    ).add_to(group)
    group.add_to(m)
    if legend_title is not None:
        m.add_child(Legend(legend_title, legend_rows, layer=group))
    return m, group


# -- layers ----------------------------------------------------------------------


def add_cells(
    m: folium.Map | None,
    cells: gpd.GeoDataFrame,
    *,
    value: str,
    name: str,
    legend_title: str,
    tooltip_fields: Sequence[str],
    tooltip_aliases: Sequence[str],
    k: int = 5,
    scheme: Scheme = "fisher_jenks",
    breaks: Sequence[float] | None = None,
    palette: Sequence[str] | None = None,
    fill_opacity: float = 0.72,
    number_locale: NumberLocale = "es",
    show: bool = True,
) -> folium.Map:
    """Add aggregated cells as a choropleth with a class legend.

    Parameters
    ----------
    m
        The map, or ``None`` for a new :func:`ui.offline.offline_map`.
    cells
        Cells from :func:`geo.aggregate.aggregate_points` (any polygons with a
        numeric ``value`` column will do).
    value
        Column to colour by.
    name
        Layer name in the layer control (translated).
    legend_title
        Legend heading (translated).
    tooltip_fields, tooltip_aliases
        Columns shown when hovering a cell and their translated labels.
    k, scheme
        Number of classes and classification (see :func:`cell_classes`).
    breaks
        Precomputed class breaks (e.g. to show them beside the map);
        overrides ``k``/``scheme``.
    palette
        Colours light to dark; default ColorBrewer YlOrRd.
    number_locale
        ``"es"`` (``1.234``) or ``"en"`` (``1,234``) number formatting.

    Returns
    -------
    folium.Map
        The map, with one feature group (each path of class ``cv-cell``) and
        a :class:`Legend` whose ``rows`` hold the class colours and labels.
    """
    check_columns(cells, [value, *tooltip_fields], "add_cells")
    if len(tooltip_fields) != len(tooltip_aliases):
        msg = (
            f"add_cells: {len(tooltip_fields)} tooltip_fields but "
            f"{len(tooltip_aliases)} tooltip_aliases"
        )
        raise ValueError(msg)
    values = cells[value].to_numpy(dtype=float)
    b = (
        np.asarray(breaks, dtype=float)
        if breaks is not None
        else cell_classes(values, k, scheme=scheme)
    )
    colors = palette_for(len(b), palette)
    fills = [colors[c] for c in classify(values, b)] if len(b) else ["#cccccc"] * len(values)
    props: dict[str, Sequence[Any]] = {"_fill": fills}
    props.update(tooltip_props(cells, tooltip_fields, number_locale=number_locale))
    rows: list[tuple[str, str, str]] = []
    if len(b):
        finite = values[np.isfinite(values)]
        integers = bool(np.all(finite == np.round(finite)))
        labels = class_labels(
            b, lowest=float(finite.min()), integers=integers, number_locale=number_locale
        )
        rows = [(c, lab, "box") for c, lab in zip(colors, labels, strict=True)]
    m, _ = add_geojson_layer(
        m,
        cells.geometry,
        props,
        name=name,
        style=style_function(
            className="cv-cell", fillOpacity=fill_opacity, weight=0.4, color="#8a5a44", opacity=0.6
        ),
        tooltip_fields=tooltip_fields,
        tooltip_aliases=tooltip_aliases,
        legend_title=legend_title if len(b) else None,
        legend_rows=rows,
        show=show,
    )
    return m


def _time_values(points: pd.DataFrame, column: str) -> list[str]:
    """Each incident's time as its tooltip shows it: ``31/12/2025 22:15``; a date alone
    (``occurred_to`` at 23:59:59 of a day starting at midnight) as ``31/12/2025``; a range as
    ``31/12/2025 22:15–23:40`` (the end's date written when it is another day)."""
    texts = _text_values(points[column], number_locale="es")
    if column != "occurred_at" or "occurred_to" not in points.columns:
        return texts
    start = pd.to_datetime(points["occurred_at"])
    end = pd.to_datetime(points["occurred_to"])
    out = []
    for text, a, b in zip(texts, start, end, strict=True):
        if pd.isna(a) or pd.isna(b) or b <= a:
            out.append(text)
        elif a == a.normalize() and b == a.normalize() + schema.DAY_END:
            out.append(a.strftime("%d/%m/%Y"))
        elif b.normalize() == a.normalize():
            out.append(f"{text}–{b.strftime('%H:%M')}")
        else:
            out.append(f"{text} – {b.strftime('%d/%m/%Y %H:%M')}")
    return out


def add_points(
    m: folium.Map | None,
    points: gpd.GeoDataFrame,
    *,
    name: str,
    color_by: str = "category",
    labels: Mapping[str, str] | None = None,
    time_label: str | None = None,
    time_column: str = "occurred_at",
    label_title: str | None = None,
    legend_title: str | None = None,
    colors: Mapping[str, str] | None = None,
    max_points: int | None = None,
    radius: float = 4.0,
    show: bool = True,
) -> folium.Map:
    """Add individual incidents as small circles coloured by a column.

    Parameters
    ----------
    points
        Incidents (Point geometries).
    name
        Layer name (translated).
    color_by
        Column whose values pick the colour (default the category, coloured
        by :data:`CATEGORY_COLORS`; other columns use :data:`QUALITATIVE`).
    labels
        Translated text of each value of ``color_by`` (tooltip and legend).
    time_label
        Translated label of ``time_column`` in the tooltip; ``None`` leaves
        the time out.
    label_title
        Label of the ``color_by`` value in the tooltip (none by default: the
        category name speaks for itself).
    legend_title
        When given, a legend of the colours drawn.
    colors
        Colour per value, overriding the defaults.
    max_points
        Most points drawn; ``None`` uses ``geo.settings.max_points_drawn``.

    Raises
    ------
    ValueError
        When there are more than ``max_points`` points: draw
        :func:`add_cells` instead (the page checks first).
    """
    limit = settings.max_points_drawn if max_points is None else max_points
    if len(points) > limit:
        msg = (
            f"add_points: {len(points):,} points are more than the {limit:,} drawn one by one "
            "(settings.max_points_drawn); aggregate them with add_cells instead"
        )
        raise ValueError(msg)
    check_columns(points, [color_by], "add_points")
    keys = points[color_by].astype("string").fillna(MISSING_TEXT)
    present = list(dict.fromkeys(sorted(keys.unique().tolist(), key=_category_order)))
    palette = dict(CATEGORY_COLORS) if color_by == "category" else {}
    spare = iter(c for c in QUALITATIVE if c not in palette.values())
    for key in present:
        if key not in palette:
            palette[key] = next(spare, "#737373")
    palette.update(colors or {})
    shown = [(labels or {}).get(v, v) for v in keys.tolist()]
    fields: list[tuple[str, list[str]]] = [(label_title or "", shown)]
    if time_label is not None and time_column in points.columns:
        fields.append((time_label, _time_values(points, time_column)))
    props: dict[str, Sequence[Any]] = {"_fill": [palette[v] for v in keys.tolist()]}
    for n, (_, vals) in enumerate(fields):
        props[f"t{n}"] = vals
    m, _ = add_geojson_layer(
        m,
        points.geometry,
        props,
        name=name,
        style=style_function(
            className="cv-point", weight=1, color="#ffffff", fillOpacity=0.9, radius=radius
        ),
        tooltip_fields=[f"t{n}" for n in range(len(fields))],
        tooltip_aliases=[a for a, _ in fields],
        tooltip_labels=any(a for a, _ in fields),
        marker=folium.CircleMarker(radius=radius, fill=True),
        legend_title=legend_title if present else None,
        legend_rows=[(palette[v], (labels or {}).get(v, v), "dot") for v in present],
        show=show,
    )
    return m


def _category_order(code: str) -> tuple[int, str]:
    order = list(CATEGORY_COLORS)
    return (order.index(code), code) if code in order else (len(order), code)


def add_public_spaces(
    m: folium.Map | None,
    spaces: gpd.GeoDataFrame,
    *,
    name: str,
    status_labels: Mapping[str, str],
    legend_title: str | None = None,
    aliases: Mapping[str, str] | None = None,
    value_labels: Mapping[str, Mapping[str, str]] | None = None,
    number_locale: NumberLocale = "es",
    point_radius: float = 7.0,
    simplify_m: float = 1.0,
    show: bool = True,
    outline: str | None = None,
    outline_label: str | None = None,
) -> folium.Map:
    """Add parks and public spaces, coloured by activation status, with a legend.

    Parameters
    ----------
    spaces
        The ``public_spaces`` layer: polygons and/or points; the optional
        columns missing from it are left out of the tooltip.
    name
        Layer name (translated).
    status_labels
        Translated label of each status: ``active``, ``planned``,
        ``inactive`` and ``unknown`` (no status). Colours:
        :data:`STATUS_COLORS` (green, amber, red, grey).
    legend_title
        Heading of the status legend; ``None`` draws no legend.
    aliases
        Translated tooltip label per column among ``name``, ``kind``,
        ``condition``, ``lighting``, ``activation_status`` and
        ``activation_cost``; a column with no alias is not shown. ``None``
        shows those columns under their own names.
    value_labels
        Translated text of coded values per column, e.g.
        ``{"kind": {"park": "Parque"}, "lighting": {"none": "Sin luz"}}``
        (the status is always translated with ``status_labels``).
    number_locale
        Formatting of the activation cost, in Colombian pesos.
    outline
        A colour: draw every space as an unfilled outline of that colour
        (points as white dots ringed with it) instead of filling it by
        status, so the spaces never compete with an analysis layer's
        colours (hot and cold classes); the legend then has one row,
        ``outline_label`` (the status stays in the tooltip).
    outline_label
        The legend row of the outlines (translated); ``None`` uses ``name``.

    Returns
    -------
    folium.Map
        The map with one feature group whose paths have class ``cv-space``.
    """
    check_columns(spaces, ["name"], "add_public_spaces")
    wanted = ("name", "kind", "condition", "lighting", "activation_status", "activation_cost")
    names = dict(aliases) if aliases is not None else {c: c for c in wanted}
    fields = [c for c in wanted if c in spaces.columns and c in names]
    status = (
        spaces["activation_status"].astype("string").fillna("unknown")
        if "activation_status" in spaces.columns
        else pd.Series("unknown", index=spaces.index, dtype="string")
    )
    status = status.where(status.isin(list(STATUS_COLORS)), "unknown")
    frame = spaces.assign(activation_status=status)
    labels = {**(value_labels or {}), "activation_status": dict(status_labels)}
    props: dict[str, Sequence[Any]] = {
        "_fill": [STATUS_COLORS[s] for s in status.tolist()],
    }
    props.update(
        tooltip_props(
            frame,
            fields,
            number_locale=number_locale,
            value_labels=labels,
            money=("activation_cost",),
        )
    )
    if outline is None:
        style = JsCode(
            "function(f){var c=f.properties._fill,pt=f.geometry.type==='Point';"
            "return {className:'cv-space',fillColor:c,color:pt?'#ffffff':c,weight:pt?1.5:2,"
            "fillOpacity:pt?0.95:0.55,opacity:1};}"
        )
        present = [s for s in STATUS_COLORS if (status == s).any()]
        rows = [(STATUS_COLORS[s], status_labels.get(s, s), "dot") for s in present]
    else:
        ring = json.dumps(outline)
        style = JsCode(
            "function(f){var pt=f.geometry.type==='Point';"
            f"return {{className:'cv-space',color:{ring},weight:pt?2:2.5,fill:pt,"
            "fillColor:'#ffffff',fillOpacity:pt?0.95:0,opacity:1};}"
        )
        rows = [(outline, outline_label or name, "outline")]
    m, _ = add_geojson_layer(
        m,
        spaces.geometry,
        props,
        name=name,
        style=style,
        tooltip_fields=fields,
        tooltip_aliases=[names[c] for c in fields],
        simplify_m=simplify_m,
        marker=folium.CircleMarker(radius=point_radius, fill=True),
        legend_title=legend_title,
        legend_rows=rows,
        show=show,
    )
    return m


def add_neighborhoods(
    m: folium.Map | None,
    hoods: gpd.GeoDataFrame,
    *,
    name: str,
    fields: Sequence[str] = ("name", "comuna", "population"),
    aliases: Sequence[str] | None = None,
    color: str = "#4d4d4d",
    number_locale: NumberLocale = "es",
    simplify_m: float = 2.0,
    show: bool = True,
) -> folium.Map:
    """Add neighbourhood outlines (thin, an almost clear fill that darkens on hover).

    Parameters
    ----------
    hoods
        The ``neighborhoods`` layer.
    name
        Layer name (translated).
    fields, aliases
        Tooltip columns (those missing from ``hoods`` are skipped) and
        their translated labels, in the same order.

    Returns
    -------
    folium.Map
        The map with one feature group whose paths have class ``cv-hood``.
    """
    labels = list(aliases) if aliases is not None else list(fields)
    if len(labels) != len(fields):
        msg = f"add_neighborhoods: {len(fields)} fields but {len(labels)} aliases"
        raise ValueError(msg)
    pairs = [(f, a) for f, a in zip(fields, labels, strict=True) if f in hoods.columns]
    shown = [f for f, _ in pairs]
    m, _ = add_geojson_layer(
        m,
        hoods.geometry,
        tooltip_props(hoods, shown, number_locale=number_locale),
        name=name,
        style=style_function(
            className="cv-hood",
            color=color,
            weight=1,
            opacity=0.8,
            fillColor=color,
            fillOpacity=0.03,
        ),
        hover=({"fillOpacity": 0.15}, {"fillOpacity": 0.03}),
        tooltip_fields=shown,
        tooltip_aliases=[a for _, a in pairs],
        simplify_m=simplify_m,
        show=show,
    )
    return m


def add_territories(
    m: folium.Map | None,
    territories: gpd.GeoDataFrame,
    *,
    name: str,
    fields: Sequence[str] = ("team", "gestores"),
    aliases: Sequence[str] | None = None,
    label_column: str = "team",
    colors: Mapping[str, str] | None = None,
    number_locale: NumberLocale = "es",
    simplify_m: float = 2.0,
    show: bool = True,
) -> folium.Map:
    """Add the gestores teams' territories: thick dashed outlines and team labels.

    Each team gets a colour of :data:`QUALITATIVE` (in sorted team order,
    so a team keeps its colour between runs) unless ``colors`` names one;
    its name is written at a point inside each of its territories (a
    ``folium.DivIcon``, which needs no image or CDN).

    Returns
    -------
    folium.Map
        The map with one feature group: outlines of class ``cv-territory``
        (no fill, so the layers below keep their tooltips) and labels of
        class ``cv-label``.
    """
    check_columns(territories, [label_column], "add_territories")
    labels = list(aliases) if aliases is not None else list(fields)
    if len(labels) != len(fields):
        msg = f"add_territories: {len(fields)} fields but {len(labels)} aliases"
        raise ValueError(msg)
    pairs = [(f, a) for f, a in zip(fields, labels, strict=True) if f in territories.columns]
    teams = territories[label_column].astype("string").fillna(MISSING_TEXT)
    team_colors = {
        t: QUALITATIVE[n % len(QUALITATIVE)] for n, t in enumerate(sorted(teams.unique()))
    }
    team_colors.update(colors or {})
    props: dict[str, Sequence[Any]] = {"_line": [team_colors[t] for t in teams.tolist()]}
    shown = [f for f, _ in pairs]
    props.update(tooltip_props(territories, shown, number_locale=number_locale))
    m, group = add_geojson_layer(
        m,
        territories.geometry,
        props,
        name=name,
        style=style_function(
            className="cv-territory", weight=3.5, opacity=0.95, dashArray="9 6", fill=False
        ),
        tooltip_fields=shown,
        tooltip_aliases=[a for _, a in pairs],
        simplify_m=simplify_m,
        show=show,
    )
    add_labels(
        group,
        territories.geometry,
        teams.tolist(),
        [team_colors[team] for team in teams.tolist()],
    )
    return m


def add_labels(
    group: folium.FeatureGroup,
    geoms: gpd.GeoSeries,
    texts: Sequence[object],
    colors: Sequence[str],
) -> None:
    """Write a text at a point inside each geometry (a ``folium.DivIcon``: no image, no CDN).

    Parameters
    ----------
    group
        The layer the labels belong to.
    geoms
        The geometries, in any CRS; missing or empty ones get no label.
    texts, colors
        The text of each label (escaped here) and its colour, in the order
        of ``geoms``.
    """
    anchors = shapely.point_on_surface(geoms.to_crs(STORAGE_CRS).to_numpy())
    for text, color, anchor in zip(texts, colors, anchors, strict=True):
        if anchor is None or anchor.is_empty:
            continue
        icon = folium.DivIcon(
            html=f'<div class="cv-label" style="color:{color}">{html.escape(str(text))}</div>',
            icon_size=(0, 0),
            class_name="cv-label-icon",
        )
        folium.Marker(
            location=[round(anchor.y, COORD_DECIMALS), round(anchor.x, COORD_DECIMALS)],
            icon=icon,
            interactive=False,
            keyboard=False,
        ).add_to(group)


#: Below this window width (CSS pixels: phones, tablets upright) the layer control
#: starts collapsed.
NARROW_SCREEN_PX = 768

#: The width of the browser window the map is in: the map's iframe is the same
#: origin as the app, so the top window is readable; else the iframe's own width.
_WINDOW_WIDTH_JS = (
    "(function(){try{return window.top.innerWidth;}catch(e){return window.innerWidth;}})()"
)


def layer_control(
    *, collapsed: bool | None = None, narrow_px: int = NARROW_SCREEN_PX
) -> folium.LayerControl:
    """The layer control (switch each feature group on and off), not yet on a map.

    Parameters
    ----------
    collapsed
        ``True`` or ``False`` fixes it; ``None`` (the default) decides in the
        browser: collapsed to an icon when the browser window is narrower than
        ``narrow_px`` (a phone, a tablet upright), open otherwise.
    narrow_px
        The window width, in CSS pixels, below which ``None`` collapses it.
    """
    state: bool | JsCode = (
        JsCode(f"{_WINDOW_WIDTH_JS} < {int(narrow_px)}") if collapsed is None else collapsed
    )
    control = folium.LayerControl()
    # a flag or browser-side code: folium renders its options through tojavascript, which
    # writes a JsCode as code, though its type hints only name JSON values
    cast("dict[str, Any]", control.options)["collapsed"] = state
    return control


def add_layer_control(
    m: folium.Map, *, collapsed: bool | None = None, narrow_px: int = NARROW_SCREEN_PX
) -> folium.Map:
    """Add the :func:`layer_control` to ``m``; call it last."""
    layer_control(collapsed=collapsed, narrow_px=narrow_px).add_to(m)
    return m


def fit_to(
    m: folium.Map, gdf: gpd.GeoDataFrame | gpd.GeoSeries, *, padding: int = 12
) -> folium.Map:
    """Frame the map on the extent of ``gdf`` (any CRS; nothing happens when it is empty)."""
    geoms = gdf.geometry if isinstance(gdf, gpd.GeoDataFrame) else gdf
    if geoms.crs is not None:
        geoms = geoms.to_crs(STORAGE_CRS)
    arr = geoms.to_numpy()
    arr = arr[~(shapely.is_missing(arr) | shapely.is_empty(arr))]
    if len(arr) == 0:
        return m
    x0, y0, x1, y1 = (float(v) for v in shapely.total_bounds(arr))
    if not all(math.isfinite(v) for v in (x0, y0, x1, y1)):
        return m
    m.fit_bounds([[y0, x0], [y1, x1]], padding=(padding, padding))
    return m


def add_synthetic_banner(m: folium.Map, text: str, *, position: str = "bottomleft") -> folium.Map:
    """Say on the map itself that its data are synthetic (only when the page asks)."""
    m.add_child(Banner(text, position=position))
    return m


def standalone_html(m: folium.Map) -> str:
    """The map as a whole HTML page (``folium``'s own rendering), e.g. to save or test."""
    return str(m.get_root().render())


__all__ = [
    "CATEGORY_COLORS",
    "COORD_DECIMALS",
    "QUALITATIVE",
    "STATUS_COLORS",
    "YLORRD",
    "Banner",
    "Legend",
    "add_cells",
    "add_geojson_layer",
    "add_labels",
    "add_layer_control",
    "add_neighborhoods",
    "add_points",
    "add_public_spaces",
    "add_synthetic_banner",
    "add_territories",
    "cell_classes",
    "check_columns",
    "class_labels",
    "classify",
    "feature_collection",
    "fisher_jenks_breaks",
    "fit_to",
    "format_cop",
    "geojson",
    "geojson_tooltip",
    "layer_control",
    "layer_group",
    "legend_html",
    "palette_for",
    "style_function",
    "tooltip_props",
]
