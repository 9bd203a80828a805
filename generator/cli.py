"""`python -m generator build | check | topics suggest | serve`: the maintainer's entry points.

Problems are printed together at the end, errors last so they are what the terminal shows;
any error means exit status 1 and an untouched site.
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from .annotations import format_diagnostic, in_github_actions
from .config import Config
from .memo import Memo
from .model import Diagnostic
from .pipeline import check, generate
from .search_docs import search_docs_dir
from .site import SiteBuildError, build_site, start_search
from .stages import Stages
from .writer import WriteStats


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    config = Config.from_mkdocs(args.mkdocs)
    return args.run(args, config)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    parser.add_argument("--content", type=Path, default=Path("content"), help="archive folder (default: content)")
    parser.add_argument("--mkdocs", type=Path, default=Path("mkdocs.yml"), help="site configuration (default: mkdocs.yml)")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    build = commands.add_parser("build", help="generate the pages and build the site")
    build.add_argument("--docs", type=Path, default=Path("build/docs"), help="generated Markdown (default: build/docs)")
    build.add_argument("--staging", type=Path, default=Path("build/site"), help="MkDocs output before publishing")
    build.add_argument("--site", type=Path, default=Path("site"), help="published site (default: site)")
    build.add_argument("--pages-only", action="store_true", help="write the Markdown pages, skip MkDocs")
    build.set_defaults(run=_build)

    commands.add_parser("check", help="validate the archive; print every problem with file:line").set_defaults(run=_check)

    topics = commands.add_parser("topics", help="curate topics")
    topics.add_argument("action", choices=["suggest"])
    topics.add_argument("--limit", type=int, default=50)
    topics.set_defaults(run=_topics)

    serve = commands.add_parser("serve", help="preview the site and regenerate when content changes")
    serve.add_argument("--docs", type=Path, default=Path("build/docs"))
    serve.add_argument("--dev-addr", default="127.0.0.1:8000")
    serve.set_defaults(run=_serve)

    new = commands.add_parser("new", help="start an article in content/YYYY/ and print its permalink")
    new.add_argument("title", nargs="?", help="the headline (taken from the page with --from when omitted)")
    new.add_argument("--date", help="YYYY-MM-DD (default: today)")
    new.add_argument("--format", choices=["markdown", "text"], default="markdown", help="Markdown with front matter, or raw text with a .yml sidecar")
    new.add_argument("--from", dest="page", type=Path, help="import a saved web page (or another file a reader knows) as it is")
    new.set_defaults(run=_new)

    summary = commands.add_parser("pr-summary", help="Markdown summary of what the working tree changes against a git revision")
    summary.add_argument("--base", required=True, help="the revision the pull request goes into, e.g. HEAD^1")
    summary.add_argument("--docs", type=Path, default=Path("build/docs"), help="the build whose cache to read (default: build/docs)")
    summary.set_defaults(run=_pr_summary)
    return parser


def memo_path(docs: Path) -> Path:
    """Per-article results kept beside the generated pages (build/cache/), never committed."""
    return docs.parent / "cache" / "memo.pickle"


def report(diagnostics: list[Diagnostic], stream=sys.stderr) -> None:
    warnings = [d for d in diagnostics if not d.is_error]
    errors = [d for d in diagnostics if d.is_error]
    for diagnostic in warnings + errors:
        print(format_diagnostic(diagnostic, in_github_actions(os.environ)), file=stream)
    print(f"{len(errors)} errors, {len(warnings)} warnings", file=stream)


def _check(args, config: Config) -> int:
    outcome = check(args.content, config, Stages())
    report(outcome.diagnostics)
    return 1 if outcome.failed else 0


def _build(args, config: Config) -> int:
    stages, started = Stages(), []

    def search_documents_written(searched: WriteStats) -> None:
        """Pagefind starts once the search documents are written, while pages are rendered."""
        if not args.pages_only:
            started.append(start_search(args.mkdocs, args.docs, args.staging, searched,
                                        config.search_shard_articles, search_docs_dir(args.docs)))

    try:
        outcome = generate(args.content, args.docs, config, stages, Memo(memo_path(args.docs)),
                           on_search_documents=search_documents_written)
        report(outcome.diagnostics)
        if outcome.failed:
            print("build stopped: fix the errors above; the site was not touched", file=sys.stderr)
            return 1
        if args.pages_only:
            return 0
        logging.basicConfig(level=logging.WARNING, format="%(levelname)s - %(message)s")
        newest = max((a.date for a in outcome.archive.articles if a.date), default=None)
        build_site(args.mkdocs, args.docs, args.staging, args.site, outcome.written, stages, started.pop(), newest)
    except SiteBuildError as exc:
        print(f"error: {exc}\nbuild stopped; the site was not touched", file=sys.stderr)
        return 1
    finally:
        for indexing in started:  # generation failed before the site build took it over
            indexing.stop()
    total = sum(stages.times.values())
    print(f"built {args.site}/ with {len(outcome.archive.articles)} articles in {total:.1f} s", file=sys.stderr)
    return 0


def _topics(args, config: Config) -> int:
    from .readers import TAXONOMY_FILE, read_archive
    from .topics import format_suggestions, load_taxonomy, suggest

    articles, problems = read_archive(args.content)
    taxonomy, more = load_taxonomy(args.content / TAXONOMY_FILE, str(args.content / TAXONOMY_FILE))
    errors = [d for d in problems + more if d.is_error]
    if errors:
        report(errors)
        return 1
    print(format_suggestions(suggest(articles, taxonomy, config)[: args.limit]))
    return 0


def _serve(args, config: Config) -> int:
    from .serve import serve

    return serve(args, config)


def _new(args, config: Config) -> int:
    from datetime import date

    from .scaffold import ScaffoldError, create, import_page, parse_day

    try:
        if args.page is None and not args.title:
            raise ScaffoldError("give the article's title: python -m generator new \"Port reopens after floods\"")
        day = parse_day(args.date, date.today())
        if args.page is not None:
            created = import_page(args.content, args.page, args.title, day if args.date else None)
        else:
            created = create(args.content, args.title, day, args.format)
    except ScaffoldError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for path in (created.path, created.sidecar):
        if path is not None:
            print(f"created {path.as_posix()}")
    print(f"permalink: {created.article.url}")
    return 0


def _pr_summary(args, config: Config) -> int:
    from subprocess import CalledProcessError

    from .prsummary import pr_summary

    try:
        text = pr_summary(args.content, args.base, config, Memo(memo_path(args.docs)))
    except CalledProcessError as exc:
        print(f"error: git could not show {args.base}: {exc.stderr.decode(errors='replace').strip()}", file=sys.stderr)
        return 1
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if target:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(text)
    else:
        sys.stdout.write(text)
    return 0
