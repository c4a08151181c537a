"""cli.py recommend parks: the ranking and portfolio file, the printout, scenarios, errors."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from cli import main
from geo.workspace import Workspace
from tests.app import pagetest

BUDGET = "2000000000"


def _parks(ws: Path, out: Path, *extra: str, lang: str = "en") -> int:
    args = ["--lang", lang, "recommend", "parks", "--workspace", str(ws), "--out", str(out)]
    return main([*args, "--budget", BUDGET, *extra])


def test_recommend_parks_writes_one_row_per_space(
    small_workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "parks.csv"
    assert _parks(small_workspace, out) == 0
    table = pd.read_csv(out)
    spaces = Workspace(small_workspace).read("public_spaces")
    assert len(table) == len(spaces)
    for col in ("space_id", "name", "rank", "score", "activation_cost", "selected"):
        assert col in table.columns
    for col in ("marginal_gain", "explanation", "c_harm", "c_conflicts", "c_gap"):
        assert col in table.columns
    chosen = table[table["selected"]]
    assert 0 < chosen["activation_cost"].sum() <= float(BUDGET)
    active = table["space_id"].isin(spaces.loc[spaces["activation_status"] == "active", "space_id"])
    assert table.loc[active, "rank"].isna().all() and not table.loc[active, "selected"].any()
    ranks = table.loc[~active, "rank"].astype(int)
    assert sorted(ranks) == list(range(1, int((~active).sum()) + 1))
    text = capsys.readouterr().out
    assert f"Portfolio: {len(chosen)} spaces" in text
    assert "Exact" in text and "greedy" in text and "gap" in text
    assert f"wrote {len(table)} rows to {out}" in text


def test_recommend_parks_in_spanish_as_geojson_with_constraints(
    small_workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "parks.geojson"
    assert _parks(small_workspace, out, "--per-comuna", "--exclude", "E01", lang="es") == 0
    frame = gpd.read_file(out)
    assert not frame.loc[frame["space_id"] == "E01", "selected"].any()
    text = capsys.readouterr().out
    assert "Portafolio:" in text and "Necesidad cubierta" in text
    assert "riñas" in " ".join(frame["explanation"]) or "homicidio" in " ".join(
        frame["explanation"]
    )


def test_a_scenario_is_saved_and_not_replaced_without_the_flag(
    workspace_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "parks.csv"
    assert _parks(workspace_copy, out, "--scenario", "Base") == 0
    assert Workspace(workspace_copy).scenarios("parks")["name"].tolist() == ["Base"]
    assert _parks(workspace_copy, out, "--scenario", "Base") == 1
    assert "a scenario 'Base' exists" in capsys.readouterr().err
    assert _parks(workspace_copy, out, "--scenario", "Base", "--replace-scenario") == 0


def test_recommend_errors_name_what_is_wrong(
    small_workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _parks(small_workspace, tmp_path / "p.txt") == 2
    assert "must end in" in capsys.readouterr().err
    assert _parks(tmp_path / "none.gpkg", tmp_path / "p.csv") == 1
    assert "does not exist" in capsys.readouterr().err
    assert _parks(small_workspace, tmp_path / "p.csv", "--must", "E999") == 1
    assert "no public space has the id E999" in capsys.readouterr().err
    assert _parks(small_workspace, tmp_path / "p.csv", "--weight", "fear=1") == 2
    assert "unknown weight 'fear'" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        _parks(small_workspace, tmp_path / "p.csv", "--weight", "harm")
    assert "is not NAME=W" in capsys.readouterr().err


# -- cli.py recommend neighborhoods ------------------------------------------------------

#: The columns issue 8 asks of ``recommend neighborhoods --out``.
HOOD_COLUMNS = (
    "neighborhood_id",
    "name",
    "rank",
    "priority",
    "violence",
    "trend",
    "early_warning",
    "vulnerability",
    "gaps",
    "p_top_k",
    "missing_components",
    "explanation",
)


def _hoods(ws: Path, out: Path, *extra: str, lang: str = "en") -> int:
    args = ["--lang", lang, "recommend", "neighborhoods", "--workspace", str(ws), "--out", str(out)]
    return main([*args, *extra])


def test_recommend_neighborhoods_writes_one_row_per_barrio(
    small_workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "hoods.csv"
    assert _hoods(small_workspace, out, "--top", "5", "--draws", "200") == 0
    table = pd.read_csv(out, keep_default_na=False, na_values=[""])
    hoods = Workspace(small_workspace).read("neighborhoods")
    assert len(table) == len(hoods)
    assert set(table["neighborhood_id"]) == set(hoods["neighborhood_id"])
    for col in HOOD_COLUMNS:
        assert col in table.columns, col
    assert list(table.columns[: len(HOOD_COLUMNS)]) == list(HOOD_COLUMNS)
    assert table["rank"].tolist() == list(range(1, len(hoods) + 1))
    assert table["priority"].is_monotonic_decreasing
    assert table["p_top_k"].between(0, 1).all()
    assert table["p_top_k"].sum() == pytest.approx(5.0)
    codes = {c for m in table["missing_components"].fillna("") for c in m.split(",") if c}
    assert codes <= {
        "interruption",
        "intervention",
        "prevention",
        "safe_environments",
        "access_to_justice",
    }
    assert table["explanation"].str.startswith("Investment priority ").all()
    text = capsys.readouterr().out
    lines = text.splitlines()
    head = lines.index("The 5 priority neighbourhoods for investment:")
    for k, row in enumerate(table.head(5).itertuples()):
        line = lines[head + 1 + k]
        assert row.neighborhood_id in line and row.name in line and row.explanation in line
    assert "This is a list of where to invest, not of 'dangerous' neighbourhoods" in text
    assert f"wrote {len(table)} rows to {out}" in text


def test_recommend_neighborhoods_in_spanish_as_geojson(
    small_workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "barrios.geojson"
    extra = ("--until", "2024-06-30", "--weight", "violence=1", "--draws", "100")
    assert _hoods(small_workspace, out, *extra, lang="es") == 0
    frame = gpd.read_file(out)
    assert len(frame) == len(Workspace(small_workspace).read("neighborhoods"))
    assert frame.geometry.notna().all() and frame.crs.to_epsg() == 4326
    assert frame["explanation"].str.startswith("Prioridad de inversión ").all()
    # one weight: the ranking is the violence pillar's (ties by neighborhood_id)
    by_violence = frame.sort_values(["violence", "neighborhood_id"], ascending=[False, True])
    assert frame["neighborhood_id"].tolist() == by_violence["neighborhood_id"].tolist()
    text = capsys.readouterr().out
    assert "Periodo 2023-07-01 a 2024-06-30, frente a los 12 meses anteriores." in text
    assert "Los 10 barrios prioritarios para invertir:" in text
    assert "no de barrios «peligrosos»" in text
    assert "Investment" not in text and "neighbourhood" not in text


def test_recommend_neighborhoods_errors_name_what_is_wrong(
    small_workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _hoods(small_workspace, tmp_path / "h.txt") == 2
    assert "must end in" in capsys.readouterr().err
    assert _hoods(small_workspace, tmp_path / "h.csv", "--weight", "danger=1") == 2
    assert "unknown pillar 'danger'" in capsys.readouterr().err
    assert _hoods(small_workspace, tmp_path / "h.csv", "--top", "0") == 2
    assert "`top_k` must be a whole number of at least 1" in capsys.readouterr().err
    only = pagetest.workspace_with(small_workspace, tmp_path / "only.gpkg", ("incidents",))
    assert _hoods(only.path, tmp_path / "h.csv", lang="es") == 1
    err = capsys.readouterr().err
    assert "no tiene la capa `neighborhoods`" in err and "cli.py import" in err
    assert not (tmp_path / "h.csv").exists()
