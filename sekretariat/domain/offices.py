"""Offices: the leader, the deputy leader and the working group (plan 3.4 and 3.6).

The leader is elected for ``leader_term_years`` (a forum setting); an exception, such as
the one-year leader of 2026, is recorded by giving the end explicitly. Only holders of a
``leader_eligible`` seat may lead. The working group is elected the same day as the leader;
a member fills a slot named in ``forum.working_group`` by holding a seat with that
``wg_slot``.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlmodel import col, select

from sekretariat.domain.people import sort_key
from sekretariat.domain.terms import Span, default_term_end, first_full_day, overlaps
from sekretariat.errors import RuleViolation, UserError
from sekretariat.formats import short_date
from sekretariat.storage.models import Forum, Office, Person, Seat, Term, row_id

if TYPE_CHECKING:
    from sqlmodel import Session

    from sekretariat.storage.database import Database

ROLE_NAMES = {"leader": "leder", "deputy": "nestleder", "working_group": "medlem av arbeidsgruppen"}
#: How the slots of the working group are named on screen and in lists.
SLOT_NAMES = {
    "leader": "Leder",
    "deputy": "Nestleder",
    "barnehage": "Barnehage",
    "skole": "Skole",
    "uh": "UH",
    "statsforvalteren": "Statsforvalteren",
}


def slot_name(slot: str) -> str:
    return SLOT_NAMES.get(slot, slot.capitalize())


@dataclass(frozen=True)
class HeldSeat:
    """A non-substitute term the candidate holds on the election day."""

    seat: str
    seat_name: str
    leader_eligible: bool
    wg_slot: str


@dataclass(frozen=True)
class OfficeSpan:
    person: str
    name: str
    role: str
    slot: str
    start: dt.date
    end: dt.date
    elected: dt.date | None = None


def check_office(
    *,
    person: str,
    name: str,
    role: str,
    slot: str,
    start: dt.date,
    end: dt.date,
    elected: dt.date,
    held: list[HeldSeat],
    others: list[OfficeSpan],
    slots: dict[str, int],
) -> None:
    """Raise ``RuleViolation`` (one Norwegian sentence) if the election breaks a rule.

    ``held`` are the seats the person holds on ``start``; ``others`` every stored office
    (the one being changed left out); ``slots`` the forum's working-group slots.
    """
    if role not in ROLE_NAMES:
        raise UserError(f"Ukjent verv «{role}».")
    if end < start:
        raise RuleViolation(
            f"Vervet kan ikke slutte ({short_date(end)}) før det begynner ({short_date(start)})."
        )
    if elected > start:
        raise RuleViolation(
            f"Vervet kan ikke begynne ({short_date(start)}) før valget ({short_date(elected)})."
        )
    for other in others:
        if other.person == person and overlaps(other.start, other.end, start, end):
            raise RuleViolation(
                f"{name} er allerede {ROLE_NAMES[other.role]} "
                f"{short_date(other.start)}–{short_date(other.end)}; avslutt det vervet først."
            )
    if role in ("leader", "deputy"):
        if not any(h.leader_eligible for h in held):
            raise RuleViolation(
                f"{name} kan ikke velges til {ROLE_NAMES[role]}: {short_date(start)} sitter hen ikke "
                "for barnehage- eller skoleeier, barnehagemyndighet eller Statsforvalteren."
            )
        for other in others:
            if other.role == role and overlaps(other.start, other.end, start, end):
                raise RuleViolation(
                    f"Forumet har allerede {ROLE_NAMES[role]} {short_date(other.start)}–"
                    f"{short_date(other.end)} ({other.name})."
                )
        return
    if slot not in slots:
        known = ", ".join(slot_name(s).lower() for s in slots) or "ingen"
        raise RuleViolation(f"Arbeidsgruppen har ingen plass «{slot}» (plassene er {known}).")
    if not any(h.wg_slot == slot for h in held):
        raise RuleViolation(
            f"{name} kan ikke fylle plassen «{slot_name(slot)}» i arbeidsgruppen: "
            f"{short_date(start)} sitter hen ikke i et sete som hører til den plassen."
        )
    leaders_elected = {o.elected or o.start for o in others if o.role == "leader"}
    if elected not in leaders_elected:
        raise RuleViolation(
            f"Arbeidsgruppen velges samme dag som lederen, og ingen leder ble valgt {short_date(elected)}."
        )
    members = [
        Span(o.start, o.end, o.person, o.name)
        for o in others
        if o.role == "working_group" and o.slot == slot
    ]
    full = first_full_day(members, start, end, slots[slot])
    if full is not None:
        raise RuleViolation(
            f"Plassen «{slot_name(slot)}» i arbeidsgruppen har bare {slots[slot]} "
            f"{'medlem' if slots[slot] == 1 else 'medlemmer'}, og den er full {short_date(full)}."
        )


# --------------------------------------------------------------------------- database
def _held(s: Session, person_id: int, on: dt.date) -> list[HeldSeat]:
    rows = s.exec(
        select(Seat)
        .join(Term, col(Term.seat_id) == col(Seat.id))
        .where(Term.person_id == person_id, Term.start <= on, Term.end >= on)
        .where(col(Term.substitute).is_(False))
    ).all()
    return [HeldSeat(seat.code, seat.name, seat.leader_eligible, seat.wg_slot) for seat in rows]


def _others(s: Session, skip: int | None = None) -> list[OfficeSpan]:
    rows = s.exec(
        select(Office, Person).join(Person, col(Person.id) == col(Office.person_id))
    ).all()
    return [
        OfficeSpan(p.key, p.name, o.role, o.slot, o.start, o.end, o.elected)
        for o, p in rows
        if o.id != skip
    ]


def elect(
    db: Database,
    *,
    person: str,
    role: str,
    start: dt.date,
    end: dt.date | None = None,
    slot: str = "",
    elected: dt.date | None = None,
) -> int:
    """Record an election (leader, deputy or working-group member); returns the office id.

    Without ``end`` the office runs ``leader_term_years`` less one day; give the end to
    record an exception (the leader elected in 2026 served one year).
    """

    with db.write() as s:
        the_person = s.exec(select(Person).where(Person.key == person)).first()
        if the_person is None:
            raise UserError(f"Fant ingen person med nøkkelen «{person}».")
        forum = s.get(Forum, 1)
        years = forum.leader_term_years if forum is not None else 2
        slots = dict(forum.working_group) if forum is not None else {}
        end = end or default_term_end(start, years)
        elected = elected or start
        check_office(
            person=the_person.key,
            name=the_person.name,
            role=role,
            slot=slot if role == "working_group" else "",
            start=start,
            end=end,
            elected=elected,
            held=_held(s, row_id(the_person), start),
            others=_others(s),
            slots=slots,
        )
        office = Office(
            person_id=row_id(the_person),
            role=role,
            slot=slot if role == "working_group" else "",
            start=start,
            end=end,
            elected=elected,
        )
        s.add(office)
        s.flush()
        return row_id(office)


def end_office(
    db: Database,
    office_id: int,
    end: dt.date,
) -> None:
    """End an office early (the person left the forum, or stepped down)."""

    with db.write() as s:
        office = s.get(Office, office_id)
        if office is None:
            raise UserError("Vervet finnes ikke lenger; oppdater visningen.")
        if end < office.start:
            raise RuleViolation(
                f"Vervet kan ikke slutte ({short_date(end)}) før det begynner ({short_date(office.start)})."
            )
        if end > office.end:
            raise RuleViolation(f"Vervet går allerede ut {short_date(office.end)}.")
        office.end = end
        s.add(office)


# --------------------------------------------------------------------------- reading
@dataclass(frozen=True)
class Member:
    office_id: int
    person: str
    name: str
    organisation: str
    start: dt.date
    end: dt.date
    elected: dt.date | None


@dataclass
class Slot:
    """A place in the working group (leader and deputy included) on a date."""

    slot: str
    count: int
    members: list[Member] = field(default_factory=list)

    @property
    def name(self) -> str:
        return slot_name(self.slot)

    @property
    def vacant(self) -> int:
        return max(self.count - len(self.members), 0)


@dataclass(frozen=True)
class WorkingGroup:
    on: dt.date
    slots: list[Slot]
    #: The day the current leader was elected: members are elected the same day.
    election: dt.date | None
    leader_term_years: int

    @property
    def vacant(self) -> int:
        return sum(s.vacant for s in self.slots)


def working_group(db: Database, on: dt.date) -> WorkingGroup:
    """Leader, deputy and every working-group slot with who fills it on ``on``."""

    with db.sql() as con:
        forum = con.execute(
            "SELECT working_group, leader_term_years FROM forum WHERE id = 1"
        ).fetchone()
        configured: dict[str, int] = json.loads(forum["working_group"]) if forum else {}
        slots = {"leader": Slot("leader", 1), "deputy": Slot("deputy", 1)}
        slots.update({name: Slot(name, count) for name, count in configured.items()})
        rows = con.execute(
            'SELECT o.id, o.role, o.slot, o.start, o."end", o.elected, p."key", p.name, p.organisation '
            "FROM office o JOIN person p ON p.id = o.person_id "
            'WHERE o.start <= ? AND o."end" >= ? ORDER BY o.start, p.name',
            (on.isoformat(), on.isoformat()),
        ).fetchall()
        election = None
        for r in rows:
            name = r["role"] if r["role"] in ("leader", "deputy") else r["slot"]
            slot = slots.setdefault(name, Slot(name, 0))
            elected = dt.date.fromisoformat(r["elected"]) if r["elected"] else None
            slot.members.append(
                Member(
                    r["id"],
                    r["key"],
                    r["name"],
                    r["organisation"],
                    dt.date.fromisoformat(r["start"]),
                    dt.date.fromisoformat(r["end"]),
                    elected,
                )
            )
            if r["role"] == "leader":
                election = elected or dt.date.fromisoformat(r["start"])
    return WorkingGroup(
        on, list(slots.values()), election, forum["leader_term_years"] if forum else 2
    )


@dataclass(frozen=True)
class CandidateRow:
    person: str
    name: str
    seats: str
    leader_eligible: bool
    wg_slots: tuple[str, ...]


def candidates(db: Database, on: dt.date) -> list[CandidateRow]:
    """People holding a (non-vara) seat on ``on``, with what they may be elected to."""

    with db.sql() as con:
        rows = con.execute(
            'SELECT p."key", p.name, s.name AS seat, s.leader_eligible, s.wg_slot '
            "FROM term t JOIN person p ON p.id = t.person_id JOIN seat s ON s.id = t.seat_id "
            'WHERE t.substitute = 0 AND t.start <= ? AND t."end" >= ?',
            (on.isoformat(), on.isoformat()),
        ).fetchall()
    found: dict[str, dict] = {}
    for r in rows:
        entry = found.setdefault(
            r["key"], {"name": r["name"], "seats": [], "eligible": False, "slots": []}
        )
        entry["seats"].append(r["seat"])
        entry["eligible"] |= bool(r["leader_eligible"])
        if r["wg_slot"]:
            entry["slots"].append(r["wg_slot"])
    out = [
        CandidateRow(k, v["name"], ", ".join(v["seats"]), v["eligible"], tuple(v["slots"]))
        for k, v in found.items()
    ]
    out.sort(key=lambda c: sort_key(c.name))
    return out
