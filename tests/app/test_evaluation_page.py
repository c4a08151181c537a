"""The Evaluation page through AppTest, in both languages, on the small demo.

The randomisation's permutations are set to :data:`PERMUTATIONS` in the session before the
first run (the number input ``ev_permutations`` reads it), so a page run takes seconds.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from catalog.say import number, percent, say
from geo import settings
from geo.workspace import Workspace, write_workspace
from models.evaluation import (
    EvaluationInputs,
    EvaluationResult,
    EvaluationSpec,
    evaluate,
    treatment,
)
from models.evaluation_text import p_value
from tests.app import pagetest
from ui.evaluation_view import window_keys

PAGE = "pages/evaluation.py"
AREAS = ("evaluation.", "nav.evaluation")
#: Few permutations: the p-value is coarse, the run quick.
PERMUTATIONS = 19

WORDS = {
    "es": {"title": "Evaluación: ¿funcionó?", "banner": "Datos sintéticos"},
    "en": {"title": "Evaluation: did it work?", "banner": "Synthetic data"},
}


def _keys(at: AppTest) -> tuple[str, str]:
    """The window's date keys of the page's workspace (``ui.evaluation_view.window_keys``)."""
    return window_keys(Workspace(settings.workspace).content_hash)


def _open(
    workspace: Path,
    lang: str,
    monkeypatch: pytest.MonkeyPatch,
    **state: object,
) -> AppTest:
    """:func:`pagetest.open_page` on the Evaluation page, :data:`PERMUTATIONS` and ``state`` in
    the session before the first run."""
    return pagetest.open_page(
        workspace, lang, monkeypatch, PAGE, state={"ev_permutations": PERMUTATIONS, **state}
    )


def _who(treated: int, neighbours: int, controls: int, lang: str) -> str:
    return say(
        "evaluation.page.who.caption",
        lang,
        treated=number(treated, lang),
        neighbours=number(neighbours, lang),
        controls=number(controls, lang),
    )


@pytest.fixture(scope="module")
def inputs(small_workspace: Path) -> EvaluationInputs:
    return EvaluationInputs.from_workspace(Workspace(small_workspace))


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_result_in_both_languages(
    small_workspace: Path,
    inputs: EvaluationInputs,
    lang: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    words = WORDS[lang]
    at = _open(small_workspace, lang, monkeypatch)
    pagetest.check_opened(at, words)
    assert at.number_input(key="ev_permutations").value == PERMUTATIONS
    assert not at.error, [e.value for e in at.error]

    # the same spec through the engine, without the app: the page must show its numbers
    since = at.date_input(key=_keys(at)[0]).value
    until = at.date_input(key=_keys(at)[1]).value
    assert isinstance(since, date) and isinstance(until, date)
    spec = EvaluationSpec(since=since, until=until, permutations=PERMUTATIONS)
    result: EvaluationResult = evaluate(inputs, spec)
    a = result.analysis
    assert a.primary.neighbours is not None and a.randomisation is not None

    # who was treated, before any number
    captions = [c.value for c in at.caption]
    tr = result.treatment
    who = _who(tr.count("treated"), tr.count("neighbour"), tr.count("control"), lang)
    assert who in captions

    figures = pagetest.figures(at)
    fig = {
        name: say(f"evaluation.page.fig.{name}", lang)
        for name in ("treated", "neighbours", "mde", "pretrend", "ri")
    }
    assert set(fig.values()) <= set(figures), figures
    assert figures[fig["treated"]] == percent(a.primary.treated.estimate, lang, signed=True)
    assert figures[fig["neighbours"]] == percent(a.primary.neighbours.estimate, lang, signed=True)
    assert figures[fig["mde"]] == percent(a.mde, lang)
    assert figures[fig["pretrend"]] == p_value(a.event.pre_trend_p, lang)
    assert figures[fig["ri"]] == p_value(a.randomisation.p, lang)

    # the headline names the treated barrios' count
    headline = " ".join(i.value for i in at.info)
    assert f" {number(result.n_treated, lang)} " in headline
    assert percent(abs(a.primary.treated.estimate), lang) in headline

    # the agreement table: the primary model and the three cross-checks, in that order
    checks = pagetest.table_with(at, say("evaluation.page.col.agreement", lang))
    methods = [
        say(f"evaluation.method.{m}", lang)
        for m in ("poisson", "callaway_santanna", "imputation", "randomisation")
    ]
    assert checks[say("evaluation.page.col.method", lang)].tolist() == methods

    # the per-barrio estimates: one row per treated barrio, in the barrios' id order
    barrios = pagetest.table_with(at, say("field.name", lang))
    names = tr.barrios.set_index("neighborhood_id")["name"]
    treated_ids = result.panel.units("treated")
    assert treated_ids == sorted(treated_ids)
    assert barrios[say("field.name", lang)].tolist() == [names[u] for u in treated_ids]
    assert len(barrios) == result.n_treated

    assert len(at.download_button) == 5
    leaked = pagetest.leaked(at, lang, AREAS)
    assert not leaked, leaked


def test_programmes_of_one_component_treat_other_barrios(
    small_workspace: Path, inputs: EvaluationInputs, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _open(small_workspace, "en", monkeypatch)
    assert not at.exception, at.exception
    territories = treatment(inputs, EvaluationSpec())
    assert _who(
        territories.count("treated"),
        territories.count("neighbour"),
        territories.count("control"),
        "en",
    ) in [c.value for c in at.caption]

    at.selectbox(key="ev_treatment").set_value("programs").run()
    assert not at.exception, at.exception
    at.multiselect(key="ev_components").set_value(["prevention"]).run()
    assert not at.exception, at.exception
    prevention = treatment(inputs, EvaluationSpec(treatment="programs", components=("prevention",)))
    assert prevention.count("treated") != territories.count("treated")
    who = _who(
        prevention.count("treated"),
        prevention.count("neighbour"),
        prevention.count("control"),
        "en",
    )
    captions = [c.value for c in at.caption]
    assert who in captions, captions
    # the demo's prevention programmes can be evaluated: a headline naming them, no error
    assert not at.error, [e.value for e in at.error]
    headline = " ".join(i.value for i in at.info)
    component = say("component.prevention", "en").lower()
    assert say("evaluation.with.components", "en", components=component) in headline


def test_without_territories_the_missing_layer_is_said(
    small_workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    partial = pagetest.workspace_with(
        small_workspace, tmp_path / "partial.gpkg", ("incidents", "neighborhoods", "programs")
    )
    at = _open(partial.path, "es", monkeypatch)
    assert not at.exception, at.exception
    note = say(
        "missing.layer",
        "es",
        layer=say("layer.territories", "es"),
        adds=say("adds.territories", "es"),
    )
    assert [i.value for i in at.info] == [note]
    assert not at.warning  # not synthetic: no banner
    assert not pagetest.figures(at)
    # the programmes are there: choosing them as the treatment evaluates
    at.selectbox(key="ev_treatment").set_value("programs").run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert say("evaluation.page.fig.treated", "es") in pagetest.figures(at)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_too_few_treated_barrios_is_said_in_the_language(
    small_workspace: Path, tmp_path: Path, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = Workspace(small_workspace)
    programs = source.read("programs")
    # two barrio programmes that began in 2020: two treated barrios, three are needed
    two = programs[programs["program_id"].isin(["P33", "P19"])]
    assert two["neighborhood_id"].nunique() == 2
    layers = {layer: source.read(layer) for layer in ("incidents", "neighborhoods")}
    ws = write_workspace(
        tmp_path / "two.gpkg",
        {**layers, "programs": two},
        city_name="Dos programas",
        provenance="t",
        synthetic=False,
    )
    at = _open(ws.path, lang, monkeypatch, ev_treatment="programs")
    assert not at.exception, at.exception
    # who was treated is still shown; the estimate is refused in words
    assert _who(2, *_neighbours_and_controls(ws), lang=lang) in [c.value for c in at.caption]
    few = say(
        "evaluation.error.few_treated",
        lang,
        n=number(2, lang),
        pre=number(2, lang),
        minimum=number(3, lang),
    )
    assert [e.value for e in at.error] == [say("evaluation.page.failed", lang, error=few)]
    assert not pagetest.figures(at)


def _neighbours_and_controls(ws: Workspace) -> tuple[int, int]:
    tr = treatment(EvaluationInputs.from_workspace(ws), EvaluationSpec(treatment="programs"))
    assert tr.count("treated") == 2
    return tr.count("neighbour"), tr.count("control")


def test_a_window_that_ends_before_it_starts_is_said_in_the_language(
    small_workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _open(small_workspace, "es", monkeypatch)
    assert not at.exception, at.exception
    at.date_input(key=_keys(at)[0]).set_value(date(2025, 6, 1))
    at.date_input(key=_keys(at)[1]).set_value(date(2024, 1, 1)).run()
    assert not at.exception, at.exception
    bad = say("evaluation.error.bad_window", "es", since=date(2025, 6, 1), until=date(2024, 1, 1))
    assert [e.value for e in at.error] == [say("evaluation.page.failed", "es", error=bad)]
