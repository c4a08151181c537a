"""The Priority neighbourhoods page's pieces: controls, figures, map, tables, articulation.

The page (``pages/priority.py``) reads :func:`controls` into a
:class:`~models.recommend.priority.PrioritySpec` and the window's last day,
runs :func:`ui.cache.neighborhood_recommendation` and draws the result with
the other functions here. The options sit in popovers whose buttons say what
is set; every pillar's reason is its slider's help and its column's help.
Numbers are written by :func:`catalog.say.number` (or shown as whole numbers
0-100 in the data frame, which has no decimal separator to get wrong).
"""

from __future__ import annotations

import functools
import html
from collections.abc import Sequence
from datetime import date
from typing import cast

import folium
import geopandas as gpd
import pandas as pd
import streamlit as st
from folium.utilities import JsCode
from streamlit.elements.lib.column_types import ColumnConfig

from catalog.say import number
from geo import schema, settings
from geo.export import FORMAT_NAMES, FORMATS, Format
from geo.workspace import Workspace
from models.recommend.articulation import COMPONENTS, UNKNOWN, fill_options
from models.recommend.neighborhoods import FRAGILE, ROBUST, NeighborhoodRecommendation
from models.recommend.priority import DEFAULT_WEIGHTS, NORMALISE, PILLARS, PrioritySpec
from ui import context_layers, maps
from ui.cache import neighborhood_file_bytes
from ui.figures import Figure, show_figures
from ui.i18n import labeler, t
from ui.offline import offline_map
from ui.panels import Overlay, show_map
from ui.tables import html_table
from ui.widgets import coded_selectbox, state_default

#: How many barrios the robustness table shows.
ROBUST_ROWS = 12
#: The partner types the "new partner" select box offers, ``unknown`` last.
PARTNER_CHOICES: tuple[str, ...] = (*schema.PARTNER_TYPES, UNKNOWN)
#: Colours of the articulation matrix: a missing component, an overlap of partners.
MISSING_BG, OVERLAP_BG = "#fcbba1", "#c6dbef"

_CSS = (
    "<style>"
    ".cv-art{border-collapse:collapse;width:100%;font-size:0.85rem;margin-bottom:0.5rem}"
    ".cv-art th,.cv-art td{padding:0.2rem 0.45rem;border-bottom:1px solid rgba(49,51,63,0.1)}"
    ".cv-art th{text-align:left;font-weight:600;color:rgba(49,51,63,0.7);vertical-align:bottom}"
    ".cv-art td.n,.cv-art th.n{text-align:right;font-variant-numeric:tabular-nums}"
    f".cv-art td.miss{{background:{MISSING_BG}}}.cv-art td.over{{background:{OVERLAP_BG}}}"
    ".cv-key{display:inline-block;width:0.8rem;height:0.8rem;margin:0 0.3rem 0 0.8rem;"
    "vertical-align:middle;border:1px solid rgba(49,51,63,0.2)}"
    ".cv-p{white-space:nowrap;width:9rem}"
    ".cv-bar{display:inline-block;vertical-align:middle;background:rgba(49,51,63,0.08);"
    "height:0.7rem;width:4.5rem;margin-right:0.4rem}"
    ".cv-bar div{height:100%;background:#cb181d}"
    ".cv-why{font-size:0.9rem;padding-left:1.4rem;margin:0}.cv-why li{margin-bottom:0.35rem}"
    "</style>"
)


def _default_weight(pillar: str) -> int:
    return int(round(dict(DEFAULT_WEIGHTS)[pillar] * 100))


