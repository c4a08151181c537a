"""The trends: series, weekly rhythm (aoristic), busiest days, the period comparison, areas."""

from __future__ import annotations

import contextlib
from datetime import date
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from scipy import stats
from statsmodels.stats import rates as sm_rates

from geo.workspace import Workspace
from models.events import CODES, Events
from models.stats import poisson_rate_ratio
from models.trends import (
    APART_HOURS,
    AreaRef,
    NoIncidents,
    Periods,
    TrendInputs,
    TrendSpec,
    UnknownArea,
    area_mask,
    busiest_days,
    compare,
    homicide_rate,
    inputs_from_workspace,
    resolve_area,
    rhythm,
    run_trends,
    series,
)
from models.trends_text import TABLES, sentences, tables

CRS = "EPSG:9377"


def _events(
    when: list[str], codes: list[str] | None = None, until: list[str | None] | None = None
) -> Events:
    n = len(when)
    code = np.array([CODES.index(c) for c in (codes or ["fight"] * n)], dtype=np.int8)
    return Events(
        x=np.arange(n, dtype=float) * 10,
        y=np.zeros(n),
        code=code,
        when=pd.to_datetime(when, format="mixed").to_numpy(dtype="datetime64[ns]"),
        until=None
        if until is None
        else pd.to_datetime(pd.Series(until, dtype=object), format="mixed").to_numpy(
            dtype="datetime64[ns]"
        ),
    )


# -- the Poisson ratio ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("n1", "e1", "n2", "e2"),
    [(10, 365, 9, 365), (30, 181, 12, 184), (0, 10, 5, 10), (7, 2.5, 0, 1.0), (120, 1, 80, 1.2)],
)
def test_the_rate_ratio_agrees_with_scipy_and_statsmodels(
    n1: int, e1: float, n2: int, e2: float
) -> None:
    r = poisson_rate_ratio([n1], [e1], [n2], [e2])
    share = e1 / (e1 + e2)
    with np.errstate(divide="ignore", invalid="ignore"):  # statsmodels' ratio with n2 = 0
        sm = sm_rates.test_poisson_2indep(n1, e1, n2, e2, method="exact-cond", compare="ratio")
    assert_allclose(r.p[0], sm.pvalue, rtol=1e-9)
    ci = stats.binomtest(n1, n1 + n2, share).proportion_ci(confidence_level=0.95, method="exact")
    scale = e2 / e1
    low = ci.low / (1 - ci.low) * scale
    high = ci.high / (1 - ci.high) * scale if ci.high < 1 else np.inf
    assert_allclose([r.low[0], r.high[0]], [low, high], rtol=1e-9)
    if n2:
        assert_allclose(r.ratio[0], (n1 / e1) / (n2 / e2))


def test_nine_to_ten_homicides_is_noise_and_a_doubling_of_hundreds_is_not() -> None:
    r = poisson_rate_ratio([10, 400], [365, 365], [9, 200], [365, 365])
    assert r.within_chance.tolist() == [True, False]
    assert r.low[1] > 1.6 and r.p[1] < 1e-10
    assert 0.40 < r.low[0] < 0.42 and 3.0 < r.high[0] < 3.2


def test_the_rate_ratio_refuses_bad_input() -> None:
    with pytest.raises(ValueError, match="whole numbers"):
        poisson_rate_ratio([1.5], [1], [1], [1])
    with pytest.raises(ValueError, match="positive"):
        poisson_rate_ratio([1], [0], [1], [1])
    both = poisson_rate_ratio([0], [1], [0], [1])
    assert np.isnan(both.ratio[0]) and both.p[0] == 1.0


# -- the weekly rhythm ----------------------------------------------------------------


def test_an_exact_time_lands_in_its_weekday_and_hour() -> None:
    # 2024-03-01 was a Friday; 2024-03-03 a Sunday
    ev = _events(["2024-03-01 23:30", "2024-03-03 01:05", "2024-03-04 00:00"])
    rh = rhythm(ev.when, ev.until, np.ones(3, dtype=bool))
    assert rh.grid[4, 23] == 1 and rh.grid[6, 1] == 1 and rh.grid[0, 0] == 1
    assert rh.total == 3 and rh.timed == 3 and rh.apart == 0
    assert rh.busiest(1)[0][2] == 1


