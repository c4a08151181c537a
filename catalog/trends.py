"""The Trends page, the words of its sentences and tables, and ``cli.py trends``'s (data only).

:data:`WORDS` holds the page's and the tables' words (``trends.*``);
:data:`WEEKDAYS` and :data:`MONTHS` the calendar's (``weekday.<0-6>``,
``weekday.short.<0-6>``, ``month.short.<1-12>``).
"""

from __future__ import annotations

WEEKDAYS: dict[str, dict[str, str]] = {
    "0": {"es": "lunes", "en": "Monday"},
    "1": {"es": "martes", "en": "Tuesday"},
    "2": {"es": "miércoles", "en": "Wednesday"},
    "3": {"es": "jueves", "en": "Thursday"},
    "4": {"es": "viernes", "en": "Friday"},
    "5": {"es": "sábado", "en": "Saturday"},
    "6": {"es": "domingo", "en": "Sunday"},
    "short.0": {"es": "lun", "en": "Mon"},
    "short.1": {"es": "mar", "en": "Tue"},
    "short.2": {"es": "mié", "en": "Wed"},
    "short.3": {"es": "jue", "en": "Thu"},
    "short.4": {"es": "vie", "en": "Fri"},
    "short.5": {"es": "sáb", "en": "Sat"},
    "short.6": {"es": "dom", "en": "Sun"},
}

MONTHS: dict[str, dict[str, str]] = {
    f"short.{k}": {"es": es, "en": en}
    for k, (es, en) in enumerate(
        (
            ("ene", "Jan"),
            ("feb", "Feb"),
            ("mar", "Mar"),
            ("abr", "Apr"),
            ("may", "May"),
            ("jun", "Jun"),
            ("jul", "Jul"),
            ("ago", "Aug"),
            ("sep", "Sep"),
            ("oct", "Oct"),
            ("nov", "Nov"),
            ("dic", "Dec"),
        ),
        start=1,
    )
}

