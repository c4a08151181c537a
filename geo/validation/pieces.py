"""A file too large to check at once, checked in pieces with the whole file's result.

:func:`validate_pieces` checks a file given as consecutive pieces of its
records (a Parquet file's row batches, say) in two passes over them, so
that only one piece is in memory at a time:

1. Each piece is checked on its own (:class:`~geo.validation.scope.Recording`);
   its result is thrown away, but what its rows say about the decisions of
   the whole file is added up: the few counts, the located points' two
   coordinates and a 64-bit hash per id (``geo.validation.scope``). When a
   piece took one of the first decisions (the file's own geometries, x/y
   in degrees, a typed date column with times) otherwise than the whole
   file, the statistics that rest on it are recorded again in a pass with
   the file's first decisions.
2. Each piece is checked again with the whole file's decisions
   (:class:`~geo.validation.scope.Decided`): the same middle of the file's
   points, the same verdicts (metres, swapped), the same repeated ids with
   the same first row, the same typed date and decimal mark decisions. Each
   row is then checked exactly as in the whole file; ``keep`` receives each
   piece's :class:`ReadResult` (its valid rows) as it is checked.

The report (:func:`merge_reports`) is the whole file's: the same problems,
the same error rows, the first ``settings.max_problems_listed`` of a kind
in full and a ``more_problems`` entry counting the rest; problems of the
whole file once; ``date_only`` counted over the file. The problems of one
row of different kinds may be listed in another order (the order in which
the kinds were first found). When the whole file fails (a file-level
error) every row is an error, as when it is checked whole; ``keep`` has
then received pieces whose rows must be thrown away (``report.file_errors``).

A piece's rows carry their record numbers in the file (``RawTable.rows``),
and the pieces come in the file's order, each once, in both passes. Checks
against other layers (``reference``) are not made in pieces.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

import numpy as np

from geo import settings
from geo.validation.location import far_swapped_count
from geo.validation.report import Problem, RawTable, ReadResult, Report, more_problems
from geo.validation.scope import Recording
from geo.validation.validator import validate_table

#: The file-level warnings that count rows of the whole file: ``count`` is the sum of the
#: pieces' counts, ``total`` the file's kept rows.
_COUNTED = ("date_only",)
#: The file-level warnings a file that fails does not get (their checks skip such a file).
_UNLESS_FAILED = ("date_only", "ids_generated")


def validate_pieces(
    pieces: Callable[[], Iterable[RawTable]],
    keep: Callable[[ReadResult], None],
) -> Report:
    """Check a file given in pieces as :func:`~geo.validation.validate_table` checks it whole.

    Parameters
    ----------
    pieces
        Gives the file's pieces, in order, each time it is called (it is
        called two or three times: module docstring); each a
        :class:`RawTable` of one file and layer, with the records' numbers
        in the file.
    keep
        Called with each piece's result in the second pass.

    Returns
    -------
    Report
        The whole file's report.
    """
    recording = _recorded(pieces, Recording())
    decided = recording.decided(far_swapped_count)
    if not recording.agrees(decided):  # a piece took a first decision of its own: again
        decided = _recorded(pieces, Recording(given=decided)).decided(far_swapped_count)
    del recording
    reports: list[Report] = []
    all_rows: list[np.ndarray] = []
    for raw in pieces():
        result = validate_table(raw, scope=decided)
        reports.append(result.report)
        all_rows.append(np.asarray(raw.rows, dtype=np.int64))
        keep(result)
        del result
    return merge_reports(reports, all_rows, settings.max_problems_listed)


def _recorded(pieces: Callable[[], Iterable[RawTable]], recording: Recording) -> Recording:
    """``recording`` after a pass over the file's pieces."""
    for raw in pieces():
        recording.next_piece()
        validate_table(raw, scope=recording)
    return recording


