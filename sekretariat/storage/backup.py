"""Consistent copies of a live database."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from sekretariat.errors import UserError

if TYPE_CHECKING:
    from sekretariat.storage.database import Database


def backup_to(db: Database, target: Path) -> Path:
    """Copy ``db`` to ``target`` with SQLite's backup API, fsync it and check it.

    Readers and writers may go on meanwhile; the copy is one consistent snapshot.
    """
    target = Path(target).expanduser()
    if target.resolve() == db.path.resolve():
        raise UserError("Sikkerhetskopien kan ikke skrives over selve databasen.")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    tmp.unlink(missing_ok=True)
    mode = file_mode(db)
    fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, mode)
    os.close(fd)
    os.chmod(tmp, mode)  # a copy is as private (or as shared) as the database itself
    src = sqlite3.connect(db.path, timeout=30)
    try:
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
            result = dst.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            dst.close()
    finally:
        src.close()
    if result != "ok":
        tmp.unlink(missing_ok=True)
        raise UserError(f"Sikkerhetskopien besto ikke integritetskontrollen: {result}.")
    with tmp.open("rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, target)
    dir_fd = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
    return target


BACKUP_KEEP_DEFAULT = 7


def file_mode(db: Database) -> int:
    """The database file's permission bits (600 alone, 660 in a shared group folder)."""
    try:
        return stat.S_IMODE(db.path.stat().st_mode) & 0o666 or 0o600
    except OSError:
        return 0o600


def dir_mode(db: Database) -> int:
    """Folder bits matching the file's: whoever may read a copy may also list them."""
    mode = file_mode(db)
    return mode | ((mode & 0o444) >> 2)


def backup_dir(db: Database) -> Path:
    """Backups live beside the database, so a shared group folder shares them too."""
    return db.path.with_name(db.path.name + ".sikkerhetskopier")


def daily_backup(
    db: Database, today: dt.date | None = None, keep: int | None = None
) -> Path | None:
    """At most once a day: a consistent copy named by date; keep the newest ``keep``.

    Returns the new copy, or None when today's already exists.
    """
    today = today or dt.date.today()
    if keep is None:
        keep = _keep_setting(db)
    folder = backup_dir(db)
    target = folder / f"{db.path.stem}-{today.isoformat()}.db"
    if target.exists():
        return None
    folder.mkdir(mode=dir_mode(db), parents=True, exist_ok=True)
    os.chmod(folder, dir_mode(db))
    backup_to(db, target)
    copies = sorted(folder.glob(f"{db.path.stem}-????-??-??.db"))
    for old in copies[: max(len(copies) - max(keep, 1), 0)]:
        old.unlink(missing_ok=True)
    return target


def _keep_setting(db: Database) -> int:
    with db.sql() as con:
        row = con.execute("SELECT value FROM setting WHERE key = 'backup_keep'").fetchone()
    if row is None:
        return BACKUP_KEEP_DEFAULT
    value = row[0]
    try:
        # A JSON column has numeric affinity: SQLite hands a plain number back as one.
        return max(int(json.loads(value) if isinstance(value, str) else value), 1)
    except (TypeError, ValueError):
        return BACKUP_KEEP_DEFAULT
