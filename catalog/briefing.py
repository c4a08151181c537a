"""The mayor's briefing: its sentences (:mod:`models.briefing`) and the PDF's words (data only).

:data:`WORDS` holds every ``briefing.*`` entry: the period in words, the
headline and the other sentences of :func:`models.briefing.briefing_text`,
the methodology footnote, the errors of :func:`models.briefing.parse_period`
(``briefing.error.<code>``) and the headings, table headers, chart and map
legends of :mod:`reports.briefing_pdf`.
"""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    # -- the period in words ------------------------------------------------------------
    "briefing.period.month": {"es": "{month} {year}", "en": "{month} {year}"},
    "briefing.period.months": {"es": "{first}–{last} {year}", "en": "{first}–{last} {year}"},
    "briefing.period.span": {
        "es": "{first} {first_year}–{last} {last_year}",
        "en": "{first} {first_year}–{last} {last_year}",
    },
    "briefing.period.days": {"es": "{start} a {end}", "en": "{start} to {end}"},
    # -- errors -------------------------------------------------------------------------
    "briefing.error.bad_period": {
        "es": "el periodo «{text}» no se entiende; use una de estas formas: {forms}",
        "en": "the period '{text}' is not understood; use one of these forms: {forms}",
    },
    "briefing.error.period_reversed": {
        "es": "el periodo «{text}» termina ({end}) antes de empezar ({start})",
        "en": "the period '{text}' ends ({end}) before it starts ({start})",
    },
    # -- the headline -------------------------------------------------------------------
    "briefing.headline": {
        "es": "Homicidios {period}: {n}, {rate}; {change}.",
        "en": "Homicides {period}: {n}, {rate}; {change}.",
    },
    "briefing.rate": {
        "es": "{rate} por 100.000 habitantes al año",
        "en": "{rate} per 100,000 a year",
    },
    "briefing.rate.none": {
        "es": "sin tasa (los barrios no dan población)",
        "en": "no rate (the barrios give no population)",
    },
    "briefing.change.fewer": {
        "es": "{diff} menos que en {before} ({pct})",
        "en": "{diff} fewer than {before} ({pct})",
    },
    "briefing.change.more": {
        "es": "{diff} más que en {before} ({pct})",
        "en": "{diff} more than {before} ({pct})",
    },
    "briefing.change.same": {
        "es": "los mismos que en {before}",
        "en": "as many as in {before}",
    },
    "briefing.change.from_zero": {
        "es": "ninguno en {before}",
        "en": "none in {before}",
    },
    "briefing.threshold.above": {
        "es": "En {period}, {rate} homicidios por 100.000 habitantes al año: por encima del umbral epidémico de {threshold}.",
        "en": "In {period}, {rate} homicides per 100,000 a year: above the epidemic threshold of {threshold}.",
    },
    "briefing.threshold.at": {
        "es": "En {period}, {rate} homicidios por 100.000 habitantes al año: en el umbral epidémico de {threshold}.",
        "en": "In {period}, {rate} homicides per 100,000 a year: at the epidemic threshold of {threshold}.",
    },
    "briefing.threshold.below": {
        "es": "En {period}, {rate} homicidios por 100.000 habitantes al año: por debajo del umbral epidémico de {threshold}.",
        "en": "In {period}, {rate} homicides per 100,000 a year: below the epidemic threshold of {threshold}.",
    },
    # -- incidents by group -------------------------------------------------------------
    "briefing.group": {
        "es": "{group}: {n} incidentes en {period}, frente a {n0} en {before} ({pct}).",
        "en": "{group}: {n} incidents in {period}, against {n0} in {before} ({pct}).",
    },
    "briefing.group.violence": {"es": "Violencia", "en": "Violence"},
    "briefing.group.convivencia": {
        "es": "Conflictos de convivencia",
        "en": "Convivencia conflicts",
    },
    # -- where it concentrates ----------------------------------------------------------
    "briefing.hotspots.ok": {
        "es": "Los {k} mayores puntos calientes de violencia en {period} ({method}, {n} incidentes violentos):",
        "en": "The {k} largest hot spots of violence in {period} ({method}, {n} violent incidents):",
    },
    "briefing.hotspots.none": {
        "es": "Ningún punto caliente de violencia se destaca en {period} ({n} incidentes violentos).",
        "en": "No hot spot of violence stands out in {period} ({n} violent incidents).",
    },
    "briefing.hotspots.too_few": {
        "es": "Muy pocos incidentes violentos en {period} ({n}) para buscar puntos calientes.",
        "en": "Too few violent incidents in {period} ({n}) to look for hot spots.",
    },
    "briefing.priority.intro": {
        "es": "Los primeros {k} barrios del índice de prioridad de inversión, {window} frente a los 12 meses anteriores:",
        "en": "The first {k} neighbourhoods of the investment priority index, {window} against the 12 months before:",
    },
    "briefing.priority.none": {
        "es": "El espacio de trabajo no tiene barrios: no hay lista de prioridad.",
        "en": "The workspace has no neighbourhoods: no priority list.",
    },
    # -- what is being done -------------------------------------------------------------
    "briefing.as_of": {
        "es": "según los datos cargados el {day}",
        "en": "as recorded on {day}",
    },
    "briefing.as_of.latest": {
        "es": "según los datos más recientes",
        "en": "in the latest data",
    },
    "briefing.doing.spaces": {
        "es": "{n} de {total} espacios públicos están activos {as_of}: {names}.",
        "en": "{n} of {total} public spaces are active {as_of}: {names}.",
    },
    "briefing.doing.no_active": {
        "es": "Ninguno de los {total} espacios públicos está activo {as_of}.",
        "en": "None of the {total} public spaces is active {as_of}.",
    },
    "briefing.doing.no_space_layer": {
        "es": "El espacio de trabajo no tiene espacios públicos.",
        "en": "The workspace has no public spaces.",
    },
    "briefing.doing.teams": {
        "es": "{teams} equipos de gestores de convivencia trabajan en {territories} territorios ({gestores} gestores), {as_of}.",
        "en": "{teams} teams of gestores de convivencia work in {territories} territories ({gestores} gestores), {as_of}.",
    },
    "briefing.doing.teams_only": {
        "es": "{teams} equipos de gestores de convivencia trabajan en {territories} territorios, {as_of}.",
        "en": "{teams} teams of gestores de convivencia work in {territories} territories, {as_of}.",
    },
    "briefing.doing.no_teams": {
        "es": "El espacio de trabajo no tiene territorios de gestores.",
        "en": "The workspace has no gestores territories.",
    },
    "briefing.doing.programs": {
        "es": "{n} programas funcionaron en {period}: {components}.",
        "en": "{n} programmes ran in {period}: {components}.",
    },
    "briefing.doing.no_programs": {
        "es": "El espacio de trabajo no tiene programas.",
        "en": "The workspace has no programmes.",
    },
    # -- what to decide next ------------------------------------------------------------
    "briefing.decision": {
        "es": "Activar {n} espacios públicos por {cost} de un presupuesto de {budget}: a menos de {radius} ({route}) de ellos, y de ningún espacio activo, ocurrió el {share} del daño de {window} (los espacios activos ya alcanzan el {served}).",
        "en": "Activate {n} public spaces for {cost} of a budget of {budget}: within {radius} ({route}) of them, and of no active space, lies {share} of the harm of {window} (active spaces already reach {served}).",
    },
    "briefing.decision.none_chosen": {
        "es": "Ningún espacio público cabe en el presupuesto de {budget}.",
        "en": "No public space fits within the budget of {budget}.",
    },
    "briefing.decision.no_spaces": {
        "es": "El espacio de trabajo no tiene espacios públicos: no hay portafolio.",
        "en": "The workspace has no public spaces: no portfolio.",
    },
    "briefing.decision.uncosted": {
        "es": "{n} espacios candidatos no tienen costo de activación y quedaron fuera.",
        "en": "{n} candidate spaces have no activation cost and were left out.",
    },
    "briefing.route.network": {"es": "a pie por las calles", "en": "walking the streets"},
    "briefing.route.ring": {"es": "en línea recta", "en": "in a straight line"},
    # -- the methodology ----------------------------------------------------------------
    "briefing.synthetic": {
        "es": "DATOS SINTÉTICOS de demostración: no son cifras de Palmira.",
        "en": "SYNTHETIC demo data, not Palmira's figures.",
    },
    "briefing.note.source": {
        "es": "Datos: {city}, incidentes del {first} al {last}. Origen: {provenance}. Contenido {hash}.",
        "en": "Data: {city}, incidents from {first} to {last}. Source: {provenance}. Content {hash}.",
    },
    "briefing.note.past_data": {
        "es": "Los datos van del {first} al {last}: los días del periodo o del año anterior fuera de ellos no cuentan nada.",
        "en": "The data run from {first} to {last}: days of the period or of the year before outside them count nothing.",
    },
    "briefing.note.homicides": {
        "es": "Homicidios: incidentes de la categoría homicidio con fecha en {period} ({days} días) y en {before}. La tasa es el número por 100.000 habitantes (los {population} de los barrios) llevado a un año (× 365,25 / días). El gráfico lleva cada mes a un año de la misma forma (× 365,25 / días del mes).",
        "en": "Homicides: incidents of category homicide dated in {period} ({days} days) and in {before}. The rate is the count per 100,000 residents (the {population} of the barrios) scaled to a year (× 365.25 / days). The chart scales each month to a year the same way (× 365.25 / the month's days).",
    },
    "briefing.note.no_population": {
        "es": "Los barrios no dan población: no hay tasas por 100.000 habitantes.",
        "en": "The barrios give no population: no rates per 100,000.",
    },
    "briefing.note.threshold": {
        "es": "La línea de referencia, {threshold} homicidios por 100.000 habitantes al año, es el umbral epidémico que suele atribuirse a la Organización Mundial de la Salud (ajuste epidemic_threshold).",
        "en": "The reference line, {threshold} homicides per 100,000 a year, is the epidemic threshold commonly attributed to the World Health Organization (setting epidemic_threshold).",
    },
    "briefing.note.categories": {
        "es": "Incidentes por categoría en {period} frente a {before}. Violencia: {violence}. Convivencia: {convivencia}.",
        "en": "Incidents by category in {period} against {before}. Violence: {violence}. Convivencia: {convivencia}.",
    },
    "briefing.note.hotspots": {
        "es": "Dónde se concentra: {method} sobre una cuadrícula cuyo tamaño de celda y distancia se eligen a partir de los datos, con los incidentes violentos de {period} y corrección por falsos descubrimientos; ordenados por los incidentes que contienen.",
        "en": "Where it concentrates: {method} on a grid whose cell size and distance are chosen from the data, on the violent incidents of {period}, corrected for false discoveries; ranked by the incidents they hold.",
    },
    "briefing.note.priority": {
        "es": "Barrios prioritarios: el índice de prioridad de inversión (violencia, tendencia, alerta temprana, vulnerabilidad y brechas) en {window}, frente a los 12 meses anteriores. Una prioridad dice dónde invertir, no que un barrio sea peligroso.",
        "en": "Priority neighbourhoods: the investment priority index (violence, trend, early warning, vulnerability and gaps) over {window}, against the 12 months before. A priority says where to invest, not that a neighbourhood is dangerous.",
    },
    "briefing.note.portfolio": {
        "es": "Portafolio: los espacios públicos inactivos que, dentro del presupuesto de {budget}, reúnen a menos de {radius} el mayor daño de {window} que ningún espacio activo alcanza (un programa entero).",
        "en": "Portfolio: the inactive public spaces that, within the budget of {budget}, take in within {radius} the most harm of {window} that no active space reaches (an integer programme).",
    },
    # -- the PDF --------------------------------------------------------------------------
    "briefing.title": {"es": "Informe a la Alcaldía: {city}", "en": "Mayor's briefing: {city}"},
    "briefing.subtitle": {
        "es": "{period} (periodo {label}), frente a {before}",
        "en": "{period} (period {label}), against {before}",
    },
    "briefing.footer": {
        "es": "{city} · {period} · página {page}",
        "en": "{city} · {period} · page {page}",
    },
    "briefing.fig.count": {"es": "Homicidios, {period}", "en": "Homicides, {period}"},
    "briefing.fig.rate": {
        "es": "Por 100.000 habitantes al año, {period}",
        "en": "Per 100,000 a year, {period}",
    },
    "briefing.fig.before": {"es": "Homicidios, {before}", "en": "Homicides, {before}"},
    "briefing.fig.change": {"es": "Cambio frente a {before}", "en": "Change on {before}"},
    "briefing.section.homicides": {"es": "Homicidios", "en": "Homicides"},
    "briefing.section.categories": {
        "es": "Violencia y convivencia por categoría",
        "en": "Violence and convivencia by category",
    },
    "briefing.section.where": {"es": "Dónde se concentra", "en": "Where it concentrates"},
    "briefing.section.doing": {"es": "Qué se está haciendo", "en": "What is being done"},
    "briefing.section.decide": {"es": "Qué decidir", "en": "What to decide next"},
    "briefing.section.method": {"es": "Metodología", "en": "Methodology"},
    "briefing.col.category": {"es": "Categoría", "en": "Category"},
    "briefing.col.change": {"es": "Cambio", "en": "Change"},
    "briefing.col.rank": {"es": "N.º", "en": "No."},
    "briefing.col.hotspot": {"es": "Punto caliente", "en": "Hot spot"},
    "briefing.col.neighborhood": {"es": "Barrio", "en": "Neighbourhood"},
    "briefing.col.reason": {"es": "Por qué", "en": "Why"},
    "briefing.col.component": {"es": "Componente", "en": "Component"},
    "briefing.col.partner_type": {"es": "Tipo de aliado", "en": "Partner type"},
    "briefing.col.programs": {"es": "Programas", "en": "Programmes"},
    "briefing.col.space": {"es": "Espacio público", "en": "Public space"},
    "briefing.col.cost": {"es": "Costo", "en": "Cost"},
    "briefing.col.gain": {
        "es": "Daño que solo él cubre",
        "en": "Harm only it covers",
    },
    "briefing.chart.title": {
        "es": "Homicidios mes a mes, {span}",
        "en": "Homicides month by month, {span}",
    },
    "briefing.chart.rate": {
        "es": "Tasa del mes llevada a un año (× 365,25 / días del mes); encima, homicidios del mes",
        "en": "Month's rate scaled to a year (× 365.25 / its days); on top, the month's homicides",
    },
    "briefing.chart.threshold": {
        "es": "Umbral epidémico ({threshold})",
        "en": "Epidemic threshold ({threshold})",
    },
    "briefing.chart.axis": {
        "es": "Por 100.000 hab. al año",
        "en": "Per 100,000 a year",
    },
    "briefing.map.title": {
        "es": "Mapa: puntos calientes de violencia, {period}, y espacios públicos",
        "en": "Map: hot spots of violence, {period}, and public spaces",
    },
    "briefing.map.hoods": {"es": "Límites de barrios", "en": "Neighbourhood boundaries"},
    "briefing.map.hotspots": {
        "es": "Puntos calientes (número: puesto)",
        "en": "Hot spots (number: rank)",
    },
    "briefing.map.active": {"es": "Espacios públicos activos", "en": "Active public spaces"},
    "briefing.map.recommended": {
        "es": "Recomendados para activar",
        "en": "Recommended to activate",
    },
    "briefing.map.note": {
        "es": "Sin mapa base; {crs}, norte arriba.",
        "en": "No basemap; {crs}, north up.",
    },
}

