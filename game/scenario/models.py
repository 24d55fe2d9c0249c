"""Pydantic models of the content files: what a scenario or a content pack may say.

Conditions and effects are data. Each kind is a small model recognised by its leading key
(`{stat: grenades, op: "<", value: 5000}`, `{stock: food, add: -2000}`), so that a modder writes
plain YAML and an editor with the JSON Schema offers completion. Nothing here is ever evaluated as code.
"""

# No `from __future__ import annotations` here: pydantic would have to compile and evaluate every annotation
# string when the classes are created, which makes importing this module (on the game's start-up path)
# about twice as slow. The few forward references are quoted instead.
import datetime as dt
import re
from collections.abc import Callable
from typing import Annotated, Any, Literal, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator

Side = Literal["chinese", "japanese"]
Op = Literal["<", "<=", ">", ">=", "==", "!="]
Ident = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
#: Bounds on every number a pack may give: far beyond any real use, small enough that no sum overflows.
BIG = 10_000_000
Amount = Annotated[int, Field(ge=-BIG, le=BIG)]
Share = Annotated[float, Field(ge=0.0, le=1.0)]

StatName = Literal[
    "mg_rounds",
    "mortar_shells",
    "grenades",
    "food",
    "medicine",
    "wounded",
    "sick",
    "volunteers",
    "morale",
    "fatigue",
    "strength",
    "japanese_strength",
    "chinese_killed",
    "chinese_casualties",
    "japanese_casualties",
    "air_support",
    "radio",
    "days_held",
    "day",
    "works_average",
    "positions_held",
    "positions_lost",
    "civilian_deaths",
]
#: Numbers a condition can read from the game state (see docs/modding.md).
STAT_NAMES: tuple[str, ...] = get_args(StatName)
StockName = Literal["mg_rounds", "mortar_shells", "grenades", "food", "medicine"]
TeamName = Literal["transport", "repair", "firefighting", "stretcher", "nursing", "burial"]
Doctrine = Literal["free_fire", "three_dont_shoot", "conserve"]
SensitiveTag = Literal["gas", "atrocity", "suicide", "euthanasia", "wounded", "prisoners", "civilians", "graphic"]


class Strict(BaseModel):
    """Base for content models: unknown keys are errors (typos must not pass silently)."""

    # allow_inf_nan=False: YAML reads .inf and .nan as numbers, and no game can use them.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False, frozen=False, defer_build=True,
                              allow_inf_nan=False)


# --------------------------------------------------------------------------- sources


class SourceRef(Strict):
    """A citation: a seed document id and a passage that appears in it verbatim."""

    seed: Ident = Field(description="id of a document in seeds/sources.yaml")
    quote: str = Field(min_length=8, max_length=600, description="exact passage from the seed")
    note: str | None = Field(default=None, max_length=400)


# --------------------------------------------------------------------------- conditions


class StatCond(Strict):
    """Compare a number from the game state with a value."""

    stat: StatName
    op: Op = "<"
    value: float = Field(ge=-BIG, le=BIG)


class ControlsCond(Strict):
    """True when `side` holds the position."""

    controls: Ident = Field(description="position id")
    side: Side = "chinese"


class FlagCond(Strict):
    """True when a flag has been set (by an effect)."""

    flag: Ident


class FiredCond(Strict):
    """True when an event has already fired."""

    fired: Ident = Field(description="event id")


class ChoseCond(Strict):
    """True when the staff took a given choice in an event."""

    chose: Ident = Field(description="event id")
    choice: Ident


class PeriodCond(Strict):
    """True during a calendar period (by id) or any period of a kind."""

    period: Ident | None = None
    period_kind: Literal["preparation", "opening", "offensive", "lull"] | None = None

    @model_validator(mode="after")
    def _one(self) -> "PeriodCond":
        if (self.period is None) == (self.period_kind is None):
            has = f"both, '{self.period}' and '{self.period_kind}'" if self.period is not None else "neither"
            raise ValueError(f"a period condition needs exactly one of 'period' or 'period_kind' (it has {has})")
        return self


