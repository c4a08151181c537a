"""The command line's messages and help, in Spanish and English (data only).

:mod:`catalog.say` files :data:`TEXT` as ``cli.<key>``, :data:`IMPORT` as
``cli.import.<key>`` and :data:`HELP` as ``cli.help.<key>``; ``cli.py``
says them with ``say``. The validation problems it prints are
:mod:`catalog.validation`'s, the hot-spot results' :mod:`catalog.models`'s,
and the import modes of ``import --history`` the Data page's
(``data.mode.*``), so the command line and the app use the same words.
"""

from __future__ import annotations

#: What the commands say.
TEXT: dict[str, dict[str, str]] = {
    "summary": {
        "en": "{file}: {rows:,} rows read as `{layer}`, {valid:,} valid, {invalid:,} with errors, {other:,} warnings or repairs",
        "es": "{file}: {rows:,} filas leídas como `{layer}`, {valid:,} válidas, {invalid:,} con errores, {other:,} avisos o reparaciones",
    },
    "file_errors": {
        "en": "not imported: fix the file-level problems above first",
        "es": "no se importó: primero corrija los problemas del archivo indicados arriba",
    },
    "row_errors": {
        "en": "not imported: {invalid:,} rows have errors; fix them, or pass --allow-invalid-rows to import the {valid:,} valid rows (the invalid ones stay listed in the workspace)",
        "es": "no se importó: {invalid:,} filas tienen errores; corríjalas, o use --allow-invalid-rows para importar las {valid:,} filas válidas (las inválidas quedan listadas en el espacio de trabajo)",
    },
    "demo": {
        "en": "wrote the synthetic demo city ({scale}, seed {seed}) to {out} in {seconds:.1f} s: {counts}",
        "es": "se escribió la ciudad sintética de demostración ({scale}, semilla {seed}) en {out} en {seconds:.1f} s: {counts}",
    },
    "no_file": {
        "en": "{file}: no such file",
        "es": "{file}: el archivo no existe",
    },
    "error": {"en": "error: {error}", "es": "error: {error}"},
    "hotspots_out": {
        "en": "{out}: the output must end in {formats}",
        "es": "{out}: el archivo de salida debe terminar en {formats}",
    },
    "hotspots_failed": {
        "en": "no hot-spot analysis: {error}",
        "es": "no se hizo el análisis de puntos calientes: {error}",
    },
    "hotspots_no_workspace": {
        "en": "no hot-spot analysis: the workspace {workspace} does not exist",
        "es": "no se hizo el análisis de puntos calientes: el espacio de trabajo {workspace} no existe",
    },
    "hotspots_no_layer": {
        "en": "no hot-spot analysis: {workspace} has no `{layer}` layer; {why}",
        "es": "no se hizo el análisis de puntos calientes: {workspace} no tiene la capa `{layer}`; {why}",
    },
    "hotspots_why_incidents": {
        "en": "a hot-spot analysis needs incidents",
        "es": "un análisis de puntos calientes necesita incidentes",
    },
    "hotspots_why_neighborhoods": {
        "en": "rates per resident need the neighbourhoods with their population",
        "es": "las tasas por habitante necesitan los barrios con su población",
    },
    "hotspots_too_few": {
        "en": "no hot-spot analysis: only {n:,} incidents pass the filters (categories, dates); at least {need} are needed",
        "es": "no se hizo el análisis de puntos calientes: solo {n:,} incidentes pasan los filtros (categorías, fechas); se necesitan al menos {need}",
    },
    "hotspots_too_many": {
        "en": "no hot-spot analysis: {n:,} incidents pass the filters; HDBSCAN is slow above {limit:,}. Narrow the categories or the period, or use DBSCAN",
        "es": "no se hizo el análisis de puntos calientes: {n:,} incidentes pasan los filtros; HDBSCAN es lento con más de {limit:,}. Acote las categorías o el periodo, o use DBSCAN",
    },
    "hotspots_dates": {
        "en": "--since {since} is after --until {until}",
        "es": "--since {since} es posterior a --until {until}",
    },
    "hotspots_inapplicable": {
        "en": "{given} does not apply to --method {method}; its options are {allowed}",
        "es": "{given} no se aplica a --method {method}; sus opciones son {allowed}",
    },
    "hotspots_inapplicable_many": {
        "en": "{given} do not apply to --method {method}; its options are {allowed}",
        "es": "{given} no se aplican a --method {method}; sus opciones son {allowed}",
    },
    "hotspots_why": {
        "en": "{method} on {n:,} incidents from {start} to {end}. {why}",
        "es": "{method} sobre {n:,} incidentes de {start} a {end}. {why}",
    },
    "hotspots_top": {
        "en": "Top hot spots:",
        "es": "Principales puntos calientes:",
    },
    "hotspots_none": {
        "en": "No hot spot found.",
        "es": "No se encontró ningún punto caliente.",
    },
    "hotspots_wrote": {
        "en": "wrote {rows:,} rows to {out}",
        "es": "se escribieron {rows:,} filas en {out}",
    },
}

