"""The Public spaces page's pieces: its controls, figures, map, tables, scenarios and downloads.

The page (``pages/parks.py``) reads :func:`controls` into a
:class:`~models.recommend.parks.ParkSpec` and a
:class:`~models.recommend.parks.PortfolioSpec`, runs
:func:`ui.cache.park_recommendation` and draws the result with the other
functions here. The options sit in popovers whose buttons say what they are
set to; every weight's reason is its slider's help.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import date
from typing import cast

import folium
import geopandas as gpd
import pandas as pd
import streamlit as st
from folium.utilities import JsCode

from catalog.say import number
from geo.crs import STORAGE_CRS
from geo.export import FORMAT_NAMES, FORMATS, Format
from geo.workspace import Workspace
from models.recommend.activation import ParkRecommendation, scenario_record
from models.recommend.parks import (
    COMPONENTS,
    DEFAULT_WEIGHTS,
    Demand,
    Normalise,
    ParkSpec,
    PortfolioSpec,
)
from ui import context_layers, maps
from ui.cache import park_file_bytes, park_recommendation
from ui.figures import Figure, show_figures
from ui.i18n import labeler, t
from ui.offline import offline_map
from ui.panels import Overlay, show_map
from ui.tables import html_table
from ui.widgets import state_default

#: Colours of the map: chosen spaces and their catchments, other candidates, active spaces.
CHOSEN, CANDIDATE, ACTIVE = "#08519c", "#d94801", "#1a9850"
MILLION = 1_000_000.0


def default_budget(spaces: pd.DataFrame) -> int:
    """A starting budget: a quarter of what activating every candidate would cost, in millions."""
    cand = spaces[spaces.get("activation_status", pd.Series(dtype=str)) != "active"]
    cost = pd.to_numeric(cand.get("activation_cost", pd.Series(dtype=float)), errors="coerce")
    total = float(cost.sum()) / MILLION
    return int(max(100, round(total / 4 / 100) * 100)) if total > 0 else 1000


def _reset_weights() -> None:
    """The reset button's callback: every weight back to its default."""
    for name, w in DEFAULT_WEIGHTS:
        st.session_state[f"parks_w_{name}"] = int(round(w * 100))


def controls(
    spaces: pd.DataFrame, *, has_streets: bool, has_comuna: bool, last_day: date | None, lang: str
) -> tuple[ParkSpec, PortfolioSpec]:
    """The page's widgets, read into the two specs (the options in popovers)."""
    state_default("parks_budget", default_budget(spaces))
    state_default("parks_radius", 400)
    state_default("parks_reach", 800)
    state_default("parks_network", has_streets)
    for name, w in DEFAULT_WEIGHTS:
        state_default(f"parks_w_{name}", int(round(w * 100)))
    budget_col, opts_col, weights_col, cons_col = st.columns([1.3, 1.2, 1, 1], gap="small")
    with budget_col:
        budget = st.number_input(
            t("parks.budget"),
            min_value=0,
            step=100,
            format="%d",
            key="parks_budget",
            help=t("parks.budget.help"),
        )
    state = st.session_state
    route = t("parks.network") if has_streets and state["parks_network"] else t("parks.rings")
    with (
        opts_col,
        st.popover(
            t("parks.options", radius=number(state["parks_radius"], lang), route=route),
            icon=":material/tune:",
            key="parks_options",
        ),
    ):
        radius = st.number_input(
            t("parks.radius"), 100, 2000, step=50, key="parks_radius", help=t("parks.radius.help")
        )
        reach = st.number_input(
            t("parks.reach"), 100, 3000, step=50, key="parks_reach", help=t("parks.reach.help")
        )
        network = st.toggle(
            t("parks.network.toggle"),
            key="parks_network",
            disabled=not has_streets,
            help=t("parks.network.help" if has_streets else "parks.network.none"),
        )
        months = st.number_input(t("parks.months"), 1, 60, value=12, key="parks_months")
        end = st.date_input(
            t("parks.end"), value=last_day, key="parks_end", help=t("parks.end.help")
        )
        normalise = st.selectbox(
            t("parks.normalise"),
            ["rank", "minmax"],
            format_func=labeler("parks.normalise."),
            key="parks_normalise",
            help=t("parks.normalise.help"),
        )
    with (
        weights_col,
        st.popover(t("parks.weights"), icon=":material/balance:", key="parks_weights"),
    ):
        st.caption(t("parks.weights.intro"))
        weights = [
            (
                name,
                float(
                    st.slider(
                        t(f"parks.component.{name}"),
                        0,
                        100,
                        step=5,
                        key=f"parks_w_{name}",
                        help=t(f"parks.component.{name}.why"),
                    )
                ),
            )
            for name in COMPONENTS
        ]
        st.button(t("parks.weights.reset"), key="parks_w_reset", on_click=_reset_weights)
    ids = spaces["space_id"].astype(str).tolist()
    active = set(spaces.loc[spaces.get("activation_status") == "active", "space_id"].astype(str))
    names = dict(zip(ids, spaces["name"].astype(str), strict=True))
    with cons_col, st.popover(t("parks.constraints"), icon=":material/rule:", key="parks_cons"):
        demand = st.selectbox(
            t("parks.demand"),
            ["harm", "residents", "youth"],
            format_func=labeler("parks.demand."),
            key="parks_demand",
            help=t("parks.demand.help"),
        )
        per_comuna = st.checkbox(
            t("parks.per_comuna"), key="parks_per_comuna", disabled=not has_comuna
        )
        candidates = [i for i in ids if i not in active]
        must = st.multiselect(
            t("parks.must"),
            candidates,
            format_func=lambda i: f"{i} · {names[i]}",
            key="parks_must",
        )
        exclude = st.multiselect(
            t("parks.exclude"),
            [i for i in candidates if i not in must],
            format_func=lambda i: f"{i} · {names[i]}",
            key="parks_exclude",
        )
        served = st.toggle(
            t("parks.served"), value=True, key="parks_served", help=t("parks.served.help")
        )
    if sum(w for _, w in weights) <= 0:
        st.warning(t("parks.weights.zero"))
        weights = [(n, w * 100) for n, w in DEFAULT_WEIGHTS]
    spec = ParkSpec(
        radius=float(radius),
        reach=float(max(reach, radius)),
        network=bool(network),
        months=int(months),
        end=end if isinstance(end, date) else None,
        weights=tuple(weights),
        normalise=cast("Normalise", normalise or "rank"),
    )
    portfolio = PortfolioSpec(
        budget=float(budget) * MILLION,
        demand=cast("Demand", demand),
        per_comuna=bool(per_comuna) and has_comuna,
        must=tuple(must),
        exclude=tuple(exclude),
        served_by_active=bool(served),
    )
    return spec, portfolio


