"""The option sets of the analyses, as ``Literal`` types written once.

Every list of choices (the page's select boxes, the CLI's ``choices=``, the
specs' checks in :mod:`models.hotspots.specs`) is derived from these types
with :func:`typing.get_args`, so a choice is added in one place. The module
imports nothing numerical, so the CLI can build its parser from it.

>>> METHODS
('gi', 'lisa', 'kde', 'dbscan', 'hdbscan', 'emerging')
>>> LISA_LABELS[1], TIME_STEPS
('High-High', ('M', 'Q', 'Y'))
"""

from __future__ import annotations

from typing import Literal, get_args

#: The hot-spot methods, in the order the page offers them.
Method = Literal["gi", "lisa", "kde", "dbscan", "hdbscan", "emerging"]
#: How each incident weighs: 1, or its category's harm weight.
Weight = Literal["count", "harm"]
#: Cell shapes of a grid (the same as :data:`geo.grid.Shape`).
Shape = Literal["square", "hex"]
#: What LISA's rows are.
Units = Literal["cells", "neighborhoods"]
#: Emerging time steps (pandas period codes: months, quarters, years).
TimeStep = Literal["M", "Q", "Y"]
#: The clustering methods of :mod:`models.clusters`.
ClusterMethod = Literal["dbscan", "hdbscan"]
#: A density surface's unit.
DensityUnit = Literal["per_km2", "per_100k_residents"]
#: Local Moran's I labels: the four quadrants, then the rows that are neither.
LisaLabel = Literal["High-High", "Low-High", "Low-Low", "High-Low", "Not significant", "No data"]

METHODS: tuple[Method, ...] = get_args(Method)
WEIGHTS: tuple[Weight, ...] = get_args(Weight)
SHAPES: tuple[Shape, ...] = get_args(Shape)
UNITS: tuple[Units, ...] = get_args(Units)
TIME_STEPS: tuple[TimeStep, ...] = get_args(TimeStep)
CLUSTER_METHODS: tuple[ClusterMethod, ...] = get_args(ClusterMethod)
DENSITY_UNITS: tuple[DensityUnit, ...] = get_args(DensityUnit)
#: esda's quadrant codes ``q`` and their labels.
LISA_LABELS: dict[int, LisaLabel] = {1: "High-High", 2: "Low-High", 3: "Low-Low", 4: "High-Low"}
NOT_SIGNIFICANT: LisaLabel = "Not significant"
NO_DATA: LisaLabel = "No data"
#: The territory redesign's default weight of shape against balance (:math:`\lambda` of
#: :mod:`models.districting`), here so the CLI's parser needs no numerical import.
DEFAULT_COMPACTNESS = 0.3
#: The impact evaluation's choices (:mod:`models.evaluation`): where the treatment comes
#: from, the period, the outcome groups besides categories and ``all``, the permutations.
Treatment = Literal["territories", "programs"]
EvaluationStep = Literal["Q", "M"]
OutcomeGroup = Literal["violence", "convivencia", "property"]
TREATMENTS: tuple[Treatment, ...] = get_args(Treatment)
EVALUATION_STEPS: tuple[EvaluationStep, ...] = get_args(EvaluationStep)
OUTCOME_GROUPS: tuple[OutcomeGroup, ...] = get_args(OutcomeGroup)
DEFAULT_PERMUTATIONS = 199
