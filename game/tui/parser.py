"""The staff console, in the Inform tradition: a typed line becomes an order or a console command.

It reads the order catalogue (`game.rules.catalogue`) for the verbs and the values each order needs, accepts
names as well as ids (`reinforce 2nd battalion 9th regiment height 221`), ignores filler words (`send r9_2 to
height 221`), knows the game's own spellings (`counter-attack`, `hold fire`), asks back when a phrase fits
several things ("Which do you mean: ...?") and hints at typos. It only builds orders and names things: whether
an order may be given is decided by the rules, never here. No line makes it raise.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from game.rules import catalogue as cat
from game.rules import orders as o
from game.rules.catalogue import Form, Slot
from game.rules.orders import Order
from game.rules.state import State
from game.rules.world import World

#: Console commands that are not orders, with the phrases that call them (the first is the canonical one).
COMMANDS: dict[str, tuple[str, ...]] = {
    "help": ("help", "?", "h", "commands", "what can i do"),
    "orders": ("orders", "queue", "list orders", "show orders", "my orders", "todays orders"),
    "cancel": ("cancel", "undo", "remove", "delete"),
    "end": ("end", "end day", "end the day", "end turn", "next day", "done"),
    "look": ("look", "l", "look at", "look around"),
    "examine": ("examine", "x", "check", "study", "read"),
    "status": ("status", "report", "sitrep", "situation", "summary", "show status"),
    "units": ("units", "show units", "list units", "forces", "show forces", "troops", "i", "inventory"),
    "positions": ("positions", "show positions", "list positions", "places"),
    "where": ("where", "where am i", "where are we", "location"),
    "preview": ("preview", "what if", "odds", "expect"),
    "save": ("save",),
    "load": ("load", "restore"),
    "archive": ("archive", "sources"),
    "theme": ("theme",),
    "legend": ("legend", "key", "map key"),
}
#: Phrases that are a whole order: the plain-language doctrines.
PHRASES: dict[str, tuple[str, dict[str, object]]] = {
    phrase: ("doctrine", {"doctrine": d}) for d, words in cat.DOCTRINE_WORDS.items() for phrase in words
    if len(phrase.split()) > 1
}
#: Words that carry no meaning between the verb and its values.
FILLER = frozenset({"to", "the", "at", "on", "in", "into", "onto", "from", "against", "with", "a", "an", "please",
                    "now", "tonight", "today", "and", "toward", "towards", "over", "up", "back", "out", "off",
                    "position", "unit", "sector", "for", "me", "go", "then", "all", "works", "defences",
                    "defenses"})
#: Words of a name that do not tell one place or unit from another.
GENERIC = frozenset({"mt", "hill", "heights", "height", "temple", "gate", "street", "avenue", "hall", "well",
                     "station", "hospital", "crossing", "bridge", "church", "fields", "battalion", "regiment",
                     "division", "company", "companies", "corps", "troops", "end", "river", "the", "of", "and"})
#: Abbreviations a staff officer types.
SYNONYMS = {"bn": "battalion", "btn": "battalion", "batt": "battalion", "regt": "regiment", "rgt": "regiment",
            "reg": "regiment", "mount": "mt", "mountain": "mt", "div": "division", "hts": "heights",
            "st": "street", "arty": "artillery", "coy": "company", "hq": "headquarters", "sw": "southwest",
            "ne": "northeast", "nw": "northwest", "se": "southeast",
            "first": "1st", "second": "2nd", "third": "3rd", "fourth": "4th", "fifth": "5th", "sixth": "6th",
            "seventh": "7th", "eighth": "8th", "ninth": "9th", "tenth": "10th"}
SWITCH = {"on": True, "yes": True, "true": True, "start": True, "off": False, "no": False, "false": False,
          "stop": False, "lift": False, "end": False}
MAX_NUMBER_DIGITS = 6
MAX_LINE = 500


@dataclass(frozen=True, slots=True)
class Question:
    """A question back: which of `options` the player meant for one value of an order."""

    text: str
    form: Form
    filled: dict[str, object]
    slot: Slot
    options: tuple[tuple[object, str], ...]


@dataclass(frozen=True, slots=True)
class Parsed:
    """What a console line means: an order, a console command, a question back, or an error."""

    order: Order | None = None
    command: str | None = None
    #: A console command's value: the position or unit looked at, the order previewed.
    target: str | None = None
    number: int | None = None
    preview: Order | None = None
    error: str | None = None
    question: Question | None = None
    words: tuple[str, ...] = field(default_factory=tuple)


# ---- words


#: Full-width forms (what an East Asian input method types: "２２１", "ｒｅｓｔ") to their ASCII letters,
#: digits and signs, and the ideographic space to a space. Only these: a superscript "²" is not a 2.
FULL_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def norm(s: str) -> str:
    """Lower case; full-width forms read as ASCII; anything but letters and ASCII digits becomes a space;
    apostrophes vanish (don't: dont)."""
    s = s[:MAX_LINE].translate(FULL_WIDTH).lower().replace("'", "").replace("\u2019", "")
    out = [ch if (ch.isalpha() or ch in "0123456789") else " " for ch in s]
    return " ".join("".join(out).split())


def tokens(s: str) -> list[str]:
    """Normalised words with abbreviations spelled out."""
    return [SYNONYMS.get(w, w) for w in norm(s).split()]


def number(word: str) -> int | None:
    """A count typed in ASCII digits ('²', '፱' and 5,000-digit strings are not numbers here)."""
    return int(word) if re.fullmatch(f"[0-9]{{1,{MAX_NUMBER_DIGITS}}}", word) else None


def _same(q: str, t: str) -> bool:
    if q == t:
        return True
    if q.isdigit() or t.isdigit():
        return False  # 22 is not 221
    if len(q) >= 2 and t.startswith(q):
        return True
    return len(q) > 3 and len(t) > 3 and q.rstrip("s") == t.rstrip("s")


def _covers(query: Sequence[str], words: Sequence[str]) -> bool:
    """Every query word matches a different word of `words`."""
    free = list(words)
    for q in query:
        hit = next((i for i, t in enumerate(free) if _same(q, t)), None)
        if hit is None:
            return False
        free.pop(hit)
    return True


@dataclass(frozen=True, slots=True)
class Candidate:
    value: object
    name: str
    main: tuple[str, ...]  # the name without its bracketed note
    note: tuple[str, ...]
    ids: tuple[str, ...]
    exact: frozenset[str]  # whole phrases that name it exactly


def candidate(value: object, name: str, aliases: Sequence[str] = ()) -> Candidate:
    main, _, note = name.partition("(")
    ident = norm(str(value)) if isinstance(value, str) else ""
    exact = {" ".join(tokens(name)), " ".join(tokens(main)), ident, ident.replace(" ", "")}
    exact |= {" ".join(tokens(a)) for a in aliases}
    return Candidate(value, name.strip(), tuple(tokens(main)), tuple(tokens(note)), tuple(ident.split()),
                     frozenset(x for x in exact if x))


def _score(query: Sequence[str], c: Candidate) -> int:
    phrase = " ".join(query)
    if phrase in c.exact or phrase.replace(" ", "") in c.exact:
        return 4
    distinct = [w for w in c.main if w not in GENERIC]
    if _covers(query, c.main + c.ids) and distinct and _covers(distinct, query):
        return 3
    if _covers(query, c.main + c.note + c.ids):
        return 2
    return 0


@dataclass(frozen=True, slots=True)
class Match:
    """The candidates a phrase fits best (one: found; several: ambiguous; none: not found)."""

    found: tuple[Candidate, ...]
    level: int


def match(query: Sequence[str], cands: Sequence[Candidate]) -> Match:
    if not query:
        return Match((), 0)
    scored = [(s, c) for c in cands if (s := _score(query, c)) > 0]
    if scored:
        best = max(s for s, _c in scored)
        return Match(tuple(c for s, c in scored if s == best), best)
    # typos: every word close to some word of the name
    fuzzy = []
    for c in cands:
        words = list(c.main + c.note + c.ids)
        if all(difflib.get_close_matches(q, words, n=1, cutoff=0.75) for q in query):
            fuzzy.append(c)
    return Match(tuple(fuzzy), 1)


def which(options: Sequence[str]) -> str:
    """'Which do you mean: A, B or C?'"""
    shown = list(options[:6])
    more = f" (or {len(options) - 6} more)" if len(options) > 6 else ""
    body = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]
    return f"Which do you mean: {body}{more}?"