def figures(rec: ParkRecommendation, lang: str) -> None:
    """The headline figures: candidates, the portfolio, its cost, the need it covers, the gap."""
    table = rec.scores.table
    p, ps = rec.portfolio, rec.portfolio_spec
    assert p is not None and ps is not None
    sol = p.recommended
    uncovered = p.total_weight
    share = sol.objective / uncovered if uncovered > 0 else 0.0
    w = rec.indicators.window
    show_figures(
        [
            Figure(t("parks.fig.candidates"), number(int(table["candidate"].sum()), lang)),
            Figure(
                t("parks.fig.active"),
                number(int((~table["candidate"]).sum()), lang),
                t("parks.fig.active.help"),
            ),
            Figure(t("parks.fig.chosen"), number(len(sol.chosen), lang)),
            Figure(
                t("parks.fig.cost"),
                t(
                    "parks.fig.cost.value",
                    cost=number(sol.cost / MILLION, lang),
                    budget=number(ps.budget / MILLION, lang),
                ),
                t("parks.fig.cost.help"),
            ),
            Figure(
                t("parks.fig.covered"),
                f"{number(100 * share, lang, 1)} %",
                t(f"parks.fig.covered.help.{ps.demand}"),
            ),
            Figure(
                t("parks.fig.gap"),
                f"{number(100 * p.gap, lang, 1)} %",
                t("parks.fig.gap.help"),
            ),
        ],
        lead=t(
            "parks.lead",
            start=w.start.isoformat(),
            end=w.end.isoformat(),
            radius=number(rec.spec.radius, lang),
            method=t(f"parks.method.{rec.indicators.method}"),
        ),
        notes=_notes(rec),
    )


def _notes(rec: ParkRecommendation) -> list[str]:
    notes = []
    if rec.scores.dropped:
        dropped = ", ".join(t(f"parks.component.{c}") for c in rec.scores.dropped)
        notes.append(t("parks.note.dropped", components=dropped))
    if rec.uncosted:
        notes.append(t("parks.note.uncosted", ids=", ".join(rec.uncosted)))
    p = rec.portfolio
    if p is not None and p.exact.status != "optimal":
        notes.append(t("parks.note.not_optimal", status=p.exact.status))
    return notes


