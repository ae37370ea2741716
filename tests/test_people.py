"""People: keys from names, validation, saving, the person page and clearing old contacts."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sekretariat.domain.people import (
    PersonInput,
    PersonRow,
    TypeToFilter,
    add_person,
    clear_contacts,
    contacts_to_clear,
    list_people,
    make_key,
    person_page,
    search,
    slug,
    sort_key,
    update_person,
    years_before,
)
from sekretariat.domain.terms import appoint, end_term
from sekretariat.errors import UserError
from sekretariat.paths import sample_path
from sekretariat.storage.database import Database

D = dt.date
NOW = D(2026, 11, 22)


@pytest.fixture
def db(sample_db: Path) -> Iterator[Database]:
    database = Database.open(sample_db)
    yield database
    database.dispose()


def test_key_is_ascii_folded() -> None:
    assert make_key("Ánde Čoarvi", set()) == "ande-coarvi"
    assert make_key("Ánde Čoarvi", {"ande-coarvi"}) == "ande-coarvi-2"
    assert make_key("Ánde Čoarvi", {"ande-coarvi", "ande-coarvi-2"}) == "ande-coarvi-3"
    assert make_key("  Æsa  Øvre-Ås ", set()) == "aesa-ovre-as"
    assert make_key("Niillas Đuolbavárri", set()) == "niillas-duolbavarri"
    assert make_key("Risten Gáŋgaš", set()) == "risten-gangas"


def test_every_sample_key_is_what_its_name_gives() -> None:
    people = tomllib.loads(sample_path().read_text(encoding="utf-8"))["person"]
    assert [slug(p["name"]) for p in people] == [p["key"] for p in people]


@given(st.text(min_size=1, max_size=40), st.sets(st.text(alphabet="abc-2", max_size=8), max_size=5))
def test_keys_are_plain_and_new(name: str, taken: set[str]) -> None:
    key = make_key(name, taken)
    assert key not in taken
    assert key.isascii() and key == key.lower() and " " not in key and key


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (PersonInput(name="   "), "Navnet kan ikke være tomt."),
        (
            PersonInput(name="Ola", email="ola.example.no"),
            "«ola.example.no» er ikke en gyldig e-postadresse.",
        ),
        (
            PersonInput(name="Ola", email="ola@example"),
            "«ola@example» er ikke en gyldig e-postadresse.",
        ),
        (PersonInput(name="Ola", phone="ring meg"), "«ring meg» er ikke et gyldig telefonnummer."),
        (PersonInput(name="Ola", phone="12"), "«12» er ikke et gyldig telefonnummer."),
        (PersonInput(name="Ola", region="mars"), "Ukjent nettverk «mars»."),
        (
            PersonInput(name="Ola", key="Ola Nordmann"),
            "Nøkkelen kan bare ha små bokstaver a–z, sifre og bindestrek.",
        ),
        (
            PersonInput(name="Ola", key="ande-coarvi"),
            "Nøkkelen «ande-coarvi» er allerede i bruk; velg en annen.",
        ),
    ],
)
def test_invalid_people_are_refused(db: Database, data: PersonInput, message: str) -> None:
    with pytest.raises(UserError) as caught:
        add_person(db, data)
    assert str(caught.value) == message


def test_add_makes_a_free_key_and_tidies_the_input(db: Database) -> None:
    key = add_person(
        db,
        PersonInput(
            name=" Ánde  Čoarvi ",
            email=" ny@example.no ",
            phone="+47 900  00 000",
            region="valdres",
            roles=["coordinator", "owner"],
        ),
    )
    assert key == "ande-coarvi-2"
    row = next(p for p in list_people(db) if p.key == key)
    assert (row.name, row.email, row.phone, row.region_name) == (
        "Ánde Čoarvi",
        "ny@example.no",
        "+47 900 00 000",
        "Valdres",
    )
    assert row.roles == ("owner", "coordinator")


def test_update_keeps_the_key_and_is_audited(db: Database) -> None:
    data = next(p for p in list_people(db) if p.key == "arild-fossum").as_input()
    data.name = "Arild Fossum-Berg"
    data.email = "arild@example.org"
    update_person(db, "arild-fossum", data)
    page = person_page(db, "arild-fossum")
    assert page.person.name == "Arild Fossum-Berg"
    update = page.audit[0]
    assert (update.entity, update.action) == ("person", "update")
    assert update.changes["name"] == ["Arild Fossum", "Arild Fossum-Berg"]


def test_list_filter_by_words_without_accents(db: Database) -> None:
    assert [p.key for p in list_people(db, "coarvi")] == ["ande-coarvi"]
    assert [p.key for p in list_people(db, "ÁNDE nord-ost")] == ["ande-coarvi"]
    assert list_people(db, "finnes ikke") == []
    names = ["Åse", "Ola", "Ærlig", "Øystein", "Zorro", "Ánde"]
    assert sorted(names, key=sort_key) == ["Ánde", "Ola", "Zorro", "Ærlig", "Øystein", "Åse"]


def test_person_page_has_terms_offices_and_their_audit(db: Database) -> None:
    term_id = appoint(
        db, person="astrid-hovda", seat="bhg_myndighet", region="valdres", start=D(2028, 1, 20)
    )  # the next period's first meeting: her term runs to the day before
    end_term(db, term_id, D(2028, 6, 30), "Ny jobb")
    page = person_page(db, "astrid-hovda")
    assert [(t.seat, t.start) for t in page.terms] == [
        ("bhg_myndighet", D(2028, 1, 20)),
        ("bhg_myndighet", D(2026, 1, 15)),
    ]
    assert page.terms[0].ended_reason == "Ny jobb"
    assert [o.role for o in page.offices] == ["deputy"]
    kinds = [(a.entity, a.action) for a in page.audit]
    assert kinds[:2] == [("term", "update"), ("term", "insert")]
    assert ("person", "insert") in kinds and ("office", "insert") in kinds


def test_unknown_person_page(db: Database) -> None:
    with pytest.raises(UserError, match="Fant ingen person"):
        person_page(db, "ingen")


def test_years_before_on_a_leap_day() -> None:
    assert years_before(D(2028, 2, 29), 5) == D(2023, 2, 28)
    assert years_before(D(2028, 2, 29), 4) == D(2024, 2, 29)


def test_clear_old_contact_details(db: Database) -> None:
    # Everyone in the sample serves now: nobody to clear.
    assert contacts_to_clear(db, NOW, 5) == []
    # A term that ended exactly five years before today still counts as recent.
    recent = add_person(db, PersonInput(name="Nylig Borte", email="n@example.no"))
    old = add_person(
        db, PersonInput(name="Lenge Borte", email="l@example.no", phone="+47 900 00 001")
    )
    never = add_person(db, PersonInput(name="Aldri Valgt", email="a@example.no"))
    appoint(db, person=recent, seat="koordinator", start=D(2020, 1, 1), end=D(2021, 11, 22))
    appoint(db, person=old, seat="koordinator", start=D(2019, 1, 1), end=D(2021, 11, 21))
    affected = contacts_to_clear(db, NOW, 5)
    assert [p.key for p in affected] == [old]
    assert never not in [p.key for p in affected]
    assert clear_contacts(db, [p.key for p in affected], NOW) == 1
    page = person_page(db, old)
    assert (page.person.name, page.person.email, page.person.phone) == ("Lenge Borte", "", "")
    assert page.person.contact_cleared == NOW
    logged = json.dumps([a.changes for a in page.audit])
    assert "l@example.no" not in logged and "900 00 001" not in logged
    assert contacts_to_clear(db, NOW, 5) == []
    with pytest.raises(UserError, match="minst ett år"):
        contacts_to_clear(db, NOW, 0)


def test_list_of_the_sample_in_norwegian_order(db: Database) -> None:
    rows = list_people(db)
    assert len(rows) == 49
    keys = [p.key for p in rows]
    # Håkon after Hilde (å after z), Máret as Maret, Ŧuolbma as Tuolbma.
    assert keys[:3] == ["ande-coarvi", "anne-grethe-lunde", "arild-fossum"]
    assert keys[12:15] == ["hanne-kristiansen-dahl", "hilde-sonsteby", "hakon-gronlien"]
    assert keys[-3:] == ["trine-espelund", "vegard-hoel", "wenche-sorlie"]
    first = rows[0]
    assert (first.name, first.roles, first.region, first.contact_cleared) == (
        "Ánde Čoarvi",
        ("owner", "authority"),
        "nord-osterdal",
        None,
    )
    assert next(p for p in rows if p.key == "astrid-hovda").roles == ("authority",)
    assert list_people(db, "coarvi") == [first]


def test_sort_key_of_plain_and_accented_names() -> None:
    assert sort_key("Kari NORDMANN") == "kari nordmann"
    assert sort_key("Åse Ødegård") == "}se |deg}rd"
    assert sort_key("Ánde Čoarvi") == "ande coarvi"
    assert sort_key("Risten Gáŋgaš") == "risten gaŋgas"
    assert sort_key("ÆRLIG") == "{rlig"


def test_search_folds_the_query_once_and_needs_every_word(sample_db) -> None:
    from sekretariat.domain.people import list_people, search
    from sekretariat.storage.database import Database

    db = Database.open(sample_db)
    people = list_people(db)
    db.dispose()
    assert search(people, "") is people
    assert search(people, "   ") is people
    found = search(people, "COARVI")
    assert [p.name for p in found] == [p.name for p in people if p.matches("coarvi")]
    assert len(found) == 1
    # Every word must be found; the same answer as PersonRow.matches, row by row.
    for query in ("kari hamar", "ánde", "gjøvik", "zzz nobody"):
        assert search(people, query) == [p for p in people if p.matches(query)]


def _row(text: str) -> PersonRow:
    return PersonRow(
        key="k", name=text, organisation="", region="", region_name="", roles=(), email="", phone=""
    )


@given(
    names=st.lists(st.text(alphabet="abæøå éÁ-", max_size=12), max_size=30),
    typed=st.text(alphabet="abæøå éÁ-", max_size=8),
)
def test_type_to_filter_gives_what_a_full_search_gives_after_every_key(
    names: list[str], typed: str
) -> None:
    """Each key looks only among the last key's matches; that must never lose a match."""
    people = [_row(n) for n in names]
    typing = TypeToFilter(people)
    for end in range(len(typed) + 1):
        assert typing(typed[:end]) == search(people, typed[:end])
    # A key taken back (Backspace) searches everyone again.
    for end in range(len(typed), -1, -1):
        assert typing(typed[:end]) == search(people, typed[:end])


def test_type_to_filter_by_example() -> None:
    people = [_row(n) for n in ("Kari Hamar", "Kari Lunde", "Åse Hamar")]
    typing = TypeToFilter(people)
    assert [p.name for p in typing("kar")] == ["Kari Hamar", "Kari Lunde"]
    assert [p.name for p in typing("kari ham")] == ["Kari Hamar"]
    assert [p.name for p in typing("ham")] == ["Kari Hamar", "Åse Hamar"]
    assert [p.name for p in typing("hamar ase")] == ["Åse Hamar"]
