"""Dialogs of minute-taking: the roll call, and a question of conflict of interest.

Each dialog runs the core's change itself and stays open with the core's Norwegian
sentence when it refuses (no ground, no one who decided, minutes approved): what was
typed is kept and nothing is stored.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import OptionList, Select, Static
from textual.widgets.option_list import Option

from screens.host import HostAccess
from sekretariat.domain.meetings import (
    IN_THE_ROOM,
    AttendanceRow,
    guest_id,
    set_attendance,
    toggled_attendance,
)
from sekretariat.errors import UserError
from sekretariat.i18n import ui as _
from sekretariat.i18n import ui_label
from widgets.dialog import FormField, FormSpec, FramedDialog

from .store_form import StoreFormDialog

#: The first choice of the roll call: a guest who is not in the register.
NEW_GUEST = _("+ Gjest utenfra …")
NEW_GUEST_KEY = "+gjest"


def roll_call_line(row: AttendanceRow) -> str:
    """One person in the roll call: a sign and the status in words, so it reads without
    colour (a 16-colour terminal, a screen reader): «[x] Marte Skogli – Til stede»."""
    if guest_id(row.key) is not None:
        note = f" ({row.note})" if row.note else ""
        return _("[x] {name}{note} – gjest utenfra").format(name=row.name, note=note)
    sign = "[x]" if row.status in IN_THE_ROOM else "[ ]"
    status = ui_label(row.status) or _("ikke registrert")
    return f"{sign} {row.name} – {status}"


class AttendanceDialog(HostAccess, FramedDialog[str | None]):
    """The roll call: Enter sets the highlighted person present (present again: forfall)
    and goes on to the next, so a whole room is marked without leaving the dialog.

    Esc closes. Choosing «+ Gjest utenfra» or a guest not in the register answers that
    key (the minutes then ask for the guest, or whether to remove them). ``changed``
    counts what was stored, for the minutes to read again.
    """

    HINT = _("Enter: til stede / forfall, og videre · Esc lukker")

    class Marked(Message):
        """The core stored ``status`` for ``key``."""

        def __init__(self, key: str, status: str) -> None:
            self.key, self.status = key, status
            super().__init__()

    class Refused(Message):
        def __init__(self, text: str) -> None:
            self.text = text
            super().__init__()

    def __init__(self, meeting_id: int, rows: list[AttendanceRow]) -> None:
        super().__init__(_("Oppmøte"))
        self.meeting_id = meeting_id
        self.rows = {r.key: r for r in rows}
        self.changed = 0

    def compose_body(self) -> ComposeResult:
        yield Static(
            _("[x] er i rommet. Enter registrerer og går videre til neste."),
            classes="dialog-lead",
            markup=False,
        )
        yield OptionList(
            Option(NEW_GUEST, id=NEW_GUEST_KEY),
            *(Option(roll_call_line(r), id=r.key) for r in self.rows.values()),
            id="choice-list",
            markup=False,
        )

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 1 if options.option_count > 1 else 0
        options.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        key = event.option.id or ""
        if key == NEW_GUEST_KEY or guest_id(key) is not None:
            self.dismiss(key)
            return
        row = self.rows.get(key)
        if row is None:
            return
        options = self.query_one(OptionList)
        options.highlighted = min(event.option_index + 1, options.option_count - 1)
        self.show_error("")
        self.mark(key, toggled_attendance(row.status))

    @work(thread=True, group="roll-call", exit_on_error=False, description=_("registrere oppmøtet"))
    def mark(self, key: str, status: str) -> None:
        try:
            set_attendance(self.sekretariat.database, self.meeting_id, key, status)
        except UserError as exc:
            self.post_message(self.Refused(str(exc)))
            return
        self.post_message(self.Marked(key, status))

    @on(Marked)
    def _marked(self, message: Marked) -> None:
        row = replace(self.rows[message.key], status=message.status, for_key="", for_name="")
        self.rows[message.key] = row
        self.changed += 1
        self.query_one(OptionList).replace_option_prompt(message.key, roll_call_line(row))

    @on(Refused)
    def _refused(self, message: Refused) -> None:
        self.show_error(message.text)


#: The decision (forvaltningsloven § 8) as the form offers it: label, value.
DECISIONS = ((_("Inhabil – fratrer under saken"), "inhabil"), (_("Habil – deltar"), "habil"))


class ConflictDialog(StoreFormDialog):
    """Grunnlag, avgjort av, avgjørelse, stedfortreder and merknad for one person.

    The substitute row is there only while the decision is «inhabil»: someone found not
    disqualified keeps the seat, and no substitute is stored for them.
    """

    def __init__(
        self,
        name: str,
        substitutes: list[tuple[str, str]],
        store: Callable[[dict[str, str]], object],
    ) -> None:
        spec = FormSpec(
            _("Habilitet: {name}").format(name=name),
            [
                FormField(
                    "ground", _("Grunnlag"), placeholder=_("hva som gjør saken aktuell (§ 6)")
                ),
                FormField("decided_by", _("Avgjort av"), placeholder=_("hvem som avgjorde (§ 8)")),
                FormField("decision", _("Avgjørelse"), "inhabil", kind="select", options=DECISIONS),
                FormField(
                    "substitute",
                    _("Stedfortreder"),
                    "",
                    kind="select",
                    options=((_("Ingen"), ""), *substitutes),
                ),
                FormField("note", _("Merknad")),
            ],
            hint=_(
                "Grunnlaget (forvaltningsloven § 6) og hvem som avgjorde (§ 8) står i protokollen."
            ),
        )
        super().__init__(spec, store)

    def values(self) -> dict[str, str]:
        """The fields as typed; no substitute for someone found not disqualified."""
        out = super().values()
        if out["decision"] != "inhabil":
            out["substitute"] = ""
        return out

    @on(Select.Changed, "#field-decision")
    def _decision_changed(self, event: Select.Changed) -> None:
        substitute = self.query_one("#field-substitute", Select)
        if substitute.parent is not None:
            substitute.parent.display = event.value == "inhabil"
