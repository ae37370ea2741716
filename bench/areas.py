"""Large-database responsiveness: every area (keys 1–9), type-to-filter, scrolling, memory.

Drives the app headless with ``App.run_test(size=(80, 24))`` on a copy of the large
database (``bench/generate.py``). A screen counts as open when the key press has been
handled, every worker it started has finished and the messages they posted have been
handled (the same wait the UI tests use), i.e. its data is on the screen.
Run as a child process (``bench/run.py`` does) so that ``ru_maxrss`` is this app alone.

    .venv/bin/python bench/areas.py DB [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TODAY = dt.date(2026, 11, 22)
FILTER_TEXT = "kari hamar"


async def _settle(pilot) -> None:  # type: ignore[no-untyped-def]
    """Until the messages are handled, every worker is done and the screen is drawn.

    ``pilot.pause(0)`` handles what the app and the screen's widgets have queued and
    draws the screen; ``app.wait_for_refresh()`` returns once the screen is idle and
    refreshed. A worker still running means more to come: wait for it and go round
    again. (Pilot's ``press`` and ``pause()`` wait for the CPU to look idle in 20 ms
    steps, which would put a floor of 40 ms under every figure.)
    """
    from textual.worker import WorkerCancelled, WorkerFailed, WorkerState

    app = pilot.app
    busy = (WorkerState.PENDING, WorkerState.RUNNING)
    for _ in range(50):
        await pilot.pause(0)
        await app.wait_for_refresh()
        if not any(worker.state in busy for worker in app.workers):
            return
        with contextlib.suppress(WorkerFailed, WorkerCancelled):
            await app.workers.wait_for_complete()
    raise RuntimeError("the app did not settle")


def _tables(screen) -> dict[str, int]:  # type: ignore[no-untyped-def]
    from textual.widgets import OptionList

    from widgets.table import Table

    out = {}
    for widget in screen.query(Table):
        out[widget.id or "table"] = widget.row_count
    for widget in screen.query(OptionList):
        out[widget.id or "options"] = widget.option_count
    return out


#: Keys whose name is not the character they type (what the terminal driver sends).
KEY_NAMES = {" ": "space"}


async def _press_timed(pilot, key: str) -> float:  # type: ignore[no-untyped-def]
    """Seconds from a key press until its effects are handled and drawn.

    The key goes to the app as the terminal driver sends it (a ``Key`` event posted to
    the app), not through ``pilot.press``, whose idle wait would be timed too.
    """
    from textual import events

    app = pilot.app
    await _settle(pilot)
    char = key if len(key) == 1 else None
    event = events.Key(KEY_NAMES.get(key, key), char)
    t = time.perf_counter()
    app.post_message(event)
    await _settle(pilot)
    return time.perf_counter() - t


async def measure(db: Path) -> dict:
    from screens import AREAS
    from tui.app import SekretariatApp

    result: dict = {"screens": [], "errors": []}
    app = SekretariatApp(db, today=TODAY)
    t0 = time.perf_counter()
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        result["start_headless_ms"] = 1000 * (time.perf_counter() - t0)
        await asyncio.sleep(1.2)  # let the after-first-frame warm-up and backup finish
        await _settle(pilot)

        # Between measured presses the app is put back on a neutral area directly (not by
        # a key): in some areas (minute-taking) a number key types into the text.
        async def go(mode: str) -> None:
            app.switch_mode(mode)
            await _settle(pilot)

        for area in AREAS:  # first visits from the overview (cold: import and compose)
            if area.key == "1":
                continue  # the overview is the start area: its first showing is start-up
            await go("overview")
            ms = 1000 * await _press_timed(pilot, area.key)
            result["screens"].append(
                {"key": area.key, "title": area.title, "first_ms": ms, "rows": _tables(app.screen)}
            )
        for area in AREAS:  # later visits (warm: the screen re-reads its data)
            await go("overview" if area.key != "1" else "representatives")
            ms = 1000 * await _press_timed(pilot, area.key)
            if area.key == "1":
                result["screens"].insert(
                    0,
                    {"key": "1", "title": area.title, "first_ms": ms, "rows": _tables(app.screen)},
                )
            next(e for e in result["screens"] if e["key"] == area.key)["again_ms"] = ms

        # The people list: open it, then type to filter one key at a time.
        await go("representatives")
        open_people = await _press_timed(pilot, "p")
        table = app.screen.query_one("#people-table")
        result["people_open_ms"] = 1000 * open_people
        result["people_rows"] = table.row_count
        per_key = []
        for ch in FILTER_TEXT:
            per_key.append(1000 * await _press_timed(pilot, ch))
        result["filter_ms"] = per_key
        result["filter_rows"] = table.row_count
        # Back to the whole list (Esc clears the search), then scroll it key by key.
        await _press_timed(pilot, "escape")
        table.focus()
        await _settle(pilot)
        result["scroll_rows"] = table.row_count
        scroll = {}
        for key, times in (("down", 40), ("pagedown", 40), ("end", 1), ("pageup", 20), ("home", 1)):
            scroll[key] = [1000 * await _press_timed(pilot, key) for _ in range(times)]
        result["scroll_ms"] = scroll
        await pilot.press("escape")
        await _settle(pilot)

        # The seat table on the representatives area, scrolled the same way.
        await go("representatives")
        seats = app.screen.query_one("#seat-table")
        seats.focus()
        result["seat_rows"] = seats.row_count
        result["seat_scroll_ms"] = [1000 * await _press_timed(pilot, "pagedown") for _ in range(30)]
    result["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("db", type=Path)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = asyncio.run(measure(args.db))
    if args.json:
        print(json.dumps(result))
        return
    for s in result["screens"]:
        print(
            f"{s['key']} {s['title']:<16} first {s['first_ms']:6.0f} ms  again {s['again_ms']:6.0f} ms  {s['rows']}"
        )
    print(f"people list: open {result['people_open_ms']:.0f} ms, {result['people_rows']} rows")
    print(
        f"filter per key: median {statistics.median(result['filter_ms']):.0f} ms, max {max(result['filter_ms']):.0f} ms"
    )
    for key, times in result["scroll_ms"].items():
        print(f"scroll {key}: median {statistics.median(times):.1f} ms, max {max(times):.1f} ms")
    print(
        f"seat table pagedown: max {max(result['seat_scroll_ms']):.1f} ms ({result['seat_rows']} rows)"
    )
    print(f"peak RSS {result['maxrss_mb']:.0f} MB")


if __name__ == "__main__":
    main()
