"""Text fields whose editing keys keep their place among the typed characters.

Textual hands a typed character to the focused field at once, but runs the field's own
key bindings (Backspace, Ctrl+U, the arrows, Enter) only when the key has bubbled up to
the app. When keys arrive together — a slow SSH link catching up, a program typing, a
paste without brackets — the characters behind such a key are inserted before it runs:
«abc⌫d» becomes «abc», not «abd», and minutes typed over a lagging connection come out
wrong. These fields run their own bindings in the order the keys came (the same actions
the app would run, found through the public ``BINDINGS``), and let a key bubble on as
before when the field does not handle it.
"""

from __future__ import annotations

from functools import cache
from typing import cast

from textual import events
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Input, TextArea


@cache
def own_actions(widget_type: type[Widget]) -> dict[str, str]:
    """The action each key is bound to on the field itself (a subclass's binding wins)."""
    table: dict[str, str] = {}
    for klass in reversed(widget_type.__mro__):
        for binding in vars(klass).get("BINDINGS", []):
            key, action = (
                (binding.key, binding.action)
                if isinstance(binding, Binding)
                else (binding[0], binding[1])
            )
            for name in key.split(","):
                table[name.strip()] = action
    return table


class InOrderKeys:
    """Run the field's own key bindings where the key is in the queue, not after it.

    A plain mixin, put before the Textual widget class: a ``Widget`` base of its own would
    come between the widget and its component classes."""

    async def on_key(self, event: events.Key) -> None:
        field = cast(Widget, self)
        action = own_actions(type(field)).get(event.key)
        if action is None:
            return
        if await field.app.run_action(action, field):
            event.stop()
            event.prevent_default()


class SteadyInput(InOrderKeys, Input):
    """A one-line field whose editing keys keep their order (see the module)."""


class SteadyTextArea(InOrderKeys, TextArea):
    """A text area whose editing keys keep their order (see the module)."""
