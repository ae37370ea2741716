"""How the main screens look in nynorsk at 80x24 (issue 19), beside the bokmål snapshots
of tests/test_snapshots.py; the sample forum with its own texts in nynorsk.

Update after an intended change with
``SEKRETARIAT_SPRAK=nn pytest tests/nynorsk/test_snapshots_nynorsk.py --snapshot-update``.
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


def test_overview(snap_compare, nynorsk_forum_db: Path) -> None:  # type: ignore[no-untyped-def]
    app = SekretariatApp(nynorsk_forum_db, today=TODAY)
    assert snap_compare(app, terminal_size=SIZE, run_before=settled)


def test_help_on_the_overview(snap_compare, nynorsk_forum_db: Path) -> None:  # type: ignore[no-untyped-def]
    async def open_help(pilot: Pilot) -> None:
        await settled(pilot)
        await pilot.press("f1")
        await settled(pilot)

    app = SekretariatApp(nynorsk_forum_db, today=TODAY)
    assert snap_compare(app, terminal_size=SIZE, run_before=open_help)


def test_representatives(snap_compare, nynorsk_forum_db: Path) -> None:  # type: ignore[no-untyped-def]
    app = SekretariatApp(nynorsk_forum_db, today=TODAY, start="representatives")
    assert snap_compare(app, terminal_size=SIZE, run_before=settled)


def test_inbox(snap_compare, nynorsk_forum_db: Path) -> None:  # type: ignore[no-untyped-def]
    app = SekretariatApp(nynorsk_forum_db, today=TODAY, start="inbox")
    assert snap_compare(app, terminal_size=SIZE, run_before=settled)


def test_decision_register(snap_compare, nynorsk_forum_db: Path) -> None:  # type: ignore[no-untyped-def]
    app = SekretariatApp(nynorsk_forum_db, today=TODAY, start="decisions")
    assert snap_compare(app, terminal_size=SIZE, run_before=settled)
