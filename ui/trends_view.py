"""The Trends page's pieces: controls, figures, the series chart, the heat map, the tables.

The page (``pages/trends.py``) reads :func:`controls` into a
:class:`~models.trends.TrendSpec` (with the sidebar's dates and categories),
runs :func:`ui.cache.trend_result` and draws it with the functions here.
The series is an Altair chart (Vega-Lite is bundled with Streamlit: no
internet needed) whose axis labels, legend and tooltips are written in the
session's language by the catalogue and :func:`catalog.say.number`; the
7 x 24 heat map and the tables are plain HTML (``ui.tables``), numbers in
the interface's separators.
"""

from __future__ import annotations

import functools
import html
from datetime import date
from typing import cast

import altair as alt
import geopandas as gpd
import numpy as np
import pandas as pd
import streamlit as st
from matplotlib import colormaps
from matplotlib.colors import to_hex

from catalog.say import MISSING, number
from geo.errors import ConvivenciaError
from models.nearrepeat import KnoxSpec
from models.trends import (
    AREA_KINDS,
    GROUPS,
    KNOX_MAX,
    MEASURES,
    STEPS,
    AreaKind,
    AreaRef,
    Measure,
    Step,
    TrendResult,
    TrendSpec,
)
from models.trends_text import (
    TABLES,
    Sentences,
    knox_band,
    month_text,
    period_text,
    row_change,
    special_label,
    what_label,
)
from ui.cache import trend_file_bytes, trend_hotspots
from ui.figures import Figure, show_figures
from ui.i18n import labeler, t
from ui.tables import html_table
from ui.widgets import coded_selectbox, state_default

#: Colours of the category groups and of the total (ColorBrewer Set1, and grey).
GROUP_COLOURS: dict[str, str] = {
    "violence": "#e41a1c",
    "convivencia": "#377eb8",
    "property": "#4daf4a",
    "other": "#984ea3",
    "all": "#555555",
}
#: How many barrios the comparison shows before "all barrios".
BARRIO_ROWS = 12

_CSS = (
    "<style>"
    ".cv-heat{border-collapse:collapse;font-size:0.72rem;margin:0.25rem 0 0.5rem 0;width:100%;"
    "table-layout:fixed}"
    ".cv-heat th{font-weight:600;color:rgba(49,51,63,0.7);padding:0.15rem 0.1rem;text-align:center}"
    ".cv-heat th.d{text-align:left;width:3.2rem}"
    ".cv-heat th.t,.cv-heat td.t{width:3.6rem}"
    ".cv-heat td{text-align:center;padding:0.2rem 0;border:1px solid #fff;"
    "font-variant-numeric:tabular-nums}"
    ".cv-heat td.t,.cv-heat td.a{background:#f0f2f6;color:rgb(49,51,63)}"
    ".cv-knox{border-collapse:collapse;font-size:0.85rem;width:100%;margin-bottom:0.5rem}"
    ".cv-knox th,.cv-knox td{padding:0.25rem 0.5rem;border-bottom:1px solid rgba(49,51,63,0.1)}"
    ".cv-knox th{text-align:right;font-weight:600;color:rgba(49,51,63,0.7)}"
    ".cv-knox th:first-child{text-align:left}"
    ".cv-knox td{text-align:right;font-variant-numeric:tabular-nums}"
    ".cv-knox td.sig{font-weight:700}"
    "</style>"
)


# -- the controls ------------------------------------------------------------------


def _area_options(
    kind: str,
    hoods: gpd.GeoDataFrame | None,
    territories: gpd.GeoDataFrame | None,
    hotspots: gpd.GeoDataFrame | None,
) -> dict[str, str]:
    """The ids of an area kind and their labels."""
    if kind == "comuna" and hoods is not None and "comuna" in hoods:
        values = sorted({str(v).strip() for v in hoods["comuna"].dropna()}, key=_natural)
        return {
            v: v if not v.isdigit() else t("trends.area.comuna.item", id=v) for v in values if v
        }
    if kind == "neighborhood" and hoods is not None:
        frame = hoods.sort_values("name", kind="stable")
        return {
            str(i): f"{n} ({i})"
            for i, n in zip(frame["neighborhood_id"], frame["name"], strict=True)
        }
    if kind == "territory" and territories is not None:
        return {
            str(i): f"{team} ({i})"
            for i, team in zip(territories["territory_id"], territories["team"], strict=True)
        }
    if kind == "hotspot" and hotspots is not None:
        return {
            str(int(r)): t("trends.area.hotspot.item", id=int(r), where=str(w) or MISSING)
            for r, w in zip(hotspots["rank"], hotspots["neighborhood"], strict=True)
        }
    return {}


