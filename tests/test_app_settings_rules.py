"""The forum's own rules in the settings at 80x24, typed by keys: the grant per year, the
annual cycle's dates, and per scheme the networks, budgets and an agreed network share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

from sekretariat.domain.forum_settings import forum_form, scheme_form
from sekretariat.storage.database import Database
from tui.app import SekretariatApp

TODAY = dt.date(2026, 11, 22)
Settle = Callable[[Pilot], Awaitable[None]]


@pytest.fixture(autouse=True)
def no_autosave_delay(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("screens.settings.AUTOSAVE_DELAY", 0.01)


async def _type(pilot: Pilot, field: str, text: str, settle: Settle) -> None:
    """Empty the field and type ``text`` into it, key by key."""
    widget = pilot.app.screen.query_one(f"#field-{field}", Input)
    widget.focus()
    await pilot.press("end", *["backspace"] * len(widget.value), *text)
    await settle(pilot)


async def test_forum_grants_and_cycle_dates_by_keys(sample_db: Path, settle: Settle) -> None:
    app = SekretariatApp(sample_db, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("9")
        await settle(pilot)
        await _type(pilot, "grants", "2027 = 12 000 000; 2026=11500000", settle)
        await _type(pilot, "reports_due", "1.3", settle)
        await _type(pilot, "conference_month", "10", settle)
        await _type(pilot, "leader_first_term_years", "2", settle)
        app.screen.query_one("#field-uh_feedback_week", Input).focus()
        await pilot.press("end", "0")  # 46 → 460: no such week, nothing saved
        await settle(pilot)
        note = str(app.screen.query_one("#note-uh_feedback_week", Static).render())
        assert note == "uke 460 finnes ikke (1–53)"
    form = forum_form(Database.open(sample_db))
    # Thousands as the house writes them, with no-break spaces.
    assert form["grants"] == "2026 = 11\u00a0500\u00a0000; 2027 = 12\u00a0000\u00a0000"
    assert form["reports_due"] == "01.03"
    assert form["conference_month"] == "10"
    # The last valid form was saved; the week typed after it was not.
    assert form["leader_first_term_years"] == "2"
    assert form["uh_feedback_week"] == "46"


async def test_scheme_networks_budgets_and_an_agreed_share_by_keys(
    sample_db: Path, settle: Settle
) -> None:
    app = SekretariatApp(sample_db, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("9")
        await settle(pilot)
        app.screen.query_one("#settings-pick", OptionList).focus()
        await pilot.press("down")
        await settle(pilot)
        await _type(pilot, "regions", "hamar, gjovik, ukjent", settle)
        assert str(app.screen.query_one("#note-regions", Static).render()) == (
            "ukjent nettverk ukjent"
        )
        await _type(pilot, "regions", "hamar, gjovik", settle)
        await _type(pilot, "budgets", "2027 = 10 000 000", settle)
        # An agreed share needs the scheme's fixed split (Nordland: «med mindre det
        # avtales økt andel til UH»).
        await _type(pilot, "network_agreed", "hamar = 60", settle)
        assert str(app.screen.query_one("#settings-status", Static).render()) == (
            "En avtalt nettverksandel forutsetter at ordningen har en fast nettverksandel. "
            "Ingenting ble lagret."
        )
        await _type(pilot, "network_fixed_bp", "70", settle)
    form = scheme_form(Database.open(sample_db), "kollektiv")
    assert (form["regions"], form["budgets"]) == ("hamar, gjovik", "2027 = 10\u00a0000\u00a0000")
    assert (form["network_fixed_bp"], form["network_agreed"]) == ("70", "hamar = 60")
