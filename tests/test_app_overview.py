"""The overview on the sample forum, its texts, and what happens when reading fails."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from conftest import notices
from textual.pilot import Pilot
from textual.widgets import Static

from screens import overview as screen
from sekretariat.domain.cycle import CycleEvent
from sekretariat.domain.overview import EndingTerm, MeetingSummary, Overview
from sekretariat.errors import UserError
from tui.app import SekretariatApp

TODAY = dt.date(2026, 11, 22)
Settle = Callable[[Pilot], Awaitable[None]]


def panel(app: SekretariatApp, name: str) -> str:
    return str(app.screen.query_one(f"#panel-{name}", Static).render())


async def test_overview_shows_the_sample_forum(sample_db: Path, settle: Settle) -> None:
    app = SekretariatApp(sample_db, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.title == "Samarbeidsforum Innlandet"
        assert app.sub_title == "t.db"
        info = str(app.screen.query_one("#heading-info", Static).render())
        assert "søndag 22. november 2026" in info
        assert "Fiktive demodata" in info
        assert "torsdag 21. januar 2027" in panel(app, "next")
        assert "Scandic Hamar" in panel(app, "next")
        assert "Seter: 42 av 45 besatt, 3 ledige" in panel(app, "forum")
        assert "Leder: Kjersti Haugen" in panel(app, "forum")
        assert "Behovsmeldinger 2027" in panel(app, "due")
        assert "Møte i samarbeidsforum" in panel(app, "cycle")


async def test_a_meeting_held_today_is_not_the_next_meeting(
    sample_db: Path, settle: Settle
) -> None:
    from sekretariat.domain.meetings import add_meeting, set_status
    from sekretariat.storage.database import Database

    db = Database.open(sample_db)
    held = add_meeting(db, TODAY)
    set_status(db, held, "summoned", TODAY)
    set_status(db, held, "held", TODAY)
    db.dispose()
    app = SekretariatApp(sample_db, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        title = app.screen.query_one("#panel-next", Static).border_title
        assert str(title) == "Neste møte – om 60 dager"  # 21.01.2027, not today's
        assert "torsdag 21. januar 2027" in panel(app, "next")
        assert "Forrige møte: 22.11.2026, avholdt" in panel(app, "next")


async def test_demo_flag_shows_in_the_subtitle(sample_db: Path, settle: Settle) -> None:
    app = SekretariatApp(sample_db, today=TODAY, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.sub_title == "t.db · DEMO"


async def test_failed_read_is_a_norwegian_notification(
    sample_db: Path, settle: Settle, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object, **_kwargs: object) -> Overview:
        raise RuntimeError("disk on fire")

    log = sample_db.with_name("feil.log")
    monkeypatch.setattr("sekretariat.domain.overview.load_overview", broken)
    monkeypatch.setattr("sekretariat.error_log.error_log_path", lambda: log)
    app = SekretariatApp(sample_db, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.is_running
        [note] = notices(app)
        assert note.title == "Noe gikk galt"
        assert note.message == f"Kunne ikke lese oversikten. Detaljer er lagret i {log}."
        assert note.severity == "error"
    assert "RuntimeError: disk on fire" in log.read_text()


async def test_a_user_error_is_shown_in_its_own_words(
    sample_db: Path, settle: Settle, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(*_args: object, **_kwargs: object) -> Overview:
        raise UserError("Databasen er låst av en annen bruker.")

    monkeypatch.setattr("sekretariat.domain.overview.load_overview", refused)
    app = SekretariatApp(sample_db, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert [(n.message, n.title, n.severity) for n in notices(app)] == [
            ("Databasen er låst av en annen bruker.", "Ikke utført", "warning")
        ]


async def test_r_reads_the_overview_again(
    sample_db: Path, settle: Settle, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sekretariat.domain import overview

    calls: list[dt.date] = []
    real = overview.load_overview

    def counting(db: object, today: dt.date, **kwargs: object) -> Overview:
        calls.append(today)
        return real(db, today)  # type: ignore[arg-type]

    monkeypatch.setattr("sekretariat.domain.overview.load_overview", counting)
    app = SekretariatApp(sample_db, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        before = len(calls)
        await pilot.press("r")
        await settle(pilot)
        assert len(calls) == before + 1


async def test_a_refused_database_is_explained_and_the_app_exits(
    tmp_path: Path, settle: Settle
) -> None:
    bad = tmp_path / "t.db"
    bad.write_text("ikke en database")
    app = SekretariatApp(bad, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = str(app.screen.query_one("#fatal-text", Static).render())
        assert "er ikke en database" in text
        await pilot.press("x")
        await pilot.pause()
    assert app.return_code == 1
    assert bad.read_text() == "ikke en database"


# -- the panel texts, without a terminal ---------------------------------------------


def empty_overview(**changes: object) -> Overview:
    base = Overview("Forum", "", "", False, TODAY)
    return Overview(**{**base.__dict__, **changes})  # type: ignore[arg-type]


def test_texts_for_an_empty_forum() -> None:
    ov = empty_overview(reports_year=2027, reports_due=dt.date(2027, 2, 1), reports_expected=3)
    assert screen.next_meeting_title(ov) == "Neste møte"
    assert "Ingen møter er lagt inn" in screen.next_meeting_text(ov)
    assert "Leder: [$text-warning]ikke valgt[/]" in screen.forum_text(ov)
    assert "Ingen mandater går ut" in screen.ending_text([])
    assert "Ingenting" in screen.cycle_text([])
    assert "[b]0 av 3[/b] mottatt" in screen.due_text(ov)
    assert screen.heading_info(ov) == "søndag 22. november 2026"


def test_overdue_reports_and_actions_are_marked() -> None:
    ov = empty_overview(
        today=dt.date(2027, 2, 5),
        reports_year=2027,
        reports_due=dt.date(2027, 2, 1),
        reports_in=8,
        reports_expected=10,
        open_actions=1,
        overdue_actions=1,
    )
    text = screen.due_text(ov)
    assert "[$text-error][b]8 av 10[/b][/]" in text
    assert "for 4 dager siden" in text
    assert "[b]1 åpent oppfølgingspunkt[/b]" in text
    assert "1 på overtid" in text


def test_one_vacancy_and_one_open_action_are_singular() -> None:
    ov = empty_overview(seats_filled=44, seats_total=45, open_actions=0)
    assert "Seter: [b]44 av 45[/b] besatt, [$text-warning]1 ledig[/]" in screen.forum_text(ov)
    assert "Ingen åpne oppfølgingspunkter" in screen.due_text(ov)
    ov = empty_overview(open_actions=3)
    assert "[b]3 åpne oppfølgingspunkter[/b]" in screen.due_text(ov)


def test_next_meeting_with_place_focus_and_last_meeting() -> None:
    meeting = MeetingSummary(
        dt.date(2027, 1, 21), dt.time(9), dt.time(15), "Hamar [sal 2]", "planned", 1, 30, ""
    )
    last = MeetingSummary(dt.date(2026, 11, 12), None, None, "", "held", 5, 300, "")
    ov = empty_overview(next_meeting=meeting, last_meeting=last)
    text = screen.next_meeting_text(ov)
    assert "[b]torsdag 21. januar 2027, kl. 09.00–15.00[/b], Hamar \\[sal 2]" in text
    assert "1 sak, 30 min planlagt" in text
    assert "Læringsfokus: [$text-warning]ikke satt[/]" in text
    assert "Forrige møte: 12.11.2026, avholdt" in text
    assert screen.next_meeting_title(ov) == "Neste møte – om 60 dager"


def test_cycle_and_terms_one_a_line() -> None:
    events = [
        CycleEvent(dt.date(2027, 1, 21), "Møte i samarbeidsforum", "meeting"),
        CycleEvent(dt.date(2027, 2, 1), "Frist for behovsmeldinger", "deadline"),
    ]
    assert screen.cycle_text(events).splitlines() == [
        "21.01.2027  [b]Møte i samarbeidsforum[/]",
        "01.02.2027  [$text-warning]Frist for behovsmeldinger[/]",
    ]
    terms = [EndingTerm("Kari Nordmann", "Barnehagemyndighet", "Valdres", dt.date(2027, 1, 14))]
    assert screen.ending_text(terms) == (
        "14.01.2027  Kari Nordmann [$foreground-muted]– Barnehagemyndighet, Valdres[/]"
    )
