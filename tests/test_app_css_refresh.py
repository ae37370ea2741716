"""Switching areas does not re-parse the app's CSS; a change of theme still reaches every
area, the ones that were away when it changed included (``SekretariatApp.refresh_css``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Static

from tui.app import SekretariatApp

TODAY = dt.date(2026, 11, 22)
Settle = Callable[[Pilot], Awaitable[None]]


def heading_background(app: SekretariatApp) -> object:
    return app.screen.query_one("#heading-title", Static).rich_style.bgcolor


async def test_areas_are_shown_without_parsing_the_css_again(
    sample_db: Path, settle: Settle
) -> None:
    app = SekretariatApp(sample_db, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        parses: list[str] = []
        reparse = app.stylesheet.reparse

        def counted() -> None:
            parses.append(app.current_mode)
            reparse()

        app.stylesheet.reparse = counted  # type: ignore[method-assign]
        for key in "232343":
            await pilot.press(key)
            await settle(pilot)
        assert app.current_mode == "working_group"
        assert parses == []


async def test_a_new_theme_reaches_an_area_that_was_away(sample_db: Path, settle: Settle) -> None:
    app = SekretariatApp(sample_db, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        dark = heading_background(app)
        await pilot.press("3")
        await settle(pilot)
        app.theme = "textual-light"
        await settle(pilot)
        light = heading_background(app)
        assert light != dark
        await pilot.press("2")  # styled with the dark theme, away when it changed
        await settle(pilot)
        assert heading_background(app) == light
        await pilot.press("4")  # a new area, built with the light theme
        await settle(pilot)
        assert heading_background(app) == light
        await pilot.press("3")
        await settle(pilot)
        assert heading_background(app) == light


async def test_a_new_theme_reaches_a_screen_under_another_areas_page(
    sample_db: Path, settle: Settle
) -> None:
    app = SekretariatApp(sample_db, today=TODAY, start="meetings")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # the agenda, over the year's meetings
        await settle(pilot)
        assert app.screen.id == "screen-agenda"
        await pilot.press("3")
        await settle(pilot)
        app.theme = "textual-light"
        await settle(pilot)
        light = heading_background(app)
        await pilot.press("4")
        await settle(pilot)
        assert heading_background(app) == light
        await pilot.press("escape")  # back to the year: it was under the agenda
        await settle(pilot)
        assert app.screen.id == "screen-meetings"
        assert heading_background(app) == light
