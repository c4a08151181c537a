"""The gestores territories: the results' sentences, the page and ``cli.py territories`` (data only).

:data:`WORDS` holds the sentences of :mod:`models.territories_text` and the
page's words (``territories.*``); :data:`CLI` the command line's
(``cli.help.territories.*``, ``cli.territories.*``).
"""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    # -- the workload's definition ----------------------------------------------------
    "territories.balance.workload": {
        "es": "Carga (violencia y convivencia, ponderada por daño)",
        "en": "Workload (violence and convivencia, harm-weighted)",
    },
    "territories.balance.incidents": {"es": "Incidentes", "en": "Incidents"},
    "territories.balance.harm": {"es": "Daño ponderado (todo)", "en": "Harm (all categories)"},
    "territories.balance.population": {"es": "Población", "en": "Population"},
    "territories.balance.youth": {"es": "Población joven", "en": "Young population"},
    "territories.workload.workload": {
        "es": "Carga de trabajo: hechos de violencia y de convivencia del {start} al {end}, cada uno con su peso de daño (un homicidio pesa mucho más que una queja por ruido): los conflictos que atiende un equipo.",
        "en": "Workload: violence and convivencia incidents from {start} to {end}, each with its harm weight (a homicide far above a noise complaint): the conflicts a team handles.",
    },
    "territories.workload.incidents": {
        "es": "Carga de trabajo: todos los incidentes del {start} al {end}, cada uno cuenta uno.",
        "en": "Workload: every incident from {start} to {end}, each counting one.",
    },
    "territories.workload.harm": {
        "es": "Carga de trabajo: todos los incidentes del {start} al {end}, cada uno con su peso de daño.",
        "en": "Workload: every incident from {start} to {end}, each with its harm weight.",
    },
    "territories.workload.population": {
        "es": "Carga de trabajo: los residentes de cada barrio (capa de barrios).",
        "en": "Workload: each barrio's residents (the neighbourhoods layer).",
    },
    "territories.workload.youth": {
        "es": "Carga de trabajo: los residentes jóvenes de cada barrio (columna youth_population).",
        "en": "Workload: each barrio's young residents (the youth_population column).",
    },
    "territories.workload.column": {
        "es": "Carga de trabajo: la columna «{column}» de la capa de barrios.",
        "en": "Workload: the column “{column}” of the neighbourhoods layer.",
    },
    # -- one sentence per team ---------------------------------------------------------
    "territories.team.sentence": {"es": "{team}: {text}.", "en": "{team}: {text}."},
    "territories.team.new": {"es": "Territorio nuevo {id}", "en": "New territory {id}"},
    "territories.team.no_target": {
        "es": "sin carga que comparar",
        "en": "no workload to compare",
    },
    "territories.team.at_target": {
        "es": "en la carga objetivo (±{pct})",
        "en": "at the target workload (±{pct})",
    },
    "territories.team.above": {
        "es": "{pct} por encima de la carga objetivo",
        "en": "{pct} above the target workload",
    },
    "territories.team.below": {
        "es": "{pct} por debajo de la carga objetivo",
        "en": "{pct} below the target workload",
    },
    "territories.team.gestores": {
        "es": "con {n} gestores ({per} por gestor)",
        "en": "with {n} gestores ({per} per gestor)",
    },
    "territories.team.gestores_heaviest": {
        "es": "con {n} gestores ({per} por gestor, la mayor)",
        "en": "with {n} gestores ({per} per gestor, the heaviest)",
    },
    "territories.team.pieces": {
        "es": "sus barrios forman {n} partes separadas",
        "en": "its barrios form {n} separate pieces",
    },
    "territories.team.least_compact": {
        "es": "su territorio es el menos compacto",
        "en": "its territory is the least compact",
    },
    "territories.team.most_compact": {
        "es": "su territorio es el más compacto",
        "en": "its territory is the most compact",
    },
    "territories.team.and": {"es": " y ", "en": " and "},
    # -- headline ----------------------------------------------------------------------
    "territories.headline.balance": {
        "es": "La carga varía entre los {teams} equipos con un coeficiente de variación de {cv}; {ratio}.",
        "en": "The workload varies across the {teams} teams with a coefficient of variation of {cv}; {ratio}.",
    },
    "territories.headline.ratio": {
        "es": "el equipo más cargado tiene {ratio} veces la carga del menos cargado",
        "en": "the busiest team carries {ratio} times the workload of the lightest",
    },
    "territories.headline.ratio_none": {
        "es": "algún equipo no tiene carga",
        "en": "some team has no workload at all",
    },
    "territories.headline.outside": {
        "es": "El {share} de la carga de la ciudad está en {n} barrios fuera de todo territorio: nadie la atiende.",
        "en": "{share} of the city's workload lies in {n} barrios outside every territory: no team handles it.",
    },
    "territories.headline.all_inside": {
        "es": "Todos los barrios están en algún territorio.",
        "en": "Every barrio lies in some territory.",
    },
    "territories.headline.priority": {
        "es": "{n} de los {k} barrios prioritarios",
        "en": "{n} of the {k} priority barrios",
    },
    "territories.headline.hotspots": {
        "es": "{n} de los {k} principales puntos calientes",
        "en": "{n} of the top {k} hot spots",
    },
    "territories.headline.need": {
        "es": "Fuera de todo territorio quedan {what}.",
        "en": "Outside every territory lie {what}.",
    },
    # -- links of the adjacency --------------------------------------------------------
    "territories.link.island": {
        "es": "{a} no toca ningún otro barrio: se une a {b} (a {m} m) para que su territorio sea contiguo.",
        "en": "{a} touches no other barrio: it is joined to {b} ({m} m away) so that its territory can be contiguous.",
    },
    "territories.link.group": {
        "es": "Los barrios alrededor de {a} no tocan el resto de la ciudad: se unen por {b} (a {m} m).",
        "en": "The barrios around {a} do not touch the rest of the city: they are joined through {b} ({m} m away).",
    },
    # -- the proposal --------------------------------------------------------------------
    "territories.proposal.summary": {
        "es": "Propuesta de {k} territorios contiguos: el coeficiente de variación de la carga pasa de {cv0} a {cv1} y la razón máx./mín. de {ratio0} a {ratio1}; {moved} barrios cambian de equipo y {added} barrios sin territorio entran en uno.",
        "en": "A proposal of {k} contiguous territories: the workload's coefficient of variation goes from {cv0} to {cv1} and the max/min ratio from {ratio0} to {ratio1}; {moved} barrios change team and {added} barrios with no territory join one.",
    },
    "territories.proposal.scratch": {
        "es": "Propuesta de {k} territorios contiguos: coeficiente de variación de la carga {cv}, razón máx./mín. {ratio}.",
        "en": "A proposal of {k} contiguous territories: workload coefficient of variation {cv}, max/min ratio {ratio}.",
    },
    # -- errors (models.districting.DistrictingError codes) ------------------------------
    "territories.error.too_many_teams": {
        "es": "{k} equipos para {n} barrios: cada territorio necesita al menos un barrio.",
        "en": "{k} teams for {n} barrios: each territory needs at least one barrio.",
    },
    "territories.error.zero_workload": {
        "es": "La carga es cero en todos los barrios: no hay nada que equilibrar. Elija otra definición de carga u otra ventana.",
        "en": "The workload is zero in every barrio: there is nothing to balance. Choose another workload definition or window.",
    },
    "territories.error.no_current": {
        "es": "{what} necesita los territorios actuales, y no hay ninguno.",
        "en": "{what} needs the current territories, and there are none.",
    },
    "territories.error.max_moves_alone": {
        "es": "El máximo de barrios que cambian cuenta los cambios desde el plan actual: úselo partiendo de los territorios actuales.",
        "en": "The maximum of barrios that move counts moves from the current plan: use it when starting from the current territories.",
    },
    "territories.error.from_current_k": {
        "es": "Partir de los territorios actuales conserva sus {have} equipos: pida {have} equipos, o parta de cero para dibujar {k}.",
        "en": "Starting from the current territories keeps their {have} teams: ask for {have} teams, or start from scratch to draw {k}.",
    },
    "territories.error.max_moves_forced": {
        "es": "Un territorio actual está en partes separadas: hacer contiguos todos los territorios mueve {n} barrios, más que los {m} permitidos.",
        "en": "A current territory is in separate pieces: making every territory contiguous moves {n} barrios, more than the {m} allowed.",
    },
    "territories.error.lock_outside": {
        "es": "El barrio {id} {name} está fijado, pero no está en ningún territorio actual: solo un barrio de un territorio puede quedarse con su equipo.",
        "en": "Barrio {id} {name} is locked but lies in no current territory: only a barrio of a territory can stay with its team.",
    },
    "territories.error.lock_unknown": {
        "es": "El barrio fijado {ids} no es un neighborhood_id de la capa de barrios.",
        "en": "Locked barrio {ids} is not a neighborhood_id of the neighbourhoods layer.",
    },
    "territories.error.locks_apart": {
        "es": "Los barrios fijados de un mismo equipo no se pueden unir sin cruzar barrios fijados a otro (barrio {id} {name}): quite alguno de esos bloqueos.",
        "en": "The locked barrios of one team cannot be joined without crossing barrios locked to another (barrio {id} {name}): remove one of those locks.",
    },
    "territories.error.locks_exceed": {
        "es": "Los bloqueos conservan {n} territorios actuales, más que los {k} equipos pedidos.",
        "en": "The locks keep {n} current territories, more than the {k} teams asked for.",
    },
    "territories.error.unreachable": {
        "es": "{n} barrios no se pueden alcanzar desde ningún territorio sin cruzar barrios fijados a otro equipo.",
        "en": "{n} barrios cannot be reached from any territory without crossing barrios locked to another team.",
    },
    "territories.error.empty_territory": {
        "es": "{n} territorios actuales no contienen ningún barrio: parta de cero.",
        "en": "{n} current territories hold no barrio: start from scratch.",
    },
    "territories.error.no_territories": {
        "es": "El espacio de trabajo no tiene territorios que evaluar: importe la capa de territorios.",
        "en": "The workspace has no territories to evaluate: import the territories layer.",
    },
    "territories.error.no_column": {
        "es": "La capa de barrios no tiene la columna «{column}» para equilibrar; use workload, incidents, harm, population, youth o una columna numérica ({options}).",
        "en": "The neighbourhoods layer has no column “{column}” to balance; use workload, incidents, harm, population, youth or a numeric column ({options}).",
    },
    "territories.error.bad_column": {
        "es": "La columna «{column}» está vacía, no es un número o es negativa en {n} barrios ({ids}): cada barrio necesita un valor para equilibrar con ella.",
        "en": "Column “{column}” is blank, not a number or negative in {n} barrios ({ids}): every barrio needs a value to balance on it.",
    },
    "territories.error.duplicate_ids": {
        "es": "Capa {layer}: el identificador {ids} aparece más de una vez.",
        "en": "Layer {layer}: id {ids} appears more than once.",
    },
}

