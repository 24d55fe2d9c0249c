import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.classroom import codes
from game.cli import main

CATALOG = {"hengyang1944": ["full_campaign", "first_offensive", "second_offensive", "third_offensive",
                            "last_five_days"]}


@given(seed=st.integers(min_value=-(2**40) + 1, max_value=2**40 - 1), preset=st.sampled_from(CATALOG["hengyang1944"]))
def test_round_trip(seed, preset):
    code = codes.encode("hengyang1944", seed, preset)
    assert code.startswith("HY-")
    assert codes.decode(code, CATALOG) == ("hengyang1944", seed, preset)
    # Typing is forgiving: lower case, spaces instead of dashes, O for 0 and I/L for 1.
    sloppy = code.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert codes.decode(sloppy, CATALOG) == ("hengyang1944", seed, preset)


def test_codes_are_short_and_stable():
    code = codes.encode("hengyang1944", 1, "first_offensive")
    assert code == "HY-04A5J-7VN08-5VW"  # the same on every machine: no per-process hashing
    assert len(code) <= 20


def test_default_catalog_is_the_builtin_scenario():
    code = codes.encode("hengyang1944", 12, "third_offensive")
    assert codes.decode(code) == ("hengyang1944", 12, "third_offensive")


@pytest.mark.parametrize("bad, msg", [
    ("", "should start with"),
    ("XY-04A5J-7VN08-5VW", "should start with"),
    ("HY-", "empty"),
    ("HY-04A5J-7VN08-5VU", "never used"),
    ("HY-04A5J-7VN08-5V", "too short"),
    ("HY-04A5J-7VN08-5VX", "checksum"),
    ("HY-04A5K-7VN08-5VW", "checksum"),
    ("HY-04A5J-7VN08-5VW0", "checksum"),
    ("HY-04A5J-7VN08-5VWQQQ", "checksum"),
])
def test_rejects_bad_codes(bad, msg):
    with pytest.raises(ValueError, match=msg):
        codes.decode(bad, CATALOG)


def test_every_single_character_typo_is_caught():
    code = codes.encode("hengyang1944", 1234, "second_offensive")
    body = code.replace("-", "")
    for i in range(2, len(body)):
        for ch in codes.ALPHABET:
            if ch == body[i]:
                continue
            typo = body[:i] + ch + body[i + 1:]
            with pytest.raises(ValueError):
                codes.decode(typo, CATALOG)


def test_unknown_scenario_and_preset():
    with pytest.raises(ValueError, match="not installed"):
        codes.decode(codes.encode("another_battle", 1, "full_campaign"), CATALOG)
    with pytest.raises(ValueError, match="preset"):
        codes.decode(codes.encode("hengyang1944", 1, "no_such_preset"), CATALOG)


@pytest.mark.parametrize("args", [("Bad-Id", 1, "x"), ("ok", 1, ""), ("ok", 2**41, "x"), ("ok", True, "x")])
def test_encode_rejects_bad_input(args):
    with pytest.raises(ValueError):
        codes.encode(*args)


def test_cli_code_and_start(capsys):
    assert main(["classroom", "code", "--seed", "7", "--preset", "first_offensive", "-q"]) == 0
    code = capsys.readouterr().out.strip()
    assert main(["classroom", "start", code]) == 0
    out = capsys.readouterr().out
    assert "hengyang1944" in out and "seed:     7" in out and "first_offensive" in out
    assert main(["classroom", "start", code, "--json"]) == 0
    import json

    rec = json.loads(capsys.readouterr().out)
    assert (rec["scenario"], rec["seed"], rec["preset"], rec["start"]) == ("hengyang1944", 7, "first_offensive",
                                                                          "1944-06-27")


def test_cli_bad_code_and_bad_preset(capsys):
    assert main(["classroom", "start", "HY-NOPE"]) == 1
    err = capsys.readouterr().err
    assert "HY-NOPE" in err and "Traceback" not in err
    assert main(["classroom", "code", "--preset", "nonsense"]) == 2
    assert "first_offensive" in capsys.readouterr().err


def test_cli_start_echoes_the_canonical_code(capsys):
    import json

    sloppy = "hy 04a5j q5o33 r0e"
    assert main(["classroom", "start", sloppy]) == 0
    assert "code:     HY-04A5J-Q5033-R0E\n" in capsys.readouterr().out
    assert main(["classroom", "start", sloppy, "--json"]) == 0
    rec = json.loads(capsys.readouterr().out)
    assert rec["code"] == "HY-04A5J-Q5033-R0E" and rec["seed"] == 12 and rec["preset"] == "second_offensive"


def test_cli_start_bad_code_with_json_prints_a_json_error(capsys):
    import json

    assert main(["classroom", "start", "HY-NOPE", "--json"]) == 1
    err = json.loads(capsys.readouterr().out)
    assert err["ok"] is False and "HY-NOPE" in err["errors"][0]["message"]
