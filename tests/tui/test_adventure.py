"""The text-adventure verbs of the console: parsing only (the app tests cover the screen)."""

from game.rules import orders as o
from game.rules.world import initial_state
from game.tui.parser import parse
from tests.strategies import built_in_world

W = built_in_world()
S = initial_state(W, 1)


def test_go_to_a_place_is_a_visit():
    p = parse("go to wugui hill", W, S)
    assert p.order == o.Inspect("wugui_hill")


def test_talk_to_an_officer_by_one_word_of_his_name():
    assert parse("talk to ge", W, S).order == o.Consult("div10")
    assert parse("ask the quartermaster", W, S).order == o.Consult("logistics")
    assert parse("speak with Sun", W, S).order == o.Consult("chief_of_staff")


def test_synonyms_and_plain_language_doctrines():
    assert parse("send r28_1 to huxingchao", W, S).order == o.Reinforce("r28_1", "huxingchao")
    assert parse("hold fire", W, S).order == o.SetDoctrine("three_dont_shoot")
    assert parse("fire at will", W, S).order == o.SetDoctrine("free_fire")
    assert parse("examine works", W, S).command == "examine"


def test_clear_answers_to_what_it_does_not_understand():
    assert "no position called 'moon'" in parse("go to moon", W, S).error
    assert "did you mean 'reinforce'" in parse("reinforse r28_1 mt gao", W, S).error


def test_an_unknown_officer_gets_the_list_of_who_can_be_talked_to():
    assert parse("talk to gee", W, S).order == o.Consult("div10")  # a typo of a name is forgiven
    err = parse("talk to napoleon", W, S).error
    assert "no officer called 'napoleon'; try " in err
    words = err.split("try ", 1)[1].split(", ")
    # every suggestion finds its officer, and every officer is suggested once
    found = [parse(f"talk to {w}", W, S).order for w in words]
    assert sorted(od.officer for od in found) == sorted(r.id for r in W.scenario.roles)
