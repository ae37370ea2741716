"""Every hostile input of issue 14, run as a user gives it: on the command line.

The corpus files (tests/corpus/exchange/*.toml, tests/corpus/xlsx/*.xlsx), wrong and
extreme arguments, damaged databases, files that are not files, and a full disk. Each
runs in a process of its own, forked from one that has imported everything, so the time
and the memory measured are the input's own (memory is the child's peak resident size,
with the ~70 MB the parent had already). Each must end as expected:

- ``refused``: exit 1 and one Norwegian sentence on stderr;
- ``usage``: exit 2, the usage and one Norwegian sentence (a wrong argument);
- ``handled``: exit 0 (the input is fine after all, and is taken as it should be);

within 2 s and 200 MB, with no traceback, no «uventet feil» (exit 70), and nothing left
behind where a write failed. ``python tests/hostile_inputs.py`` prints the counts: tried,
refused with a sentence, handled, failed; tests/test_hostile_inputs.py requires no failure.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

TESTS = Path(__file__).parent
CORPUS = TESTS / "corpus"
MINI = TESTS / "data" / "mini.toml"

#: Time and memory a case may take. The limit catches a hang or a blow-up, not slowness:
#: a case that makes a new database runs every migration in a fresh process (1.6 s on a
#: loaded two-core machine), so the time limit leaves room for a busy CI machine.
MAX_SECONDS = 4.0
MAX_MEGABYTES = 200.0

#: English that would give away a message not put into Norwegian (the words a library's
#: or the system's message would have; none is a Norwegian word).
ENGLISH = re.compile(
    r"\b(the|is|are|was|not|and|or|of|with|error|invalid|expected|cannot|could|found|"
    r"unexpected|value|character|line|column|denied|such|file|directory|space|device|"
    r"image|malformed|required|unrecognized|choose|exceeds|digits|"
    r"permission|traceback|exception)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Case:
    """One hostile input: the command lines to run (``{db}`` the database, ``{dir}`` the
    case's own folder, ``{full}`` a folder on a full disk), the last one the input."""

    name: str
    kind: str
    steps: tuple[tuple[str, ...], ...]
    expect: str  # "refused", "usage" or "handled"
    #: Prepares the case's folder (a damaged database, a named pipe ...).
    setup: Callable[[Path], None] | None = None
    #: Needs a full disk (a small tmpfs at {full}); skipped where none can be mounted.
    full_disk: bool = False


@dataclass
class Outcome:
    name: str
    kind: str
    expect: str
    code: int | None
    err: str
    seconds: float
    megabytes: float
    problems: list[str] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        if self.problems:
            return "failed"
        return "handled" if self.expect == "handled" else "refused"


# -- the cases ----------------------------------------------------------------------------


def _damage_pages(folder: Path) -> None:
    """Every page of the database after the first overwritten: its tables are gone."""
    db = folder / "f.db"
    size = db.stat().st_size
    with db.open("r+b") as fh:
        fh.seek(4096)
        fh.write(bytes([0xA5]) * (size - 4096))


def _damage_header(folder: Path) -> None:
    with (folder / "f.db").open("r+b") as fh:
        fh.seek(100)
        fh.write(b"\x00" * 50)


def _truncate(folder: Path) -> None:
    db = folder / "f.db"
    with db.open("r+b") as fh:
        fh.truncate(db.stat().st_size // 2)


def _not_a_database(folder: Path) -> None:
    (folder / "f.db").write_bytes(b"Dette er et brev, ikke en database.\n" * 200)


def _dangling(folder: Path) -> None:
    (folder / "lenke.db").symlink_to(folder / "finnes-ikke.db")


def _fifo(folder: Path) -> None:
    os.mkfifo(folder / "ror")


def _file(name: str, text: str) -> Callable[[Path], None]:
    def write(folder: Path) -> None:
        (folder / name).write_text(text, encoding="utf-8")

    return write


def corpus_cases() -> list[Case]:
    cases = [
        Case(f"exchange/{p.name}", "TOML-fil", (("--db", "{db}", "import", str(p)),), "refused")
        for p in sorted((CORPUS / "exchange").glob("*.toml"))
    ]
    cases += [
        Case(
            f"xlsx/{p.name}",
            "XLSX-fil",
            (("--db", "{db}", "receive", str(p), "--date", "01.12.2027"),),
            "handled" if p.stem == "good" else "refused",
        )
        for p in sorted((CORPUS / "xlsx").glob("*.xlsx"))
    ]
    return cases


def _cli(
    name: str,
    expect: str,
    *argv: str,
    setup: Callable[[Path], None] | None = None,
    db: str = "{db}",
) -> Case:
    return Case(name, "argument", (("--db", db, *argv),), expect, setup)


def argument_cases() -> list[Case]:
    big = "99999999999999999999999"
    return [
        # whole numbers beyond 64 bits, and beyond the limits
        _cli("year beyond 64 bits", "usage", "allocate", big, "--budget", "100"),
        _cli("budget beyond 64 bits", "usage", "allocate", "2027", "--budget", big),
        _cli("budget over the limit", "usage", "allocate", "2027", "--budget", "2000000000000"),
        _cli("budget of 5000 digits", "usage", "allocate", "2027", "--budget", "9" * 5000),
        _cli("budget in superscript", "usage", "allocate", "2027", "--budget", "²³"),
        _cli("budget with decimals", "usage", "allocate", "2027", "--budget", "100,50"),
        _cli("negative budget", "usage", "allocate", "2027", "--budget", "-5"),
        _cli("year 0", "usage", "calendar", "0"),
        _cli("year 9999", "usage", "calendar", "9999"),
        _cli("year of 5000 digits", "usage", "calendar", "2" * 5000),
        _cli("audit limit beyond 64 bits", "usage", "audit", "--limit", big),
        _cli("negative audit limit", "usage", "audit", "--limit", "-5"),
        _cli("audit limit 0 (all)", "handled", "audit", "--limit", "0"),
        _cli("unknown audit entity", "usage", "audit", "--entity", "tull"),
        _cli("audit entity in Norwegian", "handled", "audit", "--entity", "mandat"),
        _cli("unknown scheme", "refused", "allocate", "2027", "--budget", "100", "--scheme", "x"),
        # dates past 9999 and out of range
        _cli("seats on 31.12.9999", "usage", "seats", "--date", "31.12.9999"),
        _cli("seats on 01.01.0001", "usage", "seats", "--date", "01.01.0001"),
        _cli("seats on 31.12.2200", "handled", "seats", "--date", "31.12.2200"),
        _cli("seats on 29.02.2027", "usage", "seats", "--date", "29.02.2027"),
        _cli("minutes of 31.12.9999", "usage", "minutes", "31.12.9999"),
        _cli("received 31.12.9999", "usage", "receive", "x.xlsx", "--date", "31.12.9999"),
        _cli("date of 5000 digits", "usage", "seats", "--date", "1" * 5000),
        # the most the limits allow goes through the whole round: stored, exported, read
        Case(
            "largest budget saved, exported and imported again",
            "argument",
            (
                ("--db", "{db}", "allocate", "2027", "--budget", "1000000000000", "--save"),
                ("--db", "{db}", "export", "{dir}/ut.toml"),
                ("--db", "{dir}/ny.db", "import", "{dir}/ut.toml"),
            ),
            "handled",
        ),
        # files that are not what they should be
        _cli("import a missing file", "refused", "import", "{dir}/mangler.toml"),
        _cli("import a folder", "refused", "import", "{dir}"),
        _cli("import /dev/zero", "refused", "import", "/dev/zero"),
        _cli("import a named pipe", "refused", "import", "{dir}/ror", setup=_fifo),
        _cli("receive a named pipe", "refused", "receive", "{dir}/ror", setup=_fifo),
        _cli("receive /dev/zero", "refused", "receive", "/dev/zero"),
        _cli("receive a TOML file", "refused", "receive", str(MINI)),
        _cli("export into a folder", "refused", "export", "{dir}"),
        _cli("export into a missing folder", "refused", "export", "{dir}/mangler/ut.toml"),
        _cli("minutes into a folder", "refused", "minutes", "21.01.2027", "-o", "{dir}"),
        _cli("backup over the database", "refused", "backup", "{db}"),
        _cli("calendar into /proc", "refused", "calendar", "2027", "--ics", "/proc/ut.ics"),
        # the database file
        _cli("dangling link as --db", "refused", "seats", setup=_dangling, db="{dir}/lenke.db"),
        _cli("folder as --db", "refused", "seats", db="{dir}"),
        _cli("named pipe as --db", "refused", "seats", setup=_fifo, db="{dir}/ror"),
        _cli(
            "named pipe as --db to import",
            "refused",
            "import",
            str(MINI),
            setup=_fifo,
            db="{dir}/ror",
        ),  # fmt: skip
        _cli("/dev/zero as --db", "refused", "seats", db="/dev/zero"),
        *(
            _cli(f"{what} database: {command[0]}", "refused", *command, setup=damage)
            for what, damage in (
                ("damaged", _damage_pages),
                ("headless", _damage_header),
                ("truncated", _truncate),
                ("foreign", _not_a_database),
            )
            for command in (
                ("export", "-"),
                ("import", str(MINI)),
                ("backup", "{dir}/kopi.db"),
                ("seats",),
                ("audit",),
            )
        ),
    ]


def full_disk_cases() -> list[Case]:
    def full(name: str, *argv: str) -> Case:
        return Case(name, "full disk", (("--db", "{db}", *argv),), "refused", full_disk=True)

    return [
        full("export to a full disk", "export", "{full}/ut.toml"),
        full("backup to a full disk", "backup", "{full}/kopi.db"),
        full("templates to a full disk", "templates", "2027", "{full}"),
        full("minutes (docx) to a full disk", "minutes", "21.01.2027", "-o", "{full}/p.docx"),
        full("minutes (pdf) to a full disk", "minutes", "21.01.2027", "-o", "{full}/p.pdf"),
        full("calendar to a full disk", "calendar", "2027", "--ics", "{full}/m.ics"),
        full("audit CSV to a full disk", "audit", "--limit", "0", "--csv", "{full}/logg.csv"),
        full(
            "allocation CSV to a full disk",
            "allocate",
            "2027",
            "--budget",
            "100",
            "--csv",
            "{full}/a.csv",
        ),  # fmt: skip
        Case(
            "import into a database on a full disk",
            "full disk",
            (("--db", "{full}/ny.db", "import", str(MINI)),),
            "refused",
            full_disk=True,
        ),
    ]


def all_cases() -> list[Case]:
    return corpus_cases() + argument_cases() + full_disk_cases()


#: What people type into the app's fields, meaning harm or not: each is read by every
#: parser the forms use (``FORM_PARSERS``), in this process.
HOSTILE_TEXTS = (
    "",
    "   ",
    "9" * 5000,
    "²³",
    "١٢٣",
    "-1",
    "-0",
    "1e999",
    "NaN",
    "inf",
    "0x10",
    "1_000",
    "1 000 000 000 000",
    "1 000 000 000 001",
    "99999999999999999999999",
    "31.12.9999",
    "01.01.0001",
    "00.00.0000",
    "29.02.2027",
    "2027-02-29",
    "24:00",
    "99.99",
    "\x00",
    "a\x07b",
    "a\nb",
    "a\u2028b",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    '=HYPERLINK("http://x")',
    "x" * 200_000,
)


def _form_parsers() -> dict[str, tuple[Callable[[str], object], Callable[[object], object] | None]]:
    """The parsers of the app's forms by name, each with the exchange format's check for
    what it returns: what a form accepts, an import of its export must accept too."""
    from sekretariat import formats, values
    from sekretariat.domain import forum_settings, needs
    from sekretariat.domain.minutes import parse_due
    from sekretariat.exchange import spec

    def optional(check: Callable[[object], object]) -> Callable[[object], object]:
        return lambda v: None if v is None else check(v)

    parsers: dict[str, tuple[Callable[[str], object], Callable[[object], object] | None]] = {
        "formats.parse_date": (formats.parse_date, values.date),
        "formats.parse_time": (formats.parse_time, values.time),
        "formats.parse_kroner": (formats.parse_kroner, values.kroner),
        "formats.parse_minutes": (formats.parse_minutes, values.minutes),
        # the percent fields read with parse_percent and check with values.percent
        "percent field": (
            lambda t: values.percent(formats.parse_percent(t)),
            lambda bp: values.percent(spec.percent_out(bp)),  # type: ignore[arg-type]
        ),
        "needs.parse_amount": (needs.parse_amount, values.kroner),
        "needs.parse_year": (needs.parse_year, optional(values.year)),
        "minutes.parse_due": (parse_due, optional(values.date)),
    }
    stored_as_in_files = {**spec.FORUM, **spec.ALLOCATION}
    for group, fields in (
        ("forum", forum_settings.FORUM_FIELDS),
        ("scheme", forum_settings.SCHEME_FIELDS),
    ):
        for f in fields:
            key = stored_as_in_files.get(f.key)
            same_form = key is not None and key.out is None and key.column is None
            parsers[f"settings.{group}.{f.key}"] = (
                f.parse,
                optional(key.check) if same_form and key is not None else None,
            )
    return parsers


def form_outcomes() -> list[Outcome]:
    """Every hostile text through every form parser: refused with a Norwegian sentence,
    or accepted as a value the exchange format accepts too."""
    from sekretariat.errors import UserError

    outcomes = []
    for name, (parse, check) in _form_parsers().items():
        for n, text in enumerate(HOSTILE_TEXTS):
            start = time.perf_counter()
            problems: list[str] = []
            said, expect = "", "refused"
            try:
                value = parse(text)
            except (ValueError, UserError) as exc:
                said = str(exc)
                english = ENGLISH.search(re.sub(r"«[^»]*»", "", said))
                if english:
                    problems.append(f"English in the message: «{english.group()}»")
                if len(said) > 400 or "\n" in said:
                    problems.append("not one short line")
            except Exception as exc:  # noqa: BLE001 - what is looked for
                problems.append(f"unexpected {type(exc).__name__}: {exc}"[:300])
            else:
                expect = "handled"
                if check is not None:
                    try:
                        check(value)
                    except ValueError as exc:
                        problems.append(f"accepted {value!r:.60}, which an import refuses: {exc}")
            seconds = time.perf_counter() - start
            if seconds > MAX_SECONDS:
                problems.append(f"took {seconds:.1f} s")
            outcomes.append(
                Outcome(f"{name} ← tekst {n}", "skjema", expect, None, said, seconds, 0.0, problems)
            )
    return outcomes


#: The cases in groups, for running them side by side.
GROUPS: dict[str, Callable[[], list[Case]]] = {
    "toml": lambda: [c for c in corpus_cases() if c.kind == "TOML-fil"],
    "xlsx": lambda: [c for c in corpus_cases() if c.kind == "XLSX-fil"],
    "arguments": argument_cases,
    "full-disk": full_disk_cases,
}


# -- running ------------------------------------------------------------------------------


def _fill(argv: Sequence[str], db: Path, folder: Path, full: Path | None) -> list[str]:
    out = []
    for arg in argv:
        arg = arg.replace("{db}", str(db)).replace("{dir}", str(folder))
        if full is not None:
            arg = arg.replace("{full}", str(full))
        out.append(arg)
    return out


def _run_forked(argv: list[str], folder: Path) -> tuple[int | None, str, str, float, float]:
    """Run ``main(argv)`` in a forked child; (exit code, stdout, stderr, s, peak MB)."""
    out_path, err_path = folder / ".stdout", folder / ".stderr"
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # the child: the command, its output to files, nothing else
        code = 99
        try:
            signal.alarm(int(MAX_SECONDS * 10))  # a hang ends, and fails the case
            with out_path.open("w") as out, err_path.open("w") as err:
                os.dup2(out.fileno(), 1)
                os.dup2(err.fileno(), 2)
                sys.stdout = io.TextIOWrapper(os.fdopen(1, "wb", closefd=False), "utf-8")
                sys.stderr = io.TextIOWrapper(os.fdopen(2, "wb", closefd=False), "utf-8")
                from sekretariat.cli import main

                try:
                    code = main(argv)
                except SystemExit as exc:
                    code = exc.code if isinstance(exc.code, int) else 1
                sys.stdout.flush()
                sys.stderr.flush()
                import gc

                gc.collect(1)  # a library's destructor complaining shows now, on stderr
                sys.stderr.flush()
        finally:
            os._exit(code)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    read = lambda p: p.read_text(encoding="utf-8", errors="replace") if p.exists() else ""  # noqa: E731
    return (
        code if code >= 0 else None,
        read(out_path),
        read(err_path),
        seconds,
        usage.ru_maxrss / 1024,
    )


def _judge(case: Case, code: int | None, err: str, folder: Path, full: Path | None) -> list[str]:
    problems = []
    lines = [line for line in err.splitlines() if line.strip()]
    if code is None:
        problems.append("ended by a signal (hung or crashed)")
    want = {"refused": 1, "usage": 2, "handled": 0}[case.expect]
    if code != want:
        problems.append(f"exit {code}, expected {want}")
    if "Traceback" in err or "Exception ignored" in err or "uventet feil" in err:
        problems.append("a traceback or an unexpected error")
    if case.expect == "refused" and (len(lines) != 1 or not lines[0].startswith("sekretariat: ")):
        problems.append("not one line beginning «sekretariat: »")
    if case.expect == "usage" and (not lines or ": feil: " not in lines[-1]):
        problems.append("no «feil:» line")
    if case.expect != "handled" and lines:
        said = lines[-1]
        if not said.rstrip().endswith((".", "?", ".)")):
            problems.append("the sentence has no full stop")
        scrubbed = re.sub(r"«[^»]*»", "", said)  # what the user wrote, quoted
        scrubbed = re.sub(r"\S*[/\\]\S*|\S+\.(toml|xlsx|db|ics|csv|docx|pdf)\b", "", scrubbed)
        english = ENGLISH.search(scrubbed)
        if english:
            problems.append(f"English in the message: «{english.group()}»")
    if full is not None:
        left = [p.name for p in full.iterdir() if p.name != "fyll"]
        if left:
            problems.append(f"left on the full disk: {', '.join(left)}")
    leftovers = [p.name for p in folder.glob(".*.tmp")]
    if leftovers:
        problems.append(f"temporary files left: {', '.join(leftovers)}")
    return problems


@contextlib.contextmanager
def _full_disk(root: Path):  # type: ignore[no-untyped-def]
    """A 256 kB tmpfs filled up, or None where this machine cannot mount one."""
    mount = root / "full"
    mount.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        yield None
        return
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode != 0:
        yield None
        return
    try:
        fd = os.open(mount / "fyll", os.O_WRONLY | os.O_CREAT)
        with contextlib.suppress(OSError):
            while os.write(fd, b"\0" * 1024):
                pass
        os.close(fd)
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], capture_output=True)


