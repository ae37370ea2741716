"""Kommunenes målform in the app at 80x24, by keys: F6 from Innstillinger, n sets
nynorsk on the cursor's municipality, e writes its note, a adds one; all saved."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from pathlib import Path

from conftest import notices
from textual.pilot import Pilot
from textual.widgets import Static

from screens.municipalities import MunicipalitiesScreen, MunicipalityForm
from screens.settings import SettingsScreen
from sekretariat.domain.languages import standard_for
from sekretariat.domain.municipalities import municipality_rows
from sekretariat.storage.database import Database
from tui.app import SekretariatApp
from widgets.table import Table

TODAY = dt.date(2026, 11, 22)
Settle = Callable[[Pilot], Awaitable[None]]
GUESSED = "Gjettet nøytral for eksempeldata; sjekk kommunens vedtak før bruk."


def _row(app: SekretariatApp, index: int) -> list[str]:
    return [str(c).strip() for c in app.screen.query_one(Table).get_row_at(index)]


async def _type(pilot: Pilot, text: str) -> None:
    await pilot.press(*[{" ": "space", ".": "full_stop"}.get(c, c) for c in text])


async def test_the_standards_are_set_by_keys(sample_db: Path, settle: Settle) -> None:
    app = SekretariatApp(sample_db, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("9")
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen)
        await pilot.press("f6")
        await settle(pilot)
        assert isinstance(app.screen, MunicipalitiesScreen)
        assert app.screen.query_one(Table).row_count == 48
        assert _row(app, 0)[:3] == ["Nord-Aurdal", "nynorsk", "Valdres"]
        info = app.screen.query_one("#heading-info", Static)
        assert str(info.render()) == "0 bokmål · 15 nynorsk · 33 nøytral"
        # Kongsvinger, host of Glåmdal, is the 16th row: it adopts nynorsk.
        await pilot.press(*["down"] * 15)
        assert _row(app, 15) == ["Kongsvinger", "nøytral", "Glåmdal", GUESSED]
        await pilot.press("n")
        await settle(pilot)
        assert _row(app, 15)[:2] == ["Kongsvinger", "nynorsk"]
        assert str(info.render()) == "0 bokmål · 16 nynorsk · 32 nøytral"
        assert notices(app)[-1].message == "Kongsvinger har nå målformen nynorsk."
        # Its note: the form holds the old one; Ctrl+A, Ctrl+K clear its line.
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, MunicipalityForm)
        await pilot.press("ctrl+a", "ctrl+k")
        await _type(pilot, "Vedtak 2024.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert _row(app, 15) == ["Kongsvinger", "nynorsk", "Glåmdal", "Vedtak 2024."]
        # A new municipality without a name is refused in its form, kept open.
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MunicipalityForm)
        assert app.screen.error == "Skriv navnet på kommunen."
        await _type(pilot, "Asker")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MunicipalitiesScreen)
        assert _row(app, 48) == ["Asker", "bokmål", "", ""]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen)
    db = Database.open(sample_db)
    assert (standard_for(db, "Kongsvinger"), standard_for(db, "Asker")) == ("nn", "nb")
    kongsvinger = next(r for r in municipality_rows(db) if r.name == "Kongsvinger")
    assert kongsvinger.note == "Vedtak 2024."


async def test_a_new_forum_has_none_and_the_keys_say_so(tmp_path: Path, settle: Settle) -> None:
    from sekretariat.new_database import create_empty

    path = tmp_path / "nytt.db"
    create_empty(path, "Samarbeidsforum Nord").dispose()
    app = SekretariatApp(path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.push_screen(MunicipalitiesScreen())
        await settle(pilot)
        assert app.screen.query_one(Table).row_count == 0
        await pilot.press("b")
        await settle(pilot)
        assert notices(app)[-1].message == "Ingen kommune å endre; a legger til en."
        await pilot.press("e")  # on no row: the form for a new one
        await settle(pilot)
        assert isinstance(app.screen, MunicipalityForm)
        assert app.screen.spec.title == "Ny kommune"
