"""Terms (mandater): appointing to a seat, renewing, ending early, and the rules they obey.

The rules are checked by ``check_term`` on plain values, so they can be tested (and
property-tested) without a database; ``appoint``, ``renew`` and ``end_term`` load what the
check needs inside the same IMMEDIATE write transaction that then stores the term, so two
users cannot both take the last seat.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlmodel import col, select

from sekretariat.domain.cycle import first_meeting, period_end
from sekretariat.errors import RuleViolation, UserError, shown
from sekretariat.formats import (
    DATE_HINT,
    NotUnderstood,
    parse_date,
    parse_years,
    short_date,
    years_in_words,
)
from sekretariat.i18n import app_language, ui, ui_label
from sekretariat.storage.models import Forum, Person, Region, Seat, Term, row_id
from sekretariat.storage.models import Person as P

if TYPE_CHECKING:
    from sqlmodel import Session

    from sekretariat.storage.database import Database
    from sekretariat.storage.models import Person, Seat, Term

#: Roles that make a person a representative of an owner or authority (plan 3.2).
OWNER_ROLES = frozenset({"owner", "authority"})
ROLE_WORDS = {"owner": "eier", "authority": "myndighet", "coordinator": "koordinator"}


def default_term_end(start: dt.date, years: int, weeks: Sequence[int], weekday: int) -> dt.date:
    """Where a term without an explicit end stops: ``years`` years in the forum's annual
    cycle (``cycle.period_end``), so a term from a period's first meeting runs to the day
    before the first meeting of the next period and no seat stands empty in between."""
    return period_end(start, years, list(weeks), weekday)


@dataclass(frozen=True)
class TermCycle:
    """What a term's default end depends on: the forum's term length and meeting pattern."""

    years: int = 2
    weeks: tuple[int, ...] = (3, 10, 25, 38, 46)
    weekday: int = 4

    def end(self, start: dt.date) -> dt.date:
        return default_term_end(start, self.years, self.weeks, self.weekday)


@dataclass(frozen=True)
class TermEnd:
    """A term's last day as the appoint and renew dialogs read it, and why it is that day
    (empty for a date typed as such)."""

    end: dt.date
    why: str = ""


def read_term_end(text: str, start: dt.date, cycle: TermCycle) -> TermEnd:
    """The «Til» of a term as typed: a date, a length (``"2 år"``), or nothing for the
    forum's term length. A length runs in the annual cycle (R1), and ``why`` says so:
    «Til og med 17.01.2029: to år fra møtet 21.01.2027, til dagen før første møte i neste
    periode (18.01.2029).»
    """
    raw = text.strip()
    if "." in raw or "-" in raw:
        return TermEnd(parse_date(raw))
    try:
        years = parse_years(raw) if raw else cycle.years
    except NotUnderstood:
        raise NotUnderstood(
            ui(
                "«{value}» er verken en dato eller et antall år; {hint}, eller for eksempel «2 år»."
            ).format(value=shown(raw), hint=ui(DATE_HINT))
        ) from None
    weeks = list(cycle.weeks)
    end = period_end(start, years, weeks, cycle.weekday)
    length = years_in_words(years, app_language())
    first = first_meeting(start, weeks, cycle.weekday)
    if first is None:
        why = ui("{length}, til dagen før årsdagen for starten").format(length=length)
    elif first == start:
        why = ui("{length}, til dagen før første møte i neste periode ({next})").format(
            length=length, next=short_date(end + dt.timedelta(days=1))
        )
    else:
        why = ui(
            "{length} fra møtet {first}, til dagen før første møte i neste periode ({next})"
        ).format(
            length=length, first=short_date(first), next=short_date(end + dt.timedelta(days=1))
        )
    return TermEnd(end, ui("Til og med {end}: {why}.").format(end=short_date(end), why=why))


@dataclass(frozen=True)
class SeatRules:
    """What a seat category demands of its terms."""

    code: str
    name: str
    count: int
    per_region: bool = False
    regions: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    voting: bool = True
    excluded_roles: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()


@dataclass(frozen=True)
class Candidate:
    key: str
    name: str
    roles: tuple[str, ...] = ()


@dataclass(frozen=True)
class RegionInfo:
    code: str
    name: str
    kind: str = "regional"


@dataclass(frozen=True)
class Span:
    """A term as the rules see it: who, where and when (both ends inclusive)."""

    start: dt.date
    end: dt.date
    person: str = ""
    name: str = ""
    region: str = ""
    substitute: bool = False
    sector: str = ""


def overlaps(a_start: dt.date, a_end: dt.date, b_start: dt.date, b_end: dt.date) -> bool:
    """Whether two inclusive date ranges share at least one day."""
    return a_start <= b_end and b_start <= a_end


def first_full_day(
    others: Iterable[Span], start: dt.date, end: dt.date, capacity: int
) -> dt.date | None:
    """The first day in [start, end] on which ``others`` already fill ``capacity`` places.

    The number of running terms only rises on a day some term starts, so it is enough to
    look at ``start`` and at the starts of the others that fall inside the range.
    """
    spans = [o for o in others if overlaps(o.start, o.end, start, end)]
    days = sorted({start, *(o.start for o in spans if start < o.start <= end)})
    for day in days:
        if sum(1 for o in spans if o.start <= day <= o.end) >= capacity:
            return day
    return None


def first_double(spans: Iterable[Span]) -> tuple[Span, Span] | None:
    """The first two spans of different people that share a day, in order of start.

    For a place only one person may hold at a time (a network's seat, a sector's place).
    Sorted by start, a span clashes with an earlier one of someone else exactly when it
    starts on or before the latest end among those others; keeping the latest-ending span
    of the two people who reach furthest is enough to know that in one pass.
    """
    first: Span | None = None  # the span reaching furthest
    second: Span | None = None  # the furthest of someone other than ``first``'s person
    for span in sorted(spans, key=lambda x: (x.start, x.end, x.person)):
        other = first if first is None or first.person != span.person else second
        if other is not None and span.start <= other.end:
            return other, span
        if first is None or span.end > first.end:
            if first is not None and first.person != span.person:
                second = first
            first = span
        elif span.person != first.person and (second is None or span.end > second.end):
            second = span
    return None


def most_at_once(spans: Iterable[Span]) -> tuple[int, dt.date | None]:
    """How many different people hold the spans on the busiest day, and the first such day."""
    events: list[tuple[dt.date, int, str]] = []
    for span in spans:
        events.append((span.start, 1, span.person))
        events.append((span.end + dt.timedelta(days=1), -1, span.person))
    events.sort(key=lambda e: (e[0], e[1]))  # on a day, ends (-1) before starts
    running: dict[str, int] = {}
    best, when = 0, None
    i = 0
    while i < len(events):
        day = events[i][0]
        while i < len(events) and events[i][0] == day:
            _, step, person = events[i]
            running[person] = running.get(person, 0) + step
            if not running[person]:
                del running[person]
            i += 1
        if len(running) > best:
            best, when = len(running), day
    return best, when


def _roles_text(roles: Sequence[str]) -> str:
    words = [ui_label(r).lower() if r in ROLE_WORDS else r for r in roles]
    return (
        " eller ".join(words) if len(words) < 3 else ", ".join(words[:-1]) + " eller " + words[-1]
    )


def check_term(
    seat: SeatRules,
    person: Candidate,
    region: RegionInfo | None,
    new: Span,
    others: Iterable[Span],
) -> None:
    """Raise ``RuleViolation`` (one Norwegian sentence) if the new term breaks a rule.

    ``others`` are the seat's other terms (the term being changed left out).
    """
    others = list(others)
    if new.end < new.start:
        raise RuleViolation(
            ui("Mandatet kan ikke slutte ({end}) før det begynner ({start}).").format(
                end=short_date(new.end), start=short_date(new.start)
            )
        )
    roles = set(person.roles)
    if seat.roles and not roles & set(seat.roles):
        raise RuleViolation(
            ui("{name} kan ikke sitte i «{seat}»: setet krever rollen {roles}.").format(
                name=person.name, seat=seat.name, roles=_roles_text(seat.roles)
            )
        )
    excluded = roles & set(seat.excluded_roles)
    if excluded:
        raise RuleViolation(
            ui(
                "{name} kan ikke sitte i «{seat}»: setet er for dem som ikke har rollen {roles}."
            ).format(name=person.name, seat=seat.name, roles=_roles_text(sorted(excluded)))
        )
    if seat.voting and "coordinator" in roles and not roles & OWNER_ROLES:
        raise RuleViolation(
            ui(
                "{name} har bare koordinatorrollen og kan bare være observatør, "
                "ikke representant i «{seat}»."
            ).format(name=person.name, seat=seat.name)
        )
    if seat.per_region:
        if region is None:
            raise RuleViolation(
                ui("«{seat}» har ett sete per regionalt nettverk; velg nettverket.").format(
                    seat=seat.name
                )
            )
        if region.kind != "regional":
            raise RuleViolation(
                ui("{region} er ikke et regionalt nettverk og har ikke sete i «{seat}».").format(
                    region=region.name, seat=seat.name
                )
            )
    if seat.regions and (region is None or region.code not in seat.regions):
        raise RuleViolation(
            ui("Setet i «{seat}» skal besettes fra et av nettverkene som er valgt for det.").format(
                seat=seat.name
            )
        )
    if seat.sectors and new.sector not in seat.sectors:
        places = " og ".join(ui_label(x).lower() for x in seat.sectors)
        raise RuleViolation(
            ui("«{seat}» har én plass for {places}; velg hvilken.").format(
                seat=seat.name, places=places
            )
        )
    if not seat.sectors and new.sector:
        raise RuleViolation(ui("«{seat}» har ikke plasser per sektor.").format(seat=seat.name))
    for other in others:
        if other.person == person.key and overlaps(other.start, other.end, new.start, new.end):
            raise RuleViolation(
                ui("{name} har allerede et mandat i «{seat}» {start}–{end} som overlapper.").format(
                    name=person.name,
                    seat=seat.name,
                    start=short_date(other.start),
                    end=short_date(other.end),
                )
            )
    if (seat.per_region or seat.regions) and region is not None:
        for other in others:
            if (
                other.region == region.code
                and other.substitute == new.substitute
                and overlaps(other.start, other.end, new.start, new.end)
            ):
                taken = (
                    ui("{region} har allerede vara i «{seat}» ({name}, {start}–{end}).")
                    if new.substitute
                    else ui(
                        "{region} har allerede representant i «{seat}» ({name}, {start}–{end})."
                    )
                )
                raise RuleViolation(
                    taken.format(
                        region=region.name,
                        seat=seat.name,
                        name=other.name,
                        start=short_date(other.start),
                        end=short_date(other.end),
                    )
                )
    if seat.sectors:
        for other in others:
            if (
                other.sector == new.sector
                and other.substitute == new.substitute
                and overlaps(other.start, other.end, new.start, new.end)
            ):
                taken = (
                    ui("Plassen for {sector} i «{seat}» har allerede vara ({name}, {start}–{end}).")
                    if new.substitute
                    else ui(
                        "Plassen for {sector} i «{seat}» har allerede representant "
                        "({name}, {start}–{end})."
                    )
                )
                raise RuleViolation(
                    taken.format(
                        sector=ui_label(new.sector).lower(),
                        seat=seat.name,
                        name=other.name,
                        start=short_date(other.start),
                        end=short_date(other.end),
                    )
                )
    same_kind = [o for o in others if o.substitute == new.substitute]
    full = first_full_day(same_kind, new.start, new.end, seat.count)
    if full is not None:
        taken = (
            ui("Alle {count} varaplassene i «{seat}» er besatt {day}.")
            if new.substitute
            else ui("Alle {count} setene i «{seat}» er besatt {day}.")
        )
        raise RuleViolation(taken.format(count=seat.count, seat=seat.name, day=short_date(full)))


# --------------------------------------------------------------------------- database
def _seat(s: Session, code: str) -> Seat:
    seat = s.exec(select(Seat).where(Seat.code == code)).first()
    if seat is None:
        raise UserError(ui("Ukjent sete «{code}».").format(code=code))
    return seat


def _person(s: Session, key: str) -> Person:
    person = s.exec(select(Person).where(Person.key == key)).first()
    if person is None:
        raise UserError(ui("Fant ingen person med nøkkelen «{key}».").format(key=key))
    return person


def _term(s: Session, term_id: int) -> Term:
    term = s.get(Term, term_id)
    if term is None:
        raise UserError(ui("Mandatet finnes ikke lenger; oppdater visningen."))
    return term


def term_cycle(s: Session) -> TermCycle:
    """The forum's term length and meeting pattern (the model's defaults without a forum)."""
    forum = s.get(Forum, 1)
    if forum is None:
        return TermCycle()
    return TermCycle(forum.term_years, tuple(forum.meeting_weeks), forum.meeting_weekday)


def seat_rules(seat: Seat) -> SeatRules:
    """A stored seat's rules as ``check_term`` takes them."""
    return SeatRules(
        seat.code,
        seat.name,
        seat.count,
        seat.per_region,
        tuple(seat.regions),
        tuple(seat.roles),
        seat.voting,
        tuple(seat.excluded_roles),
        tuple(seat.sectors),
    )


