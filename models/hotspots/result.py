"""What a hot-spot analysis returns (:class:`HotspotResult`) and what it reads (:func:`load_inputs`)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TypeAlias

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.errors import MissingLayerError
from geo.grid import Grid
from geo.sidecar import points_frame
from geo.workspace import Workspace
from models.clusters import ClusterParameters
from models.density import DensitySurface
from models.emerging import EmergingParameters
from models.gistar import GiParameters
from models.hotspots.specs import CellSpec, Filters, HotspotSpec
from models.lattice import XY, project_points, projected_crs
from models.lisa import LisaParameters
from models.options import Method, Shape, Weight
from models.scale import ScaleChoice

Source: TypeAlias = "Workspace | str | Path | Mapping[str, gpd.GeoDataFrame | None] | HotspotInputs"


@dataclass(frozen=True)
class KdeParameters:
    """What a kernel density run used, for the page and the CLI.

    Attributes
    ----------
    bandwidth
        Search radius in metres.
    rule
        ``"silverman"`` or ``"user"``.
    unit
        ``"per_km2"`` or ``"per_100k_residents"``.
    resolution
        Pixel size in metres.
    levels, thresholds
        The area shares drawn as areas and the density at each.
    crs
        The projected CRS.
    reason
        English sentences (the density model's).
    measure
        The unit of the surface, ``threshold`` and ``peak``: a code of
        :data:`catalog.models.UNIT_NAMES` (``DensitySurface.measure``).
    min_residents
        Per resident: the fewest residents within the search radius that
        give a rate (blank below); NaN per km².
    """

    bandwidth: float
    rule: str
    unit: str
    resolution: float
    levels: tuple[float, ...]
    thresholds: tuple[float, ...]
    crs: str
    reason: str
    measure: str = "incidents_per_km2"
    min_residents: float = math.nan


Parameters: TypeAlias = (
    GiParameters | LisaParameters | KdeParameters | ClusterParameters | EmergingParameters
)


@dataclass(frozen=True)
class HotspotResult:
    """One hot-spot analysis: the result frame, its parameters, and what it analysed.

    Attributes
    ----------
    spec
        What was asked: the method and its options (``None`` where a value was
        left to be chosen from the data), :mod:`models.hotspots.specs`.
    filters
        Which incidents were asked for (categories and period).
    frame
        The result in EPSG:4326, columns per method (``models.hotspots``' docstring).
    projected
        The same rows in :attr:`crs` (metres), for measuring.
    parameters
        The method's parameters dataclass, with its ``reason``.
    crs
        The projected CRS the analysis ran in.
    units
        ``"cells"``, ``"neighborhoods"``, ``"areas"`` or ``"clusters"``.
    table
        The incidents analysed (after the filters): the rows of the
        GeoDataFrame the run was given (in its CRS), or, for a workspace's
        incidents read from their sidecar, their columns without
        geometries. :attr:`incidents` gives them as points in :attr:`crs`.
    surface
        The density raster (``kde`` only).
    start, end
        The period analysed (inclusive dates).
    labels
        DBSCAN/HDBSCAN: the cluster of each analysed incident (-1 for none),
        in the order of :attr:`incidents`; ``None`` for the other methods.
    xy
        The analysed incidents' ``x, y`` in :attr:`crs`, in the order of
        :attr:`incidents` (two arrays, not columns: nothing is added to the
        incidents' table); ``None`` when not kept.
    """

    spec: HotspotSpec
    filters: Filters
    frame: gpd.GeoDataFrame
    projected: gpd.GeoDataFrame
    parameters: Parameters
    crs: str
    units: str
    table: pd.DataFrame
    surface: DensitySurface | None
    start: date
    end: date
    labels: np.ndarray | None = None
    xy: tuple[np.ndarray, np.ndarray] | None = None

    @cached_property
    def incidents(self) -> gpd.GeoDataFrame:
        """The incidents analysed as points in :attr:`crs` (built once from :attr:`xy` if needed)."""
        return as_points(self.table, self.xy, self.crs)

    @property
    def n_incidents(self) -> int:
        """How many incidents were analysed."""
        return len(self.table)

    @property
    def method(self) -> Method:
        """The method's code (:data:`models.hotspots.specs.METHODS`)."""
        return self.spec.method

    @property
    def weight(self) -> Weight:
        """``"count"`` or ``"harm"``."""
        return self.spec.weight

    @property
    def shape(self) -> Shape:
        """The cells' shape (``"square"`` for the methods without cells)."""
        return self.spec.shape if isinstance(self.spec, CellSpec) else "square"

    @property
    def reason(self) -> str:
        """The parameters' English explanation (see ``models.hotspots.explain`` for both languages)."""
        return self.parameters.reason

    @property
    def grid(self) -> Grid | None:
        """The grid of the analysed cells (origin included); ``None`` for the other methods."""
        scale = self.scale
        return None if scale is None else scale.grid

    @property
    def scale(self) -> ScaleChoice | None:
        """Cell size and distance, for the cell methods."""
        scale = getattr(self.parameters, "scale", None)
        return scale if isinstance(scale, ScaleChoice) else None


@dataclass(frozen=True)
class HotspotInputs:
    """The layers an analysis reads: incidents, and what gives them context.

    Attributes
    ----------
    table
        The incidents: a GeoDataFrame of points, or (from a workspace's
        sidecar) their columns without geometries, with their coordinates
        in :attr:`xy`.
    neighborhoods, public_spaces
        The layers, ``None`` when missing.
    crs
        The projected CRS to work in.
    xy
        The incidents' ``x, y`` in :attr:`crs`, in the order of
        :attr:`table`, when known; ``None``: read from the geometries.
    """

    table: pd.DataFrame
    neighborhoods: gpd.GeoDataFrame | None
    public_spaces: gpd.GeoDataFrame | None
    crs: str
    xy: XY | None = None

    @cached_property
    def incidents(self) -> gpd.GeoDataFrame:
        """The incidents as points (built once from :attr:`xy`, in :attr:`crs`, if needed)."""
        return as_points(self.table, self.xy, self.crs)


def as_points(table: pd.DataFrame, xy: XY | None, crs: str) -> gpd.GeoDataFrame:
    """``table``'s rows as points in ``crs``: its own projected, or built at ``xy``.

    A GeoDataFrame already in ``crs`` is returned as it is; one in another
    CRS is projected (:func:`~models.lattice.project_points`, the numbers of
    ``xy`` when they were read by :func:`~models.lattice.point_coordinates`);
    a table without geometries gets points at ``xy``.
    """
    if isinstance(table, gpd.GeoDataFrame):
        return (
            table if table.crs is not None and table.crs.equals(crs) else project_points(table, crs)
        )
    if xy is None:
        msg = "incidents without geometries need their coordinates (`xy`)"
        raise ValueError(msg)
    x, y = xy
    return points_frame(table, x, y, crs)


# ---------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------


def load_inputs(source: Source, *, crs: str | None = None) -> HotspotInputs:
    """The incidents, neighbourhoods and public spaces of a workspace or a mapping.

    Parameters
    ----------
    source
        A :class:`geo.workspace.Workspace` (its incidents' columns and
        projected coordinates read from their sidecar, no point objects:
        :meth:`~geo.workspace.Workspace.read_coordinates`), the path of one, a mapping of layer name to
        frame (``incidents`` required; ``neighborhoods`` and
        ``public_spaces`` optional, ``None`` or absent when missing), or
        inputs already loaded (returned as they are, ``crs`` aside).
    crs
        Projected CRS to work in; default the workspace's, else chosen
        from the incidents.

    Raises
    ------
    geo.errors.WorkspaceError
        When a path is not a workspace.
    geo.errors.MissingLayerError
        When there is no incidents layer.
    """
    if isinstance(source, HotspotInputs):
        if crs is None or crs == source.crs:
            return source
        # coordinates are in the inputs' own CRS: another one starts again from the points
        return replace(source, table=source.incidents, crs=crs, xy=None)
    if isinstance(source, str | Path):
        source = Workspace(source)
    if isinstance(source, Workspace):
        work_crs = crs or source.projected_crs
        hoods = source.read("neighborhoods") if source.has("neighborhoods") else None
        spaces = source.read("public_spaces") if source.has("public_spaces") else None
        # the incidents' columns and projected x/y from their sidecar: no million point objects
        coords = source.read_coordinates("incidents") if work_crs == source.projected_crs else None
        if coords is not None:
            return HotspotInputs(coords.attributes, hoods, spaces, work_crs, (coords.x, coords.y))
        incidents = source.read("incidents", projected=True)
        return HotspotInputs(incidents, hoods, spaces, work_crs)
    incidents_or_none = source.get("incidents")
    if incidents_or_none is None:
        msg = "no `incidents` layer: a hot-spot analysis needs incidents"
        raise MissingLayerError(msg)
    hoods = source.get("neighborhoods")
    spaces = source.get("public_spaces")
    work_crs = crs or projected_crs(incidents_or_none)
    return HotspotInputs(incidents_or_none, hoods, spaces, work_crs)
