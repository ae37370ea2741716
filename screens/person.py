"""A person's page (details, terms, offices, audit log) and the person editor."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.markup import escape
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Checkbox, Input, Select, Static
from textual.worker import get_current_worker

from screens.base import size_class
from screens.host import HostAccess
from sekretariat import formats
from sekretariat.domain.offices import slot_name
from sekretariat.domain.people import (
    PersonInput,
    PersonPage,
    add_person,
    person_page,
    regions,
    update_person,
)
from sekretariat.i18n import STANDARD_NAMES, ui_label
from sekretariat.i18n import ui as _
from sekretariat.storage.audit_log import change_parts, change_title
from widgets.app_header import AppHeader
from widgets.check import Check
from widgets.dialog import row
from widgets.key_footer import KeyFooter
from widgets.panel import Panel
from widgets.steady_keys import SteadyInput

from .rep_dialogs import RepDialog


class PersonEditor(RepDialog):
    """Add a person (``key`` None) or edit one; answers the person's key when saved."""

    HINT = _("Ctrl+S lagrer · Tab neste felt · Esc avbryter")

    def __init__(self, regions: list[tuple[str, str]], current: PersonInput | None = None) -> None:
        super().__init__(
            _("Ny person") if current is None else _("Rediger {name}").format(name=current.name)
        )
        self.regions = regions
        self.current = current or PersonInput(name="")
        self.is_new = current is None

    def compose_body(self) -> ComposeResult:
        c = self.current
        yield row(_("Navn"), SteadyInput(c.name, id="name", compact=True))
        yield row(_("E-post"), SteadyInput(c.email, id="email", compact=True))
        yield row(_("Telefon"), SteadyInput(c.phone, id="phone", compact=True))
        yield row(_("Tittel"), SteadyInput(c.title, id="title", compact=True))
        yield row(_("Organisasjon"), SteadyInput(c.organisation, id="organisation", compact=True))
        yield row(_("Kommune"), SteadyInput(c.municipality, id="municipality", compact=True))
        yield row(
            _("Nettverk"),
            Select(
                [(n, code) for code, n in self.regions],
                value=c.region or Select.NULL,
                prompt=_("(ingen)"),
                id="region",
                compact=True,
            ),
        )
        yield row(
            _("Roller"),
            Check(ui_label("owner"), "owner" in c.roles, id="role-owner", compact=True),
        )
        for role in ("authority", "coordinator"):
            yield row("", Check(ui_label(role), role in c.roles, id=f"role-{role}", compact=True))
        if self.is_new:
            yield Static(
                _("Nøkkelen lages av navnet (f.eks. «ande-coarvi»)."), classes="dialog-hint"
            )

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    def typed(self) -> PersonInput:
        """What the fields hold, as the core takes it."""
        roles = [
            r
            for r in ("owner", "authority", "coordinator")
            if self.query_one(f"#role-{r}", Checkbox).value
        ]
        return PersonInput(
            name=self.text("#name"),
            email=self.text("#email"),
            phone=self.text("#phone"),
            title=self.text("#title"),
            organisation=self.text("#organisation"),
            municipality=self.text("#municipality"),
            region=self.choice("#region"),
            roles=roles,
            note=self.current.note,
            version=self.current.version,
        )

    def save_on_quit(self) -> str | None:
        """The app is quitting or the terminal hung up: save what was typed, as Ctrl+S
        would; nothing when nothing was changed. The core's refusal of a bad field comes
        after the app has left, so such a form is lost as it would be on Ctrl+S."""
        if not self.is_mounted:
            return None
        data, opened = self.typed(), replace(self.current, key="")
        if replace(data, roles=sorted(data.roles)) != replace(opened, roles=sorted(opened.roles)):
            self.run_job(self.prepare_from(data))
        return None

    def prepare(self) -> Callable[[], Any] | None:
        return self.prepare_from(self.typed())

    def prepare_from(self, data: PersonInput) -> Callable[[], Any]:
        db = self.sekretariat.database
        if self.is_new:
            return lambda: add_person(db, data)
        key = self.current.key

        def save() -> str:
            update_person(db, key, data)
            return key

        return save


