"""The texts the rules write (previews, reports, the briefing, the diary) read as English for 0, 1 and many,
for plural unit names and for every place.

Every preview of every legal order (every value of every slot), every report of every position and officer,
every description of an order, and the war diary's result lines for every unit and every place are rendered
in ordinary and in starved states (stocks run out, units down to one man, nobody left on a team), and no
line may read like "holds none men", "none mortar shells", "lose about 0", "1 men", "at outside the city" or
"Corps engineer companies has rested".
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

import pytest

from game.engine.campaign import Campaign
from game.engine.policies import POLICIES
from game.rules import catalogue as cat
from game.rules import orders as o
from game.rules.log import Marks, changes, fold, marks, night_results, upkeep_results
from game.rules.narrative import situation
from game.rules.preview import expected
from game.rules.reports import (
    about,
    agree,
    at,
    count,
    officer_report,
    plural_name,
    position_report,
    rough,
)
from game.rules.state import Happening, State
from game.rules.world import initial_state
from tests.strategies import built_in_world

W = built_in_world()

#: What no line may say. Each pattern names the slip it catches.
BAD: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("'none' before a noun", re.compile(r"\bnone (?!(?:of|yet|among|die|died|is|are|was|were|left|have|has)\b)"
                                        r"[a-z]", re.I)),
    ("'about 0'", re.compile(r"\babout 0(?![\d,]*[1-9])")),
    ("a singular figure with a plural noun", re.compile(r"(?<![\d.,])\b1 (?!(?:was|is|has|does|dies|goes|lies|of)\b)"
                                                       r"[a-z-]+s\b")),
    ("'1 men'", re.compile(r"(?<![\d.,])\b1 men\b")),
    ("a bare zero before a noun", re.compile(r"(?<![\d.,])\b0 (?!of\b)[a-z]")),
    ("a preposition after 'at'", re.compile(r"\bat (?:outside|inside|in|at|on|near|behind|beyond)\b", re.I)),
    ("a sector's id for its name", re.compile(r"\bsouthwest\b")),
)
SINGULAR_VERBS = r"(?:is|has|was|does|moves|withdraws|rests|retakes|fights|leaves|holds|did not get its)"
PLURAL_VERBS = r"(?:are|have|were|do|did not get their)"


def slips(text: str) -> list[str]:
    """What is wrong with a text: the patterns of `BAD` it matches and the unit names it mis-agrees with."""
    out = [f"{why}: {m.group(0)!r}" for why, pat in BAD for m in [pat.search(text)] if m]
    for name in W.unit_names.values():
        if name not in text:
            continue
        verbs = SINGULAR_VERBS if plural_name(name) else PLURAL_VERBS
        # The name as the subject: not "the raid by X does not go out".
        m = re.search(r"(?<!by )(?<!of )(?<!with )" + re.escape(name) + r" " + verbs + r"\b", text)
        if m:
            out.append(f"verb agreement: {m.group(0)!r}")
    return out


def assert_reads(texts: list[str]) -> None:
    bad = [(t, slips(t)) for t in texts if slips(t)]
    assert not bad, "\n".join(f"{t}\n    -> {why}" for t, why in bad[:15])


# ---- the helpers themselves


@pytest.mark.parametrize("n", [0, 0.2, 0.6, 1, 1.4, 7, 24, 25, 26, 74, 76, 999, 1000, 48_321])
def test_figures_read_with_their_nouns(n):
    for fig in (rough(n), about(n)):
        text = f"{count(fig, 'man', 'men')}, {count(fig, 'mortar shell')}"
        assert not slips(text), (n, text)
    assert count(rough(0), "man", "men") == "no men"
    assert count(about(1), "grenade") == "about 1 grenade"
    assert count(about(0.3), "grenade") == "hardly any grenades"


def test_plural_unit_names_are_told_apart():
    plural = {k for k, name in W.unit_names.items() if plural_name(name)}
    assert plural == {"engineers", "hq_guard"}, plural
    assert agree(W.unit_names["engineers"], "has", "have") == "have"
    assert agree(W.unit_names["r28_1"], "has", "have") == "has"


def test_a_place_phrase_keeps_its_own_preposition():
    assert at("Mt. Gao") == "at Mt. Gao"
    assert at(None) == "outside the city"
    assert at("outside the walls") == "outside the walls"
    assert at("In the flooded fields") == "In the flooded fields"


# ---- states to render in


def _play(days: int, seed: int = 1) -> State:
    c = Campaign.new(W, seed)
    for _ in range(days):
        c.end_day(POLICIES["historical"](c))
    return c.state


def _starved(s: State) -> State:
    """Everything run out or down to one: stocks, volunteers, the hospitals, units of one man, an empty sector."""
    t = s.clone()
    for k in t.stocks:
        t.stocks[k] = 0.0
    live = [k for k, u in t.units.items() if u.position is not None and u.strength > 0]
    for k in live[::2]:
        t.units[k].strength = 1
    t.volunteers["repair"] = 1
    t.volunteers["nursing"] = 0
    t.wounded = t.sick = 1
    t.died_of_wounds = t.died_of_sickness = 1
    t.jp_killed = t.jp_wounded = 0
    for sec in list(t.pools)[:2]:
        t.pools[sec] = 0
    return t


@pytest.fixture(scope="module")
def states() -> list[State]:
    plain = [initial_state(W, 1), _play(8), _play(28)]
    return plain + [_starved(s) for s in plain]


def _orders(s: State) -> Iterator[o.Order]:
    """Every order of every form, with every value of every slot (legal or not)."""
    for spec in cat.CATALOGUE:
        for form in spec.forms:
            yield from _fill(s, form, {}, list(form.slots))


def _fill(s: State, form: cat.Form, picked: dict[str, object], rest: list[cat.Slot]) -> Iterator[o.Order]:
    if not rest:
        yield cat.build(form, picked)
        return
    head, tail = rest[0], rest[1:]
    values = [v for v, _n in cat.candidates(W, s, head.type, picked)]
    if head.type == "count":
        values = sorted({1, *values})
    for v in values:
        yield from _fill(s, form, {**picked, head.name: v}, tail)


# ---- what is rendered


def test_every_preview_of_every_legal_order_reads(states):
    texts, legal = [], 0
    for s in states:
        for od in _orders(s):
            texts.append(cat.describe(W, od))
            p = expected(W, s, od)
            if p.refused is None:  # a refusal's reason is the rules' (commands.py), not the preview's
                legal += 1
                texts.extend(p.lines)
    assert legal > 500
    assert_reads(texts)


def test_every_report_reads(states):
    texts = []
    for s in states:
        for pid in W.places:
            texts += position_report(W, s, pid)
        for role in W.scenario.roles:
            texts += officer_report(W, s, role.id)
        texts += situation(W, s)
    assert_reads(texts)


def _gone(s: State, k: str) -> State:
    t = s.clone()
    t.units[k].strength = 0
    t.units[k].position = None
    t.units[k].fate = "destroyed"
    return t


def test_the_diary_lines_read_for_every_unit_and_place(states):
    s = states[2]  # late July: ground on both sides
    texts: list[str] = []
    for k in W.unit_names:
        # A unit rested, and one destroyed before its rest, its move, its raid or its counter-attack.
        alive = s.clone()
        alive.units[k].strength = max(1, alive.units[k].strength)
        alive.units[k].position = alive.units[k].position or W.hq
        out: list[Happening] = []
        upkeep_results(W, alive, marks(alive, [o.Rest(k)]), [o.Rest(k)], out)
        gone = _gone(alive, k)
        target = next(p for p, ps in alive.positions.items() if ps.controller == "japanese")
        night = [o.Rest(k), o.Raid(k, "southwest"), o.Reinforce(k, W.hq)]
        upkeep_results(W, gone, marks(alive, night), night, out)
        night_results(W, alive, gone, night, {k: target}, out)
        texts += [h.text for h in out]
    for k, pid in zip(itertools.cycle(W.unit_names), W.places, strict=False):
        # Destroyed at every place (and every unit destroyed somewhere).
        before = s.clone()
        before.units[k].strength, before.units[k].position, before.units[k].fate = 5, pid, None
        out = []
        changes(W, before, _gone(before, k), out)
        texts += [h.text for h in out]
    for k in W.unit_names:
        before = s.clone()
        before.units[k].strength, before.units[k].position, before.units[k].fate = 5, None, None
        out = []
        changes(W, before, _gone(before, k), out)
        texts += [h.text for h in out]
    # The hospitals' lines with none, one and many.
    for back, died, sick in ((0, 0, 0), (1, 1, 1), (40, 12, 300)):
        now = s.clone()
        now.wounded, now.died_of_wounds, now.sick, now.died_of_sickness = 100, 10 + died, sick, 10 + died
        before = Marks({}, {}, {}, 100 + back + died, 10, sick, 10, 0)
        out = []
        upkeep_results(W, now, before, [o.Triage("light_first"), o.Quarantine(True), o.Quarantine(False)], out)
        texts += [h.text for h in out]
    # The night's flanking fire, folded or alone, that cost the Japanese nothing.
    flank = "Flanking fire stops an attack on the empty {}: the Japanese lose about {}."
    for lines in ([flank.format("North Gate", 0)], [flank.format("North Gate", 0), flank.format("Mt. Gao", 0)]):
        texts += [h.text for h in fold([Happening(1, "night", "assault", t) for t in lines])]
    assert len(texts) > 3 * len(W.unit_names)
    assert_reads(texts)
