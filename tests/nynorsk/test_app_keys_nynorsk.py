"""The app's own keys, the palette and the dialogs' common texts in nynorsk (issue 19)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from language_words import foreign_words
from textual.widgets import Static

from screens.help import collect
from tui.app import SekretariatApp
from tui.commands import SekretariatCommands
from widgets.dialog import ChoiceDialog, ConfirmDialog, FormDialog, FormSpec
from widgets.meeting_balance import KIND_LOOK

TODAY = dt.date(2026, 11, 22)


def test_the_dialogs_hints_and_keys_are_nynorsk() -> None:
    assert FormDialog.HINT == "Ctrl+S lagrar · Tab neste felt · Esc avbryt"
    assert ChoiceDialog.HINT == "Piltastar vel · Enter stadfestar · Esc avbryt"
    assert ConfirmDialog.HINT == "j = ja · n = nei · Esc avbryt"
    assert [look[2] for look in KIND_LOOK.values()] == [
        "Orientering",
        "Drøfting",
        "Vedtak",
        "Læring",
    ]


async def test_a_form_and_an_empty_choice_speak_nynorsk(sample_db: Path, settle) -> None:  # type: ignore[no-untyped-def]
    app = SekretariatApp(sample_db, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(ChoiceDialog("Vel", []))
        await pilot.pause()
        said = [str(s.render()) for s in app.screen.query(Static)]
        assert "Det er ingenting å velje." in said and "Esc lukkar" in said
        await pilot.press("escape")
        app.push_screen(FormDialog(FormSpec("Skjema", [])))
        await pilot.pause()
        said = [str(s.render()) for s in app.screen.query(Static)]
        assert "Ctrl+S lagrar · Tab neste felt · Esc avbryt" in said


async def test_the_apps_keys_and_palette_are_nynorsk(sample_db: Path, settle) -> None:  # type: ignore[no-untyped-def]
    app = SekretariatApp(sample_db, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        # The app's section (its title is the help screen's): the one with F1 in it.
        everywhere = next(
            s for s in collect(app.screen) if any(e.keys == ["F1"] for e in s.entries)
        )
        # The areas' names are the screens' (their own catalogue); the rest is the app's.
        own = [e.text for e in everywhere.entries if not e.text.startswith("Gå til")]
        assert own == [
            "Lagre og avslutt",
            "Vis alle tastane",
            "Byt språk til bokmål (startar på nytt)",
            "Opne kommandopaletten",
        ]
        names = [c.name for c in SekretariatCommands(app.screen).commands()]
        assert names[-4:] == ["Vis hjelp", "Byt fargetema", "Avslutt", "Byt språk til bokmål"]
        for text in (*own, *names[-4:]):
            assert foreign_words(text, "nn") == set(), text
