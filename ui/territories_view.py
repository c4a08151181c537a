"""The Territories page's pieces: controls, figures, maps, team tables, the redesign, scenarios.

The page (``pages/territories.py``) reads :func:`controls` into a
:class:`~models.territories.TerritorySpec` and the window's last day, runs
:func:`ui.cache.territory_evaluation` and draws it with :func:`figures`,
:func:`current_map`, :func:`team_table` and :func:`splits`. The redesign's
form (:func:`proposal_form`) stores a :class:`~models.territories.ProposalSpec`
when its button is pressed; :func:`proposal_section` runs
:func:`ui.cache.territory_proposal` and draws the current and proposed plans
side by side, the per-team tables of both, and the buttons that save the
proposal as a named scenario and, only when the user says so, adopt it as
the territories layer (recorded in the import history).
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

from catalog.say import number, percent
from geo.export import FORMAT_NAMES, FORMATS, Format
from geo.workspace import LayerSource, Workspace
from models.districting import DEFAULT_COMPACTNESS
from models.territories import (
    BALANCES,
    ProposalSpec,
    TerritoryEvaluation,
    TerritoryProposal,
    TerritorySpec,
    numeric_columns,
    proposal_layer,
    scenario_record,
)
from models.territories_text import (
    balance_name,
    evaluation_sentences,
    figure_texts,
    link_sentences,
    proposal_sentence,
    team_name,
)
from ui import maps
from ui.cache import territory_file_bytes
from ui.figures import Figure, show_figures
from ui.i18n import t
from ui.offline import offline_map
from ui.panels import show_map
from ui.tables import html_table
from ui.widgets import coded_selectbox, state_default

#: Outline of a barrio the proposal moves to another team, and of one outside every territory.
MOVED_LINE, NONE_FILL = "#111111", "#d9d9d9"
#: The session-state key of the last requested redesign.
PROPOSAL_KEY = "terr_proposal_spec"

_CSS = (
    "<style>.cv-why{font-size:0.9rem;padding-left:1.4rem;margin:0}"
    ".cv-why li{margin-bottom:0.35rem}</style>"
)


def _columns_to_balance(hoods: gpd.GeoDataFrame | None) -> list[str]:
    """The definitions offered: :data:`BALANCES`, then the barrios' other numeric columns."""
    if hoods is None:
        return list(BALANCES)
    named = {"population", "youth_population", *BALANCES}  # offered already, by their names
    return [*BALANCES, *(c for c in numeric_columns(hoods) if c not in named)]


def controls(
    hoods: gpd.GeoDataFrame | None, last_day: date | None, lang: str
) -> tuple[TerritorySpec, date | None]:
    """What the workload is and its window, in a popover whose button says what is set."""
    options = _columns_to_balance(hoods)
    state_default("terr_balance", "workload")
    state_default("terr_months", 12)
    state = st.session_state
    if state["terr_balance"] not in options:
        state["terr_balance"] = "workload"
    end = state.get("terr_end") or last_day
    label = t(
        "territories.page.options",
        balance=balance_name(str(state["terr_balance"]), lang),
        months=number(int(state["terr_months"]), lang),
        end=end.isoformat() if isinstance(end, date) else "–",
    )
    col, _ = st.columns([3, 2])
    with col, st.popover(label, icon=":material/tune:", key="terr_options"):
        balance = coded_selectbox(
            st,
            t("territories.page.balance"),
            options,
            key="terr_balance",
            format_func=lambda code: balance_name(code, lang),
            help=t("territories.page.balance.help"),
            lang=lang,
        )
        months = st.number_input(
            t("territories.page.months"),
            1,
            60,
            step=1,
            key="terr_months",
            help=t("territories.page.months.help"),
        )
        chosen = st.date_input(
            t("territories.page.end"),
            value=last_day,
            key="terr_end",
            help=t("territories.page.end.help"),
            format="DD/MM/YYYY",
        )
    until = chosen if isinstance(chosen, date) else None
    return TerritorySpec(balance=str(balance), months=int(months)), until


