"""The seat table on a date: who holds which seat, vacancies and terms ending soon."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

ENDING_SOON_DAYS = 90


@dataclass(frozen=True)
class Holder:
    person: str
    name: str
    organisation: str
    region: str
    region_name: str
    start: dt.date
    end: dt.date
    substitute: bool = False


@dataclass
class SeatRow:
    code: str
    name: str
    count: int
    voting: bool
    per_region: bool
    holders: list[Holder] = field(default_factory=list)
    substitutes: list[Holder] = field(default_factory=list)

    @property
    def filled(self) -> int:
        return min(len(self.holders), self.count)

    @property
    def vacant(self) -> int:
        return max(self.count - len(self.holders), 0)


def seat_table(session: Any, on: dt.date) -> list[SeatRow]:
    """Every seat category with the terms running on ``on`` (start ≤ on ≤ end)."""
    from sqlmodel import select

    from .models import Person, Region, Seat, Term

    seats = session.exec(select(Seat).order_by(Seat.position, Seat.id)).all()
    regions = {r.id: r for r in session.exec(select(Region)).all()}
    rows = {
        s.id: SeatRow(s.code, s.name, s.count, s.voting, s.per_region) for s in seats
    }
    terms = session.exec(
        select(Term, Person)
        .join(Person, Person.id == Term.person_id)
        .where(Term.start <= on, Term.end >= on)
        .order_by(Term.seat_id, Term.region_id, Person.name)
    ).all()
    region_order = {r.code: (r.position, r.id) for r in regions.values()}
    for term, person in terms:
        region = regions.get(term.region_id) if term.region_id else None
        holder = Holder(
            person=person.key,
            name=person.name,
            organisation=person.organisation,
            region=region.code if region else "",
            region_name=region.name if region else "",
            start=term.start,
            end=term.end,
            substitute=term.substitute,
        )
        row = rows[term.seat_id]
        (row.substitutes if term.substitute else row.holders).append(holder)
    for row in rows.values():
        row.holders.sort(key=lambda h: (region_order.get(h.region, (9999, 0)), h.name))
    return list(rows.values())


def ending_soon(table: list[SeatRow], on: dt.date, days: int = ENDING_SOON_DAYS) -> list[dict]:
    """Terms in the table ending within ``days`` after ``on`` (inclusive)."""
    limit = on + dt.timedelta(days=days)
    out = [
        {"person": h.person, "seat": row.code, "region": h.region, "end": h.end}
        for row in table
        for h in row.holders + row.substitutes
        if h.end <= limit
    ]
    return sorted(out, key=lambda e: (e["end"], e["seat"], e["person"]))


def seats_json(table: list[SeatRow], on: dt.date) -> dict:
    """The ``sekretariat seats --json`` document (DESIGN.md section 4)."""
    return {
        "date": on.isoformat(),
        "seats": [
            {
                "code": row.code,
                "name": row.name,
                "count": row.count,
                "filled": row.filled,
                "vacant": row.vacant,
                "holders": [
                    {
                        "person": h.person,
                        "name": h.name,
                        "region": h.region or None,
                        "start": h.start.isoformat(),
                        "end": h.end.isoformat(),
                    }
                    for h in row.holders
                ],
            }
            for row in table
        ],
        "ending_soon": [
            {**e, "region": e["region"] or None, "end": e["end"].isoformat()}
            for e in ending_soon(table, on)
        ],
    }
