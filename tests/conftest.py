"""Shared fixtures: databases built from the packaged sample, and a fixed today.

UI tests always pass ``today=TODAY`` so that what the overview says (and every
snapshot) is the same on every run, and name the database file ``t.db`` because the
file name appears in the header.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.worker import WorkerFailed, WorkerState

TODAY = dt.date(2026, 11, 22)
DB_NAME = "t.db"


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
