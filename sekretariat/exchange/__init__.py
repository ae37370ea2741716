"""Import and export of the exchange format (TOML, ``schema = 1``).

Import checks the whole file first (types, allowed values, references, simple rules) and
then applies it in one write transaction, so a file is taken whole or not at all. Every
problem names the file, the line and the row's key. Export is canonical: export →
import into an empty database → export gives the same bytes.
"""

from __future__ import annotations

import gc
import os
import re
import sys
import threading
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sekretariat.domain.terms import default_term_end
from sekretariat.errors import ImportRefused, UserError
from sekretariat.exchange import spec as spec
from sekretariat.files import write_atomic

if TYPE_CHECKING:
    from sqlmodel import Session

    from sekretariat.storage.database import Database

SCHEMA = 1
MAX_ERRORS = 25
MAX_FILE_BYTES = 50 * 1024 * 1024


# --------------------------------------------------------------------------- locating
_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-\"' ]+?)\s*\]\]?\s*(#.*)?$")


class Locator:
    """Finds the line where a table or an array-of-tables entry starts.

    ``tomllib`` gives no positions, so the headers are read from the text; a path like
    ``("meeting", 2, "item", 0)`` names the first item of the third meeting. The text is
    read on the first question only: a good file never needs it (a second on a large one).
    """

    def __init__(self, text: str) -> None:
        self._text: str | None = text
        self.lines: dict[tuple, int] = {}

    def _read(self, text: str) -> None:
        counters: dict[tuple, int] = {}
        current: dict[str, tuple] = {}
        in_multiline: str | None = None
        for number, line in enumerate(text.splitlines(), start=1):
            if in_multiline:
                if line.count(in_multiline) % 2 == 1:
                    in_multiline = None
                continue
            for quote in ('"""', "'''"):
                if line.count(quote) % 2 == 1:
                    in_multiline = quote
            match = _HEADER.match(line)
            if not match:
                continue
            double = match[1] == "[["
            name = match[2].replace('"', "").replace("'", "").replace(" ", "")
            parts = name.split(".")
            parent: tuple = ()
            for depth in range(len(parts) - 1):
                prefix = ".".join(parts[: depth + 1])
                parent = current.get(prefix, parent + (parts[depth],))
            if double:
                base = parent + (parts[-1],)
                index = counters.get(base, 0)
                counters[base] = index + 1
                path = base + (index,)
                current[name] = path
                # a new entry resets the positions of everything nested below it
                for other in list(current):
                    if other.startswith(name + "."):
                        del current[other]
            else:
                path = parent + (parts[-1],)
            self.lines.setdefault(path, number)

    def line(self, path: tuple) -> int | None:
        if self._text is not None:
            text, self._text = self._text, None
            self._read(text)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return None


# --------------------------------------------------------------------------- errors
@dataclass
class Problems:
    source: str
    locator: Locator
    items: list[str] = field(default_factory=list)

    def add(self, path: tuple, what: str | _Label, message: str) -> None:
        if len(self.items) >= MAX_ERRORS:
            return
        line = self.locator.line(path)
        where = f"{self.source}, linje {line}" if line else self.source
        self.items.append(f"{where}: {what}: {message}")

    def raise_if_any(self) -> None:
        if self.items:
            raise ImportRefused(_summarise(self.items))


def _summarise(items: list[str]) -> str:
    first = items[0]
    if len(items) == 1:
        return f"{first}. Ingenting ble importert."
    more = len(items) - 1
    return f"{first}. ({more} feil til; ingenting ble importert.)"


def _describe(table: str, index: int, row: Any) -> str:
    label = f"[[{table}]] nr. {index + 1}"
    ident = spec.IDENTITY.get(table, ())
    if isinstance(row, dict):
        parts = []
        for key in ident:
            value = row.get(key)
            if value is not None and not isinstance(value, dict | list):
                parts.append(f"{spec.NAMES_NB.get(key, key)} «{value}»")
        if parts:
            label += " (" + ", ".join(parts) + ")"
    return label


class _Label:
    """A row's name in a message, written out only when there is a problem to report.

    ``_describe`` for every row of a large file costs more than checking its values.
    """

    __slots__ = ("parent", "table", "index", "row")

    def __init__(self, parent: str | _Label | None, table: str, index: int, row: Any) -> None:
        self.parent, self.table, self.index, self.row = parent, table, index, row

    def __str__(self) -> str:
        own = _describe(self.table, self.index, self.row)
        return own if self.parent is None else f"{self.parent} → {own}"


# --------------------------------------------------------------------------- checking
_REQUIRED: dict[int, tuple[dict[str, spec.Key], tuple[str, ...]]] = {}


def _required(keys: dict[str, spec.Key]) -> tuple[str, ...]:
    """The keys a spec requires (the spec tables are constants; kept to keep ids unique)."""
    found = _REQUIRED.get(id(keys))
    if found is None or found[0] is not keys:
        found = _REQUIRED[id(keys)] = (keys, tuple(k for k, rule in keys.items() if rule.required))
    return found[1]


def _check_row(
    row: Any, keys: dict[str, spec.Key], path: tuple, what: str | _Label, problems: Problems
) -> dict[str, Any] | None:
    if not isinstance(row, dict):
        problems.add(path, what, "skal være en tabell")
        return None
    out: dict[str, Any] = {}
    ok = True
    for key, value in row.items():
        rule = keys.get(key)
        if rule is None:
            problems.add(path, what, f"ukjent nøkkel «{key}»")
            ok = False
            continue
        if rule.children:
            if not isinstance(value, list):
                problems.add(path, what, f"«{key}» skal være en liste av tabeller ([[...]])")
                ok = False
                continue
            children = []
            child_keys = spec.NESTED[rule.children]
            for i, child in enumerate(value):
                child_what = _Label(what, rule.children, i, child)
                checked = _check_row(child, child_keys, path + (key, i), child_what, problems)
                if checked is None:
                    ok = False
                children.append(checked)
            out[key] = children
            continue
        try:
            out[key] = rule.check(value)
        except ValueError as exc:
            problems.add(path, what, f"«{key}» {exc}")
            ok = False
    for key in _required(keys):
        if key not in row:
            problems.add(path, what, f"mangler «{key}»")
            ok = False
    return out if ok else None


# --------------------------------------------------------------------------- parsing
#: From this many characters a text is parsed in two halves at once (a few MB take seconds).
PARALLEL_FROM = 4_000_000
_TOP_ARRAY_HEADER = re.compile(r"^\[\[([A-Za-z0-9_-]+)\]\][ \t]*\r?$", re.MULTILINE)
_CHILD = (
    "import pickle, sys, tomllib\n"
    "data = tomllib.loads(sys.stdin.buffer.read().decode('utf-8'))\n"
    "pickle.dump(data, sys.stdout.buffer, protocol=pickle.HIGHEST_PROTOCOL)\n"
)
_CHILD_TIMEOUT_S = 600


