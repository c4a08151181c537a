"""Hot spots: where violence concentrates, whether it is chance, and where it is getting worse.

The page reads its widgets and the sidebar's filters, calls
:func:`models.hotspots.run_hotspots` and :func:`models.hotspots.top_hotspots`
(cached on the workspace's content hash and every parameter) and draws the
result over neighbourhoods, territories and public spaces with the
builders of :mod:`ui.hotspot_layers`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geo import schema, settings
from models.clusters import DBSCAN_MIN_SAMPLES, HDBSCAN_MIN_CLUSTER_SIZE
from models.hotspots import (
    METHODS,
    TIME_STEPS,
    HotspotResult,
    TooManyIncidents,
    area_text,
    describe,
    explain,
    ranked_by,
    run_hotspots,
    top_hotspots,
)
from ui import context_layers, maps
from ui import hotspot_layers as hl
from ui.hotspot_details import show_failure, technical_table
from ui.hotspot_downloads import LISA_KEYS, category_shares, download_buttons, hotspot_file
from ui.i18n import language, t
from ui.offline import offline_map
from ui.router import ensure_routed
from ui.state import (
    current_workspace,
    filtered,
    frame_or_none,
    load_layer,
    missing_layer_note,
    open_workspace,
    synthetic_banner,
)
from ui.tables import plain_table
from ui.widgets import coded_selectbox

Options = tuple[tuple[str, object], ...]
CELL_METHODS = ("gi", "lisa", "emerging")
TOP_N = 10


@st.cache_data(max_entries=24, show_spinner=False)
def _analysis(
    path: str,
    content_hash: str,
    method: str,
    since: date | None,
    until: date | None,
    categories: tuple[str, ...],
    options: Options,
) -> tuple[HotspotResult, gpd.GeoDataFrame]:
    """Run one method and find its top hot spots (cached on the content hash and every parameter)."""
    ws = open_workspace(Path(path))
    layers = {
        name: load_layer(path, content_hash, name) if ws.has(name) else None
        for name in ("incidents", "neighborhoods", "public_spaces")
    }
    result = run_hotspots(
        layers,
        method=method,  # type: ignore[arg-type]
        since=since,
        until=until,
        categories=list(categories),
        crs=ws.projected_crs,
        **dict(options),  # type: ignore[arg-type]
    )
    top = top_hotspots(result, layers["public_spaces"], layers["neighborhoods"], n=TOP_N)
    return result, top


@st.cache_data(max_entries=16, show_spinner=False)
def _file(
    path: str,
    content_hash: str,
    method: str,
    since: date | None,
    until: date | None,
    categories: tuple[str, ...],
    options: Options,
    which: str,
    fmt: str,
    lang: str,
) -> bytes:
    """The result or the top hot spots as a file (built when the download is clicked)."""
    result, top = _analysis(path, content_hash, method, since, until, categories, options)
    return hotspot_file(result.frame, top, method=method, which=which, fmt=fmt, lang=lang)


def _fmt(x: float, lang: str, decimals: int = 0) -> str:
    return maps.format_number(x, decimals=decimals, number_locale=lang)  # type: ignore[arg-type]


def _p_text(p: float, lang: str) -> str:
    if not np.isfinite(p):
        return "–"
    return "< " + _fmt(0.001, lang, 3) if p < 0.001 else _fmt(p, lang, 3)


# -- the widgets -------------------------------------------------------------------


def _choice(
    col: object, name: str, options: Sequence[str], lang: str, *, key: str, help: str | None
) -> str:
    """A select box ``hotspots.<name>`` whose options read ``hotspots.<name>.<option>``."""
    return coded_selectbox(
        col,
        t(f"hotspots.{name}"),
        options,
        format_func=lambda o: t(f"hotspots.{name}.{o}", lang),
        key=key,
        help=help,
        lang=lang,
    )


def _metres(col: object, name: str, *, low: float, high: float, step: float, key: str) -> object:
    """A distance in metres ``hotspots.<name>``; empty means chosen from the data."""
    return col.number_input(  # type: ignore[attr-defined]
        t(f"hotspots.{name}"),
        min_value=low,
        max_value=high,
        value=None,
        step=step,
        placeholder=t("hotspots.auto"),
        key=key,
        help=t(f"hotspots.{name}.help"),
    )


def _count(col: object, name: str, *, high: int, value: int, key: str) -> int:
    """A whole number ``hotspots.<name>`` from 2 to ``high``."""
    return int(
        col.number_input(  # type: ignore[attr-defined]
            t(f"hotspots.{name}"),
            min_value=2,
            max_value=high,
            value=value,
            step=1,
            key=key,
            help=t(f"hotspots.{name}.help"),
        )
    )


def _controls(has_hoods: bool, lang: str) -> tuple[str, dict[str, object]]:
    """Draw the method's widgets; returns the method and the options for ``run_hotspots``.

    The labels of the options are fixed in ``lang`` when the widget is drawn (not looked
    up again later), so a widget's value reads the same outside a script run (AppTest).
    """
    top = st.columns([1.5, 1.3, 1, 1, 1])
    method = _choice(
        top[0], "method", METHODS, lang, key="hs_method", help=t("hotspots.method.help")
    )
    opts: dict[str, object] = {}
    opts["weight"] = _choice(
        top[1],
        "weight",
        ["count", "harm"],
        lang,
        key="hs_weight",
        help=t("hotspots.weight.help", homicide=schema.HARM_WEIGHTS["homicide"]),
    )
    if method in CELL_METHODS:
        units = "cells"
        if method == "lisa":
            units = _choice(
                top[2],
                "units",
                ["cells", "neighborhoods"] if has_hoods else ["cells"],
                lang,
                key="hs_units",
                help=t("hotspots.units.help"),
            )
            opts["units"] = units
        if units == "cells":
            opts["shape"] = _choice(
                top[3 if method == "lisa" else 2],
                "shape",
                ["square", "hex"],
                lang,
                key="hs_shape",
                help=None,
            )
            row = st.columns([1.5, 1.3, 1.5, 1.2, 0.5])
            opts["cell_size"] = _metres(
                row[0], "cell", low=10.0, high=5000.0, step=10.0, key="hs_cell"
            )
            opts["distance"] = _metres(
                row[1], "distance", low=10.0, high=20000.0, step=50.0, key="hs_distance"
            )
            fdr_col = row[2]
            if method == "emerging":
                opts["time_step"] = _choice(
                    row[3],
                    "time_step",
                    TIME_STEPS,
                    lang,
                    key="hs_step",
                    help=t("hotspots.time_step.help"),
                )
        else:
            fdr_col = top[3]
        opts["fdr"] = fdr_col.toggle(
            t("hotspots.fdr"),
            value=True,
            key=f"hs_fdr_{method}",
            help=t("hotspots.fdr.help"),
        )
    elif method == "kde":
        opts["bandwidth"] = _metres(
            top[2], "bandwidth", low=20.0, high=10000.0, step=50.0, key="hs_bandwidth"
        )
        opts["per_resident"] = top[3].toggle(
            t("hotspots.per_resident"),
            value=False,
            disabled=not has_hoods,
            key="hs_per_resident",
            help=t("hotspots.per_resident.help"),
        )
    elif method == "dbscan":
        opts["eps"] = _metres(top[2], "eps", low=5.0, high=5000.0, step=10.0, key="hs_eps")
        opts["min_samples"] = _count(
            top[3], "min_samples", high=500, value=DBSCAN_MIN_SAMPLES, key="hs_min_samples"
        )
    else:  # hdbscan
        opts["min_cluster_size"] = _count(
            top[2],
            "min_cluster_size",
            high=2000,
            value=HDBSCAN_MIN_CLUSTER_SIZE,
            key="hs_min_cluster_size",
        )
    st.caption(t(f"hotspots.about.{method}"))
    return method, opts


# -- the map ---------------------------------------------------------------------


def _result_layer(m: object, result: HotspotResult, lang: str) -> None:
    """Draw the method's own layer, with its legend."""
    frame = result.frame
    loc = lang
    value_alias = t(f"hotspots.tip.value.{result.weight}")
    if result.method == "gi":
        shown = frame.assign(
            _z=[_fmt(z, lang, 2) for z in frame["gi_z"]],
            _p=[_p_text(p, lang) for p in frame["gi_p"]],
        )
        hl.add_gi_bins(
            m,  # type: ignore[arg-type]
            shown,
            name=t("hotspots.layer.gi"),
            labels={b: t(f"hotspots.bin.{b}".replace("-", "m")) for b in range(-3, 4)},
            legend_title=t("hotspots.legend.gi"),
            tooltip_fields=["value", "_z", "_p"],
            tooltip_aliases=[value_alias, t("hotspots.tip.z"), t("hotspots.tip.p")],
            number_locale=loc,  # type: ignore[arg-type]
        )
    elif result.method == "lisa":
        labels = {code: t(key) for code, key in LISA_KEYS.items()}
        base = frame.assign(
            _label=frame["lisa_label"].map(labels),
            _p=[_p_text(p, lang) for p in frame["lisa_p"]],
        )
        if result.units == "neighborhoods":
            fields = ["name", "incidents", "rate_100k", "_label", "_p"]
            aliases = [
                t("field.name"),
                value_alias,
                t(f"hotspots.tip.rate.{result.weight}"),
                t("hotspots.tip.lisa"),
                t("hotspots.tip.p"),
            ]
        else:
            fields = ["value", "_label", "_p"]
            aliases = [value_alias, t("hotspots.tip.lisa"), t("hotspots.tip.p")]
        hl.add_lisa(
            m,  # type: ignore[arg-type]
            base,
            name=t("hotspots.layer.lisa"),
            labels=labels,
            legend_title=t("hotspots.legend.lisa"),
            tooltip_fields=fields,
            tooltip_aliases=aliases,
            number_locale=loc,  # type: ignore[arg-type]
        )
    elif result.method == "emerging":
        names = {code: t(f"hotspots.pattern.{code}") for code in hl.EMERGING_COLORS}
        shown = frame.assign(
            _pattern=frame["category"].map(names),
            _since=frame["hot_since"].where(frame["hot_since"] != "", frame["cold_since"]),
        )
        hl.add_emerging(
            m,  # type: ignore[arg-type]
            shown,
            name=t("hotspots.layer.emerging"),
            labels=names,
            legend_title=t("hotspots.legend.emerging"),
            tooltip_fields=["_pattern", "total", "n_hot_steps", "_since"],
            tooltip_aliases=[
                t("hotspots.tip.pattern"),
                value_alias,
                t("hotspots.tip.hot_steps"),
                t("hotspots.tip.since"),
            ],
            number_locale=loc,  # type: ignore[arg-type]
        )
    elif result.method == "kde":
        assert result.surface is not None
        unit = result.surface.unit
        areas = frame[frame["level"] == frame["level"].min()] if len(frame) else frame
        areas = areas.assign(
            _held=[_fmt(v, lang) for v in areas["incidents"]],
            _area=[area_text(a, lang) for a in areas["area_km2"]],
        )
        fields = ["_area", "_held"] if unit == "per_km2" else ["_area"]
        aliases = [t("hotspots.tip.area_text"), t(f"hotspots.tip.held.{result.weight}")][
            : len(fields)
        ]
        hl.add_density(
            m,  # type: ignore[arg-type]
            result.surface,
            name=t("hotspots.layer.kde"),
            legend_title=t(f"hotspots.legend.kde.{result.surface.measure}"),
            areas=areas,
            area_tooltip_fields=fields,
            area_tooltip_aliases=aliases,
            number_locale=loc,  # type: ignore[arg-type]
        )
    else:
        shown = frame.assign(
            _cats=[category_shares(s, lang) for s in frame["top_categories"]],
            _span=[
                f"{a:%Y-%m} – {b:%Y-%m}" if pd.notna(a) and pd.notna(b) else "–"
                for a, b in zip(frame["first_date"], frame["last_date"], strict=True)
            ],
            _near=[
                f"{n} ({_fmt(d, lang)} m)" if n else "–"
                for n, d in zip(frame["nearest_space"], frame["nearest_space_m"], strict=True)
            ],
        )
        hl.add_cluster_hulls(
            m,  # type: ignore[arg-type]
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
            number_locale=loc,  # type: ignore[arg-type]
        )


