"""Evaluation: did the programme work, by how much, with what uncertainty, and did it move next
door?

The page reads its options (:func:`ui.evaluation_view.controls`: the treatment, the outcome,
the period, the window, the permutations), shows who was treated and from when on a map before
any number (:func:`ui.cache.evaluation_treatment`), then runs
:func:`ui.cache.evaluation_result` (cached on the workspace's content hash and the spec) and
draws the headline sentence, the figures, the event study, the agreement of the cross-checks,
displacement, the caveats and the indicative per-barrio estimates.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from models.evaluation import EvaluationError, EvaluationSpec
from models.evaluation_text import (
    caveats,
    displacement_sentences,
    error_text,
    headline,
    notes,
)
from ui import evaluation_view as view
from ui.cache import evaluation_inputs, evaluation_result, evaluation_treatment, incident_table
from ui.i18n import language, t
from ui.router import ensure_routed
from ui.state import current_workspace, missing_layer_note, synthetic_banner


def main() -> None:
    ensure_routed()
    lang = language()
    ws = current_workspace()
    st.title(t("evaluation.page.title"))
    if ws is None:
        st.info(t("sidebar.no_workspace"))
        return
    synthetic_banner(ws)
    st.caption(t("evaluation.page.intro"))
    for layer in ("neighborhoods", "incidents"):
        if not ws.has(layer):
            missing_layer_note(layer)
            return
    first_day, last_day = incident_table(ws.location, ws.content_hash).date_bounds()
    try:
        spec = view.controls(first_day, last_day, ws.content_hash, lang)
    except EvaluationError as exc:  # a window that ends before it starts
        st.error(t("evaluation.page.failed", error=error_text(exc, lang)))
        return
    source = "territories" if spec.treatment == "territories" else "programs"
    if not ws.has(source):
        missing_layer_note(source)
        return
    base = (ws.location, ws.content_hash)
    inputs = evaluation_inputs(*base)
    try:
        treated = evaluation_treatment(
            *base, EvaluationSpec(treatment=spec.treatment, components=spec.components)
        )
    except EvaluationError as exc:
        st.error(t("evaluation.page.failed", error=error_text(exc, lang)))
        return
    st.subheader(t("evaluation.page.who"))
    st.caption(view.who_caption(treated, lang))
    view.treatment_map(
        treated,
        inputs.hoods,
        inputs.territories if spec.treatment == "territories" else None,
        ws,
        ("evaluation", *base, spec.treatment, spec.components, lang),
        lang,
    )
    try:  # the estimates first; the randomisation inference (seconds) fills in after
        with st.spinner(t("evaluation.page.running")):
            result = evaluation_result(*base, replace(spec, permutations=0))
    except EvaluationError as exc:
        st.error(t("evaluation.page.failed", error=error_text(exc, lang)))
        return
    st.subheader(t("evaluation.page.result"))
    st.info(headline(result, lang))
    summary = st.empty()
    view.summary(summary, result, lang)
    st.markdown(f"**{t('evaluation.page.event')}**")
    st.altair_chart(view.event_chart(result, lang), width="stretch")
    st.caption(t("evaluation.page.event.caption", step=t(f"evaluation.step.{spec.step}").lower()))
    st.markdown(f"**{t('evaluation.page.checks')}**")
    checks = st.empty()
    checks.html(view.checks_table_html(result, lang))
    st.markdown(f"**{t('evaluation.page.displacement')}**")
    st.html(view.bullets_html(displacement_sentences(result, lang)))
    st.markdown(f"**{t('evaluation.page.caveats')}**")
    st.html(view.bullets_html(caveats(result, lang)))
    with st.expander(t("evaluation.page.barrios.title")):
        st.caption(t("evaluation.page.barrios.caption"))
        st.html(view.barrio_table_html(result, lang))
    with st.expander(t("evaluation.page.notes")):
        st.html(view.bullets_html(notes(result, lang)))
    if spec.permutations:
        with st.spinner(t("evaluation.page.randomising", n=spec.permutations)):
            result = evaluation_result(*base, spec)
        view.summary(summary, result, lang)
        checks.html(view.checks_table_html(result, lang))
    view.downloads((*base, spec), lang)
    with st.expander(t("evaluation.page.method.title")):
        st.markdown(t("evaluation.page.method.text"))


main()
