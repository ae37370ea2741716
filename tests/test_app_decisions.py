"""The decisions area at 80x24: search the register, close a follow-up, approve and amend."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from conftest import notices
from textual.pilot import Pilot
from textual.widgets import Input, Static

from sekretariat.domain import decision_register, meetings
from sekretariat.domain.minutes import amendments, save_item
from sekretariat.storage.database import Database
from tui.app import SekretariatApp
from widgets.table import Table

TODAY = dt.date(2026, 11, 22)
Settle = Callable[[Pilot], Awaitable[None]]


def test_register_core(sample_db: Path) -> None:
    db = Database.open(sample_db)
    rows = decision_register.decisions(db)
    assert len(rows) == 31 and rows[0].case == "Sak 26/26"
    assert [r.case for r in decision_register.decisions(db, search="behovsmelding 2027")] == [
        "Sak 28/26",
        "Sak 23/26",
    ]
    assert all(r.meeting_date.year == 2026 for r in decision_register.decisions(db, year=2026))
    assert {r.kind for r in decision_register.decisions(db, kind="learning")} == {"learning"}
    assert len(decision_register.actions(db)) == 3
    assert [m.state for m in decision_register.minutes_list(db)][:2] == [
        "utkast",
        "godkjent 12.11.2026, i møte",
    ]
    # The count in the minutes list is the register's count for the meeting: a summoned
    # meeting's prefilled proposals are not decisions yet (issue 15).
    with db.sql() as con:
        january = con.execute("SELECT id FROM meeting WHERE date = '2027-01-21'").fetchone()[0]
    meetings.set_status(db, january, "summoned", TODAY)
    with db.sql() as con:
        item = con.execute(
            "SELECT id FROM agendaitem WHERE meeting_id = ? AND standing = '' AND kind = 'decision'",
            (january,),
        ).fetchone()[0]
    save_item(db, item, {"decision": "Forslaget til vedtak, skrevet før møtet."})
    for meeting in decision_register.minutes_list(db):
        counted = [r for r in decision_register.decisions(db) if r.meeting_id == meeting.meeting_id]
        assert meeting.decisions == len(counted), meeting


async def test_search_done_approve_and_amend_by_keys(sample_db: Path, settle: Settle) -> None:
    save_item(Database.open(sample_db), 28, {"outcome": ""})  # Sak 28/26 left without outcome
    app = SekretariatApp(sample_db, today=TODAY, start="decisions")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#decisions-table", Table)
        assert table.row_count == 31
        app.screen.query_one("#decisions-search", Input).value = "mal behovsmelding"
        await pilot.pause(0.4)
        await settle(pilot)
        assert table.row_count == 1
        table.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert "Mal for behovsmelding 2027" in str(
            app.screen.query_one(".dialog-frame").border_title
        )
        await pilot.press("escape")

        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert "2 åpne" in str(app.screen.query_one("#heading-info", Static).render())

        await pilot.press("f4")
        await settle(pilot)
        screen = app.screen
        assert screen.check_action("amend", ()) is None  # a draft is not amended: dimmed
        await pilot.press("r")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("g")
        await pilot.pause()
        await pilot.press(*"01.01.2026", "enter")  # before the meeting: the core refuses
        await settle(pilot)
        dialog = app.screen
        assert dialog is not screen
        lead = str(dialog.query_one(".dialog-lead", Static).render())
        assert lead.startswith("Merk: 1 sak har ikke utfall ennå")
        error = dialog.query_one(".dialog-error", Static)
        assert str(error.render()) == "Protokollen kan ikke godkjennes før møtet er holdt."
        assert dialog.query_one("#approve-date", Input).value == "01.01.2026"
        await pilot.press(*["backspace"] * 10, *"22.11.2026", "enter")
        await settle(pilot)
        assert app.screen is screen
        assert screen.check_action("approve", ()) is None  # approved: not offered again
        minutes = app.screen.query_one("#minutes-table", Table)
        assert str(minutes.get_row_at(0)[1]).startswith("godkjent 22.11.2026")
        await pilot.press("r")
        await pilot.pause()
        await pilot.press(*"Sak 29/26: riktig navn er Kjersti Haugen", "enter")
        await settle(pilot)
    db = Database.open(sample_db)
    meeting = decision_register.minutes_list(db)[0]
    assert (meeting.status, meeting.approved, meeting.how) == ("approved", TODAY, "meeting")
    assert [a.text for a in amendments(db, meeting.meeting_id)] == [
        "Sak 29/26: riktig navn er Kjersti Haugen"
    ]


async def test_reflection_goes_into_the_minutes(sample_db: Path, settle: Settle) -> None:
    from sekretariat.documents.decision_minutes import protocol_document
    from sekretariat.documents.document import render

    app = SekretariatApp(sample_db, today=TODAY, start="decisions")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        field = app.screen.query_one("#amend-text", Input)
        field.value = ""
        await pilot.press(*"Vi ble enige om kjennetegn", "enter")
        await settle(pilot)
    db = Database.open(sample_db)
    meeting = decision_register.minutes_list(db)[0]
    assert (
        "Vi ble enige om kjennetegn"
        in render(protocol_document(db, meeting.meeting_id), "md").decode()
    )


def test_prefilled_text_in_a_planned_meeting_is_not_a_decision(sample_db: Path) -> None:
    from sekretariat.domain.agenda import load_agenda
    from sekretariat.domain.minutes import save_item

    db = Database.open(sample_db)
    with db.sql() as con:
        meeting_id = con.execute("SELECT id FROM meeting WHERE date = '2027-01-21'").fetchone()[0]
    item = load_agenda(db, meeting_id).items[0]
    save_item(db, item.id, {"decision": "Innkalling og saksliste godkjennes."})
    assert len(decision_register.decisions(db)) == 31
    save_item(db, item.id, {"outcome": "adopted"})
    assert decision_register.decisions(db)[0].title == item.title


async def test_decision_minutes_are_exported_from_the_register(
    sample_db: Path, settle: Settle, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Under Protokoller (F4), e writes the chosen meeting's decision minutes with the
    writer `sekretariat minutes` uses."""
    from sekretariat.cli import main
    from widgets.dialog import FormDialog

    db = Database.open(sample_db)
    first = decision_register.minutes_list(db)[0]
    db.dispose()
    day = first.date.strftime("%d.%m.%Y")
    app = SekretariatApp(sample_db, today=TODAY, start="decisions")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, FormDialog)
        assert app.screen.spec.title == f"Protokoll {day}"
        await pilot.press("enter", "down", "down", "enter")  # HTML
        await settle(pilot)
        await pilot.press("tab", "ctrl+a", "ctrl+k")
        await pilot.press(*str(tmp_path / "protokoll.pdf"))
        await pilot.press("ctrl+s")
        await settle(pilot)
        html = tmp_path / "protokoll.html"
        assert notices(app)[-1].message == f"Protokollen er skrevet til {html}."
    capsys.readouterr()
    assert main(["--db", str(sample_db), "minutes", day, "--format", "html"]) == 0
    expected = capsys.readouterr().out
    assert "<h1>Protokoll" in expected
    assert html.read_text(encoding="utf-8") == expected