def controls(n_hoods: int, last_day: date | None, lang: str) -> tuple[PrioritySpec, date | None]:
    """The page's widgets (in two popovers), read into the spec and the window's last day."""
    for pillar in PILLARS:
        state_default(f"prio_w_{pillar}", _default_weight(pillar))
    state_default("prio_walk", 800)
    state_default("prio_top", max(1, min(10, n_hoods)))
    state_default("prio_draws", 1000)
    state_default("prio_months", 12)
    state = st.session_state
    chosen_end = state.get("prio_end") or last_day
    norm = state.get("prio_norm", NORMALISE[0])
    options_label = t(
        "priority.page.options",
        normalise=t(f"priority.normalise.{norm if norm in NORMALISE else NORMALISE[0]}"),
        walk=number(state["prio_walk"], lang),
        k=number(state["prio_top"], lang),
        end=chosen_end.isoformat() if chosen_end else t("priority.page.options.last"),
    )
    custom = any(state[f"prio_w_{p}"] != _default_weight(p) for p in PILLARS)
    weights_label = t(
        "priority.page.weights.button",
        state=t(f"priority.page.weights.{'custom' if custom else 'default'}"),
    )
    opts_col, weights_col, _ = st.columns([2.6, 1.2, 1.4], gap="small")
    with opts_col, st.popover(options_label, icon=":material/tune:", key="prio_options"):
        normalise = coded_selectbox(
            st,
            t("priority.page.normalise"),
            NORMALISE,
            key="prio_norm",
            format_func=labeler("priority.normalise."),
            help=t("priority.page.normalise.help"),
            lang=lang,
        )
        walk = st.number_input(
            t("priority.page.walk"),
            100,
            3000,
            step=50,
            key="prio_walk",
            help=t("priority.page.walk.help"),
        )
        top_k = st.number_input(
            t("priority.page.top"),
            1,
            max(1, n_hoods),
            step=1,
            key="prio_top",
            help=t("priority.page.top.help"),
        )
        draws = st.number_input(
            t("priority.page.draws"),
            100,
            5000,
            step=100,
            key="prio_draws",
            help=t("priority.page.draws.help"),
        )
        months = st.number_input(t("priority.page.months"), 1, 60, key="prio_months")
        end = st.date_input(
            t("priority.page.end"),
            value=last_day,
            key="prio_end",
            help=t("priority.page.end.help"),
            format="DD/MM/YYYY",
        )
    with (
        weights_col,
        st.popover(weights_label, icon=":material/balance:", key="prio_weights"),
    ):
        st.caption(t("priority.page.weights.intro"))
        weights = {
            pillar: float(
                st.slider(
                    t(f"priority.pillar.{pillar}"),
                    0,
                    100,
                    step=5,
                    key=f"prio_w_{pillar}",
                    help=t(f"priority.reason.{pillar}"),
                )
            )
            for pillar in PILLARS
        }
        if st.button(t("priority.page.weights.reset"), key="prio_w_reset"):
            for pillar in PILLARS:
                st.session_state[f"prio_w_{pillar}"] = _default_weight(pillar)
            st.rerun()
    if sum(weights.values()) <= 0:
        st.warning(t("priority.page.weights.zero"))
        weights = {p: w for p, w in DEFAULT_WEIGHTS}
    spec = PrioritySpec.of(
        weights,
        normalise=normalise,
        months=int(months),
        walk_m=float(walk),
        top_k=int(top_k),
        draws=int(draws),
    )
    return spec, end if isinstance(end, date) else None


def figures(rec: NeighborhoodRecommendation, lang: str) -> None:
    """The headline figures: ranked, the top ``k``, how robust it is, its gaps; and the notes."""
    h = rec.headline()
    k = number(h.top_k, lang)

    def maybe(n: int | None) -> str:
        return number(n, lang)  # None shows as a dash: the layer that would tell is missing

    w = rec.window
    show_figures(
        [
            Figure(t("priority.page.fig.ranked"), number(h.ranked, lang)),
            Figure(t("priority.page.fig.top"), k, t("priority.page.fig.top.help")),
            Figure(
                t("priority.page.fig.robust"),
                number(h.robust, lang),
                t("priority.page.fig.robust.help", k=k, pct=number(100 * ROBUST, lang)),
            ),
            Figure(
                t("priority.page.fig.fragile"),
                number(h.fragile, lang),
                t("priority.page.fig.fragile.help", k=k, pct=number(100 * FRAGILE, lang)),
            ),
            Figure(
                t("priority.page.fig.outside"),
                maybe(h.outside_territories),
                t("priority.page.fig.outside.help"),
            ),
            Figure(
                t("priority.page.fig.missing"),
                maybe(h.missing_components),
                t("priority.page.fig.missing.help"),
            ),
        ],
        lead=t(
            "priority.page.lead",
            start=w.start.isoformat(),
            end=w.end.isoformat(),
            months=number(rec.spec.months, lang),
            normalise=t(f"priority.normalise.{rec.spec.normalise}"),
        ),
        notes=notes(rec, lang),
    )