def figures(ev: TerritoryEvaluation, lang: str) -> None:
    """The headline: balance across teams and the need outside every territory."""
    h = ev.headline
    shown = figure_texts(h, lang)

    def of(n: int | None, k: int | None) -> str:
        return "–" if n is None or k is None else f"{number(n, lang)} / {number(k, lang)}"

    show_figures(
        [
            Figure(t("territories.page.fig.teams"), shown["teams"]),
            Figure(t("territories.page.fig.cv"), shown["cv"], t("territories.page.fig.cv.help")),
            Figure(
                t("territories.page.fig.ratio"),
                shown["ratio"],
                t("territories.page.fig.ratio.help"),
            ),
            Figure(
                t("territories.page.fig.outside"),
                shown["outside"],
                t("territories.page.fig.outside.help", n=number(h.outside_barrios, lang)),
            ),
            Figure(
                t("territories.page.fig.priority"),
                of(h.priority_outside, h.priority_checked),
                t("territories.page.fig.priority.help"),
            ),
            Figure(
                t("territories.page.fig.hotspots"),
                of(h.hotspots_outside, h.hotspots_checked),
                t("territories.page.fig.hotspots.help"),
            ),
        ],
        lead=" ".join(evaluation_sentences(ev, lang)),
    )


def team_colors(ids: Sequence[str]) -> dict[str, str]:
    """One colour of :data:`ui.maps.QUALITATIVE` per territory id, in sorted order (stable)."""
    return {
        tid: maps.QUALITATIVE[n % len(maps.QUALITATIVE)]
        for n, tid in enumerate(sorted({str(i) for i in ids if str(i)}))
    }


def _plan_layer(
    m: folium.Map,
    barrios: gpd.GeoDataFrame,
    column: str,
    colors: dict[str, str],
    names: dict[str, str],
    *,
    name: str,
    moved: pd.Series | None,
    lang: str,
    legend: bool = True,
) -> None:
    """Barrios filled with their territory's colour (grey: none); with ``moved``, the barrios
    that change team outlined in black in a layer of their own. Without ``legend`` the page
    shows the key once, under both plans (:func:`plan_key_html`)."""
    ids = barrios[column].astype(str)
    none = t("territories.page.none")
    texts = [
        barrios["name"].astype(str).tolist(),
        [names.get(i, none) for i in ids],
        [number(v, lang) for v in barrios["workload"]],
    ]
    aliases = [t("field.name"), t("field.team"), t("territories.page.col.workload")]
    if moved is not None:
        texts.append([names.get(c, none) for c in barrios["current_territory"].astype(str)])
        aliases.append(t("territories.page.col.current"))
    props: dict[str, Sequence[object]] = {"_fill": [colors.get(i, NONE_FILL) for i in ids]}
    props.update({f"t{n}": values for n, values in enumerate(texts)})
    rows = [(colors[i], names.get(i, i), "box") for i in sorted(colors) if i in names]
    rows.append((NONE_FILL, none, "box"))
    _, group = maps.add_geojson_layer(
        m,
        barrios.geometry,
        props,
        name=name,
        style=maps.style_function(
            className="cv-plan", fillOpacity=0.6, opacity=0.8, weight=0.8, color="#636363"
        ),
        tooltip_fields=[f"t{n}" for n in range(len(texts))],
        tooltip_aliases=aliases,
        legend_title=t("territories.page.legend.title") if legend else None,
        legend_rows=rows,
    )
    if moved is not None and bool(moved.any()):
        maps.add_geojson_layer(
            m,
            gpd.GeoSeries(barrios.geometry[moved.to_numpy(bool)], crs=barrios.crs),
            {},
            name=t("territories.page.legend.moved"),
            style=maps.style_function(
                className="cv-moved", fill=False, color=MOVED_LINE, weight=4, opacity=1
            ),
        )