def _natural(text: str) -> tuple[int, str]:
    return (int(text), "") if text.isdigit() else (10**9, text)


def controls(
    key: tuple[str, str],
    start: date | None,
    end: date | None,
    categories: tuple[str, ...],
    hoods: gpd.GeoDataFrame | None,
    territories: gpd.GeoDataFrame | None,
    lang: str,
) -> tuple[TrendSpec, tuple[tuple[date, str], ...]]:
    """The page's widgets, read into the spec and the user's own dates."""
    state_default("tr_months", 3)
    state_default("tr_moving", 12)
    state_default("tr_top", 15)
    state_default("tr_dist", 100)
    state_default("tr_dbands", 5)
    state_default("tr_days", 7)
    state_default("tr_tbands", 4)
    state_default("tr_perm", 99)
    kinds = [
        k
        for k in AREA_KINDS
        if k == "city"
        or k == "hotspot"
        or (k == "comuna" and hoods is not None and "comuna" in hoods)
        or (k == "neighborhood" and hoods is not None)
        or (k == "territory" and territories is not None)
    ]
    cols = st.columns([1.4, 1.8, 1.0, 1.1, 2.3], gap="small", vertical_alignment="bottom")
    kind = coded_selectbox(
        cols[0],
        t("trends.area.kind"),
        kinds,
        key="tr_kind",
        format_func=labeler("trends.area."),
        help=t("trends.area.kind.help"),
        lang=lang,
    )
    base = TrendSpec(start=start, end=end, categories=categories)
    area = AreaRef()
    if kind != "city":
        hotspots = trend_hotspots(*key, base) if kind == "hotspot" else None
        options = _area_options(kind, hoods, territories, hotspots)
        if options:
            ident = coded_selectbox(
                cols[1],
                t("trends.area.which"),
                list(options),
                key=f"tr_id_{kind}",
                format_func=options.__getitem__,
                lang=lang,
            )
            area = AreaRef(cast(AreaKind, kind), ident)
        else:
            cols[1].caption(t("trends.area.none", layer=t(f"trends.area.{kind}")))
    step = coded_selectbox(
        cols[2],
        t("trends.step"),
        list(STEPS),
        key="tr_step",
        format_func=labeler("trends.step."),
        lang=lang,
    )
    measure = coded_selectbox(
        cols[3],
        t("trends.measure"),
        list(MEASURES),
        key="tr_measure",
        format_func=labeler("trends.measure."),
        help=t("trends.measure.help"),
        lang=lang,
    )
    state = st.session_state
    label = t(
        "trends.options",
        months=number(state["tr_months"], lang),
        distance=number(state["tr_dist"], lang),
        days=number(state["tr_days"], lang),
    )
    own: tuple[tuple[date, str], ...] = ()
    with cols[4], st.popover(label, icon=":material/tune:", key="tr_options"):
        months = st.number_input(
            t("trends.options.months"), 1, 36, key="tr_months", help=t("trends.options.months.help")
        )
        moving = st.number_input(t("trends.options.moving"), 2, 36, key="tr_moving")
        top = st.number_input(t("trends.options.top"), 5, 60, key="tr_top")
        a, b = st.columns(2)
        dist = a.number_input(t("trends.options.distance"), 25, 2000, step=25, key="tr_dist")
        dbands = b.number_input(t("trends.options.distance_bands"), 1, 10, key="tr_dbands")
        days = a.number_input(t("trends.options.time"), 1, 60, key="tr_days")
        tbands = b.number_input(t("trends.options.time_bands"), 1, 10, key="tr_tbands")
        perm = st.number_input(
            t("trends.options.permutations"),
            0,
            999,
            step=1,
            key="tr_perm",
            help=t("trends.options.permutations.help"),
        )
        upload = st.file_uploader(
            t("trends.options.days_file"),
            type=["csv", "txt"],
            key="tr_days_file",
            help=t("trends.options.days_file.help"),
        )
        if upload is not None:
            own = _own_days(upload.name, upload.getvalue())
    spec = TrendSpec(
        area=area,
        start=start,
        end=end,
        categories=categories,
        step=cast(Step, step),
        measure=cast(Measure, measure),
        months=int(months),
        moving=int(moving),
        knox_max=None if st.session_state.get("tr_knox_all") else KNOX_MAX,
        top_days=int(top),
        knox=KnoxSpec(
            distance_band=float(dist),
            distance_bands=int(dbands),
            time_band=int(days),
            time_bands=int(tbands),
            permutations=int(perm),
        ),
    )
    return spec, own


