"""The public-spaces recommendation end to end: inputs, score, demand, portfolio, table.

:func:`recommend_parks` is what the Public spaces page and ``cli.py recommend
parks`` call: it measures and scores every space
(:mod:`models.recommend.parks`), builds the demand the portfolio covers and
chooses the portfolio within the budget (:mod:`models.recommend.portfolio`).
:func:`result_table` is the one table both write, one row per space.

Demand
------
The portfolio covers *demand cells*: squares of ``PortfolioSpec.cell``
metres. With ``demand="harm"`` a cell weighs the harm of the incidents of
the last window inside it (cells without harm are left out: they add
nothing); with ``"residents"`` or ``"youth"`` it weighs the residents (or
young residents) of the neighbourhoods it lies in, spread by area. A cell
is covered by a space when its centre lies in the space's catchment of
``ParkSpec.radius``, and counted once however many chosen spaces cover it.
With ``served_by_active`` a cell already inside an active space's
catchment is served and counts nothing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import cast

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.errors import ConvivenciaError
from geo.interpolate import area_shares
from geo.workspace import Workspace
from models.events import Events
from models.recommend.parks import (
    COMPONENTS,
    ParkIndicators,
    ParkScores,
    ParkSpec,
    PortfolioSpec,
    explain_space,
    park_indicators,
    park_scores,
)
from models.recommend.portfolio import Portfolio, coverage_matrix, solve_portfolio


class PortfolioError(ConvivenciaError, ValueError):
    """The portfolio's constraints name a space that cannot take them (unknown, active)."""


@dataclass(frozen=True, eq=False)
class ParkInputs:
    """The layers the recommendation reads, in the workspace's projected CRS."""

    spaces: gpd.GeoDataFrame
    events: Events
    hoods: gpd.GeoDataFrame | None = None
    territories: gpd.GeoDataFrame | None = None
    streets: gpd.GeoDataFrame | None = None

    @classmethod
    def from_workspace(cls, ws: Workspace, events: Events | None = None) -> ParkInputs:
        """Read the layers of ``ws`` (the incidents too, unless given)."""
        spaces = ws.read("public_spaces", projected=True)
        return cls(
            spaces=spaces,
            events=events if events is not None else Events.from_workspace(ws),
            hoods=ws.read_optional("neighborhoods", projected=True),
            territories=ws.read_optional("territories", projected=True),
            streets=ws.read_optional("streets", projected=True),
        )


@dataclass(frozen=True, eq=False)
class ParkRecommendation:
    """Everything the page and the CLI show.

    Attributes
    ----------
    indicators, scores
        The measures and the ranking (:mod:`models.recommend.parks`).
    portfolio
        The chosen set (``None`` without a :class:`PortfolioSpec`).
    candidates
        The space ids the portfolio chose from, in its column order.
    demand
        The demand cells: ``x``, ``y`` (centres), ``weight``, ``served``
        (already inside an active space's catchment), ``covered`` (by the
        recommended portfolio).
    uncosted
        Candidates without an ``activation_cost``: left out of the
        portfolio (they cannot be budgeted) and listed, never silently.
    """

    indicators: ParkIndicators
    scores: ParkScores
    portfolio: Portfolio | None
    candidates: tuple[str, ...]
    demand: pd.DataFrame
    spec: ParkSpec
    portfolio_spec: PortfolioSpec | None
    uncosted: tuple[str, ...] = field(default=())


