"""The synthetic demo city: determinism, shape of every layer, and the planted truth."""

from __future__ import annotations

import math
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from geopandas.testing import assert_geodataframe_equal
from numpy.testing import assert_allclose

from data import generator, names
from data.generator import SMALL_FACTOR, Frame, make_demo, write_demo
from geo import schema, settings
from geo.workspace import Workspace, frame_hash

PALMIRA = (-76.3036, 3.5394)
DATA_LAYERS = ("incidents", "public_spaces", "neighborhoods", "territories", "programs", "streets")
TRUTH = ("truth_risk", "truth_hotspots", "truth_program_effect", "truth_expected")
VIOLENCE_LIKE = ("homicide", "injury", "fight", "threat", "graffiti")


@pytest.fixture(scope="module")
def demo() -> dict[str, Frame]:
    return make_demo(scale="small")


@pytest.fixture(scope="module")
def metric(demo: dict[str, Frame]) -> dict[str, gpd.GeoDataFrame]:
    """The layers with geometry, in EPSG:9377 metres."""
    return {
        name: frame.to_crs(generator.PROJECTED_CRS)
        for name, frame in demo.items()
        if isinstance(frame, gpd.GeoDataFrame)
    }


@pytest.fixture(scope="module")
def city(metric: dict[str, gpd.GeoDataFrame]) -> shapely.Geometry:
    return shapely.union_all(metric["neighborhoods"].geometry.to_numpy())


@pytest.fixture(scope="module")
def incident_barrio(demo: dict[str, Frame], metric: dict[str, gpd.GeoDataFrame]) -> pd.Series:
    """The barrio each incident falls in, and whether it is treated."""
    joined = gpd.sjoin(
        metric["incidents"][["incident_id", "geometry"]],
        metric["neighborhoods"][["neighborhood_id", "geometry"]],
        how="left",
        predicate="within",
    )
    joined = joined[~joined.index.duplicated(keep="first")]
    return joined["neighborhood_id"]


def _frames_equal(a: dict[str, Frame], b: dict[str, Frame]) -> None:
    assert list(a) == list(b)
    for name in a:
        if isinstance(a[name], gpd.GeoDataFrame):
            assert_geodataframe_equal(a[name], b[name], check_less_precise=False)
        else:
            pd.testing.assert_frame_equal(a[name], b[name])


# -- determinism ------------------------------------------------------------


def test_same_seed_same_frames(demo: dict[str, Frame]) -> None:
    again = make_demo(seed=settings.demo_seed, scale="small")
    _frames_equal(demo, again)


def test_seed_none_uses_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "demo_seed", 7)
    by_setting = make_demo(scale="small")
    explicit = make_demo(seed=7, scale="small")
    _frames_equal(by_setting, explicit)


def test_different_seed_differs(demo: dict[str, Frame]) -> None:
    other = make_demo(seed=settings.demo_seed + 1, scale="small")
    for name in (*DATA_LAYERS, *TRUTH):
        assert frame_hash(demo[name]) != frame_hash(other[name]), name


def test_write_demo_hash_is_deterministic(small_workspace: Path, tmp_path: Path) -> None:
    ws = write_demo(tmp_path / "again.gpkg", scale="small")
    assert ws.content_hash
    assert ws.content_hash == Workspace(small_workspace).content_hash
    other = write_demo(tmp_path / "other.gpkg", seed=settings.demo_seed + 1, scale="small")
    assert other.content_hash != ws.content_hash


def test_workspace_metadata(small_workspace: Path) -> None:
    ws = Workspace(small_workspace)
    assert ws.synthetic is True
    assert ws.projected_crs == "EPSG:9377"
    assert "sintética" in ws.city_name
    provenance = ws.metadata["provenance"].lower()
    for word in (
        "synthetic",
        f"seed {settings.demo_seed}",
        "scale small",
        generator.GENERATOR_VERSION,
    ):
        assert word in provenance
    assert ws.layers == list(DATA_LAYERS)
    assert ws.truth_tables == sorted(TRUTH)
    back = ws.read("incidents")
    assert back["occurred_at"].dt.tz is None


