"""The Evaluation page's pieces: its options, the treatment map, the figures, the event-study
chart, the agreement table, the per-barrio estimates and the downloads.

Every word comes from the catalogue (``evaluation.*``); numbers are formatted
in the page's language. The page (:mod:`pages.evaluation`) calls these in
order; none of them computes an estimate.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Sequence
from datetime import date
from typing import Any, cast

import altair as alt
import folium
import geopandas as gpd
import pandas as pd
import streamlit as st

from catalog.say import number, percent
from geo import schema
from geo.export import FORMAT_NAMES, FORMATS, Format
from geo.workspace import Workspace
from models import options
from models.evaluation import Estimate, EvaluationResult, EvaluationSpec, Treatment
from models.evaluation_text import (
    check_table,
    ci_texts,
    facts,
    interval_text,
    outcome_name,
    p_value,
)
from ui import maps
from ui.cache import evaluation_file_bytes
from ui.figures import Figure, show_figures
from ui.i18n import t
from ui.offline import offline_map
from ui.panels import show_map
from ui.tables import html_table
from ui.widgets import coded_selectbox, state_default

#: Each group's colour on the map and in the legend.
GROUP_COLORS: dict[str, str] = {
    "treated": "#2171b5",
    "neighbour": "#fd8d3c",
    "control": "#bdbdbd",
    "excluded": "#ffffff",
}
#: The event study's axis ticks, as rate ratios (-95 % ... +1,900 %).
RATIO_TICKS: tuple[float, ...] = (0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 10.0, 20.0)
#: The outcomes the form offers: the groups, all, then every category.
OUTCOMES: tuple[str, ...] = (*options.OUTCOME_GROUPS, "all", *schema.CATEGORIES)


def window_keys(content_hash: str) -> tuple[str, str]:
    """The window's widget keys: tied to the workspace's content, so another workspace (or an
    import) starts from its own data's dates (a keyed date input keeps its value otherwise)."""
    return f"ev_since_{content_hash[:12]}", f"ev_until_{content_hash[:12]}"


def controls(
    first_day: date | None, last_day: date | None, content_hash: str, lang: str
) -> EvaluationSpec:
    """The evaluation's options in a popover whose button says what is set."""
    since_key, until_key = window_keys(content_hash)
    state_default("ev_treatment", "territories")
    state_default("ev_outcome", "violence")
    state_default("ev_step", "Q")
    state_default("ev_components", [])
    state_default("ev_permutations", options.DEFAULT_PERMUTATIONS)
    state = st.session_state
    since = state.get(since_key) or first_day
    until = state.get(until_key) or last_day
    label = t(
        "evaluation.page.options",
        treatment=t(f"evaluation.treatment.{state['ev_treatment']}"),
        outcome=outcome_name(str(state["ev_outcome"]), lang),
        step=t(f"evaluation.step.{state['ev_step']}"),
        since=since.isoformat() if isinstance(since, date) else "–",
        until=until.isoformat() if isinstance(until, date) else "–",
    )
    col, _ = st.columns([3, 2])
    with col, st.popover(label, icon=":material/tune:", key="ev_options"):
        treatment = coded_selectbox(
            st,
            t("evaluation.page.treatment"),
            list(options.TREATMENTS),
            key="ev_treatment",
            format_func=lambda code: t(f"evaluation.treatment.{code}"),
            help=t("evaluation.page.treatment.help"),
            lang=lang,
        )
        components: list[str] = []
        if treatment == "programs":
            components = st.multiselect(
                t("evaluation.page.components"),
                list(schema.COMPONENTS),
                key="ev_components",
                format_func=lambda code: t(f"component.{code}"),
                help=t("evaluation.page.components.help"),
            )
        outcome = coded_selectbox(
            st,
            t("evaluation.page.outcome"),
            list(OUTCOMES),
            key="ev_outcome",
            format_func=lambda code: outcome_name(code, lang),
            lang=lang,
        )
        step = coded_selectbox(
            st,
            t("evaluation.page.step"),
            list(options.EVALUATION_STEPS),
            key="ev_step",
            format_func=lambda code: t(f"evaluation.step.{code}"),
            lang=lang,
        )
        left, right = st.columns(2)
        chosen_since = left.date_input(
            t("evaluation.page.since"),
            value=first_day,
            min_value=first_day,
            max_value=last_day,
            key=since_key,
            help=t("evaluation.page.window.help"),
            format="DD/MM/YYYY",
        )
        chosen_until = right.date_input(
            t("evaluation.page.until"),
            value=last_day,
            min_value=first_day,
            max_value=last_day,
            key=until_key,
            format="DD/MM/YYYY",
        )
        permutations = st.number_input(
            t("evaluation.page.permutations"),
            0,
            999,
            step=50,
            key="ev_permutations",
            help=t("evaluation.page.permutations.help"),
        )
    return EvaluationSpec(
        treatment=treatment,
        components=tuple(components) if treatment == "programs" else (),
        outcome=outcome,
        step=step,
        since=chosen_since if isinstance(chosen_since, date) else None,
        until=chosen_until if isinstance(chosen_until, date) else None,
        permutations=int(permutations),
    )


