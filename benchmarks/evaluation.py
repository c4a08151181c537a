"""Monte Carlo of the impact evaluation's primary estimate, and its speed against statsmodels.

Usage::

    .venv/bin/python benchmarks/evaluation.py
    .venv/bin/python benchmarks/evaluation.py --seeds 2000 --units 60 --periods 40

Each seed draws a fresh panel of ``--units`` barrios over ``--periods``
periods, in the columns :func:`models.evaluation.fit_primary` reads
(``unit``, ``period``, ``y``, ``population``, ``group``, ``first``,
``neighbour_first``):

* a quarter of the barrios are treated, in three cohorts starting at the
  periods ``round(T x 10/32)``, ``round(T x 14/32)`` and
  ``round(T x 18/32)`` (10, 14 and 18 of 32); another quarter are their
  neighbours, in three cohorts with the same starts; the rest are controls;
* population uniform on 5,000-40,000, a barrio effect ``a ~ N(0, 0.4²)`` on
  the log scale, a period effect ``0.01 t + 0.15 sin(2 pi t / 4)`` (a trend
  and a yearly season in quarters);
* expected count ``mu = --level x population / 10,000 x exp(a + g_t) x
  (1 + effect)^treated-after-start x (1 + spill)^neighbour-after-start``,
  and the count a gamma-Poisson mixture, ``y ~ Poisson(mu G)`` with ``G ~
  Gamma(--shape, 1 / --shape)`` drawn per barrio and period: a negative
  binomial of size ``--shape`` (variance ``mu + mu² / shape``). With the
  defaults (level 0.5, shape 1) the mean count is about 1.4 and about 45 %
  of the barrio-periods are zero. The defaults (120 barrios, 32 quarters) are
  the design of the small Monte Carlo in ``tests/models/test_evaluation.py``
  (100 seeds there).

Three scenarios per seed, all with the same layout:

planted
    ``effect = -0.30`` in the treated barrios and ``spill = +0.15`` in the
    neighbours (the figures of the issue's exact-data test).
null
    no effect anywhere.
placebo
    all treated barrios (and neighbours) really start at ``round(T x
    20/32)`` (20 of 32) with the planted effects, the panel is cut to the
    periods before that start and a fake start eight periods earlier (two
    years of quarters) is given instead: no effect exists within the cut
    panel.

For each scenario the script prints, for the treated effect as a
proportional change ``exp(b) - 1``: the mean estimate, its bias against the
planted value, the RMSE, the share of 95 % intervals that cover the planted
value and the share of runs rejecting "no effect" at 5 % (the power in the
planted scenario, the false-positive rate in the other two).

ours
    :func:`models.evaluation.fit_primary`: pyfixest's ``fepois`` with barrio
    and period fixed effects, log-population offset, errors clustered by
    barrio (CRV1, as R's ``fixest``).
statsmodels glm
    ``statsmodels.api.GLM`` with the Poisson family on explicit dummies (one
    per barrio, one per period but the first, ``treat`` and ``neigh``), the
    log-population offset and ``cov_type="cluster"`` by barrio: the textbook
    way to fit the same model. It gets numpy arrays (no formula parsing, so
    its time is not padded); building the dummies is part of its time, as
    building the design is part of ours. Barrios with no incident at all are
    left out of its data (their effect goes to minus infinity; pyfixest
    drops them the same way and they do not move the other coefficients).

The point estimates of the two must agree (the script prints the largest
absolute difference of ``exp(b) - 1``; it should be about 1e-6 or less).
Their cluster-robust standard errors differ by the small-sample factor
(statsmodels counts every dummy in ``K``; fixest does not count fixed
effects nested in the clusters), so the peer's coverage is printed too.
A statsmodels fit takes about ten times ours, so it runs on the first
``--peer-seeds`` seeds of each scenario only (100 by default); its rows,
the time ratio and the largest difference are over those panels.
The last line is ``evaluation: coverage C, null rejection R, speed vs
statsmodels glm S`` with ``C`` our coverage in the planted scenario, ``R``
our rejection rate in the null scenario and ``S`` = statsmodels' mean time
per fit / ours on the same panels (above 1: ours is faster).
"""