def test_small_and_full_share_the_city(demo: dict[str, Frame]) -> None:
    full = make_demo(scale="full")
    for name in (
        "neighborhoods",
        "public_spaces",
        "territories",
        "programs",
        "streets",
        "truth_hotspots",
    ):
        assert_geodataframe_equal(demo[name], full[name])
    pd.testing.assert_frame_equal(demo["truth_program_effect"], full["truth_program_effect"])
    ratio = len(demo["incidents"]) / len(full["incidents"])
    assert_allclose(ratio, SMALL_FACTOR, rtol=0.05)
    assert 100_000 <= len(full["incidents"]) <= 200_000


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="`scale`"):
        make_demo(scale="medium")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="`seed`"):
        make_demo(seed=-1, scale="small")


# -- shape of the city ------------------------------------------------------


def test_sizes(demo: dict[str, Frame]) -> None:
    hoods = demo["neighborhoods"]
    assert 40 <= len(hoods) <= 60
    assert hoods["comuna"].nunique() == 7
    assert 50 <= len(demo["public_spaces"]) <= 70
    assert len(demo["territories"]) == 8
    assert 25 <= len(demo["programs"]) <= 40
    assert_allclose(hoods["population"].sum(), 350_000, rtol=0.10)


def test_layers_follow_the_schema(demo: dict[str, Frame]) -> None:
    lon0, lat0 = PALMIRA
    for name in DATA_LAYERS:
        frame = demo[name]
        spec = schema.SPECS[name]
        assert isinstance(frame, gpd.GeoDataFrame)
        assert frame.crs.to_epsg() == 4326
        assert set(spec.required) <= set(frame.columns), name
        assert set(frame.columns) - {frame.geometry.name} <= {c.name for c in spec.columns}
        assert frame[spec.id_column].is_unique, name
        geoms = frame.geometry.dropna()
        if spec.geometry_required:
            assert len(geoms) == len(frame), name
        assert set(geoms.geom_type) <= set(spec.geometry), name
        assert geoms.is_valid.all(), name
        xmin, ymin, xmax, ymax = geoms.total_bounds
        # within about 8 km of Palmira's centre
        assert lon0 - 0.075 < xmin and xmax < lon0 + 0.075, name
        assert lat0 - 0.075 < ymin and ymax < lat0 + 0.075, name
        for column in spec.columns:
            if column.name not in frame.columns:
                continue
            values = frame[column.name].dropna()
            if column.choices is not None:
                assert set(values) <= set(column.choices), (name, column.name)
            if column.minimum is not None:
                assert (values >= column.minimum).all(), (name, column.name)
            if column.maximum is not None:
                assert (values <= column.maximum).all(), (name, column.name)
    assert set(demo["incidents"]["category"]) == set(schema.CATEGORIES)
    assert set(demo["programs"]["component"]) == set(schema.COMPONENTS)
    assert set(demo["public_spaces"]["kind"]) <= set(schema.KINDS)


def test_layers_pass_the_readers(demo: dict[str, Frame], tmp_path: Path) -> None:
    from geo.readers import read_layer

    reference = {"neighborhoods": demo["neighborhoods"]}
    for name in DATA_LAYERS:
        path = tmp_path / f"{name}.gpkg"
        demo[name].to_file(path, driver="GPKG")
        result = read_layer(path, name, reference=reference)
        problems = [p for p in result.report.problems if p.severity == "error"]
        assert result.report.ok, (name, problems[:5])
        assert len(result.layer) == len(demo[name]), name


def test_barrios_tile_an_irregular_city(
    metric: dict[str, gpd.GeoDataFrame], city: shapely.Geometry
) -> None:
    hoods = metric["neighborhoods"]
    assert city.geom_type == "Polygon"
    assert_allclose(hoods.area.sum(), city.area, rtol=1e-9)
    xmin, ymin, xmax, ymax = city.bounds
    assert_allclose([xmax - xmin, ymax - ymin], [8000, 7000], rtol=0.1)
    # not a rectangle: the outline fills clearly less than its bounding box
    assert city.area / ((xmax - xmin) * (ymax - ymin)) < 0.9
    centre = shapely.centroid(city)
    lon, lat = gpd.GeoSeries([centre], crs=generator.PROJECTED_CRS).to_crs(4326).iloc[0].coords[0]
    assert_allclose([lon, lat], PALMIRA, atol=0.01)


