"""The Public spaces page and the words of its recommendation, in Spanish and English (data only).

:data:`SENTENCES` holds the pieces of ``models.recommend.parks.explain_space``
(filed as ``parks.count.*`` and ``parks.sentence.*``); :data:`WORDS` the page's
and the CLI's own words.
"""

from __future__ import annotations

SENTENCES: dict[str, dict[str, str]] = {
    "count.fights": {"es": "{n_text} riñas", "en": "{n_text} fights"},
    "count.threats": {"es": "{n_text} amenazas", "en": "{n_text} threats"},
    "count.graffiti": {
        "es": "{n_text} grafitis territoriales",
        "en": "{n_text} territorial graffiti",
    },
    "count.homicides": {"es": "{n_text} homicidios", "en": "{n_text} homicides"},
    "count.fights.one": {"es": "1 riña", "en": "1 fight"},
    "count.threats.one": {"es": "1 amenaza", "en": "1 threat"},
    "count.graffiti.one": {"es": "1 grafiti territorial", "en": "1 territorial graffiti"},
    "count.homicides.one": {"es": "1 homicidio", "en": "1 homicide"},
    "sentence.join": {"es": "{items} y {last}", "en": "{items} and {last}"},
    "sentence.no_conflicts": {
        "es": "ni riñas, ni amenazas, ni grafitis, ni homicidios",
        "en": "no fights, threats, graffiti or homicides",
    },
    "sentence.incidents": {
        "es": "{what} a menos de {radius} {period} ({change})",
        "en": "{what} within {radius} {period} ({change})",
    },
    "sentence.period.months": {
        "es": "en los últimos {months} meses",
        "en": "in the last {months} months",
    },
    "sentence.period.dates": {
        "es": "entre el {start} y el {end}",
        "en": "from {start} to {end}",
    },
    "sentence.trend": {
        "es": "daño {pct} frente al periodo anterior",
        "en": "harm {pct} on the period before",
    },
    "sentence.trend_none": {"es": "sin daño antes", "en": "no harm before"},
    "sentence.young": {
        "es": "{young} jóvenes en su entorno",
        "en": "{young} young residents around it",
    },
    "sentence.no_active": {
        "es": "ningún espacio activo a menos de {reach}",
        "en": "no active space within {reach}",
    },
    "sentence.active_near": {
        "es": "{name}, activo, a {distance}",
        "en": "{name}, active, {distance} away",
    },
    "sentence.condition.poor": {"es": "en mal estado", "en": "in poor condition"},
    "sentence.condition.fair": {"es": "en estado regular", "en": "in fair condition"},
    "sentence.lighting.none": {"es": "sin alumbrado", "en": "no lighting"},
    "sentence.lighting.partial": {"es": "alumbrado parcial", "en": "partial lighting"},
    "sentence.name": {"es": "{name}:", "en": "{name}:"},
    "sentence.active": {"es": "{name} (ya activo):", "en": "{name} (already active):"},
}

