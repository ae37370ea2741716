"""The sample forum's fictional 2026 year: the needs reports, the run the forum adopted, the
state's decision and the letters it gives (issue 18).

The figures, worked out by hand from sample.toml. Budget 41 286 000: common measures 10 %
= 4 128 600, equalisation 2 % = 825 720 (206 430 to each of Midt-Gudbrandsdal,
Nord-Gudbrandsdal, Nord-Østerdal and Valdres), the key 36 331 680 by the 2026 FTEs. Every
network but Nord-Gudbrandsdal asked a little under its key (+ equalisation), leaving
23 749 + 2 060 + 29 733 + 34 571 + 15 348 + 51 681 + 49 483 + 31 861 + 37 942 = 276 428,
which goes round again to Nord-Gudbrandsdal: 1 974 542 + 206 430 + 276 428 = 2 457 400,
short of its 2 600 000 («må justere», as Sak 10/26 says). Its split 1 000 000 : 1 600 000
gives 945 153,8 : 1 512 246,2 → 945 154 and 1 512 246. Nothing is left unallocated.
The decision takes Sør-Østerdal from 3 600 000 to 3 300 000; split 1 400 000 : 2 200 000
= 7 : 11, that is 1 283 333,3 : 2 016 666,7 → 1 283 333 and 2 016 667.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from docx import Document as read_docx

from sekretariat.cli import main
from sekretariat.domain.allocation_runs import adopted_run
from sekretariat.domain.grant_decisions import load_decision
from sekretariat.storage.database import Database

NBSP = str.maketrans({"\xa0": " "})

ADVISED = {
    "glamdal": 4_450_000,
    "hamar": 8_500_000,
    "gjovik": 7_700_000,
    "lillehammer": 3_450_000,
    "midt-gudbrandsdal": 1_800_000,
    "nord-gudbrandsdal": 2_457_400,
    "nord-osterdal": 1_950_000,
    "sor-osterdal": 3_600_000,
    "valdres": 2_400_000,
    "privatskoler": 850_000,
}


def test_the_2026_run_and_its_decision(sample_db: Path) -> None:
    db = Database.open(sample_db)
    run = adopted_run(db, 2026, "kollektiv")
    assert run is not None and run.key == "2026-1"
    assert (run.budget, run.common, run.unallocated) == (41_286_000, 4_128_600, 0)
    assert {line.code: line.allocated for line in run.lines} == ADVISED
    ng = next(line for line in run.lines if line.code == "nord-gudbrandsdal")
    assert (ng.key, ng.equalization, ng.requested, ng.network, ng.uh, ng.flags) == (
        1_974_542,
        206_430,
        2_600_000,
        945_154,
        1_512_246,
        ["must_adjust"],
    )
    assert run.adopted_item == "Sak 10/26 Fordeling av tilskudd 2026 (05.03.2026)"
    decision = load_decision(db, 2026)
    assert decision is not None
    assert (decision.decided_by, decision.decided, decision.reference) == (
        "Statsforvalteren i Innlandet",
        dt.date(2026, 3, 17),
        "2026/1432-4",
    )
    [change] = decision.changes
    assert (change.code, change.advised, change.allocated, change.network, change.uh) == (
        "sor-osterdal",
        3_600_000,
        3_300_000,
        1_283_333,
        2_016_667,
    )
    assert decision.total == 37_157_400 - 300_000
    db.dispose()


def test_the_2026_letters_from_the_command_line(
    sample_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "brev"
    out.mkdir()
    assert main(["--db", str(sample_db), "letters", "2026", "-o", str(out)]) == 0
    written = capsys.readouterr()
    # Nine host municipalities; the private-school network has none. The sample's
    # nynorsk hosts (Nord-Aurdal, Nord-Fron, Sel) get a «tilskotsbrev».
    nynorsk = {"nord-aurdal", "nord-fron", "sel"}
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"{'tilskotsbrev' if host in nynorsk else 'tilskuddsbrev'}-2026-{host}.docx"
        for host in (
            "elverum",
            "gjovik",
            "hamar",
            "kongsvinger",
            "lillehammer",
            "nord-aurdal",
            "nord-fron",
            "sel",
            "tynset",
        )
    )
    assert "Uten vertskommune, ikke med i noe brev: Privatskolenettverket." in written.err
    letter = read_docx(str(out / "tilskuddsbrev-2026-elverum.docx"))
    rows = [[c.text.translate(NBSP) for c in row.cells] for row in letter.tables[0].rows]
    assert rows[1] == ["Sør-Østerdal", "3 300 000 kr", "1 283 333 kr", "2 016 667 kr"]
    paragraphs = [p.text.translate(NBSP) for p in letter.paragraphs]
    assert "Til sammen: 3 300 000 kr." in paragraphs
    assert "Frist for rapporten: 01.03.2027." in paragraphs
    assert any(
        p.startswith("Sør-Østerdal: vedtatt 3 300 000 kr, innstillingen var 3 600 000 kr.")
        for p in paragraphs
    )
