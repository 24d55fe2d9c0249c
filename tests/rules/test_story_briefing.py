"""The morning briefing and the war diary: the key reports come before the first order is given, on the
first day and on every lesson's first day, and the diary survives a save and a load."""

from __future__ import annotations

import pytest

from game.engine import umpire
from game.engine.policies import POLICIES
from game.engine.session import Session
from game.rules.narrative import morning_reports


def test_day_zero_briefing_comes_before_any_order(world):
    s = Session.new(world, 1)
    b = s.briefing()
    assert b.day == 0 and b.lines[0].startswith("Morning briefing, 22 June 1944")
    assert "order_to_hold" in b.reports  # "ten days to two weeks", before the first day is spent
    assert any("men under arms" in ln for ln in b.lines) and any(ln.startswith("Stocks:") for ln in b.lines)
    out = s.end_day()
    # Told in the morning, not again at the end of the day; they still fire (the state records them).
    assert not set(b.reports) & set(out.reports)
    assert set(b.reports) <= s.state.fired


def test_without_a_briefing_the_reports_come_at_the_end_of_the_day(world):
    s = Session.new(world, 1)
    sure = morning_reports(world, s.state)
    out = s.end_day()
    assert set(sure) <= set(out.reports)


@pytest.mark.parametrize("preset", ["full_campaign", "first_offensive", "second_offensive", "third_offensive",
                                    "last_five_days"])
def test_every_lesson_starts_with_a_briefing(world, preset):
    s = Session.new(world, 3)
    p = umpire.preset_by_id(world, preset)
    if world.day_of(p.start) > 0:
        s.umpire_jump(preset)
    b = s.briefing()
    assert b.date == p.start
    assert b.lines[0].startswith(f"Morning briefing, {p.start.day} {p.start:%B %Y}")
    # The situation is the state's: the positions line counts what the map shows.
    held = sum(1 for x in s.state.positions.values() if x.controller == "chinese")
    assert any(ln.startswith(f"The line: {held} of ") for ln in b.lines)


def test_a_seat_that_does_not_see_the_stocks_is_not_told_them(world):
    from dataclasses import replace

    s = Session.new(world, 1)
    s.seat = replace(s.seat, sees=frozenset({"map", "log"}))
    b = s.briefing()
    assert not any(ln.startswith(("Stocks:", "The corps:", "The enemy:")) for ln in b.lines)


def test_the_war_diary_survives_a_save_and_a_load(world, tmp_path):
    s = Session.new(world, 2)
    for _ in range(9):
        s.book.restore(POLICIES["historical"](s.campaign))
        s.end_day()
    before = [(d.day, [h.text for h in d.happenings]) for d in s.war_diary()]
    assert len(before) == 9 and all(lines for _d, lines in before)
    path = s.save(tmp_path / "g.json")
    loaded = Session.load(path, world).session
    after = [(d.day, [h.text for h in d.happenings]) for d in loaded.war_diary()]
    assert after == before