def draw_map(
    rec: ParkRecommendation,
    ws: Workspace,
    hoods: gpd.GeoDataFrame | None,
    territories: gpd.GeoDataFrame | None,
    lang: str,
) -> None:
    """The map: catchments of the chosen and active spaces, the spaces by role, top ranks."""
    base_key = ("parks", ws.location, ws.content_hash, ws.synthetic, lang)

    def base() -> folium.Map:
        m = offline_map(prefer_canvas=True)
        if hoods is not None:
            context_layers.add_neighborhoods(m, hoods, lang)
        if territories is not None:
            context_layers.add_territories(m, territories, lang, show=False)
        if ws.synthetic:
            maps.add_synthetic_banner(m, t("synthetic.map"))
        frame = rec.scores.table.geometry.to_crs(STORAGE_CRS)
        maps.fit_to(m, frame)
        return m

    spec_key = (rec.spec, rec.portfolio_spec)
    show_map(
        base_key,
        base,
        widget_key="parks_map",
        overlay=Overlay(spec_key, lambda m: _overlay(m, rec, lang), owners=(rec,)),
    )


def _overlay(m: folium.Map, rec: ParkRecommendation, lang: str) -> None:
    table = rec.scores.table
    zones = rec.indicators.catchments
    inner = zones[zones["radius_m"] == rec.spec.radius].set_index("space_id")
    chosen_ids = _chosen(rec)
    active_ids = table.loc[~table["candidate"], "space_id"].tolist()
    for ids, color, key, dash in (
        (active_ids, ACTIVE, "active", "4 4"),
        (chosen_ids, CHOSEN, "chosen", None),
    ):
        if not ids:
            continue
        geoms = gpd.GeoSeries(inner.loc[ids].geometry.to_numpy(), crs=zones.crs)
        style = maps.style_function(
            className="cv-catchment",
            color=color,
            weight=2,
            fillColor=color,
            fillOpacity=0.08,
            dashArray=dash,
        )
        maps.add_geojson_layer(
            m,
            geoms,
            {"t0": [str(i) for i in ids]},
            name=t(f"parks.layer.catchments.{key}", radius=number(rec.spec.radius, lang)),
            style=style,
            simplify_m=5.0,
            legend_title=None,
        )
    role = pd.Series("candidate", index=table.index)
    role[table["space_id"].isin(chosen_ids)] = "chosen"
    role[~table["candidate"]] = "active"
    colors = {"chosen": CHOSEN, "candidate": CANDIDATE, "active": ACTIVE}
    rank = table["rank"].astype("Float64")
    tips = {
        "t0": table["name"].astype(str).tolist(),
        "t1": [
            t("parks.tooltip.rank", rank=int(r)) if pd.notna(r) else t("parks.tooltip.active")
            for r in rank
        ],
        "t2": [number(s, lang, 2) for s in table["score"]],
        "t3": [number(c / MILLION, lang) for c in pd.to_numeric(table["activation_cost"])],
        "_fill": [colors[r] for r in role],
    }
    js = JsCode(
        "function(f){var c=f.properties._fill,pt=f.geometry.type==='Point';"
        "return {className:'cv-space',fillColor:c,color:pt?'#ffffff':c,weight:pt?1.5:2,"
        "fillOpacity:pt?0.95:0.7,opacity:1};}"
    )
    _, group = maps.add_geojson_layer(
        m,
        table.geometry,
        tips,
        name=t("layer.public_spaces"),
        style=js,
        tooltip_fields=["t0", "t1", "t2", "t3"],
        tooltip_aliases=[
            t("field.name"),
            t("parks.col.rank"),
            t("parks.col.score"),
            t("parks.col.cost"),
        ],
        marker=folium.CircleMarker(radius=7, fill=True),
        legend_title=t("parks.legend"),
        legend_rows=[
            (colors[r], t(f"parks.role.{r}"), "dot") for r in ("chosen", "candidate", "active")
        ],
    )
    top = table[rank.notna() & (rank <= 10)]
    maps.add_labels(
        group, top.geometry, [f"#{int(r)}" for r in top["rank"]], ["#111111"] * len(top)
    )


def _chosen(rec: ParkRecommendation) -> list[str]:
    if rec.portfolio is None:
        return []
    return [rec.candidates[k] for k in rec.portfolio.recommended.chosen]


