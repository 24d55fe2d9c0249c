"""The orders menu: give any order with the keyboard alone, one choice at a time.

It builds candidate orders and asks the rules (`game.rules.commands.check`) which are legal now, so the
lists only offer what the staff can actually do; it never decides anything itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from game.rules import orders as o
from game.rules.commands import check
from game.rules.reports import rough
from game.tui.text import Literal, lit

if TYPE_CHECKING:
    from game.tui.app import HengyangApp

#: (key, label, what it needs next)
KINDS: list[tuple[str, str, str]] = [
    ("reinforce", "Reinforce: move a unit to a position", "unit>position"),
    ("withdraw", "Withdraw: pull a unit back to an adjacent position", "unit>position"),
    ("counterattack", "Counter-attack a Japanese-held position tonight", "unit>position"),
    ("rest", "Rest a unit out of the line for the day", "unit"),
    ("raid", "Raid behind the lines of a sector", "unit>sector"),
    ("inspect", "Go and see a position for yourself (true figures)", "position"),
    ("consult", "Talk to an officer in person", "officer"),
    ("repair", "Put the repair teams on a position", "position"),
    ("doctrine", "Set the fire doctrine", "doctrine"),
    ("airdrop", "Radio for an airdrop", ""),
    ("strike", "Radio for an air strike on a sector", "sector"),
    ("triage", "Set the triage policy", "triage"),
    ("quarantine", "Quarantine the sick (on/off)", "quarantine"),
]


class OrdersScreen(ModalScreen[object | None]):
    """Pick an order kind, then its unit and target from lists of what the rules allow."""

    BINDINGS = [Binding("escape", "back", "Back")]

    def __init__(self) -> None:
        super().__init__()
        self.steps: list[str] = []
        self.picked: dict[str, str] = {}
        self.kind: str | None = None

    @property
    def hy(self) -> HengyangApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        with Vertical(id="orders-box"):
            yield Literal(id="orders-title")
            yield OptionList(id="orders-list")
            yield Literal(lit("Enter: choose   Esc: back", "dim"))

    def on_mount(self) -> None:
        self._show_kinds()

    # ---- building the lists

    def _spent(self) -> int:
        return self.hy.spent()

    def _legal(self, order: object) -> bool:
        c = self.hy.campaign
        return check(c.world, c.state, order, self._spent()) is None

    def _fill(self, title: str, options: list[tuple[str, str]]) -> None:
        self.query_one("#orders-title", Literal).set_text(lit(title, "bold"))
        ol = self.query_one("#orders-list", OptionList)
        ol.clear_options()
        if options:
            ol.add_options([Option(lit(label), id=value) for value, label in options])
        else:
            ol.add_option(Option(Text("Nothing can be ordered here now (Esc: back)", "dim"), id="__none__"))
        ol.highlighted = 0
        ol.focus()

    def _show_kinds(self) -> None:
        self.kind, self.steps, self.picked = None, [], {}
        left = o.STAFF_TIME - self._spent()
        # In hot-seat play the seat at the keyboard is offered only the orders of its own roles.
        cr = getattr(self.hy, "classroom", None)
        allowed = cr.kinds(cr.seat) if cr is not None and cr.hotseat else None
        self._fill(f"Orders (staff time left today: {left})", [(k, f"{label} ({o.COST.get(_kind(k), 1)})")
                                                                for k, label, _n in KINDS
                                                                if allowed is None or _kind(k) in allowed])

    def _next_step(self) -> None:
        if not self.steps:
            order = self._build()
            self.dismiss(order)
            return
        step = self.steps[0]
        c = self.hy.campaign
        w, s = c.world, c.state
        options: list[tuple[str, str]] = []
        if step == "unit":
            for k in sorted(w.unit_names):
                u = s.units[k]
                if u.strength <= 0:
                    continue
                where = w.places[u.position].name if u.position else "outside the city"
                if self._any_target_for(k):
                    options.append((k, f"{w.unit_names[k]} ({rough(u.strength)}) at {where}"))
        elif step == "position":
            for p in sorted(w.places, key=lambda p: w.places[p].name):
                if self._legal(self._build(target=p)):
                    options.append((p, w.places[p].name))
        elif step == "sector":
            options = [(sec, sec) for sec in w.sectors if self._legal(self._build(target=sec))]
        elif step == "officer":
            options = [(r.id, f"{r.person} ({r.title})") for r in w.scenario.roles]
        elif step == "doctrine":
            names = {"free_fire": "fire at will", "three_dont_shoot": "Three Don't-shoot: hold fire until sure",
                     "conserve": "conserve: fire only on an officer's order"}
            options = [(d, names[d]) for d in o.DOCTRINES]
        elif step == "triage":
            options = [("standard", "standard"), ("light_first", "lightly wounded first, back to the line")]
        elif step == "quarantine":
            options = [("on", "quarantine on"), ("off", "quarantine off")]
        self._fill(f"{self.kind}: choose the {step}", options)

    def _any_target_for(self, unit: str) -> bool:
        if self.steps[1:2] == ["position"]:
            c = self.hy.campaign
            return any(self._legal(self._build(unit=unit, target=p)) for p in c.world.places)
        if self.steps[1:2] == ["sector"]:
            return True
        return self._legal(self._build(unit=unit))

    def _build(self, unit: str | None = None, target: str | None = None) -> object | None:
        p = dict(self.picked)
        if unit is not None:
            p["unit"] = unit
        if target is not None:
            p["target"] = target
        u, t = p.get("unit", ""), p.get("target", "")
        match self.kind:
            case "reinforce":
                return o.Reinforce(u, t)
            case "withdraw":
                return o.Withdraw(u, t)
            case "counterattack":
                return o.Counterattack(u, t)
            case "rest":
                return o.Rest(u)
            case "raid":
                return o.Raid(u, t)
            case "inspect":
                return o.Inspect(t)
            case "consult":
                return o.Consult(t)
            case "repair":
                return o.RepairWorks(t)
            case "doctrine":
                return o.SetDoctrine(t)  # type: ignore[arg-type]
            case "airdrop":
                return o.RequestAirSupply("drop")
            case "strike":
                return o.RequestAirSupply("strike", t)
            case "triage":
                return o.Triage(t)  # type: ignore[arg-type]
            case "quarantine":
                return o.Quarantine(t == "on")
        return None

    # ---- events

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        value = event.option.id or ""
        if value == "__none__":
            return
        if self.kind is None:
            self.kind = value
            need = next(n for k, _l, n in KINDS if k == value)
            self.steps = [x for x in need.split(">") if x]
            self._next_step()
            return
        step = self.steps.pop(0)
        self.picked["unit" if step == "unit" else "target"] = value
        self._next_step()

    def action_back(self) -> None:
        if self.kind is None:
            self.dismiss(None)
        else:
            self._show_kinds()


def _kind(menu_key: str) -> str:
    return {"repair": "repair_works", "doctrine": "set_doctrine", "airdrop": "request_air_supply",
            "strike": "request_air_supply"}.get(menu_key, menu_key)


def open_orders(app: HengyangApp, done: Callable[[object | None], None]) -> None:
    """Push the orders menu; `done` receives the order (or None if the staff backed out)."""
    app.push_screen(OrdersScreen(), callback=done)
