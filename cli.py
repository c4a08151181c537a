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
    python cli.py recommend parks|neighborhoods --workspace W.gpkg --out FILE ...
    python cli.py trends --workspace W.gpkg [--area KIND:ID] [--since D] [--until D]
        [--category C ...] [--step month|week] [--measure count|harm] [--months N]
        [--days DAYS.csv] --out FOLDER|FILE.zip|FILE.gpkg
    python cli.py territories evaluate --workspace W.gpkg [--balance B] [--months N]
        [--until D] [--barrios FILE] [--no-hotspots] --out FILE
    python cli.py territories propose --workspace W.gpkg --teams K [--balance B]
        [--compactness L] [--lock ID ...] [--from-current] [--seed N] [--max-moves M]
        --out FILE
    python cli.py evaluate --workspace W.gpkg [--treatment territories|programs]
        [--component C ...] [--outcome CATEGORY|GROUP|all] [--step Q|M] [--since D]
        [--until D] [--permutations N] [--seed N] --out FILE.csv [--json FILE]
        [--barrios FILE]
    python cli.py user add|list|remove|passwd|role [NAME] [--role R] [--workspace W]
    python cli.py publish --workspace W [--period P] [--min-count K] [--out DIR]
    python cli.py briefing --workspace W --period P --lang es|en --out FILE.pdf
    python cli.py db public-role ROLE --workspace postgresql://... [--password-stdin]
    python cli.py batch hotspots --input FILE.parquet|DIR --by city --method M
        [--workers N | --scheduler ADDRESS] [--tile-incidents N] --out DIR

A workspace ``W`` is a GeoPackage (``W.gpkg``) or a PostGIS database
(``postgresql://user@host:port/db``; ``geo.stores``).

Exit codes: 0 success (a valid file), 1 invalid input (one report line per
problem on standard output; for ``hotspots``: a missing workspace or layer,
or too few incidents), 2 usage error (bad arguments, missing file).

``hotspots`` writes the method's result (one row per cell, neighbourhood,
density area or cluster; the columns are listed in ``--help`` and in
``models/hotspots.py``) in EPSG:4326 in any format the Data page offers
(``.geojson``, ``.csv`` with the geometry as WKT, ``.gpkg``, ``.parquet``:
:func:`geo.export.layer_bytes`); ``--top-out`` writes the top hot spots as
zone polygons (:func:`models.hotspots.top_table`). It prints the scale chosen
and why, and the top hot spots in plain words. ``trends`` writes six tables
(:func:`models.trends_text.tables`: the series, the homicide rate, the
weekly rhythm, the busiest days, the period comparison, the Knox table) as
CSV files in a folder, a ZIP of them, or one GeoPackage, and prints what
they say.

One language per run: every word (help, messages, errors, argparse's own)
comes from the one catalogue (``catalog/cli.py`` for the command line's own,
``catalog/validation.py`` and ``catalog/models.py`` for the problems and the
results) in Spanish or English, said by :func:`catalog.say.say`, and every
number goes through :func:`catalog.say.number`. ``--lang`` may come before or after the
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
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from catalog.cli import ARGPARSE_ES
from catalog.say import CATALOG, number, say
from geo import schema, settings
from geo.errors import ConvivenciaError
from geo.stores import Location, as_location, redacted
from models import options

if TYPE_CHECKING:
    from geo.export import Format
    from geo.workspace import Workspace
    from models.briefing import Period
    from models.territories import Headline, ProposalSpec, TerritorySpec

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2

#: The placeholder (``cli.help.metavar.*`` of the catalogue) of each argument, by its ``dest``.
_METAVARS = {
    "file": "metavar.file",
    "out": "metavar.file",
    "json": "metavar.file",
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
    "permutations": "metavar.n",
    "min_cluster_size": "metavar.n",
    "top": "metavar.n",
    "radius": "metavar.metres",
    "reach": "metavar.metres",
    "budget": "metavar.money",
    "scenario": "metavar.name",
    "draws": "metavar.n",
    "barrios": "metavar.file",
    "teams": "metavar.n",
    "max_moves": "metavar.n",
    "months": "metavar.n",
}

#: The choices of ``hotspots``, from :mod:`models.options` (light: the other commands do not
#: import the analysis).
HOTSPOT_METHODS = options.METHODS
HOTSPOT_TIME_STEPS = options.TIME_STEPS
#: Columns of ``cli.py hotspots --out`` per method (``--help`` epilog), in English.
HOTSPOT_COLUMNS = CATALOG["cli.help.hotspots.columns"]["en"]


def _say(key: str, lang: str, **params: object) -> str:
    """The catalogue's ``cli.<key>`` in ``lang``."""
    return say(f"cli.{key}", lang, **params)


def _help(key: str, lang: str, **params: object) -> str:
    """The catalogue's ``cli.help.<key>`` in ``lang``."""
    return say(f"cli.help.{key}", lang, **params)


def _mode(mode: str, lang: str) -> str:
    """An import mode of the history in words (the Data page's ``data.mode.*``), else its code."""
    key = f"data.mode.{mode}"
    return say(key, lang) if key in CATALOG else mode


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
        return ARGPARSE_ES.get(message, message)

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
    demo.add_argument("--out", type=as_location, required=True, help=h("demo.out"))
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
    validate.add_argument(
        "--workspace", type=as_location, default=None, help=h("validate.workspace")
    )
    validate.add_argument("--crs", default=None, help=h("crs"))

    imp = sub.add_parser("import", help=h("import"), description=h("import.description"))
    imp.add_argument("file", type=Path, nargs="?", help=h("import.file"))
    imp.add_argument("--layer", choices=schema.LAYERS, help=h("layer", layers=layers))
    imp.add_argument("--workspace", type=as_location, default=None, help=h("import.workspace"))
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
    _recommend_parser(sub, lang)
    _trends_parser(sub, lang)
    _territories_parser(sub, lang)
    _evaluate_parser(sub, lang)
    _user_parser(sub, lang)
    _db_parser(sub, lang)
    _publish_parser(sub, lang)
    _briefing_parser(sub, lang)
    _batch_parser(sub, lang)
    commands = list(sub.choices.values())
    for command in list(commands):  # and after an action (`user add`, `territories propose`)
        for action in command._actions:
            if isinstance(action, argparse._SubParsersAction):
                commands += list(action.choices.values())
    for command in commands:
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
        day: date = pd.Timestamp(stamp).date()
        return day

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


def _method_options(hot: argparse.ArgumentParser, lang: str) -> None:
    """The hot-spot methods' options, shared by ``hotspots`` and ``batch hotspots``.

    Each defaults to None: only those given reach the spec, which refuses the
    ones its method does not take (models.hotspots.specs.spec_for).
    """

    def h(key: str, **params: object) -> str:
        return _help(key, lang, **params)

    positive = _positive_type(lang)
    when = _date_type(lang)
    hot.add_argument("--cell-size", type=positive, default=None, help=h("hotspots.cell_size"))
    hot.add_argument("--distance", type=positive, default=None, help=h("hotspots.distance"))
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
        "--time-step", choices=HOTSPOT_TIME_STEPS, default=None, help=h("hotspots.time_step")
    )