class DateCond(Strict):
    """True on and after `after`, and/or on and before `before`."""

    after: dt.date | None = None
    before: dt.date | None = None


class ChanceCond(Strict):
    """True with the given probability each time it is checked (seeded)."""

    chance: float = Field(ge=0.0, le=1.0)


class DoctrineCond(Strict):
    """True when the fire doctrine in force is the one named."""

    doctrine: Doctrine


class EndingCond(Strict):
    """True once the campaign has ended, in the ending named (`{ending: ceasefire}`) or in any ending of a
    kind (`{ending_kind: defeat}`): for the tellings of the ending sequence (events with `epilogue: true`)."""

    ending: Ident | None = Field(default=None, description="an ending id (`umpire` for the umpire's)")
    ending_kind: Literal["defeat", "ceasefire", "breakout", "relief", "held", "umpire"] | None = None

    @model_validator(mode="after")
    def _one(self) -> "EndingCond":
        if (self.ending is None) == (self.ending_kind is None):
            raise ValueError("an ending condition needs exactly one of 'ending' or 'ending_kind'")
        return self


class UnitCond(Strict):
    """Compare a unit's (or a whole regiment's) strength with a value; with `at`, count only the men
    standing at that position (`{unit: r29_2, at: huxingchao, op: ">", strength: 0}`: it holds the hill),
    or outside the city (`at: outside`); with `reaches`, count only the men who could get to that position
    tonight: those already there, and those on ground joined to the headquarters when the position is too
    (`{unit: r8_1, reaches: mt_zhangjia, op: ">", strength: 0}`: a decision that sends it there can be kept)."""

    unit: Ident
    op: Op = "<"
    strength: int = Field(ge=0, le=BIG)
    at: Ident | None = Field(default=None, description="position id, or `outside` for detached units: count only "
                             "the men standing there")
    reaches: Ident | None = Field(default=None, description="position id: count only the men who could move "
                                  "there (already there, or both on ground joined to the headquarters)")


class AllCond(Strict):
    """True when every condition holds."""

    all: "list[Condition]" = Field(min_length=1)


class AnyCond(Strict):
    """True when at least one condition holds."""

    any: "list[Condition]" = Field(min_length=1)


class NotCond(Strict):
    """True when the condition does not hold."""

    not_: "Condition" = Field(alias="not")

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


_COND_KEYS: dict[str, str] = {
    "stat": "stat",
    "controls": "controls",
    "flag": "flag",
    "fired": "fired",
    "chose": "chose",
    "period": "period",
    "period_kind": "period",
    "after": "date",
    "before": "date",
    "chance": "chance",
    "doctrine": "doctrine",
    "unit": "unit",
    "ending": "ending",
    "ending_kind": "ending",
    "all": "all",
    "any": "any",
    "not": "not",
    "not_": "not",
}


def _tag_by_key(table: dict[str, str]) -> Callable[[Any], str | None]:
    def pick(value: Any) -> str | None:
        if isinstance(value, dict):
            for key in value:
                if key in table:
                    return table[key]
            return None
        if isinstance(value, BaseModel):
            for key in type(value).model_fields:
                if key in table and getattr(value, key) is not None:
                    return table[key]
        return None

    return pick


Condition = Annotated[
    Annotated[StatCond, Tag("stat")]
    | Annotated[ControlsCond, Tag("controls")]
    | Annotated[FlagCond, Tag("flag")]
    | Annotated[FiredCond, Tag("fired")]
    | Annotated[ChoseCond, Tag("chose")]
    | Annotated[PeriodCond, Tag("period")]
    | Annotated[DateCond, Tag("date")]
    | Annotated[ChanceCond, Tag("chance")]
    | Annotated[DoctrineCond, Tag("doctrine")]
    | Annotated[UnitCond, Tag("unit")]
    | Annotated[EndingCond, Tag("ending")]
    | Annotated[AllCond, Tag("all")]
    | Annotated[AnyCond, Tag("any")]
    | Annotated[NotCond, Tag("not")],
    Discriminator(
        _tag_by_key(_COND_KEYS),
        custom_error_type="unknown_condition",
        custom_error_message=(
            "unknown condition: start it with one of stat, controls, flag, fired, chose, period, "
            "period_kind, after, before, chance, doctrine, unit, ending, ending_kind, all, any, not"
        ),
    ),
]

