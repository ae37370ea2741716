"""The audit log: every change records when, which OS user, what entity and what changed.

Written from the session's ``after_flush`` hook, where new rows already have their ids
and attribute history still tells old from new values.
"""

from __future__ import annotations

import datetime as dt
import getpass
import socket
from collections.abc import Sequence
from typing import Any

from sqlalchemy import JSON, event, inspect
from sqlmodel import Session

from sekretariat.storage.models import AuditLog, MinuteLock

_SKIP = (AuditLog, MinuteLock)
_KEY_ATTRS = ("key", "code", "date")


def os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no passwd entry inside some containers
        return "ukjent"


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.time | dt.datetime):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def _entity_id(obj: Any) -> str:
    for attr in _KEY_ATTRS:
        value = getattr(obj, attr, None)
        if value is not None and attr in type(obj).model_fields:
            return str(_plain(value))
    # New rows have their primary key by after_flush, but not yet an identity key.
    key = inspect(obj).mapper.primary_key_from_instance(obj)
    return ",".join(str(v) for v in key if v is not None) or "?"


_NOT_LOGGED = {"version"}  # the optimistic-lock counter says nothing a reader needs


def _snapshot(obj: Any) -> dict[str, Any]:
    mapper = inspect(obj).mapper
    return {
        c.key: _plain(getattr(obj, c.key)) for c in mapper.column_attrs if c.key not in _NOT_LOGGED
    }


def _diff(obj: Any) -> dict[str, Any]:
    state = inspect(obj)
    changes: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        if attr.key in _NOT_LOGGED:
            continue
        hist = state.attrs[attr.key].history
        if hist.has_changes():
            old = hist.deleted[0] if hist.deleted else None
            new = hist.added[0] if hist.added else None
            if old != new:
                changes[attr.key] = [_plain(old), _plain(new)]
    return changes


class AuditedSession(Session):
    """A session whose flushes are written to the audit log."""


def _context(session: Session) -> tuple[str, str, str]:
    """When (UTC, to the second), which OS user and which host: the same for a whole write."""
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    return now, session.info.get("user") or os_user(), socket.gethostname()


@event.listens_for(AuditedSession, "after_flush")
def _record(session: Session, _ctx: Any) -> None:
    now, user, host = _context(session)
    rows: list[dict[str, Any]] = []

    def add(obj: Any, action: str, changes: dict[str, Any]) -> None:
        if isinstance(obj, _SKIP):
            return
        rows.append(
            {
                "at": now,
                "user": user,
                "host": host,
                "entity": type(obj).__tablename__,
                "entity_id": _entity_id(obj),
                "action": action,
                "changes": changes,
            }
        )

    for obj in session.new:
        add(obj, "insert", _snapshot(obj))
    for obj in session.dirty:
        if session.is_modified(obj, include_collections=False):
            changes = _diff(obj)
            if changes:
                add(obj, "update", changes)
    for obj in session.deleted:
        add(obj, "delete", _snapshot(obj))
    if rows:
        session.connection().execute(AuditLog.__table__.insert(), rows)  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- bulk inserts
_AS_IS = frozenset({str, int, bool, float, type(None)})  # values ``_plain`` returns unchanged
_LOG_KEYS = ("at", "user", "host", "entity", "entity_id", "action", "changes")


def insert_many(session: Session, model: Any, rows: list[dict[str, Any]]) -> None:
    """Insert new rows with one executemany and log each one as ``_record`` logs an insert.

    For imports of many thousand rows, where ORM objects and the flush hook cost most of the
    time. Every row must hold every column (the primary key and the version included), as an
    ORM object does after its flush; the audit rows then carry the same entity, key and
    snapshot (column order, ``_plain`` values, no version), user, host and time as the hook
    would write. Values go through the dialect's own bind processors (dates, times, JSON)
    as in a Core insert, without its per-row parameter bookkeeping (most of its time).
    """
    if not rows:
        return
    mapper = inspect(model)
    logged = [c.key for c in mapper.column_attrs if c.key not in _NOT_LOGGED]
    key_attrs = [a for a in _KEY_ATTRS if a in model.model_fields]
    primary = [mapper.get_property_by_column(c).key for c in mapper.primary_key]
    entity = model.__tablename__
    now, user, host = _context(session)
    connection = session.connection()
    dialect = connection.dialect
    table = model.__table__
    log_table = AuditLog.__table__  # type: ignore[attr-defined]
    keys = [c.key for c in table.columns]
    processors = _processors(dialect, table, keys)
    log_json = _processors(dialect, log_table, ("changes",))[0][1]
    plain, as_is = _plain, _AS_IS
    params = []
    log = []
    for row in rows:
        values = [row[k] for k in keys]
        for i, process in processors:
            values[i] = process(values[i])
        params.append(tuple(values))
        entity_id = None
        for attr in key_attrs:
            value = row[attr]
            if value is not None:
                entity_id = str(plain(value))
                break
        if entity_id is None:
            entity_id = ",".join(str(row[k]) for k in primary if row[k] is not None) or "?"
        changes = {k: row[k] for k in logged}
        for k, value in changes.items():
            if value.__class__ not in as_is:
                changes[k] = plain(value)
        log.append((now, user, host, entity, entity_id, "insert", log_json(changes)))
    connection.exec_driver_sql(_insert_sql(dialect, table, keys), params)
    connection.exec_driver_sql(_insert_sql(dialect, log_table, _LOG_KEYS), log)


def _processors(dialect: Any, table: Any, keys: Sequence[str]) -> list[tuple[int, Any]]:
    """(position, bind processor) of the columns whose values the dialect converts."""
    found = []
    for i, key in enumerate(keys):
        process = table.c[key].type.dialect_impl(dialect).bind_processor(dialect)
        if process is not None:
            if isinstance(table.c[key].type, JSON):
                process = _empty_list_once(process)
            found.append((i, process))
    return found


def _empty_list_once(process: Any) -> Any:
    """A JSON processor that serialises the empty list once (most JSON values of a large
    import are empty lists: flags, documents, roles); any other value as before."""
    empty = process([])

    def cached(value: Any) -> Any:
        return empty if value.__class__ is list and not value else process(value)

    return cached


def _insert_sql(dialect: Any, table: Any, keys: Sequence[str]) -> str:
    assert dialect.paramstyle == "qmark", dialect.paramstyle
    quote = dialect.identifier_preparer
    return "INSERT INTO {} ({}) VALUES ({})".format(
        quote.format_table(table),
        ", ".join(quote.format_column(table.c[k]) for k in keys),
        ", ".join("?" * len(keys)),
    )
