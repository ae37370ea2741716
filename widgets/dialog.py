"""The one frame every dialog has (a titled box with an error line and a hint line),
and the common dialogs built on it: a form, a choice from a list, a yes/no question.

Each dialog of the app is a ``FramedDialog``: a ``ModalScreen`` that ``dismiss``-es its
answer, and None on Escape. The base draws the frame (the title in its border), puts
what the dialog yields from ``compose_body`` inside it, then the error line and the hint
line. A mistake is shown on the error line, under the fields, and the dialog stays open
with what was typed. Form rows (a label and its field on one line) come from ``row``.
A dialog's own ``DEFAULT_CSS`` is only for what is truly its own (a wide editor's width).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.markup import escape
from textual.message import Message
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Label, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from sekretariat.i18n import ui as _
from widgets.steady_keys import SteadyInput, SteadyTextArea

AnswerT = TypeVar("AnswerT")


def refusal(parse: Callable[[str], object], text: str, what: str = "") -> str | None:
    """The sentence ``parse`` refuses ``text`` with (``what`` in front), None if understood.

    For a form's ``validate``: the parsers of ``sekretariat.formats`` say what is wrong.
    """
    try:
        parse(text)
    except ValueError as exc:
        return f"{what}: {exc}" if what else str(exc)
    return None


def row(label: str, widget: Widget, *, classes: str = "") -> Horizontal:
    """A label and its field on one line (saves rows at 80x24)."""
    return Horizontal(Label(label), widget, classes=f"dialog-row {classes}".strip())


class FramedDialog(ModalScreen[AnswerT]):
    """Base of every dialog: the frame, its title, the error and hint lines, Escape.

    Set ``TITLE_TEXT`` and ``HINT`` on the class (or pass ``title``/``hint``), yield the
    fields from ``compose_body``, and ``dismiss`` the answer.
    """

    DEFAULT_CSS = """
    FramedDialog {
        align: center middle;
    }
    FramedDialog > .dialog-frame {
        width: 76;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: round $primary;
        border-title-style: bold;
        border-title-color: $text-primary;
        background: $surface;
        padding: 0 1;
    }
    FramedDialog .dialog-error {
        height: auto;
        color: $text-error;
        text-style: bold;
    }
    FramedDialog .dialog-error.-note {
        color: $text-muted;
        text-style: none;
    }
    FramedDialog .dialog-hint {
        height: auto;
        color: $text-muted;
    }
    FramedDialog .dialog-keys {
        margin-top: 1;
    }
    FramedDialog .dialog-lead {
        height: auto;
        margin-bottom: 1;
    }
    FramedDialog .dialog-warning {
        color: $text-warning;
        text-style: bold;
    }
    FramedDialog .dialog-row {
        height: auto;
    }
    FramedDialog .dialog-row > Label {
        width: 19;
        color: $text-secondary;
    }
    FramedDialog .dialog-row > Input, FramedDialog .dialog-row > Select,
    FramedDialog .dialog-row > TextArea {
        width: 1fr;
    }
    FramedDialog .dialog-row > Checkbox {
        width: auto;
    }
    FramedDialog OptionList {
        height: auto;
        max-height: 18;
    }
    FramedDialog #choice-list {
        border: none;
        padding: 0;
    }
    FramedDialog VerticalScroll {
        height: auto;
        max-height: 1fr;
    }
    """
    BINDINGS = [
        Binding("escape", "cancel", _("Lukk"), tooltip=_("Lukk dialogen"), id="dialog.cancel"),
        # Tab and Shift+Tab are the dialog's own and come first (priority): a key handled by
        # bubbling up from the field would move the focus only after the keys typed just
        # behind it (a fast link, a program typing) had gone to the old field.
        Binding(
            "tab",
            "app.focus_next",
            _("Neste felt"),
            show=False,
            priority=True,
            tooltip=_("Gå til neste felt"),
            id="dialog.next_field",
        ),
        Binding(
            "shift+tab",
            "app.focus_previous",
            _("Forrige felt"),
            show=False,
            priority=True,
            tooltip=_("Gå til forrige felt"),
            id="dialog.previous_field",
        ),
        # A modal screen hides the app's keys: quitting from a dialog is bound here, and
        # saves what the dialog holds (``save_on_quit``) as quitting from a screen does.
        Binding(
            "ctrl+q",
            "app.quit",
            _("Avslutt"),
            show=False,
            tooltip=_("Lagre det som er skrevet og avslutt"),
            id="dialog.quit",
        ),
    ]

    TITLE_TEXT = ""
    HINT = _("Esc lukker")

    def __init__(
        self,
        title: str | None = None,
        hint: str | None = None,
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.dialog_title = self.TITLE_TEXT if title is None else title
        self.hint = self.HINT if hint is None else hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-frame") as frame:
            frame.border_title = Content(self.dialog_title)
            yield from self.compose_body()
            error = Static("", classes="dialog-error", markup=False)
            error.display = False
            yield error
            yield Static(self.hint, classes="dialog-hint dialog-keys", markup=False)

    def compose_body(self) -> ComposeResult:
        """The dialog's own widgets, between the title and the error line."""
        yield from ()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def save_on_quit(self) -> str | None:
        """The app is quitting (Ctrl+Q, SIGTERM): save what was typed, as the dialog's own
        save key would, and return None; or return why it cannot be saved (a sentence).

        Called by the app, on the main thread, for each open dialog, the top one first.
        On Ctrl+Q a refusal keeps the app running with the dialog open and the sentence
        under its fields; on SIGTERM the app leaves anyway. A dialog with nothing typed to
        keep (a list to choose from, a question) has nothing to save: the default.
        """
        return None

    # -- what the dialog says ---------------------------------------------------------
    def show_error(self, text: str) -> None:
        """Say what is wrong under the fields (``""`` clears it); the dialog stays open."""
        self._say(text, note=False)

    def show_note(self, text: str) -> None:
        """A quiet line in the same place: what the dialog is doing (``"Lagrer …"``)."""
        self._say(text, note=True)

    def set_hint(self, text: str) -> None:
        """Change the hint line (a dialog with steps says which keys work in each)."""
        self.hint = text
        self.query_one(".dialog-keys", Static).update(text)

    def _say(self, text: str, *, note: bool) -> None:
        line = self.query_one(".dialog-error", Static)
        line.update(text)
        line.set_class(note, "-note")
        line.display = bool(text)


