"""`sekretariat reports` and `sekretariat reports-receive` on the sample forum."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from sekretariat.cli import main


def test_reports_writes_one_template_per_network(
    sample_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "ut"
    assert main(["--db", str(sample_db), "reports", "2026", "-o", str(out)]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert len(printed) == 10
    assert printed[0] == str(out / "arsrapport-2026-glamdal.xlsx")
    assert all(Path(p).is_file() for p in printed)


def test_reports_receive_reads_a_filled_template(
    sample_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(sample_db), "reports", "2026", "-o", str(tmp_path)]) == 0
    path = tmp_path / "arsrapport-2026-privatskoler.xlsx"
    wb = load_workbook(path)
    ws = wb["Årsrapport"]
    # Granted 850 000, used 300 000 + 500 000 = 800 000, left 49 999: one krone short.
    ws["C11"], ws["C13"], ws["C14"], ws["C15"] = 850000, 300000, 500000, 49999
    ws["C19"] = "Vurderingsarbeidet er godt i gang."
    ws["A29"], ws["B29"], ws["C29"], ws["D29"] = "Vurdering", "skole", 800000, "delvis"
    wb.save(path)
    capsys.readouterr()
    args = ["--db", str(sample_db), "reports-receive", str(path), "--date", "20.11.2026"]
    assert main(args) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "Årsrapport 2026 fra Privatskolenettverket mottatt 20.11.2026 (versjon 1).",
        "  KJENNETEGN (stopper godkjenning): Kjennetegn a, b, c, d, e i forskriften § 5 er "
        "ikke vurdert.",
        "  SUM (advarsel): Brukt (800\u00a0000\u00a0kr) + restmidler (49\u00a0999\u00a0kr) = "
        "849\u00a0999\u00a0kr, men tildelt + restmidler fra tidligere år = 850\u00a0000\u00a0kr.",
    ]
    # The same file again is refused: the report is not returned for adjustment.
    assert main(args) == 1
    err = capsys.readouterr().err
    assert err.startswith(
        "sekretariat: Årsrapporten fra Privatskolenettverket for 2026 er «mottatt»"
    )
    assert err.count("\n") == 1


def test_reports_receive_refuses_a_broken_file_naming_the_cell(
    sample_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["--db", str(sample_db), "reports", "2026", "-o", str(tmp_path)])
    path = tmp_path / "arsrapport-2026-privatskoler.xlsx"
    wb = load_workbook(path)
    wb["Årsrapport"]["C13"] = "mange penger"
    wb.save(path)
    capsys.readouterr()
    assert main(["--db", str(sample_db), "reports-receive", str(path)]) == 1
    err = capsys.readouterr().err
    assert "Årsrapport!C13: «mange penger» er ikke et helt kronebeløp" in err
    assert err.count("\n") == 1
