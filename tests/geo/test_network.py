"""Walking catchments: hand-made networks with known answers, networkx, and a property."""

from __future__ import annotations

import math

import geopandas as gpd
import networkx as nx
import numpy as np
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from shapely.geometry import LineString, MultiLineString, Point, Polygon, box

from geo.errors import ValidationError
from geo.network import (
    NO_ACCESS,
    StreetNetwork,
    _trimmed,
    catchments,
    network_catchments,
    ring_catchments,
)

CRS = "EPSG:9377"
#: Where the hand-made networks sit (EPSG:9377 metres near Palmira), so that the
#: coordinates are as large as a real city's.
X0, Y0 = 4_630_000.0, 1_950_000.0


def at(x: float, y: float) -> tuple[float, float]:
    return (X0 + x, Y0 + y)


def line(*points: tuple[float, float]) -> LineString:
    return LineString([at(x, y) for x, y in points])


def streets(*lines: shapely.Geometry) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"street_id": range(len(lines))}, geometry=list(lines), crs=CRS)


def spaces(*geoms: shapely.Geometry) -> gpd.GeoDataFrame:
    ids = [f"E{k + 1}" for k in range(len(geoms))]
    return gpd.GeoDataFrame({"space_id": ids}, geometry=list(geoms), crs=CRS)


def node_at(net: StreetNetwork, x: float, y: float) -> int:
    d = np.hypot(net.nodes[:, 0] - X0 - x, net.nodes[:, 1] - Y0 - y)
    k = int(np.argmin(d))
    assert d[k] < 1.0, (x, y)
    return k


def grid_lines(n: int, side: float, *, seed: int = 0, missing: float = 0.0) -> list[LineString]:
    """An ``n`` x ``n`` grid of ``side``-metre blocks, corners jittered, noded at the corners."""
    rng = np.random.default_rng(seed)
    xy = np.stack(np.meshgrid(np.arange(n) * side, np.arange(n) * side, indexing="ij"), -1)
    xy = xy + rng.uniform(-3, 3, xy.shape)
    out = []
    for i in range(n):
        for j in range(n):
            for di, dj in ((1, 0), (0, 1)):
                if i + di < n and j + dj < n and rng.uniform() >= missing:
                    out.append(line(tuple(xy[i, j]), tuple(xy[i + di, j + dj])))
    return out


# -- the graph -----------------------------------------------------------------


def test_vertices_become_nodes_and_segments_edges() -> None:
    net = StreetNetwork.from_lines(
        streets(line((0, 0), (100, 0), (100, 50)), line((100, 0), (200, 0)))
    )
    assert (net.n_nodes, net.n_edges) == (4, 3)
    assert_allclose(np.sort(net.lengths), [50, 100, 100])
    assert net.crs is not None and net.crs.to_epsg() == 9377


def test_snapping_merges_nearly_equal_vertices_only() -> None:
    pair = streets(line((0, 0), (100, 0)), line((100, 0.3), (100, 100)))
    joined = StreetNetwork.from_lines(pair, snap=0.5)
    assert (joined.n_nodes, joined.n_edges) == (3, 2)
    apart = StreetNetwork.from_lines(pair, snap=0.2)
    assert (apart.n_nodes, apart.n_edges) == (4, 2)
    d = joined.distances([(np.array([node_at(joined, 0, 0)]), np.array([0.0]))])
    assert_allclose(
        d[0, node_at(joined, 100, 100)], math.hypot(100, 0.15) + 99.85, atol=1e-9
    )  # merged at the mean
    d = apart.distances([(np.array([node_at(apart, 0, 0)]), np.array([0.0]))])
    assert np.isinf(d[0, node_at(apart, 100, 100)])


def test_repeated_segments_are_one_edge_and_multilines_give_their_parts() -> None:
    twice = MultiLineString([[at(0, 0), at(100, 0)], [at(100, 0), at(100, 80)]])
    net = StreetNetwork.from_lines(streets(twice, line((100, 0), (0, 0)), None, LineString()))
    assert (net.n_nodes, net.n_edges) == (3, 2)
    assert_allclose(np.sort(net.lengths), [80, 100])


