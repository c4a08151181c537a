"""The evaluation finds the programme effect planted in the demo city (``truth_program_effect``).

The small demo (1/16 of the incidents) is too sparse for the point estimate to land near the
planted one (its interval is about ±70 points wide: ``tests/models/test_evaluation.py`` checks
only that it covers it); the full-scale city takes a few seconds to write, so this module
builds it once and asks for closeness there.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest

from geo.workspace import Workspace
from models.evaluation import EvaluationInputs, EvaluationSpec, evaluate


@pytest.fixture(scope="module")
def full_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from data.generator import write_demo

    path = tmp_path_factory.mktemp("full") / "demo-full.gpkg"
    write_demo(path, scale="full")
    return path


def _planted(ws: Workspace, group: str) -> float:
    """The planted change of ``group`` in the treated barrios: their effective multiplier's mean
    minus one (each barrio's post-start expected count with the effect over without it)."""
    truth = gpd.read_file(ws.path, layer="truth_program_effect")
    treated = truth[truth["treated"].astype(bool)]
    return float(treated[f"multiplier_{group}"].mean() - 1.0)


@pytest.mark.parametrize("outcome", ["violence", "convivencia"])
def test_the_estimate_is_close_to_the_planted_effect_and_covers_it(
    full_demo: Path, outcome: str
) -> None:
    ws = Workspace(full_demo)
    result = evaluate(
        EvaluationInputs.from_workspace(ws), EvaluationSpec(outcome=outcome, permutations=0)
    )
    planted = _planted(ws, outcome)
    treated = result.analysis.primary.treated
    assert treated.ci_low <= planted <= treated.ci_high
    assert abs(treated.estimate - planted) < 0.05, (treated.estimate, planted)
    # nothing was planted next door: the neighbours' interval covers no change
    neighbours = result.analysis.primary.neighbours
    assert neighbours is not None
    assert neighbours.ci_low <= 0.0 <= neighbours.ci_high
    assert result.n_treated == int(
        gpd.read_file(ws.path, layer="truth_program_effect")["treated"].astype(bool).sum()
    )


def test_property_crime_was_not_touched(full_demo: Path) -> None:
    """Theft's planted multiplier is 1: the estimate for property covers no change."""
    ws = Workspace(full_demo)
    result = evaluate(
        EvaluationInputs.from_workspace(ws), EvaluationSpec(outcome="property", permutations=0)
    )
    treated = result.analysis.primary.treated
    assert treated.ci_low <= 0.0 <= treated.ci_high
    assert abs(treated.estimate) < 0.1
