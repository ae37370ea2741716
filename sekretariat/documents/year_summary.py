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
from sekretariat.formats import count, kroner, share, short_date

if TYPE_CHECKING:
    from sekretariat.storage.database import Database

#: Cells of the widest bar in the document's chart.
BAR_CELLS = 24
NOT_ANSWERED = "Ikke besvart"


def title(year: int) -> str:
    return f"Sammenstilling av årsrapporter {year}"


default_filename = summary_filename


def figures_table(summary: YearSummary) -> Table:
    """Requested, granted, used and left per network, with the totals last."""
    rows = [
        (
            n.name,
            kroner(n.requested),
            kroner(n.granted),
            kroner(n.used),
            kroner(n.left),
            str(n.measure_count),
            n.state_text,
        )
        for n in summary.networks
    ]
    rows.append(
        (
            "Sum",
            kroner(summary.requested),
            kroner(summary.granted),
            kroner(summary.used),
            kroner(summary.left),
            str(summary.measure_count),
            f"{len(summary.reported)} av {len(summary.networks)} mottatt",
        )
    )
    return Table(
        ("Nettverk", "Søkt", "Tildelt", "Brukt", "Igjen", "Tiltak", "Årsrapport"),
        tuple(rows),
        right=(1, 2, 3, 4, 5),
    )


def chart_table(summary: YearSummary, cells: int = BAR_CELLS) -> Table:
    """Used against granted per network, two bars each, scaled to the largest amount."""
    largest = max(
        [n.granted for n in summary.networks] + [n.used for n in summary.networks], default=0
    )
    rows: list[tuple[str, ...]] = []
    for n in summary.networks:
        rows.append((n.name, "Tildelt", kroner(n.granted), bar(n.granted, largest, cells)))
        rows.append(("", "Brukt", kroner(n.used), bar(n.used, largest, cells)))
    return Table(("Nettverk", "", "Beløp", "Søyle"), tuple(rows), right=(2,))


def build_document(summary: YearSummary) -> Document:
    year = summary.year
    blocks: list[Block] = [
        Fields(
            (
                ("Forum", summary.forum_name),
                ("Ordning", summary.scheme_name),
                ("Tildeling", GRANT_SOURCES[summary.grant_source]),
                (
                    "Årsrapporter",
                    f"{len(summary.reported)} av {len(summary.networks)} nettverk har levert",
                ),
            )
        ),
        Paragraph(
            "Sammenstillingen bygger på siste versjon av hver årsrapport (forskrift § 17: "
            "hvilke tiltak som er gjennomført, hvordan midlene er brukt og en vurdering av "
            "måloppnåelse) og på behovsmeldingene for året.",
            "muted",
        ),
        Heading("Tall per nettverk", 1),
        figures_table(summary),
        Paragraph(
            f"Brukt i alt {kroner(summary.used)} av {kroner(summary.granted)} tildelt "
            f"({share(summary.used, summary.granted)}): {kroner(summary.spent_network)} i "
            f"nettverkene og {kroner(summary.spent_uh)} hos UH."
        ),
    ]
    if summary.networks:
        blocks += [Heading("Brukt mot tildelt", 1), chart_table(summary)]
    themes = summary.measures_by_theme()
    blocks.append(Heading("Tiltak etter tema", 1))
    if summary.measure_count:
        blocks.append(
            Table(("Tema", "Tiltak"), tuple((name, str(n)) for name, n in themes), right=(1,))
        )
    else:
        blocks.append(Paragraph("Ingen tiltak er rapportert."))
    blocks.append(Heading("Vurdering av måloppnåelse", 1))
    reported = len(summary.reported)
    blocks.append(
        Table(
            ("Kjennetegn (forskrift § 5)", "Vurdert"),
            tuple(
                (f"{code}) {text}", f"{n} av {reported}")
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
        received = short_date(report.received) if report.received else "uten dato"
        pairs = [
            ("Årsrapport", f"versjon {report.version}, mottatt {received}, {n.state_text.lower()}"),
            ("Måloppnåelse", report.goal_assessment or NOT_ANSWERED),
        ]
        criteria = dict(report.criteria)
        pairs += [
            (f"Kjennetegn {code}", criteria.get(code) or NOT_ANSWERED) for code, _ in CRITERIA
        ]
        blocks.append(Fields(tuple(pairs)))
        if report.measures:
            blocks.append(
                Bullets(
                    tuple(
                        f"{m.title or 'Uten tittel'} ({summary.theme_name(m.theme)})"
                        for m in report.measures
                    )
                )
            )
    blocks.append(Heading("Avvik i kontrollen", 1))
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
        blocks.append(Paragraph("Ingen avvik er registrert."))
    blocks.append(Heading("Uten årsrapport", 1))
    if summary.missing:
        blocks.append(
            Paragraph(
                f"{count(len(summary.missing), 'nettverk', 'nettverk')} har ikke levert "
                f"årsrapport for {year}: " + ", ".join(n.name for n in summary.missing) + "."
            )
        )
    else:
        blocks.append(Paragraph("Alle nettverkene har levert årsrapport."))
    return Document(title(year), blocks)


def summary_document(db: Database, year: int, scheme: str | None = None) -> Document:
    return build_document(load(db, year, scheme))


def write_summary(
    db: Database, year: int, fmt: str, path: Path | str, scheme: str | None = None
) -> Path:
    """Write the summary for ``year`` in ``fmt`` to ``path``; the path written."""
    if fmt not in FORMATS:
        raise UserError(f"«{fmt}» er ikke et format (velg {', '.join(FORMATS)}).")
    return write_atomic(path, render(summary_document(db, year, scheme), fmt), mode=db.file_mode())
