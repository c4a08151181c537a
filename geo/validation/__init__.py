"""Checking a layer's records against its schema, row by row.

The readers (``geo.readers``) turn a file into a :class:`RawTable`: the
file's records as they are, with their record and line numbers. This module
parses and checks every value of it and returns a :class:`ReadResult`: the
valid rows as a layer in the canonical schema, and a :class:`Report` that
names every problem by file, row and column. Nothing disappears silently:
``len(result.layer) + len(result.report.invalid_rows) == result.report.n_rows``.

The checks are vectorised with pandas, numpy and shapely: only the rows with
a problem are visited one by one, to write their messages, and a report
lists at most ``settings.max_problems_listed`` problems of one kind in full
(then counts the rest; :attr:`Report.invalid_rows` is always complete).
A plain CSV file's columns arrive as Arrow strings: a value is cleaned in
Python only when it may change, or once per distinct value of a column whose
values repeat; plain coordinates and ISO dates are read by Arrow and pandas,
the rest by the general rules below (tests compare both ways).

Modules, by concern: :mod:`~geo.validation.report` (problems, reports, the
tables), :mod:`~geo.validation.parsing` (text, dates, times, numbers),
:mod:`~geo.validation.columns` (column names and the attribute checks),
:mod:`~geo.validation.geometry` (building and repairing geometries),
:mod:`~geo.validation.location` (degrees, swapped axes, far from the city)
and :mod:`~geo.validation.validator` (the checks in order, the result).

What is checked
---------------
- columns: the file's column names are matched to the layer's columns
  through ``LayerSpec.aliases`` (accents, case and separators ignored); two
  columns that mean the same one, or a missing required column, are
  file-level errors.
- dates and times: ISO 8601 (``2021-03-04``, ``2021-03-04T22:15``, with an
  optional UTC offset, converted to ``settings.timezone`` and made naive) and
  Colombian day-first dates (``04/03/2021``, ``4-3-2021 10:15 p. m.``);
  impossible dates, Excel serial numbers and a programme's ``end`` before its
  ``start`` are errors. A separate ``hora`` column completes a date-only
  ``fecha``.
- time ranges (``Column.ends``: an incident's ``occurred_to``): an end
  before its start is an error of the row; an end written as a date alone
  is the end of that day (23:59:59), and a separate time column completes
  the start, never the end. A row whose start has a date but no time of day
  (written without one, as a GeoPackage or DBF date field reads too; no
  value in the time column; or a typed timestamp column, as Parquet's, of
  midnights only) and no end gets the end of its day as its end, so it
  reads *some time that day*, not 00:00; the start stays at midnight. One warning for the file (``date_only``) counts
  the kept rows that cover one whole day, not one line per row.
- categories and components through ``schema.parse_category`` and
  ``schema.parse_component``; choices (``condition``, ``lighting``,
  ``activation_status``, ``partner_type``, the streets' ``kind``) in English
  or Spanish (:data:`CHOICE_ALIASES`), written as their codes.
- numbers: decimal commas and thousands separators as a Spanish-locale
  Excel writes them; whole numbers, minimums and maximums from the schema.
- ids: present and unique. A layer whose id may be generated
  (``LayerSpec.id_generated``: ``streets``) numbers the rows of a file
  without the id column ``"1"..."n"`` and says so in a warning.
- geometries: present when required, of the layer's type, not empty; a
  file none of whose geometries is of the layer's type is refused as a
  whole (points given as streets, say); invalid polygons repaired with
  ``shapely.make_valid`` when that changes the area by at most
  ``settings.max_repair_area_change``; lines of no length, or otherwise
  invalid (a part with a single point, a coordinate that is not a number),
  reported row by row and never repaired.
- locations: degrees in range, latitude and longitude not swapped, within
  ``settings.outside_tolerance_m`` of the city (the reference layers), or,
  with no reference, within ``settings.outlier_distance_m`` of the middle of
  the file's own points. Distances are measured in the projected CRS of
  ``geo.crs``, never in degrees.
- a whole file with latitude and longitude swapped, even with no other
  layer to compare with: when (nearly) every point, as given, lies south of
  :data:`NO_CITY_SOUTH_OF` (Antarctica and the Southern Ocean, where no city
  is) or outside the country of ``geo.crs.COLOMBIA_BOUNDS``, while with the
  two exchanged it lies north of that latitude or inside the country, the
  file is rejected with a message that says to exchange the two columns.
  (A Colombian city swapped always lands between 67° and 82° south.)
"""

from __future__ import annotations

from geo.validation.columns import CHOICE_ALIASES, KIND_ALIASES, accepted_names, column_names
from geo.validation.location import NO_CITY_SOUTH_OF
from geo.validation.parsing import _parse_datetimes
from geo.validation.report import Problem, RawTable, ReadResult, Report, Severity
from geo.validation.validator import validate_table

__all__ = [
    "CHOICE_ALIASES",
    "KIND_ALIASES",
    "NO_CITY_SOUTH_OF",
    "Problem",
    "RawTable",
    "ReadResult",
    "Report",
    "Severity",
    "_parse_datetimes",
    "accepted_names",
    "column_names",
    "validate_table",
]