CLI: dict[str, dict[str, str]] = {
    "cli.help.territories.help": {
        "es": "territorios de gestores: evaluar los actuales (evaluate) o proponer un rediseño (propose)",
        "en": "gestores territories: evaluate today's (evaluate) or propose a redesign (propose)",
    },
    "cli.help.territories.description": {
        "es": "Mide cómo los territorios de los equipos de gestores reparten la carga y cubren la necesidad, y propone territorios contiguos y equilibrados.",
        "en": "Measures how the gestores teams' territories share the workload and cover the need, and proposes contiguous, balanced territories.",
    },
    "cli.help.territories.evaluate": {
        "es": "una fila por equipo: barrios, población, carga, carga por gestor, frente al objetivo, compacidad, diámetro, contigüidad",
        "en": "one row per team: barrios, population, workload, workload per gestor, against the target, compactness, diameter, contiguity",
    },
    "cli.help.territories.evaluate.columns": {
        "es": "Columnas de --out: territory_id, team, barrios, population, youth_population, workload, gestores, workload_per_gestor, target (total de los equipos / equipos), vs_target (carga / objetivo - 1), polsby_popper (4πA/P², 1 = círculo), diameter_m, area_km2, parts (partes conexas en la adyacencia de barrios), contiguous, explanation y la geometría del territorio. --barrios escribe una fila por barrio con su territorio por área.",
        "en": "Columns of --out: territory_id, team, barrios, population, youth_population, workload, gestores, workload_per_gestor, target (the teams' total / teams), vs_target (workload / target - 1), polsby_popper (4πA/P², 1 = a disc), diameter_m, area_km2, parts (connected pieces on the barrios' adjacency), contiguous, explanation and the territory's geometry. --barrios writes one row per barrio with its territory by area.",
    },
    "cli.help.territories.propose": {
        "es": "asigna cada barrio a uno de K territorios contiguos que equilibran la carga",
        "en": "assigns every barrio to one of K contiguous territories that balance the workload",
    },
    "cli.help.territories.propose.columns": {
        "es": "Columnas de --out: neighborhood_id, name, territory_id (propuesto), team, current_territory (vacío: ninguno), moved (cambia de equipo), change (same, moved, added), locked, workload y la geometría del barrio.",
        "en": "Columns of --out: neighborhood_id, name, territory_id (proposed), team, current_territory (blank: none), moved (changes team), change (same, moved, added), locked, workload and the barrio's geometry.",
    },
    "cli.help.territories.workspace": {
        "es": "el espacio de trabajo (.gpkg)",
        "en": "the workspace (.gpkg)",
    },
    "cli.help.territories.out": {
        "es": "el archivo de salida (.geojson, .gpkg, .csv o .parquet)",
        "en": "the output file (.geojson, .gpkg, .csv or .parquet)",
    },
    "cli.help.territories.barrios": {
        "es": "además, una fila por barrio con su territorio por área y sus partes",
        "en": "also one row per barrio with its territory by area and its shares",
    },
    "cli.help.territories.balance": {
        "es": "qué se equilibra: workload (violencia y convivencia por daño, 12 meses), incidents, harm, population, youth o el nombre de una columna numérica de los barrios",
        "en": "what is balanced: workload (violence and convivencia by harm, 12 months), incidents, harm, population, youth or the name of a numeric column of the barrios",
    },
    "cli.help.territories.months": {
        "es": "meses de incidentes que cuentan (termina en --until)",
        "en": "months of incidents that count (ending on --until)",
    },
    "cli.help.territories.until": {
        "es": "último día de la ventana (por defecto: el del último incidente)",
        "en": "last day of the window (default: the last incident's)",
    },
    "cli.help.territories.teams": {
        "es": "número de territorios (equipos) K",
        "en": "number of territories (teams) K",
    },
    "cli.help.territories.compactness": {
        "es": "peso de la forma frente al equilibrio, de 0 (solo equilibrio) a 1",
        "en": "weight of shape against balance, from 0 (balance only) to 1",
    },
    "cli.help.territories.lock": {
        "es": "neighborhood_id de barrios que se quedan con su equipo actual",
        "en": "neighborhood_id of barrios that stay with their current team",
    },
    "cli.help.territories.from_current": {
        "es": "partir de los territorios actuales (mueve el menor número de barrios)",
        "en": "start from the current territories (moves as few barrios as possible)",
    },
    "cli.help.territories.seed": {
        "es": "semilla (la misma semilla da el mismo plan)",
        "en": "seed (the same seed gives the same plan)",
    },
    "cli.help.territories.max_moves": {
        "es": "como mucho M barrios cambian de equipo (con --from-current)",
        "en": "at most M barrios change team (with --from-current)",
    },
    "cli.help.territories.no_hotspots": {
        "es": "no calcular los puntos calientes fuera de los territorios (más rápido)",
        "en": "do not compute the hot spots outside the territories (faster)",
    },
    "cli.territories.failed": {
        "es": "no se pudo: {error}",
        "en": "could not do it: {error}",
    },
    "cli.territories.synthetic": {
        "es": "Datos sintéticos de demostración: no son cifras reales de ninguna ciudad.",
        "en": "Synthetic demo data: not any city's real figures.",
    },
    "cli.territories.teams": {"es": "Por equipo:", "en": "By team:"},
    "cli.territories.splits": {
        "es": "Barrios repartidos entre territorios:",
        "en": "Barrios split between territories:",
    },
    "cli.territories.split_row": {
        "es": "  {id} {name}: {shares}",
        "en": "  {id} {name}: {shares}",
    },
    "cli.territories.priority_outside": {
        "es": "Barrios prioritarios fuera de todo territorio:",
        "en": "Priority barrios outside every territory:",
    },
    "cli.territories.hotspots_outside": {
        "es": "Puntos calientes fuera de todo territorio:",
        "en": "Hot spots outside every territory:",
    },
    "cli.territories.hotspot_row": {
        "es": "  {rank}. {where}: {n} incidentes, {share} fuera",
        "en": "  {rank}. {where}: {n} incidents, {share} outside",
    },
    "cli.territories.before": {"es": "Antes:", "en": "Before:"},
    "cli.territories.after": {"es": "Después:", "en": "After:"},
    "cli.territories.figures": {
        "es": "  {k} equipos, CV {cv}, máx./mín. {ratio}, carga fuera de todo territorio {outside}",
        "en": "  {k} teams, CV {cv}, max/min {ratio}, workload outside every territory {outside}",
    },
    "cli.territories.solver": {
        "es": "Búsqueda tabú: {iterations} iteraciones (planes de partida: {starts}), compacidad {lam}, semilla {seed}.",
        "en": "Tabu search: {iterations} iterations (starting plans: {starts}), compactness {lam}, seed {seed}.",
    },
}

