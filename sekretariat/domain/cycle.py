"""The annual cycle (årshjul): meeting dates from ISO weeks, and the year's deadlines."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sekretariat.formats import short_date
from sekretariat.i18n import ui as _


def iso_weeks_in_year(year: int) -> int:
    """52 or 53: 28 December is always in the last ISO week of its year."""
    return dt.date(year, 12, 28).isocalendar().week


def meeting_dates(year: int, weeks: list[int], weekday: int) -> list[dt.date]:
    """The dates of the year's meetings: ``weekday`` (ISO, 1 = Monday) of each ISO week.

    A week 53 in a year that has only 52 is skipped rather than spilling into next year.
    """
    last = iso_weeks_in_year(year)
    return sorted(dt.date.fromisocalendar(year, w, weekday) for w in weeks if 1 <= w <= last)


def _anniversary_eve(start: dt.date, years: int) -> dt.date:
    """``years`` calendar years after ``start``, less a day (29 February runs to 28 February)."""
    try:
        anniversary = start.replace(year=start.year + years)
    except ValueError:  # 29 February into a common year
        anniversary = dt.date(start.year + years, 3, 1)
    return anniversary - dt.timedelta(days=1)


def _meetings_around(year: int, weeks: list[int], weekday: int) -> list[dt.date]:
    """The pattern's meetings of ``year`` and the years on either side, in order."""
    return sorted(d for y in (year - 1, year, year + 1) for d in meeting_dates(y, weeks, weekday))


def first_meeting(start: dt.date, weeks: list[int], weekday: int) -> dt.date | None:
    """The pattern's first meeting on or after ``start`` (None without meeting weeks)."""
    if not weeks:
        return None
    return next((d for d in _meetings_around(start.year, weeks, weekday) if d >= start), None)


def period_end(start: dt.date, years: int, weeks: list[int], weekday: int) -> dt.date:
    """The last day of a period of ``years`` years that starts on ``start``.

    A period is counted in the annual cycle, not the calendar: it covers the meetings from
    the first one on or after ``start`` and ends the day before the meeting at the same
    place in the cycle (the same ISO week and weekday) ``years`` later. A term from the
    January meeting of 2026 (15.01, week 3) runs to 19.01.2028, the day before the January
    meeting of 2028 (20.01), so no seat stands empty between two periods (Innlandet plan
    3.5: «for 2 år av gangen»; 6: «torsdager og i ukene 3, 10, 25, 38, 46»). Without
    meeting weeks the period is ``years`` calendar years less a day.
    """
    first = first_meeting(start, weeks, weekday)
    if first is None:  # no meeting weeks, or none on or after ``start`` in the years looked at
        return _anniversary_eve(start, years)
    iso_year, week, _ = first.isocalendar()
    target_year = iso_year + years
    week = min(week, iso_weeks_in_year(target_year))
    target = dt.date.fromisocalendar(target_year, week, weekday)
    after = next((d for d in _meetings_around(target_year, weeks, weekday) if d >= target), target)
    return after - dt.timedelta(days=1)


def election_years(first_year: int, first_years: int, years: int, until: int) -> list[int]:
    """The years a leader is elected, from the first period up to ``until``.

    The first period may be of its own length (Innlandet plan 3.4: «hvert andre år. Det er
    unntak fra dette for 2026, da leder ble valgt for ett år»: 2026, 2027, 2029, ...).
    """
    out = [first_year]
    nxt = first_year + max(first_years, 1)
    while nxt <= until:
        out.append(nxt)
        nxt += max(years, 1)
    return out


def office_end(
    start: dt.date,
    *,
    years: int,
    first_year: int | None,
    first_years: int | None,
    weeks: list[int],
    weekday: int,
) -> dt.date:
    """The last day of the leader's period that ``start`` falls in (leader, deputy and
    working group alike: the group is elected the same day as the leader, plan 3.6).

    With the forum's first period known (``first_year``, ``first_years`` long) the periods
    are fixed in the cycle: each runs from the first meeting of an election year to the
    day before the first meeting of the next, so a by-election ends with the period.
    Otherwise, or for a start before the first period, ``period_end`` of ``years``.
    """
    if first_year is None or not weeks:
        return period_end(start, years, weeks, weekday)
    lengths = first_years if first_years is not None else years

    def opening(year: int) -> dt.date | None:
        dates = meeting_dates(year, weeks, weekday)
        return dates[0] if dates else None

    first_opening = opening(first_year)
    if first_opening is None or start < first_opening:
        return period_end(start, years, weeks, weekday)
    for year in election_years(first_year, lengths, years, start.year + max(years, 1) + 2)[1:]:
        begins = opening(year)
        if begins is not None and begins > start:
            return begins - dt.timedelta(days=1)
    return period_end(start, years, weeks, weekday)  # not reached: the list runs past start


def leader_election_year(
    year: int, first_year: int | None, first_years: int | None, years: int
) -> bool | None:
    """Whether the forum elects its leader in ``year``; None when the first period is not
    known (the caller then judges from the stored offices)."""
    if first_year is None:
        return None
    lengths = first_years if first_years is not None else years
    return year in election_years(first_year, lengths, years, year)


def needs_due_date(year: int, day: int = 1, month: int = 2) -> dt.date:
    """When the needs reports for ``year`` are due (plan 3.7: 1 February, the forum's
    ``needs_due``)."""
    return dt.date(year, month, day)


