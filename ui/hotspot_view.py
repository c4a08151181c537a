"""The Hot spots page's result: the map, the figures beside it, the top table, the downloads.

The page runs the analysis (:func:`ui.cache.hotspot_analysis`) and hands the
result to these functions, which only draw: the method's own layer over
neighbourhoods, territories and public spaces (with the builders of
:mod:`ui.hotspot_layers`), its headline figures, the top hot spots with the
sentence that describes each, and the download buttons.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import streamlit as st

from catalog.say import number
from geo import schema
from models.hotspots import Filters, HotspotResult, HotspotSpec, Method, area_text
from ui import context_layers, maps
from ui import hotspot_layers as hl
from ui.cache import hotspot_file_bytes
from ui.figures import Figure, show_figures
from ui.hotspot_downloads import LISA_KEYS, category_shares, download_buttons
from ui.i18n import t
from ui.offline import offline_map
from ui.panels import Overlay, show_map
from ui.tables import show_table

#: What identifies one analysis: workspace path and hash, the filters and the spec.
AnalysisKey = tuple[str, str, Filters, HotspotSpec]


def _p_text(p: float, lang: str) -> str:
    if not np.isfinite(p):
        return "–"
    return "< " + number(0.001, lang, 3) if p < 0.001 else number(p, lang, 3)


# -- the map ---------------------------------------------------------------------


def _gi_layer(m: folium.Map, result: HotspotResult, lang: str) -> None:
    frame = result.frame
    shown = frame.assign(
        _z=[number(z, lang, 2) for z in frame["gi_z"]],
        _p=[_p_text(p, lang) for p in frame["gi_p"]],
    )
    hl.add_gi_bins(
        m,
        shown,
        name=t("hotspots.layer.gi"),
        labels={b: t(f"hotspots.bin.{b}".replace("-", "m")) for b in range(-3, 4)},
        legend_title=t("hotspots.legend.gi"),
        tooltip_fields=["value", "_z", "_p"],
        tooltip_aliases=[_value_alias(result), t("hotspots.tip.z"), t("hotspots.tip.p")],
        number_locale=maps.number_locale(lang),
        merged=hl.GI_MERGED,
    )


def _lisa_layer(m: folium.Map, result: HotspotResult, lang: str) -> None:
    frame = result.frame
    labels = {code: t(key) for code, key in LISA_KEYS.items()}
    base = frame.assign(
        _label=frame["lisa_label"].map(labels),
        _p=[_p_text(p, lang) for p in frame["lisa_p"]],
    )
    if result.units == "neighborhoods":
        fields = ["name", "incidents", "rate_100k", "_label", "_p"]
        aliases = [
            t("field.name"),
            _value_alias(result),
            t(f"hotspots.tip.rate.{result.weight}"),
            t("hotspots.tip.lisa"),
            t("hotspots.tip.p"),
        ]
    else:
        fields = ["value", "_label", "_p"]
        aliases = [_value_alias(result), t("hotspots.tip.lisa"), t("hotspots.tip.p")]
    hl.add_lisa(
        m,
        base,
        name=t("hotspots.layer.lisa"),
        labels=labels,
        legend_title=t("hotspots.legend.lisa"),
        tooltip_fields=fields,
        tooltip_aliases=aliases,
        number_locale=maps.number_locale(lang),
    )


def _emerging_layer(m: folium.Map, result: HotspotResult, lang: str) -> None:
    frame = result.frame
    names = {code: t(f"hotspots.pattern.{code}") for code in hl.EMERGING_COLORS}
    shown = frame.assign(
        _pattern=frame["category"].map(names),
        _since=frame["hot_since"].where(frame["hot_since"] != "", frame["cold_since"]),
    )
    hl.add_emerging(
        m,
        shown,
        name=t("hotspots.layer.emerging"),
        labels=names,
        legend_title=t("hotspots.legend.emerging"),
        tooltip_fields=["_pattern", "total", "n_hot_steps", "_since"],
        tooltip_aliases=[
            t("hotspots.tip.pattern"),
            _value_alias(result),
            t("hotspots.tip.hot_steps"),
            t("hotspots.tip.since"),
        ],
        number_locale=maps.number_locale(lang),
        merged=hl.EMERGING_MERGED,
    )


def _kde_layer(m: folium.Map, result: HotspotResult, lang: str) -> None:
    frame = result.frame
    assert result.surface is not None
    unit = result.surface.unit
    areas = frame[frame["level"] == frame["level"].min()] if len(frame) else frame
    areas = areas.assign(
        _held=[number(v, lang) for v in areas["incidents"]],
        _area=[area_text(a, lang) for a in areas["area_km2"]],
    )
    fields = ["_area", "_held"] if unit == "per_km2" else ["_area"]
    aliases = [t("hotspots.tip.area_text"), t(f"hotspots.tip.held.{result.weight}")][: len(fields)]
    hl.add_density(
        m,
        result.surface,
        name=t("hotspots.layer.kde"),
        legend_title=t(f"hotspots.legend.kde.{result.surface.measure}"),
        areas=areas,
        area_tooltip_fields=fields,
        area_tooltip_aliases=aliases,
        number_locale=maps.number_locale(lang),
    )


def _cluster_layer(m: folium.Map, result: HotspotResult, lang: str) -> None:
    frame = result.frame
    shown = frame.assign(
        _cats=[category_shares(s, lang) for s in frame["top_categories"]],
        _span=[
            f"{a:%Y-%m} – {b:%Y-%m}" if pd.notna(a) and pd.notna(b) else "–"
            for a, b in zip(frame["first_date"], frame["last_date"], strict=True)
        ],
        _near=[
            f"{n} ({number(d, lang)} m)" if n else "–"
            for n, d in zip(frame["nearest_space"], frame["nearest_space_m"], strict=True)
        ],
    )
    hl.add_cluster_hulls(
        m,
        shown,
        name=t("hotspots.layer.clusters"),
        legend_title=t("hotspots.legend.clusters"),
        legend_label=t("hotspots.legend.cluster_row"),
        tooltip_fields=["n_incidents", "harm", "_cats", "_span", "_near"],
        tooltip_aliases=[
            t("hotspots.tip.size"),
            t("hotspots.tip.harm"),
            t("hotspots.tip.categories"),
            t("hotspots.tip.span"),
            t("hotspots.tip.nearest"),
        ],
        number_locale=maps.number_locale(lang),
    )


def _value_alias(result: HotspotResult) -> str:
    return t(f"hotspots.tip.value.{result.weight}")


#: Each method's map layer, with its legend (the page's side of ``models.hotspots.REGISTRY``).
LAYERS: Mapping[Method, Callable[[folium.Map, HotspotResult, str], None]] = {
    "gi": _gi_layer,
    "lisa": _lisa_layer,
    "kde": _kde_layer,
    "dbscan": _cluster_layer,
    "hdbscan": _cluster_layer,
    "emerging": _emerging_layer,
}


def draw_map(
    result: HotspotResult,
    top: gpd.GeoDataFrame,
    descriptions: list[str],
    hoods: gpd.GeoDataFrame | None,
    territories: gpd.GeoDataFrame | None,
    spaces: gpd.GeoDataFrame | None,
    synthetic: bool,
    lang: str,
) -> None:
    """The method's layer over the context layers and the top hot spots, sent to the browser.

    The base (neighbourhoods, territories, framing) is built once per layers
    and language; the overlay (the method's layer, the public spaces over it,
    the top hot spots) once per result (by identity: the analysis is a cached
    resource) and descriptions (:func:`ui.panels.show_map`), and the browser
    swaps it on the map it has drawn.
    """

    def base() -> folium.Map:
        m = offline_map(zoom_snap=0.25, prefer_canvas=True)  # thousands of cells: one canvas
        if hoods is not None:
            context_layers.add_neighborhoods(m, hoods, lang)
        if territories is not None:  # off at first: in the base (an overlay's layers are on)
            context_layers.add_territories(m, territories, lang, show=False)
        if synthetic:
            maps.add_synthetic_banner(m, t("synthetic.map"))
        maps.fit_to(m, extent)
        return m

    def overlay(m: folium.Map) -> None:
        LAYERS[result.method](m, result, lang)
        if spaces is not None:
            maps.add_public_spaces(
                m,
                spaces,
                name=t("layer.public_spaces"),
                status_labels={s: t(f"status.{s}") for s in (*schema.ACTIVATION, "unknown")},
                aliases={
                    "name": t("field.name"),
                    "kind": t("field.kind"),
                    "activation_status": t("field.activation_status"),
                },
                value_labels={"kind": {k: t(f"kind.{k}") for k in schema.KINDS}},
                legend_title=t("layer.public_spaces"),
                outline=hl.SPACE_OUTLINE_COLOR,
                outline_label=t("map.legend.space_outline"),
                number_locale=maps.number_locale(lang),
            )
        if len(top):
            hl.add_top_hotspots(
                m,
                top.assign(_text=descriptions),
                name=t("hotspots.layer.top"),
                tooltip_fields=["rank", "_text"],
                tooltip_aliases=[t("hotspots.col.rank"), t("hotspots.col.description")],
                number_locale=maps.number_locale(lang),
            )

    # the base (context layers, framing) stays while the method or its options change
    extent = hoods if hoods is not None else result.frame
    show_map(
        ("hotspots", synthetic, lang),
        base,
        widget_key="hotspots_map",
        owners=(hoods, territories, None if hoods is not None else result),
        overlay=Overlay(tuple(descriptions), overlay, owners=(result, top, spaces)),
    )


# -- the figures beside the map ------------------------------------------------------


def _gi_metrics(result: HotspotResult, lang: str) -> list[Figure]:
    frame = result.frame
    return [
        Figure(t("hotspots.metric.cells"), number(len(frame), lang)),
        Figure(t("hotspots.metric.hot"), number(int((frame["gi_bin"] > 0).sum()), lang)),
        Figure(t("hotspots.metric.cold"), number(int((frame["gi_bin"] < 0).sum()), lang)),
    ]


def _lisa_metrics(result: HotspotResult, lang: str) -> list[Figure]:
    labels = result.frame["lisa_label"]
    return [
        Figure(t(f"hotspots.metric.{result.units}"), number(len(labels), lang)),
        Figure(t("hotspots.lisa.high_high"), number(int((labels == "High-High").sum()), lang)),
        Figure(t("hotspots.lisa.low_low"), number(int((labels == "Low-Low").sum()), lang)),
    ]


def _kde_metrics(result: HotspotResult, lang: str) -> list[Figure]:
    frame = result.frame
    bandwidth = getattr(result.parameters, "bandwidth", 0.0)
    figures = [Figure(t("hotspots.metric.bandwidth"), f"{number(bandwidth, lang)} m")]
    densest = frame[frame["level"] == frame["level"].min()] if len(frame) else frame
    if result.surface is not None and result.surface.unit == "per_km2" and len(densest):
        figures.append(
            Figure(
                t("hotspots.metric.top_share"),
                f"{number(100 * float(densest['share'].sum()), lang)} %",
                help=t("hotspots.metric.top_share.help"),
            )
        )
    return figures


def _cluster_metrics(result: HotspotResult, lang: str) -> list[Figure]:
    frame = result.frame
    held = int(frame["n_incidents"].sum()) if len(frame) else 0
    return [
        Figure(t("hotspots.metric.clusters"), number(len(frame), lang)),
        Figure(t("hotspots.metric.in_clusters"), number(held, lang)),
    ]


def _emerging_metrics(result: HotspotResult, lang: str) -> list[Figure]:
    cats = result.frame["category"].astype(str)
    return [
        Figure(t("hotspots.metric.cells"), number(len(cats), lang)),
        Figure(
            t("hotspots.metric.emerging_hot"),
            number(int(cats.str.endswith("_hot").sum()), lang),
            help=t("hotspots.metric.emerging_hot.help"),
        ),
        Figure(
            t("hotspots.metric.new_intensifying"),
            number(int(cats.isin(["new_hot", "intensifying_hot", "consecutive_hot"]).sum()), lang),
            help=t("hotspots.metric.new_intensifying.help"),
        ),
    ]


#: Each method's headline figures beside the map.
METRICS: Mapping[Method, Callable[[HotspotResult, str], list[Figure]]] = {
    "gi": _gi_metrics,
    "lisa": _lisa_metrics,
    "kde": _kde_metrics,
    "dbscan": _cluster_metrics,
    "hdbscan": _cluster_metrics,
    "emerging": _emerging_metrics,
}


def metrics(result: HotspotResult, lang: str) -> None:
    """The analysed incidents and the method's headline figures, in one block (:mod:`ui.figures`)."""
    incidents = Figure(t("hotspots.metric.incidents"), number(result.n_incidents, lang))
    show_figures([incidents, *METRICS[result.method](result, lang)])


