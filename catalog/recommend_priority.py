"""The priority neighbourhoods and the articulation map, in Spanish and English (data only).

Words of :mod:`models.recommend.priority` and
:mod:`models.recommend.articulation`: the pillar and indicator names (table
headers), the reasons of the default weights, why an indicator was left
out, the pieces of :func:`models.recommend.priority.explain`'s sentence, and
the articulation tables' headers. Filed as they are (``priority.*``,
``articulation.*``) in :data:`catalog.say.CATALOG`; the component names are
``component.<code>`` from ``geo.schema``.
"""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    # -- what a priority is ------------------------------------------------------------
    "priority.note": {
        "es": "Una lista de prioridad dice dónde invertir primero, no qué barrios son peligrosos: los mapas que marcan barrios enteros como peligrosos profundizan el estigma de quienes viven en ellos.",
        "en": "A priority list says where to invest first, not which barrios are dangerous: maps that mark whole neighbourhoods as dangerous deepen the stigma their residents carry.",
    },
    # -- pillars -----------------------------------------------------------------------
    "priority.pillar.violence": {"es": "Violencia", "en": "Violence"},
    "priority.pillar.trend": {"es": "Tendencia", "en": "Trend"},
    "priority.pillar.early_warning": {"es": "Alerta temprana", "en": "Early warning"},
    "priority.pillar.vulnerability": {"es": "Vulnerabilidad", "en": "Vulnerability"},
    "priority.pillar.gaps": {"es": "Brechas de cobertura", "en": "Coverage gaps"},
    "priority.reason.violence": {
        "es": "Tasa de daño ponderado y de homicidios por 100.000 habitantes: el resultado que la estrategia busca reducir. Es el mayor peso (35 %), pero no la mayoría, para que ningún barrio sea prioritario solo por su violencia.",
        "en": "Harm-weighted and homicide rates per 100,000 residents: the outcome the strategy exists to reduce. The largest weight (35 %) but not a majority, so that no barrio is prioritised on violence alone.",
    },
    "priority.reason.trend": {
        "es": "Daño de los últimos 12 meses frente a los 12 anteriores: separa los barrios que empeoran de los que mejoran. Peso bajo (10 %) porque en un barrio el cambio de un año descansa en pocos hechos.",
        "en": "Harm in the last 12 months against the 12 before: separates worsening barrios from improving ones. A low weight (10 %) because one barrio's change over a year rests on a few events.",
    },
    "priority.reason.early_warning": {
        "es": "Aumento de riñas, amenazas y grafitis territoriales por 100.000 habitantes: los conflictos que los gestores desactivan antes de que terminen en homicidios (15 %).",
        "en": "Rise in fights, threats and territorial graffiti per 100,000 residents: the conflicts gestores defuse before they turn into homicides (15 %).",
    },
    "priority.reason.vulnerability": {
        "es": "Estrato bajo, proporción de jóvenes e índice de vulnerabilidad: las condiciones que hacen probable la violencia y difícil la recuperación (20 %).",
        "en": "Low stratum, youth share and the vulnerability index: the conditions that make violence likely and recovery hard (20 %).",
    },
    "priority.reason.gaps": {
        "es": "Área lejos de todo espacio público activo, fuera de los territorios de gestores y componentes sin programa: dónde falta lo que la ciudad ya hace en otros barrios (20 %).",
        "en": "Area far from every active public space, outside the gestores' territories, and components with no programme: where what the city does elsewhere is missing (20 %).",
    },
    # -- indicators (table headers) ----------------------------------------------------
    "priority.indicator.harm_rate": {
        "es": "Daño por 100.000 hab. al año",
        "en": "Harm per 100,000 a year",
    },
    "priority.indicator.homicide_rate": {
        "es": "Homicidios por 100.000 hab. al año",
        "en": "Homicides per 100,000 a year",
    },
    "priority.indicator.harm_ratio": {
        "es": "Daño frente a la ciudad (veces)",
        "en": "Harm against the city (times)",
    },
    "priority.indicator.harm_trend": {
        "es": "Tendencia del daño (razón suavizada)",
        "en": "Harm trend (smoothed ratio)",
    },
    "priority.indicator.conflict_rise": {
        "es": "Aumento de conflictos por 100.000 hab. al año",
        "en": "Rise in conflicts per 100,000 a year",
    },
    "priority.indicator.low_stratum": {"es": "Estrato bajo (0-1)", "en": "Low stratum (0-1)"},
    "priority.indicator.youth_share": {"es": "Proporción de jóvenes", "en": "Youth share"},
    "priority.indicator.vulnerability_index": {
        "es": "Índice de vulnerabilidad",
        "en": "Vulnerability index",
    },
    "priority.indicator.far_from_space": {
        "es": "Área lejos de un espacio activo",
        "en": "Area far from an active space",
    },
    "priority.indicator.outside_territories": {
        "es": "Área fuera de territorios de gestores",
        "en": "Area outside the gestores' territories",
    },
    "priority.indicator.n_missing_components": {
        "es": "Componentes sin programa",
        "en": "Components with no programme",
    },
    "priority.indicator.missing_components": {
        "es": "Componentes faltantes",
        "en": "Missing components",
    },
    "priority.indicator.harm": {"es": "Daño (últimos meses)", "en": "Harm (last months)"},
    "priority.indicator.harm_before": {
        "es": "Daño (periodo anterior)",
        "en": "Harm (period before)",
    },
    "priority.indicator.homicides": {"es": "Homicidios", "en": "Homicides"},
    "priority.indicator.conflicts": {
        "es": "Riñas, amenazas y grafitis",
        "en": "Fights, threats and graffiti",
    },
    "priority.indicator.conflicts_before": {
        "es": "Riñas, amenazas y grafitis (periodo anterior)",
        "en": "Fights, threats and graffiti (period before)",
    },
    "priority.indicator.small_population": {
        "es": "Pocos habitantes (sin tasa)",
        "en": "Few residents (no rate)",
    },
    "priority.indicator.priority": {"es": "Prioridad (0-1)", "en": "Priority (0-1)"},
    "priority.indicator.rank": {"es": "Puesto", "en": "Rank"},
    "priority.indicator.p_top_k": {
        "es": "Probabilidad de estar entre los primeros",
        "en": "Probability of being in the top",
    },
    # -- options -----------------------------------------------------------------------
    "priority.normalise.rank": {"es": "Rango percentil", "en": "Percentile rank"},
    "priority.normalise.minmax": {"es": "Mín-máx", "en": "Min-max"},
    # -- why an indicator is left out ({indicator}: its name) ----------------------------
    "priority.left_out.no_column": {
        "es": "{indicator}: los barrios no tienen ese dato; queda fuera del índice.",
        "en": "{indicator}: the neighbourhoods lack that data; it is left out of the index.",
    },
    "priority.left_out.no_layer": {
        "es": "{indicator}: el espacio de trabajo no tiene esa capa; queda fuera del índice.",
        "en": "{indicator}: the workspace lacks that layer; it is left out of the index.",
    },
    "priority.left_out.no_status": {
        "es": "{indicator}: los espacios públicos no dicen cuáles están activos; queda fuera del índice.",
        "en": "{indicator}: the public spaces do not say which are active; it is left out of the index.",
    },
    # -- the sentence of explain() -------------------------------------------------------
    "priority.sentence.rank": {
        "es": "Prioridad de inversión {rank}",
        "en": "Investment priority {rank}",
    },
    "priority.sentence.harm_ratio": {
        "es": "daño {ratio} veces la tasa de la ciudad",
        "en": "harm {ratio} times the city rate",
    },
    "priority.sentence.few_residents": {
        "es": "menos de {min} habitantes, sin tasa",
        "en": "fewer than {min} residents, so no rate",
    },
    "priority.sentence.homicides": {
        "es": "homicidios {rate} por 100.000 al año",
        "en": "homicides {rate} per 100,000 a year",
    },
    "priority.sentence.trend_up": {
        "es": "daño un {pct} % mayor que en el periodo anterior",
        "en": "harm up {pct} % on the period before",
    },
    "priority.sentence.trend_down": {
        "es": "daño un {pct} % menor que en el periodo anterior",
        "en": "harm down {pct} % on the period before",
    },
    "priority.sentence.trend_new": {
        "es": "daño donde no lo hubo en el periodo anterior",
        "en": "harm where there was none the period before",
    },
    "priority.sentence.conflicts_up": {
        "es": "conflictos (riñas, amenazas y grafitis) un {pct} % más",
        "en": "conflicts (fights, threats and graffiti) up {pct} %",
    },
    "priority.sentence.conflicts_new": {
        "es": "{n} conflictos (riñas, amenazas y grafitis) donde antes no hubo ninguno",
        "en": "{n} conflicts (fights, threats and graffiti) where there were none before",
    },
    "priority.sentence.stratum": {"es": "estrato {stratum}", "en": "stratum {stratum}"},
    "priority.sentence.youth": {
        "es": "{pct} % de habitantes jóvenes",
        "en": "{pct} % of residents young",
    },
    "priority.sentence.vulnerability": {
        "es": "índice de vulnerabilidad {value}",
        "en": "vulnerability index {value}",
    },
    "priority.sentence.no_space": {
        "es": "ningún espacio público activo a menos de {distance}",
        "en": "no active public space within {distance}",
    },
    "priority.sentence.far_space": {
        "es": "el {pct} % de su área a más de {distance} de un espacio público activo",
        "en": "{pct} % of its area more than {distance} from an active public space",
    },
    "priority.sentence.outside": {
        "es": "fuera de todo territorio de gestores",
        "en": "outside every team territory",
    },
    "priority.sentence.partly_outside": {
        "es": "el {pct} % de su área fuera de los territorios de gestores",
        "en": "{pct} % of its area outside the team territories",
    },
    "priority.sentence.no_program": {
        "es": "ningún programa de {components}",
        "en": "no programme of {components}",
    },
    "priority.sentence.no_program_at_all": {
        "es": "ningún programa en marcha",
        "en": "no programme running",
    },
    "priority.sentence.nor": {"es": "ni", "en": "or"},
    "priority.sentence.robust": {
        "es": "entre los {k} primeros en el {pct} % de los sorteos de pesos",
        "en": "in the top {k} in {pct} % of weight draws",
    },
    # -- the articulation map ----------------------------------------------------------
    "articulation.citywide": {"es": "Toda la ciudad", "en": "Whole city"},
    "articulation.partner_type.unknown": {"es": "Tipo sin dato", "en": "Type not given"},
    "articulation.col.neighborhood_id": {"es": "Barrio", "en": "Neighbourhood"},
    "articulation.col.component": {"es": "Componente", "en": "Component"},
    "articulation.col.partner_type": {"es": "Tipo de aliado", "en": "Partner type"},
    "articulation.col.programs": {"es": "Programas en marcha", "en": "Running programmes"},
    "articulation.col.partners": {"es": "Aliados", "en": "Partners"},
    "articulation.col.partner_types": {"es": "Tipos de aliado", "en": "Partner types"},
    "articulation.col.missing": {
        "es": "Componentes sin programa",
        "en": "Components with no programme",
    },
    "articulation.col.priority_order": {"es": "Orden de prioridad", "en": "Priority order"},
    "articulation.col.programs_elsewhere": {
        "es": "Programas del componente en la ciudad",
        "en": "Programmes of the component in the city",
    },
    "articulation.overlaps": {
        "es": "Barrios y componentes donde ya trabajan dos o más aliados: candidatos a coordinarse, no a sumar más de lo mismo.",
        "en": "Barrios and components where two or more partners already work: candidates for coordination, not for more of the same.",
    },
    "articulation.unknown_types": {
        "es": "{n} programas en marcha no dicen su tipo de aliado; se muestran como «tipo sin dato».",
        "en": "{n} running programmes do not say their partner type; they are shown as “type not given”.",
    },
    "articulation.partner_type.city": {"es": "Alcaldía", "en": "City government"},
    "articulation.partner_type.ngo": {"es": "ONG", "en": "NGO"},
    "articulation.partner_type.church": {"es": "Iglesia", "en": "Church"},
    "articulation.partner_type.private": {"es": "Empresa privada", "en": "Private company"},
    "articulation.partner_type.academia": {"es": "Universidad", "en": "University"},
    "articulation.partner_type.community": {
        "es": "Organización comunitaria",
        "en": "Community organisation",
    },
    # -- the page "Barrios prioritarios / Priority neighbourhoods" (priority.page.*) -------
    "nav.priority": {"es": "Barrios prioritarios", "en": "Priority neighbourhoods"},
    "priority.page.title": {"es": "Barrios prioritarios", "en": "Priority neighbourhoods"},
    "priority.page.note": {
        "es": "Esta lista dice dónde invertir primero, no qué barrios son peligrosos: no la muestre como un mapa de peligro. Nada de esta página es público; la vista pública es otra.",
        "en": "This list says where to invest first, not which neighbourhoods are dangerous: do not show it as a map of danger. Nothing on this page is public; the public view is another one.",
    },
    "priority.page.intro": {
        "es": "Cada barrio se mide en cinco pilares (violencia, tendencia, alerta temprana, vulnerabilidad y brechas de cobertura); el índice es su promedio ponderado y su robustez dice cuánto depende el puesto de los pesos. Esta página usa todas las categorías, ponderadas por daño, en su propio periodo: los filtros de la barra lateral no se aplican.",
        "en": "Each neighbourhood is measured on five pillars (violence, trend, early warning, vulnerability and coverage gaps); the index is their weighted mean, and its robustness says how much a rank hangs on the weights. This page uses every category, harm-weighted, over its own period: the sidebar's filters do not apply.",
    },
    "priority.page.running": {
        "es": "Calculando el índice de prioridad y su robustez…",
        "en": "Computing the priority index and its robustness…",
    },
    "priority.page.failed": {
        "es": "No se pudo calcular la prioridad: {error}",
        "en": "No priority could be computed: {error}",
    },
    # options
    "priority.page.options": {
        "es": "{normalise} · {walk} m · {k} primeros · hasta {end}",
        "en": "{normalise} · {walk} m · top {k} · to {end}",
    },
    "priority.page.options.last": {"es": "último incidente", "en": "last incident"},
    "priority.page.weights.button": {"es": "Pesos: {state}", "en": "Weights: {state}"},
    "priority.page.weights.default": {"es": "por defecto", "en": "default"},
    "priority.page.weights.custom": {"es": "propios", "en": "your own"},
    "priority.page.weights.intro": {
        "es": "Cuánto cuenta cada pilar (se normalizan para sumar 100 %). La ayuda de cada uno dice la razón de su peso por defecto.",
        "en": "How much each pillar counts (renormalised to 100 %). Each one's help gives the reason for its default weight.",
    },
    "priority.page.weights.reset": {
        "es": "Volver a los pesos por defecto",
        "en": "Back to the default weights",
    },
    "priority.page.weights.zero": {
        "es": "Todos los pesos están en cero: se usan los pesos por defecto.",
        "en": "Every weight is zero: the default weights are used.",
    },
    "priority.page.normalise": {"es": "Normalización", "en": "Normalisation"},
    "priority.page.normalise.help": {
        "es": "Rango percentil: el lugar de cada barrio entre todos, robusto a un valor extremo (por defecto). Mín-máx: la distancia entre el menor y el mayor valor.",
        "en": "Percentile rank: each neighbourhood's place among all, robust to one extreme value (the default). Min-max: the distance between the lowest and the highest value.",
    },
    "priority.page.walk": {
        "es": "Distancia a pie a un espacio activo (m)",
        "en": "Walking distance to an active space (m)",
    },
    "priority.page.walk.help": {
        "es": "El área de un barrio más lejos que esto (en línea recta) de todo espacio público activo es una brecha: 800 m son unos diez minutos a pie (ParkServe).",
        "en": "A neighbourhood's area farther than this (straight line) from every active public space is a gap: 800 m is about ten minutes' walk (ParkServe).",
    },
    "priority.page.top": {
        "es": "Cuántos barrios son «los primeros»",
        "en": "How many neighbourhoods are 'the top'",
    },
    "priority.page.top.help": {
        "es": "Los barrios prioritarios: los que se marcan en el mapa, se cuentan en las cifras y se miran en la articulación, y el corte de la robustez.",
        "en": "The priority neighbourhoods: those marked on the map, counted in the figures and looked at in the articulation, and the cut of the robustness.",
    },
    "priority.page.draws": {"es": "Sorteos de pesos", "en": "Weight draws"},
    "priority.page.draws.help": {
        "es": "Cuántas veces se sortean pesos alrededor de los elegidos para medir la robustez (más sorteos, menos ruido y más tiempo).",
        "en": "How many times weights are drawn around the chosen ones to measure the robustness (more draws, less noise and more time).",
    },
    "priority.page.months": {"es": "Meses del periodo", "en": "Months in the period"},
    "priority.page.end": {"es": "Último día del periodo", "en": "Last day of the period"},
    "priority.page.end.help": {
        "es": "Por defecto, el día del último incidente. La tendencia y la alerta temprana comparan el periodo con el anterior del mismo largo; los programas y territorios cuentan si están en marcha ese día.",
        "en": "By default, the last incident's day. The trend and the early warning compare the period with the one before of the same length; programmes and territories count when they are running on that day.",
    },
    # headline figures
    "priority.page.fig.ranked": {"es": "Barrios clasificados", "en": "Neighbourhoods ranked"},
    "priority.page.fig.top": {"es": "Prioritarios", "en": "Priority"},
    "priority.page.fig.top.help": {
        "es": "Los primeros de la lista: dónde invertir primero.",
        "en": "The top of the list: where to invest first.",
    },
    "priority.page.fig.robust": {"es": "Robustos a los pesos", "en": "Robust to the weights"},
    "priority.page.fig.robust.help": {
        "es": "De los prioritarios, cuántos quedan entre los {k} primeros en al menos el {pct} % de los sorteos de pesos: lo son con cualquier peso razonable.",
        "en": "Of the priority neighbourhoods, how many stay in the top {k} in at least {pct} % of the weight draws: a priority whatever reasonable weights are chosen.",
    },
    "priority.page.fig.fragile": {"es": "Dependen de los pesos", "en": "Hang on the weights"},
    "priority.page.fig.fragile.help": {
        "es": "De los prioritarios, cuántos quedan entre los {k} primeros en menos del {pct} % de los sorteos: su puesto depende de un peso arbitrario.",
        "en": "Of the priority neighbourhoods, how many are in the top {k} in fewer than {pct} % of the draws: their rank hangs on an arbitrary weight.",
    },
    "priority.page.fig.outside": {"es": "Sin territorio", "en": "Outside territories"},
    "priority.page.fig.outside.help": {
        "es": "De los prioritarios, cuántos no tienen ningún equipo de gestores trabajando en su área.",
        "en": "Of the priority neighbourhoods, how many have no gestores team working in their area.",
    },
    "priority.page.fig.missing": {"es": "Sin algún componente", "en": "Missing a component"},
    "priority.page.fig.missing.help": {
        "es": "De los prioritarios, cuántos tienen al menos uno de los cinco componentes de PAZOS sin programa en marcha.",
        "en": "Of the priority neighbourhoods, how many have at least one of the five PAZOS components with no programme running.",
    },
    "priority.page.lead": {
        "es": "Periodo {start} a {end}, frente a los {months} meses anteriores; normalización: {normalise}.",
        "en": "Period {start} to {end}, against the {months} months before; normalisation: {normalise}.",
    },
    "priority.page.note.outside": {
        "es": "{n} incidentes de esos dos periodos caen fuera de todo barrio: el índice no los cuenta.",
        "en": "{n} incidents of those two periods lie outside every neighbourhood: the index does not count them.",
    },
    "priority.page.note.small": {
        "es": "{n} barrios con menos de {min} habitantes no tienen tasas: se puntúan con sus otros pilares.",
        "en": "{n} neighbourhoods with fewer than {min} residents have no rates: they are scored on their other pillars.",
    },
    "priority.page.note.pillar": {
        "es": "Sin datos para el pilar {pillar}: su peso se reparte entre los demás.",
        "en": "No data for the {pillar} pillar: its weight goes to the others.",
    },
    # map
    "priority.page.map.layer": {"es": "Prioridad de inversión", "en": "Investment priority"},
    "priority.page.map.top": {"es": "Los {k} primeros", "en": "The top {k}"},
    "priority.page.map.articulation": {"es": "Articulación", "en": "Articulation"},
    "priority.page.map.overlaps": {
        "es": "Socios que ya se solapan en",
        "en": "Partners already overlapping on",
    },
    "priority.page.map.partner_types": {
        "es": "Tipos de socio presentes",
        "en": "Partner types present",
    },
    "priority.page.map.gap": {
        "es": "De los {k} primeros, le falta algún componente",
        "en": "Top {k}, missing a component",
    },
    "priority.page.map.overlap": {
        "es": "Varios socios en un mismo componente",
        "en": "Several partners on one component",
    },
    "priority.page.map.caption": {
        "es": "Color: prioridad de inversión (0-100, más oscuro, más prioridad); «#1», «#2»…: el puesto de los {k} primeros. Los territorios de gestores se encienden en el control de capas.",
        "en": "Colour: investment priority (0-100, darker is more priority); '#1', '#2'…: the rank of the top {k}. The gestores' territories can be switched on in the layer control.",
    },
    # ranking
    "priority.page.col.priority": {"es": "Prioridad (0-100)", "en": "Priority (0-100)"},
    "priority.page.col.p_top_k": {
        "es": "Entre los {k} primeros (% de sorteos)",
        "en": "In the top {k} (% of draws)",
    },
    "priority.page.col.p_top_k.help": {
        "es": "Porcentaje de los sorteos de pesos en que el barrio queda entre los {k} primeros.",
        "en": "Share of the weight draws in which the neighbourhood stays in the top {k}.",
    },
    "priority.page.col.why": {"es": "Por qué", "en": "Why"},
    "priority.page.ranking.title": {
        "es": "Todos los barrios, por prioridad",
        "en": "Every neighbourhood, by priority",
    },
    "priority.page.ranking.caption": {
        "es": "Cada pilar va de 0 a 100 entre los barrios (más alto, más prioridad); la ayuda de cada columna dice qué mide y la razón de su peso. Un pilar en blanco no se pudo medir en ese barrio.",
        "en": "Each pillar runs from 0 to 100 among the neighbourhoods (higher is more priority); each column's help says what it measures and why it weighs what it does. A blank pillar could not be measured in that neighbourhood.",
    },
    "priority.page.why.title": {
        "es": "Los {k} primeros, cada uno en una frase",
        "en": "The top {k}, each in a sentence",
    },
    # robustness
    "priority.page.robust.col": {"es": "Entre los {k} primeros", "en": "In the top {k}"},
    "priority.page.robust.title": {
        "es": "¿Cuánto depende el puesto de los pesos?",
        "en": "How much does a rank hang on the weights?",
    },
    "priority.page.robust.caption": {
        "es": "Porcentaje de {draws} sorteos de pesos alrededor de los elegidos en que cada barrio queda entre los {k} primeros. Cerca de 100 %: prioritario con cualquier peso razonable; cerca de 50 %: depende de los pesos.",
        "en": "Share of {draws} weight draws around the chosen ones in which each neighbourhood stays in the top {k}. Near 100 %: a priority whatever reasonable weights are chosen; near 50 %: it hangs on the weights.",
    },
    # articulation
    "priority.page.art.title": {
        "es": "Articulación: quién hace qué y dónde",
        "en": "Articulation: who does what, and where",
    },
    "priority.page.art.caption": {
        "es": "Programas en marcha el {end} por barrio y componente de PAZOS, en los {k} barrios prioritarios y en los barrios donde un programa del barrio coincide con otro aliado. En rojo, componentes sin programa; en azul, componentes donde ya trabajan dos o más aliados.",
        "en": "Programmes running on {end} by neighbourhood and PAZOS component, in the top {k} neighbourhoods and where a neighbourhood's own programme meets another partner. In red, components with no programme; in blue, components where two or more partners already work.",
    },
    "priority.page.art.citywide": {
        "es": "Programas de toda la ciudad (cuentan en cada barrio): {items}.",
        "en": "Citywide programmes (they count in every neighbourhood): {items}.",
    },
    "priority.page.art.citywide.item": {
        "es": "{component}: {n} ({types})",
        "en": "{component}: {n} ({types})",
    },
    "priority.page.art.none": {
        "es": "No hay programas en marcha ese día.",
        "en": "No programme is running on that day.",
    },
    "priority.page.art.legend.missing": {"es": "Sin programa", "en": "No programme"},
    "priority.page.art.legend.overlap": {
        "es": "Dos o más aliados",
        "en": "Two or more partners",
    },
    "priority.page.art.overlaps.title": {
        "es": "Dónde ya coinciden varios aliados",
        "en": "Where several partners already overlap",
    },
    "priority.page.art.overlaps.none": {
        "es": "Ningún programa de barrio coincide con otro aliado en el mismo componente.",
        "en": "No neighbourhood programme meets another partner in the same component.",
    },
    "priority.page.art.fill.title": {
        "es": "Qué componentes podría llenar un aliado nuevo",
        "en": "Which components a new partner could fill",
    },
    "priority.page.art.fill.partner": {"es": "Tipo de aliado", "en": "Partner type"},
    "priority.page.art.fill.col": {
        "es": "Componentes que podría llenar (programas del componente en la ciudad)",
        "en": "Components it could fill (programmes of the component in the city)",
    },
    "priority.page.art.fill.caption": {
        "es": "Componentes sin programa en los {k} barrios prioritarios que aliados de este tipo ya hacen en algún lugar de la ciudad.",
        "en": "Components with no programme in the top {k} neighbourhoods that partners of this type already run somewhere in the city.",
    },
    "priority.page.art.fill.none": {
        "es": "Ningún componente faltante en los barrios prioritarios que este tipo de aliado ya haga en la ciudad.",
        "en": "No missing component in the priority neighbourhoods that this type of partner already runs in the city.",
    },
    # downloads and method
    "priority.page.download.title": {"es": "Descargas", "en": "Downloads"},
    "priority.page.download.file": {
        "es": "Prioridad por barrio ({fmt})",
        "en": "Priority by neighbourhood ({fmt})",
    },
    "priority.page.method.title": {"es": "Cómo se calcula", "en": "How it is computed"},
    "priority.page.method.text": {
        "es": "El índice sigue el *Manual para construir indicadores compuestos* de la OCDE y el JRC (Nardo y otros, 2008): indicadores con dirección declarada, normalizados, ponderados y agregados, y una prueba de cuánto cambian los puestos con los pesos.\n\n**Pilares.** *Violencia*: daño ponderado (pesos del índice de daño) de la violencia y la convivencia, y homicidios, por 100.000 habitantes al año. *Tendencia*: daño del periodo frente al anterior, suavizado por el daño de un barrio promedio para que un solo hecho en un barrio tranquilo no dispare la razón. *Alerta temprana*: aumento de riñas, amenazas y grafitis territoriales por 100.000 habitantes. *Vulnerabilidad*: estrato bajo, proporción de jóvenes e índice de vulnerabilidad. *Brechas*: parte del área lejos de todo espacio público activo, parte fuera de los territorios de gestores y componentes de PAZOS sin programa. Un dato que falta se deja fuera y se dice, nunca se inventa; un barrio con muy pocos habitantes no tiene tasas y se puntúa con sus otros pilares.\n\n**Normalización y pesos.** Cada indicador se lleva a 0-1 entre los barrios (rango percentil o mín-máx), cada pilar es el promedio de sus indicadores y la prioridad es el promedio ponderado de los pilares. Más violencia en un barrio nunca baja su prioridad.\n\n**Robustez.** Los pesos son un juicio: se sortean muchas veces de una distribución de Dirichlet centrada en los elegidos y se cuenta en qué parte de los sorteos queda cada barrio entre los primeros.\n\n**Articulación.** Los programas en marcha el último día del periodo, por barrio, componente y tipo de aliado; un programa sin barrio es de toda la ciudad y cuenta en cada barrio.",
        "en": "The index follows the OECD/JRC *Handbook on Constructing Composite Indicators* (Nardo et al., 2008): indicators with a stated direction, normalised, weighted and aggregated, and a test of how much the ranks change with the weights.\n\n**Pillars.** *Violence*: harm-weighted incidents (harm index weights) of violence and convivencia, and homicides, per 100,000 residents a year. *Trend*: harm in the period against the one before, smoothed by an average neighbourhood's harm so that one event in a quiet neighbourhood does not blow up the ratio. *Early warning*: the rise in fights, threats and territorial graffiti per 100,000 residents. *Vulnerability*: low stratum, youth share and the vulnerability index. *Gaps*: the share of the area far from every active public space, the share outside the gestores' territories, and the PAZOS components with no programme. Missing data is left out and said, never invented; a neighbourhood with very few residents has no rates and is scored on its other pillars.\n\n**Normalisation and weights.** Each indicator is brought to 0-1 among the neighbourhoods (percentile rank or min-max), each pillar is the mean of its indicators, and the priority is the weighted mean of the pillars. More violence in a neighbourhood never lowers its priority.\n\n**Robustness.** The weights are a judgement: they are drawn many times from a Dirichlet distribution centred on the chosen ones, and each neighbourhood's share of draws in the top is counted.\n\n**Articulation.** The programmes running on the period's last day, by neighbourhood, component and partner type; a programme with no neighbourhood is citywide and counts in every neighbourhood.",
    },
}
