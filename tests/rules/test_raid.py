"""A raid is paid for: the raiders' grenades leave the depot whatever the raid's luck, and a group sent out
short of grenades is less likely to get through."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from game.rules import orders as o
from game.rules.combat import RAID_GRENADES, raid, raid_chance, raid_grenades
from game.rules.preview import expected
from game.rules.rng import Rng
from game.rules.world import initial_state
from tests.strategies import built_in_world

WORLD = built_in_world()


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**31), stock=st.floats(0, 5000))
def test_raid_takes_the_raiders_grenades(seed: int, stock: float) -> None:
    s = initial_state(WORLD, seed)
    s.stocks["grenades"] = stock
    s.pools["south"] = 5000
    men = s.units["recon"].strength
    raid(WORLD, s, "recon", "south", Rng(seed), [])
    assert s.stocks["grenades"] == max(0.0, stock - men * RAID_GRENADES)


def test_short_of_grenades_the_raid_is_less_likely() -> None:
    s = initial_state(WORLD, 1)
    full = raid_chance(WORLD, s, "recon")
    s.stocks["grenades"] = s.units["recon"].strength * RAID_GRENADES / 2
    half = raid_chance(WORLD, s, "recon")
    s.stocks["grenades"] = 0.0
    none = raid_chance(WORLD, s, "recon")
    assert full > half > none > 0
    assert raid_grenades(s, "recon") == 0.0


def test_the_preview_names_the_grenades() -> None:
    s = initial_state(WORLD, 1)
    s.day = WORLD.battle_start_day
    pv = expected(WORLD, s, o.Raid("recon", "south"))
    assert any("grenades" in line for line in pv.lines), pv
