"""Articulation: who runs which PAZOS component where, and which components are missing.

PAZOS works through five components (``geo.schema.COMPONENTS``:
``interruption``, ``intervention``, ``prevention``, ``safe_environments``,
``access_to_justice``) run by many partners: the city's secretariats, NGOs,
churches, firms, universities and community boards
(``programs.partner_type``, :data:`geo.schema.PARTNER_TYPES`). The
articulation map crosses the programmes running at a date by neighbourhood,
component and partner type, and shows two things a planner acts on: priority
neighbourhoods where a component is missing (a gap a new partner could
fill, :func:`fill_options`) and places where several partners already work
on the same component (candidates for coordination, not for more of the
same).

Rules
-----
Running
    A programme runs at ``at`` when it started on or before that day (or
    has no start date: the layer lists it, so it is taken as running) and
    has not ended before it (no end date, or an end on or after that day).
    ``at=None`` counts every programme in the layer, whatever its dates.
Citywide programmes
    A programme with no ``neighborhood_id`` (blank) runs in the whole city.
    :attr:`Articulation.long` lists it once, under ``neighborhood_id ""``,
    so that summing ``long`` counts every programme once; the per-barrio
    tables (``matrix``, ``partners``, ``missing``, ``overlaps``) count it
    in every barrio, because it does serve each of them: a citywide legal
    clinic means no barrio lacks access to justice. The same rule fills the
    gaps pillar of the priority index (:mod:`models.recommend.priority`).
    A programme is matched to barrios by ``neighborhood_id`` only, not by its
    polygon.
Partner type
    Read from ``partner_type`` when the layer has it. A programme without
    one (the column is optional), or with a value that is not one of the
    codes, is typed ``"unknown"``: said, never guessed from the partner's
    name. ``attrs["unknown_partner_type"]`` counts them.
Overlap
    A barrio and component where at least two *distinct partners* (by
    name) run programmes: two NGOs in the same component need coordinating
    as much as an NGO and a church do.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo import schema
from geo.errors import ValidationError

#: The five component codes, in :data:`geo.schema.COMPONENTS` order (the matrix's columns).
COMPONENTS: tuple[str, ...] = tuple(schema.COMPONENTS)
#: The partner type of a programme that has none (or one that is not a code).
UNKNOWN = "unknown"
#: The ``neighborhood_id`` under which :attr:`Articulation.long` lists citywide programmes.
CITYWIDE = ""


@dataclass(frozen=True, eq=False)
class Articulation:
    """Programmes running at a date, by neighbourhood, component and partner type.

    Attributes
    ----------
    long
        One row per (``neighborhood_id``, ``component``, ``partner_type``)
        with running programmes: ``programs`` (how many) and ``partners``
        (distinct partner names). Citywide programmes are listed under
        ``neighborhood_id == ""`` only (see the module docstring);
        programmes of a barrio that is not in ``hoods`` keep their id.
    matrix
        Index ``neighborhood_id`` (every barrio of ``hoods``, in its order),
        one column per component code: running programmes there, citywide
        ones included.
    partners
        Index ``neighborhood_id``: ``programs`` (running, citywide
        included), ``partners`` (distinct partner names) and
        ``partner_types`` (distinct known partner types; ``unknown`` is not
        a type).
    missing
        ``neighborhood_id`` -> tuple of the component codes with no running
        programme there (in :data:`COMPONENTS` order; empty when none is
        missing).
    overlaps
        One row per barrio and component where at least two distinct
        partners run programmes: ``neighborhood_id``, ``component``,
        ``programs``, ``partners`` (distinct names), ``partner_types``
        (comma-separated sorted codes, ``unknown`` included).
    at
        The day the programmes were counted at (``None``: every programme).
    """

    long: pd.DataFrame
    matrix: pd.DataFrame
    partners: pd.DataFrame
    missing: pd.Series
    overlaps: pd.DataFrame
    at: pd.Timestamp | None = None


def _require(frame: pd.DataFrame, columns: Sequence[str], name: str) -> None:
    absent = [c for c in columns if c not in frame.columns]
    if absent:
        msg = f"`{name}` has no column {', '.join(f'`{c}`' for c in absent)}"
        raise ValidationError(msg)


def _component_codes(values: pd.Series) -> np.ndarray:
    """Component codes from codes or English/Spanish names; an unknown one is an error."""
    codes = values.map(lambda v: schema.parse_component(v) if pd.notna(v) else None)
    bad = codes.isna().to_numpy()
    if bad.any():
        first = int(np.flatnonzero(bad)[0])
        msg = (
            f"`programs` row {first}: `component` {values.iloc[first]!r} is not one of "
            f"{', '.join(COMPONENTS)}"
        )
        raise ValidationError(msg)
    return np.asarray(codes.to_numpy(dtype=object))


def _partner_types(programs: pd.DataFrame) -> np.ndarray:
    if "partner_type" not in programs.columns:
        return np.full(len(programs), UNKNOWN, dtype=object)
    raw = programs["partner_type"]
    text = raw.astype(object).where(raw.notna(), "").astype(str).str.strip().str.lower()
    return np.asarray(text.where(text.isin(schema.PARTNER_TYPES), UNKNOWN).to_numpy(dtype=object))


def _neighborhood_ids(programs: pd.DataFrame) -> np.ndarray:
    if "neighborhood_id" not in programs.columns:
        return np.full(len(programs), CITYWIDE, dtype=object)
    raw = programs["neighborhood_id"]
    text = raw.astype(object).where(raw.notna(), "").astype(str).str.strip()
    return np.asarray(text.to_numpy(dtype=object))


def running_mask(programs: pd.DataFrame, at: pd.Timestamp | None) -> np.ndarray:
    """Which programmes run on the day ``at`` (all of them when ``at`` is ``None``).

    A programme runs when ``start`` is on or before ``at`` (or missing) and
    ``end`` is on or after it (or missing).

    Examples
    --------
    >>> p = pd.DataFrame({"start": ["2024-01-01", None, "2025-02-01"], "end": [None, "2024-06-30", None]})
    >>> running_mask(p, pd.Timestamp("2025-01-15")).tolist()
    [True, False, False]
    """
    n = len(programs)
    if at is None:
        return np.ones(n, dtype=bool)
    day = pd.Timestamp(at).normalize()
    keep = np.ones(n, dtype=bool)
    if "start" in programs.columns:
        start = pd.to_datetime(programs["start"], errors="coerce")
        keep &= (start.isna() | (start.dt.normalize() <= day)).to_numpy()
    if "end" in programs.columns:
        end = pd.to_datetime(programs["end"], errors="coerce")
        keep &= (end.isna() | (end.dt.normalize() >= day)).to_numpy()
    return keep


def articulation(
    programs: pd.DataFrame, hoods: pd.DataFrame, *, at: pd.Timestamp | None = None
) -> Articulation:
    """Cross the programmes running at ``at`` by neighbourhood, component and partner type.

    Parameters
    ----------
    programs
        The ``programs`` layer: ``component`` (codes, or English/Spanish
        names), ``partner``; optional ``partner_type``, ``neighborhood_id``
        (blank: citywide), ``start``, ``end``.
    hoods
        The neighbourhoods (``neighborhood_id``; geometry not needed).
    at
        The day to count at; ``None`` counts every programme whatever its dates.

    Returns
    -------
    Articulation
        See its attributes. ``long.attrs`` and the result's tables carry
        ``unknown_partner_type`` (running programmes typed ``unknown``) and
        ``unknown_neighborhoods`` (ids of running programmes' barrios that
        are not in ``hoods``, sorted).

    Raises
    ------
    geo.errors.ValidationError
        A missing column, a duplicated ``neighborhood_id`` in ``hoods``, or a
        component that is not one of the five.
    """
    _require(programs, ("component", "partner"), "programs")
    _require(hoods, ("neighborhood_id",), "hoods")
    ids = pd.Index(hoods["neighborhood_id"].astype(str))
    if ids.has_duplicates:
        twice = sorted(set(ids[ids.duplicated()]))
        msg = f"`hoods`: `neighborhood_id` {', '.join(twice)} appears more than once"
        raise ValidationError(msg)
    day = None if at is None else pd.Timestamp(at).normalize()
    run = running_mask(programs, day)
    rows = pd.DataFrame(
        {
            "neighborhood_id": _neighborhood_ids(programs)[run],
            "component": _component_codes(programs["component"])[run],
            "partner_type": _partner_types(programs)[run],
            "partner": programs["partner"].astype(str).str.strip().to_numpy(dtype=object)[run],
        }
    )
    long = (
        rows.groupby(["neighborhood_id", "component", "partner_type"], sort=True)
        .agg(programs=("partner", "size"), partners=("partner", "nunique"))
        .reset_index()
    )
    long["programs"] = long["programs"].astype(np.int64)
    long["partners"] = long["partners"].astype(np.int64)

    # every running programme once per barrio it serves: its own, or all of them when citywide
    citywide = rows["neighborhood_id"] == CITYWIDE
    local = rows[~citywide & rows["neighborhood_id"].isin(ids)]
    spread = rows[citywide].merge(pd.DataFrame({"hood": ids}), how="cross")
    served = pd.concat(
        [
            local.rename(columns={"neighborhood_id": "hood"}),
            spread.drop(columns="neighborhood_id"),
        ],
        ignore_index=True,
    )
    comp = pd.Categorical(served["component"], categories=list(COMPONENTS))
    matrix = pd.crosstab(
        pd.Categorical(served["hood"], categories=list(ids)), comp, dropna=False
    ).astype(np.int64)
    matrix.index = pd.Index(list(ids), name="neighborhood_id")
    matrix.columns = pd.Index(list(COMPONENTS), name="component")

    known = served[served["partner_type"] != UNKNOWN]
    partners = pd.DataFrame(
        {
            "programs": served.groupby("hood").size(),
            "partners": served.groupby("hood")["partner"].nunique(),
            "partner_types": known.groupby("hood")["partner_type"].nunique(),
        }
    )
    partners = partners.reindex(list(ids)).fillna(0).astype(np.int64)
    partners.index.name = "neighborhood_id"

    present = matrix.to_numpy() > 0
    missing = pd.Series(
        [tuple(c for c, has in zip(COMPONENTS, row, strict=True) if not has) for row in present],
        index=matrix.index,
        name="missing",
        dtype=object,
    )

    by_cell = served.groupby(["hood", "component"], sort=True)
    overlaps = by_cell.agg(
        programs=("partner", "size"),
        partners=("partner", "nunique"),
        partner_types=("partner_type", lambda s: ",".join(sorted(set(s)))),
    ).reset_index()
    overlaps = overlaps[overlaps["partners"] >= 2].rename(columns={"hood": "neighborhood_id"})
    order = {h: k for k, h in enumerate(ids)}
    overlaps = (
        overlaps.assign(
            _h=overlaps["neighborhood_id"].map(order),
            _c=overlaps["component"].map({c: k for k, c in enumerate(COMPONENTS)}),
        )
        .sort_values(["_h", "_c"])
        .drop(columns=["_h", "_c"])
        .reset_index(drop=True)
    )
    overlaps["programs"] = overlaps["programs"].astype(np.int64)
    overlaps["partners"] = overlaps["partners"].astype(np.int64)

    facts = {
        "unknown_partner_type": int((rows["partner_type"] == UNKNOWN).sum()),
        "unknown_neighborhoods": sorted(
            set(rows.loc[~citywide & ~rows["neighborhood_id"].isin(ids), "neighborhood_id"])
        ),
    }
    for table in (long, matrix, partners, overlaps):
        table.attrs.update(facts)
    return Articulation(
        long=long, matrix=matrix, partners=partners, missing=missing, overlaps=overlaps, at=day
    )


def fill_options(
    art: Articulation, priority_ids: Sequence[str], partner_type: str | None = None
) -> pd.DataFrame:
    """Which missing components a new partner could fill in the priority barrios.

    Parameters
    ----------
    art
        :func:`articulation`'s result.
    priority_ids
        The barrios to look at, most priority first (e.g. the top ``k`` of
        :func:`models.recommend.priority.priority`).
    partner_type
        A partner type code (:data:`geo.schema.PARTNER_TYPES`). When given,
        only the components that partners of this type already run somewhere
        in the city are offered: the data shows what such partners do.

    Returns
    -------
    pandas.DataFrame
        One row per priority barrio and missing component, in the order of
        ``priority_ids`` and then :data:`COMPONENTS`: ``neighborhood_id``,
        ``priority_order`` (1 = first of ``priority_ids``), ``component``,
        ``programs_elsewhere`` (running programmes of that component in the
        city, of ``partner_type`` when given; citywide ones count once) and
        ``partner_types`` (comma-separated sorted types that run it,
        ``unknown`` included; only ``partner_type`` when given).

    Raises
    ------
    ValueError
        An id that is not a barrio of ``art``, the same id twice, or an
        unknown ``partner_type``.
    """
    ids = [str(i) for i in priority_ids]
    unknown = [i for i in ids if i not in art.missing.index]
    if unknown:
        msg = f"`priority_ids`: {', '.join(unknown)} is not a neighborhood_id of the articulation"
        raise ValueError(msg)
    if len(set(ids)) != len(ids):
        msg = "`priority_ids` lists a neighborhood_id more than once"
        raise ValueError(msg)
    allowed = (*schema.PARTNER_TYPES, UNKNOWN)
    if partner_type is not None and partner_type not in allowed:
        msg = f"`partner_type` must be one of {', '.join(allowed)}, got {partner_type!r}"
        raise ValueError(msg)
    long = art.long
    if partner_type is not None:
        long = long[long["partner_type"] == partner_type]
    runs = long.groupby("component")["programs"].sum()
    types = long.groupby("component")["partner_type"].agg(lambda s: ",".join(sorted(set(s))))
    rows: list[dict[str, object]] = []
    for order, hood in enumerate(ids, start=1):
        for component in art.missing.loc[hood]:
            if partner_type is not None and component not in runs.index:
                continue
            rows.append(
                {
                    "neighborhood_id": hood,
                    "priority_order": order,
                    "component": component,
                    "programs_elsewhere": int(runs.get(component, 0)),
                    "partner_types": str(types.get(component, "")),
                }
            )
    columns = ["neighborhood_id", "priority_order", "component", "programs_elsewhere"]
    out = pd.DataFrame(rows, columns=[*columns, "partner_types"])
    return out.astype({"priority_order": np.int64, "programs_elsewhere": np.int64})
