"""One set of limits (sekretariat/limits.py) for every way in: the exchange format, what
people type (formats.parse_*, used by the app's forms and the command line), the XLSX
reader. Whatever one way stores, every other way and the export read back accept."""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
import tomli
from conftest import TODAY

from sekretariat import formats, limits, values
from sekretariat.cli import main
from sekretariat.errors import UserError, database_reason, os_reason
from sekretariat.exchange import export_text, import_text
from sekretariat.exchange.parse import load, toml_reason
from sekretariat.storage.database import Database

MINI = (Path(__file__).parent / "data" / "mini.toml").read_text(encoding="utf-8")
XLSX = Path(__file__).parent / "corpus" / "xlsx"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "f.db"
    import_text(Database.open(path, create=True), MINI, "mini.toml")
    return path


def _accepts(check: Any, value: Any) -> bool:
    try:
        check(value)
    except ValueError:
        return False
    return True


# -- the same limit whichever way a value comes in ------------------------------------------


@pytest.mark.parametrize("year", [1989, 1990, 2026, 2200, 2201, 9999])
def test_a_typed_date_and_an_imported_date_have_the_same_years(year: int) -> None:
    """``formats.parse_date`` accepted years the import refused (a term started on a date
    typed as 31.12.9999 could be stored, and its export not read back)."""
    typed = _accepts(formats.parse_date, f"01.01.{year}")
    imported = _accepts(values.date, dt.date(year, 1, 1))
    assert typed == imported == (limits.FIRST_YEAR <= year <= limits.LAST_YEAR)


@pytest.mark.parametrize(
    "amount", [0, 1, limits.MAX_KRONER - 1, limits.MAX_KRONER, limits.MAX_KRONER + 1, 10**30]
)
def test_a_typed_amount_and_an_imported_amount_have_the_same_limit(amount: int) -> None:
    typed = _accepts(formats.parse_kroner, formats.thousands(amount))
    imported = _accepts(values.kroner, amount)
    assert typed == imported == (amount <= limits.MAX_KRONER)


@pytest.mark.parametrize("minutes", [0, 600, 601, 10**20])
def test_typed_and_imported_minutes_have_the_same_limit(minutes: int) -> None:
    typed = _accepts(formats.parse_minutes, str(minutes))
    imported = _accepts(values.minutes, minutes)
    assert typed == imported == (minutes <= limits.MAX_MINUTES)


@pytest.mark.parametrize(
    ("parse", "text"),
    [
        (formats.parse_kroner, "²³"),  # digits to str.isdigit, not to int()
        (formats.parse_kroner, "9" * 5000),  # more digits than int() converts
        (formats.parse_minutes, "²"),
        (formats.parse_minutes, "9" * 5000),
        (formats.parse_percent, "1" * 5000),
        (formats.parse_date, "1" * 5000),
    ],
    ids=[
        "kroner-superscript",
        "kroner-5000",
        "minutes-superscript",
        "minutes-5000",
        "percent-5000",
        "date-5000",
    ],  # fmt: skip
)
def test_what_python_calls_digits_is_refused_in_a_short_norwegian_sentence(
    parse: Any, text: str
) -> None:
    with pytest.raises(formats.NotUnderstood) as refused:
        parse(text)
    message = str(refused.value)
    assert len(message) < 200 and "int()" not in message and "limit" not in message


