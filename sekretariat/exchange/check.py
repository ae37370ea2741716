"""Checking a parsed exchange file against the spec, collecting every problem in Norwegian.

``check_document`` checks each row's keys and values (types, allowed values) and turns them
into their stored form; ``check_references`` then checks what rows say about each other and
about the database's rows (known networks, seats and people, simple rules). Problems name
the file, the line and the row; the first ``MAX_ERRORS`` are kept, and the import is
refused with the first of them and a count of the rest.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sekretariat.domain.terms import Span, TermCycle, first_double, most_at_once
from sekretariat.errors import ImportRefused
from sekretariat.exchange import spec
from sekretariat.exchange.locate import KeyPath, Locator
from sekretariat.formats import count, kroner, short_date
from sekretariat.i18n import N_, ui, ui_label
from sekretariat.labels import ANNUAL_CRITERIA

SCHEMA = 1
MAX_ERRORS = 25

#: Characters that would break a one-line message (line breaks of any kind, controls).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_LONGEST_PART = 300


def _printable(text: str) -> str:
    """One line, not endless: a message quotes what the file says, and a file may say
    anything (a line separator in a key, a text of 100 000 characters)."""
    text = _UNPRINTABLE.sub(lambda found: f"\\u{ord(found.group()):04x}", text)
    if len(text) > _LONGEST_PART:
        text = f"{text[: _LONGEST_PART - 60]} … {text[-40:]}"
    return text


@dataclass
class Problems:
    source: str
    locator: Locator
    items: list[str] = field(default_factory=list)

    def add(self, path: KeyPath, what: str | Label, message: str) -> None:
        if len(self.items) >= MAX_ERRORS:
            return
        line = self.locator.line(path)
        row, problem = _printable(str(what)), _printable(message)
        if line:
            found = ui("{source}, linje {line}: {row}: {problem}").format(
                source=self.source, line=line, row=row, problem=problem
            )
        else:
            found = f"{self.source}: {row}: {problem}"
        self.items.append(found)

    def raise_if_any(self) -> None:
        if self.items:
            raise ImportRefused(_summarise(self.items))


def _summarise(items: list[str]) -> str:
    first = items[0]
    if len(items) == 1:
        return ui("{problem}. Ingenting ble importert.").format(problem=first)
    more = len(items) - 1
    return ui("{problem}. ({more} feil til; ingenting ble importert.)").format(
        problem=first, more=more
    )


def describe(table: str, index: int, row: Any) -> str:
    """``[[person]] nr. 3 (nøkkel «kari»)``: a row as a message names it."""
    label = ui("[[{table}]] nr. {number}").format(table=table, number=index + 1)
    ident = spec.IDENTITY.get(table, ())
    if isinstance(row, dict):
        parts = []
        for key in ident:
            value = row.get(key)
            if value is not None and not isinstance(value, dict | list):
                name = ui(spec.NAMES_NB[key]) if key in spec.NAMES_NB else key
                parts.append(f"{name} «{value}»")
        if parts:
            label += " (" + ", ".join(parts) + ")"
    return label


class Label:
    """A row's name in a message, written out only when there is a problem to report.

    ``describe`` for every row of a large file costs more than checking its values.
    """

    __slots__ = ("parent", "table", "index", "row")

    def __init__(self, parent: str | Label | None, table: str, index: int, row: Any) -> None:
        self.parent, self.table, self.index, self.row = parent, table, index, row

    def __str__(self) -> str:
        own = describe(self.table, self.index, self.row)
        return own if self.parent is None else f"{self.parent} → {own}"


# --------------------------------------------------------------------------- values
_REQUIRED: dict[int, tuple[spec.Spec, tuple[str, ...]]] = {}


def _required(keys: spec.Spec) -> tuple[str, ...]:
    """The keys a spec requires (the spec tables are constants; kept to keep ids unique)."""
    found = _REQUIRED.get(id(keys))
    if found is None or found[0] is not keys:
        found = _REQUIRED[id(keys)] = (keys, tuple(k for k, rule in keys.items() if rule.required))
    return found[1]


def check_row(
    row: Any, keys: spec.Spec, path: KeyPath, what: str | Label, problems: Problems
) -> dict[str, Any] | None:
    """The row with every value in its stored form, or None (and problems) if it is bad."""
    if not isinstance(row, dict):
        problems.add(path, what, ui("skal være en tabell"))
        return None
    out: dict[str, Any] = {}
    ok = True
    for key, value in row.items():
        rule = keys.get(key)
        if rule is None:
            problems.add(path, what, ui("ukjent nøkkel «{key}»").format(key=key))
            ok = False
            continue
        if rule.children:
            if not isinstance(value, list):
                problems.add(
                    path,
                    what,
                    ui("«{key}» skal være en liste av tabeller ([[...]])").format(key=key),
                )
                ok = False
                continue
            children = []
            child_keys = spec.NESTED[rule.children]
            for i, child in enumerate(value):
                child_what = Label(what, rule.children, i, child)
                checked = check_row(child, child_keys, (*path, key, i), child_what, problems)
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
            problems.add(path, what, ui("mangler «{key}»").format(key=key))
            ok = False
    return out if ok else None


def check_document(raw: dict[str, Any], source: str, locator: Locator) -> dict[str, Any]:
    """A parsed file's rows in stored form; ``ImportRefused`` naming every problem found.

    A row with a problem is kept as None in its array, so the others keep their numbers.
    """
    problems = Problems(source, locator)
    schema = raw.get("schema")
    if schema is None:
        problems.add((), ui("filen"), ui("mangler «schema = 1» øverst"))
    elif isinstance(schema, bool) or not isinstance(schema, int):
        problems.add((), ui("filen"), ui("«schema» skal være et heltall"))
    elif schema > SCHEMA:
        raise ImportRefused(
            ui(
                "{source}: filen er skrevet av en nyere versjon av Sekretariat "
                "(schema = {schema}); oppgrader programmet. Ingenting ble importert."
            ).format(source=source, schema=schema)
        )
    elif schema != SCHEMA:
        problems.add(
            (), ui("filen"), ui("ukjent «schema = {schema}» (kjenner bare 1)").format(schema=schema)
        )
    data: dict[str, Any] = {}
    for key, value in raw.items():
        if key == "schema":
            continue
        if key in spec.TABLES:
            checked = check_row(value, spec.TABLES[key], (key,), f"[{key}]", problems)
            if checked is not None:
                data[key] = checked
        elif key in spec.ARRAYS:
            if not isinstance(value, list):
                problems.add((key,), f"«{key}»", ui("skal være en liste av tabeller ([[...]])"))
                continue
            rows = []
            for i, row in enumerate(value):
                what = Label(None, key, i, row)
                rows.append(check_row(row, spec.ARRAYS[key], (key, i), what, problems))
            data[key] = rows
        else:
            problems.add(
                (key,), ui("filen"), ui("ukjent tabell eller nøkkel «{key}»").format(key=key)
            )
    problems.raise_if_any()
    return data


# --------------------------------------------------------------------------- references
def _unknown_network(code: str) -> str:
    return ui("ukjent nettverk «{network}»").format(network=code)


def _unknown_network_in(code: str, key: str) -> str:
    return ui("ukjent nettverk «{network}» i «{key}»").format(network=code, key=key)


def _unknown_person(name: str) -> str:
    return ui("ukjent person «{person}»").format(person=name)


def _unknown_person_in(name: str, key: str) -> str:
    return ui("ukjent person «{person}» i «{key}»").format(person=name, key=key)


def _unknown_scheme(code: str) -> str:
    return ui("ukjent ordning «{scheme}»").format(scheme=code)


def _requires(key: str, needed: str) -> str:
    return ui("«{key}» krever «{needed}»").format(key=key, needed=needed)


def rows(data: dict[str, Any], table: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """(index in the file, row) of a checked array's good rows."""
    for i, row in enumerate(data.get(table, [])):
        if row is not None:
            yield i, row


