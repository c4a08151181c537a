"""The reference layers an import validates against."""

from __future__ import annotations

from geo.importer import reference_layers
from geo.workspace import Workspace


def test_only_the_neighbourhoods_are_read_when_they_define_the_city(small_workspace):
    ws = Workspace(small_workspace)
    assert list(reference_layers(ws, "public_spaces")) == ["neighborhoods"]
    assert list(reference_layers(ws, "incidents")) == ["neighborhoods"]
    # importing the neighbourhoods themselves: the other layers with geometry define the city
    assert sorted(reference_layers(ws, "neighborhoods")) == [
        "incidents",
        "public_spaces",
        "territories",
    ]
    assert reference_layers(None, "incidents") == {}
