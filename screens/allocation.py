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
from sekretariat.labels import label
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
    "missing_report": "ingen melding",
    "must_adjust": "må justere",
    "network_capped": "nettv.>40 %",
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
    rows.append(f"{'Fellestiltak'.ljust(name_w)} {'':<{width}} {thousands(view.common):>11}")
    return "\n".join(rows)


def totals_text(view: View) -> str:
    ok = view.common + view.allocated + view.unallocated == view.budget
    check = "✓" if ok and view.unallocated >= 0 else "✗"
    return (
        f"Fellestiltak {kroner(view.common)} + fordelt {kroner(view.allocated)} + "
        f"ikke fordelt {kroner(view.unallocated)} = {kroner(view.budget)} {check}"
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
        Binding("b", "budget", "Budsjett", tooltip="Skriv årets budsjett", id="allocation.budget"),
        Binding(
            "f",
            "common",
            "Fellestiltak",
            show=False,
            tooltip="Sett beløpet til fellestiltak, inntil taket (tomt: hele taket)",
            id="allocation.common",
        ),
        Binding(
            "r", "compute", "Beregn", tooltip="Beregn tildelingen på nytt", id="allocation.compute"
        ),
        Binding(
            "l", "save", "Lagre", tooltip="Lagre beregningen som forslag", id="allocation.save"
        ),
        Binding(
            "j",
            "adjust",
            "Juster",
            tooltip="Endre beløpet til valgt nettverk, med begrunnelse",
            id="allocation.adjust",
        ),
        Binding("k", "runs", "Kjøringer", tooltip="Åpne en lagret kjøring", id="allocation.runs"),
        Binding(
            "s",
            "compare",
            "Sammenlign",
            tooltip="Sammenlign med en annen kjøring eller fjoråret",
            id="allocation.compare",
        ),
        Binding(
            "v",
            "adopt",
            "Vedta",
            tooltip="Vedta forslaget i saken til et møte som er holdt (fryses)",
            id="allocation.adopt",
        ),
        Binding(
            "t",
            "present",
            "Legg fram",
            tooltip="Legg forslaget fram i en vedtakssak (vises i innkallingen)",
            id="allocation.present",
        ),
        Binding(
            "g",
            "chart",
            "Graf",
            show=False,
            tooltip="Vis tildelingen som søylediagram",
            id="allocation.chart",
        ),
        Binding(
            "e",
            "export",
            "Eksporter",
            tooltip="Skriv kjøringen til XLSX eller CSV",
            id="allocation.export",
        ),
        Binding(
            "d",
            "decision",
            "Vedtak",
            tooltip="Registrer eller rett vedtaket om årets tilskudd",
            id="allocation.decision",
        ),
        Binding(
            "w",
            "letters",
            "Tilskuddsbrev",
            show=False,
            tooltip="Skriv tilskuddsbrevene, ett per vertskommune, til en mappe",
            id="allocation.letters",
        ),
        Binding(
            "m",
            "letter_template",
            "Brevmal",
            show=False,
            tooltip="Rediger malen for tilskuddsbrevene",
            id="allocation.letter_template",
        ),
        Binding(
            "escape",
            "leave_field",
            "Til tabellen",
            show=False,
            tooltip="Gå fra budsjettfeltet til tabellen (tallene bytter område derfra)",
            id="allocation.leave_field",
        ),
        Binding("minus", "year(-1)", "Forrige år", show=False, id="allocation.year_back"),
        Binding("plus", "year(1)", "Neste år", show=False, id="allocation.year_next"),
        Binding(
            "o", "scheme", "Ordning", show=False, tooltip="Velg ordning", id="allocation.scheme"
        ),
        Binding(
            "p",
            "money",
            "Restmidler",
            show=False,
            tooltip="Vis søkt, tildelt, brukt og rest per nettverk for året før",
            id="allocation.money",
        ),
        Binding(
            "x",
            "delete",
            "Slett kjøring",
            show=False,
            tooltip="Slett et lagret forslag",
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
            yield Label("Budsjett:")
            yield SteadyInput(placeholder="kroner", id="alloc-budget", compact=True)
            yield Label("Fellestiltak:")
            yield SteadyInput(placeholder="hele taket", id="alloc-common", compact=True)
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
            "Skriv budsjettet (b) og trykk Enter for å beregne, eller åpne en lagret kjøring (k)."
        )
        self.start()

    def on_screen_resume(self) -> None:
        if self._newest and self._mark is not None and not self.comparing:
            self.read_again_if_changed(self._mark)

    def read_again(self) -> None:
        self.start()

    # -- loading ------------------------------------------------------------------
    def _heading(self) -> None:
        self.query_one("#heading-info", Static).update(f"År {self.year}  (−/+ bytter år)")

    @work(
        thread=True,
        exclusive=True,
        group="alloc",
        exit_on_error=False,
        description="lese tildelingene",
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
            escape(f"Ordning: {message.scheme_name or 'ingen ennå'}")
        )
        table = self.query_one("#alloc-table", Table)
        table.clear(columns=True)
        self.query_one("#alloc-totals", Static).update("")
        todo = "Skriv budsjettet (b) og trykk Enter."
        field = self.query_one("#alloc-budget", Input)
        if message.budget is not None and message.scheme_name and not field.has_focus:
            field.value = thousands(message.budget)
            todo = "Budsjettet er det registrerte; trykk r for å beregne."
        self.query_one("#alloc-status", Static).update(
            f"Ingen lagrede kjøringer for {self.year}. {todo}"
            if message.scheme_name
            else "Forumet har ingen tildelingsordning ennå. Legg den til under Innstillinger "
            "(9), Oppsett (F5)."
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
        adopted = f", vedtatt i {run.adopted_item}" if run.adopted_item else ""
        # An adopted run is history: its guidance was judged when it was adopted.
        warnings = (
            [] if run.frozen else allocation_runs.run_warnings(self.sekretariat.database, run)
        )
        status = (
            f"Kjøring {run.key} ({label(run.status).lower()}{adopted}), "
            f"lagret {short_date(run.created)} av {run.created_by}."
        )
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
            return "Vedtak om tilskudd er ikke registrert ennå (d)."
        view.decided = {line.code: line.allocated for line in decision.changes}
        reference = f", ref {decision.reference}" if decision.reference else ""
        changed = len(decision.changes)
        changes = f"; {changed} nettverk endret" if changed else ""
        return (
            f"Vedtatt av {decision.decided_by} {short_date(decision.decided)}{reference}{changes}."
        )

    @work(
        thread=True,
        exclusive=True,
        group="alloc",
        exit_on_error=False,
        description="beregne tildelingen",
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
                "Beregnet, ikke lagret. Trykk l for å lagre som forslag.",
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
            escape(f"Ordning: {message.view.scheme_name}")
        )
        self._fill(message.view)
        self.query_one("#alloc-status", Static).update(escape(message.status))
        warnings = self.query_one("#alloc-warnings", Static)
        warnings.update("\n".join(f"Merk: {w}" for w in message.warnings))
        warnings.display = bool(message.warnings)
        self.query_one("#alloc-chart-text", Static).update(chart_text(message.view))

    def _fill(self, view: View) -> None:
        table = self.query_one("#alloc-table", Table)
        table.clear(columns=True)
        # Amounts right-aligned and never cut; the name takes what is left (cut with «…»).
        # The FTE key's four columns only where they fit beside whole names (they are in
        # the CSV and XLSX tables at any width).
        key_columns = self.app.size.width >= WIDE_ENOUGH_FOR_KEY
        table.add_column("Nettverk", flex=True)
        for title in ("Tildelt", "Søkt", "Nettverk", "UH"):
            table.add_column(title, justify="right")
        table.add_column("Merknader")
        if key_columns:
            for title in ("Årsverk", "Andel", "Nøkkel", "Utjevning"):
                table.add_column(title, justify="right")
        total_fte = sum(line.centi_fte for line in view.lines) or 1
        for line in view.lines:
            flags = ", ".join(FLAG_SHORT.get(f, label(f)) for f in line.flags)
            if line.adjustment:
                flags = (flags + ", " if flags else "") + "justert"
            if line.code in view.decided:
                flags = f"vedtatt {thousands(view.decided[line.code])}" + (
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
            "Sum",
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
            return True, parse_kroner(text, "Fellestiltakene")
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
            self.notify("Skriv budsjettet i feltet først, og trykk Enter.", severity="warning")
            field.focus()
            return None
        try:
            amount = parse_kroner(field.value, "Budsjettet")
        except ValueError as exc:
            self.notify(str(exc), severity="error")
            return None
        if not amount:
            self.notify("Budsjettet må være større enn 0 kr.", severity="error")
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
            self.notify("Beregn tildelingen først (b, Enter).", severity="warning")
        elif self.view.run is not None:
            self.notify(f"Kjøringen er allerede lagret som {self.view.run.key}.")
        else:
            self.save(self.view.budget, self.view.common_set)

    @work(
        thread=True,
        exclusive=True,
        group="alloc",
        exit_on_error=False,
        description="lagre forslaget",
    )
    def save(self, budget: int, common: int | None = None) -> None:
        db = self.sekretariat.database
        result, scheme, _ = allocation_runs.run_for_year(
            db, self.year, budget, self.scheme_code, common=common
        )
        key = allocation_runs.save_run(db, self.year, result, scheme)
        self._show_run(allocation_runs.load_run(db, key))
        self.post_message(self.Done(f"Lagret som forslag {key}."))

    def action_adjust(self) -> None:
        if self.view is None or self.view.run is None:
            self.notify(
                "Lagre forslaget først (l); bare et lagret forslag kan justeres.",
                severity="warning",
            )
            return
        if self.view.run.frozen:
            self.notify(
                f"Kjøringen {self.view.run.key} er vedtatt og kan ikke endres.", severity="warning"
            )
            return
        line = self._selected_line()
        if line is None:
            self.notify("Velg et nettverk i tabellen.", severity="warning")
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
        description="justere tildelingen",
    )
    def adjust(self, run_key: str, code: str, answer: Adjustment) -> None:
        run = allocation_runs.adjust(
            self.sekretariat.database, run_key, code, answer.amount, answer.reason
        )
        self._show_run(run)
        self.post_message(self.Done(f"Justert. Ikke fordelt nå: {kroner(run.unallocated)}."))

    def action_runs(self) -> None:
        self.pick_run("Åpne en lagret kjøring", self._open_run, include_last_year=False)

    @work(
        thread=True,
        exclusive=True,
        group="alloc",
        exit_on_error=False,
        description="lese kjøringene",
    )
    def pick_run(
        self, title: str, then: Callable[[str | None], object], include_last_year: bool
    ) -> None:
        runs = allocation_runs.run_summaries(self.sekretariat.database)  # without the lines
        choices = [
            (
                f"{r.key}  {label(r.status).lower():<9} {kroner(r.budget):>16}  "
                f"{short_date(r.created)}",
                r.key,
            )
            for r in runs
        ]
        if include_last_year:
            choices.insert(0, (f"Fjorårets vedtatte tildeling ({self.year - 1})", "__last_year__"))
        self.post_message(self.Choices(title, choices, "Ingen lagrede kjøringer ennå.", then))

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
        description="åpne kjøringen",
    )
    def open_run(self, key: str) -> None:
        self._newest = False
        run = allocation_runs.load_run(self.sekretariat.database, key)
        self.year = run.year
        self.scheme_code = run.scheme_code
        self._show_run(run)

    def action_compare(self) -> None:
        if self.view is None:
            self.notify("Beregn eller åpne en kjøring først.", severity="warning")
            return
        if self.comparing:
            self.comparing = False
            self._fill(self.view)
            return
        self.pick_run("Sammenlign med …", self._compare_with, include_last_year=True)

    def _compare_with(self, key: str | None) -> None:
        if key and self.view is not None:
            self.compare(key, self.view)

    @work(
        thread=True,
        exclusive=True,
        group="alloc",
        exit_on_error=False,
        description="sammenligne kjøringene",
    )
    def compare(self, key: str, view: View) -> None:
        db = self.sekretariat.database
        if key == "__last_year__":
            other = allocation_runs.previous_adopted(db, view.year, view.scheme_code)
            if other is None:
                raise UserError(f"Det finnes ingen vedtatt tildeling for {view.year - 1}.")
        else:
            other = allocation_runs.load_run(db, key)
        names = {line.code: line.name for line in [*view.lines, *other.lines]}
        current = view.run or _as_run(view)
        rows = allocation_runs.compare(other, current, names)
        self.post_message(
            self.Compared(f"{other.key} → {'denne' if view.run is None else view.run.key}", rows)
        )

    @on(Compared)
    def compared(self, message: Compared) -> None:
        self.comparing = True
        table = self.query_one("#alloc-table", Table)
        table.clear(columns=True)
        table.add_column("Nettverk", flex=True)
        for title in ("Før", "Nå", "Endring"):
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
            "Sum", thousands(before), thousands(after), thousands(after - before), key="__sum__"
        )
        self.query_one("#alloc-status", Static).update(
            escape(f"Sammenligning {message.title}. Trykk s for å gå tilbake.")
        )

    def action_adopt(self) -> None:
        if self.view is None or self.view.run is None:
            self.notify(
                "Lagre forslaget først (l); bare et lagret forslag kan vedtas.", severity="warning"
            )
            return
        if self.view.run.frozen:
            self.notify(f"Kjøringen er allerede vedtatt i {self.view.run.adopted_item}.")
            return
        self.pick_item(self.view.run.key, self.view.year)

    def action_present(self) -> None:
        if self.view is None or self.view.run is None:
            self.notify(
                "Lagre forslaget først (l), så kan det legges fram i en sak.", severity="warning"
            )
            return
        if self.view.run.frozen:
            self.notify(f"Kjøringen er allerede vedtatt i {self.view.run.adopted_item}.")
            return
        self.pick_item(self.view.run.key, self.view.year, adopt=False)

    @work(
        thread=True,
        exclusive=True,
        group="alloc",
        exit_on_error=False,
        description="legge fram forslaget",
    )
    def present(self, run_key: str, item_id: int) -> None:
        run = allocation_runs.link(self.sekretariat.database, run_key, item_id)
        self._show_run(run)
        self.post_message(
            self.Done(
                f"{run_key} legges fram i {run.adopted_item}; tabellen kommer med i innkallingen."
            )
        )

    @work(
        thread=True,
        exclusive=True,
        group="alloc",
        exit_on_error=False,
        description="finne vedtakssakene",
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
                f"{'Vedta' if adopt else 'Legg fram'} {run_key} i vedtakssak",
                [(text, str(i)) for i, text in items],
                (
                    f"Ingen vedtakssak i et møte som er holdt ({year - 1}–{year}) og ikke har "
                    "godkjent protokoll. Legg forslaget fram i saken med t før møtet, og "
                    "vedta det med v når møtet er holdt."
                    if adopt
                    else f"Ingen åpen vedtakssak i møtene {year - 1}–{year}. Legg til en "
                    "vedtakssak i et møte under Møter (4) først."
                ),
                chosen,
            )
        )

    @work(
        thread=True,
        exclusive=True,
        group="alloc",
        exit_on_error=False,
        description="vedta tildelingen",
    )
    def adopt(self, run_key: str, item_id: int) -> None:
        run = allocation_runs.adopt(
            self.sekretariat.database, run_key, item_id, today=self.sekretariat.today
        )
        self._show_run(run)
        self.post_message(self.Done(f"{run_key} er vedtatt og låst."))

    def action_export(self) -> None:
        if self.view is None or self.view.run is None:
            self.notify("Lagre kjøringen først (l), så kan den eksporteres.", severity="warning")
            return
        key = self.view.run.key

        def chosen(path: str | None) -> None:
            if path:
                self.export(key, path)

        self.app.push_screen(PathDialog(f"Eksporter {key}", f"tildeling-{key}.xlsx"), chosen)

    @work(
        thread=True, exclusive=True, group="alloc", exit_on_error=False, description="skrive filen"
    )
    def export(self, key: str, path: str) -> None:
        # The table writer brings openpyxl and the document writers (0.6 s): loaded here,
        # in the worker, not when the area is built.
        from sekretariat.documents.allocation_tables import write_run

        db = self.sekretariat.database
        run = allocation_runs.load_run(db, key)
        target = write_run(run, Path(path), overview.forum_name(db), mode=db.file_mode())
        self.post_message(self.Done(f"Skrev {target}."))

    def action_scheme(self) -> None:
        self.pick_scheme()

    @work(
        thread=True,
        exclusive=True,
        group="alloc",
        exit_on_error=False,
        description="lese ordningene",
    )
    def pick_scheme(self) -> None:
        found = allocation_runs.schemes(self.sekretariat.database)

        def chosen(code: str | None) -> None:
            if code:
                self.scheme_code = code
                self.start()

        choices = [(name, code) for code, name in found]
        self.post_message(self.Choices("Velg ordning", choices, "Ingen ordninger.", chosen))

    def action_delete(self) -> None:
        if self.view is None or self.view.run is None:
            self.notify("Åpne en lagret kjøring først (k).", severity="warning")
            return
        self.delete(self.view.run.key)

    @work(
        thread=True,
        exclusive=True,
        group="alloc",
        exit_on_error=False,
        description="slette kjøringen",
    )
    def delete(self, key: str) -> None:
        allocation_runs.delete_run(self.sekretariat.database, key)
        self.post_message(self.Done(f"Slettet {key}.", reload=True))

    # -- the decision and the letters -------------------------------------------------
    def action_decision(self) -> None:
        self.decision_form(self.year, self.scheme_code)

    @work(
        thread=True,
        exclusive=True,
        group="alloc",
        exit_on_error=False,
        description="lese vedtaket om tilskudd",
    )
    def decision_form(self, year: int, scheme_code: str | None) -> None:
        db = self.sekretariat.database
        decision = grant_decisions.load_decision(db, year, scheme_code)
        if decision is not None:
            lines = decision.lines
            advice = decision.advice or decision.run_key
            head = [
                FormField("decided_by", "Vedtatt av", decision.decided_by),
                FormField("decided", "Vedtaksdato", short_date(decision.decided)),
                FormField("reference", "Referanse", decision.reference),
            ]
        else:
            advice, lines = grant_decisions.as_advised(db, year, scheme_code)
            head = [
                FormField("decided_by", "Vedtatt av", placeholder="Statsforvalteren i …"),
                FormField("decided", "Vedtaksdato", short_date(self.sekretariat.today)),
                FormField("reference", "Referanse", placeholder="saks- eller arkivnummer"),
            ]
        fields = list(head)
        for line in lines:
            fields.append(
                FormField(f"amount-{line.code}", line.name[:18], thousands(line.allocated))
            )
            fields.append(
                FormField(
                    f"reason-{line.code}",
                    "  begrunnelse",
                    line.reason,
                    placeholder=f"innstilt {thousands(line.advised)}; begrunn en endring",
                )
            )
        names = {line.code: line.name for line in lines}
        correct = decision is not None

        def store(values: dict[str, str]) -> None:
            amounts = {
                code: (
                    parse_kroner(values[f"amount-{code}"], f"Beløpet for {name}"),
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

        title = f"{'Rett vedtaket' if correct else 'Vedtak'} om tilskudd {year}"
        hint = f"Innstillingen: {advice}. Et endret beløp må ha en begrunnelse."
        said = f"Vedtaket om tilskudd for {year} er {'rettet' if correct else 'registrert'}."
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
                return f"Mappen {folder} finnes ikke."
            return None

        def chosen(values: dict[str, str] | None) -> None:
            if values is not None:
                folder = values["folder"].strip() or "."
                self.write_letters(year, self.scheme_code, folder, values["format"])

        spec = FormSpec(
            f"Tilskuddsbrev {year}",
            [
                FormField("folder", "Mappe", str(Path.cwd())),
                FormField("format", "Format", "docx", kind="select", options=LETTER_FORMATS),
            ],
            "Ett brev per vertskommune, fra vedtaket om tilskudd og brevmalen (m).",
            check,
        )
        self.app.push_screen(FormDialog(spec), chosen)

    @work(
        thread=True,
        exclusive=True,
        group="alloc",
        exit_on_error=False,
        description="skrive tilskuddsbrevene",
    )
    def write_letters(self, year: int, scheme: str | None, folder: str, fmt: str) -> None:
        # The document writers (fpdf, docx) are loaded here, in the worker.
        from sekretariat.documents.grant_letters import write_letters

        paths, left_out = write_letters(self.sekretariat.database, year, Path(folder), fmt, scheme)
        text = f"Skrev {len(paths)} tilskuddsbrev til {Path(folder).expanduser()}."
        self.post_message(self.Done(" ".join([text, *left_out])))

    def action_letter_template(self) -> None:
        self.template_form()

    @work(
        thread=True,
        exclusive=True,
        group="alloc",
        exit_on_error=False,
        description="lese brevmalen",
    )
    def template_form(self) -> None:
        db = self.sekretariat.database
        text = letter_template.letter_template(db)
        known = " ".join(f"{{{k}}}" for k in letter_template.PLACEHOLDERS)
        spec = FormSpec(
            "Mal for tilskuddsbrev",
            [FormField("text", "Tekst", text, kind="text", lines=10)],
            f"# tittel, ## overskrift, - punkt. Plassholdere: {known}",
        )

        def store(values: dict[str, str]) -> None:
            letter_template.save_letter_template(db, values["text"])

        self.post_message(self.Form(spec, store, "Malen for tilskuddsbrev er lagret."))

    @on(Done)
    def done(self, message: Done) -> None:
        self.notify(escape(message.text))
        if message.reload:
            self.start()


def _as_run(view: View) -> StoredRun:
    """An unsaved view dressed as a run, so it can be compared like one."""
    return StoredRun(
        "denne",
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