from __future__ import annotations

import argparse
import math
import sys
import time
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np
import pandas as pd

from models.evaluation import fit_primary

#: The planted effects: treated barrios and their neighbours after their start.
EFFECT = -0.30
SPILL = 0.15
#: Cohort starts as fractions of the panel's length (10, 14 and 18 of 32 periods).
COHORTS = (10 / 32, 14 / 32, 18 / 32)
#: The placebo's real start (20 of 32) and how much earlier its fake start is.
PLACEBO_START = 20 / 32
PLACEBO_SHIFT = 8
#: Two-sided level.
ALPHA = 0.05
SCENARIOS = ("planted", "null", "placebo")


@dataclass(frozen=True, eq=False)
class Layout:
    """One seed's barrios: kinds, starts (NaN: none), population and log effect."""

    group: np.ndarray
    first: np.ndarray
    neighbour_first: np.ndarray
    population: np.ndarray
    alpha: np.ndarray


def treated_count(units: int) -> int:
    """Treated barrios (and as many neighbours) of a panel: a quarter, at least three."""
    return max(3, units // 4)


def layout(units: int, rng: np.random.Generator, starts: Sequence[int]) -> Layout:
    """A quarter treated and a quarter neighbours, split evenly over ``starts``; the rest
    controls."""
    k = treated_count(units)
    cohort = np.array([starts[i * len(starts) // k] for i in range(k)], dtype=float)
    group = np.array(["treated"] * k + ["neighbour"] * k + ["control"] * (units - 2 * k), object)
    first = np.full(units, np.nan)
    neighbour_first = np.full(units, np.nan)
    first[:k] = cohort
    neighbour_first[k : 2 * k] = cohort
    population = rng.integers(5_000, 40_001, units).astype(float)
    alpha = rng.normal(0.0, 0.4, units)
    return Layout(group, first, neighbour_first, population, alpha)


def expected(lay: Layout, periods: int, level: float, effect: float, spill: float) -> pd.DataFrame:
    """The panel frame with ``y`` its expectation ``mu`` (module docstring)."""
    n = len(lay.group)
    t = np.arange(periods)
    g = 0.01 * t + 0.15 * np.sin(2 * np.pi * t / 4)
    period = np.tile(t, n)
    first = np.repeat(lay.first, periods)
    nfirst = np.repeat(lay.neighbour_first, periods)
    mu = (
        level * np.repeat(lay.population / 1e4 * np.exp(lay.alpha), periods) * np.exp(np.tile(g, n))
    )
    mu = (
        mu * np.where(period >= first, 1 + effect, 1.0) * np.where(period >= nfirst, 1 + spill, 1.0)
    )
    return pd.DataFrame(
        {
            "unit": np.repeat([f"u{k:03d}" for k in range(n)], periods),
            "period": period,
            "y": mu,
            "population": np.repeat(lay.population, periods),
            "group": np.repeat(lay.group, periods),
            "first": first,
            "neighbour_first": nfirst,
        }
    )


def noisy(frame: pd.DataFrame, rng: np.random.Generator, shape: float) -> pd.DataFrame:
    """The frame with ``y`` a gamma-Poisson draw around its expectation."""
    out = frame.copy()
    mix = rng.gamma(shape, 1.0 / shape, len(out))
    out["y"] = rng.poisson(out["y"].to_numpy() * mix).astype(float)
    return out


def scenario(
    name: str, units: int, periods: int, level: float, shape: float, rng: np.random.Generator
) -> pd.DataFrame:
    """One noisy panel of a scenario (module docstring)."""
    if name == "placebo":
        real = round(periods * PLACEBO_START)
        lay = layout(units, rng, [real])
        frame = noisy(expected(lay, periods, level, EFFECT, SPILL), rng, shape)
        frame = frame[frame["period"] < real].reset_index(drop=True)
        fake = float(real - PLACEBO_SHIFT)
        frame["first"] = np.where(frame["first"].notna(), fake, np.nan)
        frame["neighbour_first"] = np.where(frame["neighbour_first"].notna(), fake, np.nan)
        return frame
    starts = [round(periods * c) for c in COHORTS]
    lay = layout(units, rng, starts)
    effect, spill = (EFFECT, SPILL) if name == "planted" else (0.0, 0.0)
    return noisy(expected(lay, periods, level, effect, spill), rng, shape)


@dataclass(frozen=True)
class Fit:
    """One fit's treated effect as a proportional change, its interval and p-value."""

    estimate: float
    ci_low: float
    ci_high: float
    p: float
    seconds: float


def ours(frame: pd.DataFrame) -> Fit:
    t = time.perf_counter()
    e = fit_primary(frame).treated
    return Fit(e.estimate, e.ci_low, e.ci_high, e.p, time.perf_counter() - t)


def statsmodels_glm(frame: pd.DataFrame) -> Fit:
    """Poisson GLM on explicit barrio and period dummies, offset, errors clustered by barrio."""
    import statsmodels.api as sm

    t = time.perf_counter()
    total = frame.groupby("unit")["y"].transform("sum").to_numpy()
    d = frame[total > 0]
    unit_codes, _ = pd.factorize(d["unit"])
    period_codes, _ = pd.factorize(d["period"], sort=True)
    period = d["period"].to_numpy()
    n = len(d)
    treat = (period >= d["first"].to_numpy()).astype(float)
    neigh = (period >= d["neighbour_first"].to_numpy()).astype(float)
    units = np.zeros((n, unit_codes.max() + 1))
    units[np.arange(n), unit_codes] = 1.0
    periods = np.zeros((n, period_codes.max() + 1))
    periods[np.arange(n), period_codes] = 1.0
    columns = [treat] + ([neigh] if neigh.any() else [])
    x = np.column_stack([*columns, units, periods[:, 1:]])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = sm.GLM(
            d["y"].to_numpy(),
            x,
            family=sm.families.Poisson(),
            offset=np.log(d["population"].to_numpy()),
        ).fit(cov_type="cluster", cov_kwds={"groups": unit_codes})
    b = float(fit.params[0])
    se = float(fit.bse[0])
    p = float(fit.pvalues[0])
    z = 1.959963984540054
    seconds = time.perf_counter() - t
    return Fit(math.expm1(b), math.expm1(b - z * se), math.expm1(b + z * se), p, seconds)


@dataclass
class Tally:
    """The runs of one method in one scenario."""

    truth: float
    fits: list[Fit] = field(default_factory=list)

    def row(self, label: str) -> str:
        est = np.array([f.estimate for f in self.fits])
        cover = np.mean([f.ci_low <= self.truth <= f.ci_high for f in self.fits])
        reject = np.mean([f.p < ALPHA for f in self.fits])
        bias = est.mean() - self.truth
        rmse = math.sqrt(float(np.mean((est - self.truth) ** 2)))
        return (
            f"  {label:<28} {self.truth:>+7.3f} {est.mean():>+9.4f} {bias:>+8.4f} "
            f"{rmse:>7.4f} {cover:>9.3f} {reject:>10.3f}"
        )

    @property
    def coverage(self) -> float:
        return float(np.mean([f.ci_low <= self.truth <= f.ci_high for f in self.fits]))

    @property
    def rejection(self) -> float:
        return float(np.mean([f.p < ALPHA for f in self.fits]))

    @property
    def seconds(self) -> float:
        return float(np.mean([f.seconds for f in self.fits]))


@dataclass(frozen=True, eq=False)
class Result:
    """The tallies by scenario and method, and the largest estimate difference."""

    ours: dict[str, Tally]
    peer: dict[str, Tally]
    max_difference: float
    zeros: float
    mean_count: float


def main(argv: Sequence[str] | None = None) -> Result:
    """Run the Monte Carlo, print it, and return its tallies."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--seeds", type=int, default=500, help="panels per scenario (500)")
    parser.add_argument("--units", type=int, default=120, help="barrios per panel (120)")
    parser.add_argument("--periods", type=int, default=32, help="periods per panel (32)")
    parser.add_argument("--level", type=float, default=0.5, help="counts per 10,000 (0.5)")
    parser.add_argument("--shape", type=float, default=1.0, help="gamma mixing shape (1)")
    parser.add_argument("--seed", type=int, default=0, help="first seed (0)")
    parser.add_argument(
        "--peer-seeds", type=int, default=100, help="seeds also fitted by statsmodels (100)"
    )
    args = parser.parse_args(argv)
    if args.periods < 2 * PLACEBO_SHIFT or args.units < 12:
        parser.error(f"--periods must be at least {2 * PLACEBO_SHIFT} and --units at least 12")
    if args.seeds < 1 or args.peer_seeds < 1:
        parser.error("--seeds and --peer-seeds must be at least 1")
    n_peer = min(args.seeds, args.peer_seeds)

    truth = {"planted": EFFECT, "null": 0.0, "placebo": 0.0}
    mine = {s: Tally(truth[s]) for s in SCENARIOS}
    peer = {s: Tally(truth[s]) for s in SCENARIOS}
    worst = 0.0
    zeros: list[float] = []
    counts: list[float] = []
    # pyfixest compiles its kernels on the first call: not part of any timed fit
    rng = np.random.default_rng([args.seed, len(SCENARIOS)])
    warm = scenario("planted", args.units, args.periods, args.level, args.shape, rng)
    fit_primary(warm)
    statsmodels_glm(warm)
    for k in range(args.seeds):
        for j, name in enumerate(SCENARIOS):
            rng = np.random.default_rng([args.seed + k, j])
            frame = scenario(name, args.units, args.periods, args.level, args.shape, rng)
            if name == "planted":
                zeros.append(float((frame["y"] == 0).mean()))
                counts.append(float(frame["y"].mean()))
            a = ours(frame)
            mine[name].fits.append(a)
            if k < n_peer:
                b = statsmodels_glm(frame)
                peer[name].fits.append(b)
                worst = max(worst, abs(a.estimate - b.estimate))

    starts = [round(args.periods * c) for c in COHORTS]
    real = round(args.periods * PLACEBO_START)
    k = treated_count(args.units)
    print(
        f"{args.seeds} seeds x 3 scenarios; {args.units} barrios ({k} treated in cohorts "
        f"starting at periods {', '.join(map(str, starts))}, {k} neighbours, "
        f"{args.units - 2 * k} controls) x {args.periods} periods"
    )
    print(
        f"counts: gamma-Poisson, level {args.level:g} per 10,000, shape {args.shape:g}; "
        f"mean {np.mean(counts):.2f} per barrio-period, {np.mean(zeros):.0%} zero"
    )
    print(
        f"placebo: real start at period {real} (effects {EFFECT:+.0%}/{SPILL:+.0%}), panel cut "
        f"to periods 0-{real - 1}, fake start at {real - PLACEBO_SHIFT}"
    )
    print(
        f"  {'scenario / method':<28} {'planted':>7} {'mean est':>9} {'bias':>8} "
        f"{'RMSE':>7} {'coverage':>9} {'rejection':>10}"
    )
    for name in SCENARIOS:
        print(mine[name].row(f"{name} / ours"))
        print(peer[name].row(f"{name} / statsmodels ({n_peer})"))
    t_ours = float(np.mean([f.seconds for s in SCENARIOS for f in mine[s].fits[:n_peer]]))
    t_peer = float(np.mean([f.seconds for s in SCENARIOS for f in peer[s].fits]))
    print(
        f"mean time per fit over the first {n_peer} seeds: ours {t_ours * 1000:.1f} ms, "
        f"statsmodels glm {t_peer * 1000:.1f} ms; max |difference| of the estimates {worst:.2e}"
    )
    print(
        f"evaluation: coverage {mine['planted'].coverage:.3f}, "
        f"null rejection {mine['null'].rejection:.3f}, "
        f"speed vs statsmodels glm {t_peer / t_ours:.2f}"
    )
    return Result(
        ours=mine,
        peer=peer,
        max_difference=worst,
        zeros=float(np.mean(zeros)),
        mean_count=float(np.mean(counts)),
    )


if __name__ == "__main__":
    main()
