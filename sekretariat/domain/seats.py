"""The seat table on a date: who holds which seat, vacancies and terms ending soon.

Read with the standard library's sqlite3 (see ``Database.sql``): the overview shows it in
the first frame, before SQLAlchemy has been imported.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass, field

#: A term *ends soon* when it ends within this many days after the date looked at
#: (DESIGN.md: ``sekretariat seats --json`` and the overview). Every screen, text and
#: command uses this one number.
ENDING_SOON_DAYS = 90


def ends_soon(end: dt.date, on: dt.date) -> bool:
    """Whether a term ending on ``end`` ends soon, seen from ``on`` (the day itself included)."""
    return end <= on + dt.timedelta(days=ENDING_SOON_DAYS)


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
    term_id: int = 0
    sector: str = ""


@dataclass
class SeatRow:
    code: str
    name: str
    count: int
    voting: bool
    per_region: bool
    holders: list[Holder] = field(default_factory=list)
    substitutes: list[Holder] = field(default_factory=list)
    #: (code, name) of the networks the seats are tied to: every regional network for a
    #: per-region seat, the listed ones for a seat with ``regions``, else none.
    seat_regions: list[tuple[str, str]] = field(default_factory=list)
    #: The sectors with a place of their own (PPT: barnehage and skole), else none.
    seat_sectors: list[str] = field(default_factory=list)

    @property
    def vacant_regions(self) -> list[tuple[str, str]]:
        """The tied networks with no holder on the date."""
        held = {h.region for h in self.holders}
        return [(code, name) for code, name in self.seat_regions if code not in held]

    @property
    def vacant_sectors(self) -> list[str]:
        """The sector places with no holder on the date."""
        held = {h.sector for h in self.holders}
        return [sector for sector in self.seat_sectors if sector not in held]

    @property
    def filled(self) -> int:
        """Places held on the date. A seat tied to networks (or sectors) counts the places
        that have a holder, so two holders from one network never hide another's
        vacancy; any other seat counts its holders, at most ``count``."""
        if self.seat_regions:
            held = {h.region for h in self.holders}
            places = sum(1 for code, _ in self.seat_regions if code in held)
        elif self.seat_sectors:
            places = len(self.seat_sectors) - len(self.vacant_sectors)
        else:
            places = len(self.holders)
        return min(places, self.count)

    @property
    def vacant(self) -> int:
        return max(self.count - self.filled, 0)


_TERMS = """
SELECT t.id, t.seat_id, t.start, t."end", t.substitute, t.sector,
       p."key" AS person, p.name, p.organisation,
       COALESCE(r.code, '') AS region, COALESCE(r.name, '') AS region_name,
       COALESCE(r.position, 9999) AS rpos, COALESCE(r.id, 0) AS rid
FROM term t
JOIN person p ON p.id = t.person_id
LEFT JOIN region r ON r.id = t.region_id
WHERE t.start <= :on AND t."end" >= :on
ORDER BY t.seat_id, rpos, rid, p.name
"""


def seat_table(con: sqlite3.Connection, on: dt.date) -> list[SeatRow]:
    """Every seat category with the terms running on ``on`` (start ≤ on ≤ end)."""
    regions = [
        (r["code"], r["name"], r["kind"])
        for r in con.execute("SELECT code, name, kind FROM region ORDER BY position, id")
    ]
    rows = {}
    for r in con.execute(
        'SELECT id, code, name, "count", voting, per_region, regions, sectors FROM seat '
        "ORDER BY position, id"
    ):
        row = SeatRow(r["code"], r["name"], r["count"], bool(r["voting"]), bool(r["per_region"]))
        row.seat_sectors = json_list(r["sectors"])
        listed = json_list(r["regions"])
        if row.per_region:
            row.seat_regions = [(code, name) for code, name, kind in regions if kind == "regional"]
        elif listed:
            row.seat_regions = [(code, name) for code, name, _ in regions if code in listed]
        rows[r["id"]] = row
    for t in con.execute(_TERMS, {"on": on.isoformat()}):
        holder = Holder(
            person=t["person"],
            name=t["name"],
            organisation=t["organisation"],
            region=t["region"],
            region_name=t["region_name"],
            start=dt.date.fromisoformat(t["start"]),
            end=dt.date.fromisoformat(t["end"]),
            substitute=bool(t["substitute"]),
            term_id=t["id"],
            sector=t["sector"],
        )
        row = rows[t["seat_id"]]
        (row.substitutes if holder.substitute else row.holders).append(holder)
    return list(rows.values())


def ending_soon(table: list[SeatRow], on: dt.date) -> list[dict]:
    """Terms in the table (substitutes' too) that end soon after ``on`` (``ends_soon``)."""
    out = [
        {"person": h.person, "seat": row.code, "region": h.region, "end": h.end}
        for row in table
        for h in row.holders + row.substitutes
        if ends_soon(h.end, on)
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


def json_list(text: str | None) -> list:
    """A JSON column read through sqlite3."""
    return json.loads(text) if text else []