@dataclass(frozen=True)
class SeatInfo:
    """What the import's rules need of a seat."""

    per_region: bool = False
    #: The networks it is chosen from, one each.
    regions: list[str] = field(default_factory=list)
    #: The sectors with a place each.
    sectors: list[str] = field(default_factory=list)
    count: int = 0


@dataclass(frozen=True)
class StoredTerm:
    """A stored term, by the stable keys a file uses."""

    person: str
    seat: str
    start: dt.date
    end: dt.date
    region: str = ""
    substitute: bool = False
    sector: str = ""


@dataclass
class Stored:
    """What the database already holds that a file's rows may refer to."""

    forum: bool = False
    region_kinds: dict[str, str] = field(default_factory=dict)
    seats: dict[str, SeatInfo] = field(default_factory=dict)
    people: set[str] = field(default_factory=set)
    prompts: set[str] = field(default_factory=set)
    themes: set[str] = field(default_factory=set)
    #: scheme code → (budgets by year, is it the default scheme?)
    schemes: dict[str, tuple[dict[str, int], bool]] = field(default_factory=dict)
    #: The forum's total grant by year.
    grants: dict[str, int] = field(default_factory=dict)
    #: The stored forum's term length and meeting pattern (None: no forum yet).
    cycle: TermCycle | None = None
    terms: list[StoredTerm] = field(default_factory=list)


