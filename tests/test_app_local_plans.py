"""The networks' local competence plans (plan 4.1) from the inbox, by keys at 80x24."""

from __future__ import annotations

from pathlib import Path

from conftest import TODAY
from textual.widgets import Static

from screens.local_plans import LocalPlansDialog
from screens.store_form import StoreFormDialog
from sekretariat.domain.local_plans import PlanView, local_plans
from sekretariat.storage.database import Database
from tui.app import SekretariatApp
from widgets.dialog import ConfirmDialog
from widgets.table import Table


def _row(dialog: LocalPlansDialog, key: str) -> list[str]:
    return [str(c) for c in dialog.query_one(Table).get_row(key)]


def _plans(path: Path, code: str) -> tuple[PlanView, ...]:
    db = Database.open(path)
    try:
        return next(n.plans for n in local_plans(db) if n.code == code)
    finally:
        db.dispose()


async def test_record_change_and_remove_a_local_plan(  # type: ignore[no-untyped-def]
    sample_db: Path, settle
) -> None:
    app = SekretariatApp(sample_db, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, LocalPlansDialog)
        table = dialog.query_one(Table)
        assert table.row_count == 10  # the sample: nine networks with a plan, one without
        assert _row(dialog, "glamdal:2026")[:3] == ["Glåmdal", "2026–2029", "29.01.2026"]
        assert _row(dialog, "privatskoler:") == ["Privatskolenettverket", "–", "ikke mottatt", ""]

        # A new plan for the marked network; no end typed: four years (2027–2030).
        await pilot.press("end", "n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, StoreFormDialog)
        assert form.dialog_title == "Ny lokal plan: Privatskolenettverket"
        await pilot.press(*"2027", "tab", "tab", *"15.01.2027", "tab", *"https://x.no/p", "ctrl+s")
        await settle(pilot)
        assert app.screen is dialog
        assert _row(dialog, "privatskoler:2027") == [
            "Privatskolenettverket",
            "2027–2030",
            "15.01.2027",
            "https://x.no/p",
        ]
        assert table.cursor_key == "privatskoler:2027"

        # A change the core refuses keeps the form open, and nothing changes.
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert form.dialog_title == "Privatskolenettverket: plan 2027–2030"  # type: ignore[attr-defined]
        await pilot.press(*["backspace"] * 4, *"2026", "ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert str(form.query_one(".dialog-error", Static).render()) == (
            "Planen kan ikke slutte (2026) før den begynner (2027)."
        )
        assert _plans(sample_db, "privatskoler")[0].end_year == 2030
        await pilot.press("escape")
        await settle(pilot)

        # Removed after a yes.
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("j")
        await settle(pilot)
        assert app.screen is dialog
        assert _row(dialog, "privatskoler:") == ["Privatskolenettverket", "–", "ikke mottatt", ""]
        # Esc closes the list, back to the inbox.
        await pilot.press("escape")
        await settle(pilot)
        assert type(app.screen).__name__ == "InboxScreen"
    assert _plans(sample_db, "privatskoler") == ()
