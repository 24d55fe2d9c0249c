"""Who stands where and what joins what: garrisons, the front the enemy can reach, the ground still
joined to the headquarters. Pure functions of the state, shared by the rules, the policies and the map."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from game.rules.state import State
from game.rules.world import FRONT_LINES, World


def garrison(s: State, pos: str) -> list[str]:
    """Ids of units standing at a position, largest first (ties by id, for determinism)."""
    # (-men, id) pairs sort as the key (-men, id) would, the ids being unique, with no key called per unit.
    units = [(-u.strength, k) for k, u in s.units.items() if u.position == pos and u.strength > 0]
    units.sort()
    return [k for _, k in units]


def garrison_strength(s: State, pos: str) -> int:
    """Men at a position."""
    return sum(u.strength for u in s.units.values() if u.position == pos)


_EXPOSED_CACHE: dict[tuple[int, tuple[str, ...]], Mapping[str, tuple[str, ...]]] = {}
_CONNECTED_CACHE: dict[tuple[int, tuple[str, ...]], frozenset[str]] = {}


def controllers(s: State) -> tuple[str, ...]:
    """Who holds each position, in the state's order: the key `exposed` and `connected` are memoised on
    (a caller asking both of one unchanged state can reckon it once and pass it to each)."""
    # A list comprehension, not map(attrgetter(...)): the specialised slot reads of the loop are twice as fast.
    return tuple([p.controller for p in s.positions.values()])


_controllers = controllers


def exposed(world: World, s: State, held: tuple[str, ...] | None = None) -> Mapping[str, tuple[str, ...]]:
    """For each sector, the Chinese-held positions its troops can attack tonight.

    A pure function of who holds what, asked several times a day (rules, policies, the map), so it is
    memoised on the controllers (`held`: `controllers(s)`, if already reckoned). The answer is shared:
    read it, never change it.
    """
    key = (id(world), held if held is not None else controllers(s))
    hit = _EXPOSED_CACHE.get(key)
    if hit is None:
        if len(_EXPOSED_CACHE) > 4096:
            _EXPOSED_CACHE.clear()
        hit = MappingProxyType({k: tuple(v) for k, v in _exposed(world, s).items()})
        _EXPOSED_CACHE[key] = hit
    return hit


def _exposed(world: World, s: State) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {sec: [] for sec in world.sectors}
    positions, fronts = s.positions, world.fronts
    for pid, ps in positions.items():
        if ps.controller != "chinese":
            continue
        front, neighbours = fronts[pid]  # the compiled map: the place's front sector, its neighbours' sectors
        secs: set[str] = set()
        if front is not None:
            secs.add(front)
        for a, sec in neighbours:
            if positions[a].controller == "japanese":
                secs.add(sec)
        for sec in secs:
            out[sec].append(pid)
    return out


def is_exposed(world: World, s: State, pos: str) -> bool:
    """Whether the enemy can attack this Chinese-held position tonight."""
    place = world.places[pos]
    if place.line in FRONT_LINES:
        return True
    positions = s.positions
    for a in place.adjacent:  # any() written out: a generator costs more than the test (twice a day)
        if positions[a].controller == "japanese":
            return True
    return False


def connected(world: World, s: State, held: tuple[str, ...] | None = None) -> frozenset[str]:
    """Chinese-held positions joined to the headquarters through Chinese-held ground (memoised like
    `exposed`). A unit anywhere else is cut off: it gets no food, no recovered men and no orders."""
    key = (id(world), held if held is not None else controllers(s))
    hit = _CONNECTED_CACHE.get(key)
    if hit is None:
        if len(_CONNECTED_CACHE) > 4096:
            _CONNECTED_CACHE.clear()
        seen: set[str] = set()
        if s.positions[world.hq].controller == "chinese":
            todo = [world.hq]
            seen.add(world.hq)
            while todo:
                cur = todo.pop()
                for a in world.places[cur].adjacent:
                    if a not in seen and s.positions[a].controller == "chinese":
                        seen.add(a)
                        todo.append(a)
        hit = _CONNECTED_CACHE[key] = frozenset(seen)
    return hit


def cut_off(world: World, s: State, unit: str) -> bool:
    """Whether a unit in the city stands on ground cut off from the headquarters."""
    pos = s.units[unit].position
    return pos is not None and pos not in connected(world, s)


def garrison_index(s: State) -> dict[str, list[str]]:
    """Position -> its units (in scenario order), built once instead of scanning every unit per position."""
    idx: dict[str, list[str]] = {}
    for k, u in s.units.items():
        p = u.position
        if p is not None and u.strength > 0:
            if p in idx:
                idx[p].append(k)
            else:
                idx[p] = [k]
    return idx


def retreat_target(world: World, s: State, pos: str) -> str | None:
    """Where a garrison falls back: the deepest adjacent Chinese-held position still joined to the
    headquarters (the most thinly held, between equals: the men fill a gap), else any adjacent one."""
    options = [a for a in world.places[pos].adjacent if s.positions[a].controller == "chinese"]
    if not options:
        return None
    if len(options) == 1:
        return options[0]
    linked = connected(world, s)
    men = dict.fromkeys(options, 0)
    for u in s.units.values():
        if u.position in men:
            men[u.position] += u.strength
    places = world.places
    return max(options, key=lambda a: (a in linked, places[a].depth, -men[a], a))