def _draw_map(
    result: HotspotResult,
    top: gpd.GeoDataFrame,
    descriptions: list[str],
    hoods: gpd.GeoDataFrame | None,
    territories: gpd.GeoDataFrame | None,
    spaces: gpd.GeoDataFrame | None,
    synthetic: bool,
    lang: str,
) -> None:
    m = offline_map(zoom_snap=0.25)
    if hoods is not None:
        context_layers.add_neighborhoods(m, hoods, lang)
    _result_layer(m, result, lang)
    if territories is not None:
        context_layers.add_territories(m, territories, lang, show=False)
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
            number_locale=lang,  # type: ignore[arg-type]
        )
    if len(top):
        hl.add_top_hotspots(
            m,
            top.assign(_text=descriptions),
            name=t("hotspots.layer.top"),
            tooltip_fields=["rank", "_text"],
            tooltip_aliases=[t("hotspots.col.rank"), t("hotspots.col.description")],
            number_locale=lang,  # type: ignore[arg-type]
        )
    if synthetic:
        maps.add_synthetic_banner(m, t("synthetic.map"))
    extent = hoods if hoods is not None else result.frame
    maps.fit_to(m, extent)
    maps.add_layer_control(m)
    st_folium(m, key="hotspots_map", height=640, use_container_width=True, returned_objects=[])


