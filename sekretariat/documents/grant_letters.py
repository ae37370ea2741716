"""Grant letters (tilskuddsbrev): one per host municipality, from the recorded decision.

Innlandet plan 3.8: «Statsforvalter vil derfor sende ut ett tilskuddsbrev til vertskommunen
i regionen.» Each letter lists the networks the municipality hosts with the decided amount
and its network/UH split; its text is the forum's template (``domain.letter_template``).
A letter is written in the host municipality's adopted standard (språklova § 10), bokmål or
nynorsk, unless one is chosen for all (``--lang``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sekretariat.documents.document import (
    FORMATS,
    Block,
    Bullets,
    Document,
    Heading,
    Paragraph,
    Table,
    render,
)
from sekretariat.domain.cycle import needs_due_date
from sekretariat.domain.grant_decisions import Decision, DecisionLine, load_decision
from sekretariat.domain.languages import document_language
from sekretariat.domain.letter_template import (
    TABLE,
    check_template,
    fill,
    letter_template,
    placeholders,
)
from sekretariat.domain.people import slug
from sekretariat.errors import UserError
from sekretariat.files import write_atomic
from sekretariat.formats import kroner, long_date, short_date
from sekretariat.i18n import texts, ui

if TYPE_CHECKING:
    import datetime as dt

    from sekretariat.storage.database import Database

#: The formats a letter is written in from the app and the command line.
LETTER_FORMATS = ("docx", "pdf", "md")


@dataclass(frozen=True)
class Letter:
    municipality: str
    document: Document
    lang: str = "nb"


def file_name(year: int, municipality: str, fmt: str, scheme: str = "", lang: str = "nb") -> str:
    """``tilskuddsbrev-2027-hamar.docx``, ``tilskotsbrev-2027-nord-aurdal.docx`` in
    nynorsk (a further scheme's code before the name)."""
    part = f"-{slug(scheme)}" if scheme else ""
    kind = "tilskotsbrev" if lang == "nn" else "tilskuddsbrev"
    return f"{kind}-{year}{part}-{slug(municipality) or 'vertskommune'}.{fmt}"


def network_table(lines: list[DecisionLine], lang: str = "nb") -> list[Block]:
    """The networks of one letter, and where the decision differs from the advice, why."""
    _ = texts(lang)
    rows = tuple(
        (line.name, kroner(line.allocated), kroner(line.network), kroner(line.uh)) for line in lines
    )
    header = (_("Nettverk"), _("Tilskudd"), _("Til nettverket"), _("Til UH"))
    blocks: list[Block] = [Table(header, rows, right=(1, 2, 3))]
    changed = [line for line in lines if line.changed]
    if changed:
        said = _("{name}: vedtatt {allocated}, innstillingen var {advised}. Begrunnelse: {reason}")
        blocks.append(
            Bullets(
                tuple(
                    said.format(
                        name=line.name,
                        allocated=kroner(line.allocated),
                        advised=kroner(line.advised),
                        reason=line.reason,
                    )
                    for line in changed
                )
            )
        )
    return blocks


def build_letter(
    template: str,
    decision: Decision,
    municipality: str,
    lines: list[DecisionLine],
    *,
    forum: str,
    report_due: dt.date | None,
    lang: str = "nb",
) -> Document:
    """One municipality's letter: the template's text with its placeholders filled in."""
    values = {
        "forum": forum,
        "år": str(decision.year),
        "ordning": decision.scheme_name,
        "vertskommune": municipality,
        "vedtatt_av": decision.decided_by,
        "vedtaksdato": long_date(decision.decided, weekday=False, lang=lang),
        "referanse": decision.reference,
        "innstilling": decision.advice or decision.run_key,
        "sum": kroner(sum(line.allocated for line in lines)),
        "rapportfrist": short_date(report_due) if report_due is not None else "",
    }
    title = ""
    blocks: list[Block] = []
    paragraph: list[str] = []
    bullets: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append(Paragraph(" ".join(paragraph)))
            paragraph.clear()
        if bullets:
            blocks.append(Bullets(tuple(bullets)))
            bullets.clear()

    for raw in template.splitlines():
        line = raw.strip()
        if not line:
            flush()
        elif line == f"{{{TABLE}}}":
            flush()
            blocks.extend(network_table(lines, lang))
        elif line.startswith("# "):
            flush()
            text = fill(line[2:].strip(), values)
            if title:
                blocks.append(Heading(text, 1))
            else:
                title = text
        elif line.startswith("## "):
            flush()
            blocks.append(Heading(fill(line[3:].strip(), values), 1))
        elif line.startswith("- "):
            if paragraph:
                flush()
            bullets.append(fill(line[2:].strip(), values))
        else:
            if bullets:
                flush()
            paragraph.append(fill(line, values))
    flush()
    return Document(title, blocks)


def grant_letters(
    db: Database, year: int, scheme: str | None = None, lang: str | None = None
) -> tuple[list[Letter], list[str]]:
    """The letters for ``year`` in the scheme, in the networks' order, and a sentence for
    each kind of network left without one: no host municipality recorded, or nothing
    granted (a host whose networks all get 0 kr gets no grant letter). Each letter is in
    its host's written standard, or in ``lang`` when one is chosen for all."""
    decision = load_decision(db, year, scheme)
    if decision is None:
        raise UserError(
            ui("Det er ikke registrert noe vedtak om tilskudd for {year} ennå.").format(year=year)
        )
    with db.sql() as con:
        forum = con.execute(
            "SELECT name, reports_due_day, reports_due_month FROM forum WHERE id = 1"
        ).fetchone()
    if forum is None:
        raise UserError(ui("Databasen har ikke noe forum ennå."))
    hosts: dict[str, list[DecisionLine]] = {}
    without_host: list[str] = []
    for line in decision.lines:
        if line.host.strip():
            hosts.setdefault(line.host.strip(), []).append(line)
        else:
            without_host.append(line.name)
    if not hosts:
        raise UserError(
            ui(
                "Ingen av nettverkene har registrert vertskommune; registrer den under "
                "Innstillinger (9), Oppsett av forumet."
            )
        )
    nothing = [lines for lines in hosts.values() if not any(x.allocated for x in lines)]
    written = {host: document_language(db, lang, host) for host in hosts}
    templates = {x: check_template(letter_template(db, x)) for x in sorted(set(written.values()))}
    due = None
    if forum["reports_due_day"] is not None and forum["reports_due_month"] is not None:
        # The report on a year's grant is due the year after (``cycle``: «Årsrapportering
        # for {year - 1}»).
        due = needs_due_date(year + 1, forum["reports_due_day"], forum["reports_due_month"])
    elif any("rapportfrist" in placeholders(x) for x in templates.values()):
        raise UserError(
            ui(
                "Forumet har ingen frist for årsrapport; sett den under Innstillinger (9) "
                "eller ta {field} ut av malen for tilskuddsbrev."
            ).format(field="{rapportfrist}")
        )
    letters = []
    for host, lines in hosts.items():
        if lines in nothing:
            continue
        chosen = written[host]
        letter = build_letter(
            templates[chosen],
            decision,
            host,
            lines,
            forum=forum["name"],
            report_due=due,
            lang=chosen,
        )
        letters.append(Letter(host, letter, chosen))
    left_out = []
    if without_host:
        left_out.append(
            ui("Uten vertskommune, ikke med i noe brev: {names}.").format(
                names=", ".join(without_host)
            )
        )
    if nothing:
        names = ", ".join(x.name for lines in nothing for x in lines)
        left_out.append(ui("Ikke tildelt noe, så uten tilskuddsbrev: {names}.").format(names=names))
    return letters, left_out


def write_letters(
    db: Database,
    year: int,
    directory: Path,
    fmt: str = "docx",
    scheme: str | None = None,
    lang: str | None = None,
) -> tuple[list[Path], list[str]]:
    """Write one letter per host municipality into ``directory`` (which must exist); the
    paths written and what was left out, in sentences (``grant_letters``); ``lang`` writes
    every letter in that standard instead of each host's own."""
    if fmt not in LETTER_FORMATS or fmt not in FORMATS:
        raise UserError(
            ui("«{format}» er ikke et format for brev (velg {choices}).").format(
                format=fmt, choices=", ".join(LETTER_FORMATS)
            )
        )
    directory = Path(directory).expanduser()
    if not directory.exists():
        raise UserError(ui("Mappen {folder} finnes ikke.").format(folder=directory))
    if not directory.is_dir():
        raise UserError(ui("{path} er en fil, ikke en mappe.").format(path=directory))
    letters, left_out = grant_letters(db, year, scheme, lang)
    part = scheme if scheme and scheme != _default_scheme(db) else ""
    paths = [
        write_atomic(
            directory / file_name(year, letter.municipality, fmt, part, letter.lang),
            render(letter.document, fmt),
            mode=db.file_mode(),
        )
        for letter in letters
    ]
    return paths, left_out


def _default_scheme(db: Database) -> str:
    with db.sql() as con:
        row = con.execute("SELECT code FROM scheme WHERE is_default").fetchone()
    return str(row["code"]) if row is not None else ""
