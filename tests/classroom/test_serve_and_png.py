import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from game.classroom import render_png
from game.classroom.commands import serve_command
from game.cli import main

from .conftest import check_html


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_command_runs_this_python():
    cmd = serve_command(3, "summary")
    assert sys.executable in cmd and "-m game play --seed 3 --sensitivity summary" in cmd


def test_serve_answers_over_http():
    pytest.importorskip("textual_serve", reason="textual-serve is not installed (pip install 'textual-serve>=1.0')")
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "game", "serve", "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 20
        status, body = None, b""
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                pytest.fail(f"server exited early: {proc.stdout.read().decode(errors='replace')[-2000:]}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as r:
                    status, body = r.status, r.read()
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        assert status == 200, "the server did not answer within 20 s"
        assert b"<html" in body.lower()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)
        proc.stdout.close()


def test_serve_without_textual_serve_says_so(monkeypatch, capsys):
    import builtins

    real = builtins.__import__

    def fake(name, *a, **k):
        if name.startswith("textual_serve"):
            raise ImportError(name)
        return real(name, *a, **k)

    monkeypatch.setattr(builtins, "__import__", fake)
    assert main(["serve", "--port", "1"]) == 1
    assert "textual-serve" in capsys.readouterr().err


def test_chromium_command_line(tmp_path):
    args = render_png.chromium_args("/usr/bin/chromium", tmp_path / "r.html", tmp_path / "r.png", tmp_path / "prof")
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--window-size=1200,1600"):
        assert flag in args
    assert args[-1].startswith("file://") and f"--screenshot={tmp_path / 'r.png'}" in args


def test_render_png_with_chromium(world, historical_save, tmp_path):
    exe = render_png.find_chromium()
    if exe is None:
        pytest.skip("Chromium is not installed (looked for /usr/bin/chromium and on PATH)")
    html = tmp_path / "report.html"
    assert main(["report", str(historical_save), "--format", "html", "--out", str(html)]) == 0
    check_html(html.read_text(encoding="utf-8"))
    png = tmp_path / "report.png"
    r = subprocess.run([sys.executable, "-m", "game.classroom.render_png", str(html), str(png)],
                       capture_output=True, text=True, timeout=90)
    assert r.returncode == 0, r.stderr
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_render_png_without_chromium_exits_3(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(render_png, "find_chromium", lambda: None)
    assert render_png.main([str(tmp_path / "x.html"), str(tmp_path / "x.png")]) == 3


def test_chromium_gets_a_short_temporary_folder(tmp_path, monkeypatch):
    """Chromium's sockets live in its temporary folder; a long TMPDIR must not reach it."""
    deep = tmp_path.joinpath(*["a-rather-long-folder-name"] * 6)
    deep.mkdir(parents=True)
    monkeypatch.setattr(render_png.tempfile, "tempdir", str(deep))
    assert len(render_png._short_tmp()) <= 60
