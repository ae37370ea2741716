"""What the overview screen shows: the forum today, the next meeting, what is due."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .cycle import CycleEvent, cycle_events

if TYPE_CHECKING:
    from .db import Database

ENDING_SOON_DAYS = 90


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

    @property
    def seats_vacant(self) -> int:
        return self.seats_total - self.seats_filled


def _summary(session, meeting) -> MeetingSummary:  # type: ignore[no-untyped-def]
    from sqlmodel import func, select

    from .models import AgendaItem

    count, minutes = session.exec(
        select(func.count(AgendaItem.id), func.coalesce(func.sum(AgendaItem.minutes), 0)).where(
            AgendaItem.meeting_id == meeting.id
        )
    ).one()
    return MeetingSummary(
        date=meeting.date,
        start=meeting.start,
        end=meeting.end,
        place=meeting.place or meeting.video_link,
        status=meeting.status,
        items=count,
        planned_minutes=minutes,
        learning_focus=meeting.learning_focus,
    )


def load_overview(db: Database, today: dt.date, *, horizon_days: int = 120) -> Overview:
    """Read the overview for ``today`` from the database."""
    from sqlmodel import col, func, select

    from . import seats
    from .models import Action, Forum, Meeting, NeedsReport, Office, Person, Region

    with db.read() as s:
        forum = s.get(Forum, 1)
        if forum is None:
            return Overview("Samarbeidsforum (uten navn)", "", "", False, today)
        table = seats.seat_table(s, today)
        filled = sum(row.filled for row in table)
        total = sum(row.count for row in table)
        ending = [
            EndingTerm(h.name, row.name, h.region_name, h.end)
            for row in table
            for h in row.holders
            if h.end <= today + dt.timedelta(days=ENDING_SOON_DAYS)
        ]
        ending.sort(key=lambda e: (e.end, e.person))

        def office(role: str) -> tuple[str, dt.date | None]:
            row = s.exec(
                select(Person.name, Office.end)
                .join(Person, Person.id == Office.person_id)
                .where(Office.role == role, Office.start <= today, Office.end >= today)
                .order_by(Office.start.desc())  # type: ignore[union-attr]
            ).first()
            return (row[0], row[1]) if row else ("", None)

        leader, leader_until = office("leader")
        deputy, _ = office("deputy")

        upcoming_meeting = s.exec(
            select(Meeting)
            .where(Meeting.date >= today, Meeting.status != "cancelled")
            .order_by(Meeting.date)
        ).first()
        previous = s.exec(
            select(Meeting)
            .where(Meeting.date < today, Meeting.status != "cancelled")
            .order_by(col(Meeting.date).desc())
        ).first()

        # The needs-report year: reports for next year are collected from November.
        due_day, due_month = forum.needs_due_day, forum.needs_due_month
        due_this_year = dt.date(today.year, due_month, due_day)
        report_year = today.year if today <= due_this_year else today.year + 1
        reports_due = dt.date(report_year, due_month, due_day)
        expected = s.exec(select(func.count(Region.id))).one()
        received = s.exec(
            select(func.count(NeedsReport.id)).where(NeedsReport.year == report_year)
        ).one()

        open_actions = s.exec(select(func.count(Action.id)).where(Action.done.is_(None))).one()  # type: ignore[union-attr]
        overdue = s.exec(
            select(func.count(Action.id)).where(Action.done.is_(None), Action.due < today)  # type: ignore[union-attr,operator]
        ).one()
        people = s.exec(select(func.count(Person.id))).one()

        events: list[CycleEvent] = []
        for year in (today.year, today.year + 1):
            stored = s.exec(
                select(Meeting.date).where(
                    Meeting.date >= dt.date(year, 1, 1),
                    Meeting.date <= dt.date(year, 12, 31),
                    Meeting.status != "cancelled",
                )
            ).all()
            events += cycle_events(
                year,
                weeks=list(forum.meeting_weeks),
                weekday=forum.meeting_weekday,
                needs_due=(due_day, due_month),
                templates_month=forum.templates_month,
                leader_election_year=_election_year(s, year),
                meetings=list(stored) or None,
            )
        horizon = today + dt.timedelta(days=horizon_days)
        upcoming = [e for e in events if today <= e.date <= horizon]

        return Overview(
            forum_name=forum.name,
            county=forum.county,
            secretariat=forum.secretariat,
            fictional=forum.fictional,
            today=today,
            seats_total=total,
            seats_filled=filled,
            leader=leader,
            leader_until=leader_until,
            deputy=deputy,
            next_meeting=_summary(s, upcoming_meeting) if upcoming_meeting else None,
            last_meeting=_summary(s, previous) if previous else None,
            ending_soon=ending,
            upcoming=upcoming,
            reports_year=report_year,
            reports_due=reports_due,
            reports_in=received,
            reports_expected=expected,
            open_actions=open_actions,
            overdue_actions=overdue,
            people=people,
        )


def _election_year(session, year: int) -> bool:  # type: ignore[no-untyped-def]
    """A leader election is due in ``year`` when the sitting leader's term ends that year."""
    from sqlmodel import select

    from .models import Office

    ends = session.exec(select(Office.end).where(Office.role == "leader")).all()
    if not ends:
        return False
    latest = max(ends)
    # The term ends the day before the election meeting, which may fall early next year.
    return latest.year == year or (latest.year == year - 1 and latest.month == 12)