def portfolio_table(
    rec: ParkRecommendation, explanations: dict[str, str], lang: str, *, reasons: bool
) -> str:
    """The chosen spaces, by marginal gain: rank, name, cost, gain; with ``reasons``, only the
    names and the sentence of each (the wide version under the map)."""
    assert rec.portfolio is not None
    sol = rec.portfolio.recommended
    table = rec.scores.table.set_index("space_id")
    rows = []
    for k in sorted(sol.chosen, key=lambda k: -float(sol.marginal_gain[k])):
        sid = rec.candidates[k]
        row: dict[str, object] = {t("parks.col.rank"): table.loc[sid, "rank"]}
        if reasons:
            row[t("parks.col.why")] = explanations.get(sid, "")
        else:
            row[t("field.name")] = str(table.loc[sid, "name"])
            row[t("parks.col.cost")] = float(table.loc[sid, "activation_cost"]) / MILLION
            row[t("parks.col.gain")] = float(sol.marginal_gain[k])
        rows.append(row)
    frame = pd.DataFrame(rows)
    if len(frame):
        frame[t("parks.col.rank")] = pd.to_numeric(frame[t("parks.col.rank")], errors="coerce")
    title = t("parks.reasons.title") if reasons else t("parks.portfolio.title", n=len(rows))
    return html_table(frame, lang, decimals={t("parks.col.gain"): 1}, title=title)


def comparison_table(rec: ParkRecommendation, lang: str) -> str:
    """Exact against greedy: need covered, cost, spaces, time, status."""
    p = rec.portfolio
    assert p is not None
    rows = []
    for key, sol in (("exact", p.exact), ("greedy", p.greedy)):
        rows.append(
            {
                t("parks.col.solution"): t(f"parks.solution.{key}"),
                t("parks.col.covered"): sol.objective,
                t("parks.col.cost"): sol.cost / MILLION,
                t("parks.col.spaces"): len(sol.chosen),
                t("parks.col.seconds"): sol.seconds,
                t("parks.col.status"): t(f"parks.status.{sol.status}"),
            }
        )
    return html_table(
        pd.DataFrame(rows),
        lang,
        decimals={t("parks.col.covered"): 1, t("parks.col.seconds"): 2},
        title=t("parks.compare.title"),
    )


def ranking(rec: ParkRecommendation, explanations: dict[str, str]) -> None:
    """Every space: rank, score, each component as a bar, cost, chosen, the sentence."""
    table = rec.scores.table
    chosen = set(_chosen(rec))
    frame = pd.DataFrame(
        {
            "rank": table["rank"],
            "name": table["name"].astype(str),
            "score": table["score"],
            **{c: table[f"c_{c}"] for c in COMPONENTS},
            "cost": pd.to_numeric(table["activation_cost"], errors="coerce") / MILLION,
            "chosen": table["space_id"].isin(chosen),
            "why": table["space_id"].map(explanations),
        }
    ).sort_values(["rank", "name"], na_position="last")
    config = {
        "rank": st.column_config.NumberColumn(t("parks.col.rank"), format="%d", width="small"),
        "name": st.column_config.TextColumn(t("field.name")),
        "score": st.column_config.ProgressColumn(
            t("parks.col.score"), min_value=0.0, max_value=1.0, format="%.2f"
        ),
        **{
            c: st.column_config.ProgressColumn(
                t(f"parks.component.{c}"),
                min_value=0.0,
                max_value=1.0,
                format="%.2f",
                help=t(f"parks.component.{c}.why"),
            )
            for c in COMPONENTS
        },
        "cost": st.column_config.NumberColumn(t("parks.col.cost"), format="%,.0f"),
        "chosen": st.column_config.CheckboxColumn(t("parks.col.chosen")),
        "why": st.column_config.TextColumn(t("parks.col.why"), width="large"),
    }
    st.dataframe(frame, column_config=config, hide_index=True)


def downloads(key: tuple[str, str, ParkSpec, PortfolioSpec], lang: str) -> None:
    """The ranking with the portfolio, as CSV, GeoJSON or GeoPackage (built when clicked)."""
    with st.popover(t("parks.download.title"), icon=":material/download:", key="parks_downloads"):
        for fmt in cast(Sequence[Format], ("csv", "geojson", "gpkg")):
            st.download_button(
                t("parks.download.file", fmt=FORMAT_NAMES[fmt]),
                data=functools.partial(park_file_bytes, *key, fmt, lang),
                file_name=f"recommend_parks{FORMATS[fmt][0]}",
                mime=FORMATS[fmt][1],
                key=f"parks_dl_{fmt}",
                on_click="ignore",
            )


