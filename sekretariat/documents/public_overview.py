"""The public overview: one static HTML page and CSV files of measures, plans and reporting
(Innlandet plan 3.1 g: «legge til rette for åpenhet og oversikt over tiltak, planer og
rapportering»; OsloMet's evaluation stresses that the measures, plans and reports are
visible).

Per year: the networks with their local competence plan, needs report, request, grant and
annual report; the measures from the needs reports and the annual reports; and the
representatives by name and role only (no e-mail, phone, title or organisation). The page
is one file with its CSS inline and no JavaScript; every text from the database is escaped.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sekretariat.domain.languages import document_language
from sekretariat.domain.local_plans import NetworkPlans, local_plans
from sekretariat.domain.needs import SHORT_STATE, load_inbox, scheme_choices
from sekretariat.domain.offices import slot_name
from sekretariat.domain.seats import seat_table
from sekretariat.domain.year_summary import GRANT_SOURCES, YearSummary, load
from sekretariat.errors import UserError
from sekretariat.files import write_atomic, write_csv
from sekretariat.formats import kroner, long_date, short_date
from sekretariat.i18n import label_text, texts, ui

if TYPE_CHECKING:
    from sekretariat.storage.database import Database

PAGE = "index.html"
CSV_NETWORKS = "nettverk.csv"
CSV_MEASURES = "tiltak.csv"
CSV_REPRESENTATIVES = "representanter.csv"


@dataclass(frozen=True)
class NetworkLine:
    name: str
    host: str
    plan: str  # «2026–2029», or "" when no plan covers the year
    plan_link: str
    needs: str  # the needs report's state, or «Ikke mottatt»
    requested: int
    granted: int
    annual: str  # the annual report's state, or «Ikke mottatt»
    annual_received: dt.date | None
    used: int


@dataclass(frozen=True)
class MeasureLine:
    network: str
    source: str  # «Behovsmelding» or «Årsrapport»
    title: str
    about: str  # the target group (needs report) or the theme (annual report)
    amount: int | None


@dataclass(frozen=True)
class RepresentativeLine:
    seat: str
    network: str
    role: str
    name: str
    offices: str


@dataclass(frozen=True)
class SchemeOverview:
    """One scheme's networks and measures in a year (Agder 2020: three schemes)."""

    code: str
    name: str
    grant_source: str
    networks: tuple[NetworkLine, ...]
    measures: tuple[MeasureLine, ...]

    @property
    def requested(self) -> int:
        return sum(n.requested for n in self.networks)

    @property
    def granted(self) -> int:
        return sum(n.granted for n in self.networks)

    @property
    def used(self) -> int:
        return sum(n.used for n in self.networks)


@dataclass(frozen=True)
class YearOverview:
    year: int
    schemes: tuple[SchemeOverview, ...]  # the default scheme first
    representatives: tuple[RepresentativeLine, ...]
    on: dt.date  # the day the representatives are listed for


@dataclass(frozen=True)
class Overview:
    forum: str
    made: dt.date
    years: tuple[YearOverview, ...]
    lang: str = "nb"


def overview_years(db: Database) -> list[int]:
    """Every year with a needs report, an annual report, an adopted run or a decision."""
    with db.sql() as con:
        rows = con.execute(
            "SELECT year FROM needsreport UNION SELECT year FROM annualreport "
            "UNION SELECT year FROM grantdecision "
            "UNION SELECT year FROM allocationrun WHERE status = 'adopted' ORDER BY year DESC"
        ).fetchall()
    return [int(r[0]) for r in rows]


def _representatives(db: Database, on: dt.date, lang: str) -> tuple[RepresentativeLine, ...]:
    """Names and roles on ``on``: the seat, the network, representative or vara, and any
    office (leader, working group); nothing else about the person."""
    _ = texts(lang)
    with db.sql() as con:
        table = seat_table(con, on)
        offices: dict[str, list[str]] = {}
        for r in con.execute(
            'SELECT p."key", o.role, o.slot FROM office o JOIN person p ON p.id = o.person_id '
            'WHERE o.start <= ? AND o."end" >= ? ORDER BY o.role',
            (on.isoformat(), on.isoformat()),
        ):
            text = (
                slot_name(r["role"], lang)
                if r["role"] != "working_group"
                else _("Arbeidsgruppe ({place})").format(place=slot_name(r["slot"], lang))
            )
            offices.setdefault(r["key"], []).append(text)
    lines = []
    for seat in table:
        for h in seat.holders + seat.substitutes:
            role = (
                _("Vara") if h.substitute else _("Representant") if seat.voting else _("Observatør")
            )
            lines.append(
                RepresentativeLine(
                    seat.name, h.region_name, role, h.name, ", ".join(offices.get(h.person, []))
                )
            )
    return tuple(lines)