WORDS: dict[str, dict[str, str]] = {
    # -- the command line: cli.py recommend ... ------------------------------------------
    "cli.help.metavar.money": {"es": "MONTO", "en": "AMOUNT"},
    "cli.help.metavar.name": {"es": "NOMBRE", "en": "NAME"},
    "cli.help.recommend.help": {
        "es": "recomendar espacios públicos para activar o barrios para priorizar",
        "en": "recommend public spaces to activate or neighbourhoods to prioritise",
    },
    "cli.help.recommend.description": {
        "es": "Recomendaciones explicables: qué espacios públicos activar con un presupuesto (parks) y qué barrios priorizar para invertir (neighborhoods).",
        "en": "Explainable recommendations: which public spaces to activate within a budget (parks) and which neighbourhoods to prioritise for investment (neighborhoods).",
    },
    "cli.help.recommend.parks": {
        "es": "puntuar los espacios públicos y elegir el portafolio que cubre más necesidad con el presupuesto",
        "en": "score the public spaces and choose the portfolio that covers the most need within the budget",
    },
    "cli.help.recommend.parks.description": {
        "es": "Mide cada espacio público en su área de influencia a pie (por las calles si el espacio de trabajo tiene la capa streets; si no, anillos), lo puntúa con pesos ajustables y elige, con el presupuesto, el conjunto de espacios que cubre más necesidad ponderada por daño, resuelto exactamente (programa entero, HiGHS) y de forma voraz para comparar. Los espacios ya activos se muestran pero no se recomiendan otra vez.",
        "en": "Measures every public space in its walking catchment (along the streets when the workspace has a streets layer, else rings), scores it with adjustable weights and chooses, within the budget, the set of spaces that covers the most harm-weighted need, solved exactly (an integer programme, HiGHS) and greedily for comparison. Spaces already active are shown but not recommended again.",
    },
    "cli.help.recommend.parks.columns": {
        "es": "Columnas de --out: space_id, name, rank (1 = la primera a activar; vacío si ya está activa), score (0-1), c_harm, c_conflicts, c_youth, c_poverty, c_gap, c_trend, c_neglect (componentes 0-1), activation_cost, selected (en el portafolio), marginal_gain (necesidad que se pierde sin ese espacio), explanation, y los indicadores (harm, harm_before, trend, incidents, conflicts, fights, threats, graffiti, homicides, residents, young, stratum, condition, lighting, activation_status, nearest_active, nearest_active_m, territory_id, team). CSV, GeoJSON, GeoPackage o GeoParquet según la extensión.",
        "en": "Columns of --out: space_id, name, rank (1 = first to activate; blank when already active), score (0-1), c_harm, c_conflicts, c_youth, c_poverty, c_gap, c_trend, c_neglect (components 0-1), activation_cost, selected (in the portfolio), marginal_gain (need lost without that space), explanation, and the indicators (harm, harm_before, trend, incidents, conflicts, fights, threats, graffiti, homicides, residents, young, stratum, condition, lighting, activation_status, nearest_active, nearest_active_m, territory_id, team). CSV, GeoJSON, GeoPackage or GeoParquet by extension.",
    },
    "cli.help.recommend.neighborhoods": {
        "es": "clasificar los barrios por prioridad de inversión, con su robustez a los pesos",
        "en": "rank the neighbourhoods by investment priority, with its robustness to the weights",
    },
    "cli.help.recommend.neighborhoods.description": {
        "es": "Índice de prioridad por barrio: violencia, tendencia, alerta temprana (riñas, amenazas y grafitis en aumento), vulnerabilidad y brechas de cobertura (sin espacio activo a pie, fuera de todo territorio, componentes sin programa). Normalización y pesos ajustables; la probabilidad de estar entre los K primeros al perturbar los pesos dice qué puesto depende de un peso arbitrario. Es una lista de dónde invertir, no de barrios «peligrosos».",
        "en": "Priority index per neighbourhood: violence, trend, early warning (rising fights, threats and graffiti), vulnerability and coverage gaps (no active space within a walk, outside every territory, components with no programme). Adjustable normalisation and weights; the probability of being in the top K when the weights are perturbed shows which rank hangs on an arbitrary weight. It is a list of where to invest, not of 'dangerous' neighbourhoods.",
    },
    "cli.help.recommend.neighborhoods.columns": {
        "es": "Columnas de --out: neighborhood_id, name, rank, priority (0-1), un componente 0-1 por pilar (violence, trend, early_warning, vulnerability, gaps), p_top_k, missing_components, explanation y los indicadores.",
        "en": "Columns of --out: neighborhood_id, name, rank, priority (0-1), one 0-1 component per pillar (violence, trend, early_warning, vulnerability, gaps), p_top_k, missing_components, explanation and the indicators.",
    },
    "cli.help.recommend.workspace": {
        "es": "espacio de trabajo (GeoPackage); por defecto CONVIVENCIA_WORKSPACE",
        "en": "workspace (GeoPackage); default CONVIVENCIA_WORKSPACE",
    },
    "cli.help.recommend.out": {
        "es": "archivo de salida: .csv, .geojson, .gpkg o .parquet",
        "en": "output file: .csv, .geojson, .gpkg or .parquet",
    },
    "cli.help.recommend.normalise": {
        "es": "normalización de cada componente: rank (percentil, robusta a un valor extremo) o minmax",
        "en": "normalisation of each component: rank (percentile, robust to one extreme value) or minmax",
    },
    "cli.help.recommend.until": {
        "es": "último día del periodo (por defecto, el del último incidente)",
        "en": "last day of the period (default: the last incident's)",
    },
    "cli.help.recommend.since": {
        "es": "primer día del periodo (con --until; por defecto, los 12 meses hasta --until); la tendencia lo compara con el mismo número de días antes",
        "en": "first day of the period (with --until; default: the 12 months up to --until); the trend compares it with the same number of days before",
    },
    "cli.help.recommend.weight": {
        "es": "peso de un componente, NOMBRE=PESO (repetible; los demás quedan en 0 si se da alguno; se normalizan para sumar 1)",
        "en": "weight of one component, NAME=W (repeatable; when any is given the others are 0; renormalised to sum 1)",
    },
    "cli.help.recommend.bad_weight": {
        "es": "«{text}» no es NOMBRE=PESO con un peso no negativo",
        "en": "'{text}' is not NAME=W with a non-negative weight",
    },
    "cli.help.recommend.budget": {
        "es": "presupuesto, en la unidad de activation_cost (pesos en el demo)",
        "en": "budget, in the unit of activation_cost (pesos in the demo)",
    },
    "cli.help.recommend.radius": {
        "es": "radio del área de influencia en metros, para los indicadores y la cobertura (400)",
        "en": "catchment radius in metres, for the indicators and the coverage (400)",
    },
    "cli.help.recommend.reach": {
        "es": "un espacio activo más lejos que esto no está «a pie» (800 m)",
        "en": "an active space farther than this is not 'within a walk' (800 m)",
    },
    "cli.help.recommend.per_comuna": {
        "es": "al menos un espacio elegido en cada comuna",
        "en": "at least one chosen space in every comuna",
    },
    "cli.help.recommend.must": {
        "es": "espacios que deben elegirse",
        "en": "spaces that must be chosen",
    },
    "cli.help.recommend.exclude": {
        "es": "espacios que no deben elegirse",
        "en": "spaces that must not be chosen",
    },
    "cli.help.recommend.demand": {
        "es": "qué cubre el portafolio: harm (daño del periodo), residents o youth (residentes, jóvenes)",
        "en": "what the portfolio covers: harm (the period's harm), residents or youth",
    },
    "cli.help.recommend.rings": {
        "es": "usar anillos aunque haya capa de calles",
        "en": "use rings even when there is a streets layer",
    },
    "cli.help.recommend.scenario": {
        "es": "guardar el portafolio como escenario con este nombre en el espacio de trabajo",
        "en": "save the portfolio as a scenario with this name in the workspace",
    },
    "cli.help.recommend.replace_scenario": {
        "es": "reemplazar el escenario si ya existe uno con ese nombre",
        "en": "replace the scenario when one with that name exists",
    },
    "cli.help.recommend.top": {
        "es": "cuántos barrios cuentan como «los primeros» (10)",
        "en": "how many neighbourhoods count as 'the top' (10)",
    },
    "cli.help.recommend.walk": {
        "es": "distancia a pie hasta un espacio activo, en metros (800)",
        "en": "walking distance to an active space, in metres (800)",
    },
    "cli.help.recommend.draws": {
        "es": "sorteos de pesos para la robustez (1000)",
        "en": "weight draws for the robustness (1000)",
    },
    "cli.help.recommend.seed": {"es": "semilla de los sorteos (0)", "en": "seed of the draws (0)"},
    "cli.recommend.no_workspace": {
        "es": "no hay recomendación: el espacio de trabajo {workspace} no existe",
        "en": "no recommendation: the workspace {workspace} does not exist",
    },
    "cli.recommend.no_layer": {
        "es": "no hay recomendación: {workspace} no tiene la capa `{layer}`; impórtela con `python cli.py import ARCHIVO --layer {layer} --workspace {workspace}`",
        "en": "no recommendation: {workspace} has no `{layer}` layer; import it with `python cli.py import FILE --layer {layer} --workspace {workspace}`",
    },
    "cli.recommend.failed": {
        "es": "no hay recomendación: {error}",
        "en": "no recommendation: {error}",
    },
    "cli.recommend.since_needs_until": {
        "es": "--since necesita --until (el periodo y el anterior tienen el mismo largo)",
        "en": "--since needs --until (the period and the one before have the same length)",
    },
    "cli.recommend.method.network": {"es": "por las calles", "en": "along the streets"},
    "cli.recommend.method.ring": {"es": "en anillos", "en": "as rings"},
    "cli.recommend.demand.harm": {"es": "daño", "en": "harm"},
    "cli.recommend.demand.residents": {"es": "residentes", "en": "residents"},
    "cli.recommend.demand.youth": {"es": "jóvenes", "en": "young residents"},
    "cli.recommend.parks.window": {
        "es": "Periodo {start} a {end}; áreas de influencia de {radius} m {method}.",
        "en": "Period {start} to {end}; catchments of {radius} m {method}.",
    },
    "cli.recommend.parks.portfolio": {
        "es": "Portafolio: {n} espacios, costo {cost} de un presupuesto de {budget}:",
        "en": "Portfolio: {n} spaces, cost {cost} of a budget of {budget}:",
    },
    "cli.recommend.parks.chosen": {
        "es": "  {id} {name} (puesto {rank}): costo {cost}, ganancia marginal {gain}",
        "en": "  {id} {name} (rank {rank}): cost {cost}, marginal gain {gain}",
    },
    "cli.recommend.parks.covered": {
        "es": "Necesidad cubierta ({demand}): {covered} de {total} ({share} %) que ningún espacio activo cubre; los espacios activos ya cubren {served}.",
        "en": "Need covered ({demand}): {covered} of {total} ({share} %) that no active space covers; active spaces already cover {served}.",
    },
    "cli.recommend.parks.gap": {
        "es": "Exacto {exact} ({status}) frente a voraz {greedy}: diferencia {gap} %.",
        "en": "Exact {exact} ({status}) against greedy {greedy}: gap {gap} %.",
    },
    "cli.recommend.parks.uncosted": {
        "es": "Sin activation_cost, fuera del portafolio: {ids}.",
        "en": "No activation_cost, left out of the portfolio: {ids}.",
    },
    "cli.recommend.scenario_exists": {
        "es": "ya hay un escenario «{name}»: use otro nombre o --replace-scenario",
        "en": "a scenario '{name}' exists: use another name or --replace-scenario",
    },
    "cli.recommend.scenario_saved": {
        "es": "Escenario «{name}» guardado en {workspace}.",
        "en": "Scenario '{name}' saved in {workspace}.",
    },
    "cli.recommend.neighborhoods.window": {
        "es": "Periodo {start} a {end}, frente a los {months} meses anteriores.",
        "en": "Period {start} to {end}, against the {months} months before.",
    },
    "cli.recommend.neighborhoods.outside": {
        "es": "{n} incidentes de esos dos periodos caen fuera de todo barrio: el índice no los cuenta.",
        "en": "{n} incidents of those two periods lie outside every neighbourhood: the index does not count them.",
    },
    "cli.recommend.neighborhoods.top": {
        "es": "Los {k} barrios prioritarios para invertir:",
        "en": "The {k} priority neighbourhoods for investment:",
    },
    "cli.recommend.neighborhoods.not_a_list": {
        "es": "Es una lista de dónde invertir, no de barrios «peligrosos»: no la publique como tal.",
        "en": "This is a list of where to invest, not of 'dangerous' neighbourhoods: do not publish it as one.",
    },
}