def _hotspots_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser], lang: str) -> None:
    def h(key: str, **params: object) -> str:
        return _help(key, lang, **params)

    hot = sub.add_parser(
        "hotspots",
        help=h("hotspots"),
        description=h("hotspots.description"),
        epilog=h("hotspots.columns"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    hot.add_argument(
        "--workspace", type=as_location, default=settings.workspace, help=h("hotspots.workspace")
    )
    hot.add_argument("--method", required=True, choices=HOTSPOT_METHODS, help=h("hotspots.method"))
    hot.add_argument("--out", type=Path, required=True, help=h("hotspots.out"))
    hot.add_argument("--top-out", type=Path, default=None, help=h("hotspots.top_out"))
    _method_options(hot, lang)
    hot.add_argument("--top", type=int, default=10, help=h("hotspots.top"))


def _weights_type(lang: str) -> Callable[[str], tuple[str, float]]:
    def parse(text: str) -> tuple[str, float]:
        """``NAME=WEIGHT``: one component's weight."""
        name, sep, value = text.partition("=")
        try:
            weight = float(value)
        except ValueError:
            weight = -1.0
        if not sep or not name or not weight >= 0:
            raise argparse.ArgumentTypeError(_help("recommend.bad_weight", lang, text=text))
        return name.strip(), weight

    return parse


def _recommend_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser], lang: str) -> None:
    from models.recommend.parks import COMPONENTS, DEMANDS, NORMALISATIONS

    def rh(key: str, **params: object) -> str:
        return _help(f"recommend.{key}", lang, **params)

    positive = _positive_type(lang)
    when = _date_type(lang)
    rec = sub.add_parser("recommend", help=rh("help"), description=rh("description"))
    what = rec.add_subparsers(dest="what", required=True, metavar="WHAT")
    parks = what.add_parser(
        "parks",
        help=rh("parks"),
        description=rh("parks.description"),
        epilog=rh("parks.columns"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    hoods = what.add_parser(
        "neighborhoods",
        help=rh("neighborhoods"),
        description=rh("neighborhoods.description"),
        epilog=rh("neighborhoods.columns"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    for command in (parks, hoods):
        command.add_argument(
            "--workspace", type=as_location, default=settings.workspace, help=rh("workspace")
        )
        command.add_argument("--out", type=Path, required=True, help=rh("out"))
        command.add_argument(
            "--normalise", choices=NORMALISATIONS, default="rank", help=rh("normalise")
        )
        command.add_argument("--until", type=when, default=None, help=rh("until"))
        command.add_argument(
            "--weight",
            dest="weights",
            action="append",
            type=_weights_type(lang),
            default=None,
            metavar="NAME=W",
            help=rh("weight"),
        )
    parks.add_argument("--budget", type=float, required=True, help=rh("budget"))
    parks.add_argument("--radius", type=positive, default=400.0, help=rh("radius"))
    parks.add_argument("--reach", type=positive, default=800.0, help=rh("reach"))
    parks.add_argument("--since", type=when, default=None, help=rh("since"))
    parks.add_argument("--per-comuna", action="store_true", help=rh("per_comuna"))
    parks.add_argument(
        "--must", nargs="+", action="extend", default=[], metavar="ID", help=rh("must")
    )
    parks.add_argument(
        "--exclude", nargs="+", action="extend", default=[], metavar="ID", help=rh("exclude")
    )
    parks.add_argument("--demand", choices=DEMANDS, default="harm", help=rh("demand"))
    parks.add_argument("--rings", action="store_true", help=rh("rings"))
    parks.add_argument("--scenario", default=None, help=rh("scenario"))
    parks.add_argument("--replace-scenario", action="store_true", help=rh("replace_scenario"))
    parks.set_defaults(components=COMPONENTS)
    hoods.add_argument("--top", type=int, default=10, help=rh("top"))
    hoods.add_argument("--walk", type=positive, default=800.0, help=rh("walk"))
    hoods.add_argument("--draws", type=int, default=1000, help=rh("draws"))
    hoods.add_argument("--seed", type=int, default=0, help=rh("seed"))


def _command(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], name: str, lang: str, *, epilog: str
) -> tuple[argparse.ArgumentParser, Callable[..., str]]:
    """A command whose help is ``cli.help.<name>.*`` (``help``, ``description``, the ``epilog``
    key, ``workspace``), with its ``--workspace``; and the lookup of its other help texts."""

    def words(key: str, **params: object) -> str:
        return _help(f"{name}.{key}", lang, **params)

    command = sub.add_parser(
        name,
        help=words("help"),
        description=words("description"),
        epilog=words(epilog),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    command.add_argument(
        "--workspace", type=as_location, default=settings.workspace, help=words("workspace")
    )
    return command, words


def _trends_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser], lang: str) -> None:
    from models.trends import MEASURES, STEPS

    when = _date_type(lang)
    trends, th = _command(sub, "trends", lang, epilog="files")
    trends.add_argument("--out", type=Path, required=True, help=th("out"))
    trends.add_argument("--area", default="city", metavar="KIND:ID", help=th("area"))
    trends.add_argument("--since", type=when, default=None, help=th("since"))
    trends.add_argument("--until", type=when, default=None, help=th("until"))
    trends.add_argument(
        "--category",
        nargs="+",
        action="extend",
        default=None,
        type=_category_type(lang),
        metavar="C",
        help=th("category", codes=", ".join(schema.CATEGORIES)),
    )
    trends.add_argument("--step", choices=STEPS, default="month", help=th("step"))
    trends.add_argument("--measure", choices=MEASURES, default="count", help=th("measure"))
    trends.add_argument("--months", type=int, default=3, help=th("months"))
    trends.add_argument(
        "--distance-band", type=_positive_type(lang), default=100.0, help=th("distance_band")
    )
    trends.add_argument("--time-band", type=int, default=7, help=th("time_band"))
    trends.add_argument("--permutations", type=int, default=99, help=th("permutations"))
    trends.add_argument("--days", type=Path, default=None, help=th("days"))


def _territories_parser(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], lang: str
) -> None:
    def th(key: str, **params: object) -> str:
        return _help(f"territories.{key}", lang, **params)

    when = _date_type(lang)
    terr = sub.add_parser("territories", help=th("help"), description=th("description"))
    what = terr.add_subparsers(dest="what", required=True, metavar="WHAT")
    evaluate = what.add_parser(
        "evaluate",
        help=th("evaluate"),
        description=th("evaluate"),
        epilog=th("evaluate.columns"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    propose = what.add_parser(
        "propose",
        help=th("propose"),
        description=th("propose"),
        epilog=th("propose.columns"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    for command in (evaluate, propose):
        command.add_argument(
            "--workspace", type=as_location, default=settings.workspace, help=th("workspace")
        )
        command.add_argument("--out", type=Path, required=True, help=th("out"))
        command.add_argument("--balance", default="workload", help=th("balance"))
        command.add_argument("--months", type=int, default=12, help=th("months"))
        command.add_argument("--until", type=when, default=None, help=th("until"))
    evaluate.add_argument("--barrios", type=Path, default=None, help=th("barrios"))
    evaluate.add_argument("--no-hotspots", action="store_true", help=th("no_hotspots"))
    propose.add_argument("--teams", type=int, required=True, help=th("teams"))
    propose.add_argument(
        "--compactness", type=float, default=options.DEFAULT_COMPACTNESS, help=th("compactness")
    )
    propose.add_argument(
        "--lock", nargs="+", action="extend", default=[], metavar="ID", help=th("lock")
    )
    propose.add_argument("--from-current", action="store_true", help=th("from_current"))
    propose.add_argument("--seed", type=int, default=0, help=th("seed"))
    propose.add_argument("--max-moves", type=int, default=None, help=th("max_moves"))


def _outcome_type(text: str) -> str:
    """An outcome: a group or ``all`` as written, a category from its code or its Spanish or
    English name (``--category``'s aliases); anything else is left for ``choices`` to refuse."""
    return schema.parse_category(text) or text.strip().lower()


def _evaluate_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser], lang: str) -> None:
    when = _date_type(lang)
    ev, eh = _command(sub, "evaluate", lang, epilog="columns")
    ev.add_argument("--out", type=Path, required=True, help=eh("out"))
    ev.add_argument("--json", type=Path, default=None, help=eh("json"))
    ev.add_argument("--barrios", type=Path, default=None, help=eh("barrios"))
    ev.add_argument(
        "--treatment", choices=options.TREATMENTS, default="territories", help=eh("treatment")
    )
    components = ", ".join(schema.COMPONENTS)
    ev.add_argument(
        "--component",
        nargs="+",
        action="extend",
        default=[],
        choices=tuple(schema.COMPONENTS),
        metavar="C",
        help=eh("component", choices=components),
    )
    outcomes = ("all", *options.OUTCOME_GROUPS, *schema.CATEGORIES)
    ev.add_argument(
        "--outcome",
        type=_outcome_type,
        choices=outcomes,
        default="violence",
        metavar="X",
        help=eh("outcome", choices=", ".join(outcomes)),
    )
    ev.add_argument("--step", choices=options.EVALUATION_STEPS, default="Q", help=eh("step"))
    ev.add_argument("--since", type=when, default=None, help=eh("since"))
    ev.add_argument("--until", type=when, default=None, help=eh("until"))
    ev.add_argument(
        "--permutations", type=int, default=options.DEFAULT_PERMUTATIONS, help=eh("permutations")
    )
    ev.add_argument("--seed", type=int, default=0, help=eh("seed"))


def _user_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser], lang: str) -> None:
    roles = schema.LOGIN_ROLES

    def uh(key: str, **params: object) -> str:
        return _help(f"user.{key}", lang, **params)

    user = sub.add_parser("user", help=uh("help"), description=uh("description"))
    what = user.add_subparsers(dest="what", required=True, metavar="ACTION")
    for action in ("add", "list", "remove", "passwd", "role"):
        command = what.add_parser(action, help=uh(action), description=uh(action))
        command.add_argument(
            "--workspace", type=as_location, default=settings.workspace, help=uh("workspace")
        )
        if action != "list":
            command.add_argument("name", metavar="NAME", help=uh("name"))
        if action in ("add", "role"):
            command.add_argument(
                "--role",
                choices=roles,
                required=True,
                help=uh("role_choice", roles=", ".join(roles)),
            )
        if action in ("add", "passwd"):
            command.add_argument("--password-stdin", action="store_true", help=uh("password_stdin"))
        if action == "add":
            command.add_argument("--sso", action="store_true", help=uh("sso"))


def _db_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser], lang: str) -> None:
    def dh(key: str) -> str:
        return _help(f"db.{key}", lang)

    db = sub.add_parser("db", help=dh("help"), description=dh("help"))
    what = db.add_subparsers(dest="what", required=True, metavar="ACTION")
    role = what.add_parser("public-role", help=dh("public_role"), description=dh("public_role"))
    role.add_argument("role", metavar="ROLE", help=dh("role"))
    role.add_argument("--workspace", default=str(settings.workspace), help=dh("workspace"))
    role.add_argument("--password-stdin", action="store_true", help=dh("password_stdin"))


