"""What a hot-spot analysis is asked to do: one frozen spec per method, and the filters.

Each method has its own spec dataclass (:class:`GiSpec`, :class:`LisaSpec`,
:class:`KdeSpec`, :class:`DbscanSpec`, :class:`HdbscanSpec`,
:class:`EmergingSpec`) holding only the options that apply to it, checked
once, when the spec is made. A spec is frozen and hashable, so the page
caches an analysis on ``(workspace hash, filters, spec)`` and the CLI and the
page build exactly the same object from their widgets or flags
(:func:`spec_for`). An option that does not apply to a method is an error
(:class:`InapplicableOption`), never silently ignored.

The option sets (:data:`~models.options.WEIGHTS`, ``SHAPES``, ``UNITS``,
``TIME_STEPS``) come from :mod:`models.options`, derived from its ``Literal``
types, so a choice list is written once.

Examples
--------
>>> spec_for("gi", cell_size=200.0, shape="hex")
GiSpec(weight='count', cell_size=200.0, distance=None, shape='hex', fdr=True)
>>> spec_for("kde", shape="hex")
Traceback (most recent call last):
...
models.hotspots.specs.InapplicableOption: `shape` does not apply to method 'kde' (its options: weight, bandwidth, per_resident)
>>> GiSpec(cell_size=-5.0)
Traceback (most recent call last):
...
ValueError: `cell_size` must be a positive number of metres, got -5.0
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from datetime import date, datetime
from typing import Any, ClassVar, TypeAlias, cast

from geo import schema
from geo.errors import ConvivenciaError
from models.options import (
    METHODS,
    SHAPES,
    TIME_STEPS,
    UNITS,
    WEIGHTS,
    Method,
    Shape,
    TimeStep,
    Units,
    Weight,
)

#: LISA's conditional permutations by default (999: pseudo p-values down to 0.001).
PERMUTATIONS = 999

DateLike: TypeAlias = date | datetime | str | None


class InapplicableOption(ConvivenciaError, ValueError):
    """Options given to a method that has no such options.

    Attributes
    ----------
    method
        The method code.
    options
        The options that do not apply, sorted.
    allowed
        The method's own options, in its spec's order.
    """

    def __init__(
        self, message: str, *, method: str, options: Sequence[str], allowed: Sequence[str]
    ) -> None:
        super().__init__(message)
        self.method = method
        self.options = tuple(options)
        self.allowed = tuple(allowed)


def _one_of(name: str, value: object, allowed: Sequence[object]) -> None:
    if value not in allowed:
        msg = f"`{name}` must be one of {', '.join(map(str, allowed))}, got {value!r}"
        raise ValueError(msg)


def _metres(name: str, value: float | None) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not (float(value) > 0 and math.isfinite(float(value))):
        msg = f"`{name}` must be a positive number of metres, got {value!r}"
        raise ValueError(msg)


def _whole(name: str, value: int | None, low: int) -> None:
    if value is None:
        return
    if isinstance(value, bool) or int(value) != value or value < low:
        msg = f"`{name}` must be a whole number of at least {low}, got {value!r}"
        raise ValueError(msg)


@dataclass(frozen=True)
class HotspotSpec:
    """What every method takes: how each incident weighs.

    Attributes
    ----------
    weight
        ``"count"`` (each incident 1) or ``"harm"`` (its category's harm weight,
        :data:`geo.schema.HARM_WEIGHTS`).
    """

    method: ClassVar[Method]
    #: ``"cells"``, ``"neighborhoods"``, ``"areas"`` or ``"clusters"``: what the result's rows are.
    result_units: ClassVar[str] = "cells"

    weight: Weight = "count"

    def __post_init__(self) -> None:
        _one_of("weight", self.weight, WEIGHTS)

    def options(self) -> dict[str, object]:
        """The spec's options by name (for tables, downloads and files)."""
        return asdict(self)

    def required_layers(self) -> tuple[str, ...]:
        """The workspace layers this analysis reads (``incidents``, maybe ``neighborhoods``)."""
        return ("incidents",)

    def describe_need(self) -> str:
        """What needs the neighbourhoods, in English (errors)."""
        return "this analysis"

    @classmethod
    def option_names(cls) -> tuple[str, ...]:
        """The names of the options this method takes, in order."""
        return tuple(f.name for f in fields(cls))