def test_people(metric: dict[str, gpd.GeoDataFrame], city: shapely.Geometry) -> None:
    hoods = metric["neighborhoods"]
    share = hoods["youth_population"] / hoods["population"]
    assert share.between(0.14, 0.28).all()
    assert hoods["vulnerability"].between(0, 1).all()
    assert set(hoods["stratum"]) == {1, 2, 3, 4, 5, 6}
    assert np.corrcoef(hoods["stratum"], hoods["vulnerability"])[0, 1] < -0.8
    dist = hoods.centroid.distance(shapely.centroid(city))
    assert dist[hoods["stratum"] <= 2].mean() > dist[hoods["stratum"] >= 4].mean()


def test_public_spaces(metric: dict[str, gpd.GeoDataFrame], city: shapely.Geometry) -> None:
    spaces = metric["public_spaces"]
    polygons = spaces[spaces.geom_type == "Polygon"]
    assert len(polygons) >= 0.8 * len(spaces)
    assert (spaces.geom_type == "Point").sum() >= 1
    rect = polygons.geometry.minimum_rotated_rectangle()
    for geom in rect:
        xy = np.asarray(geom.exterior.coords)
        sides = np.hypot(*np.diff(xy[:3], axis=0).T)
        assert (sides > 35).all() and (sides < 260).all()
    assert spaces["activation_cost"].between(50e6, 900e6).all()
    assert spaces["name"].is_unique
    assert spaces.within(city).all()
    assert not shapely.intersects(
        polygons.geometry.to_numpy()[:, None], polygons.geometry.to_numpy()[None, :]
    )[~np.eye(len(polygons), dtype=bool)].any()


def test_territories_cover_the_high_need_part(
    metric: dict[str, gpd.GeoDataFrame], demo: dict[str, Frame], city: shapely.Geometry
) -> None:
    hoods = metric["neighborhoods"]
    terr = metric["territories"]
    assert (terr.geom_type == "Polygon").all()
    assert terr["gestores"].between(8, 20).all()
    assert terr["team"].str.startswith("Equipo ").all() and terr["team"].is_unique
    assert (terr["start"] == pd.Timestamp(settings.program_start)).all()
    effect = demo["truth_program_effect"].set_index("neighborhood_id")
    treated = hoods["neighborhood_id"].map(effect["treated"]).astype(bool)
    covered = np.array(
        [terr.intersection(g).area.sum() / g.area for g in hoods.geometry], dtype=float
    )
    assert_allclose(covered[treated.to_numpy()], 1.0, atol=1e-6)
    assert_allclose(covered[~treated.to_numpy()], 0.0, atol=1e-6)
    # the territories do not overlap and cover part of the city, not all of it
    assert_allclose(terr.area.sum(), shapely.union_all(terr.geometry.to_numpy()).area, rtol=1e-9)
    pop_share = hoods.loc[treated, "population"].sum() / hoods["population"].sum()
    assert 0.3 < pop_share < 0.8
    assert terr.area.sum() < 0.8 * city.area
    assert (
        hoods.loc[treated, "vulnerability"].mean()
        > hoods.loc[~treated, "vulnerability"].mean() + 0.15
    )


def test_programs(demo: dict[str, Frame], metric: dict[str, gpd.GeoDataFrame]) -> None:
    progs = demo["programs"]
    for kind, pool in names.PARTNERS.items():
        assert progs["partner"].isin(pool).any(), kind
    # every programme's partner type is its partner's pool in data.names
    pool_type = {"city": "city", "ngo": "ngo", "church": "church"}
    pool_type |= {"company": "private", "university": "academia"}
    expected = {p: pool_type[kind] for kind, pool in names.PARTNERS.items() for p in pool}
    assert progs["partner_type"].tolist() == progs["partner"].map(expected).tolist()
    assert set(progs["partner_type"]) == {"city", "ngo", "church", "private", "academia"}
    gestores = progs["name"].str.startswith(("Gestores de convivencia", "Activación"))
    assert gestores.sum() >= 8 and (progs.loc[gestores, "partner_type"] == "city").all()
    hoods = metric["neighborhoods"].set_index("neighborhood_id")
    with_hood = progs["neighborhood_id"].notna()
    assert progs.loc[with_hood, "neighborhood_id"].isin(hoods.index).all()
    assert progs.loc[~with_hood].geometry.isna().all()
    mp = metric["programs"]
    for row in mp[with_hood].itertuples():
        assert row.geometry.equals(hoods.loc[row.neighborhood_id, "geometry"])
    assert (progs["end"].isna() | (progs["end"] >= progs["start"])).all()
    around = progs["start"].between("2020-09-01", "2021-03-31")
    assert around.mean() > 0.4


