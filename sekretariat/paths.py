"""Where files live. All paths come from here, built on platformdirs."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from pathlib import Path

APP_NAME = "sekretariat"
DB_ENV = "SEKRETARIAT_DB"


def data_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME)


def default_db_path() -> Path:
    """The database used when neither ``--db`` nor ``SEKRETARIAT_DB`` says otherwise."""
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser()
    return data_dir() / "sekretariat.db"


def demo_db_path() -> Path:
    """The demo database, rebuilt from the packaged sample when the sample changes."""
    return data_dir() / "demo.db"


def sample_path() -> Path:
    """The packaged sample forum; falls back to the checkout for editable installs."""
    from importlib import resources  # not needed on the way to the first frame

    packaged = resources.files("sekretariat") / "data" / "sample.toml"
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "sample.toml"


def sample_digest() -> str:
    """What the demo database records of the sample it was built from."""
    return hashlib.sha256(sample_path().read_bytes()).hexdigest()[:16]


def demo_path_ready(path: Path) -> bool:
    """True when the demo database exists and matches the packaged sample.

    Here, with the standard library only, and not beside the code that builds the demo
    (which imports the exchange format and SQLAlchemy, a second at start-up): starting
    the demo does not wait for them before the first frame.
    """
    path = Path(path)
    if not path.is_file():
        return False
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = con.execute("SELECT value FROM setting WHERE key = 'demo_sample'").fetchone()
        finally:
            con.close()
    except sqlite3.Error:
        return False
    return bool(row) and json.loads(row[0]) == sample_digest()


def user_config_file(name: str) -> Path:
    """A file of this user's own settings (the app's language), beside no database: each
    user of a shared forum database keeps their own."""
    from platformdirs import user_config_path

    return user_config_path(APP_NAME) / name


def user_cache_file(name: str) -> Path:
    """A file this user's runs may rebuild at any time (the compiled message catalogues)."""
    from platformdirs import user_cache_path

    return user_cache_path(APP_NAME) / name
