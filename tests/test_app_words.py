"""What Textual would say in English reaches the user in Norwegian (issue 15)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot

from screens.help import HelpScreen
from screens.representatives import RepresentativesScreen
from tui.app import SekretariatApp
from widgets.table import Table

TODAY = dt.date(2026, 11, 22)
Settle = Callable[[Pilot], Awaitable[None]]


def prompts(app: SekretariatApp) -> list[str]:
    palette = app.screen
    assert isinstance(palette, CommandPalette)
    return [str(option.prompt) for option in palette.query_one(CommandList).options]


async def test_the_palette_says_in_norwegian_that_nothing_matched(
    sample_db: Path, settle: Settle
) -> None:
    app = SekretariatApp(sample_db, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"zzq")
        await settle(pilot)
        found = prompts(app)
        assert len(found) == 1
        assert found[0].startswith("Ingen kommando passer «zzq»")
        assert "No matches" not in found[0]
        # Enter on it shows the help, as it says.
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)


async def test_the_theme_picker_says_in_norwegian_that_nothing_matched(
    sample_db: Path, settle: Settle
) -> None:
    app = SekretariatApp(sample_db, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.search_themes()
        await settle(pilot)
        await pilot.press(*"zzq")
        await settle(pilot)
        assert [p.split("\n")[0] for p in prompts(app)] == ["Ingen fargetema passer «zzq»"]
        await pilot.press("backspace", "backspace", "backspace", *"ansi-dark")
        await settle(pilot)
        assert any(p.startswith("ansi-dark") for p in prompts(app))
        assert not any(p.startswith("Ingen") for p in prompts(app))


async def test_the_heading_does_not_overlap_at_60_columns(sample_db: Path, settle: Settle) -> None:
    from textual.widgets import Static

    app = SekretariatApp(sample_db, today=TODAY)
    async with app.run_test(size=(60, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        title = app.screen.query_one("#heading-title", Static)
        info = app.screen.query_one("#heading-info", Static)
        assert str(title.render()) == "Representanter"
        assert title.region.width == len("Representanter")
        # One space between them, and the line about the area cut, not run into the title.
        assert info.region.x == title.region.right + 1
        assert info.region.right <= 59
        assert str(info.render()) == "22.11.2026 · 42/45 besatt · 3 ledige · 5 går ut"


async def test_the_palette_never_says_loading_in_english(sample_db: Path, settle: Settle) -> None:
    from textual.widgets import LoadingIndicator

    app = SekretariatApp(sample_db, today=TODAY)
    app.animation_level = "none"  # where the indicator would read «Loading...»
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        indicator = app.screen.query_one(LoadingIndicator)
        assert str(indicator.render()) == "Loading..."  # what it would say, shown
        assert indicator.display is False  # but it is never shown


async def test_the_seat_table_says_ledige_for_more_than_one(
    sample_db: Path, settle: Settle
) -> None:
    app = SekretariatApp(sample_db, today=dt.date(2029, 1, 1))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RepresentativesScreen)
        table = screen.query_one("#seat-table", Table)
        statuses = {
            str(table.get_row(key)[0]): str(table.get_row(key)[1])
            for key in table.rows
            if key.startswith("seat:")
        }
        assert statuses["Kommunale skoleeiere"] == "0/9, 9 ledige"
        assert statuses["Private skoleeiere"] == "0/1, 1 ledig"
