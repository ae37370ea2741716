"""Dialogs of the meetings area: a small form, a choice from a list, and a yes/no question.

Each is a ``ModalScreen`` that dismisses with its answer (None when cancelled). A form
checks what it can before it closes (a time, a number), so a typing mistake is shown
in place and nothing typed is lost; the core's own refusals come back as notices.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.markup import escape
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from sekretariat import formats

DIALOG_CSS = """
MeetingFormDialog, MeetingChoiceDialog, MeetingConfirmDialog {
    align: center middle;
}
.meeting-dialog {
    width: 78;
    max-width: 100%;
    height: auto;
    max-height: 100%;
    border: round $primary;
    border-title-style: bold;
    border-subtitle-color: $text-muted;
    background: $surface;
    padding: 0 1;
}
.meeting-form-row { height: auto; margin-bottom: 0; }
.meeting-form-text { margin-bottom: 1; }
.meeting-form-label { width: 19; color: $text-secondary; }
.meeting-form-row > Input, .meeting-form-row > Select, .meeting-form-row > TextArea { width: 1fr; }
#meeting-form-fields { height: auto; max-height: 1fr; }
#meeting-form-hint { color: $text-muted; }
#meeting-form-error { height: auto; }
#meeting-choice-list { height: auto; max-height: 18; border: none; padding: 0; }
#meeting-choice-lead { margin-bottom: 1; }
"""


@dataclass(frozen=True)
class FormField:
    """One line (or a few) of a form: ``kind`` is "input", "text" (several lines) or "select"."""

    name: str
    label: str
    value: str = ""
    kind: str = "input"
    options: tuple[tuple[str, str], ...] = ()  # (label, value) for "select"
    placeholder: str = ""
    lines: int = 3


@dataclass
class FormSpec:
    title: str
    fields: list[FormField]
    hint: str = ""
    #: Returns a Norwegian sentence when the values cannot be saved, else None.
    validate: Callable[[dict[str, str]], str | None] | None = field(default=None)


class MeetingFormDialog(ModalScreen[dict[str, str] | None]):
    """A compact form: label and field on one line, Ctrl+S saves, Esc cancels."""

    DEFAULT_CSS = DIALOG_CSS
    SCOPED_CSS = False

    BINDINGS = [
        Binding("ctrl+s", "save", "Lagre", tooltip="Lagre og lukk", id="form.save"),
        Binding("escape", "cancel", "Avbryt", tooltip="Lukk uten å lagre", id="form.cancel"),
    ]

    def __init__(self, spec: FormSpec) -> None:
        super().__init__(classes="meeting-dialog-screen")
        self.spec = spec

    def compose(self) -> ComposeResult:
        with Vertical(id="meeting-form", classes="meeting-dialog") as box:
            box.border_title = self.spec.title
            box.border_subtitle = "Ctrl+S lagrer · Esc avbryter"
            with VerticalScroll(id="meeting-form-fields") as scroll:
                scroll.can_focus = False
                for f in self.spec.fields:
                    with Horizontal(classes=f"meeting-form-row meeting-form-{f.kind}"):
                        yield Label(f.label, classes="meeting-form-label")
                        yield self._widget(f)
            if self.spec.hint:
                yield Static(self.spec.hint, id="meeting-form-hint", markup=False)
            yield Static("", id="meeting-form-error")

    def _widget(self, f: FormField) -> Input | TextArea | Select[str]:
        wid = f"field-{f.name}"
        if f.kind == "text":
            area = TextArea(f.value, id=wid, compact=True, soft_wrap=True, tab_behavior="focus")
            area.styles.height = f.lines
            return area
        if f.kind == "select":
            return Select(list(f.options), value=f.value, allow_blank=False, id=wid, compact=True)
        return Input(
            f.value, placeholder=f.placeholder, id=wid, compact=True, select_on_focus=False
        )

    def on_mount(self) -> None:
        if self.spec.fields:
            self.query_one(f"#field-{self.spec.fields[0].name}").focus()

    def values(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for f in self.spec.fields:
            widget = self.query_one(f"#field-{f.name}")
            if isinstance(widget, TextArea):
                out[f.name] = widget.text
            elif isinstance(widget, Select):
                out[f.name] = str(widget.value)
            elif isinstance(widget, Input):
                out[f.name] = widget.value
        return out

    def action_save(self) -> None:
        values = self.values()
        error = self.spec.validate(values) if self.spec.validate else None
        if error:
            self.query_one("#meeting-form-error", Static).update(f"[$text-error]{escape(error)}[/]")
            return
        self.dismiss(values)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()


class MeetingChoiceDialog(ModalScreen[str | None]):
    """Choose one of a list; Enter chooses, Esc cancels. Type to jump is the list's own."""

    DEFAULT_CSS = DIALOG_CSS
    SCOPED_CSS = False

    BINDINGS = [
        Binding("escape", "cancel", "Avbryt", tooltip="Lukk uten å velge", id="choice.cancel")
    ]

    def __init__(
        self,
        title: str,
        choices: list[tuple[str, str]],
        *,
        lead: str = "",
        selected: str | None = None,
    ) -> None:
        super().__init__(classes="meeting-dialog-screen")
        self.title_text = title
        self.choices = choices
        self.lead = lead
        self.selected = selected

    def compose(self) -> ComposeResult:
        with Vertical(id="meeting-choice", classes="meeting-dialog") as box:
            box.border_title = self.title_text
            box.border_subtitle = "Enter velger · Esc avbryter"
            if self.lead:
                yield Static(self.lead, id="meeting-choice-lead", markup=False)
            yield OptionList(
                *(Option(escape(label), id=value) for label, value in self.choices),
                id="meeting-choice-list",
                markup=True,
            )

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        if self.selected is not None:
            for index, (_, value) in enumerate(self.choices):
                if value == self.selected:
                    options.highlighted = index
                    break
        options.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class MeetingConfirmDialog(ModalScreen[bool]):
    """A question with j (ja) and n (nei); Esc is no."""

    DEFAULT_CSS = DIALOG_CSS
    SCOPED_CSS = False

    BINDINGS = [
        Binding("j", "answer(True)", "Ja", id="confirm.yes"),
        Binding("n", "answer(False)", "Nei", id="confirm.no"),
        Binding("escape", "answer(False)", "Avbryt", show=False, id="confirm.cancel"),
    ]

    def __init__(self, title: str, question: str) -> None:
        super().__init__(classes="meeting-dialog-screen")
        self.title_text = title
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="meeting-confirm", classes="meeting-dialog") as box:
            box.border_title = self.title_text
            box.border_subtitle = "j = ja · n = nei"
            yield Static(self.question, markup=False)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


