"""Cell suppression: hand cases with known answers, and an LP proof on random tables.

The LP is the attacker: for every withheld cell it finds the smallest and the
largest value the cell can take given every published cell, every relation
(each extended row and column sums to its total) and non-negativity
(``scipy.optimize.linprog``, HiGHS). A protected cell has a range of at least
one (two integer values at least).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pytest
import scipy.sparse
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_array_equal
from scipy.optimize import linprog

from geo import settings as geo_settings
from geo.disclosure import (
    DisclosureError,
    Link,
    Suppression,
    extend,
    recoverable,
    recoverable_linked,
    suppress,
    suppress_linked,
)

# -- the attacker ----------------------------------------------------------------------


def _lp_ranges(
    results: Mapping[str, Suppression],
    links: Sequence[Link] = (),
    *,
    only: set[tuple[str, int, int]] | None = None,
    low: float = 1.0,
) -> dict[str, np.ndarray]:
    """For every withheld cell (of ``only``, if given), max - min of its value over the union's LP.

    The attacker knows every withheld count is at least ``low``: 1, since zeros are
    published (0 gives the linear audits' view). NaN for the cells not asked about.
    """
    index: dict[tuple[str, int, int], int] = {}
    for name, s in results.items():
        for i, j in np.ndindex(s.values.shape):
            index[(name, i, j)] = len(index)
    # linked cells are one variable: map each to a representative
    rep = {k: k for k in index}

    def find(k: tuple[str, int, int]) -> tuple[str, int, int]:
        while rep[k] != k:
            k = rep[k]
        return k

    for a, b in links:
        rep[find(a)] = find(b)
    column = {k: index[find(k)] for k in index}
    n = len(index)
    entries: list[tuple[int, int, float]] = []
    n_rel = 0
    for name, s in results.items():
        r, c = s.values.shape
        for i in range(r):  # each extended row: parts minus total
            entries += [(n_rel, column[(name, i, j)], 1.0) for j in range(c - 1)]
            entries.append((n_rel, column[(name, i, c - 1)], -1.0))
            n_rel += 1
        for j in range(c):
            entries += [(n_rel, column[(name, i, j)], 1.0) for i in range(r - 1)]
            entries.append((n_rel, column[(name, r - 1, j)], -1.0))
            n_rel += 1
    rel, var, coef = zip(*entries, strict=True)
    a_eq = scipy.sparse.coo_matrix((coef, (rel, var)), shape=(n_rel, n)).tocsr()
    bounds: list[tuple[float, float | None]] = [(low, None)] * n
    for name, s in results.items():
        for i, j in np.ndindex(s.values.shape):
            if not s.withheld[i, j]:
                v = float(s.values[i, j])
                bounds[column[(name, i, j)]] = (v, v)
    out = {name: np.full(s.values.shape, np.nan) for name, s in results.items()}
    done: dict[int, float] = {}
    for name, s in results.items():
        for i, j in np.argwhere(s.withheld):
            if only is not None and (name, int(i), int(j)) not in only:
                continue
            k = column[(name, int(i), int(j))]
            if k not in done:
                obj = np.zeros(n)
                obj[k] = 1.0
                bottom = linprog(obj, A_eq=a_eq, b_eq=np.zeros(n_rel), bounds=bounds)
                top = linprog(-obj, A_eq=a_eq, b_eq=np.zeros(n_rel), bounds=bounds)
                assert bottom.status == 0
                assert top.status in (0, 3)  # 3: unbounded above, as protected as can be
                done[k] = np.inf if top.status == 3 else -top.fun - bottom.fun
            out[name][i, j] = done[k]
    return out


def _assert_protected(
    results: Mapping[str, Suppression], links: Sequence[Link], min_count: int
) -> None:
    """Primary rule, no withheld zero, no bridge, linked status equal, and the LP's verdict."""
    ranges = _lp_ranges(results, links)
    for name, s in results.items():
        primary = (s.values >= 1) & (s.values < min_count)
        assert_array_equal(s.primary, primary)
        assert not (primary & ~s.withheld).any(), name
        assert not (s.withheld & (s.values == 0)).any(), f"{name}: a zero was withheld"
        assert not recoverable(s).any(), name
        withheld_ranges = ranges[name][s.withheld]
        assert (withheld_ranges >= 1 - 1e-7).all(), (name, s.values, s.withheld, ranges[name])
    for group in links:
        (na, ia, ja), (nb, ib, jb) = group
        assert results[na].withheld[ia, ja] == results[nb].withheld[ib, jb]


# -- hand cases ------------------------------------------------------------------------


def test_extend_adds_totals() -> None:
    assert_array_equal(extend([[1, 2], [3, 4]]), [[1, 2, 3], [3, 4, 7], [4, 6, 10]])
    assert extend(np.array([[2.0]])).dtype == np.int64


def test_one_small_cell_gets_a_complement_in_its_row_and_its_column() -> None:
    counts = [[9, 9, 9, 9], [9, 2, 9, 8], [9, 9, 9, 9], [7, 9, 9, 9]]
    s = suppress(counts, min_count=5)
    assert s.withheld[1, 1]
    assert s.withheld[1, :4].sum() >= 2  # another cell of row 1
    assert s.withheld[:4, 1].sum() >= 2  # another cell of column 1
    # the cheapest rectangle: (1, 0) = 9 in the row, (3, 1) = 9 in the column and the 7 at
    # (3, 0), 25 in all; through the row's 8 it would cost 8 + 9 + 9 = 26
    expected = np.zeros((5, 5), dtype=bool)
    expected[[1, 1, 3, 3], [1, 0, 1, 0]] = True
    assert_array_equal(s.withheld, expected)
    assert_array_equal(s.secondary, expected & ~s.primary)
    assert not recoverable(s).any()


def test_a_small_margin_is_withheld_and_protected() -> None:
    # row 0 totals 3 and column 0 totals 3 + 0: margins below min_count
    counts = [[1, 2, 0], [0, 9, 9], [2, 9, 9]]
    s = suppress(counts, min_count=5)
    assert s.primary[0, 3] and s.withheld[0, 3]  # row total 3
    assert s.primary[3, 0] and s.withheld[3, 0]  # column total 3
    assert not recoverable(s).any()
    _assert_protected({"t": s}, (), 5)


def test_zeros_are_never_withheld_as_complements() -> None:
    # the cheap complements next to the small cell are zeros: they may not be used
    counts = [[2, 0, 0, 30], [0, 0, 0, 20], [0, 0, 0, 25], [40, 20, 30, 9]]
    s = suppress(counts, min_count=5)
    assert not (s.withheld & (s.values == 0)).any()
    assert s.withheld[0, 0]
    _assert_protected({"t": s}, (), 5)


def test_two_by_two() -> None:
    s = suppress([[1, 9], [8, 9]], min_count=3)
    expected = np.array([[1, 1, 0], [1, 1, 0], [0, 0, 0]], dtype=bool)
    assert_array_equal(s.withheld, expected)
    assert_array_equal(s.primary, np.array([[1, 0, 0], [0, 0, 0], [0, 0, 0]], dtype=bool))
    published = s.published()
    assert np.isnan(published[:2, :2]).all()
    assert_array_equal(published[2], [9.0, 18.0, 27.0])
    _assert_protected({"t": s}, (), 3)


def test_one_by_one_small_table_withholds_everything() -> None:
    s = suppress([[3]], min_count=5)
    assert s.withheld.all()
    assert not recoverable(s).any()


def test_one_row_table_uses_its_column_totals() -> None:
    # every column total equals its only cell: the rectangle is (cell, total) x two columns
    s = suppress([[2, 7, 9]], min_count=5)
    assert s.withheld[0, 0] and s.withheld[1, 0]
    assert not recoverable(s).any()
    _assert_protected({"t": s}, (), 5)


def test_no_rectangle_falls_back_to_the_row_and_column() -> None:
    # the small cell's row and column hold only zeros besides its totals; the only positive
    # cells are on the diagonal and the margins
    counts = [[2, 0, 0], [0, 9, 0], [0, 0, 9]]
    s = suppress(counts, min_count=5)
    assert not (s.withheld & (s.values == 0)).any()
    assert not recoverable(s).any()
    _assert_protected({"t": s}, (), 5)


def test_forced_cells_are_withheld_and_protected() -> None:
    forced = np.zeros((3, 3), dtype=bool)
    forced[2, 0] = True  # a column total, say published as withheld by a linked table
    s = suppress([[9, 9], [9, 9]], min_count=5, forced=forced)
    assert s.withheld[2, 0]
    assert not s.primary.any()
    assert not recoverable(s).any()


def test_settings_give_the_default_min_count(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(geo_settings, "publish_min_count", 3)
    assert not suppress([[3, 9], [9, 9]]).withheld.any()
    monkeypatch.setattr(geo_settings, "publish_min_count", 4)
    assert suppress([[3, 9], [9, 9]]).withheld[0, 0]


@pytest.mark.parametrize(
    ("call", "code"),
    [
        (lambda: suppress([[1]], min_count=0), "bad_min_count"),
        (lambda: suppress([[1]], min_count=True), "bad_min_count"),
        (lambda: suppress([[1, -1]]), "negative_count"),
        (lambda: suppress([1, 2]), "bad_table"),
        (lambda: suppress([[1.5]]), "bad_table"),
        (lambda: suppress([[1, 0]], forced=np.ones((2, 3), dtype=bool)), "forced_zero"),
        (lambda: suppress([[1, 0]], forced=np.ones((3, 3), dtype=bool)), "bad_forced"),
        (lambda: suppress_linked({"a": [[1]]}, [(("a", 0, 0), ("b", 0, 0))]), "unknown_table"),
        (lambda: suppress_linked({"a": [[1]]}, [(("a", 0, 0), ("a", 5, 0))]), "bad_link"),
        (
            lambda: suppress_linked({"a": [[1]], "b": [[2]]}, [(("a", 1, 1), ("b", 1, 1))]),
            "link_mismatch",
        ),
        (lambda: suppress_linked({"a": [[1, -2]]}, []), "negative_count"),
    ],
)
def test_errors_have_codes(call: object, code: str) -> None:
    assert callable(call)
    with pytest.raises(DisclosureError) as info:
        call()
    assert info.value.code == code


def test_link_mismatch_names_both_cells() -> None:
    with pytest.raises(DisclosureError, match=r"areas cell \(1, 1\) holds 4 but trend cell"):
        suppress_linked({"areas": [[4]], "trend": [[5]]}, [(("areas", 1, 1), ("trend", 1, 1))])


def _bridgeless_pair() -> tuple[dict[str, Suppression], list[Link]]:
    """Two tables sharing their totals row, each bridgeless, whose union gives a total back.

    Table A's withheld graph joins the totals of categories {0, 1} (through row 0) and
    {2, 3, 4} (through row 1); table B's joins {0, 1, 2} and {3, 4}. A fixes T0 + T1,
    B fixes T0 + T1 + T2: together they give T2.
    """
    a = extend([[1, 2, 9, 9, 9], [9, 9, 1, 2, 3], [9, 9, 9, 9, 9]])
    b = extend([[1, 2, 3, 9, 9], [9, 9, 7, 1, 2], [9, 9, 9, 10, 10]])
    assert_array_equal(a[3], b[3])
    wa = np.zeros(a.shape, dtype=bool)
    wa[0, [0, 1]] = wa[1, [2, 3, 4]] = wa[3, :5] = True
    wb = np.zeros(b.shape, dtype=bool)
    wb[0, [0, 1, 2]] = wb[1, [3, 4]] = wb[3, :5] = True
    results = {"a": Suppression(a, wa, wa & (a < 3)), "b": Suppression(b, wb, wb & (b < 3))}
    return results, [(("a", 3, j), ("b", 3, j)) for j in range(6)]


def test_bridgeless_tables_can_still_leak_through_their_union() -> None:
    results, links = _bridgeless_pair()
    assert not recoverable(results["a"]).any()
    assert not recoverable(results["b"]).any()
    ranges = _lp_ranges(results, links)
    assert ranges["a"][3, 2] == pytest.approx(0.0)  # the LP pins T2 ...
    audit = recoverable_linked(results, links)
    assert audit["a"][3, 2] and audit["b"][3, 2]  # ... and the audit says so
    # every cell the audit calls determined is pinned by the LP, and no other
    for name, s in results.items():
        pinned = s.withheld & (np.nan_to_num(ranges[name], nan=1.0) < 1e-7)
        assert_array_equal(audit[name], pinned)


def test_suppress_linked_repairs_the_union() -> None:
    results, links = _bridgeless_pair()
    tables = {name: s.values[:3, :5] for name, s in results.items()}
    out = suppress_linked(tables, links, min_count=3)
    assert not any(m.any() for m in recoverable_linked(out, links).values())
    _assert_protected(out, links, 3)


def test_recoverable_linked_flags_a_status_mismatch() -> None:
    values = extend([[2, 9]])
    withheld = values == 2
    one = Suppression(values, withheld, withheld)
    other = Suppression(values, np.zeros_like(withheld), np.zeros_like(withheld))
    audit = recoverable_linked({"a": one, "b": other}, [(("a", 0, 0), ("b", 0, 0))])
    assert audit["a"][0, 0]


# -- random tables ---------------------------------------------------------------------

_count = st.one_of(st.just(0), st.integers(1, 6), st.integers(7, 60))


@st.composite
def _tables(draw: st.DrawFn, min_rows: int = 1) -> np.ndarray:
    rows = draw(st.integers(min_rows, 6))
    cols = draw(st.integers(1, 6))
    cells = draw(st.lists(_count, min_size=rows * cols, max_size=rows * cols))
    return np.array(cells, dtype=np.int64).reshape(rows, cols)


@settings(deadline=None, max_examples=80)
@given(counts=_tables(), min_count=st.integers(2, 6))
def test_random_tables_are_protected(counts: np.ndarray, min_count: int) -> None:
    s = suppress(counts, min_count=min_count)
    assert_array_equal(s.values, extend(counts))
    _assert_protected({"t": s}, (), min_count)


@settings(deadline=None, max_examples=60)
@given(
    first=_tables(),
    second=_tables(min_rows=2),
    min_count=st.integers(2, 6),
)
def test_linked_tables_sharing_their_totals_row_are_protected(
    first: np.ndarray, second: np.ndarray, min_count: int
) -> None:
    cols = min(first.shape[1], second.shape[1])
    a, b = first[:, :cols], second[:, :cols]
    # make the column totals equal: top up whichever table is short, in one extra row
    diff = a.sum(axis=0) - b[:-1].sum(axis=0)
    b = np.vstack([b[:-1], np.maximum(diff, 0)])
    a = np.vstack([a, np.maximum(-diff, 0)])
    assert_array_equal(a.sum(axis=0), b.sum(axis=0))
    links: list[Link] = [(("a", len(a), j), ("b", len(b), j)) for j in range(cols + 1)]
    out = suppress_linked({"a": a, "b": b}, links, min_count=min_count)
    assert not any(m.any() for m in recoverable_linked(out, links).values())
    _assert_protected(out, links, min_count)


@settings(deadline=None, max_examples=25)
@given(
    first=_tables(),
    second=_tables(min_rows=2),
    seed=st.integers(0, 2**32 - 1),
)
def test_the_audits_find_exactly_what_the_lp_pins(
    first: np.ndarray, second: np.ndarray, seed: int
) -> None:
    """Any withheld pattern of positive cells: the linear audits flag exactly the cells the LP
    pins when a withheld count may be 0 (the bounded protection is checked by the LP itself)."""
    cols = min(first.shape[1], second.shape[1])
    a, b = first[:, :cols], second[:, :cols]
    diff = a.sum(axis=0) - b[:-1].sum(axis=0)
    b = np.vstack([b[:-1], np.maximum(diff, 0)])
    a = np.vstack([a, np.maximum(-diff, 0)])
    rng = np.random.default_rng(seed)
    values = {"a": extend(a), "b": extend(b)}
    withheld = {n: (v > 0) & (rng.random(v.shape) < 0.5) for n, v in values.items()}
    links: list[Link] = [(("a", len(a), j), ("b", len(b), j)) for j in range(cols + 1)]
    for (na, ia, ja), (nb, ib, jb) in links:  # linked cells share their status
        either = withheld[na][ia, ja] | withheld[nb][ib, jb]
        withheld[na][ia, ja] = withheld[nb][ib, jb] = either
    results = {n: Suppression(values[n], withheld[n], withheld[n]) for n in values}
    alone = {n: _lp_ranges({n: s}, low=0.0) for n, s in results.items()}
    union = _lp_ranges(results, links, low=0.0)
    audit = recoverable_linked(results, links)
    for n, s in results.items():
        pinned_alone = s.withheld & (np.nan_to_num(alone[n][n], nan=1.0) < 1e-7)
        assert_array_equal(recoverable(s), pinned_alone)
        pinned = s.withheld & (np.nan_to_num(union[n], nan=1.0) < 1e-7)
        assert_array_equal(audit[n], pinned)
