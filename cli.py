"""Convivencia from the shell: the same engine as the app.

Usage::

    python cli.py demo --out data/demo.gpkg [--seed N] [--scale small|full]
    python cli.py validate FILE --layer LAYER [--workspace W.gpkg] [--crs EPSG:9377]
    python cli.py import FILE --layer LAYER --workspace W.gpkg [--allow-invalid-rows]
        [--replace | --append]
    python cli.py import --history --workspace W.gpkg
    python cli.py hotspots --workspace W.gpkg --method {gi,lisa,kde,dbscan,hdbscan,emerging}
        [--cell-size M] [--distance M] [--shape square|hex] [--weight count|harm]
        [--category C ...] [--since D] [--until D] --out FILE [--top-out FILE]

Exit codes: 0 success (a valid file), 1 invalid input (one report line per
problem on standard output; for ``hotspots``: a missing workspace or layer,
or too few incidents), 2 usage error (bad arguments, missing file).

``hotspots`` writes the method's result (one row per cell, neighbourhood,
density area or cluster; the columns are listed in ``--help`` and in
``models/hotspots.py``) in EPSG:4326 in any format the Data page offers
(``.geojson``, ``.csv`` with the geometry as WKT, ``.gpkg``, ``.parquet``:
:func:`geo.export.layer_bytes`); ``--top-out`` writes the top hot spots as
zone polygons (:func:`models.hotspots.top_table`). It prints the scale chosen
and why, and the top hot spots in plain words.

One language per run: every word (help, messages, errors, argparse's own)
comes from this module's catalogues or the models' (``geo/messages.py``,
``models/messages.py``) in Spanish or English, and every number goes through
:func:`geo.messages.localize_number`. ``--lang`` may come before or after the
subcommand; the default is ``CONVIVENCIA_LANGUAGE`` or Spanish.
``CONVIVENCIA_WORKSPACE`` is the default ``--workspace``. ``--category``
takes the codes or the Spanish and English names in any case, and
``--since``/``--until`` ISO or day-first dates, as the file readers do.
Piping the output into ``head`` ends quietly.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import string
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from geo import schema, settings
from geo.errors import ConvivenciaError
from geo.messages import localize_number
from models import options

if TYPE_CHECKING:
    from geo.export import Format

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2

_TEXT = {
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

#: Help texts of the parser (``--lang`` chooses the language before the parser is built).
_HELP = {
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

#: The placeholder (``metavar.*`` of ``_HELP``) of each argument, by its ``dest``.
_METAVARS = {
    "file": "metavar.file",
    "out": "metavar.file",
    "top_out": "metavar.file",
    "workspace": "metavar.workspace",
    "city": "metavar.city",
    "since": "metavar.date",
    "until": "metavar.date",
    "cell_size": "metavar.metres",
    "distance": "metavar.metres",
    "bandwidth": "metavar.metres",
    "eps": "metavar.metres",
    "seed": "metavar.n",
    "min_samples": "metavar.n",
    "min_cluster_size": "metavar.n",
    "top": "metavar.n",
}

#: argparse's own words in Spanish (its messages are gettext ids; English is the id itself).
_ARGPARSE_ES = {
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

#: The choices of ``hotspots``, from :mod:`models.options` (light: the other commands do not
#: import the analysis).
HOTSPOT_METHODS = options.METHODS
HOTSPOT_TIME_STEPS = options.TIME_STEPS
#: Columns of ``cli.py hotspots --out`` per method (``--help`` epilog), in English.
HOTSPOT_COLUMNS = _HELP["hotspots.columns"]["en"]


class _Numbers(string.Formatter):
    """``str.format`` whose numbers take the separators of one language (``{n:,}`` -> 1.234)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def format_field(self, value: object, format_spec: str) -> str:
        text = super().format_field(value, format_spec)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return localize_number(text, self.lang)
        return text


def _say(key: str, lang: str, **params: object) -> str:
    return _Numbers(lang).format(_TEXT[key][lang], **params)


def _help(key: str, lang: str, **params: object) -> str:
    return _Numbers(lang).format(_HELP[key][lang], **params)


def _language(argv: Sequence[str]) -> str:
    """The ``--lang`` of a command line, wherever it is (before or after the command)."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        value = None
        if arg == "--lang" and i + 1 < len(argv):
            value = argv[i + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        if value in ("es", "en"):
            return value
    return settings.language


@contextlib.contextmanager
def _argparse_words(lang: str) -> Iterator[None]:
    """Give argparse's own words (usage, errors, section titles) the language of the run."""
    if lang != "es":
        yield
        return
    words = vars(argparse)  # the module's own namespace: its gettext functions are looked up there
    saved = words["_"], words["ngettext"]

    def gettext(message: str) -> str:
        return _ARGPARSE_ES.get(message, message)

    def ngettext(singular: str, plural: str, n: int) -> str:
        return gettext(singular if n == 1 else plural)

    words["_"], words["ngettext"] = gettext, ngettext
    try:
        yield
    finally:
        words["_"], words["ngettext"] = saved


