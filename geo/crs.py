"""Choosing and using a workspace's projected CRS.

Distances, buffers, areas and grids are computed in metres in this CRS,
never in degrees. It is chosen once per workspace, from where its data lie:
EPSG:9377 (MAGNA-SIRGAS / Origen-Nacional) inside Colombia, the local UTM
zone elsewhere.
"""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import shapely

#: Geographic CRS every layer is stored in.
STORAGE_CRS = "EPSG:4326"
#: Colombia's national projected CRS.
COLOMBIA_CRS = "EPSG:9377"
#: Colombia's extent (lon_min, lat_min, lon_max, lat_max), mainland and islands.
COLOMBIA_BOUNDS = (-82.0, -4.3, -66.8, 13.6)


def choose_projected_crs(lon: float, lat: float) -> str:
    """Return the projected CRS for data centred at (``lon``, ``lat``).

    Parameters
    ----------
    lon, lat
        Centre of the data, in degrees (EPSG:4326).

    Returns
    -------
    str
        ``"EPSG:9377"`` inside Colombia's extent, else the WGS 84 UTM zone
        (``"EPSG:326NN"`` north of the equator, ``"EPSG:327NN"`` south).

    Raises
    ------
    ValueError
        When (``lon``, ``lat``) is not a longitude and latitude in degrees
        (NaN, or metres passed by mistake).

    Notes
    -----
    Colombia's extent is its bounding box :data:`COLOMBIA_BOUNDS`, not its
    border: Panamá City, Quito and Caracas lie inside it and get EPSG:9377
    too, whose scale error there is 0.4-0.6 % (0.09 % in Palmira). A zone's
    western meridian belongs to it; +180 stays in zone 60; the equator is
    north.

    Examples
    --------
    >>> choose_projected_crs(-76.30, 3.54)
    'EPSG:9377'
    >>> choose_projected_crs(-99.13, 19.43)
    'EPSG:32614'
    >>> choose_projected_crs(-58.38, -34.60)  # Buenos Aires: zone 21 south
    'EPSG:32721'
    """
    if not (-180.0 <= lon <= 180.0 and -90.0 <= lat <= 90.0):
        msg = f"centre ({lon}, {lat}) is not a longitude/latitude in degrees"
        raise ValueError(msg)
    x0, y0, x1, y1 = COLOMBIA_BOUNDS
    if x0 <= lon <= x1 and y0 <= lat <= y1:
        return COLOMBIA_CRS
    zone = min(int(math.floor((lon + 180.0) / 6.0)) + 1, 60)
    return f"EPSG:{32600 + zone if lat >= 0 else 32700 + zone}"


def _has_geometry(geoms: np.ndarray) -> bool:
    """Whether any geometry is neither missing nor empty (no geopandas warning)."""
    return bool((~(shapely.is_missing(geoms) | shapely.is_empty(geoms))).any())


def crs_for_frames(*frames: gpd.GeoDataFrame | None) -> str:
    """Choose the projected CRS from the combined extent of ``frames``.

    Frames that are ``None``, empty, or whose geometries are all missing or
    empty are skipped; the others are read in degrees, and the centre of
    their combined extent decides (:func:`choose_projected_crs`).

    Raises
    ------
    ValueError
        When none of the frames has a geometry to place the city by.
    """
    bounds = [
        f.to_crs(STORAGE_CRS).total_bounds
        for f in frames
        if f is not None and _has_geometry(f.geometry.to_numpy())
    ]
    if not bounds:
        msg = "no layer has geometries to choose the workspace's projected CRS from"
        raise ValueError(msg)
    lon = (min(b[0] for b in bounds) + max(b[2] for b in bounds)) / 2
    lat = (min(b[1] for b in bounds) + max(b[3] for b in bounds)) / 2
    return choose_projected_crs(float(lon), float(lat))
