"""The change log, the lists and the Udir export in a nynorsk app at 80x24 (issue 19): a
logged change reads in nynorsk, the list dialog writes a nynorsk list when asked, and
their refusals are nynorsk sentences."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from language_words import foreign_words
from sqlmodel import select
from textual.widgets import Input, OptionList, Select, Static

from nynorsk.test_walk_nynorsk import SIZE, TODAY, screen_text
from screens.person import PersonScreen
from screens.rep_dialogs import ListDialog
from sekretariat.documents.representative_lists import write_list
from sekretariat.documents.udir_export import write_udir
from sekretariat.errors import UserError
from sekretariat.storage import models as m
from sekretariat.storage.audit_log import entries
from sekretariat.storage.database import Database
from tui.app import SekretariatApp
from widgets.table import Table


def _new_phone(path: Path, key: str) -> None:
    """A person gets a new phone number, through the core (so it is logged)."""
    db = Database.open(path)
    with db.write() as s:
        person = s.exec(select(m.Person).where(m.Person.key == key)).one()
        person.phone = "+47 911 11 111"
    db.dispose()


async def test_a_logged_change_reads_in_nynorsk(sample_db: Path, settle) -> None:  # type: ignore[no-untyped-def]
    _new_phone(sample_db, "kjersti-haugen")
    app = SekretariatApp(sample_db, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("9")
        await settle(pilot)
        app.screen.query_one("#settings-pick", OptionList).focus()
        await pilot.press("end")  # the change log, the last choice
        await settle(pilot)
        table = app.screen.query_one("#audit-table", Table)
        assert str(table.get_row_at(0)[1]) == (
            "Person kjersti-haugen endra: telefon: «+47 977 24 614» → «+47 911 11 111»"
        )
        detail = str(app.screen.query_one("#audit-detail", Static).render()).splitlines()
        assert detail[0].startswith("Person kjersti-haugen endra ")
        assert detail[1] == "telefon: «+47 977 24 614» → «+47 911 11 111»"
        text = screen_text(app)
        assert " Tid             Endring " in text
        assert "  Person kjersti-haugen endra: tele… " in text
        assert foreign_words("\n".join(detail), "nn") == set(), detail


async def test_a_persons_page_tells_the_log_in_nynorsk(sample_db: Path, settle) -> None:  # type: ignore[no-untyped-def]
    _new_phone(sample_db, "siri-nyhus")
    app = SekretariatApp(sample_db, today=TODAY, start="representatives")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "enter")  # the first seat's holder, Siri Nyhus
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        log = str(app.screen.query_one("#person-log", Static).render())
        assert "  Person endra: telefon (" in log
        assert "\n  telefon: «+47 948 23 407» → «+47 911 11 111»\n" in log
        assert "  Mandat registrert (" in log and "  Person registrert (" in log
        assert foreign_words(log, "nn") == set(), log


async def test_the_list_dialog_writes_nynorsk_when_asked(  # type: ignore[no-untyped-def]
    sample_db: Path, settle, tmp_path: Path
) -> None:
    app = SekretariatApp(sample_db, today=TODAY, start="representatives")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ListDialog)
        text = screen_text(app)
        assert "│MålformSpråket til forumet▼│" in text
        assert foreign_words(text, "nn") == set(), text
        path = dialog.query_one("#path", Input)
        path.value = str(tmp_path / "liste.txt")
        await pilot.press("enter")
        await settle(pilot)
        error = str(dialog.query_one(".dialog-error", Static).render())
        assert error == "Filnamnet må slutte på .csv eller .xlsx."
        assert foreign_words(error, "nn") == set()
        path.value = str(tmp_path / "liste.csv")
        await pilot.press("shift+tab", "enter")  # the written standard: open the choice
        await settle(pilot)
        await pilot.press("down", "down", "enter")  # forum's, bokmål, nynorsk
        await settle(pilot)
        assert dialog.query_one("#lang", Select).value == "nn"
        await pilot.press("tab", "enter")  # back to the file: Enter writes
        await settle(pilot)
        assert app.screen is not dialog
    with (tmp_path / "liste.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    assert rows[0] == [
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
    ]
    assert {r[10] for r in rows[1:]} >= {"Leiar", "Nestleiar", "Arbeidsgruppe (Skule)"}


def test_the_log_is_searched_in_nynorsk_words(sample_db: Path) -> None:
    db = Database.open(sample_db)
    try:
        # «tildelingskøyring» is the nynorsk name of a kind of row (bokmål «…kjøring»): it
        # finds the sample's one allocation run; «nestleiar» a label (bokmål «Nestleder»).
        [run] = entries(db, search="tildelingskøyring")
        assert (run.entity, run.what) == ("allocationrun", "Tildelingskøyring 2026-1 registrert")
        [office] = entries(db, search="nestleiar")
        assert (office.entity, office.entity_id) == ("office", "2")
        assert office.summary() == (
            "verv: «Nestleiar»; frå: «15.01.2026»; til: «19.01.2028»; vald: «15.01.2026»"
        )
    finally:
        db.dispose()


def test_the_cores_refusals_are_nynorsk(sample_db: Path, tmp_path: Path) -> None:
    db = Database.open(sample_db)
    try:
        with pytest.raises(UserError) as refused:
            write_list(db, "adresser", TODAY, tmp_path / "liste.csv")
        assert str(refused.value) == "Ukjend liste «adresser»."
        with pytest.raises(UserError) as refused:
            write_udir(db, 2027, "ods", tmp_path / "udir.ods", lang="nn")
        said = str(refused.value)
        assert said == "«ods» er ikkje eit format for eksporten (vel csv eller xlsx)."
        assert foreign_words(said, "nn") == set()
    finally:
        db.dispose()
