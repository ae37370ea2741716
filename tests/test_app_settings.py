"""The settings screen at 80x24: typed edits are saved by themselves, mistakes are shown."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

from sekretariat.domain.forum_settings import forum_form, scheme_form
from sekretariat.storage.database import Database
from tui.app import SekretariatApp

TODAY = dt.date(2026, 11, 22)
Settle = Callable[[Pilot], Awaitable[None]]


@pytest.fixture(autouse=True)
def no_autosave_delay(monkeypatch: pytest.MonkeyPatch) -> None:
    """Save as soon as the event loop is free: the tests wait for the save, not a timer."""
    monkeypatch.setattr("screens.settings.AUTOSAVE_DELAY", 0.01)


async def open_settings(pilot: Pilot, settle: Settle) -> None:
    await settle(pilot)
    await pilot.press("9")
    await settle(pilot)


async def test_edit_is_saved_after_a_pause(sample_db: Path, settle: Settle) -> None:
    app = SekretariatApp(sample_db, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_settings(pilot, settle)
        field = app.screen.query_one("#field-meeting_weeks", Input)
        field.focus()
        field.value = "3, 10, 25, 38, 47"
        await settle(pilot)  # the autosave timer is due at once (no_autosave_delay)
        assert str(app.screen.query_one("#settings-status", Static).render()).startswith(
            "Lagret kl."
        )
    assert forum_form(Database.open(sample_db))["meeting_weeks"] == "3, 10, 25, 38, 47"


async def test_a_new_forum_name_goes_to_the_header_when_saved(
    sample_db: Path, settle: Settle
) -> None:
    app = SekretariatApp(sample_db, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_settings(pilot, settle)
        assert app.title == "Samarbeidsforum Innlandet"
        field = app.screen.query_one("#field-name", Input)
        field.focus()
        field.value = "Samarbeidsforum Innlandet og Viken"
        await settle(pilot)  # the autosave timer is due at once (no_autosave_delay)
        assert app.title == "Samarbeidsforum Innlandet og Viken"


async def test_escape_leaves_the_fields_so_the_number_keys_change_area(
    sample_db: Path, settle: Settle
) -> None:
    app = SekretariatApp(sample_db, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_settings(pilot, settle)
        field = app.screen.query_one("#field-county", Input)
        field.focus()
        await pilot.press("4")  # in a field, a digit is typed
        assert field.value.endswith("4")
        assert app.current_mode == "settings"
        await pilot.press("escape")
        assert isinstance(app.focused, OptionList)
        await pilot.press("4")
        await settle(pilot)
        assert app.current_mode == "meetings"


async def test_mistake_is_shown_and_nothing_saved(sample_db: Path, settle: Settle) -> None:
    app = SekretariatApp(sample_db, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_settings(pilot, settle)
        field = app.screen.query_one("#field-meeting_start", Input)
        field.focus()
        field.value = "25:99"
        await pilot.press("f2")
        await settle(pilot)
        note = str(app.screen.query_one("#note-meeting_start", Static).render())
        assert note == "«25:99» er ikke et klokkeslett; skriv TT.MM, for eksempel 09.00."
        assert "Ingenting ble lagret" in str(
            app.screen.query_one("#settings-status", Static).render()
        )
    assert forum_form(Database.open(sample_db))["meeting_start"] == "09.00"


async def test_the_document_language_is_typed_refused_and_typed_back(
    sample_db: Path, settle: Settle
) -> None:
    """A refused language is shown under its field; typing back what is stored takes the
    refusal away (nothing is left to save)."""
    app = SekretariatApp(sample_db, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_settings(pilot, settle)
        field = app.screen.query_one("#field-language", Input)
        assert field.value == "nb"
        field.focus()
        field.value = "se"
        await settle(pilot)  # the autosave timer is due at once (no_autosave_delay)
        note = app.screen.query_one("#note-language", Static)
        assert (
            str(note.render()) == "«se» er ikke et språk; bruk «nb» (bokmål) eller «nn» (nynorsk)"
        )
        field.value = "nb"
        await settle(pilot)
        assert str(note.render()) == "innkallinger, protokoller og brev til kommuner uten eget valg"
        assert str(app.screen.query_one("#settings-status", Static).render()) == (
            "Ingen endringer å lagre: skjemaet er som det er lagret."
        )
        field.value = "nn"
        await settle(pilot)
        assert str(app.screen.query_one("#settings-status", Static).render()).startswith(
            "Lagret kl."
        )
    assert forum_form(Database.open(sample_db))["language"] == "nn"


async def test_scheme_rules_and_flush_on_quit(sample_db: Path, settle: Settle) -> None:
    app = SekretariatApp(sample_db, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_settings(pilot, settle)
        pick = app.screen.query_one("#settings-pick", OptionList)
        pick.focus()
        await pilot.press("down")
        await settle(pilot)
        field = app.screen.query_one("#field-equalization_bp", Input)
        field.focus()
        field.value = "2,5"
        await pilot.press("ctrl+q")  # quit before the autosave fires: the flush saves it
    assert scheme_form(Database.open(sample_db), "kollektiv")["equalization_bp"] == "2,5"


async def test_f3_undoes_the_last_edit_even_after_it_was_saved(
    sample_db: Path, settle: Settle
) -> None:
    """F3 puts back the value the field had before the edit (and saves it), not a reload."""
    app = SekretariatApp(sample_db, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_settings(pilot, settle)
        county = app.screen.query_one("#field-county", Input)
        before = county.value
        name = app.screen.query_one("#field-name", Input)
        name.focus()
        await pilot.press("end", *" og Viken")
        await settle(pilot)  # saved (no_autosave_delay)
        county.focus()
        await pilot.press("end", *"x")
        await settle(pilot)
        saved = forum_form(Database.open(sample_db))
        assert (saved["name"], saved["county"]) == (
            "Samarbeidsforum Innlandet og Viken",
            before + "x",
        )
        await pilot.press("f3")  # the slip in the county
        await settle(pilot)
        assert county.value == before
        assert name.value == "Samarbeidsforum Innlandet og Viken"
        saved = forum_form(Database.open(sample_db))
        assert (saved["name"], saved["county"]) == ("Samarbeidsforum Innlandet og Viken", before)
        assert str(app.screen.query_one("#settings-status", Static).render()).startswith(
            "Lagret kl."
        )
