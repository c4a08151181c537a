"""cli.py hotspots: every method writes a valid file; errors give exit codes 1 and 2."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from cli import HOTSPOT_METHODS, HOTSPOT_TIME_STEPS, main
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
    assert f"{method} on " in text and "incidents from 2018-01-01" in text
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
        ["--method", "gi", "--category", "murder"],
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
    assert "must end in .geojson or .csv" in capsys.readouterr().err


def test_help_documents_the_columns(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["hotspots", "--help"])
    assert exc.value.code == 0
    text = capsys.readouterr().out
    for column in ("gi_bin", "lisa_label", "area_km2", "nearest_space", "hot_since"):
        assert column in text