def recommend_parks(
    inputs: ParkInputs, spec: ParkSpec, portfolio: PortfolioSpec | None = None
) -> ParkRecommendation:
    """Score every space and, with a ``portfolio`` spec, choose the set to activate.

    Raises
    ------
    PortfolioError
        When a must-include or excluded id is not a space, or a must is already active.
    models.recommend.portfolio.InfeasiblePortfolio
        When the constraints cannot all hold within the budget.
    """
    ind = park_indicators(
        inputs.spaces,
        inputs.events,
        spec=spec,
        hoods=inputs.hoods,
        territories=inputs.territories,
        streets=inputs.streets,
    )
    scores = park_scores(ind, spec)
    table = scores.table
    if portfolio is None:
        return ParkRecommendation(ind, scores, None, (), pd.DataFrame(), spec, None)
    ids = table["space_id"].astype(str)
    _check_ids(portfolio, ids, table["activation_status"])
    cost = pd.to_numeric(table["activation_cost"], errors="coerce")
    cand = table["candidate"].to_numpy() & cost.notna().to_numpy()
    uncosted = tuple(ids[table["candidate"].to_numpy() & cost.isna().to_numpy()])
    missing_must = sorted(set(portfolio.must) & set(uncosted))
    if missing_must:
        msg = f"space {', '.join(missing_must)} must be chosen but has no activation_cost"
        raise PortfolioError(msg)
    cand_ids = tuple(ids[cand])
    zones = ind.catchments[ind.catchments["radius_m"] == spec.radius].set_index("space_id")
    demand = demand_cells(inputs, ind, portfolio)
    xy = demand[["x", "y"]].to_numpy()
    cover = coverage_matrix(xy, list(zones.loc[list(cand_ids)].geometry))
    active_ids = list(ids[table["activation_status"].to_numpy() == "active"])
    served = np.zeros(len(demand), dtype=bool)
    if portfolio.served_by_active and active_ids:
        served = (
            np.asarray(
                coverage_matrix(xy, list(zones.loc[active_ids].geometry)).sum(axis=1)
            ).ravel()
            > 0
        )
    demand["served"] = served
    position = {s: k for k, s in enumerate(cand_ids)}
    groups = None
    if portfolio.per_comuna:
        groups = table.loc[cand, "comuna"].astype(str).to_numpy()
    result = solve_portfolio(
        cover,
        demand["weight"].to_numpy(dtype=float),
        cost[cand].to_numpy(dtype=float),
        float(portfolio.budget),
        must=[position[s] for s in portfolio.must],
        exclude=[position[s] for s in portfolio.exclude if s in position],
        groups=groups,
        per_group=portfolio.per_comuna,
        already_covered=served,
    )
    chosen = np.zeros(len(cand_ids), dtype=bool)
    chosen[list(result.recommended.chosen)] = True
    demand["covered"] = (
        np.asarray(cover[:, np.flatnonzero(chosen)].sum(axis=1)).ravel() > 0
    ) & ~served
    return ParkRecommendation(
        ind, scores, result, cand_ids, demand, spec, portfolio, uncosted=uncosted
    )


def _check_ids(spec: PortfolioSpec, ids: pd.Series, status: pd.Series) -> None:
    known = set(ids)
    unknown = sorted((set(spec.must) | set(spec.exclude)) - known)
    if unknown:
        msg = f"no public space has the id {', '.join(unknown)}"
        raise PortfolioError(msg)
    active = set(ids[(status == "active").to_numpy()])
    already = sorted(set(spec.must) & active)
    if already:
        msg = f"space {', '.join(already)} is already active: it is not recommended again"
        raise PortfolioError(msg)


def demand_cells(inputs: ParkInputs, ind: ParkIndicators, spec: PortfolioSpec) -> pd.DataFrame:
    """The demand cells (see the module docstring): ``x``, ``y`` (centres) and ``weight``."""
    size = spec.cell
    if spec.demand == "harm":
        ev = inputs.events
        now, _ = ind.window.masks(ev.when)
        keep = now & ~(np.isnan(ev.x) | np.isnan(ev.y))
        i = np.floor(ev.x[keep] / size).astype(np.int64)
        j = np.floor(ev.y[keep] / size).astype(np.int64)
        frame = pd.DataFrame({"i": i, "j": j, "weight": ev.harm[keep]})
        cells = frame.groupby(["i", "j"], sort=True)["weight"].sum().reset_index()
        cells = cells[cells["weight"] > 0]
    else:
        hoods = inputs.hoods
        column = "population" if spec.demand == "residents" else "youth_population"
        if hoods is None or column not in hoods.columns:
            msg = f"demand `{spec.demand}` needs the neighbourhoods layer with `{column}`"
            raise ValueError(msg)
        xmin, ymin, xmax, ymax = hoods.total_bounds
        grid_i, grid_j = np.meshgrid(
            np.arange(math.floor(xmin / size), math.ceil(xmax / size)),
            np.arange(math.floor(ymin / size), math.ceil(ymax / size)),
            indexing="ij",
        )
        ii, jj = grid_i.ravel(), grid_j.ravel()
        boxes = gpd.GeoSeries(
            shapely.box(ii * size, jj * size, (ii + 1) * size, (jj + 1) * size), crs=hoods.crs
        )
        pairs = area_shares(hoods.geometry, boxes)
        values = pd.to_numeric(hoods[column], errors="coerce").fillna(0.0).to_numpy(dtype=float)
        weight = np.bincount(
            pairs["target"].to_numpy(),
            weights=values[pairs["source"].to_numpy()] * pairs["share"].to_numpy(),
            minlength=len(boxes),
        )
        keep = weight > 0
        cells = pd.DataFrame({"i": ii[keep], "j": jj[keep], "weight": weight[keep]})
    return pd.DataFrame(
        {
            "x": (cells["i"].to_numpy() + 0.5) * size,
            "y": (cells["j"].to_numpy() + 0.5) * size,
            "weight": cells["weight"].to_numpy(dtype=float),
        }
    )


