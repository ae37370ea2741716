"""The annual cycle: meeting dates from ISO weeks, worked out by hand."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from sekretariat.domain.cycle import (
    cycle_events,
    election_years,
    iso_weeks_in_year,
    leader_election_year,
    meeting_dates,
    needs_due_date,
    office_end,
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


# --------------------------------------------------------------------------- the leader's periods
def test_leader_elections_with_a_first_period_of_one_year() -> None:
    """Plan 3.4: «hvert andre år. Det er unntak fra dette for 2026, da leder ble valgt for
    ett år»: elections 2026, 2027, 2029, 2031."""
    assert election_years(2026, 1, 2, 2031) == [2026, 2027, 2029, 2031]
    assert [y for y in range(2025, 2032) if leader_election_year(y, 2026, 1, 2)] == [
        2026,
        2027,
        2029,
        2031,
    ]
    assert leader_election_year(2028, None, None, 2) is None  # not known: judged elsewhere
    assert election_years(2026, 2, 2, 2030) == [2026, 2028, 2030]


def test_an_office_ends_with_its_period() -> None:
    def end(start: dt.date) -> dt.date:
        return office_end(start, years=2, first_year=2026, first_years=1, weeks=WEEKS, weekday=4)

    assert end(dt.date(2026, 1, 15)) == dt.date(2027, 1, 20)  # the one-year first period
    assert end(dt.date(2026, 9, 17)) == dt.date(2027, 1, 20)  # a by-election in it
    assert end(dt.date(2027, 1, 21)) == dt.date(2029, 1, 17)  # 2027–28 (18.01.2029)
    assert end(dt.date(2028, 6, 22)) == dt.date(2029, 1, 17)
    assert end(dt.date(2029, 1, 18)) == dt.date(2031, 1, 15)  # week 3 of 2031: 16.01
    # Before the first period, and without one: years in the cycle from the start.
    assert end(dt.date(2025, 1, 16)) == dt.date(2027, 1, 20)
    assert office_end(
        dt.date(2026, 1, 15), years=2, first_year=None, first_years=None, weeks=WEEKS, weekday=4
    ) == dt.date(2028, 1, 19)


def test_the_yearly_tasks_come_from_the_settings() -> None:
    """The plan names them without a date (3.5 UH's yearly feedback, 3.9 the conference and
    the joint gathering, 7 the annual reports): placed only where the forum says."""

    def titles(**settings: object) -> list[tuple[dt.date, str]]:
        events = cycle_events(
            2027,
            weeks=WEEKS,
            weekday=4,
            needs_due=(1, 2),
            templates_month=11,
            leader_election_year=False,
            **settings,  # type: ignore[arg-type]
        )
        return [(e.date, e.title) for e in events if e.kind != "meeting"]

    bare = titles()
    assert not [t for _, t in bare if "Årsrapportering" in t or "UH" in t or "samling" in t]
    found = titles(reports_due=(1, 2), uh_feedback_week=46, conference_month=10, gathering_month=3)
    assert (dt.date(2027, 2, 1), "Årsrapportering for 2026 fra nettverkene") in found
    assert (dt.date(2027, 11, 18), "UH gir årlig tilbakemelding om det doble formålet") in found
    assert (dt.date(2027, 10, 1), "Årlig konferanse for barnehage og skole (fellestiltak)") in found
    assert (
        dt.date(2027, 3, 1),
        "Felles samling for representantene i kompetansenettverkene (fellestiltak)",
    ) in found
    # A moved meeting in the feedback week carries the feedback.
    moved = cycle_events(
        2027,
        weeks=WEEKS,
        weekday=4,
        needs_due=(1, 2),
        templates_month=11,
        leader_election_year=False,
        meetings=[dt.date(2027, 11, 17)],
        uh_feedback_week=46,
    )
    assert [e.date for e in moved if e.title.startswith("UH")] == [dt.date(2027, 11, 17)]


def test_allocation_year_turns_in_november() -> None:
    from sekretariat.domain.cycle import allocation_year

    assert allocation_year(dt.date(2026, 10, 31)) == 2026
    assert allocation_year(dt.date(2026, 11, 1)) == 2027
    assert allocation_year(dt.date(2026, 12, 2)) == 2027
    assert allocation_year(dt.date(2027, 1, 1)) == 2027
