"""Meetings: the annual cycle stored, moving, cancelling, statuses, facilitation, attendance.

Dates are worked out by hand: Thursdays of ISO weeks 3, 10, 25, 38 and 46.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlmodel import select

from sekretariat.domain import meetings
from sekretariat.domain.agenda import load_agenda
from sekretariat.domain.cycle import missing_meeting_dates
from sekretariat.errors import RuleViolation, UserError
from sekretariat.exchange import import_text
from sekretariat.storage.database import Database

WEEKS = [3, 10, 25, 38, 46]

#: A small forum: three voting members (one with a substitute), one observer seat,
#: and a secretariat member who holds no seat.
FORUM = """
schema = 1
[forum]
name = "Samarbeidsforum Test"
meeting_weekday = 4
meeting_weeks = [3, 10, 25, 38, 46]
meeting_start = 10:00:00
meeting_end = 14:30:00

[[region]]
code = "valdres"
name = "Valdres"

[[region]]
code = "hamar"
name = "Hamarregionen"

[[seat]]
code = "eier"
name = "Kommunale skoleeiere"
count = 2
per_region = true
voting = true

[[seat]]
code = "uh"
name = "Universitetet"
count = 1
voting = true

[[seat]]
code = "koord"
name = "Koordinatorfunksjon"
count = 1
voting = false

[[person]]
key = "aase"
name = "Åse Ødegård"
email = "aase@example.org"

[[person]]
key = "biret"
name = "Biret Máhtte Gaup"
email = "biret@example.org"

[[person]]
key = "bjorn"
name = "Bjørn Berg"
email = "bjorn@example.org"

[[person]]
key = "vara"
name = "Vera Vara"

[[person]]
key = "obs"
name = "Olav Observatør"

[[person]]
key = "sekr"
name = "Siri Sekretær"

[[term]]
person = "aase"
seat = "eier"
region = "valdres"
start = 2026-01-15

[[term]]
person = "vara"
seat = "eier"
region = "valdres"
start = 2026-01-15
substitute = true

[[term]]
person = "bjorn"
seat = "eier"
region = "hamar"
start = 2026-01-15

[[term]]
person = "biret"
seat = "uh"
start = 2026-01-15

