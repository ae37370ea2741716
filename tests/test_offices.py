"""Leader, deputy and working group: the plan's «bør», periods, slots and the election day.

Innlandet plan 3.4: «Samarbeidsforum skal velge en leder for Samarbeidsforum hvert andre
år. Det er unntak fra dette for 2026, da leder ble valgt for ett år. … ledervervet … bør
tillegges barnehage- og skoleeier eller barnehagemyndighet eller statsforvalter.»
3.6: «Representanter til arbeidsgruppa velges samme dag som valget av ledere i
samarbeidsforum, dvs. hvert andre år.» The sample forum has the first period as data
(``leader_first_year = 2026``, ``leader_first_term_years = 1``): leader elections in
2026, 2027, 2029, … at the January meeting (week 3: 15.01.2026, 21.01.2027, 18.01.2029).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from sekretariat.domain.offices import EligibilityWarning, elect, end_office, working_group
from sekretariat.domain.terms import appoint
from sekretariat.errors import RuleViolation
from sekretariat.storage.audit_log import entries
from sekretariat.storage.database import Database

D = dt.date
NOW = D(2026, 11, 22)
ELECTION = D(2027, 1, 21)  # the January meeting of 2027, the day after the 2026 leader's year


@pytest.fixture
def db(sample_db: Path) -> Iterator[Database]:
    database = Database.open(sample_db)
    yield database
    database.dispose()


def members(db: Database, on: dt.date) -> dict[str, list[str]]:
    return {s.slot: [m.person for m in s.members] for s in working_group(db, on).slots}


def test_the_sample_working_group_on_a_date(db: Database) -> None:
    wg = working_group(db, NOW)
    by_slot = {s.slot: [m.person for m in s.members] for s in wg.slots}
    assert by_slot["leader"] == ["kjersti-haugen"]
    assert by_slot["deputy"] == ["astrid-hovda"]
    assert by_slot["uh"] == ["biret-mahtte-gaup", "hakon-gronlien"]
    assert [s.slot for s in wg.slots] == [
        "leader",
        "deputy",
        "barnehage",
        "skole",
        "uh",
        "statsforvalteren",
    ]
    assert wg.vacant == 0
    assert wg.election == D(2026, 1, 15)
    # The 2026 leader serves one year: sample.toml gives no end, the first period's length
    # is the forum's data, and the period ends the day before the January meeting of 2027.
    assert wg.slots[0].members[0].end == D(2027, 1, 20)
    assert working_group(db, D(2027, 1, 20)).slots[0].members
    after = working_group(db, ELECTION)
    assert after.slots[0].members == [] and after.slots[0].vacant == 1


def test_elect_leader_with_the_default_term(db: Database) -> None:
    office = elect(db, person="stian-bergum", role="leader", start=ELECTION)
    leader = working_group(db, ELECTION).slots[0].members[0]
    # Elections in 2027 and 2029: the period ends the day before 18.01.2029 (week 3).
    assert (leader.office_id, leader.person, leader.end) == (
        office,
        "stian-bergum",
        D(2029, 1, 17),
    )


def test_a_by_election_ends_with_the_period(db: Database) -> None:
    elect(db, person="stian-bergum", role="leader", start=ELECTION)
    end_office(db, working_group(db, ELECTION).slots[0].members[0].office_id, D(2027, 9, 22))
    elect(db, person="ingrid-bakken-holm", role="leader", start=D(2027, 9, 23))
    assert working_group(db, D(2027, 9, 23)).slots[0].members[0].end == D(2029, 1, 17)
    # The next period, from 2029 (week 3 of 2031 meets on Thursday 16.01.2031). Nobody
    # has a seat in 2029 yet, so the election needs a reason.
    elect(db, person="stian-bergum", role="leader", start=D(2029, 1, 18), reason="Gjenvalgt")
    assert working_group(db, D(2029, 1, 18)).slots[0].members[0].end == D(2031, 1, 15)


def test_an_explicit_end_is_kept(db: Database) -> None:
    elect(db, person="stian-bergum", role="leader", start=ELECTION, end=D(2028, 1, 19))
    assert working_group(db, D(2028, 1, 20)).slots[0].vacant == 1


def test_a_leader_the_plan_does_not_name_needs_a_reason(db: Database) -> None:
    """«bør»: a warning the secretariat passes by recording why, not a refusal."""
    with pytest.raises(EligibilityWarning) as caught:
        elect(db, person="arild-fossum", role="leader", start=ELECTION)  # Utdanningsforbundet
    assert str(caught.value) == (
        "Arild Fossum sitter ikke for barnehage- og skoleeier, barnehagemyndighet eller "
        "Statsforvalteren 21.01.2027; planen sier at ledervervet bør tillegges dem. Skriv en "
        "begrunnelse for å velge hen likevel."
    )
    assert working_group(db, ELECTION).slots[0].members == []
    with pytest.raises(EligibilityWarning):
        elect(db, person="arild-fossum", role="leader", start=ELECTION, reason="   ")
    elect(
        db,
        person="arild-fossum",
        role="leader",
        start=ELECTION,
        reason="Ingen av eierne  stilte til valg.",
    )
    leader = working_group(db, ELECTION).slots[0].members[0]
    assert (leader.person, leader.reason) == ("arild-fossum", "Ingen av eierne stilte til valg.")
    logged = entries(db, entity="office", limit=1)[0]
    assert (logged.action, logged.changes["reason"]) == (
        "insert",
        "Ingen av eierne stilte til valg.",
    )


def test_no_reason_is_kept_for_a_leader_the_plan_names(db: Database) -> None:
    elect(db, person="ingrid-bakken-holm", role="leader", start=ELECTION, reason="Unødvendig")
    assert working_group(db, ELECTION).slots[0].members[0].reason == ""


def test_the_plan_says_nothing_of_who_may_be_deputy(db: Database) -> None:
    # Arild Fossum (Utdanningsforbundet) may be deputy without a reason; the deputy of
    # the 2026 election (hand-entered to 19.01.2028) is replaced by the new election.
    elect(db, person="ingrid-bakken-holm", role="leader", start=ELECTION)
    elect(db, person="arild-fossum", role="deputy", start=ELECTION)
    assert members(db, ELECTION)["deputy"] == ["arild-fossum"]
    assert members(db, D(2027, 1, 20))["deputy"] == ["astrid-hovda"]


def test_eligibility_is_judged_on_the_start_date(db: Database) -> None:
    # Marte Skogli's seat ends 20.01.2027: she is not a representative on 21.01.2027.
    with pytest.raises(EligibilityWarning, match="Marte Skogli sitter ikke for"):
        elect(db, person="marte-skogli", role="leader", start=ELECTION)
    # A vara does not hold the seat.
    with pytest.raises(EligibilityWarning, match="Oddny Bakke sitter ikke for"):
        elect(db, person="oddny-bakke", role="leader", start=ELECTION)


def test_no_two_leaders_from_one_election(db: Database) -> None:
    elect(db, person="stian-bergum", role="leader", start=ELECTION)
    with pytest.raises(RuleViolation) as caught:
        elect(db, person="ingrid-bakken-holm", role="leader", start=ELECTION)
    assert str(caught.value) == "Forumet har allerede leder 21.01.2027–17.01.2029 (Stian Bergum)."


def test_a_new_election_replaces_the_sitting_leader(db: Database) -> None:
    # A leader elected on 20.01.2027 ends Kjersti Haugen's office the day before.
    elect(db, person="stian-bergum", role="leader", start=D(2027, 1, 20))
    assert members(db, D(2027, 1, 19))["leader"] == ["kjersti-haugen"]
    assert members(db, D(2027, 1, 20))["leader"] == ["stian-bergum"]


def test_working_group_member_rules(db: Database) -> None:
    elect(db, person="ingrid-bakken-holm", role="leader", start=ELECTION)
    # A UH seat cannot fill the school slot.
    with pytest.raises(RuleViolation, match="kan ikke fylle plassen «Skole»"):
        elect(db, person="ellen-marie-rud", role="working_group", slot="skole", start=ELECTION)
    with pytest.raises(RuleViolation, match="ingen plass «kaffe»"):
        elect(db, person="ellen-marie-rud", role="working_group", slot="kaffe", start=ELECTION)
    elect(db, person="ellen-marie-rud", role="working_group", slot="uh", start=ELECTION)
    elect(db, person="niillas-duolbavarri", role="working_group", slot="uh", start=ELECTION)
    with pytest.raises(RuleViolation) as caught:
        elect(db, person="biret-mahtte-gaup", role="working_group", slot="uh", start=ELECTION)
    assert str(caught.value) == (
        "Plassen «UH» i arbeidsgruppen har bare 2 medlemmer, og den er full 21.01.2027."
    )


def test_members_are_elected_the_same_day_as_the_leader(db: Database) -> None:
    with pytest.raises(RuleViolation, match="ingen leder ble valgt 21.01.2027"):
        elect(db, person="ellen-marie-rud", role="working_group", slot="uh", start=ELECTION)
    elect(db, person="ingrid-bakken-holm", role="leader", start=ELECTION)
    elect(db, person="ellen-marie-rud", role="working_group", slot="uh", start=ELECTION)
    assert members(db, ELECTION)["uh"] == ["ellen-marie-rud"]


def test_a_new_group_at_the_leader_election_is_never_refused(db: Database) -> None:
    """The 2026 deputy and group were entered by hand to 19.01.2028, past the 2027 leader
    election; the group elected with the new leader replaces them all, and its period
    follows the leader's."""
    elect(db, person="stian-bergum", role="leader", start=ELECTION)
    elect(db, person="solveig-nordahl-brekke", role="deputy", start=ELECTION)
    for person, slot in (
        ("guro-lundby", "barnehage"),
        ("anne-grethe-lunde", "skole"),
        ("ellen-marie-rud", "uh"),
        ("niillas-duolbavarri", "uh"),
        ("hanne-kristiansen-dahl", "statsforvalteren"),  # also in the 2026 group
        ("ingrid-bakken-holm", "statsforvalteren"),
        ("torbjorn-lien", "statsforvalteren"),
    ):
        elect(db, person=person, role="working_group", slot=slot, start=ELECTION)
    wg = working_group(db, ELECTION)
    assert wg.vacant == 0
    assert {m.end for s in wg.slots for m in s.members} == {D(2029, 1, 17)}
    assert members(db, ELECTION)["statsforvalteren"] == [
        "hanne-kristiansen-dahl",
        "ingrid-bakken-holm",
        "torbjorn-lien",
    ]
    before = working_group(db, D(2027, 1, 20))
    assert {m.end for s in before.slots[1:] for m in s.members} == {D(2027, 1, 20)}
    assert members(db, D(2027, 1, 20))["uh"] == ["biret-mahtte-gaup", "hakon-gronlien"]


