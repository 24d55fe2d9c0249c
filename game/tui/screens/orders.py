"""The orders menu: give any order with the keyboard alone, one choice at a time.

Every list comes from the session (`menu_forms`, `menu_targets`), which asks the rules through the catalogue on
the morning today's answers will have made: the menu offers only the orders the seat at the keyboard can give
now (never a unit destroyed, gone from the city, cut off or busy), with their cost, and shows what the order
highlighted in the last list should do (its preview). It decides nothing itself.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from game.engine.session import Session
from game.rules import catalogue as cat
from game.rules.catalogue import Form, Slot
from game.rules.orders import Order
from game.rules.preview import expected
from game.tui.text import Literal, lit


class OrdersScreen(ModalScreen[Order | None]):
    """Pick an order's form, then its values from lists of what the rules allow; dismiss with the order."""

    BINDINGS = [Binding("escape", "back", "Back")]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.form: Form | None = None
        self.picked: dict[str, object] = {}
        self.values: dict[str, object] = {}  # option id -> value in the list shown

    def compose(self) -> ComposeResult:
        with Vertical(id="orders-box"):
            yield Literal(id="orders-title")
            yield OptionList(id="orders-list")
            yield Literal(id="orders-preview")
            yield Literal(lit("Enter: choose   Esc: back", "dim"))

    def on_mount(self) -> None:
        self._show_forms()

    # ---- the lists

    def _fill(self, title: str, options: list[tuple[str, Text]]) -> None:
        self.query_one("#orders-title", Literal).set_text(lit(title, "bold"))
        ol = self.query_one("#orders-list", OptionList)
        ol.clear_options()
        if options:
            ol.add_options([Option(label, id=key) for key, label in options])
        else:  # the forms offered always have a legal order; this is for a list emptied meanwhile
            ol.add_option(Option(Text("Nothing can be ordered now (Esc: back)", "dim"), id="__none__"))
        ol.highlighted = 0
        ol.focus()
        self._preview()

    def _show_forms(self) -> None:
        self.form, self.picked = None, {}
        s = self.session
        forms = s.menu_forms()
        self.values = {f.key: f for f in forms}
        options = [(f.key, lit(f"{f.label} ({cat.FORMS[f.key][0].cost})")) for f in forms]
        title = f"Orders (staff time left today: {s.book.left()})"
        if not forms:
            title += ": nothing more can be ordered today"
        self._fill(title, options)

    def _slot(self) -> Slot | None:
        if self.form is None:
            return None
        return next((sl for sl in self.form.slots if sl.name not in self.picked), None)

    def _next(self) -> None:
        assert self.form is not None
        slot = self._slot()
        if slot is None:
            self.dismiss(cat.build(self.form, self.picked))
            return
        s = self.session
        targets = s.menu_targets(self.form, self.picked)
        self.values = {f"v{i}": v for i, (v, _n) in enumerate(targets)}
        self._fill(f"{self.form.label}: choose the {slot.prompt}",
                   [(f"v{i}", lit(name)) for i, (_v, name) in enumerate(targets)])

    def _preview(self) -> None:
        """What the highlighted order would do (in the last list only)."""
        box = self.query_one("#orders-preview", Literal)
        slot = self._slot()
        ol = self.query_one("#orders-list", OptionList)
        key = ol.get_option_at_index(ol.highlighted).id if ol.highlighted is not None and ol.option_count else None
        order = None
        if self.form is None and key in self.values:
            f = self.values[key]
            if isinstance(f, Form) and not f.slots:
                order = cat.build(f, {})
        elif self.form is not None and slot is not None and key in self.values and \
                [sl for sl in self.form.slots if sl.name not in self.picked] == [slot]:
            order = cat.build(self.form, {**self.picked, slot.name: self.values[key]})
        if order is None:
            box.set_text("")
            box.display = False
            return
        p = expected(self.session.world, self.session.state, order, self.session.orders)
        box.display = bool(p.lines)
        box.set_text(lit("\n".join(p.lines), "italic"))

    # ---- keys

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._preview()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        key = event.option.id or ""
        if key not in self.values:
            return
        if self.form is None:
            f = self.values[key]
            assert isinstance(f, Form)
            self.form = f
            self._next()
            return
        slot = self._slot()
        if slot is not None:
            self.picked[slot.name] = self.values[key]
        self._next()

    def action_back(self) -> None:
        if self.form is None:
            self.dismiss(None)
        else:
            self._show_forms()
