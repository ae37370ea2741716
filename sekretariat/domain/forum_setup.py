"""Setting up a forum in the app: its networks, seat categories, working-group places,
schemes and learning-meeting prompts, without writing an exchange file by hand.

Every value is checked by the same rule the exchange format uses for the same key
(``sekretariat.values``, as ``exchange/spec.py`` names them; tests/test_forum_setup.py
holds the two together), every form is checked whole before anything is written, and
every write is one audited transaction. A mistake is one Norwegian sentence and nothing
changes.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlmodel import col, func, select

from sekretariat import formats, values
from sekretariat.domain.people import make_key
from sekretariat.errors import UserError, shown
from sekretariat.i18n import N_, label_text, ui, ui_label
from sekretariat.paths import sample_path
from sekretariat.storage.models import (
    REGION_KINDS,
    AllocationRun,
    Forum,
    NeedsReport,
    Person,
    Prompt,
    Region,
    RegionFte,
    Scheme,
    Seat,
    Term,
)

if TYPE_CHECKING:
    from sekretariat.storage.database import Database

#: The checks of exchange/spec.py's REGION and SEAT tables, by key (the same functions).
NETWORK_CHECKS: dict[str, Callable[[Any], Any]] = {
    "code": values.stable_key,
    "name": values.nonempty_line,
    "kind": values.one_of(*REGION_KINDS),
    "equalization": values.boolean,
    "host": values.line,
    "fte": values.fte_table,
}
SEAT_CHECKS: dict[str, Callable[[Any], Any]] = {
    "code": values.stable_key,
    "name": values.nonempty_line,
    "count": values.count,
    "per_region": values.boolean,
    "voting": values.boolean,
    "leader_eligible": values.boolean,
    "roles": values.list_of("owner", "authority"),
}
#: The roles a seat may require, as a person types them.
SEAT_ROLES = ("owner", "authority")

#: What a refusal calls each field (bokmål ids, shown with ``ui``).
_LABELS = {
    "code": N_("Kode"),
    "name": N_("Navn"),
    "kind": N_("Slag"),
    "equalization": N_("Utjevning"),
    "host": N_("Vertskommune"),
    "fte": N_("Årsverk"),
    "count": N_("Antall"),
    "per_region": N_("Én per nettverk"),
    "voting": N_("Stemmerett"),
    "leader_eligible": N_("Kan velges til leder"),
    "roles": N_("Krever rolle"),
    "slot": N_("Gruppe"),
}


def _refused(key: str, error: Any) -> UserError:
    """A field's value refused: the field's name, why, and that nothing was saved."""
    return UserError(
        ui("{field}: {error}. Ingenting ble lagret.").format(
            field=ui(_LABELS[key]), error=str(error).rstrip(".")
        )
    )


def _checked(checks: dict[str, Callable[[Any], Any]], key: str, value: Any) -> Any:
    try:
        return checks[key](value)
    except ValueError as exc:
        raise _refused(key, exc) from None


def _yes_no(key: str, text: str) -> bool:
    v = text.strip().casefold()
    if v in ("ja", "j"):
        return True
    if v in ("nei", "n", ""):
        return False
    raise UserError(
        ui("{field}: svar ja eller nei. Ingenting ble lagret.").format(field=ui(_LABELS[key]))
    )


def yes_no(value: bool) -> str:
    return "ja" if value else "nei"


# -- reading ----------------------------------------------------------------------------


@dataclass(frozen=True)
class NetworkRow:
    code: str
    name: str
    kind: str
    equalization: bool
    host: str
    #: FTEs by year, in hundredths.
    fte: dict[int, int]
    #: Terms, people and needs reports that name the network.
    used_by: int = 0


@dataclass(frozen=True)
class SeatCategory:
    code: str
    name: str
    count: int
    per_region: bool
    voting: bool
    leader_eligible: bool
    roles: list[str]
    #: Terms in the seat.
    used_by: int = 0


@dataclass(frozen=True)
class SchemeRow:
    code: str
    name: str
    is_default: bool


@dataclass
class SetupView:
    networks: list[NetworkRow] = field(default_factory=list)
    seats: list[SeatCategory] = field(default_factory=list)
    working_group: dict[str, int] = field(default_factory=dict)
    schemes: list[SchemeRow] = field(default_factory=list)
    prompts: int = 0


def read_setup(db: Database) -> SetupView:
    """Everything the set-up screen lists, in the forum's order."""
    view = SetupView()
    with db.read() as s:
        forum = s.get(Forum, 1)
        view.working_group = dict(forum.working_group) if forum else {}
        ftes: dict[int, dict[int, int]] = {}
        for f in s.exec(select(RegionFte).order_by(col(RegionFte.year))):
            ftes.setdefault(f.region_id, {})[f.year] = f.centi_fte
        for r in s.exec(select(Region).order_by(col(Region.position), col(Region.id))):
            view.networks.append(
                NetworkRow(
                    r.code,
                    r.name,
                    r.kind,
                    r.equalization,
                    r.host,
                    ftes.get(r.id or 0, {}),
                    _network_uses(s, r.id or 0),
                )
            )
        for seat in s.exec(select(Seat).order_by(col(Seat.position), col(Seat.id))):
            terms = s.exec(select(func.count()).where(Term.seat_id == seat.id)).one()
            view.seats.append(
                SeatCategory(
                    seat.code,
                    seat.name,
                    seat.count,
                    seat.per_region,
                    seat.voting,
                    seat.leader_eligible,
                    list(seat.roles),
                    int(terms),
                )
            )
        view.schemes = [
            SchemeRow(x.code, x.name, x.is_default)
            for x in s.exec(select(Scheme).order_by(col(Scheme.position), col(Scheme.id)))
        ]
        view.prompts = int(s.exec(select(func.count()).select_from(Prompt)).one())
    return view


