"""The meetings area at 80x24, driven by keys as a user would."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from conftest import notices as shown
from textual.pilot import Pilot
from textual.widgets import Static

from screens.agenda import AgendaScreen
from screens.meeting_attendance import AttendanceScreen
from screens.prompts import PromptsScreen
from sekretariat.domain import agenda, meetings
from sekretariat.storage.database import Database
from tui.app import SekretariatApp
from widgets.dialog import ChoiceDialog, FormDialog
from widgets.table import Table

TODAY = dt.date(2026, 11, 22)
SIZE = (80, 24)
Settle = Callable[[Pilot], Awaitable[None]]


def cells(app: SekretariatApp, table_id: str, column: int) -> list[str]:
    table = app.screen.query_one(table_id, Table)
    return [str(table.get_row_at(r)[column]) for r in range(table.row_count)]


def text(app: SekretariatApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def notices(app: SekretariatApp) -> list[str]:
    return [n.message for n in shown(app)]


async def type_text(pilot: Pilot, value: str) -> None:
    await pilot.press(*value)


async def test_year_view_opens_on_next_year(sample_db: Path, settle: Settle) -> None:
    app = SekretariatApp(sample_db, today=TODAY, start="meetings")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # 22.11.2026: all of 2026's meetings are past, so the plan shows 2027.
        assert cells(app, "#meetings-table", 0) == [
            "21.01.2027",
            "11.03.2027",
            "24.06.2027",
            "23.09.2027",
            "18.11.2027",
        ]
        assert text(app, "#heading-info") == "2027 · 5 møter"
        assert "01.02.2027  Frist for behovsmeldinger" in text(app, "#meetings-cycle")
        await pilot.press("p")
        await settle(pilot)
        assert cells(app, "#meetings-table", 3) == ["Godkjent"] * 4 + ["Avholdt"]


async def test_year_view_opens_on_the_newest_year_when_no_meeting_is_ahead(
    sample_db: Path, settle: Settle
) -> None:
    # 01.03.2028: the sample's meetings end with 2027; 2028 has none yet.
    app = SekretariatApp(sample_db, today=dt.date(2028, 3, 1), start="meetings")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert text(app, "#heading-info") == "2027 · 5 møter"


async def test_year_view_passes_over_a_meeting_held_today(sample_db: Path, settle: Settle) -> None:
    # 12.11.2026 is the sample's last meeting of 2026, held: on its day the plan opens
    # on the next meeting's year.
    db = Database.open(sample_db)
    held = meetings.load_year(db, 2026).meetings[-1]
    db.dispose()
    assert (held.date, held.status) == (dt.date(2026, 11, 12), "held")
    app = SekretariatApp(sample_db, today=dt.date(2026, 11, 12), start="meetings")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert text(app, "#heading-info") == "2027 · 5 møter"


async def test_year_view_cursor_passes_over_a_meeting_held_today(
    sample_db: Path, settle: Settle
) -> None:
    # An extra meeting today (22.11.2026), held, and one on 10.12.2026 still ahead: the
    # plan opens on 2026 with the cursor on the meeting ahead, not on today's.
    db = Database.open(sample_db)
    today = meetings.add_meeting(db, TODAY)
    meetings.set_status(db, today, "summoned", TODAY)
    meetings.set_status(db, today, "held", TODAY)
    meetings.add_meeting(db, dt.date(2026, 12, 10))
    db.dispose()
    app = SekretariatApp(sample_db, today=TODAY, start="meetings")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert text(app, "#heading-info") == "2026 · 7 møter"
        table = app.screen.query_one("#meetings-table", Table)
        assert str(table.get_row_at(table.cursor_row)[0]) == "10.12.2026"


async def test_build_an_agenda_by_keys(sample_db: Path, settle: Settle) -> None:
    app = SekretariatApp(sample_db, today=TODAY, start="meetings")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down")  # 11.03.2027: imported without an agenda
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AgendaScreen)
        assert cells(app, "#agenda-table", 2) == []
        assert "Trykk f for de faste sakene" in text(app, "#agenda-detail")
        await pilot.press("f")
        await settle(pilot)
        assert notices(app)[-1] == "3 faste saker lagt til."
        assert cells(app, "#agenda-table", 2) == [
            "Godkjenning av innkalling og saksliste",
            "Godkjenning av protokoll fra forrige møte",
            "Eventuelt",
        ]
        assert cells(app, "#agenda-table", 0) == ["fast", "fast", "fast"]

        # Item 1: an orientation of 30 minutes.
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, FormDialog)
        await type_text(pilot, "Behovsmeldingene 2027")
        await pilot.press("tab", "tab", "ctrl+a", "ctrl+k")
        await type_text(pilot, "30")
        await pilot.press("ctrl+s")
        await settle(pilot)
        # Item 2: a learning session, kind chosen in the list by keys.
        await pilot.press("a")
        await settle(pilot)
        await type_text(pilot, "Lære av behovsanalysene")
        await pilot.press(
            "tab", "enter", "down", "down", "down", "enter", "tab", "ctrl+a", "ctrl+k"
        )
        await type_text(pilot, "45")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert cells(app, "#agenda-table", 2)[2:4] == [
            "Behovsmeldingene 2027",
            "Lære av behovsanalysene",
        ]
        assert cells(app, "#agenda-table", 3)[2:4] == ["▒ Orientering", "░ Læringsøkt"]
        # The clock runs from 09.00 (the forum's usual start).
        assert cells(app, "#agenda-table", 1)[2:5] == ["09.10–09.40", "09.40–10.25", "10.25–10.35"]

        # Move the learning session up, above the orientation.
        table = app.screen.query_one("#agenda-table", Table)
        assert table.cursor_row == 3  # the new item is selected
        await pilot.press("u")
        await settle(pilot)
        assert cells(app, "#agenda-table", 2)[2:4] == [
            "Lære av behovsanalysene",
            "Behovsmeldingene 2027",
        ]
        assert table.cursor_row == 2
        # It cannot pass the standing items.
        await pilot.press("u")
        await settle(pilot)
        assert cells(app, "#agenda-table", 2)[2] == "Lære av behovsanalysene"
        assert "de faste sakene har fast plass" in notices(app)[-1]

        # Attach a prompt from the library to it.
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceDialog)
        await type_text(pilot, "")
        dialog_list = app.screen.query_one("#choice-list")
        options = [str(o.prompt) for o in dialog_list.options]  # type: ignore[attr-defined]
        target = next(i for i, o in enumerate(options) if o.startswith("Fra data til behov"))
        for _ in range(target):
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        assert cells(app, "#agenda-table", 5)[2] == "◆"
        assert "Spørsmål: «Fra data til behov» (Kafébord)" in text(app, "#agenda-detail")
        bar = text(app, "#agenda-balance")
        assert "▒ Orientering 40  █ Vedtak 10  ░ Læring 45  = 1 t 35 min" in bar
        assert "⚠" not in bar

        # What was built is stored.
        view = agenda.load_agenda(
            Database(sample_db), 0 + meetings.load_year(Database(sample_db), 2027).meetings[1].id
        )
        assert [(i.title, i.kind, i.minutes) for i in view.items[2:4]] == [
            ("Lære av behovsanalysene", "learning", 45),
            ("Behovsmeldingene 2027", "orientation", 30),
        ]
        assert view.items[2].prompt is not None and view.items[2].prompt.key == "kafebord-behov"

        # The principles: reflection is covered by the learning item and its prompt.
        await pilot.press("r")
        await settle(pilot)
        checklist = text(app, "#agenda-checklist")
        assert "Sakslisten dekker 2 av 8 prinsipper" in checklist  # focus set, reflection
        assert "læringsøkt: Lære av behovsanalysene; «Fra data til behov»" in checklist
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.id == "screen-meetings"


async def test_orientation_heavy_agenda_warns(sample_db: Path, settle: Settle) -> None:
    app = SekretariatApp(sample_db, today=TODAY, start="meetings")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        await type_text(pilot, "Status fra nettverkene")
        await pilot.press("tab", "tab", "ctrl+a", "ctrl+k")
        await type_text(pilot, "90")
        await pilot.press("ctrl+s")
        await settle(pilot)
        bar = text(app, "#agenda-balance")
        assert "⚠ Orientering tar mer enn halve tiden (100 av 110 min)." in bar
        assert "⚠ Ingen sak inviterer til refleksjon" in bar


async def test_form_keeps_what_was_typed_when_it_cannot_save(
    sample_db: Path, settle: Settle
) -> None:
    app = SekretariatApp(sample_db, today=TODAY, start="meetings")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        await type_text(pilot, "Sak med feil tid")
        await pilot.press("tab", "tab", "ctrl+a", "ctrl+k")
        await type_text(pilot, "mye")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FormDialog)
        assert "helt antall minutter" in text(app, ".dialog-error")
        assert app.screen.values()["title"] == "Sak med feil tid"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, AgendaScreen)
        assert len(cells(app, "#agenda-table", 2)) == 6


async def test_summons_sent_gives_case_numbers_and_exports(
    sample_db: Path, settle: Settle, tmp_path: Path
) -> None:
    app = SekretariatApp(sample_db, today=TODAY, start="meetings")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("enter")  # the first choice: send the summons
        await settle(pilot)
        assert cells(app, "#meetings-table", 3)[0] == "Innkalt"
        assert notices(app)[-1] == "Møtet 21.01.2027: innkalt. 6 saker fikk saksnummer."
        await pilot.press("i")
        await settle(pilot)
        await pilot.press("tab", "ctrl+a", "ctrl+k")
        await type_text(pilot, str(tmp_path / "innkalling"))
        await pilot.press("ctrl+s")
        await settle(pilot)
        pdf = tmp_path / "innkalling.pdf"
        assert notices(app)[-1] == f"Innkallingen er skrevet til {pdf}."
        assert pdf.read_bytes().startswith(b"%PDF")
        await pilot.press("enter")
        await settle(pilot)
        assert cells(app, "#agenda-table", 0) == [f"Sak 0{n}/27" for n in range(1, 7)]
        # Late items get the next number; an illegal jump is refused in Norwegian.
        await pilot.press("escape", "k")
        await settle(pilot)
        await pilot.press("tab", "ctrl+a", "ctrl+k")
        await type_text(pilot, str(tmp_path / "jan.ics"))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert notices(app)[-1] == f"Kalenderfil med 1 møte skrevet til {tmp_path / 'jan.ics'}."


async def test_summons_says_what_the_meeting_lacks_before_it_is_written(
    sample_db: Path, settle: Settle, tmp_path: Path
) -> None:
    app = SekretariatApp(sample_db, today=TODAY, start="meetings")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # 21.01.2027 has a place and a learning focus, but no chair yet.
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, FormDialog)
        assert text(app, ".dialog-warning") == (
            "Innkallingen mangler møteleder: fyll ut med e (Rediger) i Møter, eller skriv "
            "den likevel med Ctrl+S."
        )
        await pilot.press("escape")
        # 18.11.2027 has neither place nor video link, chair or learning focus; the
        # warning can be passed: Ctrl+S writes the summons anyway.
        await pilot.press("end", "i")
        await settle(pilot)
        assert text(app, ".dialog-warning") == (
            "Innkallingen mangler sted eller videolenke, møteleder og læringsfokus: fyll ut "
            "med e (Rediger) i Møter, eller skriv den likevel med Ctrl+S."
        )
        await pilot.press("tab", "ctrl+a", "ctrl+k")
        await type_text(pilot, str(tmp_path / "nov"))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert notices(app)[-1] == f"Innkallingen er skrevet til {tmp_path / 'nov.pdf'}."


async def test_an_empty_prompt_library_says_where_to_add_prompts(
    sample_db: Path, settle: Settle
) -> None:
    import sqlite3

    con = sqlite3.connect(sample_db)
    with con:
        con.execute("UPDATE agendaitem SET prompt_id = NULL")
        con.execute("DELETE FROM prompt")
    con.close()
    app = SekretariatApp(sample_db, today=TODAY, start="meetings")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AgendaScreen)
        await pilot.press("p")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ChoiceDialog)
        assert not dialog.query("#choice-list")  # no list with nothing to choose in it
        assert str(dialog.query_one(".dialog-frame Static").render()) == (
            "Biblioteket av refleksjonsspørsmål er tomt. Spørsmålene legges inn i "
            "møteplanen: Esc tilbake dit, så l (Spørsmål)."
        )


async def test_edit_meeting_with_suggested_facilitator(sample_db: Path, settle: Settle) -> None:
    app = SekretariatApp(sample_db, today=TODAY, start="meetings")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "f")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceDialog)
        first = str(app.screen.query_one("#choice-list").options[0].prompt)  # type: ignore[attr-defined]
        # Six have facilitated (2026 and January 2027); among those who never have,
        # the first by name in Norwegian order.
        assert first == "Ánde Čoarvi  (forslag: har fasilitert minst)"
        await pilot.press("enter")
        await settle(pilot)
        assert cells(app, "#meetings-table", 5)[1] == "Ánde Čoarvi"
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormDialog)
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "10.00")
        await pilot.press("tab", "tab")
        await type_text(pilot, "Lillehammer")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert cells(app, "#meetings-table", 1)[1] == "10.00–15.00"
        assert cells(app, "#meetings-table", 2)[1] == "Lillehammer"


async def test_attendance_by_keys(sample_db: Path, settle: Settle) -> None:
    app = SekretariatApp(sample_db, today=TODAY, start="meetings")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, AttendanceScreen)
        assert text(app, "#heading-info") == "Stemmeberettigede til stede: 0 av 35"
        names = cells(app, "#attendance-table", 0)
        assert names[0] == "Siri Nyhus"
        await pilot.press("t", "t")  # roll call: one key per person, the cursor moves on
        await settle(pilot)
        assert text(app, "#heading-info") == "Stemmeberettigede til stede: 2 av 35"
        # Siri sends notice; her substitute Oddny comes instead and votes for her.
        await pilot.press("up", "up", "v")
        await settle(pilot)
        choice = app.screen
        assert isinstance(choice, ChoiceDialog)
        assert str(choice.query_one("#choice-list").options[0].prompt).startswith(
            "Oddny Bakke (vara"
        )  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)
        status = dict(
            zip(cells(app, "#attendance-table", 0), cells(app, "#attendance-table", 2), strict=True)
        )
        assert status["Siri Nyhus"] == "Forfall"
        assert status["Oddny Bakke"] == "Vara for Siri Nyhus"
        assert text(app, "#heading-info") == "Stemmeberettigede til stede: 2 av 35"


async def test_attendance_enter_marks_one_after_another(sample_db: Path, settle: Settle) -> None:
    app = SekretariatApp(sample_db, today=TODAY, start="meetings")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, AttendanceScreen)
        # Enter: present, and on to the next; Enter on someone present: forfall.
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("up", "enter")
        await settle(pilot)
        assert isinstance(app.screen, AttendanceScreen)
        status = cells(app, "#attendance-table", 2)
        assert status[:3] == ["Til stede", "Forfall", "ikke registrert"]
        assert text(app, "#heading-info") == "Stemmeberettigede til stede: 1 av 35"


async def test_a_guest_not_in_the_register_by_keys(sample_db: Path, settle: Settle) -> None:
    from widgets.dialog import FormDialog

    app = SekretariatApp(sample_db, today=TODAY, start="meetings")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        before = cells(app, "#attendance-table", 0)
        await pilot.press("g")
        await settle(pilot)
        choice = app.screen
        assert isinstance(choice, ChoiceDialog)
        assert str(choice.query_one("#choice-list").options[0].prompt) == "+ Gjest utenfra …"  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FormDialog)
        await pilot.press(*"Kari Gjest", "tab", *"NTNU", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, AttendanceScreen)
        names = cells(app, "#attendance-table", 0)
        assert names == [*before, "Kari Gjest"]
        assert (cells(app, "#attendance-table", 1)[-1], cells(app, "#attendance-table", 2)[-1]) == (
            "NTNU",
            "Gjest",
        )
        assert app.screen.current().name == "Kari Gjest"  # the cursor is on the new guest
        assert text(app, "#heading-info") == "Stemmeberettigede til stede: 0 av 35"
        await pilot.press("x")
        await settle(pilot)
        assert cells(app, "#attendance-table", 0) == before


async def test_prompt_library_add_and_edit(sample_db: Path, settle: Settle) -> None:
    app = SekretariatApp(sample_db, today=TODAY, start="meetings")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, PromptsScreen)
        assert text(app, "#heading-info") == "17 i biblioteket"
        assert cells(app, "#prompts-table", 0)[0] == "Klart læringsfokus"
        await pilot.press("a")
        await settle(pilot)
        await type_text(pilot, "Hva tar vi med oss?")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert text(app, "#heading-info") == "18 i biblioteket"
        assert "Hva tar vi med oss?" in cells(app, "#prompts-table", 1)


def test_agenda_snapshot(snap_compare, sample_db: Path) -> None:  # type: ignore[no-untyped-def]
    """The January 2027 agenda with its clock, kinds, prompt marker and balance bar."""

    async def open_agenda(pilot: Pilot) -> None:
        for _ in range(3):
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
        await pilot.press("enter")
        for _ in range(3):
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()

    app = SekretariatApp(sample_db, today=TODAY, start="meetings")
    assert snap_compare(app, terminal_size=SIZE, run_before=open_agenda)


def test_summons_out_of_order_is_pointed_out() -> None:
    from screens.meetings import status_lead
    from sekretariat.domain.meetings import MeetingRow

    def row(day: dt.date, status: str) -> MeetingRow:
        return MeetingRow(1, day, None, None, "", "", status, "", "", "", "", "", 0, 0, None)

    jan, mar = row(dt.date(2027, 1, 21), "planned"), row(dt.date(2027, 3, 11), "planned")
    assert status_lead(jan, [jan, mar]) == "Nå: Planlagt."
    assert status_lead(mar, [jan, mar]) == (
        "Nå: Planlagt. Obs: møtet 21.01.2027 er ikke innkalt ennå; "
        "saksnumrene gis i den rekkefølgen innkallingene sendes."
    )
    assert status_lead(mar, [row(jan.date, "summoned"), mar]) == "Nå: Planlagt."


async def test_decision_minutes_are_exported_from_the_meetings_area(
    sample_db: Path, settle: Settle, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """r writes the chosen meeting's decision minutes with the writer `sekretariat minutes`
    uses, in the format chosen in the form."""
    from sekretariat.cli import main

    app = SekretariatApp(sample_db, today=TODAY, start="meetings")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")  # 2026
        await settle(pilot)
        await pilot.press("down", "down", "down", "down")  # 12.11.2026, held
        await settle(pilot)
        assert app.screen.query_one("#meetings-table", Table).cursor_row == 4
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, FormDialog)
        assert app.screen.spec.title == "Protokoll 12.11.2026"
        await pilot.press("enter", "down", "down", "down", "enter")  # Markdown
        await settle(pilot)
        await pilot.press("tab", "ctrl+a", "ctrl+k")
        await type_text(pilot, str(tmp_path / "protokoll"))
        await pilot.press("ctrl+s")
        await settle(pilot)
        md = tmp_path / "protokoll.md"
        assert notices(app)[-1] == f"Protokollen er skrevet til {md}."
    capsys.readouterr()
    assert main(["--db", str(sample_db), "minutes", "12.11.2026"]) == 0
    expected = capsys.readouterr().out
    assert expected.startswith("# Protokoll")
    assert md.read_text(encoding="utf-8") == expected


async def test_postponed_items_are_fetched_onto_the_next_agenda(
    sample_db: Path, settle: Settle
) -> None:
    from sekretariat.domain.minutes import save_item
    from widgets.dialog import ConfirmDialog

    db = Database.open(sample_db)
    save_item(db, 28, {"outcome": "postponed"})  # Sak 28/26 of 12.11.2026
    db.dispose()
    app = SekretariatApp(sample_db, today=TODAY, start="meetings")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # 21.01.2027
        await settle(pilot)
        assert isinstance(app.screen, AgendaScreen)
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert app.screen.question == (
            "Legge til på sakslisten?\n· Sak 28/26 Behovsmeldinger 2027 – status (12.11.2026)"
        )
        await pilot.press("j")
        await settle(pilot)
        assert notices(app)[-1] == "1 utsatt sak lagt til."
        assert cells(app, "#agenda-table", 2)[-2:] == ["Behovsmeldinger 2027 – status", "Eventuelt"]
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, AgendaScreen)
        assert notices(app)[-1] == "Forrige møte utsatte ingen saker som mangler på sakslisten."


async def test_the_summons_in_the_other_standard_is_one_choice_away(
    sample_db: Path, settle: Settle, tmp_path: Path
) -> None:
    """Issue 19: a summons goes to all and follows the forum's language (bokmål in the
    sample); the form's last field, Målform, writes it in nynorsk instead."""
    from pypdf import PdfReader

    app = SekretariatApp(sample_db, today=TODAY, start="meetings")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, FormDialog)
        assert app.screen.values()["lang"] == "forum"
        await pilot.press("tab", "ctrl+a", "ctrl+k")
        await type_text(pilot, str(tmp_path / "innkalling"))
        await pilot.press("tab", "enter", "down", "down", "enter")  # Nynorsk
        await settle(pilot)
        assert app.screen.values()["lang"] == "nn"
        await pilot.press("ctrl+s")
        await settle(pilot)
    pdf = tmp_path / "innkalling.pdf"
    text = " ".join(page.extract_text() for page in PdfReader(str(pdf)).pages)
    assert "Sakliste" in text and "Saksliste" not in text
