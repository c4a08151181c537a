"""folium layers of the hot-spot methods, drawn with no internet.

Each builder works like those of :mod:`ui.maps` (and reuses its pieces): it
takes a map (or ``None`` for a new :func:`ui.offline.offline_map`), adds
ONE named :class:`folium.FeatureGroup` and, where it says so, a
:class:`ui.maps.Legend`, and returns the map. Every text is passed in
already translated; this module never picks a language.

* :func:`add_gi_bins` — Getis-Ord Gi* confidence bins in ArcGIS's colours
  (three reds, three blues, grey for not significant);
* :func:`add_lisa` — LISA labels in GeoDa's colours (High-High red,
  Low-Low blue, High-Low pink, Low-High light blue, not significant grey);
* :func:`add_emerging` — the 17 emerging hot spot patterns;
* :func:`add_density` — a kernel density surface as a
  :class:`folium.raster_layers.ImageOverlay` of a PNG rendered in memory
  with matplotlib (no plugin script), resampled onto Web Mercator so it
  lies exactly where Leaflet draws it, with a legend of its scale;
* :func:`add_cluster_hulls` — density-based clusters as hulls;
* :func:`add_top_hotspots` — outlines of the top hot spots with their rank.

What keeps the page small: the cells that are not significant (or show no
pattern) are dissolved into one grey shape with no tooltip, and above
``max_features`` significant cells the rest are dissolved by class too
(the legend stays; only the per-cell tooltips go).
"""

from __future__ import annotations

import base64
import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NotRequired, TypedDict, Unpack

import folium
import geopandas as gpd
import matplotlib as mpl
import matplotlib.image
import numpy as np
import shapely
from folium.raster_layers import ImageOverlay
from pyproj import Transformer

from catalog.models import UNIT_NAMES
from catalog.say import number
from geo.crs import STORAGE_CRS
from models.density import DensitySurface
from ui import maps
from ui.maps import Legend, NumberLocale

#: ArcGIS's Hot Spot Analysis colours by confidence bin; grey for not significant.
GI_COLORS: dict[int, str] = {
    3: "#d62f27",
    2: "#ed7551",
    1: "#fab984",
    0: "#bdbdbd",
    -1: "#c0ccbe",
    -2: "#849eba",
    -3: "#4575b5",
}
#: GeoDa's LISA cluster map colours.
LISA_COLORS: dict[str, str] = {
    "High-High": "#e31a1c",
    "Low-Low": "#1f4fd8",
    "High-Low": "#f4a6a6",
    "Low-High": "#a6bdf4",
    "Not significant": "#bdbdbd",
    "No data": "#ffffff",
}
#: Colours of the 17 emerging patterns: hot in reds/oranges/magentas, cold in blues/greens.
EMERGING_COLORS: dict[str, str] = {
    "new_hot": "#67000d",
    "consecutive_hot": "#a50f15",
    "intensifying_hot": "#e31a1c",
    "persistent_hot": "#fb6a4a",
    "diminishing_hot": "#fdae6b",
    "sporadic_hot": "#c51b8a",
    "oscillating_hot": "#f768a1",
    "historical_hot": "#bf812d",
    "new_cold": "#08306b",
    "consecutive_cold": "#08519c",
    "intensifying_cold": "#2171b5",
    "persistent_cold": "#6baed6",
    "diminishing_cold": "#c6dbef",
    "sporadic_cold": "#238b45",
    "oscillating_cold": "#74c476",
    "historical_cold": "#35978f",
    "no_pattern": "#bdbdbd",
}
#: Gi* bins drawn as one shape per bin (a cold cell's own z and p are not what a planner reads).
GI_MERGED: tuple[int, ...] = (-1, -2, -3)
#: Emerging patterns drawn as one shape per pattern: the cold ones, as for Gi*.
EMERGING_MERGED: tuple[str, ...] = tuple(c for c in EMERGING_COLORS if c.endswith("_cold"))
#: Colour of the density-based cluster hulls.
CLUSTER_COLOR = "#d94801"
#: Colour of the top hot spots' outlines and rank labels.
TOP_COLOR = "#111111"
#: Outline of public spaces over an analysis layer: violet, a hue no class uses.
SPACE_OUTLINE_COLOR = "#6a3d9a"
#: Matplotlib colour map of the density surface.
DENSITY_CMAP = "YlOrRd"
#: Above this many significant cells drawn apart, all are dissolved by class (no per-cell tooltip).
MAX_FEATURES = 6000
#: Densities below this share of the colour scale's top are transparent.
DENSITY_FLOOR = 0.02