# --------------------------------------------------------------------------- effects


class StockEffect(Strict):
    """Add to (or set) a stock."""

    stock: StockName
    add: float | None = Field(default=None, ge=-BIG, le=BIG)
    set: float | None = Field(default=None, ge=0, le=BIG)

    @model_validator(mode="after")
    def _one(self) -> "StockEffect":
        if (self.add is None) == (self.set is None):
            has = "both" if self.add is not None else "neither"
            raise ValueError(f"a stock effect on '{self.stock}' needs exactly one of 'add' or 'set' (it has {has})")
        return self


class MoraleEffect(Strict):
    """Raise or lower the morale of every unit (points, 0-100 scale)."""

    morale: int = Field(ge=-50, le=50)


class UnitEffect(Strict):
    """Change a unit or every battalion of a regiment: casualties (counted as killed and wounded),
    morale, fatigue, or the arrival of a detached unit."""

    unit: Ident
    casualties: int = Field(default=0, ge=0, le=BIG)
    wounded_share: float = Field(default=0.6, ge=0.0, le=1.0)
    morale: int = Field(default=0, ge=-100, le=100)
    fatigue: int = Field(default=0, ge=-100, le=100)
    arrive_at: Ident | None = Field(default=None, description="bring a detached unit into a position")
    depart: bool = Field(default=False, description="the unit leaves the city; its men count as departed")
    or_else: list[Ident] = Field(default_factory=list, max_length=20, description=(
        "other units or regiments, in order: if `unit` has fewer than `least` men able to do it (alive, and "
        "able to reach `arrive_at` if given), the effect falls on the first of these that has"))
    least: int = Field(default=1, ge=1, le=BIG, description="the men a unit needs for the effect to fall on it "
                       "rather than on the next of `or_else`")


class PositionEffect(Strict):
    """Change a position's controller and/or works."""

    position: Ident
    controller: Side | None = None
    works: int = Field(default=0, ge=-5, le=5)


class PressureEffect(Strict):
    """Change the Japanese force in a sector. Negative numbers are Japanese casualties."""

    pressure: Ident = Field(description="sector id")
    add: Amount


class FlagEffect(Strict):
    """Set or clear a flag that conditions can test."""

    set_flag: Ident | None = None
    clear_flag: Ident | None = None

    @model_validator(mode="after")
    def _one(self) -> "FlagEffect":
        if (self.set_flag is None) == (self.clear_flag is None):
            has = "both" if self.set_flag is not None else "neither (or null)"
            raise ValueError(f"a flag effect needs exactly one of 'set_flag' or 'clear_flag' (it has {has})")
        return self


class WoundedEffect(Strict):
    """Move wounded men: `died` (counted among the dead) or `recovered` (back to the most depleted unit)."""

    wounded: Literal["died", "recovered"]
    count: int = Field(ge=0, le=BIG)


class SickEffect(Strict):
    """Men fall sick (taken evenly from the units) or the sick die or recover."""

    sick: Literal["fall_ill", "died", "recovered"]
    count: int = Field(ge=0, le=BIG)


class VolunteersEffect(Strict):
    """Add to (negative: lose) a civilian volunteer team; losses count as civilian deaths."""

    volunteers: TeamName
    add: Amount


class AirEffect(Strict):
    """Change the air support level (0-3)."""

    air_support: int = Field(ge=-3, le=3)


class RadioEffect(Strict):
    """Cut or restore the radio link to Zhijiang and Chongqing."""

    radio: bool


