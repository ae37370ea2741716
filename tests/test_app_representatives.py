"""The representatives area at 80x24: seat table, terms, people, lists (Pilot and snapshot)."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from conftest import notices
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, Select, Static
from textual.worker import WorkerCancelled, WorkerFailed

from screens.person import PersonEditor, PersonScreen
from screens.rep_dialogs import (
    AppointDialog,
    ClearContactsDialog,
    EndTermDialog,
    ListDialog,
    RenewDialog,
)
from screens.rep_people import PeopleScreen
from screens.representatives import RepresentativesScreen
from sekretariat.domain.terms import get_term
from sekretariat.storage.database import Database
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


def seat_screen(app: SekretariatApp) -> RepresentativesScreen:
    screen = app.screen
    assert isinstance(screen, RepresentativesScreen)
    return screen


def select_line(screen: RepresentativesScreen, predicate: Callable[..., bool]) -> str:
    key = next(k for k, line in screen.lines.items() if predicate(line))
    table = screen.query_one("#seat-table", Table)
    table.move_cursor(row=table.get_row_index(key))
    return key


def error_text(app: SekretariatApp) -> str:
    return str(app.screen.query_one(".dialog-error", Static).render())


async def test_seat_table_shows_vacancies_ending_terms_and_observers(
    sample_db: Path, settle: Settle
) -> None:
    app = SekretariatApp(sample_db, today=TODAY, start="representatives")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = seat_screen(app)
        info = str(screen.query_one("#heading-info", Static).render())
        assert info == "22.11.2026 · 42/45 besatt · 3 ledige · 5 går ut"
        vacant = [line for line in screen.lines.values() if line.kind == "vacant"]
        assert [(v.seat, v.region) for v in vacant] == [
            ("kommunal_skoleeier", "nord-osterdal"),
            ("uh", ""),
            ("koordinator", ""),
        ]
        marte = next(line for line in screen.lines.values() if line.person == "marte-skogli")
        assert str(marte.cells[-1]) == "!20.01.2027"  # the day before the January 2027 meeting
        observers = [
            line
            for line in screen.lines.values()
            if line.seat == "koordinator" and line.kind == "holder"
        ]
        assert all(str(line.cells[0]).strip() == "observatør" for line in observers)
        select_line(screen, lambda line: line.person == "marte-skogli")
        await pilot.pause()
        detail = str(screen.query_one("#seat-detail", Static).render())
        assert detail.startswith(
            "Marte Skogli, Gjøvik kommune · Gjøvikregionen · 16.01.2025–20.01.2027"
        )
        assert "går ut om 59 dager" in detail  # 22.11.2026 to 20.01.2027


async def test_date_and_filter(sample_db: Path, settle: Settle) -> None:
    app = SekretariatApp(sample_db, today=TODAY, start="representatives")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("d")
        app.screen.query_one("#date", Input).value = "31.02.2027"
        await pilot.press("enter")
        assert "er ikke en dato" in error_text(app)
        assert app.screen.query_one("#date", Input).value == "31.02.2027"  # kept, to mend
        # Any way a date is typed anywhere (here with a two-digit year) is a date here too.
        # 21.01.2027 is the new period's first meeting: the five terms from 16.01.2025 ended
        # the day before.
        app.screen.query_one("#date", Input).value = "21.1.27"
        await pilot.press("enter")
        await settle(pilot)
        screen = seat_screen(app)
        assert not any(line.person == "marte-skogli" for line in screen.lines.values())
        assert str(screen.query_one("#heading-info", Static).render()).startswith(
            "21.01.2027 · 37/45 besatt"
        )
        await pilot.press("f")
        app.screen.query_one("#region", Select).value = "gjovik"
        await pilot.press("ctrl+s")
        await settle(pilot)
        seats = {line.seat for line in screen.lines.values() if line.kind != "seat"}
        assert seats == {"bhg_myndighet", "privat_bhg_eier", "kommunal_skoleeier"}
        assert [line.region for line in screen.lines.values() if line.kind == "vacant"] == [
            "gjovik"
        ]


async def test_appoint_to_a_vacancy_and_a_refused_overlap(sample_db: Path, settle: Settle) -> None:
    app = SekretariatApp(sample_db, today=TODAY, start="representatives")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = seat_screen(app)
        select_line(screen, lambda line: line.kind == "vacant" and line.region == "nord-osterdal")
        await pilot.press("a")
        dialog = app.screen
        assert isinstance(dialog, AppointDialog)
        assert dialog.query_one("#seat", Select).value == "kommunal_skoleeier"
        assert dialog.query_one("#region", Select).value == "nord-osterdal"
        await pilot.press("ctrl+s")
        assert error_text(app) == "Velg hvem som skal oppnevnes."
        dialog.query_one("#person", Select).value = "ande-coarvi"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        new = next(
            line
            for line in screen.lines.values()
            if line.person == "ande-coarvi" and line.seat == "kommunal_skoleeier"
        )
        assert new.region == "nord-osterdal"
        # From 22.11.2026 the first meeting is 21.01.2027 (week 3); two years of meetings
        # on, the week 3 meeting is 18.01.2029: the term ends the day before.
        assert get_term(Database(app.db_path), new.term_id).end == dt.date(2029, 1, 17)

        # A second term for Marte Skogli in her own seat overlaps: refused, said on screen.
        select_line(screen, lambda line: line.person == "marte-skogli")
        await pilot.press("a")
        dialog = app.screen
        dialog.query_one("#person", Select).value = "marte-skogli"
        dialog.query_one("#region", Select).value = "gjovik"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, AppointDialog)
        assert error_text(app) == (
            "Marte Skogli har allerede et mandat i «Barnehagemyndighet» 16.01.2025–20.01.2027 som overlapper."
        )
        await pilot.press("escape")
        assert app.screen is screen


async def test_appoint_searches_from_the_first_key_and_fills_in_the_network(
    sample_db: Path, settle: Settle
) -> None:
    app = SekretariatApp(sample_db, today=TODAY, start="representatives")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = seat_screen(app)
        select_line(screen, lambda line: line.key == "seat:bhg_myndighet")
        await pilot.press("a")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, AppointDialog)
        assert dialog.focused is dialog.query_one("#person", Select)
        # Typed on the closed field: the list opens on the first letter and searches.
        await pilot.press(*"gro", "enter")
        assert dialog.query_one("#person", Select).value == "gro-fjeld"
        # A seat with one place per network: the person's network (Sør-Østerdal).
        assert dialog.query_one("#region", Select).value == "sor-osterdal"
        # A seat not tied to networks: the network this dialog filled in goes again.
        dialog.query_one("#seat", Select).value = "uh"
        await pilot.pause()
        assert dialog.query_one("#region", Select).value == Select.NULL
        await pilot.press("escape")

        # The row's network is the one: a vacancy for Nord-Østerdal keeps it whoever is
        # chosen (Gro Fjeld is from Sør-Østerdal), and so does a vara's row.
        select_line(screen, lambda line: line.kind == "vacant" and line.region == "nord-osterdal")
        await pilot.press("a")
        await settle(pilot)
        dialog = app.screen
        await pilot.press(*"gro", "enter")
        assert dialog.query_one("#person", Select).value == "gro-fjeld"
        assert dialog.query_one("#region", Select).value == "nord-osterdal"
        await pilot.press("escape")
        select_line(screen, lambda line: line.kind == "vara" and line.region == "valdres")
        await pilot.press("a")
        await settle(pilot)
        dialog = app.screen
        assert dialog.query_one("#region", Select).value == "valdres"
        assert dialog.query_one("#substitute", Checkbox).value is True


async def test_appoint_search_keeps_letters_typed_in_a_burst(
    sample_db: Path, settle: Settle
) -> None:
    from textual import events

    app = SekretariatApp(sample_db, today=TODAY, start="representatives")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        select_line(seat_screen(app), lambda line: line.key == "seat:bhg_myndighet")
        await pilot.press("a")
        await settle(pilot)
        # As a terminal delivers fast typing: all three letters at once, before the list
        # has opened (Pilot.press would wait for each).
        for letter in "gro":
            app.post_message(events.Key(letter, letter))
        await pilot.pause()
        await pilot.press("enter")
        assert app.screen.query_one("#person", Select).value == "gro-fjeld"


async def test_the_vara_box_reads_without_colour(sample_db: Path, settle: Settle) -> None:
    app = SekretariatApp(sample_db, today=TODAY, start="representatives")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        select_line(seat_screen(app), lambda line: line.key == "seat:bhg_myndighet")
        await pilot.press("a")
        await settle(pilot)
        box = app.screen.query_one("#substitute", Checkbox)
        # Not ticked: no X (Textual's own draws the X either way, in another colour).
        assert str(box.render()).startswith("▐ ▌ Vara")
        await pilot.press("tab", "tab", "tab", "tab", "tab")
        assert app.screen.focused is box
        await pilot.press("space")
        assert box.value is True
        assert str(box.render()).startswith("▐X▌ Vara")


async def test_appoint_for_a_length_shows_the_end_and_why(sample_db: Path, settle: Settle) -> None:
    app = SekretariatApp(sample_db, today=TODAY, start="representatives")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = seat_screen(app)
        select_line(screen, lambda line: line.kind == "vacant" and line.region == "nord-osterdal")
        await pilot.press("a")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, AppointDialog)

        def note() -> str:
            return str(dialog.query_one("#end-note", Static).render())

        # Nothing typed: the forum's two years, from the first meeting after 22.11.2026.
        assert note() == (
            "Til og med 17.01.2029: to år fra møtet 21.01.2027, til dagen før første møte i "
            "neste periode (18.01.2029)."
        )
        dialog.query_one("#person", Select).value = "ande-coarvi"
        await pilot.press("tab", "tab", "tab", "tab")
        assert dialog.focused is dialog.query_one("#end", Input)
        await pilot.press(*"3 år")
        assert note() == (
            "Til og med 16.01.2030: tre år fra møtet 21.01.2027, til dagen før første møte i "
            "neste periode (17.01.2030)."
        )
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        new = next(
            line
            for line in screen.lines.values()
            if line.person == "ande-coarvi" and line.seat == "kommunal_skoleeier"
        )
        assert get_term(Database(app.db_path), new.term_id).end == dt.date(2030, 1, 16)


async def test_renew_and_end_a_term(sample_db: Path, settle: Settle) -> None:
    app = SekretariatApp(sample_db, today=TODAY, start="representatives")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = seat_screen(app)
        select_line(screen, lambda line: line.person == "marte-skogli")
        await pilot.press("n")
        assert isinstance(app.screen, RenewDialog)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        db = Database(app.db_path)
        from sekretariat.domain.people import person_page

        terms = person_page(db, "marte-skogli").terms
        assert [(t.start, t.end) for t in terms] == [
            (dt.date(2027, 1, 21), dt.date(2029, 1, 17)),
            (dt.date(2025, 1, 16), dt.date(2027, 1, 20)),
        ]

        key = select_line(screen, lambda line: line.person == "kari-anne-sletten")
        await pilot.press("x")
        assert isinstance(app.screen, EndTermDialog)
        await pilot.press("enter")
        assert error_text(app) == "Skriv hvorfor mandatet avsluttes."
        app.screen.query_one("#reason", Input).value = "Sluttet i stillingen"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        term = get_term(db, screen.lines[key].term_id)
        assert (term.end, term.ended_reason) == (TODAY, "Sluttet i stillingen")
        assert str(screen.lines[key].cells[-1]) == "!22.11.2026"


async def test_renew_needs_a_term_marked(sample_db: Path, settle: Settle) -> None:
    app = SekretariatApp(sample_db, today=TODAY, start="representatives")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        select_line(seat_screen(app), lambda line: line.kind == "seat")
        await pilot.press("n")
        assert isinstance(app.screen, RepresentativesScreen)
        assert any("Marker et mandat" in str(n.message) for n in notices(app))


async def test_people_type_to_filter_and_a_bad_email_refused(
    sample_db: Path, settle: Settle
) -> None:
    app = SekretariatApp(sample_db, today=TODAY, start="representatives")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        people = app.screen
        assert isinstance(people, PeopleScreen)
        table = people.query_one(Table)
        assert table.row_count == 49
        await pilot.press(*"coarvi")
        assert people.query_one("#people-search", Input).value == "coarvi"
        assert table.row_count == 1
        await pilot.press("escape")
        assert table.row_count == 49

        await pilot.press("ctrl+n")
        editor = app.screen
        assert isinstance(editor, PersonEditor)
        await pilot.press(*"Ánde Čoarvi", "tab", *"ande.example.no")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PersonEditor)
        assert error_text(app) == "«ande.example.no» er ikke en gyldig e-postadresse."
        editor.query_one("#email", Input).value = ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is people
        assert people.current_key() == "ande-coarvi-2"
        assert table.row_count == 50

        await pilot.press("enter")
        await settle(pilot)
        page = app.screen
        assert isinstance(page, PersonScreen)
        log = str(page.query_one("#person-log", Static).render())
        assert "Person lagt inn" in log


async def test_person_page_from_the_seat_table(sample_db: Path, settle: Settle) -> None:
    app = SekretariatApp(sample_db, today=TODAY, start="representatives")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        select_line(seat_screen(app), lambda line: line.person == "astrid-hovda")
        await pilot.press("enter")
        await settle(pilot)
        page = app.screen
        assert isinstance(page, PersonScreen)
        assert "Barnehagemyndighet, Valdres" in str(
            page.query_one("#person-terms", Static).render()
        )
        assert "Nestleder" in str(page.query_one("#person-offices", Static).render())
        log = str(page.query_one("#person-log", Static).render())
        assert "Mandat lagt inn" in log and "Verv lagt inn" in log
        await pilot.press("e")
        assert isinstance(app.screen, PersonEditor)
        app.screen.query_one("#phone", Input).value = "+47 911 11 111"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is page
        assert "+47 911 11 111" in str(page.query_one("#person-details", Static).render())
        log = str(page.query_one("#person-log", Static).render())
        assert "Person endret: telefon" in log
        assert "\n  telefon: «+47 981 00 046» → «+47 911 11 111»\n" in log + "\n"
        await pilot.press("escape")
        assert isinstance(app.screen, RepresentativesScreen)


async def test_quitting_with_the_person_editor_open_keeps_what_was_typed(
    sample_db: Path, settle: Settle
) -> None:
    """Ctrl+Q (and SIGTERM and a hang-up, which take the same path) saves a changed person
    form as Ctrl+S would; an untouched one changes nothing."""

    async def edit(title: str | None) -> None:
        app = SekretariatApp(sample_db, today=TODAY, start="representatives")
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            select_line(seat_screen(app), lambda line: line.person == "astrid-hovda")
            await pilot.press("enter")
            await settle(pilot)
            await pilot.press("e")
            await settle(pilot)
            assert isinstance(app.screen, PersonEditor)
            if title is not None:
                app.screen.query_one("#title", Input).focus()
                await pilot.press("ctrl+a", "ctrl+k", *title)
            await pilot.press("ctrl+q")
            await settle(pilot)

    def logged() -> tuple[str, int]:
        with Database.open(sample_db).sql() as con:
            title = con.execute("SELECT title FROM person WHERE key = 'astrid-hovda'").fetchone()
            count = con.execute("SELECT count(*) FROM auditlog").fetchone()
        return title[0], count[0]

    before = logged()
    await edit(None)
    assert logged() == before
    await edit("Rådgiver")
    title, count = logged()
    assert (title, count) == ("Rådgiver", before[1] + 1)


async def test_lists_out_refuses_a_directory_and_writes_csv(
    sample_db: Path, settle: Settle, tmp_path: Path
) -> None:
    app = SekretariatApp(sample_db, today=TODAY, start="representatives")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l")
        dialog = app.screen
        assert isinstance(dialog, ListDialog)
        dialog.query_one("#path", Input).value = str(tmp_path)
        await pilot.press("enter")
        await settle(pilot)
        assert error_text(app) == f"{tmp_path} er en mappe; oppgi et filnavn."
        target = tmp_path / "epost.csv"
        dialog.query_one("#kind", Select).value = "mailing"
        dialog.query_one("#path", Input).value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RepresentativesScreen)
        assert target.read_bytes().startswith(b"\xef\xbb\xbfNavn;E-post;Organisasjon")


async def test_a_dialogs_own_failure_is_said_inside_it_not_over_it(
    sample_db: Path, settle: Settle, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    def busy(*args: object) -> None:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr("sekretariat.documents.representative_lists.write_list", busy)
    app = SekretariatApp(sample_db, today=TODAY, start="representatives")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l")
        dialog = app.screen
        assert isinstance(dialog, ListDialog)
        dialog.query_one("#path", Input).value = str(tmp_path / "liste.csv")
        await pilot.press("enter")
        await settle(pilot)
        # The dialog stays open with the path as typed and says why under its fields;
        # no notice is laid over it.
        assert app.screen is dialog
        assert error_text(app) == (
            "Kunne ikke lagre endringen. Databasen er opptatt hos en annen bruker; "
            "prøv igjen om litt."
        )
        assert dialog.query_one("#path", Input).value == str(tmp_path / "liste.csv")
        assert notices(app) == []


async def test_clear_contacts_lists_who_first(sample_db: Path, settle: Settle) -> None:
    from sekretariat.domain.people import PersonInput, add_person, person_page
    from sekretariat.domain.terms import appoint

    db = Database(sample_db)
    key = add_person(db, PersonInput(name="Gammel Representant", email="g@example.no"))
    appoint(
        db, person=key, seat="koordinator", start=dt.date(2018, 1, 1), end=dt.date(2019, 12, 31)
    )
    db.dispose()
    app = SekretariatApp(sample_db, today=TODAY, start="representatives")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("f4")
        assert isinstance(app.screen, ClearContactsDialog)
        await pilot.press("enter")
        await settle(pilot)
        shown = str(app.screen.query_one("#affected-text", Static).render())
        assert (
            "1 person får kontaktopplysningene slettet" in shown and "Gammel Representant" in shown
        )
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PeopleScreen)
    page = person_page(Database(sample_db), key)
    assert (page.person.email, page.person.contact_cleared) == ("", TODAY)


async def test_palette_has_the_seat_table_actions(sample_db: Path, settle: Settle) -> None:
    from tui.commands import screen_commands

    app = SekretariatApp(sample_db, today=TODAY, start="representatives")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        names = {c.name for c in screen_commands(app.screen)}
        assert {
            "Oppnevn",
            "Forny",
            "Avslutt mandat",
            "Personer",
            "Dato",
            "Filter",
            "Lister ut",
        } <= names


def test_seat_table_snapshot(snap_compare, sample_db: Path) -> None:  # type: ignore[no-untyped-def]
    async def settled(pilot: Pilot) -> None:
        for _ in range(3):
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()

    app = SekretariatApp(sample_db, today=TODAY, start="representatives")
    assert snap_compare(app, terminal_size=SIZE, run_before=settled)
