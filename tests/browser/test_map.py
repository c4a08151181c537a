"""The Map page in a real browser: Leaflet draws every layer, with no internet."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser
IFRAME = 'iframe[title="streamlit_folium.st_folium"]'


def test_map_draws_layers_offline(page, app_url, external_requests, tmp_path: Path) -> None:
    page.goto(f"{app_url}/")
    page.wait_for_selector(IFRAME, state="attached")
    frame = page.frame_locator(IFRAME)
    frame.locator("path.cv-cell").first.wait_for(state="attached")
    cells = frame.locator("path.cv-cell").count()
    hoods = frame.locator("path.cv-hood").count()
    territories = frame.locator("path.cv-territory").count()
    spaces = frame.locator(".cv-space").count()
    assert cells > 20, cells
    assert 40 <= hoods <= 60, hoods
    assert territories >= 8, territories
    assert spaces >= 50, spaces
    # the legend and the layer control are drawn too
    assert frame.locator(".cv-legend").count() >= 1
    assert frame.locator(".leaflet-control-layers").count() == 1
    assert frame.get_by_text("Datos sintéticos").count() >= 1
    height = page.locator(IFRAME).bounding_box()["height"]
    assert height > 300, height
    assert external_requests == [], external_requests
    page.get_by_text("Resumen del periodo").wait_for()
    target = os.environ.get("CONVIVENCIA_SCREENSHOT") or str(tmp_path / "map.png")
    page.wait_for_timeout(500)
    page.screenshot(path=target, full_page=False)
    assert Path(target).stat().st_size > 10_000


def test_a_tooltip_shows_counts_by_category(page, app_url) -> None:
    page.goto(f"{app_url}/")
    frame = page.frame_locator(IFRAME)
    cell = frame.locator("path.cv-cell").first
    cell.wait_for(state="attached")
    cell.hover(force=True)
    tip = frame.locator(".leaflet-tooltip")
    tip.first.wait_for()
    assert "Incidentes" in tip.first.inner_text()
