"""«Sammenstilling av årsrapporter YEAR»: the forum's summary of the networks' annual reports
(Innlandet plan 3.1 h) as a document, in every format of ``document.FORMATS``.

The document machinery has no image block, so the chart of used against granted is a
table whose last column is a bar of block characters (``needs.bar``, the same bars as on
screen); DejaVu, embedded in the PDF, has them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sekretariat.documents.document import (
    FORMATS,
    Block,
    Bullets,
    Document,
    Fields,
    Heading,
    Paragraph,
    Table,
    render,
)
from sekretariat.domain.languages import document_language
from sekretariat.domain.needs import bar
from sekretariat.domain.year_summary import (
    CRITERIA,
    GRANT_SOURCES,
    YearSummary,
    load,
    summary_filename,
)
from sekretariat.errors import UserError
from sekretariat.files import write_atomic
from sekretariat.formats import kroner, share, short_date
from sekretariat.i18n import N_, texts, ui

if TYPE_CHECKING:
    from sekretariat.storage.database import Database

#: Cells of the widest bar in the document's chart.
BAR_CELLS = 24
NOT_ANSWERED = N_("Ikke besvart")


def title(year: int, lang: str = "nb") -> str:
    _ = texts(lang)
    return _("Sammenstilling av årsrapporter {year}").format(year=year)


default_filename = summary_filename


def figures_table(summary: YearSummary, lang: str = "nb") -> Table:
    """Requested, granted, used and left per network, with the totals last."""
    _ = texts(lang)
    rows = [
        (
            n.name,
            kroner(n.requested),
            kroner(n.granted),
            kroner(n.used),
            kroner(n.left),
            str(n.measure_count),
            n.state_in(lang),
        )
        for n in summary.networks
    ]
    rows.append(
        (
            _("Sum"),
            kroner(summary.requested),
            kroner(summary.granted),
            kroner(summary.used),
            kroner(summary.left),
            str(summary.measure_count),
            _("{count} av {total} mottatt").format(
                count=len(summary.reported), total=len(summary.networks)
            ),
        )
    )
    return Table(
        (
            _("Nettverk"),
            _("Søkt"),
            _("Tildelt"),
            _("Brukt"),
            _("Igjen"),
            _("Tiltak"),
            _("Årsrapport"),
        ),
        tuple(rows),
        right=(1, 2, 3, 4, 5),
    )


def chart_table(summary: YearSummary, cells: int = BAR_CELLS, lang: str = "nb") -> Table:
    """Used against granted per network, two bars each, scaled to the largest amount."""
    _ = texts(lang)
    largest = max(
        [n.granted for n in summary.networks] + [n.used for n in summary.networks], default=0
    )
    rows: list[tuple[str, ...]] = []
    for n in summary.networks:
        rows.append((n.name, _("Tildelt"), kroner(n.granted), bar(n.granted, largest, cells)))
        rows.append(("", _("Brukt"), kroner(n.used), bar(n.used, largest, cells)))
    return Table((_("Nettverk"), "", _("Beløp"), _("Søyle")), tuple(rows), right=(2,))


def build_document(summary: YearSummary, lang: str = "nb") -> Document:
    _ = translate = texts(lang)
    year = summary.year
    blocks: list[Block] = [
        Fields(
            (
                (_("Forum"), summary.forum_name),
                (_("Ordning"), summary.scheme_name),
                (_("Tildeling"), translate(GRANT_SOURCES[summary.grant_source])),
                (
                    _("Årsrapporter"),
                    _("{count} av {total} nettverk har levert").format(
                        count=len(summary.reported), total=len(summary.networks)
                    ),
                ),
            )
        ),
        Paragraph(
            _(
                "Sammenstillingen bygger på siste versjon av hver årsrapport (forskrift § 17: "
                "hvilke tiltak som er gjennomført, hvordan midlene er brukt og en vurdering av "
                "måloppnåelse) og på behovsmeldingene for året."
            ),
            "muted",
        ),
        Heading(_("Tall per nettverk"), 1),
        figures_table(summary, lang),
        Paragraph(
            _(
                "Brukt i alt {used} av {granted} tildelt ({share}): {network} i nettverkene "
                "og {uh} hos UH."
            ).format(
                used=kroner(summary.used),
                granted=kroner(summary.granted),
                share=share(summary.used, summary.granted),
                network=kroner(summary.spent_network),
                uh=kroner(summary.spent_uh),
            )
        ),
    ]
    if summary.networks:
        blocks += [Heading(_("Brukt mot tildelt"), 1), chart_table(summary, lang=lang)]
    themes = summary.measures_by_theme()
    blocks.append(Heading(_("Tiltak etter tema"), 1))
    if summary.measure_count:
        blocks.append(
            Table((_("Tema"), _("Tiltak")), tuple((name, str(n)) for name, n in themes), right=(1,))
        )
    else:
        blocks.append(Paragraph(_("Ingen tiltak er rapportert.")))
    blocks.append(Heading(_("Vurdering av måloppnåelse"), 1))
    reported = len(summary.reported)
    blocks.append(
        Table(
            (_("Kjennetegn (forskrift § 5)"), _("Vurdert")),
            tuple(
                (
                    f"{code}) {translate(text)}",
                    _("{count} av {total}").format(count=n, total=reported),
                )
                for code, text, n in summary.criteria_answered()
            ),
            right=(1,),
        )
    )
    for n in summary.reported:
        report = n.report
        if report is None:  # pragma: no cover (reported networks have one)
            continue
        blocks.append(Heading(n.name, 2))
        received = short_date(report.received) if report.received else _("uten dato")
        pairs = [
            (
                _("Årsrapport"),
                _("versjon {number}, mottatt {date}, {state}").format(
                    number=report.version, date=received, state=n.state_in(lang).lower()
                ),
            ),
            (_("Måloppnåelse"), report.goal_assessment or translate(NOT_ANSWERED)),
        ]
        criteria = dict(report.criteria)
        pairs += [
            (
                _("Kjennetegn {code}").format(code=code),
                criteria.get(code) or translate(NOT_ANSWERED),
            )
            for code, _words in CRITERIA
        ]
        blocks.append(Fields(tuple(pairs)))
        if report.measures:
            blocks.append(
                Bullets(
                    tuple(
                        f"{m.title or _('Uten tittel')} ({summary.theme_name(m.theme)})"
                        for m in report.measures
                    )
                )
            )
    blocks.append(Heading(_("Avvik i kontrollen"), 1))
    failed = summary.failed_checks()
    if failed:
        blocks.append(
            Bullets(
                tuple(
                    f"{name}: {check.text}"
                    + (f" ({check.code})" if check.text != check.code else "")
                    + (f" – {check.note}" if check.note else "")
                    for name, check in failed
                )
            )
        )
    else:
        blocks.append(Paragraph(_("Ingen avvik er registrert.")))
    blocks.append(Heading(_("Uten årsrapport"), 1))
    if summary.missing:
        blocks.append(
            Paragraph(
                _("{count} nettverk har ikke levert årsrapport for {year}: {names}.").format(
                    count=len(summary.missing),
                    year=year,
                    names=", ".join(n.name for n in summary.missing),
                )
            )
        )
    else:
        blocks.append(Paragraph(_("Alle nettverkene har levert årsrapport.")))
    return Document(title(year, lang), blocks)


def summary_document(
    db: Database, year: int, scheme: str | None = None, lang: str | None = None
) -> Document:
    """The summary in ``lang``, else the forum's language (it goes to the whole forum)."""
    return build_document(load(db, year, scheme), document_language(db, lang))


def write_summary(
    db: Database,
    year: int,
    fmt: str,
    path: Path | str,
    scheme: str | None = None,
    lang: str | None = None,
) -> Path:
    """Write the summary for ``year`` in ``fmt`` to ``path``; the path written."""
    if fmt not in FORMATS:
        raise UserError(
            ui("«{format}» er ikke et format (velg {choices}).").format(
                format=fmt, choices=", ".join(FORMATS)
            )
        )
    document = summary_document(db, year, scheme, lang)
    return write_atomic(path, render(document, fmt), mode=db.file_mode())
