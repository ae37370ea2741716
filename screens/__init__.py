"""The screens of Sekretariat, one per file, and the registry of the app's areas.

The registry is the single list the app builds its modes, number keys, command-palette
entries and help texts from, so an area added here shows up everywhere at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from sekretariat.i18n import ui as _


@dataclass(frozen=True)
class Area:
    """One area of the app: reached by a number key and named the same everywhere."""

    key: str
    mode: str
    title: str
    summary: str


AREAS: tuple[Area, ...] = (
    Area("1", "overview", _("Oversikt"), _("Forumet i dag: neste møte, seter, frister og årshjul")),
    Area("2", "representatives", _("Representanter"), _("Setetabell, mandater og historikk")),
    Area("3", "working_group", _("Arbeidsgruppe"), _("Leder, nestleder og arbeidsgruppen")),
    Area("4", "meetings", _("Møter"), _("Møteplan, saksliste og innkalling")),
    Area("5", "minutes", _("Protokollføring"), _("Skriv protokoll direkte i møtet")),
    Area("6", "inbox", _("Innboks"), _("Behovsmeldinger og årsrapporter fra nettverkene")),
    Area("7", "allocation", _("Tildeling"), _("Fordeling av tilskuddet")),
    Area("8", "decisions", _("Vedtak"), _("Protokoller, vedtak og oppfølging")),
    Area("9", "settings", _("Innstillinger"), _("Forumets oppsett og regler")),
)

AREA_BY_MODE: dict[str, Area] = {area.mode: area for area in AREAS}

#: Where each area's screen lives ("module:Class"); imported when the area is first shown.
SCREENS: dict[str, str] = {
    "overview": "screens.overview:OverviewScreen",
    "meetings": "screens.meetings:MeetingsScreen",
    "representatives": "screens.representatives:RepresentativesScreen",
    "working_group": "screens.working_group:WorkingGroupScreen",
    "inbox": "screens.inbox:InboxScreen",
    "allocation": "screens.allocation:AllocationScreen",
    "decisions": "screens.decisions:DecisionsScreen",
    "settings": "screens.settings:SettingsScreen",
    "minutes": "screens.minutes:MinutesScreen",
}
