"""Convivencia from the shell: the same engine as the app.

Usage::

    python cli.py demo --out data/demo.gpkg [--seed N] [--scale small|full]
    python cli.py validate FILE --layer LAYER [--workspace W.gpkg] [--crs EPSG:9377]
    python cli.py import FILE --layer LAYER --workspace W.gpkg [--allow-invalid-rows]
        [--replace | --append]
    python cli.py import --history --workspace W.gpkg
    python cli.py hotspots --workspace W.gpkg --method {gi,lisa,kde,dbscan,hdbscan,emerging}
        [--cell-size M] [--distance M] [--shape square|hex] [--weight count|harm]
        [--category C ...] [--since D] [--until D] --out FILE.geojson|FILE.csv

Exit codes: 0 success (a valid file), 1 invalid input (one report line per
problem on standard output; for ``hotspots``: a missing workspace or layer,
or too few incidents), 2 usage error (bad arguments, missing file).

``hotspots`` writes the method's result (one row per cell, neighbourhood,
density area or cluster; the columns are listed in ``--help`` and in
``models/hotspots.py``) in EPSG:4326 as GeoJSON or as CSV (WKT geometry),
and prints the scale chosen and why, and the top hot spots in plain words.
Messages use the same words as the app (``geo/messages.py``), in Spanish or
English (``--lang``, default ``CONVIVENCIA_LANGUAGE`` or Spanish).
``CONVIVENCIA_WORKSPACE`` is the default ``--workspace``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Literal

from geo import schema, settings
from geo.errors import ConvivenciaError

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
    "hotspots_out": {
        "en": "{out}: the output must end in .geojson or .csv",
        "es": "{out}: el archivo de salida debe terminar en .geojson o .csv",
    },
    "hotspots_failed": {
        "en": "no hot-spot analysis: {error}",
        "es": "no se hizo el análisis de puntos calientes: {error}",
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

#: ``models.hotspots.METHODS`` and ``TIME_STEPS``, here so that the other commands do not
#: import the analysis (a test checks they agree).
HOTSPOT_METHODS = ("gi", "lisa", "kde", "dbscan", "hdbscan", "emerging")
HOTSPOT_TIME_STEPS = ("M", "Q", "Y")
#: Columns of ``cli.py hotspots --out`` per method (``--help`` epilog).
HOTSPOT_COLUMNS = """\
columns of --out (EPSG:4326; CSV has the geometry as WKT in `wkt`):
  gi        cell_i, cell_j, value (incidents or harm), n_neighbors, gi_z, gi_p,
            gi_bin (-3..3: cold/hot at 99/95/90 % confidence, 0 not significant), gi_label
  lisa      cells: cell_i, cell_j, value, n_neighbors, lisa_i, lisa_p, lisa_q
            (1 HH, 2 LH, 3 LL, 4 HL), lisa_label; --units neighborhoods: the
            neighbourhoods' columns + incidents, rate_100k, n_neighbors, lisa_i,
            lisa_p, lisa_q, lisa_label
  kde       one row per densest area: level (0.05/0.10/0.25 of the study area),
            area_id, threshold, peak, area_km2, incidents (held), share
  dbscan,   one row per cluster: cluster, n_incidents, harm, top_categories,
  hdbscan   dominant_category, first_date, last_date, area_km2, nearest_space,
            nearest_space_m
  emerging  cell_i, cell_j, total, category (17 patterns), category_label,
            trend_z, trend_p, trend_tau, count_trend_z, count_trend_p,
            n_hot_steps, n_cold_steps, final_bin, hot_since, cold_since
