"""The Data page through AppTest: an existing layer is never replaced without a choice."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Button

from geo import importer, settings
from geo.workspace import Workspace
from tests.app import pagetest

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 120
JANUARY = (
    "id;fecha;categoria;latitud;longitud\n"
    "E1;04/01/2022 22:15;Homicidio;3,5394;-76,3036\n"
    "E2;05/01/2022;riña;3,5410;-76,3010\n"
    "E3;06/01/2022;Hurto;3,5372;-76,3051\n"
).encode()
SWAPPED = (
    "id;fecha;categoria;latitud;longitud\n"
    "S1;04/01/2022;riña;-76,3036;3,5394\n"
    "S2;05/01/2022;ruido;-76,3010;3,5410\n"
).encode()


@pytest.fixture
def city(small_workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable copy of the small demo as the only workspace; uploads saved in tmp_path."""
    folder = tmp_path / "workspaces"
    folder.mkdir()
    path = folder / "demo.gpkg"
    shutil.copyfile(small_workspace, path)
    monkeypatch.setattr(settings, "workspace", path)
    monkeypatch.setattr(settings, "workspaces_dir", folder)
    monkeypatch.setattr(importer, "UPLOAD_DIR", tmp_path / "uploads")
    return path


def _data_page(lang: str = "es") -> AppTest:
    at = pagetest.app_as()
    at.session_state["lang"] = lang
    at.run()
    at.switch_page("pages/data.py").run()
    assert not at.exception, at.exception
    return at


def _upload(at: AppTest, name: str, content: bytes) -> None:
    at.file_uploader(key="upload-incidents").set_value((name, content, "text/csv")).run()
    assert not at.exception, at.exception


def _button(at: AppTest) -> Button:
    return at.button(key="import_button")


def test_import_into_an_existing_layer_asks_then_appends_once_then_replaces(city: Path) -> None:
    n = len(Workspace(city).read("incidents"))
    at = _data_page("es")
    _upload(at, "enero.csv", JANUARY)
    at.radio(key="import_target-es").set_value("current").run()
    question = at.radio(key="import_mode-incidents-es")
    assert f"ya tiene la capa Incidentes con {n:,} filas".replace(",", ".") in question.label
    assert question.value == "cancel" and _button(at).disabled  # nothing happens by default
    labels = list(question.options)  # the displayed labels
    assert any(f"se pierden las {n:,} filas".replace(",", ".") in x for x in labels)
    assert any("Añadir las 3 filas nuevas (0 ya están" in x for x in labels)

    question.set_value("append").run()
    assert not _button(at).disabled
    _button(at).click().run()
    assert not at.exception, at.exception
    assert "Se añadieron 3 filas a la capa Incidentes de demo.gpkg." in at.success[0].value
    appended = Workspace(city)
    assert len(appended.read("incidents")) == n + 3
    assert _button(at).disabled  # the import is done: no second click on the same upload
    assert any("ya se importó" in i.value for i in at.info)

    # the same file uploaded again and appended again: nothing changes, and the page says why
    _upload(at, "enero.csv", JANUARY)
    at.radio(key="import_mode-incidents-es").set_value("append").run()
    _button(at).click().run()
    assert not at.exception, at.exception
    assert "No se añadió nada" in at.success[0].value
    assert "3 filas no se añadieron porque su identificador ya estaba" in at.success[0].value
    again = Workspace(city)
    assert len(again.read("incidents")) == n + 3 and again.content_hash == appended.content_hash

    _upload(at, "enero.csv", JANUARY)
    at.radio(key="import_mode-incidents-es").set_value("replace").run()
    _button(at).click().run()
    assert not at.exception, at.exception
    assert f"se quitaron {n + 3:,} filas".replace(",", ".") in at.success[0].value
    assert len(Workspace(city).read("incidents")) == 3
    # every import is in the history, shown with Spanish headers, modes and numbers
    history = at.dataframe[1].value
    assert list(history.columns)[:5] == [
        "Fecha (UTC)",
        "Capa",
        "Archivo de origen",
        "SHA-256 del archivo",
        "Modo",
    ]
    assert list(history["Modo"].tail(3)) == ["adición", "adición", "reemplazo"]
    assert history["Capa"].iloc[0] == "Incidentes" and "incidents" not in set(history["Capa"])
    assert history["Filas después"].iloc[0] == f"{n:,}".replace(",", ".")
    assert list(history["Omitidas (ya estaban)"].tail(3)) == ["0", "3", "0"]


def test_a_new_workspace_is_never_made_over_an_existing_name(city: Path) -> None:
    before = Workspace(city).content_hash
    at = _data_page("en")
    _upload(at, "january.csv", JANUARY)
    assert at.radio(key="import_target-en").value == "new"  # the demo is synthetic
    at.text_input(key="import_new_name").set_value("demo").run()
    assert any("A workspace named demo.gpkg already exists" in e.value for e in at.error)
    assert _button(at).disabled
    at.text_input(key="import_new_name").set_value("my_city").run()
    assert not _button(at).disabled
    _button(at).click().run()
    assert not at.exception, at.exception
    assert (city.parent / "my_city.gpkg").exists() and Workspace(city).content_hash == before


def test_a_whole_file_swapped_is_refused_in_both_languages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # no workspace yet, so no other layer to compare with, and every row is swapped
    monkeypatch.setattr(settings, "workspace", tmp_path / "none.gpkg")
    monkeypatch.setattr(settings, "workspaces_dir", tmp_path)
    monkeypatch.setattr(importer, "UPLOAD_DIR", tmp_path / "uploads")
    for lang, words in (("es", "Intercambie los nombres"), ("en", "Exchange the names")):
        at = _data_page(lang)
        _upload(at, "al_reves.csv", SWAPPED)
        messages = "\n".join(at.dataframe[-1].value.iloc[:, -1])
        assert words in messages and ("Antártida" if lang == "es" else "Antarctica") in messages
        assert at.error and not [b for b in at.button if b.key == "import_button"]
    assert not list(tmp_path.glob("*.gpkg"))


def test_a_swapped_file_next_to_the_city_is_refused_too(city: Path) -> None:
    at = _data_page("es")
    _upload(at, "al_reves.csv", SWAPPED)
    messages = "\n".join(at.dataframe[-1].value.iloc[:, -1])
    assert "intercambie los nombres de las dos columnas" in messages
    assert at.error and not [b for b in at.button if b.key == "import_button"]


def test_the_readers_raw_error_is_a_detail_not_the_message(city: Path) -> None:
    at = _data_page("es")
    at.file_uploader(key="upload-incidents").set_value(
        ("roto.geojson", b'{"type": "FeatureCollection", "features": [', "application/json")
    ).run()
    message = at.dataframe[-1].value.iloc[0, -1]
    assert "el archivo está dañado" in message and "Failed" not in message
    detail = next(e for e in at.expander if "Detalle técnico" in e.label)
    assert "Failed to read GeoJSON" in detail.code[0].value


def test_provenance_and_layer_names_speak_spanish(city: Path) -> None:
    at = _data_page("es")
    captions = "\n".join(c.value for c in at.caption)
    assert "ciudad sintética generada" in captions and "Synthetic" not in captions
    layers = at.dataframe[0].value
    assert "incidents" not in set(layers["Capa"]) and "Incidentes" in set(layers["Capa"])
