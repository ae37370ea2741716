"""Opening, creating, checking and migrating the one SQLite database file.

No engine exists at import time: a ``Database`` is built from a path. Every connection
sets the pragmas the shared-server use needs, write transactions begin IMMEDIATE, and
every flush writes the audit log (see ``sekretariat.audit``).
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sekretariat.errors import DatabaseRefused, UserError, database_reason, os_reason
from sekretariat.files import mode_of
from sekretariat.i18n import N_, ui
from sekretariat.storage.backup import backup_to
from sekretariat.storage.migrate import APP_ID, KNOWN_REVISIONS, SCHEMA_HEAD, upgrade

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine
    from sqlmodel import Session

BUSY_TIMEOUT_MS = 30_000
SQLITE_HEADER = b"SQLite format 3\x00"


def _describe(path: Path) -> str:
    return str(path)


def check_file(path: Path, *, create: bool) -> str:
    """Say what the file at ``path`` is, refusing anything that is not ours.

    Returns ``"new"`` (absent or empty: will be created), ``"current"`` or ``"old"``
    (needs migration). Never writes to a file it refuses.
    """
    if path.is_dir():
        raise DatabaseRefused(
            ui("{path} er en mappe, ikke en databasefil.").format(path=_describe(path))
        )
    if path.is_symlink() and not path.exists():
        raise DatabaseRefused(
            ui(
                "{path} er en symbolsk lenke til en fil som ikke finnes; oppgi selve databasefilen."
            ).format(path=_describe(path))
        )
    if not path.exists():
        if not create:
            raise DatabaseRefused(ui("Databasen {path} finnes ikke.").format(path=_describe(path)))
        return "new"
    size = path.stat().st_size
    if size == 0:
        if not create:
            raise DatabaseRefused(ui("Databasen {path} er tom.").format(path=_describe(path)))
        return "new"
    try:
        with path.open("rb") as fh:
            header = fh.read(16)
    except OSError as exc:
        raise DatabaseRefused(
            ui("Kan ikke lese {path}: {reason}.").format(
                path=_describe(path), reason=os_reason(exc)
            )
        ) from exc
    if header != SQLITE_HEADER:
        raise DatabaseRefused(
            ui("{path} er ikke en database (ikke en SQLite-fil); filen er ikke endret.").format(
                path=_describe(path)
            )
        )
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            app_id = con.execute("PRAGMA application_id").fetchone()[0]
            tables = {
                r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            revision = None
            if "alembic_version" in tables:
                row = con.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseRefused(
            ui("{path} kan ikke åpnes som database ({reason}); filen er ikke endret.").format(
                path=_describe(path), reason=database_reason(exc) or ui("ukjent feil fra SQLite")
            )
        ) from exc
    if app_id != APP_ID:
        if not tables and create:
            return "new"
        raise DatabaseRefused(
            ui(
                "{path} er en SQLite-database, men ikke en Sekretariat-database; filen er ikke endret."
            ).format(path=_describe(path))
        )
    if revision == SCHEMA_HEAD:
        return "current"
    if revision in KNOWN_REVISIONS:
        return "old"
    raise DatabaseRefused(
        ui(
            "{path} er laget av en nyere versjon av Sekretariat (skjema {revision}); oppgrader programmet før du åpner den."
        ).format(path=_describe(path), revision=revision)
    )


def _create_private_file(path: Path) -> None:
    """Create an empty database file readable and writable by the owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = os.environ.get("SEKRETARIAT_FILE_MODE", "600").strip()
    try:
        mode = int(raw, 8)
    except ValueError:
        mode = -1
    # The owner reads and writes; the group may; others never (personal data).
    if mode not in (0o600, 0o640, 0o660):
        raise DatabaseRefused(
            ui(
                "SEKRETARIAT_FILE_MODE={raw} er ikke en gyldig filmodus (bruk 600, 640 eller 660)."
            ).format(raw=raw)
        )
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY | os.O_NOFOLLOW, mode)
    except FileExistsError:
        raise DatabaseRefused(
            ui("{path} ble laget av noen andre i det samme; filen er ikke endret.").format(
                path=_describe(path)
            )
        ) from None
    try:
        os.fchmod(fd, mode)  # the umask must not widen or narrow the chosen mode
    finally:
        os.close(fd)


