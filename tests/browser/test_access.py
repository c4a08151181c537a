"""Who sees what: the public sees the Transparency page only; internal addresses show the sign-in.

This file sorts first among the browser tests, so its first test is the
first request the shared app server receives: the case where Streamlit
would run ``pages/data.py`` directly (its pages-folder mode) unless
``ui.router.ensure_routed`` sends the run through ``app.py`` — which now
also means past the sign-in.
"""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import ACCOUNTS, BACKOFF_SECONDS
from ui.router import PAGES

pytestmark = pytest.mark.browser

INTERNAL = [address for _, _, address, _, least in PAGES if least != "public"]


def _nav(page: Page) -> list[str]:
    links = page.locator('[data-testid="stSidebarNav"] a')
    return [text.strip() for text in links.all_inner_texts()]


def _sign_in(page: Page, name: str, password: str) -> None:
    page.get_by_label("Usuario").fill(name)
    page.get_by_label("Contraseña", exact=True).fill(password)
    page.get_by_role("button", name="Ingresar").click()


def test_a_page_opened_by_url_first_shows_the_sign_in_then_the_page(
    page: Page, app_url: str
) -> None:
    """Runs first on a fresh server. The public gets the sign-in at the Data page's address,
    with the router's sidebar (no workspace, nothing read from the incidents) and only the
    public pages listed; signing in there opens the Data page itself."""
    page.goto(f"{app_url}/data")
    page.get_by_role("heading", name="Ingresar").wait_for()
    page.get_by_text("Esta página es de uso interno").wait_for()
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("Idioma").wait_for()
    assert sidebar.get_by_text("Espacio de trabajo").count() == 0
    assert _nav(page) == ["Transparencia", "Ingresar"]
    assert page.get_by_role("heading", name="Datos de la ciudad").count() == 0
    assert page.get_by_text("Page not found").count() == 0
    _sign_in(page, *ACCOUNTS["planner"])
    page.get_by_role("heading", name="Datos de la ciudad").wait_for()
    sidebar.get_by_text("Espacio de trabajo").wait_for()
    sidebar.get_by_text("Análisis").wait_for()  # the router's section, not the folder listing
    assert "Usuarios" not in _nav(page)  # a planner does not manage users
    assert "Publicar" in _nav(page)


def test_every_internal_address_shows_the_sign_in_to_the_public(page: Page, app_url: str) -> None:
    for address in INTERNAL:
        page.goto(f"{app_url}/{address}")
        page.get_by_text("Esta página es de uso interno").wait_for()
        assert _nav(page) == ["Transparencia", "Ingresar"], address
    page.goto(f"{app_url}/")
    page.get_by_role("heading", name="Transparencia: convivencia y seguridad").wait_for()


def test_a_wrong_password_fails_and_slows_the_next_try(page: Page, app_url: str) -> None:
    name, password = ACCOUNTS["mayor_office"]
    page.goto(f"{app_url}/login")
    _sign_in(page, name, password + "x")
    page.get_by_text("Usuario o contraseña incorrectos").wait_for()
    _sign_in(page, name, password)  # at once: refused without being checked
    page.get_by_text("Demasiados intentos fallidos").wait_for()
    # the back-off after one failure (BACKOFF_SECONDS), unchanged by the refused try
    time.sleep(BACKOFF_SECONDS + 0.3)
    _sign_in(page, name, password)
    page.get_by_text(f"Ingresó como {name}").wait_for()
    # the mayor's office sees the briefing first, and not the planners' pages
    page.get_by_role("heading", name="Informe a la Alcaldía").first.wait_for()
    assert "Datos" not in _nav(page) and "Publicar" not in _nav(page)
    page.goto(f"{app_url}/users")  # a new session: signed out again
    page.get_by_text("Esta página es de uso interno").wait_for()


def test_a_planner_cannot_reach_user_management(page: Page, app_url: str) -> None:
    name, password = ACCOUNTS["planner"]
    page.goto(f"{app_url}/users")
    _sign_in(page, name, password)
    page.get_by_role("heading", name="Página no disponible").wait_for()
    assert page.get_by_role("button", name="Agregar").count() == 0


def test_an_administrator_manages_users(page: Page, app_url: str) -> None:
    name, password = ACCOUNTS["admin"]
    page.goto(f"{app_url}/users")
    _sign_in(page, name, password)
    page.get_by_role("heading", name="Usuarios").first.wait_for()
    table = page.locator('[data-testid="stDataFrame"]')
    table.wait_for()
    html = page.content()
    assert "argon2" not in html and password not in html