#: The indicator columns of :func:`result_table`, after the rank and the score.
INDICATOR_COLUMNS: tuple[str, ...] = (
    "kind",
    "neighborhood",
    "comuna",
    "harm",
    "harm_before",
    "trend",
    "incidents",
    "conflicts",
    "fights",
    "threats",
    "graffiti",
    "homicides",
    "residents",
    "young",
    "stratum",
    "condition",
    "lighting",
    "activation_status",
    "nearest_active",
    "nearest_active_m",
    "territory_id",
    "team",
)


def result_table(rec: ParkRecommendation, lang: str) -> gpd.GeoDataFrame:
    """One row per space: what ``cli.py recommend parks`` writes and the page downloads.

    Columns: ``space_id``, ``name``, ``rank`` (1 = first to activate; blank
    for active spaces), ``score``, every component ``c_<name>`` (0-1),
    ``activation_cost``, ``selected`` (in the recommended portfolio),
    ``marginal_gain`` (need lost if that space alone were dropped from the
    portfolio), ``explanation``, then :data:`INDICATOR_COLUMNS` and the
    space's geometry. Sorted by rank, active spaces last.
    """
    table = rec.scores.table.copy()
    table["selected"] = False
    table["marginal_gain"] = 0.0
    if rec.portfolio is not None:
        sol = rec.portfolio.recommended
        pos = {s: k for k, s in enumerate(rec.candidates)}
        row = table["space_id"].map(pos)
        has = row.notna().to_numpy()
        k = row[has].astype(int).to_numpy()
        chosen = np.zeros(len(rec.candidates), dtype=bool)
        chosen[list(sol.chosen)] = True
        table.loc[has, "selected"] = chosen[k]
        table.loc[has, "marginal_gain"] = np.asarray(sol.marginal_gain, dtype=float)[k]
    table["explanation"] = [explain_space(r, rec.spec, lang) for _, r in table.iterrows()]
    cols = [
        "space_id",
        "name",
        "rank",
        "score",
        *[f"c_{c}" for c in COMPONENTS],
        "activation_cost",
        "selected",
        "marginal_gain",
        "explanation",
        *INDICATOR_COLUMNS,
    ]
    cols = [c for c in cols if c in table.columns]
    out = table[[*cols, table.geometry.name]]
    out = out.sort_values(["rank", "space_id"], na_position="last").reset_index(drop=True)
    return cast(gpd.GeoDataFrame, out)


@dataclass(frozen=True)
class ScenarioRecord:
    """What :meth:`geo.workspace.Workspace.save_scenario` keeps of a portfolio."""

    spec: dict[str, object]
    summary: dict[str, object]
    result: list[dict[str, object]]


def scenario_record(rec: ParkRecommendation) -> ScenarioRecord:
    """What a saved portfolio scenario keeps (``Workspace.save_scenario``'s ``spec``, ``summary``, ``result``).

    ``spec``: the budget, demand, constraints, weights, radius, reach, window
    and normalisation asked; ``summary``: the covered need, its total, the
    need already served, the cost, the exact and greedy objectives and the
    gap; ``result``: one entry per chosen space (``space_id``, ``name``,
    ``activation_cost``, ``marginal_gain``, ``rank``).
    """
    if rec.portfolio is None or rec.portfolio_spec is None:
        msg = "only a recommendation with a portfolio can be saved as a scenario"
        raise ValueError(msg)
    ps, s, p = rec.portfolio_spec, rec.spec, rec.portfolio
    w = rec.indicators.window
    spec: dict[str, object] = {
        "budget": ps.budget,
        "demand": ps.demand,
        "per_comuna": ps.per_comuna,
        "must": list(ps.must),
        "exclude": list(ps.exclude),
        "served_by_active": ps.served_by_active,
        "weights": dict(s.weights),
        "normalise": s.normalise,
        "radius": s.radius,
        "reach": s.reach,
        "network": rec.indicators.method == "network",
        "start": w.start.isoformat(),
        "end": w.end.isoformat(),
    }
    sol = p.recommended
    summary: dict[str, object] = {
        "covered": sol.objective,
        "total": p.total_weight,
        "served_before": p.covered_before,
        "cost": sol.cost,
        "spaces": len(sol.chosen),
        "exact": p.exact.objective,
        "greedy": p.greedy.objective,
        "gap": p.gap,
        "status": p.exact.status,
    }
    table = rec.scores.table.set_index("space_id")
    result: list[dict[str, object]] = []
    for k in sol.chosen:
        sid = rec.candidates[k]
        rank = table.loc[sid, "rank"]
        result.append(
            {
                "space_id": sid,
                "name": str(table.loc[sid, "name"]),
                "activation_cost": float(table.loc[sid, "activation_cost"]),
                "marginal_gain": float(sol.marginal_gain[k]),
                "rank": None if pd.isna(rank) else int(rank),
            }
        )
    return ScenarioRecord(spec=spec, summary=summary, result=result)
