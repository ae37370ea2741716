"""Setting up a new forum in the core: networks, pasted FTEs, seat categories, working-group
places, schemes from a profile and the starter prompts; every mistake refused whole."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import select

from sekretariat import formats
from sekretariat.domain import forum_setup as fs
from sekretariat.errors import UserError
from sekretariat.exchange import import_text, read_file, spec
from sekretariat.new_database import create_empty
from sekretariat.paths import sample_path
from sekretariat.storage import audit_log
from sekretariat.storage import models as m
from sekretariat.storage.database import Database

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def db(tmp_path: Path) -> Database:
    return create_empty(tmp_path / "nytt.db", "Samarbeidsforum Nord")


def _network(name: str, fte: str = "", **more: str) -> dict[str, str]:
    return {"name": name, "code": "", "kind": "regional", "equalization": "nei", "host": "",
            "fte": fte, **more}  # fmt: skip


def test_a_new_forum_has_no_scheme_that_needs_data_it_lacks(db: Database) -> None:
    view = fs.read_setup(db)
    assert view.schemes == []
    assert view.networks == [] and view.seats == []
    assert view.working_group == {"barnehage": 1, "skole": 1, "uh": 2, "statsforvalteren": 3}


def test_the_checks_are_the_exchange_formats() -> None:
    for key in ("code", "name", "equalization", "host", "fte"):
        assert fs.NETWORK_CHECKS[key] is spec.REGION[key].check, key
    for key in ("code", "name", "count", "per_region", "voting", "leader_eligible"):
        assert fs.SEAT_CHECKS[key] is spec.SEAT[key].check, key
    for key, check in fs.PROMPT_CHECKS.items():
        assert check is spec.PROMPT[key].check, key


def test_fte_figures_as_typed_and_pasted() -> None:
    assert formats.parse_fte("1524,6") == 1524.6
    assert formats.parse_fte(" 1 524,6 ") == 1524.6
    assert formats.parse_fte("1\u00a0524,6") == 1524.6
    assert formats.parse_fte("1.524,6") == 1524.6
    assert formats.parse_fte("1524.6") == 1524.6
    assert formats.parse_fte("612") == 612
    with pytest.raises(ValueError, match="«12 årsverk» er ikke et tall for årsverk"):
        formats.parse_fte("12 årsverk")
    # 1524,6 + 610,55: hundredths; blank lines around a spreadsheet's column are dropped.
    assert fs.parse_fte_column("\n1 524,6\r\n610,55\n\n") == [152460, 61055]
    with pytest.raises(UserError, match="^Linje 2: årsverk kan ha høyst to desimaler"):
        fs.parse_fte_column("1524,6\n1,234\n")
    with pytest.raises(UserError, match="^Linje 2: Tallet mangler. Ingenting ble lagret.$"):
        fs.parse_fte_column("1524,6\n\n300")


def test_networks_are_added_edited_and_given_pasted_ftes(db: Database) -> None:
    before = audit_log.count(db)
    assert fs.save_network(db, None, _network("Salten", "2026 = 1480")) == "salten"
    assert fs.save_network(db, None, _network("Sør-Helgeland", host="Brønnøy")) == "sor-helgeland"
    assert fs.paste_ftes(db, "2027", "1 490,5\n245,25\n") == 2
    fs.save_network(
        db, "salten", _network("Salten og Bodø", "2026 = 1480; 2027 = 1490,5", equalization="ja")
    )
    salten, helgeland = fs.read_setup(db).networks
    assert salten == fs.NetworkRow(
        "salten", "Salten og Bodø", "regional", True, "", {2026: 148000, 2027: 149050}
    )
    assert helgeland.fte == {2027: 24525} and helgeland.host == "Brønnøy"
    assert fs.fte_years_text(salten.fte) == "2026 = 1\u00a0480; 2027 = 1\u00a0490,5"
    assert fs.parse_fte_years(fs.fte_years_text(salten.fte)) == salten.fte
    # Each write is audited: two regions, two FTE rows pasted plus one typed, an edit.
    assert audit_log.count(db) > before
    assert {e.entity for e in audit_log.entries(db)} >= {"region", "regionfte"}


@pytest.mark.parametrize(
    ("form", "message"),
    [
        (_network(""), "^Navn: kan ikke være tom. Ingenting ble lagret.$"),
        (_network("A", code="Store bokstaver"), "^Kode: «Store bokstaver» er ikke en gyldig"),
        (_network("A", equalization="kanskje"), "^Utjevning: svar ja eller nei"),
        (_network("A", "2026 = -3"), "^Årsverk: år 2026: årsverk kan ikke være negativ"),
        (_network("A", "2026: 12"), "^Årsverk: «2026: 12»: skriv år = årsverk.$"),
        (_network("A", host="to\nlinjer"), "^Vertskommune: skal stå på én linje"),
    ],
)
def test_a_bad_network_is_refused_and_nothing_changes(
    db: Database, form: dict[str, str], message: str
) -> None:
    before = audit_log.count(db)
    with pytest.raises(UserError, match=message):
        fs.save_network(db, None, form)
    assert fs.read_setup(db).networks == [] and audit_log.count(db) == before


def test_a_paste_must_have_one_figure_per_network(db: Database) -> None:
    with pytest.raises(UserError, match="ingen nettverk ennå"):
        fs.paste_ftes(db, "2026", "100")
    fs.save_network(db, None, _network("Salten"))
    fs.save_network(db, None, _network("Ofoten"))
    with pytest.raises(UserError, match="^Du limte inn 3 tall, men forumet har 2 nettverk"):
        fs.paste_ftes(db, "2026", "1\n2\n3")
    with pytest.raises(UserError, match="^År: «26» er ikke et årstall"):
        fs.paste_ftes(db, "26", "1\n2")
    assert [n.fte for n in fs.read_setup(db).networks] == [{}, {}]


def test_a_seat_category_one_per_network(db: Database) -> None:
    code = fs.save_seat(
        db,
        None,
        {
            "name": "Kommunale skoleeiere",
            "code": "",
            "count": "9",
            "per_region": "ja",
            "voting": "ja",
            "leader_eligible": "ja",
            "roles": "Eier",
        },  # fmt: skip
    )
    assert code == "kommunale-skoleeiere"
    (seat,) = fs.read_setup(db).seats
    assert seat == fs.SeatCategory(
        "kommunale-skoleeiere", "Kommunale skoleeiere", 9, True, True, True, ["owner"], 0
    )
    assert fs.roles_text(seat.roles) == "eier"
    fs.save_seat(
        db,
        code,
        {
            "name": "Skoleeiere",
            "count": "2",
            "per_region": "nei",
            "voting": "nei",
            "leader_eligible": "nei",
            "roles": "eier, myndighet",
        },  # fmt: skip
    )
    (seat,) = fs.read_setup(db).seats
    assert (seat.name, seat.count, seat.per_region, seat.voting, seat.roles) == (
        "Skoleeiere",
        2,
        False,
        False,
        ["owner", "authority"],
    )
    with pytest.raises(UserError, match="^Antall: «to» er ikke et helt tall"):
        fs.save_seat(db, code, {"name": "Skoleeiere", "count": "to"})
    with pytest.raises(UserError, match="^Krever rolle: «rektor» er ikke en rolle"):
        fs.save_seat(db, code, {"name": "Skoleeiere", "count": "2", "roles": "rektor"})
    with pytest.raises(UserError, match="^Krever rolle: samme verdi står flere ganger"):
        fs.save_seat(db, code, {"name": "Skoleeiere", "count": "2", "roles": "eier, owner"})
    with pytest.raises(UserError, match="kan ikke endres her"):
        fs.save_seat(db, code, {"name": "Skoleeiere", "count": "2", "code": "annen"})
    assert fs.read_setup(db).seats[0].count == 2


def test_what_terms_or_reports_refer_to_is_not_removed(sample_db: Path) -> None:
    db = Database.open(sample_db)
    # In sample.toml: 3 terms, 3 people and 1 needs report name Glåmdal; 12 terms are held
    # in the seat Barnehagemyndighet.
    with pytest.raises(UserError) as refused:
        fs.remove_network(db, "glamdal")
    assert str(refused.value) == (
        "«Glåmdal» kan ikke fjernes: 3 verv, 3 personer og 2 behovsmeldinger viser til nettverket."
    )
    with pytest.raises(UserError) as refused:
        fs.remove_seat(db, "bhg_myndighet")
    assert (
        str(refused.value) == "«Barnehagemyndighet» kan ikke fjernes: 12 verv er knyttet til setet."
    )
    with pytest.raises(UserError, match="behovsmeldinger"):
        fs.remove_scheme(db, "kollektiv")
    with pytest.raises(UserError, match="^Gruppen «skole» kan ikke få nytt navn: setet «Kommunale"):
        fs.save_slot(db, "skole", "grunnskole", "1")
    with pytest.raises(UserError, match="^Gruppen «skole» kan ikke fjernes: setet «Kommunale"):
        fs.remove_slot(db, "skole")
    with db.read() as s:
        assert s.exec(select(m.Region).where(m.Region.code == "glamdal")).first() is not None


def test_an_unused_network_and_seat_are_removed(db: Database) -> None:
    fs.save_network(db, None, _network("Salten", "2026 = 10"))
    fs.save_seat(db, None, {"name": "PPT", "count": "1"})
    fs.remove_network(db, "salten")
    fs.remove_seat(db, "ppt")
    view = fs.read_setup(db)
    assert view.networks == [] and view.seats == []
    with db.read() as s:
        assert s.exec(select(m.RegionFte)).all() == []


def test_working_group_places(db: Database) -> None:
    fs.save_slot(db, None, "pp-tjenesten", "1")
    fs.save_slot(db, "uh", "universitet", "3")
    fs.remove_slot(db, "statsforvalteren")
    assert fs.read_setup(db).working_group == {
        "barnehage": 1,
        "skole": 1,
        "universitet": 3,
        "pp-tjenesten": 1,
    }
    with pytest.raises(UserError, match="^Gruppe: «PP» er ikke en gyldig nøkkel"):
        fs.save_slot(db, None, "PP", "1")
    with pytest.raises(UserError, match="^Arbeidsgruppen har alt en gruppe «skole»"):
        fs.save_slot(db, "barnehage", "skole", "1")
    with pytest.raises(UserError, match="^Antall: er et urimelig stort antall"):
        fs.save_slot(db, None, "ppt", "100000")


def _import(tmp_path: Path, toml: Path) -> m.Scheme:
    other = Database.open(tmp_path / f"{toml.stem}.db", create=True)
    import_text(other, read_file(toml), toml.name)
    with other.read() as s:
        return s.exec(select(m.Scheme).where(m.Scheme.is_default)).one()


@pytest.mark.parametrize(
    ("profile", "toml"),
    [
        ("innlandet", sample_path()),
        ("nordland", ROOT / "examples" / "nordland.toml"),
        ("agder", ROOT / "examples" / "agder.toml"),
    ],
)
def test_a_profile_has_the_rules_of_its_county(
    tmp_path: Path, db: Database, profile: str, toml: Path
) -> None:
    """The rules as the county's exchange file holds them (its networks, amounts and key
    years are left to the new forum)."""
    code = fs.add_scheme_from_profile(db, profile)
    source = _import(tmp_path, toml)
    with db.read() as s:
        made = s.exec(select(m.Scheme).where(m.Scheme.code == code)).one()
    rules = ("code", "name", "common_bp", "common_recipient", "equalization_bp", "unit")
    rules += ("network_max_bp", "network_fixed_bp", "kindergarten_min_bp", "school_min_bp")
    rules += ("coordinator_max_bp", "release_max_bp", "needs_cap")
    assert {k: getattr(made, k) for k in rules} == {k: getattr(source, k) for k in rules}
    assert made.is_default
    assert (made.regions, made.fixed_amounts, made.budgets, made.fte_year) == ([], {}, {}, None)


def test_the_first_scheme_is_the_default_and_a_second_is_not(db: Database) -> None:
    fs.add_scheme_from_profile(db, "nordland")
    fs.add_scheme_from_profile(db, "agder")
    assert fs.read_setup(db).schemes == [
        fs.SchemeRow("dekom", "Desentralisert ordning (DEKOM)", True),
        fs.SchemeRow("desentralisert", "Desentralisert ordning (DEKOMP)", False),
    ]
    with pytest.raises(UserError, match="^Forumet har alt ordningen «Desentralisert ordning"):
        fs.add_scheme_from_profile(db, "nordland")
    fs.remove_scheme(db, "dekom")
    assert fs.read_setup(db).schemes == [
        fs.SchemeRow("desentralisert", "Desentralisert ordning (DEKOMP)", True)
    ]


def test_the_starter_prompts_are_the_plans_and_added_once(db: Database) -> None:
    assert fs.add_starter_prompts(db) == 17
    assert fs.add_starter_prompts(db) == 0
    with db.read() as s:
        first = s.exec(select(m.Prompt).order_by(m.Prompt.position)).first()
    assert first is not None
    assert (first.key, first.title, first.principle, first.method, first.minutes) == (
        "laeringsmal-i-dag",
        "Hva skal vi lære i dag?",
        "Klart læringsfokus",
        "Stille skriving",
        5,
    )