def _check(
    s: Session,
    seat: Seat,
    person: Person,
    region_id: int | None,
    start: dt.date,
    end: dt.date,
    substitute: bool,
    sector: str = "",
    skip: int | None = None,
) -> None:
    codes = {r.id: r for r in s.exec(select(Region)).all()}
    region = codes.get(region_id) if region_id is not None else None
    rows = s.exec(
        select(Term, P)
        .join(P, col(P.id) == col(Term.person_id))
        .where(col(Term.seat_id) == seat.id)
    ).all()
    others = [
        Span(
            t.start,
            t.end,
            p.key,
            p.name,
            codes[t.region_id].code if t.region_id in codes else "",
            t.substitute,
            t.sector,
        )
        for t, p in rows
        if t.id != skip
    ]
    check_term(
        seat_rules(seat),
        Candidate(person.key, person.name, tuple(person.roles)),
        RegionInfo(region.code, region.name, region.kind) if region is not None else None,
        Span(
            start, end, person.key, person.name, region.code if region else "", substitute, sector
        ),
        others,
    )


def appoint(
    db: Database,
    *,
    person: str,
    seat: str,
    start: dt.date,
    end: dt.date | None = None,
    region: str | None = None,
    substitute: bool = False,
    sector: str = "",
) -> int:
    """Appoint a person to a seat (or as its vara); returns the new term's id.

    Without ``end`` the term runs ``term_years`` (a forum setting) in the annual cycle
    (``default_term_end``). ``sector`` names the place of a seat with one per sector.
    """

    with db.write() as s:
        the_seat = _seat(s, seat)
        the_person = _person(s, person)
        region_id = None
        if region:
            found = s.exec(select(Region).where(Region.code == region)).first()
            if found is None:
                raise UserError(ui("Ukjent nettverk «{code}».").format(code=region))
            region_id = found.id
        end = end or term_cycle(s).end(start)
        _check(s, the_seat, the_person, region_id, start, end, substitute, sector)
        term = Term(
            person_id=row_id(the_person),
            seat_id=row_id(the_seat),
            region_id=region_id,
            start=start,
            end=end,
            substitute=substitute,
            sector=sector,
        )
        s.add(term)
        s.flush()
        return row_id(term)


