"""Issue 7: one frozen spec per hot-spot method, checked in one place; one registry."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date

import pytest

from models.hotspots import (
    METHODS,
    REGISTRY,
    SPECS,
    TIME_STEPS,
    DbscanSpec,
    Filters,
    GiSpec,
    HdbscanSpec,
    InapplicableOption,
    KdeSpec,
    LisaSpec,
    spec_for,
)
from models.options import Method, TimeStep
from ui.hotspot_controls import FORMS
from ui.hotspot_details import TECHNICAL
from ui.hotspot_view import LAYERS, METRICS


def test_every_method_has_a_spec_a_registry_entry_a_form_a_layer_and_figures() -> None:
    assert tuple(SPECS) == METHODS == tuple(REGISTRY)
    for registry in (FORMS, LAYERS, METRICS, TECHNICAL):
        assert set(registry) == set(METHODS)
    for code, spec in SPECS.items():
        assert spec.method == code and REGISTRY[code].code == code


def test_the_choice_lists_come_from_the_literal_types() -> None:
    from typing import get_args

    assert get_args(Method) == METHODS and get_args(TimeStep) == TIME_STEPS


def test_specs_are_frozen_hashable_and_equal_by_value() -> None:
    a, b = spec_for("gi", cell_size=200.0), GiSpec(cell_size=200.0)
    assert a == b and hash(a) == hash(b) and {a: 1}[b] == 1
    assert a != GiSpec(cell_size=250.0) and a != spec_for("emerging", cell_size=200.0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.cell_size = 5.0  # type: ignore[misc]


def test_an_option_of_another_method_is_an_error_not_ignored() -> None:
    with pytest.raises(InapplicableOption, match="`bandwidth` does not apply to method 'gi'") as e:
        spec_for("gi", bandwidth=300.0)
    assert e.value.options == ("bandwidth",) and "cell_size" in e.value.allowed
    with pytest.raises(InapplicableOption, match="`eps`, `shape` do not apply"):
        spec_for("kde", shape="hex", eps=20.0)
    with pytest.raises(InapplicableOption, match="LISA by neighbourhood"):
        LisaSpec(units="neighborhoods", cell_size=200.0)
    # what does apply is kept
    assert spec_for("lisa", units="neighborhoods", permutations=199) == LisaSpec(
        units="neighborhoods", permutations=199
    )


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: spec_for("kriging"), "`method` must be one of"),
        (lambda: GiSpec(shape="triangle"), "`shape` must be one of square, hex"),  # type: ignore[arg-type]
        (lambda: GiSpec(weight="money"), "`weight` must be one of count, harm"),  # type: ignore[arg-type]
        (lambda: GiSpec(distance=0.0), "`distance` must be a positive number of metres"),
        (lambda: KdeSpec(bandwidth=float("nan")), "`bandwidth` must be a positive"),
        (lambda: DbscanSpec(min_samples=0), "`min_samples` must be a whole number of at least 1"),
        (lambda: HdbscanSpec(min_cluster_size=1), "at least 2"),
        (lambda: LisaSpec(permutations=10), "`permutations` must be a whole number of at least 99"),
        (lambda: spec_for("emerging", time_step="W"), "`time_step` must be one of M, Q, Y"),
    ],
)
def test_bad_values_are_refused_when_the_spec_is_made(
    make: Callable[[], object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        make()


def test_the_layers_a_spec_reads() -> None:
    assert GiSpec().required_layers() == ("incidents",)
    assert LisaSpec(units="neighborhoods").required_layers() == ("incidents", "neighborhoods")
    assert KdeSpec(per_resident=True).required_layers() == ("incidents", "neighborhoods")
    assert KdeSpec().required_layers() == ("incidents",)


def test_filters_are_checked_and_normalised() -> None:
    f = Filters.of(["theft", "fight", "theft"], "2024-01-01", date(2024, 6, 30))
    assert f == Filters(("fight", "theft"), date(2024, 1, 1), date(2024, 6, 30))
    with pytest.raises(ValueError, match="is after"):
        Filters.of(None, "2024-02-01", "2024-01-01")
    with pytest.raises(ValueError, match="unknown categories"):
        Filters.of(["murder"])
