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

    Raises ValueError for a bad name, FileExistsError if the pack folder exists, and `fsio.FileRefused`
    (one line) if it cannot be written (a file, a device or /proc in the way, a full disk): then nothing
    of the new pack is left behind.
    """
    import shutil

    from game.fsio import FileRefused, make_dirs, write_text

    if not NAME.match(name):
        raise ValueError(f"pack name '{name}' must be lower case letters, digits and _, starting with a letter "
                         "(at most 48 characters)")
    if not NAME.match(extends):
        shown = extends if len(extends) <= 60 else extends[:57] + "..."
        raise ValueError(f"--extends '{shown}' is not a scenario id (lower case letters, digits and _)")
    make_dirs(folder, what="folder for the pack")
    target = folder / name
    try:
        target.mkdir()
    except FileExistsError:
        raise FileExistsError(f"{target} already exists") from None
    except OSError as exc:
        raise FileRefused(f"{target}: cannot make the pack folder: {exc.strerror or exc}") from None
    try:
        make_dirs(target / "events", what="events folder")
        write_text(target / "pack.yaml", MANIFEST.format(name=name, extends=extends), what="pack manifest",
                   make_parents=False)
        write_text(target / "events" / "example.yaml", EVENT.format(name=name), what="example events",
                   make_parents=False)
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)  # only what was made here: the folder did not exist before
        raise
    return target