def notes(rec: NeighborhoodRecommendation, lang: str) -> list[str]:
    """What the index could not use: incidents outside every barrio, left-out data, few residents."""
    out = []
    if rec.outside:
        out.append(t("priority.page.note.outside", n=number(rec.outside, lang)))
    for indicator, reason in rec.left_out.items():
        name = t(f"priority.indicator.{indicator}")
        out.append(t(f"priority.left_out.{reason}", indicator=name))
    for pillar in rec.pillars_left_out:
        out.append(t("priority.page.note.pillar", pillar=t(f"priority.pillar.{pillar}")))
    small = int(rec.ranked["small_population"].sum())
    if small:
        least = number(settings.min_residents, lang)
        out.append(t("priority.page.note.small", n=number(small, lang), min=least))
    return out


def _score(values: pd.Series) -> pd.Series:
    """0-1 scores as whole numbers 0-100 (blank stays blank)."""
    return (pd.to_numeric(values, errors="coerce") * 100).round(0)


def draw_map(
    rec: NeighborhoodRecommendation,
    ws: Workspace,
    territories: gpd.GeoDataFrame | None,
    lang: str,
) -> None:
    """The map: barrios coloured by priority, the top ``k`` labelled with their rank, the
    gestores territories over them as context."""
    base_key = ("priority", ws.location, ws.content_hash, ws.synthetic, lang)
    frame = rec.ranked

    def base() -> folium.Map:
        m = offline_map(prefer_canvas=True)
        if territories is not None:  # off at first: their labels would cover the ranks
            context_layers.add_territories(m, territories, lang, show=False)
        if ws.synthetic:
            maps.add_synthetic_banner(m, t("synthetic.map"))
        maps.fit_to(m, frame.geometry)
        return m

    overlay = Overlay(
        (rec.spec, rec.window.end, lang), lambda m: _overlay(m, rec, lang), owners=(rec,)
    )
    show_map(base_key, base, widget_key="priority_map", overlay=overlay)
    st.caption(t("priority.page.map.caption", k=number(rec.spec.top_k, lang)))


def _overlay(m: folium.Map, rec: NeighborhoodRecommendation, lang: str) -> None:
    ranked = rec.ranked
    codes = ranked["missing_components"].fillna("").astype(str)
    layer = gpd.GeoDataFrame(
        {
            "score": _score(ranked["priority"]).to_numpy(),
            "t_name": ranked["name"].astype(str).to_numpy(),
            "t_rank": [number(r, lang) for r in ranked["rank"]],
            "t_score": [number(v, lang) for v in _score(ranked["priority"])],
            "t_p": [f"{number(100 * p, lang)} %" for p in ranked["p_top_k"]],
            "t_missing": [_component_names(c) or "–" for c in codes],
        },
        geometry=ranked.geometry.to_numpy(),
        crs=ranked.crs,
    )
    k = number(rec.spec.top_k, lang)
    maps.add_cells(
        m,
        layer,
        value="score",
        name=t("priority.page.map.layer"),
        legend_title=t("priority.page.col.priority"),
        tooltip_fields=["t_name", "t_rank", "t_score", "t_p", "t_missing"],
        tooltip_aliases=[
            t("field.name"),
            t("priority.indicator.rank"),
            t("priority.page.col.priority"),
            t("priority.page.col.p_top_k", k=k),
            t("priority.indicator.missing_components"),
        ],
        k=5,
        fill_opacity=0.7,
        number_locale=maps.number_locale(lang),
    )
    _articulation_layer(m, rec, lang)
    top = rec.top
    _, group = maps.layer_group(m, t("priority.page.map.top", k=k), True)
    maps.add_labels(
        group, top.geometry, [f"#{int(r)}" for r in top["rank"]], ["#111111"] * len(top)
    )
    group.add_to(m)


#: Outlines of the articulation layer: priority barrios missing a component, and barrios
#: where partners already overlap on one (candidates for coordination).
GAP_LINE, OVERLAP_LINE = "#2171b5", "#6a51a3"


