"""The evaluation benchmark runs end to end on a few seeds (its figures are not checked)."""

from __future__ import annotations

import re
from types import ModuleType

import numpy as np
import pytest

from tests import benchscript

LAST = re.compile(
    r"evaluation: coverage (\d\.\d{3}), null rejection (\d\.\d{3}), "
    r"speed vs statsmodels glm (\d+\.\d\d)"
)


def _script() -> ModuleType:
    return benchscript.load("evaluation")


def test_a_few_seeds_print_the_ratio_and_agree_with_statsmodels(
    capsys: pytest.CaptureFixture[str],
) -> None:
    pytest.importorskip("statsmodels")
    bench = _script()
    result = bench.main(["--seeds", "3", "--units", "24", "--periods", "20", "--peer-seeds", "2"])
    lines = capsys.readouterr().out.strip().splitlines()
    match = LAST.fullmatch(lines[-1])
    assert match, lines[-1]
    coverage, rejection, speed = (float(g) for g in match.groups())
    assert coverage == pytest.approx(result.ours["planted"].coverage, abs=5e-4)
    assert rejection == pytest.approx(result.ours["null"].rejection, abs=5e-4)
    assert speed > 0
    for name in ("planted", "null", "placebo"):
        assert len(result.ours[name].fits) == 3 and len(result.peer[name].fits) == 2
        assert any(line.strip().startswith(f"{name} / ours") for line in lines)
    # the same model fitted two ways: the same point estimates
    assert result.max_difference < 1e-6
    assert 0 < result.zeros < 1 and result.mean_count > 0

    # the placebo panel stops before the real start and moves the start 8 periods earlier
    frame = bench.scenario("placebo", 24, 20, 0.5, 1.0, np.random.default_rng(0))
    real = round(20 * bench.PLACEBO_START)
    assert frame["period"].max() == real - 1
    assert set(frame["first"].dropna()) == {float(real - bench.PLACEBO_SHIFT)}
    assert set(frame["neighbour_first"].dropna()) == {float(real - bench.PLACEBO_SHIFT)}
    # the planted scenario: exact expectations recover the planted effects
    lay = bench.layout(24, np.random.default_rng(1), [6, 9, 11])
    exact = bench.expected(lay, 20, 0.5, bench.EFFECT, bench.SPILL)
    assert bench.ours(exact).estimate == pytest.approx(bench.EFFECT, abs=1e-6)
    assert bench.statsmodels_glm(exact).estimate == pytest.approx(bench.EFFECT, abs=1e-6)
