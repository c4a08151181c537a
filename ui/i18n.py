"""The one catalogue of visible strings, in Spanish and English.

Every string a page shows goes through :func:`t`. The catalogue merges the
UI strings below with ``geo.messages.PROBLEM_MESSAGES`` (the validation
problems, which the CLI prints in the same words) and the category and
component labels of ``geo.schema``. ``tests/app/test_i18n.py`` checks that
every key has both languages and the same ``{placeholders}`` in each.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping

import streamlit as st

from geo import schema, settings
from geo.messages import PROBLEM_MESSAGES, localize_number
from ui.catalog_hotspots import HOTSPOTS

LANGUAGES: dict[str, str] = {"es": "Español", "en": "English"}

UI: dict[str, dict[str, str]] = {
    # -- app shell ---------------------------------------------------------
    "app.title": {"es": "Convivencia", "en": "Convivencia"},
    "app.tagline": {
        "es": "Prevención de la violencia con datos del territorio",
        "en": "Violence prevention with neighbourhood data",
    },
    "app.working": {"es": "Cargando y calculando…", "en": "Loading and computing…"},
    "nav.map": {"es": "Mapa", "en": "Map"},
    "nav.data": {"es": "Datos", "en": "Data"},
    "nav.section.analysis": {"es": "Análisis", "en": "Analysis"},
    "nav.section.data": {"es": "Datos", "en": "Data"},
    "sidebar.language": {"es": "Idioma", "en": "Language"},
    "sidebar.workspace": {"es": "Espacio de trabajo", "en": "Workspace"},
    "sidebar.workspace.help": {
        "es": "Archivo GeoPackage con las capas de la ciudad. Se buscan en {folder}.",
        "en": "GeoPackage file with the city's layers. Looked for in {folder}.",
    },
    "sidebar.dates": {"es": "Periodo", "en": "Period"},
    "sidebar.dates.help": {
        "es": "Fechas (incluidas) de los incidentes que se analizan en todas las páginas.",
        "en": "Dates (inclusive) of the incidents analysed on every page.",
    },
    "sidebar.categories": {"es": "Categorías", "en": "Categories"},
    "sidebar.categories.help": {
        "es": "Categorías de incidentes incluidas en todas las páginas.",
        "en": "Incident categories included on every page.",
    },
    "sidebar.group.violence": {"es": "Violencia", "en": "Violence"},
    "sidebar.group.convivencia": {"es": "Convivencia", "en": "Convivencia"},
    "sidebar.group.property": {"es": "Patrimonio", "en": "Property"},
    "sidebar.group.other": {"es": "Otros", "en": "Other"},
    "sidebar.no_workspace": {
        "es": "No hay espacio de trabajo. Cree el de demostración con `make run` o `python cli.py demo --out data/demo.gpkg`, o importe un archivo en la página Datos.",
        "en": "No workspace found. Build the demo with `make run` or `python cli.py demo --out data/demo.gpkg`, or import a file on the Data page.",
    },
    "sidebar.no_incidents": {
        "es": "Este espacio de trabajo aún no tiene incidentes: los filtros de fecha y categoría se activan al importarlos.",
        "en": "This workspace has no incidents yet: the date and category filters appear once they are imported.",
    },
    "synthetic.banner": {
        "es": "**Datos sintéticos.** «{city}» es una ciudad de demostración generada al azar con el tamaño de Palmira. Ninguna cifra aquí es de Palmira ni de otra ciudad real.",
        "en": "**Synthetic data.** “{city}” is a randomly generated demo city of Palmira's size. No figure here is Palmira's or any real city's.",
    },
    "synthetic.map": {
        "es": "Datos sintéticos — no son cifras reales",
        "en": "Synthetic data — not real figures",
    },
    "missing.layer": {
        "es": "Falta la capa `{layer}`: añadiría {adds}. Impórtela en la página Datos.",
        "en": "The `{layer}` layer is missing: it would add {adds}. Import it on the Data page.",
    },
    "layer.incidents": {"es": "Incidentes", "en": "Incidents"},
    "layer.public_spaces": {"es": "Espacios públicos", "en": "Public spaces"},
    "layer.neighborhoods": {"es": "Barrios", "en": "Neighbourhoods"},
    "layer.territories": {"es": "Territorios de gestores", "en": "Gestores' territories"},
    "layer.programs": {"es": "Programas", "en": "Programmes"},
    "adds.incidents": {
        "es": "dónde y cuándo ocurren la violencia y los conflictos de convivencia",
        "en": "where and when violence and convivencia conflicts happen",
    },
    "adds.public_spaces": {
        "es": "los parques y espacios públicos que se pueden activar, sobre los incidentes",
        "en": "parks and public spaces to activate, drawn over the incidents",
    },
    "adds.neighborhoods": {
        "es": "las tasas por 100.000 habitantes, el límite de la ciudad y la priorización de barrios",
        "en": "rates per 100,000 residents, the city's boundary and neighbourhood rankings",
    },
    "adds.territories": {
        "es": "los territorios de los equipos de gestores de convivencia y su cobertura de la necesidad",
        "en": "the gestores de convivencia teams' territories and their coverage of the need",
    },
    "adds.programs": {
        "es": "qué se hace y dónde, en los cinco componentes de PAZOS",
        "en": "what is being done where, under the five PAZOS components",
    },
    # -- map page ------------------------------------------------------------
    "map.title": {"es": "Mapa de incidentes", "en": "Incident map"},
    "map.intro": {
        "es": "Incidentes agregados en celdas sobre parques, barrios y territorios de gestores. Active o apague capas con el control del mapa.",
        "en": "Incidents aggregated to cells over parks, neighbourhoods and gestores' territories. Toggle layers with the map's control.",
    },
    "map.shape": {"es": "Forma de celda", "en": "Cell shape"},
    "map.shape.square": {"es": "Cuadrada", "en": "Square"},
    "map.shape.hex": {"es": "Hexagonal", "en": "Hexagon"},
    "map.size": {"es": "Tamaño de celda (m)", "en": "Cell size (m)"},
    "map.size.help": {
        "es": "Lado del cuadrado o ancho del hexágono, en metros, medido en {crs}.",
        "en": "Square side or hexagon width, in metres, measured in {crs}.",
    },
    "map.weight": {"es": "Color según", "en": "Colour by"},
    "map.weight.harm": {"es": "Daño ponderado", "en": "Harm-weighted"},
    "map.weight.count": {"es": "Número de incidentes", "en": "Number of incidents"},
    "map.weight.help": {
        "es": "El daño ponderado suma el peso de cada categoría (índice de daño de Cambridge): un homicidio pesa {homicide:,.0f}, una queja por ruido 1.",
        "en": "Harm-weighted sums each category's weight (Cambridge Crime Harm Index): a homicide weighs {homicide:,.0f}, a noise complaint 1.",
    },
    "map.points": {"es": "Mostrar incidentes individuales", "en": "Show individual incidents"},
    "map.points.help": {
        "es": "Solo cuando hay {max:,} incidentes o menos con los filtros actuales.",
        "en": "Only when {max:,} incidents or fewer pass the current filters.",
    },
    "map.points.too_many": {
        "es": "{n:,} incidentes pasan los filtros: se dibujan agregados en celdas (el máximo para dibujarlos uno a uno es {max:,}). Acote el periodo o las categorías.",
        "en": "{n:,} incidents pass the filters: they are drawn aggregated to cells (the most drawn one by one is {max:,}). Narrow the period or the categories.",
    },
    "map.layer.cells": {"es": "Incidentes por celda", "en": "Incidents per cell"},
    "map.layer.points": {"es": "Incidentes", "en": "Incidents"},
    "map.basemap": {"es": "Mapa base", "en": "Basemap"},
    "map.attribution.osm": {
        "es": "&copy; colaboradores de OpenStreetMap",
        "en": "&copy; OpenStreetMap contributors",
    },
    "map.drawing": {"es": "Dibujando el mapa…", "en": "Drawing the map…"},
    "map.legend.harm": {
        "es": "Unidades de daño por celda en el periodo",
        "en": "Harm units per cell over the period",
    },
    "map.legend.count": {
        "es": "Incidentes por celda en el periodo",
        "en": "Incidents per cell over the period",
    },
    "map.legend.status": {"es": "Estado de activación", "en": "Activation status"},
    "map.legend.space_outline": {
        "es": "Parque, plaza o cancha (contorno)",
        "en": "Park, plaza or sports field (outline)",
    },
    "map.tooltip.n": {"es": "Incidentes", "en": "Incidents"},
    "map.tooltip.harm": {"es": "Daño ponderado", "en": "Harm-weighted"},
    "map.empty": {
        "es": "Ningún incidente pasa los filtros actuales.",
        "en": "No incident passes the current filters.",
    },
    "map.outside": {
        "es": "{n:,} incidentes caen fuera de los barrios y no se dibujan en celdas.",
        "en": "{n:,} incidents fall outside the neighbourhoods and are not drawn in cells.",
    },
    "map.cells_caption": {
        "es": "{cells:,} celdas con incidentes; cortes de la leyenda por {scheme}.",
        "en": "{cells:,} cells with incidents; legend breaks by {scheme}.",
    },
    "status.active": {"es": "Activo", "en": "Active"},
    "status.planned": {"es": "Planeado", "en": "Planned"},
    "status.inactive": {"es": "Inactivo", "en": "Inactive"},
    "status.unknown": {"es": "Sin dato", "en": "Unknown"},
    "kind.park": {"es": "Parque", "en": "Park"},
    "kind.plaza": {"es": "Plaza", "en": "Plaza"},
    "kind.sports_field": {"es": "Cancha", "en": "Sports field"},
    "kind.playground": {"es": "Parque infantil", "en": "Playground"},
    "kind.community_center": {"es": "Centro comunitario", "en": "Community centre"},
    "kind.other": {"es": "Otro", "en": "Other"},
    "condition.good": {"es": "Bueno", "en": "Good"},
    "condition.fair": {"es": "Regular", "en": "Fair"},
    "condition.poor": {"es": "Malo", "en": "Poor"},
    "lighting.good": {"es": "Buena", "en": "Good"},
    "lighting.partial": {"es": "Parcial", "en": "Partial"},
    "lighting.none": {"es": "Sin iluminación", "en": "None"},
    "field.name": {"es": "Nombre", "en": "Name"},
    "field.kind": {"es": "Tipo", "en": "Kind"},
    "field.condition": {"es": "Estado físico", "en": "Condition"},
    "field.lighting": {"es": "Iluminación", "en": "Lighting"},
    "field.activation_status": {"es": "Activación", "en": "Activation"},
    "field.activation_cost": {"es": "Costo de activación", "en": "Activation cost"},
    "field.comuna": {"es": "Comuna", "en": "Comuna"},
    "field.population": {"es": "Población", "en": "Population"},
    "field.team": {"es": "Equipo", "en": "Team"},
    "field.gestores": {"es": "Gestores", "en": "Gestores"},
    "field.category": {"es": "Categoría", "en": "Category"},
    "field.occurred_at": {"es": "Fecha y hora", "en": "Date and time"},
    # -- summary -------------------------------------------------------------
    "summary.title": {"es": "Resumen del periodo", "en": "Summary of the period"},
    "summary.period": {
        "es": "{start} a {end} ({days:,} días)",
        "en": "{start} to {end} ({days:,} days)",
    },
    "summary.incidents": {"es": "Incidentes", "en": "Incidents"},
    "summary.harm": {"es": "Unidades de daño", "en": "Harm units"},
    "summary.homicides": {"es": "Homicidios", "en": "Homicides"},
    "summary.rate": {
        "es": "Homicidios por 100.000 hab./año",
        "en": "Homicides per 100,000 per year",
    },
    "summary.rate.help": {
        "es": "Homicidios del periodo divididos por la población de los barrios ({population:,}) y por los años del periodo ({years:.2f}), por 100.000.",
        "en": "Homicides in the period divided by the neighbourhoods' population ({population:,}) and by the period's years ({years:.2f}), times 100,000.",
    },
    "summary.by_category": {"es": "Por categoría", "en": "By category"},
    "summary.top_hoods": {
        "es": "Barrios con más daño ponderado",
        "en": "Neighbourhoods with most harm",
    },
    "summary.col.category": {"es": "Categoría", "en": "Category"},
    "summary.col.group": {"es": "Grupo", "en": "Group"},
    "summary.col.n": {"es": "Incidentes", "en": "Incidents"},
    "summary.col.harm": {"es": "Unidades de daño", "en": "Harm units"},
    "summary.col.share": {"es": "% del daño", "en": "% of harm"},
    "summary.col.name": {"es": "Barrio", "en": "Neighbourhood"},
    "summary.col.rate": {
        "es": "Incidentes por 100.000 hab. al año",
        "en": "Incidents per 100,000 residents a year",
    },
    "summary.col.population": {"es": "Población", "en": "Population"},
    "summary.spaces": {
        "es": "{n} espacios públicos: {active} activos, {planned} planeados, {inactive} inactivos.",
        "en": "{n} public spaces: {active} active, {planned} planned, {inactive} inactive.",
    },
    "summary.territories": {
        "es": "{n} territorios de gestores cubren el {share:.0%} de la población de los barrios.",
        "en": "{n} gestores' territories cover {share:.0%} of the neighbourhoods' population.",
    },
    # -- data page -----------------------------------------------------------
    "data.title": {"es": "Datos de la ciudad", "en": "The city's data"},
    "data.intro": {
        "es": "Cargue archivos de su ciudad, revise el informe de validación e impórtelos al espacio de trabajo. Su archivo original nunca se modifica.",
        "en": "Upload your city's files, read the validation report and import them into the workspace. Your original file is never modified.",
    },
    "data.layers": {"es": "Capas del espacio de trabajo", "en": "Layers in the workspace"},
    "data.col.layer": {"es": "Capa", "en": "Layer"},
    "data.col.rows": {"es": "Filas", "en": "Rows"},
    "data.col.imported_at": {"es": "Importada (UTC)", "en": "Imported (UTC)"},
    "data.col.source_file": {"es": "Archivo de origen", "en": "Source file"},
    "data.col.problems": {"es": "Problemas", "en": "Problems"},
    "data.col.row": {"es": "Fila", "en": "Row"},
    "data.col.column": {"es": "Columna", "en": "Column"},
    "data.col.severity": {"es": "Gravedad", "en": "Severity"},
    "data.col.message": {"es": "Problema", "en": "Problem"},
    "data.missing": {"es": "Capas que faltan", "en": "Missing layers"},
    "data.provenance.synthetic": {
        "es": "Procedencia: ciudad sintética generada por el generador de demostración del proyecto; ningún registro describe personas, lugares ni hechos reales.",
        "en": "Provenance: a synthetic city made by the project's demo generator; no record describes real people, places or events.",
    },
    "data.provenance.imports": {
        "es": "Procedencia: {n:,} importaciones; la última, {file}, el {when} (UTC).",
        "en": "Provenance: {n:,} imports; the last one, {file}, on {when} (UTC).",
    },
    "data.provenance.unknown": {
        "es": "Procedencia: este espacio de trabajo se creó antes de que se guardara el historial de importaciones.",
        "en": "Provenance: this workspace was made before the import history was kept.",
    },
    "data.history": {"es": "Historial de importaciones", "en": "Import history"},
    "data.history.generator": {"es": "generador de demostración", "en": "demo generator"},
    "data.col.when": {"es": "Fecha (UTC)", "en": "When (UTC)"},
    "data.col.sha256": {"es": "SHA-256 del archivo", "en": "File SHA-256"},
    "data.col.mode": {"es": "Modo", "en": "Mode"},
    "data.col.rows_added": {"es": "Añadidas", "en": "Added"},
    "data.col.rows_replaced": {"es": "Reemplazadas", "en": "Replaced"},
    "data.col.rows_rejected": {"es": "Rechazadas", "en": "Rejected"},
    "data.col.rows_skipped": {"es": "Omitidas (ya estaban)", "en": "Skipped (already there)"},
    "data.col.rows_after": {"es": "Filas después", "en": "Rows after"},
    "data.mode.generated": {"es": "generada", "en": "generated"},
    "data.mode.new": {"es": "capa nueva", "en": "new layer"},
    "data.mode.replace": {"es": "reemplazo", "en": "replace"},
    "data.mode.append": {"es": "adición", "en": "append"},
    "data.crs": {
        "es": "Sistema de referencia para medir: {crs} (se guarda en EPSG:4326).",
        "en": "Projected CRS for measuring: {crs} (stored in EPSG:4326).",
    },
    "data.upload": {"es": "Cargar un archivo", "en": "Upload a file"},
    "data.upload.layer": {"es": "Capa", "en": "Layer"},
    "data.upload.file": {
        "es": "Archivo (CSV, GeoJSON, GeoPackage, Shapefile en .zip o GeoParquet)",
        "en": "File (CSV, GeoJSON, GeoPackage, zipped Shapefile or GeoParquet)",
    },
    "data.upload.crs": {
        "es": "CRS de las columnas x/y (solo si están en metros, p. ej. EPSG:9377)",
        "en": "CRS of x/y columns (only when they are in metres, e.g. EPSG:9377)",
    },
    "data.upload.columns": {
        "es": "Columnas requeridas: {required}. Opcionales: {optional}. Se aceptan nombres en español (p. ej. {aliases}).",
        "en": "Required columns: {required}. Optional: {optional}. Spanish names are accepted (e.g. {aliases}).",
    },
    "data.report": {"es": "Informe de validación de {file}", "en": "Validation report for {file}"},
    "data.report.rows": {"es": "Filas leídas", "en": "Rows read"},
    "data.report.valid": {"es": "Filas válidas", "en": "Valid rows"},
    "data.report.invalid": {"es": "Filas con errores", "en": "Rows with errors"},
    "data.report.warnings": {"es": "Avisos y reparaciones", "en": "Warnings and repairs"},
    "data.report.ok": {
        "es": "El archivo es válido: {n:,} filas listas para importar.",
        "en": "The file is valid: {n:,} rows ready to import.",
    },
    "data.report.file_errors": {
        "es": "El archivo no se puede importar hasta corregir los problemas del archivo.",
        "en": "The file cannot be imported until the file-level problems are fixed.",
    },
    "data.report.row_errors": {
        "es": "{bad:,} filas tienen errores. Corríjalas en su archivo y vuelva a cargarlo, o importe solo las {good:,} filas válidas: las inválidas quedan listadas en el informe del espacio de trabajo.",
        "en": "{bad:,} rows have errors. Fix them in your file and upload it again, or import only the {good:,} valid rows: the invalid ones stay listed in the workspace's report.",
    },
    "data.report.download": {"es": "Descargar informe (CSV)", "en": "Download report (CSV)"},
    "data.report.details": {
        "es": "Detalle técnico: mensaje original del lector de archivos (en inglés)",
        "en": "Technical detail: the file reader's original message",
    },
    "data.import.allow_invalid": {
        "es": "Importar solo las filas válidas",
        "en": "Import only the valid rows",
    },
    "data.import.target": {"es": "Importar en", "en": "Import into"},
    "data.import.current": {
        "es": "Este espacio de trabajo ({name})",
        "en": "This workspace ({name})",
    },
    "data.import.new": {"es": "Un espacio de trabajo nuevo", "en": "A new workspace"},
    "data.import.new_name": {"es": "Nombre del espacio nuevo", "en": "Name of the new workspace"},
    "data.import.synthetic_warning": {
        "es": "El espacio actual es la ciudad sintética de demostración: para datos reales cree uno nuevo.",
        "en": "The current workspace is the synthetic demo city: create a new one for real data.",
    },
    "data.import.name_taken": {
        "es": "Ya existe un espacio de trabajo llamado {name}: elija otro nombre, o impórtelo en ese espacio eligiéndolo en la barra lateral.",
        "en": "A workspace named {name} already exists: choose another name, or import into it by picking it in the sidebar.",
    },
    "data.import.exists": {
        "es": "{workspace} ya tiene la capa {layer} con {n:,} filas. ¿Qué hacer con este archivo?",
        "en": "{workspace} already has the {layer} layer, with {n:,} rows. What should happen with this file?",
    },
    "data.import.mode.cancel": {"es": "Cancelar: no importar", "en": "Cancel: do not import"},
    "data.import.mode.append": {
        "es": "Añadir las {new:,} filas nuevas ({dup:,} ya están y se omiten)",
        "en": "Append the {new:,} new rows ({dup:,} are already there and are skipped)",
    },
    "data.import.mode.replace": {
        "es": "Reemplazar: se pierden las {n:,} filas actuales y quedan las {incoming:,} del archivo",
        "en": "Replace: the {n:,} current rows are lost and the file's {incoming:,} rows take their place",
    },
    "data.import.button": {"es": "Importar {n:,} filas", "en": "Import {n:,} rows"},
    "data.import.already": {
        "es": "Este archivo ya se importó. Para volver a importarlo, cárguelo de nuevo.",
        "en": "This file has been imported. To import it again, upload it again.",
    },
    "data.import.done": {
        "es": "Capa {layer} importada en {workspace}: {n:,} filas.",
        "en": "Layer {layer} imported into {workspace}: {n:,} rows.",
    },
    "data.import.done.replace": {
        "es": "Capa {layer} reemplazada en {workspace}: se quitaron {replaced:,} filas y se importaron {n:,}.",
        "en": "Layer {layer} replaced in {workspace}: {replaced:,} rows removed, {n:,} imported.",
    },
    "data.import.done.append": {
        "es": "Se añadieron {n:,} filas a la capa {layer} de {workspace}.",
        "en": "{n:,} rows appended to the {layer} layer of {workspace}.",
    },
    "data.import.done.nothing": {
        "es": "No se añadió nada a la capa {layer} de {workspace}: todas las filas del archivo ya estaban; los datos no cambiaron.",
        "en": "Nothing was added to the {layer} layer of {workspace}: every row of the file was already there; the data did not change.",
    },
    "data.import.skipped": {
        "es": "{skipped:,} filas no se añadieron porque su identificador ya estaba (por ejemplo {ids}).",
        "en": "{skipped:,} rows were not added because their id was already there (for example {ids}).",
    },
    "data.report.layer_exists": {
        "es": "la capa ya existe; elija reemplazarla o añadir las filas",
        "en": "the layer already exists; choose to replace it or append the rows",
    },
    "data.report.workspace_exists": {
        "es": "ya existe un espacio de trabajo con ese nombre",
        "en": "a workspace with that name already exists",
    },
    "data.import.refused": {"es": "No se importó: {reason}", "en": "Not imported: {reason}"},
    "data.problems": {
        "es": "Problemas registrados al importar {layer}",
        "en": "Problems recorded when {layer} was imported",
    },
    "data.download": {"es": "Descargar una capa", "en": "Download a layer"},
    "data.download.format": {"es": "Formato", "en": "Format"},
    "data.download.button": {"es": "Descargar {layer} ({fmt})", "en": "Download {layer} ({fmt})"},
    "severity.error": {"es": "error", "en": "error"},
    "severity.warning": {"es": "aviso", "en": "warning"},
    "severity.repaired": {"es": "reparado", "en": "repaired"},
}


def _labels() -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for code, cat in schema.CATEGORIES.items():
        out[f"category.{code}"] = {"es": cat.label_es, "en": cat.label_en}
    for code, (es, en, _aliases) in schema.COMPONENTS.items():
        out[f"component.{code}"] = {"es": es, "en": en}
    return out


CATALOG: dict[str, dict[str, str]] = {
    **UI,
    **HOTSPOTS,
    **_labels(),
    **{f"problem.{code}": texts for code, texts in PROBLEM_MESSAGES.items()},
}


class _Formatter(string.Formatter):
    """``str.format`` whose numbers follow the language: ``1.234,5`` in Spanish."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def format_field(self, value: object, format_spec: str) -> str:
        text = super().format_field(value, format_spec)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            text = localize_number(text, self.lang)
        return text


