"""Consistent copies of a live database."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from sekretariat.errors import UserError, database_reason
from sekretariat.files import replacing
from sekretariat.i18n import ui

if TYPE_CHECKING:
    from sekretariat.storage.database import Database


def backup_to(db: Database, target: Path) -> Path:
    """Copy ``db`` to ``target`` with SQLite's backup API, fsync it and check it.

    Readers and writers may go on meanwhile; the copy is one consistent snapshot. It is
    written beside the target and renamed into place only when it passed the integrity
    check, with the database's own file mode (as private, or as shared, as the original).
    """
    target = Path(target).expanduser()
    if target.is_dir():
        target = target / f"{db.path.stem}-{dt.date.today().isoformat()}.db"
    if target.resolve() == db.path.resolve():
        raise UserError(ui("Sikkerhetskopien kan ikke skrives over selve databasen."))
    with replacing(target, mode=db.file_mode()) as tmp:
        src = sqlite3.connect(db.path, timeout=30)
        try:
            dst = sqlite3.connect(tmp)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")
                result = dst.execute("PRAGMA integrity_check").fetchone()[0]
            finally:
                dst.close()
        except sqlite3.DatabaseError as exc:
            reason = database_reason(exc) or ui("ukjent feil fra SQLite")
            raise UserError(
                ui("Kunne ikke kopiere databasen: {reason}.").format(reason=reason)
            ) from None
        finally:
            src.close()
        if result != "ok":
            raise UserError(
                ui("Sikkerhetskopien besto ikke integritetskontrollen: {result}.").format(
                    result=result
                )
            )
    return target


BACKUP_KEEP_DEFAULT = 7


def dir_mode(db: Database) -> int:
    """Folder bits matching the file's: whoever may read a copy may also list them."""
    mode = db.file_mode()
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
    _backup_folder(db, folder)
    backup_to(db, target)
    copies = sorted(folder.glob(f"{db.path.stem}-????-??-??.db"))
    for old in copies[: max(len(copies) - max(keep, 1), 0)]:
        old.unlink(missing_ok=True)
    return target


def _backup_folder(db: Database, folder: Path) -> None:
    """Make the backup folder, or check that the one there may hold our copies.

    On a shared server anyone in the group can plant things beside the database: the
    folder must be a real folder (not a link), and either ours or, in shared mode, one
    of the database's group that others outside it cannot write to. Only a folder made
    just now is given its mode: a group member's folder is left as its owner set it.
    """
    try:
        os.mkdir(folder, dir_mode(db))
    except FileExistsError:
        pass
    else:
        os.chmod(folder, dir_mode(db))  # the umask must not narrow or widen it
        return
    info = os.lstat(folder)
    if stat.S_ISLNK(info.st_mode):
        raise UserError(
            ui("{folder} er en symbolsk lenke; sikkerhetskopien ble ikke tatt.").format(
                folder=folder
            )
        )
    if not stat.S_ISDIR(info.st_mode):
        raise UserError(
            ui("{folder} er ikke en mappe; sikkerhetskopien ble ikke tatt.").format(folder=folder)
        )
    if info.st_mode & 0o002:
        raise UserError(
            ui("Alle kan skrive i {folder}; sikkerhetskopien ble ikke tatt.").format(folder=folder)
        )
    if info.st_uid != os.getuid():
        shared = db.file_mode() & 0o060 and info.st_gid == db.path.stat().st_gid
        if not shared:
            raise UserError(
                ui("{folder} tilhører en annen bruker; sikkerhetskopien ble ikke tatt.").format(
                    folder=folder
                )
            )


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
