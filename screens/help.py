"""Help (F1): every key that works on the current screen, read from its live bindings."""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.app import App, ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import VerticalScroll
from textual.markup import escape
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, Static, TextArea

from sekretariat.i18n import ui as _
from widgets.dialog import FramedDialog
from widgets.keys import declared_by_textual

#: Norwegian words for the bindings Textual's own widgets bring along. Paired actions
#: share one text so that their keys are listed together ("↑, ↓  Rull opp og ned").
#: A Textual binding not listed here is left out rather than shown in English.
BUILTIN_ACTIONS: dict[str, str] = {
    "focus_next": _("Neste og forrige felt"),
    "focus_previous": _("Neste og forrige felt"),
    "screen.copy_text": _("Kopier markert tekst"),
    "scroll_up": _("Rull opp og ned"),
    "scroll_down": _("Rull opp og ned"),
    "scroll_left": _("Rull til sidene"),
    "scroll_right": _("Rull til sidene"),
    "scroll_home": _("Til toppen og bunnen"),
    "scroll_end": _("Til toppen og bunnen"),
    "page_up": _("En side opp og ned"),
    "page_down": _("En side opp og ned"),
    "page_left": _("En side til sidene"),
    "page_right": _("En side til sidene"),
    "cursor_up": _("Opp og ned"),
    "cursor_down": _("Opp og ned"),
    "cursor_left": _("Venstre og høyre"),
    "cursor_right": _("Venstre og høyre"),
    "select_cursor": _("Velg"),
}
#: Actions that only do something when the widget can scroll that way.
VERTICAL = {"scroll_up", "scroll_down", "scroll_home", "scroll_end", "page_up", "page_down"}
HORIZONTAL = {"scroll_left", "scroll_right", "page_left", "page_right"}

KEY_NAMES: dict[str, str] = {
    "escape": "Esc",
    "enter": "Enter",
    "tab": "Tab",
    "space": _("Mellomrom"),
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
    "home": "Home",
    "end": "End",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "delete": "Delete",
    "backspace": "Backspace",
    "minus": "-",
    "plus": "+",
}
MODIFIERS: dict[str, str] = {"ctrl": "Ctrl", "shift": "Shift", "alt": "Alt", "super": "Super"}

#: Sections with more entries than this are shown in two columns, so that the help for
#: the overview fits a 24-line terminal without scrolling.
TWO_COLUMNS_FROM = 6
#: The characters a line of the help has (the dialog is 76 wide: border, padding and a
#: scroll bar take the rest). Two columns that would not fit are shown as one, so no
#: description wraps under the other column.
LINE_WIDTH = 70


def key_label(key: str) -> str:
    """A key as a Norwegian manual would print it: ``ctrl+q`` → ``Ctrl+Q``, ``f1`` → ``F1``."""
    *modifiers, name = key.split("+")
    if name in KEY_NAMES:
        name = KEY_NAMES[name]
    elif len(name) == 1:
        name = name.upper() if modifiers else name
    elif name.startswith("f") and name[1:].isdigit():
        name = name.upper()
    return "+".join([MODIFIERS.get(m, m.title()) for m in modifiers] + [name])


@dataclass
class KeyHelp:
    """One line of the help: the keys, what they do, and whether they work right now."""

    keys: list[str]
    text: str
    enabled: bool = True
    here: bool = False
    typing: bool = False

    @property
    def key(self) -> str:
        return ", ".join(self.keys)


@dataclass
class Section:
    """A titled group of keys."""

    title: str
    entries: list[KeyHelp] = field(default_factory=list)

    def add(
        self, key: str, text: str, enabled: bool, *, here: bool = False, typing: bool = False
    ) -> None:
        for entry in self.entries:
            if entry.text == text and entry.enabled == enabled and entry.typing == typing:
                entry.keys.append(key)
                return
        self.entries.append(KeyHelp([key], text, enabled, here, typing))


def _builtin_text(active: ActiveBinding) -> str:
    action = active.binding.action
    text = BUILTIN_ACTIONS.get(action) or BUILTIN_ACTIONS.get(action.split(".", 1)[-1], "")
    node = active.node
    if isinstance(node, Widget) and not isinstance(node, Screen):
        if action in VERTICAL and not node.allow_vertical_scroll:
            return ""
        if action in HORIZONTAL and not node.allow_horizontal_scroll:
            return ""
    return text