def num(value: float, decimals: int = 0, lang: str | None = None) -> str:
    """A number with the language's separators (``12.345`` / ``12,345``)."""
    return _Formatter(lang or language()).format("{0:,.{1}f}", float(value), decimals)


def language() -> str:
    """The current session's language (``"es"`` or ``"en"``)."""
    lang = st.session_state.get("lang", settings.language)
    return lang if lang in LANGUAGES else "es"


def t(key: str, lang: str | None = None, /, **params: object) -> str:
    """Translate ``key`` into the session's language and fill its ``{placeholders}``.

    Raises
    ------
    KeyError
        When ``key`` is not in the catalogue (a test runs every page in both
        languages, so a missing key fails the suite, not a user).
    """
    lang = lang or language()
    text = CATALOG[key][lang]
    return _Formatter(lang).format(text, **params) if params else text


def labeler(prefix: str) -> Callable[[object], str]:
    """A ``format_func`` that labels codes as ``t(prefix + code)`` in the current language.

    The language is fixed when the labeler is made, so a widget's labels do
    not depend on when Streamlit (or AppTest) calls the function.
    """
    lang = language()
    return lambda code: t(f"{prefix}{code}", lang)


def lang_key(base: str) -> str:
    """A widget key that changes with the language.

    Streamlit keeps a keyed selectbox's value as its *displayed* label; when
    the labels are translated, the old label no longer matches an option and
    comes back as raw text. Widgets whose labels are translated with
    ``format_func`` are therefore keyed per language (their choice resets to
    the default on a language switch, unless the page carries it over).
    """
    return f"{base}-{language()}"


def category_label(code: str, lang: str | None = None) -> str:
    """The category's label in the session's language."""
    return t(f"category.{code}", lang)


def translate_table(mapping: Mapping[str, str], lang: str | None = None) -> dict[str, str]:
    """Translate a mapping of column name -> catalogue key (for ``DataFrame.rename``)."""
    return {col: t(key, lang) for col, key in mapping.items()}
