"""Convivencia from the shell: the same engine as the app.

Usage::

    python cli.py demo --out data/demo.gpkg [--seed N] [--scale small|full]
    python cli.py validate FILE --layer LAYER [--workspace W.gpkg] [--crs EPSG:9377]
    python cli.py import FILE --layer LAYER --workspace W.gpkg [--allow-invalid-rows]

Exit codes: 0 success (a valid file), 1 invalid input (one report line per
problem on standard output), 2 usage error (bad arguments, missing file).
Messages use the same words as the app (``geo/messages.py``), in Spanish or
English (``--lang``, default ``CONVIVENCIA_LANGUAGE`` or Spanish).
``CONVIVENCIA_WORKSPACE`` is the default ``--workspace``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from geo import schema, settings
from geo.errors import ConvivenciaError

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2

_TEXT = {
    "summary": {
        "en": "{file}: {rows:,} rows read as `{layer}`, {valid:,} valid, {invalid:,} with errors, {other:,} warnings or repairs",
        "es": "{file}: {rows:,} filas leídas como `{layer}`, {valid:,} válidas, {invalid:,} con errores, {other:,} avisos o reparaciones",
    },
    "imported": {
        "en": "imported {rows:,} rows into `{layer}` of {workspace} (content hash {hash})",
        "es": "se importaron {rows:,} filas en `{layer}` de {workspace} (hash de contenido {hash})",
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
}


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
        "import", help="validate a file, then add or replace the layer in a workspace"
    )
    imp.add_argument("file", type=Path)
    imp.add_argument("--layer", required=True, choices=schema.LAYERS, help=f"one of {layers}")
    imp.add_argument(
        "--workspace",
        type=Path,
        default=settings.workspace,
        help="workspace GeoPackage, created if missing (default: CONVIVENCIA_WORKSPACE or data/demo.gpkg)",
    )
    imp.add_argument(
        "--crs", default=None, help="CRS of projected x/y columns in a CSV, e.g. EPSG:9377"
    )
    imp.add_argument(
        "--allow-invalid-rows",
        action="store_true",
        help="import the valid rows of a file whose rows have errors (the invalid rows are recorded)",
    )
    imp.add_argument("--city", default=None, help="city name for a workspace this import creates")
    return parser


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
    from geo.importer import import_file

    if not args.file.exists():
        print(_say("no_file", lang, file=args.file), file=sys.stderr)
        return EXIT_USAGE
    result = import_file(
        args.file,
        args.layer,
        args.workspace,
        crs=args.crs,
        allow_invalid_rows=args.allow_invalid_rows,
        city_name=args.city,
    )
    _print_report(result.report, lang)
    if not result.imported:
        invalid = len(result.report.invalid_rows)
        print(
            _say(result.reason, lang, invalid=invalid, valid=result.report.n_valid), file=sys.stderr
        )
        return EXIT_INVALID
    assert result.workspace is not None
    print(
        _say(
            "imported",
            lang,
            rows=result.rows,
            layer=args.layer,
            workspace=args.workspace,
            hash=result.workspace.content_hash[:12],
        )
    )
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code."""
    args = _parser().parse_args(argv)
    lang = args.lang or settings.language
    commands = {"demo": _cmd_demo, "validate": _cmd_validate, "import": _cmd_import}
    try:
        return commands[args.command](args, lang)
    except ConvivenciaError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INVALID


if __name__ == "__main__":
    sys.exit(main())
