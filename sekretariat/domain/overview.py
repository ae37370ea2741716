"""What the overview screen shows: the forum today, the next meeting, what is due."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sekretariat.domain import seats
from sekretariat.domain.cycle import (
    CycleEvent,
    annual_reminder,
    annual_report_due,
    cycle_events,
    cycle_settings,
    leader_election_year,
    needs_due_date,
    report_year,
)
from sekretariat.i18n import N_, ui

if TYPE_CHECKING:
    from sekretariat.storage.database import Database

#: What the header says when the forum row is missing (an empty, half-set-up database).
UNNAMED_FORUM = N_("Samarbeidsforum (uten navn)")


def forum_name(db: Database) -> str:
    """The forum's name for the window header, read once when the database opens."""
    with db.sql() as con:
        row = con.execute("SELECT name FROM forum WHERE id = 1").fetchone()
    return row[0] if row is not None and row[0] else ui(UNNAMED_FORUM)


@dataclass(frozen=True)
class MeetingSummary:
    date: dt.date
    start: dt.time | None
    end: dt.time | None
    place: str
    status: str
    items: int
    planned_minutes: int
    learning_focus: str


@dataclass(frozen=True)
class EndingTerm:
    person: str
    seat: str
    region: str
    end: dt.date


@dataclass(frozen=True)
class Overview:
    """Everything the overview needs, read in one go."""

    forum_name: str
    county: str
    secretariat: str
    fictional: bool
    today: dt.date
    seats_total: int = 0
    seats_filled: int = 0
    leader: str = ""
    leader_until: dt.date | None = None
    deputy: str = ""
    next_meeting: MeetingSummary | None = None
    last_meeting: MeetingSummary | None = None
    ending_soon: list[EndingTerm] = field(default_factory=list)
    upcoming: list[CycleEvent] = field(default_factory=list)
    reports_year: int = 0
    reports_due: dt.date | None = None
    reports_in: int = 0
    reports_expected: int = 0
    open_actions: int = 0
    overdue_actions: int = 0
    people: int = 0
    #: A line per grant year whose annual reports are due, missing or returned.
    annual_reminders: list[str] = field(default_factory=list)

    @property
    def seats_vacant(self) -> int:
        return self.seats_total - self.seats_filled


def _time(value: str | None) -> dt.time | None:
    return dt.time.fromisoformat(value) if value else None


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _summary(con: sqlite3.Connection, meeting: sqlite3.Row) -> MeetingSummary:
    count, minutes = con.execute(
        "SELECT COUNT(*), COALESCE(SUM(minutes), 0) FROM agendaitem WHERE meeting_id = ?",
        (meeting["id"],),
    ).fetchone()
    return MeetingSummary(
        date=dt.date.fromisoformat(meeting["date"]),
        start=_time(meeting["start"]),
        end=_time(meeting["end"]),
        place=meeting["place"] or meeting["video_link"],
        status=meeting["status"],
        items=count,
        planned_minutes=minutes,
        learning_focus=meeting["learning_focus"],
    )


_MEETING = (
    'SELECT id, "date", start, "end", place, video_link, status, learning_focus FROM meeting '
    "WHERE status != 'cancelled' AND "
)
#: The statuses of a meeting still ahead: neither held nor with approved minutes (a
#: meeting held today is behind us, though its date is today) nor cancelled.
AHEAD_STATUSES = ("planned", "summoned")
_AHEAD = f'status IN {AHEAD_STATUSES} AND minutes_approved IS NULL AND "date" >= ? ORDER BY "date"'


def is_ahead(day: dt.date, status: str, today: dt.date) -> bool:
    """Whether a meeting is still ahead on ``today`` (as ``next_meeting_date`` sees it)."""
    return day >= today and status in AHEAD_STATUSES


def next_meeting_date(con: sqlite3.Connection, today: dt.date) -> dt.date | None:
    """The date of the next meeting from ``today`` (the overview's «Neste møte»)."""
    row = con.execute('SELECT "date" FROM meeting WHERE ' + _AHEAD, (today.isoformat(),))
    found = row.fetchone()
    return dt.date.fromisoformat(found[0]) if found else None


