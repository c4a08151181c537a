"""``cli.py batch hotspots``: its help, its messages and the words of its tables (data only).

:data:`WORDS` holds the help texts (``cli.help.batch.*``, said through the CLI's
``_help``), the progress and closing lines, each city's status and reason
(``batch.status.*``, ``batch.reason.*``), the errors of :mod:`models.batch`
(``batch.error.<code>``, said by :func:`catalog.say.error_text`) and the
headers of ``summary.csv`` and ``problems.csv`` (``batch.col.*``).
"""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    # -- help -----------------------------------------------------------------------------
    "cli.help.batch.help": {
        "es": "lote: el mismo análisis para muchas ciudades (Dask)",
        "en": "batch: the same analysis for many cities (Dask)",
    },
    "cli.help.batch.description": {
        "es": "Corre un análisis para cada ciudad de un conjunto de incidentes en GeoParquet, "
        "en este proceso o en un clúster de Dask.",
        "en": "Runs one analysis for each city of a set of GeoParquet incidents, in this "
        "process or on a Dask cluster.",
    },
    "cli.help.batch.hotspots": {
        "es": "puntos calientes por ciudad, como `hotspots` en cada una",
        "en": "hot spots per city, as `hotspots` on each",
    },
    "cli.help.batch.hotspots.description": {
        "es": "Lee los incidentes de muchas ciudades (un GeoParquet con una columna de ciudad, o "
        "una carpeta partida por ciudad: carpetas ciudad=X/ o un archivo por ciudad), valida "
        "cada ciudad como `import` (las filas con errores se informan por archivo, fila y "
        "columna) y corre en cada una el mismo análisis que `hotspots`, con la misma elección "
        "automática de escala y el sistema de coordenadas proyectado que tendría su espacio de "
        "trabajo. Una ciudad que falla queda en el resumen y no detiene a las demás. Sin "
        "--workers ni --scheduler corre en serie, en este proceso.",
        "en": "Reads the incidents of many cities (one GeoParquet file with a city column, or a "
        "folder partitioned by city: city=X/ folders or one file per city), validates each "
        "city as `import` does (rows with errors are reported by file, row and column) and runs "
        "on each the same analysis as `hotspots`, with the same automatic scale and the "
        "projected CRS its workspace would have. A city that fails stays in the summary and "
        "does not stop the others. Without --workers or --scheduler it runs serially, in this "
        "process.",
    },
    "cli.help.batch.files": {
        "es": "Archivos escritos en --out: CIUDAD.geojson (o .parquet, .gpkg, .csv según "
        "--format) con las columnas de `hotspots --out` para el método; summary.csv (ciudad, "
        "estado, filas, rechazadas, incidentes, celdas, calientes, teselas, tamaño de celda, "
        "distancia, la zona principal y el motivo de un fallo); problems.csv (cada problema "
        "de validación con ciudad, archivo, fila y columna).",
        "en": "Files written in --out: CITY.geojson (or .parquet, .gpkg, .csv by --format) with "
        "the columns of `hotspots --out` for the method; summary.csv (city, status, rows, "
        "rejected, incidents, cells, hot, tiles, cell size, distance, the top zone and the "
        "reason of a failure); problems.csv (every validation problem with city, file, row and "
        "column).",
    },
    "cli.help.batch.input": {
        "es": "un archivo GeoParquet con una columna de ciudad, o una carpeta partida por ciudad",
        "en": "a GeoParquet file with a city column, or a folder partitioned by city",
    },
    "cli.help.batch.by": {
        "es": "la columna (o la clave de las carpetas CLAVE=valor) que nombra la ciudad",
        "en": "the column (or the key of KEY=value folders) that names the city",
    },
    "cli.help.batch.out": {
        "es": "la carpeta de los resultados (se crea si no existe)",
        "en": "the folder of the results (created if missing)",
    },
    "cli.help.batch.format": {
        "es": "formato de cada resultado por ciudad",
        "en": "format of each city's result",
    },
    "cli.help.batch.workers": {
        "es": "iniciar un LocalCluster de Dask con N procesos de un hilo",
        "en": "start a Dask LocalCluster of N single-threaded processes",
    },
    "cli.help.batch.scheduler": {
        "es": "unirse a un clúster de Dask existente (tcp://host:8786); sus trabajadores deben "
        "ver las mismas carpetas --input y --out",
        "en": "join an existing Dask cluster (tcp://host:8786); its workers must see the same "
        "--input and --out folders",
    },
    "cli.help.batch.tile_incidents": {
        "es": "gi: partir en teselas con halo las ciudades con más filas que N (0: nunca; por "
        "defecto según la memoria de un trabajador). Los archivos de una ciudad se leen y "
        "validan de a uno, y un archivo grande por partes con el resultado del archivo "
        "entero: una ciudad más grande que la memoria de un trabajador pasa",
        "en": "gi: split the cities with more rows than N into tiles with a halo (0: never; "
        "default from a worker's memory). A city's files are read and checked one at a "
        "time, and a large file in pieces with the whole file's result: a city larger "
        "than a worker's memory goes through",
    },
    "cli.help.batch.allow_invalid": {
        "es": "analizar las filas válidas de una ciudad con filas inválidas (se cuentan e "
        "informan en problems.csv)",
        "en": "analyse the valid rows of a city with invalid rows (they are counted and "
        "reported in problems.csv)",
    },
    "cli.help.metavar.folder": {"es": "CARPETA", "en": "FOLDER"},
    "cli.help.metavar.address": {"es": "DIRECCIÓN", "en": "ADDRESS"},
    "cli.help.metavar.column": {"es": "COLUMNA", "en": "COLUMN"},
    # -- progress and closing lines ---------------------------------------------------------
    "batch.start": {
        "es": "Lote: {cities:,} ciudades, {rows:,} filas, método {method}, {where}.",
        "en": "Batch: {cities:,} cities, {rows:,} rows, method {method}, {where}.",
    },
    "batch.where.serial": {
        "es": "en serie en este proceso",
        "en": "serially in this process",
    },
    "batch.where.local": {
        "es": "en un LocalCluster de Dask con {workers} trabajadores de un hilo",
        "en": "on a Dask LocalCluster of {workers} single-threaded workers",
    },
    "batch.where.scheduler": {
        "es": "en el clúster de Dask de {address} ({workers} trabajadores)",
        "en": "on the Dask cluster at {address} ({workers} workers)",
    },
    "batch.tiling": {
        "es": "Gi* por teselas con halo en las ciudades con más de {n:,} filas.",
        "en": "Gi* by tiles with a halo in the cities with more than {n:,} rows.",
    },
    "batch.progress": {
        "es": "{done:,}/{total:,} ciudades listas ({city}: {status})",
        "en": "{done:,}/{total:,} cities done ({city}: {status})",
    },
    "batch.done": {
        "es": "{ok:,} de {total:,} ciudades analizadas en {seconds:.1f} s; resultados en {out}.",
        "en": "{ok:,} of {total:,} cities analysed in {seconds:.1f} s; results in {out}.",
    },
    "batch.failed_cities": {
        "es": "Sin resultado ({n:,}): {cities}. Ver summary.csv y problems.csv.",
        "en": "No result ({n:,}): {cities}. See summary.csv and problems.csv.",
    },
    "batch.problems": {
        "es": "{city}: {n:,} problemas de validación ({invalid:,} filas con errores) en problems.csv",
        "en": "{city}: {n:,} validation problems ({invalid:,} rows with errors) in problems.csv",
    },
    "batch.wrote": {
        "es": "se escribieron {files} en {out}",
        "en": "wrote {files} in {out}",
    },
    # -- each city's status and reason ------------------------------------------------------
    "batch.status.ok": {"es": "analizada", "en": "analysed"},
    "batch.status.unreadable": {"es": "archivo ilegible", "en": "file unreadable"},
    "batch.status.invalid": {"es": "filas inválidas", "en": "invalid rows"},
    "batch.status.too_few": {"es": "muy pocos incidentes", "en": "too few incidents"},
    "batch.status.too_many": {"es": "demasiados incidentes", "en": "too many incidents"},
    "batch.status.failed": {"es": "falló", "en": "failed"},
    "batch.status.no_city": {"es": "filas sin ciudad", "en": "rows without a city"},
    "batch.reason.rejected": {
        "es": "{invalid:,} filas inválidas quedaron fuera (ver problems.csv)",
        "en": "{invalid:,} invalid rows left out (see problems.csv)",
    },
    "batch.reason.unreadable": {
        "es": "el archivo no se puede leer como incidentes (ver problems.csv)",
        "en": "the file cannot be read as incidents (see problems.csv)",
    },
    "batch.reason.invalid": {
        "es": "{invalid:,} de {rows:,} filas tienen errores (ver problems.csv); "
        "--allow-invalid-rows analiza las {valid:,} válidas",
        "en": "{invalid:,} of {rows:,} rows have errors (see problems.csv); "
        "--allow-invalid-rows analyses the {valid:,} valid ones",
    },
    "batch.reason.too_few": {
        "es": "solo {n:,} incidentes pasan los filtros; un análisis de puntos calientes "
        "necesita al menos {need:,}",
        "en": "only {n:,} incidents pass the filters; a hot-spot analysis needs at least {need:,}",
    },
    "batch.reason.too_many": {
        "es": "{n:,} incidentes: más que el límite del método ({limit:,})",
        "en": "{n:,} incidents: more than the method's limit ({limit:,})",
    },
    "batch.reason.failed": {
        "es": "no se hizo el análisis: {error}",
        "en": "no analysis: {error}",
    },
    "batch.reason.no_city": {
        "es": "{n:,} filas de {file} no tienen `{by}` (filas {rows})",
        "en": "{n:,} rows of {file} have no `{by}` (rows {rows})",
    },
    # -- errors of models.batch (the whole run) ---------------------------------------------
    "batch.error.no_input": {
        "es": "{input} no existe",
        "en": "{input} does not exist",
    },
    "batch.error.not_parquet": {
        "es": "{input} no es un archivo GeoParquet (.parquet) ni una carpeta",
        "en": "{input} is not a GeoParquet file (.parquet) nor a folder",
    },
    "batch.error.unreadable": {
        "es": "{input} no se puede leer como Parquet: {detail}",
        "en": "{input} cannot be read as Parquet: {detail}",
    },
    "batch.error.no_by_column": {
        "es": "{input} no tiene la columna `{by}` (sus columnas: {columns}); use --by",
        "en": "{input} has no `{by}` column (its columns: {columns}); use --by",
    },
    "batch.error.no_cities": {
        "es": "{input} no tiene ciudades: ni carpetas {by}=X/ ni archivos .parquet",
        "en": "{input} holds no city: no {by}=X/ folders and no .parquet files",
    },
    "batch.error.needs_layer": {
        "es": "{method} con estas opciones necesita la capa `{layer}`; el lote solo lee "
        "incidentes (métodos sin otra capa: {methods})",
        "en": "{method} with these options needs the `{layer}` layer; the batch reads "
        "incidents only (methods with no other layer: {methods})",
    },
    "batch.error.workers": {
        "es": "--workers debe ser al menos 1, no {workers}",
        "en": "--workers must be at least 1, not {workers}",
    },
    "batch.error.tile_incidents": {
        "es": "--tile-incidents debe ser 0 (nunca) o un número de filas, no {n}",
        "en": "--tile-incidents must be 0 (never) or a number of rows, not {n}",
    },
    "batch.error.scheduler": {
        "es": "no se pudo conectar con el planificador de Dask en {address}: {error}",
        "en": "cannot reach the Dask scheduler at {address}: {error}",
    },
    # -- the tables' headers ------------------------------------------------------------------
    "batch.col.city": {"es": "ciudad", "en": "city"},
    "batch.col.status": {"es": "estado", "en": "status"},
    "batch.col.rows": {"es": "filas", "en": "rows"},
    "batch.col.rejected": {"es": "rechazadas", "en": "rejected"},
    "batch.col.incidents": {"es": "incidentes", "en": "incidents"},
    "batch.col.cells": {"es": "celdas_o_zonas", "en": "cells_or_zones"},
    "batch.col.hot": {"es": "calientes", "en": "hot"},
    "batch.col.tiles": {"es": "teselas", "en": "tiles"},
    "batch.col.crs": {"es": "src_proyectado", "en": "projected_crs"},
    "batch.col.cell_size": {"es": "tamano_celda_m", "en": "cell_size_m"},
    "batch.col.distance": {"es": "distancia_m", "en": "distance_m"},
    "batch.col.top_zone": {"es": "zona_principal", "en": "top_zone"},
    "batch.col.top_incidents": {"es": "zona_incidentes", "en": "top_incidents"},
    "batch.col.top_lon": {"es": "zona_lon", "en": "top_lon"},
    "batch.col.top_lat": {"es": "zona_lat", "en": "top_lat"},
    "batch.col.file": {"es": "archivo", "en": "file"},
    "batch.col.reason": {"es": "motivo", "en": "reason"},
    "batch.col.seconds": {"es": "segundos", "en": "seconds"},
    "batch.col.row": {"es": "fila", "en": "row"},
    "batch.col.column": {"es": "columna", "en": "column"},
    "batch.col.severity": {"es": "gravedad", "en": "severity"},
    "batch.col.code": {"es": "codigo", "en": "code"},
    "batch.col.message": {"es": "mensaje", "en": "message"},
    "batch.severity.error": {"es": "error", "en": "error"},
    "batch.severity.warning": {"es": "advertencia", "en": "warning"},
    "batch.severity.repaired": {"es": "reparada", "en": "repaired"},
}