def _code_text(value: object) -> str:
    return str(int(value)) if isinstance(value, int | np.integer) else str(value)


@dataclass(frozen=True)
class _Classes:
    """How one method's classes are drawn: column, colours, background and path class."""

    column: str
    colors: Mapping[Any, str]
    background: Any
    class_name: str
    fill_opacity: float


_GI = _Classes("gi_bin", GI_COLORS, 0, "cv-gi", 0.72)
_LISA = _Classes("lisa_label", LISA_COLORS, "Not significant", "cv-lisa", 0.75)
_EMERGING = _Classes("category", EMERGING_COLORS, "no_pattern", "cv-emerging", 0.78)


class ClassStyle(TypedDict):
    """How a layer of classes is drawn: its name, words, tooltip and limits.

    ``name`` (the layer control's), ``labels`` (the text of each class code),
    ``legend_title``; optionally ``tooltip_fields`` and ``tooltip_aliases``
    (columns shown when hovering a feature drawn apart, and their labels),
    ``number_locale``, ``max_features`` (above it every class is merged),
    ``show`` and ``merged`` (classes drawn as one shape each, whose tooltip
    names the class).
    """

    name: str
    labels: Mapping[Any, str]
    legend_title: str
    tooltip_fields: NotRequired[Sequence[str]]
    tooltip_aliases: NotRequired[Sequence[str]]
    number_locale: NotRequired[NumberLocale]
    max_features: NotRequired[int]
    show: NotRequired[bool]
    merged: NotRequired[Sequence[Any]]


def _classes(
    m: folium.Map | None,
    frame: gpd.GeoDataFrame,
    kind: _Classes,
    legend_codes: Sequence[Any],
    **style: Unpack[ClassStyle],
) -> folium.Map:
    """Features coloured by a class column; the background class dissolved, without tooltip.

    The features of the ``merged`` classes (all of them, above ``max_features``
    features drawn one by one) are dissolved into one shape per class whose
    tooltip names the class.
    """
    name, labels, legend_title = style["name"], style["labels"], style["legend_title"]
    tooltip_fields = style.get("tooltip_fields", ())
    tooltip_aliases = style.get("tooltip_aliases", ())
    number_locale = style.get("number_locale", "es")
    merged = style.get("merged", ())
    column, colors = kind.column, kind.colors
    maps.check_columns(frame, [column, *tooltip_fields], kind.class_name)
    if len(tooltip_fields) != len(tooltip_aliases):
        msg = (
            f"{kind.class_name}: {len(tooltip_fields)} tooltip_fields but "
            f"{len(tooltip_aliases)} aliases"
        )
        raise ValueError(msg)
    m, group = maps.layer_group(m, name, style.get("show", True))
    codes = frame[column].to_numpy()
    where = codes == kind.background
    if where.any():
        dissolved = gpd.GeoSeries(
            [shapely.union_all(frame.geometry.to_numpy()[where])], crs=frame.crs
        )
        maps.geojson(
            dissolved,
            {"_fill": [colors[kind.background]]},
            style=maps.style_function(
                className=f"{kind.class_name} cv-background", fillOpacity=0.18, weight=0, opacity=0
            ),
            simplify_m=2.0,
            interactive=False,
        ).add_to(group)
    front = frame.loc[~where]
    front_codes = front[column].to_numpy()
    together = np.isin(front_codes, list(merged)) if merged else np.zeros(len(front), dtype=bool)
    if int((~together).sum()) > style.get("max_features", MAX_FEATURES):
        together[:] = True
    paint = maps.style_function(
        className=kind.class_name,
        fillOpacity=kind.fill_opacity,
        weight=0.4,
        color="#ffffff",
        opacity=0.7,
    )
    if together.any():
        joined = front_codes[together]
        present = [c for c in colors if (joined == c).any()]
        shapes = front.geometry.to_numpy()[together]
        maps.geojson(
            gpd.GeoSeries([shapely.union_all(shapes[joined == c]) for c in present], crs=frame.crs),
            {
                "_fill": [colors[c] for c in present],
                "t0": [labels.get(c, _code_text(c)) for c in present],
            },
            style=paint,
            tooltip_fields=["class"],
            tooltip_aliases=[legend_title or name],
        ).add_to(group)
    apart = front.loc[~together]
    if len(apart) or not together.any():
        props: dict[str, Sequence[Any]] = {"_fill": [colors[c] for c in apart[column].tolist()]}
        props.update(maps.tooltip_props(apart, tooltip_fields, number_locale=number_locale))
        maps.geojson(
            apart.geometry,
            props,
            style=paint,
            tooltip_fields=list(tooltip_fields),
            tooltip_aliases=list(tooltip_aliases),
        ).add_to(group)
    group.add_to(m)
    if legend_codes:
        rows = [(colors[c], labels.get(c, _code_text(c)), "box") for c in legend_codes]
        m.add_child(Legend(legend_title, rows, layer=group))
    return m


