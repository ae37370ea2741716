"""Shared fixtures: databases built from the packaged sample, and a fixed today.

UI tests always pass ``today=TODAY`` so that what the overview says (and every
snapshot) is the same on every run, and name the database file ``t.db`` because the
file name appears in the header.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import weakref
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.worker import WorkerFailed, WorkerState

from sekretariat.i18n import app_language, set_app_language

TODAY = dt.date(2026, 11, 22)
DB_NAME = "t.db"

#: The nynorsk tests need a process of their own (tests/nynorsk/conftest.py says why):
#: ``SEKRETARIAT_SPRAK=nn pytest tests/nynorsk``.
collect_ignore = [] if os.environ.get("SEKRETARIAT_SPRAK") == "nn" else ["nynorsk"]


@pytest.fixture(autouse=True)
def _own_user_settings(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Each test has a settings folder of its own (``paths.user_config_file``, through
    platformdirs' ``XDG_CONFIG_HOME``), so a language saved with F9 in the developer's own
    home cannot change what a test sees (``SEKRETARIAT_SPRAK``, set for the nynorsk
    process, wins over a saved choice anyway). The command line sets the app's language
    for the database it is given (a forum writing nynorsk): the language the process had
    is restored after the test."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))
    language = app_language()
    yield
    set_app_language(language)


@dataclass(frozen=True)
class Notice:
    """A notification the app showed (``App.notify``), as a test reads it."""

    message: str
    title: str
    severity: str


_NOTICES: weakref.WeakKeyDictionary[App[Any], list[Notice]] = weakref.WeakKeyDictionary()


def notices(app: App[Any]) -> list[Notice]:
    """Every notification ``app`` has shown, oldest first (recorded by the fixture below,
    through ``App.notify``, Textual's public way in; not its private list of them)."""
    return list(_NOTICES.get(app, []))


@pytest.fixture(autouse=True)
def _record_notices(monkeypatch: pytest.MonkeyPatch) -> None:
    shown = App.notify

    def notify(self: App[Any], message: str, *args: Any, **kwargs: Any) -> None:
        _NOTICES.setdefault(self, []).append(
            Notice(
                str(message), str(kwargs.get("title", "")), kwargs.get("severity", "information")
            )
        )
        shown(self, message, *args, **kwargs)

    monkeypatch.setattr(App, "notify", notify)


@pytest.fixture(scope="session")
def _sample_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample database, built once per test run; tests get copies of it."""
    from sekretariat.new_database import create_from_sample

    path = tmp_path_factory.mktemp("sample") / DB_NAME
    create_from_sample(path).dispose()
    return path


@pytest.fixture
def sample_db(tmp_path: Path, _sample_template: Path) -> Path:
    """A fresh copy of the sample forum (fictional Innlandet) at ``tmp_path / "t.db"``.

    Built with ``sekretariat.setup.create_from_sample``; copying a closed database file
    is much faster than importing the sample again for every test.
    """
    path = tmp_path / DB_NAME
    shutil.copyfile(_sample_template, path)
    return path


@pytest.fixture
def settle() -> Callable[[Pilot], Awaitable[None]]:
    """Wait until the app's workers are done and their messages handled.

    A worker's result arrives as a message, which may start another worker (a dialog's
    answer writes, the write's message starts a reload, the reload's message fills a
    table), and on a loaded machine such a chain takes longer than any fixed number of
    rounds. So wait until three rounds in a row found no worker running.
    """

    async def _settle(pilot: Pilot) -> None:
        idle = 0
        for _ in range(100):
            busy = any(
                w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in pilot.app.workers
            )
            # A failed worker is reported by the app; tests check what the user saw.
            with contextlib.suppress(WorkerFailed):
                await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            idle = 0 if busy else idle + 1
            if idle >= 3:
                break

    return _settle