# ---- the world's names


def slot_candidates(world: World, s: State | None, slot_type: cat.SlotType,
                    picked: dict[str, object] | None = None) -> list[Candidate]:
    """Everything a slot of this type can name, with every name the player may use for it."""
    match slot_type:
        case "unit":
            return [candidate(k, world.unit_names[k]) for k in world.unit_names]
        case "position":
            zh = {p.id: p.name_zh for p in world.scenario.positions if p.name_zh}
            return [candidate(p, pl.name, [zh[p]] if p in zh else []) for p, pl in world.places.items()]
        case "sector":
            return [candidate(sec, cat.sector_name(world, sec)) for sec in world.sectors]
        case "officer":
            return [candidate(r.id, f"{r.person} ({r.title})", [r.title, r.person]) for r in world.scenario.roles]
        case "doctrine":
            return [candidate(d, cat.doctrine_label(d), cat.DOCTRINE_WORDS.get(d, ())) for d in o.DOCTRINES]
        case "policy":
            return [candidate("standard", "standard"), candidate("light_first", "light first",
                                                                 ["lightly wounded first", "light"])]
        case "team":
            return [candidate(t, t) for t in o.TEAMS]
        case "event":
            pending = s.pending if s is not None else []
            return [candidate(e, world.event_by_id[e].title) for e in pending if e in world.event_by_id]
        case "choice":
            ev = world.event_by_id.get(str((picked or {}).get("event", "")))
            return [candidate(ch.id, ch.label) for ch in ev.choices] if ev else []
    return []


