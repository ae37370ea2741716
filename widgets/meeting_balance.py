"""The agenda's balance bar: planned minutes by kind of item, and the learning-meeting
warnings. Each kind has its own fill character as well as colour, so the bar reads the
same with NO_COLOR and on 16-colour terminals."""

from __future__ import annotations

from textual.events import Resize
from textual.markup import escape
from textual.widgets import Static

from sekretariat.domain.agenda import Balance
from sekretariat.formats import duration
from sekretariat.i18n import app_language
from sekretariat.i18n import ui as _

#: Fill character, colour and short name of each kind on the bar.
KIND_LOOK: dict[str, tuple[str, str, str]] = {
    "orientation": ("▒", "$warning", _("Orientering")),
    "discussion": ("▓", "$accent", _("Drøfting")),
    "decision": ("█", "$primary", _("Vedtak")),
    "learning": ("░", "$success", _("Læring")),
}


def bar_markup(balance: Balance, width: int) -> str:
    """The bar line, the legend and the warnings, as Textual markup."""
    if balance.total <= 0:
        lines = ["[$foreground-muted]" + _("Ingen planlagt tid ennå.") + "[/]"]
    else:
        cells = "".join(
            f"[{KIND_LOOK[k][1]}]{KIND_LOOK[k][0] * n}[/]" for k, n in balance.segments(width)
        )
        legend = "  ".join(
            f"[{KIND_LOOK[k][1]}]{KIND_LOOK[k][0]}[/] {KIND_LOOK[k][2]} {m}"
            for k, m in balance.minutes.items()
            if m
        )
        lines = [cells, f"{legend}  [$foreground-muted]= {duration(balance.total)}[/]"]
    lines += [f"[$text-warning]⚠ {escape(w)}[/]" for w in balance.warnings(app_language())]
    return "\n".join(lines)


class MeetingBalanceBar(Static):
    """Shows a ``Balance`` across its whole width, redrawn when the width changes."""

    DEFAULT_CSS = """
    MeetingBalanceBar {
        height: auto;
        padding: 0 1;
        border-top: solid $primary;
        border-title-color: $text-primary;
        border-title-style: bold;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.balance: Balance | None = None
        self.border_title = _("Tidsbruk")

    def show(self, balance: Balance) -> None:
        self.balance = balance
        self._draw()

    def _draw(self) -> None:
        if self.balance is not None:
            self.update(bar_markup(self.balance, max(self.content_size.width, 10)))

    def on_resize(self, _event: Resize) -> None:
        self._draw()