class DoctrineEffect(Strict):
    """Put a fire doctrine in force."""

    set_doctrine: Doctrine


class EndingEffect(Strict):
    """End the campaign with the named ending."""

    ending: Ident


_EFFECT_KEYS: dict[str, str] = {
    "stock": "stock",
    "morale": "morale",
    "unit": "unit",
    "position": "position",
    "pressure": "pressure",
    "set_flag": "flag",
    "clear_flag": "flag",
    "wounded": "wounded",
    "sick": "sick",
    "volunteers": "volunteers",
    "air_support": "air",
    "radio": "radio",
    "set_doctrine": "doctrine",
    "ending": "ending",
}

#: The leading key of each kind of condition and of effect -> its union tag (public names of the tables the
#: discriminators use; the toolchain reads them for messages and the editor schema).
CONDITION_KEYS = _COND_KEYS
EFFECT_KEYS = _EFFECT_KEYS

Effect = Annotated[
    Annotated[StockEffect, Tag("stock")]
    | Annotated[MoraleEffect, Tag("morale")]
    | Annotated[UnitEffect, Tag("unit")]
    | Annotated[PositionEffect, Tag("position")]
    | Annotated[PressureEffect, Tag("pressure")]
    | Annotated[FlagEffect, Tag("flag")]
    | Annotated[WoundedEffect, Tag("wounded")]
    | Annotated[SickEffect, Tag("sick")]
    | Annotated[VolunteersEffect, Tag("volunteers")]
    | Annotated[AirEffect, Tag("air")]
    | Annotated[RadioEffect, Tag("radio")]
    | Annotated[DoctrineEffect, Tag("doctrine")]
    | Annotated[EndingEffect, Tag("ending")],
    Discriminator(
        _tag_by_key(_EFFECT_KEYS),
        custom_error_type="unknown_effect",
        custom_error_message=(
            "unknown effect: start it with one of stock, morale, unit, position, pressure, set_flag, "
            "clear_flag, wounded, sick, volunteers, air_support, radio, set_doctrine, ending"
        ),
    ),
]


# --------------------------------------------------------------------------- scenario parts


class Sector(Strict):
    """A direction the enemy attacks from; Japanese forces are pooled per sector."""

    id: Ident
    name: str
    description: str = ""


class Position(Strict):
    """A named place on the map."""

    id: Ident
    name: str = Field(max_length=60)
    name_zh: str | None = Field(default=None, max_length=20, description="Chinese characters, if the seed gives them")
    pinyin: str | None = None
    terrain: Literal[
        "hill",
        "heights",
        "temple",
        "street",
        "gate",
        "field",
        "marsh",
        "river",
        "airfield",
        "building",
        "bridge",
        "station",
        "village",
    ]
    works: int = Field(ge=0, le=5, description="fortification, 0 none to 5 cliffs, moats and bunkers")
    line: Literal["outpost", "first", "second", "third", "city", "rear", "outside"]
    sector: Ident
    adjacent: list[Ident] = Field(default_factory=list)
    controller: Side = "chinese"
    x: int = Field(ge=0, le=99, description="map column (0-99)")
    y: int = Field(ge=0, le=39, description="map row (0-39)")
    key: bool = Field(default=False, description="a gate into the city; losing it costs morale")
    description: str = Field(default="", max_length=800)
    sources: list[SourceRef] = Field(default_factory=list)


class Unit(Strict):
    """A Chinese unit (regiment, battalion or company)."""

    id: Ident
    name: str
    regiment: Ident | None = Field(default=None, description="regiment id grouping battalions (usable in effects)")
    division: str
    kind: Literal["infantry", "artillery", "engineers", "reconnaissance", "antigas", "headquarters", "mortar"]
    commander: str | None = None
    strength: int = Field(ge=0, le=20000)
    position: Ident | None = Field(default=None, description="where it starts; null while detached")
    arrives: dt.date | None = Field(default=None, description="for detached units: when it may be recalled")
    morale: int = Field(default=70, ge=0, le=100)
    fatigue: int = Field(default=10, ge=0, le=100)
    note: str = ""
    sources: list[SourceRef] = Field(default_factory=list)


