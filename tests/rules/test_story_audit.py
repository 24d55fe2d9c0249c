"""The story audit: in many seeded games under different staffs, every event that fires is told in a
way the state makes true.

Each event declares the facts its text states (`asserts`, in the condition language) and, for games that
went another way, variants with theirs. At the end of the day an event fired (the state the staff reads it
beside), the telling chosen by `game.rules.narrative.tell` must have all its facts true, and no text may
keep an unfilled placeholder; and every game must end with the ending sequence told. The audit plays five
staffs: the historical one, a passive one, a random one, one that gives up the forward hills at once and
one that pours reserves into them.

CI runs AUDIT_SEEDS seeds per staff; `python -m benchmarks.story_audit --seeds 200` runs the long audit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pytest

from game.engine.campaign import Campaign
from game.engine.policies import POLICIES, historical
from game.rules import orders as o
from game.rules.commands import check
from game.rules.narrative import event_text, tell, unfilled
from game.rules.world import World, compile_world
from game.scenario.loader import load_scenario

AUDIT_SEEDS = 50

Policy = Callable[[Campaign], list[object]]


def _add(c: Campaign, orders: list[object], od: object) -> None:
    spent = sum(o.COST.get(getattr(x, "kind", ""), 1) for x in orders)
    if check(c.world, c.state, od, spent) is None:
        orders.append(od)


def _historical_answers(c: Campaign) -> list[object]:
    w = c.world
    out: list[object] = []
    for eid in c.state.pending:
        ch = next((x.id for x in w.event_by_id[eid].choices if x.historical), None)
        if ch:
            out.append(o.Choose(eid, ch))
    return out


def yielding(c: Campaign) -> list[object]:
    """A staff that defends differently: from the first day of battle it pulls every battalion off the
    outposts and the first line onto the ground behind, holds fire to save ammunition, and otherwise
    answers events as history did. Positions change hands on other days than in 1944."""
    s, w = c.state, c.world
    orders = _historical_answers(c)
    if s.doctrine != "conserve":
        _add(c, orders, o.SetDoctrine("conserve"))
    if s.day < w.battle_start_day:
        return orders
    for k in sorted(s.units):
        u = s.units[k]
        if u.position is None or u.strength <= 0 or w.places[u.position].line not in ("outpost", "first"):
            continue
        here = w.places[u.position]
        back = sorted((a for a in here.adjacent if w.places[a].depth > here.depth
                       and s.positions[a].controller == "chinese"), key=lambda a: (w.places[a].depth, a))
        if back:
            _add(c, orders, o.Withdraw(k, back[0]))
    return orders


FORWARD = ("mt_gao", "mt_tingbing", "jiangxi_hall", "huxingchao", "height_2277", "height_221")


def forward(c: Campaign) -> list[object]:
    """A staff that defends differently the other way: it plays as history did but sends its strongest
    reserves up to the forward hills and the south-western gates, so they hold longer than in 1944."""
    s, w = c.state, c.world
    orders = historical(c)
    held = [p for p in FORWARD if p in s.positions and s.positions[p].controller == "chinese"]
    if not held:
        return orders
    spare = sorted((-u.strength, k) for k, u in s.units.items()
                   if u.position is not None and u.strength >= 300 and w.places[u.position].line
                   in ("second", "third", "city") and w.unit_kinds[k] == "infantry")
    for i, (_n, k) in enumerate(spare[:2]):
        _add(c, orders, o.Reinforce(k, held[(s.day + i) % len(held)]))
    return orders


STAFFS: dict[str, Policy] = {
    "historical": POLICIES["historical"],
    "passive": POLICIES["passive"],
    "random": POLICIES["random"],
    "yielding": yielding,
    "forward": forward,
}


@dataclass(frozen=True, slots=True)
class Finding:
    """One contradiction: an event told with a fact the state does not make true, or a text left unfilled."""

    staff: str
    seed: int
    date: str
    event: str
    problem: str

    def __str__(self) -> str:
        return f"{self.date} {self.event} ({self.staff}, seed {self.seed}): {self.problem}"


def audit_game(world: World, staff: str, policy: Policy, seed: int) -> list[Finding]:
    """Play one game to its end and check every event told in it."""
    c = Campaign.new(world, seed)
    found: list[Finding] = []
    sequence = any(e.trigger.epilogue for e in world.events)  # a scenario with an ending sequence tells it
    for _ in range(world.last_day + 2):
        if c.over:
            break
        day = c.state.day
        res = c.end_day(policy(c))
        for eid in res.fired:
            ev = world.event_by_id[eid]
            told = tell(world, c.state, ev)
            date = world.date(day).isoformat()
            for fact in told.failed:
                found.append(Finding(staff, seed, date, eid, f"asserts {_show(fact)}, which is false"))
            texts = [told.text, event_text(world, c.state, eid, "summary")]
            for t in texts:
                for left in unfilled(t):
                    found.append(Finding(staff, seed, date, eid, f"unfilled {left}"))
        if c.over and sequence and not any(world.event_by_id[e].trigger.epilogue for e in res.fired):
            found.append(Finding(staff, seed, world.date(day).isoformat(), "(ending sequence)",
                                 f"the campaign ended ({c.state.ending}) and no ending sequence was told"))
    return found


def audit(world: World, seeds: Iterable[int], staffs: dict[str, Policy] = STAFFS) -> list[Finding]:
    """The whole audit: every staff, every seed."""
    out: list[Finding] = []
    for name, policy in staffs.items():
        for seed in seeds:
            out += audit_game(world, name, policy, seed)
    return out


def _show(fact: object) -> str:
    dump = getattr(fact, "model_dump", None)
    if dump is None:
        return repr(fact)
    return str({k: v for k, v in dump(by_alias=True, exclude_defaults=False).items() if v is not None})


@pytest.mark.parametrize("staff", sorted(STAFFS))
def test_every_event_is_told_as_the_state_makes_true(world, staff):
    findings = audit(world, range(AUDIT_SEEDS), {staff: STAFFS[staff]})
    by_event: dict[str, list[Finding]] = {}
    for f in findings:
        by_event.setdefault(f.event, []).append(f)
    report = "\n".join(f"{eid}: {len(fs)} games, e.g. {fs[0]}" for eid, fs in sorted(by_event.items()))
    assert not findings, f"{len(findings)} contradictions between the story and the state:\n{report}"


def test_the_changsha_pack_is_told_as_its_state_makes_true():
    """The second scenario goes through the same audit (its week is short: fewer seeds do)."""
    from game.paths import content_dir

    world = compile_world(load_scenario(content_dir() / "packs" / "changsha1942"))
    findings = audit(world, range(AUDIT_SEEDS // 2))
    assert not findings, "\n".join(str(f) for f in findings[:20])


def test_the_staffs_defend_differently(world):
    """The audit is only worth its games if the staffs make the battle go differently."""
    lost: dict[str, set[tuple[str, str]]] = {}
    for name in ("historical", "yielding", "forward"):
        c = Campaign.new(world, 1)
        seen: set[tuple[str, str]] = set()
        for _ in range(world.last_day + 2):
            if c.over:
                break
            c.end_day(STAFFS[name](c))
            seen |= {(world.date(c.state.day - 1).isoformat()[:10], p) for p, ps in c.state.positions.items()
                     if ps.controller == "japanese" and p in FORWARD}
        lost[name] = {p for _d, p in seen}
        lost[name + "_first"] = {min((d for d, q in seen if q == p), default="") + p for p in lost[name]}
    assert lost["yielding_first"] != lost["historical_first"]
    assert lost["forward_first"] != lost["historical_first"]
