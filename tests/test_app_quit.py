"""Quitting with a dialog open at 80x24: Ctrl+Q and SIGTERM keep what was typed in a form."""

from __future__ import annotations

import datetime as dt
import os
import signal
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Static

from screens.agenda import AgendaScreen
from sekretariat.domain.agenda import load_agenda
from sekretariat.storage.database import Database
from tui.app import SekretariatApp
from widgets.dialog import FormDialog

TODAY = dt.date(2026, 11, 22)
Settle = Callable[[Pilot], Awaitable[None]]


async def open_new_item_form(app: SekretariatApp, pilot: Pilot, settle: Settle) -> int:
    """The agenda of the meeting the meetings area opens on, and its «Ny sak» form."""
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, AgendaScreen)
    await pilot.press("a")
    await settle(pilot)
    assert isinstance(app.screen, FormDialog)
    return screen.meeting_id


def titles(db_path: Path, meeting_id: int) -> list[str]:
    return [item.title for item in load_agenda(Database.open(db_path), meeting_id).items]


async def test_ctrl_q_in_a_form_saves_it_and_quits(sample_db: Path, settle: Settle) -> None:
    app = SekretariatApp(sample_db, today=TODAY, start="meetings")
    async with app.run_test(size=(80, 24)) as pilot:
        meeting_id = await open_new_item_form(app, pilot, settle)
        before = titles(sample_db, meeting_id)
        await pilot.press(*"Skrevet før Ctrl+Q", "ctrl+q")
        await pilot.pause()
    assert app.return_code == 0
    after = titles(sample_db, meeting_id)
    assert len(after) == len(before) + 1
    assert "Skrevet før Ctrl+Q" in after


async def test_ctrl_q_on_a_form_that_cannot_be_saved_keeps_it_open(
    sample_db: Path, settle: Settle
) -> None:
    app = SekretariatApp(sample_db, today=TODAY, start="meetings")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_new_item_form(app, pilot, settle)
        await pilot.press("tab", "tab", *"x", "ctrl+q")  # no title, «15x» minutes
        await settle(pilot)
        assert app.is_running
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        assert str(dialog.query_one(".dialog-error", Static).render()) == "Saken må ha en tittel."
        assert dialog.values()["minutes"] == "15x"
        await pilot.press("escape", "ctrl+q")  # closed unsaved: now it quits
        await pilot.pause()
    assert app.return_code == 0


async def test_sigterm_with_a_half_filled_form_keeps_what_was_typed(
    sample_db: Path, settle: Settle
) -> None:
    app = SekretariatApp(sample_db, today=TODAY, start="meetings")
    async with app.run_test(size=(80, 24)) as pilot:
        meeting_id = await open_new_item_form(app, pilot, settle)
        await pilot.press(*"Skrevet før SIGTERM")
        os.kill(os.getpid(), signal.SIGTERM)
        await app.workers.wait_for_complete()
        await pilot.pause()
        await app.workers.wait_for_complete()
    assert "Skrevet før SIGTERM" in titles(sample_db, meeting_id)


async def test_ctrl_q_in_the_reflection_dialog_stores_it(sample_db: Path, settle: Settle) -> None:
    from sekretariat.domain.minutes import reflection

    app = SekretariatApp(sample_db, today=TODAY, start="decisions")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        meeting_id = int(app.screen_stack[-2].query_one("#minutes-table").cursor_key or 0)
        await pilot.press("end", *" Skrevet før Ctrl+Q", "ctrl+q")
        await pilot.pause()
    assert app.return_code == 0
    assert reflection(Database.open(sample_db), meeting_id).endswith("Skrevet før Ctrl+Q")