@dataclass(frozen=True)
class CellSpec(HotspotSpec):
    """The options of the methods on a grid of cells.

    Attributes
    ----------
    cell_size, distance
        Metres; ``None`` chooses them from the data as Optimized Hot Spot
        Analysis does (:mod:`models.scale`).
    shape
        ``"square"`` or ``"hex"`` cells.
    fdr
        False discovery rate correction of the significance.
    """

    cell_size: float | None = None
    distance: float | None = None
    shape: Shape = "square"
    fdr: bool = True

    def __post_init__(self) -> None:
        super().__post_init__()
        _one_of("shape", self.shape, SHAPES)
        _metres("cell_size", self.cell_size)
        _metres("distance", self.distance)


@dataclass(frozen=True)
class GiSpec(CellSpec):
    """Getis-Ord Gi* on a grid (:mod:`models.gistar`)."""

    method: ClassVar[Method] = "gi"


@dataclass(frozen=True)
class LisaSpec(CellSpec):
    """Local Moran's I on cells or neighbourhoods (:mod:`models.lisa`).

    Attributes
    ----------
    units
        ``"cells"`` or ``"neighborhoods"`` (incidents per 100,000 residents a
        year by neighbourhood, queen contiguity: no cells, so no cell size,
        distance or shape).
    permutations
        Conditional permutations of the pseudo p-values.
    """

    method: ClassVar[Method] = "lisa"

    units: Units = "cells"
    permutations: int = PERMUTATIONS

    def required_layers(self) -> tuple[str, ...]:
        """Incidents, and the neighbourhoods (with population) by neighbourhood."""
        if self.units == "neighborhoods":
            return ("incidents", "neighborhoods")
        return ("incidents",)

    def describe_need(self) -> str:
        return "LISA by neighbourhood"

    def __post_init__(self) -> None:
        super().__post_init__()
        _one_of("units", self.units, UNITS)
        _whole("permutations", self.permutations, 99)
        if self.units == "neighborhoods":
            given = [
                name
                for name, value, default in (
                    ("cell_size", self.cell_size, None),
                    ("distance", self.distance, None),
                    ("shape", self.shape, "square"),
                )
                if value != default
            ]
            if given:
                msg = (
                    f"{', '.join(f'`{g}`' for g in given)} does not apply to LISA by neighbourhood"
                )
                raise InapplicableOption(
                    msg, method="lisa", options=given, allowed=("weight", "fdr", "permutations")
                )


@dataclass(frozen=True)
class EmergingSpec(CellSpec):
    """Emerging hot spots: Gi* in every period and the trend (:mod:`models.emerging`).

    Attributes
    ----------
    time_step
        ``"M"`` months, ``"Q"`` quarters or ``"Y"`` years.
    """

    method: ClassVar[Method] = "emerging"

    time_step: TimeStep = "M"

    def __post_init__(self) -> None:
        super().__post_init__()
        _one_of("time_step", self.time_step, TIME_STEPS)


@dataclass(frozen=True)
class KdeSpec(HotspotSpec):
    """Kernel density and its densest areas (:mod:`models.density`).

    Attributes
    ----------
    bandwidth
        Search radius in metres; ``None``: the spatial Silverman rule.
    per_resident
        Density per 100,000 residents a year (needs neighbourhoods with population).
    """

    method: ClassVar[Method] = "kde"
    result_units: ClassVar[str] = "areas"

    bandwidth: float | None = None
    per_resident: bool = False

    def required_layers(self) -> tuple[str, ...]:
        """Incidents, and the neighbourhoods (with population) per resident."""
        return ("incidents", "neighborhoods") if self.per_resident else ("incidents",)

    def describe_need(self) -> str:
        return "a density per resident"

    def __post_init__(self) -> None:
        super().__post_init__()
        _metres("bandwidth", self.bandwidth)


