"""The representatives, people and annual-report screens' own texts in nynorsk (issue 19).

The texts these screens build when they show something (the line under the seat table, the
line per network, a person's page) are looked up when they are made, so switching the app's
language here is enough; the keys and headers are read at import and checked by hand."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from language_words import foreign_words

from screens.annual_reports import row_info
from screens.person import page_text
from screens.representatives import table_lines
from sekretariat.domain import annual_reports as ar
from sekretariat.domain.people import person_page
from sekretariat.domain.seats import seat_table
from sekretariat.i18n import app_language, set_app_language
from sekretariat.storage.database import Database

TODAY = dt.date(2026, 11, 22)
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def nynorsk() -> Iterator[None]:
    before = app_language()
    set_app_language("nn")
    try:
        yield
    finally:
        set_app_language(before)


def test_the_seat_tables_lines_in_nynorsk(sample_db: Path, nynorsk: None) -> None:
    db = Database.open(sample_db)
    with db.sql() as con:
        lines = table_lines(seat_table(con, TODAY), TODAY)
    details = {
        line.key: line.detail
        for line in lines
        if line.kind == "vacant" or line.seat in ("uh", "koordinator") and line.kind == "seat"
    }
    assert details == {
        "vacant:kommunal_skoleeier:nord-osterdal": (
            "Ledig sete i Kommunale skoleeiere for Nord-Østerdal – trykk a for å oppnemne"
        ),
        "seat:uh": "Universitetet i Innlandet: 5 av 6 besette, 1 ledig",
        "vacant:uh:0": "Ledig sete i Universitetet i Innlandet – trykk a for å oppnemne",
        "seat:koordinator": (
            "Koordinatorfunksjon: 2 av 3 besette, 1 ledig – observatørar utan røysterett"
        ),
        "vacant:koordinator:0": "Ledig sete i Koordinatorfunksjon – trykk a for å oppnemne",
    }
    vacant = next(line for line in lines if line.kind == "vacant")
    assert str(vacant.cells[1]) == "ledig"


def test_an_annual_reports_line_in_nynorsk(sample_db: Path, nynorsk: None) -> None:
    db = Database.open(sample_db)
    inbox = ar.load_inbox(db, 2026, TODAY)
    text = row_info(inbox, inbox.rows[0]).replace("\xa0", " ")
    assert text.split("\n")[:4] == [
        "[b]Glåmdal:[/b] godkjend, versjon 1, motteken 02.11.2026.",
        "Brukt 4 450 000 kr av 4 450 000 kr, restmidlar 0 kr.",
        "Tildelt etter vedtak: 4 450 000 kr.",
        "Kontroll: 7 av 7 punkt merkte.",
    ]


def test_a_person_page_names_the_office_in_nynorsk(sample_db: Path, nynorsk: None) -> None:
    db = Database.open(sample_db)
    _, _, offices, _ = page_text(person_page(db, "kjersti-haugen"), TODAY)
    assert offices == "15.01.2026–20.01.2027  Leiar"


def test_the_nynorsk_catalogues_hold_no_bokmal_only_words() -> None:
    """Every nynorsk text, of the screens and of the documents, is free of the kept
    bokmål-only words (read with Babel, as the app reads them)."""
    from sekretariat.i18n import catalogue_paths, read_catalogue

    found = {}
    for path in catalogue_paths("nn"):
        for message in read_catalogue(path):
            if message.id and foreign_words(str(message.string), "nn"):
                found[message.id] = foreign_words(str(message.string), "nn")
    assert found == {}
