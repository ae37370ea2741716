"""E-mail-ready texts: what the secretariat writes when it sends a network its needs-report
template, a host municipality its grant letter, or a network its annual-report template.

Each text goes to one recipient, so it is in that recipient's written standard (the host
municipality's, else the forum's language; ``--lang`` chooses one for all), like the
documents it goes with. One plain-text file per recipient, «Emne:» on the first line, to
paste into the e-mail program the secretariat uses; nothing is sent from here.

What the texts say comes from the plan: the needs report by the forum's deadline and the
restmidler discussed with the UH partner (Innlandet plan 3.8), the grant letter with the
decision and the reporting duty (3.8, 7), the annual report on what forskrift § 17 asks.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlmodel import col, select

from sekretariat.domain import needs
from sekretariat.domain.cycle import annual_report_due, needs_due_date
from sekretariat.domain.languages import document_language
from sekretariat.domain.people import slug
from sekretariat.errors import UserError, os_reason
from sekretariat.files import write_atomic
from sekretariat.formats import short_date
from sekretariat.i18n import texts, ui
from sekretariat.storage.models import Forum, Region

if TYPE_CHECKING:
    from sekretariat.storage.database import Database

#: The kinds of e-mail, as the command line names them.
KINDS = ("behovsmelding", "tilskuddsbrev", "arsrapport")


@dataclass(frozen=True)
class Email:
    """One e-mail to one recipient: who, in which standard, its subject and body."""

    recipient: str  # the network's code, or the host municipality's name (grant letters)
    lang: str
    subject: str
    body: str

    def text(self) -> str:
        _ = texts(self.lang)
        return _("Emne: {subject}").format(subject=self.subject) + "\n\n" + self.body + "\n"


@dataclass(frozen=True)
class _Forum:
    name: str
    secretariat: str
    needs_due: tuple[int, int]
    reports_due: tuple[int | None, int | None]


def _greeting(lang: str, forum: _Forum) -> str:
    _ = texts(lang)
    sender = "\n".join(x for x in (forum.secretariat, forum.name) if x)
    return _("Med vennlig hilsen") + ("\n" + sender if sender else "")


def _needs_email(forum: _Forum, region: Region, year: int, lang: str) -> Email:
    _ = texts(lang)
    due = needs_due_date(year, *forum.needs_due)
    body = "\n\n".join(
        (
            _("Hei,"),
            _(
                "Vedlagt er malen for melding om behov for tilskudd til kollektiv "
                "kompetanseutvikling for {year} for {network}. Fyll ut de gule cellene og "
                "send filen tilbake til sekretariatet innen {date}."
            ).format(year=year, network=region.name, date=short_date(due)),
            _(
                "Nettverket drøfter, i samarbeid med UH-partneren, bruken av restmidler fra "
                "tidligere tildelinger når det melder behov."
            ),
            _greeting(lang, forum),
        )
    )
    subject = _("Melding om behov for tilskudd {year} – {network}").format(
        year=year, network=region.name
    )
    return Email(region.code, lang, subject, body)


def _report_email(forum: _Forum, region: Region, year: int, lang: str) -> Email:
    _ = texts(lang)
    due = annual_report_due(year, *forum.reports_due)
    send = (
        _("Send den utfylte filen til sekretariatet innen {date}.").format(date=short_date(due))
        if due is not None
        else _("Send den utfylte filen til sekretariatet.")
    )
    body = "\n\n".join(
        (
            _("Hei,"),
            _(
                "Etter forskriften § 17 skal mottakere av tilskudd rapportere årlig om hvilke "
                "tiltak som er gjennomført, hvordan midlene er brukt, og gi en vurdering av "
                "måloppnåelsen. Vedlagt er malen for årsrapporten for {year} for {network}."
            ).format(year=year, network=region.name)
            + " "
            + send,
            _greeting(lang, forum),
        )
    )
    subject = _("Årsrapport {year} – {network}").format(year=year, network=region.name)
    return Email(region.code, lang, subject, body)


def _letter_email(forum: _Forum, host: str, networks: list[str], year: int, lang: str) -> Email:
    _ = texts(lang)
    due = annual_report_due(year, *forum.reports_due)
    names = " og ".join(  # the same word in both standards
        [", ".join(networks[:-1]), networks[-1]] if len(networks) > 1 else networks
    )
    said = (
        _(
            "Brevet viser vedtaket, beløpene til nettverket og UH-partneren, vilkårene og "
            "fristen for årsrapporten ({date})."
        ).format(date=short_date(due))
        if due is not None
        else _("Brevet viser vedtaket, beløpene til nettverket og UH-partneren og vilkårene.")
    )
    body = "\n\n".join(
        (
            _("Hei,"),
            _(
                "Vedlagt er tilskuddsbrevet for {year} til {host} som vertskommune for {networks}."
            ).format(year=year, host=host, networks=names)
            + " "
            + said,
            _greeting(lang, forum),
        )
    )
    subject = _("Tilskuddsbrev {year} – {host}").format(year=year, host=host)
    return Email(host, lang, subject, body)


def email_texts(
    db: Database, kind: str, year: int, lang: str | None = None, scheme: str | None = None
) -> list[Email]:
    """The e-mails of one kind for ``year``: one per network taking part in the scheme
    (needs reports, annual reports) or per host municipality (grant letters), each in its
    recipient's standard unless ``lang`` is chosen."""
    if kind not in KINDS:
        raise UserError(
            ui("Ukjent e-posttype «{kind}»; bruk {choices}.").format(
                kind=kind, choices=", ".join(KINDS)
            )
        )
    with db.read() as s:
        row = s.get(Forum, 1)
        if row is None:
            raise UserError(ui("Databasen mangler forumet; importer eller sett opp forumet først."))
        forum = _Forum(
            row.name,
            row.secretariat,
            (row.needs_due_day, row.needs_due_month),
            (row.reports_due_day, row.reports_due_month),
        )
        the_scheme = needs.scheme_by_code(s, scheme)
        regions = [
            r
            for r in s.exec(select(Region).order_by(col(Region.position), col(Region.id))).all()
            if needs.takes_part(the_scheme, r.code)
        ]
    if not regions:
        raise UserError(ui("Forumet har ingen nettverk å skrive e-post til."))
    if kind == "behovsmelding":
        return [_needs_email(forum, r, year, document_language(db, lang, r.host)) for r in regions]
    if kind == "arsrapport":
        return [_report_email(forum, r, year, document_language(db, lang, r.host)) for r in regions]
    hosts: dict[str, list[str]] = {}
    for r in regions:
        if r.host:
            hosts.setdefault(r.host, []).append(r.name)
    if not hosts:
        raise UserError(
            ui("Ingen nettverk har vertskommune, så det er ingen tilskuddsbrev å sende.")
        )
    return [
        _letter_email(forum, host, names, year, document_language(db, lang, host))
        for host, names in hosts.items()
    ]


def file_name(kind: str, year: int, recipient: str) -> str:
    return f"epost-{kind}-{year}-{slug(recipient)}.txt"


def write_emails(
    db: Database,
    kind: str,
    year: int,
    directory: Path,
    lang: str | None = None,
    scheme: str | None = None,
) -> list[Path]:
    """Write each e-mail as a UTF-8 text file in ``directory`` (created if missing)."""
    emails = email_texts(db, kind, year, lang, scheme)
    directory = Path(directory).expanduser()
    if directory.exists() and not directory.is_dir():
        raise UserError(ui("{path} er en fil, ikke en mappe.").format(path=directory))
    try:
        directory.mkdir(parents=True, exist_ok=True)
        return [
            write_atomic(
                directory / file_name(kind, year, e.recipient),
                e.text().encode("utf-8"),
                mode=db.file_mode(),
            )
            for e in emails
        ]
    except OSError as exc:
        raise UserError(
            ui("Kan ikke skrive e-postene til {path}: {reason}.").format(
                path=directory, reason=os_reason(exc)
            )
        ) from None
