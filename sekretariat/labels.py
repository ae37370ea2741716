"""Enumerations of the domain and their Norwegian labels.

Kept apart from ``models`` so that screens and fast read paths can name a status in
Norwegian without importing SQLAlchemy.
"""

from __future__ import annotations

# Enumerations are plain strings in the database; these tuples are the allowed values,
# and the Norwegian labels live next to them so every screen and export says the same.
REGION_KINDS = ("regional", "private", "other")
SECTORS = ("barnehage", "skole", "begge")
PERSON_ROLES = ("owner", "authority", "coordinator")
OFFICE_ROLES = ("leader", "deputy", "working_group")
MEETING_STATUSES = ("planned", "summoned", "held", "approved", "cancelled")
ITEM_KINDS = ("orientation", "discussion", "decision", "learning")
ITEM_OUTCOMES = ("adopted", "adopted_changed", "noted", "postponed")
STANDING_ITEMS = ("summons", "minutes", "aob")
ATTENDANCE_STATUSES = (
    "present",
    "absent_notice",
    "absent",
    "substitute",
    "observer",
    "secretariat",
    "guest",
)
REPORT_STATES = ("received", "review", "returned", "adjusted", "accepted")
MEASURE_TARGETS = ("barnehage", "skole", "begge")
RUN_STATUSES = ("draft", "proposal", "adopted")
APPROVED_HOW = ("meeting", "email")
RUN_FLAGS = ("missing_report", "must_adjust", "network_capped")
#: Annual reports (plan 7): how far a measure was carried out, the kinds of control point
#: («formalia- og rimelighetskontroll») and what a point is marked with.
ANNUAL_MEASURE_STATUSES = ("gjennomført", "delvis", "ikke gjennomført")
CONTROL_KINDS = ("formalia", "rimelighet")
CONTROL_RESULTS = ("ok", "avvik")
#: The criteria of goal attainment, forskrift § 5 a–e.
ANNUAL_CRITERIA = ("a", "b", "c", "d", "e")
#: The formats a document (summons, minutes) is written in, and what a user calls them.
DOCUMENT_FORMATS: dict[str, str] = {
    "pdf": "PDF",
    "docx": "Word (DOCX)",
    "html": "HTML (nettside)",
    "md": "Markdown",
}

LABELS: dict[str, str] = {
    "regional": "Regionalt nettverk",
    "private": "Privatskolenettverk",
    "other": "Annen mottaker",
    "barnehage": "Barnehage",
    "skole": "Skole",
    "begge": "Begge",
    "owner": "Eier",
    "authority": "Myndighet",
    "coordinator": "Koordinator",
    "leader": "Leder",
    "deputy": "Nestleder",
    "working_group": "Arbeidsgruppe",
    "planned": "Planlagt",
    "summoned": "Innkalt",
    "held": "Avholdt",
    "approved": "Protokoll godkjent",
    "cancelled": "Avlyst",
    "orientation": "Orientering",
    "discussion": "Drøfting",
    "decision": "Vedtakssak",
    "learning": "Læringsøkt",
    "adopted": "Vedtatt",
    "adopted_changed": "Vedtatt med endringer",
    "noted": "Tatt til orientering",
    "postponed": "Utsatt",
    "present": "Til stede",
    "absent_notice": "Forfall",
    "absent": "Ikke møtt",
    "substitute": "Vara",
    "observer": "Observatør",
    "secretariat": "Sekretariat",
    "guest": "Gjest",
    "received": "Mottatt",
    "review": "Under behandling",
    "returned": "Returnert for justering",
    "adjusted": "Justert versjon mottatt",
    "accepted": "Godkjent",
    "draft": "Utkast",
    "proposal": "Forslag",
    "missing_report": "mangler behovsmelding",
    "must_adjust": "må justere",
    "network_capped": "nettverksandel begrenset",
    "email": "e-post",
    "meeting": "i møte",
}


def label(value: str | None) -> str:
    """The Norwegian label of an enumeration value ('' for None)."""
    if not value:
        return ""
    return LABELS.get(value, value)