def renew(db: Database, term_id: int, end: dt.date | None = None) -> int:
    """A new term in the same seat, region and capacity, from the day after the old end."""

    with db.write() as s:
        old = _term(s, term_id)
        seat = s.get(Seat, old.seat_id)
        person = s.get(Person, old.person_id)
        assert seat is not None and person is not None
        start = old.end + dt.timedelta(days=1)
        end = end or term_cycle(s).end(start)
        _check(s, seat, person, old.region_id, start, end, old.substitute, old.sector)
        term = Term(
            person_id=old.person_id,
            seat_id=old.seat_id,
            region_id=old.region_id,
            start=start,
            end=end,
            substitute=old.substitute,
            sector=old.sector,
        )
        s.add(term)
        s.flush()
        return row_id(term)


def end_term(db: Database, term_id: int, end: dt.date, reason: str) -> None:
    """End a term early: the last day it runs, and why."""
    reason = " ".join(reason.split())
    if not reason:
        raise UserError(ui("Skriv hvorfor mandatet avsluttes."))
    with db.write() as s:
        term = _term(s, term_id)
        if end < term.start:
            raise RuleViolation(
                ui("Mandatet kan ikke slutte ({end}) før det begynner ({start}).").format(
                    end=short_date(end), start=short_date(term.start)
                )
            )
        if end > term.end:
            raise RuleViolation(
                ui("Mandatet går allerede ut {end}; bruk «Forny» for å gi et nytt mandat.").format(
                    end=short_date(term.end)
                )
            )
        term.end = end
        term.ended_reason = reason
        s.add(term)


