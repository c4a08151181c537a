"""The words of every validation problem, in English and Colombian Spanish (data only).

``PROBLEM_MESSAGES`` maps a problem code (``geo.validation.Problem.code``) to
one template per language. A template is the body of the sentence; it is
formatted from the problem's ``params`` plus ``file``, ``layer``, ``row``,
``line`` and ``column``, and :meth:`geo.validation.Problem.message` puts the
location in front of it (built from ``LOCATION``)::

    incidents.csv row 17 (line 18), column `fecha`: '31/02/2021' is not a date ...
    incidentes.csv fila 17 (línea 18), columna `fecha`: '31/02/2021' no es una fecha ...

:mod:`catalog.say` files them as ``problem.<code>`` and ``location.<piece>``,
and ``cli.py`` prints ``Problem.message(lang)``, so the command line and the
app use the same words. Every code has both languages and the same
``{placeholders}`` in each (``tests/catalog/test_catalog.py`` checks it).
"""

from __future__ import annotations

#: Pieces of a problem's location, joined by :meth:`geo.validation.Problem.message`.
LOCATION: dict[str, dict[str, str]] = {
    "row": {"en": "row {row}", "es": "fila {row}"},
    "line": {"en": "line {line}", "es": "línea {line}"},
    "column": {"en": "column `{column}`", "es": "columna `{column}`"},
    # the reader's (GDAL's, pyproj's) own words, kept as they are after ours
    "detail": {
        "en": " (the reader's original message: {detail})",
        "es": " (mensaje original del lector: {detail})",
    },
}