#: The Briefing page's own words, and ``cli.py briefing``'s.
PAGE: dict[str, dict[str, str]] = {
    "briefing.page.period": {"es": "Periodo", "en": "Period"},
    "briefing.page.period.help": {
        "es": "Los últimos 12 meses completos de datos, un año o un trimestre. Cada cifra dice su periodo.",
        "en": "The last 12 whole months of data, a year or a quarter. Every figure says its period.",
    },
    "briefing.page.option.last-12-months": {
        "es": "Últimos 12 meses completos",
        "en": "Last 12 whole months",
    },
    "briefing.page.written": {"es": "U otro periodo", "en": "Or another period"},
    "briefing.page.written.help": {
        "es": "Como 2025, 2025-Q3, 2025-07 o 2025-01..2025-06; reemplaza la elección de la izquierda.",
        "en": "Such as 2025, 2025-Q3, 2025-07 or 2025-01..2025-06; it replaces the choice on the left.",
    },
    "briefing.page.budget": {
        "es": "Presupuesto para activar espacios (COP)",
        "en": "Budget to activate spaces (COP)",
    },
    "briefing.page.budget.help": {
        "es": "El portafolio recomendado cabe en este presupuesto (el de la página de Parques).",
        "en": "The recommended portfolio fits this budget (the Parks page's own).",
    },
    "briefing.page.running": {
        "es": "Preparando el informe (puntos calientes, prioridades y portafolio)…",
        "en": "Preparing the briefing (hot spots, priorities and portfolio)…",
    },
    "briefing.page.sidebar_note": {
        "es": "El informe usa su propio periodo, no el de la barra lateral.",
        "en": "The briefing uses its own period, not the sidebar's.",
    },
    "briefing.page.month": {"es": "Mes", "en": "Month"},
    "briefing.page.homicides": {"es": "Homicidios", "en": "Homicides"},
    "briefing.page.pdf": {
        "es": "Descargar el informe en PDF",
        "en": "Download the briefing as a PDF",
    },
    # -- cli.py briefing ---------------------------------------------------------------------
    "cli.help.briefing.help": {
        "es": "el informe a la Alcaldía en PDF, para un periodo",
        "en": "the mayor's briefing as a PDF, for a period",
    },
    "cli.help.briefing.description": {
        "es": "Escribe el informe de un periodo: homicidios y tasa por 100.000, tendencia de 12 meses, categorías, dónde se concentra, qué se hace y qué decidir. Las cifras son las mismas de la página.",
        "en": "Writes the briefing of a period: homicides and the rate per 100,000, the 12-month trend, categories, where it concentrates, what is being done and what to decide. The figures are the page's.",
    },
    "cli.help.briefing.files": {
        "es": "Programe el informe mensual, por ejemplo: python cli.py briefing --period last-12-months --lang es --out informe.pdf",
        "en": "Schedule the monthly briefing, for example: python cli.py briefing --period last-12-months --lang en --out briefing.pdf",
    },
    "cli.help.briefing.workspace": {
        "es": "espacio de trabajo (GeoPackage)",
        "en": "workspace (GeoPackage)",
    },
    "cli.help.briefing.period": {
        "es": "2025, 2025-Q3, 2025-07, 2025-01..2025-12 o last-12-months",
        "en": "2025, 2025-Q3, 2025-07, 2025-01..2025-12 or last-12-months",
    },
    "cli.help.briefing.out": {"es": "el PDF a escribir", "en": "the PDF to write"},
    "cli.help.briefing.budget": {
        "es": "presupuesto del portafolio recomendado (por defecto {budget})",
        "en": "the recommended portfolio's budget (default {budget})",
    },
    "cli.briefing.synthetic": {
        "es": "aviso: datos sintéticos de demostración, no cifras reales",
        "en": "note: synthetic demo data, not real figures",
    },
    "cli.briefing.done": {
        "es": "{out}: {headline}",
        "en": "{out}: {headline}",
    },
    "cli.briefing.out_format": {
        "es": "--out debe terminar en .pdf: {out}",
        "en": "--out must end in .pdf: {out}",
    },
}
