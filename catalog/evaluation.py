"""Did it work? The evaluation's sentences, its page and ``cli.py evaluate`` (data only).

:data:`WORDS` holds the sentences of :mod:`models.evaluation_text`
(``evaluation.*``); :data:`PAGE` the page's words (``evaluation.page.*``);
:data:`CLI` the command line's (``cli.help.evaluate.*``, ``cli.evaluate.*``).
"""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    # -- what is evaluated --------------------------------------------------------------
    "evaluation.outcome.violence": {"es": "La violencia", "en": "Violence"},
    "evaluation.outcome.convivencia": {
        "es": "El número de conflictos de convivencia",
        "en": "The count of convivencia conflicts",
    },
    "evaluation.outcome.property": {
        "es": "El número de delitos contra el patrimonio",
        "en": "Property crime",
    },
    "evaluation.outcome.all": {"es": "El total de incidentes", "en": "The total of incidents"},
    "evaluation.outcome.category": {
        "es": "El número de incidentes de {category}",
        "en": "The count of incidents of {category}",
    },
    "evaluation.outcome.name.violence": {"es": "Violencia", "en": "Violence"},
    "evaluation.outcome.name.convivencia": {"es": "Convivencia", "en": "Convivencia"},
    "evaluation.outcome.name.property": {"es": "Patrimonio", "en": "Property"},
    "evaluation.outcome.name.all": {"es": "Todos los incidentes", "en": "All incidents"},
    "evaluation.with.territories": {"es": "con gestores", "en": "with gestores"},
    "evaluation.with.programs": {"es": "con programas", "en": "with programmes"},
    "evaluation.with.components": {
        "es": "con programas de {components}",
        "en": "with programmes of {components}",
    },
    "evaluation.treatment.territories": {
        "es": "Territorios de gestores",
        "en": "Gestores territories",
    },
    "evaluation.treatment.programs": {"es": "Programas", "en": "Programmes"},
    "evaluation.step.Q": {"es": "Trimestre", "en": "Quarter"},
    "evaluation.step.M": {"es": "Mes", "en": "Month"},
    "evaluation.steps.Q": {"es": "trimestres", "en": "quarters"},
    "evaluation.steps.M": {"es": "meses", "en": "months"},
    "evaluation.group.treated": {"es": "Tratado", "en": "Treated"},
    "evaluation.group.neighbour": {"es": "Vecino", "en": "Neighbour"},
    "evaluation.group.control": {"es": "Control", "en": "Control"},
    "evaluation.group.excluded": {"es": "Excluido", "en": "Excluded"},
    # -- the headline -------------------------------------------------------------------
    "evaluation.headline.lower": {
        "es": "{outcome} en los {n} barrios {with_} fue {pct} menor de lo esperado según barrios comparables (IC 95 %: {lo} a {hi})",
        "en": "{outcome} in the {n} barrios {with_} was {pct} lower than expected from comparable barrios (95 % CI {lo} to {hi})",
    },
    "evaluation.headline.higher": {
        "es": "{outcome} en los {n} barrios {with_} fue {pct} mayor de lo esperado según barrios comparables (IC 95 %: {lo} a {hi})",
        "en": "{outcome} in the {n} barrios {with_} was {pct} higher than expected from comparable barrios (95 % CI {lo} to {hi})",
    },
    "evaluation.headline.none": {
        "es": "{outcome} en los {n} barrios {with_} no muestra un cambio claro frente a barrios comparables: {pct} (IC 95 %: {lo} a {hi}); no se distingue un efecto del azar",
        "en": "{outcome} in the {n} barrios {with_} shows no clear change against comparable barrios: {pct} (95 % CI {lo} to {hi}); no effect can be told from chance",
    },
    "evaluation.headline.neighbours_sparse": {
        "es": "; los barrios vecinos tienen muy pocos incidentes antes o después para estimar su cambio.",
        "en": "; the neighbouring barrios have too few incidents before or after to estimate their change.",
    },
    "evaluation.headline.neighbours": {
        "es": "; los barrios vecinos cambiaron {pct} ({lo} a {hi}), {verdict}.",
        "en": "; neighbouring barrios changed {pct} ({lo} to {hi}), {verdict}.",
    },
    "evaluation.headline.no_neighbours": {
        "es": "; ningún barrio no tratado limita con uno tratado.",
        "en": "; no untreated barrio borders a treated one.",
    },
    "evaluation.verdict.none": {
        "es": "sin señal de desplazamiento",
        "en": "no sign of displacement",
    },
    "evaluation.verdict.displacement": {
        "es": "una señal de desplazamiento hacia ellos",
        "en": "a sign of displacement to them",
    },
    "evaluation.verdict.unclear": {
        "es": "sin cambio claro, pero no se descarta un aumento de hasta {hi}",
        "en": "no clear change, but a rise of up to {hi} cannot be ruled out",
    },
    "evaluation.verdict.rose": {
        "es": "un aumento frente a los de control (sin una caída clara en los tratados, no es desplazamiento)",
        "en": "a rise against the controls (with no clear fall in the treated barrios, not displacement)",
    },
    "evaluation.verdict.fell": {
        "es": "una caída frente a los de control (sin una caída clara en los tratados, no es difusión de beneficios)",
        "en": "a fall against the controls (with no clear fall in the treated barrios, not a diffusion of benefits)",
    },
    "evaluation.verdict.diffusion": {
        "es": "una difusión de beneficios hacia ellos",
        "en": "a diffusion of benefits to them",
    },
    "evaluation.sample": {
        "es": "{treated} barrios tratados, {neighbours} vecinos y {controls} de control; {periods} {steps} de {first} a {last}; {incidents} incidentes.",
        "en": "{treated} treated barrios, {neighbours} neighbours and {controls} controls; {periods} {steps} from {first} to {last}; {incidents} incidents.",
    },
    "evaluation.mde": {
        "es": "Con estos datos, una reducción menor de {mde} probablemente pasaría inadvertida (potencia 80 %, nivel 5 %).",
        "en": "With these data, a reduction smaller than {mde} would likely go unnoticed (80 % power, 5 % level).",
    },
    "evaluation.pretrend": {
        "es": "Prueba conjunta de los {df} coeficientes previos al inicio: {p} (F con los barrios como conglomerados; con pocos barrios una prueba conjunta rechaza de más). Su promedio: {mean}, {mean_p}.",
        "en": "Joint test of the {df} coefficients before the start: {p} (F with barrios as clusters; with few barrios a joint test rejects too often). Their average: {mean}, {mean_p}.",
    },
    "evaluation.randomisation": {
        "es": "Inferencia por aleatorización: {p} con {n} permutaciones del tratamiento entre barrios tratados y de control de tasa previa parecida (el menor p posible es {floor}).",
        "en": "Randomisation inference: {p} over {n} permutations of the treatment among treated and control barrios of similar prior rate (the smallest p it can give is {floor}).",
    },
    "evaluation.randomisation.one": {
        "es": "Inferencia por aleatorización: {p} con {n} permutaciones del tratamiento entre todos los barrios tratados y de control (un estrato de tasa previa no tenía tratados o controles; el menor p posible es {floor}).",
        "en": "Randomisation inference: {p} over {n} permutations of the treatment among all treated and control barrios (a stratum of prior rate lacked treated or control barrios; the smallest p it can give is {floor}).",
    },
    "evaluation.p.small": {"es": "< 0,001", "en": "< 0.001"},
    "evaluation.p.equals": {"es": "p = {p}", "en": "p = {p}"},
    "evaluation.p.below": {"es": "p < {p}", "en": "p < {p}"},
    # -- the caveats ----------------------------------------------------------------------
    "evaluation.caveat.lockdown": {
        "es": "Choques comunes: la ventana incluye el confinamiento de 2020. Los efectos de periodo lo absorben solo si golpeó igual a todos los barrios.",
        "en": "Common shocks: the window includes the 2020 lockdown. The period effects absorb it only if it hit every barrio alike.",
    },
    "evaluation.caveat.common_shocks": {
        "es": "Choques comunes: los efectos de periodo absorben lo que golpeó igual a todos los barrios, no lo que golpeó distinto a los tratados.",
        "en": "Common shocks: the period effects absorb what hit every barrio alike, not what hit the treated ones differently.",
    },
    "evaluation.caveat.selection": {
        "es": "Selección: antes del inicio, los barrios tratados tenían {ratio} veces la tasa de los de control. Se eligieron por su violencia, y un pico puede bajar solo (regresión a la media).",
        "en": "Selection: before the start, the treated barrios had {ratio} times the controls' rate. They were chosen for their violence, and a peak can fall on its own (regression to the mean).",
    },
    "evaluation.caveat.reporting": {
        "es": "Denuncia: los conteos son incidentes registrados. Si el programa cambió cuánto se denuncia (más confianza, o menos), el efecto medido incluye ese cambio.",
        "en": "Reporting: the counts are recorded incidents. If the programme changed how much is reported (more trust, or less), the measured effect includes that change.",
    },
    "evaluation.caveat.other_programmes": {
        "es": "Otros programas: {n} programas de otros componentes empezaron en barrios tratados durante la ventana; el efecto es el de todo lo que llegó a esos barrios.",
        "en": "Other programmes: {n} programmes of other components began in treated barrios within the window; the effect is that of everything that reached those barrios.",
    },
    "evaluation.caveat.few_treated": {
        "es": "Pocos barrios: {n} tratados y {clusters} conglomerados. Los errores agrupados son frágiles con pocos; mire el valor p por aleatorización.",
        "en": "Few barrios: {n} treated and {clusters} clusters. Clustered errors are fragile with few; look at the randomisation p-value.",
    },
    "evaluation.caveat.pretrend_weak": {
        "es": "Tendencias previas: que los coeficientes previos no difieran de cero es evidencia débil de tendencias paralelas; con pocos barrios la prueba rara vez detecta una divergencia.",
        "en": "Pre-trends: pre-period coefficients that do not differ from zero are weak evidence of parallel trends; with few barrios the test rarely detects a divergence.",
    },
    "evaluation.caveat.few_treated_no_ri": {
        "es": "Pocos barrios: {n} tratados y {clusters} conglomerados. Los errores agrupados son frágiles con pocos; pida permutaciones para un valor p por aleatorización.",
        "en": "Few barrios: {n} treated and {clusters} clusters. Clustered errors are fragile with few; ask for permutations for a randomisation p-value.",
    },
    "evaluation.caveat.neighbours_sparse": {
        "es": "Los barrios vecinos no tienen incidentes antes o después de su inicio: quedan fuera y no se mide el desplazamiento.",
        "en": "The neighbouring barrios have no incident before or after their start: they are left out and displacement is not measured.",
    },
    "evaluation.caveat.pretrend_fail": {
        "es": "Tendencias previas: en promedio los coeficientes previos difieren de cero ({mean}, {p}). Los barrios tratados ya iban distinto antes del inicio; la estimación no es creíble sin más análisis.",
        "en": "Pre-trends: on average the pre-period coefficients differ from zero ({mean}, {p}). The treated barrios were already moving differently before the start; the estimate is not credible without more analysis.",
    },
    "evaluation.caveat.levels_disagree": {
        "es": "Los estimadores en niveles discrepan del de Poisson. La diferencia en diferencias sobre tasas está sesgada cuando las tendencias de la ciudad son multiplicativas y los barrios tratados parten altos; el modelo de Poisson compara cambios proporcionales.",
        "en": "The levels estimators disagree with the Poisson one. Difference in differences on rates is biased when the city's trends are multiplicative and the treated barrios start high; the Poisson model compares proportional changes.",
    },
    "evaluation.caveat.early": {
        "es": "{n} barrios tratados o vecinos empezaron (o quedaron expuestos) dentro de los primeros {pre} periodos de la ventana y quedan fuera: no hay antes con qué compararlos.",
        "en": "{n} treated or neighbouring barrios began (or were exposed) within the window's first {pre} periods and are left out: there is no before to compare them with.",
    },
    # -- the agreement table ------------------------------------------------------------
    "evaluation.method.poisson": {
        "es": "Poisson con efectos fijos (principal)",
        "en": "Poisson fixed effects (primary)",
    },
    "evaluation.method.callaway_santanna": {
        "es": "Callaway y Sant'Anna (niveles)",
        "en": "Callaway & Sant'Anna (levels)",
    },
    "evaluation.method.imputation": {
        "es": "Imputación, Borusyak-Jaravel-Spiess (niveles)",
        "en": "Imputation, Borusyak-Jaravel-Spiess (levels)",
    },
    "evaluation.method.randomisation": {
        "es": "Inferencia por aleatorización (tratados frente a control)",
        "en": "Randomisation inference (treated against controls)",
    },
    "evaluation.agrees.yes": {"es": "coincide", "en": "agrees"},
    "evaluation.agrees.no": {"es": "discrepa", "en": "disagrees"},
    "evaluation.agrees.primary": {"es": "referencia", "en": "reference"},
    "evaluation.agrees.p_only": {"es": "solo valor p", "en": "p-value only"},
    "evaluation.agrees.not_comparable": {
        "es": "no comparable (efecto mayor que la tasa)",
        "en": "not comparable (effect larger than the rate)",
    },
    # -- displacement ---------------------------------------------------------------------
    "evaluation.displacement.counts": {
        "es": "En {span} {steps} antes y después de cada inicio: barrios tratados {tb} → {ta}, vecinos {db} → {da}, control {cb} → {ca}.",
        "en": "Over {span} {steps} before and after each start: treated barrios {tb} → {ta}, neighbours {db} → {da}, controls {cb} → {ca}.",
    },
    "evaluation.wdq.undefined": {
        "es": "WDQ sin definir: los barrios tratados no mejoraron frente a los de control.",
        "en": "WDQ undefined: the treated barrios did not improve against the controls.",
    },
    "evaluation.wdq.unclear": {
        "es": "WDQ {wdq}: no interpretable, porque los barrios tratados no bajaron claramente frente a los de control.",
        "en": "WDQ {wdq}: not interpretable, as the treated barrios did not fall clearly against the controls.",
    },
    "evaluation.wdq.diffusion": {
        "es": "WDQ {wdq}: difusión de beneficios (los vecinos también mejoraron).",
        "en": "WDQ {wdq}: a diffusion of benefits (the neighbours improved too).",
    },
    "evaluation.wdq.neutral": {
        "es": "WDQ {wdq}: ni desplazamiento ni difusión apreciables.",
        "en": "WDQ {wdq}: neither displacement nor diffusion to speak of.",
    },
    "evaluation.wdq.some": {
        "es": "WDQ {wdq}: algo de desplazamiento, menor que la reducción lograda.",
        "en": "WDQ {wdq}: some displacement, smaller than the reduction achieved.",
    },
    "evaluation.wdq.net_harm": {
        "es": "WDQ {wdq}: se desplazó más de lo que se evitó.",
        "en": "WDQ {wdq}: more was displaced than prevented.",
    },
    "evaluation.wdd.fewer": {
        "es": "WDD {wdd} incidentes (error estándar {se}, {p}): menos incidentes de lo esperado en tratados y vecinos juntos, una reducción neta.",
        "en": "WDD {wdd} incidents (standard error {se}, {p}): fewer incidents than expected in the treated barrios and their neighbours together, a net reduction.",
    },
    "evaluation.wdd.more": {
        "es": "WDD {wdd} incidentes (error estándar {se}, {p}): más incidentes de lo esperado en tratados y vecinos juntos, un aumento neto.",
        "en": "WDD {wdd} incidents (standard error {se}, {p}): more incidents than expected in the treated barrios and their neighbours together, a net increase.",
    },
    "evaluation.wdd.unclear": {
        "es": "WDD {wdd} incidentes (error estándar {se}, {p}): ningún cambio neto que se distinga del azar.",
        "en": "WDD {wdd} incidents (standard error {se}, {p}): no net change that can be told from chance.",
    },
    "evaluation.displacement.none": {
        "es": "Sin barrios vecinos no tratados: no hay desplazamiento que medir.",
        "en": "No untreated neighbouring barrios: no displacement to measure.",
    },
    # -- the notes on the treatment --------------------------------------------------------
    "evaluation.origin.column": {
        "es": "Inicio de cada barrio: la columna start de su territorio.",
        "en": "Each barrio's start: its territory's start column.",
    },
    "evaluation.origin.programs": {
        "es": "Los territorios no tienen fecha de inicio: se toma el inicio más temprano de los programas de interrupción ({start}).",
        "en": "The territories have no start date: the earliest start of the interruption programmes is used ({start}).",
    },
    "evaluation.origin.programs_by_barrio": {
        "es": "Inicio de cada barrio: el primer programa de los componentes elegidos que llegó a él.",
        "en": "Each barrio's start: the first programme of the chosen components that reached it.",
    },
    "evaluation.unplaced": {
        "es": "{n} programas sin barrio (ni neighborhood_id ni polígono) no cuentan: {ids}.",
        "en": "{n} programmes with no barrio (no neighborhood_id and no polygon) do not count: {ids}.",
    },
    "evaluation.undated": {
        "es": "{n} territorios o programas sin fecha de inicio no tratan a nadie: {ids}.",
        "en": "{n} territories or programmes with no start date treat no one: {ids}.",
    },
    "evaluation.late": {
        "es": "{n} barrios empiezan después de la ventana y cuentan como control en ella: {ids}.",
        "en": "{n} barrios begin after the window and count as controls within it: {ids}.",
    },
    "evaluation.outside": {
        "es": "{n} incidentes de la ventana caen fuera de todo barrio y no cuentan.",
        "en": "{n} incidents of the window fall outside every barrio and do not count.",
    },
    "evaluation.dropped": {
        "es": "{n} barrios sin ningún incidente en la ventana no aportan al modelo de Poisson: {ids}.",
        "en": "{n} barrios with no incident in the window add nothing to the Poisson model: {ids}.",
    },
    # -- errors ---------------------------------------------------------------------------
    "evaluation.error.bad_outcome": {
        "es": "El resultado «{outcome}» no existe; elija uno de: {choices}.",
        "en": "The outcome “{outcome}” does not exist; choose one of: {choices}.",
    },
    "evaluation.error.bad_treatment": {
        "es": "El tratamiento «{treatment}» no existe; elija territories o programs.",
        "en": "The treatment “{treatment}” does not exist; choose territories or programs.",
    },
    "evaluation.error.bad_step": {
        "es": "El periodo «{step}» no existe; elija Q (trimestre) o M (mes).",
        "en": "The step “{step}” does not exist; choose Q (quarter) or M (month).",
    },
    "evaluation.error.bad_component": {
        "es": "El componente «{component}» no existe; elija entre: {choices}.",
        "en": "The component “{component}” does not exist; choose among: {choices}.",
    },
    "evaluation.error.components_without_programs": {
        "es": "Los componentes solo se eligen con el tratamiento programs.",
        "en": "Components are chosen only with the programs treatment.",
    },
    "evaluation.error.bad_window": {
        "es": "La fecha inicial ({since}) debe ser anterior a la final ({until}).",
        "en": "The first date ({since}) must come before the last ({until}).",
    },
    "evaluation.error.bad_permutations": {
        "es": "Las permutaciones deben ser 0 o más; se recibió {n}.",
        "en": "The permutations must be 0 or more; got {n}.",
    },
    "evaluation.error.no_territories": {
        "es": "El espacio de trabajo no tiene la capa territories de la que tomar el tratamiento.",
        "en": "The workspace has no territories layer to take the treatment from.",
    },
    "evaluation.error.no_start": {
        "es": "Los territorios no tienen columna start y no hay programa de interrupción con fecha de inicio de donde tomarla.",
        "en": "The territories have no start column and there is no dated interruption programme to take it from.",
    },
    "evaluation.error.no_programs": {
        "es": "El espacio de trabajo no tiene la capa programs de la que tomar el tratamiento.",
        "en": "The workspace has no programs layer to take the treatment from.",
    },
    "evaluation.error.no_component": {
        "es": "Ningún programa tiene los componentes {components}.",
        "en": "No programme has the components {components}.",
    },
    "evaluation.error.no_incidents": {
        "es": "Los incidentes no tienen fechas para contar por periodo.",
        "en": "The incidents have no dates to count by period.",
    },
    "evaluation.error.short_window": {
        "es": "La ventana del {since} al {until} tiene {periods} periodos completos; se necesitan al menos 4.",
        "en": "The window from {since} to {until} holds {periods} whole periods; at least 4 are needed.",
    },
    "evaluation.error.few_treated": {
        "es": "Solo {n} barrios tratados tienen al menos {pre} periodos antes de su inicio; se necesitan al menos {minimum}. Amplíe la ventana hacia atrás o elija otro tratamiento.",
        "en": "Only {n} treated barrios have at least {pre} periods before their start; at least {minimum} are needed. Widen the window backwards or choose another treatment.",
    },
    "evaluation.error.no_post": {
        "es": "Todos los barrios tratados empiezan después de la ventana (termina en {last}): no hay un después con qué comparar. Amplíe la ventana hacia adelante.",
        "en": "Every treated barrio starts after the window (it ends in {last}): there is no after to compare. Widen the window forwards.",
    },
    "evaluation.error.too_few_incidents": {
        "es": "Muy pocos incidentes para comparar: tratados antes {treated_before}, después {treated_after}; control antes {control_before}, después {control_after}. Cada uno debe ser mayor que cero; elija un resultado más amplio (un grupo o todos) o una ventana más larga.",
        "en": "Too few incidents to compare: treated before {treated_before}, after {treated_after}; controls before {control_before}, after {control_after}. Each must be above zero; choose a broader outcome (a group or all) or a longer window.",
    },
    "evaluation.error.model_failed": {
        "es": "El modelo de Poisson no se pudo ajustar con estos datos ({error}); pruebe un resultado más amplio o una ventana más larga.",
        "en": "The Poisson model could not be fitted to these data ({error}); try a broader outcome or a longer window.",
    },
    "evaluation.error.few_controls": {
        "es": "Solo {n} barrios de control (ni tratados ni vecinos de uno tratado); se necesitan al menos {minimum}.",
        "en": "Only {n} control barrios (neither treated nor next to a treated one); at least {minimum} are needed.",
    },
}

