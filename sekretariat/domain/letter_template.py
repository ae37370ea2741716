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
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sekretariat.errors import UserError
from sekretariat.storage.models import Setting

if TYPE_CHECKING:
    from sekretariat.storage.database import Database

#: The Setting row holding the forum's own template (absent: the default).
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
                f"Malen bruker den ukjente plassholderen «{{{name}}}»; kjente er {known}."
            )
    rest = _PLACEHOLDER.sub("", text.replace("{{", "").replace("}}", ""))
    if "{" in rest or "}" in rest:
        raise UserError(
            "Malen har en klamme uten sin make; skriv {{ og }} for klammer i selve teksten."
        )
    for line in text.splitlines():
        if f"{{{TABLE}}}" in line and line.strip() != f"{{{TABLE}}}":
            raise UserError("Plassholderen {tabell} må stå alene på en linje.")
    first = next((line for line in text.splitlines() if line.strip()), "")
    if not first.startswith("# "):
        raise UserError("Malen må begynne med brevets tittel som en overskrift: «# …».")
    return text


def letter_template(db: Database) -> str:
    """The forum's template, or the default one."""
    with db.read() as s:
        row = s.get(Setting, SETTING_KEY)
        return str(row.value) if row is not None and row.value else DEFAULT_TEMPLATE


def save_letter_template(db: Database, text: str) -> str:
    """Store a checked template (the default text again: the stored one is removed)."""
    text = check_template(text)
    with db.write() as s:
        row = s.get(Setting, SETTING_KEY)
        if text == DEFAULT_TEMPLATE:
            if row is not None:
                s.delete(row)
        elif row is None:
            s.add(Setting(key=SETTING_KEY, value=text))
        elif row.value != text:
            row.value = text
    return text


def fill(text: str, values: dict[str, str]) -> str:
    """A line of the template with its placeholders filled in (checked beforehand)."""
    parts = text.split("{{")
    out = []
    for part in parts:
        pieces = part.split("}}")
        out.append("}".join(_PLACEHOLDER.sub(lambda m: values[m.group(1)], p) for p in pieces))
    return "{".join(out)
