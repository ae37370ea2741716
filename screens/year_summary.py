"""The forum's summary of a year's annual reports (plan 3.1 h), reached from Vedtak (8).

Figures per network, used against granted as text bars, measures by theme, the criteria
a–e, the deviations and the networks without a report; − and + change the year, e writes
the summary as a document (PDF, Word, HTML, Markdown) in a worker.
"""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.markup import escape
from textual.message import Message
from textual.screen import Screen
from textual.worker import get_current_worker

from screens.base import size_class
from screens.host import HostAccess
from sekretariat.domain.needs import bar_lines, parse_year, scheme_choices
from sekretariat.domain.year_summary import (
    GRANT_SOURCES,
    YearSummary,
    default_year,
    load,
    summary_filename,
)
from sekretariat.errors import UserError
from sekretariat.formats import kroner, share
from sekretariat.i18n import ui
from sekretariat.i18n import ui as _
from widgets.app_header import AppHeader
from widgets.dialog import FormDialog, FormField, FormSpec
from widgets.key_footer import KeyFooter
from widgets.panel import Panel

from .meeting_dialogs import export_formats, with_suffix

#: Columns of the screen's figures: the network's name, then four amounts, each with a
#: space before «99 999 999 kr» (a sum of tens of millions); 21 + 4 × 14 = 77, what a
#: panel holds at 80 columns.
NAME_WIDTH = 21
AMOUNT_WIDTH = 14
#: Room for the bars inside a panel at 80 columns (padding and scroll bar taken off).
CHART_WIDTH = 74


def figure_lines(summary: YearSummary) -> list[str]:
    """Requested, granted, used and left per network and in total, as aligned text."""

    def line(name: str, *amounts: int) -> str:
        cut = name if len(name) <= NAME_WIDTH else name[: NAME_WIDTH - 1] + "…"
        return f"{cut:<{NAME_WIDTH}}" + "".join(f"{kroner(a):>{AMOUNT_WIDTH}}" for a in amounts)

    head = f"{_('Nettverk'):<{NAME_WIDTH}}" + "".join(
        f"{h:>{AMOUNT_WIDTH}}" for h in (_("Søkt"), _("Tildelt"), _("Brukt"), _("Igjen"))
    )
    lines = [head]
    lines += [line(n.name, n.requested, n.granted, n.used, n.left) for n in summary.networks]
    lines.append(line(_("Sum"), summary.requested, summary.granted, summary.used, summary.left))
    return lines


def chart_lines(summary: YearSummary, width: int = CHART_WIDTH) -> list[str]:
    """Two bars a network (granted, then used), on one scale (``needs.bar_lines``)."""
    rows: list[tuple[str, int]] = []
    used = "  " + _("brukt")
    for n in summary.networks:
        rows += [(n.name, n.granted), (used, n.used)]
    return bar_lines(rows, width)


def panels(summary: YearSummary) -> dict[str, str]:
    """The text of each panel, in Textual markup (user text escaped)."""
    reported = len(summary.reported)
    figures = [escape(x) for x in figure_lines(summary)]
    counted = {"reported": reported, "total": len(summary.networks)}
    received = (
        _("Brukt {share} av tildelt; {reported} av {total} årsrapporter mottatt.").format(
            share=escape(share(summary.used, summary.granted)), **counted
        )
        if summary.granted
        else _("{reported} av {total} årsrapporter mottatt.").format(**counted)
    )
    figures.append(
        f"[$foreground-muted]{escape(ui(GRANT_SOURCES[summary.grant_source]))}. {received}[/]"
    )
    chart = [escape(x) for x in chart_lines(summary)] or [_("Ingen nettverk.")]
    themes = [f"{escape(name)}: {n}" for name, n in summary.measures_by_theme() if n] or [
        _("Ingen tiltak er rapportert.")
    ]
    criteria = [
        _("{code}) {text}: {count} av {reported}").format(
            code=code, text=escape(text), count=n, reported=reported
        )
        for code, text, n in summary.criteria_answered()
    ]
    failed = [
        escape(f"{name}: {check.text}" + (f" – {check.note}" if check.note else ""))
        for name, check in summary.failed_checks()
    ] or [_("Ingen avvik er registrert.")]
    missing = (
        escape(", ".join(n.name for n in summary.missing))
        if summary.missing
        else _("Alle nettverkene har levert.")
    )
    return {
        "#summary-figures": "\n".join(figures),
        "#summary-chart": "\n".join(chart),
        "#summary-themes": "\n".join(themes),
        "#summary-criteria": "\n".join(criteria),
        "#summary-failed": "\n".join(failed),
        "#summary-missing": missing,
    }


def export_form(year: int, folder: Path, scheme: str = "") -> FormSpec:
    return FormSpec(
        _("Sammenstilling av årsrapporter {year}").format(year=year),
        [
            FormField("format", _("Format"), "pdf", "select", export_formats()),
            FormField("path", _("Fil"), str(folder / summary_filename(year, "pdf", scheme))),
        ],
        hint=_("Filendelsen følger formatet."),
        validate=lambda v: None if v["path"].strip() else _("Skriv hvor filen skal lagres."),
    )