def _own_days(name: str, data: bytes) -> tuple[tuple[date, str], ...]:
    """The user's own dates from an uploaded CSV (read from a temporary copy; said when wrong)."""
    import tempfile
    from pathlib import Path

    from models.calendar import read_day_list

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / Path(name).name
        path.write_bytes(data)
        try:
            frame = read_day_list(path)
        except (ConvivenciaError, ValueError) as exc:
            st.warning(t("trends.options.days_file.bad", error=str(exc)))
            return ()
    st.caption(t("trends.options.days_file.read", n=len(frame), file=name))
    return tuple(
        (pd.Timestamp(d).date(), str(label))
        for d, label in zip(frame["date"], frame["label"], strict=True)
    )


# -- figures --------------------------------------------------------------------


def figures(result: TrendResult, lang: str, said: Sentences) -> None:
    """Incidents, the two changes with their intervals, the homicide rate."""
    comp = result.comparison
    total = comp[comp["level"] == "total"].iloc[0]
    p = result.periods
    now = period_text(p.now.start, p.now.end, lang)

    def change(suffix: str, covered: bool) -> str:
        return row_change(total, suffix, lang) if covered else t("trends.change.none")

    rates = result.homicide.dropna(subset=["rate"])
    rate = number(float(rates["rate"].iloc[-1]), lang, 1) if len(rates) else MISSING
    show_figures(
        [
            Figure(t("trends.fig.n"), number(result.n, lang), t("trends.fig.n.help")),
            Figure(
                t("trends.fig.before", months=number(result.spec.months, lang)),
                change("before", p.before_covered),
                t(
                    "trends.fig.change.help",
                    now=now,
                    ref=period_text(p.now.before_start, p.now.before_end, lang),
                ),
            ),
            Figure(
                t("trends.fig.year"),
                change("year", p.year_covered),
                t(
                    "trends.fig.change.help",
                    now=now,
                    ref=period_text(p.year_start, p.year_end, lang),
                ),
            ),
            Figure(t("trends.fig.rate"), rate, t("trends.fig.rate.help")),
        ],
        notes=[said.comparison] if said.comparison else [],
    )


# -- the series -------------------------------------------------------------------


def _month_label_expr(lang: str) -> str:
    """A Vega expression writing a time axis's ticks as ``ene 2024`` / ``2024`` in ``lang``."""
    names = ",".join(f"'{t(f'month.short.{k}', lang)}'" for k in range(1, 13))
    return (
        f"month(datum.value) == 0 && date(datum.value) == 1 ? '' + year(datum.value) : "
        f"[{names}][month(datum.value)] + ' ' + year(datum.value)"
    )