PROBLEM_MESSAGES: dict[str, dict[str, str]] = {
    # -- the file as a whole ------------------------------------------------
    "file_not_found": {
        "en": "the file does not exist or is not a file",
        "es": "el archivo no existe o no es un archivo",
    },
    "unsupported_format": {
        "en": "files ending in `{ext}` cannot be read; use one of: {supported}",
        "es": "no se pueden leer archivos terminados en `{ext}`; use uno de estos formatos: {supported}",
    },
    "wrong_format": {
        "en": "is not a {expected} file: it looks like {looks_like}",
        "es": "no es un archivo {expected}: parece {looks_like}",
    },
    "unreadable": {
        "en": "could not be read as {expected}: the file is damaged, cut short, or not really a {expected} file; open it in the program that made it and save it again",
        "es": "no se pudo leer como {expected}: el archivo está dañado, incompleto o no es realmente un archivo {expected}; ábralo en el programa que lo creó y guárdelo de nuevo",
    },
    "reader_warning": {
        "en": "the file reader warned about something in the file; it was read anyway, so check the rows it gave",
        "es": "el lector de archivos advirtió sobre algo del archivo; se leyó de todos modos, así que revise las filas que dio",
    },
    "empty_file": {
        "en": "the file is empty",
        "es": "el archivo está vacío",
    },
    "empty_part": {
        "en": "an empty part of the city's files (no rows), as Dask or Spark may write one: skipped; the city's other files were read",
        "es": "una parte vacía de los archivos de la ciudad (sin filas), como las que Dask o Spark pueden escribir: se omitió; se leyeron los demás archivos de la ciudad",
    },
    "no_records": {
        "en": "the file has no records (no data rows after the header, or no features)",
        "es": "el archivo no tiene registros (no hay filas de datos después del encabezado, o no hay elementos)",
    },
    "blank_rows": {
        "en": "blank rows skipped: {count} (lines {lines})",
        "es": "filas en blanco omitidas: {count} (líneas {lines})",
    },
    "missing_column": {
        "en": "the required column `{name}` is missing (accepted names: {accepted}); the file's columns are: {found}",
        "es": "falta la columna obligatoria `{name}` (nombres aceptados: {accepted}); las columnas del archivo son: {found}",
    },
    "missing_coordinates": {
        "en": "there are no coordinates: expected latitude and longitude columns (lat/lon, latitud/longitud), x/y columns with their coordinate system, or a WKT geometry column; the file's columns are: {found}",
        "es": "no hay coordenadas: se esperaban columnas de latitud y longitud (lat/lon, latitud/longitud), columnas x/y con su sistema de coordenadas o una columna de geometría WKT; las columnas del archivo son: {found}",
    },
    "missing_polygons": {
        "en": "`{layer}` needs polygons, which a CSV can only carry in a WKT geometry column (`wkt` or `geometry`, with values like POLYGON ((...))); add one, or use a GeoJSON, GeoPackage or zipped shapefile; the file's columns are: {found}",
        "es": "la capa `{layer}` necesita polígonos, y un CSV solo los puede traer en una columna de geometría WKT (`wkt` o `geometry`, con valores como POLYGON ((...))); agréguela, o use un GeoJSON, un GeoPackage o un shapefile comprimido; las columnas del archivo son: {found}",
    },
    "missing_lines": {
        "en": "`{layer}` needs lines, which a CSV can only carry in a WKT geometry column (`wkt` or `geometry`, with values like LINESTRING (x1 y1, x2 y2, ...)); latitude and longitude columns give points, not streets. Add one, or use a GeoJSON, GeoPackage or zipped shapefile; the file's columns are: {found}",
        "es": "la capa `{layer}` necesita líneas, y un CSV solo las puede traer en una columna de geometría WKT (`wkt` o `geometry`, con valores como LINESTRING (x1 y1, x2 y2, ...)); las columnas de latitud y longitud dan puntos, no calles. Agréguela, o use un GeoJSON, un GeoPackage o un shapefile comprimido; las columnas del archivo son: {found}",
    },
    "all_wrong_geometry": {
        "en": "none of the file's {count} geometries is of the right type: they are {got}, but `{layer}` needs {expected}; is this the file for `{layer}`?",
        "es": "ninguna de las {count} geometrías del archivo es del tipo correcto: son {got}, pero la capa `{layer}` necesita {expected}; ¿es este el archivo de `{layer}`?",
    },
    "ids_generated": {
        "en": "the file has no `{name}` column (accepted names: {accepted}), so its rows were numbered 1, 2, 3... in the file's order; appending another file numbered this way would skip its rows whose number is already taken",
        "es": "el archivo no tiene la columna `{name}` (nombres aceptados: {accepted}), así que sus filas se numeraron 1, 2, 3... en el orden del archivo; al añadir otro archivo numerado así se omitirían sus filas cuyo número ya está",
    },
    "date_only": {
        "en": "{count} of {total} rows have a date but no time of day; each is kept as some time that day, from 00:00 to 23:59:59 (its `{end}`), so it counts in the monthly series but apart from the hour-of-week rhythm, where an hour would be invented",
        "es": "{count} de {total} filas tienen fecha pero no hora del día; cada una se conserva como un momento cualquiera de ese día, de 00:00 a 23:59:59 (su `{end}`), así que cuenta en las series mensuales pero aparte del ritmo por hora de la semana, donde habría que inventarle una hora",
    },
    "ambiguous_columns": {
        "en": "the columns {columns} all mean `{name}`; keep only one of them or rename the others",
        "es": "las columnas {columns} significan lo mismo (`{name}`); deje solo una o cámbieles el nombre a las demás",
    },
    "duplicate_column": {
        "en": "the column name `{name}` appears more than once; the repeated one is kept as `{renamed}`",
        "es": "el nombre de columna `{name}` aparece más de una vez; la repetida se conserva como `{renamed}`",
    },
    "coordinates_ignored": {
        "en": "`{layer}` holds areas or no location, so the columns {columns} were kept as ordinary columns, not as a location",
        "es": "la capa `{layer}` tiene áreas o no tiene ubicación, así que las columnas {columns} se conservaron como columnas comunes y no como ubicación",
    },
    "needs_crs": {
        "en": "the columns {columns} hold projected coordinates (metres), not degrees; say which coordinate system they use (for example EPSG:9377, MAGNA-SIRGAS Origen-Nacional)",
        "es": "las columnas {columns} tienen coordenadas proyectadas (en metros), no grados; indique qué sistema de coordenadas usan (por ejemplo EPSG:9377, MAGNA-SIRGAS Origen-Nacional)",
    },
    "bad_crs": {
        "en": "'{crs}' is not a coordinate system that can be used (give a code such as EPSG:9377)",
        "es": "'{crs}' no es un sistema de coordenadas que se pueda usar (indique un código como EPSG:9377)",
    },
    "crs_ignored": {
        "en": "the coordinate system {crs} that was given was not used: the file's coordinates are already in {used}",
        "es": "no se usó el sistema de coordenadas {crs} indicado: las coordenadas del archivo ya están en {used}",
    },
    "no_crs": {
        "en": "the file does not say its coordinate system (no .prj or CRS) and its coordinates are not degrees; add the .prj file or say which coordinate system it uses (for example EPSG:9377)",
        "es": "el archivo no indica su sistema de coordenadas (no tiene .prj ni CRS) y sus coordenadas no están en grados; agregue el archivo .prj o indique qué sistema de coordenadas usa (por ejemplo EPSG:9377)",
    },
    "assumed_wgs84": {
        "en": "the file does not say its coordinate system (no .prj or CRS); its coordinates look like degrees, so WGS 84 (EPSG:4326) was assumed",
        "es": "el archivo no indica su sistema de coordenadas (no tiene .prj ni CRS); sus coordenadas parecen grados, así que se asumió WGS 84 (EPSG:4326)",
    },
    "gpkg_no_layers": {
        "en": "the GeoPackage has no layers",
        "es": "el GeoPackage no tiene capas",
    },
    "gpkg_several_layers": {
        "en": "the GeoPackage holds several layers ({layers}) and none is named `{layer}`; keep only one layer or name it `{layer}`",
        "es": "el GeoPackage tiene varias capas ({layers}) y ninguna se llama `{layer}`; deje una sola capa o nómbrela `{layer}`",
    },
    "zip_no_shapefile": {
        "en": "the ZIP archive holds no shapefile (.shp); it contains: {contents}",
        "es": "el archivo ZIP no contiene ningún shapefile (.shp); contiene: {contents}",
    },
    "zip_several_shapefiles": {
        "en": "the ZIP archive holds several shapefiles ({shapefiles}) and none is named `{layer}`; zip one shapefile per file",
        "es": "el archivo ZIP contiene varios shapefiles ({shapefiles}) y ninguno se llama `{layer}`; comprima un solo shapefile por archivo",
    },
    "shapefile_incomplete": {
        "en": "the shapefile `{shapefile}` comes without its {missing} file(s); put the .shp, .shx, .dbf and .prj files together",
        "es": "el shapefile `{shapefile}` no trae su(s) archivo(s) {missing}; junte los archivos .shp, .shx, .dbf y .prj",
    },
    "columns_swapped": {
        "en": "the columns `{lat}` and `{lon}` look swapped: {count} of {total} rows fall in the city only when latitude and longitude are exchanged; exchange the two column names",
        "es": "las columnas `{lat}` y `{lon}` parecen intercambiadas: {count} de {total} filas quedan en la ciudad solo si se invierten latitud y longitud; intercambie los nombres de las dos columnas",
    },
    "axes_swapped": {
        "en": "the coordinates look swapped: {count} of {total} features fall in the city only when latitude and longitude are exchanged (the file was probably written with the wrong axis order)",
        "es": "las coordenadas parecen intercambiadas: {count} de {total} elementos quedan en la ciudad solo si se invierten latitud y longitud (probablemente el archivo se escribió con el orden de ejes equivocado)",
    },
    "all_columns_swapped": {
        "en": "latitude and longitude look swapped in the whole file: as given, {count} of the {total} points lie around latitude {lat}, longitude {lon}, {place}, where no city is; exchanged, they lie around latitude {swapped_lat}, longitude {swapped_lon}{country}. Exchange the names of the columns `{lat_col}` and `{lon_col}` and import the file again",
        "es": "la latitud y la longitud parecen intercambiadas en todo el archivo: tal como vienen, {count} de los {total} puntos quedan alrededor de la latitud {lat}, longitud {lon}, {place}, donde no hay ninguna ciudad; intercambiadas, quedan alrededor de la latitud {swapped_lat}, longitud {swapped_lon}{country}. Intercambie los nombres de las columnas `{lat_col}` y `{lon_col}` y vuelva a importar el archivo",
    },
    "all_axes_swapped": {
        "en": "latitude and longitude look swapped in the whole file: as given, {count} of the {total} features lie around latitude {lat}, longitude {lon}, {place}, where no city is; exchanged, they lie around latitude {swapped_lat}, longitude {swapped_lon}{country}. The file was probably written with the wrong axis order: export it again as longitude, latitude (x, y) and import it again",
        "es": "la latitud y la longitud parecen intercambiadas en todo el archivo: tal como vienen, {count} de los {total} elementos quedan alrededor de la latitud {lat}, longitud {lon}, {place}, donde no hay ninguna ciudad; intercambiadas, quedan alrededor de la latitud {swapped_lat}, longitud {swapped_lon}{country}. Probablemente el archivo se escribió con el orden de ejes equivocado: expórtelo de nuevo como longitud, latitud (x, y) y vuelva a importarlo",
    },
    "coordinates_look_projected": {
        "en": "the coordinates of {count} of {total} rows are not degrees: they look like projected metres; put them in x/y columns (or declare the file's coordinate system) and say which coordinate system they use (for example EPSG:9377)",
        "es": "las coordenadas de {count} de {total} filas no están en grados: parecen metros de un sistema proyectado; póngalas en columnas x/y (o declare el sistema de coordenadas del archivo) e indique cuál usan (por ejemplo EPSG:9377)",
    },
    # -- one row ------------------------------------------------------------
    "too_many_fields": {
        "en": "the row has {count} values but the header has {expected} columns (a decimal comma in a comma-separated file, or a separator inside a value without quotes?)",
        "es": "la fila tiene {count} valores pero el encabezado tiene {expected} columnas (¿una coma decimal en un archivo separado por comas, o un separador dentro de un valor sin comillas?)",
    },
    "missing_value": {
        "en": "the value is empty, but `{name}` is required",
        "es": "el valor está vacío, pero `{name}` es obligatorio",
    },
    "duplicate_id": {
        "en": "the id '{value}' is repeated: row {first_row} already uses it",
        "es": "el identificador '{value}' está repetido: la fila {first_row} ya lo usa",
    },
    "bad_date": {
        "en": "'{value}' is not a date (expected YYYY-MM-DD or DD/MM/YYYY, optionally with a time HH:MM)",
        "es": "'{value}' no es una fecha válida (se esperaba AAAA-MM-DD o DD/MM/AAAA, con hora HH:MM opcional)",
    },
    "excel_serial_date": {
        "en": "'{value}' looks like an Excel date serial number (it would be {date}); give the column a date format (DD/MM/YYYY) in Excel before saving the CSV",
        "es": "'{value}' parece un número de serie de fecha de Excel (correspondería al {date}); dele formato de fecha (DD/MM/AAAA) a la columna en Excel antes de guardar el CSV",
    },
    "date_too_old": {
        "en": "'{value}' is before {earliest}; check the year",
        "es": "'{value}' es anterior a {earliest}; revise el año",
    },
    "future_date": {
        "en": "'{value}' is in the future",
        "es": "'{value}' es una fecha futura",
    },
    "bad_time": {
        "en": "'{value}' is not a time of day (expected HH:MM, optionally with a. m./p. m.)",
        "es": "'{value}' no es una hora válida (se esperaba HH:MM, con a. m./p. m. opcional)",
    },
    "conflicting_time": {
        "en": "the date '{value}' already has the time {time}, which differs from the time '{other}' in `{other_column}`",
        "es": "la fecha '{value}' ya tiene la hora {time}, distinta de la hora '{other}' de `{other_column}`",
    },
    "end_before_start": {
        "en": "the end '{value}' is before the start '{start}' (column `{start_column}`)",
        "es": "la fecha de fin '{value}' es anterior a la de inicio '{start}' (columna `{start_column}`)",
    },
    "range_end_before_start": {
        "en": "the end of the time range '{value}' is before its start '{start}' (column `{start_column}`); the incident happened between the two, so the end cannot come first",
        "es": "el fin del rango de tiempo '{value}' es anterior a su inicio '{start}' (columna `{start_column}`); el hecho ocurrió entre los dos, así que el fin no puede ir primero",
    },
    "unknown_category": {
        "en": "'{value}' is not a known incident category; accepted: {accepted}",
        "es": "'{value}' no es una categoría de incidente conocida; se aceptan: {accepted}",
    },
    "unknown_component": {
        "en": "'{value}' is not one of the five programme components; accepted: {accepted}",
        "es": "'{value}' no es uno de los cinco componentes del programa; se aceptan: {accepted}",
    },
    "unknown_choice": {
        "en": "'{value}' is not an accepted value of `{name}`; accepted: {accepted}",
        "es": "'{value}' no es un valor aceptado de `{name}`; se aceptan: {accepted}",
    },
    "not_a_number": {
        "en": "'{value}' is not a number",
        "es": "'{value}' no es un número",
    },
    "not_an_integer": {
        "en": "'{value}' is not a whole number",
        "es": "'{value}' no es un número entero",
    },
    "out_of_range": {
        "en": "{value} is outside the allowed range, {minimum} to {maximum}",
        "es": "{value} está fuera del rango permitido, de {minimum} a {maximum}",
    },
    "below_minimum": {
        "en": "{value} is below the minimum, {minimum}",
        "es": "{value} es menor que el mínimo permitido, {minimum}",
    },
    "negative_value": {
        "en": "{value} is negative; `{name}` cannot be negative",
        "es": "{value} es negativo; `{name}` no puede ser negativo",
    },
    "missing_geometry": {
        "en": "the row has no location (no geometry, or one that cannot be read)",
        "es": "la fila no tiene ubicación (no tiene geometría o no se puede leer)",
    },
    "missing_coordinate": {
        "en": "the value is empty: a point needs both latitude and longitude",
        "es": "el valor está vacío: un punto necesita latitud y longitud",
    },
    "bad_wkt": {
        "en": "'{value}' is not a WKT geometry (for example POLYGON ((...)))",
        "es": "'{value}' no es una geometría WKT (por ejemplo POLYGON ((...)))",
    },
    "wrong_geometry_type": {
        "en": "the geometry is a {got}, but `{layer}` needs {expected}",
        "es": "la geometría es de tipo {got}, pero la capa `{layer}` necesita {expected}",
    },
    "empty_geometry": {
        "en": "the geometry is empty",
        "es": "la geometría está vacía",
    },
    "zero_length_line": {
        "en": "the line has no length (all its points are the same point)",
        "es": "la línea no tiene longitud (todos sus puntos son el mismo punto)",
    },
    "invalid_line": {
        "en": "the line is invalid ({reason}); fix it in a GIS",
        "es": "la línea no es válida ({reason}); corríjala en un SIG",
    },
    "repaired_geometry": {
        "en": "the polygon was invalid ({reason}) and was repaired; its area changed by {change_pct}%",
        "es": "el polígono no era válido ({reason}) y se reparó; su área cambió en {change_pct}%",
    },
    "invalid_geometry": {
        "en": "the polygon is invalid ({reason}) and repairing it would change its area by {change_pct}% (more than {limit_pct}%); fix it in a GIS",
        "es": "el polígono no es válido ({reason}) y repararlo cambiaría su área en {change_pct}% (más del {limit_pct}%); corríjalo en un SIG",
    },
    "projected_as_degrees": {
        "en": "the coordinates ({lat}, {lon}) are not degrees: they look like projected metres; put them in x/y columns and say which coordinate system they use (for example EPSG:9377)",
        "es": "las coordenadas ({lat}, {lon}) no están en grados: parecen metros de un sistema proyectado; póngalas en columnas x/y e indique qué sistema de coordenadas usan (por ejemplo EPSG:9377)",
    },
    "coordinate_out_of_range": {
        "en": "latitude {lat} / longitude {lon} is outside the valid range (latitude -90 to 90, longitude -180 to 180)",
        "es": "la latitud {lat} / longitud {lon} está fuera del rango válido (latitud de -90 a 90, longitud de -180 a 180)",
    },
    "swapped_latlon": {
        "en": "latitude {lat} and longitude {lon} look swapped: the point falls in the city only when they are exchanged",
        "es": "la latitud {lat} y la longitud {lon} parecen intercambiadas: el punto queda en la ciudad solo si se invierten",
    },
    "outside_city": {
        "en": "the location is {distance_km} km outside the city (more than {tolerance_km} km away); check the coordinates",
        "es": "la ubicación queda a {distance_km} km por fuera de la ciudad (a más de {tolerance_km} km); revise las coordenadas",
    },
    "far_from_others": {
        "en": "the location is {distance_km} km from the middle of the file's other locations (more than {limit_km} km); check the coordinates",
        "es": "la ubicación queda a {distance_km} km del centro de las demás ubicaciones del archivo (a más de {limit_km} km); revise las coordenadas",
    },
    "unknown_neighborhood": {
        "en": "'{value}' is not a neighbourhood id of the workspace's neighbourhoods layer",
        "es": "'{value}' no es un código de barrio de la capa de barrios del espacio de trabajo",
    },
    "more_problems": {
        "en": "more rows with the same problem (`{problem}`), not listed one by one: {count}, from row {first_row} to row {last_row}",
        "es": "más filas con el mismo problema (`{problem}`), que no se listan una por una: {count}, de la fila {first_row} a la {last_row}",
    },
}

