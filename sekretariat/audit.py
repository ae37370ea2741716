"""The audit log: every change records when, which OS user, what entity and what changed.

Written from the session's ``after_flush`` hook, where new rows already have their ids
and attribute history still tells old from new values.
"""

from __future__ import annotations

import datetime as dt
import getpass
import socket
from typing import Any

from sqlalchemy import event, inspect
from sqlmodel import Session

from .models import AuditLog, MinuteLock

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
    return {c.key: _plain(getattr(obj, c.key)) for c in mapper.column_attrs if c.key not in _NOT_LOGGED}


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
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    user = session.info.get("user") or os_user()
    host = socket.gethostname()
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