@dataclass(frozen=True)
class DbscanSpec(HotspotSpec):
    """DBSCAN clusters of incidents (:mod:`models.clusters`).

    Attributes
    ----------
    eps
        Neighbourhood radius in metres; ``None``: from the background density.
    min_samples
        Incidents within ``eps`` that make a core point; ``None``: the default.
    """

    method: ClassVar[Method] = "dbscan"
    result_units: ClassVar[str] = "clusters"

    eps: float | None = None
    min_samples: int | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        _metres("eps", self.eps)
        _whole("min_samples", self.min_samples, 1)


@dataclass(frozen=True)
class HdbscanSpec(HotspotSpec):
    """HDBSCAN clusters of incidents (:mod:`models.clusters`).

    Attributes
    ----------
    min_cluster_size
        The smallest cluster; ``None``: the default.
    max_incidents
        Refuse more incidents than this (HDBSCAN is slow); ``None``:
        ``geo.settings.hdbscan_max_incidents``.
    """

    method: ClassVar[Method] = "hdbscan"
    result_units: ClassVar[str] = "clusters"

    min_cluster_size: int | None = None
    max_incidents: int | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        _whole("min_cluster_size", self.min_cluster_size, 2)
        _whole("max_incidents", self.max_incidents, 0)


#: The spec of each method.
SPECS: Mapping[Method, type[HotspotSpec]] = {
    spec.method: spec for spec in (GiSpec, LisaSpec, KdeSpec, DbscanSpec, HdbscanSpec, EmergingSpec)
}


def spec_for(method: str, **options: Any) -> HotspotSpec:
    """The spec of ``method`` with ``options``; every option must be one the method takes.

    Raises
    ------
    ValueError
        An unknown method or a bad option value.
    InapplicableOption
        An option the method does not take (for LISA by neighbourhood: a cell
        size, distance or shape).
    """
    _one_of("method", method, METHODS)
    cls = SPECS[cast(Method, method)]
    allowed = cls.option_names()
    extra = sorted(set(options) - set(allowed))
    if extra:
        names = ", ".join(f"`{e}`" for e in extra)
        verb = "does" if len(extra) == 1 else "do"
        msg = f"{names} {verb} not apply to method {method!r} (its options: {', '.join(allowed)})"
        raise InapplicableOption(msg, method=method, options=extra, allowed=allowed)
    return cls(**options)


def as_date(value: DateLike, name: str) -> date | None:
    """A date from a ``date``, a ``datetime`` or ``"YYYY-MM-DD"``; ``None`` for none.

    >>> as_date("2024-03-01", "since"), as_date(None, "until")
    (datetime.date(2024, 3, 1), None)
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    import pandas as pd  # lazily: this module stays light for the CLI's parser

    try:
        out: date = pd.Timestamp(value).date()
        return out
    except (ValueError, TypeError) as exc:
        msg = f"`{name}` {value!r} is not a date (use YYYY-MM-DD)"
        raise ValueError(msg) from exc


@dataclass(frozen=True)
class Filters:
    """Which incidents an analysis reads: categories and an inclusive period.

    Attributes
    ----------
    categories
        Category codes to keep, sorted; ``None`` keeps every category.
    since, until
        Inclusive dates; ``None`` leaves that side open.
    """

    categories: tuple[str, ...] | None = None
    since: date | None = None
    until: date | None = None

    def __post_init__(self) -> None:
        if self.since is not None and self.until is not None and self.since > self.until:
            msg = f"`since` {self.since} is after `until` {self.until}"
            raise ValueError(msg)
        if self.categories is not None:
            unknown = sorted(set(self.categories) - set(schema.CATEGORIES))
            if unknown:
                msg = f"unknown categories {unknown}; use the codes {', '.join(schema.CATEGORIES)}"
                raise ValueError(msg)

    @classmethod
    def of(
        cls,
        categories: Sequence[str] | None = None,
        since: DateLike = None,
        until: DateLike = None,
    ) -> Filters:
        """Filters from loose values (a list of codes, dates as text)."""
        return cls(
            None if categories is None else tuple(sorted(set(categories))),
            as_date(since, "since"),
            as_date(until, "until"),
        )