async def test_a_word_typed_in_the_register_is_a_search_not_commands(
    sample_db: Path, settle: Settle
) -> None:
    """«dag» on the register's table would run «d» (done), «a» (show done), «g» (approve)."""
    app = SekretariatApp(sample_db, today=TODAY, start="decisions")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#decisions-table", Table)
        assert app.focused is table
        await pilot.press(*"behovsmelding")
        search = app.screen.query_one("#decisions-search", Input)
        assert search.value == "behovsmelding"
        assert app.focused is search
        assert notices(app) == []
        await pilot.pause(0.4)
        await settle(pilot)
        assert table.row_count == 5  # Sak 28, 30, 23, 17 and 10 of 2026 mention it
        await pilot.press("enter")
        assert app.focused is table
        await pilot.press("g")
        assert search.value == "behovsmeldingg"
        assert notices(app) == []


async def test_a_follow_up_marked_done_leaves_the_cursor_on_the_next(
    sample_db: Path, settle: Settle
) -> None:
    """The done row leaves the list of open ones; the cursor does not jump to the top."""
    app = SekretariatApp(sample_db, today=TODAY, start="decisions")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        table = app.screen.query_one("#actions-table", Table)
        keys = [table.coordinate_to_cell_key((r, 0)).row_key.value for r in range(3)]
        await pilot.press("down", "d")
        await settle(pilot)
        assert table.row_count == 2
        assert table.cursor_key == keys[2]
        assert table.cursor_row == 1
        await pilot.press("home")
        assert table.cursor_key == keys[0]
        await pilot.press("end")
        assert table.cursor_key == keys[2]
