"""The annual-report editor: a network's report typed in, or corrected, field by field.

Most reports arrive as filled templates (``i`` in the annual reports); some come by
e-mail or on paper, and a template read in may hold a typing mistake. The editor is used
three ways, chosen from the report's state by ``editor_for``: registering a network's first
report, receiving an adjusted version of a returned one (prefilled from the version
before), and correcting the newest version before it is accepted. Everything is checked
by the core before it is stored; a refusal is shown in Norwegian and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Label, Select

from sekretariat import formats
from sekretariat.domain import annual_reports as ar
from sekretariat.errors import UserError
from sekretariat.i18n import ui, ui_label
from sekretariat.i18n import ui as _
from sekretariat.labels import MEASURE_TARGETS
from widgets.steady_keys import SteadyInput, SteadyTextArea

from .report_editor import MeasuresEditor

if TYPE_CHECKING:
    from sekretariat.storage.database import Database

EDITOR_CSS = """
AnnualReportEditor > .dialog-frame {
    width: 100%;
    height: 100%;
}
AnnualReportEditor #editor-body {
    height: 1fr;
}
AnnualReportEditor .editor-section {
    width: 100%;
    height: auto;
    margin-top: 1;
    text-style: bold;
    color: $text-primary;
}
AnnualReportEditor TextArea {
    height: 3;
    background: $boost;
}
AnnualReportEditor .editor-row {
    height: 1;
}
AnnualReportEditor .editor-row > Label {
    width: 28;
}
AnnualReportEditor .editor-row > Input {
    width: 18;
}
AnnualReportEditor .measure-row {
    height: 1;
}
AnnualReportEditor .measure-row > .m-title {
    width: 1fr;
}
AnnualReportEditor .measure-row > Select {
    width: 18;
}
AnnualReportEditor .measure-row > .m-amount {
    width: 13;
}
"""

#: How far a measure was carried out, as the editor shows it (the stored values are
#: bokmål words; the template's list holds the same).
STATUS_TEXTS = {
    "gjennomført": _("gjennomført"),
    "delvis": _("delvis"),
    "ikke gjennomført": _("ikke gjennomført"),
}

#: The amounts of § 17's «hvordan midlene er brukt», in the order the template has them.
AMOUNT_ROWS = (
    ("granted_amount", _("Tildelt for året")),
    ("carried_in", _("Restmidler tatt med inn")),
    ("spent_network", _("Brukt av nettverket")),
    ("spent_uh", _("Brukt av UH-partneren")),
    ("leftover_amount", _("Restmidler ved årets slutt")),
)


class AnnualReportEditor(MeasuresEditor):
    """Edit one version of an annual report; Ctrl+S stores it through ``save``, Esc leaves
    without storing."""

    DEFAULT_CSS = EDITOR_CSS
    BINDINGS = [
        Binding("ctrl+s", "save", _("Lagre"), id="annual_editor.save"),
        Binding("ctrl+t", "add_measure", _("Nytt tiltak"), id="annual_editor.add_measure"),
    ]
    AMOUNTS = AMOUNT_ROWS

    def __init__(
        self,
        title: str,
        content: ar.Content,
        headings: tuple[tuple[str, str], ...],
        save: Callable[[ar.Content], ar.Report],
    ) -> None:
        super().__init__(title, content, save)
        self.headings = headings

    # -- layout -----------------------------------------------------------------------
    def compose_body(self) -> ComposeResult:
        c = self.content
        with VerticalScroll(id="editor-body"):
            with Horizontal(classes="editor-row"):
                yield Label(_("Mottatt (DD.MM.ÅÅÅÅ)"))
                yield SteadyInput(
                    formats.short_date(c.received) if c.received else "",
                    id="received",
                    compact=True,
                )
            yield Label(_("Bruk av midlene, i hele kroner"), classes="editor-section")
            for name, text in AMOUNT_ROWS:
                with Horizontal(classes="editor-row"):
                    yield Label(text)
                    yield SteadyInput(formats.thousands(getattr(c, name)), id=name, compact=True)
            yield Label(
                _("Tiltak: tittel, målgruppe, beløp, gjennomføring"), classes="editor-section"
            )
            with Vertical(id="measures"):
                for i in range(self.measure_count):
                    yield self._measure_row(i, c.measures[i] if i < len(c.measures) else None)
            yield Label(_("Vurdering av måloppnåelse"), classes="editor-section")
            yield self._text_area(c.goal_assessment, "goal_assessment")
            for code, words in ar.CRITERIA:
                yield Label(
                    _("Kjennetegn {code}) {text}").format(code=code, text=ui(words)),
                    classes="editor-section",
                )
                yield self._text_area(c.criteria.get(code, ""), f"criterion-{code}")
            for code, heading in self.headings:
                yield Label(heading, classes="editor-section")
                yield self._text_area(c.evaluation.get(code, ""), f"evaluation-{code}")
            yield Label(_("Merknad"), classes="editor-section")
            yield self._text_area(c.note, "note")

    @staticmethod
    def _text_area(text: str, name: str) -> SteadyTextArea:
        return SteadyTextArea(text, id=name, soft_wrap=True, tab_behavior="focus", compact=True)

    def _measure_row(self, i: int, m: ar.DoneMeasure | None) -> Horizontal:
        return Horizontal(
            SteadyInput(
                m.title if m else "",
                placeholder=_("Tittel"),
                id=f"m{i}-title",
                classes="m-title",
                compact=True,
            ),
            Select(
                [(ui_label(t), t) for t in MEASURE_TARGETS],
                value=m.target if m else "begge",
                allow_blank=False,
                id=f"m{i}-target",
                compact=True,
            ),
            SteadyInput(
                formats.thousands(m.amount) if m else "",
                placeholder=_("Beløp"),
                id=f"m{i}-amount",
                classes="m-amount",
                compact=True,
            ),
            Select(
                [(STATUS_TEXTS.get(s, s), s) for s in ar.MEASURE_STATUSES],
                value=m.status if m else ar.MEASURE_STATUSES[0],
                allow_blank=False,
                id=f"m{i}-status",
                compact=True,
            ),
            classes="measure-row",
        )

    def gather(self) -> ar.Content:
        """What is typed, as content; raises ``FieldError`` naming the field at fault."""
        received = self.read_received(_("Skriv datoen årsrapporten ble mottatt."))
        amounts = self.read_amounts()
        measures = []
        for i in range(self.measure_count):
            title = self.field_value(f"m{i}-title").strip()
            if not (title or self.field_value(f"m{i}-amount").strip()):
                continue
            amount = self.measure_amount(i)
            self.require_title(i, title)
            target = str(self.query_one(f"#m{i}-target", Select).value)
            status = str(self.query_one(f"#m{i}-status", Select).value)
            measures.append(ar.DoneMeasure(title, target, amount, status))
        return ar.Content(
            received=received,
            measures=tuple(measures),
            goal_assessment=self.area_text("goal_assessment"),
            criteria={code: self.area_text(f"criterion-{code}") for code, _w in ar.CRITERIA},
            evaluation={code: self.area_text(f"evaluation-{code}") for code, _h in self.headings},
            note=self.area_text("note"),
            **amounts,
        )

    def validated(self) -> ar.Content:
        return ar.validate(self.gather())

    def save_on_quit(self) -> str | None:
        """Quitting (Ctrl+Q, a hang-up) stores what is typed, as Ctrl+S would; a refusal
        is said under the fields and keeps the app open on Ctrl+Q. An editor left as it
        was opened stores nothing (a new report is not registered by quitting)."""
        try:
            content = ar.validate(self.gather())
            if content == ar.validate(self.content):
                return None
            self.save(content)
        except UserError as exc:
            self.show_error(str(exc))
            return str(exc)
        return None

    @work(
        thread=True,
        exclusive=True,
        group="annual-editor",
        exit_on_error=False,
        description=_("lagre årsrapporten"),
    )
    def store(self, content: ar.Content) -> None:
        self.stored_by_core(content)


def editor_for(
    db: Database, inbox: ar.Inbox, row: ar.InboxRow, today: dt.date
) -> AnnualReportEditor:
    """The editor a report's state calls for: register the first report (the decided grant
    filled in), receive a returned report's new version, or correct the newest version.
    An accepted report is not changed here: a ``UserError`` says how a change comes."""
    year, scheme, headings = inbox.year, inbox.scheme_code or None, inbox.headings
    report = row.report
    if report is None:
        content = ar.Content(received=today, granted_amount=row.decided or 0)
        title = _("Ny årsrapport {year} – {network}").format(year=year, network=row.name)
        save = partial(ar.register, db, row.code, year, scheme=scheme)
        return AnnualReportEditor(title, content, headings, save)
    newest = report.versions[-1]
    if report.state == "accepted":
        raise UserError(
            _(
                "Årsrapporten fra {network} er godkjent og endres ikke; returner den først, "
                "så kommer endringen som en ny versjon."
            ).format(network=row.name)
        )
    if report.state == "returned":
        content = replace(newest.content, received=today)
        title = _("Justert årsrapport {year} – {network}, versjon {number}").format(
            year=year, network=row.name, number=newest.number + 1
        )
        save = partial(
            ar.receive_version,
            db,
            row.code,
            year,
            seen_version=report.row_version,
            scheme=scheme,
        )
        return AnnualReportEditor(title, content, headings, save)
    title = _("Rett årsrapport {year} – {network}, versjon {number}").format(
        year=year, network=row.name, number=newest.number
    )
    save = partial(ar.correct, db, row.code, year, seen_version=report.row_version, scheme=scheme)
    return AnnualReportEditor(title, newest.content, headings, save)
