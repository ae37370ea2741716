"""`sekretariat templates` and `sekretariat receive` on the sample forum."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from sekretariat.cli import main


def test_templates_writes_one_file_per_network(
    sample_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "ut"
    assert main(["templates", "2027", str(out), "--db", str(sample_db)]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert len(printed) == 10
    assert printed[0] == str(out / "behovsmelding-2027-glamdal.xlsx")
    assert all(Path(p).is_file() for p in printed)


def test_receive_reads_a_filled_template(
    sample_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(sample_db), "templates", "2027", str(tmp_path)]) == 0
    path = tmp_path / "behovsmelding-2027-sor-osterdal.xlsx"
    wb = load_workbook(path)
    ws = wb["Behovsmelding"]
    ws["C11"] = "Lesing og skriving i alle fag."
    ws["C12"] = "Felles samlinger og veiledning med UH."
    ws["C13"] = "Elverum kommune"
    ws["C15"] = "Kommunene setter av planleggingsdager."
    ws["C18"], ws["C19"], ws["C21"], ws["C22"] = "500 000", "500 000", 400000, 600000
    ws["A29"], ws["B29"], ws["C29"] = "Leseløftet", "begge", 1000000
    wb.save(path)
    capsys.readouterr()
    assert main(["--db", str(sample_db), "receive", str(path), "--date", "03.02.2027"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "Behovsmelding 2027 fra Sør-Østerdal mottatt 03.02.2027 (versjon 1).",
        "  UH (stopper godkjenning): Ingen UH- eller fagskolepartner er navngitt.",
        "  FRIST (advarsel): Mottatt 03.02.2027, 2 dager etter fristen 01.02.2027.",
        "  NETT (advarsel): Nettverket ber om 500\u00a0000\u00a0kr (50,0 %) av 1\u00a0000\u00a0000\u00a0kr til "
        "seg selv; tildelingen begrenser nettverksdelen til 40 %.",
    ]
    # the same file again is refused: the report is not returned for adjustment
    assert main(["--db", str(sample_db), "receive", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("sekretariat: Behovsmeldingen fra Sør-Østerdal for 2027 er «mottatt»")
    assert err.count("\n") == 1


def test_receive_refuses_a_broken_file_in_one_sentence(
    sample_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["--db", str(sample_db), "templates", "2027", str(tmp_path)])
    path = tmp_path / "behovsmelding-2027-valdres.xlsx"
    wb = load_workbook(path)
    wb["Behovsmelding"]["C19"] = "12,5"
    wb.save(path)
    capsys.readouterr()
    assert main(["receive", str(path), "--db", str(sample_db)]) == 1
    assert capsys.readouterr().err == (
        "sekretariat: behovsmelding-2027-valdres.xlsx er ikke lest inn: "
        "Behovsmelding!C19: «12,5» er ikke et helt kronebeløp.\n"
    )
    notes = tmp_path / "notat.xlsx"
    notes.write_text("ikke et regneark")
    assert main(["receive", str(notes), "--db", str(sample_db)]) == 1
    assert "notat.xlsx er ikke en XLSX-fil" in capsys.readouterr().err


def test_templates_and_receive_refuse_a_missing_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "borte.db"
    for argv in (["templates", "2027", str(tmp_path)], ["receive", str(tmp_path / "x.xlsx")]):
        assert main(["--db", str(missing), *argv]) == 1
        assert "finnes ikke" in capsys.readouterr().err
    assert not missing.exists()


def test_usage_errors_are_norwegian(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["templates", "tjue", "ut"])
    assert exit_.value.code == 2
    assert "«tjue» er ikke et årstall" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["receive", "fil.xlsx", "--date", "i morgen"])
    assert "«i morgen» er ikke en dato" in capsys.readouterr().err
