"""Start-up benchmark: launch → the forum's data visible on the overview, at 80x24.

Runs, side by side in one run, a bare Textual app (header, footer and a 50-row
DataTable: the floor) and ``sekretariat --demo``, each in a pseudo-terminal, and times
until a marker text is on screen: for the app, a word that only the overview's data
shows ("besatt", from "Seter: 42 av 45 besatt"), not a title drawn before the data is
read. Prints medians and the ratio. A benchmark, not a test.

    .venv/bin/python bench/startup.py [--runs N] [--lang nb|nn]

``--lang nn`` starts the app in nynorsk (``SEKRETARIAT_SPRAK``): the catalogue is read
from the user's cache of compiled catalogues, filled by the unmeasured first run.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import pty
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

FLOOR_APP = """
from textual.app import App
from textual.widgets import DataTable, Footer, Header

class Floor(App):
    BINDINGS = [("q", "quit", "Avslutt")]
    def compose(self):
        yield Header()
        yield DataTable()
        yield Footer()
    def on_mount(self):
        table = self.query_one(DataTable)
        table.add_columns("Nr", "Navn", "Verdi")
        for i in range(50):
            table.add_row(str(i), "GULVMERKE" if i == 0 else f"Rad {i}", str(i * 7))

Floor().run()
"""


def _strip(data: bytes) -> str:
    return data.decode("utf-8", "replace")


def time_until(argv: list[str], marker: str, env: dict[str, str], timeout: float = 20.0) -> float:
    """Seconds from spawning ``argv`` in an 80x24 pty until ``marker`` is printed."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
        close_fds=True,
    )
    os.close(slave)
    seen = b""
    elapsed = float("nan")
    try:
        while time.perf_counter() - start < timeout:
            ready, _, _ = select.select([master], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
            # Textual writes escape sequences between styled runs; compare on the text.
            if marker in _strip(seen):
                elapsed = time.perf_counter() - start
                break
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        os.close(master)
    return elapsed


#: Text only the overview's data shows (the forum panel's seat count), per language.
APP_MARKERS = {"nb": "besatt", "nn": "fylte"}


def measure(runs: int, lang: str = "nb") -> tuple[list[float], list[float]]:
    """Seconds to the first frame with data: (floor runs, app runs), interleaved."""
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
    env["SEKRETARIAT_SPRAK"] = lang
    env.pop("NO_COLOR", None)
    marker = APP_MARKERS[lang]
    with tempfile.TemporaryDirectory() as tmp:
        env["XDG_DATA_HOME"] = tmp  # a demo database of its own, built once below
        floor_file = Path(tmp) / "floor.py"
        floor_file.write_text(FLOOR_APP)
        python = sys.executable
        app = [python, "-m", "tui", "--demo"]
        subprocess.run(
            [python, "-c", "from sekretariat.new_database import open_demo; open_demo()"],
            env=env,
            check=True,
        )
        # One unmeasured run of each, so both start with warm file caches and .pyc files.
        time_until([python, str(floor_file)], "GULVMERKE", env)
        time_until(app, marker, env)
        floor_t, app_t = [], []
        for _ in range(runs):  # interleaved, so both see the same machine load
            floor_t.append(time_until([python, str(floor_file)], "GULVMERKE", env))
            app_t.append(time_until(app, marker, env))
    return floor_t, app_t


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--lang", choices=sorted(APP_MARKERS), default="nb")
    args = parser.parse_args()
    floor_t, app_t = measure(args.runs, args.lang)
    f, a = statistics.median(floor_t), statistics.median(app_t)
    print(f"runs: {args.runs} each, 80x24, {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print(f"floor (bare Textual app, header+footer+50-row table): median {f * 1000:.0f} ms")
    print(
        f"sekretariat --demo, {args.lang} (overview with forum data):    median {a * 1000:.0f} ms"
    )
    print(f"ratio: {a / f:.2f}x the floor; difference {1000 * (a - f):.0f} ms")


if __name__ == "__main__":
    main()