class Database:
    """One SQLite database file and its lazily built engine."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path).expanduser()
        self._engine: Engine | None = None
        self._write_engine: Engine | None = None
        #: Engines are made on first use, which may be in two worker threads at once.
        self._engine_lock = threading.Lock()

    # -- opening -----------------------------------------------------------------
    @classmethod
    def open(cls, path: Path | str, *, create: bool = False) -> Database:
        """Open a database, creating it (owner-only) or migrating it when needed."""
        db = cls(path)
        state = check_file(db.path, create=create)
        if state == "new":
            if not db.path.exists():
                _create_private_file(db.path)
            db.upgrade()
        elif state == "old":
            db.backup_before_migration()
            db.upgrade()
        return db

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            with self._engine_lock:
                if self._engine is None:
                    self._engine = _make_engine(self.path)
        return self._engine

    def upgrade(self) -> None:
        """Bring the schema to the newest revision with Alembic."""
        upgrade(self)

    def backup_before_migration(self) -> Path:
        """Copy the database next to itself before a migration touches it."""
        target = self.path.with_name(f"{self.path.name}.før-migrering.bak")
        backup_to(self, target)
        return target

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
            self._write_engine = None

    def file_mode(self) -> int:
        """The database file's read and write bits: every file written from it gets them.

        600 (its owner alone) or 660 in a shared group folder, so an export or a backup
        is never readable by more people than the database itself.
        """
        return mode_of(self.path)

    def change_mark(self) -> int:
        """A number that grows with every committed change, by anyone.

        Every write records what it changed in the audit log, in the same transaction,
        so the log's newest id moves whenever the data does (on a shared file too).
        A screen that read its data at one mark need not read it again at the same one.
        """
        with self.sql() as con:
            return int(con.execute("SELECT COALESCE(MAX(id), 0) FROM auditlog").fetchone()[0])

    # -- sessions ----------------------------------------------------------------
    @contextmanager
    def sql(self) -> Iterator[sqlite3.Connection]:
        """A read-only standard-library connection for hot read paths.

        The overview and the seat table read through this, so the first frame never waits
        for SQLAlchemy to import; everything that writes goes through ``write()``.
        """
        con = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
        try:
            con.row_factory = sqlite3.Row
            con.execute("PRAGMA query_only=ON")
            con.execute("PRAGMA foreign_keys=ON")
            yield con
        finally:
            con.close()

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading; it never writes."""
        from sqlmodel import Session

        # Closing (not rolling back) ends the transaction and keeps loaded rows usable.
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A write transaction: BEGIN IMMEDIATE, audited, committed on success."""
        from sekretariat.storage.audit import AuditedSession

        if self._write_engine is None:
            engine = self.engine
            with self._engine_lock:
                if self._write_engine is None:
                    self._write_engine = engine.execution_options(sqlite_begin="IMMEDIATE")
        from sqlalchemy.exc import OperationalError
        from sqlalchemy.orm.exc import StaleDataError

        with AuditedSession(self._write_engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except OperationalError as exc:
                session.rollback()
                if is_read_only(exc):
                    raise UserError(ui(READ_ONLY)) from None
                raise
            except StaleDataError:
                session.rollback()
                from sekretariat.storage.row_versions import StaleEdit

                raise StaleEdit(
                    ui("Noen andre lagret en endring i det samme samtidig — last inn på nytt.")
                ) from None
            except BaseException:
                session.rollback()
                raise


#: What a write into a file this user may not write to says.
READ_ONLY = N_(
    "Databasefilen er skrivebeskyttet, så ingenting kan lagres. "
    "Be om skrivetilgang til filen og mappen den ligger i, eller arbeid i en kopi."
)


def is_read_only(error: BaseException) -> bool:
    """Whether SQLite refused a write because the file (or its folder) is read-only."""
    text = str(error)
    return "readonly database" in text or "attempt to write a read-only" in text


def _make_engine(path: Path) -> Engine:
    from sqlalchemy import create_engine, event

    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
        # An error's text may reach the error log: it must not carry names and e-mails.
        hide_parameters=True,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        # We issue BEGIN ourselves (below), so the driver must not.
        dbapi_connection.isolation_level = None
        cur = dbapi_connection.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine
