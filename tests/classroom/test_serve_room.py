"""`hengyang serve` for a room: started on 0.0.0.0 and reached through this machine's network address, as
students reach it; two teams' games save apart; a foreign page, a huge terminal and one tab too many are
refused. Each test drives real browser sessions over the websocket protocol textual-serve's page speaks."""

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytest.importorskip("textual_serve", reason="textual-serve is not installed (pip install 'textual-serve>=1.0')")
aiohttp = pytest.importorskip("aiohttp")

from game.classroom.serve import local_addresses  # noqa: E402

MAX_SESSIONS, COLS, ROWS = 2, 120, 40


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("0.0.0.0", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    class_dir = tmp_path_factory.mktemp("class")
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "game", "serve", "--host", "0.0.0.0", "--port", str(port),
                             "--class-dir", str(class_dir), "--max-sessions", str(MAX_SESSIONS),
                             "--max-cols", str(COLS), "--max-rows", str(ROWS)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            if proc.poll() is not None:
                pytest.fail(f"server exited early: {proc.stdout.read().decode(errors='replace')[-2000:]}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as r:
                    assert r.status == 200
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if time.monotonic() > deadline:
                    pytest.fail("the server did not answer within 30 s")
                time.sleep(0.2)
        yield port, class_dir
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)
        proc.stdout.close()


def _get(url: str, host: str | None = None) -> tuple[int, str]:
    req = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


def test_the_page_reached_through_the_network_names_no_0_0_0_0(server):
    port, _ = server
    addrs = local_addresses()
    if not addrs:
        pytest.skip("this machine has no non-loopback IPv4 address to reach the server through")
    ip = addrs[0]
    status, team_page = _get(f"http://{ip}:{port}/")
    assert status == 200 and "0.0.0.0" not in team_page and 'action="/play"' in team_page
    status, page = _get(f"http://{ip}:{port}/play?team=Red%20Dragons")
    assert status == 200
    assert "0.0.0.0" not in page and "127.0.0.1" not in page
    assert f'data-session-websocket-url="ws://{ip}:{port}/ws/Red%20Dragons"' in page
    assert "googleapis" not in page and "https://" not in page  # nothing fetched from outside the room
    for asset in ("/static/js/textual.js", "/static/css/xterm.css"):
        assert asset in page
        status, _body = _get(f"http://{ip}:{port}{asset}")
        assert status == 200
    status, _ = _get(f"http://{ip}:{port}/play?team=")
    assert status == 400
    # DNS rebinding: a name that is not this machine's is refused
    status, body = _get(f"http://127.0.0.1:{port}/", host=f"attacker.example:{port}")
    assert status == 421 and "own address" in body


async def _open(port, team, origin="same", width=100, height=30):
    session = aiohttp.ClientSession()
    headers = {}
    if origin == "same":
        headers["Origin"] = f"http://127.0.0.1:{port}"
    elif origin:
        headers["Origin"] = origin
    url = f"http://127.0.0.1:{port}/ws/{team}?width={width}&height={height}"
    try:
        ws = await session.ws_connect(url, headers=headers)
    except BaseException:
        await session.close()
        raise
    return session, ws


class Screen:
    """What a browser tab has received: the terminal's bytes and the text messages."""

    def __init__(self, ws):
        self.ws, self.data, self.texts, self.closed = ws, bytearray(), [], None

    async def pump(self, until, timeout=40.0):
        deadline = time.monotonic() + timeout
        while not until(self):
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            try:
                msg = await self.ws.receive(timeout=left)
            except TimeoutError:
                return False
            if msg.type == aiohttp.WSMsgType.BINARY:
                self.data += msg.data
            elif msg.type == aiohttp.WSMsgType.TEXT:
                self.texts.append(json.loads(msg.data))
            elif msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.CLOSING):
                self.closed = (self.ws.close_code, msg.extra)
                return until(self)
        return True

    async def keys(self, text):
        await self.ws.send_str(json.dumps(["stdin", text]))


async def _settle(screen, seconds=1.5):
    """Read what the tab receives for a while (a blinking cursor means a screen is never quite still)."""
    await screen.pump(lambda s: s.closed is not None, timeout=seconds)


def _save(class_dir: Path, slug: str) -> Path:
    return class_dir / slug / "hengyang1944" / "saves" / "quicksave.json"


