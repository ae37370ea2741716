"""Settings (innstillinger): the forum's annual cycle and terms, and each scheme's rules.

Fields are saved as they are typed (a second after the last key) whenever the whole form
is valid; a field with a mistake shows why beneath it and nothing is written until it is
right. Pending edits are also saved on exit and on SIGHUP/SIGTERM.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.css.query import NoMatches
from textual.markup import escape
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from sekretariat import formats
from sekretariat.domain.forum_settings import (
    FORUM_FIELDS,
    SCHEME_FIELDS,
    FieldErrors,
    FormField,
    form_version,
    forum_form,
    save_forum,
    save_scheme,
    scheme_form,
    scheme_list,
)
from sekretariat.errors import UserError
from sekretariat.i18n import ui
from sekretariat.i18n import ui as _
from sekretariat.storage.row_versions import StaleEdit
from widgets.steady_keys import SteadyInput

from .base import AreaScreen
from .forum_setup import ForumSetupScreen
from .municipalities import MunicipalitiesScreen
from .settings_audit import AuditView

if TYPE_CHECKING:
    from sekretariat.storage.database import Database

AUTOSAVE_DELAY = 1.0


class SettingsScreen(AreaScreen):
    """Edit the forum and its allocation schemes; every change is audited."""

    MODE = "settings"
    AUTO_FOCUS = "#settings-pick"
    DEFAULT_CSS = """
    #settings-body { height: 1fr; }
    #settings-pick { width: 24; height: 1fr; border-right: solid $primary; }
    #settings-form { width: 1fr; height: 1fr; padding: 0 1; }
    #settings-form Label { color: $text-primary; margin-top: 1; }
    #settings-form .field-note { color: $text-muted; height: auto; }
    #settings-form .field-note.-error { color: $text-error; }
    #settings-status { height: 1; padding: 0 1; background: $boost; }
    """
    BINDINGS = [
        Binding(
            "f2",
            "save",
            _("Lagre nå"),
            tooltip=_("Lagre skjemaet med en gang"),
            id="settings.save",
        ),
        Binding(
            "f3",
            "undo",
            _("Angre"),
            tooltip=_("Sett feltet du sist endret tilbake til verdien før endringen, og lagre"),
            id="settings.reload",
        ),
        Binding(
            "f5",
            "setup",
            _("Oppsett"),
            tooltip=_("Oppsett av forumet: nettverk, seter, ordninger"),
            id="settings.setup",
        ),
        Binding(
            "f6",
            "municipalities",
            _("Målform"),
            tooltip=_("Kommunenes målform: bokmål, nynorsk eller nøytral"),
            id="settings.municipalities",
        ),
        Binding(
            "escape",
            "to_list",
            _("Til listen"),
            show=False,
            tooltip=_("Gå fra feltene til listen til venstre (tallene bytter område derfra)"),
            id="settings.to_list",
        ),
    ]

    class TargetsLoaded(Message):
        """What can be edited: (target, name) — the forum, each scheme, the audit log."""

        def __init__(self, targets: list[tuple[str, str]]) -> None:
            self.targets = targets
            super().__init__()

    class FormLoaded(Message):
        def __init__(
            self,
            target: str,
            fields: tuple[FormField, ...],
            values: dict[str, str],
            version: int | None = None,
        ) -> None:
            self.target = target
            self.fields = fields
            self.values = values
            self.version = version
            super().__init__()

    class Saved(Message):
        def __init__(
            self,
            target: str,
            errors: dict[str, str],
            text: str,
            version: int | None,
            stale: bool = False,
            stored: bool = False,
            values: dict[str, str] | None = None,
        ) -> None:
            self.target = target
            self.errors = errors
            self.text = text
            self.version = version
            #: Refused: someone else saved the form since it was read.
            self.stale = stale
            #: Written: the form on screen is now what is stored.
            self.stored = stored
            #: The values the save was made from (the fields may hold more by now).
            self.values = values or {}
            super().__init__()

    def __init__(self) -> None:
        super().__init__()
        self.target = "forum"
        self.fields: tuple[FormField, ...] = ()
        self.dirty = False
        self._timer: Timer | None = None
        self._loading = False
        self.loaded: dict[str, str] = {}
        self.seen_version: int | None = None
        #: The database's change mark when the list of forms was last read.
        self._mark: int | None = None
        #: The fields of the form on screen (None: none, or the audit log).
        self._form_fields: tuple[FormField, ...] | None = None
        #: Each field's value as last seen, the field being edited (a run of changes to
        #: one field is one edit), and (field, value before that edit) for F3.
        self._shown: dict[str, str] = {}
        self._editing: str | None = None
        self._undo: tuple[str, str] | None = None
        #: Whether the last save was refused because someone else saved first (then F3
        #: reads the form again instead).
        self._stale = False

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="settings-body"):
            yield OptionList(id="settings-pick")
            yield VerticalScroll(id="settings-form")
        yield Static(
            _("Velg hva du vil endre til venstre; endringer lagres mens du skriver."),
            id="settings-status",
        )

    def on_mount(self) -> None:
        self.sekretariat.flush_callbacks.append(self.flush)
        self.load_targets()

    def on_screen_resume(self) -> None:
        # Another user (or another area) may have changed what the form shows since.
        if self._mark is not None:
            self.read_again_if_changed(self._mark)

    def read_again(self) -> None:
        self.flush()
        self.load_targets()

    def on_unmount(self) -> None:
        if self.flush in self.sekretariat.flush_callbacks:
            self.sekretariat.flush_callbacks.remove(self.flush)

    # -- loading ------------------------------------------------------------------
    # Its own group: it ends by starting load_form, which would cancel it in a shared one.
    @work(
        thread=True,
        exclusive=True,
        group="settings-targets",
        exit_on_error=False,
        description=_("lese innstillingene"),
    )
    def load_targets(self) -> None:
        self._mark = self.sekretariat.database.change_mark()
        targets = [("forum", _("Forumet og årshjulet"))]
        targets += [
            (f"scheme:{code}", _("Ordning: {name}").format(name=name))
            for code, name in scheme_list(self.sekretariat.database)
        ]
        targets.append(("audit", _("Endringslogg")))
        self.post_message(self.TargetsLoaded(targets))

    @on(TargetsLoaded)
    def _show_targets(self, message: TargetsLoaded) -> None:
        targets = message.targets
        pick = self.query_one("#settings-pick", OptionList)
        pick.clear_options()
        pick.add_options([Option(escape(text), id=value) for value, text in targets])
        # Read again: stay on the form that was open, if it is still there.
        keep = next((i for i, (value, _text) in enumerate(targets) if value == self.target), 0)
        pick.highlighted = keep
        self.load_form(targets[keep][0])

    @on(OptionList.OptionHighlighted, "#settings-pick")
    def picked(self, event: OptionList.OptionHighlighted) -> None:
        target = event.option.id or "forum"
        if target != self.target:
            self.flush()
            self.load_form(target)

    @work(
        thread=True,
        exclusive=True,
        group="settings",
        exit_on_error=False,
        description=_("lese skjemaet"),
    )
    def load_form(self, target: str) -> None:
        db = self.sekretariat.database
        if target == "audit":
            self.post_message(self.FormLoaded(target, (), {}))
        elif target == "forum":
            version = form_version(db, target)
            self.post_message(self.FormLoaded(target, FORUM_FIELDS, forum_form(db), version))
        else:
            code = target.split(":", 1)[1]
            version = form_version(db, target)
            self.post_message(
                self.FormLoaded(target, SCHEME_FIELDS, scheme_form(db, code), version)
            )

    @on(FormLoaded)
    async def form_loaded(self, message: FormLoaded) -> None:
        self._loading = True
        self.target = message.target
        self.fields = message.fields
        self.loaded = dict(message.values)
        self.seen_version = message.version
        self.dirty = False
        self._shown = {f.key: message.values.get(f.key, "") for f in message.fields}
        self._editing, self._undo, self._stale = None, None, False
        self._show_forum_name()
        form = self.query_one("#settings-form", VerticalScroll)
        if message.target == "audit":
            await form.remove_children()
            self._form_fields = None
            await form.mount(AuditView())
            self._loading = False
            self.query_one("#settings-status", Static).update(
                _(
                    "Alle endringer, nyeste først. Skriv for å søke; "
                    "F4 eksporterer det som vises til CSV."
                )
            )
            return
        if message.fields is self._form_fields:
            # The same form (another scheme, or read again): its fields get the new values
            # rather than being built again (a form of a dozen fields is 40 widgets).
            for f in message.fields:
                self.query_one(f"#field-{f.key}", Input).value = message.values.get(f.key, "")
                self._show_note(f, None)
            form.scroll_home(animate=False)
            self._loading = False
            return
        await form.remove_children()
        widgets = []
        for f in message.fields:
            widgets.append(Label(escape(ui(f.label))))
            widgets.append(
                SteadyInput(message.values.get(f.key, ""), id=f"field-{f.key}", compact=True)
            )
            if f.help:  # a field without help gets its note when it has a mistake to show
                widgets.append(Static(escape(ui(f.help)), classes="field-note", id=f"note-{f.key}"))
        await form.mount_all(widgets)
        self._form_fields = message.fields
        self._loading = False

    # -- saving -------------------------------------------------------------------
    def _values(self) -> dict[str, str]:
        return {f.key: self.query_one(f"#field-{f.key}", Input).value for f in self.fields}

    @on(Input.Changed)
    def changed(self, event: Input.Changed) -> None:
        if self._loading or not (event.input.id or "").startswith("field-"):
            return
        key = (event.input.id or "").removeprefix("field-")
        if key in self._shown and event.value != self._shown[key]:
            if key != self._editing:
                self._editing, self._undo = key, (key, self._shown[key])
            self._shown[key] = event.value
        if self._values() == self.loaded:  # the form was just filled in, or changed back
            if self.dirty:
                self._back_to_stored()
            return
        self.dirty = True
        self.query_one("#settings-status", Static).update(_("Endret – lagres om et øyeblikk …"))
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(AUTOSAVE_DELAY, self.action_save)

    def _back_to_stored(self) -> None:
        """Typed back to what is stored: nothing to save, and no refusal left on screen."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.dirty = False
        for f in self.fields:
            self._show_note(f, None)
        self.query_one("#settings-status", Static).update(
            _("Ingen endringer å lagre: skjemaet er som det er lagret.")
        )

    def action_save(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self.fields:
            self.save(self.target, self._values(), self.seen_version)

    @work(
        thread=True,
        exclusive=True,
        group="settings-save",
        exit_on_error=False,
        description=_("lagre innstillingene"),
    )
    def save(self, target: str, values: dict[str, str], seen: int | None) -> None:
        self.post_message(
            self.Saved(
                target, *_save(self.sekretariat.database, target, values, seen), values=values
            )
        )

    @on(Saved)
    def saved(self, message: Saved) -> None:
        if message.target != self.target:
            return
        for f in self.fields:
            self._show_note(f, message.errors.get(f.key))
        self._stale = message.stale
        if message.stored:
            # What was saved, not what the fields hold now: a key typed while the save was
            # on its way is still to be saved.
            self.loaded = dict(message.values)
            self.seen_version = message.version
            self.dirty = self._values() != self.loaded
            if self.dirty and self._timer is None:
                self._timer = self.set_timer(AUTOSAVE_DELAY, self.action_save)
            self._show_forum_name()
        self.query_one("#settings-status", Static).update(escape(message.text))

    def _show_note(self, f: FormField, error: str | None) -> None:
        """The line under a field: its mistake, else its help, else nothing."""
        text = error or (ui(f.help) if f.help else "")
        try:
            note = self.query_one(f"#note-{f.key}", Static)
        except NoMatches:
            if not text:
                return
            note = Static(classes="field-note", id=f"note-{f.key}")
            self.query_one("#settings-form", VerticalScroll).mount(
                note, after=self.query_one(f"#field-{f.key}", Input)
            )
        note.set_class(error is not None, "-error")
        note.update(escape(text))
        note.display = bool(text)

    def _show_forum_name(self) -> None:
        """The header carries the forum's name: keep it to what was saved or read."""
        name = self.loaded.get("name", "").strip() if self.target == "forum" else ""
        if name:
            self.app.title = name

    def action_setup(self) -> None:
        """Networks, seat categories, working-group places, schemes and prompts, by keys."""
        self.flush()
        self.app.push_screen(ForumSetupScreen())

    def action_municipalities(self) -> None:
        """Each municipality's written standard, which letters and templates follow."""
        self.flush()
        self.app.push_screen(MunicipalitiesScreen())

    def action_to_list(self) -> None:
        self.query_one("#settings-pick", OptionList).focus()

    def action_undo(self) -> None:
        """F3: the field last edited gets back the value it had before that edit, saved.

        A slip (a wrong key, a value pasted into the wrong field) is undone, even after the
        autosave stored it. After a refused save (someone else saved first) F3 reads the
        form again, as the status line says.
        """
        if self._stale or self._undo is None:
            self.load_form(self.target)
            return
        key, before = self._undo
        self._undo = None
        self._editing = key  # the change undoing it is not a new edit to undo
        self._shown[key] = before
        field = self.query_one(f"#field-{key}", Input)
        field.value = before
        self.dirty = True
        self.action_save()
        label = next((ui(f.label) for f in self.fields if f.key == key), key)
        self.notify(_("Angret endringen i «{field}».").format(field=label))

    def flush(self) -> None:
        """Save pending edits now (exit, SIGHUP, SIGTERM, switching form); quietly."""
        if not self.dirty or not self.fields:
            return
        try:
            values = self._values()
        except Exception:  # noqa: BLE001 - widgets may already be gone at exit
            return
        _save(self.sekretariat.database, self.target, values, self.seen_version)
        self.dirty = False


def _save(
    db: Database, target: str, values: dict[str, str], seen: int | None
) -> tuple[dict[str, str], str, int | None, bool, bool]:
    """Write a form; return field errors, a status line, the new version, whether it was
    refused as stale and whether it was stored (never raises).

    A form read before someone else saved is refused with who and when; F3 reloads it.
    """
    try:
        if target == "forum":
            version = save_forum(db, values, seen_version=seen)
        else:
            version = save_scheme(db, target.split(":", 1)[1], values, seen_version=seen)
    except FieldErrors as exc:
        return exc.errors, exc.said(ui), seen, False, False
    except StaleEdit as exc:
        said = _("{reason} (F3 laster inn på nytt; det du skrev er ikke lagret.)")
        return {}, said.format(reason=exc), seen, True, False
    except UserError as exc:
        return {}, str(exc), seen, False, False
    time = formats.clock(dt.datetime.now().time(), seconds=True)
    return {}, _("Lagret kl. {time}.").format(time=time), version, False, True
