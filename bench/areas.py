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


#: CPU seconds (all threads of the process) of each timed key press, in order.
CPU: list[float] = []
#: Seconds the garbage collector ran during each timed key press, in order.
GC: list[float] = []
_gc_time = [0.0, 0.0]  # total, start of the collection running


def _gc_callback(phase: str, _info: dict) -> None:
    """Time the collector (measurement only: it changes nothing of how it runs)."""
    now = time.perf_counter()
    if phase == "start":
        _gc_time[1] = now
    else:
        _gc_time[0] += now - _gc_time[1]


async def _press_timed(pilot, key: str) -> float:  # type: ignore[no-untyped-def]
    """Seconds from a key press until its effects are handled and drawn.

    The key goes to the app as the terminal driver sends it (a ``Key`` event posted to
    the app), not through ``pilot.press``, whose idle wait would be timed too. The CPU
    time the process spent meanwhile is kept in ``CPU``: on a shared machine it says
    what the press cost when the wall clock also counts other people's work.
    """
    from textual import events

    app = pilot.app
    await _settle(pilot)
    char = key if len(key) == 1 else None
    event = events.Key(KEY_NAMES.get(key, key), char)
    t, cpu, gc_before = time.perf_counter(), time.process_time(), _gc_time[0]
    app.post_message(event)
    await _settle(pilot)
    CPU.append(time.process_time() - cpu)
    GC.append(_gc_time[0] - gc_before)
    return time.perf_counter() - t


async def measure(db: Path) -> dict:
    import gc

    from screens import AREAS
    from tui.app import SekretariatApp

    gc.callbacks.append(_gc_callback)
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
                {
                    "key": area.key,
                    "title": area.title,
                    "first_ms": ms,
                    "first_cpu_ms": 1000 * CPU[-1],
                    "first_gc_ms": 1000 * GC[-1],
                    "rows": _tables(app.screen),
                }
            )
        for area in AREAS:  # later visits (warm: the screen re-reads its data)
            await go("overview" if area.key != "1" else "representatives")
            ms = 1000 * await _press_timed(pilot, area.key)
            if area.key == "1":
                result["screens"].insert(
                    0,
                    {
                        "key": "1",
                        "title": area.title,
                        "first_ms": ms,
                        "first_cpu_ms": 1000 * CPU[-1],
                        "first_gc_ms": 1000 * GC[-1],
                        "rows": _tables(app.screen),
                    },
                )
            entry = next(e for e in result["screens"] if e["key"] == area.key)
            entry["again_ms"], entry["again_cpu_ms"] = ms, 1000 * CPU[-1]
            entry["again_gc_ms"] = 1000 * GC[-1]

        # The people list: open it, then type to filter one key at a time.
        await go("representatives")
        open_people = await _press_timed(pilot, "p")
        table = app.screen.query_one("#people-table")
        result["people_open_ms"] = 1000 * open_people
        result["people_open_cpu_ms"] = 1000 * CPU[-1]
        result["people_rows"] = table.row_count
        per_key = []
        per_key_cpu = []
        for ch in FILTER_TEXT:
            per_key.append(1000 * await _press_timed(pilot, ch))
            per_key_cpu.append(1000 * CPU[-1])
        result["filter_ms"] = per_key
        result["filter_cpu_ms"] = per_key_cpu
        result["filter_rows"] = table.row_count
        # Back to the whole list (Esc clears the search), then scroll it key by key.
        await _press_timed(pilot, "escape")
        table.focus()
        await _settle(pilot)
        result["scroll_rows"] = table.row_count
        scroll = {}
        gc_ms: dict[str, list[float]] = {}
        for key, times in (("down", 40), ("pagedown", 40), ("end", 1), ("pageup", 20), ("home", 1)):
            scroll[key] = [1000 * await _press_timed(pilot, key) for _ in range(times)]
            gc_ms[key] = [1000 * g for g in GC[-times:]]
        result["scroll_ms"] = scroll
        result["scroll_gc_ms"] = gc_ms
        await pilot.press("escape")
        await _settle(pilot)

        # The seat table on the representatives area, scrolled the same way.
        await go("representatives")
        seats = app.screen.query_one("#seat-table")
        seats.focus()
        result["seat_rows"] = seats.row_count
        result["seat_scroll_ms"] = [1000 * await _press_timed(pilot, "pagedown") for _ in range(30)]
    result["gc_ms_total"] = 1000 * _gc_time[0]
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
            f"{s['key']} {s['title']:<16} first {s['first_ms']:6.0f} ms"
            f" ({s['first_cpu_ms']:4.0f} CPU)  again {s['again_ms']:6.0f} ms"
            f" ({s['again_cpu_ms']:4.0f} CPU)  {s['rows']}"
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