def plan_key_html(colors: dict[str, str], names: dict[str, str]) -> str:
    """The plans' colour key as one line of swatches (shared by both maps)."""

    def swatch(color: str, label: str, *, outline: bool = False) -> str:
        box = (
            f"border:3px solid {color};background:transparent"
            if outline
            else f"background:{color};border:1px solid rgba(0,0,0,0.25)"
        )
        return (
            "<span style='display:inline-flex;align-items:center;margin:0 0.9rem 0.3rem 0;"
            f"font-size:0.85rem'><span style='display:inline-block;width:0.9rem;height:0.9rem;"
            f"margin-right:0.35rem;{box}'></span>{html.escape(label)}</span>"
        )

    parts = [swatch(colors[i], names[i]) for i in sorted(colors) if i in names]
    parts.append(swatch(NONE_FILL, t("territories.page.none")))
    parts.append(swatch(MOVED_LINE, t("territories.page.legend.moved"), outline=True))
    return f"<div style='display:flex;flex-wrap:wrap'>{''.join(parts)}</div>"


def _team_names(teams: pd.DataFrame, lang: str) -> dict[str, str]:
    return {str(r["territory_id"]): team_name(r, lang) for _, r in teams.iterrows()}


def current_map(ev: TerritoryEvaluation, ws: Workspace, lang: str) -> None:
    """Today's plan: barrios by territory, the priority barrios and hot spots outside outlined."""
    key = ("territories-now", ws.location, ws.content_hash, ev.workload, lang)

    def build() -> folium.Map:
        m = offline_map(prefer_canvas=True)
        names = _team_names(ev.teams, lang)
        colors = team_colors(ev.teams["territory_id"])
        _plan_layer(
            m,
            ev.barrios,
            "territory_id",
            colors,
            names,
            name=t("territories.page.layer.today"),
            moved=None,
            lang=lang,
        )
        maps.add_territories(
            m,
            ev.teams,
            name=t("layer.territories"),
            fields=("team",),
            aliases=(t("field.team"),),
            colors={
                team: colors[tid]
                for tid, team in zip(ev.teams["territory_id"], ev.teams["team"], strict=True)
            },
            number_locale=maps.number_locale(lang),
        )
        need = ev.priority_outside
        if len(need):
            maps.add_geojson_layer(
                m,
                gpd.GeoSeries(need.geometry, crs=ev.barrios.crs),
                {
                    "t0": need["name"].astype(str).tolist(),
                    "t1": [number(r, lang) for r in need["priority_rank"]],
                },
                name=t("territories.page.layer.priority"),
                style=maps.style_function(
                    className="cv-need", fill=False, color="#cb181d", weight=4, dashArray="4 4"
                ),
                tooltip_fields=["t0", "t1"],
                tooltip_aliases=[t("field.name"), t("territories.page.col.priority_rank")],
            )
        if ev.hotspots is not None and len(ev.hotspots):
            hs = ev.hotspots
            maps.add_geojson_layer(
                m,
                hs.geometry,
                {
                    "_fill": ["#41ab5d" if c else "#ef3b2c" for c in hs["covered"]],
                    "t0": [f"#{int(r)}" for r in hs["rank"]],
                    "t1": hs["neighborhood"].astype(str).tolist(),
                    "t2": [percent(float(v), lang) for v in hs["outside"]],
                },
                name=t("territories.page.layer.hotspots"),
                style=maps.style_function(
                    className="cv-hs", fillOpacity=0.55, weight=1, color="#333333"
                ),
                tooltip_fields=["t0", "t1", "t2"],
                tooltip_aliases=[
                    t("territories.page.col.rank"),
                    t("field.name"),
                    t("territories.page.col.outside"),
                ],
                legend_title=t("territories.page.layer.hotspots"),
                legend_rows=[
                    ("#41ab5d", t("territories.page.legend.covered"), "box"),
                    ("#ef3b2c", t("territories.page.legend.uncovered"), "box"),
                ],
            )
        if ws.synthetic:
            maps.add_synthetic_banner(m, t("synthetic.map"))
        maps.add_layer_control(m, collapsed=True)
        maps.fit_to(m, ev.barrios.geometry)
        return m

    show_map(key, build, widget_key="territories_now_map", owners=(ev,))
    st.caption(t("territories.page.map.caption"))