def series_chart(result: TrendResult, lang: str, *, show: str) -> alt.LayerChart:
    """The series by group (and its moving average, and programme starts) as an Altair chart."""
    frame = result.series
    present = [g for g in GROUPS if frame.loc[frame["group"] == g, "count"].sum() > 0]
    groups = present + (["all"] if len(present) > 1 else [])
    data = frame[frame["group"].isin(groups)].copy()
    value = "rate" if show == "rate" else "count"
    data["value"] = data[value]
    data["label"] = [t(f"trends.group.{g}") for g in data["group"]]
    data["when"] = [
        month_text(d, lang) if result.spec.step == "month" else d.date().isoformat()
        for d in data["period"]
    ]
    digits = 1 if show == "rate" else 0
    data["value_text"] = [number(v, lang, digits) for v in data["value"]]
    data["moving_text"] = [number(v, lang, 1) for v in data["moving"]]
    data["partial"] = np.where(data["complete"], "", t("trends.series.partial"))
    labels = [t(f"trends.group.{g}") for g in groups]
    colour = alt.Color(
        "label:N",
        title=t("trends.series.group"),
        scale=alt.Scale(domain=labels, range=[GROUP_COLOURS[g] for g in groups]),
        legend=alt.Legend(orient="bottom"),
    )
    x = alt.X(
        "period:T",
        title=t("trends.series.axis.period"),
        axis=alt.Axis(labelExpr=_month_label_expr(lang), labelAngle=0),
    )
    y_title = t("trends.series.axis.rate" if show == "rate" else "trends.series.axis.count")
    tooltip = [
        alt.Tooltip("label:N", title=t("trends.series.group")),
        alt.Tooltip("when:N", title=t("trends.series.axis.period")),
        alt.Tooltip("value_text:N", title=y_title),
        alt.Tooltip("moving_text:N", title=t("trends.series.moving")),
        alt.Tooltip("partial:N", title=" "),
    ]
    base = alt.Chart(data)
    lines = base.mark_line(point=alt.OverlayMarkDef(size=12)).encode(
        x=x, y=alt.Y("value:Q", title=y_title), color=colour, tooltip=tooltip
    )
    layers: list[alt.Chart] = [lines]
    if show == "count":
        moving = (
            base.transform_filter("isValid(datum.moving)")
            .mark_line(strokeDash=[2, 3], strokeWidth=2)
            .encode(x=x, y="moving:Q", color=colour, tooltip=tooltip)
        )
        layers.append(moving)
    partial = data[~data["complete"]]
    if len(partial):
        layers.append(
            alt.Chart(partial)
            .mark_point(color="#bbbbbb", size=40, filled=True)
            .encode(x=x, y="value:Q", tooltip=tooltip)
        )
    progs = result.programs
    if len(progs):
        marks = pd.DataFrame(
            {
                "period": pd.to_datetime(progs["start"]),
                "text": [
                    t(
                        "trends.series.program",
                        name=str(n),
                        component=t(f"component.{c}") if isinstance(c, str) and c else MISSING,
                    )
                    for n, c in zip(
                        progs["name"], progs.get("component", [""] * len(progs)), strict=True
                    )
                ],
            }
        )
        lo, hi = result.start, result.end
        marks = marks[(marks["period"] >= pd.Timestamp(lo)) & (marks["period"] <= pd.Timestamp(hi))]
        if len(marks):
            layers.append(
                alt.Chart(marks)
                .mark_rule(color="#2ca25f", strokeDash=[4, 3], opacity=0.7)
                .encode(x="period:T", tooltip=alt.Tooltip("text:N", title=" "))
            )
    return cast(alt.LayerChart, alt.layer(*layers).properties(height=320))


def homicide_chart(result: TrendResult, lang: str) -> alt.LayerChart | None:
    """The twelve-month homicide rate with the epidemic threshold (``None`` without rates)."""
    from models.trends import EPIDEMIC_RATE

    rates = result.homicide.dropna(subset=["rate"]).copy()
    if not len(rates):
        return None
    rates["rate_text"] = [number(v, lang, 1) for v in rates["rate"]]
    rates["when"] = [month_text(d, lang) for d in rates["month"]]
    axis = t("trends.homicide.axis")
    x = alt.X(
        "month:T",
        title=t("trends.series.axis.period"),
        axis=alt.Axis(labelExpr=_month_label_expr(lang), labelAngle=0),
    )
    line = (
        alt.Chart(rates)
        .mark_line(color="#99000d", point=alt.OverlayMarkDef(size=10))
        .encode(
            x=x,
            y=alt.Y("rate:Q", title=axis, scale=alt.Scale(zero=True)),
            tooltip=[
                alt.Tooltip("when:N", title=t("trends.series.axis.period")),
                alt.Tooltip("rate_text:N", title=axis),
            ],
        )
    )
    threshold = pd.DataFrame({"y": [EPIDEMIC_RATE], "text": [t("trends.homicide.threshold")]})
    rule = alt.Chart(threshold).mark_rule(color="#333333", strokeDash=[6, 4]).encode(y="y:Q")
    text = (
        alt.Chart(threshold)
        .mark_text(align="left", dx=4, dy=-6, color="#333333", fontSize=11)
        .encode(y="y:Q", x=alt.value(0), text="text:N")
    )
    return cast(alt.LayerChart, alt.layer(line, rule, text).properties(height=220))


