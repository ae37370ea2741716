"""The state's decision seen in the allocation area at 80x24, beside the forum's advice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Static

from sekretariat.domain.agenda import add_item
from sekretariat.domain.allocation_runs import adopt, run_for_year, save_run
from sekretariat.storage.database import Database
from tui.app import SekretariatApp
from widgets.table import Table

TODAY = dt.date(2026, 11, 22)
Settle = Callable[[Pilot], Awaitable[None]]


def status(app: SekretariatApp) -> str:
    return str(app.screen.query_one("#alloc-status", Static).render()).replace("\xa0", " ")


def remarks(app: SekretariatApp, code: str) -> str:
    return str(app.screen.query_one("#alloc-table", Table).get_row(code)[5]).replace("\xa0", " ")


async def test_the_sample_2026_run_shows_its_decision(sample_db: Path, settle: Settle) -> None:
    """The sample's 2026 run, adopted in Sak 10/26 (05.03.2026), was decided by
    Statsforvalteren 17.03.2026 (2026/1432-4) with Sør-Østerdal at 3 300 000 instead of
    the advised 3 600 000; the other networks as advised."""
    app = SekretariatApp(sample_db, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("7")
        await settle(pilot)
        await pilot.press("minus")  # 2027 → 2026
        await settle(pilot)
        first, second = status(app).splitlines()
        assert first.startswith("Kjøring 2026-1 (vedtatt, vedtatt i Sak 10/26")
        assert second.startswith(
            "Vedtatt av Statsforvalteren i Innlandet 17.03.2026, ref 2026/1432-4; 1 nettverk"
        )
        assert remarks(app, "sor-osterdal") == "vedtatt 3 300 000"
        assert remarks(app, "valdres") == ""
        # The run's own line stays the advice.
        row = app.screen.query_one("#alloc-table", Table).get_row("sor-osterdal")
        assert str(row[1]).replace("\xa0", " ") == "3 600 000"
        assert remarks(app, "nord-gudbrandsdal") == "må justere"


async def test_an_adopted_run_without_a_decision_says_so(sample_db: Path, settle: Settle) -> None:
    db = Database.open(sample_db)
    item = add_item(db, 5, {"title": "Fordeling av tilskudd 2027", "kind": "decision"})
    result, scheme, _ = run_for_year(db, 2027, 40_000_000)
    adopt(db, save_run(db, 2027, result, scheme), item, today=TODAY)
    app = SekretariatApp(sample_db, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("7")
        await settle(pilot)
        assert status(app).splitlines()[1] == "Vedtak om tilskudd er ikke registrert ennå (d)."
        assert remarks(app, "glamdal") == ""
