"""Every benchmark against its target, one PASS/FAIL line each (``make bench``).

1. start-up beside the floor app (``bench/startup.py``);
2. the large database (``bench/generate.py``, built once into the user cache directory);
3. every area, type-to-filter, scrolling and peak memory on it (``bench/areas.py``, in a
   child process of its own so ``ru_maxrss`` is the app's alone);
4. allocation, decision minutes and summons documents, export and import (``bench/work.py``).

Figures are medians unless the line says max. The machine matters: the line at the top
says which one, and its load average, since other work on a 2-core machine shows.

    .venv/bin/python bench/run.py [--runs N] [--markdown FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402
import startup  # noqa: E402

TITLES = {
    "1": "overview",
    "2": "representatives",
    "3": "working group",
    "4": "meetings",
    "5": "minute-taking",
    "6": "inbox",
    "7": "allocation",
    "8": "decisions",
    "9": "settings",
}


def machine() -> str:
    cpu = "?"
    with open("/proc/cpuinfo", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo", encoding="utf-8") as fh:
        ram = int(fh.readline().split()[1]) // 1024
    import sqlalchemy
    import textual

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{os.cpu_count()} cores ({cpu}), {ram / 1024:.0f} GB RAM, load {load}; "
        f"Python {platform.python_version()}, Textual {textual.__version__}, "
        f"SQLAlchemy {sqlalchemy.__version__}; {time.strftime('%Y-%m-%d %H:%M')}"
    )


def _verdict(ok: bool | None) -> str:
    return "" if ok is None else "PASS" if ok else "FAIL"


class Report:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, bool | None]] = []

    def add(self, what: str, value: str, target: str, ok: bool | None) -> None:
        """One figure; ``ok`` None for a figure that has no target of its own."""
        self.rows.append((what, value, target, ok))
        print(f"{_verdict(ok):<4}  {what:<46} {value:>18}   target {target}", flush=True)

    def markdown(self) -> str:
        lines = ["| what | figure | target | |", "|---|---:|---|---|"]
        lines += [f"| {w} | {v} | {t} | {_verdict(ok)} |" for w, v, t, ok in self.rows]
        return "\n".join(lines) + "\n"


def child(script: str, *args: str) -> dict:
    out = subprocess.run(
        [sys.executable, str(BENCH / script), *args, "--json"],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7, help="start-up runs of each app")
    parser.add_argument("--markdown", type=Path, help="also write the table as Markdown")
    args = parser.parse_args()
    print(machine(), flush=True)
    report = Report()

    floor_t, app_t = startup.measure(args.runs)
    f, a = statistics.median(floor_t), statistics.median(app_t)
    report.add("start-up: floor app (bare Textual)", f"{1000 * f:.0f} ms", "-", None)
    report.add("start-up: overview with the forum's data", f"{1000 * a:.0f} ms", "-", None)
    report.add("start-up: ratio to the floor", f"{a / f:.2f}x", "≤ 1.3x", a / f <= 1.3)

    large = generate.cached_large_db()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "stor.db"
        shutil.copyfile(large, db)  # the app may write (backups, settings): not in the cache
        areas = child("areas.py", str(db))
        work = child("work.py", str(large))

    for s in areas["screens"]:
        worst = max(s["first_ms"], s["again_ms"])
        report.add(
            f"key {s['key']} {TITLES[s['key']]}: open (first/again)",
            f"{s['first_ms']:.0f} / {s['again_ms']:.0f} ms",
            "≤ 150 ms",
            worst <= 150,
        )
    flt = areas["filter_ms"]
    report.add(
        f"people list ({areas['people_rows']} rows): open",
        f"{areas['people_open_ms']:.0f} ms",
        "≤ 150 ms",
        areas["people_open_ms"] <= 150,
    )
    report.add(
        "type-to-filter, per key (median / max)",
        f"{statistics.median(flt):.0f} / {max(flt):.0f} ms",
        "≤ 50 ms",
        max(flt) <= 50,
    )
    for key, times in areas["scroll_ms"].items():
        report.add(
            f"people list scroll '{key}' (median / max)",
            f"{statistics.median(times):.0f} / {max(times):.0f} ms",
            "≤ 50 ms, no stall",
            max(times) <= 50,
        )
    seat = areas["seat_scroll_ms"]
    report.add(
        f"seat table ({areas['seat_rows']} rows) pagedown (median / max)",
        f"{statistics.median(seat):.0f} / {max(seat):.0f} ms",
        "≤ 50 ms, no stall",
        max(seat) <= 50,
    )
    report.add(
        "peak resident memory, every area visited",
        f"{areas['maxrss_mb']:.0f} MB",
        "≤ 150 MB",
        areas["maxrss_mb"] <= 150,
    )

    alloc = work["allocation"]
    report.add(
        f"allocate(), {alloc['networks']} networks",
        f"{alloc['ms']:.1f} ms",
        "≤ 50 ms",
        alloc["ms"] <= 50,
    )
    for fmt, limit in (("md", 300), ("html", 300), ("docx", 300), ("pdf", 1000)):
        r = work["minutes"][fmt]
        report.add(
            f"decision minutes, 20 items, {fmt} (warm / first)",
            f"{r['ms']:.0f} / {r['cold_ms']:.0f} ms",
            f"≤ {limit} ms",
            r["ms"] <= limit,
        )
    for fmt, limit in (("md", 300), ("html", 300), ("docx", 300), ("pdf", 1000)):
        r = work["summons"][fmt]
        report.add(
            f"summons, 20 items, {fmt} (warm / first)",
            f"{r['ms']:.0f} / {r['cold_ms']:.0f} ms",
            f"≤ {limit} ms",
            r["ms"] <= limit,
        )
    ex = work["exchange"]
    mb = ex["bytes"] / 1e6
    report.add(
        f"export_text, large database ({mb:.0f} MB)",
        f"{ex['export_s']:.1f} s",
        "≤ 10 s",
        ex["export_s"] <= 10,
    )
    report.add(
        "import_text into an empty file", f"{ex['import_s']:.1f} s", "≤ 10 s", ex["import_s"] <= 10
    )
    report.add(
        "export → import → export identical",
        "yes" if ex["round_trip_identical"] else "no",
        "yes",
        ex["round_trip_identical"],
    )
    failed = sum(ok is False for *_, ok in report.rows)
    passed = sum(ok is True for *_, ok in report.rows)
    print(f"{passed} PASS, {failed} FAIL")
    if args.markdown:
        args.markdown.write_text(report.markdown(), encoding="utf-8")


if __name__ == "__main__":
    main()
