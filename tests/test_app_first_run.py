"""First run: the welcome dialog creates the database, or explains why it cannot."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, Static

from screens.welcome import WelcomeScreen
from tui.app import SekretariatApp

TODAY = dt.date(2026, 11, 22)
MINI = Path(__file__).parent / "data" / "mini.toml"
Settle = Callable[[Pilot], Awaitable[None]]


def error_text(app: SekretariatApp) -> str:
    return str(app.screen.query_one(".dialog-error", Static).render())


async def type_path(pilot: Pilot, path: Path) -> None:
    """Fill the file field and press Enter (typing a long path key by key is slow)."""
    field = pilot.app.screen.query_one("#file-input", Input)
    field.value = str(path)
    await pilot.press("enter")


def first_run(tmp_path: Path) -> SekretariatApp:
    return SekretariatApp(tmp_path / "t.db", today=TODAY, first_run=True)


async def test_welcome_is_shown_before_anything_else(tmp_path: Path, settle: Settle) -> None:
    app = first_run(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, WelcomeScreen)
        assert app.screen.query_one(".dialog-frame").border_title == "Velkommen til Sekretariat"
        await pilot.press("4")  # no area can be reached before there is a database
        assert isinstance(app.screen, WelcomeScreen)
    assert not (tmp_path / "t.db").exists()


async def test_start_empty_asks_the_name_and_shows_it(tmp_path: Path, settle: Settle) -> None:
    app = first_run(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", *"Forum Nord", "enter")
        await settle(pilot)
        assert app.current_mode == "overview"
        assert app.title == "Forum Nord"
        assert "Fiktive demodata" not in str(app.screen.query_one("#heading-info", Static).render())
    assert (tmp_path / "t.db").is_file()


async def test_empty_name_is_refused_and_nothing_created(tmp_path: Path, settle: Settle) -> None:
    app = first_run(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", "space", "enter")
        await settle(pilot)
        assert isinstance(app.screen, WelcomeScreen)
        assert error_text(app) == "Skriv inn navnet på forumet før du trykker Enter."
        await pilot.press("escape")  # back to the three choices, the error gone
        assert app.screen.query_one("ContentSwitcher").current == "welcome-choices"  # type: ignore[attr-defined]
        assert error_text(app) == ""
    assert list(tmp_path.iterdir()) == []


async def test_load_the_sample(tmp_path: Path, settle: Settle) -> None:
    app = first_run(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e")
        await settle(pilot)
        assert app.title == "Samarbeidsforum Innlandet"
        assert "Fiktive demodata" in str(app.screen.query_one("#heading-info", Static).render())


async def test_import_retries_after_a_bad_path(tmp_path: Path, settle: Settle) -> None:
    app = first_run(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("i")
        await type_path(pilot, tmp_path / "finnes-ikke.toml")
        await settle(pilot)
        assert error_text(app).startswith("Finner ingen fil")
        assert not (tmp_path / "t.db").exists()
        await type_path(pilot, MINI)
        await settle(pilot)
        assert app.title == "Samarbeidsforum Test"


async def test_a_refused_file_shows_the_cores_sentence(tmp_path: Path, settle: Settle) -> None:
    broken = tmp_path / "feil.toml"
    broken.write_text('schema = 1\n[forum]\nname = "Uten slutt\n', encoding="utf-8")
    app = first_run(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("i")
        await type_path(pilot, broken)
        await settle(pilot)
        assert isinstance(app.screen, WelcomeScreen)
        message = error_text(app)
        assert "feil.toml" in message
        assert "Traceback" not in message
        assert not app.screen.busy
    assert not (tmp_path / "t.db").exists()