[[term]]
person = "obs"
seat = "koord"
start = 2026-01-15
"""


@pytest.fixture
def db(tmp_path: Path) -> Database:
    database = Database.open(tmp_path / "m.db", create=True)
    import_text(database, FORUM, "forum.toml")
    yield database
    database.dispose()


def dates(db: Database, year: int) -> list[tuple[dt.date, str]]:
    return [(m.date, m.status) for m in meetings.load_year(db, year).meetings]


# -- the annual cycle ------------------------------------------------------------------


def test_generate_2026_starts_on_adoption_day(db: Database) -> None:
    added = meetings.generate_year(db, 2026)
    assert added == [
        dt.date(2026, 1, 15),  # the day the Innlandet plan was adopted
        dt.date(2026, 3, 5),
        dt.date(2026, 6, 18),
        dt.date(2026, 9, 17),
        dt.date(2026, 11, 12),
    ]
    row = meetings.load_year(db, 2026).meetings[0]
    assert (row.start, row.end, row.status) == (dt.time(10, 0), dt.time(14, 30), "planned")
    # Each new meeting starts with the standing items, in their places.
    agenda = load_agenda(db, row.id)
    assert [i.standing for i in agenda.items] == ["summons", "minutes", "aob"]


def test_generate_2027_and_again_adds_nothing(db: Database) -> None:
    assert meetings.generate_year(db, 2027)[0] == dt.date(2027, 1, 21)
    assert meetings.generate_year(db, 2027) == []
    assert len(dates(db, 2027)) == 5


def test_previous_minutes_item_names_the_previous_meeting(db: Database) -> None:
    meetings.generate_year(db, 2026)
    meetings.generate_year(db, 2027)
    january = meetings.load_year(db, 2027).meetings[0]
    minutes = load_agenda(db, january.id).items[1]
    assert minutes.proposal == "Protokollen fra møtet 12.11.2026 godkjennes."


def test_year_with_iso_week_53(db: Database) -> None:
    # 2026 has 53 ISO weeks (it starts on a Thursday): week 53's Thursday is 31.12.2026.
    assert missing_meeting_dates(2026, [52, 53], 4, []) == [
        dt.date(2026, 12, 24),
        dt.date(2026, 12, 31),
    ]
    # 2027 has 52: a week 53 is skipped, never moved into 2028.
    assert missing_meeting_dates(2027, [52, 53], 4, []) == [dt.date(2027, 12, 30)]


def test_moved_and_cancelled_meetings_are_not_generated_again(db: Database) -> None:
    meetings.generate_year(db, 2027)
    rows = meetings.load_year(db, 2027).meetings
    meetings.move_meeting(db, rows[1].id, dt.date(2027, 3, 10))  # Wednesday, same week 10
    meetings.set_status(db, rows[2].id, "cancelled", dt.date(2026, 11, 22))
    assert meetings.generate_year(db, 2027) == []
    assert dates(db, 2027) == [
        (dt.date(2027, 1, 21), "planned"),
        (dt.date(2027, 3, 10), "planned"),
        (dt.date(2027, 6, 24), "cancelled"),  # kept, not deleted
        (dt.date(2027, 9, 23), "planned"),
        (dt.date(2027, 11, 18), "planned"),
    ]
    # The cancelled meeting leaves the cycle; it can be restored as planned.
    cycle = [e.date for e in meetings.load_year(db, 2027).events if e.kind == "meeting"]
    assert dt.date(2027, 6, 24) not in cycle
    meetings.set_status(db, rows[2].id, "planned", dt.date(2027, 1, 1))
    assert dates(db, 2027)[2] == (dt.date(2027, 6, 24), "planned")


def test_add_extra_meeting_and_refuse_a_taken_date(db: Database) -> None:
    meetings.generate_year(db, 2027)
    meetings.add_meeting(db, dt.date(2027, 4, 29))
    assert (dt.date(2027, 4, 29), "planned") in dates(db, 2027)
    with pytest.raises(UserError, match="allerede et møte 21.01.2027"):
        meetings.add_meeting(db, dt.date(2027, 1, 21))
    rows = meetings.load_year(db, 2027).meetings
    with pytest.raises(UserError, match="allerede et møte 29.04.2027"):
        meetings.move_meeting(db, rows[0].id, dt.date(2027, 4, 29))


def test_year_view_lists_deadlines(db: Database) -> None:
    view = meetings.load_year(db, 2027)
    assert view.meetings == []
    assert view.missing[0] == dt.date(2027, 1, 21)
    deadlines = [(e.date, e.title) for e in view.events if e.kind == "deadline"]
    assert (dt.date(2027, 2, 1), "Frist for behovsmeldinger") in deadlines


# -- statuses ---------------------------------------------------------------------------


def test_status_path_and_illegal_jumps(db: Database) -> None:
    mid = meetings.add_meeting(db, dt.date(2027, 1, 21))
    with pytest.raises(
        RuleViolation, match="kan ikke settes til avholdt før innkallingen er sendt"
    ):
        meetings.set_status(db, mid, "held", dt.date(2027, 1, 7))
    with pytest.raises(RuleViolation, match="kan ikke godkjennes før møtet er avholdt"):
        meetings.set_status(db, mid, "approved", dt.date(2027, 1, 7))
    meetings.set_status(db, mid, "summoned", dt.date(2027, 1, 7))
    with pytest.raises(RuleViolation, match="kan ikke settes tilbake til planlagt"):
        meetings.set_status(db, mid, "planned", dt.date(2027, 1, 8))
    meetings.set_status(db, mid, "held", dt.date(2027, 1, 21))
    with pytest.raises(RuleViolation, match="er avholdt og kan ikke avlyses"):
        meetings.set_status(db, mid, "cancelled", dt.date(2027, 1, 21))
    with pytest.raises(RuleViolation, match="avholdt og kan ikke flyttes"):
        meetings.move_meeting(db, mid, dt.date(2027, 1, 28))
    meetings.set_status(db, mid, "approved", dt.date(2027, 3, 11))
    with pytest.raises(RuleViolation, match="er godkjent; statusen kan ikke endres"):
        meetings.set_status(db, mid, "held", dt.date(2027, 3, 12))
    with db.read() as s:
        from sekretariat.storage.models import Meeting

        m = s.get(Meeting, mid)
        assert (m.summons_sent, m.minutes_approved) == (dt.date(2027, 1, 7), dt.date(2027, 3, 11))


def test_edit_meeting_fields(db: Database) -> None:
    mid = meetings.add_meeting(db, dt.date(2027, 1, 21))
    meetings.update_meeting(
        db,
        mid,
        {
            "start": dt.time(9, 0),
            "end": dt.time(15, 0),
            "place": " Scandic Hamar ",
            "video_link": "https://møte.example.org/abc",
            "chair": "aase",
            "facilitator": "biret",
            "learning_focus": "Vi skal  lære av hverandre.",
        },
    )
    row = meetings.load_year(db, 2027).meetings[0]
    assert (row.place, row.chair, row.facilitator) == (
        "Scandic Hamar",
        "Åse Ødegård",
        "Biret Máhtte Gaup",
    )
    assert row.learning_focus == "Vi skal lære av hverandre."
    with pytest.raises(UserError, match="slutte etter at det begynner"):
        meetings.update_meeting(db, mid, {"end": dt.time(8, 0)})
    with pytest.raises(UserError, match="Fant ingen person"):
        meetings.update_meeting(db, mid, {"chair": "ukjent"})
    meetings.update_meeting(db, mid, {"facilitator": ""})
    assert meetings.load_year(db, 2027).meetings[0].facilitator == ""


# -- facilitation ---------------------------------------------------------------------------


def test_facilitator_rotation_by_hand() -> None:
    people = {"a": "Åse Ødegård", "b": "Bjørn Berg", "c": "Biret Máhtte Gaup", "d": "Anders Dal"}
    history = [
        (dt.date(2026, 1, 15), "b"),
        (dt.date(2026, 3, 5), "c"),
        (dt.date(2026, 6, 18), "d"),
        (dt.date(2026, 9, 17), "b"),
        (dt.date(2026, 11, 12), "x"),  # no longer a member: ignored
    ]
    # a has never facilitated: counts 0 against b 2, c 1, d 1.
    assert meetings.suggest_facilitator(people, history) == "a"
    history.append((dt.date(2027, 1, 21), "a"))
    # a, c and d have one each; c's was longest ago (05.03.2026).
    assert meetings.suggest_facilitator(people, history) == "c"
    history.append((dt.date(2027, 3, 11), "c"))
    assert meetings.suggest_facilitator(people, history) == "d"
    # Ties on count and date go by name, in Norwegian order (Å after Z; Á as A).
    fresh = {"1": "Åse", "2": "Zara", "3": "Ánde"}
    assert meetings.suggest_facilitator(fresh, []) == "3"
    del fresh["3"]
    assert meetings.suggest_facilitator(fresh, []) == "2"
    assert meetings.suggest_facilitator({}, history) is None


def test_suggestion_on_the_meeting_date(db: Database) -> None:
    # Voting members on 21.01.2027: Åse, Bjørn, Biret (not the substitute, not the observer).
    members = meetings.voting_members(db, dt.date(2027, 1, 21))
    assert [c.key for c in members] == ["biret", "bjorn", "aase"]
    jan = meetings.add_meeting(db, dt.date(2026, 1, 15))
    meetings.update_meeting(db, jan, {"facilitator": "biret"})
    mar = meetings.add_meeting(db, dt.date(2026, 3, 5))
    meetings.update_meeting(db, mar, {"facilitator": "aase"})
    assert meetings.suggest_for(db, dt.date(2026, 6, 18)).key == "bjorn"
    jun = meetings.add_meeting(db, dt.date(2026, 6, 18))
    meetings.update_meeting(db, jun, {"facilitator": "bjorn"})
    # Everyone once; Biret's turn was longest ago.
    assert meetings.suggest_for(db, dt.date(2026, 9, 17)).key == "biret"
    meetings.set_status(
        db, jan, "cancelled", dt.date(2026, 11, 22)
    )  # a cancelled meeting was never facilitated
    assert meetings.suggest_for(db, dt.date(2026, 9, 17)).key == "biret"


# -- attendance -------------------------------------------------------------------------------


def test_attendance_expected_and_counted(db: Database) -> None:
    earlier = meetings.add_meeting(db, dt.date(2026, 11, 12))
    meetings.set_attendance(db, earlier, "sekr", "secretariat")
    mid = meetings.add_meeting(db, dt.date(2027, 1, 21))
    day, rows = meetings.load_attendance(db, mid)
    assert day == dt.date(2027, 1, 21)
    assert [(r.key, r.voting, r.secretariat) for r in rows] == [
        ("aase", True, False),  # per-region seats in the networks' order (Valdres first)
        ("bjorn", True, False),
        ("biret", True, False),
        ("obs", False, False),  # an observer seat: expected, never counted
        ("sekr", False, True),  # the secretariat of the previous meeting
    ]
    assert meetings.voting_present(rows) == 0

    meetings.set_attendance(db, mid, "biret", "present")
    meetings.set_attendance(db, mid, "obs", "observer")
    meetings.set_attendance(db, mid, "sekr", "secretariat")
    assert [c.key for c in meetings.substitutes_for(db, day, "aase")] == ["vara"]
    assert meetings.substitutes_for(db, day, "bjorn") == []  # Vera is Valdres' substitute
    meetings.set_attendance(db, mid, "vara", "substitute", for_key="aase")
    meetings.set_attendance(db, mid, "bjorn", "absent_notice")
    _, rows = meetings.load_attendance(db, mid)
    status = {r.key: (r.status, r.for_key) for r in rows}
    assert status == {
        "aase": ("absent_notice", ""),  # the member the substitute attends for has forfall
        "bjorn": ("absent_notice", ""),
        "biret": ("present", ""),
        "obs": ("observer", ""),
        "sekr": ("secretariat", ""),
        "vara": ("substitute", "aase"),
    }
    # Biret present, Vera voting for Åse: 2. Observer and secretariat don't count.
    assert meetings.voting_present(rows) == 2
    meetings.set_attendance(db, mid, "bjorn", "present")
    _, rows = meetings.load_attendance(db, mid)
    assert meetings.voting_present(rows) == 3
    meetings.set_attendance(db, mid, "bjorn", "")
    _, rows = meetings.load_attendance(db, mid)
    assert next(r for r in rows if r.key == "bjorn").status == ""
    with pytest.raises(UserError, match="Velg hvem varaen møter for"):
        meetings.set_attendance(db, mid, "vara", "substitute")


def test_a_guest_not_in_the_register_is_recorded_and_removed(db: Database) -> None:
    mid = meetings.add_meeting(db, dt.date(2027, 1, 21))
    meetings.set_attendance(db, mid, "biret", "present")
    first = meetings.add_guest(db, mid, "  Kari Gjest ", " NTNU ")
    second = meetings.add_guest(db, mid, "Ola Besøk")
    _, rows = meetings.load_attendance(db, mid)
    # the expected rows are as before; the guests follow, in the order they were added
    assert [(r.key, r.name, r.status, r.note, r.expected, r.voting) for r in rows] == [
        ("aase", "Åse Ødegård", "", "", True, True),
        ("bjorn", "Bjørn Berg", "", "", True, True),
        ("biret", "Biret Máhtte Gaup", "present", "", True, True),
        ("obs", "Olav Observatør", "", "", True, False),
        (f"gjest:{first}", "Kari Gjest", "guest", "NTNU", False, False),
        (f"gjest:{second}", "Ola Besøk", "guest", "", False, False),
    ]
    assert meetings.voting_present(rows) == 1  # a guest never counts
    assert (meetings.guest_id(f"gjest:{first}"), meetings.guest_id("biret")) == (first, None)
    with db.read() as s:
        from sekretariat.storage.models import Person

        assert len(s.exec(select(Person)).all()) == 6  # nobody added to the register
    meetings.remove_guest(db, first)
    _, rows = meetings.load_attendance(db, mid)
    assert [r.name for r in rows if not r.expected] == ["Ola Besøk"]
    with pytest.raises(UserError, match="^Gjesten er ikke registrert i møtet lenger.$"):
        meetings.remove_guest(db, first)


@pytest.mark.parametrize(
    ("name", "organisation", "said"),
    [
        ("  ", "", "Navn: kan ikke være tom. Ingenting ble lagret."),
        ("Kari\nGjest", "", "Navn: skal stå på én linje (uten linjeskift). Ingenting ble lagret."),
        (
            "Kari",
            "NT\nNU",
            "Organisasjon: skal stå på én linje (uten linjeskift). Ingenting ble lagret.",
        ),
    ],
)
def test_a_guest_needs_a_name_on_one_line(
    db: Database, name: str, organisation: str, said: str
) -> None:
    mid = meetings.add_meeting(db, dt.date(2027, 1, 21))
    with pytest.raises(UserError) as refused:
        meetings.add_guest(db, mid, name, organisation)
    assert str(refused.value) == said
    _, rows = meetings.load_attendance(db, mid)
    assert [r for r in rows if not r.expected] == []


def test_guests_of_approved_minutes_are_not_added_or_removed(db: Database) -> None:
    mid = meetings.add_meeting(db, dt.date(2027, 1, 21))
    guest = meetings.add_guest(db, mid, "Kari Gjest", "NTNU")
    meetings.set_status(db, mid, "summoned", dt.date(2027, 1, 7))
    meetings.set_status(db, mid, "held", dt.date(2027, 1, 21))
    meetings.set_status(db, mid, "approved", dt.date(2027, 3, 11))
    with pytest.raises(RuleViolation):
        meetings.add_guest(db, mid, "Ola Besøk")
    with pytest.raises(RuleViolation):
        meetings.remove_guest(db, guest)
    _, rows = meetings.load_attendance(db, mid)
    assert [r.name for r in rows if not r.expected] == ["Kari Gjest"]


def test_year_view_at_the_turn_of_the_year(db: Database) -> None:
    # 29.12.2025 lies in ISO week 1 of 2026, and 01.01.2027 in ISO week 53 of 2026.
    days = [dt.date(2025, 12, 29), dt.date(2026, 12, 31), dt.date(2027, 1, 1), dt.date(2027, 1, 4)]
    for day in days:
        meetings.add_meeting(db, day)
    view = meetings.load_year(db, 2026)
    assert [(m.date, m.items, m.planned_minutes) for m in view.meetings] == [
        (dt.date(2026, 12, 31), 3, 20)
    ]
    assert [m.date for m in meetings.load_year(db, 2027).meetings] == days[2:]
    # The cycle counts the meetings of the ISO year as stored.
    with db.read() as s:
        assert [m.date for m in meetings._year_meetings(s, 2026)] == days[:3]
        assert [m.date for m in meetings._year_meetings(s, 2027)] == days[2:]


def test_year_view_of_the_sample(sample_db: Path) -> None:
    db = Database.open(sample_db)
    rows = meetings.load_year(db, 2026).meetings
    assert [
        (m.id, m.date, m.status, m.chair_key, m.facilitator_key, m.items, m.planned_minutes)
        for m in rows
    ] == [
        (1, dt.date(2026, 1, 15), "approved", "kjersti-haugen", "hanne-kristiansen-dahl", 7, 165),
        (2, dt.date(2026, 3, 5), "approved", "kjersti-haugen", "geir-arne-haugli", 6, 135),
        (3, dt.date(2026, 6, 18), "approved", "kjersti-haugen", "biret-mahtte-gaup", 6, 120),
        (4, dt.date(2026, 9, 17), "approved", "kjersti-haugen", "astrid-hovda", 6, 115),
        (5, dt.date(2026, 11, 12), "held", "kjersti-haugen", "line-myrvold", 6, 105),
    ]
    assert {m.chair for m in rows} == {"Kjersti Haugen"}
    assert [m.facilitator for m in rows] == [
        "Hanne Kristiansen Dahl",
        "Geir Arne Haugli",
        "Biret Máhtte Gaup",
        "Astrid Hovda",
        "Line Myrvold",
    ]
    rows = meetings.load_year(db, 2027).meetings
    assert [(m.id, m.chair, m.facilitator, m.items, m.planned_minutes) for m in rows] == [
        (6, "", "Per Ivar Rønning", 6, 115),
        (7, "", "", 0, 0),
        (8, "", "", 0, 0),
        (9, "", "", 0, 0),
        (10, "", "", 0, 0),
    ]
    assert meetings.load_year(db, 2025).meetings == []
