"""geo.schema: the taxonomy, its weights and names, the components and the layers' columns."""

from __future__ import annotations

import re

import pytest
from numpy.testing import assert_allclose

from geo import schema
from geo.validation import column_names

assert schema.__doc__ is not None
DOC: str = schema.__doc__


def _doc_table(heading: str) -> list[list[str]]:
    """The rows of the reST simple table after ``heading`` in the module docstring."""
    block = DOC[DOC.index(heading) :]
    lines = block.splitlines()
    rules = [n for n, line in enumerate(lines) if re.fullmatch(r"=+( +=+)+", line)]
    first, last = rules[1], rules[2]  # header rule, then the closing rule
    widths = [len(m.group()) for m in re.finditer(r"=+", lines[rules[0]])]
    starts = [m.start() for m in re.finditer(r"=+", lines[rules[0]])]
    rows = []
    for line in lines[first + 1 : last]:
        cells = [line[s : s + w + 1].strip() for s, w in zip(starts, widths, strict=True)]
        cells[-1] = line[starts[-1] :].strip()
        rows.append(cells)
    return rows


# -- categories and harm weights ---------------------------------------------------


def test_the_taxonomy_has_ten_categories_in_four_groups() -> None:
    assert list(schema.CATEGORIES) == [
        "homicide",
        "injury",
        "sexual",
        "fight",
        "threat",
        "noise",
        "graffiti",
        "domestic",
        "theft",
        "other",
    ]
    grouped = [code for codes in schema.GROUPS.values() for code in codes]
    assert sorted(grouped) == sorted(schema.CATEGORIES)  # every category in exactly one group
    for group, codes in schema.GROUPS.items():
        for code in codes:
            assert schema.CATEGORIES[code].group == group
            assert schema.CATEGORIES[code].code == code


def test_harm_weights_are_the_documented_cambridge_anchors() -> None:
    expected = {
        "homicide": 5475,  # 15 years
        "sexual": 1825,  # 5 years
        "injury": 365,
        "threat": 180,
        "domestic": 30,
        "fight": 10,
        "theft": 7,
        "graffiti": 2,
        "noise": 1,
        "other": 1,
    }
    assert expected == schema.HARM_WEIGHTS
    assert_allclose(schema.HARM_WEIGHTS["homicide"] / 365, 15.0)
    assert_allclose(schema.HARM_WEIGHTS["sexual"] / 365, 5.0)
    # the docstring's table says the same numbers, in the same order of harm
    table = _doc_table("Harm weights")
    assert {row[0]: float(row[1]) for row in table} == expected
    weights = [float(row[1]) for row in table]
    assert weights == sorted(weights, reverse=True)


def test_every_category_has_both_labels() -> None:
    for c in schema.CATEGORIES.values():
        assert c.label_es and c.label_en and c.label_es[0].isupper() and c.label_en[0].isupper()
    assert schema.CATEGORIES["fight"].label_es == "Riña"
    assert schema.CATEGORIES["domestic"].label_en == "Domestic violence"


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("homicide", "homicide"),
        ("HOMICIDIO", "homicide"),
        ("Homicidio Doloso", "homicide"),
        ("  homicidio   doloso ", "homicide"),
        ("Riña", "fight"),
        ("RIÑA", "fight"),
        ("riña callejera", "fight"),
        ("Rina_callejera", "fight"),
        ("Lesiones personales", "injury"),
        ("LESIÓN PERSONAL", "injury"),
        ("lesiones-personales", "injury"),
        ("Delitos Sexuales", "sexual"),
        ("Sexual offence", "sexual"),
        ("Amenaza de muerte", "threat"),
        ("Música alta", "noise"),
        ("Perturbación", "noise"),
        ("Grafiti (marca territorial)", "graffiti"),
        ("Graffiti (territorial marking)", "graffiti"),
        ("pintas", "graffiti"),
        ("VIF", "domestic"),
        ("Violencia Intrafamiliar", "domestic"),
        ("violencia doméstica", "domestic"),
        ("Hurto", "theft"),
        ("robbery", "theft"),
        ("Otra", "other"),
    ],
)
def test_parse_category_reads_spanish_english_any_case_and_accents(raw: str, code: str) -> None:
    assert schema.parse_category(raw) == code


