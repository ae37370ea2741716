"""Oppsett av forumet: the networks, seat categories, working-group places, schemes and
learning-meeting prompts of a forum, set up by keys (a new county needs no exchange file).

One list, in sections; a, e, x and p act on the section the cursor is in. Every change
is checked in the core as the exchange import checks it; a refused form opens again with
what was typed and the reason under it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from screens.base import size_class
from screens.host import HostAccess
from sekretariat import formats
from sekretariat.domain import forum_setup as fs
from sekretariat.domain.cycle import allocation_year
from sekretariat.errors import UserError
from sekretariat.i18n import ui as _
from sekretariat.i18n import ui_label
from widgets.app_header import AppHeader
from widgets.dialog import ChoiceDialog, ConfirmDialog, FormDialog, FormField, FormSpec
from widgets.key_footer import KeyFooter
from widgets.table import Table

#: The sections of the list, in order, with their headings.
SECTIONS = (
    ("network", _("Nettverk")),
    ("seat", _("Setekategorier")),
    ("slot", _("Arbeidsgruppen")),
    ("scheme", _("Ordninger")),
    ("prompt", _("Refleksjonsspørsmål")),
)
YES_NO = (("nei", "nei"), ("ja", "ja"))


class SetupForm(FormDialog):
    """A form that may open with the reason its last answer was refused."""

    def __init__(self, spec: FormSpec, error: str = "") -> None:
        super().__init__(spec)
        self.error = error

    def on_mount(self) -> None:
        super().on_mount()
        if self.error:
            self.show_error(self.error)


@dataclass(frozen=True)
class Change:
    """A write to make: ``what`` of the core with its arguments, and how to say it."""

    kind: str
    old: str | None
    form: dict[str, str]


class ForumSetupScreen(HostAccess, Screen[None]):
    """The forum's set-up, one section after another; Esc goes back."""

    DEFAULT_CSS = """
    #setup-table { height: 1fr; scrollbar-size-vertical: 1; }
    #setup-help { height: 2; padding: 0 1; border-top: solid $primary; color: $text-muted; }
    """
    BINDINGS = [
        Binding(
            "a",
            "add",
            _("Legg til"),
            tooltip=_("Legg til i delen markøren står i"),
            id="setup.add",
        ),
        Binding(
            "e", "edit", _("Endre"), tooltip=_("Endre linjen markøren står på"), id="setup.edit"
        ),
        Binding(
            "x,delete",
            "remove",
            _("Fjern"),
            tooltip=_("Fjern linjen markøren står på"),
            id="setup.remove",
        ),
        Binding(
            "p",
            "paste",
            _("Lim inn årsverk"),
            tooltip=_("Lim inn en kolonne med årsverk, ett tall per nettverk"),
            id="setup.paste",
        ),
        Binding(
            "tab",
            "section(1)",
            _("Neste del"),
            tooltip=_("Til neste del av listen"),
            id="setup.next",
        ),
        Binding(
            "shift+tab",
            "section(-1)",
            _("Forrige del"),
            show=False,
            tooltip=_("Til forrige del av listen"),
            id="setup.previous",
        ),
        Binding(
            "escape",
            "back",
            _("Tilbake"),
            tooltip=_("Tilbake til innstillingene"),
            id="setup.back",
        ),
    ]

    class Loaded(Message):
        def __init__(self, view: fs.SetupView, cursor: str | None) -> None:
            self.view, self.cursor = view, cursor
            super().__init__()

    class Done(Message):
        """A change was written (``cursor``: the row to stay on) or refused (``error``)."""

        def __init__(self, change: Change, text: str, cursor: str | None, error: str) -> None:
            self.change, self.text, self.cursor, self.error = change, text, cursor, error
            super().__init__()

    def __init__(self) -> None:
        super().__init__(id="screen-forum-setup")
        self.view = fs.SetupView()

    def compose(self) -> ComposeResult:
        self.add_class(size_class(self))
        yield AppHeader()
        with Horizontal(id="heading"):
            yield Static(_("Oppsett av forumet"), id="heading-title", markup=False)
            yield Static("", id="heading-info", markup=False)
        table = Table(id="setup-table")
        table.add_column("", key="name", width=34)
        table.add_column("", key="detail")
        yield table
        yield Static("", id="setup-help", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(Table).show_header = False
        self.load()

    # -- reading ----------------------------------------------------------------------
    @work(
        thread=True,
        exclusive=True,
        group="setup-read",
        exit_on_error=False,
        description=_("lese oppsettet av forumet"),
    )
    def load(self, cursor: str | None = None) -> None:
        self.post_message(self.Loaded(fs.read_setup(self.sekretariat.database), cursor))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        self.view = view = message.view
        rows: list[tuple[str, tuple[Any, ...]]] = []
        for section, heading in SECTIONS:
            rows.append((f"{section}:", (Text(heading, style="bold"), "")))
            for key, name, detail in self._lines(section):
                # A line that names nothing (the section is empty) has no key of its own.
                rows.append((f"{section}:{key or '!'}", (f"  {name}", detail)))
        self.query_one(Table).set_rows(rows, cursor=message.cursor)
        self.query_one("#heading-info", Static).update(
            f"{formats.count(len(view.networks), _('nettverk'), _('nettverk'))} · "
            f"{formats.count(len(view.seats), _('setekategori'), _('setekategorier'))}"
        )
        self._show_help()

    def _lines(self, section: str) -> list[tuple[str, str, str]]:
        v = self.view
        if section == "network":
            return [(n.code, n.name, _network_detail(n)) for n in v.networks] or [
                ("", _("(ingen ennå)"), _("a legger til, p limer inn årsverk"))
            ]
        if section == "seat":
            return [(x.code, x.name, _seat_detail(x)) for x in v.seats] or [
                ("", _("(ingen ennå)"), _("a legger til"))
            ]
        if section == "slot":
            return [
                (k, k, formats.count(n, _("plass"), _("plasser")))
                for k, n in v.working_group.items()
            ] or [("", _("(ingen ennå)"), _("a legger til"))]
        if section == "scheme":
            return [
                (x.code, x.name, _("standardordning") if x.is_default else x.code)
                for x in v.schemes
            ] or [("", _("(ingen ennå)"), _("a: regler fra Innlandet, Nordland, Agder"))]
        prompts = formats.count(v.prompts, _("spørsmål"), _("spørsmål"))
        return [("", _("I biblioteket"), prompts)]

    def _current(self) -> tuple[str, str]:
        """(section, key) of the cursor's row; the key is "" on a heading."""
        key = self.query_one(Table).cursor_key or "network:"
        section, _sep, code = key.partition(":")
        return section, code.removeprefix("!")

    @on(Table.RowHighlighted, "#setup-table")
    def _show_help(self) -> None:
        section, _code = self._current()
        self.query_one("#setup-help", Static).update(HELP[section])

    @on(Table.RowSelected, "#setup-table")
    def _selected(self) -> None:
        self.action_edit()

    # -- the keys ---------------------------------------------------------------------
    def action_add(self) -> None:
        section, _code = self._current()
        if section == "network":
            self._network_form(None, {})
        elif section == "seat":
            self._seat_form(None, {})
        elif section == "slot":
            self._slot_form(None, {})
        elif section == "scheme":
            self.app.push_screen(
                ChoiceDialog(
                    _("Ny ordning: velg regler å begynne med"),
                    [(f"{p.name} – {p.source}", key) for key, p in fs.PROFILES.items()],
                    lead=_("Reglene kan endres etterpå under Innstillinger."),
                ),
                lambda key: key and self.write(Change("scheme", None, {"profile": key})),
            )
        else:
            count = len(fs.starter_prompts())
            self.app.push_screen(
                ConfirmDialog(
                    _("Refleksjonsspørsmål"),
                    _(
                        "Legge inn {count} refleksjonsspørsmål fra planen (§ 8.4) som forumet "
                        "ikke har? De kan endres under Møter."
                    ).format(count=count),
                ),
                lambda yes: yes and self.write(Change("prompt", None, {})),
            )

    def action_edit(self) -> None:
        section, key = self._current()
        if not key:
            if section == "prompt":
                self.notify(_("Spørsmålene endres under Møter (4), «Refleksjonsspørsmål»."))
            else:
                self.action_add()
            return
        if section == "network":
            n = next(x for x in self.view.networks if x.code == key)
            self._network_form(
                key,
                {"name": n.name, "kind": n.kind, "host": n.host,
                 "equalization": fs.yes_no(n.equalization), "fte": fs.fte_years_text(n.fte)},
            )  # fmt: skip
        elif section == "seat":
            x = next(x for x in self.view.seats if x.code == key)
            self._seat_form(
                key,
                {"name": x.name, "count": str(x.count),
                 "per_region": fs.yes_no(x.per_region), "voting": fs.yes_no(x.voting),
                 "leader_eligible": fs.yes_no(x.leader_eligible),
                 "roles": fs.roles_text(x.roles)},
            )  # fmt: skip
        elif section == "slot":
            self._slot_form(key, {"name": key, "count": str(self.view.working_group[key])})
        else:
            self.notify(
                _("Reglene for ordningen endres under Innstillinger: Esc, så velg ordningen.")
            )

    def action_remove(self) -> None:
        section, key = self._current()
        if not key or section == "prompt":
            self.notify(_("Sett markøren på linjen som skal fjernes."), severity="warning")
            return
        name = next((n for k, n, _detail in self._lines(section) if k == key), key)
        self.app.push_screen(
            ConfirmDialog(_("Fjerne?"), _("Fjerne «{name}» fra forumet?").format(name=name)),
            lambda yes: yes and self.write(Change(f"remove-{section}", key, {})),
        )

    def action_paste(self) -> None:
        if not self.view.networks:
            self.notify(_("Legg til nettverkene først (a); så limer du inn årsverkene."))
            return
        self._paste_form({"year": str(allocation_year(self.sekretariat.today)), "fte": ""})

    def action_section(self, step: int) -> None:
        """To the heading of the next (or previous) section: a, e and x act there."""
        names = [name for name, _heading in SECTIONS]
        section, _code = self._current()
        target = names[(names.index(section) + step) % len(names)]
        table = self.query_one(Table)
        table.move_cursor(row=table.get_row_index(f"{target}:"))

    def action_back(self) -> None:
        self.dismiss(None)

    # -- the forms --------------------------------------------------------------------
    def _network_form(self, old: str | None, v: dict[str, str], error: str = "") -> None:
        kinds = tuple((ui_label(k), k) for k in ("regional", "private", "other"))
        spec = FormSpec(
            _("Nettverk: {name}").format(name=v["name"]) if old else _("Nytt nettverk"),
            [
                FormField("name", _("Navn"), v.get("name", "")),
                *_code_field(old, v),
                FormField("kind", _("Slag"), v.get("kind", "regional"), "select", kinds),
                FormField(
                    "equalization", _("Utjevning"), v.get("equalization", "nei"), "select", YES_NO
                ),  # fmt: skip
                FormField("host", _("Vertskommune"), v.get("host", "")),
                FormField(
                    "fte", _("Årsverk"), v.get("fte", ""), placeholder=_("2026 = 1 524,6; 2027 = …")
                ),
            ],
            hint=_("Årsverk: år = antall, flere år med semikolon; desimalkomma går fint."),
        )
        self.app.push_screen(
            SetupForm(spec, error),
            lambda answer: answer and self.write(Change("network", old, answer)),
        )

    def _seat_form(self, old: str | None, v: dict[str, str], error: str = "") -> None:
        regional = sum(1 for n in self.view.networks if n.kind == "regional")
        spec = FormSpec(
            _("Setekategori: {name}").format(name=v["name"]) if old else _("Ny setekategori"),
            [
                FormField("name", _("Navn"), v.get("name", "")),
                *_code_field(old, v),
                FormField(
                    "per_region", _("Én per nettverk"), v.get("per_region", "nei"), "select", YES_NO
                ),  # fmt: skip
                FormField(
                    "count",
                    _("Antall"),
                    v.get("count", ""),
                    placeholder=_("tomt: {count} ved én per nettverk").format(count=regional),
                ),
                FormField("voting", _("Stemmerett"), v.get("voting", "ja"), "select", YES_NO),
                FormField(
                    "leader_eligible",
                    _("Kan bli leder"),
                    v.get("leader_eligible", "nei"),
                    "select",
                    YES_NO,
                ),  # fmt: skip
                FormField(
                    "roles",
                    _("Krever rolle"),
                    v.get("roles", ""),
                    placeholder=_("tomt: ingen (ellers eier og/eller myndighet)"),
                ),
            ],
            hint=_("Én per nettverk: ett sete for hvert regionale nettverk ({count} nå).").format(
                count=regional
            ),
        )

        def answered(answer: dict[str, str] | None) -> None:
            if answer is None:
                return
            if answer["per_region"] == "ja" and not answer["count"].strip():
                answer = {**answer, "count": str(regional)}
            self.write(Change("seat", old, answer))

        self.app.push_screen(SetupForm(spec, error), answered)

    def _slot_form(self, old: str | None, v: dict[str, str], error: str = "") -> None:
        spec = FormSpec(
            _("Arbeidsgruppen: {group}").format(group=old)
            if old
            else _("Ny gruppe i arbeidsgruppen"),
            [
                FormField(
                    "name", _("Gruppe"), v.get("name", ""), placeholder=_("f.eks. barnehage")
                ),
                FormField("count", _("Plasser"), v.get("count", "1")),
            ],
            hint=_("Gruppen skrives med små bokstaver, sifre og bindestrek."),
        )
        self.app.push_screen(
            SetupForm(spec, error),
            lambda answer: answer and self.write(Change("slot", old, answer)),
        )

    def _paste_form(self, v: dict[str, str], error: str = "") -> None:
        names = ", ".join(n.name for n in self.view.networks)
        spec = FormSpec(
            _("Lim inn årsverk"),
            [
                FormField("year", _("År"), v.get("year", "")),
                FormField("fte", _("Årsverk"), v.get("fte", ""), "text", lines=6),
            ],
            hint=_("Ett tall per linje, i denne rekkefølgen: {names}.").format(names=names),
        )
        self.app.push_screen(
            SetupForm(spec, error),
            lambda answer: answer and self.write(Change("paste", None, answer)),
        )

    # -- writing ----------------------------------------------------------------------
    @work(
        thread=True,
        exclusive=True,
        group="setup-write",
        exit_on_error=False,
        description=_("lagre oppsettet av forumet"),
    )
    def write(self, change: Change) -> None:
        db = self.sekretariat.database
        f, old = change.form, change.old
        try:
            if change.kind == "network":
                code = fs.save_network(db, old, f)
                text = _("Nettverket «{name}» er lagret.").format(name=f["name"].strip())
                cursor = f"network:{code}"
            elif change.kind == "seat":
                code = fs.save_seat(db, old, f)
                text = _("Setekategorien «{name}» er lagret.").format(name=f["name"].strip())
                cursor = f"seat:{code}"
            elif change.kind == "slot":
                name = fs.save_slot(db, old, f["name"], f["count"])
                text, cursor = _("Gruppen «{name}» er lagret.").format(name=name), f"slot:{name}"
            elif change.kind == "paste":
                n = fs.paste_ftes(db, f["year"], f["fte"])
                text = _("Årsverk for {year} lagt inn for {count} nettverk.").format(
                    year=f["year"].strip(), count=n
                )
                cursor = "network:"
            elif change.kind == "scheme":
                code = fs.add_scheme_from_profile(db, f["profile"])
                text = _("Ordningen er lagt til med reglene fra {name}.").format(
                    name=fs.PROFILES[f["profile"]].name
                )
                cursor = f"scheme:{code}"
            elif change.kind == "prompt":
                n = fs.add_starter_prompts(db)
                prompts = formats.count(n, _("spørsmål"), _("spørsmål"))
                text, cursor = _("{prompts} lagt inn.").format(prompts=prompts), "prompt:"
            else:
                section = change.kind.removeprefix("remove-")
                remove = {
                    "network": fs.remove_network,
                    "seat": fs.remove_seat,
                    "slot": fs.remove_slot,
                    "scheme": fs.remove_scheme,
                }[section]
                remove(db, old or "")
                text, cursor = _("Fjernet."), f"{section}:"
        except UserError as exc:
            self.post_message(self.Done(change, "", None, str(exc)))
            return
        self.post_message(self.Done(change, text, cursor, ""))

    @on(Done)
    def _done(self, message: Done) -> None:
        change = message.change
        if not message.error:
            self.notify(message.text)
            self.load(message.cursor)
            return
        forms = {
            "network": self._network_form,
            "seat": self._seat_form,
            "slot": self._slot_form,
            "paste": lambda old, v, error: self._paste_form(v, error),
        }
        reopen = forms.get(change.kind)
        if reopen is None:  # a removal or a choice: nothing typed to keep
            self.notify(message.error, title=_("Ikke lagret"), severity="warning", timeout=8)
        else:
            reopen(change.old, change.form, message.error)


HELP = {
    "network": _(
        "a nytt nettverk · e/Enter endre · x fjern · p lim inn en kolonne med årsverk "
        "fra et regneark (ett tall per nettverk)"
    ),
    "seat": _(
        "a ny setekategori (antall, én per nettverk, stemmerett, leder, roller) · e endre · x fjern"
    ),
    "slot": _("Plassene i arbeidsgruppen, per gruppe · a ny gruppe · e endre · x fjern"),
    "scheme": _(
        "a ny ordning med reglene fra Innlandet, Nordland eller Agder · reglene endres "
        "under Innstillinger · x fjern"
    ),
    "prompt": _("a legger inn refleksjonsspørsmålene fra planen (§ 8.4) · de endres under Møter"),
}


def _code_field(old: str | None, v: dict[str, str]) -> tuple[FormField, ...]:
    """A new row may be given its code; a stored one keeps it (files and rules name it)."""
    if old:
        return ()
    return (
        FormField("code", _("Kode"), v.get("code", ""), placeholder=_("tomt: lages av navnet")),
    )


def _network_detail(n: fs.NetworkRow) -> str:
    parts = []
    if n.fte:
        year = max(n.fte)
        parts.append(_("{fte} årsverk ({year})").format(fte=fs.fte_text(n.fte[year]), year=year))
    else:
        parts.append(_("ingen årsverk"))
    if n.kind != "regional":
        parts.append(ui_label(n.kind).casefold())
    if n.equalization:
        parts.append(_("utjevning"))
    if n.host:
        parts.append(_("vert {host}").format(host=n.host))
    return " · ".join(parts)


def _seat_detail(x: fs.SeatCategory) -> str:
    parts = [formats.count(x.count, _("plass"), _("plasser"))]
    if x.per_region:
        parts.append(_("én per nettverk"))
    parts.append(_("stemmerett") if x.voting else _("uten stemmerett"))
    if x.leader_eligible:
        parts.append(_("kan bli leder"))
    if x.roles:
        parts.append(fs.roles_text(x.roles))
    return " · ".join(parts)