def test_no_real_barrio_names(demo: dict[str, Frame]) -> None:
    real = [
        "Zamorano",
        "Loreto",
        "La Emilia",
        "Colombia",
        "San Pedro",
        "Caimitos",
        "Santa Bárbara",
        "Juan Pablo II",
        "Las Delicias",
        "Alfonso López",
        "Fátima",
        "Versalles",
        "Sesquicentenario",
    ]
    texts = [
        *demo["neighborhoods"]["name"],
        *demo["public_spaces"]["name"],
        *demo["territories"]["team"],
        *demo["programs"]["name"],
        *demo["streets"]["name"].dropna().unique(),
    ]
    for text in texts:
        padded = f" {schema.normalize_token(text)} "
        for name in real:
            assert f" {schema.normalize_token(name)} " not in padded, (text, name)


# -- streets ------------------------------------------------------------------


def test_streets_are_a_perturbed_grid_with_arterials_inside_the_city(
    demo: dict[str, Frame], metric: dict[str, gpd.GeoDataFrame], city: shapely.Geometry
) -> None:
    streets = metric["streets"]
    assert (streets.geom_type == "LineString").all() and streets.is_valid.all()
    assert streets["street_id"].is_unique
    assert city.buffer(1e-6).contains(shapely.union_all(streets.geometry.to_numpy()))
    kinds = streets["kind"].value_counts()
    assert set(kinds.index) == {"arterial", "local", "path"}
    assert kinds["local"] > 0.8 * len(streets) and kinds["path"] > 0.02 * len(streets)
    length = streets.length
    arterial = streets[streets["kind"] == "arterial"]
    # three long roads crossing the city: two along the grid, one diagonal
    assert arterial["name"].nunique() == 3 and (arterial["name"] == "Avenida Diagonal").any()
    for _, road in arterial.groupby("name"):
        assert road.length.sum() > 4000
    assert streets.loc[streets["kind"] == "path", "name"].isna().all()
    # blocks of 100-130 m: most local segments are about a block long
    local = length[streets["kind"] == "local"]
    assert 95 < local.median() < 135
    # not a perfect lattice: the corners moved (a degree or two off the grid's bearing)
    segments = streets.geometry[streets["kind"] == "local"].to_numpy()
    start, end = shapely.get_point(segments, 0), shapely.get_point(segments, -1)
    dx, dy = shapely.get_x(end) - shapely.get_x(start), shapely.get_y(end) - shapely.get_y(start)
    bearing = np.degrees(np.arctan2(dy, dx))
    off_grid = np.mod(bearing - np.median(np.mod(bearing, 90.0)) + 45.0, 90.0) - 45.0
    assert 0.5 < np.std(off_grid) < 5.0
    # the city's area over the block area: a full lattice would have about 2 segments a block
    blocks = city.area / (115.0**2)
    assert 1.5 * blocks < len(streets) < 2.1 * blocks


def test_streets_are_noded_and_connected(metric: dict[str, gpd.GeoDataFrame]) -> None:
    from scipy.sparse.csgraph import connected_components

    from geo.network import StreetNetwork

    streets = metric["streets"]
    net = StreetNetwork.from_lines(streets, snap=0.0)  # no snapping: shared vertices only
    # every segment is an edge, between the vertices it shares with the lines it meets
    segments = shapely.get_num_coordinates(streets.geometry.to_numpy()) - 1
    assert net.n_edges == segments.sum()
    n, labels = connected_components(net._graph, directed=False)
    assert np.bincount(labels).max() > 0.95 * net.n_nodes
    # some segments are missing: crossings of three streets as well as of four
    degree = np.bincount(net.edges.ravel(), minlength=net.n_nodes)
    assert 0.1 < (degree == 3).sum() / (degree >= 3).sum() < 0.5
    # the diagonal avenue crosses the grid at shared vertices: no two lines cross
    geoms = streets.geometry.to_numpy()
    left, right = shapely.STRtree(geoms).query(geoms, predicate="crosses")
    assert not len(left)