def series_section(result: TrendResult, lang: str, said: Sentences) -> None:
    """The series chart, its choice of count or rate, the homicide rate chart and sentence."""
    step = t(f"trends.step.{result.spec.step}")
    st.subheader(t("trends.series.title", step=step))
    has_rate = result.area.population is not None
    show = "count"
    if has_rate:
        show = coded_selectbox(
            st.columns([1, 3])[0],
            t("trends.series.show"),
            ["count", "rate"],
            key="tr_show",
            format_func=labeler("trends.series.show."),
            lang=lang,
        )
    st.altair_chart(series_chart(result, lang, show=show), width="stretch")
    st.caption(t("trends.series.caption", step=step, moving=number(result.spec.moving, lang)))
    if not has_rate:
        st.caption(t("trends.series.no_rate"))
    st.subheader(t("trends.homicide.title"))
    chart = homicide_chart(result, lang)
    if chart is None:
        st.caption(t("trends.homicide.none"))
    else:
        st.altair_chart(chart, width="stretch")
    if said.homicide:
        st.markdown(said.homicide)


# -- the rhythm ----------------------------------------------------------------


def heatmap_html(result: TrendResult, lang: str) -> str:
    """The 7 x 24 grid as an HTML table: a colour per cell, its value in the cell and its title."""
    rh = result.rhythm
    grid = rh.grid
    top = grid.max() if grid.size else 0.0
    cmap = colormaps["YlOrRd"]
    digits = 0 if rh.measure == "count" and not rh.spread else 1
    head = "".join(f"<th>{h}</th>" for h in range(24))
    rows = []
    for d in range(7):
        day = t(f"weekday.short.{d}")
        cells = []
        for h in range(24):
            v = float(grid[d, h])
            share = v / top if top > 0 else 0.0
            bg = to_hex(cmap(0.05 + 0.9 * share)) if v > 0 else "#ffffff"
            fg = "#ffffff" if share > 0.6 else "rgb(49,51,63)"
            title = t(
                "trends.rhythm.cell",
                day=t(f"weekday.{d}"),
                hour=f"{h:02d}",
                value=number(v, lang, digits),
            )
            cells.append(
                f'<td style="background:{bg};color:{fg}" title="{html.escape(title, quote=True)}">'
                f"{number(v, lang, 0)}</td>"
            )
        total = number(float(grid[d].sum()), lang, 0)
        apart = number(int(rh.apart_by_day[d]), lang)
        rows.append(
            f'<tr><th class="d" scope="row">{html.escape(day)}</th>{"".join(cells)}'
            f'<td class="t">{total}</td><td class="a">{apart}</td></tr>'
        )
    header = (
        f'<tr><th class="d">{html.escape(t("trends.rhythm.hour"))}</th>{head}'
        f'<th class="t">{html.escape(t("trends.rhythm.total"))}</th>'
        f'<th class="t">{html.escape(t("trends.rhythm.apart"))}</th></tr>'
    )
    return f'{_CSS}<table class="cv-heat"><thead>{header}</thead><tbody>{"".join(rows)}</tbody></table>'


def rhythm_section(result: TrendResult, lang: str, said: Sentences) -> None:
    """The heat map, what it leaves out and its sentence."""
    st.subheader(t("trends.rhythm.title"))
    st.caption(t(f"trends.rhythm.caption.{result.rhythm.measure}"))
    if result.rhythm.total <= 0:
        st.info(t("trends.rhythm.empty"))
    else:
        st.html(heatmap_html(result, lang))
        if said.rhythm:
            st.markdown(said.rhythm)
    st.caption(said.counted)


