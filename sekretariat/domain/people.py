"""People: stable keys, validation, saving, the person page and clearing old contact details.

The stable key is what the exchange format matches on, so it is made once from the name
(ASCII-folded, Sámi and Norwegian letters included) and never changed by an edit.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from sqlmodel import col, select

from sekretariat.domain.languages import PersonStandard, person_standard
from sekretariat.domain.seats import json_list
from sekretariat.errors import UserError
from sekretariat.i18n import ui, ui_label
from sekretariat.labels import PERSON_ROLES
from sekretariat.storage.models import AuditLog, Person, Region
from sekretariat.storage.row_versions import ensure_fresh

if TYPE_CHECKING:
    from sqlmodel import Session

    from sekretariat.storage.database import Database
    from sekretariat.storage.models import Person

#: Letters NFKD does not take apart into a base letter and a mark.
_FOLD = str.maketrans(
    {
        "æ": "ae",
        "ø": "o",
        "đ": "d",
        "ŋ": "n",
        "ŧ": "t",
        "ß": "ss",
        "ł": "l",
        "œ": "oe",
        "ð": "d",
        "þ": "th",
        "ı": "i",
    }
)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")
_PHONE = re.compile(r"^\+?[0-9 ()-]+$")
MAX_NAME = 200
#: The privacy period offered by default, in years.
PRIVACY_YEARS = 5


def fold(text: str) -> str:
    """Lower-case ASCII: "Ánde Čoarvi" → "ande coarvi", "Bjørn" → "bjorn"."""
    text = text.lower().translate(_FOLD)
    if text.isascii():
        return text  # the usual case, and 20 times faster than decomposing
    decomposed = unicodedata.normalize("NFKD", text)
    return (
        "".join(c for c in decomposed if not unicodedata.combining(c))
        .encode("ascii", "ignore")
        .decode()
    )


def slug(name: str) -> str:
    """The key a name gives before any suffix: "Ánde Čoarvi" → "ande-coarvi"."""
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")


def make_key(name: str, taken: set[str] | frozenset[str]) -> str:
    """A stable key for ``name`` not in ``taken``: "ande-coarvi", then "ande-coarvi-2", ..."""
    base = slug(name) or "person"
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


@dataclass
class PersonInput:
    """What the person editor sends: text as typed, the region code and the roles."""

    name: str
    email: str = ""
    phone: str = ""
    title: str = ""
    organisation: str = ""
    municipality: str = ""
    region: str = ""
    roles: list[str] = field(default_factory=list)
    note: str = ""
    key: str = ""
    #: The row version the editor was filled from; a newer one refuses the save.
    version: int | None = None


def validate(data: PersonInput) -> PersonInput:
    """The input trimmed and checked; the first problem is raised as one sentence."""
    clean = PersonInput(
        name=" ".join(data.name.split()),
        email=data.email.strip(),
        phone=" ".join(data.phone.split()),
        title=data.title.strip(),
        organisation=data.organisation.strip(),
        municipality=data.municipality.strip(),
        region=data.region.strip(),
        roles=[r for r in PERSON_ROLES if r in data.roles],
        note=data.note.strip(),
        key=data.key.strip().lower(),
    )
    if not clean.name:
        raise UserError(ui("Navnet kan ikke være tomt."))
    if len(clean.name) > MAX_NAME:
        raise UserError(ui("Navnet er for langt (høyst {most} tegn).").format(most=MAX_NAME))
    if not slug(clean.name):
        raise UserError(ui("Navnet må inneholde minst én bokstav eller ett siffer."))
    if clean.email and not _EMAIL.match(clean.email):
        raise UserError(ui("«{email}» er ikke en gyldig e-postadresse.").format(email=clean.email))
    if clean.phone:
        digits = sum(c.isdigit() for c in clean.phone)
        if not _PHONE.match(clean.phone) or not 5 <= digits <= 15:
            raise UserError(
                ui("«{phone}» er ikke et gyldig telefonnummer.").format(phone=clean.phone)
            )
    unknown = [r for r in data.roles if r not in PERSON_ROLES]
    if unknown:
        raise UserError(ui("Ukjent rolle «{role}».").format(role=unknown[0]))
    if clean.key and not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", clean.key):
        raise UserError(ui("Nøkkelen kan bare ha små bokstaver a–z, sifre og bindestrek."))
    return clean


def _region_id(s: Session, code: str) -> int | None:
    if not code:
        return None
    region = s.exec(select(Region).where(Region.code == code)).first()
    if region is None:
        raise UserError(ui("Ukjent nettverk «{code}».").format(code=code))
    return region.id


def add_person(db: Database, data: PersonInput) -> str:
    """Add a person; returns the key (the given one, or one made from the name)."""

    clean = validate(data)
    with db.write() as s:
        taken = set(s.exec(select(Person.key)).all())
        if clean.key:
            if clean.key in taken:
                raise UserError(
                    ui("Nøkkelen «{key}» er allerede i bruk; velg en annen.").format(key=clean.key)
                )
            key = clean.key
        else:
            key = make_key(clean.name, taken)
        s.add(
            Person(
                key=key,
                name=clean.name,
                email=clean.email,
                phone=clean.phone,
                title=clean.title,
                organisation=clean.organisation,
                municipality=clean.municipality,
                region_id=_region_id(s, clean.region),
                roles=clean.roles,
                note=clean.note,
            )
        )
    return key


def update_person(db: Database, key: str, data: PersonInput) -> None:
    """Change a person's details; the key stays what it was."""

    clean = validate(data)
    with db.write() as s:
        person = _get(s, key)
        ensure_fresh(s, person, data.version)
        person.name = clean.name
        person.email = clean.email
        person.phone = clean.phone
        person.title = clean.title
        person.organisation = clean.organisation
        person.municipality = clean.municipality
        person.region_id = _region_id(s, clean.region)
        person.roles = clean.roles
        person.note = clean.note
        if clean.email or clean.phone:
            person.contact_cleared = None
        s.add(person)


