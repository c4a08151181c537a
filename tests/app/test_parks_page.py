"""The Public spaces page through AppTest: both languages, the budget, scenarios."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from geo import settings
from geo.workspace import Workspace

ROOT = Path(__file__).resolve().parents[2]
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


def _tables(at: AppTest) -> list[pd.DataFrame]:
    """The page's HTML tables, as text."""
    out = []
    for element in at.get("html"):
        for body in re.findall(r'<table class="cv-table">(.*?)</table>', element.proto.body):
            rows = [
                [html.unescape(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)]
                for row in re.findall(r"<tr>(.*?)</tr>", body)
            ]
            out.append(pd.DataFrame(rows[1:], columns=rows[0]))
    return out


def _figures(at: AppTest) -> dict[str, str]:
    found: dict[str, str] = {}
    for element in at.get("html"):
        cards = re.findall(
            r'<div class="cv-fig-label">(.*?)(?: <span[^>]*>.*?</span>)?</div>'
            r'<div class="cv-fig-value">(.*?)</div>',
            element.proto.body,
        )
        found.update({html.unescape(k): html.unescape(v) for k, v in cards})
    return found


def _open(workspace: Path, lang: str, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setattr(settings, "workspace", workspace)
    monkeypatch.setattr(settings, "workspaces_dir", workspace.parent)
    monkeypatch.setattr(settings, "language", lang)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.session_state["lang"] = lang
    at.switch_page(PAGE).run()
    return at


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_page_recommends_a_portfolio_in_both_languages(
    small_workspace: Path, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    words = WORDS[lang]
    at = _open(small_workspace, lang, monkeypatch)
    assert not at.exception, at.exception
    assert at.title[0].value == words["title"]
    assert any(words["banner"] in w.value for w in at.warning)
    figures = _figures(at)
    for label in FIGURES[lang]:
        assert label in figures, (label, figures)
    chosen = int(figures[FIGURES[lang][2]])
    tables = _tables(at)
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
    at = _open(small_workspace, "en", monkeypatch)
    before = int(_figures(at)["In the portfolio"])
    at.number_input(key="parks_budget").set_value(300).run()
    assert not at.exception, at.exception
    figures = _figures(at)
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
    at = _open(small_workspace, "en", monkeypatch)
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
    at = _open(workspace_copy, "en", monkeypatch)
    _save(at, "Base")
    assert any("Scenario 'Base' saved" in s.value for s in at.success)
    assert Workspace(workspace_copy).scenarios("parks")["name"].tolist() == ["Base"]
    at.number_input(key="parks_budget").set_value(500).run()
    _save(at, "Base")
    assert any("A scenario 'Base' exists" in e.value for e in at.error)
    _save(at, "Small")
    side = next(t for t in _tables(at) if "Small" in t.columns)
    assert {"Base", "Small"} <= set(side.columns)
    spec = Workspace(workspace_copy).scenario("Small", "parks")["spec"]
    assert isinstance(spec, dict) and spec["budget"] == 500e6


def test_weights_change_the_ranking_and_reset(
    small_workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _open(small_workspace, "en", monkeypatch)
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
