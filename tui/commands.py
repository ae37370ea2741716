"""The command palette (Ctrl+P): every area, the current screen's actions, help and quit.

It replaces Textual's English system commands, so everything the palette offers is
Norwegian and reaches the same actions as the keys do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial

from textual.app import App
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen
from textual.theme import ThemeProvider

from sekretariat.i18n import ui as _
from widgets.keys import declared_by_textual


@dataclass(frozen=True)
class Command:
    """One palette entry: its name, what runs, and a line of help."""

    name: str
    run: Callable[[], object]
    help: str


def screen_commands(screen: Screen) -> Iterator[Command]:
    """The actions the screen itself binds to keys (``r`` Oppdater, ...).

    Built from the screen's active bindings, so a screen gains palette entries just by
    declaring a ``Binding`` with a Norwegian description, and loses them while disabled.
    """
    seen: set[str] = set()
    for active in screen.active_bindings.values():
        binding = active.binding
        if active.node is not screen or not active.enabled or binding.system:
            continue
        if not binding.description or binding.action in seen:
            continue
        if declared_by_textual(active):
            continue
        seen.add(binding.action)
        yield Command(
            binding.description,
            partial(screen.run_action, binding.action),
            binding.tooltip or binding.description,
        )


def app_binding(app: App[object], binding_id: str) -> Binding:
    """The app's own key of that id: its entry here uses the key's words (the app imports
    this module, not the other way)."""
    return next(
        binding
        for binding in app.BINDINGS
        if isinstance(binding, Binding) and binding.id == binding_id
    )


class SekretariatCommands(Provider):
    """Navigation, the current screen's actions and the app's own commands."""

    def commands(self) -> list[Command]:
        from screens import AREAS

        app = self.app
        current = app.current_mode
        found = [
            Command(
                _("Gå til {area}").format(area=area.title),
                partial(app.run_action, f"goto('{area.mode}')"),
                f"{area.key} – {area.summary}",
            )
            for area in AREAS
            if area.mode != current and app.check_action("goto", (area.mode,))
        ]
        found += screen_commands(self.screen)
        found += [
            Command(
                _("Vis hjelp"),
                partial(app.run_action, "help"),
                _("F1 – alle tastene på denne siden"),
            ),
            Command(
                _("Bytt fargetema"),
                app.action_change_theme,
                _("Velg blant temaene, også ansi-dark og ansi-light for enkle terminaler"),
            ),
            Command(
                _("Avslutt"),
                partial(app.run_action, "quit"),
                _("Ctrl+Q – lagre og avslutt Sekretariat"),
            ),
            Command(
                app_binding(app, "switch_language").description,
                partial(app.run_action, "switch_language"),
                _("F9 – lagre, og start Sekretariat på nytt på det andre språket"),
            ),
        ]
        return found

    async def discover(self) -> Hits:
        for command in self.commands():
            yield DiscoveryHit(command.name, command.run, help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        found = False
        for command in self.commands():
            score = matcher.match(command.name)
            if score > 0:
                found = True
                yield Hit(score, matcher.highlight(command.name), command.run, help=command.help)
        if not found:
            yield no_match(
                _("Ingen kommando passer «{query}»").format(query=query),
                partial(self.app.run_action, "help"),
                _("Enter viser hjelpen med alle tastene; Esc lukker"),
            )


def no_match(text: str, run: Callable[[], object], help: str) -> Hit:
    """The one line the palette shows when nothing matched.

    The palette says «No matches found» itself (in English, with no public way to change
    the words) only when no provider found anything; this line is found instead.
    """
    return Hit(1, text, run, help=help)


class ThemeCommands(ThemeProvider):
    """Textual's themes, saying in Norwegian when no theme matches."""

    async def search(self, query: str) -> Hits:
        found = False
        async for hit in super().search(query):
            found = True
            yield hit
        if not found:
            yield no_match(
                _("Ingen fargetema passer «{query}»").format(query=query),
                lambda: None,
                _("Esc lukker"),
            )