def test_lines_that_are_not_lines_are_refused() -> None:
    with pytest.raises(ValidationError, match="row 1 is a Polygon"):
        StreetNetwork.from_lines(streets(line((0, 0), (1, 0)), box(*at(0, 0), *at(5, 5))))
    with pytest.raises(ValidationError, match="`snap`"):
        StreetNetwork.from_lines(streets(line((0, 0), (1, 0))), snap=-1)


def test_the_graph_arrays_are_checked() -> None:
    nodes = np.array([[0.0, 0.0], [100.0, 0.0], [100.0, 100.0]])
    with pytest.raises(ValidationError, match="outside 0..2"):
        StreetNetwork(nodes, np.array([[0, 3]]))
    with pytest.raises(ValidationError, match="smaller node first"):
        StreetNetwork(nodes, np.array([[1, 0]]))
    with pytest.raises(ValidationError, match="an edge twice"):
        StreetNetwork(nodes, np.array([[0, 1], [0, 1]]))
    net = StreetNetwork(nodes, np.array([[0, 1], [1, 2]]))
    with pytest.raises(ValidationError, match="as many starting distances as nodes"):
        net.distances([(np.array([0, 1]), np.array([0.0]))])
    with pytest.raises(ValidationError, match="finite and non-negative"):
        net.distances([(np.array([0]), np.array([-1.0]))])
    assert_allclose(net.distances([(np.array([0]), np.array([5.0]))]), [[5, 105, 205]])
    assert_allclose(
        net.distances([(np.array([0]), np.array([5.0]))], limit=110), [[5, 105, np.inf]]
    )


def test_a_geographic_crs_is_refused() -> None:
    lines = streets(line((0, 0), (100, 0))).to_crs("EPSG:4326")
    with pytest.raises(ValidationError, match="geographic CRS"):
        StreetNetwork.from_lines(lines)
    net = StreetNetwork.from_lines(streets(line((0, 0), (100, 0))))
    degrees = spaces(Point(at(0, 0))).to_crs("EPSG:4326")
    with pytest.raises(ValidationError, match="`spaces` is in EPSG:4326, a geographic CRS"):
        network_catchments(degrees, net, [400])
    with pytest.raises(ValidationError, match="geographic CRS"):
        ring_catchments(degrees, [400])
    with pytest.raises(ValidationError, match="no CRS"):
        ring_catchments(spaces(Point(at(0, 0))).set_crs(None, allow_override=True), [400])
    other = spaces(Point(at(0, 0))).to_crs("EPSG:3116")
    with pytest.raises(ValidationError, match="street network is in EPSG:9377"):
        network_catchments(other, net, [400])


# -- distances -------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(5))
def test_distances_equal_networkx_multi_source_dijkstra(seed: int) -> None:
    """Several origins, each starting at a few nodes with their own offsets, against networkx."""
    rng = np.random.default_rng(seed)
    points = rng.uniform(0, 1000, (40, 2))
    graph = nx.Graph()
    lines = []
    for _ in range(90):
        a, b = rng.choice(40, 2, replace=False)
        # a bend in the middle: the middle vertex is a node too
        bend = (points[a] + points[b]) / 2 + rng.uniform(-30, 30, 2)
        path = [points[a], bend, points[b]]
        lines.append(line(*map(tuple, path)))
        for p, q in zip(path[:-1], path[1:], strict=True):
            key_p, key_q = at(*p), at(*q)
            w = math.hypot(key_q[0] - key_p[0], key_q[1] - key_p[1])  # as the layer's coordinates
            if not graph.has_edge(key_p, key_q) or graph[key_p][key_q]["weight"] > w:
                graph.add_edge(key_p, key_q, weight=w)
    net = StreetNetwork.from_lines(streets(*lines), snap=0.0)
    assert net.n_edges == graph.number_of_edges()
    keys = [tuple(xy) for xy in net.nodes]
    sources = []
    for _ in range(6):
        nodes = rng.choice(net.n_nodes, int(rng.integers(1, 4)), replace=False)
        sources.append((nodes, rng.uniform(0, 50, len(nodes))))
    limit = 700.0
    ours = net.distances(sources, limit=limit)
    for k, (nodes, offsets) in enumerate(sources):
        # a virtual start joined to each source node by its offset, as the docstring says
        g = graph.copy()
        g.add_weighted_edges_from(
            ("start", keys[n], o) for n, o in zip(nodes, offsets, strict=True)
        )
        theirs = nx.multi_source_dijkstra_path_length(g, {"start"}, cutoff=limit)
        expected = np.array([theirs.get(key, np.inf) for key in keys])
        assert_allclose(ours[k], expected, rtol=0, atol=1e-9)
        assert np.isfinite(ours[k]).sum() == len(theirs) - 1


