"""Command line for the project: `python -m portal COMMAND`.

check       validate every data file (and the review fields of pages) and report every problem
export      write the generated Markdown pages to a folder
site-links  check every internal link and anchor of a built site (offline)
links       check every external address in the data over the internet (live; opt-in)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from portal.errors import DataErrors
from portal.model import Guidance
from portal.project import load_project


def main(argv: list[str] | None = None) -> int:
    """Run a command; data errors print one line each and return 1, never a traceback."""
    parser = argparse.ArgumentParser(
        prog="python -m portal", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=Path("data"), help="data folder (default: data)")
    parser.add_argument(
        "--docs",
        type=Path,
        default=Path("docs"),
        help="hand-written pages whose front matter is checked (default: docs)",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="validate every data file and report every problem")
    export = commands.add_parser("export", help="write the generated Markdown pages to a folder")
    export.add_argument("folder", type=Path, help="folder to write into (created if missing)")
    site = commands.add_parser("site-links", help="check the internal links and anchors of a built site")
    site.add_argument("site", type=Path, nargs="?", default=Path("site"), help="built site folder (default: site)")
    links = commands.add_parser("links", help="check the data's external addresses over the internet")
    links.add_argument("--config", type=Path, default=Path("linkcheck.yml"), help="settings (default: linkcheck.yml)")
    links.add_argument("--cache", type=Path, default=Path(".cache/linkcheck.json"), help="cache of good results")
    links.add_argument("--no-cache", action="store_true", help="check every address again, ignoring the cache")
    links.add_argument("--report-dir", type=Path, default=Path("linkcheck-report"), help="where reports are written")
    args = parser.parse_args(argv)

    if args.command == "site-links":
        return _site_links(args.site)
    try:
        guidance = load_project(args.data, args.docs).guidance
    except DataErrors as failure:
        print(failure.report(), file=sys.stderr)
        return 1
    if args.command == "check":
        print(f"Data is valid: {_counts(guidance)}.")
        return 0
    if args.command == "links":
        return _live_links(guidance, args)
    from portal.pages import write_pages

    written = write_pages(guidance, args.folder)
    print(f"Wrote {len(written)} pages to {args.folder}.")
    return 0


def _counts(guidance: Guidance) -> str:
    return (
        f"{len(guidance.objectives)} objectives ({sum(len(o.areas) for o in guidance.objectives)} areas), "
        f"{len(guidance.risks)} risk areas, {len(guidance.resources)} resources, {len(guidance.faqs)} FAQs, "
        f"{len(guidance.glossary)} glossary terms, {len(guidance.audiences)} audiences"
    )


def _site_links(site: Path) -> int:
    from portal.site_links import check_site, format_report

    if not (site / "index.html").is_file():
        print(f"{site}: no built site here (run `python3 dev.py build` first)", file=sys.stderr)
        return 1
    broken = check_site(site)
    print(format_report(broken), file=sys.stderr if broken else sys.stdout)
    return 1 if broken else 0


def _live_links(guidance: Guidance, args: argparse.Namespace) -> int:
    from portal.live_links.run import describe, run_live_check
    from portal.live_links.settings import load_settings

    try:
        settings = load_settings(args.config)
    except DataErrors as failure:
        print(failure.report(where=str(args.config)), file=sys.stderr)
        return 1
    run = run_live_check(guidance.url_uses, settings, None if args.no_cache else args.cache, args.report_dir)
    print(describe(run))
    print(f"Reports: {args.report_dir / 'link-report.md'} and {args.report_dir / 'link-report.json'}")
    return 1 if run.broken else 0