def _network_uses(s: Any, region_id: int) -> int:
    return sum(_network_refs(s, region_id))


def _network_refs(s: Any, region_id: int) -> tuple[int, int, int]:
    """The terms, people and needs reports that name a network."""
    terms, people, reports = (
        int(s.exec(select(func.count()).where(column == region_id)).one())
        for column in (Term.region_id, Person.region_id, NeedsReport.region_id)
    )
    return terms, people, reports


# -- networks ---------------------------------------------------------------------------


def parse_fte_years(text: str) -> dict[int, int]:
    """``"2026 = 1 524,6; 2027 = 1509,3"`` → ``{2026: 152460, 2027: 150930}``."""
    table: dict[str, float | int] = {}
    for part in [p for p in text.replace("\n", ";").split(";") if p.strip()]:
        if "=" not in part:
            raise UserError(
                ui("Årsverk: «{text}»: skriv år = årsverk.").format(text=shown(part.strip()))
            )
        year, figure = (x.strip() for x in part.split("=", 1))
        try:
            table[year] = formats.parse_fte(figure)
        except ValueError as exc:
            raise _refused("fte", exc) from None
    return _checked(NETWORK_CHECKS, "fte", table)


def fte_years_text(fte: dict[int, int]) -> str:
    """The FTEs as the network form shows them: ``"2026 = 1524,6; 2027 = 1509,3"``."""
    return "; ".join(f"{year} = {fte_text(centi)}" for year, centi in sorted(fte.items()))


def fte_text(centi: int) -> str:
    """Hundredths of an FTE as a person writes them: 152460 → ``"1524,6"``."""
    whole, rest = divmod(centi, 100)
    grouped = formats.thousands(whole)
    return grouped if not rest else f"{grouped},{rest:02d}".rstrip("0")


def save_network(db: Database, old_code: str | None, form: dict[str, str]) -> str:
    """Add a network (``old_code`` None) or change one; returns its code.

    ``form``: name, code (empty on a new one: made from the name), kind, equalization
    (ja/nei), host, fte (``år = årsverk; …``).
    """
    name = _checked(NETWORK_CHECKS, "name", form.get("name", "").strip())
    kind = _checked(NETWORK_CHECKS, "kind", form.get("kind", "regional") or "regional")
    equalization = _yes_no("equalization", form.get("equalization", "nei"))
    host = _checked(NETWORK_CHECKS, "host", form.get("host", "").strip())
    fte = parse_fte_years(form.get("fte", ""))
    code_text = form.get("code", "").strip()
    with db.write() as s:
        taken = set(s.exec(select(Region.code)).all())
        if old_code is None:
            code = (
                _checked(NETWORK_CHECKS, "code", code_text) if code_text else make_key(name, taken)
            )
            if code in taken:
                raise UserError(
                    ui("Det finnes alt et nettverk med koden «{code}».").format(code=code)
                )
            last = s.exec(select(func.max(Region.position))).one()
            region = Region(code=code, name=name, position=int(last or 0) + 1)
        else:
            found = s.exec(select(Region).where(Region.code == old_code)).first()
            if found is None:
                raise UserError(ui("Nettverket «{code}» finnes ikke lenger.").format(code=old_code))
            region = found
            code = _checked(NETWORK_CHECKS, "code", code_text or old_code)
            if code != old_code:
                _refuse_rename(s, "network", old_code)
                if code in taken:
                    raise UserError(
                        ui("Det finnes alt et nettverk med koden «{code}».").format(code=code)
                    )
            region.code = code
            region.name = name
        region.kind = kind
        region.equalization = equalization
        region.host = host
        s.add(region)
        s.flush()
        _write_ftes(s, region.id or 0, fte, replace=True)
    return code