def page_text(page: PersonPage, today: dt.date) -> tuple[str, str, str, str]:
    """The four panels of a person page as markup: details, terms, offices, log."""
    p = page.person
    details = [f"[b]{escape(p.name)}[/b]" + (f", {escape(p.title)}" if p.title else "")]
    place = ", ".join(x for x in (p.organisation, p.municipality, p.region_name) if x)
    if place:
        details.append(escape(place))
    standard = STANDARD_NAMES[page.standard.lang]
    details.append(
        _("Målform: {standard} ({municipality})").format(
            standard=standard, municipality=escape(page.standard.municipality)
        )
        if page.standard.municipality
        else _("Målform: {standard} (forumets språk)").format(standard=standard)
    )
    contact = "  ".join(x for x in (p.email, p.phone) if x)
    if p.contact_cleared:
        cleared = _("Kontaktopplysninger slettet {date}").format(
            date=formats.short_date(p.contact_cleared)
        )
        details.append(f"[$foreground-muted]{cleared}[/]")
    elif contact:
        details.append(escape(contact))
    roles = p.roles_text
    roles = escape(roles) if roles else f"[$foreground-muted]{_('ingen')}[/]"
    details.append(
        _("Roller: {roles}").format(roles=roles) + f"  [$foreground-muted]({escape(p.key)})[/]"
    )

    if page.terms:
        terms = []
        for t in page.terms:
            running = t.start <= today <= t.end
            what = escape(t.seat_name + (f", {t.region_name}" if t.region_name else ""))
            line = f"{formats.short_date(t.start)}–{formats.short_date(t.end)}  {what}"
            if t.substitute:
                line += f" ({_('vara')})"
            if running:
                line = f"[b]{line}[/b]"
            if t.ended_reason:
                ended = _("avsluttet: {reason}").format(reason=escape(t.ended_reason))
                line += f" [$foreground-muted]– {ended}[/]"
            terms.append(line)
        terms_text = "\n".join(terms)
    else:
        terms_text = f"[$foreground-muted]{_('Ingen mandater.')}[/]"

    if page.offices:
        offices_text = "\n".join(
            f"{formats.short_date(o.start)}–{formats.short_date(o.end)}  "
            + (
                escape(ui_label(o.role))
                if o.role != "working_group"
                else _("Arbeidsgruppe ({slot})").format(slot=escape(slot_name(o.slot)))
            )
            for o in page.offices
        )
    else:
        offices_text = f"[$foreground-muted]{_('Ingen verv.')}[/]"

    log = []
    for a in page.audit:
        try:
            when = formats.moment(dt.datetime.fromisoformat(a.at))
        except ValueError:
            when = a.at[:16].replace("T", " ")
        text = change_title(a.entity, a.action, a.changes)
        line = f"{escape(when)}  {escape(text)} [$foreground-muted]({escape(a.user)})[/]"
        if a.action == "update":  # what it was and what it became
            detail = "; ".join(change_parts(a.entity, a.action, a.changes))
            line += f"\n  [$foreground-muted]{escape(detail)}[/]"
        log.append(line)
    nothing = _("Ingenting i endringsloggen.")
    log_text = "\n".join(log) if log else f"[$foreground-muted]{nothing}[/]"
    return "\n".join(details), terms_text, offices_text, log_text


class PersonScreen(HostAccess, Screen[None]):
    """One person: details, the history of terms and offices, and the audit log."""

    BINDINGS = [
        Binding("escape", "back", _("Tilbake"), tooltip=_("Tilbake til listen"), id="person.back"),
        Binding(
            "e",
            "edit",
            _("Rediger"),
            tooltip=_("Endre navn, kontaktopplysninger og roller"),
            id="person.edit",
        ),
    ]
    DEFAULT_CSS = """
    PersonScreen #person-body {
        height: 1fr;
        scrollbar-size-vertical: 1;
    }
    """

    class Loaded(Message):
        def __init__(self, page: PersonPage) -> None:
            self.page = page
            super().__init__()

    class RegionsRead(Message):
        """The networks, read to fill the person editor's choice."""

        def __init__(self, regions: list[tuple[str, str]]) -> None:
            self.regions = regions
            super().__init__()

    def __init__(self, key: str) -> None:
        super().__init__(id="screen-person")
        self.key = key
        self.page: PersonPage | None = None

    def compose(self) -> ComposeResult:
        self.add_class(size_class(self))
        yield AppHeader()
        with VerticalScroll(id="person-body"):
            yield Panel(_("Person"), id="person-details")
            yield Panel(_("Mandater"), id="person-terms")
            yield Panel(_("Verv"), id="person-offices")
            yield Panel(_("Endringslogg"), id="person-log")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.load()

    @work(
        thread=True,
        exclusive=True,
        group="person",
        exit_on_error=False,
        description=_("lese personen"),
    )
    def load(self) -> None:
        page = person_page(self.sekretariat.database, self.key)
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(page))

    @on(Loaded)
    def show(self, message: Loaded) -> None:
        self.page = message.page
        details, terms, offices, log = page_text(message.page, self.sekretariat.today)
        self.query_one("#person-details", Panel).update(details)
        self.query_one("#person-terms", Panel).update(terms)
        self.query_one("#person-offices", Panel).update(offices)
        self.query_one("#person-log", Panel).update(log)

    def action_back(self) -> None:
        self.dismiss(None)

    def action_edit(self) -> None:
        if self.page is not None:
            self.read_regions()

    @work(
        thread=True,
        exclusive=True,
        group="person-regions",
        exit_on_error=False,
        description=_("lese nettverkene"),
    )
    def read_regions(self) -> None:
        found = [(code, name) for code, name, _ in regions(self.sekretariat.database)]
        self.post_message(self.RegionsRead(found))

    @on(RegionsRead)
    def _edit(self, message: RegionsRead) -> None:
        if self.page is not None:
            self.app.push_screen(
                PersonEditor(message.regions, self.page.person.as_input()), self._edited
            )

    def _edited(self, key: str | None) -> None:
        if key:
            self.notify(_("Personen er lagret."))
            self.load()
