"""The ending sequence: the end of the battle is told after every ending, adapted to it.

Every ending the scenario defines (and the umpire's) is reached here by the game's own path: the
ceasefire by the staff's decision, a breakout by ordering one, the umpire's by the umpire, and each of
the others by making its condition the one that holds tonight. After each, the sequence (the events
marked `epilogue`) must have fired that day, be told with facts the state makes true, and say which
telling is the player's and which is 1944's.
"""

from __future__ import annotations

import dataclasses

import pytest

from game.engine import umpire
from game.engine.campaign import Campaign
from game.engine.policies import POLICIES
from game.rules import orders as o
from game.rules.narrative import ending_sequence, tell, unfilled
from game.scenario import models as m

#: The five end-of-battle events of issue 12 and their successors.
END_EVENTS = ("two_versions_of_contact", "fang_pistol", "catholic_church_meeting", "telegram_never_arrived",
              "aftermath_fang_rescued")


def _play_to(world, seed, date):
    c = Campaign.new(world, seed)
    day = world.day_of(date)
    while c.state.day < day and not c.over:
        c.end_day(POLICIES["historical"](c))
    assert not c.over
    return c


def _only(world, ending_id):
    """The world with a single ending, which holds from today: the path `_endings` takes every night."""
    en = world.ending_by_id[ending_id]
    forced = en.model_copy(update={"condition": m.DateCond(after=world.start)})
    return dataclasses.replace(world, endings=[forced])


def _sequence_checked(c, fired):
    w, s = c.world, c.state
    seq = [e.id for e in w.events if e.trigger.epilogue]
    assert seq, "the scenario has an ending sequence"
    told = [e for e in fired if e in seq]
    assert set(END_EVENTS) <= set(told), f"ending {s.ending}: told {told}"
    for eid in told:
        t = tell(w, s, w.event_by_id[eid])
        assert not t.failed, (s.ending, eid, t.failed)
        assert not unfilled(t.text), (s.ending, eid)
        # History is marked as history: every telling speaks of 1944 in so many words.
        assert "1944" in t.text, (s.ending, eid)
    assert [x[0] for x in ending_sequence(w, s)] == [e for e in seq if e in s.fired]
    return {eid: tell(w, s, w.event_by_id[eid]) for eid in told}


def test_the_historical_ceasefire_tells_the_whole_end(world):
    for seed in range(1, 20):  # the first historical game that ends as 1944 did (most do; not every one)
        c = Campaign.new(world, seed)
        while not c.over:
            res = c.end_day(POLICIES["historical"](c))
        if c.state.ending == "ceasefire":
            break
    assert c.state.ending == "ceasefire"
    told = _sequence_checked(c, res.fired)
    # The player's own envoy, and the dispute over the word, told as the player's ending.
    assert told["two_versions_of_contact"].variant is None
    assert told["catholic_church_meeting"].variant is None


@pytest.mark.parametrize("ending", ["city_falls", "collapse", "abandoned", "breakout", "breakout_failed",
                                    "relief", "held"])
def test_every_ending_is_followed_by_the_sequence(world, ending):
    c = _play_to(world, 3, world.start.replace(month=7, day=25))
    c.world = _only(world, ending)
    if ending == "city_falls":
        c.state.positions[world.hq].controller = "japanese"
    if ending in ("breakout", "abandoned"):
        c.state.flags.add("broke_out")
    res = c.end_day([])
    assert c.state.ending == ending
    told = _sequence_checked(c, res.fired)
    if ending == "city_falls":
        assert told["fang_pistol"].variant is None  # the overrun headquarters is the player's, 1944's beside it
    if ending == "relief":
        assert told["telegram_never_arrived"].variant is None
    # No ending but the ceasefire tells the player's envoy or talks.
    assert told["two_versions_of_contact"].variant is not None
    assert told["catholic_church_meeting"].variant is not None


def test_an_ordered_breakout_ends_with_the_sequence(world):
    seen = set()
    for seed in range(1, 40):
        c = _play_to(world, seed, world.start.replace(month=7, day=25))
        res = c.end_day([o.Breakout()])
        assert c.state.ending in ("breakout", "breakout_failed", "abandoned")
        _sequence_checked(c, res.fired)
        seen.add(c.state.ending)
        if len(seen) == 2:
            break
    assert len(seen) == 2, seen


def test_the_umpire_ending_is_followed_by_the_sequence(world):
    c = _play_to(world, 2, world.start.replace(month=7, day=1))
    umpire.end_early(c)
    _sequence_checked(c, c.log[-1].fired)


def test_the_end_events_are_shown_in_nearly_every_historical_game(world):
    seeds = range(1, 21)
    shown = {e: 0 for e in END_EVENTS}
    for seed in seeds:
        c = Campaign.new(world, seed)
        while not c.over:
            c.end_day(POLICIES["historical"](c))
        for e in END_EVENTS:
            shown[e] += e in c.state.fired
    assert all(n >= 0.9 * len(seeds) for n in shown.values()), shown


def test_the_city_falls_ending_tells_1944_as_1944(world):
    text = " ".join(world.ending_by_id["city_falls"].text.split())
    # 8 August's break-in is history beside the player's fall, never the player's own alternative.
    at = text.find("five in the morning")
    assert at == -1 or text.rfind("In 1944", 0, at) != -1


def test_an_epilogue_event_cannot_ask_a_decision():
    with pytest.raises(ValueError, match="ending sequence"):
        m.Event.model_validate({
            "id": "x", "title": "An end", "trigger": {"epilogue": True}, "text": "a" * 30,
            "choices": [{"id": "a", "label": "Aa"}], "sources": [{"seed": "s", "quote": "abcdefgh"}]})


def test_an_epilogue_event_never_fires_by_date(world):
    for d in range(world.last_day + 1):
        assert not any(e.trigger.epilogue for e in world.events_on(d))


def test_a_defeat_never_tells_the_headquarters_as_still_held(world):
    for ending in ("collapse", "breakout_failed"):
        c = _play_to(world, 4, world.start.replace(month=7, day=20))
        c.world = _only(world, ending)
        res = c.end_day([])
        for eid in res.fired:
            text = tell(world, c.state, world.event_by_id[eid]).text
            assert "still in Chinese hands" not in text, (ending, eid)


def test_the_debrief_and_the_report_show_the_sequence(world, tmp_path):
    from game.classroom.report import build_report, render_html, render_md
    from game.engine.saves import save
    from game.tui.screens.debrief import debrief_text

    c = Campaign.new(world, 1)
    while not c.over:
        c.end_day(POLICIES["historical"](c))
    titles = [t for _e, t, _x in ending_sequence(world, c.state)]
    assert len(titles) >= len(END_EVENTS)
    shown = debrief_text(c).plain
    assert all(t in shown for t in titles)
    rep = build_report(save(c, tmp_path / "end.json"), world)
    md, html = render_md(rep), render_html(rep)
    assert "## How it ended" in md and all(t in md for t in titles)
    assert "How it ended" in html
    # The classroom's summaries replace the tagged tellings (the pistol) in both.
    summary = " ".join(debrief_text(c, "summary").plain.split())
    pistol = world.event_by_id["fang_pistol"]
    assert " ".join(pistol.summary.split()) in summary
    assert "Baggage Regiment" not in summary and "Baggage Regiment" in shown
