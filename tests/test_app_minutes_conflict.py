"""Conflicts of interest in minute-taking, by keys at 80x24: the ground (forvaltningsloven
§ 6), who decided (§ 8), the decision and who took the seat; the prompt under an
allocation item for those whose own network or UH partner it affects."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from conftest import TODAY

from screens.minutes_dialogs import ConflictDialog
from sekretariat.domain import allocation_runs as runs
from sekretariat.domain import minutes as m
from sekretariat.domain.agenda import add_item, remove_item
from sekretariat.domain.meetings import add_meeting, set_attendance
from sekretariat.storage.database import Database
from tui.app import SekretariatApp
from widgets.dialog import ChoiceDialog


def _allocation_meeting(path: Path) -> int:
    """Today's meeting with one item, the 2027 allocation put before it; present are
    Anne Grethe Lunde (Lunner kommune, network Gjøvikregionen), Biret Máhtte Gaup
    (Universitetet i Innlandet, the UH partner in the sample's needs reports) and Arild
    Fossum (Utdanningsforbundet, no network)."""
    db = Database.open(path)
    try:
        mid = add_meeting(db, TODAY)
        for standing in m.load_minutes(db, mid).items:
            remove_item(db, standing.id)
        item = add_item(
            db,
            mid,
            {"title": "Tildeling 2027", "kind": "decision", "minutes": 20, "proposal": "Ja."},
        )
        result, scheme, _ = runs.run_for_year(db, 2027, 10_000_000)
        runs.link(db, runs.save_run(db, 2027, result, scheme), item)
        for key in ("anne-grethe-lunde", "biret-mahtte-gaup", "arild-fossum"):
            set_attendance(db, mid, key, "present")
        return item
    finally:
        db.dispose()


def _conflicts(path: Path, item: int) -> list[tuple[object, ...]]:
    con = sqlite3.connect(path)
    try:
        return con.execute(
            "SELECT p.key, c.ground, c.decided_by, c.disqualified, s.key, c.note "
            "FROM conflict c JOIN person p ON p.id = c.person_id "
            "LEFT JOIN person s ON s.id = c.substitute_id WHERE c.item_id = ? ORDER BY c.id",
            (item,),
        ).fetchall()
    finally:
        con.close()


async def test_conflicts_of_interest_by_keys(  # type: ignore[no-untyped-def]
    sample_db: Path, settle, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("screens.minutes.SAVE_AFTER", 0.01)
    item = _allocation_meeting(sample_db)
    app = SekretariatApp(sample_db, today=TODAY, start="minutes")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        extra = screen.query_one("#minutes-extra")
        assert str(extra.render()) == (
            "Habilitet ikke vurdert for 2 personer med eget nettverk eller UH-partner i "
            "tildelingen (Ctrl+R)."
        )

        await pilot.press("ctrl+r")
        await settle(pilot)
        choice = app.screen
        assert isinstance(choice, ChoiceDialog)
        assert choice.choices[:2] == [
            ("Anne Grethe Lunde – eget nettverk: Gjøvikregionen", "anne-grethe-lunde"),
            ("Biret Máhtte Gaup – UH-partner: Universitetet i Innlandet", "biret-mahtte-gaup"),
        ]
        await pilot.press("enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ConflictDialog)
        assert form.dialog_title == "Habilitet: Anne Grethe Lunde"

        # Without a ground the core refuses; the dialog stays open and nothing is stored.
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert str(form.query_one(".dialog-error").render()) == (
            "Skriv grunnlaget for habilitetsspørsmålet (forvaltningsloven § 6)."
        )
        assert _conflicts(sample_db, item) == []

        await pilot.press(*"Egen kommune i nettverket", "tab", *"Forumet", "tab", "tab")
        await pilot.press("enter", "down", "enter")  # the seat's substitute, after «Ingen»
        await pilot.press("tab", *"Forlot rommet.", "ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert _conflicts(sample_db, item) == [
            (
                "anne-grethe-lunde",
                "Egen kommune i nettverket",
                "Forumet",
                1,
                "tore-bakkerud",
                "Forlot rommet.",
            )
        ]
        assert str(extra.render()).split("\n") == [
            "Habilitet ikke vurdert for Biret Máhtte Gaup med eget nettverk eller UH-partner "
            "i tildelingen (Ctrl+R).",
            "Anne Grethe Lunde ble erklært inhabil og fratrådte under behandlingen av saken. "
            "Grunnlag: Egen kommune i nettverket. Avgjort av: Forumet. Tore Bakkerud tok "
            "plassen. Forlot rommet.",
        ]

        # The next: habil. The substitute row goes away, and no substitute is stored.
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert app.screen.choices[0] == (  # type: ignore[attr-defined]
            "Biret Máhtte Gaup – UH-partner: Universitetet i Innlandet",
            "biret-mahtte-gaup",
        )
        await pilot.press("enter")
        await settle(pilot)
        form = app.screen
        await pilot.press(*"Ansatt hos UH-partneren", "tab", *"Forumet", "tab")
        await pilot.press("enter", "down", "enter")
        await pilot.pause()
        assert form.query_one("#field-substitute").parent.display is False
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert _conflicts(sample_db, item)[1] == (
            "biret-mahtte-gaup",
            "Ansatt hos UH-partneren",
            "Forumet",
            0,
            None,
            "",
        )
        lines = str(extra.render()).split("\n")
        assert lines[0].startswith("Anne Grethe Lunde ble erklært inhabil")
        assert lines[1] == (
            "Biret Máhtte Gaup ble vurdert som habil og deltok i behandlingen av saken. "
            "Grunnlag: Ansatt hos UH-partneren. Avgjort av: Forumet."
        )


class _Clock:
    """The minutes screen's clock, moved by hand (only that module reads it)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now


async def test_the_item_clock_goes_on_after_an_edit(  # type: ignore[no-untyped-def]
    sample_db: Path, settle, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Recording something under the item (here the outcome) reads the minutes again; the
    item's clock goes on from where it was, it does not start again at 0:00."""
    clock = _Clock()
    monkeypatch.setattr("screens.minutes.time", clock)
    _allocation_meeting(sample_db)
    app = SekretariatApp(sample_db, today=TODAY, start="minutes")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        meta = app.screen.query_one("#minutes-meta")
        clock.now += 5 * 60 + 7
        await pilot.press("ctrl+o", "enter")  # Vedtatt
        await settle(pilot)
        assert str(meta.render()) == "Vedtakssak · Utfall: Vedtatt · 5:07 / 20 min"
