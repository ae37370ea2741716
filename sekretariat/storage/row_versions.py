"""Lost updates: a save based on an old read is refused, naming who changed the row.

Editable rows carry a ``version`` that every UPDATE bumps (SQLAlchemy's version counter,
see ``models._versioned``). A screen remembers the version it showed; the core's save
functions call ``ensure_fresh`` with it, so two people editing the same row never
overwrite each other silently: the second gets "endret av <bruker> kl. <tid> — last inn
på nytt" and nothing is written.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlmodel import col, select

from sekretariat.errors import UserError
from sekretariat.formats import clock
from sekretariat.i18n import ui
from sekretariat.storage.audit import _entity_id
from sekretariat.storage.models import AuditLog


class StaleEdit(UserError):
    """Someone else saved the row after it was read; reload before saving again."""


def last_change(session: Any, obj: Any) -> tuple[str, str] | None:
    """Who made the newest logged change to ``obj``, and when (local HH.MM)."""

    row = session.exec(
        select(AuditLog.user, AuditLog.at)
        .where(AuditLog.entity == type(obj).__tablename__, AuditLog.entity_id == _entity_id(obj))
        .order_by(col(AuditLog.id).desc())
    ).first()
    if row is None:
        return None
    user, at = row
    return user, clock(dt.datetime.fromisoformat(at).astimezone().time())


def stale_message(session: Any, obj: Any) -> str:
    who = last_change(session, obj)
    if who is None:
        return ui("Dette er endret av noen andre siden du leste det inn — last inn på nytt.")
    return ui("Endret av {user} kl. {time} — last inn på nytt.").format(user=who[0], time=who[1])


def ensure_fresh(session: Any, obj: Any, seen_version: int | None) -> None:
    """Refuse to save over a newer version than the one the user saw."""
    if seen_version is not None and obj.version != seen_version:
        raise StaleEdit(stale_message(session, obj))
