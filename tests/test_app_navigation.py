"""Reaching every area by its number key, by the command palette, and getting help."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from screens import AREAS
from screens.help import HelpScreen
from tui.app import SekretariatApp

TODAY = dt.date(2026, 11, 22)
Settle = Callable[[Pilot], Awaitable[None]]


def heading(app: SekretariatApp) -> str:
    return str(app.screen.query_one("#heading-title", Static).render())


async def test_number_keys_reach_every_area(sample_db: Path, settle: Settle) -> None:
    app = SekretariatApp(sample_db, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for area in (*AREAS[1:], AREAS[0]):
            if app.current_mode == "minutes":
                await pilot.press("escape")  # digits are text in the notes; Esc goes to the agenda
            await pilot.press(area.key)
            await settle(pilot)
            assert app.current_mode == area.mode
            assert heading(app) == area.title


async def test_the_inbox_area_shows_the_inbox(sample_db: Path, settle: Settle) -> None:
    app = SekretariatApp(sample_db, today=TODAY, start="inbox")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert heading(app) == "Innboks"
        assert app.screen.query_one("#inbox-table").row_count == 10


def test_unknown_start_area_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown start area"):
        SekretariatApp(Path("x.db"), start="kaffe")


async def test_f1_lists_the_screens_keys_and_escape_closes(sample_db: Path, settle: Settle) -> None:
    app = SekretariatApp(sample_db, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(str(s.render()) for s in app.screen.query(".help-keys").results(Static))
        assert "Les oversikten på nytt" in text  # the overview's own key (r)
        assert "Gå til Møter" in text  # a global key
        assert "Vis alle tastene" in text
        assert "(her er du)" in text  # key 1 on the overview
        await pilot.press("escape")
        assert app.current_mode == "overview"
        assert not isinstance(app.screen, HelpScreen)


@pytest.mark.parametrize("key", ["f1", "q"])
async def test_help_also_closes_with(key: str, sample_db: Path, settle: Settle) -> None:
    app = SekretariatApp(sample_db, today=TODAY, start="meetings")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        assert app.screen.query_one(".dialog-frame").border_title == "Hjelp – Møter"
        await pilot.press(key)
        assert not isinstance(app.screen, HelpScreen)


async def test_number_keys_do_nothing_while_help_is_open(sample_db: Path, settle: Settle) -> None:
    app = SekretariatApp(sample_db, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f1", "4")
        assert app.current_mode == "overview"
        assert isinstance(app.screen, HelpScreen)


async def test_palette_finds_moter_and_goes_there(sample_db: Path, settle: Settle) -> None:
    app = SekretariatApp(sample_db, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"Møter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.current_mode == "meetings"
        assert heading(app) == "Møter"


async def test_palette_offers_the_screens_own_actions(sample_db: Path, settle: Settle) -> None:
    from textual.command import CommandPalette

    app = SekretariatApp(sample_db, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"oppdater")
        await settle(pilot)
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        options = palette.query_one("CommandList").options  # type: ignore[attr-defined]
        assert any("Oppdater" in str(option.prompt) for option in options)


def test_help_uses_two_columns_only_where_they_fit() -> None:
    """Long descriptions (the meetings area's) go in one column, so none wraps under the
    other column at 80x24; short ones (the number keys) share a line."""
    from textual.markup import to_content

    from screens.help import LINE_WIDTH, KeyHelp, Section, render_section

    def lines(section: Section) -> list[str]:
        return to_content(render_section(section)).plain.splitlines()

    long = Section(
        "På denne siden",
        [KeyHelp([k], f"Eksporter innkallingen (PDF, Word, HTML) {k}") for k in "abcdefgh"],
    )
    assert len(lines(long)) == 8
    short = Section("Overalt", [KeyHelp([str(n)], f"Gå til område {n}") for n in range(1, 9)])
    assert len(lines(short)) == 4
    assert max(len(line) for line in lines(short)) <= LINE_WIDTH
    assert lines(short)[0].split() == [
        "1",
        "Gå",
        "til",
        "område",
        "1",
        "5",
        "Gå",
        "til",
        "område",
        "5",
    ]


async def test_help_on_the_list_of_everyone_says_digits_are_typed(
    sample_db: Path, settle: Settle
) -> None:
    """On the people list whatever is typed goes to the search, digits too: the help does
    not promise that 1–9 change area there."""
    from textual.widgets import Static

    app = SekretariatApp(sample_db, today=TODAY, start="representatives")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("f1")
        text = "\n".join(str(s.render()) for s in app.screen.query(".help-keys").results(Static))
        assert "Gå til Oversikt (skrives som tekst her)" in text
        assert "Ctrl+Q  Lagre og avslutt\n" in text + "\n"
        await pilot.press("escape", "4")
        assert app.current_mode == "representatives"
        assert app.screen.query_one("#people-search").value == "4"
