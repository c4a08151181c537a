"""The Data page in a real browser: upload, read the report, import the valid rows."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import open_signed_in

pytestmark = pytest.mark.browser

CSV = (
    "id;fecha;categoria;latitud;longitud\n"
    "1;04/03/2021 22:15;Homicidio;3,5394;-76,3036\n"
    "2;31/02/2021;riña;3,5410;-76,3010\n"
    "3;05/03/2021;Hurto;3,5372;-76,3051\n"
)


def test_upload_report_and_import_valid_rows(page: Page, app_url: str, tmp_path: Path) -> None:
    src = tmp_path / "incidentes_barrio.csv"
    src.write_bytes(CSV.encode("latin-1"))
    before = src.read_bytes()
    open_signed_in(page, f"{app_url}/data")
    page.get_by_role("heading", name="Cargar un archivo").wait_for()
    # Streamlit's own words of the uploader are drawn over in Spanish (its English is hidden)
    page.locator('[data-testid="stFileUploaderDropzone"]').wait_for()
    page.wait_for_function(
        """() => [...document.querySelectorAll('style')].some(
          (s) => s.textContent.includes('stFileUploaderDropzoneInstructions'))"""
    )
    words = page.evaluate(
        """() => {
          const zone = document.querySelector('[data-testid="stFileUploaderDropzone"]');
          const button = zone.querySelector('button [data-testid="stMarkdownContainer"] p');
          const note = zone.querySelector('[data-testid="stFileUploaderDropzoneInstructions"] span');
          return [button, note].map((el) => [
            getComputedStyle(el, '::after').content, getComputedStyle(el).fontSize]);
        }"""
    )
    assert words[0] == ['"Subir"', "0px"]
    assert "MB por archivo • CSV, TXT, GEOJSON" in words[1][0] and words[1][1] == "0px"
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(src))
    page.get_by_text("Informe de validación de incidentes_barrio.csv").wait_for()
    grid = page.locator('[data-testid="stDataFrame"]').last
    grid.wait_for()
    # the bad date is reported with its row and column (the grid is a canvas: read the CSV download instead)
    with page.expect_download() as info:
        page.get_by_role("button", name="Descargar informe (CSV)").click()
    report = Path(info.value.path()).read_text(encoding="utf-8")
    assert "31/02/2021" in report and "fila 2" in report and "fecha" in report
    page.get_by_text("Importar solo las filas válidas").click()
    page.get_by_label("Nombre del espacio nuevo").fill("barrio_prueba")
    page.get_by_label("Nombre del espacio nuevo").press("Enter")
    page.get_by_role("button", name="Importar 2 filas").click()
    page.get_by_text("importada en barrio_prueba.gpkg: 2 filas").wait_for()
    # done: the same upload cannot be imported twice, nor a new workspace made over this one
    page.get_by_text("Este archivo ya se importó").wait_for()
    page.get_by_text("Ya existe un espacio de trabajo llamado barrio_prueba.gpkg").wait_for()
    assert page.get_by_role("button", name="Importar 2 filas").is_disabled()
    page.get_by_text("Historial de importaciones").wait_for()
    assert src.read_bytes() == before  # the user's file is never modified
