import json

import pytest

from game.engine import saves, umpire
from game.engine.campaign import Campaign
from game.engine.policies import POLICIES, play


def test_start_at_preset_plays_history_up_to_the_offensive(world):
    c = umpire.start_at_preset(world, 1, "second_offensive")
    assert world.date(c.state.day).isoformat() == "1944-07-10"
    assert len(c.log) == c.state.day and not c.over
    assert "recall_8th" in c.state.fired and c.state.choices["recall_8th"] == "recall"
    # Same as playing the historical policy for those days by hand.
    ref = Campaign.new(world, 1)
    for _ in range(c.state.day):
        ref.end_day(POLICIES["historical"](ref))
    assert ref.hash() == c.hash()


def test_full_campaign_preset_starts_on_day_zero(world):
    c = umpire.start_at_preset(world, 3, "full_campaign")
    assert c.state.day == 0 and c.log == []


def test_unknown_preset_and_policy(world):
    with pytest.raises(umpire.UmpireError, match="first_offensive"):
        umpire.start_at_preset(world, 1, "nope")
    with pytest.raises(umpire.UmpireError, match="policy"):
        umpire.start_at_preset(world, 1, "first_offensive", policy="nope")


def test_inject_event_fires_it_now(world):
    c = umpire.start_at_preset(world, 1, "first_offensive")
    before = c.state
    grenades = c.state.stocks["grenades"]
    a = umpire.inject_event(c, "grinding_mortar_bombs")
    assert c.state is not before and "grinding_mortar_bombs" not in before.fired  # cloned, not mutated
    assert "grinding_mortar_bombs" in c.state.fired and c.state.pending[-1] == "grinding_mortar_bombs"
    assert a.action == "inject" and a.at == len(c.log) and a.day == c.state.day
    assert any(h.phase == "umpire" and h.where == "grinding_mortar_bombs" for h in c.log[-1].happenings)
    assert c.state.stocks["grenades"] <= grenades
    # The staff can answer it with an ordinary order the next day.
    from game.rules.orders import Choose

    c.end_day([Choose("grinding_mortar_bombs", "silence_mortars")])
    assert c.state.choices["grinding_mortar_bombs"] == "silence_mortars" and not c.state.pending
    with pytest.raises(umpire.UmpireError, match="already fired"):
        umpire.inject_event(c, "grinding_mortar_bombs")
    with pytest.raises(umpire.UmpireError, match="no event"):
        umpire.inject_event(c, "no_such_event")


def test_skip_future_and_pending_events(world):
    c = umpire.start_at_preset(world, 1, "first_offensive")
    umpire.skip_event(c, "summit_breakout_debate")
    umpire.inject_event(c, "recall_8th")
    umpire.skip_event(c, "recall_8th")
    assert "recall_8th" not in c.state.pending and "recall_8th" not in c.state.choices
    play(c, POLICIES["historical"])
    assert "summit_breakout_debate" not in c.state.choices
    assert "recall_8th" not in c.state.choices
    assert any(h.phase == "umpire" for rec in c.log for h in rec.happenings)


def test_skip_refuses_an_event_already_fired(world):
    c = umpire.start_at_preset(world, 1, "second_offensive")
    with pytest.raises(umpire.UmpireError, match="already fired"):
        umpire.skip_event(c, "three_dont_shoot")


def test_end_early(world):
    c = umpire.start_at_preset(world, 1, "first_offensive")
    umpire.end_early(c)
    assert c.over and c.state.ending == "umpire"
    r = c.result()
    assert r["ending"] == "umpire" and r["ending_title"] is None
    assert umpire.ending_title(c) == umpire.UMPIRE_ENDING_TITLE
    assert r["days_held"] == world.days_held(c.state.day - 1)
    c.end_day([])  # nothing happens after the end
    assert len(c.log) == c.state.day
    with pytest.raises(umpire.UmpireError):
        umpire.end_early(c)


def test_advance_to_jumps_a_running_campaign(world):
    import datetime as dt

    c = Campaign.new(world, 4)
    umpire.advance_to(c, dt.date(1944, 7, 1))
    assert world.date(c.state.day) == dt.date(1944, 7, 1)
    with pytest.raises(umpire.UmpireError, match="outside"):
        umpire.advance_to(c, dt.date(1950, 1, 1))


def test_umpire_actions_replay_from_the_save_meta(world, tmp_path):
    s = umpire.UmpireSession(umpire.start_at_preset(world, 5, "second_offensive"), meta={"preset": "second_offensive"})
    s.inject("grinding_mortar_bombs")
    s.skip("second_offensive_opens")
    for _ in range(3):
        s.campaign.end_day(POLICIES["historical"](s.campaign))
    s.end()
    path = s.save(tmp_path / "lesson.json")
    sf = saves.read_save(path)
    assert [a["action"] for a in sf.meta["umpire"]] == ["inject", "skip", "end"]
    c = umpire.replay(sf, world)
    assert c.hash() == s.campaign.hash() and c.state.ending == "umpire"
    # A plain replay does not know about the umpire and refuses the save.
    with pytest.raises(saves.SaveError, match="does not reproduce"):
        saves.replay(sf, world)


def test_corrupt_umpire_meta_is_a_save_error(world, tmp_path):
    c = umpire.start_at_preset(world, 5, "first_offensive")
    # the game never writes what it would refuse to read
    with pytest.raises(saves.SaveError, match="umpire"):
        saves.save(c, tmp_path / "x.json", meta={"umpire": [{"at": 1, "action": "explode"}]})
    assert not (tmp_path / "x.json").exists()
    # nor does it read it from a file whose checksum was made to match
    path = saves.save(c, tmp_path / "y.json")
    data = json.loads(path.read_text())
    data["meta"]["umpire"] = [{"at": 1, "day": 1, "action": "explode"}]
    path.write_text(json.dumps(saves.seal(data)))
    with pytest.raises(saves.SaveError, match="umpire"):
        umpire.replay(saves.read_save(path), world)
