"""The trends' sentences and tables in one language, from ``catalog.trends``.

:func:`sentences` states the result's facts (the comparison's verdict, the
weekly rhythm, the busiest days, the homicide rate against the epidemic
threshold, the near repeats); :func:`tables` gives the tables that
``cli.py trends`` writes and the page downloads, with labels (categories,
groups, weekdays, holidays) in the language and numbers as numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from catalog.say import MISSING, number, percent, say
from models.nearrepeat import TABLE_COLUMNS
from models.trends import GROUPS, TrendResult

#: The tables, in the order they are written.
TABLES: tuple[str, ...] = ("series", "homicide_rate", "rhythm", "days", "comparison", "knox")


def day_text(day: object) -> str:
    """A date as ``YYYY-MM-DD`` (ISO: the same in both languages)."""
    return str(pd.Timestamp(str(day)).date().isoformat())


def month_text(month: object, lang: str) -> str:
    """A month as ``ene 2025`` / ``Jan 2025``."""
    stamp = pd.Timestamp(str(month))
    return f"{say(f'month.short.{stamp.month}', lang)} {stamp.year}"


def period_text(start: object, end: object, lang: str) -> str:
    """``2025-01-01 a 2025-12-31`` / ``... to ...``."""
    return say("trends.period", lang, start=day_text(start), end=day_text(end))


def _change_parts(ratio: float, low: float, high: float, lang: str) -> tuple[str, str, str]:
    """A ratio and its interval as signed changes: ``+12 %``, ``-5 %``, ``+30 %`` (``nuevo``
    for an infinite ratio, a dash for an infinite upper bound)."""
    change = (
        percent(ratio - 1, lang, signed=True)
        if math.isfinite(ratio)
        else say("trends.change.new", lang)
    )
    high_text = MISSING if math.isinf(high) else percent(high - 1, lang, signed=True)
    return change, percent(low - 1, lang, signed=True), high_text


def change_text(ratio: float, low: float, high: float, chance: bool, lang: str) -> str:
    """A change with its interval: ``+12 % (-5 % a +30 %)``, or ``+12 % · azar``."""
    if ratio is None or (isinstance(ratio, float) and math.isnan(ratio)):
        return say("trends.change.none", lang)
    change, low_text, high_text = _change_parts(ratio, low, high, lang)
    if chance:
        return say("trends.change.chance", lang, change=change)
    if math.isinf(ratio):
        return change  # "new": from none to more than chance gives
    return say("trends.change", lang, change=change, low=low_text, high=high_text)


def row_change(row: pd.Series, suffix: str, lang: str) -> str:
    """:func:`change_text` of a comparison row against ``before`` or ``year``."""
    return change_text(
        float(row[f"ratio_{suffix}"]),
        float(row[f"low_{suffix}"]),
        float(row[f"high_{suffix}"]),
        bool(row[f"chance_{suffix}"]),
        lang,
    )


def group_label(code: str, lang: str) -> str:
    """A category group's name, or ``Total`` for ``all``."""
    return say(f"trends.group.{code}", lang)


def what_label(level: str, code: str, name: str, lang: str) -> str:
    """The row of a comparison: the total, a group, a category or a barrio."""
    if level == "total":
        return say("trends.group.all", lang)
    if level == "group":
        return group_label(code, lang)
    if level == "category":
        return say(f"category.{code}", lang)
    return f"{name} ({code})" if name else code


def special_label(codes: str, own: str, lang: str) -> str:
    """The holidays' names on a day (``;``-joined codes) and the user's own labels."""
    names = [say(f"calendar.day.{c}", lang) for c in codes.split(";") if c]
    names += [o for o in own.split(";") if o]
    return "; ".join(names)


@dataclass(frozen=True)
class Sentences:
    """The result's facts in words (``None`` where there is nothing to say)."""

    comparison: str | None
    rhythm: str | None
    counted: str
    days: list[str]
    homicide: str | None
    knox: str | None


