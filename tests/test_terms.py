"""Terms: appointing, renewing and ending, and every rule they must obey (hand-worked dates)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sekretariat.domain.cycle import meeting_dates
from sekretariat.domain.people import PersonInput, add_person
from sekretariat.domain.seats import ENDING_SOON_DAYS, ending_soon, ends_soon, seat_table
from sekretariat.domain.terms import (
    Candidate,
    RegionInfo,
    SeatRules,
    Span,
    TermCycle,
    appoint,
    check_term,
    default_term_end,
    end_term,
    first_double,
    first_full_day,
    get_term,
    most_at_once,
    read_term_end,
    renew,
)
from sekretariat.errors import RuleViolation, UserError
from sekretariat.storage.database import Database

D = dt.date
NOW = D(2026, 11, 22)
#: Innlandet's meeting weeks (plan 6: «torsdager og i ukene 3, 10, 25, 38, 46»).
WEEKS = (3, 10, 25, 38, 46)
THURSDAY = 4


@pytest.fixture
def db(sample_db: Path) -> Database:
    database = Database.open(sample_db)
    yield database
    database.dispose()


def person(db: Database, name: str, roles: list[str], region: str = "") -> str:
    return add_person(db, PersonInput(name=name, roles=roles, region=region))


def holders(db: Database, seat: str, on: dt.date) -> list[str]:
    with db.sql() as con:
        row = next(r for r in seat_table(con, on) if r.code == seat)
    return [h.person for h in row.holders]


# --------------------------------------------------------------------------- default ends
@pytest.mark.parametrize(
    ("start", "years", "end"),
    [
        # From the January meeting (week 3) to the day before the January meeting two
        # years on: 15.01.2026 → 20.01.2028 is the next period's first meeting.
        (D(2026, 1, 15), 2, D(2028, 1, 19)),
        (D(2027, 1, 21), 2, D(2029, 1, 17)),  # week 3 of 2029 is Thursday 18 January
        (D(2025, 1, 16), 2, D(2027, 1, 20)),  # week 3 of 2027 is Thursday 21 January
        # A start before the period's first meeting runs with that period: no gap.
        (D(2026, 1, 1), 2, D(2028, 1, 19)),
        # The day after a meeting: the first meeting covered is 05.03.2026 (week 10),
        # and week 10 of 2028 begins its Thursday on 09.03.2028.
        (D(2026, 1, 16), 2, D(2028, 3, 8)),
        # 29.02.2028 (a Tuesday) → 09.03.2028 (week 10) → 07.03.2030 (week 10).
        (D(2028, 2, 29), 2, D(2030, 3, 6)),
        # After the last meeting of 2026 (12.11): the first is 21.01.2027 (week 3).
        (D(2026, 12, 1), 2, D(2029, 1, 17)),
        (D(2026, 1, 15), 1, D(2027, 1, 20)),
    ],
)
def test_default_term_end(start: dt.date, years: int, end: dt.date) -> None:
    assert default_term_end(start, years, WEEKS, THURSDAY) == end


def test_default_term_end_without_meeting_weeks_is_calendar_years() -> None:
    assert default_term_end(D(2026, 1, 15), 2, (), THURSDAY) == D(2028, 1, 14)
    assert default_term_end(D(2024, 2, 29), 2, (), THURSDAY) == D(2026, 2, 28)


def test_default_term_end_when_the_week_is_missing_that_year() -> None:
    # Week 53 of 2026 is Thursday 31.12.2026; 2027 has 52 weeks: its week 52 Thursday
    # (30.12.2027) has no meeting, so the period ends the day before it.
    assert default_term_end(D(2026, 12, 31), 1, (53,), THURSDAY) == D(2027, 12, 29)


@pytest.mark.parametrize(
    ("typed", "end", "why"),
    [
        # Nothing typed: the forum's two years. From 22.11.2026 the first meeting is
        # 21.01.2027 (week 3); week 3 of 2029 is 18.01.2029, the term ends the day before.
        (
            "",
            D(2029, 1, 17),
            "Til og med 17.01.2029: to år fra møtet 21.01.2027, til dagen før første møte i "
            "neste periode (18.01.2029).",
        ),
        # A length: week 3 of 2030 is Thursday 17.01.2030.
        (
            "3 år",
            D(2030, 1, 16),
            "Til og med 16.01.2030: tre år fra møtet 21.01.2027, til dagen før første møte i "
            "neste periode (17.01.2030).",
        ),
        (
            " 1 ",
            D(2028, 1, 19),
            "Til og med 19.01.2028: ett år fra møtet 21.01.2027, til dagen før første møte i "
            "neste periode (20.01.2028).",
        ),
        # A date is the date, nothing to explain.
        ("31.12.2027", D(2027, 12, 31), ""),
    ],
)
def test_the_end_of_a_term_as_typed_and_why(typed: str, end: D, why: str) -> None:
    found = read_term_end(typed, NOW, TermCycle(2, WEEKS, THURSDAY))
    assert (found.end, found.why) == (end, why)


def test_the_end_of_a_term_from_a_meeting_day_and_without_meeting_weeks() -> None:
    # From the meeting 21.01.2027 itself, the «fra møtet» is left out.
    found = read_term_end("2 år", D(2027, 1, 21), TermCycle(2, WEEKS, THURSDAY))
    assert found.why == (
        "Til og med 17.01.2029: to år, til dagen før første møte i neste periode (18.01.2029)."
    )
    found = read_term_end("", D(2026, 3, 1), TermCycle(2, (), THURSDAY))
    assert (found.end, found.why) == (
        D(2028, 2, 29),
        "Til og med 29.02.2028: to år, til dagen før årsdagen for starten.",
    )


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (
            "to år",
            "«to år» er verken en dato eller et antall år; skriv DD.MM.ÅÅÅÅ, for eksempel "
            "22.11.2026, eller for eksempel «2 år».",
        ),
        (
            "0 år",
            "«0 år» er verken en dato eller et antall år; skriv DD.MM.ÅÅÅÅ, for eksempel "
            "22.11.2026, eller for eksempel «2 år».",
        ),
        (
            "31.02.2027",
            "«31.02.2027» er ikke en dato som finnes; skriv DD.MM.ÅÅÅÅ, for eksempel 22.11.2026.",
        ),
    ],
)
def test_an_end_that_is_neither_a_date_nor_a_length_is_refused(typed: str, message: str) -> None:
    with pytest.raises(UserError) as caught:
        read_term_end(typed, NOW, TermCycle(2, WEEKS, THURSDAY))
    assert str(caught.value) == message


def test_appoint_uses_the_forum_term_length(db: Database) -> None:
    key = person(db, "Nils Nyberg", ["owner"], "nord-osterdal")
    term_id = appoint(db, person=key, seat="kommunal_skoleeier", region="nord-osterdal", start=NOW)
    term = get_term(db, term_id)
    # 22.11.2026 is after the last meeting of 2026; the first it covers is 21.01.2027
    # (week 3), and the term ends the day before week 3 of 2029 (18.01.2029).
    assert (term.start, term.end) == (NOW, D(2029, 1, 17))
    assert key in holders(db, "kommunal_skoleeier", NOW)
    assert key not in holders(db, "kommunal_skoleeier", NOW - dt.timedelta(days=1))


def test_appoint_from_29_february(db: Database) -> None:
    key = person(db, "Skuddårs Ansatt", [])
    term_id = appoint(db, person=key, seat="koordinator", start=D(2028, 2, 29))
    assert get_term(db, term_id).end == D(2030, 3, 6)


def test_a_term_counts_on_its_last_day_and_not_after(db: Database) -> None:
    # Marte Skogli's term in Gjøvik, from 16.01.2025 (week 3), ends 20.01.2027: the day
    # before the January meeting of 2027.
    assert "marte-skogli" in holders(db, "bhg_myndighet", D(2027, 1, 20))
    assert "marte-skogli" not in holders(db, "bhg_myndighet", D(2027, 1, 21))
    with db.sql() as con:
        soon = ending_soon(seat_table(con, D(2027, 1, 20)), D(2027, 1, 20))
    assert {
        "person": "marte-skogli",
        "seat": "bhg_myndighet",
        "region": "gjovik",
        "end": D(2027, 1, 20),
    } in soon


def test_no_seat_is_empty_in_the_week_before_the_2028_period(db: Database) -> None:
    """The 2026–27 holders without an explicit end hold their seats every day up to the
    January meeting of 2028 (20.01.2028), and not on it."""
    with db.sql() as con:
        before = {
            (row.code, h.person)
            for row in seat_table(con, D(2028, 1, 12))
            for h in row.holders
            if h.start == D(2026, 1, 15)
        }
        assert ("bhg_myndighet", "lene-strand-aas") in before
        # The 37 holders from 15.01.2026 but Gunnhild Rustad (ended 31.08.2026).
        assert len(before) == 36
        for day in range(13, 20):
            on = {
                (row.code, h.person)
                for row in seat_table(con, D(2028, 1, day))
                for h in row.holders
            }
            assert before <= on, day
        on_meeting = {
            (row.code, h.person) for row in seat_table(con, D(2028, 1, 20)) for h in row.holders
        }
    assert not before & on_meeting


def test_ending_soon_means_within_90_days_the_last_one_included() -> None:
    on = D(2026, 11, 22)
    assert ENDING_SOON_DAYS == 90
    assert ends_soon(D(2027, 2, 20), on)  # 22.11.2026 + 90 days
    assert not ends_soon(D(2027, 2, 21), on)
    assert ends_soon(on, on) and ends_soon(D(2026, 1, 1), on)


# --------------------------------------------------------------------------- renew, end
def test_renew_starts_the_day_after_the_old_end(db: Database) -> None:
    with db.sql() as con:
        row = next(r for r in seat_table(con, NOW) if r.code == "bhg_myndighet")
    old = next(h for h in row.holders if h.person == "marte-skogli")
    new_id = renew(db, old.term_id)
    new = get_term(db, new_id)
    # From the January meeting of 2027 to the day before that of 2029.
    assert (new.start, new.end) == (D(2027, 1, 21), D(2029, 1, 17))
    assert (new.seat, new.region, new.substitute) == ("bhg_myndighet", "gjovik", False)
    with pytest.raises(RuleViolation, match="Marte Skogli har allerede et mandat"):
        renew(db, old.term_id)


def test_renew_over_a_leap_day(db: Database) -> None:
    key = person(db, "Lise Leap", [])
    first = appoint(db, person=key, seat="koordinator", start=D(2026, 3, 1))
    # The first meeting covered is 05.03.2026 (week 10); week 10 of 2028 meets 09.03.
    assert get_term(db, first).end == D(2028, 3, 8)
    second = get_term(db, renew(db, first))
    assert (second.start, second.end) == (D(2028, 3, 9), D(2030, 3, 6))


def test_end_early_with_reason(db: Database) -> None:
    key = person(db, "Kort Tid", [])
    term_id = appoint(db, person=key, seat="koordinator", start=D(2026, 1, 1))
    with pytest.raises(UserError, match="Skriv hvorfor"):
        end_term(db, term_id, NOW, "  ")
    with pytest.raises(RuleViolation, match="før det begynner"):
        end_term(db, term_id, D(2025, 12, 31), "Flyttet")
    with pytest.raises(RuleViolation, match="bruk «Forny»"):
        end_term(db, term_id, D(2030, 1, 1), "Flyttet")
    end_term(db, term_id, D(2026, 1, 1), "Flyttet")  # a one-day term is allowed
    term = get_term(db, term_id)
    assert (term.end, term.ended_reason) == (D(2026, 1, 1), "Flyttet")


def test_ending_a_term_frees_the_seat(db: Database) -> None:
    with db.sql() as con:
        row = next(r for r in seat_table(con, NOW) if r.code == "ks")
    end_term(db, row.holders[0].term_id, NOW, "Gikk av")
    newcomer = person(db, "Ny Fra Ks", [])
    appoint(db, person=newcomer, seat="ks", start=NOW + dt.timedelta(days=1))
    with pytest.raises(RuleViolation, match="Alle 1 setene i «KS» er besatt 22.11.2026"):
        appoint(db, person=person(db, "For Tidlig", []), seat="ks", start=NOW)


# --------------------------------------------------------------------------- rules (database)
def test_second_person_in_a_one_per_region_seat_is_refused(db: Database) -> None:
    key = person(db, "Andre Hamar", ["authority"], "hamar")
    with pytest.raises(RuleViolation) as caught:
        appoint(db, person=key, seat="bhg_myndighet", region="hamar", start=NOW)
    assert str(caught.value) == (
        "Hamarregionen har allerede representant i «Barnehagemyndighet» "
        "(Lene Strand Aas, 15.01.2026–19.01.2028)."
    )
    # ... but as vara for a region that has none, it is fine.
    appoint(db, person=key, seat="bhg_myndighet", region="hamar", start=NOW, substitute=True)


def test_per_region_seat_needs_a_regional_network(db: Database) -> None:
    key = person(db, "Uten Nettverk", ["owner"])
    with pytest.raises(RuleViolation, match="velg nettverket"):
        appoint(db, person=key, seat="kommunal_skoleeier", start=NOW)
    with pytest.raises(RuleViolation, match="Privatskolenettverket er ikke et regionalt nettverk"):
        appoint(db, person=key, seat="kommunal_skoleeier", region="privatskoler", start=NOW)


def test_seat_with_listed_regions(db: Database) -> None:
    key = person(db, "Privat Eier", [])
    with pytest.raises(RuleViolation, match="et av nettverkene"):
        appoint(db, person=key, seat="privat_bhg_eier", region="valdres", start=NOW)
    with pytest.raises(RuleViolation, match="Hamarregionen har allerede representant"):
        appoint(db, person=key, seat="privat_bhg_eier", region="hamar", start=NOW)


def test_roles_are_required(db: Database) -> None:
    key = person(db, "Uten Rolle", [], "nord-osterdal")
    with pytest.raises(RuleViolation) as caught:
        appoint(db, person=key, seat="kommunal_skoleeier", region="nord-osterdal", start=NOW)
    assert (
        str(caught.value)
        == "Uten Rolle kan ikke sitte i «Kommunale skoleeiere»: setet krever rollen eier."
    )


def test_coordinator_only_may_only_observe(db: Database) -> None:
    coordinator = person(db, "Kari Koordinator", ["coordinator"])
    with pytest.raises(RuleViolation, match="bare koordinatorrollen og kan bare være observatør"):
        appoint(db, person=coordinator, seat="uh", start=NOW)
    appoint(db, person=coordinator, seat="koordinator", start=NOW)
    # An owner who also coordinates may take an owner seat.
    both = person(db, "Eier Og Koordinator", ["owner", "coordinator"], "nord-osterdal")
    appoint(db, person=both, seat="kommunal_skoleeier", region="nord-osterdal", start=NOW)


def test_the_same_person_cannot_overlap_in_a_seat(db: Database) -> None:
    with pytest.raises(RuleViolation) as caught:
        appoint(db, person="trine-espelund", seat="uh", start=D(2027, 1, 20))
    assert "Trine Espelund har allerede et mandat i «Universitetet i Innlandet»" in str(
        caught.value
    )
    appoint(db, person="trine-espelund", seat="uh", start=D(2027, 1, 21))


def test_count_is_checked_on_every_day_of_the_new_term(db: Database) -> None:
    # UH has 6 seats: 5 filled today, 4 from 21.01.2027 (Trine Espelund's term ends).
    a, b, c = (person(db, f"Uh {n}", []) for n in ("En", "To", "Tre"))
    appoint(db, person=a, seat="uh", start=D(2027, 2, 1))
    appoint(db, person=b, seat="uh", start=D(2027, 2, 1))  # all 6 taken from 01.02.2027
    with pytest.raises(RuleViolation) as caught:
        appoint(db, person=c, seat="uh", start=NOW)
    assert str(caught.value) == "Alle 6 setene i «Universitetet i Innlandet» er besatt 01.02.2027."
    term = get_term(db, appoint(db, person=c, seat="uh", start=NOW, end=D(2027, 1, 31)))
    assert term.end == D(2027, 1, 31)
    with pytest.raises(RuleViolation, match="er besatt 22.11.2026"):
        appoint(db, person=person(db, "Uh Fire", []), seat="uh", start=NOW, end=NOW)


def test_substitutes_do_not_take_seats(db: Database) -> None:
    vara = person(db, "Vara Ks", [])
    appoint(db, person=vara, seat="ks", start=NOW, substitute=True)
    with pytest.raises(RuleViolation, match="Alle 1 varaplassene i «KS»"):
        appoint(db, person=person(db, "Vara To", []), seat="ks", start=NOW, substitute=True)


def test_end_before_start_is_refused(db: Database) -> None:
    key = person(db, "Baklengs", [])
    with pytest.raises(RuleViolation, match="kan ikke slutte"):
        appoint(db, person=key, seat="koordinator", start=NOW, end=NOW - dt.timedelta(days=1))


def test_unknown_things_are_named(db: Database) -> None:
    with pytest.raises(UserError, match="Ukjent sete «kaffe»"):
        appoint(db, person="trine-espelund", seat="kaffe", start=NOW)
    with pytest.raises(UserError, match="Fant ingen person"):
        appoint(db, person="ingen", seat="uh", start=NOW)


def test_sample_terms_keep_the_rules(db: Database) -> None:
    """Every stored term passes the rules against all the others (the sample is consistent)."""
    from sqlmodel import select

    from sekretariat.domain.terms import _check
    from sekretariat.storage.models import Person, Seat, Term

    with db.read() as s:
        terms = s.exec(select(Term)).all()
        assert len(terms) == 48  # every [[term]] of sample.toml
        for term in terms:
            _check(
                s,
                s.get(Seat, term.seat_id),
                s.get(Person, term.person_id),
                term.region_id,
                term.start,
                term.end,
                term.substitute,
                term.sector,
                skip=term.id,
            )


# --------------------------------------------------------------------------- properties
SEAT = SeatRules("s", "Sete", 2)
BASE = D(2024, 1, 1)
spans = st.builds(
    lambda a, n, who: Span(
        BASE + dt.timedelta(days=a), BASE + dt.timedelta(days=a + n), f"p{who}", f"P{who}"
    ),
    st.integers(0, 800),
    st.integers(0, 800),
    st.integers(0, 5),
)


def _covering(terms: list[Span], day: dt.date) -> int:
    return sum(1 for t in terms if t.start <= day <= t.end)


@settings(max_examples=150, deadline=None)
@given(st.lists(spans, max_size=8), st.integers(1, 3))
def test_accepted_terms_never_exceed_the_count(attempts: list[Span], count: int) -> None:
    seat = SeatRules("s", "Sete", count)
    accepted: list[Span] = []
    for new in attempts:
        try:
            check_term(seat, Candidate(new.person, new.name), None, new, accepted)
        except RuleViolation:
            # Refused exactly when the person overlaps themselves or some day is full.
            days = [new.start + dt.timedelta(days=i) for i in range((new.end - new.start).days + 1)]
            self_overlap = any(
                o.person == new.person and o.start <= new.end and new.start <= o.end
                for o in accepted
            )
            assert self_overlap or any(_covering(accepted, d) >= count for d in days)
        else:
            accepted.append(new)
    for day in {t.start for t in accepted} | {t.end for t in accepted}:
        assert _covering(accepted, day) <= count


@settings(max_examples=150, deadline=None)
@given(st.lists(spans, max_size=6), spans, st.integers(1, 3))
def test_first_full_day_is_the_first_day_at_capacity(
    others: list[Span], new: Span, cap: int
) -> None:
    found = first_full_day(others, new.start, new.end, cap)
    days = [new.start + dt.timedelta(days=i) for i in range((new.end - new.start).days + 1)]
    expected = next((d for d in days if _covering(others, d) >= cap), None)
    assert found == expected


@settings(max_examples=200, deadline=None)
@given(st.dates(D(1996, 1, 1), D(2096, 12, 31)), st.integers(1, 4))
def test_renewed_terms_follow_on_without_gap_or_overlap(start: dt.date, years: int) -> None:
    end = default_term_end(start, years, WEEKS, THURSDAY)
    assert end > start
    following = end + dt.timedelta(days=1)
    # The next term starts on a meeting day: the same ISO week as the first meeting the
    # term covered, ``years`` later, so renewing again keeps to the cycle.
    meetings = [
        d for y in range(start.year - 1, start.year + 2) for d in meeting_dates(y, list(WEEKS), 4)
    ]
    first = min(d for d in meetings if d >= start)
    assert following in meeting_dates(following.isocalendar().year, list(WEEKS), THURSDAY)
    assert following.isocalendar()[1:] == first.isocalendar()[1:]
    assert following.isocalendar().year == first.isocalendar().year + years
    again = default_term_end(following, years, WEEKS, THURSDAY)
    assert (again + dt.timedelta(days=1)).isocalendar()[1:] == first.isocalendar()[1:]
    # Between 52 and 53 weeks a year, plus the wait for the first meeting.
    assert 364 * years - 1 <= (end - first).days <= 371 * years


def test_one_per_region_also_for_vara() -> None:
    seat = SeatRules("s", "Sete", 9, per_region=True)
    region = RegionInfo("hamar", "Hamarregionen")
    first = Span(D(2026, 1, 1), D(2026, 12, 31), "a", "A", "hamar", substitute=True)
    second = Span(D(2026, 12, 31), D(2027, 12, 31), "b", "B", "hamar", substitute=True)
    with pytest.raises(RuleViolation, match="Hamarregionen har allerede vara"):
        check_term(seat, Candidate("b", "B"), region, second, [first])
    later = Span(D(2027, 1, 1), D(2027, 12, 31), "b", "B", "hamar", substitute=True)
    check_term(seat, Candidate("b", "B"), region, later, [first])


# --------------------------------------------------------------------------- plan 3.2 seats
def test_coordinator_seats_are_for_those_who_are_not_owners_or_authorities(db: Database) -> None:
    """Plan 3.2: «3 repr. Koordinatorfunksjon (som ikke innehar rollene barnehage- og
    skoleeier/barnehagemyndighet)» – the sample's seat lists those roles as excluded."""
    owner = person(db, "Eier Koordinator", ["owner", "coordinator"], "hamar")
    with pytest.raises(RuleViolation) as caught:
        appoint(db, person=owner, seat="koordinator", start=NOW)
    assert str(caught.value) == (
        "Eier Koordinator kan ikke sitte i «Koordinatorfunksjon»: setet er for dem som ikke "
        "har rollen eier."
    )
    authority = person(db, "Myndig Koordinator", ["authority", "coordinator"])
    with pytest.raises(RuleViolation, match="ikke har rollen myndighet"):
        appoint(db, person=authority, seat="koordinator", start=NOW)
    appoint(
        db, person=person(db, "Bare Koordinator", ["coordinator"]), seat="koordinator", start=NOW
    )


