"""The documents' refusals in a nynorsk app (issue 19): a filled template refused cell by
cell, a file that is not XLSX, letters and a calendar of a meeting gone, each an exact
nynorsk sentence with no word only bokmål has."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from language_words import foreign_words
from openpyxl import load_workbook

from sekretariat.documents import annual_report_templates, needs_templates
from sekretariat.documents.calendar_files import export_ics
from sekretariat.documents.grant_letters import grant_letters, write_letters
from sekretariat.documents.xlsx_forms import TemplateRefused
from sekretariat.errors import UserError
from sekretariat.storage.database import Database

JAN = dt.date(2027, 1, 15)
NEEDS = "behovsmelding-2027-privatskoler.xlsx"


@pytest.fixture
def db(sample_db: Path) -> Database:
    database = Database.open(sample_db)
    yield database
    database.dispose()


def nynorsk(text: str) -> str:
    assert foreign_words(text, "nn") == set(), text
    return text


def test_a_filled_needs_template_is_refused_cell_by_cell_in_nynorsk(
    db: Database, tmp_path: Path
) -> None:
    (path,) = [p for p in needs_templates.write_templates(db, 2027, tmp_path) if p.name == NEEDS]
    wb = load_workbook(path)
    ws = wb["Behovsmelding"]
    ws["C7"] = "neste år"
    ws["C19"] = 1.5
    ws["A29"] = "Lesekurs"
    ws["B29"] = "voksne"
    ws["C29"] = 1000
    ws["D29"] = 2028
    ws["E29"] = 2027
    wb.save(path)
    with pytest.raises(TemplateRefused) as refused:
        needs_templates.receive_file(db, path, JAN)
    assert nynorsk(str(refused.value)) == (
        f"{NEEDS} er ikkje lesen inn: "
        "Behovsmelding!C7: «neste år» er ikkje eit årstal; "
        "Behovsmelding!C19: «1,5» er ikkje eit heilt kronebeløp; "
        "Behovsmelding!B29: «voksne» er ikkje barnehage, skole eller begge; "
        "Behovsmelding!E29: sluttåret 2027 er før startåret 2028."
    )


def test_a_moved_label_and_more_than_four_faults_in_nynorsk(db: Database, tmp_path: Path) -> None:
    (path,) = [p for p in needs_templates.write_templates(db, 2027, tmp_path) if p.name == NEEDS]
    wb = load_workbook(path)
    ws = wb["Behovsmelding"]
    for ref in ("A4", "A5", "A7", "A8", "A18", "A19"):
        ws[ref] = "Pengar"
    wb.save(path)
    with pytest.raises(TemplateRefused) as refused:
        needs_templates.read_template(path)
    assert nynorsk(str(refused.value)) == (
        f"{NEEDS} er ikkje lesen inn: "
        "Behovsmelding!A4: venta «Forum», fann «Pengar»; er rader flytta i malen?; "
        "Behovsmelding!A5: venta «Nettverk», fann «Pengar»; er rader flytta i malen?; "
        "Behovsmelding!A7: venta «År», fann «Pengar»; er rader flytta i malen?; "
        "Behovsmelding!A8: venta «Frist», fann «Pengar»; er rader flytta i malen? "
        "(og 2 feil til)."
    )


def test_a_file_that_is_not_xlsx_in_nynorsk(db: Database, tmp_path: Path) -> None:
    fake = tmp_path / "behovsmelding.xlsx"
    fake.write_text("Dette er eit Word-dokument, eigentleg.")
    with pytest.raises(TemplateRefused) as refused:
        needs_templates.receive_file(db, fake, JAN)
    assert nynorsk(str(refused.value)) == (
        "behovsmelding.xlsx er ikkje ei XLSX-fil (ein utfylt behovsmeldingsmal); "
        "ingenting er lagra."
    )
    with pytest.raises(TemplateRefused) as refused:
        annual_report_templates.receive_file(db, fake, JAN)
    assert nynorsk(str(refused.value)) == (
        "behovsmelding.xlsx er ikkje ei XLSX-fil (ein utfylt årsrapportmal); ingenting er lagra."
    )


def test_letters_refused_in_nynorsk(db: Database, tmp_path: Path) -> None:
    with pytest.raises(UserError) as refused:
        grant_letters(db, 2031)
    assert nynorsk(str(refused.value)) == (
        "Det er ikkje registrert noko vedtak om tilskot for 2031 enno."
    )
    with pytest.raises(UserError) as refused:
        write_letters(db, 2027, tmp_path, fmt="odt")
    assert nynorsk(str(refused.value)) == (
        "«odt» er ikkje eit format for brev (vel docx, pdf, md)."
    )
    with pytest.raises(UserError) as refused:
        write_letters(db, 2027, tmp_path / "borte")
    assert nynorsk(str(refused.value)) == f"Mappa {tmp_path / 'borte'} finst ikkje."


def test_a_calendar_of_a_meeting_gone_in_nynorsk(db: Database, tmp_path: Path) -> None:
    with pytest.raises(UserError) as refused:
        export_ics(db, tmp_path / "møte.ics", meeting_id=9999)
    assert nynorsk(str(refused.value)) == "Møtet finst ikkje lenger."
