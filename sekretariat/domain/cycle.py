"""The annual cycle (årshjul): meeting dates from ISO weeks, and the year's deadlines."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


def iso_weeks_in_year(year: int) -> int:
    """52 or 53: 28 December is always in the last ISO week of its year."""
    return dt.date(year, 12, 28).isocalendar().week


def meeting_dates(year: int, weeks: list[int], weekday: int) -> list[dt.date]:
    """The dates of the year's meetings: ``weekday`` (ISO, 1 = Monday) of each ISO week.

    A week 53 in a year that has only 52 is skipped rather than spilling into next year.
    """
    last = iso_weeks_in_year(year)
    return sorted(dt.date.fromisocalendar(year, w, weekday) for w in weeks if 1 <= w <= last)


def needs_due_date(year: int, day: int = 1, month: int = 2) -> dt.date:
    """When the needs reports for ``year`` are due (plan 3.7: 1 February, the forum's
    ``needs_due``)."""
    return dt.date(year, month, day)


def report_year(today: dt.date, day: int = 1, month: int = 2) -> int:
    """The year whose needs reports are being collected on ``today``.

    Up to and including the due day it is this year; after it, next year's (the templates
    for it go out in November). The overview and the inbox both open on this year.
    """
    return today.year if today <= needs_due_date(today.year, day, month) else today.year + 1


@dataclass(frozen=True)
class CycleEvent:
    """One entry of the annual cycle."""

    date: dt.date
    title: str
    kind: str  # "meeting" | "deadline" | "task"


def cycle_events(
    year: int,
    *,
    weeks: list[int],
    weekday: int,
    needs_due: tuple[int, int],
    templates_month: int,
    leader_election_year: bool,
    meetings: list[dt.date] | None = None,
) -> list[CycleEvent]:
    """The year's cycle: meetings (stored ones if given, else the pattern) and deadlines."""
    dates = meetings if meetings is not None else meeting_dates(year, weeks, weekday)
    events = [CycleEvent(d, "Møte i samarbeidsforum", "meeting") for d in dates]
    events.append(
        CycleEvent(needs_due_date(year, *needs_due), "Frist for behovsmeldinger", "deadline")
    )
    events.append(
        CycleEvent(
            dt.date(year, templates_month, 1),
            f"Maler for behovsmelding {year + 1} sendes til eierne",
            "task",
        )
    )
    january = [d for d in dates if d.month == 1]
    first = january[0] if january else dt.date(year, 1, 31)
    events.append(CycleEvent(first, f"Informasjon om tildeling {year} i januarmøtet", "task"))
    if leader_election_year:
        events.append(CycleEvent(first, "Valg av leder, nestleder og arbeidsgruppe", "task"))
    events.append(
        CycleEvent(
            dt.date(year, 3, 1), f"Årsrapportering for {year - 1} fra nettverkene", "deadline"
        )
    )
    return sorted(events, key=lambda e: (e.date, e.kind != "meeting", e.title))


def missing_meeting_dates(
    year: int, weeks: list[int], weekday: int, stored: list[dt.date]
) -> list[dt.date]:
    """The pattern's dates for ``year`` that have no stored meeting in their ISO week.

    A meeting moved within its week (or cancelled and kept) still answers for that week,
    so generating the year again never brings a moved or cancelled meeting back.
    """
    taken = {d.isocalendar()[:2] for d in stored}
    return [d for d in meeting_dates(year, weeks, weekday) if d.isocalendar()[:2] not in taken]
