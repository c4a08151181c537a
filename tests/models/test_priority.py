"""The neighbourhood priority index: indicators, normalisation, weights, robustness, sentences, demo."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from shapely import box

from geo import schema
from geo import settings as geo_settings
from geo.errors import ValidationError
from geo.workspace import Workspace
from models.recommend.priority import (
    DEFAULT_WEIGHTS,
    PILLARS,
    Normalise,
    PrioritySpec,
    explain,
    indicators,
    normalise,
    pillar_scores,
    priority,
    robustness,
)

CRS = "EPSG:9377"
X0, Y0 = 4_700_000.0, 1_950_000.0
END = pd.Timestamp("2025-12-31")
NOW = pd.Timestamp("2025-06-01 22:00")  # in the last window, 2025
BEFORE = pd.Timestamp("2024-06-01 22:00")  # in the window before, 2024 (366 days)
YEARS_NOW = 365 / 365.25
YEARS_BEFORE = 366 / 365.25
H = schema.HARM_WEIGHTS


def _hoods() -> gpd.GeoDataFrame:
    """Four 1 km squares in a row, west to east: A, B, C, and D with too few residents."""
    return gpd.GeoDataFrame(
        {
            "neighborhood_id": ["A", "B", "C", "D"],
            "name": ["Alfa", "Beta", "Gama", "Delta"],
            "population": [100_000, 50_000, 10_000, 400],
            "comuna": ["1", "1", "2", "2"],
            "youth_population": [25_000, 5_000, 4_000, 100],
            "stratum": [1, 3, 2, 6],
            "vulnerability": [0.9, 0.4, 0.7, 0.1],
        },
        geometry=[box(X0 + k * 1000, Y0, X0 + (k + 1) * 1000, Y0 + 1000) for k in range(4)],
        crs=CRS,
    )


def _incidents(rows: Sequence[tuple[str | None, str, pd.Timestamp, int]]) -> pd.DataFrame:
    """Incidents from ``(neighborhood_id, category, when, how many)``."""
    hood, cat, when = [], [], []
    for h, c, t, k in rows:
        hood += [h] * k
        cat += [c] * k
        when += [t] * k
    return pd.DataFrame({"occurred_at": when, "category": cat, "neighborhood_id": hood})


def _city_incidents() -> pd.DataFrame:
    return _incidents(
        [
            ("A", "homicide", NOW, 2),
            ("A", "fight", NOW, 10),
            ("A", "fight", BEFORE, 5),
            ("B", "injury", NOW, 1),
            ("B", "injury", BEFORE, 2),
            ("B", "threat", NOW, 1),
            ("C", "graffiti", NOW, 3),
            ("C", "noise", NOW, 1),
            ("C", "theft", NOW, 4),  # property: no harm in the index
            ("D", "homicide", NOW, 1),
            ("A", "homicide", pd.Timestamp("2023-05-01"), 3),  # before both windows
            (None, "homicide", NOW, 1),  # in no barrio
            ("Z", "fight", BEFORE, 1),  # in a barrio the layer does not have
            ("A", "homicide", pd.Timestamp("2025-12-31 23:59"), 0),
        ]
    )


def _spaces() -> gpd.GeoDataFrame:
    """An active strip 200 m wide across A (its 800 m reach covers A and 40 % of B), others not active."""
    strip = box(X0 + 400, Y0 - 50_000, X0 + 600, Y0 + 50_000)
    return gpd.GeoDataFrame(
        {
            "space_id": ["E1", "E2", "E3"],
            "name": ["Franja", "Cancha", "Plaza"],
            "kind": ["park", "sports_field", "plaza"],
            "activation_status": ["active", "inactive", "planned"],
        },
        geometry=[
            strip,
            box(X0 + 2400, Y0 + 400, X0 + 2600, Y0 + 600),
            box(X0 + 3400, Y0, X0 + 3500, Y0 + 100),
        ],
        crs=CRS,
    )


def _territories() -> gpd.GeoDataFrame:
    """One territory over A and the west half of B."""
    return gpd.GeoDataFrame(
        {"territory_id": ["T1"], "team": ["Ceiba"]},
        geometry=[box(X0 - 100, Y0 - 100, X0 + 1500, Y0 + 1100)],
        crs=CRS,
    )


def _programs() -> pd.DataFrame:
    """A: all five; B: interruption + the citywide prevention; C and D: only the citywide one."""
    rows = [
        ("P1", "interruption", "Secretaría", "city", "A", "2021-01-01", None),
        ("P2", "intervention", "Fundación", "ngo", "A", "2021-01-01", "2026-06-30"),
        ("P3", "safe_environments", "Parroquia", "church", "A", "2025-12-31", None),
        ("P4", "access_to_justice", "Universidad", "academia", "A", "2020-01-01", None),
        ("P5", "prevention", "Cooperativa", "private", None, "2019-01-01", None),
        ("P6", "interruption", "Junta", "community", "B", None, None),
        ("P7", "intervention", "Fundación", "ngo", "D", "2020-01-01", "2025-12-30"),  # ended
        ("P8", "access_to_justice", "Secretaría", "city", "D", "2026-01-01", None),  # not yet
    ]
    return pd.DataFrame(
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
    ).assign(
        name=lambda f: f["program_id"],
        start=lambda f: pd.to_datetime(f["start"]),
        end=lambda f: pd.to_datetime(f["end"]),
    )


@pytest.fixture(scope="module")
def city() -> pd.DataFrame:
    return indicators(
        _hoods(),
        _city_incidents(),
        end=END,
        active_spaces=_spaces(),
        territories=_territories(),
        programs=_programs(),
    )


# -- the spec ----------------------------------------------------------------------


def test_weights_are_renormalised_for_every_pillar_in_order() -> None:
    spec = PrioritySpec(weights=(("gaps", 2.0), ("violence", 6.0)))
    assert spec.weights == (
        ("violence", 0.75),
        ("trend", 0.0),
        ("early_warning", 0.0),
        ("vulnerability", 0.0),
        ("gaps", 0.25),
    )
    assert math.isclose(sum(w for _, w in PrioritySpec().weights), 1.0)
    assert PrioritySpec().weight_of() == dict(DEFAULT_WEIGHTS)
    # proportional weights are the same spec (the page caches on it)
    doubled = tuple((p, 2 * w) for p, w in DEFAULT_WEIGHTS)
    assert PrioritySpec(weights=doubled) == PrioritySpec()
    assert hash(PrioritySpec(weights=doubled)) == hash(PrioritySpec())
    assert PrioritySpec.of({"violence": 1, "gaps": 1}, top_k=5) == PrioritySpec(
        weights=(("violence", 0.5), ("gaps", 0.5)), top_k=5
    )


@pytest.mark.parametrize(
    ("options", "named"),
    [
        ({"weights": (("danger", 1.0),)}, "'danger'"),
        ({"weights": (("violence", -1.0), ("gaps", 2.0))}, "'violence'"),
        ({"weights": (("violence", float("nan")),)}, "'violence'"),
        ({"weights": (("violence", 1.0), ("violence", 2.0))}, "given twice"),
        ({"weights": (("violence", 0.0),)}, "positive weight"),
        ({"weights": (("violence", "much"),)}, "'violence'"),
        ({"normalise": "zscore"}, "`normalise`"),
        ({"months": 0}, "`months`"),
        ({"walk_m": -5.0}, "`walk_m`"),
        ({"top_k": 0}, "`top_k`"),
        ({"draws": 2.5}, "`draws`"),
        ({"concentration": 0.0}, "`concentration`"),
        ({"seed": -1}, "`seed`"),
    ],
)
def test_a_bad_option_is_refused_by_name(options: dict[str, Any], named: str) -> None:
    with pytest.raises(ValueError, match=re.escape(named)):
        PrioritySpec(**options)


# -- indicators: known answers -------------------------------------------------------


def test_violence_indicators(city: pd.DataFrame) -> None:
    c = city.set_index("neighborhood_id")
    assert list(city["neighborhood_id"]) == ["A", "B", "C", "D"]
    assert list(c["small_population"]) == [False, False, False, True]
    harm = {
        "A": 2 * H["homicide"] + 10 * H["fight"],
        "B": H["injury"] + H["threat"],
        "C": 3 * H["graffiti"] + H["noise"],
        "D": H["homicide"],
    }
    before = {"A": 5 * H["fight"], "B": 2 * H["injury"], "C": 0.0, "D": 0.0}
    assert_allclose(c["harm"], list(harm.values()))
    assert_allclose(c["harm_before"], list(before.values()))
    assert list(c["homicides"]) == [2, 0, 0, 1]
    pop = np.array([100_000, 50_000, 10_000, 400], dtype=float)
    rate = np.array(list(harm.values())) / pop * 1e5 / YEARS_NOW
    assert_allclose(c["harm_rate"], [*rate[:3], np.nan])
    assert_allclose(c["homicide_rate"], [2 / 1e5 * 1e5 / YEARS_NOW, 0, 0, np.nan])
    city_rate = sum(harm.values()) / pop.sum() * 1e5 / YEARS_NOW
    assert_allclose(city.attrs["city_harm_rate"], city_rate)
    assert_allclose(c["harm_ratio"], [*(rate[:3] / city_rate), np.nan])
    # the homicide of 2023 is in neither window; the one in no barrio and the fight in Z are outside
    assert city.attrs["outside"] == 2


def test_trend_and_early_warning(city: pd.DataFrame) -> None:
    c = city.set_index("neighborhood_id")
    h1 = c["harm"].to_numpy() / YEARS_NOW
    h0 = c["harm_before"].to_numpy() / YEARS_BEFORE
    smoothing = c["harm_before"].mean() / YEARS_BEFORE
    assert_allclose(city.attrs["smoothing"], smoothing)
    assert_allclose(c["harm_trend"], (h1 + smoothing) / (h0 + smoothing))
    assert c.loc["C", "harm_trend"] > 1.0  # from nothing: finite, above 1
    assert list(c["conflicts"]) == [10, 1, 3, 0]  # fights, threats, graffiti (not noise)
    assert list(c["conflicts_before"]) == [5, 0, 0, 0]
    rise_a = 10 / 1e5 * 1e5 / YEARS_NOW - 5 / 1e5 * 1e5 / YEARS_BEFORE
    rise_b = 1 / 50_000 * 1e5 / YEARS_NOW
    rise_c = 3 / 10_000 * 1e5 / YEARS_NOW
    assert_allclose(c["conflict_rise"], [rise_a, rise_b, rise_c, np.nan])


def test_vulnerability_indicators(city: pd.DataFrame) -> None:
    c = city.set_index("neighborhood_id")
    assert_allclose(c["low_stratum"], [1.0, 0.6, 0.8, 0.0])
    assert_allclose(c["youth_share"], [0.25, 0.1, 0.4, 0.25])
    assert_allclose(c["vulnerability_index"], [0.9, 0.4, 0.7, 0.1])
    assert list(c["stratum"]) == [1, 3, 2, 6]


def test_gap_indicators(city: pd.DataFrame) -> None:
    c = city.set_index("neighborhood_id")
    # the strip's 800 m reach: x from -400 to 1400 m, all of A, 400 m of B's 1000
    assert_allclose(c["far_from_space"], [0.0, 0.6, 1.0, 1.0])
    assert_allclose(c["walk_m"], 800.0)
    assert_allclose(c["outside_territories"], [0.0, 0.5, 1.0, 1.0])
    # A: all five (P3 starts on the end day, P2 ends after it); B: interruption and the
    # citywide prevention; D: P7 ended the day before, P8 starts after
    assert list(c["n_missing_components"]) == [0, 3, 4, 4]
    assert c.loc["A", "missing_components"] == ""
    assert c.loc["B", "missing_components"] == "intervention,safe_environments,access_to_justice"
    assert c.loc["D", "missing_components"] == (
        "interruption,intervention,safe_environments,access_to_justice"
    )
    assert city.attrs["left_out"] == {}


def test_a_team_that_begins_after_the_end_covers_nothing_yet() -> None:
    later = pd.concat([_territories(), _territories()], ignore_index=True)
    later["territory_id"] = ["T1", "T2"]
    later["start"] = pd.to_datetime(["2020-11-01", "2026-02-01"])
    later.loc[1, "geometry"] = box(X0 + 1500, Y0, X0 + 4000, Y0 + 1000)
    ind = indicators(_hoods(), _city_incidents(), end=END, territories=later)
    assert_allclose(ind["outside_territories"], [0.0, 0.5, 1.0, 1.0])
    ind = indicators(_hoods(), _city_incidents(), end=pd.Timestamp("2026-02-01"), territories=later)
    assert_allclose(ind["outside_territories"], [0.0, 0.0, 0.0, 0.0])


def test_end_defaults_to_the_last_incident_and_windows_follow_months() -> None:
    incidents = _incidents([("A", "fight", pd.Timestamp("2025-03-31 18:00"), 1)])
    ind = indicators(_hoods(), incidents, months=3)
    window = ind.attrs["window"]
    assert (str(window.start), str(window.end)) == ("2025-01-01", "2025-03-31")
    assert (str(window.before_start), str(window.before_end)) == ("2024-10-01", "2024-12-31")
    assert ind.attrs["months"] == 3


def test_missing_data_is_left_out_and_said_never_invented() -> None:
    hoods = _hoods().drop(columns=["stratum", "youth_population", "vulnerability", "comuna"])
    spaces = _spaces().drop(columns="activation_status")
    ind = indicators(hoods, _city_incidents(), end=END, active_spaces=spaces)
    for column in (
        "low_stratum",
        "youth_share",
        "vulnerability_index",
        "far_from_space",
        "outside_territories",
        "n_missing_components",
        "comuna",
        "stratum",
    ):
        assert column not in ind.columns
    assert ind.attrs["left_out"] == {
        "low_stratum": "no_column",
        "youth_share": "no_column",
        "vulnerability_index": "no_column",
        "far_from_space": "no_status",
        "outside_territories": "no_layer",
        "n_missing_components": "no_layer",
    }
    ranked = priority(ind, PrioritySpec())
    assert ranked.attrs["pillars_left_out"] == ["vulnerability", "gaps"]
    assert ranked["vulnerability"].isna().all() and ranked["gaps"].isna().all()
    assert ranked["priority"].notna().all()
    assert (ranked["missing_components"] == "").all()


def test_no_active_space_leaves_every_barrio_far() -> None:
    spaces = _spaces().assign(activation_status="inactive")
    ind = indicators(_hoods(), _city_incidents(), end=END, active_spaces=spaces)
    assert_allclose(ind["far_from_space"], 1.0)


def test_bad_inputs_are_named() -> None:
    with pytest.raises(ValidationError, match="`incidents` has no column `neighborhood_id`"):
        indicators(_hoods(), _city_incidents().drop(columns="neighborhood_id"), end=END)
    twice = pd.concat([_hoods(), _hoods().iloc[:1]], ignore_index=True)
    with pytest.raises(ValidationError, match="`neighborhood_id` A appears more than once"):
        indicators(twice, _city_incidents(), end=END)
    with pytest.raises(ValueError, match="projected CRS"):
        indicators(_hoods().to_crs("EPSG:4326"), _city_incidents(), end=END)
    with pytest.raises(ValidationError, match="give `end`"):
        indicators(_hoods(), _city_incidents().iloc[:0])


def test_a_city_with_no_incidents_has_zero_counts_and_no_trend() -> None:
    ind = indicators(_hoods(), _city_incidents().iloc[:0], end=END)
    assert (ind["harm"] == 0).all() and (ind["conflicts"] == 0).all()
    assert_allclose(ind["harm_trend"], 1.0)
    assert ind["harm_ratio"].isna().all()  # no city rate to compare with


# -- normalisation -------------------------------------------------------------------


@given(
    st.lists(st.one_of(st.floats(-1e6, 1e6), st.just(float("nan"))), min_size=1, max_size=40),
    st.sampled_from(["rank", "minmax"]),
)
def test_normalised_scores_are_0_to_1_monotone_and_keep_blanks(
    values: list[float], method: Normalise
) -> None:
    x = np.array(values)
    s = normalise(x, method)
    ok = np.isfinite(x)
    assert np.array_equal(np.isnan(s), ~ok)
    if ok.any():
        assert ((s[ok] >= 0) & (s[ok] <= 1)).all()
        v, sv = x[ok], s[ok]
        order = np.argsort(v, kind="stable")
        assert (np.diff(sv[order]) >= -1e-12).all()  # higher value, never lower score
        assert np.allclose(sv[v == v.max()], sv.max())
        if v.min() < v.max() and method == "minmax":
            assert sv.min() == 0.0 and sv.max() == 1.0
        elif v.min() < v.max():  # percentile ranks, ties averaged: mean 1/2, a lone extreme 0 or 1
            assert_allclose(sv.mean(), 0.5)
            assert (v == v.max()).sum() > 1 or sv.max() == 1.0
            assert (v == v.min()).sum() > 1 or sv.min() == 0.0
        else:
            assert_allclose(sv, 0.5)


def test_rank_normalisation_averages_ties_and_shrugs_off_an_outlier() -> None:
    assert_allclose(normalise(np.array([5.0, 1.0, 5.0, 3.0])), [5 / 6, 0.0, 5 / 6, 1 / 3])
    calm = normalise(np.array([1.0, 2.0, 3.0, 4.0]))
    wild = normalise(np.array([1.0, 2.0, 3.0, 4000.0]))
    assert_allclose(calm, wild)
    assert_allclose(
        normalise(np.array([1.0, 2.0, 3.0, 4000.0]), "minmax")[:3], [0, 1 / 3999, 2 / 3999]
    )
    with pytest.raises(ValueError, match="`method`"):
        normalise(np.array([1.0, 2.0]), cast(Normalise, "zscore"))


# -- weighting and ranking -------------------------------------------------------------


def test_priority_is_the_weighted_mean_of_the_pillars_it_has(city: pd.DataFrame) -> None:
    spec = PrioritySpec()
    ranked = priority(city, spec)
    scores = pillar_scores(city, "rank").set_index(city["neighborhood_id"])
    w = spec.weight_of()
    for _, row in ranked.iterrows():
        s = scores.loc[row["neighborhood_id"]]
        have = {p: float(s[p]) for p in PILLARS if np.isfinite(s[p])}
        expect = sum(w[p] * v for p, v in have.items()) / sum(w[p] for p in have)
        assert_allclose(row["priority"], expect)
        for p in PILLARS:
            assert_allclose(row[p], s[p])
    # D has too few residents: no violence or early warning, scored on the rest
    d = ranked.set_index("neighborhood_id").loc["D"]
    assert np.isnan(d["violence"]) and np.isnan(d["early_warning"])
    assert np.isfinite(d["trend"]) and np.isfinite(d["priority"])
    assert list(ranked["rank"]) == [1, 2, 3, 4]
    assert (np.diff(ranked["priority"]) <= 0).all()
    assert (ranked["top_k"] == 10).all()
    assert ((ranked["priority"] >= 0) & (ranked["priority"] <= 1)).all()


def test_pillar_scores_by_hand(city: pd.DataFrame) -> None:
    s = pillar_scores(city, "rank").set_index(city["neighborhood_id"])
    # violence among A, B, C (D has no rate): harm rates A 11050, B 1090, C 70 per 100k;
    # homicide rates A > B = C
    assert_allclose(s["violence"], [(1.0 + 1.0) / 2, (0.5 + 0.25) / 2, (0.0 + 0.25) / 2, np.nan])
    # gaps: far (A 0, B .6, C = D 1), outside (same order), missing (A 0, B 3, C = D 4)
    assert_allclose(s["gaps"], [0.0, 1 / 3, 5 / 6, 5 / 6])
    minmax = pillar_scores(city, "minmax").set_index(city["neighborhood_id"])
    assert_allclose(minmax["gaps"], [0.0, (0.6 + 0.5 + 0.75) / 3, 1.0, 1.0])


def test_ties_rank_by_neighborhood_id() -> None:
    ind = pd.DataFrame(
        {
            "neighborhood_id": ["C", "A", "B"],
            "harm_rate": [1.0, 1.0, 1.0],
            "low_stratum": [0.2, 0.2, 0.2],
        }
    )
    ranked = priority(ind, PrioritySpec())
    assert list(ranked["neighborhood_id"]) == ["A", "B", "C"]
    assert list(ranked["rank"]) == [1, 2, 3]


# -- monotonicity ------------------------------------------------------------------------

_VIOLENT = schema.GROUPS["violence"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(3, 7).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.lists(
                st.tuples(
                    st.integers(0, n - 1),
                    st.sampled_from(sorted(schema.CATEGORIES)),
                    st.booleans(),
                    st.integers(1, 4),
                ),
                max_size=25,
            ),
            st.lists(st.integers(800, 90_000), min_size=n, max_size=n),
            st.integers(0, n - 1),
            st.lists(
                st.tuples(st.sampled_from(_VIOLENT), st.integers(1, 3)), min_size=1, max_size=3
            ),
        )
    ),
    st.sampled_from(["rank", "minmax"]),
)
def test_more_violence_never_lowers_a_barrios_priority(
    case: tuple[int, list[tuple[int, str, bool, int]], list[int], int, list[tuple[str, int]]],
    method: Normalise,
) -> None:
    n, events, population, target, added = case
    ids = [f"B{k}" for k in range(n)]
    hoods = gpd.GeoDataFrame(
        {
            "neighborhood_id": ids,
            "name": ids,
            "population": population,
            "stratum": [1 + k % 6 for k in range(n)],
        },
        geometry=[box(X0 + k * 1000, Y0, X0 + (k + 1) * 1000, Y0 + 1000) for k in range(n)],
        crs=CRS,
    )
    territory = gpd.GeoDataFrame(
        {"territory_id": ["T"], "team": ["T"]},
        geometry=[box(X0, Y0, X0 + 1500, Y0 + 1000)],
        crs=CRS,
    )
    rows = [(ids[h], c, NOW if now else BEFORE, k) for h, c, now, k in events]
    base = _incidents(rows)
    more = _incidents(rows + [(ids[target], c, NOW, k) for c, k in added])
    spec = PrioritySpec(normalise=method)
    before = priority(indicators(hoods, base, end=END, territories=territory), spec)
    after = priority(indicators(hoods, more, end=END, territories=territory), spec)
    b = before.set_index("neighborhood_id").loc[ids[target]]
    a = after.set_index("neighborhood_id").loc[ids[target]]
    for pillar in PILLARS:  # violence and trend rise or stay; the others do not move
        assert np.isnan(b[pillar]) or a[pillar] >= b[pillar] - 1e-12, pillar
    assert a["violence"] >= b["violence"] - 1e-12
    assert a["priority"] >= b["priority"] - 1e-12
    assert a["rank"] <= b["rank"]


# -- robustness ------------------------------------------------------------------------


def _pillars_frame(n: int, seed: int) -> pd.DataFrame:
    """``n`` barrios with random raw indicators (one per pillar), ids B000..."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "neighborhood_id": [f"B{k:03d}" for k in range(n)],
            "harm_rate": rng.gamma(2.0, 100.0, n),
            "harm_trend": rng.lognormal(0, 0.3, n),
            "conflict_rise": rng.normal(0, 5, n),
            "low_stratum": rng.integers(0, 6, n) / 5,
            "far_from_space": rng.uniform(0, 1, n),
        }
    )