def export_formats() -> tuple[tuple[str, str], ...]:
    from sekretariat.documents.document import FORMATS

    return tuple((name, code) for code, name in FORMATS.items())


def with_suffix(path_text: str, fmt: str) -> Path:
    """The path typed, with the format's suffix unless it already has it."""
    path = Path(path_text.strip()).expanduser()
    if path.suffix.lower() != f".{fmt}":
        known = {".md", ".html", ".docx", ".pdf", ".ics"}
        path = (
            path.with_suffix(f".{fmt}") if path.suffix.lower() in known else Path(f"{path}.{fmt}")
        )
    return path


def summons_form(day: dt.date, folder: Path) -> FormSpec:
    """Ask for the summons' format and file."""
    return FormSpec(
        f"Innkalling {formats.short_date(day)}",
        [
            FormField("format", "Format", "pdf", "select", export_formats()),
            FormField("path", "Fil", str(folder / f"innkalling-{day.isoformat()}.pdf")),
        ],
        hint="Filendelsen følger formatet.",
        validate=lambda v: None if v["path"].strip() else "Skriv hvor filen skal lagres.",
    )


def ask_summons(screen: Any, meeting_id: int, day: dt.date) -> None:
    """Ask for format and file, then write the summons in a worker."""

    def save(values: dict[str, str] | None) -> None:
        if values is None:
            return
        from sekretariat.documents.summons import export_summons

        fmt = values["format"]
        path = with_suffix(values["path"], fmt)
        screen.call_core(
            lambda: export_summons(screen.database, meeting_id, fmt, path),
            lambda written: screen.notify(f"Innkallingen er skrevet til {written}."),
            description="skrive innkallingen",
            group="export",
        )

    screen.app.push_screen(MeetingFormDialog(summons_form(day, Path.cwd())), save)
