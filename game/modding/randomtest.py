"""Play many seeded headless games on base + packs and count what fires (like ChoiceScript's randomtest)."""

from __future__ import annotations

import traceback
from dataclasses import dataclass, field
from typing import Any

from game.engine.campaign import Campaign
from game.engine.policies import POLICIES
from game.rules.world import compile_world
from game.scenario import models as m


@dataclass(slots=True)
class RandomTestResult:
    """Per event: games it fired in; per choice: games it was taken in; and every crash with its seed."""

    games: int = 0
    fired: dict[str, int] = field(default_factory=dict)
    choices: dict[str, dict[str, int]] = field(default_factory=dict)
    endings: dict[str, int] = field(default_factory=dict)
    crashes: list[dict[str, Any]] = field(default_factory=list)

    @property
    def never_fired(self) -> list[str]:
        return sorted(k for k, v in self.fired.items() if v == 0)

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": not self.crashes,
            "games": self.games,
            "events": {k: {"fired": self.fired[k], "choices": self.choices.get(k, {})} for k in sorted(self.fired)},
            "never_fired": self.never_fired,
            "endings": dict(sorted(self.endings.items())),
            "crashes": self.crashes,
        }


def random_test(sc: m.Scenario, event_ids: list[str], *, runs: int = 10, first_seed: int = 1,
                policies: tuple[str, ...] = ("random", "historical")) -> RandomTestResult:
    """Play `runs` games per policy, seeds first_seed..first_seed+runs-1, counting the given events."""
    res = RandomTestResult()
    by_id = {e.id: e for e in sc.events}
    for eid in event_ids:
        res.fired[eid] = 0
        res.choices[eid] = {c.id: 0 for c in by_id[eid].choices}
    world = compile_world(sc)
    for pname in policies:
        policy = POLICIES[pname]
        for seed in range(first_seed, first_seed + runs):
            res.games += 1
            c: Campaign | None = None
            try:
                c = Campaign.new(world, seed)
                for _ in range(world.last_day + 2):
                    if c.over:
                        break
                    c.end_day(policy(c))
                else:
                    raise RuntimeError("campaign did not end by its last day")
            except Exception as exc:  # noqa: BLE001 - the point is to catch anything a pack provokes
                tb = traceback.extract_tb(exc.__traceback__)
                frame = tb[-1] if tb else None
                res.crashes.append({
                    "policy": pname,
                    "seed": seed,
                    "day": c.state.day if c is not None else None,
                    "error": f"{type(exc).__name__}: {exc}",
                    "where": f"{frame.filename}:{frame.lineno} in {frame.name}" if frame else "",
                    "rerun": f"hengyang simulate --seed {seed} --policy {pname}",
                })
            if c is None:
                continue
            for eid in event_ids:
                if eid in c.state.fired:
                    res.fired[eid] += 1
                ch = c.state.choices.get(eid)
                if ch is not None and ch in res.choices[eid]:
                    res.choices[eid][ch] += 1
            if c.state.ending:
                res.endings[c.state.ending] = res.endings.get(c.state.ending, 0) + 1
    return res
