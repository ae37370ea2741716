"""Saksliste: build a meeting's agenda by keys, see how the time splits between
information and reflection, and which of Roald's principles the agenda covers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.markup import escape
from textual.message import Message
from textual.widgets import ContentSwitcher, Static
from textual.worker import get_current_worker

from sekretariat import formats
from sekretariat.domain.agenda import (
    AgendaView,
    Balance,
    ItemView,
    PostponedItem,
    PrincipleCheck,
    PromptView,
    add_item,
    add_postponed_items,
    add_standing_items,
    attach_prompt,
    balance,
    list_prompts,
    load_agenda,
    move_item,
    postponed_items,
    principle_checklist,
    remove_item,
    running_clock,
    update_item,
)
from sekretariat.i18n import app_language, ui, ui_label
from sekretariat.i18n import ui as _
from sekretariat.labels import ITEM_KINDS
from widgets.dialog import ChoiceDialog, ConfirmDialog, FormDialog, FormField, FormSpec, refusal
from widgets.meeting_balance import KIND_LOOK, MeetingBalanceBar
from widgets.table import Table

from .meeting_base import MeetingSubScreen
from .meeting_dialogs import MeetingDocumentExport, with_suffix
from .year_summary import attachment_form

if TYPE_CHECKING:
    from sekretariat.storage.database import Database


@dataclass(frozen=True)
class AgendaData:
    view: AgendaView
    balance: Balance
    checklist: list[PrincipleCheck]
    clock: list[tuple[Any, Any]] | None


def read_agenda(database: Database, meeting_id: int) -> AgendaData:
    view = load_agenda(database, meeting_id)
    items = list(view.items)
    return AgendaData(
        view,
        balance(items),
        principle_checklist(
            items,
            year=view.date.year,
            learning_focus=view.learning_focus,
            facilitator=view.facilitator,
            previous_facilitator=view.previous_facilitator,
            lang=app_language(),
        ),
        running_clock(view.start, [i.minutes for i in items]),
    )


def item_form(title: str, item: ItemView | None) -> FormSpec:
    kinds = tuple((ui_label(k), k) for k in ITEM_KINDS)

    def validate(v: dict[str, str]) -> str | None:
        if not v["title"].strip():
            return _("Saken må ha en tittel.")
        return refusal(formats.parse_minutes, v["minutes"] or "0")

    return FormSpec(
        title,
        [
            FormField("title", _("Tittel"), item.title if item else ""),
            FormField("kind", _("Type"), item.kind if item else "orientation", "select", kinds),
            FormField("minutes", _("Minutter"), str(item.minutes) if item else "15"),
            FormField("presenter", _("Ansvarlig"), item.presenter if item else ""),
            FormField(
                "background", _("Bakgrunn"), item.background if item else "", "text", lines=3
            ),
            FormField(
                "proposal",
                _("Forslag til vedtak"),
                item.proposal if item else "",
                "text",
                lines=2,
            ),
            FormField(
                "documents",
                _("Dokumenter"),
                "\n".join(item.documents) if item else "",
                "text",
                lines=2,
            ),
        ],
        hint=_("Dokumenter: én lenke eller ett filnavn per linje. Tab går til neste felt."),
        validate=validate,
    )


def checklist_text(checks: list[PrincipleCheck]) -> str:
    """The principles in the app's language (the core keeps their bokmål text, marked for
    the catalogue, and the documents translate them the same way)."""
    lines = []
    for c in checks:
        name = escape(ui(c.name))
        if c.covered:
            lines.append(f"[$text-success]✔[/] [b]{name}[/]")
            lines.append(f"   [$foreground-muted]{escape('; '.join(c.covered_by))}[/]")
        else:
            lines.append(f"[$text-warning]✘[/] [b]{name}[/]")
            note = f"{c.note}. " if c.note else ""
            hint = _("Knytt et spørsmål til en sak (p).")
            lines.append(f"   [$foreground-muted]{escape(note + ui(c.text))} {hint}[/]")
    covered = sum(1 for c in checks if c.covered)
    heading = _("Sakslisten dekker {covered} av {count} prinsipper for lærende møter (Roald):")
    lines.insert(0, heading.format(covered=covered, count=len(checks)) + "\n")
    return "\n".join(lines)


#: u and n share one footer entry.
MOVE = Binding.Group(_("Flytt"), compact=True)


class AgendaScreen(MeetingDocumentExport, MeetingSubScreen):
    """One meeting's agenda. Standing items stay first and last; the others move with u and n."""

    HEADING = _("Saksliste")
    BINDINGS = [
        Binding(
            "enter",
            "edit",
            _("Rediger"),
            tooltip=_("Rediger saken"),
            priority=True,
            show=False,
            id="agenda.open",
        ),
        Binding(
            "a", "add", _("Ny sak"), tooltip=_("Legg til en sak før Eventuelt"), id="agenda.add"
        ),
        Binding(
            "e",
            "edit",
            _("Rediger"),
            tooltip=_("Rediger saken (også Enter)"),
            show=False,
            id="agenda.edit",
        ),
        Binding(
            "u", "move(-1)", _("Opp"), tooltip=_("Flytt saken opp"), group=MOVE, id="agenda.up"
        ),
        Binding(
            "n", "move(1)", _("Ned"), tooltip=_("Flytt saken ned"), group=MOVE, id="agenda.down"
        ),
        Binding("ctrl+up", "move(-1)", _("Opp"), show=False, id="agenda.up2"),
        Binding("ctrl+down", "move(1)", _("Ned"), show=False, id="agenda.down2"),
        Binding(
            "p",
            "prompt",
            _("Spørsmål"),
            tooltip=_("Knytt et refleksjonsspørsmål til saken"),
            id="agenda.prompt",
        ),
        Binding(
            "f",
            "standing",
            _("Faste saker"),
            tooltip=_("Legg til de faste sakene som mangler"),
            show=False,
            id="agenda.standing",
        ),
        Binding(
            "h",
            "postponed",
            _("Hent utsatte saker"),
            tooltip=_("Legg til sakene forrige møte utsatte"),
            show=False,
            id="agenda.postponed",
        ),
        Binding(
            "x", "remove", _("Fjern"), tooltip=_("Fjern saken fra sakslisten"), id="agenda.remove"
        ),
        Binding(
            "r",
            "principles",
            _("Prinsipper"),
            tooltip=_("Vis hvilke prinsipper for lærende møter sakslisten dekker"),
            id="agenda.principles",
        ),
        Binding(
            "i",
            "summons",
            _("Innkalling"),
            tooltip=_("Eksporter innkallingen"),
            show=False,
            id="agenda.summons",
        ),
        Binding(
            "s",
            "year_summary",
            _("Sammenstilling"),
            tooltip=_(
                "Skriv sammenstillingen av årsrapportene og før den opp som vedlegg til saken"
            ),
            show=False,
            id="agenda.year_summary",
        ),
    ]

    DEFAULT_CSS = """
    #agenda-switcher { height: 1fr; }
    #agenda-table { height: 1fr; scrollbar-size-vertical: 1; }
    #agenda-principles { height: 1fr; padding: 0 1; }
    #agenda-detail { height: 2; padding: 0 1; color: $text-muted; }
    """

    class Loaded(Message):
        def __init__(self, data: AgendaData) -> None:
            self.data = data
            super().__init__()

    class Changed(Message):
        """The agenda was changed: say ``text`` (if any), read it again, highlight ``select``."""

        def __init__(
            self, text: str, select: int | None = None, severity: str = "information"
        ) -> None:
            self.text, self.select, self.severity = text, select, severity
            super().__init__()

    class PromptsRead(Message):
        """The prompt library, read to choose one for ``item``."""

        def __init__(self, item: ItemView, prompts: list[PromptView]) -> None:
            self.item, self.prompts = item, prompts
            super().__init__()

    class PostponedRead(Message):
        """The items the previous meeting postponed that this agenda lacks."""

        def __init__(self, items: list[PostponedItem]) -> None:
            self.items = items
            super().__init__()

    def __init__(self, meeting_id: int) -> None:
        super().__init__(id="screen-agenda")
        self.meeting_id = meeting_id
        self.data: AgendaData | None = None
        self._select: int | None = None

    def compose_body(self) -> ComposeResult:
        with ContentSwitcher(initial="agenda-table", id="agenda-switcher"):
            table = Table(id="agenda-table")
            table.add_column(_("Sak"), key="number", width=9)
            table.add_column(_("Tid"), key="time", width=11)
            table.add_column(_("Tittel"), key="title", width=29)
            table.add_column(_("Type"), key="kind", width=13)
            table.add_column(_("Min"), key="minutes", width=3)
            table.add_column("?", key="prompt", width=1)
            yield table
            with VerticalScroll(id="agenda-principles"):
                yield Static("", id="agenda-checklist")
        yield Static("", id="agenda-detail")
        yield MeetingBalanceBar(id="agenda-balance")

    def on_mount(self) -> None:
        self.load()

    def load(self, select: int | None = None) -> None:
        if select is not None:
            self._select = select
        self.read_data(self.meeting_id)

    @work(
        thread=True,
        exclusive=True,
        group="agenda-read",
        exit_on_error=False,
        description=_("lese sakslisten"),
    )
    def read_data(self, meeting_id: int) -> None:
        data = read_agenda(self.sekretariat.database, meeting_id)
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(data))

    @on(Loaded)
    def show(self, message: Loaded) -> None:
        data = message.data
        self.data = data
        view = data.view
        table = self.query_one("#agenda-table", Table)
        keep = self._select if self._select is not None else self.current_id()
        self._select = None
        rows = []
        for index, item in enumerate(view.items):
            when = ""
            if data.clock is not None:
                start, end = data.clock[index]
                when = f"{formats.clock(start)}–{formats.clock(end)}"
            char = KIND_LOOK.get(item.kind, ("",))[0]
            number = formats.case_label(item.number, view.date.year)
            rows.append(
                (
                    str(item.id),
                    (
                        number or Text(_("fast") if item.standing else "–", style="dim"),
                        when,
                        item.title,
                        f"{char} {ui_label(item.kind)}",
                        Text(str(item.minutes), justify="right"),
                        "◆" if item.prompt else "",
                    ),
                )
            )
        table.set_rows(rows, cursor=None if keep is None else str(keep))
        self.set_heading(
            _("Saksliste {date}").format(date=formats.short_date(view.date)),
            f"{ui_label(view.status)} · {formats.count(len(view.items), _('sak'), _('saker'))}",
        )
        self.query_one("#agenda-balance", MeetingBalanceBar).show(data.balance)
        self.query_one("#agenda-checklist", Static).update(checklist_text(data.checklist))
        self.show_detail()

    def current(self) -> ItemView | None:
        if self.data is None or not self.data.view.items:
            return None
        row = self.query_one("#agenda-table", Table).cursor_row
        items = self.data.view.items
        return items[row] if 0 <= row < len(items) else None

    def current_id(self) -> int | None:
        item = self.current()
        return item.id if item else None

    @on(Table.RowHighlighted, "#agenda-table")
    def show_detail(self) -> None:
        item = self.current()
        detail = self.query_one("#agenda-detail", Static)
        if item is None:
            detail.update(
                _("Ingen saker ennå. Trykk f for de faste sakene og a for å legge til en sak.")
            )
            return
        first = [_("Ansvarlig: {name}").format(name=escape(item.presenter) or "–")]
        if item.prompt:
            method = item.prompt.method or _("uten metode")
            first.append(
                _("Spørsmål: «{title}» ({method})").format(
                    title=escape(item.prompt.title), method=escape(method)
                )
            )
        if item.proposal:
            second = _("Forslag: {text}").format(text=item.proposal.splitlines()[0])
        elif item.background:
            second = _("Bakgrunn: {text}").format(text=item.background.splitlines()[0])
        else:
            second = ""
        detail.update(" · ".join(first) + "\n" + escape(second))

    def need_item(self) -> ItemView | None:
        item = self.current()
        if item is None:
            self.notify(_("Sakslisten er tom; trykk a for å legge til en sak."), severity="warning")
        return item

    @on(Changed)
    def changed(self, message: Changed) -> None:
        if message.text:
            self.notify(message.text, severity=message.severity)  # type: ignore[arg-type]
        self.load(message.select)

    # -- actions --------------------------------------------------------------------------
    def _fields(self, values: dict[str, str]) -> dict[str, Any]:
        fields: dict[str, Any] = dict(values)
        fields["minutes"] = formats.parse_minutes(values["minutes"] or "0")
        return fields

    def action_add(self) -> None:
        def save(values: dict[str, str] | None) -> None:
            if values is not None:
                self.save_new_item(self.meeting_id, self._fields(values))

        self.app.push_screen(FormDialog(item_form(_("Ny sak"), None)), save)

    @work(thread=True, group="agenda-write", exit_on_error=False, description=_("legge til saken"))
    def save_new_item(self, meeting_id: int, fields: dict[str, Any]) -> None:
        item_id = add_item(self.sekretariat.database, meeting_id, fields)
        done = _("«{title}» er lagt til.").format(title=fields["title"].strip())
        self.post_message(self.Changed(done, item_id))

    def action_edit(self) -> None:
        item = self.need_item()
        if item is None:
            return
        assert self.data is not None
        name = formats.case_label(item.number, self.data.view.date.year) or _("Sak")

        def save(values: dict[str, str] | None) -> None:
            if values is not None:
                self.save_item(item, self._fields(values))

        self.app.push_screen(FormDialog(item_form(f"{name}: {item.title}", item)), save)

    @work(thread=True, group="agenda-write", exit_on_error=False, description=_("lagre saken"))
    def save_item(self, item: ItemView, fields: dict[str, Any]) -> None:
        update_item(self.sekretariat.database, item.id, fields, seen_version=item.row_version)
        self.post_message(self.Changed(_("Saken er lagret."), item.id))

    def action_move(self, delta: int) -> None:
        item = self.need_item()
        if item is not None:
            self.save_move(item.id, delta)

    @work(thread=True, group="agenda-write", exit_on_error=False, description=_("flytte saken"))
    def save_move(self, item_id: int, delta: int) -> None:
        moved = move_item(self.sekretariat.database, item_id, delta)
        text = "" if moved else _("Saken kan ikke flyttes lenger; de faste sakene har fast plass.")
        self.post_message(self.Changed(text, item_id, "warning"))

    def action_remove(self) -> None:
        item = self.need_item()
        if item is None:
            return

        def answer(yes: bool | None) -> None:
            if yes:
                self.save_removal(item.id)

        self.app.push_screen(
            ConfirmDialog(
                _("Fjern saken"),
                _("Fjerne «{title}» fra sakslisten?").format(title=item.title),
            ),
            answer,
        )

    @work(thread=True, group="agenda-write", exit_on_error=False, description=_("fjerne saken"))
    def save_removal(self, item_id: int) -> None:
        title = remove_item(self.sekretariat.database, item_id)
        self.post_message(self.Changed(_("«{title}» er fjernet.").format(title=title)))

    def action_prompt(self) -> None:
        item = self.need_item()
        if item is not None:
            self.read_prompts(item)

    @work(
        thread=True,
        exclusive=True,
        group="agenda-prompts",
        exit_on_error=False,
        description=_("lese spørsmålene"),
    )
    def read_prompts(self, item: ItemView) -> None:
        self.post_message(self.PromptsRead(item, list_prompts(self.sekretariat.database)))

    @on(PromptsRead)
    def choose_prompt(self, message: PromptsRead) -> None:
        item, prompts = message.item, message.prompts
        choices = [
            (
                _("{title} – {principle} ({minutes} min)").format(
                    title=p.title,
                    principle=ui(p.principle) if p.principle else _("uten prinsipp"),
                    minutes=p.minutes,
                ),
                str(p.id),
            )
            for p in prompts
        ]
        if prompts or item.prompt:
            choices.append((_("(ingen spørsmål)"), ""))

        def chosen(value: str | None) -> None:
            if value is None:
                return
            pid = int(value) if value else None
            title = next((p.title for p in prompts if p.id == pid), "")
            text = (
                _("«{title}» er knyttet til saken.").format(title=title)
                if pid
                else _("Spørsmålet er tatt av saken.")
            )
            self.save_prompt(item.id, pid, text)

        self.app.push_screen(
            ChoiceDialog(
                _("Refleksjonsspørsmål til «{title}»").format(title=item.title),
                choices,
                selected=str(item.prompt.id) if item.prompt else None,
                empty=_(
                    "Biblioteket av refleksjonsspørsmål er tomt. Spørsmålene legges inn i "
                    "møteplanen: Esc tilbake dit, så l (Spørsmål)."
                ),
            ),
            chosen,
        )

    @work(
        thread=True,
        group="agenda-write",
        exit_on_error=False,
        description=_("knytte spørsmålet til saken"),
    )
    def save_prompt(self, item_id: int, prompt_id: int | None, done: str) -> None:
        attach_prompt(self.sekretariat.database, item_id, prompt_id)
        self.post_message(self.Changed(done, item_id))

    def action_standing(self) -> None:
        self.save_standing_items(self.meeting_id)

    @work(
        thread=True,
        group="agenda-write",
        exit_on_error=False,
        description=_("legge til de faste sakene"),
    )
    def save_standing_items(self, meeting_id: int) -> None:
        added = add_standing_items(self.sekretariat.database, meeting_id)
        text = (
            _("{count} lagt til.").format(
                count=formats.count(added, _("fast sak"), _("faste saker"))
            )
            if added
            else _("De faste sakene står allerede på sakslisten.")
        )
        self.post_message(self.Changed(text))

    def action_postponed(self) -> None:
        self.read_postponed(self.meeting_id)

    @work(
        thread=True,
        exclusive=True,
        group="agenda-postponed",
        exit_on_error=False,
        description=_("finne de utsatte sakene"),
    )
    def read_postponed(self, meeting_id: int) -> None:
        self.post_message(
            self.PostponedRead(postponed_items(self.sekretariat.database, meeting_id))
        )

    @on(PostponedRead)
    def offer_postponed(self, message: PostponedRead) -> None:
        if not message.items:
            self.notify(_("Forrige møte utsatte ingen saker som mangler på sakslisten."))
            return

        def answer(yes: bool | None) -> None:
            if yes:
                self.save_postponed(self.meeting_id)

        names = "\n".join(f"· {item.name}" for item in message.items)
        self.app.push_screen(
            ConfirmDialog(
                _("Hent utsatte saker"),
                _("Legge til på sakslisten?") + "\n" + names,
            ),
            answer,
        )

    @work(
        thread=True,
        group="agenda-write",
        exit_on_error=False,
        description=_("legge til de utsatte sakene"),
    )
    def save_postponed(self, meeting_id: int) -> None:
        added = add_postponed_items(self.sekretariat.database, meeting_id)
        count = formats.count(added, _("utsatt sak"), _("utsatte saker"))
        self.post_message(self.Changed(_("{count} lagt til.").format(count=count)))

    def action_principles(self) -> None:
        switcher = self.query_one("#agenda-switcher", ContentSwitcher)
        if switcher.current == "agenda-table":
            switcher.current = "agenda-principles"
            self.query_one("#agenda-principles").focus()
        else:
            switcher.current = "agenda-table"
            self.query_one("#agenda-table").focus()

    def action_summons(self) -> None:
        if self.data is not None:
            self.ask_summons(self.meeting_id, self.data.view.date)

    def action_year_summary(self) -> None:
        """The forum discusses the summary of last year's reports (plan 3.1 h) in a meeting:
        write it as a file and list its name under the item, as the summons shows it."""
        item = self.need_item()
        if item is None or self.data is None:
            return

        def save(values: dict[str, str] | None) -> None:
            if values is not None:
                fmt = values["format"]
                year = int(values["year"].strip())
                self.write_year_summary(item, year, fmt, with_suffix(values["path"], fmt))

        year = self.data.view.date.year - 1
        self.app.push_screen(FormDialog(attachment_form(year, Path.cwd())), save)

    @work(
        thread=True,
        group="export",
        exit_on_error=False,
        description=_("skrive sammenstillingen"),
    )
    def write_year_summary(self, item: ItemView, year: int, fmt: str, path: Path) -> None:
        from sekretariat.documents.year_summary import write_summary

        db = self.sekretariat.database
        written = write_summary(db, year, fmt, path)
        if written.name not in item.documents:
            update_item(
                db,
                item.id,
                {"documents": [*item.documents, written.name]},
                seen_version=item.row_version,
            )
        self.post_message(
            self.Changed(
                _("Sammenstillingen er skrevet til {path} og ført opp under saken.").format(
                    path=written
                ),
                item.id,
            )
        )
