"""The allocation screen (tildeling): run the model, adjust, save, compare and adopt.

A run is either *computed* (not saved: change the budget and compute again) or a *saved*
run (a proposal that can be adjusted with a reason, or an adopted one, frozen). The
bottom line always proves the sum: common + allocated + unallocated = budget.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.markup import escape
from textual.message import Message
from textual.widgets import Input, Label, Static

from sekretariat.domain import allocation_runs, grant_decisions, letter_template, overview
from sekretariat.domain.allocation import allocated_by_sector, sector_warnings
from sekretariat.domain.allocation_runs import Difference, RunLine, StoredRun
from sekretariat.domain.cycle import allocation_year
from sekretariat.errors import UserError
from sekretariat.formats import (
    decimal,
    kroner,
    parse_date,
    parse_kroner,
    share,
    short_date,
    thousands,
)
from sekretariat.i18n import app_language, ui_label
from sekretariat.i18n import ui as _
from widgets.dialog import ChoiceDialog, FormDialog, FormField, FormSpec
from widgets.steady_keys import SteadyInput
from widgets.table import Table

from .allocation_dialogs import (
    AdjustDialog,
    Adjustment,
    LongFormDialog,
    PathDialog,
    YearMoneyDialog,
)
from .base import AreaScreen

#: The formats a grant letter is written in (``documents.grant_letters.LETTER_FORMATS``;
#: named here so the area is built without loading the document writers).
LETTER_FORMATS = (("DOCX", "docx"), ("PDF", "pdf"), ("Markdown", "md"))

BARS = " ▏▎▍▌▋▊▉█"
FLAG_SHORT = {
    "missing_report": _("ingen melding"),
    "must_adjust": _("må justere"),
    "network_capped": _("nettv.>40 %"),
}


#: From this width on the allocation table also shows the FTE key (Årsverk, Andel,
#: Nøkkel, Utjevning) beside whole network names.
WIDE_ENOUGH_FOR_KEY = 110


@dataclass
class View:
    """What the table shows: the lines and the money around them."""

    year: int
    scheme_code: str
    scheme_name: str
    budget: int
    common: int
    lines: list[RunLine]
    run: StoredRun | None = None
    #: The amount for common measures typed for a computed run (None: the whole cap).
    common_set: int | None = None
    #: Where the recorded grant decision differs from this (adopted) run: code → amount.
    decided: dict[str, int] = field(default_factory=dict)

    @property
    def allocated(self) -> int:
        return sum(line.allocated for line in self.lines)

    @property
    def unallocated(self) -> int:
        return self.budget - self.common - self.allocated


def bar(value: int, largest: int, width: int) -> str:
    """A horizontal bar in eighths of a cell, readable without colour."""
    if largest <= 0 or value <= 0:
        return ""
    eighths = max(1, round(value * width * 8 / largest))
    return "█" * (eighths // 8) + (BARS[eighths % 8] if eighths % 8 else "")


def chart_text(view: View, width: int = 40) -> str:
    """Allocated per network as bars, the network/UH split beside each."""
    largest = max((line.allocated for line in view.lines), default=0)
    name_w = min(max((len(line.name) for line in view.lines), default=8), 22)
    rows = []
    for line in view.lines:
        name = escape(line.name[:name_w].ljust(name_w))
        rows.append(
            f"{name} {bar(line.allocated, largest, width):<{width}} {thousands(line.allocated):>11}"
        )
    rows.append("")
    rows.append(f"{_('Fellestiltak').ljust(name_w)} {'':<{width}} {thousands(view.common):>11}")
    return "\n".join(rows)


def totals_text(view: View) -> str:
    ok = view.common + view.allocated + view.unallocated == view.budget
    check = "✓" if ok and view.unallocated >= 0 else "✗"
    return _(
        "Felles {common} + fordelt {allocated} + ufordelt {unallocated} = {budget} kr {check}"
    ).format(
        common=thousands(view.common),
        allocated=thousands(view.allocated),
        unallocated=thousands(view.unallocated),
        budget=thousands(view.budget),
        check=check,
    )


class AllocationScreen(AreaScreen):
    """Compute the year's allocation, then save, adjust, compare and adopt it."""

    MODE = "allocation"
    AUTO_FOCUS = "#alloc-table"
    DEFAULT_CSS = """
    #alloc-controls { height: 1; padding: 0 1; }
    #alloc-controls Label { width: auto; margin-right: 1; }
    #alloc-budget { width: 16; margin-right: 2; }
    #alloc-common { width: 14; margin-right: 2; }
    #alloc-scheme {
        width: 1fr; color: $text-muted; text-wrap: nowrap; text-overflow: ellipsis;
    }
    #alloc-table { height: 1fr; }
    #alloc-chart { height: 1fr; padding: 0 1; display: none; }
    #alloc-totals { height: auto; padding: 0 1; background: $boost; }
    #alloc-status {
        height: auto; max-height: 2; padding: 0 1; color: $text-muted;
        text-wrap: nowrap; text-overflow: ellipsis;
    }
    #alloc-warnings { height: auto; max-height: 3; padding: 0 1; color: $text-warning; }
    AllocationScreen.-chart #alloc-table { display: none; }
    AllocationScreen.-chart #alloc-chart { display: block; }
    """
    BINDINGS = [
        Binding(
            "b",
            "budget",
            _("Budsjett"),
            tooltip=_("Skriv årets budsjett"),
            id="allocation.budget",
        ),
        Binding(
            "f",
            "common",
            _("Fellestiltak"),
            show=False,
            tooltip=_("Sett beløpet til fellestiltak, inntil taket (tomt: hele taket)"),
            id="allocation.common",
        ),
        Binding(
            "r",
            "compute",
            _("Beregn"),
            tooltip=_("Beregn tildelingen på nytt"),
            id="allocation.compute",
        ),
        Binding(
            "l",
            "save",
            _("Lagre"),
            tooltip=_("Lagre beregningen som forslag"),
            id="allocation.save",
        ),
        Binding(
            "j",
            "adjust",
            _("Juster"),
            tooltip=_("Endre beløpet til valgt nettverk, med begrunnelse"),
            id="allocation.adjust",
        ),
        Binding(
            "k", "runs", _("Kjøringer"), tooltip=_("Åpne en lagret kjøring"), id="allocation.runs"
        ),
        Binding(
            "s",
            "compare",
            _("Sammenlign"),
            tooltip=_("Sammenlign med en annen kjøring eller fjoråret"),
            id="allocation.compare",
        ),
        Binding(
            "v",
            "adopt",
            _("Vedta"),
            tooltip=_("Vedta forslaget i saken til et møte som er holdt (fryses)"),
            id="allocation.adopt",
        ),
        Binding(
            "t",
            "present",
            _("Legg fram"),
            tooltip=_("Legg forslaget fram i en vedtakssak (vises i innkallingen)"),
            id="allocation.present",
        ),
        Binding(
            "g",
            "chart",
            _("Graf"),
            show=False,
            tooltip=_("Vis tildelingen som søylediagram"),
            id="allocation.chart",
        ),
        Binding(
            "e",
            "export",
            _("Eksporter"),
            tooltip=_("Skriv kjøringen til XLSX eller CSV"),
            id="allocation.export",
        ),
        Binding(
            "d",
            "decision",
            _("Vedtak"),
            tooltip=_("Registrer eller rett vedtaket om årets tilskudd"),
            id="allocation.decision",
        ),
        Binding(
            "w",
            "letters",
            _("Tilskuddsbrev"),
            show=False,
            tooltip=_("Skriv tilskuddsbrevene, ett per vertskommune, til en mappe"),
            id="allocation.letters",
        ),
        Binding(
            "m",
            "letter_template",
            _("Brevmal"),
            show=False,
            tooltip=_("Rediger malen for tilskuddsbrevene"),
            id="allocation.letter_template",
        ),
        Binding(
            "escape",
            "leave_field",
            _("Til tabellen"),
            show=False,
            tooltip=_("Gå fra budsjettfeltet til tabellen (tallene bytter område derfra)"),
            id="allocation.leave_field",
        ),
        Binding("minus", "year(-1)", _("Forrige år"), show=False, id="allocation.year_back"),
        Binding("plus", "year(1)", _("Neste år"), show=False, id="allocation.year_next"),
        Binding(
            "o",
            "scheme",
            _("Ordning"),
            show=False,
            tooltip=_("Velg ordning"),
            id="allocation.scheme",
        ),
        Binding(
            "p",
            "money",
            _("Restmidler"),
            show=False,
            tooltip=_("Vis søkt, tildelt, brukt og rest per nettverk for året før"),
            id="allocation.money",
        ),
        Binding(
            "x",
            "delete",
            _("Slett kjøring"),
            show=False,
            tooltip=_("Slett et lagret forslag"),
            id="allocation.delete",
        ),
    ]

    class Shown(Message):
        def __init__(self, view: View, status: str, warnings: list[str] | None = None) -> None:
            self.view = view
            self.status = status
            #: The 35/35 guidance on what is allocated, and the schemes against the grant.
            self.warnings = warnings or []
            super().__init__()

    class Compared(Message):
        def __init__(self, title: str, rows: list[Difference]) -> None:
            self.title = title
            self.rows = rows
            super().__init__()

    class Done(Message):
        """Something was written (a file, a saved run): say so (and read the year again)."""

        def __init__(self, text: str, *, reload: bool = False) -> None:
            self.text = text
            self.reload = reload
            super().__init__()

    class Empty(Message):
        """The year has no saved run of the scheme (named ``scheme_name``)."""

        def __init__(self, scheme_name: str, budget: int | None = None) -> None:
            self.scheme_name = scheme_name
            #: The scheme's budget for the year as recorded, offered in the budget field.
            self.budget = budget
            super().__init__()

    class Choices(Message):
        """What to choose from (runs, decision items, schemes), read for a ``ChoiceDialog``;
        ``then`` gets the value chosen."""

        def __init__(
            self,
            title: str,
            choices: list[tuple[str, str]],
            empty: str,
            then: Callable[[str | None], object],
        ) -> None:
            self.title, self.choices, self.empty, self.then = title, choices, empty, then
            super().__init__()

    class Form(Message):
        """A form read from the database, to open: ``store`` makes the change."""

        def __init__(
            self,
            spec: FormSpec,
            store: Callable[[dict[str, str]], object],
            said: str,
        ) -> None:
            self.spec, self.store, self.said = spec, store, said
            super().__init__()

    def __init__(self) -> None:
        super().__init__()
        self.year = 0
        self.scheme_code: str | None = None
        self.view: View | None = None
        self.comparing = False
        #: The database's change mark when ``start`` last read, and whether what is shown
        #: is still what it showed (the year's newest run, or none): then a later visit
        #: reads again if anything was written meanwhile, by anyone.
        self._mark: int | None = None
        self._newest = False

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="alloc-controls"):
            yield Label(_("Budsjett:"))
            yield SteadyInput(placeholder=_("kroner"), id="alloc-budget", compact=True)
            yield Label(_("Fellestiltak:"))
            yield SteadyInput(placeholder=_("hele taket"), id="alloc-common", compact=True)
            yield Static("", id="alloc-scheme")
        table = Table(id="alloc-table", zebra_stripes=True)
        yield table
        with VerticalScroll(id="alloc-chart"):
            yield Static("", id="alloc-chart-text")
        yield Static("", id="alloc-totals")
        warnings = Static("", id="alloc-warnings", markup=False)
        warnings.display = False
        yield warnings
        yield Static("", id="alloc-status")

    def on_mount(self) -> None:
        today = self.sekretariat.today
        self.year = allocation_year(today)
        self._heading()
        self.query_one("#alloc-status", Static).update(
            _(
                "Skriv budsjettet (b) og trykk Enter for å beregne, eller åpne en lagret kjøring (k)."
            )
        )
        self.start()

    def on_screen_resume(self) -> None:
        if self._newest and self._mark is not None and not self.comparing:
            self.read_again_if_changed(self._mark)

    def read_again(self) -> None:
        self.start()

    # -- loading ------------------------------------------------------------------
    def _heading(self) -> None:
        self.query_one("#heading-info", Static).update(
            _("År {year}  (−/+ bytter år)").format(year=self.year)
        )

    @work(
        thread=True,
        exclusive=True,
        group="alloc",
        exit_on_error=False,
        description=_("lese tildelingene"),
    )
    def start(self) -> None:
        """Show the newest saved run of the year if there is one."""
        self._mark = self.sekretariat.database.change_mark()
        self._newest = True
        found = allocation_runs.schemes(self.sekretariat.database)
        if self.scheme_code is None and found:
            self.scheme_code = found[0][0]
        run = allocation_runs.newest_run(self.sekretariat.database, self.year, self.scheme_code)
        if run is not None:
            self._show_run(run)
        else:
            budget = allocation_runs.recorded_budget(
                self.sekretariat.database, self.year, self.scheme_code
            )
            self.post_message(self.Empty(dict(found).get(self.scheme_code or "", ""), budget))

    @on(Empty)
    def _empty(self, message: Empty) -> None:
        self.view = None
        self.query_one("#alloc-scheme", Static).update(
            escape(_("Ordning: {name}").format(name=message.scheme_name))
            if message.scheme_name
            else _("Ordning: ingen ennå")
        )
        table = self.query_one("#alloc-table", Table)
        table.clear(columns=True)
        self.query_one("#alloc-totals", Static).update("")
        todo = _("Skriv budsjettet (b) og trykk Enter.")
        field = self.query_one("#alloc-budget", Input)
        if message.budget is not None and message.scheme_name and not field.has_focus:
            field.value = thousands(message.budget)
            todo = _("Budsjettet er det registrerte; trykk r for å beregne.")
        self.query_one("#alloc-status", Static).update(
            _("Ingen lagrede kjøringer for {year}.").format(year=self.year) + " " + todo
            if message.scheme_name
            else _(
                "Forumet har ingen tildelingsordning ennå. Legg den til under Innstillinger "
                "(9), Oppsett (F5)."
            )
        )

    def _show_run(self, run: StoredRun) -> None:
        """Post the run as the view (called in the workers: it reads the scheme names)."""
        names = dict(allocation_runs.schemes(self.sekretariat.database))
        view = View(
            run.year,
            run.scheme_code,
            names.get(run.scheme_code, run.scheme_code),
            run.budget,
            run.common,
            run.lines,
            run,
        )
        # An adopted run is history: its guidance was judged when it was adopted.
        warnings = (
            [] if run.frozen else allocation_runs.run_warnings(self.sekretariat.database, run)
        )
        fields = {
            "key": run.key,
            "status": ui_label(run.status).lower(),
            "item": run.adopted_item,
            "date": short_date(run.created),
            "who": run.created_by,
        }
        status = (
            _("Kjøring {key} (vedtatt i {item}), lagret {date} av {who}.")
            if run.adopted_item
            else _("Kjøring {key} ({status}), lagret {date} av {who}.")
        ).format(**fields)
        if run.frozen:
            status += "\n" + self._decision_status(run, view)
        self.post_message(self.Shown(view, status, warnings))

    def _decision_status(self, run: StoredRun, view: View) -> str:
        """The state's decision on an adopted run, in a line (called in the workers); the
        networks it decided otherwise go into ``view.decided``."""
        decision = grant_decisions.load_decision(
            self.sekretariat.database, run.year, run.scheme_code
        )
        if decision is None:
            return _("Vedtak om tilskudd er ikke registrert ennå (d).")
        view.decided = {line.code: line.allocated for line in decision.changes}
        reference = f", ref {decision.reference}" if decision.reference else ""
        changed = len(decision.changes)
        return (
            _("Vedtatt av {who} {date}{reference}; {count} nettverk endret.")
            if changed
            else _("Vedtatt av {who} {date}{reference}.")
        ).format(
            who=decision.decided_by,
            date=short_date(decision.decided),
            reference=reference,
            count=changed,
        )

    @work(
        thread=True,
        exclusive=True,
        group="alloc",
        exit_on_error=False,
        description=_("beregne tildelingen"),
    )
    def compute(self, budget: int, common: int | None = None) -> None:
        self._newest = False
        db = self.sekretariat.database
        result, scheme, names = allocation_runs.run_for_year(
            db, self.year, budget, self.scheme_code, common=common
        )
        view = View(
            self.year,
            scheme.code,
            scheme.name or scheme.code,
            budget,
            result.common,
            allocation_runs.result_lines(result, names),
            common_set=common,
        )
        warnings = sector_warnings(
            allocated_by_sector(result), scheme.kindergarten_min_bp, scheme.school_min_bp, names
        )
        self.post_message(
            self.Shown(
                view,
                _("Beregnet, ikke lagret. Trykk l for å lagre som forslag."),
                warnings + allocation_runs.grant_problems(db, self.year),
            )
        )

    @on(Shown)
    def shown(self, message: Shown) -> None:
        self._heading()  # opening a run may have moved to its year
        self.view = message.view
        self.comparing = False
        budget = self.query_one("#alloc-budget", Input)
        if not budget.has_focus:
            budget.value = thousands(message.view.budget)
        self.query_one("#alloc-scheme", Static).update(
            escape(_("Ordning: {name}").format(name=message.view.scheme_name))
        )
        self._fill(message.view)
        self.query_one("#alloc-status", Static).update(escape(message.status))
        warnings = self.query_one("#alloc-warnings", Static)
        warnings.update("\n".join(_("Merk: {warning}").format(warning=w) for w in message.warnings))
        warnings.display = bool(message.warnings)
        self.query_one("#alloc-chart-text", Static).update(chart_text(message.view))

    def _fill(self, view: View) -> None:
        table = self.query_one("#alloc-table", Table)
        table.clear(columns=True)
        # Amounts right-aligned and never cut; the name takes what is left (cut with «…»).
        # The FTE key's four columns only where they fit beside whole names (they are in
        # the CSV and XLSX tables at any width).
        key_columns = self.app.size.width >= WIDE_ENOUGH_FOR_KEY
        table.add_column(_("Nettverk"), flex=True)
        for title in (_("Tildelt"), _("Søkt"), _("Nettverk"), _("UH")):
            table.add_column(title, justify="right")
        table.add_column(_("Merknader"))
        if key_columns:
            for title in (_("Årsverk"), _("Andel"), _("Nøkkel"), _("Utjevning")):
                table.add_column(title, justify="right")
        total_fte = sum(line.centi_fte for line in view.lines) or 1
        for line in view.lines:
            flags = ", ".join(FLAG_SHORT.get(f, ui_label(f)) for f in line.flags)
            if line.adjustment:
                flags = (flags + ", " if flags else "") + _("justert")
            if line.code in view.decided:
                flags = _("vedtatt {amount}").format(amount=thousands(view.decided[line.code])) + (
                    ", " + flags if flags else ""
                )
            table.add_row(
                line.name,
                thousands(line.allocated),
                thousands(line.requested) if "missing_report" not in line.flags else "–",
                thousands(line.network),
                thousands(line.uh),
                flags,
                *(
                    (
                        decimal(line.centi_fte / 100),
                        share(line.centi_fte, total_fte),
                        thousands(line.key),
                        thousands(line.equalization),
                    )
                    if key_columns
                    else ()
                ),
                key=line.code,
            )
        table.add_row(
            _("Sum"),
            thousands(view.allocated),
            thousands(sum(line.requested for line in view.lines)),
            thousands(sum(line.network for line in view.lines)),
            thousands(sum(line.uh for line in view.lines)),
            "",
            *(
                (
                    "",
                    "",
                    thousands(sum(line.key for line in view.lines)),
                    thousands(sum(line.equalization for line in view.lines)),
                )
                if key_columns
                else ()
            ),
            key="__sum__",
        )
        self.query_one("#alloc-totals", Static).update(totals_text(view))

    # -- actions ------------------------------------------------------------------
    def action_budget(self) -> None:
        self.query_one("#alloc-budget", Input).focus()

    def action_common(self) -> None:
        self.query_one("#alloc-common", Input).focus()

    def _common(self) -> tuple[bool, int | None]:
        """The common-measures amount typed (None: the whole cap); False when unreadable."""
        text = self.query_one("#alloc-common", Input).value
        if not text.strip():
            return True, None
        try:
            return True, parse_kroner(text, _("Fellestiltakene"))
        except ValueError as exc:
            self.notify(str(exc), severity="error")
            return False, None

    def action_leave_field(self) -> None:
        """Esc in the budget or common-measures field: back to the table, the field as the
        shown run has it (what was typed and not entered is dropped)."""
        focused = self.focused
        if not isinstance(focused, Input):
            return
        if focused.id == "alloc-budget":
            focused.value = thousands(self.view.budget) if self.view is not None else ""
        self.query_one("#alloc-table", Table).focus()

    @on(Input.Submitted, "#alloc-budget")
    def budget_entered(self) -> None:
        self.action_compute()

    @on(Input.Submitted, "#alloc-common")
    def common_entered(self) -> None:
        self.action_compute()

    def action_compute(self) -> None:
        amount = self._budget()
        if amount is None:
            return
        ok, common = self._common()
        if ok:
            self.query_one("#alloc-table", Table).focus()
            self.compute(amount, common)

    def _budget(self) -> int | None:
        """The budget typed, whole kroner above 0; else None, with the reason said."""
        field = self.query_one("#alloc-budget", Input)
        if not field.value.strip():
            # The field has the focus now: a «b» pressed as told would be typed into it.
            self.notify(_("Skriv budsjettet i feltet først, og trykk Enter."), severity="warning")
            field.focus()
            return None
        try:
            amount = parse_kroner(field.value, _("Budsjettet"))
        except ValueError as exc:
            self.notify(str(exc), severity="error")
            return None
        if not amount:
            self.notify(_("Budsjettet må være større enn 0 kr."), severity="error")
            return None
        return amount

    def action_year(self, step: int) -> None:
        self.year += step
        self._heading()
        self.start()

    def action_chart(self) -> None:
        self.toggle_class("-chart")

    def action_money(self) -> None:
        self.app.push_screen(YearMoneyDialog(self.year - 1))

    def _selected_line(self) -> RunLine | None:
        if self.view is None:
            return None
        table = self.query_one("#alloc-table", Table)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((line for line in self.view.lines if line.code == key), None)

    def action_save(self) -> None:
        if self.view is None:
            self.notify(_("Beregn tildelingen først (b, Enter)."), severity="warning")
        elif self.view.run is not None:
            self.notify(_("Kjøringen er allerede lagret som {key}.").format(key=self.view.run.key))
        else:
            self.save(self.view.budget, self.view.common_set)

    @work(
        thread=True,
        exclusive=True,
        group="alloc",
        exit_on_error=False,
        description=_("lagre forslaget"),
    )
    def save(self, budget: int, common: int | None = None) -> None:
        db = self.sekretariat.database
        result, scheme, _names = allocation_runs.run_for_year(
            db, self.year, budget, self.scheme_code, common=common
        )
        key = allocation_runs.save_run(db, self.year, result, scheme)
        self._show_run(allocation_runs.load_run(db, key))
        self.post_message(self.Done(_("Lagret som forslag {key}.").format(key=key)))

    def action_adjust(self) -> None:
        if self.view is None or self.view.run is None:
            self.notify(
                _("Lagre forslaget først (l); bare et lagret forslag kan justeres."),
                severity="warning",
            )
            return
        if self.view.run.frozen:
            self.notify(
                _("Kjøringen {key} er vedtatt og kan ikke endres.").format(key=self.view.run.key),
                severity="warning",
            )
            return
        line = self._selected_line()
        if line is None:
            self.notify(_("Velg et nettverk i tabellen."), severity="warning")
            return
        run_key = self.view.run.key

        def done(answer: Adjustment | None) -> None:
            if answer is not None:
                self.adjust(run_key, line.code, answer)

        self.app.push_screen(AdjustDialog(line.name, line.allocated, self.view.unallocated), done)

    @work(
        thread=True,
        exclusive=True,
        group="alloc",
        exit_on_error=False,
        description=_("justere tildelingen"),
    )
    def adjust(self, run_key: str, code: str, answer: Adjustment) -> None:
        run = allocation_runs.adjust(
            self.sekretariat.database, run_key, code, answer.amount, answer.reason
        )
        self._show_run(run)
        self.post_message(
            self.Done(
                _("Justert. Ikke fordelt nå: {amount}.").format(amount=kroner(run.unallocated))
            )
        )

    def action_runs(self) -> None:
        self.pick_run(_("Åpne en lagret kjøring"), self._open_run, include_last_year=False)

    @work(
        thread=True,
        exclusive=True,
        group="alloc",
        exit_on_error=False,
        description=_("lese kjøringene"),
    )
    def pick_run(
        self, title: str, then: Callable[[str | None], object], include_last_year: bool
    ) -> None:
        runs = allocation_runs.run_summaries(self.sekretariat.database)  # without the lines
        choices = [
            (
                f"{r.key}  {ui_label(r.status).lower():<9} {kroner(r.budget):>16}  "
                f"{short_date(r.created)}",
                r.key,
            )
            for r in runs
        ]
        if include_last_year:
            last_year = _("Fjorårets vedtatte tildeling ({year})").format(year=self.year - 1)
            choices.insert(0, (last_year, "__last_year__"))
        self.post_message(self.Choices(title, choices, _("Ingen lagrede kjøringer ennå."), then))

    @on(Choices)
    def choose(self, message: Choices) -> None:
        self.app.push_screen(
            ChoiceDialog(message.title, message.choices, empty=message.empty), message.then
        )

    def _open_run(self, key: str | None) -> None:
        if key:
            self.open_run(key)

    @work(
        thread=True,
        exclusive=True,
        group="alloc",
        exit_on_error=False,
        description=_("åpne kjøringen"),
    )
    def open_run(self, key: str) -> None:
        self._newest = False
        run = allocation_runs.load_run(self.sekretariat.database, key)
        self.year = run.year
        self.scheme_code = run.scheme_code
        self._show_run(run)

    def action_compare(self) -> None:
        if self.view is None:
            self.notify(_("Beregn eller åpne en kjøring først."), severity="warning")
            return
        if self.comparing:
            self.comparing = False
            self._fill(self.view)
            return
        self.pick_run(_("Sammenlign med …"), self._compare_with, include_last_year=True)

    def _compare_with(self, key: str | None) -> None:
        if key and self.view is not None:
            self.compare(key, self.view)

    @work(
        thread=True,
        exclusive=True,
        group="alloc",
        exit_on_error=False,
        description=_("sammenligne kjøringene"),
    )
    def compare(self, key: str, view: View) -> None:
        db = self.sekretariat.database
        if key == "__last_year__":
            other = allocation_runs.previous_adopted(db, view.year, view.scheme_code)
            if other is None:
                raise UserError(
                    _("Det finnes ingen vedtatt tildeling for {year}.").format(year=view.year - 1)
                )
        else:
            other = allocation_runs.load_run(db, key)
        names = {line.code: line.name for line in [*view.lines, *other.lines]}
        current = view.run or _as_run(view)
        rows = allocation_runs.compare(other, current, names)
        self.post_message(
            self.Compared(f"{other.key} → {_('denne') if view.run is None else view.run.key}", rows)
        )

    @on(Compared)
    def compared(self, message: Compared) -> None:
        self.comparing = True
        table = self.query_one("#alloc-table", Table)
        table.clear(columns=True)
        table.add_column(_("Nettverk"), flex=True)
        for title in (_("Før"), _("Nå"), _("Endring")):
            table.add_column(title, justify="right")
        for d in message.rows:
            sign = "+" if d.change > 0 else ""
            table.add_row(
                d.name,
                thousands(d.before),
                thousands(d.after),
                f"{sign}{thousands(d.change)}" if d.change else "0",
                key=d.code,
            )
        before = sum(d.before for d in message.rows)
        after = sum(d.after for d in message.rows)
        table.add_row(
            _("Sum"), thousands(before), thousands(after), thousands(after - before), key="__sum__"
        )
        self.query_one("#alloc-status", Static).update(
            escape(
                _("Sammenligning {title}. Trykk s for å gå tilbake.").format(title=message.title)
            )
        )

    def action_adopt(self) -> None:
        if self.view is None or self.view.run is None:
            self.notify(
                _("Lagre forslaget først (l); bare et lagret forslag kan vedtas."),
                severity="warning",
            )
            return
        if self.view.run.frozen:
            self.notify(self._already_adopted(self.view.run))
            return
        self.pick_item(self.view.run.key, self.view.year)

    @staticmethod
    def _already_adopted(run: StoredRun) -> str:
        return _("Kjøringen er allerede vedtatt i {item}.").format(item=run.adopted_item)

    def action_present(self) -> None:
        if self.view is None or self.view.run is None:
            self.notify(
                _("Lagre forslaget først (l), så kan det legges fram i en sak."),
                severity="warning",
            )
            return
        if self.view.run.frozen:
            self.notify(self._already_adopted(self.view.run))
            return
        self.pick_item(self.view.run.key, self.view.year, adopt=False)

    @work(
        thread=True,
        exclusive=True,
        group="alloc",
        exit_on_error=False,
        description=_("legge fram forslaget"),
    )
    def present(self, run_key: str, item_id: int) -> None:
        run = allocation_runs.link(self.sekretariat.database, run_key, item_id)
        self._show_run(run)
        self.post_message(
            self.Done(
                _("{key} legges fram i {item}; tabellen kommer med i innkallingen.").format(
                    key=run_key, item=run.adopted_item
                )
            )
        )

    @work(
        thread=True,
        exclusive=True,
        group="alloc",
        exit_on_error=False,
        description=_("finne vedtakssakene"),
    )
    def pick_item(self, run_key: str, year: int, adopt: bool = True) -> None:
        today = self.sekretariat.today
        items = allocation_runs.decision_items(
            self.sekretariat.database, year, held_by=today if adopt else None
        )

        def chosen(item: str | None) -> None:
            if item and adopt:
                self.adopt(run_key, int(item))
            elif item:
                self.present(run_key, int(item))

        self.post_message(
            self.Choices(
                (
                    _("Vedta {key} i vedtakssak") if adopt else _("Legg fram {key} i vedtakssak")
                ).format(key=run_key),
                [(text, str(i)) for i, text in items],
                (
                    _(
                        "Ingen vedtakssak i et møte som er holdt ({first}–{year}) og ikke har "
                        "godkjent protokoll. Legg forslaget fram i saken med t før møtet, og "
                        "vedta det med v når møtet er holdt."
                    )
                    if adopt
                    else _(
                        "Ingen åpen vedtakssak i møtene {first}–{year}. Legg til en "
                        "vedtakssak i et møte under Møter (4) først."
                    )
                ).format(first=year - 1, year=year),
                chosen,
            )
        )

    @work(
        thread=True,
        exclusive=True,
        group="alloc",
        exit_on_error=False,
        description=_("vedta tildelingen"),
    )
    def adopt(self, run_key: str, item_id: int) -> None:
        run = allocation_runs.adopt(
            self.sekretariat.database, run_key, item_id, today=self.sekretariat.today
        )
        self._show_run(run)
        self.post_message(self.Done(_("{key} er vedtatt og låst.").format(key=run_key)))

    def action_export(self) -> None:
        if self.view is None or self.view.run is None:
            self.notify(_("Lagre kjøringen først (l), så kan den eksporteres."), severity="warning")
            return
        key = self.view.run.key

        def chosen(path: str | None) -> None:
            if path:
                self.export(key, path)

        self.app.push_screen(
            PathDialog(_("Eksporter {key}").format(key=key), f"tildeling-{key}.xlsx"), chosen
        )

    @work(
        thread=True,
        exclusive=True,
        group="alloc",
        exit_on_error=False,
        description=_("skrive filen"),
    )
    def export(self, key: str, path: str) -> None:
        # The table writer brings openpyxl and the document writers (0.6 s): loaded here,
        # in the worker, not when the area is built.
        from sekretariat.documents.allocation_tables import write_run

        db = self.sekretariat.database
        run = allocation_runs.load_run(db, key)
        target = write_run(run, Path(path), overview.forum_name(db), mode=db.file_mode())
        self.post_message(self.Done(_("Skrev {path}.").format(path=target)))

    def action_scheme(self) -> None:
        self.pick_scheme()

    @work(
        thread=True,
        exclusive=True,
        group="alloc",
        exit_on_error=False,
        description=_("lese ordningene"),
    )
    def pick_scheme(self) -> None:
        found = allocation_runs.schemes(self.sekretariat.database)

        def chosen(code: str | None) -> None:
            if code:
                self.scheme_code = code
                self.start()

        choices = [(name, code) for code, name in found]
        self.post_message(self.Choices(_("Velg ordning"), choices, _("Ingen ordninger."), chosen))

    def action_delete(self) -> None:
        if self.view is None or self.view.run is None:
            self.notify(_("Åpne en lagret kjøring først (k)."), severity="warning")
            return
        self.delete(self.view.run.key)

    @work(
        thread=True,
        exclusive=True,
        group="alloc",
        exit_on_error=False,
        description=_("slette kjøringen"),
    )
    def delete(self, key: str) -> None:
        allocation_runs.delete_run(self.sekretariat.database, key)
        self.post_message(self.Done(_("Slettet {key}.").format(key=key), reload=True))

    # -- the decision and the letters -------------------------------------------------
    def action_decision(self) -> None:
        self.decision_form(self.year, self.scheme_code)

    @work(
        thread=True,
        exclusive=True,
        group="alloc",
        exit_on_error=False,
        description=_("lese vedtaket om tilskudd"),
    )
    def decision_form(self, year: int, scheme_code: str | None) -> None:
        db = self.sekretariat.database
        decision = grant_decisions.load_decision(db, year, scheme_code)
        if decision is not None:
            lines = decision.lines
            advice = decision.advice or decision.run_key
            head = [
                FormField("decided_by", _("Vedtatt av"), decision.decided_by),
                FormField("decided", _("Vedtaksdato"), short_date(decision.decided)),
                FormField("reference", _("Referanse"), decision.reference),
            ]
        else:
            advice, lines = grant_decisions.as_advised(db, year, scheme_code)
            head = [
                FormField("decided_by", _("Vedtatt av"), placeholder=_("Statsforvalteren i …")),
                FormField("decided", _("Vedtaksdato"), short_date(self.sekretariat.today)),
                FormField("reference", _("Referanse"), placeholder=_("saks- eller arkivnummer")),
            ]
        fields = list(head)
        for line in lines:
            fields.append(
                FormField(f"amount-{line.code}", line.name[:18], thousands(line.allocated))
            )
            fields.append(
                FormField(
                    f"reason-{line.code}",
                    "  " + _("begrunnelse"),
                    line.reason,
                    placeholder=_("innstilt {amount}; begrunn en endring").format(
                        amount=thousands(line.advised)
                    ),
                )
            )
        names = {line.code: line.name for line in lines}
        correct = decision is not None

        def store(values: dict[str, str]) -> None:
            amounts = {
                code: (
                    parse_kroner(
                        values[f"amount-{code}"], _("Beløpet for {name}").format(name=name)
                    ),
                    values[f"reason-{code}"],
                )
                for code, name in names.items()
            }
            grant_decisions.record_decision(
                db,
                year,
                scheme_code,
                decided_by=values["decided_by"],
                decided=parse_date(values["decided"]),
                reference=values["reference"],
                amounts=amounts,
                correct=correct,
            )

        title = (
            _("Rett vedtaket om tilskudd {year}") if correct else _("Vedtak om tilskudd {year}")
        ).format(year=year)
        hint = _("Innstillingen: {advice}. Et endret beløp må ha en begrunnelse.").format(
            advice=advice
        )
        said = (
            _("Vedtaket om tilskudd for {year} er rettet.")
            if correct
            else _("Vedtaket om tilskudd for {year} er registrert.")
        ).format(year=year)
        self.post_message(self.Form(FormSpec(title, fields, hint), store, said))

    @on(Form)
    def open_form(self, message: Form) -> None:
        def stored(values: dict[str, str] | None) -> None:
            if values is not None:
                self.notify(escape(message.said))
                if self._newest:  # the status line says how the year's run was decided
                    self.start()

        self.app.push_screen(LongFormDialog(message.spec, message.store), stored)

    def action_letters(self) -> None:
        year = self.year

        def check(values: dict[str, str]) -> str | None:
            folder = Path(values["folder"].strip() or ".").expanduser()
            if not folder.is_dir():
                return _("Mappen {folder} finnes ikke.").format(folder=folder)
            return None

        def chosen(values: dict[str, str] | None) -> None:
            if values is not None:
                folder = values["folder"].strip() or "."
                self.write_letters(year, self.scheme_code, folder, values["format"])

        spec = FormSpec(
            _("Tilskuddsbrev {year}").format(year=year),
            [
                FormField("folder", _("Mappe"), str(Path.cwd())),
                FormField("format", _("Format"), "docx", kind="select", options=LETTER_FORMATS),
            ],
            _("Ett brev per vertskommune, fra vedtaket om tilskudd og brevmalen (m)."),
            check,
        )
        self.app.push_screen(FormDialog(spec), chosen)

    @work(
        thread=True,
        exclusive=True,
        group="alloc",
        exit_on_error=False,
        description=_("skrive tilskuddsbrevene"),
    )
    def write_letters(self, year: int, scheme: str | None, folder: str, fmt: str) -> None:
        # The document writers (fpdf, docx) are loaded here, in the worker.
        from sekretariat.documents.grant_letters import write_letters

        paths, left_out = write_letters(self.sekretariat.database, year, Path(folder), fmt, scheme)
        text = _("Skrev {count} tilskuddsbrev til {folder}.").format(
            count=len(paths), folder=Path(folder).expanduser()
        )
        self.post_message(self.Done(" ".join([text, *left_out])))

    def action_letter_template(self) -> None:
        """Both written standards have a template: the letters to nynorsk hosts use the
        nynorsk one (language act); choose which to edit."""

        def chosen(lang: str | None) -> None:
            if lang:
                self.template_form(lang)

        self.app.push_screen(
            ChoiceDialog(
                _("Mal for tilskuddsbrev"),
                [(_("Bokmål"), "nb"), (_("Nynorsk"), "nn")],
                lead=_("Hvilken mal vil du redigere?"),
                selected=app_language(),
            ),
            chosen,
        )

    @work(
        thread=True,
        exclusive=True,
        group="alloc",
        exit_on_error=False,
        description=_("lese brevmalen"),
    )
    def template_form(self, lang: str = "nb") -> None:
        db = self.sekretariat.database
        text = letter_template.letter_template(db, lang)
        known = " ".join(f"{{{k}}}" for k in letter_template.PLACEHOLDERS)
        title = (
            _("Mal for tilskuddsbrev (nynorsk)")
            if lang == "nn"
            else _("Mal for tilskuddsbrev (bokmål)")
        )
        spec = FormSpec(
            title,
            [FormField("text", _("Tekst"), text, kind="text", lines=10)],
            _("# tittel, ## overskrift, - punkt. Plassholdere: {known}").format(known=known),
        )

        def store(values: dict[str, str]) -> None:
            letter_template.save_letter_template(db, values["text"], lang)

        self.post_message(self.Form(spec, store, _("Malen for tilskuddsbrev er lagret.")))

    @on(Done)
    def done(self, message: Done) -> None:
        self.notify(escape(message.text))
        if message.reload:
            self.start()


def _as_run(view: View) -> StoredRun:
    """An unsaved view dressed as a run, so it can be compared like one."""
    return StoredRun(
        _("denne"),
        view.year,
        view.scheme_code,
        view.budget,
        "draft",
        dt.date.today(),
        "",
        "",
        {"common": view.common},
        view.lines,
    )
