"""The recommendation pages in a real browser: their maps draw offline with their layers."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import open_signed_in
from tests.browser.leaflet import IFRAME, features, wait_features

pytestmark = pytest.mark.browser


def test_public_spaces_draw_their_catchments_and_portfolio(
    page: Page, app_url: str, external_requests: list[str]
) -> None:
    open_signed_in(page, f"{app_url}/parks")
    assert wait_features(page, "cv-space") >= 40  # every public space of the demo
    assert features(page, "cv-catchment") >= 2  # the chosen spaces' and the active ones'
    frame = page.frame_locator(IFRAME)
    assert frame.get_by_text("En el portafolio").count() >= 1  # the legend
    page.get_by_text("Por qué estos espacios").first.wait_for()
    page.get_by_text("Exacto frente a voraz").first.wait_for()
    # the weights popover opens over the page with one slider per component
    page.get_by_role("button", name="Pesos", exact=True).click()
    page.get_by_text("Volver a los pesos por defecto").wait_for()
    page.get_by_role("slider").first.wait_for()
    assert page.get_by_role("slider").count() == 7
    assert external_requests == [], external_requests


def test_priority_neighbourhoods_draw_their_choropleth(
    page: Page, app_url: str, external_requests: list[str]
) -> None:
    open_signed_in(page, f"{app_url}/priority")
    assert wait_features(page, "cv-cell") >= 40  # one shape per barrio of the demo
    assert features(page, "cv-articulation") >= 1  # top barrios missing a component
    page.get_by_text("no qué barrios son peligrosos", exact=False).first.wait_for()
    assert external_requests == [], external_requests
