"""A person's written standard (issue 19): through their municipality, or the organisation
they represent when that is a registered municipality; else the forum's language."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from screens.person import page_text
from sekretariat.domain.languages import (
    PersonStandard,
    municipality_key,
    person_standard,
    standard_for,
)
from sekretariat.domain.people import person_page
from sekretariat.exchange import import_text
from sekretariat.storage.database import Database

TODAY = dt.date(2026, 11, 22)
MINI = (Path(__file__).parent / "data" / "mini.toml").read_text(encoding="utf-8")
REGISTER = """schema = 1
[[municipality]]
name = "Vang"
standard = "nn"
[[municipality]]
name = "Hamar"
standard = "nb"
[[municipality]]
name = "Etnedal"
standard = "noytral"
"""


@pytest.fixture
def db(tmp_path: Path) -> Database:
    db = Database.open(tmp_path / "p.db", create=True)
    import_text(db, MINI, "mini.toml")
    import_text(db, REGISTER, "register.toml")
    return db


def test_one_key_for_the_names_of_a_municipality() -> None:
    assert municipality_key(" Nord-Aurdal kommune ") == "nord-aurdal"
    assert municipality_key("nord-aurdal") == "nord-aurdal"
    assert municipality_key("Kommune") == "kommune"  # only a trailing «kommune» word goes


def test_a_person_gets_their_municipalitys_standard(db: Database) -> None:
    assert person_standard(db, "Vang") == PersonStandard("nn", "Vang")
    assert person_standard(db, " vang kommune ") == PersonStandard("nn", "Vang")
    assert person_standard(db, "Hamar", "Vang kommune") == PersonStandard("nb", "Hamar")


def test_else_the_organisation_they_represent_when_it_is_a_municipality(db: Database) -> None:
    assert person_standard(db, "", "Vang kommune") == PersonStandard("nn", "Vang")
    # Etnedal is neutral: the organisation decides, then the forum.
    assert person_standard(db, "Etnedal", "Vang kommune") == PersonStandard("nn", "Vang")
    assert person_standard(db, "Etnedal", "Høgskolen i Innlandet") == PersonStandard("nb")
    assert person_standard(db, "", "") == PersonStandard("nb")


def test_a_letter_to_a_municipality_finds_it_by_the_same_key(db: Database) -> None:
    assert standard_for(db, "Vang kommune") == "nn"
    assert standard_for(db, "Etnedal") == "nb"  # neutral: the forum's (bokmål)


def test_the_person_page_says_which_standard_and_why(sample_db: Path) -> None:
    db = Database.open(sample_db)
    try:
        lom = person_page(db, "risten-gangas")
        ppt = person_page(db, "sunna-zahkkal")  # PPT Valdres, living in Nord-Aurdal
        assert lom.standard == PersonStandard("nn", "Lom")
        assert ppt.standard == PersonStandard("nn", "Nord-Aurdal")
        assert "Målform: nynorsk (Lom)" in page_text(lom, TODAY)[0]
        inn = person_page(db, "hakon-gronlien")  # Universitetet i Innlandet, Lillehammer (nøytral)
        assert inn.standard == PersonStandard("nb")
        assert "Målform: bokmål (forumets språk)" in page_text(inn, TODAY)[0]
    finally:
        db.dispose()