def treatment_map(
    treatment: Treatment,
    hoods: gpd.GeoDataFrame,
    territories: gpd.GeoDataFrame | None,
    ws: Workspace,
    key: tuple[object, ...],
    lang: str,
) -> None:
    """The barrios coloured by group (treated, neighbour, control), their start and source in
    the tooltip, the territories outlined: who was treated, before any number."""

    def build() -> folium.Map:
        m = offline_map(prefer_canvas=True)
        b = treatment.barrios
        groups = b["group"].astype(str)
        starts = [
            s.date().isoformat() if isinstance(s, pd.Timestamp) and not pd.isna(s) else "–"
            for s in b["start"]
        ]
        maps.add_geojson_layer(
            m,
            gpd.GeoSeries(hoods.geometry.to_numpy(), crs=hoods.crs),
            {
                "_fill": [GROUP_COLORS[g] for g in groups],
                "t0": b["name"].astype(str).tolist(),
                "t1": [t(f"evaluation.group.{g}") for g in groups],
                "t2": starts,
                "t3": [str(s) or "–" for s in b["source"]],
            },
            name=t("evaluation.page.layer.groups"),
            style=maps.style_function(
                className="cv-ev-group", fillOpacity=0.6, weight=1, color="#525252"
            ),
            tooltip_fields=["t0", "t1", "t2", "t3"],
            tooltip_aliases=[
                t("field.name"),
                t("evaluation.page.col.group"),
                t("evaluation.page.col.start"),
                t("evaluation.page.col.source"),
            ],
            legend_title=t("evaluation.page.layer.groups"),
            legend_rows=[
                (GROUP_COLORS[g], t(f"evaluation.group.{g}"), "box")
                for g in ("treated", "neighbour", "control", "excluded")
                if (groups == g).any()
            ],
        )
        if territories is not None and len(territories):
            maps.add_territories(
                m,
                territories,
                name=t("layer.territories"),
                fields=("team",),
                aliases=(t("field.team"),),
                number_locale=maps.number_locale(lang),
            )
        if ws.synthetic:
            maps.add_synthetic_banner(m, t("synthetic.map"))
        maps.add_layer_control(m, collapsed=True)
        maps.fit_to(m, hoods.geometry)
        return m

    show_map(key, build, widget_key="evaluation_map", owners=(treatment,))


def summary(slot: Any, result: EvaluationResult, lang: str) -> None:
    """The figures and the facts under them, in ``slot`` (an ``st.empty``: drawn again, in
    place, once the randomisation inference is in)."""
    with slot.container():
        figures(result, lang)
        st.html(bullets_html(facts(result, lang)))


