"""A download from the browser is named for the day the game shows: a finished game's file carries the day it
ended, not the morning after (the state has moved on by the time the ending is told)."""

from __future__ import annotations

from types import SimpleNamespace

from game.classroom.browser import _filename
from game.engine.campaign import Campaign
from game.engine.policies import POLICIES
from game.engine.session import screen_day
from tests.strategies import built_in_world


def test_a_finished_games_download_is_dated_the_day_it_ended(monkeypatch) -> None:
    monkeypatch.delenv("HENGYANG_SESSION", raising=False)
    w = built_in_world()
    c = Campaign.new(w, 1)
    while not c.over:
        c.end_day(POLICIES["historical"](c))
    assert c.state.ending_day is not None and c.state.day != c.state.ending_day
    name = _filename(SimpleNamespace(campaign=c), "save", "json")
    assert w.date(c.state.ending_day).isoformat() in name, name
    assert screen_day(c.state) == c.state.ending_day


def test_a_game_in_play_is_dated_today() -> None:
    w = built_in_world()
    c = Campaign.new(w, 1)
    c.end_day([])
    assert w.date(c.state.day).isoformat() in _filename(SimpleNamespace(campaign=c), "report", "html")
