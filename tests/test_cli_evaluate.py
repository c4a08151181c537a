"""``cli.py evaluate`` on the small demo: the files, the headline's keys, the words, exit codes.

Few permutations everywhere (``--permutations 9`` or ``0``): the randomisation's precision is
not what these tests check.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from catalog.say import number, say
from cli import EXIT_INVALID, EXIT_OK, EXIT_USAGE, main
from geo.workspace import Workspace
from models.evaluation import GROUPS, MIN_PRE, MIN_TREATED

EVENT_COLUMNS = ["rel", "reference", "binned", "estimate", "ci_low", "ci_high", "coef", "se", "p"]
ESTIMATE_KEYS = {"estimate", "ci_low", "ci_high", "p"}
HEADLINE_KEYS = {
    "treated",
    "neighbours",
    "pre_trend_p",
    "n_treated",
    "n_neighbours",
    "n_controls",
    "step",
    "outcome",
}
#: The fixed words of the headline sentence either side of the treated barrios' count.
HEADLINE = {
    "es": ("La violencia en los {n} barrios con gestores", "barrios comparables"),
    "en": ("Violence in the {n} barrios with gestores", "against comparable barrios"),
}


def _evaluate(lang: str, workspace: Path, out: Path, *args: str) -> int:
    """``cli.py --lang LANG evaluate --workspace W --out OUT ARGS...``."""
    return main(
        ["--lang", lang, "evaluate", "--workspace", str(workspace), "--out", str(out), *args]
    )


def _other(lang: str) -> str:
    return "en" if lang == "es" else "es"


@pytest.mark.parametrize("lang", ["es", "en"])
def test_writes_the_event_study_the_headline_and_the_barrios(
    small_workspace: Path,
    workspace_copy: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    lang: str,
) -> None:
    out, headline, barrios = tmp_path / "event.csv", tmp_path / "h.json", tmp_path / "b.geojson"
    code = _evaluate(
        lang,
        workspace_copy,
        out,
        *("--json", str(headline), "--barrios", str(barrios), "--permutations", "9"),
    )
    captured = capsys.readouterr()
    printed = captured.out
    assert code == EXIT_OK, captured.err

    # the event study: leads and lags around the reference period -1
    table = pd.read_csv(out)
    assert list(table.columns) == EVENT_COLUMNS
    assert table["rel"].is_monotonic_increasing and table["rel"].is_unique
    assert table.loc[table["reference"], "rel"].tolist() == [-1]
    assert (table["rel"] < -1).any() and (table["rel"] >= 0).any()

    # the headline: proportional changes with their intervals
    h = json.loads(headline.read_text(encoding="utf-8"))
    assert set(h) >= HEADLINE_KEYS, sorted(h)
    assert set(h["treated"]) == ESTIMATE_KEYS
    assert set(h["neighbours"]) == ESTIMATE_KEYS
    treated = h["treated"]
    assert -1 < treated["estimate"] < 5  # a proportional change, not a percentage
    assert -1 <= treated["ci_low"] <= treated["estimate"] <= treated["ci_high"]
    assert 0 <= treated["p"] <= 1
    assert 0 <= h["pre_trend_p"] <= 1
    assert (h["step"], h["outcome"]) == ("Q", "violence")
    hoods = Workspace(workspace_copy).read("neighborhoods")
    counts = (h["n_treated"], h["n_neighbours"], h["n_controls"])
    assert min(counts) >= MIN_TREATED and sum(counts) <= len(hoods)
    assert h["permutations"] == 9

    # the barrios: one feature per barrio with its group, the treated as many as the headline's
    layer = gpd.read_file(barrios)
    assert len(layer) == len(hoods)
    assert sorted(layer["neighborhood_id"]) == sorted(hoods["neighborhood_id"])
    assert set(layer["group"]) <= set(GROUPS)
    assert (layer["group"] == "treated").sum() == h["n_treated"]
    assert (layer["group"] == "neighbour").sum() == h["n_neighbours"]
    assert layer.loc[layer["group"] == "treated", "start"].notna().all()

    # the words: the synthetic notice and the headline sentence in the language, none in the other
    assert say("cli.evaluate.synthetic", lang) in printed
    assert say("cli.evaluate.synthetic", _other(lang)) not in printed
    before, after = HEADLINE[lang]
    assert before.format(n=number(h["n_treated"], lang)) in printed
    assert after in printed
    assert HEADLINE[_other(lang)][1] not in printed
    assert say("cli.evaluate.checks", lang) in printed
    # evaluating never changes the workspace
    assert workspace_copy.read_bytes() == small_workspace.read_bytes()


def test_programmes_of_one_component_are_another_treatment(
    small_workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    treatments = {
        "gestores": [],
        "prevention": ["--treatment", "programs", "--component", "prevention"],
    }
    files = {name: tmp_path / f"{name}.json" for name in treatments}
    for name, extra in treatments.items():
        code = _evaluate(
            "en",
            small_workspace,
            tmp_path / f"{name}.csv",
            *("--json", str(files[name]), "--permutations", "0", *extra),
        )
        assert code == EXIT_OK, capsys.readouterr().err
    gestores, prevention = (json.loads(f.read_text(encoding="utf-8")) for f in files.values())
    assert prevention["treatment"] == "programs"
    assert prevention["components"] == ["prevention"]
    assert prevention["n_treated"] != gestores["n_treated"]
    assert prevention["randomisation_p"] is None  # --permutations 0: no randomisation


def _failed(lang: str, code: str, **params: object) -> str:
    return say("cli.evaluate.failed", lang, error=say(f"evaluation.error.{code}", lang, **params))


@pytest.mark.parametrize(
    ("lang", "args", "code", "said"),
    [
        (
            "es",
            ["--component", "prevention"],
            EXIT_USAGE,
            _failed("es", "components_without_programs"),
        ),
        (
            "en",
            ["--component", "prevention"],
            EXIT_USAGE,
            _failed("en", "components_without_programs"),
        ),
        (
            "es",
            ["--since", "2025-01-01", "--until", "2025-09-30"],
            EXIT_INVALID,
            _failed(
                "es",
                "short_window",
                since=date(2025, 1, 1),
                until=date(2025, 9, 30),
                periods=number(3, "es"),
            ),
        ),
        (
            "en",
            [
                "--since",
                "2022-01-01",
                "--treatment",
                "programs",
                "--component",
                "access_to_justice",
            ],
            EXIT_INVALID,
            # three of the four access-to-justice barrios began in 2020, before the window
            _failed(
                "en",
                "few_treated",
                n=number(1, "en"),
                pre=number(MIN_PRE, "en"),
                minimum=number(MIN_TREATED, "en"),
            ),
        ),
        (
            "es",
            ["--since", "2025-01-01", "--until", "2024-01-01"],
            EXIT_USAGE,
            _failed("es", "bad_window", since=date(2025, 1, 1), until=date(2024, 1, 1)),
        ),
    ],
)
def test_requests_the_data_cannot_answer_are_said_in_the_language(
    small_workspace: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    lang: str,
    args: list[str],
    code: int,
    said: str,
) -> None:
    out, headline = tmp_path / "event.csv", tmp_path / "h.json"
    got = _evaluate(
        lang, small_workspace, out, "--json", str(headline), "--permutations", "0", *args
    )
    err = capsys.readouterr().err
    assert got == code, err
    assert said in err, err
    assert not out.exists() and not headline.exists()


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_event_study_is_a_table_not_a_map(
    small_workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str
) -> None:
    out = tmp_path / "event.geojson"
    got = _evaluate(lang, small_workspace, out, "--permutations", "0")
    captured = capsys.readouterr()
    assert got == EXIT_USAGE, captured.err
    assert say("cli.evaluate.out_format", lang, out=out) in captured.err
    assert not out.exists()
    assert captured.out == ""  # refused before reading the workspace