def add_gi_bins(
    m: folium.Map | None,
    cells: gpd.GeoDataFrame,
    **style: Unpack[ClassStyle],
) -> folium.Map:
    """Add Gi* cells coloured by confidence bin, with the seven-row legend.

    Parameters
    ----------
    cells
        Cells with a ``gi_bin`` column (-3..3), e.g. ``HotspotResult.frame``.
    labels
        Translated text of each bin (3: "Hot spot, 99 % confidence", ...).
    tooltip_fields, tooltip_aliases
        Columns shown when hovering a significant cell, and their labels.
    merged
        Classes drawn as one shape each, with the class as tooltip (see
        :func:`_classes`).

    Returns
    -------
    folium.Map
        The map with one feature group (paths of class ``cv-gi``).
    """
    frame = cells.assign(gi_bin=cells["gi_bin"].astype("int64"))
    return _classes(
        m,
        frame,
        _GI,
        [3, 2, 1, 0, -1, -2, -3],
        **style,
    )


def add_lisa(
    m: folium.Map | None,
    features: gpd.GeoDataFrame,
    **style: Unpack[ClassStyle],
) -> folium.Map:
    """Add LISA cells or neighbourhoods coloured by their label (``lisa_label``), with a legend.

    Parameters
    ----------
    features
        Cells or neighbourhoods with a ``lisa_label`` column.
    labels
        Translated text of ``High-High``, ``Low-Low``, ``High-Low``,
        ``Low-High``, ``Not significant`` and ``No data``.

    Returns
    -------
    folium.Map
        The map with one feature group (paths of class ``cv-lisa``).
    """
    codes = features["lisa_label"].astype(str)
    present = set(codes.unique())
    order = ["High-High", "High-Low", "Low-High", "Low-Low", "Not significant", "No data"]
    legend = [c for c in order if c in present or c in order[:5]]
    return _classes(
        m,
        features.assign(lisa_label=codes),
        _LISA,
        legend,
        **style,
    )


def add_emerging(
    m: folium.Map | None,
    cells: gpd.GeoDataFrame,
    **style: Unpack[ClassStyle],
) -> folium.Map:
    """Add emerging hot spot cells coloured by pattern (``category``); the legend lists those present.

    Parameters
    ----------
    cells
        Cells with a ``category`` column holding the 17 pattern codes.
    labels
        Translated name of each pattern code.
    merged
        Classes drawn as one shape each, with the class as tooltip (see
        :func:`_classes`).

    Returns
    -------
    folium.Map
        The map with one feature group (paths of class ``cv-emerging``).
    """
    codes = cells["category"].astype(str)
    present = [c for c in EMERGING_COLORS if (codes == c).any()]
    return _classes(
        m,
        cells.assign(category=codes),
        _EMERGING,
        present,
        **style,
    )


# -- density surface -------------------------------------------------------------