def test_a_range_is_spread_over_the_hours_it_touches_and_sums_to_one() -> None:
    ev = _events(
        ["2024-03-01 22:15", "2024-03-02 00:00", "2024-03-05 10:00"],
        until=["2024-03-02 01:10", "2024-03-02 23:59:59", None],
    )
    rh = rhythm(ev.when, ev.until, np.ones(3, dtype=bool))
    # Friday 22:00, 23:00, Saturday 00:00, 01:00: a quarter each
    assert_allclose(rh.grid[4, 22:24], [0.25, 0.25])
    assert_allclose(rh.grid[5, 0:2], [0.25, 0.25])
    # the second has only a date: apart, counted on its Saturday
    assert rh.apart == 1 and rh.apart_by_day.tolist() == [0, 0, 0, 0, 0, 1, 0]
    assert rh.spread == 1 and rh.timed == 1
    assert_allclose(rh.total, 2.0)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 24 * 365), st.integers(0, 60 * 30), st.floats(0.1, 50)),
        min_size=1,
        max_size=40,
    )
)
def test_the_grid_sums_to_the_incidents_with_a_time(rows: list[tuple[int, int, float]]) -> None:
    base = np.datetime64("2024-01-01T00:00", "m")
    when = np.array([base + np.timedelta64(h * 60 + 7, "m") for h, _, _ in rows])
    until = np.array([w + np.timedelta64(m, "m") for w, (_, m, _) in zip(when, rows, strict=True)])
    weight = np.array([w for _, _, w in rows])
    keep = np.ones(len(rows), dtype=bool)
    rh = rhythm(when.astype("datetime64[ns]"), until.astype("datetime64[ns]"), keep, weight=weight)
    blocks = (until.astype("datetime64[h]") - when.astype("datetime64[h]")).astype(int) + 1
    timed = blocks < APART_HOURS
    assert_allclose(rh.total, weight[timed].sum(), rtol=1e-9)
    assert rh.timed + rh.spread + rh.apart == len(rows)
    assert rh.apart == int((~timed).sum())


def test_date_only_rows_stay_out_of_the_grid() -> None:
    ev = _events(["2024-05-12 00:00", "2024-05-12 00:00"], until=["2024-05-12 23:59:59", None])
    rh = rhythm(ev.when, ev.until, np.ones(2, dtype=bool))
    assert rh.total == 1 and rh.apart == 1 and rh.apart_by_day[6] == 1  # a Sunday


# -- the series and the homicide rate ----------------------------------------------------


def test_the_series_counts_every_incident_once_and_rates_per_100k_a_year() -> None:
    ev = _events(
        ["2024-01-05", "2024-01-20", "2024-02-03", "2024-03-31 23:00", "2024-04-01"],
        ["homicide", "fight", "fight", "theft", "theft"],
    )
    frame = series(
        ev, np.ones(5, dtype=bool), start=date(2024, 1, 1), end=date(2024, 3, 31), population=1000
    )
    total = frame[frame["group"] == "all"]
    assert total["count"].tolist() == [2, 1, 1]
    assert frame[frame["group"] != "all"]["count"].sum() == 4
    jan = total.iloc[0]
    assert_allclose(jan["rate"], 2 / 31 * 365.25 / 1000 * 1e5)
    assert total["complete"].all()
    weekly = series(
        ev, np.ones(5, dtype=bool), start=date(2024, 1, 1), end=date(2024, 3, 31), step="week"
    )
    assert weekly[weekly["group"] == "all"]["count"].sum() == 4
    assert weekly["period"].dt.day_of_week.eq(0).all()


def test_the_moving_average_waits_for_whole_periods() -> None:
    days = pd.date_range("2022-01-01", "2024-12-31", freq="15D").strftime("%Y-%m-%d").tolist()
    ev = _events(days)
    frame = series(
        ev,
        np.ones(len(days), dtype=bool),
        start=date(2022, 1, 10),
        end=date(2024, 12, 31),
        moving=12,
    )
    total = frame[frame["group"] == "all"].reset_index(drop=True)
    assert not total["complete"].iloc[0]  # January 2022 starts on the 10th
    assert total["moving"].iloc[:12].isna().all()
    assert_allclose(total["moving"].iloc[12], total["count"].iloc[1:13].mean())


def test_the_homicide_rate_is_the_last_twelve_months_per_100k() -> None:
    days = [f"2023-{m:02d}-10" for m in range(1, 13)] + ["2024-01-10", "2024-01-11"]
    ev = _events(days, ["homicide"] * len(days))
    rate = homicide_rate(
        ev,
        np.ones(len(days), dtype=bool),
        start=date(2023, 1, 1),
        end=date(2024, 1, 31),
        population=50_000,
    )
    assert rate["rate"].iloc[:11].isna().all()
    assert_allclose(rate["rate"].iloc[11], 12 / 365 * 365.25 / 50_000 * 1e5)
    assert rate["last_12"].iloc[12] == 13 and bool(rate["epidemic"].iloc[12])


