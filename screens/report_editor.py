"""The needs-report editor: every field of a version, checked before anything is stored.

Used three ways: registering a network's first report, receiving an adjusted version of
a returned one (prefilled from the version before), and correcting the newest version.
The editor stays open until the core has stored the report; a refusal (a bad amount, an
end year before the start year, a rule) is shown in Norwegian and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Input, Label, Select, SelectionList, TextArea
from textual.worker import get_current_worker

from screens.host import HostAccess
from sekretariat import formats
from sekretariat.domain import needs
from sekretariat.errors import UserError
from sekretariat.i18n import ui as _
from sekretariat.i18n import ui_label
from sekretariat.labels import MEASURE_TARGETS
from widgets.dialog import FramedDialog
from widgets.steady_keys import SteadyInput, SteadyTextArea

#: Empty measure rows shown beyond the filled ones.
SPARE_ROWS = 1

EDITOR_CSS = """
ReportEditor > .dialog-frame {
    width: 100%;
    height: 100%;
}
ReportEditor #editor-body {
    height: 1fr;
}
ReportEditor .editor-section {
    margin-top: 1;
    text-style: bold;
    color: $text-primary;
}
ReportEditor TextArea {
    height: 3;
    background: $boost;
}
ReportEditor .editor-row {
    height: 1;
}
ReportEditor .editor-row > Label {
    width: 24;
}
ReportEditor .editor-row > Input {
    width: 18;
}
ReportEditor .measure-row {
    height: 1;
}
ReportEditor .measure-row > .m-title {
    width: 1fr;
}
ReportEditor .measure-row > Select {
    width: 16;
}
ReportEditor .measure-row > .m-amount {
    width: 13;
}
ReportEditor .measure-row > .m-year {
    width: 6;
}
ReportEditor SelectionList {
    height: auto;
    max-height: 8;
}
"""

AMOUNT_ROWS = (
    ("network_amount", _("Søkt til nettverket")),
    ("uh_amount", _("Søkt til UH")),
    ("kindergarten_amount", _("Til barnehage")),
    ("school_amount", _("Til skole")),
    ("coordinator_amount", _("Koordinatorfunksjon")),
    ("release_amount", _("Frikjøp")),
    ("leftover_amount", _("Restmidler")),
)
TEXTS = (
    ("needs_assessment", _("Behovsvurdering")),
    ("partnership_plan", _("Plan for arbeidet i partnerskapet")),
    ("own_contribution", _("Eiers egeninnsats")),
    ("owners", _("Eiere som samarbeider (én per linje)")),
    ("partners", _("UH/fagskole-partnere (én per linje)")),
)


class MeasuresEditor(HostAccess, FramedDialog[Any]):
    """What the needs-report and the annual-report editors share: the date received, the
    amounts in whole kroner, a list of measures that grows with Ctrl+T, Ctrl+S through the
    core in a worker, and the cursor put in the field at fault."""

    BINDINGS = [
        Binding("ctrl+s", "save", _("Lagre"), id="editor.save"),
        Binding("ctrl+t", "add_measure", _("Nytt tiltak"), id="editor.add_measure"),
    ]
    HINT = _("Ctrl+S lagrer · Ctrl+T nytt tiltak · Tab neste felt · Esc avbryter")
    #: The amounts in whole kroner: (field id, label).
    AMOUNTS: tuple[tuple[str, str], ...] = ()

    class Done(Message):
        """The core answered: the stored report, or the sentence it refused with."""

        def __init__(self, report: Any, error: str = "") -> None:
            self.report = report
            self.error = error
            super().__init__()

    def __init__(self, title: str, content: Any, save: Callable[[Any], Any]) -> None:
        super().__init__(title)
        self.content = content
        self.save = save
        self.measure_count = len(content.measures) + SPARE_ROWS

    def _measure_row(self, i: int, m: Any) -> Horizontal:
        raise NotImplementedError

    def validated(self) -> Any:
        """What is typed, checked by the core; ``FieldError`` names a field at fault."""
        raise NotImplementedError

    def on_mount(self) -> None:
        self.query_one("#received", Input).focus()

    # -- reading the fields -------------------------------------------------------------
    def field_value(self, name: str) -> str:
        return self.query_one(f"#{name}", Input).value

    def area_text(self, name: str) -> str:
        return self.query_one(f"#{name}", TextArea).text

    def read_received(self, missing: str) -> dt.date:
        """The date received; ``missing`` is said when the field is empty."""
        typed = self.field_value("received")
        if not typed.strip():
            raise FieldError(missing, "received")
        try:
            return formats.parse_date(typed)
        except ValueError as exc:
            raise FieldError(str(exc), "received") from None

    def read_amounts(self) -> dict[str, int]:
        amounts = {}
        for name, what in self.AMOUNTS:
            try:
                amounts[name] = needs.parse_amount(self.field_value(name), what)
            except UserError as exc:
                said = str(exc)
                raise FieldError(
                    said if said.startswith(what) else f"{what}: {said}", name
                ) from None
        return amounts

    def measure_amount(self, i: int) -> int:
        """Measure ``i``'s amount (the row named in a refusal)."""
        try:
            return needs.parse_amount(self.field_value(f"m{i}-amount"), _("Beløpet"))
        except UserError as exc:
            where = _("Tiltak {number}").format(number=i + 1)
            raise FieldError(f"{where}: {exc}", f"m{i}-amount") from None

    def require_title(self, i: int, title: str) -> None:
        if not title:
            raise FieldError(
                _("Tiltak {number} mangler tittel.").format(number=i + 1), f"m{i}-title"
            )

    # -- actions ------------------------------------------------------------------------
    def action_add_measure(self) -> None:
        row = self._measure_row(self.measure_count, None)
        self.measure_count += 1
        self.query_one("#measures", Vertical).mount(row)
        self.call_after_refresh(
            lambda: self.query_one(f"#m{self.measure_count - 1}-title", Input).focus()
        )

    def show_error(self, text: str, focus: str | None = None) -> None:
        super().show_error(text)
        if focus:
            widget = self.query_one(f"#{focus}")
            widget.focus()
            widget.scroll_visible()

    def action_save(self) -> None:
        try:
            content = self.validated()
        except FieldError as exc:
            self.show_error(str(exc), exc.field)
            return
        except UserError as exc:
            self.show_error(str(exc))
            return
        self.show_error("")
        self.store(content)

    def store(self, content: Any) -> None:
        """Store in a worker of the editor's own (``stored_by_core`` is its body)."""
        raise NotImplementedError

    def stored_by_core(self, content: Any) -> None:
        try:
            report = self.save(content)
        except UserError as exc:
            if not get_current_worker().is_cancelled:
                self.post_message(self.Done(None, str(exc)))
            return
        self.post_message(self.Done(report))

    @on(Done)
    def stored(self, message: Done) -> None:
        if message.report is None:
            self.show_error(message.error)
            return
        self.dismiss(message.report)