@pytest.mark.parametrize("raw", [None, "", "   ", "extorsión", "homicid", "riña riña", 5, 3.5])
def test_parse_category_says_none_for_what_it_does_not_know(raw: object) -> None:
    assert schema.parse_category(raw) is None


def test_every_name_of_a_category_parses_back_to_it_and_no_name_has_two_codes() -> None:
    seen: dict[str, str] = {}
    for code, c in schema.CATEGORIES.items():
        for name in (code, c.label_es, c.label_en, *c.aliases):
            assert schema.parse_category(name) == code, name
            assert schema.parse_category(name.upper()) == code, name
            key = schema.normalize_token(name)
            assert seen.setdefault(key, code) == code, f"{name!r} names {seen[key]} and {code}"


def test_normalize_token() -> None:
    assert schema.normalize_token("Riña ") == "rina"
    assert schema.normalize_token("  Fecha_del-Hecho ") == "fecha del hecho"
    assert schema.normalize_token("Coord. X/Y") == "coord x y"
    assert schema.normalize_token("ÁÉÍÓÚÜÑ áéíóúüñ") == "aeiouun aeiouun"
    assert schema.normalize_token("tab\tand\nnewline") == "tab and newline"


# -- programme components ----------------------------------------------------------


def test_pazos_has_five_components_each_named_in_both_languages() -> None:
    assert list(schema.COMPONENTS) == [
        "interruption",
        "intervention",
        "prevention",
        "safe_environments",
        "access_to_justice",
    ]
    for es, en, _aliases in schema.COMPONENTS.values():
        assert es and en and es != en


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("Interrupción", "interruption"),
        ("INTERRUPCION DE LA VIOLENCIA", "interruption"),
        ("intervención", "intervention"),
        ("Prevention", "prevention"),
        ("safe_environments", "safe_environments"),
        ("Safe environments", "safe_environments"),
        ("Entornos Protectores", "safe_environments"),
        ("entorno-seguro", "safe_environments"),
        ("Acceso a la Justicia", "access_to_justice"),
        ("access to justice", "access_to_justice"),
        ("justicia", "access_to_justice"),
    ],
)
def test_parse_component(raw: str, code: str) -> None:
    assert schema.parse_component(raw) == code


@pytest.mark.parametrize("raw", [None, "", "riña", "homicidio", "seguridad", 1])
def test_parse_component_refuses_other_words(raw: object) -> None:
    assert schema.parse_component(raw) is None


def test_categories_and_components_share_no_name() -> None:
    categories = {schema.normalize_token(n) for c in schema.CATEGORIES.values() for n in c.aliases}
    for code, (es, en, aliases) in schema.COMPONENTS.items():
        for name in (code, es, en, *aliases):
            assert schema.normalize_token(name) not in categories
            assert schema.parse_category(name) is None


# -- layers --------------------------------------------------------------------------


def test_the_six_layers_and_their_columns_are_those_the_docstring_lists() -> None:
    assert tuple(schema.SPECS) == schema.LAYERS
    assert schema.LAYERS[-1] == "streets"  # added last: the others keep their order
    table = {row[0]: row[1:] for row in _doc_table("Layers")}
    assert list(table) == list(schema.LAYERS)
    for name, (geometry, required, optional) in table.items():
        spec = schema.SPECS[name]
        assert spec.name == name
        assert spec.required == (() if required == "(none)" else tuple(required.split(", ")))
        assert spec.optional == tuple(optional.split(", "))
        if name == "programs":
            assert geometry == "none or Polygon"
            assert spec.geometry == ("Polygon",) and not spec.geometry_required
        else:
            assert spec.geometry == tuple(geometry.split(" or ")) and spec.geometry_required


def test_each_layer_has_a_unique_id_first_and_says_what_it_adds() -> None:
    for spec in schema.SPECS.values():
        assert spec.columns[0].name == spec.id_column
        assert spec.column(spec.id_column).kind == "id"
        # only a layer whose ids are generated when a file lacks them may make it optional
        assert spec.column(spec.id_column).required is not spec.id_generated
        assert spec.id_generated == (spec.name == "streets")
        assert spec.adds
        names = [c.name for c in spec.columns]
        assert len(names) == len(set(names))