# -- the figures beside the map ------------------------------------------------------


def _metrics(result: HotspotResult, lang: str) -> None:
    """The method's headline figures, one under the other beside the map."""
    frame = result.frame
    st.metric(t("hotspots.metric.incidents"), _fmt(len(result.incidents), lang))
    if result.method == "gi":
        st.metric(t("hotspots.metric.cells"), _fmt(len(frame), lang))
        st.metric(t("hotspots.metric.hot"), _fmt(int((frame["gi_bin"] > 0).sum()), lang))
        st.metric(t("hotspots.metric.cold"), _fmt(int((frame["gi_bin"] < 0).sum()), lang))
    elif result.method == "lisa":
        labels = frame["lisa_label"]
        st.metric(t(f"hotspots.metric.{result.units}"), _fmt(len(frame), lang))
        st.metric(t("hotspots.lisa.high_high"), _fmt(int((labels == "High-High").sum()), lang))
        st.metric(t("hotspots.lisa.low_low"), _fmt(int((labels == "Low-Low").sum()), lang))
    elif result.method == "kde":
        bandwidth = getattr(result.parameters, "bandwidth", 0.0)
        st.metric(t("hotspots.metric.bandwidth"), f"{_fmt(bandwidth, lang)} m")
        densest = frame[frame["level"] == frame["level"].min()] if len(frame) else frame
        if result.surface is not None and result.surface.unit == "per_km2" and len(densest):
            st.metric(
                t("hotspots.metric.top_share"),
                f"{_fmt(100 * float(densest['share'].sum()), lang)} %",
                help=t("hotspots.metric.top_share.help"),
            )
    elif result.method in ("dbscan", "hdbscan"):
        st.metric(t("hotspots.metric.clusters"), _fmt(len(frame), lang))
        held = int(frame["n_incidents"].sum()) if len(frame) else 0
        st.metric(t("hotspots.metric.in_clusters"), _fmt(held, lang))
    else:
        cats = frame["category"].astype(str)
        st.metric(t("hotspots.metric.cells"), _fmt(len(frame), lang))
        st.metric(
            t("hotspots.metric.emerging_hot"),
            _fmt(int(cats.str.endswith("_hot").sum()), lang),
            help=t("hotspots.metric.emerging_hot.help"),
        )
        st.metric(
            t("hotspots.metric.new_intensifying"),
            _fmt(int(cats.isin(["new_hot", "intensifying_hot", "consecutive_hot"]).sum()), lang),
            help=t("hotspots.metric.new_intensifying.help"),
        )


