"""The Transparency page's pieces: a published snapshot as figures, a map, trends and files.

Everything here reads a :class:`geo.publish.Snapshot` (aggregates only). A
withheld count is drawn as withheld (grey, hatched in the legend's words),
never as zero, and its rate is withheld with it. Tables are in
neighbourhood-name order: the page never ranks neighbourhoods.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import altair as alt
import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import streamlit as st

from catalog.say import number
from geo import schema
from geo.publish import Snapshot, write_open_data
from geo.workspace import Workspace
from models.classify import fisher_jenks_breaks
from ui import maps
from ui.cache import published_snapshot
from ui.figures import Figure, show_figures
from ui.i18n import lang_key, t
from ui.offline import offline_map
from ui.panels import show_map
from ui.tables import html_table
from ui.widgets import coded_selectbox

#: The colour of a withheld area (and its outline).
WITHHELD = "#bdbdbd"
WITHHELD_LINE = "#737373"
#: Largest number of classes of the map.
CLASSES = 5


def _label(code: str, lang: str) -> str:
    return t("public.total", lang) if code == "total" else t(f"category.{code}", lang)


def _version_label(row: pd.Series, lang: str) -> str:
    return t(
        "public.version",
        lang,
        version=int(row["version"]),
        published=str(row["published_at"])[:10],
        start=str(row["start"])[:10],
        end=str(row["end"])[:10],
    )


def pick_snapshot(ws: Workspace, listing: pd.DataFrame, lang: str) -> tuple[Snapshot, pd.Series]:
    """The snapshot the visitor picks (the latest first) and its listing row."""
    rows = listing.sort_values("version", ascending=False).reset_index(drop=True)
    versions = [int(v) for v in rows["version"]]
    by_version = {int(r["version"]): r for _, r in rows.iterrows()}
    version = versions[0]
    if len(versions) > 1:
        version = st.selectbox(
            t("public.pick"),
            versions,
            format_func=lambda v: _version_label(by_version[v], lang),
            help=t("public.pick.help"),
            key=lang_key("public_version"),
        )
    row = by_version[int(version)]
    snap = published_snapshot(ws.location, int(version), str(row["published_at"]))
    return snap, row


def banner_and_intro(snap: Snapshot, row: pd.Series, lang: str) -> None:
    """The synthetic warning (when it is) and what the page shows, with its period."""
    if snap.synthetic:
        st.warning(t("public.synthetic", city=snap.city), icon="⚠️")
    st.caption(
        t(
            "public.intro",
            city=snap.city,
            start=snap.start,
            end=snap.end,
            published=str(row["published_at"])[:10],
            version=int(row["version"]),
        )
    )


def _figure_value(value: int | None, lang: str) -> str:
    return t("public.withheld", lang) if value is None else number(value, lang)


def figures(snap: Snapshot, lang: str) -> None:
    """Headline figures of the period: incidents, homicides, active spaces, programmes."""
    period = t("public.period", start=snap.start, end=snap.end)
    running = int(snap.programs["programs"].sum()) if len(snap.programs) else 0
    show_figures(
        [
            Figure(
                t("public.fig.incidents"),
                _figure_value(snap.count(), lang),
                t("public.fig.incidents.help"),
            ),
            Figure(t("public.fig.homicides"), _figure_value(snap.count("homicide"), lang)),
            Figure(t("public.fig.spaces"), number(len(snap.spaces), lang)),
            Figure(t("public.fig.programs"), number(running, lang)),
        ],
        lead=period,
    )


def _areas(snap: Snapshot, geography: str) -> gpd.GeoDataFrame:
    areas = snap.areas[snap.areas["geography"] == geography]
    return areas[areas.geometry.notna()].reset_index(drop=True)


def _classes(values: pd.Series, lang: str, *, integers: bool) -> tuple[np.ndarray, list[str]]:
    """Fisher–Jenks breaks of the published values and their legend labels."""
    shown = values.dropna().to_numpy(dtype=float)
    distinct = np.unique(shown)
    if not len(distinct):
        return np.array([]), []
    k = min(CLASSES, len(distinct))
    breaks = fisher_jenks_breaks(shown, k) if k > 1 else distinct[-1:]
    labels = maps.class_labels(
        breaks, lowest=float(distinct[0]), integers=integers, number_locale=maps.number_locale(lang)
    )
    return np.asarray(breaks, dtype=float), labels


def _map(snap: Snapshot, geography: str, column: str, lang: str) -> folium.Map:
    areas = _areas(snap, geography)
    values = pd.to_numeric(areas[column], errors="coerce").astype(float)
    breaks, labels = _classes(values, lang, integers=column != "rate_per_100k")
    colors = maps.palette_for(len(breaks))
    cls = np.searchsorted(breaks, values.fillna(0).to_numpy(), side="left").clip(
        0, max(len(breaks) - 1, 0)
    )
    fill = [WITHHELD if pd.isna(v) else colors[c] for v, c in zip(values, cls, strict=True)]
    shown = [
        t("public.withheld", lang)
        if pd.isna(v)
        else number(v, lang, 1 if column == "rate_per_100k" else 0)
        for v in values
    ]
    props: dict[str, list[Any]] = {
        "_fill": fill,
        "t0": areas["name"].astype(str).tolist(),
        "t1": shown,
    }
    fields, aliases = (
        ["t0", "t1"],
        [t("field.name", lang), t("public.map.value", lang, what=_what(column, lang))],
    )
    if geography == "neighborhood":
        props["t2"] = [number(p, lang) if pd.notna(p) else "–" for p in areas["population"]]
        fields.append("t2")
        aliases.append(t("field.population", lang))
    m = offline_map(prefer_canvas=True)
    rows = [(c, label, "box") for c, label in zip(colors, labels, strict=True)]
    if values.isna().any():
        rows.append((WITHHELD, t("public.legend.withheld", lang, k=snap.min_count), "box"))
    maps.add_geojson_layer(
        m,
        gpd.GeoSeries(areas.geometry.to_numpy(), crs=areas.crs),
        props,
        name=t(f"public.geography.{geography}", lang),
        style=maps.style_function(
            className="cv-public-area", fillOpacity=0.65, weight=1, color=WITHHELD_LINE
        ),
        tooltip_fields=fields,
        tooltip_aliases=aliases,
        legend_title=_what(column, lang),
        legend_rows=rows,
    )
    if len(snap.spaces):
        maps.add_geojson_layer(
            m,
            gpd.GeoSeries(snap.spaces.geometry.to_numpy(), crs=snap.spaces.crs),
            {
                "t0": snap.spaces["name"].astype(str).tolist(),
                "t1": [
                    t(f"kind.{k}", lang) if k in schema.KINDS else str(k)
                    for k in snap.spaces["kind"]
                ],
            },
            name=t("public.layer.spaces", lang),
            style=maps.style_function(
                className="cv-public-space",
                radius=6,
                weight=1,
                color="#1b7837",
                fillColor="#5aae61",
                fillOpacity=0.9,
            ),
            tooltip_fields=["t0", "t1"],
            tooltip_aliases=[t("field.name", lang), t("field.kind", lang)],
            marker=folium.CircleMarker(radius=6),
            legend_title=t("public.layer.spaces", lang),
            legend_rows=[("#5aae61", t("public.legend.space", lang), "dot")],
        )
    if snap.synthetic:
        maps.add_synthetic_banner(m, t("synthetic.map", lang))
    maps.add_layer_control(m, collapsed=True)
    maps.fit_to(m, areas.geometry)
    return m


def _what(column: str, lang: str) -> str:
    if column == "rate_per_100k":
        return t("public.rate", lang)
    return t("public.count", lang, category=_label(column, lang))


def map_section(snap: Snapshot, lang: str) -> None:
    """The map of one published category (or the total), by neighbourhood or by cell, and its table."""
    st.subheader(t("public.map.title"))
    categories = [c for c in snap.mapped if c in snap.areas.columns]
    left, mid, right = st.columns(3)
    geography = left.radio(
        t("public.geography"),
        ["neighborhood", "cell"],
        format_func=lambda g: t(f"public.geography.{g}", cell=number(snap.cell_m, lang)),
        key=lang_key("public_geography"),
        horizontal=True,
    )
    category = coded_selectbox(
        mid,
        t("public.category"),
        ["total", *categories],
        format_func=lambda c: _label(c, lang),
        key="public_category",
    )
    column = category
    if geography == "neighborhood":
        measure = right.radio(
            t("public.measure"),
            ["count", "rate"],
            format_func=lambda m: t(f"public.measure.{m}"),
            key=lang_key("public_measure"),
            horizontal=True,
            help=t("public.measure.help"),
        )
        if measure == "rate":
            column = "rate_per_100k"
            if category != "total":
                st.caption(t("public.rate.total_only"))
    st.caption(t("public.sensitive", k=snap.min_count))
    key = (
        "public",
        snap.meta.get("content_hash"),
        snap.meta.get("created_at"),
        geography,
        column,
        lang,
    )
    show_map(key, lambda: _map(snap, geography, column, lang), widget_key="public_map")
    areas = _areas(snap, geography)
    if geography == "neighborhood":
        table = areas[["name", "population", category, "rate_per_100k"]].copy()
        table = table.sort_values("name", key=lambda s: s.str.casefold()).reset_index(drop=True)
        table.columns = [
            t("field.name"),
            t("field.population"),
            _what(category, lang),
            t("public.rate"),
        ]
        with st.expander(t("public.table.title")):
            st.caption(t("public.table.note"))
            st.html(
                html_table(
                    table.astype(object).where(table.notna(), t("public.withheld")),
                    lang,
                    decimals={t("public.rate"): 1},
                )
            )


def trend_section(snap: Snapshot, lang: str) -> None:
    """Citywide counts per period: the total and one category, sensitive ones included."""
    st.subheader(t("public.trend.title"))
    trend = snap.trend[snap.trend["period"] != "total"]
    codes = [c for c in dict.fromkeys(trend["category"]) if c != "total"]
    chosen = coded_selectbox(
        st,
        t("public.trend.category"),
        ["total", *codes],
        format_func=lambda c: _label(c, lang),
        key="public_trend_category",
    )
    rows = trend[trend["category"] == chosen].copy()
    rows["value"] = pd.to_numeric(rows["count"], errors="coerce").astype(float)
    rows["label"] = [
        t("public.withheld", lang) if pd.isna(v) else number(v, lang) for v in rows["value"]
    ]
    chart = (
        alt.Chart(rows)
        .mark_line(point=True)
        .encode(
            x=alt.X("period:O", title=t("public.trend.period")),
            y=alt.Y("value:Q", title=t("public.trend.axis")),
            tooltip=[
                alt.Tooltip("period:O", title=t("public.trend.period")),
                alt.Tooltip("label:N", title=t("public.count", category=_label(chosen, lang))),
            ],
        )
        .properties(height=260)
    )
    st.altair_chart(chart, width="stretch")
    withheld = rows.loc[rows["value"].isna(), "period"].astype(str).tolist()
    if withheld:
        st.caption(t("public.trend.withheld", periods=", ".join(withheld), k=snap.min_count))
    if chosen in snap.sensitive:
        st.caption(t("public.trend.sensitive"))


def doing_section(snap: Snapshot, lang: str) -> None:
    """What the city is doing: active public spaces, programmes by component, territories."""
    st.subheader(t("public.doing.title"))
    left, right = st.columns(2)
    with left:
        st.markdown(t("public.doing.spaces", n=len(snap.spaces)))
        if len(snap.spaces):
            names = sorted(snap.spaces["name"].astype(str), key=str.casefold)
            st.caption(", ".join(names))
        if snap.territories:
            st.markdown(t("public.doing.territories", n=len(snap.territories)))
            st.caption(", ".join(sorted(snap.territories, key=str.casefold)))
    with right:
        if len(snap.programs):
            by = snap.programs.groupby("component", as_index=False)["programs"].sum()
            by["label"] = [
                t(f"component.{c}", lang) if c in schema.COMPONENTS else str(c)
                for c in by["component"]
            ]
            chart = (
                alt.Chart(by)
                .mark_bar(color="#3182bd")
                .encode(
                    x=alt.X("programs:Q", title=t("public.doing.programs")),
                    y=alt.Y("label:N", sort="-x", title=None),
                    tooltip=[
                        alt.Tooltip("label:N", title=t("public.doing.component")),
                        alt.Tooltip("programs:Q", title=t("public.doing.programs")),
                    ],
                )
                .properties(height=180, title=t("public.doing.by_component"))
            )
            st.altair_chart(chart, width="stretch")
        else:
            st.caption(t("public.doing.no_programs"))


def method_section(snap: Snapshot, row: pd.Series, lang: str) -> None:
    """The methodology and the privacy rules in plain words, as published with the snapshot."""
    with st.expander(t("public.method.title"), expanded=False):
        st.markdown(snap.methodology(lang))


@st.cache_data(max_entries=16, show_spinner=False)
def _files(path: str, version: int, published_at: str, lang: str, readme: str) -> dict[str, bytes]:
    snap = published_snapshot(path, version, published_at)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "open-data"
        written = write_open_data(snap, folder, readme=readme)
        return {p.name: p.read_bytes() for p in written}


def downloads(snap: Snapshot, row: pd.Series, path: str, lang: str) -> None:
    """The open-data files of exactly what the page shows, and all of them in one ZIP."""
    st.subheader(t("public.downloads.title"))
    st.caption(t("public.downloads.note"))
    readme = snap.methodology(lang)
    files = _files(path, int(row["version"]), str(row["published_at"]), lang, readme)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in sorted(files.items()):
            zf.writestr(name, data)
    stem = f"convivencia-v{int(row['version'])}"
    cols = st.columns(4)
    cols[0].download_button(
        t("public.downloads.zip"),
        buffer.getvalue(),
        f"{stem}.zip",
        "application/zip",
        key="public_dl_zip",
    )
    for col, name in zip(cols[1:], ("neighborhoods.csv", "cells.csv", "trend.csv"), strict=True):
        if name in files:
            col.download_button(
                name, files[name], f"{stem}-{name}", "text/csv", key=f"public_dl_{name}"
            )
    geo_cols = st.columns(4)
    for col, name in zip(geo_cols, ("neighborhoods.geojson", "cells.geojson"), strict=False):
        if name in files:
            col.download_button(
                name, files[name], f"{stem}-{name}", "application/geo+json", key=f"public_dl_{name}"
            )
