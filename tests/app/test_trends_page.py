"""The Trends page through AppTest, in both languages, on the small demo."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from catalog.say import CATALOG
from geo.workspace import Workspace
from tests.app import pagetest

PAGE = "pages/trends.py"
#: The catalogue areas the page speaks from.
AREAS = ("trends.", "weekday.", "calendar.day.", "nav.trends")

WORDS: dict[str, dict[str, Any]] = {
    "es": {
        "title": "Tendencias: cuándo",
        "banner": "Datos sintéticos",
        "n": "Incidentes",
        "year": "Frente al año anterior",
        "tabs": ["Serie", "Ritmo semanal", "Días", "Comparación", "Repeticiones cercanas"],
        "weekend": "Las noches de viernes y sábado",
        "what": "Qué",
    },
    "en": {
        "title": "Trends: when",
        "banner": "Synthetic data",
        "n": "Incidents",
        "year": "Against a year earlier",
        "tabs": ["Series", "Weekly rhythm", "Days", "Comparison", "Near repeats"],
        "weekend": "Friday and Saturday nights",
        "what": "What",
    },
}


def _heat_cells(at: object) -> list[list[str]]:
    body = next(h.proto.body for h in at.get("html") if 'class="cv-heat"' in h.proto.body)  # type: ignore[attr-defined]
    rows = re.findall(r"<tr>(.*?)</tr>", body)
    return [re.findall(r"<td[^>]*>(.*?)</td>", r) for r in rows[1:]]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_page_in_both_languages(
    small_workspace: Path, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    words = WORDS[lang]
    at = pagetest.open_page(small_workspace, lang, monkeypatch, PAGE)
    pagetest.check_opened(at, words)
    figures = pagetest.figures(at)
    n = len(Workspace(small_workspace).read("incidents"))
    assert figures[words["n"]] == f"{n:,}".replace(",", "." if lang == "es" else ",")
    assert words["year"] in figures
    assert [tab.label for tab in at.tabs] == words["tabs"]
    # the heat map: 7 rows of 24 hours, a total and the incidents without a time
    cells = _heat_cells(at)
    assert len(cells) == 7 and all(len(r) == 26 for r in cells)
    assert any(words["weekend"] in m.value for m in at.markdown)
    # the comparison by category: the total first
    comparison = pagetest.table_with(at, words["what"])
    assert comparison.iloc[0, 0] == CATALOG["trends.group.all"][lang]
    assert len(at.get("vega_lite_chart")) >= 1
    assert len(at.download_button) == 8
    leaked = pagetest.leaked(at, lang, AREAS)
    assert not leaked, leaked


def test_areas_steps_and_options_rerun(
    small_workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = pagetest.open_page(small_workspace, "en", monkeypatch, PAGE)
    city = pagetest.figures(at)["Incidents"]
    at.selectbox(key="tr_kind").set_value("neighborhood").run()
    assert not at.exception, at.exception
    barrio = pagetest.figures(at)["Incidents"]
    assert int(barrio.replace(",", "")) < int(city.replace(",", ""))
    at.selectbox(key="tr_kind").set_value("territory").run()
    assert not at.exception, at.exception
    at.selectbox(key="tr_step").set_value("week").run()
    at.selectbox(key="tr_measure").set_value("harm").run()
    at.number_input(key="tr_months").set_value(6).run()
    at.number_input(key="tr_perm").set_value(0).run()
    assert not at.exception, at.exception
    assert "Against the 6 months before" in pagetest.figures(at)


def test_only_incidents_still_works_and_says_what_is_missing(
    small_workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    only = pagetest.workspace_with(small_workspace, tmp_path / "one.gpkg", ("incidents",))
    at = pagetest.open_page(only.path, "en", monkeypatch, PAGE)
    assert not at.exception, at.exception
    notes = "\n".join(i.value for i in at.info)
    assert "Neighbourhoods" in notes or "neighbourhoods" in notes
    assert pagetest.figures(at)["Homicides per 100,000 (12 months)"] == "–"
    assert not any("Synthetic data" in w.value for w in at.warning)
    assert at.selectbox(key="tr_kind").options == ["Whole city", "Hot spot"]


def test_a_large_period_asks_before_the_knox_test(
    small_workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui import trends_view

    monkeypatch.setattr(trends_view, "KNOX_MAX", 50)
    at = pagetest.open_page(small_workspace, "en", monkeypatch, PAGE)
    assert not at.exception, at.exception
    assert any("the Knox test waits to be asked" in i.value for i in at.info)
    bodies = " ".join(h.proto.body for h in at.get("html"))
    assert 'class="cv-knox"' not in bodies
    at.button(key="tr_knox_run").click().run()
    assert not at.exception, at.exception
    bodies = " ".join(h.proto.body for h in at.get("html"))
    assert 'class="cv-knox"' in bodies
