"""The meeting screens in nynorsk at 80x24 (issue 19): the agenda and its principles, the
roll call, minute-taking and its dialogs, and the check-in's conflicts show no word that
only bokmål has.

The sample's agendas are bokmål data (the forum's language), so minutes are taken here in
a meeting made with titles that read in both, and the agenda is an empty one's.
"""

from __future__ import annotations

from pathlib import Path

from conftest import notices
from language_words import foreign_words
from textual.app import App
from textual.screen import ModalScreen

from nynorsk.test_walk_nynorsk import SIZE, TODAY, screen_text
from screens.agenda import AgendaScreen
from screens.checkin_conflicts import ConflictDialog
from screens.meeting_attendance import AttendanceScreen
from screens.minutes import MinutesScreen
from sekretariat.domain.agenda import add_item, remove_item
from sekretariat.domain.meetings import add_meeting
from sekretariat.domain.minutes import load_minutes
from sekretariat.exchange.checkout import FieldConflict
from sekretariat.storage.database import Database
from tui.app import SekretariatApp


def _nynorsk(app: App[object]) -> str:
    """The screen's text, after checking it holds no bokmål-only word."""
    text = screen_text(app)  # type: ignore[arg-type]
    assert foreign_words(text, "nn") == set(), text
    return text


def _meeting_today(path: Path) -> None:
    db = Database.open(path)
    try:
        mid = add_meeting(db, TODAY)
        for standing in load_minutes(db, mid).items:
            remove_item(db, standing.id)
        add_item(db, mid, {"title": "Tildeling 2027", "kind": "decision", "minutes": 20})
        add_item(db, mid, {"title": "Læringsøkt", "kind": "learning", "minutes": 30})
    finally:
        db.dispose()


async def test_minute_taking_and_its_dialogs(sample_db: Path, settle) -> None:  # type: ignore[no-untyped-def]
    _meeting_today(sample_db)
    app = SekretariatApp(sample_db, today=TODAY, start="minutes")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MinutesScreen)
        text = _nynorsk(app)
        assert "Du skriv protokollen. Alt blir lagra fortløpande." in text
        assert "Vedtakssak · Utfall: ikkje sett · 0:0" in text  # the clock runs
        assert " / 20 min" in text
        for key, shown in [
            ("ctrl+o", "Vedteke med endringar"),
            ("ctrl+t", "Ansvarleg: eit namn eller ein personnøkkel."),
            ("ctrl+g", "[x] er i rommet. Enter registrerer og går vidare til neste."),
            ("ctrl+r", "Kven gjeld habiliteten?"),
            ("f2", "Protokoll for møtet"),
        ]:
            await pilot.press(key)
            await settle(pilot)
            assert shown in _nynorsk(app), key
            assert isinstance(app.screen, ModalScreen), key
            await pilot.press("escape")
            await settle(pilot)
        await pilot.press("f3")  # no one is in the room yet
        await settle(pilot)
        said = notices(app)[-1].message
        assert said == "Ingen er registrert som til stades enno (Ctrl+G)."


async def test_an_empty_agenda_and_its_principles(sample_db: Path, settle) -> None:  # type: ignore[no-untyped-def]
    app = SekretariatApp(sample_db, today=TODAY, start="meetings")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "enter")  # 11.03.2027: imported without an agenda
        await settle(pilot)
        assert isinstance(app.screen, AgendaScreen)
        assert "Sakliste 11.03.2027" in _nynorsk(app)
        await pilot.press("r")
        await settle(pilot)
        assert "Saklista dekkjer 1 av 8 prinsipp for lærande møte (Roald):" in _nynorsk(app)
        await pilot.press("r", "a")
        await settle(pilot)
        assert "Framlegg til vedtak" in _nynorsk(app)
        await pilot.press("escape", "x")
        await settle(pilot)
        assert notices(app)[-1].message == "Saklista er tom; trykk a for å leggje til ei sak."


async def test_the_roll_call_and_its_dialogs(sample_db: Path, settle) -> None:  # type: ignore[no-untyped-def]
    app = SekretariatApp(sample_db, today=TODAY, start="meetings")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, AttendanceScreen)
        assert "Røysteføre til stades: 0 av 35" in _nynorsk(app)
        await pilot.press("v")
        await settle(pilot)
        assert "Vara for Siri Nyhus" in _nynorsk(app)
        await pilot.press("escape", "g")
        await settle(pilot)
        assert "+ Gjest utanfrå …" in _nynorsk(app)
        await pilot.press("enter")
        await settle(pilot)
        assert "Ein gjest som ikkje står i personregisteret." in _nynorsk(app)


class _CheckIn(App[object]):
    def on_mount(self) -> None:
        conflicts = [
            FieldConflict("item:1", "notes", "sak 01/27 Tildeling", "a", "b", "c"),
            FieldConflict("item:2", "notes", "sak 02/27 Læringsøkt", "d", "e", "f"),
        ]
        self.push_screen(ConflictDialog(conflicts))


async def test_the_check_in_conflicts() -> None:
    app = _CheckIn()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s", "ctrl+s")
        await pilot.pause()
        text = _nynorsk(app)
        assert "2 felt er endra både her og på den berbare sidan utsjekken." in text
        assert "Vel side for alle felta først (eitt felt står att)." in text
