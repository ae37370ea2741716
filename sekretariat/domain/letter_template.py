"""The grant letter's text: a template the secretariat edits, stored in the database.

The template is plain text. A line starting with ``# `` is a heading (the first one is the
letter's title), ``## `` a subheading, ``- `` a bullet; blank lines separate paragraphs.
Named placeholders in braces (``{vertskommune}``) are filled in per letter; ``{tabell}``
on a line of its own is the table of the networks. Every placeholder is checked when the
template is saved, so a letter never goes out with a name left in braces.

The default text quotes the Innlandet plan (seed 004) word for word where it speaks of
the letter and its terms: 3.8 on the use of the funds, the 35/35 split, the coordinator
function and leftover funds, and 7 on the reporting duty. A forum with other terms edits
them; nothing here is a rule of the program.

There is a template per written standard: a letter to a municipality that has adopted
nynorsk is written from the nynorsk one (språklova § 10). The nynorsk default says the same
as the bokmål one, the plan's words rendered in nynorsk; it should be proofread by a
nynorsk-competent language adviser before production use (README).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sqlmodel import Session, col, select

from sekretariat.domain.languages import document_language
from sekretariat.errors import UserError
from sekretariat.i18n import LANGUAGES, check_language, ui
from sekretariat.storage.models import Region, Setting

if TYPE_CHECKING:
    from sekretariat.storage.database import Database

#: The Setting row holding the forum's own template (absent: the default); the nynorsk
#: template's row has ``_nn`` after it.
SETTING_KEY = "grant_letter_template"

#: The placeholders a template may use, with what each is filled with (shown in the app).
PLACEHOLDERS = {
    "forum": "forumets navn",
    "år": "året tilskuddet gjelder",
    "ordning": "ordningens navn",
    "vertskommune": "vertskommunen brevet går til",
    "vedtatt_av": "hvem som fattet vedtaket",
    "vedtaksdato": "datoen for vedtaket",
    "referanse": "saks- eller arkivnummeret",
    "innstilling": "saken der forumet ga sin innstilling",
    "sum": "til sammen til vertskommunen",
    "rapportfrist": "fristen for årsrapporten (forumets innstilling)",
    "tabell": "tabellen over nettverkene (på en egen linje)",
}

TABLE = "tabell"

#: Each written standard's template's key in the exchange format's ``[forum]``.
EXCHANGE_KEYS = {"nb": "grant_letter_template", "nn": "grant_letter_template_nn"}

DEFAULT_TEMPLATE = """\
# Tilskuddsbrev {år} – {vertskommune}

Til {vertskommune}, vertskommune for kompetansenettverket

## Vedtak

{vedtatt_av} har {vedtaksdato} vedtatt tilskudd for {år} i ordningen {ordning} (referanse {referanse}). Vedtaket bygger på innstillingen fra {forum} i {innstilling}.

{tabell}

Til sammen: {sum}.

## Vilkår

Midlene skal brukes til kompetanseutvikling i tråd med forskriften § 4 tildelingskriterier.

Samarbeidsforum har bestemt at de regionale kompetansenettverkene skal ivaretar fordelingen av tildelte midler til barnehage og grunnskole (35 %/35 %).

Det gis anledning til å bruke en begrenset del av tilskuddet til en regional koordinatorfunksjon.

De regionale kompetansenettverkene, i samarbeid med UH, drøfter bruk av restmidler fra tidligere tildelinger i forbindelse med melding om behov for tilskudd til kompetanseutvikling for neste budsjettår.

## Rapportering

Ifølge Forskrift om tilskudd for kollektiv kompetanseutvikling i barnehage og grunnskole § 17 skal mottakere av tilskudd rapportere årlig til statsforvalter om hvilke tiltak som er gjennomført, hvordan midlene er brukt og en vurdering av måloppnåelse.

Frist for rapporten: {rapportfrist}.
"""

DEFAULT_TEMPLATE_NN = """\
# Tilskotsbrev {år} – {vertskommune}

Til {vertskommune}, vertskommune for kompetansenettverket

## Vedtak

{vedtatt_av} har {vedtaksdato} gjort vedtak om tilskot for {år} i ordninga {ordning} (referanse {referanse}). Vedtaket byggjer på innstillinga frå {forum} i {innstilling}.

{tabell}

Til saman: {sum}.

## Vilkår

Midlane skal brukast til kompetanseutvikling i tråd med tildelingskriteria i forskrifta § 4.

Samarbeidsforum har bestemt at dei regionale kompetansenettverka skal sikre fordelinga av tildelte midlar til barnehage og grunnskule (35 %/35 %).

Det er høve til å bruke ein avgrensa del av tilskotet til ein regional koordinatorfunksjon.