def _parser(lang: str = "en") -> argparse.ArgumentParser:
    """The command line's parser, every help text in ``lang``."""

    def h(key: str, **params: object) -> str:
        return _help(key, lang, **params)

    parser = argparse.ArgumentParser(prog="cli.py", description=h("description"))
    parser.add_argument("--lang", choices=("es", "en"), default=None, help=h("lang"))
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = sub.add_parser("demo", help=h("demo"), description=h("demo"))
    demo.add_argument("--out", type=Path, required=True, help=h("demo.out"))
    demo.add_argument(
        "--seed", type=int, default=None, help=h("demo.seed", seed=settings.demo_seed)
    )
    demo.add_argument("--scale", choices=("small", "full"), default="full", help=h("demo.scale"))

    layers = ", ".join(schema.LAYERS)
    validate = sub.add_parser("validate", help=h("validate"), description=h("validate"))
    validate.add_argument("file", type=Path, help=h("validate.file"))
    validate.add_argument(
        "--layer", required=True, choices=schema.LAYERS, help=h("layer", layers=layers)
    )
    validate.add_argument("--workspace", type=Path, default=None, help=h("validate.workspace"))
    validate.add_argument("--crs", default=None, help=h("crs"))

    imp = sub.add_parser("import", help=h("import"), description=h("import.description"))
    imp.add_argument("file", type=Path, nargs="?", help=h("import.file"))
    imp.add_argument("--layer", choices=schema.LAYERS, help=h("layer", layers=layers))
    imp.add_argument("--workspace", type=Path, default=None, help=h("import.workspace"))
    imp.add_argument("--crs", default=None, help=h("crs"))
    imp.add_argument("--allow-invalid-rows", action="store_true", help=h("import.allow_invalid"))
    when_there = imp.add_mutually_exclusive_group()
    when_there.add_argument(
        "--replace", dest="mode", action="store_const", const="replace", help=h("import.replace")
    )
    when_there.add_argument(
        "--append", dest="mode", action="store_const", const="append", help=h("import.append")
    )
    imp.add_argument("--history", action="store_true", help=h("import.history"))
    imp.add_argument("--city", default=None, help=h("import.city"))
    _hotspots_parser(sub, lang)
    for command in sub.choices.values():
        # global options work after the command too (the command's value wins)
        command.add_argument(
            "--lang", choices=("es", "en"), default=argparse.SUPPRESS, help=h("lang")
        )
        # placeholders in the run's language ("--since FECHA")
        for action in command._actions:
            if action.dest in _METAVARS and action.choices is None:
                action.metavar = h(_METAVARS[action.dest])
    return parser


def _date_type(lang: str) -> Callable[[str], date]:
    def parse(text: str) -> date:
        """A date as the file readers read it: ISO, or day first (31/12/2024, 31-12-2024)."""
        import numpy as np
        import pandas as pd

        from geo.validation import _parse_datetimes  # the readers' own date parser

        stamp = _parse_datetimes(pd.Series([text], dtype=object), tz=settings.timezone).values[0]
        if np.isnat(stamp):
            raise argparse.ArgumentTypeError(_help("bad_date", lang, text=text))
        return pd.Timestamp(stamp).date()

    return parse


def _positive_type(lang: str) -> Callable[[str], float]:
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(_help("bad_number", lang, text=text)) from exc
        if not value > 0:
            raise argparse.ArgumentTypeError(_help("not_positive", lang, text=text))
        return value

    return parse


def _category_type(lang: str) -> Callable[[str], str]:
    def parse(text: str) -> str:
        """A category code from its code or its Spanish or English name (``geo.schema``'s aliases)."""
        code = schema.parse_category(text)
        if code is None:
            codes = ", ".join(schema.CATEGORIES)
            raise argparse.ArgumentTypeError(_help("bad_category", lang, text=text, codes=codes))
        return code

    return parse