CLI: dict[str, dict[str, str]] = {
    "cli.help.evaluate.help": {
        "es": "¿funcionó? efecto del programa en los barrios tratados frente a barrios comparables",
        "en": "did it work? the programme's effect in the treated barrios against comparable ones",
    },
    "cli.help.evaluate.description": {
        "es": "Estima el efecto del programa con un modelo de Poisson con efectos fijos de barrio y periodo (errores agrupados por barrio), un estudio de eventos, estimadores escalonados en niveles y la inferencia por aleatorización como contraste, y el desplazamiento a los barrios vecinos (WDQ, WDD).",
        "en": "Estimates the programme's effect with a Poisson model with barrio and period fixed effects (errors clustered by barrio), an event study, staggered levels estimators and randomisation inference as cross-checks, and displacement to neighbouring barrios (WDQ, WDD).",
    },
    "cli.help.evaluate.columns": {
        "es": "Columnas de --out (el estudio de eventos, .csv o .parquet): rel (periodos desde el inicio; -1 es la referencia), reference, binned (el extremo agrupa todos los periodos más allá), estimate, ci_low, ci_high (cambios proporcionales: -0,30 es -30 %), coef, se (escala logarítmica), p. --json escribe el resultado principal: treated y neighbours {estimate, ci_low, ci_high, p}, pre_trend_p, n_treated, n_neighbours, n_controls, step, outcome, mde, randomisation_p, cross_checks, displacement, caveats. --barrios escribe una fila por barrio: grupo, inicio, origen y su estimación indicativa.",
        "en": "Columns of --out (the event study, .csv or .parquet): rel (periods since the start; -1 is the reference), reference, binned (the end bin holds every period beyond), estimate, ci_low, ci_high (proportional changes: -0.30 is -30 %), coef, se (log scale), p. --json writes the headline: treated and neighbours {estimate, ci_low, ci_high, p}, pre_trend_p, n_treated, n_neighbours, n_controls, step, outcome, mde, randomisation_p, cross_checks, displacement, caveats. --barrios writes one row per barrio: group, start, source and its indicative estimate.",
    },
    "cli.help.evaluate.workspace": {
        "es": "el espacio de trabajo (.gpkg)",
        "en": "the workspace (.gpkg)",
    },
    "cli.help.evaluate.out": {
        "es": "la tabla del estudio de eventos (.csv o .parquet)",
        "en": "the event-study table (.csv or .parquet)",
    },
    "cli.help.evaluate.json": {
        "es": "el resultado principal en JSON",
        "en": "the headline results as JSON",
    },
    "cli.help.evaluate.barrios": {
        "es": "además, una fila por barrio (.geojson, .gpkg, .csv o .parquet)",
        "en": "also one row per barrio (.geojson, .gpkg, .csv or .parquet)",
    },
    "cli.help.evaluate.treatment": {
        "es": "de dónde sale el tratamiento: territories (barrios dentro de un territorio de gestores, desde su start) o programs (barrios con un programa, desde su start)",
        "en": "where the treatment comes from: territories (barrios inside a gestores territory, from its start) or programs (barrios with a programme, from its start)",
    },
    "cli.help.evaluate.component": {
        "es": "con --treatment programs: solo los programas de estos componentes ({choices})",
        "en": "with --treatment programs: only the programmes of these components ({choices})",
    },
    "cli.help.evaluate.outcome": {
        "es": "qué se cuenta: un grupo (violence, convivencia, property), all o una categoría por su código o su nombre ({choices})",
        "en": "what is counted: a group (violence, convivencia, property), all or a category by its code or name ({choices})",
    },
    "cli.help.evaluate.step": {
        "es": "el periodo: Q (trimestre) o M (mes)",
        "en": "the period: Q (quarter) or M (month)",
    },
    "cli.help.evaluate.since": {
        "es": "primer día de la ventana (solo periodos completos; por defecto el del primer incidente)",
        "en": "first day of the window (whole periods only; default the first incident's)",
    },
    "cli.help.evaluate.until": {
        "es": "último día de la ventana (por defecto el del último incidente)",
        "en": "last day of the window (default the last incident's)",
    },
    "cli.help.evaluate.permutations": {
        "es": "permutaciones de la inferencia por aleatorización (0: ninguna)",
        "en": "permutations of the randomisation inference (0: none)",
    },
    "cli.help.evaluate.seed": {
        "es": "semilla de las permutaciones",
        "en": "the permutations' seed",
    },
    "cli.evaluate.failed": {"es": "no se pudo: {error}", "en": "could not do it: {error}"},
    "cli.evaluate.synthetic": {
        "es": "Datos sintéticos de demostración: no son cifras reales de ninguna ciudad.",
        "en": "Synthetic demo data: not any city's real figures.",
    },
    "cli.evaluate.out_format": {
        "es": "{out}: la tabla se escribe como .csv o .parquet",
        "en": "{out}: the table is written as .csv or .parquet",
    },
    "cli.evaluate.checks": {"es": "Contrastes:", "en": "Cross-checks:"},
    "cli.evaluate.check_row": {
        "es": "  {method}: {estimate} ({ci}), {p}, {agreement}",
        "en": "  {method}: {estimate} ({ci}), {p}, {agreement}",
    },
    "cli.evaluate.displacement": {"es": "Desplazamiento:", "en": "Displacement:"},
    "cli.evaluate.caveats": {"es": "Advertencias:", "en": "Caveats:"},
    "cli.evaluate.wrote": {
        "es": "Se escribió {what} en {out}",
        "en": "Wrote {what} to {out}",
    },
    "cli.evaluate.what.event": {"es": "el estudio de eventos", "en": "the event study"},
    "cli.evaluate.what.json": {"es": "el resultado principal", "en": "the headline results"},
    "cli.evaluate.what.barrios": {"es": "los barrios", "en": "the barrios"},
}

