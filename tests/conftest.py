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
from textual.worker import WorkerFailed

TODAY = dt.date(2026, 11, 22)
DB_NAME = "t.db"


@pytest.fixture(scope="session")
def _sample_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample database, built once per test run; tests get copies of it."""
    from sekretariat.setup import create_from_sample

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

    A worker's result arrives as a message, which may start another worker (opening the
    database switches to the overview, which then reads it), so wait twice over.
    """

    async def _settle(pilot: Pilot) -> None:
        for _ in range(3):
            # A failed worker is reported by the app; tests check what the user saw.
            with contextlib.suppress(WorkerFailed):
                await pilot.app.workers.wait_for_complete()
            await pilot.pause()

    return _settle