#: What a file's first bytes may say it is, in words (for ``wrong_format``).
LOOKS_LIKE: dict[str, dict[str, str]] = {
    "csv": {"en": "CSV text", "es": "texto CSV"},
    "text": {"en": "plain text", "es": "texto plano"},
    "json": {"en": "JSON text", "es": "texto JSON"},
    "html": {"en": "a web page (HTML)", "es": "una página web (HTML)"},
    "xml": {"en": "XML text (KML or GML?)", "es": "texto XML (¿KML o GML?)"},
    "zip": {"en": "a ZIP archive", "es": "un archivo ZIP"},
    "excel": {
        "en": "a spreadsheet workbook (save it as CSV first)",
        "es": "un libro de hoja de cálculo (guárdelo primero como CSV)",
    },
    "sqlite": {
        "en": "a SQLite database (GeoPackage)",
        "es": "una base de datos SQLite (GeoPackage)",
    },
    "parquet": {"en": "a Parquet file", "es": "un archivo Parquet"},
    "pdf": {"en": "a PDF document", "es": "un documento PDF"},
    "shp": {
        "en": "a bare .shp file (zip it together with its .shx, .dbf and .prj)",
        "es": "un archivo .shp suelto (comprímalo junto con sus archivos .shx, .dbf y .prj)",
    },
    "binary": {"en": "binary data", "es": "datos binarios"},
}

#: The reader's details that are ours, not the reader's (a problem's ``detail``).
DETAILS: dict[str, dict[str, str]] = {
    "parquet_truncated": {
        "en": "the file is truncated (it has no Parquet footer)",
        "es": "el archivo está truncado (no tiene el pie de Parquet)",
    },
}
