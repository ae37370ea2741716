"""Offices: the leader, the deputy leader and the working group (plan 3.4 and 3.6).

The leader is elected for ``leader_term_years`` (a forum setting); a first period of its
own length (the one-year leader of 2026) is the forum's data (``leader_first_year`` and
``leader_first_term_years``), and every office ends with the period it falls in
(``cycle.office_end``) unless an end is given.

The plan says the leadership «bør tillegges barnehage- og skoleeier eller
barnehagemyndighet eller statsforvalter» (3.4): a *should*, so electing someone who holds
no ``leader_eligible`` seat is a warning the secretariat passes by recording a reason
(``EligibilityWarning`` until one is given). The plan says nothing of who may be deputy
leader, only that the deputy sits in the working group (3.6), so the deputy has no such
rule. The working group is elected the same day as the leader (3.6); a member fills a
slot named in ``forum.working_group`` by holding a seat with that ``wg_slot``. A new
election replaces what an earlier one chose: offices of the same role (the whole working
group, for a member) or of the same person from an earlier election end the day before
the new one starts, however far their stored period reaches.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlmodel import col, select

from sekretariat.domain.cycle import office_end
from sekretariat.domain.people import sort_key
from sekretariat.domain.terms import Span, first_full_day, overlaps
from sekretariat.errors import RuleViolation, UserError
from sekretariat.formats import count, short_date
from sekretariat.i18n import N_, texts, ui
from sekretariat.storage.models import Forum, Office, Person, Seat, Term, row_id

if TYPE_CHECKING:
    from sqlmodel import Session

    from sekretariat.storage.database import Database

ROLE_NAMES = {
    "leader": N_("leder"),
    "deputy": N_("nestleder"),
    "working_group": N_("medlem av arbeidsgruppen"),
}
#: How the slots of the working group are named on screen and in lists.
SLOT_NAMES = {
    "leader": N_("Leder"),
    "deputy": N_("Nestleder"),
    "barnehage": N_("Barnehage"),
    "skole": N_("Skole"),
    "uh": N_("UH"),
    "statsforvalteren": N_("Statsforvalteren"),
}


#: Who the plan says the leadership should go to (3.4), as the warning names them.
LEADER_SHOULD = N_("barnehage- og skoleeier, barnehagemyndighet eller Statsforvalteren")


class EligibilityWarning(RuleViolation):
    """The leader holds no seat the plan names; the election needs a recorded reason."""


def slot_name(slot: str, lang: str | None = None) -> str:
    """An office's or a working-group place's name: in ``lang`` (a document's), else in
    the app's language; a place the forum named itself as it is."""
    if slot not in SLOT_NAMES:
        return slot.capitalize()
    return texts(lang)(SLOT_NAMES[slot]) if lang else ui(SLOT_NAMES[slot])


def default_end(forum: Any, start: dt.date) -> dt.date:
    """Where an office from ``start`` ends when no end is given: with its period."""
    if forum is None:
        return office_end(start, years=2, first_year=None, first_years=None, weeks=[], weekday=4)
    return office_end(
        start,
        years=forum.leader_term_years,
        first_year=forum.leader_first_year,
        first_years=forum.leader_first_term_years,
        weeks=list(forum.meeting_weeks),
        weekday=forum.meeting_weekday,
    )


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
    id: int = 0

    @property
    def election(self) -> dt.date:
        return self.elected or self.start


def superseded(
    *, person: str, role: str, start: dt.date, elected: dt.date, others: list[OfficeSpan]
) -> list[OfficeSpan]:
    """The offices a new election replaces: chosen at an earlier election, still running
    on ``start``, and of the same role (any working-group member, for a member) or the
    same person. They end the day before ``start``."""
    group = ("working_group",) if role == "working_group" else (role,)
    return [
        o
        for o in others
        if o.election < elected
        and o.start < start <= o.end
        and (o.role in group or o.person == person)
    ]


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
    reason: str = "",
) -> None:
    """Raise ``RuleViolation`` (one Norwegian sentence) if the election breaks a rule,
    ``EligibilityWarning`` for a leader the plan does not name and no ``reason``.

    ``held`` are the seats the person holds on ``start``; ``others`` every stored office
    the election leaves standing (the one being changed and those it replaces left out);
    ``slots`` the forum's working-group slots.
    """
    if role not in ROLE_NAMES:
        raise UserError(ui("Ukjent verv «{role}».").format(role=role))
    if end < start:
        raise RuleViolation(
            ui("Vervet kan ikke slutte ({end}) før det begynner ({start}).").format(
                end=short_date(end), start=short_date(start)
            )
        )
    if elected > start:
        raise RuleViolation(
            ui("Vervet kan ikke begynne ({start}) før valget ({elected}).").format(
                start=short_date(start), elected=short_date(elected)
            )
        )
    for other in others:
        if other.person == person and overlaps(other.start, other.end, start, end):
            raise RuleViolation(
                ui("{name} er allerede {role} {start}–{end}; avslutt det vervet først.").format(
                    name=name,
                    role=ui(ROLE_NAMES[other.role]),
                    start=short_date(other.start),
                    end=short_date(other.end),
                )
            )
    if role in ("leader", "deputy"):
        if role == "leader" and not any(h.leader_eligible for h in held) and not reason.strip():
            raise EligibilityWarning(
                ui(
                    "{name} sitter ikke for {who} {day}; planen sier at ledervervet bør "
                    "tillegges dem. Skriv en begrunnelse for å velge hen likevel."
                ).format(name=name, who=ui(LEADER_SHOULD), day=short_date(start))
            )
        for other in others:
            if other.role == role and overlaps(other.start, other.end, start, end):
                raise RuleViolation(
                    ui("Forumet har allerede {role} {start}–{end} ({name}).").format(
                        role=ui(ROLE_NAMES[role]),
                        start=short_date(other.start),
                        end=short_date(other.end),
                        name=other.name,
                    )
                )
        return
    if slot not in slots:
        known = ", ".join(slot_name(s).lower() for s in slots) or ui("ingen")
        raise RuleViolation(
            ui("Arbeidsgruppen har ingen plass «{slot}» (plassene er {known}).").format(
                slot=slot, known=known
            )
        )
    if not any(h.wg_slot == slot for h in held):
        raise RuleViolation(
            ui(
                "{name} kan ikke fylle plassen «{slot}» i arbeidsgruppen: "
                "{day} sitter hen ikke i et sete som hører til den plassen."
            ).format(name=name, slot=slot_name(slot), day=short_date(start))
        )
    leaders_elected = {o.elected or o.start for o in others if o.role == "leader"}
    if elected not in leaders_elected:
        raise RuleViolation(
            ui(
                "Arbeidsgruppen velges samme dag som lederen, og ingen leder ble valgt {day}."
            ).format(day=short_date(elected))
        )
    members = [
        Span(o.start, o.end, o.person, o.name)
        for o in others
        if o.role == "working_group" and o.slot == slot
    ]
    full = first_full_day(members, start, end, slots[slot])
    if full is not None:
        raise RuleViolation(
            ui(
                "Plassen «{slot}» i arbeidsgruppen har bare {members}, og den er full {day}."
            ).format(
                slot=slot_name(slot),
                members=count(slots[slot], "medlem", "medlemmer"),
                day=short_date(full),
            )
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
        OfficeSpan(p.key, p.name, o.role, o.slot, o.start, o.end, o.elected, row_id(o))
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
    reason: str = "",
) -> int:
    """Record an election (leader, deputy or working-group member); returns the office id.

    Without ``end`` the office ends with its period (``default_end``); a member of the
    working group ends with the leader elected the same day. ``reason`` records why a
    leader the plan does not name was elected (without it: ``EligibilityWarning``).
    Offices an earlier election chose that the new one replaces (``superseded``) end the
    day before ``start``, in the same transaction.
    """

    reason = " ".join(reason.split())
    with db.write() as s:
        the_person = s.exec(select(Person).where(Person.key == person)).first()
        if the_person is None:
            raise UserError(ui("Fant ingen person med nøkkelen «{key}».").format(key=person))
        forum = s.get(Forum, 1)
        slots = dict(forum.working_group) if forum is not None else {}
        elected = elected or start
        everyone = _others(s)
        if end is None:
            leader = [
                o.end
                for o in everyone
                if o.role == "leader" and o.election == elected and o.start <= start <= o.end
            ]
            end = leader[0] if role == "working_group" and leader else default_end(forum, start)
        replaced = superseded(
            person=the_person.key, role=role, start=start, elected=elected, others=everyone
        )
        gone = {o.id for o in replaced}
        held = _held(s, row_id(the_person), start)
        check_office(
            person=the_person.key,
            name=the_person.name,
            role=role,
            slot=slot if role == "working_group" else "",
            start=start,
            end=end,
            elected=elected,
            held=held,
            others=[o for o in everyone if o.id not in gone],
            slots=slots,
            reason=reason,
        )
        for old in replaced:
            stored = s.get(Office, old.id)
            assert stored is not None
            stored.end = start - dt.timedelta(days=1)
            s.add(stored)
        eligible = role != "leader" or any(h.leader_eligible for h in held)
        office = Office(
            person_id=row_id(the_person),
            role=role,
            slot=slot if role == "working_group" else "",
            start=start,
            end=end,
            elected=elected,
            reason="" if eligible else reason,
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
            raise UserError(ui("Vervet finnes ikke lenger; oppdater visningen."))
        if end < office.start:
            raise RuleViolation(
                ui("Vervet kan ikke slutte ({end}) før det begynner ({start}).").format(
                    end=short_date(end), start=short_date(office.start)
                )
            )
        if end > office.end:
            raise RuleViolation(
                ui("Vervet går allerede ut {end}.").format(end=short_date(office.end))
            )

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
    #: Why a leader the plan does not name was elected ("" when none was needed).
    reason: str = ""


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
            'SELECT o.id, o.role, o.slot, o.start, o."end", o.elected, o.reason, p."key", p.name, '
            "p.organisation FROM office o JOIN person p ON p.id = o.person_id "
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
                    r["reason"],
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
