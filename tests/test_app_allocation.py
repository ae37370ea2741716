"""The allocation screen driven by keys at 80x24: compute, save, adjust, adopt."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Awaitable, Callable
from pathlib import Path

from conftest import notices
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Input, Static

from screens.allocation_dialogs import YearMoneyDialog
from sekretariat.domain.agenda import add_item
from sekretariat.domain.allocation_runs import list_runs, load_run
from sekretariat.storage.database import Database
from tui.app import SekretariatApp
from widgets.table import Table

TODAY = dt.date(2026, 11, 22)
Settle = Callable[[Pilot], Awaitable[None]]


def text(app: SekretariatApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def compute(pilot: Pilot, settle: Settle, budget: str = "40 000 000") -> None:
    await pilot.press("7")
    await settle(pilot)
    await pilot.press("b")
    await pilot.press(*budget)
    await pilot.press("enter")
    await settle(pilot)


async def test_compute_shows_every_network_and_proves_the_sum(
    sample_db: Path, settle: Settle
) -> None:
    app = SekretariatApp(sample_db, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await compute(pilot, settle)
        table = app.screen.query_one("#alloc-table", Table)
        assert table.row_count == 11  # ten networks and the sum
        row = [str(c).replace("\u00a0", " ") for c in table.get_row("glamdal")[:5]]
        assert row == ["Glåmdal", "1 800 000", "1 800 000", "680 000", "1 120 000"]
        assert "ingen melding" in str(table.get_row("midt-gudbrandsdal")[5])
        totals = text(app, "#alloc-totals")
        assert "Felles 4\u00a0000\u00a0000 + fordelt" in totals
        assert "ufordelt 24\u00a0600\u00a0000 = 40\u00a0000\u00a0000 kr" in totals
        assert totals.endswith("✓")
        assert "ikke lagret" in text(app, "#alloc-status")


async def test_bad_budget_is_refused_with_a_message(sample_db: Path, settle: Settle) -> None:
    app = SekretariatApp(sample_db, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await compute(pilot, settle, budget="0")
        assert any("større enn 0" in str(n.message) for n in notices(app))
        assert app.screen.query_one("#alloc-table", Table).row_count == 0


async def test_save_adjust_and_adopt_by_keys(sample_db: Path, settle: Settle) -> None:
    # The meeting of 12.11.2026 is held; it decided the allocation in an item of its own.
    add_item(
        Database.open(sample_db), 5, {"title": "Fordeling av tilskudd 2027", "kind": "decision"}
    )
    app = SekretariatApp(sample_db, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await compute(pilot, settle)
        await pilot.press("l")
        await settle(pilot)
        assert "Kjøring 2027-1 (forslag" in text(app, "#alloc-status")

        # Adjust Nord-Østerdal (row 7) down to 900 000 with a reason.
        table = app.screen.query_one("#alloc-table", Table)
        table.move_cursor(row=table.get_row_index("nord-osterdal"))
        await pilot.press("j")
        await pilot.pause()
        amount = app.screen.query_one("#amount", Input)
        amount.value = ""
        await pilot.press(*"900 000", "enter")  # no reason yet: refused
        await pilot.pause()
        assert "begrunnelse" in str(app.screen.query_one(".dialog-error", Static).render())
        await pilot.press(*"Justert etter dialog", "enter")
        await settle(pilot)
        assert "ufordelt 24\u00a0700\u00a0000 =" in text(app, "#alloc-totals")

        await pilot.press("v")
        await settle(pilot)
        await pilot.press("enter")  # the first decision item offered
        await settle(pilot)
        assert "vedtatt" in text(app, "#alloc-status")
        await pilot.press("j")
        await pilot.pause()
        assert any("vedtatt og kan ikke endres" in str(n.message) for n in notices(app))

    run = load_run(Database.open(sample_db), "2027-1")
    line = next(x for x in run.lines if x.code == "nord-osterdal")
    assert (run.status, line.allocated, line.adjustment_reason) == (
        "adopted",
        900_000,
        "Justert etter dialog",
    )
    # Beside the sample's own 2026 run.
    assert [r.key for r in list_runs(Database.open(sample_db))] == ["2027-1", "2026-1"]
    assert "Fordeling av tilskudd 2027 (12.11.2026)" in run.adopted_item


async def test_a_meeting_still_to_come_gets_the_proposal_not_the_adoption(
    sample_db: Path, settle: Settle
) -> None:
    """``v`` offers only items of meetings held; ``t`` puts the proposal before the item of
    the coming meeting (21.01.2027), whose summons then shows it (issue 15)."""
    app = SekretariatApp(sample_db, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await compute(pilot, settle)
        await pilot.press("l")
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        offered = " ".join(str(w.render()) for w in app.screen.query(Static))
        assert "Legg forslaget fram i saken med t" in offered
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("enter")  # the only open item: Valg av leder … (21.01.2027)
        await settle(pilot)
        assert "legges fram i" in " ".join(str(n.message) for n in notices(app))
    run = load_run(Database.open(sample_db), "2027-1")
    assert (run.status, run.adopted_item) == (
        "proposal",
        "Valg av leder for 2027–2028 og supplering av arbeidsgruppa (21.01.2027)",
    )


async def test_escape_leaves_the_budget_and_letters_are_refused_in_words(
    sample_db: Path, settle: Settle
) -> None:
    app = SekretariatApp(sample_db, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await compute(pilot, settle, budget="5 mill")
        assert any("«5 mill» er ikke et helt kronebeløp" in str(n.message) for n in notices(app))
        assert app.screen.query_one("#alloc-table", Table).row_count == 0
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen.focused, Table)
        await pilot.press("8")  # the number keys change area again
        await settle(pilot)
        assert type(app.screen).__name__ == "DecisionsScreen"


async def test_chart_toggles(sample_db: Path, settle: Settle) -> None:
    app = SekretariatApp(sample_db, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await compute(pilot, settle)
        await pilot.press("g")
        await pilot.pause()
        assert app.screen.has_class("-chart")
        assert "████" in text(app, "#alloc-chart-text")


def money_lines(app: SekretariatApp) -> list[str]:
    """The money dialog's table as the screen shows it, one space between cells (hard
    spaces in amounts as plain ones)."""
    shown = app.screen.query_one("#money-table", Static)
    console = Console(width=shown.content_region.width, record=True, file=io.StringIO())
    console.print(shown.content)
    lines = console.export_text().splitlines()
    return [" ".join(line.replace("\u00a0", " ").split()) for line in lines]


async def test_last_years_money_per_network(sample_db: Path, settle: Settle) -> None:
    """R40 from the allocation: allocating 2027, «p» shows 2026 (the sample's year with
    annual reports): requested, allocated, used and left per network, with their sums."""
    app = SekretariatApp(sample_db, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("7")
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, YearMoneyDialog) and app.screen.year == 2026
        lines = money_lines(app)
        assert len(lines) == 12  # the heading, ten networks and the sum, all in sight
        assert lines[-1] == "Sum 37 157 400 36 857 400 36 020 000 567 400"
        # Sør-Østerdal got 300 000 less than asked; the private schools have not reported.
        [sor] = [line for line in lines if line.startswith("Sør-Østerdal")]
        assert sor == "Sør-Østerdal 3 600 000 3 300 000 3 300 000 0"
        [private] = [line for line in lines if line.startswith("Privatskole")]
        assert private == "Privatskolenettver… 850 000 850 000 – –"
        # At 80x24 the whole table and the hint with −/+ are in sight, nothing scrolled.
        assert app.screen.query_one("#money-table", Static).region.height == 12
        hint = app.screen.query_one(".dialog-keys", Static)
        assert 0 < hint.region.y < hint.region.bottom <= 24
        # + steps to 2027: requested only, nothing allocated, used or left yet.
        await pilot.press("plus")
        await settle(pilot)
        assert isinstance(app.screen, YearMoneyDialog) and app.screen.year == 2027
        [valdres] = [line for line in money_lines(app) if line.startswith("Valdres")]
        assert valdres == "Valdres 900 000 – – –"
        await pilot.press("escape")
        await settle(pilot)
        assert type(app.screen).__name__ == "AllocationScreen"


def test_allocation_snapshot(snap_compare, sample_db: Path) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot) -> None:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("7")
        await pilot.app.workers.wait_for_complete()
        await pilot.press("b", *"40 000 000", "enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    app = SekretariatApp(sample_db, today=TODAY)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
