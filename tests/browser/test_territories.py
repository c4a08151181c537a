"""The Territories page in a real browser: today's plan and a proposal draw offline."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import open_signed_in
from tests.browser.leaflet import IFRAME, features, wait_features

pytestmark = pytest.mark.browser


def test_today_then_a_proposal_side_by_side(
    page: Page, app_url: str, external_requests: list[str]
) -> None:
    open_signed_in(page, f"{app_url}/territories")
    assert wait_features(page, "cv-plan") >= 40  # one shape per barrio of the demo
    assert features(page, "cv-territory") >= 8  # the eight teams' outlines
    page.get_by_text("Equipo Garza:", exact=False).first.wait_for()
    page.get_by_role("button", name="Proponer territorios").click()
    page.get_by_text("Propuesta de 8 territorios contiguos", exact=False).first.wait_for()
    # three maps now: today, and the current and proposed plans side by side, the barrios
    # that change team outlined on the proposal
    assert wait_features(page, "cv-moved") >= 1
    assert page.locator(IFRAME).count() == 3
    assert external_requests == [], external_requests
