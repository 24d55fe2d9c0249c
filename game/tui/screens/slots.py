"""The slot picker (F5): the quicksave, the named saves and the day's autosaves, each with its day and when
it was saved. Enter loads the highlighted one; Escape goes back. It is given the slots (`game.classroom.slots`)
and the calendar to name their days, and gives back the file chosen."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from game.classroom.slots import Slot
from game.tui.text import Literal, lit


def slot_label(slot: Slot, date_of: Callable[[int], str], scenario: str) -> Text:
    t = lit(slot.label, "bold")
    if slot.problem:
        t.append(lit(f": cannot be read ({slot.problem})", "red"))
        return t
    bits = []
    if slot.day is not None:
        bits.append(f"{date_of(slot.day)} (day {slot.day})")
    if slot.scenario and slot.scenario != scenario:
        bits.append(f"scenario {slot.scenario}")
    if slot.team:
        bits.append(f"team {slot.team}")
    if slot.saved_at:
        bits.append(f"saved {slot.saved_at} UTC")
    if bits:
        t.append(lit("  " + ", ".join(bits)))
    return t


class SlotsScreen(ModalScreen[Path | None]):
    """Pick a save to load."""

    BINDINGS = [Binding("escape", "close", "Back")]

    def __init__(self, slots: list[Slot], date_of: Callable[[int], str], scenario: str, where: str) -> None:
        super().__init__()
        self.slots, self.date_of, self.scenario, self.where = slots, date_of, scenario, where

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="slots-dialog"):
            yield Literal(lit(f"Load a game ({self.where})", "bold reverse"), classes="dialog-title")
            if self.slots:
                yield OptionList(*[Option(slot_label(s, self.date_of, self.scenario), id=str(i))
                                   for i, s in enumerate(self.slots)], id="slots-list")
            else:
                yield Literal(lit("No saved game yet: ctrl+s saves, 'save NAME' at the console makes a named save, "
                                  "and the game saves itself every morning.", "dim"))
            yield Literal(lit("Enter: load   Esc: back   (type 'save NAME' at the console for a named save)", "dim"))

    def on_mount(self) -> None:
        if self.slots:
            ol = self.query_one("#slots-list", OptionList)
            ol.highlighted = 0
            ol.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.slots[int(event.option.id or 0)].path)

    def action_close(self) -> None:
        self.dismiss(None)