def test_two_teams_save_apart_and_the_room_is_bounded(server):
    port, class_dir = server

    async def scenario():
        opened = []
        try:
            for team in ("Red Dragons", "Blue"):
                session, ws = await _open(port, team.replace(" ", "%20"))
                opened.append((session, ws))
            red, blue = (Screen(ws) for _s, ws in opened)
            for scr in (red, blue):
                assert await scr.pump(lambda s: len(s.data) > 2000), "the game did not draw its title screen"
                await _settle(scr)
            # a third tab: the room is full
            s3, ws3 = await _open(port, "Green")
            third = Screen(ws3)
            await third.pump(lambda s: s.closed is not None, timeout=10)
            await s3.close()
            assert third.closed and third.closed[0] == 4002 and "full" in str(third.closed[1])
            # the same team in a second tab is refused by name, whatever the room
            s4, ws4 = await _open(port, "red%20dragons")
            dup = Screen(ws4)
            await dup.pump(lambda s: s.closed is not None, timeout=10)
            await s4.close()
            assert dup.closed and dup.closed[0] in (4001, 4002)
            # each team starts a game and saves it (n: new game, ctrl+s: save); Blue first tries to load a save
            # it does not have yet (the message must not show where the server keeps it)
            for scr in (red, blue):
                await scr.keys("n")
                await _settle(scr, 3)
            await blue.keys("\x0c")
            await _settle(blue, 2)
            for scr in (red, blue):
                await scr.keys("\x13")
                await _settle(scr, 2)
            for slug, team in (("red-dragons", "Red Dragons"), ("blue", "Blue")):
                path = _save(class_dir, slug)
                deadline = time.monotonic() + 20
                while not path.is_file() and time.monotonic() < deadline:
                    await asyncio.sleep(0.2)
                assert path.is_file(), f"{team}'s save is not in its folder"
                data = json.loads(path.read_text(encoding="utf-8"))
                assert data["format"] == "hengyang-save" and data["meta"]["team"] == team
                assert data["meta"]["sensitivity"] == "full"
                assert json.loads((class_dir / slug / "team.json").read_text(encoding="utf-8")) == {"team": team}
            assert _save(class_dir, "red-dragons").stat().st_ino != _save(class_dir, "blue").stat().st_ino
            for scr in (red, blue):  # the server's folders never reach the browser
                assert str(class_dir).encode() not in scr.data
            # the save downloads from the browser (ctrl+p, the palette's command)
            red.texts.clear()
            await red.keys("\x10")
            await _settle(red)
            await red.keys("Download the save")
            await _settle(red)
            await red.keys("\r")
            assert await red.pump(lambda s: any(t[0] == "deliver_file_start" for t in s.texts), timeout=20)
            key = next(t[1] for t in red.texts if t[0] == "deliver_file_start")
            status, body = await asyncio.to_thread(_get, f"http://127.0.0.1:{port}/download/{key}")
            assert status == 200 and json.loads(body)["meta"]["team"] == "Red Dragons"
        finally:
            for session, ws in opened:
                await ws.close()
                await session.close()

    asyncio.run(scenario())


def test_a_foreign_page_and_an_oversize_terminal_are_refused(server):
    port, class_dir = server

    async def scenario():
        for origin in ("http://attacker.example", "null", None, f"http://127.0.0.1:{port + 1}"):
            with pytest.raises(aiohttp.WSServerHandshakeError) as exc:
                session, ws = await _open(port, "Mallory", origin=origin)
                await session.close()
            assert exc.value.status == 403
        assert not (class_dir / "mallory").exists()
        deadline = time.monotonic() + 30
        while True:  # the other test's tabs may still be closing: wait for a free place in the room
            session, ws = await _open(port, "Huge", width=20000, height=20000)
            scr = Screen(ws)
            await scr.pump(lambda s: b"at most" in s.data or s.closed is not None, timeout=10)
            if scr.closed is None or scr.closed[0] != 4002 or time.monotonic() > deadline:
                break
            await session.close()
            await asyncio.sleep(0.5)
        try:
            assert b"at most" in scr.data, scr.closed
            text = scr.data.decode("utf-8", "replace")
            assert "20000 x 20000" in text and f"at most {COLS} x {ROWS}" in text and "Zoom in" in text
            await asyncio.sleep(1)
            assert not (class_dir / "huge").exists()  # no game was started for it
            await ws.send_str(json.dumps(["resize", {"width": COLS + 1, "height": ROWS}]))
            await _settle(scr, 1)
            assert not (class_dir / "huge").exists()
            await ws.send_str(json.dumps(["resize", {"width": 100, "height": 30}]))  # it fits: the game starts
            assert await scr.pump(lambda s: len(s.data) > 3000, timeout=40)
            assert (class_dir / "huge" / "team.json").is_file()
        finally:
            await ws.close()
            await session.close()

    asyncio.run(scenario())
