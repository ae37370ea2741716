"""Several users, one file: real processes writing at once, and writers killed mid-write.

Figures are printed with ``-s`` (the closing note quotes them): writes attempted and kept,
kills survived.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from sekretariat.exchange import import_text
from sekretariat.storage.database import Database

MINI = (Path(__file__).parent / "data" / "mini.toml").read_text(encoding="utf-8")

WRITER = textwrap.dedent(
    """
    import sys
    from sekretariat.storage.database import Database
    from sekretariat.exchange import import_text
    from sekretariat.storage.models import Person
    from sqlmodel import select

    path, n, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    db = Database.open(path)
    for r in range(rounds):
        if r % 2 == 0:   # an import of its own people (merge)
            text = "schema = 1\\n" + "".join(
                f'[[person]]\\nkey = "w{n}-{r}-{i}"\\nname = "Skriver {n} runde {r} nr {i}"\\n' for i in range(5)
            )
            import_text(db, text, f"w{n}.toml")
        else:            # edits: add people and change one everyone shares
            with db.write() as s:
                for i in range(5):
                    s.add(Person(key=f"w{n}-{r}-{i}", name=f"Skriver {n} runde {r} nr {i}"))
                shared = s.exec(select(Person).where(Person.key == "kari-nordmann")).one()
                shared.note = (shared.note + f" {n}.{r}").strip()
    print("ok")
    """
)


def _env() -> dict[str, str]:
    root = str(Path(__file__).resolve().parent.parent)
    return {**os.environ, "PYTHONPATH": root + os.pathsep + os.environ.get("PYTHONPATH", "")}


def test_six_processes_write_at_once_and_nothing_is_lost(tmp_path: Path) -> None:
    path = tmp_path / "delt.db"
    db = Database.open(path, create=True)
    import_text(db, MINI, "mini.toml")
    db.dispose()
    writers, rounds = 6, 6
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), str(n), str(rounds)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
        )
        for n in range(writers)
    ]
    outputs = [p.communicate(timeout=180) for p in procs]
    for p, (out, err) in zip(procs, outputs, strict=True):
        assert p.returncode == 0, err[-2000:]
        assert out.strip() == "ok"
        assert "locked" not in err
    con = sqlite3.connect(path)
    kept = con.execute("SELECT COUNT(*) FROM person WHERE key LIKE 'w%'").fetchone()[0]
    attempted = writers * rounds * 5
    assert kept == attempted
    note = con.execute("SELECT note FROM person WHERE key = 'kari-nordmann'").fetchone()[0]
    edits = writers * (rounds // 2)
    assert len(note.split()) == edits  # every shared edit kept, none overwritten
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    print(
        f"\n[concurrency] {writers} processes × {rounds} rounds: {attempted} rows attempted, {kept} kept; {edits} shared edits, {len(note.split())} kept"
    )


KILLED_WRITER = textwrap.dedent(
    """
    import sys
    from sekretariat.storage.database import Database
    from sekretariat.storage.models import Person

    db = Database.open(sys.argv[1])
    batch = 0
    print("ready", flush=True)
    while True:
        with db.write() as s:   # one transaction: 20 rows, all or nothing
            for i in range(20):
                s.add(Person(key=f"k{sys.argv[2]}-{batch}-{i}", name="Drept skriver"))
        batch += 1
    """
)


@pytest.mark.parametrize("kills", [int(os.environ.get("SEKRETARIAT_KILLS", "50"))])
def test_kill_9_mid_transaction_leaves_whole_batches(tmp_path: Path, kills: int) -> None:
    path = tmp_path / "drept.db"
    Database.open(path, create=True).dispose()
    started = time.perf_counter()
    for k in range(kills):
        proc = subprocess.Popen(
            [sys.executable, "-c", KILLED_WRITER, str(path), str(k)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
        )
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(0.02 + (k % 5) * 0.01)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        con = sqlite3.connect(path)
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = con.execute("SELECT key FROM person WHERE key LIKE ?", (f"k{k}-%",)).fetchall()
        batches: dict[str, int] = {}
        for (key,) in rows:
            batch = key.rsplit("-", 1)[0]
            batches[batch] = batches.get(batch, 0) + 1
        assert all(n == 20 for n in batches.values()), batches  # no half transaction
        # the audit log was written in the same transactions
        audited = con.execute(
            "SELECT COUNT(*) FROM auditlog WHERE entity_id LIKE ?", (f"k{k}-%",)
        ).fetchone()[0]
        assert audited == len(rows)
        con.close()
    total = sqlite3.connect(path).execute("SELECT COUNT(*) FROM person").fetchone()[0]
    print(
        f"\n[crash] {kills} kill -9 survived in {time.perf_counter() - started:.1f} s; {total} rows in whole batches of 20"
    )
