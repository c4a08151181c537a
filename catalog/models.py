"""The words of the hot-spot results, in Spanish and English (data only).

:data:`PATTERN_NAMES` names ArcGIS's 17 emerging hot spot patterns;
:data:`SENTENCES` holds the pieces of ``models.hotspots.describe`` and
``models.hotspots.explain``. Kept apart from ``models.hotspots`` so the app and
the CLI can load them without importing the analysis (scikit-learn, esda),
which would slow every start. :mod:`catalog.say` files them in the one
catalogue as ``hotspots.method.<code>``, ``hotspots.trend.<code>``,
``hotspots.pattern.<code>``, ``hotspots.unit.<code>`` and
``hotspots.sentence.<key>``.
"""

from __future__ import annotations

#: Names of the hot-spot methods, both languages (the page's method picker and the CLI).
METHOD_NAMES: dict[str, dict[str, str]] = {
    "gi": {"es": "Puntos calientes Gi*", "en": "Gi* hot spots"},
    "lisa": {"es": "LISA (I de Moran local)", "en": "LISA (local Moran's I)"},
    "kde": {"es": "Densidad de kernel", "en": "Kernel density"},
    "dbscan": {"es": "Conglomerados DBSCAN", "en": "DBSCAN clusters"},
    "hdbscan": {"es": "Conglomerados HDBSCAN", "en": "HDBSCAN clusters"},
    "emerging": {"es": "Puntos calientes emergentes", "en": "Emerging hot spots"},
}

#: Words of the monthly trend of a top hot spot (its ``trend`` column), both languages.
TREND_NAMES: dict[str, dict[str, str]] = {
    "rising": {"es": "En aumento", "en": "Rising"},
    "falling": {"es": "En descenso", "en": "Falling"},
    "steady": {"es": "Estable", "en": "Steady"},
}

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

#: Units of the figures the hot-spot results show (``DensitySurface.measure``, the
#: ``measure`` column of the top hot spots), lower case for a sentence; the page's
#: legends capitalise them. "Over the period" is the whole period analysed.
UNIT_NAMES: dict[str, dict[str, str]] = {
    "incidents": {"en": "incidents over the period", "es": "incidentes en el periodo"},
    "harm": {"en": "harm units over the period", "es": "unidades de daño en el periodo"},
    "incidents_per_km2": {
        "en": "incidents per km² over the period",
        "es": "incidentes por km² en el periodo",
    },
    "harm_per_km2": {
        "en": "harm units per km² over the period",
        "es": "unidades de daño por km² en el periodo",
    },
    "incidents_per_100k": {
        "en": "incidents per 100,000 residents over the period",
        "es": "incidentes por 100.000 habitantes en el periodo",
    },
    "harm_per_100k": {
        "en": "harm units per 100,000 residents over the period",
        "es": "unidades de daño por 100.000 habitantes en el periodo",
    },
    "incidents_per_100k_year": {
        "en": "incidents per 100,000 residents a year",
        "es": "incidentes por 100.000 habitantes al año",
    },
    "harm_per_100k_year": {
        "en": "harm units per 100,000 residents a year",
        "es": "unidades de daño por 100.000 habitantes al año",
    },
}

