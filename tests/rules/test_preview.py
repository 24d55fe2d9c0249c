"""Previews of an order: the figures agree with what the rules then do."""

from __future__ import annotations

from game.engine.campaign import Campaign
from game.engine.policies import POLICIES
from game.rules import catalogue as cat
from game.rules import orders as o
from game.rules.combat import counterattack
from game.rules.preview import chance_above, enemy_estimate, expected, night_fire
from game.rules.rng import Rng, seed_state
from game.rules.world import initial_state
from tests.strategies import built_in_world

W = built_in_world()


def morning(days: int, seed: int = 1):
    c = Campaign.new(W, seed)
    for _ in range(days):
        c.end_day(POLICIES["historical"](c))
    return c.state


def test_chance_above():
    assert chance_above(0.5, 0.7, 1.3) == 1.0 and chance_above(2.0, 0.7, 1.3) == 0.0
    assert abs(chance_above(1.0, 0.7, 1.3) - 0.5) < 1e-9


def test_counterattack_odds_match_the_rule_played_many_times():
    s = morning(28)
    form = cat.FORMS["counterattack"][1]
    pairs = [(u, t) for u, _ in cat.legal_targets(W, s, form) for t, _ in cat.legal_targets(W, s, form, {"unit": u})]
    assert pairs, "by late July some Japanese-held ground lies next to our units"
    checked = 0
    for unit, target in pairs[:6]:
        p = expected(W, s, o.Counterattack(unit, target))
        assert p.refused is None and p.odds is not None
        wins = 0
        n = 400
        for i in range(n):
            t = s.clone()
            counterattack(W, t, unit, target, Rng(seed_state(i)), [])
            wins += t.positions[target].controller == "chinese"
        assert abs(wins / n - p.odds) < 0.08, (unit, target, wins / n, p.odds)
        checked += 1
    assert checked


def test_a_refused_order_says_why():
    s = initial_state(W, 1)
    p = expected(W, s, o.Ceasefire())
    assert p.refused == "the battle has not begun" and "Not possible now" in p.text()


def test_doctrine_preview_shows_what_a_night_fires():
    s = morning(8)  # the first offensive: attacks expected tonight
    free, conserve = night_fire(W, s, "free_fire"), night_fire(W, s, "conserve")
    assert free.sectors and free.attackers > 0
    assert conserve.use["mg_rounds"] < free.use["mg_rounds"]
    text = expected(W, s, o.SetDoctrine("conserve")).text()
    assert "MG rounds" in text and "grenades" in text
    quiet = initial_state(W, 1)  # before the battle
    assert not night_fire(W, quiet, "free_fire").sectors
    assert "No attack is expected tonight" in expected(W, quiet, o.SetDoctrine("conserve")).text()


def test_enemy_estimate_at_a_japanese_held_position():
    s = morning(30)
    held = [p for p, ps in s.positions.items() if ps.controller == "japanese"]
    assert held
    line = enemy_estimate(W, s, held[0])[0]
    assert "The Japanese hold it with about" in line and "men (estimate)" in line


def test_every_order_previews_without_raising():
    s = morning(20)
    for spec in cat.CATALOGUE:
        for form in spec.forms:
            values = {}
            for sl in form.slots:
                cands = cat.candidates(W, s, sl.type, values)
                if not cands:
                    break
                values[sl.name] = cands[0][0]
            else:
                p = expected(W, s, cat.build(form, values))
                assert p.title
