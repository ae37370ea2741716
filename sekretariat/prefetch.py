"""Open the database and read the overview while the terminal app is still importing.

Importing Textual takes most of the time before the first frame. The command line starts
this thread first, so by the time the app is built the database is usually open and the
overview read (plain ``sqlite3``, no SQLAlchemy): the first frame can then be the
overview with its data, instead of a "opening the database" screen, a worker round trip
and a second full draw. When the thread is not done in time (a migration, a slow disk)
or failed, the app waits for it in a worker and reports a failure as before.
"""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sekretariat.domain.overview import Overview
    from sekretariat.storage.database import Database


class Prefetch:
    """The database opened, its forum's name and today's overview, read in a thread."""

    def __init__(self, path: Path, today: dt.date, *, overview: bool = True) -> None:
        self.path = Path(path)
        self.today = today
        self.database: Database | None = None
        self.forum_name = ""
        self.overview: Overview | None = None
        self.error: BaseException | None = None
        self._read_overview = overview
        self._thread = threading.Thread(target=self._run, name="prefetch", daemon=True)

    def start(self) -> Prefetch:
        self._thread.start()
        return self

    def _run(self) -> None:
        try:
            from sekretariat.domain import overview
            from sekretariat.storage.database import Database

            database = Database.open(self.path)
            self.forum_name = overview.forum_name(database)
            self.database = database
            if self._read_overview:
                from sekretariat.domain.overview import load_overview

                try:
                    self.overview = load_overview(database, self.today)
                except Exception:  # noqa: BLE001 - the overview reads again, and reports it
                    self.overview = None
        except BaseException as exc:  # noqa: BLE001 - handed to the app, which reports it
            self.error = exc

    def ready(self, timeout: float = 0.0) -> bool:
        """Whether the database is open (waiting at most ``timeout`` seconds for it)."""
        self._thread.join(timeout)
        return not self._thread.is_alive() and self.error is None

    def result(self) -> tuple[Database, str]:
        """Wait for the thread; the open database and forum name, or its error raised."""
        self._thread.join()
        if self.error is not None:
            raise self.error
        assert self.database is not None
        return self.database, self.forum_name

    def take_overview(self) -> Overview | None:
        """The overview read at start-up, once (later showings read it afresh)."""
        overview, self.overview = self.overview, None
        return overview
