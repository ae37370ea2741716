"""Setting up a new forum in the app at 80x24, by keys: networks, pasted FTEs, a seat
category one per network, a scheme from the Nordland profile; the representatives area
then shows the seats."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from pathlib import Path

from conftest import notices
from textual.pilot import Pilot
from textual.widgets import Static

from screens.forum_setup import ForumSetupScreen, SetupForm
from sekretariat.domain import forum_setup as fs
from sekretariat.new_database import create_empty
from sekretariat.storage.database import Database
from tui.app import SekretariatApp
from widgets.table import Table

TODAY = dt.date(2026, 11, 22)
SIZE = (80, 24)
Settle = Callable[[Pilot], Awaitable[None]]


def _rows(app: SekretariatApp) -> list[str]:
    table = app.screen.query_one("#setup-table", Table)
    return [
        " | ".join(str(c).strip() for c in table.get_row_at(i)).strip()
        for i in range(table.row_count)
    ]


async def _type(pilot: Pilot, text: str) -> None:
    await pilot.press(*[{" ": "space", ",": "comma"}.get(c, c) for c in text])


async def _open(tmp_path: Path, settle: Settle) -> tuple[SekretariatApp, Path]:
    path = tmp_path / "nytt.db"
    create_empty(path, "Samarbeidsforum Nord").dispose()
    return SekretariatApp(path, today=TODAY), path


async def test_a_new_forum_is_set_up_by_keys(tmp_path: Path, settle: Settle) -> None:
    app, path = await _open(tmp_path, settle)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.push_screen(ForumSetupScreen())
        await settle(pilot)
        assert _rows(app)[:3] == [
            "Nettverk |",
            "(ingen ennå) | a legger til, p limer inn årsverk",
            "Setekategorier |",
        ]
        keys = 0
        for name in ("Salten", "Ofoten"):
            await pilot.press("a")
            await _type(pilot, name)
            await pilot.press("ctrl+s")
            keys += 2 + len(name)
            await settle(pilot)
        # A column from a spreadsheet: one figure per line, decimal comma; the year is
        # the one the allocation screen opens on (2027 from November 2026).
        await pilot.press("p", "tab")
        await _type(pilot, "1480")
        await pilot.press("enter")
        await _type(pilot, "610,5")
        await pilot.press("ctrl+s")
        keys += 2 + 4 + 1 + 5 + 1
        await settle(pilot)
        assert _rows(app)[:3] == [
            "Nettverk |",
            "Salten | 1\u00a0480 årsverk (2027)",
            "Ofoten | 610,5 årsverk (2027)",
        ]
        # A seat category, one per network (its count left empty: one per network).
        await pilot.press("tab", "a")  # Tab: to the next section
        await _type(pilot, "Kommunale skoleeiere")
        await pilot.press("tab", "tab", "enter", "down", "enter", "ctrl+s")
        keys += 2 + len("Kommunale skoleeiere") + 6
        await settle(pilot)
        assert "Kommunale skoleeiere | 2 plasser · én per nettverk · stemmerett" in _rows(app)
        # The Nordland rules.
        await pilot.press("tab", "tab", "a", "down", "enter")
        keys += 5
        await settle(pilot)
        assert "Desentralisert ordning (DEKOM) | standardordning" in _rows(app)
        # 62 keys in all: 16 for the two networks, 13 for the FTEs, 28 for the seat
        # category (20 of them its name), 5 for the scheme.
        assert keys == 16 + 13 + 28 + 5
        await pilot.press("escape", "2")
        await settle(pilot)
        seats = app.screen.query_one("#seat-table", Table)
        shown = [str(seats.get_row_at(i)[0]) for i in range(seats.row_count)]
        assert any("Kommunale skoleeiere" in s for s in shown), shown
    view = fs.read_setup(Database.open(path))
    assert [(n.code, n.fte) for n in view.networks] == [
        ("salten", {2027: 148000}),
        ("ofoten", {2027: 61050}),
    ]
    assert view.seats == [
        fs.SeatCategory("kommunale-skoleeiere", "Kommunale skoleeiere", 2, True, True, False, [], 0)
    ]


async def test_a_refused_form_opens_again_with_what_was_typed(
    tmp_path: Path, settle: Settle
) -> None:
    app, path = await _open(tmp_path, settle)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.push_screen(ForumSetupScreen())
        await settle(pilot)
        await pilot.press("a")
        await _type(pilot, "Salten")
        for _ in range(5):
            await pilot.press("tab")
        await _type(pilot, "2026 = -3")
        await pilot.press("ctrl+s")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, SetupForm)
        assert dialog.values()["name"] == "Salten"
        error = str(dialog.query_one(".dialog-error", Static).render())
        assert error == "Årsverk: år 2026: årsverk kan ikke være negativ. Ingenting ble lagret."
    assert fs.read_setup(Database.open(path)).networks == []


async def test_a_network_with_terms_is_not_removed(sample_db: Path, settle: Settle) -> None:
    app = SekretariatApp(sample_db, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.push_screen(ForumSetupScreen())
        await settle(pilot)
        await pilot.press("down", "x", "j")
        await settle(pilot)
        assert notices(app)[-1].message == (
            "«Glåmdal» kan ikke fjernes: 3 verv, 3 personer og 2 behovsmeldinger viser til "
            "nettverket."
        )
    assert fs.read_setup(Database.open(sample_db)).networks[0].code == "glamdal"


async def test_a_new_empty_forum_is_pointed_to_the_set_up(tmp_path: Path, settle: Settle) -> None:
    app = SekretariatApp(tmp_path / "t.db", today=TODAY, first_run=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", *"Forum Nord", "enter")
        await settle(pilot)
        assert app.current_mode == "overview"
        (notice,) = [n for n in notices(app) if n.title == "Nytt forum"]
        assert notice.message == (
            "Forumet er tomt ennå. Trykk 9 (Innstillinger) og så F5 (Oppsett av forumet) "
            "for å legge inn nettverk, seter og ordning."
        )
        await pilot.press("9")  # as the notice says
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        assert isinstance(app.screen, ForumSetupScreen)
        assert _rows(app)[1] == "(ingen ennå) | a legger til, p limer inn årsverk"
    assert fs.read_setup(Database.open(tmp_path / "t.db")).schemes == []


async def test_the_sample_forum_is_not_told_it_is_empty(tmp_path: Path, settle: Settle) -> None:
    app = SekretariatApp(tmp_path / "t.db", today=TODAY, first_run=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        await settle(pilot)
        assert [n for n in notices(app) if n.title == "Nytt forum"] == []


async def test_a_network_is_edited_without_its_code_and_keeps_its_ftes(
    sample_db: Path, settle: Settle
) -> None:
    app = SekretariatApp(sample_db, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.push_screen(ForumSetupScreen())
        await settle(pilot)
        await pilot.press("down", "e")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, SetupForm)
        # sample.toml: Glåmdal, host Kongsvinger, 1524.6 FTEs in 2026 and 1509.3 in 2027.
        assert dialog.values() == {
            "name": "Glåmdal",
            "kind": "regional",
            "equalization": "nei",
            "host": "Kongsvinger",
            "fte": "2026 = 1\u00a0524,6; 2027 = 1\u00a0509,3",
        }
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert notices(app)[-1].message == "Nettverket «Glåmdal» er lagret."
        # Tab goes from section to section.
        await pilot.press("tab")
        assert app.screen.query_one("#setup-table", Table).cursor_key == "seat:"
        await pilot.press("shift+tab", "shift+tab")
        assert app.screen.query_one("#setup-table", Table).cursor_key == "prompt:"
    glamdal = fs.read_setup(Database.open(sample_db)).networks[0]
    assert glamdal.fte == {2026: 152460, 2027: 150930}
