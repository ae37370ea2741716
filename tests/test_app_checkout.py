"""Checking a meeting out and in by keys at 80x24, on two real database files."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Awaitable, Callable
from pathlib import Path

from conftest import TODAY
from conftest import notices as shown
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static, TextArea

from screens.checkin_conflicts import ConflictDialog
from sekretariat.domain import meetings, minutes
from sekretariat.domain.checkout import checkout_of, here
from sekretariat.exchange import import_file
from sekretariat.exchange.checkout import check_out
from sekretariat.formats import moment
from sekretariat.storage.database import Database
from tui.app import SekretariatApp
from widgets.dialog import ConfirmDialog, FormDialog
from widgets.table import Table

DAY = dt.date(2027, 1, 21)
SIZE = (80, 24)
Settle = Callable[[Pilot], Awaitable[None]]


def text(app: SekretariatApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def notices(app: SekretariatApp) -> list[str]:
    return [n.message for n in shown(app)]


def query(path: Path, sql: str) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


async def answer_file(app: SekretariatApp, pilot: Pilot, settle: Settle, path: Path) -> None:
    assert isinstance(app.screen, FormDialog)
    app.screen.query_one("#field-path", Input).value = str(path)
    await pilot.press("enter")
    await settle(pilot)


async def test_check_out_take_minutes_on_the_laptop_and_check_in_with_a_conflict(
    sample_db: Path, tmp_path: Path, settle: Settle
) -> None:
    out_file, back_file = tmp_path / "ut.toml", tmp_path / "inn.toml"
    user, host = here()
    # the server: u checks the highlighted meeting (21.01.2027) out
    app = SekretariatApp(sample_db, today=TODAY, start="meetings")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert app.screen.query_one(".dialog-frame").border_title == ("Sjekk ut møtet 21.01.2027")
        await answer_file(app, pilot, settle, out_file)
        assert notices(app)[-1] == (
            f"Møtet 21.01.2027 er sjekket ut til {out_file}. Åpne filen på den bærbare med "
            "«sekretariat --db bærbar.db import ut.toml»."
        )
        table = app.screen.query_one("#meetings-table", Table)
        assert str(table.get_row_at(0)[3]) == "Utsjekket"
        out = checkout_of(
            Database.open(sample_db), minutes.minute_meeting(Database.open(sample_db), TODAY, DAY)
        )
        assert out is not None
        line = f"Sjekket ut til {user} på {host} {moment(out.at)}"
        assert f"{line} (protokollen skrives der)." in text(app, "#meeting-detail")
        # Protokollføring shows who has it and does not let anyone write here
        await pilot.press("5")
        await settle(pilot)
        assert text(app, "#minutes-banner") == (
            f"{line}; protokollen kan bare endres der til den er sjekket inn."
        )
        assert app.screen.query_one("#minutes-notes", TextArea).read_only

    # the laptop: a database made from the file; minutes taken there; t writes the file back
    laptop_path = tmp_path / "laptop.db"
    laptop = Database.open(laptop_path, create=True)
    import_file(laptop, out_file)
    laptop_meeting = minutes.minute_meeting(laptop, TODAY, DAY)
    meetings.update_meeting(laptop, laptop_meeting, {"end": dt.time(15, 30)})
    laptop.dispose()
    app = SekretariatApp(laptop_path, today=TODAY, start="minutes")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert text(app, "#minutes-banner") == (
            "Du skriver protokollen i en utsjekket kopi; alt lagres fortløpende. "
            "t i Møter skriver filen som skal tilbake."
        )
        await pilot.press(*"Notert på toget.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("escape", "4")
        await settle(pilot)
        assert "Utsjekket kopi (sjekket ut til" in text(app, "#meeting-detail")
        await pilot.press("t")
        await settle(pilot)
        await answer_file(app, pilot, settle, back_file)
        assert (
            notices(app)[-1] == f"Skrev {back_file} (2 endrede rader). Sjekk den inn på serveren."
        )

    # meanwhile on the server the same meeting's end was moved: a conflict
    server = Database.open(sample_db)
    server_meeting = minutes.minute_meeting(server, TODAY, DAY)
    meetings.update_meeting(server, server_meeting, {"end": dt.time(14, 0)})
    server.dispose()
    app = SekretariatApp(sample_db, today=TODAY, start="meetings")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        await answer_file(app, pilot, settle, back_file)
        dialog = app.screen
        assert isinstance(dialog, ConflictDialog)
        listed = dialog.query_one("#conflict-list", OptionList)
        assert [str(listed.get_option_at_index(0).prompt)] == ["Møtet 21.01.2027 · slutt  → ?"]
        assert text(app, "#conflict-values") == (
            "Møtet 21.01.2027 – slutt\n"
            "Serveren:     14.00\n"
            "Den bærbare:  15.30\n"
            "Ved utsjekk:  15.00"
        )
        await pilot.press("ctrl+s")  # not yet: a side must be chosen
        await settle(pilot)
        assert text(app, ".dialog-error") == "Velg side for alle feltene først (ett felt gjenstår)."
        assert query(sample_db, f'SELECT "end" FROM meeting WHERE id = {server_meeting}') == [
            ("14:00:00.000000",)
        ]
        await pilot.press("b")  # the laptop's value
        await settle(pilot)
        assert str(listed.get_option_at_index(0).prompt) == (
            "Møtet 21.01.2027 · slutt  → den bærbare"
        )
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ConflictDialog)
        assert notices(app)[-1] == "Møtet 21.01.2027 er sjekket inn: 2 rader endret."
        table = app.screen.query_one("#meetings-table", Table)
        assert str(table.get_row_at(0)[3]) == "Planlagt"
    assert query(sample_db, f'SELECT "end" FROM meeting WHERE id = {server_meeting}') == [
        ("15:30:00.000000",)
    ]
    assert query(
        sample_db,
        f"SELECT notes FROM agendaitem WHERE notes != '' AND meeting_id = {server_meeting}",
    ) == [("Notert på toget.",)]


async def test_a_lost_laptop_cancels_the_checkout_by_keys(
    sample_db: Path, tmp_path: Path, settle: Settle
) -> None:
    check_out(Database.open(sample_db), DAY, tmp_path / "ut.toml")
    app = SekretariatApp(sample_db, today=TODAY, start="meetings")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("j")
        await settle(pilot)
        assert notices(app)[-1] == "Utsjekken av møtet 21.01.2027 er avbrutt."
        assert "Sjekket ut" not in text(app, "#meeting-detail")
        await pilot.press("b")  # nothing is out any more
        await settle(pilot)
        assert notices(app)[-1] == "Møtet 21.01.2027 er ikke sjekket ut."
    assert query(sample_db, "SELECT state FROM checkout") == [("cancelled",)]
