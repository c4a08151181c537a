"""models.hotspots: the one-call facade, the top hot spots and their sentences.

On the small demo city each method returns its documented columns, and
the top hot spots of Gi* on violence name the public spaces where the
generator planted its hot spots (``truth_hotspots``). The grouping and the
density areas are checked on hand-made inputs with known answers.
"""

from __future__ import annotations

import dataclasses
import inspect
import math
import re
import string
from collections.abc import Callable
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from catalog.models import PATTERN_NAMES, SENTENCES, UNIT_NAMES
from geo import schema, settings
from geo.errors import ConvivenciaError, MissingLayerError, TooManyIncidents
from geo.grid import Shape
from geo.workspace import Workspace
from models.clusters import ClusterParameters, density_clusters
from models.density import DensitySurface, Raster, density_areas
from models.emerging import CATEGORY_LABELS
from models.gistar import GiParameters
from models.hotspots import (
    METHODS,
    HotspotResult,
    area_text,
    cell_pairs,
    describe,
    explain,
    number,
    peak_cores,
    peak_prominence,
    persistence_groups,
    ranked_by,
    result_measure,
    run_hotspots,
    top_hotspots,
)

VIOLENCE = list(schema.GROUPS["violence"])

COLUMNS = {
    "gi": {"cell_i", "cell_j", "value", "n_neighbors", "gi_z", "gi_p", "gi_bin", "gi_label"},
    "lisa": {
        "cell_i",
        "cell_j",
        "value",
        "n_neighbors",
        "lisa_i",
        "lisa_p",
        "lisa_q",
        "lisa_label",
    },
    "kde": {"level", "area_id", "threshold", "peak", "area_km2", "incidents", "share"},
    "emerging": {
        "cell_i",
        "cell_j",
        "total",
        "category",
        "category_label",
        "trend_z",
        "trend_p",
        "trend_tau",
        "count_trend_z",
        "count_trend_p",
        "n_hot_steps",
        "n_cold_steps",
        "final_bin",
        "hot_since",
        "cold_since",
    },
}


def documented_columns(func: Callable[..., object]) -> list[str]:
    """The columns ``func``'s docstring lists under *Returns*, in order: its contract."""
    doc = inspect.getdoc(func) or ""
    returns = doc.split("Returns\n-------\n", 1)[1]
    names: list[str] = []
    for line in returns.splitlines():
        if line.startswith("    ``"):
            names.extend(re.findall(r"``(\w+)``", line))
    return names


# the clusters' columns are those density_clusters documents (nearest_space included)
COLUMNS["dbscan"] = set(documented_columns(density_clusters)) - {"geometry"}
COLUMNS["hdbscan"] = COLUMNS["dbscan"]

TOP_COLUMNS = documented_columns(top_hotspots)


@pytest.fixture(scope="module")
def ws(small_workspace: Path) -> Workspace:
    return Workspace(small_workspace)


@pytest.fixture(scope="module")
def layers(ws: Workspace) -> dict[str, gpd.GeoDataFrame]:
    return {name: ws.read(name) for name in ("public_spaces", "neighborhoods", "truth_hotspots")}


@pytest.fixture(scope="module")
def results(ws: Workspace) -> dict[str, HotspotResult]:
    """Each method once on the violence of the small demo (cached for the module)."""
    return {m: run_hotspots(ws, m, categories=VIOLENCE) for m in METHODS}


@pytest.mark.parametrize("method", METHODS)
def test_each_method_returns_its_documented_columns(
    method: str, results: dict[str, HotspotResult], ws: Workspace
) -> None:
    result = results[method]
    assert result.method == method
    assert COLUMNS[method] <= set(result.frame.columns), set(result.frame.columns)
    assert result.frame.crs.equals("EPSG:4326")
    assert str(result.projected.crs) == ws.projected_crs == result.crs
    assert len(result.frame) == len(result.projected) > 0
    assert result.reason
    assert set(result.incidents["category"]) <= set(VIOLENCE)
    assert (result.surface is not None) == (method == "kde")
    for lang in ("en", "es"):
        text = explain(result, lang)
        assert text and "{" not in text


def test_cell_methods_say_how_the_scale_was_chosen(results: dict[str, HotspotResult]) -> None:
    gi = results["gi"]
    assert gi.scale is not None
    assert gi.scale.cell.rule != "user"
    assert f"{gi.scale.cell_size:,.0f} m" in explain(gi, "en")
    assert "Las celdas miden" in explain(gi, "es")


