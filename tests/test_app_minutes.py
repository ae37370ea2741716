"""Minute-taking in the app: by keys at 80x24, and real processes that die or compete."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import TODAY
from test_terminal_gone import ROOT, _wait_for

from sekretariat.domain import minutes as m
from sekretariat.domain.agenda import add_item, remove_item
from sekretariat.domain.meetings import add_meeting
from sekretariat.storage.database import Database
from tui.app import SekretariatApp


def _two_items(path: Path) -> tuple[int, list[int]]:
    db = Database.open(path)
    try:
        mid = add_meeting(db, TODAY)
        for standing in m.load_minutes(db, mid).items:  # a new meeting gets the standing items
            remove_item(db, standing.id)
        ids = [
            add_item(
                db,
                mid,
                {
                    "title": "Tildeling 2027",
                    "kind": "decision",
                    "minutes": 20,
                    "proposal": "Forslaget vedtas.",
                },
            ),
            add_item(db, mid, {"title": "Læringsøkt", "kind": "learning", "minutes": 30}),
        ]
        return mid, ids
    finally:
        db.dispose()


def _item(path: Path, item_id: int) -> tuple[str, str, str]:
    con = sqlite3.connect(path)
    try:
        return con.execute(
            "SELECT notes, decision, outcome FROM agendaitem WHERE id = ?", (item_id,)
        ).fetchone()
    finally:
        con.close()


async def test_minutes_for_a_two_item_meeting_by_keys(  # type: ignore[no-untyped-def]
    sample_db: Path, settle, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("screens.minutes.SAVE_AFTER", 0.01)  # the test waits for the save itself
    mid, (first, second) = _two_items(sample_db)
    app = SekretariatApp(sample_db, today=TODAY, start="minutes")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert screen.query_one("#minutes-notes").has_focus
        assert "Du skriver protokollen" in str(screen.query_one("#minutes-banner").render())
        assert screen.decision.text == "Forslaget vedtas."
        await pilot.press(*"Enstemmig.")
        await settle(pilot)  # the save timer is due at once (no_save_delay)
        assert _item(sample_db, first)[0] == "Enstemmig."  # saved without leaving the item
        await pilot.press("ctrl+o")
        await settle(pilot)
        await pilot.press("enter")  # Vedtatt is the first choice
        await settle(pilot)
        assert _item(sample_db, first) == ("Enstemmig.", "Forslaget vedtas.", "adopted")
        await pilot.press("ctrl+t")
        await settle(pilot)
        await pilot.press(*"Sende ut vedtaket", "tab", *"Kari", "tab", *"01.12.2026", "ctrl+s")
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert "Læringsøkt" in str(screen.query_one("#minutes-title").render())
        assert "0:00 / 30 min" in str(screen.query_one("#minutes-meta").render())
        await pilot.press(*"Gode samtaler", "tab", *"Notert")
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert "Tildeling 2027" in str(screen.query_one("#minutes-title").render())
        assert "Utfall: Vedtatt" in str(screen.query_one("#minutes-meta").render())
        assert _item(sample_db, second)[:2] == ("Gode samtaler", "Notert")
    db = Database.open(sample_db)
    view = m.load_minutes(db, mid)
    assert [(a.what, a.owner, a.due) for a in view.items[0].actions] == [
        ("Sende ut vedtaket", "Kari", dt.date(2026, 12, 1))
    ]
    lock = m.lock_status(db, mid)
    assert lock is not None and not lock.active and lock.item_id == first
    db.dispose()


async def test_notes_saved_on_one_item_are_there_when_coming_back(  # type: ignore[no-untyped-def]
    sample_db: Path, settle
) -> None:
    """The text typed is stored and the item left; coming back shows it, not what the item
    said when the meeting was opened."""
    _mid, (first, _second) = _two_items(sample_db)
    app = SekretariatApp(sample_db, today=TODAY, start="minutes")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press(*"Enstemmig.")
        await pilot.press("ctrl+n")  # leaving the item writes what was typed
        await settle(pilot)
        assert _item(sample_db, first)[0] == "Enstemmig."
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert screen.notes.text == "Enstemmig."


def _spawn(db: Path, *args: str) -> tuple[subprocess.Popen[bytes], int]:
    import pty

    master, slave = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "tui", "--db", str(db), *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
        close_fds=True,
    )
    os.close(slave)
    return proc, master


def _stop(proc: subprocess.Popen[bytes], master: int) -> None:
    if proc.poll() is None:
        proc.kill()
        proc.wait()
    with contextlib.suppress(OSError):
        os.close(master)


@pytest.mark.parametrize("how", [signal.SIGHUP, signal.SIGKILL], ids=["sighup", "sigkill"])
def test_typed_notes_survive_a_killed_process(sample_db: Path, how: signal.Signals) -> None:
    proc, master = _spawn(sample_db, "minute", "2026-11-12")
    try:
        _wait_for(master, "Du skriver protokollen")
        time.sleep(0.5)
        os.write(master, "Notat fra møtet čđŋ".encode())
        time.sleep(2)
        os.kill(proc.pid, how)
        proc.wait(timeout=10)
    finally:
        _stop(proc, master)
    # The sample's first item of 12.11.2026 (Sak 26/26) had no notes.
    con = sqlite3.connect(sample_db)
    notes = con.execute("SELECT notes FROM agendaitem WHERE number = 26").fetchone()[0]
    con.close()
    assert notes == "Notat fra møtet čđŋ"


def test_second_process_reads_along_and_takes_over(sample_db: Path) -> None:
    first, m1 = _spawn(sample_db, "minute", "2026-11-12")
    second = m2 = None
    try:
        _wait_for(m1, "Du skriver protokollen")
        db = Database.open(sample_db)
        mid = m.minute_meeting(db, TODAY, dt.date(2026, 11, 12))
        user, host, _ = m.me()
        with pytest.raises(
            m.LockHeld, match=rf"^{user} på {host} skriver protokoll siden kl\. \d\d\.\d\d$"
        ):
            m.acquire_lock(db, mid)
        second, m2 = _spawn(sample_db, "minute", "2026-11-12")
        _wait_for(m2, "skriver protokoll siden kl.")
        time.sleep(0.5)
        os.write(m2, b"\x0c")  # Ctrl+L: take over
        _wait_for(m2, "Vil du ta over?")
        os.write(m2, b"j")
        _wait_for(m2, "Du skriver protokollen")
        lock = m.lock_status(db, mid)
        assert lock is not None and lock.pid == second.pid
        db.dispose()
    finally:
        _stop(first, m1)
        if second is not None and m2 is not None:
            _stop(second, m2)


async def test_someone_leaving_part_way_by_keys(  # type: ignore[no-untyped-def]
    sample_db: Path, settle, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sekretariat.domain.meetings import load_attendance, set_attendance
    from widgets.dialog import ChoiceDialog

    mid, _ = _two_items(sample_db)
    db = Database.open(sample_db)
    set_attendance(db, mid, "marte-skogli", "present")
    set_attendance(db, mid, "siri-nyhus", "absent_notice")
    db.dispose()
    monkeypatch.setattr("screens.minutes.MinutesScreen.clock_now", lambda self: dt.time(12, 30))
    app = SekretariatApp(sample_db, today=TODAY, start="minutes")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceDialog)  # only Marte: Siri sent her apologies
        await pilot.press("enter")
        await settle(pilot)
    db = Database.open(sample_db)
    notes = {r.key: r.note for r in load_attendance(db, mid)[1] if r.status}
    db.dispose()
    assert notes == {"marte-skogli": "gikk kl. 12.30 under «Tildeling 2027»", "siri-nyhus": ""}


async def test_a_guest_not_in_the_register_is_added_and_removed_by_keys(  # type: ignore[no-untyped-def]
    sample_db: Path, settle
) -> None:
    from textual.widgets import OptionList

    from screens.minutes_dialogs import AttendanceDialog
    from sekretariat.domain.meetings import load_attendance
    from widgets.dialog import ConfirmDialog, FormDialog

    mid, _ = _two_items(sample_db)

    def guests() -> list[tuple[str, str, str]]:
        db = Database.open(sample_db)
        try:
            rows = load_attendance(db, mid)[1]
            return [(r.name, r.status, r.note) for r in rows if r.key.startswith("gjest:")]
        finally:
            db.dispose()

    app = SekretariatApp(sample_db, today=TODAY, start="minutes")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert isinstance(app.screen, AttendanceDialog)
        options = app.screen.query_one(OptionList)
        assert str(options.get_option_at_index(0).prompt) == "+ Gjest utenfra …"
        await pilot.press("home", "enter")
        await settle(pilot)
        assert isinstance(app.screen, FormDialog)
        await pilot.press(*"Kari Gjest", "tab", *"NTNU", "ctrl+s")
        await settle(pilot)
        assert guests() == [("Kari Gjest", "guest", "NTNU")]
        await pilot.press("ctrl+g")
        await settle(pilot)
        options = app.screen.query_one(OptionList)
        last = options.option_count - 1
        assert (
            str(options.get_option_at_index(last).prompt) == "[x] Kari Gjest (NTNU) – gjest utenfra"
        )
        await pilot.press("end", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("j")
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmDialog | AttendanceDialog)
    assert guests() == []


async def test_the_roll_call_marks_one_after_another_and_stays_open(  # type: ignore[no-untyped-def]
    sample_db: Path, settle
) -> None:
    from textual.widgets import OptionList

    from screens.minutes import MinutesScreen
    from screens.minutes_dialogs import AttendanceDialog
    from sekretariat.domain.meetings import load_attendance

    mid, _ = _two_items(sample_db)
    app = SekretariatApp(sample_db, today=TODAY, start="minutes")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+g")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, AttendanceDialog)
        options = dialog.query_one(OptionList)

        def line(index: int) -> str:
            return str(options.get_option_at_index(index).prompt)

        # The roll call opens on the first person (after «+ Gjest utenfra»).
        assert line(1) == "[ ] Siri Nyhus – ikke registrert"
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("up", "enter")  # Lene Strand Aas again: forfall
        await settle(pilot)
        assert app.screen is dialog  # still open, for the next
        assert [line(1), line(2), line(3)] == [
            "[x] Siri Nyhus – Til stede",
            "[ ] Lene Strand Aas – Forfall",
            "[ ] Marte Skogli – ikke registrert",
        ]
        assert options.highlighted == 3
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MinutesScreen)
    db = Database.open(sample_db)
    status = {r.key: r.status for r in load_attendance(db, mid)[1] if r.status}
    db.dispose()
    assert status == {"siri-nyhus": "present", "lene-strand-aas": "absent_notice"}
