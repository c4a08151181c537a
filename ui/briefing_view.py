"""The mayor's briefing on one screen: the period, the figures, the chart, where, what, next.

Every sentence and figure comes from :func:`models.briefing.briefing_text`,
the same as the PDF's (:mod:`reports.briefing_pdf`), and the map is the
PDF's own picture, so the screen and the document cannot disagree.
"""

from __future__ import annotations

from datetime import date

import altair as alt
import pandas as pd
import streamlit as st

from catalog.say import number, say
from models.briefing import (
    Briefing,
    BriefingText,
    Period,
    parse_period,
    share_text,
    span_text,
)
from ui.figures import Figure, show_figures
from ui.i18n import t
from ui.tables import html_table
from ui.widgets import coded_selectbox

#: How the period is picked: these forms, then the years and the quarters of the data.
FIXED = ("last-12-months",)


def period_options(first: date, last: date) -> list[str]:
    """The periods offered: the last 12 whole months, each year of the data (latest first),
    then each quarter of the last two years of data."""
    years = [str(y) for y in range(last.year, first.year - 1, -1)]
    quarters = [
        f"{y}-Q{q}"
        for y in range(last.year, max(first.year, last.year - 1) - 1, -1)
        for q in range(4, 0, -1)
        if date(y, 3 * q - 2, 1) <= last
    ]
    return [*FIXED, *years, *quarters]


def controls(first: date, last: date, lang: str) -> tuple[Period, float] | None:
    """The period (a choice, or one written in) and the portfolio's budget."""
    from geo import settings

    options = period_options(first, last)
    left, mid, right = st.columns([2, 2, 2])
    chosen = coded_selectbox(
        left,
        t("briefing.page.period"),
        options,
        format_func=lambda o: t(f"briefing.page.option.{o}") if o in FIXED else o,
        key="briefing_period",
        help=t("briefing.page.period.help"),
    )
    written = mid.text_input(
        t("briefing.page.written"),
        key="briefing_written",
        placeholder="2025-01..2025-06",
        help=t("briefing.page.written.help"),
    ).strip()
    budget = right.number_input(
        t("briefing.page.budget"),
        min_value=0.0,
        value=float(settings.briefing_budget),
        step=50_000_000.0,
        format="%.0f",
        key="briefing_budget",
        help=t("briefing.page.budget.help"),
    )
    try:
        period = parse_period(written or chosen, last_data=last)
    except ValueError as exc:
        from catalog.say import error_text

        st.error(error_text(exc, "briefing", lang))
        return None
    return period, float(budget)


def head(b: Briefing, bt: BriefingText, lang: str) -> None:
    """The headline, then four figures, each saying its period."""
    st.subheader(bt.headline, anchor=False)
    show_figures(
        [
            Figure(say("briefing.fig.count", lang, period=bt.period), bt.count),
            Figure(say("briefing.fig.rate", lang, period=bt.period), bt.rate),
            Figure(
                say("briefing.fig.before", lang, before=bt.before),
                f"{bt.count_before} ({bt.rate_before})",
            ),
            Figure(
                say("briefing.fig.change", lang, before=bt.before), f"{bt.change} ({bt.change_pct})"
            ),
        ]
    )
    st.caption(bt.threshold)


def chart(b: Briefing, lang: str) -> None:
    """The 12-month homicide rate (scaled to a year) with the epidemic threshold."""
    months = b.monthly.copy()
    months["label"] = [f"{say(f'month.short.{m.month}', lang)} {m.year}" for m in months["month"]]
    months["n"] = [number(int(n), lang) for n in months["count"]]
    months["rate"] = months["rate_annual"].astype(float)
    order = months["label"].tolist()
    rate = say("briefing.chart.rate", lang)
    bars = (
        alt.Chart(months)
        .mark_bar(color="#5d6d7e")
        .encode(
            x=alt.X("label:N", sort=order, title=None),
            y=alt.Y("rate:Q", title=say("briefing.chart.axis", lang)),
            tooltip=[
                alt.Tooltip("label:N", title=t("briefing.page.month")),
                alt.Tooltip("n:N", title=t("briefing.page.homicides")),
                alt.Tooltip("rate:Q", title=rate, format=".1f"),
            ],
        )
    )
    line = (
        alt.Chart(pd.DataFrame({"y": [b.threshold]}))
        .mark_rule(color="#c0392b", strokeDash=[6, 4])
        .encode(y="y:Q")
    )
    first, last = months["month"].iloc[0], months["month"].iloc[-1]
    span = span_text(first.date(), (last + pd.offsets.MonthEnd(0)).date(), lang)
    st.markdown(f"**{say('briefing.chart.title', lang, span=span)}**")
    st.altair_chart((bars + line).properties(height=230), width="stretch")
    threshold = say("briefing.chart.threshold", lang, threshold=number(b.threshold, lang))
    st.caption(f"{rate} · - - {threshold}")


