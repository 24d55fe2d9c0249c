"""The key to the map: every label, the position it stands for, and who holds it."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen

from game.rules.state import State
from game.rules.world import World
from game.tui.text import Literal, lit
from game.tui.views import SYMBOL


def legend_text(labels: list[tuple[str, str]], world: World, state: State) -> Text:
    """'Zhan  ■ Mt. Zhangjia' for each label, in the map's alphabetical order."""
    t = Text()
    width = max((len(label) for label, _pid in labels), default=4)
    for label, pid in labels:
        ctrl = state.positions[pid].controller
        t.append(lit(f"{label:<{width}}  ", "bold"))
        t.append(f"{SYMBOL.get(ctrl, '?')} ")
        t.append(lit(world.places[pid].name))
        t.append(" (ours)\n" if ctrl == "chinese" else " (JAPANESE)\n")
    t.rstrip()
    return t


class LegendScreen(ModalScreen[None]):
    """Escape or k closes it."""

    BINDINGS = [Binding("escape,k,q,enter", "close", "Close")]

    def __init__(self, labels: list[tuple[str, str]], world: World, state: State) -> None:
        super().__init__()
        self.labels, self.world, self.state = labels, world, state

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Literal(lit("Key to the map's labels", "bold reverse"), classes="dialog-title")
            with VerticalScroll(classes="dialog-body"):
                yield Literal(legend_text(self.labels, self.world, self.state), id="legend-text")
            yield Literal(lit("Escape: close   arrows: scroll", "dim"))

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    def action_close(self) -> None:
        self.dismiss(None)