WORDS: dict[str, dict[str, str]] = {
    # -- the page ------------------------------------------------------------------
    "nav.trends": {"es": "Tendencias", "en": "Trends"},
    "trends.page.title": {"es": "Tendencias: cuándo", "en": "Trends: when"},
    "trends.page.intro": {
        "es": "La serie mensual, el ritmo de la semana por hora, los días de más incidentes, "
        "la comparación con el periodo anterior y con el mismo periodo del año pasado, y las "
        "repeticiones cercanas (prueba de Knox): para saber cuándo deben estar en la calle "
        "los gestores y cuándo activar los parques. Usa las fechas y categorías del panel lateral.",
        "en": "The monthly series, the week's rhythm by hour, the busiest days, the comparison "
        "with the period before and with the same period a year earlier, and near repeats "
        "(the Knox test): so teams know when gestores should be out and when to activate "
        "parks. It uses the dates and categories of the sidebar.",
    },
    "trends.page.running": {"es": "Calculando las tendencias…", "en": "Computing the trends…"},
    "trends.page.failed": {
        "es": "No se pudieron calcular las tendencias: {error}",
        "en": "The trends could not be computed: {error}",
    },
    "trends.page.no_categories": {
        "es": "Elija al menos una categoría en el panel lateral.",
        "en": "Choose at least one category in the sidebar.",
    },
    "trends.area.kind": {"es": "Zona", "en": "Area"},
    "trends.area.kind.help": {
        "es": "Toda la ciudad, una comuna, un barrio, el territorio de un equipo de gestores o "
        "uno de los principales puntos calientes (Gi*, celdas de 250 m, con los filtros del panel).",
        "en": "The whole city, a comuna, a barrio, a gestores team's territory or one of the "
        "top hot spots (Gi*, 250 m cells, with the sidebar's filters).",
    },
    "trends.area.city": {"es": "Toda la ciudad", "en": "Whole city"},
    "trends.area.comuna": {"es": "Comuna", "en": "Comuna"},
    "trends.area.neighborhood": {"es": "Barrio", "en": "Barrio"},
    "trends.area.territory": {"es": "Territorio", "en": "Territory"},
    "trends.area.hotspot": {"es": "Punto caliente", "en": "Hot spot"},
    "trends.area.which": {"es": "Cuál", "en": "Which"},
    "trends.area.comuna.item": {"es": "Comuna {id}", "en": "Comuna {id}"},
    "trends.area.hotspot.item": {"es": "N.º {id}: {where}", "en": "No. {id}: {where}"},
    "trends.area.none": {
        "es": "Esta zona necesita la capa {layer}, que el espacio de trabajo no tiene.",
        "en": "This area needs the {layer} layer, which the workspace does not have.",
    },
    "trends.area.label": {"es": "{kind}: {name}", "en": "{kind}: {name}"},
    "trends.step": {"es": "Serie por", "en": "Series by"},
    "trends.step.month": {"es": "mes", "en": "month"},
    "trends.step.week": {"es": "semana", "en": "week"},
    "trends.measure": {"es": "Medir", "en": "Measure"},
    "trends.measure.count": {"es": "incidentes", "en": "incidents"},
    "trends.measure.harm": {"es": "daño", "en": "harm"},
    "trends.measure.help": {
        "es": "Incidentes: cada uno cuenta 1. Daño: cada uno pesa según su categoría "
        "(un homicidio mucho más que una queja por ruido), en el ritmo semanal y los días.",
        "en": "Incidents: each counts 1. Harm: each weighs by its category (a homicide far "
        "more than a noise complaint), in the weekly rhythm and the days.",
    },
    "trends.options": {
        "es": "Comparar {months} meses · Knox {distance} m × {days} días",
        "en": "Compare {months} months · Knox {distance} m × {days} days",
    },
    "trends.options.months": {"es": "Meses del periodo comparado", "en": "Months compared"},
    "trends.options.months.help": {
        "es": "El periodo actual son los últimos meses hasta la fecha final del panel; se compara "
        "con los mismos meses justo antes y con las mismas fechas un año antes.",
        "en": "This period is the last months up to the sidebar's end date; it is compared with "
        "as many months just before and with the same dates a year earlier.",
    },
    "trends.options.moving": {"es": "Media móvil (meses)", "en": "Moving average (months)"},
    "trends.options.top": {"es": "Días listados", "en": "Days listed"},
    "trends.options.distance": {"es": "Banda de distancia (m)", "en": "Distance band (m)"},
    "trends.options.distance_bands": {"es": "Bandas de distancia", "en": "Distance bands"},
    "trends.options.time": {"es": "Banda de tiempo (días)", "en": "Time band (days)"},
    "trends.options.time_bands": {"es": "Bandas de tiempo", "en": "Time bands"},
    "trends.options.permutations": {"es": "Permutaciones", "en": "Permutations"},
    "trends.options.permutations.help": {
        "es": "Veces que se barajan las fechas entre los incidentes para ver qué cuentas da el "
        "azar (99: p mínimo 0,01). Con 0 se usa la aproximación de Poisson.",
        "en": "How many times the dates are shuffled among the incidents to see what chance "
        "gives (99: smallest p 0.01). With 0 the Poisson approximation is used.",
    },
    "trends.options.days_file": {
        "es": "Fechas propias (CSV: fecha, nombre)",
        "en": "Your own dates (CSV: date, label)",
    },
    "trends.options.days_file.help": {
        "es": "Partidos de los equipos locales, ferias, fiestas: se marcan en la tabla de días. "
        "El archivo no se guarda ni se modifica.",
        "en": "Local clubs' match days, fairs, festivals: they are marked in the table of days. "
        "The file is neither stored nor changed.",
    },
    "trends.options.days_file.bad": {
        "es": "No se leyó el archivo de fechas: {error}",
        "en": "The dates file was not read: {error}",
    },
    "trends.options.days_file.read": {
        "es": "{n} fechas propias leídas de {file}.",
        "en": "{n} dates of your own read from {file}.",
    },
    # -- figures ---------------------------------------------------------------------
    "trends.fig.n": {"es": "Incidentes", "en": "Incidents"},
    "trends.fig.n.help": {
        "es": "Incidentes de las categorías elegidas en la zona, entre las fechas del panel.",
        "en": "Incidents of the chosen categories in the area, between the sidebar's dates.",
    },
    "trends.fig.before": {
        "es": "Frente a los {months} meses anteriores",
        "en": "Against the {months} months before",
    },
    "trends.fig.year": {"es": "Frente al año anterior", "en": "Against a year earlier"},
    "trends.fig.change.help": {
        "es": "Cambio del periodo {now} frente a {ref}, con su intervalo de confianza del 95 % "
        "(Poisson exacto). «Azar» si el intervalo incluye el 0 %.",
        "en": "Change of the period {now} against {ref}, with its 95 % confidence interval "
        '(exact Poisson). "Chance" when the interval includes 0 %.',
    },
    "trends.fig.rate": {
        "es": "Homicidios por 100.000 (12 meses)",
        "en": "Homicides per 100,000 (12 months)",
    },
    "trends.fig.rate.help": {
        "es": "Homicidios de los últimos 12 meses completos por cada 100.000 residentes de la zona. "
        "La OMS llama epidemia a una tasa de 10 o más.",
        "en": "Homicides of the last 12 whole months per 100,000 residents of the area. The WHO "
        "calls a rate of 10 or more an epidemic.",
    },
    "trends.change": {"es": "{change} ({low} a {high})", "en": "{change} ({low} to {high})"},
    "trends.change.chance": {"es": "{change} · azar", "en": "{change} · chance"},
    "trends.change.new": {"es": "nuevo", "en": "new"},
    "trends.change.none": {"es": "sin datos", "en": "no data"},
    "trends.period": {"es": "{start} a {end}", "en": "{start} to {end}"},
    # -- the series ------------------------------------------------------------------
    "trends.tab.series": {"es": "Serie", "en": "Series"},
    "trends.tab.rhythm": {"es": "Ritmo semanal", "en": "Weekly rhythm"},
    "trends.tab.days": {"es": "Días", "en": "Days"},
    "trends.tab.compare": {"es": "Comparación", "en": "Comparison"},
    "trends.tab.knox": {"es": "Repeticiones cercanas", "en": "Near repeats"},
    "trends.series.title": {"es": "Incidentes por {step}", "en": "Incidents by {step}"},
    "trends.series.show": {"es": "Mostrar", "en": "Show"},
    "trends.series.show.count": {"es": "cantidad", "en": "count"},
    "trends.series.show.rate": {"es": "tasa por 100.000 al año", "en": "rate per 100,000 a year"},
    "trends.series.caption": {
        "es": "Línea continua: cada {step}; línea punteada: media móvil de {moving} meses "
        "(solo periodos completos). Líneas verticales: inicio de programas en la zona. "
        "El primer y el último periodo pueden estar incompletos (en gris claro).",
        "en": "Solid line: each {step}; dotted line: {moving}-month moving average (whole "
        "periods only). Vertical lines: programme starts in the area. The first and last "
        "periods may be partial (in light grey).",
    },
    "trends.series.axis.period": {"es": "Periodo", "en": "Period"},
    "trends.series.axis.count": {"es": "Incidentes", "en": "Incidents"},
    "trends.series.axis.rate": {
        "es": "Por 100.000 residentes al año",
        "en": "Per 100,000 residents a year",
    },
    "trends.series.group": {"es": "Grupo", "en": "Group"},
    "trends.series.moving": {"es": "media móvil", "en": "moving average"},
    "trends.series.partial": {"es": "periodo incompleto", "en": "partial period"},
    "trends.series.no_rate": {
        "es": "Sin población de la zona (capa de barrios con `population`) no hay tasas.",
        "en": "Without the area's population (neighbourhoods with `population`) there are no rates.",
    },
    "trends.series.program": {
        "es": "Inicio: {name} ({component})",
        "en": "Start: {name} ({component})",
    },
    "trends.group.violence": {"es": "Violencia", "en": "Violence"},
    "trends.group.convivencia": {"es": "Convivencia", "en": "Convivencia"},
    "trends.group.property": {"es": "Patrimonio", "en": "Property"},
    "trends.group.other": {"es": "Otros", "en": "Other"},
    "trends.group.all": {"es": "Total", "en": "Total"},
    "trends.homicide.title": {
        "es": "Tasa de homicidios de 12 meses y umbral epidémico",
        "en": "Twelve-month homicide rate and the epidemic threshold",
    },
    "trends.homicide.axis": {"es": "Por 100.000 residentes", "en": "Per 100,000 residents"},
    "trends.homicide.threshold": {
        "es": "umbral epidémico (OMS): 10",
        "en": "epidemic threshold (WHO): 10",
    },
    "trends.homicide.sentence": {
        "es": "En los 12 meses hasta {month} hubo {n} homicidios: {rate} por 100.000 residentes, "
        "{side} del umbral epidémico de 10.",
        "en": "In the 12 months to {month} there were {n} homicides: {rate} per 100,000 "
        "residents, {side} the epidemic threshold of 10.",
    },
    "trends.homicide.above": {"es": "por encima", "en": "above"},
    "trends.homicide.below": {"es": "por debajo", "en": "below"},
    "trends.homicide.none": {
        "es": "La tasa de homicidios necesita 12 meses completos, la categoría homicidio y la población de la zona.",
        "en": "The homicide rate needs 12 whole months, the homicide category and the area's population.",
    },
    # -- the rhythm --------------------------------------------------------------
    "trends.rhythm.title": {"es": "Día de la semana × hora", "en": "Day of week × hour"},
    "trends.rhythm.caption.count": {
        "es": "Incidentes con hora, por día y hora de inicio (hora local). Los que tienen un "
        "rango de horas se reparten por igual entre las horas que cubre (análisis aorístico). "
        "Más oscuro: más incidentes.",
        "en": "Incidents with a time, by day and starting hour (local time). Those with a time "
        "range are shared equally among the hours it covers (aoristic analysis). Darker: more "
        "incidents.",
    },
    "trends.rhythm.caption.harm": {
        "es": "Daño de los incidentes con hora (cada uno pesa según su categoría), por día y hora "
        "de inicio (hora local). Los que tienen un rango de horas se reparten por igual entre "
        "las horas que cubre (análisis aorístico). Más oscuro: más daño.",
        "en": "Harm of the incidents with a time (each weighs by its category), by day and "
        "starting hour (local time). Those with a time range are shared equally among the hours "
        "it covers (aoristic analysis). Darker: more harm.",
    },
    "trends.rhythm.hour": {"es": "Hora", "en": "Hour"},
    "trends.rhythm.total": {"es": "Total", "en": "Total"},
    "trends.rhythm.apart": {"es": "Sin hora", "en": "No time"},
    "trends.rhythm.cell": {
        "es": "{day} {hour}:00–{hour}:59: {value}",
        "en": "{day} {hour}:00–{hour}:59: {value}",
    },
    "trends.rhythm.sentence": {
        "es": "Las noches de viernes y sábado (viernes 18:00 a domingo 6:00, el {hours} de las "
        "horas de la semana) concentran el {share} de {what}. La hora más cargada es {day} de {hour}:00 a {hour}:59.",
        "en": "Friday and Saturday nights (Friday 18:00 to Sunday 06:00, {hours} of the week's "
        "hours) hold {share} of {what}. The busiest hour is {day} {hour}:00 to {hour}:59.",
    },
    "trends.rhythm.what.count": {
        "es": "los incidentes con hora",
        "en": "the incidents with a time",
    },
    "trends.rhythm.what.harm": {
        "es": "el daño de los incidentes con hora",
        "en": "the harm of the incidents with a time",
    },
    "trends.rhythm.counted": {
        "es": "{timed} incidentes con hora exacta y {spread} con un rango de horas (repartidos). "
        "{apart} tienen solo la fecha o un rango de un día o más: no entran en la grilla y se "
        "cuentan aparte (columna «Sin hora», por día cuando la fecha es un solo día).",
        "en": "{timed} incidents with an exact time and {spread} with a time range (shared out). "
        "{apart} have only a date or a range of a day or more: they stay out of the grid and "
        'are counted apart (column "No time", by day when the date is one day).',
    },
    "trends.rhythm.empty": {"es": "Ningún incidente tiene hora.", "en": "No incident has a time."},
    # -- the days ------------------------------------------------------------------
    "trends.days.title": {"es": "Los días con más incidentes", "en": "The busiest days"},
    "trends.days.sentence": {
        "es": "El {busiest} de los días con más incidentes ({top} de {days} días) reúne el {share} "
        "de {what}; el solo ritmo semanal y estacional daría {reference}.",
        "en": "The busiest {busiest} of days ({top} of {days} days) hold {share} of {what}; the "
        "weekly and seasonal rhythm alone would give {reference}.",
    },
    "trends.days.sentence.harm": {
        "es": "El {busiest} de los días con más daño ({top} de {days} días) reúne el {share} del daño.",
        "en": "The {busiest} of days with most harm ({top} of {days} days) hold {share} of the harm.",
    },
    "trends.days.sparse": {
        "es": "Solo {busy} de {days} días tienen algún incidente: muy pocos para hablar de días "
        "más cargados que otros.",
        "en": "Only {busy} of {days} days have any incident: too few to speak of busier days.",
    },
    "trends.days.what": {"es": "los incidentes", "en": "the incidents"},
    "trends.days.violence": {
        "es": "Para la violencia (homicidio, lesiones, delito sexual) esos días más cargados reúnen el {share}.",
        "en": "For violence (homicide, injury, sexual offence) its busiest days hold {share}.",
    },
    "trends.days.violence.ref": {
        "es": "Para la violencia (homicidio, lesiones, delito sexual) esos días más cargados reúnen "
        "el {share}; el solo ritmo daría {reference}, porque la mayoría de los días no hay ninguno.",
        "en": "For violence (homicide, injury, sexual offence) its busiest days hold {share}; the "
        "rhythm alone would give {reference}, as most days have none.",
    },
    "trends.days.special": {
        "es": "Festivos y fechas especiales son el {days} de los días y reúnen el {share} de {what}.",
        "en": "Holidays and special dates are {days} of the days and hold {share} of {what}.",
    },
    "trends.days.col.date": {"es": "Fecha", "en": "Date"},
    "trends.days.col.weekday": {"es": "Día", "en": "Day"},
    "trends.days.col.count": {"es": "Incidentes", "en": "Incidents"},
    "trends.days.col.harm": {"es": "Daño", "en": "Harm"},
    "trends.days.col.times": {"es": "Veces lo usual", "en": "Times usual"},
    "trends.days.col.special": {"es": "Festivo o fecha especial", "en": "Holiday or special date"},
    "trends.days.times.help": {
        "es": "Frente a la media de ese día de la semana en ese mes.",
        "en": "Against the mean of that weekday in that month.",
    },
    # -- the comparison -------------------------------------------------------------
    "trends.compare.title": {
        "es": "¿Cambió? Este periodo frente a los anteriores",
        "en": "Did it change? This period against the earlier ones",
    },
    "trends.compare.caption": {
        "es": "Periodo actual {now}; anterior {before}; un año antes {year}. El intervalo del "
        "95 % del cambio es el exacto de Poisson (condicional, como statsmodels): si incluye el "
        "0 % el cambio puede ser azar. Ordenado por el cambio menos probable por azar.",
        "en": "This period {now}; the one before {before}; a year earlier {year}. The 95 % "
        "interval of the change is the exact Poisson one (conditional, as statsmodels): if it "
        "includes 0 % the change may be chance. Sorted by the change least likely to be chance.",
    },
    "trends.compare.sentence": {
        "es": "En {now} hubo {n} incidentes frente a {n_before} en el periodo anterior: "
        "{change} (intervalo del 95 %: {low} a {high}), {verdict}.",
        "en": "In {now} there were {n} incidents against {n_before} in the period before: "
        "{change} (95 % interval: {low} to {high}), {verdict}.",
    },
    "trends.compare.verdict.chance": {"es": "compatible con el azar", "en": "within chance"},
    "trends.compare.verdict.up": {
        "es": "un aumento que el azar no explica",
        "en": "a rise chance does not explain",
    },
    "trends.compare.verdict.down": {
        "es": "una baja que el azar no explica",
        "en": "a fall chance does not explain",
    },
    "trends.compare.not_covered": {
        "es": "Los datos no llegan tan atrás: no hay comparación con {which}.",
        "en": "The data do not reach that far back: no comparison with {which}.",
    },
    "trends.compare.which.before": {"es": "el periodo anterior", "en": "the period before"},
    "trends.compare.which.year": {"es": "el año anterior", "en": "a year earlier"},
    "trends.compare.categories": {"es": "Por categoría", "en": "By category"},
    "trends.compare.neighborhoods": {"es": "Por barrio", "en": "By barrio"},
    "trends.compare.col.what": {"es": "Qué", "en": "What"},
    "trends.compare.col.barrio": {"es": "Barrio", "en": "Barrio"},
    "trends.compare.col.now": {"es": "Ahora", "en": "Now"},
    "trends.compare.col.before": {"es": "Antes", "en": "Before"},
    "trends.compare.col.year": {"es": "Hace un año", "en": "A year ago"},
    "trends.compare.col.rate": {
        "es": "Tasa ahora (por 100.000 al año)",
        "en": "Rate now (per 100,000 a year)",
    },
    "trends.compare.col.change_before": {
        "es": "Cambio frente a antes",
        "en": "Change against before",
    },
    "trends.compare.col.change_year": {
        "es": "Cambio frente a hace un año",
        "en": "Change against a year ago",
    },
    "trends.compare.col.p": {"es": "p", "en": "p"},
    "trends.compare.more": {"es": "Todos los barrios ({n})", "en": "All barrios ({n})"},
    # -- near repeats ---------------------------------------------------------------
    "trends.knox.title": {
        "es": "Repeticiones cercanas (prueba de Knox)",
        "en": "Near repeats (Knox test)",
    },
    "trends.knox.caption": {
        "es": "Pares de incidentes del periodo actual ({now}; {n} incidentes) por distancia y "
        "días entre ellos: observados frente a lo esperado si las fechas se barajaran al azar "
        "(razón > 1: más pares de lo que da el azar). En negrita, p < 0,05 ({method}); entre "
        "{cells} celdas, alrededor de {chance} puede salir en negrita solo por azar.",
        "en": "Pairs of incidents of this period ({now}; {n} incidents) by distance and days "
        "apart: observed against what shuffling the dates at random gives (ratio > 1: more "
        "pairs than chance). In bold, p < 0.05 ({method}); among {cells} cells, about {chance} "
        "may be bold by chance alone.",
    },
    "trends.knox.method.permutation": {"es": "{k} permutaciones", "en": "{k} permutations"},
    "trends.knox.method.poisson": {"es": "aproximación de Poisson", "en": "Poisson approximation"},
    "trends.knox.distance": {"es": "Distancia", "en": "Distance"},
    "trends.knox.band": {"es": "{lo}–{hi} m", "en": "{lo}–{hi} m"},
    "trends.knox.band.days": {"es": "{lo}–{hi} días", "en": "{lo}–{hi} days"},
    "trends.knox.beyond.m": {"es": "más de {lo} m", "en": "over {lo} m"},
    "trends.knox.beyond.days": {"es": "más de {lo} días", "en": "over {lo} days"},
    "trends.knox.cell": {
        "es": "observados {obs}, esperados {exp}, p = {p}",
        "en": "observed {obs}, expected {exp}, p = {p}",
    },
    "trends.knox.sentence": {
        "es": "Después de {after}, que haya otro a menos de {distance} m en los {days} días "
        "siguientes es {ratio} veces más probable que por azar (p = {p}).",
        "en": "After {after}, another within {distance} m in the next {days} days is {ratio} "
        "times more likely than chance (p = {p}).",
    },
    "trends.knox.none": {
        "es": "Sin repeticiones cercanas: en los primeros {days} días, ninguna banda de distancia "
        "junta más pares que el azar (p < 0,05).",
        "en": "No near repeats: within the first {days} days, no distance band holds more pairs "
        "than chance (p < 0.05).",
    },
    "trends.knox.few": {
        "es": "Muy pocos incidentes en el periodo actual para la prueba de Knox ({n}).",
        "en": "Too few incidents in this period for the Knox test ({n}).",
    },
    "trends.knox.skipped": {
        "es": "El periodo actual tiene {n} incidentes (unos {pairs} millones de pares): más de "
        "{max}, así que la prueba de Knox espera a que la pida; puede tardar decenas de segundos. "
        "También puede acotar las categorías o la zona.",
        "en": "This period has {n} incidents (about {pairs} million pairs): more than {max}, so "
        "the Knox test waits to be asked; it may take tens of seconds. You can also narrow the "
        "categories or the area.",
    },
    "trends.knox.run": {"es": "Hacer la prueba de Knox", "en": "Run the Knox test"},
    "trends.knox.after.one": {"es": "un incidente de {what}", "en": "an incident of {what}"},
    "trends.knox.after.any": {"es": "uno de estos incidentes", "en": "one of these incidents"},
    # -- downloads and method -------------------------------------------------------
    "trends.download": {"es": "Descargar tablas", "en": "Download tables"},
    "trends.download.zip": {"es": "Todas (ZIP de CSV)", "en": "All (ZIP of CSV)"},
    "trends.download.gpkg": {"es": "Todas (GeoPackage)", "en": "All (GeoPackage)"},
    "trends.download.one": {"es": "{table} (CSV)", "en": "{table} (CSV)"},
    "trends.table.series": {"es": "Serie", "en": "Series"},
    "trends.table.homicide_rate": {"es": "Tasa de homicidios", "en": "Homicide rate"},
    "trends.table.rhythm": {"es": "Ritmo semanal", "en": "Weekly rhythm"},
    "trends.table.days": {"es": "Días", "en": "Days"},
    "trends.table.comparison": {"es": "Comparación", "en": "Comparison"},
    "trends.table.knox": {"es": "Knox", "en": "Knox"},
    "trends.method.title": {"es": "Método y límites", "en": "Method and limits"},
    "trends.method.text": {
        "es": "- **Serie**: incidentes por mes (o semana ISO, desde el lunes) y grupo de categorías; "
        "la tasa es por 100.000 residentes al año (`incidentes / días × 365,25 / población × 100.000`). "
        "La población de un territorio o punto caliente se estima por área (interpolación areal "
        "de los barrios).\n"
        "- **Umbral epidémico**: la OMS considera epidemia una tasa de homicidios de 10 o más "
        "por 100.000 al año; aquí la tasa de los 12 meses completos anteriores a cada mes.\n"
        "- **Ritmo semanal**: hora local de inicio. Los incidentes con un rango de horas "
        "(`occurred_to`) se reparten por igual entre los bloques de una hora que toca el rango "
        "(método aorístico, Ratcliffe y McCullagh, 1998); los que solo tienen fecha, o un "
        "rango de 24 horas o más, se cuentan aparte.\n"
        "- **Días**: festivos de Colombia (Ley 51 de 1983) y fechas especiales (Día de la "
        "Madre, Amor y Amistad, velitas, Nochebuena, fin de año…), más las fechas propias que "
        "cargue. La referencia simula 200 periodos en que cada día es Poisson alrededor de la "
        "media de su día de la semana en su mes.\n"
        "- **Comparación**: la razón de tasas de Poisson con su intervalo exacto condicional "
        "(Clopper-Pearson sobre la binomial de `n1` dado `n1 + n2`) y su p bilateral exacto; "
        "9 → 10 homicidios (+11 %) tiene un intervalo de 0,41 a 3,09: es ruido.\n"
        "- **Knox**: todos los pares de incidentes del periodo actual por banda de distancia y de "
        "días; lo esperado es la media exacta al barajar las fechas (Knox, 1964; Near Repeat "
        "Calculator de Ratcliffe); p por permutaciones. Los puntos calientes y las temporadas "
        "también juntan pares: una razón > 1 dice que hay que estar cerca pronto después de un "
        "hecho, no por qué.\n"
        "- Los datos de demostración son sintéticos: estas cifras no son las de Palmira.",
        "en": "- **Series**: incidents per month (or ISO week, from Monday) and category group; "
        "the rate is per 100,000 residents a year (`incidents / days × 365.25 / population × "
        "100,000`). A territory's or hot spot's population is estimated by area (areal "
        "interpolation of the barrios).\n"
        "- **Epidemic threshold**: the WHO calls a homicide rate of 10 or more per 100,000 a "
        "year an epidemic; here, the rate over the 12 whole months up to each month.\n"
        "- **Weekly rhythm**: local starting time. Incidents with a time range (`occurred_to`) "
        "are shared equally among the one-hour blocks the range touches (the aoristic method, "
        "Ratcliffe and McCullagh, 1998); those with only a date, or a range of 24 hours or "
        "more, are counted apart.\n"
        "- **Days**: Colombia's public holidays (Ley 51 de 1983) and special dates (Mother's "
        "Day, Love and Friendship Day, velitas, Christmas Eve, New Year's Eve…), plus any dates of your "
        "own. The reference simulates 200 periods in which each day is Poisson around the mean "
        "of its weekday in its month.\n"
        "- **Comparison**: the ratio of Poisson rates with its exact conditional interval "
        "(Clopper-Pearson on the binomial of `n1` given `n1 + n2`) and its exact two-sided p; "
        "9 → 10 homicides (+11 %) has an interval from 0.41 to 3.09: noise.\n"
        "- **Knox**: every pair of incidents of this period by distance band and days band; "
        "the expected count is the exact mean under shuffled dates (Knox, 1964; Ratcliffe's "
        "Near Repeat Calculator); p by permutations. Hot spots and seasons also bring pairs "
        "together: a ratio above 1 says be near soon after an incident, not why.\n"
        "- The demo data are synthetic: these figures are not Palmira's.",
    },
    # -- table columns (downloads and the CLI) --------------------------------------
    "trends.col.group": {"es": "grupo", "en": "group"},
    "trends.col.weekday": {"es": "dia_semana", "en": "weekday"},
    "trends.col.special": {"es": "fecha_especial", "en": "special_day"},
    "trends.col.level": {"es": "nivel", "en": "level"},
    "trends.col.what": {"es": "que", "en": "what"},
    "trends.level.total": {"es": "total", "en": "total"},
    "trends.level.group": {"es": "grupo", "en": "group"},
    "trends.level.category": {"es": "categoría", "en": "category"},
    "trends.level.neighborhood": {"es": "barrio", "en": "barrio"},
}

