"""The audit log: complete for every table written through the core, viewable, exportable."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlmodel import SQLModel, select
from textual.widgets import OptionList, Static

from sekretariat.cli import main
from sekretariat.exchange import import_text
from sekretariat.files import csv_text
from sekretariat.storage import models as m
from sekretariat.storage.audit_log import Entry, count, csv_rows, entries
from sekretariat.storage.database import Database
from tui.app import SekretariatApp
from widgets.table import Table

MINI = (Path(__file__).parent / "data" / "mini.toml").read_text(encoding="utf-8")


@pytest.fixture
def db(tmp_path: Path) -> Database:
    db = Database.open(tmp_path / "a.db", create=True)
    import_text(db, MINI, "mini.toml")
    return db


def test_every_imported_row_is_in_the_log(db: Database) -> None:
    with db.sql() as con:
        tables = [
            t
            for t in SQLModel.metadata.tables
            # the identity row is the migration's, not the import's
            if t not in ("auditlog", "minutelock", "alembic_version", "databaseidentity")
        ]
        rows = sum(con.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables)
        logged = {
            (e, i)
            for e, i in con.execute(
                "SELECT entity, entity_id FROM auditlog WHERE action = 'insert'"
            )
        }
    assert len(logged) == rows
    assert ("person", "kari-nordmann") in logged
    assert not [k for k in logged if k[1] == "?"]


def test_entries_filter_and_summary(db: Database) -> None:
    with db.write() as s:
        p = s.exec(select(m.Person)).one()
        p.email = "ny@example.org"
    newest = entries(db, limit=1)[0]
    assert (newest.entity, newest.entity_id, newest.action) == ("person", "kari-nordmann", "update")
    assert newest.summary() == "e-post: «kari@example.org» → «ny@example.org»"
    assert [e.action for e in entries(db, entity="person", entity_id="kari-nordmann")] == [
        "update",
        "insert",
    ]
    assert entries(db, search="ny@example")[0].id == newest.id
    assert count(db) >= 12
    lines = csv_text(csv_rows(entries(db, entity="person"))).splitlines()
    assert lines[0] == "Tid (UTC);Bruker;Maskin;Hva;Nøkkel;Handling;Endring;Data (JSON)"
    assert lines[1].split(";")[3:7] == [
        "person",
        "kari-nordmann",
        "endret",
        "e-post: «kari@example.org» → «ny@example.org»",
    ]


def test_cli_audit(db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(db.path), "audit", "--entity", "nettverk", "--limit", "0"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1
    assert out[0].endswith(
        "Nettverk valdres lagt inn: kode: «valdres»; navn: «Valdres»; "
        "type: «Regionalt nettverk»; utjevning: «ja»"
    )
    # A kind by its nynorsk name is the same kind.
    assert main(["--db", str(db.path), "audit", "--entity", "tildelingskøyring"]) == 0
    capsys.readouterr()
    with pytest.raises(SystemExit):
        main(["--db", str(db.path), "audit", "--entity", "budsjett"])
    err = capsys.readouterr().err
    assert "ukjent type «budsjett» (velg blant behovsmelding, behovsmeldingsversjon, " in err
    assert "scheme" not in err
    target = tmp_path / "logg.csv"
    assert main(["--db", str(db.path), "audit", "--csv", str(target)]) == 0
    assert target.read_text(encoding="utf-8-sig").startswith("Tid (UTC);Bruker")
    capsys.readouterr()
    assert main(["--db", str(db.path), "audit", "--limit", "1", "--csv", str(target)]) == 0
    assert capsys.readouterr().err == f"Skrev 1 linje til {target}.\n"


async def test_log_is_viewable_in_settings(sample_db: Path, settle) -> None:  # type: ignore[no-untyped-def]
    app = SekretariatApp(sample_db, today=dt.date(2026, 11, 22))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("9")
        await settle(pilot)
        pick = app.screen.query_one("#settings-pick", OptionList)
        pick.focus()
        await pilot.press("end")
        await settle(pilot)
        await settle(pilot)
        table = app.screen.query_one("#audit-table", Table)
        assert table.row_count > 100


def test_one_vocabulary_for_the_log_and_the_person_page() -> None:
    from sekretariat.storage.audit_log import ACTIONS_NB, ENTITIES_NB, change_title, field_name

    assert change_title("term", "insert", {"id": 3, "person_id": 1}) == "Mandat lagt inn"
    assert change_title("office", "insert", {}) == "Verv lagt inn"
    assert (
        change_title("person", "update", {"email": ["a", "b"], "phone": ["", "1"], "id": 1})
        == "Person endret: e-post, telefon"
    )
    assert change_title("person", "delete", {"name": "Kari"}) == "Person slettet"
    assert (ACTIONS_NB["insert"], ENTITIES_NB["term"], field_name("region_id")) == (
        "lagt inn",
        "mandat",
        "nettverk",
    )
    assert field_name("budget") == "budsjett"
    assert field_name("unheard_of") == "unheard_of"


def _entry(entity: str, action: str, changes: dict[str, object], key: str = "1") -> Entry:
    return Entry(1, "2026-11-22T09:42:00+00:00", "kari", "vm", entity, key, action, changes)


def test_the_log_names_fields_and_values_as_the_app_does() -> None:
    status = _entry("meeting", "update", {"status": ["planned", "summoned"]}, "2027-01-21")
    assert status.what == "Møte 21.01.2027 endret"
    assert status.summary() == "status: «Planlagt» → «Innkalt»"
    fte = _entry("regionfte", "update", {"centi_fte": [61240, 61300], "version": [1, 2]})
    assert fte.summary() == "årsverk: «612,40» → «613,00»"
    run = _entry(
        "allocationresult",
        "update",
        {"run_id": [1, 2], "allocated": [1800000, 1750000], "adjustment": [0, -50000]},
    )
    assert run.parts() == [
        "tildelingskjøring endret",
        "tildelt: «1\u00a0800\u00a0000\u00a0kr» → «1\u00a0750\u00a0000\u00a0kr»",
        "justering: «0\u00a0kr» → «-50\u00a0000\u00a0kr»",
    ]
    scheme = _entry("scheme", "update", {"common_bp": [1000, 1250], "needs_cap": [True, False]})
    assert (
        scheme.summary() == "fellestiltak: «10 %» → «12,5 %»; begrenset til behovet: «ja» → «nei»"
    )
    office = _entry(
        "office",
        "insert",
        {"id": 4, "person_id": 2, "role": "deputy", "position": 0, "start": "2026-01-15"},
    )
    assert office.summary() == "verv: «Nestleder»; fra: «15.01.2026»"
    meeting = _entry(
        "meeting", "update", {"start": ["09:00:00", "10:30:00"], "chair_id": [None, 3]}
    )
    assert meeting.summary() == "start: «09.00» → «10.30»; møteleder endret"
    person = _entry("person", "update", {"roles": [[], ["owner", "coordinator"]]}, "kari")
    assert person.summary() == "roller: «» → «Eier, Koordinator»"
    forum = _entry(
        "forum", "update", {"budgets": [{}, {"2027": 1800000}], "meeting_weekday": [4, 3]}
    )
    assert (
        forum.summary()
        == "budsjett: «» → «2027: 1\u00a0800\u00a0000\u00a0kr»; møtedag: «torsdag» → «onsdag»"
    )
    guest = _entry(
        "attendance",
        "insert",
        {"meeting_id": 3, "person_id": None, "guest_name": "Ola Nordmann", "guest_org": "KS"},
    )
    assert "gjest: «Ola Nordmann»" in guest.summary()
    assert "gjestens organisasjon: «KS»" in guest.summary()
    for entry in (status, fte, run, scheme, office, meeting, person, forum, guest):
        text = " ".join([entry.what, *entry.parts()])
        for english in ("planned", "summoned", "centi_fte", "run_id", "version", "True", "_"):
            assert english not in text, (english, text)


async def test_the_change_is_readable_at_80_columns(sample_db: Path, settle) -> None:  # type: ignore[no-untyped-def]
    db = Database.open(sample_db)
    with db.write() as s:
        meeting = s.exec(select(m.Meeting).where(m.Meeting.date == dt.date(2027, 1, 21))).one()
        meeting.status = "summoned"
    db.dispose()
    app = SekretariatApp(sample_db, today=dt.date(2026, 11, 22))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("9")
        await settle(pilot)
        app.screen.query_one("#settings-pick", OptionList).focus()
        await pilot.press("end", "enter")
        await settle(pilot)
        await settle(pilot)
        detail = app.screen.query_one("#audit-detail", Static)
        assert detail.region.height >= 3 and detail.region.right <= 80
        lines = str(detail.render()).splitlines()
        assert lines[0].startswith("Møte 21.01.2027 endret ")
        assert "status: «Planlagt» → «Innkalt»" in lines
        table = app.screen.query_one("#audit-table", Table)
        assert table.get_row_at(0)[1] == "Møte 21.01.2027 endret: status: «Planlagt» → «Innkalt»"
        # Down a row: the detail follows the cursor.
        table.focus()
        await pilot.press("down")
        await pilot.pause()
        assert not str(detail.render()).startswith("Møte 21.01.2027")


def test_search_finds_the_words_the_log_shows(db: Database) -> None:
    with db.write() as s:
        meeting = s.exec(select(m.Meeting)).first()
        assert meeting is not None and meeting.status == "planned"
        meeting.status = "summoned"
    newest = entries(db, limit=1)[0]
    assert newest.summary() == "status: «Planlagt» → «Innkalt»"
    assert [e.id for e in entries(db, search="innkalt")] == [newest.id]
    # «oppmøte» has «møte» in it too.
    assert {e.entity for e in entries(db, search="Møte")} == {"meeting", "attendance"}


def test_the_annual_reports_are_named_in_the_log() -> None:
    version = _entry("annualreportversion", "update", {"spent_uh": [650_000, 700_000]}, "2")
    assert version.what == "Årsrapportversjon 2 endret"
    assert version.summary().replace("\xa0", " ") == "brukt av UH: «650 000 kr» → «700 000 kr»"
    check = _entry("annualreportcheck", "insert", {"code": "F1", "checked_by": "kari"}, "7")
    assert check.what == "Kontrollpunkt for årsrapport 7 lagt inn"
    assert check.parts() == ["kode: «F1»", "kontrollert av: «kari»"]
    assert _entry("term", "update", {"seat_id": [1, 2]}).parts() == ["sete endret"]
