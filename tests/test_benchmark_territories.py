"""The territories benchmark runs end to end on a small instance (its figures are not checked)."""

from __future__ import annotations

import re
from types import ModuleType

import numpy as np
import pytest
import shapely

from tests import benchscript

LAST = re.compile(
    r"territories: cv vs max-p (\d+\.\d\d|nan), cv vs skater (\d+\.\d\d), "
    r"speed vs max-p (\d+\.\d\d)"
)


def _script() -> ModuleType:
    return benchscript.load("territories")


def test_small_instance_prints_ratios_and_contiguous_regions(
    capsys: pytest.CaptureFixture[str],
) -> None:
    pytest.importorskip("spopt")
    bench = _script()
    args = ["--barrios", "60", "--teams", "4", "--seed", "3", "--maxp-timeout", "5"]
    outcomes = bench.main(args)
    lines = capsys.readouterr().out.strip().splitlines()
    assert LAST.fullmatch(lines[-1]), lines[-1]

    cells, workload = bench.barrios(60, 3, 8_000.0)
    assert len(cells) == 60 and len(workload) == 60
    # the cells tile the square exactly
    np.testing.assert_allclose(shapely.area(cells).sum(), 8_000.0**2, rtol=1e-9)
    assert outcomes["ours"].regions == 4 and outcomes["skater"].regions == 4
    solved = [o for o in outcomes.values() if o.status == "ok"]
    assert {"ours", "skater"} <= {o.name for o in solved}
    for o in solved:
        assert o.labels is not None and len(o.labels) == 60
        assert o.contiguous
        for r in range(o.regions):
            # independent of the graph: a region touching only at corners unions to pieces
            region = shapely.union_all(cells[o.labels == r])
            assert region.geom_type == "Polygon", (o.name, r)
        loads = np.bincount(o.labels, weights=workload)
        np.testing.assert_allclose(o.cv, loads.std() / loads.mean(), rtol=1e-12)
        row = next(line for line in lines if line.strip().startswith(o.name + " "))
        assert row.rstrip().endswith("yes"), row