def mercator_image(
    surface: DensitySurface, *, max_pixels: int = 1_000_000
) -> tuple[np.ndarray, list[list[float]]]:
    """Resample a density raster onto Web Mercator pixels for an image overlay.

    Leaflet stretches an image overlay linearly in Web Mercator between its
    corner latitudes and longitudes, so the raster (in the workspace's
    projected CRS) is sampled, nearest pixel, at the centres of a regular
    Web Mercator grid covering it.

    Returns
    -------
    (values, bounds)
        ``values`` has row 0 **north** (NaN outside the surface);
        ``bounds`` is ``[[lat_min, lon_min], [lat_max, lon_max]]``.
    """
    r = surface.raster
    to_merc = Transformer.from_crs(surface.crs, "EPSG:3857", always_xy=True)
    from_merc = Transformer.from_crs("EPSG:3857", surface.crs, always_xy=True)
    to_geo = Transformer.from_crs("EPSG:3857", STORAGE_CRS, always_xy=True)
    xmin, ymin, xmax, ymax = r.bounds
    edge = np.linspace(0.0, 1.0, 33)
    ex = np.concatenate(
        [
            xmin + edge * (xmax - xmin),
            np.full(33, xmax),
            xmin + edge * (xmax - xmin),
            np.full(33, xmin),
        ]
    )
    ey = np.concatenate(
        [
            np.full(33, ymin),
            ymin + edge * (ymax - ymin),
            np.full(33, ymax),
            ymin + edge * (ymax - ymin),
        ]
    )
    mx, my = to_merc.transform(ex, ey)
    mx0, mx1, my0, my1 = float(np.min(mx)), float(np.max(mx)), float(np.min(my)), float(np.max(my))
    scale = min(1.0, math.sqrt(max_pixels / max(r.nx * r.ny, 1)))
    nx = max(2, int(round(r.nx * scale)))
    ny = max(2, int(round(nx * (my1 - my0) / (mx1 - mx0))))
    cx = mx0 + (np.arange(nx) + 0.5) * (mx1 - mx0) / nx
    cy = my1 - (np.arange(ny) + 0.5) * (my1 - my0) / ny  # row 0 north
    gx, gy = np.meshgrid(cx, cy)
    px, py = from_merc.transform(gx.ravel(), gy.ravel())
    col = np.floor((np.asarray(px) - r.x0) / r.resolution).astype(np.int64)
    row = np.floor((np.asarray(py) - r.y0) / r.resolution).astype(np.int64)
    ok = (col >= 0) & (col < r.nx) & (row >= 0) & (row < r.ny)
    out = np.full(col.size, np.nan)
    out[ok] = surface.values[row[ok], col[ok]]
    lon0, lat0 = to_geo.transform(mx0, my0)
    lon1, lat1 = to_geo.transform(mx1, my1)
    return out.reshape(ny, nx), [[float(lat0), float(lon0)], [float(lat1), float(lon1)]]


def density_png(values: np.ndarray, vmax: float, *, cmap: str = DENSITY_CMAP) -> bytes:
    """A PNG (bytes) of ``values`` (row 0 north): transparent where NaN or near zero.

    Colours run along ``cmap`` from 0 to ``vmax``; opacity rises with the
    value from 0.35 to 0.85, and values below :data:`DENSITY_FLOOR` of
    ``vmax`` are transparent so the boundaries beneath stay visible.
    """
    frac = (
        np.clip(np.nan_to_num(values, nan=0.0) / vmax, 0.0, 1.0)
        if vmax > 0
        else np.zeros_like(values)
    )
    rgba = mpl.colormaps[cmap](frac)
    alpha = np.where(frac >= DENSITY_FLOOR, 0.35 + 0.5 * frac, 0.0)
    alpha[~np.isfinite(values)] = 0.0
    rgba[..., 3] = alpha
    buf = io.BytesIO()
    matplotlib.image.imsave(buf, rgba, format="png")
    return buf.getvalue()


def density_scale(surface: DensitySurface) -> float:
    """Top of the colour scale: the 99.5th percentile of the positive densities."""
    v = surface.values[np.isfinite(surface.values) & (surface.values > 0)]
    return float(np.quantile(v, 0.995)) if v.size else 0.0


def add_density(
    m: folium.Map | None,
    surface: DensitySurface,
    *,
    name: str,
    legend_title: str | None = None,
    areas: gpd.GeoDataFrame | None = None,
    area_tooltip_fields: Sequence[str] = (),
    area_tooltip_aliases: Sequence[str] = (),
    steps: int = 5,
    number_locale: NumberLocale = "es",
    show: bool = True,
) -> folium.Map:
    """Add a kernel density surface as an image overlay, with a legend of its scale.

    Parameters
    ----------
    surface
        The density raster (:class:`models.density.DensitySurface`).
    legend_title
        Heading with the unit (translated), e.g. "Incidents per km² over
        the period"; ``None``: the surface's own unit
        (``DensitySurface.measure``) in the language of ``number_locale``,
        so that a harm surface per resident never reads "incidents".
    areas
        Optional outlines to draw on top (e.g. the densest 5 %), with
        their tooltip fields and labels.
    steps
        Rows of the legend.

    Returns
    -------
    folium.Map
        The map with one feature group holding the image (class
        ``cv-density``) and the outlines (paths of class ``cv-density-area``).
    """
    m, group = maps.layer_group(m, name, show)
    vmax = density_scale(surface)
    values, bounds = mercator_image(surface)
    png = density_png(values, vmax)
    url = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    ImageOverlay(
        url,
        bounds=bounds,
        pixelated=False,
        interactive=False,
        class_name="cv-density",
        control=False,
    ).add_to(group)
    if areas is not None and len(areas):
        maps.geojson(
            areas.geometry,
            maps.tooltip_props(areas, area_tooltip_fields, number_locale=number_locale),
            style=maps.style_function(
                className="cv-density-area",
                color="#7f0000",
                weight=1.5,
                dashArray="4 3",
                fillOpacity=0.0,
                opacity=0.9,
            ),
            tooltip_fields=area_tooltip_fields,
            tooltip_aliases=area_tooltip_aliases,
            simplify_m=2.0,
        ).add_to(group)
    group.add_to(m)
    if vmax > 0:
        cmap = mpl.colormaps[DENSITY_CMAP]
        edges = np.linspace(0.0, vmax, steps + 1)
        decimals = 0 if vmax >= 100 else (1 if vmax >= 1 else 3)
        rows = []
        for k in range(steps):
            color = mpl.colors.to_hex(cmap((k + 0.5) / steps))
            lo = number(edges[k], number_locale, decimals)
            hi = number(edges[k + 1], number_locale, decimals)
            text = f"{lo} – {hi}" if k < steps - 1 else f"≥ {lo}"
            rows.append((color, text, "box"))
        if legend_title is None:
            words = UNIT_NAMES[surface.measure][number_locale]
            legend_title = words[:1].upper() + words[1:]
        m.add_child(Legend(legend_title, rows, layer=group))
    return m