def _get(s: Session, key: str) -> Person:
    person = s.exec(select(Person).where(Person.key == key)).first()
    if person is None:
        raise UserError(ui("Fant ingen person med nøkkelen «{key}».").format(key=key))
    return person


# --------------------------------------------------------------------------- reading
@dataclass(frozen=True)
class PersonRow:
    """One line of the people list."""

    key: str
    name: str
    organisation: str
    region: str
    region_name: str
    roles: tuple[str, ...]
    email: str
    phone: str
    title: str = ""
    municipality: str = ""
    note: str = ""
    contact_cleared: dt.date | None = None
    version: int | None = None

    @property
    def roles_text(self) -> str:
        return ", ".join(ui_label(r).lower() for r in self.roles)

    @cached_property
    def haystack(self) -> str:
        """What a search looks in, folded once (a list of thousands is filtered per key)."""
        return fold(
            " ".join((self.name, self.organisation, self.region_name, self.email, self.key))
        )

    def matches(self, query: str) -> bool:
        """Every word of the query is found in the name, organisation, region or e-mail."""
        hay = self.haystack
        return all(word in hay for word in fold(query).split())

    def as_input(self) -> PersonInput:
        return PersonInput(
            name=self.name,
            email=self.email,
            phone=self.phone,
            title=self.title,
            organisation=self.organisation,
            municipality=self.municipality,
            region=self.region,
            roles=list(self.roles),
            note=self.note,
            key=self.key,
            version=self.version,
        )


_PEOPLE = """
SELECT p."key", p.name, p.organisation, p.email, p.phone, p.title, p.municipality, p.note,
       p.roles, p.contact_cleared, p.version, COALESCE(r.code, '') AS region, COALESCE(r.name, '') AS region_name
FROM person p LEFT JOIN region r ON r.id = p.region_id
"""


def search(people: list[PersonRow], query: str) -> list[PersonRow]:
    """The people whose name, organisation, region or e-mail hold every word typed.

    The query is folded once, not once per person (a list of thousands, every key).
    """
    words = fold(query).split()
    if not words:
        return people
    return [p for p in people if all(word in p.haystack for word in words)]


class TypeToFilter:
    """``search`` as a query is typed: a query that extends the last one is looked for
    only among the last one's matches (every word of it holds a word of the last one),
    so each key after the first looks through a few hundred people, not thousands."""

    def __init__(self, people: list[PersonRow]) -> None:
        self.people = people
        self._last: tuple[str, list[PersonRow]] = ("", people)

    def __call__(self, query: str) -> list[PersonRow]:
        last_query, last_found = self._last
        found = search(last_found if query.startswith(last_query) else self.people, query)
        self._last = (query, found)
        return found