def loads(text: str) -> dict[str, Any]:
    """``tomllib.loads(text)``; a large text in two halves at once, one in a child process.

    Parsing is most of a large import, pure Python on one core. The text is cut before a
    top-level ``[[name]]`` header about halfway through (by lines: their number, more than
    their length, decides the time), and the halves are parsed here and in a fresh Python.
    Together they are the whole document exactly when the first half still parses with the
    header after it (``name`` may grow there) and the second half brings no other top-level
    key the first has. Otherwise, and on any error or failure of the child, the whole text
    is parsed here again, so a bad file is refused with the same message and line as ever.
    """
    cut = _cut(text) if len(text) >= PARALLEL_FROM and _can_start_python() else None
    if cut is None:
        return tomllib.loads(text)
    name, at = cut
    child = _Child(text[at:])
    head = None
    try:
        head = tomllib.loads(text[:at] + f"[[{name}]]\n")
    except tomllib.TOMLDecodeError:
        pass
    finally:
        if head is None:
            child.stop()
    if head is None:
        return tomllib.loads(text)
    tail = child.result()
    if tail is None or any(key in head for key in tail if key != name):
        return tomllib.loads(text)
    head[name].pop()  # the header added above
    head[name].extend(tail.pop(name))
    head.update(tail)
    return head


def _can_start_python() -> bool:
    """Two processors, and a Python interpreter (not a bundled program) to start."""
    try:
        processors = len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        processors = os.cpu_count() or 1
    if processors < 2 or getattr(sys, "frozen", False) or not sys.executable:
        return False
    return Path(sys.executable).name.lower().startswith(("python", "pypy"))


def _cut(text: str) -> tuple[str, int] | None:
    """(name, position) of the first top-level ``[[name]]`` header after the middle line."""
    half, seen, start, block = text.count("\n") // 2, 0, 0, 1 << 16
    while start < len(text):
        lines = text.count("\n", start, start + block)
        if seen + lines >= half:
            break
        seen += lines
        start += block
    match = _TOP_ARRAY_HEADER.search(text, start)
    return (match[1], match.start()) if match and match.start() > 0 else None


class _Child:
    """``tomllib.loads`` of a text in a fresh Python (``-I``: nothing but the standard
    library), fed and read by a thread that mostly waits, so the caller parses meanwhile."""

    def __init__(self, text: str) -> None:
        import subprocess

        self.out: bytes | None = None
        self.proc: subprocess.Popen[bytes] | None = None
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-I", "-c", _CHILD],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        except OSError:
            return
        self.thread = threading.Thread(target=self._talk, args=(text,), daemon=True)
        self.thread.start()

    def _talk(self, text: str) -> None:
        # One blocking write and one read to the end (the child reads all before it writes):
        # both wait outside the GIL, where communicate() loops in Python on 512-byte pieces.
        proc = self.proc
        assert proc is not None and proc.stdin is not None and proc.stdout is not None
        try:
            with proc.stdin:
                proc.stdin.write(text.encode("utf-8"))
            with proc.stdout:
                out = proc.stdout.read()
            proc.wait(timeout=_CHILD_TIMEOUT_S)
        except Exception:  # a broken pipe, a child that does not end: parse here instead
            self.stop()
            for pipe in (proc.stdin, proc.stdout):
                with suppress(OSError, ValueError):
                    pipe.close()
            return
        if proc.returncode == 0:
            self.out = out

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def result(self) -> dict[str, Any] | None:
        if self.proc is None:
            return None
        self.thread.join(_CHILD_TIMEOUT_S)
        if self.thread.is_alive():
            self.stop()
        if self.out is None:
            return None
        import pickle

        try:
            return pickle.loads(self.out)  # our own child's output, not the user's data
        except Exception:
            return None


def parse(text: str, source: str) -> tuple[dict[str, Any], Locator]:
    """Parse and check a whole file; raise ``ImportRefused`` naming every problem found."""
    try:
        raw = loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        match = re.search(r"\(at line (\d+), column (\d+)\)", msg)
        reason = re.sub(r"\s*\(at line.*\)$", "", msg)
        reason = _TOML_REASONS.get(reason, reason)
        where = f"{source}, linje {match[1]}, kolonne {match[2]}" if match else source
        raise ImportRefused(f"{where}: ugyldig TOML ({reason}). Ingenting ble importert.") from None
    locator = Locator(text)
    problems = Problems(source, locator)
    schema = raw.get("schema")
    if schema is None:
        problems.add((), "filen", "mangler «schema = 1» øverst")
    elif isinstance(schema, bool) or not isinstance(schema, int):
        problems.add((), "filen", "«schema» skal være et heltall")
    elif schema > SCHEMA:
        raise ImportRefused(
            f"{source}: filen er skrevet av en nyere versjon av Sekretariat (schema = {schema}); "
            "oppgrader programmet. Ingenting ble importert."
        )
    elif schema != SCHEMA:
        problems.add((), "filen", f"ukjent «schema = {schema}» (kjenner bare 1)")
    data: dict[str, Any] = {}
    for key, value in raw.items():
        if key == "schema":
            continue
        if key in spec.TABLES:
            checked = _check_row(value, spec.TABLES[key], (key,), f"[{key}]", problems)
            if checked is not None:
                data[key] = checked
        elif key in spec.ARRAYS:
            if not isinstance(value, list):
                problems.add((key,), f"«{key}»", "skal være en liste av tabeller ([[...]])")
                continue
            rows = []
            for i, row in enumerate(value):
                what = _Label(None, key, i, row)
                rows.append(_check_row(row, spec.ARRAYS[key], (key, i), what, problems))
            data[key] = rows
        else:
            problems.add((key,), "filen", f"ukjent tabell eller nøkkel «{key}»")
    problems.raise_if_any()
    return data, locator


_TOML_REASONS = {
    "Invalid value": "ugyldig verdi",
    "Expected '=' after a key in a key/value pair": "forventet «=» etter nøkkelen",
    "Cannot overwrite a value": "nøkkelen står to ganger",
    "Cannot declare": "tabellen er deklarert to ganger",
    "Unclosed array": "listen er ikke lukket",
    "Unterminated string": "teksten er ikke avsluttet",
    "Invalid statement": "ugyldig linje",
    "Illegal character": "ulovlig tegn",
    "Invalid date or datetime": "ugyldig dato",
}


# --------------------------------------------------------------------------- import
@dataclass
class ImportSummary:
    """How many rows of each kind were added and updated."""

    added: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def count(self, table: str, added: bool) -> None:
        target = self.added if added else self.updated
        target[table] = target.get(table, 0) + 1

    def text(self) -> str:
        parts = []
        for table in ["forum", "allocation", *spec.ARRAYS]:
            a, u = self.added.get(table, 0), self.updated.get(table, 0)
            if a or u:
                parts.append(f"{_TABLE_NB.get(table, table)}: {a} nye, {u} oppdatert")
        return "; ".join(parts) if parts else "ingen endringer"


_TABLE_NB = {
    "forum": "forum",
    "allocation": "tildelingsregler",
    "theme": "temaer",
    "region": "nettverk",
    "scheme": "ordninger",
    "seat": "setekategorier",
    "person": "personer",
    "term": "perioder",
    "office": "verv",
    "prompt": "refleksjonsspørsmål",
    "meeting": "møter",
    "needs_report": "behovsmeldinger",
    "allocation_run": "tildelingskjøringer",
}


