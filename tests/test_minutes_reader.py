"""Reading along in the minutes («Leser med»): what is typed is never a command, and what a
displaced writer typed is kept on screen to copy, by keys at 80x24."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import TODAY
from test_app_minutes import _item, _two_items
from textual.screen import ModalScreen
from textual.widgets import Static

from screens.minutes import MinutesScreen
from sekretariat.domain import minutes as m
from sekretariat.storage.database import Database
from tui.app import SekretariatApp

#: Someone else, on another machine (so the lock is not taken for abandoned by its pid).
OLA = ("ola", "annen-maskin", 4242)


def _take_lock(path: Path, meeting_id: int) -> None:
    db = Database.open(path)
    try:
        m.acquire_lock(db, meeting_id, who=OLA, take_over=True)
    finally:
        db.dispose()


def _banner(screen: MinutesScreen) -> str:
    return str(screen.query_one("#minutes-banner", Static).render())


async def test_a_reader_typing_a_sentence_stays_and_keeps_it(sample_db: Path, settle) -> None:  # type: ignore[no-untyped-def]
    """Typed while Ola writes: «3» once switched to Arbeidsgruppe (3) and the letters after
    it went to that area's keys. Now it all lands in the unsaved box; nothing is stored."""
    mid, (first, _second) = _two_items(sample_db)
    _take_lock(sample_db, mid)
    app = SekretariatApp(sample_db, today=TODAY, start="minutes")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MinutesScreen)
        assert _banner(screen).startswith("Leser med: ola på annen-maskin")
        await pilot.press(*"Vi vedtok 3 saker, se 2a")
        await settle(pilot)
        assert app.screen is screen and not isinstance(app.screen, ModalScreen)
        assert screen.query_one("#minutes-unsaved").has_class("-shown")
        assert screen.unsaved.text == "Vi vedtok 3 saker, se 2a"
        assert screen.unsaved.has_focus
        assert screen.notes.text == ""
        # Esc leaves the text for the agenda, from where the number keys switch area.
        await pilot.press("escape", "1")
        await settle(pilot)
        assert app.screen is not screen
    assert _item(sample_db, first)[0] == ""


async def test_a_displaced_writer_keeps_what_was_not_stored(sample_db: Path, settle) -> None:  # type: ignore[no-untyped-def]
    """Ola takes over while Kari writes. What Kari typed after that could not be stored:
    it is shown to copy, not dropped, and her typing on is text, not commands."""
    mid, (first, _second) = _two_items(sample_db)
    app = SekretariatApp(sample_db, today=TODAY, start="minutes")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MinutesScreen) and screen.writing
        await pilot.press(*"Første del.", "ctrl+s")
        await settle(pilot)
        assert _item(sample_db, first)[0] == "Første del."
        _take_lock(sample_db, mid)
        await pilot.press(*" Andre del.", "ctrl+s")  # the save finds the lock taken
        await settle(pilot)
        assert not screen.writing
        assert _banner(screen).startswith("Leser med: ola på annen-maskin")
        # However the keys and the failed save interleave, the text reads as it was typed.
        assert screen.unsaved.text == "Tildeling 2027 – referat:\nFørste del. Andre del."
        await pilot.press(*" Og 4 ting til.")
        await settle(pilot)
        assert app.screen is screen and not isinstance(app.screen, ModalScreen)
        assert screen.unsaved.text.endswith("Første del. Andre del. Og 4 ting til.")
        assert screen.notes.text == "Første del."  # what is stored, as Ola's screen has it
    assert _item(sample_db, first)[0] == "Første del."
    db = Database.open(sample_db)
    lock = m.lock_status(db, mid)
    db.dispose()
    assert lock is not None and (lock.user, lock.host, lock.pid) == OLA


async def test_letters_in_the_notes_of_approved_minutes_are_not_commands(  # type: ignore[no-untyped-def]
    sample_db: Path, settle
) -> None:
    """Approved minutes are read only too: the same keys, the same box."""
    db = Database.open(sample_db)
    with db.sql() as con:
        day = con.execute(
            "SELECT date FROM meeting WHERE minutes_approved IS NOT NULL ORDER BY date LIMIT 1"
        ).fetchone()[0]
    db.dispose()
    app = SekretariatApp(
        sample_db, today=TODAY, start="minutes", meeting_date=dt.date.fromisoformat(day)
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MinutesScreen) and screen.view is not None
        assert screen.view.frozen
        await pilot.press(*"4 nye")
        await settle(pilot)
        assert app.screen is screen
        assert screen.unsaved.text == "4 nye"