# -- the Public spaces page --------------------------------------------------------------
_COMPONENT_WORDS: dict[str, dict[str, str]] = {
    "parks.component.harm": {"es": "Daño", "en": "Harm"},
    "parks.component.harm.why": {
        "es": "Daño ponderado de los incidentes en el área de influencia en el periodo (un homicidio pesa mucho más que una queja por ruido). Peso por defecto 30 %: es lo que el programa existe para reducir.",
        "en": "Harm-weighted incidents in the catchment in the period (a homicide weighs far more than a noise complaint). Default weight 30 %: it is what the programme exists to reduce.",
    },
    "parks.component.conflicts": {"es": "Conflictos", "en": "Conflicts"},
    "parks.component.conflicts.why": {
        "es": "Riñas, amenazas y grafitis territoriales en el área de influencia. Peso por defecto 20 %: son los conflictos que un espacio activo y sus gestores desactivan antes de que escalen.",
        "en": "Fights, threats and territorial graffiti in the catchment. Default weight 20 %: the conflicts an active space and its gestores defuse before they escalate.",
    },
    "parks.component.youth": {"es": "Jóvenes", "en": "Young residents"},
    "parks.component.youth.why": {
        "es": "Jóvenes que viven en el área de influencia (interpolados por área desde los barrios). Peso por defecto 15 %: son el público de la activación; ParkScore da 25 % de la necesidad a los niños.",
        "en": "Young residents in the catchment (interpolated by area from the neighbourhoods). Default weight 15 %: they are activation's audience; ParkScore gives children 25 % of park need.",
    },
    "parks.component.poverty": {"es": "Estrato bajo", "en": "Low stratum"},
    "parks.component.poverty.why": {
        "es": "(6 − estrato) / 5 del barrio del espacio. Peso por defecto 10 %: ParkScore da 25 % de la necesidad al bajo ingreso.",
        "en": "(6 − stratum) / 5 of the space's barrio. Default weight 10 %: ParkScore gives low income 25 % of park need.",
    },
    "parks.component.gap": {"es": "Sin espacio activo", "en": "No active space"},
    "parks.component.gap.why": {
        "es": "Distancia al espacio activo más cercano, hasta el alcance a pie. Peso por defecto 10 %: activarlo serviría a gente que nadie sirve (la caminata de 10 minutos de ParkServe).",
        "en": "Distance to the nearest active space, up to the walking reach. Default weight 10 %: activating it would serve people nobody serves (ParkServe's 10-minute walk).",
    },
    "parks.component.trend": {"es": "Tendencia", "en": "Trend"},
    "parks.component.trend.why": {
        "es": "Cambio del daño frente al periodo anterior del mismo largo. Peso por defecto 10 %: dónde la violencia está emergiendo, antes de que se asiente.",
        "en": "Change in harm on the period before of the same length. Default weight 10 %: where violence is emerging, before it settles.",
    },
    "parks.component.neglect": {"es": "Abandono", "en": "Neglect"},
    "parks.component.neglect.why": {
        "es": "Estado (malo 1, regular ½) y alumbrado (ninguno 1, parcial ½), promediados. Peso por defecto 5 %: un espacio oscuro y roto es un riesgo y es lo que la activación repara; bajo porque su costo ya se cuenta.",
        "en": "Condition (poor 1, fair ½) and lighting (none 1, partial ½), averaged. Default weight 5 %: a dark, broken space is a risk and is what activation repairs; low because its cost is already counted.",
    },
}

