"""A tiny seeded generator (SplitMix64) whose whole state is one integer kept in the game state.

Python's `random` would work, but its state is a 625-word tuple; one integer keeps saves, hashes and
state copies cheap, and gives the same numbers on every platform and Python version.
"""

from __future__ import annotations

_MASK = (1 << 64) - 1
_INV53 = 1.0 / (1 << 53)
_new = object.__new__


class Rng:
    """Mutable view over the integer seed state; write `.state` back when done."""

    __slots__ = ("state",)

    def __init__(self, state: int) -> None:
        self.state = state & _MASK

    def next_u64(self) -> int:
        """Next 64-bit value."""
        self.state = (self.state + 0x9E3779B97F4A7C15) & _MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
        return z ^ (z >> 31)

    def random(self) -> float:
        """Uniform float in [0, 1)."""
        # next_u64 written out: this runs thousands of times a campaign.
        z = self.state = (self.state + 0x9E3779B97F4A7C15) & _MASK
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
        return ((z ^ (z >> 31)) >> 11) * _INV53

    def uniform(self, lo: float, hi: float) -> float:
        """Uniform float in [lo, hi)."""
        z = self.state = (self.state + 0x9E3779B97F4A7C15) & _MASK
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
        return lo + (hi - lo) * (((z ^ (z >> 31)) >> 11) * _INV53)

    def chance(self, p: float) -> bool:
        """True with probability p."""
        return self.random() < p


def seed_state(seed: int) -> int:
    """Spread a user seed (any int) into a well-mixed initial state."""
    r = Rng(seed * 0x2545F4914F6CDD1D + 0x1234567)
    return r.next_u64()


def stream(base: int, day: int, part: int = 0) -> Rng:
    """The generator for one part of one day of a campaign (`base` is `State.rng`).

    Each day, and each part of a day (the bombardment, each sector's night, the events, the hospitals),
    draws from its own stream. Two games with the same seed therefore roll the same dice on the same
    day whatever happened before, and a difference between them comes from the players' choices, not
    from the dice falling in another order: the lever table compares games seed by seed.
    """
    z = (base + (day * 64 + part + 1) * 0x9E3779B97F4A7C15) & _MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
    # A bare instance filled directly (z is already 64 bits, so __init__'s mask would change nothing): five
    # hundred streams a campaign.
    r = _new(Rng)
    r.state = z ^ (z >> 31)
    return r