def _duplicates(data: dict[str, Any], problems: Problems) -> None:
    for table, ident in spec.IDENTITY.items():
        if table not in spec.ARRAYS:
            continue
        seen: dict[tuple, int] = {}
        for i, row in rows(data, table):
            k = tuple(row.get(x) for x in ident)
            if k in seen:
                problems.add(
                    (table, i),
                    describe(table, i, row),
                    ui("står to ganger i filen (første gang som nr. {number})").format(
                        number=seen[k] + 1
                    ),
                )
            else:
                seen[k] = i


def check_references(data: dict[str, Any], stored: Stored, problems: Problems) -> None:
    """What the rows say about each other and the stored rows: every name known, simple
    rules kept. Problems are added, not raised."""
    p = problems
    if not stored.forum and "forum" not in data:
        p.add((), ui("filen"), ui("mangler [forum] (databasen har ikke noe forum ennå)"))
    _duplicates(data, p)
    region_kind = dict(stored.region_kinds)
    region_kind.update({r["code"]: r.get("kind", "regional") for _, r in rows(data, "region")})
    seats = dict(stored.seats)
    for _, r in rows(data, "seat"):
        seats[r["code"]] = SeatInfo(
            r.get("per_region", False), r.get("regions", []), r.get("sectors", []), r["count"]
        )
    people = stored.people | {r["key"] for _, r in rows(data, "person")}
    prompts = stored.prompts | {r["key"] for _, r in rows(data, "prompt")}
    themes = stored.themes | {r["code"] for _, r in rows(data, "theme")}

    def need(ok: bool, path: KeyPath, what: str | Label, message: str) -> None:
        if not ok:
            p.add(path, what, message)

    fixed_sources: list[tuple[KeyPath, str | Label, dict[str, Any]]] = [
        (("allocation",), "[allocation]", data.get("allocation") or {})
    ]
    fixed_sources += [
        (("scheme", i), Label(None, "scheme", i, r), r) for i, r in rows(data, "scheme")
    ]
    for path, what, row in fixed_sources:
        for code in row.get("fixed", {}):
            need(code in region_kind, path, what, _unknown_network_in(code, "fixed"))
        if row.get("needs_cap") is False and "network_fixed_pct" not in row:
            p.add(path, what, _requires("needs_cap = false", "network_fixed_pct"))
    default_code = (data.get("allocation") or {}).get("code")
    if default_code and default_code in {r["code"] for _, r in rows(data, "scheme")}:
        p.add(("allocation",), "[allocation]", ui("standardordningen står også som [[scheme]]"))
    for path, what, row in fixed_sources:
        for code in row.get("regions", []):
            need(code in region_kind, path, what, _unknown_network_in(code, "regions"))
        agreed = row.get("network_agreed_pct", {})
        if agreed and "network_fixed_pct" not in row:
            p.add(path, what, _requires("network_agreed_pct", "network_fixed_pct"))
        for code, bp in agreed.items():
            need(code in region_kind, path, what, _unknown_network_in(code, "network_agreed_pct"))
            if "network_fixed_pct" in row and bp > row["network_fixed_pct"]:
                p.add(
                    path,
                    what,
                    ui(
                        "avtalt andel for «{network}» kan bare gi UH mer, ikke nettverket "
                        "(høyst «network_fixed_pct»)"
                    ).format(network=code),
                )
        if "fte_year_end" in row:
            if "fte_year" not in row:
                p.add(path, what, _requires("fte_year_end", "fte_year"))
            elif row["fte_year_end"] < row["fte_year"]:
                p.add(path, what, ui("«fte_year_end» er før «fte_year»"))
    _check_grants(data, stored, p)
    for i, r in rows(data, "seat"):
        what = Label(None, "seat", i, r)
        for code in r.get("regions", []):
            need(code in region_kind, ("seat", i), what, _unknown_network_in(code, "regions"))
        if r.get("per_region") and r.get("regions"):
            p.add(("seat", i), what, ui("kan ikke ha både «per_region» og «regions»"))
        if r.get("sectors") and (r.get("per_region") or r.get("regions")):
            p.add(("seat", i), what, ui("kan ikke ha plasser både per nettverk og per sektor"))
    for i, r in rows(data, "person"):
        if "region" in r:
            what = Label(None, "person", i, r)
            need(r["region"] in region_kind, ("person", i), what, _unknown_network(r["region"]))
    for i, r in rows(data, "term"):
        _check_term(i, r, people, seats, region_kind, p)
    _check_quotas(data, stored, seats, p)
    for i, r in rows(data, "office"):
        what = Label(None, "office", i, r)
        need(r["person"] in people, ("office", i), what, _unknown_person(r["person"]))
        if "end" in r and r["end"] < r["start"]:
            p.add(("office", i), what, ui("slutt er før start"))
        if r["role"] == "working_group" and not r.get("slot"):
            p.add(("office", i), what, ui("medlem av arbeidsgruppen må ha «slot»"))
    for i, r in rows(data, "meeting"):
        _check_meeting(i, r, people, prompts, p)
    schemes = set(stored.schemes) | {r["code"] for _, r in rows(data, "scheme")}
    if (data.get("allocation") or {}).get("code"):
        schemes.add(data["allocation"]["code"])
    for i, r in rows(data, "local_plan"):
        what = Label(None, "local_plan", i, r)
        need(r["region"] in region_kind, ("local_plan", i), what, _unknown_network(r["region"]))
        if r["end_year"] < r["start_year"]:
            p.add(("local_plan", i), what, ui("sluttåret er før startåret"))
    for i, r in rows(data, "needs_report"):
        what = Label(None, "needs_report", i, r)
        need(r["region"] in region_kind, ("needs_report", i), what, _unknown_network(r["region"]))
        if "scheme" in r:
            need(r["scheme"] in schemes, ("needs_report", i), what, _unknown_scheme(r["scheme"]))
        for version in [r, *[v for v in r.get("earlier", []) if v is not None]]:
            for code in version.get("themes", []):
                need(
                    code in themes,
                    ("needs_report", i),
                    what,
                    ui("ukjent tema «{theme}»").format(theme=code),
                )
            for k, measure in enumerate(version.get("measure", [])):
                if measure and "start_year" in measure and "end_year" in measure:
                    need(
                        measure["end_year"] >= measure["start_year"],
                        ("needs_report", i, "measure", k),
                        what,
                        ui("tiltaket «{measure}» slutter før det starter").format(
                            measure=measure["title"]
                        ),
                    )

    def each_network_once(table: str, child: str, twice: str) -> None:
        """The ``child`` rows of each ``table`` row name known networks, each once
        (``twice``: the translated problem when one is named again, with ``{network}``)."""
        for i, r in rows(data, table):
            what = Label(None, table, i, r)
            seen: set[str] = set()
            for j, row in enumerate(r.get(child, [])):
                if row is None:
                    continue
                path = (table, i, child, j)
                code = row["region"]
                need(code in region_kind, path, what, _unknown_network(code))
                need(code not in seen, path, what, twice.format(network=code))
                seen.add(code)

    each_network_once(
        "allocation_run", "result", ui("nettverket «{network}» står to ganger i resultatet")
    )
    each_network_once(
        "grant_decision", "change", ui("nettverket «{network}» står to ganger i endringene")
    )
    for i, r in rows(data, "grant_decision"):
        what = Label(None, "grant_decision", i, r)
        need(r["scheme"] in schemes, ("grant_decision", i), what, _unknown_scheme(r["scheme"]))
    _check_annual_reports(data, region_kind, schemes, p)