#: What ``cli.py import`` says about the workspace (the Data page asks the same in
#: ``data.import.*`` words).
IMPORT: dict[str, dict[str, str]] = {
    "no_workspace_short": {"en": "--workspace is missing", "es": "falta --workspace"},
    "no_workspace": {
        "en": "import needs a workspace: give --workspace W.gpkg (or set CONVIVENCIA_WORKSPACE); it never writes into the demo unless you name it",
        "es": "import necesita un espacio de trabajo: indique --workspace W.gpkg (o defina CONVIVENCIA_WORKSPACE); nunca escribe en el de demostración si no lo nombra",
    },
    "no_file": {
        "en": "import needs a FILE (or --history to list the imports)",
        "es": "import necesita un ARCHIVO (o --history para listar las importaciones)",
    },
    "no_layer": {
        "en": "import needs --layer LAYER, one of: {layers}",
        "es": "import necesita --layer CAPA, una de: {layers}",
    },
    "layer_exists": {
        "en": "not imported: `{layer}` of {workspace} already has {existing:,} rows, and replacing it would lose them; pass --replace to replace them with the file's {incoming:,} rows, or --append to add the {new:,} rows whose id is not there yet ({duplicates:,} already are)",
        "es": "no se importó: `{layer}` de {workspace} ya tiene {existing:,} filas, y reemplazarla las perdería; use --replace para reemplazarlas por las {incoming:,} filas del archivo, o --append para añadir las {new:,} filas cuyo identificador aún no está ({duplicates:,} ya están)",
    },
    "imported_new": {
        "en": "imported {added:,} rows into `{layer}` of {workspace} (content hash {hash})",
        "es": "se importaron {added:,} filas en `{layer}` de {workspace} (hash de contenido {hash})",
    },
    "replaced": {
        "en": "replaced `{layer}` of {workspace}: its {replaced:,} rows were removed and the file's {added:,} rows imported (content hash {hash})",
        "es": "se reemplazó `{layer}` de {workspace}: se quitaron sus {replaced:,} filas y se importaron las {added:,} del archivo (hash de contenido {hash})",
    },
    "appended": {
        "en": "appended {added:,} rows to `{layer}` of {workspace}, which now has {after:,} rows (content hash {hash})",
        "es": "se añadieron {added:,} filas a `{layer}` de {workspace}, que ahora tiene {after:,} filas (hash de contenido {hash})",
    },
    "skipped": {
        "en": "{skipped:,} rows of the file were not added: their id is already in `{layer}` (for example {ids})",
        "es": "{skipped:,} filas del archivo no se añadieron: su identificador ya está en `{layer}` (por ejemplo {ids})",
    },
    "nothing_new": {
        "en": "nothing added: all {skipped:,} rows of the file have an id already in `{layer}` (for example {ids}); the data and the content hash ({hash}) are unchanged",
        "es": "no se añadió nada: las {skipped:,} filas del archivo tienen un identificador que ya está en `{layer}` (por ejemplo {ids}); los datos y el hash de contenido ({hash}) no cambiaron",
    },
    "history_title": {
        "en": "imports into {workspace}, oldest first:",
        "es": "importaciones en {workspace}, de la más antigua a la más reciente:",
    },
    "history_empty": {
        "en": "{workspace} has no import history (it was written before the history was kept)",
        "es": "{workspace} no tiene historial de importaciones (se escribió antes de que se guardara)",
    },
    "history_row": {
        "en": "{when}  `{layer}` from {file} ({sha})  {mode}: {added:,} added, {replaced:,} replaced, {rejected:,} rejected, {skipped:,} skipped (id already there); {after:,} rows after",
        "es": "{when}  `{layer}` desde {file} ({sha})  {mode}: {added:,} añadidas, {replaced:,} reemplazadas, {rejected:,} rechazadas, {skipped:,} omitidas (identificador ya presente); {after:,} filas después",
    },
}

