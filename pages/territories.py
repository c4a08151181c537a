"""Territories: how the gestores teams cover the need today, and a balanced, contiguous redesign.

The page reads its options (:func:`ui.territories_view.controls`: what the
workload is, its window), runs :func:`ui.cache.territory_evaluation` (cached
on the workspace's content hash, the spec and the window's last day) and
draws today's plan: the balance across teams, the need outside every
territory, one sentence per team, the barrios two territories share. The
redesign's form stores a request; :func:`ui.cache.territory_proposal` solves
it and the page shows the current and proposed plans side by side, both
per-team tables, and the buttons that save the proposal as a scenario and
adopt it (only when the user says so).
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from models.districting import DistrictingError
from models.territories import ProposalSpec
from models.territories_text import error_text, team_sentences
from ui import territories_view as view
from ui.cache import incident_table, territory_evaluation, territory_proposal
from ui.i18n import language, t
from ui.router import ensure_routed
from ui.state import current_workspace, frame_or_none, missing_layer_note, synthetic_banner


def main() -> None:
    ensure_routed()
    lang = language()
    ws = current_workspace()
    st.title(t("territories.page.title"))
    if ws is None:
        st.info(t("sidebar.no_workspace"))
        return
    synthetic_banner(ws)
    st.caption(t("territories.page.intro"))
    if not ws.has("neighborhoods"):
        missing_layer_note("neighborhoods")
        return
    for layer in ("incidents", "territories"):
        if not ws.has(layer):
            missing_layer_note(layer)
    view.said()
    hoods = frame_or_none(ws, "neighborhoods")
    territories = frame_or_none(ws, "territories")
    last_day = (
        incident_table(ws.location, ws.content_hash).date_bounds()[1]
        if ws.has("incidents")
        else None
    )
    spec, until = view.controls(hoods, last_day, lang)
    base = (ws.location, ws.content_hash)
    ev = None
    if territories is not None:
        st.subheader(t("territories.page.today"))
        try:
            with st.spinner(t("territories.page.running")):
                ev = territory_evaluation(*base, spec, until)
        except (DistrictingError, ValueError) as exc:
            st.error(t("territories.page.failed", error=error_text(exc, lang)))
            return
        view.figures(ev, lang)
        left, right = st.columns([2.2, 1], gap="medium")
        with left:
            view.current_map(ev, ws, lang)
        with right:
            st.markdown(f"**{t('territories.page.by_team')}**")
            st.html(view.sentences_html(team_sentences(ev.teams, lang)))
        st.html(view.team_table_html(ev.teams, lang))
        with st.expander(
            t("territories.page.splits.title", n=len(ev.splits["neighborhood_id"].unique()))
        ):
            view.splits(ev, lang)
        view.downloads((*base, spec, until), ("teams", "barrios"), lang, widget="terr_dl_now")
    st.subheader(t("territories.page.redesign"))
    st.caption(t("territories.page.redesign.intro"))
    view.proposal_form(spec, ev, len(hoods) if hoods is not None else 0, lang)
    request = st.session_state.get(view.PROPOSAL_KEY)
    if isinstance(request, ProposalSpec):
        if request.measure != spec:  # the workload changed above: the request follows it
            request = replace(request, measure=spec)
        try:
            with st.spinner(t("territories.page.solving")):
                proposal = territory_proposal(*base, request, until)
        except (DistrictingError, ValueError) as exc:
            st.error(t("territories.page.failed", error=error_text(exc, lang)))
        else:
            view.proposal_summary(proposal, lang)
            view.plan_maps(proposal, ws, lang)
            tabs = st.tabs([t("territories.page.plan.new"), t("territories.page.plan.now")])
            with tabs[0]:
                st.html(view.sentences_html(team_sentences(proposal.teams, lang)))
                st.html(view.team_table_html(proposal.teams, lang))
            with tabs[1]:
                if proposal.before is not None:
                    st.html(view.team_table_html(proposal.before.teams, lang))
            view.downloads(
                (*base, request, until), ("proposal", "proposal_teams"), lang, widget="terr_dl_new"
            )
            view.scenario_buttons(proposal, ws, territories)
    with st.expander(t("territories.page.method.title")):
        st.markdown(t("territories.page.method.text"))


main()