Dei regionale kompetansenettverka drøftar, i samarbeid med UH, bruken av restmidlar frå tidlegare tildelingar når dei melder behov for tilskot til kompetanseutvikling for neste budsjettår.

## Rapportering

Etter forskrift om tilskot til kollektiv kompetanseutvikling i barnehage og grunnskule § 17 skal mottakarar av tilskot rapportere kvart år til statsforvaltaren om kva tiltak som er gjennomførte, korleis midlane er brukte, og gje ei vurdering av kor godt måla er nådde.

Frist for rapporten: {rapportfrist}.
"""

#: The default template of each written standard.
DEFAULT_TEMPLATES = {"nb": DEFAULT_TEMPLATE, "nn": DEFAULT_TEMPLATE_NN}

_PLACEHOLDER = re.compile(r"\{([^{}\n]*)\}")


def placeholders(text: str) -> list[str]:
    """The placeholders a template uses, in order (``{{`` and ``}}`` are literal braces)."""
    return _PLACEHOLDER.findall(text.replace("{{", "").replace("}}", ""))


def check_template(text: str) -> str:
    """The template as it is stored, or one Norwegian sentence on what is wrong with it."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip("\n") + "\n"
    for name in placeholders(text):
        if name not in PLACEHOLDERS:
            known = ", ".join(f"{{{k}}}" for k in PLACEHOLDERS)
            raise UserError(
                ui(
                    "Malen bruker den ukjente plassholderen «{{{name}}}»; kjente er {known}."
                ).format(name=name, known=known)
            )
    rest = _PLACEHOLDER.sub("", text.replace("{{", "").replace("}}", ""))
    if "{" in rest or "}" in rest:
        raise UserError(
            ui("Malen har en klamme uten sin make; skriv {{ og }} for klammer i selve teksten.")
        )
    for line in text.splitlines():
        if f"{{{TABLE}}}" in line and line.strip() != f"{{{TABLE}}}":
            raise UserError(ui("Plassholderen {tabell} må stå alene på en linje."))
    first = next((line for line in text.splitlines() if line.strip()), "")
    if not first.startswith("# "):
        raise UserError(ui("Malen må begynne med brevets tittel som en overskrift: «# …»."))
    return text


def setting_key(lang: str) -> str:
    """The Setting row of a written standard's template (the exchange format's key in
    ``[forum]`` is the same: ``grant_letter_template``, ``grant_letter_template_nn``)."""
    return SETTING_KEY if lang == "nb" else f"{SETTING_KEY}_{check_language(lang)}"


def letter_template(db: Database, lang: str = "nb") -> str:
    """The forum's template in a written standard (``"nb"``, ``"nn"``), or the default one."""
    with db.read() as s:
        row = s.get(Setting, setting_key(lang))
        return str(row.value) if row is not None and row.value else DEFAULT_TEMPLATES[lang]


def is_default(db: Database, lang: str = "nb") -> bool:
    """Whether a written standard's letters use the default text (nothing stored)."""
    with db.read() as s:
        row = s.get(Setting, setting_key(lang))
        return row is None or not row.value


def letter_languages(db: Database) -> tuple[str, ...]:
    """The written standards the forum's grant letters go out in: each network host's
    (a neutral or unregistered host: the forum's language), in ``LANGUAGES`` order. The
    app offers a template to edit for each of them (and both may always be edited)."""
    with db.read() as s:
        hosts = {
            r.host.strip()
            for r in s.exec(select(Region).order_by(col(Region.position))).all()
            if r.host.strip()
        }
    found = {document_language(db, None, host) for host in hosts}
    return tuple(x for x in LANGUAGES if x in found)


def store_template(session: Session, text: str, lang: str = "nb") -> str:
    """Check and store a written standard's template in an open write session (the app's
    save and the exchange import both go through here); the default text again removes
    the stored one. A refusal is a ``UserError`` naming what is wrong."""
    text = check_template(text)
    row = session.get(Setting, setting_key(lang))
    if text == DEFAULT_TEMPLATES[lang]:
        if row is not None:
            session.delete(row)
    elif row is None:
        session.add(Setting(key=setting_key(lang), value=text))
    elif row.value != text:
        row.value = text
    return text


def save_letter_template(db: Database, text: str, lang: str = "nb") -> str:
    """Store a checked template (the default text again: the stored one is removed)."""
    check_language(lang)
    with db.write() as s:
        return store_template(s, text, lang)


def fill(text: str, values: dict[str, str]) -> str:
    """A line of the template with its placeholders filled in (checked beforehand)."""
    parts = text.split("{{")
    out = []
    for part in parts:
        pieces = part.split("}}")
        out.append("}".join(_PLACEHOLDER.sub(lambda m: values[m.group(1)], p) for p in pieces))
    return "{".join(out)