def test_ppt_has_one_place_for_kindergarten_and_one_for_school(db: Database) -> None:
    """Plan 3.2: «to representanter fra PP-tjenesten, én for barnehage og én for skole»."""
    with db.sql() as con:
        row = next(r for r in seat_table(con, NOW) if r.code == "ppt")
    assert row.seat_sectors == ["barnehage", "skole"]
    assert {(h.person, h.sector) for h in row.holders} == {
        ("sunna-zahkkal", "barnehage"),
        ("gro-fjeld", "skole"),
    }
    newcomer = person(db, "Ny Ppt", [])
    with pytest.raises(RuleViolation) as caught:
        appoint(db, person=newcomer, seat="ppt", start=NOW)
    assert str(caught.value) == "«PP-tjenesten» har én plass for barnehage og skole; velg hvilken."
    with pytest.raises(RuleViolation) as caught:
        appoint(db, person=newcomer, seat="ppt", start=NOW, sector="barnehage")
    assert str(caught.value) == (
        "Plassen for barnehage i «PP-tjenesten» har allerede representant "
        "(Sunná Žáhkkal, 15.01.2026–19.01.2028)."
    )
    with pytest.raises(RuleViolation, match="ikke plasser per sektor"):
        appoint(db, person=newcomer, seat="ks", start=NOW, sector="skole")
    # The school place is free once Gro Fjeld's term ends; the vacancy is the school's.
    end_term(db, next(h.term_id for h in row.holders if h.person == "gro-fjeld"), NOW, "Sluttet")
    later = NOW + dt.timedelta(days=1)
    with db.sql() as con:
        row = next(r for r in seat_table(con, later) if r.code == "ppt")
    assert (row.filled, row.vacant, row.vacant_sectors) == (1, 1, ["skole"])
    term = get_term(db, appoint(db, person=newcomer, seat="ppt", start=later, sector="skole"))
    assert term.sector == "skole"
    assert get_term(db, renew(db, term.id)).sector == "skole"


