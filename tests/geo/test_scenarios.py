"""Saved scenarios: kept in the workspace, never replaced without the word, not data."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.workspace import Workspace


def test_a_scenario_is_saved_read_back_and_leaves_the_content_hash(workspace_copy: Path) -> None:
    ws = Workspace(workspace_copy)
    before = ws.content_hash
    ws.save_scenario(
        "Base 2026",
        "parks",
        spec={"budget": 2.5e9, "must": ["E01"]},
        summary={"covered": 1234.5},
        result=[{"space_id": "E07", "marginal_gain": 10.0}],
    )
    again = Workspace(workspace_copy)
    assert again.content_hash == before
    assert again.scenarios("parks")["name"].tolist() == ["Base 2026"]
    sc = again.scenario("Base 2026", "parks")
    assert sc["spec"] == {"budget": 2.5e9, "must": ["E01"]}
    assert sc["summary"] == {"covered": 1234.5}
    assert sc["result"] == [{"space_id": "E07", "marginal_gain": 10.0}]
    assert again.layers == ws.layers  # the layers are untouched


def test_a_name_in_use_needs_replace_and_other_kinds_do_not_clash(workspace_copy: Path) -> None:
    ws = Workspace(workspace_copy)
    ws.save_scenario("A", "parks", spec={"budget": 1}, summary={}, result=[])
    with pytest.raises(FileExistsError, match="already has a parks scenario named 'A'"):
        ws.save_scenario("A", "parks", spec={"budget": 2}, summary={}, result=[])
    assert ws.scenario("A", "parks")["spec"] == {"budget": 1}
    ws.save_scenario("A", "territories", spec={}, summary={}, result=[])
    ws.save_scenario(" A ", "parks", spec={"budget": 2}, summary={}, result=[], replace=True)
    assert ws.scenario("A", "parks")["spec"] == {"budget": 2}
    assert sorted(ws.scenarios()["kind"]) == ["parks", "territories"]
    with pytest.raises(ValueError, match="needs a name"):
        ws.save_scenario("  ", "parks", spec={}, summary={}, result=[])
    with pytest.raises(KeyError, match="no parks scenario named 'B'"):
        ws.scenario("B", "parks")


def test_a_workspace_without_scenarios_lists_none(small_workspace: Path) -> None:
    assert Workspace(small_workspace).scenarios().empty