# -- the common dialogs ----------------------------------------------------------------


class FormInput(SteadyInput):
    """A form's line field. A paste with tabs in it (a row copied from a spreadsheet, a
    link that sends keys in bursts) is spread over the fields as typed Tabs would spread
    it; a terminal delivers such a paste whole, and a plain ``Input`` would keep it all,
    tabs included, in one field."""

    class TabbedPaste(Message):
        """The parts of a pasted line between its tabs, for the form to spread."""

        def __init__(self, field: FormInput, parts: list[str]) -> None:
            self.field = field
            self.parts = parts
            super().__init__()

    def on_paste(self, event: events.Paste) -> None:
        lines = event.text.splitlines()
        if lines and "\t" in lines[0]:
            event.prevent_default()  # not Input's own paste, which keeps the tabs
            event.stop()
            self.post_message(self.TabbedPaste(self, lines[0].split("\t")))


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
    #: A line under the fields that explains them (the keys are on the hint line).
    hint: str = ""
    #: Returns a Norwegian sentence when the values cannot be saved, else None.
    validate: Callable[[dict[str, str]], str | None] | None = field(default=None)
    #: Said above the fields, before anything is saved: what the user may want to mend
    #: first (saving goes ahead anyway).
    warning: str = ""


class FormDialog(FramedDialog[dict[str, str] | None]):
    """A compact form: label and field on one line, Ctrl+S (or Enter in a line) saves.

    It checks what it can before it closes (a date, a time, a number): a mistake is
    shown under the fields and nothing typed is lost. It answers the values as typed.
    """

    BINDINGS = [Binding("ctrl+s", "save", _("Lagre"), tooltip=_("Lagre og lukk"), id="form.save")]
    HINT = _("Ctrl+S lagrer · Tab neste felt · Esc avbryter")

    def __init__(self, spec: FormSpec) -> None:
        super().__init__(spec.title)
        self.spec = spec
        #: What the form held when it opened: quitting saves it only if the user changed it.
        self.opened_with: dict[str, str] | None = None

    def compose_body(self) -> ComposeResult:
        if self.spec.warning:
            yield Static(self.spec.warning, classes="dialog-lead dialog-warning", markup=False)
        with VerticalScroll(classes="dialog-fields") as scroll:
            scroll.can_focus = False
            for f in self.spec.fields:
                yield row(f.label, self._widget(f))
        if self.spec.hint:
            yield Static(self.spec.hint, classes="dialog-hint", markup=False)

    def _widget(self, f: FormField) -> Input | TextArea | Select[str]:
        wid = f"field-{f.name}"
        if f.kind == "text":
            area = SteadyTextArea(
                f.value, id=wid, compact=True, soft_wrap=True, tab_behavior="focus"
            )
            area.styles.height = f.lines
            return area
        if f.kind == "select":
            return Select(list(f.options), value=f.value, allow_blank=False, id=wid, compact=True)
        return FormInput(
            f.value, placeholder=f.placeholder, id=wid, compact=True, select_on_focus=False
        )

    def on_mount(self) -> None:
        if self.spec.fields:
            self.query_one(f"#field-{self.spec.fields[0].name}").focus()
        self.opened_with = self.values()

    def save_on_quit(self) -> str | None:
        """Save a changed form as Ctrl+S would; a mistake is said under the fields."""
        if not self.is_mounted:
            return None
        values = self.values()
        if values == self.opened_with:
            return None
        error = self.spec.validate(values) if self.spec.validate else None
        if error:
            self.show_error(error)
            return error
        self.action_save()
        return None

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
            self.show_error(error)
            return
        self.dismiss(values)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    @on(FormInput.TabbedPaste)
    def _spread(self, message: FormInput.TabbedPaste) -> None:
        """Each part goes where the keys would have put it: the first at the cursor, then
        each Tab on to the next field in focus order (a choice takes a part that names
        one of its options; a part it has no option for is passed over, as typing would)."""
        chain = self.focus_chain
        if message.field not in chain:
            return
        start = chain.index(message.field)
        message.field.insert_text_at_cursor(message.parts[0])
        last: Widget = message.field
        for widget, part in zip(chain[start + 1 :], message.parts[1:], strict=False):
            last = widget
            if isinstance(widget, Input):
                widget.insert_text_at_cursor(part)
            elif isinstance(widget, TextArea):
                widget.insert(part)
            elif isinstance(widget, Select):
                wanted = part.strip().casefold()
                for label, value in self._options(widget):
                    if wanted in (label.casefold(), value.casefold()):
                        widget.value = value
                        break
        last.focus()

    def _options(self, widget: Select[str]) -> tuple[tuple[str, str], ...]:
        name = (widget.id or "").removeprefix("field-")
        return next((f.options for f in self.spec.fields if f.name == name), ())


