"""The help screen: keys, console commands, the map's symbols, how a day works, where saves go."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen

from game.paths import display_path
from game.rules import orders as o
from game.tui.parser import help_lines
from game.tui.text import Literal, lit
from game.tui.views import SYMBOL

KEYS = [
    ("F1 or ?", "this help"),
    ("F2 or a", "the archive: source documents and disputes"),
    ("F3 or t", "switch between the dark and the light theme"),
    ("F4", "the log on the whole screen, and back (Esc too)"),
    ("ctrl+p", "command palette (every action by name)"),
    ("ctrl+e", "end the day (e too, when the map has the focus)"),
    ("ctrl+o", "the orders menu: every order by picking from lists"),
    ("up / down", "select a position on the map"),
    ("k", "the key to the map's labels (when the map has the focus; or type 'legend')"),
    ("tab", "complete the word in the console, or move the focus"),
    ("any other letter", "on the map or the log: starts a line in the console"),
    ("ctrl+s / ctrl+l", "save / load the quicksave"),
    ("F5", "saves: the quicksave, named saves (save NAME) and the autosaves"),
    ("ctrl+q", "quit (asks first if there is unsaved progress)"),
    ("ctrl+u", "the umpire screen (the teacher, in a lesson)"),
    ("in a report", "Enter next, s sources, c the cited passage"),
    ("in a decision", "1-9 choose, Enter next, c the cited passage"),
    ("in the archive", "n/p next/previous passage, d disputes, Esc back"),
]

DAY = """How a day works
1. Morning: you queue orders in the console. Each costs staff time; a day has {staff} points.
2. End the day (ctrl+e or 'end'): your orders go out and the day's fighting is resolved.
3. Night: counter-attacks, raids, repairs, airdrops and the hospital are resolved.
4. Reports arrive for the day; a decision that needs you opens as a dialog, and your answer goes out with \
the next day's orders.
The campaign ends when an ending is reached; the debrief then compares your defence with history."""


def help_text(save_path: Path | None = None) -> Text:
    """All the help, literally."""
    t = Text()
    t.append("Keys\n", "bold underline")
    for k, what in KEYS:
        t.append(lit(f"  {k:<16}", "bold"))
        t.append(lit(what))
        t.append("\n")
    t.append("\nConsole commands\n", "bold underline")
    t.append(lit("\n".join(help_lines())))
    t.append("\n")
    t.append("\nThe map\n", "bold underline")
    t.append(lit(f"  {SYMBOL['chinese']}  a position held by the Chinese defenders (ours)\n"))
    t.append(lit(f"  {SYMBOL['japanese']}  a position held by the Japanese\n"))
    t.append(lit("  ▶  the selected position (also shown in reverse video); its name is under the map\n"))
    t.append(lit("  │≈ the rivers (the Xiang east of the city)\n"))
    t.append(lit("  Every position has a label of its own; 'k' (or 'legend') lists them with their full names.\n"))
    t.append(lit("  Shapes carry the meaning; colour only repeats it.\n"))
    t.append("\n")
    t.append(lit(DAY.format(staff=o.STAFF_TIME).split("\n", 1)[0], "bold underline"))
    t.append("\n")
    t.append(lit(DAY.format(staff=o.STAFF_TIME).split("\n", 1)[1]))
    t.append("\n\nSaves\n", "bold underline")
    where = display_path(save_path) if save_path else "the quicksave in your user data folder"
    t.append(lit(f"  ctrl+s writes {where};\n  ctrl+l (or 'load') reads it back and replays the orders.\n"))
    return t


class HelpScreen(ModalScreen[None]):
    """Escape, q, ? or F1 closes it."""

    BINDINGS = [Binding("escape,q,question_mark,f1", "close", "Close")]

    def __init__(self, save_path: Path | None = None) -> None:
        super().__init__()
        self.save_path = save_path

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="help-dialog"):
            yield Literal(lit("Help", "bold reverse"), classes="dialog-title")
            with VerticalScroll(classes="dialog-body", id="help-scroll"):
                yield Literal(help_text(self.save_path), id="help-text")
            yield Literal(lit("Escape: close   arrows / PgUp / PgDn: scroll", "dim"))

    def on_mount(self) -> None:
        self.query_one("#help-scroll", VerticalScroll).focus()

    def action_close(self) -> None:
        self.dismiss(None)
