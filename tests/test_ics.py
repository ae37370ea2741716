"""Calendar files, read back with vobject (an independent iCalendar parser)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import vobject

from sekretariat.cli import main
from sekretariat.documents import calendar_files
from sekretariat.domain import meetings
from sekretariat.storage.database import Database

STAMP = dt.datetime(2026, 11, 22, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def db(sample_db: Path) -> Database:
    database = Database.open(sample_db)
    yield database
    database.dispose()


def parse(data: bytes):  # type: ignore[no-untyped-def]
    return vobject.readOne(data.decode("utf-8"))


def test_uid_is_stable_and_readable() -> None:
    assert calendar_files.uid("Samarbeidsforum Innlandet", dt.date(2027, 1, 21)) == (
        "samarbeidsforum-innlandet-20270121@sekretariat"
    )
    assert calendar_files.slug("Samarbeidsforum Sámi/Ø & Å") == "samarbeidsforum-sami-o-a"


def test_year_file_opens_in_vobject(db: Database) -> None:
    forum, rows = calendar_files.load_meetings(db, year=2027)
    assert forum == "Samarbeidsforum Innlandet"
    cal = parse(calendar_files.to_ics(forum, rows, stamp=STAMP))
    events = cal.vevent_list
    assert [e.uid.value for e in events] == [
        f"samarbeidsforum-innlandet-{d}@sekretariat"
        for d in ("20270121", "20270311", "20270624", "20270923", "20271118")
    ]
    jan = events[0]
    oslo = jan.dtstart.value.tzinfo
    # 09.00 in Oslo in January is 08.00 UTC (CET); in June 07.00 UTC (CEST).
    assert jan.dtstart.value.astimezone(dt.UTC) == dt.datetime(2027, 1, 21, 8, 0, tzinfo=dt.UTC)
    assert jan.dtend.value.astimezone(dt.UTC) == dt.datetime(2027, 1, 21, 14, 0, tzinfo=dt.UTC)
    assert oslo is not None
    # A stored meeting without hours keeps the forum's usual hours.
    assert events[2].dtstart.value.astimezone(dt.UTC) == dt.datetime(
        2027, 6, 24, 7, 0, tzinfo=dt.UTC
    )
    assert cal.vtimezone.tzid.value == "Europe/Oslo"
    assert jan.location.value == "Scandic Hamar"
    assert jan.status.value == "CONFIRMED"
    assert jan.description.value.startswith("Læringsfokus: Vi skal bli enige om hva eierne trenger")
    assert "Saksliste:\n- Godkjenning av innkalling og saksliste" in jan.description.value
    assert "- Læringsøkt: UH i lytteposisjon" in jan.description.value
    attendees = {a.value: a.params for a in jan.attendee_list}
    assert "mailto:ande.coarvi@example.no" in attendees
    assert attendees["mailto:ande.coarvi@example.no"]["CN"] == ["Ánde Čoarvi"]
    assert attendees["mailto:ande.coarvi@example.no"]["ROLE"] == ["REQ-PARTICIPANT"]
    # Substitutes (vara) are not invited; observers are, as optional participants.
    assert "mailto:oddny.bakke@example.no" not in attendees
    optional = [v for v, p in attendees.items() if p["ROLE"] == ["OPT-PARTICIPANT"]]
    assert optional == ["mailto:jon.brennhaugen@example.no", "mailto:sigrid.mathisen@example.no"]


def test_cancelled_and_video_meeting(db: Database, tmp_path: Path) -> None:
    rows = meetings.load_year(db, 2027).meetings
    meetings.update_meeting(
        db, rows[1].id, {"place": "", "video_link": "https://meet.example.org/sf"}
    )
    meetings.set_status(db, rows[2].id, "cancelled", dt.date(2026, 11, 22))
    path, count = calendar_files.export_ics(db, tmp_path / "y.ics", year=2027)
    assert count == 5
    events = parse(path.read_bytes()).vevent_list
    assert events[1].location.value == "https://meet.example.org/sf"
    assert events[1].url.value == "https://meet.example.org/sf"
    assert events[2].status.value == "CANCELLED"
    # One meeting alone gives the same UID as in the year's file.
    one, _ = calendar_files.export_ics(db, tmp_path / "one.ics", meeting_id=rows[0].id)
    (single,) = parse(one.read_bytes()).vevent_list
    assert single.uid.value == events[0].uid.value


def test_year_without_stored_meetings_uses_the_cycle(db: Database) -> None:
    _, rows = calendar_files.load_meetings(db, year=2028)
    assert [r.date for r in rows] == [
        dt.date(2028, 1, 20),
        dt.date(2028, 3, 9),
        dt.date(2028, 6, 22),
        dt.date(2028, 9, 21),
        dt.date(2028, 11, 16),
    ]
    cal = parse(calendar_files.to_ics("Samarbeidsforum Innlandet", rows, stamp=STAMP))
    assert len(cal.vevent_list) == 5


def test_cli_calendar_writes_ics(
    sample_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "2027.ics"
    assert main(["--db", str(sample_db), "calendar", "2027", "--ics", str(target)]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[0].startswith("torsdag 21. januar 2027 kl. 09.00–15.00, Scandic Hamar")
    assert err.strip() == f"Kalenderfil med 5 møter skrevet til {target}."
    assert len(parse(target.read_bytes()).vevent_list) == 5
    assert (
        main(["--db", str(sample_db), "calendar", "2027", "--ics", str(tmp_path / "no" / "x.ics")])
        == 1
    )
    assert "finnes ikke" in capsys.readouterr().err
