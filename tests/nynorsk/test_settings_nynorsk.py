"""The settings, the forum's set-up and the welcome dialog in nynorsk at 80x24 (issue 19):
the forms' labels and notes, the set-up's sections and lines, and the first-run choices."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from language_words import foreign_words
from textual.widgets import Input, Label, Static

from tui.app import SekretariatApp

from .test_walk_nynorsk import SIZE, TODAY, screen_text


async def test_the_forums_form_and_a_refusal_in_nynorsk(sample_db: Path, settle) -> None:  # type: ignore[no-untyped-def]
    app = SekretariatApp(sample_db, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("9")
        await settle(pilot)
        labels = [str(label.render()) for label in app.screen.query(Label)]
        assert labels[:4] == [
            "Namnet på forumet",
            "Fylke",
            "Sekretariat",
            "Dokumentspråk (nb = bokmål, nn = nynorsk)",
        ]
        note = app.screen.query_one("#note-language", Static)
        assert str(note.render()) == "innkallingar, protokollar og brev til kommunar utan eige val"
        field = app.screen.query_one("#field-meeting_start", Input)
        field.focus()
        field.value = "15.00"  # after the meeting's end (15.00): refused
        await pilot.press("f2")
        await settle(pilot)
        status = str(app.screen.query_one("#settings-status", Static).render())
        assert status.startswith("Møteslutt: ") and status.endswith(". Ingenting vart lagra.")


async def test_the_forums_set_up_in_nynorsk(sample_db: Path, settle) -> None:  # type: ignore[no-untyped-def]
    app = SekretariatApp(sample_db, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("9", "f5")
        await settle(pilot)
        text = screen_text(app)
        assert "Oppsett av forumet10 nettverk · 13 setekategoriar" in text
        assert "Setekategoriar" in text and "9 plassar · éin per nettverk · røysterett" in text
        assert foreign_words(text, "nn") == set(), text


async def test_the_welcome_dialog_in_nynorsk(tmp_path: Path, settle) -> None:  # type: ignore[no-untyped-def]
    app = SekretariatApp(tmp_path / "t.db", today=dt.date(2026, 11, 22), first_run=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "Databasen t.db finst ikkje enno. Korleis vil du byrje?" in text
        assert "n  Start med eit tomt forum" in text
        await pilot.press("n")
        await settle(pilot)
        text = screen_text(app)
        assert "Kva heiter forumet?" in text
        assert "Enter opprettar databasen, Esc går tilbake." in text
        assert foreign_words(text, "nn") == set(), text
