"""A meeting taken to a laptop and brought back, on two real database files.

The server is a copy of the sample forum; the laptop is a database made by importing the
checkout file, as ``sekretariat --db laptop.db import FILE`` makes it. Edits go through the
same core functions the app uses; each side's values are read back from its own file.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from sekretariat.cli import main
from sekretariat.domain import agenda, meetings, minutes
from sekretariat.domain.checkout import (
    CheckedOut,
    cancel_checkout,
    checkout_of,
    here,
    meeting_checkouts,
)
from sekretariat.errors import ImportRefused, UserError
from sekretariat.exchange import export_text, import_file, import_text
from sekretariat.exchange.checkout import (
    CheckinConflicts,
    FieldConflict,
    check_in,
    check_out,
    checkin_file,
)
from sekretariat.formats import moment
from sekretariat.storage.database import Database

DAY = dt.date(2027, 1, 21)
PREVIOUS = dt.date(2026, 11, 12)


class Pair:
    """The server and the laptop, each its own database file."""

    def __init__(
        self, tmp_path: Path, sample_db: Path, prepare: Callable[[Database], object] = print
    ) -> None:
        self.dir = tmp_path
        self.server = Database.open(sample_db)
        if prepare is not print:
            prepare(self.server)
        self.out_file = tmp_path / "ut.toml"
        self.back_file = tmp_path / "inn.toml"
        self.checked_out = check_out(self.server, DAY, self.out_file)
        self.laptop = Database.open(tmp_path / "laptop.db", create=True)
        import_file(self.laptop, self.out_file)

    def meeting(self, db: Database, day: dt.date = DAY) -> int:
        return minutes.minute_meeting(db, DAY, day)

    def items(self, db: Database) -> dict[str, minutes.MinuteItem]:
        return self.items_of(db)

    @staticmethod
    def items_of(db: Database) -> dict[str, minutes.MinuteItem]:
        meeting = minutes.minute_meeting(db, DAY, DAY)
        return {i.title: i for i in minutes.load_minutes(db, meeting).items}

    def open_actions(self, db: Database) -> dict[str, minutes.ActionView]:
        view = minutes.load_minutes(db, self.meeting(db, PREVIOUS))
        return {a.what: a for i in view.items for a in i.actions}

    def bring_back(self) -> Path:
        checkin_file(self.laptop, self.back_file)
        return self.back_file


@pytest.fixture
def pair(tmp_path: Path, sample_db: Path) -> Pair:
    return Pair(tmp_path, sample_db)


def rows(db: Database, sql: str) -> list[tuple]:
    con = sqlite3.connect(db.path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


LEADER = "Valg av leder for 2027–2028 og supplering av arbeidsgruppa"
ALLOCATION = "Tildeling 2027"
ASK = "Spørre Nord-Østerdal om kandidat til plassen for kommunale skoleeiere"
PROPOSE = "Legge fram forslag til leder for 2027–2028"


# -- checking out ------------------------------------------------------------------------------


def test_the_checkout_file_holds_what_minute_taking_needs_and_no_contact_details(
    pair: Pair,
) -> None:
    text = pair.out_file.read_text(encoding="utf-8")
    assert text.startswith("# Sekretariat – møtet 21.01.2027 sjekket ut til ")
    assert "\n[checkout]\n" in text and "\n[exported]\n" in text
    # the laptop has the meeting's agenda, the previous minutes and the open actions
    assert list(pair.items(pair.laptop)) == list(pair.items(pair.server))
    previous = minutes.load_minutes(pair.laptop, pair.meeting(pair.laptop, PREVIOUS))
    assert previous.status == "held"
    assert [i.title for i in previous.items] == [
        i.title
        for i in minutes.load_minutes(pair.server, pair.meeting(pair.server, PREVIOUS)).items
    ]
    assert {w: (a.owner, a.due, a.done) for w, a in pair.open_actions(pair.laptop).items()} == {
        w: (a.owner, a.due, a.done) for w, a in pair.open_actions(pair.server).items()
    }
    # people travel without e-mail, phone and notes
    assert rows(pair.laptop, "SELECT COUNT(*) FROM person WHERE email != '' OR phone != ''") == [
        (0,)
    ]
    assert rows(pair.server, "SELECT COUNT(*) FROM person WHERE email != ''")[0][0] > 0
    # the laptop has a copy of the checkout, the server the checkout itself
    user, host = here()
    server_side = meeting_checkouts(pair.server)[pair.meeting(pair.server)]
    laptop_side = meeting_checkouts(pair.laptop)[pair.meeting(pair.laptop)]
    assert (server_side.side, laptop_side.side) == ("server", "laptop")
    assert server_side.line == f"Sjekket ut til {user} på {host} {moment(server_side.at)}"
    assert laptop_side.token == server_side.token


def test_every_write_to_the_checked_out_minutes_is_refused_on_the_server(
    tmp_path: Path, sample_db: Path
) -> None:
    def prepare(db: Database) -> None:
        item = Pair.items_of(db)[ALLOCATION]
        minutes.add_action(db, item.id, "Sende fordelingen")
        minutes.add_conflict(db, item.id, "ande-coarvi", ground="Nær slekt", decided_by="Forumet")

    pair = Pair(tmp_path, sample_db, prepare)
    db = pair.server
    meeting_id = pair.meeting(db)
    item = pair.items(db)[ALLOCATION]
    action, conflict = item.actions[0], item.conflicts[0]
    meetings.set_status(db, meeting_id, "summoned", DAY)
    meetings.set_status(db, meeting_id, "held", DAY)
    out = checkout_of(db, meeting_id)
    assert out is not None
    user, host = here()
    said = (
        f"Møtet 21.01.2027 er sjekket ut til {user} på {host} {moment(out.at)}; "
        "protokollen kan bare endres der til møtet er sjekket inn igjen."
    )
    before = export_text(db)
    for write in (
        lambda: minutes.save_item(db, item.id, {"notes": "På serveren"}),
        lambda: minutes.set_reflection(db, meeting_id, "Refleksjon"),
        lambda: minutes.add_action(db, item.id, "Gjør noe"),
        lambda: minutes.set_action_done(db, action.id, DAY),
        lambda: minutes.remove_action(db, action.id),
        lambda: minutes.add_conflict(
            db, item.id, "anne-grethe-lunde", ground="Særegne forhold", decided_by="Forumet"
        ),
        lambda: minutes.remove_conflict(db, conflict.id),
        lambda: minutes.acquire_lock(db, meeting_id),
        lambda: minutes.approve_minutes(db, meeting_id, DAY, today=DAY),
        lambda: meetings.set_attendance(db, meeting_id, "ande-coarvi", "present"),
        lambda: meetings.add_guest(db, meeting_id, "Kari Gjest", "NTNU"),
        lambda: meetings.set_status(db, meeting_id, "approved", DAY),
        lambda: agenda.remove_item(db, item.id),
    ):
        with pytest.raises(CheckedOut) as refused:
            write()
        assert str(refused.value) == said
    assert export_text(db) == before
    # the meeting's details and its agenda's texts stay editable on the server
    meetings.update_meeting(db, meeting_id, {"place": "Hamar rådhus"})
    agenda.update_item(db, item.id, {"proposal": "Nytt forslag."})
    # a second checkout of the same meeting is refused, naming the first
    with pytest.raises(UserError, match=r"er allerede sjekket ut til "):
        check_out(db, DAY, pair.dir / "igjen.toml")
    assert not (pair.dir / "igjen.toml").exists()


def test_guests_not_in_the_register_stay_on_the_server_and_are_refused_on_the_laptop(
    tmp_path: Path, sample_db: Path
) -> None:
    server = Database.open(sample_db)
    meetings.add_guest(server, minutes.minute_meeting(server, DAY, DAY), "Kari Gjest", "NTNU")
    server.dispose()
    pair = Pair(tmp_path, sample_db)
    laptop, lm = pair.laptop, pair.meeting(pair.laptop)
    # the laptop shows the guest (it came with the meeting) but cannot add or remove one
    _, rows_there = meetings.load_attendance(laptop, lm)
    guests = [(a.name, a.status, a.note) for a in rows_there if a.key.startswith("gjest:")]
    assert guests == [("Kari Gjest", "guest", "NTNU")]
    said = (
        "Gjester utenfor registeret føres ikke på en utsjekket protokoll (de tas ikke med "
        "tilbake ved innsjekking); før dem på serveren når møtet er sjekket inn."
    )
    with pytest.raises(UserError) as refused:
        meetings.add_guest(laptop, lm, "Ola Besøk")
    assert str(refused.value) == said
    guest = next(a for a in rows_there if a.key.startswith("gjest:"))
    with pytest.raises(UserError) as refused:
        meetings.remove_guest(laptop, meetings.guest_id(guest.key) or 0)
    assert str(refused.value) == said
    meetings.set_attendance(laptop, lm, "ande-coarvi", "present")
    result = check_in(pair.server, pair.bring_back())
    assert result.text == "Møtet 21.01.2027 er sjekket inn: 1 rad endret."
    _, after = meetings.load_attendance(pair.server, pair.meeting(pair.server))
    assert [(a.name, a.status, a.note) for a in after if a.status] == [
        ("Ánde Čoarvi", "present", ""),
        ("Kari Gjest", "guest", "NTNU"),
    ]


def test_on_the_laptop_only_the_checked_out_meeting_is_minuted(pair: Pair) -> None:
    laptop = pair.laptop
    previous = minutes.load_minutes(laptop, pair.meeting(laptop, PREVIOUS))
    with pytest.raises(CheckedOut) as refused:
        minutes.save_item(laptop, previous.items[0].id, {"notes": "Går tapt"})
    assert str(refused.value) == (
        "Møtet 12.11.2026 kom med utsjekken av møtet 21.01.2027 til orientering; det som "
        "skrives i protokollen her, tas ikke med tilbake, så den endres på serveren."
    )
    # following up an open action there comes back, so it is allowed
    minutes.set_action_done(laptop, pair.open_actions(laptop)[ASK].id, DAY)
    minutes.save_item(laptop, pair.items(laptop)[ALLOCATION].id, {"notes": "Her skrives det."})


def test_open_actions_of_older_meetings_travel_alone_and_come_back(
    tmp_path: Path, sample_db: Path
) -> None:
    from sqlmodel import select

    from sekretariat.storage.models import Action, AgendaItem, Meeting

    def prepare(db: Database) -> None:
        with db.write() as s:
            old = s.exec(select(Meeting).where(Meeting.date == dt.date(2026, 9, 17))).one()
            first = s.exec(
                select(AgendaItem)
                .where(AgendaItem.meeting_id == old.id)
                .order_by(AgendaItem.position)
            ).first()
            assert first is not None
            s.add(Action(item_id=first.id or 0, what="Gammel oppfølging", position=9))

    pair = Pair(tmp_path, sample_db, prepare)
    laptop, server = pair.laptop, pair.server
    old = minutes.load_minutes(laptop, pair.meeting(laptop, dt.date(2026, 9, 17)))
    # only the item holding the open action came along, with only that action
    assert [[a.what for a in i.actions] for i in old.items] == [["Gammel oppfølging"]]
    assert rows(
        laptop,
        "SELECT COUNT(*) FROM attendance a JOIN meeting m ON m.id = a.meeting_id "
        "WHERE m.date = '2026-09-17'",
    ) == [(0,)]
    minutes.set_action_done(laptop, old.items[0].actions[0].id, DAY)
    check_in(server, pair.bring_back())
    assert rows(server, "SELECT done FROM action WHERE what = 'Gammel oppfølging'") == [
        ("2027-01-21",)
    ]


# -- checking in -------------------------------------------------------------------------------


def test_edits_on_both_sides_to_different_rows_and_fields_are_all_kept(pair: Pair) -> None:
    laptop, server = pair.laptop, pair.server
    # on the laptop: minutes, an outcome, an action, a conflict, attendance, an open action
    # done, and the meeting's end (the time used)
    li = pair.items(laptop)
    minutes.save_item(
        laptop, li[ALLOCATION].id, {"notes": "Rammen er 40 mill.", "outcome": "noted"}
    )
    minutes.add_action(laptop, li[ALLOCATION].id, "Sende fordelingen", "torbjorn-lien", DAY)
    minutes.add_conflict(
        laptop,
        li[LEADER].id,
        "ande-coarvi",
        "Kandidat",
        ground="Han er selv kandidat (forvaltningsloven § 6 første ledd a)",
        decided_by="Samarbeidsforum",
        substitute="tore-bakkerud",
    )
    lm = pair.meeting(laptop)
    meetings.set_attendance(laptop, lm, "ande-coarvi", "present")
    minutes.set_action_done(laptop, pair.open_actions(laptop)[ASK].id, DAY)
    meetings.update_meeting(laptop, lm, {"end": dt.time(14, 30)})
    # on the server meanwhile: another field of the same item, another item, the place,
    # and another open action
    si = pair.items(server)
    sm = pair.meeting(server)
    agenda.update_item(server, si[ALLOCATION].id, {"minutes": 45})
    agenda.update_item(server, si[LEADER].id, {"proposal": "Forslag fra serveren."})
    meetings.update_meeting(server, sm, {"place": "Hamar rådhus"})
    minutes.set_action_done(server, pair.open_actions(server)[PROPOSE].id, dt.date(2027, 1, 10))

    result = check_in(server, pair.bring_back())
    assert result.text == "Møtet 21.01.2027 er sjekket inn: 6 rader endret."
    after = pair.items(server)
    assert (after[ALLOCATION].notes, after[ALLOCATION].outcome) == ("Rammen er 40 mill.", "noted")
    assert after[ALLOCATION].minutes == 45  # the server's change to the same row is kept
    assert [(a.what, a.owner, a.due) for a in after[ALLOCATION].actions] == [
        ("Sende fordelingen", "torbjorn-lien", DAY)
    ]
    assert [
        (c.person_key, c.ground, c.decided_by, c.disqualified, c.substitute_key, c.note)
        for c in after[LEADER].conflicts
    ] == [
        (
            "ande-coarvi",
            "Han er selv kandidat (forvaltningsloven § 6 første ledd a)",
            "Samarbeidsforum",
            True,
            "tore-bakkerud",
            "Kandidat",
        )
    ]
    assert rows(server, f"SELECT proposal FROM agendaitem WHERE id = {after[LEADER].id}") == [
        ("Forslag fra serveren.",)
    ]
    assert rows(server, f'SELECT place, "end" FROM meeting WHERE id = {sm}') == [
        ("Hamar rådhus", "14:30:00.000000")
    ]
    done = pair.open_actions(server)
    assert (done[ASK].done, done[PROPOSE].done) == (DAY, dt.date(2027, 1, 10))
    _, attendance = meetings.load_attendance(server, sm)
    assert [(a.key, a.status) for a in attendance if a.status] == [("ande-coarvi", "present")]
    # the checkout is over: the server writes the minutes again
    assert checkout_of(server, sm) is None
    minutes.save_item(server, after[ALLOCATION].id, {"notes": "Rettet på serveren."})


@pytest.mark.parametrize("side", ["server", "laptop"])
def test_the_same_field_changed_on_both_sides_is_a_conflict_until_a_side_is_chosen(
    pair: Pair, side: str
) -> None:
    laptop, server = pair.laptop, pair.server
    sm, lm = pair.meeting(server), pair.meeting(laptop)
    meetings.update_meeting(server, sm, {"end": dt.time(14, 0)})
    meetings.update_meeting(laptop, lm, {"end": dt.time(15, 30)})
    minutes.save_item(laptop, pair.items(laptop)[ALLOCATION].id, {"notes": "Fra den bærbare."})
    back = pair.bring_back()
    before = export_text(server)
    with pytest.raises(CheckinConflicts) as found:
        check_in(server, back)
    assert found.value.conflicts == [
        FieldConflict(
            f"meeting:{sm}", "end", "møtet 21.01.2027", "15:00:00", "14:00:00", "15:30:00"
        )
    ]
    assert [found.value.conflicts[0].shown(s) for s in ("server", "laptop", "base")] == [
        "14.00",
        "15.30",
        "15.00",
    ]
    assert str(found.value) == (
        "1 felt er endret både på serveren og på den bærbare siden møtet 21.01.2027 ble "
        "sjekket ut; ingenting er sjekket inn. Velg for hvert felt hvilken verdi som skal gjelde."
    )
    assert export_text(server) == before  # nothing applied, the notes neither
    assert checkout_of(server, sm) is not None

    result = check_in(server, back, {(f"meeting:{sm}", "end"): side})
    rows_changed = "1 rad" if side == "server" else "2 rader"  # the meeting, when it wins
    assert result.text == f"Møtet 21.01.2027 er sjekket inn: {rows_changed} endret."
    end = "14:00:00.000000" if side == "server" else "15:30:00.000000"
    assert rows(server, f'SELECT "end" FROM meeting WHERE id = {sm}') == [(end,)]
    assert pair.items(server)[ALLOCATION].notes == "Fra den bærbare."


def test_a_row_deleted_on_one_side_and_changed_on_the_other_is_a_conflict(pair: Pair) -> None:
    laptop, server = pair.laptop, pair.server
    # the laptop removes an open action, the server marks it done
    with laptop.write() as s:
        from sekretariat.storage.models import Action

        s.delete(s.get(Action, pair.open_actions(laptop)[ASK].id))
    action_id = pair.open_actions(server)[ASK].id
    minutes.set_action_done(server, action_id, dt.date(2027, 1, 5))
    back = pair.bring_back()
    with pytest.raises(CheckinConflicts) as found:
        check_in(server, back)
    [conflict] = found.value.conflicts
    assert (conflict.key, conflict.field, conflict.server, conflict.laptop, conflict.base) == (
        f"action:{action_id}",
        "exists",
        True,
        False,
        True,
    )
    assert [conflict.shown(s) for s in ("server", "laptop")] == ["finnes", "slettet"]
    check_in(server, back, {(f"action:{action_id}", "exists"): "laptop"})
    assert ASK not in pair.open_actions(server)


def test_a_check_in_applied_twice_changes_nothing_the_second_time(pair: Pair) -> None:
    minutes.save_item(pair.laptop, pair.items(pair.laptop)[ALLOCATION].id, {"notes": "Én gang."})
    back = pair.bring_back()
    assert check_in(pair.server, back).text == "Møtet 21.01.2027 er sjekket inn: 1 rad endret."
    text, log = export_text(pair.server), rows(pair.server, "SELECT COUNT(*) FROM auditlog")
    again = check_in(pair.server, back)
    assert again.already
    assert again.text == (
        "Møtet 21.01.2027 er allerede sjekket inn med denne filen; ingenting er endret."
    )
    assert export_text(pair.server) == text
    assert rows(pair.server, "SELECT COUNT(*) FROM auditlog") == log
    # a later file of the same checkout (written after the check-in) is refused
    minutes.save_item(pair.laptop, pair.items(pair.laptop)[ALLOCATION].id, {"notes": "To."})
    later = pair.dir / "senere.toml"
    checkin_file(pair.laptop, later)
    with pytest.raises(UserError, match=r"har andre endringer og er ikke sjekket inn"):
        check_in(pair.server, later)
    assert pair.items(pair.server)[ALLOCATION].notes == "Én gang."


def test_a_check_in_after_the_checkout_was_cancelled_is_refused(pair: Pair) -> None:
    minutes.save_item(pair.laptop, pair.items(pair.laptop)[ALLOCATION].id, {"notes": "Tapt."})
    back = pair.bring_back()
    cancelled = cancel_checkout(pair.server, DAY)
    assert cancelled.state == "cancelled"
    user, _ = here()
    entry = rows(
        pair.server,
        "SELECT user, action, changes FROM auditlog WHERE entity = 'checkout' ORDER BY id DESC",
    )[0]
    assert entry[:2] == (user, "update")
    assert json.loads(entry[2])["state"] == ["out", "cancelled"]
    text = export_text(pair.server)
    with pytest.raises(UserError) as refused:
        check_in(pair.server, back)
    assert str(refused.value).startswith(f"Utsjekken av møtet 21.01.2027 ble avbrutt av {user} ")
    assert str(refused.value).endswith(
        "; inn.toml kan ikke sjekkes inn. Det som står i filen, må legges inn for hånd."
    )
    assert export_text(pair.server) == text
    # the server writes the minutes again
    minutes.save_item(pair.server, pair.items(pair.server)[ALLOCATION].id, {"notes": "Her."})
    with pytest.raises(UserError, match="er ikke sjekket ut"):
        cancel_checkout(pair.server, DAY)


def test_files_that_do_not_belong_here_are_refused(pair: Pair, tmp_path: Path) -> None:
    back = pair.bring_back()
    other = Database.open(tmp_path / "annen.db", create=True)
    with pytest.raises(UserError, match="hører til en utsjekk fra en annen database"):
        check_in(other, back)
    # the checkout file itself is not the file to bring back
    with pytest.raises(UserError, match="dette er utsjekkfilen, ikke filen som skal tilbake"):
        check_in(pair.server, pair.out_file)
    # the checkout file cannot be imported into the database it came from …
    with pytest.raises(ImportRefused, match="filen er sjekket ut fra denne databasen"):
        import_file(pair.server, pair.out_file)
    # … nor again into the laptop, over what was written there
    with pytest.raises(ImportRefused, match="allerede åpnet i denne databasen"):
        import_file(pair.laptop, pair.out_file)
    # a file naming a row that was not checked out
    tampered = back.read_text(encoding="utf-8") + (
        '\n[[checkin.row]]\nkey = "item:999999"\n[checkin.row.laptop]\nnotes = "x"\n'
    )
    bad = tmp_path / "tuklet.toml"
    bad.write_text(tampered, encoding="utf-8")
    with pytest.raises(UserError, match="som ikke var med i utsjekken; ingenting er sjekket inn"):
        check_in(pair.server, bad)
    bad.write_text(tampered.replace("item:999999", "sak 1"), encoding="utf-8")
    with pytest.raises(UserError, match=r"rad nr\. 1: ukjent rad «sak 1»"):
        check_in(pair.server, bad)


def test_importing_the_checkout_file_as_a_new_database_from_the_first_run(
    pair: Pair, tmp_path: Path
) -> None:
    from sekretariat.new_database import create_from_file

    laptop = create_from_file(tmp_path / "ny.db", pair.out_file)
    assert DAY in {c.date for c in meeting_checkouts(laptop).values()}


# -- plain imports never overwrite newer data silently -------------------------------------------


def test_a_stale_plain_import_is_refused_naming_the_rows_then_overwritten_and_logged(
    tmp_path: Path, sample_db: Path
) -> None:
    db = Database.open(sample_db)
    stamped = export_text(db, stamped=True)
    # the canonical export, then the stamp
    assert stamped.startswith(export_text(db) + "\n[exported]\ndatabase = ")
    assert "\n[exported.version]\n" in stamped and "\n[exported.digest]\n" in stamped
    with db.write() as s:
        from sqlmodel import select

        from sekretariat.storage.models import Meeting, Person

        person = s.exec(select(Person).where(Person.key == "ande-coarvi")).one()
        person.phone = "900 00 000"
        meeting = s.exec(select(Meeting).where(Meeting.date == DAY)).one()
        meeting.place = "Et annet sted"
    before = export_text(db)
    with pytest.raises(ImportRefused) as refused:
        import_text(db, stamped, "mandag.toml")
    message = str(refused.value)
    assert message.startswith(
        "mandag.toml: 2 rader er endret i databasen siden filen ble eksportert "
    )
    assert message.endswith(
        ": personen «ande-coarvi», møtet 21.01.2027. Ingenting ble importert; importer med "
        "--overwrite for å skrive filens verdier over endringene."
    )
    assert export_text(db) == before
    # a row changed and changed back holds what the file holds: no reason to refuse
    meetings.update_meeting(db, minutes.minute_meeting(db, DAY, DAY), {"place": "Scandic Hamar"})
    with pytest.raises(ImportRefused, match=r": 1 rad er endret .*: personen «ande-coarvi»\."):
        import_text(db, stamped, "mandag.toml")
    summary = import_text(db, stamped, "mandag.toml", overwrite=True)
    assert summary.text() == "personer: 0 lagt til, 1 oppdatert"
    assert rows(db, "SELECT phone FROM person WHERE key = 'ande-coarvi'") != [("900 00 000",)]
    entry = rows(
        db, "SELECT action, entity_id, changes FROM auditlog WHERE entity = 'import' ORDER BY id"
    )
    assert entry == [("overwrite", "mandag.toml", json.dumps({"rows": ["person:ande-coarvi"]}))]


def test_a_stamped_file_into_another_database_is_merged_as_before(
    tmp_path: Path, sample_db: Path
) -> None:
    db = Database.open(sample_db)
    stamped = export_text(db, stamped=True)
    other = Database.open(tmp_path / "annen.db", create=True)
    import_text(other, stamped, "fra-server.toml")
    assert export_text(other) == export_text(db)
    # the same file again into the same database: nothing changed since, nothing refused
    import_text(db, stamped, "igjen.toml")


def test_the_cli_checks_out_in_and_resolves_by_file(
    pair: Pair, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server, laptop = str(pair.server.path), str(pair.laptop.path)
    sm = pair.meeting(pair.server)
    meetings.update_meeting(pair.server, sm, {"end": dt.time(14, 0)})
    meetings.update_meeting(pair.laptop, pair.meeting(pair.laptop), {"end": dt.time(16, 0)})
    back = tmp_path / "tilbake.toml"
    assert main(["--db", laptop, "checkin-file", "-o", str(back)]) == 0
    assert capsys.readouterr().out == (
        f"Skrev {back} (1 endret rad). Sjekk den inn på serveren med "
        "«sekretariat checkin tilbake.toml».\n"
    )
    assert main(["--db", server, "checkin", str(back)]) == 1
    captured = capsys.readouterr()
    assert captured.out == f'["meeting:{sm}"]\nend = "server"\n'
    assert f"møtet 21.01.2027 – slutt (meeting:{sm}, end):\n" in captured.err
    assert "  på serveren: 14.00\n  på bærbar:   16.00\n  ved utsjekk: 15.00\n" in captured.err
    choice = tmp_path / "valg.toml"
    choice.write_text(captured.out.replace('"server"', '"laptop"'), encoding="utf-8")
    assert main(["--db", server, "checkin", str(back), "--resolve", str(choice)]) == 0
    assert capsys.readouterr().out == "Møtet 21.01.2027 er sjekket inn: 1 rad endret.\n"
    assert rows(pair.server, f'SELECT "end" FROM meeting WHERE id = {sm}') == [("16:00:00.000000",)]
    # and a lost laptop: check out again, cancel
    assert main(["--db", server, "checkout", "21.01.2027", "-o", str(tmp_path / "b.toml")]) == 0
    assert main(["--db", server, "checkout", "--cancel", "21.01.2027"]) == 0
    assert "er avbrutt" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (lambda t: "schema = 1\n[checkin\n", "inn.toml, linje 2, kolonne 9: ugyldig TOML"),
        (lambda t: "schema = 1\n", "inn.toml: filen er ikke en innsjekkfil (mangler [checkin])"),
        (
            lambda t: t.replace('notes = "Notat"', "notes = 3"),
            "inn.toml: rad nr. 1: «notes» skal være tekst, fant heltall. Ingenting er sjekket inn.",
        ),
        (
            lambda t: t.replace('notes = "Notat"', 'outcome = "kanskje"'),
            "inn.toml: rad nr. 1: «outcome» «kanskje» er ikke et utfall. Ingenting er sjekket inn.",
        ),
        (
            lambda t: (
                t + '\n[[checkin.row]]\nkey = "meeting:1"\n[checkin.row.laptop]\nend = "25:00"\n'
            ),
            "inn.toml: rad nr. 2: «end» «25:00» er ikke et klokkeslett (TT:MM:SS). "
            "Ingenting er sjekket inn.",
        ),
        (
            lambda t: t.replace('notes = "Notat"', 'colour = "rød"'),
            "inn.toml: rad nr. 1: ukjent felt «colour». Ingenting er sjekket inn.",
        ),
        (
            lambda t: (
                t + '\n[[checkin.row]]\nkey = "conflict:1:ande-coarvi"\n'
                "[checkin.row.laptop]\ndeclared = true\n"
            ),
            "Saken til conflict:1:ande-coarvi hører ikke til møtet; ingenting er sjekket inn.",
        ),
        (
            lambda t: (
                t + '\n[[checkin.row]]\nkey = "attendance:finnes-ikke"\n'
                '[checkin.row.laptop]\nstatus = "present"\n'
            ),
            "Personen «finnes-ikke» finnes ikke på serveren (nye personer legges inn der); "
            "ingenting er sjekket inn.",
        ),
    ],
)
def test_a_bad_check_in_file_is_one_sentence_and_changes_nothing(
    pair: Pair, change: Callable[[str], str], said: str
) -> None:
    minutes.save_item(pair.laptop, pair.items(pair.laptop)[ALLOCATION].id, {"notes": "Notat"})
    back = pair.bring_back()
    back.write_text(change(back.read_text(encoding="utf-8")), encoding="utf-8")
    before = export_text(pair.server)
    with pytest.raises(UserError) as refused:
        check_in(pair.server, back)
    assert str(refused.value).startswith(said)
    assert "\n" not in str(refused.value)
    assert export_text(pair.server) == before
    assert checkout_of(pair.server, pair.meeting(pair.server)) is not None


def test_no_checkout_while_someone_takes_the_minutes_here(tmp_path: Path, sample_db: Path) -> None:
    db = Database.open(sample_db)
    meeting_id = minutes.minute_meeting(db, DAY, DAY)
    minutes.acquire_lock(db, meeting_id, who=("ola", "kontoret", os.getpid()))
    with pytest.raises(UserError) as refused:
        check_out(db, DAY, tmp_path / "ut.toml")
    assert str(refused.value) == (
        "ola på kontoret skriver protokoll for møtet 21.01.2027 nå; "
        "møtet kan sjekkes ut når protokollføringen er avsluttet."
    )
    assert not (tmp_path / "ut.toml").exists()
    assert checkout_of(db, meeting_id) is None


def test_an_import_may_not_replace_a_checked_out_meetings_agenda(pair: Pair) -> None:
    text = export_text(pair.server)
    before = text
    with pytest.raises(ImportRefused) as refused:
        import_text(pair.server, text, "alt.toml")
    assert str(refused.value).startswith("Møtet 21.01.2027 er sjekket ut til ")
    assert str(refused.value).endswith(
        "Importen ville erstattet sakslisten eller oppmøtet; ingenting ble importert."
    )
    assert export_text(pair.server) == before


def test_an_import_may_not_change_a_checked_out_meetings_status(pair: Pair) -> None:
    before = export_text(pair.server)
    held = 'schema = 1\n[[meeting]]\ndate = 2027-01-21\nstatus = "held"\n'
    with pytest.raises(ImportRefused) as refused:
        import_text(pair.server, held, "status.toml")
    assert str(refused.value).startswith("Møtet 21.01.2027 er sjekket ut til ")
    assert str(refused.value).endswith(
        "Importen ville endret møtets status, godkjenning eller refleksjon; "
        "ingenting ble importert."
    )
    assert export_text(pair.server) == before
    # the place may change, as in the app (the check-in sees a clash field by field)
    import_text(pair.server, 'schema = 1\n[[meeting]]\ndate = 2027-01-21\nplace = "Hamar"\n', "x")
    assert 'place = "Hamar"' in export_text(pair.server)
