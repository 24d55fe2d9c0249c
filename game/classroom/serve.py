"""`hengyang serve`: the game in the browsers of a classroom, on top of textual-serve.

What textual-serve's `Server` does not do for a room, this subclass adds:

* **URLs from the request.** textual-serve writes `public_url` (``http://HOST:PORT``) into every page, so
  behind ``--host 0.0.0.0`` the page asked the browser for ``http://0.0.0.0:P/...`` and stayed on its splash
  screen. Here every URL is relative, or built from the Host the browser used (or ``--public-url``).
* **Only our own page may start a game.** A websocket whose ``Origin`` is not the page the server served
  is refused (any web page the teacher opened could otherwise start processes); a Host header that is
  neither an IP address nor a name of this machine is refused too (DNS rebinding).
* **Bounds.** At most ``--max-sessions`` games at once; terminals of at most 300×100 cells (a browser that
  asks for more is shown a message and the game starts once the window fits; a running game is never
  resized past the cap).
* **A folder per team.** Each session asks for a team name and runs in that team's folder of the class
  folder (`game.classroom.classfolder`): its saves land there and nowhere else, and the game shows them as
  ``~/hengyang1944/saves/...``, never as a path of the server. One team plays in one tab at a time.
* **Downloads.** The game's command palette offers the save and the report as downloads
  (`game.classroom.browser`, through Textual's `deliver_text`).

Each browser tab still gets its own game process, as textual-serve does.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import os
import site
import socket
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from game.classroom.browser import SESSION_ENV, TEAM_ENV
from game.classroom.classfolder import TeamNameError, clean_team, team_dir, team_slug
from game.classroom.render import esc

log = logging.getLogger("hengyang-serve")

MAX_COLS, MAX_ROWS = 300, 100
#: A class of thirty, the teacher's own tab and a few reloads.
DEFAULT_MAX_SESSIONS = 36
MAX_MESSAGE = 64 * 1024


@dataclass(slots=True)
class ServeConfig:
    """How the classroom server runs."""

    command: str
    host: str = "127.0.0.1"
    port: int = 8000
    class_dir: Path = field(default_factory=lambda: Path("class"))
    max_sessions: int = DEFAULT_MAX_SESSIONS
    max_cols: int = MAX_COLS
    max_rows: int = MAX_ROWS
    public_url: str | None = None
    allow_hosts: tuple[str, ...] = ()
    allow_origins: tuple[str, ...] = ()


# --------------------------------------------------------------------------- addresses


def local_addresses() -> list[str]:
    """This machine's non-loopback IPv4 addresses (what students type), best guess first."""
    found: list[str] = []

    def add(ip: str) -> None:
        try:
            a = ipaddress.ip_address(ip)
        except ValueError:
            return
        if a.version == 4 and not a.is_loopback and not a.is_unspecified and ip not in found:
            found.append(ip)

    for probe in ("192.0.2.1", "10.255.255.255"):  # connecting a UDP socket sends nothing
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                s.connect((probe, 9))
                add(s.getsockname()[0])
        except OSError:
            pass
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            add(str(info[4][0]))
    except OSError:
        pass
    return found


def _split_host(host: str) -> tuple[str, int | None]:
    parts = urlsplit("//" + host)
    try:
        return (parts.hostname or "").lower(), parts.port
    except ValueError:
        return "", None


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
        return True
    except ValueError:
        return False


def machine_names() -> set[str]:
    """Names that mean this machine."""
    names = {"localhost"}
    for n in (socket.gethostname(), socket.getfqdn()):
        if n:
            names.add(n.lower())
            names.add(n.lower().split(".")[0] + ".local")
    return names


def _origin(url: str) -> str:
    p = urlsplit(url)
    if not p.scheme or not p.hostname:
        return ""
    port = p.port or {"http": 80, "https": 443}.get(p.scheme)
    return f"{p.scheme}://{p.hostname.lower()}:{port}"


# --------------------------------------------------------------------------- the session's process


