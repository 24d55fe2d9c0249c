"""Relief is a counterfactual the staff must reach for: the night talk's third answer (fight on and send a
battalion west to meet the columns) pays in men for a path a column may come by, from 6 August only; history's
answer, or fighting on without it, does not get through in these games."""

from __future__ import annotations

import copy
import datetime as dt

from game.engine import levers as lv
from game.engine.api import Game, play
from game.rules.effects import resolve_choice
from tests.strategies import built_in_world

W = built_in_world()
SEEDS = range(1, 121)
_HIST = lv.baseline_strategy("historical")


def _answer(option: str):
    def strategy(game: Game) -> None:
        _HIST(game)
        for d in game.view().decisions:
            if d.event == "ceasefire_night_talk":
                game.choose(d.event, option)
    strategy.__name__ = option
    return strategy


def test_the_battalion_sent_west_is_paid_for_and_opens_the_only_path() -> None:
    corridor = [play(Game.new(s, W), _answer("meet_the_relief")) for s in SEEDS]
    fight_on = [play(Game.new(s, W), _answer("fight_on")) for s in SEEDS]
    relieved = [g for g in corridor if g.result()["ending"] == "relief"]
    assert relieved, "no game of the corridor answer reached relief"
    assert len(relieved) <= 0.2 * len(SEEDS)  # a rare counterfactual, not a way to win
    assert all(dt.date.fromisoformat(g.result()["end_date"]) >= dt.date(1944, 8, 6) for g in relieved)
    assert not [g for g in fight_on if g.result()["ending"] == "relief"]
    # the sortie costs men: answered on the same morning, the 9th Regiment has 200 fewer men than fighting on
    g = next(g for g in fight_on if "ceasefire_night_talk" in g.campaign.state.fired)
    seed = g.seed
    game = Game.new(seed, W)
    while "ceasefire_night_talk" not in game.campaign.state.pending:
        _HIST(game)
        game.end_day()
    after = {}
    for option in ("fight_on", "meet_the_relief"):
        s = copy.deepcopy(game.campaign.state)
        resolve_choice(W, s, "ceasefire_night_talk", option, [])
        after[option] = s
    r9 = {k: sum(u.strength for i, u in s.units.items() if i.startswith("r9_")) for k, s in after.items()}
    assert r9["fight_on"] - r9["meet_the_relief"] == min(200, r9["fight_on"])
    assert "relief_corridor" in after["meet_the_relief"].flags and "relief_corridor" not in after["fight_on"].flags
    assert "ceasefire_refused" in after["meet_the_relief"].flags