class Formation(Strict):
    """A Japanese formation; its strength joins its sector's pool on its arrival date."""

    id: Ident
    name: str
    kind: Literal["army", "division", "brigade", "regiment", "battalion", "artillery", "air"]
    commander: str | None = None
    strength: int = Field(ge=0, le=60000)
    sector: Ident
    arrives: dt.date
    note: str = ""
    sources: list[SourceRef] = Field(default_factory=list)


class Stocks(Strict):
    """Stocks held by the corps."""

    mg_rounds: int = Field(ge=0)
    mortar_shells: int = Field(ge=0)
    grenades: int = Field(ge=0)
    food: int = Field(ge=0, description="rations, in man-days")
    medicine: int = Field(ge=0, description="medical supplies, in treatment-days for one wounded man")


class Volunteers(Strict):
    """Civilian volunteer teams (numbers of people)."""

    transport: int = Field(ge=0)
    repair: int = Field(ge=0)
    firefighting: int = Field(ge=0)
    stretcher: int = Field(ge=0)
    nursing: int = Field(ge=0)
    burial: int = Field(ge=0)


class Period(Strict):
    """A stretch of the calendar: preparation, opening fights, an offensive or a lull."""

    id: Ident
    name: str
    kind: Literal["preparation", "opening", "offensive", "lull"]
    start: dt.date
    end: dt.date
    intensity: dict[Ident, Share] = Field(
        default_factory=dict, description="sector id -> attack intensity 0..1 (missing sectors: 0)"
    )
    air_raids: int = Field(default=0, ge=0, le=3, description="Japanese air effort 0-3")
    historical: bool = Field(default=True, description="false for counterfactual periods beyond the historical end")
    description: str = ""
    sources: list[SourceRef] = Field(default_factory=list)

    @model_validator(mode="after")
    def _order(self) -> "Period":
        if self.end < self.start:
            raise ValueError(f"'end' ({self.end}) is before 'start' ({self.start})")
        return self


class Trigger(Strict):
    """When an event may fire: a date window and/or a condition, and a daily chance."""

    from_: dt.date | None = Field(default=None, alias="from")
    until: dt.date | None = None
    condition: Condition | None = None
    chance: float = Field(default=1.0, ge=0.0, le=1.0)
    #: An event of the ending sequence: it fires once, on the day the campaign ends (whatever the date and
    #: however it ends), when its condition holds; its date window is not used.
    epilogue: bool = False

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


# --------------------------------------------------------------------------- narrative (the story follows the state)

#: Values of the state an event's text may show, written `{men_in_line}`; those taking an id are written
#: `{men_at:mt_gao}`. A closed vocabulary, filled by `game.rules.narrative` (never by `str.format`).
PLACEHOLDERS: dict[str, str] = {
    "men_in_line": "men in the units inside the city",
    "wounded": "wounded in the hospitals",
    "sick": "sick in the hospitals",
    "grenades": "hand grenades in stock",
    "mg_rounds": "machine-gun rounds in stock",
    "mortar_shells": "mortar shells in stock",
    "medicine": "medical supplies, in treatment-days",
    "food_days": "days of rations for everyone in the city",
    "volunteers": "civilian volunteers still at work",
    "civilian_deaths": "volunteers killed so far",
    "chinese_casualties": "Chinese killed, dead and wounded so far",
    "chinese_dead": "Chinese killed and dead of wounds or sickness so far",
    "japanese_casualties": "Japanese killed and wounded so far",
    "japanese_strength": "Japanese fighting men around the city",
    "escaped": "men of the corps who reached Chinese lines in a breakout",
    "positions_held": "positions in Chinese hands",
    "positions_lost": "positions in Japanese hands",
    "men_at": "men of every unit at a position (`{men_at:POSITION}`)",
    "men_of": "men of a unit or of all a regiment's battalions (`{men_of:UNIT}`)",
}
#: The placeholders that take an id, and what kind of id.
PLACEHOLDER_ARGS: dict[str, str] = {"men_at": "position", "men_of": "unit"}
#: `{name}` or `{name:id}`; any other brace in a text is an error.
PLACEHOLDER_RE = re.compile(r"\{([a-z_]+)(?::([a-z][a-z0-9_]*))?\}")


