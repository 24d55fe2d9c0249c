"""The order catalogue: one entry per order kind, complete, and only ever offering what the rules accept."""

from __future__ import annotations

import dataclasses
import typing

from hypothesis import given, settings
from hypothesis import strategies as st

from game.engine.campaign import Campaign
from game.engine.policies import POLICIES
from game.rules import catalogue as cat
from game.rules import orders as o
from game.rules.commands import check
from game.rules.world import initial_state
from tests.strategies import built_in_world, orders_strategy

W = built_in_world()


def order_classes() -> list[type]:
    union = typing.get_args(o.Order)[0]
    return list(typing.get_args(union))


def test_every_order_class_has_exactly_one_entry():
    classes = order_classes()
    assert sorted(c.__name__ for c in classes) == sorted(spec.cls.__name__ for spec in cat.CATALOGUE)
    for spec in cat.CATALOGUE:
        assert spec.kind == dataclasses.fields(spec.cls)[-1].default  # the kind tag is the class's own
        assert spec.cost == o.COST[spec.kind]


def test_every_field_is_a_slot_or_fixed_by_the_form():
    for spec in cat.CATALOGUE:
        assert spec.forms
        for form in spec.forms:
            named = [s.name for s in form.slots] + list(form.fixed)
            assert sorted(set(named)) == sorted(named), f"{form.key}: a field is named twice"
            required = {f.name for f in dataclasses.fields(spec.cls)
                        if f.name != "kind" and f.default is dataclasses.MISSING}
            assert required <= set(named), f"{form.key} does not fill {required - set(named)}"
            assert set(named) <= set(cat.fields_of(spec.cls))
            assert form.verbs and form.usage_line().startswith(form.verbs[0])


def test_form_keys_and_verbs_are_unique():
    keys = [f.key for spec in cat.CATALOGUE for f in spec.forms]
    assert len(keys) == len(set(keys))
    verbs = [v for spec in cat.CATALOGUE for f in spec.forms for v in f.verbs]
    assert len(verbs) == len(set(verbs)), [v for v in verbs if verbs.count(v) > 1]


@settings(max_examples=300, deadline=None)
@given(orders_strategy(W))
def test_describe_names_every_order_without_raising(order):
    text = cat.describe(W, order)
    assert text and "{" not in text
    unit = getattr(order, "unit", None)
    if unit in W.unit_names:
        assert W.unit_names[unit] in text and f" {unit} " not in f" {text} "


def test_a_form_builds_the_order_it_describes():
    drop = cat.build(cat.FORMS["airdrop"][1], {})
    strike = cat.build(cat.FORMS["strike"][1], {"sector": "south"})
    assert drop == o.RequestAirSupply("drop") and strike == o.RequestAirSupply("strike", "south")
    assert cat.form_of(drop).key == "airdrop" and cat.form_of(strike).key == "strike"
    assert cat.describe(W, strike) == "request an air strike on the South sector"


def test_replacement_rules():
    assert cat.replaces(o.SetDoctrine("conserve"), o.SetDoctrine("free_fire"))
    assert cat.replaces(o.RequestAirSupply("strike", "south"), o.RequestAirSupply("strike", "west"))
    # one airdrop and one strike a day: neither replaces the other
    assert not cat.replaces(o.RequestAirSupply("drop"), o.RequestAirSupply("strike", "west"))
    assert not cat.replaces(o.RequestAirSupply("strike", "west"), o.RequestAirSupply("drop"))
    assert cat.replaces(o.Choose("e", "a"), o.Choose("e", "b")) and not cat.replaces(o.Choose("e", "a"),
                                                                                   o.Choose("f", "b"))
    assert not cat.replaces(o.Reinforce("r28_1", "mt_gao"), o.Reinforce("r28_1", "mt_fengshu"))
    assert not cat.replaces(o.Inspect("mt_gao"), o.Inspect("mt_gao"))  # a visit is made, not replaced


def test_staff_time_is_summed_from_the_rules_table():
    orders = [o.Inspect("mt_gao"), o.Raid("recon", "south"), o.SetDoctrine("conserve")]
    assert cat.staff_time(orders) == o.COST["inspect"] + o.COST["raid"] + o.COST["set_doctrine"]


