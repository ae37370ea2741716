"""Consistent copies of a live database."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import UserError

if TYPE_CHECKING:
    from .db import Database


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
    fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)
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
