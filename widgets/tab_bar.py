"""A row of tab labels with an underline under the active one, drawn by one widget.

Textual's ``TabbedContent`` is a dozen widgets before any content (the tabs, a widget
per tab, the underline, a switcher and a pane per tab), every one of them styled, laid
out and drawn, and restyled each time its screen is shown. A screen that switches its
own content by keys (F2, F3 ...) only needs the labels: this draws them as Textual's
``Tabs`` does (the same colours, the same underline) and says when one is clicked.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.cells import cell_len
from rich.console import Group
from rich.style import Style
from rich.text import Text
from textual import events
from textual.message import Message
from textual.renderables.bar import Bar
from textual.widget import Widget


class TabBar(Widget):
    """Labels side by side (``(key, label)`` pairs) and the active one underlined."""

    DEFAULT_CSS = """
    TabBar {
        width: 100%;
        height: 2;
        & > .tab-bar--tab {
            color: $foreground 50%;
        }
        & > .tab-bar--active {
            color: $foreground;
        }
        & > .tab-bar--bar {
            color: $block-cursor-background;
            background: $foreground 10%;
        }
        &:ansi {
            & > .tab-bar--tab {
                text-style: dim;
            }
            & > .tab-bar--active {
                text-style: not dim bold;
            }
            & > .tab-bar--bar {
                color: $block-cursor-background;
                background: $border-blurred;
            }
        }
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"tab-bar--tab", "tab-bar--active", "tab-bar--bar"}

    class Clicked(Message):
        """A tab's label (or its part of the underline) was clicked."""

        def __init__(self, tab_bar: TabBar, key: str) -> None:
            self.tab_bar = tab_bar
            self.key = key
            super().__init__()

        @property
        def control(self) -> TabBar:
            return self.tab_bar

    def __init__(
        self,
        tabs: Sequence[tuple[str, str]],
        active: str = "",
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.tabs = list(tabs)
        self._active = active or (self.tabs[0][0] if self.tabs else "")

    @property
    def active(self) -> str:
        return self._active

    @active.setter
    def active(self, key: str) -> None:
        if key != self._active:
            self._active = key
            self.refresh()

    def _spans(self) -> list[tuple[str, int, int]]:
        """Each tab's key and the columns of its label (a column of padding each side)."""
        spans = []
        x = 0
        for key, label in self.tabs:
            width = cell_len(label)
            spans.append((key, x + 1, x + 1 + width))
            x += width + 2
        return spans

    def render(self) -> Group:
        tab = self.get_component_rich_style("tab-bar--tab")
        active = self.get_component_rich_style("tab-bar--active")
        bar = self.get_component_rich_style("tab-bar--bar")
        labels = Text(no_wrap=True, overflow="crop")
        highlight = (0, 0)
        for (key, label), (_, start, end) in zip(self.tabs, self._spans(), strict=True):
            labels.append(f" {label} ", active if key == self._active else tab)
            if key == self._active:
                highlight = (start, end)
        return Group(
            labels,
            Bar(
                highlight_range=highlight,
                highlight_style=Style.from_color(bar.color),
                background_style=Style.from_color(bar.bgcolor),
            ),
        )

    def on_click(self, event: events.Click) -> None:
        for key, start, end in self._spans():
            if start - 1 <= event.x < end + 1:
                event.stop()
                self.post_message(self.Clicked(self, key))
                return
