"""The exceptions Convivencia raises, on top of the built-ins.

Build the message first, naming the argument, file, row and column, then
raise it::

    msg = f"`incidents` row 17: `occurred_at` '31/02/2021' is not a date"
    raise ValidationError(msg)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from geo.validation import Report


class ConvivenciaError(Exception):
    """Base class of every error this package raises on purpose."""


class CodedError(ConvivenciaError, ValueError):
    """An analysis that cannot be done as asked, with a code the catalogue says in each language.

    ``str()`` is the English message; ``code`` and ``params`` fill the
    catalogue's ``<area>.error.<code>`` (:func:`catalog.say.error_text`), so
    the app and the CLI say it in the user's language.
    """

    def __init__(self, message: str, code: str = "", **params: object) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


class ValidationError(ConvivenciaError, ValueError):
    """Input data does not meet a layer's schema.

    Parameters
    ----------
    message
        What is wrong, naming file, row and column.
    report
        The full validation report, when there is one.
    """

    def __init__(self, message: str, report: Report | None = None) -> None:
        super().__init__(message)
        self.report = report


class FileFormatError(ConvivenciaError, ValueError):
    """A file cannot be read as the format its extension (or caller) says."""


class WorkspaceError(ConvivenciaError, OSError):
    """A workspace cannot be opened, read or written."""


class TooManyIncidents(ConvivenciaError, ValueError):
    """More incidents than a method can cluster in reasonable time.

    Parameters
    ----------
    message
        What happened and what to do instead.
    n, limit
        Incidents passing the filters, and the most the method accepts.

    Attributes
    ----------
    n, limit
        As given.
    """

    def __init__(self, message: str, *, n: int, limit: int) -> None:
        super().__init__(message)
        self.n = n
        self.limit = limit


class TooFewIncidents(ConvivenciaError, ValueError):
    """Fewer incidents pass the filters than an analysis needs.

    Parameters
    ----------
    message
        What happened.
    n, need
        Incidents passing the filters, and the fewest the analysis accepts.

    Attributes
    ----------
    n, need
        As given.
    """

    def __init__(self, message: str, *, n: int, need: int) -> None:
        super().__init__(message)
        self.n = n
        self.need = need


class MissingLayerError(ConvivenciaError, LookupError):
    """A workspace lacks a layer an analysis needs.

    The message says what the missing layer would add, so a page can show it
    instead of failing.
    """
