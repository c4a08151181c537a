"""The registry of hot-spot methods: how each one runs, finds its zones and says what it found.

One :class:`HotspotMethod` per method code, in :data:`REGISTRY`, each with
its spec type (:mod:`models.hotspots.specs`) and four functions:

``run(spec, data)``
    the analysis on the filtered, projected incidents (:class:`Prepared`),
    returning the result frame and parameters (:class:`Ran`);
``candidates(result)``
    its hot features grouped into zones (:class:`~models.hotspots.grouping.Candidates`);
``zone_fields(result, rows)``
    the method's own columns of one top hot spot (density level, cluster
    dates, neighbourhood rates);
``what(row, lang)`` and ``explain(result, lang)``
    the method's part of a top hot spot's sentence and of the explanation
    of the parameters.

Adding a method is one spec class and one entry here (plus the page's form
and map layer, :mod:`ui.hotspot_controls` and :mod:`ui.hotspot_view`); no
other module switches on the method's name. The numerical modules are
imported when a method runs, so ``cli.py hotspots --method gi`` never loads
what the clustering methods need.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from catalog.models import PATTERN_NAMES, SENTENCES
from geo import settings
from geo.errors import TooManyIncidents
from geo.grid import Grid
from models.clusters import ClusterParameters
from models.density import DensitySurface
from models.emerging import EmergingParameters
from models.gistar import GiParameters
from models.hotspots.grouping import (
    Candidates,
    cell_pairs,
    confidence_from_bin,
    confidence_from_p,
    group,
    touching_pairs,
)
from models.hotspots.result import HotspotResult, KdeParameters, Parameters
from models.hotspots.specs import (
    CellSpec,
    DbscanSpec,
    EmergingSpec,
    Filters,
    GiSpec,
    HdbscanSpec,
    HotspotSpec,
    KdeSpec,
    LisaSpec,
)
from models.hotspots.text import (
    Row,
    category_words,
    explain_scale,
    metres,
    num,
    number,
    row_measure,
    sentence,
    text,
    unit_text,
)
from models.lisa import LisaParameters
from models.options import ClusterMethod as ClusterCode
from models.options import Method
from models.summary import period_years

#: At most this many neighbourhood names describe a group of neighbourhoods.
MAX_NAMES = 4
#: Emerging hot patterns, most urgent first (the order of ties in a group).
HOT_PATTERNS: tuple[str, ...] = (
    "new_hot",
    "intensifying_hot",
    "consecutive_hot",
    "persistent_hot",
    "sporadic_hot",
    "oscillating_hot",
    "diminishing_hot",
    "historical_hot",
)


@dataclass(frozen=True)
class Prepared:
    """What a method runs on: the filtered incidents in the projected CRS, and their context.

    Attributes
    ----------
    incidents
        The incidents that pass the filters: points in :attr:`crs`, or
        (from a workspace) their columns without geometries; :attr:`x`
        and :attr:`y` are their coordinates either way.
    neighborhoods, public_spaces
        The layers, ``None`` when missing.
    crs
        The projected CRS.
    filters
        The filters asked for.
    start, end
        The period analysed: the filters' dates, or the incidents' first and last.
    x, y
        The incidents' coordinates in :attr:`crs`, in their order: read
        once (from the sidecar, or from the geometries) and handed to the
        method, which then reads no geometry.
    """

    incidents: pd.DataFrame
    neighborhoods: gpd.GeoDataFrame | None
    public_spaces: gpd.GeoDataFrame | None
    crs: str
    filters: Filters
    start: date
    end: date
    x: np.ndarray
    y: np.ndarray

    @property
    def mask(self) -> gpd.GeoDataFrame | None:
        """The study area: the neighbourhoods when there are any."""
        hoods = self.neighborhoods
        return hoods if hoods is not None and len(hoods) else None

    @property
    def years(self) -> float:
        """The period's length in years."""
        return period_years(self.start, self.end)


@dataclass(frozen=True)
class Ran:
    """A method's output before it becomes a :class:`~models.hotspots.result.HotspotResult`."""

    frame: gpd.GeoDataFrame
    parameters: Parameters
    units: str = "cells"
    surface: DensitySurface | None = None
    labels: np.ndarray | None = None


