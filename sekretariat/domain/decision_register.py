"""The decision register: decisions across meetings, open follow-ups, and minutes to approve.

Read with sqlite3 (``Database.sql``): a register over years of meetings must page and
search fast. Writing goes through ``minutes`` (approval, amendments, actions done).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sekretariat.formats import case_label, short_date
from sekretariat.i18n import ui, ui_label

if TYPE_CHECKING:
    from sekretariat.storage.database import Database


@dataclass(frozen=True)
class DecisionRow:
    item_id: int
    meeting_id: int
    meeting_date: dt.date
    case: str
    title: str
    kind: str
    outcome: str
    decision: str
    proposal: str
    notes: str
    approved: bool

    @property
    def text(self) -> str:
        """What was decided, as the minutes say it."""
        if self.outcome == "noted" and not self.decision:
            return "Tatt til orientering."
        return self.decision or self.proposal


@dataclass(frozen=True)
class ActionRow:
    id: int
    what: str
    owner: str
    due: dt.date | None
    done: dt.date | None
    meeting_date: dt.date
    case: str
    item_title: str

    def overdue(self, today: dt.date) -> bool:
        return self.done is None and self.due is not None and self.due < today


@dataclass(frozen=True)
class MinutesRow:
    meeting_id: int
    date: dt.date
    status: str
    approved: dt.date | None
    how: str
    decisions: int
    amendments: int
    #: Items still without an outcome (the approval dialog warns of them).
    undecided: int = 0

    @property
    def state(self) -> str:
        if self.status == "approved":
            how = ui_label(self.how)
            if self.approved and self.how:
                return ui("godkjent {day}, {how}").format(day=short_date(self.approved), how=how)
            if self.approved:
                return ui("godkjent {day}").format(day=short_date(self.approved))
            return ui("godkjent, {how}").format(how=how) if self.how else ui("godkjent")
        return (
            ui("utkast") if self.status in ("held", "summoned") else ui_label(self.status).lower()
        )


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def years(db: Database) -> list[int]:
    with db.sql() as con:
        rows = con.execute(
            'SELECT DISTINCT substr("date", 1, 4) FROM meeting ORDER BY 1 DESC'
        ).fetchall()
    return [int(r[0]) for r in rows]


#: When an item (``i``) of a meeting (``m``) counts as a decision: it has an outcome, or
#: decision text from a meeting that was held; text prefilled from the proposal in a
#: planned or summoned meeting is not a decision yet. The register and the count in the
#: minutes list both use it, so they agree.
IS_DECISION = "(i.outcome != '' OR (i.decision != '' AND m.status IN ('held', 'approved')))"


def decisions(
    db: Database,
    *,
    search: str = "",
    year: int | None = None,
    kind: str | None = None,
    limit: int = 2000,
) -> list[DecisionRow]:
    """Items with a decision or an outcome, newest meeting first; ``search`` is in any text."""
    where = [IS_DECISION]
    params: list[object] = []
    if year is not None:
        where.append('m."date" BETWEEN ? AND ?')
        params += [f"{year}-01-01", f"{year}-12-31"]
    if kind:
        where.append("i.kind = ?")
        params.append(kind)
    for word in search.split():
        where.append("(i.title LIKE ? OR i.decision LIKE ? OR i.proposal LIKE ? OR i.notes LIKE ?)")
        params += [f"%{word}%"] * 4
    sql = (
        'SELECT i.id, i.meeting_id, m."date", i.number, i.title, i.kind, i.outcome, i.decision, '
        "i.proposal, i.notes, m.status FROM agendaitem i JOIN meeting m ON m.id = i.meeting_id "
        f'WHERE {" AND ".join(where)} ORDER BY m."date" DESC, i.position LIMIT ?'
    )
    with db.sql() as con:
        rows = con.execute(sql, (*params, limit)).fetchall()
    out = []
    for r in rows:
        day = dt.date.fromisoformat(r[2])
        out.append(
            DecisionRow(
                r[0],
                r[1],
                day,
                case_label(r[3], day.year),
                r[4],
                r[5],
                r[6],
                r[7],
                r[8],
                r[9],
                r[10] == "approved",
            )
        )
    return out


def actions(db: Database, *, include_done: bool = False) -> list[ActionRow]:
    """Follow-up actions across meetings: open ones by due date (undated last)."""
    where = "" if include_done else "WHERE a.done IS NULL"
    sql = (
        'SELECT a.id, a.what, a.owner, a.due, a.done, m."date", i.number, i.title '
        "FROM action a JOIN agendaitem i ON i.id = a.item_id JOIN meeting m ON m.id = i.meeting_id "
        f'{where} ORDER BY a.done IS NOT NULL, a.due IS NULL, a.due, m."date", a.position'
    )
    with db.sql() as con:
        rows = con.execute(sql).fetchall()
    out = []
    for r in rows:
        day = dt.date.fromisoformat(r[5])
        out.append(
            ActionRow(
                r[0], r[1], r[2], _date(r[3]), _date(r[4]), day, case_label(r[6], day.year), r[7]
            )
        )
    return out


def minutes_list(db: Database) -> list[MinutesRow]:
    """Every held meeting with the state of its minutes, newest first."""
    sql = (
        'SELECT m.id, m."date", m.status, m.minutes_approved, m.approved_how, '
        f"(SELECT COUNT(*) FROM agendaitem i WHERE i.meeting_id = m.id AND {IS_DECISION}), "
        "(SELECT COUNT(*) FROM amendment a WHERE a.meeting_id = m.id), "
        "(SELECT COUNT(*) FROM agendaitem i WHERE i.meeting_id = m.id AND i.outcome = '') "
        "FROM meeting m WHERE m.status IN ('summoned', 'held', 'approved') ORDER BY m.\"date\" DESC"
    )
    with db.sql() as con:
        rows = con.execute(sql).fetchall()
    return [
        MinutesRow(
            r[0], dt.date.fromisoformat(r[1]), r[2], _date(r[3]), r[4] or "", r[5], r[6], r[7]
        )
        for r in rows
    ]
