"""The workspace's data model: six layers, the incident taxonomy, the components.

Everything else reads its column names, categories and weights from here.

Layers (stored in EPSG:4326; see ``DESIGN.md``)

============== ================= ============================================ ======================================================
layer          geometry          required columns                             optional columns
============== ================= ============================================ ======================================================
incidents      Point             incident_id, occurred_at, category           occurred_to, severity, source
public_spaces  Polygon or Point  space_id, name, kind                         condition, lighting, activation_status, activation_cost
neighborhoods  Polygon           neighborhood_id, name, population            comuna, youth_population, stratum, vulnerability
territories    Polygon           territory_id, team                           gestores, start
programs       none or Polygon   program_id, name, component, partner         partner_type, neighborhood_id, start, end
streets        LineString        (none)                                       street_id, name, kind
============== ================= ============================================ ======================================================

``incidents.occurred_at`` is the local time of the incident. When the exact
time is not known, ``occurred_to`` ends a time range: the incident happened
between ``occurred_at`` and ``occurred_to``, both inclusive (a theft found on
coming home: left at 08:00, back at 18:00). A row with only a date (no time
of day in ``occurred_at``, nor in a separate time column) is stored with
``occurred_at`` at midnight and ``occurred_to`` at 23:59:59 of the same day,
*some time that day* (:data:`DAY_END`), so it is never taken for an incident
at 00:00; an ``occurred_to`` given as a date without a time means the end of
that day too. Analyses of the time of day spread a range over the hours it
covers (aoristic analysis, Ratcliffe 2000, *Int. J. Geographical Information
Science* 14(7)) and count the whole-day rows apart; monthly series count
every row in the month of ``occurred_at``. The column is optional:
workspaces made before it, and files whose every row has a time, have none.

``territories.start`` is the date the team began working there.
``programs.partner_type`` is the kind of partner (:data:`PARTNER_TYPES`:
``city``, ``ngo``, ``church``, ``private``, ``academia``, ``community``;
Spanish names such as *alcaldía*, *fundación*, *parroquia*, *empresa*,
*universidad* or *junta de acción comunal* are read as these codes).

``streets`` is the walkable network that walking catchments follow
(``geo.network``): LineStrings (MultiLineStrings are accepted too, and kept
as they are; the network takes their parts; a GeoPackage layer has one
geometry type, so a file that mixes the two is stored as MultiLineStrings,
as mixed polygons are stored as MultiPolygons), from OpenStreetMap or the
city's cadastre, noded at junctions (lines meet at shared vertices where
streets cross, as OpenStreetMap ways do). ``kind`` is one of
:data:`STREET_KINDS` (``arterial``, ``local``, ``path``; Spanish and
OpenStreetMap ``highway`` names are read as these codes). Its id,
``street_id``, is the only optional id of the workspace
(:attr:`LayerSpec.id_generated`): a file without it is numbered ``1..n`` in
the file's order, and the validation report says so. Appending such a file
to a ``streets`` layer already there skips the rows whose number is taken,
so give streets ids (OpenStreetMap's way ids, or the cadastre's) before
appending, or replace the layer.

Harm weights
------------
Each incident category carries a harm weight so that analyses can count
harm rather than events (a homicide is not one more noise complaint). The
weights follow the rule of the Cambridge Crime Harm Index (Sherman, Neyroud
and Neyroud 2016, *Policing* 10(3)): the number of days of custody that the
sentencing guidelines of England and Wales set as the starting point for a
first offender, or for offences that draw a fine, the days of minimum-wage
work the fine costs. We map each category to its typical offence and round:

============ ======= ================================================================
category     weight  anchor
============ ======= ================================================================
homicide     5475    murder: 15-year starting point
sexual       1825    rape: 5-year starting point
injury       365     between ABH and wounding/GBH (s.20): about a year
threat       180     threats to kill: half a year; in Palmira a threat is often lethal
domestic     30      domestic common assault / low-level ABH
fight        10      affray (riña): community order, counted as days of work
theft        7       theft from the person: community order
graffiti     2       criminal damage under 5,000 GBP: a fine; here territorial marking
noise        1       no offence in the CCHI; the floor of the scale
other        1       the floor of the scale
============ ======= ================================================================

They are an anchor, not Palmira's law: a city should review them with its
own sentencing practice (Colombia's Código Penal ranges) and its gestores.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Literal

#: How long after midnight a day's last second is: the ``occurred_to`` of a row with only a
#: date is its ``occurred_at`` (midnight) plus this (``incidents``; see the module docstring).
DAY_END = timedelta(hours=23, minutes=59, seconds=59)

LayerName = Literal[
    "incidents", "public_spaces", "neighborhoods", "territories", "programs", "streets"
]
LAYERS: tuple[LayerName, ...] = (
    "incidents",
    "public_spaces",
    "neighborhoods",
    "territories",
    "programs",
    "streets",
)

ColumnKind = Literal["id", "text", "datetime", "date", "category", "component", "int", "float"]


@dataclass(frozen=True)
class Column:
    """One column of a layer: its name, kind and whether it is required."""

    name: str
    kind: ColumnKind
    required: bool
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] | None = None
    #: For the end of a time range, the column holding its start (``occurred_to`` ends
    #: ``occurred_at``): a value with a date but no time means the end of that day
    #: (:data:`DAY_END`), a separate time column does not apply to it, an end before
    #: the start is an error, and a start with only a date and no end gets the end of
    #: its day as its end.
    ends: str | None = None


@dataclass(frozen=True)
class LayerSpec:
    """What a layer must hold.

    Attributes
    ----------
    name
        Layer name in the workspace.
    geometry
        Allowed geometry types (``"Point"``, ``"Polygon"``, ``"LineString"``;
        each with its Multi- form, except a Point).
    columns
        Required and optional columns, in the order they are stored.
    id_column
        The column whose values must be unique.
    id_generated
        Whether the id column may be missing from a file: the rows are then
        numbered ``"1"``, ``"2"``... in the file's order (``streets``, whose
        sources rarely carry an id). Every other layer requires its id.
    geometry_required
        Whether every row must have a geometry.
    adds
        What the layer adds to the analysis, said when it is missing.
    """

    name: LayerName
    geometry: tuple[str, ...]
    columns: tuple[Column, ...]
    id_column: str
    geometry_required: bool = True
    id_generated: bool = False
    adds: str = ""
    aliases: dict[str, str] = field(default_factory=dict)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    @property
    def optional(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if not c.required)

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        msg = f"layer `{self.name}` has no column `{name}`"
        raise KeyError(msg)


# --------------------------------------------------------------------------
# Incident categories
# --------------------------------------------------------------------------

CategoryGroup = Literal["violence", "convivencia", "property", "other"]


@dataclass(frozen=True)
class Category:
    """An incident category: its group, harm weight, labels and accepted names."""

    code: str
    group: CategoryGroup
    harm_weight: float
    label_es: str
    label_en: str
    aliases: tuple[str, ...] = ()


CATEGORIES: dict[str, Category] = {
    c.code: c
    for c in (
        Category(
            "homicide",
            "violence",
            5475,
            "Homicidio",
            "Homicide",
            ("homicidio", "homicidios", "asesinato", "homicidio doloso", "murder"),
        ),
        Category(
            "injury",
            "violence",
            365,
            "Lesiones personales",
            "Injury",
            ("lesiones personales", "lesiones", "lesion personal", "lesion", "assault"),
        ),
        Category(
            "sexual",
            "violence",
            1825,
            "Delito sexual",
            "Sexual offence",
            ("delito sexual", "delitos sexuales", "violencia sexual", "sexual offence"),
        ),
        Category(
            "fight",
            "convivencia",
            10,
            "Riña",
            "Fight",
            ("rina", "rinas", "pelea", "rina callejera"),
        ),
        Category(
            "threat",
            "convivencia",
            180,
            "Amenaza",
            "Threat",
            ("amenaza", "amenazas", "amenaza de muerte"),
        ),
        Category(
            "noise",
            "convivencia",
            1,
            "Ruido",
            "Noise",
            ("ruido", "ruidos", "perturbacion", "musica alta"),
        ),
        Category(
            "graffiti",
            "convivencia",
            2,
            "Grafiti (marca territorial)",
            "Graffiti (territorial marking)",
            ("grafiti", "graffiti", "grafitis", "pintas", "marca territorial"),
        ),
        Category(
            "domestic",
            "convivencia",
            30,
            "Violencia intrafamiliar",
            "Domestic violence",
            ("violencia intrafamiliar", "vif", "violencia domestica", "domestic violence"),
        ),
        Category("theft", "property", 7, "Hurto", "Theft", ("hurto", "hurtos", "robo", "robbery")),
        Category("other", "other", 1, "Otro", "Other", ("otro", "otros", "otra")),
    )
}

GROUPS: dict[CategoryGroup, tuple[str, ...]] = {
    "violence": ("homicide", "injury", "sexual"),
    "convivencia": ("fight", "threat", "noise", "graffiti", "domestic"),
    "property": ("theft",),
    "other": ("other",),
}

HARM_WEIGHTS: dict[str, float] = {code: c.harm_weight for code, c in CATEGORIES.items()}

#: The roles a user signs in with (the public needs no login), least to most: what the
#: workspace's users table (:mod:`geo.users`) and ``cli.py user --role`` accept.
LOGIN_ROLES: tuple[str, ...] = ("mayor_office", "planner", "admin")

# --------------------------------------------------------------------------
# Programme components (PAZOS's five)
# --------------------------------------------------------------------------

COMPONENTS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "interruption": (
        "Interrupción",
        "Interruption",
        ("interrupcion", "interrupcion de la violencia"),
    ),
    "intervention": ("Intervención", "Intervention", ("intervencion",)),
    "prevention": ("Prevención", "Prevention", ("prevencion",)),
    "safe_environments": (
        "Entornos seguros",
        "Safe environments",
        ("entornos seguros", "entornos protectores", "entorno seguro", "safe environment"),
    ),
    "access_to_justice": (
        "Acceso a la justicia",
        "Access to justice",
        ("acceso a la justicia", "acceso a justicia", "justicia"),
    ),
}


def normalize_token(value: str) -> str:
    """Lower-case, strip accents and collapse separators: ``'Riña '`` -> ``'rina'``.

    Examples
    --------
    >>> normalize_token("Riña ")
    'rina'
    >>> normalize_token("  Fecha_del-Hecho ")
    'fecha del hecho'
    """
    text = unicodedata.normalize("NFKD", str(value))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[\s_\-./]+", " ", text.strip().lower())
    return text.strip()


def _lookup(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for code, names in table.items():
        for name in (code, code.replace("_", " "), *names):
            out[normalize_token(name)] = code
    return out


_CATEGORY_LOOKUP = _lookup(
    {code: (c.label_es, c.label_en, *c.aliases) for code, c in CATEGORIES.items()}
)
_COMPONENT_LOOKUP = _lookup(
    {code: (es, en, *aliases) for code, (es, en, aliases) in COMPONENTS.items()}
)


def parse_category(value: object) -> str | None:
    """Return the category code for an English or Spanish name, else ``None``.

    Case, accents and separators do not matter (:func:`normalize_token`).

    Examples
    --------
    >>> parse_category("RIÑA"), parse_category("Lesiones personales"), parse_category("VIF")
    ('fight', 'injury', 'domestic')
    >>> parse_category("extorsión") is None
    True
    """
    if value is None:
        return None
    return _CATEGORY_LOOKUP.get(normalize_token(str(value)))


def parse_component(value: object) -> str | None:
    """Return the programme component code for an English or Spanish name, else ``None``.

    Examples
    --------
    >>> parse_component("Entornos protectores"), parse_component("Access to justice")
    ('safe_environments', 'access_to_justice')
    """
    if value is None:
        return None
    return _COMPONENT_LOOKUP.get(normalize_token(str(value)))


# --------------------------------------------------------------------------
# Layers
# --------------------------------------------------------------------------

KINDS = ("park", "plaza", "sports_field", "playground", "community_center", "other")
CONDITIONS = ("good", "fair", "poor")
LIGHTING = ("good", "partial", "none")
ACTIVATION = ("active", "planned", "inactive")
#: Kinds of programme partner (``programs.partner_type``).
PARTNER_TYPES = ("city", "ngo", "church", "private", "academia", "community")
#: Kinds of street (``streets.kind``): main roads, local streets, footpaths.
STREET_KINDS = ("arterial", "local", "path")

SPECS: dict[str, LayerSpec] = {
    "incidents": LayerSpec(
        name="incidents",
        geometry=("Point",),
        id_column="incident_id",
        columns=(
            Column("incident_id", "id", True),
            Column("occurred_at", "datetime", True),
            Column("occurred_to", "datetime", False, ends="occurred_at"),
            Column("category", "category", True),
            Column("severity", "int", False, minimum=1, maximum=5),
            Column("source", "text", False),
        ),
        adds="where and when violence and convivencia conflicts happen",
        aliases={
            "id": "incident_id",
            "id incidente": "incident_id",
            "codigo": "incident_id",
            "fecha": "occurred_at",
            "fecha hecho": "occurred_at",
            "fecha hora": "occurred_at",
            "fecha y hora": "occurred_at",
            "date": "occurred_at",
            "datetime": "occurred_at",
            "categoria": "category",
            "delito": "category",
            "conducta": "category",
            "tipo": "category",
            "gravedad": "severity",
            "fuente": "source",
            "fecha desde": "occurred_at",
            "desde": "occurred_at",
            "fecha inicio": "occurred_at",
            "fecha hasta": "occurred_to",
            "fecha fin": "occurred_to",
            "fecha final": "occurred_to",
            "hasta": "occurred_to",
            "occurred until": "occurred_to",
            "end": "occurred_to",
            "ended at": "occurred_to",
        },
    ),
    "public_spaces": LayerSpec(
        name="public_spaces",
        geometry=("Polygon", "Point"),
        id_column="space_id",
        columns=(
            Column("space_id", "id", True),
            Column("name", "text", True),
            Column("kind", "text", True),
            Column("condition", "text", False, choices=CONDITIONS),
            Column("lighting", "text", False, choices=LIGHTING),
            Column("activation_status", "text", False, choices=ACTIVATION),
            Column("activation_cost", "float", False, minimum=0),
        ),
        adds="parks and public spaces to activate, drawn over the incidents",
        aliases={
            "id": "space_id",
            "id espacio": "space_id",
            "codigo": "space_id",
            "nombre": "name",
            "tipo": "kind",
            "clase": "kind",
            "estado": "condition",
            "estado fisico": "condition",
            "iluminacion": "lighting",
            "alumbrado": "lighting",
            "estado activacion": "activation_status",
            "activacion": "activation_status",
            "costo activacion": "activation_cost",
            "costo": "activation_cost",
        },
    ),
    "neighborhoods": LayerSpec(
        name="neighborhoods",
        geometry=("Polygon",),
        id_column="neighborhood_id",
        columns=(
            Column("neighborhood_id", "id", True),
            Column("name", "text", True),
            Column("population", "int", True, minimum=0),
            Column("comuna", "text", False),
            Column("youth_population", "int", False, minimum=0),
            Column("stratum", "int", False, minimum=1, maximum=6),
            Column("vulnerability", "float", False, minimum=0),
        ),
        adds="rates per 100,000 residents, the city's boundary and neighbourhood rankings",
        aliases={
            "id": "neighborhood_id",
            "id barrio": "neighborhood_id",
            "codigo barrio": "neighborhood_id",
            "codigo": "neighborhood_id",
            "barrio": "name",
            "nombre": "name",
            "nombre barrio": "name",
            "poblacion": "population",
            "habitantes": "population",
            "poblacion joven": "youth_population",
            "jovenes": "youth_population",
            "estrato": "stratum",
            "vulnerabilidad": "vulnerability",
        },
    ),
    "territories": LayerSpec(
        name="territories",
        geometry=("Polygon",),
        id_column="territory_id",
        columns=(
            Column("territory_id", "id", True),
            Column("team", "text", True),
            Column("gestores", "int", False, minimum=0),
            Column("start", "date", False),
        ),
        adds="the gestores de convivencia teams' territories and their coverage of the need",
        aliases={
            "id": "territory_id",
            "id territorio": "territory_id",
            "codigo": "territory_id",
            "equipo": "team",
            "nombre equipo": "team",
            "numero gestores": "gestores",
            "inicio": "start",
            "fecha inicio": "start",
        },
    ),
    "programs": LayerSpec(
        name="programs",
        geometry=("Polygon",),
        id_column="program_id",
        geometry_required=False,
        columns=(
            Column("program_id", "id", True),
            Column("name", "text", True),
            Column("component", "component", True),
            Column("partner", "text", True),
            Column("partner_type", "text", False, choices=PARTNER_TYPES),
            Column("neighborhood_id", "text", False),
            Column("start", "date", False),
            Column("end", "date", False),
        ),
        adds="what is being done where, under the five PAZOS components",
        aliases={
            "id": "program_id",
            "id programa": "program_id",
            "codigo": "program_id",
            "nombre": "name",
            "componente": "component",
            "aliado": "partner",
            "socio": "partner",
            "entidad": "partner",
            "tipo aliado": "partner_type",
            "tipo socio": "partner_type",
            "tipo entidad": "partner_type",
            "sector": "partner_type",
            "id barrio": "neighborhood_id",
            "codigo barrio": "neighborhood_id",
            "inicio": "start",
            "fecha inicio": "start",
            "fin": "end",
            "fecha fin": "end",
        },
    ),
    "streets": LayerSpec(
        name="streets",
        geometry=("LineString",),
        id_column="street_id",
        id_generated=True,
        columns=(
            Column("street_id", "id", False),
            Column("name", "text", False),
            Column("kind", "text", False, choices=STREET_KINDS),
        ),
        adds="walking catchments that follow the streets instead of straight-line rings",
        aliases={
            "id": "street_id",
            "id via": "street_id",
            "id calle": "street_id",
            "codigo": "street_id",
            "codigo via": "street_id",
            "osm id": "street_id",
            "osmid": "street_id",
            "nombre": "name",
            "nombre via": "name",
            "via": "name",
            "calle": "name",
            "tipo": "kind",
            "tipo via": "kind",
            "clase": "kind",
            "clase via": "kind",
            "jerarquia": "kind",
            "jerarquia vial": "kind",
            "highway": "kind",
        },
    ),
}

#: Column names that hold coordinates in CSV files, by role, normalised.
LAT_NAMES = ("lat", "latitude", "latitud", "lat y")
LON_NAMES = ("lon", "lng", "long", "longitude", "longitud", "lon x")
X_NAMES = ("x", "este", "easting", "coord x", "coordenada x")
Y_NAMES = ("y", "norte", "northing", "coord y", "coordenada y")

#: Prefix of the tables that hold the demo generator's ground truth.
TRUTH_PREFIX = "truth_"
