"""The Priority neighbourhoods page through AppTest, in both languages, on the small demo.

``settings.language`` is set to the session's language too: AppTest reads
the widgets' formatted values between runs, outside a script run, where the
catalogue falls back on ``settings.language``.
"""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from catalog.say import CATALOG
from geo.workspace import Workspace
from tests.app import pagetest

PAGE = "pages/priority.py"
#: The catalogue areas the page speaks from (its own words, the pillars, the components...).
AREAS = ("priority.", "articulation.", "component.", "nav.priority")

WORDS = {
    "es": {
        "title": "Barrios prioritarios",
        "note": "no qué barrios son peligrosos",
        "public": "Nada de esta página es público",
        "ranked": "Barrios clasificados",
        "top": "Prioritarios",
        "ranking": "Todos los barrios, por prioridad",
        "banner": "Datos sintéticos",
    },
    "en": {
        "title": "Priority neighbourhoods",
        "note": "not which neighbourhoods are dangerous",
        "public": "Nothing on this page is public",
        "ranked": "Neighbourhoods ranked",
        "top": "Priority",
        "ranking": "Every neighbourhood, by priority",
        "banner": "Synthetic data",
    },
}


def _ranking_names(at: AppTest) -> list[str]:
    frame = next(d for d in at.dataframe if "why" in d.value.columns).value
    return [str(n) for n in frame["name"]]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_page_in_both_languages(
    small_workspace: Path, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    words = WORDS[lang]
    at = pagetest.open_page(small_workspace, lang, monkeypatch, PAGE)
    pagetest.check_opened(at, words)
    note = at.info[0].value
    assert words["note"] in note and words["public"] in note
    hoods = Workspace(small_workspace).read("neighborhoods")
    figures = pagetest.figures(at)
    assert figures[words["ranked"]] == str(len(hoods))
    assert figures[words["top"]] == "10"
    assert len(figures) == 6, figures
    # the ranking: one row per barrio, ranks 1..n, a sentence each
    frame = next(d for d in at.dataframe if "why" in d.value.columns).value
    assert len(frame) == len(hoods)
    assert frame["rank"].tolist() == list(range(1, len(hoods) + 1))
    assert frame["why"].str.endswith(".").all()
    assert words["ranking"] in [s.value for s in at.subheader]
    # the articulation: a matrix with the five components and a fill-options select box
    bodies = " ".join(h.proto.body for h in at.get("html"))
    for component in ("interruption", "access_to_justice"):
        assert html.escape(CATALOG[f"component.{component}"][lang]) in bodies
    assert at.selectbox(key="prio_partner").value == "city"
    assert len(at.download_button) == 3
    # one language at a time
    leaked = pagetest.leaked(at, lang, AREAS)
    assert not leaked, leaked


def test_a_changed_weight_changes_the_ranking(
    small_workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = pagetest.open_page(small_workspace, "en", monkeypatch, PAGE)
    before = _ranking_names(at)
    for pillar in ("violence", "trend", "early_warning", "gaps"):
        at.slider(key=f"prio_w_{pillar}").set_value(0)
    at.slider(key="prio_w_vulnerability").set_value(100).run()
    assert not at.exception, at.exception
    after = _ranking_names(at)
    assert sorted(after) == sorted(before) and after != before
    # vulnerability alone now orders the list
    frame = next(d for d in at.dataframe if "why" in d.value.columns).value
    vulnerability = frame["vulnerability"].to_numpy()
    assert (vulnerability[:-1] >= vulnerability[1:]).all()
    # other options and the partner type rerun cleanly
    at.number_input(key="prio_top").set_value(5).run()
    assert pagetest.figures(at)["Priority"] == "5"
    at.selectbox(key="prio_partner").set_value("ngo").run()
    assert not at.exception, at.exception


def test_a_workspace_without_programmes_or_territories_says_so(
    small_workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    only = pagetest.workspace_with(
        small_workspace, tmp_path / "two.gpkg", ("incidents", "neighborhoods")
    )
    at = pagetest.open_page(only.path, "en", monkeypatch, PAGE)
    assert not at.exception, at.exception
    notes = "\n".join(i.value for i in at.info)
    for layer in ("Public spaces", "Gestores' territories", "Programmes"):
        assert layer in notes, layer
    figures = pagetest.figures(at)
    assert figures["Outside territories"] == "–"
    assert figures["Missing a component"] == "–"
    assert "Articulation: who does what, and where" not in [s.value for s in at.subheader]
    text = pagetest.texts(at)
    assert "the workspace lacks that layer" in text
