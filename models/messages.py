"""The words of the hot-spot results, in Spanish and English (data only).

:data:`PATTERN_NAMES` names ArcGIS's 17 emerging hot spot patterns;
:data:`SENTENCES` holds the pieces of ``models.hotspots.describe`` and
``models.hotspots.explain``. Kept apart from ``models.hotspots`` so the UI's
catalogue (``ui/catalog_hotspots.py``) can load them without importing the
analysis (scikit-learn, esda), which would slow every app start.
"""

from __future__ import annotations

#: Names of the 17 emerging patterns, both languages (the page's legend uses them too).
PATTERN_NAMES: dict[str, dict[str, str]] = {
    "new_hot": {"en": "New hot spot", "es": "Punto caliente nuevo"},
    "consecutive_hot": {"en": "Consecutive hot spot", "es": "Punto caliente consecutivo"},
    "intensifying_hot": {
        "en": "Intensifying hot spot",
        "es": "Punto caliente en intensificación",
    },
    "persistent_hot": {"en": "Persistent hot spot", "es": "Punto caliente persistente"},
    "diminishing_hot": {"en": "Diminishing hot spot", "es": "Punto caliente en disminución"},
    "sporadic_hot": {"en": "Sporadic hot spot", "es": "Punto caliente esporádico"},
    "oscillating_hot": {"en": "Oscillating hot spot", "es": "Punto caliente oscilante"},
    "historical_hot": {"en": "Historical hot spot", "es": "Punto caliente histórico"},
    "new_cold": {"en": "New cold spot", "es": "Punto frío nuevo"},
    "consecutive_cold": {"en": "Consecutive cold spot", "es": "Punto frío consecutivo"},
    "intensifying_cold": {"en": "Intensifying cold spot", "es": "Punto frío en intensificación"},
    "persistent_cold": {"en": "Persistent cold spot", "es": "Punto frío persistente"},
    "diminishing_cold": {"en": "Diminishing cold spot", "es": "Punto frío en disminución"},
    "sporadic_cold": {"en": "Sporadic cold spot", "es": "Punto frío esporádico"},
    "oscillating_cold": {"en": "Oscillating cold spot", "es": "Punto frío oscilante"},
    "historical_cold": {"en": "Historical cold spot", "es": "Punto frío histórico"},
    "no_pattern": {"en": "No pattern detected", "es": "Sin patrón"},
}

