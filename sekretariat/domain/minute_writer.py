"""The write-behind queue of live minute-taking: what was typed and is not stored yet.

The minute-taker types notes and decision text for one item after another, faster than
each keystroke can be written. Edits are kept here per item and field; a later edit to
the same field replaces the earlier one (one write per field, however much was typed),
and ``flush`` writes what is pending, item by item in the order they were first
edited. A write that fails (a lost lock, a busy database) leaves its text pending, so
nothing typed is lost; text typed meanwhile wins over the text that failed.

The screen owns only the timer that decides *when* to flush (a moment after typing, on
leaving an item or the area, on exit); the rules of *what* is written live here, where
they are tested without a terminal. ``edit`` runs on the screen's thread and ``flush``
in a worker (or, on exit, on the screen's thread): both may run at once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from sekretariat.domain.minutes import me, save_item

if TYPE_CHECKING:
    from sekretariat.storage.database import Database

#: The fields typed live: the notes (referat) and the decision text (vedtak).
FIELDS = ("notes", "decision")

#: Writes one item's changed fields; raises when it cannot.
Save = Callable[[int, dict[str, str]], object]


class MinuteWriter:
    """Pending texts per item and field, coalesced, written in order by ``flush``."""

    def __init__(self, save: Save) -> None:
        self._save = save
        #: Item id → field → text not yet handed to a write; insertion order is write order.
        self._pending: dict[int, dict[str, str]] = {}
        #: What a running flush is writing (still the newest text until it is stored).
        self._writing: dict[int, dict[str, str]] = {}
        #: The text last stored per item and field.
        self._saved: dict[int, dict[str, str]] = {}
        self._state = threading.RLock()
        self._one_flush = threading.Lock()

    @classmethod
    def for_database(cls, db: Database) -> MinuteWriter:
        """A writer that stores through ``minutes.save_item`` as the lock holder."""
        holder = me()
        return cls(lambda item_id, fields: save_item(db, item_id, fields, holder=holder))

    # -- the screen's side ----------------------------------------------------------------
    def edit(self, item_id: int, field: str, text: str) -> None:
        """Note what is typed in ``field`` of an item; replaces what was pending there."""
        if field not in FIELDS:
            raise ValueError(f"unknown field {field!r}")
        with self._state:
            self._pending.setdefault(item_id, {})[field] = text

    def text(self, item_id: int, field: str, stored: str) -> str:
        """The newest text of a field: pending, being written, last saved, else ``stored``
        (what the item said when it was read)."""
        with self._state:
            for layer in (self._pending, self._writing, self._saved):
                if field in layer.get(item_id, {}):
                    return layer[item_id][field]
        return stored

    @property
    def has_pending(self) -> bool:
        with self._state:
            return bool(self._pending)

    def pending(self) -> dict[int, dict[str, str]]:
        """A copy of what waits to be written, in write order."""
        with self._state:
            return {item_id: dict(fields) for item_id, fields in self._pending.items()}

    def forget_saved(self) -> None:
        """The items were read again: what they say now is what was stored."""
        with self._state:
            self._saved.clear()

    def discard(self) -> None:
        """Forget what is pending (the lock was lost: nothing more may be written)."""
        with self._state:
            self._pending.clear()

    # -- the writing side ------------------------------------------------------------------
    def flush(self) -> int:
        """Write everything pending, item by item in order; returns the items written.

        On a failure the item that failed and those after it stay pending (under any text
        typed since) and the error is raised; the items before it are stored.
        """
        with self._one_flush:
            with self._state:
                batch, self._pending = self._pending, {}
                self._writing = dict(batch)
            written = 0
            try:
                for item_id, fields in batch.items():
                    self._save(item_id, dict(fields))
                    with self._state:
                        self._saved.setdefault(item_id, {}).update(fields)
                        del self._writing[item_id]
                    written += 1
            except BaseException:
                with self._state:
                    newer, self._pending = self._pending, {}
                    for item_id, fields in self._writing.items():
                        self._pending[item_id] = {**fields, **newer.pop(item_id, {})}
                    self._pending.update(newer)
                raise
            finally:
                with self._state:
                    self._writing = {}
            return written
