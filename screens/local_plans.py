"""The networks' local competence plans (plan 4.1), opened from the inbox (p).

«Utarbeide en 4-årig lokal kompetanseplan i samarbeid med UH»: per network, what the
secretariat received (the period, the day, where the plan is). A list in a dialog, one
row per plan and a row for each network without one; n records a plan for the marked
network, e changes the marked plan, x removes it. The needs-report checks read the same
records (``needs``), so a plan recorded here counts there.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static

from sekretariat import formats
from sekretariat.domain.local_plans import (
    PLAN_YEARS,
    NetworkPlans,
    PlanView,
    local_plans,
    remove_local_plan,
    save_local_plan,
)
from sekretariat.domain.needs import parse_year
from sekretariat.i18n import ui as _
from widgets.dialog import ConfirmDialog, FormField, FormSpec, FramedDialog
from widgets.table import Table

from .host import HostAccess
from .store_form import StoreFormDialog


def plan_rows(networks: list[NetworkPlans]) -> list[tuple[str, tuple[str, ...]]]:
    """(row key, cells): ``code:start`` for a plan, ``code:`` for a network without one."""
    rows: list[tuple[str, tuple[str, ...]]] = []
    not_received = _("ikke mottatt")
    for n in networks:
        if not n.plans:
            rows.append((f"{n.code}:", (n.name, "–", not_received, "")))
        for i, p in enumerate(n.plans):
            received = formats.short_date(p.received) if p.received else "–"
            rows.append(
                (f"{n.code}:{p.start_year}", (n.name if i == 0 else "", p.period, received, p.link))
            )
    return rows


class LocalPlansDialog(HostAccess, FramedDialog[None]):
    """Every network's local competence plans; keys to add, change and remove."""

    TITLE_TEXT = _("Lokale kompetanseplaner")
    HINT = _("n ny · e endre · x slett · Esc lukker")
    BINDINGS = [
        Binding(
            "n",
            "add",
            _("Ny plan"),
            tooltip=_("Registrer en plan for nettverket"),
            id="plans.add",
        ),
        Binding("e", "edit", _("Endre"), tooltip=_("Endre den markerte planen"), id="plans.edit"),
        Binding(
            "x", "remove", _("Slett"), tooltip=_("Slett den markerte planen"), id="plans.remove"
        ),
    ]

    class Loaded(Message):
        def __init__(self, networks: list[NetworkPlans], cursor: str | None) -> None:
            self.networks, self.cursor = networks, cursor
            super().__init__()

    class Removed(Message):
        def __init__(self, text: str) -> None:
            self.text = text
            super().__init__()

    def __init__(self) -> None:
        super().__init__()
        self.networks: list[NetworkPlans] = []

    def compose_body(self) -> ComposeResult:
        yield Static(
            _(
                "Nettverkenes 4-årige lokale kompetanseplan (plan 4.1): periode, når den kom, "
                "og hvor den ligger."
            ),
            classes="dialog-lead",
            markup=False,
        )
        table = Table(id="plans-table")
        table.add_column(_("Nettverk"), key="name", width=20)
        table.add_column(_("Periode"), key="period", width=10)
        table.add_column(_("Mottatt"), key="received", width=14)
        table.add_column(_("Lenke"), key="link", width=18)
        yield table

    def on_mount(self) -> None:
        self.query_one(Table).focus()
        self.load()

    @work(
        thread=True,
        exclusive=True,
        group="local-plans",
        exit_on_error=False,
        description=_("lese de lokale planene"),
    )
    def load(self, cursor: str | None = None) -> None:
        self.post_message(self.Loaded(local_plans(self.sekretariat.database), cursor))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        self.networks = message.networks
        table = self.query_one(Table)
        table.set_rows(plan_rows(message.networks), cursor=message.cursor or table.cursor_key)

    def _marked(self) -> tuple[NetworkPlans, PlanView | None] | None:
        key = self.query_one(Table).cursor_key
        if not key:
            return None
        code, _sep, start = key.partition(":")
        network = next((n for n in self.networks if n.code == code), None)
        if network is None:
            return None
        plan = next((p for p in network.plans if str(p.start_year) == start), None)
        return network, plan

    def _form(self, network: NetworkPlans, plan: PlanView | None) -> None:
        """A new plan for ``network`` (``plan`` None) or a change to ``plan``; the period's
        start is the plan's key, so a change keeps it (remove and add to move it)."""
        start_label, end_label = _("Fra år"), _("Til år")
        fields = [] if plan else [FormField("start", start_label, placeholder="ÅÅÅÅ")]
        fields += [
            FormField(
                "end",
                end_label,
                str(plan.end_year) if plan else "",
                placeholder=_("tomt: {years} år").format(years=PLAN_YEARS),
            ),
            FormField(
                "received",
                _("Mottatt"),
                formats.short_date(plan.received) if plan and plan.received else "",
                placeholder="DD.MM.ÅÅÅÅ",
            ),
            FormField("link", _("Lenke"), plan.link if plan else ""),
            FormField("note", _("Merknad"), plan.note if plan else ""),
        ]
        title = (
            _("{network}: plan {period}").format(network=network.name, period=plan.period)
            if plan
            else _("Ny lokal plan: {network}").format(network=network.name)
        )
        db, code = self.sekretariat.database, network.code

        def store(values: dict[str, str]) -> object:
            start = plan.start_year if plan else parse_year(values["start"], start_label)
            if start is None:
                raise ValueError(_("Skriv året planen begynner."))
            end = parse_year(values["end"], end_label) or start + PLAN_YEARS - 1
            received = values["received"].strip()
            save_local_plan(
                db,
                code,
                start,
                end,
                received=formats.parse_date(received) if received else None,
                link=values["link"],
                note=values["note"],
            )
            return start

        def stored(values: dict[str, str] | None) -> None:
            if values is not None:
                start = plan.start_year if plan else values["start"].strip()
                self.load(f"{code}:{start}")

        self.app.push_screen(StoreFormDialog(FormSpec(title, fields), store), stored)

    def action_add(self) -> None:
        marked = self._marked()
        if marked is not None:
            self._form(marked[0], None)

    def action_edit(self) -> None:
        marked = self._marked()
        if marked is None or marked[1] is None:
            self.show_error(_("Marker en plan for å endre den (n registrerer en ny)."))
            return
        self.show_error("")
        self._form(*marked)

    def action_remove(self) -> None:
        marked = self._marked()
        if marked is None or marked[1] is None:
            self.show_error(_("Marker planen som skal slettes."))
            return
        network, plan = marked
        self.show_error("")

        def answered(yes: bool | None) -> None:
            if yes:
                self.remove_plan(network.code, plan.start_year, f"{network.name} {plan.period}")

        self.app.push_screen(
            ConfirmDialog(
                _("Slette planen?"),
                _("Slette den lokale planen {period} for {network}?").format(
                    period=plan.period, network=network.name
                ),
            ),
            answered,
        )

    @work(
        thread=True,
        exclusive=True,
        group="local-plans",
        exit_on_error=False,
        description=_("slette planen"),
    )
    def remove_plan(self, code: str, start: int, what: str) -> None:
        # Not ``remove``: that is Textual's own (closing the dialog removes it).
        remove_local_plan(self.sekretariat.database, code, start)
        self.post_message(self.Removed(_("Planen {what} er slettet.").format(what=what)))

    @on(Removed)
    def _removed(self, message: Removed) -> None:
        self.show_note(message.text)
        self.load()
