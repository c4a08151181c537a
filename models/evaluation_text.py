"""The evaluation's results in words: the headline, the checks, displacement, the caveats.

Every sentence is a catalogue entry (``evaluation.*`` in
:mod:`catalog.evaluation`) filled with the facts of :mod:`models.evaluation`;
numbers go through :func:`catalog.say.number` and :func:`catalog.say.percent`.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from catalog.say import CATALOG, number, percent, say
from catalog.say import error_text as coded_error_text
from geo import schema
from models.evaluation import (
    ALPHA,
    MIN_PRE,
    Check,
    Estimate,
    EvaluationResult,
)

#: A WDQ within this of zero is neither displacement nor diffusion.
WDQ_NEUTRAL = 0.1


def p_value(p: float, lang: str) -> str:
    """A p-value for a cell: three decimals, or "< 0.001"."""
    if not math.isfinite(p):
        return number(math.nan, lang)
    return say("evaluation.p.small", lang) if p < 0.001 else number(p, lang, 3)


def p_text(p: float, lang: str) -> str:
    """A p-value for a sentence: "p = 0.015", "p < 0.001"."""
    if math.isfinite(p) and p < 0.001:
        return say("evaluation.p.below", lang, p=number(0.001, lang, 3))
    return say("evaluation.p.equals", lang, p=p_value(p, lang))


def period_label(period: pd.Period, lang: str) -> str:
    """``2020-T4`` / ``2020-Q4`` for a quarter, ``2020-11`` for a month."""
    if period.freqstr.startswith("Q"):
        return f"{period.year}-{'T' if lang == 'es' else 'Q'}{period.quarter}"
    return f"{period.year}-{period.month:02d}"


def outcome_subject(outcome: str, lang: str) -> str:
    """The outcome as a sentence's subject: "Violence", "Incidents of homicide"."""
    key = f"evaluation.outcome.{outcome}"
    if key in CATALOG:
        return say(key, lang)
    return say(
        "evaluation.outcome.category", lang, category=say(f"category.{outcome}", lang).lower()
    )


def outcome_name(outcome: str, lang: str) -> str:
    """The outcome's short name for a form or a table."""
    key = f"evaluation.outcome.name.{outcome}"
    return say(key, lang) if key in CATALOG else say(f"category.{outcome}", lang)


def _with(result: EvaluationResult, lang: str) -> str:
    spec = result.spec
    if spec.treatment == "territories":
        return say("evaluation.with.territories", lang)
    if not spec.components or set(spec.components) == set(schema.COMPONENTS):
        return say("evaluation.with.programs", lang)
    names = ", ".join(say(f"component.{c}", lang).lower() for c in spec.components)
    return say("evaluation.with.components", lang, components=names)


def ci_texts(e: Estimate, lang: str) -> tuple[str, str]:
    """An estimate's 95 % interval as two signed percentages."""
    return percent(e.ci_low, lang, signed=True), percent(e.ci_high, lang, signed=True)


def interval_text(low: float, high: float, lang: str) -> str:
    """An interval for a cell: ``-49 % … -27 %``."""
    return f"{percent(low, lang, signed=True)} … {percent(high, lang, signed=True)}"


def headline(result: EvaluationResult, lang: str) -> str:
    """The sentence: "Violence in the 21 barrios with gestores was 41 % lower than expected from
    comparable barrios (95 % CI -45 % to -37 %); neighbouring barrios changed +3 % (-4 % to
    +10 %), no sign of displacement." """
    t = result.analysis.primary.treated
    lo, hi = ci_texts(t, lang)
    if not t.significant:  # no direction to claim: the change and its interval only
        key = "evaluation.headline.none"
    else:
        key = "evaluation.headline.lower" if t.estimate < 0 else "evaluation.headline.higher"
    text = say(
        key,
        lang,
        outcome=outcome_subject(result.spec.outcome, lang),
        n=number(result.n_treated, lang),
        with_=_with(result, lang),
        pct=percent(abs(t.estimate), lang)
        if t.significant
        else percent(t.estimate, lang, signed=True),
        lo=lo,
        hi=hi,
    )
    n = result.analysis.primary.neighbours
    if n is None:
        sparse = result.analysis.neighbours_sparse
        return text + say(
            f"evaluation.headline.{'neighbours_sparse' if sparse else 'no_neighbours'}", lang
        )
    lo, hi = ci_texts(n, lang)
    return text + say(
        "evaluation.headline.neighbours",
        lang,
        pct=percent(n.estimate, lang, signed=True),
        lo=lo,
        hi=hi,
        verdict=say(f"evaluation.verdict.{verdict(n, t)}", lang, hi=hi),
    )


