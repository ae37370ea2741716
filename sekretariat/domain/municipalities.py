"""The register of the municipalities' written standards (språklova § 10), as the app keeps it.

Which standard a document is written in is ``languages``' (on the start-up path, so kept
free of SQLAlchemy); this module lists the register with the municipalities the networks
name, and saves a standard or note (audited by the write session like every setting).
The app's screen is Innstillinger → Kommunenes målform; the exchange format's
``[[municipality]]`` holds the same rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func
from sqlmodel import col, select

from sekretariat import values
from sekretariat.domain.languages import municipality_key
from sekretariat.domain.people import sort_key
from sekretariat.errors import UserError
from sekretariat.i18n import STANDARD_NAMES, WRITTEN_STANDARDS, ui
from sekretariat.storage.models import Municipality, Region

if TYPE_CHECKING:
    from sekretariat.storage.database import Database


@dataclass(frozen=True)
class MunicipalityRow:
    """A municipality as the register screen lists it."""

    name: str
    #: ``"nb"``, ``"nn"`` or ``"noytral"``.
    standard: str
    note: str
    #: False: a network names it (host or member) but the register does not know it yet;
    #: letters to it are in the forum's language, as to a neutral one.
    registered: bool
    #: The networks it hosts (their letters and templates follow its standard).
    hosts: tuple[str, ...] = ()


def municipality_rows(db: Database) -> list[MunicipalityRow]:
    """The registered municipalities in their order, then those the networks name (hosts
    and members) that are not registered, by name: every municipality a letter may go to
    is there to be given its standard."""
    with db.read() as s:
        registered = s.exec(
            select(Municipality).order_by(col(Municipality.position), col(Municipality.id))
        ).all()
        regions = s.exec(select(Region).order_by(col(Region.position), col(Region.id))).all()
    hosts: dict[str, list[str]] = {}
    named: dict[str, str] = {}
    for region in regions:
        if region.host.strip():
            hosts.setdefault(region.host.strip().casefold(), []).append(region.name)
        for name in (region.host, *region.municipalities):
            if name.strip():
                named.setdefault(name.strip().casefold(), name.strip())
    rows = [
        MunicipalityRow(
            m.name,
            m.standard,
            m.note,
            True,
            tuple(hosts.get(m.name.strip().casefold(), ())),
        )
        for m in registered
    ]
    known = {m.name.strip().casefold() for m in registered}
    rows += [
        MunicipalityRow(name, "noytral", "", False, tuple(hosts.get(key, ())))
        for key, name in sorted(named.items(), key=lambda kv: sort_key(kv[1]))
        if key not in known
    ]
    return rows


def save_municipality(
    db: Database, name: str, *, standard: str | None = None, note: str | None = None
) -> str:
    """Set a municipality's standard and/or note; one not yet registered is added (after
    the others). Names match as a letter finds them (``municipality_key``). Returns the stored name.
    Audited (the write session logs the change)."""
    if not name.strip():
        raise UserError(ui("Skriv navnet på kommunen."))
    try:
        wanted = values.line(name).strip()
    except ValueError as exc:
        raise UserError(ui("Navnet på kommunen {problem}.").format(problem=exc)) from None
    if standard is not None and standard not in WRITTEN_STANDARDS:
        choices = ", ".join(STANDARD_NAMES[s] for s in WRITTEN_STANDARDS)
        raise UserError(
            ui("«{standard}» er ikke en målform; velg {choices}.").format(
                standard=standard, choices=choices
            )
        )
    if note is not None:
        try:
            note = values.text(note).strip()
        except ValueError as exc:
            raise UserError(ui("Merknaden {problem}.").format(problem=exc)) from None
    with db.write() as s:
        found = next(
            (
                m
                for m in s.exec(select(Municipality)).all()
                if municipality_key(m.name) == municipality_key(wanted)
            ),
            None,
        )
        if found is None:
            last = s.exec(select(func.max(Municipality.position))).one()
            found = Municipality(name=wanted, position=(last or 0) + 1)
            s.add(found)
        if standard is not None and found.standard != standard:
            found.standard = standard
        if note is not None and found.note != note:
            found.note = note
        s.flush()
        return found.name
