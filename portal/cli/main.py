"""Command line for the project: `python -m portal COMMAND`.

check       validate every data file (and the review fields of pages) and report every problem
export      write the whole site as plain Markdown, with configuration for stock Material and Zensical
site-links  check every internal link and anchor of a built site (offline)
links       check every external address in the data over the internet (live; opt-in)
reviews     list items overdue for review, or due soon (table, Markdown or JSON)
review-issues  open one GitHub issue per overdue item (dry run unless --apply)
new         create a new data file with every field, to fill in
zip         package a built offline edition (mkdocs-offline.yml) as one zip file
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from dataclasses import asdict
from datetime import date, datetime
from pathlib import Path

from portal.cli.scaffold import SCAFFOLD_KINDS
from portal.model import Guidance
from portal.model.project import load_project
from portal.source.clock import today
from portal.source.errors import DataErrors


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
    parser.add_argument(
        "--local",
        type=Path,
        default=Path(os.environ.get("PORTAL_LOCAL_DIR") or "local"),
        help="a hosted copy's own profile, items and pages, checked with the rest "
        "(default: $PORTAL_LOCAL_DIR, else local)",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate every data file and report every problem")
    check.add_argument(
        "--since",
        metavar="REVISION",
        help="also fail if an item's guidance changed since this git revision (e.g. origin/main) "
        "without a new change note",
    )
    check.add_argument(
        "--notes",
        action="store_true",
        help="also list the notes for editors (editor_notes), which the site never shows",
    )
    export = commands.add_parser(
        "export", help="write the whole site as plain Markdown with configuration for stock Material and Zensical"
    )
    export.add_argument("folder", type=Path, help="a new or empty folder to write into")
    export.add_argument(
        "--config", type=Path, default=Path("mkdocs.yml"), help="site configuration (default: mkdocs.yml)"
    )
    site = commands.add_parser("site-links", help="check the internal links and anchors of a built site")
    site.add_argument("site", type=Path, nargs="?", default=Path("site"), help="built site folder (default: site)")
    site.add_argument(
        "--allow-empty", action="store_true", help='accept href="" (links to the page itself, as Zensical writes)'
    )
    links = commands.add_parser("links", help="check the data's external addresses over the internet")
    links.add_argument("--config", type=Path, default=Path("linkcheck.yml"), help="settings (default: linkcheck.yml)")
    links.add_argument("--cache", type=Path, default=Path(".cache/linkcheck.json"), help="cache of good results")
    links.add_argument("--no-cache", action="store_true", help="check every address again, ignoring the cache")
    links.add_argument("--report-dir", type=Path, default=Path("linkcheck-report"), help="where reports are written")
    reviews = commands.add_parser("reviews", help="list items overdue for review or due soon")
    reviews.add_argument("--within", type=int, default=30, metavar="DAYS", help="also list items due within DAYS")
    reviews.add_argument("--format", choices=("table", "markdown", "json"), default="table")
    reviews.add_argument("--today", type=date.fromisoformat, default=None, help="pretend today is YYYY-MM-DD")
    reviews.add_argument("--fail-overdue", action="store_true", help="exit 1 if anything is overdue")
    issues = commands.add_parser("review-issues", help="open one GitHub issue per overdue item")
    issues.add_argument("--apply", action="store_true", help="really open the issues (default: only list them)")
    issues.add_argument("--cap", type=int, default=10, help="open at most this many issues in one run")
    issues.add_argument("--today", type=date.fromisoformat, default=None, help="pretend today is YYYY-MM-DD")
    package = commands.add_parser("zip", help="package a built offline edition as one zip file")
    package.add_argument("site", type=Path, help="the offline build (mkdocs build -f mkdocs-offline.yml)")
    package.add_argument("zipfile", type=Path, help="the zip file to write")
    new = commands.add_parser("new", help="create a new data file with every field, to fill in")
    new.add_argument("kind", choices=sorted(SCAFFOLD_KINDS), help="what to create")
    new.add_argument("id", help="the new item's id: lower-case words joined by hyphens, e.g. online-gaming")
    new.add_argument(
        "--local",
        dest="into_local",
        action="store_true",
        help="create it in the hosted copy's own items (local/data/) instead of the shared data/",
    )
    args = parser.parse_args(argv)

    if args.command == "site-links":
        return _site_links(args.site, args.allow_empty)
    if args.command == "new":
        if args.into_local:
            return _new(args.kind, args.id, args.local / "data", upstream=args.data)
        return _new(args.kind, args.id, args.data)
    try:
        guidance = load_project(args.data, args.docs, args.local).guidance
    except DataErrors as failure:
        print(failure.report(), file=sys.stderr)
        return 1
    if args.command == "check":
        overlay = f", with the local overlay in {args.local}/" if args.local.is_dir() else ""
        print(f"Data is valid{overlay}: {_counts(guidance)}.")
        if args.notes:
            _print_notes(args.data, args.docs, args.local)
        return _check_change_notes(args.since, args.data, args.docs, args.local) if args.since else 0
    if args.command == "links":
        return _live_links(guidance, args)
    if args.command == "zip":
        from portal.publish.offline_edition import write_zip

        built = datetime.combine(today(), datetime.min.time())
        target = write_zip(args.site, args.zipfile, args.zipfile.stem, guidance.site.name, built)
        print(f"Wrote the offline edition to {target} ({target.stat().st_size // 1024} KB).")
        return 0
    if args.command == "reviews":
        return _reviews(guidance, args)
    if args.command == "review-issues":
        return _review_issues(guidance, args)
    return _export(args)


def _print_notes(data: Path, docs: Path, local: Path) -> None:
    from portal.cli.editor_notes import find_notes

    root = data.parent
    notes = find_notes(
        [(data, root), (docs, docs.parent), (local / "data", local.parent), (local / "docs", local.parent)]
    )
    for note in notes:
        print(note.report())
    print(f"{len(notes)} note{'s' if len(notes) != 1 else ''} for editors (never shown on the site).")


def _export(args: argparse.Namespace) -> int:
    from portal.publish.export import ExportError, configure_logging, export_project

    # The build reads the hosted copy's folder from the environment, as mkdocs.yml says.
    os.environ["PORTAL_LOCAL_DIR"] = str(args.local)
    configure_logging()
    try:
        summary = export_project(args.config, args.folder)
    except ExportError as failed:
        print(f"Cannot export: {failed}", file=sys.stderr)
        return 1
    print(
        f"Wrote {summary.pages} pages and {summary.files} other files to {summary.folder}: build it with "
        "`mkdocs build` (stock MkDocs + Material) or `zensical build` there. See ENGINES.md."
    )
    return 0


def _check_change_notes(since: str, data: Path, docs: Path, local: Path) -> int:
    from portal.checks.unannounced_changes import unannounced_changes
    from portal.source.git_revision import GitError

    try:
        errors = unannounced_changes(data, docs, local, since)
    except GitError as problem:
        print(f"Cannot compare with {since}: {problem}.", file=sys.stderr)
        return 1
    if errors:
        print(DataErrors(errors).report(f"the change notes since {since}"), file=sys.stderr)
        return 1
    print(f"Every change since {since} has a change note.")
    return 0


def _new(kind: str, item_id: str, data_dir: Path, upstream: Path | None = None) -> int:
    from portal.cli.scaffold import ScaffoldError, create
    from portal.source.schemas import SCHEMA_DIR, SchemaSet

    try:
        target = create(kind, item_id, data_dir, SchemaSet(SCHEMA_DIR), today(), upstream_dir=upstream)
    except ScaffoldError as problem:
        print(f"Cannot create it: {problem}.", file=sys.stderr)
        return 1
    print(f"Created {target}. Fill in every value that starts with REPLACE:, then run: python3 dev.py check")
    return 0


def _reviews(guidance: Guidance, args: argparse.Namespace) -> int:
    from portal.publish import review_dates

    on = args.today or today()
    items = review_dates.due_within(guidance, on, args.within)
    if args.format == "table":
        print(review_dates.table(items, on))
    elif args.format == "markdown":
        print(review_dates.markdown(items, on), end="")
    else:
        print(
            json.dumps(
                [
                    {
                        **asdict(i),
                        "next_due": i.next_due.isoformat(),
                        "reviewed": i.reviewed.isoformat(),
                        "days_left": i.days_left(on),
                    }
                    for i in items
                ],
                indent=2,
            )
        )
    overdue = [item for item in items if item.days_left(on) < 0]
    return 1 if args.fail_overdue and overdue else 0


def _review_issues(guidance: Guidance, args: argparse.Namespace) -> int:
    from portal.cli import review_issues
    from portal.publish import review_dates

    on = args.today or today()
    overdue = [item for item in review_dates.review_items(guidance) if item.days_left(on) < 0]
    if not overdue:
        print("Nothing is overdue: no issue to open.")
        return 0
    try:
        planned = review_issues.plan(overdue, review_issues.open_titles(), args.cap, on)
        for issue in planned:
            print(f"{'Opening' if args.apply else 'Would open'}: {issue.title}")
            if args.apply:
                review_issues.create(issue)
    except (OSError, subprocess.CalledProcessError) as problem:
        print(
            f"Cannot reach GitHub with the gh command ({problem}). Install gh and run `gh auth login`.", file=sys.stderr
        )
        return 1
    print(f"{len(overdue)} overdue, {len(planned)} new issue(s){'' if args.apply else ' (dry run: add --apply)'}.")
    return 0


def _counts(guidance: Guidance) -> str:
    return (
        f"{len(guidance.objectives)} objectives ({sum(len(o.areas) for o in guidance.objectives)} areas), "
        f"{len(guidance.risks)} risk areas, {len(guidance.resources)} resources, {len(guidance.faqs)} FAQs, "
        f"{len(guidance.glossary)} glossary terms, {len(guidance.audiences)} audiences, "
        f"{len(guidance.guides)} step-by-step guides"
    )


def _site_links(site: Path, allow_empty: bool = False) -> int:
    from portal.publish.site_links import check_site, format_report

    if not (site / "index.html").is_file():
        print(f"{site}: no built site here (run `python3 dev.py build` first)", file=sys.stderr)
        return 1
    broken = check_site(site, allow_empty=allow_empty)
    print(format_report(broken), file=sys.stderr if broken else sys.stdout)
    return 1 if broken else 0


def _live_links(guidance: Guidance, args: argparse.Namespace) -> int:
    from portal.checks.live_links.run import describe, run_live_check
    from portal.checks.live_links.settings import load_settings

    try:
        settings = load_settings(args.config)
    except DataErrors as failure:
        print(failure.report(where=str(args.config)), file=sys.stderr)
        return 1
    run = run_live_check(guidance.url_uses, settings, None if args.no_cache else args.cache, args.report_dir)
    print(describe(run))
    print(f"Reports: {args.report_dir / 'link-report.md'} and {args.report_dir / 'link-report.json'}")
    return 1 if run.broken else 0
