"""Common measures «inntil 10 %» and the 35/35 guidance on what is allocated, in the
allocation screen at 80x24 by keys."""

from __future__ import annotations

from pathlib import Path

from conftest import TODAY, notices
from textual.widgets import Static

from sekretariat.domain.allocation_runs import list_runs
from sekretariat.storage.database import Database
from tui.app import SekretariatApp
from widgets.table import Table

NBSP = "\u00a0"


def _text(app: SekretariatApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render()).replace(NBSP, " ")


async def test_common_measures_up_to_the_cap_and_the_sector_guidance(  # type: ignore[no-untyped-def]
    sample_db: Path, settle
) -> None:
    app = SekretariatApp(sample_db, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("7")
        await settle(pilot)
        # 10 % of 10 000 000 is the cap: 1 000 001 is refused, nothing is computed.
        await pilot.press("b", *"10 000 000", "tab", *"1 000 001", "enter")
        await settle(pilot)
        assert [n.message for n in notices(app)][-1] == (
            "Fellestiltakene kan være inntil 10 % av budsjettet (1 000 000 kr), ikke 1 000 001 kr."
        ).replace(" kr", f"{NBSP}kr").replace("1 000 00", f"1{NBSP}000{NBSP}00")
        assert app.screen.query_one("#alloc-table", Table).row_count == 0

        await pilot.press("f", *["backspace"] * len("1 000 001"), *"600 000", "enter")
        await settle(pilot)
        # The rest of the budget goes to the key: 10 000 000 − 600 000 = 9 400 000, all of
        # it allocated (every network gets less than it asked for).
        assert _text(app, "#alloc-totals") == (
            "Felles 600 000 + fordelt 9 400 000 + ufordelt 0 = 10 000 000 kr ✓"
        )
        table = app.screen.query_one("#alloc-table", Table)
        allocated = str(table.get_row("lillehammer")[1]).replace(NBSP, " ")
        assert allocated == "1 149 912"
        # Lillehammerregionen asks 430 000 for kindergarten and 970 000 for school: of
        # 1 149 912 allocated, kindergarten gets 1 149 912 × 430/1 400 = 353 187,2 → 353 187,
        # 30,7 %, under the plan's 35 %; school's 69,3 % is above it, as is the whole.
        assert _text(app, "#alloc-warnings") == (
            "Merk: Lillehammerregionen: barnehage får 353 187 kr (30,7 %) av det som er "
            "tildelt; veiledende minimum er 35 %."
        )

        await pilot.press("l")  # saved as computed, with the common measures typed
        await settle(pilot)
        # The saved proposal is judged the same way (on what it allocates).
        assert _text(app, "#alloc-status").startswith("Kjøring 2027-1 (forslag)")
        assert _text(app, "#alloc-warnings") == (
            "Merk: Lillehammerregionen: barnehage får 353 187 kr (30,7 %) av det som er "
            "tildelt; veiledende minimum er 35 %."
        )
    [run] = list_runs(Database.open(sample_db), 2027)
    assert (run.budget, run.common, run.allocated, run.unallocated) == (
        10_000_000,
        600_000,
        9_400_000,
        0,
    )