def _comparison(result: TrendResult, lang: str) -> str | None:
    total = result.comparison[result.comparison["level"] == "total"]
    if not len(total) or not result.periods.before_covered:
        return None
    row = total.iloc[0]
    ratio, low, high = (
        float(row["ratio_before"]),
        float(row["low_before"]),
        float(row["high_before"]),
    )
    if math.isnan(ratio):
        return None
    verdict = "chance" if bool(row["chance_before"]) else ("up" if ratio > 1 else "down")
    now = result.periods.now
    change, low_text, high_text = _change_parts(ratio, low, high, lang)
    return say(
        "trends.compare.sentence",
        lang,
        now=period_text(now.start, now.end, lang),
        n=number(int(row["now"]), lang),
        n_before=number(int(row["before"]), lang),
        change=change,
        low=low_text,
        high=high_text,
        verdict=say(f"trends.compare.verdict.{verdict}", lang),
    )


def _rhythm(result: TrendResult, lang: str) -> str | None:
    rh = result.rhythm
    top = rh.busiest(1)
    if not top:
        return None
    share, hours = rh.weekend_nights()
    day, hour, _ = top[0]
    return say(
        "trends.rhythm.sentence",
        lang,
        hours=percent(hours, lang),
        share=percent(share, lang),
        what=say(f"trends.rhythm.what.{rh.measure}", lang),
        day=say(f"weekday.{day}", lang),
        hour=f"{hour:02d}",
    )


def _days(result: TrendResult, lang: str) -> list[str]:
    d = result.days
    if math.isnan(d.share):
        return []
    if d.busy_days <= d.top_days:
        # every day with an incident is among the busiest: the share says nothing
        return [
            say(
                "trends.days.sparse",
                lang,
                busy=number(d.busy_days, lang),
                days=number(d.days, lang),
            )
        ]
    what = say("trends.days.what", lang)
    if result.spec.measure == "count":
        out = [
            say(
                "trends.days.sentence",
                lang,
                busiest=percent(result.spec.busiest, lang),
                top=number(d.top_days, lang),
                days=number(d.days, lang),
                share=percent(d.share, lang),
                what=what,
                reference=percent(d.reference, lang),
            )
        ]
    else:
        out = [
            say(
                "trends.days.sentence.harm",
                lang,
                busiest=percent(result.spec.busiest, lang),
                top=number(d.top_days, lang),
                days=number(d.days, lang),
                share=percent(d.share, lang),
            )
        ]
    if not math.isnan(d.violence_share):
        key = (
            "trends.days.violence"
            if math.isnan(d.violence_reference)
            else "trends.days.violence.ref"
        )
        out.append(
            say(
                key,
                lang,
                share=percent(d.violence_share, lang),
                reference=percent(d.violence_reference, lang),
            )
        )
    if d.special_days_share > 0 and not math.isnan(d.special_share):
        out.append(
            say(
                "trends.days.special",
                lang,
                days=percent(d.special_days_share, lang),
                share=percent(d.special_share, lang),
                what=what,
            )
        )
    return out


def _homicide(result: TrendResult, lang: str) -> str | None:
    rates = result.homicide.dropna(subset=["rate"])
    if not len(rates):
        return None
    row = rates.iloc[-1]
    return say(
        "trends.homicide.sentence",
        lang,
        month=month_text(row["month"], lang),
        n=number(int(row["last_12"]), lang),
        rate=number(float(row["rate"]), lang, 1),
        side=say(f"trends.homicide.{'above' if row['epidemic'] else 'below'}", lang),
    )


def _knox(result: TrendResult, lang: str) -> str | None:
    facts = None if result.knox is None else result.knox.near_repeat(within=1)
    if facts is None:
        return None
    cats = result.spec.categories
    if cats is not None and len(cats) == 1:
        after = say("trends.knox.after.one", lang, what=say(f"category.{cats[0]}", lang).lower())
    else:
        after = say("trends.knox.after.any", lang)
    return say(
        "trends.knox.sentence",
        lang,
        after=after,
        distance=number(facts.distance_to, lang),
        days=number(facts.days_to, lang),
        ratio=number(facts.ratio, lang, 1),
        p=number(facts.p, lang, 3),
    )


def sentences(result: TrendResult, lang: str) -> Sentences:
    """Every sentence of a result, in ``lang``."""
    rh = result.rhythm
    return Sentences(
        comparison=_comparison(result, lang),
        rhythm=_rhythm(result, lang),
        counted=say(
            "trends.rhythm.counted",
            lang,
            timed=number(rh.timed, lang),
            spread=number(rh.spread, lang),
            apart=number(rh.apart, lang),
        ),
        days=_days(result, lang),
        homicide=_homicide(result, lang),
        knox=_knox(result, lang),
    )


