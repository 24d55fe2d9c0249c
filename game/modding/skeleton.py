"""`hengyang new-pack`: a working skeleton pack with one sourced example event."""

from __future__ import annotations

import re
from pathlib import Path

NAME = re.compile(r"^[a-z][a-z0-9_]{0,47}$")

MANIFEST = """\
# The pack manifest. See docs/modding.md for every field.
id: {name}
title: "{name}: a new content pack"
version: "0.1"
authors: ["Your Name"]
engine: ">=0.1"
extends: {extends}
# load_after: [another_pack]   # packs that must apply before this one
description: >-
  Describe what the pack adds and which sources it draws on.
"""

EVENT = """\
# Events of the pack. Lists: add (new ids), replace (existing ids), extend (append to existing
# events), delete (ids). Every quote must appear word for word in its seed document (seeds/).
add:
  - id: {name}_example
    title: The volunteers stay
    role: commander
    trigger: {{from: 1944-06-25, until: 1944-06-26}}
    priority: 30
    text: >-
      The mayor's call for volunteers has been answered beyond all hope: tens of thousands of citizens
      have stayed behind in the emptied city to carry munitions, repair the works, fight fires, bear
      stretchers, nurse the wounded and bury the dead. Their leaders ask where the corps needs them most.
    historical_note: >-
      The article gives 32,000 volunteers organised by the mayor into six teams; how the men and women
      were shared between the teams is not recorded, so the split here is the game's.
    sources:
      - seed: hengyang_article
        quote: "32,000 Hengyang citizens signed up and stayed behind."
      - seed: hengyang_article
        quote: "The mayor organized them into six teams"
    choices:
      - id: repair_the_works
        label: Send more of them to the repair teams
        effects:
          - {{position: mt_tingbing, works: 1}}
        outcome: Fresh hands deepen the works on Mt. Tingbing before the next assault.
      - id: keep_the_teams
        label: Leave the six teams as the mayor organised them
        historical: true
        outcome: The teams stay as they are; the mayor's organisation holds.
"""


def new_pack(name: str, folder: Path, extends: str = "hengyang1944") -> Path:
    """Write folder/name/ with pack.yaml and events/example.yaml; returns the pack folder.

    Raises ValueError for a bad name and FileExistsError if the folder exists.
    """
    if not NAME.match(name):
        raise ValueError(f"pack name '{name}' must be lower case letters, digits and _, starting with a letter "
                         "(at most 48 characters)")
    target = folder / name
    if target.exists():
        raise FileExistsError(f"{target} already exists")
    (target / "events").mkdir(parents=True)
    (target / "pack.yaml").write_text(MANIFEST.format(name=name, extends=extends), encoding="utf-8")
    (target / "events" / "example.yaml").write_text(EVENT.format(name=name), encoding="utf-8")
    return target
