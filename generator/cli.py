"""`python -m generator build | check | topics suggest | serve`: the maintainer's entry points.

The CLI parses arguments, runs the pipeline (pipeline.py) and reports: problems are printed
together at the end, errors last so they are what the terminal shows; any error means exit
status 1 and an untouched site. A problem outside the content (errors.UserError) is one line.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .config import read_mkdocs
from .errors import UserError
from .incremental import Layout, one_at_a_time
from .parallel import cores
from .pipeline import build, build_shard, generate, merge_shards, read_and_enrich, without_cycle_collector
from .plural import counted
from .report import report
from .shards import Shard
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
    build_command.add_argument("--jobs", type=_jobs, default=cores(),
                               help=f"MkDocs processes at once, each rendering a shard of the pages (default: one per core, {cores()})")
    build_command.add_argument("--shard", type=_shard, metavar="I/K",
                               help="render only shard I of K into build/site.shards/I-of-K/, for `merge` (one CI runner each)")
    build_command.set_defaults(run=_build)

    merge = commands.add_parser("merge", help="assemble the shards of `build --shard I/K` and publish them")
    merge.add_argument("folders", type=Path, nargs="+", help="the shard folders, one per shard")
    merge.add_argument("--staging", type=Path, default=Path("build/site"), help="the merged site before publishing")
    merge.add_argument("--site", type=Path, default=Path("site"), help="published site (default: site)")
    merge.set_defaults(run=_merge)

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


def _check(args) -> int:
    config, _ = read_mkdocs(args.mkdocs)
    checked = read_and_enrich(args.content, config, Timer())
    report(checked.diagnostics)
    return 1 if checked.failed else 0


def _build(args) -> int:
    with without_cycle_collector():  # to the end: the model lives until the process exits
        return _build_and_report(args)


def _build_and_report(args) -> int:
    config, settings = read_mkdocs(args.mkdocs)
    timer, layout = Timer(), Layout(args.docs, args.staging, args.site)
    with one_at_a_time(layout, "build"):
        result = _run_build(args, layout, config, settings, timer)
    report(result.checked.diagnostics)
    if result.failed:
        print("build stopped: fix the errors above; the site was not touched", file=sys.stderr)
        return 1
    if args.shard and not args.pages_only:
        print(f"built shard {args.shard} into {layout.shards / args.shard.name}/; "
              "`python -m generator merge` assembles the shards", file=sys.stderr)
    if result.published is not None:
        total = sum(timer.times.values())
        print(f"built {args.site}/ with {counted(len(result.archive.articles), 'article')} in {total:.1f} s", file=sys.stderr)
    return 0


def _run_build(args, layout: Layout, config, settings, timer: Timer):
    if args.pages_only:
        return generate(args.content, layout, config, timer)
    if args.shard:
        return build_shard(args.content, layout, args.mkdocs, config, timer, args.shard)
    return build(args.content, layout, args.mkdocs, settings, config, timer, args.jobs)


def _merge(args) -> int:
    timer, layout = Timer(), Layout(args.staging.parent / "docs", args.staging, args.site)
    with one_at_a_time(layout, "merge"):
        published = merge_shards(args.folders, layout, timer)
    print(f"merged {counted(len(args.folders), 'shard')} into {args.site}/ ({counted(len(published.site.written), 'file')} updated) "
          f"in {sum(timer.times.values()):.1f} s", file=sys.stderr)
    return 0


def _jobs(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"a number of processes, 1 or more, not {text!r}")
    return int(text)


def _shard(text: str) -> Shard:
    try:
        return Shard.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


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
    with one_at_a_time(layout, "serve"):
        return serve(args.content, layout, args.mkdocs, args.dev_addr, config)


def _new(args) -> int:
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


def _pr_summary(args) -> int:
    """The summary goes to $GITHUB_STEP_SUMMARY on GitHub (appended), else to the terminal."""
    import os

    from .files import append_text
    from .incremental import Memo
    from .prsummary import pr_summary

    config, _ = read_mkdocs(args.mkdocs)
    layout = Layout(args.docs, args.docs.parent / "site", Path("site"))  # only its memo is read
    text = pr_summary(args.content, args.base, config, Memo(layout.memo))
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if target:
        append_text(target, text)
    else:
        sys.stdout.write(text)
    return 0