def categories(b: Briefing, bt: BriefingText, lang: str) -> None:
    """Violence and convivencia by category: the period against the year before."""
    rows = pd.DataFrame(
        {
            say("briefing.col.category", lang): [
                say(f"category.{c}", lang) for c in b.categories["category"]
            ],
            bt.period: b.categories["count"].astype(int),
            bt.before: b.categories["count_before"].astype(int),
            say("briefing.col.change", lang): [
                share_text(float(s), lang) for s in b.categories["change_share"]
            ],
        }
    )
    st.markdown(f"**{say('briefing.section.categories', lang)}**")
    st.html(html_table(rows, lang))
    for line in bt.groups:
        st.caption(line)


def where(bt: BriefingText, png: bytes, lang: str) -> None:
    """The map (no tiles: boundaries, hot spots, spaces) beside the hot spots and priorities."""
    st.subheader(say("briefing.section.where", lang))
    left, right = st.columns([5, 6])
    left.image(png, caption=say("briefing.map.title", lang, period=bt.period), width="stretch")
    with right:
        st.markdown(bt.hotspots_intro)
        for k, line in enumerate(bt.hotspots, start=1):
            st.markdown(f"{k}. {line}")
        st.markdown(bt.priority_intro)
        if bt.priority:
            rows = pd.DataFrame(
                [(k, name, why) for k, (name, why) in enumerate(bt.priority, start=1)],
                columns=[
                    say("briefing.col.rank", lang),
                    say("briefing.col.neighborhood", lang),
                    say("briefing.col.reason", lang),
                ],
            )
            st.html(html_table(rows, lang))


def doing(b: Briefing, bt: BriefingText, lang: str) -> None:
    """Active spaces, teams, programmes by component and by partner type."""
    st.subheader(say("briefing.section.doing", lang))
    left, right = st.columns(2)
    with left:
        for line in bt.doing:
            st.markdown(f"- {line}")
    d = b.doing
    if d.n_programs:
        comp = d.by_component.assign(
            component=[say(f"component.{c}", lang) for c in d.by_component["component"]]
        ).rename(
            columns={
                "component": say("briefing.col.component", lang),
                "programs": say("briefing.col.programs", lang),
            }
        )
        partners = d.by_partner_type.assign(
            partner_type=[
                say(f"articulation.partner_type.{p}", lang)
                for p in d.by_partner_type["partner_type"]
            ]
        ).rename(
            columns={
                "partner_type": say("briefing.col.partner_type", lang),
                "programs": say("briefing.col.programs", lang),
            }
        )
        a, b2 = right.columns(2)
        a.html(html_table(comp, lang))
        b2.html(html_table(partners, lang))


def decide(b: Briefing, bt: BriefingText, lang: str) -> None:
    """The recommended portfolio within the budget."""
    st.subheader(say("briefing.section.decide", lang))
    st.markdown(bt.decision)
    if b.decision is not None and len(b.decision.chosen):
        chosen = b.decision.chosen
        rows = pd.DataFrame(
            {
                say("briefing.col.space", lang): [
                    f"{i} · {n}" for i, n in zip(chosen["space_id"], chosen["name"], strict=True)
                ],
                say("briefing.col.cost", lang): chosen["activation_cost"].astype(float),
                say("briefing.col.gain", lang): chosen["marginal_gain"].astype(float),
            }
        )
        st.html(html_table(rows, lang))


def method(bt: BriefingText, lang: str) -> None:
    with st.expander(say("briefing.section.method", lang)):
        for line in bt.footnote:
            st.markdown(line)
