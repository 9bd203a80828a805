"""`python -m generator build | check | topics suggest | serve`: the maintainer's entry points.

The CLI parses arguments, runs the pipeline (pipeline.py) and reports: problems are printed
together at the end, errors last so they are what the terminal shows; any error means exit
status 1 and an untouched site. A problem outside the content (errors.UserError) is one line.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .config import read_mkdocs
from .errors import UserError
from .incremental import Layout
from .pipeline import build, generate, read_and_enrich
from .report import report
from .timing import Timer


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except UserError as exc:
        print(f"error: {exc}\nbuild stopped; the site was not touched", file=sys.stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    parser.add_argument("--content", type=Path, default=Path("content"), help="archive folder (default: content)")
    parser.add_argument("--mkdocs", type=Path, default=Path("mkdocs.yml"), help="site configuration (default: mkdocs.yml)")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    build_command = commands.add_parser("build", help="generate the pages and build the site")
    build_command.add_argument("--docs", type=Path, default=Path("build/docs"), help="generated Markdown (default: build/docs)")
    build_command.add_argument("--staging", type=Path, default=Path("build/site"), help="MkDocs output before publishing")
    build_command.add_argument("--site", type=Path, default=Path("site"), help="published site (default: site)")
    build_command.add_argument("--pages-only", action="store_true", help="write the Markdown pages, skip MkDocs")
    build_command.set_defaults(run=_build)

    commands.add_parser("check", help="validate the archive; print every problem with file:line").set_defaults(run=_check)

    topics = commands.add_parser("topics", help="curate topics")
    topics.add_argument("action", choices=["suggest"])
    topics.add_argument("--limit", type=int, default=50)
    topics.set_defaults(run=_topics)

    serve = commands.add_parser("serve", help="preview the site and regenerate when content changes")
    serve.add_argument("--docs", type=Path, default=Path("build/docs"))
    serve.add_argument("--dev-addr", default="127.0.0.1:8000")
    serve.set_defaults(run=_serve)
    return parser


def _check(args) -> int:
    config, _ = read_mkdocs(args.mkdocs)
    checked = read_and_enrich(args.content, config, Timer())
    report(checked.diagnostics)
    return 1 if checked.failed else 0


def _build(args) -> int:
    config, settings = read_mkdocs(args.mkdocs)
    timer, layout = Timer(), Layout(args.docs, args.staging, args.site)
    if args.pages_only:
        result = generate(args.content, layout, config, timer)
    else:
        result = build(args.content, layout, args.mkdocs, settings, config, timer)
    report(result.checked.diagnostics)
    if result.failed:
        print("build stopped: fix the errors above; the site was not touched", file=sys.stderr)
        return 1
    if result.published is not None:
        total = sum(timer.times.values())
        print(f"built {args.site}/ with {len(result.archive.articles)} articles in {total:.1f} s", file=sys.stderr)
    return 0


def _topics(args) -> int:
    from .readers import TAXONOMY_FILE, read_archive
    from .topics import format_suggestions, load_taxonomy, suggest

    config, _ = read_mkdocs(args.mkdocs)
    articles, problems = read_archive(args.content)
    taxonomy, more = load_taxonomy(args.content / TAXONOMY_FILE, str(args.content / TAXONOMY_FILE))
    errors = [d for d in problems + more if d.is_error]
    if errors:
        report(errors)
        return 1
    print(format_suggestions(suggest(articles, taxonomy, config)[: args.limit]))
    return 0


def _serve(args) -> int:
    from .serve import serve

    config, _ = read_mkdocs(args.mkdocs)
    layout = Layout(args.docs, args.docs.parent / "site", Path("site"))  # serve writes only the docs
    return serve(args.content, layout, args.mkdocs, args.dev_addr, config)