def attachment_form(year: int, folder: Path) -> FormSpec:
    """Which year's summary to write as an item's attachment, in which format and file."""

    def check(values: dict[str, str]) -> str | None:
        try:
            if parse_year(values["year"]) is None:
                return _("Skriv årstallet rapportene gjelder.")
        except UserError as exc:
            return str(exc)
        return None if values["path"].strip() else _("Skriv hvor filen skal lagres.")

    spec = export_form(year, folder)
    return FormSpec(
        _("Sammenstilling av årsrapporter som vedlegg"),
        [FormField("year", _("År"), str(year)), *spec.fields],
        hint=_("Filen skrives og navnet føres opp under saken; filendelsen følger formatet."),
        validate=check,
    )


class YearSummaryScreen(HostAccess, Screen[None]):
    """«Sammenstilling av årsrapporter»: one year at a time."""

    BINDINGS = [
        Binding("escape", "back", _("Tilbake"), tooltip=_("Tilbake til Vedtak"), id="summary.back"),
        Binding("minus", "year(-1)", _("Forrige år"), id="summary.year_back"),
        Binding("plus", "year(1)", _("Neste år"), id="summary.year_next"),
        Binding(
            "e",
            "export",
            _("Skriv"),
            tooltip=_("Skriv sammenstillingen til fil (PDF, Word, HTML, Markdown)"),
            id="summary.export",
        ),
        Binding(
            "o",
            "scheme",
            _("Ordning"),
            tooltip=_("Bytt ordning (når forumet har flere)"),
            show=False,
            id="summary.scheme",
        ),
    ]
    DEFAULT_CSS = """
    YearSummaryScreen #summary-body { height: 1fr; scrollbar-size-vertical: 1; }
    """

    class Loaded(Message):
        def __init__(self, summary: YearSummary, schemes: list[tuple[str, str]]) -> None:
            self.summary, self.schemes = summary, schemes
            super().__init__()

    class Written(Message):
        def __init__(self, path: Path) -> None:
            self.path = path
            super().__init__()

    def __init__(self, year: int | None = None) -> None:
        super().__init__(id="screen-year-summary")
        self.year = year
        self.scheme: str | None = None
        #: The forum's schemes (code, name), the default first.
        self.schemes: list[tuple[str, str]] = []
        self.summary: YearSummary | None = None

    def compose(self) -> ComposeResult:
        self.add_class(size_class(self))
        yield AppHeader()
        with VerticalScroll(id="summary-body"):
            yield Panel(_("Sammenstilling av årsrapporter"), id="summary-figures")
            yield Panel(_("Brukt mot tildelt"), id="summary-chart")
            yield Panel(_("Tiltak etter tema"), id="summary-themes")
            yield Panel(_("Måloppnåelse (kjennetegn a–e, vurdert i)"), id="summary-criteria")
            yield Panel(_("Avvik i kontrollen"), id="summary-failed")
            yield Panel(_("Uten årsrapport"), id="summary-missing")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.load(self.year, None)

    @work(
        thread=True,
        exclusive=True,
        group="year-summary",
        exit_on_error=False,
        description=_("lese årsrapportene"),
    )
    def load(self, year: int | None, scheme: str | None) -> None:
        db = self.sekretariat.database
        chosen = year if year is not None else default_year(db, self.sekretariat.today)
        summary = load(db, chosen, scheme)
        schemes = scheme_choices(db)
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(summary, schemes))

    @on(Loaded)
    def show(self, message: Loaded) -> None:
        summary = message.summary
        self.summary, self.year, self.scheme = summary, summary.year, summary.scheme_code
        self.schemes = message.schemes
        first = self.query_one("#summary-figures", Panel)
        first.border_title = _("Sammenstilling av årsrapporter {year}").format(
            year=summary.year
        ) + (f" · {summary.scheme_name}" if len(self.schemes) > 1 else "")
        for selector, text in panels(summary).items():
            self.query_one(selector, Panel).update(text)

    def action_back(self) -> None:
        self.dismiss(None)

    def action_year(self, step: int) -> None:
        if self.year is not None:
            self.load(self.year + step, self.scheme)

    def action_scheme(self) -> None:
        codes = [code for code, _name in self.schemes]
        if len(codes) < 2 or self.scheme not in codes:
            self.notify(_("Forumet har bare én ordning."))
            return
        self.load(self.year, codes[(codes.index(self.scheme) + 1) % len(codes)])

    def action_export(self) -> None:
        year, scheme = self.year, self.scheme
        if year is None:
            return
        # A further scheme's code goes into the file's name (the default scheme's does not).
        part = scheme if scheme and self.schemes and scheme != self.schemes[0][0] else ""

        def save(values: dict[str, str] | None) -> None:
            if values is not None:
                fmt = values["format"]
                self.write(year, scheme, fmt, with_suffix(values["path"], fmt))

        self.app.push_screen(FormDialog(export_form(year, Path.cwd(), part)), save)

    @work(
        thread=True, group="export", exit_on_error=False, description=_("skrive sammenstillingen")
    )
    def write(self, year: int, scheme: str | None, fmt: str, path: Path) -> None:
        # The document writers bring fpdf and python-docx: loaded here, in the worker.
        from sekretariat.documents.year_summary import write_summary

        written = write_summary(self.sekretariat.database, year, fmt, path, scheme)
        self.post_message(self.Written(written))

    @on(Written)
    def written(self, message: Written) -> None:
        self.notify(_("Sammenstillingen er skrevet til {path}.").format(path=message.path))