#: The sentence pieces of :func:`describe` and :func:`explain`, both languages.
SENTENCES: dict[str, dict[str, str]] = {
    # -- describe: who -----------------------------------------------------------
    "who.cell.one": {"en": "1 cell", "es": "1 celda"},
    "who.cell.other": {"en": "{n} cells", "es": "{n} celdas"},
    "who.neighborhood.one": {"en": "1 neighbourhood", "es": "1 barrio"},
    "who.neighborhood.other": {"en": "{n} neighbourhoods", "es": "{n} barrios"},
    "who.area": {"en": "An area of {area} km²", "es": "Un área de {area} km²"},
    "who.cluster": {
        "en": "A cluster of {incidents} incidents",
        "es": "Un conglomerado de {incidents} incidentes",
    },
    # -- describe: where ---------------------------------------------------------
    "where.around": {"en": "around {space}", "es": "alrededor de {space}"},
    "where.near": {"en": "{distance} from {space}", "es": "a {distance} de {space}"},
    "where.in": {"en": "in {neighborhood}", "es": "en {neighborhood}"},
    "where.hoods": {"en": "({names})", "es": "({names})"},
    # -- describe: what ----------------------------------------------------------
    "what.gi": {
        "en": "hot at {confidence} % confidence",
        "es": "caliente con {confidence} % de confianza",
    },
    "what.lisa": {
        "en": "high among high neighbours (High-High) at {confidence} % confidence",
        "es": "alto entre vecinos altos (Alto-Alto) con {confidence} % de confianza",
    },
    "what.lisa_hoods": {
        "en": "a high rate among high-rate neighbours, up to {rate} per 100,000 residents a year",
        "es": "una tasa alta entre vecinos de tasa alta, hasta {rate} por 100.000 habitantes al año",
    },
    "what.emerging": {
        "en": "hot at {confidence} % confidence, {pattern} since {since}",
        "es": "caliente con {confidence} % de confianza, {pattern} desde {since}",
    },
    "what.emerging_historical": {
        "en": "a historical hot spot: hot in most periods, but not in the last one",
        "es": "un punto caliente histórico: caliente en la mayoría de periodos, pero no en el último",
    },
    "what.kde": {
        "en": "among the densest {level} % of the city, holding about {value} {what}",
        "es": "entre el {level} % más denso de la ciudad, con cerca de {value} {what}",
    },
    "what.kde_rate": {
        "en": "among the highest {level} % of rates, up to {rate} per 100,000 residents",
        "es": "entre el {level} % de tasas más altas, hasta {rate} por 100.000 habitantes",
    },
    "what.cluster": {
        "en": "mainly {categories}, from {since} to {until}",
        "es": "principalmente {categories}, de {since} a {until}",
    },
    "what.incidents": {"en": "incidents", "es": "incidentes"},
    "what.harm": {"en": "units of harm", "es": "unidades de daño"},
    "and": {"en": "and", "es": "y"},
    "trend.rising": {"en": "; incidents rising", "es": "; incidentes en aumento"},
    "trend.falling": {"en": "; incidents falling", "es": "; incidentes en descenso"},
    # -- emerging pattern words in a sentence ------------------------------------
    "pattern.new_hot": {"en": "new", "es": "nuevo"},
    "pattern.consecutive_hot": {"en": "consecutive", "es": "consecutivo"},
    "pattern.intensifying_hot": {"en": "intensifying", "es": "en intensificación"},
    "pattern.persistent_hot": {"en": "persistent", "es": "persistente"},
    "pattern.diminishing_hot": {"en": "diminishing", "es": "en disminución"},
    "pattern.sporadic_hot": {"en": "on and off", "es": "intermitente"},
    "pattern.oscillating_hot": {"en": "oscillating (cold before)", "es": "oscilante (antes frío)"},
    # -- explain: the scale -------------------------------------------------------
    "cell.user": {
        "en": "Cells of {size} (set by you).",
        "es": "Celdas de {size} (elegidas por usted).",
    },
    "cell.nearest_neighbour": {
        "en": "Cells of {size}: the average distance between neighbouring incidents ({nn}).",
        "es": "Celdas de {size}: la distancia media entre incidentes vecinos ({nn}).",
    },
    "cell.extent": {
        "en": "Cells of {size}: 1/100 of the study area's longest side, larger than the average distance between neighbouring incidents ({nn}).",
        "es": "Celdas de {size}: 1/100 del lado más largo del área de estudio, mayor que la distancia media entre incidentes vecinos ({nn}).",
    },
    "cell.max_cells": {
        "en": "Cells of {size}: enlarged so the study area holds at most {max} cells.",
        "es": "Celdas de {size}: agrandadas para que el área de estudio tenga como máximo {max} celdas.",
    },
    "distance.user": {
        "en": "Neighbourhood of {distance} (set by you).",
        "es": "Vecindad de {distance} (elegida por usted).",
    },
    "distance.first_peak": {
        "en": "Neighbourhood of {distance}: the first distance at which clustering peaks (Moran's I z = {z}).",
        "es": "Vecindad de {distance}: la primera distancia en que la agrupación alcanza un pico (z del I de Moran = {z}).",
    },
    "distance.max_peak": {
        "en": "Neighbourhood of {distance}: no peak of clustering is significant, so the highest (Moran's I z = {z}).",
        "es": "Vecindad de {distance}: ningún pico de agrupación es significativo, así que el más alto (z del I de Moran = {z}).",
    },
    "distance.k_neighbors": {
        "en": "Neighbourhood of {distance}: clustering shows no peak, so the distance at which a cell has {k} neighbours.",
        "es": "Vecindad de {distance}: la agrupación no muestra pico, así que la distancia a la que una celda tiene {k} vecinas.",
    },
    "distance.standard_distance": {
        "en": "Neighbourhood of {distance}: clustering shows no peak, so one standard distance of the cells.",
        "es": "Vecindad de {distance}: la agrupación no muestra pico, así que una distancia estándar de las celdas.",
    },
    "neighbors": {
        "en": "A cell has {k} neighbours on average.",
        "es": "Cada celda tiene {k} vecinas en promedio.",
    },
    "gi.result": {
        "en": "Gi*: {hot} hot and {cold} cold cells of {n}, {fdr}.",
        "es": "Gi*: {hot} celdas calientes y {cold} frías de {n}, {fdr}.",
    },
    "zones.peaks": {
        "en": "A top hot spot is one peak of the statistic with the cells around it down to half its prominence: peaks are split as in ToMATo (Chazal et al., 2013) and cut at half prominence, as MATLAB's findpeaks measures a peak's width; hot cells on a peak's lower slopes stay on the map but outside its zone.",
        "es": "Un punto caliente principal es un pico del estadístico con las celdas que lo rodean hasta la mitad de su prominencia: los picos se separan como en ToMATo (Chazal et al., 2013) y se cortan a media prominencia, como mide findpeaks de MATLAB el ancho de un pico; las celdas calientes de las laderas de un pico siguen en el mapa, pero fuera de su zona.",
    },
    "fdr.on": {
        "en": "with the false discovery rate correction",
        "es": "con la corrección por tasa de falsos descubrimientos",
    },
    "fdr.off": {"en": "without correction", "es": "sin corrección"},
    "lisa.result": {
        "en": "Local Moran's I with {permutations} permutations ({test}): {hh} High-High, {ll} Low-Low, {hl} High-Low, {lh} Low-High of {n}.",
        "es": "I de Moran local con {permutations} permutaciones ({test}): {hh} Alto-Alto, {ll} Bajo-Bajo, {hl} Alto-Bajo, {lh} Bajo-Alto de {n}.",
    },
    "lisa.test.fdr": {
        "en": "false discovery rate 0.05",
        "es": "tasa de falsos descubrimientos 0,05",
    },
    "lisa.test.p": {"en": "pseudo p ≤ 0.05", "es": "pseudo p ≤ 0,05"},
    "lisa.hoods": {
        "en": "Incidents per 100,000 residents a year in {n} neighbourhoods; neighbours share a border or a corner.",
        "es": "Incidentes por 100.000 habitantes al año en {n} barrios; son vecinos los que comparten un borde o una esquina.",
    },
    "kde.silverman": {
        "en": "Search radius {bandwidth}, by the spatial Silverman rule (from how spread out and how many the incidents are); pixels of {resolution}.",
        "es": "Radio de búsqueda {bandwidth}, por la regla espacial de Silverman (según la dispersión y el número de incidentes); píxeles de {resolution}.",
    },
    "kde.user": {
        "en": "Search radius {bandwidth} (set by you); pixels of {resolution}.",
        "es": "Radio de búsqueda {bandwidth} (elegido por usted); píxeles de {resolution}.",
    },
    "kde.per_resident": {
        "en": "Divided by the residents per km²: incidents per 100,000 residents.",
        "es": "Dividido por los habitantes por km²: incidentes por 100.000 habitantes.",
    },
    "dbscan.result": {
        "en": "DBSCAN: an incident with at least {min_samples} incidents within {eps} starts or extends a cluster; {clusters} clusters, {noise} incidents in none.",
        "es": "DBSCAN: un incidente con al menos {min_samples} incidentes a menos de {eps} inicia o extiende un conglomerado; {clusters} conglomerados, {noise} incidentes en ninguno.",
    },
    "dbscan.eps_auto": {
        "en": "{eps} is the median distance to the {min_samples}th nearest incident divided by √2 or more: a cluster's core is at least twice as dense as the surroundings of the typical incident (the k-distance rule of Ester et al., 1996, read against the city's background), and denser when needed so that no cluster holds more than 15 % of the incidents (Schubert et al., 2017).",
        "es": "{eps} es la mediana de la distancia al {min_samples}.º incidente más cercano dividida por √2 o más: el núcleo de un conglomerado es al menos el doble de denso que el entorno del incidente típico (la regla de la distancia k de Ester et al., 1996, medida frente al fondo de la ciudad), y más denso cuando hace falta para que ningún conglomerado reúna más del 15 % de los incidentes (Schubert et al., 2017).",
    },
    "hdbscan.result": {
        "en": "HDBSCAN: clusters of at least {min_cluster_size} incidents that stay dense across scales, chosen by excess of mass (Campello et al., 2013), none holding more than 15 % of the incidents; {clusters} clusters, {noise} incidents in none.",
        "es": "HDBSCAN: conglomerados de al menos {min_cluster_size} incidentes que siguen densos a varias escalas, elegidos por exceso de masa (Campello et al., 2013), ninguno con más del 15 % de los incidentes; {clusters} conglomerados, {noise} incidentes en ninguno.",
    },
    "emerging.result": {
        "en": "{steps} time steps from {first} to {last}. Found: {found}.",
        "es": "{steps} periodos de {first} a {last}. Se encontró: {found}.",
    },
    "emerging.none": {"en": "no pattern", "es": "ningún patrón"},
}