def match_officer(text: str, world: World) -> tuple[str | None, str | None]:
    """The role meant by `text`: a word of the officer's name ('ge', 'sun'), the title or the role id."""
    q = norm(text)
    roles = world.scenario.roles
    for r in roles:
        if q in norm(r.person).split() or q == norm(r.id) or q == norm(r.title):
            return r.id, None
    m = match(tokens(text), slot_candidates(world, None, "officer"))
    if len(m.found) == 1:
        return str(m.found[0].value), None
    if m.found:
        return None, which([c.name for c in m.found])
    try_words = ", ".join(_officer_word(r, list(roles)) for r in roles)
    return None, f"no officer called '{text.strip()}'; try {try_words}"


def _officer_word(role: object, roles: list[object]) -> str:
    """The shortest word that finds this officer with 'talk to': a word of his name, else the role id."""
    def first_hit(q: str) -> object:
        return next((r for r in roles if q in norm(getattr(r, "person", "")).split() or q == norm(getattr(r, "id", ""))
                     or q == norm(getattr(r, "title", ""))), None)

    person = norm(getattr(role, "person", ""))
    titles = {"lt", "gen", "maj", "dr", "col", "the", "of", "a", "commander", "corps", "officer", "army"}
    for w in [w for w in person.split() if w not in titles and not w.isdigit()]:
        if first_hit(w) is role:
            return w
    return str(getattr(role, "id", ""))


def position_names(world: World) -> dict[str, str]:
    """Position id -> name."""
    return {p.id: p.name for p in world.scenario.positions}


def match_name(text: str, options: dict[str, str], what: str) -> tuple[str | None, str | None]:
    """The id in `options` (id -> name) meant by `text`, or an error or question back."""
    cands = [candidate(k, v) for k, v in options.items()]
    m = match(tokens(text), cands)
    if len(m.found) == 1:
        return str(m.found[0].value), None
    if m.found:
        return None, which([c.name for c in m.found])
    if not norm(text):
        return None, f"which {what}?"
    return None, f"no {what} called '{text.strip()}'" + _close(text, cands)


def _close(text: str, cands: Sequence[Candidate]) -> str:
    names = {c.name.lower(): c.name for c in cands}
    close = difflib.get_close_matches(text.strip().lower(), list(names), n=2, cutoff=0.6)
    return f" (did you mean {' or '.join(repr(names[c]) for c in close)}?)" if close else ""


# ---- verbs