def _cmd_db(args: argparse.Namespace, lang: str) -> int:
    """``db public-role ROLE``: the public page's read-only role (:func:`geo.stores.grant_public`)."""
    from sqlalchemy.engine import make_url

    from geo.stores import grant_public

    password = sys.stdin.readline().rstrip("\r\n") if args.password_stdin else None
    grant_public(args.workspace, args.role, password=password)  # a refusal is a WorkspaceError
    # parsed as SQLAlchemy parses it (grant_public accepted it): a password holding ? or # stays whole
    role_url = make_url(args.workspace).set(username=args.role, password=None)
    address = role_url.render_as_string(hide_password=False)  # it has no password to show
    print(_say("db.done", lang, role=args.role, workspace=shown(args.workspace), address=address))
    return EXIT_OK


def _password(args: argparse.Namespace, lang: str) -> str | None:
    """The new password: one line of standard input, or asked twice without echo."""
    import getpass

    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():  # no terminal: getpass would echo, or fail at the end of input
        print(_say("user.no_terminal", lang), file=sys.stderr)
        return None
    first = getpass.getpass(_say("user.password", lang, user=args.name))
    if getpass.getpass(_say("user.password_again", lang)) != first:
        print(_say("user.mismatch", lang), file=sys.stderr)
        return None
    return first


def _cmd_user(args: argparse.Namespace, lang: str) -> int:
    from catalog.say import error_text
    from geo import users
    from geo.errors import WorkspaceError
    from geo.workspace import Workspace

    try:
        ws = Workspace(args.workspace)
    except WorkspaceError as exc:
        print(_say("error", lang, error=exc), file=sys.stderr)
        return EXIT_INVALID
    try:
        if args.what == "list":
            table = users.list_users(ws)
            if not len(table):
                print(_say("user.none", lang))
            for row in table.itertuples(index=False):
                print(f"{row.name}\t{row.role}\t{row.created_at}\t{row.updated_at}")
            return EXIT_OK
        if args.what == "add" and args.sso:  # the city's identity provider signs them in
            users.add_sso_user(ws, args.name, args.role)
        elif args.what in ("add", "passwd"):
            password = _password(args, lang)
            if password is None:
                return EXIT_USAGE
            if args.what == "add":
                users.add_user(ws, args.name, args.role, password)
            else:
                users.set_password(ws, args.name, password)
        elif args.what == "remove":
            users.remove_user(ws, args.name)
        else:
            users.set_role(ws, args.name, args.role)
    except users.UserError as exc:
        print(_say("user.failed", lang, error=error_text(exc, "users", lang)), file=sys.stderr)
        return EXIT_INVALID
    role = getattr(args, "role", None)
    label = say(f"role.{role}", lang) if role else ""
    print(_say(f"user.done.{args.what}", lang, user=args.name.strip(), role=label))
    return EXIT_OK


def _publish_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser], lang: str) -> None:
    pub, ph = _command(sub, "publish", lang, epilog="files")
    pub.add_argument("--period", default="last-12-months", help=ph("period"))
    pub.add_argument("--step", choices=("M", "Q", "Y"), default="M", help=ph("step"))
    pub.add_argument(
        "--min-count", type=int, default=None, help=ph("min_count", k=settings.publish_min_count)
    )
    pub.add_argument(
        "--cell-m", type=float, default=None, help=ph("cell_m", cell=f"{settings.publish_cell_m:g}")
    )
    pub.add_argument("--out", type=Path, default=None, help=ph("out"))
    pub.add_argument("--by", default=None, help=ph("by"))
    pub.add_argument("--allow-overlap", action="store_true", help=ph("allow_overlap"))


def _period(text: str, ws: Workspace, lang: str) -> Period | None:
    """``--period`` (``last-12-months``: the last whole months of the workspace's data), or
    ``None`` after saying why not."""
    from catalog.say import error_text
    from geo import snapshots
    from models.briefing import BriefingError, parse_period

    last = snapshots.last_incident_day(ws) if ws.has("incidents") else None
    try:
        return parse_period(text, last_data=last)
    except BriefingError as exc:
        print(error_text(exc, "briefing", lang), file=sys.stderr)
        return None


def _workspace_and_period(
    args: argparse.Namespace, layers: Sequence[str], command: str, lang: str
) -> tuple[Workspace, Period] | int:
    """``--workspace`` with ``layers`` (its synthetic data said) and ``--period``, or the exit
    code after saying what is wrong."""
    ws = _workspace_with(args.workspace, layers, lang)
    if ws is None:
        return EXIT_INVALID
    if ws.synthetic:
        print(_say(f"{command}.synthetic", lang))
    period = _period(args.period, ws, lang)
    return EXIT_USAGE if period is None else (ws, period)


#: ``DisclosureError`` codes that are the command line's fault (exit 2, not 1).
_PUBLISH_USAGE = (
    "cell_too_small",
    "bad_min_count",
    "bad_window",
    "partial_month",
    "empty_window",
    "bad_step",
)