def _refuse_rename(s: Any, kind: str, old_code: str) -> None:
    """A code other rows and files refer to is not changed here (an exchange file or a
    scheme's rules may name it). ``kind``: ``"network"`` or ``"seat"``."""
    if kind == "network":
        said = ui(
            "Koden til nettverket «{code}» kan ikke endres her; andre data viser til den. "
            "Ingenting ble lagret."
        )
    else:
        said = ui(
            "Koden til setekategorien «{code}» kan ikke endres her; andre data viser til den. "
            "Ingenting ble lagret."
        )
    raise UserError(said.format(code=old_code))


def _write_ftes(s: Any, region_id: int, fte: dict[int, int], *, replace: bool) -> None:
    stored = {f.year: f for f in s.exec(select(RegionFte).where(RegionFte.region_id == region_id))}
    for year, centi in fte.items():
        row = stored.get(year)
        if row is None:
            s.add(RegionFte(region_id=region_id, year=year, centi_fte=centi))
        elif row.centi_fte != centi:
            row.centi_fte = centi
            s.add(row)
    if replace:
        for year, row in stored.items():
            if year not in fte:
                s.delete(row)


def parse_fte_column(text: str) -> list[int]:
    """A column of FTE figures pasted from a spreadsheet, one per line, in hundredths.

    Blank lines before and after the figures are dropped (a spreadsheet's copy ends with
    a line break); a blank line between them is a missing figure.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").strip("\n").split("\n")
    if not any(x.strip() for x in lines):
        raise UserError(ui("Lim inn én årsverkstall per linje."))
    out = []
    for number, line in enumerate(lines, start=1):
        try:
            out.append(values.fte(formats.parse_fte(line)))
        except ValueError as exc:
            raise UserError(
                ui("Linje {number}: {error}. Ingenting ble lagret.").format(
                    number=number, error=str(exc).rstrip(".")
                )
            ) from None
    return out


def paste_ftes(db: Database, year_text: str, column: str) -> int:
    """Give every network its FTEs for one year from a pasted column, in the list's order.

    The column must have exactly one figure per network: a column from another list
    would put the figures on the wrong networks. Returns how many were set.
    """
    cleaned = year_text.strip()
    if not (cleaned.isascii() and cleaned.isdigit() and len(cleaned) == 4):
        raise UserError(ui("År: «{text}» er ikke et årstall.").format(text=shown(year_text)))
    try:
        year = values.year(int(cleaned))
    except ValueError as exc:
        raise UserError(ui("År: {error}.").format(error=exc)) from None
    figures = parse_fte_column(column)
    with db.write() as s:
        regions = s.exec(select(Region).order_by(col(Region.position), col(Region.id))).all()
        if not regions:
            raise UserError(ui("Forumet har ingen nettverk ennå; legg dem til først (a)."))
        if len(figures) != len(regions):
            raise UserError(
                ui(
                    "Du limte inn {figures}, men forumet har {networks}; ett tall per "
                    "nettverk i listens rekkefølge. Ingenting ble lagret."
                ).format(
                    figures=formats.count(len(figures), ui("tall"), ui("tall")),
                    networks=formats.count(len(regions), ui("nettverk"), ui("nettverk")),
                )
            )
        for region, centi in zip(regions, figures, strict=True):
            _write_ftes(s, region.id or 0, {year: centi}, replace=False)
    return len(figures)


def remove_network(db: Database, code: str) -> None:
    """Remove a network no one refers to; refused while terms, people or needs reports
    name it, or a scheme's rules do."""
    with db.write() as s:
        region = s.exec(select(Region).where(Region.code == code)).first()
        if region is None:
            raise UserError(ui("Nettverket «{code}» finnes ikke lenger.").format(code=code))
        terms, people, reports = _network_refs(s, region.id or 0)
        if terms or people or reports:
            said = [
                formats.count(n, one, many)
                for n, one, many in (
                    (terms, ui("verv"), ui("verv")),
                    (people, ui("person"), ui("personer")),
                    (reports, ui("behovsmelding"), ui("behovsmeldinger")),
                )
                if n
            ]
            raise UserError(
                ui("«{name}» kan ikke fjernes: {refs} viser til nettverket.").format(
                    name=region.name, refs=formats.listing(said)
                )
            )
        for scheme in s.exec(select(Scheme)):
            if (
                code in scheme.regions
                or code in scheme.fixed_amounts
                or code in (scheme.network_agreed)
            ):
                raise UserError(
                    ui(
                        "«{name}» kan ikke fjernes: ordningen «{scheme}» viser til nettverket."
                    ).format(name=region.name, scheme=scheme.name)
                )
        for seat in s.exec(select(Seat)):
            if code in seat.regions:
                raise UserError(
                    ui("«{name}» kan ikke fjernes: setet «{seat}» viser til nettverket.").format(
                        name=region.name, seat=seat.name
                    )
                )
        for f in s.exec(select(RegionFte).where(RegionFte.region_id == region.id)):
            s.delete(f)
        s.flush()  # the FTEs first: the database's cascade would take them unaudited
        s.delete(region)


