"""The one entry point of a hot-spot analysis: :func:`run_hotspots`."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from geo.crs import STORAGE_CRS
from geo.errors import MissingLayerError, TooFewIncidents
from models.hotspots.methods import Prepared, method_of
from models.hotspots.result import HotspotInputs, HotspotResult, Source, load_inputs
from models.hotspots.specs import DateLike, Filters, HotspotSpec, spec_for
from models.lattice import point_coordinates
from models.summary import date_bounds, incident_mask

#: The fewest incidents (after the filters) a hot-spot analysis accepts.
MIN_INCIDENTS = 3


def passing(inputs: HotspotInputs, spec: HotspotSpec, filters: Filters) -> np.ndarray:
    """Which incidents pass ``filters``, checked as every run checks them.

    Raises
    ------
    TooFewIncidents
        When fewer than :data:`MIN_INCIDENTS` pass.
    ValueError
        When the method refuses that many (``method.check``: HDBSCAN's limit...).
    """
    keep = incident_mask(
        inputs.table,
        start=filters.since,
        end=filters.until,
        categories=None if filters.categories is None else list(filters.categories),
    )
    n = int(keep.sum())
    if n < MIN_INCIDENTS:
        msg = (
            f"only {n} incidents pass the filters (categories, dates); "
            f"a hot-spot analysis needs at least {MIN_INCIDENTS}"
        )
        raise TooFewIncidents(msg, n=n, need=MIN_INCIDENTS)
    method_of(spec).check(spec, n)
    return keep


def kept_incidents(
    inputs: HotspotInputs, keep: np.ndarray
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """The incidents ``keep`` selects and their ``x, y`` in the inputs' CRS.

    A workspace's incidents (or any with :attr:`HotspotInputs.xy`): their
    columns and the coordinates already known. Points: their coordinates read
    once, in the CRS; the method and the top hot spots take these arrays (the
    result builds projected points only if asked, ``HotspotResult.incidents``).
    """
    every = int(keep.sum()) == len(keep)
    if inputs.xy is not None:
        table = inputs.table if every else inputs.table.loc[keep]
        x, y = inputs.xy if every else (inputs.xy[0][keep], inputs.xy[1][keep])
        return table, x, y
    points = inputs.incidents
    chosen = points if every else points.loc[keep]
    x, y = point_coordinates(chosen, inputs.crs)
    return chosen, x, y


def run_hotspots(
    source: Source,
    spec: HotspotSpec | str,
    /,
    *,
    categories: Any = None,
    since: DateLike = None,
    until: DateLike = None,
    filters: Filters | None = None,
    crs: str | None = None,
    **options: Any,
) -> HotspotResult:
    """Run one hot-spot method on a workspace's incidents.

    Parameters
    ----------
    source
        A workspace, its path, or a mapping of layers (:func:`load_inputs`).
    spec
        What to run: a spec (:mod:`models.hotspots.specs`), or a method code
        (``"gi"``, ``"lisa"``, ``"kde"``, ``"dbscan"``, ``"hdbscan"``,
        ``"emerging"``) with its ``options`` as keywords (:func:`spec_for`).
    categories, since, until
        Category codes to keep (``None``: all) and inclusive dates (``date``
        or ``"YYYY-MM-DD"``; ``None`` leaves that side open) — or ``filters``.
    filters
        The same as one :class:`~models.hotspots.specs.Filters` (not with the three above).
    crs
        Projected CRS; default the workspace's.
    options
        With a method code: the method's options (``cell_size=200``, ``fdr=False``, …).

    Returns
    -------
    HotspotResult

    Raises
    ------
    ValueError
        For a bad argument, or an option the method does not take
        (:class:`~models.hotspots.specs.InapplicableOption`).
    geo.errors.TooFewIncidents
        Fewer than :data:`MIN_INCIDENTS` incidents pass the filters.
    geo.errors.TooManyIncidents
        HDBSCAN with more incidents than its limit.
    geo.errors.MissingLayerError
        No incidents layer, or no neighbourhoods for LISA by neighbourhood
        or a density per resident.

    Examples
    --------
    >>> from data.generator import make_demo
    >>> layers = make_demo(scale="small", seed=3)
    >>> result = run_hotspots(layers, "gi", cell_size=250.0, since="2024-01-01")
    >>> result.method, result.spec.cell_size, result.filters.since.isoformat()
    ('gi', 250.0, '2024-01-01')
    """
    if isinstance(spec, str):
        spec = spec_for(spec, **options)
    elif options:
        msg = f"give the options in the spec, not as keywords: {', '.join(sorted(options))}"
        raise TypeError(msg)
    if filters is None:
        filters = Filters.of(categories, since, until)
    elif categories is not None or since is not None or until is not None:
        msg = "give either `filters` or `categories`/`since`/`until`, not both"
        raise TypeError(msg)
    method = method_of(spec)
    inputs = load_inputs(source, crs=crs)
    hoods = inputs.neighborhoods
    if "neighborhoods" in spec.required_layers() and (hoods is None or not len(hoods)):
        msg = f"{spec.describe_need()} needs the `neighborhoods` layer with its population"
        raise MissingLayerError(msg)
    keep = passing(inputs, spec, filters)
    incidents, x, y = kept_incidents(inputs, keep)
    first, last = date_bounds(incidents)
    data = Prepared(
        incidents=incidents,
        neighborhoods=hoods,
        public_spaces=inputs.public_spaces,
        crs=inputs.crs,
        filters=filters,
        start=filters.since or first,
        end=filters.until or last,
        x=x,
        y=y,
    )
    ran = method.run(spec, data)
    frame = ran.frame
    projected = frame.to_crs(data.crs) if str(frame.crs) != data.crs else frame
    return HotspotResult(
        spec=spec,
        filters=filters,
        frame=projected.to_crs(STORAGE_CRS),
        projected=projected,
        parameters=ran.parameters,
        crs=data.crs,
        units=ran.units,
        table=incidents,
        surface=ran.surface,
        start=data.start,
        end=data.end,
        labels=ran.labels,
        xy=(x, y),
    )