def _verb_table() -> dict[tuple[str, ...], tuple[str, str, dict[str, object]]]:
    """Verb phrase (words) -> ("order", form key, preset values) or ("command", name, {})."""
    table: dict[tuple[str, ...], tuple[str, str, dict[str, object]]] = {}
    for name, phrases in COMMANDS.items():
        for p in phrases:
            table[tuple(norm(p).split()) or (p,)] = ("command", name, {})
    for spec in cat.CATALOGUE:
        for f in spec.forms:
            for v in f.verbs:
                table[tuple(norm(v).split())] = ("order", f.key, {})
    for phrase, (key, preset) in PHRASES.items():
        table[tuple(norm(phrase).split())] = ("order", key, preset)
    return table


VERBS = _verb_table()
_LONGEST = max(len(k) for k in VERBS)


def _verb(words: list[str]) -> tuple[int, tuple[str, str, dict[str, object]]] | None:
    for n in range(min(_LONGEST, len(words)), 0, -1):
        hit = VERBS.get(tuple(words[:n]))
        if hit is not None:
            return n, hit
    return None


# ---- parsing


def parse(line: str, world: World, state: State, question: Question | None = None) -> Parsed:
    """Parse one console line (an answer to `question`, if it is one)."""
    raw = line[:MAX_LINE].translate(FULL_WIDTH)
    if "?" in raw.strip() and norm(raw) == "":
        raw = "help"
    words = norm(raw).split() if raw.strip() != "?" else ["?"]
    if not words:
        return Parsed(error="type a command, or 'help'")
    if question is not None:
        answered = _answer(question, words, world, state)
        if answered is not None:
            return answered
    got = _verb(words)
    if got is None:
        head = words[0]
        firsts = sorted({k[0] for k in VERBS})
        close = difflib.get_close_matches(head, firsts, n=1, cutoff=0.75)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        shown = raw.split()[0] if raw.split() else head
        return Parsed(error=f"unknown command '{shown[:40]}'{hint}; type 'help' for the list")
    n, (what, key, shared) = got
    preset = dict(shared)  # the verb table's presets are shared by every line
    if re.search(r"(^|\s)[-\u2212]\s*[0-9]", raw) and (key in ("cancel", "volunteers")):
        return Parsed(command=key if what == "command" else None, error="numbers here are counts: no minus sign")
    rest = words[n:]
    if what == "command":
        return _command(key, rest, world, state)
    form = cat.FORMS[key][1]
    if key == "reinforce" and any(w in ("volunteers", "volunteer", "civilians") for w in rest):
        form = cat.FORMS["volunteers"][1]  # 'move 100 volunteers from burial to repair'
        rest = [w for w in rest if w not in ("volunteers", "volunteer", "civilians")]
    if form.key == "volunteers":  # 'from X' and 'to Y' say which team is which, in any order
        for i, w in enumerate(rest[:-1]):
            nxt = rest[i + 1]
            if w in ("from", "to") and nxt in o.TEAMS:
                preset["from_team" if w == "from" else "to_team"] = nxt
        rest = [w for i, w in enumerate(rest) if not (w in o.TEAMS and i and rest[i - 1] in ("from", "to")
                                                      and preset.get("from_team" if rest[i - 1] == "from"
                                                                     else "to_team") == w)]
    keep = {"on", "off"} if any(sl.type == "switch" for sl in form.slots) else set()
    words = [SYNONYMS.get(w, w) for w in rest if w not in FILLER or w in keep]
    filled: dict[str, object] = dict(preset)
    counts = [sl for sl in form.slots if sl.type == "count"]
    if counts:  # the number may come anywhere: 'volunteers 100 from burial to repair'
        at = next((i for i, w in enumerate(words) if number(w) is not None), None)
        if at is not None:
            filled[counts[0].name] = number(words.pop(at))
    return _order(form, words, world, state, filled)


