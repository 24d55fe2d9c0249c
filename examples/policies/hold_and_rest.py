"""Example strategy: hold the line the way a careful staff might, using only the staff's view.

Run it:   hengyang simulate --policy examples/policies/hold_and_rest.py:policy --runs 20

Each morning it answers the day's decisions as the 10th Corps did, holds fire from the fourth day of the
battle, sends the strongest reserve to the weakest position the enemy can reach tonight, rests tired
units that are out of the enemy's reach, and radios for an airdrop while the radio works.
"""

from game.engine.api import Game
from game.rules import orders as o


def policy(game: Game) -> None:
    view = game.view()

    # Decisions: take the option history took (unanswered, the game would do the same).
    for decision in view.decisions:
        historical = [opt for opt in decision.options if opt.historical]
        if historical:
            game.choose(decision.event, historical[0].id)

    # Hold fire until sure of a hit, from the fourth day of the battle.
    if view.days_held >= 3 and view.doctrine != "three_dont_shoot":
        game.try_push(o.SetDoctrine("three_dont_shoot"))

    # The weakest front position gets the strongest battalion that stands in the rear with company.
    front = sorted(view.front(), key=lambda p: view.positions[p].men)
    reserves = sorted(
        (u for u in view.units.values()
         if u.position and not view.positions[u.position].front and u.kind == "infantry"
         and u.strength >= 300 and len(view.positions[u.position].units) > 1),
        key=lambda u: -u.strength,
    )
    if front and reserves and view.positions[front[0]].men < 500:
        game.try_push(o.Reinforce(reserves[0].id, front[0]))

    # Rest whoever is worn out and may rest (the rules refuse a unit in the front line).
    for unit in view.units.values():
        if unit.fatigue in ("worn", "exhausted"):
            game.try_push(o.Rest(unit.id))

    # Ask for supplies every day while the radio works.
    if view.radio:
        game.try_push(o.RequestAirSupply("drop"))
