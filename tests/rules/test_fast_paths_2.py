"""More fast paths against the plain versions they replaced (kept here): the night's own values with resting men
summed apart, the front read from the compiled map, garrisons ranked without a sort key, the morning's clone.

States come from seeded campaigns, bent by hypothesis (ground changing hands, units thinned, some men resting);
each comparison was seen failing on a deliberately broken fast path.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from game.rules import combat
from game.rules.ground import _exposed, garrison, garrison_index
from game.rules.state import State
from game.rules.world import FRONT_LINES, World
from tests.rules.test_fast_paths import SETTINGS, WORLD, _bent, states


def _rested(s: State, data: st.DataObject) -> State:
    """`_bent`, and some units resting (the night counts them for half and they lend no flanking fire)."""
    for k in data.draw(st.lists(st.sampled_from(sorted(s.units)), max_size=8)):
        s.units[k].rested = True
    return s


# --------------------------------------------------------------------------- the night's own values


def _plain_own_values(world: World, s: State, idx: dict[str, list[str]],
                      need: frozenset[str] | None) -> tuple[dict[str, float], dict[str, float]]:
    """Every position's own value and what it lends, through the plain `_own_pair` (one call each)."""
    own = dict.fromkeys(s.positions, 0.0)
    lend = dict.fromkeys(s.positions, 0.0)
    for p in idx:
        if s.positions[p].controller != "chinese" or (need is not None and p not in need):
            continue
        own[p], lend[p] = combat._own_pair(world, s, p, idx)
    if "shells_ground" in s.flags and own[world.hq] > 0.0:
        own[world.hq] *= combat.GRINDING_HQ
    return own, lend


@SETTINGS
@given(s=states, data=st.data(), grinding=st.booleans())
def test_own_values_are_the_plain_pairs_bit_for_bit(s: State, data: st.DataObject, grinding: bool) -> None:
    t = _rested(_bent(s, data), data)
    if grinding:
        t.flags.add("shells_ground")
    idx = garrison_index(t)
    need = None if data.draw(st.booleans()) else frozenset(data.draw(st.lists(st.sampled_from(sorted(t.positions)))))
    # == on floats: the same sums in the same order give the same bits, and nothing less will do
    assert combat._own_values(WORLD, t, idx, need) == _plain_own_values(WORLD, t, idx, need)


def test_own_values_see_resting_men_in_the_seeded_states() -> None:
    """The comparison above is not vacuous: resting garrisons that also hold men not resting occur."""
    from tests.rules.test_fast_paths import _states

    mixed = 0
    for s in _states():
        idx = garrison_index(s)
        for ks in idx.values():
            rest = {s.units[k].rested for k in ks}
            mixed += rest == {True, False}
    assert mixed > 0


# --------------------------------------------------------------------------- the front


def _plain_exposed(world: World, s: State) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {sec: [] for sec in world.sectors}
    for pid, ps in s.positions.items():
        if ps.controller != "chinese":
            continue
        place = world.places[pid]
        secs: set[str] = set()
        if place.line in FRONT_LINES:
            secs.add(place.sector)
        for a in place.adjacent:
            if s.positions[a].controller == "japanese":
                secs.add(world.places[a].sector)
        for sec in secs:
            out[sec].append(pid)
    return out


@SETTINGS
@given(s=states, data=st.data())
def test_front_from_the_compiled_map_is_the_plain_front(s: State, data: st.DataObject) -> None:
    t = _bent(s, data)
    assert _exposed(WORLD, t) == _plain_exposed(WORLD, t)


# --------------------------------------------------------------------------- garrisons and the clone


def _plain_garrison(s: State, pos: str) -> list[str]:
    units = [(u.strength, k) for k, u in s.units.items() if u.position == pos and u.strength > 0]
    return [k for _, k in sorted(units, key=lambda t: (-t[0], t[1]))]


@SETTINGS
@given(s=states, data=st.data())
def test_garrisons_rank_as_the_keyed_sort(s: State, data: st.DataObject) -> None:
    t = _bent(s, data)
    for k in data.draw(st.lists(st.sampled_from(sorted(t.units)), max_size=10)):  # ties in strength
        t.units[k].strength = 400
    for pos in t.positions:
        assert garrison(t, pos) == _plain_garrison(t, pos)


@SETTINGS
@given(s=states, data=st.data(), unrested=st.booleans())
def test_clone_is_an_equal_and_separate_copy(s: State, data: st.DataObject, unrested: bool) -> None:
    t = _rested(_bent(s, data), data)
    before = t.to_json()
    n = t.clone(unrested=unrested)
    want = dict(before)
    if unrested:
        want["units"] = {k: {**u, "rested": False} for k, u in before["units"].items()}
    assert n.to_json() == want
    for k in n.units:  # nothing shared: changing the copy leaves the original as it was
        n.units[k].strength += 1
        n.units[k].rested = not n.units[k].rested
    for p in n.positions:
        n.positions[p].works += 1.0
    assert t.to_json() == before