def _hotspots_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser], lang: str) -> None:
    def h(key: str, **params: object) -> str:
        return _help(key, lang, **params)

    positive = _positive_type(lang)
    when = _date_type(lang)
    hot = sub.add_parser(
        "hotspots",
        help=h("hotspots"),
        description=h("hotspots.description"),
        epilog=h("hotspots.columns"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    hot.add_argument(
        "--workspace", type=Path, default=settings.workspace, help=h("hotspots.workspace")
    )
    hot.add_argument("--method", required=True, choices=HOTSPOT_METHODS, help=h("hotspots.method"))
    hot.add_argument("--out", type=Path, required=True, help=h("hotspots.out"))
    hot.add_argument("--top-out", type=Path, default=None, help=h("hotspots.top_out"))
    hot.add_argument("--cell-size", type=positive, default=None, help=h("hotspots.cell_size"))
    hot.add_argument("--distance", type=positive, default=None, help=h("hotspots.distance"))
    # the method's options default to None: only those given reach the spec, which refuses
    # the ones its method does not take (models.hotspots.specs.spec_for)
    hot.add_argument("--shape", choices=("square", "hex"), default=None, help=h("hotspots.shape"))
    hot.add_argument("--weight", choices=("count", "harm"), default=None, help=h("hotspots.weight"))
    hot.add_argument(
        "--category",
        action="extend",
        nargs="+",
        type=_category_type(lang),
        default=None,
        metavar="C",
        help=h("hotspots.category", codes=", ".join(schema.CATEGORIES)),
    )
    hot.add_argument("--since", type=when, default=None, help=h("hotspots.since"))
    hot.add_argument("--until", type=when, default=None, help=h("hotspots.until"))
    hot.add_argument(
        "--no-fdr", dest="fdr", action="store_const", const=False, help=h("hotspots.no_fdr")
    )
    hot.add_argument("--units", choices=options.UNITS, default=None, help=h("hotspots.units"))
    hot.add_argument("--bandwidth", type=positive, default=None, help=h("hotspots.bandwidth"))
    hot.add_argument(
        "--per-resident", action="store_const", const=True, help=h("hotspots.per_resident")
    )
    hot.add_argument("--eps", type=positive, default=None, help=h("hotspots.eps"))
    hot.add_argument("--min-samples", type=int, default=None, help=h("hotspots.min_samples"))
    hot.add_argument("--permutations", type=int, default=None, help=h("hotspots.permutations"))
    hot.add_argument(
        "--min-cluster-size", type=int, default=None, help=h("hotspots.min_cluster_size")
    )
    hot.add_argument(
        "--time-step",
        choices=HOTSPOT_TIME_STEPS,
        default=None,
        help=h("hotspots.time_step"),
    )
    hot.add_argument("--top", type=int, default=10, help=h("hotspots.top"))


def _print_report(report: object, lang: str) -> None:
    from geo.validation import Report

    assert isinstance(report, Report)
    other = sum(1 for p in report.problems if p.severity != "error")
    print(
        _say(
            "summary",
            lang,
            file=report.file,
            rows=report.n_rows,
            layer=report.layer,
            valid=report.n_valid,
            invalid=len(report.invalid_rows),
            other=other,
        )
    )
    for line in report.lines(lang):
        print(line)


def _cmd_demo(args: argparse.Namespace, lang: str) -> int:
    from data.generator import write_demo

    t0 = time.perf_counter()
    ws = write_demo(args.out, seed=args.seed, scale=args.scale)
    counts = ", ".join(
        f"{row.layer} {localize_number(f'{row.rows:,}', lang)}"
        for row in ws.layer_info().itertuples()
    )
    seed = args.seed if args.seed is not None else settings.demo_seed
    print(
        _say(
            "demo",
            lang,
            scale=args.scale,
            seed=str(seed),
            out=args.out,
            seconds=time.perf_counter() - t0,
            counts=counts,
        )
    )
    return EXIT_OK


def _cmd_validate(args: argparse.Namespace, lang: str) -> int:
    from geo.importer import reference_layers
    from geo.readers import read_layer
    from geo.workspace import Workspace

    if not args.file.exists():
        print(_say("no_file", lang, file=args.file), file=sys.stderr)
        return EXIT_USAGE
    ws = Workspace(args.workspace) if args.workspace is not None else None
    result = read_layer(
        args.file, args.layer, reference=reference_layers(ws, args.layer), crs=args.crs
    )
    _print_report(result.report, lang)
    return EXIT_OK if result.report.ok else EXIT_INVALID


def _cmd_import(args: argparse.Namespace, lang: str) -> int:
    import os

    from geo.importer import import_file
    from geo.messages import IMPORT_MESSAGES, IMPORT_MODES, say
    from geo.workspace import Workspace

    workspace = args.workspace or os.environ.get("CONVIVENCIA_WORKSPACE")
    if not workspace:
        print(say(IMPORT_MESSAGES, "no_workspace", lang), file=sys.stderr)
        return EXIT_USAGE
    if args.history:
        ws = Workspace(workspace)
        history = ws.history()
        key = "history_title" if len(history) else "history_empty"
        print(say(IMPORT_MESSAGES, key, lang, workspace=workspace))
        for row in history.itertuples():
            print(
                say(
                    IMPORT_MESSAGES,
                    "history_row",
                    lang,
                    when=str(row.imported_at).replace("T", " ")[:16],
                    layer=row.layer,
                    file=row.source_file,
                    sha=str(row.source_sha256)[:12] or "-",
                    mode=IMPORT_MODES.get(str(row.mode), {}).get(lang, row.mode),
                    added=int(row.rows_added),
                    replaced=int(row.rows_replaced),
                    rejected=int(row.rows_rejected),
                    skipped=int(row.rows_skipped),
                    after=int(row.rows_after),
                )
            )
        return EXIT_OK
    if args.file is None:
        print(say(IMPORT_MESSAGES, "no_file", lang), file=sys.stderr)
        return EXIT_USAGE
    if args.layer is None:
        layers = ", ".join(schema.LAYERS)
        print(say(IMPORT_MESSAGES, "no_layer", lang, layers=layers), file=sys.stderr)
        return EXIT_USAGE
    if not args.file.exists():
        print(_say("no_file", lang, file=args.file), file=sys.stderr)
        return EXIT_USAGE
    result = import_file(
        args.file,
        args.layer,
        workspace,
        mode=args.mode,
        crs=args.crs,
        allow_invalid_rows=args.allow_invalid_rows,
        city_name=args.city,
    )
    _print_report(result.report, lang)
    facts = {"layer": args.layer, "workspace": workspace, "ids": ", ".join(result.skipped_ids)}
    if result.reason == "layer_exists":
        print(
            say(
                IMPORT_MESSAGES,
                "layer_exists",
                lang,
                existing=result.existing,
                incoming=result.rows,
                new=result.rows - result.skipped,
                duplicates=result.skipped,
                **facts,
            ),
            file=sys.stderr,
        )
        return EXIT_INVALID
    if not result.imported:
        invalid = len(result.report.invalid_rows)
        print(
            _say(result.reason, lang, invalid=invalid, valid=result.report.n_valid), file=sys.stderr
        )
        return EXIT_INVALID
    assert result.workspace is not None
    facts["hash"] = result.workspace.content_hash[:12]
    counts = {"added": result.added, "replaced": result.replaced, "skipped": result.skipped}
    if result.mode == "append" and not result.added:
        print(say(IMPORT_MESSAGES, "nothing_new", lang, **counts, **facts))
        return EXIT_OK
    key = {"new": "imported_new", "replace": "replaced", "append": "appended"}[result.mode]
    after = int(result.workspace.history(args.layer)["rows_after"].iloc[-1])
    print(say(IMPORT_MESSAGES, key, lang, after=after, **counts, **facts))
    if result.skipped:
        print(say(IMPORT_MESSAGES, "skipped", lang, **counts, **facts))
    return EXIT_OK


def _output_format(path: Path) -> Format | None:
    """The ``geo.export`` format a file name asks for, or ``None``."""
    from geo.export import FORMAT_CODES, FORMATS

    suffix = path.suffix.lower()
    return next((fmt for fmt in FORMAT_CODES if FORMATS[fmt][0] == suffix), None)


def _write(path: Path, data: bytes) -> None:
    """Write beside, then rename: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


#: The flags of the hot-spot options, by the spec's option name (``--help`` names them so).
HOTSPOT_FLAGS = {
    "cell_size": "--cell-size",
    "distance": "--distance",
    "shape": "--shape",
    "weight": "--weight",
    "fdr": "--no-fdr",
    "units": "--units",
    "permutations": "--permutations",
    "bandwidth": "--bandwidth",
    "per_resident": "--per-resident",
    "eps": "--eps",
    "min_samples": "--min-samples",
    "min_cluster_size": "--min-cluster-size",
    "time_step": "--time-step",
}


def _cmd_hotspots(args: argparse.Namespace, lang: str) -> int:
    from geo.errors import TooFewIncidents, TooManyIncidents
    from geo.export import FORMATS, layer_bytes
    from geo.workspace import Workspace
    from models.hotspots import (
        Filters,
        InapplicableOption,
        describe,
        explain,
        run_hotspots,
        spec_for,
        top_hotspots,
        top_table,
    )
    from models.messages import METHOD_NAMES

    formats = ", ".join(ext for ext, _ in FORMATS.values())
    outs = [args.out] + ([args.top_out] if args.top_out is not None else [])
    written: list[tuple[Path, Format]] = []
    for out in outs:
        fmt = _output_format(out)
        if fmt is None:
            print(_say("hotspots_out", lang, out=out, formats=formats), file=sys.stderr)
            return EXIT_USAGE
        written.append((out, fmt))
    if args.since is not None and args.until is not None and args.since > args.until:
        print(_say("hotspots_dates", lang, since=args.since, until=args.until), file=sys.stderr)
        return EXIT_USAGE
    given = {k: getattr(args, k) for k in HOTSPOT_FLAGS if getattr(args, k) is not None}
    try:
        spec = spec_for(args.method, **given)
    except InapplicableOption as exc:
        flags = ", ".join(HOTSPOT_FLAGS[o] for o in exc.options)
        allowed = ", ".join(HOTSPOT_FLAGS[o] for o in exc.allowed if o in HOTSPOT_FLAGS)
        key = "hotspots_inapplicable" + ("_many" if len(exc.options) > 1 else "")
        msg = _say(key, lang, given=flags, method=args.method, allowed=allowed)
        print(msg, file=sys.stderr)
        return EXIT_USAGE
    except ValueError as exc:
        print(_say("hotspots_failed", lang, error=exc), file=sys.stderr)
        return EXIT_USAGE
    if not Path(args.workspace).exists():
        print(_say("hotspots_no_workspace", lang, workspace=args.workspace), file=sys.stderr)
        return EXIT_INVALID
    ws = Workspace(args.workspace)
    for layer in spec.required_layers():
        if not ws.has(layer):
            why = _say(f"hotspots_why_{layer}", lang)
            msg = _say("hotspots_no_layer", lang, workspace=args.workspace, layer=layer, why=why)
            print(msg, file=sys.stderr)
            return EXIT_INVALID
    layers = {
        name: ws.read(name) if ws.has(name) else None
        for name in ("incidents", "neighborhoods", "public_spaces")
    }
    try:
        filters = Filters.of(args.category, args.since, args.until)
        result = run_hotspots(layers, spec, filters=filters, crs=ws.projected_crs)
    except TooFewIncidents as exc:
        print(_say("hotspots_too_few", lang, n=exc.n, need=exc.need), file=sys.stderr)
        return EXIT_INVALID
    except TooManyIncidents as exc:
        print(_say("hotspots_too_many", lang, n=exc.n, limit=exc.limit), file=sys.stderr)
        return EXIT_INVALID
    except ValueError as exc:
        print(_say("hotspots_failed", lang, error=exc), file=sys.stderr)
        return EXIT_INVALID
    top = top_hotspots(result, layers["public_spaces"], layers["neighborhoods"], n=args.top)
    # write first: a reader that stops early (`| head`) must not cost the files
    (out, fmt), *top_out = written
    _write(out, layer_bytes(result.frame, fmt, layer=f"hotspots_{args.method}"))
    for path, top_fmt in top_out:
        table = top_table(top, lang)
        _write(path, layer_bytes(table, top_fmt, layer=f"top_hotspots_{args.method}"))
    print(
        _say(
            "hotspots_why",
            lang,
            method=METHOD_NAMES[args.method][lang],
            n=len(result.incidents),
            start=result.start.isoformat(),
            end=result.end.isoformat(),
            why=explain(result, lang),
        )
    )
    print(_say("hotspots_top" if len(top) else "hotspots_none", lang))
    for _, row in top.iterrows():
        print(f"{int(row['rank']):>3}. {describe(row, lang)}")
    print(_say("hotspots_wrote", lang, rows=len(result.frame), out=args.out))
    if args.top_out is not None:
        print(_say("hotspots_wrote", lang, rows=len(top), out=args.top_out))
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code.

    ``--lang`` is read first, wherever it is, and the parser is built in
    that language, so that help, usage and argument errors follow it.
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = _language(argv)
    with _argparse_words(lang):
        args = _parser(lang).parse_args(argv)
    lang = getattr(args, "lang", None) or lang
    commands = {
        "demo": _cmd_demo,
        "validate": _cmd_validate,
        "import": _cmd_import,
        "hotspots": _cmd_hotspots,
    }
    try:
        return commands[args.command](args, lang)
    except ConvivenciaError as exc:
        print(_say("error", lang, error=exc), file=sys.stderr)
        return EXIT_INVALID


def _entry() -> int:
    """:func:`main` for the shell: a reader that closes the pipe (``| head``) ends it quietly."""
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:
        # Python's advice: point stdout at devnull so the flush at exit does not fail again
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    return code


if __name__ == "__main__":
    sys.exit(_entry())
