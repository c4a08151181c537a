"""The Hot spots downloads read in the interface's language (headers and coded values)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from geo.workspace import Workspace
from models.hotspots import describe, run_hotspots, top_hotspots
from ui.hotspot_details import technical_table
from ui.hotspot_downloads import category_shares, hotspot_file, localized_result

VIOLENCE = ["homicide", "injury", "sexual", "fight", "threat"]
ENGLISH = ["Not significant", "falling", "rising", "steady", "Hot spot", "cells", "incidents"]


@pytest.fixture(scope="module")
def layers(small_workspace: Path) -> dict[str, gpd.GeoDataFrame]:
    ws = Workspace(small_workspace)
    return {n: ws.read(n) for n in ("incidents", "neighborhoods", "public_spaces")}


def _csv(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)


def test_gi_result_and_top_csv_in_spanish(layers: dict[str, object]) -> None:
    result = run_hotspots(layers, "gi", categories=VIOLENCE)
    top = top_hotspots(result, layers["public_spaces"], layers["neighborhoods"])
    texts = [describe(row, "es") for _, row in top.iterrows()]
    table = _csv(hotspot_file(result.frame, top, method="gi", which="result", fmt="csv", lang="es"))
    assert {"Gi* resultado", "Gi* valor p", "Vecinos", "Celda i", "wkt"} <= set(table.columns)
    assert "gi_label" not in table.columns and "n_neighbors" not in table.columns
    assert "No significativo" in set(table["Gi* resultado"])
    assert (table["Gi* resultado"].str.startswith(("Caliente", "Frío", "No significativo"))).all()
    # the class codes stay, as numbers
    assert set(table["Gi* clase (-3 a 3)"]) <= {"-3", "-2", "-1", "0", "1", "2", "3"}
    top_csv = _csv(hotspot_file(result.frame, top, method="gi", which="top", fmt="csv", lang="es"))
    # the same columns as `cli.py hotspots --top-out` (models.hotspots.top_table), in Spanish
    assert list(top_csv.columns[:4]) == ["Puesto", "Descripción", "Área", "Método"]
    assert list(top_csv["Descripción"]) == texts
    assert {"Tendencia", "Patrón", "Código del patrón", "Se cuenta", "Unidad"} <= set(
        top_csv.columns
    )
    assert set(top_csv["Método"]) == {"Puntos calientes Gi*"}
    assert set(top_csv["Tendencia"]) <= {"En aumento", "En descenso", "Estable", ""}
    assert set(top_csv["Patrón"]) == {"Caliente"} and set(top_csv["Código del patrón"]) == {"hot"}
    assert set(top_csv["Unidad"]) == {"Celdas"}
    body = top_csv.to_csv(index=False) + table.to_csv(index=False)
    for word in ENGLISH:
        assert word not in body, word
    # and the same file in English
    en = _csv(hotspot_file(result.frame, top, method="gi", which="top", fmt="csv", lang="en"))
    assert {"Rank", "Description", "Trend", "Pattern"} <= set(en.columns)
    assert set(en["Pattern"]) == {"Hot"}


def test_emerging_and_cluster_values_are_translated_and_codes_kept(
    layers: dict[str, object],
) -> None:
    result = run_hotspots(layers, "emerging", categories=VIOLENCE, time_step="Q")
    out = localized_result(result.frame, "emerging", "es")
    assert "Patrón" in out.columns and "Código del patrón" in out.columns
    assert "category_label" not in out.columns and "category" not in out.columns
    pairs = set(zip(out["Código del patrón"], out["Patrón"], strict=True))
    assert ("no_pattern", "Sin patrón") in pairs or any(c.endswith("_hot") for c, _ in pairs)
    assert not any("spot" in name for _, name in pairs)
    geo = json.loads(
        hotspot_file(
            result.frame,
            result.frame.head(0),
            method="emerging",
            which="result",
            fmt="geojson",
            lang="es",
        )
    )
    props = geo["features"][0]["properties"]
    assert "Patrón" in props and "Periodos caliente" in props
    clusters = run_hotspots(layers, "dbscan", categories=VIOLENCE)
    shown = localized_result(clusters.frame, "dbscan", "es")
    assert "Categorías principales" in shown.columns
    assert not shown["Categoría dominante"].isin(VIOLENCE).any()


def test_category_shares_translates_codes_and_keeps_shares() -> None:
    assert category_shares("fight 45%, theft 30%", "es") == "Riña 45%, Hurto 30%"
    assert category_shares("", "es") == "–"


@pytest.mark.parametrize("method", ["gi", "kde", "dbscan"])
def test_the_technical_detail_is_a_table_in_the_language(
    layers: dict[str, object], method: str
) -> None:
    result = run_hotspots(layers, method, categories=VIOLENCE)
    es = technical_table(result, "es")
    en = technical_table(result, "en")
    assert list(es.columns) == ["Parámetro", "Valor"] and list(en.columns) == ["Parameter", "Value"]
    assert len(es) == len(en) >= 6
    facts = dict(zip(es["Parámetro"], es["Valor"], strict=True))
    assert (
        facts["Método"]
        == {
            "gi": "Puntos calientes Gi*",
            "kde": "Densidad de kernel",
            "dbscan": "Conglomerados DBSCAN",
        }[method]
    )
    text = es.to_csv(index=False)
    for word in (
        "rule",
        "Silverman rule",
        "first peak",
        "set by",
        "incidents",
        "Cells of",
        "True",
        "False",
        "per_km2",
        "convex",
    ):
        assert word not in text, word
    if method == "gi":
        size = float(facts["Tamaño de celda"].removesuffix(" m").replace(".", "").replace(",", "."))
        assert size == result.scale.cell.size  # type: ignore[union-attr]
        assert facts["Corrección FDR"] == "Sí"
    if method == "kde":
        assert facts["Cómo se eligió el radio"] == "Regla espacial de Silverman"
