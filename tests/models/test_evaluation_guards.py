"""Impact evaluation guards fixed in review: counts on both sides of the start, t(G - 1)
intervals, per-barrio robust errors, the F pre-trend test and the average lead, one stratum of
randomisation when a stratum is one-sided, displacement without a cohort's neighbours, the
window clipped to the data, no after period, undated and small programme sites, and the words
of the verdict and the agreement table."""

from __future__ import annotations

import math
from datetime import date

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose
from scipy import stats
from shapely import Point, box

from catalog.say import number, say
from models.evaluation import (
    Check,
    Estimate,
    EvaluationError,
    EvaluationResult,
    EvaluationSpec,
    Panel,
    Treatment,
    analyse,
    check_counts,
    displacement,
    fit_event_study,
    fit_primary,
    panel,
    per_barrio,
    randomisation,
    treatment,
)
from models.evaluation_text import NO_SIGN_MAX, check_table, headline, verdict
from tests.models.test_evaluation import (
    CRS,
    SIDE,
    X0,
    Y0,
    _groups,
    _inputs,
    _known,
    _layout,
    _panel,
    _programs,
    _territories,
)

LANGS = ("es", "en")


def _noisy(seed: int = 3) -> pd.DataFrame:
    """40 barrios (12 treated in cohorts 6, 8, 10; 12 neighbours; 16 controls), 16 periods,
    negative binomial counts of size 2 around about one incident per barrio-period."""
    rng = np.random.default_rng(seed)
    lay = _layout(rng, units=40, cohorts=(6, 8, 10), per=4)
    return _panel(lay, periods=16, level=1.0, rng=rng, shape=2.0)


@pytest.fixture(scope="module")
def noisy() -> pd.DataFrame:
    return _noisy()


def _cells(frame: pd.DataFrame) -> dict[str, int]:
    """The four counts :func:`check_counts` needs above zero, summed here by hand."""
    cut = frame["first"].min()
    t = frame[frame["group"] == "treated"]
    c = frame[frame["group"] == "control"]
    return {
        "treated_before": int(t.loc[t["period"] < t["first"], "y"].sum()),
        "treated_after": int(t.loc[t["period"] >= t["first"], "y"].sum()),
        "control_before": int(c.loc[c["period"] < cut, "y"].sum()),
        "control_after": int(c.loc[c["period"] >= cut, "y"].sum()),
    }


# -- 1. check_counts ---------------------------------------------------------------------------


def test_check_counts_needs_control_incidents_before_the_earliest_start(
    noisy: pd.DataFrame,
) -> None:
    frame = noisy.copy()
    # controls quiet before the earliest start (period 6), busy after
    frame.loc[(frame["group"] == "control") & (frame["period"] < 6), "y"] = 0.0
    expected = _cells(frame)
    assert expected["control_before"] == 0
    assert min(expected["treated_before"], expected["treated_after"]) > 0
    assert expected["control_after"] > 0
    with pytest.raises(EvaluationError) as err:
        check_counts(frame)
    assert err.value.code == "too_few_incidents"
    assert err.value.params == expected
    # analyse says the same before fitting anything
    with pytest.raises(EvaluationError) as err:
        analyse(frame, "Q", permutations=0)
    assert err.value.code == "too_few_incidents"


def test_check_counts_needs_treated_incidents_after_their_start(noisy: pd.DataFrame) -> None:
    frame = noisy.copy()
    treated_after = (frame["group"] == "treated") & (frame["period"] >= frame["first"])
    frame.loc[treated_after, "y"] = 0.0
    expected = _cells(frame)
    assert expected["treated_after"] == 0 and expected["treated_before"] > 0
    with pytest.raises(EvaluationError) as err:
        check_counts(frame)
    assert err.value.code == "too_few_incidents"
    assert err.value.params == expected
    assert set(err.value.params) == {
        "treated_before",
        "treated_after",
        "control_before",
        "control_after",
    }


def test_check_counts_passes_a_panel_with_counts_on_every_side(noisy: pd.DataFrame) -> None:
    out, sparse = check_counts(noisy)
    assert sparse is False
    assert out is noisy


