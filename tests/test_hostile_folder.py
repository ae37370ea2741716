"""A shared folder is hostile ground: group members can plant files and links in it.

Every file the app writes goes through ``sekretariat.files``: a new temporary file in the
target's folder, renamed into place; a link at the target is refused in Norwegian; the
database's own file mode (never bits for others) whatever the umask.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
import sys
from pathlib import Path

import pytest

from sekretariat.errors import DatabaseRefused, UserError
from sekretariat.files import csv_text, mode_of, safe_cell, write_atomic, write_csv
from sekretariat.storage.backup import backup_dir, backup_to, daily_backup
from sekretariat.storage.database import Database

NOW = dt.date(2026, 11, 22)


@pytest.fixture
def umask_022():  # type: ignore[no-untyped-def]
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_a_link_at_the_target_is_refused_and_not_followed(tmp_path: Path) -> None:
    secret = tmp_path / "andres.txt"
    secret.write_text("urørt")
    link = tmp_path / "eksport.csv"
    link.symlink_to(secret)
    with pytest.raises(UserError, match="er en symbolsk lenke"):
        write_atomic(link, b"data")
    assert secret.read_text() == "urørt" and link.is_symlink()


def test_a_planted_temporary_file_is_never_reused(tmp_path: Path) -> None:
    planted = tmp_path / ".eksport.csv.tmp"
    planted.write_text("plantet")
    write_atomic(tmp_path / "eksport.csv", b"ny")
    assert planted.read_text() == "plantet"
    assert (tmp_path / "eksport.csv").read_bytes() == b"ny"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".eksport.csv.tmp", "eksport.csv"]


def test_files_get_the_given_mode_whatever_the_umask(tmp_path: Path, umask_022: None) -> None:
    assert stat.S_IMODE(write_atomic(tmp_path / "a", b"x").stat().st_mode) == 0o600
    shared = write_atomic(tmp_path / "b", b"x", mode=0o660)
    assert stat.S_IMODE(shared.stat().st_mode) == 0o660


def test_the_mode_passed_on_never_has_bits_for_others(tmp_path: Path) -> None:
    wide = tmp_path / "vid.db"
    wide.write_bytes(b"")
    for given, passed in ((0o644, 0o640), (0o666, 0o660), (0o640, 0o640), (0o600, 0o600)):
        wide.chmod(given)
        assert mode_of(wide) == passed, oct(given)


def test_a_failed_write_leaves_neither_file_nor_temporary(tmp_path: Path) -> None:
    class Full(OSError):
        pass

    def refuse() -> bytes:
        raise OSError(28, "No space left on device")

    target = tmp_path / "ut.csv"
    with pytest.raises(UserError, match="Kan ikke skrive .*: disken er full"):
        from sekretariat.files import atomic_file

        with atomic_file(target) as fh:
            fh.write(b"halv")
            refuse()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
        ("+47 123", "'+47 123"),
        ("-1", "'-1"),
        ("@kari", "'@kari"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Kari Nordmann", "Kari Nordmann"),
        (-1, -1),
        (1_800_000, 1_800_000),
    ],
)
def test_spreadsheets_never_run_a_cell(cell: object, written: object) -> None:
    assert safe_cell(cell) == written


def test_csv_is_the_norwegian_dialect(tmp_path: Path) -> None:
    assert csv_text([["Navn", "Beløp"], ["=1+1", 5]]) == "Navn;Beløp\r\n'=1+1;5\r\n"
    path = write_csv(tmp_path / "x.csv", [["a"]])
    assert path.read_bytes() == b"\xef\xbb\xbfa\r\n"


@pytest.mark.parametrize("mode", ["664", "666", "644", "700", "400", "rw"])
def test_database_modes_with_others_or_nonsense_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    monkeypatch.setenv("SEKRETARIAT_FILE_MODE", mode)
    with pytest.raises(DatabaseRefused, match="ikke en gyldig filmodus"):
        Database.open(tmp_path / "x.db", create=True)
    assert not (tmp_path / "x.db").exists()


def test_a_dangling_link_as_database_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "forum.db"
    link.symlink_to(tmp_path / "borte.db")
    with pytest.raises(DatabaseRefused, match="symbolsk lenke til en fil som ikke finnes"):
        Database.open(link, create=True)
    assert not (tmp_path / "borte.db").exists()


def test_the_backup_folder_may_not_be_a_link(tmp_path: Path) -> None:
    db = Database.open(tmp_path / "f.db", create=True)
    elsewhere = tmp_path / "andre"
    elsewhere.mkdir()
    backup_dir(db).symlink_to(elsewhere)
    with pytest.raises(UserError, match="er en symbolsk lenke"):
        daily_backup(db, NOW)
    assert list(elsewhere.iterdir()) == []


def test_a_backup_over_a_link_is_refused(tmp_path: Path) -> None:
    db = Database.open(tmp_path / "f.db", create=True)
    target = tmp_path / "kopi.db"
    target.symlink_to(tmp_path / "andres.db")
    with pytest.raises(UserError, match="er en symbolsk lenke"):
        backup_to(db, target)
    assert not (tmp_path / "andres.db").exists()


def test_the_error_log_holds_no_sql_parameters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy import text

    from sekretariat import error_log

    log = tmp_path / "logg" / "feil.log"
    monkeypatch.setattr(error_log, "error_log_path", lambda: log)
    db = Database.open(tmp_path / "f.db", create=True)
    email = "@".join(("kari", "example.org"))  # not in this source line, which the log quotes
    try:
        with db.write() as s:
            s.execute(text("INSERT INTO nosuchtable VALUES (:v)"), {"v": email})
    except Exception as exc:  # noqa: BLE001 - the error the log is given
        assert error_log.log_failure(exc) == log
    assert "nosuchtable" in log.read_text()
    assert email not in log.read_text()
    assert stat.S_IMODE(log.stat().st_mode) == 0o600


# -- two real users sharing one database folder -----------------------------------------

OTHER_UID = OTHER_GID = 65534  # nobody / nogroup


def _as_other_user() -> None:
    os.setgroups([OTHER_GID])
    os.setgid(OTHER_GID)
    os.setuid(OTHER_UID)


needs_root = pytest.mark.skipif(
    not hasattr(os, "getuid") or os.getuid() != 0,
    reason="two real user ids need root to switch to the second one (this machine runs as a user)",
)


@pytest.fixture
def open_tmp():  # type: ignore[no-untyped-def]
    """A folder the second user can reach (pytest's own tmp folders are root's alone)."""
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="sekretariat-delt-", dir="/tmp"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@needs_root
def test_every_group_member_gets_a_daily_backup(open_tmp: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Root creates a shared database (660, group nogroup); 'nobody' in the group then
    takes its own daily backup into the folder root created (it used to hit a
    PermissionError chmod-ing a folder it does not own)."""
    folder = open_tmp / "delt"
    folder.mkdir()
    os.chown(folder, 0, OTHER_GID)
    folder.chmod(0o2770)
    monkeypatch.setenv("SEKRETARIAT_FILE_MODE", "660")
    db = Database.open(folder / "forum.db", create=True)
    os.chown(db.path, 0, OTHER_GID)
    assert daily_backup(db, NOW) is not None  # root's copy; the folder is made now
    assert backup_dir(db).stat().st_gid == OTHER_GID
    # The second user runs the same code in a forked child: this Python may be installed
    # where only the first user can start it, but a fork needs no exec.
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child reports through its exit code
        code = 1
        try:
            _as_other_user()
            copy = daily_backup(Database.open(db.path), dt.date(2026, 11, 23))
            code = 0 if copy is not None else 2
        except BaseException as exc:  # noqa: BLE001 - said on stderr, the test shows it
            print(f"second user: {exc!r}", file=sys.stderr)
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    copy = backup_dir(db) / "forum-2026-11-23.db"
    assert copy.stat().st_uid == OTHER_UID and stat.S_IMODE(copy.stat().st_mode) == 0o660