@pytest.mark.parametrize("normalise_", ["rank", "minmax"])
def test_p_top_k_is_a_share_that_sums_to_k(normalise_: Normalise) -> None:
    ind = _pillars_frame(60, 1)
    spec = PrioritySpec(top_k=7, draws=400, normalise=normalise_)
    p = robustness(ind, spec)
    assert p.name == "p_top_k" and list(p.index) == list(ind["neighborhood_id"])
    assert ((p >= 0) & (p <= 1)).all()
    assert_allclose(p.sum(), 7.0)  # every draw has exactly k barrios in its top k
    assert_allclose(p.mean() * len(p), spec.top_k)


def test_a_barrio_that_dominates_every_pillar_is_always_in_the_top() -> None:
    ind = _pillars_frame(30, 2)
    top = ind.drop(columns="neighborhood_id").max() + 1.0
    low = ind.drop(columns="neighborhood_id").min() - 1.0
    ind.loc[len(ind)] = {"neighborhood_id": "TOP", **top.to_dict()}
    ind.loc[len(ind)] = {"neighborhood_id": "LOW", **low.to_dict()}
    p = robustness(ind, PrioritySpec(top_k=5, draws=300, concentration=2.0))
    assert p["TOP"] == 1.0
    assert p["LOW"] == 0.0


