"""Representative and mailing lists: CSV (semicolons, UTF-8 with BOM) and XLSX."""

from __future__ import annotations

import csv
import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from sekretariat.documents.representative_lists import (
    check_target,
    mailing_list,
    representative_list,
    write_list,
)
from sekretariat.errors import UserError
from sekretariat.storage.database import Database

NOW = dt.date(2026, 11, 22)


@pytest.fixture
def db(sample_db: Path) -> Iterator[Database]:
    database = Database.open(sample_db)
    yield database
    database.dispose()


def test_representative_list_has_every_holder_and_vara(db: Database) -> None:
    table = representative_list(db, NOW)
    assert table.header[:4] == ("Sete", "Nettverk", "Rolle", "Navn")
    assert len(table.rows) == 42 + 5  # 42 seats filled, 5 vara
    first = table.rows[0]
    assert first[:4] == ("Barnehagemyndighet", "Glåmdal", "Representant", "Siri Nyhus")
    roles = {r[3]: r[2] for r in table.rows}
    assert roles["Oddny Bakke"] == "Vara"
    assert roles["Jon Olav Brennhaugen"] == "Observatør"
    offices = {r[3]: r[10] for r in table.rows}
    assert offices["Kjersti Haugen"] == "Leder"
    assert offices["Biret Máhtte Gaup"] == "Arbeidsgruppe (UH)"
    # A term that ends on the date is still on the list that day, and gone the day after:
    # Marte Skogli's from 16.01.2025 ends the day before the January 2027 meeting (21.01).
    on_end = {r[3] for r in representative_list(db, dt.date(2027, 1, 20)).rows}
    after = {r[3] for r in representative_list(db, dt.date(2027, 1, 21)).rows}
    assert "Marte Skogli" in on_end and "Marte Skogli" not in after


def test_mailing_list_one_line_per_address(db: Database) -> None:
    table = mailing_list(db, NOW)
    emails = [r[1] for r in table.rows]
    assert len(emails) == len(set(emails)) == 47
    assert table.header == ("Navn", "E-post", "Organisasjon", "Målform")


def test_the_mailing_list_says_which_standard_to_write_to_each_in(db: Database) -> None:
    """Through the person's municipality (Lom and Nord-Aurdal have adopted nynorsk), or
    the forum's language (Lillehammer is neutral; the sample forum writes bokmål)."""
    standard = {r[0]: r[3] for r in mailing_list(db, NOW).rows}
    assert standard["Risten Gáŋgaš"] == "nynorsk"  # Lom kommune
    assert standard["Sunná Žáhkkal"] == "nynorsk"  # PPT Valdres, Nord-Aurdal
    assert standard["Håkon Grønlien"] == "bokmål"  # Universitetet i Innlandet, Lillehammer
    assert set(standard.values()) == {"bokmål", "nynorsk"}


def test_csv_is_semicolon_separated_utf8_with_bom(db: Database, tmp_path: Path) -> None:
    path = write_list(db, "representatives", NOW, tmp_path / "repr.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfSete;Nettverk;Rolle;Navn;")
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    assert rows[1][3] == "Siri Nyhus"
    assert any(r[3] == "Ánde Čoarvi" for r in rows)
    assert not list(tmp_path.glob(".*.tmp"))


def test_xlsx_opens_with_the_same_rows(db: Database, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = write_list(db, "mailing", NOW, tmp_path / "epost.XLSX")
    sheet = load_workbook(path).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == ("Navn", "E-post", "Organisasjon", "Målform")
    assert [tuple(v) for v in values[1:]] == mailing_list(db, NOW).rows


def test_bad_targets_are_refused_in_norwegian(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="er en mappe"):
        check_target(tmp_path)
    with pytest.raises(UserError, match="må slutte på .csv eller .xlsx"):
        check_target(tmp_path / "liste.txt")
    with pytest.raises(UserError, match="Mappen .* finnes ikke"):
        check_target(tmp_path / "mangler" / "liste.csv")
    locked = tmp_path / "låst"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if not os.access(locked, os.W_OK):  # root may write anyway
            with pytest.raises(UserError, match="Kan ikke skrive i mappen"):
                check_target(locked / "liste.csv")
    finally:
        locked.chmod(0o700)


# --------------------------------------------------------------------------- bokmål and nynorsk
NN_HEADER = (
    "Sete",
    "Nettverk",
    "Rolle",
    "Namn",
    "Tittel",
    "Organisasjon",
    "E-post",
    "Telefon",
    "Frå",
    "Til",
    "Verv",
)


def test_both_lists_in_nynorsk_read_back_from_csv_and_xlsx(db: Database, tmp_path: Path) -> None:
    from language_words import foreign_words
    from openpyxl import load_workbook

    path = write_list(db, "representatives", NOW, tmp_path / "repr.csv", lang="nn")
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    assert tuple(rows[0]) == NN_HEADER
    assert rows[1][:4] == ["Barnehagemyndighet", "Glåmdal", "Representant", "Siri Nyhus"]
    offices = {r[3]: r[10] for r in rows[1:]}
    assert (offices["Kjersti Haugen"], offices["Astrid Hovda"]) == ("Leiar", "Nestleiar")
    assert offices["Biret Máhtte Gaup"] == "Arbeidsgruppe (UH)"
    assert offices["Geir Arne Haugli"] == "Arbeidsgruppe (Skule)"
    assert foreign_words(path.read_text(encoding="utf-8-sig"), "nn") == set()

    path = write_list(db, "representatives", NOW, tmp_path / "repr.xlsx", lang="nn")
    sheet = load_workbook(path).active
    assert sheet is not None and sheet.title == "Representantar 22-11-2026"
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == NN_HEADER and len(values) == 1 + 42 + 5

    path = write_list(db, "mailing", NOW, tmp_path / "epost.xlsx", lang="nn")
    sheet = load_workbook(path).active
    assert sheet is not None and sheet.title == "E-postliste 22-11-2026"
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == ("Namn", "E-post", "Organisasjon", "Målform") and len(values) == 1 + 47
    text = " ".join(str(v) for row in values for v in row if v is not None)
    assert foreign_words(text, "nn") == set()

    path = write_list(db, "mailing", NOW, tmp_path / "epost.csv", lang="nn")
    assert path.read_bytes().startswith("\ufeffNamn;E-post;Organisasjon;Målform\r\n".encode())


def test_a_list_follows_the_forums_language_unless_one_is_chosen(
    db: Database, tmp_path: Path
) -> None:
    from sekretariat.exchange import import_text

    import_text(
        db, 'schema = 1\n[forum]\nname = "Samarbeidsforum Innlandet"\nlanguage = "nn"\n', "f"
    )
    assert representative_list(db, NOW).header == NN_HEADER
    assert mailing_list(db, NOW).title == "E-postliste 22.11.2026"
    assert mailing_list(db, NOW).header[0] == "Namn"
    assert representative_list(db, NOW, lang="nb").header[3] == "Navn"
    assert representative_list(db, NOW, lang="nb").title == "Representanter 22.11.2026"
    path = write_list(db, "mailing", NOW, tmp_path / "epost.csv", lang="nb")
    assert path.read_bytes().startswith("\ufeffNavn;E-post;Organisasjon".encode())
