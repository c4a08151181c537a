"""The Data page: upload, validation report, import and history, in Spanish and English (data only).

The import modes (``data.mode.*``) are the CLI's words for them too
(``cli.py import --history``).
"""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
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
    "data.upload.button": {"es": "Subir", "en": "Upload"},
    "data.upload.limit": {
        "es": "{mb} MB por archivo • {types}",
        "en": "{mb}MB per file • {types}",
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
