"""The Map page in a real browser: Leaflet draws every layer, with no internet."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import open_signed_in
from tests.browser.leaflet import (
    COUNT_JS,
    IFRAME,
    MARK_OLD_JS,
    features,
    hover_until,
    wait_features,
)

pytestmark = pytest.mark.browser


def test_map_draws_layers_offline(
    page: Page, app_url: str, external_requests: list[str], tmp_path: Path
) -> None:
    open_signed_in(page, f"{app_url}/map")
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
    open_signed_in(page, f"{app_url}/map")
    wait_features(page, "cv-cell")
    assert "Incidentes" in hover_until(page, "cv-cell", "Incidentes")


# the cells' legend title, the layer's name in the control (Spanish: the app's default)
_CELLS_LEGEND = "Unidades de daño por celda"


def test_a_filter_change_swaps_the_cells_on_the_map_already_drawn(page: Page, app_url: str) -> None:
    """The base map stays (no new map is loaded); the cells, their legend and the control follow."""
    open_signed_in(page, f"{app_url}/map")
    before = wait_features(page, "cv-cell")
    frame = page.frame_locator(IFRAME)
    legends = frame.locator(".cv-legend")
    assert legends.filter(has_text=_CELLS_LEGEND).count() == 1
    n_legends = legends.count()
    overlays = frame.locator(".leaflet-control-layers-overlays label")
    names = overlays.all_inner_texts()
    page.evaluate(MARK_OLD_JS)
    page.evaluate(f"""() => {{
        for (const f of document.querySelectorAll('{IFRAME}')) f.contentWindow.cvSameMap = true;
    }}""")
    sidebar = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]')
    sidebar.locator("[data-tag] button").first.click()
    fresh = page.wait_for_function(
        "(cls) => {"
        + COUNT_JS
        + """
          for (const f of document.querySelectorAll('iframe[title="streamlit_folium.st_folium"]')) {
            const w = f.contentWindow;
            if (!w || !w.map) continue;
            const [n, pending] = cvCount(w, cls, true);
            if (n && !pending) return n;
          }
          return null;
        }""",
        arg="cv-cell",
        timeout=60_000,
    ).json_value()
    assert 0 < fresh <= before, (fresh, before)
    # the same map window: the old cells were removed from it, not left under the new ones
    assert page.evaluate(
        f"() => [...document.querySelectorAll('{IFRAME}')].every((f) => f.contentWindow.cvSameMap)"
    )
    assert features(page, "cv-cell") == fresh
    # one legend per layer (the old cells' legend went with them), the same layer control
    assert legends.filter(has_text=_CELLS_LEGEND).count() == 1
    assert legends.count() == n_legends
    assert frame.locator(".leaflet-control-layers").count() == 1
    assert overlays.all_inner_texts() == names
    # switching the cells off in the control hides their legend; on again shows it
    frame.get_by_text("Incidentes por celda", exact=True).click()
    legends.filter(has_text=_CELLS_LEGEND).wait_for(state="detached")
    assert features(page, "cv-cell") == 0
    frame.get_by_text("Incidentes por celda", exact=True).click()
    legends.filter(has_text=_CELLS_LEGEND).wait_for()