def read_file(path: Path) -> str:
    """Read an exchange file as UTF-8 text, with a Norwegian message for every failure."""
    path = Path(path).expanduser()
    if not path.exists():
        raise UserError(f"Filen {path} finnes ikke.")
    if path.is_dir():
        raise UserError(f"{path} er en mappe, ikke en fil.")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise UserError(f"{path} er for stor til å være en utvekslingsfil.")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(f"Kan ikke lese {path}: {exc.strerror}.") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ImportRefused(
            f"{path}: filen er ikke UTF-8 (byte {exc.start}). Ingenting ble importert."
        ) from None


def import_file(db: Database, path: Path) -> ImportSummary:
    path = Path(path).expanduser()
    return import_text(db, read_file(path), path.name)


def import_text(db: Database, text: str, source: str) -> ImportSummary:
    """Check ``text`` whole, then merge it into ``db`` in one transaction."""
    with _collector_paused():
        data, locator = parse(text, source)
        problems = Problems(source, locator)
        with db.write() as session:
            importer = _Importer(session, data, problems)
            importer.check_references()
            problems.raise_if_any()
            importer.apply()
            problems.raise_if_any()
            importer.flush()
            return importer.summary


# Imports running at once in one process (two workers) share one pause: the collector
# comes back on when the last ends, and only if it was on when the first began.
_pause_lock = threading.Lock()
_pausing = 0
_was_enabled = True


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while an import parses and writes.

    A large file becomes millions of live objects, and every full collection on the way
    walks all of them again (a tenth of a large import). The import leaves no cycles worth
    collecting early; the collector is switched back on (if it was on) at the end.
    """
    global _pausing, _was_enabled
    with _pause_lock:
        if _pausing == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pausing += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pausing -= 1
            if _pausing == 0 and _was_enabled:
                gc.enable()


class _Importer:
    def __init__(self, session: Session, data: dict[str, Any], problems: Problems) -> None:
        from sqlmodel import select

        from sekretariat.storage import models as m

        self.s = session
        self.m = m
        self.bulk = _Bulk(session)
        self.data = data
        self.problems = problems
        self.summary = ImportSummary()
        self.forum = session.get(m.Forum, 1)
        self.regions = {r.code: r for r in session.exec(select(m.Region)).all()}
        self.seats = {r.code: r for r in session.exec(select(m.Seat)).all()}
        self.people = {r.key: r for r in session.exec(select(m.Person)).all()}
        self.prompts = {r.key: r for r in session.exec(select(m.Prompt)).all()}
        self.themes = {r.code: r for r in session.exec(select(m.Theme)).all()}

    # -- references --------------------------------------------------------------
    def _rows(self, table: str) -> list[tuple[int, dict[str, Any]]]:
        return [(i, r) for i, r in enumerate(self.data.get(table, [])) if r is not None]

    def _keys(self, table: str, key: str, existing: dict) -> set:
        return set(existing) | {r[key] for _, r in self._rows(table)}

    def _dupes(self, table: str, ident: tuple[str, ...]) -> None:
        seen: dict[tuple, int] = {}
        for i, row in self._rows(table):
            k = tuple(row.get(x) for x in ident)
            if k in seen:
                self.problems.add(
                    (table, i),
                    _describe(table, i, row),
                    f"står to ganger i filen (første gang som nr. {seen[k] + 1})",
                )
            else:
                seen[k] = i

    def check_references(self) -> None:
        p = self.problems
        if self.forum is None and "forum" not in self.data:
            p.add((), "filen", "mangler [forum] (databasen har ikke noe forum ennå)")
        for table, ident in spec.IDENTITY.items():
            if table in spec.ARRAYS:
                self._dupes(table, ident)
        regions = self._keys("region", "code", self.regions)
        region_kind = {c: r.kind for c, r in self.regions.items()}
        region_kind.update({r["code"]: r.get("kind", "regional") for _, r in self._rows("region")})
        seats = {
            c: {"per_region": s.per_region, "regions": s.regions, "roles": s.roles}
            for c, s in self.seats.items()
        }
        for _, r in self._rows("seat"):
            seats[r["code"]] = {
                "per_region": r.get("per_region", False),
                "regions": r.get("regions", []),
                "roles": r.get("roles", []),
            }
        people = self._keys("person", "key", self.people)
        prompts = self._keys("prompt", "key", self.prompts)
        themes = self._keys("theme", "code", self.themes)

        def need(ok: bool, path: tuple, what: str | _Label, message: str) -> None:
            if not ok:
                p.add(path, what, message)

        fixed_sources = [(("allocation",), "[allocation]", self.data.get("allocation") or {})]
        fixed_sources += [
            (("scheme", i), _Label(None, "scheme", i, r), r) for i, r in self._rows("scheme")
        ]
        for path, what, row in fixed_sources:
            for code in row.get("fixed", {}):
                need(code in regions, path, what, f"ukjent nettverk «{code}» i «fixed»")
            if row.get("needs_cap") is False and "network_fixed_pct" not in row:
                p.add(path, what, "«needs_cap = false» krever «network_fixed_pct»")
        default_code = (self.data.get("allocation") or {}).get("code")
        if default_code and default_code in {r["code"] for _, r in self._rows("scheme")}:
            p.add(("allocation",), "[allocation]", "standardordningen står også som [[scheme]]")
        for i, r in self._rows("seat"):
            what = _Label(None, "seat", i, r)
            for code in r.get("regions", []):
                need(code in regions, ("seat", i), what, f"ukjent nettverk «{code}» i «regions»")
            if r.get("per_region") and r.get("regions"):
                p.add(("seat", i), what, "kan ikke ha både «per_region» og «regions»")
        for i, r in self._rows("person"):
            if "region" in r:
                what = _Label(None, "person", i, r)
                need(
                    r["region"] in regions, ("person", i), what, f"ukjent nettverk «{r['region']}»"
                )
        for i, r in self._rows("term"):
            what = _Label(None, "term", i, r)
            need(r["person"] in people, ("term", i), what, f"ukjent person «{r['person']}»")
            seat = seats.get(r["seat"])
            if seat is None:
                p.add(("term", i), what, f"ukjent sete «{r['seat']}»")
                continue
            region = r.get("region")
            if region is not None and region not in regions:
                p.add(("term", i), what, f"ukjent nettverk «{region}»")
                continue
            if seat["per_region"]:
                if region is None:
                    p.add(
                        ("term", i),
                        what,
                        "setet er ett per regionalt nettverk, så «region» må oppgis",
                    )
                elif region_kind.get(region) != "regional":
                    p.add(("term", i), what, f"«{region}» er ikke et regionalt nettverk")
            if seat["regions"] and region not in seat["regions"]:
                allowed = ", ".join(seat["regions"])
                p.add(("term", i), what, f"setet skal velges fra {allowed}")
            if "end" in r and r["end"] < r["start"]:
                p.add(("term", i), what, "slutt er før start")
        for i, r in self._rows("office"):
            what = _Label(None, "office", i, r)
            need(r["person"] in people, ("office", i), what, f"ukjent person «{r['person']}»")
            if r["end"] < r["start"]:
                p.add(("office", i), what, "slutt er før start")
            if r["role"] == "working_group" and not r.get("slot"):
                p.add(("office", i), what, "medlem av arbeidsgruppen må ha «slot»")
        for i, r in self._rows("meeting"):
            what = _Label(None, "meeting", i, r)
            for key in ("chair", "facilitator"):
                if key in r:
                    need(
                        r[key] in people,
                        ("meeting", i),
                        what,
                        f"ukjent person «{r[key]}» i «{key}»",
                    )
            if "start" in r and "end" in r and r["end"] <= r["start"]:
                p.add(("meeting", i), what, "møtet slutter før det begynner")
            numbers: set[int] = set()
            for j, item in enumerate(r.get("item", [])):
                if item is None:
                    continue
                iw = _Label(what, "meeting.item", j, item)
                path = ("meeting", i, "item", j)
                if "prompt" in item:
                    need(
                        item["prompt"] in prompts,
                        path,
                        iw,
                        f"ukjent refleksjonsspørsmål «{item['prompt']}»",
                    )
                if "number" in item:
                    need(
                        item["number"] not in numbers,
                        path,
                        iw,
                        f"saksnummer {item['number']} står to ganger",
                    )
                    numbers.add(item["number"])
                for k, c in enumerate(item.get("conflict", [])):
                    if c is not None:
                        need(
                            c["person"] in people,
                            path + ("conflict", k),
                            iw,
                            f"ukjent person «{c['person']}» i habilitet",
                        )
            seen: set[str] = set()
            for j, a in enumerate(r.get("attendance", [])):
                if a is None:
                    continue
                path = ("meeting", i, "attendance", j)
                aw = _Label(what, "meeting.attendance", j, a)
                need(a["person"] in people, path, aw, f"ukjent person «{a['person']}»")
                need(a["person"] not in seen, path, aw, "personen står to ganger i oppmøtet")
                seen.add(a["person"])
                if "for" in a:
                    need(a["for"] in people, path, aw, f"ukjent person «{a['for']}» i «for»")
        for i, r in self._rows("needs_report"):
            what = _Label(None, "needs_report", i, r)
            need(
                r["region"] in regions,
                ("needs_report", i),
                what,
                f"ukjent nettverk «{r['region']}»",
            )
            for version in [r, *[v for v in r.get("earlier", []) if v is not None]]:
                for code in version.get("themes", []):
                    need(code in themes, ("needs_report", i), what, f"ukjent tema «{code}»")
                for k, measure in enumerate(version.get("measure", [])):
                    if measure and "start_year" in measure and "end_year" in measure:
                        need(
                            measure["end_year"] >= measure["start_year"],
                            ("needs_report", i, "measure", k),
                            what,
                            f"tiltaket «{measure['title']}» slutter før det starter",
                        )
        for i, r in self._rows("allocation_run"):
            what = _Label(None, "allocation_run", i, r)
            seen_regions: set[str] = set()
            for j, res in enumerate(r.get("result", [])):
                if res is not None:
                    path = ("allocation_run", i, "result", j)
                    need(res["region"] in regions, path, what, f"ukjent nettverk «{res['region']}»")
                    need(
                        res["region"] not in seen_regions,
                        path,
                        what,
                        f"nettverket «{res['region']}» står to ganger i resultatet",
                    )
                    seen_regions.add(res["region"])

    # -- applying ----------------------------------------------------------------
    def flush(self) -> None:
        """Write what the session holds, then the new rows collected for Core inserts.

        In that order: new bulk rows refer to rows the session adds (seats, regions), never
        the other way round (people are written before offices refer to them).
        """
        self.s.flush()
        self.bulk.write()

    def _upsert(self, model: Any, existing: Any, values: dict[str, Any], table: str) -> Any:
        if existing is None:
            if model in self.bulk.models:
                obj = self.bulk.add(model, values)
            else:
                obj = _new(model, **values)
                self.s.add(obj)
            self.summary.count(table, True)
            return obj
        changed = False
        for k, v in values.items():
            if getattr(existing, k) != v:
                setattr(existing, k, v)
                changed = True
        if changed:
            self.summary.count(table, False)
        return existing

    @staticmethod
    def _pick(row: dict[str, Any], *names: str) -> dict[str, Any]:
        return {n: row[n] for n in names if n in row}

    def _next_position(self, model: Any) -> int:
        from sqlmodel import func, select

        value = self.s.exec(select(func.max(model.position))).one()
        return (value or 0) + 1

    def apply(self) -> None:
        from sqlmodel import select

        m = self.m
        s = self.s
        d = self.data
        if "forum" in d:
            f = dict(d["forum"])
            if "needs_due" in f:
                f["needs_due_day"], f["needs_due_month"] = f.pop("needs_due")
            if self.forum is None:
                self.forum = m.Forum(id=1, **f)
                s.add(self.forum)
                self.summary.count("forum", True)
            else:
                self._upsert(m.Forum, self.forum, f, "forum")
        if "allocation" in d:
            a = dict(d["allocation"])
            code = a.pop("code", None)
            default = s.exec(select(m.Scheme).where(m.Scheme.is_default)).first()
            if code is None:
                code = default.code if default else "kollektiv"
            values = _scheme_values(a)
            existing = s.exec(select(m.Scheme).where(m.Scheme.code == code)).first()
            if default is not None and existing is not default:
                default.is_default = False
            values.setdefault(
                "name", "Kollektiv kompetanseutvikling" if existing is None else existing.name
            )
            self._upsert(
                m.Scheme, existing, {"code": code, "is_default": True, **values}, "allocation"
            )
        s.flush()

        for table, model, key, store in (
            ("theme", m.Theme, "code", self.themes),
            ("prompt", m.Prompt, "key", self.prompts),
        ):
            pos = self._next_position(model)
            for _, r in self._rows(table):
                existing = store.get(r[key])
                values = dict(r)
                if existing is None:
                    values["position"] = pos
                    pos += 1
                store[r[key]] = self._upsert(model, existing, values, table)

        pos = self._next_position(m.Region)
        fte_rows: list[tuple[Any, dict[int, int]]] = []
        for _, r in self._rows("region"):
            values = dict(r)
            fte = values.pop("fte", None)
            existing = self.regions.get(r["code"])
            if existing is None:
                values["position"] = pos
                pos += 1
            region = self._upsert(m.Region, existing, values, "region")
            self.regions[r["code"]] = region
            if fte is not None:
                fte_rows.append((region, fte))
        s.flush()
        for region, fte in fte_rows:
            current = {
                f.year: f
                for f in s.exec(select(m.RegionFte).where(m.RegionFte.region_id == region.id)).all()
            }
            for year, centi in fte.items():
                if year in current:
                    if current[year].centi_fte != centi:
                        current[year].centi_fte = centi
                else:
                    values = {"region_id": region.id, "year": year, "centi_fte": centi}
                    self.bulk.add(m.RegionFte, values)

        for _, r in self._rows("scheme"):
            values = _scheme_values(r)
            existing = s.exec(select(m.Scheme).where(m.Scheme.code == r["code"])).first()
            if existing is None:
                values["position"] = self._next_position(m.Scheme)
            self._upsert(m.Scheme, existing, values, "scheme")
        s.flush()

        pos = self._next_position(m.Seat)
        for _, r in self._rows("seat"):
            existing = self.seats.get(r["code"])
            values = dict(r)
            if existing is None:
                values["position"] = pos
                pos += 1
            self.seats[r["code"]] = self._upsert(m.Seat, existing, values, "seat")

        for _, r in self._rows("person"):
            values = dict(r)
            if "region" in values:
                values["region_id"] = self.regions[values.pop("region")].id
            existing = self.people.get(r["key"])
            self.people[r["key"]] = self._upsert(m.Person, existing, values, "person")
        self.flush()

        term_years = self.forum.term_years if self.forum else 2
        # Existing rows are looked up in memory: a query per row would also flush per row.
        terms = {(t.person_id, t.seat_id, t.start): t for t in s.exec(select(m.Term)).all()}
        for i, r in self._rows("term"):
            person = self.people[r["person"]]
            seat = self.seats[r["seat"]]
            values = {
                "person_id": person.id,
                "seat_id": seat.id,
                "region_id": self.regions[r["region"]].id if r.get("region") else None,
                "start": r["start"],
                "end": r.get("end") or default_term_end(r["start"], term_years),
                "substitute": r.get("substitute", False),
                "ended_reason": r.get("ended_reason", ""),
            }
            if values["end"] < values["start"]:
                self.problems.add(("term", i), _describe("term", i, r), "slutt er før start")
                continue
            existing = terms.get((person.id, seat.id, r["start"]))
            terms[(person.id, seat.id, r["start"])] = self._upsert(m.Term, existing, values, "term")

        offices = {(o.person_id, o.role, o.start): o for o in s.exec(select(m.Office)).all()}
        for _, r in self._rows("office"):
            person = self.people[r["person"]]
            values = {
                "person_id": person.id,
                "role": r["role"],
                "slot": r.get("slot", ""),
                "start": r["start"],
                "end": r["end"],
                "elected": r.get("elected"),
            }
            existing = offices.get((person.id, r["role"], r["start"]))
            offices[(person.id, r["role"], r["start"])] = self._upsert(
                m.Office, existing, values, "office"
            )
        self.flush()

        self.meetings = {x.date: x for x in s.exec(select(m.Meeting)).all()}
        for _, r in self._rows("meeting"):
            self._apply_meeting(r)
        self.reports = {(x.region_id, x.year): x for x in s.exec(select(m.NeedsReport)).all()}
        for _, r in self._rows("needs_report"):
            self._apply_report(r)
        self.runs = {x.key: x for x in s.exec(select(m.AllocationRun)).all()}
        for _, r in self._rows("allocation_run"):
            self._apply_run(r)
        self.flush()

    def _apply_meeting(self, r: dict[str, Any]) -> None:
        from sqlmodel import select

        m, s = self.m, self.s
        values = self._pick(
            r,
            "date",
            "start",
            "end",
            "place",
            "video_link",
            "status",
            "learning_focus",
            "reflection",
            "summons_sent",
            "minutes_approved",
            "approved_how",
        )
        for key, column in (("chair", "chair_id"), ("facilitator", "facilitator_id")):
            if key in r:
                values[column] = self.people[r[key]].id
        existing = self.meetings.get(r["date"])
        meeting = self.meetings[r["date"]] = self._upsert(m.Meeting, existing, values, "meeting")
        add = self.bulk.add
        if "item" in r:
            if existing is not None:
                s.flush()
                old = s.exec(
                    select(m.AgendaItem).where(m.AgendaItem.meeting_id == meeting.id)
                ).all()
                for item in old:
                    s.delete(item)
                s.flush()
            for pos, item in enumerate(r["item"], start=1):
                values = self._pick(
                    item,
                    "number",
                    "title",
                    "kind",
                    "minutes",
                    "presenter",
                    "background",
                    "proposal",
                    "decision",
                    "outcome",
                    "notes",
                    "standing",
                    "documents",
                )
                if "prompt" in item:
                    values["prompt_id"] = self.prompts[item["prompt"]].id
                row = add(m.AgendaItem, {"meeting_id": meeting.id, "position": pos, **values})
                for apos, action in enumerate(item.get("action", []), start=1):
                    add(m.Action, {"item_id": row.id, "position": apos, **action})
                for conflict in item.get("conflict", []):
                    add(
                        m.Conflict,
                        {
                            "item_id": row.id,
                            "person_id": self.people[conflict["person"]].id,
                            "note": conflict.get("note", ""),
                        },
                    )
        if "attendance" in r:
            if existing is not None:
                # Through the session, so that the audit log records each row removed.
                for old in s.exec(
                    select(m.Attendance).where(m.Attendance.meeting_id == meeting.id)
                ).all():
                    s.delete(old)
                s.flush()
            for pos, a in enumerate(r["attendance"], start=1):
                add(
                    m.Attendance,
                    {
                        "meeting_id": meeting.id,
                        "person_id": self.people[a["person"]].id,
                        "status": a["status"],
                        "for_person_id": self.people[a["for"]].id if "for" in a else None,
                        "note": a.get("note", ""),
                        "position": pos,
                    },
                )

    def _apply_report(self, r: dict[str, Any]) -> None:
        from sqlmodel import select

        m, s = self.m, self.s
        region = self.regions[r["region"]]
        values = self._pick(r, "state", "return_reason")
        existing = self.reports.get((region.id, r["year"]))
        report = self._upsert(
            m.NeedsReport,
            existing,
            {"region_id": region.id, "year": r["year"], **values},
            "needs_report",
        )
        self.reports[(region.id, r["year"])] = report
        if existing is not None:
            s.flush()
        versions = (
            s.exec(
                select(m.NeedsReportVersion)
                .where(m.NeedsReportVersion.report_id == report.id)
                .order_by(m.NeedsReportVersion.number)
            ).all()
            if existing is not None
            else []
        )
        newest = versions[-1] if versions else None
        if "earlier" in r:
            for v in versions[:-1] if newest else []:
                s.delete(v)
            s.flush()
            for number, version in enumerate(r["earlier"], start=1):
                values = {"report_id": report.id, "number": number, **_version_values(version)}
                self.bulk.add(m.NeedsReportVersion, values)
            top = len(r["earlier"]) + 1
            if newest is not None and newest.number != top:
                newest.number = top
                s.flush()
        else:
            top = newest.number if newest else 1
        values = _version_values(r)
        if newest is None:
            self.bulk.add(m.NeedsReportVersion, {"report_id": report.id, "number": top, **values})
        else:
            for k, v in values.items():
                if getattr(newest, k) != v:
                    setattr(newest, k, v)

    def _apply_run(self, r: dict[str, Any]) -> None:
        from sqlmodel import select

        m, s = self.m, self.s
        values = self._pick(
            r, "key", "year", "budget", "status", "created", "created_by", "note", "rules"
        )
        if "scheme" in r:
            values["scheme_code"] = r["scheme"]
        existing = self.runs.get(r["key"])
        run = self.runs[r["key"]] = self._upsert(
            m.AllocationRun, existing, values, "allocation_run"
        )
        if "result" in r:
            if existing is not None:
                for old in s.exec(
                    select(m.AllocationResult).where(m.AllocationResult.run_id == run.id)
                ).all():
                    s.delete(old)
                s.flush()
            for pos, res in enumerate(r["result"], start=1):
                res = dict(res)
                region = self.regions[res.pop("region")]
                if "fte" in res:
                    res["centi_fte"] = res.pop("fte")
                values = {"run_id": run.id, "region_id": region.id, "position": pos, **res}
                self.bulk.add(m.AllocationResult, values)


class _Added:
    """A row collected for a Core insert: what later rows need of it is its id."""

    __slots__ = ("id",)

    def __init__(self, id: int) -> None:
        self.id = id


class _Bulk:
    """New rows of the large tables, written with Core executemany instead of ORM objects.

    An ORM object and its flush cost about ten times the insert itself, and a large file
    has more than a hundred thousand rows. Ids are given here, counting on from the table's
    highest (what SQLite would give; the import holds the write lock, and the ORM adds no
    rows to these tables meanwhile), so children can refer to parents before either is
    written. ``audit.insert_many`` writes each row's audit entry as the flush hook would.
    """

    def __init__(self, session: Session) -> None:
        self.s = session
        self.models = _bulk_models()
        self.next_id: dict[Any, int] = {}
        self.pending: dict[Any, list[dict[str, Any]]] = {}

    def add(self, model: Any, values: dict[str, Any]) -> _Added:
        defaults, factories = _shape(model)
        row = {**defaults, **values}
        for name, factory in factories:
            if name not in values:
                row[name] = factory()
        if model not in self.next_id:
            from sqlalchemy import func, select

            highest = self.s.connection().execute(select(func.max(model.__table__.c.id))).scalar()
            self.next_id[model] = (highest or 0) + 1
        row["id"] = self.next_id[model]
        self.next_id[model] += 1
        self.pending.setdefault(model, []).append(row)
        return _Added(row["id"])

    def write(self) -> None:
        """Insert what was collected, parents first (models in the order first added)."""
        from sekretariat.storage.audit import insert_many

        pending, self.pending = self.pending, {}
        for model, rows in pending.items():
            insert_many(self.s, model, rows)


def _bulk_models() -> frozenset[Any]:
    from sekretariat.storage import models as m

    return frozenset(
        {
            m.RegionFte,
            m.Person,
            m.Term,
            m.Meeting,
            m.AgendaItem,
            m.Action,
            m.Conflict,
            m.Attendance,
            m.NeedsReport,
            m.NeedsReportVersion,
            m.AllocationRun,
            m.AllocationResult,
        }
    )


_SHAPES: dict[Any, tuple[dict[str, Any], tuple[tuple[str, Any], ...]]] = {}


def _shape(model: Any) -> tuple[dict[str, Any], tuple[tuple[str, Any], ...]]:
    """A model's plain defaults (None for a required field) and its default factories."""
    if model not in _SHAPES:
        defaults: dict[str, Any] = {}
        for name, info in model.model_fields.items():
            if info.default_factory is None:
                defaults[name] = None if info.is_required() else info.default
        _SHAPES[model] = (defaults, _factories(model))
    return _SHAPES[model]


