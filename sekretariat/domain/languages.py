"""Which written standard a document is written in (språklova).

A letter to one municipality follows the standard that municipality has adopted (§ 10); a
municipality that has chosen neither (neutral), or that the register does not know, gets
the forum's own language, as do documents to all (summons, minutes).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from sekretariat.i18n import LANGUAGES

if TYPE_CHECKING:
    from sekretariat.storage.database import Database


#: The forum's language as stored (one row, id 1).
FORUM_LANGUAGE_SQL = "SELECT language FROM forum WHERE id = 1"
#: How long start-up waits for a database another program is writing before it takes bokmål.
QUICK_READ_SECONDS = 1.0


def _known(row: tuple[object, ...] | None) -> str:
    found = str(row[0]) if row is not None else "nb"
    return found if found in LANGUAGES else "nb"


def forum_language(db: Database) -> str:
    """The forum's document language, ``"nb"`` or ``"nn"`` (``"nb"`` before a forum exists)."""
    with db.sql() as con:
        return _known(con.execute(FORUM_LANGUAGE_SQL).fetchone())


def forum_language_at(path: Path) -> str:
    """The forum's language read straight from the file, before the database is opened.

    The app's language is chosen before its screens are imported, which is also while the
    prefetch thread opens the database: one read-only query with the standard library (no
    SQLAlchemy, nothing checked or migrated), so the first frame does not wait. A file that
    is not (yet) a current Sekretariat database gives bokmål; opening it says what is wrong.
    """
    try:
        uri = f"{Path(path).expanduser().resolve().as_uri()}?mode=ro"
        con = sqlite3.connect(uri, uri=True, timeout=QUICK_READ_SECONDS)
        try:
            return _known(con.execute(FORUM_LANGUAGE_SQL).fetchone())
        finally:
            con.close()
    except (sqlite3.Error, OSError, ValueError):
        return "nb"


def municipality_standards(db: Database) -> dict[str, str]:
    """Every registered municipality's standard by name (``"nb"``, ``"nn"``, ``"noytral"``)."""
    with db.sql() as con:
        rows = con.execute("SELECT name, standard FROM municipality").fetchall()
    return {str(r["name"]): str(r["standard"]) for r in rows}


def standard_for(db: Database, municipality: str) -> str:
    """The language to write to ``municipality`` in: its adopted standard, or the forum's
    language when it is neutral or not registered. Names match without regard to case or
    surrounding spaces («Nord-Aurdal», «nord-aurdal »)."""
    wanted = municipality.strip().casefold()
    for name, standard in municipality_standards(db).items():
        if name.strip().casefold() == wanted and standard in LANGUAGES:
            return standard
    return forum_language(db)


def document_language(db: Database, chosen: str | None, municipality: str | None = None) -> str:
    """The language of a document: the one chosen (``--lang``, a key in the app), else the
    recipient municipality's standard, else the forum's language."""
    if chosen:
        return chosen
    if municipality:
        return standard_for(db, municipality)
    return forum_language(db)