def test_the_demo_gives_network_catchments(metric: dict[str, gpd.GeoDataFrame]) -> None:
    from geo.network import catchments

    spaces = metric["public_spaces"]
    zones = catchments(spaces, [400], streets=metric["streets"])
    assert (zones["method"] == "network").all()
    rings = catchments(spaces, [400])
    ratio = zones.area.to_numpy() / rings.area.to_numpy()
    assert 0.4 < np.median(ratio) < 1.0


# -- incidents --------------------------------------------------------------


def test_incidents_inside_the_city_and_period(
    demo: dict[str, Frame], metric: dict[str, gpd.GeoDataFrame], city: shapely.Geometry
) -> None:
    inc = demo["incidents"]
    pts = metric["incidents"].geometry
    assert shapely.contains_xy(city.buffer(1.0), pts.x.to_numpy(), pts.y.to_numpy()).all()
    assert inc["occurred_at"].min() >= pd.Timestamp("2018-01-01")
    assert inc["occurred_at"].max() < pd.Timestamp("2026-01-01")
    assert inc["occurred_at"].dt.tz is None
    # rows are in the order of the drawn times: a date-only row's midnight keeps its place
    assert inc["occurred_at"].dt.normalize().is_monotonic_increasing
    assert inc.loc[~_date_only(inc), "occurred_at"].is_monotonic_increasing
    assert inc["incident_id"].is_unique


def _date_only(inc: pd.DataFrame) -> pd.Series:
    """The incidents with only a date: from midnight to 23:59:59 of one day."""
    at, to = inc["occurred_at"], inc["occurred_to"]
    return (at == at.dt.normalize()) & (to - at == schema.DAY_END)


def test_some_late_reports_give_a_time_range_or_only_a_date(demo: dict[str, Frame]) -> None:
    inc = demo["incidents"]
    at, to = inc["occurred_at"], inc["occurred_to"]
    assert to.dtype == at.dtype and to.dt.tz is None
    whole = _date_only(inc)
    ranged = to.notna() & ~whole
    # about 2 % and 3 % of all incidents (8,300 at the small scale: a few tenths of a point)
    assert 0.015 < whole.mean() < 0.025
    assert 0.025 < ranged.mean() < 0.035
    late = np.zeros(len(inc), dtype=bool)
    for code, sources in generator.LATE_REPORTS.items():
        late |= ((inc["category"] == code) & inc["source"].isin(sources)).to_numpy()
    assert not (to.notna().to_numpy() & ~late).any()
    # a range starts at the drawn time (to the minute) and lasts 2-12 hours
    span = (to - at)[ranged]
    assert span.between(pd.Timedelta(hours=2), pd.Timedelta(hours=12)).all()
    assert span.min() < pd.Timedelta(hours=4) and span.max() > pd.Timedelta(hours=10)
    assert (at[ranged].dt.second == 0).all() and (to[ranged].dt.second == 0).all()
    # a date-only row is its day from midnight to its last second
    assert (at[whole].dt.hour == 0).all() and (at[whole].dt.minute == 0).all()
    assert (to[whole] == at[whole] + pd.Timedelta(hours=23, minutes=59, seconds=59)).all()
    # the other rows have an exact time and no end
    assert to[~late].isna().all()


