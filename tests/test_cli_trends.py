"""cli.py trends: the six tables as a folder, a ZIP or a GeoPackage, the printout, errors."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pandas as pd
import pyogrio
import pytest

from cli import main
from models.trends_text import TABLES


def _trends(ws: Path, out: Path, *extra: str, lang: str = "en") -> int:
    return main(["--lang", lang, "trends", "--workspace", str(ws), "--out", str(out), *extra])


def test_trends_writes_one_csv_per_table_and_says_what_they_show(
    small_workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "trends"
    assert _trends(small_workspace, out, "--permutations", "19") == 0
    for name in TABLES:
        assert (out / f"{name}.csv").is_file(), name
    rhythm = pd.read_csv(out / "rhythm.csv")
    assert len(rhythm) == 7 * 24 + 7
    series = pd.read_csv(out / "series.csv")
    total = series[series["group"] == "Total"]["count"].sum()
    grid = rhythm[rhythm["hour"].notna()]["value"].sum()
    apart = rhythm[rhythm["hour"].isna()]["value"].sum()
    assert grid + apart <= total + 1e-6 and grid > 0.9 * total
    knox = pd.read_csv(out / "knox.csv")
    assert {"distance", "days", "observed", "expected", "ratio", "p"} <= set(knox.columns)
    comparison = pd.read_csv(out / "comparison.csv")
    assert comparison.iloc[0]["level"] == "total"
    text = capsys.readouterr().out
    assert "Synthetic demo data" in text and "Friday and Saturday nights" in text
    assert "within chance" in text or "chance does not explain" in text


def test_trends_in_spanish_to_a_zip_and_a_geopackage(
    small_workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = tmp_path / "t.zip"
    args = ("--area", "comuna:1", "--category", "riña", "amenaza", "--permutations", "0")
    assert _trends(small_workspace, archive, *args, lang="es") == 0
    with zipfile.ZipFile(archive) as zf:
        assert sorted(zf.namelist()) == sorted(f"{n}.csv" for n in TABLES)
        days = pd.read_csv(zf.open("days.csv"))
    assert set(days["day"]) <= {
        "lunes",
        "martes",
        "miércoles",
        "jueves",
        "viernes",
        "sábado",
        "domingo",
    }
    text = capsys.readouterr().out
    assert "Datos sintéticos" in text and "incidentes del" in text
    gpkg = tmp_path / "t.gpkg"
    assert _trends(small_workspace, gpkg, "--step", "week", "--measure", "harm") == 0
    assert sorted(pyogrio.list_layers(gpkg)[:, 0]) == sorted(TABLES)


@pytest.mark.parametrize(
    ("args", "code", "said"),
    [
        (("--area", "district:2"), 2, "KIND:ID"),
        (("--area", "neighborhood:NOPE"), 1, "no neighborhood 'NOPE'"),
        (("--months", "0"), 2, "`months`"),
        (("--since", "2031-01-01"), 1, "no incident"),
    ],
)
def test_trends_errors_name_the_problem(
    small_workspace: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: tuple[str, ...],
    code: int,
    said: str,
) -> None:
    assert _trends(small_workspace, tmp_path / "out", *args) == code
    assert said in capsys.readouterr().err


def test_trends_refuses_an_unknown_ending_and_a_missing_workspace(
    small_workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _trends(small_workspace, tmp_path / "t.xlsx") == 2
    assert "a folder, a .zip or a .gpkg" in capsys.readouterr().err
    assert _trends(tmp_path / "none.gpkg", tmp_path / "out") == 1
