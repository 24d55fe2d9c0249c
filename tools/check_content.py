"""Quick content check for writers: loads the built-in scenario and prints every error (or a summary)."""

from game.scenario.loader import ContentInvalid, load_scenario

try:
    s = load_scenario()
except ContentInvalid as exc:
    print("\n".join(map(str, exc.errors)))
    raise SystemExit(1) from None
words = [len(e.text.split()) for e in s.events]
print(f"ok: {len(s.positions)} positions, {len(s.chinese)} units, {len(s.events)} events, "
      f"{len(s.disputes)} disputes; event words min {min(words, default=0)} max {max(words, default=0)}")
for e in s.events:
    n = len(e.text.split())
    if not 40 <= n <= 150:
        print(f"  warning: event {e.id} text has {n} words (want 40-150)")