# -- seat categories --------------------------------------------------------------------


def parse_roles(text: str) -> list[str]:
    """``"eier, myndighet"`` (or ``"eigar, myndigheit"``, or the codes) → ``["owner",
    "authority"]``: the roles' names in either standard, whichever the app shows."""
    by_word = {r: r for r in SEAT_ROLES} | {
        label_text(r, lang).casefold(): r for lang in ("nb", "nn") for r in SEAT_ROLES
    }
    out = []
    for part in [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]:
        role = by_word.get(part.casefold())
        if role is None:
            raise UserError(
                ui(
                    "Krever rolle: «{text}» er ikke en rolle; skriv {roles} eller la feltet stå "
                    "tomt. Ingenting ble lagret."
                ).format(text=shown(part), roles=roles_text(list(SEAT_ROLES)))
            )
        out.append(role)
    return _checked(SEAT_CHECKS, "roles", out)


def roles_text(roles: list[str]) -> str:
    """The roles as the seat form shows and takes them, in the app's language."""
    return ", ".join(ui_label(r).casefold() for r in roles)


def save_seat(db: Database, old_code: str | None, form: dict[str, str]) -> str:
    """Add a seat category (``old_code`` None) or change one; returns its code.

    ``form``: name, code (empty on a new one: made from the name), count, per_region,
    voting, leader_eligible (ja/nei), roles (``eier, myndighet``).
    """
    name = _checked(SEAT_CHECKS, "name", form.get("name", "").strip())
    count_text = form.get("count", "").strip().replace(" ", "")
    if not (count_text.isascii() and count_text.isdigit()) or len(count_text) > 9:
        raise UserError(
            ui("Antall: «{text}» er ikke et helt tall.").format(text=shown(form.get("count", "")))
        )
    count = _checked(SEAT_CHECKS, "count", int(count_text))
    per_region = _yes_no("per_region", form.get("per_region", "nei"))
    voting = _yes_no("voting", form.get("voting", "ja"))
    leader_eligible = _yes_no("leader_eligible", form.get("leader_eligible", "nei"))
    roles = parse_roles(form.get("roles", ""))
    code_text = form.get("code", "").strip()
    with db.write() as s:
        taken = set(s.exec(select(Seat.code)).all())
        if old_code is None:
            code = _checked(SEAT_CHECKS, "code", code_text) if code_text else make_key(name, taken)
            if code in taken:
                raise UserError(
                    ui("Det finnes alt en setekategori med koden «{code}».").format(code=code)
                )
            last = s.exec(select(func.max(Seat.position))).one()
            seat = Seat(code=code, name=name, count=count, position=int(last or 0) + 1)
        else:
            found = s.exec(select(Seat).where(Seat.code == old_code)).first()
            if found is None:
                raise UserError(
                    ui("Setekategorien «{code}» finnes ikke lenger.").format(code=old_code)
                )
            seat = found
            code = _checked(SEAT_CHECKS, "code", code_text or old_code)
            if code != old_code:
                _refuse_rename(s, "seat", old_code)
        if per_region and (seat.regions or seat.sectors):
            # The exchange format's rule (check.py): one place per network, per listed
            # network or per sector, never two of them.
            raise UserError(
                ui(
                    "«{name}» har plasser for bestemte nettverk eller sektorer og kan ikke også "
                    "ha én per nettverk. Ingenting ble lagret."
                ).format(name=name)
            )
        seat.name = name
        seat.count = count
        seat.per_region = per_region
        seat.voting = voting
        seat.leader_eligible = leader_eligible
        seat.roles = roles
        s.add(seat)
    return code


