"""Approved minutes never change: every write path that touches a meeting whose minutes are
approved is refused in the core with the same sentence (``checkout.refuse_if_approved``),
and nothing is written. A draft's wrongly recorded action or conflict of interest can be
corrected or removed, and the audit log keeps what it said."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sekretariat.domain import agenda, allocation_runs, meetings
from sekretariat.domain import minutes as m
from sekretariat.errors import ImportRefused, RuleViolation, UserError
from sekretariat.exchange import export_text, import_file, import_text
from sekretariat.exchange.checkout import check_in, check_out, checkin_file
from sekretariat.storage.database import Database

# The sample: 05.03.2026 is approved (items 8–13; Sak 10/26 «Fordeling av tilskudd 2026»
# is a decision item with conflict 1 and actions 5–7), 12.11.2026 is held (items 26–31).
APPROVED = 2
ALLOCATION_ITEM = 10
CONFLICT = 1
ACTION = 5
HELD = 5
REFUSED = (
    r"^Protokollen for møtet 05\.03\.2026 er godkjent og kan ikke endres; "
    r"registrer en rettelse i stedet\.$"
)


@pytest.fixture
def db(sample_db: Path) -> Database:
    database = Database.open(sample_db)
    yield database
    database.dispose()


def dump(db: Database) -> list[tuple[Any, ...]]:
    """Everything the minutes of 05.03.2026 consist of, to show nothing was written."""
    con = sqlite3.connect(db.path)
    try:
        out: list[tuple[Any, ...]] = []
        for sql in (
            "SELECT * FROM meeting WHERE id = 2",
            "SELECT * FROM agendaitem WHERE meeting_id = 2 ORDER BY id",
            "SELECT * FROM attendance WHERE meeting_id = 2 ORDER BY id",
            "SELECT a.* FROM action a JOIN agendaitem i ON i.id = a.item_id "
            "WHERE i.meeting_id = 2 ORDER BY a.id",
            "SELECT c.* FROM conflict c JOIN agendaitem i ON i.id = c.item_id "
            "WHERE i.meeting_id = 2 ORDER BY c.id",
            "SELECT key, status, adopted_item_id FROM allocationrun ORDER BY id",
        ):
            out.extend(con.execute(sql).fetchall())
        return out
    finally:
        con.close()


# -- one test per write path of the domain ---------------------------------------------------

PATHS: dict[str, Callable[[Database], object]] = {
    "save_item": lambda db: m.save_item(db, ALLOCATION_ITEM, {"notes": "For sent"}),
    "save_item_outcome": lambda db: m.save_item(db, ALLOCATION_ITEM, {"outcome": "postponed"}),
    "set_reflection": lambda db: m.set_reflection(db, APPROVED, "Ettertanke"),
    "add_action": lambda db: m.add_action(db, ALLOCATION_ITEM, "Ny oppgave"),
    "update_action": lambda db: m.update_action(db, ACTION, "Annen tekst"),
    "remove_action": lambda db: m.remove_action(db, ACTION),
    "add_conflict": lambda db: m.add_conflict(
        db, ALLOCATION_ITEM, "siri-nyhus", ground="Nær venn", decided_by="Forumet"
    ),
    "remove_conflict": lambda db: m.remove_conflict(db, CONFLICT),
    "add_item": lambda db: agenda.add_item(db, APPROVED, {"title": "For sent"}),
    "update_item": lambda db: agenda.update_item(db, ALLOCATION_ITEM, {"title": "Ny tittel"}),
    "remove_item": lambda db: agenda.remove_item(db, 11),
    "move_item": lambda db: agenda.move_item(db, 11, -1),
    "add_standing_items": lambda db: agenda.add_standing_items(db, APPROVED),
    "attach_prompt": lambda db: agenda.attach_prompt(db, 11, None),
    "update_meeting": lambda db: meetings.update_meeting(db, APPROVED, {"place": "Gjøvik"}),
    "move_meeting": lambda db: meetings.move_meeting(db, APPROVED, dt.date(2026, 3, 6)),
    "set_attendance": lambda db: meetings.set_attendance(
        db, APPROVED, "siri-nyhus", "absent_notice"
    ),
    "remove_attendance": lambda db: meetings.set_attendance(db, APPROVED, "siri-nyhus", ""),
}


@pytest.mark.parametrize("path", list(PATHS))
def test_every_write_to_approved_minutes_is_refused(db: Database, path: str) -> None:
    before = dump(db)
    with pytest.raises(RuleViolation, match=REFUSED):
        PATHS[path](db)
    assert dump(db) == before


def test_following_up_an_action_and_an_amendment_are_allowed_after_approval(
    db: Database,
) -> None:
    """Marking an action done is following up (the plan's normal work after a meeting),
    and a correction is recorded beside the minutes, never in them."""
    m.set_action_done(db, ACTION, dt.date(2026, 4, 1))
    m.add_amendment(db, APPROVED, "Beløpet er 1 800 000 kr.", dt.date(2026, 6, 18))
    view = m.load_minutes(db, APPROVED)
    item = next(i for i in view.items if i.id == ALLOCATION_ITEM)
    assert [a.done for a in item.actions if a.id == ACTION] == [dt.date(2026, 4, 1)]
    assert [a.text for a in m.amendments(db, APPROVED)] == ["Beløpet er 1 800 000 kr."]


# -- allocation runs: a run put before an item is a table in its minutes ----------------------


def _run(db: Database, year: int = 2026, budget: int = 9_000_000) -> str:
    result, scheme, _ = allocation_runs.run_for_year(db, year, budget)
    return allocation_runs.save_run(db, year, result, scheme)


def test_adopting_a_run_into_an_item_of_approved_minutes_is_refused(db: Database) -> None:
    key = _run(db)
    before = dump(db)
    with pytest.raises(RuleViolation, match=REFUSED):
        allocation_runs.adopt(db, key, ALLOCATION_ITEM)
    assert dump(db) == before
    assert allocation_runs.load_run(db, key).status == "proposal"


def test_linking_a_run_to_an_item_of_approved_minutes_is_refused(db: Database) -> None:
    key = _run(db)
    before = dump(db)
    with pytest.raises(RuleViolation, match=REFUSED):
        allocation_runs.link(db, key, ALLOCATION_ITEM)
    assert dump(db) == before


@pytest.fixture
def linked(db: Database) -> str:
    """A proposal put before a decision item of 12.11.2026, whose minutes are then approved."""
    key = _run(db)
    item = agenda.add_item(db, HELD, {"title": "Fordeling av tilskudd 2026", "kind": "decision"})
    allocation_runs.link(db, key, item)
    m.approve_minutes(db, HELD, dt.date(2027, 1, 21), today=dt.date(2027, 1, 21))
    return key


HELD_REFUSED = (
    r"^Protokollen for møtet 12\.11\.2026 er godkjent og kan ikke endres; "
    r"registrer en rettelse i stedet\.$"
)


def test_a_proposal_in_approved_minutes_is_not_adjusted(db: Database, linked: str) -> None:
    code = allocation_runs.load_run(db, linked).lines[0].code
    before = allocation_runs.load_run(db, linked)
    with pytest.raises(RuleViolation, match=HELD_REFUSED):
        allocation_runs.adjust(db, linked, code, 0, "Feil")
    assert allocation_runs.load_run(db, linked) == before


def test_a_proposal_in_approved_minutes_is_not_deleted(db: Database, linked: str) -> None:
    with pytest.raises(RuleViolation, match=HELD_REFUSED):
        allocation_runs.delete_run(db, linked)
    assert allocation_runs.load_run(db, linked).key == linked


def test_a_proposal_in_approved_minutes_is_not_moved_or_adopted_elsewhere(
    db: Database, linked: str
) -> None:
    other = agenda.add_item(db, 6, {"title": "Fordeling av tilskudd 2026", "kind": "decision"})
    with pytest.raises(RuleViolation, match=HELD_REFUSED):
        allocation_runs.link(db, linked, other)
    with pytest.raises(RuleViolation, match=HELD_REFUSED):
        allocation_runs.adopt(db, linked, other)
    with pytest.raises(RuleViolation, match=HELD_REFUSED):
        allocation_runs.adopt(db, linked, 27)
    run = allocation_runs.load_run(db, linked)
    assert (run.status, run.adopted_item) == (
        "proposal",
        "Sak 32/26 Fordeling av tilskudd 2026 (12.11.2026)",
    )


# -- the importer -------------------------------------------------------------------------------

IMPORT_REFUSED = (
    r"^Protokollen for møtet 05\.03\.2026 er godkjent og kan ikke endres; registrer en "
    r"rettelse i stedet; importen ville endret møtet, og ingenting ble importert\.$"
)


def test_an_import_replacing_an_approved_meetings_agenda_is_refused(db: Database) -> None:
    before = dump(db)
    text = 'schema = 1\n[[meeting]]\ndate = 2026-03-05\n[[meeting.item]]\ntitle = "Ny sak"\n'
    with pytest.raises(ImportRefused, match=IMPORT_REFUSED):
        import_text(db, text, "ny.toml")
    assert dump(db) == before


def test_an_import_replacing_an_approved_meetings_attendance_is_refused(db: Database) -> None:
    before = dump(db)
    text = (
        "schema = 1\n[[meeting]]\ndate = 2026-03-05\n"
        '[[meeting.attendance]]\nperson = "siri-nyhus"\nstatus = "present"\n'
    )
    with pytest.raises(ImportRefused, match=IMPORT_REFUSED):
        import_text(db, text, "oppmote.toml")
    assert dump(db) == before


def test_an_import_changing_an_approved_meeting_is_refused(db: Database) -> None:
    before = dump(db)
    text = 'schema = 1\n[[meeting]]\ndate = 2026-03-05\nplace = "Gjøvik"\n'
    with pytest.raises(ImportRefused, match=IMPORT_REFUSED):
        import_text(db, text, "sted.toml")
    assert dump(db) == before


def test_reading_back_an_export_leaves_approved_minutes_as_they_are(db: Database) -> None:
    """The file says what is stored: nothing to refuse, and the rows keep their ids."""
    before = dump(db)
    import_text(db, export_text(db), "eksport.toml")
    assert dump(db) == before


# -- the check-in ----------------------------------------------------------------------------

DAY = dt.date(2027, 1, 21)


def test_a_check_in_into_minutes_approved_meanwhile_is_refused(
    tmp_path: Path, sample_db: Path
) -> None:
    server = Database.open(sample_db)
    check_out(server, DAY, tmp_path / "ut.toml")
    laptop = Database.open(tmp_path / "laptop.db", create=True)
    import_file(laptop, tmp_path / "ut.toml")
    meeting = m.minute_meeting(laptop, DAY, DAY)
    m.save_item(laptop, m.load_minutes(laptop, meeting).items[0].id, {"notes": "Fra laptop"})
    checkin_file(laptop, tmp_path / "inn.toml")
    # Approved on the server meanwhile (an import may set the status of a meeting out).
    con = sqlite3.connect(server.path)
    with con:
        con.execute(
            "UPDATE meeting SET status = 'approved', minutes_approved = '2027-03-11' "
            "WHERE \"date\" = '2027-01-21'"
        )
    con.close()
    with pytest.raises(
        UserError,
        match=r"^Protokollen for møtet 21\.01\.2027 er godkjent og kan ikke endres; registrer "
        r"en rettelse i stedet; ingenting er sjekket inn\.$",
    ):
        check_in(server, tmp_path / "inn.toml")
    con = sqlite3.connect(server.path)
    assert con.execute("SELECT COUNT(*) FROM agendaitem WHERE notes = 'Fra laptop'").fetchone() == (
        0,
    )
    con.close()


def test_a_check_in_changes_an_approved_meetings_action_only_by_following_it_up(
    tmp_path: Path, sample_db: Path
) -> None:
    """An open action of an approved meeting travels with a checkout; marking it done
    comes back, a changed text does not (a file edited by hand, say)."""
    server = Database.open(sample_db)
    con = sqlite3.connect(server.path)
    with con:  # action 8 (meeting 18.06.2026, approved) is open
        con.execute("UPDATE action SET done = NULL WHERE id = 8")
    con.close()
    check_out(server, DAY, tmp_path / "ut.toml")
    laptop = Database.open(tmp_path / "laptop.db", create=True)
    import_file(laptop, tmp_path / "ut.toml")
    con = sqlite3.connect(laptop.path)
    with con:
        con.execute(
            "UPDATE action SET what = 'Endret på laptopen', done = '2027-01-21' "
            "WHERE what LIKE 'Sende spørsmålene%'"
        )
    con.close()
    checkin_file(laptop, tmp_path / "inn.toml")
    with pytest.raises(
        UserError,
        match=r"^Protokollen for møtet 18\.06\.2026 er godkjent og kan ikke endres; registrer "
        r"en rettelse i stedet; ingenting er sjekket inn\.$",
    ):
        check_in(server, tmp_path / "inn.toml")
    text = (tmp_path / "inn.toml").read_text(encoding="utf-8")
    (tmp_path / "inn.toml").write_text(
        text.replace('what = "Endret på laptopen"\n', ""), encoding="utf-8"
    )
    check_in(server, tmp_path / "inn.toml")
    con = sqlite3.connect(server.path)
    assert con.execute("SELECT what, done FROM action WHERE id = 8").fetchone() == (
        "Sende spørsmålene fra gruppene til Universitetet i Innlandet som grunnlag for "
        "fellessamlingen",
        "2027-01-21",
    )
    con.close()


# -- correcting a draft ------------------------------------------------------------------------


def _audit(db: Database, entity: str, entity_id: int) -> list[tuple[str, dict[str, Any]]]:
    con = sqlite3.connect(db.path)
    try:
        rows = con.execute(
            "SELECT action, changes FROM auditlog WHERE entity = ? AND entity_id = ? ORDER BY id",
            (entity, str(entity_id)),
        ).fetchall()
    finally:
        con.close()
    return [(a, json.loads(c)) for a, c in rows]


def test_a_wrong_action_is_corrected_or_removed_in_a_draft_and_the_log_keeps_it(
    db: Database,
) -> None:
    aid = m.add_action(db, 28, "Purre Valdres", "torbjorn-lien", dt.date(2026, 12, 1))
    m.update_action(db, aid, "  Purre Hadeland  ", "siri-nyhus", None)
    item = next(i for i in m.load_minutes(db, HELD).items if i.id == 28)
    assert [(a.what, a.owner, a.due) for a in item.actions] == [
        ("Purre Hadeland", "siri-nyhus", None)
    ]
    with pytest.raises(UserError, match=r"^Skriv hva som skal gjøres\.$"):
        m.update_action(db, aid, " ")
    m.remove_action(db, aid)
    assert next(i for i in m.load_minutes(db, HELD).items if i.id == 28).actions == ()
    log = _audit(db, "action", aid)
    assert [a for a, _ in log] == ["insert", "update", "delete"]
    assert "Purre Valdres" in json.dumps(log[1][1], ensure_ascii=False)
    assert "Purre Hadeland" in json.dumps(log[2][1], ensure_ascii=False)


def test_a_wrong_conflict_is_removed_in_a_draft_and_the_log_keeps_it(db: Database) -> None:
    cid = m.add_conflict(db, 28, "siri-nyhus", ground="Nær venn", decided_by="Forumet")
    m.remove_conflict(db, cid)
    assert next(i for i in m.load_minutes(db, HELD).items if i.id == 28).conflicts == ()
    log = _audit(db, "conflict", cid)
    assert [a for a, _ in log] == ["insert", "delete"]
    assert "Nær venn" in json.dumps(log[1][1], ensure_ascii=False)
    # Once approved, neither is possible any more.
    aid = m.add_action(db, 28, "Purre Valdres")
    cid = m.add_conflict(db, 28, "siri-nyhus", ground="Nær venn", decided_by="Forumet")
    m.approve_minutes(db, HELD, dt.date(2027, 1, 21), today=dt.date(2027, 1, 21))
    for write in (
        lambda: m.remove_conflict(db, cid),
        lambda: m.remove_action(db, aid),
        lambda: m.update_action(db, aid, "Annet"),
    ):
        with pytest.raises(RuleViolation, match=HELD_REFUSED):
            write()