# -- catchments on hand-made networks --------------------------------------------


def test_a_straight_street_is_reached_exactly_r_along_it() -> None:
    net = StreetNetwork.from_lines(streets(line((0, 0), (1000, 0))))
    result = network_catchments(spaces(Point(at(0, 0))), net, [400, 800], trim=50)
    assert list(result["method"]) == ["network", "network"]
    for geom, r in zip(result.geometry, (400, 800), strict=True):
        xmin, ymin, xmax, ymax = geom.bounds
        assert_allclose([xmin - X0, xmax - X0], [-50, r + 50], atol=1e-6)
        assert_allclose([ymin - Y0, ymax - Y0], [-50, 50], atol=1e-6)
        assert geom.contains(Point(at(r + 49, 0)))
        assert not geom.contains(Point(at(r + 51, 0)))


def test_a_space_off_the_street_starts_at_its_distance_and_walks_onto_it() -> None:
    net = StreetNetwork.from_lines(streets(line((0, 0), (1000, 0))))
    park = box(*at(-20, -100), *at(20, -30))  # 30 m south of the street's first node
    zone = network_catchments(spaces(park), net, [400], trim=10).geometry.iloc[0]
    assert_allclose(zone.bounds[2] - X0, 400 - 30 + 10, atol=1e-6)
    assert zone.contains(park)
    assert zone.contains(Point(at(0, -15)))  # the walk from the park to the street


def test_a_gap_wider_than_snap_is_not_crossed() -> None:
    two = streets(line((0, 0), (500, 0)), line((500.8, 0), (1000, 0)))
    space = spaces(Point(at(0, 0)))
    apart = network_catchments(space, StreetNetwork.from_lines(two, snap=0.5), [800])
    assert_allclose(apart.geometry.iloc[0].bounds[2] - X0, 550, atol=1e-6)
    joined = network_catchments(space, StreetNetwork.from_lines(two, snap=1.0), [800])
    assert_allclose(joined.geometry.iloc[0].bounds[2] - X0, 850, atol=0.5)


def test_a_loop_is_reached_from_both_sides() -> None:
    square = line((0, 0), (100, 0), (100, 100), (0, 100), (0, 0))
    net = StreetNetwork.from_lines(streets(square))
    start = [(np.array([node_at(net, 0, 0)]), np.array([0.0]))]
    assert_allclose(net.distances(start)[0, node_at(net, 100, 100)], 200, atol=1e-9)
    space = spaces(Point(at(0, 0)))
    # access 1 m: the walk starts at the corner only (the far corner is 141 m away)
    whole = network_catchments(space, net, [250], trim=1, access=1).geometry.iloc[0]
    assert whole.contains(square)
    part = network_catchments(space, net, [150], trim=1, access=1).geometry.iloc[0]
    assert part.contains(Point(at(100, 40))) and part.contains(Point(at(40, 100)))
    assert not part.contains(Point(at(100, 100)))
    assert not part.contains(Point(at(100, 60))) and not part.contains(Point(at(60, 100)))