def remove_seat(db: Database, code: str) -> None:
    """Remove a seat category no term is held in."""
    with db.write() as s:
        seat = s.exec(select(Seat).where(Seat.code == code)).first()
        if seat is None:
            raise UserError(ui("Setekategorien «{code}» finnes ikke lenger.").format(code=code))
        terms = int(s.exec(select(func.count()).where(Term.seat_id == seat.id)).one())
        if terms:
            raise UserError(
                ui("«{name}» kan ikke fjernes: {terms} er knyttet til setet.").format(
                    name=seat.name, terms=formats.count(terms, ui("verv"), ui("verv"))
                )
            )
        s.delete(seat)


# -- working-group places ---------------------------------------------------------------


def save_slot(db: Database, old_name: str | None, name_text: str, count_text: str) -> str:
    """Add or change a group of places in the working group (``barnehage = 1``)."""
    name = name_text.strip()
    try:
        values.stable_key(name)
    except ValueError as exc:
        raise _refused("slot", exc) from None
    try:
        checked = values.slots({name: _int(count_text)})
    except ValueError as exc:
        raise _refused("count", str(exc).removeprefix(f"«{name}»: ")) from None
    with db.write() as s:
        forum = s.get(Forum, 1)
        if forum is None:
            raise UserError(ui("Databasen har ikke noe forum ennå."))
        group = dict(forum.working_group)
        if name != old_name and name in group:
            raise UserError(ui("Arbeidsgruppen har alt en gruppe «{name}».").format(name=name))
        if old_name is not None and name != old_name:
            seats = [x.name for x in s.exec(select(Seat).where(Seat.wg_slot == old_name))]
            if seats:
                raise UserError(
                    ui(
                        "Gruppen «{name}» kan ikke få nytt navn: setet «{seat}» velger "
                        "til den. Ingenting ble lagret."
                    ).format(name=old_name, seat=seats[0])
                )
            group = {(name if k == old_name else k): v for k, v in group.items()}
        group.update(checked)
        forum.working_group = group
        s.add(forum)
    return name


def _int(text: str) -> int:
    cleaned = text.strip().replace(" ", "")
    if not (cleaned.isascii() and cleaned.isdigit()) or len(cleaned) > 9:
        raise ValueError(ui("«{text}» er ikke et helt tall").format(text=shown(text)))
    return int(cleaned)


def remove_slot(db: Database, name: str) -> None:
    """Remove a group of places; refused while a seat category fills it."""
    with db.write() as s:
        forum = s.get(Forum, 1)
        if forum is None or name not in forum.working_group:
            raise UserError(ui("Arbeidsgruppen har ingen gruppe «{name}».").format(name=name))
        seats = [x.name for x in s.exec(select(Seat).where(Seat.wg_slot == name))]
        if seats:
            raise UserError(
                ui("Gruppen «{name}» kan ikke fjernes: setet «{seat}» velger til den.").format(
                    name=name, seat=seats[0]
                )
            )
        forum.working_group = {k: v for k, v in forum.working_group.items() if k != name}
        s.add(forum)


