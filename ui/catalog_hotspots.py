"""Catalogue entries of the Hot spots page (merged into ``ui.i18n.CATALOG``).

The names of the methods, the trends and the 17 emerging patterns come
from :data:`models.messages.METHOD_NAMES`, ``TREND_NAMES`` and
``PATTERN_NAMES``, and the density legends
(``hotspots.legend.kde.<measure>``, ``<measure>`` being
``DensitySurface.measure``) from :data:`models.messages.UNIT_NAMES`, which
the CLI uses too, so the page and the command line use the same words.
"""

from __future__ import annotations

from models.messages import METHOD_NAMES, PATTERN_NAMES, TREND_NAMES, UNIT_NAMES

_PAGE: dict[str, dict[str, str]] = {
    "nav.hotspots": {"es": "Puntos calientes", "en": "Hot spots"},
    "hotspots.title": {"es": "Puntos calientes", "en": "Hot spots"},
    "hotspots.intro": {
        "es": "Dónde se concentran la violencia y los conflictos, si la concentración es real o azar, y dónde empeora. Los incidentes son los del periodo y las categorías elegidos en la barra lateral.",
        "en": "Where violence and conflicts concentrate, whether the concentration is real or chance, and where it is getting worse. The incidents are those of the period and categories chosen in the sidebar.",
    },
    # -- widgets -------------------------------------------------------------------
    "hotspots.method": {"es": "Método", "en": "Method"},
    "hotspots.method.help": {
        "es": "Gi* y LISA prueban si una zona concentra más incidentes de lo esperable por azar; la densidad de kernel los suaviza en una superficie; DBSCAN y HDBSCAN agrupan incidentes cercanos; los puntos calientes emergentes dicen si cada zona es nueva, se intensifica o disminuye.",
        "en": "Gi* and LISA test whether an area holds more incidents than chance would give; kernel density smooths them into a surface; DBSCAN and HDBSCAN group nearby incidents; emerging hot spots tell whether each area is new, intensifying or fading.",
    },
    "hotspots.about.gi": {
        "es": "Getis-Ord Gi*: cada celda con sus vecinas frente al promedio de la ciudad; rojo, más incidentes de lo esperable por azar (con 90, 95 o 99 % de confianza); azul, menos.",
        "en": "Getis-Ord Gi*: each cell with its neighbours against the city's average; red, more incidents than chance would give (at 90, 95 or 99 % confidence); blue, fewer.",
    },
    "hotspots.about.lisa": {
        "es": "I de Moran local: Alto-Alto son zonas altas rodeadas de zonas altas (conglomerados); Alto-Bajo y Bajo-Alto son casos atípicos. Significancia por 999 permutaciones.",
        "en": "Local Moran's I: High-High are high areas among high areas (clusters); High-Low and Low-High are outliers. Significance from 999 permutations.",
    },
    "hotspots.about.kde": {
        "es": "Superficie suavizada de incidentes (kernel cuártico); las líneas punteadas rodean el 5 % más denso del área de estudio.",
        "en": "A smoothed surface of incidents (quartic kernel); the dashed lines surround the densest 5 % of the study area.",
    },
    "hotspots.about.dbscan": {
        "es": "DBSCAN agrupa incidentes que tienen muchos otros cerca; cada conglomerado se dibuja como su envolvente, con su tamaño, daño, categorías, fechas y el espacio público más cercano.",
        "en": "DBSCAN groups incidents that have many others nearby; each cluster is drawn as its hull, with its size, harm, categories, dates and the nearest public space.",
    },
    "hotspots.about.hdbscan": {
        "es": "HDBSCAN encuentra conglomerados de densidades distintas sin fijar una distancia; es lento con más de 50.000 incidentes.",
        "en": "HDBSCAN finds clusters of different densities without a fixed distance; it is slow above 50,000 incidents.",
    },
    "hotspots.about.emerging": {
        "es": "Gi* en cada celda y cada periodo, y la tendencia de Mann-Kendall: clasifica cada celda en uno de los 17 patrones de ArcGIS (nuevo, en intensificación, persistente, en disminución, esporádico...).",
        "en": "Gi* in every cell and period, and the Mann-Kendall trend: each cell gets one of ArcGIS's 17 patterns (new, intensifying, persistent, diminishing, sporadic...).",
    },
    "hotspots.weight": {"es": "Contar", "en": "Count"},
    "hotspots.weight.count": {"es": "Número de incidentes", "en": "Number of incidents"},
    "hotspots.weight.harm": {"es": "Daño ponderado", "en": "Harm-weighted"},
    "hotspots.weight.help": {
        "es": "El daño ponderado suma el peso de cada categoría: un homicidio pesa {homicide:,.0f}, una queja por ruido 1.",
        "en": "Harm-weighted sums each category's weight: a homicide weighs {homicide:,.0f}, a noise complaint 1.",
    },
    "hotspots.units": {"es": "Unidades", "en": "Units"},
    "hotspots.units.cells": {"es": "Celdas", "en": "Cells"},
    "hotspots.units.neighborhoods": {
        "es": "Barrios (tasa por 100.000 hab.)",
        "en": "Neighbourhoods (rate per 100,000)",
    },
    "hotspots.units.help": {
        "es": "Con barrios, la variable es la tasa de incidentes por 100.000 habitantes al año y son vecinos los barrios que comparten un borde o una esquina.",
        "en": "With neighbourhoods, the variable is incidents per 100,000 residents a year, and neighbourhoods sharing a border or a corner are neighbours.",
    },
    "hotspots.shape": {"es": "Forma de celda", "en": "Cell shape"},
    "hotspots.shape.square": {"es": "Cuadrada", "en": "Square"},
    "hotspots.shape.hex": {"es": "Hexagonal", "en": "Hexagon"},
    "hotspots.auto": {"es": "automático", "en": "automatic"},
    "hotspots.cell": {"es": "Tamaño de celda (m)", "en": "Cell size (m)"},
    "hotspots.cell.help": {
        "es": "En blanco, se elige de los datos como lo hace el Análisis Optimizado de Puntos Calientes: la distancia media entre incidentes vecinos, o 1/100 del lado más largo de la ciudad si es mayor.",
        "en": "Blank: chosen from the data as Optimized Hot Spot Analysis does: the average distance between neighbouring incidents, or 1/100 of the city's longest side when that is larger.",
    },
    "hotspots.distance": {"es": "Distancia de vecindad (m)", "en": "Neighbourhood distance (m)"},
    "hotspots.distance.help": {
        "es": "Celdas a esta distancia o menos son vecinas. En blanco, la primera distancia en que la autocorrelación espacial alcanza un pico (autocorrelación espacial incremental).",
        "en": "Cells this close or closer are neighbours. Blank: the first distance at which spatial autocorrelation peaks (incremental spatial autocorrelation).",
    },
    "hotspots.fdr": {"es": "Corrección FDR", "en": "FDR correction"},
    "hotspots.fdr.help": {
        "es": "Corrige por hacer muchas pruebas a la vez (tasa de falsos descubrimientos): menos celdas significativas, pero más confiables.",
        "en": "Corrects for running many tests at once (false discovery rate): fewer significant cells, but more trustworthy ones.",
    },
    "hotspots.time_step": {"es": "Periodo", "en": "Time step"},
    "hotspots.time_step.M": {"es": "Mes", "en": "Month"},
    "hotspots.time_step.Q": {"es": "Trimestre", "en": "Quarter"},
    "hotspots.time_step.Y": {"es": "Año", "en": "Year"},
    "hotspots.time_step.help": {
        "es": "Cada celda se analiza en cada periodo; con pocos incidentes, un periodo más largo da patrones más claros.",
        "en": "Each cell is analysed in each time step; with few incidents, a longer step gives clearer patterns.",
    },
    "hotspots.bandwidth": {"es": "Radio de búsqueda (m)", "en": "Search radius (m)"},
    "hotspots.bandwidth.help": {
        "es": "En blanco, por la regla espacial de Silverman (según la dispersión y el número de incidentes), como ArcGIS.",
        "en": "Blank: the spatial Silverman rule (from how spread out and how many the incidents are), as ArcGIS does.",
    },
    "hotspots.per_resident": {"es": "Por habitante", "en": "Per resident"},
    "hotspots.per_resident.help": {
        "es": "Divide la densidad por la de población de los barrios: incidentes por 100.000 habitantes. Necesita la capa de barrios.",
        "en": "Divides the density by the neighbourhoods' population density: incidents per 100,000 residents. Needs the neighbourhoods layer.",
    },
    "hotspots.eps": {"es": "Distancia de búsqueda (m)", "en": "Search distance (m)"},
    "hotspots.eps.help": {
        "es": "En blanco, la distancia media de cada incidente a su vecino número «mínimo de incidentes».",
        "en": "Blank: the average distance from each incident to its “minimum incidents”-th nearest one.",
    },
    "hotspots.min_samples": {"es": "Mínimo de incidentes", "en": "Minimum incidents"},
    "hotspots.min_samples.help": {
        "es": "Incidentes (él incluido) que un incidente necesita a la distancia de búsqueda para iniciar un conglomerado.",
        "en": "Incidents (itself included) an incident needs within the search distance to start a cluster.",
    },
    "hotspots.min_cluster_size": {"es": "Tamaño mínimo", "en": "Minimum size"},
    "hotspots.min_cluster_size.help": {
        "es": "El conglomerado más pequeño, en incidentes.",
        "en": "The smallest cluster, in incidents.",
    },
    # -- running -----------------------------------------------------------------
    "hotspots.running": {"es": "Calculando {method}…", "en": "Running {method}…"},
    "hotspots.reason": {
        "es": "**Cómo se eligieron la escala y los parámetros.** {text}",
        "en": "**How the scale and parameters were chosen.** {text}",
    },
    "hotspots.details": {"es": "Detalle técnico", "en": "Technical detail"},
    "hotspots.tech.col.name": {"es": "Parámetro", "en": "Parameter"},
    "hotspots.tech.col.value": {"es": "Valor", "en": "Value"},
    "hotspots.tech.yes": {"es": "Sí", "en": "Yes"},
    "hotspots.tech.no": {"es": "No", "en": "No"},
    "hotspots.tech.counted": {"es": "Se cuenta", "en": "Counted"},
    "hotspots.tech.crs": {
        "es": "Sistema de referencia (para medir)",
        "en": "Projected CRS (for measuring)",
    },
    "hotspots.tech.period": {"es": "Periodo analizado", "en": "Period analysed"},
    "hotspots.tech.cell": {"es": "Tamaño de celda", "en": "Cell size"},
    "hotspots.tech.cell_rule": {
        "es": "Cómo se eligió el tamaño de celda",
        "en": "How the cell size was chosen",
    },
    "hotspots.tech.nn": {
        "es": "Distancia media al incidente más cercano",
        "en": "Mean distance to the nearest incident",
    },
    "hotspots.tech.distance": {"es": "Distancia de vecindad", "en": "Neighbourhood distance"},
    "hotspots.tech.distance_rule": {
        "es": "Cómo se eligió la distancia",
        "en": "How the distance was chosen",
    },
    "hotspots.tech.mean_neighbors": {
        "es": "Vecinos por celda (media)",
        "en": "Neighbours per cell (mean)",
    },
    "hotspots.tech.n_outside": {
        "es": "Incidentes fuera del área de estudio",
        "en": "Incidents outside the study area",
    },
    "hotspots.tech.neighbours": {"es": "Vecinos", "en": "Neighbours"},
    "hotspots.tech.queen": {
        "es": "Barrios que comparten borde o esquina",
        "en": "Neighbourhoods sharing a border or a corner",
    },
    "hotspots.tech.permutations": {"es": "Permutaciones", "en": "Permutations"},
    "hotspots.tech.seed": {"es": "Semilla aleatoria", "en": "Random seed"},
    "hotspots.tech.alpha": {"es": "Nivel de significancia", "en": "Significance level"},
    "hotspots.tech.bandwidth_rule": {
        "es": "Cómo se eligió el radio",
        "en": "How the radius was chosen",
    },
    "hotspots.tech.unit": {"es": "Unidad de la densidad", "en": "Unit of the density"},
    "hotspots.tech.unit.per_km2": {"es": "Por km²", "en": "Per km²"},
    "hotspots.tech.unit.per_100k_residents": {
        "es": "Por 100.000 habitantes",
        "en": "Per 100,000 residents",
    },
    "hotspots.tech.resolution": {"es": "Tamaño de píxel", "en": "Pixel size"},
    "hotspots.tech.levels": {
        "es": "Niveles dibujados (fracción más densa del área)",
        "en": "Levels drawn (densest share of the area)",
    },
    "hotspots.tech.hull": {"es": "Envolvente", "en": "Hull"},
    "hotspots.tech.hull.convex": {"es": "Convexa", "en": "Convex"},
    "hotspots.tech.hull.concave": {"es": "Cóncava", "en": "Concave"},
    "hotspots.tech.n_noise": {
        "es": "Incidentes fuera de conglomerados",
        "en": "Incidents in no cluster",
    },
    "hotspots.tech.periods": {"es": "Periodos", "en": "Time steps"},
    "hotspots.tech.window": {
        "es": "Ventana de vecindad en el tiempo (periodos)",
        "en": "Neighbourhood window in time (steps)",
    },
    "hotspots.tech.confidence": {"es": "Confianza mínima", "en": "Minimum confidence"},
    "hotspots.tech.trend_alpha": {
        "es": "Significancia de la tendencia",
        "en": "Significance of the trend",
    },
    "hotspots.tech.reference": {"es": "Referencia de Gi*", "en": "Gi* reference"},
    "hotspots.tech.reference.cube": {
        "es": "Todo el cubo espacio-tiempo",
        "en": "The whole space-time cube",
    },
    "hotspots.tech.reference.step": {
        "es": "Cada periodo por separado",
        "en": "Each time step on its own",
    },
    "hotspots.tech.rule.user": {"es": "Elegido por usted", "en": "Set by you"},
    "hotspots.tech.rule.nearest_neighbour": {
        "es": "Distancia media entre incidentes vecinos",
        "en": "Mean distance between neighbouring incidents",
    },
    "hotspots.tech.rule.extent": {
        "es": "1/100 del lado más largo del área",
        "en": "1/100 of the area's longest side",
    },
    "hotspots.tech.rule.max_cells": {
        "es": "Agrandado para no pasar del máximo de celdas",
        "en": "Enlarged to stay under the maximum number of cells",
    },
    "hotspots.tech.rule.first_peak": {
        "es": "Primer pico de autocorrelación espacial",
        "en": "First peak of spatial autocorrelation",
    },
    "hotspots.tech.rule.max_peak": {
        "es": "Pico más alto de autocorrelación (ninguno significativo)",
        "en": "Highest autocorrelation peak (none significant)",
    },
    "hotspots.tech.rule.k_neighbors": {
        "es": "Distancia media a los k vecinos más cercanos",
        "en": "Mean distance to the k nearest neighbours",
    },
    "hotspots.tech.rule.standard_distance": {
        "es": "Distancia estándar de los incidentes",
        "en": "Standard distance of the incidents",
    },
    "hotspots.tech.rule.silverman": {
        "es": "Regla espacial de Silverman",
        "en": "Spatial Silverman rule",
    },
    "hotspots.failed": {
        "es": "No se pudo hacer el análisis con estos filtros: {error}",
        "en": "The analysis could not run with these filters: {error}",
    },
    "hotspots.error.steps": {
        "es": "Los puntos calientes emergentes comparan periodos: necesitan al menos {need} y el periodo elegido da {n}. Amplíe el periodo en la barra lateral o elija periodos más cortos.",
        "en": "Emerging hot spots compare time steps: they need at least {need} and the chosen period gives {n}. Widen the period in the sidebar or choose shorter time steps.",
    },
    "hotspots.error.cells": {
        "es": "Los puntos calientes emergentes necesitan al menos {need} celdas y el área de estudio da {n}. Elija celdas más pequeñas.",
        "en": "Emerging hot spots need at least {need} cells and the study area gives {n}. Choose smaller cells.",
    },
    "hotspots.error.other": {
        "es": "El análisis no pudo hacerse con estos filtros y parámetros. Pruebe otro periodo, otras categorías u otro tamaño de celda.",
        "en": "The analysis could not run with these filters and parameters. Try another period, other categories or another cell size.",
    },
    "hotspots.error.original": {
        "es": "Mensaje original del programa (en inglés, para soporte técnico)",
        "en": "The program's original message (for technical support)",
    },
    "hotspots.too_few": {
        "es": "Solo {n} incidentes pasan los filtros: amplíe el periodo o las categorías.",
        "en": "Only {n} incidents pass the filters: widen the period or the categories.",
    },
    "hotspots.hdbscan.too_many": {
        "es": "{n:,} incidentes pasan los filtros; HDBSCAN es lento con más de {max:,}. Acote el periodo o las categorías en la barra lateral, o use DBSCAN.",
        "en": "{n:,} incidents pass the filters; HDBSCAN is slow above {max:,}. Narrow the period or the categories in the sidebar, or use DBSCAN.",
    },
    # -- map -----------------------------------------------------------------------
    "hotspots.layer.gi": {"es": "Puntos calientes y fríos (Gi*)", "en": "Hot and cold spots (Gi*)"},
    "hotspots.layer.lisa": {"es": "Conglomerados LISA", "en": "LISA clusters"},
    "hotspots.layer.kde": {"es": "Densidad de incidentes", "en": "Incident density"},
    "hotspots.layer.clusters": {"es": "Conglomerados", "en": "Clusters"},
    "hotspots.layer.emerging": {"es": "Patrones emergentes", "en": "Emerging patterns"},
    "hotspots.layer.top": {"es": "Principales puntos calientes", "en": "Top hot spots"},
    "hotspots.legend.gi": {"es": "Gi* (confianza)", "en": "Gi* (confidence)"},
    "hotspots.legend.lisa": {"es": "LISA", "en": "LISA"},
    "hotspots.legend.emerging": {"es": "Patrón", "en": "Pattern"},
    "hotspots.legend.clusters": {"es": "Conglomerados", "en": "Clusters"},
    "hotspots.legend.cluster_row": {
        "es": "Envolvente de un conglomerado",
        "en": "Hull of a cluster",
    },
    "hotspots.bin.3": {"es": "Caliente, 99 % de confianza", "en": "Hot spot, 99 % confidence"},
    "hotspots.bin.2": {"es": "Caliente, 95 % de confianza", "en": "Hot spot, 95 % confidence"},
    "hotspots.bin.1": {"es": "Caliente, 90 % de confianza", "en": "Hot spot, 90 % confidence"},
    "hotspots.bin.0": {"es": "No significativo", "en": "Not significant"},
    "hotspots.bin.m1": {"es": "Frío, 90 % de confianza", "en": "Cold spot, 90 % confidence"},
    "hotspots.bin.m2": {"es": "Frío, 95 % de confianza", "en": "Cold spot, 95 % confidence"},
    "hotspots.bin.m3": {"es": "Frío, 99 % de confianza", "en": "Cold spot, 99 % confidence"},
    "hotspots.lisa.high_high": {"es": "Alto-Alto", "en": "High-High"},
    "hotspots.lisa.low_low": {"es": "Bajo-Bajo", "en": "Low-Low"},
    "hotspots.lisa.high_low": {"es": "Alto-Bajo (atípico)", "en": "High-Low (outlier)"},
    "hotspots.lisa.low_high": {"es": "Bajo-Alto (atípico)", "en": "Low-High (outlier)"},
    "hotspots.lisa.not_significant": {"es": "No significativo", "en": "Not significant"},
    "hotspots.lisa.no_data": {
        "es": "Sin tasa (población desconocida o menor que el mínimo)",
        "en": "No rate (population unknown or below the minimum)",
    },
    "hotspots.tip.value.count": {"es": "Incidentes", "en": "Incidents"},
    "hotspots.tip.value.harm": {"es": "Unidades de daño", "en": "Harm units"},
    "hotspots.tip.z": {"es": "Puntaje z", "en": "z-score"},
    "hotspots.tip.p": {"es": "Valor p", "en": "p-value"},
    "hotspots.tip.rate.count": {
        "es": "Incidentes por 100.000 hab./año",
        "en": "Incidents per 100,000 residents a year",
    },
    "hotspots.tip.rate.harm": {
        "es": "Unidades de daño por 100.000 hab./año",
        "en": "Harm units per 100,000 residents a year",
    },
    "hotspots.tip.lisa": {"es": "Tipo", "en": "Type"},
    "hotspots.tip.pattern": {"es": "Patrón", "en": "Pattern"},
    "hotspots.tip.hot_steps": {"es": "Periodos caliente", "en": "Hot time steps"},
    "hotspots.tip.since": {"es": "Desde", "en": "Since"},
    "hotspots.tip.area_text": {"es": "Área", "en": "Area"},
    "hotspots.tip.held.count": {"es": "Incidentes que contiene", "en": "Incidents it holds"},
    "hotspots.tip.held.harm": {
        "es": "Unidades de daño que contiene",
        "en": "Harm units it holds",
    },
    "hotspots.tip.size": {"es": "Incidentes", "en": "Incidents"},
    "hotspots.tip.harm": {"es": "Unidades de daño", "en": "Harm units"},
    "hotspots.tip.categories": {"es": "Categorías principales", "en": "Main categories"},
    "hotspots.tip.span": {"es": "Periodo", "en": "Time span"},
    "hotspots.tip.nearest": {"es": "Espacio público más cercano", "en": "Nearest public space"},
    # -- figures -------------------------------------------------------------------
    "hotspots.metric.incidents": {"es": "Incidentes", "en": "Incidents"},
    "hotspots.metric.cells": {"es": "Celdas", "en": "Cells"},
    "hotspots.metric.neighborhoods": {"es": "Barrios", "en": "Neighbourhoods"},
    "hotspots.metric.hot": {"es": "Celdas calientes", "en": "Hot cells"},
    "hotspots.metric.cold": {"es": "Celdas frías", "en": "Cold cells"},
    "hotspots.metric.bandwidth": {"es": "Radio de búsqueda", "en": "Search radius"},
    "hotspots.metric.top_share": {"es": "En el 5 % más denso", "en": "In the densest 5 %"},
    "hotspots.metric.top_share.help": {
        "es": "Parte de los incidentes que cae en el 5 % más denso del área de estudio.",
        "en": "Share of the incidents that falls in the densest 5 % of the study area.",
    },
    "hotspots.metric.clusters": {"es": "Conglomerados", "en": "Clusters"},
    "hotspots.metric.in_clusters": {
        "es": "Incidentes en conglomerados",
        "en": "Incidents in clusters",
    },
    "hotspots.metric.emerging_hot": {"es": "Celdas calientes", "en": "Hot cells"},
    "hotspots.metric.emerging_hot.help": {
        "es": "Celdas con cualquiera de los ocho patrones calientes.",
        "en": "Cells with any of the eight hot patterns.",
    },
    "hotspots.metric.new_intensifying": {"es": "Empeorando", "en": "Getting worse"},
    "hotspots.metric.new_intensifying.help": {
        "es": "Celdas nuevas, consecutivas o en intensificación.",
        "en": "Cells that are new, consecutive or intensifying hot spots.",
    },
    # -- top hot spots -------------------------------------------------------------
    "hotspots.top.title": {"es": "Principales puntos calientes", "en": "Top hot spots"},
    # chosen by models.hotspots.ranked_by(result)
    "hotspots.top.caption.count": {
        "es": "Puntos calientes (cada uno, un pico con sus celdas alrededor, un área densa o un conglomerado), del que más incidentes concentra al que menos; el número coincide con la etiqueta en el mapa.",
        "en": "Hot spots (each one peak with the cells around it, one dense area or one cluster), from the one holding the most incidents down; the number matches the label on the map.",
    },
    "hotspots.top.caption.harm": {
        "es": "Puntos calientes (cada uno, un pico con sus celdas alrededor, un área densa o un conglomerado), del que más unidades de daño concentra al que menos; el número coincide con la etiqueta en el mapa.",
        "en": "Hot spots (each one peak with the cells around it, one dense area or one cluster), from the one holding the most harm units down; the number matches the label on the map.",
    },
    "hotspots.top.caption.rate": {
        "es": "Zonas de tasa alta, de la tasa más alta a la más baja; el número coincide con la etiqueta en el mapa.",
        "en": "Areas of high rates, from the highest rate down; the number matches the label on the map.",
    },
    "hotspots.top.none": {
        "es": "Este análisis no encontró puntos calientes con los filtros actuales.",
        "en": "This analysis found no hot spot with the current filters.",
    },
    "hotspots.col.rank": {"es": "N.º", "en": "#"},
    "hotspots.col.description": {"es": "Descripción", "en": "Description"},
    "hotspots.col.incidents": {"es": "Incidentes", "en": "Incidents"},
    "hotspots.col.harm": {"es": "Unidades de daño", "en": "Harm units"},
    "hotspots.col.area": {"es": "Área", "en": "Area"},
    "hotspots.col.confidence": {"es": "Confianza (%)", "en": "Confidence (%)"},
    "hotspots.col.trend": {"es": "Tendencia", "en": "Trend"},
    "hotspots.download.title": {"es": "Descargas", "en": "Downloads"},
    # -- downloads: column headers and coded values, in the UI's language -----------
    "hotspots.file.rank": {"es": "Puesto", "en": "Rank"},
    "hotspots.file.method": {"es": "Método", "en": "Method"},
    "hotspots.file.weight": {"es": "Se cuenta", "en": "Counted"},
    "hotspots.file.unit": {"es": "Unidad", "en": "Unit"},
    "hotspots.file.n_cells": {"es": "Celdas", "en": "Cells"},
    "hotspots.file.value": {
        "es": "Valor analizado (incidentes o daño)",
        "en": "Value analysed (incidents or harm)",
    },
    "hotspots.file.n_incidents": {"es": "Incidentes", "en": "Incidents"},
    "hotspots.file.harm": {"es": "Daño ponderado", "en": "Harm-weighted"},
    "hotspots.file.confidence": {"es": "Confianza (%)", "en": "Confidence (%)"},
    "hotspots.file.peak": {"es": "Máximo del estadístico", "en": "Peak of the statistic"},
    "hotspots.file.pattern": {"es": "Patrón", "en": "Pattern"},
    "hotspots.file.pattern_code": {"es": "Código del patrón", "en": "Pattern code"},
    "hotspots.file.since": {"es": "Desde", "en": "Since"},
    "hotspots.file.until": {"es": "Hasta", "en": "Until"},
    "hotspots.file.trend": {"es": "Tendencia", "en": "Trend"},
    "hotspots.file.top_categories": {"es": "Categorías principales", "en": "Main categories"},
    "hotspots.file.dominant_category": {"es": "Categoría dominante", "en": "Dominant category"},
    "hotspots.file.level": {
        "es": "Nivel de densidad (fracción del área)",
        "en": "Density level (share of the area)",
    },
    "hotspots.file.rate_100k": {"es": "Tasa por 100.000 hab./año", "en": "Rate per 100,000 a year"},
    "hotspots.file.nearest_space": {
        "es": "Espacio público más cercano",
        "en": "Nearest public space",
    },
    "hotspots.file.nearest_space_m": {
        "es": "Distancia al espacio público (m)",
        "en": "Distance to the public space (m)",
    },
    "hotspots.file.neighborhood": {"es": "Barrio", "en": "Neighbourhood"},
    "hotspots.file.area_km2": {"es": "Área (km²)", "en": "Area (km²)"},
    "hotspots.file.area": {"es": "Área", "en": "Area"},
    "hotspots.file.measure": {"es": "Unidad de las cifras", "en": "Unit of the figures"},
    "hotspots.file.description": {"es": "Descripción", "en": "Description"},
    "hotspots.file.cell_i": {"es": "Celda i", "en": "Cell i"},
    "hotspots.file.cell_j": {"es": "Celda j", "en": "Cell j"},
    "hotspots.file.n_neighbors": {"es": "Vecinos", "en": "Neighbours"},
    "hotspots.file.gi_z": {"es": "Gi* z", "en": "Gi* z"},
    "hotspots.file.gi_p": {"es": "Gi* valor p", "en": "Gi* p-value"},
    "hotspots.file.gi_bin": {"es": "Gi* clase (-3 a 3)", "en": "Gi* class (-3 to 3)"},
    "hotspots.file.gi_label": {"es": "Gi* resultado", "en": "Gi* result"},
    "hotspots.file.lisa_i": {"es": "I de Moran local", "en": "Local Moran's I"},
    "hotspots.file.lisa_p": {"es": "LISA valor p", "en": "LISA p-value"},
    "hotspots.file.lisa_q": {"es": "LISA cuadrante (1 a 4)", "en": "LISA quadrant (1 to 4)"},
    "hotspots.file.lisa_label": {"es": "LISA resultado", "en": "LISA result"},
    "hotspots.file.incidents": {"es": "Incidentes (o daño)", "en": "Incidents (or harm)"},
    "hotspots.file.area_id": {"es": "Área", "en": "Area"},
    "hotspots.file.threshold": {"es": "Densidad en el borde", "en": "Density at the edge"},
    "hotspots.file.share": {"es": "Fracción del total", "en": "Share of the total"},
    "hotspots.file.cluster": {"es": "Conglomerado", "en": "Cluster"},
    "hotspots.file.first_date": {"es": "Primer incidente", "en": "First incident"},
    "hotspots.file.last_date": {"es": "Último incidente", "en": "Last incident"},
    "hotspots.file.total": {"es": "Total (incidentes o daño)", "en": "Total (incidents or harm)"},
    "hotspots.file.trend_z": {"es": "Tendencia z (Mann-Kendall)", "en": "Trend z (Mann-Kendall)"},
    "hotspots.file.trend_p": {"es": "Tendencia valor p", "en": "Trend p-value"},
    "hotspots.file.trend_tau": {"es": "Tendencia tau", "en": "Trend tau"},
    "hotspots.file.count_trend_z": {"es": "Tendencia de incidentes z", "en": "Incident trend z"},
    "hotspots.file.count_trend_p": {
        "es": "Tendencia de incidentes valor p",
        "en": "Incident trend p-value",
    },
    "hotspots.file.n_hot_steps": {"es": "Periodos caliente", "en": "Hot time steps"},
    "hotspots.file.n_cold_steps": {"es": "Periodos frío", "en": "Cold time steps"},
    "hotspots.file.final_bin": {
        "es": "Clase del último periodo",
        "en": "Class of the last time step",
    },
    "hotspots.file.hot_since": {"es": "Caliente desde", "en": "Hot since"},
    "hotspots.file.cold_since": {"es": "Frío desde", "en": "Cold since"},
    "hotspots.value.unit.cell": {"es": "Celdas", "en": "Cells"},
    "hotspots.value.unit.neighborhood": {"es": "Barrios", "en": "Neighbourhoods"},
    "hotspots.value.unit.area": {"es": "Área densa", "en": "Dense area"},
    "hotspots.value.unit.cluster": {"es": "Conglomerado", "en": "Cluster"},
    "hotspots.value.pattern.hot": {"es": "Caliente", "en": "Hot"},
    "hotspots.value.pattern.dense": {"es": "Densa", "en": "Dense"},
    "hotspots.value.pattern.cluster": {"es": "Conglomerado", "en": "Cluster"},
    "hotspots.download.result": {"es": "Resultado ({fmt})", "en": "Result ({fmt})"},
    "hotspots.download.top": {
        "es": "Principales puntos calientes ({fmt})",
        "en": "Top hot spots ({fmt})",
    },
}

HOTSPOTS: dict[str, dict[str, str]] = {
    **_PAGE,
    **{f"hotspots.method.{code}": dict(names) for code, names in METHOD_NAMES.items()},
    **{f"hotspots.trend.{code}": dict(names) for code, names in TREND_NAMES.items()},
    **{f"hotspots.pattern.{code}": dict(names) for code, names in PATTERN_NAMES.items()},
    **{
        f"hotspots.legend.kde.{code}": {
            lang: text[:1].upper() + text[1:] for lang, text in names.items()
        }
        for code, names in UNIT_NAMES.items()
    },
}