def _cmd_publish(args: argparse.Namespace, lang: str) -> int:
    import getpass

    from catalog.say import error_text
    from geo import snapshots
    from geo.disclosure import DisclosureError
    from geo.publish import is_export

    if args.out is not None and args.out.exists() and not is_export(args.out):
        print(_say("publish.out_taken", lang, out=args.out), file=sys.stderr)
        return EXIT_USAGE
    opened = _workspace_and_period(args, ("incidents", "neighborhoods"), "publish", lang)
    if isinstance(opened, int):
        return opened
    ws, window = opened
    try:
        snap = snapshots.build(
            ws,
            start=window.start,
            end=window.end,
            step=args.step,
            min_count=args.min_count,
            cell_m=args.cell_m,
        )
    except DisclosureError as exc:
        print(_say("publish.failed", lang, error=error_text(exc, "publish", lang)), file=sys.stderr)
        # the rules asked for, or the data: a usage error; anything else the data's
        return EXIT_USAGE if exc.code in _PUBLISH_USAGE else EXIT_INVALID
    earlier = snapshots.unprotected_overlaps(ws, snap)
    if earlier and not args.allow_overlap:
        shown = ", ".join(str(v) for v in earlier)
        print(_say("publish.overlap", lang, versions=shown), file=sys.stderr)
        return EXIT_USAGE
    by = args.by or f"cli:{getpass.getuser()}"
    version = snapshots.publish(ws, snap, published_by=by)
    tally = snap.tally().values()
    published, withheld = sum(t[1] for t in tally), sum(t[2] for t in tally)
    print(
        _say(
            "publish.done",
            lang,
            version=version,
            workspace=ws.label,
            start=str(snap.meta["start"]),
            end=str(snap.meta["end"]),
            published=number(published, lang),
            withheld=number(withheld, lang),
            k=int(str(snap.meta["min_count"])),
        )
    )
    if args.out is not None:
        written = snapshots.export(snap, args.out, lang)
        print(
            _say("publish.files", lang, folder=args.out, files=", ".join(p.name for p in written))
        )
    return EXIT_OK


def _briefing_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser], lang: str) -> None:
    br, bh = _command(sub, "briefing", lang, epilog="files")
    br.add_argument("--period", required=True, help=bh("period"))
    br.add_argument("--out", type=Path, required=True, help=bh("out"))
    br.add_argument(
        "--budget",
        type=_positive_type(lang),
        default=None,
        help=bh("budget", budget=number(settings.briefing_budget, lang)),
    )


def _cmd_briefing(args: argparse.Namespace, lang: str) -> int:
    from models.briefing import BriefingInputs, briefing, headline
    from reports.briefing_pdf import render_pdf

    if args.out.suffix.lower() != ".pdf":
        print(_say("briefing.out_format", lang, out=args.out), file=sys.stderr)
        return EXIT_USAGE
    opened = _workspace_and_period(args, ("incidents",), "briefing", lang)
    if isinstance(opened, int):
        return opened
    ws, period = opened
    b = briefing(BriefingInputs.from_workspace(ws), period, budget=args.budget)
    _write(args.out, render_pdf(b, lang))
    print(_say("briefing.done", lang, out=args.out, headline=headline(b, lang)))
    return EXIT_OK


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
        f"{row.layer} {number(row.rows, lang)}" for row in ws.layer_info().itertuples()
    )
    seed = args.seed if args.seed is not None else settings.demo_seed
    print(
        _say(
            "demo",
            lang,
            scale=args.scale,
            seed=str(seed),
            out=shown(args.out),
            seconds=time.perf_counter() - t0,
            counts=counts,
        )
    )
    _demo_extras(ws, lang)
    return EXIT_OK


#: The demo's accounts: a user name per role.
DEMO_ACCOUNTS = {"mayor_office": "alcaldia", "planner": "planeacion", "admin": "admin"}


