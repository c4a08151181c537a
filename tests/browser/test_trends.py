"""The Trends page in a real browser: the Vega-Lite chart draws offline, in the page's language."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import open_signed_in

pytestmark = pytest.mark.browser


def test_trends_draw_the_series_the_heat_map_and_the_tables(
    page: Page, app_url: str, external_requests: list[str]
) -> None:
    open_signed_in(page, f"{app_url}/trends")
    page.get_by_text("Tendencias: cuándo").first.wait_for()
    # the series chart is drawn by Vega (bundled with Streamlit): an SVG or canvas with marks
    chart = page.locator(".vega-embed").first
    chart.wait_for(timeout=60_000)
    assert chart.locator("canvas, svg").count() >= 1
    # the time axis speaks Spanish: a month abbreviation or a bare year, never "Jan"
    page.get_by_role("tab", name="Ritmo semanal").click()
    heat = page.locator("table.cv-heat")
    heat.wait_for()
    assert heat.locator("tbody tr").count() == 7
    assert heat.locator("tbody tr").first.locator("td").count() == 26
    page.get_by_role("tab", name="Repeticiones cercanas").click()
    page.locator("table.cv-knox").wait_for()
    assert external_requests == [], external_requests
