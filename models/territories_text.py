"""The territories' results in words: the definition, the headline, one sentence per team.

Every sentence is a catalogue entry (``territories.*`` in
:mod:`catalog.territories`) filled with the facts of
:mod:`models.territories`; numbers go through :func:`catalog.say.number` and
:func:`catalog.say.percent`, so both languages get their separators.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from catalog.say import error_text as coded_error_text
from catalog.say import number, percent, say
from models.districting import Link
from models.territories import (
    Headline,
    TerritoryEvaluation,
    TerritoryProposal,
    Workload,
)

#: Within this share of the target a team counts as at it.
AT_TARGET = 0.05


def workload_text(w: Workload, lang: str) -> str:
    """What the workload is, with its window: the sentence under the figures."""
    if w.column:
        return say("territories.workload.column", lang, column=w.balance)
    if w.start is None or w.end is None:
        return say(f"territories.workload.{w.balance}", lang, start="–", end="–")
    return say(
        f"territories.workload.{w.balance}",
        lang,
        start=w.start.isoformat(),
        end=w.end.isoformat(),
    )


def balance_name(balance: str, lang: str) -> str:
    """The short name of a workload definition (a column's own name)."""
    key = f"territories.balance.{balance}"
    from catalog.say import CATALOG

    return say(key, lang) if key in CATALOG else balance


def team_name(row: pd.Series, lang: str) -> str:
    """The team's name, or "new territory N1" for a territory the proposal adds."""
    team = str(row.get("team", "") or "")
    if team and team != "nan":
        return team
    return say("territories.team.new", lang, id=row["territory_id"])


def _vs_target(vs: float, lang: str) -> str:
    if not math.isfinite(vs):
        return say("territories.team.no_target", lang)
    if abs(vs) < AT_TARGET:
        return say("territories.team.at_target", lang, pct=percent(AT_TARGET, lang))
    key = "territories.team.above" if vs > 0 else "territories.team.below"
    return say(key, lang, pct=percent(abs(vs), lang))


def team_sentences(teams: pd.DataFrame, lang: str) -> list[str]:
    """One plain sentence per team, in the table's order.

    "Equipo Garza: 31 % above the target workload with 12 gestores (412 per
    gestor, the heaviest); its territory is the least compact."
    """
    out: list[str] = []
    pp = teams["polsby_popper"].to_numpy(float)
    per = teams["workload_per_gestor"].to_numpy(float)
    several = len(teams) > 1
    least = int(np.nanargmin(pp)) if several and np.isfinite(pp).any() else -1
    most = int(np.nanargmax(pp)) if several and np.isfinite(pp).any() else -1
    heaviest = int(np.nanargmax(per)) if several and np.isfinite(per).any() else -1
    for k, (_, row) in enumerate(teams.iterrows()):
        parts = [_vs_target(float(row["vs_target"]), lang)]
        g = float(row["gestores"])
        if math.isfinite(g) and g > 0:
            key = (
                "territories.team.gestores_heaviest"
                if k == heaviest
                else "territories.team.gestores"
            )
            parts.append(
                say(
                    key,
                    lang,
                    n=number(int(g), lang),
                    per=number(float(row["workload_per_gestor"]), lang),
                )
            )
        shape = []
        if int(row["parts"]) > 1:
            shape.append(say("territories.team.pieces", lang, n=number(int(row["parts"]), lang)))
        if k == least:
            shape.append(say("territories.team.least_compact", lang))
        elif k == most:
            shape.append(say("territories.team.most_compact", lang))
        sentence = " ".join(parts)
        if shape:
            sentence += "; " + say("territories.team.and", lang).join(shape)
        out.append(say("territories.team.sentence", lang, team=team_name(row, lang), text=sentence))
    return out


def figure_texts(h: Headline, lang: str) -> dict[str, str]:
    """The headline's figures as shown: ``teams``, ``cv`` (2 decimals), ``ratio`` (max/min, 1
    decimal) and ``outside`` (the workload's share outside every territory)."""
    return {
        "teams": number(h.teams, lang),
        "cv": number(h.cv, lang, 2),
        "ratio": number(h.max_min, lang, 1),
        "outside": percent(h.outside_share, lang),
    }


def headline_sentences(h: Headline, lang: str) -> list[str]:
    """The balance and the need outside, in two or three sentences."""
    out = []
    if math.isfinite(h.cv):
        ratio = (
            say("territories.headline.ratio", lang, ratio=number(h.max_min, lang, 1))
            if h.max_min is not None
            else say("territories.headline.ratio_none", lang)
        )
        out.append(
            say(
                "territories.headline.balance",
                lang,
                teams=number(h.teams, lang),
                cv=number(h.cv, lang, 2),
                ratio=ratio,
            )
        )
    if h.outside_barrios:
        out.append(
            say(
                "territories.headline.outside",
                lang,
                share=percent(h.outside_share, lang),
                n=number(h.outside_barrios, lang),
            )
        )
    else:
        out.append(say("territories.headline.all_inside", lang))
    need = [
        say(key, lang, n=number(n or 0, lang), k=number(k, lang))
        for key, n, k in (
            ("territories.headline.priority", h.priority_outside, h.priority_checked),
            ("territories.headline.hotspots", h.hotspots_outside, h.hotspots_checked),
        )
        if k
    ]
    if need:
        out.append(
            say(
                "territories.headline.need", lang, what=say("territories.team.and", lang).join(need)
            )
        )
    return out


def link_sentences(links: Sequence[Link], names: Sequence[str], lang: str) -> list[str]:
    """One sentence per link the adjacency needed (an island, a cut-off group)."""
    out = []
    for k in links:
        key = "territories.link.island" if k.island else "territories.link.group"
        out.append(say(key, lang, a=names[k.a], b=names[k.b], m=number(round(k.distance_m), lang)))
    return out


def proposal_sentence(p: TerritoryProposal, lang: str) -> str:
    """Before and after in one sentence (the CLI's and the page's summary)."""
    after = figure_texts(p.headline, lang)
    if p.before is None:
        return say(
            "territories.proposal.scratch",
            lang,
            k=after["teams"],
            cv=after["cv"],
            ratio=after["ratio"],
        )
    before = figure_texts(p.before.headline, lang)
    return say(
        "territories.proposal.summary",
        lang,
        k=after["teams"],
        cv0=before["cv"],
        cv1=after["cv"],
        ratio0=before["ratio"],
        ratio1=after["ratio"],
        moved=number(p.moved, lang),
        added=number(p.added, lang),
    )


def error_text(exc: Exception, lang: str) -> str:
    """An error of the territories said in ``lang`` (its English message when it has no code)."""
    return coded_error_text(exc, "territories", lang)


def evaluation_sentences(ev: TerritoryEvaluation, lang: str) -> list[str]:
    """The workload's definition, then the headline's sentences."""
    return [workload_text(ev.workload, lang), *headline_sentences(ev.headline, lang)]


__all__ = [
    "AT_TARGET",
    "balance_name",
    "error_text",
    "figure_texts",
    "evaluation_sentences",
    "headline_sentences",
    "link_sentences",
    "proposal_sentence",
    "team_name",
    "team_sentences",
    "workload_text",
]
