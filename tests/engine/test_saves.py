import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.engine import saves
from game.engine.campaign import Campaign
from game.engine.policies import POLICIES, play
from tests.strategies import built_in_world, day_orders

WORLD = built_in_world()


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 2**31), days=st.lists(day_orders(WORLD), max_size=12))
def test_save_then_load_reproduces_the_hash(tmp_path_factory, seed, days):
    c = Campaign.new(WORLD, seed)
    for orders in days:
        c.end_day(orders)
    path = tmp_path_factory.mktemp("s") / "game.json"
    saves.save(c, path)
    again = saves.replay(saves.read_save(path), WORLD)
    assert again.hash() == c.hash()
    assert again.state.day == c.state.day


def test_whole_campaign_round_trips(tmp_path):
    c = play(Campaign.new(WORLD, 11), POLICIES["historical"])
    path = saves.save(c, tmp_path / "full.json")
    assert saves.replay(saves.read_save(path), WORLD).result() == c.result()


def test_atomic_write_leaves_no_temp_files(tmp_path):
    c = Campaign.new(WORLD, 1)
    c.end_day([])
    saves.save(c, tmp_path / "a.json")
    saves.save(c, tmp_path / "a.json")
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]


@pytest.mark.parametrize("content", [
    "", "{", "[]", '{"format": "hengyang-save"}', "\x00\x01garbage",
])
def test_corrupt_save_is_refused_and_left_in_place(tmp_path, content):
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(saves.SaveError):
        saves.replay(saves.read_save(path), WORLD)
    assert path.read_text() == content


def test_tampered_save_does_not_reproduce(tmp_path):
    c = Campaign.new(WORLD, 2)
    for _ in range(5):
        c.end_day([])
    path = saves.save(c, tmp_path / "t.json")
    data = json.loads(path.read_text())
    data["seed"] = 3
    path.write_text(json.dumps(data))
    with pytest.raises(saves.SaveError, match="checksum does not match"):
        saves.read_save(path)
    path.write_text(json.dumps(saves.seal(data)))
    with pytest.raises(saves.SaveError, match="does not reproduce"):
        saves.replay(saves.read_save(path), WORLD)