"""


def _say(key: str, lang: str, **params: object) -> str:
    return _TEXT[key][lang].format(**params)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cli.py",
        description="Convivencia: violence-prevention analysis for a city, from the shell.",
    )
    parser.add_argument(
        "--lang",
        choices=("es", "en"),
        default=None,
        help="language of the messages (default: CONVIVENCIA_LANGUAGE, else es)",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = sub.add_parser("demo", help="write the synthetic demo workspace")
    demo.add_argument("--out", type=Path, required=True, help="GeoPackage to write")
    demo.add_argument(
        "--seed", type=int, default=None, help=f"random seed (default {settings.demo_seed})"
    )
    demo.add_argument(
        "--scale",
        choices=("small", "full"),
        default="full",
        help="full: Palmira-sized (default); small: the same city with ~1/20 of the incidents, for tests",
    )

    layers = ", ".join(schema.LAYERS)
    validate = sub.add_parser(
        "validate", help="check one file against a layer's schema (exit 0 valid, 1 invalid)"
    )
    validate.add_argument(
        "file", type=Path, help="CSV, GeoJSON, GeoPackage, zipped Shapefile or GeoParquet"
    )
    validate.add_argument("--layer", required=True, choices=schema.LAYERS, help=f"one of {layers}")
    validate.add_argument(
        "--workspace",
        type=Path,
        default=None,
        help="workspace whose other layers define the city's extent for the 'outside the city' check",
    )
    validate.add_argument(
        "--crs", default=None, help="CRS of projected x/y columns in a CSV, e.g. EPSG:9377"
    )

    imp = sub.add_parser(
        "import",
        help="validate a file, then add it to a workspace (never replaces a layer without --replace)",
        description=(
            "Validate FILE as LAYER and add it to the workspace. A layer the workspace "
            "already has is never replaced silently: without --replace or --append the "
            "import is refused (exit 1) and says how many rows a replace would lose. "
            "Every import is recorded in the workspace's history (--history lists it)."
        ),
    )
    imp.add_argument("file", type=Path, nargs="?", help="the file to import")
    imp.add_argument("--layer", choices=schema.LAYERS, help=f"one of {layers}")
    imp.add_argument(
        "--workspace",
        type=Path,
        default=None,
        help="workspace GeoPackage, created if missing (default: CONVIVENCIA_WORKSPACE; never the demo unless named)",
    )
    imp.add_argument(
        "--crs", default=None, help="CRS of projected x/y columns in a CSV, e.g. EPSG:9377"
    )
    imp.add_argument(
        "--allow-invalid-rows",
        action="store_true",
        help="import the valid rows of a file whose rows have errors (the invalid rows are recorded)",
    )
    when_there = imp.add_mutually_exclusive_group()
    when_there.add_argument(
        "--replace",
        dest="mode",
        action="store_const",
        const="replace",
        help="the layer exists: replace its rows with the file's",
    )
    when_there.add_argument(
        "--append",
        dest="mode",
        action="store_const",
        const="append",
        help="the layer exists: add the file's rows whose id is not there yet (the others are listed, not added)",
    )
    imp.add_argument(
        "--history", action="store_true", help="list the workspace's imports instead of importing"
    )
    imp.add_argument("--city", default=None, help="city name for a workspace this import creates")
    _hotspots_parser(sub)
    return parser


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        msg = f"{text!r} is not a date (use YYYY-MM-DD)"
        raise argparse.ArgumentTypeError(msg) from exc


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError as exc:
        msg = f"{text!r} is not a number"
        raise argparse.ArgumentTypeError(msg) from exc
    if not value > 0:
        msg = f"{text!r} must be positive"
        raise argparse.ArgumentTypeError(msg)
    return value


def _hotspots_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    hot = sub.add_parser(
        "hotspots",
        help="find hot spots (Gi*, LISA, kernel density, DBSCAN/HDBSCAN, emerging) and write them",
        description=(
            "Run one hot-spot method on the workspace's incidents and write the result; "
            "print the scale chosen and why, and the top hot spots in plain words."
        ),
        epilog=HOTSPOT_COLUMNS,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    hot.add_argument(
        "--workspace",
        type=Path,
        default=settings.workspace,
        help="workspace GeoPackage (default: CONVIVENCIA_WORKSPACE or data/demo.gpkg)",
    )
    hot.add_argument("--method", required=True, choices=HOTSPOT_METHODS)
    hot.add_argument("--out", type=Path, required=True, help="FILE.geojson or FILE.csv")
    hot.add_argument(
        "--cell-size", type=_positive, default=None, help="metres (default: chosen from the data)"
    )
    hot.add_argument(
        "--distance",
        type=_positive,
        default=None,
        help="neighbourhood distance in metres (default: first peak of spatial autocorrelation)",
    )
    hot.add_argument("--shape", choices=("square", "hex"), default="square")
    hot.add_argument(
        "--weight",
        choices=("count", "harm"),
        default="count",
        help="count incidents, or weigh each by its category's harm",
    )
    hot.add_argument(
        "--category",
        action="extend",
        nargs="+",
        choices=list(schema.CATEGORIES),
        default=None,
        metavar="C",
        help=f"keep only these categories ({', '.join(schema.CATEGORIES)})",
    )
    hot.add_argument("--since", type=_iso_date, default=None, help="first date, YYYY-MM-DD")
    hot.add_argument("--until", type=_iso_date, default=None, help="last date, YYYY-MM-DD")
    hot.add_argument("--no-fdr", action="store_true", help="no false discovery rate correction")
    hot.add_argument(
        "--units",
        choices=("cells", "neighborhoods"),
        default="cells",
        help="lisa: cells, or neighbourhoods (incidents per 100,000 residents)",
    )
    hot.add_argument(
        "--bandwidth", type=_positive, default=None, help="kde: search radius in metres"
    )
    hot.add_argument("--per-resident", action="store_true", help="kde: per 100,000 residents")
    hot.add_argument("--eps", type=_positive, default=None, help="dbscan: search distance, metres")
    hot.add_argument("--min-samples", type=int, default=None, help="dbscan: minimum incidents")
    hot.add_argument("--min-cluster-size", type=int, default=None, help="hdbscan: smallest cluster")
    hot.add_argument(
        "--time-step",
        choices=HOTSPOT_TIME_STEPS,
        default="M",
        help="emerging: M months, Q quarters, Y years",
    )
    hot.add_argument("--top", type=int, default=10, help="how many top hot spots to print")


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
    counts = ", ".join(f"{row.layer} {row.rows:,}" for row in ws.layer_info().itertuples())
    seed = args.seed if args.seed is not None else settings.demo_seed
    print(
        _say(
            "demo",
            lang,
            scale=args.scale,
            seed=seed,
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


def _cmd_hotspots(args: argparse.Namespace, lang: str) -> int:
    from geo.export import layer_bytes
    from geo.workspace import Workspace
    from models.hotspots import describe, explain, run_hotspots, top_hotspots

    suffix = args.out.suffix.lower()
    if suffix not in (".geojson", ".csv"):
        print(_say("hotspots_out", lang, out=args.out), file=sys.stderr)
        return EXIT_USAGE
    ws = Workspace(args.workspace)
    try:
        result = run_hotspots(
            ws,
            method=args.method,
            cell_size=args.cell_size,
            distance=args.distance,
            shape=args.shape,
            weight=args.weight,
            categories=args.category,
            since=args.since,
            until=args.until,
            fdr=not args.no_fdr,
            units=args.units,
            bandwidth=args.bandwidth,
            per_resident=args.per_resident,
            eps=args.eps,
            min_samples=args.min_samples,
            min_cluster_size=args.min_cluster_size,
            time_step=args.time_step,
        )
    except ValueError as exc:
        print(_say("hotspots_failed", lang, error=exc), file=sys.stderr)
        return EXIT_INVALID
    print(
        _say(
            "hotspots_why",
            lang,
            method=args.method,
            n=len(result.incidents),
            start=result.start,
            end=result.end,
            why=explain(result, lang),
        )
    )
    spaces = ws.read("public_spaces") if ws.has("public_spaces") else None
    hoods = ws.read("neighborhoods") if ws.has("neighborhoods") else None
    top = top_hotspots(result, spaces, hoods, n=args.top)
    print(_say("hotspots_top" if len(top) else "hotspots_none", lang))
    for _, row in top.iterrows():
        print(f"{int(row['rank']):>3}. {describe(row, lang)}")
    fmt: Literal["geojson", "csv"] = "geojson" if suffix == ".geojson" else "csv"
    data = layer_bytes(result.frame, fmt, layer=f"hotspots_{args.method}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_name(f".{args.out.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(args.out)
    print(_say("hotspots_wrote", lang, rows=len(result.frame), out=args.out))
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code."""
    args = _parser().parse_args(argv)
    lang = args.lang or settings.language
    commands = {
        "demo": _cmd_demo,
        "validate": _cmd_validate,
        "import": _cmd_import,
        "hotspots": _cmd_hotspots,
    }
    try:
        return commands[args.command](args, lang)
    except ConvivenciaError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INVALID


if __name__ == "__main__":
    sys.exit(main())