def _scheme(
    db: Database,
    year: int,
    today: dt.date,
    scheme: str,
    plans: dict[str, NetworkPlans],
    lang: str,
) -> SchemeOverview:
    _ = translate = texts(lang)
    summary: YearSummary = load(db, year, scheme)
    inbox = load_inbox(db, year, today, scheme)
    themes = dict(inbox.themes)
    networks: list[NetworkLine] = []
    measures: list[MeasureLine] = []
    not_received = _("Ikke mottatt")
    for n, row in zip(summary.networks, inbox.rows, strict=True):
        plan = plans[n.code].for_year(year) if n.code in plans else None
        needs = row.report
        networks.append(
            NetworkLine(
                n.name,
                n.host,
                plan.period if plan else "",
                plan.link if plan else "",
                translate(SHORT_STATE.get(needs.state, needs.state)) if needs else not_received,
                n.requested,
                n.granted,
                n.state_in(lang),
                n.report.received if n.report else None,
                n.used,
            )
        )
        if needs is not None:
            measures += [
                MeasureLine(
                    n.name, _("Behovsmelding"), m.title, label_text(m.target, lang), m.amount
                )
                for m in needs.newest.measures
            ]
        if n.report is not None:
            measures += [
                MeasureLine(
                    n.name, _("Årsrapport"), m.title, themes.get(m.theme, m.theme) or "", None
                )
                for m in n.report.measures
            ]
    return SchemeOverview(
        summary.scheme_code,
        summary.scheme_name,
        summary.grant_source,
        tuple(networks),
        tuple(measures),
    )


def _year(db: Database, year: int, today: dt.date, lang: str) -> YearOverview:
    plans = {p.code: p for p in local_plans(db)}
    schemes = tuple(
        _scheme(db, year, today, code, plans, lang) for code, _name in scheme_choices(db)
    )
    end = dt.date(year, 12, 31)
    on = end if end < today else max(today, dt.date(year, 1, 1))
    return YearOverview(year, schemes, _representatives(db, on, lang), on)


def build_overview(
    db: Database, today: dt.date, year: int | None = None, lang: str | None = None
) -> Overview:
    """The overview in ``lang``, else the forum's language (the forum publishes it)."""
    with db.sql() as con:
        forum = con.execute("SELECT name FROM forum WHERE id = 1").fetchone()
    if forum is None:
        raise UserError(ui("Databasen har ikke noe forum ennå."))
    lang = document_language(db, lang)
    years = [year] if year is not None else overview_years(db)
    return Overview(forum["name"], today, tuple(_year(db, y, today, lang) for y in years), lang)


# --------------------------------------------------------------------------- HTML
def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


CSS = (
    "body{font-family:system-ui,Arial,sans-serif;line-height:1.45;color:#111;margin:0 auto;"
    "max-width:64em;padding:0 1em 2em}"
    "h1{font-size:1.5em}h2{font-size:1.25em;margin-top:1.6em;border-bottom:2px solid #2a5d84}"
    "h3{font-size:1.05em;margin-top:1.2em}"
    "table{border-collapse:collapse;margin:.5em 0 1em;min-width:60%}"
    "caption{text-align:left;font-weight:bold;padding:.3em 0}"
    "th,td{border:1px solid #bbb;padding:.25em .5em;vertical-align:top;text-align:left}"
    "thead th{background:#e8eef3}td.n,th.n{text-align:right;white-space:nowrap}"
    "a{color:#1a4e78}.muted{color:#555}"
    # A phone: each row a card, each value under its column's name.
    "@media (max-width:40em){body{padding:0 .5em}"
    "table,caption,tbody,tr,th,td{display:block;width:auto;min-width:0}"
    "thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}"
    "tr{border:1px solid #bbb;margin:0 0 .6em;padding:.3em .5em}"
    "th,td{border:0;padding:.1em 0}td.n{text-align:left}"
    "th[scope=row]{font-size:1.05em}"
    "td:empty{display:none}"
    'td::before{content:attr(data-label) ": ";font-weight:bold}}'
)


