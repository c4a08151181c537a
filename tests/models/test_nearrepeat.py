"""Knox near-repeat test: hand counts, a brute-force recount, pointpats, null and planted data."""

from __future__ import annotations

import dataclasses
import itertools
import math
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal
from pointpats.spacetime import Knox
from scipy import stats

import models.nearrepeat as nr
from geo.errors import TooFewIncidents
from models.nearrepeat import NS_PER_DAY, TABLE_COLUMNS, KnoxResult, KnoxSpec, NearRepeat, knox

DAY0 = np.datetime64("2024-01-01T00:00:00", "ns")


def _days(values: npt.ArrayLike) -> np.ndarray:
    """Times ``values`` days (fractions allowed) after DAY0, to the nanosecond."""
    ns = np.round(np.asarray(values, dtype=float) * NS_PER_DAY).astype(np.int64)
    return DAY0 + ns.astype("timedelta64[ns]")


def _brute(x: np.ndarray, y: np.ndarray, when: np.ndarray, spec: KnoxSpec) -> np.ndarray:
    """Observed table by listing every pair (the rule written out, no k-d tree, no sorting)."""
    k, nt = spec.distance_bands, spec.time_bands
    i, j = np.triu_indices(x.size, 1)
    dist = np.hypot(x[i] - x[j], y[i] - y[j])
    d_edges = spec.distance_band * np.arange(1, k + 1)
    d_band = (dist[:, None] > d_edges[None, :]).sum(axis=1)  # edges strictly below the distance
    t = when.astype("datetime64[ns]").view(np.int64)
    gap = np.abs(t[i] - t[j])
    t_edges = spec.time_band * NS_PER_DAY * np.arange(1, nt + 1)
    t_band = (gap[:, None] > t_edges[None, :]).sum(axis=1)
    out = np.zeros((k + 1, nt + 1), np.int64)
    np.add.at(out, (d_band, t_band), 1)
    return out