PAGE: dict[str, dict[str, str]] = {
    **_COMPONENT_WORDS,
    "nav.parks": {"es": "Espacios públicos", "en": "Public spaces"},
    "nav.section.recommend": {"es": "Recomendaciones", "en": "Recommendations"},
    "parks.title": {"es": "Espacios públicos para activar", "en": "Public spaces to activate"},
    "parks.intro": {
        "es": "Qué espacios públicos activar y por qué. Cada espacio se mide en su área de influencia a pie; el puntaje combina los componentes con los pesos elegidos, y el portafolio es el conjunto que cubre más necesidad con el presupuesto, contando cada celda una sola vez. Los espacios ya activos se muestran pero no se recomiendan otra vez. Esta página usa todas las categorías, ponderadas por daño, en su propio periodo: los filtros de la barra lateral no se aplican.",
        "en": "Which public spaces to activate, and why. Each space is measured in its walking catchment; the score combines the components with the chosen weights, and the portfolio is the set that covers the most need within the budget, counting each cell once. Spaces already active are shown but not recommended again. This page uses every category, harm-weighted, over its own period: the sidebar's filters do not apply.",
    },
    "parks.running": {
        "es": "Midiendo los espacios y eligiendo el portafolio…",
        "en": "Measuring the spaces and choosing the portfolio…",
    },
    "parks.infeasible": {
        "es": "Las restricciones no caben en el presupuesto: {error}. Suba el presupuesto o quite restricciones.",
        "en": "The constraints do not fit the budget: {error}. Raise the budget or drop a constraint.",
    },
    "parks.failed": {"es": "No se pudo recomendar: {error}", "en": "No recommendation: {error}"},
    "parks.budget": {"es": "Presupuesto (millones de pesos)", "en": "Budget (million pesos)"},
    "parks.budget.help": {
        "es": "Dinero disponible para activar espacios, en la unidad de activation_cost (millones de pesos en el demo). Por defecto, un cuarto de lo que costaría activar todos los candidatos.",
        "en": "Money available to activate spaces, in the unit of activation_cost (million pesos in the demo). By default, a quarter of what activating every candidate would cost.",
    },
    "parks.options": {
        "es": "Área de influencia: {radius} m · {route}",
        "en": "Catchment: {radius} m · {route}",
    },
    "parks.network": {"es": "por las calles", "en": "along the streets"},
    "parks.rings": {"es": "en anillos", "en": "as rings"},
    "parks.radius": {"es": "Radio (m)", "en": "Radius (m)"},
    "parks.radius.help": {
        "es": "Distancia a pie desde el borde del espacio para los indicadores y la cobertura: 400 m son unos cinco minutos.",
        "en": "Walking distance from the space's edge for the indicators and the coverage: 400 m is about five minutes.",
    },
    "parks.reach": {"es": "Alcance a pie (m)", "en": "Walking reach (m)"},
    "parks.reach.help": {
        "es": "Un espacio activo más lejos que esto no cuenta como cercano: 800 m son unos diez minutos (ParkServe).",
        "en": "An active space farther than this does not count as near: 800 m is about ten minutes (ParkServe).",
    },
    "parks.network.toggle": {"es": "Seguir las calles", "en": "Follow the streets"},
    "parks.network.help": {
        "es": "Distancia por la red de calles (capa streets) desde el espacio; si no, un anillo en línea recta.",
        "en": "Distance along the street network (streets layer) from the space; otherwise a straight-line ring.",
    },
    "parks.network.none": {
        "es": "El espacio de trabajo no tiene capa de calles (streets): las áreas son anillos.",
        "en": "The workspace has no streets layer: the catchments are rings.",
    },
    "parks.months": {"es": "Meses del periodo", "en": "Months in the period"},
    "parks.end": {"es": "Último día del periodo", "en": "Last day of the period"},
    "parks.end.help": {
        "es": "Por defecto, el día del último incidente. La tendencia compara el periodo con el anterior del mismo largo.",
        "en": "By default, the last incident's day. The trend compares the period with the one before of the same length.",
    },
    "parks.normalise": {"es": "Normalización", "en": "Normalisation"},
    "parks.normalise.help": {
        "es": "Percentil: el lugar de cada espacio entre los candidatos, robusto a un valor extremo. Mín-máx: la distancia entre el menor y el mayor valor.",
        "en": "Percentile: each space's place among the candidates, robust to one extreme value. Min-max: the distance between the lowest and the highest value.",
    },
    "parks.normalise.rank": {"es": "Percentil", "en": "Percentile"},
    "parks.normalise.minmax": {"es": "Mín-máx", "en": "Min-max"},
    "parks.weights": {"es": "Pesos", "en": "Weights"},
    "parks.weights.intro": {
        "es": "Cuánto cuenta cada componente (se normalizan para sumar 100 %). La ayuda de cada uno dice su razón.",
        "en": "How much each component counts (renormalised to 100 %). Each one's help gives its reason.",
    },
    "parks.weights.reset": {
        "es": "Volver a los pesos por defecto",
        "en": "Back to the default weights",
    },
    "parks.weights.zero": {
        "es": "Todos los pesos están en cero: se usan los pesos por defecto.",
        "en": "Every weight is zero: the default weights are used.",
    },
    "parks.constraints": {"es": "Restricciones", "en": "Constraints"},
    "parks.demand": {"es": "Necesidad a cubrir", "en": "Need to cover"},
    "parks.demand.help": {
        "es": "Qué cuenta una celda de 100 m cubierta: el daño de sus incidentes en el periodo, sus residentes o sus jóvenes.",
        "en": "What a covered 100 m cell counts: the harm of its incidents in the period, its residents or its young residents.",
    },
    "parks.demand.harm": {"es": "Daño", "en": "Harm"},
    "parks.demand.residents": {"es": "Residentes", "en": "Residents"},
    "parks.demand.youth": {"es": "Jóvenes", "en": "Young residents"},
    "parks.per_comuna": {"es": "Al menos uno por comuna", "en": "At least one per comuna"},
    "parks.must": {"es": "Deben incluirse", "en": "Must include"},
    "parks.exclude": {"es": "Excluir", "en": "Exclude"},
    "parks.served": {
        "es": "Lo que cubre un espacio activo ya está servido",
        "en": "What an active space covers is already served",
    },
    "parks.served.help": {
        "es": "La necesidad dentro del área de un espacio ya activo no cuenta para el portafolio.",
        "en": "Need inside an active space's catchment does not count for the portfolio.",
    },
    "parks.fig.candidates": {"es": "Candidatos", "en": "Candidates"},
    "parks.fig.active": {"es": "Ya activos", "en": "Already active"},
    "parks.fig.active.help": {
        "es": "Se muestran, no se recomiendan otra vez.",
        "en": "Shown, not recommended again.",
    },
    "parks.fig.chosen": {"es": "En el portafolio", "en": "In the portfolio"},
    "parks.fig.cost": {"es": "Costo / presupuesto (millones)", "en": "Cost / budget (millions)"},
    "parks.fig.cost.value": {"es": "{cost} / {budget}", "en": "{cost} / {budget}"},
    "parks.fig.cost.help": {
        "es": "Suma de activation_cost de los espacios elegidos.",
        "en": "Sum of the chosen spaces' activation_cost.",
    },
    "parks.fig.covered": {"es": "Necesidad cubierta", "en": "Need covered"},
    "parks.fig.covered.help.harm": {
        "es": "Parte del daño del periodo, fuera del alcance de los espacios activos, que queda dentro del área de algún espacio elegido.",
        "en": "Share of the period's harm, outside the active spaces' reach, that falls inside a chosen space's catchment.",
    },
    "parks.fig.covered.help.residents": {
        "es": "Parte de los residentes, fuera del alcance de los espacios activos, dentro del área de algún espacio elegido.",
        "en": "Share of the residents, outside the active spaces' reach, inside a chosen space's catchment.",
    },
    "parks.fig.covered.help.youth": {
        "es": "Parte de los jóvenes, fuera del alcance de los espacios activos, dentro del área de algún espacio elegido.",
        "en": "Share of the young residents, outside the active spaces' reach, inside a chosen space's catchment.",
    },
    "parks.fig.gap": {"es": "Exacto sobre voraz", "en": "Exact over greedy"},
    "parks.fig.gap.help": {
        "es": "Cuánta más necesidad cubre la solución exacta (programa entero) que la voraz (mejor ganancia por peso): la recomendación es la exacta.",
        "en": "How much more need the exact solution (integer programme) covers than the greedy one (best gain per peso): the recommendation is the exact one.",
    },
    "parks.lead": {
        "es": "Periodo {start} a {end}; áreas de influencia de {radius} m {method}.",
        "en": "Period {start} to {end}; catchments of {radius} m {method}.",
    },
    "parks.method.network": {"es": "por las calles", "en": "along the streets"},
    "parks.method.ring": {"es": "en anillos", "en": "as rings"},
    "parks.note.dropped": {
        "es": "Sin datos para: {components}; su peso se repartió entre los demás.",
        "en": "No data for: {components}; their weight went to the others.",
    },
    "parks.note.uncosted": {
        "es": "Sin activation_cost, fuera del portafolio: {ids}.",
        "en": "No activation_cost, left out of the portfolio: {ids}.",
    },
    "parks.note.not_optimal": {
        "es": "La solución exacta no terminó ({status}): se muestra la mejor encontrada.",
        "en": "The exact solve did not finish ({status}): the best found is shown.",
    },
    "parks.layer.catchments.chosen": {
        "es": "Áreas de {radius} m de los elegidos",
        "en": "{radius} m catchments of the chosen",
    },
    "parks.layer.catchments.active": {
        "es": "Áreas de {radius} m de los activos",
        "en": "{radius} m catchments of the active",
    },
    "parks.tooltip.rank": {"es": "puesto {rank}", "en": "rank {rank}"},
    "parks.tooltip.active": {"es": "ya activo", "en": "already active"},
    "parks.legend": {"es": "Espacios públicos", "en": "Public spaces"},
    "parks.role.chosen": {"es": "En el portafolio", "en": "In the portfolio"},
    "parks.role.candidate": {"es": "Candidato", "en": "Candidate"},
    "parks.role.active": {"es": "Ya activo", "en": "Already active"},
    "parks.col.rank": {"es": "Puesto", "en": "Rank"},
    "parks.col.score": {"es": "Puntaje", "en": "Score"},
    "parks.col.cost": {"es": "Costo (millones)", "en": "Cost (millions)"},
    "parks.col.gain": {"es": "Ganancia marginal", "en": "Marginal gain"},
    "parks.col.why": {"es": "Por qué", "en": "Why"},
    "parks.col.chosen": {"es": "Elegido", "en": "Chosen"},
    "parks.col.solution": {"es": "Solución", "en": "Solution"},
    "parks.col.covered": {"es": "Necesidad cubierta", "en": "Need covered"},
    "parks.col.spaces": {"es": "Espacios", "en": "Spaces"},
    "parks.col.seconds": {"es": "Segundos", "en": "Seconds"},
    "parks.col.status": {"es": "Estado", "en": "Status"},
    "parks.portfolio.title": {
        "es": "El portafolio: {n} espacios",
        "en": "The portfolio: {n} spaces",
    },
    "parks.reasons.title": {"es": "Por qué estos espacios", "en": "Why these spaces"},
    "parks.compare.title": {"es": "Exacto frente a voraz", "en": "Exact against greedy"},
    "parks.solution.exact": {"es": "Exacta (programa entero)", "en": "Exact (integer programme)"},
    "parks.solution.greedy": {"es": "Voraz (ganancia por peso)", "en": "Greedy (gain per peso)"},
    "parks.status.optimal": {"es": "óptima", "en": "optimal"},
    "parks.status.time_limit": {"es": "límite de tiempo", "en": "time limit"},
    "parks.status.greedy": {"es": "heurística", "en": "heuristic"},
    "parks.ranking.title": {"es": "Todos los espacios, por puntaje", "en": "Every space, by score"},
    "parks.ranking.caption": {
        "es": "Cada componente va de 0 a 1 entre los candidatos; la ganancia marginal es la necesidad que se pierde si ese espacio sale del portafolio. Los activos van al final, sin puesto.",
        "en": "Each component runs from 0 to 1 among the candidates; the marginal gain is the need lost if that space left the portfolio. Active spaces come last, without a rank.",
    },
    "parks.download.title": {"es": "Descargas", "en": "Downloads"},
    "parks.download.file": {
        "es": "Clasificación y portafolio ({fmt})",
        "en": "Ranking and portfolio ({fmt})",
    },
    "parks.scenario.title": {"es": "Escenarios guardados", "en": "Saved scenarios"},
    "parks.scenario.name": {"es": "Nombre del escenario", "en": "Scenario name"},
    "parks.scenario.replace": {"es": "Reemplazar si ya existe", "en": "Replace it if it exists"},
    "parks.scenario.save": {"es": "Guardar este portafolio", "en": "Save this portfolio"},
    "parks.scenario.exists": {
        "es": "Ya hay un escenario «{name}». Marque «Reemplazar» o use otro nombre.",
        "en": "A scenario '{name}' exists. Tick 'Replace' or use another name.",
    },
    "parks.scenario.no_name": {
        "es": "Dele un nombre al escenario.",
        "en": "Give the scenario a name.",
    },
    "parks.scenario.saved": {
        "es": "Escenario «{name}» guardado en el espacio de trabajo.",
        "en": "Scenario '{name}' saved in the workspace.",
    },
    "parks.scenario.none": {
        "es": "Aún no hay escenarios guardados.",
        "en": "No saved scenario yet.",
    },
    "parks.scenario.compare": {"es": "Comparar", "en": "Compare"},
    "parks.scenario.table": {"es": "Escenarios lado a lado", "en": "Scenarios side by side"},
    "parks.scenario.row": {"es": "Escenario", "en": "Scenario"},
    "parks.scenario.saved_at": {"es": "Guardado (UTC)", "en": "Saved (UTC)"},
    "parks.scenario.budget": {"es": "Presupuesto (millones)", "en": "Budget (millions)"},
    "parks.scenario.cost": {"es": "Costo (millones)", "en": "Cost (millions)"},
    "parks.scenario.spaces": {"es": "Espacios", "en": "Spaces"},
    "parks.scenario.covered": {"es": "Necesidad cubierta", "en": "Need covered"},
    "parks.scenario.share": {"es": "Parte cubierta", "en": "Share covered"},
    "parks.scenario.demand": {"es": "Necesidad", "en": "Need"},
    "parks.scenario.gap": {"es": "Exacto sobre voraz", "en": "Exact over greedy"},
    "parks.scenario.constraints": {"es": "Restricciones", "en": "Constraints"},
    "parks.scenario.chosen": {"es": "Espacios elegidos", "en": "Chosen spaces"},
    "parks.method.title": {"es": "Cómo se calcula", "en": "How it is computed"},
    "parks.method.text": {
        "es": "**Áreas de influencia.** Con la capa de calles, la distancia se mide por la red desde los nodos cercanos al espacio (Dijkstra) y el área es la parte alcanzable de las calles con un margen, como las áreas de servicio de ArcGIS Network Analyst; sin calles, un anillo desde el borde.\n\n**Indicadores.** Daño ponderado (pesos del índice de daño de Cambridge) en el periodo y en el anterior del mismo largo; riñas, amenazas y grafitis; residentes y jóvenes por interpolación de área desde los barrios; estrato, estado, alumbrado, distancia al espacio activo más cercano, costo y territorio.\n\n**Puntaje.** Cada componente se normaliza entre los candidatos y se pondera (manual OCDE/JRC de indicadores compuestos). Más daño en el área nunca baja el puntaje.\n\n**Portafolio.** Problema de cobertura máxima con presupuesto: elige espacios cuya suma de costos no pase del presupuesto y que cubran la mayor necesidad, cada celda de 100 m contada una vez, resuelto exactamente como programa entero (HiGHS) y también de forma voraz (mejor ganancia por peso) para comparar. La ganancia marginal de un espacio es lo que se perdería sin él.",
        "en": "**Catchments.** With a streets layer, distance is measured along the network from the nodes near the space (Dijkstra) and the catchment is the reachable part of the streets with a margin, like ArcGIS Network Analyst's service areas; without streets, a ring from the edge.\n\n**Indicators.** Harm-weighted incidents (Cambridge Crime Harm Index weights) in the period and in the one before of the same length; fights, threats and graffiti; residents and young residents by areal interpolation from the neighbourhoods; stratum, condition, lighting, distance to the nearest active space, cost and territory.\n\n**Score.** Each component is normalised among the candidates and weighted (OECD/JRC handbook on composite indicators). More harm in the catchment never lowers the score.\n\n**Portfolio.** A budgeted maximal covering problem: choose spaces whose costs add up to at most the budget and that cover the most need, each 100 m cell counted once, solved exactly as an integer programme (HiGHS) and greedily (best gain per peso) for comparison. A space's marginal gain is what would be lost without it.",
    },
}
