"""The Hot spots page through AppTest, in both languages, every method once.

``settings.language`` is set to the session's language too: AppTest reads
the widgets' formatted values between runs, outside a script run, where
the catalogue falls back on ``settings.language``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo import settings
from models.hotspots import METHODS
from tests.app import pagetest

PAGE = "pages/hotspots.py"

WORDS = {
    "en": {
        "title": "Hot spots",
        "reason": "**How the scale and parameters were chosen.**",
        "description": "Description",
        "banner": "Synthetic data",
        "scale": "Cells are",
    },
    "es": {
        "title": "Puntos calientes",
        "reason": "**Cómo se eligieron la escala y los parámetros.**",
        "description": "Descripción",
        "banner": "Datos sintéticos",
        "scale": "Las celdas miden",
    },
}


def _captions(at: AppTest) -> list[str]:
    return [c.value for c in at.caption]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_method_in_both_languages(
    small_workspace: Path, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    words = WORDS[lang]
    at = pagetest.open_page(small_workspace, lang, monkeypatch, PAGE)
    pagetest.check_opened(at, words)
    # the default method (Gi*) says which scale it chose and why
    reason = next(c for c in _captions(at) if c.startswith(words["reason"]))
    assert words["scale"] in reason
    for method in METHODS:
        at.selectbox(key="hs_method").set_value(method).run()
        assert not at.exception, (method, at.exception)
        assert any(c.startswith(words["reason"]) for c in _captions(at)), method
        table = pagetest.table_with(at, words["description"])
        assert words["description"] in table.columns, method
        assert len(table) >= 1, method
        assert table[words["description"]].str.endswith(".").all(), method
        labels = [b.label for b in at.download_button]
        assert len(labels) == 3, method


def test_parameters_change_the_result_and_the_reason(
    small_workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = pagetest.open_page(small_workspace, "en", monkeypatch, PAGE)
    at.number_input(key="hs_cell").set_value(300.0).run()
    at.number_input(key="hs_distance").set_value(900.0).run()
    assert not at.exception, at.exception
    reason = next(
        c for c in _captions(at) if c.startswith("**How the scale and parameters were chosen.**")
    )
    assert "Cells are 300 m wide (set by you)" in reason
    assert "Cells up to 900 m apart are neighbours (set by you)" in reason
    at.selectbox(key="hs_method").set_value("lisa").run()
    at.selectbox(key="hs_units").set_value("neighborhoods").run()
    assert not at.exception, at.exception
    figures = " ".join(h.proto.body for h in at.get("html") if 'class="cv-figs"' in h.proto.body)
    assert '<div class="cv-fig-label">Neighbourhoods</div>' in figures
    at.selectbox(key="hs_method").set_value("kde").run()
    at.toggle(key="hs_per_resident").set_value(True).run()
    assert not at.exception, at.exception
    reason = next(
        c for c in _captions(at) if c.startswith("**How the scale and parameters were chosen.**")
    )
    assert "per 100,000 residents" in reason


def test_hdbscan_above_the_limit_asks_to_narrow_the_filters(
    small_workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(settings, "hdbscan_max_incidents", 100)
    at = pagetest.open_page(small_workspace, "en", monkeypatch, PAGE)
    at.selectbox(key="hs_method").set_value("hdbscan").run()
    assert not at.exception, at.exception
    assert any("HDBSCAN is slow above 100" in w.value for w in at.warning)
    assert not at.table


def test_only_incidents_still_works_and_says_what_is_missing(
    small_workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    only = pagetest.workspace_with(small_workspace, tmp_path / "only.gpkg", ("incidents",))
    at = pagetest.open_page(only.path, "en", monkeypatch, PAGE)
    assert not at.exception, at.exception
    notes = "\n".join(i.value for i in at.info)
    for layer in ("Neighbourhoods", "Public spaces", "Gestores' territories"):
        assert layer in notes
    assert not any("Synthetic data" in w.value for w in at.warning)
    assert len(pagetest.table_with(at, "Description")) >= 1


def test_emerging_with_one_time_step_says_why_in_spanish(
    small_workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = pagetest.open_page(small_workspace, "es", monkeypatch, PAGE)
    dates = next(d for d in at.sidebar.date_input if d.key and d.key.startswith("dates-"))
    value = dates.value
    assert isinstance(value, tuple) and len(value) == 2, value  # a period: (start, end)
    start = value[0]
    dates.set_value((start, start.replace(day=min(start.day + 5, 28)))).run()
    at.selectbox(key="hs_method").set_value("emerging").run()
    assert not at.exception, at.exception
    notes = " ".join(i.value for i in at.info)
    assert "necesitan al menos 2 y el periodo elegido da 1" in notes, notes
    assert "time steps" not in notes and "cube" not in notes
    # the technical detail expander of a result that did run is a Spanish table
    at.selectbox(key="hs_method").set_value("gi").run()
    assert not at.exception, at.exception
    table = next(h.proto.body for h in at.get("html") if 'class="cv-table"' in h.proto.body)
    assert "<th>Parámetro</th><th>Valor</th>" in table
