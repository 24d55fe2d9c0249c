"""How the classroom's documents name things: roles and officers by title and name (never by id), dates in
words, order kinds in plain English. Student-facing text goes through these, so no internal id leaks."""

from __future__ import annotations

import datetime as dt
import re

from game.scenario import models as m

#: Words that make a `person` a description rather than a name ("Corps quartermaster",
#: "Commander of the 190th Division", "Signals officer of the corps").
_GENERIC = {"the", "of", "a", "an", "and", "corps", "commander", "division", "officer", "signals", "quartermaster",
            "surgeon", "staff", "chief", "army", "regiment", "battalion", "deputy", "air", "liaison", "his", "its"}

NOT_NAMED = "not named in our sources"

#: Order kinds as a teacher or a student reads them.
ORDER_NAMES = {
    "reinforce": "move a unit up", "withdraw": "pull a unit back", "counterattack": "counter-attack",
    "raid": "raid behind the lines", "rest": "rest a unit", "set_doctrine": "the fire doctrine",
    "assign_volunteers": "the civilian volunteer teams", "repair_works": "repair the works",
    "request_air_supply": "airdrops and air strikes", "triage": "triage of the wounded",
    "quarantine": "quarantine of the sick", "inspect": "go and see a position", "consult": "talk to an officer",
    "breakout": "break out", "ceasefire": "seek a ceasefire", "choose": "the corps' decisions",
}


def d(date: dt.date | None) -> str:
    """8 August 1944."""
    return f"{date.day} {date:%B %Y}" if date else ""


def short(date: dt.date) -> str:
    """8 Aug."""
    return f"{date.day} {date:%b}"


def is_named(person: str) -> bool:
    """Whether `person` names someone ("Lt Gen Fang Xianjue", "Dr Zhou Hongchuan (...)") rather than
    describing a post ("Corps quartermaster")."""
    base = person.split("(")[0]
    words = re.findall(r"[A-Za-z][A-Za-z'.-]*", base)
    return any(w[0].isupper() and w.lower().strip(".") not in _GENERIC for w in words)


def person(role: m.Role) -> str:
    """The officer's name, or the plain statement that our sources do not name him."""
    return role.person if is_named(role.person) else NOT_NAMED


def role_label(sc: m.Scenario, role_id: str) -> str:
    """"Chief of Staff (Sun Mingyu)"; a role whose officer is unnamed is its title alone."""
    r = next((x for x in sc.roles if x.id == role_id), None)
    if r is None:
        return role_id.replace("_", " ")
    return f"{r.title} ({r.person})" if is_named(r.person) else r.title


def role_title(sc: m.Scenario, role_id: str) -> str:
    """The role's title alone ("Quartermaster")."""
    r = next((x for x in sc.roles if x.id == role_id), None)
    return r.title if r else role_id.replace("_", " ")


def doctrine(doctrine_id: str) -> str:
    """A fire doctrine as the game shows it ("Three Don't-shoot")."""
    from game.rules.catalogue import doctrine_label

    return doctrine_label(doctrine_id)


def words(text: str) -> str:
    """Folded YAML prose on one line."""
    return " ".join(text.split())