def _new(model: Any, **values: Any) -> Any:
    """A new row, with the fields that have a default factory filled in here.

    Left to pydantic, every such default inspects the factory's signature first (about a
    quarter of a millisecond each, most of an import's time); the value is the same.
    """
    for name, factory in _factories(model):
        if name not in values:
            values[name] = factory()
    return model(**values)


_FACTORIES: dict[Any, tuple[tuple[str, Any], ...]] = {}


def _factories(model: Any) -> tuple[tuple[str, Any], ...]:
    if model not in _FACTORIES:
        _FACTORIES[model] = tuple(
            (name, field.default_factory)
            for name, field in model.model_fields.items()
            if field.default_factory is not None
        )
    return _FACTORIES[model]


def _scheme_values(row: dict[str, Any]) -> dict[str, Any]:
    values = {_PCT.get(k, k): v for k, v in row.items()}
    if "fixed" in values:
        values["fixed_amounts"] = values.pop("fixed")
    return values


_PCT = {
    "common_pct": "common_bp",
    "equalization_pct": "equalization_bp",
    "network_max_pct": "network_max_bp",
    "network_fixed_pct": "network_fixed_bp",
    "kindergarten_min_pct": "kindergarten_min_bp",
    "school_min_pct": "school_min_bp",
    "coordinator_max_pct": "coordinator_max_bp",
    "release_max_pct": "release_max_bp",
}