def _ci_help(key: str, e: Estimate, lang: str) -> str:
    lo, hi = ci_texts(e, lang)
    return t(key, lo=lo, hi=hi)


def figures(result: EvaluationResult, lang: str) -> None:
    """The treated and neighbour effects, the minimum detectable effect and the two p-values."""
    a = result.analysis
    treated = a.primary.treated
    cards = [
        Figure(
            t("evaluation.page.fig.treated"),
            percent(treated.estimate, lang, signed=True),
            _ci_help("evaluation.page.fig.treated.help", treated, lang),
        )
    ]
    n = a.primary.neighbours
    if n is not None:
        cards.append(
            Figure(
                t("evaluation.page.fig.neighbours"),
                percent(n.estimate, lang, signed=True),
                _ci_help("evaluation.page.fig.neighbours.help", n, lang),
            )
        )
    cards.append(
        Figure(
            t("evaluation.page.fig.mde"),
            percent(a.mde, lang),
            t("evaluation.page.fig.mde.help"),
        )
    )
    if a.event.pre_trend_df:
        cards.append(
            Figure(
                t("evaluation.page.fig.pretrend"),
                p_value(a.event.pre_trend_p, lang),
                t("evaluation.page.fig.pretrend.help"),
            )
        )
    if a.randomisation is not None:
        cards.append(
            Figure(
                t("evaluation.page.fig.ri"),
                p_value(a.randomisation.p, lang),
                t("evaluation.page.fig.ri.help"),
            )
        )
    show_figures(cards)


def event_chart(result: EvaluationResult, lang: str) -> alt.LayerChart | alt.FacetChart:
    """The event study: a point and its 95 % interval per period since the start, no change and
    the start marked. The axis is the rate ratio on a log scale (labelled as changes), so -50 %
    and +100 % stand equally far from no change and one wide interval does not flatten the
    rest."""
    table = result.analysis.event.table.dropna(subset=["estimate"]).copy()
    for column in ("estimate", "ci_low", "ci_high"):
        table[f"{column}_ratio"] = (1.0 + table[column]).clip(lower=0.01)
    table["when"] = [
        t("evaluation.page.event.before") if r < 0 else t("evaluation.page.event.after")
        for r in table["rel"]
    ]
    table["shown"] = [percent(v, lang, signed=True) for v in table["estimate"]]
    table["interval"] = [
        interval_text(lo, hi, lang)
        for lo, hi in zip(table["ci_low"], table["ci_high"], strict=True)
    ]
    steps = t(f"evaluation.steps.{result.spec.step}")
    x_title = t("evaluation.page.event.x", steps=steps[:1].upper() + steps[1:])
    y_title = t("evaluation.page.event.y")
    x = alt.X("rel:Q", title=x_title, axis=alt.Axis(tickMinStep=1, format="d"))
    y_scale = alt.Scale(type="log")
    y_labels = "format(datum.value - 1, '+.0%')"
    color = alt.Color(
        "when:N",
        title=None,
        scale=alt.Scale(
            domain=[t("evaluation.page.event.before"), t("evaluation.page.event.after")],
            range=["#737373", "#2171b5"],
        ),
        legend=alt.Legend(orient="top"),
    )
    tooltip = [
        alt.Tooltip("rel:Q", title=x_title),
        alt.Tooltip("shown:N", title=y_title),
        alt.Tooltip("interval:N", title=t("evaluation.page.col.ci")),
    ]
    base = alt.Chart(table)
    bars = base.mark_rule(strokeWidth=2).encode(
        x=x, y=alt.Y("ci_low_ratio:Q", scale=y_scale), y2="ci_high_ratio:Q", color=color
    )
    points = base.mark_circle(size=70, opacity=1).encode(
        x=x,
        y=alt.Y(
            "estimate_ratio:Q",
            title=y_title,
            scale=y_scale,
            axis=alt.Axis(labelExpr=y_labels, values=list(RATIO_TICKS), grid=True),
        ),
        color=color,
        tooltip=tooltip,
    )
    zero = (
        alt.Chart(pd.DataFrame({"y": [1.0]}))
        .mark_rule(color="#252525")
        .encode(y=alt.Y("y:Q", scale=y_scale))
    )
    start = (
        alt.Chart(pd.DataFrame({"x": [-0.5]}))
        .mark_rule(color="#252525", strokeDash=[4, 4])
        .encode(x="x:Q")
    )
    return alt.layer(zero, start, bars, points).properties(height=320)