PAGE: dict[str, dict[str, str]] = {
    "nav.territories": {"es": "Territorios", "en": "Territories"},
    "territories.page.title": {"es": "Territorios de gestores", "en": "Gestores territories"},
    "territories.page.intro": {
        "es": "Cómo reparten hoy la carga los territorios de los equipos de gestores de convivencia, qué necesidad queda fuera de todos y una propuesta de territorios contiguos y equilibrados. La carga de cada equipo son conflictos que atender, no un mapa de peligro.",
        "en": "How the gestores de convivencia teams' territories share the workload today, what need lies outside all of them, and a proposal of contiguous, balanced territories. A team's workload is conflicts to attend to, not a map of danger.",
    },
    "territories.page.options": {
        "es": "Carga: {balance} · {months} meses hasta {end}",
        "en": "Workload: {balance} · {months} months to {end}",
    },
    "territories.page.balance": {"es": "Qué es la carga", "en": "What the workload is"},
    "territories.page.balance.help": {
        "es": "Lo que se compara entre equipos y se equilibra en la propuesta: los hechos de violencia y convivencia ponderados por daño (los conflictos que atiende un equipo, por defecto), todos los incidentes, el daño de todos, los residentes, los jóvenes o cualquier columna numérica de los barrios.",
        "en": "What is compared across teams and balanced by the proposal: harm-weighted violence and convivencia incidents (the conflicts a team handles, the default), every incident, the harm of all, residents, young residents or any numeric column of the barrios.",
    },
    "territories.page.months": {"es": "Meses de incidentes", "en": "Months of incidents"},
    "territories.page.months.help": {
        "es": "La ventana de incidentes que cuenta en la carga, que termina en el último día elegido.",
        "en": "The window of incidents the workload counts, ending on the chosen last day.",
    },
    "territories.page.end": {"es": "Último día", "en": "Last day"},
    "territories.page.end.help": {
        "es": "Por defecto, el día del último incidente.",
        "en": "By default, the day of the last incident.",
    },
    "territories.page.today": {"es": "Hoy", "en": "Today"},
    "territories.page.running": {
        "es": "Midiendo los territorios…",
        "en": "Measuring the territories…",
    },
    "territories.page.solving": {
        "es": "Buscando territorios contiguos y equilibrados…",
        "en": "Searching for contiguous, balanced territories…",
    },
    "territories.page.failed": {"es": "No se pudo: {error}", "en": "Could not do it: {error}"},
    "territories.page.fig.teams": {"es": "Equipos", "en": "Teams"},
    "territories.page.fig.cv": {"es": "Coef. de variación", "en": "Coefficient of variation"},
    "territories.page.fig.cv.help": {
        "es": "Desviación estándar de la carga de los equipos dividida por su media: 0 es un reparto perfecto; 0,10 o menos es un buen equilibrio.",
        "en": "The standard deviation of the teams' workload over its mean: 0 is a perfect split; 0.10 or less is a good balance.",
    },
    "territories.page.fig.ratio": {"es": "Máx. / mín.", "en": "Max / min"},
    "territories.page.fig.ratio.help": {
        "es": "Cuántas veces la carga del equipo más cargado es la del menos cargado.",
        "en": "How many times the busiest team's workload is the lightest team's.",
    },
    "territories.page.fig.outside": {"es": "Carga fuera", "en": "Workload outside"},
    "territories.page.fig.outside.help": {
        "es": "Parte de la carga de toda la ciudad en barrios fuera de todo territorio ({n} barrios).",
        "en": "Share of the whole city's workload in barrios outside every territory ({n} barrios).",
    },
    "territories.page.fig.priority": {
        "es": "Prioritarios fuera",
        "en": "Priority barrios outside",
    },
    "territories.page.fig.priority.help": {
        "es": "De los primeros barrios de la lista de prioridad (página Barrios prioritarios, pesos por defecto), cuántos no están en ningún territorio.",
        "en": "Of the first barrios of the priority list (Priority neighbourhoods page, default weights), how many lie in no territory.",
    },
    "territories.page.fig.hotspots": {
        "es": "Puntos calientes fuera",
        "en": "Hot spots outside",
    },
    "territories.page.fig.hotspots.help": {
        "es": "De los principales puntos calientes (Gi*, daño de violencia y convivencia de la ventana, celdas de 250 m), cuántos tienen más de la mitad de su área fuera de todo territorio.",
        "en": "Of the top hot spots (Gi*, harm of the window's violence and convivencia, 250 m cells), how many have more than half their area outside every territory.",
    },
    "territories.page.fig.moved": {"es": "Barrios que cambian", "en": "Barrios that move"},
    "territories.page.fig.moved.help": {
        "es": "Barrios de un territorio actual que la propuesta da a otro equipo.",
        "en": "Barrios of a current territory that the proposal gives to another team.",
    },
    "territories.page.fig.added": {"es": "Barrios que entran", "en": "Barrios that join"},
    "territories.page.fig.added.help": {
        "es": "Barrios hoy fuera de todo territorio que la propuesta da a un equipo.",
        "en": "Barrios outside every territory today that the proposal gives to a team.",
    },
    "territories.page.by_team": {"es": "Por equipo", "en": "By team"},
    "territories.page.none": {"es": "Sin territorio", "en": "No territory"},
    "territories.page.legend.title": {"es": "Territorio", "en": "Territory"},
    "territories.page.legend.moved": {
        "es": "Cambia de equipo (borde negro)",
        "en": "Changes team (black outline)",
    },
    "territories.page.map.caption": {
        "es": "Colores: el territorio de cada barrio (gris: ninguno). Borde rojo discontinuo: barrio entre los primeros de la lista de prioridad que no está en ningún territorio. Cuadros verdes y rojos: los principales puntos calientes, dentro o fuera de los territorios.",
        "en": "Colours: each barrio's territory (grey: none). Dashed red outline: a barrio among the first of the priority list that lies in no territory. Green and red squares: the top hot spots, inside or outside the territories.",
    },
    "territories.page.legend.covered": {
        "es": "Dentro de un territorio",
        "en": "Inside a territory",
    },
    "territories.page.legend.uncovered": {
        "es": "Fuera de todo territorio",
        "en": "Outside every territory",
    },
    "territories.page.layer.today": {"es": "Barrios por territorio", "en": "Barrios by territory"},
    "territories.page.layer.priority": {
        "es": "Prioritarios fuera de los territorios",
        "en": "Priority barrios outside the territories",
    },
    "territories.page.layer.hotspots": {"es": "Puntos calientes", "en": "Hot spots"},
    "territories.page.col.team": {"es": "Equipo", "en": "Team"},
    "territories.page.col.barrios": {"es": "Barrios", "en": "Barrios"},
    "territories.page.col.population": {"es": "Población", "en": "Population"},
    "territories.page.col.workload": {"es": "Carga", "en": "Workload"},
    "territories.page.col.gestores": {"es": "Gestores", "en": "Gestores"},
    "territories.page.col.per_gestor": {"es": "Carga por gestor", "en": "Workload per gestor"},
    "territories.page.col.vs_target": {
        "es": "Frente al objetivo (%)",
        "en": "Against the target (%)",
    },
    "territories.page.col.pp": {
        "es": "Compacidad (Polsby–Popper)",
        "en": "Compactness (Polsby–Popper)",
    },
    "territories.page.col.diameter": {"es": "Diámetro (km)", "en": "Diameter (km)"},
    "territories.page.col.parts": {"es": "Partes", "en": "Pieces"},
    "territories.page.col.share": {"es": "Parte del barrio (%)", "en": "Share of the barrio (%)"},
    "territories.page.col.current": {"es": "Territorio actual", "en": "Current territory"},
    "territories.page.col.priority_rank": {"es": "Puesto de prioridad", "en": "Priority rank"},
    "territories.page.col.rank": {"es": "Punto caliente", "en": "Hot spot"},
    "territories.page.col.outside": {"es": "Área fuera", "en": "Area outside"},
    "territories.page.splits.title": {
        "es": "Barrios repartidos entre territorios ({n})",
        "en": "Barrios split between territories ({n})",
    },
    "territories.page.splits.none": {
        "es": "Ningún barrio está repartido entre dos territorios (cada uno tiene al menos el 95 % en uno).",
        "en": "No barrio is split between two territories (each has at least 95 % in one).",
    },
    "territories.page.download": {"es": "Descargar", "en": "Download"},
    "territories.page.download.teams": {
        "es": "Tabla por equipo ({fmt})",
        "en": "Table by team ({fmt})",
    },
    "territories.page.download.barrios": {
        "es": "Barrios y su territorio ({fmt})",
        "en": "Barrios and their territory ({fmt})",
    },
    "territories.page.download.proposal": {
        "es": "Propuesta por barrio ({fmt})",
        "en": "Proposal by barrio ({fmt})",
    },
    "territories.page.download.proposal_teams": {
        "es": "Propuesta por equipo ({fmt})",
        "en": "Proposal by team ({fmt})",
    },
    "territories.page.redesign": {"es": "Proponer un rediseño", "en": "Propose a redesign"},
    "territories.page.redesign.intro": {
        "es": "Asigna cada barrio a uno de K territorios contiguos que equilibran la carga elegida arriba. Una propuesta es un punto de partida para hablar con los equipos: nada cambia en la capa de territorios hasta que alguien la adopta.",
        "en": "Assigns every barrio to one of K contiguous territories that balance the workload chosen above. A proposal is a starting point for talking with the teams: nothing changes in the territories layer until someone adopts it.",
    },
    "territories.page.teams": {"es": "Equipos (K)", "en": "Teams (K)"},
    "territories.page.teams.help": {
        "es": "Cuántos territorios dibujar. Partiendo de los actuales, K es su número.",
        "en": "How many territories to draw. Starting from the current ones, K is their number.",
    },
    "territories.page.lambda": {
        "es": "Forma frente a equilibrio (λ)",
        "en": "Shape against balance (λ)",
    },
    "territories.page.lambda.help": {
        "es": "0: solo equilibrio de carga. Más alto: territorios más compactos (más cortos de recorrer) a cambio de algo de equilibrio.",
        "en": "0: workload balance only. Higher: more compact territories (shorter to walk) at the cost of some balance.",
    },
    "territories.page.locks": {"es": "Barrios fijos", "en": "Locked barrios"},
    "territories.page.locks.help": {
        "es": "Barrios que se quedan con su equipo actual (por ejemplo, donde un equipo tiene años de confianza con la comunidad).",
        "en": "Barrios that stay with their current team (for instance, where a team has years of trust with the community).",
    },
    "territories.page.locks.placeholder": {"es": "Ninguno", "en": "None"},
    "territories.page.from_current": {
        "es": "Partir de los territorios actuales",
        "en": "Start from the current territories",
    },
    "territories.page.from_current.help": {
        "es": "Mueve el menor número de barrios posible; sin marcar, dibuja desde cero.",
        "en": "Moves as few barrios as possible; unticked, draws from scratch.",
    },
    "territories.page.limit_moves": {"es": "Limitar cambios", "en": "Limit moves"},
    "territories.page.max_moves": {"es": "Máx. barrios que cambian", "en": "Max barrios moved"},
    "territories.page.seed": {"es": "Semilla", "en": "Seed"},
    "territories.page.seed.help": {
        "es": "La misma semilla da la misma propuesta; otra semilla explora otros puntos de partida.",
        "en": "The same seed gives the same proposal; another seed explores other starting points.",
    },
    "territories.page.propose": {"es": "Proponer territorios", "en": "Propose territories"},
    "territories.page.plan.now": {"es": "Actual", "en": "Current"},
    "territories.page.plan.new": {"es": "Propuesta", "en": "Proposal"},
    "territories.page.scenario.name": {"es": "Nombre del escenario", "en": "Scenario name"},
    "territories.page.scenario.replace": {
        "es": "Reemplazar si existe",
        "en": "Replace if it exists",
    },
    "territories.page.scenario.save": {"es": "Guardar escenario", "en": "Save scenario"},
    "territories.page.scenario.saved": {
        "es": "Se guardó el escenario «{name}» en el espacio de trabajo.",
        "en": "Saved the scenario “{name}” in the workspace.",
    },
    "territories.page.scenario.exists": {
        "es": "Ya hay un escenario de territorios llamado «{name}»: use otro nombre o marque «Reemplazar si existe».",
        "en": "There is already a territories scenario named “{name}”: use another name or tick “Replace if it exists”.",
    },
    "territories.page.scenario.no_name": {
        "es": "Escriba un nombre para el escenario.",
        "en": "Write a name for the scenario.",
    },
    "territories.page.adopt.title": {
        "es": "Adoptar «{name}» como capa de territorios",
        "en": "Adopt “{name}” as the territories layer",
    },
    "territories.page.adopt.caption": {
        "es": "Reemplaza la capa de territorios por los territorios de la propuesta (los barrios unidos). El historial de importaciones registra el cambio y el escenario de origen; el escenario guardado sigue en el espacio de trabajo.",
        "en": "Replaces the territories layer with the proposal's territories (its barrios dissolved). The import history records the change and the scenario it came from; the saved scenario stays in the workspace.",
    },
    "territories.page.adopt.confirm": {
        "es": "Sí, reemplazar la capa de territorios por «{name}»",
        "en": "Yes, replace the territories layer with “{name}”",
    },
    "territories.page.adopt.button": {"es": "Adoptar", "en": "Adopt"},
    "territories.page.adopted": {
        "es": "La capa de territorios es ahora el escenario «{name}» (registrado en el historial).",
        "en": "The territories layer is now the scenario “{name}” (recorded in the history).",
    },
    "territories.page.method.title": {"es": "Cómo se calcula", "en": "How it is computed"},
    "territories.page.method.text": {
        "es": "**Barrios y territorios.** Cada barrio pertenece al territorio que contiene la mayor parte de su área, si esa parte es mayor que la que queda fuera de todos; un barrio con al menos el 5 % en dos territorios se informa como repartido.\n\n**Por equipo.** Carga frente al objetivo (el total de los equipos dividido por el número de equipos), carga por gestor, compacidad de Polsby–Popper 4πA/P² (1 es un círculo, 0,785 un cuadrado) y diámetro en el sistema de coordenadas proyectado, y contigüidad en la adyacencia de los barrios (comparten borde, no solo una esquina). Equilibrio: coeficiente de variación y razón máx./mín.\n\n**Rediseño.** Un plan de partida contiguo (los territorios actuales, o semillas repartidas por la ciudad que crecen por barrios vecinos dando cada barrio al territorio más lejos de su objetivo) y una búsqueda tabú que mueve barrios de borde entre territorios vecinos (AZP de Openshaw y Rao, 1995) sin partir nunca un territorio, minimizando el cuadrado del coeficiente de variación de la carga más λ por el exceso de momento de inercia de cada territorio sobre un círculo de su misma área (la compacidad de Hess y otros, 1965). Los barrios fijos no se mueven. Un barrio que no toca a ningún otro se une al más cercano y se dice.",
        "en": "**Barrios and territories.** Each barrio belongs to the territory holding the largest part of its area, if that part is larger than the part outside them all; a barrio with at least 5 % in two territories is reported as split.\n\n**Per team.** Workload against the target (the teams' total over the number of teams), workload per gestor, Polsby–Popper compactness 4πA/P² (1 is a disc, 0.785 a square) and diameter in the projected coordinate system, and contiguity on the barrios' adjacency (sharing an edge, not only a corner). Balance: the coefficient of variation and the max/min ratio.\n\n**Redesign.** A contiguous starting plan (the current territories, or seeds spread over the city that grow through neighbouring barrios, each barrio going to the territory furthest below its target) and a tabu search that moves boundary barrios between neighbouring territories (Openshaw and Rao's AZP, 1995) without ever splitting a territory, minimising the squared coefficient of variation of the workload plus λ times each territory's excess moment of inertia over a disc of its area (Hess et al.'s compactness, 1965). Locked barrios never move. A barrio that touches no other is joined to the nearest one, and that is said.",
    },
}