def test_members_end_with_the_leader_elected_the_same_day(db: Database) -> None:
    elect(db, person="stian-bergum", role="leader", start=ELECTION, end=D(2028, 1, 19))
    elect(db, person="ellen-marie-rud", role="working_group", slot="uh", start=ELECTION)
    uh = next(s for s in working_group(db, ELECTION).slots if s.slot == "uh")
    assert uh.members[0].end == D(2028, 1, 19)


def test_one_office_at_a_time_for_a_person(db: Database) -> None:
    # The deputy of the 2026 election may become leader at the next: that office ends.
    elect(db, person="astrid-hovda", role="leader", start=ELECTION)
    assert members(db, ELECTION)["deputy"] == []
    assert working_group(db, D(2027, 1, 20)).slots[1].members[0].end == D(2027, 1, 20)
    # Two offices from one election are refused.
    with pytest.raises(
        RuleViolation,
        match="Astrid Hovda er allerede leder 21.01.2027–17.01.2029; avslutt det vervet først",
    ):
        elect(db, person="astrid-hovda", role="working_group", slot="barnehage", start=ELECTION)


def test_end_office_early(db: Database) -> None:
    leader = working_group(db, NOW).slots[0].members[0]
    with pytest.raises(RuleViolation, match="før det begynner"):
        end_office(db, leader.office_id, D(2025, 1, 1))
    with pytest.raises(RuleViolation, match="går allerede ut 20.01.2027"):
        end_office(db, leader.office_id, D(2027, 2, 1))
    end_office(db, leader.office_id, NOW)
    assert working_group(db, NOW + dt.timedelta(days=1)).slots[0].vacant == 1


def test_leader_of_a_new_seat_holder(db: Database) -> None:
    from sekretariat.domain.people import PersonInput, add_person

    key = add_person(db, PersonInput(name="Ny Eier", roles=["owner"], region="nord-osterdal"))
    with pytest.raises(EligibilityWarning, match="Ny Eier sitter ikke for"):
        elect(db, person=key, role="leader", start=ELECTION)
    appoint(db, person=key, seat="kommunal_skoleeier", region="nord-osterdal", start=NOW)
    elect(db, person=key, role="leader", start=ELECTION)