# -- schemes from a profile -------------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    """A county's allocation rules as a starting point: the rule, not the county's data
    (its networks, amounts, budgets and key years are the new forum's own)."""

    name: str
    #: The rules in words (a bokmål id, marked ``N_``).
    rules: str
    scheme: dict[str, Any]

    @property
    def source(self) -> str:
        """The rules in words, in the app's language (what the choice of profile shows)."""
        return ui(self.rules)


#: The rules of sample.toml's [allocation] (Innlandet plan 5), examples/nordland.toml and
#: examples/agder.toml, in stored form (basis points); tests/test_forum_setup.py checks
#: them against those files.
PROFILES: dict[str, Profile] = {
    "innlandet": Profile(
        "Innlandet",
        N_(
            "10 % fellestiltak, 2 % utjevning, nettverket høyst 40 %, barnehage og skole minst "
            "35 % hver (langsiktig plan)"
        ),
        {
            "code": "kollektiv",
            "name": "Kollektiv kompetanseutvikling",
            "common_bp": 1000,
            "common_recipient": "Universitetet i Innlandet",
            "equalization_bp": 200,
            "network_max_bp": 4000,
            "unit": 1,
            "kindergarten_min_bp": 3500,
            "school_min_bp": 3500,
            "needs_cap": True,
        },
    ),
    "nordland": Profile(
        "Nordland",
        N_("40 % til nettverket og 60 % til UH, uten tak ved meldt behov, hele tusen"),
        {
            "code": "dekom",
            "name": "Desentralisert ordning (DEKOM)",
            "common_bp": 0,
            "equalization_bp": 0,
            "network_max_bp": 4000,
            "network_fixed_bp": 4000,
            "unit": 1000,
            "kindergarten_min_bp": 0,
            "school_min_bp": 0,
            "needs_cap": False,
        },
    ),
    "agder": Profile(
        "Agder",
        N_("faste beløp per mottaker, hele beløpet til mottakeren, hele tusen"),
        {
            "code": "desentralisert",
            "name": "Desentralisert ordning (DEKOMP)",
            "common_bp": 0,
            "equalization_bp": 0,
            "network_max_bp": 10000,
            "network_fixed_bp": 10000,
            "unit": 1000,
            "kindergarten_min_bp": 0,
            "school_min_bp": 0,
            "needs_cap": False,
        },
    ),
}


def add_scheme_from_profile(db: Database, profile: str) -> str:
    """A new scheme with a profile's rules; the forum's first scheme is its default.
    Returns the scheme's code; its rules are then edited under Innstillinger."""
    found = PROFILES.get(profile)
    if found is None:
        raise UserError(ui("Ukjent profil «{name}».").format(name=shown(profile)))
    with db.write() as s:
        code = found.scheme["code"]
        existing = s.exec(select(Scheme).where(Scheme.code == code)).first()
        if existing is not None:
            raise UserError(
                ui("Forumet har alt ordningen «{name}»; endre den under Innstillinger.").format(
                    name=existing.name
                )
            )
        has_default = s.exec(select(Scheme).where(col(Scheme.is_default))).first() is not None
        last = s.exec(select(func.max(Scheme.position))).one()
        s.add(Scheme(**found.scheme, is_default=not has_default, position=int(last or 0) + 1))
    return code


def remove_scheme(db: Database, code: str) -> None:
    """Remove a scheme nothing was reported or allocated under."""
    with db.write() as s:
        scheme = s.exec(select(Scheme).where(Scheme.code == code)).first()
        if scheme is None:
            raise UserError(ui("Ordningen «{code}» finnes ikke lenger.").format(code=code))
        reports = int(s.exec(select(func.count()).where(NeedsReport.scheme_code == code)).one())
        runs = int(s.exec(select(func.count()).where(AllocationRun.scheme_code == code)).one())
        if reports or runs:
            raise UserError(
                ui(
                    "«{name}» kan ikke fjernes: {reports} behovsmeldinger og "
                    "{runs} tildelinger hører til ordningen."
                ).format(name=scheme.name, reports=reports, runs=runs)
            )
        s.delete(scheme)
        s.flush()
        if scheme.is_default:
            nxt = s.exec(select(Scheme).order_by(col(Scheme.position), col(Scheme.id))).first()
            if nxt is not None:
                nxt.is_default = True
                s.add(nxt)


# -- learning-meeting prompts -----------------------------------------------------------

#: The checks of exchange/spec.py's PROMPT table, by key.
PROMPT_CHECKS: dict[str, Callable[[Any], Any]] = {
    "key": values.stable_key,
    "title": values.nonempty_line,
    "principle": values.text,
    "question": values.text,
    "method": values.text,
    "minutes": values.minutes,
}


def starter_prompts() -> list[dict[str, Any]]:
    """The plan's learning-meeting prompts (Innlandet plan 8.4), as the packaged sample
    holds them: one home for their wording."""
    with sample_path().open("rb") as f:
        data = tomllib.load(f)
    out = []
    for row in data.get("prompt", []):
        out.append({key: PROMPT_CHECKS[key](row[key]) for key in PROMPT_CHECKS if key in row})
    return out


def add_starter_prompts(db: Database) -> int:
    """Add the starter prompts the forum does not have (by key); returns how many."""
    prompts = starter_prompts()
    with db.write() as s:
        taken = set(s.exec(select(Prompt.key)).all())
        last = int(s.exec(select(func.max(Prompt.position))).one() or 0)
        added = 0
        for row in prompts:
            if row["key"] in taken:
                continue
            added += 1
            s.add(Prompt(**row, position=last + added))
    return added
