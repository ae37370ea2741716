"""Telling our key bindings from the ones Textual's own classes bring along.

Both the help screen and the command palette list bindings; Textual's come with English
descriptions, so each needs to know which ones it may show as they are.
"""

from __future__ import annotations

from textual.binding import ActiveBinding, Binding


def declared_by_textual(active: ActiveBinding) -> bool:
    """True when the class that declares this binding is one of Textual's own.

    The node may be our subclass (an ``AreaScreen`` inherits ``Screen``'s Tab binding),
    so the class that lists the binding in its ``BINDINGS`` is what counts.
    """
    for cls in type(active.node).__mro__:
        for binding in cls.__dict__.get("BINDINGS", ()):
            if isinstance(binding, Binding) and binding.action == active.binding.action:
                return cls.__module__.startswith("textual.")
    return type(active.node).__module__.startswith("textual.")