# -- busiest days and comparison ------------------------------------------------------------


def test_busiest_days_name_the_holidays_and_add_up() -> None:
    when = ["2024-01-01 02:00"] * 6 + ["2024-01-02 10:00", "2024-01-09 10:00", "2024-01-15 10:00"]
    ev = _events(when)
    days = busiest_days(
        ev,
        np.ones(len(when), dtype=bool),
        start=date(2024, 1, 1),
        end=date(2024, 1, 31),
        busiest=0.1,
        own_days=pd.DataFrame(
            {"date": [pd.Timestamp("2024-01-09")], "label": ["Deportivo vs. América"]}
        ),
    )
    assert days.days == 31 and days.top_days == 4
    first = days.table.iloc[0]
    assert first["count"] == 6 and "new_year" in first["special"]
    assert "Deportivo vs. América" in days.table["own"].tolist()
    assert_allclose(days.share, 1.0)  # four days hold everything
    assert days.busy_days == 4


def test_the_comparison_sorts_the_least_likely_change_first() -> None:
    now = ["2024-06-10"] * 40 + ["2024-06-11"] * 5
    before = ["2024-05-10"] * 10 + ["2024-05-11"] * 6
    ev = _events(now + before, ["fight"] * 40 + ["theft"] * 5 + ["fight"] * 10 + ["theft"] * 6)
    periods = Periods.ending(date(2024, 6, 30), 1, first_day=date(2023, 1, 1))
    table = compare(ev, np.ones(len(ev), dtype=bool), periods, population=10_000)
    cats = table[table["level"] == "category"]
    assert cats["code"].tolist() == ["fight", "theft"]
    fight = cats.iloc[0]
    assert fight["now"] == 40 and fight["before"] == 10 and fight["year_before"] == 0
    assert not fight["chance_before"] and fight["ratio_before"] > 3
    assert bool(cats.iloc[1]["chance_before"])
    total = table[table["level"] == "total"].iloc[0]
    assert total["now"] == 45 and total["before"] == 16


def test_a_period_before_the_data_is_not_compared() -> None:
    p = Periods.ending(date(2024, 6, 30), 12, first_day=date(2023, 9, 1))
    assert not p.before_covered and not p.year_covered
    ev = _events(["2024-01-10", "2024-02-10"])
    table = compare(ev, np.ones(2, dtype=bool), p)
    assert table["before"].isna().all() and table["p_year"].isna().all()


# -- areas --------------------------------------------------------------------------


def _hoods() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "neighborhood_id": ["A", "B", "C"],
            "name": ["Alfa", "Beta", "Gama"],
            "comuna": ["Comuna 1", "Comuna 1", "Comuna 2"],
            "population": [1000, 3000, 500],
        },
        geometry=[
            shapely.box(0, 0, 10, 10),
            shapely.box(10, 0, 20, 10),
            shapely.box(20, 0, 30, 10),
        ],
        crs=CRS,
    )


def test_areas_resolve_with_their_barrios_and_residents() -> None:
    hoods = _hoods()
    comuna = resolve_area(AreaRef.parse("comuna:1"), neighborhoods=hoods)
    assert comuna.hoods.tolist() == [0, 1] and comuna.population == 4000
    assert comuna.name == "Comuna 1"
    barrio = resolve_area(AreaRef("neighborhood", "C"), neighborhoods=hoods)
    assert barrio.name == "Gama" and barrio.population == 500
    terr = gpd.GeoDataFrame(
        {"territory_id": ["T1"], "team": ["Norte"]}, geometry=[shapely.box(5, 0, 15, 10)], crs=CRS
    )
    t1 = resolve_area(AreaRef("territory", "T1"), neighborhoods=hoods, territories=terr)
    assert t1.population is not None
    assert_allclose(t1.population, 500 + 1500)  # half of A and half of B by area
    x = np.array([2.0, 7.0, 12.0, 25.0])
    y = np.full(4, 5.0)
    assert area_mask(x, y, t1).tolist() == [False, True, True, False]
    hood = np.array([0, 0, 1, 2])
    assert area_mask(x, y, comuna, hood=hood).tolist() == [True, True, True, False]
    assert resolve_area(AreaRef(), neighborhoods=hoods).population == 4500


