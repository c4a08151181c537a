"""The Map page in a real browser: Leaflet draws every layer, with no internet."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.browser.leaflet import IFRAME, features, hover_until, wait_features

pytestmark = pytest.mark.browser


def test_map_draws_layers_offline(
    page: Page, app_url: str, external_requests: list[str], tmp_path: Path
) -> None:
    page.goto(f"{app_url}/")
    page.wait_for_selector(IFRAME, state="attached")
    frame = page.frame_locator(IFRAME)
    cells = wait_features(page, "cv-cell")
    hoods = features(page, "cv-hood")
    territories = features(page, "cv-territory")
    spaces = features(page, "cv-space")
    assert cells > 20, cells
    assert 40 <= hoods <= 60, hoods
    assert territories >= 8, territories
    assert spaces >= 50, spaces
    # the legend and the layer control are drawn too
    assert frame.locator(".cv-legend").count() >= 1
    assert frame.locator(".leaflet-control-layers").count() == 1
    assert frame.get_by_text("Datos sintéticos").count() >= 1
    box = page.locator(IFRAME).bounding_box()
    assert box is not None
    assert box["height"] > 300, box
    assert external_requests == [], external_requests
    page.get_by_text("Resumen del periodo").wait_for()
    target = os.environ.get("CONVIVENCIA_SCREENSHOT") or str(tmp_path / "map.png")
    page.wait_for_timeout(500)
    page.screenshot(path=target, full_page=False)
    assert Path(target).stat().st_size > 10_000


def test_a_tooltip_shows_counts_by_category(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/")
    wait_features(page, "cv-cell")
    assert "Incidentes" in hover_until(page, "cv-cell", "Incidentes")
