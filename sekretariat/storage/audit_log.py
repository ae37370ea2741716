"""Reading the audit log: newest first, filtered, paged, and exported, and the words
for what it records.

Read with sqlite3 (``Database.sql``) so that a long log pages fast; the writing side is
``sekretariat.storage.audit``. The log in the settings area, ``sekretariat audit`` and a
person's page name a change with the same words (``ACTIONS_NB``, ``ENTITIES_NB``,
``FIELDS_NB``): the vocabulary lives here and nowhere else.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sekretariat.formats import (
    clock,
    decimal,
    duration,
    kroner,
    moment,
    month_name,
    percent,
    short_date,
    weekday_name,
)
from sekretariat.i18n import STANDARD_NAMES
from sekretariat.labels import LABELS, label

if TYPE_CHECKING:
    from sekretariat.storage.database import Database

#: What happened to a row.
ACTIONS_NB = {
    "insert": "lagt inn",
    "update": "endret",
    "delete": "slettet",
    "overwrite": "skrev over nyere data",
}
#: The kind of row (the table's name).
ENTITIES_NB = {
    "forum": "forum",
    "scheme": "ordning",
    "theme": "tema",
    "region": "nettverk",
    "regionfte": "årsverk",
    "municipality": "kommunens målform",
    "seat": "setekategori",
    "person": "person",
    "term": "mandat",
    "office": "verv",
    "prompt": "refleksjonsspørsmål",
    "meeting": "møte",
    "agendaitem": "sak",
    "action": "oppfølging",
    "conflict": "habilitet",
    "attendance": "oppmøte",
    "amendment": "rettelse",
    "needsreport": "behovsmelding",
    "needsreportversion": "behovsmeldingsversjon",
    "allocationrun": "tildelingskjøring",
    "allocationresult": "tildelingslinje",
    "localplan": "lokal kompetanseplan",
    "grantdecision": "vedtak om tilskudd",
    "grantchange": "endring fra innstillingen",
    "setting": "innstilling",
    "checkout": "utsjekk",
    "import": "import",
}
#: The fields a change names, in the words the app's forms and tables use for them.
FIELDS_NB = {
    "name": "navn",
    "email": "e-post",
    "phone": "telefon",
    "title": "tittel",
    "organisation": "organisasjon",
    "municipality": "kommune",
    "municipalities": "kommuner",
    "region_id": "nettverk",
    "regions": "nettverk",
    "roles": "roller",
    "note": "merknad",
    "contact_cleared": "kontaktopplysninger slettet",
    "start": "fra",
    "end": "til",
    "ended_reason": "grunn",
    "substitute": "vara",
    "slot": "plass",
    "role": "verv",
    "elected": "valgt",
    "reason": "begrunnelse",
    "sector": "sektor",
    "sectors": "sektorer",
    "ground": "grunnlag",
    "decided_by": "avgjort av",
    "disqualified": "inhabil",
    "substitute_id": "vara",
    "key": "nøkkel",
    "code": "kode",
    "position": "rekkefølge",
    "year": "år",
    "status": "status",
    "state": "status",
    "kind": "type",
    "date": "dato",
    "place": "sted",
    "video_link": "videolenke",
    "chair_id": "møteleder",
    "facilitator_id": "fasilitator",
    "learning_focus": "læringsfokus",
    "reflection": "refleksjon",
    "summons_sent": "innkalling sendt",
    "minutes_approved": "protokoll godkjent",
    "approved_how": "godkjent",
    "number": "saksnummer",
    "minutes": "tid",
    "presenter": "innleder",
    "background": "bakgrunn",
    "proposal": "forslag til vedtak",
    "decision": "vedtak",
    "outcome": "utfall",
    "notes": "notater",
    "prompt_id": "refleksjonsspørsmål",
    "standing": "fast sak",
    "documents": "dokumenter",
    "meeting_id": "møte",
    "item_id": "sak",
    "what": "hva",
    "owner": "ansvarlig",
    "due": "frist",
    "done": "utført",
    "person_id": "person",
    "for_person_id": "møter for",
    "made": "dato",
    "made_by": "av",
    "text": "tekst",
    "report_id": "behovsmelding",
    "received": "mottatt",
    "needs_assessment": "behovsvurdering",
    "partnership_plan": "partnerskapsplan",
    "own_contribution": "egeninnsats",
    "owners": "eiere",
    "partners": "partnere",
    "coordinator_amount": "koordinatorfunksjon",
    "release_amount": "frikjøp",
    "leftover_amount": "restmidler",
    "network_amount": "nettverket",
    "uh_amount": "UH",
    "kindergarten_amount": "barnehage",
    "school_amount": "skole",
    "themes": "tema",
    "measures": "tiltak",
    "return_reason": "grunn til retur",
    "scheme_code": "ordning",
    "start_year": "fra år",
    "end_year": "til år",
    "link": "lenke",
    "budget": "budsjett",
    "budgets": "budsjett",
    "created": "laget",
    "created_by": "laget av",
    "rules": "regler",
    "adopted_item_id": "vedtatt i sak",
    "run_id": "tildelingskjøring",
    "centi_fte": "årsverk",
    "allocated": "tildelt",
    "requested": "søkt",
    "flags": "merknader",
    "adjustment": "justering",
    "adjustment_reason": "grunn til justering",
    "value": "verdi",
    "equalization": "utjevning",
    "host": "vertskommune",
    "count": "antall",
    "per_region": "én per nettverk",
    "voting": "stemmerett",
    "leader_eligible": "kan velges til leder",
    "excluded_roles": "utelukkede roller",
    "wg_slot": "plass i arbeidsgruppen",
    "principle": "prinsipp",
    "question": "spørsmål",
    "method": "metode",
    "is_default": "standardordning",
    "common_bp": "fellestiltak",
    "common_recipient": "mottaker av fellestiltak",
    "equalization_bp": "utjevning",
    "network_max_bp": "største nettverksandel",
    "unit": "avrundes til",
    "kindergarten_min_bp": "barnehage minst",
    "school_min_bp": "skole minst",
    "coordinator_max_bp": "koordinatorfunksjon høyst",
    "release_max_bp": "frikjøp høyst",
    "network_fixed_bp": "fast nettverksandel",
    "network_agreed": "avtalt nettverksandel",
    "fte_year": "årsverk fra år",
    "fte_year_end": "årsverk til år",
    "fixed_amounts": "faste beløp",
    "needs_cap": "begrenset til behovet",
    "county": "fylke",
    "secretariat": "sekretariat",
    "fictional": "fiktive data",
    "description": "beskrivelse",
    "language": "dokumentspråk",
    "meeting_weekday": "møtedag",
    "meeting_weeks": "møteuker",
    "meeting_start": "møtestart",
    "meeting_end": "møteslutt",
    "term_years": "mandatperiode (år)",
    "leader_term_years": "lederperiode (år)",
    "leader_first_year": "første lederperiode fra år",
    "leader_first_term_years": "første lederperiode (år)",
    "needs_due_day": "frist for behovsmelding (dag)",
    "needs_due_month": "frist for behovsmelding (måned)",
    "templates_month": "maler sendes (måned)",
    "reports_due_day": "frist for årsrapport (dag)",
    "reports_due_month": "frist for årsrapport (måned)",
    "uh_feedback_week": "tilbakemelding fra UH (uke)",
    "conference_month": "konferanse (måned)",
    "gathering_month": "fellessamling (måned)",
    "grants": "tilskudd",
    "working_group": "arbeidsgruppe",
    "user": "bruker",
    "at": "tid",
    "side": "side",
    "origin": "database",
    "ended_at": "avsluttet",
    "ended_by": "avsluttet av",
    "token": "kode",
    "applied": "innsjekk",
    "base": "utgangspunkt",
    "places": "plasseringer",
    "rows": "rader",
    "decided": "vedtaksdato",
    "reference": "referanse",
    "decision_id": "vedtak om tilskudd",
}
#: Where a field means something else in one kind of row.
_ENTITY_FIELDS = {
    ("checkout", "host"): "maskin",
    ("municipality", "standard"): "målform",
    ("meeting", "start"): "start",
    ("meeting", "end"): "slutt",
    ("attendance", "status"): "oppmøte",
    ("attendance", "guest_name"): "gjest",
    ("attendance", "guest_org"): "gjestens organisasjon",
    ("needsreportversion", "number"): "versjon",
    ("allocationresult", "network"): "til nettverket",
    ("allocationresult", "uh"): "til UH",
    ("allocationresult", "key"): "etter nøkkel",
    ("setting", "key"): "innstilling",
    ("grantdecision", "decided_by"): "vedtatt av",
    ("grantchange", "allocated"): "vedtatt beløp",
    ("grantchange", "network"): "til nettverket",
    ("grantchange", "uh"): "til UH",
}
#: Fields a reader never needs: the row's own id and the optimistic-lock counter (older
#: entries have it).
_HIDDEN = frozenset({"id", "version"})
#: Fields that hold one of the domain's enumerations (``labels.label`` names them).
_LABELLED = frozenset(
    {"status", "state", "kind", "outcome", "role", "approved_how", "sector", "sectors"}
    | {"roles", "flags", "excluded_roles"}
)
#: Fields in whole kroner, in any row, and in one kind of row only.
_KRONER = frozenset(
    {"budget", "allocated", "requested", "adjustment", "amount"}
    | {"coordinator_amount", "release_amount", "leftover_amount", "network_amount"}
    | {"uh_amount", "kindergarten_amount", "school_amount"}
)
_KRONER_IN = {
    "allocationresult": frozenset({"network", "uh", "key", "equalization"}),
    "grantchange": frozenset({"network", "uh"}),
}
#: Fields holding kroner by year or by network (``{"2026": 1800000}``).
_KRONER_BY = frozenset({"budgets", "grants", "fixed_amounts"})
_MONTHS = frozenset(
    {"needs_due_month", "templates_month", "reports_due_month", "conference_month"}
    | {"gathering_month"}
)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_TIME = re.compile(r"\d{2}:\d{2}(:\d{2})?")
_ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z)?")


def field_name(key: str, entity: str = "") -> str:
    """A changed field in Norwegian (``"email"`` → ``"e-post"``); unknown keys as they are."""
    return _ENTITY_FIELDS.get((entity, key)) or FIELDS_NB.get(key, key)


def _is_link(key: str) -> bool:
    """A column that points at another row by its number (``person_id``): the number
    means nothing to a reader, so the log says that it changed, not what to."""
    return key.endswith("_id")


def value_text(entity: str, key: str, value: Any) -> str:
    """A logged value as the app shows it: labels, dates, times, kroner, percentages.

    ``("meeting", "status", "summoned")`` → ``"Innkalt"``, ``("regionfte", "centi_fte",
    61240)`` → ``"612,40"``, a budget → ``"1 800 000 kr"``, a date → ``"22.11.2026"``;
    nothing at all → ``""``.
    """
    if value is None or value == "" or value == [] or value == {}:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nei"
    if entity == "municipality" and key == "standard":
        return STANDARD_NAMES.get(str(value), str(value))
    if key in _LABELLED:
        items = value if isinstance(value, list) else [value]
        return ", ".join(label(str(v)) for v in items)
    if isinstance(value, int):
        if key in _KRONER or key in _KRONER_IN.get(entity, ()):
            return kroner(value)
        if key.endswith("_bp"):
            return percent(value)
        if key == "centi_fte":
            return decimal(value / 100, 2)
        if key == "minutes":
            return duration(value)
        if key == "meeting_weekday" and 1 <= value <= 7:
            return weekday_name(dt.date(2024, 1, value))  # 1.1.2024 was a Monday
        if key in _MONTHS and 1 <= value <= 12:
            return month_name(value)
        return str(value)
    if isinstance(value, dict):
        if key in _KRONER_BY or key == "network_agreed":
            show = kroner if key in _KRONER_BY else percent
            return ", ".join(
                f"{k}: {show(v) if isinstance(v, int) else v}" for k, v in value.items()
            )
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        if value and all(isinstance(v, dict) for v in value):
            return f"{len(value)} stk."
        return ", ".join(value_text(entity, "", v) for v in value)
    text = str(value)
    if _ISO_DATE.fullmatch(text):
        return short_date(dt.date.fromisoformat(text))
    if _ISO_TIME.fullmatch(text):
        return clock(dt.time.fromisoformat(text))
    if _ISO_MOMENT.fullmatch(text):
        return moment(dt.datetime.fromisoformat(text))
    return text


def row_name(entity: str, entity_id: str) -> str:
    """How the log names a row: its kind and key, ``"Møte 22.11.2026"``, ``"Person kari"``."""
    kind = ENTITIES_NB.get(entity, entity)
    text = f"{kind} {value_text(entity, '', entity_id)}" if entity_id else kind
    return text[:1].upper() + text[1:]


def change_title(entity: str, action: str, changes: dict[str, Any]) -> str:
    """One change in a line: ``"Mandat lagt inn"``, ``"Person endret: e-post, telefon"``."""
    text = f"{ENTITIES_NB.get(entity, entity)} {ACTIONS_NB.get(action, action)}"
    fields = ", ".join(
        field_name(k, entity) for k in changes if k not in _HIDDEN and k not in _PLAIN_LINKS
    )
    if action == "update" and fields:
        text += f": {fields}"
    return text[:1].upper() + text[1:]


#: Links that only tie a row to its owner (a term to its person): never news in a title.
_PLAIN_LINKS = ("person_id", "seat_id")


def change_parts(entity: str, action: str, changes: dict[str, Any]) -> list[str]:
    """What changed, one field a part: ``"status: «Planlagt» → «Innkalt»"``; the log in
    the settings, ``sekretariat audit`` and a person's page say it the same way."""
    if action == "update":
        parts = []
        for k, v in changes.items():
            if k in _HIDDEN:
                continue
            name = field_name(k, entity)
            if _is_link(k):
                parts.append(f"{name} endret")
            else:
                old, new = v if isinstance(v, list) and len(v) == 2 else (None, v)
                parts.append(
                    f"{name}: {_quoted(value_text(entity, k, old))}"
                    f" → {_quoted(value_text(entity, k, new))}"
                )
        return parts
    if action == "insert":
        return [
            f"{field_name(k, entity)}: {_quoted(value_text(entity, k, v))}"
            for k, v in changes.items()
            if k not in _HIDDEN
            and k != "position"  # where in a list, not what was added
            and not _is_link(k)
            and v not in ("", None, [], {})
        ]
    if action == "overwrite":
        return [", ".join(str(name) for name in changes.get("rows", []))]
    return ["fjernet"]


