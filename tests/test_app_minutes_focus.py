"""Minute-taking keeps the user's place: after a dialog, when choosing another meeting, and
while reading along behind the writer (issue 15, «Protokollen er trygg»)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from conftest import TODAY
from test_app_minutes import _item, _two_items
from test_app_minutes_conflict import _allocation_meeting

from screens.minutes import prompt_line
from sekretariat.domain import minutes as m
from sekretariat.domain.agenda import attach_prompt
from sekretariat.storage.database import Database
from tui.app import SekretariatApp


async def test_entering_the_decision_puts_the_cursor_after_the_proposal(  # type: ignore[no-untyped-def]
    sample_db: Path, settle
) -> None:
    _mid, (first, _second) = _two_items(sample_db)
    app = SekretariatApp(sample_db, today=TODAY, start="minutes")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press("tab")
        assert screen.decision.has_focus
        assert screen.decision.cursor_location == (0, 17)  # after «Forslaget vedtas.»
        await pilot.press(*" Enstemmig.")
        assert screen.decision.text == "Forslaget vedtas. Enstemmig."


async def test_typing_after_an_outcome_goes_on_in_the_decision(  # type: ignore[no-untyped-def]
    sample_db: Path, settle, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl+O from the decision field, Enter for «Vedtatt», and the next words land after
    the decision, not in the notes."""
    monkeypatch.setattr("screens.minutes.SAVE_AFTER", 0.01)
    _mid, (first, _second) = _two_items(sample_db)
    app = SekretariatApp(sample_db, today=TODAY, start="minutes")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press("tab", "ctrl+o")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert screen.decision.has_focus
        await pilot.press(*" Mot én stemme.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.notes.text == ""
        assert _item(sample_db, first) == ("", "Forslaget vedtas. Mot én stemme.", "adopted")


async def test_typing_after_an_action_goes_on_where_it_was(  # type: ignore[no-untyped-def]
    sample_db: Path, settle
) -> None:
    """Ctrl+T from the decision field and from the notes: back where the cursor was."""
    _two_items(sample_db)
    app = SekretariatApp(sample_db, today=TODAY, start="minutes")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press("tab", "ctrl+t")
        await settle(pilot)
        await pilot.press(*"Sende ut", "ctrl+s")
        await settle(pilot)
        assert screen.decision.has_focus
        await pilot.press("!")
        assert screen.decision.text == "Forslaget vedtas.!"
        await pilot.press("shift+tab", "ctrl+t")
        await settle(pilot)
        await pilot.press(*"Ringe", "ctrl+s")
        await settle(pilot)
        assert screen.notes.has_focus
        await pilot.press("A")
        assert screen.notes.text == "A"
        assert [a.what for a in screen.current.actions] == ["Sende ut", "Ringe"]


def _choices(app: SekretariatApp) -> list[str]:
    from textual.widgets import OptionList

    options = app.screen.query_one("#choice-list", OptionList)
    return [str(options.get_option_at_index(n).prompt) for n in range(options.option_count)]


async def test_f2_opens_the_minutes_of_another_meeting_of_the_year(  # type: ignore[no-untyped-def]
    sample_db: Path, settle
) -> None:
    """The sample's five meetings of 2026, today's and five of 2027: F2 lists them, the one
    open is chosen, and Up Enter takes the minutes of 12.11.2026, letting go of today's."""
    mid, _ids = _two_items(sample_db)
    app = SekretariatApp(sample_db, today=TODAY, start="minutes")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press("f2")
        await settle(pilot)
        assert _choices(app) == [
            "15.01.2026 · Protokoll godkjent · 7 saker",
            "05.03.2026 · Protokoll godkjent · 6 saker",
            "18.06.2026 · Protokoll godkjent · 6 saker",
            "17.09.2026 · Protokoll godkjent · 6 saker",
            "12.11.2026 · Avholdt · 6 saker",
            "22.11.2026 · Planlagt · 2 saker",
            "21.01.2027 · Planlagt · 6 saker",
            "11.03.2027 · Planlagt · 0 saker",
            "24.06.2027 · Planlagt · 0 saker",
            "23.09.2027 · Planlagt · 0 saker",
            "18.11.2027 · Planlagt · 0 saker",
        ]
        await pilot.press("up", "enter")
        await settle(pilot)
        assert screen.view.meeting_id == 5
        assert str(screen.query_one("#heading-info").render()) == "Møte 12.11.2026 · Avholdt"
        assert "Du skriver protokollen" in str(screen.query_one("#minutes-banner").render())
        db = Database.open(sample_db)
        try:
            assert not m.lock_status(db, mid).active
            assert m.lock_status(db, 5).active
        finally:
            db.dispose()


async def test_the_learning_prompt_stands_under_the_item_heading(  # type: ignore[no-untyped-def]
    sample_db: Path, settle
) -> None:
    """The learning item carries the sample's prompt 1; its title and question stand under
    the heading while it is minuted, and nothing stands there for the item without one."""
    _mid, (_first, second) = _two_items(sample_db)
    db = Database.open(sample_db)
    try:
        attach_prompt(db, second, 1)
    finally:
        db.dispose()
    app = SekretariatApp(sample_db, today=TODAY, start="minutes")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        prompt = screen.query_one("#minutes-prompt")
        assert not prompt.display
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert prompt.display
        assert str(prompt.render()) == (
            "Spørsmål «Hva skal vi lære i dag?»: Hva vil du kunne gjøre bedre etter "
            "dette møtet enn før det? Skriv det som én setning."
        )
        assert prompt.size.height == 3  # 120 characters over 53 columns: all of it shown
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert not prompt.display


async def test_the_reader_follows_the_writer_from_item_to_item(  # type: ignore[no-untyped-def]
    sample_db: Path, settle
) -> None:
    """Kari writes on her laptop; this app reads along. When Kari moves on, so does the
    reader; the reader may look back at another item until Kari moves again."""
    mid, (first, second) = _two_items(sample_db)
    kari = ("kari", "kari-laptop", 4242)
    db = Database.open(sample_db)
    m.acquire_lock(db, mid, who=kari)
    m.heartbeat(db, mid, item_id=first, who=kari)

    def title() -> str:
        return str(app.screen.query_one("#minutes-title").render())

    async def read_along() -> None:
        app.screen._read_along()  # what the screen does every few seconds
        await settle(pilot)

    app = SekretariatApp(sample_db, today=TODAY, start="minutes")
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert not app.screen.writing
            assert title() == "Tildeling 2027"
            m.heartbeat(db, mid, item_id=second, who=kari)
            await read_along()
            assert title() == "Læringsøkt"
            await pilot.press("ctrl+b")  # the reader looks back
            await settle(pilot)
            await read_along()
            assert title() == "Tildeling 2027"  # Kari has not moved: it stays
            await pilot.press("ctrl+n")
            await settle(pilot)
            m.heartbeat(db, mid, item_id=first, who=kari)
            await read_along()
            assert title() == "Tildeling 2027"
    finally:
        db.dispose()


async def test_typing_after_the_conflict_form_goes_on_in_the_decision(  # type: ignore[no-untyped-def]
    sample_db: Path, settle
) -> None:
    """Ctrl+R from the decision field: two dialogs (whom, then the form) and a save; the
    next key lands after the decision «Ja.»."""
    item = _allocation_meeting(sample_db)
    app = SekretariatApp(sample_db, today=TODAY, start="minutes")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press("tab", "ctrl+r")
        await settle(pilot)
        await pilot.press("enter")  # Anne Grethe Lunde, first of those the allocation affects
        await settle(pilot)
        await pilot.press(*"Egen kommune", "tab", *"Forumet", "ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert len(screen.current.conflicts) == 1
        assert screen.decision.has_focus
        await pilot.press(*" Enstemmig.")
        assert screen.decision.text == "Ja. Enstemmig."
        assert screen.notes.text == ""
        assert screen.current.id == item


async def test_f2_from_next_years_meeting_goes_back_to_this_years(  # type: ignore[no-untyped-def]
    sample_db: Path, settle
) -> None:
    """No meeting today (22.11.2026): the next, 21.01.2027, opens. F2 offers 2025 to 2028
    (the sample has 2026 and 2027), with 21.01.2027 chosen; Up Enter goes back to the held
    meeting of 12.11.2026, where all items have an outcome: the first is shown."""
    app = SekretariatApp(sample_db, today=TODAY, start="minutes")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert str(screen.query_one("#heading-info").render()) == "Møte 21.01.2027 · Planlagt"
        await pilot.press("f2")
        await settle(pilot)
        assert _choices(app) == [
            "15.01.2026 · Protokoll godkjent · 7 saker",
            "05.03.2026 · Protokoll godkjent · 6 saker",
            "18.06.2026 · Protokoll godkjent · 6 saker",
            "17.09.2026 · Protokoll godkjent · 6 saker",
            "12.11.2026 · Avholdt · 6 saker",
            "21.01.2027 · Planlagt · 6 saker",
            "11.03.2027 · Planlagt · 0 saker",
            "24.06.2027 · Planlagt · 0 saker",
            "23.09.2027 · Planlagt · 0 saker",
            "18.11.2027 · Planlagt · 0 saker",
        ]
        await pilot.press("up", "enter")
        await settle(pilot)
        assert str(screen.query_one("#heading-info").render()) == "Møte 12.11.2026 · Avholdt"
        assert str(screen.query_one("#minutes-title").render()) == (
            "Sak 26/26 Godkjenning av innkalling og saksliste"
        )


def test_the_prompt_line_names_the_prompt_only_where_the_title_does_not() -> None:
    item = m.MinuteItem(
        1, None, "Læringsøkt: UH i lytteposisjon", "learning", 40, "", "", "", "", "", ""
    )
    assert prompt_line(item) == ""
    named = replace(item, prompt_title="UH i lytteposisjon", prompt_question="Hva trenger dere?")
    assert prompt_line(named) == "Spørsmål: Hva trenger dere?"
    other = replace(named, prompt_title="Fra data til behov")
    assert prompt_line(other) == "Spørsmål «Fra data til behov»: Hva trenger dere?"
    assert prompt_line(replace(other, prompt_question="")) == "Spørsmål: «Fra data til behov»"