def test_the_draws_are_seeded() -> None:
    ind = _pillars_frame(40, 3)
    spec = PrioritySpec(top_k=8, draws=200, concentration=5.0, seed=7)
    pd.testing.assert_series_equal(robustness(ind, spec), robustness(ind, spec))
    other = robustness(ind, PrioritySpec(top_k=8, draws=200, concentration=5.0, seed=8))
    assert not np.array_equal(other.to_numpy(), robustness(ind, spec).to_numpy())


def test_tight_draws_agree_with_the_ranking() -> None:
    """With a huge concentration every draw is the chosen weights: p_top_k is rank <= k."""
    ind = _pillars_frame(50, 4)
    spec = PrioritySpec(top_k=10, draws=50, concentration=1e9)
    p = robustness(ind, spec)
    ranked = priority(ind, spec).set_index("neighborhood_id")
    expected = (ranked["rank"] <= 10).astype(float).reindex(p.index)
    assert_allclose(p.to_numpy(), expected.to_numpy())


def test_zero_weights_stay_zero_and_one_pillar_is_the_ranking() -> None:
    ind = _pillars_frame(25, 5)
    spec = PrioritySpec(weights=(("violence", 1.0),), top_k=5, draws=20)
    p = robustness(ind, spec)
    by_harm = ind.set_index("neighborhood_id")["harm_rate"].rank(ascending=False)
    assert_allclose(p.to_numpy(), (by_harm <= 5).astype(float).reindex(p.index).to_numpy())


