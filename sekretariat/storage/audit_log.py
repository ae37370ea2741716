"""Reading the audit log: newest first, filtered, paged, and exported, and the words
for what it records.

Read with sqlite3 (``Database.sql``) so that a long log pages fast; the writing side is
``sekretariat.storage.audit``. The log in the settings area, ``sekretariat audit`` and a
person's page name a change with the same words (``ACTIONS_NB``, ``ENTITIES_NB``,
``FIELDS_NB``): the vocabulary lives here and nowhere else. It is kept in bokmål (the
catalogue's ids, marked ``N_``) and shown in the app's language (``ui``), and a change is
told in whole sentences of the catalogue (``DONE``), so that nynorsk may word it its own way.
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
from sekretariat.i18n import N_, STANDARD_NAMES, app_language, label_text, ui, ui_label
from sekretariat.labels import LABELS

if TYPE_CHECKING:
    from sekretariat.storage.database import Database

#: What happened to a row.
ACTIONS_NB = {
    "insert": N_("lagt inn"),
    "update": N_("endret"),
    "delete": N_("slettet"),
    "overwrite": N_("skrev over nyere data"),
}
#: A row (``{what}``, «Møte 22.11.2026») and what happened to it, as one sentence each.
DONE = {
    "insert": N_("{what} lagt inn"),
    "update": N_("{what} endret"),
    "delete": N_("{what} slettet"),
    "overwrite": N_("{what} skrev over nyere data"),
}
#: The kind of row (the table's name).
ENTITIES_NB = {
    "forum": N_("forum"),
    "scheme": N_("ordning"),
    "theme": N_("tema"),
    "region": N_("nettverk"),
    "regionfte": N_("årsverk"),
    "municipality": N_("kommunens målform"),
    "seat": N_("setekategori"),
    "person": N_("person"),
    "term": N_("mandat"),
    "office": N_("verv"),
    "prompt": N_("refleksjonsspørsmål"),
    "meeting": N_("møte"),
    "agendaitem": N_("sak"),
    "action": N_("oppfølging"),
    "conflict": N_("habilitet"),
    "attendance": N_("oppmøte"),
    "amendment": N_("rettelse"),
    "needsreport": N_("behovsmelding"),
    "needsreportversion": N_("behovsmeldingsversjon"),
    "allocationrun": N_("tildelingskjøring"),
    "allocationresult": N_("tildelingslinje"),
    "localplan": N_("lokal kompetanseplan"),
    "grantdecision": N_("vedtak om tilskudd"),
    "grantchange": N_("endring fra innstillingen"),
    "annualreport": N_("årsrapport"),
    "annualreportversion": N_("årsrapportversjon"),
    "annualreportcheck": N_("kontrollpunkt for årsrapport"),
    "setting": N_("innstilling"),
    "checkout": N_("utsjekk"),
    "import": N_("import"),
}
#: The fields a change names, in the words the app's forms and tables use for them.
FIELDS_NB = {
    "name": N_("navn"),
    "email": N_("e-post"),
    "phone": N_("telefon"),
    "title": N_("tittel"),
    "organisation": N_("organisasjon"),
    "municipality": N_("kommune"),
    "municipalities": N_("kommuner"),
    "region_id": N_("nettverk"),
    "regions": N_("nettverk"),
    "roles": N_("roller"),
    "note": N_("merknad"),
    "contact_cleared": N_("kontaktopplysninger slettet"),
    "start": N_("fra"),
    "end": N_("til"),
    "ended_reason": N_("grunn"),
    "substitute": N_("vara"),
    "slot": N_("plass"),
    "role": N_("verv"),
    "elected": N_("valgt"),
    "reason": N_("begrunnelse"),
    "sector": N_("sektor"),
    "sectors": N_("sektorer"),
    "ground": N_("grunnlag"),
    "decided_by": N_("avgjort av"),
    "disqualified": N_("inhabil"),
    "substitute_id": N_("vara"),
    "key": N_("nøkkel"),
    "code": N_("kode"),
    "position": N_("rekkefølge"),
    "year": N_("år"),
    "status": N_("status"),
    "state": N_("status"),
    "kind": N_("type"),
    "date": N_("dato"),
    "place": N_("sted"),
    "video_link": N_("videolenke"),
    "chair_id": N_("møteleder"),
    "facilitator_id": N_("fasilitator"),
    "learning_focus": N_("læringsfokus"),
    "reflection": N_("refleksjon"),
    "summons_sent": N_("innkalling sendt"),
    "minutes_approved": N_("protokoll godkjent"),
    "approved_how": N_("godkjent"),
    "number": N_("saksnummer"),
    "minutes": N_("tid"),
    "presenter": N_("innleder"),
    "background": N_("bakgrunn"),
    "proposal": N_("forslag til vedtak"),
    "decision": N_("vedtak"),
    "outcome": N_("utfall"),
    "notes": N_("notater"),
    "prompt_id": N_("refleksjonsspørsmål"),
    "standing": N_("fast sak"),
    "documents": N_("dokumenter"),
    "meeting_id": N_("møte"),
    "item_id": N_("sak"),
    "what": N_("hva"),
    "owner": N_("ansvarlig"),
    "due": N_("frist"),
    "done": N_("utført"),
    "person_id": N_("person"),
    "for_person_id": N_("møter for"),
    "made": N_("dato"),
    "made_by": N_("av"),
    "text": N_("tekst"),
    "report_id": N_("behovsmelding"),
    "received": N_("mottatt"),
    "needs_assessment": N_("behovsvurdering"),
    "partnership_plan": N_("partnerskapsplan"),
    "own_contribution": N_("egeninnsats"),
    "owners": N_("eiere"),
    "partners": N_("partnere"),
    "coordinator_amount": N_("koordinatorfunksjon"),
    "release_amount": N_("frikjøp"),
    "leftover_amount": N_("restmidler"),
    "network_amount": N_("nettverket"),
    "uh_amount": N_("UH"),
    "kindergarten_amount": N_("barnehage"),
    "school_amount": N_("skole"),
    "themes": N_("tema"),
    "measures": N_("tiltak"),
    "return_reason": N_("grunn til retur"),
    "scheme_code": N_("ordning"),
    "start_year": N_("fra år"),
    "end_year": N_("til år"),
    "link": N_("lenke"),
    "budget": N_("budsjett"),
    "budgets": N_("budsjett"),
    "created": N_("laget"),
    "created_by": N_("laget av"),
    "rules": N_("regler"),
    "adopted_item_id": N_("vedtatt i sak"),
    "run_id": N_("tildelingskjøring"),
    "centi_fte": N_("årsverk"),
    "allocated": N_("tildelt"),
    "requested": N_("søkt"),
    "flags": N_("merknader"),
    "adjustment": N_("justering"),
    "adjustment_reason": N_("grunn til justering"),
    "value": N_("verdi"),
    "equalization": N_("utjevning"),
    "host": N_("vertskommune"),
    "count": N_("antall"),
    "per_region": N_("én per nettverk"),
    "voting": N_("stemmerett"),
    "leader_eligible": N_("kan velges til leder"),
    "excluded_roles": N_("utelukkede roller"),
    "wg_slot": N_("plass i arbeidsgruppen"),
    "principle": N_("prinsipp"),
    "question": N_("spørsmål"),
    "method": N_("metode"),
    "is_default": N_("standardordning"),
    "common_bp": N_("fellestiltak"),
    "common_recipient": N_("mottaker av fellestiltak"),
    "equalization_bp": N_("utjevning"),
    "network_max_bp": N_("største nettverksandel"),
    "unit": N_("avrundes til"),
    "kindergarten_min_bp": N_("barnehage minst"),
    "school_min_bp": N_("skole minst"),
    "coordinator_max_bp": N_("koordinatorfunksjon høyst"),
    "release_max_bp": N_("frikjøp høyst"),
    "network_fixed_bp": N_("fast nettverksandel"),
    "network_agreed": N_("avtalt nettverksandel"),
    "fte_year": N_("årsverk fra år"),
    "fte_year_end": N_("årsverk til år"),
    "fixed_amounts": N_("faste beløp"),
    "needs_cap": N_("begrenset til behovet"),
    "county": N_("fylke"),
    "secretariat": N_("sekretariat"),
    "fictional": N_("fiktive data"),
    "description": N_("beskrivelse"),
    "language": N_("dokumentspråk"),
    "meeting_weekday": N_("møtedag"),
    "meeting_weeks": N_("møteuker"),
    "meeting_start": N_("møtestart"),
    "meeting_end": N_("møteslutt"),
    "term_years": N_("mandatperiode (år)"),
    "leader_term_years": N_("lederperiode (år)"),
    "leader_first_year": N_("første lederperiode fra år"),
    "leader_first_term_years": N_("første lederperiode (år)"),
    "needs_due_day": N_("frist for behovsmelding (dag)"),
    "needs_due_month": N_("frist for behovsmelding (måned)"),
    "templates_month": N_("maler sendes (måned)"),
    "reports_due_day": N_("frist for årsrapport (dag)"),
    "reports_due_month": N_("frist for årsrapport (måned)"),
    "uh_feedback_week": N_("tilbakemelding fra UH (uke)"),
    "conference_month": N_("konferanse (måned)"),
    "gathering_month": N_("fellessamling (måned)"),
    "grants": N_("tilskudd"),
    "working_group": N_("arbeidsgruppe"),
    "user": N_("bruker"),
    "at": N_("tid"),
    "side": N_("side"),
    "origin": N_("database"),
    "ended_at": N_("avsluttet"),
    "ended_by": N_("avsluttet av"),
    "token": N_("kode"),
    "applied": N_("innsjekk"),
    "base": N_("utgangspunkt"),
    "places": N_("plasseringer"),
    "rows": N_("rader"),
    "decided": N_("vedtaksdato"),
    "reference": N_("referanse"),
    "decision_id": N_("vedtak om tilskudd"),
    "seat_id": N_("sete"),
    "granted_amount": N_("tildelt beløp"),
    "carried_in": N_("overført fra tidligere år"),
    "spent_network": N_("brukt av nettverket"),
    "spent_uh": N_("brukt av UH"),
    "goal_assessment": N_("vurdering av måloppnåelse"),
    "criteria": N_("kjennetegn"),
    "evaluation": N_("evaluering"),
    "result": N_("resultat"),
    "checked_by": N_("kontrollert av"),
    "checked": N_("kontrollert"),
    "report_checks": N_("kontrollpunkter for årsrapporter"),
    "report_headings": N_("overskrifter for evaluering"),
}
#: Where a field means something else in one kind of row.
_ENTITY_FIELDS = {
    ("checkout", "host"): N_("maskin"),
    ("municipality", "standard"): N_("målform"),
    ("meeting", "start"): N_("start"),
    ("meeting", "end"): N_("slutt"),
    ("attendance", "status"): N_("oppmøte"),
    ("attendance", "guest_name"): N_("gjest"),
    ("attendance", "guest_org"): N_("gjestens organisasjon"),
    ("needsreportversion", "number"): N_("versjon"),
    ("allocationresult", "network"): N_("til nettverket"),
    ("allocationresult", "uh"): N_("til UH"),
    ("allocationresult", "key"): N_("etter nøkkel"),
    ("setting", "key"): N_("innstilling"),
    ("grantdecision", "decided_by"): N_("vedtatt av"),
    ("grantchange", "allocated"): N_("vedtatt beløp"),
    ("grantchange", "network"): N_("til nettverket"),
    ("grantchange", "uh"): N_("til UH"),
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
    | {"granted_amount", "carried_in", "spent_network", "spent_uh"}
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
    """A changed field in the app's language (``"email"`` → ``"e-post"``); unknown keys as
    they are."""
    found = _ENTITY_FIELDS.get((entity, key)) or FIELDS_NB.get(key)
    return ui(found) if found else key


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
        return ui("ja") if value else ui("nei")
    if entity == "municipality" and key == "standard":
        return STANDARD_NAMES.get(str(value), str(value))
    if key in _LABELLED:
        items = value if isinstance(value, list) else [value]
        return ", ".join(ui_label(str(v)) for v in items)
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
            return weekday_name(dt.date(2024, 1, value), app_language())  # 1.1.2024: Monday
        if key in _MONTHS and 1 <= value <= 12:
            return month_name(value, app_language())
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
    kind = entity_name(entity)
    text = f"{kind} {value_text(entity, '', entity_id)}" if entity_id else kind
    return _capital(text)


def entity_name(entity: str) -> str:
    """A kind of row in the app's language (``"term"`` → ``"mandat"``); unknown as it is."""
    found = ENTITIES_NB.get(entity)
    return ui(found) if found else entity


