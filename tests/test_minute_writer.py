"""The minute-taking write-behind queue, without a terminal: what is written, when, in
which order, and what stays when a write fails."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest

from sekretariat.domain import minutes as m
from sekretariat.domain.meetings import add_meeting
from sekretariat.domain.minute_writer import MinuteWriter
from sekretariat.errors import UserError
from sekretariat.storage.database import Database


class Recorder:
    """A ``save`` that records each write and fails on the items it is told to."""

    def __init__(self) -> None:
        self.writes: list[tuple[int, dict[str, str]]] = []
        self.failing: set[int] = set()

    def __call__(self, item_id: int, fields: dict[str, str]) -> None:
        if item_id in self.failing:
            raise UserError("Databasen er opptatt.")
        self.writes.append((item_id, fields))


def test_edits_to_a_field_coalesce_into_one_write() -> None:
    save = Recorder()
    writer = MinuteWriter(save)
    for text in ("E", "En", "Ens", "Enstemmig."):
        writer.edit(7, "notes", text)
    writer.edit(7, "decision", "Vedtatt.")
    assert writer.flush() == 1
    assert save.writes == [(7, {"notes": "Enstemmig.", "decision": "Vedtatt."})]
    assert not writer.has_pending
    assert writer.flush() == 0  # nothing pending: nothing written
    assert len(save.writes) == 1


def test_flush_writes_everything_pending_in_the_order_first_edited() -> None:
    save = Recorder()
    writer = MinuteWriter(save)
    writer.edit(3, "notes", "a")
    writer.edit(1, "notes", "b")
    writer.edit(2, "decision", "c")
    writer.edit(3, "notes", "a2")  # a later edit keeps the item's place
    assert writer.flush() == 3
    assert save.writes == [(3, {"notes": "a2"}), (1, {"notes": "b"}), (2, {"decision": "c"})]


def test_a_failed_write_keeps_its_text_and_what_follows_pending() -> None:
    save = Recorder()
    writer = MinuteWriter(save)
    writer.edit(1, "notes", "første")
    writer.edit(2, "notes", "andre")
    writer.edit(3, "notes", "tredje")
    save.failing = {2}
    with pytest.raises(UserError):
        writer.flush()
    # Item 1 was stored; 2 failed and 3 never got its turn: both wait, in order.
    assert save.writes == [(1, {"notes": "første"})]
    assert writer.pending() == {2: {"notes": "andre"}, 3: {"notes": "tredje"}}
    assert writer.text(2, "notes", "lest inn") == "andre"
    save.failing = set()
    assert writer.flush() == 2
    assert save.writes[1:] == [(2, {"notes": "andre"}), (3, {"notes": "tredje"})]


def test_text_typed_during_a_failing_write_wins_over_the_failed_text() -> None:
    writer: MinuteWriter

    def save(item_id: int, fields: dict[str, str]) -> None:
        writer.edit(item_id, "notes", "skrevet mens lagringen pågikk")
        raise UserError("Databasen er opptatt.")

    writer = MinuteWriter(save)
    writer.edit(1, "notes", "før")
    writer.edit(1, "decision", "vedtak")
    with pytest.raises(UserError):
        writer.flush()
    assert writer.pending() == {1: {"notes": "skrevet mens lagringen pågikk", "decision": "vedtak"}}


def test_the_newest_text_of_a_field_is_pending_then_being_written_then_saved() -> None:
    started, release = threading.Event(), threading.Event()
    seen: list[str] = []

    def slow_save(item_id: int, fields: dict[str, str]) -> None:
        started.set()
        release.wait(5)

    writer = MinuteWriter(slow_save)
    assert writer.text(1, "notes", "lest inn") == "lest inn"
    writer.edit(1, "notes", "skrevet")
    assert writer.text(1, "notes", "lest inn") == "skrevet"
    worker = threading.Thread(target=writer.flush)
    worker.start()
    assert started.wait(5)
    seen.append(writer.text(1, "notes", "lest inn"))  # being written: still the newest
    release.set()
    worker.join(5)
    seen.append(writer.text(1, "notes", "lest inn"))  # saved: the view read before is stale
    assert seen == ["skrevet", "skrevet"]
    assert not writer.has_pending


def test_once_the_items_are_read_again_the_saved_text_gives_way() -> None:
    writer = MinuteWriter(Recorder())
    writer.edit(1, "notes", "mitt")
    writer.flush()
    assert writer.text(1, "notes", "lest før lagringen") == "mitt"
    writer.forget_saved()
    assert writer.text(1, "notes", "lest etter, fra databasen") == "lest etter, fra databasen"


def test_discard_forgets_what_is_pending() -> None:
    save = Recorder()
    writer = MinuteWriter(save)
    writer.edit(1, "notes", "x")
    writer.discard()
    assert writer.flush() == 0 and save.writes == []


def test_an_unknown_field_is_refused() -> None:
    with pytest.raises(ValueError):
        MinuteWriter(Recorder()).edit(1, "outcome", "adopted")


def test_the_writer_stores_through_the_minutes_of_a_real_database(sample_db: Path) -> None:
    db = Database.open(sample_db)
    mid = add_meeting(db, dt.date(2026, 11, 22))  # with the standing items
    view = m.load_minutes(db, mid)
    m.acquire_lock(db, mid)
    first, second = view.items[0].id, view.items[1].id
    writer = MinuteWriter.for_database(db)
    writer.edit(first, "notes", "Enstemmig.")
    writer.edit(second, "decision", "Notert")
    assert writer.flush() == 2
    stored = m.load_minutes(db, mid)
    assert stored.items[0].notes == "Enstemmig."
    assert stored.items[1].decision == "Notert"
    m.release_lock(db, mid)
    db.dispose()