def merge_reports(reports: list[Report], rows: list[np.ndarray], cap: int) -> Report:
    """One report of a file from the reports of its pieces, in order (``rows``: each
    piece's record numbers)."""
    if not reports:
        msg = "a file has at least one piece"
        raise ValueError(msg)
    file_level = _file_problems(reports)
    failed = any(p.severity == "error" for p in file_level)
    if failed:  # nothing of a file that fails is kept, as when it is checked whole
        file_level = [p for p in file_level if p.code not in _UNLESS_FAILED]
        error_rows = [int(r) for r in np.concatenate(rows)] if rows else []
    else:
        error_rows = [r for report in reports for r in report.error_rows]
    report = Report(
        file=reports[0].file,
        layer=reports[0].layer,
        n_rows=sum(report.n_rows for report in reports),
        problems=file_level + _row_problems(reports, max(int(cap), 1)),
        error_rows=error_rows,
    )
    # a counted warning's total is the file's kept rows (a piece without the
    # rows it counts says nothing, and its rows count all the same)
    valid = report.n_valid
    report.problems = [
        replace(p, params={**p.params, "total": valid}) if p.code in _COUNTED else p
        for p in report.problems
    ]
    return report


def _file_problems(reports: list[Report]) -> list[Problem]:
    """The problems of the whole file, in the order first found: each as many times as a
    piece has it (every piece says them all, when they are the file's); counted ones once,
    their counts summed."""
    out: list[Problem] = []
    counted: dict[tuple[object, ...], int] = {}
    have: dict[tuple[object, ...], int] = {}
    for report in reports:
        here: dict[tuple[object, ...], int] = {}
        for p in report.problems:
            if p.row is not None:
                continue
            if p.code in _COUNTED:
                key: tuple[object, ...] = (p.code, p.column, p.params.get("end"))
                if key in counted:
                    was = out[counted[key]]
                    count = _int(was.params["count"]) + _int(p.params["count"])
                    out[counted[key]] = replace(was, params={**was.params, "count": count})
                else:
                    counted[key] = len(out)
                    out.append(p)
                continue
            key = (p.code, p.column, p.severity, repr(sorted(p.params.items())))
            here[key] = here.get(key, 0) + 1
            if here[key] > have.get(key, 0):
                have[key] = here[key]
                out.append(p)
    return out


def _int(value: object) -> int:
    if isinstance(value, (int, np.integer)):
        return int(value)
    msg = f"a count is a whole number, got {value!r}"
    raise TypeError(msg)


def _row_problems(reports: list[Report], cap: int) -> list[Problem]:
    """The problems of rows: per kind, the file's first ``cap`` and one entry for the rest.

    A piece lists its first ``cap`` of a kind and counts the rest in a
    ``more_problems`` entry (first and last row, the column if one, the
    worst severity); the pieces come in the file's order, so the file's
    first ``cap`` of a kind are among the pieces' listed ones.
    """
    listed: dict[str, list[Problem]] = {}
    more: dict[str, list[Problem]] = {}
    for report in reports:
        for p in report.problems:
            if p.row is None:
                continue
            if p.code == "more_problems":
                more.setdefault(str(p.params["problem"]), []).append(p)
            else:
                listed.setdefault(p.code, []).append(p)
                more.setdefault(p.code, [])
    out: list[Problem] = []
    for code in listed:
        shown = listed[code][:cap]
        out += shown
        rest = listed[code][cap:]
        extra = more[code]
        count = len(rest) + sum(_int(p.params["count"]) for p in extra)
        if not count:
            continue
        first = [p.row for p in rest if p.row is not None] + [
            _int(p.params["first_row"]) for p in extra
        ]
        last = [p.row for p in rest if p.row is not None] + [
            _int(p.params["last_row"]) for p in extra
        ]
        template = shown[-1]
        out.append(
            more_problems(
                template.file,
                template.layer,
                code,
                count=count,
                rows=(min(first), max(last)),
                columns={p.column for p in rest} | {p.column for p in extra},
                severities={p.severity for p in rest} | {p.severity for p in extra},
            )
        )
    return out
