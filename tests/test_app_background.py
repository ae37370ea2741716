"""Work the app does in the background after start-up: areas built, garbage collected idle."""

from __future__ import annotations

import asyncio
import datetime as dt
import gc
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tui import app as app_module
from tui.app import PEOPLE, PREBUILD, SekretariatApp

TODAY = dt.date(2026, 11, 22)
Settle = Callable[[Pilot], Awaitable[None]]


async def wait_for(condition: Callable[[], bool], pilot: Pilot, seconds: float = 15) -> None:
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("timed out")


async def test_areas_are_built_in_the_background_and_minute_taking_takes_no_lock(
    sample_db: Path, settle: Settle, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(SekretariatApp, "_after_open", lambda self: self._prewarm())
    app = SekretariatApp(sample_db, today=TODAY, prebuild=True)
    async with app.run_test(size=(80, 24)) as pilot:
        expected = {mode for mode in PREBUILD if mode not in ("overview", PEOPLE)}
        await wait_for(lambda: expected <= set(app._screen_stacks), pilot)
        # The list of everyone is built and read too, kept for the app's lifetime.
        await wait_for(lambda: app.is_screen_installed(PEOPLE), pilot)
        people = app.get_screen(PEOPLE)
        await wait_for(lambda: people.is_running and len(people.people) == 48, pilot)
        await settle(pilot)
        assert app.current_mode == "overview"
        # Minute-taking is built, but takes the meeting's lock only when it is shown.
        from sekretariat.domain.minutes import lock_status, minute_meeting

        meeting = minute_meeting(app.database, TODAY, None)
        assert lock_status(app.database, meeting) is None
        # The first visit shows a screen already built, with its data.
        built = app._screen_stacks["representatives"][0]
        await pilot.press("2")
        await settle(pilot)
        assert app.screen is built
        assert app.screen.query_one("#seat-table").row_count > 0
        await pilot.press("5")
        await settle(pilot)
        assert app.screen.writing
        assert lock_status(app.database, meeting) is not None


async def test_without_prebuild_no_area_is_built_unasked(sample_db: Path, settle: Settle) -> None:
    app = SekretariatApp(sample_db, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app._prewarm()
        await settle(pilot)
        await pilot.pause(0.3)
        assert not set(app._screen_stacks) & (set(PREBUILD) - {"overview"})
        assert not app.is_screen_installed(PEOPLE)


@pytest.fixture
def collected(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Full collections the app asks for (one entry each), none really run; checked
    every 0.1 s instead of every 15 s."""
    calls: list[int] = []
    monkeypatch.setattr(app_module, "GC_IDLE_CHECK", 0.1)
    monkeypatch.setattr(app_module.gc, "collect", lambda *a: calls.append(1) or 0)
    return calls


async def test_full_collections_wait_for_an_idle_moment_and_the_collector_is_restored(
    sample_db: Path, settle: Settle, monkeypatch: pytest.MonkeyPatch, collected: list[int]
) -> None:
    before = gc.get_threshold()
    monkeypatch.setattr(app_module, "GC_IDLE_AFTER", 0.3)
    app = SekretariatApp(sample_db, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app._collect_when_idle()
        assert gc.get_threshold() == app_module.GC_THRESHOLDS
        assert gc.get_freeze_count() > 0
        assert collected == [1]  # the garbage of start-up goes before the rest is frozen
        collected.clear()
        # Typing keeps it from collecting ...
        for _ in range(6):
            await pilot.press("r")
            await asyncio.sleep(0.08)
        assert collected == []
        # ... and once nobody has typed for a moment, it collects.
        await wait_for(lambda: bool(collected), pilot, seconds=3)
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


async def test_a_full_collection_comes_in_the_end_even_while_someone_types(
    sample_db: Path, settle: Settle, monkeypatch: pytest.MonkeyPatch, collected: list[int]
) -> None:
    monkeypatch.setattr(app_module, "GC_IDLE_AFTER", 5.0)
    monkeypatch.setattr(app_module, "GC_MAX_WAIT", 0.6)
    app = SekretariatApp(sample_db, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app._collect_when_idle()
        collected.clear()
        for _ in range(20):  # 1.6 s of typing, never still for GC_IDLE_AFTER
            await pilot.press("r")
            await asyncio.sleep(0.08)
        # Now and then (every GC_MAX_WAIT), not at every check (every GC_IDLE_CHECK).
        assert 1 <= len(collected) <= 6


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
        assert len(reads) == 1 and len(app.screen.people) == 48
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
        assert len(app.screen.people) == 49


async def test_areas_built_in_the_background_show_what_was_written_since(
    sample_db: Path, settle: Settle, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Allocation and settings read their data when built; their first visit (and any
    later one) reads again if anyone wrote to the file meanwhile."""
    from textual.widgets import Input, Static

    from sekretariat.domain.allocation_runs import run_for_year, save_run
    from sekretariat.domain.forum_settings import forum_form, save_forum

    monkeypatch.setattr(SekretariatApp, "_after_open", lambda self: self._prewarm())
    app = SekretariatApp(sample_db, today=TODAY, prebuild=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(lambda: {"allocation", "settings"} <= set(app._screen_stacks), pilot)
        await settle(pilot)
        allocation = app._screen_stacks["allocation"][0]
        status = allocation.query_one("#alloc-status", Static)
        await wait_for(lambda: "Ingen lagrede kjøringer for 2027" in str(status.render()), pilot)
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
        await wait_for(
            lambda: (
                app.screen.query("#field-name")
                and app.screen.query_one("#field-name", Input).value == "Samarbeidsforum Nytt navn"
            ),
            pilot,
        )
        assert app.title == "Samarbeidsforum Nytt navn"  # the header too
