"""Column names and choices, and the checks of each attribute column."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd

from geo import schema, settings
from geo.validation.base import Checks
from geo.validation.parsing import (
    _BAD,
    _EMPTY,
    _OK,
    _SERIAL,
    _number,
    _parse_datetimes,
    _parse_numbers,
    _parse_times,
    _Parsed,
    _text,
)

#: Spanish (and other) names accepted for the layers' choice columns, by code; keyed by
#: the column's name, or ``layer.column`` for a column whose choices are its layer's own.
CHOICE_ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "condition": {
        "good": ("bueno", "buena", "bien", "optimo", "excelente"),
        "fair": ("regular", "aceptable", "medio", "media"),
        "poor": ("malo", "mala", "deficiente", "deteriorado", "deteriorada"),
    },
    "lighting": {
        "good": ("buena", "bueno", "completa", "adecuada", "suficiente"),
        "partial": ("parcial", "regular", "media", "insuficiente"),
        "none": ("ninguna", "ninguno", "sin", "sin iluminacion", "no", "nula", "no tiene"),
    },
    "activation_status": {
        "active": ("activo", "activa", "activado", "activada"),
        "planned": (
            "planeado",
            "planeada",
            "planificado",
            "planificada",
            "programado",
            "programada",
            "en planeacion",
        ),
        "inactive": ("inactivo", "inactiva", "sin activar", "no activo", "no activado"),
    },
    "partner_type": {
        "city": (
            "alcaldia",
            "alcaldia municipal",
            "ciudad",
            "municipio",
            "municipal",
            "secretaria",
            "secretaria municipal",
            "administracion municipal",
            "gobierno municipal",
            "municipality",
            "city government",
            "local government",
        ),
        "ngo": (
            "ong",
            "fundacion",
            "corporacion",
            "organizacion no gubernamental",
            "sin animo de lucro",
            "non profit",
            "nonprofit",
        ),
        "church": (
            "iglesia",
            "parroquia",
            "diocesis",
            "arquidiocesis",
            "pastoral social",
            "religiosa",
            "religioso",
        ),
        "private": (
            "privado",
            "privada",
            "empresa",
            "empresa privada",
            "sector privado",
            "company",
            "business",
        ),
        "academia": (
            "universidad",
            "academia",
            "academico",
            "academica",
            "university",
        ),
        "community": (
            "comunidad",
            "comunitario",
            "comunitaria",
            "organizacion comunitaria",
            "junta de accion comunal",
            "junta accion comunal",
            "jac",
            "accion comunal",
        ),
    },
    # the streets' kind (a public space's kind is free text: see KIND_ALIASES);
    # OpenStreetMap's ``highway`` values are read too
    "streets.kind": {
        "arterial": (
            "arteria",
            "via arteria",
            "arterial",
            "principal",
            "via principal",
            "avenida",
            "autopista",
            "troncal",
            "colectora",
            "via colectora",
            "secundaria",
            "motorway",
            "motorway link",
            "trunk",
            "trunk link",
            "primary",
            "primary link",
            "secondary",
            "secondary link",
            "tertiary",
            "tertiary link",
        ),
        "local": (
            "calle",
            "carrera",
            "via local",
            "calle local",
            "residencial",
            "residential",
            "unclassified",
            "living street",
            "service",
            "road",
        ),
        "path": (
            "peatonal",
            "via peatonal",
            "paso peatonal",
            "sendero",
            "camino",
            "anden",
            "alameda",
            "escaleras",
            "ciclorruta",
            "ciclovia",
            "footway",
            "pedestrian",
            "path",
            "steps",
            "cycleway",
            "track",
            "bridleway",
        ),
    },
}

#: Spanish names of the public-space kinds, mapped to ``schema.KINDS`` codes
#: (other kinds are kept as written).
KIND_ALIASES: dict[str, tuple[str, ...]] = {
    "park": ("parque", "parques", "zona verde", "parque barrial", "parque lineal"),
    "plaza": ("plaza", "plazoleta", "parque principal"),
    "sports_field": (
        "cancha",
        "cancha deportiva",
        "canchas",
        "polideportivo",
        "unidad deportiva",
        "sports field",
    ),
    "playground": ("parque infantil", "juegos infantiles", "zona de juegos"),
    "community_center": (
        "salon comunal",
        "caseta comunal",
        "centro comunitario",
        "community center",
    ),
    "other": ("otro", "otra", "otros"),
}

_CHOICE_LABELS_ES: dict[str, dict[str, str]] = {
    "condition": {"good": "bueno", "fair": "regular", "poor": "malo"},
    "lighting": {"good": "buena", "partial": "parcial", "none": "ninguna"},
    "activation_status": {"active": "activo", "planned": "planeado", "inactive": "inactivo"},
    "partner_type": {
        "city": "alcaldía",
        "ngo": "ONG",
        "church": "iglesia",
        "private": "empresa privada",
        "academia": "universidad",
        "community": "comunidad",
    },
    "streets.kind": {"arterial": "arteria", "local": "local", "path": "peatonal"},
}

_WKT_NAMES = ("wkt", "geometry", "geom", "the geom", "geometria", "wkt geom", "geometry wkt")
_TIME_NAMES = ("hora", "time", "hora hecho", "hora del hecho", "hora incidente", "hora evento")
_STOPWORDS = {"de", "del", "la", "el", "los", "las"}

_COORD_ROLES = ("lat", "lon", "x", "y", "wkt", "time")


def _column_key(name: object) -> str:
    """Normalised name for matching: no accents, case, separators or articles."""
    tokens = schema.normalize_token(str(name)).split()
    return " ".join(t for t in tokens if t not in _STOPWORDS)


def _lookup(pairs: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for code, names in pairs.items():
        for name in (code, *names):
            out[schema.normalize_token(name)] = code
    return out


_CHOICE_LOOKUP = {col: _lookup(table) for col, table in CHOICE_ALIASES.items()}
_KIND_LOOKUP = _lookup(KIND_ALIASES)


def column_names(spec: schema.LayerSpec) -> dict[str, str]:
    """Every accepted (normalised) column name of ``spec``, mapped to its role.

    Roles are the layer's column names plus ``lat``, ``lon``, ``x``, ``y``,
    ``wkt`` and, for incidents, ``time``.
    """
    names: dict[str, str] = {}
    for role, accepted in (
        ("lat", schema.LAT_NAMES),
        ("lon", schema.LON_NAMES),
        ("x", schema.X_NAMES),
        ("y", schema.Y_NAMES),
        ("wkt", _WKT_NAMES),
    ):
        for name in accepted:
            names[_column_key(name)] = role
    if any(c.kind == "datetime" for c in spec.columns):
        for name in _TIME_NAMES:
            names[_column_key(name)] = "time"
    for alias, canonical in spec.aliases.items():
        names[_column_key(alias)] = canonical
    for col in spec.columns:
        names[_column_key(col.name)] = col.name
    return names


def accepted_names(spec: schema.LayerSpec, column: str) -> list[str]:
    """The names accepted for ``column`` of ``spec``: its own, then its aliases."""
    return [column, *(a for a, c in spec.aliases.items() if c == column)]


def _accepted_categories() -> dict[str, str]:
    codes = list(schema.CATEGORIES)
    en = ", ".join(codes)
    es_names = ", ".join(
        re.sub(r"\s*\(.*\)$", "", c.label_es).lower() for c in schema.CATEGORIES.values()
    )
    return {"en": f"{en} (in Spanish: {es_names})", "es": f"{es_names} (en inglés: {en})"}


def _accepted_components() -> dict[str, str]:
    en = ", ".join(schema.COMPONENTS)
    es_names = ", ".join(v[0] for v in schema.COMPONENTS.values())
    return {"en": f"{en} (in Spanish: {es_names})", "es": f"{es_names} (en inglés: {en})"}


def _choice_key(layer: str, column: str) -> str:
    """The key of ``layer``'s ``column`` in :data:`CHOICE_ALIASES`: ``layer.column`` when
    that layer's column has choices of its own, else the column's name."""
    qualified = f"{layer}.{column}"
    return qualified if qualified in CHOICE_ALIASES else column


def _accepted_choices(key: str) -> dict[str, str]:
    codes = list(CHOICE_ALIASES[key])
    es_names = ", ".join(_CHOICE_LABELS_ES[key][c] for c in codes)
    en = ", ".join(codes)
    return {"en": f"{en} (in Spanish: {es_names})", "es": f"{es_names} (en inglés: {en})"}


class ColumnChecks(Checks):
    """Map the file's columns to the layer's and check each attribute column."""

    def map_columns(self) -> None:
        names = column_names(self.spec)
        canon = {c.name for c in self.spec.columns}
        by_role: dict[str, list[str]] = {}
        for col in self.raw.data.columns:
            key = _column_key(col)
            role = names.get(key)
            if role is None and self.raw.shapefile and len(str(col)) == 10:
                prefix = str(col).lower()
                hits = [c for c in canon if c.lower().startswith(prefix)]
                role = hits[0] if len(hits) == 1 else None
            if role is None:
                self.extras.append(col)
            else:
                by_role.setdefault(role, []).append(col)
        for role, cols in by_role.items():
            if len(cols) == 1:
                self.roles[role] = cols[0]
                continue
            self.out.file(
                "ambiguous_columns",
                name=role,
                columns=", ".join(f"`{c}`" for c in cols),
            )
        found = ", ".join(f"`{c}`" for c in self.raw.data.columns) or "-"
        for col in self.spec.columns:
            if col.required and col.name not in self.roles and col.name not in by_role:
                accepted = ", ".join(f"`{a}`" for a in accepted_names(self.spec, col.name))
                self.out.file("missing_column", name=col.name, accepted=accepted, found=found)

    # -- attribute columns ---------------------------------------------------

    def check_columns(self) -> None:
        for col in self.spec.columns:
            if col.name not in self.roles:
                continue
            source = self.raw.data[self.roles[col.name]]
            user = self.user(col.name)
            if col.kind in ("id", "text"):
                self.values[col.name] = self._text_column(col, source, user)
            elif col.kind in ("datetime", "date"):
                self.values[col.name] = self._date_column(col, source, user)
            elif col.kind == "category":
                self.values[col.name] = self._coded(
                    col, source, user, schema.parse_category, "unknown_category"
                )
            elif col.kind == "component":
                self.values[col.name] = self._coded(
                    col, source, user, schema.parse_component, "unknown_component"
                )
            else:
                self.values[col.name] = self._number_column(col, source, user)

    def _text_column(self, col: schema.Column, source: pd.Series, user: str) -> pd.Series:
        text = self.text(user)
        empty = (text == "").to_numpy()
        self._missing(col, empty, user)
        if col.choices is not None:
            key = _choice_key(self.spec.name, col.name)
            lookup = _CHOICE_LOOKUP.get(key, {c: c for c in col.choices})
            codes, uniques = pd.factorize(text)
            mapped = np.array(
                [lookup.get(schema.normalize_token(u)) for u in uniques] + [None], dtype=object
            )[codes]
            unknown = ~empty & pd.isna(mapped)
            self.out.rows(
                "unknown_choice",
                unknown,
                column=user,
                value=text,
                name=col.name,
                accepted=_accepted_choices(key),
            )
            return pd.Series(mapped, index=text.index, dtype=object).where(~empty, None)
        if col.name == "kind":
            codes, uniques = pd.factorize(text)
            mapped = np.array(
                [_KIND_LOOKUP.get(schema.normalize_token(u), u) for u in uniques] + [""],
                dtype=object,
            )[codes]
            text = pd.Series(mapped, index=text.index, dtype=object)
        return text.where(~empty, None)

    def _coded(
        self,
        col: schema.Column,
        source: pd.Series,
        user: str,
        parse: object,
        code: str,
    ) -> pd.Series:
        text = self.text(user)
        empty = (text == "").to_numpy()
        self._missing(col, empty, user)
        codes, uniques = pd.factorize(text)
        assert callable(parse)
        mapped = np.array([parse(u) for u in uniques] + [None], dtype=object)[codes]
        unknown = ~empty & pd.isna(mapped)
        accepted = _accepted_categories() if col.kind == "category" else _accepted_components()
        self.out.rows(code, unknown, column=user, value=text, accepted=accepted)
        return pd.Series(mapped, index=text.index, dtype=object)

    def _quoted(self, user: str) -> Callable[[np.ndarray], object]:
        """How messages quote column ``user`` where a mask holds: its clean text, computed for
        the whole column only when its values are text (a typed column, Parquet's
        timestamps, is written out for the rows quoted alone)."""
        if _typed(self.raw.data[user]):
            return lambda mask: self.text_at(user, mask)
        text = self.text(user)
        return lambda mask: text

    def _date_column(self, col: schema.Column, source: pd.Series, user: str) -> pd.Series:
        quoted = self._quoted(user)
        parsed = _parse_datetimes(
            source,
            tz=settings.timezone,
            text=None if _typed(source) else self.text(user),
            timed=lambda t: self.scope.timed(col.name, t),
        )
        self._missing(col, parsed.status == _EMPTY, user)
        bad = parsed.status == _BAD
        self.out.rows("bad_date", bad, column=user, value=quoted(bad))
        serial = parsed.status == _SERIAL
        self.out.rows(
            "excel_serial_date",
            serial,
            column=user,
            value=quoted(serial),
            date=parsed.hint,
        )
        stamps = pd.Series(parsed.values, index=source.index).astype("datetime64[ms]")
        assert parsed.has_time is not None
        no_time = (parsed.status == _OK) & ~parsed.has_time
        if col.kind == "datetime" and col.ends is not None:
            # the end of a range: a date alone means the end of that day; a time column
            # completes the start, not the end
            end_of_day = stamps + pd.Timedelta(schema.DAY_END)
            stamps = stamps.where(~no_time, end_of_day).astype("datetime64[ms]")
        elif col.kind == "datetime":
            stamps, timed = self._combine_time(stamps, parsed, quoted, user)
            no_time &= ~timed
        else:
            stamps = stamps.dt.normalize()
        if col.kind == "datetime":
            self.no_time[col.name] = no_time
        ok = (parsed.status == _OK) & stamps.notna().to_numpy()
        earliest = pd.Timestamp("1900-01-01")
        old = ok & (stamps < earliest).to_numpy()
        self.out.rows("date_too_old", old, column=user, value=quoted(old), earliest="1900-01-01")
        if col.kind == "datetime":
            now = pd.Timestamp.now(tz=settings.timezone).tz_localize(None)
            future = ok & (stamps > now + pd.Timedelta(days=1)).to_numpy()
            self.out.rows("future_date", future, column=user, value=quoted(future))
        return stamps

    def _combine_time(
        self,
        stamps: pd.Series,
        parsed: _Parsed,
        quoted: Callable[[np.ndarray], object],
        user: str,
    ) -> tuple[pd.Series, np.ndarray]:
        """The dates with the times of the separate time column, and where it gave one."""
        if "time" not in self.roles:
            return stamps, np.zeros(self.n, dtype=bool)
        time_col = self.user("time")
        time_text = self.text(time_col)
        times = _parse_times(self.raw.data[time_col], text=time_text)
        self.out.rows("bad_time", times.status == _BAD, column=time_col, value=time_text)
        given = times.status == _OK
        seconds = pd.to_timedelta(np.nan_to_num(times.values), unit="s")
        day = stamps.dt.normalize()
        own = (stamps - day).to_numpy()
        assert parsed.has_time is not None
        clash = (
            given
            & (parsed.status == _OK)
            & parsed.has_time
            & (own != np.timedelta64(0, "ns"))
            & (own != seconds.to_numpy())
        )
        self.out.rows(
            "conflicting_time",
            clash,
            column=user,
            value=quoted(clash),
            time=stamps.dt.strftime("%H:%M").to_numpy(dtype=object, na_value=""),
            other=time_text,
            other_column=time_col,
        )
        combined = day + pd.Series(seconds, index=stamps.index)
        return stamps.where(~given, combined).astype("datetime64[ms]"), given

    def _number_column(self, col: schema.Column, source: pd.Series, user: str) -> pd.Series:
        integer = col.kind == "int"
        text = self.text(user)
        parsed = _parse_numbers(
            source,
            decimal=self.raw.decimal,
            mode="int" if integer else "float",
            text=text,
            marks=lambda comma, dot: self.scope.marks(col.name, comma, dot),
        )
        self._missing(col, parsed.status == _EMPTY, user)
        values = parsed.values
        self.out.rows(
            "not_an_integer" if integer else "not_a_number",
            parsed.status == _BAD,
            column=user,
            value=text,
        )
        ok = parsed.status == _OK
        if integer:
            fraction = ok & (np.abs(values - np.round(np.nan_to_num(values))) > 1e-9)
            fraction |= ok & (np.abs(np.nan_to_num(values)) >= 2**53)
            self.out.rows("not_an_integer", fraction, column=user, value=text)
            ok &= ~fraction
        lo, hi = col.minimum, col.maximum
        low = ok & (values < lo) if lo is not None else np.zeros(self.n, dtype=bool)
        high = ok & (values > hi) if hi is not None else np.zeros(self.n, dtype=bool)
        if lo is not None and hi is not None:
            self.out.rows(
                "out_of_range",
                low | high,
                column=user,
                value=text,
                minimum=_number(lo),
                maximum=_number(hi),
            )
        elif lo == 0:
            self.out.rows("negative_value", low, column=user, value=text, name=col.name)
        elif lo is not None:
            self.out.rows("below_minimum", low, column=user, value=text, minimum=_number(lo))
        elif hi is not None:
            self.out.rows(
                "out_of_range",
                high,
                column=user,
                value=text,
                minimum="-∞",
                maximum=_number(hi),
            )
        clean = np.where(ok, values, np.nan)
        if integer:
            return pd.Series(pd.array(np.round(clean), dtype="Int64"), index=source.index)
        return pd.Series(clean, index=source.index, dtype="float64")

    # -- relations between columns --------------------------------------------

    def generate_ids(self) -> None:
        """Number the rows ``"1"``, ``"2"``... when the file has no id and the layer allows it.

        Only a layer with ``LayerSpec.id_generated`` (``streets``), and only
        for a file that can be imported (no file-level error): the numbers
        are the rows' record numbers, and a warning says so.
        """
        name = self.spec.id_column
        if not self.spec.id_generated or name in self.roles or self.out.file_failed:
            return
        self.values[name] = pd.Series(self.raw.rows.astype(str), dtype=object)
        self.out.file(
            "ids_generated",
            severity="warning",
            name=name,
            accepted=", ".join(f"`{a}`" for a in accepted_names(self.spec, name)),
        )

    def check_ids(self) -> None:
        name = self.spec.id_column
        if name not in self.values:
            return
        ids = self.values[name]
        present = ids.notna().to_numpy()
        keys = ids.where(ids.notna(), "")
        repeated = self.scope.duplicates(keys, present, self.raw.rows)
        if repeated is None:
            return
        dup, first_row = repeated
        self.out.rows(
            "duplicate_id",
            dup,
            column=self.user(name),
            value=ids.astype(object),
            first_row=first_row,
        )

    def check_periods(self) -> None:
        if "start" not in self.values or "end" not in self.values:
            return
        start, end = self.values["start"], self.values["end"]
        bad = (end < start).fillna(False).to_numpy(dtype=bool)
        self.out.rows(
            "end_before_start",
            bad,
            column=self.user("end"),
            value=self.text(self.user("end")),
            start=self.text(self.user("start")),
            start_column=self.user("start"),
        )

    def check_ranges(self) -> None:
        """The ends of time ranges (``Column.ends``: ``occurred_to``), against their starts.

        An end before its start is an error of the row. A start with a date
        but no time of day, and no end, gets the end of its day
        (``schema.DAY_END``) as its end: the row says *some time that day*,
        never 00:00; the column is added to the layer when the file has none.
        The rows that cover one whole day are kept in :attr:`whole_day` for
        :meth:`say_date_only`. The start itself is never changed.
        """
        for col in self.spec.columns:
            first = col.ends
            if first is None or first not in self.values:
                continue
            start = self.values[first]
            bare = self.no_time.get(first, np.zeros(self.n, dtype=bool))
            day_end = start + pd.Timedelta(schema.DAY_END)
            if col.name in self.values:
                end = self.values[col.name]
                user = self.user(col.name)
                bad = (end < start).fillna(False).to_numpy(dtype=bool)
                self.out.rows(
                    "range_end_before_start",
                    bad,
                    column=user,
                    value=self._quoted(user)(bad),
                    start=self._start_text(first, bad),
                    start_column=self.user(first),
                )
                source = self.raw.data[user]
                # a typed column's text is empty where it has no value (see _quoted)
                empty = (source.isna() if _typed(source) else self.text(user) == "").to_numpy()
            else:
                end = pd.Series(pd.NaT, index=start.index, dtype="datetime64[ms]")
                empty = np.ones(self.n, dtype=bool)
            fill = bare & empty
            if self.scope.fills(col.name, bool(fill.any())):  # the column is the file's
                self.values[col.name] = end.where(~fill, day_end).astype("datetime64[ms]")
            elif col.name not in self.values:
                continue
            stored = self.values[col.name]
            self.whole_day[col.name] = bare & (stored == day_end).to_numpy(dtype=bool)

    def _start_text(self, name: str, rows: np.ndarray) -> np.ndarray:
        """The start of a range as the file gives it, where ``rows`` holds: its date column's
        text, then the separate time column's when that column gave the time."""
        out = self.text_at(self.user(name), rows)
        if "time" in self.roles and rows.any():
            time = pd.Series(self.text_at(self.user("time"), rows), dtype=object)
            timed = rows & time.fillna("").ne("").to_numpy(dtype=bool)
            out[timed] = [f"{d} {t}" for d, t in zip(out[timed], time[timed], strict=True)]
        return out

    def say_date_only(self) -> None:
        """One warning that counts the kept rows with only a date (see :meth:`check_ranges`)."""
        if self.out.file_failed:
            return
        kept = ~self.out.error
        for name, whole in self.whole_day.items():
            count = int((whole & kept).sum())
            if not count:
                continue
            first = self.spec.column(name).ends
            assert first is not None
            self.out.file(
                "date_only",
                severity="warning",
                column=self.user(first),
                count=count,
                total=int(kept.sum()),
                end=name,
            )

    def check_neighborhood_ids(self) -> None:
        if "neighborhood_id" not in self.values or self.raw.layer == "neighborhoods":
            return
        frame = self.reference.get("neighborhoods")
        if frame is None or "neighborhood_id" not in frame.columns:
            return
        known = set(_text(frame["neighborhood_id"]))
        ids = self.values["neighborhood_id"]
        unknown = ids.notna().to_numpy() & ~ids.isin(known).to_numpy()
        self.out.rows(
            "unknown_neighborhood",
            unknown,
            column=self.user("neighborhood_id"),
            severity="warning",
            value=ids.astype(object),
        )

    # -- geometry --------------------------------------------------------------


def _typed(values: pd.Series) -> bool:
    """Whether a column holds typed time stamps (``datetime64``), not text."""
    return bool(pd.api.types.is_datetime64_any_dtype(values.dtype))
