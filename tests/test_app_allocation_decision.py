"""The state's decision seen in the allocation area at 80x24, beside the forum's advice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from pathlib import Path

from conftest import notices
from textual.pilot import Pilot
from textual.widgets import Input, Static

from sekretariat.domain.agenda import add_item
from sekretariat.domain.allocation_runs import adopt, run_for_year, save_run
from sekretariat.exchange import import_text
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
        assert first.startswith("Kjøring 2026-1 (vedtatt i Sak 10/26")
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
        # d: decided today, without a reference, Glåmdal at 1 700 000 instead of 1 800 000.
        await pilot.press("d")
        await settle(pilot)
        await pilot.press(*"Statsforvalteren i Innlandet")
        await pilot.press("tab", "tab", "tab", "home", "ctrl+k", *"1 700 000")
        await pilot.press("tab", *"Restmidler fra 2026", "ctrl+s")
        await settle(pilot)
        assert status(app).splitlines()[1] == (
            "Vedtatt av Statsforvalteren i Innlandet 22.11.2026; 1 nettverk endret."
        )
        assert remarks(app, "glamdal") == "vedtatt 1 700 000"


async def test_the_recorded_budget_is_offered(sample_db: Path, settle: Settle) -> None:
    """A budget recorded for the year (the scheme's «budgets») is in the field before
    anything is computed, so r computes with it; an empty field is refused without
    sending the user to a key that would type into it."""
    import_text(
        Database.open(sample_db),
        'schema = 1\n[allocation]\ncode = "kollektiv"\nbudgets = { "2027" = 40000000 }\n',
        "budsjett.toml",
    )
    app = SekretariatApp(sample_db, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("7")
        await settle(pilot)
        assert app.screen.query_one("#alloc-budget", Input).value == "40\xa0000\xa0000"
        assert status(app) == (
            "Ingen lagrede kjøringer for 2027. Budsjettet er det registrerte; trykk r for å "
            "beregne."
        )
        await pilot.press("r")
        await settle(pilot)
        assert status(app) == "Beregnet, ikke lagret. Trykk l for å lagre som forslag."
        assert app.screen.query_one("#alloc-table", Table).row_count == 11
        await pilot.press("b", "ctrl+a", "ctrl+k", "enter")
        await settle(pilot)
        assert "Skriv budsjettet i feltet først, og trykk Enter." in [
            str(n.message) for n in notices(app)
        ]