def _states():
    """Mornings of a historical game: day 0, the first fighting, a broken line."""
    c = Campaign.new(W, 1)
    out = [c.state]
    for day in range(30):
        c.end_day(POLICIES["historical"](c))
        if day in (2, 8, 29):
            out.append(c.state)
    return out


STATES = _states()


def test_legal_targets_offer_exactly_the_legal_orders():
    for s in STATES:
        for spec in cat.CATALOGUE:
            if not spec.menu:
                continue
            for form in spec.forms:
                if len(form.slots) != 1:
                    continue
                offered = {v for v, _n in cat.legal_targets(W, s, form)}
                slot = form.slots[0]
                legal = {v for v, _n in cat.candidates(W, s, slot.type)
                         if check(W, s, cat.build(form, {slot.name: v})) is None}
                assert offered == legal, (s.day, form.key)


def test_two_slot_forms_offer_units_only_with_a_legal_target():
    for s in STATES:
        for key in ("reinforce", "withdraw", "counterattack"):
            form = cat.FORMS[key][1]
            for unit, _name in cat.legal_targets(W, s, form):
                targets = cat.legal_targets(W, s, form, {"unit": unit})
                assert targets, (s.day, key, unit)
                for t, _n in targets:
                    assert check(W, s, cat.build(form, {"unit": unit, "to" if key != "counterattack" else "target":
                                                        t})) is None


def test_no_form_is_offered_that_has_nothing_to_order():
    s = initial_state(W, 1)
    keys = {f.key for f in cat.available_forms(W, s)}
    assert "counterattack" not in keys  # day 0: no Japanese-held ground next to our units
    assert "breakout" not in keys and "ceasefire" not in keys  # the battle has not begun
    assert {"reinforce", "doctrine", "airdrop", "inspect"} <= keys


def test_two_point_orders_are_not_offered_with_one_point_left():
    s = initial_state(W, 1)
    seven = [o.Consult(r.id) for r in W.scenario.roles][: o.STAFF_TIME - 1]
    assert cat.staff_time(seven) == o.STAFF_TIME - 1
    keys = {f.key for f in cat.available_forms(W, s, seven)}
    assert all(cat.FORMS[k][0].cost <= 1 for k in keys)
    assert "inspect" not in keys and "raid" not in keys and "doctrine" in keys


def test_a_replacing_order_is_offered_on_a_full_day():
    s = initial_state(W, 1)
    full = [o.SetDoctrine("conserve")] + [o.Consult(r.id) for r in W.scenario.roles][: o.STAFF_TIME - 1]
    assert cat.staff_time(full) == o.STAFF_TIME
    keys = {f.key for f in cat.available_forms(W, s, full)}
    assert keys == {"doctrine"}  # it replaces the doctrine given today, so it costs nothing more
    assert {v for v, _n in cat.legal_targets(W, s, "doctrine", {}, full)} == set(o.DOCTRINES)


def test_an_identical_order_is_refused():
    s = initial_state(W, 1)
    assert cat.admissible(W, s, [o.Inspect("mt_gao")], o.Inspect("mt_gao")) == \
        "that order has already been given today"
    assert cat.admissible(W, s, [o.Inspect("mt_gao")], o.Inspect("mt_fengshu")) is None


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(STATES), orders_strategy(W))
def test_admissible_is_check_with_the_staff_time_given(s, order):
    assert cat.admissible(W, s, [], order) == check(W, s, order, 0)


def test_repair_is_refused_where_the_works_are_whole():
    s = initial_state(W, 1)
    whole = next(p for p, ps in s.positions.items() if ps.works >= W.places[p].max_works
                 and ps.controller == "chinese")
    assert "are whole" in (check(W, s, o.RepairWorks(whole)) or "")
    t = s.clone()
    t.positions[whole].works = W.places[whole].max_works - 1.0
    assert check(W, t, o.RepairWorks(whole)) is None
    # and the menu offers only damaged works
    offered = {v for v, _n in cat.legal_targets(W, t, "repair")}
    assert whole in offered and all(t.positions[p].works < W.places[p].max_works for p in offered)