def _check_annual_reports(
    data: dict[str, Any], region_kind: dict[str, str], schemes: set[str], p: Problems
) -> None:
    """Annual reports name known networks and schemes, criteria a–e only (forskrift § 5),
    and each control point once; an avvik says what it is."""
    for i, r in rows(data, "annual_report"):
        what = Label(None, "annual_report", i, r)
        path = ("annual_report", i)
        if r["region"] not in region_kind:
            p.add(path, what, _unknown_network(r["region"]))
        if "scheme" in r and r["scheme"] not in schemes:
            p.add(path, what, _unknown_scheme(r["scheme"]))
        for version in [r, *[v for v in r.get("earlier", []) if v is not None]]:
            for code in version.get("criteria", {}):
                if code not in ANNUAL_CRITERIA:
                    p.add(
                        path,
                        what,
                        ui("ukjent kjennetegn «{code}»; kjennetegnene er a–e").format(code=code),
                    )
        seen: set[str] = set()
        for j, check in enumerate(r.get("check", [])):
            if check is None:
                continue
            if check["code"] in seen:
                p.add(
                    (*path, "check", j),
                    what,
                    ui("kontrollpunktet «{code}» står to ganger").format(code=check["code"]),
                )
            seen.add(check["code"])
            if check.get("result") == "avvik" and not check.get("note", "").strip():
                p.add(
                    (*path, "check", j),
                    what,
                    ui("avviket i «{code}» mangler «note»").format(code=check["code"]),
                )