def _table(
    caption: str,
    header: tuple[str, ...],
    rows: Sequence[Sequence[str]],
    right: tuple[int, ...] = (),
) -> str:
    """A table with a caption, column headers (scope col) and the first cell of each row
    as its row header (scope row); cells are HTML already escaped.

    On a phone the rows become cards (the CSS under ``@media``), each value led by its
    column's name (``data-label``). A browser forgets a table's meaning once its CSS
    display changes, so the roles are written out and screen readers keep it.
    """
    out = [
        f'<table role="table"><caption>{_e(caption)}</caption>'
        '<thead role="rowgroup"><tr role="row">'
    ]
    out += [
        f'<th scope="col" role="columnheader"{" class=n" if i in right else ""}>{_e(h)}</th>'
        for i, h in enumerate(header)
    ]
    out.append('</tr></thead><tbody role="rowgroup">')
    for row in rows:
        cells = [f'<th scope="row" role="rowheader">{row[0]}</th>']
        cells += [
            f'<td role="cell" data-label="{_e(header[i])}"{" class=n" if i in right else ""}>'
            f"{cell}</td>"
            for i, cell in enumerate(row[1:], start=1)
        ]
        out.append('<tr role="row">' + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def _link(text: str, href: str) -> str:
    """A link only to a web address; anything else is shown as text."""
    if href.startswith(("https://", "http://")):
        return f'<a href="{_e(href)}">{_e(text)}</a>'
    return _e(text)


def _scheme_html(year: int, sc: SchemeOverview, several: bool, lang: str) -> list[str]:
    """One scheme's tables; where the forum has several, under the scheme's name."""
    _ = translate = texts(lang)
    suffix = f" – {sc.name}" if several else ""
    sub = "h4" if several else "h3"
    out = [f"<h3>{_e(sc.name)}</h3>"] if several else []
    out.append(f'<p class="muted">{_e(translate(GRANT_SOURCES[sc.grant_source]))}.</p>')
    rows = [
        (
            _e(n.name),
            _e(n.host),
            _link(n.plan, n.plan_link) if n.plan else _e(_("Ingen")),
            _e(n.needs),
            _e(kroner(n.requested)),
            _e(kroner(n.granted)),
            _e(n.annual + (f" {short_date(n.annual_received)}" if n.annual_received else "")),
            _e(kroner(n.used)),
        )
        for n in sc.networks
    ]
    rows.append(
        (
            _e(_("Sum")),
            "",
            "",
            "",
            _e(kroner(sc.requested)),
            _e(kroner(sc.granted)),
            "",
            _e(kroner(sc.used)),
        )
    )
    out.append(
        _table(
            _("Nettverk, planer, tildeling og rapportering {year}").format(year=year) + suffix,
            (
                _("Nettverk"),
                _("Vertskommune"),
                _("Lokal kompetanseplan"),
                _("Behovsmelding"),
                _("Søkt"),
                _("Tildelt"),
                _("Årsrapport"),
                _("Brukt"),
            ),
            rows,
            right=(4, 5, 7),
        )
    )
    out.append(f"<{sub}>{_e(_('Tiltak'))}</{sub}>")
    if sc.measures:
        out.append(
            _table(
                _("Tiltak i behovsmeldinger og årsrapporter {year}").format(year=year) + suffix,
                (_("Nettverk"), _("Kilde"), _("Tiltak"), _("Målgruppe eller tema"), _("Beløp")),
                [
                    (
                        _e(m.network),
                        _e(m.source),
                        _e(m.title),
                        _e(m.about),
                        _e(kroner(m.amount)) if m.amount is not None else "",
                    )
                    for m in sc.measures
                ],
                right=(4,),
            )
        )
    else:
        out.append(f"<p>{_e(_('Ingen tiltak er registrert for året.'))}</p>")
    return out


def _year_html(y: YearOverview, lang: str) -> str:
    _ = texts(lang)
    out = [f'<section aria-labelledby="y{y.year}"><h2 id="y{y.year}">{y.year}</h2>']
    for sc in y.schemes:
        out += _scheme_html(y.year, sc, len(y.schemes) > 1, lang)
    out.append(f"<h3>{_e(_('Representanter'))}</h3>")
    if y.representatives:
        out.append(
            _table(
                _("Representanter i samarbeidsforumet {date}").format(date=short_date(y.on)),
                (_("Navn"), _("Sete"), _("Nettverk"), _("Rolle"), _("Verv")),
                [
                    (_e(r.name), _e(r.seat), _e(r.network), _e(r.role), _e(r.offices))
                    for r in y.representatives
                ],
            )
        )
    else:
        out.append(f"<p>{_e(_('Ingen representanter er registrert for året.'))}</p>")
    out.append("</section>")
    return "\n".join(out)


def to_html(overview: Overview) -> str:
    lang = overview.lang
    _ = texts(lang)
    title = _("{forum}: tiltak, planer og rapportering").format(forum=overview.forum)
    nav = ""
    if len(overview.years) > 1:
        nav = (
            f'<nav aria-label="{_e(_("År"))}"><ul>'
            + "".join(f'<li><a href="#y{y.year}">{y.year}</a></li>' for y in overview.years)
            + "</ul></nav>"
        )
    body = "\n".join(_year_html(y, lang) for y in overview.years) or (
        f"<p>{_e(_('Ingenting registrert ennå.'))}</p>"
    )
    intro = _(
        "Åpen oversikt over nettverkenes tiltak, lokale kompetanseplaner, tildelinger og "
        "rapportering, laget {date}. Tallene er i hele kroner. Dataene finnes også som "
        "CSV-filer: {networks}, {measures} og {people}."
    ).format(
        date=_e(long_date(overview.made, weekday=False, lang=lang)),
        networks=f'<a href="{CSV_NETWORKS}">{_e(_("nettverk"))}</a>',
        measures=f'<a href="{CSV_MEASURES}">{_e(_("tiltak"))}</a>',
        people=f'<a href="{CSV_REPRESENTATIVES}">{_e(_("representanter"))}</a>',
    )
    return "\n".join(
        [
            "<!DOCTYPE html>",
            f'<html lang="{lang}">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{_e(title)}</title>",
            f"<style>{CSS}</style>",
            "</head>",
            "<body>",
            "<header>",
            f"<h1>{_e(title)}</h1>",
            f"<p>{intro}</p>",
            nav,
            "</header>",
            "<main>",
            body,
            "</main>",
            "</body>",
            "</html>",
            "",
        ]
    )


# --------------------------------------------------------------------------- CSV
def csv_tables(overview: Overview) -> dict[str, list[tuple[object, ...]]]:
    """The CSV files by name, header first; amounts as whole numbers."""
    _ = texts(overview.lang)
    networks: list[tuple[object, ...]] = [
        (
            _("År"),
            _("Ordning"),
            _("Nettverk"),
            _("Vertskommune"),
            _("Lokal kompetanseplan"),
            _("Behovsmelding"),
            _("Søkt"),
            _("Tildelt"),
            _("Årsrapport"),
            _("Årsrapport mottatt"),
            _("Brukt"),
        )
    ]
    measures: list[tuple[object, ...]] = [
        (
            _("År"),
            _("Ordning"),
            _("Nettverk"),
            _("Kilde"),
            _("Tiltak"),
            _("Målgruppe eller tema"),
            _("Beløp"),
        )
    ]
    people: list[tuple[object, ...]] = [
        (_("År"), _("Dato"), _("Navn"), _("Sete"), _("Nettverk"), _("Rolle"), _("Verv"))
    ]
    for y in overview.years:
        networks += [
            (
                y.year,
                sc.name,
                n.name,
                n.host,
                n.plan,
                n.needs,
                n.requested,
                n.granted,
                n.annual,
                short_date(n.annual_received) if n.annual_received else "",
                n.used,
            )
            for sc in y.schemes
            for n in sc.networks
        ]
        measures += [
            (
                y.year,
                sc.name,
                m.network,
                m.source,
                m.title,
                m.about,
                "" if m.amount is None else m.amount,
            )
            for sc in y.schemes
            for m in sc.measures
        ]
        people += [
            (y.year, short_date(y.on), r.name, r.seat, r.network, r.role, r.offices)
            for r in y.representatives
        ]
    return {CSV_NETWORKS: networks, CSV_MEASURES: measures, CSV_REPRESENTATIVES: people}


def write_public(
    db: Database,
    directory: Path | str,
    today: dt.date,
    year: int | None = None,
    lang: str | None = None,
) -> list[Path]:
    """Write the page and its CSV files into ``directory`` (which must exist)."""
    folder = Path(directory).expanduser()
    if not folder.exists():
        raise UserError(ui("Mappen {folder} finnes ikke.").format(folder=folder))
    if not folder.is_dir():
        raise UserError(ui("{path} er en fil, ikke en mappe.").format(path=folder))
    overview = build_overview(db, today, year, lang)
    # The names are personal data: the files get the database's own mode, like every
    # export; whoever publishes them chooses who may read them.
    mode = db.file_mode()
    paths = [write_atomic(folder / PAGE, to_html(overview).encode("utf-8"), mode=mode)]
    for name, rows in csv_tables(overview).items():
        paths.append(write_csv(folder / name, rows, mode=mode))
    return paths
