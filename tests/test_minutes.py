"""Minute-taking core: item minutes, actions, conflicts, the lock, approval and amendments."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sekretariat.domain import minutes as m
from sekretariat.errors import RuleViolation, UserError
from sekretariat.storage.database import Database

HELD = dt.date(2026, 11, 12)  # the sample's held meeting, minutes not approved
T0 = dt.datetime(2026, 11, 12, 8, 5, tzinfo=dt.UTC)


@pytest.fixture
def db(sample_db: Path) -> Database:
    database = Database.open(sample_db)
    yield database
    database.dispose()


def _held(db: Database) -> int:
    return m.minute_meeting(db, dt.date(2026, 11, 22), HELD)


def test_meeting_choice_today_next_or_most_recent(db: Database) -> None:
    with db.sql() as con:
        ids = {r["date"]: r["id"] for r in con.execute('SELECT id, "date" FROM meeting')}
    assert m.minute_meeting(db, dt.date(2026, 11, 12)) == ids["2026-11-12"]  # today's
    assert m.minute_meeting(db, dt.date(2026, 11, 22)) == ids["2027-01-21"]  # the next
    assert m.minute_meeting(db, dt.date(2028, 1, 1)) == ids["2027-11-18"]  # the most recent
    with pytest.raises(UserError, match=r"^Det finnes ikke noe møte 13\.11\.2026\.$"):
        m.minute_meeting(db, dt.date(2026, 11, 22), dt.date(2026, 11, 13))


def test_save_notes_decision_outcome(db: Database) -> None:
    mid = _held(db)
    view = m.load_minutes(db, mid)
    assert [i.number for i in view.items] == [26, 27, 28, 29, 30, 31]
    item = view.items[3]
    assert item.decision_or_proposal.startswith("Som forslaget.")
    m.save_item(
        db, item.id, {"notes": "Diskusjon om ledervalg – čđŋšŧžá", "outcome": "adopted_changed"}
    )
    again = m.load_minutes(db, mid).items[3]
    assert again.notes == "Diskusjon om ledervalg – čđŋšŧžá"
    assert again.outcome == "adopted_changed"
    with pytest.raises(UserError, match="er ikke et utfall"):
        m.save_item(db, item.id, {"outcome": "rejected"})


def test_adopting_without_decision_takes_the_proposal(db: Database) -> None:
    mid = m.minute_meeting(db, dt.date(2026, 11, 22), dt.date(2027, 1, 21))
    first = m.load_minutes(db, mid).items[0]
    assert first.decision == "" and first.proposal == "Innkalling og saksliste godkjennes."
    assert first.decision_or_proposal == "Innkalling og saksliste godkjennes."
    assert first.open
    m.save_item(db, first.id, {"outcome": "adopted"})
    assert m.load_minutes(db, mid).items[0].decision == "Innkalling og saksliste godkjennes."
    assert m.load_minutes(db, mid).first_open() == 1


def test_actions_and_conflicts(db: Database) -> None:
    mid = _held(db)
    item = m.load_minutes(db, mid).items[2]
    aid = m.add_action(db, item.id, "  Purre Valdres  ", "torbjorn-lien", m.parse_due("01.12.2026"))
    m.add_action(db, item.id, "Skrive notat", "Arbeidsgruppa")
    loaded = m.load_minutes(db, mid).items[2]
    assert [(a.what, a.owner_name, a.due) for a in loaded.actions] == [
        ("Purre Valdres", "Torbjørn Lien", dt.date(2026, 12, 1)),
        ("Skrive notat", "Arbeidsgruppa", None),
    ]
    m.set_action_done(db, aid, dt.date(2026, 11, 30))
    assert m.load_minutes(db, mid).items[2].actions[0].done == dt.date(2026, 11, 30)
    with pytest.raises(UserError, match="^Skriv hva som skal gjøres.$"):
        m.add_action(db, item.id, "  ")
    with pytest.raises(UserError, match="er ikke en dato"):
        m.parse_due("32.13.2026")

    with pytest.raises(UserError, match="^Skriv grunnlaget for habilitetsspørsmålet"):
        m.add_conflict(db, item.id, "torbjorn-lien", ground=" ", decided_by="Forumet")
    with pytest.raises(UserError, match="^Skriv hvem som avgjorde habilitetsspørsmålet"):
        m.add_conflict(db, item.id, "torbjorn-lien", ground="Nær venn", decided_by="")
    with pytest.raises(UserError, match="Bare den som er inhabil"):
        m.add_conflict(
            db,
            item.id,
            "torbjorn-lien",
            ground="Nær venn",
            decided_by="Forumet",
            disqualified=False,
            substitute="maret-sara",
        )
    with pytest.raises(UserError, match="kan ikke ta sin egen plass"):
        m.add_conflict(
            db, item.id, "torbjorn-lien", ground="G", decided_by="F", substitute="torbjorn-lien"
        )
    cid = m.add_conflict(
        db,
        item.id,
        "torbjorn-lien",
        "Forlot rommet",
        ground="Søker selv  stillingen saken gjelder",
        decided_by="Møteleder",
        substitute="maret-sara",
    )
    conflicts = m.load_minutes(db, mid).items[2].conflicts
    assert [
        (c.name, c.ground, c.decided_by, c.disqualified, c.substitute_name, c.note)
        for c in conflicts
    ] == [
        (
            "Torbjørn Lien",
            "Søker selv stillingen saken gjelder",
            "Møteleder",
            True,
            "Máret Sárá",
            "Forlot rommet",
        )
    ]
    assert conflicts[0].text() == (
        "Torbjørn Lien ble erklært inhabil og fratrådte under behandlingen av saken. Grunnlag: "
        "Søker selv stillingen saken gjelder. Avgjort av: Møteleder. Máret Sárá tok plassen. "
        "Forlot rommet"
    )
    with pytest.raises(
        UserError, match="^Habiliteten til Torbjørn Lien er allerede registrert i denne saken.$"
    ):
        m.add_conflict(db, item.id, "torbjorn-lien", ground="G", decided_by="F")
    m.remove_conflict(db, cid)
    assert m.load_minutes(db, mid).items[2].conflicts == ()
    m.add_conflict(
        db,
        item.id,
        "maret-sara",
        ground="Spurt om tidligere arbeid",
        decided_by="Forumet",
        disqualified=False,
    )
    habil = m.load_minutes(db, mid).items[2].conflicts[0]
    assert habil.text() == (
        "Máret Sárá ble vurdert som habil og deltok i behandlingen av saken. Grunnlag: Spurt "
        "om tidligere arbeid. Avgjort av: Forumet."
    )


def test_approval_freezes_and_amendments_are_recorded(db: Database) -> None:
    mid = _held(db)
    item = m.load_minutes(db, mid).items[0]
    with pytest.raises(UserError, match="ikke godkjent ennå"):
        m.add_amendment(db, mid, "Rettelse", dt.date(2027, 1, 21))
    with pytest.raises(UserError, match="godkjenningsmåte"):
        m.approve_minutes(db, mid, dt.date(2027, 1, 21), "fax", today=dt.date(2027, 2, 1))
    m.approve_minutes(db, mid, dt.date(2027, 1, 21), "email", today=dt.date(2027, 2, 1))
    view = m.load_minutes(db, mid)
    assert (view.status, view.minutes_approved, view.approved_how, view.frozen) == (
        "approved",
        dt.date(2027, 1, 21),
        "email",
        True,
    )
    frozen = r"^Protokollen for møtet 12\.11\.2026 er godkjent og kan ikke endres; registrer en rettelse i stedet\.$"
    with pytest.raises(RuleViolation, match=frozen):
        m.save_item(db, item.id, {"notes": "for sent"})
    with pytest.raises(RuleViolation, match=frozen):
        m.add_action(db, item.id, "for sent")
    with pytest.raises(RuleViolation, match="allerede godkjent"):
        m.approve_minutes(db, mid, dt.date(2027, 1, 22), today=dt.date(2027, 2, 1))
    m.add_amendment(
        db,
        mid,
        "Navnet skal være Kari, ikke Karin.",
        dt.date(2027, 2, 1),
        item_id=item.id,
        made_by="kari",
    )
    assert m.amendments(db, mid) == [
        m.AmendmentView(
            dt.date(2027, 2, 1), "kari", "Navnet skal være Kari, ikke Karin.", item.title
        )
    ]


def test_lock_refused_taken_back_and_taken_over(db: Database) -> None:
    mid = _held(db)
    a = ("kari", "server1", 4242)
    b = ("ola", "laptop", 777)
    first = m.acquire_lock(db, mid, who=a, now=T0)
    assert (first.user, first.pid, first.item_id, first.cursor) == ("kari", 4242, None, 0)
    m.heartbeat(db, mid, item_id=28, cursor=17, who=a, now=T0 + dt.timedelta(seconds=30))
    # Another host cannot see the process, so only the heartbeat tells.
    with pytest.raises(m.LockHeld) as refused:
        m.acquire_lock(db, mid, who=b, now=T0 + dt.timedelta(seconds=60))
    local = T0.astimezone().strftime("%H.%M")
    assert str(refused.value) == f"kari på server1 skriver protokoll siden kl. {local}"
    # Explicit take-over.
    taken = m.acquire_lock(db, mid, who=b, now=T0 + dt.timedelta(seconds=61), take_over=True)
    assert (taken.user, taken.host, taken.item_id, taken.cursor) == ("ola", "laptop", 28, 17)
    with pytest.raises(m.LockLost, match="^Du skriver ikke lenger protokollen: ola på laptop"):
        m.heartbeat(db, mid, who=a)
    with pytest.raises(m.LockLost):
        m.save_item(db, 28, {"notes": "gammel"}, holder=a)
    m.save_item(db, 28, {"notes": "ny"}, holder=b)
    # No heartbeat for more than a minute: taken back silently.
    back = m.acquire_lock(db, mid, who=a, now=T0 + dt.timedelta(seconds=61 + 61))
    assert (back.user, back.item_id, back.cursor) == ("kari", 28, 17)


def test_lock_of_a_dead_process_on_this_host_is_taken_back(db: Database) -> None:
    mid = _held(db)
    user, host, _ = m.me()
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    gone = int(dead.stdout)
    m.acquire_lock(db, mid, who=(user, host, gone))
    mine = m.acquire_lock(db, mid)  # heartbeat is fresh, but the process is gone
    assert mine.pid == os.getpid()
    # A live process on this host (ourselves, seen from a different pid) is respected.
    with pytest.raises(m.LockHeld):
        m.acquire_lock(db, mid, who=(user, host, os.getppid()))


def test_release_keeps_the_position(db: Database) -> None:
    mid = _held(db)
    a = ("kari", "server1", 4242)
    m.acquire_lock(db, mid, who=a, now=T0)
    assert m.release_lock(db, mid, item_id=29, cursor=5, who=a)
    info = m.lock_status(db, mid)
    assert info is not None and (info.active, info.item_id, info.cursor) == (False, 29, 5)
    assert not m.release_lock(db, mid, who=("ola", "laptop", 1))
    # Released: anyone takes it at once and resumes there.
    again = m.acquire_lock(db, mid, who=("ola", "laptop", 1), now=T0 + dt.timedelta(seconds=5))
    assert (again.item_id, again.cursor, again.active) == (29, 5, True)


def test_item_clock() -> None:
    assert m.item_clock(0, 20) == "0:00 / 20 min"
    assert m.item_clock(725, 20) == "12:05 / 20 min"
    assert m.item_clock(20 * 60 + 130, 20) == "22:10 / 20 min (+2:10 over)"
    assert m.item_clock(61, 0) == "1:01"


def test_action_owners_are_named_from_the_people_they_name(db: Database) -> None:
    """Only the owners of the meeting's actions are looked up; free text stays as written."""
    view = m.load_minutes(db, _held(db))
    assert [
        (i.number, a.owner, a.owner_name, a.due, a.done) for i in view.items for a in i.actions
    ] == [
        (29, "torbjorn-lien", "Torbjørn Lien", dt.date(2026, 11, 20), dt.date(2026, 11, 19)),
        (29, "torbjorn-lien", "Torbjørn Lien", dt.date(2026, 12, 1), None),
        (29, "Arbeidsgruppa", "Arbeidsgruppa", dt.date(2027, 1, 11), None),
        (30, "biret-mahtte-gaup", "Biret Máhtte Gaup", dt.date(2026, 12, 15), None),
    ]
    march = m.load_minutes(db, m.minute_meeting(db, dt.date(2026, 11, 22), dt.date(2026, 3, 5)))
    assert [(a.owner, a.owner_name) for i in march.items for a in i.actions] == [
        ("ingrid-bakken-holm", "Ingrid Bakken Holm"),
        ("hanne-kristiansen-dahl", "Hanne Kristiansen Dahl"),
        ("maret-sara", "Máret Sárá"),
    ]
    assert [(c.person_key, c.name) for i in march.items for c in i.conflicts] == [
        ("anne-grethe-lunde", "Anne Grethe Lunde")
    ]
    planned = m.load_minutes(db, m.minute_meeting(db, dt.date(2026, 11, 22), dt.date(2027, 3, 11)))
    assert planned.items == ()


