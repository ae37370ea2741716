"""Save SVG screenshots of Sekretariat's main screens, drawn by the app itself.

    python tools/screenshots.py docs/screenshots [--today 2026-11-22]
    SEKRETARIAT_SPRAK=nn python tools/screenshots.py docs/screenshots   # nynorsk, *-nn-*.svg

Each screen is taken at 80x24 (the smallest terminal we support) and 120x36, on a
throw-away copy of the packaged sample forum. The date defaults to the one the sample
is written around, so the pictures only change when the screens do.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import os  # noqa: E402

from textual.pilot import Pilot  # noqa: E402
from textual.worker import WorkerFailed, WorkerState  # noqa: E402

from sekretariat.i18n import app_language, set_app_language  # noqa: E402

# The app's language is chosen before its screens are imported (as ``tui.main`` does).
set_app_language(os.environ.get("SEKRETARIAT_SPRAK") or "nb")

from tui.app import SekretariatApp  # noqa: E402

SIZES = ((80, 24), (120, 36))
SAMPLE_TODAY = dt.date(2026, 11, 22)


async def settle(pilot: Pilot) -> None:
    """Wait until three rounds in a row found no worker running (see tests/conftest.py)."""
    idle = 0
    for _ in range(100):
        busy = any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in pilot.app.workers)
        with contextlib.suppress(WorkerFailed):  # the app shows the failure itself
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        idle = 0 if busy else idle + 1
        if idle >= 3:
            break


async def press(pilot: Pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await settle(pilot)


#: name → (start area, keys to press before the picture, first run?)
SHOTS: dict[str, tuple[str, tuple[str, ...], bool]] = {
    "oversikt": ("overview", (), False),
    "hjelp": ("overview", ("f1",), False),
    "representanter": ("representatives", (), False),
    "moter": ("meetings", (), False),
    "saksliste": ("meetings", ("down", "enter"), False),
    "innboks": ("inbox", (), False),
    "tildeling": ("allocation", ("b", *"40 000 000", "enter"), False),
    "protokollforing": ("minutes", (), False),
    "vedtak": ("decisions", (), False),
    "innstillinger": ("settings", (), False),
    "oppsett": ("settings", ("f5",), False),
    "velkommen": ("overview", (), True),
}


async def shoot(db: Path, folder: Path, today: dt.date) -> list[Path]:
    """Take every shot in ``SHOTS`` at every size; return the files written."""
    written = []
    for name, (start, keys, first_run) in SHOTS.items():
        for width, height in SIZES:
            path = db if not first_run else db.with_name("ny.db")
            app = SekretariatApp(path, today=today, start=start, first_run=first_run)
            async with app.run_test(size=(width, height)) as pilot:
                await settle(pilot)
                if keys:
                    await press(pilot, *keys)
                lang = "" if app_language() == "nb" else f"-{app_language()}"
                filename = f"{name}{lang}-{width}x{height}.svg"
                written.append(Path(app.save_screenshot(filename, str(folder))))
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="where the SVG files go")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=SAMPLE_TODAY)
    args = parser.parse_args(argv)

    from sekretariat.new_database import create_from_sample

    args.folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "eksempel.db"
        create_from_sample(db).dispose()
        for path in asyncio.run(shoot(db, args.folder, args.today)):
            print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