class ChoiceDialog(FramedDialog[str | None]):
    """Choose one of a list of (label, value); Enter chooses. Type to jump is the list's."""

    HINT = _("Piltaster velger · Enter bekrefter · Esc avbryter")

    def __init__(
        self,
        title: str,
        choices: list[tuple[str, str]],
        *,
        lead: str = "",
        selected: str | None = None,
        empty: str | None = None,
    ) -> None:
        super().__init__(title, None if choices else _("Esc lukker"))
        self.choices = choices
        self.lead = lead
        self.selected = selected
        self.empty = _("Det er ingenting å velge.") if empty is None else empty

    def compose_body(self) -> ComposeResult:
        if self.lead:
            yield Static(self.lead, classes="dialog-lead", markup=False)
        if not self.choices:
            yield Static(self.empty, markup=False)
            return
        yield OptionList(
            *(Option(escape(label), id=value) for label, value in self.choices),
            id="choice-list",
            markup=True,
        )

    def on_mount(self) -> None:
        if not self.choices:
            return
        options = self.query_one(OptionList)
        if self.selected is not None:
            for index, (_label, value) in enumerate(self.choices):
                if value == self.selected:
                    options.highlighted = index
                    break
        options.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


class ConfirmDialog(FramedDialog[bool | None]):
    """A question answered with j (ja) or n (nei); Esc is no answer."""

    BINDINGS = [
        Binding("j", "answer(True)", _("Ja"), id="confirm.yes"),
        Binding("n", "answer(False)", _("Nei"), id="confirm.no"),
    ]
    HINT = _("j = ja · n = nei · Esc avbryter")

    def __init__(self, title: str, question: str) -> None:
        super().__init__(title)
        self.question = question

    def compose_body(self) -> ComposeResult:
        yield Static(self.question, markup=False)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
