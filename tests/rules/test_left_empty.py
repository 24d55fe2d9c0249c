"""Works emptied in front of the enemy are his: a move that takes the last men out of a position the Japanese
can attack gives it up that night (the preview says so); emptied behind the line, a position stays ours."""

from __future__ import annotations

from game.engine.api import Game
from game.rules.ground import is_exposed
from game.rules.preview import expected
from tests.strategies import built_in_world

W = built_in_world()


def _first_morning() -> Game:
    """Seed 3 on its first morning of battle."""
    g = Game.new(3, W)
    while g.date < g.view().battle_start:
        g.end_day()
    return g


def _garrisons(g: Game) -> list[tuple[str, list[str]]]:
    """Each Chinese-held position with the units standing in it."""
    s = g.campaign.state
    return [(pos, [k for k, u in s.units.items() if u.position == pos and u.strength > 0])
            for pos in sorted(s.positions) if s.positions[pos].controller == "chinese"]


def _last_men_out(exposed: bool) -> tuple[Game, str, object]:
    """A game on its first morning of battle, a position held by one unit (exposed or not, as asked) and a
    legal order moving that unit out."""
    g = _first_morning()
    s = g.campaign.state
    for pos, here in _garrisons(g):
        if len(here) != 1 or is_exposed(W, s, pos) != exposed:
            continue
        moves = g.legal_moves("withdraw", unit=here[0]) or g.legal_moves("reinforce", unit=here[0])
        if moves:
            return g, pos, moves[0]
    raise AssertionError("no such position on seed 3")


def test_the_last_men_out_of_an_exposed_post_give_it_up() -> None:
    g, pos, move = _last_men_out(exposed=True)
    lines = expected(W, g.campaign.state, move).lines  # type: ignore[arg-type]
    assert any("left empty in front of the enemy" in ln for ln in lines), lines
    g.push(move)
    g.end_day()
    assert g.campaign.state.positions[pos].controller == "japanese"


def test_a_post_emptied_behind_the_line_stays_ours() -> None:
    g, pos, move = _last_men_out(exposed=False)
    g.push(move)
    g.end_day()
    assert g.campaign.state.positions[pos].controller == "chinese"


def test_a_relief_arriving_the_same_night_leaves_nothing_bare() -> None:
    """The order the moves were given in does not matter: the battalion that leaves first and the one that
    arrives after it leave the post held."""
    g, pos, move = _last_men_out(exposed=True)
    relief = next((m for m in g.legal_moves("reinforce") if m.to == pos and m.unit != move.unit), None)  # type: ignore[attr-defined]
    assert relief is not None, "no unit can reinforce that post on seed 3"
    g.push(move)
    g.push(relief)
    g.end_day()
    s = g.campaign.state
    assert s.positions[pos].controller == "chinese"
    assert s.units[relief.unit].position == pos


def test_the_preview_counts_the_days_other_moves() -> None:
    """Every battalion ordered out of the same exposed post: the last order's preview, seen with the others
    queued, warns that the post would be lost (alone, it would not say so); the post is lost that night."""
    g = _first_morning()
    s = g.campaign.state
    for pos, here in _garrisons(g):
        if len(here) < 2 or not is_exposed(W, s, pos):
            continue
        moves = [next(iter(g.legal_moves("withdraw", unit=k) or g.legal_moves("reinforce", unit=k)), None)
                 for k in here]
        if None in moves:
            continue
        *others, last = moves
        alone = expected(W, s, last).lines  # type: ignore[arg-type]
        assert not any("left empty" in ln for ln in alone), alone
        for mv in others:
            g.push(mv)
        assert any("left empty in front of the enemy" in ln for ln in g.preview(last).lines)
        g.push(last)
        g.end_day()
        assert g.campaign.state.positions[pos].controller == "japanese"
        return
    raise AssertionError("no exposed post held by several units with a move each on seed 3")