def _articulation_layer(m: folium.Map, rec: NeighborhoodRecommendation, lang: str) -> None:
    """Outline the top-k barrios that miss a PAZOS component (blue) and the barrios where two
    or more partners already work on one component with a programme of their own (purple,
    dotted); the tooltip names the missing components, the overlaps and the partner types."""
    ranked = rec.ranked
    ids = ranked["neighborhood_id"].astype(str)
    top_ids = set(rec.top["neighborhood_id"].astype(str))
    codes = ranked["missing_components"].fillna("").astype(str)
    overlaps = rec.local_overlaps()
    over = overlaps.groupby("neighborhood_id")["component"].agg(
        lambda c: ", ".join(t(f"component.{x}") for x in c)
    )
    partners = rec.partner_types()
    gap = ids.isin(top_ids).to_numpy() & (codes != "").to_numpy()
    shared = ids.isin(over.index).to_numpy()
    keep = gap | shared
    if not keep.any():
        return
    line = [OVERLAP_LINE if (s and not g) else GAP_LINE for g, s in zip(gap, shared, strict=True)]
    dash = ["2 5" if (s and not g) else "" for g, s in zip(gap, shared, strict=True)]
    props = {
        "_line": [c for c, k in zip(line, keep, strict=True) if k],
        "_dash": [d for d, k in zip(dash, keep, strict=True) if k],
        "t0": ranked["name"].astype(str)[keep].tolist(),
        "t1": [_component_names(c) or "–" for c in codes[keep]],
        "t2": [over.get(i, "–") for i in ids[keep]],
        "t3": [_partner_names(partners.get(i, ())) or "–" for i in ids[keep]],
    }
    style = JsCode(
        "function(f){return {className:'cv-articulation',color:f.properties._line,weight:3.5,"
        "dashArray:f.properties._dash||null,fill:false,opacity:0.95};}"
    )
    maps.add_geojson_layer(
        m,
        gpd.GeoSeries(ranked.geometry[keep].to_numpy(), crs=ranked.crs),
        props,
        name=t("priority.page.map.articulation"),
        style=style,
        tooltip_fields=["t0", "t1", "t2", "t3"],
        tooltip_aliases=[
            t("field.name"),
            t("priority.indicator.missing_components"),
            t("priority.page.map.overlaps"),
            t("priority.page.map.partner_types"),
        ],
        legend_title=t("priority.page.map.articulation"),
        legend_rows=[
            (GAP_LINE, t("priority.page.map.gap", k=number(rec.spec.top_k, lang)), "outline"),
            (OVERLAP_LINE, t("priority.page.map.overlap"), "outline"),
        ],
    )


def _component_names(codes: str) -> str:
    return ", ".join(t(f"component.{c}") for c in codes.split(",") if c)


def _partner_names(codes: Sequence[str] | str) -> str:
    items = codes.split(",") if isinstance(codes, str) else list(codes)
    return ", ".join(t(f"articulation.partner_type.{c}") for c in items if c)


def robustness_html(rec: NeighborhoodRecommendation, lang: str) -> str:
    """The first :data:`ROBUST_ROWS` barrios with their ``p_top_k`` as a bar and a percentage."""
    k = number(rec.spec.top_k, lang)
    head = (
        f"<tr><th class='n'>{html.escape(t('priority.indicator.rank'))}</th>"
        f"<th>{html.escape(t('field.name'))}</th>"
        f"<th>{html.escape(t('priority.page.robust.col', k=k))}</th></tr>"
    )
    rows = []
    for _, row in rec.ranked.head(ROBUST_ROWS).iterrows():
        p = float(row["p_top_k"])
        rows.append(
            f"<tr><td class='n'>{number(row['rank'], lang)}</td>"
            f"<td>{html.escape(str(row['name']))}</td>"
            "<td class='cv-p'><div class='cv-bar'>"
            f"<div style='width:{100 * p:.1f}%'></div></div>"
            f"<span>{number(100 * p, lang)} %</span></td></tr>"
        )
    return (
        f"{_CSS}<table class='cv-art'><thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>"
    )


def sentences_html(rec: NeighborhoodRecommendation, table: pd.DataFrame) -> str:
    """The top ``k`` barrios, each with its sentence (``table``: the result table)."""
    items = [
        f"<li><b>{html.escape(str(row['name']))}</b> ({html.escape(str(row['neighborhood_id']))})"
        f" — {html.escape(str(row['explanation']))}</li>"
        for _, row in table.head(rec.spec.top_k).iterrows()
    ]
    return f"<ol class='cv-why'>{''.join(items)}</ol>{_CSS}"


