"""Example strategy: an aggressive defence. Strike back every night, and look before you leap.

Run it:   hengyang simulate --policy examples/policies/counterpunch.py:policy --runs 20

It keeps the game's default answers to decisions, sends the reconnaissance unit to raid the sector the
scouts fear most, counter-attacks any lost position next to a strong unit, and, once a week, spends
staff time going to see the weakest front position to learn its true strength. It draws its one random
choice from `game.random`, so a seed always gives the same game.
"""

from game.engine.api import Game
from game.rules import orders as o


def policy(game: Game) -> None:
    view = game.view()

    # A raid by the reconnaissance unit on the busiest sector (the scouts' estimate).
    busiest = max(view.enemy_by_sector, key=lambda s: view.enemy_by_sector[s])
    for order in game.legal_moves("raid", sector=busiest):
        if view.units[order.unit].kind == "reconnaissance":
            game.try_push(order)
            break

    # Counter-attack lost ground with a unit of at least 400 men (the returns' figure).
    attacks = [od for od in game.legal_moves("counterattack") if view.units[od.unit].strength >= 400]
    used = set()
    for order in sorted(attacks, key=lambda od: -view.units[od.unit].strength):
        if order.unit not in used and game.try_push(order):
            used.add(order.unit)

    # Once a week, go and see; on other days, maybe repair the weakest front position. `try_push` does
    # nothing when the rules refuse (here: when the day's staff time has run out).
    front = sorted(view.front(), key=lambda p: view.positions[p].men)
    if front and view.day % 7 == 0:
        game.try_push(o.Inspect(front[0]))
    elif front and game.random.random() < 0.5:
        game.try_push(o.RepairWorks(front[0]))