def test_conflict_candidates_of_an_allocation_item(db: Database) -> None:
    """Those present whose own network the run allocates to, or whose organisation is a UH
    partner of that year's needs reports: Anne Grethe Lunde (Lunner kommune, network
    Gjøvikregionen) and Biret Máhtte Gaup (Universitetet i Innlandet, the partner the
    sample's 2027 reports name); not Arild Fossum (Utdanningsforbundet, no network)."""
    from sekretariat.domain import allocation_runs as runs
    from sekretariat.domain.agenda import add_item
    from sekretariat.domain.meetings import add_meeting, set_attendance

    mid = add_meeting(db, dt.date(2026, 11, 26))
    item = add_item(db, mid, {"title": "Tildeling 2027", "kind": "decision", "minutes": 20})
    other = add_item(db, mid, {"title": "Orientering", "kind": "orientation", "minutes": 10})
    for key in ("anne-grethe-lunde", "biret-mahtte-gaup", "arild-fossum"):
        set_attendance(db, mid, key, "present")
    assert m.conflict_candidates(db, item) == []  # no allocation put before it yet
    result, scheme, _ = runs.run_for_year(db, 2027, 10_000_000)
    runs.link(db, runs.save_run(db, 2027, result, scheme), item)
    assert m.conflict_candidates(db, item) == [
        m.ConflictCandidate(
            "anne-grethe-lunde", "Anne Grethe Lunde", "eget nettverk: Gjøvikregionen"
        ),
        m.ConflictCandidate(
            "biret-mahtte-gaup", "Biret Máhtte Gaup", "UH-partner: Universitetet i Innlandet"
        ),
    ]
    assert m.conflict_candidates(db, other) == []
    m.add_conflict(db, item, "anne-grethe-lunde", ground="Eget nettverk", decided_by="Forumet")
    assert [c.person for c in m.conflict_candidates(db, item)] == ["biret-mahtte-gaup"]


