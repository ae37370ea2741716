"""Refleksjonsspørsmål: the library of learning-meeting prompts (principle, question,
method and time) that agenda items can carry."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.markup import escape
from textual.widgets import DataTable, Static

from sekretariat.domain.agenda import PRINCIPLES, PromptView
from widgets.table import Table

from .meeting_base import MeetingSubScreen
from .meeting_dialogs import FormField, FormSpec, MeetingFormDialog


def prompt_form(title: str, prompt: PromptView | None) -> FormSpec:
    principles = [(name, name) for name, _ in PRINCIPLES]
    current = prompt.principle if prompt else PRINCIPLES[0][0]
    if current not in {n for n, _ in principles}:
        principles.append((current or "(uten prinsipp)", current))

    def validate(v: dict[str, str]) -> str | None:
        if not v["title"].strip():
            return "Spørsmålet må ha en tittel."
        if not v["minutes"].strip().isdigit() or not 1 <= int(v["minutes"]) <= 240:
            return "Tiden må være et helt antall minutter (1–240)."
        return None

    return FormSpec(
        title,
        [
            FormField("title", "Tittel", prompt.title if prompt else ""),
            FormField("principle", "Prinsipp", current, "select", tuple(principles)),
            FormField("question", "Spørsmål", prompt.question if prompt else "", "text", lines=4),
            FormField(
                "method",
                "Metode",
                prompt.method if prompt else "",
                placeholder="Parsamtale, runde, exit-lapp …",
            ),
            FormField("minutes", "Minutter", str(prompt.minutes if prompt else 10)),
        ],
        validate=validate,
    )


class PromptsScreen(MeetingSubScreen):
    """The prompt library, in the order of Roald's principles."""

    HEADING = "Refleksjonsspørsmål"
    BINDINGS = [
        Binding("a", "add", "Nytt", tooltip="Legg til et refleksjonsspørsmål", id="prompts.add"),
        Binding("e", "edit", "Rediger", tooltip="Rediger spørsmålet", id="prompts.edit"),
    ]

    DEFAULT_CSS = """
    #prompts-table { height: 1fr; scrollbar-size-vertical: 1; }
    #prompt-question { height: 4; padding: 0 1; border-top: solid $primary; }
    """

    def __init__(self) -> None:
        super().__init__(id="screen-prompts")
        self.prompts: list[PromptView] = []

    def compose_body(self) -> ComposeResult:
        table: DataTable[str] = Table(id="prompts-table", cursor_type="row")
        table.add_column("Prinsipp", key="principle", width=24)
        table.add_column("Tittel", key="title", width=30)
        table.add_column("Metode", key="method", width=12)
        table.add_column("Min", key="minutes", width=3)
        yield table
        yield Static("", id="prompt-question")

    def on_mount(self) -> None:
        self.load()

    def load(self, select: int | None = None) -> None:
        from sekretariat.domain.agenda import list_prompts

        self.call_core(
            lambda: list_prompts(self.database),
            lambda p: self.show(p, select),
            description="lese spørsmålene",
        )

    def show(self, prompts: list[PromptView], select: int | None = None) -> None:
        order = {name.casefold(): i for i, (name, _) in enumerate(PRINCIPLES)}
        self.prompts = sorted(
            prompts, key=lambda p: (order.get(p.principle.casefold(), len(order)), p.id)
        )
        table = self.query_one("#prompts-table", DataTable)
        keep = select if select is not None else self.current_id()
        table.clear()
        target = 0
        for index, p in enumerate(self.prompts):
            table.add_row(
                Text(p.principle),
                Text(p.title),
                Text(p.method),
                Text(str(p.minutes), justify="right"),
                key=str(p.id),
            )
            if p.id == keep:
                target = index
        if self.prompts:
            table.move_cursor(row=target)
        self.set_heading("Refleksjonsspørsmål", f"{len(self.prompts)} i biblioteket")
        self.show_question()

    def current(self) -> PromptView | None:
        row = self.query_one("#prompts-table", DataTable).cursor_row
        return self.prompts[row] if 0 <= row < len(self.prompts) else None

    def current_id(self) -> int | None:
        p = self.current()
        return p.id if p else None

    @on(DataTable.RowHighlighted, "#prompts-table")
    def show_question(self) -> None:
        p = self.current()
        self.query_one("#prompt-question", Static).update(
            escape(p.question) if p and p.question else "[$foreground-muted]Uten spørsmålstekst.[/]"
        )

    @on(DataTable.RowSelected, "#prompts-table")
    def _selected(self) -> None:
        self.action_edit()

    def _save(self, prompt_id: int | None, values: dict[str, str] | None) -> None:
        if values is None:
            return
        from sekretariat.domain.agenda import save_prompt

        fields = {**values, "minutes": int(values["minutes"])}

        def after(pid: int) -> None:
            self.notify(f"«{fields['title'].strip()}» er lagret.")
            self.load(pid)

        self.call_core(
            lambda: save_prompt(self.database, prompt_id, fields),
            after,
            description="lagre spørsmålet",
        )

    def action_add(self) -> None:
        self.app.push_screen(
            MeetingFormDialog(prompt_form("Nytt refleksjonsspørsmål", None)),
            lambda v: self._save(None, v),
        )

    def action_edit(self) -> None:
        p = self.current()
        if p is None:
            self.notify(
                "Biblioteket er tomt; trykk a for å legge til et spørsmål.", severity="warning"
            )
            return
        self.app.push_screen(
            MeetingFormDialog(prompt_form(p.title, p)), lambda v: self._save(p.id, v)
        )