@needs_root
def test_a_folder_of_another_user_outside_the_group_is_refused(tmp_path: Path) -> None:
    db = Database.open(tmp_path / "f.db", create=True)
    folder = backup_dir(db)
    folder.mkdir(mode=0o755)
    os.chown(folder, OTHER_UID, OTHER_GID)
    with pytest.raises(UserError, match="tilhører en annen bruker"):
        daily_backup(db, NOW)


def test_xlsx_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    from openpyxl import Workbook, load_workbook

    from sekretariat.documents import spreadsheet

    book = Workbook()
    sheet = book.active
    spreadsheet.append(sheet, ['=HYPERLINK("http://x")', "+47", 5, "Kari"])
    spreadsheet.put(sheet, 2, 1, "=1+1")
    sheet.cell(3, 1, "=SUM(C1:C2)")  # a formula we mean stays one
    book.save(tmp_path / "x.xlsx")
    read = load_workbook(tmp_path / "x.xlsx").active
    assert [c.data_type for c in read[1]] == ["s", "s", "n", "s"]
    assert read["A1"].value == '=HYPERLINK("http://x")' and read["A2"].data_type == "s"
    assert read["A3"].data_type == "f"


def test_lists_out_write_hostile_names_as_text(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from sekretariat.documents.representative_lists import Table, write_xlsx

    table = Table("Liste", ("Navn", "E-post"), [("=cmd|'/c calc'!A1", "@evil")])
    write_xlsx(table, tmp_path / "l.xlsx", mode=0o600)
    row = [(c.value, c.data_type) for c in load_workbook(tmp_path / "l.xlsx").active[2]]
    assert row == [("=cmd|'/c calc'!A1", "s"), ("@evil", "s")]
