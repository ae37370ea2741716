"""The app in nynorsk: these tests run in their own pytest process.

The app's language is chosen once, before the screens are imported (their key
descriptions are read when their classes are made), so the nynorsk tests cannot share a
process with the bokmål ones. ``make test`` runs them apart with
``SEKRETARIAT_SPRAK=nn pytest tests/nynorsk``; the main run leaves this folder out
(``tests/conftest.py``).
"""

from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path

import pytest
from language_words import BOKMAL_ONLY

from sekretariat.i18n import app_language, set_app_language

set_app_language(os.environ.get("SEKRETARIAT_SPRAK", "nn"))
assert app_language() == "nn", "kjør med SEKRETARIAT_SPRAK=nn (make test gjer det)"


# --------------------------------------------------------------------------- a nynorsk forum

#: The forum's own texts as a nynorsk forum would have written them: the bokmål-only words
#: of the kept list, each given its nynorsk form (a word without one becomes «nn»).
NYNORSK_FOR = {
    "ikke": "ikkje",
    "hva": "kva",
    "hvem": "kven",
    "hvordan": "korleis",
    "hvorfor": "kvifor",
    "hvis": "viss",
    "hvilke": "kva",
    "hvilken": "kva",
    "være": "vere",
    "mye": "mykje",
    "noen": "nokon",
    "noe": "noko",
    "jeg": "eg",
    "hun": "ho",
    "fra": "frå",
    "ble": "vart",
    "tilskudd": "tilskot",
    "tilskuddet": "tilskotet",
    "midler": "midlar",
    "midlene": "midlane",
    "mulig": "mogleg",
    "kommunene": "kommunane",
    "dager": "dagar",
    "sted": "stad",
    "møteleder": "møteleiar",
    "ansvarlig": "ansvarleg",
    "dokumenter": "dokument",
    "vedtatt": "vedteke",
    "deltakere": "deltakarar",
    "fravær": "fråvær",
    "ett": "eitt",
}
_WORDS = re.compile(
    r"\b(" + "|".join(sorted(BOKMAL_ONLY, key=len, reverse=True)) + r")\b", re.IGNORECASE
)


def _nynorsk(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        word = match.group(0)
        new = NYNORSK_FOR.get(word.casefold(), "nn")
        return new.capitalize() if word[:1].isupper() else new

    return _WORDS.sub(one, text)


def as_nynorsk_forum(path: Path) -> None:
    """Rewrite the forum's own texts in a database (titles, notes, the learning focus, the
    networks' reports) as a nynorsk forum would have them, so that a bokmål word left on a
    nynorsk screen is the app's own. Stored values (JSON lists, state codes) are kept."""
    con = sqlite3.connect(path)
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            if table in ("alembic_version", "sqlite_sequence"):
                continue
            columns = [
                c[1]
                for c in con.execute(f'PRAGMA table_info("{table}")')
                if c[2] in ("VARCHAR", "TEXT", "")
            ]
            for column in columns:
                rows = con.execute(
                    f'SELECT rowid, "{column}" FROM "{table}" WHERE typeof("{column}") = \'text\''
                ).fetchall()
                for rowid, value in rows:
                    if value[:1] in "[{" or not _WORDS.search(value):
                        continue
                    con.execute(
                        f'UPDATE "{table}" SET "{column}" = ? WHERE rowid = ?',
                        (_nynorsk(value), rowid),
                    )
        con.commit()
    finally:
        con.close()


@pytest.fixture
def nynorsk_forum_db(sample_db: Path, tmp_path: Path) -> Path:
    """The sample forum with its own texts in nynorsk (``as_nynorsk_forum``)."""
    as_nynorsk_forum(sample_db)
    return sample_db
