"""Colombia's special days and the problems of a user's list of days, in Spanish and English (data only).

:data:`DAYS` names every code of ``models.calendar`` (filed as
``calendar.day.<code>``), :data:`KINDS` its two kinds (``calendar.kind.<kind>``)
and :data:`PROBLEMS` what ``models.calendar.read_day_list`` cannot read
(``calendar.problem.<problem>``).
"""

from __future__ import annotations

DAYS: dict[str, dict[str, str]] = {
    # -- public holidays (festivos) ------------------------------------------------------
    "new_year": {"es": "Año Nuevo", "en": "New Year's Day"},
    "epiphany": {"es": "Día de los Reyes Magos", "en": "Epiphany"},
    "saint_joseph": {"es": "San José", "en": "Saint Joseph's Day"},
    "maundy_thursday": {"es": "Jueves Santo", "en": "Maundy Thursday"},
    "good_friday": {"es": "Viernes Santo", "en": "Good Friday"},
    "labour_day": {"es": "Día del Trabajo", "en": "Labour Day"},
    "ascension": {"es": "Ascensión del Señor", "en": "Ascension Day"},
    "corpus_christi": {"es": "Corpus Christi", "en": "Corpus Christi"},
    "sacred_heart": {"es": "Sagrado Corazón", "en": "Sacred Heart"},
    "saints_peter_paul": {"es": "San Pedro y San Pablo", "en": "Saints Peter and Paul"},
    "chiquinquira": {
        "es": "Virgen de Chiquinquirá",
        "en": "Our Lady of Chiquinquirá",
    },
    "independence": {"es": "Día de la Independencia", "en": "Independence Day"},
    "boyaca": {"es": "Batalla de Boyacá", "en": "Battle of Boyacá"},
    "assumption": {"es": "Asunción de la Virgen", "en": "Assumption Day"},
    "columbus_day": {"es": "Día de la Raza", "en": "Columbus Day"},
    "all_saints": {"es": "Todos los Santos", "en": "All Saints' Day"},
    "cartagena_independence": {
        "es": "Independencia de Cartagena",
        "en": "Independence of Cartagena",
    },
    "immaculate_conception": {"es": "Inmaculada Concepción", "en": "Immaculate Conception"},
    "christmas": {"es": "Navidad", "en": "Christmas Day"},
    # -- observances -----------------------------------------------------------------------
    "mothers_day": {"es": "Día de la Madre", "en": "Mother's Day"},
    "fathers_day": {"es": "Día del Padre", "en": "Father's Day"},
    "amor_y_amistad": {"es": "Amor y Amistad", "en": "Love and Friendship Day"},
    "halloween": {"es": "Halloween", "en": "Halloween"},
    "velitas": {"es": "Noche de velitas", "en": "Night of the Little Candles"},
    "christmas_eve": {"es": "Nochebuena", "en": "Christmas Eve"},
    "new_years_eve": {"es": "Fin de año", "en": "New Year's Eve"},
}

KINDS: dict[str, dict[str, str]] = {
    "holiday": {"es": "festivo", "en": "public holiday"},
    "observance": {"es": "fecha especial", "en": "observance"},
}

PROBLEMS: dict[str, dict[str, str]] = {
    "not_text": {
        "es": "`{file}` no es un archivo de texto CSV",
        "en": "`{file}` is not a CSV text file",
    },
    "empty": {"es": "`{file}` está vacío", "en": "`{file}` is empty"},
    "no_date_column": {
        "es": "`{file}` no tiene columna de fecha (una de: {expected}); sus columnas: {columns}",
        "en": "`{file}` has no date column (one of: {expected}); its columns: {columns}",
    },
    "no_label_column": {
        "es": "`{file}` no tiene columna de nombre (una de: {expected}); sus columnas: {columns}",
        "en": "`{file}` has no label column (one of: {expected}); its columns: {columns}",
    },
    "no_rows": {
        "es": "`{file}` tiene encabezado pero ninguna fecha",
        "en": "`{file}` has a header but no days",
    },
    "empty_cell": {
        "es": "`{file}` fila {row}: `{column}` está vacía",
        "en": "`{file}` row {row}: `{column}` is empty",
    },
    "bad_date": {
        "es": "`{file}` fila {row}: `{column}` '{value}' no es una fecha (escriba 2024-05-12 o 12/05/2024)",
        "en": "`{file}` row {row}: `{column}` '{value}' is not a date (write 2024-05-12 or 12/05/2024)",
    },
}
