"""No page can be opened around the router (``app.py``).

This file sorts first among the browser tests, so its test is the first
request the shared app server receives: the case where Streamlit would run
``pages/data.py`` directly (its pages-folder mode) unless
``ui.router.ensure_routed`` sends the run through ``app.py``.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.browser


def test_a_page_opened_by_url_first_still_goes_through_the_router(page: Page, app_url: str) -> None:
    """Runs first on a fresh server: Streamlit would run ``pages/data.py`` directly
    (its pages-folder mode) unless ``ui.router.ensure_routed`` sends the run through
    ``app.py``. The router's sidebar (language, workspace) and sections must be there."""
    page.goto(f"{app_url}/data")
    page.get_by_role("heading", name="Datos de la ciudad").wait_for()
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("Idioma").wait_for()
    sidebar.get_by_text("Espacio de trabajo").wait_for()
    sidebar.get_by_text("Análisis").wait_for()  # the router's section, not the folder listing
    assert page.get_by_text("Page not found").count() == 0
