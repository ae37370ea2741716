"""Typing an annual report in, and correcting one, at 80x24 (e in the annual reports).

The sample's private-school network has not sent its 2026 report (decided 850 000);
Nord-Østerdal's is adjusted (version 2, waiting for the control); Glåmdal's is accepted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from pathlib import Path

from conftest import notices
from textual.pilot import Pilot
from textual.widgets import Input, Static, TextArea

from screens.annual_report_editor import AnnualReportEditor
from screens.annual_reports import AnnualReportsScreen
from sekretariat.domain import annual_reports as ar
from sekretariat.storage.database import Database
from tui.app import SekretariatApp
from widgets.table import Table

TODAY = dt.date(2026, 11, 22)
SIZE = (80, 24)
Settle = Callable[[Pilot], Awaitable[None]]


async def open_row(pilot: Pilot, settle: Settle, code: str) -> None:
    await settle(pilot)
    await pilot.press("a")
    await settle(pilot)
    assert isinstance(pilot.app.screen, AnnualReportsScreen)
    table = pilot.app.screen.query_one("#annual-table", Table)
    table.move_cursor(row=table.get_row_index(code))
    await settle(pilot)


async def type_into(pilot: Pilot, widget_id: str, text: str) -> None:
    """Put the cursor in a field, empty it and type ``text`` key by key."""
    widget = pilot.app.screen.query_one(f"#{widget_id}")
    widget.focus()
    await pilot.pause()
    if isinstance(widget, Input):
        await pilot.press("ctrl+a", "ctrl+k")
    await pilot.press(*text)


def load(db_path: Path, code: str) -> ar.Report:
    report = load_or_none(db_path, code)
    assert report is not None
    return report


def load_or_none(db_path: Path, code: str) -> ar.Report | None:
    """The network's 2026 annual report as the inbox reads it (None: not received)."""
    db = Database.open(db_path)
    try:
        return ar.load_inbox(db, 2026, TODAY).row(code).report
    finally:
        db.dispose()


async def test_a_report_typed_in_by_keys(sample_db: Path, settle: Settle) -> None:
    app = SekretariatApp(sample_db, today=TODAY, start="inbox")
    async with app.run_test(size=SIZE) as pilot:
        await open_row(pilot, settle, "privatskoler")
        await pilot.press("e")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, AnnualReportEditor)
        # The decided grant and today's date are filled in.
        assert editor.query_one("#received", Input).value == "22.11.2026"
        assert editor.query_one("#granted_amount", Input).value == "850\u00a0000"
        await type_into(pilot, "spent_network", "300000")
        await type_into(pilot, "spent_uh", "abc")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is editor  # refused: nothing stored
        assert "Brukt av UH-partneren" in str(editor.query_one(".dialog-error", Static).render())
        await type_into(pilot, "spent_uh", "500000")
        await type_into(pilot, "leftover_amount", "50000")
        await type_into(pilot, "m0-title", "Lesing i privatskolene")
        await type_into(pilot, "m0-amount", "800000")
        await type_into(pilot, "goal_assessment", "Tiltaket er gjennomført.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, AnnualReportsScreen)
        assert any("Privatskolenettverket er lagret (versjon 1)" in n.message for n in notices(app))
    report = load(sample_db, "privatskoler")
    assert report.state == "received"
    content = report.versions[-1].content
    assert (content.received, content.granted_amount, content.spent, content.leftover_amount) == (
        TODAY,
        850_000,
        800_000,
        50_000,
    )
    assert content.measures == (
        ar.DoneMeasure("Lesing i privatskolene", "begge", 800_000, "gjennomført"),
    )
    assert content.goal_assessment == "Tiltaket er gjennomført."


async def test_the_newest_version_is_corrected_in_place(sample_db: Path, settle: Settle) -> None:
    before = load(sample_db, "nord-osterdal")
    assert (before.state, len(before.versions)) == ("adjusted", 2)
    app = SekretariatApp(sample_db, today=TODAY, start="inbox")
    async with app.run_test(size=SIZE) as pilot:
        await open_row(pilot, settle, "nord-osterdal")
        await pilot.press("e")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, AnnualReportEditor)
        assert editor.dialog_title == "Rett årsrapport 2026 – Nord-Østerdal, versjon 2"
        note = editor.query_one("#note", TextArea)
        note.focus()
        await pilot.press("end", *" Rettet.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, AnnualReportsScreen)
    after = load(sample_db, "nord-osterdal")
    assert len(after.versions) == 2
    assert (
        after.versions[-1].content.note == (before.versions[-1].content.note + " Rettet.").strip()
    )


async def test_an_accepted_report_is_not_edited(sample_db: Path, settle: Settle) -> None:
    app = SekretariatApp(sample_db, today=TODAY, start="inbox")
    async with app.run_test(size=SIZE) as pilot:
        await open_row(pilot, settle, "glamdal")
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, AnnualReportsScreen)
    assert len(load(sample_db, "glamdal").versions) == 1


async def test_quitting_stores_what_is_typed_and_nothing_else(
    sample_db: Path, settle: Settle
) -> None:
    app = SekretariatApp(sample_db, today=TODAY, start="inbox")
    async with app.run_test(size=SIZE) as pilot:
        await open_row(pilot, settle, "privatskoler")
        await pilot.press("e")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, AnnualReportEditor)
        assert editor.save_on_quit() is None  # untouched: no report is registered
    assert load_or_none(sample_db, "privatskoler") is None
    app = SekretariatApp(sample_db, today=TODAY, start="inbox")
    async with app.run_test(size=SIZE) as pilot:
        await open_row(pilot, settle, "privatskoler")
        await pilot.press("e")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, AnnualReportEditor)
        await type_into(pilot, "spent_network", "850000")
        assert editor.save_on_quit() is None
    report = load_or_none(sample_db, "privatskoler")
    assert report is not None and report.versions[-1].content.spent_network == 850_000
