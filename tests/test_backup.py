"""Backups: consistent copies of a live database, daily on start, and restoring one."""

import datetime as dt
import os
import shutil
import stat
import threading
from pathlib import Path

import pytest
from sqlmodel import select

from sekretariat.errors import UserError
from sekretariat.exchange import export_text, import_text
from sekretariat.storage.backup import backup_dir, backup_to, daily_backup
from sekretariat.storage.database import Database
from sekretariat.storage.models import Person, Setting

MINI = (Path(__file__).parent / "data" / "mini.toml").read_text(encoding="utf-8")


@pytest.fixture
def db(tmp_path: Path) -> Database:
    db = Database.open(tmp_path / "forum.db", create=True)
    import_text(db, MINI, "mini.toml")
    return db


def test_backup_while_someone_writes(db: Database, tmp_path: Path) -> None:
    stop = threading.Event()

    def writer() -> None:
        i = 0
        while not stop.is_set():
            with db.write() as s:
                s.add(Person(key=f"p{i}", name="Person"))
            i += 1

    t = threading.Thread(target=writer)
    t.start()
    try:
        copies = [backup_to(db, tmp_path / f"kopi{n}.db") for n in range(3)]
    finally:
        stop.set()
        t.join()
    for copy in copies:
        assert stat.S_IMODE(copy.stat().st_mode) == 0o600
        restored = Database.open(copy)
        with restored.read() as s:
            assert s.exec(select(Person).where(Person.key == "kari-nordmann")).first() is not None


def test_backup_refuses_to_overwrite_the_database(db: Database) -> None:
    with pytest.raises(UserError, match="selve databasen"):
        backup_to(db, db.path)


def test_daily_backup_once_a_day_keeping_the_newest(db: Database) -> None:
    with db.write() as s:
        s.add(Setting(key="backup_keep", value=3))
    start = dt.date(2026, 11, 1)
    made = [daily_backup(db, start + dt.timedelta(days=d)) for d in range(5)]
    assert all(made)
    assert daily_backup(db, start + dt.timedelta(days=4)) is None  # already today
    names = sorted(p.name for p in backup_dir(db).iterdir())
    assert names == ["forum-2026-11-03.db", "forum-2026-11-04.db", "forum-2026-11-05.db"]


def test_restore_as_the_readme_says(db: Database, tmp_path: Path) -> None:
    """Stop, copy the backup over the file, remove -wal/-shm: the old content is back."""
    before = export_text(db)
    copy = backup_to(db, tmp_path / "kopi.db")
    with db.write() as s:
        s.add(Person(key="ny", name="Kommer etter kopien"))
    db.dispose()
    shutil.copyfile(copy, db.path)
    for suffix in ("-wal", "-shm"):
        Path(f"{db.path}{suffix}").unlink(missing_ok=True)
    assert export_text(Database.open(db.path)) == before
    assert os.access(db.path, os.R_OK)


async def test_app_makes_the_daily_backup_after_the_first_frame(sample_db: Path) -> None:
    from tui.app import SekretariatApp

    app = SekretariatApp(sample_db, today=dt.date(2026, 11, 22))
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(40):
            await pilot.pause(0.1)
            if (sample_db.parent / "t.db.sikkerhetskopier" / "t-2026-11-22.db").exists():
                break
    assert (sample_db.parent / "t.db.sikkerhetskopier" / "t-2026-11-22.db").exists()


def test_shared_group_mode(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """SEKRETARIAT_FILE_MODE=660 at creation: the file and its backups are group-writable."""
    monkeypatch.setenv("SEKRETARIAT_FILE_MODE", "660")
    old = os.umask(0o022)
    try:
        db = Database.open(tmp_path / "delt.db", create=True)
        copy = daily_backup(db, dt.date(2026, 11, 22))
    finally:
        os.umask(old)
    assert stat.S_IMODE(db.path.stat().st_mode) == 0o660
    assert copy is not None and stat.S_IMODE(copy.stat().st_mode) == 0o660
    assert stat.S_IMODE(backup_dir(db).stat().st_mode) == 0o770


def test_private_by_default(db: Database) -> None:
    copy = daily_backup(db, dt.date(2026, 11, 22))
    assert stat.S_IMODE(db.path.stat().st_mode) == 0o600
    assert copy is not None and stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert stat.S_IMODE(backup_dir(db).stat().st_mode) == 0o700


def test_bad_file_mode_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sekretariat.errors import DatabaseRefused

    monkeypatch.setenv("SEKRETARIAT_FILE_MODE", "777")
    with pytest.raises(DatabaseRefused, match="ikke en gyldig filmodus"):
        Database.open(tmp_path / "x.db", create=True)
    assert not (tmp_path / "x.db").exists()
