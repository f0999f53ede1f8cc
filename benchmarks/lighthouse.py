"""Lighthouse scores for the home page, a risk page and the resources page (a report, not a test).

Run from the project folder:  .venv/bin/python benchmarks/lighthouse.py
Needs Node.js and npm, and Chromium (Debian: apt-get install chromium). It installs lighthouse@12.2.3
into .cache/lighthouse/ on first use, builds the site, serves it on 127.0.0.1 with gzip (as any real
host would), runs Lighthouse's default mobile audit three times per page and reports the median
of each category. Results go to benchmarks/results/lighthouse.json and a section of BENCHMARKS.md.
Targets: 100 for accessibility, best practices and SEO; 95 or more for performance.
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from chromium import chromium_executable
from loopback import LoopbackServer
from recording import REPORT, record
from recording import RESULTS as RESULTS_DIR

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / ".cache" / "lighthouse"
VERSION = "12.2.3"
PAGES = {"Home": "", "Risk page (sharing nudes)": "risks/sharing-nudes/", "Resources": "resources/"}
RESULTS = RESULTS_DIR / "lighthouse.json"
START, END = "<!-- lighthouse:start -->", "<!-- lighthouse:end -->"
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update "
    "--disable-sync --no-first-run"
)
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzipped when the client accepts it, like a production web server."""

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not (path.suffix in COMPRESSIBLE and path.is_file() and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = gzip.compress(path.read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600")
        self.end_headers()
        return _Body(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


class _Body:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, *_: object) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


def lighthouse_binary() -> Path:
    binary = TOOL / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        if not shutil.which("npm"):
            sys.exit("npm is needed to install Lighthouse (Debian: apt-get install nodejs npm).")
        TOOL.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--silent", "--prefix", str(TOOL), f"lighthouse@{VERSION}"], check=True)
    return binary


def audit(binary: Path, url: str, work: Path) -> dict[str, float]:
    output = work / "report.json"
    env = dict(os.environ, CHROME_PATH=chromium_executable())
    subprocess.run(
        [str(binary), url, "--quiet", "--output=json", f"--output-path={output}", f"--chrome-flags={CHROME_FLAGS}"],
        check=True,
        env=env,
    )
    categories = json.loads(output.read_text())["categories"]
    return {name: round(category["score"] * 100) for name, category in categories.items()}


def markdown(results: dict[str, object]) -> str:
    rows = results["pages"]  # type: ignore[index]
    lines = [
        START,
        f"### Lighthouse (measured {results['measured']}, Lighthouse {VERSION}, mobile, median of "
        f"{results['runs']} runs)",
        "",
        "| Page | Performance | Accessibility | Best practices | SEO |",
        "|---|---|---|---|---|",
        *(
            f"| {name} | {s['performance']} | {s['accessibility']} | {s['best-practices']} | {s['seo']} |"
            for name, s in rows.items()
        ),  # type: ignore[union-attr]
        "",
        "Targets: 100 for accessibility, best practices and SEO; 95 or more for performance.",
        "Reproduce: `.venv/bin/python benchmarks/lighthouse.py` (needs Node.js, npm and Chromium).",
        END,
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    binary = lighthouse_binary()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        site = work / "site"
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "-q", "--site-dir", str(site)], cwd=ROOT, env=env, check=True
        )
        server = LoopbackServer(("127.0.0.1", 0), partial(GzipHandler, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        try:
            pages = {}
            for name, path in PAGES.items():
                runs = [audit(binary, base + path, work) for _ in range(args.runs)]
                pages[name] = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
        finally:
            server.shutdown()
    results = {"measured": datetime.now(UTC).strftime("%Y-%m-%d"), "runs": args.runs, "pages": pages}
    record(results, RESULTS, REPORT, markdown(results), START, END)
    print(markdown(results))


if __name__ == "__main__":
    main()