def session_environment(folder: Path, team: str) -> dict[str, str]:
    """What a team's game process runs with: its folder as home and data folder (so its saves land there and
    are shown as ``~/...``), the server's cache (the scenario is parsed once for all) and the server's Python."""
    from platformdirs import user_cache_dir

    import game

    env = {
        "HOME": str(folder),
        "XDG_DATA_HOME": str(folder),
        "XDG_CONFIG_HOME": str(folder / ".config"),
        "XDG_STATE_HOME": str(folder / ".state"),
        "XDG_CACHE_HOME": os.environ.get("XDG_CACHE_HOME") or str(Path(user_cache_dir()).resolve()),
        "PYTHONUSERBASE": site.getuserbase(),
        TEAM_ENV: team,
        SESSION_ENV: team_slug(team),
    }
    root = str(Path(game.__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(x for x in (root, os.environ.get("PYTHONPATH", "")) if x)
    return env


class TeamSession(AppService):
    """textual-serve's app process, run in the team's folder with the team's environment."""

    def __init__(self, command: str, *, folder: Path, team: str, **kwargs: Any) -> None:
        super().__init__(command, **kwargs)
        self.folder, self.team = folder, team

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        env = super()._build_environment(width=width, height=height)
        env.update(session_environment(self.folder, self.team))
        return env


# --------------------------------------------------------------------------- pages

PAGE_CSS = """
@font-face { font-family: "Roboto Mono"; src: url("/static/fonts/RobotoMono-VariableFont_wght.ttf"); }
body { background: #0c181f; color: #e8e8e8; font-family: "Roboto Mono", Menlo, monospace; margin: 0; }
main { max-width: 40rem; margin: 3rem auto; padding: 1.5rem 2rem; background: #12232d; border-radius: .4rem; }
h1 { font-size: 1.4rem; margin-top: 0; } label { display: block; margin: 1rem 0 .3rem; }
input { font: inherit; font-size: 1.1rem; padding: .4rem; width: 100%; box-sizing: border-box; }
button { font: inherit; padding: .6rem 1.6rem; margin-top: 1rem; background: #7a1f1f; color: #fff; border: none;
         cursor: pointer; } .error { color: #ffb0a0; } p.small { font-size: .85rem; color: #b8c4cc; }
"""

GAME_CSS = """
@font-face { font-family: "Roboto Mono"; src: url("/static/fonts/RobotoMono-VariableFont_wght.ttf"); }
body { background: #0c181f; margin: 0; }
.dialog-container { position: absolute; width: 100vw; height: 100vh; display: flex; align-items: center;
  justify-content: center; z-index: 10; }
.shade { position: absolute; width: 100%; height: 100%; background: #0c181f; }
.intro { width: 640px; min-height: 200px; font-size: 16px; z-index: 20; font-family: "Roboto Mono", menlo, monospace;
  text-align: center; color: rgba(255, 255, 255, 0.95); background-color: #12232d; display: flex;
  flex-direction: column; align-items: center; justify-content: center; margin: 32px; padding: 1rem; }
body.-first-byte .intro-dialog, body.-first-byte .intro-dialog .shade { opacity: 0; display: none; }
body .textual-terminal { opacity: 0; transition: opacity 0.3s ease-out; }
body.-first-byte .textual-terminal { opacity: 1; }
button { padding: 12px 28px; background-color: #7a1f1f; color: #fff; border: none; font-family: inherit;
  margin: 16px; cursor: pointer; }
.closed-dialog { opacity: 0; display: none; }
body.-closed .closed-dialog { opacity: 1; display: flex; }
#terminal { width: 100vw; height: 100vh; }
"""

#: Shows the reason the server gave when it refused a session (a full server, a team already playing),
#: instead of a bare "Session ended": the websocket's close reason, set as text.
REASON_JS = """
(function () {
  const Native = window.WebSocket;
  function Tracked(url, protocols) {
    const socket = protocols === undefined ? new Native(url) : new Native(url, protocols);
    socket.addEventListener("close", function (event) {
      if (event.reason) { document.querySelector(".closed-dialog .message").textContent = event.reason; }
    });
    return socket;
  }
  Tracked.prototype = Native.prototype;
  for (const k of ["CONNECTING", "OPEN", "CLOSING", "CLOSED"]) { Tracked[k] = Native[k]; }
  window.WebSocket = Tracked;
})();
"""


def _html(title: str, body: str, css: str, head: str = "") -> str:
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>{esc(title)}</title>\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<style>{css}</style>\n{head}'
            f"</head>\n<body>\n{body}\n</body>\n</html>\n")


def team_page(error: str = "", value: str = "") -> str:
    """The first page: the team's name (its folder on the server), then the game."""
    err = f'<p class="error">{esc(error)}</p>' if error else ""
    body = (f"<main><h1>Hengyang 1944</h1>{err}"
            '<form action="/play" method="get"><label for="team">Your team\'s name</label>'
            f'<input id="team" name="team" maxlength="40" required autofocus value="{esc(value)}">'
            "<button type=\"submit\">Start</button></form>"
            '<p class="small">Your team\'s saves stay on the teacher\'s machine, in your team\'s folder. To take a '
            "copy away, press ctrl+p in the game and choose <i>Download the save</i> or <i>Download the "
            "report</i>. Use the same name to come back to your game.</p></main>")
    return _html("Hengyang 1944", body, PAGE_CSS)


def game_page(ws_url: str, team: str, font_size: int = 16) -> str:
    """The page that runs textual-serve's terminal client (its scripts and styles from /static)."""
    head = ('<link rel="stylesheet" href="/static/css/xterm.css">\n'
            f"<script>{REASON_JS}</script>\n"
            '<script src="/static/js/textual.js"></script>\n')
    body = ('<div class="dialog-container intro-dialog"><div class="shade"></div><div class="intro">'
            f"<div>Hengyang 1944: starting the game of {esc(team)}...</div>"
            '<button type="button" id="start" style="display:none">Start</button></div></div>\n'
            '<div class="dialog-container closed-dialog"><div class="shade"></div><div class="intro">'
            '<div class="message">The game has ended.</div>'
            '<button type="button" onclick="window.location.reload()">Start again</button>'
            '<a href="/" style="color:#b8c4cc">Another team</a></div></div>\n'
            f'<div id="terminal" class="textual-terminal" data-session-websocket-url="{esc(ws_url)}" '
            f'data-font-size="{int(font_size)}"></div>')
    return _html(f"Hengyang 1944: {team}", body, GAME_CSS, head)


def terminal_text(lines: list[str]) -> bytes:
    """Plain lines for the browser's terminal (clear screen first), for messages shown instead of a game."""
    return ("\x1b[2J\x1b[H" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def _reason(text: str) -> str:
    """A websocket close reason: at most 123 bytes of UTF-8."""
    data = text.encode("utf-8")[:120]
    return data.decode("utf-8", "ignore")


# --------------------------------------------------------------------------- the server


class ClassroomServer(Server):
    """textual-serve's Server, made safe and correct for a classroom (see the module's docstring)."""

    def __init__(self, config: ServeConfig) -> None:
        super().__init__(config.command, host=config.host, port=config.port, title="Hengyang 1944",
                         public_url=config.public_url)
        self.config = config
        self.sessions: dict[str, str] = {}  # team slug -> team name, for every open game or waiting tab
        self._names = machine_names() | {h.lower() for h in config.allow_hosts}
        if config.public_url:
            self._names.add((urlsplit(config.public_url).hostname or "").lower())
        self._origins = {_origin(o) for o in config.allow_origins if _origin(o)}
        if config.public_url and _origin(config.public_url):
            self._origins.add(_origin(config.public_url))

    # ---- checks

    def host_allowed(self, host: str | None) -> bool:
        """An IP address (it cannot be rebound), or a name of this machine or of the public URL."""
        name, _port = _split_host(host or "")
        return bool(name) and (_is_ip(name) or name in self._names or name.endswith(".localhost"))

    def origin_allowed(self, origin: str | None, host: str | None) -> bool:
        """The page that opens a game must be one this server served: same origin as the Host asked for, or
        the public URL's, or one allowed by --allow-origin."""
        if not origin:
            return False
        got = _origin(origin)
        if not got:
            return False
        if got in self._origins:
            return True
        name, port = _split_host(host or "")
        scheme = urlsplit(origin).scheme
        if scheme not in ("http", "https") or not name:
            return False
        return got == f"{scheme}://{name}:{port or {'http': 80, 'https': 443}[scheme]}"

    def base_url(self, request: web.Request) -> str:
        """http(s)://host[:port] as the browser sees this server."""
        if self.config.public_url:
            return self.config.public_url.rstrip("/")
        return f"{request.scheme}://{request.host}"

    # ---- the web application

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._guard])
        app.add_routes([
            web.get("/", self.handle_team, name="index"),
            web.get("/play", self.handle_play, name="play"),
            web.get("/ws/{team}", self.handle_websocket, name="websocket"),
            web.get("/download/{key}", self.handle_download, name="download"),
            web.static("/static", self.statics_path, show_index=False, name="static"),
        ])
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    @web.middleware
    async def _guard(self, request: web.Request, handler: Any) -> web.StreamResponse:
        if not self.host_allowed(request.headers.get("Host")):
            return web.Response(status=421, text="This game server answers only at its own address "
                                                 "(the IP address the teacher gave, or the machine's name).\n")
        response = await handler(request)
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Content-Security-Policy", "frame-ancestors 'none'")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response

    async def on_startup(self, app: web.Application) -> None:
        c = self.config
        print(f"Hengyang 1944 classroom server on {c.host}:{c.port}", flush=True)
        print(f"  class folder: {c.class_dir} (one folder per team)", flush=True)
        print(f"  at most {c.max_sessions} games at once, terminals up to {c.max_cols}x{c.max_rows}", flush=True)
        if c.public_url:
            print(f"  students open: {c.public_url}", flush=True)
        elif c.host in ("0.0.0.0", "::", ""):
            for ip in local_addresses() or ["<this machine's address>"]:
                print(f"  students open: http://{ip}:{c.port}/", flush=True)
        else:
            print(f"  open: http://{c.host}:{c.port}/", flush=True)
        print("  Ctrl+C stops the server", flush=True)

    async def handle_team(self, request: web.Request) -> web.Response:
        return web.Response(text=team_page(), content_type="text/html", headers={"Cache-Control": "no-store"})

    async def handle_play(self, request: web.Request) -> web.Response:
        raw = request.query.get("team", "")
        try:
            team = clean_team(raw)
        except TeamNameError as exc:
            return web.Response(text=team_page(str(exc), raw[:40]), content_type="text/html", status=400)
        base = self.base_url(request)
        ws = ("wss:" if base.startswith("https:") else "ws:") + base.split(":", 1)[1] + "/ws/" + quote(team, safe="")
        font = max(8, min(32, to_int(request.query.get("fontsize", "16"), 16)))
        return web.Response(text=game_page(ws, team, font), content_type="text/html",
                            headers={"Cache-Control": "no-store"})

    async def handle_index(self, request: web.Request) -> Any:  # textual-serve's page is not served
        raise web.HTTPNotFound()

    # ---- a game

    def _size(self, width: int, height: int) -> tuple[int, int] | None:
        """The size to run at, or None if the browser asks for more than the cap."""
        if width > self.config.max_cols or height > self.config.max_rows:
            return None
        return max(1, width), max(1, height)

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
        try:
            team = clean_team(request.match_info.get("team", ""))
        except TeamNameError as exc:
            return web.Response(status=400, text=f"Refused: {exc}.\n")
        if not self.origin_allowed(request.headers.get("Origin"), request.headers.get("Host")):
            log.warning("refused a session from origin %r", request.headers.get("Origin"))
            return web.Response(status=403, text="Refused: games start only from this server's own page.\n")
        ws = web.WebSocketResponse(heartbeat=15, max_msg_size=MAX_MESSAGE)
        await ws.prepare(request)
        slug = team_slug(team)
        if slug in self.sessions:
            await ws.close(code=4001, message=_reason(
                f"Team \u201c{team}\u201d is already playing in another tab. Close that tab, or choose another name."
            ).encode())
            return ws
        if len(self.sessions) >= self.config.max_sessions:
            await ws.close(code=4002, message=_reason(
                f"The game server is full ({self.config.max_sessions} games). Close a tab you no longer use, "
                "or ask your teacher.").encode())
            return ws
        self.sessions[slug] = team
        try:
            asked = to_int(request.query.get("width", "80"), 80), to_int(request.query.get("height", "24"), 24)
            size = self._size(*asked)
            if size is None:
                size = await self._wait_for_fit(ws, *asked)
                if size is None:
                    return ws
            await self._run(ws, team, size)
        except asyncio.CancelledError:
            await ws.close()
        except Exception as error:  # noqa: BLE001 - one session's failure must not stop the server
            log.exception(error)
        finally:
            self.sessions.pop(slug, None)
        return ws

    async def _wait_for_fit(self, ws: web.WebSocketResponse, width: int, height: int) -> tuple[int, int] | None:
        """A browser window too large for the cap: say so, and start once it fits (or give up when it closes)."""
        c = self.config

        async def say(w: int, h: int) -> None:
            await ws.send_bytes(terminal_text([
                "Hengyang 1944", "",
                f"This browser window is {w} x {h} characters; the game runs in at most {c.max_cols} x {c.max_rows}.",
                "Zoom in (ctrl and +) or make the window smaller: the game starts as soon as it fits."]))

        await say(width, height)
        async for message in ws:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = message.json()
            except ValueError:
                continue
            if isinstance(envelope, list) and envelope and envelope[0] == "resize" and isinstance(envelope[1], dict):
                w, h = to_int(str(envelope[1].get("width", 0)), 0), to_int(str(envelope[1].get("height", 0)), 0)
                fit = self._size(w, h)
                if fit is not None:
                    return fit
                await say(w, h)
            elif isinstance(envelope, list) and envelope and envelope[0] == "ping":
                await ws.send_json(["pong", envelope[1] if len(envelope) > 1 else ""])
        return None

    async def _run(self, ws: web.WebSocketResponse, team: str, size: tuple[int, int]) -> None:
        folder = team_dir(self.config.class_dir, team)
        service = TeamSession(self.command, folder=folder, team=team, write_bytes=ws.send_bytes,
                              write_str=ws.send_str, close=ws.close, download_manager=self.download_manager,
                              debug=self.debug)
        await service.start(*size)
        try:
            await self._process_messages(ws, service)
        finally:
            await service.stop()

    async def _process_messages(self, websocket: web.WebSocketResponse, app_service: AppService) -> None:
        """textual-serve's message loop, with a resize never past the cap."""
        c = self.config
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = message.json()
            except ValueError:
                continue
            if not isinstance(envelope, list) or not envelope:
                continue
            kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
            if kind == "stdin" and isinstance(data, str):
                await app_service.send_bytes(data.encode("utf-8"))
            elif kind == "resize" and isinstance(data, dict):
                w = min(c.max_cols, max(1, to_int(str(data.get("width", 80)), 80)))
                h = min(c.max_rows, max(1, to_int(str(data.get("height", 24)), 24)))
                await app_service.set_terminal_size(w, h)
            elif kind == "ping":
                await websocket.send_json(["pong", data])
            elif kind == "blur":
                await app_service.blur()
            elif kind == "focus":
                await app_service.focus()


def play_command(seed: int | None = None, sensitivity: str | None = None) -> str:
    """The shell command each session runs: this Python, the game, the seed and text setting asked for."""
    import shlex

    cmd = [sys.executable, "-m", "game", "play"]
    if seed is not None:
        cmd += ["--seed", str(seed)]
    if sensitivity:
        cmd += ["--sensitivity", sensitivity]
    return shlex.join(cmd)
