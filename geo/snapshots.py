"""Publishing: build a snapshot from a workspace, keep it as a new version, read it back.

:func:`publish` reads the workspace's layers, builds the aggregates with
:func:`geo.publish.build_snapshot` (primary and secondary suppression,
sensitive categories citywide only), adds the methodology in both
languages, and keeps it as the next version with
:meth:`geo.workspace.Workspace.save_snapshot`, which writes the new state
aside and switches it in: a failure leaves the last good snapshot in place.
:func:`load` gives a version back as a :class:`geo.publish.Snapshot`. The
public page and ``cli.py publish`` both go through here.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Literal

import pandas as pd

from catalog.say import number, say
from geo import settings
from geo.disclosure import DisclosureError
from geo.errors import MissingLayerError
from geo.publish import SENSITIVE, Snapshot, build_snapshot, used_window, write_open_data
from geo.workspace import Workspace

#: The period steps of a snapshot's citywide table: months, quarters, years.
STEPS: dict[str, Literal["M", "Q", "Y"]] = {"M": "M", "Q": "Q", "Y": "Y"}
#: What a snapshot's window may be when none is given: the last 12 whole months of data.
DEFAULT_MONTHS = 12


def last_incident_day(ws: Workspace) -> date | None:
    """The day of the workspace's last dated incident (``None`` without one), read from the
    incidents' sidecar when they have one (no geometries: :meth:`Workspace.read_coordinates`).

    Raises
    ------
    geo.errors.MissingLayerError
        When the workspace has no incidents.
    """
    if not ws.has("incidents"):
        msg = f"workspace {ws.label} has no `incidents` layer"
        raise MissingLayerError(msg)
    coords = ws.read_coordinates("incidents")
    table = coords.attributes if coords is not None else ws.read("incidents")
    when = pd.to_datetime(table["occurred_at"], errors="coerce").dropna()
    return when.max().date() if len(when) else None


def last_whole_months(last: date, months: int = DEFAULT_MONTHS) -> tuple[date, date]:
    """The ``months`` whole calendar months ending with the last whole month up to ``last``:
    ``last``'s own month when ``last`` is its last day, else the month before.

    Examples
    --------
    >>> last_whole_months(date(2025, 12, 15))
    (datetime.date(2024, 12, 1), datetime.date(2025, 11, 30))
    >>> last_whole_months(date(2025, 12, 31), 3)
    (datetime.date(2025, 10, 1), datetime.date(2025, 12, 31))
    """
    day = pd.Timestamp(last)
    month_end = day + pd.offsets.MonthEnd(0)
    end = month_end if day == month_end else day.replace(day=1) - pd.Timedelta(days=1)
    start = (end - pd.DateOffset(months=months - 1)).replace(day=1)
    return start.date(), end.date()


def default_window(ws: Workspace, *, months: int = DEFAULT_MONTHS) -> tuple[date, date]:
    """The ``months`` whole calendar months ending with the last whole month of the incidents
    (:func:`last_whole_months` of :func:`last_incident_day`).

    Raises
    ------
    geo.errors.MissingLayerError
        When the workspace has no incidents, or none with a date.
    """
    last = last_incident_day(ws)
    if last is None:
        msg = f"workspace {ws.label} has no dated incident to publish"
        raise MissingLayerError(msg)
    return last_whole_months(last, months)


def methodology(meta: Mapping[str, object], lang: str) -> str:
    """The snapshot's methodology and privacy rules in plain words (Markdown), in ``lang``.

    It is stored with the snapshot, in both languages, so a version keeps the
    rules it was published under.
    """
    sensitive = ", ".join(say(f"category.{c}", lang).lower() for c in SENSITIVE)
    parts = [
        say(
            "publish.method.what",
            lang,
            city=str(meta.get("city", "")),
            start=str(meta["start"]),
            end=str(meta["end"]),
        ),
        say(f"publish.method.step.{meta['step']}", lang),
        say("publish.method.where", lang, cell=number(float(str(meta["cell_m"])), lang)),
        say("publish.method.primary", lang, k=int(str(meta["min_count"]))),
        say("publish.method.secondary", lang),
        say("publish.method.sensitive", lang, categories=sensitive),
        say("publish.method.rates", lang),
        say("publish.method.people", lang),
        say("publish.method.source", lang, source=str(meta.get("source", ""))),
    ]
    revised = meta.get("revision_of")
    if isinstance(revised, list) and revised:  # after the secondary suppression
        versions = ", ".join(str(v) for v in revised)
        k = int(str(meta["min_count"]))
        parts.insert(5, say("publish.method.revision", lang, versions=versions, k=k))
    if meta.get("synthetic"):
        parts.insert(0, say("publish.method.synthetic", lang, city=str(meta.get("city", ""))))
    return "\n\n".join(parts)


def build(
    ws: Workspace,
    *,
    start: date | None = None,
    end: date | None = None,
    step: str = "M",
    min_count: int | None = None,
    cell_m: float | None = None,
) -> Snapshot:
    """The snapshot of ``ws`` for ``start``..``end`` (the last 12 whole months by default), with
    its methodology in both languages in ``meta``; nothing is stored.

    Raises
    ------
    geo.errors.MissingLayerError
        When the workspace lacks incidents or neighbourhoods.
    geo.disclosure.DisclosureError
        When the rules are not valid (a minimum below 2, cells under 500 m).
    """
    if step not in STEPS:
        msg = f"the period step {step!r} must be one of {', '.join(STEPS)}"
        raise ValueError(msg)
    for layer in ("incidents", "neighborhoods"):
        if not ws.has(layer):
            msg = f"workspace {ws.label} has no `{layer}` layer; a snapshot needs it"
            raise MissingLayerError(msg)
    if start is None or end is None:
        lo, hi = default_window(ws)
        start, end = start or lo, end or hi
    try:  # a revision (the window of earlier versions, once clipped): built against them
        first, last = used_window(start, end, STEPS[step])
        same = revisions(ws, first.isoformat(), last.isoformat())
    except DisclosureError:  # a window build_snapshot refuses, after its other checks
        same = []
    crs = ws.projected_crs
    snap = build_snapshot(
        ws.read("incidents", projected=True),
        ws.read("neighborhoods", projected=True),
        spaces=ws.read_optional("public_spaces", projected=True),
        programs=ws.read_optional("programs", projected=True),
        territories=ws.read_optional("territories", projected=True),
        start=start,
        end=end,
        step=STEPS[step],
        min_count=min_count if min_count is not None else settings.publish_min_count,
        cell_m=cell_m if cell_m is not None else settings.publish_cell_m,
        crs=crs,
        city=ws.city_name,
        synthetic=ws.synthetic,
        source=ws.city_name,  # never the provenance: it names the files imported
        content_hash=ws.content_hash,
        earlier=[load(ws, v) for v in same],
    )
    if same:
        snap.meta["revision_of"] = same
    for lang in ("es", "en"):
        snap.meta[f"methodology_{lang}"] = methodology(snap.meta, lang)
    return snap


def publish(ws: Workspace, snap: Snapshot, *, published_by: str) -> int:
    """Keep ``snap`` as the workspace's next snapshot version and return the version.

    The earlier versions stay; a failure leaves them, the last good one
    included, exactly as they were.
    """
    record = dict(snap.to_record())
    record.update(
        start=str(snap.meta["start"]),
        end=str(snap.meta["end"]),
        step=str(snap.meta["step"]),
        min_count=str(snap.meta["min_count"]),
        cell_m=str(snap.meta["cell_m"]),
    )
    return ws.save_snapshot(record, published_by=published_by)


def revisions(ws: Workspace, start: str, end: str) -> list[int]:
    """The published versions whose window is exactly ``start``..``end`` (ISO dates).

    A new version of the same window is a revision: :func:`build` withholds
    too what changed by 1 to ``min_count - 1`` since each of them
    (:func:`geo.publish.build_snapshot`'s ``earlier``), so that comparing the
    versions gives no small count back.
    """
    listing = ws.snapshots()
    if not len(listing):
        return []
    hit = (listing["start"].astype(str) == start) & (listing["end"].astype(str) == end)
    return [int(v) for v in listing.loc[hit.to_numpy(), "version"]]


def overlapping(ws: Workspace, start: date, end: date) -> list[int]:
    """The published versions whose window shares a day with ``start``..``end``.

    Each version is suppressed on its own: two versions of overlapping windows (the same
    year by month and by quarter, or a window that grew by a month) can be subtracted from
    each other and give withheld counts back. Publishing over them needs an explicit word
    (``cli.py publish --allow-overlap``, a box on the Publish page), except over a revision
    that :func:`build` protected (:func:`unprotected_overlaps`).
    """
    listing = ws.snapshots()
    if not len(listing):
        return []
    first = pd.to_datetime(listing["start"]).dt.date
    last = pd.to_datetime(listing["end"]).dt.date
    hit = (first <= end) & (last >= start)
    return [int(v) for v in listing.loc[hit.to_numpy(), "version"]]


def unprotected_overlaps(ws: Workspace, snap: Snapshot) -> list[int]:
    """The published versions that ``snap``'s window overlaps and :func:`build` did not protect
    it against: all of :func:`overlapping` but the revisions of the same window, the same
    period step and the same cell size (those it withheld what changed little against).
    Publishing over these needs an explicit word."""
    start = date.fromisoformat(str(snap.meta["start"]))
    end = date.fromisoformat(str(snap.meta["end"]))
    listing = ws.snapshots()
    revised = snap.meta.get("revision_of")
    protected: set[int] = set()
    if isinstance(revised, list) and len(listing):
        for version, step, cell in zip(
            listing["version"], listing["step"], listing["cell_m"], strict=True
        ):
            same_rules = str(step) == str(snap.meta["step"]) and float(cell) == float(
                str(snap.meta["cell_m"])
            )
            if int(version) in revised and same_rules:
                protected.add(int(version))
    return [v for v in overlapping(ws, start, end) if v not in protected]


def load(ws: Workspace, version: int | None = None) -> Snapshot:
    """A published version (the latest when ``None``).

    Raises
    ------
    KeyError
        When nothing was published, or there is no such version.
    """
    return Snapshot.from_record(ws.snapshot_record(version))


def export(snap: Snapshot, folder: Path, lang: str) -> list[Path]:
    """Write the snapshot's open-data files, with the methodology in ``lang`` as their README."""
    return write_open_data(snap, folder, readme=str(snap.meta.get(f"methodology_{lang}", "")))


__all__ = [
    "DEFAULT_MONTHS",
    "build",
    "default_window",
    "last_incident_day",
    "last_whole_months",
    "export",
    "load",
    "methodology",
    "overlapping",
    "publish",
]
