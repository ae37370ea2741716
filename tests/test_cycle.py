"""The annual cycle: meeting dates from ISO weeks, worked out by hand."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from sekretariat.domain.cycle import (
    cycle_events,
    iso_weeks_in_year,
    meeting_dates,
    needs_due_date,
    report_year,
)

WEEKS = [3, 10, 25, 38, 46]


def test_innlandet_2026_starts_on_adoption_day() -> None:
    assert meeting_dates(2026, WEEKS, 4) == [
        dt.date(2026, 1, 15),  # the plan was adopted at this meeting
        dt.date(2026, 3, 5),
        dt.date(2026, 6, 18),
        dt.date(2026, 9, 17),
        dt.date(2026, 11, 12),
    ]


def test_innlandet_2027_as_in_the_design() -> None:
    assert meeting_dates(2027, WEEKS, 4) == [
        dt.date(2027, 1, 21),
        dt.date(2027, 3, 11),
        dt.date(2027, 6, 24),
        dt.date(2027, 9, 23),
        dt.date(2027, 11, 18),
    ]


def test_week_53() -> None:
    assert iso_weeks_in_year(2026) == 53  # 2026 starts on a Thursday
    assert iso_weeks_in_year(2027) == 52
    assert meeting_dates(2026, [53], 4) == [dt.date(2026, 12, 31)]
    assert meeting_dates(2027, [53], 4) == []  # no week 53: skipped, not moved into 2028
    # Week 1 of 2027 begins on Monday 4 January; week 1 of 2026 began on 29 December 2025.
    assert meeting_dates(2026, [1], 1) == [dt.date(2025, 12, 29)]


def test_cycle_has_the_deadlines() -> None:
    events = cycle_events(
        2027,
        weeks=WEEKS,
        weekday=4,
        needs_due=(1, 2),
        templates_month=11,
        leader_election_year=True,
    )
    titles = [(e.date, e.title) for e in events]
    assert (dt.date(2027, 2, 1), "Frist for behovsmeldinger") in titles
    assert (dt.date(2027, 11, 1), "Maler for behovsmelding 2028 sendes til eierne") in titles
    assert (dt.date(2027, 1, 21), "Valg av leder, nestleder og arbeidsgruppe") in titles
    assert (dt.date(2027, 1, 21), "Informasjon om tildeling 2027 i januarmøtet") in titles
    assert events == sorted(events, key=lambda e: (e.date, e.kind != "meeting", e.title))


def test_stored_meetings_replace_the_pattern() -> None:
    moved = [dt.date(2027, 1, 28)]
    events = cycle_events(
        2027,
        weeks=WEEKS,
        weekday=4,
        needs_due=(1, 2),
        templates_month=11,
        leader_election_year=False,
        meetings=moved,
    )
    assert [e.date for e in events if e.kind == "meeting"] == moved


@given(
    year=st.integers(2000, 2100),
    weeks=st.sets(st.integers(1, 53), min_size=1, max_size=8),
    weekday=st.integers(1, 7),
)
def test_dates_fall_on_the_weekday_and_week(year: int, weeks: set[int], weekday: int) -> None:
    dates = meeting_dates(year, sorted(weeks), weekday)
    assert dates == sorted(dates)
    assert [d.isocalendar()[1:] for d in dates] == [
        (w, weekday) for w in sorted(weeks) if w <= iso_weeks_in_year(year)
    ]
    assert all(d.isocalendar().year == year for d in dates)


def test_the_needs_report_year_turns_the_day_after_the_due_date() -> None:
    # Due 1 February: on the day it is still this year's reports that come in.
    assert report_year(dt.date(2027, 2, 1)) == 2027
    assert report_year(dt.date(2027, 2, 2)) == 2028
    # November: the templates for next year go out, and next year's reports are awaited.
    assert report_year(dt.date(2026, 11, 22)) == 2027
    assert report_year(dt.date(2027, 1, 31)) == 2027
    # A forum with another due date (15 March).
    assert report_year(dt.date(2027, 3, 15), 15, 3) == 2027
    assert report_year(dt.date(2027, 3, 16), 15, 3) == 2028
    assert needs_due_date(2027) == dt.date(2027, 2, 1)
    assert needs_due_date(2027, 15, 3) == dt.date(2027, 3, 15)


def test_the_overview_and_the_inbox_open_on_the_same_report_year(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """One rule for both: on 2 February the overview counts next year's reports."""
    from sekretariat.domain import needs
    from sekretariat.domain.overview import load_overview
    from sekretariat.new_database import create_from_sample

    db = create_from_sample(tmp_path / "s.db")
    for day in (dt.date(2027, 2, 1), dt.date(2027, 2, 2), dt.date(2026, 11, 22)):
        assert load_overview(db, day).reports_year == needs.default_year(db, day)
    assert load_overview(db, dt.date(2027, 2, 2)).reports_year == 2028
    db.dispose()
