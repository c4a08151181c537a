"""``cli.py territories evaluate|propose`` on the small demo: files, figures, words, exit codes."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from cli import EXIT_INVALID, EXIT_OK, EXIT_USAGE, main
from geo.workspace import Workspace
from models.territories import TEAM_COLUMNS


def test_evaluate_writes_one_row_per_team_and_says_it(
    small_workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, barrios = tmp_path / "teams.geojson", tmp_path / "barrios.csv"
    code = main(
        [
            "--lang",
            "en",
            "territories",
            "evaluate",
            "--workspace",
            str(small_workspace),
            "--out",
            str(out),
            "--barrios",
            str(barrios),
        ]
    )
    printed = capsys.readouterr().out
    assert code == EXIT_OK, printed
    teams = gpd.read_file(out)
    territories = Workspace(small_workspace).read("territories")
    assert len(teams) == len(territories)
    assert [c for c in TEAM_COLUMNS if c in teams.columns] == list(TEAM_COLUMNS)
    assert teams["explanation"].str.endswith(".").all()
    assert teams["target"].nunique() == 1
    assert teams["vs_target"].sum() == pytest.approx(0, abs=1e-9)
    table = pd.read_csv(barrios)
    assert len(table) == len(Workspace(small_workspace).read("neighborhoods"))
    assert "Synthetic demo data" in printed
    assert "coefficient of variation" in printed
    for team in territories["team"]:
        assert f"{team}:" in printed


def test_propose_moves_few_barrios_from_the_current_plan(
    small_workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "plan.gpkg"
    code = main(
        [
            "--lang",
            "es",
            "territories",
            "propose",
            "--workspace",
            str(small_workspace),
            "--teams",
            "8",
            "--from-current",
            "--max-moves",
            "4",
            "--seed",
            "3",
            "--out",
            str(out),
        ]
    )
    printed = capsys.readouterr().out
    assert code == EXIT_OK, printed
    plan = gpd.read_file(out)
    assert {"neighborhood_id", "name", "territory_id", "current_territory", "moved"} <= set(
        plan.columns
    )
    assert plan["neighborhood_id"].is_unique
    assert (plan["territory_id"] != "").all()
    assert int(plan["moved"].sum()) <= 4
    assert "Antes:" in printed and "Después:" in printed
    assert "Datos sintéticos" in printed


def test_propose_same_seed_same_plan_csv(small_workspace: Path, tmp_path: Path) -> None:
    files = [tmp_path / "a.csv", tmp_path / "b.csv"]
    for f in files:
        assert (
            main(
                [
                    "territories",
                    "propose",
                    "--workspace",
                    str(small_workspace),
                    "--teams",
                    "6",
                    "--seed",
                    "7",
                    "--out",
                    str(f),
                ]
            )
            == EXIT_OK
        )
    assert files[0].read_bytes() == files[1].read_bytes()


@pytest.mark.parametrize(
    ("args", "code", "said"),
    [
        (["--teams", "500"], EXIT_INVALID, "500 equipos para"),
        (["--teams", "8", "--lock", "NOPE"], EXIT_INVALID, "NOPE"),
        (["--teams", "8", "--balance", "nothing"], EXIT_INVALID, "«nothing»"),
        (["--teams", "8", "--max-moves", "3"], EXIT_INVALID, "partiendo de los territorios"),
        (["--teams", "0"], EXIT_USAGE, "teams"),
    ],
)
def test_bad_requests_are_said_in_the_language(
    small_workspace: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    code: int,
    said: str,
) -> None:
    out = tmp_path / "x.csv"
    got = main(
        [
            "--lang",
            "es",
            "territories",
            "propose",
            "--workspace",
            str(small_workspace),
            *args,
            "--out",
            str(out),
        ]
    )
    err = capsys.readouterr().err
    assert got == code, err
    assert said in err
    assert not out.exists()


def test_evaluate_needs_territories(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "territories",
            "evaluate",
            "--workspace",
            str(tmp_path / "none.gpkg"),
            "--out",
            str(tmp_path / "t.csv"),
        ]
    )
    assert code == EXIT_INVALID
    assert "none.gpkg" in capsys.readouterr().err