def test_vacancies_are_counted_per_network(db: Database) -> None:
    """Two holders from one network in a one-per-network seat (stored around the rules)
    fill one place: the network without anybody is a vacancy, not hidden by the count."""
    from sekretariat.storage.models import Person, Region, Seat, Term

    with db.write() as s:
        from sqlmodel import select

        seat = s.exec(select(Seat).where(Seat.code == "bhg_myndighet")).one()
        hamar = s.exec(select(Region).where(Region.code == "hamar")).one()
        extra = Person(key="andre-hamar", name="Andre Hamar", roles=["authority"])
        s.add(extra)
        s.flush()
        s.add(
            Term(
                person_id=extra.id,
                seat_id=seat.id,
                region_id=hamar.id,
                start=D(2026, 1, 15),
                end=D(2028, 1, 19),
            )
        )
    with db.sql() as con:
        row = next(r for r in seat_table(con, NOW) if r.code == "bhg_myndighet")
    # 9 networks, 10 holders: Hamarregionen twice; every other network has one.
    assert len(row.holders) == 10
    assert (row.filled, row.vacant, row.vacant_regions) == (9, 0, [])
    end_term(db, next(h.term_id for h in row.holders if h.person == "marte-skogli"), NOW, "Gikk")
    with db.sql() as con:
        row = next(
            r for r in seat_table(con, NOW + dt.timedelta(days=1)) if r.code == "bhg_myndighet"
        )
    assert len(row.holders) == 9  # still nine people ...
    assert (row.filled, row.vacant) == (8, 1)  # ... but Gjøvik has nobody
    assert row.vacant_regions == [("gjovik", "Gjøvikregionen")]


def _clash_by_hand(spans: list[Span]) -> bool:
    return any(
        a.person != b.person and a.start <= b.end and b.start <= a.end
        for i, a in enumerate(spans)
        for b in spans[i + 1 :]
    )


@settings(max_examples=300, deadline=None)
@given(st.lists(spans, max_size=7))
def test_first_double_finds_a_clash_exactly_when_there_is_one(found: list[Span]) -> None:
    pair = first_double(found)
    assert (pair is not None) == _clash_by_hand(found)
    if pair is not None:
        a, b = pair
        assert a.person != b.person and a.start <= b.end and b.start <= a.end


@settings(max_examples=300, deadline=None)
@given(st.lists(spans, max_size=7))
def test_most_at_once_counts_people_on_the_busiest_day(found: list[Span]) -> None:
    most, day = most_at_once(found)
    days = {t.start for t in found}
    expected = max(
        (len({t.person for t in found if t.start <= d <= t.end}) for d in days), default=0
    )
    assert most == expected
    if found:
        assert day is not None
        assert len({t.person for t in found if t.start <= day <= t.end}) == most