def _top_table(top: gpd.GeoDataFrame, descriptions: list[str], ranking: str, lang: str) -> None:
    """The top hot spots: the sentence first, then the figures behind it."""
    st.subheader(t("hotspots.top.title"))
    if not len(top):
        st.info(t("hotspots.top.none"))
        return
    st.caption(t(f"hotspots.top.caption.{ranking}"))
    trend = {k: t(f"hotspots.trend.{k}") for k in ("rising", "falling", "steady")}
    columns: dict[str, list[str]] = {
        t("hotspots.col.rank"): [str(int(r)) for r in top["rank"]],
        t("hotspots.col.description"): descriptions,
        t("hotspots.col.incidents"): [_fmt(v, lang) for v in top["n_incidents"]],
        t("hotspots.col.harm"): [_fmt(v, lang) for v in top["harm"]],
    }
    if top["confidence"].notna().any():
        columns[t("hotspots.col.confidence")] = [
            _fmt(v, lang) if np.isfinite(v) else "–" for v in top["confidence"]
        ]
    columns[t("hotspots.col.trend")] = [trend.get(v, "–") for v in top["trend"]]
    st.table(plain_table(pd.DataFrame(columns)), hide_index=True)  # "#" and "Gi*" read as written


def _downloads(
    key: tuple[str, str, str, date | None, date | None, tuple[str, ...], Options], lang: str
) -> None:
    path, content_hash, method, since, until, cats, options = key
    download_buttons(
        method,
        lambda which, fmt: _file(
            path, content_hash, method, since, until, cats, options, which, fmt, lang
        ),
    )


