"""A real app process whose terminal disappears: with a signal, and without one."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _spawn(db: Path, *, session: bool) -> tuple[subprocess.Popen[bytes], int]:
    master, slave = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "tui", "--db", str(db)],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=session,
        close_fds=True,
    )
    os.close(slave)
    return proc, master


def _wait_for(master: int, text: str, timeout: float = 20) -> None:
    seen = b""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        ready, _, _ = select.select([master], [], [], 0.1)
        if ready:
            try:
                seen += os.read(master, 65536)
            except OSError:
                break
            if text.encode() in seen:
                return
    raise AssertionError(f"{text!r} never appeared")


@pytest.mark.parametrize("session", [False, True], ids=["no-signal", "sighup"])
def test_process_exits_when_the_terminal_goes(sample_db: Path, session: bool) -> None:
    proc, master = _spawn(sample_db, session=session)
    try:
        _wait_for(master, "Neste")
        if session:
            os.kill(proc.pid, signal.SIGHUP)
        os.close(master)  # the terminal is gone; without a session no SIGHUP is sent
        started = time.monotonic()
        proc.wait(timeout=10)
        took = time.monotonic() - started
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0
    assert took < 5