def placeholder_problems(text: str) -> list[str]:
    """What is wrong with the placeholders of a text (empty when nothing is)."""
    if "{" not in text and "}" not in text:
        return []  # most texts: nothing to look at
    out = []
    for mt in PLACEHOLDER_RE.finditer(text):
        name, arg = mt.group(1), mt.group(2)
        if name not in PLACEHOLDERS:
            out.append(f"unknown placeholder {mt.group(0)}; known: " + ", ".join(sorted(PLACEHOLDERS)))
        elif (arg is None) != (name not in PLACEHOLDER_ARGS):
            want = f"{{{name}:{PLACEHOLDER_ARGS[name].upper()}}}" if name in PLACEHOLDER_ARGS else f"{{{name}}}"
            out.append(f"write {mt.group(0)} as {want}")
    if "{" in PLACEHOLDER_RE.sub("", text) or "}" in PLACEHOLDER_RE.sub("", text):
        out.append("a brace that is not a placeholder such as {men_in_line}")
    return out


def placeholder_refs(text: str) -> list[tuple[str, str]]:
    """(kind, id) of every id a text's placeholders name, e.g. ("position", "mt_gao")."""
    if "{" not in text:
        return []
    return [(PLACEHOLDER_ARGS[mt.group(1)], mt.group(2)) for mt in PLACEHOLDER_RE.finditer(text)
            if mt.group(1) in PLACEHOLDER_ARGS and mt.group(2)]


def _state_only(c: Any, where: str = "") -> list[str]:
    """Asserted facts speak of the state: no chance, dates, calendar periods or day counts (the text is read
    at the end of the day it fired, and a fact must be checkable then)."""
    if isinstance(c, ChanceCond | DateCond | PeriodCond):
        return [f"{where}'{type(c).__name__}' cannot be asserted: a text states facts about the state, "
                "not chance or the calendar (put those in the trigger)"]
    if isinstance(c, StatCond) and c.stat in ("day", "days_held"):
        return [f"{where}stat '{c.stat}' cannot be asserted (put the calendar in the trigger)"]
    subs = c.all if isinstance(c, AllCond) else c.any if isinstance(c, AnyCond) else [c.not_] \
        if isinstance(c, NotCond) else []
    return [p for x in subs for p in _state_only(x, where)]


def _told(text: str | None) -> str | None:
    problems = placeholder_problems(text or "")
    if problems:
        raise ValueError("; ".join(problems))
    return text


def _fact(c: Any) -> Any:
    problems = _state_only(c)
    if problems:
        raise ValueError(problems[0])
    return c


def _fixed(text: str | None) -> str | None:
    if text and ("{" in text or "}" in text):  # (every placeholder holds a brace)
        raise ValueError("summaries and outcomes are also printed in reports, away from the game's state: "
                         "write them without placeholders or braces")
    return text


#: A text the staff reads: placeholders from the closed vocabulary only.
StoryText = Annotated[str, AfterValidator(_told)]
#: A text shown without the state too (summaries, outcomes): no placeholders.
FixedText = Annotated[str, AfterValidator(_fixed)]
#: A fact a text states about the state (a condition without chance or the calendar).
Fact = Annotated[Condition, AfterValidator(_fact)]


