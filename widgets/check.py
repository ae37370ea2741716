"""A checkbox that reads without colour.

Textual's ``Checkbox`` draws its X whether ticked or not and tells the two apart by
colour alone: in a 16-colour terminal (or to someone who does not see the colours) the
«Vara» of the appoint dialog looks ticked when it is not. Here the X is there only when
it is ticked: ``▐X▌`` and ``▐ ▌``.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import Checkbox


class Check(Checkbox):
    """A ``Checkbox`` whose mark is its state."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.show_mark()

    def watch_value(self) -> None:
        super().watch_value()
        self.show_mark()

    def show_mark(self) -> None:
        """The X when ticked, a blank when not."""
        self.BUTTON_INNER = "X" if self.value else " "
        self.refresh()
