"""Which written standard a document is written in (språklova).

A letter to one municipality follows the standard that municipality has adopted (§ 10); a
municipality that has chosen neither (neutral), or that the register does not know, gets
the forum's own language, as do documents to all (summons, minutes).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
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


def municipality_key(name: str) -> str:
    """What two names of one municipality share: case, surrounding spaces and a trailing
    «kommune» aside («Nord-Aurdal», «nord-aurdal », «Nord-Aurdal kommune»)."""
    return name.strip().casefold().removesuffix(" kommune").strip()


def _adopted(standards: dict[str, str], name: str) -> tuple[str, str] | None:
    """The registered municipality ``name`` names and the standard it has adopted, or None
    (not registered, or neutral)."""
    wanted = municipality_key(name)
    for registered, standard in standards.items():
        if municipality_key(registered) == wanted and standard in LANGUAGES:
            return registered, standard
    return None


def standard_for(db: Database, municipality: str) -> str:
    """The language to write to ``municipality`` in: its adopted standard, or the forum's
    language when it is neutral or not registered."""
    found = _adopted(municipality_standards(db), municipality)
    return found[1] if found else forum_language(db)


@dataclass(frozen=True)
class PersonStandard:
    """The written standard to write to one person in, and where it comes from."""

    lang: str
    #: The registered municipality whose adopted standard it is; "" when it is the forum's.
    municipality: str = ""


@dataclass(frozen=True)
class Register:
    """The municipalities' adopted standards and the forum's language, read once for a
    list of people."""

    standards: dict[str, str]
    forum: str

    def for_person(self, municipality: str, organisation: str = "") -> PersonStandard:
        """A person gets the standard of their municipality, or of the organisation they
        represent when that is a registered municipality («Vang kommune»); else the
        forum's language (a university, a union, a neutral municipality)."""
        for name in (municipality, organisation):
            found = _adopted(self.standards, name) if name.strip() else None
            if found:
                return PersonStandard(found[1], found[0])
        return PersonStandard(self.forum)


def register(db: Database) -> Register:
    return Register(municipality_standards(db), forum_language(db))


def person_standard(db: Database, municipality: str, organisation: str = "") -> PersonStandard:
    """The standard to write to one person in (``Register.for_person``)."""
    return register(db).for_person(municipality, organisation)


def document_language(db: Database, chosen: str | None, municipality: str | None = None) -> str:
    """The language of a document: the one chosen (``--lang``, a key in the app), else the
    recipient municipality's standard, else the forum's language."""
    if chosen:
        return chosen
    if municipality:
        return standard_for(db, municipality)
    return forum_language(db)