def load_overview(db: Database, today: dt.date, *, horizon_days: int = 120) -> Overview:
    """Read the overview for ``today`` (plain sqlite3: it is the first thing shown)."""
    iso = today.isoformat()
    with db.sql() as con:
        forum = con.execute("SELECT * FROM forum WHERE id = 1").fetchone()
        if forum is None:
            return Overview(ui(UNNAMED_FORUM), "", "", False, today)
        table = seats.seat_table(con, today)
        filled = sum(row.filled for row in table)
        total = sum(row.count for row in table)
        ending = [
            EndingTerm(h.name, row.name, h.region_name, h.end)
            for row in table
            for h in row.holders
            if seats.ends_soon(h.end, today)
        ]
        ending.sort(key=lambda e: (e.end, e.person))

        def office(role: str) -> tuple[str, dt.date | None]:
            row = con.execute(
                'SELECT p.name, o."end" FROM office o JOIN person p ON p.id = o.person_id '
                'WHERE o.role = ? AND o.start <= ? AND o."end" >= ? ORDER BY o.start DESC',
                (role, iso, iso),
            ).fetchone()
            return (row[0], _date(row[1])) if row else ("", None)

        leader, leader_until = office("leader")
        deputy, _ = office("deputy")
        upcoming_meeting = con.execute(_MEETING + _AHEAD, (iso,)).fetchone()
        previous = con.execute(
            _MEETING + "(\"date\" < ? OR (\"date\" = ? AND status IN ('held', 'approved'))) "
            'ORDER BY "date" DESC',
            (iso, iso),
        ).fetchone()

        due_day, due_month = forum["needs_due_day"], forum["needs_due_month"]
        reports_year = report_year(today, due_day, due_month)
        reports_due = needs_due_date(reports_year, due_day, due_month)
        # The default scheme's reports: the networks taking part in it, and theirs.
        scheme = con.execute(
            "SELECT code, regions FROM scheme WHERE is_default ORDER BY id LIMIT 1"
        ).fetchone()
        scheme_code, taking_part = (scheme[0], json.loads(scheme[1])) if scheme else ("", [])
        expected = (
            len(taking_part)
            if taking_part
            else con.execute("SELECT COUNT(*) FROM region").fetchone()[0]
        )
        received = con.execute(
            "SELECT COUNT(*) FROM needsreport WHERE year = ? AND scheme_code = ?",
            (reports_year, scheme_code),
        ).fetchone()[0]
        reminders = _annual_reminders(con, forum, today, scheme_code, taking_part)
        open_actions = con.execute("SELECT COUNT(*) FROM action WHERE done IS NULL").fetchone()[0]
        overdue = con.execute(
            "SELECT COUNT(*) FROM action WHERE done IS NULL AND due < ?", (iso,)
        ).fetchone()[0]
        people = con.execute("SELECT COUNT(*) FROM person").fetchone()[0]
        leader_ends = [
            dt.date.fromisoformat(r[0])
            for r in con.execute("SELECT \"end\" FROM office WHERE role = 'leader'")
        ]

        events: list[CycleEvent] = []
        weeks = json.loads(forum["meeting_weeks"])
        settings = cycle_settings(forum)
        for year in (today.year, today.year + 1):
            stored = [
                dt.date.fromisoformat(r[0])
                for r in con.execute(
                    'SELECT "date" FROM meeting WHERE "date" BETWEEN ? AND ? '
                    "AND status != 'cancelled' ORDER BY \"date\"",
                    (f"{year}-01-01", f"{year}-12-31"),
                )
            ]
            events += cycle_events(
                year,
                weeks=weeks,
                weekday=forum["meeting_weekday"],
                needs_due=(due_day, due_month),
                templates_month=forum["templates_month"],
                leader_election_year=_election_year(leader_ends, year, forum),
                meetings=stored or None,
                **settings,
            )
        horizon = today + dt.timedelta(days=horizon_days)
        upcoming = [e for e in events if today <= e.date <= horizon]

        return Overview(
            forum_name=forum["name"],
            county=forum["county"],
            secretariat=forum["secretariat"],
            fictional=bool(forum["fictional"]),
            today=today,
            seats_total=total,
            seats_filled=filled,
            leader=leader,
            leader_until=leader_until,
            deputy=deputy,
            next_meeting=_summary(con, upcoming_meeting) if upcoming_meeting else None,
            last_meeting=_summary(con, previous) if previous else None,
            ending_soon=ending,
            upcoming=upcoming,
            reports_year=reports_year,
            reports_due=reports_due,
            reports_in=received,
            reports_expected=expected,
            open_actions=open_actions,
            overdue_actions=overdue,
            people=people,
            annual_reminders=reminders,
        )


def _annual_reminders(
    con: sqlite3.Connection,
    forum: sqlite3.Row,
    today: dt.date,
    scheme_code: str,
    taking_part: list[str],
) -> list[str]:
    """Last year's annual reports once the year is over, and this year's as soon as one
    has come in; only for a year with a grant to report on (an adopted run, a decision or
    a report), so a forum's years before the app say nothing."""
    lines = []
    for year in (today.year - 1, today.year):
        states = [
            r[0]
            for r in con.execute(
                "SELECT state FROM annualreport WHERE year = ? AND scheme_code = ?",
                (year, scheme_code),
            )
        ]
        granted = con.execute(
            "SELECT (SELECT COUNT(*) FROM allocationrun WHERE year = ? AND scheme_code = ? "
            "AND status = 'adopted') + (SELECT COUNT(*) FROM grantdecision WHERE year = ? "
            "AND scheme_code = ?)",
            (year, scheme_code, year, scheme_code),
        ).fetchone()[0]
        if not states and (year == today.year or not granted):
            continue
        networks = con.execute("SELECT code FROM region").fetchall()
        expected = len([r for r in networks if not taking_part or r[0] in taking_part])
        due = annual_report_due(year, forum["reports_due_day"], forum["reports_due_month"])
        line = annual_reminder(
            year,
            due,
            today,
            missing=max(expected - len(states), 0),
            returned=states.count("returned"),
            waiting=sum(states.count(s) for s in ("received", "review", "adjusted")),
        )
        if line:
            lines.append(line)
    return lines


def _election_year(leader_ends: list[dt.date], year: int, forum: sqlite3.Row) -> bool:
    """Whether the leader is elected in ``year``: by the forum's periods when its first
    period is known, else when the sitting leader's term ends then (the term ends the day
    before the election meeting, which may fall early next year)."""
    known = leader_election_year(
        year,
        forum["leader_first_year"],
        forum["leader_first_term_years"],
        forum["leader_term_years"],
    )
    if known is not None:
        return known
    if not leader_ends:
        return False
    latest = max(leader_ends)
    return latest.year == year or (latest.year == year - 1 and latest.month == 12)