def _uniform(
    n: int, seed: int, *, side: float = 5000.0, days: float = 365.0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.uniform(0, side, n), rng.uniform(0, side, n), _days(rng.uniform(0, days, n))


def _planted(
    parents: int, seed: int, *, side: float = 5000.0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Uniform parents over a year, each followed by a child within 50 m and 3 days."""
    rng = np.random.default_rng(seed)
    px, py = rng.uniform(0, side, parents), rng.uniform(0, side, parents)
    pt = rng.uniform(0, 365, parents)
    r = 50.0 * np.sqrt(rng.uniform(0, 1, parents))
    a = rng.uniform(0, 2 * np.pi, parents)
    cx, cy = px + r * np.cos(a), py + r * np.sin(a)
    ct = pt + rng.uniform(0, 3, parents)
    return np.r_[px, cx], np.r_[py, cy], _days(np.r_[pt, ct])


# --- hand counts -------------------------------------------------------------------------


def test_four_incidents_counted_by_hand() -> None:
    # A(0,0) day 0, B(50,0) day 2, C(0,150) day 10, D(1000,0) day 40
    # AB: 50 m, 2 d -> (0, 0); AC: 150 m, 10 d -> (1, 1); BC: 158 m, 8 d -> (1, 1)
    # AD: 1000 m, 40 d; BD: 950 m, 38 d; CD: 1011 m, 30 d -> all (beyond, beyond)
    x = np.array([0.0, 50.0, 0.0, 1000.0])
    y = np.array([0.0, 0.0, 150.0, 0.0])
    res = knox(x, y, _days([0, 2, 10, 40]), spec=KnoxSpec(permutations=0))
    assert (res.n, res.excluded, res.pairs, res.method) == (4, 0, 6, "poisson")
    obs = res.matrix("observed").to_numpy()
    want = np.zeros((6, 5), np.int64)
    want[0, 0], want[1, 1], want[5, 4] = 1, 2, 3
    assert_array_equal(obs, want)
    # E = N_d * A_t / P with N = (1, 2, 0, 0, 0, 3) by distance, A = (1, 2, 0, 0, 3) by time
    n_d = np.array([1, 2, 0, 0, 0, 3])
    a_t = np.array([1, 2, 0, 0, 3])
    assert_allclose(res.matrix("expected").to_numpy(), np.outer(n_d, a_t) / 6, rtol=1e-15)
    ratio = res.matrix("ratio").to_numpy()
    assert_allclose([ratio[0, 0], ratio[1, 1], ratio[5, 4]], [6.0, 3.0, 2.0])
    assert np.isnan(ratio[2, 0]) and np.isnan(ratio[0, 2])  # nothing expected there
    # Poisson upper tail P(X >= 1 | mean 1/6)
    assert res.table["p"].iloc[0] == pytest.approx(1 - math.exp(-1 / 6), rel=1e-12)


@pytest.mark.parametrize("time_bands", [4, 12])  # compared with each edge, or divided
def test_band_edges_are_inclusive_above(time_bands: int) -> None:
    # exactly 100 m and exactly 7 days: band 0; exactly 500 m (the search radius): band 4;
    # 7 days and one second: band 1
    x = np.array([0.0, 100.0, 0.0, 300.0])
    y = np.array([0.0, 0.0, 5000.0, 5400.0])
    when = DAY0 + np.array([0, 7 * NS_PER_DAY, 0, 7 * NS_PER_DAY + 10**9]).astype("timedelta64[ns]")
    res = knox(x, y, when, spec=KnoxSpec(time_bands=time_bands, permutations=0))
    obs = res.matrix("observed").to_numpy()
    assert obs[0, 0] == 1  # the first pair: 100 m, 7 days
    assert obs[4, 1] == 1  # the second pair: 500 m, 7 days + 1 s
    assert obs[5, 0] == 3  # (0, 2), (1, 2), (1, 3): 0 s, 7 days, 1 s apart
    assert obs[5, 1] == 1  # (0, 3): 7 days + 1 s apart
    assert obs.sum() == res.pairs == 6


def test_table_columns_and_bands() -> None:
    spec = KnoxSpec(distance_band=150.0, distance_bands=3, time_band=10, time_bands=2)
    x, y, when = _uniform(200, 3, side=1000.0, days=60.0)
    res = knox(x, y, when, spec=spec)
    t = res.table
    assert tuple(t.columns) == TABLE_COLUMNS
    assert len(t) == 4 * 3
    assert t["observed"].dtype == np.int64 and t["significant"].dtype == bool
    assert_array_equal(t["distance_band"], np.repeat(np.arange(4), 3))
    assert_array_equal(t["time_band"], np.tile(np.arange(3), 4))
    assert_array_equal(t["distance_from"], np.repeat([0.0, 150.0, 300.0, 450.0], 3))
    assert_array_equal(t["distance_to"][:9], np.repeat([150.0, 300.0, 450.0], 3))
    assert t["distance_to"][9:].isna().all()
    assert_array_equal(t["days_from"], np.tile([0.0, 10.0, 20.0], 4))
    assert t.loc[t["time_band"] == 2, "days_to"].isna().all()
    assert_array_equal(t.loc[t["time_band"] < 2, "days_to"], np.tile([10.0, 20.0], 4))
    assert_array_equal(t["significant"], t["p"] < 0.05)
    m = res.matrix("p")
    assert m.shape == (4, 3)
    assert m.loc[2, 1] == t.loc[(t["distance_band"] == 2) & (t["time_band"] == 1), "p"].item()
    with pytest.raises(ValueError, match="`value`"):
        res.matrix("distance_to")


# --- the counts against listing every pair -----------------------------------------------


@pytest.mark.parametrize("unit", ["ns", "s"])  # 64-bit nanoseconds, 32-bit seconds inside
@pytest.mark.parametrize(
    ("spec", "chunk", "strip"),
    [
        (KnoxSpec(permutations=0), nr._CHUNK, nr._STRIP_PAIRS),
        (KnoxSpec(permutations=0), 97, 500),  # many strips and chunks
        (KnoxSpec(time_band=1, time_bands=12, permutations=0), 97, 500),  # division path
        (KnoxSpec(distance_band=40.0, distance_bands=20, time_band=3, permutations=0), 1000, 3000),
    ],
)
def test_observed_equals_brute_force(
    spec: KnoxSpec, chunk: int, strip: int, unit: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(nr, "_CHUNK", chunk)
    monkeypatch.setattr(nr, "_STRIP_PAIRS", strip)
    x, y, when = _planted(400, 5, side=2000.0)
    when = when.astype(f"datetime64[{unit}]").astype("datetime64[ns]")
    res = knox(x, y, when, spec=spec)
    assert_array_equal(res.matrix("observed").to_numpy(), _brute(x, y, when, spec))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.integers(0, 700), st.integers(0, 700), st.integers(0, 60 * 24).map(float)),
        min_size=2,
        max_size=14,
    ),
    st.integers(1, 3),
    st.integers(1, 12),
)
def test_any_small_input_matches_brute_force(
    rows: list[tuple[int, int, float]], distance_bands: int, time_bands: int
) -> None:
    # whole metres and whole hours: ties, zero distances and pairs exactly on an edge
    x = np.array([r[0] for r in rows], dtype=float)
    y = np.array([r[1] for r in rows], dtype=float)
    when = _days(np.array([r[2] for r in rows]) / 24.0)
    spec = KnoxSpec(
        distance_band=100.0,
        distance_bands=distance_bands,
        time_band=7,
        time_bands=time_bands,
        permutations=0,
    )
    res = knox(x, y, when, spec=spec)
    obs = res.matrix("observed").to_numpy()
    assert_array_equal(obs, _brute(x, y, when, spec))
    n = len(rows)
    assert res.pairs == n * (n - 1) // 2 == obs.sum()
    exp = res.matrix("expected").to_numpy()
    assert exp.sum() == pytest.approx(res.pairs, rel=1e-12)
    # both margins agree: pairs by distance band and by time band
    assert_allclose(exp.sum(axis=1), obs.sum(axis=1), rtol=1e-12, atol=1e-12)
    assert_allclose(exp.sum(axis=0), obs.sum(axis=0), rtol=1e-12, atol=1e-12)
    assert ((res.table["p"] > 0) & (res.table["p"] <= 1)).all()


def test_expected_is_the_mean_over_every_permutation() -> None:
    # 6 incidents: the 720 assignments of their times; E is their exact mean
    x = np.array([0.0, 60.0, 130.0, 0.0, 210.0, 420.0])
    y = np.array([0.0, 0.0, 40.0, 90.0, 200.0, 10.0])
    days = np.array([0.0, 3.0, 9.5, 16.0, 2.0, 30.0])
    spec = KnoxSpec(distance_bands=3, time_bands=3, permutations=0)
    total = np.zeros((4, 4))
    perms = list(itertools.permutations(range(6)))
    for perm in perms:
        total += knox(x, y, _days(days[list(perm)]), spec=spec).matrix("observed").to_numpy()
    res = knox(x, y, _days(days), spec=spec)
    assert_allclose(res.matrix("expected").to_numpy(), total / len(perms), rtol=1e-12)


@pytest.mark.parametrize("unit", ["ns", "m"])
@pytest.mark.parametrize(("chunk", "strip"), [(nr._CHUNK, nr._STRIP_PAIRS), (53, 400)])
def test_permutation_p_values_equal_a_recount(
    chunk: int, strip: int, unit: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the documented procedure, written out: one default_rng(seed).permutation(n) per
    # permutation, over the incidents left after dropping the excluded rows, in input order
    monkeypatch.setattr(nr, "_CHUNK", chunk)
    monkeypatch.setattr(nr, "_STRIP_PAIRS", strip)
    x, y, when = _planted(60, 11, side=800.0)
    when = when.astype(f"datetime64[{unit}]").astype("datetime64[ns]")
    x[3], when[7] = np.nan, np.datetime64("NaT")
    spec = KnoxSpec(distance_bands=3, time_bands=3, permutations=39, seed=5)
    res = knox(x, y, when, spec=spec)
    assert res.method == "permutation" and res.excluded == 2
    keep = ~np.isnan(x) & ~np.isnat(when)
    xv, yv, wv = x[keep], y[keep], when[keep]
    observed = _brute(xv, yv, wv, spec)
    rng = np.random.default_rng(5)
    exceed = np.zeros_like(observed)
    for _ in range(39):
        exceed += _brute(xv, yv, wv[rng.permutation(xv.size)], spec) >= observed
    assert_allclose(res.matrix("p").to_numpy(), (1 + exceed) / 40, rtol=0, atol=1e-15)
    assert (res.table["p"] >= 1 / 40).all()


def test_permutations_are_reproducible_with_the_seed() -> None:
    x, y, when = _uniform(600, 2, side=1500.0, days=90.0)
    a = knox(x, y, when, spec=KnoxSpec(permutations=49, seed=3))
    b = knox(x, y, when, spec=KnoxSpec(permutations=49, seed=3))
    c = knox(x, y, when, spec=KnoxSpec(permutations=49, seed=4))
    pd.testing.assert_frame_equal(a.table, b.table)
    assert not np.array_equal(a.table["p"], c.table["p"])
    assert_array_equal(a.table["observed"], c.table["observed"])


# --- pointpats -------------------------------------------------------------------------------


def _seconds(when: np.ndarray) -> np.ndarray:
    """Times rounded to whole seconds (pointpats then compares them exactly)."""
    return when.astype("datetime64[s]").astype("datetime64[ns]")


def _pointpats(x: np.ndarray, y: np.ndarray, when: np.ndarray, delta: float, tau: float) -> Knox:
    # whole seconds and tau in seconds are exact floats: a pair exactly tau apart is inside
    # for pointpats' k-d tree as for our integer nanoseconds (in fractional days it need not be)
    ns = (when - DAY0).astype(np.int64)
    assert (ns % 10**9 == 0).all()
    seconds = (ns // 10**9).astype(float)
    return Knox(np.column_stack([x, y]), seconds[:, None], delta, tau * 86_400, permutations=0)


@pytest.mark.parametrize("data", ["uniform", "planted"])
def test_single_cell_equals_pointpats_knox(data: str) -> None:
    # one distance band delta and one time band tau: our 2 x 2 table is pointpats' table,
    # [[space and time, space only], [time only, neither]], observed and expected
    if data == "uniform":
        x, y, when = _uniform(1500, 8, side=3000.0, days=120.0)
    else:
        x, y, when = _planted(700, 8, side=3000.0)
    when = _seconds(when)
    spec = KnoxSpec(distance_band=150.0, distance_bands=1, time_band=5, time_bands=1)
    res = knox(x, y, when, spec=dataclasses.replace(spec, permutations=0))
    ref = _pointpats(x, y, when, 150.0, 5.0)
    obs = res.matrix("observed").to_numpy()
    exp = res.matrix("expected").to_numpy()
    assert obs[0, 0] == ref.statistic_ == ref.nst
    assert_array_equal(obs, ref.observed)
    assert_allclose(exp[0, 0], ref.expected[0, 0], rtol=1e-9)
    assert_allclose(exp, ref.expected, rtol=1e-9)
    # pointpats' Poisson p is P(X > O); ours is P(X >= O) = P(X > O) + P(X = O)
    p = res.table["p"].iloc[0]
    assert p == pytest.approx(ref.p_poisson + stats.poisson.pmf(ref.nst, exp[0, 0]), rel=1e-9)
    assert p == pytest.approx(stats.poisson.sf(ref.nst - 1, exp[0, 0]), rel=1e-12)


def test_cumulative_cells_equal_pointpats_statistic() -> None:
    # pairs within 200 m and 14 days are the first 2 x 2 cells of the default bands
    x, y, when = _planted(900, 4, side=3000.0)
    when = _seconds(when)
    # four incidents near the fifth, with gaps of exactly 7 and 14 days: pairs on the edges
    x[:4], y[:4] = x[4] + np.array([30.0, 150.0, 90.0, 0.0]), y[4]
    when[:4] = when[4] + np.array([7, -7, 14, 0]).astype("timedelta64[D]")
    res = knox(x, y, when, spec=KnoxSpec(permutations=0))
    obs = res.matrix("observed").to_numpy()
    for k_d, k_t in [(1, 1), (2, 2), (5, 4), (3, 1)]:
        ref = _pointpats(x, y, when, 100.0 * k_d, 7.0 * k_t)
        assert obs[:k_d, :k_t].sum() == ref.statistic_


# --- no repeats, planted repeats ----------------------------------------------------------


def test_homogeneous_poisson_process_has_ratios_near_one() -> None:
    significant = 0
    for seed in (1, 2, 3):
        x, y, when = _uniform(3000, seed)
        res = knox(x, y, when, spec=KnoxSpec(seed=seed))
        t = res.table
        near = t[(t["distance_band"] < 5) & (t["time_band"] < 4)]
        assert near["expected"].min() > 150
        # with no interaction a cell's count is close to Poisson with mean E (Knox 1964):
        # within 4.5 standard deviations, i.e. |ratio - 1| <= 4.5 / sqrt(E) (< 0.37 here)
        z = (near["observed"] - near["expected"]) / np.sqrt(near["expected"])
        assert (z.abs() <= 4.5).all(), z.abs().max()
        significant += int(t["significant"].sum())
    # 90 cells at the 5 % level: about 4.5 significant by chance
    assert significant <= 12


def test_planted_repeats_are_found() -> None:
    x, y, when = _planted(1500, 21)
    res = knox(x, y, when, spec=KnoxSpec(seed=1))
    first = res.table.iloc[0]
    assert first["ratio"] > 3 and first["significant"]
    assert first["p"] == pytest.approx(1 / 100)
    found = res.near_repeat()
    assert found == NearRepeat(
        distance_band=0,
        time_band=0,
        distance_to=100.0,
        days_to=7.0,
        ratio=float(first["ratio"]),
        p=float(first["p"]),
        observed=int(first["observed"]),
        expected=float(first["expected"]),
    )
    # the Poisson approximation agrees
    assert knox(x, y, when, spec=KnoxSpec(permutations=0)).table["p"].iloc[0] < 1e-12


def _result_with(cells: list[tuple[int, int, float, float]]) -> KnoxResult:
    """A 3 x 3 result (2 bands + beyond each way) with given (d, t, ratio, p) cells."""
    spec = KnoxSpec(distance_bands=2, time_bands=2, permutations=0)
    d, t = np.repeat(np.arange(3), 3), np.tile(np.arange(3), 3)
    table = pd.DataFrame(
        {
            "distance_band": d,
            "distance_from": d * 100.0,
            "distance_to": np.where(d < 2, (d + 1) * 100.0, np.nan),
            "time_band": t,
            "days_from": t * 7.0,
            "days_to": np.where(t < 2, (t + 1) * 7.0, np.nan),
            "observed": np.full(9, 10),
            "expected": np.full(9, 10.0),
            "ratio": np.ones(9),
            "p": np.full(9, 0.5),
        }
    )
    for di, ti, ratio, p in cells:
        at = (table["distance_band"] == di) & (table["time_band"] == ti)
        table.loc[at, ["ratio", "p"]] = [ratio, p]
    table["significant"] = table["p"] < 0.05
    return KnoxResult(spec=spec, n=10, excluded=0, pairs=45, table=table, method="poisson")


def test_near_repeat_rule() -> None:
    assert _result_with([]).near_repeat() is None
    # beyond cells never count
    assert _result_with([(2, 0, 9.0, 0.01), (0, 2, 9.0, 0.01)]).near_repeat() is None
    # the earliest time band wins over a higher ratio later
    got = _result_with([(1, 0, 1.5, 0.04), (0, 1, 4.0, 0.01)]).near_repeat()
    assert got is not None and (got.distance_band, got.time_band) == (1, 0)
    assert (got.distance_to, got.days_to, got.ratio, got.p) == (200.0, 7.0, 1.5, 0.04)
    # within that band, the highest ratio; on a tie, the nearer distance
    got = _result_with([(0, 0, 1.5, 0.01), (1, 0, 2.5, 0.02)]).near_repeat()
    assert got is not None and got.distance_band == 1
    got = _result_with([(1, 0, 2.0, 0.01), (0, 0, 2.0, 0.02)]).near_repeat()
    assert got is not None and got.distance_band == 0
    # significant means p < 0.05
    assert _result_with([(0, 0, 3.0, 0.05)]).near_repeat() is None
    # within: only the first bands are looked at
    assert _result_with([(0, 1, 4.0, 0.01)]).near_repeat(within=1) is None
    got = _result_with([(0, 1, 4.0, 0.01)]).near_repeat(within=2)
    assert got is not None and got.time_band == 1


# --- inputs and the spec --------------------------------------------------------------------


def test_missing_coordinates_and_times_are_excluded_and_counted() -> None:
    x, y, when = _planted(200, 6, side=1500.0)
    clean = knox(x, y, when, spec=KnoxSpec(permutations=19))
    bx = np.r_[x, np.nan, 5.0, np.inf, 7.0]
    by = np.r_[y, 3.0, np.nan, 4.0, 8.0]
    bwhen = np.r_[when, _days([1.0, 2.0, 3.0]), np.datetime64("NaT", "ns")]
    res = knox(bx, by, bwhen, spec=KnoxSpec(permutations=19))
    assert (res.n, res.excluded, res.pairs) == (400, 4, 400 * 399 // 2)
    pd.testing.assert_frame_equal(res.table, clean.table)
    # other datetime64 units are read as such
    coarse = knox(x, y, when.astype("datetime64[s]"), spec=KnoxSpec(permutations=0))
    assert_array_equal(coarse.table["observed"], clean.table["observed"])


def test_bad_inputs_name_the_argument() -> None:
    x, y, when = _uniform(10, 1)
    with pytest.raises(ValueError, match="same length"):
        knox(x[:9], y, when)
    with pytest.raises(ValueError, match="`when` must hold numpy datetime64"):
        knox(x, y, np.arange(10.0))
    with pytest.raises(ValueError, match="`x` must be one-dimensional"):
        knox(x.reshape(2, 5), y, when)
    with pytest.raises(TooFewIncidents, match="at least 2") as err:
        knox(np.r_[1.0, np.nan], np.r_[1.0, 2.0], _days([0, 1]))
    assert (err.value.n, err.value.need) == (1, 2)
    far = np.array(["1700-01-01", "2000-01-01"], dtype="datetime64[ns]")
    with pytest.raises(ValueError, match="`when` spans"):
        knox(np.r_[0.0, 1.0], np.r_[0.0, 1.0], far)


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("distance_band", 0.0),
        ("distance_band", -100.0),
        ("distance_band", float("nan")),
        ("distance_band", float("inf")),
        ("distance_band", True),
        ("distance_band", "100"),
        ("distance_bands", 0),
        ("distance_bands", 2.5),
        ("distance_bands", 101),
        ("time_band", 0),
        ("time_band", 7.5),
        ("time_band", True),
        ("time_bands", 0),
        ("time_bands", 101),
        ("permutations", -1),
        ("permutations", 10_000),
        ("permutations", 99.0),
        ("seed", -1),
        ("seed", 1.5),
    ],
)
def test_spec_validation_names_the_option(option: str, value: object) -> None:
    options: dict[str, Any] = {option: value}
    with pytest.raises(ValueError, match=f"`{option}`"):
        KnoxSpec(**options)


def test_spec_is_frozen_and_hashable() -> None:
    name = "seed"
    assert hash(KnoxSpec()) == hash(KnoxSpec())
    assert len({KnoxSpec(), KnoxSpec(), KnoxSpec(seed=1)}) == 2
    assert KnoxSpec(distance_bands=3, distance_band=150.0).radius == 450.0
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(KnoxSpec(), name, 2)