@dataclass(frozen=True)
class TermInfo:
    """A stored term, as a screen shows it."""

    id: int
    person: str
    name: str
    seat: str
    seat_name: str
    region: str
    start: dt.date
    end: dt.date
    substitute: bool
    ended_reason: str
    sector: str = ""


def get_term(db: Database, term_id: int) -> TermInfo:
    """One term with its person and seat named."""
    with db.sql() as con:
        r = con.execute(
            'SELECT t.id, p."key" AS person, p.name, s.code AS seat, s.name AS seat_name, '
            "COALESCE(r.code, '') AS region, t.start, t.\"end\", t.substitute, t.ended_reason, "
            "t.sector "
            "FROM term t JOIN person p ON p.id = t.person_id JOIN seat s ON s.id = t.seat_id "
            "LEFT JOIN region r ON r.id = t.region_id WHERE t.id = ?",
            (term_id,),
        ).fetchone()
    if r is None:
        raise UserError(ui("Mandatet finnes ikke lenger; oppdater visningen."))

    return TermInfo(
        r["id"],
        r["person"],
        r["name"],
        r["seat"],
        r["seat_name"],
        r["region"],
        dt.date.fromisoformat(r["start"]),
        dt.date.fromisoformat(r["end"]),
        bool(r["substitute"]),
        r["ended_reason"],
        r["sector"],
    )


def forum_term_cycle(db: Database) -> TermCycle:
    """The forum's term length and meeting pattern (for showing a term's end before saving)."""
    with db.sql() as con:
        row = con.execute(
            "SELECT term_years, meeting_weeks, meeting_weekday FROM forum WHERE id = 1"
        ).fetchone()
    if row is None:
        return TermCycle()
    return TermCycle(row[0], tuple(json.loads(row[1])), row[2])