def _check_term(
    i: int,
    r: dict[str, Any],
    people: set[str],
    seats: dict[str, SeatInfo],
    region_kind: dict[str, str],
    p: Problems,
) -> None:
    what = Label(None, "term", i, r)
    path = ("term", i)
    if r["person"] not in people:
        p.add(path, what, _unknown_person(r["person"]))
    seat = seats.get(r["seat"])
    if seat is None:
        p.add(path, what, ui("ukjent sete «{seat}»").format(seat=r["seat"]))
        return
    per_region, allowed = seat.per_region, seat.regions
    if seat.sectors and r.get("sector") not in seat.sectors:
        places = ", ".join(seat.sectors)
        p.add(
            path,
            what,
            ui("setet har én plass per sektor, så «sector» må være en av {places}").format(
                places=places
            ),
        )
    if not seat.sectors and "sector" in r:
        p.add(path, what, ui("setet har ikke plasser per sektor; ta bort «sector»"))
    region = r.get("region")
    if region is not None and region not in region_kind:
        p.add(path, what, _unknown_network(region))
        return
    if per_region:
        if region is None:
            p.add(path, what, ui("setet er ett per regionalt nettverk, så «region» må oppgis"))
        elif region_kind.get(region) != "regional":
            p.add(
                path, what, ui("«{network}» er ikke et regionalt nettverk").format(network=region)
            )
    if allowed and region not in allowed:
        p.add(
            path,
            what,
            ui("setet skal velges fra {networks}").format(networks=", ".join(allowed)),
        )
    if "end" in r and r["end"] < r["start"]:
        p.add(path, what, ui("slutt er før start"))


