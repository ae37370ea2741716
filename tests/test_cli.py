"""The command line: subcommands, --db placement, Norwegian one-sentence errors."""

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from sekretariat import __version__
from sekretariat.cli import main

MINI = Path(__file__).parent / "data" / "mini.toml"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "forum.db"
    assert main(["--db", str(path), "import", str(MINI)]) == 0
    return path


def test_import_then_export_round_trip(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "ut.toml"
    # --db after the command; --plain: without the [exported] stamp, the canonical form
    assert main(["export", str(out), "--db", str(db_path), "--plain"]) == 0
    again = tmp_path / "igjen.db"
    assert main(["import", str(out), "--db", str(again)]) == 0
    out2 = tmp_path / "ut2.toml"
    assert main(["--db", str(again), "export", "--plain", str(out2)]) == 0
    assert out.read_bytes() == out2.read_bytes()


def test_db_from_environment(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SEKRETARIAT_DB", str(db_path))
    assert main(["export", "-"]) == 0
    assert 'name = "Samarbeidsforum Test"' in capsys.readouterr().out


def test_reading_commands_refuse_a_missing_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "finnes-ikke.db"
    for argv in (
        ["seats"],
        ["calendar", "2027"],
        ["export", "-"],
        ["backup", str(tmp_path / "k.db")],
    ):
        assert main(["--db", str(missing), *argv]) == 1
        err = capsys.readouterr().err
        assert err.startswith("sekretariat: Databasen") and "finnes ikke" in err
        assert "Traceback" not in err
    assert not missing.exists()


def test_seats_json_contract(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(db_path), "seats", "--date", "2027-01-01", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["date"] == "2027-01-01"
    seat = doc["seats"][0]
    assert set(seat) == {"code", "name", "count", "filled", "vacant", "holders"}
    assert (seat["code"], seat["count"], seat["filled"], seat["vacant"]) == (
        "bhg_myndighet",
        9,
        1,
        8,
    )
    assert seat["holders"] == [
        {
            "person": "kari-nordmann",
            "name": "Kari Nordmann",
            "region": "valdres",
            "start": "2026-01-15",
            # the day before the first meeting two years on (Thursday of week 3, 20.01.2028)
            "end": "2028-01-19",
        }
    ]
    assert doc["ending_soon"] == []


def test_seats_ending_soon_includes_the_90th_day(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The term ends 19.01.2028 (the day before the January 2028 meeting); 90 days before
    # is 21.10.2027.
    main(["--db", str(db_path), "seats", "--date", "21.10.2027", "--json"])
    assert json.loads(capsys.readouterr().out)["ending_soon"] == [
        {
            "person": "kari-nordmann",
            "seat": "bhg_myndighet",
            "region": "valdres",
            "end": "2028-01-19",
        }
    ]
    main(["--db", str(db_path), "seats", "--date", "20.10.2027", "--json"])
    assert json.loads(capsys.readouterr().out)["ending_soon"] == []


def test_calendar_lists_stored_or_cycle_meetings(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(db_path), "calendar", "2027"]) == 0
    assert capsys.readouterr().out.strip() == "torsdag 21. januar 2027, Hamar (Planlagt)"
    assert main(["--db", str(db_path), "calendar", "2028"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert [line.split(" kl.")[0] for line in lines] == [
        "torsdag 20. januar 2028",
        "torsdag 9. mars 2028",
        "torsdag 22. juni 2028",
        "torsdag 21. september 2028",
        "torsdag 16. november 2028",
    ]


def test_backup_makes_a_usable_copy(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "kopi.db"
    assert main(["--db", str(db_path), "backup", str(copy)]) == 0
    assert main(["--db", str(copy), "export", "-"]) == 0
    assert 'key = "kari-nordmann"' in capsys.readouterr().out


def test_bad_import_file_is_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "feil.toml"
    bad.write_text("schema = 1\n[forum]\nname = 3\n", encoding="utf-8")
    assert main(["--db", str(tmp_path / "a.db"), "import", str(bad)]) == 1
    err = capsys.readouterr().err.strip()
    assert (
        err
        == "sekretariat: feil.toml, linje 2: [forum]: «name» skal være tekst, fant heltall. Ingenting ble importert."
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["seats", "--date", "i morgen"], "er ikke en dato"),
        (["calendar", "neste"], "er ikke et årstall"),
        (["frobnicate"], "ugyldig valg"),
        (["import"], "disse argumentene mangler"),
        (["seats", "--dato", "x"], "ukjente argumenter: --dato x"),
        (["minutes", "2027-01-21", "--format", "odt"], "ugyldig valg: 'odt' (velg blant 'md'"),
        (["allocate", "2027", "--budget"], "argument --budget: forventet én verdi"),
    ],
)
def test_usage_errors_are_norwegian(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_version_and_help_in_a_fresh_process() -> None:
    run = subprocess.run([sys.executable, "-m", "tui", "--version"], capture_output=True, text=True)
    assert run.stdout.strip() == f"sekretariat {__version__}"
    run = subprocess.run([sys.executable, "-m", "tui", "--help"], capture_output=True, text=True)
    assert run.returncode == 0
    assert run.stdout.startswith("bruk: sekretariat")
    # argparse's English headings and help line never show.
    for english in ("usage:", "options:", "positional arguments:", "show this help"):
        assert english not in run.stdout
    assert "valg:" in run.stdout and "vis denne hjelpen og avslutt" in run.stdout
    for word in ("import", "export", "seats", "calendar", "backup", "--demo", "--db"):
        assert word in run.stdout


def test_tui_needs_a_terminal(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "tui", "--db", str(tmp_path / "t.db")],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    assert run.returncode == 1
    assert (
        run.stderr.strip()
        == "sekretariat: Terminalprogrammet må kjøres i en terminal; bruk en kommando (se --help)."
    )
    assert not (tmp_path / "t.db").exists()


def test_allocate_json_by_hand(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Budget 1 000 000 under mini.toml's rules: common 10 % = 100 000, equalisation 2.5 %
    # = 25 000 (Valdres is the only equalisation network), key 875 000. Valdres asks 400 000 + 900 000 = 1 300 000 and
    # gets 900 000 (must adjust); split 4:9 → network 276 923, UH 623 077 (under the 40 % cap).
    assert main(["--db", str(db_path), "allocate", "2027", "--budget", "1 000 000", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc == {
        "year": 2027,
        "budget": 1_000_000,
        "common": 100_000,
        "unallocated": 0,
        "regions": [
            {
                "code": "valdres",
                "fte": 618.0,
                "key": 875_000,
                "equalization": 25_000,
                "requested": 1_300_000,
                "allocated": 900_000,
                "network": 276_923,
                "uh": 623_077,
                "flags": ["must_adjust"],
            }
        ],
    }


def test_allocate_save_and_csv(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "tildeling.csv"
    assert (
        main(
            [
                "--db",
                str(db_path),
                "allocate",
                "2027",
                "--budget",
                "1000000",
                "--csv",
                str(out),
                "--save",
            ]
        )
        == 0
    )
    assert "Lagret som forslag 2027-1." in capsys.readouterr().err
    text = out.read_text(encoding="utf-8-sig")
    assert (
        text.splitlines()[0]
        == "Kode;Nettverk;Årsverk;Nøkkel;Utjevning;Søkt;Tildelt;Nettverksdel;UH-del;Merknader"
    )
    assert (
        text.splitlines()[1]
        == "valdres;Valdres;618,00;875000;25000;1300000;900000;276923;623077;må justere"
    )
    main(["--db", str(db_path), "allocate", "2027", "--budget", "1000000", "--save"])
    assert "Lagret som forslag 2027-2." in capsys.readouterr().err
    main(["--db", str(db_path), "export", "-"])
    exported = capsys.readouterr().out
    assert 'key = "2027-1"' in exported and 'key = "2027-2"' in exported


def test_allocate_refuses_a_year_without_fte(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(db_path), "allocate", "2030", "--budget", "1000"]) == 1
    assert (
        capsys.readouterr().err.strip()
        == "sekretariat: Årsverk for 2030 mangler for Valdres. Lim dem inn under Innstillinger "
        "(9), Oppsett av forumet (F5), p – eller importer dem med utvekslingsfilen."
    )


def test_allocate_refuses_a_bad_budget(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--db", str(db_path), "allocate", "2027", "--budget", "12,5"])
    assert "«12,5» er ikke et helt kronebeløp." in capsys.readouterr().err


def test_minute_on_the_demo_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`sekretariat --demo minute` opens minute-taking on the demo database (the subcommand
    used to reset ``--demo``, and refused because the user's own database did not exist)."""
    from sekretariat.cli import AppRequest

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("SEKRETARIAT_DB", str(tmp_path / "finnes-ikke.db"))
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    seen: list[AppRequest] = []

    def run_app(request: AppRequest) -> int:
        seen.append(request)
        assert request.prefetch is not None
        database, name = request.prefetch.result()
        database.dispose()
        assert name == "Samarbeidsforum Innlandet"
        return 0

    assert main(["--demo", "minute", "21.01.2027"], run_app=run_app) == 0
    demo = tmp_path / "data" / "sekretariat" / "demo.db"
    assert [(r.path, r.demo, r.first_run, r.start, r.meeting_date) for r in seen] == [
        (demo, True, False, "minutes", dt.date(2027, 1, 21))
    ]
    assert not (tmp_path / "finnes-ikke.db").exists()