def annual_report_due(year: int, day: int | None, month: int | None) -> dt.date | None:
    """When the annual reports for grant year ``year`` are due: the forum's ``reports_due``
    in the year after (the plan gives no date, plan 7); None while the forum has set none."""
    if day is None or month is None:
        return None
    return needs_due_date(year + 1, day, month)


def annual_reminder(
    year: int,
    due: dt.date | None,
    today: dt.date,
    *,
    missing: int,
    returned: int,
    waiting: int,
) -> str:
    """The overview's line on grant year ``year``'s annual reports ('' when every one is
    accepted): how many are missing (after the deadline) or not yet in, returned to the
    network, and waiting for the control. One wording for the overview and the inbox."""
    parts = []
    if missing:
        late = due is not None and today > due
        said = _("{count} mangler") if late else _("{count} ikke mottatt")
        parts.append(said.format(count=missing))
    if returned:
        parts.append(_("{count} returnert").format(count=returned))
    if waiting:
        parts.append(_("{count} til kontroll").format(count=waiting))
    if not parts:
        return ""
    if due is None:
        return _("Årsrapporter {year}: {parts}.").format(year=year, parts=", ".join(parts))
    return _("Årsrapporter {year}, frist {date}: {parts}.").format(
        year=year, date=short_date(due), parts=", ".join(parts)
    )


def report_year(today: dt.date, day: int = 1, month: int = 2) -> int:
    """The year whose needs reports are being collected on ``today``.

    Up to and including the due day it is this year; after it, next year's (the templates
    for it go out in November). The overview and the inbox both open on this year.
    """
    return today.year if today <= needs_due_date(today.year, day, month) else today.year + 1


def allocation_year(today: dt.date) -> int:
    """The grant year the secretariat is working on: from November (when next year's
    templates go out and its reports come in) next year's, before that this year's. The
    allocation screen and the FTE paste of the set-up both open on it."""
    return today.year + 1 if today.month >= 11 else today.year


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
    reports_due: tuple[int, int] | None = None,
    uh_feedback_week: int | None = None,
    conference_month: int | None = None,
    gathering_month: int | None = None,
) -> list[CycleEvent]:
    """The year's cycle: meetings (stored ones if given, else the pattern), deadlines and
    the yearly tasks the plan names.

    The plan gives no date for the networks' annual reports (7), the UH partner's yearly
    feedback to the forum (3.5), the yearly conference or the joint gathering of the
    networks (3.9): they come from the forum's settings and are left out while unset.
    """
    dates = meetings if meetings is not None else meeting_dates(year, weeks, weekday)
    events = [CycleEvent(d, _("Møte i samarbeidsforum"), "meeting") for d in dates]
    events.append(
        CycleEvent(needs_due_date(year, *needs_due), _("Frist for behovsmeldinger"), "deadline")
    )
    events.append(
        CycleEvent(
            dt.date(year, templates_month, 1),
            _("Maler for behovsmelding {year} sendes til eierne").format(year=year + 1),
            "task",
        )
    )
    january = [d for d in dates if d.month == 1]
    first = january[0] if january else dt.date(year, 1, 31)
    events.append(
        CycleEvent(
            first, _("Informasjon om tildeling {year} i januarmøtet").format(year=year), "task"
        )
    )
    if leader_election_year:
        events.append(CycleEvent(first, _("Valg av leder, nestleder og arbeidsgruppe"), "task"))
    if reports_due is not None:
        day, month = reports_due
        events.append(
            CycleEvent(
                needs_due_date(year, day, month),
                _("Årsrapportering for {year} fra nettverkene").format(year=year - 1),
                "deadline",
            )
        )
    if uh_feedback_week is not None:
        in_week = [d for d in dates if d.isocalendar()[:2] == (year, uh_feedback_week)]
        pattern = meeting_dates(year, [uh_feedback_week], weekday)
        when = in_week or pattern
        if when:
            events.append(
                CycleEvent(when[0], _("UH gir årlig tilbakemelding om det doble formålet"), "task")
            )
    if conference_month is not None:
        events.append(
            CycleEvent(
                dt.date(year, conference_month, 1),
                _("Årlig konferanse for barnehage og skole (fellestiltak)"),
                "task",
            )
        )
    if gathering_month is not None:
        events.append(
            CycleEvent(
                dt.date(year, gathering_month, 1),
                _("Felles samling for representantene i kompetansenettverkene (fellestiltak)"),
                "task",
            )
        )
    return sorted(events, key=lambda e: (e.date, e.kind != "meeting", e.title))


def cycle_settings(forum: Any) -> dict[str, Any]:
    """The forum's settings for the yearly tasks, as ``cycle_events`` takes them (a forum
    row read by the ORM or by sqlite3)."""

    def get(name: str) -> Any:
        return getattr(forum, name) if hasattr(forum, name) else forum[name]

    day, month = get("reports_due_day"), get("reports_due_month")
    return {
        "reports_due": (day, month) if day is not None and month is not None else None,
        "uh_feedback_week": get("uh_feedback_week"),
        "conference_month": get("conference_month"),
        "gathering_month": get("gathering_month"),
    }


def missing_meeting_dates(
    year: int, weeks: list[int], weekday: int, stored: list[dt.date]
) -> list[dt.date]:
    """The pattern's dates for ``year`` that have no stored meeting in their ISO week.

    A meeting moved within its week (or cancelled and kept) still answers for that week,
    so generating the year again never brings a moved or cancelled meeting back.
    """
    taken = {d.isocalendar()[:2] for d in stored}
    return [d for d in meeting_dates(year, weeks, weekday) if d.isocalendar()[:2] not in taken]
