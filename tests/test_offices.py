"""Leader, deputy and working group: eligibility, overlaps, slots and the election day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from sekretariat.domain.offices import elect, end_office, working_group
from sekretariat.domain.terms import appoint
from sekretariat.errors import RuleViolation
from sekretariat.storage.database import Database

D = dt.date
NOW = D(2026, 11, 22)
ELECTION = D(2027, 1, 21)  # the day after the 2026 leader's one-year term ends


@pytest.fixture
def db(sample_db: Path) -> Iterator[Database]:
    database = Database.open(sample_db)
    yield database
    database.dispose()


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
    # The 2026 leader served one year (explicit end 20.01.2027): the day after, no leader.
    assert working_group(db, D(2027, 1, 20)).slots[0].members
    after = working_group(db, ELECTION)
    assert after.slots[0].members == [] and after.slots[0].vacant == 1


def test_elect_leader_with_the_default_term(db: Database) -> None:
    office = elect(db, person="stian-bergum", role="leader", start=ELECTION)
    leader = working_group(db, ELECTION).slots[0].members[0]
    assert (leader.office_id, leader.person, leader.end) == (
        office,
        "stian-bergum",
        D(2029, 1, 20),
    )


def test_the_one_year_exception_is_an_explicit_end(db: Database) -> None:
    elect(db, person="stian-bergum", role="leader", start=ELECTION, end=D(2028, 1, 19))
    assert working_group(db, D(2028, 1, 20)).slots[0].vacant == 1


def test_only_owners_authorities_and_statsforvalteren_may_lead(db: Database) -> None:
    with pytest.raises(RuleViolation) as caught:
        elect(db, person="arild-fossum", role="leader", start=ELECTION)  # Utdanningsforbundet
    assert str(caught.value) == (
        "Arild Fossum kan ikke velges til leder: 21.01.2027 sitter hen ikke for barnehage- eller "
        "skoleeier, barnehagemyndighet eller Statsforvalteren."
    )
    elect(db, person="ingrid-bakken-holm", role="leader", start=ELECTION)  # Statsforvalteren


def test_eligibility_is_judged_on_the_start_date(db: Database) -> None:
    # Marte Skogli's seat ends 15.01.2027: she is not a representative on 21.01.2027.
    with pytest.raises(RuleViolation, match="Marte Skogli kan ikke velges til nestleder"):
        elect(db, person="marte-skogli", role="deputy", start=ELECTION)
    # A vara does not hold the seat.
    with pytest.raises(RuleViolation, match="kan ikke velges til leder"):
        elect(db, person="oddny-bakke", role="leader", start=ELECTION)


def test_no_two_leaders_at_once(db: Database) -> None:
    with pytest.raises(RuleViolation) as caught:
        elect(db, person="stian-bergum", role="leader", start=D(2027, 1, 20))
    assert str(caught.value) == "Forumet har allerede leder 15.01.2026–20.01.2027 (Kjersti Haugen)."
    with pytest.raises(RuleViolation, match="allerede nestleder"):
        elect(db, person="ingrid-bakken-holm", role="deputy", start=ELECTION)


def test_working_group_member_rules(db: Database) -> None:
    elect(db, person="ingrid-bakken-holm", role="leader", start=ELECTION)
    # A UH seat cannot fill the school slot.
    with pytest.raises(RuleViolation, match="kan ikke fylle plassen «Skole»"):
        elect(db, person="ellen-marie-rud", role="working_group", slot="skole", start=ELECTION)
    # The slot is full until the members elected in 2026 leave (19.01.2028).
    with pytest.raises(RuleViolation, match="Plassen «UH» i arbeidsgruppen har bare 2 medlemmer"):
        elect(db, person="ellen-marie-rud", role="working_group", slot="uh", start=ELECTION)
    with pytest.raises(RuleViolation, match="ingen plass «kaffe»"):
        elect(db, person="ellen-marie-rud", role="working_group", slot="kaffe", start=ELECTION)


def test_members_are_elected_the_same_day_as_the_leader(db: Database) -> None:
    for office in working_group(db, NOW).slots[4].members:
        end_office(db, office.office_id, D(2027, 1, 20))
    with pytest.raises(RuleViolation, match="ingen leder ble valgt 21.01.2027"):
        elect(db, person="ellen-marie-rud", role="working_group", slot="uh", start=ELECTION)
    elect(db, person="ingrid-bakken-holm", role="leader", start=ELECTION)
    elect(db, person="ellen-marie-rud", role="working_group", slot="uh", start=ELECTION)
    assert [m.person for m in working_group(db, ELECTION).slots[4].members] == ["ellen-marie-rud"]


def test_one_office_at_a_time_for_a_person(db: Database) -> None:
    with pytest.raises(
        RuleViolation, match="Geir Arne Haugli er allerede medlem av arbeidsgruppen"
    ):
        elect(db, person="geir-arne-haugli", role="leader", start=ELECTION)
    with pytest.raises(
        RuleViolation,
        match="Astrid Hovda er allerede nestleder 15.01.2026–19.01.2028; avslutt det vervet først",
    ):
        elect(db, person="astrid-hovda", role="leader", start=ELECTION)


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
    with pytest.raises(RuleViolation, match="kan ikke velges til leder"):
        elect(db, person=key, role="leader", start=ELECTION)
    appoint(db, person=key, seat="kommunal_skoleeier", region="nord-osterdal", start=NOW)
    elect(db, person=key, role="leader", start=ELECTION)