def _term_cycle(data: dict[str, Any], stored: Stored) -> TermCycle:
    """The term length and meeting pattern the import will use: the file's forum over the
    stored one (as ``importer._terms`` sees it once the forum row is written)."""
    base = stored.cycle or TermCycle()
    forum = data.get("forum") or {}
    return TermCycle(
        forum.get("term_years", base.years),
        tuple(forum.get("meeting_weeks", base.weeks)),
        forum.get("meeting_weekday", base.weekday),
    )


#: A place of a seat already held: (places per sector?, a substitute?) → the problem
#: (translated where shown).
_QUOTA_TAKEN = {
    (False, False): N_(
        "nettverket «{network}» har allerede representant i setet «{seat}» "
        "({person}, {start}–{end}); ett om gangen"
    ),
    (False, True): N_(
        "nettverket «{network}» har allerede vara i setet «{seat}» "
        "({person}, {start}–{end}); ett om gangen"
    ),
    (True, False): N_(
        "{sector} har allerede representant i setet «{seat}» "
        "({person}, {start}–{end}); ett om gangen"
    ),
    (True, True): N_(
        "{sector} har allerede vara i setet «{seat}» ({person}, {start}–{end}); ett om gangen"
    ),
}


def _check_quotas(
    data: dict[str, Any], stored: Stored, seats: dict[str, SeatInfo], p: Problems
) -> None:
    """The seat table's quotas over the terms as they will be after the import: one holder
    (and one vara) per network or sector place at a time, and no more holders than the
    seat has places, as the app refuses (``terms.check_term``). A clash the file has no
    part in (already stored) is left alone; one it has is refused at its term's line."""
    cycle = _term_cycle(data, stored)
    final: dict[tuple[str, str, dt.date], tuple[Span, int | None]] = {}
    for t in stored.terms:
        span = Span(t.start, t.end, t.person, t.person, t.region, t.substitute, t.sector)
        final[(t.person, t.seat, t.start)] = (span, None)
    for i, r in rows(data, "term"):
        end = r.get("end") or cycle.end(r["start"])
        span = Span(
            r["start"],
            end,
            r["person"],
            r["person"],
            r.get("region", ""),
            r.get("substitute", False),
            r.get("sector", ""),
        )
        final[(r["person"], r["seat"], r["start"])] = (span, i)
    by_seat: dict[str, list[tuple[Span, int | None]]] = {}
    for (_, seat_code, _), placed in final.items():
        by_seat.setdefault(seat_code, []).append(placed)
    for code, terms in by_seat.items():
        seat = seats.get(code)
        if seat is None:
            continue
        line = {id(span): i for span, i in terms}
        places: dict[tuple[str, bool], list[Span]] = {}
        if seat.per_region or seat.regions or seat.sectors:
            for span, _ in terms:
                place = span.sector if seat.sectors else span.region
                if place:
                    places.setdefault((place, span.substitute), []).append(span)
        for (place, substitute), spans in places.items():
            clash = first_double(spans)
            if clash is None:
                continue
            earlier, later = clash
            at = line[id(later)] if line[id(later)] is not None else line[id(earlier)]
            if at is None:
                continue
            other = earlier if line[id(later)] is not None else later
            row = data["term"][at]
            p.add(
                ("term", at),
                Label(None, "term", at, row),
                ui(_QUOTA_TAKEN[bool(seat.sectors), substitute]).format(
                    sector=ui_label(place).lower(),
                    network=place,
                    seat=code,
                    person=other.person,
                    start=short_date(other.start),
                    end=short_date(other.end),
                ),
            )
        holders = [span for span, _ in terms if not span.substitute]
        most, day = most_at_once(holders)
        if day is not None and most > seat.count:
            overlapping = [
                i
                for span, i in terms
                if i is not None and not span.substitute and span.start <= day <= span.end
            ]
            if overlapping:
                at = overlapping[-1]
                p.add(
                    ("term", at),
                    Label(None, "term", at, data["term"][at]),
                    ui("setet «{seat}» har {places}, men {holders} {day}").format(
                        seat=code,
                        places=count(seat.count, ui("plass"), ui("plasser")),
                        holders=count(most, ui("holder"), ui("holdere")),
                        day=short_date(day),
                    ),
                )