def _save_scenario(key: tuple[str, str, ParkSpec, PortfolioSpec]) -> None:
    """The save button's callback (it runs before the page, so the click is never lost)."""
    state = st.session_state
    name = str(state.get("parks_scenario_name", "")).strip()
    rec = park_recommendation(*key)
    ws = Workspace(key[0])
    try:
        record = scenario_record(rec)
        ws.save_scenario(
            name,
            "parks",
            spec=record.spec,
            summary=record.summary,
            result=record.result,
            replace=bool(state.get("parks_scenario_replace", False)),
        )
    except FileExistsError:
        state["parks_scenario_said"] = ("error", "parks.scenario.exists", name)
    except ValueError:
        state["parks_scenario_said"] = ("error", "parks.scenario.no_name", name)
    else:
        state["parks_scenario_said"] = ("success", "parks.scenario.saved", name)
        picked = list(state.get("parks_scenario_pick", []))
        if name not in picked:  # a new scenario joins the comparison
            state["parks_scenario_pick"] = [*picked, name]


def scenarios(ws: Workspace, key: tuple[str, str, ParkSpec, PortfolioSpec], lang: str) -> None:
    """Save the portfolio as a named scenario; compare saved scenarios side by side."""
    name_col, replace_col, save_col = st.columns([2, 1.2, 1], vertical_alignment="bottom")
    name_col.text_input(t("parks.scenario.name"), key="parks_scenario_name")
    replace_col.checkbox(t("parks.scenario.replace"), key="parks_scenario_replace")
    save_col.button(
        t("parks.scenario.save"), key="parks_scenario_save", on_click=_save_scenario, args=(key,)
    )
    said = st.session_state.pop("parks_scenario_said", None)
    if said is not None:
        kind, message, name = said
        (st.success if kind == "success" else st.error)(t(message, name=name))
    saved = ws.scenarios("parks")
    if not len(saved):
        st.caption(t("parks.scenario.none"))
        return
    names = saved["name"].tolist()
    state_default("parks_scenario_pick", names[-3:])
    state = st.session_state
    state["parks_scenario_pick"] = [n for n in state["parks_scenario_pick"] if n in names]
    picked = st.multiselect(t("parks.scenario.compare"), names, key="parks_scenario_pick")
    if picked:
        st.html(compare_scenarios(ws, picked, lang))


def compare_scenarios(ws: Workspace, names: Sequence[str], lang: str) -> str:
    """Saved scenarios side by side: one column per scenario, one row per figure."""
    cols: dict[str, list[object]] = {}
    rows = [
        "saved_at",
        "budget",
        "cost",
        "spaces",
        "covered",
        "share",
        "demand",
        "gap",
        "constraints",
        "chosen",
    ]
    for name in names:
        sc = ws.scenario(name, "parks")
        spec = cast(dict[str, object], sc["spec"])
        summ = cast(dict[str, float], sc["summary"])
        result = cast(list[dict[str, object]], sc["result"])
        total = float(summ.get("total", 0.0))
        covered = float(summ.get("covered", 0.0))
        cons = []
        if spec.get("per_comuna"):
            cons.append(t("parks.per_comuna"))
        for key in ("must", "exclude"):
            ids = cast(list[str], spec.get(key, []))
            if ids:
                cons.append(f"{t(f'parks.{key}')}: {', '.join(ids)}")
        cols[name] = [
            str(sc["saved_at"])[:16].replace("T", " "),
            number(float(cast(float, spec.get("budget", 0.0))) / MILLION, lang),
            number(float(summ.get("cost", 0.0)) / MILLION, lang),
            number(int(summ.get("spaces", 0)), lang),
            number(covered, lang, 1),
            f"{number(100 * covered / total if total > 0 else 0.0, lang, 1)} %",
            t(f"parks.demand.{spec.get('demand', 'harm')}"),
            f"{number(100 * float(summ.get('gap', 0.0)), lang, 1)} %",
            "; ".join(cons) or "–",
            ", ".join(str(r["space_id"]) for r in result),
        ]
    frame = pd.DataFrame(
        {t("parks.scenario.row"): [t(f"parks.scenario.{r}") for r in rows], **cols}
    )
    return html_table(frame, lang, title=t("parks.scenario.table"))


def explanations(rec: ParkRecommendation, lang: str) -> dict[str, str]:
    """One sentence per space (``models.recommend.parks.explain_space``), by id."""
    from models.recommend.parks import explain_space

    return {
        str(row["space_id"]): explain_space(row, rec.spec, lang)
        for _, row in rec.scores.table.iterrows()
    }
