"""Where files live. All paths come from here, built on platformdirs."""

from __future__ import annotations

import os
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