#: Help texts of the parser (``--lang`` chooses the language before the parser is built).
HELP: dict[str, dict[str, str]] = {
    "description": {
        "en": "Convivencia: violence-prevention analysis for a city, from the shell.",
        "es": "Convivencia: análisis para la prevención de la violencia en una ciudad, desde la terminal.",
    },
    "lang": {
        "en": "language of help, messages and errors, before or after the command (default: CONVIVENCIA_LANGUAGE, else es)",
        "es": "idioma de la ayuda, los mensajes y los errores, antes o después del comando (por defecto: CONVIVENCIA_LANGUAGE, si no es)",
    },
    "demo": {
        "en": "write the synthetic demo workspace",
        "es": "escribe el espacio de trabajo sintético de demostración",
    },
    "demo.out": {"en": "GeoPackage to write", "es": "GeoPackage que se escribe"},
    "demo.seed": {
        "en": "random seed (default {seed})",
        "es": "semilla aleatoria (por defecto {seed})",
    },
    "demo.scale": {
        "en": "full: Palmira-sized (default); small: the same city with ~1/20 of the incidents, for tests",
        "es": "full: del tamaño de Palmira (por defecto); small: la misma ciudad con ~1/20 de los incidentes, para pruebas",
    },
    "validate": {
        "en": "check one file against a layer's schema (exit 0 valid, 1 invalid)",
        "es": "revisa un archivo contra el esquema de una capa (sale con 0 si es válido, 1 si no)",
    },
    "validate.file": {
        "en": "CSV, GeoJSON, GeoPackage, zipped Shapefile or GeoParquet",
        "es": "CSV, GeoJSON, GeoPackage, Shapefile comprimido o GeoParquet",
    },
    "layer": {"en": "one of {layers}", "es": "una de {layers}"},
    "validate.workspace": {
        "en": "workspace whose other layers define the city's extent for the 'outside the city' check",
        "es": "espacio de trabajo cuyas otras capas definen la extensión de la ciudad para la revisión de 'fuera de la ciudad'",
    },
    "import": {
        "en": "validate a file, then add it to a workspace (never replaces a layer without --replace)",
        "es": "valida un archivo y luego lo agrega a un espacio de trabajo (nunca reemplaza una capa sin --replace)",
    },
    "import.description": {
        "en": "Validate FILE as LAYER and add it to the workspace. A layer the workspace already has is never replaced silently: without --replace or --append the import is refused (exit 1) and says how many rows a replace would lose. Every import is recorded in the workspace's history (--history lists it).",
        "es": "Valida ARCHIVO como CAPA y lo agrega al espacio de trabajo. Una capa que el espacio de trabajo ya tiene nunca se reemplaza en silencio: sin --replace ni --append la importación se rechaza (sale con 1) y dice cuántas filas se perderían al reemplazar. Cada importación queda en el historial del espacio de trabajo (--history lo muestra).",
    },
    "import.file": {"en": "the file to import", "es": "el archivo que se importa"},
    "import.workspace": {
        "en": "workspace GeoPackage, created if missing (default: CONVIVENCIA_WORKSPACE; never the demo unless named)",
        "es": "GeoPackage del espacio de trabajo; se crea si no existe (por defecto: CONVIVENCIA_WORKSPACE; nunca el de demostración si no se nombra)",
    },
    "import.allow_invalid": {
        "en": "import the valid rows of a file whose rows have errors (the invalid rows are recorded)",
        "es": "importa las filas válidas de un archivo con filas con errores (las inválidas quedan registradas)",
    },
    "import.replace": {
        "en": "the layer exists: replace its rows with the file's",
        "es": "la capa existe: reemplaza sus filas por las del archivo",
    },
    "import.append": {
        "en": "the layer exists: add the file's rows whose id is not there yet (the others are listed, not added)",
        "es": "la capa existe: agrega las filas del archivo cuyo id aún no está (las demás se listan y no se agregan)",
    },
    "import.history": {
        "en": "list the workspace's imports instead of importing",
        "es": "lista las importaciones del espacio de trabajo en lugar de importar",
    },
    "import.city": {
        "en": "city name for a workspace this import creates",
        "es": "nombre de la ciudad para un espacio de trabajo que cree esta importación",
    },
    "crs": {
        "en": "CRS of projected x/y columns in a CSV, e.g. EPSG:9377",
        "es": "CRS de las columnas x/y proyectadas de un CSV, p. ej. EPSG:9377",
    },
    "hotspots": {
        "en": "find hot spots (Gi*, LISA, kernel density, DBSCAN/HDBSCAN, emerging) and write them",
        "es": "encuentra puntos calientes (Gi*, LISA, densidad de kernel, DBSCAN/HDBSCAN, emergentes) y los escribe",
    },
    "hotspots.description": {
        "en": "Run one hot-spot method on the workspace's incidents and write the result; print the scale chosen and why, and the top hot spots in plain words.",
        "es": "Ejecuta un método de puntos calientes sobre los incidentes del espacio de trabajo y escribe el resultado; muestra la escala elegida y por qué, y los principales puntos calientes en palabras.",
    },
    "hotspots.workspace": {
        "en": "workspace GeoPackage (default: CONVIVENCIA_WORKSPACE or data/demo.gpkg)",
        "es": "GeoPackage del espacio de trabajo (por defecto: CONVIVENCIA_WORKSPACE o data/demo.gpkg)",
    },
    "hotspots.method": {"en": "the method", "es": "el método"},
    "hotspots.out": {
        "en": "the result: FILE.geojson, .csv, .gpkg or .parquet",
        "es": "el resultado: ARCHIVO.geojson, .csv, .gpkg o .parquet",
    },
    "hotspots.top_out": {
        "en": "also write the top hot spots as zone polygons (rank, description and the table's columns): .geojson, .csv, .gpkg or .parquet",
        "es": "escribe además los principales puntos calientes como polígonos de zona (rango, descripción y las columnas de la tabla): .geojson, .csv, .gpkg o .parquet",
    },
    "hotspots.cell_size": {
        "en": "metres (default: chosen from the data)",
        "es": "metros (por defecto: se elige a partir de los datos)",
    },
    "hotspots.distance": {
        "en": "neighbourhood distance in metres (default: first peak of spatial autocorrelation)",
        "es": "distancia de vecindad en metros (por defecto: primer pico de la autocorrelación espacial)",
    },
    "hotspots.shape": {"en": "cell shape", "es": "forma de las celdas"},
    "hotspots.weight": {
        "en": "count incidents, or weigh each by its category's harm",
        "es": "contar incidentes, o ponderar cada uno por el daño de su categoría",
    },
    "hotspots.category": {
        "en": "keep only these categories: codes ({codes}) or their Spanish or English names, any case",
        "es": "conservar solo estas categorías: códigos ({codes}) o sus nombres en español o inglés, sin importar mayúsculas",
    },
    "hotspots.since": {
        "en": "first date, YYYY-MM-DD or DD/MM/YYYY",
        "es": "primera fecha, AAAA-MM-DD o DD/MM/AAAA",
    },
    "hotspots.until": {
        "en": "last date, YYYY-MM-DD or DD/MM/YYYY",
        "es": "última fecha, AAAA-MM-DD o DD/MM/AAAA",
    },
    "hotspots.no_fdr": {
        "en": "no false discovery rate correction",
        "es": "sin corrección por tasa de falsos descubrimientos",
    },
    "hotspots.units": {
        "en": "lisa: cells, or neighbourhoods (incidents per 100,000 residents a year)",
        "es": "lisa: celdas, o barrios (incidentes por 100.000 habitantes al año)",
    },
    "hotspots.bandwidth": {
        "en": "kde: search radius in metres",
        "es": "kde: radio de búsqueda en metros",
    },
    "hotspots.per_resident": {
        "en": "kde: per 100,000 residents a year",
        "es": "kde: por 100.000 habitantes al año",
    },
    "hotspots.eps": {
        "en": "dbscan: search distance, metres",
        "es": "dbscan: distancia de búsqueda, metros",
    },
    "hotspots.min_samples": {
        "en": "dbscan: minimum incidents",
        "es": "dbscan: mínimo de incidentes",
    },
    "hotspots.permutations": {
        "en": "lisa: conditional permutations of the pseudo p-values (default 999)",
        "es": "lisa: permutaciones condicionales de los pseudo valores p (por defecto 999)",
    },
    "hotspots.min_cluster_size": {
        "en": "hdbscan: smallest cluster",
        "es": "hdbscan: conglomerado más pequeño",
    },
    "hotspots.time_step": {
        "en": "emerging: M months, Q quarters, Y years",
        "es": "emerging: M meses, Q trimestres, Y años",
    },
    "hotspots.top": {
        "en": "how many top hot spots to print and write",
        "es": "cuántos de los principales puntos calientes mostrar y escribir",
    },
    "hotspots.columns": {
        "en": """\
columns of --out (EPSG:4326; CSV has the geometry as WKT in `wkt`):
  gi        cell_i, cell_j, value (incidents or harm units over the period),
            n_neighbors, gi_z, gi_p, gi_bin (-3..3: cold/hot at 99/95/90 %
            confidence, 0 not significant), gi_label
  lisa      cells: cell_i, cell_j, value, n_neighbors, lisa_i, lisa_p, lisa_q
            (1 HH, 2 LH, 3 LL, 4 HL), lisa_label; --units neighborhoods: the
            neighbourhoods' columns + incidents, rate_100k (a year),
            n_neighbors, lisa_i, lisa_p, lisa_q, lisa_label
  kde       one row per densest area: level (0.05/0.10/0.25 of the study area),
            area_id, threshold, peak (per km² over the period, or per 100,000
            residents a year), area_km2, incidents (held), share
  dbscan,   one row per cluster: cluster, n_incidents, harm, top_categories,
  hdbscan   dominant_category, first_date, last_date, area_km2, nearest_space,
            nearest_space_m
  emerging  cell_i, cell_j, total, category (17 patterns), category_label,
            trend_z, trend_p, trend_tau, count_trend_z, count_trend_p,
            n_hot_steps, n_cold_steps, final_bin, hot_since, cold_since
--top-out: rank, description, area, then the columns of top_hotspots
  (models/hotspots.py): n_incidents, harm, confidence, trend, measure, ...
""",
        "es": """\
columnas de --out (EPSG:4326; el CSV lleva la geometría como WKT en `wkt`):
  gi        cell_i, cell_j, value (incidentes o unidades de daño en el periodo),
            n_neighbors, gi_z, gi_p, gi_bin (-3..3: frío/caliente con 99/95/90 %
            de confianza, 0 no significativo), gi_label
  lisa      celdas: cell_i, cell_j, value, n_neighbors, lisa_i, lisa_p, lisa_q
            (1 AA, 2 BA, 3 BB, 4 AB), lisa_label; --units neighborhoods: las
            columnas de los barrios + incidents, rate_100k (al año),
            n_neighbors, lisa_i, lisa_p, lisa_q, lisa_label
  kde       una fila por área más densa: level (0,05/0,10/0,25 del área de
            estudio), area_id, threshold, peak (por km² en el periodo, o por
            100.000 habitantes al año), area_km2, incidents (contenidos), share
  dbscan,   una fila por conglomerado: cluster, n_incidents, harm, top_categories,
  hdbscan   dominant_category, first_date, last_date, area_km2, nearest_space,
            nearest_space_m
  emerging  cell_i, cell_j, total, category (17 patrones), category_label,
            trend_z, trend_p, trend_tau, count_trend_z, count_trend_p,
            n_hot_steps, n_cold_steps, final_bin, hot_since, cold_since
--top-out: rank, description, area, y las columnas de top_hotspots
  (models/hotspots.py): n_incidents, harm, confidence, trend, measure, ...
""",
    },
    # -- placeholders of the arguments in the usage line ---------------------------
    "metavar.file": {"en": "FILE", "es": "ARCHIVO"},
    "metavar.date": {"en": "DATE", "es": "FECHA"},
    "metavar.metres": {"en": "METRES", "es": "METROS"},
    "metavar.n": {"en": "N", "es": "N"},
    "metavar.workspace": {"en": "WORKSPACE", "es": "ESPACIO"},
    "metavar.city": {"en": "CITY", "es": "CIUDAD"},
    # -- argument errors (raised by the argument types) ---------------------------
    "bad_date": {
        "en": "{text!r} is not a date (use YYYY-MM-DD or DD/MM/YYYY)",
        "es": "{text!r} no es una fecha (use AAAA-MM-DD o DD/MM/AAAA)",
    },
    "bad_number": {"en": "{text!r} is not a number", "es": "{text!r} no es un número"},
    "not_positive": {"en": "{text!r} must be positive", "es": "{text!r} debe ser positivo"},
    "bad_category": {
        "en": "{text!r} is not a category; use a code ({codes}) or its Spanish or English name",
        "es": "{text!r} no es una categoría; use un código ({codes}) o su nombre en español o inglés",
    },
}