def sentences_html(lines: Sequence[str]) -> str:
    """A bulleted list of sentences (escaped)."""
    items = "".join(f"<li>{html.escape(x)}</li>" for x in lines)
    return f"{_CSS}<ul class='cv-why'>{items}</ul>"


def team_frame(teams: gpd.GeoDataFrame, lang: str) -> pd.DataFrame:
    """The per-team table with headers in ``lang`` (numbers stay numbers)."""
    out = pd.DataFrame(
        {
            _col("team"): [team_name(r, lang) for _, r in teams.iterrows()],
            _col("barrios"): teams["barrios"].to_numpy(),
            _col("population"): teams["population"].to_numpy(),
            _col("workload"): teams["workload"].to_numpy(),
            _col("gestores"): teams["gestores"].to_numpy(),
            _col("per_gestor"): teams["workload_per_gestor"].to_numpy(),
            _col("vs_target"): (100 * teams["vs_target"]).to_numpy(),
            _col("pp"): teams["polsby_popper"].to_numpy(),
            _col("diameter"): teams["diameter_m"].to_numpy() / 1000,
            _col("parts"): teams["parts"].to_numpy(),
        }
    )
    return out


def _col(name: str) -> str:
    return t(f"territories.page.col.{name}")


def team_table_html(teams: gpd.GeoDataFrame, lang: str, title: str | None = None) -> str:
    """:func:`team_frame` as an HTML table, with its decimals."""
    decimals = {_col("vs_target"): 0, _col("pp"): 2, _col("diameter"): 1, _col("per_gestor"): 0}
    return html_table(team_frame(teams, lang), lang, decimals=decimals, title=title)


def splits(ev: TerritoryEvaluation, lang: str) -> None:
    """The barrios two territories share, with their shares."""
    if not len(ev.splits):
        st.caption(t("territories.page.splits.none"))
        return
    names = dict(zip(ev.barrios["neighborhood_id"], ev.barrios["name"], strict=True))
    teams = _team_names(ev.teams, lang)
    frame = pd.DataFrame(
        {
            t("field.name"): [names[i] for i in ev.splits["neighborhood_id"]],
            t("field.team"): [teams.get(i, i) for i in ev.splits["territory_id"]],
            t("territories.page.col.share"): (100 * ev.splits["share"]).to_numpy(),
        }
    )
    st.html(html_table(frame, lang, decimals={t("territories.page.col.share"): 0}))


def downloads(
    key: tuple[str, str, TerritorySpec | ProposalSpec, date | None],
    which: Sequence[str],
    lang: str,
    *,
    widget: str,
) -> None:
    """The CLI's tables, as CSV, GeoJSON or GeoPackage (built when clicked)."""
    with st.popover(t("territories.page.download"), icon=":material/download:", key=widget):
        for table in which:
            for fmt in cast(Sequence[Format], ("csv", "geojson", "gpkg")):
                st.download_button(
                    t(
                        f"territories.page.download.{table}",
                        fmt=FORMAT_NAMES[fmt],
                    ),
                    data=functools.partial(territory_file_bytes, *key, table, fmt, lang),
                    file_name=f"territories_{table}{FORMATS[fmt][0]}",
                    mime=FORMATS[fmt][1],
                    key=f"{widget}_{table}_{fmt}",
                    on_click="ignore",
                )


# -- the redesign ---------------------------------------------------------------------------


def _request(measure: TerritorySpec, lock_ids: dict[str, str]) -> None:
    """Store the form's request (the button's callback: AppTest and the browser alike)."""
    state = st.session_state
    limit = int(state["terr_max_moves"]) if state.get("terr_limit_moves") else None
    state[PROPOSAL_KEY] = ProposalSpec(
        teams=int(state["terr_teams"]),
        measure=measure,
        compactness=float(state["terr_lambda"]),
        locks=tuple(lock_ids[x] for x in state.get("terr_locks", []) if x in lock_ids),
        from_current=bool(state.get("terr_from_current", False)),
        seed=int(state["terr_seed"]),
        max_moves=limit,
    )


