"""The one-line footer of keys (widgets/key_footer.py): what it shows and what a click does."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot

from tui.app import SekretariatApp
from widgets.key_footer import KeyFooter

TODAY = dt.date(2026, 11, 22)
Settle = Callable[[Pilot], Awaitable[None]]


def footer_line(app: SekretariatApp) -> str:
    return app.screen.query_one(KeyFooter).render().plain


def dimmed_keys(app: SekretariatApp) -> set[str]:
    text = app.screen.query_one(KeyFooter).render()
    return {text.plain[span.start : span.end] for span in text.spans if "dim" in str(span.style)}


async def test_the_overview_footer_at_80_columns(sample_db: Path, settle: Settle) -> None:
    app = SekretariatApp(sample_db, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        line = footer_line(app)
        assert line == (
            " r Oppdater ^q Avslutt 123456789 Områder" + " " * 16 + " f1 Hjelp▏^p Kommandoer "
        )
        assert len(line) == 80
        # Where you are: the current area's number is dimmed, the others are not.
        assert dimmed_keys(app) == {"1"}


async def test_the_footer_follows_the_screen_in_front(sample_db: Path, settle: Settle) -> None:
    app = SekretariatApp(sample_db, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        line = footer_line(app)
        assert "r Oppdater" not in line
        assert line.startswith(" l Velg leder n Velg nestleder")
        assert line.endswith("… f1 Hjelp▏^p Kommandoer ")


async def test_a_click_on_a_key_presses_it(sample_db: Path, settle: Settle) -> None:
    app = SekretariatApp(sample_db, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        line = footer_line(app)
        column = line.index("123456789") + 3  # the "4"
        await pilot.click(KeyFooter, offset=(column, 0))
        await settle(pilot)
        assert app.current_mode == "meetings"
        line = footer_line(app)
        # The meetings area has more keys than 80 columns hold: cut short, help kept.
        assert len(line) == 80
        assert line.endswith("… f1 Hjelp▏^p Kommandoer ")
        await pilot.click(KeyFooter, offset=(line.index("f1"), 0))
        await settle(pilot)
        assert type(app.screen).__name__ == "HelpScreen"