def test_the_largest_budget_the_command_line_takes_is_saved_exported_and_read_back(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`allocate 2027 --budget 2000000000000 --save` stored a run whose export the import
    refused; now the command line refuses what the exchange format refuses."""
    with pytest.raises(SystemExit) as usage:
        main(["--db", str(db_path), "allocate", "2027", "--budget", "2000000000000", "--save"])
    assert usage.value.code == 2
    assert "Beløpet er urimelig stort" in capsys.readouterr().err
    most = str(limits.MAX_KRONER)
    assert main(["--db", str(db_path), "allocate", "2027", "--budget", most, "--save"]) == 0
    text = export_text(Database.open(db_path))
    assert f"budget = {most}" in text
    import_text(Database.open(tmp_path / "igjen.db", create=True), text, "igjen.toml")


def test_the_budget_refused_on_the_command_line_names_the_limit(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main(["--db", str(db_path), "allocate", "2027", "--budget", "2 000 000 000 000"])
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert err == (
        "sekretariat allocate: feil: argument --budget: Beløpet er urimelig stort "
        "(2 000 000 000 000); høyst 1\u00a0000\u00a0000\u00a0000\u00a0000\u00a0kr."
    )


def test_a_term_of_a_million_years_is_refused_by_import_and_settings() -> None:
    """A term's length turns into dates: a million years on is no date at all."""
    from sekretariat.domain.forum_settings import FORUM_FIELDS

    field = next(f for f in FORUM_FIELDS if f.key == "term_years")
    with pytest.raises(ValueError, match="1–100 år"):
        field.parse("1000000")
    assert not _accepts(values.years, 1_000_000)
    assert _accepts(values.years, limits.MAX_YEARS)


async def test_the_app_refuses_a_budget_over_the_limit(sample_db: Path, settle) -> None:  # type: ignore[no-untyped-def]
    """The allocation screen reads the budget with ``formats.parse_kroner``: it computes
    nothing for 2 000 000 000 000 kr (it did, and the run could be saved)."""
    from tui.app import SekretariatApp
    from widgets.table import Table

    app = SekretariatApp(sample_db, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("7")
        await settle(pilot)
        await pilot.press("b", *"2000000000000", "enter")
        await settle(pilot)
        assert app.screen.query_one("#alloc-table", Table).row_count == 0
        await pilot.press("b", "ctrl+u", *"1000000000000", "enter")
        await settle(pilot)
        assert app.screen.query_one("#alloc-table", Table).row_count == 11


# -- one line where one line is shown ---------------------------------------------------------

ONE_LINE = [
    ("forum", None, "name"),
    ("person", "ola", "name"),
    ("person", "ola", "email"),
    ("person", "ola", "phone"),
    ("meeting", "2027-06-17", "place"),
    ("meeting", "2027-06-17", "video_link"),
    ("meeting.item", "2027-06-17", "title"),
    ("meeting.item", "2027-06-17", "presenter"),
]


def _row(table: str, key: str | None, field: str, value: str) -> dict[str, Any]:
    if table == "forum":
        return {"forum": {"name": "F", field: value}}
    if table == "person":
        return {"person": [{"key": key, "name": "Ola", field: value}]}
    if table == "meeting":
        return {"meeting": [{"date": dt.date(2027, 6, 17), field: value}]}
    return {"meeting": [{"date": dt.date(2027, 6, 17), "item": [{"title": "T", field: value}]}]}


@pytest.mark.parametrize(("table", "key", "field"), ONE_LINE, ids=[f"{t}.{f}" for t, _, f in ONE_LINE])  # fmt: skip
def test_a_line_break_in_a_one_line_field_is_refused_on_import(
    table: str, key: str | None, field: str, db_path: Path
) -> None:
    """Every character that ends a line; the control characters among them (U+000B,
    U+000C, U+001C–U+001E) were refused in every text already."""
    import tomli_w

    from sekretariat.errors import ImportRefused

    db = Database.open(db_path)
    for brk in limits.LINE_BREAKS:
        text = tomli_w.dumps({"schema": 1, **_row(table, key, field, f"før{brk}etter")})
        said = (
            "inneholder et kontrolltegn"
            if brk in "\x0b\x0c\x1c\x1d\x1e"
            else "skal stå på én linje"
        )
        with pytest.raises(ImportRefused, match=f"«{field}» {said}"):
            import_text(db, text, "linjeskift.toml")


def test_a_calendar_is_written_even_for_a_meeting_stored_before_the_one_line_rule(
    db_path: Path, tmp_path: Path
) -> None:
    """A place, a link, a name and an e-mail address with line breaks (written before
    they were refused) no longer fail the whole calendar file."""
    from sekretariat.documents.calendar_files import export_ics

    con = sqlite3.connect(db_path)
    con.execute("UPDATE meeting SET place = 'Hamar\nStatens hus', video_link = 'https://x\ny'")
    con.execute("UPDATE person SET name = 'Kari\u2028Nordmann', email = 'kari@example.org'")
    con.execute("UPDATE forum SET name = 'Forum\r\nTest'")
    con.commit()
    con.close()
    path, count = export_ics(Database.open(db_path), tmp_path / "m.ics", year=2027)
    ics = path.read_text(encoding="utf-8")
    assert count == 1
    assert "LOCATION:Hamar Statens hus" in ics and "SUMMARY:Møte i Forum Test" in ics
    assert 'CN="Kari Nordmann"' in ics and "URL:" not in ics


def test_a_line_break_in_a_measure_title_of_a_filled_template_is_refused() -> None:
    from sekretariat.documents.needs_templates import TemplateRefused, read_template

    with pytest.raises(
        TemplateRefused,
        match=r"Behovsmelding!A29: teksten skal stå på én linje \(uten linjeskift\)",
    ):
        read_template(XLSX / "line-break-in-title.xlsx")


# -- the XLSX reader -----------------------------------------------------------------------------


def test_a_formula_without_a_worked_out_value_is_refused_by_its_cell() -> None:
    """openpyxl reads such a cell as empty: the amount was read as 0 and stored."""
    from sekretariat.documents.needs_templates import TemplateRefused, read_template

    with pytest.raises(
        TemplateRefused, match=r"Behovsmelding!C18: cellen har en formel uten utregnet verdi"
    ):
        read_template(XLSX / "formula-without-value.xlsx")
    assert read_template(XLSX / "good.xlsx").content.network_amount == 100_000


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("bomb-cell", "er for stor pakket ut (xl/worksheets/sheet2.xml: 400,0 MB"),
        ("lying-sizes", "er skadet (xl/worksheets/sheet2.xml kan ikke pakkes ut)"),
        ("truncated-xml", "er skadet eller ikke en XLSX-fil"),
        ("billion-laughs", "har en dokumenttype i xl/worksheets/sheet2.xml"),
        ("huge-amount", "Behovsmelding!C18: Søkt til nettverket er urimelig stort"),
        ("too-long-text", "Behovsmelding!C12: teksten er for lang (150000 tegn; høyst 100000)"),
    ],
)
def test_hostile_templates_are_refused_for_what_they_are(name: str, said: str) -> None:
    from sekretariat.documents.needs_templates import TemplateRefused, read_template

    with pytest.raises(TemplateRefused) as refused:
        read_template(XLSX / f"{name}.xlsx")
    assert said in str(refused.value)


