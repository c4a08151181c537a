"""The public transparency page, publishing (page and ``cli.py publish``) and the snapshots'
methodology, which is also their open-data README (data only)."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    # -- the Transparency page ----------------------------------------------------------------
    "public.title": {
        "es": "Transparencia: convivencia y seguridad",
        "en": "Transparency: convivencia and safety",
    },
    "public.none": {
        "es": "Aún no hay nada publicado. Cuando la Alcaldía publique sus cifras, aparecerán aquí.",
        "en": "Nothing has been published yet. When the city publishes its figures, they will appear here.",
    },
    "public.synthetic": {
        "es": "Datos sintéticos de demostración: no son cifras reales de {city} ni de Palmira.",
        "en": "Synthetic demo data: these are not real figures of {city} or of Palmira.",
    },
    "public.intro": {
        "es": "Cifras agregadas de {city}, del {start} al {end}, publicadas el {published} (versión {version}). Ninguna muestra un incidente ni una persona: son conteos por barrio, por celda y por periodo, y los conteos pequeños se reservan.",
        "en": "Aggregate figures of {city}, {start} to {end}, published on {published} (version {version}). None shows an incident or a person: they are counts by neighbourhood, by cell and by period, and small counts are withheld.",
    },
    "public.version": {
        "es": "Versión {version} · publicada el {published} · {start} a {end}",
        "en": "Version {version} · published {published} · {start} to {end}",
    },
    "public.pick": {"es": "Publicación", "en": "Publication"},
    "public.pick.help": {
        "es": "Cada publicación se conserva: puede consultar las anteriores.",
        "en": "Every publication is kept: you can look at earlier ones.",
    },
    "public.period": {"es": "Del {start} al {end}", "en": "{start} to {end}"},
    "public.withheld": {"es": "reservado", "en": "withheld"},
    "public.total": {"es": "Todos los incidentes", "en": "All incidents"},
    "public.fig.incidents": {"es": "Incidentes registrados", "en": "Incidents recorded"},
    "public.fig.incidents.help": {
        "es": "Todas las categorías, incluidas la violencia intrafamiliar y la sexual.",
        "en": "Every category, domestic and sexual violence included.",
    },
    "public.fig.homicides": {"es": "Homicidios", "en": "Homicides"},
    "public.fig.spaces": {"es": "Espacios públicos activos", "en": "Active public spaces"},
    "public.fig.programs": {"es": "Programas en curso", "en": "Programmes running"},
    "public.map.title": {"es": "Dónde", "en": "Where"},
    "public.geography": {"es": "Por", "en": "By"},
    "public.geography.neighborhood": {"es": "Barrio", "en": "Neighbourhood"},
    "public.geography.cell": {
        "es": "Celdas de {cell} m (cortadas en los límites de barrio)",
        "en": "Cells of {cell} m (cut at neighbourhood boundaries)",
    },
    "public.category": {"es": "Categoría", "en": "Category"},
    "public.measure": {"es": "Mostrar", "en": "Show"},
    "public.measure.count": {"es": "Número", "en": "Count"},
    "public.measure.rate": {"es": "Tasa", "en": "Rate"},
    "public.measure.help": {
        "es": "La tasa divide el total por los residentes del barrio: compara barrios de distinto tamaño.",
        "en": "The rate divides the total by the neighbourhood's residents: it compares neighbourhoods of different sizes.",
    },
    "public.rate": {
        "es": "Incidentes por 100.000 residentes en el periodo",
        "en": "Incidents per 100,000 residents in the period",
    },
    "public.rate.total_only": {
        "es": "La tasa se publica para el total de incidentes.",
        "en": "The rate is published for the total of incidents.",
    },
    "public.count": {"es": "Incidentes: {category}", "en": "Incidents: {category}"},
    "public.map.value": {"es": "{what}", "en": "{what}"},
    "public.legend.withheld": {
        "es": "Reservado (menos de {k}, o lo permitiría deducir)",
        "en": "Withheld (fewer than {k}, or it would give one away)",
    },
    "public.layer.spaces": {"es": "Espacios públicos activos", "en": "Active public spaces"},
    "public.legend.space": {"es": "Espacio activo", "en": "Active space"},
    "public.sensitive": {
        "es": "La violencia intrafamiliar y la sexual nunca se muestran en el mapa: solo como totales de la ciudad, en la tendencia. Los conteos de 1 a {k} menos uno se reservan, y también los que permitirían deducirlos.",
        "en": "Domestic and sexual violence are never mapped: only as citywide totals, in the trend. Counts from 1 to {k} minus one are withheld, and so are those that would give them away.",
    },
    "public.table.title": {"es": "La tabla por barrio", "en": "The table by neighbourhood"},
    "public.table.note": {
        "es": "En orden alfabético: no es una clasificación de barrios «peligrosos».",
        "en": "In alphabetical order: this is not a ranking of 'dangerous' neighbourhoods.",
    },
    "public.trend.title": {
        "es": "Cuándo: la ciudad, periodo a periodo",
        "en": "When: the city, period by period",
    },
    "public.trend.category": {"es": "Categoría", "en": "Category"},
    "public.trend.period": {"es": "Periodo", "en": "Period"},
    "public.trend.axis": {"es": "Incidentes", "en": "Incidents"},
    "public.trend.withheld": {
        "es": "Sin dato (reservado: menos de {k} o lo permitiría deducir): {periods}.",
        "en": "No figure (withheld: fewer than {k}, or it would give one away): {periods}.",
    },
    "public.trend.sensitive": {
        "es": "Una categoría sensible: solo se publica el total de la ciudad.",
        "en": "A sensitive category: only the citywide total is published.",
    },
    "public.doing.title": {"es": "Qué está haciendo la ciudad", "en": "What the city is doing"},
    "public.doing.spaces": {
        "es": "**{n}** espacios públicos activados:",
        "en": "**{n}** public spaces activated:",
    },
    "public.doing.territories": {
        "es": "**{n}** territorios con equipos de gestores de convivencia:",
        "en": "**{n}** territories with teams of gestores de convivencia:",
    },
    "public.doing.programs": {"es": "Programas", "en": "Programmes"},
    "public.doing.component": {"es": "Componente", "en": "Component"},
    "public.doing.by_component": {
        "es": "Programas en curso, por componente",
        "en": "Programmes running, by component",
    },
    "public.doing.no_programs": {
        "es": "No hay programas publicados para este periodo.",
        "en": "No programmes published for this period.",
    },
    "public.method.title": {
        "es": "Metodología y reglas de privacidad",
        "en": "Methodology and privacy rules",
    },
    "public.downloads.title": {"es": "Datos abiertos", "en": "Open data"},
    "public.downloads.note": {
        "es": "Exactamente lo que muestra esta página: CSV y GeoJSON con una columna por categoría, vacía donde el conteo se reserva (nunca 0), y un README con las reglas.",
        "en": "Exactly what this page shows: CSV and GeoJSON with a column per category, empty where the count is withheld (never 0), and a README with the rules.",
    },
    "public.downloads.zip": {"es": "Todo (ZIP)", "en": "Everything (ZIP)"},
    # -- the methodology, stored with each snapshot ------------------------------------------
    "publish.method.synthetic": {
        "es": "**Datos sintéticos de demostración.** Esta publicación se hizo con datos inventados de la ciudad de demostración «{city}»; no son cifras reales de ninguna ciudad, tampoco de Palmira.",
        "en": "**Synthetic demo data.** This publication was made from the invented data of the demo city '{city}'; these are not real figures of any city, Palmira included.",
    },
    "publish.method.what": {
        "es": "**Qué se publica.** Conteos de incidentes registrados en {city} del {start} al {end}: por barrio y por celda del periodo completo, y de toda la ciudad por periodo. Nunca un registro individual, una dirección, una hora ni un nombre.",
        "en": "**What is published.** Counts of the incidents recorded in {city} from {start} to {end}: by neighbourhood and by cell for the whole window, and for the whole city by period. Never an individual record, an address, a time of day or a name.",
    },
    "publish.method.step.M": {"es": "Los periodos son meses.", "en": "The periods are months."},
    "publish.method.step.Q": {
        "es": "Los periodos son trimestres.",
        "en": "The periods are quarters.",
    },
    "publish.method.step.Y": {"es": "Los periodos son años.", "en": "The periods are years."},
    "publish.method.where": {
        "es": "**Dónde.** Cada incidente cuenta en el barrio donde ocurrió y en su parte de la celda cuadrada de {cell} m: las celdas se cortan en los límites de barrio, así las dos geografías encajan y ninguna resta entre ellas devuelve un conteo reservado. Las celdas no siguen calles ni casas.",
        "en": "**Where.** Each incident counts in the neighbourhood where it happened and in its piece of the {cell} m square cell: the cells are cut at neighbourhood boundaries, so the two geographies nest and no subtraction between them gives a withheld count back. The cells follow no street and no house.",
    },
    "publish.method.primary": {
        "es": "**Conteos pequeños.** Un conteo de 1 a {k} menos uno se reserva (la casilla queda vacía), para que nadie pueda ubicar un incidente o a una víctima. Un cero sí se publica.",
        "en": "**Small counts.** A count from 1 to {k} minus one is withheld (its field is left empty), so that nobody can locate an incident or a victim. A zero is published.",
    },
    "publish.method.secondary": {
        "es": "**Lo que permitiría deducirlos.** Se reservan además los conteos necesarios para que ninguna cifra reservada se pueda obtener restando las publicadas de un total (por barrio, por celda, por periodo o por categoría), aun sabiendo que una cifra reservada nunca es cero.",
        "en": "**What would give them away.** Further counts are withheld so that no withheld figure can be worked out by subtracting published ones from a total (by neighbourhood, by cell, by period or by category), even knowing that a withheld figure is never zero.",
    },
    "publish.method.revision": {
        "es": "**Revisión.** Esta versión cubre el mismo periodo que la versión {versions}, y los datos pueden haberse corregido desde entonces. Se reserva además todo conteo que cambió de 1 a {k} menos uno desde esa versión, para que restar una versión de la otra no devuelva un conteo pequeño (por ejemplo, un incidente reportado tarde en una celda).",
        "en": "**Revision.** This version covers the same period as version {versions}, and the data may have been corrected since. Every count that changed by 1 to {k} minus one since that version is withheld too, so that subtracting one version from the other gives no small count back (a single incident reported late in a cell, say).",
    },
    "publish.method.sensitive": {
        "es": "**Categorías sensibles.** Estas nunca se muestran en un mapa, solo como totales de la ciudad: {categories}.",
        "en": "**Sensitive categories.** These are never mapped, only published as citywide totals: {categories}.",
    },
    "publish.method.rates": {
        "es": "**Tasas.** La tasa por barrio es su total dividido por sus residentes, por 100.000, en el periodo; se publica junto con la población, y no se publica donde el conteo se reserva o viven pocas personas. Los barrios se listan en orden alfabético: esto no es una clasificación de barrios «peligrosos», que estigmatizaría a quienes viven en ellos.",
        "en": "**Rates.** A neighbourhood's rate is its total divided by its residents, times 100,000, for the window; it is published with the population, and not where the count is withheld or few people live. Neighbourhoods are listed in alphabetical order: this is not a ranking of 'dangerous' neighbourhoods, which would stigmatise the people who live there.",
    },
    "publish.method.people": {
        "es": "**Equipos.** De los gestores de convivencia solo se publican los nombres de sus territorios: ninguna identidad, ningún dato de los equipos y nada que relacione un incidente con un equipo.",
        "en": "**Teams.** Of the gestores de convivencia only their territories' names are published: no identity, no team detail and nothing that ties an incident to a team.",
    },
    "publish.method.source": {
        "es": "**Fuente.** Los registros de incidentes de {source}. Son incidentes registrados: cambian si cambia cuánto se denuncia.",
        "en": "**Source.** The incident records of {source}. These are recorded incidents: they change when reporting changes.",
    },
    # -- the Publish page ------------------------------------------------------------------
    "publish.title": {"es": "Publicar para la ciudadanía", "en": "Publish for the public"},
    "publish.intro": {
        "es": "Arme la publicación, revise qué se reserva y publíquela como una nueva versión de {workspace}: es lo único que ve la página de Transparencia. Las versiones anteriores se conservan.",
        "en": "Build the publication, check what is withheld and publish it as a new version of {workspace}: it is all the Transparency page sees. Earlier versions are kept.",
    },
    "publish.window": {"es": "Periodo", "en": "Window"},
    "publish.window.help": {
        "es": "Por defecto, los últimos 12 meses completos de datos.",
        "en": "By default, the last 12 whole months of data.",
    },
    "publish.step": {"es": "Tendencia por", "en": "Trend by"},
    "publish.step.M": {"es": "mes", "en": "month"},
    "publish.step.Q": {"es": "trimestre", "en": "quarter"},
    "publish.step.Y": {"es": "año", "en": "year"},
    "publish.min_count": {"es": "Conteo mínimo publicado", "en": "Smallest count published"},
    "publish.min_count.help": {
        "es": "Un conteo de 1 a este número menos uno se reserva (5 por defecto).",
        "en": "A count from 1 to this number minus one is withheld (5 by default).",
    },
    "publish.cell": {"es": "Lado de las celdas (m)", "en": "Cell side (m)"},
    "publish.cell.help": {
        "es": "Al menos 500 m: celdas más pequeñas acercarían un conteo a una cuadra.",
        "en": "At least 500 m: smaller cells would bring a count close to one block.",
    },
    "publish.building": {"es": "Armando la publicación…", "en": "Building the publication…"},
    "publish.preview": {"es": "Lo que verá la ciudadanía", "en": "What the public will see"},
    "publish.preview.note": {
        "es": "{incidents} incidentes en el periodo. Se reservan los conteos de 1 a {k} menos uno y los que permitirían deducirlos; la página de Transparencia los muestra como reservados, nunca como cero.",
        "en": "{incidents} incidents in the window. Counts from 1 to {k} minus one are withheld, along with those that would give them away; the Transparency page shows them as withheld, never as zero.",
    },
    "publish.table.neighborhood": {"es": "Por barrio", "en": "By neighbourhood"},
    "publish.table.cell": {"es": "Por celda", "en": "By cell"},
    "publish.table.trend": {"es": "Ciudad por periodo", "en": "City by period"},
    "publish.col.table": {"es": "Tabla", "en": "Table"},
    "publish.col.rows": {"es": "Filas", "en": "Rows"},
    "publish.col.published": {"es": "Conteos publicados", "en": "Counts published"},
    "publish.col.withheld": {"es": "Conteos reservados", "en": "Counts withheld"},
    "publish.method": {
        "es": "La metodología que se publicará con ella",
        "en": "The methodology published with it",
    },
    "publish.button": {
        "es": "Publicar como versión {version}",
        "en": "Publish as version {version}",
    },
    "publish.done": {
        "es": "Se publicó la versión {version}: la página de Transparencia ya la muestra.",
        "en": "Version {version} was published: the Transparency page shows it now.",
    },
    "publish.history": {"es": "Versiones publicadas", "en": "Published versions"},
    "publish.col.version": {"es": "Versión", "en": "Version"},
    "publish.col.published_at": {"es": "Publicada", "en": "Published"},
    "publish.col.published_by": {"es": "Por", "en": "By"},
    "publish.col.start": {"es": "Desde", "en": "From"},
    "publish.col.end": {"es": "Hasta", "en": "To"},
    "publish.col.step": {"es": "Tendencia por", "en": "Trend by"},
    "publish.col.min_count": {"es": "Conteo mínimo", "en": "Smallest count"},
    "publish.col.cell_m": {"es": "Celda (m)", "en": "Cell (m)"},
    # -- cli.py publish --------------------------------------------------------------------
    "cli.help.publish.help": {
        "es": "publicar una instantánea agregada para la página de Transparencia (y los datos abiertos)",
        "en": "publish an aggregate snapshot for the Transparency page (and the open data)",
    },
    "cli.help.publish.description": {
        "es": "Arma los conteos por barrio, por celda y de la ciudad por periodo, reserva los pequeños y los que permitirían deducirlos, y los guarda como una nueva versión en el espacio de trabajo. Las anteriores se conservan; si algo falla, la última buena queda intacta.",
        "en": "Builds the counts by neighbourhood, by cell and citywide by period, withholds small ones and those that would give them away, and keeps them as a new version in the workspace. Earlier versions are kept; if anything fails, the last good one stays as it was.",
    },
    "cli.help.publish.files": {
        "es": "Con --out escribe neighborhoods.csv/.geojson, cells.csv/.geojson, trend.csv (una columna por categoría, vacía donde se reserva) y README.md con las reglas.",
        "en": "With --out it writes neighborhoods.csv/.geojson, cells.csv/.geojson, trend.csv (a column per category, empty where withheld) and README.md with the rules.",
    },
    "cli.help.publish.workspace": {
        "es": "espacio de trabajo (GeoPackage)",
        "en": "workspace (GeoPackage)",
    },
    "cli.help.publish.period": {
        "es": "periodo: 2025, 2025-Q3, 2025-07, 2025-01..2025-12 o last-12-months (por defecto)",
        "en": "window: 2025, 2025-Q3, 2025-07, 2025-01..2025-12 or last-12-months (the default)",
    },
    "cli.help.publish.step": {
        "es": "periodos de la tendencia: M, Q o Y",
        "en": "the trend's periods: M, Q or Y",
    },
    "cli.help.publish.min_count": {
        "es": "conteo mínimo publicado (por defecto {k})",
        "en": "smallest count published (default {k})",
    },
    "cli.help.publish.cell_m": {
        "es": "lado de las celdas en metros, al menos 500 (por defecto {cell})",
        "en": "cell side in metres, at least 500 (default {cell})",
    },
    "cli.help.publish.out": {
        "es": "carpeta donde escribir además los datos abiertos",
        "en": "folder to also write the open-data files to",
    },
    "cli.help.publish.by": {
        "es": "quién publica (por defecto el usuario del sistema)",
        "en": "who publishes (default: the system user)",
    },
    "cli.publish.synthetic": {
        "es": "aviso: datos sintéticos de demostración, no cifras reales",
        "en": "note: synthetic demo data, not real figures",
    },
    "cli.publish.done": {
        "es": "publicada la versión {version} de {workspace}: {start} a {end}; {published} conteos publicados, {withheld} reservados (mínimo {k})",
        "en": "published version {version} of {workspace}: {start} to {end}; {published} counts published, {withheld} withheld (minimum {k})",
    },
    "cli.publish.files": {
        "es": "datos abiertos en {folder}: {files}",
        "en": "open data in {folder}: {files}",
    },
    "cli.publish.failed": {
        "es": "no se publicó nada: {error}",
        "en": "nothing was published: {error}",
    },
    # -- errors of publishing, in the user's language -------------------------------------
    "publish.error.cell_too_small": {
        "es": "Las celdas publicadas deben medir al menos {minimum:,.0f} m de lado; se pidieron {cell_m:,.0f} m.",
        "en": "Published cells must be at least {minimum:,.0f} m on a side; {cell_m:,.0f} m was asked for.",
    },
    "publish.error.bad_min_count": {
        "es": "El conteo mínimo publicado debe ser un entero de 2 o más; se pidió {value}.",
        "en": "The smallest count published must be a whole number of 2 or more; {value} was asked for.",
    },
    "publish.error.bad_window": {
        "es": "El periodo empieza ({start}) después de terminar ({end}).",
        "en": "The window starts ({start}) after it ends ({end}).",
    },
    "publish.error.partial_month": {
        "es": "El periodo {start} a {end} debe ir del primer día de un mes al último de un mes.",
        "en": "The window {start} to {end} must run from the first day of a month to the last day of a month.",
    },
    "publish.error.empty_window": {
        "es": "El periodo {start} a {end} no tiene ningún periodo completo del paso elegido: elija otro paso o un periodo más largo.",
        "en": "The window {start} to {end} holds no whole period of the chosen step: pick another step or a longer window.",
    },
    "publish.error.bad_step": {
        "es": "«{step}» no es un paso de la tendencia: use M, Q o Y.",
        "en": "'{step}' is not a trend step: use M, Q or Y.",
    },
    "publish.error.crs_not_projected": {
        "es": "El sistema de coordenadas {crs} no está en metros: las celdas necesitan uno proyectado.",
        "en": "The coordinate system {crs} is not in metres: the cells need a projected one.",
    },
    "publish.error.no_crs": {
        "es": "La capa {layer} no tiene sistema de coordenadas.",
        "en": "The layer {layer} has no coordinate system.",
    },
    "publish.error.unknown_category": {
        "es": "Hay incidentes con categorías desconocidas ({codes}); corríjalas en la página de Datos antes de publicar.",
        "en": "Some incidents have unknown categories ({codes}); fix them on the Data page before publishing.",
    },
    "publish.error.unprotected": {
        "es": "La tabla {table} no quedó protegida: no se publicó nada.",
        "en": "The table {table} could not be protected: nothing was published.",
    },
    "publish.error.out_not_export": {
        "es": "La carpeta {folder} tiene otros archivos y no es una exportación anterior: no se escribió nada en ella. Elija una carpeta nueva o vacía.",
        "en": "The folder {folder} holds other files and is not an earlier export: nothing was written to it. Choose a new or empty folder.",
    },
    "cli.publish.out_taken": {
        "es": "--out {out} tiene otros archivos y no es una exportación anterior: no se publicó ni se escribió nada. Elija una carpeta nueva o vacía.",
        "en": "--out {out} holds other files and is not an earlier export: nothing was published or written. Choose a new or empty folder.",
    },
    "cli.help.publish.allow_overlap": {
        "es": "publicar aunque el periodo se solape con una versión anterior (restando una de otra podrían recuperarse conteos reservados)",
        "en": "publish even though the window overlaps an earlier version (subtracting one from the other could give withheld counts back)",
    },
    "cli.publish.overlap": {
        "es": "el periodo se solapa con la versión {versions}: restando una de otra podrían recuperarse conteos reservados, así que no se publicó nada. Publique un periodo que no se solape, o use --allow-overlap si lo decide así.",
        "en": "the window overlaps version {versions}: subtracting one from the other could give withheld counts back, so nothing was published. Publish a window that does not overlap, or use --allow-overlap if you so decide.",
    },
    "publish.overlap": {
        "es": "El periodo se solapa con la versión {versions}. Cada versión se protege por separado: restando una de otra podrían recuperarse conteos reservados (también si solo se corrigieron datos).",
        "en": "The window overlaps version {versions}. Each version is protected on its own: subtracting one from the other could give withheld counts back (also when only the data were corrected).",
    },
    "publish.overlap.confirm": {
        "es": "Entiendo el riesgo y quiero publicar de todos modos",
        "en": "I understand the risk and want to publish anyway",
    },
}