def test_unknown_areas_say_what_is_missing() -> None:
    with pytest.raises(UnknownArea, match="no comuna '9'"):
        resolve_area(AreaRef("comuna", "9"), neighborhoods=_hoods())
    with pytest.raises(UnknownArea, match="territories"):
        resolve_area(AreaRef("territory", "T1"), neighborhoods=_hoods())
    with pytest.raises(ValueError, match="needs an id"):
        AreaRef("barrio" if False else "neighborhood")
    with pytest.raises(ValueError, match="KIND:ID"):
        AreaRef.parse("district:3")


def test_the_spec_refuses_bad_options() -> None:
    with pytest.raises(ValueError, match="`step`"):
        TrendSpec(step="day")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="`months`"):
        TrendSpec(months=0)
    with pytest.raises(ValueError, match="unknown categories"):
        TrendSpec(categories=("murder",))
    with pytest.raises(ValueError, match="after the end"):
        TrendSpec(start=date(2024, 2, 1), end=date(2024, 1, 1))


# -- on the demo ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(small_workspace: Path) -> Workspace:
    return Workspace(small_workspace)


def test_the_demo_s_planted_weekend_nights_and_holidays_show(demo: Workspace) -> None:
    spec = TrendSpec()
    result = run_trends(inputs_from_workspace(demo, spec), spec)
    planted = np.zeros((7, 24), dtype=bool)
    planted[[4, 5], 18:] = True
    planted[[5, 6], :6] = True
    top = result.rhythm.busiest(6)
    assert all(planted[d, h] for d, h, _ in top), top
    share, hours = result.rhythm.weekend_nights()
    assert share > 1.4 * hours
    # the holiday peaks: New Year's Day and Mother's Day among the busiest days
    special = ";".join(result.days.table["special"])
    assert "new_year" in special or "new_years_eve" in special
    assert result.days.special_share > result.days.special_days_share
    # every table is there, with rows
    every = tables(result, "es")
    assert set(every) == set(TABLES) and all(len(every[k]) for k in TABLES)
    said = sentences(result, "en")
    assert said.rhythm and "Friday" in said.rhythm and said.comparison


def test_the_demo_s_barrios_and_territories_add_up(demo: Workspace) -> None:
    spec = TrendSpec(categories=("fight", "threat", "graffiti"))
    inputs = inputs_from_workspace(demo, spec)
    city = run_trends(inputs, spec)
    hoods = inputs.neighborhoods
    assert hoods is not None
    comunas = sorted(hoods["comuna"].unique())
    total = 0
    for comuna in comunas:
        one = TrendSpec(area=AreaRef("comuna", comuna), categories=spec.categories)
        with contextlib.suppress(NoIncidents):
            total += run_trends(inputs, one).n
    inside = (city.comparison["level"] == "neighborhood").sum()
    assert inside > 0
    hood_rows = city.comparison[city.comparison["level"] == "neighborhood"]
    # every incident in a barrio is in one comuna
    assert total <= city.n and total >= 0.95 * city.n
    assert hood_rows["now"].sum() <= city.comparison.iloc[0]["now"]


def test_no_incident_in_the_filters_is_said(demo: Workspace) -> None:
    spec = TrendSpec(start=date(2030, 1, 1), end=date(2030, 2, 1))
    with pytest.raises(NoIncidents):
        run_trends(inputs_from_workspace(demo, spec), spec)
    inputs = TrendInputs(events=_events(["2024-01-01"]))
    with pytest.raises(UnknownArea):
        run_trends(inputs, TrendSpec(area=AreaRef("neighborhood", "X")))


def test_too_few_incidents_for_knox_leave_it_out_and_say_so() -> None:
    inputs = TrendInputs(events=_events(["2024-01-01 10:00", "2024-01-03 22:00"]))
    result = run_trends(inputs, TrendSpec())
    assert result.knox is None and result.knox_n == 2
    assert tables(result, "en")["knox"].empty
    assert sentences(result, "en").knox is None


def test_a_change_from_none_says_whether_it_could_be_chance() -> None:
    from models.trends_text import change_text

    inf = float("inf")
    assert change_text(inf, 0.9, inf, True, "es") == "nuevo · azar"  # 2 against 0
    assert change_text(inf, 2.0, inf, False, "en") == "new"
    assert change_text(1.1111, 0.4058, 3.0904, True, "en") == "+11 % · chance"
    assert change_text(2.0, 1.6, 2.5, False, "es") == "+100 % (+60 % a +150 %)"