def top_table(top: gpd.GeoDataFrame, descriptions: list[str], ranking: str, lang: str) -> None:
    """The top hot spots: the sentence first, then the figures behind it."""
    st.subheader(t("hotspots.top.title"))
    if not len(top):
        st.info(t("hotspots.top.none"))
        return
    st.caption(t(f"hotspots.top.caption.{ranking}"))
    trend = {k: t(f"hotspots.trend.{k}") for k in ("rising", "falling", "steady")}
    columns: dict[str, Any] = {
        t("hotspots.col.rank"): top["rank"].astype(int).to_numpy(),
        t("hotspots.col.description"): descriptions,
        t("hotspots.col.incidents"): top["n_incidents"].to_numpy(),
        t("hotspots.col.harm"): top["harm"].to_numpy(dtype=float),
    }
    if top["confidence"].notna().any():
        columns[t("hotspots.col.confidence")] = top["confidence"].to_numpy(dtype=float)
    columns[t("hotspots.col.trend")] = [trend.get(v, "–") for v in top["trend"]]
    show_table(pd.DataFrame(columns), lang)  # "#" and "Gi*" read as written (HTML, not Markdown)


def downloads(key: AnalysisKey, lang: str) -> None:
    """The download buttons; each file is built (and cached) when its button is clicked."""
    path, content_hash, filters, spec = key
    download_buttons(
        spec.method,
        lambda which, fmt: hotspot_file_bytes(path, content_hash, filters, spec, which, fmt, lang),
    )
