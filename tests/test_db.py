"""Opening, creating, refusing and migrating database files."""

import os
import sqlite3
import stat
import threading
from pathlib import Path

import pytest
from sqlmodel import select

from sekretariat.errors import DatabaseRefused
from sekretariat.storage.database import Database, check_file
from sekretariat.storage.migrate import APP_ID, SCHEMA_HEAD
from sekretariat.storage.models import AuditLog, Person, Region


def test_new_database_is_owner_only_and_marked(tmp_path: Path) -> None:
    path = tmp_path / "ny.db"
    old = os.umask(0o000)
    try:
        Database.open(path, create=True)
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA application_id").fetchone()[0] == APP_ID
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == SCHEMA_HEAD
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_schema_head_matches_migration_scripts() -> None:
    from sekretariat.storage.migrate import script_head

    assert script_head() == SCHEMA_HEAD


def test_migration_matches_models(tmp_path: Path) -> None:
    """The migrations build exactly the tables the models describe (nothing to autogenerate)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    db = Database.open(tmp_path / "m.db", create=True)
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diff == []


def test_missing_database_is_refused_for_reading(tmp_path: Path) -> None:
    with pytest.raises(DatabaseRefused, match="finnes ikke"):
        Database.open(tmp_path / "ingen.db")
    assert not (tmp_path / "ingen.db").exists()


def test_text_file_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notater.db"
    path.write_text("Dette er ikke en database\n" * 10)
    before = path.read_bytes()
    with pytest.raises(DatabaseRefused, match="ikke en database"):
        Database.open(path, create=True)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notater.db"]


def test_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "annen.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE kunder (id INTEGER)")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseRefused, match="ikke en Sekretariat-database"):
        Database.open(path, create=True)
    assert path.read_bytes() == before


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "ny.db"
    Database.open(path, create=True).dispose()
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()
    with pytest.raises(DatabaseRefused, match="nyere versjon"):
        Database.open(path)


def test_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DatabaseRefused, match="mappe"):
        check_file(tmp_path, create=True)


def test_pragmas_on_every_connection(tmp_path: Path) -> None:
    db = Database.open(tmp_path / "p.db", create=True)
    with db.read() as s:
        conn = s.connection()
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_write_transactions_begin_immediate(tmp_path: Path) -> None:
    """A write session holds the write lock from its first statement on."""
    db = Database.open(tmp_path / "w.db", create=True)
    other = sqlite3.connect(tmp_path / "w.db", timeout=0.1, isolation_level=None)
    with db.write() as s:
        s.exec(select(Region)).all()  # a read only: a deferred BEGIN would take no lock
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
    other.execute("BEGIN IMMEDIATE")
    other.execute("ROLLBACK")


def test_read_sessions_do_not_block_writers(tmp_path: Path) -> None:
    db = Database.open(tmp_path / "r.db", create=True)
    with db.read() as s:
        s.exec(select(Region)).all()
        with db.write() as w:
            w.add(Region(code="valdres", name="Valdres"))
    with db.read() as s:
        assert s.exec(select(Region.code)).all() == ["valdres"]


def test_failed_write_leaves_nothing(tmp_path: Path) -> None:
    db = Database.open(tmp_path / "f.db", create=True)
    with pytest.raises(RuntimeError), db.write() as s:
        s.add(Region(code="valdres", name="Valdres"))
        s.flush()
        raise RuntimeError("boom")
    with db.read() as s:
        assert s.exec(select(Region)).all() == []
        assert s.exec(select(AuditLog)).all() == []


def test_audit_log_records_insert_update_delete(tmp_path: Path) -> None:
    db = Database.open(tmp_path / "a.db", create=True)
    with db.write() as s:
        s.add(Person(key="kari", name="Kari Nordmann"))
    with db.write() as s:
        p = s.exec(select(Person)).one()
        p.email = "kari@example.org"
    with db.write() as s:
        s.delete(s.exec(select(Person)).one())
    with db.read() as s:
        log = s.exec(select(AuditLog).order_by(AuditLog.id)).all()
    assert [(a.entity, a.entity_id, a.action) for a in log] == [
        ("person", "kari", "insert"),
        ("person", "kari", "update"),
        ("person", "kari", "delete"),
    ]
    assert log[1].changes == {"email": ["", "kari@example.org"]}
    assert log[0].changes["name"] == "Kari Nordmann"
    assert all(a.user for a in log) and all(a.at for a in log)


def test_concurrent_writers_wait_instead_of_failing(tmp_path: Path) -> None:
    db = Database.open(tmp_path / "c.db", create=True)
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(10):
                with db.write() as s:
                    s.add(Person(key=f"p{n}-{i}", name=f"Person {n} {i}"))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with db.read() as s:
        assert len(s.exec(select(Person)).all()) == 40


def test_old_database_is_backed_up_and_migrated(tmp_path: Path) -> None:
    """A database at the first revision, with data, is copied aside and then upgraded."""
    from alembic import command

    from sekretariat.storage.migrate import alembic_config

    path = tmp_path / "gammel.db"
    con = sqlite3.connect(path)
    con.close()
    command.upgrade(alembic_config(f"sqlite:///{path}"), "0001")
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA application_id={APP_ID}")
    con.execute(
        "INSERT INTO scheme (code, name, is_default, common_bp, common_recipient, equalization_bp, network_max_bp, unit, kindergarten_min_bp, school_min_bp, coordinator_max_bp, release_max_bp) VALUES ('kollektiv', 'K', 1, 1000, '', 200, 4000, 1, 3500, 3500, 1000, 2000)"
    )
    con.commit()
    con.close()
    db = Database.open(path)
    backup = tmp_path / "gammel.db.før-migrering.bak"
    assert backup.exists()
    assert (
        sqlite3.connect(backup).execute("SELECT version_num FROM alembic_version").fetchone()[0]
        == "0001"
    )
    from sekretariat.storage.models import Scheme

    with db.read() as s:
        scheme = s.exec(select(Scheme)).one()
    assert (scheme.code, scheme.needs_cap, scheme.fixed_amounts, scheme.network_fixed_bp) == (
        "kollektiv",
        True,
        {},
        None,
    )
    assert (
        sqlite3.connect(path).execute("SELECT version_num FROM alembic_version").fetchone()[0]
        == SCHEMA_HEAD
    )


def test_threads_share_one_engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers that first touch the database at the same moment make one engine, not two."""
    from sekretariat.storage import database as db_module

    Database.open(tmp_path / "delt.db", create=True)
    db = Database(tmp_path / "delt.db")
    made: list[object] = []
    real = db_module._make_engine
    barrier = threading.Barrier(4)

    def slow(path: Path) -> object:
        made.append(path)
        threading.Event().wait(0.05)  # long enough for the others to arrive meanwhile
        return real(path)

    monkeypatch.setattr(db_module, "_make_engine", slow)
    engines: list[object] = []

    def touch() -> None:
        barrier.wait()
        engines.append(db.engine)
        with db.write():
            pass

    threads = [threading.Thread(target=touch) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(made) == 1 and len({id(e) for e in engines}) == 1
    db.dispose()


def test_a_read_only_file_refuses_writes_in_norwegian(tmp_path: Path) -> None:
    """SQLite's "attempt to write a readonly database" becomes one Norwegian sentence."""
    from sqlalchemy import event

    from sekretariat.errors import UserError
    from sekretariat.storage.database import READ_ONLY
    from tui.app import failure_text

    Database.open(tmp_path / "les.db", create=True)
    db = Database(tmp_path / "les.db")
    # query_only makes SQLite answer every write as it does for a file it may not write.
    event.listen(db.engine, "connect", lambda con, _rec: con.execute("PRAGMA query_only = 1"))
    with pytest.raises(UserError) as err, db.write() as s:
        s.add(Person(key="ola", name="Ola"))
    assert str(err.value) == READ_ONLY
    with db.read() as s:
        assert s.exec(select(Person)).all() == []
    db.dispose()

    class Failed:  # what failure_text reads of a worker
        description = "lagre personen"
        error = sqlite3.OperationalError("attempt to write a readonly database")

    assert failure_text(Failed()) == f"Kunne ikke lagre personen. {READ_ONLY}"  # type: ignore[arg-type]


def test_a_0005_database_with_attendance_is_migrated_to_take_guests(tmp_path: Path) -> None:
    """Attendance recorded before guests existed keeps its person; a guest row then needs none."""
    from alembic import command

    from sekretariat.storage.migrate import alembic_config

    path = tmp_path / "gammel.db"
    sqlite3.connect(path).close()
    command.upgrade(alembic_config(f"sqlite:///{path}"), "0005")
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA application_id={APP_ID}")

    def insert(table: str, given: dict[str, object]) -> None:
        """A row with the values given and every other required column empty."""
        row = dict(given)
        for _, name, kind, notnull, default, _ in con.execute(f"PRAGMA table_info({table})"):
            if notnull and default is None and name not in row and name != "id":
                row[name] = 0 if kind.upper() in ("INTEGER", "BOOLEAN") else ""
        names = ", ".join(f'"{n}"' for n in row)
        con.execute(
            f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(row))})", [*row.values()]
        )

    insert("person", {"id": 1, "key": "kari", "name": "Kari", "roles": "[]"})
    insert("meeting", {"id": 1, "date": "2027-01-21", "status": "held"})
    con.execute(
        "INSERT INTO attendance (meeting_id, person_id, status, note, position) "
        "VALUES (1, 1, 'present', '', 1)"
    )
    con.commit()
    con.close()
    Database.open(path).dispose()
    con = sqlite3.connect(path)
    con.execute(
        "INSERT INTO attendance (meeting_id, person_id, status, note, position, guest_name) "
        "VALUES (1, NULL, 'guest', '', 2, 'Ola Besøk')"
    )
    assert con.execute(
        "SELECT person_id, status, guest_name, guest_org FROM attendance ORDER BY id"
    ).fetchall() == [(1, "present", "", ""), (None, "guest", "Ola Besøk", "")]
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == SCHEMA_HEAD
