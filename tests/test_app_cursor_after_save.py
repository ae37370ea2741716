"""After an edit is saved the cursor is still on the row that was edited (80x24)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot

from tui.app import SekretariatApp
from widgets.dialog import FormDialog
from widgets.table import Table

TODAY = dt.date(2026, 11, 22)
Settle = Callable[[Pilot], Awaitable[None]]


async def test_meetings_cursor_stays_on_the_edited_meeting(sample_db: Path, settle: Settle) -> None:
    app = SekretariatApp(sample_db, today=TODAY, start="meetings")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#meetings-table", Table)
        await pilot.press("home", "down")
        edited = table.cursor_key
        assert table.cursor_row == 1
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, FormDialog)
        await pilot.press("tab", "tab", "end", *" (nytt rom)", "ctrl+s")
        await settle(pilot)
        assert table.cursor_key == edited
        assert table.cursor_row == 1
        assert str(table.get_row(edited)[2]).endswith("(nytt rom)")


async def test_inbox_cursor_stays_on_the_report_taken_up(sample_db: Path, settle: Settle) -> None:
    app = SekretariatApp(sample_db, today=TODAY, start="inbox")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#inbox-table", Table)
        states = [str(table.get_row_at(r)[1]).strip() for r in range(table.row_count)]
        row = states.index("Mottatt", 2)  # not the first row: a jump to the top shows
        await pilot.press("home", *["down"] * row)
        chosen = table.cursor_key
        await pilot.press("b")
        await settle(pilot)
        assert table.cursor_key == chosen
        assert str(table.get_row(chosen or "")[1]).strip() == "Behandles"