def _empty(n: int) -> np.ndarray:
    return np.full(n, "", dtype=object)


def _filled(n: int, code: str) -> np.ndarray:
    return np.full(n, code, dtype=object)


def _grid_pairs(result: HotspotResult, keep: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Neighbouring hot cells by their grid ids (never by their outlines)."""
    proj = result.projected
    idx = np.flatnonzero(keep)
    scale = result.scale
    return cell_pairs(
        proj["cell_i"].to_numpy()[idx],
        proj["cell_j"].to_numpy()[idx],
        shape=result.shape,
        size=scale.cell.size if scale is not None else 1.0,
    )


def _cell_options(spec: CellSpec, data: Prepared) -> dict[str, Any]:
    """The options every method on a grid of cells takes, from its spec and the data."""
    return {
        "mask": data.mask,
        "cell_size": spec.cell_size,
        "distance": spec.distance,
        "shape": spec.shape,
        "weight": spec.weight,
        "fdr": spec.fdr,
        "crs": data.crs,
        "xy": (data.x, data.y),
    }


class HotspotMethod(ABC):
    """One method of the registry: ``run``, ``candidates``, ``what`` and ``explain`` are each
    method's own (module docstring); ``check`` and ``zone_fields`` have defaults."""

    code: Method
    #: False when the sentence already says how the zone changes (emerging).
    says_trend: bool = True

    def check(self, spec: HotspotSpec, n_incidents: int) -> None:
        """Refuse before running (a method too slow for ``n_incidents``); by default, never."""
        return None

    @abstractmethod
    def run(self, spec: HotspotSpec, data: Prepared) -> Ran:
        """The analysis of ``data`` as ``spec`` asks."""

    @abstractmethod
    def candidates(self, result: HotspotResult) -> Candidates:
        """The result's hot features, grouped into zones."""

    def zone_fields(self, result: HotspotResult, rows: np.ndarray) -> dict[str, object]:
        """The method's own columns of a top hot spot made of ``rows`` of ``result.projected``."""
        return {}

    @abstractmethod
    def what(self, row: Row, lang: str) -> str:
        """The method's clause of a top hot spot's sentence, in ``lang``."""

    @abstractmethod
    def explain(self, result: HotspotResult, lang: str) -> list[str]:
        """The sentences that say what scale or parameters ``result`` used and why, in ``lang``."""


class GiMethod(HotspotMethod):
    """Getis-Ord Gi* (:mod:`models.gistar`)."""

    code: Method = "gi"

    def run(self, spec: HotspotSpec, data: Prepared) -> Ran:
        from models.gistar import gi_star_hot_spots

        assert isinstance(spec, GiSpec)
        frame, params = gi_star_hot_spots(data.incidents, **_cell_options(spec, data))
        return Ran(frame, params)

    def candidates(self, result: HotspotResult) -> Candidates:
        proj = result.projected
        n = len(proj)
        keep = proj["gi_bin"].to_numpy() > 0
        return group(
            keep,
            value=proj["value"].to_numpy(dtype=float),
            height=proj["gi_z"].to_numpy(dtype=float),
            confidence=confidence_from_bin(proj["gi_bin"].to_numpy()),
            pattern=_filled(n, "hot"),
            since=_empty(n),
            unit="cell",
            pairs=_grid_pairs(result, keep),
        )

    def what(self, row: Row, lang: str) -> str:
        return sentence("what.gi", lang, confidence=number(num(row, "confidence") or 0.0, lang))

    def explain(self, result: HotspotResult, lang: str) -> list[str]:
        p = result.parameters
        assert isinstance(p, GiParameters)
        fdr = sentence("fdr.on" if p.fdr else "fdr.off", lang)
        return [
            *explain_scale(p.scale, lang),
            sentence(
                "gi.result",
                lang,
                hot=number(p.n_hot, lang),
                cold=number(p.n_cold, lang),
                n=number(p.n_cells, lang),
                fdr=fdr,
            ),
            sentence("zones.peaks", lang),
        ]


class LisaMethod(HotspotMethod):
    """Local Moran's I on cells or neighbourhoods (:mod:`models.lisa`)."""

    code: Method = "lisa"

    def run(self, spec: HotspotSpec, data: Prepared) -> Ran:
        from models.lisa import lisa_cells, lisa_neighborhoods

        assert isinstance(spec, LisaSpec)
        if spec.units == "neighborhoods":
            assert data.neighborhoods is not None
            frame, params = lisa_neighborhoods(
                data.incidents,
                data.neighborhoods,
                years=data.years,
                weight=spec.weight,
                permutations=spec.permutations,
                fdr=spec.fdr,
                crs=data.crs,
                xy=(data.x, data.y),
            )
            return Ran(frame, params, units="neighborhoods")
        frame, params = lisa_cells(
            data.incidents, permutations=spec.permutations, **_cell_options(spec, data)
        )
        return Ran(frame, params)

    def candidates(self, result: HotspotResult) -> Candidates:
        proj = result.projected
        n = len(proj)
        keep = (proj["lisa_label"] == "High-High").to_numpy()
        by_hood = result.units == "neighborhoods"
        raw = proj["lisa_i"].to_numpy(dtype=float)
        sd = float(np.nanstd(raw[keep])) if keep.any() else 0.0
        if by_hood:  # neighbourhoods: irregular polygons touch; a group is kept whole
            pairs = touching_pairs(proj.geometry.to_numpy()[keep])
        else:
            pairs = _grid_pairs(result, keep)
        return group(
            keep,
            value=proj["incidents" if by_hood else "value"].to_numpy(dtype=float),
            height=raw / sd if sd > 0 else raw,
            confidence=confidence_from_p(proj["lisa_p"].to_numpy()),
            pattern=_filled(n, "High-High"),
            since=_empty(n),
            unit="neighborhood" if by_hood else "cell",
            pairs=pairs,
            prominence=math.inf if by_hood else 1.0,
        )

    def zone_fields(self, result: HotspotResult, rows: np.ndarray) -> dict[str, object]:
        if result.units != "neighborhoods":
            return {}
        proj = result.projected.iloc[rows]
        order = np.argsort(-proj["incidents"].to_numpy(dtype=float), kind="stable")
        names = list(names_of(proj)[order])
        shown = names[:MAX_NAMES]
        if len(names) > MAX_NAMES:
            shown.append(f"+{len(names) - MAX_NAMES}")
        return {"rate_100k": float(proj["rate_100k"].max()), "neighborhood": ", ".join(shown)}

    def what(self, row: Row, lang: str) -> str:
        if text(row, "unit") == "neighborhood":
            return sentence(
                "what.lisa_hoods",
                lang,
                rate=number(num(row, "rate_100k") or 0.0, lang, 1),
                unit=unit_text(row_measure(row), lang),
            )
        return sentence("what.lisa", lang, confidence=number(num(row, "confidence") or 0.0, lang))

    def explain(self, result: HotspotResult, lang: str) -> list[str]:
        p = result.parameters
        assert isinstance(p, LisaParameters)
        if p.scale is not None:
            parts = explain_scale(p.scale, lang)
        else:
            from models.hotspots.zones import result_measure

            unit = unit_text(result_measure(result), lang)
            parts = [sentence("lisa.hoods", lang, n=number(p.n_features, lang), unit=unit)]
        c = p.counts
        parts.append(
            sentence(
                "lisa.result",
                lang,
                permutations=number(p.permutations, lang),
                test=sentence("lisa.test.fdr" if p.fdr else "lisa.test.p", lang),
                hh=number(c.get("High-High", 0), lang),
                ll=number(c.get("Low-Low", 0), lang),
                hl=number(c.get("High-Low", 0), lang),
                lh=number(c.get("Low-High", 0), lang),
                n=number(p.n_features, lang),
            )
        )
        if p.scale is not None:
            parts.append(sentence("zones.peaks", lang))
        return parts


class EmergingMethod(HotspotMethod):
    """Emerging hot spots (:mod:`models.emerging`)."""

    code: Method = "emerging"
    says_trend = False

    def run(self, spec: HotspotSpec, data: Prepared) -> Ran:
        from models.emerging import emerging_hot_spots

        assert isinstance(spec, EmergingSpec)
        f = data.filters
        frame, params = emerging_hot_spots(
            data.incidents,
            freq=spec.time_step,
            start=pd.Timestamp(data.start) if f.since is not None else None,
            end=pd.Timestamp(data.end) if f.until is not None else None,
            **_cell_options(spec, data),
        )
        return Ran(frame, params)

    @staticmethod
    def _gi_of_totals(result: HotspotResult) -> np.ndarray:
        """Gi* z of each cell's total over the whole period (the peaks of its zones)."""
        from models.gistar import gi_star_z
        from models.lattice import Lattice

        proj = result.projected
        scale = result.scale
        assert scale is not None
        grid = Grid(size=scale.cell.size, shape=result.shape)
        lattice = Lattice(grid, proj["cell_i"].to_numpy(), proj["cell_j"].to_numpy())
        w = lattice.band_weights(scale.distance, include_self=True)
        z, _, _, _ = gi_star_z(proj["total"].to_numpy(dtype=float), w)
        out: np.ndarray = np.nan_to_num(z, nan=0.0)
        return out

    def candidates(self, result: HotspotResult) -> Candidates:
        proj = result.projected
        cats = proj["category"].astype(str).to_numpy()
        keep = np.isin(cats, HOT_PATTERNS)
        pattern = cats.astype(object)
        a, b = _grid_pairs(result, keep)
        hot = pattern[keep]
        same = hot[a] == hot[b]  # a zone holds one pattern
        return group(
            keep,
            value=proj["total"].to_numpy(dtype=float),
            height=self._gi_of_totals(result),
            confidence=confidence_from_bin(proj["final_bin"].to_numpy()),
            pattern=pattern,
            since=proj["hot_since"].astype(str).to_numpy().astype(object),
            unit="cell",
            pairs=(a[same], b[same]),
        )

    def what(self, row: Row, lang: str) -> str:
        key = f"what.emerging.{text(row, 'pattern')}"
        if key not in SENTENCES:
            key = "what.emerging.no_pattern"
        conf = number(num(row, "confidence") or 0.0, lang)
        return sentence(key, lang, confidence=conf, since=text(row, "since"))

    def explain(self, result: HotspotResult, lang: str) -> list[str]:
        p = result.parameters
        assert isinstance(p, EmergingParameters)
        key = "es" if lang == "es" else "en"
        found = [
            f"{PATTERN_NAMES[k][key].lower()} {number(v, lang)}"
            for k, v in p.counts.items()
            if k != "no_pattern" and v
        ]
        return [
            *explain_scale(p.scale, lang),
            sentence(
                "emerging.result",
                lang,
                steps=len(p.periods),
                first=p.periods[0],
                last=p.periods[-1],
                found=", ".join(found) or sentence("emerging.none", lang),
            ),
            sentence("zones.peaks", lang),
        ]


class KdeMethod(HotspotMethod):
    """Kernel density and its densest areas (:mod:`models.density`)."""

    code: Method = "kde"

    def run(self, spec: HotspotSpec, data: Prepared) -> Ran:
        from models.density import (
            KDE_LEVELS,
            density_areas,
            density_surface,
            population_density,
            raster_for,
        )
        from models.lattice import study_area

        assert isinstance(spec, KdeSpec)
        crs = data.crs
        hoods = data.neighborhoods if spec.per_resident else None
        x, y = data.x, data.y
        area, _ = study_area(data.mask, crs, x=x, y=y)
        population = None
        if hoods is not None:
            raster = raster_for(area, x, y, bandwidth=spec.bandwidth)
            pop = pd.to_numeric(hoods["population"], errors="coerce").fillna(0.0).to_numpy()
            population = population_density(hoods, pop, raster, crs=crs)
        min_residents = settings.min_residents if population is not None else math.nan
        surface = density_surface(
            data.incidents,
            mask=area,
            bandwidth=spec.bandwidth,
            weight=spec.weight,
            population=population,
            min_residents=None if population is None else min_residents,
            years=data.years if population is not None else None,
            crs=crs,
            xy=(x, y),
        )
        frame, thresholds = density_areas(surface)
        params = KdeParameters(
            bandwidth=surface.bandwidth,
            rule=surface.rule,
            unit=surface.unit,
            resolution=surface.raster.resolution,
            levels=KDE_LEVELS,
            thresholds=thresholds,
            crs=crs,
            reason=surface.reason,
            measure=surface.measure,
            min_residents=min_residents,
        )
        return Ran(frame, params, units="areas", surface=surface)

    def candidates(self, result: HotspotResult) -> Candidates:
        proj = result.projected
        n = len(proj)
        levels = proj["level"].to_numpy(dtype=float)
        keep = levels == levels.min() if n else np.zeros(0, dtype=bool)
        return group(
            keep,
            value=proj["incidents"].to_numpy(dtype=float),
            height=proj["peak"].to_numpy(dtype=float),
            confidence=np.full(n, math.nan),
            pattern=_filled(n, "dense"),
            since=_empty(n),
            unit="area",
            pairs=None,
        )

    def zone_fields(self, result: HotspotResult, rows: np.ndarray) -> dict[str, object]:
        fields: dict[str, object] = {"level": float(result.projected["level"].iloc[rows[0]])}
        if result.surface is not None and result.surface.unit != "per_km2":
            fields["value"] = math.nan
        return fields

    def what(self, row: Row, lang: str) -> str:
        level = number(100 * (num(row, "level") or 0.0), lang)
        harm = text(row, "weight") == "harm"
        held_n = num(row, "harm" if harm else "n_incidents") or 0.0
        words = "what.harm" if harm else ("what.incidents.one" if held_n == 1 else "what.incidents")
        measure = row_measure(row)
        return sentence(
            "what.kde_rate" if "_per_100k" in measure else "what.kde",
            lang,
            level=level,
            held=f"{number(held_n, lang)} {sentence(words, lang)}",
            peak=number(num(row, "peak") or 0.0, lang),
            unit=unit_text(measure, lang),
        )

    def explain(self, result: HotspotResult, lang: str) -> list[str]:
        p = result.parameters
        assert isinstance(p, KdeParameters)
        parts = [
            sentence(
                f"kde.{p.rule}",
                lang,
                bandwidth=metres(p.bandwidth, lang),
                resolution=metres(p.resolution, lang),
            ),
            sentence("kde.unit", lang, unit=unit_text(p.measure, lang)),
        ]
        if p.unit != "per_km2":
            parts.append(sentence("kde.per_resident", lang, min=number(p.min_residents, lang)))
        return parts


class ClusterMethod(HotspotMethod):
    """DBSCAN or HDBSCAN clusters of incidents (:mod:`models.clusters`)."""

    def __init__(self, code: ClusterCode) -> None:
        self.cluster_code: ClusterCode = code
        self.code = code

    def check(self, spec: HotspotSpec, n_incidents: int) -> None:
        if not isinstance(spec, HdbscanSpec):
            return
        limit = settings.hdbscan_max_incidents if spec.max_incidents is None else spec.max_incidents
        if n_incidents > limit:
            msg = (
                f"{n_incidents:,} incidents pass the filters; HDBSCAN is slow above {limit:,}. "
                "Narrow the categories or the period, or use DBSCAN."
            )
            raise TooManyIncidents(msg, n=n_incidents, limit=limit)

    def run(self, spec: HotspotSpec, data: Prepared) -> Ran:
        from models.clusters import density_clusters

        eps = spec.eps if isinstance(spec, DbscanSpec) else None
        min_samples = spec.min_samples if isinstance(spec, DbscanSpec) else None
        min_size = spec.min_cluster_size if isinstance(spec, HdbscanSpec) else None
        frame, cluster_of, params = density_clusters(
            data.incidents,
            method=self.cluster_code,
            eps=eps,
            min_samples=min_samples,
            min_cluster_size=min_size,
            spaces=data.public_spaces,
            crs=data.crs,
            xy=(data.x, data.y),
        )
        labels = cluster_of.to_numpy(dtype=np.int64)
        return Ran(frame, params, units="clusters", labels=labels)

    def candidates(self, result: HotspotResult) -> Candidates:
        proj = result.projected
        n = len(proj)
        value = proj["harm" if result.weight == "harm" else "n_incidents"].to_numpy(dtype=float)
        first = proj["first_date"].dt.strftime("%Y-%m").fillna("")
        return group(
            np.ones(n, dtype=bool),
            value=value,
            height=value,
            confidence=np.full(n, math.nan),
            pattern=_filled(n, "cluster"),
            since=first.to_numpy().astype(object),
            unit="cluster",
            pairs=None,
        )

    def zone_fields(self, result: HotspotResult, rows: np.ndarray) -> dict[str, object]:
        proj = result.projected
        last = proj["last_date"].iloc[rows[0]]
        return {
            "_cluster": int(proj["cluster"].iloc[rows[0]]),
            "until": pd.Timestamp(last).strftime("%Y-%m") if pd.notna(last) else "",
        }

    def what(self, row: Row, lang: str) -> str:
        return sentence(
            "what.cluster",
            lang,
            categories=category_words(text(row, "top_categories"), lang),
            since=text(row, "since"),
            until=text(row, "until"),
        )

    def explain(self, result: HotspotResult, lang: str) -> list[str]:
        p = result.parameters
        assert isinstance(p, ClusterParameters)
        common = {
            "clusters": number(p.n_clusters, lang),
            "noise": number(p.n_noise, lang),
            "min_samples": p.min_samples,
        }
        share = (
            f"{number(100 * p.max_cluster_share, lang)} %"
            if p.max_cluster_share is not None and math.isfinite(p.max_cluster_share)
            else "100 %"
        )
        if p.method != "dbscan":
            return [
                sentence(
                    "hdbscan.result",
                    lang,
                    min_cluster_size=p.min_cluster_size,
                    share=share,
                    **common,
                )
            ]
        eps = metres(p.eps, lang)
        parts = [sentence("dbscan.result", lang, eps=eps, **common)]
        if isinstance(result.spec, DbscanSpec) and result.spec.eps is None:
            parts.append(
                sentence("dbscan.eps_auto", lang, eps=eps, min_samples=p.min_samples, share=share)
            )
            from models.clusters import BACKGROUND_SAMPLE, BACKGROUND_SAMPLE_ABOVE

            if result.n_incidents > BACKGROUND_SAMPLE_ABOVE:
                parts.append(
                    sentence(
                        "dbscan.eps_sampled",
                        lang,
                        above=number(BACKGROUND_SAMPLE_ABOVE, lang),
                        sample=number(BACKGROUND_SAMPLE, lang),
                    )
                )
        return parts


def names_of(frame: gpd.GeoDataFrame | pd.DataFrame | None) -> np.ndarray:
    """The ``name`` of each row (its index where there is no name column)."""
    if frame is None:
        return np.zeros(0, dtype=object)
    names = frame["name"] if "name" in frame.columns else frame.index
    return np.asarray(names.astype(str), dtype=object)


#: Every method by its code, in the order the page offers them.
REGISTRY: Mapping[Method, HotspotMethod] = {
    m.code: m
    for m in (
        GiMethod(),
        LisaMethod(),
        KdeMethod(),
        ClusterMethod("dbscan"),
        ClusterMethod("hdbscan"),
        EmergingMethod(),
    )
}


def method_of(spec: HotspotSpec) -> HotspotMethod:
    """The registry entry of a spec."""
    return REGISTRY[spec.method]


def describe_what(row: Row, lang: str) -> tuple[str, bool]:
    """A top hot spot's "what" clause and whether its trend is said after it.

    Rows from an unknown method read as clusters (the most general sentence).
    """
    code = text(row, "method")
    method = next((m for c, m in REGISTRY.items() if c == code), REGISTRY["dbscan"])
    return method.what(row, lang), method.says_trend