def collect(screen: Screen) -> list[Section]:
    """The keys of ``screen`` as sections: its own, the app's, and moving around.

    Bindings are read from ``screen.active_bindings`` when help is asked for, so the
    list always matches what the keys do and a new screen needs no help text of its own.
    Our bindings carry a Norwegian description (and often a fuller tooltip); Textual's
    own are translated through ``BUILTIN_ACTIONS`` and left out when they would do
    nothing here (scroll keys on a page that does not scroll).
    """
    # In a text field a letter or digit is typed, not taken as a key of the screen or app;
    # a screen may also take every letter as the start of a search (TYPE_TO_SEARCH).
    typing = isinstance(screen.focused, Input | TextArea) or getattr(
        screen, "TYPE_TO_SEARCH", False
    )
    own = Section(_("På denne siden"))
    everywhere = Section(_("Overalt"))
    moving = Section(_("Flytte og rulle"))
    for key, active in screen.active_bindings.items():
        binding = active.binding
        # The super (Cmd) key rarely reaches a program through a terminal or SSH.
        if binding.system or key.startswith("super+"):
            continue
        if declared_by_textual(active):
            text = _builtin_text(active)
            if text:
                moving.add(key_label(key), text, active.enabled)
            continue
        text = binding.tooltip or binding.description
        if not text:
            continue
        section = everywhere if isinstance(active.node, App) else own
        # A disabled "go to" key is the area already shown (see SekretariatApp.check_action).
        here = not active.enabled and binding.action.startswith("goto")
        printable = (len(key) == 1 and key.isprintable()) or key in ("minus", "plus")
        typed = typing and printable and not isinstance(active.node, Input | TextArea)
        section.add(key_label(key), text, active.enabled and not typed, here=here, typing=typed)
    return [s for s in (own, everywhere, moving) if s.entries]


def render_section(section: Section) -> str:
    """A section as markup: one column, or two when it is long."""
    entries = section.entries
    half = (len(entries) + 1) // 2
    left, right = entries[:half], entries[half:]
    lwidth, rwidth = _key_width(left), _key_width(right or left)
    text_width = max(len(_text(e)) for e in left) + 2
    two_wide = lwidth + text_width + rwidth + max((len(_text(e)) for e in right), default=0)
    if len(entries) <= TWO_COLUMNS_FROM or two_wide > LINE_WIDTH:
        return "\n".join(_cell(e, _key_width(entries)).rstrip() for e in entries)
    lines = []
    for i, entry in enumerate(left):
        line = _cell(entry, lwidth, text_width)
        if i < len(right):
            line += _cell(right[i], rwidth)
        lines.append(line.rstrip())
    return "\n".join(lines)


def _key_width(entries: list[KeyHelp]) -> int:
    return max(len(e.key) for e in entries) + 2


def _text(entry: KeyHelp) -> str:
    if entry.enabled:
        return entry.text
    if entry.typing:
        return _("{text} (skrives som tekst her)").format(text=entry.text)
    if entry.here:
        return _("{text} (her er du)").format(text=entry.text)
    return _("{text} (ikke nå)").format(text=entry.text)


def _cell(entry: KeyHelp, key_width: int, text_width: int = 0) -> str:
    text = _text(entry)
    padding = " " * max(text_width - len(text), 0)
    text = escape(text)
    if not entry.enabled:
        text = f"[$foreground-muted]{text}[/]"
    return f"[b]{escape(entry.key.ljust(key_width))}[/b]{text}{padding}"


class HelpScreen(FramedDialog[None]):
    """A dialog listing the keys, closed with Esc, F1 or q.

    The caller passes the screen it was opened from: by the time this modal is active,
    ``app.screen`` is the modal itself and its bindings are not the ones the user asked about.
    """

    DEFAULT_CSS = """
    HelpScreen .help-section {
        margin-top: 1;
        color: $text-primary;
    }
    HelpScreen .help-section:first-of-type {
        margin-top: 0;
    }
    """
    BINDINGS = [
        Binding("f1", "cancel", _("Lukk"), show=False, id="help.close_f1"),
        Binding("q", "cancel", _("Lukk"), show=False, id="help.close_q"),
    ]
    HINT = _("Esc, F1 eller q lukker hjelpen.")

    def __init__(self, title: str, sections: list[Section]) -> None:
        super().__init__(_("Hjelp – {title}").format(title=title), id="help")
        self.help_title = title
        self.sections = sections

    @classmethod
    def for_screen(cls, screen: Screen, title: str) -> HelpScreen:
        return cls(title, collect(screen))

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            for section in self.sections:
                yield Static(f"[b]{escape(section.title)}[/b]", classes="help-section")
                yield Static(render_section(section), classes="help-keys")