def ranking(rec: NeighborhoodRecommendation, table: pd.DataFrame, lang: str) -> None:
    """Every barrio: rank, name, priority, each pillar as a bar, ``p_top_k``, the missing
    components and the sentence (``table``: :func:`models.recommend.neighborhoods.result_table`)."""
    k = number(rec.spec.top_k, lang)
    frame = pd.DataFrame(
        {
            "rank": table["rank"].to_numpy(),
            "name": table["name"].astype(str).to_numpy(),
            "priority": _score(table["priority"]).to_numpy(),
            **{p: _score(table[p]).to_numpy() for p in PILLARS},
            "p_top_k": _score(table["p_top_k"]).to_numpy(),
            "missing": [_component_names(str(c or "")) for c in table["missing_components"]],
            "why": table["explanation"].to_numpy(),
        }
    )
    if "n_missing_components" not in table.columns:  # no programmes layer: nothing to say
        frame = frame.drop(columns="missing")

    def bar(label: str, help_text: str | None = None) -> ColumnConfig:
        return st.column_config.ProgressColumn(
            label, min_value=0, max_value=100, format="%d", help=help_text
        )

    config = {
        "rank": st.column_config.NumberColumn(
            t("priority.indicator.rank"), format="%d", width="small"
        ),
        "name": st.column_config.TextColumn(t("field.name")),
        "priority": bar(t("priority.page.col.priority")),
        **{p: bar(t(f"priority.pillar.{p}"), t(f"priority.reason.{p}")) for p in PILLARS},
        "p_top_k": bar(
            t("priority.page.robust.col", k=k), t("priority.page.col.p_top_k.help", k=k)
        ),
        "missing": st.column_config.TextColumn(t("priority.indicator.missing_components")),
        "why": st.column_config.TextColumn(t("priority.page.col.why"), width="large"),
    }
    st.dataframe(frame, column_config=config, hide_index=True, key="prio_ranking")


def articulation(rec: NeighborhoodRecommendation, lang: str) -> None:
    """The articulation: the matrix barrio x component, the citywide programmes, where
    partners overlap, and which components a new partner could fill."""
    art = rec.articulation
    if art is None:
        return
    k = number(rec.spec.top_k, lang)
    st.caption(t("priority.page.art.caption", end=rec.window.end.isoformat(), k=k))
    if not len(art.long):
        st.info(t("priority.page.art.none"))
        return
    citywide = rec.citywide()
    if len(citywide):
        items = []
        for component, rows in citywide.groupby("component", sort=False):
            items.append(
                t(
                    "priority.page.art.citywide.item",
                    component=t(f"component.{component}"),
                    n=number(int(rows["programs"].sum()), lang),
                    types=_partner_names(rows["partner_type"].tolist()),
                )
            )
        st.caption(t("priority.page.art.citywide", items="; ".join(items)))
    unknown = int(art.long.attrs.get("unknown_partner_type", 0))
    if unknown:
        st.caption(t("articulation.unknown_types", n=number(unknown, lang)))
    st.html(matrix_html(rec, lang))
    st.markdown(f"**{t('priority.page.art.overlaps.title')}**")
    st.caption(t("articulation.overlaps"))
    local = rec.local_overlaps()
    if len(local):
        st.html(_named(rec, local, lang, order="rank"))
    else:
        st.caption(t("priority.page.art.overlaps.none"))
    st.markdown(f"**{t('priority.page.art.fill.title')}**")
    pick, _ = st.columns([1, 2])
    partner = coded_selectbox(
        pick,
        t("priority.page.art.fill.partner"),
        PARTNER_CHOICES,
        key="prio_partner",
        format_func=labeler("articulation.partner_type."),
        lang=lang,
    )
    st.caption(t("priority.page.art.fill.caption", k=k))
    ids = rec.top["neighborhood_id"].astype(str).tolist()
    options = fill_options(art, ids, partner)
    if len(options):
        st.html(_fill_table(rec, options, lang))
    else:
        st.caption(t("priority.page.art.fill.none"))


def _fill_table(rec: NeighborhoodRecommendation, options: pd.DataFrame, lang: str) -> str:
    """:func:`~models.recommend.articulation.fill_options` as one row per barrio: its rank, its
    name and the components it lacks, each with how many programmes of it run in the city."""
    names = dict(zip(rec.ranked["neighborhood_id"], rec.ranked["name"], strict=True))
    rows = []
    for hood, found in options.groupby("neighborhood_id", sort=False):
        parts = [
            f"{t(f'component.{c}')} ({number(n, lang)})"
            for c, n in zip(found["component"], found["programs_elsewhere"], strict=True)
        ]
        rows.append(
            {
                t("priority.indicator.rank"): int(found["priority_order"].iloc[0]),
                t("articulation.col.neighborhood_id"): f"{names[hood]} ({hood})",
                t("priority.page.art.fill.col"): ", ".join(parts),
            }
        )
    return html_table(pd.DataFrame(rows), lang)