def action_name(action: str) -> str:
    """What happened, alone (a column of its own): ``"endret"``; unknown as it is."""
    found = ACTIONS_NB.get(action)
    return ui(found) if found else action


def done(what: str, action: str) -> str:
    """The sentence that ``what`` had ``action`` done to it: ``"Møte 22.11.2026 endret"``."""
    found = DONE.get(action)
    return _capital(ui(found).format(what=what) if found else f"{what} {action}")


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def change_title(entity: str, action: str, changes: dict[str, Any]) -> str:
    """One change in a line: ``"Mandat lagt inn"``, ``"Person endret: e-post, telefon"``."""
    fields = ", ".join(
        field_name(k, entity) for k in changes if k not in _HIDDEN and k not in _PLAIN_LINKS
    )
    if action == "update" and fields:
        return _capital(
            ui("{what} endret: {fields}").format(what=entity_name(entity), fields=fields)
        )
    return done(entity_name(entity), action)


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
                parts.append(ui("{name} endret").format(name=name))
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
    return [ui("fjernet")]


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
        return done(row_name(self.entity, self.entity_id), self.action)

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
        # («meeting», "summoned"): a word of the log's own finds the rows it names, in
        # bokmål and in the app's language.
        said = search.casefold()
        clauses = ["user LIKE ?", "entity LIKE ?", "entity_id LIKE ?", "changes LIKE ?"]
        params += [f"%{search}%"] * 4
        kinds = [
            kind
            for kind, name in ENTITIES_NB.items()
            if said in name or said in ui(name).casefold()
        ]
        if kinds:
            clauses.append(f"entity IN ({', '.join('?' * len(kinds))})")
            params += kinds
        shown = app_language()
        found = [
            v
            for v, name in LABELS.items()
            if said in name.casefold() or said in label_text(v, shown).casefold()
        ]
        for value in found[:20]:
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
        [
            ui("Tid (UTC)"),
            ui("Bruker"),
            ui("Maskin"),
            ui("Hva"),
            ui("Nøkkel"),
            ui("Handling"),
            ui("Endring"),
            ui("Data (JSON)"),
        ]
    ]
    for e in items:
        rows.append(
            [
                e.at,
                e.user,
                e.host,
                entity_name(e.entity),
                e.entity_id,
                action_name(e.action),
                "; ".join(e.parts()),
                json.dumps(e.changes, ensure_ascii=False, sort_keys=True),
            ]
        )
    return rows