def _check_grants(data: dict[str, Any], stored: Stored, p: Problems) -> None:
    """The schemes' budgets for a year may not add up to more than the forum's total grant
    for that year (Agder 2020: 10 698 000 + 12 999 000 + 1 423 000 = 25 120 000)."""
    grants = dict(stored.grants)
    forum = data.get("forum") or {}
    grants.update(forum.get("grants", {}))
    if not grants:
        return
    budgets = {code: dict(b) for code, (b, _) in stored.schemes.items()}
    default = next((code for code, (_, d) in stored.schemes.items() if d), None)
    allocation = data.get("allocation")
    if allocation is not None:
        code = allocation.get("code") or default or "kollektiv"
        if "budgets" in allocation:
            budgets[code] = allocation["budgets"]
    for _, r in rows(data, "scheme"):
        if "budgets" in r:
            budgets[r["code"]] = r["budgets"]
    for year, total in sorted(grants.items()):
        used = sum(b.get(year, 0) for b in budgets.values())
        if used > total:
            path = ("forum",) if "grants" in forum else ()
            p.add(
                path,
                "[forum]" if path else ui("filen"),
                ui(
                    "ordningenes budsjetter for {year} er til sammen {used}, mer enn "
                    "forumets tildeling {total}"
                ).format(year=year, used=kroner(used), total=kroner(total)),
            )


def _check_meeting(
    i: int, r: dict[str, Any], people: set[str], prompts: set[str], p: Problems
) -> None:
    what = Label(None, "meeting", i, r)
    for key in ("chair", "facilitator"):
        if key in r and r[key] not in people:
            p.add(("meeting", i), what, _unknown_person_in(r[key], key))
    if "start" in r and "end" in r and r["end"] <= r["start"]:
        p.add(("meeting", i), what, ui("møtet slutter før det begynner"))
    numbers: set[int] = set()
    for j, item in enumerate(r.get("item", [])):
        if item is None:
            continue
        iw = Label(what, "meeting.item", j, item)
        path: KeyPath = ("meeting", i, "item", j)
        if "prompt" in item and item["prompt"] not in prompts:
            p.add(
                path, iw, ui("ukjent refleksjonsspørsmål «{prompt}»").format(prompt=item["prompt"])
            )
        if "number" in item:
            if item["number"] in numbers:
                p.add(
                    path, iw, ui("saksnummer {number} står to ganger").format(number=item["number"])
                )
            numbers.add(item["number"])
        for k, c in enumerate(item.get("conflict", [])):
            if c is not None and c["person"] not in people:
                p.add(
                    (*path, "conflict", k),
                    iw,
                    ui("ukjent person «{person}» i habilitet").format(person=c["person"]),
                )
    seen: set[str] = set()
    for j, a in enumerate(r.get("attendance", [])):
        if a is None:
            continue
        path = ("meeting", i, "attendance", j)
        aw = Label(what, "meeting.attendance", j, a)
        if ("person" in a) == ("guest" in a):
            p.add(
                path,
                aw,
                ui("oppmøtet skal ha enten «person» eller «guest» (en gjest utenfor registeret)"),
            )
            continue
        if "guest" in a:
            if "for" in a:
                p.add(path, aw, ui("en gjest kan ikke møte «for» noen"))
            if f"gjest:{a['guest']}" in seen:
                p.add(path, aw, ui("gjesten står to ganger i oppmøtet"))
            seen.add(f"gjest:{a['guest']}")
            continue
        if "organisation" in a:
            p.add(path, aw, ui("«organisation» gjelder bare en gjest («guest»)"))
        if a["person"] not in people:
            p.add(path, aw, _unknown_person(a["person"]))
        if a["person"] in seen:
            p.add(path, aw, ui("personen står to ganger i oppmøtet"))
        seen.add(a["person"])
        if "for" in a and a["for"] not in people:
            p.add(path, aw, _unknown_person_in(a["for"], "for"))