def test_a_space_with_no_street_nearby_falls_back_to_its_ring() -> None:
    # the street's only vertices are its ends: split every 100 m, a node is 20 m from `near`
    lines = streets(line((0, 0), (1000, 0)))
    assert StreetNetwork.from_lines(lines).n_nodes == 2
    net = StreetNetwork.from_lines(lines, max_edge=100)
    assert (net.n_nodes, net.n_edges) == (11, 10)
    near, far = Point(at(500, 20)), box(*at(0, 1000), *at(50, 1050))
    result = network_catchments(spaces(near, far), net, [400, 800], access=150)
    assert list(result["method"]) == ["network", "network", "ring", "ring"]
    assert list(result["reason"]) == [None, None, NO_ACCESS, NO_ACCESS]
    rings = ring_catchments(spaces(near, far), [400, 800])
    for ours, ring in zip(result.geometry[2:], rings.geometry[2:], strict=True):
        assert ours.equals(ring)


def test_an_empty_network_gives_every_space_its_ring() -> None:
    net = StreetNetwork.from_lines(np.array([None, LineString()], dtype=object))
    assert (net.n_nodes, net.n_edges) == (0, 0)
    result = network_catchments(spaces(Point(at(0, 0))), net, [400])
    assert list(result["reason"]) == [NO_ACCESS]


def test_the_result_has_one_row_per_space_and_radius_in_order() -> None:
    lines = streets(*grid_lines(8, 110))
    places = spaces(Point(at(300, 300)), box(*at(400, 400), *at(480, 470)))
    places["space_id"] = ["B", "A"]
    result = catchments(places, [800, 400], streets=lines)
    assert list(result.columns) == ["space_id", "radius_m", "method", "reason", "geometry"]
    assert list(result["space_id"]) == ["B", "B", "A", "A"]
    assert list(result["radius_m"]) == [800.0, 400.0, 800.0, 400.0]
    assert result.crs == places.crs
    assert set(result.geom_type) <= {"Polygon", "MultiPolygon"}
    assert result.geometry.iloc[2].contains(places.geometry.iloc[1])
    # the smaller radius is inside the larger
    assert result.geometry.iloc[0].buffer(1e-6).contains(result.geometry.iloc[1])


def test_catchments_follows_the_streets_only_when_given_them() -> None:
    places = spaces(Point(at(300, 300)))
    lines = streets(*grid_lines(8, 110))
    rings = catchments(places, [400])
    assert list(rings["method"]) == ["ring"] and list(rings["reason"]) == [None]
    assert_allclose(rings.area.iloc[0], math.pi * 400**2, rtol=0.01)
    by_layer = catchments(places, [400], streets=lines)
    by_network = catchments(places, [400], streets=StreetNetwork.from_lines(lines))
    in_degrees = catchments(places, [400], streets=lines.to_crs("EPSG:4326"))
    assert list(by_layer["method"]) == ["network"]
    assert by_layer.geometry.iloc[0].equals(by_network.geometry.iloc[0])
    assert_allclose(in_degrees.area.iloc[0], by_layer.area.iloc[0], rtol=1e-6)
    assert by_layer.area.iloc[0] < rings.area.iloc[0]


def test_ring_catchments_grow_the_space() -> None:
    park = box(*at(0, 0), *at(100, 60))
    result = ring_catchments(spaces(park, Point(at(500, 0))), [400])
    assert result.geometry.iloc[0].contains(park)
    assert_allclose(result.geometry.iloc[0].area, park.buffer(400).area)
    assert list(result["method"]) == ["ring", "ring"]


@pytest.mark.parametrize(
    ("radii", "match"),
    [([], "`radii`"), ([400, -1], "positive"), ([400, 400], "twice"), ([math.nan], "positive")],
)
def test_bad_radii_are_refused(radii: list[float], match: str) -> None:
    with pytest.raises(ValidationError, match=match):
        ring_catchments(spaces(Point(at(0, 0))), radii)


