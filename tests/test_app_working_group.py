"""The working-group area at 80x24: who holds which slot, vacancies, and elections."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static
from textual.worker import WorkerCancelled, WorkerFailed

from screens.rep_dialogs import ElectDialog
from screens.working_group import WorkingGroupScreen
from tui.app import SekretariatApp
from widgets.table import Table

TODAY = dt.date(2026, 11, 22)
SIZE = (80, 24)
Settle = Callable[[Pilot], Awaitable[None]]


@pytest.fixture
def settle() -> Settle:
    """Like conftest's, but a load cancelled by a newer one (exclusive workers) is no failure."""

    async def _settle(pilot: Pilot) -> None:
        for _ in range(3):
            with contextlib.suppress(WorkerFailed, WorkerCancelled):
                await pilot.app.workers.wait_for_complete()
            await pilot.pause()

    return _settle


def cells(screen: WorkingGroupScreen) -> list[list[str]]:
    table = screen.query_one("#wg-table", Table)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_the_group_today(sample_db: Path, settle: Settle) -> None:
    app = SekretariatApp(sample_db, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, WorkingGroupScreen)
        rows = cells(screen)
        assert rows[0] == ["Leder", "Kjersti Haugen", "Ringsaker kommune", "20.01.2027"]
        assert [r[1] for r in rows].count("ledig") == 0
        assert len(rows) == 2 + 1 + 1 + 2 + 3
        assert str(screen.query_one("#heading-info", Static).render()) == "22.11.2026 · fulltallig"


async def test_leader_vacant_after_the_one_year_term_and_elections(
    sample_db: Path, settle: Settle
) -> None:
    """The first period is one year (the sample's ``leader_first_year = 2026``,
    ``leader_first_term_years = 1``): from the meeting of week 3 2026 to the day before
    that of week 3 2027, Thursday 21.01.2027, when the seat is empty. A leader elected
    then serves the next two-year period, to the day before the first meeting of 2029
    (week 3: Monday 15.01.2029, Thursday 18.01.2029), 17.01.2029, with no end typed."""
    app = SekretariatApp(sample_db, today=TODAY, start="working_group")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("d")
        app.screen.query_one("#date", Input).value = "21.01.2027"
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, WorkingGroupScreen)
        assert cells(screen)[0][:2] == ["Leder", "ledig"]
        assert "1 ledig" in str(screen.query_one("#heading-info", Static).render())

        await pilot.press("l")
        dialog = app.screen
        assert isinstance(dialog, ElectDialog)
        assert not dialog.query_one(".elect-reason").display
        dialog.query_one("#person", Select).value = "ingrid-bakken-holm"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert cells(screen)[0] == [
            "Leder",
            "Ingrid Bakken Holm",
            "Statsforvalteren i Innlandet",
            "17.01.2029",
        ]


async def test_a_leader_the_plan_does_not_name_is_elected_with_a_reason(
    sample_db: Path, settle: Settle
) -> None:
    """«Bør» (plan 3.4): a warning, passed by typing a reason, which is stored and shown."""
    app = SekretariatApp(sample_db, today=TODAY, start="working_group")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("d")
        app.screen.query_one("#date", Input).value = "21.01.2027"
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        await pilot.press("l")
        dialog = app.screen
        assert isinstance(dialog, ElectDialog)
        dialog.query_one("#person", Select).value = "arild-fossum"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog
        assert str(dialog.query_one(".dialog-error", Static).render()) == (
            "Arild Fossum sitter ikke for barnehage- og skoleeier, barnehagemyndighet eller "
            "Statsforvalteren 21.01.2027; planen sier at ledervervet bør tillegges dem. "
            "Skriv en begrunnelse for å velge hen likevel."
        )
        assert dialog.query_one(".elect-reason").display
        assert dialog.query_one("#reason", Input).has_focus
        assert cells(screen)[0][:2] == ["Leder", "ledig"]  # nothing stored yet

        await pilot.press(*"Enstemmig valgt", "enter")
        await settle(pilot)
        assert app.screen is screen
        assert cells(screen)[0] == [
            "Leder",
            "Arild Fossum",
            "Utdanningsforbundet Innlandet",
            "17.01.2029",
        ]
        assert str(screen.query_one("#wg-note", Static).render()) == (
            "Valgt 21.01.2027; medlemmene velges samme dag som lederen. "
            "Lederen er valgt med begrunnelse: Enstemmig valgt."
        )


async def test_member_for_the_marked_slot(sample_db: Path, settle: Settle) -> None:
    app = SekretariatApp(sample_db, today=TODAY, start="working_group")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, WorkingGroupScreen)
        table = screen.query_one("#wg-table", Table)
        uh = next(k for k, slot in screen.row_slots.items() if slot == "uh")
        table.move_cursor(row=table.get_row_index(uh))
        await pilot.press("m")
        dialog = app.screen
        assert isinstance(dialog, ElectDialog)
        assert dialog.dialog_title == "Velg medlem: UH"
        assert dialog.query_one("#start", Input).value == "15.01.2026"
        dialog.query_one("#person", Select).value = "ellen-marie-rud"
        await pilot.press("ctrl+s")
        await settle(pilot)
        error = str(app.screen.query_one(".dialog-error", Static).render())
        assert error.startswith("Plassen «UH» i arbeidsgruppen har bare 2 medlemmer")