def knox_band(lo: float, hi: float, unit: str, lang: str) -> str:
    """A band's label: ``0–100 m``, ``8–14 días``, ``más de 500 m``."""
    if unit == "m":
        if math.isnan(hi):
            return say("trends.knox.beyond.m", lang, lo=number(lo, lang))
        return say("trends.knox.band", lang, lo=number(lo, lang), hi=number(hi, lang))
    if math.isnan(hi):
        return say("trends.knox.beyond.days", lang, lo=number(lo, lang))
    first = 0 if lo == 0 else int(lo) + 1
    return say("trends.knox.band.days", lang, lo=number(first, lang), hi=number(hi, lang))


def tables(result: TrendResult, lang: str) -> dict[str, pd.DataFrame]:
    """The six tables (:data:`TABLES`) as written by ``cli.py trends``.

    Columns keep their codes (as every download of the app does), labels
    are in ``lang``:

    ``series``
        ``period``, ``period_end``, ``days``, ``complete``, ``group`` (the
        group's name), ``count``, ``harm``, ``rate``, ``moving``.
    ``homicide_rate``
        ``month``, ``homicides``, ``last_12``, ``rate``, ``epidemic``.
    ``rhythm``
        ``weekday`` (0 = Monday), ``day`` (its name), ``hour`` (0-23; blank
        for the row of the incidents counted apart), ``value``.
    ``days``
        ``date``, ``day``, ``count``, ``harm``, ``times_usual``, ``special``.
    ``comparison``
        ``level``, ``code``, ``what``, the counts, rates, ratios, intervals
        and p-values of :func:`models.trends.compare`.
    ``knox``
        ``distance``, ``days``, the band bounds, ``observed``,
        ``expected``, ``ratio``, ``p``, ``significant``.
    """
    series = result.series.copy()
    series["group"] = [group_label(g, lang) for g in series["group"]]
    rh = result.rhythm
    rows = [
        {"weekday": d, "day": say(f"weekday.{d}", lang), "hour": h, "value": float(rh.grid[d, h])}
        for d in range(7)
        for h in range(24)
    ]
    rows += [
        {
            "weekday": d,
            "day": say(f"weekday.{d}", lang),
            "hour": np.nan,
            "value": float(rh.apart_by_day[d]),
        }
        for d in range(7)
    ]
    rhythm = pd.DataFrame(rows)
    days = result.days.table
    day_table = pd.DataFrame(
        {
            "date": [day_text(d) for d in days["date"]],
            "day": [say(f"weekday.{int(d)}", lang) for d in days["weekday"]],
            "count": days["count"].to_numpy(),
            "harm": days["harm"].to_numpy(),
            "times_usual": days["times_usual"].to_numpy(),
            "special": [
                special_label(c, o, lang) for c, o in zip(days["special"], days["own"], strict=True)
            ],
        }
    )
    comp = result.comparison.copy()
    comp.insert(
        2,
        "what",
        [
            what_label(lv, c, n, lang)
            for lv, c, n in zip(comp["level"], comp["code"], comp["name"], strict=True)
        ],
    )
    comp["level"] = [say(f"trends.level.{lv}", lang) for lv in comp["level"]]
    comp = comp.drop(columns="name")
    kt = (
        result.knox.table.copy()
        if result.knox is not None
        else pd.DataFrame(columns=list(TABLE_COLUMNS))
    )
    kt.insert(
        0,
        "distance",
        [
            knox_band(a, b, "m", lang)
            for a, b in zip(kt["distance_from"], kt["distance_to"], strict=True)
        ],
    )
    kt.insert(
        1,
        "days",
        [knox_band(a, b, "d", lang) for a, b in zip(kt["days_from"], kt["days_to"], strict=True)],
    )
    homicide = result.homicide.copy()
    return {
        "series": series,
        "homicide_rate": homicide,
        "rhythm": rhythm,
        "days": day_table,
        "comparison": comp,
        "knox": kt,
    }


__all__ = ["GROUPS", "TABLES", "Sentences", "change_text", "sentences", "tables"]