def _demo_extras(ws: Workspace, lang: str) -> None:
    """The demo's first published snapshot (the last 12 whole months) and one account per role,
    each with a random password written beside the workspace (``<name>.accounts.txt``, readable
    by its owner only; never in the repository), so `make run` can be signed in to."""
    import secrets

    from geo import snapshots, users

    version = snapshots.publish(ws, snapshots.build(ws), published_by="demo")
    lines = []
    for role, name in DEMO_ACCOUNTS.items():
        password = secrets.token_urlsafe(9)
        users.add_user(ws, name, role, password)
        lines.append(f"{name}\t{role}\t{password}")
    if ws.is_database:  # beside the command, since a database has no folder
        accounts = Path(f"{ws.label.replace('/', '-')}.accounts.txt").resolve()
    else:
        accounts = ws.path.with_name(f"{ws.label}.accounts.txt")
    fd = os.open(accounts, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # an older file keeps its mode through O_CREAT
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    print(_say("demo.extras", lang, version=version, accounts=accounts))


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
    from geo.workspace import Workspace

    workspace = args.workspace or os.environ.get("CONVIVENCIA_WORKSPACE")
    if not workspace:
        print(_say("import.no_workspace", lang), file=sys.stderr)
        return EXIT_USAGE
    if args.history:
        ws = Workspace(workspace)
        history = ws.history()
        key = "history_title" if len(history) else "history_empty"
        print(_say(f"import.{key}", lang, workspace=shown(workspace)))
        for row in history.itertuples():
            print(
                _say(
                    "import.history_row",
                    lang,
                    when=str(row.imported_at).replace("T", " ")[:16],
                    layer=row.layer,
                    file=row.source_file,
                    sha=str(row.source_sha256)[:12] or "-",
                    mode=_mode(str(row.mode), lang),
                    added=int(row.rows_added),
                    replaced=int(row.rows_replaced),
                    rejected=int(row.rows_rejected),
                    skipped=int(row.rows_skipped),
                    after=int(row.rows_after),
                )
            )
        return EXIT_OK
    if args.file is None:
        print(_say("import.no_file", lang), file=sys.stderr)
        return EXIT_USAGE
    if args.layer is None:
        layers = ", ".join(schema.LAYERS)
        print(_say("import.no_layer", lang, layers=layers), file=sys.stderr)
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
    facts = {
        "layer": args.layer,
        "workspace": shown(workspace),
        "ids": ", ".join(result.skipped_ids),
    }
    if result.reason == "layer_exists":
        print(
            _say(
                "import.layer_exists",
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
        print(_say("import.nothing_new", lang, **counts, **facts))
        return EXIT_OK
    key = {"new": "imported_new", "replace": "replaced", "append": "appended"}[result.mode]
    after = int(result.workspace.history(args.layer)["rows_after"].iloc[-1])
    print(_say(f"import.{key}", lang, after=after, **counts, **facts))
    if result.skipped:
        print(_say("import.skipped", lang, **counts, **facts))
    return EXIT_OK


def _output_format(path: Path, lang: str) -> Format | None:
    """The ``geo.export`` format a file name asks for, or ``None`` after saying which endings work."""
    from geo.export import FORMAT_CODES, FORMATS

    suffix = path.suffix.lower()
    fmt = next((fmt for fmt in FORMAT_CODES if FORMATS[fmt][0] == suffix), None)
    if fmt is None:
        formats = ", ".join(ext for ext, _ in FORMATS.values())
        print(_say("hotspots_out", lang, out=path, formats=formats), file=sys.stderr)
    return fmt


def _write(path: Path, data: bytes) -> None:
    """:func:`geo.export.write_file` (imported when a command writes, not at start-up)."""
    from geo.export import write_file

    write_file(path, data)


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
    from catalog.models import METHOD_NAMES
    from geo.errors import TooFewIncidents, TooManyIncidents
    from geo.export import layer_bytes
    from geo.workspace import Workspace
    from models.hotspots import (
        Filters,
        InapplicableOption,
        describe,
        explain,
        load_inputs,
        run_hotspots,
        spec_for,
        top_hotspots,
        top_table,
    )

    outs = [args.out] + ([args.top_out] if args.top_out is not None else [])
    written: list[tuple[Path, Format]] = []
    for out in outs:
        fmt = _output_format(out, lang)
        if fmt is None:
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
    if not _exists(args.workspace, lang):
        print(_say("hotspots_no_workspace", lang, workspace=shown(args.workspace)), file=sys.stderr)
        return EXIT_INVALID
    ws = Workspace(args.workspace)
    for layer in spec.required_layers():
        if not ws.has(layer):
            why = _say(f"hotspots_why_{layer}", lang)
            msg = _say("hotspots_no_layer", lang, workspace=ws.shown, layer=layer, why=why)
            print(msg, file=sys.stderr)
            return EXIT_INVALID
    inputs = load_inputs(ws)  # the incidents projected, from their sidecar
    try:
        filters = Filters.of(args.category, args.since, args.until)
        result = run_hotspots(inputs, spec, filters=filters)
    except TooFewIncidents as exc:
        print(_say("hotspots_too_few", lang, n=exc.n, need=exc.need), file=sys.stderr)
        return EXIT_INVALID
    except TooManyIncidents as exc:
        print(_say("hotspots_too_many", lang, n=exc.n, limit=exc.limit), file=sys.stderr)
        return EXIT_INVALID
    except ValueError as exc:
        print(_say("hotspots_failed", lang, error=exc), file=sys.stderr)
        return EXIT_INVALID
    top = top_hotspots(result, inputs.public_spaces, inputs.neighborhoods, n=args.top)
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
            n=result.n_incidents,
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


def shown(location: Location | str) -> str:
    """A workspace's address fit to print: a database's without its password."""
    return redacted(str(location))


def _exists(location: Location, lang: str) -> bool:
    """Whether a workspace is at ``location``; an unreachable database is said, and counts as missing."""
    from geo.errors import WorkspaceError
    from geo.stores import open_store

    try:
        return open_store(location).exists()
    except WorkspaceError as exc:
        print(_say("error", lang, error=exc), file=sys.stderr)
        return False


def _workspace_with(path: Location, layers: Sequence[str], lang: str) -> Workspace | None:
    """The workspace at ``path``, or ``None`` after saying that it or one of ``layers`` is missing."""
    if not _exists(path, lang):
        print(_say("recommend.no_workspace", lang, workspace=shown(path)), file=sys.stderr)
        return None
    from geo.workspace import Workspace

    ws = Workspace(path)
    for layer in layers:
        if not ws.has(layer):
            print(
                _say("recommend.no_layer", lang, workspace=ws.shown, layer=layer), file=sys.stderr
            )
            return None
    return ws


def _cmd_recommend(args: argparse.Namespace, lang: str) -> int:
    fmt = _output_format(args.out, lang)
    if fmt is None:
        return EXIT_USAGE
    needed = (
        ("incidents", "public_spaces") if args.what == "parks" else ("incidents", "neighborhoods")
    )
    ws = _workspace_with(args.workspace, needed, lang)
    if ws is None:
        return EXIT_INVALID
    run = _recommend_parks if args.what == "parks" else _recommend_neighborhoods
    return run(args, ws, fmt, lang)


def _recommend_parks(args: argparse.Namespace, ws: Workspace, fmt: Format, lang: str) -> int:
    from geo.export import layer_bytes
    from models.recommend.activation import (
        ParkInputs,
        recommend_parks,
        result_table,
        scenario_record,
    )
    from models.recommend.parks import DEFAULT_WEIGHTS, ParkSpec, PortfolioSpec

    try:
        spec = ParkSpec(
            radius=args.radius,
            reach=max(args.reach, args.radius),
            network=not args.rings,
            start=args.since,
            end=args.until,
            weights=tuple(args.weights) if args.weights else DEFAULT_WEIGHTS,
            normalise=args.normalise,
        )
        pspec = PortfolioSpec(
            budget=args.budget,
            demand=args.demand,
            per_comuna=args.per_comuna,
            must=tuple(args.must),
            exclude=tuple(args.exclude),
        )
    except ValueError as exc:
        print(_say("recommend.failed", lang, error=exc), file=sys.stderr)
        return EXIT_USAGE
    if args.since is not None and args.until is None:
        print(_say("recommend.since_needs_until", lang), file=sys.stderr)
        return EXIT_USAGE
    try:
        rec = recommend_parks(ParkInputs.from_workspace(ws), spec, pspec)
    except (ValueError, KeyError) as exc:
        print(_say("recommend.failed", lang, error=exc), file=sys.stderr)
        return EXIT_INVALID
    table = result_table(rec, lang)
    _write(args.out, layer_bytes(table, fmt, layer="recommend_parks"))
    assert rec.portfolio is not None
    p = rec.portfolio
    sol = p.recommended
    w = rec.indicators.window
    print(
        _say(
            "recommend.parks.window",
            lang,
            start=w.start.isoformat(),
            end=w.end.isoformat(),
            method=_say(f"recommend.method.{rec.indicators.method}", lang),
            radius=number(spec.radius, lang),
        )
    )
    chosen = table[table["selected"]].sort_values("marginal_gain", ascending=False)
    print(
        _say(
            "recommend.parks.portfolio",
            lang,
            n=len(chosen),
            cost=number(sol.cost, lang),
            budget=number(pspec.budget, lang),
        )
    )
    for _, row in chosen.iterrows():
        print(
            _say(
                "recommend.parks.chosen",
                lang,
                id=row["space_id"],
                name=row["name"],
                rank=number(row["rank"], lang),
                cost=number(row["activation_cost"], lang),
                gain=number(row["marginal_gain"], lang, 1),
            )
        )
    total = p.total_weight
    print(
        _say(
            "recommend.parks.covered",
            lang,
            covered=number(sol.objective, lang, 1),
            total=number(total, lang, 1),
            share=number(100 * sol.objective / total if total > 0 else 0.0, lang, 1),
            demand=_say(f"recommend.demand.{pspec.demand}", lang),
            served=number(p.covered_before, lang, 1),
        )
    )
    print(
        _say(
            "recommend.parks.gap",
            lang,
            exact=number(p.exact.objective, lang, 1),
            greedy=number(p.greedy.objective, lang, 1),
            gap=number(100 * p.gap, lang, 2),
            status=p.exact.status,
        )
    )
    if rec.uncosted:
        print(_say("recommend.parks.uncosted", lang, ids=", ".join(rec.uncosted)))
    if args.scenario:
        try:
            record = scenario_record(rec)
            ws.save_scenario(
                args.scenario,
                "parks",
                spec=record.spec,
                summary=record.summary,
                result=record.result,
                replace=args.replace_scenario,
            )
        except FileExistsError:
            print(_say("recommend.scenario_exists", lang, name=args.scenario), file=sys.stderr)
            return EXIT_INVALID
        print(_say("recommend.scenario_saved", lang, name=args.scenario, workspace=ws.shown))
    print(_say("hotspots_wrote", lang, rows=len(table), out=args.out))
    return EXIT_OK


def _recommend_neighborhoods(
    args: argparse.Namespace, ws: Workspace, fmt: Format, lang: str
) -> int:
    from geo.export import layer_bytes
    from models.recommend.neighborhoods import NeighborhoodInputs, recommend_neighborhoods
    from models.recommend.priority import DEFAULT_WEIGHTS, PrioritySpec

    try:
        spec = PrioritySpec(
            weights=tuple(args.weights) if args.weights else DEFAULT_WEIGHTS,
            normalise=args.normalise,
            walk_m=args.walk,
            top_k=args.top,
            draws=args.draws,
            seed=args.seed,
        )
    except ValueError as exc:
        print(_say("recommend.failed", lang, error=exc), file=sys.stderr)
        return EXIT_USAGE
    try:
        table = recommend_neighborhoods(
            NeighborhoodInputs.from_workspace(ws), spec, args.until, lang
        )
    except (ValueError, KeyError) as exc:
        print(_say("recommend.failed", lang, error=exc), file=sys.stderr)
        return EXIT_INVALID
    _write(args.out, layer_bytes(table, fmt, layer="recommend_neighborhoods"))
    facts = table.attrs
    print(
        _say(
            "recommend.neighborhoods.window",
            lang,
            start=facts["start"],
            end=facts["end"],
            months=number(facts["months"], lang),
        )
    )
    if facts["outside"]:
        print(_say("recommend.neighborhoods.outside", lang, n=number(facts["outside"], lang)))
    print(_say("recommend.neighborhoods.top", lang, k=min(spec.top_k, len(table))))
    for _, row in table.head(spec.top_k).iterrows():
        print(f"  {row['neighborhood_id']} {row['name']}: {row['explanation']}")
    print(_say("recommend.neighborhoods.not_a_list", lang))
    print(_say("hotspots_wrote", lang, rows=len(table), out=args.out))
    return EXIT_OK


def _trends_out(path: Path) -> str:
    """How ``cli.py trends`` writes its tables: ``gpkg``, ``zip`` or ``folder`` (of CSV files)."""
    suffix = path.suffix.lower()
    return {".gpkg": "gpkg", ".zip": "zip"}.get(suffix, "folder")


def _cmd_trends(args: argparse.Namespace, lang: str) -> int:
    from geo.export import tables_bytes
    from models.calendar import read_day_list
    from models.nearrepeat import KnoxSpec
    from models.trends import (
        AreaRef,
        NoIncidents,
        TrendSpec,
        UnknownArea,
        inputs_from_workspace,
        run_trends,
    )
    from models.trends_text import TABLES, sentences, tables

    kind = _trends_out(args.out)
    if kind == "folder" and args.out.suffix:
        print(_say("trends.out", lang, out=args.out), file=sys.stderr)
        return EXIT_USAGE
    try:
        spec = TrendSpec(
            area=AreaRef.parse(args.area),
            start=args.since,
            end=args.until,
            categories=None if args.category is None else tuple(dict.fromkeys(args.category)),
            step=args.step,
            measure=args.measure,
            months=args.months,
            knox_max=None,
            knox=KnoxSpec(
                distance_band=args.distance_band,
                time_band=args.time_band,
                permutations=args.permutations,
            ),
        )
    except ValueError as exc:
        print(_say("trends.failed", lang, error=exc), file=sys.stderr)
        return EXIT_USAGE
    ws = _workspace_with(args.workspace, ("incidents",), lang)
    if ws is None:
        return EXIT_INVALID
    own = read_day_list(args.days) if args.days is not None else None
    try:
        result = run_trends(inputs_from_workspace(ws, spec, own_days=own), spec)
    except (NoIncidents, UnknownArea) as exc:
        print(_say("trends.failed", lang, error=exc), file=sys.stderr)
        return EXIT_INVALID
    every = tables(result, lang)
    if kind == "folder":
        for name in TABLES:
            _write(args.out / f"{name}.csv", every[name].to_csv(index=False).encode("utf-8"))
    else:
        _write(args.out, tables_bytes(every, kind))
    if ws.synthetic:
        print(_say("trends.synthetic", lang))
    said = sentences(result, lang)
    print(
        _say(
            "trends.summary",
            lang,
            n=number(result.n, lang),
            start=result.start.isoformat(),
            end=result.end.isoformat(),
        )
    )
    for line in (said.comparison, said.homicide, said.rhythm, said.counted, *said.days, said.knox):
        if line:
            print(f"  {line}")
    for name in TABLES:
        where = args.out / f"{name}.csv" if kind == "folder" else f"{args.out} ({name})"
        print(_say("hotspots_wrote", lang, rows=len(every[name]), out=where))
    return EXIT_OK


def _cmd_territories(args: argparse.Namespace, lang: str) -> int:
    from models.territories import ProposalSpec, TerritorySpec

    fmt = _output_format(args.out, lang)
    if fmt is None:
        return EXIT_USAGE
    barrios_fmt = None
    if getattr(args, "barrios", None) is not None:
        barrios_fmt = _output_format(args.barrios, lang)
        if barrios_fmt is None:
            return EXIT_USAGE
    try:
        measure = TerritorySpec(balance=args.balance, months=args.months)
        spec = None
        if args.what == "propose":
            spec = ProposalSpec(
                teams=args.teams,
                measure=measure,
                compactness=args.compactness,
                locks=tuple(args.lock),
                from_current=args.from_current,
                seed=args.seed,
                max_moves=args.max_moves,
            )
    except ValueError as exc:
        print(_say("territories.failed", lang, error=exc), file=sys.stderr)
        return EXIT_USAGE
    needed = ("neighborhoods", "territories") if args.what == "evaluate" else ("neighborhoods",)
    ws = _workspace_with(args.workspace, needed, lang)
    if ws is None:
        return EXIT_INVALID
    if ws.synthetic:
        print(_say("territories.synthetic", lang))
    if spec is None:
        return _territories_evaluate(args, ws, measure, fmt, barrios_fmt, lang)
    return _territories_propose(args, ws, spec, fmt, lang)


def _cmd_evaluate(args: argparse.Namespace, lang: str) -> int:
    import json

    from models.evaluation import (
        EvaluationError,
        EvaluationInputs,
        EvaluationSpec,
        barrio_layer,
        evaluate,
        event_table,
    )
    from models.evaluation_text import (
        caveats,
        check_table,
        displacement_sentences,
        error_text,
        facts,
        headline,
        notes,
        p_text,
    )

    suffix = args.out.suffix.lower()
    if suffix not in (".csv", ".parquet"):
        print(_say("evaluate.out_format", lang, out=args.out), file=sys.stderr)
        return EXIT_USAGE
    barrios_fmt = None
    if args.barrios is not None:
        barrios_fmt = _output_format(args.barrios, lang)
        if barrios_fmt is None:
            return EXIT_USAGE
    try:
        spec = EvaluationSpec(
            treatment=args.treatment,
            components=tuple(dict.fromkeys(args.component)),
            outcome=args.outcome,
            step=args.step,
            since=args.since,
            until=args.until,
            permutations=args.permutations,
            seed=args.seed,
        )
    except EvaluationError as exc:
        print(_say("evaluate.failed", lang, error=error_text(exc, lang)), file=sys.stderr)
        return EXIT_USAGE
    layer = "territories" if spec.treatment == "territories" else "programs"
    ws = _workspace_with(args.workspace, ("neighborhoods", "incidents", layer), lang)
    if ws is None:
        return EXIT_INVALID
    if ws.synthetic:
        print(_say("evaluate.synthetic", lang))
    inputs = EvaluationInputs.from_workspace(ws)
    try:
        result = evaluate(inputs, spec)
    except EvaluationError as exc:
        print(_say("evaluate.failed", lang, error=error_text(exc, lang)), file=sys.stderr)
        return EXIT_INVALID
    table = event_table(result)
    if suffix == ".csv":
        _write(args.out, table.to_csv(index=False).encode("utf-8"))
    else:
        import io

        buf = io.BytesIO()
        table.to_parquet(buf, index=False)
        _write(args.out, buf.getvalue())
    print(headline(result, lang))
    for line in facts(result, lang) + notes(result, lang):
        print(line)
    print(_say("evaluate.checks", lang))
    checks = result.analysis.checks
    for check, row in zip(checks, check_table(checks, lang).itertuples(), strict=True):
        print(
            _say(
                "evaluate.check_row",
                lang,
                method=row.method,
                estimate=row.estimate,
                ci=row.ci,
                p=p_text(check.estimate.p, lang),
                agreement=row.agreement,
            )
        )
    print(_say("evaluate.displacement", lang))
    for line in displacement_sentences(result, lang):
        print(f"  {line}")
    print(_say("evaluate.caveats", lang))
    for line in caveats(result, lang):
        print(f"  {line}")
    print(_say("evaluate.wrote", lang, what=_say("evaluate.what.event", lang), out=args.out))
    if args.json is not None:
        text = json.dumps(result.headline(), indent=2, ensure_ascii=False)
        _write(args.json, (text + "\n").encode("utf-8"))
        print(_say("evaluate.wrote", lang, what=_say("evaluate.what.json", lang), out=args.json))
    if args.barrios is not None and barrios_fmt is not None:
        from geo.export import layer_bytes

        layer_frame = barrio_layer(result, inputs.hoods)
        _write(args.barrios, layer_bytes(layer_frame, barrios_fmt, layer="evaluation_barrios"))
        print(
            _say("evaluate.wrote", lang, what=_say("evaluate.what.barrios", lang), out=args.barrios)
        )
    return EXIT_OK


def _figures_line(h: Headline, lang: str) -> str:
    from models.territories_text import figure_texts

    f = figure_texts(h, lang)
    return _say(
        "territories.figures",
        lang,
        k=f["teams"],
        cv=f["cv"],
        ratio=f["ratio"],
        outside=f["outside"],
    )


def _territories_evaluate(
    args: argparse.Namespace,
    ws: Workspace,
    measure: TerritorySpec,
    fmt: Format,
    barrios_fmt: Format | None,
    lang: str,
) -> int:
    from catalog.say import percent
    from geo.export import layer_bytes
    from models.territories import evaluate, inputs_from_workspace
    from models.territories_text import error_text, evaluation_sentences, team_sentences

    try:
        inputs = inputs_from_workspace(ws, measure, args.until, need=not args.no_hotspots)
        ev = evaluate(inputs, measure, args.until)
    except (ValueError, KeyError) as exc:
        print(_say("territories.failed", lang, error=error_text(exc, lang)), file=sys.stderr)
        return EXIT_INVALID
    said = team_sentences(ev.teams, lang)
    teams = ev.teams.copy()
    teams["explanation"] = said
    _write(args.out, layer_bytes(teams, fmt, layer="territories_evaluation"))
    for line in evaluation_sentences(ev, lang):
        print(line)
    print(_say("territories.teams", lang))
    for line in said:
        print(f"  {line}")
    names = dict(zip(ev.barrios["neighborhood_id"], ev.barrios["name"], strict=True))
    if len(ev.splits):
        print(_say("territories.splits", lang))
        for hood, rows in ev.splits.groupby("neighborhood_id", sort=False):
            shares = ", ".join(
                f"{r.territory_id} {percent(r.share, lang)}" for r in rows.itertuples()
            )
            print(_say("territories.split_row", lang, id=hood, name=names[hood], shares=shares))
    outside = ev.priority_outside
    if len(outside):
        print(_say("territories.priority_outside", lang))
        for row in outside.itertuples():
            print(f"  {int(row.priority_rank)}. {row.neighborhood_id} {row.name}")
    if ev.hotspots is not None and (~ev.hotspots["covered"]).any():
        print(_say("territories.hotspots_outside", lang))
        for row in ev.hotspots[~ev.hotspots["covered"]].itertuples():
            print(
                _say(
                    "territories.hotspot_row",
                    lang,
                    rank=int(row.rank),
                    where=row.neighborhood,
                    n=number(int(row.n_incidents), lang),
                    share=percent(float(row.outside), lang),
                )
            )
    print(_say("hotspots_wrote", lang, rows=len(teams), out=args.out))
    if args.barrios is not None and barrios_fmt is not None:
        _write(args.barrios, layer_bytes(ev.barrios, barrios_fmt, layer="territories_barrios"))
        print(_say("hotspots_wrote", lang, rows=len(ev.barrios), out=args.barrios))
    return EXIT_OK


def _territories_propose(
    args: argparse.Namespace, ws: Workspace, spec: ProposalSpec, fmt: Format, lang: str
) -> int:
    from geo.export import layer_bytes
    from models.territories import TerritoryInputs, propose
    from models.territories_text import (
        error_text,
        link_sentences,
        proposal_sentence,
        team_sentences,
        workload_text,
    )

    try:
        proposal = propose(TerritoryInputs.from_workspace(ws), spec, args.until)
    except (ValueError, KeyError) as exc:
        print(_say("territories.failed", lang, error=error_text(exc, lang)), file=sys.stderr)
        return EXIT_INVALID
    _write(args.out, layer_bytes(proposal.barrios, fmt, layer="territories_proposal"))
    print(workload_text(proposal.workload, lang))
    names = proposal.barrios["name"].astype(str).tolist()
    for line in link_sentences(proposal.links, names, lang):
        print(line)
    if proposal.before is not None:
        print(_say("territories.before", lang))
        print(_figures_line(proposal.before.headline, lang))
    print(_say("territories.after", lang))
    print(_figures_line(proposal.headline, lang))
    print(proposal_sentence(proposal, lang))
    print(_say("territories.teams", lang))
    for line in team_sentences(proposal.teams, lang):
        print(f"  {line}")
    plan = proposal.plan
    print(
        _say(
            "territories.solver",
            lang,
            starts=number(plan.starts, lang),
            iterations=number(plan.iterations, lang),
            lam=number(spec.compactness, lang, 2),
            seed=spec.seed,
        )
    )
    print(_say("hotspots_wrote", lang, rows=len(proposal.barrios), out=args.out))
    return EXIT_OK


#: The formats of ``batch hotspots --format`` (``geo.export.FORMAT_CODES``, written out here so
#: that building the parser imports no geometry library; a test compares the two).
BATCH_FORMATS = ("geojson", "parquet", "gpkg", "csv")
#: ``summary.csv``'s columns and their headers (``models.batch.SUMMARY_COLUMNS`` and the words).
_BATCH_SUMMARY_HEADERS = {
    "city": "batch.col.city",
    "status": "batch.col.status",
    "rows": "batch.col.rows",
    "rejected": "batch.col.rejected",
    "incidents": "batch.col.incidents",
    "cells": "batch.col.cells",
    "hot": "batch.col.hot",
    "tiles": "batch.col.tiles",
    "crs": "batch.col.crs",
    "cell_size": "batch.col.cell_size",
    "distance": "batch.col.distance",
    "top_zone": "batch.col.top_zone",
    "top_incidents": "batch.col.top_incidents",
    "top_lon": "batch.col.top_lon",
    "top_lat": "batch.col.top_lat",
    "file": "batch.col.file",
    "reason": "batch.col.reason",
    "seconds": "batch.col.seconds",
}
#: ``problems.csv``'s columns and their headers.
_BATCH_PROBLEM_HEADERS = {
    "city": "batch.col.city",
    "file": "batch.col.file",
    "row": "batch.col.row",
    "column": "batch.col.column",
    "severity": "batch.col.severity",
    "code": "batch.col.code",
    "message": "batch.col.message",
}
#: ``BatchError`` codes that are the command line's fault (exit 2, not 1).
_BATCH_USAGE = ("no_input", "not_parquet", "no_by_column", "needs_layer")


def _batch_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser], lang: str) -> None:
    def h(key: str, **params: object) -> str:
        return _help(key, lang, **params)

    batch = sub.add_parser("batch", help=h("batch.help"), description=h("batch.description"))
    what = batch.add_subparsers(dest="what", required=True, metavar="ACTION")
    hot = what.add_parser(
        "hotspots",
        help=h("batch.hotspots"),
        description=h("batch.hotspots.description"),
        epilog=h("batch.files"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    hot.add_argument(
        "--input", type=Path, required=True, metavar=h("metavar.file"), help=h("batch.input")
    )
    hot.add_argument("--by", default="city", metavar=h("metavar.column"), help=h("batch.by"))
    hot.add_argument("--method", required=True, choices=HOTSPOT_METHODS, help=h("hotspots.method"))
    hot.add_argument(
        "--out",
        dest="out_dir",
        type=Path,
        required=True,
        metavar=h("metavar.folder"),
        help=h("batch.out"),
    )
    hot.add_argument("--format", choices=BATCH_FORMATS, default="geojson", help=h("batch.format"))
    where = hot.add_mutually_exclusive_group()
    where.add_argument("--workers", type=int, default=None, metavar="N", help=h("batch.workers"))
    where.add_argument(
        "--scheduler", default=None, metavar=h("metavar.address"), help=h("batch.scheduler")
    )
    hot.add_argument(
        "--tile-incidents", type=int, default=None, metavar="N", help=h("batch.tile_incidents")
    )
    hot.add_argument("--allow-invalid-rows", action="store_true", help=h("batch.allow_invalid"))
    _method_options(hot, lang)  # as `hotspots` takes them


def _batch_reason(outcome: object, lang: str) -> str:
    """A city's reason (``batch.reason.<status>``) in words; ``""`` for a city analysed whole."""
    from models.batch import CityOutcome

    assert isinstance(outcome, CityOutcome)
    params = dict(outcome.params)
    if outcome.status == "ok":
        return say("batch.reason.rejected", lang, **params) if outcome.n_rejected else ""
    return say(f"batch.reason.{outcome.status}", lang, **params)


def _batch_tables(result: object, lang: str) -> tuple[bytes, bytes]:
    """``summary.csv`` and ``problems.csv`` in ``lang``: the summary with the top zone and the
    reason in words, every validation problem with its city, file, row and column."""
    import pandas as pd

    from models.batch import BatchResult
    from models.hotspots import describe

    assert isinstance(result, BatchResult)
    summary = result.summary
    summary["status"] = [say(f"batch.status.{s}", lang) for s in summary["status"]]
    summary["top_zone"] = [
        describe(o.top, lang) if o.top is not None else "" for o in result.outcomes
    ]
    summary["reason"] = [_batch_reason(o, lang) for o in result.outcomes]
    summary = summary[list(_BATCH_SUMMARY_HEADERS)]
    summary.columns = [say(k, lang) for k in _BATCH_SUMMARY_HEADERS.values()]
    problems = pd.DataFrame(
        [
            {
                "city": o.city,
                "file": p.file,
                "row": p.row,
                "column": p.column or "",
                "severity": say(f"batch.severity.{p.severity}", lang),
                "code": p.code,
                "message": p.message(lang),
            }
            for o in result.outcomes
            for p in o.problems
        ],
        columns=list(_BATCH_PROBLEM_HEADERS),
    )
    problems["row"] = problems["row"].astype("Int64")
    problems.columns = [say(k, lang) for k in _BATCH_PROBLEM_HEADERS.values()]
    return (
        summary.to_csv(index=False).encode("utf-8"),
        problems.to_csv(index=False).encode("utf-8"),
    )


def _cmd_batch(args: argparse.Namespace, lang: str) -> int:
    from catalog.models import METHOD_NAMES
    from catalog.say import error_text
    from models.batch import (
        BatchError,
        CityOutcome,
        check_spec,
        dask_client,
        plan_cities,
        resolve_tile_incidents,
        run_batch,
        tileable,
    )
    from models.hotspots import Filters, InapplicableOption, spec_for

    given = {k: getattr(args, k) for k in HOTSPOT_FLAGS if getattr(args, k) is not None}
    try:
        spec = spec_for(args.method, **given)
        check_spec(spec)
    except InapplicableOption as exc:
        flags = ", ".join(HOTSPOT_FLAGS[o] for o in exc.options)
        allowed = ", ".join(HOTSPOT_FLAGS[o] for o in exc.allowed if o in HOTSPOT_FLAGS)
        key = "hotspots_inapplicable" + ("_many" if len(exc.options) > 1 else "")
        print(_say(key, lang, given=flags, method=args.method, allowed=allowed), file=sys.stderr)
        return EXIT_USAGE
    except BatchError as exc:
        print(_say("error", lang, error=error_text(exc, "batch", lang)), file=sys.stderr)
        return EXIT_USAGE
    except ValueError as exc:
        print(_say("hotspots_failed", lang, error=exc), file=sys.stderr)
        return EXIT_USAGE
    if args.since is not None and args.until is not None and args.since > args.until:
        print(_say("hotspots_dates", lang, since=args.since, until=args.until), file=sys.stderr)
        return EXIT_USAGE
    if args.workers is not None and args.workers < 1:
        msg = say("batch.error.workers", lang, workers=args.workers)
        print(_say("error", lang, error=msg), file=sys.stderr)
        return EXIT_USAGE
    if args.tile_incidents is not None and args.tile_incidents < 0:
        msg = say("batch.error.tile_incidents", lang, n=args.tile_incidents)
        print(_say("error", lang, error=msg), file=sys.stderr)
        return EXIT_USAGE
    try:
        plan = plan_cities(args.input, by=args.by)
    except BatchError as exc:
        print(_say("error", lang, error=error_text(exc, "batch", lang)), file=sys.stderr)
        return EXIT_USAGE if exc.code in _BATCH_USAGE else EXIT_INVALID
    stack = contextlib.ExitStack()
    try:
        client = stack.enter_context(dask_client(workers=args.workers, scheduler=args.scheduler))
    except (OSError, TimeoutError) as exc:
        msg = say("batch.error.scheduler", lang, address=args.scheduler, error=exc)
        print(_say("error", lang, error=msg), file=sys.stderr)
        return EXIT_INVALID
    with stack:
        if client is None:
            where = say("batch.where.serial", lang)
        elif args.scheduler is not None:
            n = len(client.scheduler_info(n_workers=-1).get("workers", {}))
            where = say("batch.where.scheduler", lang, address=args.scheduler, workers=n)
        else:
            where = say("batch.where.local", lang, workers=args.workers)
        method = METHOD_NAMES[args.method][lang]
        rows = plan.n_rows
        print(
            say("batch.start", lang, cities=len(plan.cities), rows=rows, method=method, where=where)
        )
        limit = resolve_tile_incidents(args.tile_incidents, client)
        if tileable(spec) and limit and any(c.n_rows > limit for c in plan.cities):
            print(say("batch.tiling", lang, n=limit))

        def progress(done: int, total: int, outcome: CityOutcome) -> None:
            status = say(f"batch.status.{outcome.status}", lang)
            line = say(
                "batch.progress", lang, done=done, total=total, city=outcome.city, status=status
            )
            print(line, file=sys.stderr, flush=True)

        result = run_batch(
            args.input,
            spec,
            args.out_dir,
            by=args.by,
            fmt=args.format,
            filters=Filters.of(args.category, args.since, args.until),
            client=client,
            tile_incidents=limit,
            allow_invalid_rows=args.allow_invalid_rows,
            progress=progress,
            plan=plan,
        )
    summary, problems = _batch_tables(result, lang)
    _write(args.out_dir / "summary.csv", summary)
    _write(args.out_dir / "problems.csv", problems)
    for outcome in result.outcomes:
        if outcome.problems:
            n = len(outcome.problems)
            city = outcome.city or outcome.params.get("file", "")
            print(say("batch.problems", lang, city=city, n=n, invalid=outcome.n_rejected))
    failed = [o for o in result.outcomes if o.status != "ok"]
    if failed:
        cities = ", ".join(
            f"{o.city or '-'} ({say(f'batch.status.{o.status}', lang)})" for o in failed
        )
        print(say("batch.failed_cities", lang, n=len(failed), cities=cities))
    files = ", ".join(
        ["summary.csv", "problems.csv", *(o.file for o in result.outcomes if o.file)][:5]
    )
    n_files = sum(1 for o in result.outcomes if o.file) + 2
    print(
        say(
            "batch.wrote",
            lang,
            files=f"{n_files} ({files}, …)" if n_files > 5 else files,
            out=args.out_dir,
        )
    )
    seconds = result.seconds
    print(
        say(
            "batch.done",
            lang,
            ok=result.n_ok,
            total=len(plan.cities),
            seconds=seconds,
            out=args.out_dir,
        )
    )
    return EXIT_OK if not failed else EXIT_INVALID


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
        "recommend": _cmd_recommend,
        "trends": _cmd_trends,
        "territories": _cmd_territories,
        "evaluate": _cmd_evaluate,
        "user": _cmd_user,
        "db": _cmd_db,
        "publish": _cmd_publish,
        "briefing": _cmd_briefing,
        "batch": _cmd_batch,
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