class ReportEditor(MeasuresEditor):
    """Edit one version of a needs report; Ctrl+S stores it through ``save``, Esc leaves
    without storing."""

    DEFAULT_CSS = EDITOR_CSS
    AMOUNTS = AMOUNT_ROWS

    def __init__(
        self,
        title: str,
        content: needs.Content,
        themes: list[tuple[str, str]],
        save: Callable[[needs.Content], needs.Report],
    ) -> None:
        super().__init__(title, content, save)
        self.themes = themes

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
            for name, text in TEXTS:
                yield Label(text, classes="editor-section")
                value = getattr(c, name)
                yield SteadyTextArea(
                    "\n".join(value) if isinstance(value, tuple) else value,
                    id=name,
                    soft_wrap=True,
                    tab_behavior="focus",
                    compact=True,
                )
            yield Label(_("Beløp i hele kroner"), classes="editor-section")
            for name, text in AMOUNT_ROWS:
                with Horizontal(classes="editor-row"):
                    yield Label(text)
                    yield SteadyInput(formats.thousands(getattr(c, name)), id=name, compact=True)
            yield Label(
                _("Tiltak: tittel, målgruppe, beløp, start- og sluttår"), classes="editor-section"
            )
            with Vertical(id="measures"):
                for i in range(self.measure_count):
                    yield self._measure_row(i, c.measures[i] if i < len(c.measures) else None)
            yield Label(_("Prioriterte tema"), classes="editor-section")
            yield SelectionList[str](
                *((name, code, code in c.themes) for code, name in self.themes), id="themes"
            )

    def _measure_row(self, i: int, m: needs.Measure | None) -> Horizontal:
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
            SteadyInput(
                str(m.start_year or "") if m else "",
                placeholder=_("Start"),
                id=f"m{i}-start",
                classes="m-year",
                compact=True,
            ),
            SteadyInput(
                str(m.end_year or "") if m else "",
                placeholder=_("Slutt"),
                id=f"m{i}-end",
                classes="m-year",
                compact=True,
            ),
            classes="measure-row",
        )

    def gather(self) -> needs.Content:
        """What is typed, as content; raises ``FieldError`` naming the field at fault."""
        received = self.read_received(_("Skriv datoen behovsmeldingen ble mottatt."))
        amounts = self.read_amounts()
        measures = []
        for i in range(self.measure_count):
            title = self.field_value(f"m{i}-title").strip()
            typed = [self.field_value(f"m{i}-{k}") for k in ("amount", "start", "end")]
            if not (title or any(text.strip() for text in typed)):
                continue
            where = _("Tiltak {number}").format(number=i + 1)
            amount = self.measure_amount(i)
            try:
                start = needs.parse_year(typed[1], _("Startåret"))
            except UserError as exc:
                raise FieldError(f"{where}: {exc}", f"m{i}-start") from None
            try:
                end = needs.parse_year(typed[2], _("Sluttåret"))
            except UserError as exc:
                raise FieldError(f"{where}: {exc}", f"m{i}-end") from None
            self.require_title(i, title)
            if start is not None and end is not None and end < start:
                raise FieldError(
                    _("Tiltaket «{title}» slutter ({end}) før det starter ({start}).").format(
                        title=title, end=end, start=start
                    ),
                    f"m{i}-end",
                )
            target = self.query_one(f"#m{i}-target", Select).value
            measures.append(needs.Measure(title, str(target), amount, start, end))
        themes = tuple(self.query_one("#themes", SelectionList).selected)
        return needs.Content(
            received=received,
            needs_assessment=self.area_text("needs_assessment"),
            partnership_plan=self.area_text("partnership_plan"),
            own_contribution=self.area_text("own_contribution"),
            owners=needs.split_lines(self.area_text("owners")),
            partners=needs.split_lines(self.area_text("partners")),
            themes=themes,
            measures=tuple(measures),
            **amounts,
        )

    def validated(self) -> needs.Content:
        return needs.validate(self.gather(), [code for code, _ in self.themes])

    @work(
        thread=True,
        exclusive=True,
        group="inbox-editor",
        exit_on_error=False,
        description=_("lagre behovsmeldingen"),
    )
    def store(self, content: needs.Content) -> None:
        self.stored_by_core(content)


class FieldError(UserError):
    """Bad input in one field; ``field`` is the id of the widget to put the cursor in."""

    def __init__(self, text: str, field: str) -> None:
        super().__init__(text)
        self.field = field