def checks_table_html(result: EvaluationResult, lang: str) -> str:
    """The agreement table, its columns in ``lang``."""
    frame = check_table(result.analysis.checks, lang)
    frame.columns = [
        t("evaluation.page.col.method"),
        t("evaluation.page.col.estimate"),
        t("evaluation.page.col.ci"),
        t("evaluation.page.col.p"),
        t("evaluation.page.col.agreement"),
    ]
    return html_table(frame, lang)


def barrio_table_html(result: EvaluationResult, lang: str) -> str:
    """The treated barrios' indicative estimates, in the barrios' id order (never ranked)."""
    names = result.treatment.barrios.set_index("neighborhood_id")["name"]
    own = result.analysis.barrios
    frame = pd.DataFrame(
        {
            t("field.name"): [str(names.get(u, u)) for u in own["unit"]],
            t("evaluation.page.col.estimate"): [
                percent(v, lang, signed=True) for v in own["estimate"]
            ],
            t("evaluation.page.col.ci"): [
                interval_text(lo, hi, lang)
                for lo, hi in zip(own["ci_low"], own["ci_high"], strict=True)
            ],
        }
    )
    return html_table(frame, lang)


def bullets_html(lines: Sequence[str]) -> str:
    """Sentences as a plain list (text escaped)."""
    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
    return f'<ul style="margin:0 0 0.5rem 1.1rem;padding:0">{items}</ul>'


def downloads(key: tuple[str, str, EvaluationSpec], lang: str) -> None:
    """The CLI's outputs: the event study, the headline JSON, the barrios (built when clicked)."""
    files: list[tuple[str, Format, str, str, str]] = [
        (
            "event",
            "csv",
            t("evaluation.page.download.event"),
            "evaluation_event_study.csv",
            "text/csv",
        ),
        (
            "headline",
            "csv",
            t("evaluation.page.download.headline"),
            "evaluation.json",
            "application/json",
        ),
    ]
    for fmt in cast(Sequence[Format], ("csv", "geojson", "gpkg")):
        label = t("evaluation.page.download.barrios", fmt=FORMAT_NAMES[fmt])
        files.append(
            ("barrios", fmt, label, f"evaluation_barrios{FORMATS[fmt][0]}", FORMATS[fmt][1])
        )
    with st.popover(t("evaluation.page.download"), icon=":material/download:", key="ev_dl"):
        for which, fmt, label, name, mime in files:
            st.download_button(
                label,
                data=functools.partial(evaluation_file_bytes, *key, which, fmt),
                file_name=name,
                mime=mime,
                key=f"ev_dl_{which}_{fmt}",
                on_click="ignore",
            )


def who_caption(treatment: Treatment, lang: str) -> str:
    """How many barrios of each group (before the window's own exclusions)."""
    return t(
        "evaluation.page.who.caption",
        treated=number(treatment.count("treated"), lang),
        neighbours=number(treatment.count("neighbour"), lang),
        controls=number(treatment.count("control"), lang),
    )


__all__ = [
    "GROUP_COLORS",
    "OUTCOMES",
    "barrio_table_html",
    "bullets_html",
    "checks_table_html",
    "controls",
    "downloads",
    "event_chart",
    "figures",
    "summary",
    "treatment_map",
    "who_caption",
    "window_keys",
]