def _command(name: str, rest: list[str], world: World, state: State) -> Parsed:
    words = tuple(rest)
    match name:
        case "cancel":
            if rest and rest[0] in ("last", "that", "it"):
                return Parsed(command="cancel", number=-1)
            n = number(rest[0]) if rest else None
            if n is None:
                return Parsed(command="cancel", error="usage: cancel N (N from 'orders'), or cancel last")
            return Parsed(command="cancel", number=n)
        case "look" | "examine":
            q = [SYNONYMS.get(w, w) for w in rest if w not in FILLER]
            if not q or q in (["here"], ["works"], ["work"], ["defences"], ["defenses"], ["around"]):
                return Parsed(command=name)
            kinds: list[cat.SlotType] = ["position", "unit"] if name == "look" else ["unit", "position"]
            for kind in kinds:
                m = match(q, slot_candidates(world, state, kind))
                if len(m.found) == 1 and m.level >= 2:
                    return Parsed(command=name, target=str(m.found[0].value), words=(kind,))
            m = match(q, slot_candidates(world, state, "position") + slot_candidates(world, state, "unit"))
            if len(m.found) == 1:
                kind = "unit" if m.found[0].value in world.unit_names else "position"
                return Parsed(command=name, target=str(m.found[0].value), words=(kind,))
            if m.found:
                return Parsed(command=name, error=which([c.name for c in m.found]))
            return Parsed(command=name, error=f"no position or unit called '{' '.join(rest)}'")
        case "preview":
            if not rest:
                return Parsed(command="preview", error="usage: preview <order>, e.g. preview counterattack r9_1 "
                                                       "mt fengshu")
            inner = parse(" ".join(rest), world, state)
            if inner.order is None:
                return Parsed(command="preview", error=inner.error or "preview needs an order",
                              question=inner.question)
            return Parsed(command="preview", preview=inner.order)
    return Parsed(command=name, words=words)


def _order(form: Form, words: list[str], world: World, state: State, filled: dict[str, object]) -> Parsed:
    slots = [sl for sl in form.slots if sl.name not in filled]
    if not slots:
        return Parsed(order=cat.build(form, filled)) if not words else Parsed(
            error=f"'{form.verbs[0]}' takes nothing more (usage: {form.usage_line()})")
    if not words:
        return Parsed(error=f"usage: {form.usage_line()}")
    best = _fill(form, slots, words, world, state, filled)
    if isinstance(best, Parsed):
        # a unit and a place may come the other way round ('reinforce height 221 with r9_2')
        if len(slots) == 2 and best.order is None and best.question is None and slots[0].type != slots[1].type:
            swapped = _fill(form, [slots[1], slots[0]], words, world, state, filled)
            if isinstance(swapped, Parsed) and (swapped.order is not None or swapped.question is not None):
                return swapped
        return best
    return Parsed(error=f"usage: {form.usage_line()}")


def _fill(form: Form, slots: list[Slot], words: list[str], world: World, state: State,
          filled: dict[str, object]) -> Parsed | None:
    """Fill the slots from the words: every way of cutting the words into one phrase per slot is tried; the cut
    where every phrase names exactly one thing wins, else the first question, else the first error."""
    head, tail = slots[0], slots[1:]
    cuts = [len(words)] if not tail else list(range(1, len(words) - len(tail) + 1))
    first_error: Parsed | None = None
    first_question: Parsed | None = None
    for cut in cuts:
        phrase, rest = words[:cut], words[cut:]
        got = _value(head, phrase, world, state, filled)
        if isinstance(got, str):  # an error
            first_error = first_error or Parsed(error=got)
            continue
        if isinstance(got, Ambiguous):
            others: dict[str, object] = {}
            if tail:
                after = _fill(form, tail, rest, world, state, {**filled, head.name: got.options[0][0]})
                if after is None or after.order is None:
                    first_error = first_error or after
                    continue
                others = _values(after.order, tail)
            q = Question(got.text, form, {**filled, **others}, head, got.options)
            first_question = first_question or Parsed(question=q, error=q.text)
            continue
        value = got[0]
        done = {**filled, head.name: value}
        if not tail:
            return Parsed(order=cat.build(form, done))
        after = _fill(form, tail, rest, world, state, done)
        if after is not None and after.order is not None:
            return after
        if after is not None and after.question is not None:
            first_question = first_question or after
        elif after is not None:
            first_error = first_error or after
    return first_question or first_error


def _values(order: Order, slots: Sequence[Slot]) -> dict[str, object]:
    return {sl.name: getattr(order, sl.name) for sl in slots}


@dataclass(frozen=True, slots=True)
class Ambiguous:
    """Several things fit a phrase."""

    text: str
    options: tuple[tuple[object, str], ...]


