"""An area shown again reads again when anyone has written since it last read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tui.app import SekretariatApp

TODAY = dt.date(2026, 11, 22)
Settle = Callable[[Pilot], Awaitable[None]]


async def wait_for(condition: Callable[[], bool], pilot: Pilot, seconds: float = 15) -> None:
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("timed out")


def test_the_change_mark_moves_with_every_write_and_only_then(sample_db: Path) -> None:
    from sekretariat.domain.people import PersonInput, add_person, list_people, update_person
    from sekretariat.storage.database import Database

    db = Database.open(sample_db)
    first = db.change_mark()
    assert first > 0  # the sample's import is in the audit log
    list_people(db)
    assert db.change_mark() == first
    key = add_person(db, PersonInput(name="Siri Mark"))
    second = db.change_mark()
    assert second > first
    update_person(db, key, PersonInput(name="Siri Mark", email="siri@example.no"))
    assert db.change_mark() > second
    db.dispose()


async def test_the_people_list_is_read_again_only_after_a_change(
    sample_db: Path, settle: Settle, monkeypatch: pytest.MonkeyPatch
) -> None:
    from screens import rep_people as people_module
    from sekretariat.domain.people import PersonInput, add_person

    reads: list[int] = []
    real = people_module.list_people

    def counting(db, *args, **kwargs):
        reads.append(1)
        return real(db, *args, **kwargs)

    monkeypatch.setattr(people_module, "list_people", counting)
    app = SekretariatApp(sample_db, today=TODAY, start="representatives")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert len(reads) == 1 and len(app.screen.people) == 49
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert len(reads) == 1  # nothing written meanwhile: the list on screen stands
        await pilot.press("escape")
        # Someone else adds a person (another process on the same file).
        add_person(app.database, PersonInput(name="Siri Mark"))
        await pilot.press("p")
        await settle(pilot)
        assert len(reads) == 2
        assert len(app.screen.people) == 50


async def test_an_area_shown_again_shows_what_was_written_since(
    sample_db: Path, settle: Settle
) -> None:
    """Allocation and settings read their data when first shown; a later visit reads
    again if anyone wrote to the file meanwhile."""
    from textual.widgets import Input, Static

    from sekretariat.domain.allocation_runs import run_for_year, save_run
    from sekretariat.domain.forum_settings import forum_form, save_forum

    app = SekretariatApp(sample_db, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("7")
        await settle(pilot)
        allocation = app.screen
        status = allocation.query_one("#alloc-status", Static)
        await wait_for(lambda: "Ingen lagrede kjøringer for 2027" in str(status.render()), pilot)
        await pilot.press("9")
        await settle(pilot)
        settings = app.screen
        await pilot.press("1")
        await settle(pilot)
        # Another user, on the same file, saves a run and renames the forum.
        result, scheme, _names = run_for_year(app.database, 2027, 12_000_000)
        key = save_run(app.database, 2027, result, scheme)
        values = forum_form(app.database)
        save_forum(app.database, {**values, "name": "Samarbeidsforum Nytt navn"})
        await pilot.press("7")
        await settle(pilot)
        assert app.screen is allocation
        await wait_for(lambda: f"Kjøring {key}" in str(status.render()), pilot)
        assert allocation.query_one("#alloc-table").row_count > 1
        await pilot.press("9")
        await settle(pilot)
        assert app.screen is settings
        await wait_for(
            lambda: settings.query_one("#field-name", Input).value == "Samarbeidsforum Nytt navn",
            pilot,
        )
        assert app.title == "Samarbeidsforum Nytt navn"  # the header too


async def test_minute_taking_takes_the_lock_when_shown_and_lets_go_when_left(
    sample_db: Path, settle: Settle
) -> None:
    from sekretariat.domain.minutes import lock_status, minute_meeting

    app = SekretariatApp(sample_db, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        meeting = minute_meeting(app.database, TODAY, None)
        assert lock_status(app.database, meeting) is None
        await pilot.press("5")
        await settle(pilot)
        assert app.screen.writing
        lock = lock_status(app.database, meeting)
        assert lock is not None and lock.pid != 0
        app.switch_mode("overview")
        await settle(pilot)
        lock = lock_status(app.database, meeting)
        assert lock is not None and lock.pid == 0  # let go, the place kept
