"""The areas that are not built yet: one honest page each, until its real screen lands.

Each page says what the area will hold (following DESIGN.md) and, where the command line
already does part of the job, which command to use meanwhile. No fake data, no dummy forms.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.markup import escape
from textual.widgets import Static

from .base import AreaScreen


@dataclass(frozen=True)
class Plan:
    """What a future area will contain, and what can be done today instead."""

    text: str
    commands: tuple[tuple[str, str], ...] = ()


PLANS: dict[str, Plan] = {
    "representatives": Plan(
        "Her kommer setetabellen: hvem som sitter i hvilket sete på en valgt dato, ledige "
        "seter, mandater som går ut de neste 90 dagene og historikken for hvert sete. Du skal "
        "kunne registrere personer og mandater for representanter og vara, og programmet sier "
        "tydelig fra når en regel brytes, for eksempel to personer i et sete som er ett per "
        "nettverk, eller mandater som overlapper.",
        (("sekretariat seats --date ÅÅÅÅ-MM-DD", "setetabellen på en dato"),),
    ),
    "working_group": Plan(
        "Her kommer valget av leder, nestleder og arbeidsgruppe, som skjer samme dag hvert "
        "andre år. Arbeidsgruppen har leder, nestleder, én fra barnehagemyndighet eller "
        "barnehageeier, én skoleeier, to fra UH og tre fra Statsforvalteren, og planlegger "
        "møtene sammen med lederen. Programmet skal sjekke at bare valgbare representanter "
        "(barnehage- og skoleeiere, barnehagemyndighet og Statsforvalteren) kan bli leder.",
    ),
    "meetings": Plan(
        "Her kommer møteplanen og sakslistene. Møtene legges på faste torsdager i ukene forumet "
        "har valgt (i Innlandet uke 3, 10, 25, 38 og 46), og sakene nummereres per år (Sak "
        "01/27, Sak 02/27 …) som orientering, drøfting, vedtakssak eller læringsøkt. Hver sak "
        "kan få et refleksjonsspørsmål og en metode, og sakslisten viser hvordan tiden fordeles "
        "mellom informasjon og refleksjon, slik lærende møter krever. Innkalling og "
        "kalenderinvitasjoner lages herfra.",
        (("sekretariat calendar ÅÅÅÅ", "årets møtedatoer"),),
    ),
    "minutes": Plan(
        "Her kommer protokollføring direkte i møtet: notater, forslag til vedtak og vedtak for "
        "hver sak, habilitet, oppfølgingspunkter med ansvarlig og frist, og hvem som er til "
        "stede, har forfall eller møter som vara. Bare én person skriver i et møte om gangen. "
        "Det du skriver lagres fortløpende, og mister du forbindelsen, fortsetter du der du "
        "var når du kobler til igjen.",
    ),
    "inbox": Plan(
        "Her kommer innboksen for behovsmeldinger fra kompetansenettverkene, med frist "
        "1. februar. Hver melding går fra mottatt via under behandling og eventuelt returnert "
        "for justering (med begrunnelse) til godkjent, og alle versjoner tas vare på. Sene "
        "meldinger merkes, og du ser med en gang om UH-partner er navngitt, egeninnsats er "
        "beskrevet, barnehage og skole har minst 35 % hver (et råd, ikke en sperre) og "
        "nettverksandelen er høyst 40 %.",
    ),
    "allocation": Plan(
        "Her kommer fordelingen av tilskuddet etter forumets regler: fellestiltak, utjevning, "
        "fordelingsnøkkel etter årsverk og tak etter meldte behov, og delingen mellom nettverk "
        "og UH-partner. Alle beløp er hele kroner, og summen går alltid opp. En beregning "
        "lagres med regler og grunnlag, kan sammenlignes med en annen og låses når den er "
        "vedtatt; manuelle endringer krever en begrunnelse.",
    ),
    "decisions": Plan(
        "Her kommer protokollene og vedtakene: fra utkast til godkjent protokoll, utskrift som "
        "Markdown, HTML, Word eller PDF, og oversikten over oppfølgingspunkter med ansvarlig og "
        "frist. En godkjent protokoll endres aldri direkte; en rettelse blir en ny, registrert "
        "endring.",
    ),
    "settings": Plan(
        "Her kommer innstillingene for forumet: navn, møteuker og møtedag, lengden på "
        "mandatene, setekategorier, satsingsområder og reglene for tildeling (prosentsatser og "
        "avrundingsenhet), og dessuten sikkerhetskopi og import og eksport av "
        "utvekslingsfilen.",
        (
            ("sekretariat import FIL.toml", "importer en utvekslingsfil"),
            ("sekretariat export FIL.toml", "eksporter alt til en utvekslingsfil"),
            ("sekretariat backup FIL", "lag en sikkerhetskopi av databasen"),
        ),
    ),
}


class LaterScreen(AreaScreen):
    """A placeholder page that tells the truth: this area comes in a later version."""

    def compose_body(self) -> ComposeResult:
        plan = PLANS[self.area.mode]
        with VerticalScroll(id="later-body"):
            yield Static(
                f"[b]{escape(self.area.title)}[/b] kommer i en senere versjon.",
                id="later-lead",
            )
            yield Static(escape(plan.text), id="later-text")
            if plan.commands:
                lines = ["[$foreground-muted]I mellomtiden, fra kommandolinjen:[/]"]
                lines += [f"  [b]{escape(cmd)}[/b]  {escape(what)}" for cmd, what in plan.commands]
                yield Static("\n".join(lines), id="later-meanwhile")
