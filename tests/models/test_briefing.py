"""The mayor's briefing: the period forms, and every figure against a recount or the engine."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from catalog.say import CATALOG, error_text
from geo import schema, settings
from geo.workspace import Workspace
from models.briefing import (
    MINUS,
    Briefing,
    BriefingError,
    BriefingInputs,
    Homicides,
    Period,
    briefing,
    briefing_text,
    change_text,
    decision_text,
    doing_texts,
    footnote,
    headline,
    parse_period,
    span_text,
)
from models.hotspots import Filters, load_inputs, run_hotspots, top_hotspots
from models.recommend.activation import ParkInputs, recommend_parks
from models.recommend.neighborhoods import NeighborhoodInputs, neighborhood_priority
from models.recommend.parks import ParkSpec, PortfolioSpec
from models.recommend.priority import PrioritySpec

# -- parse_period ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end", "label"),
    [
        ("2025", date(2025, 1, 1), date(2025, 12, 31), "2025"),
        ("2025-Q3", date(2025, 7, 1), date(2025, 9, 30), "2025-Q3"),
        ("2024-q1", date(2024, 1, 1), date(2024, 3, 31), "2024-Q1"),
        ("2025-T4", date(2025, 10, 1), date(2025, 12, 31), "2025-Q4"),
        ("2025-07", date(2025, 7, 1), date(2025, 7, 31), "2025-07"),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "2024-02"),
        ("2025-01..2025-12", date(2025, 1, 1), date(2025, 12, 31), "2025-01..2025-12"),
        (" 2024-11 .. 2025-02 ", date(2024, 11, 1), date(2025, 2, 28), "2024-11..2025-02"),
        ("2025-03..2025-03", date(2025, 3, 1), date(2025, 3, 31), "2025-03..2025-03"),
    ],
)
def test_parse_period_reads_every_form(text: str, start: date, end: date, label: str) -> None:
    assert parse_period(text) == Period(start, end, label)


@pytest.mark.parametrize(
    ("kwargs", "start", "end"),
    [
        # the data end on a month's last day: that month is whole
        ({"last_data": date(2025, 12, 31)}, date(2025, 1, 1), date(2025, 12, 31)),
        # mid-month: the month before is the last whole one
        ({"last_data": date(2025, 12, 15)}, date(2024, 12, 1), date(2025, 11, 30)),
        ({"today": date(2026, 3, 7)}, date(2025, 3, 1), date(2026, 2, 28)),
        # the data win over today
        (
            {"today": date(2030, 1, 1), "last_data": date(2024, 2, 29)},
            date(2023, 3, 1),
            date(2024, 2, 29),
        ),
    ],
)
def test_last_12_months_ends_with_the_last_whole_month(
    kwargs: dict[str, date], start: date, end: date
) -> None:
    p = parse_period("last-12-months", **kwargs)
    assert (p.start, p.end) == (start, end)
    assert p.label == f"{start:%Y-%m}..{end:%Y-%m}"
    assert parse_period(p.label) == p  # the label reads back as the same period


@pytest.mark.parametrize(
    "text", ["", "25", "2025-13", "2025-00", "2025-Q5", "2025-1", "next-year", "2025-01..2025-13"]
)
def test_a_bad_period_names_the_text_and_the_forms(text: str) -> None:
    with pytest.raises(BriefingError) as caught:
        parse_period(text)
    exc = caught.value
    assert exc.code == "bad_period"
    assert repr(text) in str(exc) and "2025-Q3" in str(exc) and "last-12-months" in str(exc)
    for lang in ("es", "en"):
        said = error_text(exc, "briefing", lang)
        assert said != str(exc) and text in said and "last-12-months" in said


def test_a_range_that_ends_before_it_starts_is_an_error_in_both_languages() -> None:
    with pytest.raises(BriefingError) as caught:
        parse_period("2025-12..2025-01")
    exc = caught.value
    assert exc.code == "period_reversed"
    assert {"briefing.error.bad_period", "briefing.error.period_reversed"} <= set(CATALOG)
    es, en = error_text(exc, "briefing", "es"), error_text(exc, "briefing", "en")
    assert all("2025-12-01" in said and "2025-01-31" in said for said in (es, en))
    assert es != en
    with pytest.raises(BriefingError, match="before its start"):
        Period(date(2025, 2, 1), date(2025, 1, 31), "x")


def test_the_year_before_keeps_whole_months() -> None:
    feb = parse_period("2025-02").year_before()
    assert (feb.start, feb.end, feb.label) == (date(2024, 2, 1), date(2024, 2, 29), "2024-02")
    q = parse_period("2025-Q3").year_before()
    assert (q.start, q.end, q.label) == (date(2024, 7, 1), date(2024, 9, 30), "2024-Q3")
    assert parse_period("2025").year_before().days == 366


def test_periods_in_words() -> None:
    assert span_text(date(2025, 7, 1), date(2025, 7, 31), "es") == "jul 2025"
    assert span_text(date(2024, 12, 1), date(2025, 11, 30), "en") == "Dec 2024–Nov 2025"
    assert span_text(date(2025, 3, 5), date(2025, 4, 10), "en") == "2025-03-05 to 2025-04-10"
    assert change_text(-8, "en") == f"{MINUS}8" and change_text(3, "es") == "+3"


# -- the facts on the small demo --------------------------------------------------------


@pytest.fixture(scope="module")
def ws(small_workspace: Path) -> Workspace:
    return Workspace(small_workspace)


@pytest.fixture(scope="module")
def inputs(ws: Workspace) -> BriefingInputs:
    return BriefingInputs.from_workspace(ws)


@pytest.fixture(scope="module")
def year(inputs: BriefingInputs) -> Briefing:
    return briefing(inputs, parse_period("2025"))


@pytest.fixture(scope="module")
def incidents(ws: Workspace) -> pd.DataFrame:
    return pd.DataFrame(ws.read("incidents").drop(columns="geometry"))


@pytest.fixture(scope="module")
def population(ws: Workspace) -> float:
    return float(ws.read("neighborhoods")["population"].sum())


def _recount(incidents: pd.DataFrame, start: str, stop: str, category: str) -> int:
    """Incidents of ``category`` with ``start <= occurred_at < stop``, counted by pandas."""
    when = incidents["occurred_at"]
    keep = (incidents["category"] == category) & (when >= start) & (when < stop)
    return int(keep.sum())


def test_homicides_equal_a_pandas_recount_and_the_rate_formula(
    year: Briefing, incidents: pd.DataFrame, population: float
) -> None:
    h = year.homicides
    assert h.count == _recount(incidents, "2025-01-01", "2026-01-01", "homicide")
    assert h.count_before == _recount(incidents, "2024-01-01", "2025-01-01", "homicide")
    assert h.count + h.count_before > 0  # the demo has homicides: the check can fail
    assert year.population == population
    assert (h.days, h.days_before) == (365, 366)
    assert_allclose(h.rate_annual, h.count / population * 1e5 * 365.25 / 365, rtol=1e-12)
    assert_allclose(h.rate_annual_before, h.count_before / population * 1e5 * 365.25 / 366)
    assert h.change == h.count - h.count_before
    assert_allclose(h.change_share, h.change / h.count_before)


def test_a_quarter_is_annualised_by_its_days(
    inputs: BriefingInputs, incidents: pd.DataFrame, population: float
) -> None:
    b = briefing(inputs, parse_period("2025-Q1"), top=1)
    n = _recount(incidents, "2025-01-01", "2025-04-01", "homicide")
    assert b.homicides.count == n and b.homicides.days == 90
    assert_allclose(b.homicides.rate_annual, n / population * 1e5 * 365.25 / 90, rtol=1e-12)
    n0 = _recount(incidents, "2024-01-01", "2024-04-01", "homicide")
    assert b.homicides.count_before == n0 and b.homicides.days_before == 91
    # the 12-month series ends with the period's last month
    assert b.monthly["month"].iloc[-1] == pd.Timestamp("2025-03-01")
    assert b.monthly["count"].sum() == _recount(incidents, "2024-04-01", "2025-04-01", "homicide")
    assert b.monthly["count"].sum() > 0
    assert len(b.hotspots) <= 1 and b.priority is not None and len(b.priority) == 1


def test_the_12_month_series(year: Briefing, incidents: pd.DataFrame, population: float) -> None:
    m = year.monthly
    assert list(m["month"]) == list(pd.date_range("2025-01-01", periods=12, freq="MS"))
    assert m["count"].sum() == year.homicides.count
    homicides = incidents[incidents["category"] == "homicide"]
    by_month = homicides.groupby(homicides["occurred_at"].dt.to_period("M")).size()
    expected = [int(by_month.get(pd.Period(f"2025-{k:02d}", freq="M"), 0)) for k in range(1, 13)]
    assert m["count"].tolist() == expected
    days = m["month"].dt.days_in_month.to_numpy(dtype=float)
    assert_allclose(m["rate_annual"], m["count"] * 365.25 / days / population * 1e5, rtol=1e-12)
    assert year.threshold == settings.epidemic_threshold


def test_categories_equal_a_recount(year: Briefing, incidents: pd.DataFrame) -> None:
    cats = year.categories
    expected = [*schema.GROUPS["violence"], *schema.GROUPS["convivencia"]]
    assert cats["category"].tolist() == expected
    for row in cats.itertuples():
        assert row.count == _recount(incidents, "2025-01-01", "2026-01-01", str(row.category))
        before = _recount(incidents, "2024-01-01", "2025-01-01", str(row.category))
        assert row.count_before == before
        assert row.change == row.count - before
    assert cats["count"].sum() > 0


def test_the_hot_spots_are_the_engines(year: Briefing, ws: Workspace) -> None:
    hs = load_inputs(ws)
    filters = Filters.of(schema.GROUPS["violence"], "2025-01-01", "2025-12-31")
    result = run_hotspots(hs, "gi", filters=filters)
    top = top_hotspots(result, hs.public_spaces, hs.neighborhoods, n=5)
    assert year.hotspot_status == "ok" and len(year.hotspots) == len(top) > 0
    assert year.hotspot_incidents == result.n_incidents
    pd.testing.assert_frame_equal(
        pd.DataFrame(year.hotspots.drop(columns="geometry")),
        pd.DataFrame(top.drop(columns="geometry")),
    )
    assert year.hotspots.geometry.geom_equals_exact(top.geometry, tolerance=0).all()


def test_the_priority_list_is_the_engines_order(year: Briefing, ws: Workspace) -> None:
    rec = neighborhood_priority(
        NeighborhoodInputs.from_workspace(ws), PrioritySpec(), date(2025, 12, 31)
    )
    assert year.priority is not None and year.priority_window == rec.window
    assert (
        year.priority["neighborhood_id"].tolist() == rec.ranked["neighborhood_id"].head(5).tolist()
    )
    assert year.priority["rank"].tolist() == [1, 2, 3, 4, 5]
    names = [name for name, _ in briefing_text(year, "en").priority]
    assert names == rec.ranked["name"].head(5).astype(str).tolist()


def test_the_portfolio_is_recommend_parks_choice(year: Briefing, ws: Workspace) -> None:
    rec = recommend_parks(
        ParkInputs.from_workspace(ws),
        ParkSpec(end=date(2025, 12, 31)),
        PortfolioSpec(budget=settings.briefing_budget),
    )
    assert rec.portfolio is not None and year.decision is not None
    sol = rec.portfolio.recommended
    d = year.decision
    assert d.chosen["space_id"].tolist() == [rec.candidates[k] for k in sol.chosen]
    assert len(d.chosen) > 0
    assert d.cost == sol.cost <= d.budget == settings.briefing_budget
    assert_allclose(d.chosen["activation_cost"].sum(), sol.cost)
    assert_allclose(d.covered_share, sol.objective / rec.portfolio.total_weight)
    assert d.window == rec.indicators.window
    # the map marks exactly the chosen spaces
    assert year.spaces is not None
    marked = year.spaces.loc[year.spaces["recommended"], "space_id"]
    assert set(marked) == set(d.chosen["space_id"])


def test_what_is_being_done(year: Briefing, ws: Workspace) -> None:
    spaces = ws.read("public_spaces")
    active = spaces.loc[spaces["activation_status"] == "active", "name"].tolist()
    d = year.doing
    assert list(d.active_spaces) == active and d.n_spaces == len(spaces)
    terr = ws.read("territories")
    assert d.n_territories == len(terr) and d.n_teams == terr["team"].nunique()
    assert d.n_gestores == int(terr["gestores"].sum())
    programs = pd.DataFrame(ws.read("programs").drop(columns="geometry"))
    start = pd.to_datetime(programs["start"])
    end = pd.to_datetime(programs["end"])
    running = (start.isna() | (start <= "2025-12-31")) & (end.isna() | (end >= "2025-01-01"))
    assert d.n_programs == int(running.sum())
    assert d.by_component["programs"].sum() == d.n_programs
    assert d.by_partner_type["programs"].sum() == d.n_programs
    counts = programs.loc[running, "component"].value_counts()
    for row in d.by_component.itertuples():
        assert row.programs == counts.get(row.component, 0)
    # statuses and teams describe the present: said as of their layers' last import
    imported = ws.layer_info().set_index("layer")["imported_at"].str[:10]
    assert d.spaces_as_of == imported["public_spaces"] and len(d.spaces_as_of) == 10
    assert d.territories_as_of == imported["territories"]
    texts = doing_texts(year, "en")
    assert f"are active as recorded on {d.spaces_as_of}:" in texts[0]
    assert texts[1].endswith(f", as recorded on {d.territories_as_of}.")
    assert "según los datos cargados el" in doing_texts(year, "es")[0]


def test_the_options_are_checked(inputs: BriefingInputs) -> None:
    period = parse_period("2025")
    with pytest.raises(ValueError, match="`top`"):
        briefing(inputs, period, top=0)
    with pytest.raises(ValueError, match="`budget`"):
        briefing(inputs, period, budget=-1.0)


# -- words ----------------------------------------------------------------------------


def _with(b: Briefing, count: int, before: int, rate: float) -> Briefing:
    h = Homicides(
        count=count,
        count_before=before,
        rate_annual=rate,
        rate_annual_before=math.nan,
        days=365,
        days_before=366,
        change=count - before,
        change_share=(count - before) / before if before else math.nan,
    )
    return replace(b, homicides=h)


def test_the_headline_in_both_languages(year: Briefing) -> None:
    b = _with(year, 41, 49, 11.72)
    assert headline(b, "en") == (
        f"Homicides Jan–Dec 2025: 41, 11.7 per 100,000 a year; "
        f"8 fewer than Jan–Dec 2024 ({MINUS}16 %)."
    )
    assert headline(b, "es") == (
        f"Homicidios ene–dic 2025: 41, 11,7 por 100.000 habitantes al año; "
        f"8 menos que en ene–dic 2024 ({MINUS}16 %)."
    )
    assert "1,250 more than" in headline(_with(year, 1300, 50, 1.0), "en")
    assert headline(_with(year, 3, 0, 1.0), "en").endswith("; none in Jan–Dec 2024.")
    assert headline(_with(year, 0, 0, 0.0), "en").endswith("; as many as in Jan–Dec 2024.")
    assert "no rate" in headline(_with(year, 3, 2, math.nan), "en")


def test_briefing_text_says_the_facts(year: Briefing) -> None:
    for lang in ("es", "en"):
        t = briefing_text(year, lang)
        assert t.count in t.headline and t.rate in t.headline
        assert t.label == "2025" and t.period in t.headline
        assert t.synthetic and t.synthetic == t.footnote[0]
        assert len(t.hotspots) == len(year.hotspots) and len(t.priority) == 5
        assert all(t.period in line for line in t.groups)
    assert briefing_text(year, "es").synthetic.startswith("DATOS SINTÉTICOS")
    real = replace(year, synthetic=False)
    assert briefing_text(real, "en").synthetic == ""
    assert not any("SYNTHETIC" in line for line in footnote(real, "en"))


def test_the_footnote_says_when_the_period_runs_past_the_data(year: Briefing) -> None:
    assert year.data_end == date(2025, 12, 31) and not year.past_data
    later = replace(year, period=parse_period("2026"), before=parse_period("2025"))
    assert later.past_data
    assert any("2025-12-31" in line and "count nothing" in line for line in footnote(later, "en"))


def test_the_decision_when_nothing_fits(year: Briefing) -> None:
    assert year.decision is not None
    empty = replace(year.decision, chosen=year.decision.chosen.iloc[:0], budget=10.0)
    assert decision_text(replace(year, decision=empty), "en") == (
        "No public space fits within the budget of 10."
    )
    assert "no portfolio" in decision_text(replace(year, decision=None), "en")


def test_inputs_read_every_layer_projected(inputs: BriefingInputs, ws: Workspace) -> None:
    for layer in ("neighborhoods", "public_spaces", "territories", "programs", "streets"):
        frame = getattr(inputs, layer)
        assert isinstance(frame, gpd.GeoDataFrame) and frame.crs == ws.projected_crs
    assert len(inputs.events) == len(inputs.hotspot.table)
    assert np.isfinite(inputs.events.x).all()
    assert inputs.synthetic and inputs.content_hash == ws.content_hash


def test_a_period_past_the_data_compares_the_same_days_a_year_earlier(
    inputs: BriefingInputs, incidents: pd.DataFrame
) -> None:
    """The year so far: a period the data end inside is cut at the last day of data and set
    against the same days a year earlier, not against a whole earlier period."""
    b = briefing(inputs, parse_period("2025-07..2026-06"), top=1)
    assert (b.period.start, b.period.end) == (date(2025, 7, 1), date(2025, 12, 31))
    assert (b.before.start, b.before.end) == (date(2024, 7, 1), date(2024, 12, 31))
    h = b.homicides
    assert h.count == _recount(incidents, "2025-07-01", "2026-01-01", "homicide")
    assert h.count_before == _recount(incidents, "2024-07-01", "2025-01-01", "homicide")
    assert (h.days, h.days_before) == (184, 184)
    assert not b.past_data