# -- clusters and the top hot spots ------------------------------------------------


def add_cluster_hulls(
    m: folium.Map | None,
    clusters: gpd.GeoDataFrame,
    *,
    name: str,
    legend_title: str,
    legend_label: str,
    tooltip_fields: Sequence[str],
    tooltip_aliases: Sequence[str],
    number_locale: NumberLocale = "es",
    show: bool = True,
) -> folium.Map:
    """Add density-based clusters as filled hulls, with a one-row legend.

    The page passes display columns for the tooltip (size, harm, dominant
    categories, time span, nearest public space), already translated.

    Returns
    -------
    folium.Map
        The map with one feature group (paths of class ``cv-cluster``).
    """
    maps.check_columns(clusters, list(tooltip_fields), "add_cluster_hulls")
    m, _ = maps.add_geojson_layer(
        m,
        clusters.geometry,
        maps.tooltip_props(clusters, tooltip_fields, number_locale=number_locale),
        name=name,
        style=maps.style_function(
            className="cv-cluster",
            color=CLUSTER_COLOR,
            fillColor=CLUSTER_COLOR,
            weight=2,
            fillOpacity=0.35,
            opacity=0.95,
        ),
        tooltip_fields=tooltip_fields,
        tooltip_aliases=tooltip_aliases,
        simplify_m=1.0,
        legend_title=legend_title,
        legend_rows=[(CLUSTER_COLOR, legend_label, "box")],
        show=show,
    )
    return m


def add_top_hotspots(
    m: folium.Map | None,
    top: gpd.GeoDataFrame,
    *,
    name: str,
    tooltip_fields: Sequence[str] = (),
    tooltip_aliases: Sequence[str] = (),
    number_locale: NumberLocale = "es",
    show: bool = True,
) -> folium.Map:
    """Outline the top hot spots (:func:`models.hotspots.top_hotspots`) and write their rank.

    Returns
    -------
    folium.Map
        The map with one feature group: outlines of class ``cv-top`` and
        labels (``cv-label``) with the rank, so the map matches the table.
    """
    maps.check_columns(top, ["rank", *tooltip_fields], "add_top_hotspots")
    m, group = maps.add_geojson_layer(
        m,
        top.geometry,
        maps.tooltip_props(top, tooltip_fields, number_locale=number_locale),
        name=name,
        style=maps.style_function(
            className="cv-top", color=TOP_COLOR, weight=2.2, fill=False, opacity=0.9
        ),
        tooltip_fields=tooltip_fields,
        tooltip_aliases=tooltip_aliases,
        simplify_m=2.0,
        show=show,
    )
    ranks = top["rank"].tolist()
    maps.add_labels(group, top.geometry, ranks, [TOP_COLOR] * len(ranks))
    return m


__all__ = [
    "CLUSTER_COLOR",
    "EMERGING_COLORS",
    "GI_COLORS",
    "LISA_COLORS",
    "SPACE_OUTLINE_COLOR",
    "add_cluster_hulls",
    "add_density",
    "add_emerging",
    "add_gi_bins",
    "add_lisa",
    "add_top_hotspots",
    "density_png",
    "density_scale",
    "mercator_image",
]