def _named(rec: NeighborhoodRecommendation, frame: pd.DataFrame, lang: str, *, order: str) -> str:
    """An articulation table (overlaps, fill options) with barrio names and translated codes."""
    names = dict(zip(rec.ranked["neighborhood_id"], rec.ranked["name"], strict=True))
    ranks = dict(zip(rec.ranked["neighborhood_id"], rec.ranked["rank"], strict=True))
    out = pd.DataFrame(
        {
            t("priority.indicator.rank"): [ranks[h] for h in frame["neighborhood_id"]]
            if order == "rank"
            else frame[order].to_numpy(),
            t("articulation.col.neighborhood_id"): [
                f"{names[h]} ({h})" for h in frame["neighborhood_id"]
            ],
            t("articulation.col.component"): [t(f"component.{c}") for c in frame["component"]],
        }
    )
    for column in ("programs", "partners", "programs_elsewhere"):
        if column in frame.columns:
            out[t(f"articulation.col.{column}")] = frame[column].to_numpy()
    out[t("articulation.col.partner_types")] = [
        _partner_names(str(v)) for v in frame["partner_types"]
    ]
    return html_table(out, lang)


def matrix_html(rec: NeighborhoodRecommendation, lang: str) -> str:
    """The matrix barrio x component (running programmes), for the top ``k`` and the barrios
    with a local overlap: a missing component in red, an overlap of partners in blue, and the
    partner types present."""
    art = rec.articulation
    assert art is not None
    top_ids = rec.top["neighborhood_id"].astype(str).tolist()
    overlap_ids = set(rec.local_overlaps()["neighborhood_id"])
    ids = [h for h in rec.ranked["neighborhood_id"].astype(str) if h in overlap_ids or h in top_ids]
    ranked = rec.ranked.set_index("neighborhood_id")
    crowded = set(zip(art.overlaps["neighborhood_id"], art.overlaps["component"], strict=True))
    types = rec.partner_types()
    head = (
        f"<th class='n'>{html.escape(t('priority.indicator.rank'))}</th>"
        f"<th>{html.escape(t('articulation.col.neighborhood_id'))}</th>"
        + "".join(f"<th class='n'>{html.escape(t(f'component.{c}'))}</th>" for c in COMPONENTS)
        + f"<th>{html.escape(t('articulation.col.partner_types'))}</th>"
    )
    rows = []
    for hood in ids:
        cells = []
        for c in COMPONENTS:
            n = int(art.matrix.loc[hood, c])
            cls = "n miss" if n == 0 else ("n over" if (hood, c) in crowded else "n")
            cells.append(f"<td class='{cls}'>{number(n, lang)}</td>")
        rows.append(
            f"<tr><td class='n'>{number(ranked.loc[hood, 'rank'], lang)}</td>"
            f"<td>{html.escape(str(ranked.loc[hood, 'name']))}</td>{''.join(cells)}"
            f"<td>{html.escape(_partner_names(types.get(hood, ())))}</td></tr>"
        )
    key = (
        f"<p style='font-size:0.8rem;color:rgba(49,51,63,0.7)'>"
        f"<span class='cv-key' style='background:{MISSING_BG}'></span>"
        f"{html.escape(t('priority.page.art.legend.missing'))}"
        f"<span class='cv-key' style='background:{OVERLAP_BG}'></span>"
        f"{html.escape(t('priority.page.art.legend.overlap'))}</p>"
    )
    return (
        f"{_CSS}<table class='cv-art'><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>{key}"
    )


def downloads(key: tuple[str, str, PrioritySpec, date | None], lang: str) -> None:
    """The CLI's table, as CSV, GeoJSON or GeoPackage (built when clicked)."""
    with st.popover(
        t("priority.page.download.title"), icon=":material/download:", key="prio_downloads"
    ):
        for fmt in cast(Sequence[Format], ("csv", "geojson", "gpkg")):
            st.download_button(
                t("priority.page.download.file", fmt=FORMAT_NAMES[fmt]),
                data=functools.partial(neighborhood_file_bytes, *key, fmt, lang),
                file_name=f"recommend_neighborhoods{FORMATS[fmt][0]}",
                mime=FORMATS[fmt][1],
                key=f"prio_dl_{fmt}",
                on_click="ignore",
            )
