"""The heavy work a user waits for: allocation, documents, import and export.

- ``allocate`` over 400 networks (Innlandet rules, every network with a report);
- the decision minutes (protokoll) and the summons of a 20-item meeting of the large
  database in Markdown, HTML, DOCX and PDF;
- ``export_text`` of the large database and ``import_text`` of that text into a new file.

Each figure is the median of a few runs after one warm-up run (imports of python-docx and
fpdf2 are not counted there); the cold first run is printed beside it.

    .venv/bin/python bench/work.py DB [--json] [--only-exchange | --skip-exchange]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def timed(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """(cold first run, median of the next ``runs``) in milliseconds."""
    t = time.perf_counter()
    fn()
    cold = 1000 * (time.perf_counter() - t)
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(1000 * (time.perf_counter() - t))
    return cold, statistics.median(times)


def allocation_400() -> dict:
    from sekretariat.domain.allocation import NetworkInput, Rules, allocate

    rng = random.Random(400)
    networks = [
        NetworkInput(
            code=f"n{i:03d}",
            centi_fte=rng.randint(10_000, 150_000),
            equalization=i % 10 == 0,
            network_req=rng.randint(1, 30) * 50_000,
            uh_req=rng.randint(1, 40) * 50_000,
        )
        for i in range(400)
    ]
    budget = 1_234_567_891
    result = allocate(budget, Rules(), networks)
    assert result.common + sum(r.allocated for r in result.networks) + result.unallocated == budget
    cold, warm = timed(lambda: allocate(budget, Rules(), networks), 20)
    return {"cold_ms": cold, "ms": warm, "networks": len(networks)}


def summons_20(db_path: Path) -> dict:
    from sekretariat.documents.document import render
    from sekretariat.documents.summons import summons_document
    from sekretariat.storage.database import Database

    db = Database.open(db_path)
    with db.sql() as con:
        meeting_id = con.execute(
            "SELECT meeting_id FROM agendaitem GROUP BY meeting_id HAVING COUNT(*) = 20 "
            "ORDER BY meeting_id DESC LIMIT 1"
        ).fetchone()[0]
    out = {}
    for fmt in ("md", "html", "docx", "pdf"):
        cold, warm = timed(lambda fmt=fmt: render(summons_document(db, meeting_id)[1], fmt), 5)
        out[fmt] = {"cold_ms": cold, "ms": warm}
    db.dispose()
    return out


def minutes_20(db_path: Path) -> dict:
    """The decision minutes (protokoll) of the newest held meeting with 20 items."""
    from sekretariat.documents.decision_minutes import protocol_document
    from sekretariat.documents.document import render
    from sekretariat.storage.database import Database

    db = Database.open(db_path)
    with db.sql() as con:
        meeting_id = con.execute(
            "SELECT a.meeting_id FROM agendaitem a JOIN meeting m ON m.id = a.meeting_id "
            "WHERE m.status IN ('held', 'approved') GROUP BY a.meeting_id HAVING COUNT(*) = 20 "
            "ORDER BY m.date DESC LIMIT 1"
        ).fetchone()[0]
    out = {}
    for fmt in ("md", "html", "docx", "pdf"):
        cold, warm = timed(lambda fmt=fmt: render(protocol_document(db, meeting_id), fmt), 5)
        out[fmt] = {"cold_ms": cold, "ms": warm}
    db.dispose()
    return out


def exchange(db_path: Path) -> dict:
    """Export the large database, import the text into a new file, export that again.

    ``import_read_s`` is the part of the import before the first write: parsing the text
    (``tomllib``) and checking it.
    """
    from sekretariat.exchange import export_text, import_text
    from sekretariat.storage.database import Database

    db = Database.open(db_path)
    t = time.perf_counter()
    text = export_text(db)
    export_s = time.perf_counter() - t
    db.dispose()
    steps: list[tuple[str, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        target = Database.open(Path(tmp) / "import.db", create=True)
        t = time.perf_counter()
        import_text(
            target, text, "stor.toml", lambda step: steps.append((step, time.perf_counter()))
        )
        import_s = time.perf_counter() - t
        again = export_text(target)
        target.dispose()
    written = [at for step, at in steps if step.startswith("Skrev")]
    return {
        "export_s": export_s,
        "import_s": import_s,
        "import_read_s": (written[0] if written else t + import_s) - t,
        "bytes": len(text.encode()),
        "round_trip_identical": again == text,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("db", type=Path)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--skip-exchange", action="store_true")
    parser.add_argument(
        "--only-exchange", action="store_true", help="export and import only (the slowest)"
    )
    args = parser.parse_args()
    result = {}
    if not args.only_exchange:
        result["allocation"] = allocation_400()
        result["minutes"] = minutes_20(args.db)
        result["summons"] = summons_20(args.db)
    if not args.skip_exchange:
        result["exchange"] = exchange(args.db)
    if args.json:
        print(json.dumps(result))
    else:
        print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