@dataclass(frozen=True)
class Entry:
    id: int
    at: str
    user: str
    host: str
    entity: str
    entity_id: str
    action: str
    changes: dict[str, Any]

    @property
    def local_time(self) -> str:
        """When, in local time, as Norwegian writes it: 22.11.2026 kl. 10.42."""
        return moment(dt.datetime.fromisoformat(self.at))

    @property
    def short_time(self) -> str:
        """The same, compact for tables: 22.11.26 10.42."""
        return moment(dt.datetime.fromisoformat(self.at), compact=True)

    @property
    def what(self) -> str:
        """The row and what happened to it: ``"Møte 22.11.2026 endret"``."""
        return f"{row_name(self.entity, self.entity_id)} {ACTIONS_NB.get(self.action, self.action)}"

    def parts(self) -> list[str]:
        """What changed, one field a part: ``"status: «Planlagt» → «Innkalt»"``."""
        return change_parts(self.entity, self.action, self.changes)

    def summary(self, width: int = 200) -> str:
        """What changed, in one line: ``e-post: «» → «kari@example.org»``."""
        parts = self.parts()
        if self.action == "insert":
            parts = parts[:4]
        text = "; ".join(parts)
        return text if len(text) <= width else text[: width - 1] + "…"


_BLANKS = re.compile(r"[ \t\r\n]+")