#: argparse's own words in Spanish (its messages are gettext ids; English is the id itself).
ARGPARSE_ES: dict[str, str] = {
    "usage: ": "uso: ",
    "positional arguments": "argumentos posicionales",
    "options": "opciones",
    "show this help message and exit": "muestra esta ayuda y termina",
    "argument %(argument_name)s: %(message)s": "argumento %(argument_name)s: %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "opción no válida: %(value)r (elija entre %(choices)s)",
    "invalid %(type)s value: %(value)r": "valor %(type)s no válido: %(value)r",
    "unrecognized arguments: %s": "argumentos no reconocidos: %s",
    "the following arguments are required: %s": "faltan los argumentos obligatorios: %s",
    "one of the arguments %s is required": "se necesita uno de los argumentos %s",
    "not allowed with argument %s": "no se permite junto con el argumento %s",
    "expected one argument": "se esperaba un argumento",
    "expected at most one argument": "se esperaba como máximo un argumento",
    "expected at least one argument": "se esperaba al menos un argumento",
    "expected %s argument": "se esperaba %s argumento",
    "expected %s arguments": "se esperaban %s argumentos",
    "ambiguous option: %(option)s could match %(matches)s": "opción ambigua: %(option)s podría ser %(matches)s",
    "ignored explicit argument %r": "se ignoró el argumento explícito %r",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "comando desconocido %(parser_name)r (opciones: %(choices)s)",
    "%(prog)s: error: %(message)s\n": "%(prog)s: error: %(message)s\n",
}
