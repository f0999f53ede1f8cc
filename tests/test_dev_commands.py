"""The README's commands: `python3 dev.py serve` serves the site on loopback and rebuilds on data edits."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from conftest import ROOT, copy_project


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str, timeout: float = 60.0, expect: str | None = None) -> str:
    """GET `url` until it answers 200 (and contains `expect`), or fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                body = response.read().decode("utf-8")
                if expect is None or expect in body:
                    return body
                last = "page served without the expected text"
        except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
            last = str(error)
        time.sleep(0.3)
    raise AssertionError(f"{url} not ready after {timeout}s: {last}")


def start(command: list[str], cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        command,
        cwd=cwd,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def stop(process: subprocess.Popen[str]) -> str:
    os.killpg(process.pid, signal.SIGINT)
    try:
        output, _ = process.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        output, _ = process.communicate()
    return output


def test_dev_serve_serves_the_site_on_loopback() -> None:
    port = free_port()
    process = start([sys.executable, "dev.py", "serve", "--dev-addr", f"127.0.0.1:{port}"], ROOT)
    try:
        home = fetch(f"http://127.0.0.1:{port}/")
        assert "<title>Online safety guidance for professionals - Online Safeguarding Guidance</title>" in home
        assert "Safer Management" in fetch(f"http://127.0.0.1:{port}/objectives/safer-management/")
    finally:
        output = stop(process)
    assert "Data is valid" in output


def test_preview_rebuilds_when_a_data_file_changes(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    port = free_port()
    process = start([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"], project)
    url = f"http://127.0.0.1:{port}/risks/online-gaming/"
    try:
        assert "Edited title for the test" not in fetch(url)
        path = project / "data" / "risks" / "online-gaming.yml"
        text = path.read_text(encoding="utf-8")
        old_title = next(line for line in text.splitlines() if line.startswith("title: "))
        path.write_text(text.replace(old_title, "title: Edited title for the test"), encoding="utf-8")
        fetch(url, timeout=30, expect="Edited title for the test")
    finally:
        stop(process)


def test_dev_without_a_command_prints_usage() -> None:
    result = subprocess.run([sys.executable, "dev.py"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1
    assert "python3 dev.py serve" not in result.stdout and "serve   check the data" in result.stderr


def test_dev_fuzz_runs_the_fuzz_tests_and_counts_the_cases() -> None:
    command = [sys.executable, "dev.py", "fuzz", "--examples", "3", "--seed", "1", "-q", "-k", "mutated_linkcheck"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 drawn cases per test, seed 1" in result.stdout
    assert "test_mutated_linkcheck_settings: 3 run, 0 failed" in result.stdout
    assert "python3 dev.py fuzz --examples 3 --seed 1" in result.stdout
