"""Command line: `python -m portal check` validates the data; `export` writes the generated pages."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from portal.errors import DataErrors
from portal.project import load_project


def main(argv: list[str] | None = None) -> int:
    """Run a command; data errors print one line each and return 1, never a traceback."""
    parser = argparse.ArgumentParser(prog="python -m portal", description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("data"), help="data folder (default: data)")
    parser.add_argument(
        "--docs",
        type=Path,
        default=Path("docs"),
        help="folder of hand-written pages whose front matter is checked too (default: docs)",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="validate every data file and report every problem")
    export = commands.add_parser("export", help="write the generated Markdown pages to a folder")
    export.add_argument("folder", type=Path, help="folder to write into (created if missing)")
    args = parser.parse_args(argv)

    try:
        guidance = load_project(args.data, args.docs).guidance
    except DataErrors as failure:
        print(failure.report(), file=sys.stderr)
        return 1
    if args.command == "check":
        counts = (
            f"{len(guidance.objectives)} objectives ({sum(len(o.areas) for o in guidance.objectives)} areas), "
            f"{len(guidance.risks)} risk areas, {len(guidance.resources)} resources, {len(guidance.faqs)} FAQs, "
            f"{len(guidance.glossary)} glossary terms, {len(guidance.audiences)} audiences"
        )
        print(f"Data is valid: {counts}.")
        return 0
    from portal.pages import write_pages

    written = write_pages(guidance, args.folder)
    print(f"Wrote {len(written)} pages to {args.folder}.")
    return 0