def test_bad_spaces_and_options_are_refused() -> None:
    net = StreetNetwork.from_lines(streets(line((0, 0), (100, 0))))
    twice = spaces(Point(at(0, 0)), Point(at(1, 0)))
    twice["space_id"] = ["E1", "E1"]
    with pytest.raises(ValidationError, match="repeats the id 'E1'"):
        ring_catchments(twice, [400])
    with pytest.raises(ValidationError, match="has no `id` column"):
        ring_catchments(spaces(Point(at(0, 0))), [400], id_column="id")
    with pytest.raises(ValidationError, match="row 1 .* has no geometry"):
        ring_catchments(spaces(Point(at(0, 0)), None), [400])
    with pytest.raises(ValidationError, match="`trim` must be positive"):
        network_catchments(spaces(Point(at(0, 0))), net, [400], trim=0)
    with pytest.raises(ValidationError, match="`access`"):
        network_catchments(spaces(Point(at(0, 0))), net, [400], access=-5)


def test_the_block_construction_equals_the_plain_buffer() -> None:
    """``_trimmed`` through polygonised blocks against buffering every part at once."""
    net = StreetNetwork.from_lines(streets(*grid_lines(14, 115, seed=3, missing=0.1)))
    space = Point(at(700, 700))
    origin, node, offset = net.access(np.array([space]), access=150)
    distance = net.distances([(node, offset)])
    for radius in (250.0, 400.0, 800.0):
        _, lines = net.reached_lines(distance, radius)
        fast = _trimmed(lines, np.array([space], dtype=object), 50.0)
        plain = shapely.buffer(shapely.geometrycollections([*lines, space]), 50.0)
        assert fast.is_valid
        assert shapely.symmetric_difference(fast, plain).area < 1e-4 * plain.area


def test_crossing_lines_without_a_shared_vertex_are_not_joined() -> None:
    """An unnoded crossing (a bridge) is not a junction; the catchment still comes out."""
    cross = streets(line((-500, 0), (500, 0)), line((0, -500), (0, 500)))
    net = StreetNetwork.from_lines(cross)
    assert (net.n_nodes, net.n_edges) == (4, 2)
    zone = network_catchments(spaces(Point(at(-500, 0))), net, [800], trim=10).geometry.iloc[0]
    assert zone.contains(Point(at(0, 0))) and not zone.contains(Point(at(0, 300)))


# -- the property: never beyond the ring of r + trim ------------------------------

space_shapes = st.one_of(
    st.tuples(st.floats(0, 1200), st.floats(0, 1200)).map(lambda p: Point(at(*p))),
    st.tuples(st.floats(0, 1100), st.floats(0, 1100), st.floats(5, 150), st.floats(5, 150)).map(
        lambda b: box(*at(b[0], b[1]), *at(b[0] + b[2], b[1] + b[3]))
    ),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 2**16),
    space=space_shapes,
    radius=st.floats(30, 900),
    trim=st.floats(1, 80),
    access=st.floats(0, 200),
)
def test_a_catchment_never_reaches_beyond_the_ring_of_r_plus_trim(
    seed: int, space: Polygon | Point, radius: float, trim: float, access: float
) -> None:
    net = StreetNetwork.from_lines(streets(*grid_lines(12, 110, seed=seed, missing=0.15)))
    result = network_catchments(spaces(space), net, [radius], access=access, trim=trim)
    zone = result.geometry.iloc[0]
    assert zone.is_valid and not zone.is_empty
    if result["method"].iloc[0] == "ring":
        assert zone.equals(space.buffer(radius))
        return
    # network distance >= straight-line distance, so every vertex (and so, the space being
    # convex, every point) of the catchment lies within r + trim of the space
    vertices = shapely.points(shapely.get_coordinates(zone))
    assert shapely.distance(space, vertices).max() <= radius + trim + 1e-6
    assert zone.buffer(1e-6).contains(space)