def _row(r: Any) -> PersonRow:
    cleared = r["contact_cleared"]
    return PersonRow(
        key=r["key"],
        name=r["name"],
        organisation=r["organisation"],
        region=r["region"],
        region_name=r["region_name"],
        roles=tuple(json_list(r["roles"])),
        email=r["email"],
        phone=r["phone"],
        title=r["title"],
        municipality=r["municipality"],
        note=r["note"],
        contact_cleared=dt.date.fromisoformat(cleared) if cleared else None,
        version=r["version"],
    )


def list_people(db: Database, query: str = "") -> list[PersonRow]:
    """Everyone, by name (Norwegian letters sorted after z), filtered by ``query``."""

    # The same rows as ``_row`` makes, read by position from plain tuples (cheaper than
    # sqlite3.Row for 5 000 people), each distinct list of roles parsed once.
    roles: dict[str, tuple[str, ...]] = {}
    rows = []
    with db.sql() as con:
        cur = con.cursor()
        cur.row_factory = None
        for r in cur.execute(_PEOPLE):
            found = roles.get(r[8])
            if found is None:
                found = roles[r[8]] = tuple(json_list(r[8]))
            rows.append(
                PersonRow(
                    r[0],  # key
                    r[1],  # name
                    r[2],  # organisation
                    r[11],  # region
                    r[12],  # region_name
                    found,
                    r[3],  # email
                    r[4],  # phone
                    r[5],  # title
                    r[6],  # municipality
                    r[7],  # note
                    dt.date.fromisoformat(r[9]) if r[9] else None,
                    r[10],  # version
                )
            )
    rows.sort(key=lambda p: (sort_key(p.name), p.key))
    return [p for p in rows if p.matches(query)] if query.strip() else rows


_NB_ORDER = str.maketrans({"æ": "{", "ø": "|", "å": "}"})


def sort_key(text: str) -> str:
    """Sort Norwegian names: æ, ø, å after z; other accents as their base letter."""
    lowered = text.lower()
    if lowered.isascii():
        return lowered  # the usual case: nothing to replace or decompose
    decomposed = unicodedata.normalize("NFKD", lowered.translate(_NB_ORDER))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def regions(db: Database) -> list[tuple[str, str, str]]:
    """(code, name, kind) of every network, in the forum's order."""
    with db.sql() as con:
        return [
            (r["code"], r["name"], r["kind"])
            for r in con.execute("SELECT code, name, kind FROM region ORDER BY position, id")
        ]


@dataclass(frozen=True)
class TermLine:
    id: int
    seat: str
    seat_name: str
    region_name: str
    start: dt.date
    end: dt.date
    substitute: bool
    ended_reason: str


@dataclass(frozen=True)
class OfficeLine:
    id: int
    role: str
    slot: str
    start: dt.date
    end: dt.date
    elected: dt.date | None


@dataclass(frozen=True)
class AuditLine:
    at: str
    user: str
    entity: str
    action: str
    changes: dict


@dataclass(frozen=True)
class PersonPage:
    person: PersonRow
    terms: list[TermLine]
    offices: list[OfficeLine]
    audit: list[AuditLine]
    #: The written standard to write to them in (their municipality's, or the forum's).
    standard: PersonStandard = PersonStandard("nb")