class Variant(Strict):
    """Another telling of an event, for a game that has not gone as history did. It is told when every
    fact it asserts holds (a variant asserting nothing always can be: put it last)."""

    asserts: list[Fact] = Field(default_factory=list, description="facts about the state this text states")
    text: StoryText = Field(min_length=20, max_length=1500)
    summary: FixedText | None = Field(default=None, max_length=600,
                                 description="classroom-summary version (default: the event's)")


class Choice(Strict):
    """One option in an event."""

    id: Ident
    label: str = Field(min_length=2, max_length=120)
    effects: list[Effect] = Field(default_factory=list)
    historical: bool = False
    outcome: FixedText = Field(default="", max_length=600, description="what the staff sees after choosing")
    asserts: list[Fact] = Field(
        default_factory=list, description="facts about the state that the label and outcome state once the "
        "choice is made (units moved, positions given up): its effects must make them true (the decision audit "
        "checks them)")


class Event(Strict):
    """Something that happens, addressed to one staff role, with sources."""

    id: Ident
    title: str = Field(min_length=2, max_length=80)
    role: Ident = "commander"
    trigger: Trigger
    priority: int = Field(default=50, ge=0, le=100)
    repeatable: bool = False
    text: StoryText = Field(min_length=20, max_length=1500)
    summary: FixedText | None = Field(default=None, max_length=600, description="classroom-summary version")
    tags: list[SensitiveTag] = Field(default_factory=list)
    effects: list[Effect] = Field(default_factory=list)
    choices: list[Choice] = Field(default_factory=list)
    historical_note: str = Field(default="", max_length=1500)
    sources: list[SourceRef] = Field(min_length=1)
    asserts: list[Fact] = Field(
        default_factory=list, description="facts about the state that `text` states (the story audit checks them)")
    variants: list[Variant] = Field(
        default_factory=list, description="other tellings: when `asserts` fail, the first whose facts hold is told")

    @model_validator(mode="after")
    def _check(self) -> "Event":
        if self.tags and not self.summary:
            raise ValueError(f"event '{self.id}' has content-warning tags ({', '.join(self.tags)}) and so needs a "
                             "'summary' for classroom mode")
        ids = [c.id for c in self.choices]
        twice = sorted({x for x in ids if ids.count(x) > 1}) if len(set(ids)) != len(ids) else []
        if twice:
            raise ValueError(f"choice id {', '.join(repr(x) for x in twice)} appears more than once in event "
                             f"'{self.id}': choice ids must be unique within an event")
        if self.trigger.epilogue and self.choices:
            raise ValueError(f"event '{self.id}' is part of the ending sequence (epilogue: true) and so cannot "
                             "ask a decision: nothing is decided after the end")
        if self.choices and sum(c.historical for c in self.choices) > 1:
            marked = ", ".join(c.id for c in self.choices if c.historical)
            raise ValueError(f"at most one choice can be marked historical (marked: {marked})")
        return self


class Ending(Strict):
    """A way the campaign can end. Checked each night in priority order (highest first)."""

    id: Ident
    title: str
    kind: Literal["defeat", "ceasefire", "breakout", "relief", "held"]
    condition: Condition | None = Field(default=None, description="null: only reachable by an effect or order")
    priority: int = Field(default=50, ge=0, le=100)
    historical: bool = False
    text: str = Field(min_length=20, max_length=2000)
    sources: list[SourceRef] = Field(default_factory=list)


class Claim(Strict):
    """One side of a disagreement between sources."""

    claim: str
    sources: list[SourceRef] = Field(min_length=1)


class Dispute(Strict):
    """A point on which the sources disagree, with each claim and its support."""

    id: Ident
    topic: str
    claims: list[Claim] = Field(min_length=2)
    comment: str = ""


class Role(Strict):
    """A staff role: a briefing and what it decides."""

    id: Ident
    title: str
    person: str
    briefing: str
    orders: list[str] = Field(default_factory=list, description="order kinds this role gives")
    sees: list[str] = Field(default_factory=list, description="panels this role can see")
    division: str | None = Field(default=None, description="the division this officer commands (for 'talk to')")
    reports: list[Literal["stocks", "medical", "air", "enemy", "overall"]] = Field(
        default_factory=list, description="what this officer reports on when asked in person"
    )


