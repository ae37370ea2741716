"""The audit log: every change records when, which OS user, what entity and what changed.

One function, ``entry``, makes every audit row, from a row's column values: the session's
``after_flush`` hook calls it for each object it flushed (new rows already have their ids
there, and attribute history still tells old from new values), and ``insert_many`` for
each row an import writes without ORM objects. One function, ``write_entries``, stores them.
"""

from __future__ import annotations

import datetime as dt
import getpass
import socket
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import JSON, Table, event, insert, inspect
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapper
from sqlmodel import Session, SQLModel

from sekretariat.storage.models import AuditLog, MinuteLock

_SKIP = (AuditLog, MinuteLock)
_KEY_ATTRS = ("key", "code", "date")
_NOT_LOGGED = {"version"}  # the optimistic-lock counter says nothing a reader needs
#: Tables whose ``code`` is not a key of its own (a control point's code repeats in every
#: annual report): their rows are named by id.
_NAMED_BY_ID = frozenset({"annualreportcheck"})
#: Tables whose rows are named by another column: a municipality by its name.
_NAMED_BY = {"municipality": ("name",)}
_AS_IS = frozenset({str, int, bool, float, type(None)})  # what ``_plain`` returns unchanged


def os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no passwd entry inside some containers
        return "ukjent"


def _plain(value: Any) -> Any:
    if value.__class__ in _AS_IS:
        return value
    if isinstance(value, dt.date | dt.time | dt.datetime):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


@dataclass(frozen=True)
class Stamp:
    """When (UTC, to the second), which OS user and which host: the same for a whole write."""

    at: str
    user: str
    host: str


def stamp(session: Session) -> Stamp:
    return Stamp(
        dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        session.info.get("user") or os_user(),
        socket.gethostname(),
    )


@dataclass(frozen=True)
class _Shape:
    """What the log needs to know of a table, worked out once per model."""

    table: Table
    entity: str  # the table's name as plain text (its own is a SQLAlchemy str subclass)
    logged: tuple[str, ...]  # the columns of a snapshot, in the table's order
    key_attrs: tuple[str, ...]  # the stable keys that name a row, in order of preference
    primary: tuple[str, ...]  # the primary key's attributes, naming a row without a key


_SHAPES: dict[type, _Shape] = {}


def _shape(model: type) -> _Shape:
    found = _SHAPES.get(model)
    if found is not None:
        return found
    mapper: Mapper[Any] = inspect(model)
    fields = getattr(model, "model_fields", {})
    table = mapper.local_table
    assert isinstance(table, Table), model  # every model here maps one table
    found = _SHAPES[model] = _Shape(
        table=table,
        entity=f"{table.name}",
        logged=tuple(c.key for c in mapper.column_attrs if c.key not in _NOT_LOGGED),
        key_attrs=()
        if table.name in _NAMED_BY_ID
        else _NAMED_BY.get(table.name) or tuple(a for a in _KEY_ATTRS if a in fields),
        primary=tuple(mapper.get_property_by_column(c).key for c in mapper.primary_key),
    )
    return found


def entry(
    when: Stamp,
    model: type,
    action: str,
    values: Mapping[str, Any],
    changes: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The audit row for one row of ``model`` with these column values.

    The row is named by its first stable key (``key``, ``code``, ``date``) that has a value,
    else by its primary key; ``changes`` defaults to a snapshot of every column but the
    version, dates as ISO text.
    """
    shape = _shape(model)
    if changes is None:
        changes = {}
        for k in shape.logged:
            value = values[k]
            changes[k] = value if value.__class__ in _AS_IS else _plain(value)
    return {
        "at": when.at,
        "user": when.user,
        "host": when.host,
        "entity": shape.entity,
        "entity_id": _name(shape, values),
        "action": action,
        "changes": changes,
    }


def _name(shape: _Shape, values: Mapping[str, Any]) -> str:
    for attr in shape.key_attrs:
        value = values[attr]
        if value is not None:
            return str(_plain(value))
    return ",".join(str(values[k]) for k in shape.primary if values[k] is not None) or "?"


def write_entries(connection: Connection, entries: list[dict[str, Any]]) -> None:
    if entries:
        connection.execute(insert(AuditLog), entries)


def _values(obj: Any) -> dict[str, Any]:
    return {c.key: getattr(obj, c.key) for c in inspect(obj).mapper.column_attrs}


def _entity_id(obj: Any) -> str:
    """How the log names ``obj`` (to find its newest entry)."""
    return _name(_shape(type(obj)), _values(obj))


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


@event.listens_for(AuditedSession, "after_flush")
def _record(session: Session, _ctx: Any) -> None:
    when = stamp(session)
    entries: list[dict[str, Any]] = []
    for obj in session.new:
        if not isinstance(obj, _SKIP):
            entries.append(entry(when, type(obj), "insert", _values(obj)))
    for obj in session.dirty:
        if not isinstance(obj, _SKIP) and session.is_modified(obj, include_collections=False):
            changes = _diff(obj)
            if changes:
                entries.append(entry(when, type(obj), "update", _values(obj), changes))
    for obj in session.deleted:
        if not isinstance(obj, _SKIP):
            entries.append(entry(when, type(obj), "delete", _values(obj)))
    write_entries(session.connection(), entries)


def insert_many(session: Session, model: type[SQLModel], rows: Iterable[dict[str, Any]]) -> None:
    """Insert new rows with one executemany, each logged as the flush hook logs an insert.

    For imports of many thousand rows, where ORM objects and their flush cost ten times the
    insert. Every row must hold every column, its id and version included, as an ORM object
    does after its flush. Values go through the column types' own bind processors (dates,
    times, JSON), as in any insert, but without an insert's per-row parameter bookkeeping
    (most of its time here).
    """
    rows = list(rows)
    if not rows:
        return
    connection = session.connection()
    when = stamp(session)
    table = _shape(model).table
    log = _shape(AuditLog).table
    _execute_many(connection, table, rows)
    _execute_many(connection, log, [entry(when, model, "insert", row) for row in rows])


def _execute_many(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    dialect = connection.dialect
    keys = [c.key for c in table.columns if c.key in rows[0]]
    processors: list[tuple[int, Callable[[Any], Any]]] = []
    for i, key in enumerate(keys):
        process = table.c[key].type.dialect_impl(dialect).bind_processor(dialect)
        if process is not None:
            json = isinstance(table.c[key].type, JSON)
            processors.append((i, _empty_list_once(process) if json else process))
    params = []
    for row in rows:
        values = [row[k] for k in keys]
        for i, convert in processors:
            values[i] = convert(values[i])
        params.append(tuple(values))
    assert dialect.paramstyle == "qmark", dialect.paramstyle
    quote = dialect.identifier_preparer
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote.format_table(table),
        ", ".join(quote.format_column(table.c[k]) for k in keys),
        ", ".join("?" * len(keys)),
    )
    connection.exec_driver_sql(sql, params)


def _empty_list_once(process: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A JSON processor that serialises the empty list once (most JSON values of a large
    import are empty lists: flags, documents, roles); any other value as before."""
    empty = process([])

    def cached(value: Any) -> Any:
        return empty if value.__class__ is list and not value else process(value)

    return cached
