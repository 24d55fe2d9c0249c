"""Shared hypothesis strategies: orders over the built-in scenario's ids (legal and illegal alike)."""

from __future__ import annotations

from functools import cache

from hypothesis import strategies as st

from game.rules import orders as o
from game.rules.world import World, compile_world
from game.scenario.loader import load_scenario


@cache
def built_in_world() -> World:
    """The compiled built-in scenario (loaded once per test session)."""
    return compile_world(load_scenario())


def orders_strategy(world: World) -> st.SearchStrategy[object]:
    """Any order the staff could type, including ones the rules must refuse."""
    units = st.sampled_from(sorted(world.unit_names) + ["no_such_unit"])
    places = st.sampled_from(sorted(world.places) + ["nowhere"])
    sectors = st.sampled_from(list(world.sectors) + ["moon"])
    teams = st.sampled_from(list(o.TEAMS))
    events = st.sampled_from(sorted(world.event_by_id))
    return st.one_of(
        st.builds(o.Reinforce, units, places),
        st.builds(o.Withdraw, units, places),
        st.builds(o.Counterattack, units, places),
        st.builds(o.Raid, units, sectors),
        st.builds(o.Rest, units),
        st.builds(o.SetDoctrine, st.sampled_from(list(o.DOCTRINES))),
        st.builds(o.AssignVolunteers, teams, teams, st.integers(-10, 8000)),
        st.builds(o.RepairWorks, places),
        st.builds(o.RequestAirSupply, st.sampled_from(["drop", "strike"]), st.one_of(st.none(), sectors)),
        st.builds(o.Triage, st.sampled_from(["standard", "light_first"])),
        st.builds(o.Quarantine, st.booleans()),
        st.builds(o.Inspect, places),
        st.builds(o.Consult, st.sampled_from([r.id for r in world.scenario.roles] + ["nobody"])),
        st.builds(o.Choose, events, st.sampled_from(["a", "adopt", "soldier_on", "seek_ceasefire"])),
        st.just(o.Breakout()),
        st.just(o.Ceasefire()),
    )


def day_orders(world: World) -> st.SearchStrategy[list[object]]:
    """A day's worth of orders."""
    return st.lists(orders_strategy(world), max_size=6)