class Preset(Strict):
    """A lesson preset: where a classroom game starts and how long it runs."""

    id: Ident
    title: str
    start: dt.date
    description: str = ""


class Meta(Strict):
    """The scenario file: identity, dates, sectors, opening stocks and endings."""

    id: Ident
    title: str
    version: str = Field(pattern=r"^\d+\.\d+(\.\d+)?$")
    engine: str = Field(default=">=0.1", description="engine versions this scenario needs")
    description: str
    start_date: dt.date
    battle_start: dt.date
    last_date: dt.date
    historical_end: dt.date
    headquarters: Ident
    relief_from: dt.date | None = Field(default=None, description="first day a relief column could arrive")
    sectors: list[Sector] = Field(min_length=1)
    stocks: Stocks
    volunteers: Volunteers
    air_support: int = Field(ge=0, le=3)
    radio: bool = True
    doctrine: Doctrine = "free_fire"
    endings: list[Ending] = Field(min_length=1)
    sources: list[SourceRef] = Field(default_factory=list)

    @model_validator(mode="after")
    def _dates(self) -> "Meta":
        if not (self.start_date <= self.battle_start <= self.last_date):
            raise ValueError(f"dates must satisfy start_date <= battle_start <= last_date (here {self.start_date}, "
                             f"{self.battle_start}, {self.last_date})")
        return self


class MapFile(Strict):
    """map.yaml: the positions."""

    positions: list[Position] = Field(min_length=1)


class ForcesFile(Strict):
    """forces.yaml: both sides' forces."""

    chinese: list[Unit] = Field(default_factory=list)
    japanese: list[Formation] = Field(default_factory=list)


class CalendarFile(Strict):
    """calendar.yaml: the periods of the campaign."""

    periods: list[Period] = Field(min_length=1)


class EventsFile(Strict):
    """events/*.yaml: a list of events."""

    events: list[Event] = Field(default_factory=list)


class HistoryFile(Strict):
    """history.yaml: disagreements between sources, roles and lesson presets."""

    disputes: list[Dispute] = Field(default_factory=list)
    roles: list[Role] = Field(default_factory=list)
    presets: list[Preset] = Field(default_factory=list)
    questions: list[str] = Field(default_factory=list, description="discussion questions for the debrief")


class SeedEntry(Strict):
    """One source document in seeds/sources.yaml."""

    id: Ident
    file: str
    title: str
    kind: str
    reliability: Literal["high", "medium", "low", "fiction"]
    note: str = ""


class Scenario(BaseModel):
    """A fully loaded and cross-checked scenario (built-in, possibly with packs applied)."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    meta: Meta
    positions: list[Position]
    chinese: list[Unit]
    japanese: list[Formation]
    periods: list[Period]
    events: list[Event]
    disputes: list[Dispute] = Field(default_factory=list)
    roles: list[Role] = Field(default_factory=list)
    presets: list[Preset] = Field(default_factory=list)
    questions: list[str] = Field(default_factory=list)
    seeds: list[SeedEntry] = Field(default_factory=list)
    packs: list[str] = Field(default_factory=list)
    #: pack id -> the pack's version, and pack id -> sha256 of its files (what saves record)
    pack_versions: dict[str, str] = Field(default_factory=dict)
    pack_hashes: dict[str, str] = Field(default_factory=dict)


def build_event_first() -> None:
    """Build the validator of `Event` (deferred, as every model's is) before any model that holds events.

    Built first, its schema is reused by each file model that holds events (`EventsFile`, a pack's events
    file, `Scenario`); built as a part of one of them, it is generated again for each. A check of a pack
    builds them all: about 30 ms less of its start-up. Cheap once built (a flag is read)."""
    if not Event.__pydantic_complete__:
        Event.model_rebuild()
