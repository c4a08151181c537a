"""The context layers both map pages draw under their own: neighbourhoods and territories.

Unlike :mod:`ui.maps`, these pick their texts from the i18n catalogue
(:func:`ui.i18n.t`), so the two pages label them the same way.
"""

from __future__ import annotations

import folium
import geopandas as gpd

from ui import maps
from ui.i18n import t


def add_neighborhoods(m: folium.Map, hoods: gpd.GeoDataFrame, lang: str) -> folium.Map:
    """Add the neighbourhood outlines with their name, comuna and population.

    Parameters
    ----------
    m
        The map.
    hoods
        The ``neighborhoods`` layer.
    lang
        Number formatting of the tooltip (``"es"`` or ``"en"``).

    Returns
    -------
    folium.Map
        The map, with the layer (:func:`ui.maps.add_neighborhoods`).
    """
    return maps.add_neighborhoods(
        m,
        hoods,
        name=t("layer.neighborhoods"),
        fields=["name", "comuna", "population"],
        aliases=[t("field.name"), t("field.comuna"), t("field.population")],
        number_locale=maps.number_locale(lang),
    )


def add_territories(
    m: folium.Map, territories: gpd.GeoDataFrame, lang: str, *, show: bool = True
) -> folium.Map:
    """Add the gestores teams' territories with their team and gestores.

    Parameters
    ----------
    m
        The map.
    territories
        The ``territories`` layer.
    lang
        Number formatting of the tooltip (``"es"`` or ``"en"``).
    show
        Whether the layer is on at first.

    Returns
    -------
    folium.Map
        The map, with the layer (:func:`ui.maps.add_territories`).
    """
    return maps.add_territories(
        m,
        territories,
        name=t("layer.territories"),
        fields=["team", "gestores"],
        aliases=[t("field.team"), t("field.gestores")],
        number_locale=maps.number_locale(lang),
        show=show,
    )


__all__ = ["add_neighborhoods", "add_territories"]