_VERSION_FIELDS = (
    "received",
    "needs_assessment",
    "partnership_plan",
    "own_contribution",
    "owners",
    "partners",
    "coordinator_amount",
    "release_amount",
    "leftover_amount",
    "network_amount",
    "uh_amount",
    "kindergarten_amount",
    "school_amount",
    "themes",
)
_MEASURE_FIELDS = ("title", "target", "amount", "start_year", "end_year")


def _version_values(r: dict[str, Any]) -> dict[str, Any]:
    values = {k: r[k] for k in _VERSION_FIELDS if k in r}
    if "measure" in r:
        values["measures"] = [{k: mm[k] for k in _MEASURE_FIELDS if k in mm} for mm in r["measure"]]
    return values


# --------------------------------------------------------------------------- export
def _pct(bp: int) -> int | float:
    return bp // 100 if bp % 100 == 0 else bp / 100


def _fte(centi: int) -> float:
    return centi / 100


def _put(out: dict[str, Any], key: str, value: Any) -> None:
    """Omit empty optional values so the file stays readable."""
    if value is None or value == "" or value == [] or value == {}:
        return
    out[key] = value


def export_data(db: Database) -> dict[str, Any]:
    """Everything in the database as an exchange document (canonical order)."""
    from sqlmodel import select

    from sekretariat.storage import models as m

    with db.read() as s:
        out: dict[str, Any] = {"schema": SCHEMA}
        forum = s.get(m.Forum, 1)
        if forum is not None:
            f: dict[str, Any] = {"name": forum.name}
            _put(f, "county", forum.county)
            _put(f, "secretariat", forum.secretariat)
            f["fictional"] = forum.fictional
            _put(f, "description", forum.description)
            f["meeting_weekday"] = forum.meeting_weekday
            f["meeting_weeks"] = list(forum.meeting_weeks)
            f["meeting_start"] = forum.meeting_start
            f["meeting_end"] = forum.meeting_end
            f["term_years"] = forum.term_years
            f["leader_term_years"] = forum.leader_term_years
            f["needs_due"] = f"{forum.needs_due_day:02d}.{forum.needs_due_month:02d}"
            f["templates_month"] = forum.templates_month
            _put(f, "working_group", dict(forum.working_group))
            out["forum"] = f
        scheme = s.exec(select(m.Scheme).where(m.Scheme.is_default)).first()
        if scheme is not None:
            a: dict[str, Any] = {"code": scheme.code}
            _put(a, "name", scheme.name)
            a["common_pct"] = _pct(scheme.common_bp)
            _put(a, "common_recipient", scheme.common_recipient)
            a["equalization_pct"] = _pct(scheme.equalization_bp)
            a["network_max_pct"] = _pct(scheme.network_max_bp)
            a["unit"] = scheme.unit
            a["kindergarten_min_pct"] = _pct(scheme.kindergarten_min_bp)
            a["school_min_pct"] = _pct(scheme.school_min_bp)
            a["coordinator_max_pct"] = _pct(scheme.coordinator_max_bp)
            a["release_max_pct"] = _pct(scheme.release_max_bp)
            _export_scheme_extras(a, scheme)
            out["allocation"] = a
        others = s.exec(
            select(m.Scheme)
            .where(m.Scheme.is_default.is_(False))
            .order_by(m.Scheme.position, m.Scheme.id)
        ).all()
        if others:
            out["scheme"] = []
            for x in others:
                row = {"code": x.code, "name": x.name or x.code}
                row["common_pct"] = _pct(x.common_bp)
                _put(row, "common_recipient", x.common_recipient)
                row["equalization_pct"] = _pct(x.equalization_bp)
                row["network_max_pct"] = _pct(x.network_max_bp)
                row["unit"] = x.unit
                row["kindergarten_min_pct"] = _pct(x.kindergarten_min_bp)
                row["school_min_pct"] = _pct(x.school_min_bp)
                row["coordinator_max_pct"] = _pct(x.coordinator_max_bp)
                row["release_max_pct"] = _pct(x.release_max_bp)
                _export_scheme_extras(row, x)
                out["scheme"].append(row)

        themes = s.exec(select(m.Theme).order_by(m.Theme.position, m.Theme.id)).all()
        if themes:
            out["theme"] = [{"code": t.code, "name": t.name} for t in themes]

        regions = s.exec(select(m.Region).order_by(m.Region.position, m.Region.id)).all()
        region_code = {r.id: r.code for r in regions}
        region_pos = {r.id: i for i, r in enumerate(regions)}
        ftes: dict[int, dict[str, float]] = {}
        for row in s.exec(select(m.RegionFte).order_by(m.RegionFte.year)).all():
            ftes.setdefault(row.region_id, {})[str(row.year)] = _fte(row.centi_fte)
        if regions:
            out["region"] = []
            for r in regions:
                row: dict[str, Any] = {
                    "code": r.code,
                    "name": r.name,
                    "kind": r.kind,
                    "equalization": r.equalization,
                }
                _put(row, "host", r.host)
                _put(row, "municipalities", list(r.municipalities))
                _put(row, "fte", ftes.get(r.id, {}))
                out["region"].append(row)

        seats = s.exec(select(m.Seat).order_by(m.Seat.position, m.Seat.id)).all()
        seat_code = {x.id: x.code for x in seats}
        seat_pos = {x.id: i for i, x in enumerate(seats)}
        if seats:
            out["seat"] = []
            for x in seats:
                row = {"code": x.code, "name": x.name, "count": x.count, "per_region": x.per_region}
                _put(row, "regions", list(x.regions))
                row["voting"] = x.voting
                row["leader_eligible"] = x.leader_eligible
                _put(row, "roles", list(x.roles))
                row["sector"] = x.sector
                _put(row, "wg_slot", x.wg_slot)
                _put(row, "note", x.note)
                out["seat"].append(row)

        people = s.exec(select(m.Person).order_by(m.Person.key)).all()
        person_key = {p.id: p.key for p in people}
        if people:
            out["person"] = []
            for p in people:
                row = {"key": p.key, "name": p.name}
                for attr in ("email", "phone", "title", "organisation", "municipality"):
                    _put(row, attr, getattr(p, attr))
                _put(row, "region", region_code.get(p.region_id) if p.region_id else None)
                _put(row, "roles", list(p.roles))
                _put(row, "note", p.note)
                out["person"].append(row)

        term_years = forum.term_years if forum else 2
        terms = s.exec(select(m.Term)).all()
        terms = sorted(
            terms,
            key=lambda t: (
                seat_pos.get(t.seat_id, 0),
                region_pos.get(t.region_id, -1) if t.region_id else -1,
                t.substitute,
                t.start,
                person_key[t.person_id],
            ),
        )
        if terms:
            out["term"] = []
            for t in terms:
                row = {"person": person_key[t.person_id], "seat": seat_code[t.seat_id]}
                _put(row, "region", region_code.get(t.region_id) if t.region_id else None)
                row["start"] = t.start
                if t.end != default_term_end(t.start, term_years):
                    row["end"] = t.end
                if t.substitute:
                    row["substitute"] = True
                _put(row, "ended_reason", t.ended_reason)
                out["term"].append(row)

        role_order = {r: i for i, r in enumerate(m.OFFICE_ROLES)}
        offices = sorted(
            s.exec(select(m.Office)).all(),
            key=lambda o: (o.start, role_order.get(o.role, 9), o.slot, person_key[o.person_id]),
        )
        if offices:
            out["office"] = []
            for o in offices:
                row = {"person": person_key[o.person_id], "role": o.role}
                _put(row, "slot", o.slot)
                row["start"] = o.start
                row["end"] = o.end
                _put(row, "elected", o.elected)
                out["office"].append(row)

        prompts = s.exec(select(m.Prompt).order_by(m.Prompt.position, m.Prompt.id)).all()
        prompt_key = {x.id: x.key for x in prompts}
        if prompts:
            out["prompt"] = []
            for x in prompts:
                row = {"key": x.key, "title": x.title}
                for attr in ("principle", "question", "method"):
                    _put(row, attr, getattr(x, attr))
                row["minutes"] = x.minutes
                out["prompt"].append(row)

        meetings = s.exec(select(m.Meeting).order_by(m.Meeting.date)).all()
        if meetings:
            items_by: dict[int, list] = {}
            for item in s.exec(
                select(m.AgendaItem).order_by(
                    m.AgendaItem.meeting_id, m.AgendaItem.position, m.AgendaItem.id
                )
            ).all():
                items_by.setdefault(item.meeting_id, []).append(item)
            actions_by: dict[int, list] = {}
            for action in s.exec(
                select(m.Action).order_by(m.Action.item_id, m.Action.position, m.Action.id)
            ).all():
                actions_by.setdefault(action.item_id, []).append(action)
            conflicts_by: dict[int, list] = {}
            for c in s.exec(select(m.Conflict).order_by(m.Conflict.item_id, m.Conflict.id)).all():
                conflicts_by.setdefault(c.item_id, []).append(c)
            attendance_by: dict[int, list] = {}
            for a in s.exec(
                select(m.Attendance).order_by(
                    m.Attendance.meeting_id, m.Attendance.position, m.Attendance.id
                )
            ).all():
                attendance_by.setdefault(a.meeting_id, []).append(a)
            out["meeting"] = []
            for mt in meetings:
                row = {"date": mt.date}
                _put(row, "start", mt.start)
                _put(row, "end", mt.end)
                _put(row, "place", mt.place)
                _put(row, "video_link", mt.video_link)
                row["status"] = mt.status
                _put(row, "chair", person_key.get(mt.chair_id) if mt.chair_id else None)
                _put(
                    row,
                    "facilitator",
                    person_key.get(mt.facilitator_id) if mt.facilitator_id else None,
                )
                _put(row, "learning_focus", mt.learning_focus)
                _put(row, "reflection", mt.reflection)
                _put(row, "summons_sent", mt.summons_sent)
                _put(row, "minutes_approved", mt.minutes_approved)
                _put(row, "approved_how", mt.approved_how)
                items = []
                for it in items_by.get(mt.id, []):
                    irow: dict[str, Any] = {}
                    _put(irow, "number", it.number)
                    irow["title"] = it.title
                    irow["kind"] = it.kind
                    irow["minutes"] = it.minutes
                    for attr in (
                        "presenter",
                        "background",
                        "proposal",
                        "decision",
                        "outcome",
                        "notes",
                    ):
                        _put(irow, attr, getattr(it, attr))
                    _put(irow, "prompt", prompt_key.get(it.prompt_id) if it.prompt_id else None)
                    _put(irow, "standing", it.standing)
                    _put(irow, "documents", list(it.documents))
                    acts = []
                    for ac in actions_by.get(it.id, []):
                        arow: dict[str, Any] = {"what": ac.what}
                        _put(arow, "owner", ac.owner)
                        _put(arow, "due", ac.due)
                        _put(arow, "done", ac.done)
                        acts.append(arow)
                    _put(irow, "action", acts)
                    confs = []
                    for c in conflicts_by.get(it.id, []):
                        crow: dict[str, Any] = {"person": person_key[c.person_id]}
                        _put(crow, "note", c.note)
                        confs.append(crow)
                    _put(irow, "conflict", confs)
                    items.append(irow)
                _put(row, "item", items)
                att = []
                for a in attendance_by.get(mt.id, []):
                    arow = {"person": person_key[a.person_id], "status": a.status}
                    _put(arow, "for", person_key.get(a.for_person_id) if a.for_person_id else None)
                    _put(arow, "note", a.note)
                    att.append(arow)
                _put(row, "attendance", att)
                out["meeting"].append(row)

        reports = s.exec(select(m.NeedsReport)).all()
        reports = sorted(reports, key=lambda r: (r.year, region_pos.get(r.region_id, 0)))
        if reports:
            versions_by: dict[int, list] = {}
            for v in s.exec(
                select(m.NeedsReportVersion).order_by(
                    m.NeedsReportVersion.report_id, m.NeedsReportVersion.number
                )
            ).all():
                versions_by.setdefault(v.report_id, []).append(v)
            out["needs_report"] = []
            for rep in reports:
                versions = versions_by.get(rep.id, [])
                row = {"region": region_code[rep.region_id], "year": rep.year, "state": rep.state}
                _put(row, "return_reason", rep.return_reason)
                if versions:
                    row.update(_export_version(versions[-1]))
                    earlier = [_export_version(v) for v in versions[:-1]]
                    _put(row, "earlier", earlier)
                out["needs_report"].append(row)

        runs = s.exec(
            select(m.AllocationRun).order_by(m.AllocationRun.year, m.AllocationRun.key)
        ).all()
        if runs:
            results_by: dict[int, list] = {}
            for res in s.exec(
                select(m.AllocationResult).order_by(
                    m.AllocationResult.run_id, m.AllocationResult.position
                )
            ).all():
                results_by.setdefault(res.run_id, []).append(res)
            out["allocation_run"] = []
            for run in runs:
                row = {
                    "key": run.key,
                    "year": run.year,
                    "scheme": run.scheme_code,
                    "budget": run.budget,
                    "status": run.status,
                    "created": run.created,
                }
                _put(row, "created_by", run.created_by)
                _put(row, "note", run.note)
                _put(row, "rules", dict(run.rules))
                results = []
                for res in results_by.get(run.id, []):
                    rrow: dict[str, Any] = {
                        "region": region_code[res.region_id],
                        "fte": _fte(res.centi_fte),
                    }
                    for attr in ("key", "equalization", "requested", "allocated", "network", "uh"):
                        rrow[attr] = getattr(res, attr)
                    _put(rrow, "flags", list(res.flags))
                    if res.adjustment:
                        rrow["adjustment"] = res.adjustment
                    _put(rrow, "adjustment_reason", res.adjustment_reason)
                    results.append(rrow)
                _put(row, "result", results)
                out["allocation_run"].append(row)
        return out