def test_an_items_learning_prompt_is_read_with_the_minutes(db: Database) -> None:
    from sekretariat.domain.agenda import attach_prompt

    mid = _held(db)
    item = m.load_minutes(db, mid).items[2]
    attach_prompt(db, item.id, 2)
    items = m.load_minutes(db, mid).items
    assert (items[2].prompt_title, items[2].prompt_question) == (
        "Kjennetegn på godt partnerskap",
        "Hvilke kjennetegn på et godt partnerskap mellom eier og UH ser dere i egen region, "
        "og hvordan vet dere at det er slik?",
    )
    # The sample's item 30/2026 carries «Fra status til vurdering» already.
    assert [i.prompt_title for i in items] == [
        "",
        "",
        "Kjennetegn på godt partnerskap",
        "",
        "Fra status til vurdering",
        "",
    ]


def test_minutes_are_approved_only_after_the_meeting(db: Database) -> None:
    """A meeting to come cannot be marked held or get approved minutes, and the day of
    approval is not after today (docs/rules.md R37)."""
    from sekretariat.domain import meetings

    with db.sql() as con:
        january = con.execute("SELECT id FROM meeting WHERE date = '2027-01-21'").fetchone()[0]
    meetings.set_status(db, january, "summoned", dt.date(2026, 12, 2))
    today = dt.date(2026, 12, 2)
    with pytest.raises(RuleViolation, match=r"^Møtet 21\.01\.2027 er ikke holdt ennå; protokollen"):
        m.approve_minutes(db, january, dt.date(2027, 1, 20), today=dt.date(2027, 1, 20))
    with pytest.raises(RuleViolation, match=r"^Godkjenningsdatoen 21\.01\.2027 er etter i dag"):
        m.approve_minutes(db, january, dt.date(2027, 1, 21), today=today)
    with pytest.raises(
        RuleViolation, match=r"^Møtet 21\.01\.2027 er ikke holdt ennå; det kan settes"
    ):
        meetings.set_status(db, january, "held", today)
    assert m.load_minutes(db, january).status == "summoned"
    meetings.set_status(db, january, "held", dt.date(2027, 1, 21))  # on the day: held
    m.approve_minutes(db, january, dt.date(2027, 1, 21), today=dt.date(2027, 1, 21))
    assert m.load_minutes(db, january).status == "approved"
