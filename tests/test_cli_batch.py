"""cli.py batch hotspots: three cities in one file, a bad row reported, a city with too few."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from cli import BATCH_FORMATS, main
from geo.export import FORMAT_CODES
from tests.models.test_batch import city_incidents

#: The bad row: Beta's sixth incident has a category no one knows.
BAD = 5


@pytest.fixture(scope="module")
def one_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``all.parquet``: Alpha (500 incidents), Beta (300, one bad row), Gamma (2), a `city` column."""
    frames = [
        city_incidents("Alpha", 500, -76.30, 3.54, seed=1).assign(city="Alpha"),
        city_incidents("Beta", 300, -75.57, 6.25, seed=2).assign(city="Beta"),
        city_incidents("Gamma", 2, -74.08, 4.61, seed=3).assign(city="Gamma"),
    ]
    frames[1].loc[BAD, "category"] = "dragon"
    path = tmp_path_factory.mktemp("cli-batch") / "all.parquet"
    gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs="EPSG:4326").to_parquet(path)
    return path


def _batch(one_file: Path, out: Path, *extra: str, lang: str = "en", method: str = "gi") -> int:
    args = ["--lang", lang, "batch", "hotspots", "--input", str(one_file), "--by", "city"]
    return main([*args, "--method", method, "--out", str(out), *extra])


def test_three_cities_end_to_end(
    one_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _batch(one_file, tmp_path) == 1  # a city without a result: exit 1, the others written
    said = capsys.readouterr()
    assert "3/3 cities done" in said.err and "Batch: 3 cities, 802 rows" in said.out
    assert "serially in this process" in said.out
    summary = pd.read_csv(tmp_path / "summary.csv").set_index("city")
    assert summary["status"].to_dict() == {
        "Alpha": "analysed",
        "Beta": "invalid rows",
        "Gamma": "too few incidents",
    }
    assert summary.loc["Beta", "reason"].startswith("1 of 300 rows have errors")
    assert "only 2 incidents pass the filters" in summary.loc["Gamma", "reason"]
    assert summary.loc["Alpha", "hot"] > 0
    assert "cells: a hot spot at 99 % confidence" in summary.loc["Alpha", "top_zone"]
    assert summary.loc["Alpha", "file"] == "Alpha.geojson"
    assert (tmp_path / "Alpha.geojson").exists() and not (tmp_path / "Beta.geojson").exists()
    problems = pd.read_csv(tmp_path / "problems.csv")
    bad = problems[problems["severity"] == "error"]
    # the bad row is named by the file's own row number (Alpha's 500 rows come first)
    row = 500 + BAD + 1
    assert bad[["city", "file", "row", "column"]].values.tolist() == [
        ["Beta", "all.parquet", row, "category"]
    ]
    assert f"all.parquet row {row:,}" in bad["message"].iloc[0]
    assert "dragon" in bad["message"].iloc[0]


def test_invalid_rows_allowed_in_spanish(
    one_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _batch(one_file, tmp_path, "--allow-invalid-rows", lang="es") == 1  # Gamma still fails
    said = capsys.readouterr()
    assert "3/3 ciudades listas" in said.err
    summary = pd.read_csv(tmp_path / "summary.csv")
    beta = summary.set_index("ciudad").loc["Beta"]
    assert (beta["estado"], beta["rechazadas"], beta["incidentes"]) == ("analizada", 1, 299)
    assert beta["motivo"].startswith("1 filas inválidas quedaron fuera")
    assert (tmp_path / "Beta.geojson").exists()


def test_usage_errors(one_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _batch(one_file, tmp_path, "--units", "neighborhoods", method="lisa") == 2
    assert "needs the `neighborhoods` layer" in capsys.readouterr().err
    assert _batch(tmp_path / "missing.parquet", tmp_path) == 2
    assert "does not exist" in capsys.readouterr().err
    assert _batch(one_file, tmp_path, "--by", "municipio") == 2
    assert "has no `municipio` column" in capsys.readouterr().err
    assert _batch(one_file, tmp_path, "--workers", "0") == 2
    assert not list(tmp_path.iterdir())  # nothing ran, nothing written
    with pytest.raises(SystemExit):
        _batch(one_file, tmp_path, "--workers", "2", "--scheduler", "tcp://127.0.0.1:1")
    assert "not allowed with argument" in capsys.readouterr().err


def test_the_formats_are_the_exports() -> None:
    assert set(BATCH_FORMATS) == set(FORMAT_CODES)


def test_help_in_both_languages(capsys: pytest.CaptureFixture[str]) -> None:
    for lang, word in (("en", "single-threaded"), ("es", "procesos de un hilo")):
        with pytest.raises(SystemExit):
            main(["--lang", lang, "batch", "hotspots", "--help"])
        text = " ".join(capsys.readouterr().out.split())
        assert "--tile-incidents" in text and word in text
