"""The ``[exported]`` table: which database a file came from, and each row as it was then.

A file written by ``sekretariat export`` (and every checkout file) ends with it: the
database's identity, when the file was written, and for every top-level row its row
version (tables that have one) and a digest of what the file holds for it, nested
arrays included (a meeting's agenda, actions and attendance, which carry no version of
their own). Imported into the same database again, a row whose version or digest has
moved since was changed there after the export: the import refuses to write the file's
older values over it unless told to (``--overwrite``, recorded in the audit log). A file
imported into another database is merged as any file is.

The canonical export (``export_text`` without a stamp, ``sample.toml``) has no
``[exported]`` table, so export → import → export stays byte for byte the same.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from sekretariat.errors import ImportRefused
from sekretariat.exchange import spec
from sekretariat.formats import moment, short_date
from sekretariat.i18n import N_, ui

KEY = "exported"


def row_name(table: str, row: Mapping[str, Any]) -> str:
    """How a stamp names a top-level row: ``"forum"``, ``"person:kari-nordmann"``,
    ``"term:kari-nordmann/leder/2026-01-01"`` (its identity keys, as the file has them)."""
    if table in spec.TABLES:
        return table
    return f"{table}:{'/'.join(str(row.get(k, '')) for k in spec.IDENTITY[table])}"


def digest(row: Any) -> str:
    """A short digest of a row as a file holds it (TOML values: dates, times, tables)."""
    text = json.dumps(row, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def top_rows(document: Mapping[str, Any]) -> Iterator[tuple[str, str, Any]]:
    """(table, name, row) of every top-level row of a document (as parsed or exported)."""
    for table in spec.TABLES:
        if isinstance(document.get(table), dict):
            yield table, table, document[table]
    for table in spec.ARRAYS:
        found = document.get(table)
        if isinstance(found, list):
            for row in found:
                if isinstance(row, dict):
                    yield table, row_name(table, row), row


@dataclass(frozen=True)
class Stamp:
    """What an ``[exported]`` table says."""

    database: str
    at: dt.datetime | None
    versions: dict[str, int] = field(default_factory=dict)
    digests: dict[str, str] = field(default_factory=dict)

    def table(self) -> dict[str, Any]:
        out: dict[str, Any] = {"database": self.database}
        if self.at is not None:
            out["at"] = self.at
        out["version"] = dict(self.versions)
        out["digest"] = dict(self.digests)
        return out

    @property
    def when(self) -> str:
        return f" {moment(self.at)}" if self.at is not None else ""


def make(database: str, document: Mapping[str, Any], versions: Mapping[str, int]) -> Stamp:
    """The stamp of a document just exported (``versions`` by row name, from the rows)."""
    at = dt.datetime.now(dt.UTC).replace(microsecond=0)
    digests = {name: digest(row) for _, name, row in top_rows(document)}
    return Stamp(database, at, {k: versions[k] for k in digests if k in versions}, digests)


def _refuse(message: str, source: str) -> ImportRefused:
    """A refusal of the table (``message`` a whole sentence, translated, with ``{source}``
    and ``{table}``)."""
    return ImportRefused(message.format(source=source, table=KEY))


def read(raw: dict[str, Any], source: str) -> Stamp | None:
    """Take the ``[exported]`` table out of a parsed file (None: the file has none)."""
    if KEY not in raw:
        return None
    table = raw.pop(KEY)
    if not isinstance(table, dict):
        raise _refuse(
            ui("{source}: [{table}] skal være en tabell. Ingenting ble importert."), source
        )
    database = table.get("database")
    if not isinstance(database, str) or not database or len(database) > 100:
        raise _refuse(
            ui(
                "{source}: [{table}] mangler «database» (databasens identitet). "
                "Ingenting ble importert."
            ),
            source,
        )
    at = table.get("at")
    if at is not None and not (isinstance(at, dt.datetime) and at.tzinfo is not None):
        raise _refuse(
            ui(
                "{source}: [{table}] «at» skal være et tidspunkt med tidssone. "
                "Ingenting ble importert."
            ),
            source,
        )
    versions = table.get("version", {})
    digests = table.get("digest", {})
    if not isinstance(versions, dict) or not all(
        isinstance(v, int) and not isinstance(v, bool) for v in versions.values()
    ):
        raise _refuse(
            ui(
                "{source}: [{table}] «version» skal være en tabell av heltall. "
                "Ingenting ble importert."
            ),
            source,
        )
    if not isinstance(digests, dict) or not all(isinstance(v, str) for v in digests.values()):
        raise _refuse(
            ui(
                "{source}: [{table}] «digest» skal være en tabell av tekster. "
                "Ingenting ble importert."
            ),
            source,
        )
    unknown = set(table) - {"database", "at", "version", "digest"}
    if unknown:
        message = ui("{source}: [{table}] ukjent nøkkel «{key}». Ingenting ble importert.")
        raise ImportRefused(message.format(source=source, table=KEY, key=sorted(unknown)[0]))
    return Stamp(database, at, versions, digests)


#: How a message names a row of each top-level table (translated where shown).
_NAMES_NB = {
    "forum": N_("forumet"),
    "allocation": N_("tildelingsreglene"),
    "scheme": N_("ordningen «{key}»"),
    "theme": N_("temaet «{key}»"),
    "region": N_("nettverket «{key}»"),
    "municipality": N_("kommunen «{key}»"),
    "seat": N_("setekategorien «{key}»"),
    "person": N_("personen «{key}»"),
    "term": N_("mandatet «{key}»"),
    "office": N_("vervet «{key}»"),
    "prompt": N_("refleksjonsspørsmålet «{key}»"),
    "meeting": N_("møtet {key}"),
    "needs_report": N_("behovsmeldingen «{key}»"),
    "allocation_run": N_("tildelingskjøringen «{key}»"),
    "grant_decision": N_("vedtaket om tilskudd «{key}»"),
    "annual_report": N_("årsrapporten «{key}»"),
}


def describe(name: str) -> str:
    """A row name in a Norwegian sentence: ``"meeting:2027-01-21"`` → ``"møtet 21.01.2027"``."""
    table, _, key = name.partition(":")
    if table == "meeting":
        with contextlib.suppress(ValueError):
            key = short_date(dt.date.fromisoformat(key))
    pattern = _NAMES_NB.get(table)
    if pattern is None:
        return f"{table} «{key}»"  # no such table: the file's own name for it
    return ui(pattern).format(key=key)


def stale_rows(
    then: Stamp,
    now: Mapping[str, tuple[int | None, str]],
    raw: Mapping[str, Any],
) -> list[str]:
    """The rows of a file (``raw``, as parsed) that the database changed after the export
    and the file would write over: names, in file order.

    ``now`` is every stored row's (version, digest) as the database would export it now.
    A row is changed since when its version or digest moved, was deleted since, or was
    added since under the same key. It is left out when the file holds what the database
    holds now (importing it changes nothing).
    """
    out = []
    for _, name, row in top_rows(raw):
        current = now.get(name)
        exported = then.digests.get(name)
        if current is None:
            if exported is not None:
                out.append(name)  # deleted since: the import would bring it back
            continue
        version, current_digest = current
        if exported is None:
            changed = True  # added since the export, under the key the file uses
        else:
            moved = version is not None and then.versions.get(name, version) != version
            changed = moved or current_digest != exported
        if changed and digest(row) != current_digest:
            out.append(name)
    return out
