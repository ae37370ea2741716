"""Pending edits are saved on quit, on SIGTERM and when the terminal hangs up."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tui.app import SekretariatApp

TODAY = dt.date(2026, 11, 22)
ROOT = Path(__file__).resolve().parent.parent
Settle = Callable[[Pilot], Awaitable[None]]


async def test_ctrl_q_runs_the_flush_callbacks_once(sample_db: Path, settle: Settle) -> None:
    calls: list[str] = []
    app = SekretariatApp(sample_db, today=TODAY)
    app.flush_callbacks.append(lambda: calls.append("saved"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert calls == ["saved"]


async def test_a_failing_callback_does_not_stop_the_others(sample_db: Path, settle: Settle) -> None:
    calls: list[str] = []

    def broken() -> None:
        raise OSError("disk full")

    app = SekretariatApp(sample_db, today=TODAY)
    app.flush_callbacks += [broken, lambda: calls.append("second")]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
    assert calls == ["second"]


async def test_sigterm_saves_and_exits(sample_db: Path, settle: Settle) -> None:
    calls: list[str] = []
    before = signal.getsignal(signal.SIGTERM)
    app = SekretariatApp(sample_db, today=TODAY)
    app.flush_callbacks.append(lambda: calls.append("saved"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        os.kill(os.getpid(), signal.SIGTERM)
        for _ in range(50):
            await pilot.pause(0.02)
            if not app.is_running:
                break
        assert not app.is_running
    assert calls == ["saved"]
    assert signal.getsignal(signal.SIGTERM) is before


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="no SIGHUP on this platform")
def test_sighup_saves_and_leaves_at_once(sample_db: Path, tmp_path: Path) -> None:
    """In a child process: the handler ends the process, which must not be pytest."""
    ready, saved = tmp_path / "ready", tmp_path / "saved"
    script = textwrap.dedent(
        f"""
        import datetime as dt
        from pathlib import Path
        from tui.app import SekretariatApp

        class App(SekretariatApp):
            def on_ready(self) -> None:
                Path({str(ready)!r}).write_text("ja")

        app = App(Path({str(sample_db)!r}), today=dt.date(2026, 11, 22))
        app.flush_callbacks.append(lambda: Path({str(saved)!r}).write_text("lagret"))
        app.run(headless=True, size=(80, 24))
        print("normal exit")  # not reached: SIGHUP leaves without unwinding
        """
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-c", script], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 20
        while not ready.exists() and time.monotonic() < deadline and child.poll() is None:
            time.sleep(0.05)
        assert ready.exists(), (
            child.stderr.read().decode() if child.poll() is not None else "timeout"
        )
        child.send_signal(signal.SIGHUP)
        out, _err = child.communicate(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == 0
    assert saved.read_text() == "lagret"
    assert b"normal exit" not in out


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="no SIGHUP on this platform")
def test_sighup_with_a_half_filled_form_keeps_what_was_typed(
    sample_db: Path, tmp_path: Path
) -> None:
    """A dropped SSH session with a form open: the form is saved as on SIGTERM (it was
    lost before: the letter template typed in `m` was gone after a hang-up)."""
    ready, saved, flushed = tmp_path / "ready", tmp_path / "saved", tmp_path / "flushed"
    script = textwrap.dedent(
        f"""
        import datetime as dt
        from pathlib import Path
        from tui.app import SekretariatApp
        from widgets.dialog import FormDialog, FormField, FormSpec

        class App(SekretariatApp):
            def on_ready(self) -> None:
                dialog = FormDialog(FormSpec("Ny sak", [FormField("title", "Tittel")]))

                def answered(values):
                    if values:
                        Path({str(saved)!r}).write_text(values["title"], encoding="utf-8")

                def typed() -> None:
                    if self.screen is not dialog:  # not yet up: try again
                        self.set_timer(0.1, typed)
                        return
                    dialog.query_one("#field-title").value = "Skrevet før SIGHUP"
                    Path({str(ready)!r}).write_text("ja")

                def open_form() -> None:
                    self.push_screen(dialog, answered)
                    self.set_timer(0.1, typed)

                # The first area replaces the start screen: open the form over it.
                self.set_timer(0.5, open_form)

        app = App(Path({str(sample_db)!r}), today=dt.date(2026, 11, 22))
        app.flush_callbacks.append(lambda: Path({str(flushed)!r}).write_text("lagret"))
        app.run(headless=True, size=(80, 24))
        print("normal exit")  # not reached: SIGHUP leaves without unwinding
        """
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-c", script], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 20
        while not ready.exists() and time.monotonic() < deadline and child.poll() is None:
            time.sleep(0.05)
        assert ready.exists(), (
            child.stderr.read().decode() if child.poll() is not None else "timeout"
        )
        child.send_signal(signal.SIGHUP)
        out, _err = child.communicate(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == 0, _err.decode()[-2000:]
    assert flushed.exists(), _err.decode()[-2000:]
    assert saved.read_text(encoding="utf-8") == "Skrevet før SIGHUP"
    assert flushed.read_text() == "lagret"
    assert b"normal exit" not in out
