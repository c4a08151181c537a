"""The articulation map: programmes by barrio x component x partner type, gaps and overlaps."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from geo import schema
from geo.errors import ValidationError
from geo.workspace import Workspace
from models.recommend.articulation import (
    COMPONENTS,
    UNKNOWN,
    articulation,
    fill_options,
    running_mask,
)

AT = pd.Timestamp("2025-06-30")
HOODS = pd.DataFrame({"neighborhood_id": ["A", "B", "C"], "name": ["Alfa", "Beta", "Gama"]})


def _programs() -> pd.DataFrame:
    rows = [
        # id, component, partner, type, barrio, start, end
        ("P1", "prevention", "Fundación Paz", "ngo", "A", "2021-01-01", None),
        ("P2", "Prevención", "Parroquia San José", "church", "A", "2022-01-01", "2025-06-30"),
        ("P3", "prevention", "Fundación Paz", "ngo", "A", "2023-01-01", None),
        ("P4", "interruption", "Secretaría de Seguridad", "city", None, "2020-11-01", None),
        ("P5", "access_to_justice", "Universidad del Valle", "academia", "B", None, None),
        ("P6", "access_to_justice", "Consultorio", None, "B", "2024-01-01", None),
        ("P7", "intervention", "Empresa X", "private", "B", "2020-01-01", "2025-06-29"),  # ended
        ("P8", "safe_environments", "JAC Gama", "community", "C", "2025-07-01", None),  # not yet
        ("P9", "safe_environments", "JAC Zeta", "community", "Z", "2020-01-01", None),  # no barrio
        ("P10", "interruption", "Fundación Paz", "ngo", "A", "2021-01-01", None),
    ]
    frame = pd.DataFrame(
        rows,
        columns=[
            "program_id",
            "component",
            "partner",
            "partner_type",
            "neighborhood_id",
            "start",
            "end",
        ],
    )
    frame["start"] = pd.to_datetime(frame["start"])
    frame["end"] = pd.to_datetime(frame["end"])
    return frame


def test_running_at_a_day() -> None:
    assert running_mask(_programs(), AT).tolist() == [
        True,
        True,  # ends on the day: still running
        True,
        True,
        True,  # no dates: listed, so running
        True,
        False,  # ended the day before
        False,  # starts the day after
        True,
        True,
    ]
    assert running_mask(_programs(), None).all()


def test_long_lists_each_running_programme_once_citywide_under_blank() -> None:
    art = articulation(_programs(), HOODS, at=AT)
    long = art.long.set_index(["neighborhood_id", "component", "partner_type"])
    expected = {
        ("", "interruption", "city"): (1, 1),
        ("A", "interruption", "ngo"): (1, 1),
        ("A", "prevention", "church"): (1, 1),
        ("A", "prevention", "ngo"): (2, 1),  # two programmes, one partner
        ("B", "access_to_justice", "academia"): (1, 1),
        ("B", "access_to_justice", UNKNOWN): (1, 1),
        ("Z", "safe_environments", "community"): (1, 1),
    }
    got = {k: (int(r["programs"]), int(r["partners"])) for k, r in long.iterrows()}
    assert got == expected
    assert art.long["programs"].sum() == int(running_mask(_programs(), AT).sum())
    assert art.long.attrs == {"unknown_partner_type": 1, "unknown_neighborhoods": ["Z"]}
    assert art.at == AT


def test_matrix_counts_citywide_programmes_in_every_barrio() -> None:
    art = articulation(_programs(), HOODS, at=AT)
    assert list(art.matrix.columns) == list(COMPONENTS)
    assert list(art.matrix.index) == ["A", "B", "C"]
    expected = pd.DataFrame(
        {
            "interruption": [2, 1, 1],
            "intervention": [0, 0, 0],
            "prevention": [3, 0, 0],
            "safe_environments": [0, 0, 0],
            "access_to_justice": [0, 2, 0],
        },
        index=["A", "B", "C"],
    )
    np.testing.assert_array_equal(art.matrix.to_numpy(), expected.to_numpy())
    assert art.missing.to_dict() == {
        "A": ("intervention", "safe_environments", "access_to_justice"),
        "B": ("intervention", "prevention", "safe_environments"),
        "C": ("intervention", "prevention", "safe_environments", "access_to_justice"),
    }


def test_partners_per_barrio() -> None:
    art = articulation(_programs(), HOODS, at=AT)
    assert art.partners.to_dict(orient="index") == {
        # A: Fundación Paz (ngo), Parroquia (church), the Secretaría (city, citywide)
        "A": {"programs": 5, "partners": 3, "partner_types": 3},
        # B: Universidad (academia), Consultorio (type unknown, not a type), the Secretaría
        "B": {"programs": 3, "partners": 3, "partner_types": 2},
        "C": {"programs": 1, "partners": 1, "partner_types": 1},
    }


def test_overlaps_are_two_or_more_distinct_partners_on_one_component() -> None:
    art = articulation(_programs(), HOODS, at=AT)
    rows = art.overlaps.to_dict(orient="records")
    assert rows == [
        # A's interruption: its NGO and the citywide Secretaría
        {
            "neighborhood_id": "A",
            "component": "interruption",
            "programs": 2,
            "partners": 2,
            "partner_types": "city,ngo",
        },
        {
            "neighborhood_id": "A",
            "component": "prevention",
            "programs": 3,
            "partners": 2,
            "partner_types": "church,ngo",
        },
        {
            "neighborhood_id": "B",
            "component": "access_to_justice",
            "programs": 2,
            "partners": 2,
            "partner_types": "academia,unknown",
        },
    ]


def test_without_partner_type_every_programme_is_unknown_not_guessed() -> None:
    art = articulation(_programs().drop(columns="partner_type"), HOODS, at=AT)
    assert set(art.long["partner_type"]) == {UNKNOWN}
    assert (art.partners["partner_types"] == 0).all()
    assert art.long.attrs["unknown_partner_type"] == int(running_mask(_programs(), AT).sum())


def test_a_value_that_is_not_a_type_code_is_unknown() -> None:
    programs = _programs().assign(partner_type=["NGO", "iglesia", *["ngo"] * 8])
    art = articulation(programs, HOODS, at=AT)
    types = art.long.set_index(["neighborhood_id", "component"])["partner_type"]
    assert "ngo" in set(types.loc[("A", "prevention")])  # upper case read as the code
    assert UNKNOWN in set(types.loc[("A", "prevention")])  # a Spanish word is not guessed here


def test_no_programme_means_everything_missing() -> None:
    art = articulation(_programs().iloc[:0], HOODS, at=AT)
    assert art.long.empty and art.overlaps.empty
    assert (art.matrix.to_numpy() == 0).all()
    assert all(m == COMPONENTS for m in art.missing)
    assert (art.partners.to_numpy() == 0).all()


def test_bad_inputs_are_named() -> None:
    with pytest.raises(ValidationError, match="`programs` has no column `partner`"):
        articulation(_programs().drop(columns="partner"), HOODS)
    bad = _programs()
    bad.loc[3, "component"] = "policing"
    with pytest.raises(ValidationError, match="row 3: `component` 'policing'"):
        articulation(bad, HOODS)
    with pytest.raises(ValidationError, match="`neighborhood_id` A appears more than once"):
        articulation(_programs(), pd.concat([HOODS, HOODS.iloc[:1]]))


# -- fill options ------------------------------------------------------------------------


def test_fill_options_in_priority_order() -> None:
    art = articulation(_programs(), HOODS, at=AT)
    out = fill_options(art, ["C", "A"])
    assert list(out.columns) == [
        "neighborhood_id",
        "priority_order",
        "component",
        "programs_elsewhere",
        "partner_types",
    ]
    assert list(zip(out["neighborhood_id"], out["component"], strict=True)) == [
        ("C", "intervention"),
        ("C", "prevention"),
        ("C", "safe_environments"),
        ("C", "access_to_justice"),
        ("A", "intervention"),
        ("A", "safe_environments"),
        ("A", "access_to_justice"),
    ]
    assert list(out["priority_order"]) == [1, 1, 1, 1, 2, 2, 2]
    c = out[out["neighborhood_id"] == "C"].set_index("component")
    assert c.loc["prevention", "programs_elsewhere"] == 3
    assert c.loc["prevention", "partner_types"] == "church,ngo"
    assert c.loc["intervention", "programs_elsewhere"] == 0  # P7 ended
    assert c.loc["access_to_justice", "partner_types"] == "academia,unknown"


def test_fill_options_for_a_partner_type_offer_what_such_partners_do() -> None:
    art = articulation(_programs(), HOODS, at=AT)
    church = fill_options(art, ["C", "B", "A"], partner_type="church")
    assert list(zip(church["neighborhood_id"], church["component"], strict=True)) == [
        ("C", "prevention"),
        ("B", "prevention"),
    ]
    assert (church["programs_elsewhere"] == 1).all()
    assert (church["partner_types"] == "church").all()
    assert fill_options(art, ["A"], partner_type="private").empty  # its programme ended


def test_fill_options_refuses_unknown_ids_and_types() -> None:
    art = articulation(_programs(), HOODS, at=AT)
    with pytest.raises(ValueError, match="Q is not a neighborhood_id"):
        fill_options(art, ["A", "Q"])
    with pytest.raises(ValueError, match="more than once"):
        fill_options(art, ["A", "A"])
    with pytest.raises(ValueError, match="`partner_type` must be one of"):
        fill_options(art, ["A"], partner_type="mafia")


# -- the demo ----------------------------------------------------------------------------


def test_the_demos_articulation_adds_up(small_workspace: Path) -> None:
    ws = Workspace(small_workspace)
    programs = pd.DataFrame(ws.read("programs"))
    hoods = pd.DataFrame(ws.read("neighborhoods"))
    at = pd.Timestamp("2025-12-31")
    art = articulation(programs, hoods, at=at)
    running = running_mask(programs, at)
    assert art.long["programs"].sum() == running.sum()
    citywide = int(art.long.loc[art.long["neighborhood_id"] == "", "programs"].sum())
    local = int(art.long.loc[art.long["neighborhood_id"] != "", "programs"].sum())
    assert citywide > 0 and local > 0
    assert art.matrix.to_numpy().sum() == local + citywide * len(hoods)
    if "partner_type" in programs.columns:  # the demo fills it
        assert set(art.long["partner_type"]) <= set(schema.PARTNER_TYPES)
    lacking = art.missing.map(len)
    assert ((art.matrix == 0).sum(axis=1) == lacking).all()