# -- the days -------------------------------------------------------------------


def days_section(result: TrendResult, lang: str, said: Sentences) -> None:
    """The busiest days with their holidays, and the shares."""
    st.subheader(t("trends.days.title"))
    for line in said.days:
        st.markdown(line)
    table = result.days.table
    if not len(table):
        return
    shown = pd.DataFrame(
        {
            t("trends.days.col.date"): [pd.Timestamp(d).date().isoformat() for d in table["date"]],
            t("trends.days.col.weekday"): [t(f"weekday.{int(d)}") for d in table["weekday"]],
            t("trends.days.col.count"): table["count"].to_numpy(),
            t("trends.days.col.harm"): table["harm"].to_numpy(),
            t("trends.days.col.times"): table["times_usual"].to_numpy(),
            t("trends.days.col.special"): [
                special_label(c, o, lang)
                for c, o in zip(table["special"], table["own"], strict=True)
            ],
        }
    )
    st.html(html_table(shown, lang, decimals={t("trends.days.col.times"): 1}))
    st.caption(t("trends.days.times.help"))


# -- the comparison ----------------------------------------------------------------


def _comparison_table(frame: pd.DataFrame, lang: str, *, barrio: bool) -> pd.DataFrame:
    rows = [r for _, r in frame.iterrows()]
    what = [what_label(str(r["level"]), str(r["code"]), str(r["name"]), lang) for r in rows]
    p = np.fmin(frame["p_before"].to_numpy(dtype=float), frame["p_year"].to_numpy(dtype=float))
    return pd.DataFrame(
        {
            t("trends.compare.col.barrio" if barrio else "trends.compare.col.what"): what,
            t("trends.compare.col.now"): frame["now"].to_numpy(dtype=float),
            t("trends.compare.col.before"): frame["before"].to_numpy(dtype=float),
            t("trends.compare.col.year"): frame["year_before"].to_numpy(dtype=float),
            t("trends.compare.col.rate"): frame["rate_now"].to_numpy(dtype=float),
            t("trends.compare.col.change_before"): [row_change(r, "before", lang) for r in rows],
            t("trends.compare.col.change_year"): [row_change(r, "year", lang) for r in rows],
            t("trends.compare.col.p"): p,
        }
    )


def compare_section(result: TrendResult, lang: str, said: Sentences) -> None:
    """The comparison by group and category, then by barrio."""
    p = result.periods
    st.subheader(t("trends.compare.title"))
    st.caption(
        t(
            "trends.compare.caption",
            now=period_text(p.now.start, p.now.end, lang),
            before=period_text(p.now.before_start, p.now.before_end, lang),
            year=period_text(p.year_start, p.year_end, lang),
        )
    )
    if said.comparison:
        st.markdown(said.comparison)
    for covered, which in ((p.before_covered, "before"), (p.year_covered, "year")):
        if not covered:
            st.caption(t("trends.compare.not_covered", which=t(f"trends.compare.which.{which}")))
    comp = result.comparison
    decimals = {t("trends.compare.col.rate"): 1, t("trends.compare.col.p"): 3}
    cats = comp[comp["level"].isin(["total", "group", "category"])]
    st.html(
        html_table(
            _comparison_table(cats, lang, barrio=False),
            lang,
            decimals=decimals,
            title=t("trends.compare.categories"),
        )
    )
    hoods = comp[comp["level"] == "neighborhood"]
    if len(hoods):
        st.html(
            html_table(
                _comparison_table(hoods.head(BARRIO_ROWS), lang, barrio=True),
                lang,
                decimals=decimals,
                title=t("trends.compare.neighborhoods"),
            )
        )
        if len(hoods) > BARRIO_ROWS:
            with st.expander(t("trends.compare.more", n=number(len(hoods), lang))):
                st.html(
                    html_table(_comparison_table(hoods, lang, barrio=True), lang, decimals=decimals)
                )


# -- near repeats -------------------------------------------------------------------