def test_top_k_larger_than_the_city_puts_everyone_in_it() -> None:
    p = robustness(_pillars_frame(4, 6), PrioritySpec(top_k=10, draws=10))
    assert_allclose(p, 1.0)


def test_a_rank_that_hangs_on_the_weights_is_visible() -> None:
    """X tops violence and is last on everything else; Y the reverse: neither is certain."""
    ind = _pillars_frame(20, 7)
    cols = ind.drop(columns="neighborhood_id")
    x = cols.min() - 1.0
    x["harm_rate"] = cols["harm_rate"].max() + 1.0
    ind.loc[len(ind)] = {"neighborhood_id": "X", **x.to_dict()}
    p = robustness(ind, PrioritySpec(top_k=3, draws=500, concentration=3.0))
    assert 0.0 < p["X"] < 1.0


# -- the sentence ------------------------------------------------------------------------


def test_explain_says_each_true_fact_in_both_languages(city: pd.DataFrame) -> None:
    ranked = priority(city, PrioritySpec(top_k=2))
    ranked["p_top_k"] = ranked["neighborhood_id"].map(
        robustness(city, PrioritySpec(top_k=2, draws=100))
    )
    for _, row in ranked.iterrows():
        en, es = explain(row, "en"), explain(row, "es")
        for text in (en, es):
            assert "{" not in text and "}" not in text and "nan" not in text.lower()
            assert text.endswith(".")
        assert en.startswith(f"Investment priority {row['rank']}: ")
        assert es.startswith(f"Prioridad de inversión {row['rank']}: ")
        assert re.findall(r"\d+", en) == re.findall(r"\d+", es)
    a = ranked.set_index("neighborhood_id").loc["A"]
    en = explain(a, "en")
    ratio = a["harm_ratio"]
    assert f"harm {ratio:.1f} times the city rate" in en
    assert f"homicides {a['homicide_rate']:.0f} per 100,000 a year" in en
    assert "conflicts (fights, threats and graffiti) up 100 %" in en
    assert "stratum 1" in en and "25 % of residents young" in en
    assert "active public space" not in en and "territor" not in en and "no programme" not in en
    b = explain(ranked.set_index("neighborhood_id").loc["B"], "en")
    assert "60 % of its area more than 800 m from an active public space" in b
    assert "50 % of its area outside the team territories" in b
    assert "no programme of intervention, safe environments or access to justice" in b
    b_es = explain(ranked.set_index("neighborhood_id").loc["B"], "es")
    assert "ningún programa de intervención, entornos seguros ni acceso a la justicia" in b_es
    # the smoothed ratio the trend pillar ranks on (545 against 730, each plus the city's c)
    trend = ranked.set_index("neighborhood_id").loc["B", "harm_trend"]
    found = re.search(r"harm down (\d+) %", b)
    assert found is not None and int(found.group(1)) == round((1 - trend) * 100)
    assert 0 < int(found.group(1)) < 25
    c = explain(ranked.set_index("neighborhood_id").loc["C"], "en")
    assert "harm where there was none the period before" in c
    assert "3 conflicts (fights, threats and graffiti) where there were none before" in c
    assert "no active public space within 800 m" in c and "outside every team territory" in c
    d = explain(ranked.set_index("neighborhood_id").loc["D"], "en")
    least = f"{geo_settings.min_residents:,.0f}"
    assert f"fewer than {least} residents, so no rate" in d
    assert "in the top 2 in" in d


