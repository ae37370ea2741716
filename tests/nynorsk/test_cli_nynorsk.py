"""The command line in nynorsk (issue 19): its help, its refusals and argparse's own
messages come from the catalogue, in the language the app would speak."""

from __future__ import annotations

from pathlib import Path

import pytest
from language_words import foreign_words

from sekretariat.cli import main


@pytest.fixture(autouse=True)
def _wide_help(monkeypatch: pytest.MonkeyPatch) -> None:
    """argparse wraps the help at the terminal's width: the same width on every machine."""
    monkeypatch.setenv("COLUMNS", "100")


def test_the_help_of_a_command_is_nynorsk(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--db", str(tmp_path / "ingen.db"), "backup", "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert out == (
        "bruk: sekretariat backup [-h] [--db STI] FIL\n"
        "\n"
        "Lag ein konsistent tryggingskopi av ein database som kan vere i bruk.\n"
        "\n"
        "argument:\n"
        "  FIL\n"
        "\n"
        "val:\n"
        "  -h, --help  vis denne hjelpa og avslutt\n"
        "  --db STI    databasefil (elles SEKRETARIAT_DB eller standardplasseringa)\n"
    )
    assert foreign_words(out, "nn") == set()
    assert not (tmp_path / "ingen.db").exists()  # finding the language made no file


def test_a_refusal_of_the_command_line_is_nynorsk(
    sample_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "samanstilling.txt"
    assert main(["--db", str(sample_db), "summary", "2026", "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert err == (
        f"sekretariat: Fila {target} må slutte på .pdf, .docx, .html eller .md "
        "(formatet følgjer endinga).\n"
    )
    assert foreign_words(err, "nn") == set()
    assert not target.exists()


def test_a_usage_error_is_nynorsk(sample_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--db", str(sample_db), "allocate", "to tusen"])
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert err.endswith(
        "sekretariat allocate: feil: argument ÅR: «to tusen» er ikkje eit årstal.\n"
    )
    assert err.startswith("bruk: sekretariat allocate [-h] [--db STI] [--budget KR]")
    with pytest.raises(SystemExit):
        main(["--db", str(sample_db), "seats", "--dato", "1.1.2027"])
    err = capsys.readouterr().err
    assert err.endswith("sekretariat: feil: ukjende argument: --dato 1.1.2027.\n")
    with pytest.raises(SystemExit):
        main(["--db", str(sample_db), "allocate", "2027", "--budget"])
    err = capsys.readouterr().err
    assert err.endswith("sekretariat allocate: feil: argument --budget: venta éin verdi.\n")
    assert foreign_words(err, "nn") == set()
