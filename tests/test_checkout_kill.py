"""A check-in killed at random points: the server is unchanged or fully checked in, never between.

A helper process imports the program once and forks a child for each check-in (so a kill
costs a fork, not a start-up); the child is sent SIGKILL after a random delay spread over
the time a whole check-in takes. After each kill the server's file is compared with its
state before the check-in and after a check-in left to finish. Figures are printed with
``-s``: kills, and how many found the server before and after.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from sekretariat.domain import meetings, minutes
from sekretariat.exchange import import_file
from sekretariat.exchange.checkout import check_out, checkin_file
from sekretariat.storage.database import Database

DAY = dt.date(2027, 1, 21)

FORKER = textwrap.dedent(
    """
    import os, sys, time
    from sekretariat.exchange.checkout import check_in
    from sekretariat.storage.database import Database

    print("loaded", flush=True)
    for line in sys.stdin:
        db_path, file = line.split()
        pid = os.fork()
        if pid == 0:
            print(f"ready {os.getpid()}", flush=True)
            started = time.perf_counter()
            check_in(Database.open(db_path), file)
            print(f"done {time.perf_counter() - started:.4f}", flush=True)
            os._exit(0)
        os.waitpid(pid, 0)
        print("reaped", flush=True)
    """
)

#: What a check-in may change, read with sqlite3 (times left out: they differ per run).
STATE = (
    "SELECT id, notes, decision, outcome, version FROM agendaitem ORDER BY id",
    'SELECT id, "start", "end", reflection, version FROM meeting ORDER BY id',
    "SELECT id, item_id, what, owner, due, done FROM action ORDER BY id",
    "SELECT id, meeting_id, person_id, status, for_person_id, note FROM attendance ORDER BY id",
    "SELECT id, item_id, person_id, note FROM conflict ORDER BY id",
    "SELECT token, state, applied FROM checkout ORDER BY id",
    # one flush logs its rows in no set order: the entries, not their order (and the
    # checkout's own entry holds when it ended)
    "SELECT entity, entity_id, action, CASE WHEN entity = 'checkout' THEN '' ELSE changes END "
    "FROM auditlog ORDER BY entity, entity_id, action",
)


def state(path: Path) -> list[list[tuple]]:
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return [con.execute(sql).fetchall() for sql in STATE]
    finally:
        con.close()


def copy(source: Path, target: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


def _env() -> dict[str, str]:
    root = str(Path(__file__).resolve().parent.parent)
    return {**os.environ, "PYTHONPATH": root + os.pathsep + os.environ.get("PYTHONPATH", "")}


def _minute_a_lot(laptop: Database) -> None:
    """Many rows to bring back, so that a check-in takes long enough to be cut short."""
    meeting_id = minutes.minute_meeting(laptop, DAY, DAY)
    view = minutes.load_minutes(laptop, meeting_id)
    for n, item in enumerate(view.items):
        minutes.save_item(laptop, item.id, {"notes": f"Referat {n}. " * 400, "outcome": "noted"})
        for k in range(8):
            minutes.add_action(laptop, item.id, f"Oppfølging {n}.{k}", "ande-coarvi", DAY)
    _, attendance = meetings.load_attendance(laptop, meeting_id)
    for row in attendance:
        meetings.set_attendance(laptop, meeting_id, row.key, "present")
    meetings.update_meeting(laptop, meeting_id, {"end": dt.time(15, 45)})


@pytest.mark.parametrize("kills", [int(os.environ.get("SEKRETARIAT_KILLS", "30"))])
def test_a_killed_check_in_leaves_the_server_before_or_after_never_between(
    tmp_path: Path, sample_db: Path, kills: int
) -> None:
    server = Database.open(sample_db)
    check_out(server, DAY, tmp_path / "ut.toml")
    laptop = Database.open(tmp_path / "laptop.db", create=True)
    import_file(laptop, tmp_path / "ut.toml")
    _minute_a_lot(laptop)
    back, _ = checkin_file(laptop, tmp_path / "inn.toml")
    server.dispose()
    laptop.dispose()
    pristine = tmp_path / "før.db"
    copy(sample_db, pristine)
    before = state(pristine)

    forker = subprocess.Popen(
        [sys.executable, "-c", FORKER],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    assert forker.stdin is not None and forker.stdout is not None
    try:
        assert forker.stdout.readline().strip() == "loaded"

        def run(target: Path, delay: float | None) -> str:
            assert forker.stdin is not None and forker.stdout is not None
            forker.stdin.write(f"{target} {back}\n")
            forker.stdin.flush()
            ready = forker.stdout.readline().split()
            assert ready[0] == "ready", ready
            if delay is not None:
                time.sleep(delay)
                with contextlib.suppress(ProcessLookupError):  # it had finished
                    os.kill(int(ready[1]), signal.SIGKILL)
            lines = []
            while (line := forker.stdout.readline().strip()) != "reaped":
                assert line, "the helper process ended"
                lines.append(line)
            return " ".join(lines)

        # one check-in left to finish: what "after" is, and how long a check-in takes
        finished = tmp_path / "etter.db"
        copy(pristine, finished)
        said = run(finished, None)
        assert said.startswith("done "), said
        took = float(said.split()[1])
        after = state(finished)
        assert after != before

        rng = random.Random(17)
        found = {"before": 0, "after": 0}
        started = time.perf_counter()
        for k in range(kills):
            target = tmp_path / f"drept-{k % 2}.db"
            copy(pristine, target)
            run(target, rng.uniform(0, took * 1.3))
            now = state(target)
            assert now in (before, after), f"kill {k}: the server is half checked in: " + str(
                [n for n, (a, b) in enumerate(zip(now, after, strict=True)) if a != b]
            )
            found["before" if now == before else "after"] += 1
        print(
            f"\n[checkin-kill] {kills} kill -9 during a {took * 1000:.0f} ms check-in "
            f"({time.perf_counter() - started:.1f} s): {found['before']} left it unchanged, "
            f"{found['after']} fully checked in, none between"
        )
        assert found["before"] > 0  # some kills did land before the commit
    finally:
        forker.stdin.close()
        forker.wait(timeout=30)
