"""Hot spots in one call, and the top hot spots in plain words.

:func:`run_hotspots` is the one entry point the Hot spots page and
``cli.py hotspots`` share: it takes a spec (what to run, one frozen
dataclass per method, :mod:`models.hotspots.specs`) and the filters, reads
the layers (a workspace or a mapping of frames), filters the incidents by
category and date, runs one method of
:mod:`models.gistar`, :mod:`models.lisa`, :mod:`models.density`,
:mod:`models.clusters` or :mod:`models.emerging` with the study area set to
the neighbourhoods (when there are any) and the workspace's projected CRS,
and returns a :class:`HotspotResult`. :func:`top_hotspots` groups the
significant cells into contiguous hot spots and describes each with
structured fields; :func:`describe` turns one of them into a sentence in
Spanish or English ("12 cells around Parque X in El Prado: a hot spot at 99 %
confidence; incidents rising."), and :func:`explain` says what scale or
parameters were used and why, in either language. Every figure in them
says its unit (:func:`result_measure`, :data:`catalog.models.UNIT_NAMES`);
areas are written by :func:`area_text`.

Result columns (``HotspotResult.frame``, EPSG:4326)
---------------------------------------------------
``gi`` — one row per cell of the study area (empty ones included)
    ``cell_i``, ``cell_j`` (grid ids), ``value`` (incidents or harm),
    ``n_neighbors`` (cells within the distance, self excluded), ``gi_z``,
    ``gi_p`` (two-sided, uncorrected), ``gi_bin`` (-3..+3: hot/cold at
    99/95/90 % confidence, 0 not significant; corrected when ``fdr``),
    ``gi_label``, ``geometry``.
``lisa`` with ``units="cells"`` — one row per cell
    ``cell_i``, ``cell_j``, ``value``, ``n_neighbors``, ``lisa_i`` (local
    Moran's I), ``lisa_p`` (pseudo p-value, 999 permutations), ``lisa_q``
    (1 High-High, 2 Low-High, 3 Low-Low, 4 High-Low), ``lisa_label``,
    ``geometry``.
``lisa`` with ``units="neighborhoods"`` — one row per neighbourhood
    the neighbourhood's own columns plus ``incidents`` (count or harm),
    ``rate_100k`` (per 100,000 residents per year), ``n_neighbors``,
    ``lisa_i``, ``lisa_p``, ``lisa_q``, ``lisa_label`` (``No data`` where
    the population is missing or 0), ``geometry``.
``kde`` — the densest parts of the kernel density surface
    One row per connected area at each level: ``level`` (the share of the
    study area's pixels at or above ``threshold``: 0.05, 0.10, 0.25; the
    areas of a level lie inside those of the next), ``area_id`` (1 = most
    incidents within the level), ``threshold`` and ``peak`` (density at the
    area's edge and its highest; incidents or harm per km², or per 100,000
    residents), ``area_km2``, ``incidents`` (the surface's integral over
    the area: incidents or harm it holds; NaN per resident), ``share``
    (of the surface's total; NaN per resident), ``geometry``. The raster
    itself is :attr:`HotspotResult.surface`.
``dbscan``, ``hdbscan`` — one row per cluster, largest first
    ``cluster``, ``n_incidents``, ``harm``, ``top_categories`` ("fight 45%,
    theft 30%"), ``dominant_category``, ``first_date``, ``last_date``,
    ``area_km2``, ``nearest_space``, ``nearest_space_m``, ``geometry``
    (the convex hull).
``emerging`` — one row per cell
    ``cell_i``, ``cell_j``, ``total``, ``category`` (one of the 17 pattern
    codes of :data:`models.emerging.CATEGORY_LABELS`), ``category_label``,
    ``trend_z``, ``trend_p``, ``trend_tau`` (Mann-Kendall on the cell's
    Gi* z-scores), ``count_trend_z``, ``count_trend_p``, ``n_hot_steps``,
    ``n_cold_steps``, ``final_bin``, ``hot_since``, ``cold_since`` (first
    period of the final hot / cold run, ``""`` if none), ``geometry``.

Top hot spots (:func:`top_hotspots`)
------------------------------------
The features that count as hot are: Gi* cells in a hot bin; LISA cells or
neighbourhoods labelled High-High; emerging cells with a hot pattern; the
densest 5 % of the density surface; every density-based cluster.

Which cells are neighbours comes from the grid's integer ids (queen
contiguity: the 8 squares or 6 hexagons around a cell,
:meth:`models.lattice.Lattice.contiguity_weights`), never from the cells'
floating-point outlines, which millions of metres from the projection's
origin need not meet exactly. Only irregular polygons (neighbourhoods) are
neighbours when their outlines touch (:func:`touching_pairs`).

A top hot spot is one peak of the statistic and the cells right around it,
so that a team can act on it:

1. *Peaks* (Gi* z-score; for LISA, local Moran's I in standard deviations):
   contiguous hot cells are split by *persistence*, as in the ToMATo
   clustering algorithm (Chazal, Guibas, Oudot and Skraba, 2013, "Persistence-
   based clustering in Riemannian manifolds", J. ACM 60(6)): cells are visited
   from the highest statistic down and join the peak of the neighbours
   already visited; two groups that meet stay apart only when the lower one's
   peak rises at least :data:`PROMINENCE_Z` above the cell where they meet
   (:func:`persistence_groups`).
2. *Zones*: each group is cut to the cells around its peak whose statistic
   is at least the peak's height minus half its topographic prominence (the
   drop from the peak to the col where it meets higher ground, or to the
   lowest hot cell for the highest peak; :func:`peak_prominence`). This is
   the width of a peak at half prominence, the rule of MATLAB's
   ``findpeaks`` (``WidthReference="halfprom"``) and of
   ``scipy.signal.peak_widths(rel_height=0.5)``, taken to two dimensions
   (:data:`CORE_DEPTH`, :func:`peak_cores`). The hot cells of a peak's
   lower slopes stay on the map but are not part of its zone: on the full
   demo the first Gi* peak's whole group covers 6.8 km² of contiguous hot
   cells, its zone 0.5 km² around one planted hot spot.

Emerging cells get peaks and zones the same way, on the Gi* z-score of each
cell's total over the whole period, among neighbouring cells of the same
pattern (on the full demo the first emerging zone was a 5.6 km² connected
area of one pattern; it is 0.3 km² now). Groups are ranked by the
incidents (or harm) they hold, most first.

The package
-----------
``specs``
    The options of each method (:class:`GiSpec`, :class:`LisaSpec`, …), the
    filters, and the option sets as ``Literal`` types; light, for the forms.
``methods``
    The registry (:data:`REGISTRY`): how each method runs, finds its zones and
    says what it found. Adding a method is one spec and one entry there.
``run``, ``result``
    :func:`run_hotspots` and :class:`HotspotResult`.
``grouping``, ``zones``
    Peaks, zones and the top hot spots.
``text``, ``words``
    Sentence pieces, :func:`describe`, :func:`explain`, :func:`top_table`.
"""

