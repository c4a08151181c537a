"""A language switch relabels every coded widget at once and keeps its choice.

Streamlit keeps a select box's value in the browser as its label; after a
switch the browser must be *sent* the new label (``set_value`` with
``raw_value``), else it goes on showing the old language's label until the
user touches the box. These tests read that message, as the browser would.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo import settings
from tests.app import pagetest

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 120


def _open(workspace: Path, monkeypatch: pytest.MonkeyPatch, page: str) -> AppTest:
    monkeypatch.setattr(settings, "workspace", workspace)
    monkeypatch.setattr(settings, "workspaces_dir", workspace.parent)
    monkeypatch.setattr(settings, "language", "es")
    at = pagetest.app_as()
    at.session_state["lang"] = "es"
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def _shown(at: AppTest, key: str) -> tuple[object, str, list[str]]:
    """The widget's code, the label the browser is told to show, and its options."""
    box = at.selectbox(key=key)
    return box.value, box.proto.raw_value, list(box.options)


def test_hotspots_method_count_and_shape_follow_the_language(
    small_workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _open(small_workspace, monkeypatch, "pages/hotspots.py")
    at.selectbox(key="hs_method").set_value("emerging").run()
    at.selectbox(key="hs_weight").set_value("harm").run()
    at.selectbox(key="hs_shape").set_value("hex").run()
    assert at.selectbox(key="hs_weight").options[1] == "Daño ponderado"
    at.sidebar.radio(key="lang").set_value("en").run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Hot spots"
    method, shown, options = _shown(at, "hs_method")
    assert (method, shown) == ("emerging", "Emerging hot spots")
    assert "Gi* hot spots" in options
    assert _shown(at, "hs_weight")[:2] == ("harm", "Harm-weighted")
    assert _shown(at, "hs_shape")[:2] == ("hex", "Hexagon")
    assert at.selectbox(key="hs_weight").label == "Count"
    # and back again
    at.sidebar.radio(key="lang").set_value("es").run()
    assert _shown(at, "hs_method")[:2] == ("emerging", "Puntos calientes emergentes")
    assert _shown(at, "hs_weight")[:2] == ("harm", "Daño ponderado")
    assert _shown(at, "hs_shape")[:2] == ("hex", "Hexagonal")


def test_map_shape_and_colour_follow_the_language(
    small_workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _open(small_workspace, monkeypatch, "pages/map.py")
    at.selectbox(key="map_shape").set_value("hex").run()
    at.selectbox(key="map_weight").set_value("count").run()
    at.sidebar.radio(key="lang").set_value("en").run()
    assert not at.exception, at.exception
    assert _shown(at, "map_shape")[:2] == ("hex", "Hexagon")
    assert _shown(at, "map_weight")[:2] == ("count", "Number of incidents")
    assert at.selectbox(key="map_shape").label == "Cell shape"
