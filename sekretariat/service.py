"""Small reads the user interface needs that no other core module offers yet.

Screens never build SQL; when a screen needs something the core lacks, it goes here
first, and moves to the module that owns the subject once that module exists.
No Textual import here.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .db import Database

#: What the header says when the forum row is missing (an empty, half-set-up database).
UNNAMED_FORUM = "Samarbeidsforum (uten navn)"


def forum_name(db: Database) -> str:
    """The forum's name for the window header, read once when the database opens."""
    with db.sql() as con:
        row = con.execute("SELECT name FROM forum WHERE id = 1").fetchone()
    return row[0] if row is not None and row[0] else UNNAMED_FORUM


def error_log_path() -> Path:
    """Where unexpected errors are written in full (the same file the CLI uses)."""
    from platformdirs import user_log_path

    return user_log_path("sekretariat") / "feil.log"


def log_failure(error: BaseException) -> Path | None:
    """Append an unexpected error with its traceback to the error log.

    The screen shows one sentence; the details a maintainer needs go to the file,
    whose path is returned (None when even the log cannot be written).
    """
    try:
        path = error_log_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as fh:
            fh.write(f"--- {dt.datetime.now().isoformat(timespec='seconds')} pid {os.getpid()}\n")
            import traceback  # only when something went wrong

            fh.write("".join(traceback.format_exception(error)))
        return path
    except OSError:
        return None
