"""cli.py hotspots: every method writes a valid file; errors give exit codes 1 and 2."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from catalog.models import METHOD_NAMES
from cli import HOTSPOT_FLAGS, HOTSPOT_METHODS, HOTSPOT_TIME_STEPS, main
from geo.workspace import Workspace, write_workspace
from models.hotspots import METHODS, TIME_STEPS

VIOLENCE = ["--category", "homicide", "injury", "sexual"]
#: A column each method's file must have.
KEY_COLUMN = {
    "gi": "gi_bin",
    "lisa": "lisa_label",
    "kde": "level",
    "dbscan": "n_incidents",
    "hdbscan": "n_incidents",
    "emerging": "category",
}


def _run(ws: Path, out: Path, *extra: str, lang: str = "en") -> int:
    return main(["--lang", lang, "hotspots", "--workspace", str(ws), "--out", str(out), *extra])


def test_the_cli_offers_the_models_methods() -> None:
    assert HOTSPOT_METHODS == METHODS
    assert HOTSPOT_TIME_STEPS == TIME_STEPS


def test_every_option_of_every_method_has_a_flag() -> None:
    """Issue 7: the flags are the specs' options (HDBSCAN's limit is a setting)."""
    from models.hotspots import SPECS

    options = {name for spec in SPECS.values() for name in spec.option_names()}
    assert options - set(HOTSPOT_FLAGS) == {"max_incidents"}
    assert set(HOTSPOT_FLAGS) <= options


@pytest.mark.parametrize("method", METHODS)
def test_each_method_writes_geojson(
    method: str, small_workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / f"{method}.geojson"
    assert _run(small_workspace, out, "--method", method, *VIOLENCE) == 0
    frame = gpd.read_file(out)
    assert len(frame) > 0
    assert KEY_COLUMN[method] in frame.columns
    assert frame.crs.equals("EPSG:4326")
    text = capsys.readouterr().out
    assert f"{METHOD_NAMES[method]['en']} on " in text and "incidents from 2018-01-01" in text
    assert "Top hot spots:" in text and "  1. " in text
    assert f"wrote {len(frame):,} rows to {out}" in text


def test_csv_with_options_and_spanish_messages(
    small_workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "gi.csv"
    args = ["--method", "gi", "--cell-size", "250", "--distance", "750", "--shape", "hex"]
    args += ["--weight", "harm", "--since", "2022-01-01", "--until", "2023-12-31", *VIOLENCE]
    assert _run(small_workspace, out, *args, lang="es") == 0
    table = pd.read_csv(out)
    assert {"cell_i", "cell_j", "value", "gi_z", "gi_p", "gi_bin", "wkt"} <= set(table.columns)
    assert table["wkt"].str.startswith("POLYGON").all()
    text = capsys.readouterr().out
    assert "Las celdas miden 250 m (elegido por usted)" in text
    assert "Son vecinas las celdas a 750 m o menos (elegido por usted)" in text
    assert "de 2022-01-01 a 2023-12-31" in text
    assert "Principales puntos calientes:" in text


def test_lisa_by_neighbourhood_csv(
    small_workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "lisa.csv"
    assert _run(small_workspace, out, "--method", "lisa", "--units", "neighborhoods") == 0
    table = pd.read_csv(out)
    assert {"neighborhood_id", "rate_100k", "lisa_label"} <= set(table.columns)
    assert len(table) == len(Workspace(small_workspace).read("neighborhoods"))
    assert "neighbourhood" in capsys.readouterr().out


def test_missing_workspace_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x.geojson"
    assert _run(tmp_path / "none.gpkg", out, "--method", "gi") == 1
    assert "none.gpkg does not exist" in capsys.readouterr().err
    assert not out.exists()


def test_missing_incidents_layer_exits_1(
    small_workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hoods = Workspace(small_workspace).read("neighborhoods")
    ws = write_workspace(
        tmp_path / "hoods.gpkg",
        {"neighborhoods": hoods},
        city_name="t",
        provenance="t",
        synthetic=False,
    )
    assert _run(ws.path, tmp_path / "x.geojson", "--method", "kde") == 1
    assert "no `incidents` layer" in capsys.readouterr().err


def test_no_incident_passing_the_filters_exits_1(
    small_workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(small_workspace, tmp_path / "x.csv", "--method", "gi", "--since", "2031-01-01") == 1
    assert "only 0 incidents pass the filters" in capsys.readouterr().err


@pytest.mark.parametrize(
    "args",
    [
        ["--method", "kriging"],
        ["--method", "gi", "--category", "kidnapping"],
        ["--method", "gi", "--since", "2024-13-01"],
        ["--method", "gi", "--cell-size", "-5"],
        ["--method", "gi", "--shape", "triangle"],
    ],
)
def test_bad_arguments_exit_2(small_workspace: Path, tmp_path: Path, args: list[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        _run(small_workspace, tmp_path / "x.csv", *args)
    assert exc.value.code == 2


def test_an_unknown_output_format_exits_2(
    small_workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(small_workspace, tmp_path / "x.shp", "--method", "gi") == 2
    assert "must end in .geojson, .csv, .gpkg, .parquet" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "lang", "message"),
    [
        (
            ("--method", "gi", "--bandwidth", "300"),
            "en",
            "--bandwidth does not apply to --method gi; its options are --weight, --cell-size",
        ),
        (
            ("--method", "kde", "--shape", "hex", "--no-fdr"),
            "es",
            "--no-fdr, --shape no se aplican a --method kde; sus opciones son --weight, --bandwidth",
        ),
        (
            ("--method", "lisa", "--units", "neighborhoods", "--cell-size", "200"),
            "en",
            "--cell-size does not apply to --method lisa",
        ),
    ],
)
def test_an_option_of_another_method_exits_2_and_says_so(
    small_workspace: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: tuple[str, ...],
    lang: str,
    message: str,
) -> None:
    """Issue 7: options that do not apply to a method are an error, not silently ignored."""
    out = tmp_path / "x.geojson"
    assert _run(small_workspace, out, *args, lang=lang) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_help_documents_the_columns(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["hotspots", "--help"])
    assert exc.value.code == 0
    text = capsys.readouterr().out
    for column in ("gi_bin", "lisa_label", "area_km2", "nearest_space", "hot_since"):
        assert column in text


# -- habits of a command line (issue 6, item 10) --------------------------------------

ROOT = Path(__file__).resolve().parents[1]
#: Words that give away the other language in a run's output.
ENGLISH = ("incidents", "cells", "wrote", "Top hot spots", "confidence", " from ")
SPANISH = ("incidentes", "celdas", "se escribieron", "Principales", "confianza", " de 20")


def _out(capsys: pytest.CaptureFixture[str]) -> str:
    return capsys.readouterr().out


def test_lang_works_before_and_after_the_command(
    small_workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--workspace", str(small_workspace), "--method", "kde", *VIOLENCE]
    before = main(["--lang", "es", "hotspots", *args, "--out", str(tmp_path / "a.csv")])
    text_before = _out(capsys)
    after = main(["hotspots", *args, "--out", str(tmp_path / "b.csv"), "--lang", "es"])
    text_after = _out(capsys)
    assert before == after == 0
    assert text_before.replace("a.csv", "b.csv") == text_after
    assert "Principales puntos calientes:" in text_after
    # the command's --lang wins over the one before it
    assert (
        main(["--lang", "es", "hotspots", *args, "--out", str(tmp_path / "c.csv"), "--lang", "en"])
        == 0
    )
    assert "Top hot spots:" in _out(capsys)


def test_help_and_argument_errors_follow_the_language(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["hotspots", "--help", "--lang", "es"])
    assert exc.value.code == 0
    text = _out(capsys)
    assert text.startswith("uso: cli.py hotspots")
    assert "muestra esta ayuda y termina" in text and "opciones:" in text
    assert "primera fecha, AAAA-MM-DD o DD/MM/AAAA" in text
    assert "columnas de --out" in text and "show this help" not in text
    with pytest.raises(SystemExit) as exc:
        main(["--lang", "es", "--help"])
    text = _out(capsys)
    assert "encuentra puntos calientes" in text and "escribe el espacio de trabajo" in text
    with pytest.raises(SystemExit) as exc:
        main(["--lang", "es", "hotspots", "--method", "kriging", "--out", "x.csv"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "argumento --method: opción no válida: 'kriging'" in err
    with pytest.raises(SystemExit):
        main(
            [
                "hotspots",
                "--method",
                "gi",
                "--out",
                "x.csv",
                "--since",
                "31/02/2021",
                "--lang",
                "es",
            ]
        )
    assert "'31/02/2021' no es una fecha" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(
            [
                "--lang",
                "en",
                "hotspots",
                "--method",
                "gi",
                "--out",
                "x.csv",
                "--category",
                "kidnapping",
            ]
        )
    assert "'kidnapping' is not a category" in capsys.readouterr().err


def test_spanish_category_names_and_day_first_dates(
    small_workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    codes = tmp_path / "codes.csv"
    names = tmp_path / "names.csv"
    common = ["--method", "gi", "--cell-size", "300", "--distance", "900"]
    iso = [*VIOLENCE, "--since", "2022-01-01", "--until", "2023-12-31"]
    spanish = ["--category", "Homicidio", "LESIONES PERSONALES", "delito sexual"]
    spanish += ["--since", "01/01/2022", "--until", "31/12/2023"]
    assert _run(small_workspace, codes, *common, *iso) == 0
    assert _run(small_workspace, names, *common, *spanish) == 0
    assert codes.read_bytes() == names.read_bytes()
    assert "from 2022-01-01 to 2023-12-31" in _out(capsys)


@pytest.mark.parametrize("suffix", [".geojson", ".csv", ".gpkg", ".parquet"])
def test_out_writes_every_format_of_the_data_page(
    suffix: str, small_workspace: Path, tmp_path: Path
) -> None:
    out = tmp_path / f"kde{suffix}"
    top_out = tmp_path / f"top{suffix}"
    args = ["--method", "kde", "--top-out", str(top_out), "--top", "3", *VIOLENCE]
    assert _run(small_workspace, out, *args) == 0
    for path, key in ((out, "level"), (top_out, "rank")):
        if suffix == ".csv":
            frame = pd.read_csv(path)
            assert frame["wkt"].str.startswith(("POLYGON", "MULTIPOLYGON")).all()
        elif suffix == ".parquet":
            frame = gpd.read_parquet(path)
        else:
            frame = gpd.read_file(path)
        assert key in frame.columns and len(frame) > 0
        if suffix != ".csv":
            assert frame.crs.equals("EPSG:4326")


def test_top_out_writes_the_zones_with_rank_description_and_the_tables_columns(
    small_workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, top_out = tmp_path / "gi.geojson", tmp_path / "top.geojson"
    args = ["--method", "gi", "--top-out", str(top_out), "--top", "4", *VIOLENCE]
    assert _run(small_workspace, out, *args, lang="es") == 0
    printed = [line[5:] for line in _out(capsys).splitlines() if line[:3].strip().isdigit()]
    top = gpd.read_file(top_out)
    assert list(top.columns[:3]) == ["rank", "description", "area"]
    # the on-screen table: rank, description, incidents, harm, confidence, trend
    assert {"n_incidents", "harm", "confidence", "trend", "measure"} <= set(top.columns)
    assert top["rank"].tolist() == list(range(1, len(top) + 1)) and len(top) == 4
    assert top["description"].tolist() == printed
    assert set(top["trend"]) <= {"En aumento", "En descenso", "Estable", ""}
    assert top["area"].str.endswith(("m²", "ha", "km²")).all()
    assert set(top.geom_type) <= {"Polygon", "MultiPolygon"}


def test_piping_into_head_ends_quietly(small_workspace: Path, tmp_path: Path) -> None:
    err = tmp_path / "err.txt"
    command = (
        f"{sys.executable} cli.py --lang en hotspots --workspace {small_workspace} "
        f"--method gi --top 50 --out {tmp_path / 'x.csv'} 2> {err} | head -1"
    )
    done = subprocess.run(
        ["bash", "-c", command], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.stdout.startswith("Gi* hot spots on ") and done.stdout.count("\n") == 1
    assert "Traceback" not in err.read_text() and err.read_text() == ""
    assert (tmp_path / "x.csv").exists()


@pytest.mark.parametrize("lang", ["es", "en"])
def test_one_language_per_run(
    lang: str, small_workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for method in ("gi", "dbscan"):
        assert _run(small_workspace, tmp_path / "x.csv", "--method", method, lang=lang) == 0
        text = _out(capsys)
        other = ENGLISH if lang == "es" else SPANISH
        assert not [w for w in other if w in text], text
        if lang == "es":
            # thousands with a point, never "8,318 incidentes"
            assert not re.search(r"\b\d{1,3}(,\d{3})+\b", text), text
            assert re.search(r"\b\d{1,3}(\.\d{3})+ (incidentes|filas|celdas)", text), text
        else:
            assert not re.search(r"\b\d{1,3}(\.\d{3})+ (incidents|rows|cells)", text), text


def test_help_follows_the_default_language_setting(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from geo import settings

    monkeypatch.setattr(settings, "language", "es")
    with pytest.raises(SystemExit):
        main(["hotspots", "--help"])
    assert _out(capsys).startswith("uso: cli.py hotspots")
    monkeypatch.setattr(settings, "language", "en")
    with pytest.raises(SystemExit):
        main(["hotspots", "--help"])
    assert _out(capsys).startswith("usage: cli.py hotspots")


# -- latency (issue 7): a method loads only what it needs -------------------------------

#: Packages only LISA (esda, libpysal), the clusters (scikit-learn) or KDE
#: (scipy.signal) need, and scipy.stats (about 1 s of import for one formula).
OTHER_METHODS_PACKAGES = (
    "esda",
    "libpysal",
    "sklearn",
    "hdbscan",
    "matplotlib",
    "scipy.signal",
    "scipy.stats",
)
_LOADED = (
    "import sys, cli\n"
    "before = sorted(m for m in {names} if m in sys.modules)\n"
    "code = cli.main(sys.argv[1:])\n"
    "after = sorted(m for m in {names} if m in sys.modules)\n"
    "print('LOADED', before, after, code)\n"
)


def test_gi_loads_no_package_of_another_method(small_workspace: Path, tmp_path: Path) -> None:
    script = _LOADED.format(names=repr(OTHER_METHODS_PACKAGES))
    argv = ["--lang", "en", "hotspots", "--workspace", str(small_workspace), "--method", "gi"]
    argv += ["--out", str(tmp_path / "gi.csv")]
    done = subprocess.run(
        [sys.executable, "-c", script, *argv], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    line = next(row for row in done.stdout.splitlines() if row.startswith("LOADED"))
    assert line == "LOADED [] [] 0", line
    assert (tmp_path / "gi.csv").exists()


def test_too_few_incidents_is_said_in_the_language_of_the_run(
    small_workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["hotspots", "--workspace", str(small_workspace), "--method", "gi"]
    args += ["--since", "2018-01-01", "--until", "2018-01-01", "--category", "homicidio"]
    assert main(["--lang", "es", *args, "--out", str(tmp_path / "x.csv")]) == 1
    err = capsys.readouterr().err
    assert "pasan los filtros" in err and "se necesitan al menos 3" in err
    assert not (tmp_path / "x.csv").exists()