# -- the page ----------------------------------------------------------------------


def main() -> None:
    ensure_routed()
    lang = language()
    ws = current_workspace()
    f = st.session_state.get("filters")
    st.title(t("hotspots.title"))
    if ws is None or f is None:
        st.info(t("sidebar.no_workspace"))
        return
    synthetic_banner(ws)
    st.caption(t("hotspots.intro"))
    if not ws.has("incidents"):
        missing_layer_note("incidents")
        return
    hoods = frame_or_none(ws, "neighborhoods")
    spaces = frame_or_none(ws, "public_spaces")
    territories = frame_or_none(ws, "territories")
    method, opts = _controls(hoods is not None, lang)
    n = len(filtered(f))
    limit = settings.hdbscan_max_incidents
    if method == "hdbscan" and n > limit:
        st.warning(t("hotspots.hdbscan.too_many", n=n, max=limit))
        return
    options: Options = tuple(sorted(opts.items()))
    key = (str(ws.path), ws.content_hash, method, f.start, f.end, tuple(f.categories), options)
    try:
        # no show_time: Streamlit writes its "(4.1 seconds)" in English only
        with st.spinner(t("hotspots.running", method=t(f"hotspots.method.{method}"))):
            result, top = _analysis(*key)
    except TooManyIncidents as exc:
        st.warning(t("hotspots.hdbscan.too_many", n=exc.n, max=exc.limit))
        return
    except ValueError as exc:
        show_failure(exc, n, lang)
        return
    descriptions = [describe(row, lang) for _, row in top.iterrows()]
    st.caption(t("hotspots.reason", text=explain(result, lang)))
    with st.expander(t("hotspots.details")):
        st.dataframe(technical_table(result, lang), hide_index=True, width="stretch")
    left, right = st.columns([3.4, 1], gap="medium")
    with left:
        _draw_map(result, top, descriptions, hoods, territories, spaces, ws.synthetic, lang)
    with right:
        _metrics(result, lang)
        for layer, frame in (
            ("neighborhoods", hoods),
            ("public_spaces", spaces),
            ("territories", territories),
        ):
            if frame is None:
                missing_layer_note(layer)
    _top_table(top, descriptions, ranked_by(result), lang)
    _downloads(key, lang)


main()
