"""Invented place, team and partner names for the synthetic demo city.

The demo city puts invented crimes on a map, so none of its names may be a
real barrio of Palmira (or read like one): barrios, parks and teams are named
after neutral words (trees, birds and flowers of the Cauca valley) with
neutral prefixes, and never after saints, people or dates, which is how many
real barrios are named. :data:`AVOID` lists real Palmira barrio names the
generator refuses to produce (see :func:`contains_avoided`).
"""

from __future__ import annotations

from geo.schema import normalize_token

#: Plural nouns with their article: trees, birds and flowers.
NOUNS: tuple[tuple[str, str], ...] = (
    # trees
    ("Los", "Guayacanes"),
    ("Los", "Samanes"),
    ("Los", "Cedros"),
    ("Los", "Almendros"),
    ("Los", "Cámbulos"),
    ("Los", "Chiminangos"),
    ("Los", "Ocobos"),
    ("Los", "Nogales"),
    ("Los", "Yarumos"),
    ("Los", "Guaduales"),
    ("Los", "Caracolíes"),
    ("Los", "Arrayanes"),
    ("Los", "Guayabos"),
    ("Los", "Madroños"),
    ("Los", "Naranjos"),
    ("Los", "Gualandayes"),
    ("Las", "Ceibas"),
    ("Las", "Acacias"),
    ("Las", "Jacarandas"),
    ("Las", "Araucarias"),
    ("Los", "Tulipanes"),
    ("Los", "Balsos"),
    # birds
    ("Los", "Turpiales"),
    ("Los", "Azulejos"),
    ("Los", "Colibríes"),
    ("Los", "Toches"),
    ("Los", "Barranqueros"),
    ("Los", "Gavilanes"),
    ("Los", "Pericos"),
    ("Los", "Sinsontes"),
    ("Los", "Carpinteros"),
    ("Los", "Canarios"),
    ("Los", "Cardenales"),
    ("Los", "Halcones"),
    ("Los", "Copetones"),
    ("Los", "Bichofués"),
    ("Las", "Garzas"),
    ("Las", "Guacamayas"),
    ("Las", "Tórtolas"),
    ("Las", "Golondrinas"),
    ("Las", "Torcazas"),
    ("Las", "Guacharacas"),
    ("Las", "Tangaras"),
    ("Las", "Mirlas"),
    # flowers
    ("Las", "Orquídeas"),
    ("Las", "Heliconias"),
    ("Las", "Azucenas"),
    ("Las", "Begonias"),
    ("Las", "Gardenias"),
    ("Las", "Hortensias"),
    ("Las", "Bromelias"),
    ("Las", "Violetas"),
    ("Las", "Camelias"),
    ("Las", "Magnolias"),
    ("Las", "Buganvilias"),
    ("Las", "Trinitarias"),
    ("Los", "Girasoles"),
    ("Los", "Jazmines"),
    ("Los", "Anturios"),
    ("Los", "Lirios"),
    ("Los", "Claveles"),
    ("Los", "Geranios"),
    ("Los", "Crisantemos"),
    ("Los", "Pensamientos"),
    ("Los", "Nardos"),
    ("Los", "Cafetos"),
    ("Los", "Helechos"),
    ("Las", "Lianas"),
    ("Las", "Amapolas"),
    ("Las", "Siemprevivas"),
)

#: Prefixes of barrio names; ``{art}`` is the lower-case article, ``{Art}`` capitalised.
BARRIO_TEMPLATES: tuple[str, ...] = (
    "{Art} {noun}",
    "{Art} {noun}",
    "{Art} {noun}",
    "Jardines de {art} {noun}",
    "Portal de {art} {noun}",
    "Mirador de {art} {noun}",
    "Balcones de {art} {noun}",
    "Brisas de {art} {noun}",
    "Altos de {art} {noun}",
    "Urbanización {Art} {noun}",
    "Ciudadela {Art} {noun}",
    "Rincón de {art} {noun}",
)

#: How each kind of public space is named.
SPACE_LABELS: dict[str, str] = {
    "park": "Parque",
    "plaza": "Plazoleta",
    "sports_field": "Cancha",
    "playground": "Parque Infantil",
    "community_center": "Salón Comunal",
    "other": "Zona Verde",
}

#: Singular nouns for the gestores teams ("Equipo Guayacán").
TEAM_NOUNS: tuple[str, ...] = (
    "Guayacán",
    "Turpial",
    "Ceiba",
    "Garza",
    "Samán",
    "Colibrí",
    "Orquídea",
    "Azulejo",
    "Cámbulo",
    "Heliconia",
    "Gavilán",
    "Jacaranda",
)

#: Programme partners by type; all invented except the generic names of city offices.
PARTNERS: dict[str, tuple[str, ...]] = {
    "city": (
        "Secretaría de Seguridad y Convivencia",
        "Secretaría de Desarrollo Social",
        "Secretaría de Educación",
        "Secretaría de Cultura",
        "Secretaría de Deporte y Recreación",
        "Secretaría de Infraestructura",
        "Secretaría de Gobierno",
        "Secretaría de Salud",
    ),
    "ngo": (
        "Fundación Semillas de Paz",
        "Corporación Juventud Activa",
        "Fundación Tejido Barrial",
        "Corporación Mediadores del Valle",
    ),
    "church": (
        "Parroquia Nuestra Señora de la Esperanza",
        "Parroquia del Buen Pastor",
    ),
    "company": (
        "Agroindustrial Cañaveral S.A.S.",
        "Logística Pacífico Sur S.A.S.",
        "Cooperativa Cañamiel",
    ),
    "university": ("Universidad Autónoma del Cañaveral",),
}

#: Real barrios of Palmira (and a few words real barrio names are built on)
#: that no generated name may contain.
AVOID: tuple[str, ...] = (
    "Zamorano",
    "Loreto",
    "La Emilia",
    "Colombia",
    "San Pedro",
    "Caimitos",
    "Santa Bárbara",
    "Juan Pablo II",
    "Las Delicias",
    "Alfonso López",
    "El Prado",
    "Fátima",
    "Harold Eder",
    "Coronado",
    "Santa Rita",
    "El Recreo",
    "Versalles",
    "Las Mercedes",
    "La Trinidad",
    "Sesquicentenario",
    "Obrero",
    "Uribe Uribe",
    "Llano Grande",
    "Simón Bolívar",
    "Bizerta",
    "Petruc",
    "Gaitán",
    "Libertadores",
    "Mirriñao",
    "Villa Diana",
    "La Benedicta",
    "El Triunfo",
    "Santa Isabel",
    "San Carlos",
    "Santa Ana",
    "Olímpico",
    "Chapinero",
    "El Bosque",
    "La Libertad",
    "Municipal",
    "Danubio",
    "Pomona",
    "Altamira",
    "Industrial",
    "20 de Julio",
    "Aguaclara",
    "La Italia",
    "Berlín",
    "El Paraíso",
    "Palmas",
    "Palmeras",
    "Rozo",
)


def contains_avoided(name: str) -> str | None:
    """Return the entry of :data:`AVOID` that ``name`` contains as whole words, else ``None``.

    Comparison ignores case and accents (``"Fatima"`` matches ``"Fátima"``).
    """
    padded = f" {normalize_token(name)} "
    for real in AVOID:
        if f" {normalize_token(real)} " in padded:
            return real
    return None


def barrio_name(template: str, article: str, noun: str) -> str:
    """Fill a :data:`BARRIO_TEMPLATES` entry: ``barrio_name("Altos de {art} {noun}", "Las", "Garzas")``."""
    return template.format(Art=article, art=article.lower(), noun=noun)