def test_explain_leaves_out_what_is_not_known() -> None:
    row = pd.Series({"rank": 7, "harm_ratio": float("nan"), "stratum": None})
    assert explain(row, "en") == "Investment priority 7."
    assert explain(row, "es") == "Prioridad de inversión 7."
    every = pd.Series({"rank": 1, "missing_components": ",".join(schema.COMPONENTS)})
    assert explain(every, "en") == "Investment priority 1: no programme running."


def test_explain_numbers_take_the_languages_separators() -> None:
    row = pd.Series({"rank": 1234, "harm_ratio": 12.345, "homicide_rate": 1520.4})
    assert explain(row, "en") == (
        "Investment priority 1,234: harm 12.3 times the city rate, homicides 1,520 per 100,000 a year."
    )
    assert explain(row, "es") == (
        "Prioridad de inversión 1.234: daño 12,3 veces la tasa de la ciudad, homicidios 1.520 por 100.000 al año."
    )


# -- the demo city -------------------------------------------------------------------------


def _demo_inputs(small_workspace: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    ws = Workspace(small_workspace)
    hoods = ws.read("neighborhoods", projected=True)
    points = ws.read("incidents", projected=True)
    joined = gpd.sjoin(
        points[["occurred_at", "category", points.geometry.name]],
        hoods[["neighborhood_id", hoods.geometry.name]],
        how="left",
        predicate="within",
    )
    joined = joined[~joined.index.duplicated(keep="first")]
    incidents = pd.DataFrame(joined[["occurred_at", "category", "neighborhood_id"]])
    ind = indicators(
        hoods,
        incidents,
        active_spaces=ws.read("public_spaces", projected=True),
        territories=ws.read("territories", projected=True),
        programs=ws.read("programs"),
    )
    return ind, pd.DataFrame(ws.read("truth_hotspots"))


def test_the_demos_planted_hot_spots_rank_near_the_top(small_workspace: Path) -> None:
    """The barrios of the planted hot spots still active (``persistent``, ``new``) rank high.

    What is planted: each hot spot adds 5-10 % of the city's background
    violence and convivencia, at full strength, around one neglected space,
    so the barrio holding it has some 3-5 times an average barrio's harm;
    ``new`` ones also rise. At ``scale="small"`` (1/16 of the counts, about
    7 homicides a year in the city) one year of data is noisy: a single
    homicide weighs 5,475, over three times an average barrio's yearly harm,
    and a hot spot's bump (sigma up to 250 m) spills into the next barrio.

    Thresholds for the untreated barrios (chance would put each at the middle):

    - **violence pillar: each in the top third** (``ceil(n / 3)``): the
      pillar measures exactly what was planted;
    - **priority: their mean rank in the top third, and the best of them in
      the top ``top_k`` (10)**. The index also weighs trend, early warning,
      vulnerability and gaps, which a persistent hot spot need not raise (it
      has no trend by definition), so one persistent barrio may sit mid-table
      in a given year; a per-barrio top-third rule held for only 85 of 121
      such barrios over seeds 0-45.

    Over the small demo's seeds 0-45 these held in 41, 34 and 43 of 46
    cities, with a mean rank of the untreated barrios at 24 % of the list
    (chance: 50 %); the fixture's city (seed 2020) has them at 3 and 16 of
    51 (violence pillar: 3 and 6).

    Treated barrios may rank lower, by design: the programme cut their
    violence (planted multipliers 0.55 for homicide and injury) and their
    gaps pillar is smaller, since a gestores team, its programmes and the
    activated spaces are already there; the priority is where to invest
    next. So their check is that their gaps pillar is below that of the
    untreated planted barrios (46 of 46 seeds).
    """
    ind, truth = _demo_inputs(small_workspace)
    spec = PrioritySpec()
    ranked = priority(ind, spec).set_index("neighborhood_id")
    ranked["p_top_k"] = robustness(ind, spec)
    n = len(ranked)
    third = math.ceil(n / 3)
    violence_rank = ranked["violence"].rank(ascending=False, method="max")
    active = truth[truth["pattern"].isin(["persistent", "new"])]
    report = {
        f"{r.neighborhood_id} ({r.pattern}, {'treated' if r.treated else 'untreated'})": (
            int(ranked.loc[r.neighborhood_id, "rank"]),
            int(violence_rank[r.neighborhood_id]),
            round(float(ranked.loc[r.neighborhood_id, "p_top_k"]), 2),
        )
        for r in truth.itertuples()
    }
    print(f"\nplanted barrios (rank, violence rank, p_top_{spec.top_k}) of {n}: {report}")
    untreated = active.loc[~active["treated"].astype(bool), "neighborhood_id"]
    assert len(untreated) >= 2
    for hood in untreated:
        assert violence_rank[hood] <= third, (hood, report)
    ranks = ranked.loc[untreated, "rank"]
    assert ranks.mean() <= third, report
    assert ranks.min() <= spec.top_k, report
    treated = truth.loc[truth["treated"].astype(bool), "neighborhood_id"]
    others = truth.loc[~truth["treated"].astype(bool), "neighborhood_id"]
    assert len(treated) >= 1
    assert ranked.loc[treated, "gaps"].mean() < ranked.loc[others, "gaps"].mean(), report
    for _, row in ranked.reset_index().head(5).iterrows():
        for lang in ("es", "en"):
            assert "{" not in explain(row, lang)