def _export_scheme_extras(row: dict[str, Any], scheme: Any) -> None:
    if scheme.network_fixed_bp is not None:
        row["network_fixed_pct"] = _pct(scheme.network_fixed_bp)
    _put(row, "fte_year", scheme.fte_year)
    row["needs_cap"] = scheme.needs_cap
    _put(row, "fixed", dict(scheme.fixed_amounts or {}))


def _export_version(v: Any) -> dict[str, Any]:
    row: dict[str, Any] = {}
    _put(row, "received", v.received)
    for attr in ("needs_assessment", "partnership_plan", "own_contribution"):
        _put(row, attr, getattr(v, attr))
    _put(row, "owners", list(v.owners))
    _put(row, "partners", list(v.partners))
    for attr in (
        "coordinator_amount",
        "release_amount",
        "leftover_amount",
        "network_amount",
        "uh_amount",
        "kindergarten_amount",
        "school_amount",
    ):
        row[attr] = getattr(v, attr)
    _put(row, "themes", list(v.themes))
    measures = [{k: mm[k] for k in _MEASURE_FIELDS if k in mm} for mm in v.measures]
    _put(row, "measure", measures)
    return row


_DUMP_LOCK = threading.Lock()


def dumps(data: dict[str, Any]) -> str:
    """TOML text with every array of tables under ``[[...]]`` headers.

    tomli-w writes short tables inline (``term = [{...}]``); headers are easier for people
    to read and edit and let import errors name a line, so its inline limit is set to 0
    while writing (a style knob only: any tomli-w writes valid TOML).
    """
    import tomli_w

    writer = getattr(tomli_w, "_writer", None)
    with _DUMP_LOCK:
        old = getattr(writer, "MAX_LINE_LENGTH", None)
        if old is not None:
            writer.MAX_LINE_LENGTH = 0  # type: ignore[union-attr]
        try:
            return tomli_w.dumps(data)
        finally:
            if old is not None:
                writer.MAX_LINE_LENGTH = old  # type: ignore[union-attr]


def export_text(db: Database) -> str:
    data = export_data(db)
    header = "# Sekretariat – utvekslingsfil (schema = 1). Se docs/exchange.md.\n"
    if data.get("forum", {}).get("fictional"):
        header += "# FIKTIVE DATA: personer, e-postadresser, telefonnumre, beløp og behovsmeldinger er oppdiktet.\n"
    return header + dumps(data)


def export_file(db: Database, path: Path) -> Path:
    """Write the export atomically: a half-written file never replaces a good one."""
    return write_atomic(path, export_text(db).encode("utf-8"), mode=db.file_mode())