#: ``cli.py trends``'s help and messages (filed under their full keys).
CLI: dict[str, dict[str, str]] = {
    "cli.help.trends.help": {
        "es": "tendencias: serie mensual, ritmo semanal, días, comparación y repeticiones cercanas",
        "en": "trends: monthly series, weekly rhythm, days, comparison and near repeats",
    },
    "cli.help.trends.description": {
        "es": "Calcula, para una zona y las categorías elegidas, la serie mensual o semanal con "
        "su tasa por 100.000, el ritmo día × hora (aorístico), los días con más incidentes, la "
        "comparación del periodo con el anterior y con el año anterior (intervalo exacto de "
        "Poisson) y la prueba de Knox de repeticiones cercanas.",
        "en": "Computes, for an area and the chosen categories, the monthly or weekly series "
        "with its rate per 100,000, the day × hour rhythm (aoristic), the busiest days, the "
        "comparison of the period with the one before and a year earlier (exact Poisson "
        "interval) and the Knox test of near repeats.",
    },
    "cli.help.trends.files": {
        "es": "Tablas escritas: series, homicide_rate, rhythm, days, comparison, knox "
        "(un CSV por tabla en la carpeta --out, o un .zip de CSV, o un .gpkg con una tabla por "
        "cada una). Columnas: ver models/trends_text.py.",
        "en": "Tables written: series, homicide_rate, rhythm, days, comparison, knox (one CSV "
        "per table in the --out folder, or a .zip of CSV, or a .gpkg with one table each). "
        "Columns: see models/trends_text.py.",
    },
    "cli.help.trends.workspace": {
        "es": "el espacio de trabajo (.gpkg)",
        "en": "the workspace (.gpkg)",
    },
    "cli.help.trends.out": {
        "es": "una carpeta (un CSV por tabla), un .zip o un .gpkg",
        "en": "a folder (one CSV per table), a .zip or a .gpkg",
    },
    "cli.help.trends.area": {
        "es": "city (por defecto), comuna:ID, neighborhood:ID, territory:ID o hotspot:N "
        "(el N-ésimo punto caliente, Gi* sobre el daño, celdas de 250 m)",
        "en": "city (the default), comuna:ID, neighborhood:ID, territory:ID or hotspot:N "
        "(the N-th hot spot, Gi* on harm, 250 m cells)",
    },
    "cli.help.trends.since": {"es": "primer día (incluido)", "en": "first day (included)"},
    "cli.help.trends.until": {
        "es": "último día (incluido); el periodo comparado termina aquí",
        "en": "last day (included); the period compared ends here",
    },
    "cli.help.trends.category": {
        "es": "categorías (código o nombre): {codes}",
        "en": "categories (code or name): {codes}",
    },
    "cli.help.trends.step": {"es": "serie por mes o por semana", "en": "series by month or week"},
    "cli.help.trends.measure": {
        "es": "contar incidentes o sumar su daño (ritmo y días)",
        "en": "count incidents or add up their harm (rhythm and days)",
    },
    "cli.help.trends.months": {
        "es": "meses del periodo comparado (por defecto 3: el trimestre frente al anterior y "
        "al mismo de un año antes)",
        "en": "months of the period compared (3 by default: the quarter against the one "
        "before and the same one a year earlier)",
    },
    "cli.help.trends.distance_band": {
        "es": "metros por banda de distancia de Knox (100)",
        "en": "metres per Knox distance band (100)",
    },
    "cli.help.trends.time_band": {
        "es": "días por banda de tiempo de Knox (7)",
        "en": "days per Knox time band (7)",
    },
    "cli.help.trends.permutations": {
        "es": "permutaciones de Knox (99; 0: aproximación de Poisson)",
        "en": "Knox permutations (99; 0: Poisson approximation)",
    },
    "cli.help.trends.days": {
        "es": "CSV de fechas propias (fecha, nombre): partidos, ferias",
        "en": "CSV of your own dates (date, label): match days, fairs",
    },
    "cli.trends.out": {
        "es": "--out {out}: use una carpeta, un .zip o un .gpkg",
        "en": "--out {out}: use a folder, a .zip or a .gpkg",
    },
    "cli.trends.failed": {"es": "tendencias: {error}", "en": "trends: {error}"},
    "cli.trends.synthetic": {
        "es": "Datos sintéticos de demostración: no son las cifras de Palmira.",
        "en": "Synthetic demo data: these are not Palmira's figures.",
    },
    "cli.trends.summary": {
        "es": "{n} incidentes del {start} al {end}:",
        "en": "{n} incidents from {start} to {end}:",
    },
}