def _value(slot: Slot, phrase: list[str], world: World, state: State,
           filled: dict[str, object]) -> tuple[object] | Ambiguous | str:
    """The slot's value named by `phrase`: (value,), Ambiguous when several fit, or an error message."""
    text = " ".join(phrase)
    match slot.type:
        case "count":
            n = number(text.replace(" ", "")) if len(phrase) == 1 else None
            return (n,) if n is not None else f"'{text[:40]}' is not a number of people"
        case "switch":
            if len(phrase) == 1 and phrase[0] in SWITCH:
                return (SWITCH[phrase[0]],)
            return "say on or off"
        case "officer":
            rid, err = match_officer(text, world)
            return (rid,) if rid is not None else (err or "talk to whom?")
    cands = slot_candidates(world, state, slot.type, filled)
    m = match(phrase, cands)
    if len(m.found) == 1:
        return (m.found[0].value,)
    if m.found:
        return Ambiguous(which([c.name for c in m.found]), tuple((c.value, c.name) for c in m.found))
    what = {"policy": "triage policy", "team": "volunteer team", "event": "decision"}.get(slot.type, slot.type)
    return f"no {what} called '{text[:60]}'" + _close(text, cands)


def _answer(q: Question, words: list[str], world: World, state: State) -> Parsed | None:
    """The line as an answer to a question back, or None if it is not one (then it is parsed afresh)."""
    cands = [candidate(v, name) for v, name in q.options]
    query = [SYNONYMS.get(w, w) for w in words if w not in FILLER]
    n = number(words[0]) if len(words) == 1 else None
    if n is not None and 1 <= n <= len(q.options):
        value = q.options[n - 1][0]
    else:
        m = match(query, cands)
        if len(m.found) != 1:
            return None
        value = m.found[0].value
    return Parsed(order=cat.build(q.form, {**q.filled, q.slot.name: value}))


# ---- help and completion


def help_lines() -> list[str]:
    """The console's help, from the catalogue."""
    out = [f"Orders (each costs staff time; a day has {o.STAFF_TIME} points):"]
    for spec in cat.CATALOGUE:
        if not spec.menu:
            continue
        for f in spec.forms:
            out.append(f"  {f.usage_line():<34} {f.help} ({spec.cost})")
    out.append("  hold fire | fire at will | conserve ammunition: the doctrines in plain words")
    out.append("Names or ids, as you like: 'reinforce 2nd battalion 9th regiment height 221', 'send r9_2 to 221'.")
    out.append("Console (free): status, units, positions, where, look [place], examine <unit|place>,")
    out.append("  preview <order> (its odds and cost before you give it), orders, cancel N, end, save, load,")
    out.append("  archive (the source documents), legend (the map's labels), theme, help")
    return out


def completions(world: World) -> list[str]:
    """Words offered by the console's suggester."""
    officers = {r.id for r in world.scenario.roles}
    verbs = {" ".join(k) for k in VERBS if len(k) == 1}
    return sorted(verbs | set(world.unit_names) | set(world.places) | set(o.DOCTRINES) | set(world.sectors)
                  | officers)


def narrow(p: Parsed, accepts: Callable[[Order], bool]) -> Parsed:
    """A question back that offers only the values that make an order `accepts` takes (the session: a unit
    destroyed, gone from the city, cut off or busy is not offered), when there is at least one; else as it is
    (choosing one then gives the rules' reason)."""
    q = p.question
    if q is None or any(sl.name not in q.filled and sl is not q.slot for sl in q.form.slots):
        return p
    keep = tuple((v, name) for v, name in q.options if accepts(cat.build(q.form, {**q.filled, q.slot.name: v})))
    if not keep or len(keep) == len(q.options):
        return p
    text = which([name for _v, name in keep])
    narrowed = Question(text, q.form, q.filled, q.slot, keep)
    return replace(p, question=narrowed, error=text if p.error == q.text else p.error)


class Console:
    """The console's memory from one line to the next: a question back waits for its answer."""

    def __init__(self) -> None:
        self.question: Question | None = None

    def parse(self, line: str, world: World, state: State,
              accepts: Callable[[Order], bool] | None = None) -> Parsed:
        """Parse a line (an answer to the question back waiting, if it is one); `accepts` narrows a new question
        back to the values that make an order it takes (see `narrow`)."""
        p = parse(line, world, state, self.question)
        if accepts is not None:
            p = narrow(p, accepts)
        self.question = p.question
        return p
