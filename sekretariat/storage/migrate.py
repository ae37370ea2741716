"""Schema migrations with Alembic, run programmatically (batch mode for SQLite)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.config import Config

    from sekretariat.storage.database import Database

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
#: PRAGMA application_id of a Sekretariat database ("SEKR").
APP_ID = 0x53454B52
#: The newest schema revision this version knows; a test keeps it equal to Alembic's head.
SCHEMA_HEAD = "0009"
#: Every revision this version can migrate from.
KNOWN_REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009")


def alembic_config(url: str) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url)
    return cfg


def script_head() -> str:
    """The newest revision among the migration scripts shipped with this version."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    assert head is not None
    return head


def upgrade(db: Database) -> None:
    """Run every pending migration in one IMMEDIATE transaction, then mark the file ours.

    Foreign keys are switched off while batch mode rebuilds tables (SQLite's advice), and
    checked before the transaction commits.
    """
    from alembic import command

    cfg = alembic_config(f"sqlite:///{db.path}")
    with db.engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys=OFF")
        try:
            conn = conn.execution_options(sqlite_begin="IMMEDIATE")
            with conn.begin():
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
                problems = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if problems:
                    raise RuntimeError(f"foreign key check failed after migration: {problems[:5]}")
                conn.exec_driver_sql(f"PRAGMA application_id={APP_ID}")
        finally:
            raw.execute("PRAGMA foreign_keys=ON")