#: A neighbour interval reaching above this rise cannot be called "no sign of displacement".
NO_SIGN_MAX = 0.25


def verdict(neighbours: Estimate, treated: Estimate) -> str:
    """What the neighbours' change means. Displacement (or a diffusion of benefits) only when
    the treated barrios fell clearly and the neighbours clearly rose (or fell); a clear change
    without a clear fall in the treated barrios is ``rose`` or ``fell``; no clear change is
    ``none`` only when the interval rules out a rise above :data:`NO_SIGN_MAX`, else
    ``unclear`` (a rise up to its upper bound cannot be ruled out)."""
    if not neighbours.significant:
        return "none" if neighbours.ci_high <= NO_SIGN_MAX else "unclear"
    fell = treated.significant and treated.estimate < 0
    if neighbours.estimate > 0:
        return "displacement" if fell else "rose"
    return "diffusion" if fell else "fell"


def facts(result: EvaluationResult, lang: str) -> list[str]:
    """The sample, the minimum detectable effect, the pre-trend test and the randomisation."""
    p = result.panel
    a = result.analysis
    out = [
        say(
            "evaluation.sample",
            lang,
            treated=number(result.n_treated, lang),
            neighbours=number(result.n_neighbours, lang),
            controls=number(result.n_controls, lang),
            periods=number(p.n_periods, lang),
            steps=say(f"evaluation.steps.{p.step}", lang),
            first=period_label(p.periods[0], lang),
            last=period_label(p.periods[-1], lang),
            incidents=number(int(p.frame["y"].sum()), lang),
        ),
        say("evaluation.mde", lang, mde=percent(a.mde, lang)),
    ]
    if a.event.pre_trend_df:
        out.append(
            say(
                "evaluation.pretrend",
                lang,
                p=p_text(a.event.pre_trend_p, lang),
                df=number(a.event.pre_trend_df, lang),
                mean=percent(a.event.pre_mean, lang, signed=True),
                mean_p=p_text(a.event.pre_mean_p, lang),
            )
        )
    ri = a.randomisation
    if ri is not None:
        n = int(np.isfinite(ri.permuted).sum())
        out.append(
            say(
                "evaluation.randomisation" if ri.strata > 1 else "evaluation.randomisation.one",
                lang,
                p=p_text(ri.p, lang),
                n=number(n, lang),
                floor=number(1 / (1 + n), lang, 3),
            )
        )
    return out


def notes(result: EvaluationResult, lang: str) -> list[str]:
    """Where the starts come from, and every barrio, programme or incident left out."""
    tr = result.treatment
    out: list[str] = []
    if tr.origin == "programs":
        start = tr.barrios.loc[tr.barrios["group"] == "treated", "start"].min()
        out.append(
            say("evaluation.origin.programs", lang, start=pd.Timestamp(start).date().isoformat())
        )
    else:
        out.append(say(f"evaluation.origin.{tr.origin}", lang))
    listed = (
        ("evaluation.unplaced", tr.unplaced),
        ("evaluation.undated", tr.undated),
        ("evaluation.late", result.panel.late),
        ("evaluation.dropped", result.analysis.primary.dropped),
    )
    for key, ids in listed:
        if ids:
            out.append(say(key, lang, n=number(len(ids), lang), ids=", ".join(ids)))
    if result.panel.outside:
        out.append(say("evaluation.outside", lang, n=number(result.panel.outside, lang)))
    return out