# -- the parser's messages, the system's and SQLite's, in Norwegian --------------------------------


def _tomli_messages() -> list[str]:
    """Every message tomli raises, as its source spells it, with sample values filled in."""
    source = Path(tomli.__file__).with_name("_parser.py")
    if not source.exists():
        pytest.skip("tomli is installed without its Python source")
    found = re.findall(r'TOMLDecodeError\(\s*(f?)"((?:[^"\\]|\\.)*)"', source.read_text())
    samples = {"{expect!r}": '\'"""\'', "{src[pos]!r}": "'\\x00'", "{char!r}": "'\\x01'"}
    messages = []
    for is_f, text in found:
        text = text.replace("\\\\", "\\")
        if is_f:
            for placeholder, sample in samples.items():
                text = text.replace(placeholder, sample)
            text = re.sub(r"\{key_stem!r\}", "'navn'", text)
            text = re.sub(r"\{[a-z_]+\}", "('forum', 'navn')", text)
        messages.append(text)
    return sorted(set(messages))


def test_every_message_of_the_toml_parser_is_norwegian() -> None:
    messages = _tomli_messages()
    assert len(messages) >= 20
    english = re.compile(r"\b(the|is|not|a|an|of|in|at|Cannot|Expected|Invalid|value|key)\b")
    for message in messages:
        said = toml_reason(message)
        assert said != "ugyldig TOML", message
        assert not english.search(re.sub(r"«[^»]*»", "", said)), (message, said)


def test_a_toml_message_names_line_and_column_in_norwegian() -> None:
    with pytest.raises(UserError) as refused:
        load('schema = 1\n[forum]\nname = "x\\qy"\n', "f.toml")
    assert str(refused.value) == (
        "f.toml, linje 3, kolonne 12: ugyldig TOML (en «\\» i en tekst er ikke en gyldig "
        "escape). Ingenting ble importert."
    )


@pytest.mark.parametrize(
    ("number", "said"),
    [
        (errno.ENOSPC, "disken er full"),
        (errno.EDQUOT, "diskkvoten din er brukt opp"),
        (errno.EROFS, "filsystemet er skrivebeskyttet"),
        (errno.EIO, "lese- eller skrivefeil på disken"),
        (errno.ENAMETOOLONG, "navnet er for langt"),
        (errno.EOWNERDEAD, "systemfeil EOWNERDEAD"),
    ],
)
def test_os_errors_are_said_in_norwegian(number: int, said: str) -> None:
    assert os_reason(OSError(number, os.strerror(number))) == said