def proposal_form(
    measure: TerritorySpec, ev: TerritoryEvaluation | None, n_barrios: int, lang: str
) -> None:
    """The redesign's options and its button."""
    have = ev is not None
    state_default("terr_teams", len(ev.teams) if ev is not None else min(8, n_barrios))
    state_default("terr_lambda", DEFAULT_COMPACTNESS)
    state_default("terr_from_current", have)
    state_default("terr_seed", 0)
    state_default("terr_max_moves", 5)
    lock_ids: dict[str, str] = {}
    if ev is not None:
        inside = ev.barrios[ev.barrios["territory_id"] != ""]
        lock_ids = {
            f"{r.name} ({r.neighborhood_id} · {r.team})": str(r.neighborhood_id)
            for r in inside.itertuples()
        }
    a, b, c = st.columns([1, 2, 2])
    a.number_input(
        t("territories.page.teams"),
        1,
        max(1, n_barrios),
        step=1,
        key="terr_teams",
        help=t("territories.page.teams.help"),
    )
    b.slider(
        t("territories.page.lambda"),
        0.0,
        1.0,
        step=0.05,
        key="terr_lambda",
        help=t("territories.page.lambda.help"),
    )
    c.multiselect(
        t("territories.page.locks"),
        list(lock_ids),
        key="terr_locks",
        help=t("territories.page.locks.help"),
        disabled=not have,
        placeholder=t("territories.page.locks.placeholder"),
    )
    d, e, f, g = st.columns([2, 1.3, 1, 1])
    d.checkbox(
        t("territories.page.from_current"),
        key="terr_from_current",
        disabled=not have,
        help=t("territories.page.from_current.help"),
    )
    e.checkbox(t("territories.page.limit_moves"), key="terr_limit_moves", disabled=not have)
    f.number_input(
        t("territories.page.max_moves"),
        0,
        max(0, n_barrios),
        step=1,
        key="terr_max_moves",
        disabled=not st.session_state.get("terr_limit_moves", False),
    )
    g.number_input(
        t("territories.page.seed"),
        0,
        10_000,
        step=1,
        key="terr_seed",
        help=t("territories.page.seed.help"),
    )
    st.button(
        t("territories.page.propose"),
        type="primary",
        icon=":material/draw:",
        key="terr_propose",
        on_click=_request,
        args=(measure, lock_ids),
    )


def proposal_summary(p: TerritoryProposal, lang: str) -> None:
    """Before and after: the figures and the sentence, and the adjacency's links."""
    after = figure_texts(p.headline, lang)
    before = figure_texts(p.before.headline, lang) if p.before is not None else None

    def pair(name: str) -> str:
        return after[name] if before is None else f"{before[name]} → {after[name]}"

    show_figures(
        [
            Figure(t("territories.page.fig.cv"), pair("cv"), t("territories.page.fig.cv.help")),
            Figure(
                t("territories.page.fig.ratio"), pair("ratio"), t("territories.page.fig.ratio.help")
            ),
            Figure(t("territories.page.fig.outside"), pair("outside")),
            Figure(
                t("territories.page.fig.moved"),
                number(p.moved, lang),
                t("territories.page.fig.moved.help"),
            ),
            Figure(
                t("territories.page.fig.added"),
                number(p.added, lang),
                t("territories.page.fig.added.help"),
            ),
        ],
        lead=proposal_sentence(p, lang),
        notes=link_sentences(p.links, p.barrios["name"].astype(str).tolist(), lang),
    )


