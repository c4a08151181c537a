"""The app's shell, the Map page and its summary, in Spanish and English (data only).

Keys are the catalogue's own (``map.title``, ``summary.col.rate``); see
:mod:`catalog.say`.
"""

from __future__ import annotations

from typing import Literal

#: A language of the app and the CLI.
Language = Literal["es", "en"]

#: The languages of the app and the CLI, with their names in their own language.
LANGUAGES: dict[str, str] = {"es": "Español", "en": "English"}

WORDS: dict[str, dict[str, str]] = {
    # -- app shell ---------------------------------------------------------
    "app.title": {"es": "Convivencia", "en": "Convivencia"},
    "app.tagline": {
        "es": "Prevención de la violencia con datos del territorio",
        "en": "Violence prevention with neighbourhood data",
    },
    "app.working": {"es": "Cargando y calculando…", "en": "Loading and computing…"},
    "nav.map": {"es": "Mapa", "en": "Map"},
    "nav.data": {"es": "Datos", "en": "Data"},
    "nav.section.analysis": {"es": "Análisis", "en": "Analysis"},
    "nav.section.data": {"es": "Datos", "en": "Data"},
    "sidebar.language": {"es": "Idioma", "en": "Language"},
    "sidebar.workspace": {"es": "Espacio de trabajo", "en": "Workspace"},
    "sidebar.workspace.help": {
        "es": "Archivo GeoPackage con las capas de la ciudad. Se buscan en {folder}.",
        "en": "GeoPackage file with the city's layers. Looked for in {folder}.",
    },
    "sidebar.dates": {"es": "Periodo", "en": "Period"},
    "sidebar.dates.help": {
        "es": "Fechas (incluidas) de los incidentes que se analizan en todas las páginas.",
        "en": "Dates (inclusive) of the incidents analysed on every page.",
    },
    "sidebar.categories": {"es": "Categorías", "en": "Categories"},
    "sidebar.categories.help": {
        "es": "Categorías de incidentes incluidas en todas las páginas.",
        "en": "Incident categories included on every page.",
    },
    "sidebar.group.violence": {"es": "Violencia", "en": "Violence"},
    "sidebar.group.convivencia": {"es": "Convivencia", "en": "Convivencia"},
    "sidebar.group.property": {"es": "Patrimonio", "en": "Property"},
    "sidebar.group.other": {"es": "Otros", "en": "Other"},
    "sidebar.no_workspace": {
        "es": "No hay espacio de trabajo. Cree el de demostración con `make run` o `python cli.py demo --out data/demo.gpkg`, o importe un archivo en la página Datos.",
        "en": "No workspace found. Build the demo with `make run` or `python cli.py demo --out data/demo.gpkg`, or import a file on the Data page.",
    },
    "sidebar.no_incidents": {
        "es": "Este espacio de trabajo aún no tiene incidentes: los filtros de fecha y categoría se activan al importarlos.",
        "en": "This workspace has no incidents yet: the date and category filters appear once they are imported.",
    },
    "synthetic.banner": {
        "es": "**Datos sintéticos.** «{city}» es una ciudad de demostración generada al azar con el tamaño de Palmira. Ninguna cifra aquí es de Palmira ni de otra ciudad real.",
        "en": "**Synthetic data.** “{city}” is a randomly generated demo city of Palmira's size. No figure here is Palmira's or any real city's.",
    },
    "synthetic.map": {
        "es": "Datos sintéticos — no son cifras reales",
        "en": "Synthetic data — not real figures",
    },
    "missing.layer": {
        "es": "Falta la capa `{layer}`: añadiría {adds}. Impórtela en la página Datos.",
        "en": "The `{layer}` layer is missing: it would add {adds}. Import it on the Data page.",
    },
    "layer.incidents": {"es": "Incidentes", "en": "Incidents"},
    "layer.public_spaces": {"es": "Espacios públicos", "en": "Public spaces"},
    "layer.neighborhoods": {"es": "Barrios", "en": "Neighbourhoods"},
    "layer.territories": {"es": "Territorios de gestores", "en": "Gestores' territories"},
    "layer.programs": {"es": "Programas", "en": "Programmes"},
    "layer.streets": {"es": "Calles", "en": "Streets"},
    "adds.incidents": {
        "es": "dónde y cuándo ocurren la violencia y los conflictos de convivencia",
        "en": "where and when violence and convivencia conflicts happen",
    },
    "adds.public_spaces": {
        "es": "los parques y espacios públicos que se pueden activar, sobre los incidentes",
        "en": "parks and public spaces to activate, drawn over the incidents",
    },
    "adds.neighborhoods": {
        "es": "las tasas por 100.000 habitantes, el límite de la ciudad y la priorización de barrios",
        "en": "rates per 100,000 residents, the city's boundary and neighbourhood rankings",
    },
    "adds.territories": {
        "es": "los territorios de los equipos de gestores de convivencia y su cobertura de la necesidad",
        "en": "the gestores de convivencia teams' territories and their coverage of the need",
    },
    "adds.programs": {
        "es": "qué se hace y dónde, en los cinco componentes de PAZOS",
        "en": "what is being done where, under the five PAZOS components",
    },
    "adds.streets": {
        "es": "áreas de influencia a pie que siguen las calles en vez de círculos en línea recta",
        "en": "walking catchments that follow the streets instead of straight-line rings",
    },
    # -- map page ------------------------------------------------------------
    "map.title": {"es": "Mapa de incidentes", "en": "Incident map"},
    "map.intro": {
        "es": "Incidentes agregados en celdas sobre parques, barrios y territorios de gestores. Active o apague capas con el control del mapa.",
        "en": "Incidents aggregated to cells over parks, neighbourhoods and gestores' territories. Toggle layers with the map's control.",
    },
    "map.shape": {"es": "Forma de celda", "en": "Cell shape"},
    "map.shape.square": {"es": "Cuadrada", "en": "Square"},
    "map.shape.hex": {"es": "Hexagonal", "en": "Hexagon"},
    "map.size": {"es": "Tamaño de celda (m)", "en": "Cell size (m)"},
    "map.size.help": {
        "es": "Lado del cuadrado o ancho del hexágono, en metros, medido en {crs}.",
        "en": "Square side or hexagon width, in metres, measured in {crs}.",
    },
    "map.weight": {"es": "Color según", "en": "Colour by"},
    "map.weight.harm": {"es": "Daño ponderado", "en": "Harm-weighted"},
    "map.weight.count": {"es": "Número de incidentes", "en": "Number of incidents"},
    "map.weight.help": {
        "es": "El daño ponderado suma el peso de cada categoría (índice de daño de Cambridge): un homicidio pesa {homicide:,.0f}, una queja por ruido 1.",
        "en": "Harm-weighted sums each category's weight (Cambridge Crime Harm Index): a homicide weighs {homicide:,.0f}, a noise complaint 1.",
    },
    "map.points": {"es": "Mostrar incidentes individuales", "en": "Show individual incidents"},
    "map.options": {
        "es": "Celdas: {shape} · {size} m · {weight}",
        "en": "Cells: {shape} · {size} m · {weight}",
    },
    "map.options.points": {"es": "incidentes individuales", "en": "individual incidents"},
    "map.points.help": {
        "es": "Solo cuando hay {max:,} incidentes o menos con los filtros actuales.",
        "en": "Only when {max:,} incidents or fewer pass the current filters.",
    },
    "map.points.too_many": {
        "es": "{n:,} incidentes pasan los filtros: se dibujan agregados en celdas (el máximo para dibujarlos uno a uno es {max:,}). Acote el periodo o las categorías.",
        "en": "{n:,} incidents pass the filters: they are drawn aggregated to cells (the most drawn one by one is {max:,}). Narrow the period or the categories.",
    },
    "map.layer.cells": {"es": "Incidentes por celda", "en": "Incidents per cell"},
    "map.layer.points": {"es": "Incidentes", "en": "Incidents"},
    "map.basemap": {"es": "Mapa base", "en": "Basemap"},
    "map.attribution.osm": {
        "es": "&copy; colaboradores de OpenStreetMap",
        "en": "&copy; OpenStreetMap contributors",
    },
    "map.drawing": {"es": "Dibujando el mapa…", "en": "Drawing the map…"},
    "map.legend.harm": {
        "es": "Unidades de daño por celda en el periodo",
        "en": "Harm units per cell over the period",
    },
    "map.legend.count": {
        "es": "Incidentes por celda en el periodo",
        "en": "Incidents per cell over the period",
    },
    "map.legend.status": {"es": "Estado de activación", "en": "Activation status"},
    "map.legend.space_outline": {
        "es": "Parque, plaza o cancha (contorno)",
        "en": "Park, plaza or sports field (outline)",
    },
    "map.tooltip.n": {"es": "Incidentes", "en": "Incidents"},
    "map.tooltip.harm": {"es": "Daño ponderado", "en": "Harm-weighted"},
    "map.empty": {
        "es": "Ningún incidente pasa los filtros actuales.",
        "en": "No incident passes the current filters.",
    },
    "map.outside": {
        "es": "{n:,} incidentes caen fuera de los barrios y no se dibujan en celdas.",
        "en": "{n:,} incidents fall outside the neighbourhoods and are not drawn in cells.",
    },
    "map.cells_caption": {
        "es": "{cells:,} celdas con incidentes; cortes de la leyenda por {scheme}.",
        "en": "{cells:,} cells with incidents; legend breaks by {scheme}.",
    },
    "status.active": {"es": "Activo", "en": "Active"},
    "status.planned": {"es": "Planeado", "en": "Planned"},
    "status.inactive": {"es": "Inactivo", "en": "Inactive"},
    "status.unknown": {"es": "Sin dato", "en": "Unknown"},
    "kind.park": {"es": "Parque", "en": "Park"},
    "kind.plaza": {"es": "Plaza", "en": "Plaza"},
    "kind.sports_field": {"es": "Cancha", "en": "Sports field"},
    "kind.playground": {"es": "Parque infantil", "en": "Playground"},
    "kind.community_center": {"es": "Centro comunitario", "en": "Community centre"},
    "kind.other": {"es": "Otro", "en": "Other"},
    "condition.good": {"es": "Bueno", "en": "Good"},
    "condition.fair": {"es": "Regular", "en": "Fair"},
    "condition.poor": {"es": "Malo", "en": "Poor"},
    "lighting.good": {"es": "Buena", "en": "Good"},
    "lighting.partial": {"es": "Parcial", "en": "Partial"},
    "lighting.none": {"es": "Sin iluminación", "en": "None"},
    "field.name": {"es": "Nombre", "en": "Name"},
    "field.kind": {"es": "Tipo", "en": "Kind"},
    "field.condition": {"es": "Estado físico", "en": "Condition"},
    "field.lighting": {"es": "Iluminación", "en": "Lighting"},
    "field.activation_status": {"es": "Activación", "en": "Activation"},
    "field.activation_cost": {"es": "Costo de activación", "en": "Activation cost"},
    "field.comuna": {"es": "Comuna", "en": "Comuna"},
    "field.population": {"es": "Población", "en": "Population"},
    "field.team": {"es": "Equipo", "en": "Team"},
    "field.gestores": {"es": "Gestores", "en": "Gestores"},
    "field.category": {"es": "Categoría", "en": "Category"},
    "field.occurred_at": {"es": "Fecha y hora", "en": "Date and time"},
    # -- summary -------------------------------------------------------------
    "summary.title": {"es": "Resumen del periodo", "en": "Summary of the period"},
    "summary.period": {
        "es": "{start} a {end} ({days:,} días)",
        "en": "{start} to {end} ({days:,} days)",
    },
    "summary.incidents": {"es": "Incidentes", "en": "Incidents"},
    "summary.harm": {"es": "Unidades de daño", "en": "Harm units"},
    "summary.homicides": {"es": "Homicidios", "en": "Homicides"},
    "summary.rate": {
        "es": "Homicidios por 100.000 hab./año",
        "en": "Homicides per 100,000 per year",
    },
    "summary.rate.help": {
        "es": "Homicidios del periodo divididos por la población de los barrios ({population:,}) y por los años del periodo ({years:.2f}), por 100.000.",
        "en": "Homicides in the period divided by the neighbourhoods' population ({population:,}) and by the period's years ({years:.2f}), times 100,000.",
    },
    "summary.by_category": {"es": "Por categoría", "en": "By category"},
    "summary.top_hoods": {
        "es": "Barrios con más daño ponderado",
        "en": "Neighbourhoods with most harm",
    },
    "summary.col.category": {"es": "Categoría", "en": "Category"},
    "summary.col.group": {"es": "Grupo", "en": "Group"},
    "summary.col.n": {"es": "Incidentes", "en": "Incidents"},
    "summary.col.harm": {"es": "Unidades de daño", "en": "Harm units"},
    "summary.col.share": {"es": "% del daño", "en": "% of harm"},
    "summary.col.name": {"es": "Barrio", "en": "Neighbourhood"},
    "summary.col.rate": {
        "es": "Incidentes por 100.000 hab. al año",
        "en": "Incidents per 100,000 residents a year",
    },
    "summary.col.population": {"es": "Población", "en": "Population"},
    "summary.spaces": {
        "es": "{n} espacios públicos: {active} activos, {planned} planeados, {inactive} inactivos.",
        "en": "{n} public spaces: {active} active, {planned} planned, {inactive} inactive.",
    },
    "summary.territories": {
        "es": "{n} territorios de gestores cubren el {share:.0%} de la población de los barrios.",
        "en": "{n} gestores' territories cover {share:.0%} of the neighbourhoods' population.",
    },
    # -- money -------------------------------------------------------------------
    "money.cop": {"es": "$ {amount}", "en": "COP {amount}"},
}