def person_page(db: Database, key: str) -> PersonPage:
    """A person with every term and office they held and what the audit log says of them."""

    with db.sql() as con:
        found = con.execute(_PEOPLE + ' WHERE p."key" = ?', (key,)).fetchone()
        if found is None:
            raise UserError(ui("Fant ingen person med nøkkelen «{key}».").format(key=key))
        pid = con.execute('SELECT id FROM person WHERE "key" = ?', (key,)).fetchone()[0]
        terms = [
            TermLine(
                r["id"],
                r["code"],
                r["name"],
                r["region_name"] or "",
                dt.date.fromisoformat(r["start"]),
                dt.date.fromisoformat(r["end"]),
                bool(r["substitute"]),
                r["ended_reason"],
            )
            for r in con.execute(
                'SELECT t.id, s.code, s.name, r.name AS region_name, t.start, t."end", '
                "t.substitute, t.ended_reason FROM term t JOIN seat s ON s.id = t.seat_id "
                "LEFT JOIN region r ON r.id = t.region_id WHERE t.person_id = ? "
                "ORDER BY t.start DESC, s.position",
                (pid,),
            )
        ]
        offices = [
            OfficeLine(
                r["id"],
                r["role"],
                r["slot"],
                dt.date.fromisoformat(r["start"]),
                dt.date.fromisoformat(r["end"]),
                dt.date.fromisoformat(r["elected"]) if r["elected"] else None,
            )
            for r in con.execute(
                'SELECT id, role, slot, start, "end", elected FROM office WHERE person_id = ? '
                "ORDER BY start DESC",
                (pid,),
            )
        ]
        # New rows are logged before their id is known to the audit hook (entity_id "?"),
        # so a term or office is also recognised by the id and person in its snapshot.
        clauses = ["(entity = 'person' AND entity_id = ?)"]
        params: list[object] = [key]
        for entity, lines in (("term", terms), ("office", offices)):
            ids = [t.id for t in lines]
            marks = ",".join("?" * len(ids))
            clause = f"(entity = '{entity}' AND (json_extract(changes, '$.person_id') = ?"
            params.append(pid)
            if ids:
                clause += (
                    f" OR entity_id IN ({marks}) OR json_extract(changes, '$.id') IN ({marks})"
                )
                params += [*(str(i) for i in ids), *ids]
            clauses.append(clause + "))")
        audit = [
            AuditLine(
                r["at"], r["user"], r["entity"], r["action"], json.loads(r["changes"] or "{}")
            )
            for r in con.execute(
                f"SELECT at, user, entity, action, changes FROM auditlog WHERE {' OR '.join(clauses)} "
                "ORDER BY at DESC, id DESC",
                params,
            )
        ]
    person = _row(found)
    standard = person_standard(db, person.municipality, person.organisation)
    return PersonPage(person, terms, offices, audit, standard)


# --------------------------------------------------------------------------- privacy
def years_before(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` earlier; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return dt.date(day.year - years, 2, 28)


def contacts_to_clear(db: Database, today: dt.date, years: int = PRIVACY_YEARS) -> list[PersonRow]:
    """People whose contact details may go: every term and office ended before the period.

    Someone with no term and no office at all is left alone: they may just have been added,
    or belong to the secretariat.
    """
    if years < 1:
        raise UserError(ui("Perioden må være minst ett år."))

    cutoff = years_before(today, years).isoformat()
    with db.sql() as con:
        rows = con.execute(
            _PEOPLE + " WHERE (p.email != '' OR p.phone != '') "
            "AND EXISTS (SELECT 1 FROM term t WHERE t.person_id = p.id "
            "            UNION SELECT 1 FROM office o WHERE o.person_id = p.id) "
            'AND NOT EXISTS (SELECT 1 FROM term t WHERE t.person_id = p.id AND t."end" >= ?) '
            'AND NOT EXISTS (SELECT 1 FROM office o WHERE o.person_id = p.id AND o."end" >= ?)',
            (cutoff, cutoff),
        ).fetchall()
    people = [_row(r) for r in rows]
    people.sort(key=lambda p: (sort_key(p.name), p.key))
    return people


REDACTED = "(slettet)"


def clear_contacts(db: Database, keys: list[str], today: dt.date) -> int:
    """Clear e-mail and phone of these people and mark when; names stay.

    The audit log would otherwise keep the old details (and would record them once more
    in this very change), so their values are blanked there too.
    """

    if not keys:
        return 0
    with db.write() as s:
        people = s.exec(select(Person).where(col(Person.key).in_(keys))).all()
        for person in people:
            person.email = ""
            person.phone = ""
            person.contact_cleared = today
            s.add(person)
        s.flush()
        logged = s.exec(
            select(AuditLog).where(
                col(AuditLog.entity) == "person", col(AuditLog.entity_id).in_(keys)
            )
        ).all()
        for entry in logged:
            changes = dict(entry.changes)
            touched = False
            for attr in ("email", "phone"):
                value = changes.get(attr)
                if isinstance(value, list):
                    changes[attr] = [REDACTED if v else v for v in value]
                    touched = True
                elif value:
                    changes[attr] = REDACTED
                    touched = True
            if touched:
                entry.changes = changes
                s.add(entry)
    return len(people)