def plan_maps(p: TerritoryProposal, ws: Workspace, lang: str) -> None:
    """Current and proposed plans side by side, in the same colours; moved barrios outlined."""
    names_now = _team_names(p.before.teams, lang) if p.before is not None else {}
    names_new = _team_names(p.teams, lang)
    colors = team_colors([*names_now, *names_new])
    left, right = st.columns(2, gap="small")
    for col, which in ((left, "now"), (right, "new")):
        with col:
            st.markdown(f"**{t(f'territories.page.plan.{which}')}**")
            key = ("territories-plan", which, ws.location, ws.content_hash, p.spec, lang)

            def build(which: str = which) -> folium.Map:
                m = offline_map(prefer_canvas=True)
                if which == "now":
                    _plan_layer(
                        m,
                        p.barrios,
                        "current_territory",
                        colors,
                        names_now,
                        name=t("territories.page.plan.now"),
                        moved=None,
                        lang=lang,
                        legend=False,
                    )
                else:
                    _plan_layer(
                        m,
                        p.barrios,
                        "territory_id",
                        colors,
                        names_new,
                        name=t("territories.page.plan.new"),
                        moved=p.barrios["moved"],
                        lang=lang,
                        legend=False,
                    )
                if ws.synthetic:
                    maps.add_synthetic_banner(m, t("synthetic.map"))
                maps.fit_to(m, p.barrios.geometry)
                return m

            show_map(key, build, widget_key=f"territories_{which}_plan", owners=(p,), height=500)
    st.html(plan_key_html(colors, {**names_now, **names_new}))


def _save(p: TerritoryProposal) -> None:
    """Save the proposal as a named scenario (the button's callback)."""
    state = st.session_state
    ws = Workspace(state["terr_ws_path"])
    name = str(state.get("terr_scenario_name", "")).strip()
    record = scenario_record(p)
    try:
        ws.save_scenario(
            name,
            "territories",
            spec=cast(dict[str, object], record["spec"]),
            summary=cast(dict[str, object], record["summary"]),
            result=cast(list[dict[str, object]], record["result"]),
            replace=bool(state.get("terr_scenario_replace", False)),
        )
    except FileExistsError:
        state["terr_said"] = ("error", "territories.page.scenario.exists", name)
    except ValueError:
        state["terr_said"] = ("error", "territories.page.scenario.no_name", name)
    else:
        state["terr_said"] = ("success", "territories.page.scenario.saved", name)
        state["terr_saved_name"] = name


def _adopt(p: TerritoryProposal, current: gpd.GeoDataFrame | None) -> None:
    """Replace the territories layer by the saved proposal (the button's callback)."""
    state = st.session_state
    name = str(state.get("terr_saved_name", ""))
    ws = Workspace(state["terr_ws_path"])
    layer = proposal_layer(p, current)
    ws.write_layers(
        {"territories": layer},
        sources={"territories": LayerSource(file=f"scenario:{name}", mode="replace")},
    )
    state["terr_said"] = ("success", "territories.page.adopted", name)
    state.pop(PROPOSAL_KEY, None)


def scenario_buttons(p: TerritoryProposal, ws: Workspace, current: gpd.GeoDataFrame | None) -> None:
    """Save as a named scenario; adopt it as the territories layer only when the user says so."""
    st.session_state["terr_ws_path"] = ws.location
    a, b, c = st.columns([2, 1.2, 1])
    a.text_input(t("territories.page.scenario.name"), key="terr_scenario_name")
    b.checkbox(t("territories.page.scenario.replace"), key="terr_scenario_replace")
    c.button(
        t("territories.page.scenario.save"),
        key="terr_save",
        on_click=_save,
        args=(p,),
        icon=":material/save:",
    )
    saved = str(st.session_state.get("terr_saved_name", ""))
    if saved:
        with st.expander(t("territories.page.adopt.title", name=saved)):
            st.caption(t("territories.page.adopt.caption"))
            sure = st.checkbox(
                t("territories.page.adopt.confirm", name=saved), key="terr_adopt_sure"
            )
            st.button(
                t("territories.page.adopt.button"),
                key="terr_adopt",
                disabled=not sure,
                on_click=_adopt,
                args=(p, current),
                icon=":material/published_with_changes:",
            )


def said() -> None:
    """What the last save or adoption did."""
    message = st.session_state.pop("terr_said", None)
    if message:
        kind, key, name = message
        (st.success if kind == "success" else st.error)(t(key, name=name))


__all__ = [
    "PROPOSAL_KEY",
    "controls",
    "current_map",
    "downloads",
    "figures",
    "plan_maps",
    "proposal_form",
    "proposal_summary",
    "said",
    "scenario_buttons",
    "sentences_html",
    "splits",
    "team_colors",
    "team_frame",
    "team_table_html",
]