PAGE: dict[str, dict[str, str]] = {
    "nav.evaluation": {"es": "Evaluación", "en": "Evaluation"},
    "nav.section.results": {"es": "Resultados", "en": "Results"},
    "evaluation.page.title": {"es": "Evaluación: ¿funcionó?", "en": "Evaluation: did it work?"},
    "evaluation.page.intro": {
        "es": "Compara cómo cambiaron los incidentes en los barrios tratados con cómo cambiaron en barrios comparables sin tratar, y si se movieron a los barrios vecinos. Un antes y después de toda la ciudad no lo dice: también cambia lo que no tocó el programa. Las opciones de abajo fijan la ventana y qué se cuenta; el periodo y las categorías de la barra lateral no se aplican aquí.",
        "en": "Compares how incidents changed in the treated barrios with how they changed in comparable untreated barrios, and whether they moved next door. A citywide before and after cannot tell: what the programme did not touch changes too. The options below set the window and what is counted; the sidebar's period and categories do not apply here.",
    },
    "evaluation.page.options": {
        "es": "{treatment} · {outcome} · {step} · {since} a {until}",
        "en": "{treatment} · {outcome} · {step} · {since} to {until}",
    },
    "evaluation.page.treatment": {"es": "Tratamiento", "en": "Treatment"},
    "evaluation.page.treatment.help": {
        "es": "Territorios: un barrio dentro de un territorio de gestores (por área), desde el inicio del territorio. Programas: un barrio con un programa de los componentes elegidos, desde el inicio del programa.",
        "en": "Territories: a barrio inside a gestores territory (by area), from the territory's start. Programmes: a barrio with a programme of the chosen components, from the programme's start.",
    },
    "evaluation.page.components": {"es": "Componentes", "en": "Components"},
    "evaluation.page.components.help": {
        "es": "Vacío: todos los programas.",
        "en": "Empty: every programme.",
    },
    "evaluation.page.outcome": {"es": "Qué se cuenta", "en": "What is counted"},
    "evaluation.page.step": {"es": "Periodo", "en": "Period"},
    "evaluation.page.since": {"es": "Desde", "en": "From"},
    "evaluation.page.until": {"es": "Hasta", "en": "To"},
    "evaluation.page.window.help": {
        "es": "Solo cuentan los periodos completos dentro de estas fechas.",
        "en": "Only whole periods within these dates count.",
    },
    "evaluation.page.permutations": {
        "es": "Permutaciones (inferencia por aleatorización)",
        "en": "Permutations (randomisation inference)",
    },
    "evaluation.page.permutations.help": {
        "es": "Cuántas veces se reasigna el tratamiento al azar para el valor p que no depende del número de barrios. Más permutaciones, más precisión y más espera (unos 25 ms cada una).",
        "en": "How many times the treatment is reassigned at random for the p-value that does not rest on the number of barrios. More permutations, more precision and a longer wait (about 25 ms each).",
    },
    "evaluation.page.who": {
        "es": "Quién recibió el programa y desde cuándo",
        "en": "Who received the programme, and from when",
    },
    "evaluation.page.who.caption": {
        "es": "{treated} barrios tratados, {neighbours} vecinos (tocan uno tratado por un lado o una esquina) y {controls} de control. Los vecinos se estiman aparte para ver si la violencia se desplazó hacia ellos.",
        "en": "{treated} treated barrios, {neighbours} neighbours (touching a treated one by a side or a corner) and {controls} controls. Neighbours are estimated apart to see whether violence moved to them.",
    },
    "evaluation.page.layer.groups": {"es": "Barrios por grupo", "en": "Barrios by group"},
    "evaluation.page.col.group": {"es": "Grupo", "en": "Group"},
    "evaluation.page.col.start": {"es": "Inicio", "en": "Start"},
    "evaluation.page.col.source": {"es": "Origen", "en": "Source"},
    "evaluation.page.running": {
        "es": "Estimando el efecto (Poisson con efectos fijos, estudio de eventos, contrastes)…",
        "en": "Estimating the effect (Poisson fixed effects, event study, cross-checks)…",
    },
    "evaluation.page.randomising": {
        "es": "Inferencia por aleatorización: {n} permutaciones del tratamiento…",
        "en": "Randomisation inference: {n} permutations of the treatment…",
    },
    "evaluation.page.failed": {
        "es": "No se pudo evaluar: {error}",
        "en": "Could not evaluate: {error}",
    },
    "evaluation.page.result": {"es": "El resultado", "en": "The result"},
    "evaluation.page.fig.treated": {"es": "Barrios tratados", "en": "Treated barrios"},
    "evaluation.page.fig.treated.help": {
        "es": "Cambio frente a lo esperado según los barrios de control (modelo de Poisson con efectos fijos de barrio y periodo). IC 95 %: {lo} a {hi}.",
        "en": "Change against what the control barrios predict (Poisson model with barrio and period fixed effects). 95 % CI: {lo} to {hi}.",
    },
    "evaluation.page.fig.neighbours": {"es": "Barrios vecinos", "en": "Neighbouring barrios"},
    "evaluation.page.fig.neighbours.help": {
        "es": "Positivo: desplazamiento hacia los vecinos; negativo: difusión de beneficios. IC 95 %: {lo} a {hi}.",
        "en": "Positive: displacement to the neighbours; negative: a diffusion of benefits. 95 % CI: {lo} to {hi}.",
    },
    "evaluation.page.fig.mde": {
        "es": "Efecto mínimo detectable",
        "en": "Minimum detectable effect",
    },
    "evaluation.page.fig.mde.help": {
        "es": "La reducción más pequeña que estos datos detectarían 8 de cada 10 veces, con nivel 5 %.",
        "en": "The smallest reduction these data would detect 8 times in 10, at the 5 % level.",
    },
    "evaluation.page.fig.pretrend": {"es": "Tendencias previas (p)", "en": "Pre-trends (p)"},
    "evaluation.page.fig.pretrend.help": {
        "es": "Prueba conjunta de que los coeficientes antes del inicio son cero. Un p alto es evidencia débil de tendencias paralelas.",
        "en": "Joint test that the coefficients before the start are zero. A high p is weak evidence of parallel trends.",
    },
    "evaluation.page.fig.ri": {"es": "Aleatorización (p)", "en": "Randomisation (p)"},
    "evaluation.page.fig.ri.help": {
        "es": "Proporción de reasignaciones al azar del tratamiento con un efecto tan grande como el observado.",
        "en": "Share of random reassignments of the treatment with an effect as large as the one observed.",
    },
    "evaluation.page.event": {"es": "Estudio de eventos", "en": "Event study"},
    "evaluation.page.event.caption": {
        "es": "Cambio en los barrios tratados por {step} desde su inicio, con su IC 95 %. Antes del inicio los puntos deberían rondar el cero; el periodo -1 es la referencia y los extremos agrupan todo lo que queda más allá.",
        "en": "Change in the treated barrios by {step} since their start, with its 95 % CI. Before the start the points should hover around zero; period -1 is the reference and the ends hold everything beyond.",
    },
    "evaluation.page.event.x": {"es": "{steps} desde el inicio", "en": "{steps} since the start"},
    "evaluation.page.event.y": {
        "es": "Cambio frente a lo esperado",
        "en": "Change against expected",
    },
    "evaluation.page.event.before": {"es": "Antes", "en": "Before"},
    "evaluation.page.event.after": {"es": "Después", "en": "After"},
    "evaluation.page.checks": {"es": "¿Coinciden otros métodos?", "en": "Do other methods agree?"},
    "evaluation.page.col.method": {"es": "Método", "en": "Method"},
    "evaluation.page.col.estimate": {"es": "Cambio", "en": "Change"},
    "evaluation.page.col.ci": {"es": "IC 95 %", "en": "95 % CI"},
    "evaluation.page.col.p": {"es": "p", "en": "p"},
    "evaluation.page.col.agreement": {"es": "Frente al principal", "en": "Against the primary"},
    "evaluation.page.displacement": {
        "es": "¿Se desplazó a los vecinos?",
        "en": "Did it move next door?",
    },
    "evaluation.page.caveats": {
        "es": "Lo que este resultado no dice",
        "en": "What this result does not say",
    },
    "evaluation.page.barrios.title": {
        "es": "Estimaciones por barrio (solo indicativas)",
        "en": "Per-barrio estimates (indicative only)",
    },
    "evaluation.page.barrios.caption": {
        "es": "Cada barrio tiene pocos incidentes y su intervalo es muy ancho: estas cifras orientan, no califican. No es una clasificación; el orden es el del código del barrio.",
        "en": "Each barrio has few incidents and its interval is very wide: these figures orient, they do not grade. This is not a ranking; the order is the barrio's code.",
    },
    "evaluation.page.notes": {"es": "Datos usados", "en": "Data used"},
    "evaluation.page.download": {"es": "Descargar", "en": "Download"},
    "evaluation.page.download.event": {
        "es": "Estudio de eventos (CSV)",
        "en": "Event study (CSV)",
    },
    "evaluation.page.download.headline": {
        "es": "Resultado principal (JSON)",
        "en": "Headline results (JSON)",
    },
    "evaluation.page.download.barrios": {
        "es": "Barrios ({fmt})",
        "en": "Barrios ({fmt})",
    },
    "evaluation.page.method.title": {"es": "Método", "en": "Method"},
    "evaluation.page.method.text": {
        "es": "**Modelo principal.** Conteos por barrio y periodo con un modelo de Poisson con efectos fijos de barrio y de periodo y la población como exposición (pyfixest, equivalente a `fepois` de R), errores agrupados por barrio. Dos exposiciones: *tratado desde su inicio* y *vecino desde el inicio del tratado más temprano que toca*; los controles no son ni lo uno ni lo otro. El efecto es exp(b) − 1.\n\n**Estudio de eventos.** El mismo modelo con un indicador por periodo relativo al inicio; prueba conjunta F de los coeficientes previos y prueba t de su promedio. Un inicio a mitad de periodo hace de ese periodo el primero tratado (periodo 0), que mezcla antes y después. Un programa cuenta desde su inicio hasta el final de la ventana, aunque haya terminado (intención de tratar).\n\n**Contrastes.** Callaway y Sant'Anna (2021) y el estimador de imputación de Borusyak, Jaravel y Spiess (2024) (paquete diff-diff), robustos a efectos distintos por cohorte pero aditivos sobre tasas por 100.000; se expresan como cambio frente al contrafactual de los tratados. Inferencia por aleatorización: el tratamiento se permuta entre barrios tratados y de control dentro de dos estratos de tasa previa.\n\n**Desplazamiento.** Cociente de desplazamiento ponderado (WDQ, Bowers y Johnson 2003) y diferencia de desplazamiento ponderada con su error estándar (WDD, Wheeler y Ratcliffe 2018; el control se escala al conteo previo de cada área), en ventanas iguales antes y después de cada inicio.\n\n**Efecto mínimo detectable.** 1 − exp(−(1,96 + 0,84)·EE) con el error estándar del efecto en los tratados.",
        "en": "**Primary model.** Counts per barrio and period in a Poisson model with barrio and period fixed effects and the population as exposure (pyfixest, equivalent to R's `fepois`), errors clustered by barrio. Two exposures: *treated from its start* and *neighbour from the start of the earliest treated barrio it touches*; controls are neither. The effect is exp(b) − 1.\n\n**Event study.** The same model with one indicator per period relative to the start; a joint F test of the pre-period coefficients and a t test of their average. A start part-way through a period makes that period the first treated one (period 0), which mixes before and after. A programme counts from its start to the end of the window even if it has ended (intention to treat).\n\n**Cross-checks.** Callaway & Sant'Anna (2021) and the imputation estimator of Borusyak, Jaravel & Spiess (2024) (the diff-diff package), robust to effects that differ by cohort but additive on rates per 100,000; shown as a change against the treated barrios' counterfactual. Randomisation inference: the treatment is permuted among treated and control barrios within two strata of prior rate.\n\n**Displacement.** The Weighted Displacement Quotient (WDQ, Bowers & Johnson 2003) and the Weighted Displacement Difference with its standard error (WDD, Wheeler & Ratcliffe 2018; the control scaled to each area's prior count), over equal windows before and after each start.\n\n**Minimum detectable effect.** 1 − exp(−(1.96 + 0.84)·SE) with the standard error of the treated effect.",
    },
}