def test_time_ranges_change_nothing_else(
    demo: dict[str, Frame], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The ranges come from their own random stream: the demo without them is the demo as it was."""

    def exact(rng: np.random.Generator, frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
        return frame.assign(
            occurred_to=pd.Series(pd.NaT, index=frame.index, dtype=frame["occurred_at"].dtype)
        )

    monkeypatch.setattr(generator, "_time_ranges", exact)
    plain = make_demo(scale="small")
    for name in demo:
        if name != "incidents":
            _frames_equal({name: demo[name]}, {name: plain[name]})
    inc, was = demo["incidents"], plain["incidents"]
    assert_geodataframe_equal(
        inc.drop(columns=["occurred_at", "occurred_to"]),
        was.drop(columns=["occurred_at", "occurred_to"]),
        check_less_precise=False,
    )
    whole = _date_only(inc)
    assert (inc["occurred_at"][~whole] == was["occurred_at"][~whole]).all()
    # a date-only row keeps its day, so its month: the truth tables hold as they were
    assert (inc["occurred_at"][whole] == was["occurred_at"][whole].dt.normalize()).all()
    ranged = inc["occurred_to"].notna() & ~whole
    drawn = was["occurred_at"][ranged]
    assert ((inc["occurred_at"][ranged] <= drawn) & (drawn <= inc["occurred_to"][ranged])).all()


def test_gestores_are_never_a_source(demo: dict[str, Frame]) -> None:
    sources = set(demo["incidents"]["source"])
    assert sources <= {"policia", "linea_123", "medicina_legal", "comisaria_familia"}
    assert not any("gestor" in s for s in sources)


def test_counts_match_the_expected_counts(demo: dict[str, Frame]) -> None:
    expected = demo["truth_expected"].groupby("category")["expected"].sum()
    observed = demo["incidents"]["category"].value_counts()
    for code in schema.CATEGORIES:
        assert abs(observed[code] - expected[code]) < 5 * math.sqrt(expected[code]) + 1, code


def test_full_scale_annual_rates(demo: dict[str, Frame]) -> None:
    """The rates the generator plants, at full scale (the small scale's expected counts / SMALL_FACTOR)."""
    exp = demo["truth_expected"]
    year = exp["month"].dt.year
    per_year = exp.groupby([year, "category"])["expected"].sum().unstack() / SMALL_FACTOR
    before = per_year.loc[[2018, 2019]].mean()
    after = per_year.loc[2021:2025].mean()
    ranges = {
        "homicide": (100, 130),
        "injury": (850, 1150),
        "sexual": (120, 180),
        "fight": (3500, 4500),
        "threat": (1300, 1700),
        "noise": (4500, 5500),
        "graffiti": (1300, 1700),
        "domestic": (1000, 1400),
        "theft": (2600, 3400),
        "other": (250, 350),
    }
    for code, (lo, hi) in ranges.items():
        assert lo <= before[code] <= hi, code
    assert 55 <= after["homicide"] <= 80
    # and the observed small-scale homicides are consistent with that
    n = (demo["incidents"]["category"] == "homicide").sum()
    total = exp.loc[exp["category"] == "homicide", "expected"].sum()
    assert abs(n - total) < 5 * math.sqrt(total)


def test_programme_effect_is_visible(demo: dict[str, Frame], incident_barrio: pd.Series) -> None:
    inc = demo["incidents"]
    effect = demo["truth_program_effect"].set_index("neighborhood_id")
    treated = incident_barrio.map(effect["treated"]).astype(bool).to_numpy()
    start = pd.Timestamp(settings.program_start)
    sel = inc["category"].isin(VIOLENCE_LIKE).to_numpy()
    post = (inc["occurred_at"] >= start).to_numpy()
    years_pre = (start - pd.Timestamp("2018-01-01")).days / 365.25
    years_post = (pd.Timestamp("2026-01-01") - start).days / 365.25

    def change(mask: np.ndarray) -> float:
        return float(
            ((sel & mask & post).sum() / years_post) / ((sel & mask & ~post).sum() / years_pre)
        )

    assert change(treated) < 0.85 * change(~treated)
    assert change(treated) < 0.8
    # the truth table says the same
    assert set(effect.loc[effect["treated"], "multiplier_homicide"]) == {0.55}
    assert set(effect.loc[~effect["treated"], "multiplier_homicide"]) == {1.0}
    assert (effect.loc[effect["treated"], "multiplier_violence"] < 0.7).all()
    assert (effect["start"] == start).all()


def test_hotspots_sit_on_neglected_spaces(
    demo: dict[str, Frame], metric: dict[str, gpd.GeoDataFrame]
) -> None:
    hot = metric["truth_hotspots"]
    spaces = metric["public_spaces"].set_index("space_id")
    assert 5 <= len(hot) <= 7
    assert {"persistent", "new", "diminishing"} <= set(hot["pattern"])
    assert hot["radius_m"].between(200, 500).all()
    for row in hot.itertuples():
        space = spaces.loc[row.space_id]
        assert row.geometry.distance(space.geometry) <= 100
        assert space["condition"] == "poor"
        assert space["lighting"] in ("none", "partial")
        assert space["activation_status"] != "active"
    new = hot[hot["pattern"] == "new"].iloc[0]
    fading = hot[hot["pattern"] == "diminishing"].iloc[0]
    assert new["start"] == pd.Timestamp("2024-01-01")
    assert fading["end"] <= pd.Timestamp("2022-12-31")


def _rate_near(
    metric: dict[str, gpd.GeoDataFrame],
    centre: shapely.Point,
    radius_m: float,
    start: str,
    end: str,
) -> float:
    """Violence and convivencia incidents a year within ``radius_m / 2`` (the bump's sigma) of a hot spot's ``centre``."""
    inc = metric["incidents"]
    sel = inc["category"].isin(VIOLENCE_LIKE) & inc["occurred_at"].between(start, end)
    near = inc.loc[sel].distance(centre) <= radius_m / 2
    years = (pd.Timestamp(end) - pd.Timestamp(start)).days / 365.25
    return float(near.sum() / years)


def test_hotspots_are_visible_in_the_incidents(
    metric: dict[str, gpd.GeoDataFrame], city: shapely.Geometry
) -> None:
    hot = metric["truth_hotspots"]
    inc = metric["incidents"]
    all_rate = inc["category"].isin(VIOLENCE_LIKE).sum() / 8.0 / city.area
    for row in hot.itertuples():
        area = math.pi * (row.radius_m / 2) ** 2
        if row.pattern == "persistent":
            rate = _rate_near(metric, row.geometry, row.radius_m, "2018-01-01", "2025-12-31")
            assert rate / area > 3 * all_rate, row.hotspot_id
        elif row.pattern == "new":
            before = _rate_near(metric, row.geometry, row.radius_m, "2018-01-01", "2023-06-30")
            after = _rate_near(metric, row.geometry, row.radius_m, "2024-07-01", "2025-12-31")
            assert after > 2.5 * before, row.hotspot_id
        else:
            before = _rate_near(metric, row.geometry, row.radius_m, "2018-01-01", "2021-12-31")
            after = _rate_near(metric, row.geometry, row.radius_m, "2023-01-01", "2025-12-31")
            assert before > 2.5 * after, row.hotspot_id


def test_truth_risk_grid(demo: dict[str, Frame], metric: dict[str, gpd.GeoDataFrame]) -> None:
    risk = metric["truth_risk"]
    assert_allclose(risk.area, generator.CELL_M**2, rtol=1e-9)
    for group in schema.GROUPS:
        assert_allclose(risk[f"risk_{group}"].mean(), 1.0)
    hoods = metric["neighborhoods"].set_index("neighborhood_id")
    stratum = risk["neighborhood_id"].map(hoods["stratum"])
    assert (
        risk.loc[stratum <= 2, "risk_violence"].mean()
        > 2 * risk.loc[stratum >= 4, "risk_violence"].mean()
    )
    hot = metric["truth_hotspots"]
    persistent = hot[hot["pattern"] == "persistent"]
    at_centre = gpd.sjoin(persistent, risk, predicate="within")
    assert (at_centre["risk_violence"] > 3).all()
    assert (persistent["strength"] > 3).all()


def test_temporal_rhythms(demo: dict[str, Frame]) -> None:
    inc = demo["incidents"]
    inc = inc[~_date_only(inc)]  # a row with only a date has no hour
    hour = inc["occurred_at"].dt.hour
    night = (hour >= 20) | (hour < 3)
    violent = inc["category"].isin(("homicide", "injury", "fight"))
    assert night[violent].mean() > 0.5
    assert night[inc["category"] == "noise"].mean() > 0.6
    day = hour.between(8, 19)
    assert day[inc["category"] == "theft"].mean() > 0.6
    weekend = inc["occurred_at"].dt.day_of_week >= 4
    assert weekend[inc["category"] == "fight"].mean() > 3 / 7 + 0.1
    festive = inc.loc[inc["category"].isin(("fight", "noise")), "occurred_at"].dt.month
    by_month = festive.value_counts()
    assert by_month[12] > 1.15 * by_month.drop(12).mean()
