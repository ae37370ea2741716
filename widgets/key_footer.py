"""The footer line of keys, drawn as one widget.

Textual's ``Footer`` builds a widget per key (fourteen on most of our screens, each
styled and laid out on its own) and recomposes them all whenever the bindings change:
about 65 ms of the app's start-up and of every first visit to an area on a 2-core
machine. This footer shows the same thing, in the same compact style, as one line of
text that is simply redrawn when the bindings change.

Bindings of one group that follow each other (the number keys 1–9) are shown as their
keys side by side and the group's name; a key whose action is unavailable is dimmed (the
current area's number), and the command palette key sits at the right-hand edge.
Help and the command palette keys stay at the right-hand edge; when the other keys do
not fit, they are cut short with an ellipsis (F1 lists them all). A click on a key
presses it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.binding import Binding
    from textual.screen import Screen

#: Unavailable keys are dimmed, as in Textual's own footer.
_DIM = Style(dim=True)
#: The help key (the app's F1), shown at the right beside the command palette's.
HELP_KEY = "f1"


@dataclass(frozen=True)
class FooterEntry:
    """One shown key: what is drawn and what a click on it presses."""

    key: str
    display: str
    enabled: bool
    description: str = ""


class KeyFooter(Widget):
    """A one-line footer listing the keys of the screen in front."""

    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        width: 1fr;
        background: $footer-background;
        color: $footer-foreground;
    }
    KeyFooter > .key-footer--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyFooter > .key-footer--description {
        color: $footer-description-foreground;
    }
    KeyFooter > .key-footer--palette {
        color: $footer-description-foreground;
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "key-footer--key",
        "key-footer--description",
        "key-footer--palette",
    }

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        #: (first column, last column + 1, key) of each key drawn, for clicks.
        self._spans: list[tuple[int, int, str]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: Screen) -> None:
        self.refresh()

    # -- what is shown ----------------------------------------------------------------
    def entries(self) -> Iterator[FooterEntry | tuple[list[FooterEntry], str]]:
        """The keys to show, in order: single keys, and runs of one group with its name."""
        palette_key = self.app.COMMAND_PALETTE_BINDING
        seen_actions: set[str] = set()
        shown: list[tuple[Binding, bool]] = []
        for key, (_node, binding, enabled, _tooltip) in self.screen.active_bindings.items():
            if not binding.show or key in (palette_key, HELP_KEY) or binding.action in seen_actions:
                continue
            seen_actions.add(binding.action)
            shown.append((binding, enabled))
        index = 0
        while index < len(shown):
            binding, enabled = shown[index]
            group = binding.group
            run = [shown[index]]
            while group is not None and index + len(run) < len(shown):
                following = shown[index + len(run)]
                if following[0].group is not group:
                    break
                run.append(following)
            if group is not None and len(run) > 1:
                yield (
                    [self._entry(b, e, with_description=False) for b, e in run],
                    group.description,
                )
            else:
                yield self._entry(binding, enabled)
            index += len(run)

    def _entry(
        self, binding: Binding, enabled: bool, *, with_description: bool = True
    ) -> FooterEntry:
        return FooterEntry(
            key=binding.key,
            display=self.app.get_key_display(binding),
            enabled=enabled,
            description=binding.description if with_description else "",
        )

    def _right_entries(self) -> list[FooterEntry]:
        """Help and the command palette: kept at the right-hand edge, never cropped."""
        active = self.screen.active_bindings
        entries = []
        for key in (HELP_KEY, self.app.COMMAND_PALETTE_BINDING):
            if key == self.app.COMMAND_PALETTE_BINDING and not self.app.ENABLE_COMMAND_PALETTE:
                continue
            if key in active:
                _node, binding, enabled, _tooltip = active[key]
                entries.append(self._entry(binding, enabled))
        return entries

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-footer--key")
        description_style = self.get_component_rich_style("key-footer--description")
        separator_style = self.get_component_rich_style("key-footer--palette")

        def key_text(entry: FooterEntry) -> Text:
            dim = Style() if entry.enabled else _DIM
            text = Text(entry.display, key_style + dim)
            if entry.description:
                text.append(" " + entry.description, description_style + dim)
            return text

        # The keys of the screen and the app, left to right, with where each one is.
        left = Text()
        spans: list[tuple[int, int, str]] = []
        for item in self.entries():
            left.append(" ")
            entries, name = ([item], "") if isinstance(item, FooterEntry) else item
            for entry in entries:
                start = len(left)
                left.append_text(key_text(entry))
                spans.append((start, len(left), entry.key))
            if name:
                left.append(" " + name, description_style)
        # Help and the palette on the right: whatever else does not fit, these stay.
        right = Text()
        right_spans: list[tuple[int, int, str]] = []
        for entry in self._right_entries():
            if entry.key == self.app.COMMAND_PALETTE_BINDING:
                right.append("▏", separator_style)
            else:
                right.append(" ")
            start = len(right)
            right.append_text(key_text(entry))
            right_spans.append((start, len(right), entry.key))
        right.append(" ")
        width = self.size.width or len(left) + len(right)
        room = width - len(right)
        if len(left) > room:
            # Cut the left part short and say so; F1 lists every key.
            left = left[: max(room - 1, 0)]
            left.append("…", description_style)
            spans = [span for span in spans if span[1] <= len(left) - 1]
        left.append(" " * (room - len(left)))
        offset = len(left)
        spans += [(start + offset, end + offset, key) for start, end, key in right_spans]
        # The widget's own colours under every span: a key's background is transparent.
        line = Text(style=self.rich_style, no_wrap=True, overflow="crop", end="")
        line.append_text(left)
        line.append_text(right)
        self._spans = spans
        return line

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                event.stop()
                self.app.simulate_key(key)
                return