def _quoted(text: str) -> str:
    text = _BLANKS.sub(" ", text).strip()  # a line of its own; kroner keep their NBSP
    return f"«{text}»" if len(text) <= 40 else f"«{text[:39]}…»"


def entries(
    db: Database,
    *,
    entity: str | None = None,
    entity_id: str | None = None,
    search: str = "",
    limit: int = 500,
    offset: int = 0,
) -> list[Entry]:
    """Log entries, newest first; ``search`` matches user, entity, key and changes."""
    where, params = [], []
    if entity:
        where.append("entity = ?")
        params.append(entity)
    if entity_id:
        where.append("entity_id = ?")
        params.append(entity_id)
    if search:
        # What the user reads is Norwegian («møte», «Innkalt»); what is stored is not
        # («meeting», "summoned"): a word of the log's own finds the rows it names.
        said = search.casefold()
        clauses = ["user LIKE ?", "entity LIKE ?", "entity_id LIKE ?", "changes LIKE ?"]
        params += [f"%{search}%"] * 4
        kinds = [kind for kind, name in ENTITIES_NB.items() if said in name]
        if kinds:
            clauses.append(f"entity IN ({', '.join('?' * len(kinds))})")
            params += kinds
        for value in [v for v, name in LABELS.items() if said in name.casefold()][:20]:
            clauses.append("changes LIKE ?")
            params.append(f'%"{value}"%')
        where.append(f"({' OR '.join(clauses)})")
    sql = "SELECT id, at, user, host, entity, entity_id, action, changes FROM auditlog"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY id DESC LIMIT ? OFFSET ?"
    with db.sql() as con:
        rows = con.execute(sql, (*params, limit, offset)).fetchall()
    return [
        Entry(
            r[0],
            r[1],
            r[2],
            r[3],
            r[4],
            r[5],
            r[6],
            json.loads(r[7]) if isinstance(r[7], str) else {},
        )
        for r in rows
    ]


def count(db: Database) -> int:
    with db.sql() as con:
        return con.execute("SELECT COUNT(*) FROM auditlog").fetchone()[0]


def csv_rows(items: list[Entry]) -> list[list[object]]:
    """The log as spreadsheet rows: the change in words, and as JSON in the last column
    (for a program, with the stored names and values)."""
    rows: list[list[object]] = [
        ["Tid (UTC)", "Bruker", "Maskin", "Hva", "Nøkkel", "Handling", "Endring", "Data (JSON)"]
    ]
    for e in items:
        rows.append(
            [
                e.at,
                e.user,
                e.host,
                ENTITIES_NB.get(e.entity, e.entity),
                e.entity_id,
                ACTIONS_NB.get(e.action, e.action),
                "; ".join(e.parts()),
                json.dumps(e.changes, ensure_ascii=False, sort_keys=True),
            ]
        )
    return rows