def test_a_damaged_database_is_said_in_norwegian(tmp_path: Path) -> None:
    path = tmp_path / "skadet.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t (x)")
    con.executemany("INSERT INTO t VALUES (?)", [("x" * 500,)] * 100)
    con.commit()
    con.close()
    with path.open("r+b") as fh:
        fh.seek(4096)
        fh.write(b"\xa5" * 8192)
    con = sqlite3.connect(path)
    with pytest.raises(sqlite3.DatabaseError) as failed:
        con.execute("SELECT count(*) FROM t").fetchall()
    con.close()
    assert database_reason(failed.value) == "databasefilen er skadet"
    assert database_reason(ValueError("ikke SQLite")) is None


# -- files that are not files, and a full disk --------------------------------------------------


@pytest.mark.parametrize("what", ["fifo", "device", "folder", "missing", "large"])
def test_only_a_plain_file_within_the_limit_is_read(what: str, tmp_path: Path) -> None:
    from sekretariat.files import read_bytes

    path = {"device": Path("/dev/zero"), "folder": tmp_path}.get(what, tmp_path / "fil")
    if what == "fifo":
        os.mkfifo(path)
    if what == "large":
        path.write_bytes(b"x" * 2048)
    said = {
        "fifo": "er ikke en vanlig fil",
        "device": "er ikke en vanlig fil",
        "folder": "er en mappe, ikke en fil",
        "missing": "finnes ikke",
        "large": "er for stor til å være en prøve",
    }[what]
    with pytest.raises(UserError, match=said):
        read_bytes(path, limit=1024, kind="en prøve")


def _enospc_after(limit: int) -> Any:
    """``os.write`` that writes ``limit`` bytes in all, then finds the disk full."""
    real = os.write
    written = [0]

    def write(fd: int, data: Any) -> int:
        if fd > 2 and written[0] + len(data) > limit:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        written[0] += len(data)
        return real(fd, data)

    return write


def test_a_full_disk_leaves_no_half_file_and_no_traceback(  # type: ignore[no-untyped-def]
    db_path: Path, tmp_path: Path, monkeypatch, capfd
) -> None:
    """Simulated by ``os.write`` failing with ENOSPC after a few bytes (tests/hostile_inputs.py
    fills a real tmpfs where it can mount one). openpyxl's zip writer failing half way once
    printed «Exception ignored in ZipFile.__del__» with a traceback at exit."""
    import gc

    from sekretariat.documents.needs_templates import write_templates

    out = tmp_path / "maler"
    out.mkdir()
    monkeypatch.setattr(os, "write", _enospc_after(1000))
    with pytest.raises(UserError, match=r"Kan ikke skrive .*behovsmelding-2027-valdres\.xlsx: disken er full\.$"):  # fmt: skip
        write_templates(Database.open(db_path), 2027, out)
    gc.collect()
    assert list(out.iterdir()) == []
    err = capfd.readouterr().err
    assert "Exception ignored" not in err and "Traceback" not in err


def test_the_command_line_says_a_full_disk_in_norwegian(  # type: ignore[no-untyped-def]
    db_path: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    monkeypatch.setattr(os, "write", _enospc_after(0))
    assert main(["--db", str(db_path), "export", str(tmp_path / "ut.toml")]) == 1
    assert capsys.readouterr().err == (
        f"sekretariat: Kan ikke skrive {tmp_path / 'ut.toml'}: disken er full.\n"
    )
    # Neither the file nor a temporary one beside it (the database's own files are there).
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith("f.db")] == []


def test_the_app_says_a_full_disk_and_a_damaged_database_in_norwegian() -> None:
    """A worker failing for the machine's sake is one Norwegian sentence, not «Detaljer er
    lagret i …» as for a fault in the program."""
    from tui.app import failure_text

    class Failed:  # what failure_text reads of a worker
        description = "skrive protokollen"
        error: BaseException = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    assert failure_text(Failed()) == "Kunne ikke skrive protokollen. Disken er full."  # type: ignore[arg-type]
    damaged = sqlite3.DatabaseError("database disk image is malformed")
    damaged.sqlite_errorname = "SQLITE_CORRUPT"  # type: ignore[attr-defined]
    Failed.error = damaged
    assert failure_text(Failed()) == "Kunne ikke skrive protokollen. Databasefilen er skadet."  # type: ignore[arg-type]