def test_column_specs_hold_their_kinds_bounds_and_choices() -> None:
    incidents = schema.SPECS["incidents"]
    assert incidents.column("occurred_at").kind == "datetime"
    assert incidents.column("category").kind == "category"
    severity = incidents.column("severity")
    assert (severity.kind, severity.minimum, severity.maximum, severity.required) == (
        "int",
        1,
        5,
        False,
    )
    hoods = schema.SPECS["neighborhoods"]
    assert (hoods.column("stratum").minimum, hoods.column("stratum").maximum) == (1, 6)
    assert hoods.column("population").minimum == 0 and hoods.column("population").required
    spaces = schema.SPECS["public_spaces"]
    assert spaces.column("condition").choices == ("good", "fair", "poor")
    assert spaces.column("lighting").choices == ("good", "partial", "none")
    assert spaces.column("activation_status").choices == ("active", "planned", "inactive")
    assert spaces.column("activation_cost").minimum == 0
    programs = schema.SPECS["programs"]
    assert programs.column("component").kind == "component"
    assert (programs.column("start").kind, programs.column("end").kind) == ("date", "date")
    partner_type = programs.column("partner_type")
    assert partner_type.choices == ("city", "ngo", "church", "private", "academia", "community")
    assert not partner_type.required
    start = schema.SPECS["territories"].column("start")
    assert (start.kind, start.required) == ("date", False)
    streets = schema.SPECS["streets"]
    assert streets.geometry == ("LineString",) and streets.geometry_required
    assert streets.required == ()
    assert streets.column("kind").choices == ("arterial", "local", "path")


def test_asking_for_a_column_a_layer_lacks_names_both() -> None:
    with pytest.raises(KeyError, match="layer `territories` has no column `population`"):
        schema.SPECS["territories"].column("population")


def test_aliases_are_normalised_and_point_at_the_layers_own_columns() -> None:
    for spec in schema.SPECS.values():
        names = {c.name for c in spec.columns}
        for alias, column in spec.aliases.items():
            assert schema.normalize_token(alias) == alias, (spec.name, alias)
            assert column in names, (spec.name, alias, column)


@pytest.mark.parametrize(
    ("layer", "header", "role"),
    [
        ("incidents", "Fecha y Hora", "occurred_at"),
        ("incidents", "FECHA_HECHO", "occurred_at"),
        ("incidents", "Categoría", "category"),
        ("incidents", "Conducta", "category"),
        ("incidents", "ID", "incident_id"),
        ("incidents", "Gravedad", "severity"),
        ("incidents", "Latitud", "lat"),
        ("incidents", "LONGITUD", "lon"),
        ("incidents", "Hora del hecho", "time"),
        ("neighborhoods", "Código Barrio", "neighborhood_id"),
        ("neighborhoods", "Población", "population"),
        ("neighborhoods", "Estrato", "stratum"),
        ("public_spaces", "Iluminación", "lighting"),
        ("public_spaces", "Costo de activación", "activation_cost"),
        ("territories", "Equipo", "team"),
        ("programs", "Fecha de inicio", "start"),
        ("programs", "Aliado", "partner"),
        ("programs", "Tipo de aliado", "partner_type"),
        ("territories", "Fecha de inicio", "start"),
        ("streets", "Nombre vía", "name"),
        ("streets", "Jerarquía vial", "kind"),
        ("streets", "highway", "kind"),
        ("streets", "osm_id", "street_id"),
    ],
)
def test_spanish_headers_find_their_column(layer: str, header: str, role: str) -> None:
    key = " ".join(w for w in schema.normalize_token(header).split() if w not in {"de", "del"})
    assert column_names(schema.SPECS[layer])[key] == role


def test_no_alias_hides_a_coordinate_column() -> None:
    coords = {*schema.LAT_NAMES, *schema.LON_NAMES, *schema.X_NAMES, *schema.Y_NAMES}
    for spec in schema.SPECS.values():
        assert not coords & set(spec.aliases), spec.name
        assert not coords & {c.name for c in spec.columns}, spec.name
