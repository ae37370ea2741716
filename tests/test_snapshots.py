"""How the main screens look at 80x24, on the sample forum with a fixed today.

Update after an intended change with ``pytest tests/test_snapshots.py --snapshot-update``
and look at the new SVGs (``snapshot_report.html`` shows the differences).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.pilot import Pilot

from tui.app import SekretariatApp

TODAY = dt.date(2026, 11, 22)
SIZE = (80, 24)


async def settled(pilot: Pilot) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def test_overview(snap_compare, sample_db: Path) -> None:  # type: ignore[no-untyped-def]
    app = SekretariatApp(sample_db, today=TODAY)
    assert snap_compare(app, terminal_size=SIZE, run_before=settled)


def test_overview_wide(snap_compare, sample_db: Path) -> None:  # type: ignore[no-untyped-def]
    app = SekretariatApp(sample_db, today=TODAY)
    assert snap_compare(app, terminal_size=(120, 36), run_before=settled)


def test_help_on_the_overview(snap_compare, sample_db: Path) -> None:  # type: ignore[no-untyped-def]
    async def open_help(pilot: Pilot) -> None:
        await settled(pilot)
        await pilot.press("f1")
        await pilot.pause()

    app = SekretariatApp(sample_db, today=TODAY)
    assert snap_compare(app, terminal_size=SIZE, run_before=open_help)


def test_decision_register(snap_compare, sample_db: Path) -> None:  # type: ignore[no-untyped-def]
    app = SekretariatApp(sample_db, today=TODAY, start="decisions")
    assert snap_compare(app, terminal_size=SIZE, run_before=settled)


def test_welcome(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = SekretariatApp(tmp_path / "t.db", today=TODAY, first_run=True)
    assert snap_compare(app, terminal_size=SIZE, run_before=settled)
