"""Refleksjonsspørsmål: the library of learning-meeting prompts (principle, question,
method and time) that agenda items can carry."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.markup import escape
from textual.message import Message
from textual.widgets import Static
from textual.worker import get_current_worker

from sekretariat import formats
from sekretariat.domain.agenda import PRINCIPLES, PromptView, list_prompts, save_prompt
from sekretariat.i18n import ui
from sekretariat.i18n import ui as _
from widgets.dialog import FormDialog, FormField, FormSpec, refusal
from widgets.table import Table

from .meeting_base import MeetingSubScreen

#: A prompt takes from one minute to four hours.
PROMPT_MINUTES = (1, 240)


def prompt_form(title: str, prompt: PromptView | None) -> FormSpec:
    # The principles are catalogue ids (N_ in the core): shown in the app's language,
    # stored by their bokmål name.
    principles = [(ui(name), name) for name, _text in PRINCIPLES]
    current = prompt.principle if prompt else PRINCIPLES[0][0]
    if current not in {value for _shown, value in principles}:
        principles.append((current or _("(uten prinsipp)"), current))

    def validate(v: dict[str, str]) -> str | None:
        if not v["title"].strip():
            return _("Spørsmålet må ha en tittel.")
        least, most = PROMPT_MINUTES
        return refusal(lambda t: formats.parse_minutes(t, least=least, most=most), v["minutes"])

    return FormSpec(
        title,
        [
            FormField("title", _("Tittel"), prompt.title if prompt else ""),
            FormField("principle", _("Prinsipp"), current, "select", tuple(principles)),
            FormField(
                "question", _("Spørsmål"), prompt.question if prompt else "", "text", lines=4
            ),
            FormField(
                "method",
                _("Metode"),
                prompt.method if prompt else "",
                placeholder=_("Parsamtale, runde, exit-lapp …"),
            ),
            FormField("minutes", _("Minutter"), str(prompt.minutes if prompt else 10)),
        ],
        validate=validate,
    )


class PromptsScreen(MeetingSubScreen):
    """The prompt library, in the order of Roald's principles."""

    HEADING = _("Refleksjonsspørsmål")
    BINDINGS = [
        Binding(
            "a", "add", _("Nytt"), tooltip=_("Legg til et refleksjonsspørsmål"), id="prompts.add"
        ),
        Binding("e", "edit", _("Rediger"), tooltip=_("Rediger spørsmålet"), id="prompts.edit"),
    ]

    DEFAULT_CSS = """
    #prompts-table { height: 1fr; scrollbar-size-vertical: 1; }
    #prompt-question { height: 4; padding: 0 1; border-top: solid $primary; }
    """

    class Loaded(Message):
        def __init__(self, prompts: list[PromptView], select: int | None) -> None:
            self.prompts, self.select = prompts, select
            super().__init__()

    class Saved(Message):
        def __init__(self, title: str, prompt_id: int) -> None:
            self.title, self.prompt_id = title, prompt_id
            super().__init__()

    def __init__(self) -> None:
        super().__init__(id="screen-prompts")
        self.prompts: list[PromptView] = []

    def compose_body(self) -> ComposeResult:
        table = Table(id="prompts-table")
        table.add_column(_("Prinsipp"), key="principle", width=24)
        table.add_column(_("Tittel"), key="title", width=30)
        table.add_column(_("Metode"), key="method", width=12)
        table.add_column(_("Min"), key="minutes", width=3)
        yield table
        yield Static("", id="prompt-question")

    def on_mount(self) -> None:
        self.load()

    @work(
        thread=True,
        exclusive=True,
        group="prompts-read",
        exit_on_error=False,
        description=_("lese spørsmålene"),
    )
    def load(self, select: int | None = None) -> None:
        prompts = list_prompts(self.sekretariat.database)
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(prompts, select))

    @on(Loaded)
    def show(self, message: Loaded) -> None:
        select = message.select
        order = {name.casefold(): i for i, (name, _text) in enumerate(PRINCIPLES)}
        self.prompts = sorted(
            message.prompts, key=lambda p: (order.get(p.principle.casefold(), len(order)), p.id)
        )
        table = self.query_one("#prompts-table", Table)
        keep = select if select is not None else self.current_id()
        table.set_rows(
            [
                (
                    str(p.id),
                    (
                        ui(p.principle) if p.principle else "",
                        p.title,
                        p.method,
                        Text(str(p.minutes), justify="right"),
                    ),
                )
                for p in self.prompts
            ],
            cursor=None if keep is None else str(keep),
        )
        self.set_heading(
            _("Refleksjonsspørsmål"),
            _("{count} i biblioteket").format(count=len(self.prompts)),
        )
        self.show_question()

    def current(self) -> PromptView | None:
        row = self.query_one("#prompts-table", Table).cursor_row
        return self.prompts[row] if 0 <= row < len(self.prompts) else None

    def current_id(self) -> int | None:
        p = self.current()
        return p.id if p else None

    @on(Table.RowHighlighted, "#prompts-table")
    def show_question(self) -> None:
        p = self.current()
        self.query_one("#prompt-question", Static).update(
            escape(p.question)
            if p and p.question
            else f"[$foreground-muted]{_('Uten spørsmålstekst.')}[/]"
        )

    @on(Table.RowSelected, "#prompts-table")
    def _selected(self) -> None:
        self.action_edit()

    def _save(self, prompt_id: int | None, values: dict[str, str] | None) -> None:
        if values is not None:
            self.save(prompt_id, {**values, "minutes": int(values["minutes"])})

    @work(
        thread=True,
        group="prompts-write",
        exit_on_error=False,
        description=_("lagre spørsmålet"),
    )
    def save(self, prompt_id: int | None, fields: dict[str, object]) -> None:
        saved = save_prompt(self.sekretariat.database, prompt_id, fields)
        self.post_message(self.Saved(str(fields["title"]).strip(), saved))

    @on(Saved)
    def saved(self, message: Saved) -> None:
        self.notify(_("«{title}» er lagret.").format(title=message.title))
        self.load(message.prompt_id)

    def action_add(self) -> None:
        self.app.push_screen(
            FormDialog(prompt_form(_("Nytt refleksjonsspørsmål"), None)),
            lambda v: self._save(None, v),
        )

    def action_edit(self) -> None:
        p = self.current()
        if p is None:
            self.notify(
                _("Biblioteket er tomt; trykk a for å legge til et spørsmål."), severity="warning"
            )
            return
        self.app.push_screen(FormDialog(prompt_form(p.title, p)), lambda v: self._save(p.id, v))