def _sparse_neighbours(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with no neighbour incident from the neighbour's start on."""
    out = frame.copy()
    after = (out["group"] == "neighbour") & (out["period"] >= out["neighbour_first"])
    out.loc[after, "y"] = 0.0
    return out


def _result(frame: pd.DataFrame) -> EvaluationResult:
    """A real analysis of ``frame`` wrapped as the result :func:`headline` reads."""
    a = analyse(frame, "Q", permutations=0)
    n_p = int(frame["period"].max()) + 1
    periods = pd.period_range("2018Q1", periods=n_p, freq="Q")
    return EvaluationResult(
        spec=EvaluationSpec(permutations=0),
        treatment=Treatment(barrios=pd.DataFrame(), origin="column"),
        panel=Panel(frame=frame, periods=periods, step="Q"),
        analysis=a,
    )


def test_neighbours_with_no_incident_after_their_start_are_left_out(noisy: pd.DataFrame) -> None:
    frame = _sparse_neighbours(noisy)
    n_neighbours = frame.loc[frame["group"] == "neighbour", "unit"].nunique()
    assert n_neighbours == 12
    assert frame.loc[(frame["group"] == "neighbour") & (frame["period"] < 6), "y"].sum() > 0
    out, sparse = check_counts(frame)
    assert sparse is True
    assert "neighbour" not in set(out["group"])
    pd.testing.assert_frame_equal(out, frame[frame["group"] != "neighbour"].reset_index(drop=True))

    a = analyse(frame, "Q", permutations=0)
    assert a.neighbours_sparse is True
    assert a.primary.neighbours is None
    # the primary model saw the treated and control barrios only
    assert a.primary.n_clusters == 40 - n_neighbours
    assert a.displacement is None

    # the same panel with the neighbours' counts: they are estimated
    full = analyse(noisy, "Q", permutations=0)
    assert full.neighbours_sparse is False and full.primary.neighbours is not None


def test_headline_says_the_neighbours_are_too_sparse(noisy: pd.DataFrame) -> None:
    sparse = _result(_sparse_neighbours(noisy))
    dense = _result(noisy)
    for lang in LANGS:
        said = say("evaluation.headline.neighbours_sparse", lang)
        text = headline(sparse, lang)
        assert text.endswith(said), text
        assert say("evaluation.headline.no_neighbours", lang) not in text
        assert said not in headline(dense, lang)


# -- 2. t(G - 1) intervals and p-values --------------------------------------------------------


def test_primary_interval_and_p_use_t_with_clusters_minus_one(noisy: pd.DataFrame) -> None:
    frame = noisy.copy()
    # two control barrios with no incident at all: not clusters of the fit
    silent = ["u38", "u39"]
    assert set(frame.loc[frame["unit"].isin(silent), "group"]) == {"control"}
    frame.loc[frame["unit"].isin(silent), "y"] = 0.0
    p = fit_primary(frame)
    g = int((frame.groupby("unit")["y"].sum() > 0).sum())
    assert g == 38 and p.n_clusters == g
    assert p.dropped == tuple(silent)
    crit = stats.t.ppf(0.975, g - 1)
    assert p.neighbours is not None
    for e in (p.treated, p.neighbours):
        assert math.isfinite(e.coef) and e.se > 0
        assert_allclose(e.estimate, math.expm1(e.coef), rtol=1e-12)
        assert_allclose(e.ci_low, math.expm1(e.coef - crit * e.se), rtol=1e-10)
        assert_allclose(e.ci_high, math.expm1(e.coef + crit * e.se), rtol=1e-10)
        assert_allclose(e.p, 2 * stats.t.sf(abs(e.coef / e.se), g - 1), rtol=1e-10)
        # the normal's interval is narrower: the t one must not be it
        normal = math.expm1(e.coef + stats.norm.ppf(0.975) * e.se)
        assert e.ci_high > normal + 1e-4
        assert e.p > 2 * stats.norm.sf(abs(e.coef / e.se))


# -- 3. per-barrio intervals -------------------------------------------------------------------


def test_per_barrio_intervals_are_robust_and_wider_than_the_pooled_one(
    noisy: pd.DataFrame,
) -> None:
    """Clustered by barrio (CRV1), a barrio's own coefficient has a score of zero in its own
    cluster: the errors come out equal within a cohort and smaller than the pooled treated
    error. Heteroskedasticity-robust errors count each barrio's own noise."""
    b = per_barrio(noisy)
    primary = fit_primary(noisy).treated
    width = np.log1p(b["ci_high"].to_numpy()) - np.log1p(b["ci_low"].to_numpy())
    assert np.isfinite(width).all() and len(width) == 12
    pooled = math.log1p(primary.ci_high) - math.log1p(primary.ci_low)
    assert (width > pooled).all(), (width, pooled)
    # within each cohort the widths differ from barrio to barrio
    first = noisy.groupby("unit")["first"].first()
    cohort = first.reindex(b["unit"]).to_numpy()
    for c in np.unique(cohort):
        w = width[cohort == c]
        assert np.ptp(w) > 1e-3 * w.mean(), (c, w)
    # each interval is symmetric on the log scale around the estimate
    centre = (np.log1p(b["ci_high"]) + np.log1p(b["ci_low"])) / 2
    assert_allclose(centre, np.log1p(b["estimate"]), atol=1e-9)


# -- 4. the event study's pre-trend tests ------------------------------------------------------


def test_pre_trend_p_is_f_with_clusters_minus_one(noisy: pd.DataFrame) -> None:
    es = fit_event_study(noisy, "Q")
    g = int((noisy.groupby("unit")["y"].sum() > 0).sum())
    q = es.pre_trend_df
    leads = es.table[es.table["rel"] <= -2]
    assert q == len(leads) == 7  # leads -8 (binned) .. -2, -1 the reference
    assert math.isfinite(es.pre_trend_stat) and es.pre_trend_stat >= 0
    assert_allclose(es.pre_trend_p, stats.f.sf(es.pre_trend_stat, q, g - 1), rtol=1e-10)
    assert es.pre_trend_p != pytest.approx(stats.chi2.sf(es.pre_trend_stat * q, q), rel=1e-6)
    assert math.isfinite(es.pre_mean) and math.isfinite(es.pre_mean_p)
    assert 0 < es.pre_mean_p <= 1
    # the average lead, on the log scale, of the table's lead coefficients
    assert_allclose(es.pre_mean, math.expm1(leads["coef"].mean()), rtol=1e-9)


def test_one_lead_the_f_test_is_the_squared_t_test() -> None:
    """Every treated barrio starts at period 2: one lead (-2 and before, binned), so the Wald
    statistic is (b / se)², ``F(1, G - 1) = t(G - 1)²`` and the average lead is that lead."""
    rng = np.random.default_rng(7)
    lay = _layout(rng, units=30, cohorts=(2,), per=8)
    frame = _panel(lay, periods=10, level=1.0, rng=rng, shape=2.0)
    es = fit_event_study(frame, "Q")
    g = int((frame.groupby("unit")["y"].sum() > 0).sum())
    assert es.pre_trend_df == 1
    row = es.table[es.table["rel"] == -2].iloc[0]
    b, se = float(row["coef"]), float(row["se"])
    assert_allclose(es.pre_trend_stat, (b / se) ** 2, rtol=1e-9)
    expected = 2 * stats.t.sf(abs(b / se), g - 1)
    assert_allclose(es.pre_trend_p, expected, rtol=1e-9)
    assert_allclose(es.pre_mean_p, expected, rtol=1e-9)
    assert_allclose(es.pre_mean, math.expm1(b), rtol=1e-9)


def test_exact_data_average_lead_is_zero() -> None:
    frame = _panel(_layout(np.random.default_rng(11)))
    es = fit_event_study(frame, "Q")
    assert es.pre_trend_df == 7
    assert_allclose(es.pre_mean, 0.0, atol=1e-3)
    assert math.isfinite(es.pre_mean_p)


# -- 5. randomisation in one stratum -----------------------------------------------------------


def test_randomisation_uses_one_stratum_when_the_treated_are_all_high() -> None:
    """Eight treated barrios, every one with a higher pre-period rate than each of the eight
    controls: the two strata of rate would be all treated and all controls, and permuting
    within them would give back the observed assignment every time."""
    rng = np.random.default_rng(21)
    lay = _layout(rng, units=24, cohorts=(6,), per=8)
    lay["alpha"] = np.where(lay["group"] == "treated", 1.5, -1.5) + rng.normal(0, 0.1, 24)
    frame = _panel(lay, periods=12, level=1.0, rng=rng, shape=2.0)
    pre = frame[frame["period"] < 6]
    rate = pre.groupby("unit")["y"].sum() / pre.groupby("unit")["population"].first()
    group = frame.groupby("unit")["group"].first()
    assert rate[group == "treated"].min() > rate[group == "control"].max()
    assert (group == "treated").sum() == (group == "control").sum() == 8

    ri = randomisation(frame, 9, seed=2)
    assert ri.strata == 1
    valid = ri.permuted[np.isfinite(ri.permuted)]
    assert len(valid) >= 5
    assert np.ptp(valid) > 1e-6, valid
    expected = (1 + np.sum(np.abs(valid) >= abs(ri.observed) - 1e-12)) / (1 + len(valid))
    assert_allclose(ri.p, expected)


# -- 6. displacement without a cohort's neighbours ---------------------------------------------


def test_displacement_needs_neighbours_exposed_at_a_cohort_start() -> None:
    frame = _known()
    # d3 starts at 5, no treated cohort's start (3 and 6): no displacement figures
    only_d3 = frame[~frame["unit"].isin(("d1", "d2"))]
    assert set(only_d3["group"]) == {"treated", "control", "neighbour"}
    assert displacement(only_d3) is None
    # with d1 (start 3, a cohort's) there are
    assert displacement(frame[frame["unit"] != "d2"]) is not None


# -- 7-8. the panel's window -------------------------------------------------------------------


def test_panel_window_is_clipped_to_the_data() -> None:
    inputs = _inputs()
    base = EvaluationSpec()
    p = panel(inputs, base, treatment(inputs, base))
    # the data run from 2019-02-01 to 2021-12-01: whole quarters 2019Q2 .. 2021Q3
    assert str(p.periods[0]) == "2019Q2" and str(p.periods[-1]) == "2021Q3"
    for spec in (
        EvaluationSpec(until=date(2035, 12, 31)),
        EvaluationSpec(since=date(1990, 1, 1)),
        EvaluationSpec(since=date(1990, 1, 1), until=date(2035, 12, 31)),
    ):
        q = panel(inputs, spec, treatment(inputs, spec))
        assert q.periods[0] == p.periods[0] and q.periods[-1] == p.periods[-1], spec
        pd.testing.assert_frame_equal(q.frame, p.frame)
    # a window inside the data is still honoured
    inner = EvaluationSpec(until=date(2021, 6, 30))
    assert str(panel(inputs, inner, treatment(inputs, inner)).periods[-1]) == "2021Q2"


def test_panel_without_an_after_period_says_no_post() -> None:
    terr = _territories()
    terr["start"] = pd.to_datetime(["2030-01-01", "2031-01-01", "2030-06-01", "2032-06-01"])
    inputs = _inputs(terr)
    spec = EvaluationSpec()
    t = treatment(inputs, spec)
    assert t.count("treated") == 5
    with pytest.raises(EvaluationError) as err:
        panel(inputs, spec, t)
    assert err.value.code == "no_post"
    assert err.value.params["last"] == "2021Q3"


# -- 9. treatment: undated territories, small sites, points ------------------------------------


def test_barrios_of_an_undated_territory_are_excluded_not_controls() -> None:
    terr = _territories()
    terr.loc[0, "start"] = pd.NaT  # A: H11 and H21
    t = treatment(_inputs(terr), EvaluationSpec())
    assert t.undated == ("TA",)
    g = _groups(t)
    assert g["H11"] == ("excluded", None) and g["H21"] == ("excluded", None)
    # A's neighbours touch no dated treated barrio: controls; B's keep B's start
    assert g["H10"] == ("control", None) and g["H01"] == ("control", None)
    assert g["H31"] == ("neighbour", "2020-04-01")
    assert g["H42"] == ("treated", "2020-04-01")


def test_programme_sites_smaller_than_a_barrio_and_points_are_placed() -> None:
    def centre(i: int, j: int) -> tuple[float, float]:
        return X0 + (i + 0.5) * SIDE, Y0 + (j + 0.5) * SIDE

    x, y = centre(5, 2)
    site = box(x - 10, y - 10, x + 10, y + 10)  # a 20 m square inside H52
    px, py = centre(1, 3)
    rows: list[tuple[str, str, str, str | None]] = [
        ("S1", "prevention", "", "2020-03-01"),
        ("S2", "prevention", "", "2020-09-01"),
    ]
    programs = gpd.GeoDataFrame(
        _programs(rows).assign(neighborhood_id=None),
        geometry=[site, Point(px + 100, py - 200)],  # a point inside H13
        crs=CRS,
    )
    assert site.area == pytest.approx(400.0)
    t = treatment(_inputs(programs=programs), EvaluationSpec(treatment="programs"))
    assert t.unplaced == ()
    g = _groups(t)
    assert {h for h, (grp, _) in g.items() if grp == "treated"} == {"H52", "H13"}
    assert g["H52"] == ("treated", "2020-03-01")
    assert g["H13"] == ("treated", "2020-09-01")
    src = dict(zip(t.barrios["neighborhood_id"], t.barrios["source"], strict=True))
    assert src["H52"] == "S1" and src["H13"] == "S2"
    # a site outside every barrio is placed nowhere
    far = programs.copy()
    far.loc[1, "geometry"] = Point(X0 - 5000, Y0 - 5000)
    t = treatment(_inputs(programs=far), EvaluationSpec(treatment="programs"))
    assert t.unplaced == ("S2",)


# -- 10. the words -----------------------------------------------------------------------------


def _e(estimate: float, lo: float, hi: float, p: float) -> Estimate:
    return Estimate(estimate=estimate, ci_low=lo, ci_high=hi, p=p)


FELL = _e(-0.30, -0.40, -0.20, 0.001)  # treated, clearly down
UNSURE = _e(-0.10, -0.30, 0.15, 0.30)  # treated, not significant
ROSE = _e(0.30, 0.10, 0.50, 0.01)  # treated, clearly up


@pytest.mark.parametrize(
    ("neighbours", "treated", "expected"),
    [
        (_e(0.20, 0.05, 0.40, 0.01), FELL, "displacement"),
        (_e(0.20, 0.05, 0.40, 0.01), UNSURE, "rose"),
        (_e(0.20, 0.05, 0.40, 0.01), ROSE, "rose"),
        (_e(-0.20, -0.35, -0.05, 0.01), FELL, "diffusion"),
        (_e(-0.20, -0.35, -0.05, 0.01), UNSURE, "fell"),
        (_e(-0.20, -0.35, -0.05, 0.01), ROSE, "fell"),
        (_e(0.05, -0.10, 0.20, 0.40), FELL, "none"),
        (_e(0.05, -0.10, NO_SIGN_MAX, 0.40), FELL, "none"),
        (_e(0.05, -0.10, 0.30, 0.40), FELL, "unclear"),
        (_e(0.05, -0.10, 0.30, 0.40), UNSURE, "unclear"),
        (_e(-0.05, -0.20, 0.10, math.nan), FELL, "none"),  # no p-value: nothing significant
    ],
)
def test_verdict(neighbours: Estimate, treated: Estimate, expected: str) -> None:
    assert verdict(neighbours, treated) == expected


def test_check_table_says_not_comparable_and_p_only() -> None:
    primary = _e(-0.30, -0.40, -0.20, 0.001)
    checks = [
        Check("poisson", "multiplicative", primary),
        Check("callaway_santanna", "levels", _e(math.nan, math.nan, math.nan, 0.02), 12.0, None),
        Check("imputation", "levels", _e(-0.25, -0.45, -0.05, 0.03), -3.0, True),
        Check("randomisation", "multiplicative", _e(-0.30, math.nan, math.nan, 0.04)),
    ]
    for lang in LANGS:
        table = check_table(checks, lang)
        agreement = table["agreement"].tolist()
        assert agreement == [
            say("evaluation.agrees.primary", lang),
            say("evaluation.agrees.not_comparable", lang),
            say("evaluation.agrees.yes", lang),
            say("evaluation.agrees.p_only", lang),
        ]
        assert len(set(agreement)) == 4
        assert table["ci"].iloc[1] == "–" and table["ci"].iloc[3] == "–"


def test_a_failing_pre_trend_caveat_says_its_average_as_a_change() -> None:
    """The average lead is a proportional change: "-12 %", not the number "-0.1"."""
    from models.evaluation_text import caveats as caveat_texts

    class _Said:
        caveats = [("pretrend_fail", {"p": 0.003, "mean": -0.12})]

    for lang in ("es", "en"):
        text = caveat_texts(_Said(), lang)[0]  # type: ignore[arg-type]
        assert "-12 %" in text, text
        assert say("evaluation.p.equals", lang, p=number(0.003, lang, 3)) in text, text
