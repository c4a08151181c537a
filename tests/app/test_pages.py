"""Every page through Streamlit's AppTest, in both languages, on the small demo."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo import schema, settings
from tests.app import pagetest

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 120


def _texts(at: AppTest) -> str:
    parts = [
        e.value
        for e in (*at.title, *at.caption, *at.markdown, *at.warning, *at.info, *at.subheader)
    ]
    parts += [m.label for m in at.metric] + list(pagetest.figures(at))
    return "\n".join(str(p) for p in parts)


@pytest.fixture
def app(small_workspace: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setattr(settings, "workspace", small_workspace)
    monkeypatch.setattr(settings, "workspaces_dir", small_workspace.parent)
    return pagetest.app_as()


@pytest.mark.parametrize(
    ("lang", "title", "rate_label", "banner"),
    [
        ("es", "Mapa de incidentes", "Homicidios por 100.000 hab./año", "Datos sintéticos"),
        ("en", "Incident map", "Homicides per 100,000 per year", "Synthetic data"),
    ],
)
def test_map_page(app: AppTest, lang: str, title: str, rate_label: str, banner: str) -> None:
    app.session_state["lang"] = lang
    app.run()
    assert not app.exception, app.exception
    text = _texts(app)
    assert app.title[0].value == title
    assert banner in text
    figures = pagetest.figures(app)
    assert rate_label in figures
    rate = figures[rate_label]
    value = rate.replace(".", "").replace(",", ".") if lang == "es" else rate.replace(",", "")
    assert float(value) > 0
    # numbers follow the language: 8.318 incidents in Spanish, 8,318 in English
    incidents = figures["Incidentes" if lang == "es" else "Incidents"]
    assert ("." in incidents) == (lang == "es") and ("," in incidents) == (lang == "en")
    # the table by category lists every category present, translated
    bodies = [h.proto.body for h in app.get("html") if 'class="cv-table"' in h.proto.body]
    tables = "".join(bodies).split('<table class="cv-table">')[1:]
    assert len(tables) == 2, "the tables by category and by neighbourhood"
    assert tables[0].count("<tr>") >= 1 + 8  # the header and a row per category
    assert ("Homicidio" if lang == "es" else "Homicide") in tables[0]


@pytest.mark.parametrize(
    ("lang", "title"), [("es", "Datos de la ciudad"), ("en", "The city's data")]
)
def test_data_page(app: AppTest, lang: str, title: str) -> None:
    app.session_state["lang"] = lang
    app.switch_page("pages/data.py").run()
    assert not app.exception, app.exception
    assert app.title[0].value == title
    layers = app.dataframe[0].value
    assert len(layers) == len(schema.LAYERS)  # the demo has every layer, streets included
    assert "synthetic" in _texts(app).lower() or "sintétic" in _texts(app).lower()


def test_language_switch_and_filters_hold_across_pages(app: AppTest) -> None:
    app.run()
    assert app.title[0].value == "Mapa de incidentes"
    app.sidebar.radio(key="lang").set_value("en").run()
    assert app.title[0].value == "Incident map"
    cats = [
        w
        for w in app.sidebar.multiselect
        if w.key and w.key.startswith("cats-") and not w.key.startswith("cats-codes")
    ][0]
    cats.set_value(["homicide"]).run()
    homicides = pagetest.figures(app)["Homicides"]
    incidents = pagetest.figures(app)["Incidents"]
    assert homicides == incidents
    app.switch_page("pages/data.py").run()
    assert app.title[0].value == "The city's data"
    app.switch_page("pages/map.py").run()
    cats = [
        w
        for w in app.sidebar.multiselect
        if w.key and w.key.startswith("cats-") and not w.key.startswith("cats-codes")
    ][0]
    assert cats.value == ["homicide"]
    assert app.sidebar.radio(key="lang").value == "en"


def test_a_workspace_with_only_incidents_works_and_says_what_is_missing(
    small_workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    only = pagetest.workspace_with(small_workspace, tmp_path / "only.gpkg", ("incidents",))
    monkeypatch.setattr(settings, "workspace", only.path)
    monkeypatch.setattr(settings, "workspaces_dir", tmp_path)
    at = pagetest.app_as()
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception, at.exception
    notes = "\n".join(i.value for i in at.info)
    assert "Neighbourhoods" in notes and "rates per 100,000" in notes
    assert "Synthetic data" not in _texts(at)
    at.switch_page("pages/data.py").run()
    assert not at.exception, at.exception
    assert "Gestores' territories" in "\n".join(i.value for i in at.info)


def test_no_workspace_at_all_says_how_to_make_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(settings, "workspace", tmp_path / "none.gpkg")
    monkeypatch.setattr(settings, "workspaces_dir", tmp_path)
    at = pagetest.app_as()
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception, at.exception
    assert any("cli.py demo" in w.value for w in (*at.sidebar.warning, *at.info))


def test_the_language_setting_is_the_default(app: AppTest, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "language", "en")
    app.run()
    assert not app.exception, app.exception
    assert app.title[0].value == "Incident map"
    assert app.sidebar.radio(key="lang").value == "en"
