"""The Territories page through AppTest, in both languages, on the small demo."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from geo.workspace import Workspace
from tests.app import pagetest

PAGE = "pages/territories.py"
AREAS = ("territories.", "nav.territories")

WORDS = {
    "es": {
        "title": "Territorios de gestores",
        "teams": "Equipos",
        "cv": "Coef. de variación",
        "banner": "Datos sintéticos",
        "workload": "Carga",
        "propose": "Proponer territorios",
    },
    "en": {
        "title": "Gestores territories",
        "teams": "Teams",
        "cv": "Coefficient of variation",
        "banner": "Synthetic data",
        "workload": "Workload",
        "propose": "Propose territories",
    },
}


def _decimal(text: str, lang: str) -> float:
    return float(text.replace(",", ".") if lang == "es" else text.replace(",", ""))


@pytest.mark.parametrize("lang", ["es", "en"])
def test_today_and_a_proposal_in_both_languages(
    small_workspace: Path, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    words = WORDS[lang]
    at = pagetest.open_page(small_workspace, lang, monkeypatch, PAGE)
    pagetest.check_opened(at, words)
    territories = Workspace(small_workspace).read("territories")
    figures = pagetest.figures(at)
    assert figures[words["teams"]] == str(len(territories))
    cv_today = _decimal(figures[words["cv"]], lang)
    assert cv_today > 0.2  # the demo's territories are far from balanced
    table = pagetest.table_with(at, words["workload"])
    assert len(table) == len(territories)
    # one sentence per team, each naming its team
    text = pagetest.texts(at)
    for team in territories["team"]:
        assert f"{team}:" in text
    # the redesign: press the button, see before and after
    button = next(b for b in at.button if b.label == words["propose"])
    button.click().run()
    assert not at.exception, at.exception
    after = pagetest.figures(at)
    pair = after[words["cv"]]
    assert "→" in pair
    cv_before, cv_after = (_decimal(x.strip(), lang) for x in pair.split("→"))
    assert cv_before == pytest.approx(cv_today, abs=0.006)
    assert cv_after <= cv_before / 4
    assert len(at.download_button) == 12
    # the demo's team names are data ("Equipo Garza"), not the other language's "Equipo"
    names = " ".join(territories["team"])
    leaked = [w for w in pagetest.leaked(at, lang, AREAS) if w not in names]
    assert not leaked, leaked


def test_an_infeasible_request_is_said_in_the_language(
    small_workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = pagetest.open_page(small_workspace, "es", monkeypatch, PAGE)
    at.number_input(key="terr_teams").set_value(5)
    at.checkbox(key="terr_from_current").check()
    next(b for b in at.button if b.key == "terr_propose").click().run()
    assert not at.exception, at.exception
    errors = " ".join(e.value for e in at.error)
    assert "Partir de los territorios actuales conserva sus 8 equipos" in errors


def test_save_then_adopt_only_when_the_user_says_so(
    small_workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "ws.gpkg"
    shutil.copy(small_workspace, path)
    before = Workspace(path).read("territories")
    at = pagetest.open_page(path, "en", monkeypatch, PAGE)
    at.checkbox(key="terr_from_current").check()
    next(b for b in at.button if b.key == "terr_propose").click().run()
    assert not at.exception, at.exception
    at.text_input(key="terr_scenario_name").input("Plan A")
    next(b for b in at.button if b.key == "terr_save").click().run()
    assert not at.exception, at.exception
    assert any("Plan A" in s.value for s in at.success)
    ws = Workspace(path)
    saved = ws.scenario("Plan A", "territories")
    assert len(saved["result"]) == len(ws.read("neighborhoods"))  # type: ignore[arg-type]
    # saving never touched the layer
    assert ws.read("territories").equals(before)
    # adopting needs the confirmation first
    adopt = next(b for b in at.button if b.key == "terr_adopt")
    assert adopt.disabled
    at.checkbox(key="terr_adopt_sure").check().run()
    next(b for b in at.button if b.key == "terr_adopt").click().run()
    assert not at.exception, at.exception
    ws = Workspace(path)
    layer = ws.read("territories")
    assert sorted(layer["territory_id"]) == sorted(before["territory_id"])
    assert "start" in layer.columns
    history = ws.history("territories")
    assert history["source_file"].iloc[-1] == "scenario:Plan A"
    assert any("Plan A" in s.value for s in at.success)


def test_without_territories_a_plan_is_drawn_from_scratch(
    small_workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    only = pagetest.workspace_with(
        small_workspace, tmp_path / "two.gpkg", ("incidents", "neighborhoods")
    )
    at = pagetest.open_page(only.path, "en", monkeypatch, PAGE)
    assert not at.exception, at.exception
    assert any("Gestores' territories" in i.value for i in at.info)
    assert at.checkbox(key="terr_from_current").disabled
    at.number_input(key="terr_teams").set_value(6)
    next(b for b in at.button if b.key == "terr_propose").click().run()
    assert not at.exception, at.exception
    text = pagetest.texts(at)
    assert "A proposal of 6 contiguous territories" in text
    assert "New territory N6" in text
