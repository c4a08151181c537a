"""Incidents as arrays, and the two windows the recommendations compare."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from models.events import CODES, Events, Window


def test_a_window_of_months_and_the_one_before() -> None:
    w = Window.ending(date(2025, 6, 15), 12)
    assert (w.start, w.end) == (date(2024, 6, 16), date(2025, 6, 15))
    assert (w.before_start, w.before_end) == (date(2023, 6, 16), date(2024, 6, 15))
    when = pd.to_datetime(
        [
            "2024-06-15 23:59",
            "2024-06-16 00:00",
            "2025-06-15 23:59",
            "2025-06-16 00:00",
            "2023-06-16 00:00",
        ]
    ).to_numpy(dtype="datetime64[ns]")
    now, before = w.masks(when)
    assert now.tolist() == [False, True, True, False, False]
    assert before.tolist() == [True, False, False, False, True]


def test_a_window_between_two_days_and_as_many_days_before() -> None:
    w = Window.between(date(2025, 1, 1), date(2025, 1, 31))
    assert w.days == 31
    assert (w.before_start, w.before_end) == (date(2024, 12, 1), date(2024, 12, 31))
    with pytest.raises(ValueError, match="after its end"):
        Window.between(date(2025, 2, 1), date(2025, 1, 1))
    with pytest.raises(ValueError, match="at least 1"):
        Window.ending(date(2025, 1, 1), 0)


def test_events_from_a_frame_code_categories_and_harm() -> None:
    frame = pd.DataFrame(
        {
            "category": ["homicide", "noise", "unknown"],
            "occurred_at": pd.to_datetime(["2024-01-01", "2024-02-01", None]),
        }
    )
    ev = Events.from_frame(frame, np.array([1.0, 2.0, 3.0]), np.array([4.0, 5.0, 6.0]))
    assert ev.code.tolist() == [CODES.index("homicide"), CODES.index("noise"), -1]
    assert ev.harm.tolist() == [5475.0, 1.0, 0.0]
    assert ev.is_category(["noise"]).tolist() == [False, True, False]
    assert ev.last_day() == date(2024, 2, 1)
    with pytest.raises(ValueError, match="one value per incident"):
        Events(x=np.zeros(2), y=np.zeros(3), code=np.zeros(2), when=np.zeros(2))


def test_events_take_the_end_of_each_range_when_the_frame_has_it() -> None:
    frame = pd.DataFrame(
        {
            "category": ["theft", "theft", "noise", "theft"],
            "occurred_at": pd.to_datetime(
                ["2024-01-01 10:00", "2024-01-02 00:00", "2024-01-03 00:00", "2024-01-04 00:00"]
            ),
            "occurred_to": pd.to_datetime(
                [
                    "2024-01-01 16:00:00",  # a range
                    "2024-01-02 23:59:59",  # only a date
                    None,  # an exact time at 00:00
                    "2024-01-05 23:59:59",  # two days: a range, not a date
                ]
            ),
        }
    )
    ev = Events.from_frame(frame, np.zeros(4), np.zeros(4))
    assert ev.until is not None and ev.until.dtype == np.dtype("datetime64[ns]")
    assert np.isnat(ev.until).tolist() == [False, False, True, False]
    assert ev.until[0] == np.datetime64("2024-01-01T16:00", "ns")
    assert ev.date_only.tolist() == [False, True, False, False]
    # without the column: no ends, and no row has only a date
    plain = Events.from_frame(frame.drop(columns="occurred_to"), np.zeros(4), np.zeros(4))
    assert plain.until is None
    assert plain.date_only.tolist() == [False] * 4


def test_events_refuse_an_until_of_another_length() -> None:
    when = np.zeros(2, dtype="datetime64[ns]")
    with pytest.raises(ValueError, match="`until` must have one value per incident"):
        Events(x=np.zeros(2), y=np.zeros(2), code=np.zeros(2), when=when, until=when[:1])