#: The sentence pieces of :func:`describe` and :func:`explain`, both languages.
SENTENCES: dict[str, dict[str, str]] = {
    # -- describe: who -----------------------------------------------------------
    "who.cell.one": {"en": "1 cell", "es": "1 celda"},
    "who.cell.other": {"en": "{n} cells", "es": "{n} celdas"},
    "who.neighborhood.one": {"en": "1 neighbourhood", "es": "1 barrio"},
    "who.neighborhood.other": {"en": "{n} neighbourhoods", "es": "{n} barrios"},
    "who.area": {"en": "An area of {area}", "es": "Un área de {area}"},
    "who.cluster": {
        "en": "A cluster of {incidents} incidents",
        "es": "Un conglomerado de {incidents} incidentes",
    },
    # -- describe: where ---------------------------------------------------------
    "where.around": {"en": "around {space}", "es": "alrededor de {space}"},
    "where.near": {"en": "{distance} from {space}", "es": "a {distance} de {space}"},
    "where.in": {"en": "in {neighborhood}", "es": "en {neighborhood}"},
    "where.hoods": {"en": "({names})", "es": "({names})"},
    "where.more": {"en": "{names} and {n} more", "es": "{names} y {n} más"},
    # -- describe: what ----------------------------------------------------------
    "what.gi": {
        "en": "a hot spot at {confidence} % confidence",
        "es": "un punto caliente con {confidence} % de confianza",
    },
    "what.lisa": {
        "en": "a cluster of high values among high neighbours (High-High) at {confidence} % confidence",
        "es": "un conglomerado de valores altos entre vecinos altos (Alto-Alto) con {confidence} % de confianza",
    },
    "what.lisa_hoods": {
        "en": "a high rate among high-rate neighbours, up to {rate} {unit}",
        "es": "una tasa alta entre vecinos de tasa alta, hasta {rate} {unit}",
    },
    "what.emerging.new_hot": {
        "en": "a new hot spot, hot for the first time in the last period, {since} ({confidence} % confidence)",
        "es": "un punto caliente nuevo, caliente por primera vez en el último periodo, {since} ({confidence} % de confianza)",
    },
    "what.emerging.consecutive_hot": {
        "en": "a consecutive hot spot, hot in every period since {since} and never before ({confidence} % confidence in the last period)",
        "es": "un punto caliente consecutivo, caliente en todos los periodos desde {since} y nunca antes ({confidence} % de confianza en el último periodo)",
    },
    "what.emerging.intensifying_hot": {
        "en": "an intensifying hot spot, hot in at least 90 % of the periods, the last one included ({confidence} % confidence), and more intensely over time",
        "es": "un punto caliente en intensificación, caliente en al menos el 90 % de los periodos, incluido el último ({confidence} % de confianza), y cada vez con más intensidad",
    },
    "what.emerging.persistent_hot": {
        "en": "a persistent hot spot, hot in at least 90 % of the periods, the last one included ({confidence} % confidence), with no clear rise or fall in intensity",
        "es": "un punto caliente persistente, caliente en al menos el 90 % de los periodos, incluido el último ({confidence} % de confianza), sin aumento ni descenso claro de la intensidad",
    },
    "what.emerging.diminishing_hot": {
        "en": "a diminishing hot spot, hot in at least 90 % of the periods, the last one included ({confidence} % confidence), but less intensely over time",
        "es": "un punto caliente en disminución, caliente en al menos el 90 % de los periodos, incluido el último ({confidence} % de confianza), pero cada vez con menos intensidad",
    },
    "what.emerging.sporadic_hot": {
        "en": "a sporadic hot spot, hot again since {since} ({confidence} % confidence in the last period) after being hot on and off before, and never cold",
        "es": "un punto caliente esporádico, caliente de nuevo desde {since} ({confidence} % de confianza en el último periodo) tras serlo de forma intermitente, y nunca frío",
    },
    "what.emerging.oscillating_hot": {
        "en": "an oscillating hot spot, hot since {since} ({confidence} % confidence in the last period) after having been a cold spot earlier",
        "es": "un punto caliente oscilante, caliente desde {since} ({confidence} % de confianza en el último periodo) después de haber sido un punto frío",
    },
    "what.emerging.historical_hot": {
        "en": "a historical hot spot, hot in at least 90 % of the periods but not in the last one",
        "es": "un punto caliente histórico, caliente en al menos el 90 % de los periodos pero no en el último",
    },
    "what.emerging.new_cold": {
        "en": "a new cold spot, cold for the first time in the last period, {since} ({confidence} % confidence)",
        "es": "un punto frío nuevo, frío por primera vez en el último periodo, {since} ({confidence} % de confianza)",
    },
    "what.emerging.consecutive_cold": {
        "en": "a consecutive cold spot, cold in every period since {since} and never before ({confidence} % confidence in the last period)",
        "es": "un punto frío consecutivo, frío en todos los periodos desde {since} y nunca antes ({confidence} % de confianza en el último periodo)",
    },
    "what.emerging.intensifying_cold": {
        "en": "an intensifying cold spot, cold in at least 90 % of the periods, the last one included ({confidence} % confidence), and ever colder",
        "es": "un punto frío en intensificación, frío en al menos el 90 % de los periodos, incluido el último ({confidence} % de confianza), y cada vez más frío",
    },
    "what.emerging.persistent_cold": {
        "en": "a persistent cold spot, cold in at least 90 % of the periods, the last one included ({confidence} % confidence), with no clear trend",
        "es": "un punto frío persistente, frío en al menos el 90 % de los periodos, incluido el último ({confidence} % de confianza), sin tendencia clara",
    },
    "what.emerging.diminishing_cold": {
        "en": "a diminishing cold spot, cold in at least 90 % of the periods, the last one included ({confidence} % confidence), but less cold over time",
        "es": "un punto frío en disminución, frío en al menos el 90 % de los periodos, incluido el último ({confidence} % de confianza), pero cada vez menos frío",
    },
    "what.emerging.sporadic_cold": {
        "en": "a sporadic cold spot, cold again since {since} ({confidence} % confidence in the last period) after being cold on and off before, and never hot",
        "es": "un punto frío esporádico, frío de nuevo desde {since} ({confidence} % de confianza en el último periodo) tras serlo de forma intermitente, y nunca caliente",
    },
    "what.emerging.oscillating_cold": {
        "en": "an oscillating cold spot, cold since {since} ({confidence} % confidence in the last period) after having been a hot spot earlier",
        "es": "un punto frío oscilante, frío desde {since} ({confidence} % de confianza en el último periodo) después de haber sido un punto caliente",
    },
    "what.emerging.historical_cold": {
        "en": "a historical cold spot, cold in at least 90 % of the periods but not in the last one",
        "es": "un punto frío histórico, frío en al menos el 90 % de los periodos pero no en el último",
    },
    "what.emerging.no_pattern": {
        "en": "no pattern over time",
        "es": "sin patrón en el tiempo",
    },
    "what.kde": {
        "en": "in the densest {level} % of the city, with {held} inside (up to {peak} {unit})",
        "es": "en el {level} % más denso de la ciudad, con {held} dentro (hasta {peak} {unit})",
    },
    "what.kde_rate": {
        "en": "in the {level} % of the city with the highest rates, up to {peak} {unit}, with {held} inside",
        "es": "en el {level} % de la ciudad con las tasas más altas, hasta {peak} {unit}, con {held} dentro",
    },
    "what.cluster": {
        "en": "mainly {categories} incidents, from {since} to {until}",
        "es": "principalmente {categories}, de {since} a {until}",
    },
    "what.incidents": {"en": "incidents", "es": "incidentes"},
    "what.incidents.one": {"en": "incident", "es": "incidente"},
    "what.harm": {"en": "harm units", "es": "unidades de daño"},
    "and": {"en": "and", "es": "y"},
    "trend.rising": {"en": "; incidents rising", "es": "; incidentes en aumento"},
    "trend.falling": {"en": "; incidents falling", "es": "; incidentes en descenso"},
    # -- explain: the scale -------------------------------------------------------
    "cell.user": {
        "en": "Cells are {size} wide (set by you).",
        "es": "Las celdas miden {size} (elegido por usted).",
    },
    "cell.nearest_neighbour": {
        "en": "Cells are {size} wide, the average distance between neighbouring incidents ({nn}).",
        "es": "Las celdas miden {size}, la distancia media entre incidentes vecinos ({nn}).",
    },
    "cell.extent": {
        "en": "Cells are {size} wide, 1/100 of the study area's longest side, because that is larger than the average distance between neighbouring incidents ({nn}).",
        "es": "Las celdas miden {size}, 1/100 del lado más largo del área de estudio, porque eso es mayor que la distancia media entre incidentes vecinos ({nn}).",
    },
    "cell.max_cells": {
        "en": "Cells are {size} wide, enlarged so that the study area holds at most {max} cells.",
        "es": "Las celdas miden {size}, agrandadas para que el área de estudio tenga como máximo {max} celdas.",
    },
    "distance.user": {
        "en": "Cells up to {distance} apart are neighbours (set by you).",
        "es": "Son vecinas las celdas a {distance} o menos (elegido por usted).",
    },
    "distance.first_peak": {
        "en": "Cells up to {distance} apart are neighbours: at that distance clustering first peaks (Moran's I z = {z}).",
        "es": "Son vecinas las celdas a {distance} o menos: a esa distancia la agrupación alcanza su primer pico (z del I de Moran = {z}).",
    },
    "distance.max_peak": {
        "en": "Cells up to {distance} apart are neighbours: no peak of clustering is significant, so the highest one is used (Moran's I z = {z}).",
        "es": "Son vecinas las celdas a {distance} o menos: ningún pico de agrupación es significativo, así que se usa el más alto (z del I de Moran = {z}).",
    },
    "distance.k_neighbors": {
        "en": "Cells up to {distance} apart are neighbours: clustering shows no peak, so this is the distance at which a cell has {k} neighbours.",
        "es": "Son vecinas las celdas a {distance} o menos: la agrupación no muestra ningún pico, así que es la distancia a la que una celda tiene {k} vecinas.",
    },
    "distance.standard_distance": {
        "en": "Cells up to {distance} apart are neighbours: clustering shows no peak, so this is one standard distance of the cells.",
        "es": "Son vecinas las celdas a {distance} o menos: la agrupación no muestra ningún pico, así que es una distancia estándar de las celdas.",
    },
    "neighbors": {
        "en": "A cell has {k} neighbours on average.",
        "es": "Cada celda tiene {k} vecinas en promedio.",
    },
    "gi.result": {
        "en": "Gi* finds {hot} hot and {cold} cold cells among {n}, {fdr}.",
        "es": "Gi* encuentra {hot} celdas calientes y {cold} frías entre {n}, {fdr}.",
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
        "en": "Local Moran's I with {permutations} permutations ({test}) finds {hh} High-High, {ll} Low-Low, {hl} High-Low and {lh} Low-High among {n}.",
        "es": "El I de Moran local con {permutations} permutaciones ({test}) encuentra {hh} Alto-Alto, {ll} Bajo-Bajo, {hl} Alto-Bajo y {lh} Bajo-Alto entre {n}.",
    },
    "lisa.test.fdr": {
        "en": "false discovery rate 0.05",
        "es": "tasa de falsos descubrimientos 0,05",
    },
    "lisa.test.p": {"en": "pseudo p ≤ 0.05", "es": "pseudo p ≤ 0,05"},
    "lisa.hoods": {
        "en": "The rate analysed is {unit}, in {n} neighbourhoods; neighbourhoods that share a border or a corner are neighbours.",
        "es": "La tasa analizada es de {unit}, en {n} barrios; son vecinos los barrios que comparten un borde o una esquina.",
    },
    "kde.silverman": {
        "en": "The search radius is {bandwidth}, by the spatial Silverman rule (from how spread out and how many the incidents are); pixels are {resolution} wide.",
        "es": "El radio de búsqueda es de {bandwidth}, por la regla espacial de Silverman (según la dispersión y el número de incidentes); los píxeles miden {resolution}.",
    },
    "kde.user": {
        "en": "The search radius is {bandwidth} (set by you); pixels are {resolution} wide.",
        "es": "El radio de búsqueda es de {bandwidth} (elegido por usted); los píxeles miden {resolution}.",
    },
    "kde.unit": {
        "en": "The surface shows {unit}.",
        "es": "La superficie muestra {unit}.",
    },
    "kde.per_resident": {
        "en": "The density of incidents is divided by that of residents, smoothed with the same kernel; places with fewer than {min} residents within the search radius are left blank.",
        "es": "La densidad de incidentes se divide por la de habitantes, suavizada con el mismo kernel; los lugares con menos de {min} habitantes dentro del radio de búsqueda quedan en blanco.",
    },
    "dbscan.result": {
        "en": "In DBSCAN an incident with at least {min_samples} incidents within {eps} starts or extends a cluster; it finds {clusters} clusters and leaves {noise} incidents in none.",
        "es": "En DBSCAN, un incidente con al menos {min_samples} incidentes a menos de {eps} inicia o extiende un conglomerado; encuentra {clusters} conglomerados y deja {noise} incidentes fuera de todos.",
    },
    "dbscan.eps_sampled": {
        "en": "Above {above} incidents that median is measured on a fixed sample of {sample} of them, the same at every run (within a fraction of a per cent of the full median).",
        "es": "Con más de {above} incidentes esa mediana se mide en una muestra fija de {sample} de ellos, la misma en cada ejecución (a una fracción de un uno por ciento de la mediana completa).",
    },
    "dbscan.eps_auto": {
        "en": "{eps} is the median distance to the {min_samples}th nearest incident divided by √2 or more: a cluster's core is at least twice as dense as the surroundings of the typical incident (the k-distance rule of Ester et al., 1996, read against the city's background), and denser when needed so that no cluster holds more than {share} of the incidents (Schubert et al., 2017).",
        "es": "{eps} es la mediana de la distancia al {min_samples}.º incidente más cercano dividida por √2 o más: el núcleo de un conglomerado es al menos el doble de denso que el entorno del incidente típico (la regla de la distancia k de Ester et al., 1996, medida frente al fondo de la ciudad), y más denso cuando hace falta para que ningún conglomerado reúna más del {share} de los incidentes (Schubert et al., 2017).",
    },
    "hdbscan.result": {
        "en": "HDBSCAN keeps the clusters of at least {min_cluster_size} incidents that stay dense across scales, chosen by excess of mass (Campello et al., 2013), none holding more than {share} of the incidents; it finds {clusters} clusters and leaves {noise} incidents in none.",
        "es": "HDBSCAN conserva los conglomerados de al menos {min_cluster_size} incidentes que siguen densos a varias escalas, elegidos por exceso de masa (Campello et al., 2013), ninguno con más del {share} de los incidentes; encuentra {clusters} conglomerados y deja {noise} incidentes fuera de todos.",
    },
    "emerging.result": {
        "en": "The analysis covers {steps} time steps, from {first} to {last}, and finds these patterns (cells): {found}.",
        "es": "El análisis cubre {steps} periodos, de {first} a {last}, y encuentra estos patrones (celdas): {found}.",
    },
    "emerging.none": {"en": "none", "es": "ninguno"},
}
