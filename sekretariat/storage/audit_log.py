"""Reading the audit log: newest first, filtered, paged, and exported, and the words
for what it records.

Read with sqlite3 (``Database.sql``) so that a long log pages fast; the writing side is
``sekretariat.storage.audit``. The log in the settings area, ``sekretariat audit`` and a
person's page name a change with the same words (``ACTIONS_NB``, ``ENTITIES_NB``,
``FIELDS_NB``): the vocabulary lives here and nowhere else.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sekretariat.formats import moment

if TYPE_CHECKING:
    from sekretariat.storage.database import Database

#: What happened to a row.
ACTIONS_NB = {
    "insert": "lagt inn",
    "update": "endret",
    "delete": "slettet",
    "overwrite": "skrev over nyere data",
}
#: The kind of row (the table's name).
ENTITIES_NB = {
    "forum": "forum",
    "scheme": "ordning",
    "theme": "tema",
    "region": "nettverk",
    "regionfte": "årsverk",
    "seat": "setekategori",
    "person": "person",
    "term": "mandat",
    "office": "verv",
    "prompt": "refleksjonsspørsmål",
    "meeting": "møte",
    "agendaitem": "sak",
    "action": "oppfølging",
    "conflict": "habilitet",
    "attendance": "oppmøte",
    "amendment": "rettelse",
    "needsreport": "behovsmelding",
    "needsreportversion": "behovsmeldingsversjon",
    "allocationrun": "tildelingskjøring",
    "allocationresult": "tildelingslinje",
    "localplan": "lokal kompetanseplan",
    "setting": "innstilling",
    "checkout": "utsjekk",
    "import": "import",
}
#: The fields a change names, where the column's name is not Norwegian already.
FIELDS_NB = {
    "name": "navn",
    "email": "e-post",
    "phone": "telefon",
    "title": "tittel",
    "organisation": "organisasjon",
    "municipality": "kommune",
    "region_id": "nettverk",
    "roles": "roller",
    "note": "merknad",
    "contact_cleared": "kontaktopplysninger slettet",
    "start": "fra",
    "end": "til",
    "ended_reason": "grunn",
    "substitute": "vara",
    "slot": "plass",
    "role": "verv",
    "elected": "valgt",
    "reason": "begrunnelse",
    "sector": "sektor",
    "ground": "grunnlag",
    "decided_by": "avgjort av",
    "disqualified": "inhabil",
    "substitute_id": "vara",
}
#: Keys that tie rows together; a change to them is not news to a reader.
_LINKS = ("id", "person_id", "seat_id")


def field_name(key: str) -> str:
    """A changed field in Norwegian (``"email"`` → ``"e-post"``); unknown keys as they are."""
    return FIELDS_NB.get(key, key)


def change_title(entity: str, action: str, changes: dict[str, Any]) -> str:
    """One change in a line: ``"Mandat lagt inn"``, ``"Person endret: e-post, telefon"``."""
    text = f"{ENTITIES_NB.get(entity, entity)} {ACTIONS_NB.get(action, action)}"
    fields = ", ".join(field_name(k) for k in changes if k not in _LINKS)
    if action == "update" and fields:
        text += f": {fields}"
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class Entry:
    id: int
    at: str
    user: str
    host: str
    entity: str
    entity_id: str
    action: str
    changes: dict[str, Any]

    @property
    def local_time(self) -> str:
        """When, in local time, as Norwegian writes it: 22.11.2026 kl. 10.42."""
        return moment(dt.datetime.fromisoformat(self.at))

    @property
    def short_time(self) -> str:
        """The same, compact for tables: 22.11.26 10.42."""
        return moment(dt.datetime.fromisoformat(self.at), compact=True)

    def summary(self, width: int = 200) -> str:
        """What changed, in one line: ``email: «» → «kari@example.org»``."""
        if self.action == "update":
            parts = [
                f"{field_name(k)}: «{_short(v[0])}» → «{_short(v[1])}»"
                for k, v in self.changes.items()
            ]
        elif self.action == "insert":
            shown = {
                k: v for k, v in self.changes.items() if k != "id" and v not in ("", None, [], {})
            }
            parts = [f"{field_name(k)}: «{_short(v)}»" for k, v in list(shown.items())[:4]]
        elif self.action == "overwrite":
            parts = [", ".join(str(name) for name in self.changes.get("rows", []))]
        else:
            parts = ["fjernet"]
        text = "; ".join(parts)
        return text if len(text) <= width else text[: width - 1] + "…"


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = " ".join(str(text).split())
    return text if len(text) <= 40 else text[:39] + "…"


def entries(
    db: Database,
    *,
    entity: str | None = None,
    entity_id: str | None = None,
    search: str = "",
    limit: int = 500,
    offset: int = 0,
) -> list[Entry]:
    """Log entries, newest first; ``search`` matches user, entity, key and changes."""
    where, params = [], []
    if entity:
        where.append("entity = ?")
        params.append(entity)
    if entity_id:
        where.append("entity_id = ?")
        params.append(entity_id)
    if search:
        where.append("(user LIKE ? OR entity LIKE ? OR entity_id LIKE ? OR changes LIKE ?)")
        params += [f"%{search}%"] * 4
    sql = "SELECT id, at, user, host, entity, entity_id, action, changes FROM auditlog"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY id DESC LIMIT ? OFFSET ?"
    with db.sql() as con:
        rows = con.execute(sql, (*params, limit, offset)).fetchall()
    return [
        Entry(
            r[0],
            r[1],
            r[2],
            r[3],
            r[4],
            r[5],
            r[6],
            json.loads(r[7]) if isinstance(r[7], str) else {},
        )
        for r in rows
    ]


def count(db: Database) -> int:
    with db.sql() as con:
        return con.execute("SELECT COUNT(*) FROM auditlog").fetchone()[0]


def csv_rows(items: list[Entry]) -> list[list[object]]:
    """The log as spreadsheet rows; the changes as JSON in the last column."""
    rows: list[list[object]] = [
        ["Tid (UTC)", "Bruker", "Maskin", "Hva", "Nøkkel", "Handling", "Endringer"]
    ]
    for e in items:
        rows.append(
            [
                e.at,
                e.user,
                e.host,
                ENTITIES_NB.get(e.entity, e.entity),
                e.entity_id,
                ACTIONS_NB.get(e.action, e.action),
                json.dumps(e.changes, ensure_ascii=False, sort_keys=True),
            ]
        )
    return rows
