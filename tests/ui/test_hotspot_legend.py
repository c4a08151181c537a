"""The density legend says the unit of the surface it draws (issue 6, item 3)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from models.density import DensitySurface, Raster
from models.options import DensityUnit
from ui.hotspot_layers import add_density


def _surface(quantity: str, unit: DensityUnit, per_year: bool) -> DensitySurface:
    values = np.zeros((20, 20))
    values[5:9, 5:9] = 2_500_000.0
    return DensitySurface(
        values=values,
        raster=Raster(x0=4_600_000.0, y0=1_950_000.0, resolution=25.0, nx=20, ny=20),
        bandwidth=100.0,
        rule="user",
        unit=unit,
        crs="EPSG:9377",
        reason="",
        quantity=quantity,
        per_year=per_year,
    )


@pytest.mark.parametrize(
    ("quantity", "unit", "per_year", "lang", "title"),
    [
        (
            "harm",
            "per_100k_residents",
            True,
            "es",
            "Unidades de daño por 100.000 habitantes al año",
        ),
        ("harm", "per_100k_residents", True, "en", "Harm units per 100,000 residents a year"),
        ("incidents", "per_km2", False, "en", "Incidents per km² over the period"),
        ("harm", "per_km2", False, "es", "Unidades de daño por km² en el periodo"),
    ],
)
def test_the_legend_title_comes_from_the_surfaces_unit(
    quantity: str, unit: DensityUnit, per_year: bool, lang: str, title: str
) -> None:
    surface = _surface(quantity, unit, per_year)
    html = add_density(None, surface, name="d", number_locale=lang).get_root().render()  # type: ignore[arg-type]
    assert json.dumps(title)[1:-1] in html  # the legend is written as a JSON string
    other = "Incidents per" if quantity == "harm" else "Harm units"
    assert other not in html
    # a title given by the page still wins
    given = add_density(None, surface, name="d", legend_title="Mine", number_locale="en")
    assert "Mine" in given.get_root().render()