def knox_html(result: TrendResult, lang: str) -> str:
    """The ratios (observed / expected) by distance (rows) and days (columns); bold when significant."""
    assert result.knox is not None
    table = result.knox.table
    dist = table.drop_duplicates("distance_band").sort_values("distance_band")
    time = table.drop_duplicates("time_band").sort_values("time_band")
    head = "".join(
        f"<th>{html.escape(knox_band(a, b, 'd', lang))}</th>"
        for a, b in zip(time["days_from"], time["days_to"], strict=True)
    )
    rows = []
    for _, d in dist.iterrows():
        cells = []
        part = table[table["distance_band"] == d["distance_band"]].sort_values("time_band")
        for _, c in part.iterrows():
            title = t(
                "trends.knox.cell",
                obs=number(int(c["observed"]), lang),
                exp=number(float(c["expected"]), lang, 1),
                p=number(float(c["p"]), lang, 3),
            )
            cls = ' class="sig"' if bool(c["significant"]) else ""
            cells.append(
                f'<td{cls} title="{html.escape(title, quote=True)}">{number(float(c["ratio"]), lang, 2)}</td>'
            )
        label = knox_band(float(d["distance_from"]), float(d["distance_to"]), "m", lang)
        rows.append(f'<tr><th scope="row">{html.escape(label)}</th>{"".join(cells)}</tr>')
    header = f"<tr><th>{html.escape(t('trends.knox.distance'))}</th>{head}</tr>"
    return f'{_CSS}<table class="cv-knox"><thead>{header}</thead><tbody>{"".join(rows)}</tbody></table>'


def _run_knox() -> None:
    st.session_state["tr_knox_all"] = True


def knox_section(result: TrendResult, lang: str, said: Sentences) -> None:
    """The Knox table and its sentence."""
    st.subheader(t("trends.knox.title"))
    k = result.knox
    if result.knox_skipped:
        pairs = result.knox_n * (result.knox_n - 1) // 2
        st.info(
            t(
                "trends.knox.skipped",
                n=number(result.knox_n, lang),
                pairs=number(pairs / 1e6, lang, 0),
                max=number(KNOX_MAX, lang),
            )
        )
        st.button(
            t("trends.knox.run"),
            key="tr_knox_run",
            on_click=_run_knox,
            icon=":material/play_arrow:",
        )
        return
    if k is None:
        st.info(t("trends.knox.few", n=number(result.knox_n, lang)))
        return
    method = (
        t("trends.knox.method.permutation", k=number(k.spec.permutations, lang))
        if k.method == "permutation"
        else t("trends.knox.method.poisson")
    )
    p = result.periods
    st.caption(
        t(
            "trends.knox.caption",
            now=period_text(p.now.start, p.now.end, lang),
            n=number(result.knox_n, lang),
            method=method,
            cells=number(len(k.table), lang),
            chance=number(len(k.table) * 0.05, lang, 0),
        )
    )
    st.markdown(said.knox or t("trends.knox.none", days=number(k.spec.time_band, lang)))
    st.html(knox_html(result, lang))


# -- downloads ----------------------------------------------------------------------


def downloads(key: tuple[str, str, TrendSpec, tuple[tuple[date, str], ...]], lang: str) -> None:
    """Each table as CSV, and all of them as a ZIP or a GeoPackage (built when clicked)."""
    with st.popover(t("trends.download"), icon=":material/download:", key="tr_downloads"):
        for which, mime, ending in (
            ("zip", "application/zip", ".zip"),
            ("gpkg", "application/geopackage+sqlite3", ".gpkg"),
        ):
            st.download_button(
                t(f"trends.download.{which}"),
                data=functools.partial(trend_file_bytes, *key, which, lang),
                file_name=f"trends{ending}",
                mime=mime,
                key=f"tr_dl_{which}",
                on_click="ignore",
            )
        for name in TABLES:
            st.download_button(
                t("trends.download.one", table=t(f"trends.table.{name}")),
                data=functools.partial(trend_file_bytes, *key, name, lang),
                file_name=f"trends_{name}.csv",
                mime="text/csv",
                key=f"tr_dl_{name}",
                on_click="ignore",
            )


__all__ = [
    "compare_section",
    "controls",
    "days_section",
    "downloads",
    "figures",
    "knox_section",
    "rhythm_section",
    "series_section",
]
