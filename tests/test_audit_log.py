"""The audit log: complete for every table written through the core, viewable, exportable."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlmodel import SQLModel, select
from textual.widgets import OptionList

from sekretariat.cli import main
from sekretariat.exchange import import_text
from sekretariat.files import csv_text
from sekretariat.storage import models as m
from sekretariat.storage.audit_log import count, csv_rows, entries
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
    assert lines[0] == "Tid (UTC);Bruker;Maskin;Hva;Nøkkel;Handling;Endringer"
    assert lines[1].split(";")[3:6] == ["person", "kari-nordmann", "endret"]


def test_cli_audit(db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(db.path), "audit", "--entity", "region", "--limit", "0"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and "lagt inn nettverk «valdres»" in out[0]
    target = tmp_path / "logg.csv"
    assert main(["--db", str(db.path), "audit", "--csv", str(target)]) == 0
    assert target.read_text(encoding="utf-8-sig").startswith("Tid (UTC);Bruker")


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
    assert field_name("budget") == "budget"