def caveats(result: EvaluationResult, lang: str) -> list[str]:
    """The caveats that apply, in order."""
    out = []
    for code, params in result.caveats:
        said: dict[str, object] = {}
        for k, v in params.items():
            if k == "p" and isinstance(v, float):
                said[k] = p_text(v, lang)
            elif k == "mean" and isinstance(v, float):  # the average lead: a change
                said[k] = percent(v, lang, signed=True)
            elif isinstance(v, float):
                said[k] = number(v, lang, 1)
            else:
                said[k] = number(v, lang) if isinstance(v, int) else v
        if code == "early":
            said["pre"] = number(MIN_PRE, lang)
        out.append(say(f"evaluation.caveat.{code}", lang, **said))
    return out


def check_table(checks: list[Check], lang: str) -> pd.DataFrame:
    """The agreement table: method, estimate, 95 % interval, p-value, agreement."""
    rows = []
    for c in checks:
        e = c.estimate
        if c.method == "poisson":
            agrees = say("evaluation.agrees.primary", lang)
        elif c.method == "randomisation":
            agrees = say("evaluation.agrees.p_only", lang)
        elif c.agrees is None:  # a levels effect larger than the treated barrios' whole rate
            agrees = say("evaluation.agrees.not_comparable", lang)
        else:
            agrees = say(f"evaluation.agrees.{'yes' if c.agrees else 'no'}", lang)
        # a levels estimate's interval, scaled linearly, can pass -100 %: no count falls further
        low = max(e.ci_low, -1.0)
        interval = "–" if not math.isfinite(e.ci_low) else interval_text(low, e.ci_high, lang)
        rows.append(
            {
                "method": say(f"evaluation.method.{c.method}", lang),
                "estimate": percent(e.estimate, lang, signed=True),
                "ci": interval,
                "p": p_value(e.p, lang),
                "agreement": agrees,
            }
        )
    return pd.DataFrame(rows)


def displacement_sentences(result: EvaluationResult, lang: str) -> list[str]:
    """The counts before and after, the WDQ and the WDD in words. The WDQ is read only when the
    treated barrios fell clearly against the controls (the primary model): a quotient over a
    change that chance could make means nothing."""
    d = result.analysis.displacement
    step = result.spec.step
    t = result.analysis.primary.treated
    if d is None:
        return [say("evaluation.displacement.none", lang)]
    out = [
        say(
            "evaluation.displacement.counts",
            lang,
            span=number(d.periods, lang),
            steps=say(f"evaluation.steps.{step}", lang),
            tb=number(d.t_before, lang),
            ta=number(d.t_after, lang),
            db=number(d.d_before, lang),
            da=number(d.d_after, lang),
            cb=number(d.c_before, lang),
            ca=number(d.c_after, lang),
        )
    ]
    if not math.isfinite(d.wdq):
        out.append(say("evaluation.wdq.undefined", lang))
    elif not (t.significant and t.estimate < 0):
        out.append(say("evaluation.wdq.unclear", lang, wdq=number(d.wdq, lang, 2)))
    else:
        if d.wdq > WDQ_NEUTRAL:
            kind = "diffusion"
        elif d.wdq >= -WDQ_NEUTRAL:
            kind = "neutral"
        elif d.wdq >= -1:
            kind = "some"
        else:
            kind = "net_harm"
        out.append(say(f"evaluation.wdq.{kind}", lang, wdq=number(d.wdq, lang, 2)))
    w = d.wdd
    if math.isfinite(w.p):
        kind = "unclear" if w.p >= ALPHA else ("fewer" if w.estimate < 0 else "more")
        out.append(
            say(
                f"evaluation.wdd.{kind}",
                lang,
                wdd=number(w.estimate, lang),
                se=number(w.se, lang),
                p=p_text(w.p, lang),
            )
        )
    return out


def error_text(exc: Exception, lang: str) -> str:
    """An error of the evaluation said in ``lang`` (its English message when it has no code)."""
    return coded_error_text(exc, "evaluation", lang)


__all__ = [
    "caveats",
    "check_table",
    "ci_texts",
    "displacement_sentences",
    "error_text",
    "facts",
    "headline",
    "interval_text",
    "notes",
    "outcome_name",
    "outcome_subject",
    "p_text",
    "p_value",
    "period_label",
    "verdict",
]