@pytest.mark.parametrize("method", ["gi", "kde", "dbscan", "emerging"])
def test_the_incidents_are_projected_once(
    ws: Workspace, method: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Issue 7: one projection of the incidents per run, whatever the method needs after;
    none once their sidecar holds them projected (geo.sidecar)."""
    from pyproj import Transformer

    monkeypatch.setattr(settings, "cache_dir", tmp_path / "cache")  # no sidecar yet
    rows = ws.layer_info().set_index("layer")["rows"]
    n_incidents = int(rows["incidents"])
    projected: list[int] = []
    transform: Any = Transformer.transform

    def counting(self: Transformer, *args: Any, **kwargs: Any) -> Any:
        if np.size(args[0]) == n_incidents:
            projected.append(n_incidents)
        return transform(self, *args, **kwargs)

    monkeypatch.setattr(Transformer, "transform", counting)
    for expected in ([n_incidents], []):  # reads the GeoPackage, then the sidecar
        projected.clear()
        result = run_hotspots(Workspace(ws.path), method)
        top_hotspots(result, ws.read("public_spaces"), ws.read("neighborhoods"))
        assert projected == expected
        assert result.incidents.crs.equals(result.crs)
        assert len(result.incidents) == n_incidents


def test_user_scale_and_options_are_kept(ws: Workspace) -> None:
    result = run_hotspots(
        ws, "gi", categories=VIOLENCE, cell_size=200, distance=600, shape="hex", fdr=False
    )
    assert result.scale is not None
    assert result.scale.cell_size == 200 and result.scale.distance == 600
    options = result.spec.options()
    assert options["cell_size"] == 200 and options["fdr"] is False
    assert "(set by you)" in explain(result, "en")
    assert "without correction" in explain(result, "en")


def test_lisa_by_neighbourhood_and_density_per_resident(ws: Workspace) -> None:
    lisa = run_hotspots(ws, "lisa", units="neighborhoods", categories=VIOLENCE)
    assert lisa.units == "neighborhoods"
    assert {"name", "incidents", "rate_100k", "lisa_label"} <= set(lisa.frame.columns)
    assert len(lisa.frame) == len(ws.read("neighborhoods"))
    top = top_hotspots(lisa, None, None)
    assert (top["unit"] == "neighborhood").all()
    assert (top["rate_100k"] > 0).all()
    kde = run_hotspots(ws, "kde", per_resident=True, categories=VIOLENCE)
    assert kde.surface is not None and kde.surface.unit == "per_100k_residents"
    assert kde.frame["incidents"].isna().all()


def test_filters_by_date_and_category(ws: Workspace) -> None:
    result = run_hotspots(
        ws, "dbscan", categories=["fight"], since="2024-01-01", until="2024-06-30"
    )
    when = result.incidents["occurred_at"]
    assert when.min() >= np.datetime64("2024-01-01")
    assert when.max() < np.datetime64("2024-07-01")
    assert set(result.incidents["category"]) == {"fight"}
    assert (result.start.isoformat(), result.end.isoformat()) == ("2024-01-01", "2024-06-30")


def test_a_mapping_of_layers_works_without_a_workspace(ws: Workspace) -> None:
    incidents = ws.read("incidents")
    result = run_hotspots({"incidents": incidents}, "gi", categories=VIOLENCE)
    assert isinstance(result.parameters, GiParameters)
    assert "convex hull" in result.parameters.study_area
    assert (result.frame["gi_bin"] > 0).any()


def test_errors_name_the_problem(ws: Workspace) -> None:
    with pytest.raises(ValueError, match="`method` must be one of"):
        run_hotspots(ws, "kriging")
    with pytest.raises(ValueError, match="unknown categories"):
        run_hotspots(ws, "gi", categories=["murder"])
    with pytest.raises(ValueError, match="is after"):
        run_hotspots(ws, "gi", since="2024-02-01", until="2024-01-01")
    with pytest.raises(ValueError, match="not a date"):
        run_hotspots(ws, "gi", since="someday")
    with pytest.raises(ValueError, match="only 0 incidents pass the filters"):
        run_hotspots(ws, "gi", since="2031-01-01")
    with pytest.raises(TooManyIncidents) as exc:
        run_hotspots(ws, "hdbscan", max_incidents=100)
    assert exc.value.limit == 100 and exc.value.n > 100
    with pytest.raises(MissingLayerError, match="neighborhoods"):
        run_hotspots({"incidents": ws.read("incidents")}, "lisa", units="neighborhoods")
    with pytest.raises(MissingLayerError, match="incidents"):
        run_hotspots({"neighborhoods": ws.read("neighborhoods")}, "gi")


# -- top hot spots --------------------------------------------------------------


def test_top_hotspots_name_the_planted_public_spaces(
    results: dict[str, HotspotResult], layers: dict[str, gpd.GeoDataFrame]
) -> None:
    """Every planted hot spot is in the top 10 of Gi* on violence, named after its space.

    The generator plants each hot spot within 60 m of a neglected public
    space (``truth_hotspots.space_id``); its Gaussian bump (sigma = radius/2)
    makes the surrounding cells significant, and the group's peak cell lies
    within about 250 m of the planted centre on the default seed, which keeps
    the planted space the nearest one.
    """
    spaces, hoods = layers["public_spaces"], layers["neighborhoods"]
    top = top_hotspots(results["gi"], spaces, hoods, n=10)
    assert list(top.columns) == TOP_COLUMNS
    assert top.crs.equals("EPSG:4326")
    names = dict(zip(spaces["space_id"], spaces["name"], strict=True))
    crs = results["gi"].crs
    planted = layers["truth_hotspots"].to_crs(crs)
    outlines = top.geometry.to_crs(crs)
    for row in planted.itertuples():
        near = outlines.distance(row.geometry) <= row.radius_m
        hits = top.loc[near.to_numpy()]
        assert len(hits), f"planted hot spot {row.hotspot_id} is in no top hot spot"
        assert names[row.space_id] in set(hits["nearest_space"]), (
            row.hotspot_id,
            names[row.space_id],
            hits["nearest_space"].tolist(),
        )


def test_top_hotspots_are_ranked_and_consistent(
    results: dict[str, HotspotResult], layers: dict[str, gpd.GeoDataFrame]
) -> None:
    top = top_hotspots(results["gi"], layers["public_spaces"], layers["neighborhoods"], n=5)
    assert_array_equal(top["rank"], np.arange(1, len(top) + 1))
    assert (np.diff(top["value"].to_numpy()) <= 0).all()
    assert top["confidence"].isin([90.0, 95.0, 99.0]).all()
    assert (top["n_incidents"] > 0).all() and (top["n_cells"] >= 1).all()
    assert (top["nearest_space"] != "").all() and (top["neighborhood"] != "").all()
    assert top["trend"].isin(["rising", "falling", "steady"]).all()
    cats = {c for text in top["top_categories"] for c in text.split(",")}
    assert cats <= set(VIOLENCE)


@pytest.mark.parametrize("method", METHODS)
def test_every_method_has_top_hotspots_described_in_both_languages(
    method: str, results: dict[str, HotspotResult], layers: dict[str, gpd.GeoDataFrame]
) -> None:
    top = top_hotspots(results[method], layers["public_spaces"], layers["neighborhoods"], n=3)
    assert len(top) >= 1
    for _, row in top.iterrows():
        for lang in ("en", "es"):
            text = describe(row, lang)
            assert row["nearest_space"] in text and text.endswith(".")
            assert "{" not in text and "nan" not in text


def test_cluster_hot_spots_count_their_own_members(
    results: dict[str, HotspotResult], layers: dict[str, gpd.GeoDataFrame]
) -> None:
    # hulls may overlap (a small cluster inside a large one's hull): members count, not area
    result = results["dbscan"]
    top = top_hotspots(result, layers["public_spaces"], None, n=len(result.frame))
    assert_array_equal(sorted(top["n_incidents"]), sorted(result.frame["n_incidents"]))
    assert_allclose(sorted(top["harm"]), sorted(result.frame["harm"]))
    assert result.labels is not None and len(result.labels) == len(result.incidents)


def test_emerging_top_hotspots_carry_pattern_and_since(
    results: dict[str, HotspotResult],
) -> None:
    top = top_hotspots(results["emerging"], None, None)
    assert len(top)
    assert top["pattern"].str.endswith("_hot").all()
    active = top[top["pattern"] != "historical_hot"]
    assert (active["since"].str.match(r"^\d{4}-\d{2}$")).all()


def test_emerging_zones_are_one_pattern_around_one_peak(
    results: dict[str, HotspotResult],
) -> None:
    top = top_hotspots(results["emerging"], None, None, n=50).to_crs(results["emerging"].crs)
    # each zone is one piece (squares may meet at a corner) of one pattern, a few hundred
    # metres across at most
    assert (top.geometry.buffer(1e-3).geom_type == "Polygon").all()
    assert (top.geometry.area <= 0.5e6).all(), list(top.geometry.area / 1e6)
    cells = results["emerging"].projected
    for zone in top.itertuples():
        inside = cells[cells.geometry.centroid.within(zone.geometry)]
        assert set(inside["category"]) == {zone.pattern}


def test_no_hot_feature_gives_an_empty_table(results: dict[str, HotspotResult]) -> None:
    gi = results["gi"]
    cold = gi.projected.assign(gi_bin=0)
    quiet = dataclasses.replace(gi, projected=cold, frame=cold.to_crs(4326))
    top = top_hotspots(quiet, None, None)
    assert len(top) == 0 and list(top.columns) == TOP_COLUMNS


# -- hand-made inputs -------------------------------------------------------------


def test_persistence_groups_split_prominent_peaks_only() -> None:
    # a chain 0-1-2-3-4 with peaks at 1 (3.0) and 3 (2.5) meeting at 2 (1.0)
    height = [1.0, 3.0, 1.0, 2.5, 1.2]
    a, b = [0, 1, 2, 3], [1, 2, 3, 4]
    assert_array_equal(persistence_groups(height, a, b, prominence=1.0), [1, 1, 1, 3, 3])
    assert_array_equal(persistence_groups(height, a, b, prominence=2.0), [1, 1, 1, 1, 1])
    # infinite prominence: connected components (4 is alone here)
    assert_array_equal(
        persistence_groups(height, [0, 1, 2], [1, 2, 3], prominence=math.inf), [1, 1, 1, 1, 4]
    )


def test_peak_prominence_and_cores_by_hand() -> None:
    # the chain above: peak 1 (3.0) rises 2.0 above the chain's lowest (1.0); peak 3 (2.5)
    # meets higher ground at 2 (1.0), so rises 1.5
    height = [1.0, 3.0, 1.0, 2.5, 1.2]
    a, b = [0, 1, 2, 3], [1, 2, 3, 4]
    prom = peak_prominence(height, a, b)
    assert_allclose(prom, [math.nan, 2.0, math.nan, 1.5, math.nan])
    groups = persistence_groups(height, a, b, prominence=1.0)
    # half prominence: peak 1 keeps cells >= 2.0, peak 3 cells >= 1.75
    assert_array_equal(peak_cores(height, a, b, groups), [False, True, False, True, False])
    assert peak_cores(height, a, b, groups, depth=1.0).all()
    # a cell high enough but cut off from its peak by a lower one stays out
    assert_array_equal(
        peak_cores([5.0, 1.0, 4.9], [0, 1], [1, 2], [0, 0, 0], depth=0.5), [True, False, False]
    )
    with pytest.raises(ValueError, match="depth"):
        peak_cores(height, a, b, groups, depth=0.0)


def test_a_plateau_between_two_peaks_is_in_neither_zone() -> None:
    # 30 x 12 squares: two bumps 20 cells apart on a long ridge 4 high
    i, j = (g.ravel() for g in np.meshgrid(np.arange(30), np.arange(12), indexing="ij"))

    def bump(ci: int) -> np.ndarray:
        return np.asarray(10.0 * np.exp(-((i - ci) ** 2 + (j - 6) ** 2) / 8.0))

    height = 4.0 + bump(5) + bump(25)
    a, b = cell_pairs(i, j, shape="square")
    groups = persistence_groups(height, a, b, prominence=1.0)
    assert np.unique(groups).size == 2
    core = peak_cores(height, a, b, groups)
    # each zone is its bump's middle (>= 4 + 5): |d|^2 <= 8 ln 2 -> the 21 cells within 2.35
    for ci in (5, 25):
        mine = core & (np.abs(i - ci) < 10)
        assert_array_equal(mine, (i - ci) ** 2 + (j - 6) ** 2 <= 8 * math.log(2.0))
    assert not core[(i > 10) & (i < 20)].any()


@pytest.mark.parametrize(("shape", "degree"), [("square", 8), ("hex", 6)])
def test_cell_pairs_come_from_the_ids(shape: Shape, degree: int) -> None:
    # cell ids as far from 0 as EPSG:9377 puts them with 50 m cells
    i, j = (g.ravel() for g in np.meshgrid(np.arange(10), np.arange(10), indexing="ij"))
    i, j = i + 92_600, j + 39_000
    a, b = cell_pairs(i, j, shape=shape, size=50.0)
    assert (a < b).all()
    count = np.bincount(np.r_[a, b], minlength=i.size)
    inner = (i > i.min()) & (i < i.max()) & (j > j.min()) & (j < j.max())
    assert (count[inner] == degree).all()


def test_a_blob_of_hot_hexagons_far_from_the_origin_is_one_zone() -> None:
    # Palmira's coordinates in EPSG:9377: a dense blob of 900 fights 200 m across in a
    # 3 km square of 3,000 scattered ones
    rng = np.random.default_rng(7)
    cx, cy = 4_632_500.0, 1_949_500.0
    x = np.r_[rng.uniform(cx - 1500, cx + 1500, 3000), rng.normal(cx, 100, 900)]
    y = np.r_[rng.uniform(cy - 1500, cy + 1500, 3000), rng.normal(cy, 100, 900)]
    incidents = gpd.GeoDataFrame(
        {
            "incident_id": np.arange(x.size).astype(str),
            "category": "fight",
            "occurred_at": np.datetime64("2024-01-01")
            + (np.arange(x.size) % 365).astype("timedelta64[D]"),
        },
        geometry=gpd.points_from_xy(x, y),
        crs="EPSG:9377",
    )
    for method in ("gi", "lisa"):
        result = run_hotspots(
            {"incidents": incidents},
            method,
            shape="hex",
            cell_size=60.0,
            distance=180.0,
        )
        top = top_hotspots(result, None, None).to_crs("EPSG:9377")
        holding = top[top.intersects(gpd.points_from_xy([cx], [cy])[0].buffer(150.0))]
        assert len(holding) == 1, (method, top[["n_cells", "area_km2"]])
        zone = holding.iloc[0]
        # at least a hexagon and its ring of six (LISA's I, a product, peaks more sharply)
        assert zone["rank"] == 1 and zone["n_cells"] >= (20 if method == "gi" else 7)
        # a round zone, not a one-row strip
        xmin, ymin, xmax, ymax = zone.geometry.bounds
        assert 0.5 < (xmax - xmin) / (ymax - ymin) < 2.0
        assert zone.geometry.geom_type == "Polygon"


def test_density_areas_of_two_equal_blobs() -> None:
    values = np.zeros((10, 10))
    values[1:3, 1:3] = 1e6  # per km²; a pixel is 10 m x 10 m = 1e-4 km²
    values[6:8, 5:7] = 1e6
    values[9, 9] = np.nan
    surface = DensitySurface(
        values=values,
        raster=Raster(x0=1000.0, y0=2000.0, resolution=10.0, nx=10, ny=10),
        bandwidth=30.0,
        rule="user",
        unit="per_km2",
        crs="EPSG:9377",
        reason="",
    )
    areas, thresholds = density_areas(surface, levels=(0.05,))
    assert thresholds == (1e6,)
    assert len(areas) == 2
    assert_allclose(areas["incidents"], [400.0, 400.0])
    assert_allclose(areas["share"], [0.5, 0.5])
    assert_allclose(areas["area_km2"], [4e-4, 4e-4])
    assert_array_equal(sorted(areas["area_id"]), [1, 2])
    bounds = sorted(tuple(np.round(g.bounds, 6)) for g in areas.geometry)
    assert bounds == [(1010.0, 2010.0, 1030.0, 2030.0), (1050.0, 2060.0, 1070.0, 2080.0)]


def test_describe_the_issue_example_in_both_languages() -> None:
    row = {
        "method": "emerging",
        "unit": "cell",
        "n_cells": 12,
        "confidence": 99.0,
        "pattern": "intensifying_hot",
        "since": "2024-03",
        "nearest_space": "Parque X",
        "nearest_space_m": 40.0,
    }
    assert describe(row, "en") == (
        "12 cells around Parque X: an intensifying hot spot, hot in at least 90 % of the "
        "periods, the last one included (99 % confidence), and more intensely over time."
    )
    assert describe(row, "es") == (
        "12 celdas alrededor de Parque X: un punto caliente en intensificación, caliente en al "
        "menos el 90 % de los periodos, incluido el último (99 % de confianza), y cada vez con "
        "más intensidad."
    )
    sporadic = {**row, "pattern": "sporadic_hot", "since": "2025-11"}
    assert describe(sporadic, "en") == (
        "12 cells around Parque X: a sporadic hot spot, hot again since 2025-11 (99 % "
        "confidence in the last period) after being hot on and off before, and never cold."
    )
    assert describe(sporadic, "es") == (
        "12 celdas alrededor de Parque X: un punto caliente esporádico, caliente de nuevo desde "
        "2025-11 (99 % de confianza en el último periodo) tras serlo de forma intermitente, y "
        "nunca frío."
    )
    far = {**row, "method": "gi", "nearest_space_m": 1250.0, "neighborhood": "El Prado"}
    far["trend"] = "rising"
    assert describe(far, "en") == (
        "12 cells 1.2 km from Parque X in El Prado: a hot spot at 99 % confidence; "
        "incidents rising."
    )
    assert describe(far, "es") == (
        "12 celdas a 1,2 km de Parque X en El Prado: un punto caliente con 99 % de confianza; "
        "incidentes en aumento."
    )
    cluster = {
        "method": "dbscan",
        "unit": "cluster",
        "n_incidents": 1234,
        "top_categories": "fight,theft",
        "since": "2019-02",
        "until": "2025-12",
    }
    assert describe(cluster, "en") == (
        "A cluster of 1,234 incidents: mainly fight and theft incidents, from 2019-02 to 2025-12."
    )
    assert describe(cluster, "es") == (
        "Un conglomerado de 1.234 incidentes: principalmente riña y hurto, de 2019-02 a 2025-12."
    )


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_sentence_templates_have_both_languages_and_the_same_placeholders() -> None:
    for key, entry in SENTENCES.items():
        assert set(entry) == {"en", "es"}, key
        assert _fields(entry["en"]) == _fields(entry["es"]), key
    assert set(PATTERN_NAMES) == set(CATEGORY_LABELS)
    for code, label in CATEGORY_LABELS.items():
        assert PATTERN_NAMES[code]["en"] == label


def test_documented_columns_read_the_returns_section() -> None:
    def f() -> None:
        """Do.

        Parameters
        ----------
        ``ignored``
            Not a result.

        Returns
        -------
        frame
            Columns:

            ``a``, ``b_c``
                Two, with ``not_me`` in the text.
            ``d``
                One.
        """

    assert documented_columns(f) == ["a", "b_c", "d"]


def test_hdbscan_limit_falls_back_to_the_setting(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(settings, "hdbscan_max_incidents", 100)
    with pytest.raises(TooManyIncidents, match="HDBSCAN is slow above 100") as exc:
        run_hotspots(ws, "hdbscan")
    assert exc.value.limit == 100 and exc.value.n > 100
    assert isinstance(exc.value, ConvivenciaError) and isinstance(exc.value, ValueError)


@pytest.mark.parametrize("pattern", list(PATTERN_NAMES))
def test_every_emerging_pattern_has_its_own_sentence(pattern: str) -> None:
    row = {
        "method": "emerging",
        "unit": "cell",
        "n_cells": 1,
        "confidence": 95.0,
        "pattern": pattern,
        "since": "2025-11",
    }
    en, es = describe(row, "en"), describe(row, "es")
    assert en.startswith("1 cell: ") and es.startswith("1 celda: ")
    assert "{" not in en + es and "nan" not in en + es
    if pattern != "no_pattern":
        # the sentence names the pattern as the legend does
        assert PATTERN_NAMES[pattern]["en"].lower() in en
        assert PATTERN_NAMES[pattern]["es"].lower() in es
    if pattern.startswith(("historical", "no_")):
        assert "confidence" not in en and "confianza" not in es
    else:
        assert "95 % confidence" in en and "95 % de confianza" in es
    if pattern.startswith(("new", "consecutive", "sporadic", "oscillating")):
        assert "2025-11" in en and "2025-11" in es
    assert "on and off since" not in en


def test_areas_are_written_in_a_unit_that_suits_their_size() -> None:
    assert area_text(4e-4, "en") == "400 m²"
    assert area_text(0.00078, "es") == "780 m²"
    assert area_text(0.025, "es") == "2,5 ha"
    assert area_text(0.61, "en") == "61 ha"
    assert area_text(1.0, "en") == "1.00 km²"
    assert area_text(6.8, "es") == "6,80 km²"
    assert area_text(41.27, "en") == "41.3 km²"
    assert area_text(math.nan, "en") == "–"
    kde = {"method": "kde", "unit": "area", "area_km2": 0.0004, "level": 0.05, "peak": 10.0}
    assert describe(kde, "es").startswith("Un área de 400 m²")
    assert "0,00 km²" not in describe(kde, "es")


def test_a_density_row_says_its_unit_and_the_tables_figures() -> None:
    row = {
        "method": "kde",
        "weight": "harm",
        "unit": "area",
        "area_km2": 0.61,
        "level": 0.05,
        "value": 573_751.2,
        "n_incidents": 6_974,
        "harm": 618_713.0,
        "peak": 1_301_805.0,
        "measure": "harm_per_km2",
        "nearest_space": "Parque X",
        "nearest_space_m": 10.0,
    }
    assert describe(row, "en") == (
        "An area of 61 ha around Parque X: in the densest 5 % of the city, with 618,713 "
        "harm units inside (up to 1,301,805 harm units per km² over the period)."
    )
    rate = {**row, "weight": "count", "measure": "incidents_per_100k_year", "peak": 29_292.0}
    assert describe(rate, "es") == (
        "Un área de 61 ha alrededor de Parque X: en el 5 % de la ciudad con las tasas más altas, "
        "hasta 29.292 incidentes por 100.000 habitantes al año, con 6.974 incidentes dentro."
    )
    harm_rate = {**row, "measure": "harm_per_100k_year"}
    assert "harm units per 100,000 residents a year" in describe(harm_rate, "en")
    assert "incidents per 100,000" not in describe(harm_rate, "en")


def test_density_results_carry_their_unit(ws: Workspace) -> None:
    for weight in ("count", "harm"):
        for per_resident in (False, True):
            result = run_hotspots(
                ws, "kde", weight=weight, per_resident=per_resident, categories=VIOLENCE
            )
            assert result.surface is not None
            quantity = "harm" if weight == "harm" else "incidents"
            expected = f"{quantity}_per_100k_year" if per_resident else f"{quantity}_per_km2"
            assert result.surface.measure == expected == result_measure(result)
            assert ranked_by(result) == ("rate" if per_resident else weight)
            top = top_hotspots(result, None, None, n=3)
            assert (top["measure"] == expected).all()
            for lang in ("en", "es"):
                words = UNIT_NAMES[expected][lang]
                assert words in explain(result, lang)
                for _, row in top.iterrows():
                    text = describe(row, lang)
                    assert words in text
                    held = row["harm"] if weight == "harm" else row["n_incidents"]
                    assert number(held, lang) in text


def test_the_catalogue_has_a_density_legend_for_every_unit() -> None:
    from catalog.say import CATALOG as HOTSPOTS

    for code, names in UNIT_NAMES.items():
        entry = HOTSPOTS[f"hotspots.legend.kde.{code}"]
        assert entry["en"].lower() == names["en"] and entry["es"].lower() == names["es"]
    for key in ("count", "harm", "rate"):
        assert f"hotspots.top.caption.{key}" in HOTSPOTS
    harm = HOTSPOTS["hotspots.top.caption.harm"]
    assert "harm" in harm["en"] and "daño" in harm["es"]


def test_a_long_list_of_neighbourhoods_reads_as_words() -> None:
    row = {
        "method": "lisa",
        "unit": "neighborhood",
        "n_cells": 6,
        "rate_100k": 14780.24,
        "neighborhood": "A, B, C, D, +2",
        "measure": "incidents_per_100k_year",
    }
    assert describe(row, "en") == (
        "6 neighbourhoods (A, B, C, D and 2 more): a high rate among high-rate neighbours, "
        "up to 14,780.2 incidents per 100,000 residents a year."
    )
    assert describe(row, "es").startswith("6 barrios (A, B, C, D y 2 más): una tasa alta")


@pytest.mark.parametrize(
    ("method", "shape", "weight"),
    [
        ("gi", "square", "count"),
        ("gi", "hex", "harm"),
        ("lisa", "square", "count"),
        ("emerging", "hex", "count"),
    ],
)
def test_zone_incidents_from_cells_equal_point_in_polygon(
    ws: Workspace, method: str, shape: str, weight: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 7: a zone's incidents read from their cells are those inside its outline."""
    import models.hotspots.zones as hotspots

    result = run_hotspots(ws, method, shape=shape, weight=weight)
    spaces, hoods = ws.read("public_spaces"), ws.read("neighborhoods")
    by_cells = top_hotspots(result, spaces, hoods, n=50)
    assert len(by_cells) > 1 and by_cells["n_incidents"].sum() > 0
    used = []
    in_cells = hotspots._incidents_in_cells

    def spy(result: HotspotResult, zone_of_row: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
        found = in_cells(result, zone_of_row)
        used.append(found is not None)
        return found

    monkeypatch.setattr(hotspots, "_incidents_in_cells", spy)
    top_hotspots(result, spaces, hoods, n=50)
    assert used == [True]
    monkeypatch.setattr(hotspots, "_incidents_in_cells", lambda *args: None)
    by_outlines = top_hotspots(result, spaces, hoods, n=50)
    for column in ("n_incidents", "harm", "top_categories", "trend"):
        assert_array_equal(by_cells[column].to_numpy(), by_outlines[column].to_numpy())
    assert by_cells.geometry.geom_equals(by_outlines.geometry).all()


@pytest.mark.parametrize("source", ["workspace", "layers"])
@pytest.mark.parametrize("method", ["gi", "lisa", "kde", "dbscan", "emerging"])
def test_the_coordinates_are_read_once_and_follow_the_filters(
    ws: Workspace, method: str, source: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 7: one read of the incidents' x and y per run, handed to the method and the
    top hot spots; they are those of the filtered incidents, and no column is added. From
    a workspace they come from the sidecar: no read of a geometry, no point object built."""
    import shapely

    get_x: Any = shapely.get_x
    points: Any = shapely.points
    sizes: list[int] = []
    built: list[int] = []

    def counting(geoms: Any, **kwargs: Any) -> Any:
        sizes.append(int(np.size(geoms)))
        return get_x(geoms, **kwargs)

    def building(*args: Any, **kwargs: Any) -> Any:
        made = points(*args, **kwargs)
        built.append(int(np.size(made)))
        return made

    columns = list(ws.read("incidents").columns)  # (and the sidecar written)
    given: Any = ws
    if source == "layers":
        given = {name: ws.read(name) for name in ("incidents", "neighborhoods", "public_spaces")}
    monkeypatch.setattr(shapely, "get_x", counting)
    monkeypatch.setattr(shapely, "points", building)
    result = run_hotspots(given, method, categories=VIOLENCE, since="2023-01-01")
    top_hotspots(result, ws.read("public_spaces"), ws.read("neighborhoods"))
    n = result.n_incidents
    assert 0 < n < int(ws.layer_info().set_index("layer")["rows"]["incidents"])
    assert sizes.count(n) == (1 if source == "layers" else 0)
    if source == "workspace":
        assert built.count(n) == 0
        assert not isinstance(result.table, gpd.GeoDataFrame)
    monkeypatch.undo()
    assert result.xy is not None
    assert len(result.incidents) == n
    pts = result.incidents.geometry.to_numpy()
    assert_array_equal(result.xy[0], get_x(pts))
    assert_array_equal(result.xy[1], shapely.get_y(pts))
    assert list(result.incidents.columns) == columns
    assert result.incidents.crs.equals(result.crs)


def test_coordinates_given_must_match_the_points() -> None:
    from models.lattice import point_coordinates

    pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy([0.0, 1.0], [2.0, 3.0]), crs="EPSG:9377")
    x, y = point_coordinates(pts, "EPSG:9377", xy=(np.array([5.0, 6.0]), np.array([7.0, 8.0])))
    assert_array_equal(x, [5.0, 6.0])
    assert_array_equal(y, [7.0, 8.0])
    with pytest.raises(ValueError, match="one per point"):
        point_coordinates(pts, "EPSG:9377", xy=(np.zeros(3), np.zeros(3)))


def test_incidents_in_outlines_are_those_a_spatial_index_finds() -> None:
    import shapely

    from models.hotspots.zones import _incidents_in_outlines

    rng = np.random.default_rng(8)
    x, y = rng.uniform(0, 100, 5_000), rng.uniform(0, 100, 5_000)
    x[:4], y[:4] = [20.0, 30.0, 50.0, 99.0], [20.0, 25.0, 50.0, 99.0]  # on borders and a corner
    outlines = [
        shapely.box(10, 10, 30, 30),
        shapely.box(30, 10, 50, 40),  # shares the edge x = 30 with the first
        shapely.Point(60, 60).buffer(15),
        shapely.box(90, 90, 99, 99),
    ]
    pi, gi = _incidents_in_outlines(outlines, x, y)
    pts = shapely.points(x, y)
    qi, qg = shapely.STRtree(np.asarray(outlines)).query(pts, predicate="intersects")
    order = np.lexsort((qg, qi))  # each point once, in the first outline that holds it
    qi, qg = qi[order], qg[order]
    first = np.unique(qi, return_index=True)[1]
    assert_array_equal(pi, qi[first])
    assert_array_equal(gi, qg[first])
    assert gi[pi == 1][0] == 0 and 3 in pi  # the shared edge counts in the first; a corner counts


def test_dbscan_says_when_its_background_distance_is_sampled(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above the threshold the explanation says the median is over a sample; below, nothing."""
    import models.clusters as clusters

    def run() -> HotspotResult:
        return run_hotspots(ws, "dbscan", categories=["fight"], since="2024-01-01")

    full = run()
    n = len(full.incidents)
    assert "fixed sample" not in explain(full, "en")
    assert "muestra fija" not in explain(full, "es")
    monkeypatch.setattr(clusters, "BACKGROUND_SAMPLE_ABOVE", n // 2)
    monkeypatch.setattr(clusters, "BACKGROUND_SAMPLE", n // 4)
    sampled = run()
    assert isinstance(full.parameters, ClusterParameters)
    assert isinstance(sampled.parameters, ClusterParameters)
    assert sampled.parameters.background_m != full.parameters.background_m
    en = explain(sampled, "en")
    es = explain(sampled, "es")
    assert f"Above {n // 2:,} incidents" in en and f"fixed sample of {n // 4:,}" in en
    assert "muestra fija" in es


@pytest.mark.parametrize("seed", range(6))
def test_components_are_scipys_connected_components(seed: int) -> None:
    """The grouping's own components (no scipy.sparse.csgraph at start-up) are scipy's partition."""
    import scipy.sparse as sp
    from scipy.sparse.csgraph import connected_components

    from models.hotspots.grouping import components

    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 400))
    m = int(rng.integers(0, 2 * n))
    a, b = rng.integers(0, n, m), rng.integers(0, n, m)
    if seed == 0:  # a long chain, numbered backwards: the slowest case for label propagation
        n, a, b = 300, np.arange(299, 0, -1), np.arange(298, -1, -1)
    label = components(n, a, b)
    adj = sp.csr_matrix((np.ones(a.size), (a, b)), shape=(n, n))
    k, comp = connected_components(adj, directed=False)
    # the same partition: a one-to-one map between the two labellings
    pairs = set(zip(label.tolist(), comp.tolist(), strict=True))
    assert len(pairs) == k == len(set(label.tolist()))
    # each node is labelled by the smallest node of its component
    for c in range(k):
        members = np.flatnonzero(comp == c)
        assert (label[members] == members.min()).all()
