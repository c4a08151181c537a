"""One language at a time on the Map and Hot spots pages, in a real browser.

The page's visible text, the values shown in its inputs and select boxes,
the cells of its data frames, and the text drawn inside the map's iframe
(legends, layer control, banner)
are read after each page and after the language switch; none may hold a
word of the other language. Streamlit's own transient status text is not
ours and is waited out before reading.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from playwright.sync_api import Page

from tests.browser.conftest import open_signed_in
from tests.browser.leaflet import wait_features

pytestmark = pytest.mark.browser
IFRAME = 'iframe[title="streamlit_folium.st_folium"]'

#: Words of the English interface that must never show in the Spanish one.
ENGLISH = [
    "Method",
    "Hot spots",
    "Hot spot",
    "incidents",
    "Incidents",
    "Not significant",
    "Basemap",
    "Count",
    "Cell shape",
    "Square",
    "Technical detail",
    "Harm-weighted",
    "Number of incidents",
    "Downloads",
    "Public spaces",
    "Synthetic data",
    "Summary",
    "Neighbourhoods",
    "Language",
    "Period",
    "confidence",
    "cells",
    "Rising",
    "Falling",
    "Steady",
]
#: Words of the Spanish interface that must never show in the English one.
SPANISH = [
    "Método",
    "Puntos calientes",
    "incidentes",
    "Incidentes",
    "No significativo",
    "Mapa base",
    "Contar",
    "Forma de celda",
    "Cuadrada",
    "Detalle técnico",
    "Daño ponderado",
    "Descargas",
    "Espacios públicos",
    "Datos sintéticos",
    "Resumen del periodo",
    "Idioma",
    "Categorías",
    "confianza",
    "celdas",
    "En aumento",
    "En descenso",
    "Estable",
]

_TEXTS = """(sel) => {
    const parts = [document.body.innerText];
    for (const el of document.querySelectorAll('input')) parts.push(el.value || '');
    // a data frame draws on a canvas; its accessible grid holds the same text (none on these pages
    // today: their short tables are HTML, in the body's text)
    for (const el of document.querySelectorAll('[data-testid="stDataFrame"] [role="gridcell"], [data-testid="stDataFrame"] [role="columnheader"]')) parts.push(el.textContent || '');
    for (const f of document.querySelectorAll(sel)) {
        const doc = f.contentDocument;
        if (doc && doc.body) parts.push(doc.body.innerText);
    }
    return parts.join('\\n');
}"""


def _settle(page: Page) -> None:
    """Wait until Streamlit has finished the run (its status widget and our spinners are gone)."""
    page.wait_for_timeout(800)
    page.wait_for_function(
        """() => !document.querySelector('[data-testid="stStatusWidget"]')
            && !document.querySelector('[data-testid="stSpinner"]')""",
        timeout=120_000,
    )
    page.wait_for_timeout(500)


def _open_options(page: Page, label: str) -> None:
    """Open the page's options popover (its widgets are drawn only when open) at ``label``."""
    page.locator('[data-testid="stPopover"] button').first.click()
    page.get_by_text(label, exact=True).first.wait_for()


def _leaks(page: Page, words: list[str]) -> list[str]:
    text = page.evaluate(_TEXTS, IFRAME)
    return [w for w in words if re.search(rf"(?<![\w]){re.escape(w)}(?![\w])", text)]


def _wait_map(page: Page, cls: str, text: str = "") -> None:
    """Wait until a map iframe (there are two while one replaces the other) has drawn features
    of class ``cls`` and holds ``text``."""
    wait_features(page, cls, text)


def test_no_word_of_the_other_language_on_map_and_hot_spots(page: Page, app_url: str) -> None:
    open_signed_in(page, f"{app_url}/map")
    _wait_map(page, "cv-cell")
    page.get_by_text("Resumen del periodo").wait_for()
    _settle(page)
    _open_options(page, "Forma de celda")
    assert _leaks(page, ENGLISH) == []
    page.keyboard.press("Escape")

    page.get_by_role("link", name="Puntos calientes").click()
    _wait_map(page, "cv-gi")
    page.get_by_text("Detalle técnico").click()  # open the expander: its table is read too
    page.locator("th", has_text="Parámetro").first.wait_for(state="attached")
    _settle(page)
    _open_options(page, "Contar")
    assert _leaks(page, ENGLISH) == []
    page.keyboard.press("Escape")
    # the top hot spots' CSV, downloaded as a planner would: Spanish headers and values
    page.get_by_role("button", name="Descargas").click()  # the downloads' popover
    with page.expect_download() as download:
        page.get_by_role("button", name="Principales puntos calientes (CSV)").click()
    table = pd.read_csv(download.value.path(), dtype=str, keep_default_na=False)
    assert list(table.columns[:4]) == ["Puesto", "Descripción", "Área", "Método"]
    assert set(table["Método"]) == {"Puntos calientes Gi*"}
    assert set(table["Tendencia"]) <= {"En aumento", "En descenso", "Estable", ""}
    assert not any(w in table.to_csv(index=False) for w in ("falling", "rising", "steady", "cells"))

    # switch language on the Hot spots page: every widget relabels at once
    page.get_by_text("English", exact=True).click()
    page.get_by_role("heading", name="Hot spots").first.wait_for()
    _wait_map(page, "cv-gi", "Hot spot, 99 % confidence")
    _settle(page)
    assert page.get_by_role("combobox", name="Method").count() == 1
    _open_options(page, "Count")
    assert _leaks(page, SPANISH) == []
    page.keyboard.press("Escape")

    page.get_by_role("link", name="Map").click()
    page.get_by_role("heading", name="Incident map").first.wait_for()
    page.get_by_text("Summary of the period").wait_for()
    _wait_map(page, "cv-cell", "Incidents per cell")
    _settle(page)
    _open_options(page, "Cell shape")
    assert _leaks(page, SPANISH) == []
