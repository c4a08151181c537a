"""The Hot spots page in a real browser: Gi* and the density surface draw offline."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import open_signed_in
from tests.browser.leaflet import IFRAME, features, wait_features

pytestmark = pytest.mark.browser


def test_gi_star_and_kernel_density_draw(
    page: Page, app_url: str, external_requests: list[str]
) -> None:
    open_signed_in(page, f"{app_url}/hotspots")
    frame = page.frame_locator(IFRAME)
    assert wait_features(page, "cv-gi") >= 10
    assert features(page, "cv-top") >= 1  # the numbered top hot spots
    assert frame.get_by_text("Caliente, 99 % de confianza").count() >= 1  # the Gi* legend
    page.get_by_text("Cómo se eligieron la escala").first.wait_for()
    # switch to the kernel density surface: an image overlay, no plugin script
    page.get_by_role("combobox", name="Método").click()
    page.get_by_role("option", name="Densidad de kernel").click()
    # the map is redrawn in a new iframe; wait until one of them holds the density image
    handle = page.wait_for_function(
        """() => {
            for (const f of document.querySelectorAll('iframe[title="streamlit_folium.st_folium"]')) {
                const img = f.contentDocument && f.contentDocument.querySelector('img.leaflet-image-layer');
                if (img) return img.getAttribute('src');
            }
            return null;
        }""",
        timeout=60_000,
    )
    assert str(handle.json_value()).startswith("data:image/png")
    assert external_requests == [], external_requests
