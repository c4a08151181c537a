"""The Public spaces page through AppTest: both languages, the budget, scenarios."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.workspace import Workspace
from tests.app import pagetest

#: Seconds a run of this page may take (more than pagetest.TIMEOUT, the others').
TIMEOUT = 180
PAGE = "pages/parks.py"

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Public spaces to activate",
        "banner": "Synthetic data",
        "name": "Name",
        "why": "Why",
        "other": "Espacios públicos para activar",
    },
    "es": {
        "title": "Espacios públicos para activar",
        "banner": "Datos sintéticos",
        "name": "Nombre",
        "why": "Por qué",
        "other": "Public spaces to activate",
    },
}


FIGURES = {
    "en": ["Candidates", "Already active", "In the portfolio", "Need covered"],
    "es": ["Candidatos", "Ya activos", "En el portafolio", "Necesidad cubierta"],
}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_page_recommends_a_portfolio_in_both_languages(
    small_workspace: Path, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    words = WORDS[lang]
    at = pagetest.open_page(small_workspace, lang, monkeypatch, PAGE, timeout=TIMEOUT)
    pagetest.check_opened(at, words)
    figures = pagetest.figures(at)
    for label in FIGURES[lang]:
        assert label in figures, (label, figures)
    chosen = int(figures[FIGURES[lang][2]])
    tables = pagetest.tables(at)
    portfolio = next(t for t in tables if words["name"] in t.columns)
    reasons = next(t for t in tables if words["why"] in t.columns)
    assert len(portfolio) == len(reasons) == chosen > 0
    assert reasons[words["why"]].str.endswith(".").all()
    text = " ".join(e.proto.body for e in at.get("html")) + " ".join(c.value for c in at.caption)
    assert words["other"] not in text
    assert len(at.dataframe) == 1  # the full ranking
    assert len(at.dataframe[0].value) == len(Workspace(small_workspace).read("public_spaces"))


def test_a_smaller_budget_chooses_fewer_spaces_within_it(
    small_workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = pagetest.open_page(small_workspace, "en", monkeypatch, PAGE, timeout=TIMEOUT)
    before = int(pagetest.figures(at)["In the portfolio"])
    at.number_input(key="parks_budget").set_value(300).run()
    assert not at.exception, at.exception
    figures = pagetest.figures(at)
    assert int(figures["In the portfolio"]) < before
    cost, budget = (
        float(v.replace(",", "")) for v in figures["Cost / budget (millions)"].split(" / ")
    )
    assert budget == 300 and cost <= 300


def test_a_must_that_does_not_fit_is_said_not_raised(
    small_workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spaces = Workspace(small_workspace).read("public_spaces")
    candidate = str(spaces.loc[spaces["activation_status"] != "active", "space_id"].iloc[0])
    at = pagetest.open_page(small_workspace, "en", monkeypatch, PAGE, timeout=TIMEOUT)
    at.number_input(key="parks_budget").set_value(0).run()
    at.multiselect(key="parks_must").set_value([candidate]).run()
    assert not at.exception, at.exception
    assert any("do not fit the budget" in w.value for w in at.warning), [
        w.value for w in (*at.warning, *at.error)
    ]


def _save(at: AppTest, name: str) -> None:
    at.text_input(key="parks_scenario_name").input(name)
    at.button(key="parks_scenario_save").click().run()
    assert not at.exception, at.exception


def test_a_scenario_is_saved_compared_and_not_replaced_silently(
    workspace_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = pagetest.open_page(workspace_copy, "en", monkeypatch, PAGE, timeout=TIMEOUT)
    _save(at, "Base")
    assert any("Scenario 'Base' saved" in s.value for s in at.success)
    assert Workspace(workspace_copy).scenarios("parks")["name"].tolist() == ["Base"]
    at.number_input(key="parks_budget").set_value(500).run()
    _save(at, "Base")
    assert any("A scenario 'Base' exists" in e.value for e in at.error)
    _save(at, "Small")
    side = next(t for t in pagetest.tables(at) if "Small" in t.columns)
    assert {"Base", "Small"} <= set(side.columns)
    spec = Workspace(workspace_copy).scenario("Small", "parks")["spec"]
    assert isinstance(spec, dict) and spec["budget"] == 500e6


def test_weights_change_the_ranking_and_reset(
    small_workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = pagetest.open_page(small_workspace, "en", monkeypatch, PAGE, timeout=TIMEOUT)
    first = list(at.dataframe[0].value["name"])
    for name in ("harm", "conflicts", "trend", "gap", "neglect", "poverty"):
        at.slider(key=f"parks_w_{name}").set_value(0)
    at.run()
    assert not at.exception, at.exception
    youth_only = list(at.dataframe[0].value["name"])
    assert youth_only != first
    at.button(key="parks_w_reset").click().run()
    assert at.slider(key="parks_w_harm").value == 30
    assert list(at.dataframe[0].value["name"]) == first