from __future__ import annotations

from geo.errors import TooFewIncidents, TooManyIncidents
from models.hotspots.grouping import (
    CORE_DEPTH,
    PROMINENCE_Z,
    Candidates,
    cell_pairs,
    peak_cores,
    peak_prominence,
    persistence_groups,
    touching_pairs,
)
from models.hotspots.methods import HOT_PATTERNS, MAX_NAMES, REGISTRY, HotspotMethod, method_of
from models.hotspots.result import (
    HotspotInputs,
    HotspotResult,
    KdeParameters,
    Parameters,
    Source,
    load_inputs,
)
from models.hotspots.run import MIN_INCIDENTS, run_hotspots
from models.hotspots.specs import (
    SPECS,
    CellSpec,
    DateLike,
    DbscanSpec,
    EmergingSpec,
    Filters,
    GiSpec,
    HdbscanSpec,
    HotspotSpec,
    InapplicableOption,
    KdeSpec,
    LisaSpec,
    spec_for,
)
from models.hotspots.text import area_text, metres, number, unit_text
from models.hotspots.words import AROUND_M, describe, explain, top_table
from models.hotspots.zones import TREND_ALPHA, ranked_by, result_measure, top_hotspots
from models.options import (
    METHODS,
    SHAPES,
    TIME_STEPS,
    UNITS,
    WEIGHTS,
    Method,
    TimeStep,
    Units,
    Weight,
)

__all__ = [
    "AROUND_M",
    "CORE_DEPTH",
    "HOT_PATTERNS",
    "MAX_NAMES",
    "METHODS",
    "MIN_INCIDENTS",
    "PROMINENCE_Z",
    "REGISTRY",
    "SHAPES",
    "SPECS",
    "TIME_STEPS",
    "TREND_ALPHA",
    "UNITS",
    "WEIGHTS",
    "Candidates",
    "CellSpec",
    "DateLike",
    "DbscanSpec",
    "EmergingSpec",
    "Filters",
    "GiSpec",
    "HdbscanSpec",
    "HotspotInputs",
    "HotspotMethod",
    "HotspotResult",
    "HotspotSpec",
    "InapplicableOption",
    "KdeParameters",
    "KdeSpec",
    "LisaSpec",
    "Method",
    "Parameters",
    "Source",
    "TimeStep",
    "TooFewIncidents",
    "TooManyIncidents",
    "Units",
    "Weight",
    "area_text",
    "cell_pairs",
    "describe",
    "explain",
    "load_inputs",
    "method_of",
    "metres",
    "number",
    "peak_cores",
    "peak_prominence",
    "persistence_groups",
    "ranked_by",
    "result_measure",
    "run_hotspots",
    "spec_for",
    "top_hotspots",
    "top_table",
    "touching_pairs",
    "unit_text",
]