def run_all(cases: Sequence[Case] | None = None) -> tuple[list[Outcome], list[str]]:
    """Run every case; the outcomes, and the cases skipped (with why)."""
    # Everything a command imports, imported before the children are forked: the time
    # measured is the command's own work, not Python reading its libraries.
    import importlib

    for module in (
        "sekretariat.cli",
        "sekretariat.exchange",
        "sekretariat.documents.needs_templates",
        "sekretariat.documents.decision_minutes",
        "sekretariat.documents.calendar_files",
        "sekretariat.documents.allocation_tables",
        "sekretariat.documents.document",
        "sekretariat.domain.allocation_runs",
        "sekretariat.domain.seats",
        "sekretariat.storage.audit_log",
        "sekretariat.storage.backup",
        "docx",
        "fpdf",
    ):
        importlib.import_module(module)
    from sekretariat.exchange import import_text
    from sekretariat.storage.database import Database

    cases = list(cases if cases is not None else all_cases())
    outcomes: list[Outcome] = []
    skipped: list[str] = []
    with tempfile.TemporaryDirectory(prefix="fiendtlig-") as tmp:
        root = Path(tmp)
        base = root / "base.db"
        db = Database.open(base, create=True)
        import_text(db, MINI.read_text(encoding="utf-8"), MINI.name)
        db.dispose()
        with _full_disk(root) as full:
            for n, case in enumerate(cases):
                if case.full_disk and full is None:
                    skipped.append(f"{case.name}: no tmpfs can be mounted here")
                    continue
                folder = root / f"case{n}"
                folder.mkdir()
                shutil.copyfile(base, folder / "f.db")
                if case.setup is not None:
                    case.setup(folder)
                code: int | None = 0
                err, seconds, megabytes = "", 0.0, 0.0
                problems: list[str] = []
                for i, step in enumerate(case.steps):
                    argv = _fill(step, folder / "f.db", folder, full)
                    code, _out, err, seconds, megabytes = _run_forked(argv, folder)
                    if i < len(case.steps) - 1 and code != 0:
                        problems.append(f"step {i + 1} failed: exit {code}: {err.strip()}")
                        break
                problems += _judge(case, code, err, folder, full if case.full_disk else None)
                if seconds > MAX_SECONDS:
                    problems.append(f"took {seconds:.1f} s")
                if megabytes > MAX_MEGABYTES:
                    problems.append(f"used {megabytes:.0f} MB")
                outcomes.append(
                    Outcome(
                        case.name,
                        case.kind,
                        case.expect,
                        code,
                        err.strip(),
                        seconds,
                        megabytes,
                        problems,
                    )  # fmt: skip
                )
                shutil.rmtree(folder, ignore_errors=True)
    return outcomes, skipped


def counts(outcomes: Sequence[Outcome]) -> dict[str, int]:
    found = {"tried": len(outcomes), "refused": 0, "handled": 0, "failed": 0}
    for o in outcomes:
        found[o.verdict] += 1
    return found


def main() -> None:
    group = sys.argv[sys.argv.index("--group") + 1] if "--group" in sys.argv else None
    if group == "forms":
        outcomes, skipped = form_outcomes(), []
    else:
        outcomes, skipped = run_all(GROUPS[group]() if group else None)
        if group is None:
            outcomes += form_outcomes()
    if "--json" in sys.argv:
        print(json.dumps({"outcomes": [o.__dict__ for o in outcomes], "skipped": skipped}))
        return
    for o in outcomes:
        mark = {"refused": "nei", "handled": "ok", "failed": "FEIL"}[o.verdict]
        print(f"{mark:4} {o.seconds:5.2f} s {o.megabytes:5.0f} MB  {o.kind:9} {o.name}")
        for problem in o.problems:
            print(f"          {problem}: {o.err[:200]}")
    for s in skipped:
        print(f"hoppet over: {s}")
    print(json.dumps(counts(outcomes)))


if __name__ == "__main__":
    sys.path.insert(0, str(TESTS.parent))
    main()
